"""``par report`` and ``par plan`` in Word: the built-in DOCX templates, read back with python-docx.

What a clerk would check on paper (Nghị định 30/2020 letterhead, page setup, fonts, every task in
the tables, Nơi nhận beside the signature) and what would break the file (leftover tags, escaping,
duplicate zip entries, a broken template). The templates themselves come from
``scripts/build_templates.py``; a test keeps the script and the committed files in step.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from tests.conftest import ROOT, SHIPPED_PLANS
from tests.helpers import PLAN, appendix_with, done, entry, task, write_plans
from vanthuy_cli.documents.reporting import report_context
from vanthuy_cli.documents.templating import BUILTIN, render_docx
from vanthuy_cli.errors import TemplateError
from vanthuy_cli.plan.periods import parse_period
from vanthuy_cli.reading.workspace import load_workspace

AS_OF = date(2024, 9, 14)  # the end of Q3 2024's data window (Nghị định 09/2019)
TAG = re.compile(r"\{\{|\{%|%\}|\}\}|\{#|#\}")
XML_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")


# ------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped plans outside any git repository (so ``changes`` is None)."""
    root = tmp_path_factory.mktemp("shipped")
    shutil.copytree(SHIPPED_PLANS, root / "plans")
    return root / "plans"


@pytest.fixture(scope="module")
def q3(shipped: Path) -> tuple[dict[str, Any], bytes]:
    """The Q3 2024 report's context and the DOCX the built-in template makes of it."""
    ws = load_workspace(shipped).require_valid()
    context = report_context(ws, parse_period("2024-Q3"), as_of=AS_OF)
    return context, render_docx(BUILTIN / "report.docx", context)


@pytest.fixture(scope="module")
def q3_finished(q3: tuple[dict[str, Any], bytes]) -> bytes:
    """The Q3 report finished as ``par report`` finishes it, while it is rendered."""
    from vanthuy_cli.documents.docxfinish import finish_document

    return render_docx(BUILTIN / "report.docx", q3[0], finish=finish_document)


@pytest.fixture(scope="module")
def q3_doc(q3: tuple[dict[str, Any], bytes]) -> DocumentObject:
    return docx.Document(io.BytesIO(q3[1]))


@pytest.fixture(scope="module")
def plan_docx(shipped: Path) -> tuple[dict[str, Any], bytes]:
    from vanthuy_cli.documents.plan_doc import build_plan_context

    context = build_plan_context(load_workspace(shipped).require_valid())
    return context, render_docx(BUILTIN / "plan.docx", context)


def open_docx(data: bytes) -> DocumentObject:
    return docx.Document(io.BytesIO(data))


def paragraphs(doc: DocumentObject) -> list[str]:
    return [p.text for p in doc.paragraphs]


def rows(doc: DocumentObject) -> list[list[str]]:
    """Every row of every table, as the texts of its cells."""
    return [[cell.text for cell in row.cells] for table in doc.tables for row in table.rows]


def all_text(doc: DocumentObject) -> str:
    cells = [c for row in rows(doc) for c in row]
    return "\n".join(paragraphs(doc) + cells)


def xml_parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if XML_PARTS.fullmatch(name)
        }


def task_cell(row: dict[str, Any]) -> str:
    occurrence = f" ({row['occurrence']})" if row["occurrence"] else ""
    return f"{row['id']}{occurrence}. {row['text']}"


def with_context(context: dict[str, Any], **changes: Any) -> DocumentObject:
    return open_docx(render_docx(BUILTIN / "report.docx", {**context, **changes}))


# ----------------------------------------------------------------------------- the report


def test_letterhead(q3_doc: DocumentObject) -> None:
    letterhead = q3_doc.tables[0]
    left = [p for p in letterhead.cell(0, 0).paragraphs if p.text]
    right = [p for p in letterhead.cell(0, 1).paragraphs if p.text]
    # A commune UBND: the issuing body in full on two lines, no parent-body line.
    assert [p.text for p in left] == ["ỦY BAN NHÂN DÂN", "XÃ VẠN THỦY"]
    assert all(p.style.font.bold for p in left)
    assert [p.text for p in right] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert all(p.style.font.bold for p in right)
    assert letterhead.cell(1, 0).text == "Số:      /BC-UBND"
    assert letterhead.cell(1, 1).text == "Vạn Thủy, ngày 14 tháng 9 năm 2024"
    assert letterhead.cell(1, 1).paragraphs[0].style.font.italic
    # the short rules: bordered empty paragraphs under the issuer and under the motto
    ruled = [
        p
        for cell in letterhead.rows[0].cells
        for p in cell.paragraphs
        if p.style.name == "Short Rule"
    ]
    assert len(ruled) == 2


def test_letterhead_hides_an_empty_parent_body(tmp_path: Path) -> None:
    plans = write_plans(tmp_path, plan=PLAN.replace("co_quan_chu_quan: UBND huyện Bắc Sơn\n", ""))
    context = report_context(
        load_workspace(plans).require_valid(), parse_period("2024-Q3"), as_of=AS_OF
    )
    doc = open_docx(render_docx(BUILTIN / "report.docx", context))
    left = doc.tables[0].cell(0, 0).paragraphs
    assert left[0].text == "UBND XÃ VẠN THỦY"  # no blank line where the parent body was


def test_a_parent_body_prints_above_the_issuer_when_the_data_has_one(tmp_path: Path) -> None:
    plan = PLAN.replace(
        "co_quan_chu_quan: UBND huyện Bắc Sơn\n",
        "co_quan_chu_quan: Phòng Giáo dục huyện Bắc Sơn\n"
        "co_quan_ban_hanh_day_du: [TRƯỜNG TIỂU HỌC, XÃ VẠN THỦY]\n",
    )
    context = report_context(
        load_workspace(write_plans(tmp_path, plan=plan)).require_valid(),
        parse_period("2024-Q3"),
        as_of=AS_OF,
    )
    doc = open_docx(render_docx(BUILTIN / "report.docx", context))
    left = [p for p in doc.tables[0].cell(0, 0).paragraphs if p.text]
    assert [p.text for p in left] == [
        "PHÒNG GIÁO DỤC HUYỆN BẮC SƠN",
        "TRƯỜNG TIỂU HỌC",
        "XÃ VẠN THỦY",
    ]
    assert not left[0].style.font.bold and left[1].style.font.bold  # parent plain, issuer bold


def test_the_number_the_registry_gave_prints_in_the_letterhead_and_appendices(
    tmp_path: Path,
) -> None:
    plan = PLAN.replace(
        "bao_cao:\n", "bao_cao:\n  so_bao_cao:\n    2024-Q2: 98\n    2024-Q3: 152\n", 1
    )
    assert plan != PLAN
    ws = load_workspace(write_plans(tmp_path, plan=plan)).require_valid()
    q3 = open_docx(
        render_docx(BUILTIN / "report.docx", report_context(ws, parse_period("2024-Q3")))
    )
    number_cell = q3.tables[0].cell(1, 0).text
    assert number_cell.replace("\u2011", "-") == "Số: 152/BC-UBND"
    attached = [p.text for p in q3.paragraphs if p.text.startswith("(Kèm theo")]
    assert attached and all("Báo cáo số 152/BC" in t for t in attached)
    # Another period without a number keeps the blank for the registry.
    q4 = open_docx(
        render_docx(BUILTIN / "report.docx", report_context(ws, parse_period("2024-Q4")))
    )
    assert q4.tables[0].cell(1, 0).text.replace("\u2011", "-").split() == ["Số:", "/BC-UBND"]


def test_signature_block_prints_every_authority_line(q3_doc: DocumentObject) -> None:
    closing = _closing_table(q3_doc)
    right = [p.text for p in closing.cell(0, 1).paragraphs if p.text]
    assert right == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lưu Văn Hữu"]


def _closing_table(doc: DocumentObject) -> Any:
    return next(t for t in doc.tables if t.cell(0, 0).text.startswith("Nơi nhận:"))


def test_rules_follow_their_text_and_numbers_keep_their_hyphen(q3_finished: bytes) -> None:
    from vanthuy_cli.documents.docxfinish import text_width_pt

    data = q3_finished
    doc = open_docx(data)
    cell_rules = [
        (cell, p)
        for cell in doc.tables[0].rows[0].cells
        for p in cell.paragraphs
        if p.style.name == "Short Rule"
    ]
    lengths = []
    for cell, p in cell_rules:
        fmt = p.paragraph_format
        lengths.append((cell.width - fmt.left_indent - fmt.right_indent) / 12700)  # points
    issuer_rule, motto_rule = lengths
    issuer = text_width_pt("ỦY BAN NHÂN DÂN", 13, bold=True)
    motto = text_width_pt("Độc lập - Tự do - Hạnh phúc", 13, bold=True)
    assert abs(issuer_rule - issuer / 2) < 2  # half the longer issuer line
    assert abs(motto_rule - motto) < 2  # as long as the motto
    xml = xml_parts(data)["word/document.xml"]
    assert re.search(r"64/KH</w:t><w:noBreakHyphen/><w:t[^>]*>UBND", xml)  # never "64/KH-" | "UBND"
    assert "Độc lập - Tự do" in xml  # ordinary hyphens stay


def test_every_data_row_cannot_split(q3: tuple[dict[str, Any], bytes]) -> None:
    doc = open_docx(q3[1])
    data_tables = [t for t in doc.tables if len(t.columns) > 2]
    assert data_tables
    for table in data_tables:
        for row in table.rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_sample_data_is_a_draft_mark_not_body_text(q3: tuple[dict[str, Any], bytes]) -> None:
    doc = open_docx(q3[1])
    assert "dữ liệu mẫu" not in all_text(doc).lower()
    headers = xml_parts(q3[1])
    marks = [name for name, xml in headers.items() if "header" in name and "DỰ THẢO" in xml]
    assert len(marks) == 2  # first page and the following pages
    official = with_context(q3[0], doc={**q3[0]["doc"], "draft": False})
    assert not any("DỰ THẢO" in p.text for s in official.sections for p in s.header.paragraphs)


def test_title_subject_and_addressees(
    q3: tuple[dict[str, Any], bytes], q3_doc: DocumentObject
) -> None:
    texts = paragraphs(q3_doc)
    subject = texts[texts.index("BÁO CÁO") + 1]
    # the period replaces the plan's own year: never "năm 2024 (quý III năm 2024)"
    assert subject == (
        "Kết quả thực hiện Kế hoạch nâng cao Chỉ số cải cách hành chính (PAR "
        "INDEX) và Chỉ số hài lòng về sự phục vụ hành chính (SIPAS) quý III năm 2024"
    )
    assert "Kính gửi:\t- UBND huyện Bắc Sơn;" in texts
    assert "\t- Phòng Nội vụ huyện Bắc Sơn." in texts


def test_a_year_in_the_subject_never_stands_alone(q3_finished: bytes) -> None:
    doc = open_docx(q3_finished)
    subjects = [p.text for p in doc.paragraphs if p.style.name == "Document Subject"]
    assert subjects[0].endswith("quý III năm\u00a02024")  # "2024" cannot wrap alone
    assert any(t.endswith("NĂM\u00a02024") for t in subjects[1:])  # the appendix titles
    body = [p.text for p in doc.paragraphs if p.style.name == "Normal"]
    assert not any("\u00a0" in t for t in body)  # sentences wrap as usual


def test_a_single_addressee_stands_on_one_line(tmp_path: Path) -> None:
    plan = PLAN.replace("    - Phòng Nội vụ huyện Bắc Sơn\n", "")
    context = report_context(
        load_workspace(write_plans(tmp_path, plan=plan)).require_valid(),
        parse_period("2024-Q3"),
        as_of=AS_OF,
    )
    texts = paragraphs(open_docx(render_docx(BUILTIN / "report.docx", context)))
    assert "Kính gửi: UBND huyện Bắc Sơn." in texts


def test_outline_follows_the_ministry_order(q3_doc: DocumentObject) -> None:
    """I. direction → II. results → III. assessment → IV. next period → V. proposals, with
    headings I. → 1. → a) at three distinct levels."""
    texts = paragraphs(q3_doc)
    order = [
        "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
        "1. Ban hành văn bản chỉ đạo, kiểm tra, tuyên truyền",
        "2. Tình hình thực hiện Kế hoạch",
        "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
        "1. Kết quả giải quyết thủ tục hành chính",
        "2. Thực hiện nhiệm vụ nâng cao Chỉ số PAR INDEX",
        "a) Xây dựng và tổ chức thực hiện văn bản QPPL",
        "3. Thực hiện nhiệm vụ nâng cao Chỉ số SIPAS",
        "a) Tiếp cận dịch vụ",
        "III. ĐÁNH GIÁ CHUNG",
        "1. Ưu điểm",
        "2. Tồn tại, hạn chế",
        "3. Nguyên nhân",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV NĂM 2024",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    positions = [texts.index(t) for t in order]
    assert positions == sorted(positions)
    styles = {p.text: p.style.name for p in q3_doc.paragraphs}
    assert styles["I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"] == "Heading 1"
    assert styles["1. Ưu điểm"] == "Heading 2"
    assert styles["a) Tiếp cận dịch vụ"] == "Heading 4"


def test_summary_counts_one_base(q3: tuple[dict[str, Any], bytes], q3_doc: DocumentObject) -> None:
    summary = q3[0]["summary"]
    texts = paragraphs(q3_doc)
    assert summary["due_on_time"] + summary["due_late"] == summary["due_done"]
    assert (
        f"Tính đến ngày 14/9/2024, có {summary['due']} nhiệm vụ đến hạn; đã hoàn thành "
        f"{summary['due_done']} nhiệm vụ ({summary['percent_due_done']}%), gồm "
        f"{summary['due_on_time']} nhiệm vụ hoàn thành đúng hạn và {summary['due_late']} "
        "nhiệm vụ hoàn thành chậm so với thời hạn; còn 2 nhiệm vụ chưa hoàn thành."
    ) in texts
    assert summary["percent_due_done"] == "88,2"
    assert any(
        t.startswith("Thực hiện Kế hoạch số 64/KH-UBND ngày 10/6/2024")
        and "(số liệu tính từ ngày 15/6/2024 đến ngày 14/9/2024) như sau:" in t
        for t in texts
    )
    body = "\n".join(texts)
    for internal in ("việc định kỳ tính", "Không có thời hạn", "Chưa xác định được hạn", "≥"):
        assert internal not in body


def test_results_name_their_evidence(q3_doc: DocumentObject) -> None:
    texts = paragraphs(q3_doc)
    assert (
        "- Ban hành Kế hoạch sửa đổi, bổ sung Kế hoạch CCHC năm 2024 của xã "
        "(Kế hoạch số 70/KH-UBND ngày 27/6/2024)."
    ) in texts


def test_figures_table_with_previous_period_target_and_derived_rates(
    q3_doc: DocumentObject,
) -> None:
    table = next(t for t in q3_doc.tables if t.cell(0, 0).text == "Nội dung")
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == ["Nội dung", "Quý II năm 2024", "Quý III năm 2024", "Chỉ tiêu"]
    assert ["Tổng số hồ sơ TTHC tiếp nhận", "310", "423", ""] in cells
    assert ["Tỷ lệ giải quyết trước hạn và đúng hạn", "100,0%", "99,5%", "100%"] in cells
    assert ["Tỷ lệ hồ sơ nộp trực tuyến", "40,2%", "44,0%", "50%"] in cells
    texts = paragraphs(q3_doc)
    assert (
        "- Đã giải quyết 398 hồ sơ: trước hạn 241, đúng hạn 155, quá hạn 2; tỷ lệ giải quyết "
        "trước hạn và đúng hạn đạt 99,5%."
    ) in texts
    for row in table.rows:
        assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_a_missed_target_is_a_shortcoming(q3_doc: DocumentObject) -> None:
    texts = paragraphs(q3_doc)
    shortcomings = texts[texts.index("2. Tồn tại, hạn chế") : texts.index("3. Nguyên nhân")]
    # A task's measured value against its target: in section II and in III.2.
    digitised = (
        "- Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC: 67,6% (chỉ tiêu: tối thiểu 80%), "
        "chưa đạt chỉ tiêu."
    )
    assert texts.count(digitised) == 2 and digitised in shortcomings
    # A task measuring a rate of the figures file (so_lieu: dung_han) is in section II; III.2
    # names the miss once, with the figures' own line, not twice in two wordings.
    measured = "- Tỷ lệ hồ sơ TTHC giải quyết đúng hạn: 99,5% (chỉ tiêu: 100%), chưa đạt chỉ tiêu."
    assert texts.count(measured) == 1 and measured not in shortcomings
    figure = "- Tỷ lệ giải quyết trước hạn và đúng hạn: 99,5% (chỉ tiêu: 100%), chưa đạt chỉ tiêu."
    assert shortcomings.count(figure) == 1
    causes = texts[texts.index("3. Nguyên nhân") : texts.index("V. ĐỀ XUẤT, KIẾN NGHỊ")]
    objective = causes[causes.index("a) Nguyên nhân khách quan") :]
    assert any("cơn bão số 3" in c for c in objective[: objective.index("b) Nguyên nhân chủ quan")])


def test_next_period_lists_only_what_falls_due_in_it(q3: tuple[dict[str, Any], bytes]) -> None:
    lines = q3[0]["next_tasks"]
    assert lines and all(re.search(r"hạn \d{2}/(1[0-2])/2024", line) for line in lines)
    # the Q3 report itself (due 20/9, still in Q3) is not a task of Q4
    assert not any("quý III năm 2024" in line for line in lines)
    # items already late belong to the shortcomings
    assert not any("Quy chế chi tiêu nội bộ" in line for line in lines)


def _closing_index(doc: DocumentObject) -> int:
    return next(i for i, t in enumerate(doc.tables) if t.cell(0, 0).text.startswith("Nơi nhận:"))


def test_every_row_of_the_context_is_in_an_appendix_after_the_signature(
    q3: tuple[dict[str, Any], bytes], q3_doc: DocumentObject
) -> None:
    context = q3[0]
    after = q3_doc.tables[_closing_index(q3_doc) + 1 :]
    assert len(after) == len(context["appendices"]) == 2
    before = q3_doc.tables[1 : _closing_index(q3_doc)]
    assert [t.cell(0, 0).text for t in before] == ["Nội dung"]  # only the figures in the body
    for appendix, table in zip(context["appendices"], after, strict=True):
        present = [[c.text for c in row.cells] for row in table.rows]
        expected = [r for g in appendix["groups"] for r in g["rows"]]
        data = [r for r in present if r[0].isdigit() and r[1] != r[2]]
        assert len(data) == len(expected) > 5
        for row, cells in zip(expected, data, strict=True):
            text = row["text"] + (
                f" ({row['occurrence'][:1].lower()}{row['occurrence'][1:]})"
                if row["occurrence"]
                else ""
            )
            assert cells == [
                str(row["no"]),
                text,
                row["lead_title"],
                row["deadline_text"],
                row["work_text"],
                row["status"],
            ]
    texts = paragraphs(q3_doc)
    assert "PHỤ LỤC I" in texts and "PHỤ LỤC II" in texts
    # No number given yet: dots for the registry to fill in, never an underlined gap.
    assert (
        "(Kèm theo Báo cáo số ......../BC-UBND ngày 14 tháng 9 năm 2024 của UBND xã Vạn Thủy)"
        in texts
    )
    landscape = q3_doc.sections[-1]
    assert landscape.orientation == WD_ORIENT.LANDSCAPE


def test_table_cells_use_official_words(q3: tuple[dict[str, Any], bytes]) -> None:
    rows_ = [r for a in q3[0]["appendices"] for g in a["groups"] for r in g["rows"]]
    statuses = {r["status"] for r in rows_}
    assert "Thường xuyên" in statuses and "Hoàn thành chậm 9 ngày" in statuses
    assert not statuses & {"Không có thời hạn", "Chưa xác định được hạn", "Sắp đến hạn"}
    for r in rows_:
        assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", r["deadline_text"]) or re.fullmatch(
            r"\d{2}/\d{2}/\d{4}", r["deadline_text"]
        ), r["deadline_text"]  # a day in a table is dd/mm/yyyy
        assert not re.match(r"\d{2}/\d{2}/\d{4}: ", r["work_text"])  # no log prefixes


def test_no_template_tags_left(
    q3: tuple[dict[str, Any], bytes], plan_docx: tuple[dict[str, Any], bytes]
) -> None:
    for data in (q3[1], plan_docx[1]):
        for name, xml in xml_parts(data).items():
            assert not TAG.search(xml), (name, TAG.search(xml))


def test_zip_has_no_duplicate_entries(
    q3: tuple[dict[str, Any], bytes], plan_docx: tuple[dict[str, Any], bytes]
) -> None:
    for data in (q3[1], plan_docx[1]):
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert len(names) == len(set(names))
        assert "word/document.xml" in names


def test_page_setup_is_a4_with_official_margins(q3_doc: DocumentObject) -> None:
    section = q3_doc.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    measured = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    assert [round(v.mm) if v is not None else None for v in measured] == [210, 297, 20, 20, 30, 15]


def test_times_new_roman_everywhere(
    q3: tuple[dict[str, Any], bytes], q3_doc: DocumentObject
) -> None:
    styles = zipfile.ZipFile(io.BytesIO(q3[1])).read("word/styles.xml").decode("utf-8")
    assert "Theme=" not in styles and "theme=" not in styles  # no theme font can override
    fonts = (
        q3_doc.styles.element.find(qn("w:docDefaults"))
        .find(qn("w:rPrDefault"))
        .find(qn("w:rPr"))
        .find(qn("w:rFonts"))
    )
    assert {fonts.get(qn(f"w:{k}")) for k in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    # black (automatic colour) everywhere but the grey {%p …%} lines, which never print
    assert set(re.findall(r"<w:color [^>]*>", styles)) == {'<w:color w:val="808080"/>'}
    normal = q3_doc.styles["Normal"]
    assert normal.font.size.pt == 14
    assert round(normal.paragraph_format.first_line_indent.cm, 2) == 1.27
    assert normal.paragraph_format.space_after.pt == 6
    assert q3_doc.styles["Table Text"].font.size.pt == 12


def test_table_heading_rows_repeat_on_every_page(q3_doc: DocumentObject) -> None:
    data_tables = q3_doc.tables[_closing_index(q3_doc) + 1 :]
    assert len(data_tables) == 2
    for table in data_tables:
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
        assert all(
            row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None
            for row in table.rows[1:]
        )
        widths = [c.width for c in table.columns]
        assert round(sum(w.mm for w in widths)) == 252  # landscape text width


def test_page_numbers_from_page_two(
    q3: tuple[dict[str, Any], bytes], q3_doc: DocumentObject
) -> None:
    section = q3_doc.sections[0]
    assert section.different_first_page_header_footer  # w:titlePg
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    numbered = [p for p in section.header.paragraphs if "PAGE" in p._p.xml]
    assert [p.style.name for p in numbered] == ["Header"]
    assert q3_doc.styles["Header"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_closing_sentence_recipients_and_signature(
    q3: tuple[dict[str, Any], bytes], q3_doc: DocumentObject
) -> None:
    texts = paragraphs(q3_doc)
    assert (
        "Trên đây là báo cáo kết quả thực hiện Kế hoạch số 64/KH-UBND quý III năm 2024 "
        "của UBND xã Vạn Thủy./."
    ) in texts
    closing = _closing_table(q3_doc)
    assert len(closing.columns) == 2  # Nơi nhận and the signature side by side
    left = [p.text for p in closing.cell(0, 0).paragraphs]
    right = [p.text for p in closing.cell(0, 1).paragraphs]
    recipients = q3[0]["doc"]["recipients"]
    assert left[0] == "Nơi nhận:"
    assert left[1:] == [f"- {r};" for r in recipients[:-1]] + [f"- {recipients[-1]}."]
    assert left[-1] == "- Lưu: VT."
    assert right == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lưu Văn Hữu"]
    heading = closing.cell(0, 0).paragraphs[0].style
    assert heading.font.bold and heading.font.italic and heading.font.size.pt == 12
    assert closing.cell(0, 0).paragraphs[1].style.font.size.pt == 11


@pytest.mark.parametrize(
    ("changes", "expected", "absent"),
    [
        (None, [], ["3. Điều chỉnh Kế hoạch"]),
        (
            [],
            ["3. Điều chỉnh Kế hoạch", "Trong kỳ, Kế hoạch không có điều chỉnh."],
            [],
        ),
        (
            [
                {
                    "date": date(2024, 8, 2),
                    "commit": "abc1234",
                    "author": "Văn thư",
                    "task": "I.1.4",
                    "kind": "modified",
                    "summary": "Đổi thời hạn & người chủ trì",
                }
            ],
            [
                "3. Điều chỉnh Kế hoạch",
                "- Ngày 02/8/2024, nhiệm vụ I.1.4: đổi thời hạn & người chủ trì.",
            ],
            ["Trong kỳ, Kế hoạch không có điều chỉnh."],
        ),
    ],
)
def test_plan_changes_section(
    q3: tuple[dict[str, Any], bytes], changes: Any, expected: list[str], absent: list[str]
) -> None:
    text = all_text(with_context(q3[0], changes=changes))
    for phrase in expected:
        assert phrase in text
    for phrase in absent:
        assert phrase not in text


def test_optional_paragraphs(q3: tuple[dict[str, Any], bytes]) -> None:
    context = q3[0]
    shown = all_text(with_context(context, proposals=["Đề nghị hỗ trợ kinh phí."]))
    assert "Đề nghị hỗ trợ kinh phí." in shown and "\nKhông có.\n" not in shown
    hidden = all_text(
        with_context(
            context,
            proposals=[],
            causes=[],
            causes_objective=[],
            causes_subjective=[],
            summary={**context["summary"], "due": 0},
        )
    )
    assert "\nKhông có.\n" in hidden and "3. Nguyên nhân" not in hidden
    assert "chưa có nhiệm vụ nào đến hạn." in hidden and "nhiệm vụ đến hạn; đã" not in hidden


def test_special_characters_come_out_literally(run, tmp_path: Path) -> None:
    tricky = "Chuyên mục \"Hỏi & đáp\" <b>TTHC</b> của xã 'Vạn Thủy'"
    plans = write_plans(
        tmp_path,
        appendix=appendix_with(
            [
                task(
                    "I.1.1",
                    "30/9/2024",
                    [
                        entry("1/8/2024", ghi_chu="A & B <i>"),
                        done("20/8/2024", evidence='Số 1 & 2 "gấp"'),
                    ],
                    noi_dung=tricky,
                    ket_qua="<w:p> & </w:t>",
                )
            ]
        ),
    )
    out = tmp_path / "bc.docx"
    result = run(
        "report", "2024-Q3", "-o", str(out), "--plans", str(plans), "--as-of", "2024-09-14"
    )
    assert result.exit_code == 0, result.output
    doc = docx.Document(str(out))  # the file still opens
    text = all_text(doc)
    assert tricky in text
    assert "A & B <i>" in text and 'Số 1 & 2 "gấp"' in text
    plan_out = tmp_path / "kh.docx"
    assert run("plan", "-f", "docx", "-o", str(plan_out), "--plans", str(plans)).exit_code == 0
    assert "<w:p> & </w:t>" in all_text(docx.Document(str(plan_out)))


def _broken_template(tmp_path: Path, old: str, new: str) -> Path:
    source = BUILTIN / "report.docx"
    target = tmp_path / "bao-cao-hong.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                assert old in xml
                data = xml.replace(old, new, 1).encode("utf-8")
            zout.writestr(info, data)
    return target


@pytest.mark.parametrize(
    ("old", "new", "hint"),
    [
        ("{{ doc.number_suffix }}", "{{ doc.number_suffix ", "{{ doc.number_suffix"),
        ("{{ doc.number_suffix }}", "{{ doc.number_sufix }}", "number_sufix"),
        ("{%p endfor %}", "{%p endfo %}", "endfo"),
    ],
)
def test_broken_docx_template_is_a_clear_error(
    run, tmp_path: Path, shipped: Path, old: str, new: str, hint: str
) -> None:
    template = _broken_template(tmp_path, old, new)
    with pytest.raises(TemplateError) as raised:
        render_docx(template, {"doc": {}})
    assert raised.value.params["path"] == str(template)
    result = run(
        "report",
        "2024-Q3",
        "--template",
        str(template),
        "-o",
        str(tmp_path / "x.docx"),
        "--plans",
        str(shipped),
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Lỗi:")
    assert "bao-cao-hong.docx" in result.stderr and hint in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.docx").exists()


def test_default_output_through_the_cli(run, tmp_path: Path) -> None:
    shutil.copytree(SHIPPED_PLANS, tmp_path / "plans")
    result = run("report", "2024-Q3", "--plans", str(tmp_path / "plans"))
    assert result.exit_code == 0, result.output
    written = tmp_path / "reports" / "2024-Q3-bao-cao.docx"
    assert "BÁO CÁO" in paragraphs(docx.Document(str(written)))
    assert run("plan", "--format", "docx", "--plans", str(tmp_path / "plans")).exit_code == 0
    assert (tmp_path / "reports" / "ke-hoach.docx").is_file()


@pytest.mark.parametrize("period", ["2024-Q2", "2024-Q4", "2024-H1", "2024-H2", "2024", "2024-09"])
def test_every_period_of_2024_renders(shipped: Path, period: str) -> None:
    context = report_context(load_workspace(shipped).require_valid(), parse_period(period))
    doc = open_docx(render_docx(BUILTIN / "report.docx", context))
    for heading in (
        "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
        "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
        "III. ĐÁNH GIÁ CHUNG",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        assert heading in paragraphs(doc)
    assert f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {context['period']['next_label'].upper()}" in paragraphs(
        doc
    )


# ------------------------------------------------------------------------------- the plan


def test_plan_document(plan_docx: tuple[dict[str, Any], bytes]) -> None:
    context, data = plan_docx
    doc = open_docx(data)
    assert doc.tables[0].cell(1, 0).text == "Số: 64/KH-UBND"
    assert doc.tables[0].cell(1, 1).text == "Vạn Thủy, ngày 10 tháng 6 năm 2024"
    texts = paragraphs(doc)
    assert texts[texts.index("KẾ HOẠCH") + 1] == context["doc"]["subject"]
    for heading in (
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. MỤC ĐÍCH",
        "2. YÊU CẦU",
        "II. NHIỆM VỤ, GIẢI PHÁP CỤ THỂ",
        "III. TỔ CHỨC THỰC HIỆN",
    ):
        assert heading in texts
    for item in context["purposes"] + context["requirements"]:
        assert f"{item['number']}. {item['text'].replace('*', '')}" in texts
    italic = [r.text for p in doc.paragraphs for r in p.runs if r.italic]
    assert any("Siết chặt kỷ cương" in t for t in italic)  # *…* became real italics
    assert "*" not in "".join(texts)
    assert context["closing"] in texts
    closing = doc.tables[-len(context["appendices"]) - 1]
    assert "Lưu Văn Hữu" in closing.cell(0, 1).text and "- Lưu: VT." in closing.cell(0, 0).text


def test_plan_appendices_list_every_task_on_landscape_pages(
    plan_docx: tuple[dict[str, Any], bytes],
) -> None:
    context, data = plan_docx
    doc = open_docx(data)
    first, last = doc.sections[0], doc.sections[-1]
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert last.orientation == WD_ORIENT.LANDSCAPE
    assert last.page_width is not None and last.page_height is not None
    assert [round(last.page_width.mm), round(last.page_height.mm)] == [297, 210]
    assert not last.different_first_page_header_footer  # numbered on every appendix page
    texts = paragraphs(doc)
    headings = [p for p in doc.paragraphs if p.text.startswith("PHỤ LỤC ")]
    assert [p.text for p in headings] == [f"PHỤ LỤC {a['number']}" for a in context["appendices"]]
    assert all(p.paragraph_format.page_break_before for p in headings)
    present = {tuple(r) for r in rows(doc)}
    tables = doc.tables[-len(context["appendices"]) :]
    for appendix, table in zip(context["appendices"], tables, strict=True):
        assert "(Kèm theo Kế hoạch số 64/KH-UBND ngày 10/6/2024 của UBND xã Vạn Thủy)" in texts
        assert round(sum(c.width.mm for c in table.columns)) == 252
        table_rows = [[c.text for c in row.cells] for row in table.rows]
        assert table_rows[0] == [
            "TT",
            "Mã",
            "Nhiệm vụ, giải pháp",
            "Chủ trì",
            "Phối hợp",
            "Kết quả, chỉ tiêu",
            "Thời hạn",
        ]
        tasks = [t for g in appendix["groups"] for t in g["tasks"]]
        assert len(table_rows) == 1 + len(appendix["groups"]) + len(tasks)
        for group in appendix["groups"]:
            assert ("", group["number"], *[group["title"]] * 5) in present
        for t in tasks:
            result = (
                t["output"] + ("; " if t["output"] and t["target_text"] else "") + t["target_text"]
            )
            assert (
                str(t["no"]),
                t["id"],
                t["text"],
                t["lead_title"],
                t["support"],
                result,
                t["deadline_text"],
            ) in present, t["id"]


# --------------------------------------------------------------------- the templates' files


def test_committed_templates_are_what_the_script_builds(tmp_path: Path) -> None:
    """Rebuilding gives the same bytes: the script and the committed files never drift."""
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_templates.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in ("report.docx", "plan.docx"):
        fresh, committed = tmp_path / name, BUILTIN / name
        with zipfile.ZipFile(fresh) as a, zipfile.ZipFile(committed) as b:
            assert a.namelist() == b.namelist()
            for member in a.namelist():
                assert a.read(member) == b.read(member), (name, member)
        assert fresh.read_bytes() == committed.read_bytes(), name


def test_the_templates_have_one_source() -> None:
    # A checkout reads templates/ itself (an installed wheel carries the same folder inside the
    # package): no second copy to keep in step.
    assert BUILTIN.resolve() == (ROOT / "templates").resolve()
    assert not (ROOT / "vanthuy_cli" / "templates").exists()
    names = {p.name for p in BUILTIN.iterdir()}
    assert names >= {"report.docx", "plan.docx", "score.docx", "report.md.j2", "plan.md.j2"}


def _literal_phrases(markdown: str) -> set[str]:
    """The fixed wording of a Markdown template: its text outside Jinja tags and Markdown marks."""
    markdown = re.sub(r"\{#.*?#\}", "", markdown, flags=re.DOTALL)
    phrases = set()
    for piece in re.split(r"\{\{.*?\}\}|\{%.*?%\}", markdown, flags=re.DOTALL):
        for part in re.split(r"<br>|\||\n", piece):
            text = part.strip().strip("#*>:- ").strip()
            if len(text) >= 6:
                phrases.add(text)
    return phrases


def _template_text(name: str) -> str:
    xml = "".join(xml_parts((BUILTIN / name).read_bytes()).values())  # body and headers
    return "\n".join(
        "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p))
        for p in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.DOTALL)
    )


@pytest.mark.parametrize(
    ("markdown", "word"), [("report.md.j2", "report.docx"), ("plan.md.j2", "plan.docx")]
)
def test_word_templates_say_what_the_markdown_ones_say(markdown: str, word: str) -> None:
    """Every sentence, heading and column title of the Markdown template is in the Word one: a
    change of wording in one and not the other fails here (edit scripts/build_templates.py)."""
    text = _template_text(word)
    phrases = _literal_phrases((BUILTIN / markdown).read_text(encoding="utf-8"))
    assert len(phrases) > 10
    assert sorted(p for p in phrases if p not in text) == []


@pytest.mark.parametrize("name", ["report.docx", "plan.docx"])
def test_each_tag_sits_in_one_run(name: str) -> None:
    """A tag split over runs is what Word leaves after an edit; ours are whole, so they show
    as typed and survive editing around them."""
    for xml in xml_parts((BUILTIN / name).read_bytes()).values():
        for text in re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml):
            assert text.count("{{") == text.count("}}") and text.count("{%") == text.count("%}")


@pytest.mark.soffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_the_report_to_pdf(
    q3: tuple[dict[str, Any], bytes], tmp_path: Path
) -> None:
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(q3[1])
    profile = (tmp_path / "lo-profile").as_uri()  # a private profile: no clash with a running LO
    completed = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=240,
        check=False,
    )
    pdf = tmp_path / "bao-cao.pdf"
    if not pdf.exists():
        pytest.skip(f"soffice made no PDF: {completed.stderr.decode(errors='replace')[:200]}")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    if shutil.which("pdfinfo"):
        info = subprocess.run(
            ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
        ).stdout
        found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
        assert found, info
        pages = int(found.group(1))
    else:
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert pages >= 2  # the Q3 report runs over several pages
