"""par init: next year's plan beside this one, and this year's output unchanged byte for byte."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import SHIPPED_PLANS
from vanthuy_cli.storage.yamlio import parse_text


@pytest.fixture
def commune(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(SHIPPED_PLANS, tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _outputs(run: Callable[..., Result]) -> tuple[bytes, bytes]:
    status = run("status", "--year", "2024", "--as-of", "2024-12-31")
    report = run("report", "2024-Q3", "--format", "md", "-o", "-")
    assert status.exit_code == 0 and report.exit_code == 0, status.output + report.output
    return status.stdout_bytes, report.stdout_bytes


def test_init_leaves_this_year_byte_identical(commune: Path, run: Callable[..., Result]) -> None:
    before_files = {p.name: p.read_bytes() for p in (commune / "plans").iterdir()}
    before = _outputs(run)
    result = run("init", "2025", "--carry", "all")
    assert result.exit_code == 0, result.output
    assert _outputs(run) == before
    assert {p.name: p.read_bytes() for p in (commune / "plans").iterdir()} == before_files
    assert run("validate", "--plans", "plans-2025").exit_code == 0
    assert run("status", "--year", "2025", "--as-of", "2025-03-31").exit_code == 0


def test_init_carries_recurring_and_offers_unfinished(
    commune: Path, run: Callable[..., Result]
) -> None:
    result = run("nam-moi", "2025", "--carry", "none")
    assert result.exit_code == 0, result.output
    plan = parse_text((commune / "plans-2025" / "ke-hoach.yaml").read_text("utf-8"), "p").data
    assert plan["nam"] == "2025" and "co_quan_chu_quan" not in plan
    assert plan["nhan_su"][0]["ma"] == "ct-ubnd" and "bao_cao" in plan
    text = (commune / "plans-2025" / "phu-luc-I-par-index.yaml").read_text("utf-8")
    data = parse_text(text, "a").data
    tasks = {t["ma"]: t for g in data["nhom"] for t in g["nhiem_vu"]}
    assert "I.1.3" in tasks and "tien_do" not in tasks["I.1.3"]  # recurring, without progress
    assert "I.2.1" not in tasks  # unfinished, not carried with --carry none
    assert "I.2.1" in result.output
    again = run("init", "2025", "--carry", "all")
    assert again.exit_code == 1 and "đã có" in again.output


def test_carried_task_notes_its_origin(commune: Path, run: Callable[..., Result]) -> None:
    assert run("init", "2025", "--carry", "all").exit_code == 0
    text = (commune / "plans-2025" / "phu-luc-I-par-index.yaml").read_text("utf-8")
    data = parse_text(text, "a").data
    tasks = {t["ma"]: t for g in data["nhom"] for t in g["nhiem_vu"]}
    assert tasks["I.2.1"]["ghi_chu"] == (
        "Chuyển từ Kế hoạch số 64/KH-UBND năm 2024 (mã I.2.1), chưa hoàn thành."
    )
    assert tasks["I.2.1"]["thoi_han"] == "Tháng 10 năm 2025"


def test_year_without_plan_is_a_usage_error(commune: Path, run: Callable[..., Result]) -> None:
    result = run("status", "--year", "2023")
    assert result.exit_code == 2 and "par init 2023" in result.output
