"""Cooperation partners and frameworks as spaCy rules: who China works with, and on what.

The rules are `gazetteer.PartnerRules` (`patterns/partners/`). Two components run after the
space-object pipes:

`whitepaper_partner_mentions` matches every name, alias and demonym of partners and
frameworks, every exclusion, and compounds "China-X" / "Sino-X" (the X, from a `combining_forms` entry; the
prefix is never a partner). Matching is on exact token text, so "US" is not "us". The longest
match wins, ties going to exclusion, then framework, then partner: "Sino-Russian Joint Data
Center for Lunar and Deep-space Exploration" is one joint_body span, "Shanghai Cooperation
Organization" an organization, "Belt and Road Initiative Space Information Corridor" a
framework, and "Inner Mongolia" an exclusion. Exclusions are vetoes on whole spans applied
after that resolution, so they never cut a longer partner name. Then
  * an organization written directly before a framework is part of the framework's name:
    "the United Nations 2030 Agenda" is one framework span and the UN is not also a partner,
    because there it names the agenda's author, not a party China works with ("the Space2030
    Agenda of the UN" keeps the UN: there it is a noun phrase of its own);
  * "Long Form (ACRONYM)" naming one id twice is one span.
An article or possessive is not part of a span ("the Netherlands" -> "Netherlands",
"Russia's" -> "Russia"). Output: doc.spans["partners"] (label_ country / region /
organization / joint_body, id_ ISO3 or slug, kb_id_ "name" or "compound") and
doc.spans["frameworks"] (label_ "framework", id_ the framework id).

`whitepaper_partner_roles` sets `span._.whitepaper_role` (a topic or None) on every partner
span: what the sentence says the cooperation was about. Within one sentence, a list is an introducer ("with", "together with", "for", "joined"), an optional lead ("countries
including"), then partner spans (each may follow "the") and fillers ("other countries") joined
by ",", "and", "or", "as well as". A partner followed by a possessive or a capitalised word
names something longer ("Russia's GLONASS", "Pakistan Space Center") and is not a list item.
Every partner of a list gets the topic of the first rule that applies:
  1. after the list: "on X", "in the field(s) of X", "in <-ing> ...", "to <verb> ...": "with
     Sweden, Germany, the Netherlands and Saudi Arabia on payloads" -> "payloads". A topic
     that starts with a space object may say where, not what ("research with the European
     Space Agency on the Tiangong-2 space laboratory"): it is kept only if rules 2 and 3 find
     nothing ("cooperated with Brazil on the China-Brazil Earth Resources Satellite program");
  2. before the list: a cooperation word, "on X", then the list: "cooperated on TT&C with the
     European Space Agency, Argentina, Namibia, and Pakistan" -> "TT&C";
  3. the object of an activity verb right before the list: "has built satellite data
     receiving stations with countries including Bolivia" -> "satellite data receiving
     stations".
A topic runs to the next stop (, ; : .) or introducer, drops a leading article, and is not
taken when longer than `max_tokens`. Limits (no parser is used): a topic enumerated with
commas is cut at the first comma ("in the fields of compatibility, interoperability, ...");
rule 3 takes all words between the verb and the list, so a modifier comes along ("human body
medical research in a micro-gravitational environment"); a topic given in another sentence or
for a pronoun ("cooperation with them") is not found; a partner outside a list ("the dam
collapse in Laos", "China-France Oceanography Satellite") gets None; a "for" list names
beneficiaries, so its topic is what China provided ("launching services for countries
including Canada"). Spans are mentions, not judgements: a country or region named only as a
place ("the drought in Afghanistan", "parts of the Asia-Pacific") is a span too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..objects.components import SPANS_KEY as SPACE_OBJECTS_KEY
from ..objects.gazetteer import spellings
from ...phrases import phrases
from ..spans import merge_bracketed
from .gazetteer import FRAMEWORK, PartnerRules

PARTNERS_KEY = "partners"
FRAMEWORKS_KEY = "frameworks"
ROLE = "whitepaper_role"  # span._: what the cooperation was about, or None
LIST = "whitepaper_list"  # span._: [introducer token, token after the list] of the partner's list, or None

for _name in (ROLE, LIST):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)

_HYPHENS = ["-", "–", "—"]
_EXCLUSION = "exclusion"
_PRIORITY = {_EXCLUSION: 0, FRAMEWORK: 1}  # anything else (a partner type): 2


def add_pipes(nlp: Language, rules: PartnerRules) -> None:
    """`whitepaper_partner_mentions` and `whitepaper_partner_roles`, after the space-object pipes
    (whose spans the role rules read)."""
    nlp.add_pipe("whitepaper_partner_mentions").add(rules)
    nlp.add_pipe("whitepaper_partner_roles").add(rules)


class PartnerMentions:
    """Partner and framework spans: longest match, exclusions vetoed, see the module docstring."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.types: dict[str, str] = {}
        self.names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.prefixes: frozenset[str] = frozenset()
        self.compounds = PhraseMatcher(nlp.vocab, attr="ORTH")

    def add(self, rules: PartnerRules) -> None:
        nlp = self.nlp
        self.types.update({p.id: p.type for p in (*rules.partners.values(), *rules.frameworks.values())})
        for entry in (*rules.partners.values(), *rules.frameworks.values()):
            self.names.add(entry.id, _phrases(nlp, entry.forms))
        self.names.add(_EXCLUSION, _phrases(nlp, rules.exclusions))
        # Combining forms count only right after "China-" / "Sino-": a phrase match anchored in
        # code (a token Matcher with one pattern per form was most of the run time).
        self.prefixes = frozenset(rules.prefixes)
        for partner in rules.partners.values():
            if partner.combining_forms:
                self.compounds.add(partner.id, _phrases(nlp, partner.combining_forms))

    def __call__(self, doc: Doc) -> Doc:
        # compounds first: an equal "name" match of the same words ("China-Russia") loses the tie
        found = [
            self._span(doc, key, s, e, "compound") for key, s, e in self.compounds(doc)
            if s >= 2 and doc[s - 1].text in _HYPHENS and doc[s - 2].text in self.prefixes
        ]
        found += [self._span(doc, key, s, e, "name") for key, s, e in self.names(doc)]
        ranked = sorted(found, key=lambda s: (-(s.end - s.start), _PRIORITY.get(s.label_, 2), s.start))
        kept = [s for s in sorted(filter_spans(ranked), key=lambda s: s.start) if s.label_ != _EXCLUSION]
        kept = merge_bracketed(doc, _absorb_authors(doc, kept))
        doc.spans[PARTNERS_KEY] = [s for s in kept if s.label_ != FRAMEWORK]
        doc.spans[FRAMEWORKS_KEY] = [s for s in kept if s.label_ == FRAMEWORK]
        return doc

    def _span(self, doc: Doc, key: int, start: int, end: int, rule: str) -> Span:
        entry_id = doc.vocab.strings[key]
        label = _EXCLUSION if entry_id == _EXCLUSION else self.types[entry_id]
        return Span(doc, start, end, label=label, span_id=entry_id, kb_id=rule)


def _phrases(nlp: Language, forms: Iterable[str]) -> list[list[int]]:
    """Forms split like the text (`phrases`), with straight and curly apostrophes."""
    split = phrases(nlp)
    return [split.orth(v) for v in sorted({v for f in forms for v in spellings(f)})]


def _absorb_authors(doc: Doc, spans: list[Span]) -> list[Span]:
    """"United Nations 2030 Agenda": an organization right before a framework is its author."""
    out: list[Span] = []
    for span in spans:
        if span.label_ == FRAMEWORK and out and out[-1].label_ == "organization" and out[-1].end == span.start:
            span = Span(doc, out.pop().start, span.end, label=FRAMEWORK, span_id=span.id_, kb_id=span.kb_id_)
        out.append(span)
    return out


class PartnerRoles:
    """What each partner's cooperation was about, when the sentence says it (module docstring)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def add(self, rules: PartnerRules) -> None:
        split = phrases(self.nlp)

        def listed(items: Sequence[str]) -> list[tuple[str, ...]]:  # longest first
            return sorted({tuple(w.lower() for w in split.words(x)) for x in items}, key=len, reverse=True)

        words, lists = rules.words, rules.lists
        self.words = words
        self.introducers = listed(lists.introducers)
        self.leads = listed(lists.leads)
        self.articles = listed(lists.articles)
        self.separators = listed(lists.separators)
        self.fillers = listed(lists.fillers)
        self.after_list = listed(words.after_list)
        self.gerund = listed(words.after_list_gerund)
        self.infinitive = listed(words.after_list_infinitive)
        self.before_list = listed(words.before_list_markers)
        self.verbs = listed(words.activity_verbs)
        self.cooperation_verbs = frozenset(w.lower() for w in words.cooperation_verbs)
        self.cooperation = self.cooperation_verbs | {w.lower() for w in words.cooperation_nouns}
        self.determiners = frozenset(w.lower() for w in words.determiners)
        self.stops = frozenset(words.stops)
        self.possessives = frozenset(lists.possessives)

    def __call__(self, doc: Doc) -> Doc:
        partners = list(doc.spans[PARTNERS_KEY]) if PARTNERS_KEY in doc.spans else []
        roles: dict[tuple[int, int], str | None] = {(s.start, s.end): None for s in partners}
        lists: dict[tuple[int, int], list[int]] = {}
        by_start = {s.start: s for s in partners}
        objects = {s.start for s in doc.spans[SPACE_OBJECTS_KEY]} if SPACE_OBJECTS_KEY in doc.spans else set()
        sentences = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
        for sent in sentences:
            if not any(sent.start <= s.start < sent.end for s in partners):
                continue
            for intro, first in self._introducers(doc, sent.start, sent.end).items():
                items, end = self._list(doc, first, sent.end, by_start)
                if not items:
                    continue
                after, place = self._after(doc, end, sent.end, objects)
                topic = ((None if place else after) or self._before(doc, intro, sent.start)
                         or self._object(doc, intro, sent.start) or after)
                for span in items:
                    if roles[(span.start, span.end)] is None:
                        roles[(span.start, span.end)] = topic
                    lists.setdefault((span.start, span.end), [intro, end])
        for span in partners:
            span._.set(ROLE, roles[(span.start, span.end)])
            span._.set(LIST, lists.get((span.start, span.end)))
        return doc

    def _match(self, doc: Doc, i: int, limit: int, phrases: list[tuple[str, ...]]) -> int:
        """Length of the longest phrase starting at token i (0 if none)."""
        if i >= limit:
            return 0
        first = doc[i].lower_
        for phrase in phrases:
            if phrase[0] == first and i + len(phrase) <= limit and all(
                doc[i + k].lower_ == word for k, word in enumerate(phrase[1:], start=1)
            ):
                return len(phrase)
        return 0

    def _introducers(self, doc: Doc, start: int, limit: int) -> dict[int, int]:
        """Introducer start -> first token after it; "together with" wins over its "with"."""
        by_first: dict[int, int] = {}
        for i in range(start, limit):
            if n := self._match(doc, i, limit, self.introducers):
                by_first.setdefault(i + n, i)
        return {intro: first for first, intro in by_first.items()}

    def _list(self, doc: Doc, i: int, limit: int, by_start: dict[int, Span]) -> tuple[list[Span], int]:
        """The partners of a coordinated list starting at token i, and where the list ends."""
        i += self._match(doc, i, limit, self.leads)
        items: list[Span] = []
        end = i
        while i < limit:
            i += self._match(doc, i, limit, self.articles)
            span = by_start.get(i)
            if span is not None and self._standalone(doc, span, limit):
                items.append(span)
                i = end = span.end
            elif n := self._match(doc, i, limit, self.fillers):
                i = end = i + n
            else:
                break
            step = self._match(doc, i, limit, self.separators)
            if not step:
                break
            i += step
            i += self._match(doc, i, limit, self.separators)  # ", and"
        return items, end

    def _standalone(self, doc: Doc, span: Span, limit: int) -> bool:
        """Not a modifier of a longer name: "Russia's GLONASS", "Pakistan Space Center"."""
        if span.end >= limit:
            return True
        follower = doc[span.end].text
        return follower not in self.possessives and not (follower[:1].isupper() and follower.isalpha())

    def _after(self, doc: Doc, end: int, limit: int, objects: set[int]) -> tuple[str | None, bool]:
        """Rule 1: "... on payloads", "... in developing ...", "... to build ...", and whether
        the topic starts with a space object (then perhaps a place: "on the Tiangong-2 ...")."""
        if n := self._match(doc, end, limit, self.after_list):
            start = end + n
        elif ((n := self._match(doc, end, limit, self.gerund)) and end + n < limit
              and doc[end + n].lower_.endswith("ing")):
            start = end + n
        elif ((n := self._match(doc, end, limit, self.infinitive)) and end + n < limit and doc[end + n].is_lower
              and doc[end + n].is_alpha and doc[end + n].lower_ not in self.determiners):
            start = end + n
        else:
            return None, False
        stop = start
        while stop < limit and doc[stop].text not in self.stops and not self._match(doc, stop, limit, self.introducers):
            stop += 1
        head = start
        while head < stop and doc[head].lower_ in self.determiners:
            head += 1
        return self._topic(doc, start, stop), head in objects

    def _before(self, doc: Doc, intro: int, floor: int) -> str | None:
        """Rule 2: "cooperated on TT&C with ..."."""
        i = intro - 1
        while i > floor and doc[i].text not in self.stops and intro - i <= self.words.max_tokens:
            if (n := self._match(doc, i, intro, self.before_list)) and doc[i - 1].lower_ in self.cooperation:
                return self._topic(doc, i + n, intro)
            i -= 1
        return None

    def _object(self, doc: Doc, intro: int, floor: int) -> str | None:
        """Rule 3: "has built satellite data receiving stations with ..."."""
        i = intro - 1
        while i >= floor and doc[i].text not in self.stops and doc[i].lower_ not in self.cooperation_verbs:
            for verb in self.verbs:
                start = i + 1 - len(verb)
                if start >= floor and self._match(doc, start, i + 1, [verb]):
                    return self._topic(doc, i + 1, intro)
            i -= 1
        return None

    def _topic(self, doc: Doc, start: int, stop: int) -> str | None:
        while start < stop and doc[start].lower_ in self.determiners:
            start += 1
        while stop > start and self._match(doc, stop - 1, stop, self.separators):
            stop -= 1  # "engineering technology and" before "with Sweden"
        if start >= stop or stop - start > self.words.max_tokens:
            return None
        return doc[start:stop].text


@Language.factory("whitepaper_partner_mentions", assigns=["doc.spans"])
def make_partner_mentions(nlp: Language, name: str) -> PartnerMentions:
    return PartnerMentions(nlp)


@Language.factory("whitepaper_partner_roles", assigns=["span._." + ROLE, "span._." + LIST])
def make_partner_roles(nlp: Language, name: str) -> PartnerRoles:
    return PartnerRoles(nlp)
