"""Nothing is lost or duplicated: every word of the source lands in exactly one segment."""

from __future__ import annotations

import re
from collections import Counter

from tests.conftest import SOURCE_2021

WORD = re.compile(r"[\w’'&]+(?:[-/.][\w’'&]+)*")
REMOVED = {"running_footer", "page_number", "orphan_bullet_glyph"}


def _source_words(lines: list[str], repairs: list[dict]) -> Counter:
    """Words of the source after the logged word repairs, without the logged removals."""
    removed = {r["line"] for r in repairs if r["rule"] in REMOVED}
    glued = {}
    for r in repairs:
        if r["rule"] == "glued_word":
            glued.setdefault(r["line"], []).append((r["before"], r["after"]))
    words: Counter = Counter()
    for number, text in enumerate(lines, start=1):
        if number in removed:
            continue
        for before, after in glued.get(number, []):
            text = text.replace(before, after)
        words.update(WORD.findall(text))
    return words


def test_every_source_word_is_in_exactly_one_segment(rows_2021):
    lines = SOURCE_2021.read_text(encoding="utf-8").split("\n")
    expected = _source_words(lines, rows_2021["repairs"])
    found = Counter(w for s in rows_2021["segments"] for w in WORD.findall(s["text"]))
    assert found == expected, (found - expected, expected - found)


def test_every_line_is_in_a_segment_or_logged_as_removed(rows_2021):
    lines = SOURCE_2021.read_text(encoding="utf-8").split("\n")
    covered = {n for s in rows_2021["segments"] for n in range(s["first_line"], s["last_line"] + 1)}
    removed = {r["line"] for r in rows_2021["repairs"] if r["after"] == ""}
    unaccounted = [
        (n, text) for n, text in enumerate(lines, start=1) if text.strip() and n not in covered | removed
    ]
    assert unaccounted == []


def test_removed_lines_really_held_only_furniture_or_glyphs(rows_2021):
    lines = SOURCE_2021.read_text(encoding="utf-8").split("\n")
    for repair in rows_2021["repairs"]:
        if repair["after"] == "":
            assert lines[repair["line"] - 1].strip() == repair["before"].strip()
            assert repair["rule"] in REMOVED
