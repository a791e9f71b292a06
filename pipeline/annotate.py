"""Sentences and their status, with spaCy rules on a blank English pipeline (no trained model)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from . import status as _status  # noqa: F401  (registers the status_triggers factory)
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


def build_nlp(patterns_dir: Path | None = None) -> Language:
    """Blank English + sentencizer + the status trigger component; nothing is downloaded."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("status_triggers", config={"patterns_dir": str(patterns_dir) if patterns_dir else None})
    return nlp


def annotate(document: Document, nlp: Language, patterns_dir: Path | None = None) -> list[Sentence]:
    """Split every body segment into sentences and give each a status."""
    rules = {rule.id: rule for rule in load_status_rules(patterns_dir)}
    levels = {section.id: section.level for section in document.sections}
    roles = {section.id: section.role for section in document.sections}
    defaults = _status.section_defaults(document.sections, load_section_defaults(patterns_dir))
    tracker = _status.ScopeTracker(rules)
    sentences: list[Sentence] = []
    texts = (segment.text for segment in document.segments)
    for segment, doc in zip(document.segments, nlp.pipe(texts, batch_size=64)):
        level = levels[segment.section_id]
        if segment.kind == "heading":
            tracker.heading(level)
            continue
        if roles[segment.section_id] != "body":
            continue
        tracker.segment(segment.kind)
        sents = list(doc.sents)
        for ordinal, sent in enumerate(sents, start=1):
            sentence_id = f"{segment.id}/{ordinal}"
            verdict = tracker.sentence(
                sent, sentence_id, segment.section_id, level, ordinal == len(sents),
                defaults.get(segment.section_id),
            )
            sentences.append(
                Sentence(
                    id=sentence_id, segment_id=segment.id, section_id=segment.section_id,
                    ordinal=ordinal, start=sent.start_char, end=sent.end_char, text=sent.text,
                    status=verdict.status, status_rule=verdict.rule, status_trigger=verdict.trigger,
                )
            )
    return sentences
