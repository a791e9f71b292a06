"""How the plan scorecard matches plans across editions (`scorecard.toml`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from . import records
from .records import Record, Where


@dataclass(frozen=True)
class _Weights(Record):
    words: float
    objects: float
    partners: float
    section: float
    verb_object: float


@dataclass(frozen=True)
class _Match(Record):
    threshold: float
    high: float
    medium: float
    near: float
    done: float
    same: float
    full_cover: float
    partial: float
    clause: float
    mismatch: float
    common: float
    related: float
    rival: float
    candidates: int
    min_words: int
    max_postings: int
    max_reach: int

    def validate(self, where: Where) -> None:
        if not 0 < self.threshold <= self.medium <= self.high <= 1:
            raise where.fail("needs 0 < threshold <= medium <= high <= 1", "threshold")


@dataclass(frozen=True)
class ScorecardRules(Record):
    files: ClassVar[tuple[str, ...]] = ("scorecard.toml",)

    weights: _Weights
    match: _Match
    cancelled: tuple[str, ...]
    in_progress: tuple[str, ...]
    framing: frozenset[str]
    task_verbs: frozenset[str]
    task_not_before: frozenset[str]
    synonyms: tuple[tuple[str, ...], ...]

    def validate(self, where: Where) -> None:
        seen: dict[str, str] = {}
        for group in self.synonyms:
            for word in group:
                if seen.setdefault(word, group[0]) != group[0]:
                    raise where.fail(f"{word!r} is in two groups ({seen[word]}, {group[0]})", "synonyms")

    @property
    def canonical(self) -> dict[str, str]:
        """lemma -> the first lemma of its synonym group."""
        return {word: group[0] for group in self.synonyms for word in group}

    @classmethod
    def load(cls, folder: Path) -> ScorecardRules:
        return records.toml(folder / "scorecard.toml", cls)
