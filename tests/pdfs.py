"""Test-only PDF writer: renders pages of lines the way the published paper looks.

Each page gets the running footer and a page number, like the 2021 edition's PDF; a "|" in a
paragraph forces a line break there, with a hyphen when the word is cut ("capabili|ties").
"""

from __future__ import annotations

import textwrap
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
