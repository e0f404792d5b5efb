"""Deadlines as Vietnamese plans write them, given one precise meaning each.

=================================  ===========================================================
Written                            Meaning
=================================  ===========================================================
``30/9/2024``, ``2024-09-30``      due that day (end of day, Asia/Ho_Chi_Minh)
``Chậm nhất ngày 30/9/2024``       same
``Trước ngày 15/12/2024``          done *before* that day: due 14/12, late from 15/12 on
``Tháng 9/2024``                   the last day of that month
``Trước tháng 9/2024``             the last day of the month before
``Quý III/2024``, ``Quý 3/2024``   the last day of the quarter
``6 tháng đầu (cuối) năm 2024``    30/6 (31/12)
``Năm 2024``, ``Cuối năm 2024``    31/12
``Thường xuyên``                   continuous: no due date, progress expected every period
``Hằng tháng/quý/năm``, ``6 tháng``  recurring: one occurrence per calendar period, each due on
                                   the period's last day; ``…, trước ngày 20`` moves it to the
                                   19th (``chậm nhất ngày 20``: the 20th) of the last month,
                                   ``… tháng sau`` to that day of the following month;
                                   ``… tháng đầu/giữa/cuối quý`` to that day of the period's
                                   first/middle/last month, ``… tháng đầu quý sau`` (or ``kỳ``)
                                   of the month after the period
``Theo quy định``, ``Theo kế       not computable: said so, never guessed
hoạch của huyện``
=================================  ===========================================================

Matching ignores case and diacritics ("Quy III/2024", "thuong xuyen"), accepts "hằng" and "hàng",
Roman or Arabic quarter numbers, numbers with leading zeros ("Quý 03", "06 tháng"), and a missing
year (the plan's year is used). Anything else is a ``DeadlineError`` that quotes the phrase and
lists the accepted forms.
"""

from __future__ import annotations

import functools
import re
from datetime import date, timedelta
from enum import StrEnum

from vanthuy_cli.errors import ParError
from vanthuy_cli.plan.periods import Period, PeriodKind, add_months, last_day, periods_between
from vanthuy_cli.recordtype import Record
from vanthuy_cli.textutil import fold


class DeadlineKind(StrEnum):
    DATE = "date"
    RECURRING = "recurring"
    CONTINUOUS = "continuous"
    UNDETERMINED = "undetermined"


class DeadlineError(ParError):
    """A deadline phrase par cannot read. ``params``: phrase, reason."""


class Occurrence(Record, kw_only=False):
    """One occurrence of a recurring obligation: the period it covers and its own due date."""

    period: Period
    due: date


class Deadline(Record, kw_only=False):
    text: str
    kind: DeadlineKind
    due: date | None = None  # DATE only
    every: PeriodKind | None = None  # RECURRING only
    day: int | None = None  # RECURRING: due day of the month (None: the period's last day)
    next_month: bool = False  # RECURRING: ``day`` falls in the month after the period
    #: RECURRING: the month ``day`` falls in, counted from the period's first month (0); None
    #: for the period's last month ("tháng đầu quý" 0, "tháng giữa quý" 1, "đầu quý sau" 3).
    month: int | None = None

    def occurrences(self, first: date, last: date) -> list[Occurrence]:
        """Occurrences whose period overlaps [first, last] and whose due date is not before first.

        A plan signed on 10/6 does not owe a Q1 report, but it does owe the Q2 one due on 30/6.
        """
        if self.kind is not DeadlineKind.RECURRING or self.every is None:
            return []
        out = []
        for period in periods_between(self.every, first, last):
            due = self._due_of(period)
            if due >= first:
                out.append(Occurrence(period, due))
        return out

    def _due_of(self, period: Period) -> date:
        if self.day is None:
            return period.end
        year, month = period.year, period.last_month
        if self.month is not None:
            year, month = add_months(period.year, period.first_month, self.month)
        elif self.next_month:
            year, month = add_months(year, month, 1)
        return min(date(year, month, 1) + timedelta(days=self.day - 1), last_day(year, month))


def counting_from(start: date | None, issued: date, year: int) -> date:
    """The first day a recurring task's occurrences are counted from: its ``bat_dau``, else the
    plan's signing date, but never before 1 January of the year before the plan's year. A
    ``bat_dau: 1/1/0001`` would otherwise make 24 000 monthly occurrences (see docs/gioi-han.md).
    """
    return max(start or issued, date(year - 1, 1, 1))


# --------------------------------------------------------------------------------------- parsing

_DATE = (
    r"(?:(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})(?:[/.-](?P<y>\d{4}))?"
    r"|(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
    r"|(?P<wd>\d{1,2}) thang (?P<wm>\d{1,2})(?: nam (?P<wy>\d{4}))?)"
)
_YEAR = r"(?:\s*(?:/|-|nam)\s*(?P<year>\d{4}))?"
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_CONTINUOUS = (
    r"^(?:thuong xuyen|lien tuc|hang ngay|hang tuan)(?:[ ,;]+"
    r"(?:lien tuc|thuong xuyen|ca nam|trong nam(?: \d{4})?))*$"
)
# A phrase with a number in it ("Theo quy định (trước ngày 15/12)") is not left uncomputed: it
# is refused with the accepted forms, so the clerk writes the date par can check.
_UNDETERMINED = (
    r"^(?:theo (?:ke hoach|quy dinh|yeu cau|chi dao|huong dan|lo trinh|"
    r"van ban)|khi (?:co yeu cau|phat sinh|co chi dao)|dot xuat)\b[^0-9]*$"
)
_RECURRING = (
    r"^(?:dinh ky\s*)?(?P<every>hang thang|moi thang|hang quy|moi quy|6 thang(?: mot lan)?|"
    r"sau thang|nua nam|hang nam|moi nam)(?:\s*(?:mot lan)?)?"
    r"(?:\s*[,;(]?\s*(?P<rel>truoc|cham nhat|han)\s+(?:ngay\s+)?(?P<day>\d{1,2})"
    r"(?:\s+(?P<next>thang sau|cua thang sau|thang ke tiep|thang tiep theo)"
    r"|\s+(?:cua\s+)?thang (?P<pos>dau|giua|cuoi) (?P<unit>quy|nam|ky)"
    r"(?:\s+(?P<after>sau|tiep theo|ke tiep))?)?\s*\)?)?$"
)
#: Months in one period of each recurrence, and the word that names such a period.
_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}
_UNIT = {"quy": PeriodKind.QUARTER, "nam": PeriodKind.YEAR}
_EVERY = {
    "hang thang": PeriodKind.MONTH,
    "moi thang": PeriodKind.MONTH,
    "hang quy": PeriodKind.QUARTER,
    "moi quy": PeriodKind.QUARTER,
    "6 thang": PeriodKind.HALF,
    "6 thang mot lan": PeriodKind.HALF,
    "sau thang": PeriodKind.HALF,
    "nua nam": PeriodKind.HALF,
    "hang nam": PeriodKind.YEAR,
    "moi nam": PeriodKind.YEAR,
}
_DAY = (
    r"^(?P<rel>truoc ngay|truoc|cham nhat(?: la)?(?: ngay)?|han(?: chot)?(?: ngay)?|"
    r"den(?: het)?(?: ngay)?|trong ngay|ngay|hoan thanh truoc ngay|"
    r"hoan thanh(?: trong| truoc)? ngay)?\s*" + _DATE + r"$"
)
_MONTH = r"^(?P<rel>truoc|trong|cuoi|het)?\s*(?:thang|t)\s*(?P<month>\d{1,2})" + _YEAR + r"$"
_MONTH_BARE = r"^(?P<month>\d{1,2})/(?P<year>\d{4})$"
_QUARTER = r"^(?:trong |cuoi |het )?(?:quy|q)\s*(?P<q>iv|iii|ii|i|[1-4])" + _YEAR + "$"
_QUARTER_ISO = r"^(?P<year>\d{4})-q(?P<q>[1-4])$"
_HALF = r"^(?:trong )?(?:6|sau) thang (?P<which>dau|cuoi) nam(?:\s+(?P<year>\d{4}))?$"
_YEARLY = r"^(?:trong |ca |cuoi |het )?nam\s+(?P<year>\d{4})$"


class _Grammar(Record):
    """The phrases above, compiled: on the first deadline read (``_grammar``), not at import.
    Only loading plan files reads deadlines; a command served from the plan cache never does,
    and compiling these ten expressions was most of the cost of importing this module."""

    continuous: re.Pattern[str]
    undetermined: re.Pattern[str]
    recurring: re.Pattern[str]
    day: re.Pattern[str]
    month: re.Pattern[str]
    month_bare: re.Pattern[str]
    quarter: re.Pattern[str]
    quarter_iso: re.Pattern[str]
    half: re.Pattern[str]
    yearly: re.Pattern[str]


@functools.cache
def _grammar() -> _Grammar:
    return _Grammar(
        continuous=re.compile(_CONTINUOUS),
        undetermined=re.compile(_UNDETERMINED),
        recurring=re.compile(_RECURRING),
        day=re.compile(_DAY),
        month=re.compile(_MONTH),
        month_bare=re.compile(_MONTH_BARE),
        quarter=re.compile(_QUARTER),
        quarter_iso=re.compile(_QUARTER_ISO),
        half=re.compile(_HALF),
        yearly=re.compile(_YEARLY),
    )


#: Shown with every error so the clerk sees what to write instead.
ACCEPTED_FORMS = (
    "30/9/2024",
    "2024-09-30",
    "Trước ngày 15/12/2024",
    "Chậm nhất ngày 15/12/2024",
    "Tháng 9/2024",
    "Quý III/2024",
    "6 tháng đầu năm 2024",
    "Năm 2024",
    "Thường xuyên",
    "Hằng tháng",
    "Hằng quý",
    "Hằng quý, trước ngày 20",
    "6 tháng",
    "Hằng năm",
    "Theo quy định",
)


def parse_deadline(text: str, year: int | None = None) -> Deadline:
    """Read one deadline phrase; ``year`` fills in a phrase that omits it ("Quý III")."""
    key = fold(text).strip(" .;,")
    key = re.sub(r"\s*([/-])\s*", r"\1", key)  # "Quý III / 2024" → "quy iii/2024"
    key = re.sub(r"(?<!\d)0+(?=\d)", "", key)  # "Quý 03", "06 tháng", "ngày 05": no leading zero
    if not key:
        raise DeadlineError("deadline.empty", phrase=text)
    grammar = _grammar()
    if grammar.continuous.match(key):
        return Deadline(text, DeadlineKind.CONTINUOUS)
    if grammar.undetermined.match(key):
        return Deadline(text, DeadlineKind.UNDETERMINED)
    match = grammar.recurring.match(key)
    if match:
        day = int(match["day"]) if match["day"] else None
        if day is not None:
            if not 1 <= day <= 31:
                raise DeadlineError("deadline.bad_day", phrase=text)
            if match["rel"] == "truoc":
                day -= 1  # "trước ngày 20": the 20th is already late, as for a fixed date
                if day == 0:
                    raise DeadlineError("deadline.bad_day", phrase=text)
        every = _EVERY[match["every"]]
        return Deadline(
            text,
            DeadlineKind.RECURRING,
            every=every,
            day=day,
            next_month=bool(match["next"]),
            month=_month_in_period(match, every, text),
        )
    try:
        due = _fixed_due(key, text, year)
    except (ValueError, OverflowError):  # year 0, or "trước ngày 1/1/0001": no such day
        raise DeadlineError("deadline.bad_date", phrase=text) from None
    return Deadline(text, DeadlineKind.DATE, due=due)


def _month_in_period(match: re.Match[str], every: PeriodKind, text: str) -> int | None:
    """ "… tháng đầu/giữa/cuối quý (sau)": the month, counted from the period's first month.

    The word must name the recurrence's own period ("quý" for "Hằng quý", "năm" for "Hằng năm",
    "kỳ" for any): "Hằng tháng, … tháng cuối quý" has no one meaning and is refused.
    """
    if not match["pos"]:
        return None
    unit = match["unit"]
    months = _MONTHS[every]
    if unit != "ky" and _UNIT[unit] is not every:
        raise DeadlineError("deadline.unparsed", phrase=text)
    if match["pos"] == "giua" and months != 3:  # only a quarter has one middle month
        raise DeadlineError("deadline.unparsed", phrase=text)
    month = {"dau": 0, "giua": 1, "cuoi": months - 1}[match["pos"]]
    return month + months if match["after"] else month


def _fixed_due(key: str, text: str, year: int | None) -> date:  # noqa: C901 - one branch per deadline form (the grammar is in docs/dinh-dang.md)
    def need_year(found: str | None) -> int:
        if found:
            return int(found)
        if year is None:
            raise DeadlineError("deadline.no_year", phrase=text)
        return year

    grammar = _grammar()

    def make(y: int, m: int, d: int) -> date:
        try:
            return date(y, m, d)
        except ValueError:
            raise DeadlineError("deadline.bad_date", phrase=text) from None

    if match := grammar.day.match(key):
        if match["iy"]:
            due = make(int(match["iy"]), int(match["im"]), int(match["id"]))
        elif match["wd"]:
            due = make(need_year(match["wy"]), int(match["wm"]), int(match["wd"]))
        else:
            due = make(need_year(match["y"]), int(match["m"]), int(match["d"]))
        rel = match["rel"] or ""
        # "Trước ngày X" means done before X: X itself is already late (docs/dinh-dang.md,
        # "Thời hạn").
        return due - timedelta(days=1) if rel.startswith(("truoc", "hoan thanh truoc")) else due
    if match := (grammar.month.match(key) or grammar.month_bare.match(key)):
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise DeadlineError("deadline.bad_date", phrase=text)
        y = need_year(match["year"])
        if match.re is grammar.month and match["rel"] == "truoc":
            return date(y, month, 1) - timedelta(days=1)
        return last_day(y, month)
    if match := (grammar.quarter.match(key) or grammar.quarter_iso.match(key)):
        return Period(need_year(match["year"]), PeriodKind.QUARTER, _QUARTERS[match["q"]]).end
    if match := grammar.half.match(key):
        y = need_year(match["year"])
        return date(y, 6, 30) if match["which"] == "dau" else date(y, 12, 31)
    if match := grammar.yearly.match(key):
        return date(int(match["year"]), 12, 31)
    raise DeadlineError("deadline.unparsed", phrase=text)
