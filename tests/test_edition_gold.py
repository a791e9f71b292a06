"""Objects, partners and counts against golds written by reading, on older editions' text.

- `editions-dev/`: real fragments of the 2000 and 2006 editions (the development set; the rules
  were tuned on them), must show >= 0.9 on every figure.
- `eval-old/`: three original test editions written without reading the rules. 2000s and
  beidou-s were used for tuning after their first run; 2011s is held out, never tuned on, and
  its floor is set below its first-run figure so it only catches a regression.

Every figure, and every miss, goes to tests/artifacts/edition-gold.txt: the numbers the closing
notes report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.editions import Edition
from pipeline.run import extract_edition
from tests.gold_score import Score, score

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACT = Path(__file__).resolve().parent / "artifacts" / "edition-gold.txt"
TUNED = {"recall": 0.9, "precision": 0.9, "status": 0.9}
HELD_OUT = {"recall": 0.85, "precision": 0.85, "status": 0.85}
# edition -> (its text, its gold, floors)
EDITIONS = {
    "dev-2000": (FIXTURES / "editions-dev" / "edition-2000-fragments.txt", FIXTURES / "editions-dev" / "gold" / "2000", TUNED),
    "dev-2006": (FIXTURES / "editions-dev" / "edition-2006-fragments.txt", FIXTURES / "editions-dev" / "gold" / "2006", TUNED),
    "2000s": (FIXTURES / "eval-old" / "2000s" / "edition.txt", FIXTURES / "eval-old" / "2000s" / "gold", TUNED),
    "beidou-s": (FIXTURES / "eval-old" / "beidou-s" / "edition.txt", FIXTURES / "eval-old" / "beidou-s" / "gold", TUNED),
    "2011s": (FIXTURES / "eval-old" / "2011s" / "edition.txt", FIXTURES / "eval-old" / "2011s" / "gold", HELD_OUT),
}


@pytest.fixture(scope="module")
def scores(rules, nlp) -> dict[str, dict[str, Score]]:
    out = {}
    for edition, (text, gold, _) in EDITIONS.items():
        tables, _ = extract_edition(Edition(edition, text), rules, nlp)
        out[edition] = score({name: table.to_pylist() for name, table in tables.items()}, gold)
    lines = []
    for edition, kinds in out.items():
        lines += [f"{edition} {kind.line(name)}" for name, kind in kinds.items()]
    for edition, kinds in out.items():
        lines += [f"{edition} {name} {miss}" for name, kind in kinds.items() for miss in kind.misses]
    ARTIFACT.parent.mkdir(exist_ok=True)
    ARTIFACT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


@pytest.mark.parametrize("kind", ["objects", "partners", "counts"])
@pytest.mark.parametrize("edition", list(EDITIONS))
def test_extraction_agrees_with_the_gold(scores, edition, kind):
    found, floors = scores[edition][kind], EDITIONS[edition][2]
    figures = {"recall": found.recall(), "precision": found.precision(), "status": found.status_accuracy()}
    low = {name: round(value, 3) for name, value in figures.items() if value < floors[name]}
    assert not low, f"{edition} {found.line(kind)}\n" + "\n".join(found.misses)
