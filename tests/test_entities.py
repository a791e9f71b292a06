"""Named space objects: gazetteer names, unseen names, compact forms, aliases, spellings."""

from __future__ import annotations

import pytest

from pipeline.extractors.objects.gazetteer import ObjectRules, spellings
from pipeline.model import OBJECT_TABLES, slug


def _mentions(run_text, body: str) -> list[dict]:
    """Mentions of space objects (partners join the same table, tested in test_partners)."""
    return [m for m in run_text("Preamble\n" + body + "\n")["mentions"] if m["table"] != "partners"]


def _ids(mentions: list[dict]) -> list[str]:
    return [m["entity_id"] for m in mentions]


def _entities(run_text, body: str) -> dict[str, dict]:
    tables = run_text("Preamble\n" + body + "\n")
    return {row["entity_id"]: {**row, "table": name}
            for name in OBJECT_TABLES for row in tables[name]}


def test_known_series_with_a_new_number_is_classified_by_its_series(run_text):
    found = _entities(run_text, "China launched Gaofen-7 and Shijian-21 on a Long March-6 rocket, after Chang'e-3 landed.")
    assert found["gaofen-7"]["series"] == "gaofen-series" and found["gaofen-7"]["table"] == "satellites"
    assert found["shijian-21"]["table"] == "satellites" and found["shijian-21"]["series"] == "shijian-series"
    assert found["long-march-6"]["table"] == "launch_vehicles" and found["long-march-6"]["kind"] == "carrier rocket"
    assert found["change-3"]["table"] == "missions" and found["change-3"]["series"] == "change-series"


def test_a_number_the_gazetteer_never_lists_gets_a_series_entity(run_text, rules):
    assert rules.get(ObjectRules).lookup("Fengyun-9Z") is None and rules.get(ObjectRules).lookup("Long March-99") is None
    found = _entities(run_text, "China will launch the Fengyun-9Z satellite and the Long March-99 carrier rocket.")
    assert found["fengyun-9z"]["source"] == "series" and found["fengyun-9z"]["kind"] == "meteorological satellite"
    assert found["long-march-99"]["name"] == "Long March-99" and found["long-march-99"]["status"] == "planned"


@pytest.mark.parametrize(
    "sentence, entity_id, table",
    [
        ("China has launched the Xingyun-3 remote sensing satellite.", "xingyun-3", "satellites"),
        ("The Qilin-2 lunar probe has landed on the moon.", "qilin-2", "missions"),
        ("The Pangu-5 carrier rocket has made its maiden flight.", "pangu-5", "launch_vehicles"),
        ("China will send the Nuwa-1 spacecraft to Venus.", "nuwa-1", "missions"),
    ],
)
def test_unseen_series_next_to_a_space_noun_is_unclassified(run_text, sentence, entity_id, table):
    found = _entities(run_text, sentence)
    assert found[entity_id]["table"] == table
    assert found[entity_id]["kind"] == "unclassified" and found[entity_id]["source"] == "unclassified"


def test_a_capitalised_word_before_a_known_name_is_not_part_of_it(run_text):
    """A sentence opener or qualifier before a known name ("Further Tiantong-1 satellites") was
    taken as a two-word unseen name, a new object no other edition names."""
    body = ("Further Tiantong-1 satellites will be launched. New Fengyun-3 satellites will follow. "
            "The Macao Science-1 satellites were launched.")
    assert _ids(_mentions(run_text, body)) == ["tiantong-1", "fengyun-3", "mss-1"]


def test_each_beidou_generation_is_an_object_of_its_own(run_text):
    """A BeiDou paper plans BDS-3 while BDS-2 serves: were BDS-3 the system as a whole, the plan
    would vanish under the system's achieved status, and the next edition's report of BDS-3
    completed would fulfil nothing."""
    found = _entities(run_text, "BDS-2 has provided services since 2012. BDS-3 will be completed by 2020. "
                                "The BeiDou system will be compatible with GPS.")
    assert (found["beidou-2"]["status"], found["beidou-3"]["status"]) == ("achieved", "planned")
    assert found["beidou-3"]["series"] == found["beidou"]["series"] == "beidou-series"


def test_a_leading_zero_in_a_designator_does_not_make_another_object(run_text):
    """Editions write one satellite both ways ("CBERS-06", "CBERS-6"); an id is stable across
    editions only if the zero goes. A gazetteer member keeps its own id whichever way it is
    written, and a serial after the number ("Tiantong-1 01") keeps its zero."""
    body = ("China and Brazil will develop CBERS-06. CBERS-6 will be launched. Zhuque-05 rockets will fly. "
            "CBERS-4A has been launched. The Tiantong-1 01 satellite was launched.")
    assert _ids(_mentions(run_text, body)) == ["cbers-6", "cbers-6", "zhuque-5", "cbers-04a", "tiantong-1-01"]


def test_unseen_name_without_space_context_and_unnamed_descriptions_are_not_entities(run_text):
    mentions = _mentions(
        run_text,
        "Covid-19 control improved. China has launched a hyperspectral observation satellite "
        "and a number of commercial remote-sensing satellites under the Group 20 mechanism.",
    )
    assert mentions == []


@pytest.mark.parametrize(
    "text, expected, first",
    [
        ("the Haiyang-1C/1D satellites", ["haiyang-1c", "haiyang-1d"], "Haiyang-1C"),
        ("the Haiyang-2B/2C/2D satellites", ["haiyang-2b", "haiyang-2c", "haiyang-2d"], "Haiyang-2B"),
        ("Its Fengyun-4A/4B meteorological satellites", ["fengyun-4a", "fengyun-4b"], "Fengyun-4A"),
        ("the Huanjing Jianzai-2A/2B satellites", ["huanjing-jianzai-2a", "huanjing-jianzai-2b"], "Huanjing Jianzai-2A"),
        ("the Tiantong-1 02/03 satellites", ["tiantong-1-02", "tiantong-1-03"], "Tiantong-1 02"),
        ("The Tianzhou-2 and Tianzhou-3 cargo spacecraft", ["tianzhou-2", "tianzhou-3"], "Tianzhou-2"),
        ("the Gaofen-11/12 satellites", ["gaofen-11", "gaofen-12"], "Gaofen-11"),
    ],
)
def test_compact_forms_expand_to_one_entity_per_object(run_text, text, expected, first):
    mentions = _mentions(run_text, f"China has launched {text}.")
    assert _ids(mentions) == expected
    assert mentions[0]["surface"] == first


def test_compact_parts_keep_their_exact_spans(run_text):
    tables = run_text("Preamble\nChina has launched the Haiyang-2B/2C/2D satellites.\n")
    text = tables["segments"][1]["text"]
    surfaces = [(m["surface"], text[m["start"]:m["end"]]) for m in tables["mentions"] if m["table"] != "partners"]
    assert surfaces == [("Haiyang-2B", "Haiyang-2B"), ("2C", "2C"), ("2D", "2D")]


def test_parenthetical_and_also_known_as_aliases_resolve_to_one_entity(run_text):
    found = _entities(
        run_text,
        "The Dark Matter Particle Explorer (DAMPE) Satellite obtained data. Wukong has since helped. "
        "The Huiyan (Insight) Hard X-ray Modulation Telescope was launched. Insight has since discovered more. "
        "Zhangheng-1, also known as the China Seismo-Electromagnetic Satellite, helped to obtain data.",
    )
    assert set(found) == {"dampe", "hxmt", "zhangheng-1"}
    assert found["dampe"]["mention_count"] == 2
    assert found["hxmt"]["mention_count"] == 2
    assert found["zhangheng-1"]["mention_count"] == 2


def test_an_acronym_defined_in_the_text_is_learned(run_text):
    mentions = _mentions(
        run_text,
        "China has launched the Kunlun Ocean Radar Satellite (KORS) with partners. "
        "Data from KORS has been shared with many countries.",
    )
    # the long form and its acronym in brackets are one mention; the later use is another
    assert _ids(mentions) == ["kors", "kors"]
    assert [m["surface"] for m in mentions] == ["Kunlun Ocean Radar Satellite (KORS)", "KORS"]
    assert {m["table"] for m in mentions} == {"satellites"}


def test_alias_defined_by_also_known_as_is_found_again_later(run_text):
    mentions = _mentions(
        run_text,
        "China launched Zhangheng-9, also known as the Thunder Watch Satellite, in 2029. "
        "The Thunder Watch Satellite has been in service since then.",
    )
    assert _ids(mentions) == ["zhangheng-9"] * 3


@pytest.mark.parametrize(
    "written, entity_id",
    [
        ("Chang'e-4", "change-4"), ("Chang’e-4", "change-4"), ("Chang'e 4", "change-4"), ("Chang’e 4", "change-4"),
        ("Long March-5", "long-march-5"), ("Long March 5", "long-march-5"), ("CZ-5", "long-march-5"),
        ("BeiDou", "beidou"), ("Beidou", "beidou"),
    ],
)
def test_spelling_variants_resolve_to_one_id(run_text, written, entity_id):
    mentions = _mentions(run_text, f"China has launched {written} successfully.")
    assert _ids(mentions) == [entity_id]
    assert mentions[0]["surface"] == written


def test_a_bare_series_is_a_series_entity_but_a_proper_name_around_it_is_not(run_text):
    found = _entities(
        run_text,
        "The Long March carrier rocket series has flown often. TT&C missions of the Shenzhou and Tianzhou "
        "spacecraft series have been completed. Students joined the Tiangong Classroom and the Fengyun Satellite "
        "User Conference, and visited the Wenchang International Aviation and Aerospace Forum.",
    )
    assert set(found) == {"long-march-series", "shenzhou-series", "tianzhou-series"}
    assert all(row["kind"].endswith("series") for row in found.values())


def test_an_older_edition_introduces_a_series_by_abbreviation_pinyin_and_gloss(run_text):
    """'"DFH" (Dongfanghong, or The East is Red) ... satellites': one mention of the series,
    whatever words stand between the parentheses and the noun (case, several modifiers)."""
    tables = run_text(
        "Preamble\nChina has developed six series -- \"DFH\" (Dongfanghong, or The East is Red) telecommunications "
        "and broadcasting satellites, \"SJ\" (Shijian, or Practice) scientific research and technological "
        "experiment satellites, \"ZY\" (Ziyuan, or Resources) Earth resource satellites, and \"Beidou\" (Plough) "
        "navigation and positioning satellites.\n")
    mentions = [m for m in tables["mentions"] if m["table"] != "partners"]
    assert [(m["entity_id"], m["surface"], m["rule"]) for m in mentions] == [
        ("dongfanghong-series", '"DFH" (Dongfanghong, or The East is Red)', "naming"),
        ("shijian-series", '"SJ" (Shijian, or Practice)', "naming"),
        ("ziyuan-series", '"ZY" (Ziyuan, or Resources)', "naming"),
        ("beidou-series", '"Beidou" (Plough)', "naming"),
    ]
    aliases = {r["entity_id"]: set(r["aliases"]) for r in tables["satellites"]}
    assert {"DFH", "The East is Red"} <= aliases["dongfanghong-series"], "abbreviation and gloss are its names"


def test_a_quoted_name_in_parentheses_that_names_something_else_is_no_naming(run_text):
    found = _entities(run_text, 'China supports the "FY" (a new policy) and the "Kuafu" (Chinese for sun chaser) plans.')
    assert found == {}


@pytest.mark.parametrize(
    "sentence, entity_id",
    [
        ('This will be achieved by improving the reliability of the "Long-March" group.', "long-march-series"),
        ("Long-March rockets have made 100 flights.", "long-march-series"),
        ("The Fengyun meteorological satellites are in service.", "fengyun-series"),
        ("China launched FY-3D and a LM-2F rocket.", "fengyun-3d"),
    ],
)
def test_bare_series_names_hyphenated_quoted_and_abbreviated(run_text, sentence, entity_id):
    assert entity_id in _entities(run_text, sentence)


def test_an_abbreviation_counts_only_with_a_number_or_in_quotes(run_text):
    found = _entities(run_text, "The SD card and the LM rockets, CZ-2F, LM-3B and SZ-5 flew.")
    assert set(found) == {"long-march-2f", "long-march-3b", "shenzhou-5"}


def test_a_series_whose_name_is_a_common_word_counts_only_with_a_number(run_text):
    found = _entities(run_text, "Gravity satellites measure the field. Gravity-1 rockets have flown.")
    assert set(found) == {"gravity-1"}


def test_entity_status_is_achieved_if_any_mention_is(run_text):
    found = _entities(
        run_text,
        "In the next five years, China will launch Tianwen-2. China has launched Tianwen-1. "
        "China will launch Tianwen-1 again.",
    )
    assert found["tianwen-1"]["status"] == "achieved" and found["tianwen-1"]["mention_count"] == 2
    assert found["tianwen-2"]["status"] == "planned"


def test_work_under_way_on_a_thing_outweighs_a_plan_for_it_that_comes_first(run_text):
    found = _entities(
        run_text,
        "China will build the international lunar research station with its partners. "
        "Construction of the international lunar research station is under way.",
    )
    station = found["international-lunar-research-station"]
    assert (station["status"], station["stage"]) == ("planned", "in_development")
    assert station["evidence"].startswith("Construction of the international lunar research station")


def test_mention_offsets_reproduce_their_surface_text_in_2021(rows_2021):
    segments = {s["segment_id"]: s["text"] for s in rows_2021["segments"]}
    assert len(rows_2021["mentions"]) > 100
    for mention in rows_2021["mentions"]:
        assert segments[mention["segment_id"]][mention["start"]:mention["end"]] == mention["surface"]


def test_no_double_counting_in_2021(rows_2021):
    ids = [row["entity_id"] for name in OBJECT_TABLES for row in rows_2021[name]]
    assert len(ids) == len(set(ids))
    names = [row["name"] for name in OBJECT_TABLES for row in rows_2021[name]]
    assert len(names) == len(set(names))
    for table in (*OBJECT_TABLES, "partners"):
        mentions = [m for m in rows_2021["mentions"] if (m["table"] == "partners") == (table == "partners")]
        assert len({(m["segment_id"], m["start"]) for m in mentions}) == len(mentions)


def test_gazetteer_ids_are_slugs_and_spellings_cover_apostrophes(rules):
    gazetteer = rules.get(ObjectRules)
    assert all(entity_id == slug(entity_id) for entity_id in gazetteer.entities)
    assert slug("Chang’e-4") == slug("Chang'e-4") == "change-4"
    assert {"Chang'e-4", "Chang’e-4", "Chang'e 4", "Chang’e 4"} <= spellings("Chang'e-4")


def test_the_gazetteer_pipe_finds_what_spacys_span_ruler_finds_with_the_same_patterns(rules, nlp):
    """`space_gazetteer` replaced spaCy's `span_ruler` (which tokenizes its phrase patterns at
    every start): on every paragraph of the 2021 edition and of the test editions, the same
    spans, labels and ids."""
    import spacy

    from pipeline.extractors.objects.components import GAZETTEER_KEY
    from tests.conftest import ROOT, SOURCE_2021

    ruler_nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "whitepaper.tokenizer.v1"}}})
    ruler = ruler_nlp.add_pipe("span_ruler", config={"spans_key": GAZETTEER_KEY, "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(rules.get(ObjectRules).ruler_patterns())
    ours = nlp.get_pipe(GAZETTEER_KEY)
    files = [SOURCE_2021, *sorted((ROOT / "tests" / "fixtures").rglob("edition*.txt"))]
    paragraphs = [p for path in files for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    found = 0
    for text in paragraphs:
        their_doc, my_doc = ruler(ruler_nlp.make_doc(text)), ours(nlp.make_doc(text))
        theirs = [(s.start, s.end, s.label_, s.id_) for s in their_doc.spans[GAZETTEER_KEY]]
        mine = [(s.start, s.end, s.label_, s.id_) for s in my_doc.spans[GAZETTEER_KEY]]
        assert mine == theirs, text
        found += len(mine)
    assert found > 800
