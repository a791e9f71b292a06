"""Status rules: ConText-style triggers (`status_rules.jsonl`) and section defaults
(`section_status.jsonl`), read by `pipeline/status.py`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

from ..model import Category, Stage, Status, Target
from . import records
from .records import Record, Where

Scope = Literal["sentence", "block", "list"]
Direction = Literal["forward", "backward", "bidirectional"]


@dataclass(frozen=True)
class StatusRule(Record):
    """One trigger: what it matches, what it means, how far it reaches and what it governs.

    `scope` is how far a sentence's status carries (the sentence, a block of following
    sentences, or the list under it, over the bullets whose status a `yields` trigger set); `direction` and `max_scope` (tokens) are how far a
    trigger reaches to the mentions of its sentence; `targets` are the kinds of thing it
    speaks of (a sentence, an object, a partner); `stage` the finer reading it gives an object.
    """

    id: str
    category: Category
    literal: str | tuple[str, ...] | None = None  # phrases, matched case-insensitively
    pattern: tuple[dict[str, Any], ...] | None = None  # a spaCy Matcher token pattern
    scope: Scope = "sentence"
    direction: Direction = "bidirectional"
    max_scope: int | None = None
    targets: tuple[Target, ...] = ("sentence", "object", "partner")
    stage: Stage | None = None
    reduced_relative: frozenset[str] = frozenset()  # "data obtained by X": then it reaches back only one word
    appositive: frozenset[str] = frozenset()  # ", developed with Italy,": after a comma, before one of these, it decides no sentence
    sentence_start: bool = False
    weak: bool = False
    yields: bool = False
    not_after: frozenset[str] = frozenset()
    # "help Egypt set up ...": a few words after one of these (no punctuation between), a past form
    # that is also the bare infinitive ("set up") is the infinitive
    bare_after: frozenset[str] = frozenset()
    comment: str | None = None

    def validate(self, where: Where) -> None:
        if (self.literal is None) == (self.pattern is None):
            raise where.fail("give exactly one of literal or pattern")
        if self.max_scope is not None and self.max_scope < 0:
            raise where.fail("must be 0 or more tokens", "max_scope")
        if not self.targets:
            raise where.fail("must name at least one of sentence, object, partner", "targets")

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
class _StagesFile(Record):
    """status_stages.toml: the words of an ACHIEVED trigger that say which stage it reports, and
    the words no list of objects runs across."""

    launched: tuple[str, ...] = ()
    completed: tuple[str, ...] = ()
    operating: tuple[str, ...] = ()
    list_breakers: frozenset[str] = frozenset()


@dataclass(frozen=True)
class StatusRules:
    files: ClassVar[tuple[str, ...]] = ("status_rules.jsonl", "section_status.jsonl", "status_stages.toml")

    triggers: tuple[StatusRule, ...]
    sections: tuple[SectionDefault, ...]
    stage_words: dict[str, Stage]  # lower-case word -> stage
    list_breakers: frozenset[str]

    @classmethod
    def load(cls, folder: Path) -> StatusRules:
        stages = records.toml(folder / "status_stages.toml", _StagesFile)
        words: dict[str, Stage] = {}
        for stage in ("completed", "launched", "operating"):
            for word in getattr(stages, stage):
                words.setdefault(word.lower(), stage)  # type: ignore[arg-type]
        return cls(tuple(records.records(folder / "status_rules.jsonl", StatusRule)),
                   tuple(records.records(folder / "section_status.jsonl", SectionDefault)), words, stages.list_breakers)
