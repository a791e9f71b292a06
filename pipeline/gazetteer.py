"""The space-object gazetteer: named objects and series from `patterns/entities/`, validated.

`names.jsonl` lists individual objects (id, name, table, kind, series, aliases), `series.jsonl`
the programmes whose members are written Name-Number, and `context.toml` the nouns that say
which table an unseen name belongs to. Ids are slugs, the same in every edition.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import InputError
from .patterns import patterns_dir, read_jsonl, read_toml

TABLES = ("missions", "satellites", "launch_vehicles", "launch_sites")
_APOSTROPHES = "'’‘`´"


def slug(text: str) -> str:
    """Stable id from a name: ASCII, lower case, apostrophes dropped, the rest to hyphens."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(f"[{_APOSTROPHES}]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def spellings(form: str) -> set[str]:
    """A form with straight and curly apostrophes, and Name-Number with a space or a hyphen."""
    out = {form, form.replace("'", "’"), form.replace("’", "'")}
    for variant in list(out):
        if match := re.match(r"^(.*[A-Za-z'’])-(\d.*)$", variant):
            out.add(f"{match[1]} {match[2]}")
    return out


@dataclass(frozen=True)
class Series:
    id: str
    name: str
    table: str
    kind: str
    member_kind: str
    program: str
    forms: tuple[str, ...]  # the name and its aliases, as written
    numbered: bool

    @property
    def entity_id(self) -> str:
        """Id of the series as an entity of its own ("the Long March carrier rockets")."""
        return f"{self.id}-series"


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    table: str
    kind: str
    series: str | None  # series entity id, e.g. "long-march-series"
    aliases: tuple[str, ...] = ()
    source: str = "gazetteer"  # gazetteer | series | unclassified | text


@dataclass(frozen=True)
class Gazetteer:
    entities: dict[str, Entity]
    series: dict[str, Series]
    by_form: dict[str, str]  # slug of any name or alias -> entity id
    nouns: dict[str, str]  # context noun -> table
    max_modifiers: int
    allowed_followers: frozenset[str]
    stop_words: frozenset[str]
    series_words: frozenset[str]

    def lookup(self, surface: str) -> Entity | None:
        entity_id = self.by_form.get(slug(surface))
        return self.entities.get(entity_id) if entity_id else None


@cache
def load_gazetteer(folder: Path | None = None) -> Gazetteer:
    folder = (folder or patterns_dir()) / "entities"
    series: dict[str, Series] = {}
    for row in read_jsonl(folder / "series.jsonl"):
        _check(folder / "series.jsonl", row, ("id", "series", "table", "kind", "member_kind"))
        if not row["kind"].endswith("series"):
            raise InputError(folder / "series.jsonl", f"{row['id']}: a series kind must end in 'series'")
        series[row["id"]] = Series(
            row["id"], row["series"], row["table"], row["kind"], row["member_kind"],
            row.get("program", ""), (row["series"], *row.get("aliases", [])), bool(row.get("numbered", True)),
        )
    entities: dict[str, Entity] = {}
    by_form: dict[str, str] = {}
    for row in read_jsonl(folder / "names.jsonl"):
        _check(folder / "names.jsonl", row, ("id", "name", "table", "kind"))
        if row.get("series") and row["series"] not in series:
            raise InputError(folder / "names.jsonl", f"{row['id']}: unknown series {row['series']!r}")
        entity = Entity(
            row["id"], row["name"], row["table"], row["kind"],
            series[row["series"]].entity_id if row.get("series") else None, tuple(row.get("aliases", [])),
        )
        entities[entity.id] = entity
        for form in (entity.name, *entity.aliases):
            if by_form.setdefault(slug(form), entity.id) != entity.id:
                raise InputError(folder / "names.jsonl", f"{form!r} names both {by_form[slug(form)]} and {entity.id}")
    for s in series.values():
        entities[s.entity_id] = Entity(s.entity_id, s.name, s.table, s.kind, s.entity_id, s.forms[1:], "series")
    context = read_toml(folder / "context.toml")
    nouns = {noun: table for table, words in context["nouns"].items() for noun in words}
    return Gazetteer(
        entities, series, by_form, nouns, int(context["max_modifiers"]),
        frozenset(context["allowed_capitalised_followers"]), frozenset(context["stop_words"]),
        frozenset(context["series_words"]),
    )


def _check(path: Path, row: dict, keys: tuple[str, ...]) -> None:
    missing = [k for k in keys if not row.get(k)]
    if missing:
        raise InputError(path, f"{row.get('id', '?')}: missing {', '.join(missing)}")
    if row.get("table") not in TABLES:
        raise InputError(path, f"{row['id']}: table must be one of {', '.join(TABLES)}")


def ruler_patterns(gazetteer: Gazetteer) -> list[dict]:
    """SpanRuler phrase patterns for every named object: label = table, id = entity id."""
    patterns = []
    for entity in gazetteer.entities.values():
        if entity.source != "gazetteer":
            continue
        for form in sorted({v for f in (entity.name, *entity.aliases) for v in spellings(f)}):
            patterns.append({"label": entity.table, "pattern": form, "id": entity.id})
    return patterns
