"""Status per mention: each object and partner takes the status of the predicate that governs
it, one construction per test, with sentences written for the point they prove."""

from __future__ import annotations

import pytest

from pipeline.model import OBJECT_TABLES


def _run(run_text, body: str) -> dict[str, list[dict]]:
    return run_text("Preamble\n" + body + "\n")


def _mention(tables, entity_id: str, n: int = 0) -> dict:
    return [m for m in tables["mentions"] if m["entity_id"] == entity_id][n]


def _row(tables, entity_id: str) -> dict:
    return next(r for t in (*OBJECT_TABLES, "partners") for r in tables[t]
                if r.get("entity_id", r.get("partner_id")) == entity_id)


@pytest.mark.parametrize("text, entity_id, status, stage, rule", [
    # an achieved verb governs the object after it, a subject before it
    ("China launched the Gaofen-7 satellite.", "gaofen-7", "achieved", "launched", "simple-past"),
    ("The Chang'e-5 lunar probe brought back samples.", "change-5", "achieved", "completed", "simple-past"),
    ("The Tianzhou-1 cargo spacecraft has docked with the Tiangong-2 space laboratory.", "tiangong-2",
     "achieved", "completed", "perfect"),
    # passive, past and future
    ("The Chang'e-5 probe was launched in 2020.", "change-5", "achieved", "launched", "past-passive"),
    ("The Tianwen-2 probe will be launched in 2025.", "tianwen-2", "planned", "planned", "will"),
    # negation: not yet done is not done
    ("The Xuntian space telescope has not yet been launched.", "xuntian", "planned", "planned", "not-yet"),
    # development nominals and verbs: work under way is not a launched object
    ("It has continued the joint development of the SVOM satellite.", "svom", "planned", "in_development",
     "development-of"),
    ("It is jointly developing the MisrSat-2 remote-sensing satellite.", "misrsat-2", "planned", "in_development",
     "is-developing"),
    ("China will continue with the research and development of the Einstein Probe.", "einstein-probe", "planned",
     "in_development", "development-of"),
    # the project, not the station
    ("China launched the international lunar research station project together with Russia.",
     "international-lunar-research-station", "planned", "in_development", "project"),
    # a mission selected, approved or proposed is not yet realised, whatever verb went before
    ("China and the European Space Agency cooperated on TT&C support, jointly selected the SMILE mission in "
     "2015 and continued the Dragon Programme.", "smile", "planned", "in_development", "chosen"),
    # partners joining a project say it goes on, not that it is built
    ("The international lunar research station has since been joined by Venezuela and South Africa.",
     "international-lunar-research-station", "planned", "in_development", "joined-by"),
    # "while" opens a clause of its own: the report before it does not reach the object after it
    ("The Einstein Probe is now in orbit, while SMILE remains under development.", "smile", "planned",
     "in_development", "under-way"),
    ("The Einstein Probe is now in orbit, while SMILE remains under development.", "einstein-probe", "achieved",
     "operating", "in-operation"),
    # working toward a launch names none
    ("It will work toward the launch of the Einstein Probe.", "einstein-probe", "planned", "planned", "will"),
    # satellites described as in service exist
    ("The Zhongxing-6C and Zhongxing-9B satellites ensure stable broadcasting services.", "zhongxing-6c",
     "achieved", "operating", "object-serves"),
    # what is improved exists, even in a plan
    ("China will improve the reliability of the Long March rockets.", "long-march-series", "achieved", "operating",
     "presupposed"),
])
def test_the_governing_trigger_sets_the_mention(run_text, text, entity_id, status, stage, rule):
    mention = _mention(_run(run_text, text), entity_id)
    assert (mention["status"], mention["stage"], mention["status_rule"]) == (status, stage, rule)


def test_a_shielding_nominal_keeps_the_verb_off_the_object(run_text):
    tables = _run(run_text, "It has launched payload cooperation in the Chang'e-6 lunar exploration mission.")
    mention = _mention(tables, "change-6")
    assert tables["sentences"][0]["status"] == "achieved"  # the cooperation was launched
    assert (mention["status"], mention["status_rule"]) == ("neutral", "shield:cooperation-in")
    assert _row(tables, "change-6")["status"] == "neutral"


def test_a_shielded_object_planned_elsewhere_is_planned(run_text):
    tables = _run(run_text, "It has launched payload cooperation in the Chang'e-6 lunar exploration mission. "
                            "China will launch the Chang'e-6 lunar probe.")
    row = _row(tables, "change-6")
    assert (row["status"], row["stage"], row["status_rule"]) == ("planned", "planned", "will")
    assert row["evidence_sentence_id"] == "preamble/1/2"  # the mention that decided it, not the first


def test_coordinated_objects_each_take_their_own_verb(run_text):
    tables = _run(run_text, "China has launched Tianwen-1 and will launch Tianwen-2.")
    assert _mention(tables, "tianwen-1")["status"] == "achieved"
    assert _mention(tables, "tianwen-2")["status"] == "planned"
    tables = _run(run_text, "China launched the Gaofen-7, Haiyang-2B and Fengyun-4B satellites.")
    assert {_mention(tables, e)["status"] for e in ("gaofen-7", "haiyang-2b", "fengyun-4b")} == {"achieved"}


@pytest.mark.parametrize("text, status", [
    ("China will launch the Chang'e-7 probe, which has completed its tests.", "planned"),
    ("The Chang'e-5 probe, which was launched in 2020, brought back samples.", "achieved"),
])
def test_a_relative_clause_speaks_of_its_own_noun(run_text, text, status):
    entity = "change-7" if "Chang'e-7" in text else "change-5"
    assert _mention(_run(run_text, text), entity)["status"] == status


def test_a_participle_speaks_of_the_noun_before_it(run_text):
    tables = _run(run_text, "Through the United Nations, data obtained by the Chang'e-4 probe will be shared.")
    assert _mention(tables, "change-4")["status"] == "achieved"  # its data exist
    assert _mention(tables, "united-nations")["status"] == "planned"  # the sharing is to come


def test_an_imperative_plan_bullet_is_planned_through_its_list(run_text):
    tables = run_text("Preamble\nIn the next five years, China will:\n• Launch the Chang'e-7 lunar probe;\n"
                      "• Launch the Tianwen-2 asteroid probe.\n")
    for entity in ("change-7", "tianwen-2"):
        mention = _mention(tables, entity)
        assert (mention["status"], mention["stage"], mention["status_rule"]) == ("planned", "planned", "sentence")
    assert [s["status_rule"] for s in tables["sentences"][1:]] == ["scope", "scope"]


def test_present_tense_practice_is_cooperation_going_on(run_text):
    tables = _run(run_text, "China participates in the activities organized by the United Nations.")
    assert tables["sentences"][0]["status"] == "achieved"
    assert tables["sentences"][0]["status_rule"] == "practice"
    assert _row(tables, "united-nations")["status"] == "achieved"


def test_a_policy_in_a_gerund_bullet_is_going_on(run_text):
    tables = run_text("Preamble\nThe basic policies are as follows:\n"
                      "• Supporting activities within the framework of the United Nations.\n")
    sentence = tables["sentences"][-1]
    assert (sentence["status"], sentence["status_rule"]) == ("achieved", "gerund-bullet")
    assert _row(tables, "united-nations")["status"] == "achieved"


def test_a_gerund_bullet_under_the_following_principles_states_a_principle(run_text):
    tables = run_text("Preamble\nChina carries out its space activities according to the following principles:\n"
                      "• Upholding independence and self-reliance.\n"
                      "• Supporting activities within the framework of the United Nations.\n"
                      "I. International Cooperation\n"
                      "The basic policies are as follows:\n"
                      "• Supporting activities of the Asia-Pacific Space Cooperation Organization.\n")
    statuses = [(s["status"], s["status_rule"]) for s in tables["sentences"]]
    assert statuses[1:3] == [("neutral", "scope"), ("neutral", "scope")]
    assert tables["sentences"][1]["status_trigger"] == tables["sentences"][0]["sentence_id"]
    # the principles end with their list: a later policy bullet is practice going on again
    assert statuses[4] == ("achieved", "gerund-bullet")
    assert _row(tables, "apsco")["status"] == "achieved"


def test_a_gerund_bullet_under_a_planned_intro_is_a_plan_but_a_run_in_label_is_not(run_text):
    tables = run_text("Preamble\nChina will also give priority to the following projects:\n"
                      "-- Delivering a remote-sensing satellite to Pakistan;\n"
                      "-- Training people. China will train engineers for the space industry.\n")
    statuses = [(s["text"], s["status"], s["status_rule"]) for s in tables["sentences"]]
    assert statuses[1] == ("Delivering a remote-sensing satellite to Pakistan;", "planned", "scope")
    # the label that runs into the bullet's own sentence keeps its reading; the sentence is the plan
    assert statuses[2] == ("Training people.", "achieved", "gerund-bullet")
    assert statuses[3][1:] == ("planned", "will")


def test_a_participle_set_off_by_commas_does_not_decide_the_sentence(run_text):
    tables = run_text("Preamble\nIn space science, China will:\n"
                      "• Launch the Zhangheng-1 satellite, developed with Italy, to study earthquakes;\n")
    bullet = tables["sentences"][1]
    assert (bullet["status"], bullet["status_rule"]) == ("planned", "scope")
    # the sentence's own verb still decides it, and without a comma "developed" is the verb
    for text, rule in (("The Ziyuan-1 satellites, developed jointly with Brazil, were launched in 1999.", "past-passive"),
                       ("China developed the Zhangheng-1 satellite with Italy.", "simple-past")):
        sentence = _run(run_text, text)["sentences"][0]
        assert (sentence["status"], sentence["status_rule"]) == ("achieved", rule)


def test_set_up_after_help_and_its_object_is_the_infinitive_not_the_past(run_text):
    tables = run_text("Preamble\nChina will also give priority to the following projects:\n"
                      "-- Helping Egypt set up a satellite assembly centre;\n")
    bullet = tables["sentences"][1]
    assert bullet["status"] == "planned"
    for text, status in (("China has helped Egypt set up a satellite assembly centre.", "achieved"),
                         ("China set up a satellite assembly centre with Egypt.", "achieved"),
                         ("It will help developing countries set up ground stations.", "planned")):
        assert _run(run_text, text)["sentences"][0]["status"] == status, text


def test_a_task_named_as_the_launch_of_under_a_planned_intro_is_planned_and_so_is_its_object(run_text):
    """"The main tasks ... are:" / "- around 2017, the launch of the Chang'e-5 probe ...;": the
    bullet names a task, not an event done; the same words reporting a launch stay achieved."""
    tables = run_text("Preamble\nThe main tasks of lunar exploration in the next five years are:\n"
                      "- around 2017, the launch of the Chang'e-5 probe, to bring lunar samples back to earth;\n")
    assert tables["sentences"][1]["status"] == "planned"
    assert _mention(tables, "change-5")["status"] == "planned"
    tables = _run(run_text, "The launch of the Chang'e-5 probe marked the success of the three steps.")
    assert (_mention(tables, "change-5")["status"], tables["sentences"][0]["status"]) == ("achieved", "achieved")


def test_participles_after_to_be_and_an_adverb_or_a_coordinated_one_are_no_past(run_text):
    """"to be jointly developed and launched": neither participle reports anything done."""
    tables = run_text("Preamble\nIn the next five years China will focus on the following areas:\n"
                      "- the China-Brazil Earth Resources Satellite 04A, to be jointly developed and launched;\n"
                      "- the Chang'e-6 probe, to be developed and launched;\n")
    assert [s["status"] for s in tables["sentences"][1:]] == ["planned", "planned"]
    assert [_mention(tables, e)["status"] for e in ("cbers-04a", "change-6")] == ["planned", "planned"]
    for text in ("China and Brazil jointly developed and launched CBERS-4.",
                 "The Fengyun-4 satellite was successfully developed and launched."):
        assert _run(run_text, text)["sentences"][0]["status"] == "achieved", text


@pytest.mark.parametrize("text, status", [
    ("China aims to build itself into a space power in all respects.", "planned"),
    ("China also aims to carry out key technology research on Mars sampling and return.", "planned"),
    ("These measures aim to raise the quality of China's space industry.", "neutral"),
    ("The mission also aims to study the solar wind.", "neutral"),
])
def test_the_country_aiming_to_do_something_is_a_plan_a_thing_aiming_to_is_a_purpose(run_text, text, status):
    assert _run(run_text, text)["sentences"][0]["status"] == status


def test_a_promised_partnership_is_planned(run_text):
    tables = _run(run_text, "China will work with Egypt to build a ground station.")
    assert _row(tables, "EGY")["status"] == "planned"


def test_joint_work_under_way_is_an_achieved_link_and_a_planned_object(run_text):
    tables = _run(run_text, "China is jointly developing the MisrSat-2 remote-sensing satellite with Egypt.")
    (link,) = tables["partner_links"]
    assert (link["partner_id"], link["entity_id"], link["status"]) == ("EGY", "misrsat-2", "achieved")
    assert _row(tables, "misrsat-2")["status"] == "planned"
    assert _row(tables, "EGY")["status"] == "achieved"


def test_a_series_is_achieved_when_a_member_is(run_text):
    tables = _run(run_text, "China launched CBERS-04A. It will press ahead with cooperation on the "
                            "China-Brazil Earth Resources Satellite program.")
    series = _row(tables, "cbers-series")
    assert series["status"] == "achieved"
    assert series["evidence_mention_id"] == _mention(tables, "cbers-04a")["mention_id"]


@pytest.mark.parametrize("text, status, rule", [
    ("The function of the Fengyun satellites should be consolidated.", "planned", "should"),
    ("The country is to launch its first lunar probe around 2007.", "planned", "is-to"),
    ("China plans to send astronauts on a space walk.", "planned", "plans-to"),
    ("The aim is to explore outer space.", "neutral", "aims-to"),
    ("China holds that outer space should be used for peaceful purposes.", "neutral", "stance"),
    ("China's space cooperation at present mainly covers the following:", "achieved", "at-present"),
])
def test_the_policy_voice_of_older_editions(run_text, text, status, rule):
    sentence = _run(run_text, text)["sentences"][0]
    assert (sentence["status"], sentence["status_rule"]) == (status, rule)
