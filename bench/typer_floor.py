"""Start-up floor of Typer versions: a one-command app and ``par --help`` under each version.

Not a test: it prints a Markdown table. Each Typer version needs its own virtual environment with
par's other dependencies (``python -m venv V && V/bin/pip install "typer==X" click rich pyyaml
jinja2 pydantic``); par's source is taken from this checkout through PYTHONPATH:

    python bench/typer_floor.py /tmp/v0.24.2 /tmp/v0.28.0 .venv --runs 9

Every command of every environment runs in one interleaved loop next to ``python -c pass``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = """
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


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def version(python: str, module: str) -> str:
    code = f"from importlib.metadata import version; print(version({module!r}))"
    return subprocess.run(
        [python, "-c", code], capture_output=True, text=True, check=False
    ).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("venvs", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    app = Path(tempfile.mkdtemp()) / "app.py"
    app.write_text(APP, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    commands: dict[str, list[str]] = {"python -c pass": [sys.executable, "-c", "pass"]}
    for venv in args.venvs:
        py = str(venv / "bin" / "python")
        label = f"typer {version(py, 'typer')} / click {version(py, 'click')}"
        commands[f"{label}: one-command app"] = [py, str(app), "status", "--as-of", "x"]
        commands[f"{label}: par --help"] = [py, "-m", "vanthuy_cli", "--help"]
        commands[f"{label}: par status"] = [
            py,
            "-m",
            "vanthuy_cli",
            "status",
            "--plans",
            str(ROOT / "plans"),
            "--as-of",
            "2024-09-30",
        ]
    for cmd in commands.values():
        timed(cmd, env)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            samples[name].append(timed(cmd, env))
    floor = statistics.median(samples["python -c pass"])
    print(f"load {os.getloadavg()[0]:.1f}, {args.runs} runs, medians\n")
    print("| command | median ms | ÷ python -c pass |\n|---|---:|---:|")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"| {name} | {median * 1000:.0f} | {median / floor:.1f} |")


if __name__ == "__main__":
    main()
