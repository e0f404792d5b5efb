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

import functools
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
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_VAL, _W_P, _W_PPR, _W_PSTYLE = f"{_W}val", f"{_W}p", f"{_W}pPr", f"{_W}pStyle"
_PPR_SECTPR, _W_T = f"{_W}pPr/{_W}sectPr", f"{_W}t"
_W_VMERGE, _W_GRIDSPAN, _W_TCW = f"{_W}vMerge", f"{_W}gridSpan", f"{_W}tcW"
_W_TYPE, _W_W = f"{_W}type", f"{_W}w"
_W_TC, _W_TR, _W_TBL, _W_TCPR = f"{_W}tc", f"{_W}tr", f"{_W}tbl", f"{_W}tcPr"
_NS = {"w": _W[1:-1]}


def finish_document(document: Any) -> None:
    """Size the rules to their text and make document-number hyphens non-breaking, in place on
    an open python-docx ``Document`` (``templating.render_docx`` calls it before saving)."""
    from docx.text.paragraph import Paragraph

    # The paragraphs of the two styles are found by one XPath each over the body, and a
    # paragraph's style is read from one id -> style table: python-docx's ``paragraph.style``
    # searches the style sheet on every call, and wrapping the 20,000 paragraphs, rows and cells
    # of a 2,000-task report in its objects cost more than the rest of the pass.
    style_of = _StyleTable(document)
    wanted = [
        style for style in style_of.by_id.values() if style.name in (SUBJECT_STYLE, RULE_STYLE)
    ]
    styled = [
        (Paragraph(p, document._body), column, style_of.by_id[style_id].name)
        for p, column, style_id in _paragraphs(document, [style.style_id for style in wanted])
    ]
    for paragraph, _column, name in styled:
        if name == SUBJECT_STYLE:
            for text in paragraph._p.iter(_qn("w:t")):
                text.text = _YEAR.sub("\u00a0", text.text or "")
    for paragraph, column, name in styled:  # after the subject's text is final: rules measure it
        if name == RULE_STYLE:
            _size_rule(paragraph, column, style_of)
    # Only a text with "/" and "-" can hold a document number ("64/KH-UBND"). The pieces a split
    # adds after a text never hold one (a number is split wherever it is): no need to visit them.
    numbered = [
        element
        for element in document.element.body.iter(_W_T)
        if "-" in (text := element.text or "") and "/" in text
    ]
    for element in numbered:
        _no_break_hyphens(element)


class _StyleTable:
    """A paragraph's style as python-docx's ``paragraph.style`` gives it (its own paragraph
    style, else the default paragraph style), from one table instead of a search per call."""

    def __init__(self, document: Any) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        styles = document.styles
        self.by_id = {
            style.style_id: style for style in styles if style.type == WD_STYLE_TYPE.PARAGRAPH
        }
        self.default = styles.default(WD_STYLE_TYPE.PARAGRAPH)

    def __call__(self, p: Any) -> Any:
        p_pr = p.find(_W_PPR)
        style = p_pr.find(_W_PSTYLE) if p_pr is not None else None
        if style is None:
            return self.default
        return self.by_id.get(style.get(_W_VAL), self.default)


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


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(tag))


def _text_width_emu(section: Any) -> int:
    return int(section.page_width - section.left_margin - section.right_margin)


def _paragraphs(document: Any, style_ids: list[str]) -> list[tuple[Any, int, str]]:
    """The paragraphs whose own style (``w:pStyle``) is one of ``style_ids``, in the body and in
    the cells of its tables (a cell's own paragraphs, as python-docx's ``row.cells`` gives them:
    none for the continuation of a vertical merge), with the width of the column each stands
    in (the cell's, or the text width of its section: a landscape appendix is wider) and the
    id of its style."""
    if not style_ids:
        return []
    body = document.element.body
    found: list[tuple[Any, Any, int, str]] = []  # paragraph, its body element, cell width, id
    variables = {f"s{index}": style_id for index, style_id in enumerate(style_ids)}
    for style in _xpath(_style_reference(len(variables)))(body, **variables):
        p = _own_style_of(style)
        if p is None:
            continue
        style_id = style.get(_W_VAL)
        if p.getparent() is body:
            found.append((p, p, 0, style_id))
            continue
        table = _ancestor(p, (_W_TC, _W_TR, _W_TBL))  # a cell's own paragraph
        if table is not None and table.getparent() is body:
            cell_width = _cell_width(p.getparent().find(_W_TCPR))
            if cell_width is not None:
                found.append((p, table, cell_width, style_id))
    widths = [_text_width_emu(s) for s in document.sections]
    sections: dict[Any, int] = {}  # read only for a paragraph that takes its section's width
    out = []
    for p, anchor, cell_width, style_id in found:
        if not cell_width:
            sections = sections or _sections(body)
            cell_width = widths[min(sections[anchor], len(widths) - 1)]
        out.append((p, cell_width, style_id))
    return out


def _style_reference(count: int) -> str:
    """Every ``w:pStyle`` naming one of ``$s0``…: its paragraph is its parent's parent."""
    return "descendant::w:pStyle[" + " or ".join(f"@w:val = $s{i}" for i in range(count)) + "]"


def _sections(body: Any) -> dict[Any, int]:
    """The section of each element of the body: a paragraph holding a ``w:sectPr`` ends its
    section, the next element starts the next one."""
    out: dict[Any, int] = {}
    section = 0
    for child in body.iterchildren():
        out[child] = section
        if child.tag == _W_P and child.find(_PPR_SECTPR) is not None:
            section += 1
    return out


def _own_style_of(style: Any) -> Any:
    """The paragraph whose own style ``style`` (a ``w:pStyle``) names, or None: python-docx reads
    the first ``w:pStyle`` of the paragraph's first ``w:pPr``."""
    p_pr = style.getparent()
    if p_pr is None or p_pr.tag != _W_PPR or p_pr.find(_W_PSTYLE) is not style:
        return None
    p = p_pr.getparent()
    if p is None or p.tag != _W_P or p.find(_W_PPR) is not p_pr:
        return None
    return p


@functools.cache
def _xpath(expression: str) -> Any:
    from lxml import etree  # type: ignore[import-untyped]  # python-docx's XML library

    return etree.XPath(expression, namespaces=_NS)


def _ancestor(element: Any, tags: tuple[str, ...]) -> Any:
    """The ancestor reached through parents of ``tags`` in turn (nearest first), or None."""
    for tag in tags:
        element = element.getparent()
        if element is None or element.tag != tag:
            return None
    return element


def _cell_width(tc_pr: Any) -> int | None:
    """A cell's width in EMU (0 when it states none in twips), or None for a cell python-docx's
    ``row.cells`` does not list: the continuation of a vertical merge (its paragraphs are the
    first cell's), or a cell spanning no grid column."""
    if tc_pr is None:
        return 0
    merge = tc_pr.find(_W_VMERGE)
    if merge is not None and merge.get(_W_VAL, "continue") == "continue":
        return None
    span = tc_pr.find(_W_GRIDSPAN)
    if span is not None and _number(span.get(_W_VAL), 1) < 1:
        return None
    tc_w = tc_pr.find(_W_TCW)
    if tc_w is None or tc_w.get(_W_TYPE) != "dxa":
        return 0
    return _number(tc_w.get(_W_W), 0) * 635  # twips


def _number(value: str | None, missing: int) -> int:
    """An integer attribute of the template's XML; ``missing`` when absent or not a number
    (Word writes integers; a hand-edited template need not, and must not stop the report)."""
    try:
        return int(value) if value is not None else missing
    except ValueError:
        return missing


def _size_rule(rule: Any, column: int, style_of: _StyleTable) -> None:
    lines = _text_above(rule, style_of)
    if not lines:
        return
    style = style_of(lines[0]._p)
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


def _text_above(paragraph: Any, style_of: _StyleTable) -> list[Any]:
    """The paragraphs of text just above ``paragraph`` that share one style (nearest first)."""
    from docx.text.paragraph import Paragraph

    out: list[Any] = []
    element = paragraph._p.getprevious()
    while element is not None and element.tag == _W_P:
        candidate: Any = Paragraph(element, paragraph._parent)
        if candidate.text.strip():
            if out and _name(style_of(element)) != _name(style_of(out[0]._p)):
                break
            out.append(candidate)
        elif out:
            break
        element = element.getprevious()
    return out


def _name(style: Any) -> str | None:
    return style.name if style is not None else None


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
    out: list[str] = []
    end = 0
    for number in _DOC_NUMBER.finditer(text):
        out.append(text[end : number.start()].replace("-", "\x00"))
        out.append(number.group(0))
        end = number.end()
    out.append(text[end:].replace("-", "\x00"))
    return "".join(out)
