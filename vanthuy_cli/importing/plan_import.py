"""``par import``: from a .docx/.xlsx to appendix files, checked before anything is written.

``prepare_import`` reads the source, builds every output file in memory, and checks the result
exactly as ``par validate`` would (in a temporary copy of the plans folder), so a dry run and a
real run report the same guesses and the same problems. ``write_import`` then writes the files
atomically, refusing to replace an existing one without ``force``.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vanthuy_cli.errors import OutputError, PlanNotFound, SourceError
from vanthuy_cli.findings import Finding
from vanthuy_cli.importing import emit
from vanthuy_cli.importing.columns import ColumnMap, describe, find_header, parse_columns_option
from vanthuy_cli.importing.people import Match, Roster
from vanthuy_cli.importing.rows import RowGroup, RowTask, join_lines, structure
from vanthuy_cli.importing.sources import SourceTable, read_tables
from vanthuy_cli.plan.deadlines import DeadlineError, parse_deadline
from vanthuy_cli.plan.records import Appendix, Plan
from vanthuy_cli.reading.workspace import load_workspace
from vanthuy_cli.storage.fileio import display_name, read_regular, write_output
from vanthuy_cli.storage.yamlio import MAX_FILE_BYTES
from vanthuy_cli.textutil import fold, roman

_APPENDIX_MARK = re.compile(r"^phu luc\s*(?:so\s*)?([ivxlc]+|\d+)\b[\s.:-]*(.*)$")


@dataclass(frozen=True)
class Place:
    """Where something is in the source, for the clerk to find it: a Word table (numbered in
    the document) or an Excel sheet, and a row; or a whole appendix. The CLI words it."""

    kind: str  # "docx", "xlsx", "appendix", "file"
    label: str  # table number, sheet name, appendix number or file name
    row: int = 0

    @property
    def key(self) -> str:
        return f"import.place.{self.kind}" + ("_row" if self.row else "")


@dataclass(frozen=True)
class Note:
    """Something the import had to decide, or could not: shown in the table of guesses."""

    where: Place
    key: str  # catalogue key
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    """A finding left in the imported files, traced back to the source row."""

    where: Place
    task: str
    finding: Finding


@dataclass
class OutputFile:
    path: Path
    text: str
    appendix: str | None  # None: the plan file (new roster entries)
    groups: int = 0
    tasks: int = 0
    progress_replaced: int = 0  # progress entries of the file being replaced

    @property
    def exists(self) -> bool:
        return self.path.exists()


@dataclass
class ImportResult:
    source: Path
    plans_dir: Path
    files: list[OutputFile]
    new_people: list[tuple[str, str, Place | None]]  # (code, title, where first seen)
    notes: list[Note]
    problems: list[Problem]
    columns: list[tuple[Place, dict[str, str]]]  # (table, field → column and header)


@dataclass
class _Part:
    """The tables that make one appendix."""

    number: str
    file: str
    title: str = ""
    index: str | None = None
    groups: list[_GroupIn] = field(default_factory=list)


@dataclass
class _GroupIn:
    """A group as read, with the table each of its tasks came from (a group can go on in the
    next table when a table is split in two)."""

    group: RowGroup
    table: SourceTable
    tasks: list[tuple[RowTask, SourceTable]]


def _where(table: SourceTable, row: int = 0) -> Place:
    return Place("xlsx" if table.excel else "docx", table.label, row)


def _comment(table: SourceTable, rows: list[int], number: str) -> str:
    """The comment above a task in the YAML (always Vietnamese, like the rest of the file)."""
    label = f"«{table.label}»" if table.excel else f"bảng {table.label}"
    span = f"dòng {rows[0]}" if len(set(rows)) == 1 else f"dòng {rows[0]}–{rows[-1]}"
    return f"{label}, {span}: số thứ tự {number or '—'}"


def _roman_key(number: str) -> str:
    """ "I", "i", "1" → "1": appendix numbers compared whatever the numerals."""
    text = number.strip().upper()
    if text.isdigit():
        return str(int(text))
    for n in range(1, 40):
        if roman(n) == text:
            return str(n)
    return text


def _appendix_mark(lines: list[str]) -> tuple[str, str] | None:
    """(number, title) from "PHỤ LỤC I" and the lines after it, the last such mark first."""
    for i in range(len(lines) - 1, -1, -1):
        line = " ".join(lines[i].split())
        match = _APPENDIX_MARK.match(fold(line))
        if not match:
            continue
        # Folding keeps one character per character of a one-spaced line: the title on the
        # same line ("PHỤ LỤC SỐ 2: DANH MỤC …") is cut from the original at the same place.
        title = line[match.start(2) :].strip() if len(fold(line)) == len(line) else match[2]
        if not title:
            for after in lines[i + 1 :]:
                if after.startswith("(") or fold(after).startswith(("kem theo", "du lieu mau")):
                    continue
                title = after
                break
        return match[1].upper(), title
    return None


def prepare_import(
    source: Path,
    plans_dir: Path,
    *,
    appendix: str | None = None,
    columns: str | None = None,
) -> ImportResult:
    overrides = parse_columns_option(columns)
    attempt = load_workspace(plans_dir)
    ws = attempt.loaded  # the valid part: importing is how a clerk repairs an appendix
    if ws is None:
        findings = list(attempt.findings)
        raise PlanNotFound("plans.has_errors", findings=findings, root=str(plans_dir))
    job = _Job(ws.plan, ws.plan_file, appendix)
    tables = read_tables(source)
    found: list[tuple[SourceTable, ColumnMap]] = []
    for table in tables:
        cmap = find_header(table, overrides)
        if cmap is not None:
            found.append((table, cmap))
    if not found:
        raise SourceError("import.no_table", path=display_name(source), tables=len(tables))
    for table, cmap in found:
        job.add_table(table, cmap)

    roster = Roster(list(job.plan.roster))
    first_seen: dict[str, Place] = {}
    files: list[OutputFile] = []
    traces: dict[str, _Trace] = {}  # output file name → where its tasks came from
    existing = {name: a for a, name in ws.appendices}
    schema = plans_dir.parent / "schemas" / "phu-luc.schema.json"
    schema_ref = "../schemas/phu-luc.schema.json" if schema.is_file() else None
    for built in job.ordered_parts():
        path = plans_dir / built.file
        old = existing.get(display_name(path))
        if not built.title:
            built.title = old.title if old is not None else f"Phụ lục {built.number}"
            job.notes.append(
                Note(
                    Place("appendix", built.number),
                    "import.note.title_missing",
                    {"title": built.title},
                )
            )
        out, where_of = _build(built, job.plan, roster, job.notes, first_seen, source)
        out.index = _index_of(built.title)
        emitted = emit.appendix_yaml(out, schema_ref)
        files.append(
            OutputFile(
                path,
                emitted.text,
                built.number,
                groups=len(out.groups),
                tasks=sum(len(g.tasks) for g in out.groups),
                progress_replaced=_progress_count(old),
            )
        )
        traces[path.name] = _Trace(
            {line: task_id for task_id, line in emitted.task_lines.items()}, where_of
        )

    new_people = [(code, title, first_seen.get(code)) for code, title in roster.proposed.items()]
    if new_people:
        plan_path = _plan_path(plans_dir, ws.plan_file)
        raw = read_regular(plan_path, limit=MAX_FILE_BYTES).decode("utf-8-sig")
        text = _add_roster(raw, [(c, t) for c, t, _ in new_people])
        files.append(OutputFile(plan_path, text, None))

    problems = _check(plans_dir, files, traces)
    return ImportResult(
        source, plans_dir, files, new_people, _by_row(job.notes), problems, job.columns
    )


def _by_row(notes: list[Note]) -> list[Note]:
    """Notes in the order of the source: table by table (as first met), row by row."""
    tables: dict[tuple[str, str], int] = {}
    for note in notes:
        tables.setdefault((note.where.kind, note.where.label), len(tables))
    return sorted(notes, key=lambda n: (tables[(n.where.kind, n.where.label)], n.where.row))


def _progress_count(appendix: Appendix | None) -> int:
    if appendix is None:
        return 0
    return sum(len(t.progress) for g in appendix.groups for t in g.tasks)


class _Job:
    """The tables read so far, sorted into the appendices the plan lists."""

    def __init__(self, plan: Plan, plan_file: str, appendix: str | None) -> None:
        self.plan = plan
        self.plan_file = plan_file
        self.listed = {_roman_key(ref.number): ref for ref in plan.appendices}
        self.order = [_roman_key(ref.number) for ref in plan.appendices]
        self.parts: dict[str, _Part] = {}
        self.notes: list[Note] = []
        self.columns: list[tuple[Place, dict[str, str]]] = []
        self.previous: str | None = None
        if not self.listed:
            raise SourceError("import.no_appendix_listed", plan=plan_file)
        self.forced = None if appendix is None else self.known_key(appendix)

    def known_key(self, number: str) -> str:
        key = _roman_key(number)
        if key not in self.listed:
            raise SourceError(
                "import.appendix_unlisted",
                number=number,
                plan=self.plan_file,
                listed=", ".join(r.number for r in self.plan.appendices),
            )
        return key

    def ordered_parts(self) -> list[_Part]:
        return [self.parts[key] for key in self.order if key in self.parts]

    def add_table(self, table: SourceTable, cmap: ColumnMap) -> None:
        self.columns.append((_where(table), describe(table, cmap)))
        top = cmap.header_rows[0] if cmap.header_rows else 0
        above = [line for i in range(top) for line in table.rows[i][0].text.split("\n")]
        mark = _appendix_mark(table.context + above)
        key = self.appendix_of(table, mark, _where(table, table.row_numbers[top]))
        if key is None:
            return
        ref = self.listed[key]
        part = self.parts.setdefault(key, _Part(ref.number, ref.file))
        if mark is not None and mark[1] and not part.title:
            part.title = mark[1]
        shaped = structure(table, cmap)
        for index, nkey, params in cmap.notes:
            self.notes.append(Note(_where(table, table.row_numbers[index]), nkey, params))
        for row, nkey, params in shaped.notes:
            self.notes.append(Note(_where(table, row), nkey, params))
        groups = list(shaped.groups)
        if groups and part.groups and not groups[0].number and not groups[0].title:
            # The table starts with tasks and no group row: it goes on from the table before.
            part.groups[-1].tasks += [(task, table) for task in groups.pop(0).tasks]
        part.groups += [_GroupIn(g, table, [(task, table) for task in g.tasks]) for g in groups]
        self.previous = key

    def appendix_of(
        self, table: SourceTable, mark: tuple[str, str] | None, where: Place
    ) -> str | None:
        """``--appendix``, else "PHỤ LỤC …" above the table, else the table before it when
        nothing separates them (one table split in two), else the next appendix not yet read."""
        if self.forced is not None:
            return self.forced
        if mark is not None:
            return self.known_key(mark[0])
        if self.previous is not None and not table.context:
            return self.previous
        free = [k for k in self.order if k not in self.parts]
        if not free:
            self.notes.append(Note(where, "import.note.table_skipped", {}))
            return None
        self.notes.append(
            Note(where, "import.note.appendix_order", {"number": self.listed[free[0]].number})
        )
        return free[0]


def _index_of(title: str) -> str | None:
    """``chi_so`` from the appendix title, as the shipped appendices set it."""
    folded = fold(title)
    if "sipas" in folded:
        return "SIPAS"
    if "par index" in folded or "chi so cai cach hanh chinh" in folded:
        return "PAR INDEX"
    return None


@dataclass(frozen=True)
class _Trace:
    """Where the tasks of one output file came from: YAML line of each task, source row."""

    lines: dict[int, str]  # line of "- ma:" → task id
    where: dict[str, Place]  # task id → its first row in the source

    def task_at(self, line: int) -> str:
        found = ""
        for start, task_id in sorted(self.lines.items()):
            if start <= line:
                found = task_id
        return found


def _plan_path(plans_dir: Path, shown: str) -> Path:
    for path in plans_dir.iterdir():
        if display_name(path) == shown:
            return path
    return plans_dir / Path(shown).name


def _build(
    part: _Part,
    plan: Plan,
    roster: Roster,
    notes: list[Note],
    first_seen: dict[str, Place],
    source: Path,
) -> tuple[emit.AppendixOut, dict[str, Place]]:
    header = [
        (
            f"Phụ lục {part.number} kèm theo {plan.doc_type} số {plan.number} ngày "
            f"{plan.issued.day}/{plan.issued.month}/{plan.issued.year} của {plan.issuer}."
        ),
        "",
        f"Nhập bằng «par import» từ tệp {source.name}. Mỗi nhiệm vụ ghi kèm dòng và số thứ tự",
        "của nó trong bảng gốc. Người chủ trì, phối hợp ghi theo mã trong nhan_su của kế hoạch.",
        "Kiểm tra: par validate.",
    ]
    out = emit.AppendixOut(part.number, part.title, None, None, header)
    used: set[str] = set()
    where_of: dict[str, Place] = {}
    for gi, read in enumerate(part.groups, start=1):
        title = read.group.title
        if not title:
            title = part.title
            notes.append(
                Note(
                    _where(read.table, read.group.row),
                    "import.note.no_group",
                    {"title": _short(title)},
                )
            )
        g = emit.GroupOut(read.group.number or str(gi), title)
        for ti, (task, table) in enumerate(read.tasks, start=1):
            where = _where(table, task.row)
            task_id = _task_id(task, part.number, gi, ti, used, notes, where)
            used.add(task_id.casefold())
            where_of[task_id] = where
            g.tasks.append(_task(task, task_id, plan, roster, notes, first_seen, where, table))
        out.groups.append(g)
    return out, where_of


def _task_id(
    task: RowTask, number: str, gi: int, ti: int, used: set[str], notes: list[Note], where: Place
) -> str:
    given = task.id_text.strip()
    if given and given.casefold().startswith(f"{number}.".casefold()) and " " not in given:
        if given.casefold() not in used:
            return given
        notes.append(Note(where, "import.note.id_duplicate", {"id": given}))
    base = f"{number}.{gi}.{ti}"
    candidate, n = base, 2
    while candidate.casefold() in used:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _task(
    task: RowTask,
    task_id: str,
    plan: Plan,
    roster: Roster,
    notes: list[Note],
    first_seen: dict[str, Place],
    where: Place,
    table: SourceTable,
) -> emit.TaskOut:
    leads = roster.match_cell(task.value("chu_tri"))
    support = roster.match_cell(task.value("phoi_hop"))
    for m in leads + support:
        _note_match(m, roster, notes, first_seen, where)
    lead = leads[0].code if leads else ""
    if len(leads) > 1:
        notes.append(
            Note(
                where,
                "import.note.two_leads",
                {"lead": leads[0].written, "others": ", ".join(m.written for m in leads[1:])},
            )
        )
    codes: list[str] = []
    for m in leads[1:] + support:
        if m.code != lead and m.code not in codes:
            codes.append(m.code)
    deadline_text = " ".join(task.value("thoi_han").split())
    deadline: str | None = deadline_text or None
    if deadline_text:
        try:
            parse_deadline(deadline_text, plan.year)
        except DeadlineError:
            notes.append(Note(where, "import.note.deadline_unread", {"phrase": deadline_text}))
    return emit.TaskOut(
        id=task_id,
        text=task.text,
        lead=lead,
        deadline=deadline,
        support=codes,
        output=join_lines([task.value("ket_qua")]) or None,
        criterion=" ".join(task.value("tieu_chi").split()) or None,
        note=join_lines([task.value("ghi_chu")]) or None,
        source=_comment(table, task.rows, task.number),
    )


def _note_match(
    m: Match, roster: Roster, notes: list[Note], first_seen: dict[str, Place], where: Place
) -> None:
    if m.how == "exact":
        return
    if m.how == "new":
        if m.code not in first_seen:
            first_seen[m.code] = where
            key = "import.note.person_ambiguous" if m.candidates else "import.note.person_new"
            notes.append(
                Note(
                    where,
                    key,
                    {"written": m.written, "code": m.code, "candidates": ", ".join(m.candidates)},
                )
            )
        return
    title = next((e.title for e in roster.entries if e.id == m.code), m.code)
    notes.append(
        Note(
            where,
            f"import.note.person_{m.how}",
            {"written": m.written, "code": m.code, "title": title},
        )
    )


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# ------------------------------------------------------------------------------------- roster


def _add_roster(text: str, entries: list[tuple[str, str]]) -> str:
    """The plan file with new ``nhan_su`` entries appended to the list, comments untouched
    (and the file's own line endings kept)."""
    if "\r\n" in text:
        return _add_roster(text.replace("\r\n", "\n"), entries).replace("\n", "\r\n")
    lines = text.split("\n")
    start = next(
        (i for i, line in enumerate(lines) if re.match(r"^nhan_su\s*:\s*(#.*)?$", line)), None
    )
    if start is None:
        block = ["", "# Người/bộ phận thêm bởi par import.", "nhan_su:"]
        block += emit.roster_lines(entries, 2)
        return text.rstrip("\n") + "\n" + "\n".join(block) + "\n"
    end = start
    indent = None
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        if line.startswith((" ", "-")):
            if indent is None:
                indent = len(line) - len(line.lstrip(" "))
            end = i
            continue
        if line.lstrip().startswith("#"):
            continue
        break
    new = emit.roster_lines(entries, indent if indent is not None else 2)
    return "\n".join(lines[: end + 1] + new + lines[end + 1 :])


# -------------------------------------------------------------------------------------- check


def _check(plans_dir: Path, files: list[OutputFile], traces: dict[str, _Trace]) -> list[Problem]:
    """Validate the plans folder as it would be after the import, without touching it."""
    with tempfile.TemporaryDirectory(prefix="par-import-") as tmp:
        root = Path(tmp) / "plans"
        root.mkdir()
        for path in plans_dir.iterdir():
            if path.is_file() and path.suffix.lower() in (".yaml", ".yml"):
                (root / path.name).write_bytes(path.read_bytes())
        for out in files:
            (root / out.path.name).write_text(out.text, encoding="utf-8")
        ws = load_workspace(root)
        problems = []
        ours = {out.path.name for out in files}
        for f in ws.findings:
            name = Path(f.path).name
            if name not in ours:
                continue
            trace = traces.get(name)
            task = trace.task_at(f.line) if trace and f.line else ""
            where = trace.where.get(task, Place("file", name)) if trace else Place("file", name)
            shown = Finding(name, f.line, f.col, f.rule, f.message, f.params)
            problems.append(Problem(where, task, shown))
        return problems


# -------------------------------------------------------------------------------------- write


def write_import(result: ImportResult, *, force: bool) -> None:
    """Write every file of the import, or none when one exists and ``force`` is not given.

    The plan file is changed only to append new roster entries; that too is a change to a file
    the clerk has, so it also needs ``force``.
    """
    if not force:
        for out in result.files:
            if out.appendix is not None and out.exists:
                raise OutputError("import.exists", path=display_name(out.path))
        for out in result.files:
            if out.appendix is None:
                raise OutputError(
                    "import.plan_needs_force",
                    path=display_name(out.path),
                    count=len(result.new_people),
                )
    for out in result.files:
        # Without force, each file is created exclusively: one that appeared since the check
        # above is still not replaced.
        write_output(out.path, out.text.encode("utf-8"), force=force)
