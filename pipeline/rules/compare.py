"""How two editions are compared (`compare.toml`): stop words and thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from . import records
from .records import Record, Where


@dataclass(frozen=True)
class CompareRules(Record):
    files: ClassVar[tuple[str, ...]] = ("compare.toml",)

    stop_words: frozenset[str]
    threshold: float

    def validate(self, where: Where) -> None:
        if not 0 < self.threshold <= 1:
            raise where.fail("must be between 0 and 1", "threshold")

    @classmethod
    def load(cls, folder: Path) -> CompareRules:
        return records.toml(folder / "compare.toml", cls)
