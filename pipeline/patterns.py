"""Load and validate the rule data under `patterns/` (layout, compounds, status rules).

Rules are data so a new edition needs a data change, not a code change; they are checked on
load so a typo fails loudly, naming the file and line.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .errors import InputError

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "patterns"


def patterns_dir() -> Path:
    """The patterns folder: $WHITEPAPER_PATTERNS, else the one beside the package."""
    return Path(os.environ.get("WHITEPAPER_PATTERNS", DEFAULT_DIR))


def read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(path, f"cannot load pattern file ({exc})") from None


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Rows of a JSONL file; blank lines and lines starting with // are skipped."""
    rows = []
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(path, f"cannot load pattern file ({exc.strerror})") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise InputError(path, f"line {number} is not JSON ({exc.msg})") from None
    return rows


@dataclass(frozen=True)
class Layout:
    bullet_glyphs: tuple[str, ...]
    furniture: frozenset[str]
    max_page_number_digits: int
    repeated_furniture_share: float
    merged_line_factor: float
    back_matter: tuple[str, ...]
    unnumbered_chapters: tuple[str, ...]
    split_compounds: dict[str, str]
    keep_words: frozenset[str]
    hyphen_prefixes: frozenset[str]
    hyphen_suffixes: frozenset[str]


@cache
def load_layout(folder: Path | None = None) -> Layout:
    folder = folder or patterns_dir()
    layout = read_toml(folder / "layout.toml")
    compounds = read_toml(folder / "compounds.toml")
    return Layout(
        bullet_glyphs=tuple(layout["bullet_glyphs"]),
        furniture=frozenset(f.strip().lower() for f in layout["furniture"]),
        max_page_number_digits=int(layout["max_page_number_digits"]),
        repeated_furniture_share=float(layout["repeated_furniture_share"]),
        merged_line_factor=float(layout["merged_line_factor"]),
        back_matter=tuple(layout["back_matter"]),
        unnumbered_chapters=tuple(layout["unnumbered_chapters"]),
        split_compounds=dict(compounds.get("split", {})),
        keep_words=frozenset(w.lower() for w in compounds.get("keep", {}).get("words", [])),
        hyphen_prefixes=frozenset(compounds.get("hyphen", {}).get("prefixes", [])),
        hyphen_suffixes=frozenset(compounds.get("hyphen", {}).get("suffixes", [])),
    )


STATUS_CATEGORIES = {"PLANNED", "ACHIEVED", "NEUTRAL", "TERMINATE"}
STATUS_SCOPES = {"sentence", "block", "list"}


@dataclass(frozen=True)
class StatusRule:
    """One ConText-style trigger: what it matches, what it means, and how far it reaches."""

    id: str
    category: str
    literals: tuple[str, ...]  # phrases (empty when the rule is a token pattern)
    pattern: list[dict[str, Any]] | None
    scope: str
    sentence_start: bool
    not_after: frozenset[str]
    comment: str


@cache
def load_status_rules(folder: Path | None = None) -> tuple[StatusRule, ...]:
    path = (folder or patterns_dir()) / "status_rules.jsonl"
    rules = []
    seen = set()
    for number, row in enumerate(read_jsonl(path), start=1):
        where = f"rule {number} ({row.get('id', '?')})"
        if row.get("category") not in STATUS_CATEGORIES:
            raise InputError(path, f"{where}: category must be one of {sorted(STATUS_CATEGORIES)}")
        if ("literal" in row) == ("pattern" in row):
            raise InputError(path, f"{where}: give exactly one of literal or pattern")
        scope = row.get("scope", "sentence")
        if scope not in STATUS_SCOPES:
            raise InputError(path, f"{where}: scope must be one of {sorted(STATUS_SCOPES)}")
        if not row.get("id") or row["id"] in seen:
            raise InputError(path, f"{where}: every rule needs a unique id")
        seen.add(row["id"])
        rules.append(
            StatusRule(
                id=row["id"],
                category=row["category"],
                literals=tuple([row["literal"]] if isinstance(row.get("literal"), str) else row.get("literal", [])),
                pattern=row.get("pattern"),
                scope=scope,
                sentence_start=bool(row.get("sentence_start", False)),
                not_after=frozenset(row.get("not_after", [])),
                comment=row.get("comment", ""),
            )
        )
    return tuple(rules)


@dataclass(frozen=True)
class SectionDefault:
    id: str
    title_regex: str
    status: str


@cache
def load_section_defaults(folder: Path | None = None) -> tuple[SectionDefault, ...]:
    path = (folder or patterns_dir()) / "section_status.jsonl"
    rows = read_jsonl(path)
    for number, row in enumerate(rows, start=1):
        if row.get("status") not in {"planned", "achieved", "neutral"} or not row.get("title_regex"):
            raise InputError(path, f"rule {number}: needs title_regex and a status of planned, achieved or neutral")
    return tuple(SectionDefault(row["id"], row["title_regex"], row["status"]) for row in rows)
