"""Clean lines -> sections (from their numbering) and segments (headings, paragraphs, bullets).

The hierarchy is Preamble / chapters "I."-"VI." / Conclusion at level 1, "1." sections at 2,
"(1)" subsections at 3 and "- " run-in headings at 4. A heading is accepted only where its
number follows the previous one at its level, so a stray "2." in body text stays body text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .layout import Heading, heading_of, starts_paragraph
from .model import Section, Segment, SectionRole, SegmentKind, slug
from .repair import CleanLine
from .rules.layout import LayoutRules


@dataclass(frozen=True)
class Document:
    sections: list[Section]
    segments: list[Segment]


@dataclass
class _Draft:
    """A segment being read: its lines' texts are joined once, when it closes."""

    section_id: str
    kind: SegmentKind
    ordinal: int
    position: int
    parts: list[str]
    first: CleanLine
    last: CleanLine
    last_page: int | None


@dataclass
class _Builder:
    """Walks the lines once, keeping the open section at each level and the open segment.

    Every lookup is a dict, so the walk is linear in the number of lines."""

    sections: list[Section] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    open: dict[int, int] = field(default_factory=dict)  # level -> index into sections
    children: dict[str | None, int] = field(default_factory=dict)
    numbers: dict[tuple[int, str | None], int] = field(default_factory=dict)  # highest number per level and parent
    body_count: dict[str, int] = field(default_factory=dict)  # body segments per section
    ids: dict[str, int] = field(default_factory=dict)  # section id -> times used
    draft: _Draft | None = None

    # sections ------------------------------------------------------------------------
    def accepts(self, heading: Heading) -> bool:
        """A heading counts only where its number continues the count at its level."""
        if heading.level == 1:
            return heading.number is None or heading.number == self.numbers.get((1, None), 0) + 1
        parent = self._parent_for(heading.level)
        if parent is None or parent.role != "body":
            return False
        return heading.number is None or heading.number == self.numbers.get((heading.level, parent.id), 0) + 1

    def _parent_for(self, level: int) -> Section | None:
        return next((self.sections[self.open[lv]] for lv in range(level - 1, 0, -1) if lv in self.open), None)

    def start_section(self, heading: Heading, line: CleanLine, role: SectionRole = "body") -> Section:
        self.close_segment()
        parent = self._parent_for(heading.level)
        parent_id = parent.id if parent else None
        self.children[parent_id] = self.children.get(parent_id, 0) + 1
        if heading.level == 1:
            section_id = _roman(heading) if heading.number is not None else slug(heading.title) or "section"
        elif heading.number is not None:
            section_id = f"{parent_id}.{heading.number}"
        else:  # run-in headings are lettered in order: I.3.a, I.3.b ...
            section_id = f"{parent_id}.{_letter(self.children[parent_id])}"
        if heading.number is not None:
            key = (heading.level, parent_id if heading.level > 1 else None)
            self.numbers[key] = max(self.numbers.get(key, 0), heading.number)
        section = Section(
            id=self._unique(section_id), level=heading.level, label=heading.label, number=heading.number,
            title=heading.title, parent_id=parent_id, ordinal=len(self.sections) + 1,
            role=role, first_line=line.number, last_line=line.number,
            first_page=line.page, last_page=line.page,
        )
        self.sections.append(section)
        self.open = {lv: i for lv, i in self.open.items() if lv < heading.level}
        self.open[heading.level] = len(self.sections) - 1
        return section

    def _unique(self, section_id: str) -> str:
        """A second "Conclusion" is conclusion-2: every id names one section."""
        seen = self.ids.get(section_id, 0)
        self.ids[section_id] = seen + 1
        return section_id if not seen else f"{section_id}-{seen + 1}"

    @property
    def current(self) -> Section | None:
        return self.sections[self.open[max(self.open)]] if self.open else None

    # segments ------------------------------------------------------------------------
    @property
    def last_text(self) -> str:
        return self.draft.parts[-1] if self.draft else ""

    def close_segment(self) -> None:
        draft, self.draft = self.draft, None
        if draft is None:
            return
        self.segments.append(Segment(
            id=f"{draft.section_id}/{draft.ordinal}", section_id=draft.section_id, kind=draft.kind,
            ordinal=draft.ordinal, position=draft.position, text=" ".join(draft.parts),
            first_line=draft.first.number, last_line=draft.last.number,
            first_page=draft.first.page, last_page=draft.last_page,
        ))

    def add_segment(self, kind: SegmentKind, line: CleanLine) -> None:
        self.close_segment()
        section = self.current
        if section is None:  # text before any heading: an implicit preamble
            section = self.start_section(Heading(1, None, "", "Preamble"), line)
        if kind == "heading":
            ordinal = 0
        else:
            ordinal = self.body_count[section.id] = self.body_count.get(section.id, 0) + 1
        self.draft = _Draft(section.id, kind, ordinal, len(self.segments) + 1, [line.text], line, line, line.page)
        self._extend_section(line)

    def continue_segment(self, line: CleanLine) -> None:
        assert self.draft is not None
        self.draft.parts.append(line.text)
        self.draft.last = line
        if line.page is not None:
            self.draft.last_page = line.page
        self._extend_section(line)

    def _extend_section(self, line: CleanLine) -> None:
        """Every open section (the current one and its ancestors) now reaches this line."""
        for index in self.open.values():
            section = self.sections[index]
            page = line.page if line.page is not None else section.last_page
            self.sections[index] = replace(section, last_line=line.number, last_page=page)

    def document(self) -> Document:
        self.close_segment()
        return Document(self.sections, self.segments)


def _roman(heading: Heading) -> str:
    return heading.label.rstrip(".")


def _letter(n: int) -> str:
    return chr(ord("a") + n - 1) if n <= 26 else f"z{n}"


def segment(lines: list[CleanLine], layout: LayoutRules) -> Document:
    """Build the section tree and the segment list from repaired lines."""
    builder = _Builder()
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
        paragraph_start = builder.draft is None or starts_paragraph(builder.last_text, line.text)
        if paragraph_start and not line.bullet and line.text.startswith(layout.back_matter):
            builder.start_section(Heading(1, None, "", "Back matter"), line, role="back_matter")
            builder.add_segment("paragraph", line)
        elif line.bullet:
            builder.add_segment("bullet", line)
        elif paragraph_start:
            builder.add_segment("paragraph", line)
        else:
            builder.continue_segment(line)
    return builder.document()
