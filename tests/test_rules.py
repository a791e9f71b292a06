"""The rules layer: every rule file checked on load, custom rule folders, components whose Docs
round-trip, and an extractor added by one class (the README's example, run from the README)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from spacy.tokens import Doc, DocBin

from pipeline.errors import InputError
from pipeline.extractors import default_extractors
from pipeline.extractors.objects.components import NEW_ENTITIES, SPANS_KEY
from pipeline.extractors.objects.gazetteer import Entity
from pipeline.extractors.partners.components import PARTNERS_KEY, ROLE
from pipeline.rules import Rules, default_folder
from pipeline.run import extract_edition
from tests.commands import one_line_error, run
from tests.conftest import ROOT

JSONL = ["status_rules.jsonl", "section_status.jsonl", "entities/names.jsonl", "entities/series.jsonl",
         "partners/countries.jsonl", "partners/regions.jsonl", "partners/organizations.jsonl",
         "partners/frameworks.jsonl"]
TOML = ["layout.toml", "compounds.toml", "web.toml", "compare.toml", "scorecard.toml", "status_stages.toml", "entities/context.toml", "counts.toml",
        "partners/roles.toml"]


@pytest.fixture
def folder(tmp_path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(default_folder(), copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return copy


def test_every_rule_file_is_covered_by_these_tests(rules):
    claimed = {name for kind in rules.parts for name in kind.files}
    assert claimed == {*JSONL, *TOML, "partners/exclusions.txt"}


@pytest.mark.parametrize("name", JSONL)
def test_an_unknown_key_in_a_jsonl_rule_is_refused_with_file_line_and_key(folder, name):
    path = folder / name
    lines = path.read_text(encoding="utf-8").splitlines()
    row = json.loads(next(line for line in lines if line.strip() and not line.startswith("//")))
    path.write_text("\n".join([*lines, json.dumps({**row, "id": "x-new", "colour": "red"})]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"{re.escape(name)}: line {len(lines) + 1}: key 'colour': unknown key"):
        Rules.load(folder)


@pytest.mark.parametrize("name", JSONL)
def test_a_wrong_type_in_a_jsonl_rule_is_refused(folder, name):
    path = folder / name
    lines = path.read_text(encoding="utf-8").splitlines()
    row = json.loads(next(line for line in lines if line.strip() and not line.startswith("//")))
    path.write_text("\n".join([*lines, json.dumps({**row, "id": ["not", "a", "string"]})]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"{re.escape(name)}: line {len(lines) + 1}: key 'id': expected a string"):
        Rules.load(folder)


@pytest.mark.parametrize("name", TOML)
def test_an_unknown_key_in_a_toml_rule_file_is_refused_with_its_line(folder, name):
    path = folder / name
    path.write_text('colour = "red"\n' + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError, match=rf"{re.escape(name)}: line 1: key 'colour': unknown key"):
        Rules.load(folder)


def test_a_wrong_type_in_a_toml_rule_file_names_its_line(folder):
    path = folder / "layout.toml"
    text = path.read_text(encoding="utf-8")
    line = next(n for n, l in enumerate(text.splitlines(), start=1) if l.startswith("max_page_number_digits"))
    path.write_text(re.sub(r"max_page_number_digits = \d+", 'max_page_number_digits = "four"', text), encoding="utf-8")
    with pytest.raises(InputError, match=rf"layout.toml: line {line}: key 'max_page_number_digits': expected an integer"):
        Rules.load(folder)


@pytest.mark.parametrize("old, new, problem", [
    ('conclusion = ["Conclusion",', 'conclusion = ["Preface", "Conclusion",',
     r"key 'unnumbered_chapters.conclusion': 'Preface' is listed under both 'preamble' and 'conclusion'"),
    ('preamble = [', 'Preamble = [', r"key 'unnumbered_chapters': 'Preamble' is not an id"),
    ("min_long_share = 0.1", "min_long_share = 10", r"key 'blocks.min_long_share': must be a share between 0 and 1"),
    ('dash_glyphs = ["--",', 'dash_glyphs = ["-- ",', r"key 'dash_glyphs': a glyph must not hold spaces"),
])
def test_layout_structure_rules_are_checked_on_load(folder, old, new, problem):
    path = folder / "layout.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    key = problem.split("'")[1].split(".")[0]
    line = next(n for n, l in enumerate(text.splitlines(), start=1) if l.startswith((f"[{key}]", f"{key} =")))
    with pytest.raises(InputError, match=rf"layout.toml: line {line}: {problem}"):
        Rules.load(folder)


@pytest.mark.parametrize("old, new, problem", [
    ('["moon", "lunar"]', '["moon", "lunar", "near-moon"]', "'near-moon' is not one lower-case lemma: it would never match"),
    ('["moon", "lunar"]', '["moon", "Lunar"]', "'Lunar' is not one lower-case lemma"),
    ('["mars", "martian"]', '["mars", "martian", "lunar"]', "'lunar' is in two groups"),
])
def test_a_synonym_that_could_never_match_or_is_in_two_groups_is_refused(folder, old, new, problem):
    path = folder / "scorecard.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = next(n for n, l in enumerate(text.splitlines(), start=1) if l.startswith("synonyms ="))
    with pytest.raises(InputError, match=rf"scorecard.toml: line {line}: key 'synonyms': {re.escape(problem)}"):
        Rules.load(folder)


def test_an_exclusion_that_would_hide_a_partner_is_refused(folder):
    path = folder / "partners" / "exclusions.txt"
    count = len(path.read_text(encoding="utf-8").splitlines())
    path.write_text(path.read_text(encoding="utf-8") + "Russia\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"exclusions.txt: line {count + 1}: 'Russia' is also a form of RUS"):
        Rules.load(folder)


def test_a_file_no_rule_part_reads_is_refused(folder):
    (folder / "status_rule.jsonl").write_text("{}\n")  # a misspelt name would otherwise be ignored
    with pytest.raises(InputError, match="status_rule.jsonl: is not a rule file any part reads"):
        Rules.load(folder)


def test_a_custom_rules_folder_adding_a_partner_works_through_the_command_line(folder, tmp_path):
    with (folder / "partners" / "organizations.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "lunar-guild", "name": "Lunar Guild", "type": "organization"}) + "\n")
    paper = tmp_path / "paper.txt"
    paper.write_text("Preamble\nChina has cooperated with the Lunar Guild on lunar payloads.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("extract", str(paper), "--edition", "2031", "--rules", str(folder), "--out", str(out))
    assert result.returncode == 0, result.stderr
    partners = pq.read_table(out / "2031" / "partners.parquet").to_pylist()
    assert [(p["partner_id"], p["status"]) for p in partners] == [("lunar-guild", "achieved")]
    manifest = json.loads((out / "2031" / "manifest.json").read_text())
    assert manifest["pipeline"]["rules_sha256"] == Rules.load(folder).digest != Rules.load().digest


def test_a_bad_rules_folder_is_one_line_through_the_command_line(folder, tmp_path):
    (folder / "counts.toml").write_text("[qualifiers]\nover = 5\n", encoding="utf-8")
    result = run("extract", "--rules", str(folder), "--out", str(tmp_path / "out"))
    assert one_line_error(result, "counts.toml", "qualifiers")
    assert one_line_error(run("extract", "--rules", str(tmp_path / "nowhere")), "rules folder not found")


def test_a_processed_doc_round_trips_with_its_spans_and_plain_values(nlp):
    text = "In the Chang'e-4 mission China flew a Xingyun-3 satellite and cooperated with Sweden and Germany on payloads."
    doc = nlp(text)
    new_objects = doc._.get(NEW_ENTITIES)
    roles = {s.text: s._.get(ROLE) for s in doc.spans[PARTNERS_KEY]}
    assert "xingyun-3" in new_objects and roles == {"Sweden": "payloads", "Germany": "payloads"}

    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    bin_ = DocBin(store_user_data=True)
    bin_.add(doc)
    (from_bin,) = DocBin().from_bytes(bin_.to_bytes()).get_docs(nlp.vocab)
    for copy in (again, from_bin):
        assert [(s.text, s.label_, s.id_, s.kb_id_) for s in copy.spans[SPANS_KEY]] == \
            [(s.text, s.label_, s.id_, s.kb_id_) for s in doc.spans[SPANS_KEY]]
        assert {k: Entity.from_plain(v) for k, v in copy._.get(NEW_ENTITIES).items()} == \
            {k: Entity.from_plain(v) for k, v in new_objects.items()}  # msgpack gives lists back as tuples
        assert {s.text: s._.get(ROLE) for s in copy.spans[PARTNERS_KEY]} == roles


def _readme_extractor():
    """The example extractor exactly as the README shows it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## For developers: adding an extractor"):]
    code = re.search(r"```python\n(.*?)```", section, re.S)[1]
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - our own README
    return namespace["Acronyms"]


def test_the_readme_extractor_adds_a_table_by_one_class(edition_2021, rules):
    acronyms = _readme_extractor()()
    tables, manifest = extract_edition(edition_2021, rules, extractors=[*default_extractors(), acronyms])
    rows = tables["acronyms"].to_pylist()
    assert {"ESA", "APSCO", "BDS"} <= {r["acronym"] for r in rows}
    assert all(r["edition"] == "2021" and r["sentence_id"].count("/") == 2 for r in rows)
    assert manifest["tables"]["acronyms"]["rows"] == len(rows)
    # everything else is as without it
    plain, _ = extract_edition(edition_2021, rules)
    assert all(tables[name].equals(plain[name]) for name in plain)
