"""Shared fixtures: a CLI runner with deterministic output (80 columns, no colour, Vietnamese)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from vanthuy_cli.cli.main import app

ROOT = Path(__file__).resolve().parent.parent
#: A frozen copy of the sample plans shipped in plans/: the README tells the clerk to replace
#: plans/ with the real appendices, and that must never break the suite.
SHIPPED_PLANS = ROOT / "tests" / "data" / "plans"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own empty cache folder: never the user's, never another test's."""
    monkeypatch.setenv("PAR_CACHE_DIR", str(tmp_path_factory.mktemp("par-cache")))


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """``run("status", "--as-of", "2024-09-30")`` → the CLI's result, as a user would see it."""
    for name in ("PAR_LANG", "PAR_PLANS", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    runner = CliRunner()

    def invoke(*args: str, **kw: object) -> Result:
        return runner.invoke(app, list(args), **kw)

    return invoke
