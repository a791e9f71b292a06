"""The 2021 tables equal the golden files; `make golden` rewrites them, this test never does."""

from __future__ import annotations

import difflib

import pytest

from pipeline import schemas
from tests.golden import GOLDEN, to_jsonl

TABLE_NAMES = list(schemas.edition_tables())


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_table_matches_golden(tables_2021, name):
    path = GOLDEN / "2021" / f"{name}.jsonl"
    assert path.exists(), f"{path} missing: run `make golden` and review the diff"
    expected = path.read_text(encoding="utf-8").splitlines()
    actual = to_jsonl(tables_2021[name]).splitlines()
    if actual != expected:
        diff = list(difflib.unified_diff(expected, actual, "golden", "now", lineterm="", n=0))
        pytest.fail(f"{name} differs from {path} ({len(diff)} diff lines); review, then `make golden`:\n"
                    + "\n".join(diff[:40]))


def test_every_golden_file_is_checked():
    assert sorted(p.stem for p in (GOLDEN / "2021").glob("*.jsonl")) == sorted(TABLE_NAMES)
