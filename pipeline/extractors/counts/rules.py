"""The count rules (`counts.toml`): qualifiers, number words, units, exclusions, phrase ends."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ...rules import records
from ...rules.records import Record, Where


@dataclass(frozen=True)
class NumberWords(Record):
    words: dict[str, float]
    scales: dict[str, float]
    vague: dict[str, float]  # "tens" of thousands: the least it can mean
    indefinite: dict[str, float] = field(default_factory=dict)  # "several" hundred
    fractions: dict[str, float] = field(default_factory=dict)  # "half" = 2, "third" = 3: denominators
    durations: dict[str, float] = field(default_factory=dict)  # "century" = 100 years

    def fraction(self, word: str) -> float | None:
        """The share a fraction word names, singular or plural ("thirds" -> 1/3)."""
        word = word.lower()
        denominator = self.fractions.get(word, self.fractions.get(word[:-1]) if word.endswith("s") else None)
        return 1 / denominator if denominator else None


@dataclass(frozen=True)
class _Exclude(Record):
    months: tuple[str, ...]
    time_units: tuple[str, ...]
    time_openers: tuple[str, ...]
    year_min: int
    year_max: int
    adjectives: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Counted(Record):
    stop: tuple[str, ...]
    determiners: tuple[str, ...]
    connectors: tuple[str, ...]


_QUALIFIERS = ("exact", "over", "almost", "about", "at_least", "up_to")


@dataclass(frozen=True)
class _CountsFile(Record):
    qualifiers: dict[str, tuple[str, ...]]
    numbers: NumberWords
    units: dict[str, str]
    exclude: _Exclude
    counted: _Counted

    def validate(self, where: Where) -> None:
        for qualifier in self.qualifiers:
            if qualifier not in _QUALIFIERS:
                raise where.fail(f"unknown qualifier {qualifier!r} (known: {', '.join(_QUALIFIERS)})", "qualifiers")


@dataclass(frozen=True)
class CountRules:
    files: ClassVar[tuple[str, ...]] = ("counts.toml",)

    qualifiers: dict[str, str]  # phrase -> qualifier
    units: dict[str, str]  # as written -> canonical
    months: tuple[str, ...]  # lower case, in calendar order
    time_units: frozenset[str]
    time_openers: frozenset[str]
    year_range: tuple[int, int]
    stop: frozenset[str]
    determiners: frozenset[str]
    connectors: frozenset[str]
    numbers: NumberWords
    adjectives: frozenset[str]  # qualifiers that are adjectives after a determiner

    @classmethod
    def load(cls, folder: Path) -> CountRules:
        data = records.toml(folder / "counts.toml", _CountsFile)
        exclude, counted = data.exclude, data.counted
        return cls(
            {phrase: q for q, phrases in data.qualifiers.items() for phrase in phrases},
            dict(data.units), tuple(m.lower() for m in exclude.months), frozenset(exclude.time_units),
            frozenset(exclude.time_openers), (exclude.year_min, exclude.year_max),
            frozenset(counted.stop), frozenset(counted.determiners), frozenset(counted.connectors), data.numbers,
            frozenset(exclude.adjectives),
        )
