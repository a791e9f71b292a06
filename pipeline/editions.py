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
    """One edition of the white paper and the file (or files, in order) it is read from.

    `path` is the file, or the first of an edition published in parts (`more_parts` the rest);
    None for an edition the catalogue describes whose text is not shipped yet."""

    id: str
    path: Path | None
    title: str | None = None
    issuer: str | None = None
    translator: str | None = None
    published: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    language: str = "en"
    series: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    more_parts: tuple[Path, ...] = ()

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file of the edition, in order; empty when its text is not shipped."""
        return (self.path, *self.more_parts) if self.path is not None else ()

    @property
    def where(self) -> str:
        """The edition's file, or its parts joined by " + ", as errors name them."""
        return " + ".join(map(str, self.files)) or self.id

    def metadata(self) -> dict[str, str | None]:
        """Everything but the path, for the manifest: `file` names the file, or the parts'
        files joined by " + "."""
        return {
            "id": self.id,
            "title": self.title,
            "issuer": self.issuer,
            "translator": self.translator,
            "published": self.published,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "language": self.language,
            **({"series": self.series} if self.series is not None else {}),
            "file": " + ".join(p.name for p in self.files) or None,
            **self.extra,
        }


_KNOWN = {"id", "file", "files", "title", "issuer", "translator", "published", "period_start", "period_end",
          "language", "series"}
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
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
        if "id" not in entry:
            raise InputError(where, "every [[edition]] needs an id")
        files = _files(entry, where)
        editions.append(
            Edition(
                id=check_id(entry["id"], where),
                path=catalog.parent / files[0] if files else None,
                **{k: str(v) for k, v in entry.items() if k in _KNOWN - {"id", "file", "files"}},
                extra={k: str(v) for k, v in entry.items() if k not in _KNOWN},
                more_parts=tuple(catalog.parent / f for f in files[1:]),
            )
        )
    ids = [e.id for e in editions]
    if len(ids) != len(set(ids)):
        raise InputError(catalog, "edition ids are not unique")
    return editions


def _files(entry: dict, where: str) -> list[str]:
    """An entry's file names: `file = "a.txt"`, or `files = ["a.html", "b.html"]` for an edition
    in parts, in order; "" or [] (or neither key) while its text is not shipped."""
    if "file" in entry and "files" in entry:
        raise InputError(where, "give either file or files, not both")
    given = entry.get("files", entry.get("file", ""))
    if isinstance(given, str):
        given = [given] if given.strip() else []
    elif not (isinstance(given, list) and all(isinstance(n, str) and n.strip() for n in given)):
        raise InputError(where, "file must be a file name (a string), files a list of file names")
    if len(set(given)) != len(given):
        raise InputError(where, "files names one file twice")
    return given


def where_to_put(catalog: Path, edition: Edition) -> str:
    """What to do for a catalogued edition without a file, as the problem of an InputError."""
    year = next(iter(_YEAR.findall(edition.id)), edition.id)
    prefix = (edition.series or "space").split("-")[0]
    name = f"cn-{prefix}-{year}.txt"
    return (f"no file yet: save the text as {catalog.parent / name} and set file = \"{name}\" "
            "(or files = [...] for an edition in several parts)")


def edition_for_path(path: Path, edition_id: str | None, catalog: list[Edition]) -> Edition:
    """An edition for a file named on the command line: its catalogue entry, or a bare one."""
    return edition_for_paths([path], edition_id, catalog)


def edition_for_paths(paths: list[Path], edition_id: str | None, catalog: list[Edition]) -> Edition:
    """One edition from the files named on the command line, in order: the catalogue entry
    whose files they are, or a bare one (its id from --edition, else from the first file)."""
    if edition_id is not None:
        check_id(edition_id, "--edition")
    wanted = [p.resolve() for p in paths]
    for known in catalog:
        if [p.resolve() for p in known.files] == wanted and edition_id in (None, known.id):
            return known
    ident = edition_id if edition_id is not None else default_edition_id(paths[0])
    return Edition(id=ident, path=paths[0], more_parts=tuple(paths[1:]))


def default_edition_id(path: Path) -> str:
    """The id an uncatalogued file gets: a four-digit year in its name, else its stem."""
    years = _YEAR.findall(path.stem)
    found = years[-1] if years else slug(path.stem)[:64].rstrip("-")
    if not found:
        raise InputError(path, "no edition id can be made from this file name; give one with --edition")
    return check_id(found, path)
