"""Render the views (``views.py``) for the terminal with rich, or as JSON for scripts.

Output fits 80 columns; colour only on a terminal (rich honours NO_COLOR and pipes). The task
text is cut to one line in the dashboard and wrapped in full in ``list``, ``overdue`` and ``show``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from vanthuy_cli.plan.deadlines import DeadlineKind
from vanthuy_cli.plan.records import ProgressEntry, RosterEntry, as_data
from vanthuy_cli.render import jsonout
from vanthuy_cli.render.catalog import Translator, period_label
from vanthuy_cli.render.dashboard_text import (
    BAR_WIDTH,
    DASHBOARD_ROWS,
    bar,
    count_grid,
    due_text,
    header_texts,
    item_rows,
    item_widths,
    progress_bars,
    progress_label_width,
    report_when,
)
from vanthuy_cli.rules.classify import Cls, Item
from vanthuy_cli.rules.views import Dashboard, NextReport, Progress, TaskRecord
from vanthuy_cli.textutil import Phrase, number

STYLE = {
    Cls.OVERDUE: "bold red",
    Cls.DUE_SOON: "yellow",
    Cls.NOT_STARTED: "magenta",
    Cls.IN_PROGRESS: "cyan",
    Cls.UNDETERMINED: "blue",
    Cls.NO_DEADLINE: "blue",
    Cls.PAUSED: "dim",
    Cls.DONE_LATE: "green",
    Cls.DONE_ON_TIME: "bold green",
    Cls.CANCELLED: "dim",
}
MATCH = "bold reverse"  # a searched phrase in ``par list WORDS``
#: Long sections go through ``render/plain.py`` when the console is not a terminal (see
#: ``plain_ok``); tests turn it off to compare with what rich draws.
PLAIN_WHEN_PIPED = True


def deadline_meaning(item: Item, t: Translator) -> str:
    """What par understood the written deadline to mean, e.g. "hạn 30/09/2024"."""
    deadline = item.deadline
    if deadline is None:
        return ""
    if deadline.kind is DeadlineKind.RECURRING:
        return t("deadline.meaning.recurring", every=t(f"every.{deadline.every}"))
    if deadline.kind is DeadlineKind.DATE:
        return t("deadline.meaning.date", due=deadline.due)
    return t(f"deadline.meaning.{deadline.kind}")


def cls_text(cls: Cls, t: Translator) -> Text:
    return Text(t(f"cls.{cls}"), style=STYLE[cls])


def _date(d: date | None, t: Translator) -> str:
    return due_text(d, t)


def _bar(progress: Progress, t: Translator) -> Text:
    done, left, numbers = bar(progress, t)
    text = Text(done, style="green")  # the base style: the rest of the line is green too
    text.append(left, style="dim")
    text.append(numbers)
    return text


# ------------------------------------------------------------------------------ par status


def dashboard(console: Console, dash: Dashboard, t: Translator, doc_type: str) -> None:
    """``par status``: the plan, the counts by class, progress bars, what is late or due soon,
    the workload by lead, and the next report. Without a terminal ``dashboard_text`` writes the
    same text without rich."""
    _dash_header(console, dash, t, doc_type)
    _dash_counts(console, dash, t)
    _dash_progress(console, dash, t)
    _item_section(
        console,
        t,
        dash.overdue,
        title=t("dash.overdue", count=len(dash.overdue)),
        empty=t("dash.overdue_none"),
        late=True,
    )
    _item_section(
        console,
        t,
        dash.due_soon,
        title=t("dash.upcoming", days=dash.due_soon_days, count=len(dash.due_soon)),
        empty=t("dash.upcoming_none", days=dash.due_soon_days),
        late=False,
    )
    if dash.stale:
        ids = ", ".join(item.ref.id for item in dash.stale)
        console.print(Text(t("dash.stale", count=len(dash.stale), ids=ids), style="yellow"))
        console.print()
    _dash_workload(console, dash, t)
    _dash_reports(console, dash, t)
    if dash.warnings:
        console.print(Text(t("dash.warnings", count=dash.warnings), style="yellow"))


def _dash_header(console: Console, dash: Dashboard, t: Translator, doc_type: str) -> None:
    title, subject, as_of, sample, year_over = header_texts(dash, t, doc_type)
    console.print(Text(title, style="bold"))
    console.print(subject)
    line = Text(as_of)
    if sample is not None:
        line.append(" · ")
        line.append(sample, style="yellow")
    console.print(line)
    if year_over is not None:
        console.print(Text(year_over, style="bold yellow"))
    console.print()


def _dash_counts(console: Console, dash: Dashboard, t: Translator) -> None:
    key = "dash.counts_recurring" if dash.recurring_tasks else "dash.counts"
    console.print(
        Text(
            t(key, items=dash.items, tasks=dash.tasks, recurring=dash.recurring_tasks), style="bold"
        )
    )
    label_width, columns, classes = count_grid(dash, t, console.width)
    grid = Table.grid(padding=(0, 2))
    for _ in range(columns):
        grid.add_column(min_width=label_width)
        grid.add_column(justify="right", min_width=3)
    for in_row in classes:
        row: list[Any] = []
        for cls in in_row:
            row += ["  " + t(f"cls.{cls}"), Text(str(dash.counts[cls]), style=STYLE[cls])]
        grid.add_row(*row, *[""] * (2 * (columns - len(in_row))))
    console.print(grid)
    console.print()


def plain_ok(console: Console) -> bool:
    """Whether a long section may be written as plain text (``render/plain.py``) rather than
    laid out by rich: the console is no terminal and has no colour, so both read the same."""
    return PLAIN_WHEN_PIPED and not console.is_terminal and console.color_system is None


def _dash_progress(console: Console, dash: Dashboard, t: Translator) -> None:
    console.print(Text(t("dash.progress"), style="bold"))
    # The bar and its numbers keep their width; the label gives way.
    label_width = progress_label_width(console.width)
    if plain_ok(console):  # one line per group: 3,200 at 200 times the sample plan
        drawn = progress_bars(dash, t, console.width)
        if drawn is not None:
            console.file.write(drawn)
            console.print()
            return
    bars = Table.grid(padding=(0, 1))
    bars.add_column(no_wrap=True, overflow="ellipsis", width=label_width)
    bars.add_column(no_wrap=True, min_width=BAR_WIDTH)
    for appendix in dash.progress:
        bars.add_row(
            Text(t("dash.appendix", label=appendix.label), style="bold"), _bar(appendix, t)
        )
        for group in appendix.children:
            bars.add_row("  " + group.label, _bar(group, t))
    console.print(bars)
    console.print()


def _dash_workload(console: Console, dash: Dashboard, t: Translator) -> None:
    console.print(Text(t("dash.workload"), style="bold"))
    table = Table(box=None, pad_edge=False, padding=(0, 1), show_edge=False)
    table.add_column(t("col.lead"), no_wrap=True, overflow="ellipsis", max_width=44)
    for key in ("col.total", "col.done", "col.overdue", "col.open"):
        table.add_column(t(key), justify="right")
    for w in dash.workload:
        table.add_row(
            f"  {w.title}",
            str(w.total),
            str(w.done),
            Text(str(w.overdue), style="bold red" if w.overdue else ""),
            str(w.open),
        )
    console.print(table)
    console.print()


def _dash_reports(console: Console, dash: Dashboard, t: Translator) -> None:
    """The report already sent (if the next one was skipped for it), then the next report or
    the end of the year's reporting."""
    if dash.report_sent is not None:
        sent = dash.report_sent
        console.print(
            t(
                "dash.report_sent",
                period=period_label(sent.period, t),
                sent=sent.sent,
                due=sent.submission,
            )
        )
    if dash.next_report is None:
        last = dash.final_report
        # Sent before its due date: say so; once the due date is past, the year's reporting is over.
        early = last.done and last.days_left >= 0
        console.print(
            t(
                "dash.reports_all_sent" if early else "dash.reports_over",
                year=dash.year,
                period=period_label(last.period, t),
                due=last.submission,
            )
        )
        return
    report = dash.next_report
    days = report.days_left
    text = Text(t("dash.next_report", period=period_label(report.period, t), due=report.submission))
    text.append(f" ({report_when(days, t)})", style="bold" if days <= 7 else "")
    console.print(text)
    console.print(t("dash.next_report_window", start=report.window[0], end=report.window[1]))


def _item_section(
    console: Console, t: Translator, items: tuple[Item, ...], *, title: str, empty: str, late: bool
) -> None:
    if not items:
        console.print(Text(empty, style="green" if late else ""))
        console.print()
        return
    console.print(Text(title, style="bold red" if late else "bold"))
    rows = item_rows(items, t, late)
    widths = item_widths(rows, t, console.width)
    table = Table(box=None, pad_edge=False, padding=(0, 1, 0, 0), show_edge=False)
    table.add_column(t("col.id"), no_wrap=True, min_width=widths[0])
    table.add_column(t("col.task"), no_wrap=True, overflow="ellipsis", width=widths[1])
    table.add_column(t("col.due"), no_wrap=True, min_width=widths[2])
    table.add_column(
        t("col.late") if late else t("col.left"), justify="right", no_wrap=True, min_width=widths[3]
    )
    table.add_column(t("col.lead"), no_wrap=True, width=widths[4], overflow="ellipsis")
    for key, text, due, days, lead in rows:
        table.add_row(key, text, due, Text(days, style="red" if late else ""), lead)
    console.print(table)
    if len(items) > DASHBOARD_ROWS:
        console.print(Text("  " + t("dash.more", count=len(items) - DASHBOARD_ROWS), style="dim"))
    console.print()


# ---------------------------------------------------------------------- par list / overdue


def overdue_view(console: Console, items: list[Item], as_of: date, t: Translator) -> None:
    """``par overdue``: the late items, worst first, and how many; or that there are none."""
    if items:
        item_table(console, items, t, late=True)
        console.print(t("overdue.count", count=len(items), as_of=t.value(as_of)))
    else:
        console.print(t("overdue.none", as_of=t.value(as_of)))


def list_view(console: Console, items: list[Item], t: Translator, *, search: str | None) -> None:
    """``par list``: the items kept and how many; or that none was."""
    if not items:
        console.print(t("list.none"))
        return
    item_table(console, items, t, late=False, search=search)
    console.print(t("list.count", count=len(items)))


def item_table(
    console: Console, items: list[Item], t: Translator, *, late: bool, search: str | None = None
) -> None:
    """The full list: every item with its text wrapped, class, due date, lead and last note.

    ``search``: the words of ``par list WORDS``, highlighted where they occur. The task text takes
    whatever the other columns leave; on a narrow terminal the class and lead move under the text
    so that it keeps room to be read.
    """
    phrase = Phrase.parse(search) if search else None
    narrow = console.width < 72
    id_width = max((len(i.key) for i in items), default=0)
    table = Table(box=None, pad_edge=False, padding=(0, 1, 0, 0), show_edge=False)
    # An occurrence ("I.1.7 (2024-08)") wraps its period under the id rather than eat the text.
    table.add_column(t("col.id"), no_wrap=not narrow, max_width=10 if narrow else None)
    table.add_column(t("col.task"), ratio=1, min_width=20 if narrow else None)
    table.add_column(t("col.due"), no_wrap=True)
    if late:
        table.add_column(t("col.late"), justify="right", no_wrap=True)
    elif not narrow:
        table.add_column(t("col.class"), width=14)
    if not narrow:
        table.add_column(t("col.lead"), no_wrap=True, max_width=12, overflow="ellipsis")
    del id_width
    for item in items:
        text = _highlight(item.ref.task.text, phrase)
        if narrow and not late:
            text.append("\n")
            text.append_text(cls_text(item.cls, t))
            text.append(f" · {item.ref.task.lead}", style="dim")
        elif narrow:
            text.append(f"\n{item.ref.task.lead}", style="dim")
        if item.last_note:
            text.append("\n↳ ", style="dim")
            note = _highlight(item.last_note, phrase)
            note.stylize("dim")
            text.append_text(note)
        row: list[Any] = [item.key, text, _date(item.due, t)]
        if late:
            row.append(Text(t("days", days=item.days_late), style="red"))
        elif not narrow:
            row.append(cls_text(item.cls, t))
        if not narrow:
            row.append(item.ref.task.lead)
        table.add_row(*row)
    console.print(table)


def _highlight(text: str, phrase: Phrase | None) -> Text:
    out = Text(text)
    if phrase:
        for start, end in phrase.spans(text):
            out.stylize(MATCH, start, end)
    return out


# -------------------------------------------------------------------------------- par show


def task_record(console: Console, rec: TaskRecord, t: Translator) -> None:
    """``par show``: the task's facts, its occurrences (recurring tasks), its progress log."""
    task = rec.ref.task
    console.print(Text(f"{task.id}  {task.text}", style="bold"))
    console.print(_facts(rec, t))
    if rec.items and rec.items[0].occurrence is not None:
        console.print()
        console.print(Text(t("show.occurrences"), style="bold"))
        console.print(_occurrences(rec, t))
    elif not rec.items:
        console.print(Text(t("show.no_occurrence"), style="dim"))
    console.print()
    console.print(Text(t("show.timeline"), style="bold"))
    entries = [e for e in task.progress if e.date <= rec.as_of]
    if not entries:
        console.print(Text(t("show.no_progress"), style="dim"))
        return
    timeline = Table(box=None, pad_edge=False, padding=(0, 1), show_edge=False)
    timeline.add_column(t("col.date"), no_wrap=True)
    timeline.add_column(t("col.status"), no_wrap=True)
    timeline.add_column(t("col.note"), ratio=1)
    for e in entries:
        timeline.add_row(str(t.value(e.date)), t(f"status.entry.{e.status}"), _entry_note(e, t))
    console.print(timeline)


def _facts(rec: TaskRecord, t: Translator) -> Table:
    """Where the task is, who leads it, what it must deliver, its deadline and its class."""
    ref, task = rec.ref, rec.ref.task
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    appendix = ref.appendix
    facts.add_row(t("show.appendix"), f"{appendix.number}. {appendix.title}")
    facts.add_row(t("show.group"), f"{ref.group.number}. {ref.group.title}")
    if task.criterion:
        facts.add_row(t("show.criterion"), task.criterion)
    facts.add_row(t("show.lead"), _person(task.lead, rec.lead))
    if rec.support:
        facts.add_row(t("show.support"), "; ".join(_person(i, e) for i, e in rec.support))
    if task.output:
        facts.add_row(t("show.output"), task.output)
    if task.target:
        facts.add_row(t("show.target"), _target_text(rec, t))
    meaning = deadline_meaning(rec.items[0], t) if rec.items else ""
    facts.add_row(t("show.deadline"), f"{task.deadline}" + (f" ({meaning})" if meaning else ""))
    if rec.items and rec.items[0].occurrence is None:
        facts.add_row(t("show.class"), _class_text(rec.items[0], t))
    if task.note:
        facts.add_row(t("show.note"), task.note)
    return facts


def _class_text(item: Item, t: Translator) -> Text:
    status = cls_text(item.cls, t)
    if item.completed:
        status.append(" · " + t("show.completed", date=item.completed))
    if item.days_late:
        status.append(" · " + t("show.late_by", days=item.days_late))
    return status


def _occurrences(rec: TaskRecord, t: Translator) -> Table:
    """One row per occurrence of a recurring task: its period, due date and class."""
    occ = Table(box=None, pad_edge=False, padding=(0, 1), show_edge=False)
    for key in ("col.period", "col.due", "col.class"):
        occ.add_column(t(key), no_wrap=True)
    for item in rec.items:
        status = cls_text(item.cls, t)
        if item.days_late:
            status.append(f" ({t('show.late_by', days=item.days_late)})")
        period = period_label(item.occurrence, t) if item.occurrence else ""
        occ.add_row(period, _date(item.due, t), status)
    return occ


def _entry_note(e: ProgressEntry, t: Translator) -> Text:
    """A progress entry's note, then its period, percentage and measured value, then evidence."""
    note = Text(e.note or "")
    extras = []
    if e.period:
        extras.append(e.period)
    if e.percent is not None:
        extras.append(f"{number(e.percent, t.lang)}%")
    if e.value is not None:
        extras.append(f"{t('show.measured')}: {number(e.value, t.lang)}")
    if e.cause in ("khach_quan", "chu_quan"):
        extras.append(t(f"cause.{e.cause}"))
    if extras:
        note.append(("  " if note else "") + " · ".join(extras), style="dim")
    if e.evidence:
        note.append(("\n" if note else "") + f"{t('col.evidence')}: {e.evidence}", style="italic")
    return note


def _person(person_id: str, entry: Any) -> str:
    if entry is None:
        return person_id
    return f"{entry.title}" + (f" ({entry.person})" if entry.person else "") + f" [{person_id}]"


def _target_text(rec: TaskRecord, t: Translator) -> Text:
    target = rec.ref.task.target
    assert target is not None
    text = Text(target.text(t.lang))
    measured = next((i.measured for i in reversed(rec.items) if i.measured is not None), None)
    if measured is not None:
        met = target.met(measured)
        unit = target.unit or ""
        unit = unit if unit == "%" or not unit else f" {unit}"
        text.append(f" · {t('show.measured')}: {number(measured, t.lang)}{unit} ")
        text.append(
            t("show.target_met") if met else t("show.target_not_met"),
            style="green" if met else "red",
        )
    return text


# ------------------------------------------------------------------------------------ JSON
# The vocabulary is documented in docs/json.md; each document has a schema in docs/schemas/json/.


def item_json(item: Item) -> dict[str, Any]:
    """One item (a task, or one period of a recurring task) of list, overdue, status and show."""
    task = item.ref.task
    return {
        "task_id": task.id,
        "period": item.occurrence.name if item.occurrence else None,
        "text": task.text,
        "appendix_id": item.ref.appendix.number,
        "group_id": _group_id(item.ref.appendix.number, item.ref.group.number),
        "lead_id": task.lead,
        "deadline": task.deadline,
        "due": item.due,
        "class": str(item.cls),
        "completed": item.completed,
        "days_late": item.days_late,
        "days_left": item.days_left,
        "percent": item.percent,
        "stale": item.stale,
        "last_note": item.last_note or None,
        "evidence": item.evidence or None,
    }


def _group_id(appendix: str, group: str) -> str:
    """A group's id across the plan, as ``--group`` takes it: "I.3"."""
    return f"{appendix}.{group}"


def items_json(items: list[Item], as_of: date, **more: Any) -> dict[str, Any]:
    """``par list --json`` and ``par overdue --json``."""
    return jsonout.document(as_of=as_of, **more, items=[item_json(i) for i in items])


def dashboard_json(dash: Dashboard) -> dict[str, Any]:
    return jsonout.document(
        as_of=dash.as_of,
        plan={
            "number": dash.plan_number,
            "issued": dash.plan_issued,
            "issuer": dash.issuer,
            "subject": dash.subject,
            "year": dash.year,
            "sample": dash.sample,
        },
        year_over=dash.year_over,
        tasks=dash.tasks,
        items=dash.items,
        unfinished=dash.unfinished,
        counts={str(cls): n for cls, n in dash.counts.items()},
        progress=[
            {
                "appendix": {"id": p.id, "title": p.title, "index": p.index},
                "done": p.done,
                "total": p.total,
                "groups": [
                    {"group": {"id": g.id, "title": g.title}, "done": g.done, "total": g.total}
                    for g in p.children
                ],
            }
            for p in dash.progress
        ],
        overdue=[item_json(i) for i in dash.overdue],
        due_soon={"days": dash.due_soon_days, "items": [item_json(i) for i in dash.due_soon]},
        stale=[item_json(i) for i in dash.stale],
        workload=[
            {
                "lead": {"id": w.lead, "title": w.title},
                "total": w.total,
                "done": w.done,
                "overdue": w.overdue,
                "open": w.open,
            }
            for w in dash.workload
        ],
        next_report=_report_json(dash.next_report),
        report_sent=_report_json(dash.report_sent),
        final_report=_report_json(dash.final_report),
        warnings=dash.warnings,
    )


def _report_json(report: NextReport | None) -> dict[str, Any] | None:
    if report is None:
        return None
    return {
        "period": report.period.name,
        "window": {"start": report.window[0], "end": report.window[1]},
        "due": report.submission,
        "days_left": report.days_left,
        "done": report.done,
        "sent": report.sent,
    }


def record_json(rec: TaskRecord) -> dict[str, Any]:
    """``par show --json``: the task as written (English keys) and its items as judged."""
    ref, task = rec.ref, rec.ref.task
    return jsonout.document(
        as_of=rec.as_of,
        task={
            "id": task.id,
            "text": task.text,
            "appendix": {"id": ref.appendix.number, "title": ref.appendix.title},
            "group": {
                "id": _group_id(ref.appendix.number, ref.group.number),
                "title": ref.group.title,
            },
            "criterion": task.criterion,
            "lead": _person_json(task.lead, rec.lead),
            "support": [_person_json(i, e) for i, e in rec.support],
            "output": task.output,
            "target": as_data(task.target) if task.target else None,
            "deadline": task.deadline,
            "start": task.start,
            "note": task.note,
            "progress": [
                {
                    **as_data(e),
                    "status": jsonout.STATUS[e.status],
                    # A structured minh_chung is given as the sentence it reads as.
                    "evidence": str(e.evidence) if e.evidence is not None else None,
                }
                for e in task.progress
            ],
        },
        items=[item_json(i) for i in rec.items],
    )


def _person_json(person_id: str, entry: RosterEntry | None) -> dict[str, Any]:
    return {
        "id": person_id,
        "title": entry.title if entry else None,
        "name": entry.person if entry else None,
    }


dumps = jsonout.dumps
