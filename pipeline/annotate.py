"""Sentences, their status, and named space objects, with spaCy rules on a blank English
pipeline (no trained model, nothing downloaded)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import counts as _counts
from . import entities as _entities
from . import partners as _partners
from . import status as _status
from .gazetteer import Entity, load_gazetteer
from .patterns import load_section_defaults, load_status_rules
from .segment import Document


@dataclass(frozen=True)
class Sentence:
    id: str
    segment_id: str
    section_id: str
    ordinal: int
    start: int  # character offsets in the segment text
    end: int
    text: str
    status: str
    status_rule: str | None
    status_trigger: str | None


@dataclass(frozen=True)
class Mention:
    id: str
    sentence_id: str
    segment_id: str
    section_id: str
    table: str
    entity_id: str
    surface: str
    start: int  # character offsets in the segment text
    end: int
    status: str
    rule: str  # objects: gazetteer | member | bare | unseen | text; partners: name | compound


@dataclass(frozen=True)
class CountRow:
    id: str
    sentence_id: str
    segment_id: str
    section_id: str
    status: str
    count: _counts.Count


@dataclass(frozen=True)
class PartnerLink:
    id: str
    partner_id: str
    entity_id: str
    entity_table: str
    sentence_id: str
    section_id: str
    status: str
    role: str | None


@dataclass(frozen=True)
class FrameworkMention:
    framework_id: str
    sentence_id: str
    section_id: str
    status: str


@dataclass(frozen=True)
class Annotation:
    sentences: list[Sentence]
    mentions: list[Mention]  # space objects (table = missions ...) and partners (table = partners)
    entities: dict[str, Entity]  # every entity mentioned, gazetteer or found by rule
    counts: list[CountRow]
    links: list[PartnerLink]
    frameworks: list[FrameworkMention]
    roles: dict[str, str | None]  # partner mention id -> role


def build_nlp(patterns_dir: Path | None = None) -> Language:
    """Blank English + sentencizer + status triggers + space-object rules."""
    nlp = spacy.blank("en")
    _entities.customize_tokenizer(nlp)
    nlp.add_pipe("sentencizer")
    config = {"patterns_dir": str(patterns_dir) if patterns_dir else None}
    nlp.add_pipe("status_triggers", config=config)
    _entities.add_entity_pipes(nlp, patterns_dir)
    _partners.add_partner_pipes(nlp, patterns_dir)
    nlp.add_pipe("count_candidates", config=config)
    return nlp


def annotate(document: Document, nlp: Language, patterns_dir: Path | None = None) -> Annotation:
    """Sentences with a status for every body segment, then the objects they name."""
    rules = {rule.id: rule for rule in load_status_rules(patterns_dir)}
    sections = {section.id: section for section in document.sections}
    defaults = _status.section_defaults(document.sections, load_section_defaults(patterns_dir))
    tracker = _status.ScopeTracker(rules)
    sentences: list[Sentence] = []
    body: list[tuple[Doc, list[Sentence]]] = []
    def in_body(segment) -> bool:  # headings are titles, back matter is not the paper's voice
        return segment.kind != "heading" and sections[segment.section_id].role == "body"

    docs = nlp.pipe((s.text for s in document.segments if in_body(s)), batch_size=64)
    for segment in document.segments:
        level = sections[segment.section_id].level
        if segment.kind == "heading":
            tracker.heading(level)
        if not in_body(segment):
            continue
        doc = next(docs)
        tracker.segment(segment.kind)
        sents = list(doc.sents)
        here = []
        for ordinal, sent in enumerate(sents, start=1):
            sentence_id = f"{segment.id}/{ordinal}"
            verdict = tracker.sentence(
                sent, sentence_id, segment.section_id, level, ordinal == len(sents),
                defaults.get(segment.section_id),
            )
            here.append(
                Sentence(
                    id=sentence_id, segment_id=segment.id, section_id=segment.section_id,
                    ordinal=ordinal, start=sent.start_char, end=sent.end_char, text=sent.text,
                    status=verdict.status, status_rule=verdict.rule, status_trigger=verdict.trigger,
                )
            )
        sentences.extend(here)
        body.append((doc, here))
    mentions, entities = _mentions(body, nlp, patterns_dir)
    partner_mentions, roles, frameworks = _partner_mentions(body)
    return Annotation(
        sentences, mentions + partner_mentions, entities, _count_rows(body, patterns_dir),
        _links(mentions, partner_mentions, roles, {s.id: s.text for s in document.segments}), frameworks, roles,
    )


def _sentence_of(sents: list[Sentence], start_char: int) -> Sentence:
    return next(s for s in sents if s.start <= start_char < s.end)


def _partner_mentions(body: list[tuple[Doc, list[Sentence]]]):
    """Partner mentions (joining the mentions table), their roles, and framework mentions."""
    mentions: list[Mention] = []
    roles: dict[str, str | None] = {}
    frameworks: list[FrameworkMention] = []
    for doc, sents in body:
        doc_roles = doc.user_data.get(_partners.ROLES_KEY, {})
        for span in doc.spans[_partners.PARTNERS_KEY]:
            sentence = _sentence_of(sents, span.start_char)
            mention = Mention(
                id=f"{sentence.id}@{span.start_char}", sentence_id=sentence.id, segment_id=sentence.segment_id,
                section_id=sentence.section_id, table="partners", entity_id=span.id_, surface=span.text,
                start=span.start_char, end=span.end_char, status=sentence.status, rule=span.kb_id_,
            )
            mentions.append(mention)
            roles[mention.id] = doc_roles.get((span.start, span.end))
        for span in doc.spans[_partners.FRAMEWORKS_KEY]:
            sentence = _sentence_of(sents, span.start_char)
            frameworks.append(FrameworkMention(span.id_, sentence.id, sentence.section_id, sentence.status))
    return mentions, roles, frameworks


_NAME_GAP = re.compile(r"(?:['’]s?)?(?:\s*[A-Z][\w’'-]*)*\s*\(?\s*")


def _bound(partner: Mention, obj: Mention, text: str) -> bool:
    """The partner names part of the object: "China-France Oceanography Satellite",
    "Venezuelan Remote-Sensing Satellite (VRSS-2)", "Russia's GLONASS system"."""
    if obj.start <= partner.start and partner.end <= obj.end:
        return True
    return partner.end <= obj.start and bool(_NAME_GAP.fullmatch(text[partner.end:obj.start]))


def _links(objects: list[Mention], partners: list[Mention], roles: dict[str, str | None],
           texts: dict[str, str]) -> list[PartnerLink]:
    """One link per partner and space object named in the same sentence; a partner that is
    part of an object's name links to that object only."""
    by_sentence: dict[str, list[Mention]] = defaultdict(list)
    for mention in objects:
        by_sentence[mention.sentence_id].append(mention)
    links: dict[str, PartnerLink] = {}
    for partner in partners:
        here = by_sentence.get(partner.sentence_id, [])
        bound = [obj for obj in here if _bound(partner, obj, texts[partner.segment_id])]
        for obj in bound or here:
            link_id = f"{partner.sentence_id}|{partner.entity_id}|{obj.entity_id}"
            role = roles.get(partner.id)
            if link_id not in links or (role and not links[link_id].role):
                links[link_id] = PartnerLink(link_id, partner.entity_id, obj.entity_id, obj.table,
                                             partner.sentence_id, partner.section_id, partner.status, role)
    return list(links.values())


def _count_rows(body: list[tuple[Doc, list[Sentence]]], patterns_dir: Path | None) -> list[CountRow]:
    """Counts of every sentence; a period stated earlier in a section carries to its counts."""
    rules = _counts.load_count_rules(patterns_dir)
    rows: list[CountRow] = []
    periods: dict[str, tuple] = {}
    for doc, sents in body:
        names = [*doc.spans[_entities.SPANS_KEY], *doc.spans[_partners.PARTNERS_KEY], *doc.spans[_partners.FRAMEWORKS_KEY]]
        for sentence, sent in zip(sents, doc.sents):
            period = _counts.sentence_period(sentence.text) or periods.get(sentence.section_id)
            if period:
                periods[sentence.section_id] = period
            for count in _counts.extract_counts(sent, rules, names, period):
                rows.append(CountRow(f"{sentence.id}@{count.start}", sentence.id, sentence.segment_id,
                                     sentence.section_id, sentence.status, count))
    return rows


def _mentions(body: list[tuple[Doc, list[Sentence]]], nlp: Language, patterns_dir: Path | None):
    gazetteer = load_gazetteer(patterns_dir)
    docs = [doc for doc, _ in body]
    known = {**gazetteer.entities, **_entities.new_entities(docs)}
    known.update(_entities.link_text_aliases(docs, nlp, known))
    mentions: list[Mention] = []
    for doc, sents in body:
        for span in doc.spans[_entities.SPANS_KEY]:
            sentence = _sentence_of(sents, span.start_char)
            mentions.append(
                Mention(
                    id=f"{sentence.id}@{span.start_char}", sentence_id=sentence.id,
                    segment_id=sentence.segment_id, section_id=sentence.section_id,
                    table=span.label_, entity_id=span.id_, surface=span.text,
                    start=span.start_char, end=span.end_char, status=sentence.status, rule=span.kb_id_,
                )
            )
    used = {m.entity_id for m in mentions}
    return mentions, {k: v for k, v in known.items() if k in used}


_NAMELIKE = re.compile(r"[A-Za-z]{2}")


def _entity_status(statuses: set[str]) -> str:
    """Achieved if any mention is; else planned if any is; else neutral (only described)."""
    return next((s for s in ("achieved", "planned") if s in statuses), "neutral")


def entity_rows(annotation: Annotation, sentences_by_id: dict[str, Sentence]) -> dict[str, list[dict]]:
    """One row per entity, per table: status achieved if any mention is, else planned."""
    by_entity: dict[str, list[Mention]] = defaultdict(list)
    for mention in annotation.mentions:
        if mention.table != "partners":
            by_entity[mention.entity_id].append(mention)
    rows: dict[str, list[dict]] = defaultdict(list)
    for entity_id in sorted(by_entity):
        entity = annotation.entities[entity_id]
        mentions = by_entity[entity_id]
        first = mentions[0]
        # a compact part ("1D" of "Haiyang-1C/1D") is a mention but not a name
        surfaces = sorted({" ".join(m.surface.split()) for m in mentions if _NAMELIKE.search(m.surface)} - {entity.name})
        rows[entity.table].append({
            "entity_id": entity.id, "name": entity.name, "kind": entity.kind, "series": entity.series,
            "source": entity.source, "aliases": surfaces,
            "status": _entity_status({m.status for m in mentions}),
            "mention_count": len(mentions), "first_section_id": first.section_id,
            "evidence_sentence_id": first.sentence_id, "evidence": sentences_by_id[first.sentence_id].text,
        })
    return rows


def partner_rows(annotation: Annotation, document_titles: dict[str, str], patterns_dir: Path | None = None) -> list[dict]:
    """One row per partner; a joint body's mentions also count for the countries it involves."""
    gazetteer = _partners.load_partners(patterns_dir)
    sentences = {s.id: s for s in annotation.sentences}
    order = {m.id: i for i, m in enumerate(annotation.mentions)}
    own: dict[str, list[Mention]] = defaultdict(list)
    via: dict[str, list[Mention]] = defaultdict(list)
    for mention in annotation.mentions:
        if mention.table != "partners":
            continue
        own[mention.entity_id].append(mention)
        if gazetteer.partners[mention.entity_id].type == "joint_body":
            for country in _partners.joint_body_countries(mention.entity_id, patterns_dir):
                via[country].append(mention)
    rows = []
    for partner_id in sorted(own.keys() | via.keys()):
        partner = gazetteer.partners[partner_id]
        mentions = own.get(partner_id, [])
        every = sorted(mentions + via.get(partner_id, []), key=lambda m: order[m.id])
        first = (mentions or every)[0]
        contexts = list(dict.fromkeys(document_titles[m.section_id] for m in every))
        rows.append({
            "partner_id": partner.id, "name": partner.name, "type": partner.type,
            "iso3": partner.id if partner.type == "country" else partner.country,
            "countries": list(partner.countries), "aliases": sorted({m.surface for m in mentions} - {partner.name}),
            "mention_count": len(mentions), "joint_body_mentions": len(via.get(partner_id, [])),
            "contexts": contexts, "status": _entity_status({m.status for m in every}),
            "first_section_id": first.section_id, "evidence_sentence_id": first.sentence_id,
            "evidence": sentences[first.sentence_id].text,
        })
    return rows


def framework_rows(annotation: Annotation, patterns_dir: Path | None = None) -> list[dict]:
    gazetteer = _partners.load_partners(patterns_dir)
    sentences = {s.id: s for s in annotation.sentences}
    by_id: dict[str, list[FrameworkMention]] = defaultdict(list)
    for mention in annotation.frameworks:
        by_id[mention.framework_id].append(mention)
    return [
        {"framework_id": fid, "name": gazetteer.frameworks[fid].name, "mention_count": len(ms),
         "first_section_id": ms[0].section_id, "evidence_sentence_id": ms[0].sentence_id,
         "evidence": sentences[ms[0].sentence_id].text}
        for fid, ms in sorted(by_id.items())
    ]
