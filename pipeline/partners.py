"""Cooperation partners and frameworks as spaCy rules: who China works with, and on what.

The data lives in `patterns/partners/`: countries.jsonl (id = ISO3), regions.jsonl,
organizations.jsonl (organizations and joint bodies; a joint body lists the foreign `countries`
and the partner `parties` it joins), frameworks.jsonl (treaties, agendas, initiatives,
guidelines), exclusions.txt (China, its places, agencies and sites: never partners) and
roles.toml (the words the rules below read). `load_partners` checks it all and fails with an
InputError naming the file and row, so a typo in the data stops the run instead of silently
losing a partner.

Two components run after the space-object pipes (`add_partner_pipes`):

`partner_mentions` matches every name, alias and demonym of partners and frameworks, every
exclusion, and compounds "China-X" / "Sino-X" (the X, from a `combining_forms` entry; the
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

`partner_roles` writes doc.user_data["partner_roles"] = {(start, end): topic or None}, one entry
per partner span: what the sentence says the cooperation was about. Within one sentence, a
list is an introducer ("with", "together with", "for", "joined"), an optional lead ("countries
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

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .entities import SPANS_KEY as SPACE_OBJECTS_KEY
from .errors import InputError
from .gazetteer import spellings
from .patterns import patterns_dir, read_jsonl, read_toml
from .spans import merge_bracketed

PARTNERS_KEY = "partners"
FRAMEWORKS_KEY = "frameworks"
ROLES_KEY = "partner_roles"  # doc.user_data: (span.start, span.end) -> topic or None

FRAMEWORK = "framework"
_FILES = (
    ("countries.jsonl", ("country",)),
    ("regions.jsonl", ("region",)),
    ("organizations.jsonl", ("organization", "joint_body")),
    ("frameworks.jsonl", (FRAMEWORK,)),
)
_ISO3 = re.compile(r"^[A-Z]{3}$")
_HYPHENS = ["-", "–", "—"]
_EXCLUSION = "exclusion"
_PRIORITY = {_EXCLUSION: 0, FRAMEWORK: 1}  # anything else (a partner type): 2


@dataclass(frozen=True)
class Partner:
    """A partner or a framework, with every form the text may use for it."""

    id: str  # ISO3 for a country, else a slug
    name: str
    type: str  # country, region, organization, joint_body, or framework
    forms: tuple[str, ...]  # name, aliases, adjectives: matched anywhere
    combining_forms: tuple[str, ...] = ()  # matched only after "China-" / "Sino-"
    country: str | None = None  # an agency's home country (ISO3)
    countries: tuple[str, ...] = ()  # a joint body's foreign countries (ISO3)
    parties: tuple[str, ...] = ()  # a joint body's partner ids (organizations, regions)


@dataclass(frozen=True)
class RoleWords:
    """roles.toml: the words the compound and role rules read (see the module docstring)."""

    prefixes: tuple[str, ...]
    introducers: tuple[str, ...]
    leads: tuple[str, ...]
    articles: tuple[str, ...]
    separators: tuple[str, ...]
    fillers: tuple[str, ...]
    possessives: tuple[str, ...]
    after_list: tuple[str, ...]
    after_list_gerund: tuple[str, ...]
    after_list_infinitive: tuple[str, ...]
    before_list_markers: tuple[str, ...]
    cooperation_verbs: tuple[str, ...]
    cooperation_nouns: tuple[str, ...]
    activity_verbs: tuple[str, ...]
    determiners: tuple[str, ...]
    stops: tuple[str, ...]
    max_tokens: int


@dataclass(frozen=True)
class PartnerGazetteer:
    partners: dict[str, Partner]  # id -> partner (countries, regions, organizations, joint bodies)
    frameworks: dict[str, Partner]  # id -> framework
    exclusions: tuple[str, ...]  # surface forms that are never partners
    words: RoleWords


@cache
def load_partners(folder: Path | None = None) -> PartnerGazetteer:
    """The partner data under `<folder or patterns_dir()>/partners`, checked."""
    folder = (folder or patterns_dir()) / "partners"
    entries: dict[str, Partner] = {}
    where: dict[str, tuple[Path, str]] = {}  # id -> (file, "row N (id)") for later checks
    owner: dict[str, str] = {}  # form -> id: one form must name one thing
    for name, types in _FILES:
        path = folder / name
        for number, row in enumerate(read_jsonl(path), start=1):
            at = f"row {number} ({row.get('id', '?')})"
            entry = _entry(path, at, row, types)
            if entry.id in entries:
                raise InputError(path, f"{at}: id {entry.id!r} is used twice")
            for form in entry.forms:
                if owner.setdefault(form, entry.id) != entry.id:
                    raise InputError(path, f"{at}: {form!r} already names {owner[form]}")
            entries[entry.id] = entry
            where[entry.id] = (path, at)
    for entry in entries.values():
        _check_links(entry, entries, *where[entry.id])
    exclusions = _read_exclusions(folder / "exclusions.txt", owner)
    return PartnerGazetteer(
        partners={k: v for k, v in entries.items() if v.type != FRAMEWORK},
        frameworks={k: v for k, v in entries.items() if v.type == FRAMEWORK},
        exclusions=exclusions,
        words=_read_words(folder / "roles.toml"),
    )


def _entry(path: Path, at: str, row: dict[str, Any], types: tuple[str, ...]) -> Partner:
    for key in ("id", "name"):
        if not isinstance(row.get(key), str) or not row[key].strip():
            raise InputError(path, f"{at}: {key} must be a non-empty string")
    if row.get("type") not in types:
        raise InputError(path, f"{at}: type {row.get('type')!r} must be one of {', '.join(types)}")
    keys = ("aliases", "adjectives", "combining_forms", "countries", "parties")
    lists = {key: _strings(path, at, row, key) for key in keys}
    if row["type"] == "country" and not (row["id"] == row.get("iso3") and _ISO3.match(row["id"])):
        raise InputError(path, f"{at}: a country's id must be its ISO3 code (iso3 {row.get('iso3')!r})")
    if row["type"] != "joint_body" and (lists["countries"] or lists["parties"]):
        raise InputError(path, f"{at}: only a joint_body lists countries or parties")
    if row["type"] == "joint_body" and not (lists["countries"] or lists["parties"]):
        raise InputError(path, f"{at}: a joint_body must list its countries or parties")
    forms = dict.fromkeys(_bare(f) for f in (row["name"], *lists["aliases"], *lists["adjectives"]))
    return Partner(
        id=row["id"], name=row["name"], type=row["type"], forms=tuple(forms),
        combining_forms=tuple(lists["combining_forms"]), country=row.get("country"),
        countries=tuple(lists["countries"]), parties=tuple(lists["parties"]),
    )


def _strings(path: Path, at: str, row: dict[str, Any], key: str) -> list[str]:
    value = row.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(path, f"{at}: {key} must be a list of non-empty strings")
    return value


def _bare(form: str) -> str:
    """A form without its article: the span is "Netherlands", whether or not "the" is written."""
    return re.sub(r"^[Tt]he ", "", form.strip())


def _check_links(entry: Partner, entries: dict[str, Partner], path: Path, at: str) -> None:
    for iso3 in (*entry.countries, *([entry.country] if entry.country else [])):
        if getattr(entries.get(iso3), "type", None) != "country":
            raise InputError(path, f"{at}: {iso3!r} is not a country id")
    for party in entry.parties:
        if getattr(entries.get(party), "type", FRAMEWORK) == FRAMEWORK:
            raise InputError(path, f"{at}: party {party!r} is not a partner id")


def _read_exclusions(path: Path, owner: dict[str, str]) -> tuple[str, ...]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(path, f"cannot load pattern file ({exc.strerror})") from None
    forms = []
    for number, line in enumerate(lines, start=1):
        form = line.strip()
        if not form or form.startswith("#"):
            continue
        if form in owner:  # it would hide that partner everywhere
            raise InputError(path, f"line {number}: {form!r} is also a form of {owner[form]}")
        forms.append(form)
    return tuple(forms)


def _read_words(path: Path) -> RoleWords:
    data = read_toml(path)
    values: dict[str, Any] = {}
    for table, keys in (("compounds", ("prefixes",)),
                        ("lists", ("introducers", "leads", "articles", "separators", "fillers", "possessives")),
                        ("roles", ("after_list", "after_list_gerund", "after_list_infinitive", "before_list_markers",
                                   "cooperation_verbs", "cooperation_nouns", "activity_verbs", "determiners", "stops"))):
        for key in keys:
            value = data.get(table, {}).get(key)
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise InputError(path, f"[{table}] {key} must be a list of non-empty strings")
            values[key] = tuple(value)
    max_tokens = data.get("roles", {}).get("max_tokens")
    if not isinstance(max_tokens, int) or max_tokens < 1:
        raise InputError(path, "[roles] max_tokens must be a positive integer")
    return RoleWords(**values, max_tokens=max_tokens)


def joint_body_countries(partner_id: str, folder: Path | None = None) -> list[str]:
    """The foreign ISO3 codes a joint body involves: its own list, and any party that is a
    country or an agency of one. [] for a partner that is not a joint body; KeyError if unknown."""
    partners = load_partners(folder).partners
    body = partners[partner_id]
    if body.type != "joint_body":
        return []
    found = list(body.countries)
    for party in map(partners.__getitem__, body.parties):
        found.extend([party.id] if party.type == "country" else [party.country] if party.country else [])
    return sorted(set(found))


def add_partner_pipes(nlp: Language, patterns_dir: Path | None = None) -> None:
    """Append `partner_mentions` and `partner_roles` (after the space-object pipes, whose spans
    the role rules read)."""
    load_partners(patterns_dir)  # bad data fails here, before any text is read
    config = {"patterns_dir": str(patterns_dir) if patterns_dir else None}
    nlp.add_pipe("partner_mentions", config=config)
    nlp.add_pipe("partner_roles", config=config)


class PartnerMentions:
    """Partner and framework spans: longest match, exclusions vetoed, see the module docstring."""

    def __init__(self, nlp: Language, gazetteer: PartnerGazetteer) -> None:
        self.types = {p.id: p.type for p in (*gazetteer.partners.values(), *gazetteer.frameworks.values())}
        self.names = PhraseMatcher(nlp.vocab, attr="ORTH")
        for entry in (*gazetteer.partners.values(), *gazetteer.frameworks.values()):
            self.names.add(entry.id, _docs(nlp, entry.forms))
        self.names.add(_EXCLUSION, _docs(nlp, gazetteer.exclusions))
        # Combining forms count only right after "China-" / "Sino-": a phrase match anchored in
        # code (a token Matcher with one pattern per form was most of the run time).
        self.prefixes = frozenset(gazetteer.words.prefixes)
        self.compounds = PhraseMatcher(nlp.vocab, attr="ORTH")
        for partner in gazetteer.partners.values():
            if partner.combining_forms:
                self.compounds.add(partner.id, _docs(nlp, partner.combining_forms))

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


def _docs(nlp: Language, forms: Iterable[str]) -> list[Doc]:
    """Forms tokenized like the text, with straight and curly apostrophes."""
    return [nlp.make_doc(v) for v in sorted({v for f in forms for v in spellings(f)})]


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

    def __init__(self, nlp: Language, words: RoleWords) -> None:
        def phrases(items: Sequence[str]) -> list[tuple[str, ...]]:  # longest first
            return sorted({tuple(t.lower_ for t in nlp.make_doc(x)) for x in items}, key=len, reverse=True)

        self.words = words
        self.introducers = phrases(words.introducers)
        self.leads = phrases(words.leads)
        self.articles = phrases(words.articles)
        self.separators = phrases(words.separators)
        self.fillers = phrases(words.fillers)
        self.after_list = phrases(words.after_list)
        self.gerund = phrases(words.after_list_gerund)
        self.infinitive = phrases(words.after_list_infinitive)
        self.before_list = phrases(words.before_list_markers)
        self.verbs = phrases(words.activity_verbs)
        self.cooperation_verbs = frozenset(w.lower() for w in words.cooperation_verbs)
        self.cooperation = self.cooperation_verbs | {w.lower() for w in words.cooperation_nouns}
        self.determiners = frozenset(w.lower() for w in words.determiners)
        self.stops = frozenset(words.stops)
        self.possessives = frozenset(words.possessives)

    def __call__(self, doc: Doc) -> Doc:
        partners = list(doc.spans[PARTNERS_KEY]) if PARTNERS_KEY in doc.spans else []
        roles: dict[tuple[int, int], str | None] = {(s.start, s.end): None for s in partners}
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
        doc.user_data[ROLES_KEY] = roles
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


@Language.factory("partner_mentions", default_config={"patterns_dir": None})
def make_partner_mentions(nlp: Language, name: str, patterns_dir: str | None) -> PartnerMentions:
    return PartnerMentions(nlp, load_partners(Path(patterns_dir) if patterns_dir else None))


@Language.factory("partner_roles", default_config={"patterns_dir": None})
def make_partner_roles(nlp: Language, name: str, patterns_dir: str | None) -> PartnerRoles:
    return PartnerRoles(nlp, load_partners(Path(patterns_dir) if patterns_dir else None).words)
