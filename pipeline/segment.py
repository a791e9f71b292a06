"""Clean lines -> sections (from their numbering) and segments (headings, paragraphs, bullets).

The hierarchy is Preamble / chapters "I."-"VI." / Conclusion at level 1, "1." sections at 2,
"(1)" subsections at 3 and "- " run-in headings at 4. A heading is accepted only where its
number follows the previous one at its level, so a stray "2." in body text stays body text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import Heading, heading_of, starts_paragraph
from .patterns import Layout
from .repair import CleanLine


@dataclass
class Section:
    id: str
    level: int
    label: str
    number: int | None
    title: str
    parent_id: str | None
    ordinal: int
    role: str  # "body" or "back_matter"
    first_line: int
    last_line: int
    first_page: int | None
    last_page: int | None


@dataclass
class Segment:
    id: str
    section_id: str
    kind: str  # "heading", "paragraph" or "bullet"
    ordinal: int
    position: int
    text: str
    first_line: int
    last_line: int
    first_page: int | None
    last_page: int | None


@dataclass
class Document:
    sections: list[Section] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


class _Builder:
    """Walks the lines once, keeping the open section at each level and the open segment."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.doc = Document()
        self.open: dict[int, Section] = {}
        self.children: dict[str | None, int] = {}
        self.segment: Segment | None = None
        self.last_text = ""

    # sections ------------------------------------------------------------------------
    def accepts(self, heading: Heading) -> bool:
        """A heading counts only where its number continues the count at its level."""
        if heading.level == 1:
            if heading.number is None:
                return True
            return heading.number == self._last_number(1, None) + 1
        parent = self._parent_for(heading.level)
        if parent is None or parent.role != "body":
            return False
        if heading.number is None:
            return True
        return heading.number == self._last_number(heading.level, parent.id) + 1

    def _last_number(self, level: int, parent_id: str | None) -> int:
        numbers = [
            s.number for s in self.doc.sections
            if s.level == level and s.parent_id == parent_id and s.number is not None
        ]
        return max(numbers, default=0)

    def _parent_for(self, level: int) -> Section | None:
        return next((self.open[lv] for lv in range(level - 1, 0, -1) if lv in self.open), None)

    def start_section(self, heading: Heading, line: CleanLine, role: str = "body") -> Section:
        self.close_segment()
        parent = self._parent_for(heading.level)
        parent_id = parent.id if parent else None
        self.children[parent_id] = self.children.get(parent_id, 0) + 1
        if heading.level == 1:
            section_id = _roman(heading) if heading.number is not None else _slug(heading.title)
        elif heading.number is not None:
            section_id = f"{parent_id}.{heading.number}"
        else:  # run-in headings are lettered in order: I.3.a, I.3.b ...
            section_id = f"{parent_id}.{_letter(self.children[parent_id])}"
        section = Section(
            id=section_id, level=heading.level, label=heading.label, number=heading.number,
            title=heading.title, parent_id=parent_id, ordinal=len(self.doc.sections) + 1,
            role=role, first_line=line.number, last_line=line.number,
            first_page=line.page, last_page=line.page,
        )
        self.doc.sections.append(section)
        self.open = {lv: s for lv, s in self.open.items() if lv < heading.level}
        self.open[heading.level] = section
        return section

    @property
    def current(self) -> Section | None:
        return self.open[max(self.open)] if self.open else None

    # segments ------------------------------------------------------------------------
    def close_segment(self) -> None:
        self.segment = None
        self.last_text = ""

    def add_segment(self, kind: str, line: CleanLine) -> None:
        section = self.current
        if section is None:  # text before any heading: an implicit preamble
            section = self.start_section(Heading(1, None, "", "Preamble"), line)
        body = sum(1 for s in self.doc.segments if s.section_id == section.id and s.kind != "heading")
        ordinal = 0 if kind == "heading" else body + 1
        self.segment = Segment(
            id=f"{section.id}/{ordinal}", section_id=section.id, kind=kind, ordinal=ordinal,
            position=len(self.doc.segments) + 1, text=line.text, first_line=line.number,
            last_line=line.number, first_page=line.page, last_page=line.page,
        )
        self.doc.segments.append(self.segment)
        self.last_text = line.text
        self._extend_section(line)

    def continue_segment(self, line: CleanLine) -> None:
        assert self.segment is not None
        self.segment.text = f"{self.segment.text} {line.text}"
        self.segment.last_line = line.number
        if line.page is not None:
            self.segment.last_page = line.page
        self.last_text = line.text
        self._extend_section(line)

    def _extend_section(self, line: CleanLine) -> None:
        """Every open section (the current one and its ancestors) now reaches this line."""
        for open_section in self.open.values():
            open_section.last_line = line.number
            if line.page is not None:
                open_section.last_page = line.page


def _roman(heading: Heading) -> str:
    return heading.label.rstrip(".")


def _letter(n: int) -> str:
    return chr(ord("a") + n - 1) if n <= 26 else f"z{n}"


def segment(lines: list[CleanLine], layout: Layout) -> Document:
    """Build the section tree and the segment list from repaired lines."""
    builder = _Builder(layout)
    for line in lines:
        if not line.text:
            builder.close_segment()
            continue
        heading = None if line.bullet else heading_of(line.text, layout)
        if heading and builder.accepts(heading):
            builder.start_section(heading, line)
            builder.add_segment("heading", line)
            builder.close_segment()
            continue
        paragraph_start = builder.segment is None or starts_paragraph(builder.last_text, line.text)
        if paragraph_start and not line.bullet and line.text.startswith(layout.back_matter):
            builder.start_section(Heading(1, None, "", "Back matter"), line, role="back_matter")
            builder.add_segment("paragraph", line)
        elif line.bullet:
            builder.add_segment("bullet", line)
        elif paragraph_start:
            builder.add_segment("paragraph", line)
        else:
            builder.continue_segment(line)
    return builder.doc
