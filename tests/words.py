"""Word accounting shared by the coverage and property tests."""

from __future__ import annotations

import re
from collections import Counter

WORD = re.compile(r"[\w’'&]+(?:[-/.][\w’'&]+)*")
REMOVED = {"running_footer", "page_number", "orphan_bullet_glyph"}


def source_words(lines: list[str], repairs: list[dict], glyphs: tuple[str, ...] = ()) -> Counter:
    """Words of the source after the logged word repairs, without the logged removals and
    without a bullet glyph opening a line (segments hold items without their glyph)."""
    removed = {r["line"] for r in repairs if r["rule"] in REMOVED}
    glued: dict[int, list[tuple[str, str]]] = {}
    for r in repairs:
        if r["rule"] == "glued_word":
            glued.setdefault(r["line"], []).append((r["before"], r["after"]))
    words: Counter = Counter()
    for number, text in enumerate(lines, start=1):
        if number in removed:
            continue
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
