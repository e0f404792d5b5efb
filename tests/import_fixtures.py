"""Appendix tables as they arrive, built in code with python-docx and openpyxl.

Each builder writes one file under the given folder and returns its path. The shapes are the
ones commune appendices take: group rows merged across the table, a header on two rows with
merged cells, numbering that restarts in each group, "a)" and "-" sub-items, several units in
one cell, deadlines as plans write them (and one that cannot be read), an Excel sheet with title
rows above the header and headers typed without diacritics.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import docx
import openpyxl

HEADER_A = [
    "TT",
    "Nội dung nhiệm vụ, giải pháp",
    "Cơ quan, bộ phận chủ trì",
    "Phối hợp",
    "Thời gian hoàn thành",
    "Sản phẩm / kết quả",
]

#: Appendix I: (TT, text, lead, support, deadline, output); a str row is a group row.
ROWS_A: list[Any] = [
    "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
    (
        "1",
        "Xây dựng, ban hành Kế hoạch\ncải cách hành chính năm 2024 của xã",
        "Công chức Văn phòng - Thống kê",
        "Phó Chủ tịch UBND xã",
        "Quý III/2024",
        "Kế hoạch được ban hành",
    ),
    (
        "2",
        "Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính",
        "Phó Chủ tịch UBND xã",
        "VP-TK",
        "Thường xuyên",
        "Thông báo kết luận kiểm tra",
    ),
    (
        "3",
        "Tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm 2024",
        "VP-TK\nTP-HT",
        "Các bộ phận chuyên môn",
        "Trước ngày 15/12/2024",
        "Báo cáo tự đánh giá",
    ),
    "II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
    (
        "1",
        "Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa",
        "Một cửa",
        "TP-HT, Địa chính - Xây dựng",
        "Sau khi tỉnh công bố danh mục",  # no deadline par can compute: reported, kept
        "",
    ),
    (
        "2",
        "Rà soát, đánh giá quy định thủ tục hành chính",
        "Công chức Tư pháp - Hộ tịch",
        "",
        "Tháng 10/2024",
        "Báo cáo rà soát",
    ),
    # A row split by a page break: the rest of task 2's text, nothing else.
    ("", "và đề xuất phương án đơn giản hóa.", "", "", "", ""),
]


def docx_appendix_i(folder: Path, *, fixed_deadline: str | None = None) -> Path:
    """Group rows merged across the table, numbering restarting per group, a two-unit lead cell,
    a line break inside a cell, a page-break continuation row, one unreadable deadline (replaced
    by ``fixed_deadline`` when given, as the clerk would after being told)."""
    document = docx.Document()
    document.add_paragraph("PHỤ LỤC I")
    document.add_paragraph(
        "NHIỆM VỤ, GIẢI PHÁP NÂNG CAO CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX) NĂM 2024"
    )
    document.add_paragraph("(Kèm theo Kế hoạch số 64/KH-UBND ngày 10/6/2024 của UBND xã Vạn Thủy)")
    table = document.add_table(rows=1 + len(ROWS_A), cols=len(HEADER_A))
    for j, text in enumerate(HEADER_A):
        table.cell(0, j).text = text
    for i, row in enumerate(ROWS_A, start=1):
        if isinstance(row, str):
            table.cell(i, 0).merge(table.cell(i, len(HEADER_A) - 1)).text = row
            continue
        for j, text in enumerate(row):
            if j == 4 and fixed_deadline is not None and text.startswith("Sau khi"):
                text = fixed_deadline
            table.cell(i, j).text = text
    path = folder / "phu-luc-I.docx"
    document.save(str(path))
    return path


def docx_two_row_header(folder: Path) -> Path:
    """A header on two rows ("Cơ quan, đơn vị thực hiện" over "Chủ trì" | "Phối hợp"), a row of
    column numbers, a lead merged down over two tasks, decimal children under a heading, "a)"
    sub-items with their own leads, "-" sub-items that are lines of their task. No "PHỤ LỤC"
    line above it: the appendix is chosen with --appendix."""
    document = docx.Document()
    document.add_paragraph("Bảng nhiệm vụ nâng cao chỉ số SIPAS")
    rows = [
        ["STT", "Nội dung công việc", "Cơ quan, đơn vị thực hiện", "", "Thời gian thực hiện"],
        ["", "", "Chủ trì", "Phối hợp", ""],
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        ["1", "Tuyên truyền về cải cách hành chính", "", "", ""],
        [
            "1.1",
            "Tuyên truyền trên Đài Truyền thanh xã",
            "Đài Truyền thanh xã",
            "VH-XH",
            "Hằng quý",
        ],
        ["1.2", "Đăng tin trên Trang thông tin điện tử xã", "", "", "Hằng tháng"],
        ["2", "Nâng cao chất lượng phục vụ tại Bộ phận Một cửa:", "", "", ""],
        ["a)", "Bố trí ghế chờ, nước uống", "VP-TK", "TC-KT", "Quý IV/2024"],
        ["b)", "Lắp đặt máy lấy số tự động", "Bộ phận Một cửa xã", "", "31/12/2024"],
        [
            "3",
            "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính, gồm:",
            "Bộ phận Một cửa xã",
            "Công chức Tư pháp - Hộ tịch",
            "Năm 2024",
        ],
        ["-", "Hồ sơ hộ tịch;", "", "", ""],
        ["-", "Hồ sơ chứng thực.", "", "", ""],
    ]
    table = document.add_table(rows=len(rows), cols=5)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            if text:
                table.cell(i, j).text = text
    for col in (0, 1, 4):  # header cells merged down over the second header row
        table.cell(0, col).merge(table.cell(1, col))
    table.cell(0, 2).merge(table.cell(0, 3))  # "Cơ quan, đơn vị thực hiện" across two columns
    table.cell(4, 2).merge(table.cell(5, 2))  # one lead for 1.1 and 1.2
    table.cell(9, 2).merge(table.cell(11, 2))  # task 3's lead over its "-" lines
    table.cell(9, 4).merge(table.cell(11, 4))  # and its deadline
    path = folder / "bang-sipas.docx"
    document.save(str(path))
    return path


def xlsx_with_title(folder: Path) -> Path:
    """An Excel sheet: title rows above the header, headers without diacritics, group rows
    lettered A, B and merged across, a date cell as deadline, abbreviations, unknown units."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "PL II"
    sheet["A1"] = "PHỤ LỤC II"
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "NHIỆM VỤ NÂNG CAO CHỈ SỐ HÀI LÒNG VỀ SỰ PHỤC VỤ HÀNH CHÍNH (SIPAS) NĂM 2024"
    sheet.merge_cells("A2:F2")
    sheet["A3"] = "(Kèm theo Kế hoạch số 64/KH-UBND ngày 10/6/2024 của UBND xã Vạn Thủy)"
    sheet.merge_cells("A3:F3")
    header = [
        "STT",
        "Noi dung cong viec",
        "Don vi chu tri",
        "Don vi phoi hop",
        "Thoi han",
        "San pham",
    ]
    for j, text in enumerate(header, start=1):
        sheet.cell(row=5, column=j, value=text)
    data: list[list[Any]] = [
        ["A", "TIẾP CẬN DỊCH VỤ"],
        [
            1,
            "Bố trí khu vực chờ của Bộ phận Một cửa đủ ghế ngồi, nước uống",
            "VP-TK",
            "Một cửa, TC-KT",
            datetime(2024, 7, 31),
            "Khu vực chờ đạt yêu cầu",
        ],
        [
            2,
            "Lấy ý kiến người dân về sự phục vụ của Bộ phận Một cửa",
            "UBND xã",
            "Hội Nông dân xã; Hội Liên hiệp Phụ nữ xã",
            "Hàng quý",
            "Phiếu khảo sát",
        ],
        ["B", "THỦ TỤC HÀNH CHÍNH"],
        [
            1,
            "Hướng dẫn đầy đủ, chính xác một lần khi tiếp nhận hồ sơ\n"
            "(không để người dân đi lại nhiều lần)",
            "Bộ phận Một cửa",
            "TP-HT",
            "Thường xuyên",
            None,
        ],
    ]
    for i, row in enumerate(data, start=6):
        for j, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=i, column=j, value=value)
        if len(row) == 2:  # a group row: its title merged across the rest of the table
            sheet.merge_cells(start_row=i, start_column=2, end_row=i, end_column=6)
    path = folder / "phu-luc-II.xlsx"
    book.save(str(path))
    return path


def docx_unusual_headers(folder: Path) -> Path:
    """Headers par does not know ("Việc cần làm", "Ai làm"): needs --columns."""
    document = docx.Document()
    document.add_paragraph("PHỤ LỤC I")
    rows = [
        ["Số", "Việc cần làm", "Ai làm", "Hạn"],
        ["1", "Cập nhật danh mục thủ tục hành chính", "TP-HT", "Tháng 8/2024"],
        ["2", "Báo cáo kết quả CCHC quý III", "VP-TK", "Quý III/2024"],
    ]
    table = document.add_table(rows=len(rows), cols=4)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    path = folder / "viec.docx"
    document.save(str(path))
    return path
