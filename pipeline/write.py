"""Write an edition's tables atomically: into a temporary folder, then renamed into place.

A failed or killed run leaves the previous `output/<edition>/` as it was. Parquet files carry
no timestamps and the manifest no absolute paths, so the same input gives identical bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .errors import InputError


def write_folder(out_root: Path, name: str, tables: dict[str, pa.Table], manifest: dict[str, Any]) -> Path:
    """Write `<out_root>/<name>/` (one Parquet file per table + manifest.json)."""
    try:
        out_root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".tmp", dir=out_root))
    except OSError as exc:
        raise InputError(out_root, f"output folder cannot be written ({exc.strerror})") from None
    target = out_root / name
    try:
        for name, table in tables.items():
            pq.write_table(table, tmp / f"{name}.parquet", compression="zstd")
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        _swap_into_place(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise InputError(target, f"output cannot be written ({exc.strerror})") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def _swap_into_place(tmp: Path, target: Path) -> None:
    """Two renames: the old folder aside, the new one in; the old one is then removed."""
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
        os.rename(target, old / target.name)
        os.rename(tmp, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(tmp, target)
    os.chmod(target, 0o755)
