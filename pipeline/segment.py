"""Clean lines -> sections (from their numbering) and segments (headings, paragraphs, bullets).

The hierarchy is Preamble / chapters "I."-"VI." / Conclusion at level 1, "1." sections at 2,
"(1)" subsections at 3 and "- " run-in headings at 4. A heading is accepted only where its
number follows the previous one at its level, so a stray "2." in body text stays body text;
only a line that cannot be anything but a heading (a whole block, title case, before text) may
jump ahead, as "III." after "I." does where a rendering dropped a chapter.

Older editions add what their numbering does not say (their cues are strong only where each
line is a whole block: one paragraph per line, or a line between blank lines):
- an unnumbered sub-heading ("Development Targets", a short title-case line alone) is a
  section at level 2 under its chapter, lettered like the "- " headings ("III.a"); the numbered
  headings after it are its children, one level deeper ("II.a.1"), their count restarting. In a
  rendering whose chapters have no roman numerals at all, such a line is a chapter (its id the
  slug of its title), since nothing tells its chapters from their sub-headings;
- a run-in numbered heading ("1. Man-made satellites. Over the past ...") is a section titled
  up to the first period, its heading segment that part of the line and its first paragraph
  exactly the rest;
- a dash line ("-- Supporting ...", "- To build up ...") is a bullet, glyph removed, unless it
  is a short "- Title" with a paragraph after it (a run-in heading, as in 2021).

Before the body, nothing is lost and nothing is read as the paper's text: title-page lines (no
sentence, no heading: title, issuer, date) are a `front_matter` section, and a contents list
(a "Contents" line and the entries after it, or three or more chapter lines in a row up to the
one that repeats the first) a `contents` section, one paragraph segment per line.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .layout import (Heading, contents_entry, dash_item_of, ends_clause, ends_sentence, heading_of,
                     is_contents_label, is_title, is_title_case, one_block_per_line, opens_block,
                     starts_paragraph)
from .model import Section, Segment, SectionRole, SegmentKind, slug
from .repair import CleanLine
from .rules.layout import LayoutRules

_IMPLICIT_PREAMBLE = Heading(1, None, "", "Preamble", "preamble")
_BACK_MATTER = Heading(1, None, "", "Back matter", "back-matter")
_BEFORE_BODY: dict[SectionRole, Heading] = {
    "front_matter": Heading(1, None, "", "Front matter", "front-matter"),
    "contents": Heading(1, None, "", "Contents", "contents"),
}
_MIN_UNLABELLED_CONTENTS = 3  # entries: fewer chapter lines in a row are headings with nothing between


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
    topics: set[int] = field(default_factory=set)  # indices of unnumbered sub-headings
    implicit: int | None = None  # index of the preamble opened by text before any heading
    children: dict[str | None, int] = field(default_factory=dict)
    numbers: dict[tuple[int, str | None], int] = field(default_factory=dict)  # highest number per level and parent
    body_count: dict[str, int] = field(default_factory=dict)  # body segments per section
    ids: dict[str, int] = field(default_factory=dict)  # section id -> times used
    draft: _Draft | None = None

    # sections ------------------------------------------------------------------------
    def place(self, heading: Heading, unmistakable: bool) -> Heading | None:
        """The heading at the level it takes here, or None where it does not count: its number
        must continue the count at its level, or jump ahead of it on an `unmistakable` line."""
        level, parent_id = 1, None
        if heading.level > 1:
            level = heading.level + self._under_topic()
            parent = self._parent_for(level)
            if parent is None or parent.role != "body":
                return None
            parent_id = parent.id
        if heading.number is not None:
            expected = self.numbers.get((level, parent_id), 0) + 1
            if heading.number != expected and not (heading.number > expected and unmistakable):
                return None
        return replace(heading, level=level)

    def place_topic(self, title: str, chapters_numbered: bool) -> Heading | None:
        """A title-case heading alone: a chapter where no chapter has a numeral, else a
        sub-heading. A sub-heading goes under a chapter that has a heading, beside other
        sub-headings; under a numbered section it would cut that section short, and before any
        heading it is more likely a title or a site's clutter, so there it is text."""
        if not chapters_numbered:
            current = self.current
            return Heading(1, None, "", title, slug(title)) if current and current.role == "body" else None
        chapter = self.sections[self.open[1]] if 1 in self.open else None
        if (chapter is None or chapter.role != "body" or self.open[1] == self.implicit
                or (2 in self.open and not self._under_topic())):
            return None
        return Heading(2, None, "", title)

    def _under_topic(self) -> bool:
        return self.open.get(2) in self.topics

    def _parent_for(self, level: int) -> Section | None:
        return next((self.sections[self.open[lv]] for lv in range(level - 1, 0, -1) if lv in self.open), None)

    def start_section(self, heading: Heading, line: CleanLine, role: SectionRole = "body") -> Section:
        self.close_segment()
        parent = self._parent_for(heading.level)
        parent_id = parent.id if parent else None
        self.children[parent_id] = self.children.get(parent_id, 0) + 1
        if heading.level == 1:
            section_id = _roman(heading) if heading.number is not None else heading.section_id or slug(heading.title)
        elif heading.number is not None:
            section_id = f"{parent_id}.{heading.number}"
        else:  # run-in headings and sub-headings are lettered in order: I.3.a, I.3.b ...
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
        if heading.level == 2 and not heading.label:
            self.topics.add(len(self.sections) - 1)
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

    def add_segment(self, kind: SegmentKind, line: CleanLine, text: str | None = None) -> None:
        """Open a segment of `line` (or of `text`, a part of it) in the current section; text
        outside any body section (none yet, or after the contents) opens an implicit preamble."""
        self.close_segment()
        section = self.current
        if section is None or section.role in _BEFORE_BODY:
            section = self.start_section(_IMPLICIT_PREAMBLE, line)
            self.implicit = len(self.sections) - 1
        self._open_draft(section, kind, line, text)

    def add_before_body(self, role: SectionRole, kind: SegmentKind, line: CleanLine) -> None:
        """One line of the front matter or the contents list, in its own section."""
        self.close_segment()
        section = self.current
        if section is None or section.role != role:
            section = self.start_section(_BEFORE_BODY[role], line, role)
        self._open_draft(section, kind, line, None)
        self.close_segment()

    def _open_draft(self, section: Section, kind: SegmentKind, line: CleanLine, text: str | None) -> None:
        if kind == "heading":
            ordinal = 0
        else:
            ordinal = self.body_count[section.id] = self.body_count.get(section.id, 0) + 1
        parts = [line.text if text is None else text]
        self.draft = _Draft(section.id, kind, ordinal, len(self.segments) + 1, parts, line, line, line.page)
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


@dataclass(frozen=True)
class _Page:
    """What a line is beside its own text: the lines around it and the shape of the whole."""

    lines: list[CleanLine]
    layout: LayoutRules
    blocks: bool  # one heading or paragraph per line (a web rendering), not wrapped PDF text
    chapters_numbered: bool  # some line is an "I."-style chapter heading
    previous: list[int | None]  # index of the previous / next non-blank line
    following: list[int | None]
    before_body: dict[int, SectionRole]  # front matter and contents lines

    @classmethod
    def read(cls, lines: list[CleanLine], layout: LayoutRules) -> _Page:
        previous: list[int | None] = []
        last = None
        for index, line in enumerate(lines):
            previous.append(last)
            if line.text:
                last = index
        following: list[int | None] = [None] * len(lines)
        last = None
        for index in range(len(lines) - 1, -1, -1):
            following[index] = last
            if lines[index].text:
                last = index
        blocks = one_block_per_line([line.text for line in lines], layout)
        numbered = any((h := heading_of(line.text, layout)) and h.level == 1 and h.number is not None for line in lines)
        return cls(lines, layout, blocks, numbered, previous, following, _before_body(lines, following, layout))

    def whole(self, index: int) -> bool:
        """A line that is a block by itself: every line is one, or blank lines bound it."""
        before, after = index - 1, index + 1
        return self.blocks or ((before < 0 or not self.lines[before].text)
                               and (after >= len(self.lines) or not self.lines[after].text))

    def _text(self, index: int | None) -> str | None:
        return None if index is None else self.lines[index].text

    def _item(self, index: int | None) -> bool:
        return index is not None and (self.lines[index].bullet or dash_item_of(self.lines[index].text, self.layout) is not None)

    def text_follows(self, index: int) -> bool:
        """The next line opens a block of text (not the end, nor a wrapped continuation)."""
        after = self.following[index]
        return after is not None and (self._item(after) or opens_block(self.lines[after].text))

    def over_text(self, index: int) -> bool:
        """A short "- Title" heads the paragraph after it; in a list (after an intro ending ":",
        next to another item) or with no text after it, it is an item."""
        before = self._text(self.previous[index])
        return (self.text_follows(index) and not self._item(self.following[index])
                and not self._item(self.previous[index]) and not (before or "").endswith(":"))

    def unmistakable(self, index: int, heading: Heading) -> bool:
        """A heading nothing else could be: alone, title case, before text."""
        return (not heading.body and self.whole(index) and is_title_case(heading.title, self.layout)
                and self.text_follows(index))

    def topic(self, index: int) -> bool:
        """A title-case line alone, between text: neither in a run of such lines (a list of
        names) nor after an intro ending ":" (a list's first item)."""
        before, after = self._text(self.previous[index]), self._text(self.following[index])
        return (self.whole(index) and is_title(self.lines[index].text, self.layout)
                and self.text_follows(index) and not is_title(after or "", self.layout)
                and (before is None or (not before.endswith(":") and not is_title(before, self.layout))))


def _before_body(lines: list[CleanLine], following: list[int | None], layout: LayoutRules) -> dict[int, SectionRole]:
    """The front matter and contents list at the top: line index -> role.

    Front matter is the run of lines before the first chapter or contents list that are
    neither sentences nor headings (title, issuer, date); with no chapter or list after them
    they are the implicit preamble's text, as any text before a heading is."""
    index = next((i for i, line in enumerate(lines) if line.text), None)
    front: list[int] = []
    while index is not None:
        text = lines[index].text
        if is_contents_label(text, layout) or ends_sentence(text) or heading_of(text, layout):
            break
        front.append(index)
        index = following[index]
    if index is None:
        return {}
    text = lines[index].text
    heading = heading_of(text, layout)
    chapter = heading is not None and heading.level == 1
    labelled = is_contents_label(text, layout)
    contents = _contents(lines, following, layout, index, labelled) if labelled or chapter else []
    if not contents and not chapter:
        return {}
    return {**{i: "front_matter" for i in front}, **{i: "contents" for i in contents}}


def _contents(lines: list[CleanLine], following: list[int | None], layout: LayoutRules,
              start: int, labelled: bool) -> list[int]:
    """The lines of a contents list opening at `start`: its label (if `labelled`) and the entries
    after it, up to a line that is no entry or that repeats the first entry (the body begins).
    Without a label, only a run of chapter lines ended by that repeat is a list."""
    taken = [start] if labelled else []
    index = following[start] if labelled else start
    first = None
    while index is not None and not lines[index].bullet:
        key = contents_entry(lines[index].text, layout)
        if key is None or key == first:
            break
        first = first or key
        taken.append(index)
        index = following[index]
    entries = len(taken) - labelled
    repeated = index is not None and contents_entry(lines[index].text, layout) == first
    if labelled:
        return taken if entries else []
    return taken if entries >= _MIN_UNLABELLED_CONTENTS and repeated else []


def segment(lines: list[CleanLine], layout: LayoutRules) -> Document:
    """Build the section tree and the segment list from repaired lines."""
    page = _Page.read(lines, layout)
    builder = _Builder()
    for index, line in enumerate(lines):
        if not line.text:
            builder.close_segment()
        elif role := page.before_body.get(index):
            labelled = role == "contents" and is_contents_label(line.text, layout)
            builder.add_before_body(role, "heading" if labelled else "paragraph", line)
        else:
            _body_line(builder, page, index, line, layout)
    return builder.document()


def _body_line(builder: _Builder, page: _Page, index: int, line: CleanLine, layout: LayoutRules) -> None:
    """One line of the paper: a heading, the start of a bullet or paragraph, or a wrapped
    line continuing the open segment."""
    # one block per line, but a line going on in lower case from one that stopped mid-sentence
    # ("... achieved global" | "networking, and ...", the word a line-end hyphen split moved down)
    goes_on = line.text[:1].islower() and not ends_clause(builder.last_text)
    new_block = builder.draft is None or (page.blocks and not goes_on) or starts_paragraph(builder.last_text, line.text)
    heading = _heading_at(builder, page, index, line, new_block)
    if heading is not None:
        builder.start_section(heading, line)
        if heading.body:  # the title part of the line, then its text: each exactly as written
            builder.add_segment("heading", line, line.text[: len(line.text) - len(heading.body)].rstrip())
            builder.add_segment("paragraph", line, heading.body)
        else:
            builder.add_segment("heading", line)
            builder.close_segment()
        return
    item = dash_item_of(line.text, layout)
    if line.bullet:  # a "•" item, or a dash item the repair stage found inside a list
        builder.add_segment("bullet", line, item)
    elif item is not None and (builder.draft is None or page.blocks or ends_clause(builder.last_text)):
        builder.add_segment("bullet", line, item)
    elif new_block and line.text.startswith(layout.back_matter):
        builder.start_section(_BACK_MATTER, line, role="back_matter")
        builder.add_segment("paragraph", line)
    elif new_block:
        builder.add_segment("paragraph", line)
    else:
        builder.continue_segment(line)


def _heading_at(builder: _Builder, page: _Page, index: int, line: CleanLine, new_block: bool) -> Heading | None:
    """The heading this line opens here, at its level, or None."""
    if line.bullet:
        return None
    heading = heading_of(line.text, page.layout)
    if heading is None:
        return builder.place_topic(line.text.strip(), page.chapters_numbered) if page.topic(index) else None
    if heading.body and not new_block:
        return None  # "3. Space debris. The ..." continuing a wrapped sentence
    if heading.label == "-" and not page.over_text(index):
        return None
    return builder.place(heading, page.unmistakable(index, heading))
