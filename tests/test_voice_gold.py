"""Status against a gold written by reading: the 2006-voice test edition (tests/fixtures/voice-2006/).

The gold grades what each sentence reports and the status of each named object and partner
(gold.json, each with the reason). The rules were tuned on this edition, so the figures are a
floor that catches regressions, not a measure of text the rules have not seen (see
tests/fixtures/eval-old/ for that). Misses go to tests/artifacts/voice-2006.txt.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.model import OBJECT_TABLES
from pipeline.run import extract_edition
from tests.golden import GOLDEN_EDITIONS

ROOT = Path(__file__).resolve().parent.parent
GOLD = json.loads((ROOT / "tests" / "fixtures" / "voice-2006" / "gold.json").read_text(encoding="utf-8"))
ARTIFACTS = ROOT / "tests" / "artifacts"
FLOORS = {"sentences": 0.75, "objects": 0.85, "partners": 0.9}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip())


@pytest.fixture(scope="module")
def agreement(rules, nlp) -> dict[str, tuple[int, int, list[str]]]:
    tables, _ = extract_edition(GOLDEN_EDITIONS["voice-2006"], rules, nlp)
    rows = {name: table.to_pylist() for name, table in tables.items()}
    sentences = {_norm(s["text"]): s for s in rows["sentences"]}
    objects = {r["entity_id"]: r for t in OBJECT_TABLES for r in rows[t]}
    partners = {r["partner_id"]: r for r in rows["partners"]}
    out = {}
    for kind, found, key in (("sentences", sentences, lambda g: _norm(g["text"])),
                             ("objects", objects, lambda g: g["entity_id"]),
                             ("partners", partners, lambda g: g["partner_id"])):
        misses = []
        for gold in GOLD[kind]:
            row = found.get(key(gold))
            if row is None or row["status"] != gold["status"]:
                got = f"{row['status']} ({row['status_rule']}: {row['status_trigger']})" if row else "not found"
                misses.append(f"{kind}: gold {gold['status']}, got {got}: {key(gold)[:100]}")
        out[kind] = (len(GOLD[kind]) - len(misses), len(GOLD[kind]), misses)
    ARTIFACTS.mkdir(exist_ok=True)
    lines = [f"{kind}: {right}/{total} = {right / total:.2f}" for kind, (right, total, _) in out.items()]
    lines += [m for _, _, misses in out.values() for m in misses]
    (ARTIFACTS / "voice-2006.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


@pytest.mark.parametrize("kind", list(FLOORS))
def test_status_agrees_with_the_gold(agreement, kind):
    right, total, misses = agreement[kind]
    assert right / total >= FLOORS[kind], "\n".join(misses)
