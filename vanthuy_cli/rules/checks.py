"""Rules that look across files: ids, roster, deadlines, progress logs, targets.

Each rule has a stable id in ``findings.RULES`` and an explanation (``rule.<ID>``) in the catalogue.
Every function here takes the loaded plan and returns findings; none changes what it is given.
``parse_deadlines`` also returns each task's parsed deadline, which the loader stores in the plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from vanthuy_cli.errors import PeriodError
from vanthuy_cli.findings import Finding, finding
from vanthuy_cli.plan import keys as K
from vanthuy_cli.plan.deadlines import (
    ACCEPTED_FORMS,
    Deadline,
    DeadlineError,
    DeadlineKind,
    counting_from,
    parse_deadline,
)
from vanthuy_cli.plan.loaded import LoadedPlan, TaskRef
from vanthuy_cli.plan.periods import parse_period
from vanthuy_cli.plan.records import Status, suggest_person


def parse_deadlines(plan: LoadedPlan) -> tuple[dict[str, Deadline], list[Finding]]:
    """Each task's parsed deadline (the first task of a duplicated id wins), and the
    DEADLINE-PARSE / DEADLINE-RANGE findings of those that do not parse or fall outside the year."""
    deadlines: dict[str, Deadline] = {}
    out: list[Finding] = []
    for ref in plan.tasks:
        deadline, problems = _deadline(plan, ref)
        out.extend(problems)
        if deadline is not None and ref.id not in deadlines:
            deadlines[ref.id] = deadline
    return deadlines, out


def run(plan: LoadedPlan, *, today: date | None = None) -> list[Finding]:
    """The findings of every cross-file rule; ``today`` enables PROGRESS-FUTURE.

    Deadlines come from ``plan.deadlines`` (see ``parse_deadlines``); a task whose own deadline
    did not parse is checked without one.
    """
    out = _roster(plan)
    first_seen: dict[str, TaskRef] = {}
    for ref in plan.tasks:
        out.extend(_task_id(plan, ref, first_seen))
        out.extend(_people(plan, ref))
        deadline = _own_deadline(plan.deadlines, ref)
        out.extend(_progress(plan, ref, deadline, today))
        out.extend(_target(plan, ref))
        out.extend(_figures_link(plan, ref))
    return out


def _own_deadline(deadlines: Mapping[str, Deadline], ref: TaskRef) -> Deadline | None:
    """The task's own parsed deadline: a duplicate id does not borrow the first task's."""
    deadline = deadlines.get(ref.id)
    if deadline is None or deadline.text != ref.task.deadline:
        return None
    return deadline


def _roster(plan: LoadedPlan) -> list[Finding]:
    seen: set[str] = set()
    out: list[Finding] = []
    for i, entry in enumerate(plan.plan.roster):
        if entry.id in seen:
            out.append(
                finding(
                    plan.plan_file,
                    plan.pos(plan.plan_file, (K.ROSTER, i, K.ROSTER_ID)),
                    "ROSTER-DUPLICATE",
                    "roster.duplicate",
                    id=entry.id,
                )
            )
        seen.add(entry.id)
    return out


def _task_id(plan: LoadedPlan, ref: TaskRef, first_seen: dict[str, TaskRef]) -> list[Finding]:
    out = []
    where = plan.pos(ref.file, ref.key_path(K.TASK_ID))
    key = ref.id.casefold()
    if key in first_seen:
        first = first_seen[key]
        line = (plan.pos(first.file, first.key_path(K.TASK_ID)) or (0, 0))[0]
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


def _people(plan: LoadedPlan, ref: TaskRef) -> list[Finding]:
    roster = plan.roster
    out = []
    wanted = [(ref.task.lead, ref.key_path(K.LEAD), "lead")]
    wanted += [
        (sid, ref.key_path(K.SUPPORT, i), "support") for i, sid in enumerate(ref.task.support)
    ]
    for person, path, role in wanted:
        if person not in roster:
            suggestion = suggest_person(roster, person)
            out.append(
                finding(
                    ref.file,
                    plan.pos(ref.file, path),
                    "ROSTER-UNKNOWN",
                    f"roster.unknown_{role}",
                    id=person,
                    plan=plan.plan_file,
                    suggestion=suggestion or "",
                    title=roster[suggestion].title if suggestion else "",
                    hint="roster.hint.did_you_mean" if suggestion else "roster.hint.add",
                )
            )
    return out


def _deadline(plan: LoadedPlan, ref: TaskRef) -> tuple[Deadline | None, list[Finding]]:
    year = plan.plan.year
    where = plan.pos(ref.file, ref.key_path(K.DEADLINE))
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
    start = ref.task.start
    if start is not None and counting_from(start, start, year) != start:
        return deadline, [
            finding(
                ref.file,
                plan.pos(ref.file, ref.key_path(K.START)),
                "DEADLINE-RANGE",
                "task.start_range",
                start=start,
                low=counting_from(start, start, year),
            )
        ]
    return deadline, []


def _progress(
    plan: LoadedPlan, ref: TaskRef, deadline: Deadline | None, today: date | None
) -> list[Finding]:
    out = []
    previous: date | None = None
    recurring = deadline is not None and deadline.kind is DeadlineKind.RECURRING
    for i, entry in enumerate(ref.task.progress):
        path = ref.key_path(K.PROGRESS, i)
        if previous is not None and entry.date < previous:
            out.append(
                finding(
                    ref.file,
                    plan.pos(ref.file, (*path, K.ENTRY_DATE)),
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
                    plan.pos(ref.file, (*path, K.ENTRY_DATE)),
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
                    plan.pos(ref.file, (*path, K.ENTRY_STATUS)),
                    "PROGRESS-DONE-EVIDENCE",
                    "progress.done_evidence",
                    id=ref.id,
                )
            )
        if entry.value is not None and ref.task.target is None:
            out.append(
                finding(
                    ref.file,
                    plan.pos(ref.file, (*path, K.ENTRY_VALUE)),
                    "PROGRESS-VALUE",
                    "progress.value_without_target",
                    id=ref.id,
                )
            )
        if entry.period is not None:
            where = (*path, K.ENTRY_PERIOD)
            out.extend(_entry_period(plan, ref, deadline, recurring, entry.period, where))
    return out


def _entry_period(
    plan: LoadedPlan,
    ref: TaskRef,
    deadline: Deadline | None,
    recurring: bool,
    name: str,
    path: tuple[str | int, ...],
) -> list[Finding]:
    where = plan.pos(ref.file, path)
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
    except PeriodError:
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
    year = plan.plan.year
    if period.year != year:
        return [
            finding(
                ref.file,
                where,
                "PROGRESS-PERIOD",
                "progress.period_year",
                period=name,
                year=year,
            )
        ]
    first = counting_from(ref.task.start, plan.plan.issued, plan.plan.year)
    owed = {o.period for o in deadline.occurrences(first, plan.year_end)}
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


def _figures_link(plan: LoadedPlan, ref: TaskRef) -> list[Finding]:
    """FIGURES-TASK: a target that names a rate of the figures files (``so_lieu``) records, in
    a period that has a figures file, a measured value the figures do not give. The value that
    counts is the one the period's report prints: the last one recorded in its data window."""
    target = ref.task.target
    if target is None or target.figure is None or not plan.figures:
        return []
    from vanthuy_cli.plan.figures import figure_rate, share

    out = []
    for name, (figures, file) in plan.figures.items():
        try:
            start, end = plan.rules.window(parse_period(name))
        except PeriodError:
            continue
        derived = figure_rate(figures, target.figure)
        measured = [
            (i, e)
            for i, e in enumerate(ref.task.progress)
            if e.value is not None and start <= e.date <= end
        ]
        if derived is None or not measured:
            continue
        i, entry = measured[-1]
        value = entry.value or 0.0
        if round(value, 1) != round(derived, 1):
            out.append(
                finding(
                    ref.file,
                    plan.pos(ref.file, ref.key_path(K.PROGRESS, i, K.ENTRY_VALUE)),
                    "FIGURES-TASK",
                    "figures.task_mismatch",
                    task=ref.id,
                    value=share(value),
                    date=entry.date.strftime("%d/%m/%Y"),
                    period=name,
                    file=file,
                    figure=share(derived),
                )
            )
    return out


def _target(plan: LoadedPlan, ref: TaskRef) -> list[Finding]:
    target = ref.task.target
    if target is None or (target.unit or "").strip() != "%":
        return []
    out = []
    if not 0 <= target.value <= 100:
        out.append(
            finding(
                ref.file,
                plan.pos(ref.file, ref.key_path(K.TARGET, K.TARGET_VALUE)),
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
                    plan.pos(ref.file, ref.key_path(K.PROGRESS, i, K.ENTRY_VALUE)),
                    "TARGET-FORM",
                    "target.percent_range",
                    value=entry.value,
                )
            )
    return out
