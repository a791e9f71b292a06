"""docs/DATA.md names exactly the tables and columns (and types) of pipeline/schemas.py
(its export queries run in tests/test_export.py)."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline import schemas

DATA_MD = Path(__file__).resolve().parent.parent / "docs" / "DATA.md"


def _documented() -> dict[str, list[tuple[str, str]]]:
    tables: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in DATA_MD.read_text(encoding="utf-8").splitlines():
        if heading := re.match(r"^#### `(\w+)`$", line):
            current = tables.setdefault(heading[1], [])
        elif current is not None and (row := re.match(r"^\| `(\w+)` \| ([^|]+?) \|", line)):
            current.append((row[1], row[2].replace(", nullable", "")))
    return tables


def test_dictionary_and_schemas_name_the_same_columns():
    expected = {
        name: [(f.name, str(f.type)) for f in schema]
        for name, schema in {**schemas.edition_tables(), **schemas.DIFF_TABLES, **schemas.CATALOG_TABLES}.items()
    }
    assert _documented() == expected, "run `make docs` after changing pipeline/schemas.py"


def test_every_column_has_a_meaning():
    for name, schema in {**schemas.edition_tables(), **schemas.DIFF_TABLES, **schemas.CATALOG_TABLES}.items():
        for field in schema:
            assert field.metadata and field.metadata.get(b"doc"), f"{name}.{field.name} has no doc"
