"""Wire the stages for one edition: ingest -> repair -> segment -> annotate -> tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
from spacy.language import Language

from . import __version__
from .annotate import annotate, build_nlp
from .editions import Edition
from .errors import InputError
from .ingest import read_source
from .patterns import load_layout
from .repair import repair
from .segment import segment
from .tables import build_tables


def extract_edition(
    edition: Edition, nlp: Language | None = None, patterns_dir: Path | None = None
) -> tuple[dict[str, pa.Table], dict[str, Any]]:
    """All tables of one edition, and its manifest; nothing is written here."""
    layout = load_layout(patterns_dir)
    source = read_source(edition.path)
    lines, repairs = repair(source, layout)
    document = segment(lines, layout)
    if not any(s.kind != "heading" and s.section_id != "back-matter" for s in document.segments):
        raise InputError(edition.path, "has no body text to segment")
    annotation = annotate(document, nlp or build_nlp(patterns_dir), patterns_dir)
    tables = build_tables(edition.id, document, annotation, repairs)
    manifest = {
        "edition": edition.metadata(),
        "source": {"file": edition.path.name, "kind": source.kind, "sha256": source.sha256, "pages": source.pages},
        "pipeline": {"name": "whitepaper", "version": __version__},
        "tables": {name: {"file": f"{name}.parquet", "rows": table.num_rows} for name, table in tables.items()},
    }
    return tables, manifest
