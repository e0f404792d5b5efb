"""Last touches on a rendered DOCX that a template cannot express.

- **Rules sized to their text.** Nghị định 30/2020 draws a short line under the issuing body (1/3
  to 1/2 of the line of text), under the motto (as long as the motto) and under the subject (1/3
  to 1/2 of it). A template holds the line as an empty paragraph of style "Short Rule" whose top
  border is the line; its length depends on text known only after rendering, so here each such
  paragraph gets the indents that centre a line of the right length under the paragraph above it.
- **Document numbers never break at the hyphen.** "70/KH-UBND" split as "70/KH-" | "UBND" is a
  classic defect of generated documents; the hyphen after "/" in a number becomes Word's
  non-breaking hyphen (``w:noBreakHyphen``).
- **A year never stands alone.** In the title's subject lines, "năm 2024" is kept together (a
  no-break space), so a wrapped subject never ends on a line holding only "2024".
"""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any

RULE_STYLE = "Short Rule"
SUBJECT_STYLE = "Document Subject"
_YEAR = re.compile(r"(?<=\bnăm) (?=\d{4}\b)", re.IGNORECASE)
FULL_LENGTH_STYLES = ("Motto",)  # rule as long as the text; any other: half of it
_DOC_NUMBER = re.compile(r"(?<=/)[A-ZĐ][\wĐ&]*(?:-[A-ZĐ][\wĐ&]*)+")
_EMU_PER_PT = 12700
_EMU_PER_MM = 36000


def finish_docx(data: bytes) -> bytes:
    """The document with rules sized and document-number hyphens made non-breaking."""
    from docx import Document

    document = Document(io.BytesIO(data))
    paragraphs = _paragraphs(document)
    # python-docx's ``paragraph.style`` searches the style sheet on every call, which made this
    # pass 90% of a large report's time; one id → name table and the paragraph's own pStyle do it.
    names = {style.style_id: style.name for style in document.styles}
    styled = [(p, column, _style_name(p, names)) for p, column in paragraphs]
    for paragraph, _column, name in styled:
        if name == SUBJECT_STYLE:
            for text in paragraph._p.iter(_qn("w:t")):
                text.text = _YEAR.sub("\u00a0", text.text or "")
    for paragraph, column, name in styled:  # after the subject's text is final: rules measure it
        if name == RULE_STYLE:
            _size_rule(paragraph, column)
    for element in document.element.body.iter(_qn("w:t")):
        _no_break_hyphens(element)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def text_width_pt(text: str, size_pt: float, *, bold: bool = False) -> float:
    """An estimate of the printed width of ``text`` in Times New Roman: capitals are wide,
    lower case and digits half an em, spaces a quarter. Good to a few per cent, which is what
    a rule under a line of text needs."""
    width = 0.0
    for char in text:
        base = unicodedata.normalize("NFD", char)[0]
        if base == " ":
            em = 0.25
        elif base.isupper():
            em = 0.72 if bold else 0.68
        elif base.isalpha():
            em = 0.5 if bold else 0.46
        elif base.isdigit():
            em = 0.5
        else:
            em = 0.33
        width += em
    return width * size_pt


# ----------------------------------------------------------------------------------- helpers


def _style_name(paragraph: Any, names: dict[str, str]) -> str | None:
    """The name of a paragraph's own style (None for the default paragraph style)."""
    p_pr = paragraph._p.pPr
    style = p_pr.pStyle if p_pr is not None else None
    return names.get(style.val) if style is not None else None


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(tag))


def _text_width_emu(section: Any) -> int:
    return int(section.page_width - section.left_margin - section.right_margin)


def _paragraphs(document: Any) -> list[tuple[Any, int]]:
    """Every paragraph of the body and of its tables, with the width of the column it stands
    in: the cell, or the text width of its section (a landscape appendix is wider)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    widths = [_text_width_emu(s) for s in document.sections]
    section = 0
    out: list[tuple[Any, int]] = []
    for child in document.element.body.iterchildren():
        width = widths[min(section, len(widths) - 1)]
        if child.tag == _qn("w:p"):
            out.append((Paragraph(child, document._body), width))
            if child.find(f"{_qn('w:pPr')}/{_qn('w:sectPr')}") is not None:
                section += 1  # this paragraph ends a section; the next one starts
        elif child.tag == _qn("w:tbl"):
            for row in Table(child, document._body).rows:
                for cell in row.cells:
                    cell_width = int(cell.width or width)
                    out.extend((p, cell_width) for p in cell.paragraphs)
    return out


def _size_rule(rule: Any, column: int) -> None:
    lines = _text_above(rule)
    if not lines:
        return
    style = lines[0].style
    size = style.font.size.pt if style is not None and style.font.size else 14.0
    bold = bool(style is not None and style.font.bold)
    # The issuing body may take two lines ("ỦY BAN NHÂN DÂN" / "XÃ VẠN THỦY"): measure the longest.
    text_emu = max(text_width_pt(p.text, size, bold=bold) for p in lines) * _EMU_PER_PT
    full = style is not None and style.name in FULL_LENGTH_STYLES
    length = min(text_emu, column) * (1.0 if full else 0.5)
    length = max(length, 12 * _EMU_PER_MM)  # never a dot
    side = max(int((column - length) / 2), 0)
    from docx.shared import Emu

    rule.paragraph_format.left_indent = Emu(side)
    rule.paragraph_format.right_indent = Emu(side)


def _text_above(paragraph: Any) -> list[Any]:
    """The paragraphs of text just above ``paragraph`` that share one style (nearest first)."""
    from docx.text.paragraph import Paragraph

    out: list[Any] = []
    element = paragraph._p.getprevious()
    while element is not None and element.tag == _qn("w:p"):
        candidate: Any = Paragraph(element, paragraph._parent)
        if candidate.text.strip():
            if out and candidate.style.name != out[0].style.name:
                break
            out.append(candidate)
        elif out:
            break
        element = element.getprevious()
    return out


def _no_break_hyphens(text_element: Any) -> None:
    text = text_element.text or ""
    if "-" not in text or not _DOC_NUMBER.search(text):
        return
    from docx.oxml import OxmlElement

    pieces = re.split(r"(-)", _mark(text))
    anchor = text_element
    first = True
    for piece in pieces:
        if piece == "-":
            node = OxmlElement("w:noBreakHyphen")
        elif first:
            text_element.text = piece.replace("\x00", "-")
            text_element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            first = False
            continue
        else:
            node = OxmlElement("w:t")
            node.text = piece.replace("\x00", "-")
            node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        anchor.addnext(node)
        anchor = node


def _mark(text: str) -> str:
    """Hyphens outside document numbers become NUL so that only the others are split on."""
    spans = [m.span() for m in _DOC_NUMBER.finditer(text)]
    out = []
    for index, char in enumerate(text):
        inside = any(start <= index < end for start, end in spans)
        out.append(char if (char != "-" or inside) else "\x00")
    return "".join(out)
