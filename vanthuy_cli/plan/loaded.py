"""A plan that loaded: the plan, its appendices in the plan's order, and each task's deadline.

``LoadedPlan`` is what every view, report and check works on. It is frozen and never holds an
absent plan: ``workspace.load_workspace`` returns a ``LoadAttempt`` whose ``loaded`` is ``None``
when no plan could be read, so nothing downstream asks "is there a plan?" again.

It is built from the files that are valid; an appendix whose errors lie in some of its tasks
keeps its other tasks (``dropped`` says which were left out), one with any other error is left
out whole; the findings say why. ``LoadAttempt.require_valid`` refuses a plan with any error;
the views (status, overdue, list, show) take ``LoadAttempt.usable_part``: the plan without the
tasks and files that have errors, its findings still holding them.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from vanthuy_cli.errors import UnknownTask
from vanthuy_cli.findings import Finding
from vanthuy_cli.plan import keys as K
from vanthuy_cli.plan.deadlines import Deadline
from vanthuy_cli.plan.periods import PeriodKind, ReportingRules
from vanthuy_cli.plan.records import Appendix, Group, Plan, ReportFrequency, RosterEntry, Task
from vanthuy_cli.recordtype import Record, setters
from vanthuy_cli.recordtype import replace as replace_record

if TYPE_CHECKING:  # types only: the warm path (plancache) needs neither pydantic nor PyYAML
    from vanthuy_cli.plan.criteria_records import Catalogue
    from vanthuy_cli.plan.figures import PeriodFigures
    from vanthuy_cli.storage.yamlio import NodePath, Pos, YamlDoc

_FREQUENCY_KIND = {
    ReportFrequency.MONTH: PeriodKind.MONTH,
    ReportFrequency.QUARTER: PeriodKind.QUARTER,
    ReportFrequency.HALF: PeriodKind.HALF,
    ReportFrequency.YEAR: PeriodKind.YEAR,
}


class TaskRef(Record):
    """A task with where it lives: its appendix, group, file and path inside the file."""

    task: Task
    appendix: Appendix
    group: Group
    file: str
    path: NodePath

    @property
    def id(self) -> str:
        return self.task.id

    def key_path(self, *keys: str | int) -> NodePath:
        """The path of a key inside this task, for ``LoadedPlan.pos``."""
        return (*self.path, *keys)


_REF_SETTERS = setters(TaskRef)

#: Tasks left out of a file because of their own errors: (group index, task index) as written.
Dropped = frozenset[tuple[int, int]]


def written_indices(group_index: int, dropped: Dropped) -> Iterator[int]:
    """The indices, as written in the file, of the tasks a group's model still holds: 0, 1, 2…
    skipping the tasks left out (so positions and findings still point at the right lines)."""
    return (ti for ti in itertools.count() if (group_index, ti) not in dropped)


def task_refs(
    appendices: tuple[tuple[Appendix, str], ...], dropped: Mapping[str, Dropped] | None = None
) -> tuple[TaskRef, ...]:
    """Every task of ``appendices`` in document order, with its place in its file."""
    refs: list[TaskRef] = []
    new = object.__new__
    set_task, set_appendix, set_group, set_file, set_path = _REF_SETTERS
    for appendix, file in appendices:
        gone = (dropped or {}).get(file)
        for gi, group in enumerate(appendix.groups):
            indices = written_indices(gi, gone) if gone else itertools.count()
            for task, ti in zip(group.tasks, indices, strict=False):
                # Filled in through the slots' setters rather than ``__init__`` (keywords,
                # defaults): a large plan has thousands of tasks and every command builds refs.
                ref = new(TaskRef)
                set_task(ref, task)
                set_appendix(ref, appendix)
                set_group(ref, group)
                set_file(ref, file)
                set_path(ref, (K.GROUPS, gi, K.TASKS, ti))
                refs.append(ref)
    return tuple(refs)


def without_tasks(appendix: Appendix, leave_out: Dropped, already: Dropped) -> Appendix:
    """``appendix`` without the tasks at the written positions ``leave_out``; ``already`` are
    the positions its model already lacks."""
    groups = [
        replace_record(
            group,
            tasks=[
                task
                for task, ti in zip(group.tasks, written_indices(gi, already), strict=False)
                if (gi, ti) not in leave_out
            ],
        )
        for gi, group in enumerate(appendix.groups)
    ]
    return replace_record(appendix, groups=groups)


class DerivedStore(Protocol):
    """Answers worked out from one plan, kept between runs (``plancache.Derived``): ``get``
    gives what ``put`` kept for the same question (``key``), or ``None``."""

    def get(self, key: tuple[Any, ...]) -> Any: ...

    def put(self, key: tuple[Any, ...], value: Any) -> None: ...


@dataclass(frozen=True)
class LoadedPlan:
    """The plan and its appendices as loaded from ``root`` (immutable; safe to cache)."""

    root: Path
    plan: Plan
    plan_file: str
    #: (appendix, file name) in the order the plan lists them; appendices with errors left out.
    appendices: tuple[tuple[Appendix, str], ...]
    #: Every file read, with the positions of its nodes (for findings).
    docs: Mapping[str, YamlDoc]
    #: The parsed deadline of each task id; absent when it does not parse (a finding says why).
    deadlines: Mapping[str, Deadline] = field(default_factory=dict)
    #: What loading found in these files, sorted (only warnings when the plan is valid).
    findings: tuple[Finding, ...] = ()
    #: A period's figures (``so-lieu-<period>.yaml``) and their file, by period name.
    figures: Mapping[str, tuple[PeriodFigures, str]] = field(default_factory=dict)
    #: The PAR INDEX criteria catalogue (``loai: bo_tieu_chi``) and its file, when there is one.
    catalogue: Catalogue | None = None
    catalogue_file: str | None = None
    #: Tasks left out of an appendix because of their own errors (the rest of the file loads),
    #: by file name; empty for a valid plan (and so never stored by the cache).
    dropped: Mapping[str, Dropped] = field(default_factory=dict)

    @cached_property
    def tasks(self) -> tuple[TaskRef, ...]:
        return task_refs(self.appendices, self.dropped)

    def left_out(self) -> list[str]:
        """The ids of the tasks left out for their errors, as written in their files."""
        return [task_id for task_id, _file in self._left_out_tasks()]

    def left_out_task(self, task_id: str) -> tuple[str, str] | None:
        """(id as written, file) of a task left out for its errors (case-insensitive), so that
        ``par edit`` can open it to fix it; ``None`` if no such task was left out."""
        wanted = task_id.strip().casefold()
        return next(
            (found for found in self._left_out_tasks() if found[0].casefold() == wanted), None
        )

    def _left_out_tasks(self) -> list[tuple[str, str]]:
        found = []
        for file, positions in self.dropped.items():
            doc = self.docs.get(file)
            data: Any = doc.data if doc is not None else None
            for gi, ti in sorted(positions):
                try:
                    found.append((str(data[K.GROUPS][gi][K.TASKS][ti][K.TASK_ID]), file))
                except (KeyError, IndexError, TypeError):
                    found.append((f"{file}:{K.GROUPS}[{gi}].{K.TASKS}[{ti}]", file))
        return found

    @cached_property
    def indicators(self) -> dict[str, tuple[dict[str, float | int | None], str]]:
        """Each period's derived figures (``figures.indicators``) and file, by period name: what
        scoring reads. The plan cache stores them, so a warm ``par status`` validates no figures
        file (``PeriodFigures`` is pydantic)."""
        from vanthuy_cli.plan.figures import indicators

        return {period: (indicators(model), file) for period, (model, file) in self.figures.items()}

    @property
    def derived(self) -> DerivedStore | None:
        """Where answers worked out from this very plan may be kept between runs: set by the
        plan cache on a plan it stored or rebuilt, never on a plan with errors, and not carried
        to a copy made with ``dataclasses.replace`` (it is not a field), whose content may differ.
        """
        store: DerivedStore | None = self.__dict__.get("_derived")
        return store

    @cached_property
    def roster(self) -> dict[str, RosterEntry]:
        return {entry.id: entry for entry in self.plan.roster}

    @property
    def year_end(self) -> date:
        """The last day of the plan year: the horizon of every occurrence and report."""
        return date(self.plan.year, 12, 31)

    @property
    def rules(self) -> ReportingRules:
        settings = self.plan.reporting
        return ReportingRules(settings.cutoff_day, settings.submit_day, settings.calendar)

    @property
    def report_kind(self) -> PeriodKind:
        """The kind of period the plan reports on (``bao_cao.ky``), quarters by default."""
        return _FREQUENCY_KIND[self.plan.reporting.frequency]

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)

    def pos(self, file: str, path: NodePath, *, key: bool = False) -> Pos | None:
        """Line and column of ``path`` in ``file`` (of the key itself with ``key``)."""
        doc = self.docs.get(file)
        return doc.pos(path, key=key) if doc else None

    def task(self, task_id: str) -> TaskRef:
        """The task with id ``task_id`` (case-insensitive); ``UnknownTask`` with suggestions."""
        wanted = task_id.strip().casefold()
        for ref in self.tasks:
            if ref.id.casefold() == wanted:
                return ref
        ids = [ref.id for ref in self.tasks]
        close = difflib.get_close_matches(task_id.strip(), ids, n=3, cutoff=0.6)
        raise UnknownTask("task.unknown", id=task_id, suggestions=", ".join(close))
