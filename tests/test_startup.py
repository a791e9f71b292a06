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
from pipeline.startup import prepare_process
prepare_process()  # as the console script (cli.entry) does
try:
    main(sys.argv[1:], prog_name="whitepaper")
except SystemExit as exc:
    code = exc.code
libraries = sorted({line.split("/")[-1].strip() for line in open("/proc/self/maps") if ".so" in line})
print(json.dumps({"code": code, "modules": sorted(sys.modules), "libraries": libraries}))
"""


def _run_reporting(*args: str) -> dict:
    result = subprocess.run([sys.executable, "-c", _MODULES_AFTER, *args], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    return json.loads(result.stdout.strip().splitlines()[-1])


def _modules_after(*args: str) -> tuple[int, set[str]]:
    report = _run_reporting(*args)
    return report["code"], set(report["modules"])  # packages by their own names ("spacy", "pyarrow")


def test_help_imports_no_heavy_library():
    code, modules = _modules_after("--help")
    assert code == 0
    assert not modules & {"spacy", "pyarrow", "pdfplumber", "pdfminer", "pypdfium2", "pandas", "numpy"}


def test_extract_of_text_never_imports_pandas(tmp_path):
    code, modules = _modules_after("extract", str(SOURCE_2021), "--out", str(tmp_path / "out"))
    assert code in (0, None)
    assert (tmp_path / "out" / "2021" / "manifest.json").exists()
    assert "pandas" not in modules and "spacy" in modules and "pyarrow" in modules
    assert not modules & {"weasel", "typer", "requests", "httpx"}, "spaCy's own command line is not loaded"


def test_extract_loads_no_cloud_file_system(tmp_path):
    """pyarrow.fs would load S3's library and the AWS SDK (~8 MB resident) for local files."""
    report = _run_reporting("extract", str(SOURCE_2021), "--out", str(tmp_path / "out"))
    assert (tmp_path / "out" / "2021" / "segments.parquet").exists()
    assert any(name.startswith("libarrow.so") for name in report["libraries"])
    assert not [name for name in report["libraries"] if name.startswith("libarrow_s3")]


def test_spacy_info_and_spacy_cli_still_work_after_the_start_up_stand_in():
    code = (
        "import sys\n"
        "from pipeline.startup import prepare_process\n"
        "prepare_process()\n"
        "import spacy\n"
        "assert 'weasel' not in sys.modules and 'spacy.cli.download' not in sys.modules\n"
        "assert spacy.info()['spacy_version'] == spacy.__version__\n"
        "from spacy.cli import download\n"
        "import spacy.cli\n"
        "assert callable(download) and 'spaCy version' in spacy.cli.info(markdown=True)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.stdout.strip().endswith("ok"), result.stderr


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
