"""The one reader of output folders: an extracted edition or a diff, checked before use.

`read(ref, out_root)` takes a folder (or an id under the output root), checks its manifest
(a JSON object naming an edition or a diff, and its tables) and every table against its schema
in `schemas.py`, so an old or damaged folder gives one line that says what to do, not a
traceback deep in show, diff or report.

The layout of an output root, kept apart so that a glob over one kind never meets another:
editions at `OUT/<edition>/`, diffs at `OUT/diffs/<old>-<new>/` (`diff_path`), the export at
`OUT/export/` (`export_path`); `scan(out_root)` reads every edition and diff there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from . import __version__, schemas
from .editions import DIFFS_DIR, EXPORT_DIR, check_id
from .errors import InputError

Kind = Literal["edition", "diff"]
MAX_MANIFEST = 1 << 20


@dataclass(frozen=True)
class Folder:
    """An output folder read into memory: rows per table, in file order."""

    id: str  # the edition id, or "OLD-NEW" for a diff
    kind: Kind
    path: Path
    manifest: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]

    @property
    def title(self) -> str | None:
        return (self.manifest.get("edition") or {}).get("title")


def diff_path(out_root: Path, old: str, new: str) -> Path:
    """Where the diff OLD -> NEW is written: OUT/diffs/OLD-NEW/."""
    return out_root / DIFFS_DIR / f"{old}-{new}"


def export_path(out_root: Path) -> Path:
    """The export folder: OUT/export/ (whitepaper.duckdb, parquet/)."""
    return out_root / EXPORT_DIR


@dataclass(frozen=True)
class Scanned:
    """Every edition and diff under an output root, and diff folders left in the old place."""

    editions: list[Folder]
    diffs: list[Folder]
    misplaced: list[Path]  # OUT/diff-OLD-NEW/ as written before diffs moved to OUT/diffs/


def scan(out_root: Path) -> Scanned:
    """Read every edition (OUT/<id>/) and diff (OUT/diffs/<old>-<new>/), sorted by folder name.
    Folders without a manifest.json (a report written alone, a user's folder) and hidden
    folders (staging) are passed over; a damaged edition or diff is an error, as in `read`."""
    editions, diffs, misplaced = [], [], []
    for folder in _subfolders(out_root):
        if folder.name.lower() in (DIFFS_DIR, EXPORT_DIR):
            continue
        if "diff" in _manifest(str(folder), folder):
            misplaced.append(folder)
        else:
            editions.append(read(str(folder), out_root))
    for folder in _subfolders(out_root / DIFFS_DIR):
        diffs.append(read(str(folder), out_root, kind="diff"))
    return Scanned(editions, diffs, misplaced)


def _subfolders(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")
                  and (p / "manifest.json").is_file())


def locate(ref: str, out_root: Path) -> Path:
    """REF itself when it holds a manifest, else OUT/REF."""
    folder = Path(ref)
    return folder if (folder / "manifest.json").is_file() else out_root / ref


def read(ref: str, out_root: Path, kind: Kind | None = "edition") -> Folder:
    """The folder REF (a path, or an id under out_root); `kind` is what the caller needs."""
    folder = locate(ref, out_root)
    manifest = _manifest(ref, folder)
    found: Kind = "diff" if "diff" in manifest else "edition"
    if kind is not None and found != kind:
        raise InputError(folder, f"is a {found} folder, not an {kind}" if kind == "edition" else
                         f"is an {found} folder, not a {kind}")
    version = (manifest.get("pipeline") or {}).get("version", "an unknown version")
    if found == "edition":
        edition = manifest.get("edition")
        if not isinstance(edition, dict) or "id" not in edition:
            raise InputError(folder / "manifest.json", "names no edition id; extract the edition again")
        ident = check_id(edition["id"], folder / "manifest.json")
        expected = schemas.edition_tables()
    else:
        pair = manifest["diff"]
        if not isinstance(pair, dict) or not {"old", "new"} <= set(pair):
            raise InputError(folder / "manifest.json", "names no old and new edition; run the diff again")
        ident = f"{check_id(pair['old'], folder)}-{check_id(pair['new'], folder)}"
        expected = schemas.DIFF_TABLES
    listed = manifest.get("tables")
    if not isinstance(listed, dict) or not all(isinstance(v, dict) and isinstance(v.get("file"), str)
                                               for v in listed.values()):
        raise InputError(folder / "manifest.json", "has no table list; extract it again")
    missing = [name for name in expected if name not in listed]
    if missing:
        raise InputError(folder, f"has no {missing[0]} table: {_older(version)}; extract it again")
    tables = {}
    for name, info in listed.items():
        path = folder / info["file"]
        if Path(info["file"]).name != info["file"] or not path.is_file():
            raise InputError(folder, f"table {name!r} ({info['file']}) is missing; extract it again")
        try:
            table = pq.read_table(path)
        except (OSError, pa.ArrowException) as exc:
            raise InputError(path, f"cannot be read as Parquet ({exc})") from None
        if name in expected:
            _check_schema(path, table.schema, expected[name], version)
        tables[name] = table.to_pylist()
    return Folder(ident, found, folder, manifest, tables)


def stale(diff: Folder) -> str | None:
    """Why a diff folder no longer describes its editions (one was extracted again from another
    source since), or None. Editions are looked up beside the diff folder and one level up."""
    recorded = diff.manifest.get("diff") or {}
    for side in ("old", "new"):
        ident, sha = recorded.get(side), recorded.get(f"{side}_source_sha256")
        for root in (diff.path.parent, diff.path.parent.parent):
            path = root / str(ident) / "manifest.json"
            if ident and sha and path.is_file():
                try:
                    now = (json.loads(path.read_text(encoding="utf-8")).get("source") or {}).get("sha256")
                except (OSError, ValueError, AttributeError):
                    now = None
                if now and now != sha:
                    return f"edition {ident} was extracted again from another source since this diff; run whitepaper diff again"
                break
    return None


def _manifest(ref: str, folder: Path) -> dict[str, Any]:
    path = folder / "manifest.json"
    if not path.is_file():
        raise InputError(ref, f"is not an extracted edition or diff (no manifest.json in {folder})")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_MANIFEST + 1)
        if len(raw) > MAX_MANIFEST:
            raise InputError(path, "is over 1 MB; not a manifest this tool wrote")
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(path, f"cannot be read ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(path, "is not a JSON object; not a manifest this tool wrote")
    return data


def _older(version: str) -> str:
    """Why a folder's tables may lack what this version writes."""
    if version == __version__:
        return f"written by an earlier build of whitepaper {version} (the tables have changed since)"
    return f"extracted by whitepaper {version}, this is {__version__}"


def _check_schema(path: Path, found: pa.Schema, expected: pa.Schema, version: str) -> None:
    for column in expected:
        if column.name not in found.names:
            raise InputError(path, f"has no column {column.name!r}: {_older(version)}; extract it again")
        if not found.field(column.name).type.equals(column.type):
            raise InputError(path, f"column {column.name!r} is {found.field(column.name).type}, "
                                   f"expected {column.type}; extract it again")
