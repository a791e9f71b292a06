"""Remove what a publisher's web page adds to a white paper, and repair mojibake; log every
change in the `repairs` table, as `repair.py` does for a PDF's page furniture.

Runs on text and HTML sources, before `repair`: a text copied off a web page (one paragraph per
line) and a saved page (`ingest/html.py`) carry the same clutter, so one set of rules
(`patterns/web.toml`) serves both. A line is only ever removed whole, and only with evidence: a
list entry or pattern it matches, the page's own structure (outside the element that holds the
page's text), the edition's title, or repetition beside other clutter. Headings (by their
numbering), the unnumbered chapter labels and web.toml's `keep` are never removed, nor a line a
wrapped paragraph runs through; a bullet is removed only when its item is a site's list entry,
menu or pattern ("• Home" of a menu).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from .ingest import Source, SourceLine
from .layout import bullet_of, ends_clause, heading_of
from .repair import Repair
from .rules.layout import LayoutRules
from .rules.web import WebRules, normalise, plain

WEB_KINDS = ("text", "html")  # a PDF's furniture is repair's work
_CJK = re.compile("[\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u3400-\u4dbf"
                  "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@dataclass(frozen=True)
class _Removal:
    rule: str
    evidence: str


def declutter(source: Source, web: WebRules, layout: LayoutRules,
              title: str | None = None) -> tuple[Source, list[Repair]]:
    """The source without its site clutter, mojibake repaired; and the log of every change.
    `title` is the edition's title from the catalogue, when it has one."""
    if source.kind not in WEB_KINDS:
        return source, []
    log: list[Repair] = []
    lines = [_unmojibake(line, web, log) for line in source.lines]
    page = _Page(lines, web, layout)
    page.outside_main(source)
    page.line_rules()
    page.titles(_known_titles(source, title))
    page.repeated()
    page.first_line_title()
    page.related_blocks()
    kept = []
    for index, line in enumerate(lines):
        removal = page.removed.get(index)
        if removal is None:
            kept.append(line)
        else:
            log.append(Repair(removal.rule, line.number, line.page, line.text, "", removal.evidence))
    return Source(kept, source.parts), log


def _unmojibake(line: SourceLine, web: WebRules, log: list[Repair]) -> SourceLine:
    """UTF-8 shown as Windows-1252 ("Chinaâ€™s") turned back into what it was ("China’s")."""
    if line.text.isascii():
        return line
    spots: list[tuple[str, str]] = []

    def fix(match: re.Match[str]) -> str:
        try:
            fixed = bytes(web.mojibake_bytes[ch] for ch in match[0]).decode("utf-8")
        except UnicodeDecodeError:
            return match[0]
        spots.append((match[0], fixed))
        return fixed

    text = web.mojibake.sub(fix, line.text)
    if not spots:
        return line
    shown, fixed = spots[0]
    more = f", and {len(spots) - 1} more" if len(spots) > 1 else ""
    log.append(Repair("mojibake", line.number, line.page, line.text, text,
                      f"{shown!r} is {fixed!r} in UTF-8 read as Windows-1252{more}"))
    return replace(line, text=text)


def _known_titles(source: Source, title: str | None) -> dict[str, str]:
    """Normalised title -> where it is known from."""
    known = {normalise(t).rstrip("."): "the page's own title (<title>, <h1> or og:title)" for t in source.titles()}
    if title:
        known[normalise(title).rstrip(".")] = "the edition's title in the catalogue"
    return {k: v for k, v in known.items() if k}


class _Page:
    """The lines and what has been removed so far (index -> why)."""

    def __init__(self, lines: list[SourceLine], web: WebRules, layout: LayoutRules) -> None:
        self.lines, self.web, self.layout = lines, web, layout
        self.removed: dict[int, _Removal] = {}
        self.texts = [line.text.strip() for line in lines]
        self.items = [bullet_of(text, layout) for text in self.texts]  # a bullet's item, else None
        self.protected = [bool(text) and (normalise(text) in web.keep or heading_of(text, layout) is not None)
                          for text in self.texts]
        body = [i for i, text in enumerate(self.texts) if text]
        self.before = dict(zip(body[1:], body))  # the non-blank line before each
        self.after = dict(zip(body, body[1:]))
        self.inside = [self._inside_paragraph(i) for i in range(len(lines))]

    def _inside_paragraph(self, index: int) -> bool:
        """A line a paragraph runs through (wrapped text: the line before does not end a
        sentence, the line after goes on in lower case), like "China" in "... between Pakistan
        and / China / has ...": a list entry or a date there is a word of the paper."""
        before, after = self.before.get(index), self.after.get(index)
        if before is None or after is None:
            return False
        return not ends_clause(self.texts[before]) and self.texts[after][:1].islower()

    def open(self, index: int) -> bool:
        """A line some rule may still remove."""
        return (bool(self.texts[index]) and index not in self.removed and not self.protected[index]
                and not self.inside[index])

    # the page's structure ------------------------------------------------------------------
    def outside_main(self, source: Source) -> None:
        """HTML: lines outside the page's main content, the smallest element holding at least
        `main_share` of the page's text (when one below <body> does)."""
        by_part: dict[int, list[int]] = defaultdict(list)  # a part's first line -> its lines
        for index, line in enumerate(self.lines):
            if line.element is not None and self.texts[index]:
                by_part[source.part_of(line.number).first_line].append(index)
        for indices in by_part.values():
            main, share = _main_element([(self.lines[i].element or "", len(self.texts[i])) for i in indices],
                                        self.web.main_share)
            if main is None:
                continue
            for index in indices:
                element = self.lines[index].element or ""
                if element != main and not element.startswith(main + "/"):
                    self.removed[index] = _Removal(
                        "outside_main_content", f"outside {main}, the element that holds {share:.0%} of the page's text")

    # one line at a time ----------------------------------------------------------------------
    def line_rules(self) -> None:
        for index, text in enumerate(self.texts):
            if self.open(index):
                removal = self._line_rule(self.items[index] if self.items[index] is not None else text)
                if removal is not None:
                    self.removed[index] = removal

    def _line_rule(self, text: str) -> _Removal | None:
        web = self.web
        if removal := _other_script(text, web.max_other_script_share):
            return removal
        key = normalise(text)
        if key in web.lines:
            return _Removal(web.lines[key], f"{text!r} is a {web.lines[key]} entry of patterns/web.toml [lines]")
        shown = plain(text)
        for pattern in web.patterns:
            if pattern.regex.fullmatch(shown):
                return _Removal(pattern.kind, f"matches pattern {pattern.id!r} of patterns/web.toml")
        items = [i.strip() for i in web.menu_separator.split(text)]
        if len(items) >= web.menu_min_items and all(0 < len(i.split()) <= web.menu_max_item_words for i in items):
            kind = next((web.lines[normalise(i)] for i in items if normalise(i) in web.lines), "navigation")
            return _Removal(kind, f"a menu of {len(items)} short items ([menu] of patterns/web.toml)")
        return None

    # lines known by what else the page holds -------------------------------------------------
    def titles(self, known: dict[str, str]) -> None:
        """Every whole line that is the edition's title."""
        for index, text in enumerate(self.texts):
            origin = known.get(normalise(text).rstrip("."))
            if origin and self.open(index) and self.items[index] is None:
                self.removed[index] = _Removal("title", f"the edition's title: {origin}")

    def repeated(self) -> None:
        """Short lines that repeat, every time beside a line already removed (or one of these)."""
        web = self.web
        groups: dict[str, list[int]] = defaultdict(list)
        for index, text in enumerate(self.texts):
            if self.open(index) and self.items[index] is None and len(text.split()) <= web.repeated_max_words:
                groups[normalise(text)].append(index)
        groups = {key: found for key, found in groups.items() if len(found) >= web.repeated_min_count}
        accepted = True
        while accepted:
            accepted = False
            for key, found in list(groups.items()):
                if all(self.before.get(i) in self.removed or self.after.get(i) in self.removed for i in found):
                    for index in found:
                        self.removed[index] = _Removal(
                            "repeated_line", f"repeats {len(found)} times, each time beside other clutter")
                    del groups[key]
                    accepted = True

    def first_line_title(self) -> None:
        """Without a known title: the first line left is the title when it is a block of its own
        before the first heading (a blank or removed line or a heading follows it), title-sized,
        and does not end a sentence. Its other whole-line occurrences go with it."""
        first = next((i for i, text in enumerate(self.texts) if text and i not in self.removed), None)
        if first is None or not self.open(first) or self.items[first] is not None:
            return
        text, web = self.texts[first], self.web
        follower = first + 1
        alone = (follower >= len(self.texts) or not self.texts[follower] or follower in self.removed
                 or self.protected[follower])
        words = len(text.split())
        if alone and web.title_min_words <= words <= web.title_max_words and not ends_clause(text):
            self.titles({normalise(text).rstrip("."): f"line {self.lines[first].number}, the first line, "
                                                      "a block of its own before the first heading"})

    def related_blocks(self) -> None:
        """After a "Related stories" label, its headlines: short lines that do not end a sentence,
        up to a blank line or the first other line."""
        web = self.web
        for index, text in enumerate(self.texts):
            removal = self.removed.get(index)
            if removal is None or removal.rule != "related" or normalise(text) not in web.related_labels:
                continue
            for following in range(index + 1, min(index + 1 + web.related_max_lines, len(self.texts))):
                line = self.texts[following]
                if not line or self.protected[following]:
                    break
                if following in self.removed:
                    continue
                if len(line.split()) > web.related_max_words or ends_clause(line):
                    break
                self.removed[following] = _Removal(
                    "related", f"a headline after {text!r} (line {self.lines[index].number})")


def _other_script(text: str, share: float) -> _Removal | None:
    """A line mostly in another script than Latin: the other language of a bilingual page."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or text.isascii():
        return None
    other = [ch for ch in letters if not ch.isascii() and not unicodedata.name(ch, "").startswith("LATIN")]
    if len(other) < share * len(letters):
        return None
    cjk = sum(1 for ch in other if _CJK.match(ch))
    if cjk * 2 > len(other):
        return _Removal("chinese", f"{cjk} of its {len(letters)} letters are Chinese, Japanese or Korean")
    return _Removal("other_script", f"{len(other)} of its {len(letters)} letters are not Latin")


def _main_element(lines: list[tuple[str, int]], share: float) -> tuple[str | None, float]:
    """The smallest element holding at least `share` of the characters of `lines` (element path,
    length) and at least two of the elements lines come from; None when that is <body> or above."""
    weight: Counter[str] = Counter()
    sources: dict[str, set[str]] = defaultdict(set)
    children: dict[str, set[str]] = defaultdict(set)
    total = sum(n for _, n in lines)
    for element, size in lines:
        steps = element.split("/")[1:]
        for depth in range(1, len(steps) + 1):
            prefix = "/" + "/".join(steps[:depth])
            weight[prefix] += size
            sources[prefix].add(element)
            if depth > 1:
                children["/" + "/".join(steps[:depth - 1])].add(prefix)
    node = "/html"
    while True:
        best = max(sorted(children.get(node, ())), key=lambda c: weight[c], default=None)
        if best is None or weight[best] < share * total or len(sources[best]) < 2:
            break
        node = best
    if node in ("/html", "/html/body") or not total:
        return None, 1.0
    return node, weight[node] / total
