"""The fast paths of DOCX output, pinned to what they replace.

The finishing pass (``documents/docxfinish.py``) reads the XML directly: it must find exactly the
paragraphs python-docx's own objects list (paragraphs, cells, widths, sections). docxtpl's
clean-up of tabs and breaks is handed only the paragraphs that hold one: on any XML the result
must be docxtpl's own."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm
from hypothesis import given, settings
from hypothesis import strategies as st

from vanthuy_cli.documents.docxfinish import (
    _DOC_NUMBER,
    RULE_STYLE,
    SUBJECT_STYLE,
    _mark,
    _paragraphs,
)


def _python_docx_walk(document: Any, style_name: str) -> dict[Any, int]:
    """The paragraphs of ``style_name`` and their column widths as python-docx's objects give
    them: the body's paragraphs and the paragraphs of each cell of ``row.cells`` of its tables."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    widths = [_text_width(s) for s in document.sections]
    section = 0
    found: dict[Any, int] = {}
    for child in document.element.body.iterchildren():
        width = widths[min(section, len(widths) - 1)]
        if child.tag.endswith("}p"):
            if Paragraph(child, document._body).style.name == style_name:
                found[child] = width
            if child.pPr is not None and child.pPr.sectPr is not None:
                section += 1
        elif child.tag.endswith("}tbl"):
            for row in Table(child, document._body).rows:
                for cell in row.cells:
                    for p in cell.paragraphs:
                        if p.style.name == style_name:
                            found[p._p] = int(cell.width or width)
    return found


def _text_width(section: Any) -> int:
    return int(section.page_width - section.left_margin - section.right_margin)


def _document() -> tuple[Any, list[Any]]:
    """Rules and subjects in the body, in plain, merged and nested cells, over two sections
    (portrait, then landscape)."""
    document = docx.Document()
    for name in (RULE_STYLE, SUBJECT_STYLE):
        document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Kết quả năm 2024", style=SUBJECT_STYLE)
    document.add_paragraph("", style=RULE_STYLE)
    table = document.add_table(rows=3, cols=3)
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            cell.width = Cm(3 + index)
            cell.add_paragraph("", style=RULE_STYLE)
    table.cell(0, 0).merge(table.cell(0, 1))  # a horizontal span
    table.cell(1, 2).merge(table.cell(2, 2))  # a vertical merge: its continuation lists no text
    continuation = table.rows[2]._tr.tc_lst[-1]
    continuation.append(deepcopy(table.cell(0, 2).paragraphs[-1]._p))  # ...so this is not visited
    nested = table.cell(2, 0).add_table(rows=1, cols=1)
    nested.cell(0, 0).add_paragraph("", style=RULE_STYLE)  # a nested table: not visited
    no_width = table.cell(2, 1)._tc.tcPr
    no_width.remove(no_width.tcW)  # a cell without a width: its section's text width
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_paragraph("PHỤ LỤC NĂM 2024", style=SUBJECT_STYLE)
    document.add_paragraph("", style=RULE_STYLE)
    landscape = document.add_table(rows=1, cols=1)
    landscape.cell(0, 0)._tc.tcPr.remove(landscape.cell(0, 0)._tc.tcPr.tcW)
    landscape.cell(0, 0).add_paragraph("", style=RULE_STYLE)
    unseen = [continuation[-1], nested.cell(0, 0).paragraphs[-1]._p]
    return document, unseen


def test_the_xml_walk_finds_what_python_docx_lists() -> None:
    document, unseen = _document()
    ids = {style.name: style.style_id for style in document.styles}
    for name in (RULE_STYLE, SUBJECT_STYLE):
        fast = {p: column for p, column, _id in _paragraphs(document, [ids[name]])}
        assert fast == _python_docx_walk(document, name)
    rules = _python_docx_walk(document, RULE_STYLE)
    assert not set(unseen) & set(rules)
    portrait, landscape = (_text_width(s) for s in document.sections)
    widths = set(rules.values())
    assert {portrait, landscape} <= widths and len(widths - {portrait, landscape}) >= 3  # cells


@given(st.text(alphabet="/-AKHUBNDĐ&ab 12", max_size=30))
def test_hyphens_outside_numbers_are_the_ones_marked(text: str) -> None:
    spans = [m.span() for m in _DOC_NUMBER.finditer(text)]
    expected = "".join(
        "\x00" if char == "-" and not any(a <= i < b for a, b in spans) else char
        for i, char in enumerate(text)
    )
    assert _mark(text) == expected


_TEXT = st.text(alphabet="ab \t\n\a\f", max_size=6)
_W_T = st.builds(
    "{}{}</w:t>".format, st.sampled_from(["<w:t>", '<w:t xml:space="preserve">']), _TEXT
)
_RUN = st.builds(
    "<w:r>{}{}</w:r>".format,
    st.sampled_from(["", "<w:rPr><w:b/></w:rPr>"]),
    st.lists(_W_T, max_size=3).map("".join),
)
_PARAGRAPH = st.builds(
    "{}{}{}</w:p>".format,
    st.sampled_from(["<w:p>", '<w:p w:rsidR="1">']),
    st.sampled_from(["", "<w:pPr><w:jc/></w:pPr>"]),
    st.lists(_RUN, max_size=3).map("".join),
)
#: Paragraphs as Word writes them, and the odd piece between and inside them.
_XML = st.lists(
    st.one_of(_PARAGRAPH, st.sampled_from(["<w:tbl>", "</w:p>", "<w:p>", "\t", "\n", "x"])),
    max_size=8,
).map("".join)


@settings(deadline=None)  # the first example imports docxtpl
@given(_XML)
def test_listing_fast_path_gives_docxtpl_own_result(xml: str) -> None:
    """docxtpl's ``resolve_listing`` (tabs, breaks and paragraph breaks in a text) is handed only
    the paragraphs holding one of its characters; the result is its own, on any XML."""
    from docxtpl import DocxTemplate

    from vanthuy_cli.documents.templating import _docx_template_class

    template = object.__new__(_docx_template_class())  # the method reads nothing of the file
    assert template.resolve_listing(xml) == DocxTemplate.resolve_listing(template, xml)


_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_CELL = st.sampled_from(
    [
        "<w:tc><w:p/></w:tc>",
        '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p/></w:tc>',
        '<w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p/></w:tc>',
    ]
)
_ROW = st.lists(_CELL, max_size=4).map(lambda cells: "<w:tr>" + "".join(cells) + "</w:tr>")
_TABLE = st.builds(
    lambda columns, rows: (
        "<w:tbl><w:tblGrid>"
        + "".join(f'<w:gridCol w:w="{1000 * (i + 1)}"/>' for i in range(columns))
        + "</w:tblGrid>"
        + "".join(rows)
        + "</w:tbl>"
    ),
    st.integers(0, 5),
    st.lists(_ROW, max_size=4),
)


@settings(deadline=None)
@given(st.lists(_TABLE, min_size=1, max_size=3))
def test_tables_said_consistent_are_left_alone_by_docxtpl(tables: list[str]) -> None:
    """A body whose tables the fast check calls consistent comes out of docxtpl's own
    ``fix_tables`` unchanged; one it does not is left to docxtpl."""
    from docxtpl import DocxTemplate
    from lxml import etree

    from vanthuy_cli.documents.templating import _docx_template_class, _tables_are_consistent

    xml = f"<w:body {_W_NS}>" + "".join(tables) + "</w:body>"
    template = object.__new__(_docx_template_class())
    docxtpl_own = etree.tostring(DocxTemplate.fix_tables(template, xml))
    assert etree.tostring(template.fix_tables(xml)) == docxtpl_own
    if _tables_are_consistent(etree.fromstring(xml)):
        assert docxtpl_own == etree.tostring(etree.fromstring(xml))


def test_a_hand_edited_cell_width_does_not_stop_the_report() -> None:
    """Word writes integers; a hand-edited template may not. A width or span that is missing or
    not a number counts as no width (the rule keeps its section's), never as a failure."""
    from lxml import etree

    from vanthuy_cli.documents.docxfinish import _cell_width

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def tc_pr(inner: str) -> Any:
        return etree.fromstring(f'<w:tcPr xmlns:w="{w}">{inner}</w:tcPr>')

    assert _cell_width(tc_pr('<w:tcW w:type="dxa" w:w="2000"/>')) == 2000 * 635
    assert _cell_width(tc_pr('<w:tcW w:type="dxa" w:w="rộng"/>')) == 0
    assert _cell_width(tc_pr('<w:tcW w:type="dxa"/>')) == 0
    assert _cell_width(tc_pr('<w:gridSpan/><w:tcW w:type="dxa" w:w="900"/>')) == 900 * 635
    assert _cell_width(tc_pr('<w:gridSpan w:val="x"/><w:tcW w:type="dxa" w:w="9"/>')) == 9 * 635
    assert _cell_width(tc_pr('<w:gridSpan w:val="0"/>')) is None
