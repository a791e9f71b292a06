"""Test-only PDF writer: renders pages of lines the way the published paper looks.

Each page gets the running footer and a page number, like the 2021 edition's PDF; a "|" in a
paragraph forces a line break there, with a hyphen when the word is cut ("capabili|ties").
"""

from __future__ import annotations

import functools
import textwrap
import zlib
from pathlib import Path

from fpdf import FPDF

FOOTER = "China Aerospace Studies Institute"


def wrap(paragraph: str, width: int) -> list[str]:
    """Greedy wrap, honouring forced breaks; a break inside a word gets a hyphen."""
    lines: list[str] = []
    chunks = paragraph.split("|")
    for index, chunk in enumerate(chunks):
        wrapped = textwrap.wrap(chunk, width, break_long_words=False, break_on_hyphens=False) or [""]
        if index < len(chunks) - 1 and not chunk.endswith((" ", "-")):
            wrapped[-1] += "-"
        lines.extend(line.strip() for line in wrapped)
    return [line for line in lines if line]


def render(pages: list[list[str]], path: Path, footer: str = FOOTER) -> Path:
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"  # has the bullet glyph and curly quotes
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=10)
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        for row, line in enumerate(lines):
            pdf.set_xy(20, 20 + row * 5.5)
            # the core font has no Greek ("Hα"): such a character is drawn as "?"
            pdf.cell(0, 5, line.encode("cp1252", "replace").decode("cp1252"))
        pdf.set_xy(20, 280)
        pdf.cell(0, 5, footer)
        pdf.set_xy(105, 287)
        pdf.cell(0, 5, str(number))
    pdf.output(str(path))
    return path


def paginate(lines: list[str], per_page: int) -> list[list[str]]:
    return [lines[i:i + per_page] for i in range(0, len(lines), per_page)]


def render_edition(text: str, path: Path, width: int = 95, per_page: int = 34) -> int:
    """A whole text edition as the published PDF looks (the 2021 text gives 24 pages); returns
    the page count."""
    lines = []
    for line in text.splitlines():
        lines.extend(wrap(line.strip(), width) or [""])
    pages = paginate([line for line in lines if line], per_page)
    render(pages, path)
    return len(pages)


def render_encrypted(path: Path) -> Path:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    pdf.cell(0, 5, "Preamble")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.output(str(path))
    return path


def render_scan(path: Path) -> Path:
    """A PDF whose page holds only drawing, as a scanned page holds only an image."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(path))
    return path


# Hostile PDFs, written byte by byte (a few KB each; fpdf2 would refuse to write them) --------

_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given object bodies (numbered from 1, object 1 the catalogue), with a
    correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _page(contents: int, resources: bytes = b"/Font << /F1 4 0 R >>") -> bytes:
    return (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << %s >> /Contents %d 0 R >>"
            % (resources, contents))


def _text(*lines: str) -> bytes:
    shown = b" 0 -14 Td ".join(b"(%s) Tj" % line.encode("latin-1") for line in lines)
    return b"BT /F1 11 Tf 72 720 Td " + shown + b" ET"


def one_page(*lines: str, before: bytes = b"") -> bytes:
    """One page of text lines; `before` goes first in its content stream."""
    return raw_pdf([_CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", _page(5), _FONT,
                    _stream(before + _text(*lines))])


def nested_forms(depth: int = 12, fanout: int = 10) -> bytes:
    """A page that draws a form 10 times, which draws another 10 times ... 10^12 draws in 3 KB."""
    first = 6
    forms = []
    for level in range(depth):
        if level == depth - 1:
            content, resources = _text("Preamble", "China has launched Tianwen-1."), b"/Font << /F1 4 0 R >>"
        else:
            content, resources = b" ".join([b"/X Do"] * fanout), b"/XObject << /X %d 0 R >>" % (first + level + 1)
        forms.append(_stream(content, b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << %s >>"
                             % resources))
    return raw_pdf([_CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    _page(5, b"/XObject << /X %d 0 R >>" % first), _FONT, _stream(b"/X Do"), *forms])


@functools.cache
def flate_bomb(megabytes: int = 1024) -> bytes:
    """A content stream that inflates to `megabytes` of spaces: compressed twice, 13 KB."""
    deflate = zlib.compressobj(1)
    spaces = b" " * (1 << 20)
    inner = b"".join([deflate.compress(_text("Preamble")), *(deflate.compress(spaces) for _ in range(megabytes)),
                      deflate.flush()])
    return raw_pdf([_CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", _page(5), _FONT,
                    _stream(zlib.compress(inner, 9), b"/Filter [/FlateDecode /FlateDecode]")])


def many_pages(pages: int, distinct: bool = False) -> bytes:
    """`pages` pages: one shared content stream, or (distinct) a numbered paragraph on each."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [_CATALOG, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               _stream(_text("China has launched Tianwen-1.")), _FONT]
    streams = []
    for i in range(pages):
        if distinct:
            streams.append(_stream(_text("Preamble" if i == 0 else f"China has launched the {_letters(i)} probe.")))
            objects.append(_page(5 + pages + i))
        else:
            objects.append(_page(3))
    return raw_pdf(objects + streams)


def _letters(n: int) -> str:
    """1 -> "Ab", 2 -> "Ac" ...: a word of its own for every page (a number would be folded away
    by the running-footer rule)."""
    word = ""
    while True:
        n, rest = divmod(n, 26)
        word = chr(ord("a") + rest) + word
        if not n:
            return "A" + word


def no_pages() -> bytes:
    return raw_pdf([_CATALOG, b"<< /Type /Pages /Kids [] /Count 0 >>"])
