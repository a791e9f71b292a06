"""The two PDF text engines (PDFium, the default, and pdfplumber) give the same lines and the
same tables on every PDF the tests render."""

from __future__ import annotations

import pytest

from pipeline.editions import Edition
from pipeline.errors import InputError
from pipeline.ingest import ReadOptions, read_source
from pipeline.run import extract_edition
from tests import pdfs
from tests.conftest import ROOT, SOURCE_2021
from tests.test_pdf import _lines

ENGINES = ("pdfium", "pdfplumber")


def _mini_2026(path):
    lines = []
    for line in (ROOT / "tests" / "fixtures" / "mini-2026.txt").read_text(encoding="utf-8").splitlines():
        lines.extend(pdfs.wrap(line, 60) if not line.startswith("•") else ["• " + l if i == 0 else l
                     for i, l in enumerate(pdfs.wrap(line[2:], 60))])
    return pdfs.render(pdfs.paginate(lines, per_page=8), path)


RENDERINGS = {
    "test_pdf mini edition": lambda path: pdfs.render(pdfs.paginate(_lines(70, hyphenate=True), per_page=9), path),
    "line-end hyphens": lambda path: pdfs.render([["Preamble", "China develops new-", "generation rockets and space-",
                                                   "based services and capabili-", "ties."]], path),
    "test_diff mini-2026": _mini_2026,
    "2021 edition, 24 pages": lambda path: pdfs.render_edition(SOURCE_2021.read_text(encoding="utf-8"), path) and path,
}


@pytest.mark.parametrize("name", list(RENDERINGS))
def test_both_engines_give_the_same_lines_and_tables(tmp_path, rules, nlp, name):
    path = RENDERINGS[name](tmp_path / "edition-2031.pdf")
    sources = {e: read_source(path, ReadOptions(pdf_engine=e)) for e in ENGINES}
    assert sources["pdfium"].lines == sources["pdfplumber"].lines
    assert sources["pdfium"].pages == sources["pdfplumber"].pages > 0
    if name == "line-end hyphens":
        return  # too short to be an edition; its lines are what the repair test reads
    tables = {e: extract_edition(Edition("2031", path), rules, nlp, read_options=ReadOptions(pdf_engine=e))[0]
              for e in ENGINES}
    for table in tables["pdfium"]:
        assert tables["pdfium"][table].equals(tables["pdfplumber"][table]), table


@pytest.mark.parametrize("engine", ENGINES)
def test_both_engines_refuse_encrypted_and_scanned_pdfs(tmp_path, engine):
    options = ReadOptions(pdf_engine=engine)
    with pytest.raises(InputError, match="encrypted"):
        read_source(pdfs.render_encrypted(tmp_path / "locked.pdf"), options)
    with pytest.raises(InputError, match="no text layer"):
        read_source(pdfs.render_scan(tmp_path / "scan.pdf"), options)
