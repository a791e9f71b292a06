"""Page layout rules: furniture, bullet glyphs and structure (`layout.toml`), and the compound
words the repair stage splits, keeps or rejoins (`compounds.toml`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from . import records
from .records import Record, Where


@dataclass(frozen=True)
class _LayoutFile(Record):
    bullet_glyphs: tuple[str, ...]
    furniture: tuple[str, ...]
    max_page_number_digits: int
    repeated_furniture_share: float
    merged_line_factor: float
    back_matter: tuple[str, ...]
    unnumbered_chapters: tuple[str, ...]

    def validate(self, where: Where) -> None:
        if not 0 < self.repeated_furniture_share <= 1:
            raise where.fail("must be a share between 0 and 1", "repeated_furniture_share")
        if self.merged_line_factor < 1:
            raise where.fail("must be at least 1", "merged_line_factor")


@dataclass(frozen=True)
class _Keep(Record):
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Hyphen(Record):
    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class _CompoundsFile(Record):
    split: dict[str, str] = field(default_factory=dict)
    keep: _Keep = _Keep()
    hyphen: _Hyphen = _Hyphen()


@dataclass(frozen=True)
class LayoutRules:
    """What the repair and segment stages read."""

    files: ClassVar[tuple[str, ...]] = ("layout.toml", "compounds.toml")

    bullet_glyphs: tuple[str, ...]
    furniture: frozenset[str]  # lower case
    max_page_number_digits: int
    repeated_furniture_share: float
    merged_line_factor: float
    back_matter: tuple[str, ...]
    unnumbered_chapters: tuple[str, ...]
    split_compounds: dict[str, str]
    keep_words: frozenset[str]  # lower case
    hyphen_prefixes: frozenset[str]
    hyphen_suffixes: frozenset[str]

    @classmethod
    def load(cls, folder: Path) -> LayoutRules:
        layout = records.toml(folder / "layout.toml", _LayoutFile)
        compounds = records.toml(folder / "compounds.toml", _CompoundsFile)
        return cls(
            bullet_glyphs=layout.bullet_glyphs,
            furniture=frozenset(f.strip().lower() for f in layout.furniture),
            max_page_number_digits=layout.max_page_number_digits,
            repeated_furniture_share=layout.repeated_furniture_share,
            merged_line_factor=layout.merged_line_factor,
            back_matter=layout.back_matter,
            unnumbered_chapters=layout.unnumbered_chapters,
            split_compounds=dict(compounds.split),
            keep_words=frozenset(w.lower() for w in compounds.keep.words),
            hyphen_prefixes=frozenset(compounds.hyphen.prefixes),
            hyphen_suffixes=frozenset(compounds.hyphen.suffixes),
        )
