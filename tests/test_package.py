"""The package as users install it: a wheel carries the rules and runs from any folder."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pyarrow.parquet as pq

from tests.conftest import ROOT, SOURCE_2021


def test_a_built_wheel_ships_the_rules_and_extracts_from_another_folder(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist),
                    str(ROOT)], check=True, capture_output=True, timeout=300)
    (wheel,) = dist.glob("whitepaper-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"pipeline/patterns/status_rules.jsonl", "pipeline/patterns/entities/names.jsonl",
            "pipeline/patterns/partners/countries.jsonl", "pipeline/patterns/counts.toml",
            "pipeline/phrase_tokens.json"} <= set(names)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    # the dependencies come from this environment's site-packages (a .pth line, not processed
    # for .pth files of its own, so this checkout's editable install stays out); the package
    # itself only from the wheel
    site = Path(sysconfig.get_paths(vars={"base": str(venv), "platbase": str(venv)})["purelib"])
    site.mkdir(parents=True, exist_ok=True)
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run([str(python), "-c", "import pipeline; print(pipeline.__file__)"], cwd=elsewhere,
                           capture_output=True, text=True, check=True).stdout
    assert str(site) in where and str(ROOT) not in where
    result = subprocess.run([str(venv / "bin" / "whitepaper"), "extract", str(SOURCE_2021), "--out", "out"],
                            cwd=elsewhere, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert pq.read_table(elsewhere / "out" / "2021" / "missions.parquet").num_rows > 20
