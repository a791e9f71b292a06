"""Running the real `whitepaper` command from tests, and fingerprints of what it wrote."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

WHITEPAPER = str(Path(sys.executable).parent / "whitepaper")
GOOD = "Preamble\nSince 2016, China has launched Tianwen-1.\nIn the next five years, China will launch Chang'e-7.\n"


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
