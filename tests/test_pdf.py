"""The PDF path: a multi-page rendering gives the same segments as the text path."""

from __future__ import annotations

import pytest

from pipeline.editions import Edition
from pipeline.errors import InputError
from pipeline.ingest import read_source
from pipeline.run import extract_edition
from tests import pdfs

# A short edition in the 2021 layout. "|" marks where the PDF breaks a line (see pdfs.wrap).
BLOCKS = [
    ("head", "Preamble"),
    ("para", "Since 2016, China has improved its launch capabili|ties and its space-|based services. "
             "China will build a lunar research station with partners in the next decade."),
    ("head", "I. Space Transport"),
    ("head", "1. Launch Vehicles"),
    ("para", "From 2016 to December 2021, 207 launch missions were completed. The Long March-5B carrier "
             "rocket has been employed for regular launches, and the new-generation vehicles have made "
             "their maiden flights with increased payload capacity for the space station."),
    ("para", "In the next five years, China will continue to improve its infra|structure. It will:"),
    ("bullet", "Send into space new-generation manned carrier rockets and high-thrust solid-fuel "
               "carrier rockets, and speed up the research and development of heavy-lift vehicles;"),
    ("bullet", "Strengthen research into reusable space transport systems and conduct test flights "
               "accordingly, so that space entry and exit become more efficient and less costly;"),
    ("bullet", "Build commercial launch pads."),
    ("head", "2. Deep Space Exploration"),
    ("head", "(1) Lunar exploration"),
    ("para", "The Chang’e-5 lunar probe brought back 1,731 g of samples from the moon, marking the "
             "completion of the three-step lunar exploration program of orbiting, landing and return."),
    ("head", "(2) Planetary exploration"),
    ("para", "The Tianwen-1 Mars probe orbited and landed on Mars; the Zhurong Mars rover explored the "
             "planet and left the first mark there. China cooperated with the European Space Agency."),
    ("head", "Conclusion"),
    ("para", "China will work actively with other countries to carry out international space exchanges."),
]


def _lines(width: int, hyphenate: bool) -> list[str]:
    lines = []
    for kind, text in BLOCKS:
        if not hyphenate:
            text = text.replace("capabili|", "capabili").replace("infra|", "infra").replace("|", "")
        if kind == "head":
            lines.append(text)
        else:
            wrapped = pdfs.wrap(text, width)
            if kind == "bullet":
                wrapped[0] = "• " + wrapped[0]
            lines.extend(wrapped)
    return lines


@pytest.fixture
def both_paths(tmp_path, rules, nlp):
    text_path = tmp_path / "mini-2026.txt"
    text_path.write_text("\n".join(_lines(95, hyphenate=False)) + "\n", encoding="utf-8")
    pdf_path = pdfs.render(pdfs.paginate(_lines(70, hyphenate=True), per_page=9), tmp_path / "mini-2026.pdf")
    from_text, _ = extract_edition(Edition("2026", text_path), rules, nlp)
    from_pdf, manifest = extract_edition(Edition("2026", pdf_path), rules, nlp)
    return from_text, from_pdf, manifest


def _content(table, columns):
    return [tuple(row[c] for c in columns) for row in table.to_pylist()]


def test_pdf_segments_equal_text_segments(both_paths):
    from_text, from_pdf, manifest = both_paths
    assert manifest["source"]["kind"] == "pdf" and manifest["source"]["pages"] >= 3
    columns = ["segment_id", "section_id", "kind", "text"]
    assert _content(from_pdf["segments"], columns) == _content(from_text["segments"], columns)
    columns = ["sentence_id", "text", "status"]
    assert _content(from_pdf["sentences"], columns) == _content(from_text["sentences"], columns)


def test_pdf_keeps_pages_and_logs_its_repairs(both_paths):
    _, from_pdf, _ = both_paths
    segments = from_pdf["segments"].to_pylist()
    assert all(s["first_page"] >= 1 and s["last_page"] >= s["first_page"] for s in segments)
    assert any(s["last_page"] > s["first_page"] for s in segments), "some paragraph spans a page break"
    repairs = from_pdf["repairs"].to_pylist()
    rules = {r["rule"] for r in repairs}
    assert {"running_footer", "page_number", "line_end_hyphen"} <= rules
    hyphens = {r["after"].split(" / ")[1].split()[0].strip(".,;:") for r in repairs if r["rule"] == "line_end_hyphen"}
    assert "capabilities" in hyphens and "infrastructure" in hyphens
    assert any(h.startswith("space-based") for h in hyphens)
    assert all(r["page"] is not None for r in repairs)


def test_line_end_hyphen_keeps_real_compounds(tmp_path, layout):
    lines = ["Preamble", "China develops new-", "generation rockets and space-", "based services and capabili-", "ties."]
    path = pdfs.render([lines], tmp_path / "h.pdf")
    from pipeline.repair import repair

    clean, _ = repair(read_source(path), layout)
    text = " ".join(line.text for line in clean)
    assert "new-generation" in text and "space-based" in text and "capabilities." in text


def test_encrypted_and_scanned_pdfs_are_refused(tmp_path):
    with pytest.raises(InputError, match="encrypted"):
        read_source(pdfs.render_encrypted(tmp_path / "locked.pdf"))
    with pytest.raises(InputError, match="no text layer"):
        read_source(pdfs.render_scan(tmp_path / "scan.pdf"))
