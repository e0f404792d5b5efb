"""Answers that were false or misleading: one test each, written before the fix.

Each test names the answer the clerk used to get, so that a regression reads as the old lie.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_PLANS
from tests.helpers import PLAN, appendix_with, task, write_plans

# ------------------------------------------------------------- filters that name nothing


@pytest.mark.parametrize(
    ("args", "bad", "hint"),
    [
        (("overdue", "--lead", "vp_tk", "--fail"), "vp_tk", "vp-tk"),
        (("overdue", "--appendix", "III"), "III", "I, II"),
        (("overdue", "--group", "9"), "9", "I.1"),
        (("list", "--lead", "khong-co-ai"), "khong-co-ai", "vp-tk"),
        (("list", "--group", "khong co nhom nay"), "khong co nhom nay", "I.1"),
    ],
)
def test_a_filter_naming_nothing_is_a_usage_error_not_an_all_clear(
    run, args: tuple[str, ...], bad: str, hint: str
) -> None:
    # Was: "Không có việc quá hạn…" and exit 0, while --lead vp-tk finds one.
    result = run(*args, "--as-of", "2024-12-31", "--plans", str(SHIPPED_PLANS))
    assert result.exit_code == 2, result.output
    assert f"«{bad}»" in result.stderr and hint in result.stderr
    assert "Không có việc" not in result.stdout


def test_a_filter_that_names_something_still_works(run) -> None:
    result = run(
        "overdue", "--lead", "vp-tk", "--as-of", "2024-12-31", "--plans", str(SHIPPED_PLANS)
    )
    assert result.exit_code == 0
    result = run(
        "overdue", "--lead", "van phong", "--as-of", "2024-12-31", "--plans", str(SHIPPED_PLANS)
    )
    assert result.exit_code == 0


# ---------------------------------------------------------------------------- warnings


def test_deadline_range_warning_prints_its_values_not_its_template(run, tmp_path: Path) -> None:
    # Was: "thời hạn «{phrase}» ({due}) nằm ngoài năm kế hoạch {year} …" on every par status.
    plans = write_plans(tmp_path, appendix=appendix_with([task("I.1.1", "30/9/2026")]))
    result = run("validate", "--plans", str(plans), "--as-of", "2024-10-01")
    assert "DEADLINE-RANGE" in result.stdout
    assert "{" not in result.stdout and "30/09/2026" in result.stdout


# ---------------------------------------------------------------------------- validate


def test_validate_counts_tasks_of_a_file_with_an_error(run, tmp_path: Path) -> None:
    # Was: "3 tệp, 14 nhiệm vụ" when appendix I (30 tasks) had one error.
    broken = appendix_with([task("I.1.1"), task("I.1.2"), task("I.1.3", chu_tri="Khong Hop Le")])
    plans = write_plans(tmp_path, appendix=broken)
    result = run("validate", "--plans", str(plans), "--format", "json")
    data = json.loads(result.stdout)
    assert data["errors"] >= 1
    assert data["files"] == 2 and data["tasks"] == 3


# --------------------------------------------------------------------- one due-soon window


def test_the_upcoming_section_uses_the_plans_due_soon_setting(run, tmp_path: Path) -> None:
    # Was: the summary used sap_den_han_ngay (20) while the section said "trong 14 ngày tới".
    plan = PLAN + "sap_den_han_ngay: 20\n"
    tasks = [task("I.1.1", "18/10/2024"), task("I.1.2", "30/12/2024")]
    plans = write_plans(tmp_path, plan=plan, appendix=appendix_with(tasks))
    out = run("status", "--as-of", "2024-10-01", "--plans", str(plans)).stdout
    assert "14 ngày" not in out
    assert "Đến hạn trong 20 ngày tới (1)" in out
    data = json.loads(
        run("status", "--as-of", "2024-10-01", "--json", "--plans", str(plans)).stdout
    )
    assert data["counts"]["due_soon"] == 1
    assert data["due_soon"]["days"] == 20
    assert [i["task_id"] for i in data["due_soon"]["items"]] == ["I.1.1"]


# --------------------------------------------------------------------------- next report


def test_next_report_skips_a_report_already_marked_done(run) -> None:
    # Was: "Báo cáo tiếp theo: Quý IV năm 2024 · hạn nộp 20/12/2024 (còn 2 ngày)" on 18/12 when
    # I.1.3 (the quarterly report) recorded the Q4 report sent on 17/12.
    args = ("status", "--as-of", "2024-12-18", "--plans", str(SHIPPED_PLANS))
    out = run(*args).stdout
    assert "Quý IV năm 2024 · hạn nộp" not in out
    assert "Báo cáo Quý IV năm 2024 đã gửi ngày 17/12/2024" in out
    assert "Đã gửi báo cáo đến kỳ cuối của kế hoạch năm 2024" in out
    data = json.loads(run(*args, "--json").stdout)
    assert data["next_report"] is None or data["next_report"]["period"] != "2024-Q4"
    assert data["final_report"]["period"] == "2024-Q4" and data["final_report"]["done"] is True


def test_next_report_still_counts_down_when_not_done(run) -> None:
    data = json.loads(
        run("status", "--as-of", "2024-09-30", "--json", "--plans", str(SHIPPED_PLANS)).stdout
    )
    assert data["next_report"]["period"] == "2024-Q4" and data["next_report"]["done"] is False


# -------------------------------------------------------------------------------- language


@pytest.mark.parametrize(
    ("args", "env"),
    [(("--lang", "fr"), {}), ((), {"PAR_LANG": "xx"}), (("--lang", "english"), {})],
)
def test_an_unknown_language_is_refused(run, args: tuple[str, ...], env: dict[str, str]) -> None:
    # Was: Vietnamese output and exit 0.
    result = run("status", *args, "--plans", str(SHIPPED_PLANS), env=env)
    assert result.exit_code == 2
    assert "«" in result.stderr and "vi, en" in result.stderr and "PAR_LANG" in result.stderr
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- framework text translated


def test_help_has_no_english_framework_text_or_odd_metavars(run) -> None:
    for args in ((), ("list",), ("overdue",), ("history",), ("diff",), ("validate",), ("report",)):
        out = run(*args, "--help").stdout
        assert "Show this message and exit" not in out, args
        assert "<bool>" not in out and "[[" not in out, args
        assert "Cách dùng:" in out and "Tùy chọn" in out, args
        assert "[OPTIONS]" not in out and "COMMAND" not in out, args  # the usage line too


def test_unknown_command_and_bad_choice_are_vietnamese(run) -> None:
    # Was: "No such command 'finish'." and "Invalid value for '--format' / '-f': …".
    result = run("finish")
    assert result.exit_code == 2 and "No such command" not in result.output
    assert "không có lệnh «finish»" in result.output
    result = run("report", "2024-Q3", "--format", "xlsx", "--plans", str(SHIPPED_PLANS))
    assert result.exit_code == 2 and "Invalid value" not in result.output
    assert "xlsx" in result.output and "docx" in result.output
    result = run("status", "--bogus")
    assert result.exit_code == 2 and "No such option" not in result.output
    assert "không có tùy chọn «--bogus» (xem par status -h)" in result.output
    result = run("report", "--format", "md", "--plans", str(SHIPPED_PLANS))
    assert result.exit_code == 2 and "Missing" not in result.output and "thiếu" in result.output
    result = run("report", "2024-Q3", "--format", "xlsx", "--lang", "en")
    assert result.exit_code == 2 and "does not take «xlsx»" in result.output


def test_english_mode_has_singular_and_ordinal_wording() -> None:
    from vanthuy_cli.render.catalog import Translator

    t = Translator("en")
    assert t("dash.warnings", count=1).startswith("1 warning") and "1 warnings" not in t(
        "dash.warnings", count=1
    )
    assert "(time 2)" not in t("history.move_count", count=2)
    assert t("history.move_count", count=2) == "(2nd move)"
    assert t("history.move_count", count=11) == "(11th move)"
    assert t("validate.summary", files=1, tasks=2, errors=0, warnings=1) == (
        "1 file, 2 tasks: 0 errors, 1 warning."
    )


# ------------------------------------------------------------------------------ plan file


def test_the_sample_plan_names_only_commands_that_exist(run) -> None:
    # Was: "In lại văn bản: par render plan", which does not exist.
    text = (SHIPPED_PLANS / "ke-hoach.yaml").read_text(encoding="utf-8")
    commands = re.findall(r"\bpar ([a-z]+)\b", text)
    assert "plan" in commands
    for command in commands:
        assert run(command, "--help").exit_code == 0, command


# ---------------------------------------------------------------------------- narrow list


def test_list_at_60_columns_gives_the_task_text_room(run, monkeypatch) -> None:
    # Was: about five characters for the task text ("chuy…").
    monkeypatch.setenv("COLUMNS", "60")
    out = run("list", "--as-of", "2024-09-30", "--plans", str(SHIPPED_PLANS)).stdout
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 60
    first = next(line for line in lines if line.startswith("I.1.1"))
    assert "Rà soát, bổ sung vào Kế hoạch" in first  # the task's words, not "chuy…"
    assert len(first.split("  ")[0]) < 12  # the id is not padded out by the text


# --------------------------------------------------------------------- deadline grammar


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("Quý 03/2024", "2024-09-30"),
        ("06 tháng đầu năm 2024", "2024-06-30"),
        ("Trước ngày 05/12/2024", "2024-12-04"),
    ],
)
def test_leading_zeros_inside_words(phrase: str, due: str) -> None:
    from vanthuy_cli.plan.deadlines import parse_deadline

    assert str(parse_deadline(phrase, 2024).due) == due


@pytest.mark.parametrize(
    ("phrase", "period", "due"),
    [
        ("Hằng quý, chậm nhất ngày 20 tháng cuối quý", "2024-Q3", "2024-09-20"),
        ("Hằng quý, trước ngày 15 tháng đầu quý", "2024-Q3", "2024-07-14"),
        ("Hằng quý, chậm nhất ngày 05 tháng đầu quý sau", "2024-Q3", "2024-10-05"),
        ("Hàng quý, chậm nhất ngày 10 tháng giữa quý", "2024-Q4", "2024-11-10"),
        ("Hằng năm, chậm nhất ngày 15 tháng cuối năm", "2024", "2024-12-15"),
        ("06 tháng một lần, chậm nhất ngày 05 tháng đầu kỳ sau", "2024-H1", "2024-07-05"),
    ],
)
def test_recurring_deadlines_naming_the_month_within_the_period(
    phrase: str, period: str, due: str
) -> None:
    from datetime import date

    from vanthuy_cli.plan.deadlines import parse_deadline

    deadline = parse_deadline(phrase, 2024)
    found = {
        o.period.name: str(o.due)
        for o in deadline.occurrences(date(2024, 1, 1), date(2024, 12, 31))
    }
    assert found[period] == due


def test_the_month_word_must_fit_the_period() -> None:
    from vanthuy_cli.plan.deadlines import DeadlineError, parse_deadline

    with pytest.raises(DeadlineError):
        parse_deadline("Hằng tháng, chậm nhất ngày 20 tháng cuối quý", 2024)
