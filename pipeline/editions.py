"""Edition metadata: `source/editions.toml`, or a bare path given on the command line."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .model import slug


@dataclass(frozen=True)
class Edition:
    """One edition of the white paper and the file it is read from."""

    id: str
    path: Path
    title: str | None = None
    issuer: str | None = None
    translator: str | None = None
    published: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    language: str = "en"
    extra: dict[str, str] = field(default_factory=dict)

    def metadata(self) -> dict[str, str | None]:
        """Everything but the path, for the manifest."""
        return {
            "id": self.id,
            "title": self.title,
            "issuer": self.issuer,
            "translator": self.translator,
            "published": self.published,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "language": self.language,
            "file": self.path.name,
            **self.extra,
        }


_KNOWN = {"id", "file", "title", "issuer", "translator", "published", "period_start", "period_end", "language"}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# Folder names of the output root that are not editions: diffs go to OUT/diffs/OLD-NEW/, the
# export to OUT/export/. An edition may not take them (in any letter case).
DIFFS_DIR = "diffs"
EXPORT_DIR = "export"
RESERVED_IDS = (DIFFS_DIR, EXPORT_DIR)
MAX_CATALOG_BYTES = 1 << 20


def check_id(value: object, where: Path | str) -> str:
    """An edition id becomes a folder name: the one place it is checked, wherever it comes from
    (--edition, the catalogue, a file name, a manifest). Returns it, or raises InputError."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # id = 2021 written without quotes
    if not isinstance(value, str):
        raise InputError(where, f"edition id must be a string, not {type(value).__name__}")
    if not _ID.match(value) or ".." in value:
        raise InputError(
            where, f"edition id {value!r} cannot name a folder: use 1-64 letters, digits, '-', '_' or '.', "
                   "starting with a letter or digit"
        )
    if value.lower() in RESERVED_IDS:
        raise InputError(where, f"edition id {value!r} is reserved (the output root's {value.lower()}/ folder "
                                f"holds the {value.lower()}); choose another id")
    return value


def load_editions(catalog: Path) -> list[Edition]:
    """Read the edition catalogue; every edition names a file relative to the catalogue."""
    if not catalog.exists():
        raise InputError(catalog, "edition catalogue not found")
    if not catalog.is_file():
        raise InputError(catalog, "edition catalogue is not a regular file")
    try:
        with catalog.open("rb") as handle:
            raw = handle.read(MAX_CATALOG_BYTES + 1)
    except OSError as exc:
        raise InputError(catalog, f"edition catalogue cannot be read ({exc.strerror})") from None
    if len(raw) > MAX_CATALOG_BYTES:
        raise InputError(catalog, "edition catalogue is over 1 MB; is it the right file?")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(catalog, f"not a valid TOML catalogue ({exc})") from None
    entries = data.get("edition", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise InputError(catalog, "editions must be [[edition]] tables")
    editions = []
    for number, entry in enumerate(entries, start=1):
        where = f"{catalog} (edition {number})"
        if "id" not in entry or "file" not in entry:
            raise InputError(where, "every [[edition]] needs an id and a file")
        if not isinstance(entry["file"], str) or not entry["file"].strip():
            raise InputError(where, "file must be a file name (a string)")
        editions.append(
            Edition(
                id=check_id(entry["id"], where),
                path=catalog.parent / entry["file"],
                **{k: str(v) for k, v in entry.items() if k in _KNOWN - {"id", "file"}},
                extra={k: str(v) for k, v in entry.items() if k not in _KNOWN},
            )
        )
    ids = [e.id for e in editions]
    if len(ids) != len(set(ids)):
        raise InputError(catalog, "edition ids are not unique")
    return editions


def edition_for_path(path: Path, edition_id: str | None, catalog: list[Edition]) -> Edition:
    """An edition for a file named on the command line: its catalogue entry, or a bare one."""
    if edition_id is not None:
        check_id(edition_id, "--edition")
    for known in catalog:
        if known.path.resolve() == path.resolve() and edition_id in (None, known.id):
            return known
    return Edition(id=edition_id if edition_id is not None else default_edition_id(path), path=path)


def default_edition_id(path: Path) -> str:
    """The id an uncatalogued file gets: a four-digit year in its name, else its stem."""
    years = re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", path.stem)
    found = years[-1] if years else slug(path.stem)[:64].rstrip("-")
    if not found:
        raise InputError(path, "no edition id can be made from this file name; give one with --edition")
    return check_id(found, path)
