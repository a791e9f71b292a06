"""PDF: the text of every page with its page number, line by line.

Two text engines give the same lines: PDFium (`pypdfium2`, the default: about 90 times faster)
and pdfplumber (`--pdf-engine pdfplumber`, for layouts where positions matter). PDFium marks a
hyphen that ends a line with U+FFFE (or U+0002) and runs the two lines together; the mark
becomes "-" and a line break, which is what pdfplumber gives.

Pages are read in a bounded child process (`_bounded`): at most MAX_PAGES pages, a time and
memory allowance per page, each page closed after use, and at most the edition size limit of
text in all. Encrypted PDFs, PDFs without pages and PDFs without a text layer are refused with
a message that says which.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from ..errors import InputError
from . import PDF_ENGINES, RAISE_LIMIT, ReadOptions, Reader, Source, SourceLine, number_lines, register, size_text, split_lines
from ._bounded import Bounds, Failed, Send, Stopped, run

MAX_PAGES = 2000  # the 2021 edition has 24; a white paper has fewer than 100
_HYPHEN_MARKS = re.compile("[\ufffe\x02]")


def read(path: Path, data: bytes, options: ReadOptions) -> Source:
    if not data.startswith(b"%PDF-"):
        raise InputError(path, "is not a PDF (no %PDF header)")
    if options.pdf_engine not in _ENGINES:
        raise InputError(options.pdf_engine, f"is not a PDF engine (use one of {', '.join(PDF_ENGINES)})")
    prepare, pages_of = _ENGINES[options.pdf_engine]
    prepare()  # imported here, so the child inherits the module instead of importing it again
    bounds = Bounds(options.page_seconds, options.page_seconds * 100, options.pdf_memory_mb << 20)
    limit = options.limit()
    lines: list[SourceLine] = []
    pages, text_size, number = 0, 0, 0
    try:
        with closing(run(lambda send: pages_of(data, send), bounds)) as results:
            for result in results:
                if number == 0:
                    pages = int(result)
                    _check_page_count(path, pages)
                else:
                    text = _normalise(str(result))
                    text_size += len(text.encode("utf-8", "surrogatepass"))
                    if text_size > limit:
                        shown, most = size_text(text_size, limit)
                        raise InputError(path, f"holds over {shown} of text; one edition may be at most "
                                               f"{most}: {RAISE_LIMIT}")
                    lines.extend(split_lines(text, number))
                number += 1
    except Failed as exc:
        raise InputError(path, _problem(str(exc))) from None
    except Stopped as exc:
        where = "opening it" if exc.steps == 0 else f"page {exc.steps}"
        if exc.why == "time":
            raise InputError(path, f"PDF took over {bounds.step_seconds:g} s of CPU at {where}; "
                                   "is it a hostile or broken file?") from None
        raise InputError(path, f"PDF reader stopped at {where} ({exc.detail}): it needs more than "
                               f"{options.pdf_memory_mb} MB, or the file is broken") from None
    if number - 1 < pages:  # the child ended early without saying why
        raise InputError(path, "is a corrupt or unreadable PDF")
    if not any(line.text.strip() for line in lines):
        raise InputError(path, "PDF has no text layer (a scan?); run OCR first")
    return Source.of(path, "pdf", data, number_lines(lines), pages)


def _check_page_count(path: Path, pages: int) -> None:
    if pages == 0:
        raise InputError(path, "PDF has no pages (a broken file?)")
    if pages > MAX_PAGES:
        raise InputError(path, f"PDF has {pages:,} pages; an edition may have at most {MAX_PAGES:,}")


def _normalise(text: str) -> str:
    """One page's text with "\\n" line ends and PDFium's line-end hyphen marks as "-" + break."""
    return _HYPHEN_MARKS.sub("-\n", text.replace("\r\n", "\n").replace("\r", "\n"))


def _problem(failure: str) -> str:
    """Name what is wrong with a PDF in words a user can act on."""
    lower = failure.lower()
    if "password" in lower or "encrypt" in lower:
        return "PDF is encrypted; decrypt it first"
    if "memoryerror" in lower:
        return "PDF needs more memory to read than one edition may use; is it a decompression bomb?"
    reason = re.search(r"\(PDFium: ([^)]+)\)", failure)
    if reason and reason[1].strip().lower() != "success":
        return f"is a corrupt or unreadable PDF (PDFium: {reason[1].strip().rstrip('.')})"
    return "is a corrupt or unreadable PDF"


# engines: each sends the page count, then every page's text in order -----------------------

def _prepare_pdfium() -> None:
    import pypdfium2  # noqa: F401


def _pdfium_pages(data: bytes, send: Send) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        count = len(document)
        send(count)
        if not 0 < count <= MAX_PAGES:
            return
        for index in range(count):
            page = document[index]
            try:
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_bounded()  # full Unicode (get_text_range is UCS-2)
                finally:
                    textpage.close()
            finally:
                page.close()
            send(text)
    finally:
        document.close()


def _prepare_pdfplumber() -> None:
    import pdfplumber  # noqa: F401


def _pdfplumber_pages(data: bytes, send: Send) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        count = len(pdf.pages)
        send(count)
        if not 0 < count <= MAX_PAGES:
            return
        for page in pdf.pages:
            text = page.extract_text() or ""
            page.close()  # frees the page's parsed layout
            send(text)


_ENGINES: dict[str, tuple[Callable[[], None], Callable[[bytes, Send], None]]] = {
    "pdfium": (_prepare_pdfium, _pdfium_pages),
    "pdfplumber": (_prepare_pdfplumber, _pdfplumber_pages),
}

READER = register(Reader("pdf", read, suffixes=(".pdf",), magic=(b"%PDF-",)))
