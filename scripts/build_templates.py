"""Build the Word templates that par ships: ``report.docx`` (period report) and ``plan.docx``.

The two .docx files in ``templates/`` are docxtpl templates: ordinary Word documents
with Jinja tags (``{{ … }}``, ``{%p … %}``, ``{%tr … %}``, ``{{r … }}``) that ``par report`` and
``par plan --format docx`` fill in. This script is their source: review a change to the layout
here, run it, commit the script and the files together. They say what ``report.md.j2`` and
``plan.md.j2`` say, in the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I): A4, margins 20/20/30/15
mm, Times New Roman, the two-column letterhead, page numbers from page 2, "Nơi nhận" beside the
signature.

    python scripts/build_templates.py            # build the two .docx into templates/
    python scripts/build_templates.py --out DIR  # build the two .docx into DIR only
    python scripts/build_templates.py --check    # exit 1 if the committed files are stale

The output is byte-for-byte reproducible (fixed document properties and zip timestamps), so a
test can rebuild and compare. Every Jinja tag is written as the text of one run: Word and
LibreOffice then keep it intact when the clerk edits around it.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement as Element
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
#: The one copy of the templates: the clerk edits it (beside plans/) and the wheel ships it inside
#: the package (pyproject.toml maps vanthuy_cli.templates to this folder).
TEMPLATES = ROOT / "templates"
MARKDOWN_TEMPLATES = ("report.md.j2", "plan.md.j2")

FONT = "Times New Roman"
FIXED_TIME = datetime(2024, 1, 1, tzinfo=UTC)  # document properties: never "now"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# Page (Nghị định 30/2020, Phụ lục I): A4, top/bottom 20 mm, left 30 mm, right 15 mm.
PAGE_W, PAGE_H = 210, 297
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20, 20, 30, 15
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 165 mm portrait
TEXT_W_LANDSCAPE = PAGE_H - MARGIN_LEFT - MARGIN_RIGHT  # 252 mm for the plan's appendices

# Column widths in mm; each table adds up to the text width so nothing runs into the margin.
LETTERHEAD = (62, 103)
CLOSING = (72, 93)
# The report's appendix (landscape): results (with their evidence) are the longest text, then
# the task; dates and statuses fit on one or two lines ("Hoàn thành chậm 13 ngày").
RESULTS = (9, 78, 31, 23, 84, 27)
FIGURES = (87, 28, 28, 22)  # the period's figures, portrait: label, previous, this period, target
APPENDIX = (10, 17, 80, 35, 45, 42, 23)

Run = str | tuple[str, str]  # text, or (text, "b" / "i" / "bi")


# ----------------------------------------------------------------------------- low-level XML


def _mm_twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


# Word rejects a file whose property elements are out of schema order, so new children are
# inserted in place rather than appended.
_ORDER = {
    "w:pPr": (
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ),
    "w:tblPr": (
        "tblStyle",
        "tblpPr",
        "tblOverlap",
        "bidiVisual",
        "tblStyleRowBandSize",
        "tblStyleColBandSize",
        "tblW",
        "jc",
        "tblCellSpacing",
        "tblInd",
        "tblBorders",
        "shd",
        "tblLayout",
        "tblCellMar",
        "tblLook",
        "tblCaption",
        "tblDescription",
    ),
}


def _set(parent: Element, tag: str, **attrs: str) -> Element:
    """Get or create the child ``tag`` of an lxml element and set ``w:`` attributes on it."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        names = next((v for k, v in _ORDER.items() if qn(k) == parent.tag), ())
        order = [qn(f"w:{name}") for name in names]
        later = order[order.index(qn(tag)) + 1 :] if qn(tag) in order else []
        following = next((c for c in parent if c.tag in later), None)
        if following is not None:
            following.addprevious(child)
        else:
            parent.append(child)
    for key, value in attrs.items():
        child.set(qn(f"w:{key}"), value)
    return child


def _fonts(rpr: Element) -> None:
    """Times New Roman for every script, theme fonts removed (a theme font would win in Word)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.attrib.clear()
    for key in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{key}"), FONT)


def _border(name: str, val: str = "single", sz: int = 4, space: int = 0) -> Element:
    element = OxmlElement(f"w:{name}")
    element.set(qn("w:val"), val)
    element.set(qn("w:sz"), str(sz))
    element.set(qn("w:space"), str(space))
    element.set(qn("w:color"), "000000" if val != "nil" else "auto")
    return element


# -------------------------------------------------------------------------------- document


def new_document() -> DocumentObject:
    """A blank document with the styles of an official document and nothing of python-docx's
    sample template left that could leak into a report (thumbnail, theme fonts, colours)."""
    doc = Document()
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rid)
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            doc.part.rels.pop(rid)
    settings = doc.settings.element
    for tag in ("w:savePreviewPicture", "w:rsids", "w:proofState"):
        for element in settings.findall(qn(tag)):
            settings.remove(element)
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.attrib.clear()
        lang.set(qn("w:val"), "vi-VN")

    props = doc.core_properties
    props.author = "par"
    props.last_modified_by = "par"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.revision = 1
    props.comments = ""
    props.title = ""
    props.subject = ""
    props.keywords = ""
    props.category = ""
    props.language = "vi-VN"
    _styles(doc)
    return doc


def _styles(doc: DocumentObject) -> None:
    styles = doc.styles
    root = styles.element
    # Drop the sample template's dozens of coloured table styles; keep what a clerk might use.
    for style in list(root.findall(qn("w:style"))):
        sid = style.get(qn("w:styleId")) or ""
        if style.get(qn("w:type")) == "table" and sid not in ("TableNormal", "TableGrid"):
            root.remove(style)
    # Every run property set: Times New Roman, automatic (black) colour.
    for rpr in root.iter(qn("w:rPr")):
        _fonts(rpr)
        for color in rpr.findall(qn("w:color")):
            rpr.remove(color)
    for style in root.findall(qn("w:style")):
        ppr = style.find(qn("w:pPr"))
        if ppr is not None:
            for border in ppr.findall(qn("w:pBdr")):  # "Title" has a blue rule
                ppr.remove(border)

    defaults = root.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr)
    _set(rpr, "w:sz", val="28")
    _set(rpr, "w:szCs", val="28")
    lang = _set(rpr, "w:lang", val="vi-VN")
    lang.attrib.pop(qn("w:eastAsia"), None)
    lang.attrib.pop(qn("w:bidi"), None)
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _set(ppr, "w:spacing", after="0", line="240", lineRule="auto")

    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Mm(12.7)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.0
    fmt.widow_control = True

    for name, size, bold, italic, before in (
        ("Heading 1", 14, True, False, 12),
        ("Heading 2", 14, True, False, 6),
        ("Heading 3", 14, True, False, 6),
        ("Heading 4", 14, True, True, 6),
    ):
        style = styles[name]
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        fmt = style.paragraph_format
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(6)
        fmt.keep_with_next = True
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    header = styles["Header"]
    header.font.size = Pt(14)
    header.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.paragraph_format.first_line_indent = Mm(0)
    header.paragraph_format.space_after = Pt(0)

    def add(
        name: str,
        *,
        size: float = 14,
        bold: bool = False,
        italic: bool = False,
        align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
        after: float = 0,
        before: float = 0,
        indent: float = 0,
        keep: bool = False,
    ) -> None:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = Mm(indent)
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
        fmt.keep_with_next = keep
        style.next_paragraph_style = style

    left = WD_ALIGN_PARAGRAPH.LEFT
    add("Letterhead", size=13)  # parent body, "Số:"
    add("Letterhead Bold", size=13, bold=True)  # issuing body
    add("National Title", size=12, bold=True)  # CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    add("Motto", size=13, bold=True)  # Độc lập - Tự do - Hạnh phúc
    add("Place Date", size=14, italic=True)
    add("Short Rule", size=1, before=3)  # an empty paragraph whose top border is the line
    add("Document Title", bold=True, before=18, keep=True)
    add("Document Subject", bold=True, keep=True)
    add("Addressee", align=left, before=6, after=6)
    add("Note", size=13, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, indent=12.7)
    add("Table Text", size=12, align=left, before=2, after=2)
    add("Table Heading", size=12, bold=True, before=2, after=2)
    add("Recipients Heading", size=12, bold=True, italic=True, align=left)
    add("Recipients", size=11, align=left)
    add("Signature", bold=True)
    add("Template Tag", size=9, align=left)  # {%p … %} lines; they vanish when rendered
    add("Draft Mark", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)  # "DỰ THẢO"
    styles["Template Tag"].font.color.rgb = RGBColor(0x80, 0x80, 0x80)  # logic, not text
    rule = styles["Short Rule"]
    _set(rule.element.get_or_add_pPr(), "w:pBdr").append(_border("top", sz=6))
    for style in styles:
        rpr = style.element.find(qn("w:rPr"))
        if rpr is not None:
            _fonts(rpr)


def setup_section(section: Section, *, landscape: bool = False) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(PAGE_H), Mm(PAGE_W)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
    section.top_margin = Mm(MARGIN_TOP)
    section.bottom_margin = Mm(MARGIN_BOTTOM)
    section.left_margin = Mm(MARGIN_LEFT)
    section.right_margin = Mm(MARGIN_RIGHT)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.gutter = Mm(0)


def page_numbers(section: Section, *, draft_mark: bool = False) -> None:
    """A centred PAGE field in the top margin, on every page but the first (w:titlePg).
    ``draft_mark``: "DỰ THẢO" at the right of every page's header while ``doc.draft``."""
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].style = "Header"
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.style = "Header"
    if draft_mark:
        for part in (first, header):
            top = part.paragraphs[0]
            for text, style in (
                ("{%p if doc.draft %}", "Template Tag"),
                ("DỰ THẢO", "Draft Mark"),
                ("{%p endif %}", "Template Tag"),
            ):
                mark = top.insert_paragraph_before(style=style)
                mark.add_run(text)
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "2"),
        ("end", None),
    ):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


# ------------------------------------------------------------------------------ paragraphs


Container = DocumentObject | _Cell


def par(container: Container, style: str, *runs: Run) -> Paragraph:
    """A paragraph of ``style``; each run's text (tags included) stays in one ``w:t``."""
    paragraph = None
    if isinstance(container, _Cell):
        first = container.paragraphs[0]
        if first._p.pPr is None and not first.runs and len(container.paragraphs) == 1:
            paragraph = first  # the empty paragraph every new cell has
    if paragraph is None:
        paragraph = container.add_paragraph()
    paragraph.style = style
    for item in runs:
        text, fmt = (item, "") if isinstance(item, str) else item
        run = paragraph.add_run(text)
        if "b" in fmt:
            run.bold = True
        if "i" in fmt:
            run.italic = True
        if "n" in fmt:  # not bold inside a bold style
            run.bold = False
    return paragraph


def tag(container: Container, text: str) -> Paragraph:
    """A ``{%p … %}`` paragraph: docxtpl removes the whole paragraph and keeps the logic."""
    return par(container, "Template Tag", text)


def rule(
    container: Container,
    width_mm: float,
    column_mm: float,
    *,
    after: float = 0,
    before: float | None = None,
) -> None:
    """A centred short horizontal line ``width_mm`` long in a column ``column_mm`` wide."""
    paragraph = par(container, "Short Rule")
    side = Mm(max(column_mm - width_mm, 0) / 2)
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    paragraph.paragraph_format.space_after = Pt(after)
    if before is not None:
        paragraph.paragraph_format.space_before = Pt(before)


def page_break_before(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.page_break_before = True


# ---------------------------------------------------------------------------------- tables


def _table(doc: DocumentObject, widths: Sequence[float], rows: int, *, borders: bool) -> Table:
    table = doc.add_table(rows=rows, cols=len(widths))
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    _set(tbl_pr, "w:tblW", w=str(sum(_mm_twips(w) for w in widths)), type="dxa")
    _set(tbl_pr, "w:tblInd", w="0", type="dxa")
    _set(tbl_pr, "w:tblLayout", type="fixed")
    edges = ("top", "left", "bottom", "right", "insideH", "insideV")
    tbl_borders = _set(tbl_pr, "w:tblBorders")
    for edge in edges:
        tbl_borders.append(_border(edge, "single" if borders else "nil"))
    margins = _set(tbl_pr, "w:tblCellMar")
    for edge, value in (
        ("top", 0),
        ("left", 85 if borders else 57),
        ("bottom", 0),
        ("right", 85 if borders else 57),
    ):
        _set(margins, f"w:{edge}", w=str(value), type="dxa")
    for index, width in enumerate(widths):
        table.columns[index].width = Mm(width)
        for cell in table.columns[index].cells:
            cell.width = Mm(width)
    return table


def _repeat_header(row: _Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    tr_pr.append(OxmlElement("w:tblHeader"))


def _tag_row(table: Table, row_index: int, text: str) -> None:
    """A ``{%tr … %}`` row: one merged cell holding the tag; docxtpl removes the row."""
    row = table.rows[row_index]
    cell = row.cells[0].merge(row.cells[-1])
    tag(cell, text)


def data_table(
    doc: DocumentObject,
    widths: Sequence[float],
    headings: Sequence[str],
    loop: str,
    cells: Sequence[Callable[[_Cell], None]],
) -> Table:
    """A bordered table: a bold heading row repeated on every page, then one row per item
    of ``loop`` (``{%tr for … %}``), each cell filled by the matching function of ``cells``."""
    table = _table(doc, widths, 4, borders=True)
    head = table.rows[0]
    _repeat_header(head)
    for cell, text in zip(head.cells, headings, strict=True):
        par(cell, "Table Heading", text)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _tag_row(table, 1, f"{{%tr for {loop} %}}")
    # A row never splits across pages: a task cut in two is a task read in two halves.
    table.rows[2]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for cell, fill in zip(table.rows[2].cells, cells, strict=True):
        fill(cell)
    _tag_row(table, 3, "{%tr endfor %}")
    return table


def text_cell(
    *runs: Run, style: str = "Table Text", align: WD_ALIGN_PARAGRAPH | None = None
) -> Callable[[_Cell], None]:
    def fill(cell: _Cell) -> None:
        paragraph = par(cell, style, *runs)
        if align is not None:
            paragraph.alignment = align

    return fill


CENTER = WD_ALIGN_PARAGRAPH.CENTER
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
TASK = ("{{ r.id }}{% if r.occurrence %} ({{ r.occurrence }}){% endif %}.", "b")


def letterhead(doc: DocumentObject, number_line: str) -> None:
    """The two-column letterhead (Phụ lục I, Mẫu 1.x): issuing body and number on the left,
    the national title, motto and place/date on the right; no borders."""
    left_w, right_w = LETTERHEAD
    table = _table(doc, LETTERHEAD, 2, borders=False)
    left, right = table.rows[0].cells
    tag(left, "{%p if doc.parent_body %}")
    par(left, "Letterhead", "{{ doc.parent_body }}")
    tag(left, "{%p endif %}")
    tag(left, "{%p for line in doc.issuer_lines %}")
    par(left, "Letterhead Bold", "{{ line }}")
    tag(left, "{%p endfor %}")
    # Rules get their final length from the text above them when the document is rendered
    # (vanthuy_cli/documents/docxfinish.py); these lengths are what the template shows in Word.
    rule(left, 22, left_w - 2)
    par(right, "National Title", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    par(right, "Motto", "Độc lập - Tự do - Hạnh phúc")
    rule(right, 55, right_w - 2)  # as long as the motto
    number, date = table.rows[1].cells
    par(number, "Letterhead", number_line).paragraph_format.space_before = Pt(4)
    par(
        date, "Place Date", "{{ doc.place }}, {{ doc.date|long_date }}"
    ).paragraph_format.space_before = Pt(4)


def title(doc: DocumentObject, kind: str, subject: str) -> None:
    par(doc, "Document Title", kind)
    par(doc, "Document Subject", subject)
    rule(doc, 55, TEXT_W, after=6)


def closing(doc: DocumentObject, sentence: Paragraph) -> None:
    """ "Nơi nhận" on the left and the signature block on the right, side by side, kept on one
    page with the closing ``sentence``."""
    sentence.paragraph_format.keep_with_next = True
    table = _table(doc, CLOSING, 1, borders=False)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    _set(table._tbl.tblPr.find(qn("w:tblCellMar")), "w:top", w="120", type="dxa")
    left, right = table.rows[0].cells
    par(left, "Recipients Heading", "Nơi nhận:")
    tag(left, "{%p for r in doc.recipients %}")
    par(left, "Recipients", '- {{ r }}{{ "." if loop.last else ";" }}')
    tag(left, "{%p endfor %}")
    tag(right, "{%p for line in doc.signer.authority %}")
    par(right, "Signature", "{{ line }}")
    tag(right, "{%p endfor %}")
    par(right, "Signature", "{{ doc.signer.position }}")
    name = par(right, "Signature", "{{ doc.signer.name }}")
    name.paragraph_format.space_before = Pt(84)  # room for the signature and the seal


def body(doc: DocumentObject, text: str | Iterable[Run], style: str = "Normal") -> Paragraph:
    runs = (text,) if isinstance(text, str) else tuple(text)
    return par(doc, style, *runs)


# ---------------------------------------------------------------------------------- report


def lines(doc: DocumentObject, loop: str, otherwise: str | None = None) -> None:
    """One body paragraph per item of ``loop`` (each a finished sentence, often "- …")."""
    tag(doc, f"{{%p for line in {loop} %}}")
    body(doc, "{{ line }}")
    if otherwise is not None:
        tag(doc, "{%p else %}")
        body(doc, otherwise)
    tag(doc, "{%p endfor %}")


def rich_lines(doc: DocumentObject, loop: str) -> None:
    """One paragraph per block of the clerk's notes: Markdown bold and italic made real."""
    tag(doc, f"{{%p for line in {loop} %}}")
    body(doc, ["{{r line|rich }}"])
    tag(doc, "{%p endfor %}")


def overridable(doc: DocumentObject, key: str, otherwise: str | None = None) -> None:
    """A section par writes from the data unless the notes file has a heading for it."""
    tag(doc, f"{{%p if notes.{key} %}}")
    rich_lines(doc, f"notes.{key}")
    tag(doc, "{%p else %}")
    lines(doc, key, otherwise)
    tag(doc, "{%p endif %}")


def build_report() -> DocumentObject:
    """The period report in the order of the Ministry of Home Affairs' outline (581/BNV-CCHC):
    I. direction, II. results by field, III. assessment, IV. next period, V. proposals; the
    signature; then the per-task tables as landscape appendices."""
    doc = new_document()
    section = doc.sections[0]
    setup_section(section)
    page_numbers(section, draft_mark=True)
    letterhead(
        doc,
        "Số: {% if doc.number %}{{ doc.number }}{% else %}     {% endif %}/{{ doc.number_suffix }}",
    )
    title(doc, "BÁO CÁO", "{{ doc.subject }}")

    tag(doc, "{%p if doc.addressees|length == 1 %}")
    body(doc, "Kính gửi: {{ doc.addressees[0] }}.", "Addressee").alignment = CENTER
    tag(doc, "{%p else %}")
    tag(doc, "{%p for a in doc.addressees %}")
    many = body(
        doc,
        '{% if loop.first %}Kính gửi:{% endif %}\t- {{ a }}{{ "." if loop.last else ";" }}',
        "Addressee",
    )
    fmt = many.paragraph_format
    fmt.left_indent, fmt.first_line_indent = Mm(60), Mm(-25)  # "Kính gửi:" at 35 mm
    fmt.tab_stops.add_tab_stop(Mm(60))
    fmt.space_before = fmt.space_after = Pt(0)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    blank = body(doc, "", "Addressee")  # one blank line between the addressees and the text
    blank.paragraph_format.space_before = blank.paragraph_format.space_after = Pt(0)

    body(
        doc,
        "Thực hiện {{ plan.doc_type }} số {{ plan.number }} ngày "
        "{{ plan.issued|ref_date }} của {{ plan.issuer }} về {{ plan.subject|lower_first }}, "
        "{{ doc.issuer }} báo cáo kết quả thực hiện {{ period.phrase }} "
        "(số liệu tính từ ngày {{ period.window_start|ref_date }} đến ngày "
        "{{ as_of|ref_date }}) như sau:",
    )

    # I. Direction and management
    body(doc, "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "Heading 1")
    body(doc, "1. Ban hành văn bản chỉ đạo, kiểm tra, tuyên truyền", "Heading 2")
    tag(doc, "{%p if notes.direction %}")
    rich_lines(doc, "notes.direction")
    tag(doc, "{%p elif direction and direction.lines %}")
    lines(doc, "direction.lines")
    tag(doc, "{%p else %}")
    body(
        doc,
        "Trong kỳ, {{ doc.issuer }} tiếp tục chỉ đạo thực hiện các nhiệm vụ theo Kế hoạch.",
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if direction and not notes.direction %}")
    lines(doc, "direction.open_lines")
    tag(doc, "{%p endif %}")

    body(doc, "2. Tình hình thực hiện Kế hoạch", "Heading 2")
    tag(doc, "{%p if summary.due %}")
    body(
        doc,
        "Tính đến ngày {{ as_of|ref_date }}, có {{ summary.due }} nhiệm vụ đến hạn; đã hoàn "
        "thành {{ summary.due_done }} nhiệm vụ ({{ summary.percent_due_done }}%), gồm "
        "{{ summary.due_on_time }} nhiệm vụ hoàn thành đúng hạn và {{ summary.due_late }} "
        "nhiệm vụ hoàn thành chậm so với thời hạn{% if summary.due_open %}; còn "
        "{{ summary.due_open }} nhiệm vụ chưa hoàn thành{% endif %}.",
    )
    tag(doc, "{%p else %}")
    body(doc, "Tính đến ngày {{ as_of|ref_date }}, chưa có nhiệm vụ nào đến hạn.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if summary.not_due %}")
    body(
        doc,
        "Trong {{ summary.not_due }} nhiệm vụ chưa đến hạn: {% if summary.early_done %}đã "
        "hoàn thành trước hạn {{ summary.early_done }} nhiệm vụ; {% endif %}đang thực hiện "
        "{{ summary.in_progress }} nhiệm vụ; chưa triển khai {{ summary.not_started }} "
        "nhiệm vụ.",
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if summary.regular %}")
    body(
        doc,
        "Các nhiệm vụ thường xuyên ({{ summary.regular }} nhiệm vụ) được duy trì thực hiện "
        "trong kỳ.",
    )
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if changes is not none %}")
    body(doc, "3. Điều chỉnh Kế hoạch", "Heading 2")
    tag(doc, "{%p if changes %}")
    body(doc, "Trong kỳ, Kế hoạch được điều chỉnh như sau:")
    tag(doc, "{%p for c in changes %}")
    body(doc, "- Ngày {{ c.date|ref_date }}, nhiệm vụ {{ c.task }}: {{ c.summary|lower_first }}.")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    body(doc, "Trong kỳ, Kế hoạch không có điều chỉnh.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if later_changes %}")
    body(
        doc,
        "Sau ngày chốt số liệu, Kế hoạch tiếp tục được điều chỉnh như sau; báo cáo này đã tính "
        "theo các điều chỉnh đó:",
    )
    tag(doc, "{%p for c in later_changes %}")
    body(doc, "- Ngày {{ c.date|ref_date }}, nhiệm vụ {{ c.task }}: {{ c.summary|lower_first }}.")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")

    # II. Results, field by field
    body(doc, "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", "Heading 1")
    tag(doc, "{%p if figures %}")
    body(doc, "1. Kết quả giải quyết thủ tục hành chính", "Heading 2")
    lines(doc, "figures.lines")
    data_table(
        doc,
        FIGURES,
        ["Nội dung", "{{ figures.previous_label }}", "{{ figures.period_label }}", "Chỉ tiêu"],
        "r in figures.rows",
        [
            text_cell("{{ r.label }}"),
            text_cell("{{ r.previous }}", align=RIGHT),
            text_cell("{{ r.current }}", align=RIGHT),
            text_cell("{{ r.target }}", align=RIGHT),
        ],
    )
    body(doc, "", "Addressee")  # a blank line after the table
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for part in fields %}")
    body(doc, "{{ part.number + (1 if figures else 0) }}. {{ part.title }}", "Heading 2")
    tag(doc, "{%p for g in part.groups %}")
    body(doc, "{{ g.letter }}) {{ g.title }}", "Heading 4")
    lines(doc, "g.lines", "Trong kỳ chưa có kết quả mới.")
    lines(doc, "g.measures")
    lines(doc, "g.open_lines")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")

    # III. Assessment
    body(doc, "III. ĐÁNH GIÁ CHUNG", "Heading 1")
    body(doc, "1. Ưu điểm", "Heading 2")
    overridable(doc, "strengths", "Các nhiệm vụ được triển khai theo Kế hoạch.")
    body(doc, "2. Tồn tại, hạn chế", "Heading 2")
    overridable(
        doc,
        "shortcomings",
        "Không có nhiệm vụ quá hạn, hoàn thành chậm hoặc chưa đạt chỉ tiêu trong kỳ.",
    )
    # III.3: a) objective, b) subjective causes; the notes file may write either part, or the
    # whole section under "Nguyên nhân" (then par adds no cause of its own).
    tag(doc, "{%p set own = not notes.causes %}")
    tag(doc, "{%p set objective = notes.causes_objective or (causes_objective if own else []) %}")
    tag(
        doc, "{%p set subjective = notes.causes_subjective or (causes_subjective if own else []) %}"
    )
    tag(doc, "{%p if notes.causes or objective or subjective %}")
    body(doc, "3. Nguyên nhân", "Heading 2")
    rich_lines(doc, "notes.causes")
    for key, heading in (
        ("objective", "a) Nguyên nhân khách quan"),
        ("subjective", '{{ "b" if objective else "a" }}) Nguyên nhân chủ quan'),
    ):
        tag(doc, f"{{%p if {key} %}}")
        body(doc, heading, "Heading 4")
        tag(doc, f"{{%p if notes.causes_{key} %}}")
        rich_lines(doc, f"notes.causes_{key}")
        tag(doc, "{%p else %}")
        lines(doc, key)
        tag(doc, "{%p endif %}")
        tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")

    # IV. Next period, V. Proposals
    body(doc, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {{ period.next_label|upper }}", "Heading 1")
    rich_lines(doc, "notes.next_tasks")
    tag(doc, "{%p if remaining and not notes.next_tasks %}")
    body(doc, "Hoàn thành các nhiệm vụ đến hạn trong thời gian còn lại của {{ period.phrase }}:")
    lines(doc, "remaining")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if next_tasks and not notes.next_tasks %}")
    body(doc, "Triển khai các nhiệm vụ đến hạn trong {{ period.next_phrase }}:")
    lines(doc, "next_tasks")
    tag(doc, "{%p endif %}")
    body(
        doc,
        "- Tiếp tục thực hiện các nhiệm vụ thường xuyên; khắc phục các tồn tại, hạn chế nêu "
        "tại mục III.",
    )
    body(doc, "V. ĐỀ XUẤT, KIẾN NGHỊ", "Heading 1")
    tag(doc, "{%p for p in proposals %}")
    body(doc, ["{{r p|rich }}"])
    tag(doc, "{%p else %}")
    body(doc, "Không có.")
    tag(doc, "{%p endfor %}")
    sentence = body(
        doc,
        "Trên đây là báo cáo kết quả thực hiện {{ plan.doc_type }} số {{ plan.number }} "
        "{{ period.phrase }} của {{ doc.issuer }}./.",
    )
    closing(doc, sentence)

    # The appendices: after the signature, landscape, each on a new page (Nghị định 30/2020:
    # "PHỤ LỤC", its number and title, and the document it is attached to).
    landscape = doc.add_section(WD_SECTION.NEW_PAGE)
    setup_section(landscape, landscape=True)
    # The paragraph that ends the body's section: 1 pt high, so that a signature block filling
    # its page does not push it onto an empty page of its own.
    end = doc.paragraphs[-1].paragraph_format
    end.space_before = end.space_after = Pt(0)
    end.line_spacing = Pt(1)
    end.first_line_indent = Mm(0)
    landscape.different_first_page_header_footer = False  # page numbers on every page
    tag(doc, "{%p for a in appendices %}")
    heading = body(doc, "PHỤ LỤC {{ a.number }}", "Document Title")
    heading.paragraph_format.space_before = Pt(0)
    page_break_before(heading)
    body(doc, "KẾT QUẢ THỰC HIỆN {{ a.title|upper }}", "Document Subject")
    # The number the registry gave, or dots for it to fill in by hand (never an empty gap).
    body(
        doc,
        "(Kèm theo Báo cáo số {% if doc.number %}{{ doc.number }}{% else %}........{% endif %}"
        "/{{ doc.number_suffix }} {{ doc.date|long_date }} của {{ doc.issuer }})",
        "Place Date",
    )
    rule(doc, 60, TEXT_W_LANDSCAPE, after=6, before=10)  # apart from the line: not an underline
    table = _table(doc, RESULTS, 7, borders=True)
    _repeat_header(table.rows[0])
    headings = [
        "TT",
        "Nhiệm vụ",
        "Chủ trì",
        "Thời hạn",
        "Kết quả thực hiện, minh chứng",
        "Tình trạng",
    ]
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        par(cell, "Table Heading", text)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _tag_row(table, 1, "{%tr for g in a.groups %}")
    group = table.rows[2]
    group._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    merged = group.cells[1].merge(group.cells[-1])
    group_cells = (
        par(group.cells[0], "Table Heading", "{{ g.number }}"),
        par(merged, "Table Text", ("{{ g.title }}", "b")),
    )
    for paragraph in group_cells:  # a field's row never ends a page without its first task
        paragraph.paragraph_format.keep_with_next = True
    _tag_row(table, 3, "{%tr for r in g.rows %}")
    row = table.rows[4]
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    fills = [
        text_cell("{{ r.no }}", align=CENTER),
        text_cell("{{ r.text }}{% if r.occurrence %} ({{ r.occurrence|lower_first }}){% endif %}"),
        text_cell("{{ r.lead_title }}"),
        text_cell("{{ r.deadline_text }}", align=CENTER),
        text_cell("{{ r.work_text }}"),
        text_cell("{{ r.status }}"),
    ]
    for cell, fill in zip(row.cells, fills, strict=True):
        fill(cell)
    _tag_row(table, 5, "{%tr endfor %}")
    _tag_row(table, 6, "{%tr endfor %}")
    tag(doc, "{%p endfor %}")
    return doc


# ------------------------------------------------------------------------------------ plan


def build_plan() -> DocumentObject:
    doc = new_document()
    section = doc.sections[0]
    setup_section(section)
    page_numbers(section)
    letterhead(doc, "Số: {{ doc.number }}")
    title(doc, "{{ doc.type|upper }}", "{{ doc.subject }}")

    tag(doc, "{%p for p in preamble %}")
    body(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")
    body(doc, "I. MỤC ĐÍCH, YÊU CẦU", "Heading 1")
    for numbered, items in (("1. MỤC ĐÍCH", "purposes"), ("2. YÊU CẦU", "requirements")):
        body(doc, numbered, "Heading 2")
        tag(doc, f"{{%p for p in {items} %}}")
        body(doc, ["{{ p.number }}. ", "{{r p.text|rich }}"])
        tag(doc, "{%p endfor %}")
    body(doc, "II. NHIỆM VỤ, GIẢI PHÁP CỤ THỂ", "Heading 1")
    tag(doc, "{%p for s in sections %}")
    body(doc, "{{ s.number }}. {{ s.title }}", "Heading 2")
    tag(doc, "{%p for p in s.paragraphs %}")
    body(doc, ["- ", "{{r p|rich }}"])
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    body(doc, "III. TỔ CHỨC THỰC HIỆN", "Heading 1")
    tag(doc, "{%p for p in implementation %}")
    body(doc, ["{{r p|rich }}"])
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if closing %}")
    sentence = body(doc, ["{{r closing|rich }}"])
    tag(doc, "{%p endif %}")
    closing(doc, sentence)

    # The appendices: a landscape section (252 mm of text width for a seven-column table),
    # each appendix on a new page.
    landscape = doc.add_section(WD_SECTION.NEW_PAGE)
    setup_section(landscape, landscape=True)
    landscape.different_first_page_header_footer = False  # page numbers on every page
    tag(doc, "{%p for a in appendices %}")
    heading = body(doc, "PHỤ LỤC {{ a.number }}", "Document Title")
    heading.paragraph_format.space_before = Pt(0)
    page_break_before(heading)
    body(doc, "{{ a.title }}", "Document Subject")
    body(
        doc,
        "(Kèm theo {{ doc.type }} số {{ doc.number }} ngày {{ doc.date|ref_date }} của "
        "{{ doc.issuer }})",
        "Place Date",
    )
    rule(doc, 60, TEXT_W_LANDSCAPE, after=6)
    tag(doc, "{%p if a.sample %}")
    body(doc, "{{ a.note }}", "Note")
    tag(doc, "{%p endif %}")

    widths = APPENDIX
    table = _table(doc, widths, 7, borders=True)
    _repeat_header(table.rows[0])
    headings = [
        "TT",
        "Mã",
        "Nhiệm vụ, giải pháp",
        "Chủ trì",
        "Phối hợp",
        "Kết quả, chỉ tiêu",
        "Thời hạn",
    ]
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        par(cell, "Table Heading", text)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _tag_row(table, 1, "{%tr for g in a.groups %}")
    group = table.rows[2].cells
    merged = group[2].merge(group[-1])
    group_cells = (
        par(group[0], "Table Text", ""),
        par(group[1], "Table Heading", "{{ g.number }}"),
        par(merged, "Table Text", ("{{ g.title }}", "b")),
    )
    for paragraph in group_cells:  # a group's row never ends a page without its first task
        paragraph.paragraph_format.keep_with_next = True
    _tag_row(table, 3, "{%tr for r in g.tasks %}")
    fills = [
        text_cell("{{ r.no }}", align=CENTER),
        text_cell("{{ r.id }}"),
        text_cell("{{ r.text }}"),
        text_cell("{{ r.lead_title }}"),
        text_cell("{{ r.support }}"),
        text_cell(
            "{{ r.output }}{% if r.output and r.target_text %}; {% endif %}{{ r.target_text }}"
        ),
        text_cell("{{ r.deadline_text }}"),
    ]
    for row in (table.rows[2], table.rows[4]):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for cell, fill in zip(table.rows[4].cells, fills, strict=True):
        fill(cell)
    _tag_row(table, 5, "{%tr endfor %}")
    _tag_row(table, 6, "{%tr endfor %}")
    tag(doc, "{%p endfor %}")
    return doc


# ------------------------------------------------------------------------------------ output


def docx_bytes(doc: DocumentObject) -> bytes:
    """The document as a .docx whose bytes depend only on its content: python-docx stamps each
    zip entry with the current time, so the archive is rewritten with a fixed one."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name), compresslevel=9)
    return out.getvalue()


Builders = dict[str, Callable[[], DocumentObject]]

BUILDERS: Builders = {
    "report.docx": build_report,
    "plan.docx": build_plan,
}


def build(folder: Path, builders: Builders = BUILDERS) -> list[Path]:
    """Write each of ``builders``' documents into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, builder in builders.items():
        path = folder / name
        path.write_bytes(docx_bytes(builder()))
        written.append(path)
    return written


def stale_templates(builders: Builders = BUILDERS) -> list[str]:
    """Names of the committed templates that differ from a fresh build (empty: up to date)."""
    with tempfile.TemporaryDirectory() as scratch:
        fresh = build(Path(scratch), builders)
        return [
            p.name
            for p in fresh
            if not (TEMPLATES / p.name).is_file()
            or (TEMPLATES / p.name).read_bytes() != p.read_bytes()
        ]


def run(argv: Sequence[str] | None, builders: Builders, description: str, script: str) -> int:
    """The command line both build scripts share: build into templates/, ``--out``, ``--check``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, help="build into this folder instead of templates/")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if templates/ differs from a fresh build"
    )
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_templates(builders)
        for name in stale:
            print(f"stale: templates/{name} (run scripts/{script})")
        return 1 if stale else 0
    for path in build(args.out or TEMPLATES, builders):
        print(path)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return run(argv, BUILDERS, __doc__.splitlines()[0], "build_templates.py")


if __name__ == "__main__":
    sys.exit(main())
