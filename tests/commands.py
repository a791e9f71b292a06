"""Running the real `whitepaper` command from tests, and fingerprints of what it wrote."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT, SOURCE_2021

WHITEPAPER = str(Path(sys.executable).parent / "whitepaper")
GOOD = "Preamble\nSince 2016, China has launched Tianwen-1.\nIn the next five years, China will launch Chang'e-7.\n"


def copies_catalog(folder: Path, copies: int) -> Path:
    """A catalogue of `copies` editions of the 2021 text, copy00, copy01, ... (each a few tenths
    of a second of work)."""
    folder.mkdir(exist_ok=True)
    entries = []
    for i in range(copies):
        shutil.copy(SOURCE_2021, folder / f"copy{i:02d}.txt")
        entries.append(f'[[edition]]\nid = "copy{i:02d}"\nfile = "copy{i:02d}.txt"\n')
    catalog = folder / "editions.toml"
    catalog.write_text("\n".join(entries), encoding="utf-8")
    return catalog


def run(*args: str, cwd: Path = ROOT, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([WHITEPAPER, *args], cwd=cwd, capture_output=True, text=True, timeout=300, **kwargs)


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def tree(folder: Path) -> dict[str, str]:
    """Every file under folder (hidden ones included), relative path -> SHA-256."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def one_line_error(result: subprocess.CompletedProcess, *words: str) -> bool:
    lines = result.stderr.strip().splitlines()
    return (result.returncode == 2 and len(lines) == 1 and "Traceback" not in result.stderr
            and all(w in lines[0] for w in words))


@dataclass(frozen=True)
class Measured:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float  # largest resident set of the command and of every process it waited for


# A small interpreter runs the command and reports its children's peak memory: measured from
# the test process itself, the fork would count the test process's own memory.
_MEASURE = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
print("peak-kb", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def run_measured(*args: str, stdin: bytes = b"", env: dict[str, str] | None = None,
                 timeout: float = 120) -> Measured:
    """Run `whitepaper` with `stdin` and measure it: wall time and peak memory."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", _MEASURE, WHITEPAPER, *args], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            env=None if env is None else {**os.environ, **env})
    try:
        out, err = proc.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise AssertionError(f"whitepaper {' '.join(args)} ran over {timeout} s") from None
    lines = err.decode(errors="replace").splitlines()
    peak = int(lines.pop().split()[1]) if lines and lines[-1].startswith("peak-kb ") else 0
    return Measured(proc.returncode, out.decode(errors="replace"), "".join(f"{line}\n" for line in lines),
                    time.monotonic() - started, peak / 1024)
