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

