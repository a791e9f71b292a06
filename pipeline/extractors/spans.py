"""Span helpers shared by the rule components."""

from __future__ import annotations

from spacy.tokens import Doc, Span


def merge_bracketed(doc: Doc, spans: list[Span]) -> list[Span]:
    """Adjacent spans of one id around brackets are one mention, not several:
    "Huiyan (Insight) Hard X-ray Modulation Telescope", "Asia-Pacific Space Cooperation
    Organization (APSCO)". Spans must be sorted and non-overlapping."""
    merged: list[Span] = []
    for span in spans:
        last = merged[-1] if merged else None
        gap = doc[last.end:span.start] if last is not None else None
        if last is not None and last.id_ == span.id_ and len(gap) <= 2 and all(t.text in "()" for t in gap):
            end = span.end
            inside = doc[last.start:end]
            if end < len(doc) and doc[end].text == ")" and inside.text.count("(") > inside.text.count(")"):
                end += 1  # "Dark Matter Particle Explorer (DAMPE)": take the closing bracket too
            merged[-1] = Span(doc, last.start, end, label=last.label, span_id=last.id_, kb_id=last.kb_id)
        else:
            merged.append(span)
    return merged
