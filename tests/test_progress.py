"""`whitepaper extract` on several editions, as a person at a terminal and a script see it:
a line per edition as it finishes, a summary, --quiet, every bad input named before any work,
and --keep-going."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import time
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.ingest import ReadOptions, read_source
from pipeline.run import check_input
from tests.commands import GOOD, WHITEPAPER, copies_catalog, one_line_error, run, tree

LIMIT = ReadOptions().limit()

ANSI = re.compile(r"\x1b\[[0-9;]*m")
LINE = re.compile(r"^\[(\d+)/(\d+)\] (\S+) extracted in (\d+\.\d\d) s: \d+ sections, .*\d+ sentences")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_line_per_edition_as_it_finishes_then_a_summary(tmp_path, jobs):
    catalog = copies_catalog(tmp_path / "src", 4)
    out = tmp_path / "out"
    process = subprocess.Popen([WHITEPAPER, "extract", "--catalog", str(catalog), "--out", str(out), "--jobs", jobs],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines, running = [], []
    for line in process.stderr:
        lines.append(line.rstrip("\n"))
        running.append(process.poll() is None)
    stdout = process.stdout.read()
    assert process.wait(timeout=300) == 0, lines
    assert stdout == "", "progress and summary go to stderr; stdout stays free for pipes"
    assert all(not ANSI.search(line) for line in lines), "plain when stderr is not a terminal"
    progress, summary = lines[:-1], lines[-1]
    assert len(progress) == 4 and all(LINE.match(line) for line in progress), lines
    assert [LINE.match(line)[1] for line in progress] == ["1", "2", "3", "4"]
    assert {LINE.match(line)[2] for line in progress} == {"4"}
    assert sorted(LINE.match(line)[3] for line in progress) == [f"copy{i:02d}" for i in range(4)]
    assert running[0], "the first line came while the other editions were still being extracted"
    assert re.fullmatch(rf"4 editions written to {re.escape(str(out))} in \d+\.\d s", summary), summary
    assert sorted(p.name for p in out.iterdir()) == [f"copy{i:02d}" for i in range(4)]


def test_a_terminal_gets_styled_lines_that_fit_its_width(tmp_path):
    catalog = copies_catalog(tmp_path / "src", 2)
    leader, follower = pty.openpty()
    process = subprocess.Popen([WHITEPAPER, "extract", "--catalog", str(catalog), "--out", str(tmp_path / "out")],
                               stdout=subprocess.DEVNULL, stderr=follower, env={**os.environ, "COLUMNS": "70"})
    os.close(follower)
    data = b""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1)
        if ready:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the pty is closed once the process is gone
                break
            if not chunk:
                break
            data += chunk
        elif process.poll() is not None:
            break
    os.close(leader)
    assert process.wait(timeout=60) == 0
    text = data.decode("utf-8")
    assert ANSI.search(text), "styles on a terminal"
    lines = [ANSI.sub("", line) for line in text.replace("\r\n", "\n").splitlines() if line]
    assert len(lines) == 3 and lines[0].startswith("[1/2] copy") and lines[-1].startswith("2 editions written")
    assert all(len(line) <= 70 for line in lines[:2]), lines
    assert lines[0].endswith("…"), "a long progress line is cut to the width, not wrapped"


def test_quiet_prints_nothing_but_errors(tmp_path):
    good = tmp_path / "good-2031.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = run("extract", str(good), "--out", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""
    assert (tmp_path / "out" / "2031" / "manifest.json").exists()
    result = run("extract", str(good), str(tmp_path / "gone.txt"), "--out", str(tmp_path / "out"), "-q")
    assert one_line_error(result, "gone.txt", "no such file")


def _bad_files(tmp_path: Path) -> list[tuple[Path, str]]:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\t\n")
    (tmp_path / "folder.txt").mkdir()
    return [(tmp_path / "missing.txt", "no such file"), (tmp_path / "empty.txt", "is empty"),
            (tmp_path / "blank.txt", "is empty"), (tmp_path / "folder.txt", "is a folder")]


def test_every_unreadable_or_empty_input_is_named_before_any_work(tmp_path):
    bad = _bad_files(tmp_path)
    good = tmp_path / "good-2031.txt"
    good.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    args = [str(bad[0][0]), str(good), *(str(path) for path, _ in bad[1:])]
    result = run("extract", *args, "--out", str(out))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(bad), lines
    for line, (path, problem) in zip(lines, bad):
        assert line.startswith(f"whitepaper: error: {path}: ") and problem in line, line
    assert not out.exists(), "nothing written, and no progress line: the good file was not even started"


def test_the_check_before_work_words_its_refusals_like_the_reader(tmp_path):
    for path in [p for p, _ in _bad_files(tmp_path)] + [_unreadable(tmp_path)]:
        with pytest.raises(InputError) as caught:
            read_source(path)
        assert str(check_input(path, LIMIT)) == str(caught.value)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    assert check_input(good, LIMIT) is None


def _unreadable(tmp_path: Path) -> Path:
    """A file that exists and cannot be read: mode 000, or for root (who reads any mode) the
    Linux file /proc/self/mem, whose first page is never mapped."""
    if os.geteuid() != 0:
        locked = tmp_path / "locked-2031.txt"
        locked.write_text(GOOD, encoding="utf-8")
        locked.chmod(0)
        return locked
    try:
        Path("/proc/self/mem").open("rb").read(1)
    except OSError:
        return Path("/proc/self/mem")
    pytest.skip("no unreadable file to be had: running as root without /proc/self/mem")


def test_an_unreadable_file_is_named_before_any_work(tmp_path):
    locked = _unreadable(tmp_path)
    good = tmp_path / "good-2036.txt"
    good.write_text(GOOD, encoding="utf-8")
    result = run("extract", str(good), str(locked), "--out", str(tmp_path / "out"))
    assert one_line_error(result, str(locked), "cannot be read")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_keep_going_extracts_the_good_ones_and_still_exits_2(tmp_path, jobs):
    out = tmp_path / "out"
    good = []
    for year in (2031, 2036):
        path = tmp_path / f"good-{year}.txt"
        path.write_text(GOOD.replace("Tianwen-1", f"Tianwen-{year % 10}"), encoding="utf-8")
        good.append(path)
    binary = tmp_path / "binary-2041.txt"  # refused only once read: after the check, during the work
    binary.write_bytes(bytes(range(256)) * 4)
    missing, empty = tmp_path / "missing-2046.txt", tmp_path / "empty-2051.txt"
    empty.write_bytes(b"")
    result = run("extract", str(good[0]), str(missing), str(binary), str(empty), str(good[1]),
                 "--out", str(out), "--keep-going", "--jobs", jobs)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"whitepaper: error: {missing}: no such file"
    assert lines[1] == f"whitepaper: error: {empty}: is empty"
    assert sum(bool(LINE.match(line)) for line in lines) == 2
    assert f"whitepaper: error: {binary}: is a binary file, not text" in lines
    assert re.fullmatch(rf"2 of 5 editions written to {re.escape(str(out))} in \d+\.\d s; 3 failed", lines[-1])
    assert sorted(p.name for p in out.iterdir()) == ["2031", "2036"], "nothing of the failed ones, nothing staged"
    before = tree(out)
    result = run("extract", str(missing), str(empty), "--out", str(out), "--keep-going")
    assert result.returncode == 2 and result.stderr.strip().splitlines()[-1].startswith("0 of 2 editions written")
    assert tree(out) == before


def test_without_keep_going_a_failure_during_the_work_writes_nothing(tmp_path):
    good = tmp_path / "good-2031.txt"
    good.write_text(GOOD, encoding="utf-8")
    binary = tmp_path / "binary-2041.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    out = tmp_path / "out"
    result = run("extract", str(good), str(binary), "--out", str(out))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert LINE.match(lines[0]) and lines[1:] == [f"whitepaper: error: {binary}: is a binary file, not text"]
    assert not out.exists() or not any(out.iterdir())
