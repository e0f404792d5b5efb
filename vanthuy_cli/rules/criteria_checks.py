"""Checks between the criteria catalogue and the plan (``par validate``).

Errors: two catalogue files, or one number used twice. Warnings, which do not stop ``par score``:
a task whose ``tieu_chi`` names nothing in the catalogue, a sub-criterion that no task and no
clerk entry feeds (it would score nothing), a ``nhiem_vu`` naming a task the plan does not have,
and an evidence file (``minh_chung: {tep: …}``) missing from ``evidence/``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

from vanthuy_cli.findings import Finding, finding
from vanthuy_cli.plan import criteria
from vanthuy_cli.plan import keys as K
from vanthuy_cli.plan.criteria_records import Catalogue, Scored, Source
from vanthuy_cli.plan.figures import ROWS
from vanthuy_cli.plan.loaded import LoadedPlan
from vanthuy_cli.rules import evidence
from vanthuy_cli.storage.yamlio import NodePath

#: The names ``chi_so`` may give: every number ``figures.indicators`` derives.
FIGURE_NAMES = tuple(row[0] for row in ROWS)


def attach(loaded: LoadedPlan, models: Mapping[str, object]) -> tuple[LoadedPlan, list[Finding]]:
    """The plan with its catalogue (found among the files read), and what the checks found."""
    out = _task_evidence_files(loaded)
    found = [(name, m) for name, m in models.items() if isinstance(m, criteria.Catalogue)]
    if not found:
        return loaded, out
    name, model = found[0]
    catalogue: Catalogue = criteria.to_record(model)
    for extra, _ in found[1:]:
        out.append(
            finding(
                extra,
                loaded.pos(extra, (K.KIND,)),
                "CRITERIA-MULTIPLE",
                "criteria.multiple",
                first=name,
            )
        )
    loaded = replace(loaded, catalogue=catalogue, catalogue_file=name)
    out.extend(_duplicates(loaded, catalogue, name))
    out.extend(_links(loaded, catalogue, name))
    out.extend(_evidence_files(loaded, catalogue, name))
    return loaded, out


def leaves_with_paths(catalogue: Catalogue) -> Iterator[tuple[Scored, NodePath]]:
    """Every scored item with its path in the YAML file (for positions)."""
    for ai, area in enumerate(catalogue.areas):
        for ci, criterion in enumerate(area.criteria):
            base: NodePath = (K.CATALOGUE_AREAS, ai, K.AREA_CRITERIA, ci)
            if not criterion.children:
                yield criterion, base
            for si, child in enumerate(criterion.children):
                yield child, (*base, K.CRITERION_CHILDREN, si)


def _duplicates(ws: LoadedPlan, catalogue: Catalogue, name: str) -> list[Finding]:
    out = []
    seen: set[str] = set()
    for ai, area in enumerate(catalogue.areas):
        items: list[tuple[str, NodePath]] = [(area.number, (K.CATALOGUE_AREAS, ai, K.AREA_NUMBER))]
        for ci, criterion in enumerate(area.criteria):
            base: NodePath = (K.CATALOGUE_AREAS, ai, K.AREA_CRITERIA, ci)
            items.append((criterion.number, (*base, K.CRITERION_NUMBER)))
            items.extend(
                (child.number, (*base, K.CRITERION_CHILDREN, si, K.CRITERION_NUMBER))
                for si, child in enumerate(criterion.children)
            )
        for number, path in items:
            if number in seen:
                out.append(
                    finding(
                        name,
                        ws.pos(name, path),
                        "CRITERIA-DUPLICATE",
                        "criteria.duplicate",
                        number=number,
                    )
                )
            seen.add(number)
    return out


def _links(ws: LoadedPlan, catalogue: Catalogue, name: str) -> list[Finding]:
    out = []
    known = catalogue.ids()
    feeding: dict[str, int] = {}
    for ref in ws.tasks:
        wanted = ref.task.criterion
        if wanted is None:
            continue
        if wanted not in known:
            out.append(
                finding(
                    ref.file,
                    ws.pos(ref.file, (*ref.path, K.TASK_CRITERION)),
                    "CRITERIA-TASK-UNKNOWN",
                    "criteria.task_unknown",
                    id=ref.id,
                    criterion=wanted,
                    catalogue=name,
                )
            )
        feeding[wanted] = feeding.get(wanted, 0) + 1
    # A task left out for its own error (a bad status…) still exists: that error is the one
    # to report, not a link from the catalogue to a task "not in the plan".
    task_ids = {ref.id for ref in ws.tasks} | set(ws.left_out())
    for leaf, path in leaves_with_paths(catalogue):
        for index, task_id in enumerate(leaf.tasks):
            if task_id not in task_ids:
                out.append(
                    finding(
                        name,
                        ws.pos(name, (*path, K.CRITERION_TASKS, index)),
                        "CRITERIA-LINK",
                        "criteria.link",
                        number=leaf.number,
                        id=task_id,
                    )
                )
        if leaf.figure is not None and leaf.figure not in FIGURE_NAMES:
            out.append(
                finding(
                    name,
                    ws.pos(name, path),
                    "CRITERIA-LINK",
                    "criteria.figure_unknown",
                    number=leaf.number,
                    name=leaf.figure,
                    known=", ".join(FIGURE_NAMES),
                )
            )
        source = leaf.source_used
        fed = {
            Source.TASKS: bool(leaf.tasks) or leaf.number in feeding,
            Source.REPORTS: bool(leaf.tasks) or leaf.number in feeding,
            Source.CLERK: bool(leaf.entries),
            Source.FIGURE: bool(leaf.entries) or bool(ws.figures),
        }.get(source, True)
        if not fed:
            out.append(
                finding(
                    name,
                    ws.pos(name, (*path, K.CRITERION_NUMBER)),
                    "CRITERIA-UNFED",
                    "criteria.unfed",
                    number=leaf.number,
                    source=source.value,
                )
            )
    return out


def evidence_names(ws: LoadedPlan) -> list[str]:
    """Every file name ``minh_chung`` records give (plan and catalogue): what the
    EVIDENCE-FILE-MISSING checks look up, so the plan cache can check them again on each use."""
    names = [
        name
        for ref in ws.tasks
        for entry in ref.task.progress
        if entry.evidence and (name := evidence.file_name(entry.evidence))
    ]
    if ws.catalogue is not None:
        names += [
            name
            for leaf, _ in leaves_with_paths(ws.catalogue)
            for entry in leaf.entries
            for doc in entry.evidence
            if (name := evidence.file_name(doc))
        ]
    return sorted(set(names))


def _task_evidence_files(ws: LoadedPlan) -> list[Finding]:
    out = []
    for ref in ws.tasks:
        for ei, entry in enumerate(ref.task.progress):
            named = evidence.file_name(entry.evidence) if entry.evidence else None
            if named and evidence.resolve(ws.root, named) is None:
                path = (*ref.path, K.PROGRESS, ei, K.ENTRY_EVIDENCE, K.EVIDENCE_FILE)
                out.append(_missing(ws, ref.file, path, named))
    return out


def _evidence_files(ws: LoadedPlan, catalogue: Catalogue, name: str) -> list[Finding]:
    out = []
    for leaf, path in leaves_with_paths(catalogue):
        for ei, entry in enumerate(leaf.entries):
            for di, doc in enumerate(entry.evidence):
                named = evidence.file_name(doc)
                if named and evidence.resolve(ws.root, named) is None:
                    where = (*path, K.CRITERION_ENTRIES, ei, K.ENTRY_EVIDENCE, di, K.EVIDENCE_FILE)
                    out.append(_missing(ws, name, where, named))
    return out


def _missing(ws: LoadedPlan, file: str, path: NodePath, named: str) -> Finding:
    return finding(
        file,
        ws.pos(file, path),
        "EVIDENCE-FILE-MISSING",
        "criteria.evidence_missing",
        file=named,
        folder=evidence.EVIDENCE_DIRNAME,
    )
