"""`whitepaper show`: an extracted edition's tables, for reading in a terminal or for piping.

Without a table name: every table's row count and its first three rows, key columns only.
With one: that table's rows, optionally only those of one status, or only some `--columns`.
`table` fits the rows to the terminal width (long cells end in "…"); `csv`, `json` and
`markdown` print every value in full. With a row id too: that row in full, its evidence
sentence, and why its status is what it is (the sentence's rule and trigger, and for a named
object or partner every mention with its sentence's).
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
import textwrap
from typing import Any

from .errors import InputError
from .extractors import default_extractors
from .output import Folder
from .schemas import DIFF_TABLES, edition_tables

FORMATS = ("table", "csv", "json", "markdown")
TOP = 3  # rows per table in the summary
GAP = "  "  # between columns of the `table` format
MIN_WIDTH = 10  # a column narrower than this says too little: `table` leaves columns out instead
KEY_WIDTH = 40  # ... and so does a key column (KEY_COLUMNS) narrower than this

_DOCUMENT_KEYS: dict[str, tuple[str, ...]] = {
    "sections": ("section_id", "title"),
    "segments": ("segment_id", "kind", "text"),
    "sentences": ("sentence_id", "status", "text"),
    "repairs": ("repair_id", "rule", "line", "before"),
    "mentions": ("mention_id", "table", "entity_id", "surface"),
    "changes": ("table", "key", "change", "field"),
    "plans": ("key", "kind", "outcome"),
    "summary": ("table", "change", "rows"),
}


def key_columns() -> dict[str, tuple[str, ...]]:
    """Key columns per table: the document tables' and every extractor's `show`."""
    keys = dict(_DOCUMENT_KEYS)
    for extractor in default_extractors():
        keys.update(extractor.show)
    return keys


def _schemas(edition: Folder) -> dict:
    return DIFF_TABLES if edition.kind == "diff" else edition_tables()


def table_names(edition: Folder) -> list[str]:
    """The folder's tables: those of pipeline/schemas.py in its order, then any others."""
    known = [name for name in _schemas(edition) if name in edition.tables]
    return known + sorted(set(edition.tables) - set(known))


def columns_of(edition: Folder, table: str) -> list[str]:
    schemas = _schemas(edition)
    if table in schemas:
        return list(schemas[table].names)
    rows = edition.tables[table]
    return list(rows[0]) if rows else []


def select(edition: Folder, table: str, status: str | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """The columns and rows of one table; only rows of `status` when given."""
    if table not in edition.tables:
        raise InputError(table, f"is not a table of edition {edition.id} (tables: {', '.join(table_names(edition))})")
    columns, rows = columns_of(edition, table), edition.tables[table]
    if status is not None:
        if "status" not in columns:
            with_status = [t for t in table_names(edition) if "status" in columns_of(edition, t)]
            raise InputError(table, f"has no status column to filter (tables with one: {', '.join(with_status)})")
        rows = [row for row in rows if row.get("status") == status]
    return columns, rows


def pick_columns(edition: Folder, table: str, spec: str) -> list[str]:
    """The columns named by `--columns a,b,c`, in that order; an unknown name is an error."""
    known = columns_of(edition, table)
    names = [c.strip() for c in spec.split(",") if c.strip()]
    if not names:
        raise InputError("--columns", "names no column (give them separated by commas)")
    for name in names:
        if name not in known:
            raise InputError("--columns", f"{name!r} is not a column of {table} (columns: {', '.join(known)})")
    return list(dict.fromkeys(names))


def show_table(edition: Folder, table: str, status: str | None, fmt: str, width: int,
               columns: list[str] | None = None) -> str:
    """One table as text in format `fmt` (`width` only matters for `table`); only `columns`
    when given (in the `table` format they are all kept, narrowed rather than left out)."""
    every, rows = select(edition, table, status)
    if fmt == "table":
        if columns:
            return render_table(columns, rows, width)
        shown = [c for c in every if c != "edition"]  # one edition per folder: the column says nothing
        shown, hidden = narrow(shown, rows, width, list(key_columns().get(table, ())))
        text = render_table(shown, rows, width)
        if hidden:
            text += clip(f"(not shown: {', '.join(hidden)}; widen the terminal or use --columns)", width) + "\n"
        return text
    return render(columns or every, rows, fmt)


# ----- one row, and why --------------------------------------------------------------------

# mention columns that place a mention; every other column says something about it (status,
# rule, and any a later version adds) and is shown beside it
_MENTION_PLACE = {"edition", "mention_id", "sentence_id", "segment_id", "section_id", "table", "entity_id",
                  "surface", "start", "end"}
_SENTENCE_REFS = ("evidence_sentence_id", "sentence_id")


def key_column(edition: Folder, table: str) -> str | None:
    """The column a row id names: the table's first `..._id` or `key` column."""
    return next((c for c in columns_of(edition, table) if c.endswith("_id") or c == "key"), None)


def find_rows(edition: Folder, table: str, row_id: str) -> tuple[str, list[dict[str, Any]]]:
    """The rows of `table` whose id is `row_id` (one, or several where the key repeats)."""
    select(edition, table)
    key = key_column(edition, table)
    if key is None:
        raise InputError(table, "has no id column; use --format csv and filter the rows")
    rows = [row for row in edition.tables[table] if cell_text(row.get(key)) == row_id]
    if not rows:
        ids = [cell_text(row.get(key)) for row in edition.tables[table]]
        near = difflib.get_close_matches(row_id, ids, n=3, cutoff=0.6) or ids[:3]
        raise InputError(row_id, f"no row of {table} in edition {edition.id} has this {key}"
                                 + (f" (did you mean {', '.join(near)}?)" if near else " (the table is empty)"))
    return key, rows


def reason(sentence: dict[str, Any]) -> str:
    """Why a sentence has its status, in words: its rule and trigger, an open scope, or a
    section default (see status_rule in pipeline/schemas.py)."""
    status, rule, trigger = sentence["status"], sentence.get("status_rule"), sentence.get("status_trigger")
    if not rule:
        return f"{status}: no trigger, no open scope and no section default"
    if rule == "scope":
        return f"{status} by the scope that sentence {trigger} opened"
    if rule.startswith("section:"):
        return f"{status} by the default of section {trigger} (rule {rule.split(':', 1)[1]})"
    return f"{status} by rule {rule}, trigger \u201c{trigger}\u201d" if trigger else f"{status} by rule {rule}"


def mention_facts(mention: dict[str, Any]) -> dict[str, Any]:
    """What a mention says besides where it is: its status and rule, and any columns added later."""
    return {k: v for k, v in mention.items() if k not in _MENTION_PLACE}


def explain(edition: Folder, table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row's evidence and why its status is what it is: the sentence it cites, the rule of its
    status column, and (for a row that mentions stand for) each mention with its sentence."""
    sentences = {s["sentence_id"]: s for s in edition.tables.get("sentences", [])}
    out: dict[str, Any] = {}
    if table == "sentences":
        out["sentence"] = {**row, "reason": reason(row)}
    else:
        ref = next((row[c] for c in _SENTENCE_REFS if row.get(c) in sentences), None)
        if ref is not None:
            out["sentence"] = {**sentences[ref], "reason": reason(sentences[ref])}
    schema = _schemas(edition).get(table)
    if "status" in row and schema is not None and "status" in schema.names:
        out["status_rule"] = (schema.field("status").metadata or {}).get(b"doc", b"").decode()
    key = key_column(edition, table)
    if table != "mentions" and key is not None:
        mentions = [m for m in edition.tables.get("mentions", [])
                    if m.get("table") == table and m.get("entity_id") == row.get(key)]
        if mentions:
            out["mentions"] = [{"mention_id": m["mention_id"], "surface": m["surface"], **mention_facts(m),
                                "sentence_status": sentences[m["sentence_id"]]["status"] if m["sentence_id"] in sentences else None,
                                "reason": reason(sentences[m["sentence_id"]]) if m["sentence_id"] in sentences else None}
                               for m in mentions]
    return out


def show_row(edition: Folder, table: str, row_id: str, fmt: str, width: int,
             columns: list[str] | None = None) -> str:
    """One row in full with its evidence and why (`table` and `json`), or as a table (`csv`, `markdown`)."""
    _, rows = find_rows(edition, table, row_id)
    columns = columns or columns_of(edition, table)
    if fmt in ("csv", "markdown"):
        return render(columns, rows, fmt)
    if fmt == "json":
        return _json([{"table": table, "row": {c: row.get(c) for c in columns}, **explain(edition, table, row)}
                      for row in rows])
    return "\n".join(_card(edition, table, row_id, row, columns, width) for row in rows)


def _card(edition: Folder, table: str, row_id: str, row: dict[str, Any], columns: list[str], width: int) -> str:
    width = max(width, 40)
    shown = [c for c in columns if c != "edition"] or columns
    pad = max(len(c) for c in shown) + 2
    lines = [clip(f"{table} {row_id} (edition {edition.id})", width), ""]
    for column in shown:
        value = cell_text(row.get(column))
        lines += _wrapped(value or "-", width, "  " + column.ljust(pad), " " * (pad + 2))
    why = explain(edition, table, row)
    sentences = {x["sentence_id"]: x for x in edition.tables.get("sentences", [])}
    if "sentence" in why:
        sentence = why["sentence"]
        if table == "sentences":
            lines += ["", clip(f"Why it is {sentence['status']}", width)]
        else:
            lines += ["", clip(f"Evidence: sentence {sentence['sentence_id']}", width)]
            lines += _wrapped(sentence["text"], width, "  ", "  ")
        lines += _wrapped(sentence["reason"], width, "  ", "    ")
        opener = sentences.get(sentence.get("status_trigger") or "") if sentence.get("status_rule") == "scope" else None
        if opener is not None:
            lines += _wrapped(f"{opener['sentence_id']}: \u201c{opener['text']}\u201d, {reason(opener)}",
                              width, "    ", "      ")
    if "status_rule" in why and table != "sentences":
        lines += ["", clip(f"Why {table} {row_id} is {row['status']}", width)]
        lines += _wrapped(f"{table}.status: {why['status_rule']}", width, "  ", "    ")
    if "mentions" in why:
        mentions = why["mentions"]
        lines.append(clip(f"  {len(mentions)} mention{'s' if len(mentions) != 1 else ''}:", width))
        for m in mentions:
            facts = ", ".join(f"{k} {cell_text(v)}" for k, v in mention_facts(m).items()
                              if k not in ("status", "sentence_status", "reason") and v is not None)
            said = f"{m.get('status')}" + (f" ({facts})" if facts else "")
            lines += _wrapped(f"{m['mention_id']} \u201c{m['surface']}\u201d: {said}; its sentence is {m['reason']}",
                              width, "    ", "      ")
        statuses = {m["status"] for m in mentions if m.get("status")}
        if row.get("status") and statuses and row["status"] not in statuses:
            lines += _wrapped(f"(no mention of its own is {row['status']}: the rule above counts other rows' "
                              "mentions too)", width, "    ", "     ")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _wrapped(text: str, width: int, first: str, rest: str) -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=rest,
                         break_long_words=True, break_on_hyphens=False) or [first.rstrip()]


def narrow(columns: list[str], rows: list[dict[str, Any]], width: int, keys: list[str]) -> tuple[list[str], list[str]]:
    """The columns worth showing in `width`: the rightmost non-key columns give way while any
    column would be cut below MIN_WIDTH or a key column below KEY_WIDTH."""
    natural = {c: max([len(c), *(len(cell_text(r.get(c))) for r in rows)]) for c in columns}
    shown = list(columns)

    def fits() -> bool:
        available = width - len(GAP) * (len(shown) - 1)
        if sum(min(natural[c], MIN_WIDTH) for c in shown) > available:
            return False
        if all(c in keys for c in shown):
            return True
        widths = dict(zip(shown, fit([natural[c] for c in shown], available)))
        return all(widths[c] >= min(natural[c], KEY_WIDTH) for c in shown if c in keys)

    while len(shown) > 1 and not fits():
        spare = [c for c in shown if c not in keys] or shown
        shown.remove(spare[-1])
    return shown, [c for c in columns if c not in shown]


def show_summary(edition: Folder, fmt: str, width: int) -> str:
    """Every table: its row count and first rows, key columns only."""
    names = table_names(edition)
    if fmt == "json":
        return _json({
            "edition": edition.id,
            "tables": {
                name: {"rows": len(edition.tables[name]), "columns": _keys(edition, name),
                       "top": [{c: row.get(c) for c in _keys(edition, name)} for row in edition.tables[name][:TOP]]}
                for name in names
            },
        })
    if fmt == "csv":
        return render(["table", "rows"], [{"table": n, "rows": len(edition.tables[n])} for n in names], "csv")
    if fmt == "markdown":
        parts = [f"# Edition {edition.id}", ""]
        for name in names:
            parts += [f"## {name} ({_rows(len(edition.tables[name]))})", ""]
            parts.append(render(_keys(edition, name), edition.tables[name][:TOP], "markdown"))
        return "\n".join(parts)
    lines = [clip(f"edition {edition.id}: {len(names)} tables", width)]
    for name in names:
        keys = _keys(edition, name)
        rows = edition.tables[name]
        lines.append(clip(f"{name}: {_rows(len(rows))}  [{', '.join(keys)}]", width))
        if rows[:TOP]:
            body = render_table(keys, rows[:TOP], width - 2, header=False)
            lines += ["  " + line for line in body.splitlines()]
    return "\n".join(lines) + "\n"


def _keys(edition: Folder, table: str) -> list[str]:
    columns = columns_of(edition, table)
    keys = [c for c in key_columns().get(table, ()) if c in columns]
    return keys or [c for c in columns if c != "edition"][:3]


def _rows(n: int) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"


# ----- formats -------------------------------------------------------------------------------

def render(columns: list[str], rows: list[dict[str, Any]], fmt: str) -> str:
    """Rows as `csv` (lists as JSON), `json` (a list of row objects) or `markdown` (a pipe table)."""
    if fmt == "json":
        return _json([{c: row.get(c) for c in columns} for row in rows])
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_csv_cell(row.get(c)) for c in columns] for row in rows)
        return buffer.getvalue()
    if fmt == "markdown":
        numeric = [_numeric(rows, c) for c in columns]
        lines = ["| " + " | ".join(md_cell(c) for c in columns) + " |",
                 "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]
        lines += ["| " + " | ".join(md_cell(cell_text(row.get(c))) for c in columns) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown format {fmt!r}")


def render_table(columns: list[str], rows: list[dict[str, Any]], width: int, header: bool = True) -> str:
    """Columns aligned and fitted to `width`: wide columns are cut with "…" until every line fits."""
    cells = [[cell_text(row.get(c)) for c in columns] for row in rows]
    natural = [max([len(c) if header else 0, *(len(r[i]) for r in cells)], default=0) for i, c in enumerate(columns)]
    natural = [max(n, 1) for n in natural]
    widths = fit(natural, max(width - len(GAP) * (len(columns) - 1), 0))
    numeric = [_numeric(rows, c) for c in columns]
    lines = []
    if header:
        lines.append(_line(columns, widths, [False] * len(columns)))
        lines.append(GAP.join("-" * w for w in widths))
    lines += [_line(r, widths, numeric) for r in cells]
    return "\n".join(clip(line.rstrip(), width) for line in lines) + "\n"


def fit(natural: list[int], available: int) -> list[int]:
    """Column widths summing to at most `available`: the widest columns give way first."""
    if sum(natural) <= available:
        return natural
    cap = 1
    lo, hi = 1, max(natural)
    while lo <= hi:  # the largest cap with sum(min(n, cap)) <= available
        mid = (lo + hi) // 2
        if sum(min(n, mid) for n in natural) <= available:
            cap, lo = mid, mid + 1
        else:
            hi = mid - 1
    widths = [min(n, cap) for n in natural]
    spare = available - sum(widths)
    for i, n in enumerate(natural):  # what the cap leaves over goes to the cut columns, left first
        extra = max(0, min(spare, n - widths[i]))
        widths[i] += extra
        spare -= extra
    return widths


def _line(cells: list[str], widths: list[int], right: list[bool]) -> str:
    out = []
    for cell, w, r in zip(cells, widths, right):
        cell = clip(cell, w)
        out.append(cell.rjust(w) if r else cell.ljust(w))
    return GAP.join(out)


def clip(text: str, width: int) -> str:
    """`text` cut to `width` characters, the last one an ellipsis when cut."""
    if len(text) <= width:
        return text
    return text[: width - 1] + "…" if width >= 1 else ""


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """Control characters (an escape sequence in a source file, say) as `\\x1b` text: printed
    raw they would move the cursor, retitle or recolour the user's terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


def cell_text(value: Any, thousands: bool = False) -> str:
    """A cell for people: lists joined by commas, 1731.0 as 1731 (or 1,731), no line breaks."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(cell_text(v, thousands) for v in value)
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}" if thousands else str(int(value))
    return " ".join(visible(str(value)).split())


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\|*`[]<>#"})


def md_cell(text: str) -> str:
    """A markdown table cell: pipes, emphasis, code, link and HTML syntax escaped."""
    return text.translate(_MD_SPECIAL)


def _numeric(rows: list[dict[str, Any]], column: str) -> bool:
    values = [row.get(column) for row in rows if row.get(column) is not None]
    return bool(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
