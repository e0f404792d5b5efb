"""``--year`` on every command that reads or writes the plan: with plans/ (2024) and plans-2025/
side by side, each command works on the year it is given, and the writing commands write into
that year's folder only."""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import Result

from tests.conftest import SHIPPED_PLANS
from tests.helpers import commune_repo, git
from vanthuy_cli.cli.main import app

APPENDIX_I = "phu-luc-I-par-index.yaml"


_git = git


@pytest.fixture
def two_years(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Callable[..., Result]
) -> Iterator[Path]:
    """A git repository with the 2024 plan in plans/ and the 2025 plan (par init) beside it."""
    work = commune_repo(tmp_path, monkeypatch)
    shutil.copytree(SHIPPED_PLANS, work / "plans")
    assert run("init", "2025", "--carry", "all").exit_code == 0
    _git(work, "add", ".")
    _git(work, "commit", "-qm", "Kế hoạch 2024 và 2025")
    yield work


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_every_command_that_takes_plans_takes_year() -> None:
    """Declared once (cli_options.YearOpt) and present wherever --plans is."""
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    missing = []
    for name, command in group.commands.items():
        options = {opt for param in command.params for opt in getattr(param, "opts", [])}
        takes_year = {"--year", "--nam"} <= options
        # par init takes the year as its argument (NĂM) and reads the year before.
        if "--plans" in options and name not in ("init", "nam-moi") and not takes_year:
            missing.append(name)
    assert missing == []


# Each writing command, with arguments that work on task I.2.1 (carried into 2025 as well).
WRITES = [
    ("progress", "I.2.1", "Đã rà soát", "--date", "2025-02-10"),
    (
        "done",
        "I.2.1",
        "--minh-chung",
        "Báo cáo số 5/BC-UBND",
        "--date",
        "2025-02-10",
    ),
    ("pause", "I.2.1", "Chờ hướng dẫn", "--date", "2025-02-10"),
    ("cancel", "I.2.1", "Không còn phù hợp", "--date", "2025-02-10"),
    ("deadline", "I.2.1", "Quý II/2025", "--ly-do", "Chờ tỉnh", "--van-ban", "Công văn số 1/UBND"),
    ("assign", "I.2.1", "--chu-tri", "vp-tk"),
    ("add", "I.2", "Rà soát văn bản mới", "--chu-tri", "vp-tk", "--thoi-han", "Quý III/2025"),
    ("remove", "I.2.1", "--ly-do", "Trùng"),
]


@pytest.mark.parametrize("args", WRITES, ids=[w[0] for w in WRITES])
def test_writing_commands_write_into_the_years_folder(
    two_years: Path, run: Callable[..., Result], args: tuple[str, ...]
) -> None:
    old, new = _snapshot(two_years / "plans"), _snapshot(two_years / "plans-2025")
    result = run(*args, "--year", "2025")
    assert result.exit_code == 0, result.output
    assert "plans-2025" in result.output
    assert _snapshot(two_years / "plans") == old  # last year's plan untouched
    after = _snapshot(two_years / "plans-2025")
    assert [n for n in after if after[n] != new[n]] == [APPENDIX_I]


def test_resume_with_year(two_years: Path, run: Callable[..., Result]) -> None:
    assert run("pause", "I.2.1", "Chờ", "--date", "2025-02-10", "--nam", "2025").exit_code == 0
    old = _snapshot(two_years / "plans")
    result = run("resume", "I.2.1", "Đã có", "--date", "2025-03-10", "--nam", "2025")
    assert result.exit_code == 0, result.output
    assert _snapshot(two_years / "plans") == old
    assert "tiep_tuc" not in result.output and "plans-2025" in result.output


def test_edit_with_year(
    two_years: Path, run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "editor.py"
    script.write_text(
        textwrap.dedent("""\
            import pathlib, sys
            path = pathlib.Path(sys.argv[-1])
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("Tháng 10 năm 2025", "Tháng 11 năm 2025"), "utf-8")
            """),
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    old = _snapshot(two_years / "plans")
    result = run("edit", "I.2.1", "--year", "2025")
    assert result.exit_code == 0, result.output
    assert _snapshot(two_years / "plans") == old
    assert "Tháng 11 năm 2025" in (two_years / "plans-2025" / APPENDIX_I).read_text("utf-8")


def test_validate_checks_the_years_folder(two_years: Path, run: Callable[..., Result]) -> None:
    broken = two_years / "plans-2025" / APPENDIX_I
    broken.write_text(
        broken.read_text("utf-8").replace("Tháng 10 năm 2025", "Tháng 13 năm 2025"), "utf-8"
    )
    assert run("validate", "--year", "2024").exit_code == 0
    result = run("validate", "--year", "2025")
    assert result.exit_code == 1
    assert "plans-2025" in result.output and "DEADLINE" in result.output
    assert run("validate", "--year", "2023").exit_code == 2  # no plan for that year


def test_history_and_diff_read_the_years_folder(
    two_years: Path, run: Callable[..., Result]
) -> None:
    note = "RS2025"
    assert run("progress", "I.2.1", note, "--date", "2025-02-10", "--year", "2025").exit_code == 0
    _git(two_years, "commit", "-qam", "I.2.1 năm 2025")
    this = run("history", "I.2.1", "--year", "2025")
    assert this.exit_code == 0, this.output
    assert note in this.output
    last = run("history", "I.2.1", "--year", "2024")
    assert last.exit_code == 0 and note not in last.output
    changed = run("diff", "HEAD~1", "--year", "2025")
    assert changed.exit_code == 0 and "I.2.1" in changed.output
    assert "I.2.1" not in run("diff", "HEAD~1", "--year", "2024").output


def test_score_and_plan_read_the_years_folder(two_years: Path, run: Callable[..., Result]) -> None:
    # par init does not copy the criteria catalogue: 2025 has none yet.
    no_catalogue = run("score", "--year", "2025")
    assert no_catalogue.exit_code == 1 and "plans-2025" in no_catalogue.output
    assert run("score", "--year", "2024", "--as-of", "2024-12-14").exit_code == 0
    plan_2025 = run("plan", "--year", "2025")
    assert plan_2025.exit_code == 0 and "năm 2025" in plan_2025.stdout
    plan_2024 = run("plan", "--year", "2024")
    assert "Số: 64/KH-UBND" in plan_2024.stdout and "Số: 64/KH-UBND" not in plan_2025.stdout


def test_init_starts_from_the_year_before(two_years: Path, run: Callable[..., Result]) -> None:
    """par init 2026 starts from plans-2025/, not from the first plan in plans/."""
    result = run("init", "2026", "--carry", "none")
    assert result.exit_code == 0, result.output
    text = (two_years / "plans-2026" / "ke-hoach.yaml").read_text("utf-8")
    assert "từ kế hoạch năm 2025" in text
