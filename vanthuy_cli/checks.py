"""Rules that look across files: ids, roster, deadlines, progress logs, targets.

Each rule has a stable id in ``findings.RULES`` and an explanation (``rule.<ID>``) in the catalogue.
``run`` adds findings to the workspace and records each task's parsed deadline for later use.
"""

from __future__ import annotations

import difflib
from datetime import date
from typing import TYPE_CHECKING

from vanthuy_cli.deadlines import (
    ACCEPTED_FORMS,
    Deadline,
    DeadlineError,
    DeadlineKind,
    parse_deadline,
)
from vanthuy_cli.errors import UsageError
from vanthuy_cli.findings import Finding, finding
from vanthuy_cli.model import Status
from vanthuy_cli.periods import parse_period

if TYPE_CHECKING:
    from vanthuy_cli.workspace import TaskRef, Workspace


def run(ws: Workspace, *, today: date | None = None) -> None:
    """Check the loaded plan and appendices; ``today`` enables PROGRESS-FUTURE."""
    assert ws.plan is not None and ws.plan_file is not None
    out = ws.findings
    out.extend(_roster(ws))
    first_seen: dict[str, TaskRef] = {}
    for ref in ws.tasks:
        out.extend(_task_id(ws, ref, first_seen))
        out.extend(_people(ws, ref))
        deadline, problems = _deadline(ws, ref)
        out.extend(problems)
        if deadline is not None and ref.id not in ws.deadlines:
            ws.deadlines[ref.id] = deadline
        out.extend(_progress(ws, ref, deadline, today))
        out.extend(_target(ws, ref))


def _roster(ws: Workspace) -> list[Finding]:
    seen: set[str] = set()
    out: list[Finding] = []
    if ws.plan is None or ws.plan_file is None:
        return out
    for i, entry in enumerate(ws.plan.roster):
        if entry.id in seen:
            out.append(
                finding(
                    ws.plan_file,
                    ws.pos(ws.plan_file, ("nhan_su", i, "ma")),
                    "ROSTER-DUPLICATE",
                    "roster.duplicate",
                    id=entry.id,
                )
            )
        seen.add(entry.id)
    return out


def _task_id(ws: Workspace, ref: TaskRef, first_seen: dict[str, TaskRef]) -> list[Finding]:
    out = []
    where = ws.pos(ref.file, (*ref.path, "ma"))
    key = ref.id.casefold()
    if key in first_seen:
        first = first_seen[key]
        line = (ws.pos(first.file, (*first.path, "ma")) or (0, 0))[0]
        out.append(
            finding(
                ref.file,
                where,
                "TASK-ID-DUPLICATE",
                "task.duplicate_id",
                id=ref.id,
                first=f"{first.file}:{line}",
            )
        )
    else:
        first_seen[key] = ref
    prefix = f"{ref.appendix.number}."
    if not key.startswith(prefix.casefold()):  # ids compare without case everywhere
        out.append(
            finding(ref.file, where, "TASK-ID-PREFIX", "task.id_prefix", id=ref.id, prefix=prefix)
        )
    return out


def _people(ws: Workspace, ref: TaskRef) -> list[Finding]:
    roster = ws.roster
    out = []
    wanted = [(ref.task.lead, (*ref.path, "chu_tri"), "lead")]
    wanted += [
        (sid, (*ref.path, "phoi_hop", i), "support") for i, sid in enumerate(ref.task.support)
    ]
    for person, path, role in wanted:
        if person not in roster:
            close = difflib.get_close_matches(person, list(roster), n=1, cutoff=0.5)
            out.append(
                finding(
                    ref.file,
                    ws.pos(ref.file, path),
                    "ROSTER-UNKNOWN",
                    f"roster.unknown_{role}",
                    id=person,
                    plan=ws.plan_file,
                    suggestion=close[0] if close else "",
                    hint="roster.hint.did_you_mean" if close else "roster.hint.add",
                )
            )
    return out


def _deadline(ws: Workspace, ref: TaskRef) -> tuple[Deadline | None, list[Finding]]:
    year = ws.plan.year  # type: ignore[union-attr]
    where = ws.pos(ref.file, (*ref.path, "thoi_han"))
    try:
        deadline = parse_deadline(ref.task.deadline, year)
    except DeadlineError as exc:
        return None, [
            finding(
                ref.file,
                where,
                "DEADLINE-PARSE",
                exc.key,
                forms="; ".join(ACCEPTED_FORMS),
                **exc.params,
            )
        ]
    if deadline.due is not None:
        low, high = date(year, 1, 1), date(year + 1, 3, 31)
        if not low <= deadline.due <= high:
            return deadline, [
                finding(
                    ref.file,
                    where,
                    "DEADLINE-RANGE",
                    "deadline.range",
                    phrase=ref.task.deadline,
                    due=deadline.due,
                    year=year,
                    low=low,
                    high=high,
                )
            ]
    return deadline, []


def _progress(
    ws: Workspace, ref: TaskRef, deadline: Deadline | None, today: date | None
) -> list[Finding]:
    out = []
    previous: date | None = None
    recurring = deadline is not None and deadline.kind is DeadlineKind.RECURRING
    for i, entry in enumerate(ref.task.progress):
        path = (*ref.path, "tien_do", i)
        if previous is not None and entry.date < previous:
            out.append(
                finding(
                    ref.file,
                    ws.pos(ref.file, (*path, "ngay")),
                    "PROGRESS-ORDER",
                    "progress.order",
                    date=entry.date,
                    previous=previous,
                )
            )
        previous = entry.date
        if today is not None and entry.date > today:
            out.append(
                finding(
                    ref.file,
                    ws.pos(ref.file, (*path, "ngay")),
                    "PROGRESS-FUTURE",
                    "progress.future",
                    date=entry.date,
                    today=today,
                )
            )
        if entry.status is Status.DONE and not entry.evidence:
            out.append(
                finding(
                    ref.file,
                    ws.pos(ref.file, (*path, "trang_thai")),
                    "PROGRESS-DONE-EVIDENCE",
                    "progress.done_evidence",
                    id=ref.id,
                )
            )
        if entry.value is not None and ref.task.target is None:
            out.append(
                finding(
                    ref.file,
                    ws.pos(ref.file, (*path, "gia_tri")),
                    "PROGRESS-VALUE",
                    "progress.value_without_target",
                    id=ref.id,
                )
            )
        if entry.period is not None:
            out.extend(_entry_period(ws, ref, deadline, recurring, entry.period, (*path, "ky")))
    return out


def _entry_period(
    ws: Workspace,
    ref: TaskRef,
    deadline: Deadline | None,
    recurring: bool,
    name: str,
    path: tuple[str | int, ...],
) -> list[Finding]:
    where = ws.pos(ref.file, path)
    if deadline is None:
        return []  # the deadline's own finding explains
    if not recurring:
        return [
            finding(
                ref.file,
                where,
                "PROGRESS-PERIOD",
                "progress.period_not_recurring",
                period=name,
                deadline=ref.task.deadline,
            )
        ]
    try:
        period = parse_period(name)
    except UsageError:
        return [finding(ref.file, where, "PROGRESS-PERIOD", "progress.period_invalid", period=name)]
    if period.kind is not deadline.every:
        return [
            finding(
                ref.file,
                where,
                "PROGRESS-PERIOD",
                "progress.period_kind",
                period=name,
                deadline=ref.task.deadline,
            )
        ]
    plan = ws.plan
    assert plan is not None
    if period.year != plan.year:
        return [
            finding(
                ref.file,
                where,
                "PROGRESS-PERIOD",
                "progress.period_year",
                period=name,
                year=plan.year,
            )
        ]
    first = ref.task.start or plan.issued
    owed = {o.period for o in deadline.occurrences(first, date(plan.year, 12, 31))}
    if period not in owed:  # e.g. Q1 of a plan signed in June: that entry would count nowhere
        return [
            finding(
                ref.file,
                where,
                "PROGRESS-PERIOD",
                "progress.period_not_owed",
                period=name,
                start=first,
            )
        ]
    return []


def _target(ws: Workspace, ref: TaskRef) -> list[Finding]:
    target = ref.task.target
    if target is None or (target.unit or "").strip() != "%":
        return []
    out = []
    if not 0 <= target.value <= 100:
        out.append(
            finding(
                ref.file,
                ws.pos(ref.file, (*ref.path, "chi_tieu", "gia_tri")),
                "TARGET-FORM",
                "target.percent_range",
                value=target.value,
            )
        )
    for i, entry in enumerate(ref.task.progress):
        if entry.value is not None and not 0 <= entry.value <= 100:
            out.append(
                finding(
                    ref.file,
                    ws.pos(ref.file, (*ref.path, "tien_do", i, "gia_tri")),
                    "TARGET-FORM",
                    "target.percent_range",
                    value=entry.value,
                )
            )
    return out
