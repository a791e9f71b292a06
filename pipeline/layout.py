"""What a single line is: a heading (by its numbering), a bullet, or where a paragraph starts.

Shared by the repair and segment stages so both read the page the same way. Structure comes
from numbering ("I." / "1." / "(1)" / "- "), never from fonts, which PDF tools lose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules.layout import LayoutRules

_CHAPTER = re.compile(r"^([IVXLC]+)\.\s+(\S.*)$")
_SECTION = re.compile(r"^(\d{1,2})\.\s+([A-Z].*)$")
_SUBSECTION = re.compile(r"^\((\d{1,2})\)\s+([A-Z].*)$")
_RUN_IN = re.compile(r"^[-–—]\s+([A-Z][^.;:]*)$")
_PARAGRAPH_END = re.compile(r"[.!?:][\"'”’)\]]*$")
_PARAGRAPH_START = re.compile(r"^[\"“‘(\[]?[A-Z0-9]")
_MAX_HEADING = 100
_MAX_RUN_IN_WORDS = 6
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@dataclass(frozen=True)
class Heading:
    """A numbered heading: level 1 chapter, 2 section, 3 subsection, 4 run-in heading."""

    level: int
    number: int | None
    label: str
    title: str


def roman_to_int(numeral: str) -> int:
    total = 0
    for here, after in zip(numeral, numeral[1:] + " "):
        value = _ROMAN[here]
        total += -value if after != " " and _ROMAN[after] > value else value
    return total


def heading_of(text: str, layout: LayoutRules) -> Heading | None:
    """The heading a line states by its numbering, or None for body text."""
    line = text.strip()
    if not line or len(line) > _MAX_HEADING or line[-1] in ".,;:":
        return None
    for label in layout.unnumbered_chapters:
        if line.lower() == label.lower():
            return Heading(1, None, "", line)
    if match := _CHAPTER.match(line):
        return Heading(1, roman_to_int(match[1]), match[1] + ".", match[2].strip())
    if match := _SECTION.match(line):
        return Heading(2, int(match[1]), match[1] + ".", match[2].strip())
    if match := _SUBSECTION.match(line):
        return Heading(3, int(match[1]), f"({match[1]})", match[2].strip())
    if (match := _RUN_IN.match(line)) and len(match[1].split()) <= _MAX_RUN_IN_WORDS:
        return Heading(4, None, "-", match[1].strip())
    return None


def bullet_of(text: str, layout: LayoutRules) -> str | None:
    """The item text after a leading bullet glyph ("" for a glyph alone), or None."""
    line = text.strip()
    for glyph in layout.bullet_glyphs:
        if line.startswith(glyph):
            return line[len(glyph):].strip()
    return None


def starts_paragraph(previous: str, line: str) -> bool:
    """A wrapped line ends a paragraph when it closes a sentence and the next opens one.

    Without indents (the PDF text lost them) this is the only signal: a paragraph whose line
    happens to end at a sentence end is split there, which keeps sentences whole.
    """
    return bool(_PARAGRAPH_END.search(previous.rstrip()) and _PARAGRAPH_START.match(line.lstrip()))
