"""Fitting the scorecard's match model (`[model]` in patterns/scorecard.toml) on the tuning sets.

A plan's candidates are the NEW sentences that share a content lemma or an object with it; a
candidate is a positive example when the gold (written by reading) names it as the plan's
evidence. A logistic regression over `Matcher.features`, the classes weighted equally, L2 0.01,
plain gradient descent from zero (deterministic, numpy only), gives the weights. Only the tuning
sets are used (2026a and the older-edition set 2016s); 2026b and 2026c stay held out.

Run as `python -m tests.scorecard_fit` to print the `[model]` weights (it extracts the editions
into a temporary folder first).
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import numpy as np

from pipeline.annotate import build_nlp
from pipeline.editions import Edition
from pipeline.extractors import default_extractors
from pipeline.output import read
from pipeline.rules import Rules
from pipeline.run import extract_edition
from pipeline.scorecard import Scorecard, lemmatizer
from pipeline.write import write_folder

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "fixtures" / "eval"
TUNING = {"2026a": ("2021", "2026a"), "2016s": ("2016s", "2021")}  # set -> (OLD, NEW)
FEATURES = ("shared", "rarest", "clause", "precision", "matched", "objects", "has_objects", "partners",
            "section", "verb_object")


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def examples(folders: Path, rules: Rules) -> tuple[np.ndarray, np.ndarray]:
    """Every (plan, candidate) pair of the tuning sets' graded sentence plans, with its label."""
    rows, labels = [], []
    nlp = lemmatizer()
    for name, (old, new) in TUNING.items():
        card = Scorecard(read(old, folders), read(new, folders), rules, default_extractors(), nlp)
        matcher = card.matcher
        for line in (EVAL / name / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            gold = json.loads(line)
            if gold["kind"] != "sentence" or not gold.get("evidence"):
                continue
            plan = next((u for u in card.old.units if u.sentence_id == gold["plan"]
                         or _norm(u.text) == _norm(gold["old_text"])), None)
            if plan is None:
                continue
            evidence = [_norm(e) for e in gold["evidence"]]
            pool = sorted({i for key in {*plan.lemmas, *(f"#{o}" for o in plan.objects)}
                           for i in matcher.new.postings.get(key, [])})
            for i in pool:
                unit = matcher.new.units[i]
                text = _norm(unit.text)
                found = matcher.features(plan, plan.objects, unit)
                rows.append([found[f] for f in FEATURES])
                labels.append(any(e == text or e in text or text in e for e in evidence))
    return np.array(rows), np.array(labels, dtype=float)


def fit(x: np.ndarray, y: np.ndarray, names: tuple[str, ...] = FEATURES, l2: float = 0.01, steps: int = 3000,
        rate: float = 0.5) -> dict[str, float]:
    """Logistic regression, positives and negatives weighted equally; the weights rounded to 2 places."""
    x = np.hstack([x, np.ones((len(x), 1))])
    weight = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        w -= rate * (x.T @ ((p - y) * weight) / len(y) + l2 * w)
    return {name: round(float(v), 2) for name, v in zip((*names, "bias"), w)}


def main() -> None:
    rules = Rules.load()
    nlp = build_nlp(rules)
    with tempfile.TemporaryDirectory() as tmp:
        folders = Path(tmp)
        for ident, path in (("2021", ROOT / "source" / "cn-space-2021.txt"),
                            *((s, EVAL / s / "edition.txt") for s in TUNING)):
            tables, manifest = extract_edition(Edition(ident, path), rules, nlp)
            write_folder(folders, ident, tables, manifest)
        weights = fit(*examples(folders, rules))
    print("\n".join(f"{name} = {value}" for name, value in weights.items()))


if __name__ == "__main__":
    main()
