"""Counts: values, qualifiers, units, compounds, what is counted, and what is not a count."""

from __future__ import annotations

import pytest


def counts(run_text, sentence: str) -> list[dict]:
    return run_text(f"Preamble\n{sentence}\n")["counts"]


def one(run_text, sentence: str) -> dict:
    rows = counts(run_text, sentence)
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.parametrize(
    "sentence, text, value, qualifier",
    [
        ("China has launched 207 rockets.", "207", 207, "exact"),
        ("China has served over 100 countries.", "over 100", 100, "over"),
        ("China has served more than 60 countries.", "more than 60", 60, "over"),
        ("The total launch attempts exceeded 400.", "exceeded 400", 400, "over"),
        ("China has trained almost 1,000 professionals.", "almost 1,000", 1000, "almost"),
        ("China has trained nearly 900 professionals.", "nearly 900", 900, "almost"),
        ("China has built about 30 stations.", "about 30", 30, "about"),
        ("China has built at least 12 stations.", "at least 12", 12, "at_least"),
        ("China will launch up to 20 satellites.", "up to 20", 20, "up_to"),
        ("It serves tens of thousands of domestic users.", "tens of thousands", 20_000, "at_least"),
        ("It has guaranteed the safety of over seven million operating vehicles.", "over seven million", 7_000_000, "over"),
        ("It has distributed over 100 million scenes of data.", "over 100 million", 100_000_000, "over"),
        # quantities in words, as the older editions write them
        ("China has launched a dozen satellites.", "dozen", 12, "exact"),
        ("China works with dozens of research institutions.", "dozens of", 24, "at_least"),
        ("Scores of universities took part in the experiments.", "Scores of", 40, "at_least"),
        ("The station hosts several hundred experiments.", "several hundred", 300, "at_least"),
        ("About two-thirds of the launches carried satellites.", "About two-thirds of", 2 / 3, "about"),
        ("Half of the satellites are in service.", "Half of", 0.5, "exact"),
        ("Based on the above two documents, China has drawn up a plan.", "two", 2, "exact"),
    ],
)
def test_values_and_qualifiers(run_text, sentence, text, value, qualifier):
    row = one(run_text, sentence)
    assert (row["text"], row["value"], row["qualifier"]) == (text, value, qualifier)


def test_units_glued_or_apart(run_text):
    glued = one(run_text, "The satellites, each with a 50Gbps capacity, are in service.")
    assert (glued["value"], glued["unit"], glued["counted"], glued["text"]) == (50, "Gbps", "capacity", "50Gbps")
    apart = one(run_text, "The probe brought back 1,731 g of samples from the moon.")
    assert (apart["value"], apart["unit"], apart["counted"], apart["text"]) == (1731, "g", "samples", "1,731 g")
    distance = one(run_text, "China has carried out experiments over thousand kilometers with no relay.")
    assert (distance["value"], distance["qualifier"], distance["unit"]) == (1000, "over", "km")


@pytest.mark.parametrize(
    "sentence, text, value, qualifier",
    [
        ("Having developed rapidly for about half a century, space activities have made progress.",
         "about half a century", 50, "about"),
        ("For half a century, China has worked independently in this field.", "half a century", 50, "exact"),
        ("The programme has run for a quarter of a century.", "a quarter of a century", 25, "exact"),
        ("In four decades of development China has built a complete industry.", "four decades", 40, "exact"),
    ],
)
def test_a_fraction_of_a_duration_is_years(run_text, sentence, text, value, qualifier):
    row = one(run_text, sentence)
    assert (row["text"], row["value"], row["qualifier"], row["unit"]) == (text, value, qualifier, "years")


def test_a_fraction_counts_a_share_of_what_follows(run_text):
    row = one(run_text, "One third of the launches were made by new rockets.")
    assert (row["value"], row["unit"], row["counted"]) == (1 / 3, "fraction", "launches")


def test_compound_count_takes_its_noun_and_subject(run_text):
    row = one(run_text, "The completion of the 30-satellite BeiDou Navigation Satellite System is a milestone.")
    assert (row["value"], row["counted"], row["subject"], row["text"]) == (30, "satellite", "beidou", "30")


def test_several_counts_in_one_sentence_are_several_rows(run_text):
    rows = counts(run_text, "Since 2016, China has signed 46 space cooperation agreements or memoranda of "
                            "understanding with 19 countries and regions and four international organizations.")
    assert [(r["value"], r["counted"]) for r in rows] == [
        (46, "space cooperation agreements or memoranda of understanding"),
        (19, "countries and regions"),
        (4, "international organizations"),
    ]
    assert {(r["period_text"], r["period_start"], r["period_end"]) for r in rows} == {("Since 2016", "2016", None)}


def test_subject_after_by_counted_from_previous_count_and_period(run_text):
    rows = counts(run_text, "From 2016 to December 2021, 207 launch missions were completed, including 183 by "
                            "the Long March carrier rocket series.")
    assert [(r["value"], r["counted"], r["subject"]) for r in rows] == [
        (207, "launch missions", None), (183, "launch missions", "long-march-series"),
    ]
    assert rows[0]["period_start"] == "2016" and rows[0]["period_end"] == "2021-12"


def test_a_period_stated_earlier_in_the_section_carries_over(run_text):
    tables = run_text("Preamble\n1. Launches\nFrom 2016 to 2020, 100 launch missions were completed.\n"
                      "The total launch attempts exceeded 150.\n2. Other\nChina has built 12 stations.\n")
    rows = tables["counts"]
    assert [(r["value"], r["counted"], r["period_text"]) for r in rows] == [
        (100, "launch missions", "From 2016 to 2020"),
        (150, "total launch attempts", "From 2016 to 2020"),
        (12, "stations", None),
    ]


def test_sentence_opening_object_is_the_subject(run_text):
    row = one(run_text, "The BeiDou Navigation Satellite System has served over 40,000 seagoing fishing vessels.")
    assert (row["subject"], row["counted"]) == ("beidou", "seagoing fishing vessels")


@pytest.mark.parametrize(
    "sentence",
    [
        "Since 2016, China has made progress.",                     # a year
        "In 2018 the dam collapsed.",                               # a year
        "The data arrived in December 2021.",                       # a date
        "China released its GEO Strategic Plan 2016-2025.",         # a range of years
        "The Long March-5 and Fengyun-4A have flown.",              # numbers inside names
        "The Tianlian-1 05 satellite has been launched.",           # a serial inside a name
        "China works within the Group 20 mechanisms.",              # name + number
        "Covid-19 control was supported.",                          # name-number
        "Four 4K Ultra",                                            # the 4K (Four is a count; checked below)
        "China has completed the first batch and the second phase.",  # ordinals
        "It hosted the 13th Meeting of the committee.",             # ordinal in digits
        "In the next five years, China will build stations.",      # a time span
        "China won a third contract.",                              # "a third": an ordinal
        "It is one field of high technology.",                      # "one X of": not an amount
        "The Outline of the 11th Five-Year Program was adopted.",   # a number inside a name
        "China has set the goal for the first 20 years of the 21st century.",  # a period, not a count
        "On 27 December 2012 the system began to serve users.",      # a date written day first
        "Over the past two decades China has grown fast.",           # a time span in decades
    ],
)
def test_not_counts(run_text, sentence):
    rows = counts(run_text, sentence)
    assert [r["text"] for r in rows if r["text"] != "Four"] == []


def test_list_numbering_and_section_numbers_are_not_counts(run_text):
    tables = run_text("Preamble\n1. Mission\n(1) Satellites\nChina has launched satellites (2) and rockets.\n")
    assert tables["counts"] == []


def test_count_offsets_reproduce_their_text_in_2021(rows_2021):
    segments = {s["segment_id"]: s["text"] for s in rows_2021["segments"]}
    assert len(rows_2021["counts"]) >= 30
    for row in rows_2021["counts"]:
        assert segments[row["segment_id"]][row["start"]:row["end"]] == row["text"]


def test_2021_counts_hold_no_year_date_name_number_or_list_number(rows_2021):
    values = {r["value"] for r in rows_2021["counts"]}
    assert not values & {2016, 2017, 2018, 2019, 2020, 2021, 2022, 2025, 2030}
    texts = [r["text"] for r in rows_2021["counts"]]
    for name_number in ["5", "5B", "8", "7A", "11", "1", "4", "05", "01", "02", "03", "10", "20", "13"]:
        assert name_number not in texts
    assert {"207", "183", "exceeded 400", "1,731 g", "Six", "tens of thousands", "almost 1,000"} <= set(texts)


def test_texts_the_gate_skips_have_no_number_the_matcher_would_find(nlp):
    """The candidate Matcher runs only on texts with a digit or a number word: on every
    paragraph of every test edition, and on number words alone, the matches are the same
    without the gate."""
    from pipeline.extractors.counts.components import CANDIDATES_KEY
    from tests.conftest import ROOT

    component = nlp.get_pipe("whitepaper_count_candidates")
    texts = [p for path in sorted((ROOT / "tests" / "fixtures").rglob("edition*.txt"))
             for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    texts += [f"It took {w} of the rest." for w in ("tens", "Dozens", "half", "a quarter", "two-thirds", "several")]
    gate, skipped = component.gate, 0
    try:
        for text in texts:
            doc = nlp.make_doc(text)
            gated = [(s.start, s.end, s.label_) for s in component(doc).spans[CANDIDATES_KEY]]
            component.gate = None
            plain = [(s.start, s.end, s.label_) for s in component(doc).spans[CANDIDATES_KEY]]
            component.gate = gate
            assert gated == plain, text
            skipped += gate.search(text) is None
    finally:
        component.gate = gate
    assert len(texts) > 700 and skipped > 300  # the gate did skip texts, and none lost a match
