"""Compare two extracted editions: what is new, what vanished, what changed, which plans came true.

Rows are keyed by stable ids, never by order: entities and partners by id, partner links by
(partner, entity), sections by their numbering id, counts by what they count. Two counts match
when their subject and unit agree and their counted phrases share at least half of their
content words (Jaccard >= 0.5 after lower-casing, dropping stop words and plural endings); each
count pairs with at most one. A planned sentence of OLD (with at least three content words)
matches the NEW sentence with the highest word overlap (same measure, >= 0.5), ties broken by
the named objects they share; its outcome is that sentence's status. An entity or partner link
is a plan when OLD mentions it as planned and never as achieved.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from .editions import check_id
from .errors import InputError

ENTITY_FIELDS = ["name", "kind", "series", "status", "aliases"]
KEYED = {
    "missions": ("entity_id", ENTITY_FIELDS),
    "satellites": ("entity_id", ENTITY_FIELDS),
    "launch_vehicles": ("entity_id", ENTITY_FIELDS),
    "launch_sites": ("entity_id", ENTITY_FIELDS),
    "partners": ("partner_id", ["name", "type", "iso3", "status", "aliases", "contexts"]),
    "frameworks": ("framework_id", ["name"]),
}
_STOP = frozenset(
    "a an the of and or in on for to with by from at as its their this that these those is are was "
    "were be been has have had will would can it china china's chinese such other more all".split()
)
THRESHOLD = 0.5
MIN_WORDS = 3  # content words a planned sentence needs to be a plan of its own


@dataclass(frozen=True)
class Edition:
    id: str
    tables: dict[str, list[dict[str, Any]]]


def load(ref: str, output_root: Path) -> Edition:
    """An extracted edition: a folder with manifest.json, or an edition id under output_root."""
    folder = Path(ref)
    if not (folder / "manifest.json").exists():
        folder = output_root / ref
    manifest = folder / "manifest.json"
    if not manifest.exists():
        raise InputError(ref, f"is not an extracted edition (no manifest.json in {folder})")
    try:
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        tables = {
            name: pq.read_table(folder / info["file"]).to_pylist() for name, info in meta["tables"].items()
        }
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(folder, f"cannot be read as an extracted edition ({exc})") from None
    return Edition(check_id(meta["edition"]["id"], manifest), tables)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _words(text: str | None) -> set[str]:
    words = re.findall(r"[a-z0-9][a-z0-9'’-]*", (text or "").lower())
    return {_singular(w) for w in words if w not in _STOP}


def similarity(a: str | None, b: str | None) -> float:
    """Jaccard overlap of content words."""
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def _value(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, list):
        return json.dumps(sorted(v), ensure_ascii=False)
    return str(v)


def _change(table, key, change, field=None, old=None, new=None, old_id=None, new_id=None) -> dict:
    return {"table": table, "key": key, "change": change, "field": field, "old": _value(old),
            "new": _value(new), "old_evidence_id": old_id, "new_evidence_id": new_id}


def diff_keyed(table: str, old: list[dict], new: list[dict], key: str, fields: list[str]) -> list[dict]:
    before, after = {r[key]: r for r in old}, {r[key]: r for r in new}
    out = []
    for k in sorted(before.keys() | after.keys()):
        o, n = before.get(k), after.get(k)
        evidence = ((o or {}).get("evidence_sentence_id"), (n or {}).get("evidence_sentence_id"))
        if o is None:
            out.append(_change(table, k, "added", new_id=evidence[1]))
        elif n is None:
            out.append(_change(table, k, "removed", old_id=evidence[0]))
        else:
            for field in fields:
                if _value(o.get(field)) != _value(n.get(field)):
                    out.append(_change(table, k, "changed", field, o.get(field), n.get(field), *evidence))
    return out


def diff_links(old: list[dict], new: list[dict]) -> list[dict]:
    """Partner links by (partner, entity): status (achieved if any row is) and roles."""
    def fold(rows):
        out: dict[str, dict] = {}
        for r in rows:
            k = f"{r['partner_id']}|{r['entity_id']}"
            agg = out.setdefault(k, {"status": "planned", "roles": set(), "evidence_sentence_id": r["sentence_id"]})
            if r["status"] == "achieved":
                agg["status"] = "achieved"
            if r.get("role"):
                agg["roles"].add(r["role"])
        return [{"key": k, **v, "roles": sorted(v["roles"])} for k, v in out.items()]
    return diff_keyed("partner_links", fold(old), fold(new), "key", ["status", "roles"])


def diff_sections(old: list[dict], new: list[dict]) -> list[dict]:
    """Sections by numbering id: a title change under the same number is a rename."""
    out = diff_keyed("sections", old, new, "section_id", ["title"])
    return [{**c, "change": "renamed"} if c["change"] == "changed" else c for c in out]


def _count_key(row: dict) -> str:
    return f"{' '.join(sorted(_words(row['counted']))) or '-'}|{row['subject'] or '-'}|{row['unit'] or '-'}"


def diff_counts(old: list[dict], new: list[dict]) -> list[dict]:
    pairs = []
    for i, o in enumerate(old):
        for j, n in enumerate(new):
            if o["subject"] == n["subject"] and o["unit"] == n["unit"]:
                score = similarity(o["counted"], n["counted"]) if (o["counted"] or n["counted"]) else 1.0
                if score >= THRESHOLD:
                    pairs.append((-score, abs(o["value"] - n["value"]) / max(o["value"], n["value"], 1), i, j))
    used_old, used_new, out = set(), set(), []
    for _, _, i, j in sorted(pairs):
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        o, n = old[i], new[j]
        for field in ("value", "qualifier"):
            if o[field] != n[field]:
                out.append(_change("counts", _count_key(o), "changed", field, o[field], n[field],
                                   o["sentence_id"], n["sentence_id"]))
    out += [_change("counts", _count_key(o), "removed", old_id=o["sentence_id"]) for i, o in enumerate(old) if i not in used_old]
    out += [_change("counts", _count_key(n), "added", new_id=n["sentence_id"]) for j, n in enumerate(new) if j not in used_new]
    return sorted(out, key=lambda c: (c["key"], c["change"], c["field"] or ""))


def _outcome(statuses: set[str]) -> str:
    if "achieved" in statuses:
        return "fulfilled"
    return "carried_over" if statuses else "dropped"


def plans(old: Edition, new: Edition) -> list[dict]:
    """Every plan of OLD (entity, partner link, planned sentence) with its outcome in NEW."""
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

    for table, key in (("mentions", lambda m: m["entity_id"]),
                       ("partner_links", lambda m: f"{m['partner_id']}|{m['entity_id']}")):
        before, after = by_key(old.tables.get(table, []), key), by_key(new.tables.get(table, []), key)
        for k in sorted(before):
            kind = "partner_link" if table == "partner_links" else (
                "partner" if before[k][0]["table"] == "partners" else "entity")
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
        if sentence["status"] != "planned" or len(_words(sentence["text"])) < MIN_WORDS:
            continue  # "It will:" introduces a list; its bullets are the plans
        named = {m["entity_id"] for m in old_objects.get(sentence["sentence_id"], [])}
        best, rank = None, (THRESHOLD, -1)
        for other in new.tables["sentences"]:
            shared = len(named & {m["entity_id"] for m in objects.get(other["sentence_id"], [])})
            candidate = (similarity(sentence["text"], other["text"]), shared)
            if candidate >= rank and (best is None or candidate > rank):
                best, rank = other, candidate
        found = best
        add(sentence["sentence_id"], "sentence", "planned", {found["status"]} if found else set(),
            sentence["sentence_id"], found["sentence_id"] if found else None)
    return rows


def diff(old: Edition, new: Edition) -> dict[str, list[dict]]:
    """The `changes`, `plans` and `summary` rows of OLD -> NEW."""
    changes: list[dict] = []
    for table, (key, fields) in KEYED.items():
        if table in old.tables or table in new.tables:
            changes += diff_keyed(table, old.tables.get(table, []), new.tables.get(table, []), key, fields)
    changes += diff_links(old.tables.get("partner_links", []), new.tables.get("partner_links", []))
    changes += diff_counts(old.tables.get("counts", []), new.tables.get("counts", []))
    changes += diff_sections(old.tables.get("sections", []), new.tables.get("sections", []))
    plan_rows = plans(old, new)
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
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _md(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")
