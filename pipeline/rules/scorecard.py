"""How the plan scorecard matches plans across editions (`scorecard.toml`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path
from typing import ClassVar

from . import records
from .records import Record, Where


@dataclass(frozen=True)
class _Model(Record):
    """A logistic model: the weight of each feature of `Matcher.features`, and the bias."""

    shared: float
    rarest: float
    clause: float
    precision: float
    matched: float
    objects: float
    has_objects: float
    partners: float
    section: float
    verb_object: float
    bias: float
    matched_full: float  # how many of the rarest words a plan and a sentence must share for `matched` to be 1

    @cached_property
    def weights(self) -> tuple[tuple[str, float], ...]:
        """(feature, weight) for every feature."""
        return tuple((name, getattr(self, name)) for name in FEATURES)


FEATURES = tuple(f.name for f in fields(_Model) if f.name not in ("bias", "matched_full"))  # the model's inputs


@dataclass(frozen=True)
class _Match(Record):
    threshold: float
    high: float
    medium: float
    absent_high: float
    absent_medium: float
    near: float
    done: float
    task_done: float
    task_own: int
    same: float
    full_cover: float
    partial: float
    mismatch: float
    common: float
    candidates: int
    min_words: int
    max_postings: int
    max_reach: int

    def validate(self, where: Where) -> None:
        if not 0 < self.threshold <= self.medium <= self.high <= 1:
            raise where.fail("needs 0 < threshold <= medium <= high <= 1", "threshold")
        if not 0 <= self.absent_high <= self.absent_medium <= self.threshold:
            raise where.fail("needs 0 <= absent_high <= absent_medium <= threshold", "absent_high")


@dataclass(frozen=True)
class ScorecardRules(Record):
    files: ClassVar[tuple[str, ...]] = ("scorecard.toml",)

    model: _Model
    match: _Match
    cancelled: tuple[str, ...]
    in_progress: tuple[str, ...]
    efforts: tuple[str, ...]
    going_on: tuple[str, ...]
    ongoing: tuple[str, ...]
    framing: frozenset[str]
    quantities: frozenset[str]
    task_verbs: frozenset[str]
    task_not_before: frozenset[str]
    synonyms: tuple[tuple[str, ...], ...]

    def validate(self, where: Where) -> None:
        seen: dict[str, str] = {}
        for group in self.synonyms:
            for word in group:
                if not re.fullmatch(r"[a-z&]+", word):  # the lemmatizer splits "near-earth"; a lemma is lower case
                    raise where.fail(f"{word!r} is not one lower-case lemma: it would never match", "synonyms")
                if seen.setdefault(word, group[0]) != group[0]:
                    raise where.fail(f"{word!r} is in two groups ({seen[word]}, {group[0]})", "synonyms")

    @property
    def canonical(self) -> dict[str, str]:
        """lemma -> the first lemma of its synonym group."""
        return {word: group[0] for group in self.synonyms for word in group}

    @classmethod
    def load(cls, folder: Path) -> ScorecardRules:
        return records.toml(folder / "scorecard.toml", cls)
