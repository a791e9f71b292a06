"""The catalogue across editions (pipeline/catalog.py): small folders written for each rule,
then invariants and the unambiguous facts of the three test editions (tests/catalog_build.py).

Statuses and plan outcomes come from rules that are still being improved, so the tests on the
test editions assert structure and invariants, and facts only where the text leaves no doubt.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest

from pipeline import schemas
from pipeline.catalog import build, edition_year, order
from pipeline.errors import InputError
from pipeline.export import collect
from pipeline.extractors.counts import key as count_key
from pipeline.model import OBJECT_TABLES
from pipeline.output import Folder, scan
from pipeline.rules.compare import CompareRules


@pytest.fixture(scope="module")
def words(rules) -> CompareRules:
    return rules.get(CompareRules)


def _object(entity_id: str, status: str, sentence: str = "I/1/1") -> dict:
    return {"entity_id": entity_id, "name": entity_id.title(), "kind": "lunar probe", "series": None,
            "source": "gazetteer", "aliases": [], "status": status, "mention_count": 1,
            "first_section_id": "I", "evidence_sentence_id": sentence, "evidence": f"{entity_id} {status}."}


def _mention(entity_id: str, status: str, table: str = "missions") -> dict:
    return {"table": table, "entity_id": entity_id, "status": status, "sentence_id": "I/1/1"}


def _edition(ident: str, meta: dict | None = None, **tables) -> Folder:
    manifest = {"edition": {"id": ident, **(meta or {})}, "source": {"file": f"{ident}.txt", "sha256": "0" * 64},
                "pipeline": {"version": "test"}}
    rows = {"missions": [], "mentions": [], "partners": [], "partner_links": [], "counts": [], "sentences": []}
    rows.update(tables)
    return Folder(ident, "edition", Path(ident), manifest, rows)


def _plan(kind: str, key: str, outcome: str, new_id: str | None = None, new_status: str | None = None) -> dict:
    return {"key": key, "kind": kind, "old_status": "planned", "new_status": new_status, "outcome": outcome,
            "old_evidence_id": key if kind == "sentence" else "I/1/1", "new_evidence_id": new_id,
            "old_evidence": "will", "new_evidence": None if new_id is None else "did"}


def _diff(old: str, new: str, plans: list[dict]) -> Folder:
    return Folder(f"{old}-{new}", "diff", Path(f"diffs/{old}-{new}"), {"diff": {"old": old, "new": new}},
                  {"plans": [{"old_edition": old, "new_edition": new, **p} for p in plans]})


# ----- years and order -----------------------------------------------------------------------

@pytest.mark.parametrize("meta, ident, expected", [
    ({"period_end": "2021-12-31", "published": "2022-01-28"}, "2021", (2021, "period_end")),  # not 2022
    ({"published": "December 2016"}, "white-paper", (2016, "published")),
    ({}, "2026a", (2026, "id")),
    ({}, "v2-2031", (2031, "id")),
    ({"period_end": None, "published": ""}, "draft", (None, None)),
])
def test_an_editions_year_comes_from_period_end_then_published_then_its_id(meta, ident, expected):
    assert edition_year(meta, ident) == expected


def test_editions_are_ordered_by_year_then_id_and_unknown_years_last():
    folders = [_edition("draft"), _edition("2026a"), _edition("b", {"published": "2016-12"}), _edition("2016s")]
    assert [f.id for f in order(folders)] == ["2016s", "b", "2026a", "draft"]


def test_two_folders_holding_one_edition_are_refused():
    with pytest.raises(InputError, match="holds edition '2021'"):
        order([_edition("2021"), Folder("2021", "edition", Path("copy-of-2021"), {"edition": {"id": "2021"}}, {})])


# ----- object timeline -----------------------------------------------------------------------

def test_an_object_promised_then_reported_gets_the_years_between(words):
    editions = [
        _edition("2016s", missions=[_object("change-5", "planned"), _object("change-3", "achieved")],
                 mentions=[_mention("change-5", "planned"), _mention("change-3", "achieved")]),
        _edition("2021", missions=[_object("change-5", "achieved"), _object("change-3", "achieved")],
                 mentions=[_mention("change-5", "achieved"), _mention("change-3", "achieved"),
                           _mention("change-3", "planned")]),  # "will continue to use" after the landing
        _edition("2026a", missions=[_object("queqiao", "neutral")], mentions=[_mention("queqiao", "neutral")]),
    ]
    rows = build(editions, [], words).rows["object_timeline"]
    by = {(r["entity_id"], r["edition"]): r for r in rows}
    assert [(r["entity_id"], r["edition"]) for r in rows] == [
        ("change-3", "2016s"), ("change-3", "2021"), ("change-5", "2016s"), ("change-5", "2021"), ("queqiao", "2026a")]
    five = by[("change-5", "2021")]
    assert (five["first_named_edition"], five["first_planned_edition"], five["first_achieved_edition"],
            five["promise_to_report_years"], five["editions_named"]) == ("2016s", "2016s", "2021", 5, 2)
    three = by[("change-3", "2021")]  # reported before any promise: no gap
    assert (three["first_planned_edition"], three["first_achieved_edition"], three["promise_to_report_years"],
            three["planned_mentions"], three["achieved_mentions"]) == ("2021", "2016s", None, 1, 1)
    queqiao = by[("queqiao", "2026a")]
    assert (queqiao["first_planned_edition"], queqiao["first_achieved_edition"], queqiao["first_named_year"]) == (
        None, None, 2026)


def test_a_stage_is_carried_where_the_edition_has_one(words):
    staged = {**_object("tianwen-2", "planned"), "stage": "in_development"}
    rows = build([_edition("2026a", missions=[staged]), _edition("2021", missions=[_object("tianwen-2", "planned")])],
                 [], words).rows["object_timeline"]
    assert [(r["edition"], r["stage"]) for r in rows] == [("2021", None), ("2026a", "in_development")]


# ----- plan chains ---------------------------------------------------------------------------

def test_a_plan_is_followed_by_its_id_or_by_the_sentence_the_diff_matched(words):
    editions = [_edition("2016s"), _edition("2021"), _edition("2026a")]
    diffs = [
        _diff("2016s", "2021", [_plan("entity", "change-7", "carried_over", "V/1/1", "planned"),
                                _plan("sentence", "IV/2/1", "carried_over", "VI.3/1/1", "planned"),
                                _plan("sentence", "IV/3/1", "fulfilled", "II/4/1", "achieved"),
                                _plan("partner", "EGY", "dropped")]),
        _diff("2021", "2026a", [_plan("entity", "change-7", "fulfilled", "II/2/1", "achieved"),
                                _plan("sentence", "VI.3/1/1", "dropped"),
                                _plan("entity", "tianwen-2", "carried_over", "III/1/1", "planned")]),
    ]
    catalogue = build(editions, diffs, words)
    assert catalogue.missing_diffs == []
    chains = defaultdict(list)
    for row in catalogue.rows["plan_chains"]:
        chains[row["chain_id"]].append(row)
    assert {c: [(r["old_edition"], r["key"], r["outcome"]) for r in rows] for c, rows in chains.items()} == {
        "2016s|entity|change-7": [("2016s", "change-7", "carried_over"), ("2021", "change-7", "fulfilled")],
        "2016s|sentence|IV/2/1": [("2016s", "IV/2/1", "carried_over"), ("2021", "VI.3/1/1", "dropped")],
        "2016s|sentence|IV/3/1": [("2016s", "IV/3/1", "fulfilled")],
        "2016s|partner|EGY": [("2016s", "EGY", "dropped")],
        "2021|entity|tianwen-2": [("2021", "tianwen-2", "carried_over")],  # a new plan of 2021
    }
    change7 = chains["2016s|entity|change-7"]
    assert [(r["step"], r["steps"], r["final_outcome"], r["fulfilled_edition"], r["years_to_fulfil"]) for r in change7] \
        == [(1, 2, "fulfilled", "2026a", 10), (2, 2, "fulfilled", "2026a", 10)]
    assert chains["2016s|sentence|IV/2/1"][0]["final_edition"] == "2026a"
    assert chains["2016s|sentence|IV/3/1"][0]["years_to_fulfil"] == 5


def test_a_pair_never_diffed_stops_the_chains_and_is_reported(words):
    editions = [_edition("2016s"), _edition("2021"), _edition("2026a")]
    diffs = [_diff("2021", "2026a", [_plan("entity", "change-7", "fulfilled", "II/2/1", "achieved")]),
             _diff("2016s", "2026a", [_plan("entity", "change-7", "fulfilled", "II/2/1", "achieved")])]
    catalogue = build(editions, diffs, words)
    assert catalogue.missing_diffs == [("2016s", "2021")]
    assert [(r["old_edition"], r["new_edition"]) for r in catalogue.rows["plan_chains"]] == [("2021", "2026a")]
    assert [r["diff_from_previous"] for r in catalogue.rows["editions"]] == [False, False, True]


# ----- partners and counts -------------------------------------------------------------------

def _partner(partner_id: str, status: str = "achieved") -> dict:
    return {"partner_id": partner_id, "name": partner_id, "type": "country", "iso3": partner_id, "countries": [],
            "aliases": [], "mention_count": 1, "joint_body_mentions": 0, "contexts": ["Cooperation"],
            "status": status, "first_section_id": "V", "evidence_sentence_id": "V/1/1", "evidence": "..."}


def test_a_partner_named_in_every_edition_is_marked_and_its_links_listed(words):
    link = {"partner_id": "RUS", "entity_id": "change-7", "sentence_id": "V/1/1", "status": "planned"}
    editions = [_edition("2016s", partners=[_partner("RUS"), _partner("FRA")]),
                _edition("2021", partners=[_partner("RUS", "planned")], partner_links=[link, {**link, "entity_id": "ilrs"}])]
    rows = build(editions, [], words).rows["partner_timeline"]
    assert [(r["partner_id"], r["edition"], r["in_every_edition"], r["linked_objects"]) for r in rows] == [
        ("FRA", "2016s", False, []), ("RUS", "2016s", True, []), ("RUS", "2021", True, ["change-7", "ilrs"])]


def _count(counted: str | None, value: float, subject: str | None = None, unit: str | None = None) -> dict:
    return {"count_id": f"I/1/1@{int(value)}", "value": value, "qualifier": "exact", "unit": unit, "counted": counted,
            "subject": subject, "period_text": None, "period_start": None, "period_end": None, "status": "achieved",
            "text": str(value), "sentence_id": "I/1/1"}


def test_counts_follow_their_diff_key_and_a_count_of_nothing_known_is_no_series(words):
    sentences = [{"sentence_id": "I/1/1", "text": "The sentence."}]
    editions = [_edition("2021", counts=[_count("launch missions", 207), _count(None, 1), _count("launch missions", 9)],
                         sentences=sentences),
                _edition("2026a", counts=[_count("launch mission", 300)], sentences=sentences)]
    rows = build(editions, [], words).rows["count_series"]
    assert [(r["series_key"], r["edition"], r["value"], r["ordinal"], r["editions_with_key"]) for r in rows] == [
        ("launch mission|-|-", "2021", 207, 1, 2), ("launch mission|-|-", "2021", 9, 2, 2),
        ("launch mission|-|-", "2026a", 300, 1, 2)]
    assert rows[0]["evidence"] == "The sentence."


# ----- the three test editions ---------------------------------------------------------------

@pytest.fixture(scope="module")
def catalogue(catalog_out, words):
    found = scan(catalog_out)
    return found, build(found.editions, found.diffs, words)


def test_the_test_editions_are_found_in_order_with_their_years(catalogue):
    found, built = catalogue
    assert [(r["edition"], r["year"], r["year_source"]) for r in built.rows["editions"]] == [
        ("2016s", 2016, "id"), ("2021", 2021, "period_end"), ("2026a", 2026, "id")]
    assert built.missing_diffs == [] and found.misplaced == []


def test_every_object_row_of_every_edition_is_in_the_timeline_once(catalogue):
    found, built = catalogue
    rows = built.rows["object_timeline"]
    expected = Counter((f.id, t, r["entity_id"]) for f in found.editions for t in OBJECT_TABLES for r in f.tables[t])
    assert Counter((r["edition"], r["entity_table"], r["entity_id"]) for r in rows) == expected
    ordinal = {e["edition"]: e["ordinal"] for e in built.rows["editions"]}
    by_entity = defaultdict(list)
    for r in rows:
        by_entity[r["entity_id"]].append(r)
    for entity_id, here in by_entity.items():
        assert [ordinal[r["edition"]] for r in here] == sorted(ordinal[r["edition"]] for r in here)
        first = here[0]
        assert all(r["first_named_edition"] == first["edition"] and r["editions_named"] == len(here) for r in here)
        plans = [r for r in here if r["status"] == "planned" or r["planned_mentions"] > 0]
        achieved = [r for r in here if r["status"] == "achieved"]
        assert first["first_planned_edition"] == (plans[0]["edition"] if plans else None), entity_id
        assert first["first_achieved_edition"] == (achieved[0]["edition"] if achieved else None), entity_id
        if first["promise_to_report_years"] is not None:
            assert ordinal[plans[0]["edition"]] < ordinal[achieved[0]["edition"]]
            assert first["promise_to_report_years"] == achieved[0]["year"] - plans[0]["year"] > 0


def test_every_plan_of_every_diff_is_a_step_of_a_chain_and_steps_follow_each_other(catalogue):
    found, built = catalogue
    chains = defaultdict(list)
    for row in built.rows["plan_chains"]:
        chains[row["chain_id"]].append(row)
    steps = Counter()
    for chain_id, rows in chains.items():
        assert [r["step"] for r in rows] == list(range(1, len(rows) + 1)) and {r["steps"] for r in rows} == {len(rows)}
        assert {r["final_outcome"] for r in rows} == {rows[-1]["outcome"]}
        assert chain_id == f"{rows[0]['old_edition']}|{rows[0]['kind']}|{rows[0]['key']}"
        for before, after in zip(rows, rows[1:]):
            assert after["old_edition"] == before["new_edition"]
            # a sentence goes on as the sentence the diff matched, or as its first task ("S#1")
            key = after["key"].split("#")[0] if after["kind"] == "sentence" else after["key"]
            assert key == (before["new_evidence_id"] if before["kind"] == "sentence" else before["key"])
        for r in rows:
            steps[(r["old_edition"], r["new_edition"], r["kind"], r["key"], r["outcome"])] += 1
    plans = Counter((d.manifest["diff"]["old"], d.manifest["diff"]["new"], p["kind"], p["key"], p["outcome"])
                    for d in found.diffs for p in d.tables["plans"])
    assert set(steps) == set(plans)
    long = [rows for rows in chains.values() if len(rows) > 1]
    assert long, "no plan of 2016s is followed to 2026a"


def test_partner_and_count_rows_keep_their_invariants(catalogue, words):
    found, built = catalogue
    partners = built.rows["partner_timeline"]
    assert len(partners) == sum(len(f.tables["partners"]) for f in found.editions)
    assert all(r["in_every_edition"] == (r["editions_named"] == 3) for r in partners)
    counts = {(f.id, c["count_id"]): c for f in found.editions for c in f.tables["counts"]}
    for row in built.rows["count_series"]:
        assert row["series_key"] == count_key(counts[(row["edition"], row["count_id"])], words) != "-|-|-"


def test_what_the_test_editions_say_without_doubt(catalogue):
    _, built = catalogue
    station = [r for r in built.rows["object_timeline"] if r["entity_id"] == "international-lunar-research-station"]
    # 2021: "China will advance cooperation on the international lunar research station project."
    assert {"2021", "2026a"} <= {r["edition"] for r in station}
    assert next(r for r in station if r["edition"] == "2021")["planned_mentions"] >= 1
    assert station[0]["first_planned_edition"] in ("2016s", "2021")
    # Russia and the European Space Agency are named in all three
    every = {r["partner_id"] for r in built.rows["partner_timeline"] if r["in_every_edition"]}
    assert {"RUS", "esa"} <= every
    # "From 2016 to December 2021, 207 launch missions ..."; "From 2021 to 2025, ... more than 300 launch missions"
    launches = {(r["edition"], r["value"], r["qualifier"]) for r in built.rows["count_series"]
                if r["series_key"] == "launch mission|-|-"}
    assert {("2021", 207.0, "exact"), ("2026a", 300.0, "over")} <= launches


def test_the_export_builds_the_same_catalogue(catalog_out, catalogue, words):
    _, built = catalogue
    dataset = collect(catalog_out, words)
    for name in schemas.CATALOG_TABLES:
        assert dataset.tables[name].to_pylist() == [
            {c: r.get(c) for c in schemas.CATALOG_TABLES[name].names} for r in built.rows[name]]
