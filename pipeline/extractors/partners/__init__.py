"""Cooperation partners (countries, organizations, regions, joint bodies), the links between a
partner and a space object, and the frameworks (treaties, agendas, initiatives) the text names.

`components.py` holds the two spaCy components, `gazetteer.py` the rules (`patterns/partners/`).
This module declares two extractors: partners with their links, and frameworks, which are
matched by the same component (the longest name wins between a partner and a framework).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pyarrow as pa
from spacy.language import Language

from ...compare import diff_keyed
from ...model import PARTNERS, Mention, strongest
from ...rules import Rules
from ...schemas import EDITION, EVIDENCE, field
from .. import Context, DiffKey, Extractor, Output, PlanSource, ReportTable, register
from . import components
from .gazetteer import PartnerRules

PARTNERS_SCHEMA = pa.schema([
    EDITION,
    field("partner_id", pa.string(), "ISO 3166-1 alpha-3 for a country, else a stable slug (esa, apsco)"),
    field("name", pa.string(), "common English name"),
    field("type", pa.string(), "country, organization, region or joint_body"),
    field("iso3", pa.string(), "ISO3 of a country, or of a national agency's country", nullable=True),
    field("countries", pa.list_(pa.string()), "a joint body's foreign countries (ISO3); empty otherwise"),
    field("aliases", pa.list_(pa.string()), "other forms written in this edition, sorted"),
    field("mention_count", pa.int32(), "mentions of the partner itself"),
    field("joint_body_mentions", pa.int32(), "mentions of joint bodies that involve this country"),
    field("contexts", pa.list_(pa.string()), "titles of the sections it appears under, in order"),
    field("status", pa.string(), "achieved if any mention (own or via a joint body) is, else planned if any is, else neutral"),
    *EVIDENCE,
])
LINKS_SCHEMA = pa.schema([
    EDITION,
    field("link_id", pa.string(), "sentence_id|partner_id|entity_id"),
    field("partner_id", pa.string(), "the partner"),
    field("entity_id", pa.string(), "a space object named in the same sentence"),
    field("entity_table", pa.string(), "the object's table"),
    field("sentence_id", pa.string(), "the sentence naming both"),
    field("section_id", pa.string(), "its section"),
    field("status", pa.string(), "status of the sentence"),
    field("role", pa.string(), 'what the cooperation was about, where the sentence says it: "payloads", "TT&C"', nullable=True),
])

_NAME_GAP = re.compile(r"(?:['’]s?)?(?:\s*[A-Z][\w’'-]*)*\s*\(?\s*")


@register
class Partners(Extractor):
    name = "partners"
    rules = PartnerRules
    tables = {"partners": PARTNERS_SCHEMA, "partner_links": LINKS_SCHEMA}
    show = {"partners": ("partner_id", "name", "type", "status"),
            "partner_links": ("partner_id", "entity_id", "status", "role")}
    diff_keys = {"partners": DiffKey("partner_id", ("name", "type", "iso3", "status", "aliases", "contexts"))}
    plans = {"mentions": PlanSource("partner", ("entity_id",), (PARTNERS,)),
             "partner_links": PlanSource("partner_link", ("partner_id", "entity_id"))}
    report = {"partners": ReportTable("Partners", (
        ("name", "Name"), ("type", "Type"), ("status", "Status"), ("mention_count", "Mentions"),
        ("joint_body_mentions", "Via joint bodies"), ("evidence_sentence_id", "Evidence")))}
    highlights = {PARTNERS: "#f27ba5"}
    name_spans = (components.PARTNERS_KEY,)

    def add_pipes(self, nlp: Language, rules: Rules) -> None:
        components.add_pipes(nlp, rules.get(PartnerRules))

    def extract(self, context: Context) -> Output:
        mentions: list[Mention] = []
        roles: dict[str, str | None] = {}
        for annotated in context.body:
            for span in annotated.doc.spans[components.PARTNERS_KEY]:
                sentence = annotated.sentence_at(span.start_char)
                mention = Mention(
                    id=f"{sentence.id}@{span.start_char}", sentence_id=sentence.id, segment_id=sentence.segment_id,
                    section_id=sentence.section_id, table=PARTNERS, entity_id=span.id_, surface=span.text,
                    start=span.start_char, end=span.end_char, status=sentence.status, rule=span.kb_id_,
                )
                mentions.append(mention)
                roles[mention.id] = span._.get(components.ROLE)
        texts = {a.segment.id: a.segment.text for a in context.body}
        objects = [m for m in context.mentions if m.table != PARTNERS]
        return Output(mentions, {
            "partners": _partner_rows(mentions, context),
            "partner_links": _links(objects, mentions, roles, texts),
        })

    def changes(self, table: str, old: list[dict], new: list[dict], rules: Rules) -> list[dict]:
        if table != "partner_links":
            return super().changes(table, old, new, rules)
        return diff_keyed("partner_links", _fold_links(old), _fold_links(new), "key", ("status", "roles"))


def _partner_rows(mentions: list[Mention], context: Context) -> list[dict[str, Any]]:
    """One row per partner; a joint body's mentions also count for the countries it involves."""
    rules = context.rules.get(PartnerRules)
    titles = context.section_titles()
    order = {m.id: i for i, m in enumerate(mentions)}
    own: dict[str, list[Mention]] = defaultdict(list)
    via: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        own[mention.entity_id].append(mention)
        for country in rules.joint_body_countries(mention.entity_id):
            via[country].append(mention)
    rows = []
    for partner_id in sorted(own.keys() | via.keys()):
        partner = rules.partners[partner_id]
        here = own.get(partner_id, [])
        every = sorted(here + via.get(partner_id, []), key=lambda m: order[m.id])
        first = (here or every)[0]
        rows.append({
            "partner_id": partner.id, "name": partner.name, "type": partner.type,
            "iso3": partner.id if partner.type == "country" else partner.country,
            "countries": list(partner.countries), "aliases": sorted({m.surface for m in here} - {partner.name}),
            "mention_count": len(here), "joint_body_mentions": len(via.get(partner_id, [])),
            "contexts": list(dict.fromkeys(titles[m.section_id] for m in every)),
            "status": strongest(m.status for m in every),
            "first_section_id": first.section_id, "evidence_sentence_id": first.sentence_id,
            "evidence": context.sentence(first.sentence_id).text,
        })
    return rows


def _bound(partner: Mention, obj: Mention, text: str) -> bool:
    """The partner names part of the object: "China-France Oceanography Satellite",
    "Venezuelan Remote-Sensing Satellite (VRSS-2)", "Russia's GLONASS system"."""
    if obj.start <= partner.start and partner.end <= obj.end:
        return True
    return partner.end <= obj.start and bool(_NAME_GAP.fullmatch(text[partner.end:obj.start]))


def _links(objects: list[Mention], partners: list[Mention], roles: dict[str, str | None],
           texts: dict[str, str]) -> list[dict[str, Any]]:
    """One link per partner and space object named in the same sentence; a partner that is
    part of an object's name links to that object only."""
    by_sentence: dict[str, list[Mention]] = defaultdict(list)
    for mention in objects:
        by_sentence[mention.sentence_id].append(mention)
    links: dict[str, dict[str, Any]] = {}
    for partner in partners:
        here = by_sentence.get(partner.sentence_id, [])
        bound = [obj for obj in here if _bound(partner, obj, texts[partner.segment_id])]
        for obj in bound or here:
            link_id = f"{partner.sentence_id}|{partner.entity_id}|{obj.entity_id}"
            role = roles.get(partner.id)
            if link_id not in links or (role and not links[link_id]["role"]):
                links[link_id] = {"link_id": link_id, "partner_id": partner.entity_id, "entity_id": obj.entity_id,
                                  "entity_table": obj.table, "sentence_id": partner.sentence_id,
                                  "section_id": partner.section_id, "status": partner.status, "role": role}
    return list(links.values())


def _fold_links(rows: list[dict]) -> list[dict]:
    """Partner links by (partner, entity): status (achieved if any row is) and roles."""
    out: dict[str, dict] = {}
    for r in rows:
        k = f"{r['partner_id']}|{r['entity_id']}"
        agg = out.setdefault(k, {"status": "planned", "roles": set(), "evidence_sentence_id": r["sentence_id"]})
        if r["status"] == "achieved":
            agg["status"] = "achieved"
        if r.get("role"):
            agg["roles"].add(r["role"])
    return [{"key": k, **v, "roles": sorted(v["roles"])} for k, v in out.items()]


FRAMEWORKS_SCHEMA = pa.schema([
    EDITION,
    field("framework_id", pa.string(), "stable slug: outer-space-treaty, belt-and-road-initiative"),
    field("name", pa.string(), "name of the treaty, agenda, initiative or guidelines"),
    field("mention_count", pa.int32(), "mentions in this edition"),
    *EVIDENCE,
])


@register
class Frameworks(Extractor):
    """Frameworks come from the partner component's `frameworks` span group."""

    name = "frameworks"
    tables = {"frameworks": FRAMEWORKS_SCHEMA}
    show = {"frameworks": ("framework_id", "name", "mention_count")}
    diff_keys = {"frameworks": DiffKey("framework_id", ("name",))}
    report = {"frameworks": ReportTable("Frameworks", (
        ("name", "Name"), ("mention_count", "Mentions"), ("evidence_sentence_id", "Evidence")))}
    name_spans = (components.FRAMEWORKS_KEY,)

    def extract(self, context: Context) -> Output:
        rules = context.rules.get(PartnerRules)
        by_id: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for annotated in context.body:
            for span in annotated.doc.spans[components.FRAMEWORKS_KEY]:
                sentence = annotated.sentence_at(span.start_char)
                by_id[span.id_].append((sentence.id, sentence.section_id))
        return Output(rows={"frameworks": [
            {"framework_id": fid, "name": rules.frameworks[fid].name, "mention_count": len(found),
             "first_section_id": found[0][1], "evidence_sentence_id": found[0][0],
             "evidence": context.sentence(found[0][0]).text}
            for fid, found in sorted(by_id.items())
        ]})
