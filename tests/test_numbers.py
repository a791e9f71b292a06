"""The number parser, table-tested."""

from __future__ import annotations

import pytest

from pipeline.extractors.counts.numbers import parse_number
from pipeline.extractors.counts.rules import CountRules
from pipeline.rules import Rules

WORDS = Rules.load().get(CountRules).numbers


@pytest.mark.parametrize(
    "words, value",
    [
        (["207"], 207), (["1,731"], 1731), (["40,000"], 40_000), (["2.5"], 2.5), (["1,234,567"], 1_234_567),
        (["four"], 4), (["Six"], 6), (["eight"], 8), (["twenty", "-", "one"], 21), (["dozen"], 12),
        (["seven", "million"], 7_000_000), (["100", "million"], 100_000_000), (["140", "million"], 140_000_000),
        (["2.5", "billion"], 2_500_000_000), (["thousand"], 1000), (["one", "hundred", "and", "twenty"], 120),
        (["three", "hundred", "thousand"], 300_000),
        (["tens", "of", "thousands"], 20_000), (["hundreds", "of", "millions"], 200_000_000), (["dozens"], 24),
        (["dozens", "of"], 24), (["scores", "of"], 40), (["several", "hundred"], 300), (["four", "decades"], 40),
        (["half", "a", "century"], 50), (["a", "quarter", "of", "a", "century"], 25), (["half", "of"], 0.5),
        (["two", "-", "thirds", "of"], 2 / 3), (["one", "third", "of"], 1 / 3),
    ],
)
def test_values(words, value):
    assert parse_number(words, WORDS) == value


@pytest.mark.parametrize("words", [["a"], ["first"], ["4K"], ["1", "2"], ["tens", "of", "satellites"], [],
                                   ["third", "of"], ["several"], ["a", "century"]])
def test_not_numbers(words):
    assert parse_number(words, WORDS) is None
