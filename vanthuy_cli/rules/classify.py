"""One classification of every task, and of every occurrence of a recurring task, as of a date.

The classes follow the Government Office's way of counting (docs/dinh-dang.md, "Tình trạng"):
tasks that are due are *done* (on time / late) or *not done* (within the deadline / overdue);
trackers add *not started*, *due soon*, *no deadline* ("Thường xuyên"), *deadline not
computable*, *paused* and *cancelled*.
Every view and every report uses ``classify`` and nothing else, so they always agree.

Rules, in the order they apply to one item (a task, or one occurrence of a recurring task):

1. Only progress entries dated on or before ``as_of`` count: ``--as-of`` shows the past as it was.
2. The latest entry decides: ``huy_bo`` → cancelled, ``tam_dung`` → paused (even past the deadline:
   pausing is the clerk's explicit decision, shown as such rather than as overdue).
3. ``hoan_thanh``: done on time if the completion date (the first ``hoan_thanh`` of the final run of
   them) is on or before the due date, else done late. Without a due date, done counts as on time.
4. Not done, no due date: "Thường xuyên" → no deadline; "Theo quy định"… → not computable.
5. Not done and ``as_of`` is after the due date (due at the end of that day) → overdue.
6. Not done, due within ``soon_days`` days (today included) → due soon.
7. Otherwise not started (no entry, or ``chua_thuc_hien``) or in progress.

A recurring task has one item per occurrence whose period has begun by ``as_of``. An entry belongs
to the occurrence its ``ky`` names, or else to the calendar period of its date. A ``tam_dung`` or
``huy_bo`` entry without ``ky`` applies to every later occurrence that has no entry of its own.
A continuous task is *stale* when a whole reporting period went by without news: no entry since
the start of the previous period's data window (early in a window nothing is missing yet). A
report judges it on its own window instead.

Completion ratios leave out cancelled items and continuous tasks not marked done: neither can
ever be "done" in the ordinary sense, and counting them would keep a field below 100 % forever.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from operator import itemgetter
from typing import Any

from vanthuy_cli.plan.deadlines import Deadline, DeadlineKind, Occurrence, counting_from
from vanthuy_cli.plan.loaded import LoadedPlan, TaskRef
from vanthuy_cli.plan.periods import Period
from vanthuy_cli.plan.records import ProgressEntry, Status
from vanthuy_cli.recordtype import Record, replace, setters

_new = object.__new__


class Cls(StrEnum):
    """The class of an item. Declared worst first: views sort by this order."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    UNDETERMINED = "undetermined"
    NO_DEADLINE = "no_deadline"
    PAUSED = "paused"
    DONE_LATE = "done_late"
    DONE_ON_TIME = "done_on_time"
    CANCELLED = "cancelled"

    @property
    def rank(self) -> int:
        return list(Cls).index(self)

    @property
    def done(self) -> bool:
        return self in DONE

    @property
    def counted(self) -> bool:
        """Whether the item counts in a completion ratio (see the module docstring)."""
        return self in COUNTED


#: The classes of done items, and of the items a completion ratio counts (``Cls.done``,
#: ``Cls.counted``), for loops over every item.
DONE = frozenset({Cls.DONE_ON_TIME, Cls.DONE_LATE})
COUNTED = frozenset(Cls) - {Cls.CANCELLED, Cls.NO_DEADLINE}

#: The order a report lists classes in: done first, as Government reports count them.
REPORT_ORDER = (
    Cls.DONE_ON_TIME,
    Cls.DONE_LATE,
    Cls.IN_PROGRESS,
    Cls.DUE_SOON,
    Cls.NOT_STARTED,
    Cls.OVERDUE,
    Cls.NO_DEADLINE,
    Cls.UNDETERMINED,
    Cls.PAUSED,
    Cls.CANCELLED,
)


class Item(Record, kw_only=False):
    """A task, or one occurrence of a recurring task, with its class as of a date."""

    ref: TaskRef
    cls: Cls
    deadline: Deadline | None
    due: date | None
    occurrence: Period | None
    entries: tuple[ProgressEntry, ...]
    completed: date | None
    days_late: int | None  # overdue: as_of − due; done late: completed − due
    days_left: int | None  # not done and not overdue: due − as_of
    stale: bool = False

    @property
    def key(self) -> str:
        """``I.1.3`` or, for an occurrence, ``I.1.3 (2024-Q3)``."""
        return f"{self.ref.id} ({self.occurrence.name})" if self.occurrence else self.ref.id

    @property
    def last(self) -> ProgressEntry | None:
        return self.entries[-1] if self.entries else None

    @property
    def last_note(self) -> str:
        """The latest entry that has a note: what the clerk last wrote about this item."""
        for entry in reversed(self.entries):
            if entry.note:
                return entry.note
        return ""

    @property
    def evidence(self) -> str:
        for entry in reversed(self.entries):
            if entry.evidence:
                return str(entry.evidence)
        return ""

    @property
    def percent(self) -> float | None:
        if self.cls.done:
            return 100.0
        for entry in reversed(self.entries):
            if entry.percent is not None:
                return entry.percent
        return None

    @property
    def measured(self) -> float | None:
        for entry in reversed(self.entries):
            if entry.value is not None:
                return entry.value
        return None


def classify(ws: LoadedPlan, as_of: date, *, window: tuple[date, date] | None = None) -> list[Item]:
    """Every item of the plan as of ``as_of``, in appendix and task order.

    ``window`` is the span in which a continuous task must have an entry not to be stale; by
    default from the start of the previous reporting period's window to ``as_of``.

    The answer depends only on the plan, ``as_of`` and ``window``: when the plan came from the
    plan cache (``ws.derived``), it is kept there in a compact form and the next command asking
    the same question rebuilds the items from it instead of judging every task again (``judge``).
    """
    if ws.derived is None:  # nothing to keep the answer in: no rows to make
        return _classify(ws, as_of, window or _default_window(ws, as_of))
    return judge(ws, as_of, window=window).items()


class Judged:
    """``classify``'s answer with its items built only when read (``select``).

    ``rows`` holds one ``Row`` per item, in the same order: what a count needs (the task, the
    class, occurrence or not, stale) without building the item. A large plan's dashboard counts
    twelve thousand items but shows a few hundred; it builds only those.
    """

    __slots__ = ("_items", "rows", "ws")

    def __init__(self, ws: LoadedPlan, rows: list[Row], items: list[Item] | None = None) -> None:
        self.ws = ws
        self.rows = rows
        self._items = items

    def items(self) -> list[Item]:
        """Every item, in ``rows``' order."""
        if self._items is None:
            self._items = _rebuild(self.ws, self.rows)
        return self._items

    def select(self, indices: list[int]) -> list[Item]:
        """The items at ``indices`` (positions in ``rows``), in that order."""
        if self._items is not None:
            return [self._items[k] for k in indices]
        rows = self.rows
        return _rebuild(self.ws, [rows[k] for k in indices])


def judge(ws: LoadedPlan, as_of: date, *, window: tuple[date, date] | None = None) -> Judged:
    """``classify(ws, as_of, window=window)`` as rows, its items built when selected."""
    window = window or _default_window(ws, as_of)
    store = ws.derived
    if store is not None:
        key = _key(as_of, window)
        kept = store.get(key)
        if _fits(ws, kept):
            return Judged(ws, kept)
    items = _classify(ws, as_of, window)
    rows = _compact(ws, items)
    if store is not None:
        store.put(key, rows)
    return Judged(ws, rows, items)


def _default_window(ws: LoadedPlan, as_of: date) -> tuple[date, date]:
    current = ws.rules.period_for(as_of, ws.report_kind)
    return (ws.rules.window(current.previous())[0], as_of)


def _key(as_of: date, window: tuple[date, date]) -> tuple[str, int, int, int]:
    return ("items", as_of.toordinal(), window[0].toordinal(), window[1].toordinal())


def _fits(ws: LoadedPlan, kept: Any) -> bool:
    """Whether an answer read from the cache has the shape of this plan's rows. It was kept
    under the digest of this very plan and par's code (damage is caught by the entry's hash
    before), so this only guards against a layout par no longer writes."""
    return (
        isinstance(kept, list)
        and set(map(len, kept)) <= {8}
        and max(map(_FIRST, kept), default=-1) < len(ws.tasks)
    )


_FIRST = itemgetter(0)


def _classify(ws: LoadedPlan, as_of: date, window: tuple[date, date]) -> list[Item]:
    plan = ws.plan
    items: list[Item] = []
    deadlines, soon_days, last_day = ws.deadlines, plan.due_soon_days, ws.year_end
    issued, year = plan.issued, plan.year
    for ref in ws.tasks:
        task = ref.task
        items.extend(
            classify_task(
                ref,
                deadlines.get(task.id),
                as_of=as_of,
                soon_days=soon_days,
                first_day=counting_from(task.start, issued, year),
                last_day=last_day,
                window=window,
            )
        )
    return items


#: A classified item as plain data (``Judged.rows``, and as kept between runs): the index of its
#: task in ``LoadedPlan.tasks``, of its occurrence among the task's occurrences (-1: not
#: recurring), of its class in ``CLASSES``; its completion day's ordinal, days late, days left,
#: stale; the indices of its entries in the task's progress (``None``: all of them, in order).
Row = tuple[int, int, int, int | None, int | None, int | None, bool, tuple[int, ...] | None]

#: The classes in declaration order (``Row``'s class index).
CLASSES = tuple(Cls)
_RANKS = {cls: rank for rank, cls in enumerate(CLASSES)}


def _compact(ws: LoadedPlan, items: list[Item]) -> list[Row]:
    """``items`` as plain data that ``_rebuild`` turns back into equal items for the same plan."""
    index = {id(ref): i for i, ref in enumerate(ws.tasks)}
    out: list[Row] = []
    previous: TaskRef | None = None
    position = -1
    for item in items:
        ref = item.ref
        position = position + 1 if ref is previous else 0
        previous = ref
        progress, entries = ref.task.progress, item.entries
        indices: tuple[int, ...] | None = None
        if len(entries) != len(progress) or any(
            a is not b for a, b in zip(entries, progress, strict=True)
        ):
            where = {id(entry): j for j, entry in enumerate(progress)}
            indices = tuple([where[id(entry)] for entry in entries])
        out.append(
            (
                index[id(ref)],
                -1 if item.occurrence is None else position,
                _RANKS[item.cls],
                None if item.completed is None else item.completed.toordinal(),
                item.days_late,
                item.days_left,
                item.stale,
                indices,
            )
        )
    return out


def _rebuild(ws: LoadedPlan, kept: list[Row]) -> list[Item]:
    """The items ``_compact`` kept, with the plan's own tasks, entries, deadlines and periods."""
    plan = ws.plan
    refs, deadline_of, last_day = ws.tasks, ws.deadlines.get, ws.year_end
    issued, year = plan.issued, plan.year
    classes, day = CLASSES, date.fromordinal
    items: list[Item] = []
    append = items.append
    occurrences: _Occurrences = ()
    occurrences_of = -1
    for ti, position, rank, completed, late, left, stale, indices in kept:
        ref = refs[ti]
        task = ref.task
        deadline = deadline_of(task.id)
        due: date | None
        occurrence: Period | None = None
        if position < 0:
            due = deadline.due if deadline else None
        else:
            if occurrences_of != ti:
                if deadline is None or deadline.kind is not DeadlineKind.RECURRING:
                    # Rows are kept under this plan's own digest: this is a bug, not a miss.
                    raise AssertionError(f"{task.id}: kept as recurring, its deadline is not")
                first = counting_from(task.start, issued, year)
                occurrences, occurrences_of = _occurrences(deadline, first, last_day), ti
            occ = occurrences[position][0]
            due, occurrence = occ.due, occ.period
        progress = task.progress
        entries = tuple(progress) if indices is None else tuple(map(progress.__getitem__, indices))
        done = None if completed is None else day(completed)
        append(
            _item(ref, classes[rank], deadline, due, occurrence, entries, done, late, left, stale)
        )
    return items


def classify_task(
    ref: TaskRef,
    deadline: Deadline | None,
    *,
    as_of: date,
    soon_days: int,
    first_day: date,
    last_day: date,
    window: tuple[date, date],
) -> list[Item]:
    """The items of one task (one, or one per begun occurrence when it recurs)."""
    entries = tuple([e for e in ref.task.progress if e.date <= as_of])
    if deadline is None or deadline.kind is not DeadlineKind.RECURRING:
        due = deadline.due if deadline else None
        item = _judge(ref, deadline, due, None, entries, as_of, soon_days)
        if deadline is not None and deadline.kind is DeadlineKind.CONTINUOUS:
            start, end = window
            fresh = any(start <= e.date <= min(end, as_of) for e in entries)
            if not fresh and item.cls is Cls.NO_DEADLINE:
                item = replace(item, stale=True)
        return [item]
    items = []
    standing = [e for e in entries if e.period is None]
    for occ, name, start, end in _occurrences(deadline, first_day, last_day):
        if start > as_of:
            break
        own = tuple(
            [
                e
                for e in entries
                if e.period == name or (e.period is None and start <= e.date <= end)
            ]
        )
        if not own:
            # "tạm dừng"/"hủy bỏ" written once, without ky, holds for the occurrences after it.
            latest = next((e for e in reversed(standing) if e.date <= occ.due), None)
            if latest is not None and latest.status in (Status.PAUSED, Status.CANCELLED):
                own = (latest,)
        items.append(_judge(ref, deadline, occ.due, occ.period, own, as_of, soon_days))
    return items


_Occurrences = tuple[tuple[Occurrence, str, date, date], ...]

#: Occurrences by (deadline, first day, last day), each with its period's name, first and last
#: day: thousands of tasks share a few recurring deadlines ("Hằng quý, chậm nhất ngày 20") and
#: a counting start, so each such deadline's periods are worked out once per process (every
#: part is immutable).
_OCCURRENCES: dict[tuple[Deadline, date, date], _Occurrences] = {}


def _occurrences(deadline: Deadline, first: date, last: date) -> _Occurrences:
    key = (deadline, first, last)
    found = _OCCURRENCES.get(key)
    if found is None:
        found = _OCCURRENCES[key] = tuple(
            (occ, occ.period.name, occ.period.start, occ.period.end)
            for occ in deadline.occurrences(first, last)
        )
    return found


def _item(
    ref: TaskRef,
    cls: Cls,
    deadline: Deadline | None,
    due: date | None,
    occurrence: Period | None,
    entries: tuple[ProgressEntry, ...],
    completed: date | None,
    late: int | None,
    left: int | None,
    stale: bool,
) -> Item:
    # Twelve thousand items on a large plan: filled in through the slots' setters rather than
    # ``__init__``; same fields, same values.
    made = _new(Item)
    _set_ref(made, ref)
    _set_cls(made, cls)
    _set_deadline(made, deadline)
    _set_due(made, due)
    _set_occurrence(made, occurrence)
    _set_entries(made, entries)
    _set_completed(made, completed)
    _set_late(made, late)
    _set_left(made, left)
    _set_stale(made, stale)
    return made


(
    _set_ref,
    _set_cls,
    _set_deadline,
    _set_due,
    _set_occurrence,
    _set_entries,
    _set_completed,
    _set_late,
    _set_left,
    _set_stale,
) = setters(Item)


def _judge(
    ref: TaskRef,
    deadline: Deadline | None,
    due: date | None,
    occurrence: Period | None,
    entries: tuple[ProgressEntry, ...],
    as_of: date,
    soon_days: int,
) -> Item:
    last = entries[-1] if entries else None
    status = last.status if last else None
    completed: date | None = None
    late: int | None = None
    left: int | None = None
    if status is Status.CANCELLED:
        cls = Cls.CANCELLED
    elif status is Status.PAUSED:
        cls = Cls.PAUSED
    elif status is Status.DONE:
        completed = _completion_date(entries)
        if due is None or completed <= due:
            cls = Cls.DONE_ON_TIME
        else:
            cls, late = Cls.DONE_LATE, (completed - due).days
    elif due is None:
        undetermined = deadline is not None and deadline.kind is DeadlineKind.UNDETERMINED
        cls = Cls.UNDETERMINED if undetermined else Cls.NO_DEADLINE
    elif as_of > due:
        cls, late = Cls.OVERDUE, (as_of - due).days
    else:
        left = (due - as_of).days
        if left <= soon_days:
            cls = Cls.DUE_SOON
        elif status in (None, Status.NOT_STARTED):
            cls = Cls.NOT_STARTED
        else:
            cls = Cls.IN_PROGRESS
    return _item(ref, cls, deadline, due, occurrence, entries, completed, late, left, False)


def _completion_date(entries: Sequence[ProgressEntry]) -> date:
    """The first ``hoan_thanh`` of the trailing run: a later correction keeps the original date."""
    completed = entries[-1].date
    for entry in reversed(entries):
        if entry.status is not Status.DONE:
            break
        completed = entry.date
    return completed
