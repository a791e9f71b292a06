"""The reports in a real browser: headless Chromium (Debian's `chromium`) driven over the
DevTools protocol (tests/browser.py). No console errors, no request but the page itself, the
filters change the visible rows, the links land, and screenshots at 1280 px are written to
tests/artifacts/ for people to look at. Skipped, saying why, where Chromium is not installed:
`make test` installs nothing system-wide."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.output import read as load
from tests.browser import Browser, find_chromium
from tests.test_report import build, run

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

VISIBLE = "(el => el.getClientRects().length > 0)"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if find_chromium() is None:
        pytest.skip("Debian package chromium not installed; make test installs nothing system-wide")
    chromium = Browser(tmp_path_factory.mktemp("chromium"))
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def site(browser, tmp_path_factory, edition_2021, rules, nlp) -> Path:
    out = build(tmp_path_factory.mktemp("site"), edition_2021, rules, nlp)
    for args in (("2021",), ("--diff", "mini2021", "mini2026")):
        result = run(*args, "--out", str(out))
        assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def tab(browser):
    page = browser.page(1280, 900)
    yield page
    page.close()


def shown(tab, selector: str) -> int:
    return tab.js(f"Array.from(document.querySelectorAll({json.dumps(selector)})).filter({VISIBLE}).length")


def counter(tab) -> str:
    return tab.js("document.querySelector('#filters output').textContent")


def unresolved(tab) -> list[str]:
    """Links to this page whose target is not in it."""
    return tab.js("""Array.from(document.querySelectorAll('a[href^="#"]')).map(a => a.getAttribute('href'))
        .filter(h => !document.getElementById(decodeURIComponent(h.slice(1))))""")


def test_the_edition_report_in_chromium(tab, site):
    url = (site / "2021" / "report.html").resolve().as_uri()
    tab.goto(url)
    edition = load("2021", site)
    sentences = edition.tables["sentences"]
    total = len(sentences)
    assert shown(tab, ".sent[id]") == total and counter(tab) == f"{total} of {total} sentences"
    assert unresolved(tab) == []
    top = tab.screenshot(ARTIFACTS / "report-2021-top.png")

    # status, then a highlight: only the planned sentences that name a mission
    planned = {s["sentence_id"] for s in sentences if s["status"] == "planned"}
    tab.click('#filters button[data-key="status"][data-value="planned"]')
    assert shown(tab, ".sent[id]") == len(planned) and counter(tab) == f"{len(planned)} of {total} sentences"
    missions = {m["sentence_id"] for m in edition.tables["mentions"] if m["table"] == "missions"}
    tab.click('#filters button[data-key="tables"][data-value="missions"]')
    assert shown(tab, ".sent[id]") == len(planned & missions)
    assert shown(tab, "#summary-satellites") == 0 and shown(tab, "#summary-missions") == 1
    assert shown(tab, "#summary-missions tbody tr") == sum(1 for r in edition.tables["missions"] if r["status"] == "planned")
    tab.js("document.getElementById('text').scrollIntoView()")
    filtered = tab.screenshot(ARTIFACTS / "report-2021-filtered.png")
    assert tab.js("document.getElementById('filters').getBoundingClientRect().top") == 0, "the filters stay in view"
    assert tab.js("document.getElementById('toc').getBoundingClientRect().top") == 0, "so does the contents"

    # a name, then a search; Clear shows everything again
    tab.click("#filters [data-clear]")
    assert shown(tab, ".sent[id]") == total
    tab.js("(s => { s.value = 'partners:RUS'; s.dispatchEvent(new Event('change')); })(document.querySelector('#filters select'))")
    russia = {m["sentence_id"] for m in edition.tables["mentions"] if m["entity_id"] == "RUS"}
    assert shown(tab, ".sent[id]") == len(russia)
    tab.click("#filters [data-clear]")
    tab.type("#filters input[type=search]", "Lunar  Exploration")
    hits = {s["sentence_id"] for s in sentences if "lunar exploration" in " ".join(s["text"].lower().split())}
    assert hits and shown(tab, ".sent[id]") == len(hits)
    assert tab.js("Array.from(document.querySelectorAll('.sent[id]')).filter(" + VISIBLE + ").map(e => e.id)") == [
        s["sentence_id"] for s in sentences if s["sentence_id"] in hits]
    tab.click("#filters [data-clear]")
    assert shown(tab, ".sent[id]") == total

    # a mention count shows the sentences that name it
    tab.click('#summary-satellites a[data-set="names=satellites:beidou"]')
    beidou = {m["sentence_id"] for m in edition.tables["mentions"] if m["entity_id"] == "beidou"}
    assert shown(tab, ".sent[id]") == len(beidou) > 1
    tab.click("#filters [data-clear]")

    # summary tables: the first ten rows, "show all", and sorting by a column
    satellites = len(edition.tables["satellites"])
    assert shown(tab, "#summary-satellites tbody tr") == 10
    tab.click("#summary-satellites [data-more]")
    assert shown(tab, "#summary-satellites tbody tr") == satellites
    tab.click("#summary-satellites [data-more]")
    assert shown(tab, "#summary-satellites tbody tr") == 10
    tab.click("#summary-satellites th:nth-child(4) button")  # Mentions
    counts = sorted(r["mention_count"] for r in edition.tables["satellites"])
    values = "Array.from(document.querySelectorAll('#summary-satellites tbody tr')).filter(" + VISIBLE + \
             ").map(r => Number(r.cells[3].dataset.v))"
    assert tab.js(values) == counts[:10]
    tab.click("#summary-satellites th:nth-child(4) button")
    assert tab.js(values) == counts[::-1][:10]
    assert tab.js("document.querySelector('#summary-satellites th:nth-child(4)').getAttribute('aria-sort')") == "descending"

    # a highlight's tag goes to its row, unfolding the table; the row's evidence link comes back
    folded = tab.js("""(() => { const a = Array.from(document.querySelectorAll('a.to-row')).find(a => {
        const row = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
        return row && row.tagName === 'TR' && row.getClientRects().length === 0; });
        return a ? a.getAttribute('href') : null; })()""")
    assert folded, "some tag points into the folded part of a table"
    tab.click(f'a.to-row[href="{folded}"]')
    tab.settle()
    row = f"document.getElementById({json.dumps(folded[1:])})"
    assert tab.js(f"{VISIBLE}({row})") and tab.js("location.hash") == folded
    assert tab.js(f"{row}.matches(':target')")
    evidence = tab.js(f"{row}.querySelector('a[href^=\"#\"]:not([data-set])').getAttribute('href')")
    tab.click(f'tr:target a[href="{evidence}"]')
    tab.settle()
    assert tab.js("document.querySelector(':target').classList.contains('sent')")
    assert tab.js("(r => r.top >= 0 && r.bottom <= innerHeight)(document.querySelector(':target').getBoundingClientRect())")

    assert tab.problems() == []
    assert tab.requests() == [url], "nothing but the page itself"
    for png in (top, filtered):
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(data[16:20], "big") == 1280
        print(f"\nscreenshot: {png}")


def test_the_diff_report_in_chromium(tab, site):
    url = (site / "diffs" / "mini2021-mini2026" / "report.html").resolve().as_uri()
    tab.resize(1280, 1400)
    tab.goto(url)
    plans = 6  # the commitments of mini2021, each once (objects tied to their sentences are not rows)
    assert counter(tab) == f"{plans} of {plans} plans" and shown(tab, "table.scorecard tbody tr") == plans
    assert unresolved(tab) == []

    # the scorecard fits its columns at 1280 px
    assert tab.js("document.documentElement.scrollWidth") <= 1280
    overflow = tab.js("""(() => { const t = document.querySelector('table.scorecard').getBoundingClientRect();
        return Array.from(document.querySelectorAll('table.scorecard td, table.scorecard th'))
          .filter(c => c.getBoundingClientRect().right > t.right + 0.5 || c.scrollWidth > c.clientWidth + 1).length
          + (t.right > 1280 ? 1000 : 0); })()""")
    assert overflow == 0
    png = tab.screenshot(ARTIFACTS / "report-diff-mini2021-mini2026.png")

    # outcome badges and the summary's numbers filter the scorecard
    tab.click('#filters button[data-key="outcome"][data-value="fulfilled"]')
    assert shown(tab, "table.scorecard tbody tr") == 2 and counter(tab) == f"2 of {plans} plans"
    tab.click('#filters button[data-key="outcome"][data-value="not_mentioned"]')
    assert shown(tab, "table.scorecard tbody tr") == 3
    tab.click('#summary a[data-set="outcome=carried_over kind=sentence"]')
    assert shown(tab, "table.scorecard tbody tr") == 3
    assert tab.js("Array.from(document.querySelectorAll('table.scorecard tbody tr')).filter(" + VISIBLE +
                  ").every(r => r.dataset.outcome === 'carried_over' && r.dataset.kind === 'sentence')")
    tab.click("#filters [data-clear]")
    assert shown(tab, "table.scorecard tbody tr") == plans
    outcomes = tab.js("Array.from(document.querySelectorAll('table.scorecard tbody tr')).map(r => r.dataset.outcome)")
    order = ["not_mentioned", "fulfilled", "in_progress", "dropped", "carried_over"]
    assert outcomes == sorted(outcomes, key=order.index), "what NEW is silent about, then what came true, first"
    assert tab.problems() == [] and tab.requests() == [url]

    # a sentence id opens that sentence in its edition's report
    href = tab.js("document.querySelector('table.scorecard td:nth-child(4) a.sid').getAttribute('href')")
    assert re.fullmatch(r"\.\./\.\./mini2026/report\.html#[\w./-]+", href), href
    since = len(tab.browser.events)
    tab.click("table.scorecard td:nth-child(4) a.sid")
    tab.browser.wait_for("Page.loadEventFired", tab.session, since)
    target = (site / "mini2026" / "report.html").resolve().as_uri()
    assert tab.js("location.href.split('#')[0]") == target
    assert tab.js("document.querySelector(':target').id") == href.split("#", 1)[1]
    assert tab.js(f"{VISIBLE}(document.querySelector(':target'))")
    assert tab.problems() == []
    assert tab.requests() == [url, target]
    data = png.read_bytes()
    assert int.from_bytes(data[16:20], "big") == 1280 and int.from_bytes(data[20:24], "big") == 1400
    print(f"\nscreenshot: {png}")
