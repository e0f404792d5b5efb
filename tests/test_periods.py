"""Reporting periods (Nghị định 09/2019): names, labels, data windows, submission days."""

from __future__ import annotations

from datetime import date

import pytest

from vanthuy_cli.errors import EXIT_USAGE, PeriodError
from vanthuy_cli.plan.periods import Period, PeriodKind, ReportingRules, parse_period
from vanthuy_cli.render.catalog import Translator, period_label

M, Q, H, Y = PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR
DECREE = ReportingRules()  # cut-off 14, submission 20
CALENDAR = ReportingRules(calendar=True)


@pytest.mark.parametrize(
    ("name", "period"),
    [
        ("2024-Q3", Period(2024, Q, 3)),
        ("2024-q1", Period(2024, Q, 1)),
        ("2024-H1", Period(2024, H, 1)),
        ("2024-h2", Period(2024, H, 2)),
        ("2024", Period(2024, Y, 1)),
        ("2024-09", Period(2024, M, 9)),
        ("2024-9", Period(2024, M, 9)),
    ],
)
def test_parse_names(name: str, period: Period) -> None:
    assert parse_period(name) == period


@pytest.mark.parametrize("name", ["2024-Q5", "2024-13", "Q3", "24-Q3", "2024-H3", "", "quý 3"])
def test_bad_names_are_usage_errors(name: str) -> None:
    # A library error (the rules know nothing of the command line) that the CLI shows as a usage
    # error: the name was typed by the user.
    with pytest.raises(PeriodError) as caught:
        parse_period(name)
    assert caught.value.exit_code == EXIT_USAGE


@pytest.mark.parametrize(
    ("period", "vi", "en"),
    [
        (Period(2024, Q, 3), "Quý III năm 2024", "Q3 2024"),
        (Period(2024, H, 1), "6 tháng đầu năm 2024", "First half of 2024"),
        (Period(2024, H, 2), "6 tháng cuối năm 2024", "Second half of 2024"),
        (Period(2024, Y, 1), "Năm 2024", "Year 2024"),
        (Period(2024, M, 9), "Tháng 9 năm 2024", "September 2024"),
    ],
)
def test_labels(period: Period, vi: str, en: str) -> None:
    assert (period_label(period, Translator("vi")), period_label(period, Translator("en"))) == (
        vi,
        en,
    )
    assert parse_period(period.name) == period


@pytest.mark.parametrize(
    ("period", "window", "submission"),
    [
        (Period(2024, Q, 1), (date(2023, 12, 15), date(2024, 3, 14)), date(2024, 3, 20)),
        (Period(2024, Q, 3), (date(2024, 6, 15), date(2024, 9, 14)), date(2024, 9, 20)),
        (Period(2024, Q, 4), (date(2024, 9, 15), date(2024, 12, 14)), date(2024, 12, 20)),
        (Period(2024, H, 1), (date(2023, 12, 15), date(2024, 6, 14)), date(2024, 6, 20)),
        (Period(2024, H, 2), (date(2024, 6, 15), date(2024, 12, 14)), date(2024, 12, 20)),
        (Period(2024, Y, 1), (date(2023, 12, 15), date(2024, 12, 14)), date(2024, 12, 20)),
        (Period(2024, M, 1), (date(2023, 12, 15), date(2024, 1, 14)), date(2024, 1, 20)),
        (Period(2024, M, 9), (date(2024, 8, 15), date(2024, 9, 14)), date(2024, 9, 20)),
    ],
)
def test_decree_windows(period: Period, window: tuple[date, date], submission: date) -> None:
    assert DECREE.window(period) == window
    assert DECREE.submission(period) == submission


def test_calendar_windows_and_submission_after_the_period() -> None:
    q3 = Period(2024, Q, 3)
    assert CALENDAR.window(q3) == (date(2024, 7, 1), date(2024, 9, 30))
    assert CALENDAR.submission(q3) == date(2024, 10, 20)
    assert CALENDAR.submission(Period(2024, Q, 4)) == date(2025, 1, 20)


def test_custom_days() -> None:
    rules = ReportingRules(cutoff_day=10, submit_day=15)
    assert rules.window(Period(2024, Q, 3)) == (date(2024, 6, 11), date(2024, 9, 10))
    assert rules.submission(Period(2024, Q, 3)) == date(2024, 9, 15)


@pytest.mark.parametrize(
    ("day", "period"),
    [
        (date(2024, 9, 14), Period(2024, Q, 3)),
        (date(2024, 9, 15), Period(2024, Q, 4)),  # the Q4 window starts on 15/9
        (date(2024, 12, 15), Period(2025, Q, 1)),  # …and Q1 of the next year on 15/12
        (date(2024, 7, 1), Period(2024, Q, 3)),
    ],
)
def test_period_for_a_day(day: date, period: Period) -> None:
    assert DECREE.period_for(day, Q) == period


@pytest.mark.parametrize(
    ("day", "period"),
    [
        (date(2024, 9, 20), Period(2024, Q, 3)),  # due today
        (date(2024, 9, 21), Period(2024, Q, 4)),
        (date(2024, 1, 5), Period(2024, Q, 1)),
        (date(2024, 12, 21), Period(2025, Q, 1)),
    ],
)
def test_next_report(day: date, period: Period) -> None:
    assert DECREE.next_report(day, Q) == period


def test_next_and_previous_wrap_years() -> None:
    assert Period(2024, Q, 4).next() == Period(2025, Q, 1)
    assert Period(2024, M, 1).previous() == Period(2023, M, 12)
    assert Period(2024, Y, 1).next() == Period(2025, Y, 1)
