"""Stage results -> pyarrow tables with the schemas of `schemas.py`, in a fixed row order."""

from __future__ import annotations

from typing import Any, Iterable

import pyarrow as pa

from . import schemas
from .annotate import Annotation, entity_rows, framework_rows, partner_rows
from .repair import Repair
from .segment import Document

# Dataclass field -> column, where the names differ.
_RENAMES = {
    "sections": {"id": "section_id"},
    "segments": {"id": "segment_id"},
    "sentences": {"id": "sentence_id"},
    "mentions": {"id": "mention_id"},
    "partner_links": {"id": "link_id"},
}


def _table(name: str, edition: str, rows: Iterable[dict[str, Any]]) -> pa.Table:
    schema = schemas.TABLES[name]
    renames = _RENAMES.get(name, {})
    columns: dict[str, list[Any]] = {field.name: [] for field in schema}
    for row in rows:
        row = {renames.get(k, k): v for k, v in row.items()}
        row["edition"] = edition
        for column, values in columns.items():
            values.append(row[column])
    return pa.Table.from_pydict(columns, schema=schema)


def build_tables(edition: str, document: Document, annotation: Annotation, repairs: list[Repair]) -> dict[str, pa.Table]:
    """Every table of an edition: rows in document order, entities by id."""
    entities = entity_rows(annotation, {s.id: s for s in annotation.sentences})
    return {
        "sections": _table("sections", edition, (vars(s) for s in document.sections)),
        "segments": _table("segments", edition, (vars(s) for s in document.segments)),
        "sentences": _table("sentences", edition, (vars(s) for s in annotation.sentences)),
        "mentions": _table("mentions", edition, (vars(m) for m in annotation.mentions)),
        **{name: _table(name, edition, entities.get(name, [])) for name in schemas.ENTITY_TABLES},
        "counts": _table("counts", edition, (
            {"count_id": c.id, "sentence_id": c.sentence_id, "segment_id": c.segment_id,
             "section_id": c.section_id, "status": c.status, **vars(c.count)} for c in annotation.counts
        )),
        "partners": _table("partners", edition, partner_rows(annotation, {s.id: s.title for s in document.sections})),
        "partner_links": _table("partner_links", edition, (vars(link) for link in annotation.links)),
        "frameworks": _table("frameworks", edition, framework_rows(annotation)),
        "repairs": _table(
            "repairs", edition,
            ({"repair_id": f"r{i:04d}", **vars(r)} for i, r in enumerate(_in_line_order(repairs), start=1)),
        ),
    }


def _in_line_order(repairs: list[Repair]) -> list[Repair]:
    """Repairs sorted by where they happened, then by the order the rules ran."""
    return [r for _, r in sorted(enumerate(repairs), key=lambda pair: (pair[1].line, pair[0]))]


def diff_tables(result: dict[str, list[dict]], old_id: str, new_id: str) -> dict[str, pa.Table]:
    """The diff's rows as tables, each row carrying both edition ids."""
    return {
        name: pa.Table.from_pylist(
            [{"old_edition": old_id, "new_edition": new_id, **row} for row in result[name]], schema=schema
        )
        for name, schema in schemas.DIFF_TABLES.items()
    }
