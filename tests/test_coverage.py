"""Nothing is lost or duplicated: every word of the source lands in exactly one segment."""

from __future__ import annotations

from tests.conftest import SOURCE_2021
from tests.words import REMOVED, segment_words, source_words

def test_every_source_word_is_in_exactly_one_segment(rows_2021):
    lines = SOURCE_2021.read_text(encoding="utf-8").split("\n")
    expected = source_words(lines, rows_2021["repairs"])
    found = segment_words(rows_2021["segments"])
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
