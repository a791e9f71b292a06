"""The rule phrases split once (pipeline/phrases.py): the memo is current for the shipped rules,
says what the tokenizer says, and the tables are the same without it."""

from __future__ import annotations

import json

import spacy

from pipeline import phrases as phrases_module
from pipeline.annotate import build_nlp
from pipeline.editions import Edition
from pipeline.phrases import MEMO, Phrases, phrases, signature
from pipeline.run import extract_edition
from tests.conftest import SOURCE_2021


def test_the_memo_holds_every_phrase_the_shipped_rules_ask_for_split_as_the_tokenizer_splits_it(rules):
    nlp = build_nlp(rules)
    asked = phrases(nlp).asked
    data = json.loads(MEMO.read_text(encoding="utf-8"))
    assert data["signature"] == signature(nlp), "stale memo: run `python -m pipeline.phrases`"
    assert set(data["tokens"]) == asked, "stale memo: run `python -m pipeline.phrases`"
    wrong = [t for t, words in data["tokens"].items() if words != [w.text for w in nlp.make_doc(t)]]
    assert not wrong


def test_a_phrase_the_memo_lacks_is_tokenized_and_matched_as_before(nlp):
    split = phrases(nlp)
    text = "Zhurong-9 Qiyun’s Lander"  # in no rule file
    assert text not in split.memo
    assert split.words(text) == tuple(t.text for t in nlp.make_doc(text)) == ("Zhurong", "-", "9", "Qiyun", "’s", "Lander")
    assert split.lower(text)[-1] == nlp.vocab.strings["lander"]


def test_another_tokenizer_does_not_use_the_memo(nlp):
    other = spacy.blank("en")  # spaCy's tokenizer without the extra infixes: "Tianwen-1" is one token
    assert signature(other) != signature(nlp)
    assert Phrases(other).memo == {}
    assert Phrases(other).words("Tianwen-1") == ("Tianwen-1",)
    assert phrases(nlp).words("Tianwen-1") == ("Tianwen", "-", "1")


def test_the_tables_are_the_same_without_the_memo(rules, nlp, tmp_path, monkeypatch):
    edition = Edition("2021", SOURCE_2021)
    with_memo, _ = extract_edition(edition, rules, nlp)
    monkeypatch.setattr(phrases_module, "_memo", lambda: ("", {}))
    plain = build_nlp(rules)
    assert phrases(plain).memo == {}
    without, _ = extract_edition(edition, rules, plain)
    assert with_memo.keys() == without.keys()
    for name in with_memo:
        assert with_memo[name].equals(without[name]), name
    assert sum(t.num_rows for t in without.values()) > 1000
