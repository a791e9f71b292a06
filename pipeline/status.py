"""Planned / achieved / neutral for every sentence and every mention, the way medspaCy's
ConText works.

`whitepaper_status` is a spaCy component that marks trigger spans from
`patterns/status_rules.jsonl` in `doc.spans["status_triggers"]` (label = category, id = rule).

A sentence's status is what its own triggers say (NEUTRAL, then PLANNED, DEVELOPMENT, ACHIEVED,
ONGOING: the first present wins); with none, a planned scope opened earlier carries over it —
a block opened by "In the next five years" (until a heading at or above the opener's level or a
sentence reported as done) or a list opened by a planned sentence ending in ":" (over the
bullets under it) — else its section's default (`patterns/section_status.jsonl`).

A mention's status is that of the trigger that governs it: of the modifiers of its sentence
whose direction and `max_scope` reach it without crossing a TERMINATE (a clause boundary), the
nearest; a SHIELD nominal ("cooperation in", "payloads of") between a forward trigger and the
mention keeps that trigger off it. What the category means depends on the target
(`model.CATEGORY_STATUS`: work under way is a planned object but achieved cooperation). A
mention no trigger reaches takes its sentence's status; one that only shields reach is neutral.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from .model import (
    CATEGORY_STAGE, CATEGORY_STATUS, MODIFIERS, SENTENCE_PRECEDENCE, SHIELDED, Section, Stage, Status, Target, Verdict,
)
from .phrases import phrases
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
        split = phrases(self.nlp)
        for rule in rules.triggers:
            self.rules[rule.id] = rule
            if rule.literals:  # phrases cost almost nothing; each token pattern ~3 ms per 10k tokens
                self.phrases.add(rule.id, [split.lower(phrase) for phrase in rule.literals])
            else:
                self.matcher.add(rule.id, [list(rule.pattern or ())])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in [*self.matcher(doc), *self.phrases(doc)]:
            rule = self.rules[doc.vocab.strings[match_id]]
            if rule.sentence_start and not _opens_sentence(doc, start):
                continue
            if _word_before(doc, start, rule.literals) in rule.not_after or _bare(doc, start, rule.bare_after):
                continue
            spans.append(Span(doc, start, end, label=rule.category, span_id=rule.id))
        doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: (s.start, s.end, s.id_))
        return doc


def _word_before(doc: Doc, start: int, forms: tuple[str, ...]) -> str:
    """The word a trigger follows, over adverbs and the verbs coordinated before it: "to be
    jointly developed and launched" gives "be" for both participles, so neither is a past tense;
    "China jointly developed and launched" gives "China"."""
    i = start - 1
    while i >= 0:
        token = doc[i]
        if token.is_lower and token.is_alpha and len(token) > 3 and token.lower_.endswith("ly"):
            i -= 1
        elif token.lower_ in ("and", "or") and i > 0 and doc[i - 1].lower_ in forms:
            i -= 2
        else:
            return token.lower_
    return ""


_BARE_REACH = 4  # "help developing countries set up": the helped noun phrase is short


def _bare(doc: Doc, start: int, words: frozenset[str]) -> bool:
    """Whether one of `words` ("help") stands a few words before the trigger, no punctuation
    between: the trigger is then the bare infinitive after its object ("help Egypt set up")."""
    for token in reversed(doc[max(0, start - _BARE_REACH):start]):
        if token.is_punct:
            return False
        if token.lower_ in words:
            return True
    return False


def _opens_sentence(doc: Doc, start: int) -> bool:
    """True when only punctuation stands between the sentence start and the token."""
    sent_start = doc[start].sent.start if doc.has_annotation("SENT_START") else 0
    return all(token.is_punct for token in doc[sent_start:start])


@Language.factory("whitepaper_status", assigns=["doc.spans"], requires=["token.is_sent_start"])
def make_status_triggers(nlp: Language, name: str) -> StatusTriggers:
    return StatusTriggers(nlp)


class Statuses:
    """Reads the marked triggers: a sentence's verdict and each mention's."""

    def __init__(self, rules: StatusRules) -> None:
        self.rules = {rule.id: rule for rule in rules.triggers}
        self.stage_words = rules.stage_words
        self.breakers = rules.list_breakers

    def stage(self, trigger: Span, target: Target) -> Stage | None:
        """The finer reading a trigger gives an object (None for sentences and partners)."""
        if target != "object":
            return None
        rule = self.rules[trigger.id_]
        if rule.stage is not None:
            return rule.stage
        if trigger.label_ in CATEGORY_STAGE:
            return CATEGORY_STAGE[trigger.label_]
        return next((self.stage_words[t.lower_] for t in trigger if t.lower_ in self.stage_words), None)

    def own(self, triggers: list[Span]) -> Verdict | None:
        """The status a sentence states itself from its triggers (None if none decides); a weak
        trigger counts only when no other does."""
        speaking = [t for t in triggers if t.label_ in MODIFIERS and "sentence" in self.rules[t.id_].targets
                    and not _appositive(t, self.rules[t.id_].appositive)]
        for weak in (False, True):
            for category in SENTENCE_PRECEDENCE:
                hit = next((t for t in speaking if t.label_ == category and self.rules[t.id_].weak == weak), None)
                if hit is not None:
                    return Verdict(CATEGORY_STATUS[category]["sentence"], hit.id_, hit.text)
        return None

    def mention(self, start: int, end: int, triggers: list[Span], target: Target, sentence: Verdict,
                others: list[tuple[int, int]] = ()) -> Verdict:
        """The verdict of the mention at tokens [start, end) of a sentence with these triggers.

        Of the modifiers that reach it (direction, max_scope, no TERMINATE between, no SHIELD
        between it and an ACHIEVED/ONGOING trigger before it), the one that governs it is one
        touching it ("the ... project"), else the nearest before it (a verb and its object),
        else the nearest after it (a subject and its verb); ties go by category. `others` are the
        token spans of the sentence's other objects: a trigger before one of them reaches past it
        only through a coordinated list.
        """
        touching, before, after = [], [], []
        # a shield right before the mention makes it a complement ("the schedule of X was
        # changed"): what is done is done to the head noun, on either side
        head = next((t for t in triggers if t.label_ == "SHIELD" and 0 <= start - t.end <= 2
                     and target in self.rules[t.id_].targets), None)
        shielded: Span | None = None
        for trigger in triggers:
            rule = self.rules[trigger.id_]
            if trigger.label_ not in MODIFIERS or target not in rule.targets:
                continue
            if trigger.end <= start and rule.direction != "backward":
                gap, side = (trigger.end, start), before
            elif end <= trigger.start and rule.direction != "forward":
                gap, side = (end, trigger.start), after
            else:
                continue
            if side is before:
                reached = self._list_head(trigger.doc, trigger.end, start, others, triggers)
                if reached is None:
                    continue  # another object stands between, not in a list with this one
                distance = reached - trigger.end  # a list is as near as its first item
            else:
                distance = gap[1] - gap[0]
            if rule.max_scope is not None and distance > rule.max_scope:
                continue
            if side is after and distance > 0 and _followed_by(trigger, rule.reduced_relative):
                continue  # "the data obtained by X": the participle speaks of "data", not of what is before it
            between = [t for t in triggers if gap[0] <= t.start and t.end <= gap[1]]
            if any(t.label_ == "TERMINATE" for t in between):
                continue
            if trigger.label_ in SHIELDED:
                shield = head if side is after else next(
                    (t for t in between if t.label_ == "SHIELD" and target in self.rules[t.id_].targets), None)
                if shield is not None:
                    shielded = shielded or shield
                    continue
            rank = (distance, MODIFIERS.index(trigger.label_), trigger.start, trigger)
            (touching if distance == 0 else side).append(rank)
        for found in (touching, before, after):
            if found:
                trigger = min(found, key=lambda r: r[:3])[3]
                if self.rules[trigger.id_].yields and sentence.rule == "scope":
                    break  # the bullet took its list's status ("The main tasks ... are:"): so does this
                return Verdict(CATEGORY_STATUS[trigger.label_][target], trigger.id_, trigger.text,
                               self.stage(trigger, target))
        if shielded is None and sentence.status == "achieved":  # nor the sentence's own report
            shielded = head or next((t for t in triggers if t.label_ == "SHIELD" and t.end <= start
                                     and target in self.rules[t.id_].targets), None)
        if shielded is not None:
            return Verdict("neutral", f"shield:{shielded.id_}", shielded.text)
        stage: Stage | None = "planned" if target == "object" and sentence.status == "planned" else None
        return Verdict(sentence.status, "sentence", None, stage)


    def _list_head(self, doc: Doc, start: int, end: int, others: list[tuple[int, int]],
                   triggers: list[Span]) -> int | None:
        """Where the object at `end` is first reached from `start`: itself when no object stands
        between, the first object of its list when only a list does (no list breaker and no
        trigger after the first item), None otherwise."""
        between = sorted((a, b) for a, b in others if start <= a and b <= end)
        if not between:
            return end
        first, after = between[0]
        words = [t for t in doc[after:end] if not any(a <= t.i < b for a, b in between)]
        if any(t.lower_ in self.breakers for t in words) or \
                any(after <= t.start < end and t.label_ in MODIFIERS for t in triggers):
            return None
        return first


def _appositive(trigger: Span, words: frozenset[str]) -> bool:
    """A participle set off by a comma that describes the noun before it ("Launch the CSES
    satellite, developed with Italy, to ..."): it says what that noun is, not what the sentence
    reports, so it does not decide the sentence's status."""
    doc = trigger.doc
    return trigger.start > 0 and doc[trigger.start - 1].text == "," and _followed_by(trigger, words)


def _followed_by(trigger: Span, words: frozenset[str]) -> bool:
    doc = trigger.doc
    return bool(words) and trigger.end < len(doc) and doc[trigger.end].lower_ in words


@dataclass
class _Scope:
    opener: str  # sentence id
    kind: str  # "block" or "list" (planned), or "lead" (a list-scope trigger's: its status to `yields` bullets)
    level: int  # level of the section it was opened in
    section_id: str
    status: Status = "planned"


class ScopeTracker:
    """Carries planned scopes across sentences and segments, in document order."""

    def __init__(self, statuses: Statuses) -> None:
        self.statuses = statuses
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
        own = self.statuses.own(triggers)
        # "-- Upholding ..." under "the following principles:", "-- Delivering ..." under "China will
        # give priority to the following projects:": a yielding bullet takes its intro's status (a
        # label that runs into the bullet's sentences, "-- Training people. China will ...", does not)
        lead = next((s for s in self.scopes if s.kind == "lead" or (s.kind == "list" and last_in_segment)), None)
        if own and lead and self.statuses.rules[own.rule].yields:
            own = Verdict(lead.status, "scope", lead.opener)
        if own and own.status == "achieved":  # the text turns back to what was done
            self.scopes = [s for s in self.scopes if s.kind != "block"]  # a list runs to its last bullet
        planned = [s for s in self.scopes if s.kind != "lead"]
        verdict = own
        if verdict is None and planned:
            verdict = Verdict("planned", "scope", planned[-1].opener)
        if verdict is None:
            verdict = default or Verdict("neutral", None, None)
        for trigger in triggers:
            if self.statuses.rules[trigger.id_].scope == "block":
                self.scopes.append(_Scope(sentence_id, "block", level, section_id))
        if verdict.status == "planned" and last_in_segment and text.rstrip().endswith(":"):
            self.scopes.append(_Scope(sentence_id, "list", level, section_id))
        deciding = self.statuses.rules.get(verdict.rule) if verdict.rule else None
        if deciding and deciding.scope == "list" and last_in_segment:  # "... the following principles:"
            self.scopes.append(_Scope(sentence_id, "lead", level, section_id, verdict.status))
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
