"""What the clerk's commands show, as plain data: the dashboard, filtered lists, one task's record.

Built from ``classify`` only. Rendering (rich tables, JSON) is ``render_views.py``'s job.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from vanthuy_cli.classify import REPORT_ORDER, Cls, Item, classify
from vanthuy_cli.model import RosterEntry
from vanthuy_cli.periods import Period
from vanthuy_cli.textutil import matches
from vanthuy_cli.workspace import TaskRef, Workspace

UPCOMING_DAYS = 14


@dataclass(frozen=True)
class Progress:
    """Done items out of those that count (cancelled items do not)."""

    label: str
    done: int
    total: int
    children: tuple[Progress, ...] = ()

    @property
    def ratio(self) -> float:
        return self.done / self.total if self.total else 0.0


@dataclass(frozen=True)
class Workload:
    lead: str
    title: str
    total: int
    done: int
    overdue: int
    open: int


@dataclass(frozen=True)
class NextReport:
    period: Period
    window: tuple[date, date]
    submission: date
    days_left: int


@dataclass(frozen=True)
class Dashboard:
    as_of: date
    plan_number: str
    plan_issued: date
    issuer: str
    subject: str
    year: int
    year_over: bool
    sample: bool
    tasks: int
    recurring_tasks: int
    items: int
    counts: dict[Cls, int]
    progress: tuple[Progress, ...]
    overdue: tuple[Item, ...]
    upcoming: tuple[Item, ...]
    stale: tuple[Item, ...]
    workload: tuple[Workload, ...]
    next_report: NextReport | None  # None once the plan's reporting is over
    last_report: NextReport
    warnings: int = 0
    unfinished: int = 0
    upcoming_days: int = UPCOMING_DAYS


def dashboard(ws: Workspace, as_of: date) -> Dashboard:
    """The ``par status`` picture of the plan as of ``as_of``."""
    plan = ws.plan
    assert plan is not None
    items = classify(ws, as_of)
    counts = Counter(item.cls for item in items)
    kind = ws.report_kind
    period = ws.rules.next_report(as_of, kind)
    final = ws.rules.period_for(date(plan.year, 12, 31), kind)  # the plan's last report period
    if final.start.year == plan.year + 1:  # 31/12 is already in next year's Q1 data window
        final = final.previous()
    open_items = [i for i in items if not i.cls.done and i.cls is not Cls.CANCELLED]
    return Dashboard(
        as_of=as_of,
        plan_number=plan.number,
        plan_issued=plan.issued,
        issuer=plan.issuer,
        subject=plan.subject,
        year=plan.year,
        year_over=as_of > date(plan.year, 12, 31),
        sample=any(a.sample for a, _ in ws.appendices),
        tasks=len(ws.tasks),
        recurring_tasks=len({i.ref.id for i in items if i.occurrence is not None}),
        items=len(items),
        counts={cls: counts.get(cls, 0) for cls in REPORT_ORDER},
        progress=tuple(_progress(ws, items)),
        overdue=tuple(overdue(items)),
        upcoming=tuple(upcoming(items, as_of)),
        stale=tuple(i for i in items if i.stale),
        workload=tuple(_workload(ws, items)),
        next_report=_report(ws, period, as_of) if period <= final else None,
        last_report=_report(ws, final, as_of),
        warnings=sum(1 for f in ws.findings if not f.is_error),
        unfinished=len(open_items),
    )


def _report(ws: Workspace, period: Period, as_of: date) -> NextReport:
    submission = ws.rules.submission(period)
    return NextReport(period, ws.rules.window(period), submission, (submission - as_of).days)


def overdue(items: list[Item]) -> list[Item]:
    """Overdue items, worst (most days late) first, then by id."""
    late = [i for i in items if i.cls is Cls.OVERDUE]
    return sorted(late, key=lambda i: (-(i.days_late or 0), i.key))


def upcoming(items: list[Item], as_of: date, days: int = UPCOMING_DAYS) -> list[Item]:
    """Items not done whose due date falls within the next ``days`` days (today included)."""
    horizon = as_of + timedelta(days=days)
    soon = [
        i
        for i in items
        if i.due is not None
        and as_of <= i.due <= horizon
        and not i.cls.done
        and i.cls not in (Cls.CANCELLED, Cls.PAUSED)
    ]
    return sorted(soon, key=lambda i: (i.due, i.key))


def _progress(ws: Workspace, items: list[Item]) -> list[Progress]:
    out = []
    for appendix, _file in ws.appendices:
        groups = []
        for group in appendix.groups:
            mine = [i for i in items if i.ref.group is group]
            groups.append(_count(f"{group.number}. {group.title}", mine))
        mine = [i for i in items if i.ref.appendix is appendix]
        label = f"{appendix.number}" + (f" · {appendix.index}" if appendix.index else "")
        top = _count(label, mine)
        out.append(Progress(top.label, top.done, top.total, tuple(groups)))
    return out


def _count(label: str, items: list[Item]) -> Progress:
    counted = [i for i in items if i.cls.counted]
    return Progress(label, sum(1 for i in counted if i.cls.done), len(counted))


def _workload(ws: Workspace, items: list[Item]) -> list[Workload]:
    roster = ws.roster
    by_lead: dict[str, list[Item]] = {}
    for item in items:
        by_lead.setdefault(item.ref.task.lead, []).append(item)
    rows = []
    for lead, mine in by_lead.items():
        entry = roster.get(lead)
        live = [i for i in mine if i.cls is not Cls.CANCELLED]  # cancelled work is no load
        if not live:
            continue
        done = sum(1 for i in live if i.cls.done)
        rows.append(
            Workload(
                lead=lead,
                title=entry.title if entry else lead,
                total=len(live),
                done=done,
                overdue=sum(1 for i in live if i.cls is Cls.OVERDUE),
                open=len(live) - done,
            )
        )
    return sorted(rows, key=lambda w: (-w.overdue, -w.open, w.lead))


# ------------------------------------------------------------------------------------ filters


@dataclass(frozen=True)
class Filter:
    """What ``par list`` / ``par overdue`` keep. Empty fields keep everything."""

    classes: frozenset[Cls] = frozenset()
    lead: str | None = None
    appendix: str | None = None
    group: str | None = None
    due_before: date | None = None
    due_after: date | None = None
    text: str | None = None
    people: dict[str, RosterEntry] = field(default_factory=dict)

    def keep(self, item: Item) -> bool:
        ref = item.ref
        if self.classes and item.cls not in self.classes:
            return False
        if self.lead and not _lead_matches(self.lead, ref, self.people):
            return False
        if self.appendix and ref.appendix.number.casefold() != self.appendix.casefold():
            return False
        if self.group and not _group_matches(self.group, ref):
            return False
        if self.due_before and (item.due is None or item.due >= self.due_before):
            return False
        if self.due_after and (item.due is None or item.due <= self.due_after):
            return False
        if self.text:
            task = ref.task
            lead = self.people.get(task.lead)
            if not matches(
                self.text,
                task.id,
                task.text,
                task.output or "",
                task.note or "",
                ref.group.title,
                lead.title if lead else "",
                item.last_note,
            ):
                return False
        return True


def _lead_matches(wanted: str, ref: TaskRef, people: dict[str, RosterEntry]) -> bool:
    """``--lead vp-tk`` (the id) or ``--lead "van phong"`` (words of the title or person)."""
    lead = ref.task.lead
    if wanted.casefold() == lead.casefold():
        return True
    entry = people.get(lead)
    return entry is not None and matches(wanted, entry.title, entry.person or "")


def _group_matches(wanted: str, ref: TaskRef) -> bool:
    """``--group 3`` (its number, or ``I.3``) or words of the group's title."""
    number = ref.group.number
    if wanted in (number, f"{ref.appendix.number}.{number}"):
        return True
    return not wanted.replace(".", "").isdigit() and matches(wanted, ref.group.title)


def select(ws: Workspace, as_of: date, flt: Filter) -> list[Item]:
    """Items kept by ``flt``, in plan order."""
    return [item for item in classify(ws, as_of) if flt.keep(item)]


# ------------------------------------------------------------------------------- one record


@dataclass(frozen=True)
class TaskRecord:
    ref: TaskRef
    lead: RosterEntry | None
    support: tuple[tuple[str, RosterEntry | None], ...]
    items: tuple[Item, ...]
    as_of: date

    @property
    def worst(self) -> Item:
        return min(self.items, key=lambda i: i.cls.rank)


def record(ws: Workspace, task_id: str, as_of: date) -> TaskRecord:
    """Everything about one task (``par show``); ``UnknownTask`` if the id is not in the plan."""
    ref = ws.task(task_id)
    roster = ws.roster
    items = tuple(i for i in classify(ws, as_of) if i.ref.id == ref.id)
    return TaskRecord(
        ref,
        roster.get(ref.task.lead),
        tuple((s, roster.get(s)) for s in ref.task.support),
        items,
        as_of,
    )
