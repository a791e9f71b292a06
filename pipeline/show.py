"""`whitepaper show`: an extracted edition's tables, for reading in a terminal or for piping.

Without a table name: every table's row count and its first three rows, key columns only.
With one: that table's rows, optionally only those of one status. `table` fits the rows to the
terminal width (long cells end in "…"); `csv`, `json` and `markdown` print every value in full.
"""

from __future__ import annotations

import csv
import io
import json
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


def show_table(edition: Folder, table: str, status: str | None, fmt: str, width: int) -> str:
    """One table as text in format `fmt` (`width` only matters for `table`)."""
    columns, rows = select(edition, table, status)
    if fmt == "table":
        shown = [c for c in columns if c != "edition"]  # one edition per folder: the column says nothing
        shown, hidden = narrow(shown, rows, width, list(key_columns().get(table, ())))
        text = render_table(shown, rows, width)
        if hidden:
            text += clip(f"(not shown: {', '.join(hidden)}; widen the terminal or use --format csv)", width) + "\n"
        return text
    return render(columns, rows, fmt)


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


def cell_text(value: Any, thousands: bool = False) -> str:
    """A cell for people: lists joined by commas, 1731.0 as 1731 (or 1,731), no line breaks."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(cell_text(v, thousands) for v in value)
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}" if thousands else str(int(value))
    return " ".join(str(value).split())


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\|*_`[]<>#"})


def md_cell(text: str) -> str:
    """A markdown table cell: pipes, emphasis, code, link and HTML syntax escaped."""
    return text.translate(_MD_SPECIAL)


def _numeric(rows: list[dict[str, Any]], column: str) -> bool:
    values = [row.get(column) for row in rows if row.get(column) is not None]
    return bool(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
