"""Named space objects as spaCy components: gazetteer names, series members, unseen names.

Three steps, each a component on the blank English pipeline:
- `whitepaper_space_gazetteer` (pipe `space_gazetteer`) matches every gazetteer name and alias
  -> doc.spans["space_gazetteer"], as spaCy's `span_ruler` with phrase patterns would, its
  phrases split once (`pipeline.phrases`) instead of tokenized at every start;
- `whitepaper_space_designators` finds Name-Number forms: a known series with any number
  ("Gaofen-7"), compact forms ("Haiyang-2B/2C/2D", "Tiantong-1 02/03") expanded to one span per
  object, bare series ("the Long March carrier rockets") and unseen names next to a space noun
  ("Xingyun-3 satellite" -> satellites, kind unclassified) -> doc.spans["space_designators"];
  objects the gazetteer does not list go to `doc._.whitepaper_new_objects` as plain values;
- `whitepaper_space_objects` keeps one span per stretch of text (longest, then gazetteer first)
  in doc.spans["space_objects"]: label = table, id = entity id, kb_id = the rule.
`link_text_aliases` then works over the whole edition: "Long Form (SHORT)" and "A, also known
as B" make both forms one entity, and later uses of a form learned this way are found too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ...phrases import phrases
from ..spans import merge_bracketed
from ...model import slug
from .gazetteer import Entity, ObjectRules, spellings

GAZETTEER_KEY = "space_gazetteer"
DESIGNATOR_KEY = "space_designators"
SPANS_KEY = "space_objects"
NEW_ENTITIES = "whitepaper_new_objects"  # doc._: entity id -> plain entity found by rule, not listed

if not Doc.has_extension(NEW_ENTITIES):
    Doc.set_extension(NEW_ENTITIES, default=None)

_NUMBER = r"^\d{1,3}[A-Z]?$"
_SERIAL = re.compile(r"^\d{2}$")
_CAPITALISED = r"^[A-Z][A-Za-z]*$"
_SERIES = "series"  # context answer: the name is a series named as such
_PRIORITY = {"gazetteer": 0, "text": 0, "member": 1, "naming": 1, "bare": 2, "unseen": 3}
_OPEN_QUOTES = frozenset('"“‘\'')
_CLOSE_QUOTES = frozenset('"”’\'')
_MAX_NAMING = 12  # tokens inside the parentheses of '"FY" (Fengyun, or Wind and Cloud)'


def add_pipes(nlp: Language, rules: ObjectRules) -> None:
    """The three components, in order, each given its rules."""
    nlp.add_pipe("whitepaper_space_gazetteer", name=GAZETTEER_KEY).add(rules)
    nlp.add_pipe("whitepaper_space_designators").add(rules)
    nlp.add_pipe("whitepaper_space_objects").add(rules)


class SpaceGazetteer:
    """Every gazetteer name and alias -> doc.spans[GAZETTEER_KEY] (label = table, id = entity
    id): `span_ruler`'s phrase matching, its matches deduplicated and sorted as it does."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.tables: dict[str, str] = {}

    def add(self, rules: ObjectRules) -> None:
        split = phrases(self.nlp)
        for pattern in rules.ruler_patterns():
            self.tables[pattern["id"]] = pattern["label"]
            self.matcher.add(pattern["id"], [split.orth(pattern["pattern"])])

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        found = {Span(doc, start, end, label=self.tables[strings[key]], span_id=strings[key])
                 for key, start, end in self.matcher(doc) if start != end}
        doc.spans[GAZETTEER_KEY] = sorted(found)
        return doc


@Language.factory("whitepaper_space_gazetteer", assigns=["doc.spans"])
def make_space_gazetteer(nlp: Language, name: str) -> SpaceGazetteer:
    return SpaceGazetteer(nlp)


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    entity: Entity
    rule: str  # a key of _PRIORITY


class SpaceDesignators:
    """Name-Number forms of known series, their compact forms, bare series, unseen names."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.gazetteer: ObjectRules | None = None
        # Series names are phrases; the number after one is read in code. (A token Matcher
        # with a pattern per series spelling cost more than the rest of the pipeline.)
        self.series = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.abbreviations = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.namings: dict[str, tuple[str, ...]] = {}  # series id -> slugs of every form, abbreviation, gloss

    def add(self, rules: ObjectRules) -> None:
        self.gazetteer = rules
        split = phrases(self.nlp)
        for series in rules.series.values():
            self.series.add(series.id, [split.orth(v) for f in series.forms for v in spellings(f)])
            if series.abbreviations:
                self.abbreviations.add(series.id, [split.orth(a) for a in series.abbreviations])
            self.namings[series.id] = tuple(
                f"-{slug(f)}-" for f in (*series.forms, *series.abbreviations, *series.glosses))

    def __call__(self, doc: Doc) -> Doc:
        found: list[_Found] = []
        matches = self._matches(doc)
        bare = {(s, e) for key, s, e in matches if key.startswith("bare|")}
        # a known name after one more capitalised word: the word opens the sentence or qualifies
        # the name ("Further Tiantong-1 satellites"), it is not part of it
        known = {(s, e) for key, s, e in matches if key.startswith("member|")} | {
            (span.start, span.end) for span in doc.spans.get(GAZETTEER_KEY, [])}
        for key, start, end in matches:
            rule, series_id = key.split("|")
            series = self.gazetteer.series.get(series_id)
            if rule == "member":
                found.extend(self._members(doc, start, end, series.name, series))
            elif rule == "bare" and self._table_from_context(doc, end, skip=bare) in (series.table, _SERIES):
                found.append(_Found(start, end, self.gazetteer.entities[series.entity_id], "bare"))
            elif rule == "naming":
                found.append(_Found(start, end, self.gazetteer.entities[series.entity_id], "naming"))
            elif rule == "unseen" and (start + 1, end) not in known:
                table = self._table_from_context(doc, self._parts(doc, start, end)[-1][1])
                while doc[start].lower_ in self.gazetteer.stop_words | self.gazetteer.determiners and start < end - 2:
                    start += 1  # "The Tianzhou-1": the article is not part of the name
                if table:
                    prefix = doc[start:end].text.rsplit("-", 1)[0].strip()
                    found.extend(self._members(doc, start, end, prefix, None, table))
        doc.spans[DESIGNATOR_KEY] = [
            Span(doc, f.start, f.end, label=f.entity.table, span_id=f.entity.id, kb_id=f.rule) for f in found
        ]
        new = dict(doc._.get(NEW_ENTITIES) or {})
        for f in found:
            if f.entity.source != "gazetteer":
                new[f.entity.id] = f.entity.to_plain()
        doc._.set(NEW_ENTITIES, new)
        return doc

    def _matches(self, doc: Doc) -> list[tuple[str, int, int]]:
        """("member|id", start, end) for a series name or abbreviation + number ("FY-3"),
        ("naming|id", ...) for the older editions' '"FY" (Fengyun, or Wind and Cloud)',
        ("bare|id", ...) for the name alone (an abbreviation only when quoted), ("unseen|", ...)
        for any Name-Number; longest series name first."""
        out = list(self._unseen(doc))
        found = [(key, start, end, False) for key, start, end in self.series(doc)]
        found += [(key, start, end, True) for key, start, end in self.abbreviations(doc)]
        taken = -1
        for key, start, end, abbreviation in sorted(found, key=lambda m: (m[1], m[1] - m[2], m[3])):
            if start < taken:
                continue  # a shorter form inside a longer one ("Huanjing" in "Huanjing Jianzai")
            taken = end
            series_id = doc.vocab.strings[key]
            series = self.gazetteer.series[series_id]
            quoted = 0 < start and end < len(doc) and doc[start - 1].text in _OPEN_QUOTES \
                and doc[end].text in _CLOSE_QUOTES
            if quoted and (close := self._naming_end(doc, end + 1, series_id)):
                out.append((f"naming|{series_id}", start - 1, close))
                taken = close
                continue
            if (series.bare and not abbreviation) or quoted:
                out.append((f"bare|{series_id}", start, end))
            if series.numbered:
                i = end + 1 if end < len(doc) and doc[end].text == "-" else end
                if i < len(doc) and re.match(_NUMBER, doc[i].text):
                    out.append((f"member|{series_id}", start, i + 1))
        return out

    def _naming_end(self, doc: Doc, i: int, series_id: str) -> int | None:
        """The end of '(Fengyun, or Wind and Cloud)' at token i when the parentheses name the
        same series again (its pinyin, abbreviation or English gloss): the older editions'
        way of introducing a series. None when there is no such parenthesis."""
        if i >= len(doc) or doc[i].text != "(":
            return None
        close = next((j for j in range(i + 1, min(i + _MAX_NAMING, len(doc))) if doc[j].text in "()"), None)
        if close is None or doc[close].text != ")":
            return None
        inside = f"-{slug(doc[i + 1:close].text)}-"
        return close + 1 if any(form in inside for form in self.namings[series_id]) else None

    @staticmethod
    def _unseen(doc: Doc):
        """Any "Name-Number" or "Two Names-Number" (a hyphen between a capitalised word and a
        number); whether it is a space object is decided by the words after it."""
        for i, token in enumerate(doc):
            if token.text == "-" and 0 < i < len(doc) - 1 and re.match(_NUMBER, doc[i + 1].text) \
                    and re.match(_CAPITALISED, doc[i - 1].text):
                start = i - 2 if i > 1 and re.match(_CAPITALISED, doc[i - 2].text) else i - 1
                yield "unseen|", start, i + 2

    @staticmethod
    def _parts(doc: Doc, start: int, end: int) -> list[tuple[int, int, str, str | None]]:
        """(start, end, number, serial) per object of a designator ending at `end`: a serial
        ("Tiantong-1 02") is taken in, and compact parts ("/1D", "/03") each get their own."""
        number = doc[end - 1].text
        parts: list[tuple[int, int, str, str | None]] = [(start, end, number, None)]
        if end < len(doc) and _SERIAL.match(doc[end].text) and not number[-1].isalpha():
            parts = [(start, end + 1, number, doc[end].text)]
            end += 1
        while end + 1 < len(doc) and doc[end].text == "/" and re.match(_NUMBER, doc[end + 1].text):
            piece = doc[end + 1].text
            serial = parts[0][3] is not None
            parts.append((end + 1, end + 2, number if serial else piece, piece if serial else None))
            end += 2
        return parts

    def _members(self, doc, start, end, prefix, series, table=None) -> list[_Found]:
        """One span per object: "Haiyang-2B/2C/2D" -> Haiyang-2B, 2C, 2D (each its exact text)."""
        return [
            _Found(s, e, self._entity(prefix, n, serial, series, table, doc[start:e].text),
                   "member" if series else "unseen")
            for s, e, n, serial in self._parts(doc, start, end)
        ]

    def _entity(self, prefix, number, serial, series, table, surface) -> Entity:
        """A designator's object: the gazetteer's, else one made of the series (or the name) and the
        number without leading zeros, so that "CBERS-06" in one edition and "CBERS-6" in the next
        are one satellite."""
        number = re.sub(r"^0+(?=\d)", "", number)
        name = f"{prefix}-{number}" + (f" {serial}" if serial else "")
        known = self.gazetteer.lookup(name) or self.gazetteer.lookup(surface)
        if series is not None:
            canonical = f"{series.name}-{number}" + (f" {serial}" if serial else "")
            known = known or self.gazetteer.lookup(canonical)
            return known or Entity(slug(canonical), canonical, series.table, series.member_kind, series.entity_id,
                                   source="series")
        return known or Entity(slug(name), name, table, "unclassified", None, source="unclassified")

    def _table_from_context(self, doc: Doc, end: int, skip: set[tuple[int, int]] | None = None) -> str | None:
        """The table a space noun after the name points to ("... lunar probe" -> missions).

        With `skip` (the bare series matches of the doc) the name is a series: coordinated
        names are stepped over, and "series" / "program" answer for the series' own table.
        """
        skip_spans = skip or set()
        i, modifiers = end, 0
        if i < len(doc) and doc[i].text in _CLOSE_QUOTES:
            i += 1  # 'the "Long-March" group'
        while i < len(doc):
            span = next(((s, e) for s, e in skip_spans if s == i), None)
            token = doc[i]
            if span:  # coordinated names: "the Shenzhou and Tianzhou spacecraft series"
                i = span[1]
                continue
            if token.text in {",", "and"} and skip_spans:
                i += 1
                continue
            lower = token.text.lower()
            if lower in self.gazetteer.nouns and token.text.islower():
                return self.gazetteer.nouns[lower]
            if lower in self.gazetteer.series_words:
                return _SERIES if skip is not None else None
            if not token.text.isalpha() or not token.text.islower() or lower in self.gazetteer.stop_words:
                return None
            modifiers += 1
            if modifiers > self.gazetteer.max_modifiers:
                return None
            i += 1
        return None


_NAMING = re.compile(r'^["“‘\'](.+?)["”’\']\s*\((.+)\)$')
_NAMING_SPLIT = re.compile(r",\s*(?:or\s+)?|\s+or\s+")


def naming_forms(surface: str) -> list[str]:
    """The names a mention writes: '"FY" (Fengyun, or Wind and Cloud)' -> FY, Fengyun, Wind and
    Cloud; any other surface is one name."""
    if match := _NAMING.match(surface):
        return [match[1], *(part.strip() for part in _NAMING_SPLIT.split(match[2]) if part.strip())]
    return [surface]


@Language.factory("whitepaper_space_designators", assigns=["doc.spans", "doc._." + NEW_ENTITIES])
def make_space_designators(nlp: Language, name: str) -> SpaceDesignators:
    return SpaceDesignators(nlp)


class SpaceObjects:
    """One span per stretch of text: the longest, then gazetteer over rules."""

    def __init__(self) -> None:
        self.gazetteer: ObjectRules | None = None

    def add(self, rules: ObjectRules) -> None:
        self.gazetteer = rules

    def __call__(self, doc: Doc) -> Doc:
        candidates = list(doc.spans[DESIGNATOR_KEY])
        for span in doc.spans[GAZETTEER_KEY]:
            if self._standalone(doc, span):
                candidates.append(Span(doc, span.start, span.end, label=span.label, span_id=span.id, kb_id="gazetteer"))
        ranked = sorted(candidates, key=lambda s: (-(s.end - s.start), _PRIORITY[s.kb_id_], s.start))
        doc.spans[SPANS_KEY] = sorted(filter_spans(ranked), key=lambda s: s.start)
        return doc

    def _standalone(self, doc: Doc, span: Span) -> bool:
        """A bare name followed by a capitalised word is part of a longer proper name."""
        if any(ch.isdigit() for ch in span.text) or span.end >= len(doc):
            return True
        follower = doc[span.end].text
        return not (follower[:1].isupper() and follower.isalpha() and follower not in self.gazetteer.allowed_followers)


@Language.factory("whitepaper_space_objects", assigns=["doc.spans"])
def make_space_objects(nlp: Language, name: str) -> SpaceObjects:
    return SpaceObjects()


def new_entities(docs: list[Doc]) -> dict[str, Entity]:
    """Entities the rules found that the gazetteer does not list, across an edition."""
    out: dict[str, Entity] = {}
    for doc in docs:
        out.update({k: Entity.from_plain(v) for k, v in (doc._.get(NEW_ENTITIES) or {}).items()})
    return out


# matched at a position of the doc text (`match(text, pos)`), right after a span
_ALSO_KNOWN = re.compile(r",?\s*also known as (?:the )?((?:[A-Z][\w’'-]*\s?)+)")


def link_text_aliases(docs: list[Doc], nlp: Language, entities: dict[str, Entity],
                      heads: dict[str, str]) -> dict[str, Entity]:
    """Aliases the edition defines itself, added as spans; returns entities created for them.

    "Long Form (SHORT)" and "A (B)" where one side is a known object: the other side becomes its
    alias. "A, also known as the B": B becomes A's alias. A long form whose initials spell an
    unknown acronym ("Foo Bar Satellite (FBS)") becomes a new, unclassified entity.
    """
    learned: dict[str, str] = {}
    created: dict[str, Entity] = {}
    for doc in docs:
        text = doc.text  # built from every token each time it is read: read once per doc
        spans = list(doc.spans[SPANS_KEY])
        added: list[Span] = []
        taken = _Taken(doc, spans)  # tokens of spans + added, for overlap checks in constant time

        def add(span: Span) -> None:
            added.append(span)
            taken.mark(span.start, span.end)

        for span in spans:
            close = _paren_after(doc, span.end)
            if close and not taken.overlaps(span.end + 1, close):
                inner = doc[span.end + 1:close]
                learned.setdefault(inner.text, span.id_)
                add(Span(doc, inner.start, inner.end, label=span.label, span_id=span.id_, kb_id="text"))
            if "also known as" not in text:
                continue
            if match := _ALSO_KNOWN.match(text, span.end_char):
                alias = match[1].strip()
                start = match.start(1)
                alias_span = doc.char_span(start, start + len(alias), alignment_mode="contract")
                if alias_span is not None and not taken.overlaps(alias_span.start, alias_span.end):
                    learned.setdefault(alias, span.id_)
                    add(Span(doc, alias_span.start, alias_span.end, label=span.label, span_id=span.id_, kb_id="text"))
        for token in doc if "(" in text else ():
            if token.text == "(" and (close := _paren_after(doc, token.i)) and close - token.i == 2:
                short = doc[token.i + 1]
                long_form = _long_form(doc, token.i, short.text)
                if long_form and not taken.overlaps(long_form.start, close):
                    table = heads.get(long_form[-1].text.lower().rstrip("s"))
                    if table:
                        entity = Entity(slug(short.text), long_form.text, table, "unclassified", None, (short.text,), "text")
                        created[entity.id] = entity
                        learned.setdefault(short.text, entity.id)
                        learned.setdefault(long_form.text, entity.id)
                        for s, e in ((long_form.start, long_form.end), (short.i, short.i + 1)):
                            add(Span(doc, s, e, label=table, span_id=entity.id, kb_id="text"))
        doc.spans[SPANS_KEY] = sorted(filter_spans(spans + added), key=lambda s: s.start)
    _find_learned(docs, nlp, learned, {**entities, **created})
    for doc in docs:
        doc.spans[SPANS_KEY] = merge_bracketed(doc, list(doc.spans[SPANS_KEY]))
    return created


def _paren_after(doc: Doc, i: int) -> int | None:
    """Index of ")" closing a "(" at token i, within six tokens."""
    if i < len(doc) and doc[i].text == "(":
        for j in range(i + 1, min(i + 8, len(doc))):
            if doc[j].text == ")":
                return j if j > i + 1 else None
            if doc[j].text == "(":
                return None
    return None


class _Taken:
    """Which tokens of a doc some span covers: "does [start, end) overlap a span?" in the time
    of the range, however many spans the doc has (a list scan made long paragraphs quadratic)."""

    def __init__(self, doc: Doc, spans: list[Span]) -> None:
        self.covered = bytearray(len(doc))
        for span in spans:
            self.mark(span.start, span.end)

    def mark(self, start: int, end: int) -> None:
        self.covered[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        """For a non-empty range, as every range here is (spans cover at least one token)."""
        return any(self.covered[start:end])


def _long_form(doc: Doc, paren: int, short: str) -> Span | None:
    """Schwartz & Hearst, simplified: the words before "(" whose initials spell the acronym."""
    if not (short.isalpha() and short.isupper() and 2 <= len(short) <= 8) or paren < len(short):
        return None
    words = doc[paren - len(short):paren]
    if all(t.is_alpha and t.text[:1].isupper() for t in words) and "".join(t.text[0] for t in words) == short:
        return words
    return None


def _find_learned(docs: list[Doc], nlp: Language, learned: dict[str, str], entities: dict[str, Entity]) -> None:
    """Later uses of a form the edition defined: a second pass with those forms only."""
    if not learned:
        return
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    for form, entity_id in learned.items():
        matcher.add(entity_id, [nlp.make_doc(v) for v in spellings(form)])
    for doc in docs:
        spans = list(doc.spans[SPANS_KEY])
        taken = _Taken(doc, spans)
        for match_id, start, end in matcher(doc):
            entity_id = doc.vocab.strings[match_id]
            if entity_id in entities and not taken.overlaps(start, end):
                spans.append(Span(doc, start, end, label=entities[entity_id].table, span_id=entity_id, kb_id="text"))
                taken.mark(start, end)
        doc.spans[SPANS_KEY] = sorted(filter_spans(spans), key=lambda s: s.start)
