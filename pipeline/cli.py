"""The `whitepaper` command. Thin: it parses options and wires the stages; heavy imports wait."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .editions import Edition, edition_for_path, load_editions
from .errors import InputError

DEFAULT_CATALOG = Path("source/editions.toml")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="whitepaper")
def main() -> None:
    """China's space white papers as clean, versioned Parquet tables."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--edition", "edition_id", help="Edition id for a single PATH (default: from the catalogue or the file name).")
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True, help="Output root; tables go to OUT/<edition>/.")
@click.option("--catalog", type=click.Path(path_type=Path), default=DEFAULT_CATALOG, show_default=True, help="Edition catalogue (TOML).")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Editions extracted in parallel processes.")
def extract(paths: tuple[Path, ...], edition_id: str | None, out: Path, catalog: Path, jobs: int) -> None:
    """Extract PATHS (text or PDF), or every edition in the catalogue, into OUT/<edition>/."""
    try:
        editions = _editions(paths, edition_id, catalog)
        from .run import extract_many

        for extracted in extract_many(editions, out, jobs):
            rows = ", ".join(f"{n} {name}" for name, n in extracted.rows.items())
            click.echo(f"{extracted.edition.id}: {rows} -> {extracted.staged.target} ({extracted.seconds:.2f} s)")
    except InputError as exc:
        _fail(str(exc))


def _editions(paths: tuple[Path, ...], edition_id: str | None, catalog: Path) -> list[Edition]:
    if edition_id and len(paths) != 1:
        raise InputError(edition_id, "--edition needs exactly one PATH")
    known = load_editions(catalog) if (not paths or catalog.exists()) else []
    if not paths:
        if not known:
            raise InputError(catalog, "lists no editions")
        return known
    return [edition_for_path(path, edition_id, known) for path in paths]


def _fail(message: str) -> None:
    click.echo(f"whitepaper: error: {message}", err=True)
    sys.exit(2)


@main.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Output root: OLD/NEW may be edition ids under it; tables go to OUT/diff-OLD-NEW/.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
def diff_command(old: str, new: str, out: Path, fmt: str) -> None:
    """Compare two extracted editions (folders, or edition ids under --out)."""
    try:
        from . import __version__ as version
        from .diff import diff, load, render
        from .tables import diff_tables
        from .write import write_folder

        before, after = load(old, out), load(new, out)
        result = diff(before, after)
        tables = diff_tables(result, before.id, after.id)
        manifest = {
            "diff": {"old": before.id, "new": after.id},
            "pipeline": {"name": "whitepaper", "version": version},
            "tables": {name: {"file": f"{name}.parquet", "rows": t.num_rows} for name, t in tables.items()},
        }
        write_folder(out, f"diff-{before.id}-{after.id}", tables, manifest)
        click.echo(render(result, before.id, after.id, fmt), nl=False)
    except InputError as exc:
        _fail(str(exc))
