"""Editions from the web, run through the real command: the 2021 edition as three saved pages
and as a copied page with its site clutter give the tables its clean text gives; an edition in
parts, from the command line and from the catalogue; catalogued editions whose text is not
shipped; and bad parts refused in one line before anything is written."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.schemas import edition_tables
from tests.commands import GOOD, digests, one_line_error, run, tree
from tests.conftest import ROOT

WEB = ROOT / "tests" / "fixtures" / "web"
PARTS = [WEB / f"cn-space-2021-part{n}.html" for n in (1, 2, 3)]
REFERENCE = WEB / "cn-space-2021-web.txt"
COPY = WEB / "cn-space-2021-clutter.txt"

# Where a line is, not what it says: these columns follow the input's lines (line numbers, the
# file of each part, the HTML element), so they differ between renderings of one text.
PROVENANCE = {"sections": {"first_line", "last_line"},
              "segments": {"first_line", "last_line", "source_file", "source_path"}}


def _extract(out: Path, *paths: Path, edition: str = "2021web", env: dict | None = None) -> dict[str, list[dict]]:
    result = run("extract", *map(str, paths), "--edition", edition, "--out", str(out), "-q", env=env)
    assert result.returncode == 0, result.stderr
    return {name: pq.read_table(out / edition / f"{name}.parquet").to_pylist() for name in edition_tables()}


@pytest.fixture(scope="module")
def from_text(tmp_path_factory) -> dict[str, list[dict]]:
    return _extract(tmp_path_factory.mktemp("text"), REFERENCE)


@pytest.fixture(scope="module")
def from_pages(tmp_path_factory) -> dict[str, list[dict]]:
    return _extract(tmp_path_factory.mktemp("html"), *PARTS)


def _differing_columns(left: dict[str, list[dict]], right: dict[str, list[dict]]) -> dict[str, set[str]]:
    """Table -> the columns in which some row differs, for the tables other than repairs; every
    table must have the same rows in the same order otherwise."""
    found: dict[str, set[str]] = {}
    for name in edition_tables():
        if name == "repairs":
            continue
        assert len(left[name]) == len(right[name]), name
        columns = {c for a, b in zip(left[name], right[name]) for c in a if a[c] != b[c]}
        if columns:
            found[name] = columns
    return found


def test_three_saved_pages_give_the_tables_of_the_text(from_text, from_pages):
    """Every table is equal but for where its lines are (PROVENANCE) and the repairs: the
    pages' repairs remove their site chrome, the text's remove only its title line."""
    assert _differing_columns(from_pages, from_text) == PROVENANCE
    assert len(from_text["segments"]) == 236 and len(from_text["sentences"]) == 278
    assert [(r["rule"], r["before"]) for r in from_text["repairs"]] == [("title", "China's Space Program: A 2021 Perspective")]
    rules = {r["rule"] for r in from_pages["repairs"]}
    assert rules == {"outside_main_content", "byline", "photo_caption", "full_text_label", "title", "date"}


def test_the_copy_with_its_clutter_gives_the_tables_of_the_text(from_text, tmp_path):
    from_copy = _extract(tmp_path, COPY)
    assert _differing_columns(from_copy, from_text) == {
        "sections": {"first_line", "last_line"}, "segments": {"first_line", "last_line", "source_file"}}
    assert sum(r["after"] == "" for r in from_copy["repairs"]) == 80
    assert sum(r["rule"] == "mojibake" for r in from_copy["repairs"]) == 4


def test_each_line_of_an_edition_in_parts_keeps_its_file_and_element(from_pages, tmp_path):
    segments = from_pages["segments"]
    assert [s["source_file"] for s in segments][::60] == ["cn-space-2021-part1.html", "cn-space-2021-part1.html",
                                                          "cn-space-2021-part2.html", "cn-space-2021-part3.html"]
    assert segments[0]["source_path"] == "/html/body/div[3]/div[2]/div[3]/p[9]" and segments[0]["text"] == "Preamble"
    lines = [s["first_line"] for s in segments]
    assert lines == sorted(set(lines))  # numbered on through the parts
    caption = next(r for r in from_pages["repairs"] if r["before"] == "[Photo/Xinhua]")
    assert (caption["source_file"], caption["source_path"]) == ("cn-space-2021-part3.html", "/html/body/div[3]/div[2]/div[3]/p[25]")


def test_the_manifest_lists_every_part(tmp_path):
    out = tmp_path / "out"
    _extract(out, *PARTS)
    source = json.loads((out / "2021web" / "manifest.json").read_text())["source"]
    assert source["file"] == " + ".join(p.name for p in PARTS) and source["kind"] == "html"
    assert [(p["file"], p["first_line"]) for p in source["parts"]] == [(p.name, n) for p, n in zip(PARTS, (1, 249, 397))]
    import hashlib

    digests_ = [hashlib.sha256(p.read_bytes()).hexdigest() for p in PARTS]
    assert [p["sha256"] for p in source["parts"]] == digests_
    assert source["sha256"] == hashlib.sha256("".join(d + "\n" for d in digests_).encode()).hexdigest()


def test_an_edition_in_parts_gives_the_same_bytes_whatever_the_hash_seed(tmp_path):
    for seed in ("1", "2"):
        _extract(tmp_path / seed, *PARTS, env={**os.environ, "PYTHONHASHSEED": seed})
    assert digests(tmp_path / "1" / "2021web") == digests(tmp_path / "2" / "2021web")


def test_without_an_edition_id_each_path_is_an_edition(tmp_path):
    out, paper = tmp_path / "out", tmp_path / "paper.txt"
    paper.write_text(GOOD, encoding="utf-8")
    result = run("extract", str(PARTS[0]), str(paper), "--out", str(out), "-q")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["2021", "paper"]


# --- the catalogue ------------------------------------------------------------------------------

def _catalogue(folder: Path, *entries: str) -> Path:
    path = folder / "editions.toml"
    path.write_text("\n".join(f"[[edition]]\n{e}\n" for e in entries), encoding="utf-8")
    return path


def test_a_catalogued_edition_in_parts(tmp_path):
    for part in PARTS:
        shutil.copy(part, tmp_path / part.name)
    files = ", ".join(f'"{p.name}"' for p in PARTS)
    catalog = _catalogue(tmp_path, f'id = "2021web"\ntitle = "China\'s Space Program: A 2021 Perspective"\nfiles = [{files}]',
                         'id = "2011"\ntitle = "China\'s Space Activities in 2011"\nfile = ""')
    out = tmp_path / "out"
    result = run("extract", "--catalog", str(catalog), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "1 edition has no file yet, skipped (2011)" in result.stderr
    manifest = json.loads((out / "2021web" / "manifest.json").read_text())
    assert manifest["edition"]["title"] == "China's Space Program: A 2021 Perspective"
    assert len(manifest["source"]["parts"]) == 3
    again = run("extract", *(str(tmp_path / p.name) for p in PARTS), "--edition", "2021web", "--catalog", str(catalog),
                "--out", str(out), "-q")
    assert again.returncode == 0, again.stderr  # the same parts: the same source, no --force needed


def test_an_edition_without_its_text_says_where_to_put_it(tmp_path):
    out = tmp_path / "out"
    result = run("extract", "--edition", "2011", "--out", str(out))
    assert one_line_error(result, "source/editions.toml (edition 2011): no file yet: save the text as "
                                  'source/cn-space-2011.txt and set file = "cn-space-2011.txt"')
    assert one_line_error(run("extract", "--edition", "beidou-2022", "--out", str(out)), "cn-beidou-2022.txt")
    assert not out.exists()


def test_the_shipped_catalogue_covers_every_edition_and_extracts_what_is_shipped(tmp_path):
    from pipeline.editions import load_editions

    editions = {e.id: e for e in load_editions(ROOT / "source" / "editions.toml")}
    assert sorted(editions) == ["2000", "2006", "2011", "2016", "2021", "beidou-2016", "beidou-2022"]
    assert {e.series for e in editions.values()} == {"space-activities", "beidou"}
    assert all(e.title and e.issuer and e.published and e.period_start and e.period_end and e.language
               for e in editions.values())
    assert [e.id for e in editions.values() if e.files] == ["2021"]
    out = tmp_path / "out"
    result = run("extract", "--out", str(out))
    assert result.returncode == 0 and "6 editions have no file yet" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["2021"]
    exported = run("export", "--out", str(out), "--format", "parquet")
    assert exported.returncode == 0 and "1 editions" in exported.stdout, exported.stderr


@pytest.mark.parametrize("entry, problem", [
    ('id = "x"\nfile = "a.txt"\nfiles = ["b.txt"]', "give either file or files, not both"),
    ('id = "x"\nfiles = ["a.txt", ""]', "files a list of file names"),
    ('id = "x"\nfiles = ["a.txt", "a.txt"]', "files names one file twice"),
    ('file = "a.txt"', "every [[edition]] needs an id"),
])
def test_a_bad_files_entry_is_one_line(tmp_path, entry, problem):
    catalog = _catalogue(tmp_path, entry)
    assert one_line_error(run("extract", "--catalog", str(catalog), "--out", str(tmp_path / "out")), problem)


# --- bad parts ------------------------------------------------------------------------------

@pytest.fixture
def populated(tmp_path) -> tuple[Path, dict[str, str]]:
    """An output root holding one edition, and its files' digests."""
    out = tmp_path / "out"
    paper = tmp_path / "paper.txt"
    paper.write_text(GOOD, encoding="utf-8")
    assert run("extract", str(paper), "--edition", "kept", "--out", str(out), "-q").returncode == 0
    return out, tree(out)


@pytest.mark.parametrize("name, data, problem", [
    ("gone.html", None, "no such file"),
    ("empty.html", b"<html><body><p>&nbsp;</p><script>var x;</script></body></html>", "has no text"),
    ("garbage.html", bytes(range(256)) * 16, "is a binary file, not HTML"),
    ("paper.txt", GOOD.encode(), "is text, but cn-space-2021-part1.html is html"),
])
def test_a_bad_part_is_one_line_naming_it_and_nothing_is_written(tmp_path, populated, name, data, problem):
    out, before = populated
    bad = tmp_path / name
    if data is not None:
        bad.write_bytes(data)
    result = run("extract", str(PARTS[0]), str(bad), str(PARTS[2]), "--edition", "2021web", "--out", str(out))
    assert one_line_error(result, name, problem)
    assert tree(out) == before


def test_other_parts_under_an_edition_id_are_not_taken_for_its_source(tmp_path):
    out = tmp_path / "out"
    _extract(out, *PARTS)
    result = run("extract", *map(str, PARTS[:2]), "--edition", "2021web", "--out", str(out))
    assert one_line_error(result, "edition '2021web'", "was extracted from another file", "--force")
    assert run("extract", *map(str, PARTS[:2]), "--edition", "2021web", "--out", str(out), "--force", "-q").returncode == 0
