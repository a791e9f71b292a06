"""Nothing the user has is lost: ids that would name the wrong folder, other people's folders,
kills inside the commit, two inputs with one id, reports on a full disk. All through the real
command line."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.write import write_built_file
from tests.commands import GOOD, digests, one_line_error, run, tree


@pytest.fixture
def populated(tmp_path) -> tuple[Path, dict[str, str]]:
    """An output root holding one extracted edition, and its fingerprint."""
    source = tmp_path / "paper-2031.txt"
    source.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    assert run("extract", str(source), "--out", str(out)).returncode == 0
    return out, tree(out)


def _write(path: Path, text: str = GOOD) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("edition", [".", "..", "", "../escape", "a/b", "x\ny", ".hidden", "a" * 65])
def test_an_unusable_edition_id_is_refused_and_the_output_root_stays(tmp_path, populated, edition):
    out, before = populated
    result = run("extract", str(_write(tmp_path / "draft.txt")), "--edition", edition, "--out", str(out))
    assert one_line_error(result, "edition id")
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt", "out", "paper-2031.txt"]


@pytest.mark.parametrize("edition", ["diffs", "export", "Export"])
def test_the_reserved_folder_names_are_no_edition_ids(tmp_path, populated, edition):
    out, before = populated
    result = run("extract", str(_write(tmp_path / "draft.txt")), "--edition", edition, "--out", str(out))
    assert one_line_error(result, "reserved", edition)
    assert tree(out) == before


def test_a_file_name_that_gives_no_id_is_refused(tmp_path, populated):
    out, before = populated
    result = run("extract", str(_write(tmp_path / "白皮书.txt")), "--out", str(out))
    assert one_line_error(result, "白皮书.txt", "--edition")
    assert tree(out) == before


@pytest.mark.parametrize("entry", ['id = ""', 'id = "."', 'id = "../up"', "id = { nested = 1 }", "id = [1]"])
def test_a_catalogue_id_that_cannot_name_a_folder_is_refused(tmp_path, populated, entry):
    out, before = populated
    _write(tmp_path / "paper.txt")
    catalog = tmp_path / "editions.toml"
    catalog.write_text(f'[[edition]]\n{entry}\nfile = "paper.txt"\n', encoding="utf-8")
    result = run("extract", "--catalog", str(catalog), "--out", str(out))
    assert one_line_error(result, "editions.toml", "edition id")
    assert tree(out) == before


def test_a_failed_run_removes_only_its_own_staging_folders(tmp_path, populated):
    out, _ = populated
    mine = out / ".thesis.tmp"
    mine.mkdir()
    (mine / "chapter1.md").write_text("my notes")
    # another run's staging folder, of a process that is alive (this test)
    other = out / f".2036.wp{os.getpid()}x0123abcd.q1w2e3.tmp"
    other.mkdir()
    (other / ".whitepaper-staging").write_text("x")
    before = tree(out)
    result = run("extract", str(_write(tmp_path / "good-2041.txt")), str(tmp_path / "missing.txt"), "--out", str(out))
    assert one_line_error(result, "missing.txt")
    assert tree(out) == before


def test_leftovers_of_a_dead_run_are_removed_by_the_next(tmp_path, populated):
    out, before = populated
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    leftover = out / f".2031.wp{dead.stdout.strip()}x0123abcd.q1w2e3.tmp"
    leftover.mkdir()
    (leftover / ".whitepaper-staging").write_text("x")
    result = run("extract", str(tmp_path / "paper-2031.txt"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert not leftover.exists()
    assert tree(out) == before


_KILL_AT = textwrap.dedent("""
    import os, signal, sys
    from pipeline import write
    point, after = sys.argv[1], int(sys.argv[2])
    calls = []
    def kill_after(real):
        def wrapped(*args, **kwargs):
            result = real(*args, **kwargs)
            calls.append(1)
            if len(calls) == after:
                os.kill(os.getpid(), signal.SIGKILL)
            return result
        return wrapped
    if point == "exchange":
        write._exchange = kill_after(write._exchange)
    elif point == "aside":  # no rename-exchange: the old folder is moved aside first
        write._exchange = lambda a, b: False
        write.os.rename = kill_after(os.rename)
    elif point == "commit":
        write.commit = kill_after(write.commit)
    from pipeline.cli import main
    sys.argv = ["whitepaper", *sys.argv[3:]]
    main()
""")


def _killed(point: str, after: int, *args: str) -> int:
    return subprocess.run([sys.executable, "-c", _KILL_AT, point, str(after), *args],
                          capture_output=True, timeout=300).returncode


@pytest.mark.parametrize("point", ["exchange", "aside"])
def test_a_kill_inside_the_commit_never_loses_the_edition(tmp_path, populated, point):
    out, _ = populated
    source = _write(tmp_path / "paper-2031.txt", GOOD.replace("Tianwen-1", "Tianwen-9"))
    assert _killed(point, 1, "extract", str(source), "--out", str(out)) == -signal.SIGKILL
    if point == "exchange":  # swapped in one step: the new edition is already at its name
        assert (out / "2031" / "manifest.json").exists()
    result = run("extract", str(source), "--out", str(out))  # the next run recovers
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["2031"]
    texts = pq.read_table(out / "2031" / "segments.parquet").column("text").to_pylist()
    assert any("Tianwen-9" in t for t in texts)


def test_a_kill_with_the_old_folder_aside_is_put_back_by_the_next_run(tmp_path, populated):
    out, before = populated
    source = _write(tmp_path / "paper-2031.txt", GOOD.replace("Tianwen-1", "Tianwen-9"))
    assert _killed("aside", 1, "extract", str(source), "--out", str(out)) == -signal.SIGKILL
    assert not (out / "2031").exists()  # moved aside, the new one not yet in
    result = run("show", "2031", "--out", str(out))
    assert result.returncode == 2  # reading does not repair; the next write does
    _write(tmp_path / "other-2046.txt")
    assert run("extract", str(tmp_path / "other-2046.txt"), "--out", str(out)).returncode == 0
    after = tree(out)
    assert {k: v for k, v in after.items() if k.startswith("2031/")} == before


def test_a_kill_in_the_commit_loop_is_completed_by_the_next_run(tmp_path):
    out = tmp_path / "out"
    sources = [_write(tmp_path / f"e{year}.txt", GOOD.replace("Tianwen-1", f"Tianwen-{i}"))
               for i, year in enumerate(range(2031, 2036), start=1)]
    assert run("extract", *map(str, sources), "--out", str(out)).returncode == 0
    old = {p.name: digests(p) for p in out.iterdir()}
    for i, source in enumerate(sources, start=1):
        _write(source, GOOD.replace("Tianwen-1", f"Shenzhou-{i}"))
    assert _killed("commit", 2, "extract", *map(str, sources), "--out", str(out)) == -signal.SIGKILL
    half = {p.name: digests(p) for p in out.iterdir() if not p.name.startswith(".")}
    assert sum(half[k] != old[k] for k in old) == 2  # killed after two of five
    _write(tmp_path / "unrelated-2040.txt")
    assert run("extract", str(tmp_path / "unrelated-2040.txt"), "--out", str(out)).returncode == 0
    new = {p.name: digests(p) for p in out.iterdir()}
    assert sorted(new) == sorted([*old, "2040"])
    assert all(new[k] != old[k] for k in old), "the journal was replayed: every edition is new"


def test_a_folder_that_is_not_an_edition_is_never_replaced(tmp_path):
    (tmp_path / "2031").mkdir()
    (tmp_path / "2031" / "notes.md").write_text("my notes")
    (tmp_path / "e").write_text("a plain file")
    before = tree(tmp_path)
    _write(tmp_path / "paper-2031.txt")
    result = run("extract", str(tmp_path / "paper-2031.txt"), "--out", str(tmp_path))
    assert one_line_error(result, "2031", "not a folder this tool wrote")
    result = run("extract", str(tmp_path / "paper-2031.txt"), "--edition", "e", "--out", str(tmp_path))
    assert one_line_error(result, "not a folder this tool wrote")
    assert {k: v for k, v in tree(tmp_path).items() if k != "paper-2031.txt"} == before


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_two_inputs_with_one_id_are_refused_before_any_work(tmp_path, jobs):
    (tmp_path / "a").mkdir()
    a = _write(tmp_path / "a" / "paper-2031.txt")
    b = _write(tmp_path / "b-2031.txt", GOOD.replace("Tianwen-1", "Tianwen-2"))
    result = run("extract", str(a), str(b), "--jobs", jobs, "--out", str(tmp_path / "out"))
    assert one_line_error(result, "same edition id", "2031")
    assert not (tmp_path / "out").exists()


def test_an_edition_from_another_file_is_not_replaced_without_force(tmp_path, populated):
    out, before = populated
    mini = _write(tmp_path / "mini-2031.txt", GOOD.replace("Tianwen-1", "Tianwen-4"))
    result = run("extract", str(mini), "--out", str(out))
    assert one_line_error(result, "2031", "paper-2031.txt", "--force")
    assert tree(out) == before
    assert run("extract", str(mini), "--out", str(out), "--force").returncode == 0
    assert tree(out) != before


def _full_disk():
    """A file-size limit stands in for a full disk: writes past it fail with EFBIG."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))


def test_a_report_that_cannot_be_written_leaves_the_previous_one(tmp_path, populated):
    out, _ = populated
    assert run("report", "2031", "--out", str(out)).returncode == 0
    report = out / "2031" / "report.html"
    good = report.read_bytes()
    result = run("report", "2031", "--out", str(out), preexec_fn=_full_disk)
    assert one_line_error(result, "report.html", "cannot be written")
    assert report.read_bytes() == good
    assert sorted(p.name for p in report.parent.iterdir() if p.name.startswith(".")) == []
    fresh = tmp_path / "fresh.html"
    result = run("report", "2031", "--out", str(out), "-o", str(fresh), preexec_fn=_full_disk)
    assert result.returncode == 2 and not fresh.exists()


def test_an_id_in_a_manifest_cannot_send_a_report_outside_the_output_root(tmp_path, populated):
    out, _ = populated
    manifest = out / "2031" / "manifest.json"
    data = json.loads(manifest.read_text())
    data["edition"]["id"] = "../../escaped"
    manifest.write_text(json.dumps(data))
    result = run("report", "--diff", "2031", "2031", "--out", str(out))
    assert one_line_error(result, "edition id")
    assert not list(tmp_path.rglob("report.html"))


def test_a_failed_build_leaves_the_old_file_and_no_staging(tmp_path):
    target = tmp_path / "export" / "data.bin"
    target.parent.mkdir()
    target.write_bytes(b"old")

    def half(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        write_built_file(target, half, lambda path: None)
    assert target.read_bytes() == b"old" and [p.name for p in target.parent.iterdir()] == ["data.bin"]
    write_built_file(target, lambda tmp: tmp.write_bytes(b"new"), lambda path: None)
    assert target.read_bytes() == b"new" and [p.name for p in target.parent.iterdir()] == ["data.bin"]
