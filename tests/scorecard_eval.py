"""Scoring the plan scorecard against an evaluation set's gold (tests/fixtures/eval/<set>/gold.jsonl).

Each gold row grades one plan of OLD by reading: a sentence id or "object:<id>", and its
outcome in NEW. A plan the tool split into tasks is graded by its tasks together: fulfilled
when all are, else the first of in_progress, carried_over, not_mentioned, dropped present.
Run as `python -m tests.scorecard_eval OLD_FOLDER NEW_FOLDER GOLD` to print the figures.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from pipeline.editions import Edition
from pipeline.model import OUTCOMES
from pipeline.rules import Rules
from pipeline.run import extract_edition
from pipeline.write import write_folder

EVAL = Path(__file__).resolve().parent / "fixtures" / "eval"  # one folder per set: edition.txt, gold.jsonl
EDITION_2021 = Path(__file__).resolve().parent.parent / "source" / "cn-space-2021.txt"
PAIRS = {"2026a": ("2021", "2026a"), "2026b": ("2021", "2026b"), "2016s": ("2016s", "2021"),
         "2026c": ("2021", "2026c"), "2016t": ("2016t", "2021"), "2016u": ("2016u", "2021")}  # set -> (OLD, NEW) edition ids


@dataclass
class Score:
    total: int = 0
    right: int = 0
    by_outcome: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    confusion: Counter = field(default_factory=Counter)
    false_fulfilled: list[str] = field(default_factory=list)
    reworded_missed_high: list[str] = field(default_factory=list)
    wrong: list[tuple[str, str, str, str]] = field(default_factory=list)  # plan, gold, tool, reason

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    def lines(self) -> list[str]:
        out = [f"accuracy {self.accuracy:.3f} ({self.right}/{self.total})"]
        for outcome in OUTCOMES:
            r, n = self.by_outcome.get(outcome, [0, 0])
            if n:
                out.append(f"  {outcome:<14} {r}/{n} = {r / n:.2f}")
        for kind, (r, n) in sorted(self.by_kind.items()):
            out.append(f"  kind {kind:<9} {r}/{n} = {r / n:.2f}")
        out.append(f"  false fulfilled: {len(self.false_fulfilled)} {self.false_fulfilled}")
        out.append(f"  reworded fulfilled -> not_mentioned at high confidence: {self.reworded_missed_high}")
        return out


def _combined(outcomes: list[str]) -> str:
    if all(o == "fulfilled" for o in outcomes):
        return "fulfilled"
    if any(o in ("fulfilled", "in_progress") for o in outcomes):
        return "in_progress"
    return next(o for o in ("carried_over", "not_mentioned", "dropped") if o in outcomes)


def normalized(text: str) -> str:
    """A sentence as gold and tool texts are compared: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def score(plans: list[dict], gold_path: Path) -> Score:
    """Gold rows are found by sentence id ("II.4.2/3/1"), "object:<id>", or, for a gold of its own
    ids ("p01"), by the plan's sentence text."""
    by_key: dict[str, list[dict]] = defaultdict(list)
    by_text: dict[str, list[dict]] = defaultdict(list)
    for p in plans:
        if p["kind"] == "sentence":
            by_key[p["key"].split("#")[0]].append(p)
            by_text[normalized(p["old_evidence"] or "")].append(p)
        else:
            by_key[f"{p['kind']}:{p['key']}"].append(p)
    # a sentence split into tasks ("...: to build ...; to set up ...") is found by its tasks' texts
    split = [rows for key, rows in by_key.items() if any("#" in r["key"] for r in rows)]

    def tasks_of(text: str) -> list[dict]:
        whole = normalized(text)
        return next((rows for rows in split if whole.startswith(normalized(rows[0]["old_evidence"] or "-"))
                     and all(normalized(r["old_evidence"] or "-") in whole for r in rows)), [])

    result = Score()
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        key = gold["plan"]
        rows = by_key.get(key, []) or by_text.get(normalized(gold["old_text"]), []) or tasks_of(gold["old_text"])
        tool = _combined([r["outcome"] for r in rows]) if rows else "no plan"
        confidence = rows[0]["confidence"] if rows else None
        ok = tool == gold["outcome"]
        result.total += 1
        result.right += ok
        result.by_outcome[gold["outcome"]][0] += ok
        result.by_outcome[gold["outcome"]][1] += 1
        result.by_kind[gold["kind"]][0] += ok
        result.by_kind[gold["kind"]][1] += 1
        result.confusion[(gold["outcome"], tool)] += 1
        if tool == "fulfilled" and gold["outcome"] != "fulfilled":
            result.false_fulfilled.append(key)
        if gold["outcome"] == "fulfilled" and gold.get("reworded") and tool == "not_mentioned" and confidence == "high":
            result.reworded_missed_high.append(key)
        if not ok:
            result.wrong.append((key, gold["outcome"], tool, rows[0]["reason"] if rows else ""))
    return result


def extract(out: Path, sets: Iterable[str], rules: Rules, nlp: Language) -> Path:
    """Extract the 2021 edition and these sets' editions into `out` (what the scoring and the
    model fit read)."""
    for ident, path in (("2021", EDITION_2021), *((s, EVAL / s / "edition.txt") for s in sets)):
        tables, manifest = extract_edition(Edition(ident, path), rules, nlp)
        write_folder(out, ident, tables, manifest)
    return out


def main() -> None:
    from pipeline.diff import diff
    from pipeline.output import read

    old, new, gold = sys.argv[1:4]
    result = diff(read(old, Path(".")), read(new, Path(".")), Rules.load())
    scored = score(result["plans"], Path(gold))
    print("\n".join(scored.lines()))
    for key, expected, got, reason in scored.wrong:
        print(f"  WRONG {key}: gold {expected}, tool {got} -- {reason[:140]}")
    print("confusion (gold, tool):", dict(scored.confusion))


if __name__ == "__main__":
    main()
