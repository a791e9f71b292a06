"""Comparing rows of two editions: keyed diffs, change rows, content-word overlap.

Rows are keyed by stable ids, never by order (csv-diff's `--key`): a row in one edition only is
added or removed, a row in both is changed on each field whose value differs.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .rules.compare import CompareRules


def singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*")


def content_words(text: str | None, rules: CompareRules) -> set[str]:
    """Lower-cased words minus stop words, plural endings dropped."""
    return {singular(w) for w in _WORD.findall((text or "").lower()) if w not in rules.stop_words}


def similarity(a: str | None, b: str | None, rules: CompareRules) -> float:
    """Jaccard overlap of content words."""
    wa, wb = content_words(a, rules), content_words(b, rules)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def cell(v: Any) -> str | None:
    """A value as the changes table stores it: lists as sorted JSON."""
    if v is None:
        return None
    if isinstance(v, list):
        return json.dumps(sorted(v), ensure_ascii=False)
    return str(v)


def change(table: str, key: str, kind: str, field: str | None = None, old: Any = None, new: Any = None,
           old_id: str | None = None, new_id: str | None = None) -> dict[str, Any]:
    return {"table": table, "key": key, "change": kind, "field": field, "old": cell(old),
            "new": cell(new), "old_evidence_id": old_id, "new_evidence_id": new_id}


def diff_keyed(table: str, old: list[dict], new: list[dict], key: str, fields: tuple[str, ...]) -> list[dict]:
    before, after = {r[key]: r for r in old}, {r[key]: r for r in new}
    out = []
    for k in sorted(before.keys() | after.keys()):
        o, n = before.get(k), after.get(k)
        evidence = ((o or {}).get("evidence_sentence_id"), (n or {}).get("evidence_sentence_id"))
        if o is None:  # an added or removed row says its status, when it has one
            out.append(change(table, k, "added", new=n.get("status"), new_id=evidence[1]))
        elif n is None:
            out.append(change(table, k, "removed", old=o.get("status"), old_id=evidence[0]))
        else:
            for name in fields:
                if cell(o.get(name)) != cell(n.get(name)):
                    out.append(change(table, k, "changed", name, o.get(name), n.get(name), *evidence))
    return out
