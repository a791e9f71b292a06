"""Compare two extracted editions: what is new, what vanished, what changed, and the plan
scorecard (`scorecard.py`).

Rows are keyed by stable ids, never by order: each extractor says how its tables compare
(`Extractor.diff_keys`, or its own `changes`); sections compare by their numbering id. Load,
compare and render stay separate (csv-diff's shape): `diff` makes the rows, `render` prints them.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from spacy.language import Language

from .compare import diff_keyed
from .extractors import Extractor, default_extractors
from .output import Folder, diff_path
from .rules import Rules
from .model import OUTCOMES
from .scorecard import plans
from .show import clip, md_cell

FORMATS = ("text", "json", "markdown", "csv")
_SIGN = {"added": "+", "removed": "-", "changed": "~", "renamed": "~"}


def diff_sections(old: list[dict], new: list[dict]) -> list[dict]:
    """Sections by numbering id: a title change under the same number is a rename."""
    out = diff_keyed("sections", old, new, "section_id", ("title",))
    return [{**c, "change": "renamed"} if c["change"] == "changed" else c for c in out]


def diff(old: Folder, new: Folder, rules: Rules, extractors: list[Extractor] | None = None,
         nlp: Language | None = None) -> dict[str, list[dict]]:
    """The `changes`, `plans` and `summary` rows of OLD -> NEW."""
    extractors = extractors if extractors is not None else default_extractors()
    changes: list[dict] = []
    for extractor in extractors:
        for table in extractor.tables:
            if table in old.tables or table in new.tables:
                changes += extractor.changes(table, old.tables.get(table, []), new.tables.get(table, []), rules)
    changes += diff_sections(old.tables.get("sections", []), new.tables.get("sections", []))
    plan_rows = plans(old, new, rules, extractors, nlp)
    summary: dict[tuple[str, str], int] = {}
    for c in changes:
        summary[(c["table"], c["change"])] = summary.get((c["table"], c["change"]), 0) + 1
    for p in plan_rows:
        if p["counted"]:
            key = (f"plans:{p['kind']}", p["outcome"])
            summary[key] = summary.get(key, 0) + 1
    return {
        "changes": changes,
        "plans": plan_rows,
        "summary": [{"table": t, "change": c, "rows": n} for (t, c), n in sorted(summary.items())],
    }


def write_diff(out: Path, old: Folder, new: Folder, result: dict[str, list[dict]]) -> Path:
    """OUT/diffs/OLD-NEW/: the changes, plans and summary tables, and a manifest that records
    both editions' source SHA-256 and pipeline versions (so a stale diff can be told)."""
    from . import __version__
    from .tables import diff_tables
    from .write import write_folder

    tables = diff_tables(result, old.id, new.id)
    sides = (("old", old), ("new", new))
    manifest = {
        "diff": {"old": old.id, "new": new.id,
                 **{f"{side}_source_sha256": (f.manifest.get("source") or {}).get("sha256") for side, f in sides},
                 **{f"{side}_pipeline": (f.manifest.get("pipeline") or {}).get("version") for side, f in sides}},
        "pipeline": {"name": "whitepaper", "version": __version__},
        "tables": {name: {"file": f"{name}.parquet", "rows": t.num_rows} for name, t in tables.items()},
    }
    target = diff_path(out, old.id, new.id)
    return write_folder(target.parent, target.name, tables, manifest, kind="diff")


def tally(result: dict[str, list[dict]]) -> dict[str, int]:
    """Counted plans per outcome (each commitment once)."""
    out = dict.fromkeys(OUTCOMES, 0)
    for p in result["plans"]:
        if p["counted"]:
            out[p["outcome"]] += 1
    return out


def select(result: dict[str, list[dict]], outcome: str | None = None) -> list[dict]:
    """The counted plans sorted by outcome (fulfilled, in_progress, not_mentioned, dropped,
    carried_over), then by their place in OLD; only `outcome` when given."""
    rows = [p for p in result["plans"] if p["counted"] and outcome in (None, p["outcome"])]
    order = {o: i for i, o in enumerate(OUTCOMES)}
    return sorted(rows, key=lambda p: order[p["outcome"]])


def render(result: dict[str, list[dict]], old_id: str, new_id: str, fmt: str, outcome: str | None = None,
           summary_only: bool = False, show_plans: bool | None = None) -> str:
    """The diff as text (for people), markdown, csv (the plans) or JSON (mirrors the tables).

    Counts come first; plans follow sorted by outcome. A self-diff (no changes) lists its plans
    only when asked (`show_plans` or `outcome`)."""
    if fmt == "json":
        return json.dumps({"old": old_id, "new": new_id, **result}, indent=2, ensure_ascii=False) + "\n"
    rows = select(result, outcome)
    if fmt == "csv":
        buffer = io.StringIO()
        columns = ["plan_id", "kind", "name", "outcome", "confidence", "score", "old_evidence_id", "new_evidence_id",
                   "reason", "old_evidence", "new_evidence"]
        writer = csv.DictWriter(buffer, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()
    counts = tally(result)
    low = sum(1 for p in result["plans"] if p["counted"] and p["confidence"] == "low")
    changes = result["changes"]
    head = (f"{old_id} -> {new_id}: " + (f"{len(changes)} changes" if changes else "no changes")
            + f"; {sum(counts.values())} plans: " + ", ".join(f"{n} {o}" for o, n in counts.items())
            + f" ({low} at low confidence)")
    listed = show_plans if show_plans is not None else (bool(changes) or outcome is not None)
    if fmt == "markdown":
        lines = [f"# Diff {md_cell(old_id)} → {md_cell(new_id)}", "", md_cell(head), ""]
        if summary_only:
            return "\n".join(lines)
        if changes:
            lines += ["## Changes", "", "| table | key | change | field | old | new |", "|---|---|---|---|---|---|"]
            lines += [f"| {_md(c['table'])} | {_md(c['key'])} | {_md(c['change'])} | {_md(c['field'])} | "
                      f"{_md(c['old'])} | {_md(c['new'])} |" for c in changes]
            lines.append("")
        if listed:
            lines += ["## Plans", "", f"| outcome | confidence | plan | {_md(old_id)} | {_md(new_id)} |",
                      "|---|---|---|---|---|"]
            lines += [f"| {p['outcome']} | {p['confidence']} | {_md(p['kind'] + ' ' + p['name'])} | "
                      f"{_md(p['old_evidence'])} | {_md(p['new_evidence'] or '')} |" for p in rows]
        return "\n".join(lines) + "\n"
    lines = [head]
    if summary_only:
        return "\n".join(lines) + "\n"
    if changes:
        lines.append("")
        for c in changes:
            detail = f" {c['field']}: {c['old']} -> {c['new']}" if c["field"] else (
                f" ({c['new']})" if c["change"] == "added" and c["new"] else "")
            lines.append(f"{_SIGN[c['change']]} {c['table']:<15} {c['key']}{detail}")
    if listed:
        current = None
        for p in rows:
            if p["outcome"] != current:
                current = p["outcome"]
                lines += ["", f"{current} ({sum(1 for r in rows if r['outcome'] == current)}):"]
            lines.append(f"  [{p['confidence']:<6} {p['score']:.2f}] {p['kind']:<8} {clip(p['name'], 70)}")
            lines.append(f"      {old_id} {p['old_evidence_id'] or '-'}: {_clip(p['old_evidence'])}")
            if p["new_evidence"]:
                lines.append(f"      {new_id} {p['new_evidence_id']}: {_clip(p['new_evidence'])}")
            elif p["candidate"]:
                lines.append(f"      nearest in {new_id} ({p['candidate_score']:.2f}): {_clip(p['candidate'])}")
            lines.append(f"      why: {_clip(p['reason'], 110)}")
    return "\n".join(lines) + "\n"


def _clip(text: str | None, width: int = 100) -> str:
    return clip(" ".join((text or "").split()), width)


def _md(text: Any) -> str:
    return md_cell(" ".join(str(text or "").split()))
