"""The one place that defines every output table's pyarrow schema, column by column.

Each field carries a one-line description in its metadata so the data dictionary and the
files agree. Every table starts with `edition`; ids are stable across runs and editions.
"""

from __future__ import annotations

import pyarrow as pa


def _f(name: str, kind: pa.DataType, doc: str, nullable: bool = False) -> pa.Field:
    return pa.field(name, kind, nullable=nullable, metadata={"doc": doc})


_EDITION = _f("edition", pa.string(), "edition id, e.g. 2021")
_LINES = [
    _f("first_line", pa.int32(), "first source line (text) or line of extracted PDF text"),
    _f("last_line", pa.int32(), "last source line"),
    _f("first_page", pa.int32(), "first PDF page; null for text input", nullable=True),
    _f("last_page", pa.int32(), "last PDF page; null for text input", nullable=True),
]

SECTIONS = pa.schema([
    _EDITION,
    _f("section_id", pa.string(), "numbering path: preamble, II, II.2, II.2.1, I.3.a (run-in), conclusion"),
    _f("level", pa.int8(), "1 chapter, 2 numbered section, 3 (n) subsection, 4 run-in heading"),
    _f("label", pa.string(), 'the numbering as printed: "II.", "1.", "(1)", "-", or ""'),
    _f("number", pa.int16(), "the number at its level; null when unnumbered", nullable=True),
    _f("title", pa.string(), "heading text without its number"),
    _f("parent_id", pa.string(), "enclosing section; null at level 1", nullable=True),
    _f("ordinal", pa.int32(), "order of the heading in the document, from 1"),
    _f("role", pa.string(), "body or back_matter"),
    *_LINES,
])

SEGMENTS = pa.schema([
    _EDITION,
    _f("segment_id", pa.string(), "section_id/ordinal; ordinal 0 is the heading"),
    _f("section_id", pa.string(), "the section the segment belongs to"),
    _f("kind", pa.string(), "heading, paragraph or bullet"),
    _f("ordinal", pa.int32(), "position inside the section (0 = heading)"),
    _f("position", pa.int32(), "position in the whole document, from 1"),
    _f("text", pa.string(), "repaired text; wrapped lines joined by one space; bullet glyph removed"),
    *_LINES,
])

SENTENCES = pa.schema([
    _EDITION,
    _f("sentence_id", pa.string(), "segment_id/ordinal"),
    _f("segment_id", pa.string(), "the segment holding the sentence"),
    _f("section_id", pa.string(), "the segment's section"),
    _f("ordinal", pa.int32(), "position inside the segment, from 1"),
    _f("start", pa.int32(), "character offset of the sentence in the segment text"),
    _f("end", pa.int32(), "end offset (exclusive); segment text[start:end] == text"),
    _f("text", pa.string(), "the sentence"),
    _f("status", pa.string(), "planned, achieved or neutral"),
    _f("status_rule", pa.string(), 'rule id from patterns/status_rules.jsonl, "scope", or "section:<id>"', nullable=True),
    _f("status_trigger", pa.string(), "the trigger text, or the sentence/section that passed the status on", nullable=True),
])

REPAIRS = pa.schema([
    _EDITION,
    _f("repair_id", pa.string(), "r + 4-digit order: by line, then the order the rules ran; rows of one line apply in this order"),
    _f("rule", pa.string(), "running_footer, page_number, page_break_indent, orphan_bullet_glyph, bullet_glyph_reattached, bullet_glyph_lost, glued_word, line_end_hyphen"),
    _f("line", pa.int32(), "source line (text) or line of extracted PDF text"),
    _f("page", pa.int32(), "PDF page; null for text input", nullable=True),
    _f("before", pa.string(), "text as extracted"),
    _f("after", pa.string(), 'text after the repair ("" when the line was removed)'),
    _f("evidence", pa.string(), "why the change is safe"),
])

MENTIONS = pa.schema([
    _EDITION,
    _f("mention_id", pa.string(), "sentence_id@start"),
    _f("sentence_id", pa.string(), "the sentence the mention is in"),
    _f("segment_id", pa.string(), "the segment; offsets are in its text"),
    _f("section_id", pa.string(), "the segment's section"),
    _f("table", pa.string(), "missions, satellites, launch_vehicles, launch_sites or partners"),
    _f("entity_id", pa.string(), "canonical id: change-4, long-march-5b, long-march-series; a partner's id (ISO3 or slug)"),
    _f("surface", pa.string(), "the text exactly as written; segment text[start:end] == surface"),
    _f("start", pa.int32(), "character offset in the segment text"),
    _f("end", pa.int32(), "end offset (exclusive)"),
    _f("status", pa.string(), "status of the sentence: planned, achieved or neutral"),
    _f("rule", pa.string(), "objects: gazetteer, member (series + number), bare (series named alone), unseen, text (alias defined in the text); partners: name, compound (China-X, Sino-X)"),
])

_EVIDENCE = [
    _f("first_section_id", pa.string(), "section of the first mention"),
    _f("evidence_sentence_id", pa.string(), "the first sentence that names it"),
    _f("evidence", pa.string(), "that sentence's text"),
]

# missions, satellites, launch_vehicles and launch_sites share these columns.
ENTITIES = pa.schema([
    _EDITION,
    _f("entity_id", pa.string(), "stable slug, the same in every edition: change-4, long-march-5b; a series ends in -series"),
    _f("name", pa.string(), "canonical name"),
    _f("kind", pa.string(), 'e.g. "lunar probe", "carrier rocket"; a series kind ends in "series"; "unclassified" for an unseen name'),
    _f("series", pa.string(), "entity id of the series it belongs to", nullable=True),
    _f("source", pa.string(), "gazetteer (patterns/entities/names.jsonl), series (new number of a known series), unclassified, text (defined in the text)"),
    _f("aliases", pa.list_(pa.string()), "other forms written in this edition, sorted"),
    _f("status", pa.string(), "achieved if any mention is in an achieved sentence, else planned if any is in a planned one, else neutral"),
    _f("mention_count", pa.int32(), "mentions in this edition"),
    *_EVIDENCE,
])

ENTITY_TABLES = ("missions", "satellites", "launch_vehicles", "launch_sites")

PARTNERS = pa.schema([
    _EDITION,
    _f("partner_id", pa.string(), "ISO 3166-1 alpha-3 for a country, else a stable slug (esa, apsco)"),
    _f("name", pa.string(), "common English name"),
    _f("type", pa.string(), "country, organization, region or joint_body"),
    _f("iso3", pa.string(), "ISO3 of a country, or of a national agency's country", nullable=True),
    _f("countries", pa.list_(pa.string()), "a joint body's foreign countries (ISO3); empty otherwise"),
    _f("aliases", pa.list_(pa.string()), "other forms written in this edition, sorted"),
    _f("mention_count", pa.int32(), "mentions of the partner itself"),
    _f("joint_body_mentions", pa.int32(), "mentions of joint bodies that involve this country"),
    _f("contexts", pa.list_(pa.string()), "titles of the sections it appears under, in order"),
    _f("status", pa.string(), "achieved if any mention (own or via a joint body) is, else planned if any is, else neutral"),
    *_EVIDENCE,
])

PARTNER_LINKS = pa.schema([
    _EDITION,
    _f("link_id", pa.string(), "sentence_id|partner_id|entity_id"),
    _f("partner_id", pa.string(), "the partner"),
    _f("entity_id", pa.string(), "a space object named in the same sentence"),
    _f("entity_table", pa.string(), "the object's table"),
    _f("sentence_id", pa.string(), "the sentence naming both"),
    _f("section_id", pa.string(), "its section"),
    _f("status", pa.string(), "status of the sentence"),
    _f("role", pa.string(), 'what the cooperation was about, where the sentence says it: "payloads", "TT&C"', nullable=True),
])

FRAMEWORKS = pa.schema([
    _EDITION,
    _f("framework_id", pa.string(), "stable slug: outer-space-treaty, belt-and-road-initiative"),
    _f("name", pa.string(), "name of the treaty, agenda, initiative or guidelines"),
    _f("mention_count", pa.int32(), "mentions in this edition"),
    *_EVIDENCE,
])

COUNTS = pa.schema([
    _EDITION,
    _f("count_id", pa.string(), "sentence_id@start"),
    _f("value", pa.float64(), "the number: 1,731 -> 1731.0; seven million -> 7000000.0; tens of thousands -> 10000.0"),
    _f("text", pa.string(), "as written, qualifier and unit included; segment text[start:end] == text"),
    _f("qualifier", pa.string(), "exact, over (over / more than / exceeded), almost (almost / nearly), about, at_least, up_to"),
    _f("unit", pa.string(), "g, km, Gbps, % ...; null for a plain count", nullable=True),
    _f("counted", pa.string(), 'what is counted, as written: "launch missions", "countries and regions"', nullable=True),
    _f("subject", pa.string(), "entity id the count is about, when the sentence names one", nullable=True),
    _f("period_text", pa.string(), '"From 2016 to December 2021", "Since 2016", in the sentence or earlier in its section', nullable=True),
    _f("period_start", pa.string(), "year (or year-month) the period starts", nullable=True),
    _f("period_end", pa.string(), "year-month or year it ends; null when open", nullable=True),
    _f("sentence_id", pa.string(), "the sentence"),
    _f("segment_id", pa.string(), "the segment; offsets are in its text"),
    _f("section_id", pa.string(), "the segment's section"),
    _f("start", pa.int32(), "character offset in the segment text"),
    _f("end", pa.int32(), "end offset (exclusive)"),
    _f("status", pa.string(), "status of the sentence"),
])

TABLES: dict[str, pa.Schema] = {
    "sections": SECTIONS,
    "segments": SEGMENTS,
    "sentences": SENTENCES,
    "repairs": REPAIRS,
    "mentions": MENTIONS,
    **{name: ENTITIES for name in ENTITY_TABLES},
    "counts": COUNTS,
    "partners": PARTNERS,
    "partner_links": PARTNER_LINKS,
    "frameworks": FRAMEWORKS,
}


# Diff tables (whitepaper diff OLD NEW -> output/diff-OLD-NEW/).
_DIFF_EDITIONS = [
    _f("old_edition", pa.string(), "edition id of OLD"),
    _f("new_edition", pa.string(), "edition id of NEW"),
]

CHANGES = pa.schema([
    *_DIFF_EDITIONS,
    _f("table", pa.string(), "table compared: missions ... partners, partner_links, counts, sections"),
    _f("key", pa.string(), "stable key: entity/partner id, partner|entity, section id, or counted|subject|unit"),
    _f("change", pa.string(), "added, removed, changed (renamed for a section title)"),
    _f("field", pa.string(), "the field that changed", nullable=True),
    _f("old", pa.string(), "old value (lists as sorted JSON)", nullable=True),
    _f("new", pa.string(), "new value", nullable=True),
    _f("old_evidence_id", pa.string(), "sentence id in OLD", nullable=True),
    _f("new_evidence_id", pa.string(), "sentence id in NEW", nullable=True),
])

PLANS = pa.schema([
    *_DIFF_EDITIONS,
    _f("key", pa.string(), "entity or partner id, partner|entity, or the planned sentence id of OLD"),
    _f("kind", pa.string(), "entity (space object), partner, partner_link or sentence"),
    _f("old_status", pa.string(), "planned"),
    _f("new_status", pa.string(), "best status in NEW: achieved, planned, neutral; null if not mentioned", nullable=True),
    _f("outcome", pa.string(), "fulfilled (NEW reports it achieved), carried_over (still there, not achieved), dropped (not mentioned)"),
    _f("old_evidence_id", pa.string(), "sentence id in OLD", nullable=True),
    _f("new_evidence_id", pa.string(), "sentence id in NEW", nullable=True),
    _f("old_evidence", pa.string(), "that sentence in OLD", nullable=True),
    _f("new_evidence", pa.string(), "that sentence in NEW", nullable=True),
])

SUMMARY = pa.schema([
    *_DIFF_EDITIONS,
    _f("table", pa.string(), "table compared, or plans"),
    _f("change", pa.string(), "added, removed, changed, renamed; for plans the outcome"),
    _f("rows", pa.int32(), "how many"),
])

DIFF_TABLES: dict[str, pa.Schema] = {"changes": CHANGES, "plans": PLANS, "summary": SUMMARY}
