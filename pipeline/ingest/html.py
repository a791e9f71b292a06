"""HTML: a saved web page, one line per block of visible text, each with its element path.

Parsed with lxml (libxml2's HTML parser: maintained, fast, forgiving of the broken markup
publishers' pages have, and it names any element by its path, `/html/body/div[3]/p[14]`).

What a reader of the page sees is kept, in document order: every heading, paragraph, list item
(as a "• " bullet, the glyph `patterns/layout.toml` lists, so segmentation sees a bullet), table
cell and any other block, one line each with an empty line between blocks (the page marks where
each paragraph ends, so none is joined to the next). Inside a block, markup and entities become
text, `&nbsp;`, runs of white space and a single `<br>` become one space, and two `<br>` in a row
end the line (old pages separate paragraphs that way). Never seen by a reader, so never read:
`<head>`, scripts, styles, `<noscript>`, `<template>`, embedded objects, form fields and elements
hidden by the `hidden` attribute or an inline `display: none` / `visibility: hidden`.

Site clutter (menus, share buttons, footers, captions) is read like the rest: the clutter stage
(`pipeline/clutter.py`, rules in `patterns/web.toml`) removes it, with evidence, in `repairs`.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import InputError
from . import ReadOptions, Reader, Source, SourceLine, register
from .text import decode

_BLOCKS = frozenset("""address article aside blockquote body caption center dd details dialog div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main nav ol p
    pre section summary table tbody td tfoot th thead tr ul""".split())
_UNSEEN = frozenset("""head script style noscript template iframe object embed applet svg math canvas audio
    video map select textarea input img picture source track""".split())
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")  # soft hyphen, zero-width marks
_SPACE = re.compile(r"\s+")
_TITLE_SEPARATORS = re.compile(r"\s+[-|_–—]\s+")
# What browsers decode a declared charset as (WHATWG Encoding): Latin-1 pages are Windows-1252,
# GB2312 and GBK pages are GB18030 (a superset they often need).
_AS_BROWSERS_DO = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252", "gb2312": "gb18030",
                   "gbk": "gb18030"}
BULLET = "• "


def read(path: Path, data: bytes, options: ReadOptions) -> Source:
    from lxml import etree, html

    text = _XML_DECLARATION.sub("", decode(path, data, _declared_charset(path, data), what="HTML"))
    parser = html.HTMLParser(remove_comments=True, remove_pis=True, encoding="utf-8")
    try:
        root = html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(path, f"cannot be read as HTML ({exc})") from None
    fatal = next((e for e in parser.error_log if e.level_name == "FATAL"), None)
    if fatal is not None:  # libxml2 stopped there (elements nested over 256 deep): the rest is lost
        raise InputError(path, f"cannot be read as HTML past line {fatal.line} ({fatal.message.rstrip('.')}); "
                               "is it a hostile or broken page?")
    blocks = _Blocks(root.getroottree())
    blocks.walk(root)
    blocks.flush()
    if not any(ch.isalpha() for _, text in blocks.lines for ch in text):
        raise InputError(path, "has no text: the page holds no words outside its scripts, styles and hidden parts")
    lines: list[SourceLine] = []
    for element, line in blocks.lines:
        lines.append(SourceLine(len(lines) + 1, line, element=element))
        lines.append(SourceLine(len(lines) + 1, ""))
    return Source.of(path, "html", data, lines, titles=_titles(root))


def _declared_charset(path: Path, data: bytes) -> str | None:
    """The charset a page's <meta> declares in its first 4 KB, as browsers decode it."""
    found = _CHARSET.search(data[:4096])
    if not found:
        return None
    try:
        name = codecs.lookup(found[1].decode("ascii")).name
    except LookupError:
        raise InputError(path, f"declares the charset {found[1].decode('ascii', 'replace')!r}, "
                               "which is not an encoding Python knows") from None
    return _AS_BROWSERS_DO.get(name, name)


class _Blocks:
    """The walk over the page: text gathers into the line of the innermost open block."""

    def __init__(self, tree) -> None:
        self.tree = tree
        self.lines: list[tuple[str, str]] = []  # (element path, text)
        self.parts: list[str] = []
        self.owners: list[object] = []  # the open blocks, innermost last
        self.item_open = False  # inside a list item whose first line is still to come
        self.line_break = False  # a <br> was seen; a second one in a row ends the line

    def walk(self, element) -> None:
        """Depth-first, recursively: libxml2 nests elements at most 256 deep (a page nested deeper
        is refused in `read`), far below Python's recursion limit."""
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        if tag is None or tag in _UNSEEN or _hidden(element):
            self.add(element.tail)
            return
        if tag == "br":
            if self.line_break:
                self.flush()
            else:
                self.line_break = True
            self.add(element.tail)
            return
        block = tag in _BLOCKS
        if block:
            self.flush()
            self.owners.append(element)
            if tag == "li":
                self.item_open = True
        self.add(element.text)
        for child in element:
            self.walk(child)
        if block:
            self.flush()
            self.owners.pop()
            if tag == "li":
                self.item_open = False
        self.add(element.tail)

    def add(self, text: str | None) -> None:
        if not text:
            return
        if self.line_break and text.strip():
            self.parts.append(" ")  # one <br> inside a paragraph is a space
            self.line_break = False
        self.parts.append(text)

    def flush(self) -> None:
        """End the open line: whitespace collapsed, a list item's first line given its bullet."""
        text = _SPACE.sub(" ", _INVISIBLE.sub("", "".join(self.parts))).strip()
        self.parts, self.line_break = [], False
        if not text:
            return
        if self.item_open:
            text = text if text.startswith(BULLET.strip()) else BULLET + text
            self.item_open = False
        owner = self.owners[-1] if self.owners else None
        self.lines.append((self.tree.getpath(owner) if owner is not None else "/html", text))


def _hidden(element) -> bool:
    return element.get("hidden") is not None or bool(_HIDDEN_STYLE.search(element.get("style") or ""))


def _titles(root) -> tuple[str, ...]:
    """What the page says its title is: og:title, the article-title meta tags, the first <h1>,
    and <title> (whole, and its longest piece when a site name is joined to it)."""
    found: list[str] = []
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key in ("og:title", "articletitle", "title", "twitter:title"):
            found.append(meta.get("content") or "")
    for tag in ("h1", "title"):
        element = next(root.iter(tag), None)
        if element is not None:
            found.append(element.text_content())
    pieces = [max(_TITLE_SEPARATORS.split(t), key=len) for t in found]
    cleaned = (_SPACE.sub(" ", _INVISIBLE.sub("", t)).strip() for t in found + pieces)
    return tuple(dict.fromkeys(t for t in cleaned if t))


READER = register(Reader("html", read, suffixes=(".html", ".htm", ".xhtml", ".shtml"),
                         magic=(b"<!DOCTYPE html", b"<!doctype html", b"<!DOCTYPE HTML", b"<html", b"<HTML")))
