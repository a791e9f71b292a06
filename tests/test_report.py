"""`whitepaper report`: the 2021 edition and the diff of the two mini editions as HTML, read back
with html.parser and, where Chromium is installed, loaded in a real (headless) browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from pipeline.diff import diff
from pipeline.output import read as load
from pipeline.editions import Edition
from pipeline.rules import Rules
from pipeline.run import extract_edition
from pipeline.write import write_folder

WHITEPAPER = str(Path(sys.executable).parent / "whitepaper")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source"}

RULES = Rules.load()


@pytest.fixture(scope="module")
def out(tmp_path_factory, edition_2021, rules, nlp) -> Path:
    root = tmp_path_factory.mktemp("report")
    for edition in (edition_2021, Edition("mini2021", FIXTURES / "mini-2021.txt"),
                    Edition("mini2026", FIXTURES / "mini-2026.txt")):
        tables, manifest = extract_edition(edition, rules, nlp)
        write_folder(root, edition.id, tables, manifest)
    return root


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
def diff_report(out) -> Path:
    result = run("--diff", "mini2021", "mini2026", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / "diffs" / "mini2021-mini2026" / "report.html"


class Page(HTMLParser):
    """What the tests look at: ids, classes, links, the text (span labels apart), tag balance."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()
        self.classes: dict[str, set[str]] = {}
        self.attrs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.tags: Counter[str] = Counter()
        self.labels: Counter[str] = Counter()  # displaCy span labels
        self.sentences: dict[str, str] = {}  # id -> visible text, labels and id links left out
        self.blocks: list[str] = []  # the visible text of every sentence block, with an id or not
        self.text: list[str] = []
        self.stack: list[tuple[str, set[str], str | None]] = []
        self.errors: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        self.tags[tag] += 1
        self.attrs += [(tag, k, v or "") for k, v in attrs.items()]
        if "id" in attrs:
            self.ids[attrs["id"]] += 1
            self.classes[attrs["id"]] = classes
        if tag in VOID:
            return
        sentence = None
        if "sent" in classes and tag == "div":
            sentence = attrs.get("id") or f"#{len(self.blocks)}"
            self.sentences[sentence] = ""
            self.blocks.append(sentence)
        self.stack.append((tag, classes, sentence))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        inside = [classes for _, classes, _ in self.stack]
        if any("lab" in c for c in inside):
            self.labels[data.strip()] += 1
            return
        if any("sid" in c for c in inside):
            return
        for _, _, sentence in reversed(self.stack):
            if sentence:
                self.sentences[sentence] += data
                break


def page(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2060", "").split())


def test_the_page_is_well_formed_and_self_contained(report_2021, diff_report):
    for path in (report_2021, diff_report):
        markup = path.read_text(encoding="utf-8")
        assert markup.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
        parsed = Page(markup)
        assert not parsed.errors and not parsed.stack, parsed.errors[:3]
        assert [i for i, n in parsed.ids.items() if n > 1] == [], "ids are unique"
        assert parsed.tags["html"] == parsed.tags["head"] == parsed.tags["body"] == parsed.tags["title"] == 1
        for tag in ("script", "link", "img", "iframe", "object", "embed"):
            assert parsed.tags[tag] == 0, tag
        external = [(t, k, v) for t, k, v in parsed.attrs
                    if k in ("src", "href", "srcset", "action", "data") and re.match(r"\s*(\w+:|//)", v)]
        assert external == []
        assert "http://" not in markup and "https://" not in markup
        assert "@import" not in markup and "url(" not in markup


def test_every_mission_and_partner_is_named(report_2021, out):
    text = " ".join(page(report_2021).text)
    edition = load("2021", out)
    for table in ("missions", "partners", "satellites", "launch_vehicles", "launch_sites"):
        for row in edition.tables[table]:
            assert row["name"] in text, (table, row["name"])


def test_summary_links_land_on_their_evidence_sentence(report_2021, out):
    parsed = page(report_2021)
    targets = {unquote(v[1:]) for t, k, v in parsed.attrs if t == "a" and k == "href" and v.startswith("#")}
    assert targets and all(t in parsed.ids for t in targets), targets - set(parsed.ids)
    edition = load("2021", out)
    evidence = {r["evidence_sentence_id"] for t in ("missions", "satellites", "launch_vehicles", "launch_sites",
                                                   "partners", "frameworks") for r in edition.tables[t]}
    evidence |= {r["sentence_id"] for r in edition.tables["counts"]}
    assert evidence <= targets
    for sentence_id in evidence:
        assert "sent" in parsed.classes[sentence_id]


def test_every_sentence_has_its_id_status_and_exact_text(report_2021, out):
    parsed = page(report_2021)
    sentences = load("2021", out).tables["sentences"]
    assert set(parsed.sentences) == {s["sentence_id"] for s in sentences}, "only sentences are blocks"
    for s in sentences:
        assert parsed.classes[s["sentence_id"]] == {"sent", s["status"]}
        assert _norm(parsed.sentences[s["sentence_id"]]) == _norm(s["text"]), s["sentence_id"]
    markup = report_2021.read_text(encoding="utf-8")
    planned = re.search(r"\.sent\.planned \{([^}]*)\}", markup)[1]
    achieved = re.search(r"\.sent\.achieved \{([^}]*)\}", markup)[1]
    assert planned != achieved and "border-left" in planned and "background" in planned


def test_every_mention_and_count_is_highlighted_by_table(report_2021, out):
    edition = load("2021", out)
    expected = Counter(m["table"] for m in edition.tables["mentions"])
    expected["count"] = len(edition.tables["counts"])
    labels = page(report_2021).labels
    legend = 1  # the legend shows each label once
    assert {label: labels[label] - legend for label in expected} == dict(expected)
    markup = report_2021.read_text(encoding="utf-8")
    assert "\ue000" not in markup, "displaCy glue marks are removed"


def test_the_diff_report_scores_every_plan(diff_report, out):
    parsed = page(diff_report)
    text = " ".join(parsed.text)
    result = diff(load("mini2021", out), load("mini2026", out), RULES)
    tally = Counter(p["outcome"] for p in result["plans"])
    assert tally == {"fulfilled": 6, "carried_over": 4, "dropped": 1}
    for outcome, n in tally.items():
        assert f"{n} {outcome}" in text
    outcome_cells = Counter(d.strip() for d in parsed.text if d.strip() in tally)
    assert all(outcome_cells[o] >= n for o, n in tally.items())
    blocks = {_norm(parsed.sentences[b]) for b in parsed.blocks}
    for plan in result["plans"]:
        assert _norm(plan["old_evidence"]) in blocks
        assert plan["new_evidence"] is None or _norm(plan["new_evidence"]) in blocks
    assert "not mentioned" in text  # the dropped plan has no evidence in NEW
    for old, new in (("207", "310"), ("183", "250"), ("46", "60"), ("19", "25")):
        assert re.search(rf"{old}\s*→\s*{new}", text), (old, new)
    assert {"scorecard", "counts", "changes"} <= set(parsed.ids)
    assert "Lunar and Planetary Exploration" in text  # a renamed section among the other changes


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


# ----- a real browser ------------------------------------------------------------------------

def _chromium() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.mark.parametrize("which", ["2021", "diff"])
def test_chromium_renders_the_report_without_errors(which, report_2021, diff_report, tmp_path):
    chromium = _chromium()
    if chromium is None:
        pytest.skip("Debian package chromium not installed; make test installs nothing system-wide")
    path = report_2021 if which == "2021" else diff_report
    ARTIFACTS.mkdir(exist_ok=True)
    png = ARTIFACTS / ("report-2021.png" if which == "2021" else "report-diff-mini2021-mini2026.png")
    png.unlink(missing_ok=True)
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr", "--v=0",
         f"--screenshot={png}", "--window-size=1280,2000", path.resolve().as_uri()],
        capture_output=True, text=True, timeout=30, env={**os.environ, "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    console = [line for line in result.stderr.splitlines() if re.search(r"CONSOLE[(:]", line)]
    assert console == [], console
    assert png.exists() and png.stat().st_size > 20_000, "a screenshot with something on it"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png.read_bytes()[16:20], "big"), int.from_bytes(png.read_bytes()[20:24], "big")
    assert (width, height) == (1280, 2000)
    print(f"\nscreenshot: {png}")
