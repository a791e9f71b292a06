"""Status: each sentence planned, achieved or neutral, from its own triggers, an open scope or
its section's default. Small texts in the 2021 layout run through the whole pipeline.

Section titles here avoid the words that give a section a default status ("future", "plan",
"next five years", "achievements") unless the test is about that default.
"""

from __future__ import annotations

import pytest


def sentences(run_text, text: str) -> dict[str, dict]:
    """Sentence rows by their first words (the texts here make those unique)."""
    rows = run_text(text)["sentences"]
    out = {}
    for row in rows:
        key = " ".join(row["text"].split()[:4])
        assert key not in out, f"ambiguous test text: {key}"
        out[key] = row
    return out


def verdict(row: dict) -> tuple:
    return row["status"], row["status_rule"], row["status_trigger"]


def only_sentence(run_text, sentence: str) -> dict:
    rows = run_text(f"Preamble\n{sentence}\n")["sentences"]
    assert [r["text"] for r in rows] == [sentence]
    return rows[0]


# --- scopes ------------------------------------------------------------------------------

LIST_TEXT = """\
I. Development of Space Technology
1. Space Transport System
In the next five years, China will continue to improve its launch vehicle family. It will:
• Improve the performance of the Long March family of launch vehicles.
• Work on reusable launch vehicles and their key technologies.
• Support commercial companies in this field.
2. Space Infrastructure
The satellite system covers the whole country.
"""


def test_a_five_year_intro_ending_in_a_colon_makes_every_bullet_planned(run_text):
    s = sentences(run_text, LIST_TEXT)
    assert verdict(s["In the next five"]) == ("planned", "next-five-years", "In the next five years")
    intro = s["It will:"]
    assert verdict(intro) == ("planned", "will", "will")
    bullets = [s["Improve the performance of"], s["Work on reusable launch"], s["Support commercial companies in"]]
    assert [verdict(b) for b in bullets] == [("planned", "scope", intro["sentence_id"])] * 3


def test_a_scope_ends_at_the_next_heading_at_its_level(run_text):
    s = sentences(run_text, LIST_TEXT)
    assert s["The satellite system covers"]["section_id"] == "I.2"
    # no planned scope: the sentence's own present tense says the system is in service
    assert verdict(s["The satellite system covers"]) == ("achieved", "system-serves", "system covers")


def test_a_scope_opened_in_a_section_reaches_its_subsections(run_text):
    text = """\
I. Space Science
1. Exploration Missions
In the next five years, China will carry out a range of scientific missions.
(1) Lunar exploration
The lunar program continues with robotic missions to the south pole.
(2) Experiments in space
Microgravity research covers physics and biology.
2. Space Debris
Debris monitoring covers low orbits.
"""
    s = sentences(run_text, text)
    opener = s["In the next five"]["sentence_id"]
    assert verdict(s["The lunar program continues"]) == ("planned", "scope", opener)
    assert s["The lunar program continues"]["section_id"] == "I.1.1"
    assert verdict(s["Microgravity research covers physics"]) == ("planned", "scope", opener)
    assert s["Microgravity research covers physics"]["section_id"] == "I.1.2"
    assert verdict(s["Debris monitoring covers low"]) == ("neutral", None, None)


def test_a_scope_ends_where_the_text_turns_back_to_what_was_done(run_text):
    text = """\
I. Space Governance
In the next five years, China will improve its space laws. The regulations cover licensing and
registration. China has launched a review of its regulations. The review covers licensing.
The courts hear space cases.
"""
    s = sentences(run_text, text)
    opener = s["In the next five"]["sentence_id"]
    assert verdict(s["The regulations cover licensing"]) == ("planned", "scope", opener)
    assert verdict(s["China has launched a"]) == ("achieved", "perfect", "has launched")
    assert verdict(s["The review covers licensing."]) == ("neutral", None, None)
    assert verdict(s["The courts hear space"]) == ("neutral", None, None)


def test_a_list_scope_reaches_only_the_bullets_under_its_intro(run_text):
    text = """\
I. Space Applications
1. Communications
China will:
• Expand satellite communications services.
• Extend navigation services to ocean fishing.
2. Broadcasting
The country will:
Satellite television reaches remote villages.
• Expand direct broadcasting services.
3. Remote Sensing
The main tasks are:
• Expand remote-sensing services.
"""
    s = sentences(run_text, text)
    intro = s["China will:"]["sentence_id"]
    assert verdict(s["Expand satellite communications services."]) == ("planned", "scope", intro)
    assert verdict(s["Extend navigation services to"]) == ("planned", "scope", intro)
    # a paragraph between the intro and the bullets ends the list scope ...
    assert verdict(s["The country will:"]) == ("planned", "will", "will")
    assert verdict(s["Satellite television reaches remote"]) == ("neutral", None, None)
    assert verdict(s["Expand direct broadcasting services."]) == ("neutral", None, None)
    # ... and an intro that is not planned opens none
    assert verdict(s["Expand remote-sensing services."]) == ("neutral", None, None)


@pytest.mark.parametrize(
    "first, second_status",
    [
        ("China sets out its main tasks in the next five years in this chapter.", ("neutral", None, None)),
        ("In the next five years, China will set out its main tasks in this chapter.", ("planned", "scope")),
    ],
    ids=["mid-sentence", "sentence-start"],
)
def test_only_a_sentence_opening_five_year_phrase_opens_a_block_scope(run_text, first, second_status):
    text = f"I. Space Governance\n{first}\nThe tasks cover launch vehicles and satellites.\n"
    s = sentences(run_text, text)
    opener = next(row for key, row in s.items() if key != "The tasks cover launch")
    assert opener["status"] == "planned"
    assert opener["status_rule"] in {"next-five-years", "next-five-years-inline"}
    second = verdict(s["The tasks cover launch"])
    assert second[: len(second_status)] == second_status
    if second_status[0] == "planned":
        assert second[2] == opener["sentence_id"]


# --- a sentence's own triggers -----------------------------------------------------------

@pytest.mark.parametrize(
    "sentence, status, rule, trigger",
    [
        ("China has launched the Tianwen-1 Mars probe.", "achieved", "perfect", "has launched"),
        ("Since 2016, China's space industry grew fast.", "achieved", "since-year", "Since 2016"),
        ("China launched the Tianwen-1 Mars probe.", "achieved", "simple-past", "launched"),
        ("China will launch the Chang'e-7 probe.", "planned", "will", "will"),
        ("China plans to build a lunar research station.", "planned", "plans-to", "plans to"),
        ("China is jointly developing a lunar research station with Russia.", "planned", "is-developing",
         "is jointly developing"),
        ("China has always advocated the peaceful use of outer space.", "neutral", "has-always", "has always"),
        # the country's stated aim is a plan; a thing's aim is its purpose
        ("China aims to strengthen its space presence.", "planned", "china-aims-to", "China aims to"),
        ("These measures aim to raise the quality of the industry.", "neutral", "thing-aims-to", "measures aim to"),
        # the older editions open with the world's space activities: context, not a report
        ("Mankind's space activities have developed for half a century.", "neutral", "world-context", "Mankind"),
        ("Space activities around the world have been flourishing.", "neutral", "world-context",
         "Space activities around the world"),
        # standing practice and the normative voice of policy
        ("China participates in the activities of the United Nations.", "achieved", "practice", "China participates"),
        ("The role of the space industry should be strengthened.", "planned", "should", "should"),
        ("The country is to build a new launch site.", "planned", "is-to", "is to"),
        # no trigger at all, and a participle after an adverb the rule excludes
        ("The space industry is a critical element of the national strategy.", "neutral", None, None),
        ("The newly launched satellites serve many users.", "achieved", "system-serves", "satellites serve"),
    ],
)
def test_a_sentence_takes_the_status_its_own_trigger_states(run_text, sentence, status, rule, trigger):
    assert verdict(only_sentence(run_text, sentence)) == (status, rule, trigger)


@pytest.mark.parametrize(
    "weaker, stronger, combined, expected",
    [
        ("China completed the core module.", "China will launch two lab modules.",
         "Having completed the core module, China will launch two lab modules.", "planned"),
        ("China will oppose an arms race in outer space.", "China has always advocated peaceful use.",
         "China has always advocated peaceful use and will oppose an arms race in outer space.", "neutral"),
        ("China has signed many agreements.", "China has always advocated peaceful use.",
         "China has always advocated peaceful use and has signed many agreements.", "neutral"),
    ],
    ids=["planned-over-achieved", "neutral-over-planned", "neutral-over-achieved"],
)
def test_precedence_within_one_sentence_is_neutral_then_planned_then_achieved(
    run_text, weaker, stronger, combined, expected
):
    # each half on its own states a different status ...
    assert only_sentence(run_text, weaker)["status"] != expected
    assert only_sentence(run_text, stronger)["status"] == expected
    # ... and together the stronger category wins
    assert only_sentence(run_text, combined)["status"] == expected


# --- section defaults --------------------------------------------------------------------

def test_a_major_achievements_section_makes_its_untriggered_sentences_achieved(run_text):
    text = """\
I. Major Achievements
The space station hosts crews on long missions.
1. Launch Vehicles
The Long March 5 carries heavy payloads. China aims to raise its capacity. It will launch more.
(1) Heavy lift
The heavy rocket lifts large modules.
II. Space Governance
The courts hear space cases.
"""
    s = sentences(run_text, text)
    default = ("achieved", "section:achievements", "I")
    assert verdict(s["The space station hosts"]) == default
    assert verdict(s["The Long March 5"]) == default
    assert verdict(s["The heavy rocket lifts"]) == default
    # a sentence's own trigger still wins over the section's default
    assert verdict(s["China aims to raise"]) == ("planned", "china-aims-to", "China aims to")
    assert verdict(s["It will launch more."]) == ("planned", "will", "will")
    # the default ends with the section
    assert verdict(s["The courts hear space"]) == ("neutral", None, None)
