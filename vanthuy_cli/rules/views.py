"""What the clerk's commands show, as plain data: the dashboard, filtered lists, one task's record.

Built from ``classify`` only. Rendering (rich tables, JSON) is ``render_views.py``'s job.
"""

from __future__ import annotations

import difflib
from datetime import date

from vanthuy_cli.errors import UnknownFilter
from vanthuy_cli.plan.loaded import LoadedPlan, TaskRef
from vanthuy_cli.plan.periods import Period
from vanthuy_cli.plan.records import RosterEntry
from vanthuy_cli.recordtype import Record, field
from vanthuy_cli.rules.classify import (
    CLASSES,
    COUNTED,
    DONE,
    REPORT_ORDER,
    Cls,
    Item,
    Judged,
    classify,
    judge,
)
from vanthuy_cli.textutil import Phrase, fold


class Progress(Record):
    """Done items out of those that count (cancelled items do not)."""

    label: str  # as the terminal shows it: "I · PAR INDEX", "3. Cải cách thủ tục hành chính"
    done: int
    total: int
    children: tuple[Progress, ...] = ()
    id: str = ""  # the appendix number, or the group's id across the plan ("I.3")
    title: str = ""
    index: str | None = None  # the appendix's index (PAR INDEX, SIPAS); None for a group

    @property
    def ratio(self) -> float:
        return self.done / self.total if self.total else 0.0


class Workload(Record):
    lead: str
    title: str
    total: int
    done: int
    overdue: int
    open: int


class NextReport(Record):
    """One periodic report: its period, data window, due date, and whether it was sent.

    ``sent`` is the date the plan's own report task records it done (see ``report_task_items``).
    """

    period: Period
    window: tuple[date, date]
    submission: date
    days_left: int
    sent: date | None = None

    @property
    def done(self) -> bool:
        return self.sent is not None


class Dashboard(Record):
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
    due_soon: tuple[Item, ...]
    stale: tuple[Item, ...]
    workload: tuple[Workload, ...]
    #: The first report not yet sent whose due date is today or later; None once every report
    #: of the plan year is due in the past or sent.
    next_report: NextReport | None
    #: The report the ``next_report`` search skipped because it is already sent, if any.
    report_sent: NextReport | None
    #: The plan's final report period (the one covering 31 December).
    final_report: NextReport
    due_soon_days: int
    warnings: int = 0
    unfinished: int = 0


def dashboard(ws: LoadedPlan, as_of: date) -> Dashboard:
    """The ``par status`` picture of the plan as of ``as_of``."""
    plan = ws.plan
    judged = judge(ws, as_of)
    tally = _Tally(judged)
    kind = ws.report_kind
    final = ws.rules.period_for(ws.year_end, kind)  # the plan's last report period
    if final.start.year == plan.year + 1:  # 31/12 is already in next year's Q1 data window
        final = final.previous()
    sent = _reports_sent(ws, judged.select(tally.done_occurrences))
    period = ws.rules.next_report(as_of, kind)
    skipped: NextReport | None = None
    while period <= final and period.name in sent:
        skipped = skipped or _report(ws, period, as_of, sent)
        period = period.next()
    counts = tally.counts
    return Dashboard(
        as_of=as_of,
        plan_number=plan.number,
        plan_issued=plan.issued,
        issuer=plan.issuer,
        subject=plan.subject,
        year=plan.year,
        year_over=as_of > ws.year_end,
        sample=any(a.sample for a, _ in ws.appendices),
        tasks=len(ws.tasks),
        recurring_tasks=len(tally.recurring),
        items=len(judged.rows),
        counts={cls: counts[CLASSES.index(cls)] for cls in REPORT_ORDER},
        progress=tuple(_progress(ws, tally.groups)),
        overdue=tuple(overdue(judged.select(tally.overdue))),
        due_soon=tuple(due_soon(judged.select(tally.due_soon))),
        stale=tuple(judged.select(tally.stale)),
        workload=tuple(_workload(ws, tally.leads)),
        next_report=_report(ws, period, as_of, sent) if period <= final else None,
        report_sent=skipped,
        final_report=_report(ws, final, as_of, sent),
        due_soon_days=plan.due_soon_days,
        warnings=sum(1 for f in ws.findings if not f.is_error),
        unfinished=sum(n for cls, n in zip(CLASSES, counts, strict=True) if cls in _UNFINISHED),
    )


_UNFINISHED = frozenset(Cls) - DONE - {Cls.CANCELLED}
_DUE_SOON = CLASSES.index(Cls.DUE_SOON)
_CANCELLED = CLASSES.index(Cls.CANCELLED)
#: For each class index: (counted in a ratio, done, overdue).
_WEIGHTS = tuple((cls in COUNTED, cls in DONE, cls is Cls.OVERDUE) for cls in CLASSES)


class _Tally:
    """What the dashboard counts, in one pass over the rows (not the items, which are built
    only for the few it shows): items per class; (done, counted) per group and per appendix,
    keyed by object identity (two groups may share a number and a title); per lead [live (not
    cancelled: cancelled work is no load), done, overdue]; the recurring tasks; and the rows of
    the overdue, due-soon and stale items and of the done occurrences of tasks recurring once per
    report period (among them the report task's: the reports sent)."""

    def __init__(self, judged: Judged) -> None:
        ws = judged.ws
        refs, deadline_of, report_kind = ws.tasks, ws.deadlines.get, ws.report_kind
        self.counts = counts = [0] * len(CLASSES)
        self.groups: dict[int, list[int]] = {}
        self.leads: dict[str, list[int]] = {}
        self.recurring: set[str] = set()
        self.overdue: list[int] = []
        self.due_soon: list[int] = []
        self.stale: list[int] = []
        self.done_occurrences: list[int] = []
        reporting = False
        groups, leads, weights = self.groups, self.leads, _WEIGHTS
        group = appendix = load = [0, 0, 0]
        last = -1
        for k, (ti, occurrence, rank, _done, _late, _left, stale, _entries) in enumerate(
            judged.rows
        ):
            counts[rank] += 1
            if ti != last:  # a recurring task's occurrences follow each other
                last, ref = ti, refs[ti]
                group = groups.setdefault(id(ref.group), [0, 0])
                appendix = groups.setdefault(id(ref.appendix), [0, 0])
                load = leads.setdefault(ref.task.lead, [0, 0, 0])
                reporting = False
                if occurrence >= 0:
                    self.recurring.add(ref.id)
                    # Only a task recurring once per report period can be the report task.
                    deadline = deadline_of(ref.id)
                    reporting = deadline is not None and deadline.every is report_kind
            counted, done, late = weights[rank]
            if counted:
                group[0] += done
                group[1] += 1
                appendix[0] += done
                appendix[1] += 1
            if rank != _CANCELLED:
                load[0] += 1
                load[1] += done
                load[2] += late
            if late:
                self.overdue.append(k)
            elif rank == _DUE_SOON:
                self.due_soon.append(k)
            if stale:
                self.stale.append(k)
            if done and reporting:
                self.done_occurrences.append(k)


def _report(ws: LoadedPlan, period: Period, as_of: date, sent: dict[str, date]) -> NextReport:
    submission = ws.rules.submission(period)
    return NextReport(
        period=period,
        window=ws.rules.window(period),
        submission=submission,
        days_left=(submission - as_of).days,
        sent=sent.get(period.name),
    )


def report_task_items(ws: LoadedPlan, items: list[Item]) -> list[Item]:
    """The occurrences of the plan's own periodic-report task.

    That task is recognised, not declared: a recurring task whose occurrences are the plan's
    report periods and fall due on the report's submission day (in the sample plan, I.1.3
    "Hằng quý, chậm nhất ngày 20" with quarterly reports due on the 20th).
    """
    kind = ws.report_kind
    return [
        i
        for i in items
        if i.occurrence is not None
        and i.occurrence.kind is kind
        and i.due == ws.rules.submission(i.occurrence)
    ]


def _reports_sent(ws: LoadedPlan, items: list[Item]) -> dict[str, date]:
    """Report period name → the day its report was recorded done, as of the items' date."""
    sent: dict[str, date] = {}
    for item in report_task_items(ws, items):
        if item.cls.done and item.completed is not None and item.occurrence is not None:
            sent.setdefault(item.occurrence.name, item.completed)
    return sent


def overdue(items: list[Item]) -> list[Item]:
    """Overdue items, worst (most days late) first, then by id."""
    late = [i for i in items if i.cls is Cls.OVERDUE]
    return sorted(late, key=lambda i: (-(i.days_late or 0), i.key))


def due_soon(items: list[Item]) -> list[Item]:
    """Items due soon (the plan's ``sap_den_han_ngay`` window, as ``classify`` judges), soonest
    first: the same items the summary counts as "sắp đến hạn"."""
    soon = [i for i in items if i.cls is Cls.DUE_SOON]
    return sorted(soon, key=lambda i: (i.due or date.max, i.key))


def _progress(ws: LoadedPlan, tally: dict[int, list[int]]) -> list[Progress]:
    """Done out of counted items per appendix and group (``_Tally.groups``)."""
    out = []
    for appendix, _file in ws.appendices:
        groups = []
        for group in appendix.groups:
            done, total = tally.get(id(group), (0, 0))
            label = f"{group.number}. {group.title}"
            group_id = f"{appendix.number}.{group.number}"
            groups.append(
                Progress(label=label, done=done, total=total, id=group_id, title=group.title)
            )
        done, total = tally.get(id(appendix), (0, 0))
        label = f"{appendix.number}" + (f" · {appendix.index}" if appendix.index else "")
        out.append(
            Progress(
                label=label,
                done=done,
                total=total,
                children=tuple(groups),
                id=appendix.number,
                title=appendix.title,
                index=appendix.index,
            )
        )
    return out


def _workload(ws: LoadedPlan, by_lead: dict[str, list[int]]) -> list[Workload]:
    """Each lead with live work (``_Tally.leads``), most overdue then most open first."""
    roster = ws.roster
    rows = []
    for lead, (live, done, late) in by_lead.items():
        if not live:
            continue
        entry = roster.get(lead)
        rows.append(
            Workload(
                lead=lead,
                title=entry.title if entry else lead,
                total=live,
                done=done,
                overdue=late,
                open=live - done,
            )
        )
    return sorted(rows, key=lambda w: (-w.overdue, -w.open, w.lead))


# ------------------------------------------------------------------------------------ filters


class Filter(Record):
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
        if self.lead and not _lead_matches(self.lead, ref.task.lead, self.people):
            return False
        if self.appendix and ref.appendix.number.casefold() != self.appendix.strip().casefold():
            return False
        if self.group and not _group_matches(self.group, ref):
            return False
        if self.due_before and (item.due is None or item.due >= self.due_before):
            return False
        if self.due_after and (item.due is None or item.due <= self.due_after):
            return False
        return not self.text or search_rank(Phrase.parse(self.text), item, self.people) is not None


def search_rank(phrase: Phrase, item: Item, people: dict[str, RosterEntry]) -> int | None:
    """Where ``phrase`` occurs, best first: 0 the id ("I.3.2", or "I.3" for its tasks), 1 the
    task's text, 2 its expected output or criterion, 3 its group, lead and notes; None: nowhere."""
    if not phrase:
        return 0
    task = item.ref.task
    wanted, task_id = fold(phrase.typed), fold(task.id)
    if task_id == wanted or ("." in wanted and task_id.startswith(wanted.rstrip(".") + ".")):
        return 0
    lead = people.get(task.lead)
    tiers: tuple[tuple[str, ...], ...] = (
        (task.text,),
        (task.output or "", task.criterion or ""),
        (
            item.ref.group.title,
            lead.title if lead else "",
            lead.person or "" if lead else "",
            task.note or "",
            item.last_note,
        ),
    )
    for rank, fields in enumerate(tiers, 1):
        if any(phrase.found_in(f) for f in fields if f):
            return rank
    return None


def _lead_matches(wanted: str, lead: str, people: dict[str, RosterEntry]) -> bool:
    """``--lead vp-tk`` (the id) or ``--lead "van phong"`` (words of the title or person)."""
    if wanted.strip().casefold() == lead.casefold():
        return True
    entry = people.get(lead)
    phrase = Phrase.parse(wanted)
    return entry is not None and (
        phrase.found_in(entry.title) or phrase.found_in(entry.person or "")
    )


def _group_matches(wanted: str, ref: TaskRef) -> bool:
    """``--group 3`` (its number, or ``I.3``) or words of the group's title."""
    wanted = wanted.strip()
    number = ref.group.number
    if wanted.casefold() in (number.casefold(), f"{ref.appendix.number}.{number}".casefold()):
        return True
    return not wanted.replace(".", "").isdigit() and Phrase.parse(wanted).found_in(ref.group.title)


def check_filter(ws: LoadedPlan, flt: Filter) -> None:
    """``UnknownFilter`` (a usage error, with suggestions) when ``--lead``, ``--appendix`` or
    ``--group`` names nothing in the plan: such a filter would keep nothing, and an empty
    answer ("nothing overdue") would be false. Only the filters given are checked (listing every
    lead and group of a large plan for a filter that is not there cost more than the filter)."""
    if flt.lead:
        roster = ws.roster
        leads = sorted({ref.task.lead for ref in ws.tasks} | set(roster))
        if not any(_lead_matches(flt.lead, lead, roster) for lead in leads):
            raise UnknownFilter(
                "filter.unknown_lead",
                value=flt.lead,
                choices=", ".join(leads),
                suggestions=_close(flt.lead, leads),
            )
    numbers = [appendix.number for appendix, _ in ws.appendices]
    if flt.appendix and flt.appendix.strip().casefold() not in {n.casefold() for n in numbers}:
        raise UnknownFilter(
            "filter.unknown_appendix",
            value=flt.appendix,
            choices=", ".join(numbers),
            suggestions=_close(flt.appendix, numbers),
        )
    if flt.group:
        groups = {f"{ref.appendix.number}.{ref.group.number}": ref for ref in ws.tasks}
        if not any(_group_matches(flt.group, ref) for ref in groups.values()):
            raise UnknownFilter(
                "filter.unknown_group",
                value=flt.group,
                choices=", ".join(groups),
                suggestions=_close(flt.group, list(groups)),
            )


def _close(value: str, choices: list[str]) -> str:
    return ", ".join(difflib.get_close_matches(value.strip(), choices, n=3, cutoff=0.6))


def select(ws: LoadedPlan, as_of: date, flt: Filter) -> list[Item]:
    """Items kept by ``flt``: in plan order, or best match first when searching for words.

    Raises ``UnknownFilter`` when a filter names no lead, appendix or group of the plan.
    """
    check_filter(ws, flt)
    kept = [item for item in classify(ws, as_of) if flt.keep(item)]
    if not flt.text:
        return kept
    phrase = Phrase.parse(flt.text)
    # sorted() is stable: equal ranks keep the plan's order.
    return sorted(kept, key=lambda item: search_rank(phrase, item, flt.people) or 0)


# ------------------------------------------------------------------------------- one record


class TaskRecord(Record, kw_only=False):
    ref: TaskRef
    lead: RosterEntry | None
    support: tuple[tuple[str, RosterEntry | None], ...]
    items: tuple[Item, ...]
    as_of: date

    @property
    def worst(self) -> Item:
        return min(self.items, key=lambda i: i.cls.rank)


def record(ws: LoadedPlan, task_id: str, as_of: date) -> TaskRecord:
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
