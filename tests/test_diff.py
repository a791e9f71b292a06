"""Diffing editions: two small editions written for the test, with every change seeded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.diff import diff
from pipeline.output import read as load
from pipeline.editions import Edition
from pipeline.rules import Rules
from pipeline.rules.scorecard import ScorecardRules
from pipeline.run import extract_edition
from pipeline.write import write_folder
from tests import pdfs

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WHITEPAPER = str(Path(sys.executable).parent / "whitepaper")

RULES = Rules.load()


def _extract(path: Path, edition_id: str, out: Path, rules, nlp) -> Path:
    tables, manifest = extract_edition(Edition(edition_id, path), rules, nlp)
    return write_folder(out, edition_id, tables, manifest)


@pytest.fixture(scope="module")
def editions(tmp_path_factory, rules, nlp):
    out = tmp_path_factory.mktemp("editions")
    _extract(FIXTURES / "mini-2021.txt", "mini2021", out, rules, nlp)
    _extract(FIXTURES / "mini-2026.txt", "mini2026", out, rules, nlp)
    return out


def _changes(result):
    return [(c["table"], c["key"], c["change"], c["field"], c["old"], c["new"]) for c in result["changes"]]


def test_every_seeded_change_and_nothing_else(editions):
    result = diff(load("mini2021", editions), load("mini2026", editions), RULES)
    assert _changes(result) == EXPECTED_CHANGES


def test_each_plan_gets_its_outcome(editions):
    result = diff(load("mini2021", editions), load("mini2026", editions), RULES)
    outcomes = {(p["kind"], p["key"]): (p["outcome"], p["counted"]) for p in result["plans"]}
    assert outcomes == EXPECTED_PLANS
    fulfilled = next(p for p in result["plans"] if p["key"] == "change-6")
    assert "Launch the Chang'e-6" in fulfilled["old_evidence"] and "Chang'e-6" in fulfilled["new_evidence"]
    assert fulfilled["plan_of"] == "sentence:I.2/3/1"
    silent = next(p for p in result["plans"] if p["outcome"] == "not_mentioned")
    assert silent["old_evidence"].startswith("Study plans for boundary") and silent["new_evidence"] is None
    # the nearest is shown, below the threshold; on two editions of a few lines every word looks rare,
    # so the absence is not sure (`absent_high`)
    assert silent["candidate"] and silent["candidate_score"] < RULES.get(ScorecardRules).match.threshold
    assert not any(p["outcome"] == "dropped" for p in result["plans"])  # silence is never "dropped"


def test_an_edition_diffed_with_itself_is_empty(editions):
    result = diff(load("mini2026", editions), load("mini2026", editions), RULES)
    assert result["changes"] == []
    assert {p["outcome"] for p in result["plans"]} == {"carried_over"}
    assert all(p["old_evidence_id"] == p["new_evidence_id"] for p in result["plans"])


def test_text_and_pdf_renderings_differ_only_in_provenance(tmp_path, rules, nlp):
    text = (FIXTURES / "mini-2026.txt").read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():  # wrap long lines narrower than the text file does
        lines.extend(pdfs.wrap(line, 60) if not line.startswith("•") else ["• " + l if i == 0 else l
                     for i, l in enumerate(pdfs.wrap(line[2:], 60))])
    pdf = pdfs.render(pdfs.paginate(lines, per_page=8), tmp_path / "mini-2026.pdf")
    _extract(FIXTURES / "mini-2026.txt", "from-text", tmp_path, rules, nlp)
    _extract(pdf, "from-pdf", tmp_path, rules, nlp)
    result = diff(load("from-text", tmp_path), load("from-pdf", tmp_path), RULES)
    assert result["changes"] == []


def test_command_writes_tables_and_prints_each_format(editions):
    for fmt in ("text", "markdown", "json"):
        run = subprocess.run([WHITEPAPER, "diff", "mini2021", "mini2026", "--out", str(editions), "--format", fmt],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        if fmt == "json":
            data = json.loads(run.stdout)
            assert data["old"] == "mini2021" and len(data["changes"]) == len(EXPECTED_CHANGES)
        elif fmt == "markdown":
            assert run.stdout.startswith("# Diff mini2021 → mini2026") and "| sections | I.2 | renamed |" in run.stdout
        else:
            assert "~ sections" in run.stdout and "Lunar and Planetary Exploration" in run.stdout
    folder = editions / "diffs" / "mini2021-mini2026"
    assert not (editions / "diff-mini2021-mini2026").exists()  # diffs live under OUT/diffs/
    changes = pq.read_table(folder / "changes.parquet").to_pylist()
    assert len(changes) == len(EXPECTED_CHANGES) and {c["old_edition"] for c in changes} == {"mini2021"}
    summary = {(r["table"], r["change"]): r["rows"] for r in pq.read_table(folder / "summary.parquet").to_pylist()}
    assert summary[("plans:sentence", "not_mentioned")] == 1 and ("plans:object", "fulfilled") not in summary
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["diff"]["old_source_sha256"] and manifest["diff"]["new_pipeline"]


def test_unknown_edition_is_a_one_line_error(editions):
    run = subprocess.run([WHITEPAPER, "diff", "mini2021", "nope", "--out", str(editions)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "nope" in run.stderr and len(run.stderr.strip().splitlines()) == 1


EXPECTED_CHANGES = [  # tables in the extractors' order, then sections
    ("missions", "change-6", "changed", "status", "planned", "achieved"),  # a plan reported as done
    ("missions", "tianwen-1", "removed", None, "achieved", None),  # added and removed rows say their status
    ("missions", "tianwen-2", "added", None, None, "planned"),
    ("satellites", "beidou", "removed", None, "achieved", None),
    ("satellites", "zhangheng-1-02", "changed", "status", "planned", "achieved"),
    ("counts", "agreement cooperation space|-|-", "changed", "value", "46.0", "60.0"),  # changed counts
    ("counts", "country region|-|-", "changed", "value", "19.0", "25.0"),
    ("counts", "launch mission|-|-", "changed", "value", "207.0", "310.0"),
    ("counts", "launch mission|long-march-series|-", "changed", "value", "183.0", "250.0"),
    ("partners", "IDN", "added", None, None, "achieved"),  # a new partner
    ("partners", "ITA", "changed", "status", "planned", "achieved"),
    ("partners", "ITA", "changed", "contexts", '["Key Areas for Future Cooperation"]', '["Major Achievements"]'),
    ("partner_links", "ITA|zhangheng-1-02", "changed", "status", "planned", "achieved"),
    ("sections", "I.2", "renamed", "title", "Deep Space Exploration", "Lunar and Planetary Exploration"),
]

EXPECTED_PLANS = {  # (kind, key): (outcome, counted)
    ("sentence", "preamble/2/1"): ("carried_over", True),  # "In the next five years, China will integrate ..."
    ("sentence", "I.2/2/1"): ("carried_over", True),  # "... will continue with lunar and planetary exploration"
    ("sentence", "I.2/3/1"): ("fulfilled", True),  # Launch the Chang'e-6 lunar probe to collect ... samples
    ("sentence", "I.2/4/1"): ("carried_over", True),  # Launch the Chang'e-7 lunar probe ...
    ("sentence", "I.2/5/1"): ("not_mentioned", True),  # Study plans for boundary exploration: NEW is silent
    ("sentence", "II.2/1/1"): ("fulfilled", True),  # China will launch the China-Italy ... Satellite 02
    ("object", "change-6"): ("fulfilled", False),  # tied to the sentences that plan them
    ("object", "change-7"): ("carried_over", False),
    ("object", "zhangheng-1-02"): ("fulfilled", False),
    ("partner", "ITA"): ("fulfilled", False),
    ("link", "ITA|zhangheng-1-02"): ("fulfilled", False),
}


def test_change_rows_never_share_a_key_when_two_counts_count_the_same(tmp_path, rules, nlp):
    """Two counts of "countries and regions" in each edition: the second is key#2, so (table,
    key, change, field) names one change row."""
    old, new = tmp_path / "old-2031.txt", tmp_path / "new-2036.txt"
    old.write_text("Preamble\nChina has signed agreements with 19 countries and regions. Its data are used "
                   "in 121 countries and regions.\n", encoding="utf-8")
    new.write_text("Preamble\nChina has signed agreements with 25 countries and regions. Its data are used "
                   "in 140 countries and regions. Training reached 30 countries and regions.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = diff(load_folder(_extract(old, "o", out, rules, nlp)), load_folder(_extract(new, "n", out, rules, nlp)), rules)
    counts = [(c["key"], c["change"], c["field"]) for c in result["changes"] if c["table"] == "counts"]
    assert len(counts) == len(set(counts)) and any(k.endswith("#2") for k, _, _ in counts), counts
    assert ("country region|-|-#3", "added", None) in counts


def load_folder(path: Path):
    return load(path.name, path.parent)
