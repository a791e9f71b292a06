"""The command line, run for real: outputs, determinism, atomicity and one-line errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.schemas import edition_tables
from tests import pdfs
from tests.commands import GOOD, digests, run, tree
from tests.conftest import SOURCE_2021

TABLE_NAMES = edition_tables()
EVAL_2026A = Path(__file__).parent / "fixtures" / "eval" / "2026a" / "edition.txt"


def test_version_and_help():
    assert run("--version").stdout.strip().endswith("0.1.0")
    help_text = run("extract", "--help").stdout
    assert "--edition" in help_text and "--out" in help_text


def test_extract_default_catalogue_twice_gives_identical_bytes(tmp_path):
    """Twice, under different string-hash seeds: no set or dict order may reach a table."""
    import os

    first, second = tmp_path / "a", tmp_path / "b"
    for out, seed in ((first, "1"), (second, "2")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        assert run("extract", "--out", str(out), env=env).returncode == 0
    assert sorted(p.name for p in (first / "2021").iterdir()) == sorted(
        ["manifest.json", *(f"{name}.parquet" for name in TABLE_NAMES)]
    )
    assert digests(first / "2021") == digests(second / "2021")
    segments = pq.read_table(first / "2021" / "segments.parquet")
    assert set(segments.column("edition").to_pylist()) == {"2021"}


def test_a_diff_gives_identical_bytes_whatever_the_hash_seed(tmp_path):
    """The scorecard ranks words and candidates; a tie broken by set order once flipped a plan
    between in_progress and not_mentioned from one run to the next."""
    import os

    out = tmp_path / "out"
    assert run("extract", str(SOURCE_2021), "--edition", "2021", "--out", str(out), "-q").returncode == 0
    assert run("extract", str(EVAL_2026A), "--edition", "2026a", "--out", str(out), "-q").returncode == 0
    seen = []
    for seed in ("1", "2", "3", "4"):
        result = run("diff", "2021", "2026a", "--out", str(out), env={**os.environ, "PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        seen.append((result.stdout, tree(out / "diffs" / "2021-2026a")))
    assert all(s == seen[0] for s in seen)


def test_extract_a_named_file_with_an_edition_id(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text(GOOD, encoding="utf-8")
    result = run("extract", str(path), "--edition", "2026", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    sentences = pq.read_table(tmp_path / "out" / "2026" / "sentences.parquet").to_pylist()
    assert [s["status"] for s in sentences] == ["achieved", "planned"]


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "latin1.txt").write_bytes("Chang’e-4 landed on the far side".encode("cp1252"))
    (tmp_path / "corrupt.pdf").write_bytes(b"%PDF-1.7\n%broken beyond repair\n")
    (tmp_path / "folder").mkdir()
    return {
        "missing": (tmp_path / "missing.txt", "no such file"),
        "folder": (tmp_path / "folder", "folder"),
        "empty": (tmp_path / "empty.txt", "empty"),
        "binary": (tmp_path / "binary.txt", "binary"),
        "undecodable": (tmp_path / "latin1.txt", "not UTF-8"),
        "corrupt pdf": (tmp_path / "corrupt.pdf", "corrupt"),
        "encrypted pdf": (pdfs.render_encrypted(tmp_path / "locked.pdf"), "encrypted"),
        "scanned pdf": (pdfs.render_scan(tmp_path / "scan.pdf"), "no text layer"),
    }


@pytest.mark.parametrize(
    "case", ["missing", "folder", "empty", "binary", "undecodable", "corrupt pdf", "encrypted pdf", "scanned pdf"]
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path, case):
    path, problem = _bad_inputs(tmp_path)[case]
    out = tmp_path / "out"
    result = run("extract", str(path), "--out", str(out))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and problem in lines[0]
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_failed_run_leaves_the_previous_output_untouched(tmp_path):
    good = tmp_path / "good-2026.txt"
    good.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    assert run("extract", str(good), "--out", str(out)).returncode == 0
    before = digests(out / "2026")
    good.write_text(GOOD.replace("Tianwen-1", "Tianwen-2"), encoding="utf-8")
    result = run("extract", str(good), str(tmp_path / "missing.txt"), "--out", str(out))
    assert result.returncode == 2
    assert digests(out / "2026") == before
    assert sorted(p.name for p in out.iterdir()) == ["2026"], "no temporary folders left behind"


def test_unwritable_output_folder_is_a_one_line_error(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be")
    result = run("extract", str(SOURCE_2021), "--out", str(blocker / "sub"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "cannot be written" in result.stderr


def test_extract_from_another_folder_uses_its_catalogue(tmp_path):
    (tmp_path / "source").mkdir()
    shutil.copy(SOURCE_2021, tmp_path / "source" / "paper.txt")
    (tmp_path / "source" / "editions.toml").write_text('[[edition]]\nid = "x2021"\nfile = "paper.txt"\n')
    result = run("extract", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output" / "x2021" / "manifest.json").exists()


def test_jobs_2_writes_the_same_bytes_and_is_all_or_nothing(tmp_path):
    paths = []
    for name in ("a-2031", "b-2036"):
        path = tmp_path / f"{name}.txt"
        path.write_text(GOOD.replace("Tianwen-1", f"Tianwen-{name[-1]}"), encoding="utf-8")
        paths.append(str(path))
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    assert run("extract", *paths, "--out", str(serial)).returncode == 0
    assert run("extract", *paths, "--out", str(parallel), "--jobs", "2").returncode == 0
    for edition in ("2031", "2036"):
        assert digests(serial / edition) == digests(parallel / edition)
    failed = run("extract", *paths, str(tmp_path / "missing.txt"), "--out", str(tmp_path / "none"), "--jobs", "2")
    assert failed.returncode == 2 and "missing.txt" in failed.stderr and "Traceback" not in failed.stderr
    none = tmp_path / "none"
    assert not none.exists() or not any(none.iterdir()), "nothing written, not even staged folders"
