"""`whitepaper report`: the 2021 edition and the diff of the two mini editions as HTML, read back
with html.parser (tests/test_report_browser.py loads them in a real, headless browser)."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from pipeline.diff import diff
from pipeline.editions import Edition
from pipeline.extractors import default_extractors
from pipeline.output import read as load
from pipeline.report import OUTCOME_ORDER, diff_report
from pipeline.rules import Rules
from pipeline.run import extract_edition
from pipeline.write import write_folder
from tests import pdfs

WHITEPAPER = str(Path(sys.executable).parent / "whitepaper")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source"}
SVG_VOID = {"rect"}  # written as <rect .../>

RULES = Rules.load()


def build(root: Path, edition_2021, rules, nlp) -> Path:
    for edition in (edition_2021, Edition("mini2021", FIXTURES / "mini-2021.txt"),
                    Edition("mini2026", FIXTURES / "mini-2026.txt")):
        tables, manifest = extract_edition(edition, rules, nlp)
        write_folder(root, edition.id, tables, manifest)
    return root


@pytest.fixture(scope="module")
def out(tmp_path_factory, edition_2021, rules, nlp) -> Path:
    return build(tmp_path_factory.mktemp("report"), edition_2021, rules, nlp)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([WHITEPAPER, "report", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def report_2021(out) -> Path:
    result = run("2021", "--out", str(out))
    assert result.returncode == 0, result.stderr
    path = out / "2021" / "report.html"
    assert result.stdout.startswith(str(path))
    return path


@pytest.fixture(scope="module")
def diff_report_path(out) -> Path:
    result = run("--diff", "mini2021", "mini2026", "--out", str(out))
    assert result.returncode == 0, result.stderr
    path = out / "diffs" / "mini2021-mini2026" / "report.html"
    assert result.stdout.splitlines() == [f"{p} ({p.stat().st_size // 1024} KB)" for p in (
        path, out / "mini2021" / "report.html", out / "mini2026" / "report.html")]
    return path


class Page(HTMLParser):
    """What the tests look at: ids, classes, links, the text (span labels apart), tag balance."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()
        self.classes: dict[str, set[str]] = {}
        self.attrs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.by_id: dict[str, dict[str, str]] = {}
        self.tags: Counter[str] = Counter()
        self.labels: Counter[str] = Counter()  # displaCy span labels
        self.sentences: dict[str, str] = {}  # id -> visible text, labels, id links and reasons left out
        self.reasons: dict[str, str] = {}  # id -> the text of its reason (status, rule, trigger)
        self.blocks: list[str] = []  # the visible text of every sentence block, with an id or not
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.stack: list[tuple[str, set[str], str | None]] = []
        self.errors: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        classes = set(attrs.get("class", "").split())
        self.tags[tag] += 1
        self.attrs += [(tag, k, v) for k, v in attrs.items()]
        self.elements.append((tag, attrs))
        if "id" in attrs:
            self.ids[attrs["id"]] += 1
            self.classes[attrs["id"]] = classes
            self.by_id[attrs["id"]] = {"tag": tag, **attrs}
        if tag in VOID:
            return
        sentence = None
        if "sent" in classes and tag == "div":
            sentence = attrs.get("id") or f"#{len(self.blocks)}"
            self.sentences[sentence] = ""
            self.reasons[sentence] = ""
            self.blocks.append(sentence)
        self.stack.append((tag, classes, sentence))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        if self.stack and self.stack[-1][0] == "script":
            self.scripts.append(data)
        inside = [classes for _, classes, _ in self.stack]
        if any("lab" in c for c in inside):
            self.labels[data.strip()] += 1
            return
        if any("sid" in c for c in inside):
            return
        owner = next((s for _, _, s in reversed(self.stack) if s), None)
        if owner is None:
            return
        if any("why" in c for c in inside):
            self.reasons[owner] += data
        else:
            self.sentences[owner] += data


def page(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2060", "").split())


def _targets(parsed: Page) -> set[str]:
    return {unquote(v[1:]) for t, k, v in parsed.attrs if k == "href" and v.startswith("#")}


# ----- one file, no network ------------------------------------------------------------------

def test_the_page_is_well_formed_and_self_contained(report_2021, diff_report_path):
    for path in (report_2021, diff_report_path):
        markup = path.read_text(encoding="utf-8")
        assert markup.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
        parsed = Page(markup)
        assert not parsed.errors and not parsed.stack, parsed.errors[:3]
        assert [i for i, n in parsed.ids.items() if n > 1] == [], "ids are unique"
        assert parsed.tags["html"] == parsed.tags["head"] == parsed.tags["body"] == 1
        assert markup.split("</head>")[0].count("<title>") == 1  # the others name the bars of a chart
        for tag in ("link", "img", "iframe", "object", "embed", "form"):
            assert parsed.tags[tag] == 0, tag
        assert parsed.tags["script"] == 1 and not [v for t, k, v in parsed.attrs if t == "script" and k == "src"]
        external = [(t, k, v) for t, k, v in parsed.attrs
                    if k in ("src", "href", "srcset", "action", "data") and re.match(r"\s*(\w+:|//)", v)]
        assert external == []
        assert "https://" not in markup and "http://" not in markup
        assert "@import" not in markup and "url(" not in markup
        assert "fetch(" not in markup and "XMLHttpRequest" not in markup and "localStorage" not in markup


def test_the_content_security_policy_allows_only_the_inline_script(report_2021):
    parsed = page(report_2021)
    policy = next(e[1]["content"] for e in parsed.elements
                  if e[0] == "meta" and e[1].get("http-equiv") == "Content-Security-Policy")
    rules = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert rules["default-src"] == "'none'" and rules["base-uri"] == "'none'"
    digest = base64.b64encode(hashlib.sha256(parsed.scripts[0].encode()).digest()).decode()
    assert rules["script-src"] == f"'sha256-{digest}'", "the policy names the script by its hash"
    assert len(parsed.scripts[0]) < 8000, "a small script"


def test_the_same_tables_give_the_same_bytes(out, report_2021, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(out / "2021", copy / "2021")
    (copy / "2021" / "report.html").unlink()
    assert run("2021", "--out", str(copy)).returncode == 0
    assert (copy / "2021" / "report.html").read_bytes() == report_2021.read_bytes()


# ----- the edition report --------------------------------------------------------------------

def test_every_mission_and_partner_is_named(report_2021, out):
    text = " ".join(page(report_2021).text)
    edition = load("2021", out)
    for table in ("missions", "partners", "satellites", "launch_vehicles", "launch_sites"):
        for row in edition.tables[table]:
            assert row["name"] in text, (table, row["name"])


def test_every_link_lands_and_summary_rows_link_to_their_evidence(report_2021, out):
    parsed = page(report_2021)
    targets = _targets(parsed)
    assert targets and all(t in parsed.ids for t in targets), targets - set(parsed.ids)
    edition = load("2021", out)
    evidence = {r["evidence_sentence_id"] for t in ("missions", "satellites", "launch_vehicles", "launch_sites",
                                                   "partners", "frameworks") for r in edition.tables[t]}
    evidence |= {r["sentence_id"] for r in edition.tables["counts"]}
    assert evidence <= targets
    for sentence_id in evidence:
        assert "sent" in parsed.classes[sentence_id]


def test_every_sentence_has_its_id_status_exact_text_and_reason(report_2021, out):
    parsed = page(report_2021)
    sentences = load("2021", out).tables["sentences"]
    assert set(parsed.sentences) == {s["sentence_id"] for s in sentences}, "only sentences are blocks"
    for s in sentences:
        assert parsed.classes[s["sentence_id"]] == {"sent", s["status"]}
        assert _norm(parsed.sentences[s["sentence_id"]]) == _norm(s["text"]), s["sentence_id"]
        reason = _norm(parsed.reasons[s["sentence_id"]])
        assert reason.startswith(s["status"] + " · "), reason
        rule, trigger = s["status_rule"], s["status_trigger"]
        if rule is None:
            expected = f"{s['status']} · no trigger"
        elif rule == "scope":
            expected = f"planned · in the scope of {trigger}"
            assert parsed.by_id[trigger]["class"].startswith("sent"), "the opener is a sentence of the page"
        elif rule.startswith("section:"):
            expected = f"{s['status']} · default of section {trigger}"
        else:
            expected = f"{s['status']} · {rule} “{trigger}”"
        # then each mention whose own status differs from its sentence's, with its reason
        assert reason == expected or reason.startswith(expected + " · "), reason
    markup = report_2021.read_text(encoding="utf-8")
    planned = re.search(r"\.sent\.planned \{([^}]*)\}", markup)[1]
    achieved = re.search(r"\.sent\.achieved \{([^}]*)\}", markup)[1]
    assert planned != achieved and "border-left" in planned and "background" in planned


def test_every_mention_and_count_is_highlighted_and_its_tag_links_to_its_row(report_2021, out):
    edition = load("2021", out)
    expected = Counter(m["table"] for m in edition.tables["mentions"])
    expected["count"] = len(edition.tables["counts"])
    parsed = page(report_2021)
    filters = 1  # the highlight filter shows each label once
    assert {label: parsed.labels[label] - filters for label in expected} == dict(expected)
    markup = report_2021.read_text(encoding="utf-8")
    assert "\ue000" not in markup, "displaCy glue marks are removed"
    tag_links = Counter(unquote(e[1]["href"][1:]) for e in parsed.elements if e[0] == "a" and e[1].get("class") == "to-row")
    with_row = {f"{t}:{r.get('entity_id', r.get('partner_id'))}" for t in ("missions", "satellites", "launch_vehicles",
                "launch_sites", "partners") for r in edition.tables[t]}
    keys = [f"{m['table']}:{m['entity_id']}" for m in edition.tables["mentions"]]
    rows = Counter(k for k in keys if k in with_row)  # a place named only as a place has no partner row
    rows.update(f"counts:{c['count_id']}" for c in edition.tables["counts"])
    places = Counter(m["sentence_id"] for m, k in zip(edition.tables["mentions"], keys) if k not in with_row)
    assert tag_links == rows + places, "each tag links to its row (a place's to its sentence), one per mention or count"
    for anchor in rows:
        assert parsed.by_id[anchor]["tag"] == "tr"


def test_summary_tables_are_whole_sortable_counted_and_folded_by_script(report_2021, out):
    parsed = page(report_2021)
    edition = load("2021", out)
    markup = report_2021.read_text(encoding="utf-8")
    assert "max-height: 18rem" not in markup and ".scroll {" not in markup and "class=\"scroll\"" not in markup
    for table in ("missions", "satellites", "launch_vehicles", "launch_sites", "counts", "partners", "frameworks"):
        n = len(edition.tables[table])
        box = re.search(rf'<section class="box" id="summary-{table}".*?</section>', markup, re.S)[0]
        assert f"<small>{n} row{'s' if n != 1 else ''}</small>" in box
        assert box.count("<tr ") == n, "every row is in the page"
        assert 'data-collapse="10"' in box and "data-more" in box and 'aria-sort="none"' in box
    partners = {p["partner_id"] for p in edition.tables["partners"]}
    mentions = Counter((m["table"], m["entity_id"]) for m in edition.tables["mentions"]
                       if m["table"] != "partners" or m["entity_id"] in partners)
    names = [e[1]["data-set"] for e in parsed.elements if "data-set" in e[1] and e[1]["data-set"].startswith("names=")]
    assert sorted(names) == sorted(f"names={t}:{k}" for t, k in mentions if t != "counts"), \
        "each object and partner row's mention count shows its sentences"


def test_segments_show_their_source_lines_and_sections_have_a_table_of_contents(report_2021, out):
    parsed = page(report_2021)
    edition = load("2021", out)
    markup = report_2021.read_text(encoding="utf-8")
    with_text = {s["segment_id"] for s in edition.tables["sentences"]}
    for segment in edition.tables["segments"]:
        if segment["segment_id"] in with_text:
            first, last = segment["first_line"], segment["last_line"]
            where = f"l. {first}" if first == last else f"ll. {first}–{last}"
            assert re.search(rf'id="{re.escape(segment["segment_id"])}"[^>]*><a class="loc" [^>]*>{where}</a>', markup), \
                segment["segment_id"]
    toc = re.search(r'<nav id="toc".*?</nav>', markup, re.S)[0]
    for section in edition.tables["sections"]:
        if section["level"] == 1 and f'section-{section["section_id"]}' in parsed.ids:
            assert f'href="#section-{section["section_id"]}"' in toc
    assert re.search(r"#toc \{ position: sticky; top: 0;", markup)


def test_a_pdf_edition_shows_the_page_of_every_paragraph(tmp_path, rules, nlp):
    text = (FIXTURES / "mini-2026.txt").read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():  # wrapped narrower than the text file, as in tests/test_diff.py
        lines.extend(pdfs.wrap(line, 60) if not line.startswith("•") else ["• " + l if i == 0 else l
                     for i, l in enumerate(pdfs.wrap(line[2:], 60))])
    pdf = pdfs.render(pdfs.paginate(lines, per_page=8), tmp_path / "mini-2026.pdf")
    tables, manifest = extract_edition(Edition("pdf2026", pdf), rules, nlp)
    write_folder(tmp_path, "pdf2026", tables, manifest)
    assert run("pdf2026", "--out", str(tmp_path)).returncode == 0
    markup = (tmp_path / "pdf2026" / "report.html").read_text(encoding="utf-8")
    segments = [s for s in tables["segments"].to_pylist() if s["kind"] != "heading"]
    assert any(s["first_page"] != s["last_page"] for s in segments) or len({s["first_page"] for s in segments}) > 1
    for s in segments:
        pages = f"p. {s['first_page']}" if s["first_page"] == s["last_page"] else f"pp. {s['first_page']}–{s['last_page']}"
        assert re.search(rf'id="{re.escape(s["segment_id"])}"[^>]*><a class="loc" [^>]*>{pages} · l', markup), s


def test_the_overview_charts_count_what_the_tables_hold(report_2021, out):
    edition = load("2021", out)
    markup = report_2021.read_text(encoding="utf-8")
    charts = re.findall(r"<svg .*?</svg>", markup, re.S)
    assert len(charts) == 2
    sections = {s["section_id"]: s for s in edition.tables["sections"]}

    def chapter(sid):
        while sections[sid]["parent_id"]:
            sid = sections[sid]["parent_id"]
        return sid

    tally = Counter((chapter(s["section_id"]), s["status"]) for s in edition.tables["sentences"])
    titles = dict(re.findall(r'<a href="#section-([^"]+)"><title>[^<]*: ([^<]*)</title>', charts[0]))
    for chapter_id in {c for c, _ in tally}:
        expected = ", ".join(f"{tally[(chapter_id, s)]} {s}" for s in ("achieved", "planned", "neutral")
                             if tally[(chapter_id, s)])
        assert titles[chapter_id] == expected, chapter_id
    rows = dict(re.findall(r'<a href="#summary-([^"]+)"><title>[^<]*: ([^<]*)</title>', charts[1]))
    partners = Counter(r["status"] for r in edition.tables["partners"])
    assert rows["partners"] == ", ".join(f"{partners[s]} {s}" for s in ("achieved", "planned", "neutral") if partners[s])
    assert rows["frameworks"] == f"{len(edition.tables['frameworks'])} rows"


def test_the_filters_offer_every_status_highlight_and_name(report_2021, out):
    parsed = page(report_2021)
    edition = load("2021", out)
    toggles = {(a["data-key"], a["data-value"]) for t, a in parsed.elements if t == "button" and "data-key" in a}
    labels = set(Counter(m["table"] for m in edition.tables["mentions"])) | {"count"}
    assert toggles == {("status", s) for s in ("achieved", "planned", "neutral")} | {("tables", label) for label in labels}
    options = {a["value"] for t, a in parsed.elements if t == "option" and a.get("value")}
    assert options == {f"{m['table']}:{m['entity_id']}" for m in edition.tables["mentions"]}
    assert any(t == "input" and a.get("type") == "search" for t, a in parsed.elements)
    for m in edition.tables["mentions"]:
        sentence = parsed.by_id[m["sentence_id"]]
        assert f"{m['table']}:{m['entity_id']}" in sentence["data-names"].split()
        assert m["table"] in sentence["data-tables"].split()


def test_a_mention_whose_status_differs_from_its_sentence_says_why(report_2021, out):
    parsed = page(report_2021)
    mention = next(m for m in load("2021", out).tables["mentions"] if m["entity_id"] == "change-6"
                   and m["status"] == "neutral")  # "launched payload cooperation in the Chang'e-6 mission"
    reason = _norm(parsed.reasons[mention["sentence_id"]])
    assert reason.startswith("achieved · ")
    assert (f"Chang'e-6: neutral (status_rule {mention['status_rule']}, status_trigger {mention['status_trigger']}"
            in reason), reason


# ----- the diff report -----------------------------------------------------------------------

def test_the_diff_report_scores_every_plan(diff_report_path, out):
    parsed = page(diff_report_path)
    text = " ".join(parsed.text)
    result = diff(load("mini2021", out), load("mini2026", out), RULES)
    tally = Counter(p["outcome"] for p in result["plans"] if p["counted"])
    assert tally == {"fulfilled": 2, "carried_over": 3, "not_mentioned": 1}
    for outcome, n in tally.items():
        assert f"{n} {outcome}" in text
    rows = [a for t, a in parsed.elements if t == "tr" and "data-outcome" in a]
    assert Counter(a["data-outcome"] for a in rows) == tally
    blocks = {_norm(parsed.sentences[b]) for b in parsed.blocks}
    for plan in (p for p in result["plans"] if p["counted"]):
        assert _norm(plan["old_evidence"]) in blocks
        assert plan["new_evidence"] is None or _norm(plan["new_evidence"]) in blocks
    assert "not mentioned" in text  # the unmatched plan has no evidence in NEW
    for old, new in (("207", "310"), ("183", "250"), ("46", "60"), ("19", "25")):
        assert re.search(rf"{old}\s*→\s*{new}", text), (old, new)
    assert {"summary", "scorecard", "counts", "changes"} <= set(parsed.ids)
    assert "Lunar and Planetary Exploration" in text  # a renamed section among the other changes


def test_every_sentence_id_of_the_diff_opens_it_in_its_editions_report(diff_report_path, out):
    parsed = page(diff_report_path)
    links = [a["href"] for t, a in parsed.elements if t == "a" and "href" in a and not a["href"].startswith("#")]
    assert links
    pages: dict[Path, Page] = {}
    for href in links:
        parts = urlsplit(href)
        target = (diff_report_path.parent / unquote(parts.path)).resolve()
        assert target.parent.parent == out.resolve() and target.name == "report.html", href
        pages.setdefault(target, page(target))
        if parts.fragment:
            assert unquote(parts.fragment) in pages[target].ids, href
    sids = [a["href"] for t, a in parsed.elements if t == "a" and a.get("class") == "sid"]
    assert sids and all(re.match(r"\.\./\.\./mini20(21|26)/report\.html#", h) for h in sids)
    assert len(sids) == sum(1 for b in parsed.blocks), "every evidence sentence links to its edition's report"


def test_a_diff_report_written_elsewhere_links_back_to_the_editions(out, tmp_path):
    target = tmp_path / "elsewhere" / "diff.html"
    assert run("--diff", "mini2021", "mini2026", "--out", str(out), "-o", str(target)).returncode == 0
    parsed = page(target)
    for href in {a["href"].split("#")[0] for t, a in parsed.elements if t == "a" and a.get("class") == "sid"}:
        assert (target.parent / unquote(href)).resolve() in {(out / e / "report.html").resolve() for e in ("mini2021", "mini2026")}


def test_the_diff_report_reads_whatever_outcomes_and_columns_the_plans_have(out):
    """The plan table is being reworked (outcomes fulfilled / in_progress / carried_over /
    not_mentioned / dropped, a confidence and a score): the report takes what it finds."""
    old, new = load("mini2021", out), load("mini2026", out)
    result = diff(old, new, RULES)
    outcomes = ["fulfilled", "in_progress", "carried_over", "not_mentioned", "dropped", "partly"]
    confidences = ["high", "medium", "low"]
    plans = [{**p, "outcome": outcomes[i % len(outcomes)], "confidence": confidences[i % 3], "score": 0.125 * i,
              "counted": True} for i, p in enumerate(result["plans"])]
    markup = diff_report(old, new, {**result, "plans": plans}, default_extractors())
    parsed = Page(markup)
    rows = [a for t, a in parsed.elements if t == "tr" and "data-outcome" in a]
    order = [*OUTCOME_ORDER, "partly"]
    assert [order.index(a["data-outcome"]) for a in rows] == sorted(order.index(p["outcome"]) for p in plans)
    assert OUTCOME_ORDER[:2] == ("not_mentioned", "fulfilled")
    assert [a["data-confidence"] for a in rows] and {a["data-confidence"] for a in rows} == set(confidences)
    text = _norm(" ".join(parsed.text))
    low = sum(1 for p in plans if p["confidence"] == "low")
    assert f"{low} low-confidence match" in text
    assert "score 0.12" in text and "confidence low" in text, "other columns are shown beside the outcome"
    assert "Italy × China-Italy Electromagnetic Monitoring" in text, "a link plan is named by its partner and its object"
    toggles = {(a["data-key"], a["data-value"]) for t, a in parsed.elements if t == "button" and "data-key" in a}
    assert {("confidence", c) for c in confidences} <= toggles
    assert {("outcome", o) for o in outcomes} <= toggles
    tally = Counter((p["kind"], p["outcome"]) for p in plans)
    cells = Counter()
    for tag, attrs in parsed.elements:
        if tag == "a" and attrs.get("data-set", "").startswith("outcome=") and " kind=" in attrs["data-set"]:
            outcome, kind = (part.split("=")[1] for part in attrs["data-set"].split(" "))
            cells[(kind, outcome)] += 1
    assert set(cells) == set(tally), "one cell per kind and outcome that has plans"
    numbers = re.findall(r'data-set="outcome=([^ "]+) kind=([^"]+)">(\d+)</a>', markup)
    assert {(k, o): int(n) for o, k, n in numbers} == dict(tally)
    bare = {**result, "plans": [{k: v for k, v in p.items() if k != "confidence"} for p in result["plans"]]}
    assert "low-confidence" not in diff_report(old, new, bare, default_extractors()), \
        "no confidence column, no count of low-confidence matches"


def test_output_file_and_errors(out, tmp_path):
    target = tmp_path / "nested" / "r.html"
    result = run("mini2026", "--out", str(out), "-o", str(target))
    assert result.returncode == 0 and target.exists(), result.stderr
    for args in (("nope", "--out", str(out)), ("--out", str(out)),
                 ("mini2021", "--diff", "mini2021", "mini2026", "--out", str(out)),
                 ("--diff", "mini2021", "nope", "--out", str(out))):
        failed = run(*args)
        assert failed.returncode == 2, args
        assert len(failed.stderr.strip().splitlines()) == 1 and "Traceback" not in failed.stderr, failed.stderr


def test_report_diff_writes_the_diff_folder_it_reports_into(out, tmp_path):
    """Written into OUT/diff-OLD-NEW/, the report brings the diff's tables: `show` reads the
    folder and a later `diff` may replace it (a bare folder holding only report.html could not be)."""
    root = tmp_path / "out"
    for edition in ("mini2021", "mini2026"):
        shutil.copytree(out / edition, root / edition)
    assert run("--diff", "mini2021", "mini2026", "--out", str(root)).returncode == 0
    folder = root / "diffs" / "mini2021-mini2026"
    assert sorted(p.name for p in folder.iterdir()) == [
        "changes.parquet", "manifest.json", "plans.parquet", "report.html", "summary.parquet"]
    shown = subprocess.run([WHITEPAPER, "show", str(folder), "plans", "object:change-6", "--format", "json"],
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0 and '"outcome": "fulfilled"' in shown.stdout, shown.stderr
    again = subprocess.run([WHITEPAPER, "diff", "mini2021", "mini2026", "--out", str(root)],
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    elsewhere = tmp_path / "r.html"
    assert run("--diff", "mini2021", "mini2026", "--out", str(root), "-o", str(elsewhere)).returncode == 0
    assert not (root / "diffs" / "mini2021-mini2026" / "report.html").exists(), \
        "-o writes the report there and leaves the diff folder alone"
