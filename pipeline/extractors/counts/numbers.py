"""A small number parser for count text: digits, number words, scales and vague amounts.

"1,731" -> 1731; "2.5" -> 2.5; "seven million" -> 7e6; "100 million" -> 1e8;
"twenty-one" -> 21; "thousand" -> 1000; "tens of thousands" -> 2e4 and "dozens of" -> 24 (the
least they can mean); "several hundred" -> 300; "two-thirds of" -> 2/3; "half a century" -> 50;
"four decades" -> 40.
Kept small and table-tested rather than pulled in: word2number is wrong above a million and
quantulum3 has no qualifiers (see ANCHORS.md).
"""

from __future__ import annotations

import re

from .rules import NumberWords

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


def is_digits(text: str) -> bool:
    return bool(_DIGITS.match(text))


def parse_number(words: list[str], vocab: NumberWords) -> float | None:
    """The value of a number written as tokens, or None if they are not one number."""
    tokens = [w.lower() for w in words if w not in {"-", "and"}]
    if tokens and tokens[-1] in vocab.durations:  # "half a century", "a quarter of a century", "four decades"
        amount = _share(_trim(tokens[:-1]), vocab)
        if amount is None and len(tokens) > 1:
            amount = parse_number(tokens[:-1], vocab)
        return amount * vocab.durations[tokens[-1]] if amount is not None else None
    if len(tokens) > 1 and tokens[-1] == "of":  # "dozens of", "one third of": a partitive
        tokens = tokens[:-1]
        if (share := _share(tokens, vocab)) is not None:
            return share
    if not tokens:
        return None
    if len(tokens) == 2 and tokens[0] in vocab.indefinite and tokens[1] in vocab.scales:
        return vocab.indefinite[tokens[0]] * vocab.scales[tokens[1]]
    if len(tokens) >= 3 and tokens[1] == "of" and tokens[0] in vocab.vague:
        # "tens of thousands": tens (10) times the scale named after "of" (1,000)
        scale = tokens[2].rstrip("s")
        if scale in vocab.scales and len(tokens) == 3:
            return vocab.vague[tokens[0]] * vocab.scales[scale]
        return None
    if len(tokens) == 1 and tokens[0] in vocab.vague:
        return vocab.vague[tokens[0]]
    total, current, seen = 0.0, 0.0, False
    for token in tokens:
        if is_digits(token):
            if seen and current:
                return None
            current += float(token.replace(",", ""))
        elif token in vocab.words:
            current += vocab.words[token]
        elif token in vocab.scales:
            scale = vocab.scales[token]
            current = (current or 1.0) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
        else:
            return None
        seen = True
    return total + current


def _trim(tokens: list[str]) -> list[str]:
    """ "half a", "a quarter of a" -> the fraction before the duration."""
    while tokens and tokens[-1] in {"a", "of"}:
        tokens = tokens[:-1]
    return tokens


def _share(tokens: list[str], vocab: NumberWords) -> float | None:
    """ "half", "a quarter", "one third", "two thirds" -> the share; None for anything else."""
    if not tokens or (share := vocab.fraction(tokens[-1])) is None:
        return None
    if len(tokens) == 1:
        return share if tokens[0] == "half" else None  # "third" alone is an ordinal
    numerator = 1.0 if tokens[0] in {"a", "one"} else vocab.words.get(tokens[0])
    return numerator * share if numerator is not None and len(tokens) == 2 else None
