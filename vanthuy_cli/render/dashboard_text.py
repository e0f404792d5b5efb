"""``par status`` as plain text, for standard output that is not a terminal; and the words and
numbers of the dashboard that the terminal view (``render_views.dashboard``) shares with it.

On a terminal rich draws the dashboard in colour. A pipe, a file or a script gets no colour,
and there importing rich and laying the dashboard out through its renderables cost more than
everything else ``par status`` does on a warm cache (about 100 ms of 330 on the sample plans).
Here the same sections are laid out with ``render/plain.py`` (rich's layout rules without rich)
and give the same text character for character: ``tests/test_plain.py`` compares both on the
sample plans at many dates, widths and in both languages.

Only text whose every character takes one column and prints as written goes this way (Latin,
Vietnamese, punctuation, the bar's blocks): a plan holding wide characters (Chinese), control
characters or tabs is drawn by rich, whose width tables and escaping then apply. Nothing here
prints.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from vanthuy_cli.render import plain
from vanthuy_cli.render.catalog import Translator, period_label
from vanthuy_cli.rules.classify import Cls, Item
from vanthuy_cli.rules.views import Dashboard, Progress
from vanthuy_cli.textutil import number, safe

BAR = 16  # the cells of a progress bar
DASHBOARD_ROWS = 8  # overdue/due-soon rows shown by ``status``; ``overdue`` shows all
BAR_WIDTH = BAR + 12  # the bar and its numbers ("████░░ 15/31  48%") keep this width


# ------------------------------------------------------------------ shared with the terminal


def bar(progress: Progress, t: Translator) -> tuple[str, str, str]:
    """A progress bar's three parts: the done cells, the cells left, the numbers."""
    ratio = progress.ratio
    filled = round(ratio * BAR)
    percent = _percent(round(ratio * 100), t.lang)
    return "█" * filled, "░" * (BAR - filled), f" {progress.done}/{progress.total} {percent:>3}%"


_PERCENTS: dict[tuple[int, str], str] = {}


def _percent(value: int, lang: str) -> str:
    """``number(value, lang)`` for a percentage, worded once per value: a large plan draws
    thousands of bars whose percentages are a hundred and one numbers."""
    key = (value, lang)
    text = _PERCENTS.get(key)
    if text is None:
        text = _PERCENTS[key] = number(value, lang)
    return text


def progress_label_width(width: int) -> int:
    """The progress labels' column: what the bars leave, 12 to 40 columns."""
    return max(12, min(40, width - BAR_WIDTH - 1))


def count_grid(dash: Dashboard, t: Translator, width: int) -> tuple[int, int, list[list[Cls]]]:
    """The counts by class as a grid: the label column's width, how many columns of counts
    (two when they fit, else one, so no class is ever cut off) and the classes row by row."""
    nonzero = [cls for cls, n in dash.counts.items() if n]
    label_width = max((len(t(f"cls.{cls}")) for cls in nonzero), default=0) + 2
    columns = 2 if width >= 2 * (label_width + 5) + 2 else 1
    rows = (len(nonzero) + columns - 1) // columns
    grid = [
        [nonzero[c * rows + r] for c in range(columns) if c * rows + r < len(nonzero)]
        for r in range(rows)
    ]
    return label_width, columns, grid


def due_text(day: date | None, t: Translator) -> str:
    return t("due.none") if day is None else str(t.value(day))


def days_text(item: Item, t: Translator, late: bool) -> str:
    days = item.days_late if late else item.days_left
    return t("days.today") if days == 0 and not late else t("days", days=days)


def item_rows(items: Sequence[Item], t: Translator, late: bool) -> list[tuple[str, ...]]:
    """The rows of an overdue or due-soon section: id, task, due date, days, lead."""
    return [
        (f"  {i.key}", i.ref.task.text, due_text(i.due, t), days_text(i, t, late), i.ref.task.lead)
        for i in items[:DASHBOARD_ROWS]
    ]


def item_widths(rows: list[tuple[str, ...]], t: Translator, width: int) -> list[int]:
    """The section's column widths: fixed columns keep their width (the lead capped at 12),
    only the task text gives way (cut with "…")."""
    widths = [max(len(r[n]) for r in rows) for n in range(5)]
    widths[4] = min(max(widths[4], len(t("col.lead"))), 12)
    rest = widths[0] + widths[2] + max(widths[3], len(t("col.left"))) + widths[4] + 4
    widths[1] = max(12, width - rest)
    return widths


def report_when(days: int, t: Translator) -> str:
    """How far the next report's due date is: "còn 5 ngày", "hạn là hôm nay"…"""
    if days == 0:
        return t("dash.due_today")
    return t("dash.due_in", days=days) if days > 0 else t("dash.due_past", days=-days)


# ------------------------------------------------------------------------------ plain text


def dashboard(
    dash: Dashboard, t: Translator, doc_type: str, width: int, score_line: str | None
) -> str | None:
    """The dashboard as ``render_views.dashboard`` draws it at ``width`` columns, followed by
    the self-assessment line if any; ``None`` where only rich can draw it (see the module)."""
    if not all(plain.one_column_each(text) for text in _data(dash, doc_type)):
        return None
    soon = dash.due_soon_days
    sections = [
        _header(dash, t, doc_type, width),
        _counts(dash, t, width),
        _progress(dash, t, width),
        _items(
            dash.overdue,
            t,
            width,
            late=True,
            title=t("dash.overdue", count=len(dash.overdue)),
            empty=t("dash.overdue_none"),
        ),
        _items(
            dash.due_soon,
            t,
            width,
            late=False,
            title=t("dash.upcoming", days=soon, count=len(dash.due_soon)),
            empty=t("dash.upcoming_none", days=soon),
        ),
    ]
    if dash.stale:
        ids = ", ".join(item.ref.id for item in dash.stale)
        sections.append(plain.lines(t("dash.stale", count=len(dash.stale), ids=ids), width) + "\n")
    sections += [_workload(dash, t, width), _reports(dash, t, width)]
    if dash.warnings:
        sections.append(plain.lines(t("dash.warnings", count=dash.warnings), width))
    if score_line is not None:
        sections.append("\n" + plain.lines(score_line, width))
    if any(section is None for section in sections):
        return None  # a table that only fits squeezed: rich's last resort
    text = "".join(section or "" for section in sections)
    # The catalogue's words too: one column each (checked here, where they are all in one text).
    return text if plain.one_column_each(text.replace("\n", "")) else None


def _column(header: str, justify: plain.Justify = "left", **options: Any) -> plain.Column:
    """A column as the dashboard's rich tables declare it: like every rich column, it cuts
    what does not fit with "…" (``plain.Column`` folds by default)."""
    return plain.Column(header, justify, "ellipsis", **options)


def _data(dash: Dashboard, doc_type: str) -> Iterator[str]:
    """Every text from the plan the dashboard shows, also where it may be cut off."""
    yield from (doc_type, dash.plan_number, dash.issuer, dash.subject)
    for appendix in dash.progress:
        yield appendix.label
        yield from (group.label for group in appendix.children)
    for item in (*dash.overdue[:DASHBOARD_ROWS], *dash.due_soon[:DASHBOARD_ROWS], *dash.stale):
        yield from (item.key, item.ref.task.text, item.ref.task.lead)
    yield from (load.title for load in dash.workload)


def header_texts(
    dash: Dashboard, t: Translator, doc_type: str
) -> tuple[str, str, str, str | None, str | None]:
    """The dashboard's heading: title, subject, as-of line, the sample-data note (or ``None``)
    and the year-over line (or ``None``); each view styles them its own way."""
    title = t(
        "dash.title",
        doc_type=doc_type.upper(),
        number=dash.plan_number,
        issued=dash.plan_issued,
        issuer=dash.issuer,
    )
    sample = t("dash.sample") if dash.sample else None
    year_over = None
    if dash.year_over:
        key = "dash.year_over" if dash.unfinished else "dash.year_over_clean"
        year_over = t(key, year=dash.year, count=dash.unfinished)
    return title, dash.subject, t("dash.as_of", as_of=dash.as_of), sample, year_over


def _header(dash: Dashboard, t: Translator, doc_type: str, width: int) -> str:
    title, subject, as_of, sample, year_over = header_texts(dash, t, doc_type)
    text = [title, subject, as_of if sample is None else f"{as_of} · {sample}"]
    if year_over is not None:
        text.append(year_over)
    return "".join(plain.lines(line, width) for line in text) + "\n"


def _counts(dash: Dashboard, t: Translator, width: int) -> str | None:
    key = "dash.counts_recurring" if dash.recurring_tasks else "dash.counts"
    head = t(key, items=dash.items, tasks=dash.tasks, recurring=dash.recurring_tasks)
    label_width, columns, grid = count_grid(dash, t, width)
    layout = [_column("", min_width=label_width), _column("", "right", min_width=3)]
    rows = []
    for classes in grid:
        row = [cell for cls in classes for cell in ("  " + t(f"cls.{cls}"), str(dash.counts[cls]))]
        rows.append(row + [""] * (2 * columns - len(row)))
    drawn = plain.table(layout * columns, rows, width, header=False, padding=(2, 2), collapse=True)
    return None if drawn is None else plain.lines(head, width) + drawn + "\n"


def _progress(dash: Dashboard, t: Translator, width: int) -> str | None:
    drawn = progress_bars(dash, t, width)
    return None if drawn is None else plain.lines(t("dash.progress"), width) + drawn + "\n"


def progress_bars(dash: Dashboard, t: Translator, width: int) -> str | None:
    """The bars of every appendix and group, one line each (3,200 at 200 times the sample);
    control characters in a label are shown, not obeyed (the terminal view lays out the bars
    here too when it writes no colour, whatever the plan holds)."""
    rows = []
    for appendix in dash.progress:
        rows.append([t("dash.appendix", label=safe(appendix.label)), "".join(bar(appendix, t))])
        rows += [["  " + safe(group.label), "".join(bar(group, t))] for group in appendix.children]
    layout = [
        _column("", no_wrap=True, width=progress_label_width(width)),
        _column("", no_wrap=True, min_width=BAR_WIDTH),
    ]
    return plain.table(layout, rows, width, header=False)


def _items(
    items: tuple[Item, ...], t: Translator, width: int, *, late: bool, title: str, empty: str
) -> str | None:
    """An overdue or due-soon section: its title and table, or that there is nothing."""
    if not items:
        return plain.lines(empty, width) + "\n"
    rows = item_rows(items, t, late)
    widths = item_widths(rows, t, width)
    layout = [
        _column(t("col.id"), no_wrap=True, min_width=widths[0]),
        _column(t("col.task"), no_wrap=True, width=widths[1]),
        _column(t("col.due"), no_wrap=True, min_width=widths[2]),
        _column(
            t("col.late") if late else t("col.left"), "right", no_wrap=True, min_width=widths[3]
        ),
        _column(t("col.lead"), no_wrap=True, width=widths[4]),
    ]
    drawn = plain.table(layout, rows, width)
    if drawn is None:
        return None
    text = plain.lines(title, width) + drawn
    if len(items) > DASHBOARD_ROWS:
        text += plain.lines("  " + t("dash.more", count=len(items) - DASHBOARD_ROWS), width)
    return text + "\n"


def _workload(dash: Dashboard, t: Translator, width: int) -> str | None:
    layout = [_column(t("col.lead"), no_wrap=True, max_width=44)]
    layout += [_column(t(key), "right") for key in ("col.total", "col.done", "col.overdue")]
    layout.append(_column(t("col.open"), "right"))
    rows = [
        [f"  {w.title}", str(w.total), str(w.done), str(w.overdue), str(w.open)]
        for w in dash.workload
    ]
    drawn = plain.table(layout, rows, width, padding=(1, 1))
    return None if drawn is None else plain.lines(t("dash.workload"), width) + drawn + "\n"


def _reports(dash: Dashboard, t: Translator, width: int) -> str:
    text = []
    if dash.report_sent is not None:
        sent = dash.report_sent
        period = period_label(sent.period, t)
        text.append(t("dash.report_sent", period=period, sent=sent.sent, due=sent.submission))
    report = dash.next_report
    if report is None:
        last = dash.final_report
        early = last.done and last.days_left >= 0
        key = "dash.reports_all_sent" if early else "dash.reports_over"
        period = period_label(last.period, t)
        text.append(t(key, year=dash.year, period=period, due=last.submission))
    else:
        period = period_label(report.period, t)
        line = t("dash.next_report", period=period, due=report.submission)
        text.append(f"{line} ({report_when(report.days_left, t)})")
        text.append(t("dash.next_report_window", start=report.window[0], end=report.window[1]))
    return "".join(plain.lines(line, width) for line in text)
