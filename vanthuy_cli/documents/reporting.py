"""Make a report file: gather the period's inputs, build the context, render, write atomically.

The glue between ``report.py`` (what a report says), ``templating.py`` (how it is laid out) and the
file system; kept apart from both so each can be tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vanthuy_cli.documents.docxfinish import finish_document
from vanthuy_cli.documents.notes import misnamed_notes
from vanthuy_cli.documents.report import (
    ReportRequest,
    build_context,
    default_as_of,
    default_output,
    notes_path,
)
from vanthuy_cli.documents.templating import find_template, render_docx, render_markdown
from vanthuy_cli.errors import GitError, InputError, OutputError, UsageError
from vanthuy_cli.plan import keys as K
from vanthuy_cli.plan.loaded import LoadedPlan
from vanthuy_cli.plan.periods import Period
from vanthuy_cli.render.catalog import Translator
from vanthuy_cli.storage.fileio import display_name, read_regular, write_output
from vanthuy_cli.textutil import vn_number

if TYPE_CHECKING:
    from vanthuy_cli.history.gitio import Commit
    from vanthuy_cli.history.history import Change

TEMPLATE_NAMES = {"md": "report.md.j2", "docx": "report.docx"}
PLAN_TEMPLATE_NAMES = {"md": "plan.md.j2", "docx": "plan.docx"}
#: Section IV of a report is a few paragraphs; a notes file over 1 MiB is a mistake (see
#: docs/gioi-han.md).
MAX_NOTES_BYTES = 1024 * 1024


def check_period(ws: LoadedPlan, period: Period) -> None:
    """A report covers the plan's own year: any other period has nothing to report."""
    plan = ws.plan
    assert plan is not None
    if period.year != plan.year:
        raise UsageError(
            "report.outside_plan", period=period.name, number=plan.number, year=plan.year
        )


@dataclass(frozen=True)
class Source:
    """Where a report's plan came from: the working tree (``commit`` None), or a commit
    (``par report --rev``), with the notes file's text as that commit has it."""

    commit: Commit | None = None
    notes: str | None = None


def report_context(
    ws: LoadedPlan,
    period: Period,
    *,
    as_of: date | None = None,
    signed: date | None = None,
    today: date | None = None,
    source: Source | None = None,
) -> dict[str, Any]:
    """The context ``par report`` would render, with notes and plan changes gathered.

    ``today``: a report made after its cut-off also lists the plan changes committed since: up to
    today for the working tree, up to the commit for a report built from one (``source``)."""
    check_period(ws, period)
    project = ws.root.parent
    day = as_of or default_as_of(ws, period)
    commit = source.commit if source else None
    tip = commit.sha if commit else None
    later = None
    until = _commit_day(commit) if commit else today
    if until is not None and until > day:
        later = _plan_changes_between(ws, day + timedelta(days=1), until, tip=tip)
    request = ReportRequest(
        period=period,
        as_of=day,
        signed=signed or day,
        notes=source.notes if source else read_notes(notes_path(project, period)),
        changes=_plan_changes_between(ws, ws.rules.window(period)[0], day, tip=tip),
        figures=period_figures(ws, period),
        later_changes=later,
    )
    return build_context(ws, request)


def _commit_day(commit: Commit) -> date | None:
    return commit.committed.date() if commit.committed else None


def period_figures(ws: LoadedPlan, period: Period) -> dict[str, Any] | None:
    """The figures of ``period`` (``plans/so-lieu-<period>.yaml``) beside the previous period's,
    ready for the report; None when the period has no figures file."""
    from vanthuy_cli.plan.figures import figures_context
    from vanthuy_cli.render.catalog import period_label

    current = ws.figures.get(period.name)
    if current is None:
        return None
    before = period.previous()
    previous = ws.figures.get(before.name)
    t = Translator("vi")
    context = figures_context(
        current[0],
        previous[0] if previous else None,
        period_label(period, t),
        period_label(before, t),
    )
    context["sample"] = current[0].sample
    return context


@dataclass(frozen=True)
class Rendered:
    """A rendered document, and the file it was written to (``None``: for standard output)."""

    data: bytes
    path: Path | None
    #: (catalogue key, parameters) of each warning for the CLI to show on stderr.
    warnings: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def make_report(
    ws: LoadedPlan,
    period: Period,
    *,
    fmt: str,
    output: Path | str | None,
    as_of: date | None,
    signed: date | None,
    template: Path | None,
    force: bool,
    today: date | None = None,
    source: Source | None = None,
) -> Rendered:
    """Render the report for ``period`` and write it (unless ``output`` is ``-``)."""
    project = ws.root.parent
    context = report_context(ws, period, as_of=as_of, signed=signed, today=today, source=source)
    layout = find_template(TEMPLATE_NAMES[fmt], project, template)
    data = (
        render_markdown(layout, context).encode("utf-8")
        if fmt == "md"
        else render_docx(layout, context, finish=finish_document)
    )
    rendered = _deliver(data, fmt, output, default_output(project, period, fmt), force)
    if context["doc"]["draft"]:
        rendered.warnings.append(("report.sample_warning", {}))
    if context["later_changes"]:
        rendered.warnings.append(_later_warning(ws, context, period, source))
    if source is None or source.commit is None:  # a commit's notes file is the one it has
        expected = notes_path(project, period)
        for path in misnamed_notes(expected.parent, period.name):
            rendered.warnings.append(
                ("report.notes_misnamed", {"path": display_name(path), "expected": expected.name})
            )
    return rendered


def _later_warning(
    ws: LoadedPlan, context: dict[str, Any], period: Period, source: Source | None
) -> tuple[str, dict[str, Any]]:
    """The plan changed after the cut-off: how many times, the ``par history`` command that
    lists exactly those changes, and the ``--rev`` that builds the report from the plan as it
    stood on the cut-off day (when git has a commit made by then)."""
    from vanthuy_cli.history.gitio import Repo

    cutoff: date = context["as_of"]
    since = cutoff + timedelta(days=1)
    history = f"par history --since {since.isoformat()}"
    if source is not None and source.commit is not None:
        history += f" --until {source.commit.short}"
    params = {
        "count": len(context["later_changes"]),
        "cutoff": cutoff.strftime("%d/%m/%Y"),
        "command": history,
    }
    repo = Repo.find(ws.root)  # found: the later changes came from it
    if repo is None or repo.last_commit_by(cutoff) is None:
        return "report.later_changes_no_rev", params
    return "report.later_changes", {
        **params,
        "rebuild": f"par report {period.name} --rev {cutoff.isoformat()}",
    }


def make_plan_document(
    ws: LoadedPlan, *, fmt: str, output: Path | str | None, template: Path | None, force: bool
) -> Rendered:
    """Render the plan itself; Markdown is for standard output unless ``output`` names a file."""
    from vanthuy_cli.documents.plan_doc import build_plan_context

    project = ws.root.parent
    context = build_plan_context(ws)
    source = find_template(PLAN_TEMPLATE_NAMES[fmt], project, template)
    data = (
        render_markdown(source, context).encode("utf-8")
        if fmt == "md"
        else render_docx(source, context, finish=finish_document)
    )
    return _deliver(
        data, fmt, output, project / "reports" / f"ke-hoach.{fmt}", force, md_to_stdout=True
    )


def _deliver(
    data: bytes,
    fmt: str,
    output: Path | str | None,
    default: Path,
    force: bool,
    *,
    md_to_stdout: bool = False,
) -> Rendered:
    """Write to ``output`` (or ``default``). ``-o -`` leaves Markdown for standard output; so
    does no ``-o`` at all when ``md_to_stdout`` (the plan is read on screen more often than
    filed). The CLI does the printing: this module never prints."""
    to_stdout = (output is not None and str(output) == "-") or (
        output is None and fmt == "md" and md_to_stdout
    )
    if to_stdout:
        if fmt != "md":
            raise OutputError("output.stdout_md")
        return Rendered(data, None)
    if output is None:
        return Rendered(data, write_output(default, data, force=force))
    written = write_output(output, data, force=force, default_name=default.name)
    return Rendered(data, written)


def read_notes(path: Path) -> str | None:
    """The clerk's notes for the report (see notes.py), or None when the file does not exist.

    A regular file of at most ``MAX_NOTES_BYTES``: a FIFO or ``/dev/zero`` put there would hang
    or fill the memory. A ``reports`` that is a file cannot hold notes: None, and writing the
    report then says what is wrong with ``reports``.
    """
    try:
        raw = read_regular(path, limit=MAX_NOTES_BYTES)
    except FileNotFoundError:
        return None
    except InputError as exc:
        raise OutputError(f"notes.{exc.key.removeprefix('input.')}", **exc.params) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OutputError("notes.encoding", path=str(path)) from None


def _plan_changes_between(
    ws: LoadedPlan, start: date, end: date, *, tip: str | None = None
) -> list[dict[str, Any]] | None:
    """Changes to the plan committed from ``start`` to ``end`` (reachable from ``tip``, default
    HEAD); None outside a git repo.

    A report lists changes *to the plan*: tasks added, removed or moved, deadlines, leads and
    targets changed, and rewrites of recorded progress. New progress entries and the status
    changes they bring are the period's results, already in section I, so they are left out; so
    are the tasks of the commit that first put the plan into git (an import, not a change).
    """
    from vanthuy_cli.history.gitio import Repo

    # Plans outside git have no history: the reader of history (YAML, diffs) is not imported.
    try:
        if Repo.find(ws.root) is None:
            return None
    except GitError:
        return None
    from vanthuy_cli.history import history
    from vanthuy_cli.render.history_text import summary, target_link_only

    changes = history.changes_in_window(ws.root, start, end, tip=tip)
    if changes is None:
        return None
    t = Translator("vi")
    routine = {
        history.ChangeKind.PROGRESS_ADDED,
        history.ChangeKind.STATUS,
        history.ChangeKind.SKIPPED,
    }
    return [
        {
            "date": c.commit.committed.date() if c.commit.committed else end,
            "commit": c.commit.short,
            "author": c.commit.author,
            "task": c.task_id or c.file,
            "kind": t(f"history.kind.{c.kind}"),
            "summary": _progress_rewrite(c) or summary(c, t),
        }
        for c in changes
        if c.kind not in routine and not c.initial and not target_link_only(c, t)
    ]


def _progress_rewrite(change: Change) -> str | None:
    """A rewritten progress entry in words an official report uses ("sửa kết quả ghi ngày
    13/9/2024: giá trị 98,9 thành 99,5"), not the timeline's dump of the whole entry; None
    for any other change."""
    from vanthuy_cli.history.history import ChangeKind

    verbs = {
        ChangeKind.PROGRESS_EDITED: "sửa kết quả ghi ngày",
        ChangeKind.PROGRESS_INSERTED: "bổ sung kết quả ngày",
        ChangeKind.PROGRESS_DELETED: "xóa kết quả đã ghi ngày",
    }
    verb = verbs.get(change.kind)
    if verb is None:
        return None
    entry = change.new if isinstance(change.new, dict) else change.old
    day = entry.get(K.ENTRY_DATE, "?") if isinstance(entry, dict) else "?"
    if change.kind is ChangeKind.PROGRESS_EDITED:
        before, after = _number(change.old, K.ENTRY_VALUE), _number(change.new, K.ENTRY_VALUE)
        if before is not None and after is not None and before != after:
            return f"{verb} {day}: giá trị {vn_number(before)} thành {vn_number(after)}"
        fields = _edited_fields(change.old, change.new)
        if fields:
            return f"sửa {fields} của kết quả ghi ngày {day}"
    return f"{verb} {day}"


#: A progress entry's parts, as a report names them.
_ENTRY_FIELD_WORDS = {
    K.ENTRY_DATE: "ngày ghi",
    K.ENTRY_STATUS: "tình trạng",
    K.ENTRY_PERCENT: "tỷ lệ hoàn thành",
    K.ENTRY_VALUE: "giá trị đo",
    K.ENTRY_PERIOD: "kỳ",
    K.ENTRY_NOTE: "nội dung",
    K.ENTRY_CAUSE: "phân loại nguyên nhân",
    K.ENTRY_EVIDENCE: "minh chứng",
}


def _edited_fields(old: Any, new: Any) -> str:
    """ "nội dung, minh chứng": the parts of a rewritten entry that differ, in the plan's order."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return ""
    changed = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
    return ", ".join(_ENTRY_FIELD_WORDS.get(k, k) for k in changed)


def _number(entry: Any, key: str) -> float | None:
    """A number of an entry as the timeline keeps it (YAML scalars as text: "98.9")."""
    value = entry.get(key) if isinstance(entry, dict) else None
    try:
        return float(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None
