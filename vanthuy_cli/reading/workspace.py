"""Find the plans folder and load it: every command reads the plan through ``load_workspace``.

A plans folder holds one plan file (``loai: ke_hoach``) and the appendix files it lists under
``phu_luc`` (``loai: phu_luc``). Loading never raises for a problem in the files: it returns a
``LoadAttempt`` whose ``findings`` list every problem of every file, positioned to line and
column, and whose ``loaded`` is the plan built from the valid files (``None`` without a valid
plan file). Loading is a pipeline of functions that return values: read the files, attach the
appendices the plan lists, parse the deadlines, run the checks; nothing is filled in later.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from vanthuy_cli.errors import PlanNotFound
from vanthuy_cli.findings import Finding, cap_per_file, finding
from vanthuy_cli.plan import keys as K
from vanthuy_cli.plan.loaded import Dropped, LoadedPlan, TaskRef, without_tasks
from vanthuy_cli.plan.records import Appendix, Plan, RosterEntry, suggest_person
from vanthuy_cli.recordtype import Record, replace
from vanthuy_cli.rules import checks
from vanthuy_cli.storage.fileio import display_name, is_dir, is_file, is_within, stat_problem

if TYPE_CHECKING:  # loading imports them; finding the folder and the warm path do not
    from pydantic import BaseModel

    from vanthuy_cli.storage.yamlio import YamlDoc

__all__ = [
    "DiskFiles",
    "LoadAttempt",
    "LoadedPlan",
    "PlanFiles",
    "TaskRef",
    "check_paths",
    "find_plans_dir",
    "load_workspace",
    "require_clean",
    "resolve_plans_dir",
]

PLANS_DIRNAME = "plans"
_SUFFIXES = (".yaml", ".yml")


class PlanFiles(Protocol):
    """Where the files of a plans folder are read from: the disk, or a git commit
    (``revision.CommitFiles``, for ``par report --rev``). Paths are below the plans folder."""

    def listing(self, root: Path) -> list[Path]:
        """The YAML files directly in ``root`` (not in subfolders), sorted."""
        ...

    def is_file(self, path: Path) -> bool: ...

    def name(self, path: Path) -> str:
        """How findings and the loaded plan name the file."""
        ...

    def read(self, path: Path, name: str) -> YamlDoc:
        """The parsed file; never raises for a bad file (its findings say what is wrong)."""
        ...


class DiskFiles:
    """The plans folder on the disk: what every command but ``report --rev`` reads."""

    def listing(self, root: Path) -> list[Path]:
        return sorted(
            p
            for p in root.iterdir()
            if p.suffix.lower() in _SUFFIXES and not p.name.startswith((".", "~")) and p.is_file()
        )

    def is_file(self, path: Path) -> bool:
        return is_file(path)

    def name(self, path: Path) -> str:
        return display_name(path)

    def read(self, path: Path, name: str) -> YamlDoc:
        from vanthuy_cli.storage.yamlio import read_file

        return read_file(path, name)


class LoadAttempt(Record, kw_only=False):
    """What reading a plans folder gave: every finding, and the plan when one could be built."""

    root: Path
    docs: Mapping[str, YamlDoc]
    findings: tuple[Finding, ...]
    #: The plan and its valid appendices; ``None`` when no valid plan file was found.
    loaded: LoadedPlan | None

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)

    @property
    def tasks(self) -> tuple[TaskRef, ...]:
        """The tasks that loaded (none without a plan)."""
        return self.loaded.tasks if self.loaded is not None else ()

    def require_valid(self) -> LoadedPlan:
        """The plan, for a command that needs every file valid; ``PlanNotFound`` otherwise (the
        CLI prints the findings with it)."""
        if self.loaded is None or self.has_errors:
            findings = list(self.findings)
            raise PlanNotFound("plans.has_errors", findings=findings, root=str(self.root))
        return self.loaded

    def usable_part(self) -> LoadedPlan:
        """The valid part of the plan, for the views that show it (status, overdue, list, show):
        without the tasks that have errors when every error of an appendix lies inside its tasks,
        without the whole file otherwise (a syntax error, an error in its header or a group's).
        Its ``findings`` keep every error, so ``has_errors`` says it is partial.
        ``PlanNotFound`` as ``require_valid`` when the plan file itself has
        an error: without a sound plan file nothing shown could be trusted."""
        if self.loaded is None or not self.has_errors:
            return self.require_valid()
        loaded = self.loaded
        errors = [f for f in self.findings if f.is_error]
        broken = {f.path for f in errors}
        # An appendix the plan lists but that is missing or listed twice is reported at the
        # plan file; that appendix is simply not attached, the plan itself is sound.
        plan_broken = any(
            f.is_error and f.path == loaded.plan_file and not f.rule.startswith("APPENDIX-")
            for f in self.findings
        )
        if plan_broken:
            return self.require_valid()
        catalogue_ok = loaded.catalogue_file not in broken
        appendices = []
        dropped = dict(loaded.dropped)
        for appendix, name in loaded.appendices:
            doc = self.docs.get(name)
            # Errors inside tasks leave those tasks out; any other error the whole file, as does
            # a file with more errors than are listed (the unlisted ones cannot be located).
            capped = any(f.rule == "FINDINGS-MORE" and f.path == name for f in self.findings)
            mine = [f for f in errors if f.path == name]
            hit = tasks_holding(doc, mine) if doc is not None and not capped else None
            if hit is None:
                continue
            if hit:
                already = dropped.get(name, frozenset())
                appendix = without_tasks(appendix, hit, already)
                dropped[name] = already | hit
            appendices.append((appendix, name))
        return replace(
            loaded,
            appendices=tuple(appendices),
            dropped=dropped,
            figures={p: fig for p, fig in loaded.figures.items() if fig[1] not in broken},
            catalogue=loaded.catalogue if catalogue_ok else None,
            catalogue_file=loaded.catalogue_file if catalogue_ok else None,
        )


def task_spans(doc: YamlDoc) -> dict[tuple[int, int], tuple[int, int]]:
    """First and last line of each task of an appendix file, by (group index, task index) as
    written: from the positions of every node inside the task."""
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for table in (doc.values, doc.keys):
        for path, (line, _col) in table.items():
            if len(path) < 4 or path[0] != K.GROUPS or path[2] != K.TASKS:
                continue
            gi, ti = path[1], path[3]
            if not (isinstance(gi, int) and isinstance(ti, int)):
                continue
            first, last = spans.get((gi, ti), (line, line))
            spans[(gi, ti)] = (min(first, line), max(last, line))
    return spans


def tasks_holding(doc: YamlDoc, errors: list[Finding]) -> Dropped | None:
    """The tasks (as ``task_spans`` numbers them) that hold every one of ``errors``; ``None`` when
    one lies outside every task (the whole file, its header, a group's title) or the file did
    not parse."""
    if doc.data is None:
        return None
    spans = task_spans(doc)
    hit = set()
    for f in errors:
        where = next((key for key, (a, b) in spans.items() if a <= f.line <= b), None)
        if not f.line or where is None:
            return None
        hit.add(where)
    return frozenset(hit)


def find_plans_dir(start: Path) -> Path | None:
    """``plans/`` in ``start`` or its nearest parent that has one, as git finds ``.git``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / PLANS_DIRNAME
        if is_dir(candidate):
            return candidate
    return None


def resolve_plans_dir(plans: Path | None, cwd: Path | None = None) -> Path:
    """The folder to load: ``--plans`` if given, else found from ``cwd``; PlanNotFound if none."""
    if plans is not None:
        if not is_dir(plans):
            problem = stat_problem(plans)  # no permission, name too long
            if problem:
                raise PlanNotFound("plans.inaccessible", path=str(plans), reason=problem)
            raise PlanNotFound("plans.not_a_folder", path=str(plans))
        return plans
    found = find_plans_dir(cwd or Path.cwd())
    if found is None:
        raise PlanNotFound("plans.not_found", cwd=str(cwd or Path.cwd()))
    return found


def load_workspace(
    root: Path, *, today: date | None = None, source: PlanFiles | None = None
) -> LoadAttempt:
    """Load and check every file of the plans folder ``root``.

    ``today`` enables the checks that depend on the date (progress entries not in the future);
    ``par validate`` passes its ``--as-of``, views leave it out because they show the past too.
    ``source``: where the files are read (default: the disk).
    """
    files = _Files(root, source or DiskFiles())
    try:
        paths = files.source.listing(root)
    except OSError as exc:  # no permission to list the folder, or it vanished meanwhile
        reason = exc.strerror or str(exc)
        files.findings.append(
            finding(display_name(root), None, "FILE-READ", "file.unreadable", reason=reason)
        )
        return files.attempt(None)
    if not paths:
        files.findings.append(finding(display_name(root), None, "PLAN-MISSING", "plans.empty"))
        return files.attempt(None)
    for path in paths:
        files.read(path)

    plan_name, plan = _the_plan(files)
    if plan_name is None or plan is None:
        return files.attempt(None)
    appendices, listed = _attach_appendices(files, plan, plan_name)
    files.findings = _people_hints(files.findings, {entry.id: entry for entry in plan.roster})
    for name, kind in files.kinds.items():
        if kind == K.KIND_APPENDIX and name not in listed:
            files.findings.append(
                finding(name, None, "APPENDIX-UNLISTED", "appendix.unlisted", plan=plan_name)
            )
    from vanthuy_cli.plan.figures import PeriodFigures, check_files

    figures, figure_findings = check_files(
        {n: m for n, m in files.models.items() if isinstance(m, PeriodFigures)},
        files.docs,
        plan.year,
    )
    files.findings.extend(figure_findings)
    loaded = LoadedPlan(
        root,
        plan,
        plan_name,
        tuple(appendices),
        files.docs,
        figures=figures,
        dropped={name: files.dropped[name] for _, name in appendices if name in files.dropped},
    )
    deadlines, deadline_findings = checks.parse_deadlines(loaded)
    loaded = replace(loaded, deadlines=deadlines)
    files.findings.extend(deadline_findings)
    files.findings.extend(checks.run(loaded, today=today))
    # Imported here: the catalogue model needs pydantic, which a cached plan never loads.
    from vanthuy_cli.rules import criteria_checks

    loaded, criteria_findings = criteria_checks.attach(loaded, files.models)
    files.findings.extend(criteria_findings)
    return files.attempt(loaded)


class _Files:
    """The files read so far while loading (private to this module; never handed out).

    A plain class, not a dataclass: it is filled in as files are read, and defining a dataclass
    costs every command about a millisecond at import."""

    def __init__(self, root: Path, source: PlanFiles) -> None:
        self.root = root
        self.source = source
        self.docs: dict[str, YamlDoc] = {}
        self.findings: list[Finding] = []
        self.models: dict[str, object] = {}
        #: ``loai`` of each file that has one, valid or not.
        self.kinds: dict[str, str] = {}
        #: Tasks of an appendix left out for their schema errors (see ``_without_broken_tasks``).
        self.dropped: dict[str, Dropped] = {}
        #: Normalised name → name in ``docs`` (see ``known_name``), rebuilt when ``docs`` grows.
        self.normalised: dict[str, str] = {}

    def read(self, path: Path) -> None:
        name = self.source.name(path)
        doc = self.source.read(path, name)
        self.docs[name] = doc
        self.findings.extend(doc.findings)
        if doc.data is None:
            return
        if isinstance(doc.data, dict) and isinstance(doc.data.get(K.KIND), str):
            self.kinds[name] = doc.data[K.KIND]
        from vanthuy_cli.plan.model import to_record  # pydantic: only when files are actually read
        from vanthuy_cli.reading.schema import validate

        model, problems = validate(doc)
        self.findings.extend(problems)
        if model is None and isinstance(doc.data, dict) and doc.data.get(K.KIND) == K.KIND_APPENDIX:
            model = self._without_broken_tasks(doc, problems)
        if model is not None:
            self.models[name] = to_record(model)

    def _without_broken_tasks(self, doc: YamlDoc, problems: list[Finding]) -> BaseModel | None:
        """An appendix whose schema errors all lie inside some of its tasks, validated again
        without those tasks (``dropped`` records them): its other tasks load and are checked.
        ``None`` if the errors are elsewhere or the file is still invalid without them."""
        from vanthuy_cli.reading.schema import validate

        hit = tasks_holding(doc, [f for f in problems if f.is_error])
        groups = doc.data.get(K.GROUPS)
        if not hit or not isinstance(groups, list):
            return None
        kept = [
            {**group, K.TASKS: [t for ti, t in enumerate(group[K.TASKS]) if (gi, ti) not in hit]}
            if isinstance(group, dict) and isinstance(group.get(K.TASKS), list)
            else group
            for gi, group in enumerate(groups)
        ]
        model, again = validate(replace(doc, data={**doc.data, K.GROUPS: kept}))
        if model is None or again:
            return None
        self.dropped[doc.name] = hit
        return model

    def pos(self, file: str, path: tuple[str | int, ...]) -> tuple[int, int] | None:
        doc = self.docs.get(file)
        return doc.pos(path) if doc else None

    def known_name(self, name: str) -> str:
        """The name a loaded file already has when ``name`` is the same file spelt differently
        (on Windows and macOS "Phu-Luc-I.yaml" and "phu-luc-I.yaml" are one file)."""
        if len(self.normalised) != len(self.docs):  # one dict lookup, not a scan of every file
            self.normalised = {_normalised(known): known for known in reversed(self.docs)}
        return self.normalised.get(_normalised(name), name)

    def attempt(self, loaded: LoadedPlan | None) -> LoadAttempt:
        findings = tuple(sorted(cap_per_file(self.findings), key=Finding.sort_key))
        if loaded is not None:
            loaded = replace(loaded, findings=findings)
        return LoadAttempt(self.root, dict(self.docs), findings, loaded)


def _people_hints(findings: list[Finding], roster: Mapping[str, RosterEntry]) -> list[Finding]:
    """A lead or supporting unit that is not even written as a code ("Bộ phận Một cửa xã",
    "mot_cua") fails the schema before the roster is known; once it is, the finding gets the
    same "did you mean <code>" as an unknown code (checks.ROSTER-UNKNOWN)."""
    out = []
    for f in findings:
        if f.message == "schema.roster_id" and f.params.get("key") in (K.LEAD, K.SUPPORT):
            suggestion = suggest_person(roster, str(f.params.get("value", "")))
            if suggestion:
                hint = {
                    "suggestion": suggestion,
                    "title": roster[suggestion].title,
                    "hint": "roster.hint.did_you_mean",
                }
                f = replace(f, params={**f.params, **hint})
        out.append(f)
    return out


def _normalised(name: str) -> str:
    return os.path.normcase(os.path.normpath(name))


def _the_plan(files: _Files) -> tuple[str | None, Plan | None]:
    """The plan file's name and model (``None`` when there is no valid one), with PLAN-MISSING
    and PLAN-MULTIPLE findings."""
    plan_files = [name for name, kind in files.kinds.items() if kind == K.KIND_PLAN]
    unreadable = any(doc.data is None for doc in files.docs.values())
    if not plan_files and not unreadable:  # an unreadable file may be the plan: its error says
        files.findings.append(
            finding(display_name(files.root), None, "PLAN-MISSING", "plans.no_plan")
        )
    for extra in plan_files[1:]:
        files.findings.append(
            finding(
                extra,
                files.pos(extra, (K.KIND,)),
                "PLAN-MULTIPLE",
                "plans.multiple",
                first=plan_files[0],
            )
        )
    if not plan_files:
        return None, None
    plan = files.models.get(plan_files[0])
    return plan_files[0], plan if isinstance(plan, Plan) else None


def _attach_appendices(
    files: _Files, plan: Plan, plan_name: str
) -> tuple[list[tuple[Appendix, str]], set[str]]:
    """The appendices the plan lists (``phu_luc``), loaded, in the plan's order; and every file
    name the plan lists."""
    appendices: list[tuple[Appendix, str]] = []
    listed: set[str] = set()
    seen_numbers: dict[str, int] = {}
    for i, ref in enumerate(plan.appendices):
        where = files.pos(plan_name, (K.PLAN_APPENDICES, i, K.APPENDIX_REF_FILE))
        path = files.root / ref.file
        if not is_within(path, files.root):  # "../", "/etc/passwd", or a link pointing out
            files.findings.append(
                finding(plan_name, where, "APPENDIX-MISSING", "appendix.outside", file=ref.file)
            )
            continue
        name = files.known_name(files.source.name(path))
        if name in listed or ref.number in seen_numbers:
            files.findings.append(
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
        if name not in files.docs:  # in a subfolder, or missing
            if not files.source.is_file(path):
                files.findings.append(
                    finding(plan_name, where, "APPENDIX-MISSING", "appendix.missing", file=ref.file)
                )
                continue
            files.read(path)
        appendix = files.models.get(name)
        if files.kinds.get(name) == K.KIND_PLAN:  # other wrong kinds already have SCHEMA-KIND
            files.findings.append(
                finding(
                    plan_name, where, "APPENDIX-MISSING", "appendix.not_appendix", file=ref.file
                )
            )
            continue
        if not isinstance(appendix, Appendix):
            continue  # its own findings say why
        if appendix.number != ref.number:
            files.findings.append(
                finding(
                    name,
                    files.pos(name, (K.APPENDIX_NUMBER,)),
                    "APPENDIX-NUMBER",
                    "appendix.number",
                    found=appendix.number,
                    expected=ref.number,
                    plan=plan_name,
                )
            )
        appendices.append((appendix, name))
    return appendices, listed


def require_clean(attempt: LoadAttempt) -> LoadedPlan:
    """Stop a command that needs a usable plan; the CLI prints the findings with the error."""
    return attempt.require_valid()


class CheckResult(Record, kw_only=False):
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
        if is_dir(path):
            folders[path.resolve()] = None
        elif is_file(path):
            named = folders.setdefault(path.resolve().parent, set())
            if named is not None:
                named.add(path.resolve())
        elif problem := stat_problem(path):  # no permission on a folder above, name too long
            missing.append(
                finding(display_name(path), None, "FILE-READ", "file.unreadable", reason=problem)
            )
        else:
            missing.append(finding(display_name(path), None, "FILE-NOT-FOUND", "file.not_found"))
    findings, files, tasks = list(missing), 0, 0
    for folder, named in folders.items():
        attempt = load_workspace(folder, today=today)
        shown = set(attempt.docs) if named is None else {display_name(p) for p in named}
        findings.extend(f for f in attempt.findings if named is None or f.path in shown)
        files += len(shown)
        # Counted from what is written, not from the validated models: one error in an appendix
        # must not make its other tasks disappear from the count.
        tasks += sum(
            written_tasks(attempt.docs[name].data) for name in shown if name in attempt.docs
        )
    return CheckResult(findings, files, tasks)


def written_tasks(data: object) -> int:
    """How many task entries an appendix file holds as written, valid or not."""
    if not isinstance(data, dict) or data.get(K.KIND) != K.KIND_APPENDIX:
        return 0
    groups = data.get(K.GROUPS)
    if not isinstance(groups, list):
        return 0
    return sum(
        len(group[K.TASKS])
        for group in groups
        if isinstance(group, dict) and isinstance(group.get(K.TASKS), list)
    )
