"""Read the tables of a .docx or .xlsx file into plain grids of text, keeping merges visible.

A merged cell matters to the import: a lead written once for three tasks is merged down over
their rows, a group title is merged across the table. Each ``Cell`` therefore carries the text
of the merged area it belongs to plus two flags saying whether it continues a cell to its left or
above, and the importer decides per row what a continuation means.

Word: python-docx returns the same underlying ``<w:tc>`` element for every grid position of a
merged cell (across with gridSpan, down with vMerge), so merges are found by element identity.
Excel: openpyxl lists merged ranges; only their top-left cell holds the value.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from vanthuy_cli.errors import SourceError
from vanthuy_cli.storage.fileio import display_name, read_regular

#: Files larger than this are not appendices (a 100-task appendix .docx is well under 1 MB).
MAX_SOURCE_BYTES = 20 * 1024 * 1024
#: What the parts of a .docx/.xlsx may inflate to, and how many parts it may have: far above a
#: real appendix, far below what would exhaust memory.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PARTS = 5000
#: Text before a Word table kept as its context (where "PHỤ LỤC I" and its title are found).
_CONTEXT_PARAGRAPHS = 8


@dataclass(frozen=True)
class Cell:
    text: str  # the merged area's text, lines joined with "\n"
    left: bool = False  # continues the cell on its left (merged across)
    above: bool = False  # continues the cell above (merged down)


@dataclass
class SourceTable:
    """One table: its rows of cells, the number the user sees for each row, and what precedes it."""

    label: str  # "bảng 3" in a Word file, the sheet name in Excel
    excel: bool
    rows: list[list[Cell]]
    row_numbers: list[int]  # Word: row of the table (1-based); Excel: row of the sheet
    context: list[str] = field(default_factory=list)  # paragraphs (Word) or the sheet name

    def column_name(self, index: int) -> str:
        """How the user finds column ``index`` (0-based): a letter in Excel, a number in Word."""
        return column_letter(index) if self.excel else str(index + 1)


def column_letter(index: int) -> str:
    letters = ""
    n = index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def clean_text(text: str) -> str:
    """NFC, spaces collapsed inside each line, blank lines dropped, line breaks kept."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\t", " ")
    text = text.replace("_x000D_", "")  # Excel's escaped carriage return, left by some exports
    lines = (re.sub(r"\s+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def read_tables(path: Path) -> list[SourceTable]:
    """Every table of a .docx, or every sheet of an .xlsx; ``SourceError`` if unreadable.

    The file is read once through par's one input path (a regular file, size capped), its zip
    directory is checked before anything inflates it, and the libraries parse the bytes.
    """
    suffix = path.suffix.lower()
    shown = display_name(path)
    if suffix not in (".docx", ".xlsx", ".xlsm"):
        raise SourceError("import.bad_kind", path=shown, suffix=path.suffix or "?")
    try:
        raw = read_regular(path, limit=MAX_SOURCE_BYTES)  # InputError for a FIFO, too large…
    except FileNotFoundError:
        raise SourceError("import.not_found", path=shown) from None
    _check_archive(raw, shown)
    try:
        return _read_docx(io.BytesIO(raw)) if suffix == ".docx" else _read_xlsx(io.BytesIO(raw))
    except Exception as exc:  # zip, XML and format errors of two libraries: all mean damaged
        raise SourceError("import.corrupt", path=shown, reason=type(exc).__name__) from None


def _check_archive(raw: bytes, shown: str) -> None:
    """Refuse a file that is no zip, or whose parts would inflate past ``MAX_UNPACKED_BYTES``.

    zipfile never inflates an entry past the size its header declares, so the declared sizes
    bound what python-docx, openpyxl and lxml will be handed.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise SourceError("import.corrupt", path=shown, reason=type(exc).__name__) from None
    total = sum(info.file_size for info in infos)
    if len(infos) > MAX_PARTS or total > MAX_UNPACKED_BYTES:
        raise SourceError("import.too_large", path=shown, size=total, limit=MAX_UNPACKED_BYTES)


# ------------------------------------------------------------------------------------------ Word


def _read_docx(data: io.BytesIO) -> list[SourceTable]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(data)
    tables: list[SourceTable] = []
    context: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = clean_text(Paragraph(child, document).text)
            if text:
                context = [*context, text][-_CONTEXT_PARAGRAPHS:]
        elif tag == "tbl":
            table = Table(child, document)
            tables.append(_docx_table(table, f"{len(tables) + 1}", context))
            context = []
    return tables


def _docx_table(table: Any, label: str, context: list[str]) -> SourceTable:
    # The row lists are kept alive together: lxml hands out the same proxy object for an element
    # only while a reference to it exists, and merges are recognised by that identity.
    grid = [list(row.cells) for row in table.rows]
    texts: dict[int, str] = {}
    rows: list[list[Cell]] = []
    for i, cells in enumerate(grid):
        out = []
        for j, cell in enumerate(cells):
            left = j > 0 and cells[j - 1]._tc is cell._tc
            above = i > 0 and j < len(grid[i - 1]) and grid[i - 1][j]._tc is cell._tc
            key = id(cell._tc)
            if key not in texts or not (left or above):
                texts[key] = clean_text(cell.text)
            out.append(Cell(texts[key], left, above))
        rows.append(out)
    return SourceTable(label, False, rows, list(range(1, len(rows) + 1)), list(context))


# ----------------------------------------------------------------------------------------- Excel


def _read_xlsx(data: io.BytesIO) -> list[SourceTable]:
    import openpyxl  # type: ignore[import-untyped, unused-ignore]

    # Not read-only: merged ranges are only known to a fully loaded sheet. data_only: the value
    # a formula last showed, which is what the clerk sees.
    book = openpyxl.load_workbook(data, data_only=True)
    tables = []
    try:
        for sheet in book.worksheets:
            if sheet.sheet_state != "visible":
                continue
            table = _xlsx_sheet(sheet)
            if table.rows:
                tables.append(table)
    finally:
        book.close()
    return tables


def _xlsx_sheet(sheet: Any) -> SourceTable:
    values: dict[tuple[int, int], str] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None and hasattr(cell, "column"):
                text = clean_text(_excel_text(cell.value))
                if text:
                    values[(cell.row, cell.column)] = text
    merged: dict[tuple[int, int], tuple[int, int]] = {}  # (row, col) → top-left of its range
    for rng in sheet.merged_cells.ranges:
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                merged[(r, c)] = (rng.min_row, rng.min_col)
    used = set(values) | {origin for origin in merged.values() if origin in values}
    if not used:
        return SourceTable(sheet.title, True, [], [], [sheet.title])
    last_row = max(r for r, _ in used)
    last_col = max(c for _, c in used)
    # A merged range that reaches past the last value still ends the table's width.
    last_col = max(
        [last_col] + [c for (r, c), origin in merged.items() if origin in values and r <= last_row]
    )
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    for r in range(1, last_row + 1):
        out = []
        for c in range(1, last_col + 1):
            origin = merged.get((r, c), (r, c))
            out.append(Cell(values.get(origin, ""), c > origin[1], r > origin[0]))
        if any(cell.text for cell in out):
            rows.append(out)
            numbers.append(r)
    return SourceTable(sheet.title, True, rows, numbers, [sheet.title])


def _excel_text(value: object) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):  # a deadline typed as a date cell
        return f"{value.day}/{value.month}/{value.year}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
