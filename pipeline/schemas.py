"""The one place every output table's pyarrow schema is found, column by column.

The document tables (sections, segments, sentences, repairs, mentions) and the diff tables are
defined here; each extractor defines its own tables with the helpers below, and
`edition_tables()` gathers them all, so every reader and writer asks this module; the tables
across editions (`CATALOG_TABLES`) follow the diff tables. Each field
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
# Where a line came from, beyond its number: line numbers run on through an edition in parts.
_PROVENANCE = [
    field("source_file", pa.string(), "the file the line (a segment's first line) is in; of an edition in several parts, its part"),
    field("source_path", pa.string(), "HTML: the path of the element the line is the text of, e.g. /html/body/div[3]/div[2]/p[14]; "
                                      "null for text and PDF", nullable=True),
]
_LINES = [
    field("first_line", pa.int32(), "first source line (text), line of extracted PDF text, or line of the page's text (HTML: one block per line); numbered on through the parts of an edition in parts"),
    field("last_line", pa.int32(), "last source line"),
    field("first_page", pa.int32(), "first PDF page; null for text input", nullable=True),
    field("last_page", pa.int32(), "last PDF page; null for text input", nullable=True),
]

SECTIONS = pa.schema([
    EDITION,
    field("section_id", pa.string(), "numbering path: preamble, II, II.2, II.2.1, I.3.a (run-in), III.a (unnumbered sub-heading), II.a.1 (numbered under it), conclusion; front-matter, contents, back-matter"),
    field("level", pa.int8(), "1 chapter, 2 numbered section or unnumbered sub-heading, 3 (n) subsection, 4 run-in heading; the numbered levels one deeper under an unnumbered sub-heading"),
    field("label", pa.string(), 'the numbering as printed: "II.", "1.", "(1)", "-", or ""'),
    field("number", pa.int16(), "the number at its level; null when unnumbered", nullable=True),
    field("title", pa.string(), "heading text without its number"),
    field("parent_id", pa.string(), "enclosing section; null at level 1", nullable=True),
    field("ordinal", pa.int32(), "order of the heading in the document, from 1"),
    field("role", pa.string(), "body; front_matter (title-page lines), contents (a contents list) or back_matter: only body is read as the paper's text"),
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
    *_PROVENANCE,
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
    field("rule", pa.string(), "PDF and text: running_footer, page_number, page_break_join, page_break_indent, orphan_bullet_glyph, bullet_glyph_reattached, bullet_glyph_lost, glued_word, line_end_hyphen; web clutter (text and HTML, patterns/web.toml): mojibake, a clutter kind (navigation, share, site_header, footer, full_text_label, related, byline, source, date, pagination, breadcrumb, photo_caption), chinese, other_script, title, repeated_line, outside_main_content"),
    field("line", pa.int32(), "source line, as first_line of segments"),
    field("page", pa.int32(), "PDF page; null for text input", nullable=True),
    field("before", pa.string(), "text as extracted"),
    field("after", pa.string(), 'text after the repair ("" when the line was removed)'),
    field("evidence", pa.string(), "why the change is safe"),
    *_PROVENANCE,
])

MENTIONS = pa.schema([
    EDITION,
    field("mention_id", pa.string(), "sentence_id@start-end"),
    field("sentence_id", pa.string(), "the sentence the mention is in"),
    field("segment_id", pa.string(), "the segment; offsets are in its text"),
    field("section_id", pa.string(), "the segment's section"),
    field("table", pa.string(), "missions, satellites, launch_vehicles, launch_sites or partners"),
    field("entity_id", pa.string(), "canonical id: change-4, long-march-5b, long-march-series; a partner's id (ISO3 or slug)"),
    field("surface", pa.string(), "the text exactly as written; segment text[start:end] == surface"),
    field("start", pa.int32(), "character offset in the segment text"),
    field("end", pa.int32(), "end offset (exclusive)"),
    field("status", pa.string(), "what the text says of this mention: an object realised (achieved) or to be built / in development (planned); a partner's cooperation done or going on (achieved) or promised (planned); neutral when neither"),
    field("stage", pa.string(), "objects: operating, completed, launched, in_development or planned, when the governing words say", nullable=True),
    field("status_rule", pa.string(), 'the trigger rule that governs the mention (patterns/status_rules.jsonl), "shield:<id>" when a nominal keeps the verb off it, or "sentence" / "scope" / "section:<id>" when it takes its sentence\'s status', nullable=True),
    field("status_trigger", pa.string(), "the governing trigger's words", nullable=True),
    field("rule", pa.string(), "objects: gazetteer, member (series + number), bare (series named alone), unseen, text (alias defined in the text); partners: name, compound (China-X, Sino-X)"),
    field("role", pa.string(), 'partners: "location" when the text names the place only ("the drought in Afghanistan")', nullable=True),
])

EVIDENCE = [
    field("first_section_id", pa.string(), "section of the first mention"),
    field("evidence_sentence_id", pa.string(), "the first sentence that names it"),
    field("evidence", pa.string(), "that sentence's text"),
]

# A row whose status its mentions decide: the mention that decided it is its evidence.
DECIDED = [
    field("status_rule", pa.string(), 'rule that set the deciding mention\'s status: a trigger id of patterns/status_rules.jsonl, "sentence" (its sentence\'s status), "scope", "section:<id>", "shield:<id>"', nullable=True),
    field("status_trigger", pa.string(), "the trigger's words, or the sentence / section that passed the status on", nullable=True),
    field("first_section_id", pa.string(), "section of the first mention"),
    field("evidence_mention_id", pa.string(), "the mention that decided the status"),
    field("evidence_sentence_id", pa.string(), "its sentence"),
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
    field("key", pa.string(), "stable key: entity/partner id, partner|entity, section id, or counted|subject|unit (#2, #3 for later counts with the same key in that edition); with change and field, unique"),
    field("change", pa.string(), "added, removed, changed (renamed for a section title)"),
    field("field", pa.string(), "the field that changed", nullable=True),
    field("old", pa.string(), "old value (lists as sorted JSON)", nullable=True),
    field("new", pa.string(), "new value", nullable=True),
    field("old_evidence_id", pa.string(), "sentence id in OLD", nullable=True),
    field("new_evidence_id", pa.string(), "sentence id in NEW", nullable=True),
])

PLANS = pa.schema([
    *_DIFF_EDITIONS,
    field("plan_id", pa.string(), "kind:key, e.g. sentence:II.4.2/3/1, object:change-6, link:RUS|change-7"),
    field("kind", pa.string(), "sentence (a planned sentence of OLD, or a task of one: id#n), object, partner or link"),
    field("key", pa.string(), "the sentence id, entity id, partner id, or partner|entity"),
    field("name", pa.string(), "the plan in words: the sentence, or the object's or partner's name"),
    field("counted", pa.bool_(), "true for a commitment counted once; false for an object tied to the planned sentence that carries it"),
    field("plan_of", pa.string(), "the sentence plan this object, partner or link plan is tied to", nullable=True),
    field("objects", pa.list_(pa.string()), "the planned objects the plan names"),
    field("section_id", pa.string(), "its section in OLD", nullable=True),
    field("old_status", pa.string(), "planned"),
    field("old_evidence_id", pa.string(), "sentence id in OLD", nullable=True),
    field("old_evidence", pa.string(), "that sentence in OLD", nullable=True),
    field("outcome", pa.string(), "fulfilled (NEW reports it done), in_progress (under way, or part done), carried_over (planned again), dropped (NEW says it was cancelled), not_mentioned (no match above the threshold)"),
    field("confidence", pa.string(), "high, medium or low, from the score (for not_mentioned: how low the best candidate scores)"),
    field("score", pa.float64(), "match score of the deciding evidence: the match model's probability that it speaks of the plan (patterns/scorecard.toml)"),
    field("reason", pa.string(), "why this outcome, in words"),
    field("new_status", pa.string(), "status of the deciding NEW sentence", nullable=True),
    field("new_evidence_id", pa.string(), "the deciding sentence id in NEW", nullable=True),
    field("new_evidence", pa.string(), "that sentence in NEW", nullable=True),
    field("candidate_id", pa.string(), "the best-matching NEW sentence, kept for review even when not_mentioned", nullable=True),
    field("candidate", pa.string(), "its text", nullable=True),
    field("candidate_score", pa.float64(), "its score", nullable=True),
])
SUMMARY = pa.schema([
    *_DIFF_EDITIONS,
    field("table", pa.string(), "table compared, or plans:<kind> (counted plans only)"),
    field("change", pa.string(), "added, removed, changed, renamed; for plans the outcome"),
    field("rows", pa.int32(), "how many"),
])

DIFF_TABLES: dict[str, pa.Schema] = {"changes": CHANGES, "plans": PLANS, "summary": SUMMARY}


# Catalogue tables: one dataset across every edition (pipeline/catalog.py), rebuilt from the
# extracted editions and their diffs by `whitepaper export`. Edition years are those of
# `editions.year`; "first" means first in the editions' order.
_YEAR = field("year", pa.int16(), "the edition's year (see editions.year); null when unknown", nullable=True)

EDITIONS = pa.schema([
    EDITION,
    field("ordinal", pa.int16(), "position in the editions' order (by year, then id), from 1"),
    field("year", pa.int16(), "year of period_end, else of published, else a four-digit year in the id; null when none", nullable=True),
    field("year_source", pa.string(), "where the year came from: period_end, published or id", nullable=True),
    field("title", pa.string(), "title from the edition metadata", nullable=True),
    field("published", pa.string(), "publication date from the edition metadata", nullable=True),
    field("period_start", pa.string(), "start of the period the edition reports on", nullable=True),
    field("period_end", pa.string(), "end of the period the edition reports on", nullable=True),
    field("previous_edition", pa.string(), "the edition before it in this order; null for the first", nullable=True),
    field("diff_from_previous", pa.bool_(), "true when the diff previous_edition -> edition was found (plan chains cover that step)"),
    field("source_file", pa.string(), "file the edition was extracted from"),
    field("source_sha256", pa.string(), "SHA-256 of that file", nullable=True),
    field("pipeline_version", pa.string(), "whitepaper version that extracted it", nullable=True),
])

OBJECT_TIMELINE = pa.schema([
    EDITION,
    _YEAR,
    field("entity_table", pa.string(), "missions, satellites, launch_vehicles or launch_sites"),
    field("entity_id", pa.string(), "the object's stable id, the same in every edition"),
    field("name", pa.string(), "canonical name"),
    field("kind", pa.string(), "its kind in this edition"),
    field("series", pa.string(), "entity id of its series", nullable=True),
    field("status", pa.string(), "its status in this edition: planned, achieved or neutral"),
    field("stage", pa.string(), "the finer reading (operating, completed, launched, in_development, planned) where the edition's table has one", nullable=True),
    field("mention_count", pa.int32(), "mentions in this edition"),
    field("planned_mentions", pa.int32(), "of them, mentions in planned sentences: the edition promises something about it"),
    field("achieved_mentions", pa.int32(), "of them, mentions in achieved sentences"),
    field("evidence_sentence_id", pa.string(), "the edition's evidence sentence"),
    field("evidence", pa.string(), "that sentence's text"),
    field("editions_named", pa.int16(), "how many editions name the object"),
    field("first_named_edition", pa.string(), "first edition that names it"),
    field("first_named_year", pa.int16(), "its year", nullable=True),
    field("first_planned_edition", pa.string(), "first edition that plans it: its status there is planned, or a mention is in a planned sentence; null if none", nullable=True),
    field("first_planned_year", pa.int16(), "its year", nullable=True),
    field("first_achieved_edition", pa.string(), "first edition where its status is achieved; null if none", nullable=True),
    field("first_achieved_year", pa.int16(), "its year", nullable=True),
    field("promise_to_report_years", pa.int16(), "first_achieved_year - first_planned_year when the first edition that plans it comes before the first that reports it achieved; else null", nullable=True),
])

PLAN_CHAINS = pa.schema([
    *_DIFF_EDITIONS,
    field("chain_id", pa.string(), "origin_edition|kind|origin_key: one chain per plan, from the edition that first made it"),
    field("step", pa.int16(), "1 for the diff from the origin edition, 2 for the next pair of editions, ..."),
    field("steps", pa.int16(), "how many steps the chain has"),
    field("kind", pa.string(), "as in plans: sentence, object, partner or link"),
    field("origin_edition", pa.string(), "the edition that made the plan"),
    field("origin_key", pa.string(), "the plan's key there"),
    field("key", pa.string(), "the plan's key in this step's diff: the same id for an object or partner; for a sentence, the sentence of old_edition that the step before matched"),
    field("old_year", pa.int16(), "year of old_edition", nullable=True),
    field("new_year", pa.int16(), "year of new_edition", nullable=True),
    field("old_status", pa.string(), "planned"),
    field("new_status", pa.string(), "best status in new_edition; null if not mentioned", nullable=True),
    field("outcome", pa.string(), "this step's outcome, as in plans: fulfilled, in_progress, not_mentioned, dropped or carried_over"),
    field("old_evidence_id", pa.string(), "sentence id in old_edition", nullable=True),
    field("new_evidence_id", pa.string(), "sentence id in new_edition", nullable=True),
    field("old_evidence", pa.string(), "that sentence in old_edition", nullable=True),
    field("new_evidence", pa.string(), "that sentence in new_edition", nullable=True),
    field("final_edition", pa.string(), "new_edition of the chain's last step"),
    field("final_outcome", pa.string(), "outcome of the chain's last step"),
    field("fulfilled_edition", pa.string(), "first edition that reports the plan fulfilled; null if none", nullable=True),
    field("years_to_fulfil", pa.int16(), "year of fulfilled_edition - year of origin_edition", nullable=True),
])

PARTNER_TIMELINE = pa.schema([
    EDITION,
    _YEAR,
    field("partner_id", pa.string(), "ISO3 or slug, the same in every edition"),
    field("name", pa.string(), "common English name"),
    field("type", pa.string(), "country, organization, region or joint_body"),
    field("iso3", pa.string(), "ISO3 of a country, or of a national agency's country", nullable=True),
    field("status", pa.string(), "its status in this edition"),
    field("mention_count", pa.int32(), "mentions of the partner itself in this edition"),
    field("joint_body_mentions", pa.int32(), "mentions of joint bodies that involve it"),
    field("contexts", pa.list_(pa.string()), "titles of the sections it appears under"),
    field("linked_objects", pa.list_(pa.string()), "entity ids of the space objects linked to it in this edition, sorted"),
    field("evidence_sentence_id", pa.string(), "the edition's evidence sentence"),
    field("evidence", pa.string(), "that sentence's text"),
    field("editions_named", pa.int16(), "how many editions name the partner"),
    field("first_edition", pa.string(), "first edition that names it"),
    field("last_edition", pa.string(), "last edition that names it"),
    field("in_every_edition", pa.bool_(), "true when every edition of the export names it"),
])

COUNT_SERIES = pa.schema([
    EDITION,
    _YEAR,
    field("series_key", pa.string(), "the count's diff key: content words of what is counted|subject|unit (see the counts diff)"),
    field("count_id", pa.string(), "the count in this edition"),
    field("value", pa.float64(), "the number"),
    field("qualifier", pa.string(), "exact, over, almost, about, at_least, up_to"),
    field("unit", pa.string(), "unit; null for a plain count", nullable=True),
    field("counted", pa.string(), "what is counted, as written", nullable=True),
    field("subject", pa.string(), "entity id the count is about", nullable=True),
    field("period_text", pa.string(), "the period as written", nullable=True),
    field("period_start", pa.string(), "year (or year-month) the period starts", nullable=True),
    field("period_end", pa.string(), "year-month or year it ends; null when open", nullable=True),
    field("status", pa.string(), "status of the sentence"),
    field("text", pa.string(), "the count as written"),
    field("sentence_id", pa.string(), "its sentence"),
    field("evidence", pa.string(), "that sentence's text"),
    field("ordinal", pa.int16(), "1 for the first count of this key in the edition (document order), 2 for the next, ..."),
    field("editions_with_key", pa.int16(), "how many editions have a count of this key"),
    field("first_edition", pa.string(), "first edition with a count of this key"),
])

CATALOG_TABLES: dict[str, pa.Schema] = {
    "editions": EDITIONS,
    "object_timeline": OBJECT_TIMELINE,
    "plan_chains": PLAN_CHAINS,
    "partner_timeline": PARTNER_TIMELINE,
    "count_series": COUNT_SERIES,
}
