"""Edition metadata: `source/editions.toml`, or a bare path given on the command line."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError


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


def load_editions(catalog: Path) -> list[Edition]:
    """Read the edition catalogue; every edition names a file relative to the catalogue."""
    try:
        data = tomllib.loads(catalog.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(catalog, "edition catalogue not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(catalog, f"not a valid TOML catalogue ({exc})") from None
    editions = []
    for entry in data.get("edition", []):
        if "id" not in entry or "file" not in entry:
            raise InputError(catalog, "every [[edition]] needs an id and a file")
        editions.append(
            Edition(
                id=str(entry["id"]),
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
    for known in catalog:
        if known.path.resolve() == path.resolve() and edition_id in (None, known.id):
            return known
    return Edition(id=edition_id or default_edition_id(path), path=path)


def default_edition_id(path: Path) -> str:
    """The id an uncatalogued file gets: a four-digit year in its name, else its stem."""
    years = re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", path.stem)
    return years[-1] if years else re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
