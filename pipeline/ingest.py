"""Read one edition, plain text or PDF, into numbered source lines (nothing repaired yet)."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .model import SourceKind

# Byte-order marks are the only encodings besides UTF-8 we can name with certainty.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # control characters text does not use


@dataclass(frozen=True)
class SourceLine:
    """One line as extracted; `number` counts lines of the file (text) or of the PDF's text."""

    number: int
    text: str
    page: int | None = None
    first_on_page: bool = False
    last_on_page: bool = False


@dataclass(frozen=True)
class Source:
    path: Path
    kind: SourceKind
    sha256: str
    lines: list[SourceLine]
    pages: int | None = None


MAX_MB = 5.0  # one edition; the 2021 text is 0.05 MB, its PDF about 0.5 MB


def max_bytes() -> int:
    """The size limit for one edition: WHITEPAPER_MAX_MB, else MAX_MB.

    The whole edition is held in memory (aliases it defines link mentions across sections),
    so a file far larger than any white paper is refused up front instead of exhausting memory.
    """
    return int(float(os.environ.get("WHITEPAPER_MAX_MB", MAX_MB)) * 1024 * 1024)


def read_source(path: Path) -> Source:
    """Read a text or PDF edition; refuse anything else with an InputError."""
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a folder, not a file")
    size, limit = path.stat().st_size, max_bytes()
    if size > limit:
        raise InputError(
            path, f"is {size / 1048576:.1f} MB; one edition may be at most {limit / 1048576:.1f} MB "
                  "(set WHITEPAPER_MAX_MB to raise the limit)"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None
    if not data.strip():
        raise InputError(path, "is empty")
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"%PDF-") or path.suffix.lower() == ".pdf":
        lines, pages = _read_pdf(path, data)
        return Source(path, "pdf", digest, lines, pages)
    text = _decode(path, data)
    lines = [SourceLine(i, line) for i, line in enumerate(text.split("\n"), start=1)]
    return Source(path, "text", digest, lines)


def _decode(path: Path, data: bytes) -> str:
    """UTF-8, or a BOM-marked Unicode encoding; anything we would have to guess is refused."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), "utf-8")
    if encoding == "utf-8" and b"\x00" in data:
        raise InputError(path, "is a binary file, not text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            path, f"is not UTF-8 (byte {exc.start}) and its encoding cannot be detected with certainty"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 1000):
        raise InputError(path, "is a binary file, not text")
    if not any(ch.isalpha() for ch in text):
        raise InputError(path, "has no words in it")
    return text


def _read_pdf(path: Path, data: bytes) -> tuple[list[SourceLine], int]:
    """Lines of every page through pdfplumber, with their page numbers."""
    if not data.startswith(b"%PDF-"):
        raise InputError(path, "is not a PDF (no %PDF header)")
    import pdfplumber  # imported here: the text path and `--help` need not pay for it

    lines: list[SourceLine] = []
    try:
        with pdfplumber.open(path) as pdf:
            pages = len(pdf.pages)
            for page in pdf.pages:
                page_lines = (page.extract_text() or "").split("\n")
                page_lines = [ln for ln in page_lines if ln.strip()]
                for i, text in enumerate(page_lines):
                    lines.append(
                        SourceLine(
                            number=len(lines) + 1,
                            text=text,
                            page=page.page_number,
                            first_on_page=i == 0,
                            last_on_page=i == len(page_lines) - 1,
                        )
                    )
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise InputError(path, _pdf_problem(exc)) from None
    if not any(line.text.strip() for line in lines):
        raise InputError(path, "PDF has no text layer (a scan?); run OCR first")
    return lines, pages


def _pdf_problem(exc: Exception) -> str:
    """Name what is wrong with a PDF in words a user can act on."""
    seen = exc
    names = []
    while seen is not None:
        names.append(type(seen).__name__ + " " + str(seen))
        seen = seen.__cause__ or seen.__context__
    joined = " ".join(names).lower()
    if "password" in joined or "encrypt" in joined:
        return "PDF is encrypted; decrypt it first"
    return "is a corrupt or unreadable PDF"
