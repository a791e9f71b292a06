"""The names every stage shares: statuses, categories, tables and kinds, and the records of the
document model (sections, segments, sentences, mentions) with their rows.

Statuses and their precedence are spelled here once; everything else imports them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

Status = Literal["planned", "achieved", "neutral"]
STATUSES: tuple[Status, ...] = ("achieved", "planned", "neutral")  # a row's precedence over its mentions

# A status trigger's category (medspaCy ConText style); within one sentence NEUTRAL (a
# principle or aim) outranks PLANNED, which outranks ACHIEVED.
Category = Literal["PLANNED", "ACHIEVED", "NEUTRAL", "TERMINATE"]
SENTENCE_PRECEDENCE: tuple[Category, ...] = ("NEUTRAL", "PLANNED", "ACHIEVED")
CATEGORY_STATUS: dict[str, Status] = {"NEUTRAL": "neutral", "PLANNED": "planned", "ACHIEVED": "achieved"}

ObjectTable = Literal["missions", "satellites", "launch_vehicles", "launch_sites"]
OBJECT_TABLES: tuple[ObjectTable, ...] = ("missions", "satellites", "launch_vehicles", "launch_sites")
PARTNERS: Literal["partners"] = "partners"  # the mention table of partners

SegmentKind = Literal["heading", "paragraph", "bullet"]
SectionRole = Literal["body", "back_matter"]
SourceKind = Literal["text", "pdf"]


def slug(text: str) -> str:
    """A stable id from a name: ASCII, lower case, apostrophes dropped, the rest to hyphens.
    The one slug maker: entity ids, section ids of unnumbered chapters, default edition ids."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub("['’‘`´]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def strongest(statuses: Iterable[str]) -> Status:
    """The status a row takes from its mentions' statuses: the first of STATUSES present."""
    present = set(statuses)
    return next((s for s in STATUSES if s in present), "neutral")


@dataclass(frozen=True)
class Section:
    id: str
    level: int
    label: str
    number: int | None
    title: str
    parent_id: str | None
    ordinal: int
    role: SectionRole
    first_line: int
    last_line: int
    first_page: int | None
    last_page: int | None

    def to_row(self) -> dict[str, Any]:
        return {"section_id": self.id, "level": self.level, "label": self.label, "number": self.number,
                "title": self.title, "parent_id": self.parent_id, "ordinal": self.ordinal, "role": self.role,
                **_lines(self)}


@dataclass(frozen=True)
class Segment:
    id: str
    section_id: str
    kind: SegmentKind
    ordinal: int
    position: int
    text: str
    first_line: int
    last_line: int
    first_page: int | None
    last_page: int | None

    def to_row(self) -> dict[str, Any]:
        return {"segment_id": self.id, "section_id": self.section_id, "kind": self.kind, "ordinal": self.ordinal,
                "position": self.position, "text": self.text, **_lines(self)}


def _lines(record: Section | Segment) -> dict[str, int | None]:
    return {"first_line": record.first_line, "last_line": record.last_line,
            "first_page": record.first_page, "last_page": record.last_page}


@dataclass(frozen=True)
class Sentence:
    id: str
    segment_id: str
    section_id: str
    ordinal: int
    start: int  # character offsets in the segment text
    end: int
    text: str
    status: Status
    status_rule: str | None
    status_trigger: str | None

    def to_row(self) -> dict[str, Any]:
        return {"sentence_id": self.id, "segment_id": self.segment_id, "section_id": self.section_id,
                "ordinal": self.ordinal, "start": self.start, "end": self.end, "text": self.text,
                "status": self.status, "status_rule": self.status_rule, "status_trigger": self.status_trigger}


@dataclass(frozen=True)
class Mention:
    """A mention of a space object (table = missions ...) or a partner (table = partners)."""

    id: str
    sentence_id: str
    segment_id: str
    section_id: str
    table: str
    entity_id: str
    surface: str
    start: int  # character offsets in the segment text
    end: int
    status: Status
    rule: str  # objects: gazetteer | member | bare | unseen | text; partners: name | compound

    def to_row(self) -> dict[str, Any]:
        return {"mention_id": self.id, "sentence_id": self.sentence_id, "segment_id": self.segment_id,
                "section_id": self.section_id, "table": self.table, "entity_id": self.entity_id,
                "surface": self.surface, "start": self.start, "end": self.end, "status": self.status,
                "rule": self.rule}
