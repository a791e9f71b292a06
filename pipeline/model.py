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

# What a status says depends on what it is about: an object is realised or not, a partner's
# cooperation happened (or goes on) or is only promised, a sentence reports one of those.
Target = Literal["sentence", "object", "partner"]
TARGETS: tuple[Target, ...] = ("sentence", "object", "partner")

# A status trigger's category (medspaCy ConText style). Modifiers:
#   PLANNED      to be done ("will", "plans to", "is to", imperative plan bullets via scope)
#   DEVELOPMENT  work under way ("is jointly developing", "development of", "R&D on")
#   ACHIEVED     done ("launched", "has completed", "since 2016")
#   ONGOING      in service or standing practice ("ensure", "participates in", "Supporting ...")
#   NEUTRAL      a principle, aim or stance ("has always", "aims to", "holds that")
# and two that only shape scopes: SHIELD, a nominal that keeps a verb from the object after it
# ("cooperation in", "payloads of"), and TERMINATE, a clause boundary (";", "whereas").
Category = Literal["PLANNED", "DEVELOPMENT", "ACHIEVED", "ONGOING", "NEUTRAL", "SHIELD", "TERMINATE"]
MODIFIERS: tuple[Category, ...] = ("NEUTRAL", "PLANNED", "DEVELOPMENT", "ACHIEVED", "ONGOING")
# within one sentence (and between equally near triggers of a mention) the first of these wins
SENTENCE_PRECEDENCE: tuple[Category, ...] = MODIFIERS

# The status a modifier gives each target. Work under way is not a realised object, but it is
# cooperation that goes on.
CATEGORY_STATUS: dict[str, dict[Target, Status]] = {
    "PLANNED": {"sentence": "planned", "object": "planned", "partner": "planned"},
    "DEVELOPMENT": {"sentence": "planned", "object": "planned", "partner": "achieved"},
    "ACHIEVED": {"sentence": "achieved", "object": "achieved", "partner": "achieved"},
    "ONGOING": {"sentence": "achieved", "object": "achieved", "partner": "achieved"},
    "NEUTRAL": {"sentence": "neutral", "object": "neutral", "partner": "neutral"},
}

# A SHIELD keeps only these off the object after it: a cooperation that happened in a mission
# does not say the mission flew, but work planned or under way on it still says it has not.
SHIELDED: tuple[Category, ...] = ("ACHIEVED", "ONGOING")

# The finer reading of an object's status, when the text gives one.
Stage = Literal["operating", "completed", "launched", "in_development", "planned"]
STAGES: tuple[Stage, ...] = ("completed", "operating", "launched", "in_development", "planned")
CATEGORY_STAGE: dict[str, Stage] = {"DEVELOPMENT": "in_development", "PLANNED": "planned", "ONGOING": "operating"}

# What the scorecard says became of a plan of the older edition, in the order diffs list them.
Outcome = Literal["fulfilled", "in_progress", "not_mentioned", "dropped", "carried_over"]
OUTCOMES: tuple[Outcome, ...] = ("fulfilled", "in_progress", "not_mentioned", "dropped", "carried_over")

ObjectTable = Literal["missions", "satellites", "launch_vehicles", "launch_sites"]
OBJECT_TABLES: tuple[ObjectTable, ...] = ("missions", "satellites", "launch_vehicles", "launch_sites")
PARTNERS: Literal["partners"] = "partners"  # the mention table of partners

SegmentKind = Literal["heading", "paragraph", "bullet"]
SectionRole = Literal["front_matter", "contents", "body", "back_matter"]
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


def deciding(mentions: list[Mention]) -> Mention:
    """The mention that decides a row's status: of those with the strongest status, the first
    that gives a stage, else the first (mentions in document order). Of a thing not yet
    realised, work under way outweighs a plan that comes first: a station whose construction
    has begun is in development, not only planned."""
    status = strongest(m.status for m in mentions)
    winners = [m for m in mentions if m.status == status]
    staged = [m for m in winners if m.verdict.stage is not None]
    under_way = [m for m in staged if m.verdict.stage == "in_development"]
    return (under_way or staged or winners)[0]


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
class Verdict:
    """A status and why: the rule that set it and the words (or sentence, or section) it came from."""

    status: Status
    rule: str | None  # a trigger's rule id; "scope", "section:<id>", "sentence", "shield:<id>"; None
    trigger: str | None
    stage: Stage | None = None


@dataclass(frozen=True)
class Mention:
    """A mention of a space object (table = missions ...) or a partner (table = partners), with
    the status of the predicate that governs it."""

    id: str
    sentence_id: str
    segment_id: str
    section_id: str
    table: str
    entity_id: str
    surface: str
    start: int  # character offsets in the segment text
    end: int
    verdict: Verdict
    rule: str  # objects: gazetteer | member | bare | unseen | text; partners: name | compound
    role: str | None = None  # partners: "location" for a place that is only a place

    @property
    def status(self) -> Status:
        return self.verdict.status

    def to_row(self) -> dict[str, Any]:
        return {"mention_id": self.id, "sentence_id": self.sentence_id, "segment_id": self.segment_id,
                "section_id": self.section_id, "table": self.table, "entity_id": self.entity_id,
                "surface": self.surface, "start": self.start, "end": self.end, "status": self.status,
                "stage": self.verdict.stage, "status_rule": self.verdict.rule,
                "status_trigger": self.verdict.trigger, "rule": self.rule, "role": self.role}
