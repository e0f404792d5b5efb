"""The PAR INDEX self-assessment: every rule at its boundaries, totals, at-risk, validation, CLI.

Catalogues are built inline from dicts so each test shows the rule it exercises; the second
catalogue has another shape (3 fields, other maxima, criteria scored without sub-criteria).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import Result

from tests.conftest import ROOT, SHIPPED_PLANS
from tests.helpers import appendix_with, done, task, write_plans
from vanthuy_cli.reading.workspace import load_workspace
from vanthuy_cli.rules.scoring import Scorecard, scorecard

Run = Callable[..., Result]


def leaf(number: str, rule: str, max_points: float = 2, **extra: Any) -> dict[str, Any]:
    return {
        "so": number,
        "ten": f"Tiêu chí {number}",
        "diem_toi_da": max_points,
        "cach_cham": rule,
        **extra,
    }


def catalogue(*criteria: dict[str, Any], areas: list[dict[str, Any]] | None = None) -> str:
    """One field holding ``criteria`` (leaves), or the given ``areas``."""
    data = {
        "loai": "bo_tieu_chi",
        "ten": "Bộ tiêu chí thử",
        "nam": 2024,
        "linh_vuc": areas or [{"so": "1", "ten": "Lĩnh vực thử", "tieu_chi": list(criteria)}],
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def card_for(
    tmp_path: Path, tasks: list[dict[str, Any]], cat: str, as_of: str = "2024-12-14"
) -> Scorecard:
    plans = write_plans(tmp_path, appendix=appendix_with(tasks), files={"tieu-chi.yaml": cat})
    attempt = load_workspace(plans)
    errors = [f for f in attempt.findings if f.is_error]
    assert not errors, errors
    assert attempt.loaded is not None
    return scorecard(attempt.loaded, date.fromisoformat(as_of))


def points(card: Scorecard, number: str) -> float:
    return next(s.points for s in card.leaves if s.number == number)


TIERS = [{"tu": 90, "diem": 2}, {"tu": 70, "diem": 1}, {"tu": 0, "diem": 0}]


# ----------------------------------------------------------------------------- tiers


@pytest.mark.parametrize(
    ("value", "expected"),
    [(100, 2), (90, 2), (89.9, 1), (70, 1), (69.9, 0), (0, 0)],
)
def test_tiers_over_an_entered_ratio_at_the_boundaries(
    tmp_path: Path, value: float, expected: float
) -> None:
    cat = catalogue(
        leaf(
            "1.1",
            "theo_muc",
            nguon="nhap",
            muc=TIERS,
            nhap=[{"ngay": "1/12/2024", "gia_tri": value, "minh_chung": "Báo cáo số 5/BC-UBND"}],
        )
    )
    assert points(card_for(tmp_path, [task()], cat), "1.1") == expected


@pytest.mark.parametrize(("done_count", "expected"), [(9, 2), (8, 1), (7, 1), (6, 0)])
def test_tiers_over_the_plan_completion_ratio(
    tmp_path: Path, done_count: int, expected: float
) -> None:
    # 10 tasks, done_count of them done: 9/10 is exactly 90 %, 8/10 is 80 %, 6/10 below 70 %.
    tasks = [
        task(f"I.1.{k}", "30/9/2024", [done("20/9/2024")] if k <= done_count else None)
        for k in range(1, 11)
    ]
    cat = catalogue(leaf("1.1", "theo_muc", nguon="ty_le_hoan_thanh", muc=TIERS))
    card = card_for(tmp_path, tasks, cat)
    score = next(s for s in card.leaves if s.number == "1.1")
    assert (score.value.done, score.value.total) == (done_count, 10)
    assert score.points == expected


def test_a_ratio_of_89_9_percent_from_tasks_is_the_lower_tier(tmp_path: Path) -> None:
    # 899 of 1000 would be slow to build; the same arithmetic path: 8 of 9 = 88.9 %.
    tasks = [
        task(f"I.1.{k}", "30/9/2024", [done("20/9/2024")] if k <= 8 else None) for k in range(1, 10)
    ]
    card = card_for(tmp_path, tasks, catalogue(leaf("1.1", "theo_muc", muc=TIERS)))
    assert points(card, "1.1") == 1


# --------------------------------------------------------------------------- pass/fail


@pytest.mark.parametrize(("value", "expected"), [(100, 3), (99.9, 0)])
def test_pass_fail_over_an_entered_ratio(tmp_path: Path, value: float, expected: float) -> None:
    cat = catalogue(
        leaf(
            "1.1",
            "dat_khong_dat",
            3,
            nguon="nhap",
            nhap=[{"ngay": "1/12/2024", "gia_tri": value, "minh_chung": "Sổ"}],
        )
    )
    assert points(card_for(tmp_path, [task()], cat), "1.1") == expected


@pytest.mark.parametrize(("submitted", "expected"), [("20/9/2024", 1), ("21/9/2024", 0)])
def test_a_report_one_day_late_fails_the_reports_on_time_criterion(
    tmp_path: Path, submitted: str, expected: float
) -> None:
    report = task(
        "I.1.1",
        "Hằng quý, chậm nhất ngày 20",
        [done(submitted, ky="2024-Q3")],
        bat_dau="1/7/2024",
        tieu_chi="1.2",
    )
    cat = catalogue(leaf("1.2", "dat_khong_dat", 1, nguon="bao_cao_dung_han"))
    card = card_for(tmp_path, [report], cat, as_of="2024-10-01")
    score = next(s for s in card.leaves if s.number == "1.2")
    assert (score.value.done, score.value.total) == (expected, 1)
    assert score.points == expected


def test_pass_fail_from_linked_tasks_needs_every_one_done(tmp_path: Path) -> None:
    tasks = [
        task("I.1.1", "30/9/2024", [done("1/9/2024")], tieu_chi="1.1"),
        task("I.1.2", "30/9/2024", tieu_chi="1.1"),
    ]
    card = card_for(tmp_path, tasks, catalogue(leaf("1.1", "dat_khong_dat", 2)))
    assert points(card, "1.1") == 0
    tasks[1]["tien_do"] = [done("2/10/2024")]
    assert (
        points(card_for(tmp_path / "b", tasks, catalogue(leaf("1.1", "dat_khong_dat", 2))), "1.1")
        == 2
    )


# --------------------------------------------------------------------- on time / late


@pytest.mark.parametrize(
    ("progress", "expected", "outcome"),
    [
        ([done("30/9/2024")], 1, "on_time"),  # on the due date
        ([done("1/10/2024")], 0.5, "late"),  # one day late
        (None, 0, "not_done"),
    ],
)
def test_on_time_late_not_done(
    tmp_path: Path, progress: list[dict[str, Any]] | None, expected: float, outcome: str
) -> None:
    cat = catalogue(leaf("1.1", "dung_han", 1, diem_tre_han=0.5, nhiem_vu=["I.1.1"]))
    card = card_for(tmp_path, [task("I.1.1", "30/9/2024", progress)], cat)
    score = card.leaves[0]
    assert (score.points, score.outcome) == (expected, outcome)


# ----------------------------------------------------------------------- direct, deductions


@pytest.mark.parametrize(("value", "expected"), [(1.5, 1.5), (2, 2), (5, 2), (None, 0)])
def test_direct_points_are_bounded_by_the_maximum(
    tmp_path: Path, value: float | None, expected: float
) -> None:
    entries = (
        [] if value is None else [{"ngay": "1/12/2024", "gia_tri": value, "minh_chung": "Biên bản"}]
    )
    cat = catalogue(leaf("1.1", "truc_tiep", 2, nhap=entries))
    assert points(card_for(tmp_path, [task()], cat), "1.1") == expected


@pytest.mark.parametrize(("count", "expected"), [(0, 2), (1, 1.5), (3, 0.5), (4, 0), (9, 0)])
def test_deductions_from_an_entered_count(tmp_path: Path, count: int, expected: float) -> None:
    cat = catalogue(
        leaf(
            "1.1",
            "tru_diem",
            2,
            moi_lan=0.5,
            nhap=[{"ngay": "1/12/2024", "gia_tri": count, "minh_chung": "Sổ"}],
        )
    )
    assert points(card_for(tmp_path, [task()], cat), "1.1") == expected


def test_deductions_count_late_items_of_linked_tasks(tmp_path: Path) -> None:
    tasks = [
        task("I.1.1", "30/9/2024", [done("1/10/2024")], tieu_chi="1.1"),  # one day late
        task("I.1.2", "30/9/2024", [done("30/9/2024")], tieu_chi="1.1"),
        task("I.1.3", "31/10/2024", tieu_chi="1.1"),  # overdue on 14/12
    ]
    cat = catalogue(leaf("1.1", "tru_diem", 2, nguon="nhiem_vu", moi_lan=0.5))
    score = card_for(tmp_path, tasks, cat).leaves[0]
    assert score.value.number == 2
    assert score.points == 1


# ------------------------------------------------------------------------------ totals


SECOND_SHAPE = [
    {
        "so": "A",
        "ten": "Chỉ đạo",
        "diem_tham_dinh_nam_truoc": 30,
        "tieu_chi": [
            leaf("A.1", "dung_han", 25, diem_tre_han=10, nhiem_vu=["I.1.1"]),
            leaf(
                "A.2",
                "truc_tiep",
                15,
                nhap=[{"ngay": "1/12/2024", "gia_tri": 12.5, "minh_chung": "Biên bản số 3"}],
            ),
        ],
    },
    {
        "so": "B",
        "ten": "Thủ tục",
        "tieu_chi": [
            {
                "so": "B.1",
                "ten": "Kết quả",
                "tieu_chi_thanh_phan": [
                    leaf(
                        "B.1.1",
                        "theo_muc",
                        20,
                        nguon="nhap",
                        muc=[{"tu": 98, "diem": 20}, {"tu": 0, "diem": 5}],
                        nhap=[{"ngay": "1/12/2024", "gia_tri": 97.99, "minh_chung": "BC"}],
                    ),
                    leaf(
                        "B.1.2",
                        "tru_diem",
                        15,
                        moi_lan=4,
                        nhap=[{"ngay": "1/12/2024", "gia_tri": 2, "minh_chung": "Sổ"}],
                    ),
                ],
            }
        ],
    },
    {
        "so": "C",
        "ten": "Tác động",
        "tieu_chi": [
            leaf(
                "C.1",
                "dat_khong_dat",
                25,
                nguon="nhap",
                nhap=[{"ngay": "1/12/2024", "dat": "true", "minh_chung": "KQ"}],
            )
        ],
    },
]


def test_a_differently_shaped_catalogue_scores_and_totals(tmp_path: Path) -> None:
    tasks = [task("I.1.1", "30/9/2024", [done("3/10/2024")])]
    card = card_for(tmp_path, tasks, catalogue(areas=SECOND_SHAPE))
    assert [s.number for s in card.leaves] == ["A.1", "A.2", "B.1.1", "B.1.2", "C.1"]
    assert [s.points for s in card.leaves] == [10, 12.5, 5, 7, 25]
    assert [(a.number, a.points, a.max_points) for a in card.areas] == [
        ("A", 22.5, 40),
        ("B", 12, 35),
        ("C", 25, 25),
    ]
    assert card.criteria["B.1"].points == 12
    assert (card.total.points, card.total.max_points) == (59.5, 100)
    assert card.areas[0].last_year == 30


# ----------------------------------------------------------------------------- at risk


def test_points_at_risk_name_the_tasks_that_save_them(tmp_path: Path) -> None:
    tasks = [
        task("I.1.1", "30/11/2024", tieu_chi="1.1"),  # overdue: finishing still gives 0.5
        task("I.1.2", "31/12/2024", tieu_chi="1.2"),  # not due yet: finishing gives all
        task("I.1.3", "30/9/2024", [done("1/9/2024")], tieu_chi="1.3"),
    ]
    cat = catalogue(
        leaf("1.1", "dung_han", 1, diem_tre_han=0.5),
        leaf("1.2", "dat_khong_dat", 3),
        leaf("1.3", "dung_han", 1),
    )
    card = card_for(tmp_path, tasks, cat, as_of="2024-12-01")
    assert card.before_window
    assert [(r.number, r.points, [i.key for i in r.items]) for r in card.risks] == [
        ("1.1", 0.5, ["I.1.1"]),
        ("1.2", 3, ["I.1.2"]),
    ]
    assert card.points_at_risk == 3.5
    after = card_for(tmp_path / "late", tasks, cat, as_of="2024-12-20")
    assert not after.before_window and after.risks == ()


# -------------------------------------------------------------------------- validation


def test_validate_warns_about_unknown_criteria_unfed_criteria_and_missing_files(
    tmp_path: Path,
) -> None:
    tasks = [
        task(
            "I.1.1",
            "30/9/2024",
            [
                {
                    "ngay": "1/9/2024",
                    "trang_thai": "hoan_thanh",
                    "minh_chung": {"so_hieu": "45/QĐ-UBND", "ngay": "1/9/2024", "tep": "qd-45.pdf"},
                },
            ],
            tieu_chi="9.9",
        ),
    ]
    cat = catalogue(leaf("1.1", "dung_han", 1), leaf("1.2", "truc_tiep", 1, nhiem_vu=["I.7.7"]))
    plans = write_plans(tmp_path, appendix=appendix_with(tasks), files={"tieu-chi.yaml": cat})
    ws = load_workspace(plans)
    rules = sorted((f.rule, f.severity.value) for f in ws.findings)
    assert rules == [
        ("CRITERIA-LINK", "warning"),
        ("CRITERIA-TASK-UNKNOWN", "warning"),
        ("CRITERIA-UNFED", "warning"),
        ("CRITERIA-UNFED", "warning"),
        ("EVIDENCE-FILE-MISSING", "warning"),
    ]
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "qd-45.pdf").write_bytes(b"%PDF-1.4\n")
    again = load_workspace(plans)
    assert "EVIDENCE-FILE-MISSING" not in {f.rule for f in again.findings}


def test_evidence_may_stay_a_sentence_or_become_a_record(tmp_path: Path) -> None:
    record = {
        "loai_van_ban": "Quyết định",
        "so_hieu": "45/QĐ-UBND",
        "ngay": "12/8/2024",
        "co_quan": "UBND xã Vạn Thủy",
        "trang": "Điều 1, trang 1",
    }
    tasks = [
        task("I.1.1", "30/9/2024", [done("12/8/2024", evidence=record)]),  # type: ignore[arg-type]
        task("I.1.2", "30/9/2024", [done("12/8/2024")]),
    ]
    plans = write_plans(tmp_path, appendix=appendix_with(tasks))
    ws = load_workspace(plans)
    assert not ws.findings
    texts = [str(ref.task.progress[0].evidence) for ref in ws.tasks]
    assert texts == [
        "Quyết định số 45/QĐ-UBND ngày 12/8/2024 của UBND xã Vạn Thủy (Điều 1, trang 1)",
        "Báo cáo số 1/BC-UBND",
    ]


def test_a_criterion_with_sub_criteria_and_its_own_points_is_an_error(tmp_path: Path) -> None:
    bad = {
        "so": "1.1",
        "ten": "X",
        "diem_toi_da": 2,
        "cach_cham": "truc_tiep",
        "tieu_chi_thanh_phan": [leaf("1.1.1", "truc_tiep")],
    }
    plans = write_plans(tmp_path, files={"tieu-chi.yaml": catalogue(bad)})
    findings = [f for f in load_workspace(plans).findings if f.is_error]
    assert [(f.path.endswith("tieu-chi.yaml"), f.rule) for f in findings] == [(True, "SCHEMA-TYPE")]


# --------------------------------------------------------------------------------- CLI


def test_par_score_on_the_shipped_sample(run: Run) -> None:
    result = run("score", "--plans", str(SHIPPED_PLANS), "--as-of", "2024-12-14")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Tổng điểm tự chấm: 62,5/100 (điểm thẩm định năm trước: 78,25)" in out
    assert "Điểm có nguy cơ mất trước đợt tự chấm (15/12/2024): 21 điểm" in out
    assert "- 2.2 mất 1 điểm nếu I.2.1 chưa xong trước 15/12/2024" in out
    assert "66,7% việc hoàn thành (24/36) → mức < 70%" in out
    assert "⚠ thiếu tài liệu kiểm chứng, có giải trình" in out


def test_par_score_json(run: Run) -> None:
    result = run("score", "--plans", str(SHIPPED_PLANS), "--as-of", "2024-12-14", "--json")
    data = json.loads(result.output)
    assert data["schema_version"] == 1
    assert data["total"]["points"] == 62.5
    assert sum(f["max_points"] for f in data["fields"]) == 100
    item = next(i for i in data["items"] if i["id"] == "1.2.1")
    assert (item["points"], item["done"], item["total"]) == (0, 1, 2)
    assert data["at_risk"]["points"] == 21


def test_par_status_shows_one_line_with_the_points_at_risk(run: Run) -> None:
    result = run("status", "--plans", str(SHIPPED_PLANS), "--as-of", "2024-12-14")
    assert "Tự chấm Chỉ số CCHC: 62,5/100 điểm; 21 điểm có nguy cơ mất trước 15/12/2024" in (
        result.output.replace("\n", " ")
    )


def test_par_score_without_a_catalogue_says_so(run: Run, tmp_path: Path) -> None:
    plans = write_plans(tmp_path)
    result = run("score", "--plans", str(plans), "--as-of", "2024-12-14")
    assert result.exit_code == 1
    assert "không có bộ tiêu chí" in result.output


# ------------------------------------------------------------------------------- outputs


def _project(tmp_path: Path) -> Path:
    import shutil

    shutil.copytree(SHIPPED_PLANS, tmp_path / "plans")
    return tmp_path / "plans"


def test_the_workbook_reads_back_with_openpyxl(run: Run, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    plans = _project(tmp_path)
    out = tmp_path / "tu-cham.xlsx"
    result = run(
        "score", "--plans", str(plans), "--as-of", "2024-12-14", "-f", "xlsx", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    sheet = book["Tự chấm"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(
        (
            "STT",
            "Lĩnh vực, tiêu chí, tiêu chí thành phần",
            "Điểm tối đa",
            "Điểm tự chấm",
            "Tài liệu kiểm chứng",
            "Giải trình",
        )
    )
    by_number = {r[0]: r for r in rows[header + 1 :] if r[0]}
    assert by_number["1"][2:4] == (14, 9)
    assert by_number["1.1.2"][3] == 0 and "24/36" in by_number["1.1.2"][5]
    assert by_number["3.3.1"][2:4] == (6, 3)
    total = next(r for r in rows if r[1] == "TỔNG ĐIỂM")
    assert total[2:4] == (100, 62.5)
    leaves = [r for n, r in by_number.items() if n.count(".") == 2 or n in {"1.5", "2.1"}]
    assert all(isinstance(r[3], (int, float)) for r in leaves)
    risks = list(book["Nguy cơ mất điểm"].iter_rows(values_only=True))
    assert ("2.2", 1, "2.2 mất 1 điểm nếu I.2.1 chưa xong trước 15/12/2024") in risks


def test_the_docx_table_holds_every_criterion(run: Run, tmp_path: Path) -> None:
    from docx import Document

    plans = _project(tmp_path)
    out = tmp_path / "tu-cham.docx"
    result = run(
        "score", "--plans", str(plans), "--as-of", "2024-12-14", "-f", "docx", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    document = Document(str(out))
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape
    table = max(document.tables, key=lambda t: len(t.rows))
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0][:4] == [
        "STT",
        "Lĩnh vực, tiêu chí, tiêu chí thành phần",
        "Điểm tối đa",
        "Điểm tự chấm",
    ]
    numbers = [row[0] for row in cells[1:-1]]
    assert numbers[:4] == ["1", "1.1", "1.1.1", "1.1.2"] and numbers[-1] == "8.4"
    assert cells[-1][1:4] == ["TỔNG ĐIỂM", "100", "62,5"]
    row = next(r for r in cells if r[0] == "1.4.2")
    assert "Thông báo số 35/TB-UBND" in row[4]


def test_the_evidence_bundle_holds_the_named_files_and_an_index(run: Run, tmp_path: Path) -> None:
    import zipfile

    cat = catalogue(
        leaf(
            "1.1",
            "truc_tiep",
            2,
            nhap=[
                {
                    "ngay": "1/12/2024",
                    "gia_tri": 2,
                    "minh_chung": [
                        {"so_hieu": "45/QĐ-UBND", "tep": "2024/qd-45.pdf"},
                        {"so_hieu": "46/QĐ-UBND", "tep": "2024/qd-46.pdf"},
                    ],
                }
            ],
        )
    )
    plans = write_plans(tmp_path, files={"tieu-chi.yaml": cat})
    (tmp_path / "evidence" / "2024").mkdir(parents=True)
    (tmp_path / "evidence" / "2024" / "qd-45.pdf").write_bytes(b"%PDF-1.4 45")
    result = run("score", "--plans", str(plans), "--as-of", "2024-12-14", "-f", "zip")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "reports" / "minh-chung-2024.zip") as archive:
        assert sorted(archive.namelist()) == ["1.1/qd-45.pdf", "muc-luc.md"]
        assert archive.read("1.1/qd-45.pdf") == b"%PDF-1.4 45"
        index = archive.read("muc-luc.md").decode("utf-8")
    assert "- 45/QĐ-UBND — tệp 1.1/qd-45.pdf" in index
    assert "- 46/QĐ-UBND — thiếu tệp evidence/2024/qd-46.pdf" in index
    again = run("score", "--plans", str(plans), "--as-of", "2024-12-14", "-f", "zip")
    assert again.exit_code == 1  # never over an existing file without --force


def test_markdown_table_to_stdout(run: Run) -> None:
    result = run(
        "score", "--plans", str(SHIPPED_PLANS), "--as-of", "2024-12-14", "-f", "md", "-o", "-"
    )
    assert result.exit_code == 0, result.output
    assert "| 1.1.2 | Mức độ thực hiện kế hoạch CCHC năm | 2 | 0 |" in result.output
    assert "|  | **TỔNG ĐIỂM** | **100** | **62,5** |" in result.output


def test_the_score_template_is_built_by_its_script() -> None:
    import subprocess
    import sys

    root = ROOT
    check = subprocess.run(
        [sys.executable, str(root / "scripts" / "build_score_template.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_figure_comes_from_the_latest_period_figures_file(tmp_path: Path) -> None:
    figures = textwrap.dedent("""\
        loai: so_lieu
        ky: 2024-Q3
        thu_tuc_hanh_chinh:
          tiep_nhan: {truc_tuyen: 10, truc_tiep: 10}
          da_giai_quyet: {truoc_han: 5, dung_han: 14, qua_han: 1}
        """)
    cat = catalogue(
        leaf(
            "3.3",
            "theo_muc",
            6,
            nguon="so_lieu",
            chi_so="resolved_on_time",
            muc=[{"tu": 100, "diem": 6}, {"tu": 95, "diem": 3}, {"tu": 0, "diem": 0}],
            nhap=[{"ngay": "1/7/2024", "gia_tri": 100, "minh_chung": "Sổ theo dõi"}],
        )
    )
    plans = write_plans(tmp_path, files={"tieu-chi.yaml": cat, "so-lieu-2024-Q3.yaml": figures})
    attempt = load_workspace(plans)
    assert attempt.loaded is not None and not attempt.findings, attempt.findings
    before = scorecard(attempt.loaded, date(2024, 9, 13)).leaves[0]  # Q3 window not over
    assert (before.value.number, before.points) == (100, 6)  # the clerk's entry
    after = scorecard(attempt.loaded, date(2024, 9, 14)).leaves[0]
    assert (after.value.number, after.value.period, after.points) == (95, "2024-Q3", 3)


def test_structured_evidence_and_the_catalogue_survive_the_plan_cache(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = {"loai_van_ban": "Quyết định", "so_hieu": "45/QĐ-UBND", "ngay": "12/8/2024"}
    tasks = [task("I.1.1", "30/9/2024", [done("12/8/2024", evidence=record)], tieu_chi="1.1")]  # type: ignore[arg-type]
    cat = catalogue(leaf("1.1", "dung_han", 2))
    plans = write_plans(tmp_path, appendix=appendix_with(tasks), files={"tieu-chi.yaml": cat})
    monkeypatch.setenv("PAR_CACHE_DIR", str(tmp_path / "cache"))
    args = ("score", "--plans", str(plans), "--as-of", "2024-12-14")
    cold, warm = run(*args), run(*args)
    assert cold.exit_code == warm.exit_code == 0, cold.output
    assert cold.output == warm.output
    assert "• Quyết định số 45/QĐ-UBND ngày 12/8/2024" in warm.output
    assert list((tmp_path / "cache").rglob("*"))  # the second run was served by the cache


def test_a_cached_plan_sees_an_evidence_file_added_or_deleted(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The warning depends on evidence/, outside the plan files the cache is keyed on: the clerk
    # scanning the decision must make it go away on the next run, and deleting it bring it back.
    record = {"so_hieu": "45/QĐ-UBND", "ngay": "12/8/2024", "tep": "qd-45.pdf"}
    nhap = [{"ngay": "1/12/2024", "gia_tri": 100, "minh_chung": {**record, "tep": "bc-5.pdf"}}]
    tasks = [task("I.1.1", "30/9/2024", [done("12/8/2024", evidence=record)], tieu_chi="1.1")]  # type: ignore[arg-type]
    cat = catalogue(
        leaf("1.1", "dung_han", 2), leaf("1.2", "theo_muc", nguon="nhap", muc=TIERS, nhap=nhap)
    )
    plans = write_plans(tmp_path, appendix=appendix_with(tasks), files={"tieu-chi.yaml": cat})
    monkeypatch.setenv("PAR_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "evidence"

    def warnings() -> str:
        result = run("status", "--plans", str(plans), "--as-of", "2024-12-14")
        assert result.exit_code == 0, result.output
        return " ".join(line for line in result.output.splitlines() if "cảnh báo" in line)

    two, one = "2 cảnh báo trong tệp kế hoạch", "1 cảnh báo trong tệp kế hoạch"
    assert two in warnings()  # cold: both files missing
    assert two in warnings()  # warm: the same
    assert list((tmp_path / "cache").rglob("*.marshal"))
    folder.mkdir()
    (folder / "qd-45.pdf").write_bytes(b"%PDF-1.4\n")
    assert one in warnings()
    (folder / "bc-5.pdf").write_bytes(b"%PDF-1.4\n")
    assert warnings() == ""
    assert warnings() == ""  # and this state is cached in turn
    (folder / "qd-45.pdf").unlink()
    assert one in warnings()
