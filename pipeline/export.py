"""`whitepaper export`: every edition's tables, every diff and the catalogue as one dataset.

`collect(out_root, rules)` reads the output root (`output.scan`) and builds one table per name
holding every edition (edition tables), every diff (diff tables) and the catalogue
(`catalog.py`). It is then written either as

- one DuckDB database file (`write_duckdb`): a table per name, with the column meanings of
  `schemas.py` as column comments, and views for the common questions (`VIEWS`); or
- a Hive-partitioned Parquet dataset (`write_parquet`): `<table>/edition=<id>/part-0.parquet`,
  or `<table>/old_edition=<a>/new_edition=<b>/part-0.parquet` for the tables of edition pairs;
  the partition columns live in the folder names only (as Hive, Spark and pyarrow write them),
  and every edition or pair has its file, empty or not, so one glob reads a table.

Both are written through `write.py`: the database in a staging folder and renamed into place,
replacing only a database this command wrote; the dataset as a staged folder with a manifest.
The Parquet files are byte-identical for the same input; a DuckDB file holds the same data,
but DuckDB writes a random database id (and unused block bytes) into it, so its bytes differ.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import __version__, schemas
from .catalog import build
from .errors import InputError
from .model import OUTCOMES
from .output import DIFFS_DIR, Scanned, scan
from .rules.compare import CompareRules
from .write import file_problem, replaceable, write_built_file, write_tree

DUCKDB_FILE = "whitepaper.duckdb"
PARQUET_DIR = "parquet"
MARKER_TABLE = "whitepaper_export"  # in every database this command writes: only such a file is replaced
PAIR = ("old_edition", "new_edition")


@dataclass(frozen=True)
class Dataset:
    """Every table of the export, in order, with what each table is partitioned by."""

    editions: list[str]  # in the catalogue's order
    pairs: list[tuple[str, str]]  # the diffs, old -> new
    tables: dict[str, pa.Table]
    groups: dict[str, str]  # table -> "edition", "diff" or "catalogue"
    notes: list[str]

    def partitioning(self, name: str) -> tuple[str, ...]:
        return ("edition",) if "edition" in self.tables[name].schema.names else PAIR

    def partitions(self, name: str) -> list[tuple[str, ...]]:
        return [(e,) for e in self.editions] if self.partitioning(name) == ("edition",) else list(self.pairs)

    @staticmethod
    def edition_column(edition: str) -> str:
        """The column of an edition in partners_by_edition: its id, unless a fixed column has that name."""
        return f"{edition} (edition)" if edition.lower() in _FIXED_COLUMNS else edition

    def views(self) -> dict[str, str]:
        """View name -> its SELECT, over the table names of the export."""
        columns = ", ".join(f"max(status) FILTER (WHERE edition = '{e}') AS \"{self.edition_column(e)}\""
                            for e in self.editions)
        return {
            "planned_objects": (
                "SELECT o.edition, o.year, o.entity_table, o.entity_id, o.name, o.kind, o.stage, o.mention_count, "
                "o.evidence_sentence_id, o.evidence FROM object_timeline o JOIN editions e ON e.edition = o.edition "
                "WHERE o.status = 'planned' ORDER BY e.ordinal, o.entity_table, o.entity_id"),
            "plan_outcomes": (
                "SELECT p.old_edition, p.new_edition, p.kind, count(*) AS plans"
                + "".join(f", count(*) FILTER (WHERE p.outcome = '{o}') AS {o}" for o in OUTCOMES) + " "
                "FROM plans p LEFT JOIN editions o ON o.edition = p.old_edition "
                "LEFT JOIN editions n ON n.edition = p.new_edition "
                "GROUP BY p.old_edition, p.new_edition, p.kind, o.ordinal, n.ordinal "
                "ORDER BY o.ordinal, n.ordinal, p.old_edition, p.new_edition, p.kind"),
            "partners_by_edition": (
                "SELECT partner_id, min(name) AS name, min(type) AS type, count(*) AS editions_named, "
                f"bool_and(in_every_edition) AS in_every_edition, {columns} "
                "FROM partner_timeline GROUP BY partner_id ORDER BY partner_id"),
        }


_FIXED_COLUMNS = {"partner_id", "name", "type", "editions_named", "in_every_edition"}  # of partners_by_edition

VIEW_DOCS = {
    "planned_objects": "space objects whose status is planned, by edition",
    "plan_outcomes": "plans of each diffed pair of editions by kind, with how many had each outcome (fulfilled, in_progress, not_mentioned, dropped, carried_over)",
    "partners_by_edition": "one row per partner: in how many editions, and its status in each (a column per edition; null = not named)",
}


def collect(out_root: Path, rules: CompareRules) -> Dataset:
    """Every edition and diff under out_root, and the catalogue built from them."""
    found: Scanned = scan(out_root)
    if not found.editions:
        raise InputError(out_root, "holds no extracted editions; run `whitepaper extract` first")
    catalogue = build(found.editions, found.diffs, rules)
    ids = [f.id for f in catalogue.editions]
    rank = {e: i for i, e in enumerate(ids)}
    diffs = sorted(found.diffs, key=lambda d: tuple((rank.get(d.manifest["diff"][s], len(ids)), d.manifest["diff"][s])
                                                     for s in ("old", "new")))
    pairs = [(d.manifest["diff"]["old"], d.manifest["diff"]["new"]) for d in diffs]
    if len(set(pairs)) != len(pairs):
        raise InputError(out_root / DIFFS_DIR, "holds two diffs of the same pair of editions; keep one")
    tables: dict[str, pa.Table] = {}
    groups: dict[str, str] = {}
    for name, schema in schemas.edition_tables().items():
        tables[name] = _table(schema, [r for f in catalogue.editions for r in f.tables.get(name, [])])
        groups[name] = "edition"
    for name, schema in schemas.DIFF_TABLES.items():
        tables[name] = _table(schema, [r for d in diffs for r in d.tables.get(name, [])])
        groups[name] = "diff"
    for name, schema in schemas.CATALOG_TABLES.items():
        tables[name] = _table(schema, catalogue.rows[name])
        groups[name] = "catalogue"
    notes = [f"no diff {a} -> {b} under {out_root / DIFFS_DIR}: plan chains stop at {a}; "
             f"run `whitepaper diff {a} {b}` to follow them" for a, b in catalogue.missing_diffs]
    notes += [f"{folder} is a diff in the old place and is not exported; run the diff again to write it "
              f"under {out_root / DIFFS_DIR}" for folder in found.misplaced]
    return Dataset(ids, pairs, tables, groups, notes)


def _table(schema: pa.Schema, rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist([{name: row.get(name) for name in schema.names} for row in rows], schema=schema)


def _manifest(dataset: Dataset, fmt: str) -> dict:
    return {
        "export": {"format": fmt, "editions": dataset.editions, "diffs": [f"{a}-{b}" for a, b in dataset.pairs]},
        "pipeline": {"name": "whitepaper", "version": __version__},
        "tables": {name: {"rows": t.num_rows, "group": dataset.groups[name],
                          "partitioning": list(dataset.partitioning(name))} for name, t in dataset.tables.items()},
    }


def check_target(path: Path, fmt: str) -> None:
    """Refuse, before any work, a target the export must not replace: a file or folder that
    this command did not write."""
    problem = file_problem(path, _not_our_database) if fmt == "duckdb" else replaceable(path, "export")
    if problem:
        raise InputError(path, problem)


# ----- Hive-partitioned Parquet ----------------------------------------------------------------

def write_parquet(dataset: Dataset, folder: Path) -> Path:
    """The dataset as `folder/<table>/<key>=<value>[/...]/part-0.parquet`, put in place atomically."""
    def fill(tmp: Path) -> None:
        for name, table in dataset.tables.items():
            keys = dataset.partitioning(name)
            for values in dataset.partitions(name):
                mask = None
                for column, value in zip(keys, values):
                    here = pc.equal(table[column], value)
                    mask = here if mask is None else pc.and_(mask, here)
                part = table.filter(mask).drop_columns(list(keys))
                target = tmp.joinpath(name, *(f"{k}={v}" for k, v in zip(keys, values)))
                target.mkdir(parents=True)
                pq.write_table(part, target / "part-0.parquet", compression="zstd")

    return write_tree(folder.parent, folder.name, fill, _manifest(dataset, "parquet"), kind="export")


# ----- DuckDB ----------------------------------------------------------------------------------

def _duckdb():
    try:
        import duckdb
    except ImportError:
        raise InputError("--format duckdb", "needs DuckDB: pip install 'whitepaper[duckdb]' "
                                            "(or write Parquet with --format parquet)") from None
    return duckdb


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write_duckdb(dataset: Dataset, path: Path) -> Path:
    """The dataset as one DuckDB database file with comments and views, put in place atomically."""
    duckdb = _duckdb()
    group_docs = {"edition": "one row per row of each edition's table (see docs/DATA.md)",
                  "diff": "the rows of every diff", "catalogue": "across editions (pipeline/catalog.py)"}

    def build_file(tmp: Path) -> None:
        try:
            _fill_database(duckdb.connect(str(tmp)), dataset, group_docs)
        except duckdb.Error as exc:
            raise InputError(path, f"DuckDB could not write it ({str(exc).splitlines()[0]})") from None

    return write_built_file(path, build_file, _not_our_database)


def _fill_database(con, dataset: Dataset, group_docs: dict[str, str]) -> None:
    """Every table with its column comments, the views, and the marker table, in one transaction."""
    try:
        con.execute("BEGIN TRANSACTION")
        for name, table in dataset.tables.items():
            con.register("incoming", table)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
            con.unregister("incoming")
            con.execute(f'COMMENT ON TABLE "{name}" IS {_quote(group_docs[dataset.groups[name]])}')
            for column in table.schema:
                doc = (column.metadata or {}).get(b"doc", b"").decode()
                con.execute(f'COMMENT ON COLUMN "{name}"."{column.name}" IS {_quote(doc)}')
        for name, select in dataset.views().items():
            con.execute(f'CREATE VIEW "{name}" AS {select}')
            con.execute(f'COMMENT ON VIEW "{name}" IS {_quote(VIEW_DOCS[name])}')
        con.execute(f"CREATE TABLE {MARKER_TABLE} (name VARCHAR, value VARCHAR)")
        manifest = _manifest(dataset, "duckdb")
        con.executemany(f"INSERT INTO {MARKER_TABLE} VALUES (?, ?)",
                        [[key, json.dumps(value, sort_keys=True)] for key, value in manifest.items()])
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _not_our_database(path: Path) -> str | None:
    """Why an existing file must not be replaced, unless it is a database this command wrote."""
    refuse = "exists and is not a database `whitepaper export` wrote; move it away or choose another path"
    try:
        with path.open("rb") as handle:
            if handle.read(12)[8:12] != b"DUCK":
                return refuse
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    duckdb = _duckdb()
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        return f"cannot be opened to check it is an export ({str(exc).splitlines()[0]}); close it or choose another path"
    try:
        tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    finally:
        con.close()
    return None if MARKER_TABLE in tables else refuse
