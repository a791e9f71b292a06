"""The 2021 tables, the catalogue of the three test editions and the README's answers equal
their goldens; `make golden` rewrites them, these tests never do."""

from __future__ import annotations

import difflib

import pytest

from pipeline import schemas
from pipeline.run import extract_edition
from tests.golden import (
    CATALOG_GOLDEN, GOLDEN, GOLDEN_EDITIONS, README, readme_answers, render_answers, render_catalog, to_jsonl,
)

TABLE_NAMES = list(schemas.edition_tables())


def _compare(path, text: str, what: str) -> None:
    assert path.exists(), f"{path} missing: run `make golden` and review the diff"
    expected = path.read_text(encoding="utf-8").splitlines()
    actual = text.splitlines()
    if actual != expected:
        diff = list(difflib.unified_diff(expected, actual, "golden", "now", lineterm="", n=0))
        pytest.fail(f"{what} differs from {path} ({len(diff)} diff lines); review, then `make golden`:\n"
                    + "\n".join(diff[:40]))


@pytest.fixture(scope="module")
def extracted(rules, nlp):
    return {name: extract_edition(edition, rules, nlp)[0] for name, edition in GOLDEN_EDITIONS.items()}


@pytest.mark.parametrize("edition", list(GOLDEN_EDITIONS))
@pytest.mark.parametrize("name", TABLE_NAMES)
def test_table_matches_golden(extracted, edition, name):
    _compare(GOLDEN / edition / f"{name}.jsonl", to_jsonl(extracted[edition][name]), name)


@pytest.mark.parametrize("edition", list(GOLDEN_EDITIONS))
def test_every_golden_file_is_checked(edition):
    assert sorted(p.stem for p in (GOLDEN / edition).glob("*.jsonl")) == sorted(TABLE_NAMES)


def test_every_catalogue_golden_file_is_checked():
    assert sorted(p.stem for p in (GOLDEN / CATALOG_GOLDEN).glob("*.jsonl")) == sorted(schemas.CATALOG_TABLES)
@pytest.fixture(scope="module")
def catalog_text(catalog_out):
    return render_catalog(catalog_out)


@pytest.mark.parametrize("name", list(schemas.CATALOG_TABLES))
def test_catalogue_matches_golden(catalog_text, name):
    _compare(GOLDEN / CATALOG_GOLDEN / f"{name}.jsonl", catalog_text[name], f"catalogue table {name}")


def test_the_readme_answers_are_what_the_export_gives(catalog_out):
    answers = render_answers(catalog_out / "export" / "whitepaper.duckdb")
    if readme_answers(README.read_text(encoding="utf-8")) != answers.strip("\n"):
        pytest.fail("README.md's answers differ from the export of the three test editions; review, then `make golden`")
