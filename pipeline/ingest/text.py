"""Plain text: UTF-8, or a BOM-marked Unicode encoding; anything that would need a guess is
refused. The fallback reader: a file no other reader claims is read as text."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import InputError
from . import ReadOptions, Reader, Source, SourceLine, register

# Byte-order marks are the only encodings besides UTF-8 we can name with certainty.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # control characters text does not use


def read(path: Path, data: bytes, options: ReadOptions) -> Source:
    text = decode(path, data)
    lines = [SourceLine(i, line) for i, line in enumerate(text.split("\n"), start=1)]
    return Source.of(path, "text", data, lines)


def decode(path: Path, data: bytes, declared: str | None = None, what: str = "text") -> str:
    """UTF-8, a BOM-marked Unicode encoding, or the encoding the file `declared` (an HTML page's
    charset); anything we would have to guess is refused. `what` names the format in errors."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), declared or "utf-8")
    if not encoding.startswith("utf-16") and not encoding.startswith("utf-32") and b"\x00" in data:
        raise InputError(path, f"is a binary file, not {what}")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if declared and encoding == declared:
            raise InputError(path, f"is not {declared} (byte {exc.start}), the encoding it declares") from None
        raise InputError(
            path, f"is not UTF-8 (byte {exc.start}) and its encoding cannot be detected with certainty"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 1000):
        raise InputError(path, f"is a binary file, not {what}")
    if not any(ch.isalpha() for ch in text):
        raise InputError(path, "has no words in it")
    return text


READER = register(Reader("text", read, suffixes=(".txt", ".text", ".md"), fallback=True))
