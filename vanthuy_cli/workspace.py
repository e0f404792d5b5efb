"""Find the plans folder and load it: every command reads the plan through ``load_workspace``.

A plans folder holds one plan file (``loai: ke_hoach``) and the appendix files it lists under
``phu_luc`` (``loai: phu_luc``). Loading never raises for a problem in the files: it returns a
``Workspace`` whose ``findings`` list every problem of every file, positioned to line and column.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from vanthuy_cli import checks
from vanthuy_cli.deadlines import Deadline
from vanthuy_cli.errors import PlanNotFound, UnknownTask
from vanthuy_cli.fileio import display_name
from vanthuy_cli.findings import Finding, finding
from vanthuy_cli.model import Appendix, Group, Plan, ReportFrequency, RosterEntry, Task
from vanthuy_cli.periods import PeriodKind, ReportingRules
from vanthuy_cli.schema import validate
from vanthuy_cli.yamlio import NodePath, Pos, YamlDoc, read_file

PLANS_DIRNAME = "plans"
_FREQUENCY_KIND = {
    ReportFrequency.MONTH: PeriodKind.MONTH,
    ReportFrequency.QUARTER: PeriodKind.QUARTER,
    ReportFrequency.HALF: PeriodKind.HALF,
    ReportFrequency.YEAR: PeriodKind.YEAR,
}
_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class TaskRef:
    """A task with where it lives: its appendix, group, file and path inside the file."""

    task: Task
    appendix: Appendix
    group: Group
    file: str
    path: NodePath

    @property
    def id(self) -> str:
        return self.task.id


@dataclass
class Workspace:
    root: Path
    plan: Plan | None = None
    plan_file: str | None = None
    appendices: list[tuple[Appendix, str]] = field(default_factory=list)
    docs: dict[str, YamlDoc] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    #: Parsed deadline of each task id (filled by ``checks.run``); absent when it does not parse.
    deadlines: dict[str, Deadline] = field(default_factory=dict)

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)

    @property
    def tasks(self) -> list[TaskRef]:
        refs = []
        for appendix, file in self.appendices:
            for gi, group in enumerate(appendix.groups):
                for ti, task in enumerate(group.tasks):
                    refs.append(TaskRef(task, appendix, group, file, ("nhom", gi, "nhiem_vu", ti)))
        return refs

    @property
    def roster(self) -> dict[str, RosterEntry]:
        return {entry.id: entry for entry in self.plan.roster} if self.plan else {}

    @property
    def rules(self) -> ReportingRules:
        settings = self.plan.reporting if self.plan else None
        if settings is None:
            return ReportingRules()
        return ReportingRules(settings.cutoff_day, settings.submit_day, settings.calendar)

    @property
    def report_kind(self) -> PeriodKind:
        """The kind of period the plan reports on (``bao_cao.ky``), quarters by default."""
        frequency = self.plan.reporting.frequency if self.plan else ReportFrequency.QUARTER
        return _FREQUENCY_KIND[frequency]

    def pos(self, file: str, path: NodePath, *, key: bool = False) -> Pos | None:
        doc = self.docs.get(file)
        return doc.pos(path, key=key) if doc else None

    def task(self, task_id: str) -> TaskRef:
        """The task with id ``task_id`` (case-insensitive); ``UnknownTask`` with suggestions."""
        refs = self.tasks
        wanted = task_id.strip().casefold()
        for ref in refs:
            if ref.id.casefold() == wanted:
                return ref
        ids = [ref.id for ref in refs]
        close = difflib.get_close_matches(task_id.strip(), ids, n=3, cutoff=0.6)
        raise UnknownTask("task.unknown", id=task_id, suggestions=", ".join(close))


def find_plans_dir(start: Path) -> Path | None:
    """``plans/`` in ``start`` or its nearest parent that has one, as git finds ``.git``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / PLANS_DIRNAME
        if candidate.is_dir():
            return candidate
    return None


def resolve_plans_dir(plans: Path | None, cwd: Path | None = None) -> Path:
    """The folder to load: ``--plans`` if given, else found from ``cwd``; PlanNotFound if none."""
    if plans is not None:
        if not plans.is_dir():
            raise PlanNotFound("plans.not_a_folder", path=str(plans))
        return plans
    found = find_plans_dir(cwd or Path.cwd())
    if found is None:
        raise PlanNotFound("plans.not_found", cwd=str(cwd or Path.cwd()))
    return found


def load_workspace(root: Path, *, today: date | None = None) -> Workspace:
    """Load and check every file of the plans folder ``root``.

    ``today`` enables the checks that depend on the date (progress entries not in the future);
    ``par validate`` passes its ``--as-of``, views leave it out because they show the past too.
    """
    ws = Workspace(root)
    try:
        paths = sorted(
            p
            for p in root.iterdir()
            if p.suffix.lower() in _SUFFIXES and not p.name.startswith((".", "~")) and p.is_file()
        )
    except OSError as exc:  # no permission to list the folder, or it vanished meanwhile
        ws.findings.append(
            finding(
                display_name(root),
                None,
                "FILE-READ",
                "file.unreadable",
                reason=exc.strerror or str(exc),
            )
        )
        return ws
    if not paths:
        ws.findings.append(finding(display_name(root), None, "PLAN-MISSING", "plans.empty"))
        return ws
    models: dict[str, object] = {}
    kinds: dict[str, str] = {}
    for path in paths:
        _load_one(ws, path, models, kinds)

    plan_files = [name for name, kind in kinds.items() if kind == "ke_hoach"]
    unreadable = any(doc.data is None for doc in ws.docs.values())
    if not plan_files and not unreadable:  # an unreadable file may be the plan: its error says
        ws.findings.append(finding(display_name(root), None, "PLAN-MISSING", "plans.no_plan"))
    for extra in plan_files[1:]:
        ws.findings.append(
            finding(
                extra,
                ws.pos(extra, ("loai",)),
                "PLAN-MULTIPLE",
                "plans.multiple",
                first=plan_files[0],
            )
        )
    plan_name = plan_files[0] if plan_files else None
    plan = models.get(plan_name) if plan_name else None
    if plan_name is not None and isinstance(plan, Plan):
        ws.plan, ws.plan_file = plan, plan_name
        listed = _attach_appendices(ws, plan, plan_name, models, kinds)
        for name, kind in kinds.items():
            if kind == "phu_luc" and name not in listed:
                ws.findings.append(
                    finding(name, None, "APPENDIX-UNLISTED", "appendix.unlisted", plan=plan_name)
                )
        checks.run(ws, today=today)
    ws.findings.sort(key=Finding.sort_key)
    return ws


def _load_one(ws: Workspace, path: Path, models: dict[str, object], kinds: dict[str, str]) -> None:
    name = display_name(path)
    doc = read_file(path, name)
    ws.docs[name] = doc
    ws.findings.extend(doc.findings)
    if doc.data is not None:
        if isinstance(doc.data, dict) and isinstance(doc.data.get("loai"), str):
            kinds[name] = doc.data["loai"]
        model, problems = validate(doc)
        ws.findings.extend(problems)
        if model is not None:
            models[name] = model


def _attach_appendices(
    ws: Workspace, plan: Plan, plan_name: str, models: dict[str, object], kinds: dict[str, str]
) -> set[str]:
    """Resolve ``phu_luc`` entries to loaded appendix files, in the plan's order."""
    listed: set[str] = set()
    seen_numbers: dict[str, int] = {}
    for i, ref in enumerate(plan.appendices):
        where = ws.pos(plan_name, ("phu_luc", i, "tep"))
        path = ws.root / ref.file
        name = _known_name(ws, display_name(path))
        if name in listed or ref.number in seen_numbers:
            ws.findings.append(
                finding(
                    plan_name,
                    where,
                    "APPENDIX-DUPLICATE",
                    "appendix.duplicate",
                    file=ref.file,
                    number=ref.number,
                )
            )
            continue
        seen_numbers[ref.number] = i
        listed.add(name)
        if name not in ws.docs:  # in a subfolder, or missing
            if not _is_file(path):
                ws.findings.append(
                    finding(plan_name, where, "APPENDIX-MISSING", "appendix.missing", file=ref.file)
                )
                continue
            _load_one(ws, path, models, kinds)
        appendix = models.get(name)
        if kinds.get(name) == "ke_hoach":  # other wrong kinds already have SCHEMA-KIND
            ws.findings.append(
                finding(
                    plan_name, where, "APPENDIX-MISSING", "appendix.not_appendix", file=ref.file
                )
            )
            continue
        if not isinstance(appendix, Appendix):
            continue  # its own findings say why
        if appendix.number != ref.number:
            ws.findings.append(
                finding(
                    name,
                    ws.pos(name, ("so",)),
                    "APPENDIX-NUMBER",
                    "appendix.number",
                    found=appendix.number,
                    expected=ref.number,
                    plan=plan_name,
                )
            )
        ws.appendices.append((appendix, name))
    return listed


def _known_name(ws: Workspace, name: str) -> str:
    """The name a loaded file already has when ``name`` is the same file spelt differently (on
    Windows and macOS "Phu-Luc-I.yaml" and "phu-luc-I.yaml" are one file)."""
    wanted = os.path.normcase(os.path.normpath(name))
    for known in ws.docs:
        if os.path.normcase(os.path.normpath(known)) == wanted:
            return known
    return name


def _is_file(path: Path) -> bool:
    """``Path.is_file`` that treats an impossible name (too long, bad characters) as absent."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def require_clean(ws: Workspace) -> Workspace:
    """Stop a command that needs a usable plan; the CLI prints the findings with the error."""
    if ws.plan is None or ws.has_errors:
        raise PlanNotFound("plans.has_errors", findings=ws.findings, root=str(ws.root))
    return ws


@dataclass(frozen=True)
class CheckResult:
    """What ``par validate`` reports: the findings and what was looked at."""

    findings: list[Finding]
    files: int
    tasks: int


def check_paths(
    paths: list[Path], plans: Path | None, *, today: date | None, cwd: Path | None = None
) -> CheckResult:
    """Validate plans folders and/or single files (each checked in the context of its folder).

    Without ``paths`` the plans folder is ``plans`` or the one found from ``cwd``. A folder that
    cannot be found is a finding (PLANS-NOT-FOUND), not an exception, so that ``validate`` always
    ends with the same kind of report.
    """
    if not paths:
        try:
            paths = [resolve_plans_dir(plans, cwd)]
        except PlanNotFound as exc:
            where = str(plans) if plans is not None else display_name(cwd or Path.cwd())
            return CheckResult(
                [finding(where, None, "PLANS-NOT-FOUND", exc.key, **exc.params)], 0, 0
            )
    folders: dict[Path, set[Path] | None] = {}  # folder → named files (None: the whole folder)
    missing: list[Finding] = []
    for path in paths:
        if path.is_dir():
            folders[path.resolve()] = None
        elif path.is_file():
            named = folders.setdefault(path.resolve().parent, set())
            if named is not None:
                named.add(path.resolve())
        else:
            missing.append(finding(display_name(path), None, "FILE-NOT-FOUND", "file.not_found"))
    findings, files, tasks = list(missing), 0, 0
    for folder, named in folders.items():
        ws = load_workspace(folder, today=today)
        shown = set(ws.docs) if named is None else {display_name(p) for p in named}
        findings.extend(f for f in ws.findings if named is None or f.path in shown)
        files += len(shown)
        # Counted from what is written, not from the validated models: one error in an appendix
        # must not make its other tasks disappear from the count.
        tasks += sum(written_tasks(ws.docs[name].data) for name in shown if name in ws.docs)
    return CheckResult(findings, files, tasks)


def written_tasks(data: object) -> int:
    """How many task entries an appendix file holds as written, valid or not."""
    groups_key = Appendix.model_fields["groups"].alias
    tasks_key = Group.model_fields["tasks"].alias
    if not isinstance(data, dict) or data.get(Appendix.model_fields["kind"].alias) != "phu_luc":
        return 0
    groups = data.get(groups_key)
    if not isinstance(groups, list):
        return 0
    return sum(
        len(group[tasks_key])
        for group in groups
        if isinstance(group, dict) and isinstance(group.get(tasks_key), list)
    )
