"""Golden files: the 2021 edition's tables as readable JSONL, one file per table.

`make golden` (python -m tests.golden) rewrites them from the current pipeline; the test in
test_golden.py only compares and never writes. Rows keep the tables' document order; values
are JSON with the schema's column order, so a reviewer reads `git diff tests/golden` directly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa

from pipeline.editions import Edition, load_editions
from pipeline.rules import Rules
from pipeline.run import extract_edition

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
CATALOG = ROOT / "source" / "editions.toml"
FIXTURES = ROOT / "tests" / "fixtures"
# golden folder -> the edition it pins: the shipped 2021 edition, and test editions written for
# what 2021 does not show (an older edition's voice)
GOLDEN_EDITIONS: dict[str, Edition] = {
    "2021": next(e for e in load_editions(CATALOG) if e.id == "2021"),
    "voice-2006": Edition("voice-2006", FIXTURES / "voice-2006" / "edition.txt"),
}


def to_jsonl(table: pa.Table) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in table.to_pylist())


def render(name: str) -> dict[str, str]:
    """Golden text per table for one golden edition."""
    tables, _ = extract_edition(GOLDEN_EDITIONS[name], Rules.load())
    return {table: to_jsonl(rows) for table, rows in tables.items()}


def main() -> None:
    for edition_id in GOLDEN_EDITIONS:
        folder = GOLDEN / edition_id
        folder.mkdir(parents=True, exist_ok=True)
        rendered = render(edition_id)
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
