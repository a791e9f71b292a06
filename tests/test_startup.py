"""Start-up: what a command imports, in a fresh process (speed itself is `make bench`'s job)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT, SOURCE_2021

# Runs the command's `main` in a fresh interpreter, then prints the modules it loaded.
_MODULES_AFTER = """
import json, sys
from pipeline.cli import main
try:
    main(sys.argv[1:], prog_name="whitepaper")
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _modules_after(*args: str) -> tuple[int, set[str]]:
    result = subprocess.run([sys.executable, "-c", _MODULES_AFTER, *args], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return report["code"], {name.split(".")[0] for name in report["modules"]}


def test_help_imports_no_heavy_library():
    code, modules = _modules_after("--help")
    assert code == 0
    assert not modules & {"spacy", "pyarrow", "pdfplumber", "pdfminer", "pypdfium2", "pandas", "numpy"}


def test_extract_of_text_never_imports_pandas(tmp_path):
    code, modules = _modules_after("extract", str(SOURCE_2021), "--out", str(tmp_path / "out"))
    assert code in (0, None)
    assert (tmp_path / "out" / "2021" / "manifest.json").exists()
    assert "pandas" not in modules and "spacy" in modules and "pyarrow" in modules


def test_the_console_script_ends_with_main_status_and_all_output_flushed(tmp_path):
    """`whitepaper` ends with os._exit (no interpreter teardown): statuses and output intact."""
    from tests.commands import run

    out = tmp_path / "out"
    fixture = ROOT / "tests" / "fixtures" / "mini-2021.txt"
    assert run("extract", str(fixture), "--edition", "m2021", "--out", str(out)).returncode == 0
    shown = run("show", "m2021", "segments", "--format", "csv", "--out", str(out))
    assert shown.returncode == 0
    import pyarrow.parquet as pq

    rows = pq.read_table(out / "m2021" / "segments.parquet").num_rows
    assert len(shown.stdout.splitlines()) == rows + 1, "every row reached the pipe before the exit"
    assert run("no-such-command").returncode == 2
    assert run("extract", str(tmp_path / "missing.txt"), "--out", str(out)).returncode == 2
