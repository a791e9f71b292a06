"""`whitepaper report`: one self-contained HTML file for an edition, or for the diff of two.

The edition report is the text by section, each sentence a block whose id is its sentence_id
and whose class is its status, with every mention and count highlighted by displaCy's span
renderer (manual input: the tokens are the sentence cut at the spans' edges); then summary
tables whose rows link to their evidence sentence. The diff report is the plan scorecard, the
changed counts and the other changes, with each side's evidence highlighted the same way.
The file needs no network, no script and no other file; the same tables give the same bytes.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

from . import __version__
from .diff import diff
from .extractors import Extractor, ReportTable, default_extractors
from .model import STATUSES
from .output import Folder, diff_path, read
from .rules import Rules
from .schemas import edition_tables
from .show import cell_text
from .write import write_file_atomically

OUTCOMES = ("fulfilled", "carried_over", "dropped")

# displaCy's span templates without the whitespace around each span (the text's own spacing
# is kept by the tokens) and with classes instead of most inline styles.
_TEMPLATE = {
    "span": '<span class="ent" style="height: {total_height}px">{text}{span_slices}{span_starts}</span>',
    "slice": '<span class="bar" style="background: {bg}; top: {top_offset}px"></span>',
    "start": ('<span class="bar start" style="background: {bg}; top: {top_offset}px">'
              '<span class="lab" title="{label}" style="background: {bg}">{label}{kb_link}</span></span>'),
}
_OFFSETS = {"top_offset": 22, "span_label_offset": 14, "top_offset_step": 14}


def colors(extractors: list[Extractor]) -> dict[str, str]:
    """Highlight label -> colour, from every extractor's `highlights`."""
    return {label: color for ex in extractors for label, color in ex.highlights.items()}
_GLUE = "\ue000"  # ends a token that the next one follows without a space; removed after rendering
_JOIN = "\u2060"  # word joiner: no line break between a span and the punctuation it touches


# ----- entry points --------------------------------------------------------------------------

def edition_report_file(ref: str, out: Path, target: Path | None = None) -> Path:
    """Write the report of one edition; the default file is report.html in its folder."""
    edition = read(ref, out)
    page = edition_report(edition, default_extractors())
    return write_file_atomically(target or edition.path / "report.html", page)


def diff_report_file(old_ref: str, new_ref: str, out: Path, rules: Rules, target: Path | None = None) -> Path:
    """Write the report of the diff OLD -> NEW; the default file is OUT/diffs/OLD-NEW/report.html."""
    old, new = read(old_ref, out), read(new_ref, out)
    extractors = default_extractors()
    page = diff_report(old, new, diff(old, new, rules, extractors), extractors)
    return write_file_atomically(target or diff_path(out, old.id, new.id) / "report.html", page)


# ----- highlighted sentences -----------------------------------------------------------------

class Highlighter:
    """Sentences of one edition as HTML, mentions and counts marked by displaCy's span renderer."""

    def __init__(self, edition: Folder, extractors: list[Extractor]) -> None:
        from spacy import displacy

        self._displacy = displacy
        self._options = {"colors": colors(extractors), "template": _TEMPLATE, **_OFFSETS}
        self.sentences = {s["sentence_id"]: s for s in edition.tables.get("sentences", [])}
        self._spans: dict[str, list[tuple[int, int, str]]] = {}
        for m in edition.tables.get("mentions", []):
            self._spans.setdefault(m["sentence_id"], []).append((m["start"], m["end"], m["table"]))
        for ex in extractors:
            for table, label in ex.span_tables.items():
                for row in edition.tables.get(table, []):
                    self._spans.setdefault(row["sentence_id"], []).append((row["start"], row["end"], label))

    def text(self, sentence_id: str) -> str:
        """The sentence's text with its spans, as markup (escaped by displaCy)."""
        sentence = self.sentences[sentence_id]
        text, base = sentence["text"], sentence["start"]
        spans = [(s - base, e - base, label) for s, e, label in self._spans.get(sentence_id, [])
                 if base <= s < e <= base + len(text)]
        if not spans:
            return escape(text, quote=False)
        return self._render(text, spans)

    def _render(self, text: str, spans: list[tuple[int, int, str]]) -> str:
        """displaCy's manual span input: the text cut at every span edge into tokens."""
        cuts = {0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)}
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
            "spans": [{"start_token": index[s], "end_token": index[e], "label": label} for s, e, label in spans],
        }
        markup = self._displacy.render(parsed, style="span", manual=True, page=False, jupyter=False,
                                       options=self._options)
        markup = markup.replace(_GLUE + " ", "").replace(_GLUE, "")
        return re.sub(r'^<div class="spans"[^>]*>\s*|\s*</div>\s*$', "", markup.strip())

    @staticmethod
    def _covered(a: int, b: int, spans: list[tuple[int, int, str]]) -> bool:
        return any(s <= a and b <= e for s, e, _ in spans)

    def block(self, sentence_id: str, anchor: bool = True) -> str:
        """A sentence as a block of its status class; with `anchor`, its id is the sentence_id."""
        sentence = self.sentences[sentence_id]
        status = sentence["status"]
        ident = f' id="{escape(sentence_id)}"' if anchor else ""
        link = f'<a class="sid" href="{_href(sentence_id)}">{escape(sentence_id)}</a>' if anchor else (
            f'<span class="sid">{escape(sentence_id)}</span>')
        return (f'<div class="sent {escape(status)}"{ident} title="{escape(status)}">{link}'
                f'<span class="words">{self.text(sentence_id)}</span></div>')


def _pairs(items: list[int]) -> list[tuple[int, int]]:
    return list(zip(items, items[1:]))


def _href(sentence_id: str) -> str:
    return "#" + escape(quote(sentence_id, safe="/.-_~:@!$'()*+,;="))


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
    facts.append(f"{len(sentences)} sentences: " + ", ".join(f"{n} {s}" for s, n in by_status.items()))
    tables = [t for t in specs if t in edition.tables]
    chapters = [s for s in edition.tables.get("sections", []) if s["level"] == 1]
    nav = ([f'<a href="#summary-{t}">{specs[t].title}</a>' for t in tables]
           + [f'<a href="#section-{escape(s["section_id"])}">{escape(_heading(s))}</a>' for s in chapters])
    body = [
        f"<header><h1>{escape(title)}</h1><p class=\"facts\">{' · '.join(facts)}</p>",
        f'<nav><span>Tables:</span> {" ".join(nav[:len(tables)])}<br><span>Text:</span> {" ".join(nav[len(tables):])}</nav>',
        _legend(extractors), "</header>",
        '<main><section id="summary"><h2>Summary tables</h2><p class="hint">Each row links to the first '
        "sentence that names it.</p>",
        '<div class="grid">', *(_summary(edition, t, specs[t]) for t in tables), "</div></section>",
        '<section id="text"><h2>Text</h2>', _text(edition, high), "</section></main>",
    ]
    return _page(title, "\n".join(body))


def _heading(section: dict) -> str:
    label = section["label"] if section["label"] not in ("", "-") else ""
    return f"{label} {section['title']}".strip()


def _text(edition: Folder, high: Highlighter) -> str:
    sections = {s["section_id"]: s for s in edition.tables.get("sections", [])}
    by_segment: dict[str, list[dict]] = {}
    for s in edition.tables.get("sentences", []):
        by_segment.setdefault(s["segment_id"], []).append(s)
    segments = sorted(edition.tables.get("segments", []), key=lambda s: s["position"])
    headed = {s["section_id"] for s in segments if s["kind"] == "heading"}
    out, in_list, current = [], False, None
    for segment in segments:
        if in_list and (segment["kind"] != "bullet" or segment["section_id"] != current):
            out.append("</ul>")
            in_list = False
        if segment["section_id"] != current and (segment["kind"] == "heading" or segment["section_id"] not in headed):
            # a heading of its own, or one from the sections table (back matter has none in the text)
            section = sections.get(segment["section_id"])
            level = min((section["level"] if section else 1) + 2, 6)
            text = _heading(section) if section else (
                segment["text"] if segment["kind"] == "heading" else segment["section_id"])
            out.append(f'<h{level} id="section-{escape(segment["section_id"])}">{escape(text)}</h{level}>')
        current = segment["section_id"]
        if segment["kind"] == "heading":
            continue
        own = sorted(by_segment.get(segment["segment_id"], []), key=lambda s: s["ordinal"])
        inner = "".join(high.block(s["sentence_id"]) for s in own) or f'<p class="plain">{escape(segment["text"])}</p>'
        if segment["kind"] == "bullet":
            if not in_list:
                out.append('<ul class="bullets">')
                in_list = True
            out.append(f"<li>{inner}</li>")
        else:
            out.append(f'<div class="para">{inner}</div>')
    if in_list:
        out.append("</ul>")
    return "\n".join(out)


def _summary(edition: Folder, table: str, spec: ReportTable) -> str:
    rows = edition.tables[table]
    columns = spec.columns
    schema = edition_tables().get(table)
    docs = {f.name: (f.metadata or {}).get(b"doc", b"").decode() for f in schema} if schema else {}
    head = "".join(f'<th title="{escape(docs.get(c, ""))}">{escape(label)}</th>' for c, label in columns)
    body = []
    for row in rows:
        cells = []
        for column, _ in columns:
            value = row.get(column)
            if column in ("evidence_sentence_id", "sentence_id") and value:
                cells.append(f'<td><a href="{_href(value)}">{escape(value)}</a></td>')
            elif column == "status":
                cells.append(f'<td><span class="badge {escape(str(value))}">{escape(str(value))}</span></td>')
            elif column == "name" and row.get("aliases"):
                cells.append(f'<td>{escape(value)}<br><small>{escape(", ".join(row["aliases"]))}</small></td>')
            elif column == "value" and row.get("unit"):
                cells.append(f'<td class="num">{escape(cell_text(value, thousands=True))} {escape(row["unit"])}</td>')
            elif column == "text" and "start" in row:  # the span itself, as written
                cells.append(f'<td><mark class="count">{escape(value)}</mark></td>')
            else:
                cls = ' class="num"' if isinstance(value, (int, float)) else ""
                cells.append(f"<td{cls}>{escape(cell_text(value, thousands=True))}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (f'<div class="box" id="summary-{table}"><h3>{spec.title} <small>{len(rows)}</small></h3>'
            f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
            "</div></div>")


def _legend(extractors: list[Extractor]) -> str:
    statuses = "".join(f'<span class="sent {s} key">{s}</span>' for s in STATUSES)
    labels = "".join(f'<span class="chip" style="border-bottom-color: {color}">'
                     f'<span class="lab" style="background: {color}">{label}</span></span>'
                     for label, color in colors(extractors).items())
    return (f'<div class="legend"><span>Sentences:</span> {statuses} '
            f'<span>Highlights:</span> {labels}</div>')


# ----- the diff report -----------------------------------------------------------------------

def diff_report(old: Folder, new: Folder, result: dict[str, list[dict]], extractors: list[Extractor]) -> str:
    hold, hnew = Highlighter(old, extractors), Highlighter(new, extractors)
    names = {**_names(old), **_names(new)}
    title = f"Diff {old.id} → {new.id}"
    subtitle = " → ".join(escape(e.title or e.id) for e in (old, new))
    plans = sorted(result["plans"], key=lambda p: (OUTCOMES.index(p["outcome"]), p["kind"], p["key"]))
    tally = {o: sum(1 for p in plans if p["outcome"] == o) for o in OUTCOMES}
    counts = [c for c in result["changes"] if c["table"] == "counts"]
    others = [c for c in result["changes"] if c["table"] != "counts"]
    score = "".join(f'<span class="outcome {o}">{tally[o]} {o}</span>' for o in OUTCOMES)

    def evidence(high: Highlighter, sentence_id: str | None, missing: str) -> str:
        if sentence_id and sentence_id in high.sentences:
            return high.block(sentence_id, anchor=False)
        return f'<span class="none">{missing}</span>'

    plan_rows = []
    for p in plans:
        plan_rows.append(
            f'<tr class="{p["outcome"]}"><td><span class="outcome {p["outcome"]}">{p["outcome"]}</span></td>'
            f'<td><small>{escape(p["kind"])}</small><br>{escape(_plan_name(p, names))}</td>'
            f'<td>{evidence(hold, p["old_evidence_id"], "—")}</td>'
            f'<td>{evidence(hnew, p["new_evidence_id"], "not mentioned")}</td></tr>')
    count_rows = []
    for c in counts:
        counted, subject, unit = (part if part != "-" else "" for part in c["key"].split("|"))
        about = " · ".join(escape(x) for x in (subject, unit) if x)
        count_rows.append(
            f'<tr><td>{escape(counted)}{f"<br><small>{about}</small>" if about else ""}</td>'
            f'<td>{_delta(c)}</td>'
            f'<td>{evidence(hold, c["old_evidence_id"], "—")}</td><td>{evidence(hnew, c["new_evidence_id"], "—")}</td></tr>')
    other_rows = []
    for c in others:
        name = names.get(c["key"], "")
        other_rows.append(
            f'<tr><td><small>{escape(c["table"])}</small><br>{escape(c["key"])}'
            f'{f"<br><small>{escape(name)}</small>" if name and name != c["key"] else ""}</td>'
            f'<td>{_delta(c)}</td>'
            f'<td>{evidence(hold, c["old_evidence_id"], "—")}</td><td>{evidence(hnew, c["new_evidence_id"], "—")}</td></tr>')
    o, n = escape(old.id), escape(new.id)
    body = [
        f'<header><h1>{escape(title)}</h1><p class="facts">{subtitle} · {len(result["changes"])} changes · '
        f"{len(plans)} plans of {o}</p>",
        '<nav><a href="#scorecard">Plan scorecard</a> <a href="#counts">Changed counts</a> '
        '<a href="#changes">Other changes</a></nav>', _legend(extractors), "</header><main>",
        f'<section id="scorecard"><h2>Plan scorecard</h2><p class="score">{score}</p>'
        f"<p class=\"hint\">A plan is something {o} said China will do (an object, a partner, a cooperation or a "
        f"planned sentence): fulfilled when {n} reports it achieved, carried_over when {n} still mentions it "
        "without reporting it done, dropped when it is gone.</p>",
        _table(["Outcome", "Plan", f"{o} evidence", f"{n} evidence"], plan_rows, "scorecard wide"),
        '</section><section id="counts"><h2>Changed counts</h2>',
        _table(["Counted", "Change", f"{o} evidence", f"{n} evidence"], count_rows, "wide"),
        '</section><section id="changes"><h2>Other changes</h2>',
        _table(["Table and key", "Change", f"{o} evidence", f"{n} evidence"], other_rows, "wide"),
        "</section></main>",
    ]
    return _page(title, "\n".join(body))


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
    if plan["kind"] == "partner_link":
        partner, entity = plan["key"].split("|", 1)
        return f"{names.get(partner, partner)} × {names.get(entity, entity)}"
    if plan["kind"] == "sentence":
        return plan["key"]
    return names.get(plan["key"], plan["key"])


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


def _table(headers: Iterable[str], rows: list[str], cls: str) -> str:
    if not rows:
        return '<p class="none">None.</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    return (f'<div class="wrap"><table class="{cls}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


# ----- the page ------------------------------------------------------------------------------

def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="whitepaper {escape(__version__)}">\n'
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
            f'<footer>Written by whitepaper {escape(__version__)} from the extracted tables. '
            "Highlights drawn with spaCy displaCy’s span renderer.</footer>\n</body>\n</html>\n")


CSS = """
:root { --achieved: #2b9a66; --achieved-bg: #ecf8f1; --planned: #c98500; --planned-bg: #fff6e0;
        --neutral: #c8ccd2; --ink: #1d2329; --muted: #66707a; --line: #e3e6ea; --link: #1f5fbf; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.5 -apple-system, "Segoe UI", Roboto,
       "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif; }
header { padding: 1.2rem 2rem .8rem; border-bottom: 1px solid var(--line); background: #fafbfc; }
main { padding: 0 2rem 2rem; max-width: 80rem; }
h1 { margin: 0 0 .3rem; font-size: 1.6rem; }
h2 { margin: 1.6rem 0 .6rem; font-size: 1.35rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1.2rem; margin: 1.4rem 0 .5rem; }
h4 { font-size: 1.05rem; margin: 1.1rem 0 .4rem; }
h5, h6 { font-size: 1rem; margin: .9rem 0 .3rem; font-style: italic; }
a { color: var(--link); }
.facts, .hint, footer { color: var(--muted); font-size: .9rem; margin: .2rem 0; }
footer { padding: 1rem 2rem; border-top: 1px solid var(--line); }
nav { margin: .5rem 0; font-size: .9rem; line-height: 1.8; }
nav span, .legend > span { color: var(--muted); margin-right: .3rem; }
nav a { margin-right: .8rem; white-space: nowrap; }
.legend { font-size: .85rem; display: flex; flex-wrap: wrap; align-items: center; gap: .4rem .6rem; }
.legend .sent.key { display: inline-block; margin: 0; padding: .05rem .6rem; }
.chip { display: inline-block; border-bottom: 3px solid; padding-bottom: 4px; }
.chip .lab { position: static; }
/* sentences */
.para, .bullets li { margin: 0 0 .7rem; }
.bullets { padding-left: 1.4rem; margin: 0 0 .7rem; }
.sent { border-left: 4px solid var(--neutral); padding: .1rem .6rem .1rem .7rem; margin: 2px 0;
        border-radius: 0 4px 4px 0; }
.sent.achieved { border-left-color: var(--achieved); background: var(--achieved-bg); }
.sent.planned { border-left: 4px dashed var(--planned); background: var(--planned-bg); }
.sent:target { outline: 2px solid var(--link); outline-offset: 1px; background: #e6efff; }
.sent .words { line-height: 2.3; }
.sid { float: right; margin-left: .8rem; font-size: .72rem; color: var(--muted); text-decoration: none;
       line-height: 2.6; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
/* displaCy spans (templates in pipeline/report.py) */
.ent { display: inline-block; position: relative; line-height: 1.35; white-space: nowrap; font-weight: 600; }
.bar { position: absolute; left: -1px; width: calc(100% + 2px); height: 3px; }
.bar.start { border-radius: 2px 0 0 2px; }
.lab { position: absolute; top: 3px; left: 0; z-index: 1; padding: 1px 3px; border-radius: 3px; color: #111;
       font-size: .62rem; font-weight: 700; line-height: 1; white-space: nowrap;
       box-shadow: 0 0 0 1px #fff; }  /* a label running under the next one stays readable as a tag */
mark.count { background: #ececec; color: inherit; padding: 0 .2em; border-radius: 3px; }
/* tables */
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(34rem, 1fr)); gap: 0 1.5rem; }
.box h3 small { color: var(--muted); font-weight: normal; }
#summary-counts { grid-column: 1 / -1; }
.scroll { max-height: 18rem; overflow: auto; border: 1px solid var(--line); border-radius: 4px; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--line); }
th { background: #f3f5f7; position: sticky; top: 0; z-index: 2; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td small { color: var(--muted); }
.badge, .outcome, .change { display: inline-block; padding: 0 .45em; border-radius: 3px; font-size: .8rem;
                            font-weight: 600; white-space: nowrap; }
.badge.achieved { background: var(--achieved-bg); color: #1d6b47; border: 1px solid var(--achieved); }
.badge.planned { background: var(--planned-bg); color: #7a5200; border: 1px dashed var(--planned); }
.badge.neutral { background: #f1f2f4; color: var(--muted); border: 1px solid var(--neutral); }
table.wide { margin-bottom: 1rem; }
.wrap { overflow-x: auto; }
table.wide td:nth-last-child(-n+2) { width: 38%; }
del { color: #9b2323; } ins { color: #1d6b47; text-decoration: none; font-weight: 600; }
table.wide .sent { margin: 0; font-size: .92rem; }
.outcome.fulfilled { background: #d9f2e4; color: #1d6b47; }
.outcome.carried_over { background: #fdf0cc; color: #7a5200; }
.outcome.dropped { background: #fbe0e0; color: #9b2323; }
.score .outcome { font-size: 1rem; padding: .2rem .7rem; margin-right: .6rem; }
.change.added { background: #d9f2e4; color: #1d6b47; }
.change.removed { background: #fbe0e0; color: #9b2323; }
.change.changed, .change.renamed { background: #e3ecfb; color: #1f4f99; }
.none { color: var(--muted); font-style: italic; }
"""
