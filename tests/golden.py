"""Golden files: the 2021 edition's tables as readable JSONL, one file per table, and the
catalogue across the three test editions (tests/catalog_build.py) under golden/catalog/.

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
from pipeline.editions import load_editions
from pipeline.rules import Rules
from pipeline.run import extract_edition

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
CATALOG = ROOT / "source" / "editions.toml"
GOLDEN_EDITIONS = ("2021",)
CATALOG_GOLDEN = "catalog"  # golden/catalog/: the catalogue tables over the three test editions


def to_jsonl(table: pa.Table) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in table.to_pylist())


def render(edition_id: str) -> dict[str, str]:
    """Golden text per table for one catalogued edition."""
    edition = next(e for e in load_editions(CATALOG) if e.id == edition_id)
    tables, _ = extract_edition(edition, Rules.load())
    return {name: to_jsonl(table) for name, table in tables.items()}


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


def main() -> None:
    from tests.catalog_build import build_output

    with tempfile.TemporaryDirectory() as folder:
        catalog = render_catalog(build_output(Path(folder), Rules.load()))
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
