"""Build ``score.docx``, the Word template of ``par score -f docx`` (the self-assessment table).

Built with the same python-docx helpers, styles and page setup as the report templates
(``build_templates.py``) so every document par writes looks alike: Nghị định 30/2020 layout, but
on a landscape A4 page, because the table has six columns (STT, field/criterion/sub-criterion,
maximum, self-score, evidence, explanation). Output is byte-for-byte reproducible.

    python scripts/build_score_template.py          # build into templates/
    python scripts/build_score_template.py --check  # exit 1 if the committed file is stale
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_templates import (
    CENTER,
    TEXT_W_LANDSCAPE,
    _border,
    _repeat_header,
    _table,
    _tag_row,
    new_document,
    page_numbers,
    par,
    rule,
    run,
    setup_section,
    tag,
)
from docx.document import Document as DocumentObject
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml import OxmlElement
from docx.shared import Pt
from docx.table import _Cell

NAME = "score.docx"
MARKDOWN = "score.md.j2"
# Landscape text width is 252 mm; the columns add up to it.
LETTERHEAD = (100, 152)
SCORE_TABLE = (18, 78, 18, 18, 60, 60)
CLOSING = (110, 142)
HEADINGS = (
    "STT",
    "Lĩnh vực, tiêu chí, tiêu chí thành phần",
    "Điểm tối đa",
    "Điểm tự chấm",
    "Tài liệu kiểm chứng",
    "Giải trình",
)


def _letterhead(doc: DocumentObject) -> None:
    table = _table(doc, LETTERHEAD, 2, borders=False)
    left, right = table.rows[0].cells
    tag(left, "{%p if doc.parent_body %}")
    par(left, "Letterhead", "{{ doc.parent_body }}")
    tag(left, "{%p endif %}")
    tag(left, "{%p for line in doc.issuer_lines %}")
    par(left, "Letterhead Bold", "{{ line }}")
    tag(left, "{%p endfor %}")
    rule(left, 22, LETTERHEAD[0] - 2)
    par(right, "National Title", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    par(right, "Motto", "Độc lập - Tự do - Hạnh phúc")
    rule(right, 55, LETTERHEAD[1] - 2)
    _, date = table.rows[1].cells
    par(
        date, "Place Date", "{{ doc.place }}, {{ doc.date|long_date }}"
    ).paragraph_format.space_before = Pt(4)


def _cells(row_cells: Sequence[_Cell], *, bold: bool) -> None:
    fmt = "b" if bold else ""
    par(row_cells[0], "Table Text", ("{{ r.number }}", fmt)).alignment = CENTER
    par(row_cells[1], "Table Text", ("{{ r.title }}", fmt))
    par(row_cells[2], "Table Text", ("{{ r.max }}", fmt)).alignment = CENTER
    par(row_cells[3], "Table Text", ("{{ r.points }}", fmt)).alignment = CENTER
    if bold:
        par(row_cells[4], "Table Text", "")
        par(row_cells[5], "Table Text", "")
        return
    tag(row_cells[4], "{%p for e in r.evidence %}")
    par(row_cells[4], "Table Text", "{{ e }}")
    tag(row_cells[4], "{%p else %}")
    par(row_cells[4], "Table Text", "")  # a Word cell must keep one paragraph
    tag(row_cells[4], "{%p endfor %}")
    par(row_cells[5], "Table Text", "{{ r.explanation }}")


def build_score() -> DocumentObject:
    doc = new_document()
    section = doc.sections[0]
    setup_section(section, landscape=True)
    page_numbers(section, draft_mark=True)  # "DỰ THẢO" while the catalogue is a sample
    _letterhead(doc)
    title = par(doc, "Document Title", "BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM")
    title.paragraph_format.space_before = Pt(12)
    par(doc, "Document Subject", "{{ catalogue.title }}")
    par(doc, "Place Date", "(Số liệu đến ngày {{ as_of|vn_date }})").alignment = CENTER
    rule(doc, 60, TEXT_W_LANDSCAPE, after=6)

    table = _table(doc, SCORE_TABLE, 9, borders=True)
    head = table.rows[0]
    _repeat_header(head)
    for cell, text in zip(head.cells, HEADINGS, strict=True):
        par(cell, "Table Heading", text)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _tag_row(table, 1, "{%tr for r in rows %}")
    _tag_row(
        table, 2, '{%tr if r.level == "field" or (r.level == "criterion" and not r.explanation) %}'
    )
    _cells(table.rows[3].cells, bold=True)
    _tag_row(table, 4, "{%tr else %}")
    _cells(table.rows[5].cells, bold=False)
    _tag_row(table, 6, "{%tr endif %}")
    _tag_row(table, 7, "{%tr endfor %}")
    total = table.rows[8].cells
    par(total[0], "Table Text", "")
    par(total[1], "Table Heading", "TỔNG ĐIỂM")
    par(total[2], "Table Heading", "{{ total.max }}")
    par(total[3], "Table Heading", "{{ total.points }}")
    par(total[4], "Table Text", "")
    par(
        total[5],
        "Table Text",
        "{% if total.last_year %}Điểm thẩm định năm trước: {{ total.last_year }}{% endif %}",
    )
    for row in table.rows[3:]:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    # LibreOffice drops the table-level borders of a table whose rows docxtpl rebuilds from
    # if/else rows; borders on every cell show in Word and LibreOffice alike.
    for index in (0, 3, 5, 8):
        for cell in table.rows[index].cells:
            borders = OxmlElement("w:tcBorders")
            for edge in ("top", "left", "bottom", "right"):
                borders.append(_border(edge))
            tc_pr = cell._tc.get_or_add_tcPr()
            tc_pr.insert(1, borders)  # after w:tcW, before w:vAlign (schema order)

    closing = _table(doc, CLOSING, 1, borders=False)
    closing.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    _, right = closing.rows[0].cells
    tag(right, "{%p for line in doc.signer.authority %}")
    par(right, "Signature", "{{ line }}")
    tag(right, "{%p endfor %}")
    par(right, "Signature", "{{ doc.signer.position }}")
    name = par(right, "Signature", "{{ doc.signer.name }}")
    name.paragraph_format.space_before = Pt(72)  # room for the signature and the seal
    return doc


def main(argv: Sequence[str] | None = None) -> int:
    description = (__doc__ or "").splitlines()[0]
    return run(argv, {NAME: build_score}, description, "build_score_template.py")


if __name__ == "__main__":
    sys.exit(main())
