"""Write output folders atomically, and never lose one.

A folder is written into a hidden staging folder of the output root, then put in place. The
rules that keep users' data safe:

- staging folders carry a marker file and the run's token in their name (`.<name>.<token>.<x>.tmp`);
  a run removes only its own, and leftovers of runs that died (their process is gone) are
  removed by the next run; nothing else in the output root is ever deleted;
- an existing folder is replaced only when its manifest says it is what we are writing (an
  extracted edition with that id, or a diff); a user's folder or file at that name is refused;
- the new folder goes in by one atomic rename-exchange where the OS has it (Linux
  `renameat2(RENAME_EXCHANGE)`), so the old folder stays reachable at its name until the new one
  is in; elsewhere the old folder is moved aside first and a later run puts back any left aside;
- several folders are committed under a journal, so a kill in the middle of the loop is
  completed by the next run rather than leaving some old and some new.

Parquet files carry no timestamps and the manifest no absolute paths: the same input gives
identical bytes.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pyarrow as pa
import pyarrow.parquet as pq

from .errors import InputError

MARKER = ".whitepaper-staging"  # inside every staging folder: only such folders are ever removed
_JOURNAL = ".whitepaper-commit.{token}.json"
_STAGED = re.compile(r"^\.(?P<name>.+)\.(?P<token>wp(?P<pid>\d+)x[0-9a-f]+)\.[^.]+\.(?P<kind>tmp|old)$")


def new_token() -> str:
    """A run's token: its process id (to tell a dead run's leftovers) and a random part."""
    return f"wp{os.getpid()}x{secrets.token_hex(4)}"


@dataclass(frozen=True)
class Staged:
    """Tables written to `tmp`, waiting to become `target`."""

    tmp: Path
    target: Path
    kind: str  # what the manifest must say the target is: "edition" or "diff"


def stage_folder(out_root: Path, name: str, tables: dict[str, pa.Table], manifest: dict[str, Any],
                 token: str, kind: str = "edition") -> Staged:
    """Write one Parquet file per table and manifest.json into a staging folder of out_root."""
    def fill(tmp: Path) -> None:
        for table_name, table in tables.items():
            pq.write_table(table, tmp / f"{table_name}.parquet", compression="zstd")

    return stage_tree(out_root, name, fill, manifest, token, kind)


def stage_tree(out_root: Path, name: str, fill: Callable[[Path], None], manifest: dict[str, Any],
               token: str, kind: str) -> Staged:
    """A staging folder of out_root that `fill(folder)` writes files (and subfolders) into, then
    manifest.json; on any failure the staging folder is removed."""
    try:
        out_root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{name}.{token}.", suffix=".tmp", dir=out_root))
        (tmp / MARKER).write_text(token + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(out_root, f"output folder cannot be written ({exc.strerror})") from None
    try:
        fill(tmp)
        write_json(tmp / "manifest.json", manifest)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise InputError(out_root / name, f"output cannot be written ({exc.strerror})") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Staged(tmp, out_root / name, kind)


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def replaceable(target: Path, kind: str) -> str | None:
    """Why `target` must not be replaced by a folder of `kind`, or None when it may be."""
    if not target.exists() and not target.is_symlink():
        return None
    if target.is_symlink() or not target.is_dir():
        return "exists and is not a folder this tool wrote; move it away or choose another --out"
    try:
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "exists and is not a folder this tool wrote (no readable manifest.json); move it away or choose another --out"
    if not isinstance(manifest, dict) or not isinstance(manifest.get(kind), dict):
        return f"exists and its manifest.json does not describe an {kind}; move it away or choose another --out"
    if kind == "edition" and manifest[kind].get("id") != target.name:
        return f"holds edition {manifest[kind].get('id')!r}, not {target.name!r}; move it away or choose another --out"
    return None


def commit(staged: Staged) -> Path:
    """Put one staged folder in place (see the module docstring)."""
    target = staged.target
    problem = replaceable(target, staged.kind)
    if problem:
        discard(staged)
        raise InputError(target, problem)
    try:
        os.chmod(staged.tmp, 0o755)
        (staged.tmp / MARKER).unlink(missing_ok=True)  # complete: its manifest now marks it
        if not target.exists():
            os.rename(staged.tmp, target)
        elif _exchange(staged.tmp, target):
            _remove_staging(staged.tmp)  # now holds the old folder
        else:
            aside = staged.tmp.with_name(staged.tmp.name[: -len(".tmp")] + ".old")
            os.rename(target, aside)
            os.rename(staged.tmp, target)
            shutil.rmtree(aside, ignore_errors=True)
    except OSError as exc:
        discard(staged)
        raise InputError(target, f"output cannot be put in place ({exc.strerror})") from None
    return target


def commit_all(staged: list[Staged], out_root: Path, token: str) -> None:
    """Commit several folders under a journal that the next run replays if this one dies."""
    if len(staged) > 1:
        journal = out_root / _JOURNAL.format(token=token)
        write_json(journal, [{"tmp": s.tmp.name, "target": s.target.name, "kind": s.kind} for s in staged])
    else:
        journal = None
    for one in staged:
        commit(one)
    if journal is not None:
        journal.unlink(missing_ok=True)


def discard(staged: Staged) -> None:
    _remove_staging(staged.tmp)


def _remove_staging(folder: Path) -> None:
    """Remove a folder only when it is one of our staging folders: named like one, and holding
    the marker (still being written) or a manifest (complete, or an old folder swapped out)."""
    if _STAGED.match(folder.name) and ((folder / MARKER).is_file() or (folder / "manifest.json").is_file()):
        shutil.rmtree(folder, ignore_errors=True)


def discard_run(out_root: Path, token: str) -> None:
    """Remove the staging folders of this run (workers may have made some the caller never saw)."""
    for folder in _staging(out_root):
        if _STAGED.match(folder.name)["token"] == token:
            _remove_staging(folder)


def recover(out_root: Path, alive: Callable[[int], bool] | None = None) -> None:
    """Finish what dead runs left: replay their journals, put back folders left aside, and remove
    their staging folders. Folders of live runs and anything not ours are left alone."""
    alive = alive or _alive
    if not out_root.is_dir():
        return
    for journal in sorted(out_root.glob(_JOURNAL.format(token="wp*"))):
        pid = re.search(r"wp(\d+)x", journal.name)
        if pid is None or alive(int(pid[1])):
            continue
        try:
            entries = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entries = []
        for entry in entries if isinstance(entries, list) else []:
            tmp = out_root / str(entry.get("tmp", ""))
            if _STAGED.match(tmp.name) and (tmp / "manifest.json").is_file():
                try:
                    commit(Staged(tmp, out_root / str(entry.get("target")), str(entry.get("kind", "edition"))))
                except InputError:
                    pass  # the next command reports what is in the way
        journal.unlink(missing_ok=True)
    for folder in _staging(out_root):
        match = _STAGED.match(folder.name)
        if alive(int(match["pid"])):
            continue
        target = out_root / match["name"]
        if match["kind"] == "old" and not target.exists() and (folder / "manifest.json").is_file():
            os.rename(folder, target)  # the old folder was moved aside and the new never came
        else:
            _remove_staging(folder)


def _staging(out_root: Path) -> list[Path]:
    if not out_root.is_dir():
        return []
    return sorted(p for p in out_root.iterdir() if p.is_dir() and not p.is_symlink() and _STAGED.match(p.name))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_folder(out_root: Path, name: str, tables: dict[str, pa.Table], manifest: dict[str, Any],
                 kind: str = "edition") -> Path:
    """Stage and commit one folder: `<out_root>/<name>/`."""
    token = new_token()
    recover(out_root)
    return commit(stage_folder(out_root, name, tables, manifest, token, kind))


def write_tree(out_root: Path, name: str, fill: Callable[[Path], None], manifest: dict[str, Any],
               kind: str) -> Path:
    """Stage and commit one folder `<out_root>/<name>/` whose files `fill(folder)` writes."""
    token = new_token()
    recover(out_root)
    return commit(stage_tree(out_root, name, fill, manifest, token, kind))


def write_built_file(path: Path, build: Callable[[Path], None], replaceable_file: Callable[[Path], str | None]) -> Path:
    """A binary file that a library writes (a database): `build(tmp)` writes it inside a staging
    folder beside `path` (so a killed run's leftovers are removed by the next run, as for
    folders), then one rename puts it in place. An existing `path` is replaced only when
    `replaceable_file(path)` finds no reason against it."""
    parent = path.parent
    token = new_token()
    recover(parent)
    if problem := file_problem(path, replaceable_file):
        raise InputError(path, problem)
    staged = stage_tree(parent, path.name, lambda tmp: build(tmp / path.name), {"file": path.name}, token, "file")
    try:
        if problem := file_problem(path, replaceable_file):  # something appeared meanwhile
            raise InputError(path, problem)
        os.chmod(staged.tmp / path.name, 0o644)
        os.replace(staged.tmp / path.name, path)
    except OSError as exc:
        raise InputError(path, f"cannot be put in place ({exc.strerror})") from None
    finally:
        discard(staged)
    return path


def file_problem(path: Path, replaceable_file: Callable[[Path], str | None]) -> str | None:
    """Why the file `path` must not be replaced (see `write_built_file`), or None."""
    if not path.exists() and not path.is_symlink():
        return None
    if path.is_symlink() or not path.is_file():
        return "exists and is not a file this tool wrote; move it away or choose another path"
    return replaceable_file(path)


def write_file_atomically(path: Path, text: str) -> Path:
    """Write a file through a temporary sibling and a rename: never a truncated file in place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise InputError(path, f"cannot be written ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(path, f"cannot be written ({exc.strerror})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


# renameat2(2) with RENAME_EXCHANGE swaps two paths atomically (Linux >= 3.15, glibc >= 2.28).
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
try:
    _renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
except (AttributeError, OSError):
    _renameat2 = None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically; False when the OS or file system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))
