"""Property tests: generated editions never crash the pipeline or lose text.

Documents mix numbered and lettered headings, bullets, stray glyphs, names, numbers,
page furniture and hostile Unicode (curly quotes, no-break spaces, ligatures, full-width
digits, right-to-left text). For each: no exception, every mention's and count's offsets
reproduce its text, every word lands in exactly one segment, and two runs are identical.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.editions import Edition
from pipeline.errors import InputError
from pipeline.rules import Rules
from pipeline.rules.layout import LayoutRules
from pipeline.run import extract_edition
from tests.words import segment_words, source_words

NAMES = ["Tianwen-1", "Long March-5B", "Haiyang-1C/1D", "Tiantong-1 02/03", "Chang’e-4", "Chang'e 5",
         "BeiDou", "Russia's", "Sino-European", "the European Space Agency (ESA)", "Xingyun-3 satellite",
         "APSCO", "Zhangheng-1, also known as the China Seismo-Electromagnetic Satellite,"]
NUMBERS = ["207", "over 100 million", "1,731 g", "50Gbps", "tens of thousands", "almost 1,000", "2016",
           "December 2021", "the next five years", "(2)", "４２", "2.5"]
HOSTILE = ["“quoted”", "‘single’", "no\u00a0break", "ﬁeld", "ﬂight", "１２３", "שלום", "مرحبا", "—", "…",
           "\u200b", "e\u0301", "Ⅳ", "•", "", "(cid:127)", "Hα"]
WORDS = ["China", "will", "has", "launched", "the", "satellite", "probe", "and", "of", "in", "since",
         "cooperation", "with", "countries", "system", "space", "station", "spacebased", "inorbit"]

word = st.sampled_from(WORDS + NAMES + NUMBERS + HOSTILE) | st.text(min_size=1, max_size=8)


def one_line(text: str) -> str:
    """Words joined into one line: no character the reader (or a test's split) takes as a line end."""
    return (text.replace("\r", " ").replace("\n", " ").replace("\x0c", " ").replace("\x0b", " ")
            .replace("\x1c", " ").replace("\x1d", " ").replace("\x1e", " ").replace("\x85", " ")
            .replace("\u2028", " ").replace("\u2029", " "))


sentence = st.lists(word, min_size=1, max_size=14).map(" ".join).map(one_line)
title = st.lists(st.sampled_from(["Space", "Transport", "Lunar", "Exploration", "Governance", "Ｘ"]),
                 min_size=1, max_size=4).map(" ".join)
line = st.one_of(
    sentence,
    sentence.map(lambda s: s + "."),
    sentence.map(lambda s: "• " + s + ";"),
    st.builds(lambda n, t: f"{n}. {t}", st.integers(1, 9), title),
    st.builds(lambda n, t: f"({n}) {t}", st.integers(1, 9), title),
    st.builds(lambda r, t: f"{r}. {t}", st.sampled_from(["I", "II", "III", "IV", "V", "VI"]), title),
    st.builds(lambda c, t: f"{c}) {t}", st.sampled_from("abc"), title),
    title.map(lambda t: "- " + t),
    st.sampled_from(["•", " •", "", "China Aerospace Studies Institute", "2022", "17", "Preamble", "Conclusion",
                     "This translation and publication does not constitute approval."]),
    sentence.map(lambda s: " " + s),
    st.lists(word, min_size=20, max_size=40).map(" ".join).map(one_line),  # an over-long, merged line
)
document = st.lists(line, min_size=1, max_size=30).map(lambda lines: "\n".join(["Preamble", *lines]) + "\n")


# The only refusals allowed: a document of control characters, or one with nothing to segment.
REFUSALS = {"is a binary file, not text", "has no words in it", "has no body text to segment"}


def _run(text: str, rules, nlp) -> dict[str, list[dict]] | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.txt"
        path.write_text(text, encoding="utf-8")
        try:
            tables, _ = extract_edition(Edition("generated", path), rules, nlp)
        except InputError as refused:
            assert refused.problem in REFUSALS
            return None
    return {name: table.to_pylist() for name, table in tables.items()}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=document)
def test_generated_editions_never_crash_and_lose_nothing(rules, nlp, text):
    tables = _run(text, rules, nlp)
    if tables is None:
        return
    segments = {s["segment_id"]: s["text"] for s in tables["segments"]}
    for row in tables["mentions"]:
        assert segments[row["segment_id"]][row["start"]:row["end"]] == row["surface"]
    for row in tables["counts"]:
        assert segments[row["segment_id"]][row["start"]:row["end"]] == row["text"]
    for row in tables["sentences"]:
        assert segments[row["segment_id"]][row["start"]:row["end"]] == row["text"]
    glyphs = Rules.load().get(LayoutRules).bullet_glyphs
    assert segment_words(tables["segments"]) == source_words(text.split("\n"), tables["repairs"], glyphs)
    assert _run(text, rules, nlp) == tables
