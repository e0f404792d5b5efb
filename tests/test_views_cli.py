"""What the clerk sees: golden dashboards at fixed dates, filters, one task's record, JSON."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_PLANS
from tests.helpers import appendix_with, done, entry, task, write_plans

GOLDEN = Path(__file__).with_name("golden")


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/<name>; PAR_UPDATE_GOLDEN=1 rewrites it (review the diff!)."""
    path = GOLDEN / name
    if os.environ.get("PAR_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        (("status", "--as-of", "2024-09-30"), "status-2024-09-30.txt"),
        (("status", "--as-of", "2025-01-15"), "status-2025-01-15.txt"),
        (("overdue", "--as-of", "2024-12-31"), "overdue-2024-12-31.txt"),
    ],
)
def test_golden_output_on_the_shipped_plans(run, args: tuple[str, ...], golden: str) -> None:
    result = run(*args, "--plans", str(SHIPPED_PLANS))
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "\x1b[" not in result.stdout  # no colour codes when not on a terminal
    check_golden(golden, result.stdout)


def test_status_mid_year_shows_the_plan_in_progress(run) -> None:
    out = run("status", "--as-of", "2024-09-30", "--plans", str(SHIPPED_PLANS)).stdout
    assert "Tình hình đến ngày 30/09/2024" in out
    assert "Năm kế hoạch 2024 đã kết thúc" not in out
    assert "Báo cáo tiếp theo: Quý IV năm 2024 · hạn nộp 20/12/2024" in out


def test_status_after_the_plan_year_says_so(run) -> None:
    out = run("status", "--as-of", "2026-11-27", "--plans", str(SHIPPED_PLANS)).stdout
    assert "Năm kế hoạch 2024 đã kết thúc; còn" in out
    assert "Các kỳ báo cáo của kế hoạch năm 2024 đã hết" in out
    assert "Quá hạn (" in out  # what is unfinished is still shown


def test_status_in_english(run) -> None:
    out = run(
        "status", "--as-of", "2024-09-30", "--lang", "en", "--plans", str(SHIPPED_PLANS)
    ).stdout
    assert "Status as of 2024-09-30" in out and "Overdue (" in out and "By lead" in out


def test_status_json(run) -> None:
    result = run("status", "--as-of", "2024-09-30", "--json", "--plans", str(SHIPPED_PLANS))
    data = json.loads(result.stdout)
    assert data["as_of"] == "2024-09-30"
    assert data["plan"]["number"] == "64/KH-UBND"
    assert sum(data["counts"].values()) == data["items"]
    assert data["next_report"]["period"] == "2024-Q4"
    assert data["next_report"]["window"] == {"start": "2024-09-15", "end": "2024-12-14"}
    assert {i["class"] for i in data["overdue"]} == {"overdue"}


@pytest.fixture
def small(tmp_path: Path) -> Path:
    tasks = [
        task(
            "I.1.1",
            "30/9/2024",
            [entry("1/9/2024", ghi_chu="Đang chờ số liệu thôn")],
            noi_dung="Rà soát thủ tục hành chính",
            chu_tri="tp-ht",
        ),
        task("I.1.2", "Quý IV/2024", noi_dung="Tuyên truyền về Đảng bộ xã"),
        task("I.1.3", "15/9/2024", [done("14/9/2024")], noi_dung="Niêm yết công khai"),
        task("I.1.4", "Hằng quý", [done("20/9/2024")], noi_dung="Báo cáo quý"),
    ]
    return write_plans(tmp_path, appendix=appendix_with(tasks))


def test_overdue_lists_days_late_lead_and_last_note(run, small: Path) -> None:
    result = run("overdue", "--as-of", "2024-10-10", "--plans", str(small))
    assert result.exit_code == 0
    lines = result.stdout
    assert "I.1.1" in lines and "10 ngày" in lines and "tp-ht" in lines
    assert "Đang chờ số liệu thôn" in lines
    assert "I.1.4 (2024-Q2)" in lines  # the missed Q2 occurrence
    assert "I.1.3" not in lines


def test_overdue_worst_first(run, small: Path) -> None:
    data = json.loads(
        run("overdue", "--as-of", "2024-10-10", "--json", "--plans", str(small)).stdout
    )
    items = data["items"]
    assert [d["task_id"] + (d["period"] or "") for d in items] == ["I.1.42024-Q2", "I.1.1"]
    assert items[0]["days_late"] > items[1]["days_late"]


def test_overdue_fail_exit_code(run, small: Path) -> None:
    assert run("overdue", "--as-of", "2024-10-10", "--fail", "--plans", str(small)).exit_code == 1
    assert run("overdue", "--as-of", "2024-06-15", "--fail", "--plans", str(small)).exit_code == 0


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (("thu tuc",), ["I.1.1"]),  # accent-insensitive
        (("dang bo",), ["I.1.2"]),  # "đ" folds to "d": "dang" finds "Đảng"
        (("dang",), ["I.1.1", "I.1.2"]),  # …and "Đang" in I.1.1's last progress note
        (("--lead", "tp-ht"), ["I.1.1"]),
        (("--lead", "tu phap"), ["I.1.1"]),  # words of the roster title
        (("--class", "done_on_time"), ["I.1.3", "I.1.4"]),
        (("--class", "overdue", "--class", "not_started"), ["I.1.1", "I.1.2", "I.1.4"]),
        (("--due-before", "1/10/2024", "--class", "overdue"), ["I.1.1", "I.1.4"]),
        (("--due-after", "30/9/2024"), ["I.1.2", "I.1.4"]),  # I.1.4's Q4 occurrence
    ],
)
def test_list_filters(run, small: Path, args: tuple[str, ...], ids: list[str]) -> None:
    data = json.loads(
        run("list", *args, "--as-of", "2024-10-10", "--json", "--plans", str(small)).stdout
    )
    assert sorted({d["task_id"] for d in data["items"]}) == ids


def test_list_unknown_class_is_a_usage_error(run, small: Path) -> None:
    result = run("list", "--class", "late", "--plans", str(small))
    assert result.exit_code == 2


def test_show_prints_the_whole_record(run, small: Path) -> None:
    result = run("show", "i.1.1", "--as-of", "2024-10-10", "--plans", str(small))
    assert result.exit_code == 0
    out = result.stdout
    for text in (
        "I.1.1  Rà soát thủ tục hành chính",
        "Công chức Tư pháp - Hộ tịch [tp-ht]",
        "30/9/2024 (hạn 30/09/2024)",
        "Quá hạn",
        "01/09/2024",
        "đang thực hiện",
        "Đang chờ số liệu thôn",
    ):
        assert text in out


def test_show_recurring_lists_occurrences(run, small: Path) -> None:
    out = run("show", "I.1.4", "--as-of", "2024-10-10", "--plans", str(small)).stdout
    assert "Quý II năm 2024" in out and "Quý III năm 2024" in out and "Quý IV năm 2024" in out


def test_show_unknown_id_suggests_close_ones(run, small: Path) -> None:
    result = run("show", "I.1.5", "--plans", str(small))
    assert result.exit_code == 1
    assert "không có nhiệm vụ mã «I.1.5»" in result.stderr
    assert "Có phải là: I.1.4" in result.stderr
    assert "Traceback" not in result.output


def test_views_show_the_valid_part_and_report_refuses(run, tmp_path: Path) -> None:
    # The appendix has an error: status leaves it out with a warning (tests/test_partial.py),
    # report refuses.
    plans = write_plans(tmp_path, appendix=appendix_with([task(chu_tri="khong-co")]))
    result = run("status", "--plans", str(plans), "--as-of", "2024-09-30")
    assert result.exit_code == 0
    assert "ROSTER-UNKNOWN" in result.stderr and "Cảnh báo:" in result.stderr
    refused = run("report", "2024-Q3", "--plans", str(plans), "--as-of", "2024-10-05")
    assert refused.exit_code == 1
    assert "ROSTER-UNKNOWN" in refused.stderr
    assert "Lỗi:" in refused.stderr


def test_bad_as_of_is_a_usage_error(run) -> None:
    result = run("status", "--as-of", "31/2/2024", "--plans", str(SHIPPED_PLANS))
    assert result.exit_code == 2
    assert "31/2/2024" in result.output


def test_status_on_a_narrow_terminal_loses_nothing(run, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    data = json.loads(
        run("status", "--as-of", "2024-09-30", "--json", "--plans", str(SHIPPED_PLANS)).stdout
    )
    out = run("status", "--as-of", "2024-09-30", "--plans", str(SHIPPED_PLANS)).stdout
    assert max(len(line) for line in out.splitlines()) <= 60
    for cls, n in data["counts"].items():
        if n:
            label = {"overdue": "Quá hạn", "done_on_time": "Hoàn thành đúng hạn"}.get(cls)
            if label:
                assert any(
                    line.strip().startswith(label) and line.strip().endswith(str(n))
                    for line in out.splitlines()
                ), cls
    bars = [line for line in out.splitlines() if "█" in line or "░" in line]
    assert bars and all("%" in line for line in bars)


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("status", "--as-of", "31/2/2024", "--lang", "en"), "Error: «31/2/2024» is not a date"),
        (("status", "--as-of", "31/12/9999"), "Lỗi: «31/12/9999» không phải ngày"),
        (("list", "--class", "late"), "Lỗi: không có tình trạng «late»"),
        (("report", "9999-Q4"), "«9999-Q4» không phải tên kỳ báo cáo"),
    ],
)
def test_usage_errors_are_one_translated_line(run, args: tuple[str, ...], text: str) -> None:
    result = run(*args, "--plans", str(SHIPPED_PLANS))
    assert result.exit_code == 2
    assert text in result.stderr and "Traceback" not in result.output


def test_schema_output_refuses_to_overwrite(run, tmp_path: Path) -> None:
    target = tmp_path / "phu-luc.schema.json"
    assert run("schema", "phu-luc", "-o", str(target)).exit_code == 0
    again = run("schema", "phu-luc", "-o", str(target))
    assert again.exit_code == 1 and "--force" in again.stderr
    assert run("schema", "phu-luc", "-o", str(target), "--force").exit_code == 0


def test_show_names_an_objective_cause(run) -> None:
    from tests.conftest import SHIPPED_PLANS

    result = run("show", "I.3.2", "--as-of", "2024-09-30", "--plans", str(SHIPPED_PLANS))
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "cơn bão số 3 (Yagi)" in text and "nguyên nhân khách quan" in text
