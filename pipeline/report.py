"""`whitepaper report`: one self-contained HTML file for an edition, or for the diff of two.

The edition report: a sticky table of contents; filters (status, highlight, a named object or
partner, a text search) over the text and the summary tables; an overview chart of planned and
achieved sentences per chapter and of the rows per table (inline SVG); the summary tables,
sortable, collapsed to their first rows; and the text by section, every segment with its pages
and source lines, every sentence a block whose id is its sentence_id and whose class is its
status, with the rule and trigger that set it. Mentions and counts are highlighted by displaCy's
span renderer (manual input: the tokens are the sentence cut at the spans' edges) and each
highlight's tag links to its row in the summary tables, whose rows link back to their sentences.

The diff report: plans by outcome and kind, the plan scorecard (filtered by outcome, kind and
confidence when the plans table has one), the changed counts and the other changes, each side's
evidence highlighted the same way and linking to the sentence in that edition's report, which
`report --diff` writes beside each edition. It reads whatever outcomes and columns the plans
table has.

One file, no network: the only script is the small one below, inline, and the page's
Content-Security-Policy allows nothing else. The same tables give the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from html import escape
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import quote

from . import __version__
from .extractors import Extractor, ReportTable, default_extractors
from .model import STATUSES
from .output import Folder, diff_path, read
from .schemas import DIFF_TABLES, edition_tables
from .show import cell_text, key_column, mention_facts
from .write import write_file_atomically

# Outcomes in the order a reader wants them: what the new edition is silent about and what came
# true first; any outcome not named here follows, alphabetically.
OUTCOME_ORDER = ("not_mentioned", "fulfilled", "in_progress", "dropped", "carried_over")
CONFIDENCE_ORDER = ("high", "medium", "low")
COLLAPSE = 10  # rows of a summary table shown before "show all"
COLLAPSE_LONG = 40  # rows of the scorecard and the change tables shown before "show all"
STATUS_COLORS = {"achieved": "#2b9a66", "planned": "#c98500", "neutral": "#c8ccd2"}
# plan columns the scorecard lays out itself; any other column is shown beside the outcome
_PLAN_LAYOUT = {"old_edition", "new_edition", "plan_id", "key", "kind", "name", "counted", "plan_of", "objects",
                "section_id", "outcome", "old_status", "old_evidence_id", "new_evidence_id", "old_evidence",
                "new_evidence", "candidate_id", "candidate", "candidate_score"}

# displaCy's span templates without the whitespace around each span (the text's own spacing
# is kept by the tokens) and with classes instead of most inline styles; a span's tag is its
# knowledge-base link (kb_id = label, kb_url = its row in the summary tables).
_TEMPLATE = {
    "span": '<span class="ent" style="height: {total_height}px">{text}{span_slices}{span_starts}</span>',
    "slice": '<span class="bar" style="background: {bg}; top: {top_offset}px"></span>',
    "start": ('<span class="bar start" style="background: {bg}; top: {top_offset}px">'
              '<span class="lab" style="background: {bg}">{kb_link}</span></span>'),
}
_OFFSETS = {"top_offset": 22, "span_label_offset": 14, "top_offset_step": 14}


def colors(extractors: list[Extractor]) -> dict[str, str]:
    """Highlight label -> colour, from every extractor's `highlights`."""
    return {label: color for ex in extractors for label, color in ex.highlights.items()}


_LONG = re.compile(r'<span class="ent"( style="[^"]*">[^<]{48,}<)')
_GLUE = "\ue000"  # ends a token that the next one follows without a space; removed after rendering
_JOIN = "\u2060"  # word joiner: no line break between a span and the punctuation it touches


# ----- entry points --------------------------------------------------------------------------

def edition_report_file(ref: str, out: Path, target: Path | None = None) -> Path:
    """Write the report of one edition; the default file is report.html in its folder."""
    edition = read(ref, out)
    page = edition_report(edition, default_extractors())
    return write_file_atomically(target or edition.path / "report.html", page)


def diff_report_file(old: Folder, new: Folder, result: dict[str, list[dict]], out: Path,
                     target: Path | None = None) -> list[Path]:
    """Write the report of the diff OLD -> NEW (`result`, default file OUT/diffs/OLD-NEW/report.html)
    and, beside each edition, its own report, which the diff's sentence ids link to."""
    extractors = default_extractors()
    target = target or diff_path(out, old.id, new.id) / "report.html"
    editions = {e.path / "report.html": e for e in (old, new)}
    links = {e.id: _relative(path, target.parent) for path, e in editions.items()}
    page = diff_report(old, new, result, extractors, links)
    written = [write_file_atomically(path, edition_report(e, extractors)) for path, e in editions.items()]
    return [write_file_atomically(target, page), *written]


def _relative(path: Path, start: Path) -> str:
    """A relative URL from the folder `start` to `path`."""
    return quote(Path(os.path.relpath(path.resolve(), start.resolve())).as_posix())


# ----- highlighted sentences -----------------------------------------------------------------

def _key_columns(edition: Folder) -> dict[str, str | None]:
    """Each table's id column (show.key_column): what a row anchor is made of."""
    return {table: key_column(edition, table) for table in edition.tables}


def _key(column: str | None, row: dict) -> str | None:
    return cell_text(row.get(column)) if column else None


def row_anchor(table: str, key: str) -> str:
    """The id of a summary-table row: `table:key` (sentence ids hold no colon)."""
    return f"{table}:{key}"


class Highlighter:
    """Sentences of one edition as HTML, mentions and counts marked by displaCy's span renderer;
    each span's tag links to its row in the summary tables of the edition report at `base`."""

    def __init__(self, edition: Folder, extractors: list[Extractor], base: str = "") -> None:
        from spacy import displacy

        self._displacy = displacy
        self._options = {"colors": colors(extractors), "template": _TEMPLATE, **_OFFSETS}
        self.base = base
        self.sentences = {s["sentence_id"]: s for s in edition.tables.get("sentences", [])}
        self.mentions: dict[str, list[dict]] = {}
        reported = {t for ex in extractors for t in ex.report if t in edition.tables}
        keys = _key_columns(edition)
        rows = {(t, _key(keys[t], r)) for t in reported for r in edition.tables[t]}
        self._spans: dict[str, list[tuple[int, int, str, str | None]]] = {}
        for m in edition.tables.get("mentions", []):
            self.mentions.setdefault(m["sentence_id"], []).append(m)
            anchor = row_anchor(m["table"], m["entity_id"]) if (m["table"], m["entity_id"]) in rows else None
            self._spans.setdefault(m["sentence_id"], []).append((m["start"], m["end"], m["table"], anchor))
        for ex in extractors:
            for table, label in ex.span_tables.items():
                for row in edition.tables.get(table, []):
                    key = _key(keys.get(table), row)
                    anchor = row_anchor(table, key) if table in reported and key is not None else None
                    self._spans.setdefault(row["sentence_id"], []).append((row["start"], row["end"], label, anchor))

    def labels(self, sentence_id: str) -> list[str]:
        return sorted({label for _, _, label, _ in self._spans.get(sentence_id, [])})

    def text(self, sentence_id: str) -> str:
        """The sentence's text with its spans, as markup (escaped by displaCy)."""
        sentence = self.sentences[sentence_id]
        text, base = sentence["text"], sentence["start"]
        spans = [(s - base, e - base, label, anchor) for s, e, label, anchor in self._spans.get(sentence_id, [])
                 if base <= s < e <= base + len(text)]
        if not spans:
            return escape(text, quote=False)
        return self._render(text, spans, sentence_id)

    def _render(self, text: str, spans: list[tuple[int, int, str, str | None]], sentence_id: str) -> str:
        """displaCy's manual span input: the text cut at every span edge into tokens."""
        cuts = {0, len(text), *(s for s, *_ in spans), *(e for _, e, *_ in spans)}
        for a, b in _pairs(sorted(cuts)):
            piece = text[a:b]
            if self._covered(a, b, spans):  # a space at the edge of a piece inside a nested span:
                cuts |= {a + len(piece) - len(piece.lstrip()), b - len(piece) + len(piece.rstrip())}  # its own token
        cuts = sorted(cuts)
        index = {offset: i for i, offset in enumerate(cuts)}
        tokens = []
        for a, b in _pairs(cuts):
            token = text[a:b]
            if not self._covered(a, b, spans) and not token.isspace():
                # displaCy follows every plain token with a space and lets a line break around each
                # span: glue what the text writes without a space, and join punctuation to its span.
                if a > 0 and not text[a - 1].isspace():
                    token = _JOIN + token
                if b < len(text) and not text[b].isspace():
                    token = token + _JOIN + _GLUE
            tokens.append(token)
        parsed = {
            "text": text,
            "tokens": tokens,
            "spans": [{"start_token": index[s], "end_token": index[e], "label": label, "kb_id": escape(label),
                       "kb_url": self.base + _href(anchor or sentence_id)} for s, e, label, anchor in spans],
        }
        markup = self._displacy.render(parsed, style="span", manual=True, page=False, jupyter=False,
                                       options=self._options)
        markup = markup.replace(_GLUE + " ", "").replace(_GLUE, "")
        markup = re.sub(r">\s+<a style=\"[^\"]*\"", '><a class="to-row"', markup)  # the kb link, without its
        markup = re.sub(r"</a>\s+</span>", "</a></span>", markup)  # template's whitespace and inline style
        markup = _LONG.sub(r'<span class="ent long"\1', markup)  # a name longer than a line may wrap
        return re.sub(r'^<div class="spans"[^>]*>\s*|\s*</div>\s*$', "", markup.strip())

    @staticmethod
    def _covered(a: int, b: int, spans: list[tuple]) -> bool:
        return any(s <= a and b <= e for s, e, *_ in spans)

    def block(self, sentence_id: str, anchor: bool = True, link: str | None = None) -> str:
        """A sentence as a block of its status class, with its id, text, and why it has its
        status. With `anchor`, its id is the sentence_id (the edition report); else its id links
        to `link` (the sentence in its edition's report), when given."""
        sentence = self.sentences[sentence_id]
        status = escape(sentence["status"])
        if anchor:
            labels = " ".join(self.labels(sentence_id))
            names = " ".join(sorted({row_anchor(m["table"], m["entity_id"]) for m in self.mentions.get(sentence_id, [])}))
            head = (f'<div class="sent {status}" id="{escape(sentence_id)}" data-fi="n" data-status="{status}" '
                    f'data-tables="{escape(labels)}" data-names="{escape(names)}">'
                    f'<a class="sid" href="{_href(sentence_id)}">{escape(sentence_id)}</a>')
        elif link:
            head = (f'<div class="sent {status}"><a class="sid" href="{escape(link)}{_href(sentence_id)}" '
                    f'title="this sentence in its edition\'s report">{escape(sentence_id)}</a>')
        else:
            head = f'<div class="sent {status}"><span class="sid">{escape(sentence_id)}</span>'
        words = "words" if self._spans.get(sentence_id) else "words plain"  # no tags under the lines: closer lines
        return f'{head}<span class="{words}">{self.text(sentence_id)}</span>{self.why(sentence_id, anchor or link)}</div>'

    def why(self, sentence_id: str, base: str | bool | None) -> str:
        """The status, and the rule and trigger that set it (status_rule, status_trigger); then any
        mention whose own status differs or that says more about it (columns added later)."""
        sentence = self.sentences[sentence_id]
        status, rule, trigger = sentence["status"], sentence.get("status_rule"), sentence.get("status_trigger")
        prefix = "" if base is True else (base or None)

        def to(ident: str, text: str) -> str:
            return f'<a href="{escape(prefix)}{_href(ident)}">{escape(text)}</a>' if prefix is not None else escape(text)

        if not rule:
            reason, title = "no trigger", "no trigger in the sentence, no open scope, no section default"
        elif rule == "scope":
            reason, title = f"in the scope of {to(trigger, trigger)}" if trigger else "in a scope", (
                f"planned by the scope that sentence {trigger} opened")
        elif rule.startswith("section:"):
            reason = f"default of section {to('section-' + trigger, trigger)}" if trigger else "section default"
            title = f"no trigger and no open scope: the default of the section (rule {rule.split(':', 1)[1]})"
        else:
            reason = f"<code>{escape(rule)}</code>" + (f" “{escape(trigger)}”" if trigger else "")
            title = f"rule {rule} of status_rules.jsonl" + (f", triggered by “{trigger}”" if trigger else "")
        parts = [f'<b>{escape(status)}</b> · {reason}']
        for m in self.mentions.get(sentence_id, []):
            facts = {k: v for k, v in mention_facts(m).items() if k not in ("status", "rule")}
            if m.get("status", status) != status or facts:
                said = ", ".join(f"{escape(k)} {escape(cell_text(v))}" for k, v in facts.items() if v is not None)
                parts.append(f'{escape(m["surface"])}: <b>{escape(str(m.get("status")))}</b>'
                             + (f" ({said})" if said else ""))
        return f'<span class="why" title="{escape(title)}">{" · ".join(parts)}</span>'


def _pairs(items: list[int]) -> list[tuple[int, int]]:
    return list(zip(items, items[1:]))


def _href(ident: str) -> str:
    return "#" + escape(quote(ident, safe="/.-_~:@!$'()*+,;="))


# ----- the edition report --------------------------------------------------------------------

def _report_tables(extractors: list[Extractor]) -> dict[str, ReportTable]:
    return {table: spec for ex in extractors for table, spec in ex.report.items()}


def edition_report(edition: Folder, extractors: list[Extractor]) -> str:
    meta = edition.manifest.get("edition", {})
    title = meta.get("title") or f"Edition {edition.id}"
    high = Highlighter(edition, extractors)
    specs = _report_tables(extractors)
    sentences = edition.tables.get("sentences", [])
    by_status = {s: sum(1 for x in sentences if x["status"] == s) for s in STATUSES}
    facts = [f"edition <b>{escape(edition.id)}</b>"]
    for key, label in (("published", "published"), ("issuer", "issued by"), ("translator", "translation")):
        if meta.get(key):
            facts.append(f"{label} {escape(str(meta[key]))}")
    source = edition.manifest.get("source") or {}
    if source.get("file"):
        pages = f", {source['pages']} pages" if source.get("pages") else ""
        facts.append(f"from {escape(str(source['file']))} ({escape(str(source.get('kind', '')))}{pages})")
    facts.append(f"{len(sentences)} sentences: " + ", ".join(f"{n} {s}" for s, n in by_status.items()))
    tables = [t for t in specs if t in edition.tables]
    labels = _labels(extractors)
    position = {s["sentence_id"]: i for i, s in enumerate(sentences)}
    text, rendered = _text(edition, high)
    body = [
        f'<header><h1>{escape(title)}</h1><p class="facts">{" · ".join(facts)}</p></header>',
        '<div class="layout">',
        _toc(edition, tables, specs, rendered),
        "<main>",
        _edition_filters(edition, extractors, specs, by_status, len(sentences)),
        '<section id="overview"><h2>Overview</h2><div class="charts">',
        _chapter_chart(edition), _tables_chart(edition, tables, specs), "</div></section>",
        '<section id="summary"><h2>Summary tables</h2><p class="hint">Click a column to sort; each row links to '
        "the first sentence that names it, and its mention count shows every sentence that does. A highlight’s "
        "tag in the text links to its row.</p>",
        '<div class="grid">',
        *(_summary(edition, t, specs[t], labels.get(t), position) for t in tables),
        "</div></section>",
        '<section id="text"><h2>Text</h2><p class="hint">Beside each paragraph: its page(s) in the source '
        "(PDF editions) and its source lines. After each sentence: its status and the rule and trigger that set "
        "it.</p>", text, "</section>",
        "</main></div>",
    ]
    return _page(title, "\n".join(body), "edition")


def _labels(extractors: list[Extractor]) -> dict[str, str]:
    """Report table -> the highlight label of its spans in the text (a mention table's own name)."""
    out = {label: label for ex in extractors for label in ex.highlights}
    out.update({table: label for ex in extractors for table, label in ex.span_tables.items()})
    return out


def _heading(section: dict) -> str:
    label = section["label"] if section["label"] not in ("", "-") else ""
    return f"{label} {section['title']}".strip()


def _where(row: dict) -> str:
    """Pages (PDF) and source lines of a segment or section: "p. 3 · ll. 41–43"."""
    parts = []
    first, last = row.get("first_page"), row.get("last_page")
    if first is not None:
        parts.append(f"p. {first}" if last in (None, first) else f"pp. {first}–{last}")
    first, last = row.get("first_line"), row.get("last_line")
    if first is not None:
        parts.append(f"l. {first}" if last in (None, first) else f"ll. {first}–{last}")
    return " · ".join(parts)


def _text(edition: Folder, high: Highlighter) -> tuple[str, set[str]]:
    """The text by section, and the ids of the sections given a heading."""
    sections = {s["section_id"]: s for s in edition.tables.get("sections", [])}
    by_segment: dict[str, list[dict]] = {}
    for s in edition.tables.get("sentences", []):
        by_segment.setdefault(s["segment_id"], []).append(s)
    segments = sorted(edition.tables.get("segments", []), key=lambda s: s["position"])
    headed = {s["section_id"] for s in segments if s["kind"] == "heading"}
    out, in_list, current, rendered = [], False, None, set()
    for segment in segments:
        sec = segment["section_id"]
        if in_list and (segment["kind"] != "bullet" or sec != current):
            out.append("</ul>")
            in_list = False
        if sec != current and (segment["kind"] == "heading" or sec not in headed):
            # a heading of its own, or one from the sections table (back matter has none in the text)
            section = sections.get(sec)
            level = min((section["level"] if section else 1) + 2, 6)
            text = _heading(section) if section else (segment["text"] if segment["kind"] == "heading" else sec)
            parent = (section or {}).get("parent_id") or ""
            where = _where(segment if segment["kind"] == "heading" else (section or segment))
            out.append(f'<h{level} id="section-{escape(sec)}" data-sec="{escape(sec)}" data-parent="{escape(parent)}">'
                       f'{escape(text)} <span class="loc">{where}</span></h{level}>')
            rendered.add(sec)
        current = sec
        if segment["kind"] == "heading":
            continue
        own = sorted(by_segment.get(segment["segment_id"], []), key=lambda s: s["ordinal"])
        inner = "".join(high.block(s["sentence_id"]) for s in own) or f'<p class="plain">{escape(segment["text"])}</p>'
        ident = escape(segment["segment_id"])
        loc = f'<a class="loc" href="{_href(segment["segment_id"])}" title="segment {ident}">{_where(segment)}</a>'
        attrs = f'id="{ident}" data-sec="{escape(sec)}"'
        if segment["kind"] == "bullet":
            if not in_list:
                out.append('<ul class="bullets">')
                in_list = True
            out.append(f'<li class="seg" {attrs}>{loc}{inner}</li>')
        else:
            out.append(f'<div class="seg para" {attrs}>{loc}{inner}</div>')
    if in_list:
        out.append("</ul>")
    return "\n".join(out), rendered


def _toc(edition: Folder, tables: list[str], specs: dict[str, ReportTable], rendered: set[str]) -> str:
    sections = [s for s in sorted(edition.tables.get("sections", []), key=lambda s: s["ordinal"])
                if s["section_id"] in rendered and s["level"] <= 2]
    items = []
    for section in sections:
        ident = escape(section["section_id"])
        cls = "l1" if section["level"] == 1 else "l2"
        items.append(f'<li class="{cls}"><a href="#section-{ident}" data-sec="{ident}">{escape(_heading(section))}</a></li>')
    rows = "".join(f'<li><a href="#summary-{escape(t)}">{escape(specs[t].title)} <small>{len(edition.tables[t])}</small></a></li>'
                   for t in tables)
    return (f'<nav id="toc" aria-label="Contents"><p><a href="#overview">Overview</a></p>'
            f'<p><a href="#summary">Summary tables</a></p><ul>{rows}</ul>'
            f'<p><a href="#text">Text</a></p><ul>{"".join(items)}</ul></nav>')


def _toggle(key: str, value: str, inner: str, cls: str = "tog", title: str = "") -> str:
    title = f' title="{escape(title)}"' if title else ""
    return (f'<button type="button" class="{cls}" data-key="{escape(key)}" data-value="{escape(value)}" '
            f'aria-pressed="false"{title}>{inner}</button>')


def _edition_filters(edition: Folder, extractors: list[Extractor], specs: dict[str, ReportTable],
                     by_status: dict[str, int], total: int) -> str:
    statuses = "".join(_toggle("status", s, f'{s} <small>{n}</small>', f"tog key {s}")
                       for s, n in by_status.items())
    chips = "".join(_toggle("tables", label, f'<span class="lab" style="background: {color}">{escape(label)}</span>',
                            "tog chip", f"sentences with a {label} highlight")
                    for label, color in colors(extractors).items())
    return (f'<div id="filters" class="filters" data-noun="sentences">'
            f'<span class="group"><span class="what">Status</span>{statuses}</span>'
            f'<span class="group"><span class="what">Highlights</span>{chips}</span>'
            f'<span class="group">{_name_select(edition, specs)}'
            f'<input type="search" placeholder="Search the text" aria-label="Search the text"></span>'
            f'<span class="group"><output>{total} of {total} sentences</output>'
            f'<button type="button" data-clear>Clear</button></span></div>')


def _name_select(edition: Folder, specs: dict[str, ReportTable]) -> str:
    """One choice per object or partner the text names, grouped by table (report tables first)."""
    counts: dict[str, dict[str, int]] = {}
    for m in edition.tables.get("mentions", []):
        table = counts.setdefault(m["table"], {})
        table[m["entity_id"]] = table.get(m["entity_id"], 0) + 1
    groups = []
    for table in sorted(counts, key=lambda t: (t not in specs, list(specs).index(t) if t in specs else 0, t)):
        names = {}
        if table in edition.tables:
            column = key_column(edition, table)
            for row in edition.tables[table]:
                names[_key(column, row)] = row.get("name")
        options = sorted(((names.get(k) or k, k, n) for k, n in counts[table].items()), key=lambda o: o[0].lower())
        title = specs[table].title if table in specs else table
        groups.append(f'<optgroup label="{escape(title)}">' + "".join(
            f'<option value="{escape(row_anchor(table, k))}">{escape(name)} ({n})</option>' for name, k, n in options)
            + "</optgroup>")
    return (f'<select name="names" aria-label="Sentences that name">'
            f'<option value="">Anyone or anything named</option>{"".join(groups)}</select>')


def _summary(edition: Folder, table: str, spec: ReportTable, label: str | None, position: dict[str, int]) -> str:
    rows = edition.tables[table]
    schema = edition_tables().get(table)
    docs = {f.name: (f.metadata or {}).get(b"doc", b"").decode() for f in schema} if schema else {}
    mentioned = {m["entity_id"] for m in edition.tables.get("mentions", []) if m["table"] == table}
    column_key = key_column(edition, table)
    head = "".join(f'<th title="{escape(docs.get(c, ""))}" aria-sort="none"><button type="button">{escape(name)}</button></th>'
                   for c, name in spec.columns)
    body = []
    for row in rows:
        key = _key(column_key, row)
        cells = []
        for column, _ in spec.columns:
            value = row.get(column)
            if column in ("evidence_sentence_id", "sentence_id") and value:
                cells.append(f'<td data-v="{position.get(value, 0)}"><a href="{_href(value)}">{escape(value)}</a></td>')
            elif column == "status":
                cells.append(f'<td><span class="badge {escape(str(value))}">{escape(str(value))}</span></td>')
            elif column == "name" and row.get("aliases"):
                cells.append(f'<td>{escape(value)}<br><small>{escape(", ".join(row["aliases"]))}</small></td>')
            elif column == "value" and row.get("unit"):
                cells.append(f'<td class="num" data-v="{value}">{escape(cell_text(value, thousands=True))} '
                             f'{escape(row["unit"])}</td>')
            elif column == "text" and "start" in row:  # the span itself, as written
                cells.append(f'<td><mark class="count">{escape(value)}</mark></td>')
            elif column == "mention_count" and key in mentioned:
                cells.append(f'<td class="num" data-v="{value}"><a href="#text" data-set="names={escape(row_anchor(table, key))}" '
                             f'title="show the sentences that name it">{escape(cell_text(value))}</a></td>')
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                cells.append(f'<td class="num" data-v="{value}">{escape(cell_text(value, thousands=True))}</td>')
            else:
                cells.append(f"<td>{escape(cell_text(value, thousands=True))}</td>")
        ident = f' id="{escape(row_anchor(table, key))}"' if key is not None else ""
        status = f' data-status="{escape(str(row["status"]))}"' if "status" in row else ""
        body.append(f'<tr{ident} data-fi=""{status}>{"".join(cells)}</tr>')
    n = len(rows)
    return (f'<section class="box" id="summary-{escape(table)}" data-box data-tables="{escape(label or "")}">'
            f'<h3>{escape(spec.title)} <small>{n} row{"s" if n != 1 else ""}</small></h3>'
            f'<table class="sortable" data-collapse="{COLLAPSE}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>{_more()}</section>')


def _more() -> str:
    return '<p class="more"><button type="button" data-more hidden>Show all</button></p>'


# ----- charts (inline SVG) -------------------------------------------------------------------

def _chapter_chart(edition: Folder) -> str:
    """Sentences per chapter by status, as stacked bars."""
    sections = {s["section_id"]: s for s in edition.tables.get("sections", [])}

    def chapter(section_id: str) -> str:
        seen = set()
        while section_id in sections and sections[section_id].get("parent_id") and section_id not in seen:
            seen.add(section_id)
            section_id = sections[section_id]["parent_id"]
        return section_id

    tally: dict[str, dict[str, int]] = {}
    for s in edition.tables.get("sentences", []):
        counts = tally.setdefault(chapter(s["section_id"]), {})
        counts[s["status"]] = counts.get(s["status"], 0) + 1
    order = sorted(tally, key=lambda c: sections[c]["ordinal"] if c in sections else 1 << 30)
    bars = [(_heading(sections[c]) if c in sections else c, f"#section-{c}", tally[c]) for c in order]
    return _bars("Sentences per chapter, planned and achieved", bars,
                 "How much of each chapter reports what was done, and how much announces plans.")


def _tables_chart(edition: Folder, tables: list[str], specs: dict[str, ReportTable]) -> str:
    """Rows per summary table, by status where the table has one."""
    bars = []
    for table in tables:
        rows = edition.tables[table]
        counts: dict[str, int] = {}
        for row in rows:
            status = row.get("status") if row.get("status") in STATUS_COLORS else "rows"
            counts[status] = counts.get(status, 0) + 1
        bars.append((specs[table].title, f"#summary-{table}", counts))
    return _bars("Rows per table, by status", bars, "What the edition names, and how much of it is reported done.")


def _bars(title: str, bars: list[tuple[str, str, dict[str, int]]], caption: str) -> str:
    label_w, bar_w, row_h, top = 196, 214, 24, 30
    width, height = label_w + bar_w + 56, top + row_h * len(bars) + 6
    peak = max((sum(c.values()) for _, _, c in bars), default=0) or 1
    keys = [*STATUS_COLORS, "rows"]
    colours = {**STATUS_COLORS, "rows": "#7c93b8"}
    out = [f'<figure class="chart"><figcaption><b>{escape(title)}</b><br><small>{escape(caption)}</small></figcaption>',
           f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'role="img" aria-label="{escape(title)}" font-size="12">']
    x = 0
    present = {k for _, _, c in bars for k in c}
    for key in [k for k in keys if k in present]:  # the legend
        name = key if key != "rows" else "no status"
        out.append(f'<rect x="{x}" y="6" width="10" height="10" fill="{colours[key]}"/>'
                   f'<text x="{x + 14}" y="15">{name}</text>')
        x += 24 + 7 * len(name)
    for i, (name, href, counts) in enumerate(bars):
        y = top + i * row_h
        short = name if len(name) <= 30 else name[:29].rstrip() + "…"
        total = sum(counts.values())
        detail = ", ".join(f"{counts[k]} {k}" for k in keys if counts.get(k))
        out.append(f'<a href="{escape(href)}"><title>{escape(name)}: {escape(detail)}</title>'
                   f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(short)}</text>')
        x = float(label_w)
        for key in keys:
            n = counts.get(key, 0)
            if not n:
                continue
            w = bar_w * n / peak
            out.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{colours[key]}"/>')
            if w >= 22:
                out.append(f'<text x="{x + w / 2:.1f}" y="{y + 16}" text-anchor="middle" class="in {key}">{n}</text>')
            x += w
        out.append(f'<text x="{x + 6:.1f}" y="{y + 16}" class="total">{total}</text></a>')
    out.append("</svg></figure>")
    return "".join(out)


# ----- the diff report -----------------------------------------------------------------------

def _ordered(values: Iterable[str], order: tuple[str, ...]) -> list[str]:
    present = set(values)
    return [v for v in order if v in present] + sorted(present - set(order))


def diff_report(old: Folder, new: Folder, result: dict[str, list[dict]], extractors: list[Extractor],
                links: dict[str, str] | None = None) -> str:
    """The diff report; `links` maps an edition id to its report's URL (relative to this one)."""
    links = links or {}
    hold = Highlighter(old, extractors, links.get(old.id, ""))
    hnew = Highlighter(new, extractors, links.get(new.id, ""))
    names = {**_names(old), **_names(new)}
    title = f"Diff {old.id} → {new.id}"
    subtitle = " → ".join(escape(e.title or e.id) for e in (old, new))
    plans = [p for p in result["plans"] if p.get("counted", True)]  # each commitment once
    outcomes = _ordered((p["outcome"] for p in plans), OUTCOME_ORDER)
    kinds = list(dict.fromkeys(p["kind"] for p in sorted(plans, key=lambda p: p["kind"])))
    plans = sorted(plans, key=lambda p: (outcomes.index(p["outcome"]), p["kind"], p["key"]))
    confident = any("confidence" in p for p in plans)
    confidences = _ordered((str(p.get("confidence")) for p in plans), CONFIDENCE_ORDER) if confident else []
    extra = [c for c in dict.fromkeys(k for p in plans for k in p) if c not in _PLAN_LAYOUT]
    counts = [c for c in result["changes"] if c["table"] == "counts"]
    others = [c for c in result["changes"] if c["table"] != "counts"]
    o, n = escape(old.id), escape(new.id)

    def evidence(high: Highlighter, sentence_id: str | None, missing: str, edition: Folder) -> str:
        if sentence_id and sentence_id in high.sentences:
            return high.block(sentence_id, anchor=False, link=links.get(edition.id))
        return f'<span class="none">{missing}</span>'

    plan_rows = []
    for p in plans:
        outcome = escape(p["outcome"])
        facts = "".join(f'<br><small title="{escape(_doc(DIFF_TABLES["plans"], c))}">{escape(c.replace("_", " "))} '
                        f'<b>{escape(_fact(p.get(c)))}</b></small>' for c in extra if p.get(c) is not None)
        confidence = f' data-confidence="{escape(str(p.get("confidence")))}"' if confident else ""
        plan_rows.append(
            f'<tr data-fi="n" data-outcome="{outcome}" data-kind="{escape(p["kind"])}"{confidence}>'
            f'<td><span class="outcome {outcome}">{outcome}</span>{facts}</td>'
            f'<td class="name"><small>{escape(p["kind"])}</small><br>{_plan_cell(p, names, links.get(old.id))}</td>'
            f'<td>{evidence(hold, p["old_evidence_id"], "—", old)}</td>'
            f'<td>{evidence(hnew, p["new_evidence_id"], "not mentioned", new)}</td></tr>')
    count_rows = []
    for c in counts:
        counted, subject, unit = (part if part != "-" else "" for part in c["key"].split("|"))
        about = " · ".join(escape(x) for x in (subject, unit) if x)
        count_rows.append(
            f'<tr><td class="name">{escape(counted)}{f"<br><small>{about}</small>" if about else ""}</td>'
            f'<td>{_delta(c)}</td><td>{evidence(hold, c["old_evidence_id"], "—", old)}</td>'
            f'<td>{evidence(hnew, c["new_evidence_id"], "—", new)}</td></tr>')
    other_rows = []
    for c in others:
        name = names.get(c["key"], "")
        other_rows.append(
            f'<tr><td class="name"><small>{escape(c["table"])}</small><br>{escape(c["key"])}'
            f'{f"<br><small>{escape(name)}</small>" if name and name != c["key"] else ""}</td>'
            f'<td>{_delta(c)}</td><td>{evidence(hold, c["old_evidence_id"], "—", old)}</td>'
            f'<td>{evidence(hnew, c["new_evidence_id"], "—", new)}</td></tr>')
    reports = " · ".join(f'<a href="{escape(links[e.id])}">{escape(e.id)} report</a>' for e in (old, new) if e.id in links)
    body = [
        f'<header><h1>{escape(title)}</h1><p class="facts">{subtitle} · {len(result["changes"])} changes · '
        f'{len(plans)} plans of {o}{" · " + reports if reports else ""}</p>',
        '<nav class="jump"><a href="#summary">Summary</a> <a href="#scorecard">Plan scorecard</a> '
        f'<a href="#counts">Changed counts <small>{len(counts)}</small></a> '
        f'<a href="#changes">Other changes <small>{len(others)}</small></a></nav>', _legend(extractors), "</header>",
        '<main class="wide">',
        _plan_summary(plans, outcomes, kinds, confidences),
        '<section id="scorecard"><h2>Plan scorecard</h2>',
        _diff_filters(outcomes, kinds, confidences, len(plans)),
        f'<p class="hint">A plan is something {o} said China will do (an object, a partner, a cooperation or a '
        f"planned sentence), scored against {n}: {escape(_doc(DIFF_TABLES['plans'], 'outcome'))}. "
        "Each sentence id opens the sentence in its edition’s report.</p>",
        _table(["Outcome", "Plan", f"{o} evidence", f"{n} evidence"], plan_rows, "scorecard", COLLAPSE_LONG),
        '</section><section id="counts"><h2>Changed counts</h2>',
        _table(["Counted", "Change", f"{o} evidence", f"{n} evidence"], count_rows, "changes", COLLAPSE_LONG),
        '</section><section id="changes"><h2>Other changes</h2>',
        _table(["Table and key", "Change", f"{o} evidence", f"{n} evidence"], other_rows, "changes", COLLAPSE_LONG),
        "</section></main>",
    ]
    return _page(title, "\n".join(body), "diff")


def _doc(schema, column: str) -> str:
    return (schema.field(column).metadata or {}).get(b"doc", b"").decode() if column in schema.names else ""


def _fact(value: Any) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}"
    return cell_text(value)


def _plan_summary(plans: list[dict], outcomes: list[str], kinds: list[str], confidences: list[str]) -> str:
    """Plans by outcome (badges that filter the scorecard) and a table of outcome by kind."""
    tally = {(p["kind"], p["outcome"]): 0 for p in plans}
    for p in plans:
        tally[(p["kind"], p["outcome"])] += 1
    by_outcome = {o: sum(1 for p in plans if p["outcome"] == o) for o in outcomes}
    badges = "".join(f'<a class="outcome {escape(o)}" href="#scorecard" data-set="outcome={escape(o)}">'
                     f'{by_outcome[o]} {escape(o)}</a>' for o in outcomes)
    head = "".join(f'<th class="num"><span class="outcome {escape(o)}">{escape(o)}</span></th>' for o in outcomes)
    rows = []
    for kind in kinds:
        cells = "".join(
            f'<td class="num"><a href="#scorecard" data-set="outcome={escape(o)} kind={escape(kind)}">{tally[(kind, o)]}</a></td>'
            if tally.get((kind, o)) else '<td class="num zero">0</td>' for o in outcomes)
        total = sum(tally.get((kind, o), 0) for o in outcomes)
        rows.append(f'<tr><th><a href="#scorecard" data-set="kind={escape(kind)}">{escape(kind)}</a></th>{cells}'
                    f'<td class="num"><b>{total}</b></td></tr>')
    totals = "".join(f'<td class="num"><b>{by_outcome[o]}</b></td>' for o in outcomes)
    rows.append(f'<tr class="total"><th>all kinds</th>{totals}<td class="num"><b>{len(plans)}</b></td></tr>')
    low = ""
    if confidences:
        n = sum(1 for p in plans if p.get("confidence") == "low")
        spread = ", ".join(f"{sum(1 for p in plans if str(p.get('confidence')) == c)} {escape(c)}" for c in confidences)
        low = (f'<p class="low"><a href="#scorecard" data-set="confidence=low"><b>{n}</b> low-confidence '
               f"match{'es' if n != 1 else ''}</a> to check by hand (confidence: {spread}).</p>")
    return (f'<section id="summary"><h2>Summary</h2><p class="score">{badges}</p>{low}'
            f'<table class="tally"><thead><tr><th>Plans by kind</th>{head}<th class="num">all</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>'
            '<p class="hint">Every number filters the scorecard below.</p></section>')


def _diff_filters(outcomes: list[str], kinds: list[str], confidences: list[str], total: int) -> str:
    groups = [("Outcome", "outcome", outcomes, "outcome"), ("Kind", "kind", kinds, "kindtag")]
    if confidences:
        groups.append(("Confidence", "confidence", confidences, "kindtag"))
    parts = []
    for title, key, values, cls in groups:
        buttons = "".join(_toggle(key, v, escape(v), f"tog {cls} {escape(v)}") for v in values)
        parts.append(f'<span class="group"><span class="what">{title}</span>{buttons}</span>')
    return (f'<div id="filters" class="filters" data-noun="plans">{"".join(parts)}'
            f'<span class="group"><input type="search" placeholder="Search plans" aria-label="Search plans"></span>'
            f'<span class="group"><output>{total} of {total} plans</output>'
            f'<button type="button" data-clear>Clear</button></span></div>')


def _names(edition: Folder) -> dict[str, str]:
    """Id -> name over every table whose rows have a name and an id column (`..._id` first)."""
    names = {}
    for rows in edition.tables.values():
        for row in rows:
            key = next((v for k, v in row.items() if k.endswith("_id") and k != "edition"), None)
            if key is not None and isinstance(row.get("name"), str):
                names.setdefault(key, row["name"])
    return names


def _plan_name(plan: dict, names: dict[str, str]) -> str:
    """A sentence plan by its id; an entity plan by its name, or its names (a link: partner × object)."""
    if plan["kind"] == "sentence":
        return plan["key"]
    return " × ".join(names.get(part, part) for part in plan["key"].split("|"))


def _plan_cell(plan: dict, names: dict[str, str], link: str | None) -> str:
    """The plan's name; a planned sentence's id links to it in the old edition's report."""
    name = escape(_plan_name(plan, names))
    if plan["kind"] == "sentence" and link is not None:
        return f'<a href="{escape(link)}{_href(plan["key"])}">{name}</a>'
    return name


def _delta(change: dict) -> str:
    """A change as a badge, then `field: old → new` when a field changed."""
    badge = f'<span class="change {escape(change["change"])}">{escape(change["change"])}</span>'
    if not change["field"]:
        return badge
    old, new = change["old"], change["new"]
    if change["table"] == "counts" and change["field"] == "value":
        old, new = _number(old), _number(new)
    return (f'{badge}<br><small>{escape(change["field"])}</small><br>'
            f'<del>{escape(old or "")}</del> → <ins>{escape(new or "")}</ins>')


def _number(value: str | None) -> str:
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return value or ""
    return "" if number is None else cell_text(number, thousands=True)


def _table(headers: Iterable[str], rows: list[str], cls: str, collapse: int) -> str:
    if not rows:
        return '<p class="none">None.</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    return (f'<table class="wide {cls}" data-collapse="{collapse}"><colgroup><col class="c1"><col class="c2">'
            f'<col><col></colgroup><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>{_more()}')


def _legend(extractors: list[Extractor]) -> str:
    statuses = "".join(f'<span class="sent {s} key">{s}</span>' for s in STATUSES)
    labels = "".join(f'<span class="chip" style="border-bottom-color: {color}">'
                     f'<span class="lab" style="background: {color}">{label}</span></span>'
                     for label, color in colors(extractors).items())
    return (f'<div class="legend"><span>Sentences:</span> {statuses} '
            f'<span>Highlights:</span> {labels}</div>')


# ----- the page ------------------------------------------------------------------------------

def _page(title: str, body: str, kind: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="whitepaper {escape(__version__)}">\n'
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body class=\"{kind}\">\n{body}\n"
            f'<footer>Written by whitepaper {escape(__version__)} from the extracted tables. '
            "Highlights drawn with spaCy displaCy’s span renderer.</footer>\n"
            f"<script>{SCRIPT}</script>\n</body>\n</html>\n")


# The page's one script: filters, sorting, "show all", and revealing a link's target. No
# network, no storage; the page reads in full without it.
SCRIPT = r"""
(() => {
"use strict";
const all = (sel, root) => Array.from((root || document).querySelectorAll(sel));
const bar = document.getElementById("filters");
const items = all("[data-fi]"), boxes = all("[data-box]"), tables = all("table[data-collapse]");
const search = bar && bar.querySelector("input[type=search]");
const choice = bar && bar.querySelector("select");
const words = new Map();
for (const el of items) {  // what a search reads: the text, without tags, ids and reasons
  let text = "";
  const walk = node => {
    for (const c of node.childNodes) {
      if (c.nodeType === 3) text += c.data;
      else if (c.nodeType === 1 && !c.matches(".lab, .sid, .why")) walk(c);
    }
  };
  walk(el);
  words.set(el, text.replace(/\u2060/g, "").replace(/\s+/g, " ").toLowerCase());
}
const parents = new Map(all("[data-parent]").map(h => [h.dataset.sec, h.dataset.parent]));
function wanted() {
  const want = {};
  if (!bar) return {want, q: ""};
  for (const b of all("button[data-key][aria-pressed=true]", bar)) {
    (want[b.dataset.key] = want[b.dataset.key] || new Set()).add(b.dataset.value);
  }
  if (choice && choice.value) want[choice.name] = new Set([choice.value]);
  return {want, q: search ? search.value.trim().replace(/\s+/g, " ").toLowerCase() : ""};
}
function passes(el, f, keys) {
  for (const k of keys) {
    const have = el.dataset[k];
    if (have !== undefined && !have.split(" ").some(v => f.want[k].has(v))) return false;
  }
  return true;
}
function apply() {
  const f = wanted(), keys = Object.keys(f.want), on = keys.length > 0 || f.q !== "";
  let shown = 0, total = 0;
  for (const el of items) {
    const ok = !on || (passes(el, f, keys) && (!f.q || words.get(el).includes(f.q)));
    el.classList.toggle("out", !ok);
    if (el.dataset.fi === "n") { total++; if (ok) shown++; }
  }
  for (const box of boxes) box.classList.toggle("out", on && !passes(box, f, keys.filter(k => k === "tables")));
  const open = new Set();
  for (const seg of all(".seg")) {
    const ok = !on || seg.querySelector(".sent:not(.out)") !== null;
    seg.classList.toggle("out", !ok);
    for (let s = seg.dataset.sec; ok && s && !open.has(s); s = parents.get(s)) open.add(s);
  }
  for (const h of all("[data-parent]")) h.classList.toggle("out", on && !open.has(h.dataset.sec));
  for (const a of all("#toc a[data-sec]")) a.classList.toggle("dim", on && !open.has(a.dataset.sec));
  for (const t of tables) fold(t);
  if (bar) bar.querySelector("output").textContent = `${shown} of ${total} ${bar.dataset.noun}`;
}
function fold(table) {
  const limit = Number(table.dataset.collapse), rows = all("tbody > tr", table).filter(r => !r.classList.contains("out"));
  const open = table.dataset.open === "1";
  rows.forEach((r, i) => r.classList.toggle("folded", !open && i >= limit));
  const more = table.parentElement.querySelector(":scope > .more > [data-more]");
  if (!more) return;
  more.hidden = rows.length <= limit;
  more.textContent = open ? `Show the first ${limit}` : `Show all ${rows.length}`;
}
function clear() {
  for (const b of all("button[data-key]", bar || document)) b.setAttribute("aria-pressed", "false");
  if (choice) choice.value = "";
  if (search) search.value = "";
}
function reveal() {
  let id = "";
  try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
  const el = id && document.getElementById(id);
  if (!el || el.offsetParent !== null) return;
  if (el.closest(".out")) clear();
  const table = el.closest("table[data-collapse]");
  if (table) table.dataset.open = "1";
  apply();
  el.scrollIntoView({block: "center"});
}
document.addEventListener("click", e => {
  const t = e.target.closest("button, a");
  if (!t) return;
  if (t.matches("button[data-key]")) {
    t.setAttribute("aria-pressed", t.getAttribute("aria-pressed") === "true" ? "false" : "true");
    apply();
  } else if (t.matches("[data-clear]")) {
    clear(); apply();
  } else if (t.matches("[data-set]")) {
    clear();
    for (const pair of t.dataset.set.split(" ")) {
      const [k, v] = pair.split("=");
      if (choice && choice.name === k) choice.value = v;
      for (const b of all("button[data-key]", bar || document)) {
        if (b.dataset.key === k && b.dataset.value === v) b.setAttribute("aria-pressed", "true");
      }
    }
    apply();
  } else if (t.matches("[data-more]")) {
    const table = t.closest(".more").previousElementSibling;
    table.dataset.open = table.dataset.open === "1" ? "" : "1";
    fold(table);
  } else if (t.matches("th > button")) {
    sort(t.parentElement);
  }
});
function sort(th) {
  const table = th.closest("table"), body = table.tBodies[0], col = th.cellIndex;
  const dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
  for (const other of th.parentElement.children) other.setAttribute("aria-sort", "none");
  th.setAttribute("aria-sort", dir);
  const key = r => { const c = r.cells[col]; return c.dataset.v !== undefined ? c.dataset.v : c.textContent.trim(); };
  const rows = Array.from(body.rows).map((r, i) => [key(r), i, r]);
  const num = rows.every(([k]) => k !== "" && !isNaN(Number(k)));
  rows.sort((a, b) => (num ? Number(a[0]) - Number(b[0]) : a[0].localeCompare(b[0], "en", {numeric: true})) || a[1] - b[1]);
  if (dir === "descending") rows.reverse();
  for (const [, , r] of rows) body.appendChild(r);
  fold(table);
}
if (search) search.addEventListener("input", apply);
if (choice) choice.addEventListener("change", apply);
window.addEventListener("hashchange", reveal);
apply();
reveal();
})();
"""

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
       "script-src 'sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode() + "'")


CSS = """
:root { --achieved: #2b9a66; --achieved-bg: #ecf8f1; --planned: #c98500; --planned-bg: #fff6e0;
        --neutral: #c8ccd2; --ink: #1d2329; --muted: #66707a; --line: #e3e6ea; --link: #1f5fbf; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.5 -apple-system, "Segoe UI", Roboto,
       "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif; }
header { padding: 1rem 2rem .7rem; border-bottom: 1px solid var(--line); background: #fafbfc; }
main { padding: 0 2rem 2rem; min-width: 0; }
h1 { margin: 0 0 .3rem; font-size: 1.6rem; }
h2 { margin: 1.4rem 0 .6rem; font-size: 1.35rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1.2rem; margin: 1.4rem 0 .5rem; }
h4 { font-size: 1.05rem; margin: 1.1rem 0 .4rem; }
h5, h6 { font-size: 1rem; margin: .9rem 0 .3rem; font-style: italic; }
a { color: var(--link); }
[id] { scroll-margin-top: 7rem; }
.out, .folded { display: none !important; }
.facts, .hint, footer { color: var(--muted); font-size: .9rem; margin: .2rem 0; }
footer { padding: 1rem 2rem; border-top: 1px solid var(--line); }
/* layout: a sticky table of contents beside the page */
.layout { display: grid; grid-template-columns: 15rem minmax(0, 1fr); }
#toc { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto; padding: .8rem .6rem 2rem 1.2rem;
       border-right: 1px solid var(--line); font-size: .84rem; line-height: 1.35; background: #fcfcfd; }
#toc p { margin: .7rem 0 .2rem; font-weight: 600; }
#toc ul { list-style: none; margin: 0; padding: 0; }
#toc li { margin: .18rem 0; }
#toc li.l2 { padding-left: .9rem; font-size: .8rem; }
#toc a { text-decoration: none; }
#toc a:hover { text-decoration: underline; }
#toc a.dim { color: #b3b9c0; }
#toc small { color: var(--muted); }
@media (max-width: 60rem) { .layout { display: block; } #toc { position: static; max-height: none; border: 0; } }
/* filters */
.filters { position: sticky; top: 0; z-index: 5; display: flex; flex-wrap: wrap; align-items: center; gap: .35rem 1.1rem;
           padding: .5rem 0; margin: 0 0 .4rem; background: #fff; border-bottom: 1px solid var(--line);
           font-size: .85rem; }
.filters .group { display: inline-flex; flex-wrap: wrap; align-items: center; gap: .3rem; }
.filters .what { color: var(--muted); margin-right: .1rem; }
.filters output { color: var(--muted); font-variant-numeric: tabular-nums; min-width: 9.5rem; }
.filters select, .filters input { font: inherit; padding: .15rem .3rem; border: 1px solid #c5cbd2; border-radius: 4px; }
.filters select { max-width: 15rem; }
.filters input { width: 12rem; }
button { font: inherit; cursor: pointer; }
.filters button, .more button { border: 1px solid #c5cbd2; background: #fff; border-radius: 4px; padding: .05rem .5rem; }
.tog[aria-pressed=true] { box-shadow: 0 0 0 2px var(--link); border-color: var(--link); }
.tog.key { border-left-width: 4px; }
.tog.achieved { border-left-color: var(--achieved); background: var(--achieved-bg); }
.tog.planned { border-left-color: var(--planned); background: var(--planned-bg); }
.tog.neutral { border-left-color: var(--neutral); }
.tog.chip { padding: .15rem .3rem; }
.tog.chip .lab { position: static; }
.tog small { color: var(--muted); }
.legend { font-size: .85rem; display: flex; flex-wrap: wrap; align-items: center; gap: .4rem .6rem; margin-top: .4rem; }
.legend > span { color: var(--muted); margin-right: .3rem; }
.legend .sent.key { display: inline-block; margin: 0; padding: .05rem .6rem; }
.chip { display: inline-block; border-bottom: 3px solid; padding-bottom: 4px; }
.chip .lab { position: static; }
/* charts */
.charts { display: flex; flex-wrap: wrap; gap: 1rem 2.5rem; }
.chart { margin: 0; }
.chart figcaption { font-size: .9rem; margin-bottom: .2rem; }
.chart figcaption small { color: var(--muted); }
.chart svg { max-width: 100%; height: auto; font-family: inherit; }
.chart text { fill: var(--ink); }
.chart text.in { fill: #fff; font-size: 11px; font-weight: 600; }
.chart text.in.neutral { fill: var(--ink); }
.chart text.total { fill: var(--muted); }
.chart a:hover text { text-decoration: underline; }
/* text: pages and lines in a gutter; sentences with their reasons */
#text { padding-left: 7.4rem; }
#text > h2, #text > .hint { margin-left: -7.4rem; }
.seg { position: relative; }
.loc { color: var(--muted); font-size: .72rem; font-weight: normal; font-style: normal; text-decoration: none;
       font-family: ui-monospace, "DejaVu Sans Mono", monospace; white-space: nowrap; }
a.loc { position: absolute; left: -7.4rem; width: 6.8rem; text-align: right; top: .35rem; }
.bullets a.loc { left: -8.8rem; }
h3 .loc, h4 .loc, h5 .loc, h6 .loc { margin-left: .6rem; }
.para, .bullets li { margin: 0 0 .7rem; }
.bullets { padding-left: 1.4rem; margin: 0 0 .7rem; }
.sent { border-left: 4px solid var(--neutral); padding: .1rem .6rem .1rem .7rem; margin: 2px 0;
        border-radius: 0 4px 4px 0; }
.sent.achieved { border-left-color: var(--achieved); background: var(--achieved-bg); }
.sent.planned { border-left: 4px dashed var(--planned); background: var(--planned-bg); }
.sent:target, tr:target { outline: 2px solid var(--link); outline-offset: 1px; background: #e6efff; }
.sent .words { line-height: 2.3; }
.sent .words.plain, table.wide .sent .words.plain { line-height: 1.6; }
.why { margin-left: .5rem; font-size: .74rem; color: var(--muted); white-space: normal; }
.why b { font-weight: 600; }
.why code { font-size: .95em; background: rgba(0, 0, 0, .05); padding: 0 .2em; border-radius: 2px; }
.sid { float: right; margin-left: .8rem; font-size: .72rem; color: var(--muted); text-decoration: none;
       line-height: 2.6; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
a.sid:hover { text-decoration: underline; }
/* displaCy spans (templates in pipeline/report.py) */
.ent { display: inline-block; position: relative; line-height: 1.35; white-space: nowrap; font-weight: 600; }
.ent.long { white-space: normal; height: auto !important; padding-bottom: 17px; }
.ent.long > .bar { top: auto !important; bottom: 14px; }
.bar { position: absolute; left: -1px; width: calc(100% + 2px); height: 3px; }
.bar.start { border-radius: 2px 0 0 2px; }
.lab { position: absolute; top: 3px; left: 0; z-index: 1; padding: 1px 3px; border-radius: 3px; color: #111;
       font-size: .62rem; font-weight: 700; line-height: 1; white-space: nowrap;
       box-shadow: 0 0 0 1px #fff; }  /* a label running under the next one stays readable as a tag */
.lab a { color: inherit; text-decoration: none; }
.lab a:hover { text-decoration: underline; }
mark.count { background: #ececec; color: inherit; padding: 0 .2em; border-radius: 3px; }
/* tables */
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(28rem, 1fr)); gap: 0 1.5rem; align-items: start; }
.box h3 small { color: var(--muted); font-weight: normal; font-size: .85rem; }
#summary-counts { grid-column: 1 / -1; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--line); }
th { background: #f3f5f7; font-weight: 600; }
th > button { border: 0; background: none; padding: 0; font-weight: 600; text-align: left; color: inherit; }
th[aria-sort=ascending] > button::after { content: " \\25b2"; font-size: .7em; }
th[aria-sort=descending] > button::after { content: " \\25bc"; font-size: .7em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td small { color: var(--muted); }
.more { margin: .3rem 0 .8rem; }
.badge, .outcome, .change { display: inline-block; padding: 0 .45em; border-radius: 3px; font-size: .8rem;
                            font-weight: 600; white-space: nowrap; background: #eceff3; color: #39424c; }
.badge.achieved { background: var(--achieved-bg); color: #1d6b47; border: 1px solid var(--achieved); }
.badge.planned { background: var(--planned-bg); color: #7a5200; border: 1px dashed var(--planned); }
.badge.neutral { background: #f1f2f4; color: var(--muted); border: 1px solid var(--neutral); }
/* the diff */
main.wide { max-width: none; }
nav.jump { margin: .4rem 0; font-size: .9rem; }
nav.jump a { margin-right: 1rem; }
nav.jump small { color: var(--muted); }
table.wide { table-layout: fixed; margin-bottom: .4rem; }
table.wide col.c1 { width: 10rem; }
table.wide col.c2 { width: 13rem; }
table.wide td { overflow-wrap: anywhere; }
table.wide td.name { overflow-wrap: break-word; hyphens: auto; }
table.wide .sent { margin: 0; font-size: .9rem; }
table.wide .sent .words { line-height: 2.1; }
del { color: #9b2323; } ins { color: #1d6b47; text-decoration: none; font-weight: 600; }
.outcome.fulfilled { background: #d9f2e4; color: #1d6b47; }
.outcome.in_progress { background: #e3ecfb; color: #1f4f99; }
.outcome.carried_over { background: #fdf0cc; color: #7a5200; }
.outcome.dropped { background: #fbe0e0; color: #9b2323; }
.outcome.not_mentioned { background: #f3e3f7; color: #6b2a7d; }
.tog.outcome { font-size: .85rem; border: 1px solid transparent; }
.score .outcome { font-size: 1rem; padding: .2rem .7rem; margin-right: .6rem; text-decoration: none; }
.score .outcome:hover { outline: 2px solid currentColor; }
table.tally { width: auto; min-width: 28rem; margin: .4rem 0; }
table.tally td.zero { color: #b3b9c0; }
table.tally tr.total th, table.tally tr.total td { border-top: 2px solid var(--line); }
.low { margin: .3rem 0; }
.change.added { background: #d9f2e4; color: #1d6b47; }
.change.removed { background: #fbe0e0; color: #9b2323; }
.change.changed, .change.renamed { background: #e3ecfb; color: #1f4f99; }
.none { color: var(--muted); font-style: italic; }
"""
