"""The spaCy pipeline (blank English, rules only, nothing downloaded), and sentences with their
status for every body segment.

`build_nlp` makes the pipeline once: the tokenizer with the extra infixes the space names need
(through a registered callback), the sentencizer, the status triggers, then every extractor's
components, each given its rules. `annotate` runs it over the body segments and gives every
sentence its status (`status.py`); the extractors then read the Docs.
"""

from __future__ import annotations

from collections.abc import Callable

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from . import status as _status
from .extractors import Annotated, Extractor, default_extractors
from .model import Sentence
from .rules import Rules
from .rules.status import StatusRules
from .segment import Document

# "Tianwen-1" and "1C/1D" split so Name-Number forms are token patterns; a sentence-final
# period after a number and a capital ("CBERS-04A.") is punctuation, not an initial.
EXTRA_INFIXES = (r"(?<=[A-Za-z'’])-(?=\d)", r"(?<=[0-9A-Za-z])/(?=\d)")
EXTRA_SUFFIXES = (r"(?<=\d[A-Z])\.",)


@spacy.registry.tokenizers("whitepaper.tokenizer.v1")
def make_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's own tokenizer with EXTRA_INFIXES, built once (reassigning `infix_finditer`
    afterwards re-validates every special case)."""

    def create(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        return Tokenizer(
            nlp.vocab, rules=defaults.tokenizer_exceptions,
            prefix_search=compile_prefix_regex(defaults.prefixes).search,
            suffix_search=compile_suffix_regex([*defaults.suffixes, *EXTRA_SUFFIXES]).search,
            infix_finditer=compile_infix_regex([*defaults.infixes, *EXTRA_INFIXES]).finditer,
            token_match=defaults.token_match, url_match=defaults.url_match,
        )

    return create


def build_nlp(rules: Rules, extractors: list[Extractor] | None = None) -> Language:
    """Blank English + sentencizer + status triggers + the extractors' components."""
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "whitepaper.tokenizer.v1"}}})
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("whitepaper_status").add(rules.get(StatusRules))
    for extractor in extractors if extractors is not None else default_extractors():
        with nlp.select_pipes(enable=[]):  # adding patterns runs none of the pipes before them
            extractor.add_pipes(nlp, rules)
    return nlp


def annotate(document: Document, nlp: Language, rules: Rules) -> list[Annotated]:
    """Every body segment's Doc and sentences, each sentence with its status."""
    status_rules = rules.get(StatusRules)
    sections = {section.id: section for section in document.sections}
    defaults = _status.section_defaults(document.sections, status_rules.sections)
    tracker = _status.ScopeTracker(_status.Statuses(status_rules))

    def in_body(segment) -> bool:  # headings are titles, back matter is not the paper's voice
        return segment.kind != "heading" and sections[segment.section_id].role == "body"

    texts = [s.text for s in document.segments if in_body(s)]
    # spaCy refuses a text over nlp.max_length (1,000,000 characters, a guard for the memory of
    # statistical parsers); these rules cost memory in proportion to the text, and one paragraph
    # may be as long as the edition the size limit lets in.
    nlp.max_length = max(nlp.max_length, max(map(len, texts), default=0) + 1)
    docs = nlp.pipe(texts, batch_size=64)
    body: list[Annotated] = []
    for segment in document.segments:
        level = sections[segment.section_id].level
        if segment.kind == "heading":
            tracker.heading(level)
        if not in_body(segment):
            continue
        doc = next(docs)
        tracker.segment(segment.kind)
        sents = list(doc.sents)
        triggers_of = _status.by_sentence(doc)
        here = []
        for ordinal, (sent, triggers) in enumerate(zip(sents, triggers_of), start=1):
            sentence_id = f"{segment.id}/{ordinal}"
            verdict = tracker.sentence(
                sent.text, triggers, sentence_id, segment.section_id, level, ordinal == len(sents),
                defaults.get(segment.section_id),
            )
            here.append(Sentence(
                id=sentence_id, segment_id=segment.id, section_id=segment.section_id,
                ordinal=ordinal, start=sent.start_char, end=sent.end_char, text=sent.text,
                status=verdict.status, status_rule=verdict.rule, status_trigger=verdict.trigger,
            ))
        body.append(Annotated(segment, doc, here, triggers_of))
    return body
