"""The HTML reader: one line per visible block with its element path, each quirk of saved pages
on a page of a few lines written for it; the main content found by its share of the text."""

from __future__ import annotations

import pytest

from pipeline.clutter import declutter
from pipeline.errors import InputError
from pipeline.ingest import read_source
from pipeline.rules.layout import LayoutRules
from pipeline.rules.web import WebRules


@pytest.fixture
def read(tmp_path):
    """Read a page; returns [(element path, text)] of its non-blank lines."""

    def run(body: str, head: str = "", raw: bytes | None = None, name: str = "page.html"):
        path = tmp_path / name
        path.write_bytes(raw if raw is not None else
                         f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode("utf-8"))
        return [(line.element, line.text) for line in read_source(path).lines if line.text]

    return run


def texts(lines) -> list[str]:
    return [text for _, text in lines]


def test_blocks_are_lines_with_their_element_paths(read):
    lines = read("<div><h3>I. Progress</h3><p>China has launched <b>Tianwen-1</b>.</p>"
                 "<p>It will <a href='#'>launch</a> Chang'e-7.</p></div>")
    assert lines == [("/html/body/div/h3", "I. Progress"), ("/html/body/div/p[1]", "China has launched Tianwen-1."),
                     ("/html/body/div/p[2]", "It will launch Chang'e-7.")]


def test_blocks_are_separated_by_an_empty_line(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><p>One paragraph</p><p>Another paragraph</p></body></html>", encoding="utf-8")
    assert [line.text for line in read_source(path).lines] == ["One paragraph", "", "Another paragraph", ""]


def test_entities_become_text(read):
    lines = read("<p>TT&amp;C and R&amp;D, 1,731&nbsp;g, China&#39;s, China&rsquo;s &ldquo;space plus&rdquo; &gt; &copy;</p>")
    assert texts(lines) == ["TT&C and R&D, 1,731 g, China's, China’s “space plus” > ©"]


def test_one_br_is_a_space_and_two_end_the_line(read):
    lines = read("<p>the Long March carrier rocket series.<br>The total launch attempts exceeded 400.</p>"
                 "<div>First paragraph of an old page.<br><br>\n<br>Second paragraph.</div>")
    assert texts(lines) == ["the Long March carrier rocket series. The total launch attempts exceeded 400.",
                            "First paragraph of an old page.", "Second paragraph."]


def test_empty_paragraphs_and_indents_leave_nothing(read):
    lines = read("<p>&nbsp;</p><p></p><p>&nbsp;&nbsp;&nbsp;&nbsp;China is building its space industry.</p><p>  \n </p>")
    assert texts(lines) == ["China is building its space industry."]


def test_list_items_are_bullets_and_bullet_paragraphs_keep_theirs(read):
    lines = read("<ul><li>Strengthen space traffic control;</li><li><p>Improve debris monitoring;</p></li>"
                 "<li>Outer item<ul><li>Inner item</li></ul></li></ul><ol><li>Ordered item.</li></ol>"
                 "<p>&bull;&nbsp;China has increased the BeiDou system's capacity.</p><p>• Already a bullet</p>")
    assert texts(lines) == ["• Strengthen space traffic control;", "• Improve debris monitoring;", "• Outer item",
                            "• Inner item", "• Ordered item.", "• China has increased the BeiDou system's capacity.",
                            "• Already a bullet"]
    assert lines[1][0] == "/html/body/ul/li[2]/p"


def test_the_bullet_is_one_segmentation_knows(layout):
    from pipeline.ingest.html import BULLET

    assert BULLET.strip() in layout.bullet_glyphs


def test_what_a_reader_never_sees_is_not_read(read):
    head = "<title>T</title><style>p { color: red }</style><script>var a = 1 < 2;</script>"
    body = ("<script>document.write('<p>hidden</p>')</script><noscript>Enable JavaScript</noscript>"
            "<ul class='sub' style='display: none;'><li>Sub-menu</li></ul><div hidden>Hidden</div>"
            "<span style='visibility:hidden'>Invisible</span><!-- a comment --><input value='Search'>"
            "<img alt='a photo'><p>China has launched Tianwen-1.</p>")
    assert texts(read(body, head)) == ["China has launched Tianwen-1."]


def test_the_page_titles_are_read(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><head><meta property='og:title' content=\"China's Space Activities\">"
                    "<title>China's Space Activities - china.org.cn</title></head>"
                    "<body><h1>China's Space Activities</h1><p>Text.</p></body></html>", encoding="utf-8")
    assert read_source(path).titles() == ("China's Space Activities", "China's Space Activities - china.org.cn")


def test_a_declared_charset_is_decoded_as_browsers_do(read):
    page = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'></head>" \
           "<body><p>China\u2019s space station</p></body></html>"
    assert texts(read("", raw=page.encode("cp1252"))) == ["China’s space station"]  # Latin-1 pages are Windows-1252
    page = "<html><head><meta charset='gb2312'></head><body><p>Tiangong 天宫</p></body></html>"
    assert texts(read("", raw=page.encode("gb18030"))) == ["Tiangong 天宫"]


@pytest.mark.parametrize("raw, problem", [
    (b"<html><body><script>var a;</script><p>&nbsp;</p></body></html>", "has no text"),
    (bytes(range(256)) * 8, "is a binary file, not HTML"),
    (b"<html><body><p>caf\xe9</p></body></html>", r"is not UTF-8 \(byte 18\)"),
    (b"<html><body>" + b"<div>" * 300 + b"deep" + b"</div>" * 300 + b"</body></html>", "Excessive depth"),
    (b"<html><head><meta charset='klingon'></head><body><p>x</p></body></html>", "declares the charset 'klingon'"),
])
def test_a_page_that_cannot_be_read_is_one_reason(read, raw, problem):
    with pytest.raises(InputError, match=problem):
        read("", raw=raw)


def test_a_page_nested_as_deep_as_libxml2_reads_is_read(read):
    assert texts(read("<div>" * 250 + "China has launched Tianwen-1." + "</div>" * 250)) == ["China has launched Tianwen-1."]


# --- the main content -----------------------------------------------------------------------

PAPER = "".join(f"<p>China has launched satellite number {n} of its long-running series into orbit.</p>" for n in range(12))


def _decluttered(tmp_path, rules, body: str):
    path = tmp_path / "page.html"
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    source, log = declutter(read_source(path), rules.get(WebRules), rules.get(LayoutRules))
    return [line.text for line in source.lines if line.text], [(r.rule, r.before, r.evidence) for r in log]


def test_lines_outside_the_element_holding_the_text_are_logged_and_removed(tmp_path, rules):
    chrome = "<div class='top'><a>Weather</a> <a>Markets</a></div><nav><ul><li>Front</li><li>Topics</li></ul></nav>"
    kept, log = _decluttered(tmp_path, rules, f"{chrome}<div id='content'>{PAPER}</div><div class='foot'>Tickers</div>")
    assert len(kept) == 12
    assert [(rule, before) for rule, before, _ in log] == [
        ("outside_main_content", "Weather Markets"), ("outside_main_content", "• Front"),
        ("outside_main_content", "• Topics"), ("outside_main_content", "Tickers")]
    assert log[0][2].startswith("outside /html/body/div[2], the element that holds 9")


def test_without_an_evident_main_element_the_line_rules_still_clean(tmp_path, rules):
    half = PAPER[: len(PAPER) // 2].rsplit("<p>", 1)[0]
    rest = PAPER[len(half):]
    kept, log = _decluttered(tmp_path, rules, f"<ul><li>Home</li><li>Share</li></ul><div>{half}</div><div>{rest}</div>")
    assert len(kept) == 12  # neither div holds 80% of the text: both are kept, the menu goes by its words
    assert [rule for rule, _, _ in log] == ["navigation", "share"]


def test_one_paragraph_holding_most_of_the_text_is_not_taken_for_the_main_element(tmp_path, rules):
    long = "<p>" + "China has launched many satellites.<br><br>" * 40 + "</p>"
    kept, log = _decluttered(tmp_path, rules, f"<div><h3>I. Progress</h3>{long}</div>")
    assert kept[0] == "I. Progress" and not log
