"""Benchmark: median wall time of ``par status`` on the shipped plans next to ``python -c pass``.

Not a test: it prints numbers. Run from the project root:

    python bench/status_bench.py            # 21 runs of each
    python bench/status_bench.py --runs 51

All commands run in the same loop, interleaved, so machine noise hits them alike. The target in
the issue is a ratio of at most 6× the interpreter's own start-up. For context the loop also runs
a minimal Typer app with one four-option command: what any Typer CLI pays before doing anything
(Typer ≥ 0.2x builds pydantic TypeAdapters for the invoked command's parameters).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1"},
    )
    return time.perf_counter() - start


MINIMAL_TYPER_APP = """
from pathlib import Path
from typing import Annotated, Optional
import typer
app = typer.Typer()
@app.command()
def status(plans: Annotated[Optional[Path], typer.Option()] = None,
           as_of: Annotated[Optional[str], typer.Option()] = None,
           as_json: bool = False, lang: Annotated[Optional[str], typer.Option()] = None) -> None:
    print("ok")
@app.command()
def other() -> None:
    pass
app()
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    par = shutil.which("par") or ""
    minimal = Path(tempfile.mkdtemp()) / "minimal_typer_app.py"
    minimal.write_text(MINIMAL_TYPER_APP, encoding="utf-8")
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "minimal Typer app, one command": [sys.executable, str(minimal), "status", "--as-of", "x"],
        "python -m vanthuy_cli --help": [sys.executable, "-m", "vanthuy_cli", "--help"],
        "par status (python -m)": [
            sys.executable,
            "-m",
            "vanthuy_cli",
            "status",
            "--as-of",
            "2024-09-30",
        ],
    }
    if par:
        commands["par status (console script)"] = [par, "status", "--as-of", "2024-09-30"]
    for cmd in commands.values():  # warm the OS cache and the .pyc files
        timed(cmd)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            samples[name].append(timed(cmd))
    floor = statistics.median(samples["python -c pass"])
    print(f"{'command':34} {'median':>9} {'min':>9} {'× floor':>8}")
    for name, values in samples.items():
        median = statistics.median(values)
        print(
            f"{name:34} {median * 1000:7.1f}ms {min(values) * 1000:7.1f}ms {median / floor:7.1f}×"
        )
    print(f"runs: {args.runs}, python: {sys.version.split()[0]}, cores: {os.cpu_count()}")


if __name__ == "__main__":
    main()
