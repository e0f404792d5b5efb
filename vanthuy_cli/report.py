"""The context of a period report: one object, documented in docs/mau-bao-cao.md, that feeds both
the Markdown template (``report.md.j2``) and the DOCX template (``report.docx``).

Everything is computed here from ``classify`` (so the report agrees with ``par status``); the
templates only arrange it. Values are plain dicts, lists, strings, numbers and dates so a clerk's
own template can use them without knowing Python. Dates are ``datetime.date`` (format them with the
``vn_date`` filter); ``*_text`` fields are ready-made Vietnamese phrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from vanthuy_cli.catalog import Translator
from vanthuy_cli.classify import REPORT_ORDER, Cls, Item, classify
from vanthuy_cli.deadlines import DeadlineKind
from vanthuy_cli.model import Signer
from vanthuy_cli.officialdoc import letterhead_context, signer_context
from vanthuy_cli.periods import Period
from vanthuy_cli.periods import label as period_label
from vanthuy_cli.textutil import lower_first, vn_date, vn_number
from vanthuy_cli.workspace import Workspace


@dataclass(frozen=True)
class ReportRequest:
    period: Period
    as_of: date  # the day the data are taken at (default: end of the period's data window)
    signed: date  # the date printed on the report (default: as_of)
    notes: str | None  # the clerk's proposals for section IV, from reports/<period>.notes.md
    changes: list[dict[str, Any]] | None  # plan changes in the window (None: not a git repo)


def default_as_of(ws: Workspace, period: Period) -> date:
    """The end of the period's data window: the report covers exactly its window."""
    return ws.rules.window(period)[1]


def notes_path(project: Path, period: Period) -> Path:
    """``reports/2024-Q3.notes.md``: where the clerk writes proposals for section IV."""
    return project / "reports" / f"{period.name}.notes.md"


def default_output(project: Path, period: Period, fmt: str) -> Path:
    """``reports/2024-Q3-bao-cao.docx``: names sort by period."""
    return project / "reports" / f"{period.name}-bao-cao.{fmt}"


def build_context(ws: Workspace, request: ReportRequest) -> dict[str, Any]:
    """Everything a report template may use; see docs/mau-bao-cao.md for each key."""
    plan = ws.plan
    assert plan is not None
    t = Translator("vi")  # reports are official Vietnamese documents whatever --lang says
    period = request.period
    as_of = request.as_of
    window = ws.rules.window(period)
    items = classify(ws, as_of, window=(window[0], as_of))
    in_period = [i for i in items if _belongs(i, (window[0], as_of))]
    counts = {cls: sum(1 for i in in_period if i.cls is cls) for cls in REPORT_ORDER}
    roster = ws.roster
    nxt = period.next()
    next_items = _due_next(items, as_of, nxt, last_day=date(plan.year, 12, 31))
    signer: Signer = plan.reporting.signer or plan.signer
    number = 0

    def row(item: Item) -> dict[str, Any]:
        nonlocal number
        number += 1
        return _row(item, number, window[0], as_of, roster, t)

    appendices = []
    for appendix, _file in ws.appendices:
        groups = []
        for group in appendix.groups:
            number = 0
            rows = [row(i) for i in in_period if i.ref.group is group]
            groups.append(
                {"number": group.number, "title": group.title, "rows": rows, **_tally(rows)}
            )
        mine = [r for g in groups for r in g["rows"]]
        appendices.append(
            {
                "number": appendix.number,
                "title": appendix.title,
                "index": appendix.index or "",
                "sample": appendix.sample,
                "note": appendix.note or "",
                "groups": groups,
                **_tally(mine),
            }
        )

    number = 0
    shortcomings = [
        row(i)
        for i in sorted(
            (
                i
                for i in items
                if i.cls is Cls.OVERDUE
                or (i.cls is Cls.DONE_LATE and i.completed and window[0] <= i.completed <= as_of)
                or i.cls is Cls.PAUSED
            ),
            key=lambda i: (i.cls.rank, -(i.days_late or 0), i.key),
        )
    ]
    number = 0
    next_rows = [row(i) for i in next_items]
    number = 0
    stale = [row(i) for i in items if i.stale]
    total = len(in_period)
    done = counts[Cls.DONE_ON_TIME] + counts[Cls.DONE_LATE]
    counted = sum(1 for i in in_period if i.cls.counted)
    due_items = [
        i for i in in_period if i.due is not None and i.due <= as_of and i.cls is not Cls.CANCELLED
    ]
    due_done = sum(1 for i in due_items if i.cls.done)

    return {
        "doc": {
            **letterhead_context(plan),
            "number_suffix": plan.reporting.number_suffix,
            "date": request.signed,
            "addressees": list(plan.reporting.addressees),
            "recipients": list(plan.reporting.recipients),
            "signer": signer_context(signer),
            # While the appendices are samples the report is a draft: "DỰ THẢO" in the header.
            "draft": any(a.sample for a, _ in ws.appendices),
        },
        "plan": {
            "number": plan.number,
            "issued": plan.issued,
            "issuer": plan.issuer,
            "doc_type": plan.doc_type,
            "subject": plan.subject,
            "year": plan.year,
            "theme": plan.theme or "",
            "sample": any(a.sample for a, _ in ws.appendices),
        },
        "period": {
            "name": period.name,
            "kind": str(period.kind),
            "label": period_label(period, t),
            "phrase": lower_first(period_label(period, t)),
            "start": period.start,
            "end": period.end,
            "window_start": window[0],
            "window_end": window[1],
            "submission": ws.rules.submission(period),
            "next_name": nxt.name,
            "next_label": period_label(nxt, t),
        },
        "as_of": as_of,
        "summary": {
            "total": total,
            "tasks": len({i.ref.id for i in in_period}),
            "done": done,
            "counted": counted,
            "percent_done": _percent(done, counted),
            # Government reports judge what has fallen due: of those, how many were done.
            "due": len(due_items),
            "due_done": due_done,
            "due_on_time": sum(1 for i in due_items if i.cls is Cls.DONE_ON_TIME),
            "percent_due_done": _percent(due_done, len(due_items)),
            "counts": [
                {"class": str(cls), "label": t(f"cls.{cls}"), "count": n}
                for cls, n in counts.items()
                if n
            ],
        },
        "appendices": appendices,
        "shortcomings": shortcomings,
        "next_tasks": next_rows,
        "stale": stale,
        "proposals": _paragraphs(request.notes),
        "changes": request.changes,
    }


def _belongs(item: Item, window: tuple[date, date]) -> bool:
    """Which items a period's results table lists: every task that is not recurring, and the
    occurrences of a recurring task that fall due in the data window, that are done early with
    work in the window, or that are still open from an earlier window."""
    if item.occurrence is None or item.due is None:
        return True
    start, end = window
    if start <= item.due <= end:
        return True
    if item.due < start:
        return not item.cls.done and item.cls is not Cls.CANCELLED
    return any(start <= e.date <= end for e in item.entries)


def _due_next(items: list[Item], as_of: date, nxt: Period, *, last_day: date) -> list[Item]:
    """Section III: what falls due by the end of the next period and is not done yet, plus the
    next period's occurrences of recurring tasks (they have not begun, so ``items`` lacks them).
    Nothing past the plan year: a 2024 plan owes no occurrence in 2025."""
    out = [
        i
        for i in items
        if i.due is not None
        and as_of < i.due <= nxt.end
        and not i.cls.done
        and i.cls not in (Cls.CANCELLED, Cls.PAUSED)
    ]
    seen = {(i.ref.id, i.occurrence) for i in out}
    for item in items:
        deadline = item.deadline
        if (
            item.occurrence is None
            or deadline is None
            or deadline.kind is not DeadlineKind.RECURRING
        ):
            continue
        for occ in deadline.occurrences(nxt.start, min(nxt.end, last_day)):
            key = (item.ref.id, occ.period)
            if key not in seen and as_of < occ.due:
                seen.add(key)
                out.append(
                    Item(
                        item.ref,
                        Cls.NOT_STARTED,
                        deadline,
                        occ.due,
                        occ.period,
                        (),
                        None,
                        None,
                        (occ.due - as_of).days,
                    )
                )
    return sorted(out, key=lambda i: (i.due or date.max, i.key))


def _row(
    item: Item, number: int, start: date, as_of: date, roster: dict[str, Any], t: Translator
) -> dict[str, Any]:
    task = item.ref.task
    lead = roster.get(task.lead)
    done_here = [e for e in item.entries if start <= e.date <= as_of]
    work = [
        {
            "date": e.date,
            "status": t(f"status.entry.{e.status}"),
            "note": e.note or "",
            "evidence": e.evidence or "",
            "percent": e.percent,
            "value": e.value,
        }
        for e in done_here
    ]
    for w in work:
        w["text"] = _work_text(w)
    target = task.target
    return {
        "no": number,
        "id": task.id,
        "key": item.key,
        "occurrence": period_label(item.occurrence, t) if item.occurrence else "",
        "text": task.text,
        "group": item.ref.group.title,
        "appendix": item.ref.appendix.number,
        "lead": task.lead,
        "lead_title": lead.title if lead else task.lead,
        "support": [roster[s].title if s in roster else s for s in task.support],
        "output": task.output or "",
        "target_text": target.text() if target else "",
        "deadline": task.deadline,
        "due": item.due,
        # An occurrence's own due date says more than "Hằng quý" repeated on every row.
        "deadline_text": (
            vn_date(item.due)
            if item.occurrence and item.due
            else printable_deadline(task.deadline, item.due)
        ),
        "class": str(item.cls),
        "class_label": t(f"cls.{item.cls}"),
        "completed": item.completed,
        "days_late": item.days_late,
        "work": work,
        "work_text": "; ".join(str(w["text"]) for w in work),
        "evidence": item.evidence,
        "reason": item.last_note,
        "percent": item.percent,
    }


def _work_text(work: dict[str, Any]) -> str:
    """ "24/07/2024: Ban hành kế hoạch (Kế hoạch số 76/KH-UBND ngày 24/7/2024)"."""
    text = f"{vn_date(work['date'])}: {(work['note'] or work['status']).rstrip(' .;')}"
    return f"{text} ({work['evidence']})" if work["evidence"] else text


def printable_deadline(written: str, due: date | None) -> str:
    """The deadline as a document prints it: as written, except ISO dates in dd/mm/yyyy."""
    if due is not None and re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*", written):
        return vn_date(due)
    return written


def _tally(rows: list[dict[str, Any]]) -> dict[str, Any]:
    done = sum(1 for r in rows if Cls(r["class"]).done)
    counted = sum(1 for r in rows if Cls(r["class"]).counted)
    return {"done": done, "counted": counted, "percent_done": _percent(done, counted)}


def _percent(done: int, total: int) -> str:
    """ "66,7" — a percentage in Vietnamese style, one decimal, no trailing ",0"."""
    return vn_number(round(100 * done / total, 1)) if total else "0"


def _paragraphs(notes: str | None) -> list[str]:
    """The notes file as paragraphs: blank lines separate them, lines inside one are joined,
    and a line starting a list ("- ", "+ ", "* ", "1. ", "a) ") keeps its own paragraph."""
    if not notes:
        return []
    out: list[str] = []
    for block in notes.replace("\r\n", "\n").split("\n\n"):
        current: list[str] = []
        for line in (raw.strip() for raw in block.splitlines()):
            if not line:
                continue
            if current and _LIST_ITEM.match(line):
                out.append(" ".join(current))
                current = []
            current.append(line)
        if current:
            out.append(" ".join(current))
    return out


_LIST_ITEM = re.compile(r"^(?:[-+*•]\s|\d+[.)]\s|[a-zđ][.)]\s)")
