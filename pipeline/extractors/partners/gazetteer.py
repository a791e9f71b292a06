"""The partner rules, under `partners/`: countries (id = ISO3), regions, organizations and joint
bodies (a joint body lists the foreign `countries` and the partner `parties` it joins),
frameworks (treaties, agendas, initiatives, guidelines), exclusions (China, its places,
agencies and sites: never partners) and the words the role rules read (`roles.toml`).

Partners and frameworks are one part because they are matched together (the longest name wins,
"United Nations 2030 Agenda" is a framework). One form names one thing across all files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal

from ...rules import records
from ...rules.records import Record, Where

FRAMEWORK = "framework"
_ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class CountryRow(Record):
    id: str
    name: str
    iso3: str
    type: Literal["country"]
    iso2: str | None = None  # documentation
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    combining_forms: tuple[str, ...] = ()  # matched only after "China-" / "Sino-"

    def validate(self, where: Where) -> None:
        if not (self.id == self.iso3 and _ISO3.match(self.id)):
            raise where.fail(f"a country's id must be its ISO3 code (iso3 {self.iso3!r})", "id")


@dataclass(frozen=True)
class RegionRow(Record):
    id: str
    name: str
    type: Literal["region"]
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    combining_forms: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrganizationRow(Record):
    id: str
    name: str
    type: Literal["organization", "joint_body"]
    acronym: str | None = None  # documentation; matched only when also an alias (many are ambiguous)
    aliases: tuple[str, ...] = ()
    country: str | None = None  # an agency's home country (ISO3)
    countries: tuple[str, ...] = ()  # a joint body's foreign countries (ISO3)
    parties: tuple[str, ...] = ()  # a joint body's partner ids

    def validate(self, where: Where) -> None:
        if self.type != "joint_body" and (self.countries or self.parties):
            raise where.fail("only a joint_body lists countries or parties", "countries")
        if self.type == "joint_body" and not (self.countries or self.parties):
            raise where.fail("a joint_body must list its countries or parties", "countries")


@dataclass(frozen=True)
class FrameworkRow(Record):
    id: str
    name: str
    type: Literal["framework"]
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Partner:
    """A partner or a framework, with every form the text may use for it."""

    id: str  # ISO3 for a country, else a slug
    name: str
    type: str  # country, region, organization, joint_body, or framework
    forms: tuple[str, ...]  # name, aliases, adjectives: matched anywhere
    combining_forms: tuple[str, ...] = ()
    country: str | None = None
    countries: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Compounds(Record):
    prefixes: tuple[str, ...]


@dataclass(frozen=True)
class _Lists(Record):
    introducers: tuple[str, ...]
    leads: tuple[str, ...]
    articles: tuple[str, ...]
    separators: tuple[str, ...]
    fillers: tuple[str, ...]
    possessives: tuple[str, ...]


@dataclass(frozen=True)
class RoleWords(Record):
    """roles.toml [roles]: the words the role rules read (see components.py)."""

    after_list: tuple[str, ...]
    after_list_gerund: tuple[str, ...]
    after_list_infinitive: tuple[str, ...]
    before_list_markers: tuple[str, ...]
    cooperation_verbs: tuple[str, ...]
    cooperation_nouns: tuple[str, ...]
    activity_verbs: tuple[str, ...]
    determiners: tuple[str, ...]
    stops: tuple[str, ...]
    max_tokens: int

    def validate(self, where: Where) -> None:
        if self.max_tokens < 1:
            raise where.fail("must be a positive integer", "max_tokens")


@dataclass(frozen=True)
class LinkWords(Record):
    """roles.toml [links]: how a partner is paired with the object it cooperated on."""

    frame_openers: tuple[str, ...]
    frame_subjects: frozenset[str]
    object_markers: frozenset[str]
    joint_words: frozenset[str]


@dataclass(frozen=True)
class LocationWords(Record):
    """roles.toml [locations]: a partner named only as a place."""

    nouns: frozenset[str]
    prepositions: frozenset[str]
    verbs: frozenset[str]


@dataclass(frozen=True)
class _RolesFile(Record):
    compounds: _Compounds
    lists: _Lists
    roles: RoleWords
    links: LinkWords
    locations: LocationWords


_FILES: tuple[tuple[str, type[Record]], ...] = (
    ("countries.jsonl", CountryRow),
    ("regions.jsonl", RegionRow),
    ("organizations.jsonl", OrganizationRow),
    ("frameworks.jsonl", FrameworkRow),
)


def _bare(form: str) -> str:
    """A form without its article: the span is "Netherlands", whether or not "the" is written."""
    return re.sub(r"^[Tt]he ", "", form.strip())


@dataclass(frozen=True)
class PartnerRules:
    files: ClassVar[tuple[str, ...]] = (*(f"partners/{name}" for name, _ in _FILES),
                                        "partners/exclusions.txt", "partners/roles.toml")

    partners: dict[str, Partner]  # id -> partner (countries, regions, organizations, joint bodies)
    frameworks: dict[str, Partner]  # id -> framework
    exclusions: tuple[str, ...]  # surface forms that are never partners
    prefixes: tuple[str, ...]
    lists: _Lists
    words: RoleWords
    links: LinkWords
    locations: LocationWords

    @classmethod
    def load(cls, folder: Path) -> PartnerRules:
        folder = folder / "partners"
        entries: dict[str, Partner] = {}
        where_of: dict[str, Where] = {}
        owner: dict[str, str] = {}  # form -> id: one form names one thing
        for name, kind in _FILES:
            for where, raw in records.jsonl(folder / name):
                row = kind.from_dict(raw, where)
                if row.id in entries:
                    raise where.fail(f"id {row.id!r} is used twice", "id")
                forms = tuple(dict.fromkeys(_bare(f) for f in (row.name, *row.aliases, *getattr(row, "adjectives", ()))))
                for form in forms:
                    if owner.setdefault(form, row.id) != row.id:
                        raise where.fail(f"{form!r} already names {owner[form]}", "aliases")
                entries[row.id] = Partner(
                    row.id, row.name, row.type, forms, getattr(row, "combining_forms", ()),
                    getattr(row, "country", None), getattr(row, "countries", ()), getattr(row, "parties", ()))
                where_of[row.id] = where
        for entry in entries.values():
            _check_links(entry, entries, where_of[entry.id])
        exclusions = []
        for where, form in records.word_list(folder / "exclusions.txt"):
            if form in owner:  # it would hide that partner everywhere
                raise where.fail(f"{form!r} is also a form of {owner[form]}")
            exclusions.append(form)
        roles = records.toml(folder / "roles.toml", _RolesFile)
        return cls(
            partners={k: v for k, v in entries.items() if v.type != FRAMEWORK},
            frameworks={k: v for k, v in entries.items() if v.type == FRAMEWORK},
            exclusions=tuple(exclusions), prefixes=roles.compounds.prefixes, lists=roles.lists, words=roles.roles,
            links=roles.links, locations=roles.locations,
        )

    def joint_body_countries(self, partner_id: str) -> list[str]:
        """The foreign ISO3 codes a joint body involves: its own list, and any party that is a
        country or an agency of one. [] for a partner that is not a joint body."""
        body = self.partners[partner_id]
        if body.type != "joint_body":
            return []
        found = list(body.countries)
        for party in map(self.partners.__getitem__, body.parties):
            found.extend([party.id] if party.type == "country" else [party.country] if party.country else [])
        return sorted(set(found))


def _check_links(entry: Partner, entries: dict[str, Partner], where: Where) -> None:
    for iso3 in (*entry.countries, *([entry.country] if entry.country else [])):
        if getattr(entries.get(iso3), "type", None) != "country":
            raise where.fail(f"{iso3!r} is not a country id", "countries")
    for party in entry.parties:
        if getattr(entries.get(party), "type", FRAMEWORK) == FRAMEWORK:
            raise where.fail(f"party {party!r} is not a partner id", "parties")
