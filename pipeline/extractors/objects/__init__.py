"""Named space objects: missions, satellites, launch vehicles and launch sites.

Components and their rules: `components.py` (gazetteer, Name-Number designators, one span per
stretch, aliases the text defines), `gazetteer.py` (`entities/*` rule files). This module
declares the extractor: its tables, rows, show columns, diff keys, plans and report parts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pyarrow as pa
from spacy.language import Language

from ...model import OBJECT_TABLES, Mention, deciding
from ...rules import Rules
from ...schemas import DECIDED, EDITION, field
from .. import Context, DiffKey, Extractor, Output, PlanSource, ReportTable, decided_by, mention_id, register
from . import components
from .gazetteer import ObjectRules

SCHEMA = pa.schema([
    EDITION,
    field("entity_id", pa.string(), "stable slug, the same in every edition: change-4, long-march-5b; a series ends in -series"),
    field("name", pa.string(), "canonical name"),
    field("kind", pa.string(), 'e.g. "lunar probe", "carrier rocket"; a series kind ends in "series"; "unclassified" for an unseen name'),
    field("series", pa.string(), "entity id of the series it belongs to", nullable=True),
    field("source", pa.string(), "gazetteer (patterns/entities/names.jsonl), series (new number of a known series), unclassified, text (defined in the text)"),
    field("aliases", pa.list_(pa.string()), "other forms written in this edition, sorted"),
    field("status", pa.string(), "achieved (launched, completed, operating) if any mention says so, else planned (to be built, or in development) if any does, else neutral; a series is achieved when a member is"),
    field("stage", pa.string(), "the finer reading of the deciding mention: operating, completed, launched, in_development, planned; null when the text gives none", nullable=True),
    field("mention_count", pa.int32(), "mentions in this edition"),
    *DECIDED,
])

_KEYS = ("entity_id", "name", "status", "mention_count")
_FIELDS = ("name", "kind", "series", "status", "aliases")
_COLUMNS = (("name", "Name"), ("kind", "Kind"), ("status", "Status"), ("mention_count", "Mentions"),
            ("evidence_sentence_id", "Evidence"))
_TITLES = {"missions": "Missions", "satellites": "Satellites", "launch_vehicles": "Launch vehicles",
           "launch_sites": "Launch sites"}
_NAMELIKE = re.compile(r"[A-Za-z]{2}")


@register
class SpaceObjects(Extractor):
    name = "objects"
    rules = ObjectRules
    tables = {table: SCHEMA for table in OBJECT_TABLES}
    show = {table: _KEYS for table in OBJECT_TABLES}
    diff_keys = {table: DiffKey("entity_id", _FIELDS) for table in OBJECT_TABLES}
    # a satellite generation's letters and numbers name its units (Fengyun-4A, Tianlian-2 01); a
    # rocket's letters name variants (Long March-5B), a mission's a test flight (Chang'e-5-T1)
    plans = {table: PlanSource("object", ("entity_id",), r"[a-z]|-\d+" if table == "satellites" else None)
             for table in OBJECT_TABLES}
    report = {table: ReportTable(_TITLES[table], _COLUMNS) for table in OBJECT_TABLES}
    highlights = {"missions": "#f9a03f", "satellites": "#5ab4e5", "launch_vehicles": "#b18cf0",
                  "launch_sites": "#8cc152"}
    name_spans = (components.SPANS_KEY,)

    def add_pipes(self, nlp: Language, rules: Rules) -> None:
        components.add_pipes(nlp, rules.get(ObjectRules))

    def extract(self, context: Context) -> Output:
        rules = context.rules.get(ObjectRules)
        docs = [a.doc for a in context.body]
        known = {**rules.entities, **components.new_entities(docs)}
        known.update(components.link_text_aliases(docs, context.nlp, known, rules.long_form_heads))
        mentions: list[Mention] = []
        for annotated in context.body:
            spans = list(annotated.doc.spans[components.SPANS_KEY])
            for span in spans:
                sentence = annotated.sentence_at(span.start_char)
                mentions.append(Mention(
                    id=mention_id(sentence.id, span.start_char, span.end_char), sentence_id=sentence.id,
                    segment_id=sentence.segment_id, section_id=sentence.section_id,
                    table=span.label_, entity_id=span.id_, surface=span.text,
                    start=span.start_char, end=span.end_char, verdict=context.verdict(annotated, span, "object", spans),
                    rule=span.kb_id_,
                ))
        return Output(mentions, _rows(mentions, known, context))


def _rows(mentions: list[Mention], known: dict, context: Context) -> dict[str, list[dict[str, Any]]]:
    """One row per object, per table, its status decided by its mentions (`model.deciding`);
    a series is achieved when one of its members is."""
    by_entity: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_entity[mention.entity_id].append(mention)
    decided = {entity_id: deciding(here) for entity_id, here in by_entity.items()}
    for entity_id in sorted(by_entity):  # a member's achievement decides its series
        series = known[entity_id].series
        if series and series != entity_id and series in decided and decided[entity_id].status == "achieved" \
                and decided[series].status != "achieved":
            decided[series] = decided[entity_id]
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in OBJECT_TABLES}
    for entity_id in sorted(by_entity):
        entity = known[entity_id]
        here = by_entity[entity_id]
        # a compact part ("1D" of "Haiyang-1C/1D") is a mention but not a name
        written = {form for m in here for form in components.naming_forms(" ".join(m.surface.split()))}
        surfaces = sorted({form for form in written if _NAMELIKE.search(form)} - {entity.name})
        rows[entity.table].append({
            "entity_id": entity.id, "name": entity.name, "kind": entity.kind, "series": entity.series,
            "source": entity.source, "aliases": surfaces, "mention_count": len(here),
            "first_section_id": here[0].section_id, **decided_by(decided[entity_id], context),
        })
    return rows
