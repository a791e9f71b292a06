"""What a single line is: a heading (by its numbering), a bullet, or where a paragraph starts.

Shared by the repair and segment stages so both read the page the same way. Structure comes
from numbering ("I." / "1." / "(1)" / "- "), never from fonts, which PDF tools lose. What a line
is beyond its own text (an unnumbered title-case heading, a numbering gap) needs the lines
around it and the shape of the whole text (`one_block_per_line`); segment.py decides those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rules.layout import LayoutRules

_CHAPTER = re.compile(r"^([IVXLC]+)\.\s+(\S.*)$")
_SECTION = re.compile(r"^(\d{1,2})\.\s+([A-Z].*)$")
_SUBSECTION = re.compile(r"^\((\d{1,2})\)\s+([A-Z].*)$")
# "1. Man-made satellites. Over the past five years ...": a title up to the first period, then
# the section's first sentence on the same line.
_RUN_IN_SECTION = re.compile(r"^(\d{1,2})\.\s+([A-Z][^.;:!?]*)\.\s+(?=[\"“‘(\[]?[A-Z0-9])(.+)$")
_RUN_IN_SUBSECTION = re.compile(r"^\((\d{1,2})\)\s+([A-Z][^.;:!?]*)\.\s+(?=[\"“‘(\[]?[A-Z0-9])(.+)$")
_DASH_TITLE = re.compile(r"^[A-Z][^.;:]*$")
_PARAGRAPH_END = re.compile(r"[.!?:][\"'”’)\]]*$")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
_CLAUSE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
_PARAGRAPH_START = re.compile(r"^[\"“‘(\[]?[A-Z0-9]")
_PAGE_REFERENCE = re.compile(r"(?:\s*[.·…]{2,}\s*|\s+)\d{1,3}$")  # "I. Aims ........ 3" in a contents list
_WORD_EDGES = "()[]\"'“”‘’,"
_MAX_HEADING = 100
_MAX_ENTRY = 200  # a contents line with its dot leaders; longer lines are text (and never searched)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 chapter, 2 section, 3 subsection, 4 run-in "- " heading (segment.py
    puts an unnumbered sub-heading at 2 and moves the numbered headings under it one deeper)."""

    level: int
    number: int | None
    label: str
    title: str
    section_id: str | None = None  # an unnumbered chapter's id: "preamble" for a Foreword too
    body: str = ""  # a run-in heading's first sentence and the rest of its line, exactly as written


def roman_to_int(numeral: str) -> int:
    total = 0
    for here, after in zip(numeral, numeral[1:] + " "):
        value = _ROMAN[here]
        total += -value if after != " " and _ROMAN[after] > value else value
    return total


def heading_of(text: str, layout: LayoutRules) -> Heading | None:
    """The heading a line states by its numbering, or None for body text."""
    line = text.strip()
    if run_in := _run_in_of(line, layout):
        return run_in
    if not line or len(line) > _MAX_HEADING or line[-1] in ".,;:":
        return None
    if section_id := layout.unnumbered_chapters.get(line.lower()):
        return Heading(1, None, "", line, section_id)
    if match := _CHAPTER.match(line):
        return Heading(1, roman_to_int(match[1]), match[1] + ".", match[2].strip())
    if match := _SECTION.match(line):
        return Heading(2, int(match[1]), match[1] + ".", match[2].strip())
    if match := _SUBSECTION.match(line):
        return Heading(3, int(match[1]), f"({match[1]})", match[2].strip())
    item = dash_item_of(line, layout)
    if item and _DASH_TITLE.match(item) and len(item.split()) <= layout.max_title_words:
        return Heading(4, None, "-", item)
    return None


def _run_in_of(line: str, layout: LayoutRules) -> Heading | None:
    """A numbered heading whose title ends at its first period, its text on the same line.

    The title must read as one: a few words, none a finite verb ("1. China will launch
    Tianwen-1. It ..." is a list item that states something)."""
    for pattern, level, label in ((_RUN_IN_SECTION, 2, "{}."), (_RUN_IN_SUBSECTION, 3, "({})")):
        if match := pattern.match(line):
            title = match[2].strip()
            words = [w.strip(_WORD_EDGES).lower() for w in title.split()]
            if len(words) <= layout.max_title_words and not layout.run_in_verbs.intersection(words):
                return Heading(level, int(match[1]), label.format(match[1]), title, body=match[3])
    return None


def bullet_of(text: str, layout: LayoutRules) -> str | None:
    """The item text after a leading bullet glyph ("" for a glyph alone), or None."""
    line = text.strip()
    for glyph in layout.bullet_glyphs:
        if line.startswith(glyph):
            return line[len(glyph):].strip()
    return None


def dash_item_of(text: str, layout: LayoutRules) -> str | None:
    """The text after a leading dash and a space ("-- Supporting ...", "– Adhering ..."), or None.

    Whether the line is a list item or a run-in "- " heading, and whether the dash opens an item
    at all (not an em dash continuing a wrapped sentence), depends on the lines around it."""
    line = text.strip()
    for glyph in layout.dash_glyphs:
        if line.startswith(glyph) and line[len(glyph):len(glyph) + 1].isspace():
            return line[len(glyph):].strip() or None
    return None


def is_title_case(title: str, layout: LayoutRules) -> bool:
    """Every word capitalised but the minor ones ("Aims and Principles of Development")."""
    for index, word in enumerate(title.split()):
        core = word.strip(_WORD_EDGES)
        if not any(c.isalpha() for c in core) or (index and core.lower() in layout.title_minor_words):
            continue
        if not core[0].isupper():
            return False
    return True


def is_title(text: str, layout: LayoutRules) -> bool:
    """A line shaped like an unnumbered heading: two to `max_title_words` words, title case, no
    number and no punctuation that ends or splits a sentence ("Development Targets").

    Only the shape; segment.py accepts it as a heading where the text around it agrees."""
    line = text.strip()
    words = line.split()
    return (
        2 <= len(words) <= layout.max_title_words and len(line) <= _MAX_HEADING
        and line[0].isupper() and line[-1] not in ".,!?" and not any(c in line for c in ":;")
        and all(any(c.isalnum() for c in word) for word in words)  # no "Home > Policies"
        and sum(not any(c.isalpha() for c in word) for word in words) <= 1  # no "Previous 1 2 3 Next"
        and is_title_case(line, layout) and heading_of(line, layout) is None
    )


def is_contents_label(text: str, layout: LayoutRules) -> bool:
    return text.strip().lower() in layout.contents_labels


def contents_entry(text: str, layout: LayoutRules) -> str | None:
    """A contents-list line as a key (its page number dropped, lower case), or None when the line
    is not shaped like an entry (a heading alone on its line, or a title)."""
    line = text.strip()
    if len(line) > _MAX_ENTRY:
        return None
    line = _PAGE_REFERENCE.sub("", line)
    heading = heading_of(line, layout)
    if (heading is not None and not heading.body) or is_title(line, layout):
        return " ".join(line.lower().split())
    return None


def one_block_per_line(texts: list[str], layout: LayoutRules) -> bool:
    """Whether a text puts each heading and paragraph on one line (a web rendering) rather than
    wrapping them at a page width (PDF text): some lines are longer than any page line, and
    almost none starts in lower case, as a wrapped sentence's next line does."""
    lines = [t.strip() for t in texts if t.strip()]
    if not lines:
        return False
    long = sum(len(t) > layout.wrapped_width for t in lines) / len(lines)
    continued = sum(t[0].islower() for t in lines) / len(lines)
    return long >= layout.min_long_share and continued <= layout.max_continued_share


def starts_paragraph(previous: str, line: str) -> bool:
    """A wrapped line ends a paragraph when it closes a sentence and the next opens one.

    Without indents (the PDF text lost them) this is the only signal: a paragraph whose line
    happens to end at a sentence end is split there, which keeps sentences whole.
    """
    return bool(_PARAGRAPH_END.search(previous.rstrip()) and _PARAGRAPH_START.match(line.lstrip()))


def opens_block(line: str) -> bool:
    """A line that could open a paragraph (not a wrapped sentence's lower-case continuation)."""
    return bool(_PARAGRAPH_START.match(line.lstrip()))


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


def ends_clause(text: str) -> bool:
    """Where a list item may follow: after a sentence, an intro ("are:") or an item ending ";"."""
    return bool(_CLAUSE_END.search(text.rstrip()))
