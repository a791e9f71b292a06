"""Golden files: the 2021 edition's tables as readable JSONL, one file per table; the
catalogue across the three test editions (tests/catalog_build.py) under golden/catalog/; and
the README's answers to three questions across those editions (its block between markers).

`make golden` (python -m tests.golden) rewrites them from the current pipeline; the test in
test_golden.py only compares and never writes. Rows keep the tables' document order; values
are JSON with the schema's column order, so a reviewer reads `git diff tests/golden` directly.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pyarrow as pa

from pipeline import schemas
from pipeline.editions import Edition, load_editions
from pipeline.rules import Rules
from pipeline.run import extract_edition

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
CATALOG = ROOT / "source" / "editions.toml"
FIXTURES = ROOT / "tests" / "fixtures"
# golden folder -> the edition it pins: the shipped 2021 edition, a test edition written for what
# 2021 does not show (an older edition's voice), and the real 2000 and 2006 fragments of the
# development set (as published on the web: one paragraph per line)
GOLDEN_EDITIONS: dict[str, Edition] = {
    "2021": next(e for e in load_editions(CATALOG) if e.id == "2021"),
    "voice-2006": Edition("voice-2006", FIXTURES / "voice-2006" / "edition.txt"),
    "dev-2000": Edition("dev-2000", FIXTURES / "editions-dev" / "edition-2000-fragments.txt"),
    "dev-2006": Edition("dev-2006", FIXTURES / "editions-dev" / "edition-2006-fragments.txt"),
}
CATALOG_GOLDEN = "catalog"  # golden/catalog/: the catalogue tables over the three test editions


def to_jsonl(table: pa.Table) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in table.to_pylist())


def render(name: str) -> dict[str, str]:
    """Golden text per table for one golden edition."""
    tables, _ = extract_edition(GOLDEN_EDITIONS[name], Rules.load())
    return {table: to_jsonl(rows) for table, rows in tables.items()}


def render_catalog(out: Path | None = None) -> dict[str, str]:
    """Golden text per catalogue table: the three test editions extracted, both consecutive
    pairs diffed, and the catalogue rebuilt from those folders. With `out`, the editions and
    diffs are read from there (already built)."""
    from pipeline.catalog import build
    from pipeline.output import scan
    from pipeline.rules.compare import CompareRules
    from tests.catalog_build import build_output

    rules = Rules.load()
    if out is None:
        with tempfile.TemporaryDirectory() as folder:
            return render_catalog(build_output(Path(folder), rules))
    found = scan(out)
    rows = build(found.editions, found.diffs, rules.get(CompareRules)).rows
    return {name: to_jsonl(pa.Table.from_pylist(rows[name], schema=schema))
            for name, schema in schemas.CATALOG_TABLES.items()}


README = ROOT / "README.md"
ANSWERS_BEGIN = "<!-- answers: written by `make golden` from the three test editions; do not edit by hand -->"
ANSWERS_END = "<!-- end of answers -->"
QUESTIONS = (
    ("When was the international lunar research station first promised, and has any edition reported it done?",
     "SELECT edition, status, planned_mentions, achieved_mentions, first_planned_edition, first_achieved_edition,\n"
     "       promise_to_report_years\n"
     "FROM object_timeline WHERE entity_id = 'international-lunar-research-station' ORDER BY year;"),
    ("Which partners appear in every edition?",
     'SELECT partner_id, name, "2016s", "2021", "2026a" FROM partners_by_edition\n'
     "WHERE in_every_edition ORDER BY partner_id;"),
    ("How did the launch count grow?",
     "SELECT edition, year, qualifier, value, period_text FROM count_series\n"
     "WHERE series_key = 'launch mission|-|-' ORDER BY year, ordinal;"),
)


def _cell(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).replace("|", "\\|")


def render_answers(database: Path) -> str:
    """The README's answers: each question, its SQL, and what the DuckDB export of the three
    test editions returns for it, as a markdown table."""
    import duckdb

    con = duckdb.connect(str(database), read_only=True)
    try:
        parts = []
        for question, sql in QUESTIONS:
            cursor = con.execute(sql)
            names = [d[0] for d in cursor.description]
            lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
            lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in cursor.fetchall()]
            parts.append(f"**{question}**\n\n```sql\n{sql}\n```\n\n" + "\n".join(lines) + "\n")
    finally:
        con.close()
    return "\n".join(parts)


def readme_answers(text: str) -> str:
    """The answers block of the README text (between its markers)."""
    start, end = text.find(ANSWERS_BEGIN), text.find(ANSWERS_END)
    if start < 0 or end < start:
        raise ValueError(f"README.md has no block between {ANSWERS_BEGIN!r} and {ANSWERS_END!r}")
    return text[start + len(ANSWERS_BEGIN):end].strip("\n")


def with_answers(text: str, answers: str) -> str:
    readme_answers(text)  # the markers are there
    start, end = text.find(ANSWERS_BEGIN) + len(ANSWERS_BEGIN), text.find(ANSWERS_END)
    return text[:start] + "\n" + answers.strip("\n") + "\n" + text[end:]


def export_answers(out: Path) -> str:
    """Export the editions and diffs under OUT to OUT/export/whitepaper.duckdb and answer."""
    from pipeline.export import DUCKDB_FILE, collect, write_duckdb
    from pipeline.output import export_path
    from pipeline.rules.compare import CompareRules

    database = write_duckdb(collect(out, Rules.load().get(CompareRules)), export_path(out) / DUCKDB_FILE)
    return render_answers(database)


def main() -> None:
    from tests.catalog_build import build_output

    with tempfile.TemporaryDirectory() as folder:
        out = build_output(Path(folder), Rules.load())
        catalog, answers = render_catalog(out), export_answers(out)
    text = README.read_text(encoding="utf-8")
    updated = with_answers(text, answers)
    README.write_text(updated, encoding="utf-8")
    print(f"README.md answers{' (changed)' if updated != text else ''}")
    for edition_id in (*GOLDEN_EDITIONS, CATALOG_GOLDEN):
        folder = GOLDEN / edition_id
        folder.mkdir(parents=True, exist_ok=True)
        rendered = render(edition_id) if edition_id != CATALOG_GOLDEN else catalog
        for stale in folder.glob("*.jsonl"):
            if stale.stem not in rendered:
                stale.unlink()
        for name, text in rendered.items():
            path = folder / f"{name}.jsonl"
            changed = not path.exists() or path.read_text(encoding="utf-8") != text
            path.write_text(text, encoding="utf-8")
            print(f"{path.relative_to(ROOT)}: {text.count(chr(10))} rows{' (changed)' if changed else ''}")


if __name__ == "__main__":
    main()
