"""The plan scorecard: what edition OLD promised, and what edition NEW says of it.

A plan is one commitment of OLD: a planned sentence (split only where it lists clearly separate
tasks, "to build ...; to set up ...; to establish ..."), and a planned object, partner or link
that no planned sentence carries. A planned object named by a planned sentence is tied to it
(`plan_of`, `counted` false): it keeps its own outcome, and the sentence's reason says how the
two agree.

Each plan is matched by meaning (pledge trackers match pledges to later reports by what they
name and what they say, never by wording alone; `patterns/scorecard.toml` holds the features
and weights): the same objects and partners (by id); the same content lemmas (spaCy's lookup
lemmatizer, synonyms folded), weighted by how rare they are across both editions; a related
section; the plan's verb and the noun after it. A logistic model over these features, its
weights fitted on the tuning sets' gold evidence (`tests/scorecard_fit.py`), turns them into a
score: the probability that the NEW sentence is the evidence for the plan. A NEW object row
settles an object's fate directly (achieved, in development, planned again). The outcome:

- fulfilled: NEW reports it done (its named members achieved, or a matching sentence reports it
  done, scoring `done` or more: a weaker report of something done is no report of it);
- in_progress: NEW reports work under way, or part of a plan's objects done;
- carried_over: NEW plans it again (but a plan to keep an activity up, "continue with lunar
  exploration", that NEW reports done in the period and plans again is fulfilled: the activity
  goes on, it is not a plan unmet);
- dropped: NEW says it was cancelled or abandoned (only then);
- not_mentioned: no candidate reaches the threshold; the best one and its score are still shown.

Every row has a score, a confidence (high / medium / low) and the evidence sentence ids. A
false "dropped" is the worst error this tool can make, so nothing is dropped for silence.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.language import Language

from .extractors import Extractor
from .output import Folder
from .rules import Rules
from .rules.compare import CompareRules
from .rules.scorecard import ScorecardRules
from .rules.status import StatusRules

_OBJECT_WEIGHT = 100.0  # a NEW sentence naming the plan's object is always among those scored
_TASK = re.compile(r";\s+(?:and\s+)?to\s+(?:further\s+|also\s+)?([a-z]+)")  # "...; to set up ...; and to establish ..."
# "..., and speed up ...", "..., and will engage in ...", "..., and strengthening ...": a verb phrase
# coordinated after a comma; and the ones before it in the same list ("expand ..., send ..., and ...")
_AND_TASK = re.compile(r",\s+and\s+(?:(?:will|shall|also|further|actively|continue\s+to)\s+)*([a-z]+)\s+([a-z&-]+)")
_LIST_TASK = re.compile(r",\s+([a-z]+)\s+([a-z&-]+)")
# an object after one of these prepositions is where or on what the plan is carried out ("flights to
# the Chinese space station", "cooperation on the international lunar research station"), not what it
# delivers ("with" is left out: "a relay system with Tianlian-2 satellites" is built of them)
_SETTING = re.compile(r"\b(?:to|on|aboard|board|at|in|from|via|through|into)\s+(?:(?:the|a|an|its|their|China's|China’s|Chinese)\s+)*$", re.I)
_NUMBER = re.compile(r"[\d.,]+")  # "2022", "40,000", "1,935.3": how much, not what
_MIN_TASK_WORDS = 5  # a part shorter than this stays with its neighbour
_MODALS = {"will", "to", "shall", "should", "must", "continue", "further", "also", "actively", "steadily",
           "gradually", "strive", "work", "make", "efforts", "more", "is", "are", "be"}


def lemmatizer() -> Language:
    """A blank English pipeline with spaCy's lookup lemmatizer (tables from spacy-lookups-data,
    installed with the package; nothing is downloaded)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


@dataclass
class Unit:
    """A sentence (or a task of one) as the matcher sees it."""

    id: str  # sentence id, "#n" added for a task of a split sentence
    sentence_id: str
    text: str
    status: str
    rule: str | None
    section_id: str
    lemmas: list[str]  # content lemmas in order, synonyms folded
    clauses: list[set[str]] = field(default_factory=list)  # the lemmas of each clause (between commas)
    objects: set[str] = field(default_factory=set)
    series: set[str] = field(default_factory=set)
    partners: set[str] = field(default_factory=set)
    title: set[str] = field(default_factory=set)
    parts: list[Unit] = field(default_factory=list)  # a plan's coordinated verb phrases, when it lists several
    common: frozenset[str] = frozenset()  # of a task: the lemmas its sibling tasks have too
    settings: set[str] = field(default_factory=set)  # objects named only as where it is carried out ("flights to the station")


class Edition:
    """One edition's sentences, analysed once, with an index from lemma to sentences."""

    def __init__(self, folder: Folder, nlp: Language, rules: Rules, extractors: list[Extractor], split: bool) -> None:
        self.folder = folder
        self.words = rules.get(CompareRules)
        self.card = rules.get(ScorecardRules)
        self.canonical = self.card.canonical
        kinds = {table: source.kind for ex in extractors for table, source in ex.plans.items()}
        self.series = {row["entity_id"]: row.get("series") for table, kind in kinds.items() if kind == "object"
                       for row in folder.tables.get(table, [])}
        units = {table: re.compile(source.units) for ex in extractors for table, source in ex.plans.items()
                 if source.units}
        self.unit_names = {row["entity_id"]: pattern for table, pattern in units.items()
                           for row in folder.tables.get(table, [])}  # an object -> what names a unit of it
        self.rows: dict[str, dict[str, dict]] = defaultdict(dict)  # kind -> key -> row
        for ex in extractors:
            for table, source in ex.plans.items():
                for row in folder.tables.get(table, []):
                    key = "|".join(str(row[c]) for c in source.columns)
                    kept = self.rows[source.kind].get(key)
                    if kept is None or _rank(row["status"]) < _rank(kept["status"]):
                        self.rows[source.kind][key] = row
        sections = {s["section_id"]: s for s in folder.tables.get("sections", [])}
        titles = {sid: self.content(lemmas(list(nlp(_titles(sec, sections))))) for sid, sec in sections.items()}
        named: dict[str, list[tuple[int, str, str]]] = defaultdict(list)  # sentence -> (offset, kind, id)
        sentences = folder.tables.get("sentences", [])
        starts = {s["sentence_id"]: s["start"] for s in sentences}
        for mention in folder.tables.get("mentions", []):
            kind = kinds.get(mention["table"])
            if kind is not None and mention["sentence_id"] in starts:
                named[mention["sentence_id"]].append((mention["start"] - starts[mention["sentence_id"]], kind,
                                                      mention["entity_id"]))
        docs = nlp.pipe((s["text"] for s in sentences), batch_size=256)
        self.units: list[Unit] = []
        for sentence, doc in zip(sentences, docs):
            spans = self.tasks(sentence["text"]) if split else [(0, len(sentence["text"]))]
            for n, (start, end) in enumerate(spans, start=1):
                ident = sentence["sentence_id"] if len(spans) == 1 else f"{sentence['sentence_id']}#{n}"
                unit = self.unit(ident, sentence, doc, start, end, named, titles)
                if split and sentence["status"] == "planned":
                    phrases = verb_phrases(sentence["text"], start, end, self.card)
                    if len(phrases) > 1:
                        unit.parts = _distinct([self.unit(f"{ident}~{k}", sentence, doc, a, b, named, titles)
                                                for k, (a, b) in enumerate(phrases, start=1)])
                self.units.append(unit)
        self.by_id = {u.id: u for u in self.units}
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, unit in enumerate(self.units):
            for lemma in set(unit.lemmas) | {f"#{o}" for o in unit.objects}:
                self.postings[lemma].append(i)

    def unit(self, ident: str, sentence: dict, doc, start: int, end: int,
             named: dict[str, list[tuple[int, str, str]]], titles: dict[str, set[str]]) -> Unit:
        """The unit of a sentence's span [start, end)."""
        here = [(offset, kind, i) for offset, kind, i in named[sentence["sentence_id"]] if start <= offset < end]
        objects = {i for _, k, i in here if k == "object"}
        # an object is a setting when every mention of it here is ("flights to the station")
        named_as_more = {i for offset, k, i in here if k == "object" and not _SETTING.search(sentence["text"][:offset])}
        whole = start == 0 and end == len(sentence["text"])
        tokens = [t for t in doc if start <= t.idx < end]
        marked = lemmas(tokens)
        unit = Unit(
            id=ident, sentence_id=sentence["sentence_id"],
            text=sentence["text"] if whole else sentence["text"][start:end].strip(" ;,").removeprefix("and "),
            status=sentence["status"], rule=sentence.get("status_rule"), section_id=sentence["section_id"],
            lemmas=self.content_list(marked), clauses=self.clauses(tokens, marked),
            objects=objects, partners={i for _, k, i in here if k == "partner"},
            title=set(titles.get(sentence["section_id"], ())), settings=objects - named_as_more,
        )
        unit.series = {self.series[o] for o in unit.objects if self.series.get(o)}
        return unit

    def tasks(self, text: str) -> list[tuple[int, int]]:
        """The spans of a sentence's clearly separate tasks: a semicolon list of infinitives ("To
        build ...; to set up ...; and to establish ..."), each part starting with "to" and a
        task verb (`task_verbs`). One span otherwise."""
        cuts = [c for c in _TASK.finditer(text) if c.group(1).lower() in self.card.task_verbs]
        if not cuts:
            return [(0, len(text))]
        starts = [0, *(c.start(1) - 3 for c in cuts)]
        ends = [*(c.start() for c in cuts), len(text)]
        return list(zip(starts, ends))

    def clauses(self, tokens: list, marked: list[str]) -> list[set[str]]:
        """The content lemmas of each stretch between commas, semicolons and dashes (three or more),
        from the tokens and their `lemmas`."""
        out, here = [], []
        for token, lemma in [*zip(tokens, marked), (None, "")]:
            if token is None or token.text in (",", ";", ":", "-", "–", "—"):
                words = set(self.content_list(here))
                if len(words) >= 3:
                    out.append(words)
                here = []
            else:
                here.append(lemma)
        return out

    def content_list(self, words: Iterable[str]) -> list[str]:
        """Content lemmas, synonyms folded (not for a compound's part, marked "-" by `lemmas`),
        then reduced to a stem ("training" ~ "train")."""
        out = []
        for lemma in words:
            part = lemma.startswith("-")
            word = lemma.lower().strip(".,;:()\"'“”‘’-")
            if len(word) > 1 and word not in self.words.stop_words and word not in self.card.framing \
                    and word not in self.card.quantities and not _NUMBER.fullmatch(word):
                out.append(stem(word if part else self.canonical.get(word, word)))
        return out

    def content(self, words: Iterable[str]) -> set[str]:
        return set(self.content_list(words))


def lemmas(tokens: list) -> list[str]:
    """The tokens' lemmas, a part of a hyphenated compound marked with a leading "-": it keeps its
    own word, no synonym ("man-made" is no crew, "heavy-lift" no launch)."""
    infix = {k for k in range(1, len(tokens))
             if tokens[k].text == "-" and not tokens[k].whitespace_ and not tokens[k - 1].whitespace_}
    return [f"-{t.lemma_}" if t.text != "-" and ({n - 1, n + 1} & infix) else t.lemma_
            for n, t in enumerate(tokens)]


def _distinct(parts: list[Unit]) -> list[Unit]:
    """The tasks of one plan, each matched mostly by what sets it apart: a lemma another task
    shares is the plan's common topic ("near-earth object" in "study a near-earth object defense
    system, and increase near-earth object monitoring"); at full weight it finds the same report
    for every task, left out it lets a task match a sentence on another topic ("TT&C network")."""
    words = [set(part.lemmas) for part in parts]
    for n, part in enumerate(parts):
        part.common = frozenset(words[n] & set().union(*(w for k, w in enumerate(words) if k != n)))
    return parts


def verb_phrases(text: str, start: int, end: int, card: ScorecardRules) -> list[tuple[int, int]]:
    """The coordinated verb phrases of a plan's span ("expand ..., send ..., and speed up ..."):
    a comma, "and" and a task verb (or its -ing form), and the task verbs opening the list's
    earlier members; parts under `_MIN_TASK_WORDS` words stay with their neighbour."""
    ands = [c for c in _AND_TASK.finditer(text, start, end) if _task_verb(c.group(1), c.group(2), True, card)]
    if not ands:
        return [(start, end)]
    listed = [c for c in _LIST_TASK.finditer(text, start, ands[-1].start())
              if _task_verb(c.group(1), c.group(2), False, card)]
    spans, here = [], start
    for cut, following in sorted((c.start(), c.start(1)) for c in (*ands, *listed)):
        if len(text[here:cut].split()) >= _MIN_TASK_WORDS and len(text[following:end].split()) >= _MIN_TASK_WORDS:
            spans.append((here, cut))
            here = following
    return [*spans, (here, end)]


def _task_verb(word: str, after: str, gerund: bool, card: ScorecardRules) -> bool:
    """Whether the word opening a coordinated phrase is a task verb ("build", or "building"
    after "and"), not the noun it can also be ("launch vehicles", "test results")."""
    word, after = word.lower(), after.lower()
    if after in card.task_not_before:
        return False
    if word in card.task_verbs:
        return True
    return gerund and word.endswith("ing") and any(
        base in card.task_verbs for base in (word[:-3], word[:-3] + "e", word[:-4]))


_SUFFIXES = ("izations", "ization", "ations", "ation", "ements", "ement", "ments", "ment", "itions", "ition",
             "ings", "ing", "ities", "ity", "ness", "ives", "ive", "izes", "ize", "ises", "ise", "ates", "ate",
             "ions", "ion", "ers", "er", "ed", "al", "ic", "es", "s", "e")


@lru_cache(maxsize=None)
def stem(word: str) -> str:
    """A light suffix stripper, the same for both editions: derived forms of one word meet
    ("cooperation" ~ "cooperate", "monitoring" ~ "monitor"); not a linguistic stem."""
    if "-" in word or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _titles(section: dict, sections: dict[str, dict]) -> str:
    """A section's title and its parent's: what the passage is about."""
    parent = sections.get(section.get("parent_id") or "", {})
    return f"{section.get('title', '')} {parent.get('title', '')}"


def _related(plan: Unit, unit: Unit) -> float:
    """How alike the two sentences' section titles are (Jaccard of their lemmas)."""
    if not plan.title or not unit.title:
        return 0.0
    return len(plan.title & unit.title) / len(plan.title | unit.title)


def _rank(status: str) -> int:
    return {"achieved": 0, "planned": 1, "neutral": 2}.get(status, 3)


@dataclass(frozen=True)
class Candidate:
    unit: Unit
    score: float
    mismatch: bool  # names other objects of the same series
    words: float  # how much of the plan's wording it has (`words_match` of the whole plan): a restatement is near 1


@dataclass(frozen=True)
class _Weighted:
    weights: dict[str, float]  # lemma -> its weight (rarity, times `common` for a shared one)
    total: float
    rarest: tuple[str, ...]  # the three heaviest


def _weighted(weights: dict[str, float]) -> _Weighted:
    return _Weighted(weights, sum(weights.values()), tuple(sorted(weights, key=lambda l: (-weights[l], l))[:3]))


class Matcher:
    """Scores NEW sentences against a plan (see the module docstring)."""

    def __init__(self, old: Edition, new: Edition, card: ScorecardRules) -> None:
        self.old, self.new, self.card = old, new, card
        documents = len(old.units) + len(new.units)
        frequency: dict[str, int] = defaultdict(int)
        for unit in (*old.units, *new.units):
            for lemma in set(unit.lemmas):
                frequency[lemma] += 1
        self.idf = {lemma: math.log((documents + 1) / (n + 1)) + 1 for lemma, n in frequency.items()}
        self.singleton = math.log((documents + 1) / 2) + 1  # the weight of a lemma found in one sentence only
        self._weighted: dict[str, list[_Weighted]] = {}  # plan unit id -> its lemmas weighted
        self._words: dict[str, tuple[frozenset[str], float]] = {}  # NEW unit id -> its lemmas, their rarity

    def weighted(self, plan: Unit) -> list[_Weighted]:
        """The plan's lemmas by weight, whole and (when it has several) per clause: computed once
        per plan, then matched against every candidate."""
        found = self._weighted.get(plan.id)
        if found is None:
            factor = self.card.match.common
            weight = {l: self.idf.get(l, 1.0) * (factor if l in plan.common else 1.0) for l in plan.lemmas}
            groups = [set(plan.lemmas), *(plan.clauses if len(plan.clauses) > 1 else ())]
            found = self._weighted[plan.id] = [_weighted({l: weight[l] for l in group}) for group in groups]
        return found

    @staticmethod
    def words_match(plan: _Weighted, words: set[str]) -> float:
        """The rarity-weighted share of the plan's lemmas in the candidate, with (about a third of
        the weight) the share of the plan's three rarest lemmas it has; a task's lemmas that its
        sibling tasks share count `common` as much."""
        if not plan.total:
            return 0.0
        shared = sum(w for l, w in plan.weights.items() if l in words)
        return 0.65 * shared / plan.total + 0.35 * sum(1 for l in plan.rarest if l in words) / len(plan.rarest)

    def coverage(self, plan: Unit, units: list[Unit]) -> float:
        """The rarity-weighted share of a plan's lemmas that these NEW sentences have between them."""
        words = set().union(*(set(u.lemmas) for u in units)) if units else set()
        plan_words = set(plan.lemmas)
        total = sum(self.idf.get(l, 1.0) for l in plan_words)
        return sum(self.idf.get(l, 1.0) for l in plan_words & words) / total if total else 0.0

    def candidates(self, plan: Unit, objects: set[str]) -> list[Candidate]:
        """The best NEW sentences for a plan, best first."""
        m = self.card.match
        shared: dict[int, float] = defaultdict(float)  # NEW sentence -> rarity of the plan's words it has
        keys = sorted(set(plan.lemmas), key=lambda l: (-self.idf.get(l, 1.0), l))[:12] + [f"#{o}" for o in sorted(objects)]
        for key in keys:
            postings = self.new.postings.get(key, [])
            if len(postings) <= m.max_postings:
                weight = _OBJECT_WEIGHT if key.startswith("#") else self.idf.get(key, 1.0)
                for i in postings:
                    shared[i] += weight
        # every lookup above is bounded, and so is this: the work per plan does not grow with NEW
        reach = sorted(shared, key=lambda i: (-shared[i], i))[: m.max_reach]
        scored = [self.score(plan, objects, self.new.units[i]) for i in sorted(reach)]
        scored.sort(key=lambda c: (-c.score, c.unit.id))
        return scored[: self.card.match.candidates]

    def features(self, plan: Unit, objects: set[str], unit: Unit) -> dict[str, float]:
        """What the NEW sentence shares with the plan, each in [0, 1] (the model's inputs)."""
        whole, *clauses = self.weighted(plan)
        words, mass = self.words_of(unit)
        shared = sum(w for l, w in whole.weights.items() if l in words)
        verb_object = _verb_object(plan.lemmas)
        return {
            "shared": shared / whole.total if whole.total else 0.0,
            "rarest": sum(1 for l in whole.rarest if l in words) / len(whole.rarest) if whole.rarest else 0.0,
            "clause": max((self.words_match(c, words) for c in clauses), default=self.words_match(whole, words)),
            "precision": sum(self.idf.get(l, 1.0) for l in whole.weights if l in words) / mass if mass else 0.0,
            "matched": min(shared / (self.singleton * self.card.model.matched_full), 1.0),
            "objects": len(objects & unit.objects) / len(objects) if objects else 0.0,
            "has_objects": 1.0 if objects else 0.0,
            "partners": len(plan.partners & unit.partners) / len(plan.partners) if plan.partners else 0.0,
            "section": _related(plan, unit),
            "verb_object": 1.0 if verb_object and set(verb_object) <= words else 0.0,
        }

    def score(self, plan: Unit, objects: set[str], unit: Unit) -> Candidate:
        """The model's probability that the NEW sentence is the evidence for the plan, lowered
        when it names another object of the plan's series."""
        found = self.features(plan, objects, unit)
        model = self.card.model
        z = model.bias + sum(weight * found[name] for name, weight in model.weights)
        mismatch = bool(objects and unit.objects and not objects & unit.objects and self._other_member(objects, unit))
        p = 1.0 / (1.0 + math.exp(-z)) * (self.card.match.mismatch if mismatch else 1.0)
        words = self.words_match(self.weighted(plan)[0], self.words_of(unit)[0])
        return Candidate(unit, round(p, 4), mismatch, round(words, 4))

    def words_of(self, unit: Unit) -> tuple[frozenset[str], float]:
        """A NEW sentence's lemmas and their summed rarity: computed once, scored against many plans."""
        found = self._words.get(unit.id)
        if found is None:
            words = frozenset(unit.lemmas)
            found = self._words[unit.id] = (words, sum(self.idf.get(l, 1.0) for l in words))
        return found

    def _other_member(self, objects: set[str], unit: Unit) -> bool:
        """Whether the NEW sentence names another member of a series one of the plan's objects
        belongs to (Chang'e-7 for a plan of Chang'e-6). A plan naming the series as a whole ("the
        China-Brazil Earth Resources Satellites program") is not about another member of it
        when NEW names its next satellite (CBERS-06): that is no mismatch (nor a match by id)."""
        members_of = {self.old.series.get(o) for o in objects if self.old.series.get(o) not in (None, o)}
        return bool(members_of & unit.series)


def _verb_object(lemmas: list[str]) -> tuple[str, str] | None:
    """The plan's verb and the content word after it ("launch", "probe"), skipping modals."""
    words = [l for l in lemmas if l not in _MODALS]
    return (words[0], words[1]) if len(words) >= 2 else None


@dataclass
class Judged:
    outcome: str
    confidence: str
    score: float
    reason: str
    evidence: Unit | None = None
    best: Candidate | None = None


class Scorecard:
    """Builds the plan rows of OLD -> NEW."""

    def __init__(self, old: Folder, new: Folder, rules: Rules, extractors: list[Extractor], nlp: Language) -> None:
        self.card = rules.get(ScorecardRules)
        self.old = Edition(old, nlp, rules, extractors, split=True)
        self.new = Edition(new, nlp, rules, extractors, split=False)
        self.matcher = Matcher(self.old, self.new, self.card)
        self.cancelled = _words(self.card.cancelled)
        self.in_progress = _words(self.card.in_progress)
        efforts, going_on = _words(self.card.efforts).pattern, _words(self.card.going_on).pattern
        # the effort, then (in its clause) that it goes on; or going on with the effort, a few words on
        self.continuing = re.compile(rf"{efforts}[^,;:]{{0,80}}?{going_on}|{going_on}(?:\s+[\w-]+){{0,2}}?\s+{efforts}")
        self.ongoing = _words(self.card.ongoing)
        self.readings: dict[str, str] = {}  # NEW unit id -> what it says (`said`), read once
        self.under_way = {r.id for r in rules.get(StatusRules).triggers if r.category == "DEVELOPMENT"}

    # ---- what NEW says of one candidate -----------------------------------------------------
    def reading(self, unit: Unit, plan: Unit) -> str:
        """What a NEW sentence says of what the plan speaks of: fulfilled, in_progress, carried_over
        or dropped. Work reported going on is under way, unless going on with it was the plan
        ("press ahead with the construction of ..."): then it is what was promised."""
        found = self.said(unit)
        if found == "going_on":
            return "fulfilled" if self.continuing.search(plan.text.lower()) else "in_progress"
        return found

    def said(self, unit: Unit) -> str:
        """What a NEW sentence says, whatever the plan (`reading` settles "going_on"): read once."""
        found = self.readings.get(unit.id)
        if found is None:
            found = self.readings[unit.id] = self._read(unit)
        return found

    def reports_done(self, candidates: list[Candidate], plan: Unit) -> bool:
        """Whether one of these NEW sentences reports the thing done, strongly enough (`done`)."""
        return any(self.reading(c.unit, plan) == "fulfilled" and c.score >= self.card.match.done for c in candidates)

    def _read(self, unit: Unit) -> str:
        text = unit.text.lower()
        if self.cancelled.search(text):
            return "dropped"
        if unit.status == "achieved":
            return "in_progress" if self.in_progress.search(text) else "going_on" if self.continuing.search(text) \
                else "fulfilled"
        if unit.status == "planned":  # work under way (a DEVELOPMENT trigger decided it), or planned again
            return "in_progress" if unit.rule in self.under_way else "carried_over"
        # a sentence with no status of its own that says work is under way ("The Long March carrier
        # rockets are being upgraded towards non-toxic ... launch"): in progress, not planned again
        return "in_progress" if self.in_progress.search(text) else "carried_over"

    def confidence(self, score: float) -> str:
        m = self.card.match
        return "high" if score >= m.high else "medium" if score >= m.medium else "low"

    def absent(self, best: Candidate | None, reason: str) -> Judged:
        """not_mentioned, the surer the further below the threshold the best candidate is; that
        candidate is still shown, for review."""
        m = self.card.match
        score = best.score if best else 0.0
        sure = "high" if score < m.absent_high else "medium" if score < m.absent_medium else "low"
        return Judged("not_mentioned", sure, score, reason, None, best)

    def judge_text(self, plan: Unit, objects: set[str]) -> Judged:
        """A plan's outcome from the NEW sentences that speak of it."""
        found = self.matcher.candidates(plan, objects)
        m = self.card.match
        best = found[0] if found else None
        if best is None or best.score < m.threshold:
            return self.absent(best, "no sentence of NEW speaks of it")
        close = [c for c in found if c.score >= max(m.threshold, best.score * m.near) and not c.mismatch]
        if self.reading(best.unit, plan) == "dropped" and not best.mismatch:  # only when NEW says so of this plan
            return Judged("dropped", self.confidence(best.score), best.score,
                          f"NEW {_says('dropped')} it ({best.unit.id})", best.unit, best)
        first = self.reading(best.unit, plan)
        keeps_up = bool(self.ongoing.search(plan.text.lower()))  # planned again, it is still going on
        if first == "carried_over" and best.words >= m.same and not (keeps_up and self.reports_done(close, plan)):
            # NEW repeats the plan: still a plan
            return Judged("carried_over", "high", best.score, f"NEW repeats the plan ({best.unit.id})", best.unit, best)
        if first == "in_progress":  # NEW's closest word on it is that work is under way: a report of
            # something done that matches it less well does not outweigh that
            return Judged("in_progress", self.confidence(best.score), best.score,
                          f"NEW {_says('in_progress')} it ({best.unit.id})", best.unit, best)
        done = [c for c in close if self.reading(c.unit, plan) == "fulfilled"]
        if first == "carried_over":  # a report of it done must be strong to outweigh a plan restated
            done = [c for c in done if c.score >= m.done]
        # it is reported done when its best report of it done reaches `done`; a weaker one is no
        # report of it (nor a sign of progress), though beside a strong one it adds to what is covered
        if not done or done[0].score < m.done:
            hit = next((c for c in close if self.reading(c.unit, plan) == "in_progress"), None) or next(
                (c for c in close if self.reading(c.unit, plan) == "carried_over"), None)
            if hit is None:
                return self.absent(best, f"no sentence of NEW speaks of it; the nearest ({best.unit.id}, score "
                                         f"{best.score:.2f}) is too weak a report of it to count")
            outcome = self.reading(hit.unit, plan)
            return Judged(outcome, self.confidence(hit.score), hit.score,
                          f"NEW {_says(outcome)} it ({hit.unit.id})", hit.unit, best)
        hit = done[0]
        covered = self.matcher.coverage(plan, [c.unit for c in done])
        holding = ("in_progress",) if keeps_up else ("in_progress", "carried_over")
        rest = [c for c in close if self.reading(c.unit, plan) in holding]
        left = self.matcher.coverage(plan, [c.unit for c in done + rest]) - covered
        if covered < m.full_cover or (rest and left >= m.partial):
            why = (f"NEW reports part of it done ({hit.unit.id}; {covered:.0%} of its words)"
                   + (f", the rest under way or planned again ({rest[0].unit.id})" if rest and left >= m.partial else ""))
            return Judged("in_progress", self.confidence(hit.score), hit.score, why, hit.unit, best)
        pending = self.pending_part(plan)
        if pending is not None:
            part, said = pending
            return Judged("in_progress", self.confidence(hit.score), hit.score,
                          f"NEW reports it done ({hit.unit.id}) but {_says(self.reading(said.unit, part))} "
                          f"\"{part.text}\" ({said.unit.id})", hit.unit, best)
        return Judged("fulfilled", self.confidence(hit.score), hit.score,
                      f"NEW reports it done ({hit.unit.id}; {covered:.0%} of its words)", hit.unit, best)

    def pending_part(self, plan: Unit) -> tuple[Unit, Candidate] | None:
        """A task of a plan that lists several which NEW speaks of only as under way or planned
        again (its best match scoring `done` or more: weaker contrary evidence is none, as a weaker
        report of it done would be), with no report of it done as strong as `done` asks and with
        `task_done` of the wording of its best match (a report of a sibling task done that shares
        the topic is not one of it): the plan is then only in progress. A task with fewer than
        `task_own` lemmas its sibling tasks lack is the plan's common topic, not a task to judge apart."""
        m = self.card.match
        for part in plan.parts:
            if len(set(part.lemmas) - part.common) < m.task_own:  # next to nothing of its own to be judged by
                continue
            found = [c for c in self.matcher.candidates(part, part.objects) if not c.mismatch]
            if not found or found[0].score < m.done or self.reading(found[0].unit, part) == "fulfilled":
                continue
            if self.reading(found[0].unit, part) == "carried_over" and self.ongoing.search(part.text.lower()):
                continue  # an activity kept up, planned again: still going on
            # a report of it done counts only with a fair share of the wording of the task's best match
            said = [c for c in found if c.words >= found[0].words * m.task_done]
            if not self.reports_done(said, part):
                return part, found[0]
        return None

    def judge_object(self, key: str) -> Judged | None:
        """An object's outcome from its NEW row, when NEW names it; a generation NEW does not name
        ("the Fengyun-4 series"), from the units of it NEW names (Fengyun-4A, Fengyun-4B)."""
        row = self.new.rows["object"].get(key)
        if row is None:
            return self.judge_units(key)
        unit = self.new.by_id.get(row.get("evidence_sentence_id"))
        if row["status"] != "achieved" and unit is not None and self.said(unit) == "dropped":
            # the sentence that decides its status says it (or the plan for it) was given up
            return Judged("dropped", "high", 1.0, f"NEW {_says('dropped')} it ({unit.id})", unit)
        if row["status"] == "achieved":
            outcome = "fulfilled"
        elif row.get("stage") == "in_development":
            outcome = "in_progress"
        elif row["status"] == "planned":
            outcome = "carried_over"
        else:
            return Judged("carried_over", "low", 0.5, "NEW names it, neither done nor planned", unit)
        return Judged(outcome, "high", 1.0, f"NEW reports the object {row['status']}"
                      + (f" ({row['stage']})" if row.get("stage") else ""), unit)

    def judge_units(self, key: str) -> Judged | None:
        """A generation's outcome from the NEW rows of its units, the furthest on deciding: one
        unit launched is the generation flying (a plan of the series, not of every unit)."""
        pattern, series = self.old.unit_names.get(key), self.old.series.get(key)
        if pattern is None or series is None:  # no series, no generation: CFOSAT-2 is CFOSAT's successor
            return None
        # each is a NEW row, so judge_object judges it from that row (it never comes back here)
        units = [self.judge_object(i) for i, row in sorted(self.new.rows["object"].items())
                 if i.startswith(key) and pattern.fullmatch(i[len(key):]) and row.get("series") == series]
        if not units:
            return None
        order = ("fulfilled", "in_progress", "carried_over", "dropped")
        best = min(units, key=lambda u: order.index(u.outcome))
        if best.outcome == "fulfilled" and best.evidence is not None and self.said(best.evidence) == "in_progress":
            # "The relay satellite system is being upgraded with the launch of Tianlian-2 01"
            return Judged("in_progress", "medium", best.score, f"NEW reports a unit of it launched while work on it "
                          f"is under way ({best.evidence.id})", best.evidence)
        return Judged(best.outcome, "medium", best.score, f"NEW names units of it: {best.reason}", best.evidence)

    # ---- the plans ---------------------------------------------------------------------------
    def plans(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        sentence_plans: dict[str, list[Unit]] = defaultdict(list)
        for unit in self.old.units:
            if unit.status == "planned" and len(set(unit.lemmas)) >= self.card.match.min_words:
                sentence_plans[unit.sentence_id].append(unit)
        planned = {kind: {k: r for k, r in by_key.items() if r["status"] == "planned"}
                   for kind, by_key in self.old.rows.items()}
        object_fates: dict[str, Judged] = {}
        for key, row in sorted(planned.get("object", {}).items()):
            fate = self.judge_object(key)
            if fate is None:
                evidence = self.old.by_id.get(row.get("evidence_sentence_id"))
                fate = self.judge_text(evidence, set()) if evidence else Judged("not_mentioned", "medium", 0.0, "")
                fate.reason = "NEW does not name it; " + fate.reason
                if fate.outcome == "fulfilled":  # no fulfilment by wording alone
                    fate = Judged("in_progress", "low", fate.score, fate.reason + "; not named, so not counted done",
                                  fate.evidence, fate.best)
            object_fates[key] = fate
        tied: dict[str, str] = {}
        for units in sentence_plans.values():
            for unit in units:
                plan_objects = unit.objects & set(planned.get("object", {}))
                judged = self._sentence(unit, plan_objects, object_fates)
                rows.append(self._row("sentence", unit.id, unit.text, unit, judged, sorted(plan_objects), True, None))
                for obj in plan_objects:
                    tied.setdefault(obj, unit.id)
        for key, row in sorted(planned.get("object", {}).items()):
            old_unit = self.old.by_id.get(row.get("evidence_sentence_id"))
            plan_of = tied.get(key) or (old_unit.id if old_unit and old_unit.sentence_id in sentence_plans else None)
            rows.append(self._row("object", key, row["name"], old_unit, object_fates[key], [key], plan_of is None, plan_of))
        for kind in ("partner", "link"):
            for key, row in sorted(planned.get(kind, {}).items()):
                sentence_id = row.get("evidence_sentence_id") or row.get("sentence_id")
                old_unit = self.old.by_id.get(sentence_id)
                plan_of = sentence_id if sentence_id in sentence_plans else None
                judged = self._keyed(kind, key, old_unit)
                label = row.get("name") or key
                rows.append(self._row(kind, key, label, old_unit, judged, [row["entity_id"]] if kind == "link" else [],
                                      plan_of is None, plan_of))
        return rows

    def _sentence(self, unit: Unit, objects: set[str], fates: dict[str, Judged]) -> Judged:
        """A planned sentence: its planned objects' fates (members, not whole series nor settings), and the NEW
        sentences that speak of it."""
        text = self.judge_text(unit, unit.objects)
        # a whole series is "done" once any member flew: that says nothing of what the plan asks of
        # it ("Tianzhou cargo spacecraft will carry supplies, and crews will stay six months"), so
        # only named members decide; the series still finds the plan's evidence
        # nor does an object the plan names only as a setting: the station built is not the foreign
        # astronauts' flights to it
        series = sorted(o for o in objects if self.old.series.get(o) == o)
        settings = sorted(o for o in objects.difference(series) if o in unit.settings)
        objects = objects.difference(series, settings)
        for aside, what in ((series, "its series"), (settings, "where it is done")):
            if aside and text.outcome != "dropped":
                text.reason += f" ({what}, which do not decide it: " + "; ".join(
                    f"{o}: {fates[o].outcome}" for o in aside) + ")"
        if not objects or text.outcome == "dropped":  # NEW says the plan itself was given up
            return text
        done = sorted(o for o in objects if fates[o].outcome == "fulfilled")
        moving = sorted(o for o in objects if fates[o].outcome in ("fulfilled", "in_progress"))
        told = "; ".join(f"{o}: {fates[o].outcome}" for o in sorted(objects))
        if len(done) == len(objects):
            evidence = fates[done[0]].evidence or text.evidence
            return Judged("fulfilled", "high", max(text.score, 0.9), f"its objects are reported done ({told})",
                          evidence, text.best)
        if moving:
            evidence = fates[moving[0]].evidence or text.evidence
            return Judged("in_progress", "high", max(text.score, 0.7),
                          f"{len(done)} of {len(objects)} of its objects reported done ({told})", evidence, text.best)
        if text.outcome == "fulfilled":  # the words match a report of something done, its objects are not
            return Judged("in_progress", "low", text.score, text.reason + f"; but its objects are not done ({told})",
                          text.evidence, text.best)
        text.reason += f" ({told})"
        return text

    def _keyed(self, kind: str, key: str, old_unit: Unit | None) -> Judged:
        row = self.new.rows.get(kind, {}).get(key)
        if row is not None:
            unit = self.new.by_id.get(row.get("evidence_sentence_id") or row.get("sentence_id"))
            outcome = {"achieved": "fulfilled", "planned": "carried_over"}.get(row["status"], "carried_over")
            return Judged(outcome, "high" if row["status"] != "neutral" else "low", 1.0,
                          f"NEW reports the {kind} {row['status']}", unit)
        if old_unit is None:
            return Judged("not_mentioned", "medium", 0.0, f"NEW does not name the {kind}")
        judged = self.judge_text(old_unit, set())
        judged.reason = f"NEW does not name the {kind}; " + judged.reason
        return judged

    def _row(self, kind: str, key: str, name: str, old: Unit | None, judged: Judged, objects: list[str],
             counted: bool, plan_of: str | None) -> dict[str, Any]:
        evidence, best = judged.evidence, judged.best
        return {
            "plan_id": f"{kind}:{key}", "kind": kind, "key": key, "name": name, "counted": counted,
            "plan_of": f"sentence:{plan_of}" if plan_of else None, "objects": objects,
            "section_id": old.section_id if old else None, "old_status": "planned",
            "old_evidence_id": old.sentence_id if old else None, "old_evidence": old.text if old else None,
            "outcome": judged.outcome, "confidence": judged.confidence, "score": float(judged.score),
            "reason": judged.reason, "new_status": evidence.status if evidence else None,
            "new_evidence_id": evidence.sentence_id if evidence else None,
            "new_evidence": evidence.text if evidence else None,
            "candidate_id": best.unit.sentence_id if best else None,
            "candidate": best.unit.text if best else None,
            "candidate_score": float(best.score) if best else None,
        }


def _words(phrases: Iterable[str]) -> re.Pattern[str]:
    """One pattern for a list of phrases, each matched as whole words ("initial", not "initially")."""
    longest_first = sorted(phrases, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p.lower()) for p in longest_first) + r")\b")


def _says(outcome: str) -> str:
    return {"fulfilled": "reports", "in_progress": "reports work under way on", "carried_over": "plans again",
            "dropped": "reports abandoning"}[outcome]


def plans(old: Folder, new: Folder, rules: Rules, extractors: list[Extractor], nlp: Language | None = None) -> list[dict]:
    """Every plan of OLD with its outcome in NEW, in OLD's document order within each kind."""
    return Scorecard(old, new, rules, extractors, nlp or lemmatizer()).plans()
