"""The 2021 tables equal the golden files; `make golden` rewrites them, this test never does."""

from __future__ import annotations

import difflib

import pytest

from pipeline import schemas
from pipeline.run import extract_edition
from tests.golden import GOLDEN, GOLDEN_EDITIONS, to_jsonl

TABLE_NAMES = list(schemas.edition_tables())


@pytest.fixture(scope="module")
def extracted(rules, nlp):
    return {name: extract_edition(edition, rules, nlp)[0] for name, edition in GOLDEN_EDITIONS.items()}


@pytest.mark.parametrize("edition", list(GOLDEN_EDITIONS))
@pytest.mark.parametrize("name", TABLE_NAMES)
def test_table_matches_golden(extracted, edition, name):
    path = GOLDEN / edition / f"{name}.jsonl"
    assert path.exists(), f"{path} missing: run `make golden` and review the diff"
    expected = path.read_text(encoding="utf-8").splitlines()
    actual = to_jsonl(extracted[edition][name]).splitlines()
    if actual != expected:
        diff = list(difflib.unified_diff(expected, actual, "golden", "now", lineterm="", n=0))
        pytest.fail(f"{name} differs from {path} ({len(diff)} diff lines); review, then `make golden`:\n"
                    + "\n".join(diff[:40]))


@pytest.mark.parametrize("edition", list(GOLDEN_EDITIONS))
def test_every_golden_file_is_checked(edition):
    assert sorted(p.stem for p in (GOLDEN / edition).glob("*.jsonl")) == sorted(TABLE_NAMES)
