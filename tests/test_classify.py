"""Classification at the edges: one function decides what is done, late, due or stale."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.helpers import appendix_with, done, entry, task, write_plans
from vanthuy_cli.reading.workspace import load_workspace
from vanthuy_cli.rules.classify import Cls, Item, classify


def items(tmp_path: Path, tasks: list[dict], as_of: date, **kw) -> list[Item]:
    plans = write_plans(tmp_path, appendix=appendix_with(tasks))
    attempt = load_workspace(plans)
    assert not attempt.has_errors, attempt.findings
    return classify(attempt.require_valid(), as_of, **kw)


def one(tmp_path: Path, t: dict, as_of: date) -> Item:
    (item,) = items(tmp_path, [t], as_of)
    return item


@pytest.mark.parametrize(
    ("deadline", "progress", "as_of", "cls", "late", "left"),
    [
        # due today: not late yet, due soon with 0 days left
        ("30/9/2024", [entry("1/9/2024")], date(2024, 9, 30), Cls.DUE_SOON, None, 0),
        # due yesterday and not done: one day overdue
        ("29/9/2024", [entry("1/9/2024")], date(2024, 9, 30), Cls.OVERDUE, 1, None),
        # done on the due date: on time
        ("30/9/2024", [done("30/9/2024")], date(2024, 10, 5), Cls.DONE_ON_TIME, None, None),
        # done a day late
        ("30/9/2024", [done("1/10/2024")], date(2024, 10, 5), Cls.DONE_LATE, 1, None),
        # "Trước ngày 15/12": the 15th is already late, the 14th is not
        (
            "Trước ngày 15/12/2024",
            [done("14/12/2024")],
            date(2024, 12, 20),
            Cls.DONE_ON_TIME,
            None,
            None,
        ),
        ("Trước ngày 15/12/2024", [done("15/12/2024")], date(2024, 12, 20), Cls.DONE_LATE, 1, None),
        ("Trước ngày 15/12/2024", [], date(2024, 12, 15), Cls.OVERDUE, 1, None),
        # no entry, far from the deadline: not started; with an entry: in progress
        ("Quý IV/2024", [], date(2024, 9, 30), Cls.NOT_STARTED, None, 92),
        ("Quý IV/2024", [entry("15/9/2024")], date(2024, 9, 30), Cls.IN_PROGRESS, None, 92),
        (
            "Quý IV/2024",
            [entry("15/9/2024", "chua_thuc_hien")],
            date(2024, 9, 30),
            Cls.NOT_STARTED,
            None,
            92,
        ),
        # due-soon window is 7 days by default (sap_den_han_ngay)
        ("7/10/2024", [], date(2024, 9, 30), Cls.DUE_SOON, None, 7),
        ("8/10/2024", [], date(2024, 9, 30), Cls.NOT_STARTED, None, 8),
        # paused and cancelled are the clerk's decisions, even past the deadline
        ("30/9/2024", [entry("10/9/2024", "tam_dung")], date(2024, 12, 1), Cls.PAUSED, None, None),
        ("30/9/2024", [entry("10/9/2024", "huy_bo")], date(2024, 12, 1), Cls.CANCELLED, None, None),
        # reopened after being done: judged on the latest entry
        (
            "30/9/2024",
            [done("1/9/2024"), entry("5/9/2024")],
            date(2024, 10, 1),
            Cls.OVERDUE,
            1,
            None,
        ),
        # no deadline / not computable
        ("Thường xuyên", [entry("1/9/2024")], date(2024, 9, 30), Cls.NO_DEADLINE, None, None),
        ("Thường xuyên", [done("1/9/2024")], date(2024, 9, 30), Cls.DONE_ON_TIME, None, None),
        ("Theo kế hoạch của huyện", [], date(2024, 9, 30), Cls.UNDETERMINED, None, None),
    ],
)
def test_single_task_edges(
    tmp_path: Path,
    deadline: str,
    progress: list,
    as_of: date,
    cls: Cls,
    late: int | None,
    left: int | None,
) -> None:
    item = one(tmp_path, task(deadline=deadline, progress=progress), as_of)
    assert (item.cls, item.days_late, item.days_left) == (cls, late, left)


def test_entries_after_as_of_are_ignored(tmp_path: Path) -> None:
    t = task(deadline="30/9/2024", progress=[entry("1/9/2024"), done("20/9/2024")])
    assert one(tmp_path, t, date(2024, 9, 15)).cls is Cls.IN_PROGRESS
    assert one(tmp_path, t, date(2024, 9, 20)).cls is Cls.DONE_ON_TIME


def test_completion_date_is_the_first_done_of_the_final_run(tmp_path: Path) -> None:
    # A later entry that only corrects the evidence must not move the completion date.
    t = task(deadline="30/9/2024", progress=[done("28/9/2024"), done("3/10/2024", "QĐ số 2")])
    item = one(tmp_path, t, date(2024, 10, 5))
    assert (item.cls, item.completed) == (Cls.DONE_ON_TIME, date(2024, 9, 28))


def test_recurring_missed_in_q2_met_in_q3(tmp_path: Path) -> None:
    t = task(
        deadline="Hằng quý, chậm nhất ngày 20",
        progress=[done("3/7/2024", ky="2024-Q2"), done("18/9/2024", ky="2024-Q3")],
    )
    result = items(tmp_path, [t], date(2024, 9, 30))
    assert [(i.occurrence.name, i.cls, i.due, i.days_late) for i in result] == [
        ("2024-Q2", Cls.DONE_LATE, date(2024, 6, 20), 13),
        ("2024-Q3", Cls.DONE_ON_TIME, date(2024, 9, 20), None),
    ]
    assert [i.key for i in result] == ["I.1.1 (2024-Q2)", "I.1.1 (2024-Q3)"]


def test_recurring_q2_never_done_is_overdue_and_q4_has_not_begun(tmp_path: Path) -> None:
    t = task(deadline="Hằng quý", progress=[done("25/9/2024")])  # no ky: the date's quarter
    result = items(tmp_path, [t], date(2024, 9, 30))
    assert [(i.occurrence.name, i.cls) for i in result] == [
        ("2024-Q2", Cls.OVERDUE),
        ("2024-Q3", Cls.DONE_ON_TIME),
    ]
    assert result[0].days_late == 92


def test_recurring_occurrences_start_at_the_plan_date(tmp_path: Path) -> None:
    t = task(deadline="Hằng tháng")
    result = items(tmp_path, [t], date(2024, 7, 15))
    assert [i.occurrence.name for i in result] == ["2024-06", "2024-07"]  # not Jan–May


def test_recurring_start_can_be_set_per_task(tmp_path: Path) -> None:
    t = task(deadline="Hằng tháng", bat_dau="1/7/2024")
    assert [i.occurrence.name for i in items(tmp_path, [t], date(2024, 8, 1))] == [
        "2024-07",
        "2024-08",
    ]


def test_pause_without_period_holds_for_later_occurrences(tmp_path: Path) -> None:
    t = task(
        deadline="Hằng tháng",
        progress=[
            done("28/6/2024", ky="2024-06"),
            entry("5/7/2024", "tam_dung", ghi_chu="Chờ chỉ đạo"),
        ],
    )
    result = items(tmp_path, [t], date(2024, 9, 5))
    assert [(i.occurrence.name, i.cls) for i in result] == [
        ("2024-06", Cls.DONE_ON_TIME),
        ("2024-07", Cls.PAUSED),
        ("2024-08", Cls.PAUSED),
        ("2024-09", Cls.PAUSED),
    ]


class TestContinuous:
    """ "Thường xuyên": no deadline, but a reporting period must not go by without progress."""

    def test_with_progress_in_the_period_is_fresh(self, tmp_path: Path) -> None:
        t = task(deadline="Thường xuyên", progress=[entry("1/8/2024")])
        item = one(tmp_path, t, date(2024, 9, 10))  # window of Q3: 15/6–14/9
        assert (item.cls, item.stale) == (Cls.NO_DEADLINE, False)

    def test_without_progress_for_a_whole_period_is_stale(self, tmp_path: Path) -> None:
        t = task(deadline="Thường xuyên", progress=[entry("1/5/2024")])  # Q2 window only
        item = one(tmp_path, t, date(2024, 9, 30))  # previous window Q3 15/6–14/9: empty
        assert (item.cls, item.stale) == (Cls.NO_DEADLINE, True)

    def test_early_in_a_window_last_periods_entry_is_enough(self, tmp_path: Path) -> None:
        t = task(deadline="Thường xuyên", progress=[entry("10/9/2024")])
        assert not one(tmp_path, t, date(2024, 9, 20)).stale

    def test_an_explicit_window_is_used_as_given(self, tmp_path: Path) -> None:
        t = task(deadline="Thường xuyên", progress=[entry("10/9/2024")])
        (item,) = items(
            tmp_path, [t], date(2024, 12, 14), window=(date(2024, 9, 15), date(2024, 12, 14))
        )
        assert item.stale


def test_one_class_per_item_across_deadline_kinds(tmp_path: Path) -> None:
    tasks = [
        task(f"I.1.{n}", deadline=d)
        for n, d in enumerate(
            ["30/9/2024", "Hằng quý", "Thường xuyên", "Theo quy định", "Năm 2024"], start=1
        )
    ]
    result = items(tmp_path, tasks, date(2024, 11, 1))
    assert [(i.key, i.cls) for i in result] == [
        ("I.1.1", Cls.OVERDUE),
        ("I.1.2 (2024-Q2)", Cls.OVERDUE),
        ("I.1.2 (2024-Q3)", Cls.OVERDUE),
        ("I.1.2 (2024-Q4)", Cls.NOT_STARTED),
        ("I.1.3", Cls.NO_DEADLINE),
        ("I.1.4", Cls.UNDETERMINED),
        ("I.1.5", Cls.NOT_STARTED),
    ]
