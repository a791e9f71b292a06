"""`make bench`: how fast the pipeline is, against the floor of the stack it stands on.

(a) spaCy's blank English tokenizer over the 2021 text          -- the text floor
(b) the whole text path in process: extract + write all tables
(c) pdfplumber's own text extraction of a PDF rendering (20+ pages) -- the PDF floor
(d) the whole PDF path in process: extract + write all tables
(e) cold processes: `whitepaper --help`, `whitepaper extract` of the 2021 text
(f) scale: 1, 10, 100 copies as separate editions, --jobs 1 and 2, with peak memory

Best of several repeats; prints a table and writes benchmarks/results.json.
"""

from __future__ import annotations

import json
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

import pdfplumber  # noqa: E402
import spacy  # noqa: E402

from pipeline.annotate import build_nlp  # noqa: E402
from pipeline.rules import Rules  # noqa: E402
from pipeline.editions import Edition  # noqa: E402
from pipeline.run import extract_edition  # noqa: E402
from pipeline.write import write_folder  # noqa: E402
from tests import pdfs  # noqa: E402

SOURCE = ROOT / "source" / "cn-space-2021.txt"
WHITEPAPER = str(Path(sys.executable).parent / "whitepaper")
REPEATS = 5


def best(fn, repeats: int = REPEATS, clock=time.perf_counter) -> float:
    """Best time of several runs, wall clock by default."""
    times = []
    for _ in range(repeats):
        started = clock()
        fn()
        times.append(clock() - started)
    return min(times)


def best_cpu(fn, repeats: int = REPEATS) -> float:
    """Best CPU time: on a shared VM, stolen time inflates wall time by up to a third from run
    to run, so the in-process ratios are taken on CPU time."""
    return best(fn, repeats, time.process_time)


def linear_fit(points: dict[int, float]) -> dict[str, float]:
    """Least-squares line through (editions, CPU seconds): start-up, cost per edition, and the
    largest distance of a point from the line relative to its value."""
    n = len(points)
    mean_x, mean_y = sum(points) / n, sum(points.values()) / n
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points.items()) / sum((x - mean_x) ** 2 for x in points)
    start = mean_y - slope * mean_x
    worst = max(abs(y - (start + slope * x)) / y for x, y in points.items())
    return {"startup_cpu_s": start, "per_edition_cpu_s": slope, "linear_max_residual": worst}


def render_pdf(path: Path) -> int:
    lines = []
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        lines.extend(pdfs.wrap(line.strip(), 95) or [""])
    pages = pdfs.paginate([l for l in lines if l], per_page=34)
    pdfs.render(pages, path)
    return len(pages)


def cold(args: list[str], repeats: int = 3) -> float:
    return best(lambda: subprocess.run([WHITEPAPER, *args], check=True, capture_output=True), repeats)


def scale(work: Path, copies: int, jobs: int) -> tuple[float, float, float]:
    """Wall time, peak RSS (MB, largest process) and CPU time of extracting `copies` editions."""
    folder = work / f"scale-{copies}"
    if not folder.exists():
        folder.mkdir()
        entries = []
        for i in range(copies):
            shutil.copy(SOURCE, folder / f"copy{i:03d}.txt")
            entries.append(f'[[edition]]\nid = "copy{i:03d}"\nfile = "copy{i:03d}.txt"\n')
        (folder / "editions.toml").write_text("\n".join(entries))
    out = work / f"out-{copies}-{jobs}"
    code = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        f"subprocess.run([{WHITEPAPER!r}, 'extract', '--catalog', {str(folder / 'editions.toml')!r}, "
        f"'--out', {str(out)!r}, '--jobs', '{jobs}'], check=True, capture_output=True); "
        "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
        "print(time.perf_counter() - t, u.ru_maxrss, u.ru_utime + u.ru_stime)"
    )
    runs = [subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
            for _ in range(2 if copies < 100 else 1)]
    return min(float(r[0]) for r in runs), max(int(r[1]) for r in runs) / 1024, min(float(r[2]) for r in runs)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="whitepaper-bench-"))
    try:
        text = SOURCE.read_text(encoding="utf-8")
        words = len(text.split())
        tokenizer = spacy.blank("en").tokenizer
        rules = Rules.load()
        nlp = build_nlp(rules)
        text_edition = Edition("bench-text", SOURCE)
        pdf_path = work / "cn-space-2021.pdf"
        pages = render_pdf(pdf_path)
        pdf_edition = Edition("bench-pdf", pdf_path)

        def whole(edition: Edition) -> None:
            tables, manifest = extract_edition(edition, rules, nlp)
            write_folder(work / "out", edition.id, tables, manifest)

        def pdf_floor() -> None:
            with pdfplumber.open(pdf_path) as pdf:
                for page in pdf.pages:
                    page.extract_text()

        whole(text_edition)  # warm caches once
        r = {"machine": {"python": platform.python_version(), "cores": __import__("os").cpu_count()},
             "edition_words": words, "pdf_pages": pages}
        r["a_tokenizer_s"] = best_cpu(lambda: tokenizer(text), 9)
        r["b_text_path_s"] = best_cpu(lambda: whole(text_edition), 9)
        # interleaved, so both see the same machine: pdfplumber alone swings by 20% run to run
        floor_runs, path_runs = [], []
        for _ in range(5):
            floor_runs.append(best_cpu(pdf_floor, 1))
            path_runs.append(best_cpu(lambda: whole(pdf_edition), 1))
        r["c_pdfplumber_s"], r["d_pdf_path_s"] = min(floor_runs), min(path_runs)
        r["wall"] = {"a": best(lambda: tokenizer(text)), "b": best(lambda: whole(text_edition))}
        r["e_help_cold_s"] = cold(["--help"])
        r["e_extract_cold_s"] = cold(["extract", str(SOURCE), "--out", str(work / "cold")])
        r["one_edition_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        r["scale"] = {}
        for copies in (1, 10, 100):
            for jobs in (1, 2):
                seconds, peak, cpu = scale(work, copies, jobs)
                r["scale"][f"{copies}x{jobs}"] = {"seconds": round(seconds, 3), "peak_mb": round(peak, 1),
                                                  "cpu_s": round(cpu, 3)}
        s = r["scale"]
        r["ratios"] = {
            "b_over_a": r["b_text_path_s"] / r["a_tokenizer_s"],
            "d_over_c": r["d_pdf_path_s"] / r["c_pdfplumber_s"],
            "speedup_jobs2_100": s["100x1"]["seconds"] / s["100x2"]["seconds"],
            **linear_fit({n: s[f"{n}x1"]["cpu_s"] for n in (1, 10, 100)}),
        }
        r["targets_met"] = {
            "b <= 3a": r["ratios"]["b_over_a"] <= 3,
            "d <= 1.25c": r["ratios"]["d_over_c"] <= 1.25,
            "help < 0.3 s": r["e_help_cold_s"] < 0.3,
            "jobs 2 >= 1.7x": r["ratios"]["speedup_jobs2_100"] >= 1.7,
            "linear (every point within 10% of a straight line)": r["ratios"]["linear_max_residual"] <= 0.10,
            "peak < 400 MB (one edition, cold extract)": s["1x1"]["peak_mb"] < 400,
        }
        (ROOT / "benchmarks" / "results.json").write_text(json.dumps(r, indent=2) + "\n")
        print(table(r))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def table(r: dict) -> str:
    s, q = r["scale"], r["ratios"]
    rows = [
        ("(a) blank tokenizer, 2021 text (CPU)", f"{r['a_tokenizer_s'] * 1000:.0f} ms", f"{r['edition_words']} words"),
        ("(b) text path, all tables (CPU)", f"{r['b_text_path_s'] * 1000:.0f} ms", f"{q['b_over_a']:.2f} x (a)  [target <= 3]"),
        ("(c) pdfplumber extract_text (CPU)", f"{r['c_pdfplumber_s'] * 1000:.0f} ms", f"{r['pdf_pages']} pages"),
        ("(d) PDF path, all tables (CPU)", f"{r['d_pdf_path_s'] * 1000:.0f} ms", f"{q['d_over_c']:.2f} x (c)  [target <= 1.25]"),
        ("(e) whitepaper --help, cold", f"{r['e_help_cold_s'] * 1000:.0f} ms", "[target < 300 ms]"),
        ("(e) whitepaper extract, cold", f"{r['e_extract_cold_s'] * 1000:.0f} ms", ""),
    ]
    for key, v in s.items():
        copies, jobs = key.split("x")
        rows.append((f"(f) {copies} editions, --jobs {jobs}", f"{v['seconds']:.2f} s",
                     f"peak {v['peak_mb']:.0f} MB, CPU {v['cpu_s']:.1f} s"))
    rows.append(("(f) --jobs 2 speed-up (100)", f"{q['speedup_jobs2_100']:.2f} x", "[target >= 1.7]"))
    rows.append(("(f) linear fit of CPU, serial", f"{q['per_edition_cpu_s']:.3f} s",
                 f"per edition + {q['startup_cpu_s']:.1f} s start-up; worst point {q['linear_max_residual']:.0%} off"
                 " [target <= 10%]"))
    rows.append(("(b) wall, for reference", f"{r['wall']['b'] * 1000:.0f} ms", f"(a) wall {r['wall']['a'] * 1000:.0f} ms"))
    width = max(len(a) for a, _, _ in rows)
    lines = [f"{a:<{width}}  {b:>10}  {c}" for a, b, c in rows]
    lines.append("targets: " + ", ".join(f"{k}: {'met' if v else 'MISSED'}" for k, v in r["targets_met"].items()))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
