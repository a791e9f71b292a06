"""Status rules: ConText-style triggers (`status_rules.jsonl`) and section defaults
(`section_status.jsonl`), read by `pipeline/status.py`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

from ..model import Category, Status
from . import records
from .records import Record, Where

Scope = Literal["sentence", "block", "list"]


@dataclass(frozen=True)
class StatusRule(Record):
    """One trigger: what it matches, what it means, and how far it reaches."""

    id: str
    category: Category
    literal: str | tuple[str, ...] | None = None  # phrases, matched case-insensitively
    pattern: tuple[dict[str, Any], ...] | None = None  # a spaCy Matcher token pattern
    scope: Scope = "sentence"
    sentence_start: bool = False
    not_after: frozenset[str] = frozenset()
    comment: str | None = None

    def validate(self, where: Where) -> None:
        if (self.literal is None) == (self.pattern is None):
            raise where.fail("give exactly one of literal or pattern")

    @property
    def literals(self) -> tuple[str, ...]:
        return (self.literal,) if isinstance(self.literal, str) else self.literal or ()


@dataclass(frozen=True)
class SectionDefault(Record):
    """A section whose title matches gives its status to sentences with no trigger of their own."""

    id: str
    title_regex: str
    status: Status
    pattern: re.Pattern = field(init=False, repr=False, compare=False)

    def validate(self, where: Where) -> None:
        try:
            object.__setattr__(self, "pattern", re.compile(self.title_regex, re.I))
        except re.error as exc:
            raise where.fail(f"not a regular expression ({exc})", "title_regex") from None


@dataclass(frozen=True)
class StatusRules:
    files: ClassVar[tuple[str, ...]] = ("status_rules.jsonl", "section_status.jsonl")

    triggers: tuple[StatusRule, ...]
    sections: tuple[SectionDefault, ...]

    @classmethod
    def load(cls, folder: Path) -> StatusRules:
        return cls(tuple(records.records(folder / "status_rules.jsonl", StatusRule)),
                   tuple(records.records(folder / "section_status.jsonl", SectionDefault)))
