"""`whitepaper export`: the DuckDB file and the Hive-partitioned dataset of the three test
editions (tests/catalog_build.py), read back; the views; what is refused; the queries of
docs/DATA.md run as written."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from pipeline import schemas
from pipeline.errors import InputError
from pipeline.export import DUCKDB_FILE, MARKER_TABLE, PARQUET_DIR, collect, write_duckdb, write_parquet
from pipeline.output import export_path
from pipeline.rules.compare import CompareRules
from tests.commands import one_line_error, run, tree

ROOT = Path(__file__).resolve().parent.parent
ALL_TABLES = {**schemas.edition_tables(), **schemas.DIFF_TABLES, **schemas.CATALOG_TABLES}


@pytest.fixture(scope="module")
def db(catalog_out):
    con = duckdb.connect(str(export_path(catalog_out) / DUCKDB_FILE), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def dataset(catalog_out, rules):
    return collect(catalog_out, rules.get(CompareRules))


def _count(con, sql: str) -> int:
    return con.execute(sql).fetchone()[0]


def _hive(catalog_out: Path, name: str) -> str:
    keys = ("edition",) if "edition" in ALL_TABLES[name].names else ("old_edition", "new_edition")
    glob = export_path(catalog_out) / PARQUET_DIR / name / "/".join("*" for _ in keys) / "*.parquet"
    types = ", ".join(f"'{k}': VARCHAR" for k in keys)
    return f"read_parquet('{glob}', hive_partitioning = true, hive_types = {{{types}}})"


def test_the_database_holds_every_folders_rows(catalog_out, db, dataset):
    assert sorted(r[0] for r in db.execute("SELECT table_name FROM duckdb_tables()").fetchall()) == sorted(
        [*ALL_TABLES, MARKER_TABLE])
    for name in schemas.edition_tables():
        expected = sum(pq.read_metadata(catalog_out / e / f"{name}.parquet").num_rows for e in ("2016s", "2021", "2026a"))
        assert _count(db, f'SELECT count(*) FROM "{name}"') == expected, name
    for name in schemas.DIFF_TABLES:
        expected = sum(pq.read_metadata(p).num_rows for p in (catalog_out / "diffs").glob(f"*/{name}.parquet"))
        assert _count(db, f'SELECT count(*) FROM "{name}"') == expected > 0, name
    for name in schemas.CATALOG_TABLES:
        assert _count(db, f'SELECT count(*) FROM "{name}"') == dataset.tables[name].num_rows > 0, name
    described = dict(db.execute("SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 'object_timeline'")
                     .fetchall())
    assert described == {f.name: f.metadata[b"doc"].decode() for f in schemas.OBJECT_TIMELINE}


def test_the_views_answer_the_common_questions(db):
    assert _count(db, "SELECT count(*) FROM planned_objects") == _count(
        db, "SELECT count(*) FROM object_timeline WHERE status = 'planned'") > 0
    outcomes = db.execute("SELECT old_edition, new_edition, sum(plans), sum(fulfilled + in_progress + not_mentioned + dropped + carried_over) "
                          "FROM plan_outcomes GROUP BY ALL ORDER BY ALL").fetchall()
    plans = db.execute("SELECT old_edition, new_edition, count(*), count(*) FROM plans GROUP BY ALL ORDER BY ALL").fetchall()
    assert outcomes == plans and len(plans) == 2
    columns = [r[0] for r in db.execute("DESCRIBE partners_by_edition").fetchall()]
    assert columns == ["partner_id", "name", "type", "editions_named", "in_every_edition", "2016s", "2021", "2026a"]
    rows = db.execute('SELECT in_every_edition, "2016s" IS NOT NULL AND "2021" IS NOT NULL AND "2026a" IS NOT NULL, '
                      "editions_named FROM partners_by_edition").fetchall()
    assert len(rows) == _count(db, "SELECT count(DISTINCT partner_id) FROM partner_timeline")
    assert all(every == in_all == (named == 3) for every, in_all, named in rows)


def test_the_hive_dataset_reads_back_with_the_same_rows(catalog_out, db):
    folder = export_path(catalog_out) / PARQUET_DIR
    for name, schema in ALL_TABLES.items():
        keys = ["edition"] if "edition" in schema.names else ["old_edition", "new_edition"]
        files = sorted(str(p.relative_to(folder / name)) for p in (folder / name).rglob("*.parquet"))
        if keys == ["edition"]:  # every edition has its file, empty or not
            assert files == [f"edition={e}/part-0.parquet" for e in ("2016s", "2021", "2026a")], name
        rows = _count(db, f'SELECT count(*) FROM "{name}"')
        columns = ", ".join(f'"{c}"' for c in schema.names)
        glob = _hive(catalog_out, name)
        assert _count(db, f"SELECT count(*) FROM {glob}") == rows, name
        for a, b in ((f'"{name}"', glob), (glob, f'"{name}"')):  # the same rows, value for value
            assert _count(db, f"SELECT count(*) FROM (SELECT {columns} FROM {a} EXCEPT ALL SELECT {columns} FROM {b})") == 0
        partitioning = ds.partitioning(pa.schema([(k, pa.string()) for k in keys]), flavor="hive")
        read = ds.dataset(folder / name, format="parquet", partitioning=partitioning)
        assert read.count_rows() == rows, name
        assert sorted(read.schema.names) == sorted(schema.names), name
        assert all(k not in pq.read_schema(folder / name / files[0]).names for k in keys)  # in folder names only


def test_exports_are_reproducible(tmp_path, dataset, catalog_out):
    parquet = [write_parquet(dataset, tmp_path / f"parquet-{i}") for i in (1, 2)]
    assert tree(parquet[0]) == tree(parquet[1]) == tree(export_path(catalog_out) / PARQUET_DIR)
    databases = [write_duckdb(dataset, tmp_path / f"db-{i}.duckdb") for i in (1, 2)]
    contents = []
    for path in databases:
        con = duckdb.connect(str(path), read_only=True)
        contents.append({name: con.execute(f'SELECT * FROM "{name}"').fetchall() for name in ALL_TABLES})
        con.close()
    assert contents[0] == contents[1]


@pytest.fixture
def root(tmp_path, catalog_out) -> Path:
    """A copy of the test editions and diffs (no export) for the command to write into."""
    out = tmp_path / "output"
    shutil.copytree(catalog_out, out, ignore=shutil.ignore_patterns("export"))
    return out


def test_the_command_writes_both_formats_and_notes_a_pair_never_diffed(root):
    result = run("export", "--out", str(root))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (f"{root}/export/whitepaper.duckdb: 3 editions, 2 diffs, {len(ALL_TABLES)} tables "
                                     f"({_rows(root)} rows), 3 views")
    assert result.stderr == ""
    again = run("export", "--out", str(root))  # a database it wrote is replaced
    assert again.returncode == 0, again.stderr
    shutil.rmtree(root / "diffs" / "2016s-2021")
    result = run("export", "--format", "parquet", "--out", str(root))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{root}/export/parquet: 3 editions, 1 diffs, ")
    assert "no diff 2016s -> 2021" in result.stderr and "whitepaper diff 2016s 2021" in result.stderr
    pair = ds.partitioning(pa.schema([("old_edition", pa.string()), ("new_edition", pa.string())]), flavor="hive")
    chains = pq.read_table(root / "export" / "parquet" / "plan_chains", partitioning=pair).to_pylist()
    assert chains and {(r["old_edition"], r["new_edition"]) for r in chains} == {("2021", "2026a")}
    assert sorted(p.name for p in (root / "export").iterdir()) == ["parquet", "whitepaper.duckdb"]


def _rows(root: Path) -> int:
    con = duckdb.connect(str(root / "export" / DUCKDB_FILE), read_only=True)
    try:
        return sum(_count(con, f'SELECT count(*) FROM "{n}"') for n in ALL_TABLES)
    finally:
        con.close()


def test_what_the_command_refuses_leaves_everything_as_it_was(tmp_path, root):
    notes = tmp_path / "notes.txt"
    notes.write_text("mine\n", encoding="utf-8")
    theirs = tmp_path / "theirs.duckdb"
    con = duckdb.connect(str(theirs))
    con.execute("CREATE TABLE mine AS SELECT 1 AS x")
    con.close()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "data.csv").write_text("a\n", encoding="utf-8")
    before = tree(tmp_path)
    for args, words in ((["export", str(notes), "--out", str(root)], ("notes.txt", "not a database")),
                        (["export", str(theirs), "--out", str(root)], ("theirs.duckdb", "not a database")),
                        (["export", str(mine), "--out", str(root)], ("mine", "not a file")),
                        (["export", str(mine), "--format", "parquet", "--out", str(root)], ("mine", "move it away")),
                        (["export", "--out", str(tmp_path / "empty")], ("empty", "no extracted editions"))):
        result = run(*args)
        assert one_line_error(result, *words), (args, result.stderr)
        assert tree(tmp_path) == before, args


def test_without_duckdb_the_error_names_the_extra(tmp_path, dataset, monkeypatch):
    monkeypatch.setitem(sys.modules, "duckdb", None)
    with pytest.raises(InputError, match=re.escape("pip install 'whitepaper[duckdb]'")):
        write_duckdb(dataset, tmp_path / "x.duckdb")
    assert list(tmp_path.iterdir()) == []


def test_a_diff_in_the_old_place_is_named_and_not_exported(root):
    shutil.move(root / "diffs" / "2021-2026a", root / "diff-2021-2026a")
    result = run("export", "--format", "parquet", "--out", str(root))
    assert result.returncode == 0, result.stderr
    assert "diff-2021-2026a is a diff in the old place" in result.stderr
    assert "3 editions, 1 diffs" in result.stdout


# ----- docs/DATA.md ----------------------------------------------------------------------------

def _export_blocks() -> list[tuple[str, str]]:
    text = (ROOT / "docs" / "DATA.md").read_text(encoding="utf-8")
    section = text[text.index("## Across editions"):text.index("## Tables")]
    return re.findall(r"```(sql|python)\n(.*?)```", section, re.S)


def test_the_export_section_has_queries_of_both_kinds():
    kinds = Counter(kind for kind, _ in _export_blocks())
    assert kinds["sql"] >= 6 and kinds["python"] >= 3


@pytest.mark.parametrize("number", range(len(_export_blocks())))
def test_every_query_of_the_data_dictionary_runs(number, catalog_out, monkeypatch):
    kind, code = _export_blocks()[number]
    monkeypatch.chdir(catalog_out.parent)  # the queries name output/...
    if kind == "sql":
        con = duckdb.connect("output/export/whitepaper.duckdb", read_only=True)
        try:
            for statement in (s for s in code.split(";") if s.strip() and not _comment_only(s)):
                assert con.execute(statement).fetchall(), f"no rows:\n{statement}"
        finally:
            con.close()
    else:
        needed = {m for m in re.findall(r"^(?:from|import) (\w+)", code, re.M)}
        missing = sorted(m for m in needed if importlib.util.find_spec(m) is None)
        if missing:
            pytest.skip(f"needs {', '.join(missing)}, not installed here")
        namespace: dict = {}
        exec(compile(code, f"DATA.md block {number}", "exec"), namespace)
        tables = [v for v in namespace.values() if isinstance(v, pa.Table) or type(v).__name__ == "DataFrame"]
        assert tables and all(len(t) > 0 for t in tables)


def _comment_only(statement: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in statement.splitlines())

