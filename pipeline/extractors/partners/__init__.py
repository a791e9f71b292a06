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

from spacy.tokens import Doc, Span

from ...compare import diff_keyed
from ...model import PARTNERS, Mention, Verdict, deciding
from ...rules import Rules
from ...schemas import DECIDED, EDITION, EVIDENCE, field
from .. import (
    Annotated, Context, DiffKey, Extractor, Output, PlanSource, ReportTable, decided_by, mention_id, register,
)
from ..objects.gazetteer import ObjectRules
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
    field("status", pa.string(), "achieved when the edition reports cooperation with it done or going on (own mentions or via a joint body), else planned when only promised, else neutral"),
    *DECIDED,
])
LINKS_SCHEMA = pa.schema([
    EDITION,
    field("link_id", pa.string(), "sentence_id|partner_id|entity_id"),
    field("partner_id", pa.string(), "the partner"),
    field("entity_id", pa.string(), "the space object the cooperation was about"),
    field("entity_table", pa.string(), "the object's table"),
    field("sentence_id", pa.string(), "the sentence that says so"),
    field("section_id", pa.string(), "its section"),
    field("status", pa.string(), "achieved when the cooperation happened or goes on, planned when only promised, neutral otherwise (the partner mention's status)"),
    field("status_rule", pa.string(), "rule that set it (as in mentions.status_rule)", nullable=True),
    field("status_trigger", pa.string(), "the trigger's words", nullable=True),
    field("evidence_mention_id", pa.string(), "the partner mention (the object's, for pairing owner)"),
    field("pairing", pa.string(), "how the partner and object were paired: name (the partner names part of the object), frame (a sentence-opening 'In the X mission'), phrase ('with P on X', 'X for P'), owner (the object's owner country, not named in the sentence), sentence (no structure: every pair of the sentence)"),
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
    plans = {"partners": PlanSource("partner", ("partner_id",)),
             "partner_links": PlanSource("link", ("partner_id", "entity_id"))}
    report = {"partners": ReportTable("Partners", (
        ("name", "Name"), ("type", "Type"), ("status", "Status"), ("mention_count", "Mentions"),
        ("joint_body_mentions", "Via joint bodies"), ("evidence_sentence_id", "Evidence")))}
    highlights = {PARTNERS: "#f27ba5"}
    name_spans = (components.PARTNERS_KEY,)

    def add_pipes(self, nlp: Language, rules: Rules) -> None:
        components.add_pipes(nlp, rules.get(PartnerRules))

    def extract(self, context: Context) -> Output:
        rules = context.rules.get(PartnerRules)
        mentions: list[Mention] = []
        here: dict[str, list[tuple[Span, Mention]]] = defaultdict(list)  # sentence id -> partners in cooperation
        for annotated in context.body:
            for span in annotated.doc.spans[components.PARTNERS_KEY]:
                sentence = annotated.sentence_at(span.start_char)
                mention = Mention(
                    id=mention_id(sentence.id, span.start_char, span.end_char), sentence_id=sentence.id,
                    segment_id=sentence.segment_id, section_id=sentence.section_id, table=PARTNERS,
                    entity_id=span.id_, surface=span.text, start=span.start_char, end=span.end_char,
                    verdict=context.verdict(annotated, span, "partner"), rule=span.kb_id_,
                    role="location" if _place(annotated.doc, span, rules) else None,
                )
                mentions.append(mention)
                if mention.role is None:
                    here[sentence.id].append((span, mention))
        objects: dict[str, list[Mention]] = defaultdict(list)
        for mention in context.mentions:
            if mention.table != PARTNERS:
                objects[mention.sentence_id].append(mention)
        named = {m.entity_id for m in mentions if m.role is None}
        links: dict[str, dict[str, Any]] = {}
        for annotated in context.body:
            for index, sentence in enumerate(annotated.sentences):
                for link in _pair(annotated, index, here.get(sentence.id, []), objects.get(sentence.id, []),
                                  context, named):
                    links.setdefault(link["link_id"], link)
        return Output(mentions, {"partners": _partner_rows(mentions, context), "partner_links": list(links.values())})

    def changes(self, table: str, old: list[dict], new: list[dict], rules: Rules) -> list[dict]:
        if table != "partner_links":
            return super().changes(table, old, new, rules)
        return diff_keyed("partner_links", _fold_links(old), _fold_links(new), "key", ("status", "roles"))


def _place(doc: Doc, span: Span, rules: PartnerRules) -> bool:
    """"the drought in Afghanistan", "parts of the Asia-Pacific", "the cyclone that struck Mozambique"."""
    words = rules.locations
    i = span.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 0:
        return False
    if doc[i].lower_ in words.verbs:
        return True
    return i >= 1 and doc[i].lower_ in words.prepositions and doc[i - 1].lower_ in words.nouns


def _partner_rows(mentions: list[Mention], context: Context) -> list[dict[str, Any]]:
    """One row per partner the edition names in cooperation (a place only is no partner); a
    joint body's mentions also count for the countries it involves. The mention that decided
    the status is the evidence."""
    rules = context.rules.get(PartnerRules)
    titles = context.section_titles()
    order = {m.id: i for i, m in enumerate(mentions)}
    own: dict[str, list[Mention]] = defaultdict(list)
    via: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        if mention.role == "location":
            continue
        own[mention.entity_id].append(mention)
        for country in rules.joint_body_countries(mention.entity_id):
            via[country].append(mention)
    rows = []
    for partner_id in sorted(own.keys() | via.keys()):
        partner = rules.partners[partner_id]
        here = own.get(partner_id, [])
        every = sorted(here + via.get(partner_id, []), key=lambda m: order[m.id])
        named = {m.surface for m in mentions if m.entity_id == partner_id}
        rows.append({
            "partner_id": partner.id, "name": partner.name, "type": partner.type,
            "iso3": partner.id if partner.type == "country" else partner.country,
            "countries": list(partner.countries), "aliases": sorted(named - {partner.name}),
            "mention_count": len(here), "joint_body_mentions": len(via.get(partner_id, [])),
            "contexts": list(dict.fromkeys(titles[m.section_id] for m in every)),
            "first_section_id": (here or every)[0].section_id, **decided_by(deciding(every), context),
        })
    return rows


def _bound(partner: Mention, obj: Mention, text: str) -> bool:
    """The partner names part of the object: "China-France Oceanography Satellite",
    "Venezuelan Remote-Sensing Satellite (VRSS-2)", "Russia's GLONASS system"."""
    if obj.start <= partner.start and partner.end <= obj.end:
        return True
    return partner.end <= obj.start and bool(_NAME_GAP.fullmatch(text[partner.end:obj.start]))


def _pair(annotated: Annotated, index: int, partners: list[tuple[Span, Mention]], objects: list[Mention],
          context: Context, named: set[str]) -> list[dict[str, Any]]:
    """The links of one sentence: each partner with the objects its cooperation was about, read
    by construction (roles.toml [links]); every pair only where the sentence shows none."""
    rules = context.rules.get(PartnerRules)
    doc, text = annotated.doc, annotated.segment.text
    sentence = annotated.sentences[index]
    sent = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
    spans = {m.id: doc.char_span(m.start, m.end, alignment_mode="expand") for m in objects}
    starts = {o.start for o in spans.values()}
    frame_end = _frame_end(doc, sent, rules, starts)
    pairs: dict[tuple[str, str], tuple[Mention, Mention, str]] = {}
    for span, partner in partners:
        bound = [obj for obj in objects if _bound(partner, obj, text)]
        for obj in bound:
            pairs.setdefault((partner.id, obj.id), (partner, obj, "name"))
        if bound:
            continue
        listed = span._.get(components.LIST)
        after = _phrase_after(doc, listed[1], sent.end, rules, starts) if listed else None
        clause = _clause_start(doc, listed[0], sent.start, rules) if listed else None
        for obj in objects:
            o = spans[obj.id]
            if frame_end is not None and o.end <= frame_end <= span.start:
                how = "frame"
            elif after is not None and after[0] <= o.start and o.end <= after[1]:
                how = "phrase"
            elif clause is not None and clause <= o.start and o.end <= listed[0] and (frame_end is None or o.start >= frame_end):
                how = "phrase"
            else:
                continue
            pairs.setdefault((partner.id, obj.id), (partner, obj, how))
    if objects and partners and not pairs:
        for _, partner in partners:
            for obj in objects:
                pairs[(partner.id, obj.id)] = (partner, obj, "sentence")
    roles = {partner.id: span._.get(components.ROLE) for span, partner in partners}
    rows = [_link(partner.entity_id, obj, how, partner.verdict, partner.id, roles[partner.id])
            for partner, obj, how in pairs.values()]
    paired = {obj.id for _, obj, _ in pairs.values()}
    if not partners and any(t.lower_ in rules.links.joint_words for t in sent):
        objects_rules = context.rules.get(ObjectRules)
        for obj in objects:  # "It is jointly developing the MisrSat-2": the owner is the partner
            owner = getattr(objects_rules.entities.get(obj.entity_id), "country", None)
            if obj.id not in paired and owner in named:
                verdict = context.verdict(annotated, spans[obj.id], "partner")
                rows.append(_link(owner, obj, "owner", verdict, obj.id, None))
    return rows


def _frame_end(doc: Doc, sent: Span, rules: PartnerRules, objects: set[int]) -> int | None:
    """Where a sentence-opening frame ends ("In the Chang'e-4 lunar exploration mission[,]",
    "Using DAMPE, Mozi and HXMT,"): at the sentence's subject, or at a stop that no coordinated
    object follows; None when the sentence opens with no frame."""
    openers = [tuple(o.split()) for o in rules.links.frame_openers]
    words = tuple(t.text for t in sent[:4])
    if not any(words[:len(o)] == o for o in openers):
        return None
    joiners = {w.lower() for w in (*rules.lists.separators, *rules.lists.articles)}
    for token in sent[1:]:
        if token.text in rules.links.frame_subjects:
            return token.i
        if token.text in rules.words.stops:
            after = token.i + 1
            while after < sent.end and doc[after].lower_ in joiners:
                after += 1
            if after not in objects:
                return token.i
    return None


def _phrase_after(doc: Doc, end: int, limit: int, rules: PartnerRules, objects: set[int]) -> tuple[int, int] | None:
    """The phrase after a partner list that names what it was about ("on the Tiangong-2 ..."):
    from an object marker to the next stop, running on over coordinated objects ("such as A,
    B, and C"); None when no marker follows the list."""
    if end >= limit or doc[end].lower_ not in rules.links.object_markers:
        return None
    introducers = {i.split()[-1] for i in rules.lists.introducers}
    joiners = {w.lower() for w in (*rules.lists.separators, *rules.lists.articles)}
    stop = end + 1
    while stop < limit and doc[stop].lower_ not in introducers:
        if doc[stop].text in rules.words.stops:
            after = stop + 1
            while after < limit and doc[after].lower_ in joiners:
                after += 1
            if after not in objects:
                break
        stop += 1
    return end + 1, stop


def _clause_start(doc: Doc, intro: int, floor: int, rules: PartnerRules) -> int:
    """Where the clause of a list's introducer starts: after the last stop or cooperation verb."""
    cooperation = {w.lower() for w in rules.words.cooperation_verbs}
    i = intro
    while i > floor and doc[i - 1].text not in rules.words.stops and doc[i - 1].lower_ not in cooperation:
        i -= 1
    return i


def _link(partner_id: str, obj: Mention, how: str, verdict: Verdict, evidence: str, role: str | None) -> dict[str, Any]:
    return {"link_id": f"{obj.sentence_id}|{partner_id}|{obj.entity_id}", "partner_id": partner_id,
            "entity_id": obj.entity_id, "entity_table": obj.table, "sentence_id": obj.sentence_id,
            "section_id": obj.section_id, "status": verdict.status, "status_rule": verdict.rule,
            "status_trigger": verdict.trigger, "evidence_mention_id": evidence, "pairing": how, "role": role}


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
