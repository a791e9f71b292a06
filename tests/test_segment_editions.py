"""Segment: what older editions and web renderings do that the 2021 PDF text does not.

Contents lists, title pages, a Preface or Introduction for the Preamble, unnumbered title-case
sub-headings, gaps in the numbering, run-in numbered headings and the dash bullets of the policy
voice; then the two development fragments (tests/fixtures/editions-dev/), whose tree was read
off the files by hand. As in test_segment.py, lines are given as repaired lines: "" is a blank
line and a leading "• " marks a bullet's first line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import read_source
from pipeline.layout import is_title, one_block_per_line
from pipeline.repair import repair
from pipeline.segment import segment
from tests.segment_lines import run

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SOURCE_2021 = Path(__file__).resolve().parent.parent / "source" / "cn-space-2021.txt"

# Paragraphs as a web rendering gives them: each one line, longer than any line of a PDF page.
PROGRESS = ("From 2001 to 2005, China's space industry developed rapidly: a group of research and testing bases "
            "was built, and the system of research, design, production and testing was improved markedly.")
SATELLITES = ("Over the past five years, China independently developed and launched 22 different types of "
              "man-made satellites, upgrading its overall level in this field markedly and extending their lives.")
LAUNCHERS = ("From October 2000 to September 2006, the Long March rockets made 29 consecutive successful flights, "
             "and the carrying capacity and the reliability of the rocket family were both improved steadily.")
FUTURE = ("The 21st century will witness vigorous development of space activities across the world, and China "
          "is drafting a space development strategy and plans oriented to the needs of the coming decades.")
POLICY = ("The Chinese government has adopted the following policies with regard to developing international "
          "space exchanges and cooperation in the years to come:")


def blocks(*paragraphs: str) -> str:
    """A web rendering: one heading or paragraph per line, a blank line between them."""
    return "\n\n".join(paragraphs)


def tree(doc) -> list[tuple[str, int, str, str | None]]:
    return [(s.id, s.level, s.title, s.parent_id) for s in doc.sections]


def kinds(doc) -> list[tuple[str, str, int]]:
    return [(s.section_id, s.kind, s.first_line) for s in doc.segments]


# the shape of the text ---------------------------------------------------------------------

def test_one_paragraph_per_line_is_told_from_text_wrapped_at_a_page_width(layout):
    assert one_block_per_line(blocks("II. Progress", PROGRESS, "Space Technology", SATELLITES).split("\n"), layout)
    assert one_block_per_line((FIXTURES / "editions-dev" / "edition-2006-fragments.txt").read_text().split("\n"), layout)
    assert not one_block_per_line(SOURCE_2021.read_text(encoding="utf-8").split("\n"), layout)
    # short lines only: nothing shows a line is a whole paragraph, so it is read as wrapped
    assert not one_block_per_line(["I. Chapter", "1. Mission", "China will launch a probe."], layout)
    # a long line that a lower-case line continues is wrapped text, however long its lines
    assert not one_block_per_line([PROGRESS, "and its reliability has grown.", SATELLITES, "which is new."], layout)


# before the body -----------------------------------------------------------------------------

@pytest.mark.parametrize("label", ["Preface", "Foreword", "Introduction", "Preamble"])
def test_the_opening_chapter_is_the_preamble_whatever_the_edition_calls_it(layout, label):
    doc = run(blocks(label, PROGRESS, "I. Aims and Principles", FUTURE, "Concluding Remarks", LAUNCHERS), layout)
    assert tree(doc) == [("preamble", 1, label, None), ("I", 1, "Aims and Principles", None),
                         ("conclusion", 1, "Concluding Remarks", None)]


def test_title_page_lines_are_front_matter_kept_but_not_body(layout, run_text):
    text = blocks("China's Space Activities in 2006",
                  "The State Council Information Office of the People's Republic of China",
                  "October 2006", "Preface", PROGRESS, "I. Aims and Principles", FUTURE)
    doc = run(text, layout)
    assert [(s.id, s.role, s.first_line, s.last_line) for s in doc.sections] == [
        ("front-matter", "front_matter", 1, 5), ("preamble", "body", 7, 9), ("I", "body", 11, 13)]
    assert kinds(doc)[:3] == [("front-matter", "paragraph", 1), ("front-matter", "paragraph", 3),
                              ("front-matter", "paragraph", 5)]  # one per line: they are not prose
    rows = run_text(text)
    assert {r["section_id"] for r in rows["sentences"]} == {"preamble", "I"}  # the title is not a sentence


def test_text_before_the_first_heading_that_holds_a_sentence_is_the_implicit_preamble(layout):
    doc = run(blocks("China's Space Activities in 2006", PROGRESS, "I. Aims and Principles", FUTURE), layout)
    assert [(s.id, s.role) for s in doc.sections] == [("preamble", "body"), ("I", "body")]
    assert kinds(doc)[:2] == [("preamble", "paragraph", 1), ("preamble", "paragraph", 3)]


def test_a_contents_list_with_page_numbers_is_a_contents_section_and_the_real_headings_follow(layout):
    text = "\n".join([
        "China's Space Program",                # 1  title page
        "Contents",                             # 2
        "Preamble .................... 1",      # 3
        "I. A New Journey .............. 2",    # 4
        "II. Space Technology 5",               # 5
        "Conclusion 9",                         # 6
        "Preamble",                             # 7  the body begins: the first entry again
        "China upholds the peaceful use of outer space and the",
        "principle of exploration.",
        "I. A New Journey",                     # 10
        "China will start a new journey.",
        "II. Space Technology",                 # 12
        "China has launched the Long March 5.",
        "Conclusion",                           # 14
        "China will contribute more.",
    ])
    doc = run(text, layout)
    assert [(s.id, s.role, s.title, s.first_line, s.last_line) for s in doc.sections] == [
        ("front-matter", "front_matter", "Front matter", 1, 1),
        ("contents", "contents", "Contents", 2, 6),
        ("preamble", "body", "Preamble", 7, 9),
        ("I", "body", "A New Journey", 10, 11),
        ("II", "body", "Space Technology", 12, 13),
        ("conclusion", "body", "Conclusion", 14, 15),
    ]
    contents = [(s.kind, s.text) for s in doc.segments if s.section_id == "contents"]
    assert contents == [("heading", "Contents"), ("paragraph", "Preamble .................... 1"),
                        ("paragraph", "I. A New Journey .............. 2"), ("paragraph", "II. Space Technology 5"),
                        ("paragraph", "Conclusion 9")]  # every entry kept, as written


def test_a_contents_list_without_its_label_is_found_by_the_entry_that_comes_again(layout):
    text = blocks("Preamble", "I. Aims and Principles", "II. Progress Made", "Conclusion",
                  "Preamble", PROGRESS, "I. Aims and Principles", FUTURE, "II. Progress Made", SATELLITES)
    doc = run(text, layout)
    assert [(s.id, s.role) for s in doc.sections] == [
        ("contents", "contents"), ("preamble", "body"), ("I", "body"), ("II", "body")]
    assert [s.kind for s in doc.segments if s.section_id == "contents"] == ["paragraph"] * 4
    # chapter lines in a row whose first never comes again are headings, not a list
    doc = run(blocks("I. Aims and Principles", "1. Aims", FUTURE, "II. Progress Made", PROGRESS), layout)
    assert [s.id for s in doc.sections] == ["I", "I.1", "II"]


def test_text_after_a_contents_list_and_before_a_heading_opens_the_preamble(layout):
    doc = run(blocks("Contents", "I. Aims and Principles", "II. Progress Made", PROGRESS,
                     "I. Aims and Principles", FUTURE), layout)
    assert [(s.id, s.role, s.first_line) for s in doc.sections] == [
        ("contents", "contents", 1), ("preamble", "body", 7), ("I", "body", 9)]


def test_contents_and_front_matter_give_no_sentences_or_mentions(run_text):
    text = blocks("China's Space Activities in 2006", "Contents", "I. The Shenzhou-5 Mission", "II. Progress Made",
                  "I. The Shenzhou-5 Mission", "In October 2003 the Shenzhou-5 spacecraft carried China's first "
                  "astronaut into space and returned safely, and the country became the third to send a person "
                  "into orbit on its own.", "II. Progress Made", PROGRESS)
    rows = run_text(text)
    sections = {r["section_id"]: r["role"] for r in rows["sections"]}
    # the title line is the clutter stage's (a repair that keeps it), so no front-matter section is left
    assert [(r["rule"], r["before"]) for r in rows["repairs"]] == [("title", "China's Space Activities in 2006")]
    assert sections == {"contents": "contents", "I": "body", "II": "body"}
    assert {r["section_id"] for r in rows["sentences"]} == {"I", "II"}
    assert {m["segment_id"].split("/")[0] for m in rows["mentions"]} == {"I"}


# unnumbered sub-headings ---------------------------------------------------------------------

@pytest.mark.parametrize("between", ["\n\n", "\n"])  # a saved page's text, or a copy of it (no blank lines)
def test_title_case_lines_between_paragraphs_are_sub_headings_and_number_their_own_sections(layout, between):
    text = between.join([
        "II. Progress Made in the Past Five Years", PROGRESS,
        "Space Technology",
        "1. Man-made satellites. " + SATELLITES,
        "2. Launch vehicles. " + LAUNCHERS,
        "Space Application",
        "1. Remote-sensing satellite application. " + SATELLITES,  # the count restarts
        "III. Development Targets", FUTURE,
        "Development Targets", "The short-term development targets are:",
        "- To build up an earth observation system for long-term stable operation.",
        "- To set up an independently operated satellite broadcasting system.",
    ])
    doc = run(text, layout)
    assert tree(doc) == [
        ("II", 1, "Progress Made in the Past Five Years", None),
        ("II.a", 2, "Space Technology", "II"),
        ("II.a.1", 3, "Man-made satellites", "II.a"),
        ("II.a.2", 3, "Launch vehicles", "II.a"),
        ("II.b", 2, "Space Application", "II"),
        ("II.b.1", 3, "Remote-sensing satellite application", "II.b"),
        ("III", 1, "Development Targets", None),
        ("III.a", 2, "Development Targets", "III"),
    ]
    assert [(s.label, s.number) for s in doc.sections if s.id in ("II.a", "II.a.1")] == [("", None), ("1.", 1)]
    # the intro and its bullets belong to the sub-heading's section
    assert [(s.id, s.kind) for s in doc.segments if s.section_id == "III.a"] == [
        ("III.a/0", "heading"), ("III.a/1", "paragraph"), ("III.a/2", "bullet"), ("III.a/3", "bullet")]


def test_a_title_case_line_is_not_a_heading_where_the_text_around_it_says_otherwise(layout):
    def titles(*paragraphs: str) -> list[str]:
        return [s.title for s in run(blocks(*paragraphs), layout).sections]

    # a run of title lines is a list of names; after an intro ending ":" a line is its first item
    assert titles("V. International Cooperation", PROGRESS, "Space Technology", "Space Application",
                  SATELLITES) == ["International Cooperation"]
    assert titles("V. International Cooperation", POLICY, "Space Technology", SATELLITES) == ["International Cooperation"]
    # sentence case, one word, a final period, a colon: text
    assert titles("V. International Cooperation", PROGRESS, "Space technology", SATELLITES,
                  "Cooperation", LAUNCHERS, "Major Events.", FUTURE, "Key Areas: Launch Services", PROGRESS) == [
        "International Cooperation"]
    # under a numbered section it would cut the section short; before any heading it is a title
    assert titles("V. International Cooperation", "1. Basic policies", PROGRESS, "Major Events", SATELLITES) == [
        "International Cooperation", "Basic policies"]
    assert [s.id for s in run(blocks(PROGRESS, "Major Events", SATELLITES, "I. Aims", FUTURE), layout).sections] == [
        "preamble", "I"]


def test_in_wrapped_text_a_title_case_line_is_a_heading_only_between_blank_lines(layout):
    wrapped = "\n".join([
        "I. International Cooperation",
        "China has signed space cooperation agreements with many countries and",
        "organizations, and has joined the work of the United Nations.",
        "Major Events",                             # 4: a wrapped line between two sentences
        "China and Brazil launched a new satellite.",
    ])
    assert [s.id for s in run(wrapped, layout).sections] == ["I"]
    spaced = wrapped.replace("\nMajor Events\n", "\n\nMajor Events\n\n")
    assert [(s.id, s.title) for s in run(spaced, layout).sections] == [("I", "International Cooperation"),
                                                                       ("I.a", "Major Events")]


def test_where_no_chapter_has_a_numeral_a_title_case_line_alone_is_a_chapter(layout):
    doc = run(blocks("Introduction", PROGRESS, "Aims and Principles", FUTURE, "Present Situation", LAUNCHERS,
                     "1. Man-made satellites. " + SATELLITES, "Conclusion", PROGRESS), layout)
    assert tree(doc) == [
        ("preamble", 1, "Introduction", None),
        ("aims-and-principles", 1, "Aims and Principles", None),
        ("present-situation", 1, "Present Situation", None),
        ("present-situation.1", 2, "Man-made satellites", "present-situation"),
        ("conclusion", 1, "Conclusion", None),
    ]


def test_a_title_is_a_few_capitalised_words_not_a_row_of_links_or_numbers(layout):
    assert is_title("Aims and Principles of Development", layout)
    assert is_title("Goals for 2030", layout) and is_title("Space TT&C", layout)
    for line in ["Home > Policies > White Papers", "Previous 1 2 3 Next", "Space technology", "Cooperation",
                 "Key Areas: Launch Services", "Major Events.", "I. Aims and Principles",
                 "Aims and Principles of Development in the Next Five Years of the Century"]:
        assert not is_title(line, layout), line


# gaps in the numbering ----------------------------------------------------------------------

def test_a_chapter_after_a_gap_is_accepted_where_the_line_is_unmistakably_a_heading(layout):
    doc = run(blocks("I. Aims and Principles", PROGRESS, "III. Future Development", FUTURE,
                     "IV. Development Policies", LAUNCHERS), layout)
    assert tree(doc) == [("I", 1, "Aims and Principles", None), ("III", 1, "Future Development", None),
                         ("IV", 1, "Development Policies", None)]


def test_a_gap_is_refused_on_a_line_that_could_be_text(layout):
    def ids(text: str) -> list[str]:
        return [s.id for s in run(text, layout).sections]

    # sentence case, a step back, or nothing after it: body text
    assert ids(blocks("I. Aims", PROGRESS, "1. Aims", FUTURE, "3. Space debris mitigation guidelines of the committee",
                      SATELLITES)) == ["I", "I.1"]
    assert ids(blocks("I. Aims", PROGRESS, "III. Future Development", FUTURE, "II. Progress Made", SATELLITES)) == [
        "I", "III"]
    assert ids(blocks("I. Aims", PROGRESS, "III. Future Development")) == ["I"]
    # in wrapped text a jump is refused unless blank lines set the line apart
    wrapped = "I. Aims and Principles\nChina upholds the peaceful use of outer space.\nIII. Future Development\nChina will go on."
    assert ids(wrapped) == ["I"]
    assert ids(wrapped.replace("\nIII. Future Development\n", "\n\nIII. Future Development\n\n")) == ["I", "III"]


# run-in numbered headings -------------------------------------------------------------------

def test_a_run_in_numbered_heading_splits_its_line_into_title_and_first_paragraph(layout):
    line = "1. Man-made satellites. " + SATELLITES
    doc = run(blocks("II. Progress Made", PROGRESS, line), layout)
    assert tree(doc) == [("II", 1, "Progress Made", None), ("II.1", 2, "Man-made satellites", "II")]
    heading, paragraph = [s for s in doc.segments if s.section_id == "II.1"]
    assert (heading.kind, heading.text, heading.first_line, heading.last_line) == ("heading", "1. Man-made satellites.", 5, 5)
    assert (paragraph.kind, paragraph.text, paragraph.first_line, paragraph.last_line) == ("paragraph", SATELLITES, 5, 5)
    assert line.endswith(paragraph.text) and line.startswith(heading.text)  # the line, cut once


def test_a_run_in_heading_in_wrapped_text_takes_the_lines_that_continue_it(layout):
    text = "\n".join([
        "I. Purposes, Vision and Principles",
        "1. Purposes. China's space activities serve the following purposes: to explore",
        "outer space and widen human knowledge of the earth and the universe.",
        "2. Vision. China intends to become a space power in all respects.",
        "(1) Launch vehicles. The Long March rockets made 29 flights, and",
        "their reliability grew. China will develop new ones",
        "3. Principles. These words continue a sentence, not a heading.",  # 7: after "new ones"
    ])
    doc = run(text, layout)
    assert tree(doc) == [("I", 1, "Purposes, Vision and Principles", None), ("I.1", 2, "Purposes", "I"),
                         ("I.2", 2, "Vision", "I"), ("I.2.1", 3, "Launch vehicles", "I.2")]
    assert [(s.id, s.text, s.first_line, s.last_line) for s in doc.segments if s.kind == "paragraph"] == [
        ("I.1/1", "China's space activities serve the following purposes: to explore outer space and widen "
                  "human knowledge of the earth and the universe.", 2, 3),
        ("I.2/1", "China intends to become a space power in all respects.", 4, 4),
        ("I.2.1/1", "The Long March rockets made 29 flights, and their reliability grew. China will develop new "
                    "ones 3. Principles. These words continue a sentence, not a heading.", 5, 7),
    ]


def test_a_numbered_line_whose_first_sentence_states_something_is_not_a_run_in_heading(layout):
    doc = run(blocks("III. Major Tasks", FUTURE, "1. China will launch the Chang'e-1 probe. " + SATELLITES), layout)
    assert [s.id for s in doc.sections] == ["III"]
    assert kinds(doc)[-1] == ("III", "paragraph", 5)


def test_a_run_in_headings_paragraph_keeps_sentence_and_mention_offsets_exact(run_text):
    line = ("2. Manned spaceflight. In October 2003 the Shenzhou-5 spacecraft carried China's first astronaut "
            "into space. It returned safely after 14 orbits, and the country became the third to do so on its own.")
    rows = run_text(blocks("II. Progress Made", PROGRESS, "1. Man-made satellites. " + SATELLITES, line))
    segments = {s["segment_id"]: s["text"] for s in rows["segments"]}
    assert segments["II.2/0"] == "2. Manned spaceflight."
    assert segments["II.2/1"] == line[len("2. Manned spaceflight. "):]
    sentences = [r for r in rows["sentences"] if r["segment_id"] == "II.2/1"]
    second = len("In October 2003 the Shenzhou-5 spacecraft carried China's first astronaut into space. ")
    assert [(r["start"], r["text"][:11]) for r in sentences] == [(0, "In October "), (second, "It returned")]
    for row in rows["sentences"]:
        assert segments[row["segment_id"]][row["start"]:row["end"]] == row["text"]
    for row in rows["mentions"]:
        assert segments[row["segment_id"]][row["start"]:row["end"]] == row["surface"]
    assert any(m["surface"] == "Shenzhou-5" and m["segment_id"] == "II.2/1" for m in rows["mentions"])


# bullets of the policy voice ----------------------------------------------------------------

@pytest.mark.parametrize("glyph", ["--", "-", "–", "—"])
def test_a_dash_line_is_a_bullet_without_its_glyph(layout, glyph):
    items = ["Supporting activities regarding the peaceful use of outer space within the framework of the "
             "United Nations.", "Attaching importance to space cooperation in the Asia-Pacific region;",
             "Space science", "Space technology"]  # short items in a row are items too, not headings
    doc = run(blocks("V. International Cooperation", POLICY, *(f"{glyph} {item}" for item in items)), layout)
    assert [s.id for s in doc.sections] == ["V"]
    assert [(s.kind, s.text) for s in doc.segments[2:]] == [("bullet", item) for item in items]


def test_a_short_dash_title_over_a_paragraph_stays_a_run_in_heading(layout):
    text = "\n".join([
        "I. A New Journey",
        "1. Principles",
        "China adheres to the principles of innovation-driven, coordinated, efficient, peaceful and",
        "open development.",
        "- Innovation-driven development",
        "China puts innovation at the core of its space industry.",
        "- Supporting the peaceful use of outer space within the framework of the United Nations. It",
        "is a standing policy.",
        "China also works with other countries.",
    ])
    doc = run(text, layout)
    assert tree(doc) == [("I", 1, "A New Journey", None), ("I.1", 2, "Principles", "I"),
                         ("I.1.a", 4, "Innovation-driven development", "I.1")]
    assert [(s.kind, s.text, s.first_line, s.last_line) for s in doc.segments if s.section_id == "I.1.a"][2:] == [
        ("bullet", "Supporting the peaceful use of outer space within the framework of the United Nations. It "
                   "is a standing policy.", 7, 8),
        ("paragraph", "China also works with other countries.", 9, 9),
    ]


def test_a_dash_continuing_a_wrapped_sentence_opens_no_item(layout):
    text = "\n".join([
        "I. Aims and Principles",
        "China develops its space industry on three pillars",
        "— science, technology and application — and serves the country's strategy.",
    ])
    doc = run(text, layout)
    assert [(s.kind, s.text) for s in doc.segments][1:] == [
        ("paragraph", "China develops its space industry on three pillars — science, technology and application — "
                      "and serves the country's strategy.")]


# the development fragments --------------------------------------------------------------------

def _fragment(year: int, layout):
    lines, _ = repair(read_source(FIXTURES / "editions-dev" / f"edition-{year}-fragments.txt"), layout)
    return segment(lines, layout)


def test_the_2000_fragments_tree_and_segments(layout):
    doc = _fragment(2000, layout)
    assert tree(doc) == [
        ("preamble", 1, "Introduction", None),
        ("I", 1, "Aims and Principles", None),
        ("III", 1, "Future Development", None),  # II. is not in the fragments
        ("III.a", 2, "Development Targets", "III"),
    ]
    assert kinds(doc) == [
        ("preamble", "heading", 1), ("preamble", "paragraph", 3), ("preamble", "paragraph", 5),
        ("preamble", "paragraph", 7), ("preamble", "paragraph", 9),
        ("I", "heading", 11), ("I", "paragraph", 13), ("I", "paragraph", 15), ("I", "paragraph", 17),
        ("I", "bullet", 19),
        ("III", "heading", 21), ("III", "paragraph", 23),
        ("III.a", "heading", 25), ("III.a", "paragraph", 27), ("III.a", "bullet", 29), ("III.a", "bullet", 31),
        ("III.a", "bullet", 33), ("III.a", "bullet", 35),
    ]
    bullets = [s.text for s in doc.segments if s.kind == "bullet"]
    assert [b.split()[:4] for b in bullets] == [  # the dashes ("–", "-") removed
        ["Adhering", "to", "the", "principle"], ["To", "build", "up", "an"], ["To", "set", "up", "an"],
        ["To", "establish", "an", "independent"], ["To", "upgrade", "the", "overall"]]


def test_the_2006_fragments_tree_and_segments(layout):
    doc = _fragment(2006, layout)
    assert tree(doc) == [
        ("preamble", 1, "Preamble", None),  # the fragment opens with text: an implicit preamble
        ("I", 1, "Aims and Principles of Development", None),
        ("II", 1, "Progress Made in the Past Five Years", None),
        ("II.a", 2, "Space Technology", "II"),
        ("II.a.1", 3, "Man-made satellites", "II.a"),
        ("III", 1, "Development Targets and Major Tasks for the Next Five Years", None),
        ("III.a", 2, "Development Targets", "III"),
        ("IV", 1, "Development Policies and Measures", None),
        ("V", 1, "International Exchanges and Cooperation", None),
        ("V.a", 2, "Fundamental Policies", "V"),
    ]
    assert kinds(doc) == [
        ("preamble", "paragraph", 1), ("preamble", "paragraph", 3), ("preamble", "paragraph", 5),
        ("I", "heading", 7), ("I", "paragraph", 9), ("I", "paragraph", 11), ("I", "bullet", 13), ("I", "bullet", 15),
        ("II", "heading", 17), ("II", "paragraph", 19),
        ("II.a", "heading", 21), ("II.a.1", "heading", 23), ("II.a.1", "paragraph", 23),
        ("III", "heading", 25), ("III", "paragraph", 27), ("III.a", "heading", 29), ("III.a", "paragraph", 31),
        ("IV", "heading", 33), ("IV", "paragraph", 35), ("IV", "paragraph", 37),
        ("IV", "bullet", 39), ("IV", "bullet", 41), ("IV", "bullet", 43),
        ("V", "heading", 45), ("V", "paragraph", 47), ("V", "paragraph", 49),
        ("V.a", "heading", 51), ("V.a", "paragraph", 53), ("V.a", "bullet", 55), ("V.a", "bullet", 57),
        ("V.a", "bullet", 59),
    ]
    run_in = [s.text[:40] for s in doc.segments if s.section_id == "II.a.1"]
    assert run_in == ["1. Man-made satellites.", "Over the past five years, China has inde"]
