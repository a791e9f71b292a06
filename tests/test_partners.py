"""Cooperation partners and frameworks: name forms, exclusions, roles, data checks, 2021 text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.extractors.partners.components import FRAMEWORKS_KEY, PARTNERS_KEY, ROLE
from pipeline.extractors.partners.gazetteer import PartnerRules
from pipeline.ingest import read_source
from pipeline.repair import repair
from pipeline.rules import default_folder
from pipeline.segment import segment

ROOT = Path(__file__).resolve().parent.parent
SOURCE_2021 = ROOT / "source" / "cn-space-2021.txt"

CHANGE_4 = ("In the Chang'e-4 lunar exploration mission China cooperated with Russia and the European Space "
            "Agency on engineering technology, and with Sweden, Germany, the Netherlands and Saudi Arabia on payloads.")
TT_AND_C = "China cooperated on TT&C with the European Space Agency, Argentina, Namibia, and Pakistan."

# Every country chapter VI names, read off the text by hand (section by section):
# VI.2.2 France, Germany, Italy, Russia; VI.2.3 United States, Russia, Tunisia, Pakistan, Saudi
# Arabia, Argentina, South Africa, Algeria, Thailand; VI.2.4 Russia, Sweden, Germany, Netherlands,
# Saudi Arabia, Austria, France, United States, Argentina, Namibia, Pakistan; VI.2.5 France
# (China-France), Brazil (China-Brazil), Ethiopia (Ethiopian), Pakistan, Venezuela (Venezuelan),
# Sudan, Algeria (Algerian), Saudi Arabia, Argentina, Brazil, Canada, Luxembourg, Russia, Ukraine,
# Belarus, Nigeria, Egypt; VI.2.6 Laos, Thailand, Cambodia, Myanmar, Bolivia, Indonesia, Namibia,
# South Africa, Afghanistan, Mozambique (the last three as places China monitored disasters in);
# VI.2.7 Switzerland, Italy, Austria, United Kingdom, Japan, France (Sino-French), Germany;
# VI.3 Russia, United States, Italy, Brazil, Pakistan, Egypt, France.
CHAPTER_VI_COUNTRIES = {
    "AFG", "ARG", "AUT", "BLR", "BOL", "BRA", "CAN", "CHE", "DEU", "DZA", "EGY", "ETH", "FRA", "GBR",
    "IDN", "ITA", "JPN", "KHM", "LAO", "LUX", "MMR", "MOZ", "NAM", "NGA", "NLD", "PAK", "RUS", "SAU",
    "SDN", "SWE", "THA", "TUN", "UKR", "USA", "VEN", "ZAF",
}


@pytest.fixture(scope="module")
def pnlp(nlp):
    return nlp  # the whole pipeline: partner pipes after the space-object pipes they read


@pytest.fixture(scope="module")
def partner_rules(rules) -> PartnerRules:
    return rules.get(PartnerRules)


def _found(pnlp, text: str) -> list[tuple[str, str, str]]:
    """(surface, type, id) of every partner span."""
    doc = pnlp(text)  # kept: a SpanGroup dies with its Doc
    return [(s.text, s.label_, s.id_) for s in doc.spans[PARTNERS_KEY]]


def _ids(pnlp, text: str) -> list[str]:
    doc = pnlp(text)
    return [s.id_ for s in doc.spans[PARTNERS_KEY]]


def _roles(pnlp, text: str) -> dict[str, str | None]:
    doc = pnlp(text)
    return {s.text: s._.get(ROLE) for s in doc.spans[PARTNERS_KEY]}


# --- name forms -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("China worked with the United States and Russia.", [("United States", "country", "USA"), ("Russia", "country", "RUS")]),
        ("China worked with the Netherlands and Saudi Arabia.", [("Netherlands", "country", "NLD"), ("Saudi Arabia", "country", "SAU")]),
        ("The Netherlands joined.", [("Netherlands", "country", "NLD")]),
    ],
)
def test_plain_names_with_or_without_the(pnlp, text, expected):
    assert _found(pnlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It worked with Russia's GLONASS system.", ["RUS"]),
        ("It will build Egypt's Space City.", ["EGY"]),
        ("It coordinated with the United States' Global Positioning System.", ["USA"]),
        ("It supports APSCO's space science observatory.", ["apsco"]),
        ("It supports Russia’s GLONASS system.", ["RUS"]),  # curly apostrophe
    ],
)
def test_possessives_name_the_partner_only(pnlp, text, expected):
    doc = pnlp(text)
    assert [s.id_ for s in doc.spans[PARTNERS_KEY]] == expected
    assert all("'" not in s.text and "’" not in s.text for s in doc.spans[PARTNERS_KEY])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sino-Russian cooperation grew.", [("Russian", "country", "RUS")]),
        ("The Sino-European Panoramic Imaging Satellite flies.", [("European", "region", "europe")]),
        ("Sino-US talks were held.", [("US", "country", "USA")]),
        ("The Sino-French Astronomic Satellite flies.", [("French", "country", "FRA")]),
        ("The China-France Oceanography Satellite flies.", [("France", "country", "FRA")]),
        ("China-Brazil cooperation grew.", [("Brazil", "country", "BRA")]),
        ("The China-Italy Electromagnetic Monitoring Experiment Satellite flies.", [("Italy", "country", "ITA")]),
        ("China-Russia cooperation grew.", [("Russia", "country", "RUS")]),
        ("China-ASEAN cooperation grew.", [("ASEAN", "organization", "asean")]),
        ("China-EU-ESA cooperation grew.", [("EU", "organization", "eu"), ("ESA", "organization", "esa")]),
    ],
)
def test_compounds_name_the_part_after_china_or_sino(pnlp, text, expected):
    assert _found(pnlp, text) == expected


def test_a_compound_is_marked_as_such(pnlp):
    doc = pnlp("China-Russia cooperation grew.")
    (span,) = doc.spans[PARTNERS_KEY]
    assert span.kb_id_ == "compound"


@pytest.mark.parametrize(
    "text, iso3",
    [
        ("China launched the Ethiopian Remote-Sensing Satellite.", "ETH"),
        ("China delivered the Pakistan Remote-Sensing Satellite (PRSS-1).", "PAK"),
        ("China delivered the Venezuelan Remote-Sensing Satellite (VRSS-2).", "VEN"),
        ("China delivered the Algerian Communications Satellite (Alcomsat-1).", "DZA"),
        ("China delivered the Sudan Remote-Sensing Satellite (SRSS-1).", "SDN"),
    ],
)
def test_country_names_and_demonyms_inside_satellite_names(pnlp, text, iso3):
    assert _ids(pnlp, text) == [iso3]


def test_acronym_and_long_form_are_one_id(pnlp):
    doc = pnlp("China supports the Asia-Pacific Space Cooperation Organization (APSCO). APSCO grew. "
               "It worked with the European Space Agency and ESA experts.")
    spans = [(s.text, s.id_) for s in doc.spans[PARTNERS_KEY]]
    assert spans == [("Asia-Pacific Space Cooperation Organization (APSCO)", "apsco"), ("APSCO", "apsco"),
                     ("European Space Agency", "esa"), ("ESA", "esa")]


@pytest.mark.parametrize(
    "text, body_id, countries",
    [
        ("China initiated the Sino-Russian Joint Data Center for Lunar and Deep-space Exploration.",
         "sino-russian-joint-data-center", ["RUS"]),
        ("Using the China-Brazil Joint Laboratory for Space Weather, it built a platform.",
         "china-brazil-joint-laboratory-for-space-weather", ["BRA"]),
    ],
)
def test_joint_body_is_one_span_that_beats_the_country_inside(pnlp, partner_rules, text, body_id, countries):
    doc = pnlp(text)
    (span,) = doc.spans[PARTNERS_KEY]
    assert (span.label_, span.id_) == ("joint_body", body_id)
    assert partner_rules.joint_body_countries(body_id) == countries


def test_joint_body_countries(partner_rules):
    assert partner_rules.joint_body_countries("lancang-mekong-space-information-exchange-center") == ["KHM", "LAO", "MMR", "THA"]
    assert partner_rules.joint_body_countries("china-eu-esa-space-technology-dialogue") == []  # EU and ESA: no one country
    assert partner_rules.joint_body_countries("RUS") == [] and partner_rules.joint_body_countries("esa") == []
    with pytest.raises(KeyError):
        partner_rules.joint_body_countries("no-such-body")


def test_a_country_the_2021_text_never_names(pnlp):
    text = SOURCE_2021.read_text(encoding="utf-8")
    assert not any(name in text for name in ("Kenya", "Chile", "Kazakhstan"))
    assert _found(pnlp, "China signed an agreement with Kenya, Chile and Kazakhstan.") == [
        ("Kenya", "country", "KEN"), ("Chile", "country", "CHL"), ("Kazakhstan", "country", "KAZ")]


# --- exclusions and frameworks ------------------------------------------------------------------


def test_china_and_its_places_are_never_partners(pnlp):
    doc = pnlp("China and Chinese institutes in Beijing, Sichuan province and Wenchang, and China's "
               "Hong Kong, launched from the Jiuquan Satellite Launch Center in Inner Mongolia.")
    assert list(doc.spans[PARTNERS_KEY]) == [] and list(doc.spans[FRAMEWORKS_KEY]) == []


def test_an_exclusion_never_cuts_a_longer_partner_name(pnlp):
    assert _found(pnlp, "It works within the Shanghai Cooperation Organization.") == [
        ("Shanghai Cooperation Organization", "organization", "sco")]
    assert _ids(pnlp, "China supports the Beijing office of the United Nations Platform for Space-based "
                      "Information for Disaster Management and Emergency Response.") == ["un-spider"]


@pytest.mark.parametrize(
    "text, framework_id",
    [
        ("China abides by the Treaty on Principles Governing the Activities of States in the Exploration and Use "
         "of Outer Space, Including the Moon and Other Celestial Bodies.", "outer-space-treaty"),
        ("It helps realize the 2030 Agenda for Sustainable Development.", "agenda-2030"),
        ("It serves the Belt and Road Initiative.", "belt-and-road-initiative"),
        ("It advanced the Space2030 Agenda.", "space2030-agenda"),
        ("It follows the Space Debris Mitigation Guidelines.", "space-debris-mitigation-guidelines"),
        ("It follows the IADC Space Debris Mitigation Guidelines.", "iadc-space-debris-mitigation-guidelines"),
        ("China released its GEO Strategic Plan 2016-2025: Implementing GEOSS.", "geo-strategic-plan-2016-2025"),
        ("It builds the Belt and Road Initiative Space Information Corridor.", "bri-space-information-corridor"),
        ("It helps realize the goals of the United Nations 2030 Agenda.", "agenda-2030"),
    ],
)
def test_frameworks_go_to_frameworks_only(pnlp, text, framework_id):
    doc = pnlp(text)
    assert [s.id_ for s in doc.spans[FRAMEWORKS_KEY]] == [framework_id]
    assert {s.label_ for s in doc.spans[FRAMEWORKS_KEY]} == {"framework"}
    assert list(doc.spans[PARTNERS_KEY]) == []  # not the UN in "United Nations 2030 Agenda", not GEO


def test_group_on_earth_observations_is_an_organization(pnlp):
    assert _found(pnlp, "It chaired the Group on Earth Observations in 2020.") == [
        ("Group on Earth Observations", "organization", "group-on-earth-observations")]


def test_the_un_is_its_own_mention_when_written_as_one(pnlp):
    doc = pnlp("It advanced the Space2030 Agenda of the UN.")
    assert [s.id_ for s in doc.spans[FRAMEWORKS_KEY]] == ["space2030-agenda"]
    assert [s.id_ for s in doc.spans[PARTNERS_KEY]] == ["united-nations"]


# --- roles --------------------------------------------------------------------------------------


def test_roles_of_the_change_4_sentence(pnlp):
    assert _roles(pnlp, CHANGE_4) == {
        "Russia": "engineering technology", "European Space Agency": "engineering technology",
        "Sweden": "payloads", "Germany": "payloads", "Netherlands": "payloads", "Saudi Arabia": "payloads",
    }


def test_roles_of_the_tt_and_c_sentence(pnlp):
    assert _roles(pnlp, TT_AND_C) == dict.fromkeys(["European Space Agency", "Argentina", "Namibia", "Pakistan"], "TT&C")


@pytest.mark.parametrize(
    "text, expected",
    [
        # rule 1 with "in the field of", and a lead before the list
        ("It will cooperate with the European Space Agency in the field of TT&C support, and build stations.",
         {"European Space Agency": "TT&C support"}),
        ("It has joined countries including Italy and Germany in developing payloads.",
         {"Italy": "developing payloads", "Germany": "developing payloads"}),
        ("It has worked with Laos and Myanmar to build the exchange center.",
         {"Laos": "build the exchange center", "Myanmar": "build the exchange center"}),
        # fillers keep the list going up to its "on"
        ("It will conduct dialogue with Russia, the United States and other countries as well as relevant "
         "international organizations on outer space governance.",
         {"Russia": "outer space governance", "United States": "outer space governance"}),
        # rule 3: the object of the verb before the list
        ("China has built satellite data receiving stations with countries including Bolivia and Namibia.",
         {"Bolivia": "satellite data receiving stations", "Namibia": "satellite data receiving stations"}),
        # "on" + a space object is a place, not a topic: rule 3 answers instead
        ("China has carried out burst monitoring research with the European Space Agency on the Tiangong-2 space laboratory.",
         {"European Space Agency": "burst monitoring research"}),
    ],
)
def test_role_rules(pnlp, text, expected):
    assert _roles(pnlp, text) == expected


def test_a_space_object_after_on_is_the_topic_when_nothing_else_is(pnlp):
    doc = pnlp("China cooperated with Brazil on the China-Brazil Earth Resources Satellite program.")
    listed, in_name = doc.spans[PARTNERS_KEY]
    assert listed._.get(ROLE) == "China-Brazil Earth Resources Satellite program"
    assert in_name._.get(ROLE) is None  # the Brazil of "China-Brazil"


@pytest.mark.parametrize(
    "text",
    [
        "China launched Gaofen-7 and cooperated with Russia.",  # no object past a cooperation verb
        "It is working with Russia's GLONASS team.",  # a possessive is not a list item
        "It completed a BeiDou center in Tunisia.",  # no list
        "China signed an agreement with Kenya.",  # "signed" is not an activity verb
    ],
)
def test_no_role_when_the_sentence_does_not_say(pnlp, text):
    roles = _roles(pnlp, text)
    assert roles and set(roles.values()) == {None}


# --- data checks --------------------------------------------------------------------------------


def _copy_patterns(tmp_path: Path) -> Path:
    shutil.copytree(default_folder() / "partners", tmp_path / "partners")
    return tmp_path


def _append(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    "file, line, message",
    [
        ("regions.jsonl", '{"id": "europe", "name": "Old Europe", "type": "region"}',
         r"regions.jsonl: line 29: key 'id': id 'europe' is used twice"),
        ("regions.jsonl", '{"id": "moon", "name": "Moon", "type": "planet"}',
         r"regions.jsonl: line 29: key 'type': must be one of 'region', got \"planet\""),
        ("countries.jsonl", '{"id": "XXA", "name": "Atlantis", "iso3": "XXB", "type": "country"}',
         r"countries.jsonl: line 246: key 'id': .*ISO3"),
        ("organizations.jsonl", '{"id": "x-forum", "name": "X Forum", "type": "joint_body", "parties": ["nobody"]}',
         r"organizations.jsonl: line 128: key 'parties': party 'nobody'"),
        ("organizations.jsonl", '{"id": "x-agency", "name": "Russia", "type": "organization"}',
         r"organizations.jsonl: line 128: key 'aliases': 'Russia' already names RUS"),
        ("exclusions.txt", "Russia", r"exclusions.txt: line \d+: 'Russia' is also a form of RUS"),
    ],
)
def test_bad_data_is_refused_naming_file_and_row(tmp_path, file, line, message):
    folder = _copy_patterns(tmp_path)
    _append(folder / "partners" / file, line)
    with pytest.raises(InputError, match=message):
        PartnerRules.load(folder)


def test_bad_role_words_are_refused(tmp_path):
    folder = _copy_patterns(tmp_path)
    roles = folder / "partners" / "roles.toml"
    roles.write_text(roles.read_text(encoding="utf-8").replace("max_tokens = 20", "max_tokens = 0"), encoding="utf-8")
    with pytest.raises(InputError, match=r"roles.toml: line \d+: key 'max_tokens': must be a positive integer"):
        PartnerRules.load(folder)


def test_the_shipped_data_loads(partner_rules):
    gazetteer = partner_rules
    assert {p.type for p in gazetteer.partners.values()} == {"country", "region", "organization", "joint_body"}
    assert all(p.id == p.id.upper() and len(p.id) == 3 for p in gazetteer.partners.values() if p.type == "country")
    assert "China" in gazetteer.exclusions and "CHN" not in gazetteer.partners


# --- the 2021 edition ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docs_2021(pnlp, layout):
    """(segment id, doc) for every body paragraph and bullet of the 2021 edition."""
    lines, _ = repair(read_source(SOURCE_2021), layout)
    segments = [s for s in segment(lines, layout).segments if s.kind != "heading" and s.section_id != "back-matter"]
    return list(zip((s.id for s in segments), pnlp.pipe(s.text for s in segments)))


def _ids_2021(docs_2021, kind: str, chapter: str = "") -> set[str]:
    return {s.id_ for seg, doc in docs_2021 if seg.startswith(chapter) for s in doc.spans[PARTNERS_KEY] if s.label_ == kind}


def test_2021_countries_are_those_chapter_vi_names(docs_2021):
    assert _ids_2021(docs_2021, "country", "VI") == CHAPTER_VI_COUNTRIES
    assert _ids_2021(docs_2021, "country") == CHAPTER_VI_COUNTRIES  # no other chapter names a country


def test_2021_joint_bodies_regions_and_frameworks(docs_2021):
    assert _ids_2021(docs_2021, "joint_body") == {
        "asrtu", "china-asean-satellite-information-offshore-service-platform",
        "china-brazil-joint-laboratory-for-space-weather", "china-eu-esa-space-technology-dialogue",
        "china-europe-space-science-bilateral-meeting", "china-russia-space-debris-work-group", "dragon-programme",
        "lancang-mekong-space-information-exchange-center", "sino-russian-joint-data-center",
        "sino-us-space-debris-workshop", "un-china-forum-on-space-solutions",
    }
    assert _ids_2021(docs_2021, "region") == {"asia-pacific", "europe", "south-america"}
    assert {"apsco", "esa", "brics", "g20", "sco", "group-on-earth-observations", "united-nations", "wmo",
            "league-of-arab-states", "african-union", "eac"} <= _ids_2021(docs_2021, "organization")
    frameworks = {s.id_ for _, doc in docs_2021 for s in doc.spans[FRAMEWORKS_KEY]}
    assert frameworks == {
        "agenda-2030", "apsco-development-vision-2030", "belt-and-road-initiative", "bri-space-information-corridor",
        "geo-strategic-plan-2016-2025", "lts-guidelines", "outer-space-treaty", "space-debris-mitigation-guidelines",
        "space2030-agenda",
    }


def test_2021_partners_are_clean(docs_2021, partner_rules):
    gazetteer = partner_rules
    framework_ids = set(gazetteer.frameworks)
    for seg, doc in docs_2021:
        partners, frameworks = list(doc.spans[PARTNERS_KEY]), list(doc.spans[FRAMEWORKS_KEY])
        spans = sorted(partners + frameworks, key=lambda s: s.start)
        assert all(a.end <= b.start for a, b in zip(spans, spans[1:])), seg  # no overlaps, across both keys
        for span in partners:
            assert span.id_ in gazetteer.partners and span.id_ not in framework_ids
            assert span.text not in gazetteer.exclusions and "China" != span.text and "Chinese" not in span.text


def test_2021_chapter_vi_roles(docs_2021):
    docs = dict(docs_2021)

    def roles(segment_id: str) -> dict[str, str | None]:
        doc = docs[segment_id]
        return {s.text: s._.get(ROLE) for s in doc.spans[PARTNERS_KEY]}

    assert roles("VI.2.4/2") == {
        "Russia": "engineering technology", "European Space Agency": "engineering technology",
        "Sweden": "payloads", "Germany": "payloads", "Netherlands": "payloads", "Saudi Arabia": "payloads",
    }
    assert roles("VI.2.4/4") == dict.fromkeys(["European Space Agency", "Argentina", "Namibia", "Pakistan"], "TT&C")
    assert roles("VI.2.4/3") == {"European Space Agency": "engineering technology", "Austria": "payloads",
                                 "France": "payloads", "United States": "Mars probe orbit data exchange mechanism"}
    assert roles("VI.2.2/1") == {  # "on the Tiangong-2 space laboratory" is where, the object is what
        "European Space Agency": "gamma-ray burst polarization monitoring research",
        "France": "human body medical research in a micro-gravitational environment",
        "European Astronaut Centre": "joint CAVES training and maritime rescue drills",
    }
    assert roles("VI.2.6/3")["Bolivia"] == "satellite data receiving stations"
    assert roles("VI.3.5/2") == {"European Space Agency": "TT&C support"}


# ----- partner links, one construction each (through the whole pipeline) -------------------------

def _links(run_text, body: str) -> set[tuple[str, str, str]]:
    tables = run_text("Preamble\n" + body + "\n")
    return {(link["partner_id"], link["entity_id"], link["pairing"]) for link in tables["partner_links"]}


@pytest.mark.parametrize("body, expected", [
    # "with P on X": each partner pairs with the object of its own clause, not with the others
    ("China has carried out research with the European Space Agency on the Tiangong-2 space laboratory, "
     "and conducted medical research with France during the Shenzhou-11 mission.",
     {("esa", "tiangong-2", "phrase"), ("FRA", "shenzhou-11", "phrase")}),
    # "X for P": an object made for a partner
    ("China has launched PakSat-1R for Pakistan.", {("PAK", "paksat-1r", "phrase")}),
    # the partner names part of the object
    ("The China-Brazil Earth Resources Satellite 04A was launched in 2019.", {("BRA", "cbers-04a", "name")}),
    # a sentence-opening frame: the mission the whole sentence is about
    ("In the Chang'e-4 mission China cooperated with Sweden and Germany on payloads.",
     {("SWE", "change-4", "frame"), ("DEU", "change-4", "frame")}),
    # no structure to pair by: every pair of the sentence, marked as such
    ("Russia and Chang'e-7 are both part of the plan.", {("RUS", "change-7", "sentence")}),
])
def test_links_pair_by_construction(run_text, body, expected):
    assert _links(run_text, body) == expected


def test_a_partner_in_a_clause_without_an_object_gets_no_link(run_text):
    links = _links(run_text, "China has carried out research with the European Space Agency on the Tiangong-2 "
                             "space laboratory, and joint training with the European Astronaut Centre.")
    assert links == {("esa", "tiangong-2", "phrase")}


def test_a_place_is_not_a_partner(run_text):
    tables = run_text("Preamble\nChina monitored the drought in Afghanistan and the cyclone that struck Mozambique "
                      "with the Gaofen satellites.\n")
    assert tables["partners"] == [] and tables["partner_links"] == []
    roles = {m["entity_id"]: m["role"] for m in tables["mentions"] if m["table"] == "partners"}
    assert roles == {"AFG": "location", "MOZ": "location"}
