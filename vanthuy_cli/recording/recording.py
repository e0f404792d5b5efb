"""Recording the work: progress, completion, pauses, deadline moves, assignments, added and
removed tasks. Each is one surgical edit (``yamledit``) of one plan file, and each goes through
the same safe path (``write_edit``):

1. take the plans folder's lock (``.par.lock``, created with O_EXCL: two ``par`` writers never
   interleave; a lock left by a process that no longer exists is taken over);
2. read the file and compute its new text;
3. load the *whole* workspace as it would be with the new text (in a scratch copy of the plans
   folder) and refuse if that brings any error the workspace did not already have: nothing is
   written, the findings say why;
4. check the file is still byte for byte what was read (an editor may have saved it meanwhile),
   then replace it atomically, the new file already carrying the old one's permissions.

The library never prints and never asks: the CLI shows the returned ``Recorded`` or the error.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from vanthuy_cli.errors import ParError, UsageError
from vanthuy_cli.findings import Finding
from vanthuy_cli.plan.loaded import LoadedPlan, TaskRef
from vanthuy_cli.plan.periods import split_occurrence as split_occurrence  # par show needs it too
from vanthuy_cli.plan.records import Status, parse_status, person_named, suggest_person
from vanthuy_cli.reading.workspace import load_workspace
from vanthuy_cli.recordtype import replace
from vanthuy_cli.storage.fileio import display_name, write_bytes_atomic
from vanthuy_cli.storage.yamledit import (
    Data,
    EditError,
    Result,
    Source,
    add_task,
    remove_task,
    update_task,
)
from vanthuy_cli.textutil import fold, ref_date

LOCK_NAME = ".par.lock"


class EditRefused(ParError):
    """The edit would leave the workspace with errors; ``findings`` lists them."""


@dataclass(frozen=True)
class Recorded:
    """One edit that was written: which task, which file, and the words for it."""

    task_id: str
    file: Path
    #: 1-based first and last line of the task in the new file (``None`` after a removal).
    lines: tuple[int, int] | None
    #: "I.3.2: hoàn thành — Quyết định số 45/QĐ-UBND ngày 12/8/2024": the commit message too.
    summary: str
    before: bytes
    after: bytes


# ----------------------------------------------------------------------------------- task ids


# -------------------------------------------------------------------------------------- locking


@contextlib.contextmanager
def plans_lock(root: Path) -> Iterator[None]:
    """Hold the plans folder's lock file for the duration of the block."""
    path = root / LOCK_NAME
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _lock_holder(path)
            if holder is not None and _alive(holder):
                raise EditError("record.locked", pid=holder, path=display_name(path)) from None
            # Left by a par that was killed: take it over (once; a race is a refusal).
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            continue
        except OSError as exc:
            raise EditError(
                "record.unwritable", path=display_name(path), reason=exc.strerror or str(exc)
            ) from None
        with os.fdopen(fd, "w") as handle:
            handle.write(f"{os.getpid()}\n")
        try:
            yield
        finally:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        return
    raise EditError("record.locked", pid="?", path=display_name(path))


def _lock_holder(path: Path) -> int | None:
    try:
        return int(path.read_text(encoding="ascii").strip() or "0") or None
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, owned by someone else (or the platform cannot tell): respect it
    return True


# ------------------------------------------------------------------------------------ the path


@dataclass
class _Pending:
    path: Path
    name: str
    source: Source
    result: Result


def load(root: Path) -> tuple[LoadedPlan, tuple[Finding, ...]]:
    """The plan as it is now and its findings. Files with errors elsewhere do not stop an edit
    (the edit only must not add errors); no valid plan file does."""
    attempt = load_workspace(root)
    if attempt.loaded is None:
        attempt.require_valid()  # raises with the findings
    assert attempt.loaded is not None
    return attempt.loaded, attempt.findings


def _open_task(ws: LoadedPlan, task_id: str) -> tuple[TaskRef, Path, Source]:
    ref = ws.task(task_id)
    path = Path(os.path.abspath(ref.file))
    return ref, path, _source(path, ref.file)


def _source(path: Path, name: str) -> Source:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EditError("record.unreadable", path=name, reason=exc.strerror or str(exc)) from None
    return Source.from_bytes(raw, name)


def validate_with(
    root: Path, path: Path, new: bytes, *, today: date, before: Sequence[Finding]
) -> list[Finding]:
    """Errors the workspace would have with ``new`` as the content of ``path`` that it does not
    have now (the file names are the real ones, not the scratch copy's)."""
    with tempfile.TemporaryDirectory(prefix="par-check-") as scratch:
        copy_root = Path(scratch) / root.name
        shutil.copytree(
            root, copy_root, ignore=shutil.ignore_patterns(".git", LOCK_NAME), symlinks=True
        )
        target = copy_root / path.resolve().relative_to(root.resolve())
        target.write_bytes(new)
        ws = load_workspace(copy_root, today=today)
        real_root = display_name(root)
        copy_shown = display_name(copy_root)
        found = [
            replace(f, path=real_root + f.path[len(copy_shown) :])
            if f.path.startswith(copy_shown)
            else f
            for f in ws.findings
            if f.is_error
        ]
    old = Counter((f.path, f.rule, f.message) for f in before if f.is_error)
    fresh: list[Finding] = []
    for f in found:
        key = (f.path, f.rule, f.message)
        if old[key]:
            old[key] -= 1
        else:
            fresh.append(f)
    return fresh


#: Called with the file about to be written, before anything is written; raises to refuse
#: (``--commit`` uses it to refuse when other changes are staged).
Guard = Callable[[Path], None]


def write_edit(
    root: Path,
    before: Sequence[Finding],
    pending: _Pending,
    *,
    today: date,
    guard: Guard | None = None,
) -> None:
    """Steps 3 and 4 of the module docstring (the caller holds the lock); ``before`` are the
    findings the workspace has now."""
    if guard is not None:
        guard(pending.path)
    fresh = validate_with(root, pending.path, pending.result.raw, today=today, before=before)
    if fresh:
        raise EditRefused("record.invalid", findings=fresh, path=pending.name)
    try:
        now = pending.path.read_bytes()
    except OSError as exc:
        raise EditError(
            "record.unreadable", path=pending.name, reason=exc.strerror or str(exc)
        ) from None
    if now != pending.source.raw:
        raise EditError("record.changed", path=pending.name)
    try:
        # Keeps the file's permissions: they are set on the temporary file before the rename.
        write_bytes_atomic(pending.path, pending.result.raw)
    except OSError as exc:
        raise EditError(
            "record.unwritable", path=pending.name, reason=exc.strerror or str(exc)
        ) from None


def _edit_task(
    root: Path,
    task_id: str,
    change: Callable[[LoadedPlan, TaskRef, Data], Data],
    summary: Callable[[TaskRef], str],
    *,
    today: date,
    guard: Guard | None = None,
) -> Recorded:
    with plans_lock(root):
        ws, before = load(root)
        ref, path, src = _open_task(ws, task_id)
        result = update_task(src, ref.id, lambda data: change(ws, ref, data))
        if result.changed is None and result.raw == src.raw:
            raise EditError("record.nothing", id=ref.id)
        write_edit(root, before, _Pending(path, ref.file, src, result), today=today, guard=guard)
    lines = (result.changed.start + 1, result.changed.end + 1) if result.changed else None
    return Recorded(ref.id, path, lines, summary(ref), src.raw, result.raw)


# ------------------------------------------------------------------------------------- values


def date_text(day: date, src_iso: bool) -> str:
    return day.isoformat() if src_iso else f"{day.day}/{day.month}/{day.year}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _iso_dates(path: Path) -> bool:
    from vanthuy_cli.storage.yamledit import detect_style

    try:
        return detect_style(path.read_text(encoding="utf-8-sig")).iso_dates
    except (OSError, UnicodeDecodeError):
        return False


@dataclass(frozen=True)
class Entry:
    """A progress entry as typed on the command line (``None``: not given)."""

    day: date
    status: Status | None = None
    note: str | None = None
    percent: float | None = None
    value: float | None = None
    evidence: str | None = None
    period: str | None = None


def record_progress(
    root: Path, task_id: str, entry: Entry, *, today: date, guard: Guard | None = None
) -> Recorded:
    """Append a progress entry. Without a status it keeps the task's current one (an open task
    becomes ``dang_thuc_hien``); ``hoan_thanh`` needs evidence, other changes of state a reason."""
    _check_entry(entry, today)
    chosen: dict[str, Status] = {}

    def change(ws: LoadedPlan, ref: TaskRef, task: Data) -> Data:
        status = entry.status or _open_status(ref)
        chosen["status"] = status
        if entry.value is not None and ref.task.target is None:
            raise UsageError("record.no_target", id=ref.id)
        if entry.period:
            _check_period(ws, ref, entry.period)
        log = task.get("tien_do")
        item = _entry_data(entry, status, _iso_dates(Path(ref.file)))
        task["tien_do"] = [*(log if isinstance(log, list) else []), item]
        return task

    def summary(ref: TaskRef) -> str:
        status = chosen.get("status", entry.status or Status.IN_PROGRESS)
        head = ref.id + (f" ({entry.period})" if entry.period else "")
        words = [STATUS_WORDS[status]]
        if entry.percent is not None:
            words.append(f"{_number(entry.percent)}%")
        if entry.value is not None:
            words.append(f"giá trị {_number(entry.value)}")
        text = f"{head}: {', '.join(words)}"
        detail = entry.evidence or entry.note
        return f"{text} — {' '.join(detail.split())}" if detail else text

    return _edit_task(root, task_id, change, summary, today=today, guard=guard)


def _check_entry(entry: Entry, today: date) -> None:
    """What can be refused before the file is even read."""
    if entry.day > today:
        raise UsageError("record.future", day=ref_date(entry.day), today=ref_date(today))
    if entry.status is Status.DONE and not (entry.evidence or "").strip():
        raise UsageError("record.needs_evidence")
    if entry.status in (Status.PAUSED, Status.CANCELLED) and not (entry.note or "").strip():
        raise UsageError("record.needs_reason")
    if entry.percent is not None and not 0 <= entry.percent <= 100:
        raise UsageError("record.bad_percent", value=_number(entry.percent))


def _entry_data(entry: Entry, status: Status, iso: bool) -> Data:
    """The progress entry as YAML data, keys in the order the shipped plans write them."""
    item: Data = {"ngay": date_text(entry.day, iso)}
    if entry.period:
        item["ky"] = entry.period
    item["trang_thai"] = status.value
    if entry.percent is not None:
        item["phan_tram"] = _number(entry.percent)
    if entry.value is not None:
        item["gia_tri"] = _number(entry.value)
    if entry.note:
        item["ghi_chu"] = " ".join(entry.note.split()) if "\n" not in entry.note else entry.note
    if entry.evidence:
        item["minh_chung"] = " ".join(entry.evidence.split())
    return item


STATUS_WORDS = {
    Status.NOT_STARTED: "chưa thực hiện",
    Status.IN_PROGRESS: "đang thực hiện",
    Status.DONE: "hoàn thành",
    Status.PAUSED: "tạm dừng",
    Status.CANCELLED: "hủy bỏ",
}


def _open_status(ref: TaskRef) -> Status:
    """A note without a status: the task is being worked on (a paused one stays paused)."""
    log = ref.task.progress
    last = log[-1].status if log else None
    return last if last is Status.PAUSED else Status.IN_PROGRESS


def _check_period(ws: LoadedPlan, ref: TaskRef, period: str) -> None:
    from vanthuy_cli.plan.deadlines import DeadlineKind
    from vanthuy_cli.plan.periods import parse_period

    parse_period(period)  # a UsageError naming the bad period
    deadline = ws.deadlines.get(ref.id)
    if deadline is None or deadline.kind is not DeadlineKind.RECURRING:
        raise UsageError("record.not_recurring", id=ref.id, period=period)


def move_deadline(
    root: Path,
    task_id: str,
    new_deadline: str,
    *,
    reason: str,
    decided_by: str,
    day: date,
    today: date,
    guard: Guard | None = None,
) -> Recorded:
    """Change ``thoi_han`` and note why in the task's ``dieu_chinh`` list (date, old and new
    deadline, reason, deciding document), which ``par history`` and the report show."""
    if not reason.strip():
        raise UsageError("record.needs_reason")
    if not decided_by.strip():
        raise UsageError("record.needs_decision")
    if day > today:
        raise UsageError("record.future", day=ref_date(day), today=ref_date(today))
    new_deadline = " ".join(new_deadline.split())
    old: dict[str, str] = {}

    def change(ws: LoadedPlan, ref: TaskRef, task: Data) -> Data:
        old["deadline"] = str(task.get("thoi_han"))
        if fold(old["deadline"]) == fold(new_deadline):
            raise EditError("record.same_deadline", id=ref.id, deadline=new_deadline)
        task["thoi_han"] = new_deadline
        note: Data = {
            "ngay": date_text(day, _iso_dates(Path(ref.file))),
            "thoi_han_cu": old["deadline"],
            "thoi_han_moi": new_deadline,
            "ly_do": " ".join(reason.split()),
            "van_ban": " ".join(decided_by.split()),
        }
        log = task.get("dieu_chinh")
        task["dieu_chinh"] = [*(log if isinstance(log, list) else []), note]
        return task

    def summary(ref: TaskRef) -> str:
        return (
            f"{ref.id}: đổi thời hạn {old.get('deadline', '?')} → {new_deadline} — "
            f"{' '.join(reason.split())} ({' '.join(decided_by.split())})"
        )

    return _edit_task(root, task_id, change, summary, today=today, guard=guard)


def assign(
    root: Path,
    task_id: str,
    *,
    lead: str | None,
    support: list[str] | None,
    today: date,
    guard: Guard | None = None,
) -> Recorded:
    """Change the lead and/or the supporting units (ids or titles, see ``resolve_person``)."""
    changed: list[str] = []

    def change(ws: LoadedPlan, ref: TaskRef, task: Data) -> Data:
        if lead is not None:
            code = resolve_person(ws, lead)
            if task.get("chu_tri") != code:
                task["chu_tri"] = code
                changed.append(f"chủ trì {code}")
        if support is not None:
            codes = [resolve_person(ws, s) for s in support]
            if task.get("phoi_hop") != codes and not (not codes and "phoi_hop" not in task):
                if codes:
                    task["phoi_hop"] = codes
                else:
                    task.pop("phoi_hop", None)
                changed.append(f"phối hợp {', '.join(codes) or '—'}")
        return task

    def summary(ref: TaskRef) -> str:
        return f"{ref.id}: {'; '.join(changed)}"

    return _edit_task(root, task_id, change, summary, today=today, guard=guard)


def resolve_person(ws: LoadedPlan, typed: str) -> str:
    """A roster code from what was typed: the code itself, or a title/person's name written in
    full (with or without diacritics). Anything else is a usage error with "did you mean"."""
    code = person_named(ws.roster, typed)
    if code is not None:
        return code
    close = suggest_person(ws.roster, typed)
    raise UsageError(
        "record.unknown_person",
        value=typed,
        suggestions=f"{close} ({ws.roster[close].title})" if close else "",
        codes=", ".join(ws.roster),
    )


# ------------------------------------------------------------------------------ adding/removing


def next_task_id(ws: LoadedPlan, appendix: str, group: str) -> str:
    """The next free id in a group: after I.3.5 comes I.3.6 (whatever gaps the list has)."""
    prefix = f"{appendix}.{group}."
    numbers = [
        int(ref.id[len(prefix) :])
        for ref in ws.tasks
        if ref.id.startswith(prefix) and ref.id[len(prefix) :].isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1}"


def _find_group(ws: LoadedPlan, where: str) -> tuple[str, int, str, str]:
    """``"I.3"`` (or ``"I 3"``) → (file, group index, appendix number, group number)."""
    parts = [p for p in re.split(r"[.\s]+", where.strip()) if p]
    if len(parts) != 2:
        raise UsageError("record.bad_group", value=where)
    for appendix, file in ws.appendices:
        if appendix.number.casefold() != parts[0].casefold():
            continue
        for gi, group in enumerate(appendix.groups):
            if group.number == parts[1]:
                return file, gi, appendix.number, group.number
    raise UsageError("record.bad_group", value=where)


def add_new_task(
    root: Path,
    where: str,
    *,
    text: str,
    lead: str,
    deadline: str,
    task_id: str | None = None,
    support: list[str] | None = None,
    output: str | None = None,
    today: date,
    guard: Guard | None = None,
) -> Recorded:
    """Add a task at the end of group ``where`` (``I.3``), with the next free id or ``task_id``."""
    with plans_lock(root):
        ws, before = load(root)
        file, gi, appendix, group = _find_group(ws, where)
        new_id = task_id.strip() if task_id else next_task_id(ws, appendix, group)
        if any(ref.id.casefold() == new_id.casefold() for ref in ws.tasks):
            raise UsageError("record.id_taken", id=new_id)
        task: Data = {"ma": new_id, "noi_dung": " ".join(text.split())}
        task["chu_tri"] = resolve_person(ws, lead)
        if support:
            task["phoi_hop"] = [resolve_person(ws, s) for s in support]
        if output:
            task["ket_qua"] = " ".join(output.split())
        task["thoi_han"] = " ".join(deadline.split())
        path = Path(os.path.abspath(file))
        src = _source(path, file)
        result = add_task(src, gi, task)
        write_edit(root, before, _Pending(path, file, src, result), today=today, guard=guard)
    lines = (result.changed.start + 1, result.changed.end + 1) if result.changed else None
    summary = f"{new_id}: thêm nhiệm vụ — {task['noi_dung']}"
    return Recorded(new_id, path, lines, summary, src.raw, result.raw)


def remove_existing_task(
    root: Path, task_id: str, *, reason: str, today: date, guard: Guard | None = None
) -> Recorded:
    """Delete a task from its appendix (``par history`` keeps it: git remembers)."""
    if not reason.strip():
        raise UsageError("record.needs_reason")
    with plans_lock(root):
        ws, before = load(root)
        ref, path, src = _open_task(ws, task_id)
        result = remove_task(src, ref.id)
        write_edit(root, before, _Pending(path, ref.file, src, result), today=today, guard=guard)
    summary = f"{ref.id}: xóa nhiệm vụ — {' '.join(reason.split())}"
    return Recorded(ref.id, path, None, summary, src.raw, result.raw)


def status_from_text(text: str) -> Status:
    """A status typed in Vietnamese with or without diacritics, or as its code."""
    status = parse_status(text)
    if status is None:
        raise UsageError("record.bad_status", value=text, choices=", ".join(STATUS_WORDS.values()))
    return status


def summary_words(value: Any) -> str:
    return " ".join(str(value).split())
