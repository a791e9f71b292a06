"""Counts: every "how many / how much" an edition states, as a typed row.

`whitepaper_count_candidates` (a spaCy component) marks numbers with a Matcher built from
`patterns/counts.toml`: digits, number words with scales ("seven million"), vague amounts
("tens of thousands"), units glued or apart ("50Gbps", "1,731 g") and qualifiers ("over",
"almost"). `extract_counts` then drops what is not a count (years, dates, numbers inside
names, list numbers, time spans such as "the next five years") and reads, for each count:

- `counted`: the words after the number (after its unit and an "of"), up to a stop word,
  punctuation or the next number: "207 launch missions were" -> "launch missions". With no
  words there, a count after "exceeded" takes the phrase before the verb ("The total launch
  attempts exceeded 400"), and any other takes the previous count's phrase in the sentence
  ("207 launch missions ..., including 183 by ..."). A compound takes its noun
  ("30-satellite" -> "satellite"). No parser is used, so a counted phrase can run long
  ("space cooperation agreements or memoranda of understanding") or stop early at a stop word.
- `subject`: the object named right after "by" or right after a compound count, or the one
  that opens the sentence ("The BeiDou ... has guaranteed ... over seven million ...").
- the period: "From 2016 to December 2021" / "Since 2016" in the sentence, else in an earlier
  sentence of the same section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from ...phrases import phrases
from .numbers import parse_number
from .rules import CountRules

CANDIDATES_KEY = "count_candidates"
_DIGIT_REGEX = r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$"
_SINCE = re.compile(r"\b[Ss]ince ((?:19|20)\d\d)\b")


class CountCandidates:
    """Marks numbers (label NUMBER) and qualifier phrases (label = qualifier)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.matcher = Matcher(nlp.vocab, validate=True)
        self.qualifiers = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.gate: re.Pattern[str] | None = None

    def add(self, rules: CountRules) -> None:
        words = sorted(rules.numbers.words)
        scales = sorted(rules.numbers.scales)
        glued = "|".join(re.escape(u) for u in sorted(rules.units, key=len, reverse=True) if " " not in u)
        scale = {"LOWER": {"IN": scales}, "OP": "?"}
        # LIKE_NUM is a cached lexeme flag, so most tokens are rejected before the regex.
        digits = {"LIKE_NUM": True, "TEXT": {"REGEX": _DIGIT_REGEX}}
        self.matcher.add("NUMBER", [
            [digits, scale],
            [{"LOWER": {"IN": words}}, scale],
            [{"LOWER": {"IN": words}}, {"ORTH": "-"}, {"LOWER": {"IN": words}}, scale],
            [{"LOWER": {"IN": sorted(rules.numbers.vague)}}, {"LOWER": "of"}, {"LOWER": {"IN": [s + "s" for s in scales]}}],
            [{"LOWER": {"IN": sorted(rules.numbers.vague)}}, {"LOWER": "of"}],
            [{"LOWER": {"IN": sorted(rules.numbers.indefinite)}}, {"LOWER": {"IN": scales}}],
            *self._fraction_patterns(rules),
            [{"TEXT": {"REGEX": rf"^\d[\d,.]*(?:{glued})$"}}],
        ], greedy="LONGEST")
        self.matcher.add("SCALE", [[{"LOWER": {"IN": scales}}]])
        # Every pattern above needs a digit or one of these words; the Matcher calls its
        # Python predicates at every token of a text, and most paragraphs hold no count, so a
        # text with none of them is not matched at all (a test holds the two ways equal).
        numbers = rules.numbers
        anchors = {*words, *scales, *numbers.vague, *numbers.indefinite, *numbers.durations, "half",
                   *numbers.fractions, *(f + "s" for f in numbers.fractions)}
        alternatives = "|".join(re.escape(a) for a in sorted(anchors, key=lambda a: (-len(a), a)))
        self.gate = re.compile(rf"\d|(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])", re.IGNORECASE)
        for phrase, qualifier in rules.qualifiers.items():
            self.qualifiers.add(f"QUAL|{qualifier}", [phrases(self.nlp).lower(phrase)])

    @staticmethod
    def _fraction_patterns(rules: CountRules) -> list[list[dict]]:
        """ "half of", "one third of", "two-thirds of", "half a century", "a quarter of a century"."""
        numbers = rules.numbers
        parts = sorted({*numbers.fractions, *(f + "s" for f in numbers.fractions)})
        numerators = {"LOWER": {"IN": ["a", "one", *sorted(numbers.words)]}}
        durations = {"LOWER": {"IN": sorted(numbers.durations)}}
        fraction = [numerators, {"ORTH": "-", "OP": "?"}, {"LOWER": {"IN": parts}}]
        number = {"LOWER": {"IN": sorted(numbers.words)}}
        return [
            [number, durations], [{"TEXT": {"REGEX": r"^\d{1,3}$"}}, durations],  # "four decades", "40 decades"
            [{"LOWER": "half"}, {"LOWER": "of"}], [*fraction, {"LOWER": "of"}],
            [{"LOWER": "half"}, {"LOWER": "a"}, durations], [*fraction, {"LOWER": "of"}, {"LOWER": "a"}, durations],
        ]

    def __call__(self, doc: Doc) -> Doc:
        counted = self.gate is None or self.gate.search(doc.text) is not None
        matches = [*(self.matcher(doc) if counted else ()), *self.qualifiers(doc)]
        spans = [Span(doc, s, e, label=doc.vocab.strings[m]) for m, s, e in matches]
        doc.spans[CANDIDATES_KEY] = sorted(spans, key=lambda s: (s.start, -s.end))
        return doc


@Language.factory("whitepaper_count_candidates", assigns=["doc.spans"])
def make_count_candidates(nlp: Language, name: str) -> CountCandidates:
    return CountCandidates(nlp)


@dataclass(frozen=True)
class Count:
    start: int  # character offsets in the segment text, qualifier included
    end: int
    text: str
    value: float
    qualifier: str
    unit: str | None
    counted: str | None
    subject: str | None
    period_text: str | None
    period_start: str | None
    period_end: str | None

    def to_row(self) -> dict[str, object]:
        return {"value": self.value, "text": self.text, "qualifier": self.qualifier, "unit": self.unit,
                "counted": self.counted, "subject": self.subject, "period_text": self.period_text,
                "period_start": self.period_start, "period_end": self.period_end,
                "start": self.start, "end": self.end}


def sentence_period(text: str, rules: CountRules) -> tuple[str, str, str | None] | None:
    """(text, start, end) of a "From 2016 to December 2021" or "Since 2016" phrase."""
    months = "|".join(m.capitalize() for m in rules.months)
    if match := re.search(rf"\b[Ff]rom ((?:19|20)\d\d) to (?:({months}) )?((?:19|20)\d\d)", text):
        month = f"-{rules.months.index(match[2].lower()) + 1:02d}" if match[2] else ""
        return match[0], match[1], match[3] + month
    if match := _SINCE.search(text):
        return match[0], match[1], None
    return None


def extract_counts(sent: Span, rules: CountRules, names: list[Span], period: tuple | None,
                   candidates: list[Span] | None = None) -> list[Count]:
    """The counts of one sentence, in order. `names` are entity and partner spans (those that
    overlap the sentence are enough); `candidates` the doc's count candidates that start in it
    (default: found in the doc's span group)."""
    doc = sent.doc
    if candidates is None:
        candidates = [s for s in doc.spans[CANDIDATES_KEY] if sent.start <= s.start < sent.end]
    qualifiers = {s.end: s for s in candidates if s.label_.startswith("QUAL|")}
    numbers = [s for s in candidates if s.label_ == "NUMBER"]
    numbers += [s for s in candidates if s.label_ == "SCALE" and s.start in qualifiers
                and not any(n.start <= s.start < n.end for n in numbers)]
    counts: list[Count] = []
    for number in sorted(numbers, key=lambda s: s.start):
        if _excluded(number, rules, names):
            continue
        value = _value(number, rules)
        if value is None:
            continue
        qualifier_span = qualifiers.get(number.start)
        if qualifier_span is not None and qualifier_span.text.lower() in rules.adjectives and \
                qualifier_span.start > 0 and doc[qualifier_span.start - 1].lower_ in rules.determiners:
            qualifier_span = None  # "the above two documents"
        qualifier = qualifier_span.label_.split("|")[1] if qualifier_span else "exact"
        if (number[0].lower_ in rules.numbers.vague or number[0].lower_ in rules.numbers.indefinite) \
                and qualifier == "exact":
            qualifier = "at_least"
        unit, after = _unit(number, rules)
        compound = after + 1 < sent.end and doc[after].text == "-" and doc[after + 1].is_lower
        counted = doc[after + 1].text if compound else _counted(doc, after, sent.end, rules, names)
        if counted is None and qualifier_span is not None and qualifier_span[0].lower_.startswith("exceed"):
            counted = _phrase_before(doc, qualifier_span.start, sent.start, rules)
        if counted is None and unit is None and counts:
            counted = counts[-1].counted
        first = qualifier_span.start if qualifier_span else number.start
        stated = doc[first:after if unit else number.end]  # qualifier, number and unit
        counts.append(Count(
            start=stated.start_char, end=stated.end_char, text=stated.text, value=value, qualifier=qualifier,
            unit=unit, counted=counted,
            subject=_subject(doc, sent, first, after, compound, names, rules),
            period_text=period[0] if period else None, period_start=period[1] if period else None,
            period_end=period[2] if period else None,
        ))
    return counts


def _value(number: Span, rules: CountRules) -> float | None:
    text = number.text
    if len(number) == 1 and (match := re.match(r"^(\d[\d,.]*)([A-Za-z%]+)$", text)):
        return parse_number([match[1]], rules.numbers)
    return parse_number([t.text for t in number], rules.numbers)


def _unit(number: Span, rules: CountRules) -> tuple[str | None, int]:
    """The unit of a count and the token index after the count and its unit."""
    doc = number.doc
    if number[-1].lower_ in rules.numbers.durations:
        return "years", number.end  # "half a century"
    if len(number) > 1 and number[-1].lower_ == "of" and any(rules.numbers.fraction(t.text) for t in number):
        return "fraction", number.end  # "two-thirds of"
    if len(number) == 1 and (match := re.match(r"^\d[\d,.]*([A-Za-z%]+)$", number.text)):
        return rules.units.get(match[1]), number.end
    for width in (2, 1):
        words = " ".join(t.text for t in doc[number.end:number.end + width])
        if number.end + width <= len(doc) and words in rules.units:
            return rules.units[words], number.end + width
    return None, number.end


def _excluded(number: Span, rules: CountRules, names: list[Span]) -> bool:
    """Years, dates, numbers inside names, list numbers and time spans are not counts."""
    doc = number.doc
    first = number[0]
    before = doc[first.i - 1] if first.i > 0 else None
    after = doc[number.end] if number.end < len(doc) else None
    if any(n.start <= first.i < n.end for n in names):
        return True  # "Long March-5", "Tiantong-1 02", "Chang'e 4"
    if len(number) == 1 and first.text.isdigit() and rules.year_range[0] <= int(first.text) <= rules.year_range[1]:
        return True  # a year
    if before is not None and before.lower_ in rules.months:
        return True
    if after is not None and after.lower_ in rules.months and first.text.isdigit() and int(first.text) <= 31:
        return True  # "27 December 2012": a day
    if number[-1].lower_ in rules.numbers.durations and before is not None and before.lower_ in rules.time_openers:
        return True  # "the past two decades": a time span
    if before is not None and before.text == "-" and first.i > 1 and doc[first.i - 2].is_alpha:
        return True  # "Covid-19": the number of a name
    if before is not None and before.is_title and before.is_alpha and before.lower_ not in rules.qualifiers \
            and not before.is_sent_start and first.text[:1].isdigit():
        return True  # "Group 20"
    if before is not None and after is not None and before.text == "(" and after.text == ")":
        return True  # list numbering
    if after is not None and after.lower_ in rules.time_units and before is not None and before.lower_ in rules.time_openers:
        return True  # "the next five years"
    if first.lower_ == "one" and after is not None and (
            after.lower_ in {"of", "another"} or (number.end + 1 < len(doc) and doc[number.end + 1].lower_ == "of")):
        return True  # "one of", "one field of high technology": not an amount
    if after is not None and after.text == "-" and number.end + 1 < len(doc) and doc[number.end + 1].is_title:
        return True  # "the 11th Five-Year Program": part of a name
    if first.is_sent_start and after is not None and after.text == "." and first.text.isdigit():
        return True  # "1. Man-made satellites." read as body text: a list number
    if after is not None and not number[-1].whitespace_ and after.is_alpha and after.text not in rules.units:
        return True  # "4K": a name glued to its number
    return False


def _counted(doc: Doc, i: int, end: int, rules: CountRules, names: list[Span]) -> str | None:
    """The words after a count up to a stop word, punctuation, a number or a qualifier."""
    if i < end and doc[i].lower_ == "of":
        i += 1
    if i < end and doc[i].lower_ in rules.determiners and i > 0 and doc[i - 1].lower_ == "of":
        i += 1  # "half of the launches" -> "launches"
    words: list[str] = []
    while i < end:
        token = doc[i]
        nxt = doc[i + 1] if i + 1 < end else None
        joined = nxt is not None and nxt.text == "-" and not token.whitespace_  # "on-duty"
        if token.is_punct and token.text != "-" or (token.lower_ in rules.stop and not joined):
            break
        if token.lower_ in rules.connectors and (
            nxt is None or nxt.like_num or nxt.lower_ in rules.qualifiers or nxt.lower_ in rules.stop
            or nxt.is_punct or (nxt.lower_.endswith("ing") and token.lower_ != "of")
        ):
            break  # "19 countries and [four ...]", "800 scenes and [adding ...]"
        if token.like_num and token.lower_ not in {"one"} and words:
            break
        words.append(token.text_with_ws)
        i += 1
    phrase = "".join(words).strip().replace(" - ", "-").replace(" -", "-").replace("- ", "-")
    return phrase or None


def _phrase_before(doc: Doc, i: int, start: int, rules: CountRules) -> str | None:
    """"The total launch attempts exceeded 400": the words before the verb, after "the"."""
    j = i
    while j > start and doc[j - 1].is_alpha and doc[j - 1].lower_ not in rules.determiners:
        j -= 1
    return doc[j:i].text or None


def _subject(doc: Doc, sent: Span, first: int, after: int, compound: bool, names: list[Span],
             rules: CountRules) -> str | None:
    """The object a count is about: after "by", after a compound, or opening the sentence."""
    here = [n for n in names if sent.start <= n.start < sent.end]
    if after < sent.end and doc[after].lower_ == "by":
        places = {after + 1, after + 2}  # "183 by (the) Long March ..."
    elif compound:
        places = {after + 2, after + 3}  # "the 30-satellite BeiDou ..."
    else:
        places = set()
    for n in here:
        if n.start in places:
            return n.id_
    opening = next((n for n in here if n.start < first), None)
    if opening is not None and not compound and all(t.lower_ in rules.determiners or t.is_punct for t in doc[sent.start:opening.start]):
        return opening.id_
    return None
