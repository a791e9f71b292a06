"""The plan scorecard: plans of one edition matched by meaning to what the next one says, one
construction per test, with two small editions written for the point each proves."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from pipeline.diff import diff, render
from pipeline.editions import Edition
from pipeline.extractors import default_extractors
from pipeline.output import read
from pipeline.rules.scorecard import ScorecardRules
from pipeline.run import extract_edition
from pipeline.scorecard import Scorecard, lemmas, lemmatizer, stem, verb_phrases
from pipeline.write import write_folder
from tests.commands import one_line_error, run

OLD = """Preamble
In the next five years, China will continue with lunar and planetary exploration. It will:
• Launch the Chang'e-6 lunar probe to collect and bring back samples from the polar regions of the moon;
• Launch asteroid probes to sample near-earth asteroids and probe main-belt comets;
• Build a space traffic management system for the safe operation of spacecraft;
• Develop new rocket engines and combined cycle propulsion technologies;
• Study plans for boundary exploration of the solar system.
China will build a ground station with Indonesia.
The Development Targets are to build a long-term, stably operated earth observation system; to set up an independent satellite broadcasting system; and to establish a satellite navigation system step by step.
"""

NEW = """Preamble
The Chang'e-6 probe brought back 1,935.3 g of samples from the far side of the moon.
In May 2025, the Tianwen-2 probe was launched to sample a near-earth asteroid.
Work on new rocket engines and on combined cycle propulsion is under way.
The satellite broadcasting system has been completed and serves the whole country.
In the next five years, China will:
• Build a space traffic management system for the safe operation of spacecraft;
• Launch the Chang'e-7 lunar probe to the south pole of the moon.
The plan for a ground station in Indonesia was abandoned after a review.
"""


@pytest.fixture(scope="module")
def scored(tmp_path_factory, rules, nlp):
    out = tmp_path_factory.mktemp("scorecard")
    for ident, text in (("old", OLD), ("new", NEW)):
        path = out / f"{ident}.txt"
        path.write_text(text, encoding="utf-8")
        tables, manifest = extract_edition(Edition(ident, path), rules, nlp)
        write_folder(out, ident, tables, manifest)
    result = diff(read("old", out), read("new", out), rules)
    return out, result


def _plan(result, text: str) -> dict:
    return next(p for p in result["plans"] if p["kind"] == "sentence" and text in p["name"])


def test_a_plan_whose_object_is_reported_done_is_fulfilled_whatever_the_words(scored):
    plan = _plan(scored[1], "Chang'e-6")
    assert (plan["outcome"], plan["confidence"]) == ("fulfilled", "high")
    assert "brought back 1,935.3 g" in plan["new_evidence"]
    tied = next(p for p in scored[1]["plans"] if p["plan_id"] == "object:change-6")
    assert (tied["outcome"], tied["counted"], tied["plan_of"]) == ("fulfilled", False, plan["plan_id"])


def test_a_reworded_report_is_found_by_its_verb_and_object(scored):
    plan = _plan(scored[1], "asteroid probes")  # "Launch asteroid probes" ~ "probe was launched"
    assert plan["outcome"] == "fulfilled" and "Tianwen-2" in plan["new_evidence"]


def test_work_under_way_is_in_progress_and_a_plan_restated_is_carried_over(scored):
    assert _plan(scored[1], "rocket engines")["outcome"] == "in_progress"
    restated = _plan(scored[1], "traffic management")
    assert (restated["outcome"], restated["new_status"]) == ("carried_over", "planned")


def test_silence_is_not_mentioned_with_the_nearest_candidate_never_dropped(scored, rules):
    plan = _plan(scored[1], "boundary exploration")
    assert plan["outcome"] == "not_mentioned" and plan["new_evidence"] is None
    assert plan["candidate"] is not None and plan["candidate_score"] < rules.get(ScorecardRules).match.threshold


def test_only_what_new_says_was_abandoned_is_dropped(scored):
    dropped = [p for p in scored[1]["plans"] if p["outcome"] == "dropped" and p["counted"]]
    assert [p["name"] for p in dropped] == ["China will build a ground station with Indonesia."]
    assert "abandoned" in dropped[0]["new_evidence"]


def test_an_object_whose_plan_new_says_was_abandoned_is_dropped_with_its_sentence(tmp_path, rules, nlp):
    plan = _listed_plan(tmp_path, rules, nlp, old_text="China is working with Russia to coordinate the Chang'e-7 "
                        "mission with Russia's LUNA-Resource-1 orbiter mission.\n",
                        new_text="The plan to coordinate Chang'e-7 with Russia's LUNA-Resource-1 orbiter was "
                        "abandoned after the Russian mission was rescheduled.\n")
    assert plan["outcome"] == "dropped", plan["reason"]
    tied = next(p for p in diff(read("old", tmp_path), read("new", tmp_path), rules)["plans"]
                if p["plan_id"] == "object:luna-resource-1")
    assert (tied["outcome"], tied["new_evidence_id"]) == ("dropped", plan["new_evidence_id"]), tied["reason"]


def test_a_semicolon_list_of_infinitives_is_split_into_its_tasks(scored):
    tasks = [p for p in scored[1]["plans"] if p["kind"] == "sentence" and "#" in p["key"]]
    assert [p["key"].split("#")[1] for p in tasks] == ["1", "2", "3"]
    by_verb = {re.search(r"\bto (\w+)", p["name"])[1]: p for p in tasks}  # "build", "set", "establish"
    assert "broadcasting system has been completed" in by_verb["set"]["new_evidence"]
    assert by_verb["set"]["outcome"] in ("fulfilled", "in_progress")
    # each task is judged on its own: the report of the broadcasting system is not the report of the others
    assert by_verb["build"]["outcome"] != "fulfilled" and "broadcasting" not in (by_verb["build"]["new_evidence"] or "")


LISTED = ("In the next five years, China will further expand the family of its carrier rockets, send new "
          "solid-fuel carrier rockets into space, and speed up the research and development of heavy-lift "
          "launch vehicles.\n")
EXPANDED = ("Since 2021, China has expanded the family of its carrier rockets, and new solid-fuel carrier "
            "rockets have been sent into space from land and from ships at sea.\n")


def _listed_plan(tmp_path, rules, nlp, new_text: str, old_text: str = LISTED) -> dict:
    for ident, text in (("old", "Preamble\n" + old_text), ("new", "Preamble\n" + new_text)):
        path = tmp_path / f"{ident}.txt"
        path.write_text(text, encoding="utf-8")
        tables, manifest = extract_edition(Edition(ident, path), rules, nlp)
        write_folder(tmp_path, ident, tables, manifest)
    plans = [p for p in diff(read("old", tmp_path), read("new", tmp_path), rules)["plans"] if p["kind"] == "sentence"]
    assert len(plans) == 1, "one plan sentence, judged as one plan (a verb-phrase list is not split into rows)"
    return plans[0]


def test_a_plan_listing_tasks_is_in_progress_while_new_speaks_of_one_only_as_under_way(tmp_path, rules, nlp):
    plan = _listed_plan(tmp_path, rules, nlp, EXPANDED + "Research and development of heavy-lift launch "
                        "vehicles is under way, and their engines are being tested.\n")
    assert plan["outcome"] == "in_progress", plan["reason"]
    # held back by the heavy-lift task NEW reports under way (its second paragraph), by the task's own
    # check or by what of the plan's words only that report covers
    assert "under way" in plan["reason"] and "(preamble/2/1)" in plan["reason"], plan["reason"]


def test_each_task_of_a_plan_is_matched_by_what_sets_it_apart_not_by_the_topic_it_shares(tmp_path, rules, nlp):
    """Both tasks speak of near-earth objects; a report of monitoring done must not stand in for
    the defense system, which NEW reports only as being developed."""
    plan = _listed_plan(tmp_path, rules, nlp, old_text="China will study plans for building a near-earth object "
                        "defense system, and increase the capacity of near-earth object monitoring, cataloguing "
                        "and early warning.\n",
                        new_text="China has increased its capacity to discover, track and catalogue near-earth "
                        "objects.\nA planetary defense system is being developed.\n")
    assert plan["outcome"] == "in_progress", plan["reason"]
    assert "reports work under way on \"China will study plans for building a near-earth object defense system\"" \
        in plan["reason"], plan["reason"]


def test_a_task_is_not_done_by_the_report_of_its_sibling_that_shares_the_topic(tmp_path, rules, nlp):
    """The report of the registration done speaks of "frequency and orbit resources" too; the
    regulations, which NEW only plans again, are not done by it."""
    plan = _listed_plan(tmp_path, rules, nlp, old_text="China will study and formulate regulations on the "
                        "management of satellite frequency and orbit resources, and strengthen the declaration, "
                        "coordination and registration of these resources to safeguard the country's legitimate rights and "
                        "interests.\n",
                        new_text="The declaration, coordination and registration of satellite frequency and orbit "
                        "resources have been strengthened to safeguard the country's legitimate rights and "
                        "interests.\nChina will formulate regulations on satellite "
                        "navigation, the licensing of civil launches and the management of frequency and orbit "
                        "resources.\n")
    assert plan["outcome"] == "in_progress", plan["reason"]
    assert "plans again \"China will study and formulate regulations" in plan["reason"], plan["reason"]


def test_a_series_flown_does_not_fulfil_what_a_plan_asks_of_it(tmp_path, rules, nlp):
    """A series is achieved once a member flies; the plan asks more of it than that, so the words
    decide (here a short report shares a fifth of them), not the series' fate."""
    plan = _listed_plan(tmp_path, rules, nlp, old_text="Tianzhou cargo spacecraft will carry propellant and supplies to the "
                        "space station, and astronauts will stay in orbit for six months at a time.\n",
                        new_text="Tianzhou cargo spacecraft have flown four times.\n")
    assert plan["objects"] == ["tianzhou-series"]
    assert not plan["reason"].startswith("its objects are reported done"), plan["reason"]
    assert "its series, which do not decide it: tianzhou-series: fulfilled" in plan["reason"], plan["reason"]


def test_work_under_way_in_the_closest_match_is_not_outweighed_by_a_looser_report_done(tmp_path, rules, nlp):
    plan = _listed_plan(tmp_path, rules, nlp, old_text="China will use its space station to conduct astronomical "
                        "observations, earth science research and space science experiments in microgravity.\n",
                        new_text="Astronomical observations and earth science research on the space station are "
                        "being prepared, and space science experiments in microgravity have begun.\n"
                        "The space station has hosted space science experiments in microgravity.\n")
    assert plan["outcome"] == "in_progress", plan["reason"]
    assert plan["new_evidence_id"] == "preamble/1/1", plan["reason"]


def test_a_task_made_only_of_the_plans_common_topic_is_not_judged_apart(tmp_path, rules, nlp):
    """The first task has no word of its own: NEW's new plan on meteorological data does not make
    the plan, reported done whole, only in progress."""
    plan = _listed_plan(tmp_path, rules, nlp, old_text="China will promote global application of data from "
                        "meteorological satellites, support the provision of data from the China-France "
                        "Oceanography Satellite to the World Meteorological Organization, and promote global "
                        "sharing of the data obtained by Zhangheng-1.\n",
                        new_text="Fengyun data now serve users in 130 countries, data from "
                        "the China-France Oceanography Satellite are supplied to the World Meteorological "
                        "Organization, and data from Zhangheng-1 are shared globally.\n"
                        "China will expand the global application of data from meteorological satellites.\n")
    assert plan["outcome"] == "fulfilled", plan["reason"]


def test_a_plan_listing_tasks_is_fulfilled_when_new_says_nothing_against_any(tmp_path, rules, nlp):
    plan = _listed_plan(tmp_path, rules, nlp, EXPANDED + "The heavy-lift launch vehicle has completed its "
                        "research and development, and it made its maiden flight in 2025.\n")
    assert plan["outcome"] == "fulfilled", plan["reason"]


@pytest.mark.parametrize("old_text, new_text, outcome", [
    # progress made is a report of work done, not of work under way
    ("China will establish a satellite navigation and positioning system to serve users across the country.\n",
     "China has made great progress: its satellite navigation and positioning system has been established and "
     "serves users across the country.\n", "fulfilled"),
    # a network taking shape is under way, not done
    ("China will build a satellite communications network with high and low orbit coordination.\n",
     "A satellite communications network in which high-orbit and low-orbit satellites work in coordination is "
     "taking shape.\n", "in_progress"),
    # a sign of work under way counts as a word, not inside another ("initial" is not "initially")
    ("China will establish a satellite navigation and positioning system to serve users across the country.\n",
     "The satellite navigation and positioning system, initially meant for regional users, has been established "
     "and serves users across the country.\n", "fulfilled"),
    # work reported going on is under way, unless going on with it was the plan
    ("China will build a Belt and Road Space Information Corridor for the countries along the routes.\n",
     "Construction of the Belt and Road Space Information Corridor has continued, with services extended to "
     "more countries along the routes.\n", "in_progress"),
    ("China will press ahead with the construction of the Belt and Road Space Information Corridor for the "
     "countries along the routes.\n",
     "Construction of the Belt and Road Space Information Corridor has continued, with services extended to "
     "more countries along the routes.\n", "fulfilled"),
    # a sentence no trigger decides (neither report nor plan) that says work is under way
    ("The Long March family will be upgraded step by step to make the rockets more reliable and less polluting.\n",
     "The Long March carrier rockets are being upgraded to make them more reliable and less polluting.\n",
     "in_progress"),
], ids=["progress-made", "taking-shape", "whole-words", "work-going-on", "going-on-was-the-plan",
        "undecided-but-under-way"])
def test_what_news_wording_says_of_the_plan(tmp_path, rules, nlp, old_text, new_text, outcome):
    plan = _listed_plan(tmp_path, rules, nlp, old_text=old_text, new_text=new_text)
    assert plan["outcome"] == outcome, plan["reason"]


REUSABLE_PLAN = ("I. Space Transport System\nIn the next five years, China will continue to strengthen research "
                 "into key technologies for reusable space transport systems, and conduct test flights accordingly.\n")
REUSABLE_DONE = ("Reusable rocket stages have flown vertical take-off and landing tests to altitudes above ten "
                 "kilometers, and a reusable experimental spacecraft has completed further orbital flights in space.\n")


def test_a_reworded_report_counts_as_done_in_a_related_section_not_elsewhere(tmp_path, rules, nlp):
    """A reworded report shares few of the plan's words; standing where the plan stood (a section of
    the same title) the match model reads it as the report of it, elsewhere it is not enough."""
    plans = {}
    for title in ("Space Transport System", "Space Science"):
        folder = tmp_path / title.replace(" ", "-")
        folder.mkdir()
        plans[title] = _listed_plan(folder, rules, nlp, old_text=REUSABLE_PLAN, new_text=f"I. {title}\n{REUSABLE_DONE}")
    related, elsewhere = plans["Space Transport System"], plans["Space Science"]
    assert related["outcome"] == "fulfilled", (related["score"], related["reason"])
    assert elsewhere["outcome"] != "fulfilled", (elsewhere["score"], elsewhere["reason"])
    assert related["candidate_score"] > elsewhere["candidate_score"]


@pytest.mark.parametrize("keeps_up", [False, True], ids=["a-plan-restated", "an-activity-kept-up"])
def test_a_weaker_report_does_not_outweigh_the_plan_restated_beside_it_unless_the_plan_keeps_an_activity_up(
        tmp_path, rules, nlp, keeps_up):
    """The restatement is the best match here, so the plan stays a plan; but a plan to continue
    an activity ("will continue to strengthen research ...") planned again for the next period is
    the activity going on, and the report of its test flights fulfils it."""
    old_text = REUSABLE_PLAN if keeps_up else REUSABLE_PLAN.replace("continue to strengthen", "strengthen")
    restated = "In the next five years, China will strengthen research into reusable space transport systems.\n"
    plan = _listed_plan(tmp_path, rules, nlp, old_text=old_text,
                        new_text=f"I. Space Transport System\n{REUSABLE_DONE}{restated}")
    assert (plan["outcome"] == "fulfilled") == keeps_up, (plan["outcome"], plan["score"], plan["reason"])


@pytest.mark.parametrize("new_text", [
    "China and Brazil signed an agreement in 2023 to develop the China-Brazil Earth Resources Satellite 06 together.\n",
    "China and Brazil signed an agreement in 2023 to develop the CBERS-06 satellite, after CBERS-04A.\n",
], ids=["next-member", "members"])
def test_a_plan_of_a_whole_series_is_not_mismatched_by_its_next_member(tmp_path, rules, nlp, new_text):
    """"The CBERS program" and "CBERS-06": NEW names the programme's next satellite, not another
    object of the series (as Chang'e-7 is for a plan of Chang'e-6), so the match keeps its score."""
    plan = _listed_plan(tmp_path, rules, nlp, new_text=new_text, old_text="It will press ahead with follow-up "
                        "cooperation in the China-Brazil Earth Resources Satellites program.\n")
    assert plan["candidate"] == new_text.strip()
    assert plan["candidate_score"] > rules.get(ScorecardRules).match.threshold * 0.5, plan
    assert not (plan["outcome"] == "not_mentioned" and plan["confidence"] == "high"), plan


def _object_plans(tmp_path, rules, nlp, old_text: str, new_text: str) -> dict[str, dict]:
    _listed_plan(tmp_path, rules, nlp, new_text=new_text, old_text=old_text)
    return {p["key"]: p for p in diff(read("old", tmp_path), read("new", tmp_path), rules)["plans"]
            if p["kind"] == "object"}


@pytest.mark.parametrize("new_text, outcome", [
    ("The Fengyun-4A and Fengyun-4B satellites were launched into geostationary orbit.\n", "fulfilled"),
    ("The geostationary system is being upgraded with the launch of the Fengyun-4A satellite.\n", "in_progress"),
    ("China will launch the Fengyun-4C satellite.\n", "carried_over"),
], ids=["units-launched", "unit-launched-work-under-way", "unit-planned"])
def test_a_satellite_generation_is_judged_by_the_units_of_it_new_names(tmp_path, rules, nlp, new_text, outcome):
    """"The Fengyun-4 series" is spoken of by NEW naming Fengyun-4A and 4B, though it never names the generation."""
    plans = _object_plans(tmp_path, rules, nlp, "China will launch the Fengyun-4 series of geostationary satellites.\n",
                          new_text)
    assert (plans["fengyun-4"]["outcome"], plans["fengyun-4"]["new_evidence"]) == (outcome, new_text.strip())
    assert "unit" in plans["fengyun-4"]["reason"], plans["fengyun-4"]["reason"]  # decided by the units, not by wording


def test_a_rocket_variant_is_not_a_unit_of_the_rocket(tmp_path, rules, nlp):
    """Long March-7A is a variant of the Long March-7, not one of it: its flight does not fulfil a plan of the Long March-7."""
    plans = _object_plans(tmp_path, rules, nlp, "China will launch the Long March-7 carrier rocket.\n",
                          "The Long March-7A carrier rocket made its maiden flight.\n")
    assert plans["long-march-7"]["outcome"] != "fulfilled", plans["long-march-7"]


@pytest.mark.parametrize("old_text, fulfilled", [
    ("Foreign astronauts will be invited to take part in flights to the Chinese space station.\n", False),
    ("China will complete the Chinese space station.\n", True),
], ids=["flights-to", "complete-it"])
def test_an_object_named_only_as_where_the_plan_is_carried_out_does_not_decide_it(tmp_path, rules, nlp, old_text,
                                                                                   fulfilled):
    """The station built is not the foreign astronauts' flights to it; building it is."""
    plan = _listed_plan(tmp_path, rules, nlp, old_text=old_text,
                        new_text="The Chinese space station was completed in 2022.\n")
    assert (plan["outcome"] == "fulfilled") == fulfilled, plan["reason"]
    assert ("where it is done" in plan["reason"]) != fulfilled, plan["reason"]


def test_crewed_and_manned_meet_on_one_lemma_whatever_the_lookup_table_makes_of_them(rules):
    """The lookup lemmatizer reads "crew" as the past of "crow" and "manned" as "man"; the synonym
    groups take the words as it gives them."""
    canonical = rules.get(ScorecardRules).canonical
    words = {canonical.get(t.lemma_.lower(), t.lemma_.lower()) for t in lemmatizer()("crew crewed manned astronauts")}
    assert words == {"astronaut"}


@pytest.mark.parametrize("plan_word, report_word", [
    ("maintenance", "maintaining"),  # irregular: a synonym group
    ("monitoring", "monitor"),
    ("cooperation", "cooperated"),
    ("capacity", "capabilities"),  # one thing in this genre ("capacity to enter space", "launch capabilities")
])
def test_derived_forms_of_one_word_meet_on_one_content_lemma(rules, plan_word, report_word):
    """A plan of "in-orbit maintenance" is reported by astronauts "maintaining" spacecraft."""
    card = rules.get(ScorecardRules)
    nlp = lemmatizer()
    content = [{stem(card.canonical.get(t.lemma_.lower(), t.lemma_.lower())) for t in nlp(w)}
               for w in (plan_word, report_word)]
    assert content[0] == content[1]


def _content_words(scored, rules, *texts: str) -> list[set[str]]:
    """Each text's content lemmas, as the scorecard matches them."""
    out, _ = scored
    nlp = lemmatizer()
    card = Scorecard(read("old", out), read("new", out), rules, default_extractors(), nlp)
    return [set(card.old.content_list(lemmas(list(nlp(text))))) for text in texts]


@pytest.mark.parametrize("compound, alone, word", [
    ("the first man-made satellites", "the first manned spacecraft", "astronaut"),
    ("heavy-lift rockets", "rockets that lift satellites", "launch"),
])
def test_a_part_of_a_hyphenated_compound_keeps_its_own_word(scored, rules, compound, alone, word):
    """"man-made" is no crew and "heavy-lift" no launch; the same word on its own takes its synonym."""
    words = _content_words(scored, rules, compound, alone)
    assert word not in words[0]
    assert word in words[1]


def test_how_much_is_no_content_word(scored, rules):
    """"at least ten years", "more than 40,000", "around 2022": the lemmatizer turns "least" and "more"
    into "little" and "much", which would be a plan's rarest words; numbers in any form say how much."""
    text = "operate it for at least ten years, serve more than 40,000 ships, weigh 1,935.3 g around 2022"
    assert _content_words(scored, rules, text) == [{"oper", "serv", "ship", "weigh"}]


def test_derived_forms_of_different_words_stay_apart():
    """Governance is not government, nor experience experiment: "-ance" and "-ence" stay."""
    assert stem("governance") != stem("government")
    assert stem("experience") != stem("experiment")


@pytest.mark.parametrize("text, parts", [
    ("China will expand the family of carrier rockets, send new solid-fuel rockets into space, and speed up "
     "the research on heavy-lift rockets.", 3),
    ("It will study plans for building a defense system, and increase the capacity of monitoring and warning.", 2),
    ("It will include studying regulations on frequency and orbit resources, and strengthening the registration "
     "of these resources.", 2),
    # a noun the verb can also be, and a part too short to be a task of its own, keep the plan whole
    ("China will improve its satellites, launch vehicles and ground systems, and launch services for clients "
     "at home and abroad.", 1),
    ("China will build the new satellites of the series, and launch them.", 1),
])
def test_coordinated_verb_phrases_are_a_plans_parts(rules, text, parts):
    assert len(verb_phrases(text, 0, len(text), rules.get(ScorecardRules))) == parts


def test_every_commitment_is_counted_once(scored):
    counted = [p for p in scored[1]["plans"] if p["counted"]]
    assert len({p["plan_id"] for p in counted}) == len(counted)
    assert all(p["plan_of"] is None for p in counted)
    assert all(p["plan_of"] in {c["plan_id"] for c in counted} for p in scored[1]["plans"] if not p["counted"])
    assert all(0.0 <= p["score"] <= 1.0 and p["confidence"] in ("high", "medium", "low") for p in counted)


def test_text_output_leads_with_counts_then_outcomes_in_order(scored):
    text = render(scored[1], "old", "new", "text")
    head, *rest = text.splitlines()
    assert head.startswith("old -> new:") and "plans:" in head and "fulfilled" in head
    order = [line.split(" (")[0] for line in rest if line and not line.startswith((" ", "~", "+", "-"))]
    assert order == [o for o in ("fulfilled", "in_progress", "not_mentioned", "dropped", "carried_over") if o in order]
    only = render(scored[1], "old", "new", "text", outcome="dropped")
    assert "ground station" in only and "Chang'e-6" not in only.split("\n", 1)[1]
    assert render(scored[1], "old", "new", "text", summary_only=True).count("\n") == 1


def test_csv_and_markdown(scored):
    rows = list(csv.DictReader(io.StringIO(render(scored[1], "old", "new", "csv"))))
    assert {r["outcome"] for r in rows} >= {"fulfilled", "not_mentioned", "dropped"}
    assert all(r["plan_id"] for r in rows)
    tricky = {**scored[1], "changes": [{"table": "t", "key": "a|b", "change": "changed", "field": "f",
                                         "old": "<b>[x](y)</b>", "new": "n"}]}
    markdown = render(tricky, "old", "new", "markdown")
    assert "a\\|b" in markdown and "\\<b\\>\\[x\\](y)\\</b\\>" in markdown


def test_the_command_on_a_self_diff_says_no_changes(scored):
    out = scored[0]
    result = run("diff", "new", "new", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "no changes" in result.stdout.splitlines()[0] and len(result.stdout.splitlines()) == 1
    listed = run("diff", "new", "new", "--out", str(out), "--plans")
    assert "carried_over" in listed.stdout and len(listed.stdout.splitlines()) > 1


def test_diff_show_and_report_on_a_diff_folder(scored):
    out = scored[0]
    assert run("diff", "old", "new", "--out", str(out)).returncode == 0
    folder = out / "diffs" / "old-new"
    shown = run("show", str(folder), "plans", "--format", "csv")
    assert shown.returncode == 0 and "plan_id" in shown.stdout.splitlines()[0]
    assert one_line_error(run("diff", str(folder), "new", "--out", str(out)), "diff folder")
    assert one_line_error(run("report", str(folder), "--out", str(out)), "diff folder")


def test_a_diff_whose_edition_was_extracted_again_is_flagged(scored, tmp_path):
    out = tmp_path / "out"
    shutil_copy = __import__("shutil").copytree
    shutil_copy(scored[0], out)
    assert run("diff", "old", "new", "--out", str(out)).returncode == 0
    changed = tmp_path / "new.txt"
    changed.write_text(NEW + "China has launched the Gaofen-7 satellite.\n", encoding="utf-8")
    assert run("extract", str(changed), "--edition", "new", "--out", str(out), "--force").returncode == 0
    shown = run("show", str(out / "diffs" / "old-new"), "--out", str(out))
    assert shown.returncode == 0 and "extracted again" in shown.stderr
    manifest = json.loads((out / "diffs" / "old-new" / "manifest.json").read_text())
    assert manifest["diff"]["new_source_sha256"] != json.loads((out / "new" / "manifest.json").read_text())["source"]["sha256"]
