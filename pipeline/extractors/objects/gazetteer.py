"""The space-object rules: named objects and series from `entities/`, checked on load.

`names.jsonl` lists individual objects (id, name, table, kind, series, aliases), `series.jsonl`
the programmes whose members are written Name-Number, and `context.toml` the words that say
which table an unseen name belongs to. Ids are slugs, the same in every edition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ...model import OBJECT_TABLES, ObjectTable, slug
from ...rules import records
from ...rules.records import Record, Where


def spellings(form: str) -> set[str]:
    """A form with straight and curly apostrophes, and Name-Number with a space or a hyphen."""
    out = {form, form.replace("'", "’"), form.replace("’", "'")}
    for variant in list(out):
        if match := re.match(r"^(.*[A-Za-z'’])-(\d.*)$", variant):
            out.add(f"{match[1]} {match[2]}")
    return out


@dataclass(frozen=True)
class NameRow(Record):
    """One named object of `names.jsonl`."""

    id: str
    name: str
    table: ObjectTable
    kind: str
    series: str | None = None  # a series id of series.jsonl
    country: str | None = None  # ISO3 of the owner (documentation; not matched)
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class SeriesRow(Record):
    """One programme of `series.jsonl` whose members are written Name-Number."""

    id: str
    series: str
    table: ObjectTable
    kind: str
    member_kind: str
    program: str | None = None
    country: str | None = None
    aliases: tuple[str, ...] = ()  # other spellings, matched wherever they stand
    abbreviations: tuple[str, ...] = ()  # "FY", "LM": only quoted ("DFH") or with a number ("FY-3")
    glosses: tuple[str, ...] = ()  # English translations: only in '"FY" (Fengyun, or Wind and Cloud)'
    numbered: bool = True
    bare: bool = True  # false where the bare word is a common word ("Gravity"): only Name-Number counts
    member_pattern_notes: str | None = None  # how members are written (documentation; not matched)

    def validate(self, where: Where) -> None:
        if not self.kind.endswith("series"):
            raise where.fail("a series kind must end in 'series'", "kind")
        for key in ("abbreviations", "glosses"):
            if shared := set(getattr(self, key)) & {self.series, *self.aliases}:
                raise where.fail(f"{sorted(shared)} is also a name or alias", key)


@dataclass(frozen=True)
class _Nouns(Record):
    missions: tuple[str, ...] = ()
    satellites: tuple[str, ...] = ()
    launch_vehicles: tuple[str, ...] = ()
    launch_sites: tuple[str, ...] = ()


@dataclass(frozen=True)
class _ContextFile(Record):
    max_modifiers: int
    series_words: tuple[str, ...]
    allowed_capitalised_followers: tuple[str, ...]
    stop_words: tuple[str, ...]
    determiners: tuple[str, ...]
    nouns: _Nouns
    long_form_heads: dict[str, ObjectTable] = field(default_factory=dict)


@dataclass(frozen=True)
class Series:
    id: str
    name: str
    table: str
    kind: str
    member_kind: str
    forms: tuple[str, ...]  # the name and its aliases, as written
    numbered: bool
    abbreviations: tuple[str, ...] = ()
    glosses: tuple[str, ...] = ()
    bare: bool = True

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
    country: str | None = None  # the owner's ISO3 (names.jsonl), for links to a partner not named

    def to_plain(self) -> dict[str, object]:
        """Plain values, for a Doc extension that survives `to_bytes` / DocBin."""
        return {"id": self.id, "name": self.name, "table": self.table, "kind": self.kind,
                "series": self.series, "aliases": list(self.aliases), "source": self.source, "country": self.country}

    @classmethod
    def from_plain(cls, data: dict) -> Entity:
        return cls(data["id"], data["name"], data["table"], data["kind"], data["series"],
                   tuple(data["aliases"]), data["source"], data["country"])


@dataclass(frozen=True)
class ObjectRules:
    """Everything the space-object rules read."""

    files: ClassVar[tuple[str, ...]] = ("entities/names.jsonl", "entities/series.jsonl", "entities/context.toml")

    entities: dict[str, Entity]
    series: dict[str, Series]
    by_form: dict[str, str]  # slug of any name or alias -> entity id
    nouns: dict[str, str]  # context noun -> table
    max_modifiers: int
    allowed_followers: frozenset[str]
    stop_words: frozenset[str]
    determiners: frozenset[str]
    series_words: frozenset[str]
    long_form_heads: dict[str, str]  # last word of a long form (singular) -> table

    def lookup(self, surface: str) -> Entity | None:
        entity_id = self.by_form.get(slug(surface))
        return self.entities.get(entity_id) if entity_id else None

    @classmethod
    def load(cls, folder: Path) -> ObjectRules:
        folder = folder / "entities"
        series: dict[str, Series] = {}
        for row in records.records(folder / "series.jsonl", SeriesRow):
            series[row.id] = Series(row.id, row.series, row.table, row.kind, row.member_kind,
                                    (row.series, *row.aliases), row.numbered, row.abbreviations, row.glosses,
                                    row.bare)
        entities: dict[str, Entity] = {}
        by_form: dict[str, str] = {}
        for where, raw in records.jsonl(folder / "names.jsonl"):
            row = NameRow.from_dict(raw, where)
            if row.series and row.series not in series:
                raise where.fail(f"unknown series {row.series!r}", "series")
            if row.id in entities:
                raise where.fail(f"{row.id!r} is used twice", "id")
            entity = Entity(row.id, row.name, row.table, row.kind,
                            series[row.series].entity_id if row.series else None, row.aliases, country=row.country)
            entities[entity.id] = entity
            for form in (entity.name, *entity.aliases):
                if by_form.setdefault(slug(form), entity.id) != entity.id:
                    raise where.fail(f"{form!r} names both {by_form[slug(form)]} and {entity.id}", "aliases")
        for s in series.values():
            entities[s.entity_id] = Entity(s.entity_id, s.name, s.table, s.kind, s.entity_id,
                                           (*s.forms[1:], *s.abbreviations, *s.glosses), "series")
        context = records.toml(folder / "context.toml", _ContextFile)
        nouns = {noun: table for table in OBJECT_TABLES
                 for noun in getattr(context.nouns, table)}
        return cls(
            entities, series, by_form, nouns, context.max_modifiers,
            frozenset(context.allowed_capitalised_followers), frozenset(context.stop_words),
            frozenset(context.determiners), frozenset(context.series_words), dict(context.long_form_heads),
        )

    def ruler_patterns(self) -> list[dict]:
        """Phrase patterns (as spaCy's `span_ruler` takes them) for every named object: label =
        table, id = entity id."""
        patterns = []
        for entity in self.entities.values():
            if entity.source != "gazetteer":
                continue
            for form in sorted({v for f in (entity.name, *entity.aliases) for v in spellings(f)}):
                patterns.append({"label": entity.table, "pattern": form, "id": entity.id})
        return patterns
