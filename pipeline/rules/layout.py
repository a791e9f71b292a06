"""Page layout rules: furniture, bullet glyphs and structure (`layout.toml`), and the compound
words the repair stage splits, keeps or rejoins (`compounds.toml`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ..model import slug
from . import records
from .records import Record, Where


@dataclass(frozen=True)
class _Blocks(Record):
    wrapped_width: int
    min_long_share: float
    max_continued_share: float

    def validate(self, where: Where) -> None:
        if self.wrapped_width < 1:
            raise where.fail("must be at least 1", "blocks.wrapped_width")
        for key in ("min_long_share", "max_continued_share"):
            if not 0 <= getattr(self, key) <= 1:
                raise where.fail("must be a share between 0 and 1", f"blocks.{key}")


@dataclass(frozen=True)
class _LayoutFile(Record):
    bullet_glyphs: tuple[str, ...]
    dash_glyphs: tuple[str, ...]
    furniture: tuple[str, ...]
    max_page_number_digits: int
    repeated_furniture_share: float
    merged_line_factor: float
    back_matter: tuple[str, ...]
    contents_labels: tuple[str, ...]
    title_minor_words: tuple[str, ...]
    max_title_words: int
    run_in_verbs: tuple[str, ...]
    blocks: _Blocks
    unnumbered_chapters: dict[str, tuple[str, ...]]

    def validate(self, where: Where) -> None:
        if not 0 < self.repeated_furniture_share <= 1:
            raise where.fail("must be a share between 0 and 1", "repeated_furniture_share")
        if self.merged_line_factor < 1:
            raise where.fail("must be at least 1", "merged_line_factor")
        if self.max_title_words < 1:
            raise where.fail("must be at least 1", "max_title_words")
        if any(glyph != glyph.strip() for glyph in self.dash_glyphs):
            raise where.fail("a glyph must not hold spaces (the text needs one after it)", "dash_glyphs")
        seen: dict[str, str] = {}
        for section_id, labels in self.unnumbered_chapters.items():
            if slug(section_id) != section_id:
                raise where.fail(f"{section_id!r} is not an id (lower case, digits and hyphens)", "unnumbered_chapters")
            for label in labels:
                if label.lower() in seen:
                    raise where.fail(f"{label!r} is listed under both {seen[label.lower()]!r} and {section_id!r}",
                                     f"unnumbered_chapters.{section_id}")
                seen[label.lower()] = section_id


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
    dash_glyphs: tuple[str, ...]  # longest first
    furniture: frozenset[str]  # lower case
    max_page_number_digits: int
    repeated_furniture_share: float
    merged_line_factor: float
    back_matter: tuple[str, ...]
    contents_labels: frozenset[str]  # lower case
    title_minor_words: frozenset[str]  # lower case
    max_title_words: int
    run_in_verbs: frozenset[str]  # lower case
    wrapped_width: int
    min_long_share: float
    max_continued_share: float
    unnumbered_chapters: dict[str, str]  # lower-case label -> section id
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
            dash_glyphs=tuple(sorted(layout.dash_glyphs, key=len, reverse=True)),
            furniture=frozenset(f.strip().lower() for f in layout.furniture),
            max_page_number_digits=layout.max_page_number_digits,
            repeated_furniture_share=layout.repeated_furniture_share,
            merged_line_factor=layout.merged_line_factor,
            back_matter=layout.back_matter,
            contents_labels=frozenset(label.strip().lower() for label in layout.contents_labels),
            title_minor_words=frozenset(w.lower() for w in layout.title_minor_words),
            max_title_words=layout.max_title_words,
            run_in_verbs=frozenset(w.lower() for w in layout.run_in_verbs),
            wrapped_width=layout.blocks.wrapped_width,
            min_long_share=layout.blocks.min_long_share,
            max_continued_share=layout.blocks.max_continued_share,
            unnumbered_chapters={label.strip().lower(): section_id
                                 for section_id, labels in layout.unnumbered_chapters.items() for label in labels},
            split_compounds=dict(compounds.split),
            keep_words=frozenset(w.lower() for w in compounds.keep.words),
            hyphen_prefixes=frozenset(compounds.hyphen.prefixes),
            hyphen_suffixes=frozenset(compounds.hyphen.suffixes),
        )
