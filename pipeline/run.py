"""Wire the stages for one edition: ingest -> repair -> segment -> annotate -> extractors -> tables."""

from __future__ import annotations

import ctypes
import gc
import hashlib
import json
import os
import signal
import stat
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pyarrow as pa
from spacy.language import Language

from . import __version__
from .annotate import annotate, build_nlp
from .editions import Edition
from .errors import InputError
from .extractors import Extractor, default_extractors
from .clutter import declutter
from .ingest import ReadOptions, check_path, read_parts
from .repair import repair
from .rules import Rules
from .rules.layout import LayoutRules
from .rules.web import WebRules
from .segment import segment
from .tables import build_tables
from .write import Staged, commit_all, discard_run, new_token, recover, replaceable, stage_folder


def extract_edition(edition: Edition, rules: Rules, nlp: Language | None = None,
                    extractors: list[Extractor] | None = None,
                    read_options: ReadOptions | None = None) -> tuple[dict[str, pa.Table], dict[str, Any]]:
    """All tables of one edition, and its manifest; nothing is written here."""
    extractors = extractors if extractors is not None else default_extractors()
    layout = rules.get(LayoutRules)
    if not edition.files:
        raise InputError(edition.where, "edition has no file to extract")
    source = read_parts(edition.files, read_options)
    decluttered, removed = declutter(source, rules.get(WebRules), layout, edition.title)
    lines, repairs = repair(decluttered, layout)
    document = segment(lines, layout)
    if not any(s.kind != "heading" and s.section_id != "back-matter" for s in document.segments):
        raise InputError(edition.where, "has no body text to segment")
    nlp = nlp or build_nlp(rules, extractors)
    body = annotate(document, nlp, rules)
    tables = build_tables(edition.id, document, body, removed + repairs, rules, nlp, extractors, source)
    manifest = {
        "edition": edition.metadata(),
        "source": {"file": source.file, "kind": source.kind, "sha256": source.sha256, "pages": source.pages,
                   "parts": [part.manifest() for part in source.parts]},
        "pipeline": {"name": "whitepaper", "version": __version__, "rules_sha256": rules.digest},
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


def _worker_init(rules: Rules, parent: int) -> None:
    global _WORKER_NLP  # one pipeline per worker process, built once
    _die_with_parent(parent)
    _WORKER_NLP = build_nlp(rules)
    _started()


def _started() -> None:
    """Start-up is over. If it ran with the garbage collector off (`whitepaper extract` turns it
    off until here), move everything built so far (modules, rules, the pipeline: they live as
    long as the process) out of the collector's reach and turn it back on, so its passes during
    extraction walk only what extraction makes."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _die_with_parent(parent: int) -> None:
    """A worker must not outlive a parent killed with SIGKILL (Linux: PR_SET_PDEATHSIG)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (AttributeError, OSError):
        return
    if os.getppid() != parent:  # the parent died before the call above
        os._exit(1)


def _extract_and_stage(edition: Edition, out_root: Path, token: str, rules: Rules,
                       nlp: Language | None = None, read_options: ReadOptions | None = None) -> Extracted:
    started = time.perf_counter()
    tables, manifest = extract_edition(edition, rules, nlp or _WORKER_NLP, read_options=read_options)
    staged = stage_folder(out_root, edition.id, tables, manifest, token)
    return Extracted(edition, staged, {k: t.num_rows for k, t in tables.items()}, time.perf_counter() - started)


def check_targets(editions: list[Edition], out_root: Path, force: bool = False) -> None:
    """Refuse, before any work, what would lose data: two inputs with one id, a target that is
    not an edition folder, or an edition extracted from another file (unless `force`). An
    edition in parts is the same source when its parts have the same names, in order, or the
    same contents."""
    seen: dict[str, Edition] = {}
    for edition in editions:
        if edition.id in seen:
            raise InputError(edition.where, f"has the same edition id {edition.id!r} as {seen[edition.id].where}; "
                                           "give each its own --edition or catalogue id")
        seen[edition.id] = edition
        target = out_root / edition.id
        if problem := replaceable(target, "edition"):
            raise InputError(target, problem)
        if force or not target.exists():
            continue
        try:
            old = json.loads((target / "manifest.json").read_text(encoding="utf-8")).get("source", {})
        except (OSError, ValueError, AttributeError):
            continue
        before = old.get("parts") or [old]  # manifests before editions in parts had no "parts"
        if ([p.get("file") for p in before] != [p.name for p in edition.files]
                and [p.get("sha256") for p in before] != [_sha256(p) for p in edition.files]):
            raise InputError(
                edition.where,
                f"edition {edition.id!r} in {target} was extracted from another file "
                f"({old.get('file')}); use --force to replace it, or another --edition"
            )


def _sha256(path: Path) -> str | None:
    """The SHA-256 of a regular file; None for anything else (a pipe read here would be lost to
    the extraction, a device never ends)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


@dataclass(frozen=True)
class Failed:
    """One edition that could not be extracted, and why."""

    edition: Edition
    error: InputError


@dataclass
class Batch:
    """What a run of `extract_many` did: editions written (in input order) and those that failed."""

    done: list[Extracted] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)


class BadInputs(InputError):
    """Several inputs refused before any work; each is one line of `errors`."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__(errors[0].path, errors[0].problem)
        self.errors = errors


def check_input(path: Path, limit: int) -> InputError | None:
    """Why `path` cannot be an edition at all (missing, not a file, too large, unreadable,
    empty), found without parsing it; None when it is worth extracting. The wording is
    read_source's, so a file refused here reads the same as one refused while extracting.
    A pipe is not read here: what it gives is read once, by the extraction."""
    try:
        check_path(path, limit)
        if not stat.S_ISREG(path.stat().st_mode):
            return None
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except InputError as exc:
        return exc
    except OSError as exc:
        return InputError(path, f"cannot be read ({exc.strerror})")
    if not data.strip():
        return InputError(path, "is empty")
    return None


Progress = Callable[["Extracted | Failed"], None]


def extract_many(editions: list[Edition], out_root: Path, rules: Rules, jobs: int = 1, force: bool = False,
                 keep_going: bool = False, progress: Progress | None = None,
                 read_options: ReadOptions | None = None) -> Batch:
    """Extract and write every edition, in `jobs` processes, telling `progress` about each as it
    finishes. Inputs that cannot be read at all are found first, all of them: they fail the run
    before any work (BadInputs), or with `keep_going` are reported and left out. All or nothing
    for the rest: editions are staged first and put in place only when every one succeeded (with
    `keep_going`: every one that did not fail on its input); nothing of a failed one is written."""
    progress = progress or (lambda item: None)
    recover(out_root)
    batch = Batch()
    limit = (read_options or ReadOptions()).limit()
    bad: dict[int, list[InputError]] = {}
    for i, edition in enumerate(editions):
        errors = [error for path in edition.files if (error := check_input(path, limit)) is not None]
        if errors:
            bad[i] = errors
    if bad and not keep_going:
        raise BadInputs([error for errors in bad.values() for error in errors])
    for i, errors in bad.items():  # with keep_going: an edition fails once, on its first bad file
        batch.failed.append(Failed(editions[i], errors[0]))
        progress(batch.failed[-1])
    good = [e for i, e in enumerate(editions) if i not in bad]
    check_targets(good, out_root, force)
    token = new_token()
    done: dict[int, Extracted] = {}

    def finished(index: int, result: Extracted | InputError) -> None:
        if isinstance(result, InputError):
            if not keep_going:
                raise result
            batch.failed.append(Failed(good[index], result))
            progress(batch.failed[-1])
        else:
            done[index] = result
            progress(result)

    try:
        if jobs == 1 or len(good) <= 1:
            nlp = build_nlp(rules) if good else None
            _started()
            for index, edition in enumerate(good):
                try:
                    result: Extracted | InputError = _extract_and_stage(edition, out_root, token, rules, nlp,
                                                                        read_options)
                except InputError as exc:
                    result = exc
                finished(index, result)
        else:
            with ProcessPoolExecutor(jobs, initializer=_worker_init, initargs=(rules, os.getpid())) as pool:
                futures = {pool.submit(_extract_and_stage, e, out_root, token, rules, None, read_options): i
                           for i, e in enumerate(good)}
                _started()  # the workers are forked; each builds its pipeline, then does the same
                try:
                    for future in as_completed(futures):
                        try:
                            result = future.result()
                        except InputError as exc:
                            result = exc
                        finished(futures[future], result)
                except BaseException:
                    for future in futures:
                        future.cancel()  # do not wait for work whose result will be thrown away
                    raise
    except BaseException:
        discard_run(out_root, token)  # this run's own staging folders, workers' included
        raise
    batch.done = [done[i] for i in sorted(done)]
    commit_all([extracted.staged for extracted in batch.done], out_root, token)
    return batch
