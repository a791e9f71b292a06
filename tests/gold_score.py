"""Score an extracted edition against a gold in the development set's format (spacecraft.json,
partners.json, counts.json; see tests/fixtures/editions-dev/README.md).

The matching is the shared scorer's (`/work/shared/tools/score.py`), read off its source so the
suite's figures are the ones reported: an entry is found when its name or an alias, normalised,
is a name or alias of a row; a count when a row has its value and its sentence holds half the gold sentence's words.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.model import OBJECT_TABLES


def norm(text: str) -> str:
    text = str(text).lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"^the\s+", "", text.strip())
    text = re.sub(r"[\s\-_/]+", " ", text)
    return re.sub(r"[^\w' ]", "", text).strip()


def _names(row: dict) -> set[str]:
    return {n for n in {norm(row.get("name", ""))} | {norm(a) for a in row.get("aliases") or []} if n}


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", str(text).lower()))


@dataclass
class Score:
    """One kind of entry on one edition: found (of gold), matched (of rows), right status."""
    found: int = 0
    gold: int = 0
    matched: int = 0
    rows: int = 0
    status: int = 0  # counts: right qualifier
    misses: list[str] = field(default_factory=list)

    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    def precision(self) -> float:
        return self.matched / self.rows if self.rows else 1.0

    def status_accuracy(self) -> float:
        return self.status / self.found if self.found else 1.0

    def line(self, kind: str) -> str:
        graded = "qualifier" if kind == "counts" else "status"
        return (f"{kind}: recall {self.recall():.3f} ({self.found}/{self.gold}) precision {self.precision():.3f} "
                f"({self.matched}/{self.rows}) {graded} {self.status_accuracy():.3f} ({self.status}/{self.found})")


def _named(gold: list[dict], rows: list[dict], default_status: str) -> Score:
    score = Score(gold=len(gold), rows=len(rows))
    names = [_names(row) for row in rows]
    matched: set[int] = set()
    for entry in gold:
        wanted = {norm(entry["name"])} | {norm(a) for a in entry.get("aliases", [])}
        hits = [i for i, found in enumerate(names) if found & wanted]
        if not hits:
            score.misses.append(f"missing: {entry['name']}")
            continue
        score.found += 1
        matched |= set(hits)
        got = rows[hits[0]]["status"]
        if got == entry.get("status", default_status):
            score.status += 1
        else:
            score.misses.append(f"status: {entry['name']}: gold {entry.get('status', default_status)}, got {got}")
    score.matched = len(matched)
    score.misses += [f"not in gold: {rows[i]['name']}" for i in range(len(rows)) if i not in matched]
    return score


def _counts(gold: list[dict], rows: list[dict], sentences: dict[str, str]) -> Score:
    score = Score(gold=len(gold), rows=len(rows))
    used: set[int] = set()
    for entry in gold:
        value, wanted = float(entry["value"]), _words(entry.get("sentence", ""))
        best = next((i for i, row in enumerate(rows) if i not in used and row["value"] is not None
                     and abs(float(row["value"]) - value) <= 1e-6 * max(1.0, abs(value))
                     and len(wanted & _words(sentences[row["sentence_id"]])) / max(1, len(wanted)) >= 0.5), None)
        if best is None:
            score.misses.append(f"missing: {entry['value']} {entry.get('counted')}")
            continue
        used.add(best)
        score.found += 1
        score.status += rows[best]["qualifier"] == entry.get("qualifier", "exact")  # counts: qualifier
    score.matched = len(used)
    score.misses += [f"not in gold: {rows[i]['value']} {rows[i]['counted']}" for i in range(len(rows)) if i not in used]
    return score


def score(rows: dict[str, list[dict]], gold: Path) -> dict[str, Score]:
    """Objects, partners and counts of one edition's rows against the gold folder."""
    def load(name: str) -> list[dict]:
        return json.loads((gold / f"{name}.json").read_text(encoding="utf-8"))

    return {
        "objects": _named(load("spacecraft"), [r for t in OBJECT_TABLES for r in rows[t]], "achieved"),
        "partners": _named(load("partners"), rows["partners"], "achieved"),
        "counts": _counts(load("counts"), rows["counts"], {s["sentence_id"]: s["text"] for s in rows["sentences"]}),
    }
