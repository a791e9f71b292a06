"""Pattern phrases as the tokenizer splits them, without tokenizing them at every start.

Every phrase matcher of the pipeline matches ORTH or LOWER values, and those are string hashes:
a phrase needs its token texts only, not a Doc (spaCy's `PhraseMatcher.add` takes the hashes).
Tokenizing the ~3,600 phrases of the gazetteers and rule lists made a Doc for each and a lexeme
for each of their words, about 60 ms of every cold start, for words the text mostly never uses.

`phrase_tokens.json` (next to this module) holds each phrase's token texts as the tokenizer
split them, with the tokenizer's signature (spaCy's version and the tokenizer's settings). A
pipeline whose tokenizer has another signature does not use it; a phrase it lacks (a rule a
user added) is tokenized as before. So the file only ever saves time, and the tables are the
same with it or without it. `python -m pipeline.phrases` rewrites it from the shipped rules;
a test fails when it is stale.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

MEMO = Path(__file__).with_name("phrase_tokens.json")


def signature(nlp: Language) -> str:
    """What a phrase's split depends on: spaCy's version and the tokenizer's affix rules,
    token and URL matches, and special cases."""
    tokenizer = nlp.tokenizer
    parts = [spacy.__version__, type(tokenizer).__qualname__]
    for name in ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match"):
        found = getattr(tokenizer, name, None)
        parts.append(str(getattr(getattr(found, "__self__", None), "pattern", found is not None)))
    parts.append(json.dumps(getattr(tokenizer, "rules", None) or {}, sort_keys=True, ensure_ascii=False, default=str))
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _memo() -> tuple[str, dict[str, list[str]]]:
    try:
        data = json.loads(MEMO.read_text(encoding="utf-8"))
        return data["signature"], data["tokens"]
    except (OSError, ValueError, KeyError, TypeError):  # no file or a broken one: tokenize instead
        return "", {}


class Phrases:
    """The token texts of pattern phrases for one pipeline, from the memo when its tokenizer
    made it, else from the tokenizer. Records every phrase asked for (`asked`)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        made_by, tokens = _memo()
        self.memo = tokens if made_by == signature(nlp) else {}
        self.asked: set[str] = set()

    def words(self, text: str) -> tuple[str, ...]:
        """The phrase's token texts, as `nlp.make_doc(text)` has them."""
        self.asked.add(text)
        found = self.memo.get(text)
        if found is None:
            return tuple(t.text for t in self.nlp.make_doc(text))
        return tuple(found)

    def orth(self, text: str) -> list[int]:
        """The phrase as `PhraseMatcher(attr="ORTH")` takes it."""
        strings = self.nlp.vocab.strings
        return [strings.add(w) for w in self.words(text)]

    def lower(self, text: str) -> list[int]:
        """The phrase as `PhraseMatcher(attr="LOWER")` takes it."""
        strings = self.nlp.vocab.strings
        return [strings.add(w.lower()) for w in self.words(text)]


_OF: weakref.WeakKeyDictionary[Language, Phrases] = weakref.WeakKeyDictionary()


def phrases(nlp: Language) -> Phrases:
    """The pipeline's phrases (one per pipeline: the memo is checked once)."""
    found = _OF.get(nlp)
    if found is None:
        found = _OF[nlp] = Phrases(nlp)
    return found


def write_memo(nlp: Language, texts: set[str], path: Path = MEMO) -> int:
    """The memo of these phrases, split by `nlp`'s tokenizer; returns how many."""
    rows = [f"{json.dumps(text, ensure_ascii=False)}: "
            f"{json.dumps([t.text for t in nlp.make_doc(text)], ensure_ascii=False)}" for text in sorted(texts)]
    path.write_text(f'{{"signature": "{signature(nlp)}", "tokens": {{\n' + ",\n".join(rows) + "\n}}\n",
                    encoding="utf-8")  # one phrase a line, so a diff shows what changed
    return len(rows)


def main() -> None:
    """Rewrite the memo with every phrase the shipped rules' pipeline asks for."""
    from . import phrases as module  # the components ask the package's module, not __main__
    from .annotate import build_nlp
    from .rules import Rules

    nlp = build_nlp(Rules.load())
    print(f"{MEMO}: {write_memo(nlp, module.phrases(nlp).asked)} phrases")


if __name__ == "__main__":
    main()
