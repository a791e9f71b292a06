"""`whitepaper show`, run for real on the 2021 edition: summary, formats, terminal width, errors."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline import __version__
from pipeline.run import extract_edition
from pipeline.schemas import edition_tables

TABLE_NAMES = edition_tables()
from pipeline.show import fit, render_table
from pipeline.write import write_folder

WHITEPAPER = str(Path(sys.executable).parent / "whitepaper")


@pytest.fixture(scope="module")
def out(tmp_path_factory, edition_2021, rules, nlp) -> Path:
    root = tmp_path_factory.mktemp("show")
    tables, manifest = extract_edition(edition_2021, rules, nlp)
    write_folder(root, "2021", tables, manifest)
    return root


def show(out: Path, *args: str, columns: int = 100) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": str(columns), "LINES": "50"}
    return subprocess.run([WHITEPAPER, "show", "2021", *args, "--out", str(out)],
                          capture_output=True, text=True, timeout=120, env=env)


def rows(out: Path, table: str) -> list[dict]:
    return pq.read_table(out / "2021" / f"{table}.parquet").to_pylist()


def test_summary_lists_every_table_with_its_rows(out):
    result = show(out)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "2021" / "manifest.json").read_text())
    for name, info in manifest["tables"].items():
        assert re.search(rf"^{name}: {info['rows']} rows? ", result.stdout, re.M), name
    assert set(manifest["tables"]) == set(TABLE_NAMES)
    first = rows(out, "missions")[0]
    assert re.search(rf"^  {re.escape(first['entity_id'])}\s+{re.escape(first['name'])}\s", result.stdout, re.M)
    assert len(result.stdout.splitlines()) <= 60, "one screen"


def test_planned_missions_as_json(out):
    result = show(out, "missions", "--status", "planned", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    expected = [r for r in rows(out, "missions") if r["status"] == "planned"]
    assert data and data == expected
    assert all(list(row) == TABLE_NAMES["missions"].names for row in data)
    assert {row["status"] for row in data} == {"planned"}


def test_csv_parses_back(out):
    result = show(out, "partners", "--format", "csv")
    assert result.returncode == 0, result.stderr
    parsed = list(csv.DictReader(io.StringIO(result.stdout)))
    original = rows(out, "partners")
    assert list(parsed[0]) == TABLE_NAMES["partners"].names
    assert [r["partner_id"] for r in parsed] == [r["partner_id"] for r in original]
    assert [r["name"] for r in parsed] == [r["name"] for r in original]
    assert [json.loads(r["aliases"]) for r in parsed] == [r["aliases"] for r in original]
    assert [int(r["mention_count"]) for r in parsed] == [r["mention_count"] for r in original]
    assert [r["iso3"] or None for r in parsed] == [r["iso3"] for r in original]


def _markdown_rows(text: str) -> list[list[str]]:
    lines = text.strip().splitlines()
    assert re.fullmatch(r"\|(-{3}:?\|)+", lines[1]), lines[1]
    cells = [[c.strip().replace("\\|", "|").replace("\\\\", "\\") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
             for line in lines[:1] + lines[2:]]
    return cells


def test_markdown_parses_back(out):
    result = show(out, "sentences", "--status", "achieved", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    table = _markdown_rows(result.stdout)
    header, body = table[0], table[1:]
    assert header == TABLE_NAMES["sentences"].names
    original = [r for r in rows(out, "sentences") if r["status"] == "achieved"]
    assert [dict(zip(header, cells))["sentence_id"] for cells in body] == [r["sentence_id"] for r in original]
    assert [dict(zip(header, cells))["text"] for cells in body] == [" ".join(r["text"].split()) for r in original]


@pytest.mark.parametrize("columns", [50, 80, 132])
def test_table_format_fits_the_terminal(out, columns):
    for args in (("sentences",), ("counts",), ()):
        result = show(out, *args, columns=columns)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert lines and max(len(line) for line in lines) <= columns, args
    table = show(out, "sentences", columns=columns).stdout.splitlines()
    header = table[0].split()
    assert header[0] == "sentence_id" and {"status", "text"} <= set(header), "key columns stay"
    assert set(table[1]) <= {"-", " "}
    assert any("…" in line for line in table[2:]), "long sentences are cut"
    body = table[2:2 + len(rows(out, "sentences"))]
    assert [line.split()[0] for line in body] == [r["sentence_id"] for r in rows(out, "sentences")]
    if len(header) < len(TABLE_NAMES["sentences"].names) - 1:
        assert table[-1].startswith("(not shown: ") and len(table) == 3 + len(body)
    else:
        assert len(table) == 2 + len(body)


def test_fit_gives_way_from_the_widest_column():
    assert fit([5, 10, 200], 300) == [5, 10, 200]
    widths = fit([5, 10, 200, 150], 100)
    assert sum(widths) == 100 and widths[:2] == [5, 10] and min(widths[2:]) >= 40
    text = render_table(["id", "text"], [{"id": "a/1", "text": "x" * 500}], 40)
    assert all(len(line) <= 40 for line in text.splitlines()) and text.splitlines()[2].endswith("…")


def _one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_unknown_table_is_a_one_line_error_listing_the_tables(out):
    line = _one_line_error(show(out, "rockets"))
    assert "rockets" in line and all(name in line for name in TABLE_NAMES)


def test_status_on_a_table_without_status_is_an_error(out):
    line = _one_line_error(show(out, "sections", "--status", "planned"))
    assert "sections" in line and "status" in line
    _one_line_error(show(out, "--status", "planned"))


def test_unknown_edition_is_a_one_line_error(out):
    result = subprocess.run([WHITEPAPER, "show", "1999", "--out", str(out)], capture_output=True, text=True, timeout=60)
    assert "1999" in _one_line_error(result)


# ----- --columns, and one row in full -------------------------------------------------------

def test_columns_picks_and_orders_columns_in_every_format(out):
    expected = [{"value": r["value"], "text": r["text"]} for r in rows(out, "counts")]
    result = show(out, "counts", "--columns", "value,text", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected
    parsed = list(csv.reader(io.StringIO(show(out, "counts", "--columns", "value, text", "--format", "csv").stdout)))
    assert parsed[0] == ["value", "text"] and len(parsed) == 1 + len(expected)
    table = show(out, "sentences", "--columns", "status,sentence_id", "--status", "planned", columns=60).stdout
    lines = table.splitlines()
    assert lines[0].split() == ["status", "sentence_id"] and "not shown" not in table
    assert [line.split() for line in lines[2:]] == [
        ["planned", r["sentence_id"]] for r in rows(out, "sentences") if r["status"] == "planned"]


def test_an_unknown_column_names_the_columns(out):
    line = _one_line_error(show(out, "missions", "--columns", "name,colour"))
    assert "'colour'" in line and "entity_id" in line and "evidence_sentence_id" in line
    assert "--columns" in _one_line_error(show(out, "--columns", "name"))


def _words(text: str) -> list[str]:
    return text.split()


def test_a_row_in_full_with_its_evidence_and_why(out):
    row = next(r for r in rows(out, "missions") if r["entity_id"] == "change-5")
    sentences = {s["sentence_id"]: s for s in rows(out, "sentences")}
    evidence = sentences[row["evidence_sentence_id"]]
    result = show(out, "missions", "change-5", columns=60)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert all(len(line) <= 60 for line in text.splitlines()), "wrapped to the terminal, never cut"
    assert "…" not in text
    for column, value in row.items():
        if column != "edition" and value not in (None, []):
            assert re.search(rf"^  {column} ", text, re.M), column
    flat = " ".join(text.split())
    assert " ".join(_words(evidence["text"])) in flat, "the evidence sentence in full"
    assert f"rule {evidence['status_rule']}, trigger “{evidence['status_trigger']}”" in flat
    assert "missions.status: achieved (launched, completed, operating) if any mention says so" in flat
    mentions = [m for m in rows(out, "mentions") if m["table"] == "missions" and m["entity_id"] == "change-5"]
    assert f"{len(mentions)} mention" in flat
    for m in mentions:
        assert f"{m['mention_id']} “{m['surface']}”: {m['status']} (stage {m['stage']}, status_rule {m['status_rule']}, " \
               f"status_trigger {m['status_trigger']}, rule {m['rule']})" in flat


def test_a_row_as_json_carries_the_sentence_and_the_mentions(out):
    result = show(out, "partners", "RUS", "--format", "json")
    assert result.returncode == 0, result.stderr
    [data] = json.loads(result.stdout)
    row = next(r for r in rows(out, "partners") if r["partner_id"] == "RUS")
    assert data["row"] == row and data["table"] == "partners"
    assert data["sentence"]["sentence_id"] == row["evidence_sentence_id"]
    assert data["sentence"]["reason"].startswith(data["sentence"]["status"])
    mentions = [m for m in rows(out, "mentions") if m["table"] == "partners" and m["entity_id"] == "RUS"]
    assert [m["mention_id"] for m in data["mentions"]] == [m["mention_id"] for m in mentions]
    assert {m["status"] for m in data["mentions"]} >= {"achieved"}
    assert "own mentions or via a joint body" in data["status_rule"]


def test_a_sentence_in_a_scope_names_the_sentence_that_opened_it(out):
    sentence = next(s for s in rows(out, "sentences") if s["status_rule"] == "scope")
    opener = next(s for s in rows(out, "sentences") if s["sentence_id"] == sentence["status_trigger"])
    text = " ".join(show(out, "sentences", sentence["sentence_id"], columns=100).stdout.split())
    assert f"planned by the scope that sentence {opener['sentence_id']} opened" in text
    assert f"{opener['sentence_id']}: “{' '.join(opener['text'].split())}”" in text


def test_row_id_errors(out):
    line = _one_line_error(show(out, "missions", "change5"))
    assert "change5" in line and "change-5" in line, "close ids are suggested"
    assert "ROW_ID" in _one_line_error(show(out, "missions", "change-5", "--status", "planned"))
    assert "rockets" in _one_line_error(show(out, "rockets", "x"))


def test_per_mention_columns_are_shown_when_present(out):
    """Each mention says more about itself than its sentence: its own status, stage, rule and
    trigger; `show` prints whatever columns it has."""
    result = subprocess.run([WHITEPAPER, "show", str(out / "2021"), "missions", "change-5"], capture_output=True,
                            text=True, timeout=60, env={**os.environ, "COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    assert re.search(r"“Chang'e-5”: achieved \(stage completed, status_rule simple-past, status_trigger brought, "
                     r"rule gazetteer\)", result.stdout), result.stdout

def test_escape_sequences_of_a_source_never_reach_the_terminal(tmp_path):
    """A source line with an ANSI colour and an OSC title sequence: the tables keep the text as
    read, `show` prints the control characters as visible \\x1b text in the table format, and on
    a terminal in every format; csv to a pipe stays exact."""
    import pty

    path = tmp_path / "esc-2031.txt"
    path.write_text("Preamble\nChina \x1b]0;pwned\x07has launched Tianwen-1 \x1b[31mtoday.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert subprocess.run([WHITEPAPER, "extract", str(path), "--out", str(out), "-q"], timeout=120).returncode == 0
    base = [WHITEPAPER, "show", "2031", "sentences", "--out", str(out)]
    table = subprocess.run(base, capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "200"})
    assert "\x1b" not in table.stdout and "\x07" not in table.stdout and "\\x1b]0;pwned\\x07" in table.stdout
    piped = subprocess.run([*base, "--format", "csv"], capture_output=True, text=True, timeout=120)
    assert "\x1b]0;pwned\x07" in piped.stdout, "csv to a pipe is the data as it is"
    leader, follower = pty.openpty()
    run = subprocess.run([*base, "--format", "csv"], stdout=follower, stderr=subprocess.PIPE, timeout=120)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert run.returncode == 0 and b"\x1b" not in shown and b"\\x1b[31m" in shown


@pytest.mark.parametrize("version, says", [
    ("0.1.0-old", "extracted by whitepaper 0.1.0-old, this is "),
    (None, "written by an earlier build of whitepaper "),  # the same version, older tables
])
def test_a_folder_written_before_a_column_existed_says_so_in_one_line(tmp_path, out, version, says):
    root = tmp_path / "old"
    shutil.copytree(out / "2021", root / "2021")
    table = pq.read_table(root / "2021" / "launch_sites.parquet")
    pq.write_table(table.drop_columns(["stage"]), root / "2021" / "launch_sites.parquet")
    manifest_path = root / "2021" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["pipeline"]["version"] = version or __version__
    manifest_path.write_text(json.dumps(manifest))
    result = show(root, "launch_sites")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "launch_sites.parquet: has no column 'stage': " + says in result.stderr
    assert result.stderr.rstrip().endswith("extract it again")
