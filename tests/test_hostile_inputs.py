"""Hostile inputs, through the real command: each ends in the one-line error (or a correct
result) in bounded time and memory. Every hostile file is made here, a few KB at most."""

from __future__ import annotations

import os
import resource
import threading
import time
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.ingest import ReadOptions, parse_max_mb, read_source
from tests import pdfs
from tests.commands import GOOD, run_measured

MB = 1 << 20


def _one_line(result, *words: str) -> bool:
    lines = result.stderr.strip().splitlines()
    return (result.returncode == 2 and len(lines) == 1 and lines[0].startswith("whitepaper: error: ")
            and "Traceback" not in result.stderr and all(w in lines[0] for w in words))


def _catalog(folder: Path, file: str) -> Path:
    folder.mkdir(exist_ok=True)
    catalog = folder / "editions.toml"
    catalog.write_text(f'[[edition]]\nid = "e2031"\nfile = "{file}"\n')
    return catalog


# files that are not regular files ------------------------------------------------------------

@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_in_the_catalogue_is_refused_at_once(tmp_path, device):
    result = run_measured("extract", "--catalog", str(_catalog(tmp_path / "src", device)), "--out", str(tmp_path / "out"))
    assert _one_line(result, device, "character device, not a regular file"), result.stderr
    assert result.seconds < 60 and result.peak_mb < 400
    assert not (tmp_path / "out").exists()


def test_a_named_pipe_without_a_writer_is_empty_not_a_hang(tmp_path):
    fifo = tmp_path / "paper-2031.txt"
    os.mkfifo(fifo)
    result = run_measured("extract", str(fifo), "--out", str(tmp_path / "out"), timeout=120)
    assert _one_line(result, str(fifo), "is empty"), result.stderr


def test_a_named_pipe_is_read_only_up_to_the_limit(tmp_path):
    fifo = tmp_path / "paper-2031.txt"
    os.mkfifo(fifo)

    def write() -> None:  # 50 MB, until the reader stops reading
        try:
            with open(fifo, "wb") as pipe:
                for _ in range(50):
                    pipe.write(b"a" * MB)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    result = run_measured("extract", str(fifo), "--out", str(tmp_path / "out"))
    assert _one_line(result, "gives over 5 MB; one edition may be at most 5 MB"), result.stderr
    assert result.seconds < 60 and result.peak_mb < 400
    writer.join(timeout=30)


def test_fifty_megabytes_through_standard_input_are_refused(tmp_path):
    result = run_measured("extract", "/dev/stdin", "--edition", "e2031", "--out", str(tmp_path / "out"),
                          stdin=b"China has launched Tianwen-1. " * (50 * MB // 30))
    assert _one_line(result, "/dev/stdin", "gives over 5 MB"), result.stderr
    assert result.peak_mb < 400 and not (tmp_path / "out").exists()


def test_an_edition_through_standard_input_is_extracted(tmp_path):
    result = run_measured("extract", "/dev/stdin", "--edition", "e2031", "--out", str(tmp_path / "out"),
                          stdin=GOOD.encode())
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "e2031" / "manifest.json").exists()


# the size limit ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["abc", "", "5,5", "nan", "inf", "1e309", "-1", "0", "2000", "0x10"])
def test_a_size_limit_must_be_a_plain_number_of_mb(value):
    with pytest.raises(InputError, match="must be a number of MB above 0"):
        parse_max_mb(value, "--max-mb")


def test_a_size_limit_is_mb_with_decimals():
    assert parse_max_mb("5", "--max-mb") == 5 * MB and parse_max_mb(" 12.5 ", "--max-mb") == int(12.5 * MB)


@pytest.mark.parametrize("env, option", [("abc", None), ("", None), ("1e309", None), (None, "nan"), ("5", "5,5")])
def test_a_bad_size_limit_is_a_one_line_error(tmp_path, env, option):
    path = tmp_path / "paper-2031.txt"
    path.write_text(GOOD, encoding="utf-8")
    args = ["extract", str(path), "--out", str(tmp_path / "out"), *(["--max-mb", option] if option is not None else [])]
    result = run_measured(*args, env={"WHITEPAPER_MAX_MB": env} if env is not None else None)
    where = "--max-mb" if option is not None else "WHITEPAPER_MAX_MB"
    assert _one_line(result, where, "must be a number of MB", repr(option if option is not None else env)), result.stderr
    assert not (tmp_path / "out").exists()


def test_the_limit_message_tells_one_byte_over_apart(tmp_path):
    path = tmp_path / "paper-2031.txt"
    path.write_bytes(GOOD.encode() + b" " * (5 * MB + 1 - len(GOOD.encode())))
    result = run_measured("extract", str(path), "--out", str(tmp_path / "out"))
    assert _one_line(result, "is 5,242,881 bytes; one edition may be at most 5,242,880 bytes (5 MB)"), result.stderr
    raised = run_measured("extract", str(path), "--out", str(tmp_path / "out"), "--max-mb", "5.5")
    assert raised.returncode == 0, raised.stderr
    lowered = run_measured("extract", str(path), "--out", str(tmp_path / "low"), env={"WHITEPAPER_MAX_MB": "4.5"})
    assert _one_line(lowered, "is 5.0 MB; one edition may be at most 4.5 MB"), lowered.stderr


# hostile PDFs ----------------------------------------------------------------------------------------

HOSTILE = {
    "nested form XObjects": (pdfs.nested_forms, "PDF reader stopped at page 1"),
    "flate bomb": (pdfs.flate_bomb, "PDF reader stopped at page 1"),
    "10,000 pages": (lambda: pdfs.many_pages(10_000), "PDF has 10,000 pages; an edition may have at most 2,000"),
    "no pages": (pdfs.no_pages, "PDF"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_pdf_ends_in_bounded_time_and_memory(tmp_path, case):
    make, problem = HOSTILE[case]
    data = make()
    assert len(data) < 2 * MB
    path = tmp_path / "paper-2031.pdf"
    path.write_bytes(data)
    result = run_measured("extract", str(path), "--out", str(tmp_path / "out"), timeout=180)
    assert _one_line(result, str(path), problem), result.stderr
    assert "a scan" not in result.stderr  # a PDF without pages or with a broken structure is no scan
    assert result.seconds < 120 and result.peak_mb < 1000, (result.seconds, result.peak_mb)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("case", ["nested form XObjects", "flate bomb", "10,000 pages"])
def test_pdfplumber_is_bounded_too(tmp_path, case):
    """The same files through the other engine, in process, with 2 s of CPU per page."""
    path = tmp_path / "paper-2031.pdf"
    path.write_bytes(HOSTILE[case][0]())
    started = time.monotonic()
    with pytest.raises(InputError) as refused:
        read_source(path, ReadOptions(pdf_engine="pdfplumber", page_seconds=2))
    assert refused.value.problem.startswith("PDF") and "a scan" not in refused.value.problem
    assert time.monotonic() - started < 60
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 1000 * 1024  # every child so far


def test_many_pages_are_read_in_bounded_memory(tmp_path):
    path = tmp_path / "paper-2031.pdf"
    path.write_bytes(pdfs.many_pages(1500, distinct=True))
    result = run_measured("extract", str(path), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert result.peak_mb < 400
    import pyarrow.parquet as pq

    segments = pq.read_table(tmp_path / "out" / "2031" / "segments.parquet").to_pylist()
    assert len(segments) == 1500 and segments[-1]["last_page"] == 1500


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_pdf_library_log_line_never_reaches_stderr_on_success(tmp_path, engine):
    """"/x w" makes pdfminer log "Cannot set line width ..." through Python's last-resort handler."""
    path = tmp_path / "paper-2031.pdf"
    path.write_bytes(pdfs.one_page("Preamble", "Since 2016, China has launched Tianwen-1.", before=b"/x w "))
    result = run_measured("extract", str(path), "--out", str(tmp_path / "out"), "--pdf-engine", engine, "--quiet")
    assert result.returncode == 0 and result.stderr == "", result.stderr


# one paragraph longer than spaCy's max_length ---------------------------------------------------

def test_a_paragraph_over_a_million_characters_is_extracted(run_text):
    """spaCy refuses a text over nlp.max_length (E088) unless it is raised: one paragraph may be as
    long as the edition."""
    from tests.conftest import SOURCE_2021

    body = " ".join(line.strip() for line in SOURCE_2021.read_text(encoding="utf-8").splitlines() if line.strip())
    paragraph = (body + " ") * (1_000_001 // len(body) + 1)
    tables = run_text("Preamble\n" + paragraph.strip() + "\n")
    (segment,) = [s for s in tables["segments"] if s["kind"] == "paragraph"]
    assert len(segment["text"]) > 1_000_000
    assert len(tables["sentences"]) > 5000
    assert {"tianwen-1", "change-5"} <= {m["entity_id"] for m in tables["missions"]}
