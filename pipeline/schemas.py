"""The one place every output table's pyarrow schema is found, column by column.

The document tables (sections, segments, sentences, repairs, mentions) and the diff tables are
defined here; each extractor defines its own tables with the helpers below, and
`edition_tables()` gathers them all, so every reader and writer asks this module. Each field
carries a one-line description in its metadata, so the data dictionary and the files agree.
Every table starts with `edition`; ids are stable across runs and editions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa

if TYPE_CHECKING:
    from .extractors import Extractor


def field(name: str, kind: pa.DataType, doc: str, nullable: bool = False) -> pa.Field:
    """A column with its description."""
    return pa.field(name, kind, nullable=nullable, metadata={"doc": doc})


EDITION = field("edition", pa.string(), "edition id, e.g. 2021")
_LINES = [
    field("first_line", pa.int32(), "first source line (text) or line of extracted PDF text"),
    field("last_line", pa.int32(), "last source line"),
    field("first_page", pa.int32(), "first PDF page; null for text input", nullable=True),
    field("last_page", pa.int32(), "last PDF page; null for text input", nullable=True),
]

SECTIONS = pa.schema([
    EDITION,
    field("section_id", pa.string(), "numbering path: preamble, II, II.2, II.2.1, I.3.a (run-in), conclusion"),
    field("level", pa.int8(), "1 chapter, 2 numbered section, 3 (n) subsection, 4 run-in heading"),
    field("label", pa.string(), 'the numbering as printed: "II.", "1.", "(1)", "-", or ""'),
    field("number", pa.int16(), "the number at its level; null when unnumbered", nullable=True),
    field("title", pa.string(), "heading text without its number"),
    field("parent_id", pa.string(), "enclosing section; null at level 1", nullable=True),
    field("ordinal", pa.int32(), "order of the heading in the document, from 1"),
    field("role", pa.string(), "body or back_matter"),
    *_LINES,
])

SEGMENTS = pa.schema([
    EDITION,
    field("segment_id", pa.string(), "section_id/ordinal; ordinal 0 is the heading"),
    field("section_id", pa.string(), "the section the segment belongs to"),
    field("kind", pa.string(), "heading, paragraph or bullet"),
    field("ordinal", pa.int32(), "position inside the section (0 = heading)"),
    field("position", pa.int32(), "position in the whole document, from 1"),
    field("text", pa.string(), "repaired text; wrapped lines joined by one space; bullet glyph removed"),
    *_LINES,
])

SENTENCES = pa.schema([
    EDITION,
    field("sentence_id", pa.string(), "segment_id/ordinal"),
    field("segment_id", pa.string(), "the segment holding the sentence"),
    field("section_id", pa.string(), "the segment's section"),
    field("ordinal", pa.int32(), "position inside the segment, from 1"),
    field("start", pa.int32(), "character offset of the sentence in the segment text"),
    field("end", pa.int32(), "end offset (exclusive); segment text[start:end] == text"),
    field("text", pa.string(), "the sentence"),
    field("status", pa.string(), "planned, achieved or neutral"),
    field("status_rule", pa.string(), 'rule id from patterns/status_rules.jsonl, "scope", or "section:<id>"', nullable=True),
    field("status_trigger", pa.string(), "the trigger text, or the sentence/section that passed the status on", nullable=True),
])

REPAIRS = pa.schema([
    EDITION,
    field("repair_id", pa.string(), "r + 4-digit order: by line, then the order the rules ran; rows of one line apply in this order"),
    field("rule", pa.string(), "running_footer, page_number, page_break_indent, orphan_bullet_glyph, bullet_glyph_reattached, bullet_glyph_lost, glued_word, line_end_hyphen"),
    field("line", pa.int32(), "source line (text) or line of extracted PDF text"),
    field("page", pa.int32(), "PDF page; null for text input", nullable=True),
    field("before", pa.string(), "text as extracted"),
    field("after", pa.string(), 'text after the repair ("" when the line was removed)'),
    field("evidence", pa.string(), "why the change is safe"),
])

MENTIONS = pa.schema([
    EDITION,
    field("mention_id", pa.string(), "sentence_id@start"),
    field("sentence_id", pa.string(), "the sentence the mention is in"),
    field("segment_id", pa.string(), "the segment; offsets are in its text"),
    field("section_id", pa.string(), "the segment's section"),
    field("table", pa.string(), "missions, satellites, launch_vehicles, launch_sites or partners"),
    field("entity_id", pa.string(), "canonical id: change-4, long-march-5b, long-march-series; a partner's id (ISO3 or slug)"),
    field("surface", pa.string(), "the text exactly as written; segment text[start:end] == surface"),
    field("start", pa.int32(), "character offset in the segment text"),
    field("end", pa.int32(), "end offset (exclusive)"),
    field("status", pa.string(), "status of the sentence: planned, achieved or neutral"),
    field("rule", pa.string(), "objects: gazetteer, member (series + number), bare (series named alone), unseen, text (alias defined in the text); partners: name, compound (China-X, Sino-X)"),
])

EVIDENCE = [
    field("first_section_id", pa.string(), "section of the first mention"),
    field("evidence_sentence_id", pa.string(), "the first sentence that names it"),
    field("evidence", pa.string(), "that sentence's text"),
]

DOCUMENT_TABLES: dict[str, pa.Schema] = {
    "sections": SECTIONS,
    "segments": SEGMENTS,
    "sentences": SENTENCES,
    "repairs": REPAIRS,
    "mentions": MENTIONS,
}


def edition_tables(extractors: list[Extractor] | None = None) -> dict[str, pa.Schema]:
    """Every table of an extracted edition, in order: the document tables, then each
    extractor's (the registered ones unless `extractors` is given)."""
    from .extractors import default_extractors

    tables = dict(DOCUMENT_TABLES)
    for extractor in extractors if extractors is not None else default_extractors():
        tables.update(extractor.tables)
    return tables


# Diff tables (whitepaper diff OLD NEW -> output/diffs/OLD-NEW/).
_DIFF_EDITIONS = [
    field("old_edition", pa.string(), "edition id of OLD"),
    field("new_edition", pa.string(), "edition id of NEW"),
]

CHANGES = pa.schema([
    *_DIFF_EDITIONS,
    field("table", pa.string(), "table compared: missions ... partners, partner_links, counts, sections"),
    field("key", pa.string(), "stable key: entity/partner id, partner|entity, section id, or counted|subject|unit"),
    field("change", pa.string(), "added, removed, changed (renamed for a section title)"),
    field("field", pa.string(), "the field that changed", nullable=True),
    field("old", pa.string(), "old value (lists as sorted JSON)", nullable=True),
    field("new", pa.string(), "new value", nullable=True),
    field("old_evidence_id", pa.string(), "sentence id in OLD", nullable=True),
    field("new_evidence_id", pa.string(), "sentence id in NEW", nullable=True),
])

PLANS = pa.schema([
    *_DIFF_EDITIONS,
    field("key", pa.string(), "entity or partner id, partner|entity, or the planned sentence id of OLD"),
    field("kind", pa.string(), "entity (space object), partner, partner_link or sentence"),
    field("old_status", pa.string(), "planned"),
    field("new_status", pa.string(), "best status in NEW: achieved, planned, neutral; null if not mentioned", nullable=True),
    field("outcome", pa.string(), "fulfilled (NEW reports it achieved), carried_over (still there, not achieved), dropped (not mentioned)"),
    field("old_evidence_id", pa.string(), "sentence id in OLD", nullable=True),
    field("new_evidence_id", pa.string(), "sentence id in NEW", nullable=True),
    field("old_evidence", pa.string(), "that sentence in OLD", nullable=True),
    field("new_evidence", pa.string(), "that sentence in NEW", nullable=True),
])

SUMMARY = pa.schema([
    *_DIFF_EDITIONS,
    field("table", pa.string(), "table compared, or plans"),
    field("change", pa.string(), "added, removed, changed, renamed; for plans the outcome"),
    field("rows", pa.int32(), "how many"),
])

DIFF_TABLES: dict[str, pa.Schema] = {"changes": CHANGES, "plans": PLANS, "summary": SUMMARY}
