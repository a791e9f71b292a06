"""The three test editions of the catalogue (a 2016-style edition, the real 2021 edition, a
2026-style edition), extracted and diffed into an output root as the commands would write
them. Used by the catalogue goldens (`make golden`), the export tests and `make docs`."""

from __future__ import annotations

from pathlib import Path

from pipeline import __version__
from pipeline.diff import diff
from pipeline.editions import Edition, load_editions
from pipeline.output import diff_path, read
from pipeline.rules import Rules
from pipeline.run import extract_edition
from pipeline.tables import diff_tables
from pipeline.write import write_folder

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "fixtures" / "eval"
EDITION_IDS = ("2016s", "2021", "2026a")


def catalog_editions() -> list[Edition]:
    """2016s and 2026a have no metadata (their years come from their ids); 2021 is catalogued."""
    catalogued = next(e for e in load_editions(ROOT / "source" / "editions.toml") if e.id == "2021")
    return [Edition("2016s", EVAL / "2016s" / "edition.txt"), catalogued, Edition("2026a", EVAL / "2026a" / "edition.txt")]


def write_diff(out: Path, old: str, new: str, rules: Rules) -> Path:
    """`whitepaper diff OLD NEW --out OUT`, in process."""
    before, after = read(old, out), read(new, out)
    tables = diff_tables(diff(before, after, rules), before.id, after.id)
    manifest = {
        "diff": {"old": before.id, "new": after.id},
        "pipeline": {"name": "whitepaper", "version": __version__},
        "tables": {name: {"file": f"{name}.parquet", "rows": t.num_rows} for name, t in tables.items()},
    }
    target = diff_path(out, before.id, after.id)
    return write_folder(target.parent, target.name, tables, manifest, kind="diff")


def build_output(out: Path, rules: Rules, nlp=None, diffs: tuple[tuple[str, str], ...] = (("2016s", "2021"), ("2021", "2026a"))) -> Path:
    """Extract the three editions into OUT and write the given diffs (default: both consecutive pairs)."""
    from pipeline.annotate import build_nlp

    nlp = nlp or build_nlp(rules)
    for edition in catalog_editions():
        tables, manifest = extract_edition(edition, rules, nlp)
        write_folder(out, edition.id, tables, manifest)
    for old, new in diffs:
        write_diff(out, old, new, rules)
    return out
