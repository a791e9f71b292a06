"""Shared fixtures: the blank pipeline, a runner for small texts, and the 2021 edition."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from pipeline.annotate import build_nlp
from pipeline.editions import Edition, load_editions
from pipeline.rules import Rules
from pipeline.rules.layout import LayoutRules
from pipeline.run import extract_edition

ROOT = Path(__file__).resolve().parent.parent
SOURCE_2021 = ROOT / "source" / "cn-space-2021.txt"


# The id column of every edition table: unique in every edition the tests extract.
ID_COLUMNS = {
    "sections": "section_id", "segments": "segment_id", "sentences": "sentence_id", "mentions": "mention_id",
    "counts": "count_id", "partner_links": "link_id", "partners": "partner_id", "frameworks": "framework_id",
    "repairs": "repair_id", **{t: "entity_id" for t in ("missions", "satellites", "launch_vehicles", "launch_sites")},
}


def assert_unique_ids(rows: dict[str, list[dict]]) -> None:
    """Every table has its id column and no id twice (a key a data engineer can join on)."""
    assert set(rows) == set(ID_COLUMNS), "a new table needs its id column here"
    for table, column in ID_COLUMNS.items():
        ids = [r[column] for r in rows[table]]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        assert not repeated, f"{table}.{column} repeats {repeated[:5]}"


@pytest.fixture(scope="session")
def rules() -> Rules:
    return Rules.load()


@pytest.fixture(scope="session")
def nlp(rules):
    return build_nlp(rules)


@pytest.fixture(scope="session")
def layout(rules):
    return rules.get(LayoutRules)


@pytest.fixture
def run_text(tmp_path, rules, nlp):
    """Extract a small text written for a test; returns the tables as lists of dicts."""

    def run(text: str, name: str = "mini-2031.txt") -> dict[str, list[dict]]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        tables, _ = extract_edition(Edition(id="test", path=path), rules, nlp)
        rows = {key: table.to_pylist() for key, table in tables.items()}
        assert_unique_ids(rows)
        return rows

    return run


@pytest.fixture(scope="session")
def edition_2021() -> Edition:
    return next(e for e in load_editions(ROOT / "source" / "editions.toml") if e.id == "2021")


@pytest.fixture(scope="session")
def tables_2021(edition_2021, rules, nlp) -> dict[str, pa.Table]:
    tables, _ = extract_edition(edition_2021, rules, nlp)
    return tables


@pytest.fixture(scope="session")
def rows_2021(tables_2021) -> dict[str, list[dict]]:
    rows = {name: table.to_pylist() for name, table in tables_2021.items()}
    assert_unique_ids(rows)
    return rows


@pytest.fixture(scope="session")
def catalog_out(tmp_path_factory, rules, nlp) -> Path:
    """`output/` of the three catalogue test editions (tests/catalog_build.py): extracted,
    diffed 2016s -> 2021 -> 2026a, and exported both ways to output/export/ (in process)."""
    from pipeline.export import DUCKDB_FILE, PARQUET_DIR, collect, write_duckdb, write_parquet
    from pipeline.output import export_path
    from pipeline.rules.compare import CompareRules
    from tests.catalog_build import build_output

    out = build_output(tmp_path_factory.mktemp("catalog") / "output", rules, nlp)
    dataset = collect(out, rules.get(CompareRules))
    write_duckdb(dataset, export_path(out) / DUCKDB_FILE)
    write_parquet(dataset, export_path(out) / PARQUET_DIR)
    return out
