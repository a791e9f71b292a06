"""What the foundation issue says the 2021 edition must show."""

from __future__ import annotations

import re
from collections import Counter

from pipeline.model import OBJECT_TABLES

GLUED = ["spacebased", "newgeneration", "high-spectrumresolution", "Shenzhou11", "SinoEuropean",
         "SRSS1", "inorbit", "ecommerce", "satelliteground", "remotesensing"]


def test_top_level_is_preamble_six_chapters_conclusion(rows_2021):
    top = [(s["section_id"], s["role"]) for s in rows_2021["sections"] if s["level"] == 1]
    assert top == [("preamble", "body"), ("I", "body"), ("II", "body"), ("III", "body"), ("IV", "body"),
                   ("V", "body"), ("VI", "body"), ("conclusion", "body"), ("back-matter", "back_matter")]


def test_numbered_sections_and_subsections_with_titles(rows_2021):
    by_id = {s["section_id"]: s for s in rows_2021["sections"]}
    assert by_id["II.1"]["title"] == "Space Transport System"
    assert by_id["II.2.1"]["title"] == "Satellite remote-sensing system" and by_id["II.2.1"]["parent_id"] == "II.2"
    assert by_id["II.5"]["title"] == "Space Launch Sites and Telemetry, Tracking and Command (TT&C)"
    assert by_id["I.3.a"]["title"] == "Innovation-driven development" and by_id["I.3.a"]["level"] == 4
    assert by_id["I.3.d"]["title"] == "Cooperation and sharing"
    counts = Counter(s["level"] for s in rows_2021["sections"])
    # Preamble, I-VI, Conclusion, back matter; 3+7+2+2+7+3 sections; 3+2+2+4+8+8 subsections
    assert counts == {1: 9, 2: 24, 3: 27, 4: 4}
    for chapter, last in {"I": 3, "II": 7, "III": 2, "IV": 2, "V": 7, "VI": 3}.items():
        numbers = [s["number"] for s in rows_2021["sections"] if s["parent_id"] == chapter]
        assert numbers == list(range(1, last + 1))


def test_no_segment_holds_footer_glyph_or_glued_word(rows_2021):
    for segment in rows_2021["segments"]:
        text = segment["text"]
        assert "China Aerospace Studies Institute" not in text
        assert "•" not in text and text.strip() not in {"", "2022"}
        assert text == text.strip()
        for word in GLUED:
            assert not re.search(rf"\b{re.escape(word)}\b", text), (word, segment["segment_id"])


def test_bullets_are_each_their_own_segment(rows_2021):
    segments = {s["segment_id"]: s for s in rows_2021["segments"]}
    # the page that starts with three orphaned glyphs: three items, three segments
    assert [segments[f"VI.2.1/{n}"]["kind"] for n in range(1, 6)] == ["bullet"] * 5
    assert segments["VI.2.1/3"]["text"].startswith("China plays its role as the host country of APSCO")
    # the item whose glyph was lost at a page break
    assert segments["VI.2.4/3"]["kind"] == "bullet"
    assert segments["VI.2.4/3"]["text"].startswith("In the Tianwen-1 mission")
    # an item spanning lines is one segment
    assert segments["II.3/6"]["text"].endswith("exploring and developing cislunar space.")
    assert Counter(s["kind"] for s in rows_2021["segments"])["bullet"] == 91


def test_statuses_follow_the_plan_passages(rows_2021):
    sentences = {s["sentence_id"]: s for s in rows_2021["sentences"]}
    # "In the next five years, China will ... It will:" makes the bullets under it planned
    plan_bullets = [s for s in rows_2021["sentences"] if s["segment_id"].startswith("II.4.2/") and s["segment_id"] != "II.4.2/1"]
    assert {s["status"] for s in plan_bullets} == {"planned"}
    assert sentences["II.4.2/1/1"]["status"] == "achieved"  # Tianwen-1 orbited and landed
    assert sentences["II.1/1/1"]["status"] == "achieved"  # From 2016 to December 2021 ...
    assert sentences["I.3.c/1/1"]["status"] == "neutral"  # has always advocated
    assert sentences["VI.2.5/1/3"]["status"] == "planned"  # is jointly developing MisrSat-2
    assert sentences["preamble/4/1"]["status"] == "neutral"  # purpose of the white paper
    # the scope ends at the next section: no sentence of II.5.1 inherits II.4.2's plan
    assert all(s["status_rule"] != "scope" for s in rows_2021["sentences"] if s["section_id"] == "II.5.1")


def test_sentence_offsets_reproduce_their_text(rows_2021):
    segments = {s["segment_id"]: s["text"] for s in rows_2021["segments"]}
    for sentence in rows_2021["sentences"]:
        assert segments[sentence["segment_id"]][sentence["start"]:sentence["end"]] == sentence["text"]


def test_partners_table_one_row_per_real_partner(rows_2021):
    partners = {p["partner_id"]: p for p in rows_2021["partners"]}
    assert len(partners) == len(rows_2021["partners"])
    countries = {pid for pid, p in partners.items() if p["type"] == "country"}
    assert all(partners[c]["iso3"] == c and len(c) == 3 for c in countries)
    assert {"RUS", "USA", "NLD", "SAU", "FRA", "BRA", "ITA", "PAK", "EGY"} <= countries
    assert not {"CHN", "HKG", "MAC", "TWN"} & set(partners)
    framework_ids = {f["framework_id"] for f in rows_2021["frameworks"]}
    assert {"outer-space-treaty", "belt-and-road-initiative", "agenda-2030"} <= framework_ids
    assert not framework_ids & set(partners)
    assert partners["esa"]["type"] == "organization" and partners["apsco"]["type"] == "organization"
    joint = partners["sino-russian-joint-data-center"]
    assert joint["type"] == "joint_body" and joint["countries"] == ["RUS"]
    assert partners["RUS"]["joint_body_mentions"] >= 1  # the joint body counts for Russia too
    assert "Deep-space exploration" in partners["RUS"]["contexts"]


def _links(rows_2021, section_id):
    return {(l["partner_id"], l["entity_id"], l["role"]) for l in rows_2021["partner_links"] if l["section_id"] == section_id}


def test_links_of_the_deep_space_subsection(rows_2021):
    assert _links(rows_2021, "VI.2.4") == {
        ("RUS", "international-lunar-research-station", "international lunar research station project"),
        ("RUS", "change-7", "coordinate Chang'e-7's lunar polar exploration mission"),
        ("RUS", "luna-resource-1", None),  # "Russia's LUNA-Resource-1": the partner names the object
        ("RUS", "change-4", "engineering technology"), ("esa", "change-4", "engineering technology"),
        ("SWE", "change-4", "payloads"), ("DEU", "change-4", "payloads"),
        ("NLD", "change-4", "payloads"), ("SAU", "change-4", "payloads"),
        ("esa", "tianwen-1", "engineering technology"), ("AUT", "tianwen-1", "payloads"), ("FRA", "tianwen-1", "payloads"),
    }


def test_links_of_the_space_technology_subsection(rows_2021):
    assert _links(rows_2021, "VI.2.5") == {
        ("FRA", "cfosat", None), ("BRA", "cbers-04a", None), ("ETH", "etrss-1", None),
        ("apsco", "student-small-satellites", "Student Small Satellites (SSS)"),
        ("PAK", "prss-1", None), ("VEN", "vrss-2", None), ("SDN", "srss-1", None), ("DZA", "alcomsat-1", None),
        ("EGY", "misrsat-2", None),  # "It is jointly developing the MisrSat-2": Egypt's satellite
    }


# --- status per mention (the status issue's must-shows) ----------------------------------------

def _objects(rows_2021) -> dict[str, dict]:
    return {r["entity_id"]: r for t in OBJECT_TABLES for r in rows_2021[t]}


def test_planned_missions_are_the_papers_flagship_plans(rows_2021):
    planned = {r["entity_id"] for r in rows_2021["missions"] if r["status"] == "planned"}
    assert {"change-6", "change-7", "change-8", "wentian", "mengtian", "xuntian",
            "international-lunar-research-station"} <= planned
    assert planned - {"change-6", "change-7", "change-8", "wentian", "mengtian", "xuntian",
                      "international-lunar-research-station"} == {"luna-resource-1"}  # Russia's, not yet flown


def test_what_was_only_developed_is_planned_and_what_flew_is_achieved(rows_2021):
    objects = _objects(rows_2021)
    for planned in ("change-6", "svom", "einstein-probe", "international-lunar-research-station", "smile", "extp",
                    "aso-s", "zhangheng-1-02", "misrsat-2"):
        assert objects[planned]["status"] == "planned", planned
    assert objects["svom"]["stage"] == objects["misrsat-2"]["stage"] == "in_development"
    for achieved in ("tianwen-1", "zhurong", "change-5", "zhongxing-6c", "zhongxing-9b", "tianhe", "beidou"):
        assert objects[achieved]["status"] == "achieved", achieved
    assert objects["zhongxing-6c"]["stage"] == "operating"


def test_the_egypt_misrsat_2_link_is_achieved_while_the_satellite_is_planned(rows_2021):
    (link,) = [l for l in rows_2021["partner_links"] if l["entity_id"] == "misrsat-2" and l["partner_id"] == "EGY"]
    assert (link["status"], link["pairing"]) == ("achieved", "owner")
    assert _objects(rows_2021)["misrsat-2"]["status"] == "planned"


def test_links_pair_each_partner_with_the_object_of_its_own_phrase(rows_2021):
    # "research with the European Space Agency on the Tiangong-2 space laboratory, ... with France
    # during the Shenzhou11 manned spaceflight mission, ... with the European Astronaut Centre"
    links = {(l["partner_id"], l["entity_id"], l["pairing"]) for l in rows_2021["partner_links"]
             if l["sentence_id"] == "VI.2.2/1/1"}
    assert links == {("esa", "tiangong-2", "phrase"), ("FRA", "shenzhou-11", "phrase")}


def test_places_are_not_partners(rows_2021):
    partners = {p["partner_id"] for p in rows_2021["partners"]}
    assert not {"AFG", "MOZ", "asia-pacific"} & partners  # the drought in Afghanistan, parts of the Asia-Pacific
    assert "LAO" in partners  # Laos is also named in cooperation
    places = {m["entity_id"] for m in rows_2021["mentions"] if m["role"] == "location"}
    assert {"AFG", "MOZ", "LAO", "asia-pacific"} <= places
