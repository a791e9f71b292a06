"""Read one edition into numbered source lines (nothing repaired yet), one module per format.

`read_source(path)` checks what every format shares (the file exists, is a regular file or a
pipe, fits the size limit, is not empty), reads it once, and hands the bytes to the reader
that accepts them. A reader is one module of this package that registers itself:

    READER = register(Reader("text", read, suffixes=(".txt",), fallback=True))

It declares what it accepts: `magic` (byte strings a file of the format starts with) wins
over `suffixes` (file name endings, lower case), and the `fallback` reader takes the rest. Its
`read(path, data, options)` returns a `Source`, or raises `InputError` with a one-line
problem. Modules whose names start with "_" are helpers, not readers.

An edition published in several parts (a paper split over web pages) is read with
`read_parts(paths)`: one `Source` whose lines are numbered on through the parts in order, so a
line number names one line of the edition, and whose `parts` say which file each range of
lines (and pages) came from.
"""

from __future__ import annotations

import bisect
import hashlib
import importlib
import math
import os
import pkgutil
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError


@dataclass(frozen=True)
class SourceLine:
    """One line as extracted; `number` counts lines of the file (text), of the PDF's text, or of
    the page's text (HTML: one block per line), on through the parts of an edition in parts."""

    number: int
    text: str
    page: int | None = None
    first_on_page: bool = False
    last_on_page: bool = False
    element: str | None = None  # HTML: the path of the element the line is the text of


@dataclass(frozen=True)
class Part:
    """One file of an edition: what it is, and the lines (and PDF pages) of the edition it gave."""

    path: Path
    kind: str  # the reader's name: "text", "pdf", "html"
    sha256: str
    first_line: int
    last_line: int
    pages: int | None = None
    first_page: int | None = None  # the edition's page number of its first page (PDF)
    titles: tuple[str, ...] = ()  # the title the file states of itself (HTML: <title>, <h1>, og:title)

    def manifest(self) -> dict[str, object]:
        return {"file": self.path.name, "kind": self.kind, "sha256": self.sha256, "pages": self.pages,
                "first_line": self.first_line, "last_line": self.last_line}


@dataclass(frozen=True)
class Source:
    """An edition's lines, and the file or files (`parts`, in order) they were read from."""

    lines: list[SourceLine]
    parts: tuple[Part, ...]

    @classmethod
    def of(cls, path: Path, kind: str, data: bytes, lines: list[SourceLine], pages: int | None = None,
           titles: tuple[str, ...] = ()) -> Source:
        """A source of one file: the bytes read (for their SHA-256) and the lines they gave."""
        last = lines[-1].number if lines else 0
        part = Part(path, kind, hashlib.sha256(data).hexdigest(), 1 if lines else 0, last, pages,
                    1 if pages else None, titles)
        return cls(lines, (part,))

    @property
    def path(self) -> Path:
        return self.parts[0].path

    @property
    def kind(self) -> str:
        return self.parts[0].kind  # read_parts refuses parts of different formats

    @property
    def sha256(self) -> str:
        """The file's SHA-256; for an edition in parts, the SHA-256 of the parts' SHA-256s, one
        hex digest and a newline each, in order."""
        if len(self.parts) == 1:
            return self.parts[0].sha256
        return hashlib.sha256("".join(f"{p.sha256}\n" for p in self.parts).encode()).hexdigest()

    @property
    def pages(self) -> int | None:
        counts = [p.pages for p in self.parts]
        return None if None in counts else sum(counts)  # type: ignore[arg-type]

    @property
    def file(self) -> str:
        """The file name, or the parts' names joined by " + "."""
        return " + ".join(p.path.name for p in self.parts)

    def part_of(self, number: int) -> Part:
        """The part that gave line `number`."""
        index = bisect.bisect_right([p.first_line for p in self.parts], number) - 1
        return self.parts[max(index, 0)]

    def titles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t for p in self.parts for t in p.titles))


MAX_MB = 5.0  # one edition; the 2021 text is 0.05 MB, its PDF about 0.5 MB
MAX_MB_CEILING = 1024.0  # what --max-mb / WHITEPAPER_MAX_MB may raise it to
PDF_ENGINES = ("pdfium", "pdfplumber")
RAISE_LIMIT = "--max-mb (or WHITEPAPER_MAX_MB) raises the limit"


@dataclass(frozen=True)
class ReadOptions:
    """How editions are read: the size limit in bytes (None: WHITEPAPER_MAX_MB, else MAX_MB),
    the PDF text engine, and the bounds on reading one PDF page (CPU seconds, memory)."""

    max_bytes: int | None = None
    pdf_engine: str = "pdfium"
    page_seconds: float = 10.0
    pdf_memory_mb: int = 512

    def limit(self) -> int:
        return self.max_bytes if self.max_bytes is not None else limit_from_env()


def parse_max_mb(value: str, where: str) -> int:
    """A size limit given in MB ("5", "12.5") as bytes; anything else is an InputError naming
    `where` (the option or the environment variable it came from)."""
    text = value.strip()
    number = float(text) if re.fullmatch(r"\d+(?:\.\d+)?", text) else math.nan
    if not 0 < number <= MAX_MB_CEILING:
        raise InputError(where, f"must be a number of MB above 0 and at most {MAX_MB_CEILING:g} "
                                f"(like 5 or 12.5), not {value!r}")
    return int(number * 1024 * 1024)


def limit_from_env() -> int:
    """The size limit for one edition: WHITEPAPER_MAX_MB, else MAX_MB.

    The whole edition is held in memory (aliases it defines link mentions across sections),
    so a file far larger than any white paper is refused up front instead of exhausting memory.
    """
    value = os.environ.get("WHITEPAPER_MAX_MB")
    return parse_max_mb(value, "WHITEPAPER_MAX_MB") if value is not None else int(MAX_MB * 1024 * 1024)


def size_text(size: int, limit: int) -> tuple[str, str]:
    """`size` and `limit` in words that tell them apart: MB where one decimal does, else bytes."""
    mb = (f"{size / 1048576:.1f} MB", f"{limit / 1048576:g} MB")
    if f"{size / 1048576:.1f}" != f"{limit / 1048576:.1f}":
        return mb
    return f"{size:,} bytes", f"{limit:,} bytes ({mb[1]})"


# readers ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reader:
    """One input format: its name (the source's kind), what it accepts, how it reads."""

    name: str
    read: Callable[[Path, bytes, ReadOptions], Source]
    suffixes: tuple[str, ...] = ()
    magic: tuple[bytes, ...] = ()
    fallback: bool = False


_READERS: dict[str, Reader] = {}


def register(reader: Reader) -> Reader:
    """Make a reader part of `read_source`; called once by the module that defines it."""
    _READERS[reader.name] = reader
    return reader


def readers() -> list[Reader]:
    """Every reader of this package, by name; its modules are imported on first use."""
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
    return [_READERS[name] for name in sorted(_READERS)]


def reader_for(path: Path, head: bytes) -> Reader:
    """The reader of a file: by its first bytes, else by its name, else the fallback."""
    found = readers()
    for reader in found:
        if any(head.startswith(m) for m in reader.magic):
            return reader
    suffix = path.suffix.lower()
    for reader in found:
        if suffix and suffix in reader.suffixes:
            return reader
    return next(r for r in found if r.fallback)


# reading ---------------------------------------------------------------------------------

def read_source(path: Path, options: ReadOptions | None = None) -> Source:
    """Read an edition in any registered format; refuse anything else with an InputError."""
    options = options or ReadOptions()
    data = read_bounded(path, options.limit())
    if not data.strip():
        raise InputError(path, "is empty")
    return reader_for(path, data[:64]).read(path, data, options)


def read_parts(paths: Sequence[Path], options: ReadOptions | None = None) -> Source:
    """An edition from one file, or from several read in order and joined (`join_parts`)."""
    if len(paths) == 1:
        return read_source(paths[0], options)
    return join_parts([read_source(path, options) for path in paths])


def join_parts(sources: Sequence[Source]) -> Source:
    """One source of several, in order: lines and pages numbered on from the part before, and
    an empty line after a part that does not end in one, so no paragraph runs over two files.
    Parts must be of one format (the repairs a PDF needs are not a web page's)."""
    first = sources[0]
    for source in sources[1:]:
        if source.kind != first.kind:
            raise InputError(source.path, f"is {source.kind}, but {first.path.name} is {first.kind}: "
                                          "the parts of one edition must be of one format")
    lines: list[SourceLine] = []
    parts: list[Part] = []
    page_offset = 0
    for source in sources:
        offset, start = len(lines), len(lines) + 1
        for line in source.lines:
            page = line.page + page_offset if line.page is not None else None
            lines.append(replace(line, number=line.number + offset, page=page))
        if lines and lines[-1].text.strip():
            lines.append(SourceLine(len(lines) + 1, "", lines[-1].page))
        for part in source.parts:
            parts.append(replace(part, first_line=start, last_line=len(lines),
                                 first_page=page_offset + 1 if part.pages else None))
        page_offset += source.pages or 0
    return Source(lines, tuple(parts))


def check_path(path: Path, limit: int) -> None:
    """What can be refused from the file's metadata alone, before any work: a missing path, a
    folder, a device or socket, a regular file over the limit."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "is a folder, not a file")
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        raise InputError(path, f"is {_file_type(info.st_mode)}, not a regular file")
    if info.st_size > limit:
        _too_large(path, info.st_size, limit)


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file or a pipe, at most `limit`; devices, sockets and folders
    are refused, and nothing beyond limit + 1 bytes is ever read.

    A named pipe is opened without waiting for a writer: one that has none reads as empty
    rather than hanging.
    """
    check_path(path, limit)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # non-blocking only for the open of a pipe
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None
    finally:
        os.close(fd)
    if size > limit:
        _too_large(path, None, limit)
    return b"".join(chunks)


def _too_large(path: Path, size: int | None, limit: int) -> None:
    if size is None:  # a pipe: how much more it held is not known
        raise InputError(path, f"gives over {limit / 1048576:g} MB; one edition may be at most "
                               f"{limit / 1048576:g} MB: {RAISE_LIMIT}")
    shown, most = size_text(size, limit)
    raise InputError(path, f"is {shown}; one edition may be at most {most}: {RAISE_LIMIT}")


def _file_type(mode: int) -> str:
    for check, name in ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                        (stat.S_ISSOCK, "a socket")):
        if check(mode):
            return name
    return "not a file"


def split_lines(text: str, page: int) -> list[SourceLine]:
    """The non-blank lines of one page's text, numbered later by `number_lines`."""
    kept = [line for line in text.split("\n") if line.strip()]
    return [SourceLine(0, line, page, i == 0, i == len(kept) - 1) for i, line in enumerate(kept)]


def number_lines(lines: list[SourceLine]) -> list[SourceLine]:
    """Lines numbered 1, 2, ... in order (the number a repair row points to)."""
    return [SourceLine(i, ln.text, ln.page, ln.first_on_page, ln.last_on_page) for i, ln in enumerate(lines, start=1)]
