"""Faults, for real: a run killed while it writes leaves the previous output as it was."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

from tests.commands import WHITEPAPER, copies_catalog
from tests.commands import digests as _digests


def test_a_run_killed_mid_write_leaves_the_previous_output_intact(tmp_path):
    out = tmp_path / "out"
    first = subprocess.run([WHITEPAPER, "extract", "--catalog", str(copies_catalog(tmp_path / "one", 1)), "--out", str(out)],
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    before = _digests(out / "copy00")

    run = subprocess.Popen([WHITEPAPER, "extract", "--catalog", str(copies_catalog(tmp_path / "many", 40)), "--out", str(out)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(out.glob(".copy*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)  # wait until the run is writing its staged tables
    time.sleep(0.3)
    assert run.poll() is None, "the run ended before it could be killed"
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=30)

    assert run.returncode == -signal.SIGKILL
    assert _digests(out / "copy00") == before
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["copy00"]
    assert list(out.glob(".copy*.tmp")), "the killed run left its staging folders"

    # the next run of that edition cleans them up and writes the edition as before
    again = subprocess.run([WHITEPAPER, "extract", "--catalog", str(tmp_path / "one" / "editions.toml"),
                            "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in out.iterdir()) == ["copy00"], "no staging folder is left"
    assert _digests(out / "copy00") == before


def _children(pid: int) -> set[int]:
    """The live child processes of `pid` (Linux /proc)."""
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            continue
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_die_with_a_parent_killed_under_jobs(tmp_path):
    """kill -9 of `extract --jobs 2`: its worker processes do not run on; the next run clears
    the staging folders they left and writes the edition."""
    if not Path("/proc/self/task").exists():
        import pytest

        pytest.skip("needs Linux /proc")
    out = tmp_path / "out"
    run = subprocess.Popen([WHITEPAPER, "extract", "--catalog", str(copies_catalog(tmp_path / "many", 20)), "--out", str(out),
                            "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while time.monotonic() < deadline and not (len(workers) >= 2 and list(out.glob(".copy*.tmp"))):
        workers |= _children(run.pid)
        time.sleep(0.05)
    assert run.poll() is None and len(workers) >= 2, "the run ended before it could be killed"
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=30)
    deadline = time.monotonic() + 20
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "a worker outlived its parent"
    again = subprocess.run([WHITEPAPER, "extract", "--catalog", str(copies_catalog(tmp_path / "one", 1)), "--out", str(out)],
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in out.iterdir()) == ["copy00"], "the dead run's staging folders are gone"
