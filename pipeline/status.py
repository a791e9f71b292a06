"""Planned / achieved / neutral for every sentence, the way medspaCy's ConText works.

`whitepaper_status` is a spaCy component that marks trigger spans from
`patterns/status_rules.jsonl` in `doc.spans["status_triggers"]` (label = category, id = rule).
`ScopeTracker` then gives each sentence its own status from its triggers, and carries a planned
scope over the following sentences and segments: a block opened by "In the next five years"
(until a heading at or above the opener's level, a sentence reported as done, or a TERMINATE
trigger), and a list opened by a planned sentence ending in ":" (over the bullets under it).
A sentence with neither takes its section's default (`patterns/section_status.jsonl`).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from .model import CATEGORY_STATUS, SENTENCE_PRECEDENCE, Section, Status
from .rules.status import SectionDefault, StatusRule, StatusRules

SPANS_KEY = "status_triggers"


class StatusTriggers:
    """Marks status triggers; needs sentence boundaries for `sentence_start` rules."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.rules: dict[str, StatusRule] = {}
        self.matcher = Matcher(nlp.vocab, validate=True)
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")

    def add(self, rules: StatusRules) -> None:
        """Add the trigger rules (spaCy's `add_patterns` move: rules come in, not from a global)."""
        for rule in rules.triggers:
            self.rules[rule.id] = rule
            if rule.literals:  # phrases cost almost nothing; each token pattern ~3 ms per 10k tokens
                self.phrases.add(rule.id, [self.nlp.make_doc(phrase) for phrase in rule.literals])
            else:
                self.matcher.add(rule.id, [list(rule.pattern or ())])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in [*self.matcher(doc), *self.phrases(doc)]:
            rule = self.rules[doc.vocab.strings[match_id]]
            if rule.sentence_start and not _opens_sentence(doc, start):
                continue
            if start > 0 and doc[start - 1].lower_ in rule.not_after:
                continue
            spans.append(Span(doc, start, end, label=rule.category, span_id=rule.id))
        doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: (s.start, s.end, s.id_))
        return doc


def _opens_sentence(doc: Doc, start: int) -> bool:
    """True when only punctuation stands between the sentence start and the token."""
    sent_start = doc[start].sent.start
    return all(token.is_punct for token in doc[sent_start:start])


@Language.factory("whitepaper_status", assigns=["doc.spans"], requires=["token.is_sent_start"])
def make_status_triggers(nlp: Language, name: str) -> StatusTriggers:
    return StatusTriggers(nlp)


@dataclass(frozen=True)
class Verdict:
    status: Status
    rule: str | None  # the trigger's rule id; "scope" or "section:<id>" when inherited; None
    trigger: str | None  # the trigger text, or the sentence / section that passed it on


def own_verdict(triggers: list[Span]) -> Verdict | None:
    """The status a sentence states itself from its triggers (None if none decides)."""
    for category in SENTENCE_PRECEDENCE:
        hit = next((t for t in triggers if t.label_ == category), None)
        if hit is not None:
            return Verdict(CATEGORY_STATUS[category], hit.id_, hit.text)
    return None


@dataclass
class _Scope:
    opener: str  # sentence id
    kind: str  # "block" or "list"
    level: int  # level of the section it was opened in
    section_id: str


class ScopeTracker:
    """Carries planned scopes across sentences and segments, in document order."""

    def __init__(self, rules: StatusRules) -> None:
        self.rules = {rule.id: rule for rule in rules.triggers}
        self.scopes: list[_Scope] = []

    def heading(self, level: int) -> None:
        """A heading closes every scope opened at its level or deeper; lists never cross one."""
        self.scopes = [s for s in self.scopes if s.level < level and s.kind == "block"]

    def segment(self, kind: str) -> None:
        """A list scope reaches only the bullets directly under its intro."""
        if kind != "bullet":
            self.scopes = [s for s in self.scopes if s.kind == "block"]

    def sentence(
        self, text: str, triggers: list[Span], sentence_id: str, section_id: str, level: int,
        last_in_segment: bool, default: Verdict | None = None,
    ) -> Verdict:
        """The verdict of one sentence, given its own triggers (`by_sentence`)."""
        own = own_verdict(triggers)
        if own and own.status == "achieved" or any(t.label_ == "TERMINATE" for t in triggers):
            self.scopes.clear()  # the text turns back to what was done
        verdict = own
        if verdict is None and self.scopes:
            verdict = Verdict("planned", "scope", self.scopes[-1].opener)
        if verdict is None:
            verdict = default or Verdict("neutral", None, None)
        for trigger in triggers:
            if self.rules[trigger.id_].scope == "block":
                self.scopes.append(_Scope(sentence_id, "block", level, section_id))
        if verdict.status == "planned" and last_in_segment and text.rstrip().endswith(":"):
            self.scopes.append(_Scope(sentence_id, "list", level, section_id))
        return verdict


def by_sentence(doc: Doc) -> list[list[Span]]:
    """The triggers of each sentence of a doc, in one pass over both (linear, not per sentence)."""
    triggers = list(doc.spans[SPANS_KEY])
    out: list[list[Span]] = []
    i = 0
    for sent in doc.sents:
        here = []
        while i < len(triggers) and triggers[i].start < sent.end:
            if triggers[i].start >= sent.start:
                here.append(triggers[i])
            i += 1
        out.append(here)
    return out


def section_defaults(sections: list[Section], defaults: tuple[SectionDefault, ...]) -> dict[str, Verdict]:
    """Each section's default verdict: its own title's rule, else its parent's."""
    out: dict[str, Verdict] = {}
    for section in sections:  # parents come before their children
        rule = next((d for d in defaults if d.pattern.search(section.title)), None)
        if rule:
            out[section.id] = Verdict(rule.status, f"section:{rule.id}", section.id)
        elif section.parent_id in out:
            out[section.id] = out[section.parent_id]
    return out
