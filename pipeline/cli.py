"""The `whitepaper` command. Thin: it parses options and wires the stages; heavy imports wait."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click

from . import __version__
from .editions import Edition, edition_for_path, edition_for_paths, load_editions, where_to_put
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
@click.option("--edition", "edition_id",
              help="Edition id. With PATHS: one edition, made of the PATHS in order (its parts); without: "
                   "the catalogue's edition of that id. Default: one edition per PATH, its id from the "
                   "catalogue or the file name.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True, help="Output root; tables go to OUT/<edition>/.")
@click.option("--catalog", type=click.Path(path_type=Path), default=DEFAULT_CATALOG, show_default=True, help="Edition catalogue (TOML).")
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True, help="Editions extracted in parallel processes.")
@click.option("--force", is_flag=True, help="Replace an edition's output even when it was extracted from another file.")
@click.option("--keep-going", is_flag=True, help="Extract the good inputs when some fail (the run still exits 2).")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only: no progress lines, no summary.")
@click.option("--max-mb", "max_mb", metavar="MB",
              help="Size limit of one edition in MB (default: WHITEPAPER_MAX_MB, else 5).")
@click.option("--pdf-engine", type=click.Choice(PDF_ENGINES), default=PDF_ENGINES[0], show_default=True,
              help="PDF text layer: pdfium (fast), or pdfplumber for layouts where positions matter.")
@rules_option
def extract(paths: tuple[Path, ...], edition_id: str | None, out: Path, catalog: Path, jobs: int, force: bool,
            keep_going: bool, quiet: bool, max_mb: str | None, pdf_engine: str, rules_dir: Path | None) -> None:
    """Extract PATHS (text, PDF or HTML), or every edition in the catalogue, into OUT/<edition>/.

    Each PATH is an edition of its own; with --edition, the PATHS are the parts of one edition
    in that order (a paper split over web pages: `extract p1.html p2.html --edition 2016`).
    Without PATHS: every catalogued edition that has a file (`file` or `files` in the
    catalogue), or only the one --edition names.

    Every input is checked first: files that are missing, unreadable or empty are reported all
    at once before any work. Then one line per edition as it finishes, and a summary (stderr).
    Editions are put in place only when all succeeded; with --keep-going, all that succeeded.
    """
    import time

    started = time.perf_counter()
    collecting = gc.isenabled()
    gc.disable()  # start-up (imports, rules, the pipeline) makes no garbage; extract_many turns it back on
    try:
        limit = parse_max_mb(max_mb, "--max-mb") if max_mb is not None else limit_from_env()
        options = ReadOptions(max_bytes=limit, pdf_engine=pdf_engine)
        editions, pending = _editions(paths, edition_id, catalog)
        from .run import BadInputs, extract_many

        report = _Progress(len(editions), quiet)
        try:
            batch = extract_many(editions, out, _rules(rules_dir), jobs, force=force, keep_going=keep_going,
                                 progress=report, read_options=options)
        except BadInputs as exc:
            for error in exc.errors[:-1]:
                click.echo(f"whitepaper: error: {error}", err=True)
            raise exc.errors[-1] from None
        report.summary(batch, out, time.perf_counter() - started)
        if pending and not quiet:  # after the run: an error, if any, stays the one line printed
            noun = "edition has" if len(pending) == 1 else "editions have"
            click.echo(f"whitepaper: note: {catalog}: {len(pending)} {noun} no file yet, skipped "
                       f"({', '.join(pending)}); `whitepaper extract --edition ID` says where to put one", err=True)
        if batch.failed:
            sys.exit(2)
    except InputError as exc:
        _fail(str(exc))
    finally:
        if collecting:
            gc.enable()


class _Progress:
    """One line per edition as it finishes, to stderr: styled and fitted to the width on a
    terminal, plain otherwise (click drops the styles when stderr is not a terminal)."""

    def __init__(self, total: int, quiet: bool) -> None:
        import shutil

        self.total, self.quiet, self.seen = total, quiet, 0
        self.tty = sys.stderr.isatty()
        self.width = shutil.get_terminal_size().columns

    def __call__(self, item) -> None:
        from .run import Failed

        self.seen += 1
        if isinstance(item, Failed):
            click.echo(f"whitepaper: error: {item.error}", err=True)  # errors print even with --quiet
            return
        if self.quiet:
            return
        rows = ", ".join(f"{n} {name}" for name, n in item.rows.items())
        head = f"[{self.seen}/{self.total}] {item.edition.id}"
        line = f"{head} extracted in {item.seconds:.2f} s: {rows}"
        if self.tty and len(line) > self.width:
            line = line[: max(self.width - 1, len(head))] + "…"
        click.echo(click.style(head, bold=True) + line[len(head):], err=True)

    def summary(self, batch, out: Path, seconds: float) -> None:
        if self.quiet:
            return
        written = len(batch.done)
        noun = "edition" if self.total == 1 else "editions"
        text = (f"{written} {noun} written to {out} in {seconds:.1f} s" if not batch.failed else
                f"{written} of {self.total} {noun} written to {out} in {seconds:.1f} s; ")
        failed = f"{len(batch.failed)} failed" if batch.failed else ""
        click.echo(text + click.style(failed, fg="red", bold=True) if failed else text, err=True)


def _editions(paths: tuple[Path, ...], edition_id: str | None, catalog: Path) -> tuple[list[Edition], list[str]]:
    """What `extract` extracts, and the ids of catalogued editions skipped for want of a file.
    No PATHS: every catalogued edition with a file (or the one --edition names); PATHS and
    --edition: one edition, the files its parts in order; PATHS alone: one edition per file."""
    known = load_editions(catalog) if (not paths or catalog.exists()) else []
    if paths:
        if edition_id is not None:
            return [edition_for_paths(list(paths), edition_id, known)], []
        return [edition_for_path(path, None, known) for path in paths], []
    if edition_id is not None:
        entry = next((e for e in known if e.id == edition_id), None)
        if entry is None:
            raise InputError(catalog, f"lists no edition {edition_id!r} (it lists {', '.join(e.id for e in known)})")
        if not entry.files:
            raise InputError(f"{catalog} (edition {entry.id})", where_to_put(catalog, entry))
        return [entry], []
    shipped = [e for e in known if e.files]
    if not shipped:
        raise InputError(catalog, "lists no edition with a file")
    return shipped, [e.id for e in known if not e.files]


def _fail(message: str) -> None:
    click.echo(f"whitepaper: error: {message}", err=True)
    sys.exit(2)


@main.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Output root: OLD/NEW may be edition ids under it; tables go to OUT/diffs/OLD-NEW/.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "csv"]), default="text", show_default=True,
              help="csv prints the plans.")
@click.option("--outcome", type=click.Choice(["fulfilled", "in_progress", "not_mentioned", "dropped", "carried_over"]),
              help="Only plans of this outcome.")
@click.option("--summary", "summary_only", is_flag=True, help="Only the counts.")
@click.option("--plans/--no-plans", "show_plans", default=None,
              help="List the plans (default: yes, unless the editions have no changes).")
@rules_option
def diff_command(old: str, new: str, out: Path, fmt: str, outcome: str | None, summary_only: bool,
                 show_plans: bool | None, rules_dir: Path | None) -> None:
    """Compare two extracted editions (folders, or edition ids under --out): what changed, and
    what OLD planned that NEW reports done, under way, planned again, dropped or not at all."""
    try:
        from .diff import diff, render, write_diff
        from .output import read

        before, after = read(old, out), read(new, out)
        result = diff(before, after, _rules(rules_dir))
        write_diff(out, before, after, result)
        _echo(render(result, before.id, after.id, fmt, outcome, summary_only, show_plans))
    except InputError as exc:
        _fail(str(exc))


def _echo(text: str) -> None:
    """Tables and diffs to stdout; on a terminal, with control characters made visible (csv and
    json to a pipe or file stay exact)."""
    if sys.stdout.isatty():
        from .show import visible

        text = visible(text)
    click.echo(text, nl=False)


@main.command("show")
@click.argument("edition")
@click.argument("table", required=False)
@click.argument("row_id", required=False)
@click.option("--status", type=click.Choice(list(STATUSES)),
              help="Only rows of this status (TABLE must have a status column).")
@click.option("--columns", "column_spec", metavar="A,B,...", help="Only these columns of TABLE, in this order.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown"]), default="table",
              show_default=True, help="table fits the terminal width; csv, json and markdown print every value.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Output root: EDITION may be an edition id under it.")
def show_command(edition: str, table: str | None, row_id: str | None, status: str | None,
                 column_spec: str | None, fmt: str, out: Path) -> None:
    """Print an extracted edition's tables.

    EDITION is a folder or an edition id under --out. Without TABLE: every table's row count and
    first rows (key columns). With TABLE: its rows, fitted to the terminal in the table format.
    With ROW_ID (the table's id column, e.g. `show 2021 missions change-5`): that row in full,
    its evidence sentence, and why its status is what it is.
    """
    try:
        import shutil

        from .output import read, stale
        from .show import pick_columns, show_row, show_summary, show_table

        loaded = read(edition, out, kind=None)
        if loaded.kind == "diff" and (problem := stale(loaded)):
            click.echo(f"whitepaper: note: {loaded.path}: {problem}", err=True)
        width = shutil.get_terminal_size().columns
        if table is None:
            for given, name in ((status, "--status"), (column_spec, "--columns")):
                if given is not None:
                    raise InputError(name, "needs a TABLE")
            _echo(show_summary(loaded, fmt, width))
            return
        columns = pick_columns(loaded, table, column_spec) if column_spec is not None and table in loaded.tables else None
        if row_id is None:
            text = show_table(loaded, table, status, fmt, width, columns)
        elif status is not None:
            raise InputError("--status", "filters the rows of a TABLE; not with a ROW_ID")
        else:
            text = show_row(loaded, table, row_id, fmt, width, columns)
        _echo(text)
    except InputError as exc:
        _fail(str(exc))


@main.command("report")
@click.argument("edition", required=False)
@click.option("--diff", "pair", nargs=2, metavar="OLD NEW", help="Report the diff of two editions instead.")
@click.option("-o", "--output", "target", type=click.Path(path_type=Path),
              help="HTML file to write (default: OUT/<edition>/report.html or OUT/diffs/OLD-NEW/report.html).")
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Output root: editions may be ids under it.")
@rules_option
def report_command(edition: str | None, pair: tuple[str, str] | None, target: Path | None, out: Path,
                   rules_dir: Path | None) -> None:
    """Write an edition or a diff as one HTML file.

    The file needs no network: a table of contents, filters, charts, the summary tables (sortable)
    and the text by section with mentions and counts highlighted, each sentence with its id, its
    status and the rule that set it, each paragraph with its pages and lines. With --diff: plans by
    outcome and kind, the plan scorecard, the changed counts and the other changes; each edition's
    report is written beside it, in its folder, and the diff's sentence ids link to it. Written
    into OUT/diff-OLD-NEW/ (no -o), the diff's tables are written there too, as `diff` would.
    """
    try:
        from .report import diff_report_file, edition_report_file

        if pair and edition:
            raise InputError(edition, "give either EDITION or --diff OLD NEW, not both")
        if pair:
            from .diff import diff, write_diff
            from .output import read

            before, after = read(pair[0], out), read(pair[1], out)
            result = diff(before, after, _rules(rules_dir))
            if target is None:  # the report's folder is the diff's: a folder `diff` can read and replace
                write_diff(out, before, after, result)
            paths = diff_report_file(before, after, result, out, target)
        elif edition:
            paths = [edition_report_file(edition, out, target)]
        else:
            raise InputError("report", "needs EDITION or --diff OLD NEW")
        for path in paths:
            click.echo(f"{path} ({path.stat().st_size // 1024} KB)")
    except InputError as exc:
        _fail(str(exc))


@main.command("export")
@click.argument("target", required=False, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["duckdb", "parquet"]), default="duckdb", show_default=True,
              help="duckdb: one database file; parquet: a Hive-partitioned dataset (<table>/edition=<id>/part-0.parquet).")
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Output root: every edition (OUT/<id>/) and diff (OUT/diffs/) under it is exported.")
@rules_option
def export_command(target: Path | None, fmt: str, out: Path, rules_dir: Path | None) -> None:
    """Write every edition, every diff and the catalogue across editions as one dataset.

    TARGET is the DuckDB file (default OUT/export/whitepaper.duckdb) or, with --format parquet,
    the dataset folder (default OUT/export/parquet/).
    """
    try:
        from .export import DUCKDB_FILE, PARQUET_DIR, check_target, collect, write_duckdb, write_parquet
        from .output import export_path
        from .rules.compare import CompareRules

        target = target or export_path(out) / (DUCKDB_FILE if fmt == "duckdb" else PARQUET_DIR)
        check_target(target, fmt)
        dataset = collect(out, _rules(rules_dir).get(CompareRules))
        for note in dataset.notes:
            click.echo(f"whitepaper: note: {note}", err=True)
        path = (write_duckdb if fmt == "duckdb" else write_parquet)(dataset, target)
        rows = sum(t.num_rows for t in dataset.tables.values())
        views = f", {len(dataset.views())} views" if fmt == "duckdb" else ""
        click.echo(f"{path}: {len(dataset.editions)} editions, {len(dataset.pairs)} diffs, "
                   f"{len(dataset.tables)} tables ({rows} rows){views}")
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
