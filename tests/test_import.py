"""``par import``: appendix tables from Word and Excel into appendix YAML, as a clerk runs it.

Every fixture is built in code (tests/import_fixtures.py) in a shape real appendices take. The
tests read back what was written with par's own loader, run ``par validate`` and ``par plan`` on
the result, and check what the command says about its guesses and what is left to fix.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from tests.conftest import ROOT, SHIPPED_PLANS
from tests.import_fixtures import (
    ROWS_A,
    docx_appendix_i,
    docx_two_row_header,
    docx_unusual_headers,
    xlsx_with_title,
)
from vanthuy_cli.importing import emit
from vanthuy_cli.importing.columns import field_of
from vanthuy_cli.importing.people import Roster
from vanthuy_cli.importing.plan_import import _add_roster, _appendix_mark
from vanthuy_cli.plan.deadlines import parse_deadline
from vanthuy_cli.plan.loaded import LoadedPlan
from vanthuy_cli.plan.model import RosterEntry
from vanthuy_cli.reading.workspace import load_workspace
from vanthuy_cli.storage.yamlio import parse_text

Run = Callable[..., Result]
#: Wide enough for the table of guesses to keep each sentence on one line.
WIDE = {"COLUMNS": "400"}


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """A copy of the shipped plans (and schemas, for the modeline) to import into."""
    shutil.copytree(SHIPPED_PLANS, tmp_path / "plans")
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    return tmp_path / "plans"


def _loaded(plans: Path) -> LoadedPlan:
    """The plan as loaded, with whatever appendices are valid (findings may remain)."""
    attempt = load_workspace(plans)
    assert attempt.loaded is not None, attempt.findings
    return attempt.loaded


def _tasks(ws: LoadedPlan, appendix: str) -> list[tuple[str, str, str, list[str], str]]:
    return [
        (r.id, " ".join(r.task.text.split()), r.task.lead, list(r.task.support), r.task.deadline)
        for r in ws.tasks
        if r.appendix.number == appendix
    ]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# ------------------------------------------------------------------------------- Word shapes


def test_word_table_with_group_rows_restarting_numbers_and_two_leads(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    source = docx_appendix_i(tmp_path)
    result = run("import", str(source), "--plans", str(plans), "--force", env=WIDE)
    # One deadline cannot be read: the files are written, the command says what is left.
    assert result.exit_code == 1, result.output
    ws = _loaded(plans)
    appendix = next(a for a, _ in ws.appendices if a.number == "I")
    assert [(g.number, g.title) for g in appendix.groups] == [
        ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"),
        ("II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"),
    ]
    assert _tasks(ws, "I") == [
        (
            "I.1.1",
            "Xây dựng, ban hành Kế hoạch cải cách hành chính năm 2024 của xã",
            "vp-tk",
            ["pct-ubnd"],
            "Quý III/2024",
        ),
        (
            "I.1.2",
            "Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính",
            "pct-ubnd",
            ["vp-tk"],
            "Thường xuyên",
        ),
        # "VP-TK\nTP-HT" in the lead cell: the first leads, the second supports.
        (
            "I.1.3",
            "Tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2024",
            "vp-tk",
            ["tp-ht", "bo-phan-chuyen-mon"],
            "Trước ngày 15/12/2024",
        ),
        (
            "I.2.1",
            "Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa",
            "mot-cua",
            ["tp-ht", "dc-xd"],
            "Sau khi tỉnh công bố danh mục",
        ),
        # The row split by a page break is part of task 2.
        (
            "I.2.2",
            "Rà soát, đánh giá quy định thủ tục hành chính và đề xuất phương án đơn giản hóa.",
            "tp-ht",
            [],
            "Tháng 10/2024",
        ),
    ]
    text = (plans / "phu-luc-I-par-index.yaml").read_text(encoding="utf-8")
    # The source numbering stays visible next to each task (numbering restarts in group II).
    assert "# bảng 1, dòng 7: số thứ tự 1\n      - ma: I.2.1" in text
    assert text.startswith("# yaml-language-server: $schema=../schemas/phu-luc.schema.json")
    # The unknown unit is now in the roster, with its generated code.
    plan_text = (plans / "ke-hoach.yaml").read_text(encoding="utf-8")
    assert "  - ma: bo-phan-chuyen-mon\n    ten: Các bộ phận chuyên môn\n" in plan_text
    assert "# Chức danh công chức xã theo Luật Cán bộ, công chức 2008" in plan_text  # comments kept
    out = " ".join(result.output.split())
    assert "«VP-TK» là chủ trì, TP-HT chuyển sang phối hợp" in out
    assert (
        "«Địa chính - Xây dựng» hiểu là dc-xd "
        "(Công chức Địa chính - Xây dựng - Nông nghiệp - Môi trường) theo tên gần đúng"
    ) in out
    assert "không hiểu thời hạn «Sau khi tỉnh công bố danh mục»: giữ nguyên văn" in out
    assert "bảng 1, dòng 7 (I.2.1): DEADLINE-PARSE" in out
    # par validate agrees: exactly that deadline is left.
    check = run("validate", "--plans", str(plans), "--as-of", "2025-01-31")
    assert check.exit_code == 1
    assert re.findall(r"DEADLINE-PARSE", check.output) == ["DEADLINE-PARSE"]
    assert "lỗi:" in check.output and check.output.count(" lỗi: ") == 1


def test_two_row_header_merged_lead_and_sub_items(run: Run, plans: Path, tmp_path: Path) -> None:
    source = docx_two_row_header(tmp_path)
    result = run(
        "import", str(source), "--plans", str(plans), "--appendix", "II", "--force", env=WIDE
    )
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "chu_tri ← 3 «Cơ quan, đơn vị thực hiện Chủ trì»" in out
    assert "phoi_hop ← 4 «Cơ quan, đơn vị thực hiện Phối hợp»" in out
    assert "Kết quả qua được par validate." in out
    ws = _loaded(plans)
    assert not ws.has_errors
    assert _tasks(ws, "II") == [
        # "1" has no lead or deadline, its "1.1", "1.2" do: it heads each of them.
        (
            "II.1.1",
            "Tuyên truyền về cải cách hành chính 1.1. Tuyên truyền trên Đài Truyền thanh xã",
            "truyen-thanh",
            ["vh-xh"],
            "Hằng quý",
        ),
        # The lead cell merged down over 1.1 and 1.2 belongs to both.
        (
            "II.1.2",
            "Tuyên truyền về cải cách hành chính 1.2. Đăng tin trên Trang thông tin điện tử xã",
            "truyen-thanh",
            [],
            "Hằng tháng",
        ),
        (
            "II.1.3",
            "Nâng cao chất lượng phục vụ tại Bộ phận Một cửa: a) Bố trí ghế chờ, nước uống",
            "vp-tk",
            ["tc-kt"],
            "Quý IV/2024",
        ),
        (
            "II.1.4",
            "Nâng cao chất lượng phục vụ tại Bộ phận Một cửa: b) Lắp đặt máy lấy số tự động",
            "mot-cua",
            [],
            "31/12/2024",
        ),
        # "-" lines without their own lead or deadline are lines of task 3.
        (
            "II.1.5",
            (
                "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính, gồm: - Hồ sơ hộ tịch; "
                "- Hồ sơ chứng thực."
            ),
            "mot-cua",
            ["tp-ht"],
            "Năm 2024",
        ),
    ]
    task = ws.task("II.1.5").task
    assert task.text.split("\n") == [
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính, gồm:",
        "- Hồ sơ hộ tịch;",
        "- Hồ sơ chứng thực.",
    ]
    text = (plans / "phu-luc-II-sipas.yaml").read_text(encoding="utf-8")
    assert "# bảng 1, dòng 8: số thứ tự 2 a)" in text
    assert "# bảng 1, dòng 10–12: số thứ tự 3" in text


def test_columns_override_for_headers_par_does_not_know(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    source = docx_unusual_headers(tmp_path)
    refused = run("import", str(source), "--plans", str(plans), "--dry-run", env=WIDE)
    assert refused.exit_code == 1
    assert "không tìm thấy bảng nhiệm vụ" in refused.output
    assert "--columns" in refused.output
    bad = run("import", str(source), "--plans", str(plans), "--columns", "viec=2", env=WIDE)
    assert bad.exit_code == 2
    assert "--columns: không hiểu «viec=2»" in " ".join(bad.output.split())
    result = run(
        "import",
        str(source),
        "--plans",
        str(plans),
        "--columns",
        "so_tt=1,noi_dung=2,chu_tri=3",
        "--force",
        env=WIDE,
    )
    assert result.exit_code == 0, result.output
    ws = _loaded(plans)
    assert _tasks(ws, "I") == [
        ("I.1.1", "Cập nhật danh mục thủ tục hành chính", "tp-ht", [], "Tháng 8/2024"),
        ("I.1.2", "Báo cáo kết quả CCHC quý III", "vp-tk", [], "Quý III/2024"),
    ]


# ------------------------------------------------------------------------------------ Excel


def test_excel_sheet_with_title_rows_and_unknown_units(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    source = xlsx_with_title(tmp_path)
    result = run("import", str(source), "--plans", str(plans), "--force", env=WIDE)
    assert result.exit_code == 0, result.output
    ws = _loaded(plans)
    assert not ws.has_errors
    appendix = next(a for a, _ in ws.appendices if a.number == "II")
    assert appendix.title.startswith("NHIỆM VỤ NÂNG CAO CHỈ SỐ HÀI LÒNG")  # from the title rows
    assert appendix.index == "SIPAS"
    assert [(g.number, g.title) for g in appendix.groups] == [
        ("A", "TIẾP CẬN DỊCH VỤ"),
        ("B", "THỦ TỤC HÀNH CHÍNH"),
    ]
    assert _tasks(ws, "II") == [
        (
            "II.1.1",
            "Bố trí khu vực chờ của Bộ phận Một cửa đủ ghế ngồi, nước uống",
            "vp-tk",
            ["mot-cua", "tc-kt"],
            "31/7/2024",  # a date cell
        ),
        (
            "II.1.2",
            "Lấy ý kiến người dân về sự phục vụ của Bộ phận Một cửa",
            "ubnd",
            ["hoi-nong-dan", "hoi-lien-hiep-phu-nu"],
            "Hàng quý",
        ),
        (
            "II.2.1",
            (
                "Hướng dẫn đầy đủ, chính xác một lần khi tiếp nhận hồ sơ (không để người dân đi "
                "lại nhiều lần)"
            ),
            "mot-cua",
            ["tp-ht"],
            "Thường xuyên",
        ),
    ]
    roster = ws.roster
    assert roster["ubnd"].title == "UBND xã"
    assert roster["hoi-lien-hiep-phu-nu"].title == "Hội Liên hiệp Phụ nữ xã"
    out = " ".join(result.output.split())
    # "UBND xã" is in two roster titles: reported, not forced onto either.
    assert "«UBND xã» khớp với nhiều mục (ct-ubnd, pct-ubnd), không đoán" in out
    assert "«PL II», dòng 8" in out
    assert "so_tt ← A «STT»; noi_dung ← B «Noi dung cong viec»" in out


# ------------------------------------------------------------------------- dry run, --force


def test_dry_run_prints_everything_and_writes_nothing(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    source = xlsx_with_title(tmp_path)
    before = _snapshot(plans)
    result = run("import", str(source), "--plans", str(plans), "--dry-run", env=WIDE)
    assert result.exit_code == 0, result.output
    assert _snapshot(plans) == before
    assert "loai: phu_luc\nso: II\n" in result.output
    assert "      - ma: II.2.1\n" in result.output
    assert "Những chỗ phải đoán hoặc cần xem lại (4)" in result.output
    assert "- ma: hoi-nong-dan  ten: Hội Nông dân xã" in result.output
    assert "thay tệp cũ có 36 dòng tiến độ" in result.output
    assert "Chạy thử (--dry-run): chưa ghi tệp nào." in result.output


def test_existing_appendix_is_not_replaced_without_force(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    source = xlsx_with_title(tmp_path)
    before = _snapshot(plans)
    result = run("import", str(source), "--plans", str(plans), env=WIDE)
    assert result.exit_code == 1
    assert "phu-luc-II-sipas.yaml» đã có" in " ".join(result.output.split())
    assert "--force" in result.output
    assert _snapshot(plans) == before  # not even the roster was touched


def test_new_appendix_file_is_written_without_force(run: Run, plans: Path, tmp_path: Path) -> None:
    (plans / "phu-luc-I-par-index.yaml").unlink()
    source = docx_unusual_headers(tmp_path)  # everyone in it is in the roster already
    columns = "so_tt=1,noi_dung=2,chu_tri=3"
    result = run("import", str(source), "--plans", str(plans), "--columns", columns, env=WIDE)
    assert result.exit_code == 0, result.output
    assert (plans / "phu-luc-I-par-index.yaml").is_file()
    assert run("validate", "--plans", str(plans), "--as-of", "2025-01-31").exit_code == 0


def test_adding_people_to_the_plan_file_needs_force(run: Run, plans: Path, tmp_path: Path) -> None:
    (plans / "phu-luc-II-sipas.yaml").unlink()
    source = xlsx_with_title(tmp_path)  # names three units the roster does not have
    before = _snapshot(plans)
    refused = run("import", str(source), "--plans", str(plans), env=WIDE)
    assert refused.exit_code == 1
    assert "cần thêm 3 người/bộ phận vào nhan_su của «" in refused.output
    assert _snapshot(plans) == before  # neither the appendix nor the plan was written
    result = run("import", str(source), "--plans", str(plans), "--force", env=WIDE)
    assert result.exit_code == 0, result.output
    assert "Đã ghi 2 tệp." in result.output
    assert run("validate", "--plans", str(plans), "--as-of", "2025-01-31").exit_code == 0


def test_a_table_split_in_two_goes_on_in_the_same_group(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    document = docx.Document()
    document.add_paragraph("PHỤ LỤC I")
    document.add_paragraph("Nhiệm vụ cải cách hành chính năm 2024")
    header = ["TT", "Nội dung", "Chủ trì", "Thời hạn"]
    parts = [
        [header, ["I. Cải cách thể chế"], ["1", "Rà soát văn bản", "TP-HT", "Quý III/2024"]],
        [header, ["2", "Tự kiểm tra văn bản", "TP-HT", "Quý IV/2024"]],  # the next page
    ]
    for rows in parts:
        table = document.add_table(rows=len(rows), cols=4)
        for i, row in enumerate(rows):
            if len(row) == 1:
                table.cell(i, 0).merge(table.cell(i, 3)).text = row[0]
                continue
            for j, text in enumerate(row):
                table.cell(i, j).text = text
    document.save(str(tmp_path / "hai-bang.docx"))
    result = run("import", str(tmp_path / "hai-bang.docx"), "--plans", str(plans), "--force")
    assert result.exit_code == 0, result.output
    appendix = next(a for a, _ in _loaded(plans).appendices if a.number == "I")
    assert [(g.title, [t.id for t in g.tasks]) for g in appendix.groups] == [
        ("Cải cách thể chế", ["I.1.1", "I.1.2"])
    ]
    text = (plans / "phu-luc-I-par-index.yaml").read_text(encoding="utf-8")
    assert "# bảng 2, dòng 2: số thứ tự 2\n      - ma: I.1.2" in text


# ------------------------------------------------------------------------------ round trips


def _plan_md_rows(run: Run, plans: Path, appendix: str) -> list[list[str]]:
    """The rows of one appendix table in ``par plan`` (Markdown), cells unescaped."""
    result = run("plan", "--plans", str(plans))
    assert result.exit_code == 0, result.output
    section = result.output.split(f"## PHỤ LỤC {appendix}\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        if not line.startswith("| ") or line.startswith(("| TT", "| ---")):
            continue
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        rows.append([re.sub(r"\\(.)", r"\1", c).strip().strip("*") for c in cells])
    return rows


def _expected_rows_a() -> list[tuple[str, ...]]:
    """Fixture A as a reader sees it: group titles, then each task's text, lead, deadline."""
    out: list[tuple[str, ...]] = []
    for row in ROWS_A:
        if isinstance(row, str):
            out.append(("group", row.split(". ", 1)[1]))
        elif row[0]:
            deadline = "Thường xuyên, liên tục" if row[4].startswith("Sau khi") else row[4]
            out.append(("task", " ".join(row[1].split()), deadline, row[5]))
        else:  # the continuation row
            last = out[-1]
            out[-1] = (last[0], f"{last[1]} {row[1]}", *last[2:])
    return out


def test_par_plan_of_an_imported_plan_reproduces_the_source_table(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    source = docx_appendix_i(tmp_path, fixed_deadline="Thường xuyên, liên tục")
    assert run("import", str(source), "--plans", str(plans), "--force", env=WIDE).exit_code == 0
    rendered = _plan_md_rows(run, plans, "I")
    seen: list[tuple[str, ...]] = []
    for cells in rendered:
        if not cells[0]:  # a group row: | | **number** | **title** | …
            seen.append(("group", cells[2]))
        else:
            seen.append(("task", cells[2], cells[6], cells[5]))
    assert seen == _expected_rows_a()
    leads = [cells[3] for cells in rendered if cells[0]]
    assert leads == [
        "Công chức Văn phòng - Thống kê",
        "Phó Chủ tịch UBND xã",
        "Công chức Văn phòng - Thống kê",
        "Bộ phận Một cửa xã",
        "Công chức Tư pháp - Hộ tịch",
    ]


def test_shipped_appendices_survive_plan_docx_and_import(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    original = _loaded(plans)
    document = tmp_path / "ke-hoach.docx"
    assert run("plan", "--plans", str(plans), "-f", "docx", "-o", str(document)).exit_code == 0
    result = run("import", str(document), "--plans", str(plans), "--force", env=WIDE)
    assert result.exit_code == 0, result.output
    assert "Không có chỗ nào phải đoán." in result.output
    assert "Kết quả qua được par validate." in result.output
    assert run("validate", "--plans", str(plans), "--as-of", "2025-01-31").exit_code == 0
    imported = _loaded(plans)
    before = [(r.appendix.number, r.group.number, r.group.title) for r in original.tasks]
    after = [(r.appendix.number, r.group.number, r.group.title) for r in imported.tasks]
    assert after == before
    assert len(imported.tasks) == len(original.tasks) == 44
    for old, new in zip(original.tasks, imported.tasks, strict=True):
        assert new.id == old.id
        assert new.task.text == old.task.text
        assert new.task.lead == old.task.lead
        assert new.task.support == old.task.support
        # par plan prints an ISO date as dd/mm/yyyy: the same day, written the Vietnamese way.
        old_due = parse_deadline(old.task.deadline, 2024)
        new_due = parse_deadline(new.task.deadline, 2024)
        assert (new_due.kind, new_due.due, new_due.every, new_due.day) == (
            old_due.kind,
            old_due.due,
            old_due.every,
            old_due.day,
        )
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", old.task.deadline):
            assert new.task.deadline == old.task.deadline


# ---------------------------------------------------------------------------- bad input


def test_files_that_are_not_docx_or_xlsx_get_a_clear_error(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    legacy = tmp_path / "phu-luc.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0 old Word")
    result = run("import", str(legacy), "--plans", str(plans), env=WIDE)
    assert result.exit_code == 1
    assert "chỉ nhập được tệp Word (.docx) hoặc Excel (.xlsx)" in result.output
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"not a zip at all")
    result = run("import", str(broken), "--plans", str(plans), env=WIDE)
    assert result.exit_code == 1
    assert "hỏng hoặc không đúng định dạng" in result.output
    assert "Traceback" not in result.output
    missing = run("import", str(tmp_path / "khong-co.xlsx"), "--plans", str(plans), env=WIDE)
    assert missing.exit_code == 1
    assert "không tìm thấy tệp" in missing.output


def test_appendix_not_listed_in_the_plan_is_refused_with_what_to_add(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    document = docx.Document()
    document.add_paragraph("PHỤ LỤC III")
    table = document.add_table(rows=2, cols=4)
    for j, text in enumerate(["TT", "Nội dung", "Chủ trì", "Thời hạn"]):
        table.cell(0, j).text = text
    for j, text in enumerate(["1", "Việc", "VP-TK", "Quý IV/2024"]):
        table.cell(1, j).text = text
    document.save(str(tmp_path / "pl3.docx"))
    result = run(
        "import", str(tmp_path / "pl3.docx"), "--plans", str(plans), "--lang", "en", env=WIDE
    )
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "Appendix III is not in the phu_luc of plans/ke-hoach.yaml" in out or (
        "Appendix III is not in the phu_luc of" in out
    )
    assert "listed: I, II" in out


def test_report_in_english(run: Run, plans: Path, tmp_path: Path) -> None:
    source = docx_appendix_i(tmp_path)
    result = run(
        "import", str(source), "--plans", str(plans), "--dry-run", "--lang", "en", env=WIDE
    )
    out = " ".join(result.output.split())
    assert "Guesses and things to review (5):" in out
    assert "table 1, row 5" in out
    assert "«VP-TK» leads, TP-HT moved to supporting units." in out
    assert (
        "Left to fix (1) — by row of the source table: table 1, row 7 (I.2.1): DEADLINE-PARSE"
        in out
    )
    assert "Dry run (--dry-run): no file written." in out
    # The file itself stays Vietnamese, like every plan file.
    assert "# bảng 1, dòng 5: số thứ tự 3" in result.output


# ------------------------------------------------------------------------------ the parts


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("TT", "so_tt"),
        ("S TT", "so_tt"),
        ("Nội dung nhiệm vụ, giải pháp", "noi_dung"),
        ("NOI DUNG CONG VIEC", "noi_dung"),
        ("Cơ quan, bộ phận chủ trì", "chu_tri"),
        ("Đơn vị thực hiện", "chu_tri"),
        ("CQ chủ trì", "chu_tri"),
        ("Phối hợp", "phoi_hop"),
        ("Đơn vị phối hợp", "phoi_hop"),
        ("Thời gian hoàn thành", "thoi_han"),
        ("Thời gian\nthực hiện", "thoi_han"),
        ("TG hoàn thành", "thoi_han"),
        ("Thời hạn", "thoi_han"),
        ("Sản phẩm / kết quả", "ket_qua"),
        ("Kết quả, chỉ tiêu", "ket_qua"),
        ("Tiêu chí thành phần", "tieu_chi"),
        ("Ghi chú", "ghi_chu"),
        ("Mã", "ma"),
        ("Người thực hiện", "chu_tri"),
    ],
)
def test_header_wordings(header: str, key: str) -> None:
    assert field_of(header) == key


def test_units_matched_to_the_roster() -> None:
    roster = Roster(
        [
            RosterEntry.model_validate({"ma": "vp", "ten": "Công chức Văn phòng - Thống kê"}),
            RosterEntry.model_validate({"ma": "tp-ht", "ten": "Công chức Tư pháp - Hộ tịch"}),
            RosterEntry.model_validate({"ma": "mot-cua", "ten": "Bộ phận Một cửa xã"}),
            RosterEntry.model_validate({"ma": "ct", "ten": "Chủ tịch UBND xã"}),
            RosterEntry.model_validate({"ma": "pct", "ten": "Phó Chủ tịch UBND xã"}),
            RosterEntry.model_validate(
                {"ma": "mttq", "ten": "Ủy ban MTTQ Việt Nam xã và các tổ chức chính trị - xã hội"}
            ),
        ]
    )

    def codes(cell: str) -> list[tuple[str, str]]:
        return [(m.code, m.how) for m in roster.match_cell(cell)]

    assert codes("cong chuc van phong - thong ke") == [("vp", "exact")]
    assert codes("VP - TK") == [("vp", "initials")]
    assert codes("TP-HT") == [("tp-ht", "exact")]  # the roster code itself
    assert codes("CC TP-HT") == [("tp-ht", "initials")]
    assert codes("Văn phòng") == [("vp", "contains")]
    assert codes("Bộ phận Một cửa") == [("mot-cua", "contains")]
    assert codes("- VP-TK;\n- TP-HT") == [("vp", "initials"), ("tp-ht", "exact")]
    assert codes("VP-TK và Tư pháp - Hộ tịch") == [("vp", "initials"), ("tp-ht", "contains")]
    # A title that contains "và" stays one unit.
    assert codes("Ủy ban MTTQ Việt Nam xã và các tổ chức chính trị - xã hội") == [("mttq", "exact")]
    unknown = roster.match_cell("UBND xã")
    assert [(m.code, m.how, m.candidates) for m in unknown] == [("ubnd", "new", ("ct", "pct"))]
    assert roster.proposed == {"ubnd": "UBND xã"}


_TEXT = st.text(
    alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẠẢÃ :#-\"'\\{}[]>|&*!%@`,?0123")),
    min_size=1,
    max_size=140,
).map(lambda s: " ".join(s.split()))


@settings(max_examples=150, deadline=None)
@given(_TEXT, st.booleans())
def test_written_text_reads_back_unchanged(text: str, multiline: bool) -> None:
    if not text:
        return
    if multiline:
        text = text.replace(" ", "\n", 1)
    lines = emit.entry("noi_dung", text, 8)
    doc = parse_text("x:\n" + "\n".join(lines) + "\n", "t.yaml")
    assert not doc.findings, (lines, doc.findings)
    assert doc.data == {"x": {"noi_dung": text}}


def test_deadline_fixture_phrases_are_the_grammar_s() -> None:
    # The fixture's readable deadlines parse; its unreadable one does not (it must be reported).
    assert parse_deadline("Quý III/2024", 2024).due == date(2024, 9, 30)
    assert parse_deadline("Trước ngày 15/12/2024", 2024).due == date(2024, 12, 14)
    assert parse_deadline("Thường xuyên", 2024).due is None
    with pytest.raises(Exception, match="deadline"):
        parse_deadline("Sau khi tỉnh công bố danh mục", 2024)


def test_appendix_mark_and_title_above_a_table() -> None:
    assert _appendix_mark(["PHỤ LỤC SỐ 2: DANH MỤC NHIỆM VỤ NĂM 2024"]) == (
        "2",
        "DANH MỤC NHIỆM VỤ NĂM 2024",
    )
    assert _appendix_mark(["Phụ lục II", "(Kèm theo Kế hoạch số 64)", "Nhiệm vụ SIPAS"]) == (
        "II",
        "Nhiệm vụ SIPAS",
    )
    # A sentence that mentions an appendix is not the appendix's heading.
    assert _appendix_mark(["Nội dung này phải thay bằng Phụ lục I chính thức."]) is None


@pytest.mark.parametrize(
    "plan_text",
    [
        (
            "loai: ke_hoach\nnhan_su:\n  - ma: vp-tk\n    ten: Văn phòng\n"
            "\n# Báo cáo\nbao_cao:\n  ky: quy\n"
        ),
        "loai: ke_hoach\nnhan_su:\n- ma: vp-tk\n  ten: Văn phòng\nnam: 2024\n",
        "loai: ke_hoach\nnam: 2024\n",
    ],
)
def test_new_people_are_appended_to_the_roster_list(plan_text: str) -> None:
    text = _add_roster(plan_text, [("hoi-nong-dan", "Hội Nông dân xã"), ("ubnd", "UBND xã: ")])
    doc = parse_text(text, "ke-hoach.yaml")
    assert not doc.findings
    roster = doc.data["nhan_su"]
    assert roster[-2:] == [
        {"ma": "hoi-nong-dan", "ten": "Hội Nông dân xã"},
        {"ma": "ubnd", "ten": "UBND xã: "},
    ]
    assert text.startswith(plan_text.split("\n", 1)[0])
    for line in plan_text.splitlines():  # nothing the clerk wrote is lost
        assert line in text.splitlines()


def test_a_source_that_would_inflate_too_far_is_refused(
    run: Run, plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vanthuy_cli.importing import sources

    source = docx_appendix_i(tmp_path)
    monkeypatch.setattr(sources, "MAX_UNPACKED_BYTES", 10_000)  # a real .docx unpacks past this
    result = run("import", str(source), "--plans", str(plans), "--dry-run", env=WIDE)
    assert result.exit_code == 1
    assert "quá lớn" in result.output
    assert "Traceback" not in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_hanging(run: Run, plans: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "phu-luc.docx"
    os.mkfifo(fifo)
    result = run("import", str(fifo), "--plans", str(plans), env=WIDE)
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_new_people_keep_the_plan_file_s_windows_line_endings() -> None:
    text = "loai: ke_hoach\r\nnhan_su:\r\n  - ma: vp-tk\r\n    ten: Văn phòng\r\n"
    out = _add_roster(text, [("ubnd", "UBND xã")])
    assert out == text + "  - ma: ubnd\r\n    ten: UBND xã\r\n"
