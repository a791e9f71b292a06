"""Ingest: what is read, and what is refused with a one-line reason."""

from __future__ import annotations

import pytest

from pipeline.errors import InputError
from pipeline.ingest import read_source

TEXT = "Preamble\nChina has launched Tianwen-1.\n"


def test_utf8_text_is_read_with_line_numbers(tmp_path):
    path = tmp_path / "e.txt"
    path.write_text(TEXT, encoding="utf-8")
    source = read_source(path)
    assert source.kind == "text"
    assert [(l.number, l.text) for l in source.lines[:2]] == [(1, "Preamble"), (2, "China has launched Tianwen-1.")]
    assert len(source.sha256) == 64


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-32"])
def test_bom_marked_unicode_is_detected_with_certainty(tmp_path, encoding):
    path = tmp_path / "e.txt"
    path.write_bytes(TEXT.replace("launched", "launched Chang’e-5 and").encode(encoding))
    assert "Chang’e-5" in read_source(path).lines[1].text


def test_crlf_line_ends_are_normalised(tmp_path):
    path = tmp_path / "e.txt"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode())
    assert read_source(path).lines[1].text == "China has launched Tianwen-1."


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "is empty"),
        (b"   \n\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("Chang’e-4 landed on the far side".encode("cp1252"), "not UTF-8"),
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF", "corrupt"),
    ],
)
def test_bad_files_are_refused(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert problem in caught.value.problem
    assert str(path) in str(caught.value)


def test_missing_path_and_folder_are_refused(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="folder"):
        read_source(tmp_path)


def test_pdf_suffix_without_pdf_header_is_refused(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_text(TEXT)
    with pytest.raises(InputError, match="not a PDF"):
        read_source(path)



def test_readers_are_chosen_by_magic_then_suffix_then_fallback(tmp_path):
    from pipeline.ingest import reader_for

    assert reader_for(tmp_path / "paper.txt", b"%PDF-1.7\n").name == "pdf"  # the bytes win over the name
    assert reader_for(tmp_path / "paper.PDF", b"Preamble").name == "pdf"  # then refuses: no %PDF header
    assert reader_for(tmp_path / "paper", b"Preamble").name == "text"
    assert reader_for(tmp_path / "paper.html", b"Preamble").name == "html"  # then refuses if it has no text
    assert reader_for(tmp_path / "paper.txt", b"<!DOCTYPE html>").name == "html"
    assert reader_for(tmp_path / "paper.csv", b"Preamble").name == "text"  # the fallback


def test_a_new_format_is_one_registered_reader(tmp_path):
    """What a reader module does (e.g. pipeline/ingest/html.py): declare what it accepts, read it."""
    from pipeline import ingest
    from pipeline.ingest import Reader, Source, SourceLine, register

    def read(path, data, options):
        cells = data.decode().split(",")
        return Source.of(path, "csv", data, [SourceLine(i, c) for i, c in enumerate(cells, start=1)])

    register(Reader("csv", read, suffixes=(".csv",)))
    try:
        path = tmp_path / "e.csv"
        path.write_text("Preamble,China has launched Tianwen-1.")
        source = read_source(path)
        assert source.kind == "csv" and [l.text for l in source.lines] == ["Preamble", "China has launched Tianwen-1."]
    finally:
        del ingest._READERS["csv"]


def test_only_what_fits_the_limit_is_read(tmp_path):
    from pipeline.ingest import ReadOptions

    path = tmp_path / "e.txt"
    path.write_text(TEXT * 100)
    with pytest.raises(InputError, match="one edition may be at most"):
        read_source(path, ReadOptions(max_bytes=len(TEXT) * 100 - 1))
    assert len(read_source(path, ReadOptions(max_bytes=len(TEXT) * 100)).lines) == 201
