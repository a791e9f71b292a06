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
import tempfile
from pathlib import Path

import numpy as np

from pipeline.annotate import build_nlp
from pipeline.extractors import default_extractors
from pipeline.output import read
from pipeline.rules import Rules
from pipeline.rules.scorecard import FEATURES
from pipeline.scorecard import Scorecard, lemmatizer
from tests.scorecard_eval import EVAL, PAIRS, extract, normalized

TUNING = {name: PAIRS[name] for name in ("2026a", "2016s")}  # the sets the model is fitted on


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
                         or normalized(u.text) == normalized(gold["old_text"])), None)
            if plan is None:
                continue
            evidence = [normalized(e) for e in gold["evidence"]]
            pool = sorted({i for key in {*plan.lemmas, *(f"#{o}" for o in plan.objects)}
                           for i in matcher.new.postings.get(key, [])})
            for i in pool:
                unit = matcher.new.units[i]
                text = normalized(unit.text)
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
        weights = fit(*examples(extract(Path(tmp), TUNING, rules, nlp), rules))
    print("\n".join(f"{name} = {value}" for name, value in weights.items()))


if __name__ == "__main__":
    main()
