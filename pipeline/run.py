"""Wire the stages for one edition: ingest -> repair -> segment -> annotate -> tables."""

from __future__ import annotations

import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
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
from .write import Staged, commit, discard, stage_folder


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


_WORKER_NLP: Language | None = None


@dataclass(frozen=True)
class Extracted:
    """One edition extracted and staged, not yet in place."""

    edition: Edition
    staged: Staged
    rows: dict[str, int]
    seconds: float


def _worker_init(patterns_dir: Path | None) -> None:
    global _WORKER_NLP  # one pipeline per worker process, built once
    _WORKER_NLP = build_nlp(patterns_dir)


def _extract_and_stage(edition: Edition, out_root: Path, patterns_dir: Path | None = None,
                       nlp: Language | None = None) -> Extracted:
    started = time.perf_counter()
    tables, manifest = extract_edition(edition, nlp or _WORKER_NLP, patterns_dir)
    staged = stage_folder(out_root, edition.id, tables, manifest)
    return Extracted(edition, staged, {k: t.num_rows for k, t in tables.items()}, time.perf_counter() - started)


def extract_many(editions: list[Edition], out_root: Path, jobs: int = 1,
                 patterns_dir: Path | None = None) -> list[Extracted]:
    """Extract and write every edition, in `jobs` processes. All or nothing: editions are
    staged first and put in place only when every one succeeded."""
    done: list[Extracted] = []
    try:
        if jobs == 1 or len(editions) == 1:
            nlp = build_nlp(patterns_dir)
            for edition in editions:
                done.append(_extract_and_stage(edition, out_root, patterns_dir, nlp))
        else:
            with ProcessPoolExecutor(jobs, initializer=_worker_init, initargs=(patterns_dir,)) as pool:
                futures = [pool.submit(_extract_and_stage, e, out_root, patterns_dir) for e in editions]
                for future in futures:
                    done.append(future.result())
    except BaseException:
        for extracted in done:
            discard(extracted.staged)
        for stale in out_root.glob(".*.tmp") if out_root.exists() else []:
            shutil.rmtree(stale, ignore_errors=True)  # staged by workers still running
        raise
    for extracted in done:
        commit(extracted.staged)
    return done
