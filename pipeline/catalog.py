"""The catalogue: one dataset across every edition, rebuilt from the extracted editions and
their diffs (not to be confused with the edition catalogue, `source/editions.toml`).

- `editions`: the editions in order (by year, then id), each with its year: the year of its
  metadata's `period_end`, else of `published`, else a four-digit year in its id.
- `object_timeline`: one row per space object and edition that names it, with per object the
  first edition that names it, that plans it (its status is planned, or it is named in a
  planned sentence: a promise made beside a report of some of it done), that reports it
  achieved (its status), and the years from the promise to the report.
- `plan_chains`: every plan followed across consecutive editions through the diffs' `plans`
  tables (2016 plan -> 2021 outcome -> 2026 outcome), one row per step. An object, partner or
  link is followed by its id; a planned sentence by the sentence of the next edition that the
  diff matched to it. A chain ends where the next diff has no such plan (it was fulfilled,
  dropped, or is no longer planned) or where the diff of the next pair was never run.
- `partner_timeline`: one row per partner and edition, with the objects linked to it.
- `count_series`: every count with what it counts, keyed by the counts' diff key, so a
  quantity is followed across editions ("launch mission|-|-").

Everything here is pure: rows in, rows out, in a fixed order; `schemas.CATALOG_TABLES` holds
the schemas.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError
from .extractors.counts import key as count_key
from .model import OBJECT_TABLES
from .output import Folder
from .rules.compare import CompareRules

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def edition_year(metadata: dict[str, Any], ident: str) -> tuple[int | None, str | None]:
    """An edition's year and where it came from: period_end, published, or the id."""
    for source, text in (("period_end", metadata.get("period_end")), ("published", metadata.get("published")),
                         ("id", ident)):
        found = _YEAR.findall(str(text)) if text else []
        if found:
            return int(found[0] if source != "id" else found[-1]), source
    return None, None


@dataclass(frozen=True)
class Catalog:
    """The catalogue's rows per table, and what it could not cover."""

    editions: list[Folder]  # in order
    rows: dict[str, list[dict[str, Any]]]
    missing_diffs: list[tuple[str, str]] = field(default_factory=list)  # consecutive pairs never diffed


def order(editions: list[Folder]) -> list[Folder]:
    """Editions by year (unknown last), then id; two folders holding one edition id are refused."""
    seen: dict[str, Folder] = {}
    for folder in editions:
        if folder.id in seen:
            raise InputError(folder.path, f"holds edition {folder.id!r}, as {seen[folder.id].path} does; "
                                          "keep one of them")
        seen[folder.id] = folder

    def rank(folder: Folder) -> tuple:
        year, _ = edition_year(folder.manifest.get("edition") or {}, folder.id)
        return (year is None, year or 0, folder.id)

    return sorted(editions, key=rank)


def build(editions: list[Folder], diffs: list[Folder], rules: CompareRules) -> Catalog:
    """Every catalogue table from the editions and diffs of one output root."""
    ordered = order(editions)
    years = {f.id: edition_year(f.manifest.get("edition") or {}, f.id) for f in ordered}
    by_pair = {(d.manifest["diff"]["old"], d.manifest["diff"]["new"]): d for d in diffs}
    pairs = list(zip([f.id for f in ordered], [f.id for f in ordered][1:]))
    missing = [p for p in pairs if p not in by_pair]
    rows = {
        "editions": _editions(ordered, years, by_pair),
        "object_timeline": _object_timeline(ordered, years),
        "plan_chains": _plan_chains(pairs, by_pair, years),
        "partner_timeline": _partner_timeline(ordered, years),
        "count_series": _count_series(ordered, years, rules),
    }
    return Catalog(ordered, rows, missing)


def _editions(ordered: list[Folder], years: dict, by_pair: dict) -> list[dict[str, Any]]:
    rows = []
    for i, folder in enumerate(ordered):
        meta = folder.manifest.get("edition") or {}
        source = folder.manifest.get("source") or {}
        previous = ordered[i - 1].id if i else None
        rows.append({
            "edition": folder.id, "ordinal": i + 1, "year": years[folder.id][0], "year_source": years[folder.id][1],
            "title": meta.get("title"), "published": meta.get("published"), "period_start": meta.get("period_start"),
            "period_end": meta.get("period_end"), "previous_edition": previous,
            "diff_from_previous": previous is not None and (previous, folder.id) in by_pair,
            "source_file": str(source.get("file") or meta.get("file") or ""), "source_sha256": source.get("sha256"),
            "pipeline_version": (folder.manifest.get("pipeline") or {}).get("version"),
        })
    return rows


def _object_timeline(ordered: list[Folder], years: dict) -> list[dict[str, Any]]:
    per_object: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for folder in ordered:
        by_status: dict[tuple[str, str], int] = defaultdict(int)
        for mention in folder.tables.get("mentions", []):
            if mention["table"] in OBJECT_TABLES:
                by_status[(mention["entity_id"], mention["status"])] += 1
        for table in OBJECT_TABLES:
            for row in folder.tables.get(table, []):
                per_object[row["entity_id"]].append({
                    "edition": folder.id, "year": years[folder.id][0], "entity_table": table,
                    "entity_id": row["entity_id"], "name": row["name"], "kind": row["kind"], "series": row["series"],
                    "status": row["status"], "stage": row.get("stage"), "mention_count": row["mention_count"],
                    "planned_mentions": by_status[(row["entity_id"], "planned")],
                    "achieved_mentions": by_status[(row["entity_id"], "achieved")],
                    "evidence_sentence_id": row["evidence_sentence_id"], "evidence": row["evidence"],
                })
    out = []
    for entity_id in sorted(per_object):
        here = per_object[entity_id]  # in edition order
        planned = next((r for r in here if r["status"] == "planned" or r["planned_mentions"]), None)
        achieved = next((r for r in here if r["status"] == "achieved"), None)
        gap = None
        if planned and achieved and here.index(planned) < here.index(achieved):  # promised before reported
            if planned["year"] is not None and achieved["year"] is not None:
                gap = achieved["year"] - planned["year"]
        summary = {
            "editions_named": len(here),
            "first_named_edition": here[0]["edition"], "first_named_year": here[0]["year"],
            "first_planned_edition": _get(planned, "edition"), "first_planned_year": _get(planned, "year"),
            "first_achieved_edition": _get(achieved, "edition"), "first_achieved_year": _get(achieved, "year"),
            "promise_to_report_years": gap,
        }
        out += [{**r, **summary} for r in here]
    return out


def _get(row: dict[str, Any] | None, name: str) -> Any:
    return row[name] if row is not None else None


def _next_key(plan: dict[str, Any]) -> str | None:
    """The key the same plan has in the next diff: its id, or for a sentence the sentence of
    the new edition that this diff matched."""
    return plan["new_evidence_id"] if plan["kind"] == "sentence" else plan["key"]


def _first_per_key(rows: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """(kind, key) -> the first plan with it; a sentence split into tasks ("S#1", "S#2") is also
    found by its sentence id, which is what the previous diff matched."""
    index: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        index.setdefault((row["kind"], row["key"]), row)
        if row["kind"] == "sentence":
            index.setdefault((row["kind"], row["key"].split("#")[0]), row)
    return index


def _plan_chains(pairs: list[tuple[str, str]], by_pair: dict[tuple[str, str], Folder],
                 years: dict) -> list[dict[str, Any]]:
    plans = [by_pair[p].tables["plans"] if p in by_pair else [] for p in pairs]
    index = [_first_per_key(rows) for rows in plans]
    continued: set[tuple[int, str, str]] = set()
    chains: list[list[tuple[int, dict[str, Any]]]] = []
    for start, rows in enumerate(plans):
        for plan in rows:
            if (start, plan["kind"], plan["key"]) in continued:
                continue
            chain, step, current = [(start, plan)], start + 1, plan
            while step < len(plans) and (key := _next_key(current)) is not None:
                following = index[step].get((current["kind"], key))
                if following is None:
                    break
                continued.add((step, following["kind"], following["key"]))
                chain.append((step, following))
                current, step = following, step + 1
            chains.append(chain)
    out = []
    for chain in chains:
        first_step, origin = chain[0]
        origin_edition = pairs[first_step][0]
        fulfilled = next((pairs[i][1] for i, p in chain if p["outcome"] == "fulfilled"), None)
        origin_year, fulfilled_year = years[origin_edition][0], years[fulfilled][0] if fulfilled else None
        last_step, last = chain[-1]
        for number, (i, plan) in enumerate(chain, start=1):
            old, new = pairs[i]
            out.append({
                "old_edition": old, "new_edition": new,
                "chain_id": f"{origin_edition}|{origin['kind']}|{origin['key']}", "step": number, "steps": len(chain),
                "kind": plan["kind"], "origin_edition": origin_edition, "origin_key": origin["key"], "key": plan["key"],
                "old_year": years[old][0], "new_year": years[new][0],
                "old_status": plan["old_status"], "new_status": plan["new_status"], "outcome": plan["outcome"],
                "old_evidence_id": plan["old_evidence_id"], "new_evidence_id": plan["new_evidence_id"],
                "old_evidence": plan["old_evidence"], "new_evidence": plan["new_evidence"],
                "final_edition": pairs[last_step][1], "final_outcome": last["outcome"],
                "fulfilled_edition": fulfilled,
                "years_to_fulfil": (fulfilled_year - origin_year
                                    if fulfilled_year is not None and origin_year is not None else None),
            })
    return out


def _partner_timeline(ordered: list[Folder], years: dict) -> list[dict[str, Any]]:
    per_partner: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for folder in ordered:
        linked: dict[str, set[str]] = defaultdict(set)
        for link in folder.tables.get("partner_links", []):
            linked[link["partner_id"]].add(link["entity_id"])
        for row in folder.tables.get("partners", []):
            per_partner[row["partner_id"]].append({
                "edition": folder.id, "year": years[folder.id][0], "partner_id": row["partner_id"],
                "name": row["name"], "type": row["type"], "iso3": row["iso3"], "status": row["status"],
                "mention_count": row["mention_count"], "joint_body_mentions": row["joint_body_mentions"],
                "contexts": row["contexts"], "linked_objects": sorted(linked.get(row["partner_id"], ())),
                "evidence_sentence_id": row["evidence_sentence_id"], "evidence": row["evidence"],
            })
    out = []
    for partner_id in sorted(per_partner):
        here = per_partner[partner_id]
        summary = {"editions_named": len(here), "first_edition": here[0]["edition"],
                   "last_edition": here[-1]["edition"], "in_every_edition": len(here) == len(ordered)}
        out += [{**r, **summary} for r in here]
    return out


_NO_KEY = "-|-|-"  # nothing known about what is counted ("1." of a numbered list): no series


def _count_series(ordered: list[Folder], years: dict, rules: CompareRules) -> list[dict[str, Any]]:
    per_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for folder in ordered:
        sentences = {s["sentence_id"]: s["text"] for s in folder.tables.get("sentences", [])}
        seen: dict[str, int] = defaultdict(int)
        for row in folder.tables.get("counts", []):
            series = count_key(row, rules)
            if series == _NO_KEY:
                continue
            seen[series] += 1
            per_key[series].append({
                "edition": folder.id, "year": years[folder.id][0], "series_key": series, "count_id": row["count_id"],
                **{c: row[c] for c in ("value", "qualifier", "unit", "counted", "subject", "period_text",
                                       "period_start", "period_end", "status", "text", "sentence_id")},
                "evidence": sentences.get(row["sentence_id"], ""), "ordinal": seen[series],
            })
    out = []
    for series in sorted(per_key):
        here = per_key[series]
        summary = {"editions_with_key": len({r["edition"] for r in here}), "first_edition": here[0]["edition"]}
        out += [{**r, **summary} for r in here]
    return out
