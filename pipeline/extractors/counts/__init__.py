"""Counts: every quantity statement of an edition as a typed row (`components.py` reads them,
`numbers.py` parses the numbers, `rules.py` holds `counts.toml`)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
from spacy.language import Language
from spacy.tokens import Span

from ...compare import change, content_words, similarity
from ...rules import Rules
from ...rules.compare import CompareRules
from ...schemas import EDITION, field
from .. import Context, Extractor, Output, ReportTable, register
from .components import CANDIDATES_KEY, extract_counts, sentence_period
from .rules import CountRules

SCHEMA = pa.schema([
    EDITION,
    field("count_id", pa.string(), "sentence_id@start"),
    field("value", pa.float64(), "the number: 1,731 -> 1731.0; seven million -> 7000000.0; tens of thousands -> 10000.0"),
    field("text", pa.string(), "as written, qualifier and unit included; segment text[start:end] == text"),
    field("qualifier", pa.string(), "exact, over (over / more than / exceeded), almost (almost / nearly), about, at_least, up_to"),
    field("unit", pa.string(), "g, km, Gbps, % ...; years for a duration (half a century = 50), fraction for a share (two-thirds of = 0.6666); null for a plain count", nullable=True),
    field("counted", pa.string(), 'what is counted, as written: "launch missions", "countries and regions"', nullable=True),
    field("subject", pa.string(), "entity id the count is about, when the sentence names one", nullable=True),
    field("period_text", pa.string(), '"From 2016 to December 2021", "Since 2016", in the sentence or earlier in its section', nullable=True),
    field("period_start", pa.string(), "year (or year-month) the period starts", nullable=True),
    field("period_end", pa.string(), "year-month or year it ends; null when open", nullable=True),
    field("sentence_id", pa.string(), "the sentence"),
    field("segment_id", pa.string(), "the segment; offsets are in its text"),
    field("section_id", pa.string(), "the segment's section"),
    field("start", pa.int32(), "character offset in the segment text"),
    field("end", pa.int32(), "end offset (exclusive)"),
    field("status", pa.string(), "status of the sentence"),
])


@register
class Counts(Extractor):
    name = "counts"
    rules = CountRules
    tables = {"counts": SCHEMA}
    show = {"counts": ("count_id", "text", "counted", "status")}
    report = {"counts": ReportTable("Counts", (
        ("text", "As written"), ("value", "Value"), ("counted", "Counted"), ("subject", "Subject"),
        ("period_text", "Period"), ("status", "Status"), ("sentence_id", "Evidence")))}
    highlights = {"count": "#c9c9c9"}
    span_tables = {"counts": "count"}

    def add_pipes(self, nlp: Language, rules: Rules) -> None:
        nlp.add_pipe("whitepaper_count_candidates").add(rules.get(CountRules))

    def extract(self, context: Context) -> Output:
        """Counts of every sentence; a period stated earlier in a section carries to its counts."""
        rules = context.rules.get(CountRules)
        rows: list[dict[str, Any]] = []
        periods: dict[str, tuple] = {}
        for annotated in context.body:
            doc = annotated.doc
            sents = list(doc.sents)
            names = [s for ex in context.extractors for key in ex.name_spans for s in doc.spans.get(key, [])]
            # per sentence, once per doc: scanning the doc's lists for every sentence was quadratic
            names_in = _by_sentence(sents, names, whole=True)
            candidates_in = _by_sentence(sents, list(doc.spans[CANDIDATES_KEY]), whole=False)
            for index, (sentence, sent) in enumerate(zip(annotated.sentences, sents)):
                period = sentence_period(sentence.text, rules) or periods.get(sentence.section_id)
                if period:
                    periods[sentence.section_id] = period
                for count in extract_counts(sent, rules, names_in[index], period, candidates_in[index]):
                    rows.append({
                        "count_id": f"{sentence.id}@{count.start}", "sentence_id": sentence.id,
                        "segment_id": sentence.segment_id, "section_id": sentence.section_id,
                        "status": sentence.status, **count.to_row(),
                    })
        return Output(rows={"counts": rows})

    def changes(self, table: str, old: list[dict], new: list[dict], rules: Rules) -> list[dict]:
        """Counts pair when subject and unit agree and their counted phrases overlap enough;
        each count pairs with at most one."""
        words = rules.get(CompareRules)
        pairs = []
        for i, o in enumerate(old):
            for j, n in enumerate(new):
                if o["subject"] == n["subject"] and o["unit"] == n["unit"]:
                    score = similarity(o["counted"], n["counted"], words) if (o["counted"] or n["counted"]) else 1.0
                    if score >= words.threshold:
                        pairs.append((-score, abs(o["value"] - n["value"]) / max(o["value"], n["value"], 1), i, j))
        used_old, used_new, out = set(), set(), []
        old_keys, new_keys = _numbered_keys(old, words), _numbered_keys(new, words)
        for _, _, i, j in sorted(pairs):
            if i in used_old or j in used_new:
                continue
            used_old.add(i)
            used_new.add(j)
            o, n = old[i], new[j]
            for name in ("value", "qualifier"):
                if o[name] != n[name]:
                    out.append(change("counts", old_keys[i], "changed", name, o[name], n[name],
                                      o["sentence_id"], n["sentence_id"]))
        out += [change("counts", old_keys[i], "removed", old_id=o["sentence_id"])
                for i, o in enumerate(old) if i not in used_old]
        out += [change("counts", new_keys[j], "added", new_id=n["sentence_id"])
                for j, n in enumerate(new) if j not in used_new]
        return sorted(out, key=lambda c: (c["key"], c["change"], c["field"] or ""))


def key(row: dict, rules: CompareRules) -> str:
    """A count's key across editions: what it counts (content words), its subject and unit."""
    return f"{' '.join(sorted(content_words(row['counted'], rules))) or '-'}|{row['subject'] or '-'}|{row['unit'] or '-'}"


def _numbered_keys(rows: list[dict], rules: CompareRules) -> list[str]:
    """Each count's key in one edition, the second and later counts of a key numbered in
    document order ("country region|-|-#2"), so a diff's change rows never share a key."""
    seen: dict[str, int] = {}
    out = []
    for row in rows:
        base = key(row, rules)
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return out


def _by_sentence(sents: list[Span], spans: list[Span], whole: bool) -> list[list[Span]]:
    """For each sentence, in the order of `spans`: the spans that start in it, or (whole) every
    span that overlaps it."""
    sentence_of = [0] * (sents[-1].end if sents else 0)
    for index, sent in enumerate(sents):
        sentence_of[sent.start:sent.end] = [index] * (sent.end - sent.start)
    out: list[list[Span]] = [[] for _ in sents]
    for span in spans:
        last = sentence_of[span.end - 1] if whole else sentence_of[span.start]
        for index in range(sentence_of[span.start], last + 1):
            out[index].append(span)
    return out
