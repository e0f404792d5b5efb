"""The deadline grammar: every form of docs/dinh-dang.md ("Thời hạn"), with its precise meaning."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vanthuy_cli.plan.deadlines import (
    ACCEPTED_FORMS,
    DeadlineError,
    DeadlineKind,
    parse_deadline,
)
from vanthuy_cli.plan.periods import PeriodKind
from vanthuy_cli.render.catalog import Translator

D, R, C, U = (
    DeadlineKind.DATE,
    DeadlineKind.RECURRING,
    DeadlineKind.CONTINUOUS,
    DeadlineKind.UNDETERMINED,
)
M, Q, H, Y = PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR

# (written, kind, due date or (every, day, next_month))
CASES = [
    ("30/9/2024", D, date(2024, 9, 30)),
    ("30/09/2024", D, date(2024, 9, 30)),
    ("2024-09-30", D, date(2024, 9, 30)),
    ("30.9.2024", D, date(2024, 9, 30)),
    ("30-9-2024", D, date(2024, 9, 30)),
    ("Ngày 30/9/2024", D, date(2024, 9, 30)),
    ("Ngày 30 tháng 9 năm 2024", D, date(2024, 9, 30)),
    ("Chậm nhất ngày 15/12/2024", D, date(2024, 12, 15)),
    ("chậm nhất là ngày 15/12/2024", D, date(2024, 12, 15)),
    ("Hạn chót 15/12/2024", D, date(2024, 12, 15)),
    ("Trước ngày 15/12/2024", D, date(2024, 12, 14)),
    ("TRƯỚC NGÀY 15/12/2024", D, date(2024, 12, 14)),
    ("Truoc ngay 15/12/2024", D, date(2024, 12, 14)),
    ("Hoàn thành trước ngày 1/10/2024", D, date(2024, 9, 30)),
    ("Trước ngày 1/1/2025", D, date(2024, 12, 31)),
    ("trước ngày 15/12", D, date(2024, 12, 14)),  # year from the plan
    ("Tháng 9/2024", D, date(2024, 9, 30)),
    ("Tháng 9 năm 2024", D, date(2024, 9, 30)),
    ("tháng 02/2024", D, date(2024, 2, 29)),  # leap year
    ("T9/2024", D, date(2024, 9, 30)),
    ("Trong tháng 11/2024", D, date(2024, 11, 30)),
    ("09/2024", D, date(2024, 9, 30)),
    ("Trước tháng 9/2024", D, date(2024, 8, 31)),
    ("Quý III/2024", D, date(2024, 9, 30)),
    ("Quý 3/2024", D, date(2024, 9, 30)),
    ("quý iii/2024", D, date(2024, 9, 30)),
    ("Quy III/2024", D, date(2024, 9, 30)),
    ("Quý III / 2024", D, date(2024, 9, 30)),
    ("Quý IV năm 2024", D, date(2024, 12, 31)),
    ("Quý I/2024", D, date(2024, 3, 31)),
    ("Quý II", D, date(2024, 6, 30)),
    ("Q3/2024", D, date(2024, 9, 30)),
    ("2024-Q4", D, date(2024, 12, 31)),
    ("6 tháng đầu năm 2024", D, date(2024, 6, 30)),
    ("6 tháng cuối năm 2024", D, date(2024, 12, 31)),
    ("Sáu tháng cuối năm", D, date(2024, 12, 31)),
    ("Năm 2024", D, date(2024, 12, 31)),
    ("Cuối năm 2024", D, date(2024, 12, 31)),
    ("Thường xuyên", C, None),
    ("THƯỜNG XUYÊN", C, None),
    ("thuong xuyen", C, None),
    ("Thường xuyên, liên tục", C, None),
    ("Hằng ngày", C, None),
    ("Hằng tháng", R, (M, None, False)),
    ("Hàng tháng", R, (M, None, False)),
    ("Hằng quý", R, (Q, None, False)),
    ("Hàng quý", R, (Q, None, False)),
    ("hang quy", R, (Q, None, False)),
    ("Định kỳ hằng quý", R, (Q, None, False)),
    ("6 tháng", R, (H, None, False)),
    ("Định kỳ 6 tháng", R, (H, None, False)),
    ("Hằng năm", R, (Y, None, False)),
    ("Hàng năm", R, (Y, None, False)),
    ("Hằng quý, chậm nhất ngày 20", R, (Q, 20, False)),
    ("Hằng quý (chậm nhất ngày 20)", R, (Q, 20, False)),
    ("Hằng quý, trước ngày 20", R, (Q, 19, False)),
    ("Hằng tháng, trước ngày 5 tháng sau", R, (M, 4, True)),
    ("Theo kế hoạch của huyện", U, None),
    ("Theo quy định", U, None),
    ("Khi có yêu cầu", U, None),
    ("Đột xuất", U, None),
]


@pytest.mark.parametrize(("written", "kind", "meaning"), CASES, ids=[c[0] for c in CASES])
def test_phrase_means(written: str, kind: DeadlineKind, meaning: object) -> None:
    deadline = parse_deadline(written, year=2024)
    assert deadline.kind is kind
    assert deadline.text == written
    if kind is D:
        assert deadline.due == meaning
    elif kind is R:
        assert (deadline.every, deadline.day, deadline.next_month) == meaning
        assert deadline.due is None
    else:
        assert deadline.due is None and deadline.every is None


def test_at_least_forty_phrasings() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("sớm nhất có thể", "deadline.unparsed"),
        ("Quý V/2024", "deadline.unparsed"),
        ("31/2/2024", "deadline.bad_date"),
        ("Tháng 13/2024", "deadline.bad_date"),
        ("Hằng quý, trước ngày 32", "deadline.bad_day"),
        ("", "deadline.empty"),
        ("   ", "deadline.empty"),
    ],
)
def test_unreadable_phrases_are_errors(written: str, key: str) -> None:
    with pytest.raises(DeadlineError) as exc:
        parse_deadline(written, year=2024)
    assert exc.value.key == key


def test_missing_year_without_plan_year_is_an_error() -> None:
    with pytest.raises(DeadlineError) as exc:
        parse_deadline("Quý III")
    assert exc.value.key == "deadline.no_year"


def test_error_message_quotes_the_phrase_and_lists_the_accepted_forms() -> None:
    with pytest.raises(DeadlineError) as exc:
        parse_deadline("sớm nhất có thể", year=2024)
    text = Translator("vi")(exc.value.key, forms="; ".join(ACCEPTED_FORMS), **exc.value.params)
    assert "«sớm nhất có thể»" in text
    for form in ("Quý III/2024", "Trước ngày 15/12/2024", "Thường xuyên", "Hằng quý"):
        assert form in text


def test_nfd_input_reads_like_nfc() -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Quý III/2024")
    assert parse_deadline(nfd, 2024).due == date(2024, 9, 30)


class TestOccurrences:
    def test_quarterly_from_the_plan_date_skips_q1_but_keeps_q2(self) -> None:
        occ = parse_deadline("Hằng quý").occurrences(date(2024, 6, 10), date(2024, 12, 31))
        assert [(o.period.name, o.due) for o in occ] == [
            ("2024-Q2", date(2024, 6, 30)),
            ("2024-Q3", date(2024, 9, 30)),
            ("2024-Q4", date(2024, 12, 31)),
        ]

    def test_day_in_the_last_month(self) -> None:
        occ = parse_deadline("Hằng quý, chậm nhất ngày 20").occurrences(
            date(2024, 6, 10), date(2024, 12, 31)
        )
        assert [o.due for o in occ] == [date(2024, 6, 20), date(2024, 9, 20), date(2024, 12, 20)]

    def test_occurrence_due_before_the_start_is_not_owed(self) -> None:
        occ = parse_deadline("Hằng quý, chậm nhất ngày 20").occurrences(
            date(2024, 6, 21), date(2024, 12, 31)
        )
        assert [o.period.name for o in occ] == ["2024-Q3", "2024-Q4"]

    def test_monthly_due_next_month(self) -> None:
        occ = parse_deadline("Hằng tháng, trước ngày 5 tháng sau").occurrences(
            date(2024, 11, 1), date(2024, 12, 31)
        )
        assert [(o.period.name, o.due) for o in occ] == [
            ("2024-11", date(2024, 12, 4)),
            ("2024-12", date(2025, 1, 4)),
        ]

    def test_day_31_in_a_short_month_is_its_last_day(self) -> None:
        occ = parse_deadline("Hằng tháng, chậm nhất ngày 31").occurrences(
            date(2024, 2, 1), date(2024, 2, 29)
        )
        assert occ[0].due == date(2024, 2, 29)

    def test_half_yearly_and_yearly(self) -> None:
        half = parse_deadline("6 tháng").occurrences(date(2024, 1, 1), date(2024, 12, 31))
        assert [o.due for o in half] == [date(2024, 6, 30), date(2024, 12, 31)]
        year = parse_deadline("Hằng năm").occurrences(date(2024, 6, 10), date(2024, 12, 31))
        assert [(o.period.name, o.due) for o in year] == [("2024", date(2024, 12, 31))]

    def test_fixed_dates_have_no_occurrences(self) -> None:
        assert (
            parse_deadline("Quý III/2024").occurrences(date(2024, 1, 1), date(2024, 12, 31)) == []
        )


def test_an_undetermined_phrase_with_a_date_in_it_is_refused() -> None:
    with pytest.raises(DeadlineError):
        parse_deadline("Theo quy định (trước ngày 15/12/2024)", 2024)
    assert parse_deadline("Theo kế hoạch của UBND huyện", 2024).kind is U


def test_a_plan_read_from_the_cache_compiles_no_deadline_grammar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The grammar is compiled when the first phrase is read (loading the files), not when the
    module is imported: a warm ``par status`` (plan, dashboard, score) never reads a phrase."""
    import shutil

    from vanthuy_cli.plan import deadlines
    from vanthuy_cli.reading import plancache
    from vanthuy_cli.rules.scoring import scorecard
    from vanthuy_cli.rules.views import dashboard

    from .conftest import SHIPPED_PLANS

    shutil.copytree(SHIPPED_PLANS, tmp_path / "plans")
    monkeypatch.setenv(plancache.ENV, str(tmp_path / "cache"))
    plancache.load_plan(tmp_path / "plans")  # a miss: reads every deadline
    assert deadlines._grammar.cache_info().currsize == 1
    deadlines._grammar.cache_clear()
    ws = plancache.load_plan(tmp_path / "plans")
    assert dashboard(ws, date(2024, 9, 30)).overdue and scorecard(ws, date(2024, 9, 30)).risks
    assert deadlines._grammar.cache_info().currsize == 0
    assert parse_deadline("Quý III/2024").due == date(2024, 9, 30)  # compiled on first use
    assert deadlines._grammar.cache_info().currsize == 1
