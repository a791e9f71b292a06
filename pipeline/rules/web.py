"""Web clutter rules (`web.toml`): the lines a publisher's page adds to a white paper, and how
mojibake is repaired. Read by the clutter stage (`pipeline/clutter.py`)."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

from . import records
from .records import Record, Where

# What a line of clutter is. The `lines` and `pattern` entries of web.toml name one of these.
Kind = Literal["navigation", "share", "site_header", "footer", "full_text_label", "related", "byline",
               "source", "date", "pagination", "breadcrumb", "photo_caption"]
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})
_PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)\}")  # {month}; never a quantifier like {4}


def plain(text: str) -> str:
    """A line as the patterns see it: straight quotes, single spaces, trimmed."""
    return " ".join(text.translate(_QUOTES).split())


def normalise(text: str) -> str:
    """A line as the lists compare it: `plain`, no trailing ":", case folded."""
    return plain(text).rstrip(":").strip().casefold()


@dataclass(frozen=True)
class _Pattern(Record):
    id: str
    kind: Kind
    regex: str


@dataclass(frozen=True)
class _Menu(Record):
    separators: tuple[str, ...]
    min_items: int
    max_item_words: int


@dataclass(frozen=True)
class _Scripts(Record):
    max_other_share: float

    def validate(self, where: Where) -> None:
        if not 0 < self.max_other_share <= 1:
            raise where.fail("must be a share between 0 and 1", "max_other_share")


@dataclass(frozen=True)
class _Repeated(Record):
    min_count: int
    max_words: int

    def validate(self, where: Where) -> None:
        if self.min_count < 2:
            raise where.fail("must be at least 2 (a line seen once does not repeat)", "min_count")


@dataclass(frozen=True)
class _Title(Record):
    min_words: int
    max_words: int


@dataclass(frozen=True)
class _RelatedBlock(Record):
    max_words: int
    max_lines: int


@dataclass(frozen=True)
class _Mojibake(Record):
    encodings: tuple[str, ...]

    def validate(self, where: Where) -> None:
        for encoding in self.encodings:
            try:
                codecs.lookup(encoding)
            except LookupError:
                raise where.fail(f"{encoding!r} is not an encoding Python knows", "encodings") from None


@dataclass(frozen=True)
class _Html(Record):
    main_share: float

    def validate(self, where: Where) -> None:
        if not 0.5 < self.main_share <= 1:
            raise where.fail("must be a share above 0.5 and at most 1 (two elements cannot both hold more "
                             "than half the text)", "main_share")


@dataclass(frozen=True)
class _WebFile(Record):
    keep: tuple[str, ...]
    lines: dict[Kind, tuple[str, ...]]
    menu: _Menu
    names: dict[str, str]
    pattern: tuple[Any, ...]  # checked one by one below, so an error names the pattern's line
    scripts: _Scripts
    repeated: _Repeated
    title: _Title
    related_block: _RelatedBlock
    mojibake: _Mojibake
    html: _Html


@dataclass(frozen=True)
class LinePattern:
    """A regular expression a whole clutter line matches."""

    id: str
    kind: Kind
    regex: re.Pattern[str]


@dataclass(frozen=True)
class WebRules:
    """What the clutter stage reads. Lists are normalised (`normalise`) once, here."""

    files: ClassVar[tuple[str, ...]] = ("web.toml",)

    keep: frozenset[str]
    lines: dict[str, Kind]  # normalised line -> its kind
    menu_separator: re.Pattern[str]
    menu_min_items: int
    menu_max_item_words: int
    patterns: tuple[LinePattern, ...]
    max_other_script_share: float
    repeated_min_count: int
    repeated_max_words: int
    title_min_words: int
    title_max_words: int
    related_max_words: int
    related_max_lines: int
    mojibake_encodings: tuple[str, ...]
    main_share: float
    related_labels: frozenset[str]  # normalised lines that open a block of related links
    mojibake: re.Pattern[str]  # a UTF-8 sequence of 2-4 bytes shown as characters of `mojibake_encodings`
    mojibake_bytes: dict[str, int]  # each such character -> the byte it shows

    @classmethod
    def load(cls, folder: Path) -> WebRules:
        path = folder / "web.toml"
        raw = records.toml(path, _WebFile)
        text = records.read_text(path)
        starts = _table_lines(text, "pattern")
        patterns, seen = [], {}
        for index, row in enumerate(raw.pattern):
            where = Where(path, starts[index] if index < len(starts) else None)
            entry = _Pattern.from_dict(row, where)
            if entry.id in seen:
                raise where.fail(f"{entry.id!r} is used twice (first on line {seen[entry.id]})", "id")
            seen[entry.id] = where.line
            patterns.append(LinePattern(entry.id, entry.kind, _compile(entry.regex, raw.names, where)))
        lines: dict[str, Kind] = {}
        for kind, entries in raw.lines.items():
            for entry in entries:
                lines.setdefault(normalise(entry), kind)
        separators = "|".join(re.escape(s) for s in sorted(raw.menu.separators, key=len, reverse=True))
        return cls(
            keep=frozenset(normalise(k) for k in raw.keep), lines=lines,
            menu_separator=re.compile(separators), menu_min_items=raw.menu.min_items,
            menu_max_item_words=raw.menu.max_item_words, patterns=tuple(patterns),
            max_other_script_share=raw.scripts.max_other_share,
            repeated_min_count=raw.repeated.min_count, repeated_max_words=raw.repeated.max_words,
            title_min_words=raw.title.min_words, title_max_words=raw.title.max_words,
            related_max_words=raw.related_block.max_words, related_max_lines=raw.related_block.max_lines,
            mojibake_encodings=raw.mojibake.encodings, main_share=raw.html.main_share,
            related_labels=frozenset(normalise(e) for e in raw.lines.get("related", ())),
            **_mojibake(raw.mojibake.encodings),
        )


def _mojibake(encodings: tuple[str, ...]) -> dict[str, Any]:
    """What UTF-8 looks like read as these encodings: each byte 0x80-0xFF as the character it
    decodes to, and a pattern for a lead byte followed by its continuation bytes."""
    shown: dict[str, int] = {}
    for encoding in encodings:
        for byte in range(0x80, 0x100):
            try:
                shown.setdefault(bytes([byte]).decode(encoding), byte)
            except UnicodeDecodeError:
                continue  # undefined in this encoding (Windows-1252's 0x81, 0x8D, 0x8F, 0x90, 0x9D)

    def chars(low: int, high: int) -> str:
        return "".join(re.escape(ch) for ch, byte in shown.items() if low <= byte <= high)

    follow = f"[{chars(0x80, 0xBF)}]"
    pattern = (f"[{chars(0xC2, 0xDF)}]{follow}|[{chars(0xE0, 0xEF)}]{follow}{{2}}"
               f"|[{chars(0xF0, 0xF4)}]{follow}{{3}}")
    return {"mojibake": re.compile(pattern), "mojibake_bytes": shown}


def _compile(regex: str, names: dict[str, str], where: Where) -> re.Pattern[str]:
    """A pattern with its {name} placeholders filled in, matched case-insensitively."""
    unknown = [n for n in _PLACEHOLDER.findall(regex) if n not in names]
    if unknown:
        raise where.fail(f"{{{unknown[0]}}} is not one of the [names] ({', '.join(sorted(names))})", "regex")
    filled = _PLACEHOLDER.sub(lambda m: f"(?:{names[m[1]]})", regex)
    try:
        return re.compile(filled, re.IGNORECASE)
    except re.error as exc:
        raise where.fail(f"not a valid regular expression ({exc})", "regex") from None


def _table_lines(text: str, name: str) -> list[int]:
    """The line of every `[[name]]` header, in order."""
    header = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]")
    return [n for n, line in enumerate(text.splitlines(), start=1) if header.match(line)]
