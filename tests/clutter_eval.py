"""Scoring the clutter stage against a web copy's gold (tests/fixtures/web/*gold.json).

A gold file lists every clutter line of the copy (1-based, counted by splitting on "\\n") with
its kind, and every mojibake line with its corrected text. The copy is read as a text edition
and run through the clutter stage; a line counts as removed when the stage logged it with an
empty `after`. Precision and recall are over clutter lines; `content_removed` lists every
content line removed (the costly error), `remaining_equal` says whether the lines left, in
order and blank lines skipped, equal the reference's (after its title line when the gold has
a `title_line` note: the 2021 reference opens with the title, clutter wherever the copy has it).
Run as `python -m tests.clutter_eval` to print the figures of both web fixtures.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.clutter import declutter
from pipeline.ingest import read_source
from pipeline.rules import Rules
from pipeline.rules.layout import LayoutRules
from pipeline.rules.web import WebRules

WEB = Path(__file__).resolve().parent / "fixtures" / "web"
GOLDS = (WEB / "clutter-gold.json", WEB / "heldout-orgcn" / "gold.json")


@dataclass
class Score:
    clutter: int = 0
    removed: int = 0
    right: int = 0
    content_removed: list[tuple[int, str]] = field(default_factory=list)
    clutter_kept: list[tuple[int, str, str]] = field(default_factory=list)  # line, gold kind, text
    recall_by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [removed, total]
    mojibake_right: int = 0
    mojibake: int = 0
    mojibake_extra: list[int] = field(default_factory=list)
    remaining_equal: bool = False

    @property
    def precision(self) -> float:
        return self.right / self.removed if self.removed else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.clutter if self.clutter else 1.0

    def lines(self) -> list[str]:
        out = [f"clutter lines {self.clutter}, removed {self.removed}: precision {self.precision:.3f}, "
               f"recall {self.recall:.3f}; content lines removed: {len(self.content_removed)}",
               f"mojibake lines repaired {self.mojibake_right}/{self.mojibake}, repaired but not in gold: "
               f"{len(self.mojibake_extra)}; remaining lines equal the reference: {self.remaining_equal}"]
        out += [f"  {kind:16} {done}/{total}" for kind, (done, total) in sorted(self.recall_by_kind.items())]
        out += [f"  kept clutter  {line}: {kind}: {text[:80]}" for line, kind, text in self.clutter_kept]
        out += [f"  removed content {line}: {text[:80]}" for line, text in self.content_removed]
        return out


def score(gold_path: Path, rules: Rules) -> Score:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    copy = gold_path.parent / gold["file"]
    reference = (gold_path.parent / gold["reference"]).read_text(encoding="utf-8").split("\n")
    texts = copy.read_text(encoding="utf-8").split("\n")
    source = read_source(copy)
    clean, log = declutter(source, rules.get(WebRules), rules.get(LayoutRules))
    removed = {r.line for r in log if r.after == ""}
    repaired = {r.line: r.after for r in log if r.rule == "mojibake"}
    clutter = {c["line"]: c["kind"] for c in gold["clutter"]}
    result = Score(clutter=len(clutter), removed=len(removed), right=len(removed & set(clutter)))
    result.content_removed = [(n, texts[n - 1]) for n in sorted(removed - set(clutter))]
    result.clutter_kept = [(n, kind, texts[n - 1]) for n, kind in sorted(clutter.items()) if n not in removed]
    kinds = Counter(clutter.values())
    found = Counter(kind for n, kind in clutter.items() if n in removed)
    result.recall_by_kind = {kind: [found[kind], total] for kind, total in kinds.items()}
    corrected = {m["line"]: m["corrected"] for m in gold["mojibake"]}
    result.mojibake = len(corrected)
    result.mojibake_right = sum(1 for n, text in corrected.items() if repaired.get(n) == text)
    result.mojibake_extra = sorted(set(repaired) - set(corrected))
    left = [line.text for line in clean.lines if line.text.strip()]
    wanted = [line for line in reference if line.strip()]
    # the 2021 reference opens with the title line, which is clutter wherever the copy has it
    result.remaining_equal = left == (wanted[1:] if "title_line" in gold else wanted)
    return result


if __name__ == "__main__":
    loaded = Rules.load()
    for path in GOLDS:
        print(path.relative_to(WEB.parent.parent))
        print("\n".join(score(path, loaded).lines()))
