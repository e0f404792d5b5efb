"""Find a task table's header and map its columns to par's fields by their Vietnamese wording.

Headers are compared folded (no diacritics, lower case, punctuation as spaces), so "Thời gian
hoàn thành", "THOI GIAN HOAN THANH" and "Thời gian\\nhoàn thành" are one wording. A header may
take two rows ("Cơ quan, đơn vị thực hiện" merged over "Chủ trì" | "Phối hợp"): the texts of a
column's header rows are read together, top to bottom. The wordings recognised are listed in
``WORDINGS`` and in docs/nhap-phu-luc.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vanthuy_cli.errors import UsageError
from vanthuy_cli.importing.sources import Cell, SourceTable, column_letter
from vanthuy_cli.textutil import fold

#: par's fields a column can hold, in the order they are tried: the more specific first, so that
#: "Thời gian thực hiện" is a deadline before "thực hiện" can make it a lead, and "Cơ quan phối
#: hợp" is support before "cơ quan" could make it a lead.
FIELDS = (
    "so_tt",
    "ma",
    "ghi_chu",
    "tieu_chi",
    "phoi_hop",
    "thoi_han",
    "ket_qua",
    "chu_tri",
    "noi_dung",
)

#: Folded wordings per field (regular expressions over the folded header, whole words).
WORDINGS: dict[str, tuple[str, ...]] = {
    "so_tt": (r"^(s ?tt|tt|so tt|so thu tu|thu tu|s t t)$",),
    "ma": (r"^(ma|ma so|ma nhiem vu|ma nv|ky hieu|ma par)$",),
    "ghi_chu": (r"\bghi chu\b",),
    "tieu_chi": (r"\btieu chi\b", r"\btctp\b", r"\bchi so thanh phan\b"),
    "phoi_hop": (r"\bphoi hop\b", r"\bph\b", r"\bdv ph\b"),
    "thoi_han": (
        r"\bthoi (gian|han|diem)\b",
        r"\bthgian\b",
        r"\bth gian\b",
        r"\btg (hoan thanh|thuc hien|ht|th)\b",
        r"^tg$",
        r"\btien do\b",
        r"\bhan (hoan thanh|chot)\b",
        r"^han$",
    ),
    "ket_qua": (
        r"\bsan pham\b",
        r"\bket qua\b",
        r"^sp\b",
        r"\bhinh thuc\b",
        r"\bdau ra\b",
        r"\bchi tieu\b",
    ),
    "chu_tri": (
        r"\bchu tri\b",
        r"^ct$",
        r"\b(co quan|don vi|bo phan|nguoi|cq|dv) (thuc hien|phu trach)\b",
        r"\btrach nhiem\b",
        r"\bphu trach\b",
        r"^thuc hien$",
    ),
    "noi_dung": (
        r"\bnoi dung\b",
        r"\bnhiem vu\b",
        r"\bgiai phap\b",
        r"\bcong viec\b",
        r"\bhoat dong\b",
        r"^nd\b",
        r"\bten (nhiem vu|cong viec)\b",
    ),
}
_COMPILED = {name: tuple(re.compile(p) for p in pats) for name, pats in WORDINGS.items()}
#: Fields a header row must show besides ``noi_dung`` (at least two of them) to be a header.
_CORE = ("so_tt", "chu_tri", "thoi_han", "phoi_hop", "ket_qua", "ma")
_HEADER_SCAN = 12  # a header sits near the top: titles above it take a few rows at most
_LONG_TEXT = 60  # a header cell is short; a cell longer than this is content


def header_key(text: str) -> str:
    """Fold a header cell: no diacritics, lower case, punctuation and line breaks as spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


def field_of(text: str) -> str | None:
    key = header_key(text)
    if not key:
        return None
    for name in FIELDS:
        if any(p.search(key) for p in _COMPILED[name]):
            return name
    return None


@dataclass
class ColumnMap:
    """Where each field is, the header rows, and what was unusual about the header."""

    fields: dict[str, int]  # field → 0-based column
    header_rows: list[int]  # indexes into the table's rows
    headers: dict[int, str]  # column → header text as written (rows joined)
    first_data_row: int
    notes: list[tuple[int, str, dict[str, str]]] = field(default_factory=list)  # (row, key, params)


def parse_columns_option(spec: str | None) -> dict[str, int]:
    """``--columns "noi_dung=C,chu_tri=4"`` → {field: 0-based column}; UsageError when wrong."""
    if not spec:
        return {}
    out: dict[str, int] = {}
    for part in re.split(r"[,;]", spec):
        if not part.strip():
            continue
        name, sep, where = part.partition("=")
        name, where = name.strip().lower().replace("-", "_"), where.strip()
        if not sep or name not in FIELDS:
            raise UsageError("import.bad_columns", value=part.strip(), fields=", ".join(FIELDS))
        if where.isdigit() and int(where) >= 1:
            out[name] = int(where) - 1
        elif re.fullmatch(r"[A-Za-z]{1,3}", where):
            index = 0
            for ch in where.upper():
                index = index * 26 + (ord(ch) - 64)
            out[name] = index - 1
        else:
            raise UsageError("import.bad_columns", value=part.strip(), fields=", ".join(FIELDS))
    return out


def find_header(table: SourceTable, overrides: dict[str, int]) -> ColumnMap | None:
    """The header of a task table, or None when the table is not one (a signature block…)."""
    for i in range(min(_HEADER_SCAN, len(table.rows))):
        mapped = _map_rows(table, [i])
        if not _is_header(mapped, overrides):
            continue
        rows = [i]
        # A second header row: its cells continue the first (merged down) or name fields, and
        # none of it is content.
        while rows[-1] + 1 < len(table.rows) and len(rows) < 3:
            nxt = table.rows[rows[-1] + 1]
            own = [c.text for c in nxt if c.text and not c.above and not c.left]
            if any(len(t) > _LONG_TEXT for t in own) or _is_numbering_row(nxt):
                break
            if not own or not any(field_of(t) for t in own):
                break
            rows.append(rows[-1] + 1)
        mapped = _map_rows(table, rows)
        return _finish(table, rows, mapped, overrides)
    if "noi_dung" in overrides:  # no recognisable header: the user said where things are
        return _finish(table, [], {}, overrides)
    return None


def _is_header(mapped: dict[int, tuple[str | None, str]], overrides: dict[str, int]) -> bool:
    found = {name for name, _ in mapped.values() if name}
    found |= set(overrides)
    return "noi_dung" in found and len(found & set(_CORE)) >= 2


def _map_rows(table: SourceTable, rows: list[int]) -> dict[int, tuple[str | None, str]]:
    """Column → (field, header text) for the header made of ``rows``."""
    width = max(len(table.rows[r]) for r in rows)
    out: dict[int, tuple[str | None, str]] = {}
    for col in range(width):
        parts: list[str] = []
        for r in rows:
            row = table.rows[r]
            text = row[col].text if col < len(row) else ""
            if text and text not in parts:
                parts.append(text)
        text = " ".join(parts)
        if text:
            out[col] = (field_of(text), text)
    return out


def _finish(
    table: SourceTable,
    rows: list[int],
    mapped: dict[int, tuple[str | None, str]],
    overrides: dict[str, int],
) -> ColumnMap:
    fields: dict[str, int] = {}
    notes: list[tuple[int, str, dict[str, str]]] = []
    header_row = rows[0] if rows else 0
    taken = set(overrides.values())
    for col in sorted(mapped):
        name, text = mapped[col]
        if col in taken:
            continue
        if name is None or name in overrides:
            if name is None and len(text) <= _LONG_TEXT:
                notes.append(
                    (
                        header_row,
                        "import.note.column_unused",
                        {"column": table.column_name(col), "header": text},
                    )
                )
            continue
        if name in fields:  # a second column with the same meaning: the first one is used
            notes.append(
                (
                    header_row,
                    "import.note.column_twice",
                    {
                        "column": table.column_name(col),
                        "header": text,
                        "field": name,
                        "first": table.column_name(fields[name]),
                    },
                )
            )
            continue
        fields[name] = col
    fields.update(overrides)
    headers = {col: text for col, (_, text) in mapped.items()}
    first = (rows[-1] + 1) if rows else 0
    if first < len(table.rows) and _is_numbering_row(table.rows[first]):
        first += 1  # "(1) (2) (3) …": the column numbers printed under many headers
    return ColumnMap(fields, rows, headers, first, notes)


def _is_numbering_row(row: list[Cell]) -> bool:
    texts = [c.text for c in row if c.text and not c.left]
    return len(texts) >= 3 and all(re.fullmatch(r"\(?\d{1,2}\)?", t) for t in texts)


def describe(table: SourceTable, cmap: ColumnMap) -> dict[str, str]:
    """Field → "C «Thời gian hoàn thành»" for the report of what was recognised."""
    out = {}
    for name, col in cmap.fields.items():
        header = cmap.headers.get(col, "")
        where = column_letter(col) if table.excel else str(col + 1)
        out[name] = f"{where} «{header}»" if header else where
    return out
