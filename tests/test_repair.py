"""Repair: page furniture, page-break debris, bullet glyphs and glued words, each one logged.

Every text here is a few lines in the layout of the 2021 edition, written for the one point
its test makes. Plain text input, so `page` is None and `line` is the line of the file.
"""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.ingest import read_source
from pipeline.repair import repair


@pytest.fixture
def run_repair(tmp_path, layout):
    """Repair a small text; returns (clean lines, repair log)."""

    def run(text: str, lay=None):
        path = tmp_path / "edition.txt"
        path.write_text(text, encoding="utf-8")
        return repair(read_source(path), lay or layout)

    return run


def rows(log, rule):
    return [(r.line, r.before, r.after) for r in log if r.rule == rule]


def by_number(lines):
    return {line.number: line for line in lines}


# --- furniture and page-break debris -----------------------------------------------------

def test_running_footer_and_lone_year_are_removed_and_logged(run_repair):
    text = (
        "Preamble\n"                                       # 1
        "China has launched Tianwen-1.\n"                  # 2
        "\n"                                               # 3
        "China Aerospace Studies Institute\n"              # 4
        "\n"                                               # 5
        "2022\n"                                           # 6
        "\n"                                               # 7
        "The China Aerospace Studies Institute translated this paper in 2022.\n"  # 8
    )
    lines, log = run_repair(text)
    texts = [line.text for line in lines]
    assert "China Aerospace Studies Institute" not in texts
    assert "2022" not in texts
    # a sentence that merely names the institute or the year is body text, not furniture
    assert "The China Aerospace Studies Institute translated this paper in 2022." in texts
    assert [(r.rule, r.line, r.before, r.after) for r in log] == [
        ("running_footer", 4, "China Aerospace Studies Institute", ""),
        ("page_number", 6, "2022", ""),
    ]
    removed = {4, 6}
    assert removed.isdisjoint(by_number(lines))


_FOOTER = "China's Space Activities in 2016"


def test_a_text_files_footer_is_found_by_the_page_numbers_it_sits_by(run_repair):
    """A text taken from a PDF has no pages, but its lone page numbers mark the breaks: a short
    line at the edge of most of them is a footer, also where its page number was lost, though
    not on the title page; a sentence repeated by a page number stays."""
    text = "\n".join([
        _FOOTER,                                              # 1 the title
        "Preface",                                            # 2
        "China launched Tiangong-2 in 2016.",                 # 3
        _FOOTER, "", "3", "",                                 # 4-7
        "China launched Shenzhou-11 in 2016.",                # 8
        _FOOTER,                                              # 9 its page number lost
        "China will launch Tianzhou-1.", _FOOTER, "", "7", "",  # 10-14
        "China launched Tiangong-2 in 2016.",                 # 15 repeated, by a page number
        "China will launch Chang'e-5.", _FOOTER, "", "12",    # 16-19
        "China launched Tiangong-2 in 2016.",                 # 20
        "Development Goals",                                  # 21 a title found twice, once by a number
        "China will launch Chang'e-6.", "Development Goals",  # 22-23
    ]) + "\n"
    lines, log = run_repair(text)
    assert rows(log, "running_footer") == [(n, _FOOTER, "") for n in (4, 9, 11, 17)]
    kept = [line.text for line in lines if line.text]
    assert kept[0] == _FOOTER and kept.count("China launched Tiangong-2 in 2016.") == 3
    assert kept.count("Development Goals") == 2


def test_a_sentence_a_page_break_cut_is_joined_again(run_repair):
    """The first part stops mid-sentence and the rest goes on in lower case: one line again. A
    line that ends a sentence, or a heading, is not joined to what follows."""
    text = "\n".join([
        "Preface",                                                                  # 1
        "China will share satellite data, so as to bring the",                      # 2
        _FOOTER, "", "12", "",                                                      # 3-6
        "benefits of space technology to more countries.",                          # 7
        "China will train professionals.", _FOOTER, "", "13", "",                   # 8-12
        "iSpace will launch a rocket.",                                             # 13 a name in lower case, after a full stop
        "3. Lunar Exploration", "", "14", "",                                       # 14-17
        "lunar probes will be launched.",                                           # 18
    ]) + "\n"
    lines, log = run_repair(text)
    assert rows(log, "page_break_join") == [(7, "benefits of space technology to more countries.", "")]
    texts = {line.number: line.text for line in lines}
    assert texts[2] == "China will share satellite data, so as to bring the benefits of space technology to more countries."
    assert 7 not in texts and texts[13] == "iSpace will launch a rocket." and texts[18] == "lunar probes will be launched."


def test_a_line_end_hyphen_in_a_text_file_is_joined(run_repair):
    """A text file taken from a PDF keeps its line-end hyphens, as the PDF does."""
    text = "Preface\nThe Tianlian-1 satellites achieved global net-\nworking in 2016, and the network serves users.\n"
    lines, log = run_repair(text)
    assert [r.rule for r in log] == ["line_end_hyphen"]
    assert [line.text for line in lines][1:] == ["The Tianlian-1 satellites achieved global",
                                               "networking in 2016, and the network serves users."]


def test_leading_space_on_a_page_first_line_is_stripped_and_logged(run_repair):
    text = (
        "Preamble\n"                                                                   # 1
        "China upholds the principle of exploration and utilization of outer space.\n"  # 2
        " I. A New Journey Towards a Strong Space Presence\n"                          # 3
        "1. Mission\n"                                                                 # 4
        "The mission of China's space program is to explore outer space and to\n"      # 5
        " expand humanity's understanding of the earth and the cosmos.\n"              # 6
    )
    lines, log = run_repair(text)
    assert rows(log, "page_break_indent") == [
        (3, " I. A New Journey Towards a Strong Space Presence", "I. A New Journey Towards a Strong Space Presence"),
        (6, " expand humanity's understanding of the earth and the cosmos.", "expand humanity's understanding of the earth and the cosmos."),
    ]
    clean = by_number(lines)
    assert clean[3].text == "I. A New Journey Towards a Strong Space Presence"
    assert clean[6].text == "expand humanity's understanding of the earth and the cosmos."
    # lines that started at the margin are not logged
    assert {r.line for r in log} == {3, 6}


# --- bullet glyphs -----------------------------------------------------------------------

def test_glyphs_orphaned_at_a_page_top_go_to_the_next_three_items(run_repair):
    text = (
        "VI. International Cooperation\n"                                                # 1
        "(1) Global governance of outer space\n"                                         # 2
        " •\n"                                                                           # 3
        "•\n"                                                                            # 4
        "\n"                                                                             # 5
        "•\n"                                                                            # 6
        "\n"                                                                             # 7
        "China plays its role as the host country of APSCO, and supports the organization's\n"  # 8
        "Development Vision 2030.\n"                                                     # 9
        "China has strengthened international exchanges on space debris through the\n"  # 10
        "Space Debris Work Group of China-Russia Space Cooperation Sub-committee.\n"      # 11
        "China supports the activities of international organizations such as the\n"    # 12
        "International Telecommunication Union.\n"                                       # 13
    )
    lines, log = run_repair(text)
    assert rows(log, "orphan_bullet_glyph") == [(3, "•", ""), (4, "•", ""), (6, "•", "")]
    assert [(r.line, r.evidence) for r in log if r.rule == "bullet_glyph_reattached"] == [
        (8, "glyph orphaned on line 3"),
        (10, "glyph orphaned on line 4"),
        (12, "glyph orphaned on line 6"),
    ]
    clean = by_number(lines)
    assert not {3, 4, 6} & clean.keys(), "glyph-only lines are removed"
    assert [n for n, line in clean.items() if line.bullet] == [8, 10, 12]
    # the continuation lines of each item stay continuation lines
    assert not any(clean[n].bullet for n in (9, 11, 13))
    assert clean[8].text.startswith("China plays its role"), "the glyph is not kept in the text"


def test_an_item_whose_glyph_was_lost_inside_a_list_becomes_a_bullet(run_repair):
    text = (
        "(4) Deep-space exploration\n"                                                    # 1
        "• China launched the international lunar research station project with Russia.\n"  # 2
        "• In the Chang'e-4 lunar exploration mission China cooperated with Russia and the\n"  # 3
        "European Space Agency on engineering technology.\n"                              # 4
        " In the Tianwen-1 mission, China cooperated with the European Space Agency on\n"  # 5
        "engineering technology, and with Austria and France on payloads.\n"              # 6
    )
    lines, log = run_repair(text)
    assert rows(log, "bullet_glyph_lost") == [
        (5, "In the Tianwen-1 mission, China cooperated with the European Space Agency on",
         "• In the Tianwen-1 mission, China cooperated with the European Space Agency on"),
    ]
    clean = by_number(lines)
    assert [n for n, line in clean.items() if line.bullet] == [2, 3, 5]
    assert clean[2].text == "China launched the international lunar research station project with Russia."
    assert not clean[4].bullet and not clean[6].bullet


def test_a_web_rendering_keeps_its_glyphs_so_the_paragraph_closing_a_list_stays_a_paragraph(run_repair):
    text = (
        "I. Aims and Principles\n"                                                          # 1
        "China carries out its space activities according to the principles it has set out "
        "in its plans for the space industry, which it has followed over the past decades:\n"  # 2
        "• Upholding independence and self-reliance.\n"                                    # 3
        "• Supporting activities within the framework of the United Nations.\n"            # 4
        "These principles have guided China's space industry, and great progress has been made.\n"  # 5
        "II. Progress Made\n"                                                               # 6
    )
    lines, log = run_repair(text)
    assert rows(log, "bullet_glyph_lost") == []
    assert [n for n, line in by_number(lines).items() if line.bullet] == [3, 4]


def test_a_paragraph_after_a_heading_is_not_made_a_bullet(run_repair):
    text = (
        "(1) Global governance of outer space\n"                                # 1
        "China has proposed discussions on space exploration and innovation.\n"  # 2
        "It has advanced the Space2030 Agenda of the UN.\n"                     # 3
        "(2) Manned spaceflight\n"                                              # 4
        "• China has carried out gamma-ray burst polarization research.\n"      # 5
        "• China has completed the selection of space science experiments.\n"   # 6
        "(3) BeiDou Navigation Satellite System\n"                              # 7
        "China has coordinated BeiDou with other navigation systems.\n"         # 8
        "It has pressed ahead with international standardization of BeiDou.\n"  # 9
    )
    lines, log = run_repair(text)
    clean = by_number(lines)
    # 2-3: no list yet; 8-9: the heading on line 7 ended the list of (2)
    assert [n for n, line in clean.items() if line.bullet] == [5, 6]
    assert not [r for r in log if r.rule.startswith("bullet_glyph")]


# --- glued words in merged lines --------------------------------------------------------

# Normal lines of about 90 characters; a merged line (two PDF lines run together) is longer
# than 1.25 times the 95th percentile of line lengths.
_BODY = [
    "China's space industry serves its major strategic needs, and targets cutting-edge technology",
    "that leads the world. Spearheaded by the major space projects, the country has accelerated",
    "research into core technologies, stepped up their application, and redoubled its efforts to",
    "develop space technology and systems. China's capacity to enter and return from space has grown.",
]
_MERGED = (
    "The ground network has improved its coverage of the whole country, with growing {} TT&C "
    "capacity, which represents a significant progress in the overall system."
)


def _edition(token: str, evidence: tuple[str, ...] = (), merged: bool = True) -> str:
    """Preamble, body lines, the evidence lines, then the line holding `token`."""
    line = _MERGED.format(token) if merged else f"It has growing {token} TT&C capacity."
    return "\n".join(["Preamble", *_BODY, *evidence, line, *_BODY]) + "\n"


def _line_with(lines, needle):
    return next(line.text for line in lines if needle in line.text)


@pytest.mark.parametrize(
    "token, evidence, fixed, why",
    [
        ("spacebased", ("The space-based network is new.",), "space-based", '"space-based" appears elsewhere'),
        ("Shenzhou11", ("Shenzhou-12 docked with the core module.",), "Shenzhou-11", '"Shenzhou-<number>" appears elsewhere'),
        ("SinoEuropean", ("The Sino-Russian data center serves European users.",), "Sino-European",
         '"Sino" and "European" are words, one seen in a hyphenated compound'),
    ],
)
def test_a_glued_word_in_a_merged_line_is_split_with_evidence(run_repair, token, evidence, fixed, why):
    lines, log = run_repair(_edition(token, evidence))
    merged = _line_with(lines, "ground network")
    assert fixed in merged and token not in merged
    assert [(r.rule, r.before, r.after, r.evidence) for r in log] == [("glued_word", token, fixed, why)]
    assert log[0].line == 1 + len(_BODY) + len(evidence) + 1


@pytest.mark.parametrize(
    "token, evidence",
    [
        ("spacebased", ()),
        ("Shenzhou11", ()),
        ("SinoEuropean", ()),
        # half the evidence is not enough
        ("SinoEuropean", ("The Sino-Russian data center is open.",)),
        ("SinoEuropean", ("European users are welcome.",)),
        # the glued form seen whole in an ordinary line is a word of the document
        ("spacebased", ("The space-based network and the spacebased relay are new.",)),
    ],
)
def test_the_same_glued_token_is_left_alone_without_evidence(run_repair, token, evidence):
    lines, log = run_repair(_edition(token, evidence))
    assert token in _line_with(lines, "ground network")
    assert not [r for r in log if r.rule == "glued_word"]


def test_a_glued_word_in_a_normal_length_line_is_not_touched(run_repair):
    lines, log = run_repair(_edition("spacebased", ("The space-based network is new.",), merged=False))
    assert "growing spacebased TT&C" in _line_with(lines, "growing")
    assert not [r for r in log if r.rule == "glued_word"]


# The words of the 2021 edition around these terms: "multi-mode", "X-band", "Ka-band",
# "Hyperbola-1", "high-spectrum", "spectrums", "waveband" and "economic" standing alone.
_EDITION_2021_VOCABULARY = (
    "A high-resolution multi-mode imaging satellite carries X-band and Ka-band payloads.",
    "Hyperbola-1 rockets carry high-spectrum imagers that record spectrums in the waveband.",
    "It boosts the economic development of partner countries.",
)
# Evidence a document could easily give: each term's first half seen in a hyphenated compound
# and its second half as a word of its own.
_TEMPTING = (
    "A multi-mode satellite uses a wide band of frequencies.",
    "Socio-cultural ties and economic growth go together.",
    "Hyper-velocity tests gave spectral data.",
)
_TERMS = ["socioeconomic", "hyperspectral", "multiband"]


@pytest.mark.parametrize("term", _TERMS)
@pytest.mark.parametrize("evidence", [_EDITION_2021_VOCABULARY, _TEMPTING], ids=["2021-vocabulary", "tempting"])
def test_real_one_word_terms_stay_intact_with_the_keep_list(run_repair, term, evidence):
    lines, log = run_repair(_edition(term, evidence))
    assert f"growing {term} TT&C" in _line_with(lines, "ground network")
    assert not [r for r in log if r.rule == "glued_word"]


@pytest.mark.parametrize("term", _TERMS)
def test_real_one_word_terms_stay_intact_by_evidence_alone(run_repair, layout, term):
    no_keep = dataclasses.replace(layout, keep_words=frozenset())
    # control: the same document does split a glued word it has evidence for
    lines, log = run_repair(_edition("spacebased", (*_EDITION_2021_VOCABULARY, "Its space-based relay.")), no_keep)
    assert [r.after for r in log if r.rule == "glued_word"] == ["space-based"]

    lines, log = run_repair(_edition(term, _EDITION_2021_VOCABULARY), no_keep)
    assert f"growing {term} TT&C" in _line_with(lines, "ground network")
    assert not [r for r in log if r.rule == "glued_word"]


# --- the log as a whole ------------------------------------------------------------------

def test_every_repair_after_text_is_in_the_clean_lines(run_repair):
    text = "\n".join([
        "Preamble",
        *_BODY,
        "The space-based network serves Shenzhou-12.",
        _MERGED.format("spacebased"),
        " I. International Cooperation",
        "(1) Global governance of outer space",
        "• China participates in consultations on the long-term sustainability of outer",
        "space activities.",
        "",
        "China Aerospace Studies Institute",
        "",
        "2022",
        " •",
        "•",
        "",
        "China plays its role as the host country of APSCO.",
        "China supports the activities of international organizations.",
        " China has strengthened international exchanges on space debris.",
        "(2) Manned spaceflight",
        "• China has completed the selection of space science experiments, and conducted human",
        "medical research during the Shenzhou11 mission, and carried out joint drills with the European Astronaut Centre in caves and at sea.",
        *_BODY,  # enough ordinary lines that both long lines count as merged
        *_BODY,
    ]) + "\n"
    lines, log = run_repair(text)
    assert {r.rule for r in log} == {
        "running_footer", "page_number", "page_break_indent", "orphan_bullet_glyph",
        "bullet_glyph_reattached", "bullet_glyph_lost", "glued_word",
    }
    shown = {line.number: ("• " if line.bullet else "") + line.text for line in lines}
    for r in log:
        if r.line in shown:
            assert r.after and r.after in shown[r.line], r
    # a line that is gone was removed by its last repair (a glyph line may lose its indent first)
    last = {r.line: r for r in log}
    assert all(last[n].after == "" for n in last.keys() - shown.keys())
    assert last.keys() - shown.keys() == {13, 15, 16, 17}  # footer, year, two glyphs
    assert any("during the Shenzhou-11 mission" in t for t in shown.values())


def test_after_text_stays_true_when_one_line_gets_two_repairs(run_repair):
    text = "\n".join([
        "Preamble",
        *_BODY,
        "Shenzhou-12 docked with the core module.",
        "(2) Manned spaceflight",
        "• China has completed the selection of space science experiments.",
        # a new paragraph inside the list (glyph lost) that is also a merged line
        "China has conducted medical research during the Shenzhou11 mission, and carried out joint drills with the European Astronaut Centre in caves and at sea.",
        *_BODY,
    ]) + "\n"
    lines, log = run_repair(text)
    number = 1 + len(_BODY) + 4
    rows = [r for r in log if r.line == number]
    # the log is a sequence: each row shows the change its rule made to the line as it stood
    assert [r.rule for r in rows] == ["bullet_glyph_lost", "glued_word"]
    assert rows[1].before == "Shenzhou11" and rows[1].before in rows[0].after
    shown = {line.number: ("• " if line.bullet else "") + line.text for line in lines}
    assert shown[number] == rows[0].after.replace(rows[1].before, rows[1].after)


def test_a_web_renderings_broken_compound_and_split_word_are_joined_with_evidence(run_repair):
    text = (
        "I. Policies\n"                                                                          # 1
        "China supports all inter- governmental activities for the development of space science.\n"  # 2
        "It gives priority to the developmen t of applied satellites, in the short- and long-term.\n"  # 3
        "Its self- reliance is a principle, and the plan to go on is set out in a text of its own.\n"  # 4
    )
    lines, log = run_repair(text)
    assert rows(log, "broken_compound") == [(2, "inter- governmental", "inter-governmental"),
                                            (4, "self- reliance", "self-reliance")]
    assert rows(log, "broken_word") == [(3, "developmen t", "development")]
    clean = by_number(lines)
    assert "the development of applied satellites, in the short- and long-term." in clean[3].text
    assert clean[4].text.endswith("the plan to go on is set out in a text of its own.")  # words stay words
