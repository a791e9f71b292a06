"""Compare two extracted editions: what is new, what vanished, what changed, which plans came true.

Rows are keyed by stable ids, never by order: each extractor says how its tables compare
(`Extractor.diff_keys`, or its own `changes`); sections compare by their numbering id. A plan
is a row that an extractor's `plans` names (an object or partner OLD mentions as planned and
never as achieved, a partner link likewise) or a planned sentence of OLD with enough content
words; a planned sentence matches the NEW sentence with the highest word overlap (at the
threshold of `compare.toml`), ties broken by the named objects they share; its outcome is that
sentence's status.
"""

from __future__ import annotations

import json

from .compare import content_words, diff_keyed, similarity
from .show import clip, md_cell
from .extractors import Extractor, PlanSource, default_extractors
from .output import Folder
from .rules import Rules
from .rules.compare import CompareRules


def diff_sections(old: list[dict], new: list[dict]) -> list[dict]:
    """Sections by numbering id: a title change under the same number is a rename."""
    out = diff_keyed("sections", old, new, "section_id", ("title",))
    return [{**c, "change": "renamed"} if c["change"] == "changed" else c for c in out]


def _outcome(statuses: set[str]) -> str:
    if "achieved" in statuses:
        return "fulfilled"
    return "carried_over" if statuses else "dropped"


def _source_of(row: dict, sources: list[PlanSource]) -> PlanSource | None:
    """The plan source a row belongs to (a mention by its `table`)."""
    return next((s for s in sources if not s.mention_tables or row.get("table") in s.mention_tables), None)


def plans(old: Folder, new: Folder, rules: Rules, extractors: list[Extractor]) -> list[dict]:
    """Every plan of OLD (object, partner, partner link, planned sentence) with its outcome in NEW."""
    words = rules.get(CompareRules)
    o_sent = {s["sentence_id"]: s for s in old.tables["sentences"]}
    n_sent = {s["sentence_id"]: s for s in new.tables["sentences"]}
    rows = []

    def add(key, kind, old_status, new_statuses, old_id, new_id):
        new_status = next((s for s in ("achieved", "planned", "neutral") if s in new_statuses), None)
        rows.append({
            "key": key, "kind": kind, "old_status": old_status, "new_status": new_status,
            "outcome": _outcome(new_statuses), "old_evidence_id": old_id, "new_evidence_id": new_id,
            "old_evidence": o_sent[old_id]["text"] if old_id in o_sent else None,
            "new_evidence": n_sent[new_id]["text"] if new_id in n_sent else None,
        })

    def by_key(rows_, key):
        out: dict[str, list[dict]] = {}
        for r in rows_:
            out.setdefault(key(r), []).append(r)
        return out

    sources: dict[str, list[PlanSource]] = {}
    for extractor in extractors:
        for table, source in extractor.plans.items():
            sources.setdefault(table, []).append(source)
    for table, here in sources.items():
        def keyed(rows: list[dict], here: list[PlanSource] = here) -> dict[str, list[dict]]:
            out: dict[str, list[dict]] = {}
            for row in rows:
                source = _source_of(row, here)
                if source is not None:
                    out.setdefault("|".join(str(row[c]) for c in source.columns), []).append(row)
            return out

        before, after = keyed(old.tables.get(table, [])), keyed(new.tables.get(table, []))
        for k in sorted(before):
            kind = _source_of(before[k][0], here).kind  # type: ignore[union-attr]
            planned = [m for m in before[k] if m["status"] == "planned"]
            if not planned or any(m["status"] == "achieved" for m in before[k]):
                continue  # a plan is something OLD promised and did not yet report done
            later = after.get(k, [])
            best = next((m for s in ("achieved", "planned", "neutral") for m in later if m["status"] == s), None)
            add(k, kind, "planned", {m["status"] for m in later}, planned[0]["sentence_id"],
                best["sentence_id"] if best else None)

    objects = by_key(new.tables.get("mentions", []), lambda m: m["sentence_id"])
    old_objects = by_key(old.tables.get("mentions", []), lambda m: m["sentence_id"])
    for sentence in old.tables["sentences"]:
        if sentence["status"] != "planned" or len(content_words(sentence["text"], words)) < words.min_words:
            continue  # "It will:" introduces a list; its bullets are the plans
        named = {m["entity_id"] for m in old_objects.get(sentence["sentence_id"], [])}
        best, rank = None, (words.threshold, -1)
        for other in new.tables["sentences"]:
            shared = len(named & {m["entity_id"] for m in objects.get(other["sentence_id"], [])})
            candidate = (similarity(sentence["text"], other["text"], words), shared)
            if candidate >= rank and (best is None or candidate > rank):
                best, rank = other, candidate
        found = best
        add(sentence["sentence_id"], "sentence", "planned", {found["status"]} if found else set(),
            sentence["sentence_id"], found["sentence_id"] if found else None)
    return rows


def diff(old: Folder, new: Folder, rules: Rules, extractors: list[Extractor] | None = None) -> dict[str, list[dict]]:
    """The `changes`, `plans` and `summary` rows of OLD -> NEW."""
    extractors = extractors if extractors is not None else default_extractors()
    changes: list[dict] = []
    for extractor in extractors:
        for table in extractor.tables:
            if table in old.tables or table in new.tables:
                changes += extractor.changes(table, old.tables.get(table, []), new.tables.get(table, []), rules)
    changes += diff_sections(old.tables.get("sections", []), new.tables.get("sections", []))
    plan_rows = plans(old, new, rules, extractors)
    summary: dict[tuple[str, str], int] = {}
    for c in changes:
        summary[(c["table"], c["change"])] = summary.get((c["table"], c["change"]), 0) + 1
    for p in plan_rows:
        summary[("plans", p["outcome"])] = summary.get(("plans", p["outcome"]), 0) + 1
    return {
        "changes": changes,
        "plans": plan_rows,
        "summary": [{"table": t, "change": c, "rows": n} for (t, c), n in sorted(summary.items())],
    }


_SIGN = {"added": "+", "removed": "-", "changed": "~", "renamed": "~"}


def render(result: dict[str, list[dict]], old_id: str, new_id: str, fmt: str) -> str:
    """The diff as text (for people), markdown (for reports) or JSON (mirrors the tables)."""
    if fmt == "json":
        return json.dumps({"old": old_id, "new": new_id, **result}, indent=2, ensure_ascii=False)
    outcomes = {s["change"]: s["rows"] for s in result["summary"] if s["table"] == "plans"}
    head = (f"{old_id} -> {new_id}: {len(result['changes'])} changes; plans: "
            + ", ".join(f"{outcomes.get(o, 0)} {o}" for o in ("fulfilled", "carried_over", "dropped")))
    if fmt == "markdown":
        lines = [f"# Diff {old_id} → {new_id}", "", head, "", "## Changes", "",
                 "| table | key | change | field | old | new |", "|---|---|---|---|---|---|"]
        lines += [f"| {c['table']} | {c['key']} | {c['change']} | {c['field'] or ''} | {_md(c['old'])} | {_md(c['new'])} |"
                  for c in result["changes"]]
        lines += ["", "## Plans", "", f"| key | kind | outcome | {old_id} | {new_id} |", "|---|---|---|---|---|"]
        lines += [f"| {p['key']} | {p['kind']} | {p['outcome']} | {_md(p['old_evidence'])} | {_md(p['new_evidence'])} |"
                  for p in result["plans"]]
        return "\n".join(lines) + "\n"
    lines = [head, ""]
    for c in result["changes"]:
        detail = f" {c['field']}: {c['old']} -> {c['new']}" if c["field"] else ""
        lines.append(f"{_SIGN[c['change']]} {c['table']:<15} {c['key']}{detail}")
    lines += ["", "plans:"]
    for p in result["plans"]:
        lines.append(f"  {p['outcome']:<12} {p['kind']:<12} {p['key']}")
        lines.append(f"      {old_id}: {_clip(p['old_evidence'])}")
        if p["new_evidence"]:
            lines.append(f"      {new_id}: {_clip(p['new_evidence'])}")
    return "\n".join(lines) + "\n"


def _clip(text: str | None, width: int = 90) -> str:
    return clip(" ".join((text or "").split()), width)


def _md(text: str | None) -> str:
    return md_cell(" ".join((text or "").split()))
