"""Repaired lines written by hand, so segment tests see only the segment stage: line numbers
count from 1, "" is a blank line, and a leading "• " marks a bullet's first line."""

from __future__ import annotations

from pipeline.repair import CleanLine
from pipeline.segment import segment


def clean(text: str) -> list[CleanLine]:
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.startswith("• "):
            lines.append(CleanLine(number, raw[2:], None, bullet=True))
        else:
            lines.append(CleanLine(number, raw, None))
    return lines


def run(text: str, layout):
    return segment(clean(text), layout)
