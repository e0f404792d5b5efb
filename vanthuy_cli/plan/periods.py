"""Reporting periods: months, quarters, half years, years, and their data windows.

Nghị định 09/2019/NĐ-CP (as repeated by provincial decisions and by the Ministry of Home Affairs'
guidance for CCHC reports) counts a period's data from the 15th of the month before it starts to the
14th of its last month: Q3 = 15/6–14/9, Q1 = 15/12 of the previous year–14/3, the year =
15/12–14/12. Reports are due by the 20th of the period's last month. Both days are plan settings
(``bao_cao.ngay_chot_so_lieu``, ``bao_cao.ngay_nop``); ``theo_lich: true`` uses calendar periods.

A period has a name a clerk types (``2024-Q3``, ``2024-H1``, ``2024``, ``2024-09``); its words
("Quý III năm 2024") are the render layer's (``catalog.period_label``).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from enum import StrEnum

from vanthuy_cli.errors import InvalidValue, PeriodError
from vanthuy_cli.recordtype import Record

#: Years par accepts on the command line: enough for any plan, far from ``date``'s limits.
YEARS = range(1900, 3000)


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) moved by ``delta`` months."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


class Period(Record, kw_only=False, order=True):
    """A calendar period. ``index``: month (1–12), quarter (1–4), half (1–2), or 1 for a year."""

    year: int
    kind: PeriodKind
    index: int

    @property
    def months(self) -> int:
        return _MONTHS[self.kind]

    @property
    def first_month(self) -> int:
        return (self.index - 1) * self.months + 1

    @property
    def last_month(self) -> int:
        return self.first_month + self.months - 1

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        return last_day(self.year, self.last_month)

    @property
    def name(self) -> str:
        """The name a clerk types: ``2024-09``, ``2024-Q3``, ``2024-H1`` or ``2024``."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.year}-{self.index:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}-Q{self.index}"
        if self.kind is PeriodKind.HALF:
            return f"{self.year}-H{self.index}"
        return f"{self.year}"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> Period:
        count = 12 // self.months
        if self.index < count:
            return Period(self.year, self.kind, self.index + 1)
        return Period(self.year + 1, self.kind, 1)

    def previous(self) -> Period:
        if self.index > 1:
            return Period(self.year, self.kind, self.index - 1)
        return Period(self.year - 1, self.kind, 12 // self.months)

    def __str__(self) -> str:
        return self.name


_NAME = re.compile(
    r"^\s*(?P<year>\d{4})(?:-(?:(?P<q>[qQ][1-4])|(?P<h>[hH][12])|(?P<m>\d{1,2})))?\s*$"
)


def parse_period(text: str) -> Period:
    """``2024-Q3`` / ``2024-H1`` / ``2024`` / ``2024-09`` → Period; PeriodError otherwise."""
    match = _NAME.match(text or "")
    if not match:
        raise PeriodError("period.invalid", value=text)
    year = int(match["year"])
    if year not in YEARS:
        raise PeriodError("period.invalid", value=text)
    if match["q"]:
        return Period(year, PeriodKind.QUARTER, int(match["q"][1]))
    if match["h"]:
        return Period(year, PeriodKind.HALF, int(match["h"][1]))
    if match["m"]:
        month = int(match["m"])
        if not 1 <= month <= 12:
            raise PeriodError("period.invalid", value=text)
        return Period(year, PeriodKind.MONTH, month)
    return Period(year, PeriodKind.YEAR, 1)


def period_of(day: date, kind: PeriodKind) -> Period:
    """The calendar period of ``kind`` that contains ``day``."""
    months = _MONTHS[kind]
    return Period(day.year, kind, (day.month - 1) // months + 1)


def periods_between(kind: PeriodKind, first: date, last: date) -> list[Period]:
    """Calendar periods of ``kind`` that overlap [first, last], in order."""
    out: list[Period] = []
    period = period_of(first, kind)
    while period.start <= last:
        out.append(period)
        period = period.next()
    return out


class ReportingRules(Record, kw_only=False):
    """Cut-off and submission days; see the module docstring."""

    cutoff_day: int = 14
    submit_day: int = 20
    calendar: bool = False

    def window(self, period: Period) -> tuple[date, date]:
        """First and last day whose data belong to ``period``'s report."""
        if self.calendar:
            return period.start, period.end
        y, m = add_months(period.year, period.first_month, -1)
        return (
            date(y, m, self.cutoff_day) + timedelta(days=1),
            date(period.year, period.last_month, self.cutoff_day),
        )

    def submission(self, period: Period) -> date:
        """The day the report for ``period`` is due.

        With calendar periods the data are complete only after the period ends, so the report is
        due on ``submit_day`` of the following month.
        """
        if self.calendar:
            y, m = add_months(period.year, period.last_month, 1)
            return date(y, m, self.submit_day)
        return date(period.year, period.last_month, self.submit_day)

    def period_for(self, day: date, kind: PeriodKind) -> Period:
        """The period of ``kind`` whose data window contains ``day``."""
        period = period_of(day, kind)
        start, end = self.window(period)
        if day > end:
            return period.next()
        if day < start:  # only possible if cutoff_day were past month end; kept for safety
            return period.previous()
        return period

    def next_report(self, day: date, kind: PeriodKind) -> Period:
        """The earliest period of ``kind`` whose report is due on or after ``day``."""
        period = period_of(day, kind).previous()
        while self.submission(period) < day:
            period = period.next()
        return period


#: "I.1.3 (2024-Q3)": a task id and one occurrence of it, as par overdue prints them.
_OCCURRENCE = re.compile(r"^\s*(\S+?)\s*\(\s*([^()]+?)\s*\)\s*$")


def split_occurrence(text: str, period: str | None = None) -> tuple[str, str | None]:
    """``"I.1.3 (2024-Q3)"`` → ``("I.1.3", "2024-Q3")``; ``--ky`` wins when both are given and
    agree, and a disagreement is a usage error."""
    match = _OCCURRENCE.match(text)
    task_id, given = (match[1], match[2]) if match else (text.strip(), None)
    if given and period and given.strip().upper() != period.strip().upper():
        raise InvalidValue("record.two_periods", first=given, second=period)
    chosen = period or given
    if not chosen:
        return task_id, None
    return task_id, parse_period(chosen).name  # "2024-q3" → "2024-Q3", "2024-9" → "2024-09"
