"""`make bench`: how fast the pipeline is, against the floor of the stack it stands on.

Cold processes, as a user runs them (interleaved, best of 5, CPU and wall):
  floor      python -c "import spacy,sys; nlp=spacy.blank('en'); nlp(open(sys.argv[1]).read())" 2021.txt
  text       whitepaper extract 2021.txt
  pdf        whitepaper extract 2021.pdf          (a 24-page rendering, PDFium)
  pdfplumber whitepaper extract 2021.pdf --pdf-engine pdfplumber
  help       whitepaper --help, against python -c pass
(`make bench` first compiles the package's bytecode, as `make run` does and as pip does for a
wheel: with PYTHONDONTWRITEBYTECODE set, an editable install would compile it at every start.)
In process (the pipeline built once; CPU of this process and of the PDF reader's child):
  (a) spaCy's blank tokenizer over the 2021 text, (b) the text path, (d) the PDF path with each
  engine, with each engine's bare text extraction for reference
Size: editions of 0.5, 1, 2 and 4 MB (the 2021 text repeated), in process; the exponent of a
  least-squares line through log(CPU) against log(size); and one cold 4 MB extract
Diff size: the scorecard of 0.25, 0.5 and 1 MB editions (the 2021 text and a 2026-style
  edition, each repeated), in process, and its exponent
Scale: 1, 10, 100 copies as separate editions, --jobs 1 and 2, with peak memory.

Prints a table and writes benchmarks/results.json.
"""

from __future__ import annotations

import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

from pipeline.annotate import build_nlp  # noqa: E402
from pipeline.diff import diff  # noqa: E402
from pipeline.editions import Edition  # noqa: E402
from pipeline.ingest import ReadOptions  # noqa: E402
from pipeline.output import read  # noqa: E402
from pipeline.rules import Rules  # noqa: E402
from pipeline.run import extract_edition  # noqa: E402
from pipeline.write import write_folder  # noqa: E402
from tests import pdfs  # noqa: E402

SOURCE = ROOT / "source" / "cn-space-2021.txt"
NEXT = ROOT / "tests" / "fixtures" / "eval" / "2026a" / "edition.txt"  # a 2026-style edition, for diffs
PYTHON = sys.executable
WHITEPAPER = str(Path(sys.executable).parent / "whitepaper")
REPEATS = 5
FLOOR = "import spacy,sys; nlp=spacy.blank('en'); nlp(open(sys.argv[1]).read())"
SIZES_MB = (0.5, 1, 2, 4)
DIFF_SIZES_MB = (0.25, 0.5, 1)

# A small interpreter runs a command and reports its peak memory: a child forked from this
# (large) process would count this process's memory as its own.
_MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.perf_counter() - started, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
"""


def cpu_clock() -> float:
    """CPU seconds of this process and of the children it waited for (the PDF reader's)."""
    own = time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own + children.ru_utime + children.ru_stime


def best_cpu(fn, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        started = cpu_clock()
        fn()
        times.append(cpu_clock() - started)
    return min(times)


def timed_process(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(CPU, wall) seconds of one process run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def cold_runs(commands: dict[str, tuple[list[str], dict[str, str] | None]], repeats: int = REPEATS) -> dict:
    """Every command `repeats` times, interleaved, so all see the same machine: best and spread."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, (args, env) in commands.items():
            runs[name].append(timed_process(args, env))
    return {name: {"cpu_s": min(c for c, _ in r), "wall_s": min(w for _, w in r),
                   "cpu_all_s": [round(c, 3) for c, _ in r], "wall_all_s": [round(w, 3) for _, w in r]}
            for name, r in runs.items()}


def measured(args: list[str]) -> dict[str, float]:
    out = subprocess.run([PYTHON, "-c", _MEASURE, *args], check=True, capture_output=True, text=True).stdout.split()
    return {"wall_s": float(out[0]), "peak_mb": int(out[1]) / 1024, "cpu_s": float(out[2])}


def exponent(points: dict[float, float]) -> float:
    """Slope of the least-squares line through (log size, log cost)."""
    xs, ys = [math.log(x) for x in points], [math.log(y) for y in points.values()]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def linear_fit(points: dict[int, float]) -> dict[str, float]:
    """Least-squares line through (editions, CPU seconds): start-up, cost per edition, and the
    largest distance of a point from the line relative to its value."""
    n = len(points)
    mean_x, mean_y = sum(points) / n, sum(points.values()) / n
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points.items()) / sum((x - mean_x) ** 2 for x in points)
    start = mean_y - slope * mean_x
    worst = max(abs(y - (start + slope * x)) / y for x, y in points.items())
    return {"startup_cpu_s": start, "per_edition_cpu_s": slope, "linear_max_residual": worst}


def scale(work: Path, copies: int, jobs: int) -> dict[str, float]:
    """Wall time, peak RSS (MB, largest process) and CPU time of extracting `copies` editions."""
    folder = work / f"scale-{copies}"
    if not folder.exists():
        folder.mkdir()
        entries = []
        for i in range(copies):
            shutil.copy(SOURCE, folder / f"copy{i:03d}.txt")
            entries.append(f'[[edition]]\nid = "copy{i:03d}"\nfile = "copy{i:03d}.txt"\n')
        (folder / "editions.toml").write_text("\n".join(entries))
    args = [WHITEPAPER, "extract", "--catalog", str(folder / "editions.toml"), "--out", str(work / f"out-{copies}-{jobs}"),
            "--jobs", str(jobs), "--force"]
    runs = [measured(args) for _ in range(2 if copies < 100 else 1)]
    return {"seconds": round(min(r["wall_s"] for r in runs), 3), "peak_mb": round(max(r["peak_mb"] for r in runs), 1),
            "cpu_s": round(min(r["cpu_s"] for r in runs), 3)}


def sized_edition(work: Path, megabytes: float, source: Path = SOURCE) -> Path:
    """An edition's text (the 2021 one unless told) repeated to about `megabytes` MB."""
    text = source.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    copies = max(1, round(megabytes * 1048576 / len(text.encode("utf-8"))))
    path = work / f"{source.stem}-{megabytes:g}mb.txt"
    path.write_text(text * copies, encoding="utf-8")
    return path


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="whitepaper-bench-"))
    try:
        r: dict = {"machine": {"python": platform.python_version(), "cores": os.cpu_count(),
                               "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE", "")}}
        text = SOURCE.read_text(encoding="utf-8")
        r["edition_words"] = len(text.split())
        pdf_path = work / "cn-space-2021.pdf"
        r["pdf_pages"] = pdfs.render_edition(text, pdf_path)

        # cold processes --------------------------------------------------------------------
        out = str(work / "cold")
        r["cold"] = cold_runs({
            "floor": ([PYTHON, "-c", FLOOR, str(SOURCE)], None),
            "text": ([WHITEPAPER, "extract", str(SOURCE), "--out", out], None),
            "pdf": ([WHITEPAPER, "extract", str(pdf_path), "--out", out, "--edition", "pdf2021"], None),
            "pdfplumber": ([WHITEPAPER, "extract", str(pdf_path), "--out", out, "--edition", "p2021",
                            "--pdf-engine", "pdfplumber"], None),
            "pass": ([PYTHON, "-c", "pass"], None),
            "help": ([WHITEPAPER, "--help"], None),
        })
        r["cold_text_peak"] = measured([WHITEPAPER, "extract", str(SOURCE), "--out", out])
        r["cold_pdf_peak"] = measured([WHITEPAPER, "extract", str(pdf_path), "--out", out, "--edition", "pdf2021"])

        # in process ----------------------------------------------------------------------------
        tokenizer = spacy.blank("en").tokenizer
        rules = Rules.load()
        nlp = build_nlp(rules)
        engines = {engine: ReadOptions(pdf_engine=engine) for engine in ("pdfium", "pdfplumber")}

        def whole(edition: Edition, options: ReadOptions | None = None) -> None:
            tables, manifest = extract_edition(edition, rules, nlp, read_options=options)
            write_folder(work / "out", edition.id, tables, manifest)

        def pdfium_text() -> None:
            import pypdfium2

            document = pypdfium2.PdfDocument(str(pdf_path))
            for page in document:
                page.get_textpage().get_text_bounded()
            document.close()

        def pdfplumber_text() -> None:
            import pdfplumber

            with pdfplumber.open(pdf_path) as pdf:
                for page in pdf.pages:
                    page.extract_text()

        text_edition, pdf_edition = Edition("bench-text", SOURCE), Edition("bench-pdf", pdf_path)
        whole(text_edition)  # warm caches once
        whole(pdf_edition)
        r["a_tokenizer_s"] = best_cpu(lambda: tokenizer(text), 9)
        runs: dict[str, list[float]] = {"b_text": [], "d_pdfium": [], "d_pdfplumber": [], "c_pdfium_text": [],
                                        "c_pdfplumber_text": []}
        for _ in range(REPEATS):  # interleaved: the machine's speed moves from minute to minute
            runs["b_text"].append(best_cpu(lambda: whole(text_edition), 1))
            runs["d_pdfium"].append(best_cpu(lambda: whole(pdf_edition, engines["pdfium"]), 1))
            runs["d_pdfplumber"].append(best_cpu(lambda: whole(pdf_edition, engines["pdfplumber"]), 1))
            runs["c_pdfium_text"].append(best_cpu(pdfium_text, 1))
            runs["c_pdfplumber_text"].append(best_cpu(pdfplumber_text, 1))
        r["in_process"] = {k: {"cpu_s": min(v), "cpu_all_s": [round(x, 4) for x in v]} for k, v in runs.items()}

        # edition size ----------------------------------------------------------------------------
        r["size"] = {}
        for megabytes in SIZES_MB:
            path = sized_edition(work, megabytes)
            edition = Edition(f"size-{megabytes:g}", path)
            r["size"][f"{megabytes:g}"] = {"mb": path.stat().st_size / 1048576,
                                           "cpu_s": best_cpu(lambda: whole(edition), 2)}
        r["size_exponent"] = exponent({v["mb"]: v["cpu_s"] for v in r["size"].values()})
        r["diff_size"] = {}
        for megabytes in DIFF_SIZES_MB:
            old, new = Edition(f"d-old-{megabytes:g}", sized_edition(work, megabytes)), \
                Edition(f"d-new-{megabytes:g}", sized_edition(work, megabytes, NEXT))
            whole(old)
            whole(new)
            before, after = read(old.id, work / "out"), read(new.id, work / "out")
            r["diff_size"][f"{megabytes:g}"] = {"mb": old.path.stat().st_size / 1048576,
                                                "cpu_s": best_cpu(lambda: diff(before, after, rules), 1)}
        r["diff_size_exponent"] = exponent({v["mb"]: v["cpu_s"] for v in r["diff_size"].values()})
        r["cold_4mb"] = measured([WHITEPAPER, "extract", str(sized_edition(work, 4)), "--out", out, "--edition", "size4mb"])

        # many editions ---------------------------------------------------------------------------
        r["scale"] = {f"{copies}x{jobs}": scale(work, copies, jobs) for copies in (1, 10, 100) for jobs in (1, 2)}

        c, p, s = r["cold"], r["in_process"], r["scale"]
        r["ratios"] = {
            "text_over_floor_cpu": c["text"]["cpu_s"] / c["floor"]["cpu_s"],
            "text_over_floor_wall": c["text"]["wall_s"] / c["floor"]["wall_s"],
            "pdf_over_text_cold_cpu": c["pdf"]["cpu_s"] / c["text"]["cpu_s"],
            "pdf_over_text_cold_wall": c["pdf"]["wall_s"] / c["text"]["wall_s"],
            "help_above_pass_s": c["help"]["wall_s"] - c["pass"]["wall_s"],
            "pdf_over_text_in_process": p["d_pdfium"]["cpu_s"] / p["b_text"]["cpu_s"],
            "b_over_a": p["b_text"]["cpu_s"] / r["a_tokenizer_s"],
            "speedup_jobs2_100": s["100x1"]["seconds"] / s["100x2"]["seconds"],
            **linear_fit({n: s[f"{n}x1"]["cpu_s"] for n in (1, 10, 100)}),
        }
        q = r["ratios"]
        r["targets_met"] = {
            "cold extract <= 1.25 x floor (CPU and wall)": max(q["text_over_floor_cpu"], q["text_over_floor_wall"]) <= 1.25,
            "in-process PDF <= 2 x text": q["pdf_over_text_in_process"] <= 2,
            "cold PDF <= 1.3 x cold text (CPU and wall)": max(q["pdf_over_text_cold_cpu"], q["pdf_over_text_cold_wall"]) <= 1.3,
            "--help <= 0.1 s above python -c pass": q["help_above_pass_s"] <= 0.1,
            "peak RSS of a cold extract <= 170 MB": r["cold_text_peak"]["peak_mb"] <= 170,
            "size exponent 0.5-4 MB <= 1.1": r["size_exponent"] <= 1.1,
            "diff size exponent 0.25-1 MB <= 1.2": r["diff_size_exponent"] <= 1.2,
            "jobs 2 >= 1.7x (100 editions)": q["speedup_jobs2_100"] >= 1.7,
            "linear in editions (every point within 10%)": q["linear_max_residual"] <= 0.10,
        }
        (ROOT / "benchmarks" / "results.json").write_text(json.dumps(r, indent=2) + "\n")
        print(table(r))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def table(r: dict) -> str:
    c, p, s, q = r["cold"], r["in_process"], r["scale"], r["ratios"]

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.0f} ms"

    def cold(name: str) -> str:
        return f"{ms(c[name]['cpu_s'])} / {ms(c[name]['wall_s'])}"

    rows = [
        ("cold, CPU / wall, best of 5", "", ""),
        ("  floor: import spacy, blank('en'), 2021 text", cold("floor"), f"{r['edition_words']} words"),
        ("  whitepaper extract, 2021 text", cold("text"),
         f"{q['text_over_floor_cpu']:.2f} / {q['text_over_floor_wall']:.2f} x floor  [<= 1.25]"),
        ("  whitepaper extract, 2021 PDF (PDFium)", cold("pdf"),
         f"{q['pdf_over_text_cold_cpu']:.2f} / {q['pdf_over_text_cold_wall']:.2f} x text  [<= 1.3]; {r['pdf_pages']} pages"),
        ("  whitepaper extract, PDF, --pdf-engine pdfplumber", cold("pdfplumber"), ""),
        ("  python -c pass / whitepaper --help", f"{ms(c['pass']['wall_s'])} / {ms(c['help']['wall_s'])}",
         f"{ms(q['help_above_pass_s'])} above  [<= 100 ms]"),
        ("  peak RSS: cold extract, text / PDF", f"{r['cold_text_peak']['peak_mb']:.0f} / {r['cold_pdf_peak']['peak_mb']:.0f} MB",
         "[text <= 170 MB]"),
        ("in process, CPU, best of 5", "", ""),
        ("  (a) blank tokenizer, 2021 text", ms(r["a_tokenizer_s"]), ""),
        ("  (b) text path, all tables written", ms(p["b_text"]["cpu_s"]), f"{q['b_over_a']:.2f} x (a)"),
        ("  (d) PDF path, PDFium", ms(p["d_pdfium"]["cpu_s"]), f"{q['pdf_over_text_in_process']:.2f} x (b)  [<= 2]"),
        ("  (d) PDF path, pdfplumber", ms(p["d_pdfplumber"]["cpu_s"]), f"{p['d_pdfplumber']['cpu_s'] / p['b_text']['cpu_s']:.2f} x (b)"),
        ("  (c) bare text extraction: PDFium / pdfplumber",
         f"{ms(p['c_pdfium_text']['cpu_s'])} / {ms(p['c_pdfplumber_text']['cpu_s'])}", ""),
        ("edition size, in process, CPU", "", ""),
    ]
    for v in r["size"].values():
        rows.append((f"  {v['mb']:.2f} MB", f"{v['cpu_s']:.2f} s", f"{v['cpu_s'] / v['mb']:.2f} s per MB"))
    rows.append(("  fitted exponent, 0.5-4 MB", f"{r['size_exponent']:.2f}", "[<= 1.1]"))
    rows.append(("  cold extract, 4 MB", f"{r['cold_4mb']['wall_s']:.1f} s",
                 f"CPU {r['cold_4mb']['cpu_s']:.1f} s, peak {r['cold_4mb']['peak_mb']:.0f} MB"))
    rows.append(("diff size (the scorecard), in process, CPU", "", ""))
    for v in r["diff_size"].values():
        rows.append((f"  {v['mb']:.2f} MB each", f"{v['cpu_s']:.2f} s", f"{v['cpu_s'] / v['mb']:.2f} s per MB"))
    rows.append(("  fitted exponent, 0.25-1 MB", f"{r['diff_size_exponent']:.2f}", "[<= 1.2]"))
    rows.append(("many editions, cold", "", ""))
    for key, v in s.items():
        copies, jobs = key.split("x")
        rows.append((f"  {copies} editions, --jobs {jobs}", f"{v['seconds']:.2f} s",
                     f"peak {v['peak_mb']:.0f} MB, CPU {v['cpu_s']:.1f} s"))
    rows.append(("  --jobs 2 speed-up (100)", f"{q['speedup_jobs2_100']:.2f} x", "[>= 1.7]"))
    rows.append(("  linear fit of CPU, serial", f"{q['per_edition_cpu_s']:.3f} s",
                 f"per edition + {q['startup_cpu_s']:.1f} s start-up; worst point {q['linear_max_residual']:.0%} off [<= 10%]"))
    width = max(len(a) for a, _, _ in rows)
    lines = [f"{a:<{width}}  {b:>15}  {c}".rstrip() for a, b, c in rows]
    lines.append("targets: " + "; ".join(f"{k}: {'met' if v else 'MISSED'}" for k, v in r["targets_met"].items()))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
