"""Word accounting shared by the coverage and property tests."""

from __future__ import annotations

import re
from collections import Counter

WORD = re.compile(r"[\w’'&]+(?:[-/.][\w’'&]+)*")
REMOVED = {"running_footer", "page_number", "orphan_bullet_glyph"}  # the PDF furniture rules: all 2021 has


def source_words(lines: list[str], repairs: list[dict], glyphs: tuple[str, ...] = ()) -> Counter:
    """Words of the source after the logged word repairs (mojibake, glued words), without the
    lines a repair removed (`after` "": furniture, page numbers, glyph lines, web clutter) and
    without a bullet glyph opening a line (segments hold items without their glyph)."""
    removed = {r["line"] for r in repairs if r["after"] == ""}
    rewritten = {r["line"]: r["after"] for r in repairs if r["rule"] == "mojibake"}
    glued: dict[int, list[tuple[str, str]]] = {}
    for r in repairs:
        if r["rule"] == "glued_word":
            glued.setdefault(r["line"], []).append((r["before"], r["after"]))
    words: Counter = Counter()
    for number, text in enumerate(lines, start=1):
        if number in removed:
            continue
        text = rewritten.get(number, text)
        for before, after in glued.get(number, []):
            text = text.replace(before, after)
        stripped = text.strip()
        glyph = next((g for g in glyphs if stripped.startswith(g)), None)
        if glyph:
            text = stripped[len(glyph):]
        words.update(WORD.findall(text))
    return words


def segment_words(segments: list[dict]) -> Counter:
    return Counter(w for s in segments for w in WORD.findall(s["text"]))
