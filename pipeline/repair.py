"""Undo what PDF extraction did to the text, and log every change in the `repairs` table.

Each rule needs evidence from the document (or a list in `patterns/`), never a blind edit,
and each change is a Repair row (before, after, source line, page, rule, evidence) so an
auditor can see exactly what was altered.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, replace

from .ingest import Source, SourceLine
from .layout import bullet_of, ends_clause, ends_sentence, heading_of, one_block_per_line, starts_paragraph
from .rules.layout import LayoutRules


@dataclass(frozen=True)
class Repair:
    rule: str
    line: int
    page: int | None
    before: str
    after: str
    evidence: str

    def to_row(self) -> dict[str, object]:
        return {"rule": self.rule, "line": self.line, "page": self.page, "before": self.before,
                "after": self.after, "evidence": self.evidence}


@dataclass(frozen=True)
class CleanLine:
    """A line ready to segment: `bullet` marks the first line of a list item (glyph removed)."""

    number: int
    text: str
    page: int | None
    bullet: bool = False


_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’]*(?:-[A-Za-z0-9'’]+)*")
_NAME_NUMBER = re.compile(r"^([A-Z][A-Za-z]*)(\d+[A-Z]?)$")


def repair(source: Source, layout: LayoutRules) -> tuple[list[CleanLine], list[Repair]]:
    """Run every repair rule in order; return the clean lines and the log of changes."""
    log: list[Repair] = []
    lines = _drop_furniture(source, layout, log)
    lines = _strip_page_break_indent(lines, log)
    lines = _join_line_end_hyphens(lines, layout, log)
    clean = _place_bullets(lines, layout, log)
    clean = _split_glued_words(clean, layout, log)
    clean = _join_broken_words(clean, log)
    return clean, log


def _log(log: list[Repair], rule: str, line: SourceLine | CleanLine, before: str, after: str, evidence: str) -> None:
    log.append(Repair(rule, line.number, line.page, before, after, evidence))


def _drop_furniture(source: Source, layout: LayoutRules, log: list[Repair]) -> list[SourceLine]:
    """Remove running footers/headers and lone page numbers; keep blank lines as breaks. A
    sentence the page break cut ("... so as to bring the" | footer, page number | "benefits of
    ...") is joined again: its first part does not end a sentence and the rest opens in lower case."""
    page_number = re.compile(rf"^\d{{1,{layout.max_page_number_digits}}}$")
    if source.kind == "pdf":
        repeated = _repeated_page_edges(source, layout)
        at_edge = {i for i, line in enumerate(source.lines) if line.first_on_page or line.last_on_page}
    else:
        repeated, at_edge = _page_number_edges(source, layout, page_number)
    kept: list[SourceLine] = []
    last_text: int | None = None  # index in `kept` of the last line with text
    broken = False  # a footer or page number was dropped since that line
    for i, line in enumerate(source.lines):
        text = line.text.strip()
        if text.lower() in layout.furniture:
            _log(log, "running_footer", line, line.text, "", "listed in patterns/layout.toml")
        elif page_number.match(text):
            _log(log, "page_number", line, line.text, "", "a line holding only a number")
        elif i in at_edge and _edge_key(text) in repeated:
            _log(log, "running_footer", line, line.text, "", "repeats at the edge of most pages")
        elif text and broken and last_text is not None and _cut_by_page_break(kept[last_text].text, text, layout):
            head = kept[last_text]
            _log(log, "page_break_join", line, line.text, "", f"continues line {head.number} across a page break")
            kept[last_text + 1:] = []
            kept[last_text] = replace(head, text=f"{head.text.rstrip()} {text}")
            broken = False
            continue
        else:
            kept.append(line)
            if text:
                last_text, broken = len(kept) - 1, False
            continue
        broken = True
    return kept


def _cut_by_page_break(head: str, tail: str, layout: LayoutRules) -> bool:
    """A line that stops mid-sentence (no closing punctuation, no heading, no hyphen) and a line
    going on in lower case are one sentence."""
    head = head.strip()
    return (bool(head) and not ends_clause(head) and not head.endswith("-") and heading_of(head, layout) is None
            and tail[0].islower() and bullet_of(tail, layout) is None)


def _page_number_edges(source: Source, layout: LayoutRules, page_number: re.Pattern[str]) -> tuple[set[str], set[int]]:
    """Text taken from a PDF has no pages, but its lone page numbers mark where they break: the
    line next to one (blank lines aside) is at a page's edge. A line (digits folded; no sentence,
    no numbered heading) at the edge of at least the set share of breaks, and of at least half the places it
    is found after the first break, is a running header or footer: all those places are
    returned, as a footer whose page number was lost is one too."""
    texts = [line.text.strip() for line in source.lines]
    marks = [i for i, text in enumerate(texts) if page_number.match(text)]
    if not marks:
        return set(), set()
    edges: set[int] = set()
    for mark in marks:
        for step in (-1, 1):
            j = mark + step
            while 0 <= j < len(texts) and not texts[j]:
                j += step
            if 0 <= j < len(texts) and not page_number.match(texts[j]):
                edges.add(j)
    at_edges = Counter(_edge_key(texts[i]) for i in edges)
    places: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if text and i > marks[0]:
            places.setdefault(_edge_key(text), []).append(i)
    need = max(2, round(len(marks) * layout.repeated_furniture_share))
    first = {key: texts[min(i for i in edges if _edge_key(texts[i]) == key)] for key in at_edges}
    repeated = {key for key, n in at_edges.items() if n >= need and 2 * n >= len(places.get(key, ()))
                and not ends_sentence(first[key]) and not _numbered_heading(first[key], layout)}
    return repeated, {i for key in repeated for i in places.get(key, ())} | edges


def _numbered_heading(text: str, layout: LayoutRules) -> bool:
    """"3. Lunar Exploration" may open a page in two chapters: a heading, not a footer."""
    heading = heading_of(text, layout)
    return heading is not None and heading.number is not None


def _edge_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def _repeated_page_edges(source: Source, layout: LayoutRules) -> set[str]:
    """Lines (digits folded) that open or close at least the set share of pages."""
    edges = Counter(
        _edge_key(line.text) for line in source.lines if line.first_on_page or line.last_on_page
    )
    pages = source.pages or 1
    need = max(2, round(pages * layout.repeated_furniture_share))
    return {key for key, count in edges.items() if count >= need and key}


def _strip_page_break_indent(lines: list[SourceLine], log: list[Repair]) -> list[SourceLine]:
    """A stray leading space is debris of a page break in the extracted text."""
    out = []
    for line in lines:
        if line.text.strip() and line.text != line.text.lstrip():
            _log(log, "page_break_indent", line, line.text, line.text.lstrip(), "leading whitespace")
            line = replace(line, text=line.text.lstrip())
        out.append(line)
    return out


def _join_line_end_hyphens(lines: list[SourceLine], layout: LayoutRules, log: list[Repair]) -> list[SourceLine]:
    """Text from a PDF (a PDF, or a text file taken from one): "capabili-" + "ties" ->
    "capabilities", but "space-" + "based" -> "space-based"."""
    vocab = _vocabulary(_without_broken_words(lines))
    out = list(lines)
    for i in range(len(out) - 1):
        head, tail = out[i], out[i + 1]
        left = re.search(r"([A-Za-z]+)-$", head.text.rstrip())
        right = re.match(r"([a-z][A-Za-z]*)", tail.text.lstrip())
        if not left or not right:
            continue
        a, b = left[1], right[1]
        hyphenated = f"{a}-{b}"
        if hyphenated.lower() in vocab.hyphen_pairs:
            joined, evidence = hyphenated, f'"{hyphenated}" appears elsewhere'
        elif (a + b).lower() in vocab.words:
            joined, evidence = a + b, f'"{a + b}" appears elsewhere'
        elif a.lower() in layout.hyphen_prefixes or b.lower() in layout.hyphen_suffixes:
            joined, evidence = hyphenated, "compound half listed in patterns/compounds.toml"
        elif a.lower() in vocab.words and b.lower() in vocab.words:
            joined, evidence = hyphenated, "both halves are words"
        else:
            joined, evidence = a + b, f'"{a}" is not a word on its own'
        # The whole word moves down, so the upper line still ends where its sentence did.
        new_head = head.text.rstrip()[: -len(a) - 1].rstrip()
        new_tail = joined + tail.text.lstrip()[len(b):]
        _log(log, "line_end_hyphen", head, f"{head.text} / {tail.text}", f"{new_head} / {new_tail}", evidence)
        out[i] = replace(head, text=new_head)
        out[i + 1] = replace(tail, text=new_tail)
    return [line for line in out if line.text.strip()]


def _without_broken_words(lines: list[SourceLine]) -> list[str]:
    """Line texts minus the halves of words broken at line ends, so they are not evidence."""
    texts = []
    broken = False
    for line in lines:
        text = re.sub(r"^\S+", "", line.text.lstrip()) if broken else line.text
        broken = bool(re.search(r"[A-Za-z]-$", line.text.rstrip()))
        texts.append(re.sub(r"\S+-$", "", text.rstrip()) if broken else text)
    return texts


def _place_bullets(lines: list[SourceLine], layout: LayoutRules, log: list[Repair]) -> list[CleanLine]:
    """Turn glyph lines into item starts, reattach orphaned glyphs, restore lost ones.

    A run of glyph-only lines (a page that starts "•", "•", "•" and then the items) gives its
    glyphs to the next paragraphs in order. A paragraph that starts inside a bullet list
    (after an item, before the next heading) is an item whose glyph was lost, in wrapped PDF
    text only: a web rendering (one block per line) keeps its glyphs, so a paragraph after its
    list is the paragraph that closes it.
    """
    glyphs_lost = not one_block_per_line([line.text for line in lines], layout)
    out: list[CleanLine] = []
    orphans: deque[SourceLine] = deque()  # taken from the front: a list's pop(0) made many glyphs quadratic
    in_list = False
    previous = ""  # the last body line, "" after a blank line or a heading
    for line in lines:
        text = line.text.strip()
        if not text:
            out.append(CleanLine(line.number, "", line.page))
            previous = ""
            continue
        item = bullet_of(text, layout)
        if item == "":
            _log(log, "orphan_bullet_glyph", line, line.text, "", "glyph alone on its line; given to the next paragraph")
            orphans.append(line)
            continue
        if heading_of(text, layout):
            out.append(CleanLine(line.number, text, line.page))
            in_list, previous = False, ""
            orphans.clear()
            continue
        new_paragraph = not previous or starts_paragraph(previous, text)
        if item is not None:
            out.append(CleanLine(line.number, item, line.page, bullet=True))
            in_list = True
        elif new_paragraph and orphans:
            glyph = orphans.popleft()
            _log(log, "bullet_glyph_reattached", line, text, "• " + text, f"glyph orphaned on line {glyph.number}")
            out.append(CleanLine(line.number, text, line.page, bullet=True))
            in_list = True
        elif new_paragraph and in_list and glyphs_lost:
            _log(log, "bullet_glyph_lost", line, text, "• " + text, "a paragraph inside a bullet list")
            out.append(CleanLine(line.number, text, line.page, bullet=True))
        else:
            out.append(CleanLine(line.number, text, line.page))
        previous = text
    return out


@dataclass(frozen=True)
class _Vocabulary:
    words: Counter[str]  # lower-cased whole tokens, hyphenated ones included
    parts: set[str]  # standalone words, and their singular when they end in "s"
    hyphen_pairs: set[str]  # "a-b" for every adjacent pair in a hyphenated token
    left: set[str]  # parts seen before a hyphen
    right: set[str]  # parts seen after a hyphen
    stems: set[str]  # "Name" of every "Name-12" form


def _vocabulary(texts) -> _Vocabulary:
    words: Counter[str] = Counter(token.lower() for text in texts for token in _WORD.findall(text))
    pairs, left, right, stems, parts = set(), set(), set(), set(), set()
    for low in words:  # each distinct word once
        pieces = low.split("-")
        if len(pieces) == 1:
            parts.add(low)
            if low.endswith("s") and len(low) > 3:
                parts.add(low[:-1])
        for a, b in zip(pieces, pieces[1:]):
            pairs.add(f"{a}-{b}")
            left.add(a)
            right.add(b)
            if b[:1].isdigit():
                stems.add(a)
    return _Vocabulary(words, parts, pairs, left, right, stems)


def _split_glued_words(lines: list[CleanLine], layout: LayoutRules, log: list[Repair]) -> list[CleanLine]:
    """Split words glued where two PDF lines were run together, only with evidence.

    Only over-long lines (two lines merged) are searched; a token is split when the hyphenated
    form appears elsewhere, when its prefix names a numbered series ("Shenzhou-12"), when both
    halves are words and one is attested in a hyphenated compound, or by patterns/compounds.toml.
    """
    lengths = sorted(len(line.text) for line in lines if line.text)
    if not lengths:
        return lines
    limit = lengths[int(0.95 * (len(lengths) - 1))] * layout.merged_line_factor
    if lengths[-1] <= limit:
        return lines  # no two lines were run together
    vocab = _vocabulary(line.text for line in lines)
    plain = Counter(t.lower() for line in lines if len(line.text) <= limit for t in _WORD.findall(line.text))
    out = []
    for line in lines:
        if len(line.text) > limit:
            text = line.text
            pieces, end = [], len(text)  # built from the end, joined once: a copy per split was quadratic
            for match in reversed(list(_WORD.finditer(text))):
                fixed = _unglue(match[0], vocab, plain, layout)
                if fixed:
                    after, evidence = fixed
                    _log(log, "glued_word", line, match[0], after, evidence)
                    pieces += [text[match.end():end], after]
                    end = match.start()
            pieces.append(text[:end])
            line = replace(line, text="".join(reversed(pieces)))
        out.append(line)
    return out


_BROKEN_COMPOUND = re.compile(r"\b([A-Za-z]{2,})- (?!(?:and|or|nor|to|as|but)\b)([a-z]{2,})\b")
_BROKEN_WORD = re.compile(r"\b([a-z]{3,}) ([a-z]{1,3})\b")


def _join_broken_words(lines: list[CleanLine], log: list[Repair]) -> list[CleanLine]:
    """Join what a web rendering broke inside a line: a compound whose hyphen is followed by a
    space ("inter- governmental"; not a suspended "short- and long-term"), and a word split
    before its last letters ("developmen t") when the document writes the whole word and
    neither piece is a word it uses."""
    words = Counter(t.lower() for line in lines for t in re.findall(r"[A-Za-z]+", line.text))
    pairs = Counter((m[1], m[2]) for line in lines for m in _BROKEN_WORD.finditer(line.text))
    out = []
    for line in lines:
        def compound(match: re.Match) -> str:
            whole = match[1] + match[2]
            after = whole if words[whole.lower()] else f"{match[1]}-{match[2]}"
            _log(log, "broken_compound", line, match[0], after,
                 "a hyphen and a space inside a line" + (f"; {whole!r} is written whole elsewhere" if after == whole else ""))
            return after

        def word(match: re.Match) -> str:
            whole, seen = match[1] + match[2], pairs[(match[1], match[2])]
            if not (words[whole] and words[match[1]] == seen and words[match[2]] == seen):
                return match[0]  # a piece is a word of its own somewhere: two words
            _log(log, "broken_word", line, match[0], whole,
                 f"{whole!r} is written whole elsewhere; neither piece is a word of the document")
            return whole

        text = _BROKEN_WORD.sub(word, _BROKEN_COMPOUND.sub(compound, line.text))
        out.append(replace(line, text=text) if text != line.text else line)
    return out


def _unglue(token: str, vocab: _Vocabulary, plain: Counter[str], layout: LayoutRules) -> tuple[str, str] | None:
    """The split of one token with its evidence; None for a word seen whole in unmerged lines."""
    if token in layout.split_compounds:
        return layout.split_compounds[token], "listed in patterns/compounds.toml"
    if token.lower() in layout.keep_words or plain[token.lower()]:
        return None
    if match := _NAME_NUMBER.match(token):
        if match[1].lower() in vocab.stems:
            return f"{match[1]}-{match[2]}", f'"{match[1]}-<number>" appears elsewhere'
        return None
    pieces = token.split("-")
    for index, piece in enumerate(pieces):
        split = _split_piece(piece, vocab)
        if split:
            a, b, evidence = split
            return "-".join(pieces[:index] + [a, b] + pieces[index + 1:]), evidence
    return None


MAX_GLUED = 100  # characters: no two words glued together are longer, and each split point costs a copy


def _split_piece(piece: str, vocab: _Vocabulary) -> tuple[str, str, str] | None:
    """The one split of a glued piece that the document supports; none if zero or several."""
    if len(piece) > MAX_GLUED:
        return None
    found: dict[str, list[tuple[str, str, str]]] = {"hyphenated": [], "halves": []}
    for i in range(2, len(piece) - 1):
        a, b = piece[:i], piece[i:]
        la, lb = a.lower(), b.lower()
        if f"{la}-{lb}" in vocab.hyphen_pairs:
            found["hyphenated"].append((a, b, f'"{la}-{lb}" appears elsewhere'))
        elif len(a) >= 3 and len(b) >= 3 and (
            (la in vocab.left and lb in vocab.parts) or (lb in vocab.right and la in vocab.parts)
        ):
            found["halves"].append((a, b, f'"{a}" and "{b}" are words, one seen in a hyphenated compound'))
    for level in ("hyphenated", "halves"):
        if len(found[level]) == 1:
            return found[level][0]
        if found[level]:
            return None
    return None
