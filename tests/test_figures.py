"""A period's figures (``plans/so-lieu-<period>.yaml``): checked sums, derived rates, the report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_PLANS
from vanthuy_cli.plan.figures import PeriodFigures, indicators, share, sum_problems

Q3 = "so-lieu-2024-Q3.yaml"


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    shutil.copytree(SHIPPED_PLANS, tmp_path / "plans")
    return tmp_path / "plans"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_col(path: Path, needle: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def test_shipped_figures_add_up(run) -> None:
    result = run("validate", "--plans", str(SHIPPED_PLANS))
    assert result.exit_code == 0, result.output
    assert "FIGURES" not in result.output


def test_inconsistent_sums_are_rejected_with_file_line_col(run, plans: Path) -> None:
    path = plans / Q3
    _edit(path, "    dung_han: 155\n", "    dung_han: 150\n")
    result = run("validate", "--plans", str(plans))
    assert result.exit_code == 1
    line, col = _line_col(path, "da_giai_quyet:")
    assert f"{Q3}:{line}:{col}: FIGURES-SUM" in result.output
    assert "(393) + đang giải quyết (24) + trả lại (1) = 418" in result.output
    assert "hồ sơ tiếp nhận (423)" in result.output
    # and the report refuses to run on figures that do not add up
    assert run("report", "2024-Q3", "-o", "-", "--plans", str(plans)).exit_code == 1


def test_a_period_name_that_names_no_period_is_a_finding_at_its_line(run, plans: Path) -> None:
    # Not a command-line error (exit 2, no file): the mistake is in the file, so it is named there.
    path = plans / Q3
    _edit(path, "ky: 2024-Q3\n", "ky: 2024-Q5\n")
    result = run("validate", "--plans", str(plans))
    assert result.exit_code == 1
    line, _ = _line_col(path, "ky:")
    assert f"{Q3}:{line}:1: FIGURES-PERIOD" in result.output
    assert "2024-Q5" in result.output


def test_a_part_larger_than_its_whole_is_rejected(run, plans: Path) -> None:
    path = plans / Q3
    _edit(path, "  da_tra_loi: 2\n", "  da_tra_loi: 3\n")
    result = run("validate", "--plans", str(plans))
    line, col = _line_col(path, "da_tra_loi:")
    assert f"{Q3}:{line}:{col}: FIGURES-SUM" in result.output


def test_percentages_are_derived_never_typed(run, plans: Path) -> None:
    path = plans / Q3
    _edit(path, "  thu_xin_loi: 2\n", "  thu_xin_loi: 2\n  ty_le_dung_han: 99.5\n")
    result = run("validate", "--plans", str(plans))
    assert result.exit_code == 1
    assert "SCHEMA-UNKNOWN-KEY" in result.output and "ty_le_dung_han" in result.output


def test_period_outside_the_plan_and_misnamed_file(run, plans: Path) -> None:
    _edit(plans / Q3, "ky: 2024-Q3", "ky: 2025-Q3")
    result = run("validate", "--plans", str(plans))
    assert "FIGURES-PERIOD" in result.output and "2025-Q3" in result.output
    _edit(plans / Q3, "ky: 2025-Q3", "ky: 2024-Q4")
    renamed = run("validate", "--plans", str(plans))
    assert renamed.exit_code == 0  # a warning
    assert "FIGURES-NAME" in renamed.output and "so-lieu-2024-Q4.yaml" in renamed.output


def test_rates_are_derived_with_one_decimal() -> None:
    figures = PeriodFigures.model_validate(
        {
            "loai": "so_lieu",
            "ky": "2024-Q3",
            "thu_tuc_hanh_chinh": {
                "tiep_nhan": {"truc_tuyen": "2", "truc_tiep": "1"},
                "da_giai_quyet": {"dung_han": "2", "qua_han": "1"},
            },
        }
    )
    assert sum_problems(figures) == []
    values = indicators(figures)
    assert share(values["resolved_on_time"]) == "66,7%"  # type: ignore[arg-type]
    assert share(values["online_rate"]) == "66,7%"  # type: ignore[arg-type]
    assert share(None) == "-"


def test_report_prints_figures_with_the_previous_period_and_target(run, plans: Path) -> None:
    text = run("report", "2024-Q3", "-o", "-", "--plans", str(plans)).stdout
    assert "| Nội dung | Quý II năm 2024 | Quý III năm 2024 | Chỉ tiêu |" in text
    assert "| Tỷ lệ hồ sơ nộp trực tuyến | 40,2% | 44,0% | 50% |" in text
    assert "| Tổng số hồ sơ TTHC tiếp nhận | 310 | 423 |  |" in text
    shortcomings = text.split("### 2. Tồn tại, hạn chế")[1].split("### 3.")[0]
    assert "- Tỷ lệ hồ sơ nộp trực tuyến: 44,0% (chỉ tiêu: 50%), chưa đạt chỉ tiêu." in shortcomings
    strengths = text.split("### 1. Ưu điểm")[1].split("### 2.")[0]
    assert "- Tỷ lệ hài lòng: 94,7% (chỉ tiêu: 90%), đạt chỉ tiêu." in strengths


def test_a_period_without_figures_has_no_figures_section(run, plans: Path) -> None:
    text = run("report", "2024-Q4", "-o", "-", "--plans", str(plans)).stdout
    assert "Kết quả giải quyết thủ tục hành chính" not in text
    assert "### 1. Thực hiện nhiệm vụ nâng cao Chỉ số PAR INDEX" in text


def test_a_task_measuring_a_figure_that_disagrees_is_warned_where_it_is_written(
    run, plans: Path
) -> None:
    # I.3.2's target names the figures' on-time rate (so_lieu: dung_han): its value recorded in
    # Q3's data window must be the 99,5% that Q3's figures give (396 of 398 files).
    appendix = plans / "phu-luc-I-par-index.yaml"
    _edit(appendix, "            gia_tri: 99.5\n", "            gia_tri: 98.9\n")
    result = run("validate", "--plans", str(plans))
    assert result.exit_code == 0, result.output  # a warning: the report still runs
    line, col = _line_col(appendix, "98.9")  # the value itself
    message = " ".join(result.output.split())
    assert f"phu-luc-I-par-index.yaml:{line}:{col}: FIGURES-TASK" in message
    assert "I.3.2 ghi 98,9% ngày 13/09/2024" in message
    assert "số liệu kỳ 2024-Q3 (" in message and "cho 99,5%" in message
    # Q2's entry (14/6/2024, 100%) agrees with Q2's figures: one warning only.
    assert message.count("FIGURES-TASK") == 1


def test_a_target_names_only_a_rate_the_figures_have(run, plans: Path) -> None:
    appendix = plans / "phu-luc-I-par-index.yaml"
    _edit(appendix, "          so_lieu: dung_han\n", "          so_lieu: dung_han_ty_le\n")
    result = run("validate", "--plans", str(plans))
    assert result.exit_code == 1
    line, _col = _line_col(appendix, "so_lieu: dung_han_ty_le")
    assert f"phu-luc-I-par-index.yaml:{line}:" in result.output
