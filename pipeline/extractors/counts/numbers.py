"""A small number parser for count text: digits, number words, scales and vague amounts.

"1,731" -> 1731; "2.5" -> 2.5; "seven million" -> 7e6; "100 million" -> 1e8;
"twenty-one" -> 21; "thousand" -> 1000; "tens of thousands" -> 1e4 (the least it can mean).
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
    if not tokens:
        return None
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
