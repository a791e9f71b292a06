"""Write tables atomically: into a temporary folder, then renamed into place.

A failed or killed run leaves the previous `output/<edition>/` as it was. Writing is split in
two so several editions can be staged (in parallel workers) and put in place only when all of
them succeeded. Parquet files carry no timestamps and the manifest no absolute paths, so the
same input gives identical bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .errors import InputError


@dataclass(frozen=True)
class Staged:
    """Tables written to `tmp`, waiting to become `target`."""

    tmp: Path
    target: Path


def stage_folder(out_root: Path, name: str, tables: dict[str, pa.Table], manifest: dict[str, Any]) -> Staged:
    """Write one Parquet file per table and manifest.json into a hidden folder of out_root."""
    try:
        out_root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".tmp", dir=out_root))
    except OSError as exc:
        raise InputError(out_root, f"output folder cannot be written ({exc.strerror})") from None
    try:
        for table_name, table in tables.items():
            pq.write_table(table, tmp / f"{table_name}.parquet", compression="zstd")
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise InputError(out_root / name, f"output cannot be written ({exc.strerror})") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Staged(tmp, out_root / name)


def commit(staged: Staged) -> Path:
    """Two renames: the old folder aside, the new one in; the old one is then removed."""
    target = staged.target
    try:
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
            os.rename(target, old / target.name)
            os.rename(staged.tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(staged.tmp, target)
        os.chmod(target, 0o755)
    except OSError as exc:
        discard(staged)
        raise InputError(target, f"output cannot be put in place ({exc.strerror})") from None
    return target


def discard(staged: Staged) -> None:
    shutil.rmtree(staged.tmp, ignore_errors=True)


def write_folder(out_root: Path, name: str, tables: dict[str, pa.Table], manifest: dict[str, Any]) -> Path:
    """Stage and commit one folder: `<out_root>/<name>/`."""
    return commit(stage_folder(out_root, name, tables, manifest))
