"""The `whitepaper` command. Thin: it parses options and wires the stages; heavy imports wait."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click

from . import __version__
from .editions import Edition, edition_for_path, load_editions
from .errors import InputError
from .ingest import PDF_ENGINES, ReadOptions, limit_from_env, parse_max_mb  # light: the readers load on use
from .model import STATUSES

DEFAULT_CATALOG = Path("source/editions.toml")

rules_option = click.option(
    "--rules", "rules_dir", type=click.Path(path_type=Path),
    help="Rules folder (default: the rules shipped with the package).")


def _rules(folder: Path | None):
    from .rules import Rules

    return Rules.load(folder)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="whitepaper")
def main() -> None:
    """China's space white papers as clean, versioned Parquet tables."""
    from .tables import keep_pandas_out  # every command reads or writes Arrow, none needs pandas

    keep_pandas_out()


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--edition", "edition_id", help="Edition id for a single PATH (default: from the catalogue or the file name).")
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True, help="Output root; tables go to OUT/<edition>/.")
@click.option("--catalog", type=click.Path(path_type=Path), default=DEFAULT_CATALOG, show_default=True, help="Edition catalogue (TOML).")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Editions extracted in parallel processes.")
@click.option("--force", is_flag=True, help="Replace an edition's output even when it was extracted from another file.")
@click.option("--max-mb", "max_mb", metavar="MB",
              help="Size limit of one edition in MB (default: WHITEPAPER_MAX_MB, else 5).")
@click.option("--pdf-engine", type=click.Choice(PDF_ENGINES), default=PDF_ENGINES[0], show_default=True,
              help="PDF text layer: pdfium (fast), or pdfplumber for layouts where positions matter.")
@rules_option
def extract(paths: tuple[Path, ...], edition_id: str | None, out: Path, catalog: Path, jobs: int, force: bool,
            max_mb: str | None, pdf_engine: str, rules_dir: Path | None) -> None:
    """Extract PATHS (text or PDF), or every edition in the catalogue, into OUT/<edition>/."""
    collecting = gc.isenabled()
    gc.disable()  # start-up (imports, rules, the pipeline) makes no garbage; extract_many turns it back on
    try:
        limit = parse_max_mb(max_mb, "--max-mb") if max_mb is not None else limit_from_env()
        options = ReadOptions(max_bytes=limit, pdf_engine=pdf_engine)
        editions = _editions(paths, edition_id, catalog)
        from .run import extract_many

        for extracted in extract_many(editions, out, _rules(rules_dir), jobs, force=force, read_options=options):
            rows = ", ".join(f"{n} {name}" for name, n in extracted.rows.items())
            click.echo(f"{extracted.edition.id}: {rows} -> {extracted.staged.target} ({extracted.seconds:.2f} s)")
    except InputError as exc:
        _fail(str(exc))
    finally:
        if collecting:
            gc.enable()


def _editions(paths: tuple[Path, ...], edition_id: str | None, catalog: Path) -> list[Edition]:
    if edition_id is not None and len(paths) != 1:
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
@rules_option
def diff_command(old: str, new: str, out: Path, fmt: str, rules_dir: Path | None) -> None:
    """Compare two extracted editions (folders, or edition ids under --out)."""
    try:
        from . import __version__ as version
        from .diff import diff, render
        from .output import read
        from .tables import diff_tables
        from .write import write_folder

        before, after = read(old, out), read(new, out)
        result = diff(before, after, _rules(rules_dir))
        tables = diff_tables(result, before.id, after.id)
        manifest = {
            "diff": {"old": before.id, "new": after.id},
            "pipeline": {"name": "whitepaper", "version": version},
            "tables": {name: {"file": f"{name}.parquet", "rows": t.num_rows} for name, t in tables.items()},
        }
        write_folder(out, f"diff-{before.id}-{after.id}", tables, manifest, kind="diff")
        click.echo(render(result, before.id, after.id, fmt), nl=False)
    except InputError as exc:
        _fail(str(exc))


@main.command("show")
@click.argument("edition")
@click.argument("table", required=False)
@click.option("--status", type=click.Choice(list(STATUSES)),
              help="Only rows of this status (TABLE must have a status column).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown"]), default="table",
              show_default=True, help="table fits the terminal width; csv, json and markdown print every value.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Output root: EDITION may be an edition id under it.")
def show_command(edition: str, table: str | None, status: str | None, fmt: str, out: Path) -> None:
    """Print an extracted edition's tables.

    EDITION is a folder or an edition id under --out. Without TABLE: every table's row count and
    first rows (key columns). With TABLE: its rows, fitted to the terminal in the table format.
    """
    try:
        import shutil

        from .output import read
        from .show import show_summary, show_table

        loaded = read(edition, out, kind=None)
        width = shutil.get_terminal_size().columns
        if table is None:
            if status is not None:
                raise InputError("--status", "needs a TABLE")
            text = show_summary(loaded, fmt, width)
        else:
            text = show_table(loaded, table, status, fmt, width)
        click.echo(text, nl=False)
    except InputError as exc:
        _fail(str(exc))


@main.command("report")
@click.argument("edition", required=False)
@click.option("--diff", "pair", nargs=2, metavar="OLD NEW", help="Report the diff of two editions instead.")
@click.option("-o", "--output", "target", type=click.Path(path_type=Path),
              help="HTML file to write (default: OUT/<edition>/report.html or OUT/diff-OLD-NEW/report.html).")
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Output root: editions may be ids under it.")
@rules_option
def report_command(edition: str | None, pair: tuple[str, str] | None, target: Path | None, out: Path,
                   rules_dir: Path | None) -> None:
    """Write an edition or a diff as one HTML file.

    The file needs no network: the text by section with mentions and counts highlighted, each
    sentence's id and status, and summary tables linking to the evidence; with --diff, the plan
    scorecard, the changed counts and the other changes.
    """
    try:
        from .report import diff_report_file, edition_report_file

        if pair and edition:
            raise InputError(edition, "give either EDITION or --diff OLD NEW, not both")
        if pair:
            path = diff_report_file(pair[0], pair[1], out, _rules(rules_dir), target)
        elif edition:
            path = edition_report_file(edition, out, target)
        else:
            raise InputError("report", "needs EDITION or --diff OLD NEW")
        click.echo(f"{path} ({path.stat().st_size // 1024} KB)")
    except InputError as exc:
        _fail(str(exc))


def entry() -> None:
    """The `whitepaper` console script: `main`, then the process ends without tearing down.

    Every file is written and closed, and renamed into place, before `main` returns, so once
    stdout and stderr are flushed, nothing is left that the output needs; the interpreter's own
    teardown (freeing every module and object one by one) cost more than extraction does.
    Only here, never in code that tests or other programs call; so is `startup.prepare_process`.
    """
    from .startup import prepare_process

    prepare_process()
    try:
        main(prog_name="whitepaper")
        code: int | str | None = 0
    except SystemExit as exc:
        code = exc.code
    if isinstance(code, str):  # sys.exit("message"): printed, status 1, as Python does
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe or a full disk: report it by status, as Python does at exit
        os._exit(120)
    os._exit(code or 0)
