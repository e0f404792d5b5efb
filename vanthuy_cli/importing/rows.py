"""Turn the data rows of a task table into groups and tasks, as the table lays them out.

How a row is read (the first rule that fits):

* a row whose text is merged across the data columns, or numbered I, II… / A, B…, or written in
  capitals with nothing in the data columns, is a **group** ("I. Công tác chỉ đạo, điều hành");
* a numbered row (1, 2., 1.1, 1.2.3) is a **task**; a lead, deadline… merged down from the row
  above belongs to it as well (one lead written once for several tasks);
* a sub-item ("a)", "b.", "-", "+", "•") with its own lead or deadline is a task of its own; without
  them it is a line of the task above. When sub-items are tasks and the numbered row above them
  has no lead and no deadline, that row is a heading and its text starts each sub-item's text;
* a numbered row without lead or deadline followed by decimal children (1 then 1.1, 1.2) is a
  heading in the same way;
* a row with no number continues the task above: its text is appended to the task's text and its
  units to the task's units (a row split by a page break, a second lead on its own row). With its
  own lead or deadline it is a task without a number, and that is reported.

The source numbering is kept as written (``number``) and every task keeps the table rows it came
from, so each guess and each problem can be reported with the row the clerk can find.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vanthuy_cli.importing.columns import ColumnMap, field_of
from vanthuy_cli.importing.sources import Cell, SourceTable

DATA_FIELDS = ("chu_tri", "phoi_hop", "thoi_han", "ket_qua", "tieu_chi", "ghi_chu")
#: Fields whose cell, merged down over several numbered rows, belongs to each of them.
_INHERITED = ("chu_tri", "phoi_hop", "thoi_han", "ket_qua", "tieu_chi")

_ROMAN = re.compile(r"^[IVXLC]+$")
_LETTER_UPPER = re.compile(r"^[A-Z]$")
_DECIMAL = re.compile(r"^\d{1,3}(?:\.\d{1,3})*$")
_SUB = re.compile(r"^(?:[a-zđ]|[-+•–*])$")
_LEAD_NUMBER = re.compile(
    r"^(?P<no>[IVXLC]+|[A-Z]|\d{1,3}(?:\.\d{1,3})*|[a-zđ])(?:[.)]|\.\)|/)\s+(?P<rest>\S.*)$",
    re.DOTALL,
)
_LEAD_BULLET = re.compile(r"^(?P<no>[-+•–*])\s*(?P<rest>\S.*)$", re.DOTALL)
_LINE_MARKER = re.compile(r"^(?:[-+•–*]|[a-zđ][.)]|\d{1,3}(?:\.\d{1,3})*[.)])\s")


@dataclass
class RowTask:
    number: str  # the source numbering as written: "3", "1.2", "3 a)", "" when there is none
    rows: list[int]  # the table rows (as the user numbers them) the task was read from
    lines: list[str] = field(default_factory=list)  # text, one entry per row or cell line
    values: dict[str, list[str]] = field(default_factory=dict)  # field → texts, one per row
    id_text: str = ""  # a "Mã" column's value, when the table has one

    @property
    def row(self) -> int:
        return self.rows[0]

    @property
    def text(self) -> str:
        return join_lines(self.lines)

    def value(self, name: str) -> str:
        return "\n".join(v for v in self.values.get(name, []) if v)

    def has(self, name: str) -> bool:
        return bool(self.value(name))

    def add(self, name: str, text: str) -> None:
        if text:
            self.values.setdefault(name, []).append(text)


@dataclass
class RowGroup:
    number: str
    title: str
    row: int
    tasks: list[RowTask] = field(default_factory=list)


@dataclass
class Structure:
    groups: list[RowGroup]
    notes: list[tuple[int, str, dict[str, str]]]  # (source row, catalogue key, params)


def join_lines(lines: list[str]) -> str:
    """Lines of a cell as one text: a line break is kept before a list marker ("a)", "-") and
    dropped elsewhere (Word wraps long cells; the break was the typist's, not the text's)."""
    out = ""
    for line in "\n".join(lines).split("\n"):
        line = line.strip()
        if not line:
            continue
        if not out:
            out = line
        elif _LINE_MARKER.match(line):
            out += "\n" + line
        else:
            out += " " + line
    return out


def split_number(text: str) -> tuple[str, str]:
    """ "I. Công tác chỉ đạo" → ("I", "Công tác chỉ đạo"); "- Niêm yết…" → ("-", "Niêm yết…")."""
    match = _LEAD_NUMBER.match(text) or _LEAD_BULLET.match(text)
    if match and match["rest"]:
        return match["no"], match["rest"].strip()
    return "", text


def _kind(number: str) -> str:
    if not number:
        return ""
    if _ROMAN.match(number) or _LETTER_UPPER.match(number):
        return "group"
    if _DECIMAL.match(number):
        return "decimal"
    if _SUB.match(number):
        return "sub"
    return "other"


def _is_capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) > 3 and all(ch.isupper() for ch in letters)


@dataclass
class _Line:
    """One data row as read: its numbering, text, and the data cells that start in it."""

    row: list[Cell]
    where: int
    number: str
    text: str
    code: str
    own: dict[str, str]

    @property
    def kind(self) -> str:
        return _kind(self.number)

    @property
    def has_data(self) -> bool:
        return any(self.own[n] for n in ("chu_tri", "phoi_hop", "thoi_han", "ket_qua", "tieu_chi"))

    @property
    def leads(self) -> bool:
        """A lead or a deadline of its own: what makes a row a task rather than a line."""
        return bool(self.own["chu_tri"] or self.own["thoi_han"])


class _Reader:
    def __init__(self, table: SourceTable, cmap: ColumnMap) -> None:
        self.table = table
        self.cmap = cmap
        self.groups: list[RowGroup] = []
        self.notes: list[tuple[int, str, dict[str, str]]] = []
        self.task: RowTask | None = None
        self.heading: RowTask | None = None  # a numbered row turned into its sub-items' heading

    # ---------------------------------------------------------------------------- cell access

    def cell(self, row: list[Cell], name: str) -> Cell | None:
        col = self.cmap.fields.get(name)
        if col is None or col >= len(row):
            return None
        return row[col]

    def own(self, row: list[Cell], name: str) -> str:
        """The cell's text if it starts in this row (not merged from the left or from above)."""
        cell = self.cell(row, name)
        return cell.text if cell and not cell.left and not cell.above else ""

    def inherited(self, row: list[Cell], name: str) -> str:
        """The text of a cell merged down into this row from above (and not from the left)."""
        cell = self.cell(row, name)
        return cell.text if cell and cell.above and not cell.left else ""

    def spanning(self, row: list[Cell]) -> str | None:
        """The text of a cell merged across every data column of the row, if there is one."""
        col = self.cmap.fields.get("noi_dung")
        if col is None or col >= len(row):
            return None
        origin = col
        while origin > 0 and row[origin].left:
            origin -= 1
        data_cols = [c for n, c in self.cmap.fields.items() if n in DATA_FIELDS and c > origin]
        if not data_cols or not row[origin].text:
            return None
        last = max(data_cols)
        if last >= len(row) or not all(row[c].left for c in range(origin + 1, last + 1)):
            return None
        return row[origin].text

    # -------------------------------------------------------------------------------- reading

    def read(self) -> Structure:
        header_text = self.cmap.headers.get(self.cmap.fields.get("noi_dung", -1), "")
        for index in range(self.cmap.first_data_row, len(self.table.rows)):
            row = self.table.rows[index]
            where = self.table.row_numbers[index]
            content = self.own(row, "noi_dung")
            if content and content == header_text and field_of(content) == "noi_dung":
                continue  # the header repeated further down (a table pasted twice, a new page)
            self.row(row, where, content)
        return Structure(self.groups, self.notes)

    def row(self, row: list[Cell], where: int, content: str) -> None:
        span = self.spanning(row)
        tt = self.own(row, "so_tt")
        code = self.own(row, "ma")
        if span is not None:
            number, title = split_number(span)
            given = tt or code
            if given and given != span:
                number = given.strip(" .")
            self.start_group(number, title, where)
            return
        own = {name: self.own(row, name) for name in DATA_FIELDS}
        if not content and not tt and not any(own.values()):
            return  # only cells merged down from above, or nothing: no new information
        number, text = tt.strip(" ."), content
        if tt and not content:
            number, text = split_number(tt) if " " in tt else (tt.strip(" ."), "")
        if not number and content:
            number, text = split_number(content)
        line = _Line(row, where, number.rstrip(")."), text, code, own)
        if (
            not line.has_data
            and text
            and (line.kind == "group" or (_is_capitals(text) and line.kind != "sub"))
        ):
            self.start_group(line.number, text, where)
        elif line.kind == "sub":
            self.sub_row(line)
        elif line.kind:
            self.numbered_row(line)
        else:
            self.unnumbered_row(line)

    def sub_row(self, line: _Line) -> None:
        """ "a)", "-": a task of its own with its own lead or deadline, else a line of the task."""
        if line.leads or (self.task is None and line.has_data):
            self.sub_task(line.number, line.text, line.row, line.where)
        elif self.task is not None:
            marker = f"{line.number})" if line.number.isalpha() else line.number
            self.task.lines.append(f"{marker} {line.text}".strip())
            self.task.rows.append(line.where)
            self.absorb(self.task, line.own)
        else:
            self.new_task(line.number, line.text, line.row, line.where, line.code, inherit=False)

    def numbered_row(self, line: _Line) -> None:
        parent = self.heading or self.task
        if (
            line.kind == "decimal"
            and parent is not None
            and line.number.startswith(parent.number + ".")
            and (parent is self.heading or not _has_any(parent))
        ):
            self.child_task(
                line.number, f"{line.number}. {line.text}", line.row, line.where, line.code
            )
            return
        self.new_task(line.number, line.text, line.row, line.where, line.code, inherit=True)

    def unnumbered_row(self, line: _Line) -> None:
        text, where, task = line.text, line.where, self.task
        new_lead = task is not None and task.has("chu_tri") and bool(line.own["chu_tri"])
        if text and ((line.has_data and task is None) or (line.leads and new_lead)):
            self.unnumbered_task(line)
        elif task is None:
            if text and self.groups and not self.groups[-1].tasks:
                self.groups[-1].title += " " + text
                self.notes.append((where, "import.note.group_title", {"text": _short(text)}))
            elif text:
                self.unnumbered_task(line)
        else:
            if text:
                task.lines.append(text)
                self.notes.append(
                    (where, "import.note.joined", {"text": _short(text), "task": task.number})
                )
            elif any(line.own.values()):
                self.notes.append((where, "import.note.continued", {"task": task.number}))
            task.rows.append(where)
            self.absorb(task, line.own)

    def unnumbered_task(self, line: _Line) -> None:
        self.new_task("", line.text, line.row, line.where, line.code, inherit=True)
        self.notes.append((line.where, "import.note.unnumbered", {"text": _short(line.text)}))

    def absorb(self, task: RowTask, own: dict[str, str]) -> None:
        for name, value in own.items():
            task.add(name, value)

    def start_group(self, number: str, title: str, where: int) -> None:
        self.groups.append(RowGroup(number, title, where))
        self.task = None
        self.heading = None

    def ensure_group(self, where: int) -> RowGroup:
        if not self.groups:
            self.groups.append(RowGroup("", "", where))
        return self.groups[-1]

    def new_task(
        self, number: str, text: str, row: list[Cell], where: int, code: str, *, inherit: bool
    ) -> RowTask:
        task = RowTask(number, [where], [text] if text else [], id_text=code)
        for name in DATA_FIELDS:
            value = self.own(row, name)
            if not value and inherit and name in _INHERITED:
                value = self.inherited(row, name)
            task.add(name, value)
        self.ensure_group(where).tasks.append(task)
        self.task = task
        self.heading = None
        return task

    def sub_task(self, marker: str, text: str, row: list[Cell], where: int) -> None:
        parent = self.heading or self.task
        shown = f"{marker})" if marker.isalpha() else marker
        number = f"{parent.number} {shown}".strip() if parent else shown
        self.child_task(number, f"{shown} {text}", row, where, "")

    def child_task(self, number: str, line: str, row: list[Cell], where: int, code: str) -> None:
        """A task under a numbered row: "a)" or "-" with its own lead or deadline, or "1.1"
        under "1"."""
        parent = self.task
        if parent is not None and parent is not self.heading and not _has_any(parent):
            # The numbered row above has no lead and no deadline of its own: it is the heading
            # of the rows under it, and each of them carries its text so that it reads whole.
            group = self.groups[-1] if self.groups else None
            if group is not None and parent in group.tasks:
                group.tasks.remove(parent)
            self.notes.append((parent.row, "import.note.heading", {"number": parent.number or "—"}))
            self.heading = parent
        heading = self.heading
        task = self.new_task(number, "", row, where, code, inherit=True)
        task.lines = (heading.lines if heading is not None else []) + [line]
        self.heading = heading


def _has_any(task: RowTask) -> bool:
    return task.has("chu_tri") or task.has("thoi_han")


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def structure(table: SourceTable, cmap: ColumnMap) -> Structure:
    return _Reader(table, cmap).read()
