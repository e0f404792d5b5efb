"""The context of a period report: one object, documented in docs/mau-bao-cao.md, that feeds both
the Markdown template (``report.md.j2``) and the DOCX template (``report.docx``).

The report follows the Ministry of Home Affairs' outline for CCHC reports (581/BNV-CCHC), as
commune reports write it: I. direction and management; II. results, field by field, with figures;
III. assessment (strengths, shortcomings, causes); IV. tasks for the next period; V. proposals;
then the per-task tables in an appendix after the signature.

Everything is computed here from ``classify`` (so the report agrees with ``par status``); the
templates arrange it and hold every fixed sentence. Prose that depends on the data (a result with
its evidence, a missed target, a late task and its cause) is built here as short lines, each a
finished Vietnamese sentence, because a template cannot judge grammar case by case. Values are
plain dicts, lists, strings, numbers and dates so a clerk's own template can use them.

Date style: sentences write dates as Nghị định 30/2020 does ("27/6/2024", filter ``ref_date``);
tables write dd/mm/yyyy ("27/06/2024", filter ``vn_date``). Percentages always have one decimal
("88,2%"); a target keeps the value the plan wrote ("100%").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from vanthuy_cli.documents.notes import SECTIONS, parse_notes
from vanthuy_cli.documents.officialdoc import letterhead_context, signer_context
from vanthuy_cli.plan.deadlines import DeadlineKind
from vanthuy_cli.plan.loaded import LoadedPlan
from vanthuy_cli.plan.periods import Period
from vanthuy_cli.plan.records import Appendix, Group, Plan, ProgressEntry, Signer, Target
from vanthuy_cli.render.catalog import Translator, period_label
from vanthuy_cli.rules.classify import Cls, Item, classify
from vanthuy_cli.textutil import fold, lower_first, ref_date, vn_date, vn_number


@dataclass(frozen=True)
class ReportRequest:
    period: Period
    as_of: date  # the day the data are taken at (default: end of the period's data window)
    signed: date  # the date printed on the report (default: as_of)
    notes: str | None  # the clerk's text, from reports/<period>.notes.md
    changes: list[dict[str, Any]] | None  # plan changes in the window (None: not a git repo)
    figures: dict[str, Any] | None = None  # the period's figures (see figures.py), if recorded
    later_changes: list[dict[str, Any]] | None = None  # changes committed after the cut-off


def default_as_of(ws: LoadedPlan, period: Period) -> date:
    """The end of the period's data window: the report covers exactly its window."""
    return ws.rules.window(period)[1]


def notes_path(project: Path, period: Period) -> Path:
    """``reports/2024-Q3.notes.md``: where the clerk writes the report's own narrative."""
    return project / "reports" / f"{period.name}.notes.md"


def default_output(project: Path, period: Period, fmt: str) -> Path:
    """``reports/2024-Q3-bao-cao.docx``: names sort by period."""
    return project / "reports" / f"{period.name}-bao-cao.{fmt}"


# ------------------------------------------------------------------------------ the context


@dataclass(frozen=True)
class _Scope:
    """What every part of the context needs: the plan, the window, and the classified items."""

    ws: LoadedPlan
    plan: Plan
    period: Period
    start: date  # first day of the data window
    as_of: date
    items: list[Item]  # every item, classified as of ``as_of``
    in_period: list[Item]  # the items the period's tables list

    @cached_property
    def _by_group(self) -> dict[int, list[Item]]:
        by_group: dict[int, list[Item]] = {}
        for item in self.in_period:  # one pass: scanning them once per group was quadratic
            by_group.setdefault(id(item.ref.group), []).append(item)
        return by_group

    def in_group(self, group: Group) -> list[Item]:
        """The items of ``group`` the period's tables list, in plan order."""
        return self._by_group.get(id(group), [])


def build_context(ws: LoadedPlan, request: ReportRequest) -> dict[str, Any]:
    """Everything a report template may use; see docs/mau-bao-cao.md for each key."""
    plan = ws.plan
    start = ws.rules.window(request.period)[0]
    items = classify(ws, request.as_of, window=(start, request.as_of))
    scope = _Scope(
        ws,
        plan,
        request.period,
        start,
        request.as_of,
        items,
        [i for i in items if _belongs(i, (start, request.as_of))],
    )
    direction, fields = _results(scope)
    parsed = parse_notes(request.notes)
    notes = {key: parsed.get(key, []) for key, _words in SECTIONS}
    shortcomings, causes = _shortcomings(scope, request.figures)
    objective = [f"- {c}." for c in causes.objective]
    subjective = [f"- {c}." for c in causes.subjective]
    return {
        "doc": _doc(scope, request),
        "plan": _plan(plan),
        "period": _period(scope),
        "as_of": request.as_of,
        "summary": _summary(scope),
        "direction": direction,
        "fields": fields,
        "figures": request.figures,
        "strengths": _strengths(scope, fields, request.figures),
        "shortcomings": shortcomings,
        "causes": objective + subjective,
        "causes_objective": objective,
        "causes_subjective": subjective,
        "remaining": _remaining(scope),
        "next_tasks": _next_tasks(scope),
        "notes": notes,
        "proposals": notes.get("proposals", []),
        "changes": request.changes,
        "later_changes": request.later_changes,
        "appendices": _appendices(scope),
    }


def _doc(scope: _Scope, request: ReportRequest) -> dict[str, Any]:
    plan = scope.plan
    signer: Signer = plan.reporting.signer or plan.signer
    return {
        **letterhead_context(plan),
        "number_suffix": plan.reporting.number_suffix,
        # The registry (văn thư) gives the number when the report is signed: until the plan
        # records it (``bao_cao.so_bao_cao``) the template leaves room for it.
        "number": str(plan.reporting.numbers.get(scope.period.name, "")),
        "date": request.signed,
        "subject": report_subject(plan, scope.period, _t()),
        "addressees": list(plan.reporting.addressees),
        "recipients": list(plan.reporting.recipients),
        "signer": signer_context(signer),
        # While the appendices or figures are samples the report is a draft: "DỰ THẢO".
        "draft": any(a.sample for a, _ in scope.ws.appendices)
        or bool(request.figures and request.figures.get("sample")),
    }


def _plan(plan: Plan) -> dict[str, Any]:
    return {
        "number": plan.number,
        "issued": plan.issued,
        "issuer": plan.issuer,
        "doc_type": plan.doc_type,
        "subject": plan.subject,
        "year": plan.year,
        "theme": plan.theme or "",
    }


def _period(scope: _Scope) -> dict[str, Any]:
    t = _t()
    period = scope.period
    nxt = period.next()
    window_end = scope.ws.rules.window(period)[1]
    return {
        "name": period.name,
        "kind": str(period.kind),
        "label": period_label(period, t),
        "phrase": lower_first(period_label(period, t)),
        "start": period.start,
        "end": period.end,
        "window_start": scope.start,
        "window_end": window_end,
        "submission": scope.ws.rules.submission(period),
        "next_name": nxt.name,
        "next_label": period_label(nxt, t),
        "next_phrase": lower_first(period_label(nxt, t)),
    }


def report_subject(plan: Plan, period: Period, t: Translator) -> str:
    """ "Kết quả thực hiện Kế hoạch nâng cao … (SIPAS) quý III năm 2024": the plan's subject with
    its own year replaced by the period, never "năm 2024 (quý III năm 2024)"."""
    core = re.sub(rf"\s*(?:năm\s+)?{plan.year}\s*$", "", plan.subject).rstrip(" ,")
    phrase = lower_first(period_label(period, t))
    return f"Kết quả thực hiện {plan.doc_type} {lower_first(core)} {phrase}"


# ------------------------------------------------------------------------------ summary (I.2)


def _summary(scope: _Scope) -> dict[str, Any]:
    """Counts on one base: the items that fell due by ``as_of``, then those not yet due."""
    live = [i for i in scope.in_period if i.cls is not Cls.CANCELLED]
    due = [i for i in live if i.due is not None and i.due <= scope.as_of]
    not_due = [i for i in live if i.due is not None and i.due > scope.as_of]
    due_done = [i for i in due if i.cls.done]
    return {
        "due": len(due),
        "due_done": len(due_done),
        "due_on_time": sum(1 for i in due if i.cls is Cls.DONE_ON_TIME),
        "due_late": sum(1 for i in due if i.cls is Cls.DONE_LATE),
        "due_open": sum(1 for i in due if not i.cls.done),
        "percent_due_done": percent(len(due_done), len(due)),
        "not_due": len(not_due),
        "early_done": sum(1 for i in not_due if i.cls.done),
        "in_progress": sum(
            1 for i in not_due if not i.cls.done and _has_work(i) and i.cls is not Cls.PAUSED
        ),
        "not_started": sum(1 for i in not_due if not i.cls.done and not _has_work(i)),
        "regular": sum(1 for i in live if i.due is None),
        "paused": sum(1 for i in live if i.cls is Cls.PAUSED),
        "cancelled": sum(1 for i in scope.in_period if i.cls is Cls.CANCELLED),
    }


def _has_work(item: Item) -> bool:
    return any(e.status.value != "chua_thuc_hien" for e in item.entries)


# -------------------------------------------------------------------- results (I.1 and II)


def _results(scope: _Scope) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """Section I.1 (the field of direction and management, when the plan has one) and the parts
    of section II: one per plan appendix, one lettered subsection per field or SIPAS factor."""
    direction: dict[str, Any] | None = None
    parts = []
    for appendix, _file in scope.ws.appendices:
        groups = []
        for group in appendix.groups:
            block = _group_block(scope, group)
            if is_direction(group) and direction is None:
                direction = block
            else:
                groups.append(block)
        for index, block in enumerate(groups):
            block["letter"] = "abcdefghiklmnopqrstuvxy"[index % 23]
        parts.append(_appendix_part(appendix, groups))
    for number, part in enumerate(parts, start=1):
        part["number"] = number
    return direction, parts


def is_direction(group: Group) -> bool:
    """The PAR field "Công tác chỉ đạo, điều hành" is section I of the report, not part of II."""
    name = fold(group.title)
    return "chi dao" in name and "dieu hanh" in name


def _appendix_part(appendix: Appendix, groups: list[dict[str, Any]]) -> dict[str, Any]:
    title = (
        f"Thực hiện nhiệm vụ nâng cao Chỉ số {appendix.index}"
        if appendix.index
        else f"Thực hiện các nhiệm vụ tại Phụ lục {appendix.number}"
    )
    return {"appendix": appendix.number, "title": title, "groups": groups}


def _group_block(scope: _Scope, group: Group) -> dict[str, Any]:
    items = scope.in_group(group)
    lines = [line for item in items for line in _result_lines(scope, item)]
    measures = [m for item in items for m in _measures(scope, item)]
    due = [i for i in items if i.due is not None and i.due <= scope.as_of]
    due = [i for i in due if i.cls is not Cls.CANCELLED]
    done = sum(1 for i in due if i.cls.done)
    return {
        "number": group.number,
        "title": group.title,
        "lines": lines,
        "measures": [m["text"] for m in measures],
        "due": len(due),
        "due_done": done,
        "percent_due_done": percent(done, len(due)),
        "open_lines": [_open_line(i) for i in items if i.cls is Cls.OVERDUE],
    }


def _result_lines(scope: _Scope, item: Item) -> list[str]:
    """What was done on ``item`` in the window, as one sentence with its evidence."""
    entries = [e for e in item.entries if scope.start <= e.date <= scope.as_of]
    notes = _dedupe(_clean(e.note) for e in entries if e.note)
    evidence = _dedupe(str(e.evidence).strip() for e in entries if e.evidence)
    if not notes and not evidence:
        return []
    if notes:
        text = "; ".join([notes[0]] + [lower_first(n) for n in notes[1:]])
    else:
        text = _clean(item.ref.task.text)
    cited = [e for e in evidence if fold(e) not in fold(text)]
    if cited:
        text += f" ({'; '.join(cited)})"
    if item.occurrence is not None and item.occurrence.name not in text:
        text = f"{_occurrence_phrase(item)}: {lower_first(text)}"
    return [f"- {text}."]


def _measures(scope: _Scope, item: Item) -> list[dict[str, Any]]:
    """A measured value recorded in the window, printed against the task's target."""
    target = item.ref.task.target
    entries = [
        e for e in item.entries if scope.start <= e.date <= scope.as_of and e.value is not None
    ]
    if target is None or not entries or entries[-1].value is None:
        return []
    value = entries[-1].value
    met = target.met(value)
    when = f" ({lower_first(_occurrence_phrase(item))})" if item.occurrence else ""
    verdict = "đạt chỉ tiêu" if met else "chưa đạt chỉ tiêu"
    text = (
        f"- {target.metric}{when}: {measure_text(value, target)} "
        f"(chỉ tiêu: {target_text(target)}), {verdict}."
    )
    return [{"text": text, "met": met, "value": value, "entry": entries[-1]}]


def measure_text(value: float, target: Target) -> str:
    """98.9 with unit "%" → "98,9%"; 3 with unit "tin, bài" → "3 tin, bài"."""
    unit = target.unit or ""
    shown = percent_value(value) if unit == "%" else vn_number(value)
    if not unit:
        return shown
    return f"{shown}%" if unit == "%" else f"{shown} {unit}"


def target_text(target: Target) -> str:
    """How a report states a target: "100%", "tối thiểu 2 tin, bài", "tối đa 5 ngày"."""
    unit = target.unit or ""
    value = vn_number(target.value)
    amount = f"{value}%" if unit == "%" else (f"{value} {unit}" if unit else value)
    if target.comparison == ">=" and not (unit == "%" and target.value >= 100):
        return f"tối thiểu {amount}"
    if target.comparison == "<=" and target.value:
        return f"tối đa {amount}"
    return amount


def _open_line(item: Item) -> str:
    days = item.days_late or 0
    return (
        f"- Chưa hoàn thành: {_task_phrase(item)} ({_when(item)}hạn {ref_date(item.due)}, "
        f"đã quá hạn {days} ngày)."
    )


# ----------------------------------------------------------------------- assessment (III)


def _strengths(
    scope: _Scope, fields: list[dict[str, Any]], figures: dict[str, Any] | None
) -> list[str]:
    summary = _summary(scope)
    out = []
    if summary["due"]:
        out.append(
            f"- Hoàn thành {summary['due_done']}/{summary['due']} nhiệm vụ đến hạn trong kỳ "
            f"({summary['percent_due_done']}%), trong đó {summary['due_on_time']} nhiệm vụ "
            "hoàn thành đúng hạn."
        )
    complete = [
        lower_first(g["title"])
        for part in fields
        for g in part["groups"]
        if g["due"] and g["due_done"] == g["due"]
    ]
    if complete:
        out.append(f"- Hoàn thành toàn bộ nhiệm vụ đến hạn về {', '.join(complete)}.")
    if summary["early_done"]:
        out.append(f"- Hoàn thành trước thời hạn {summary['early_done']} nhiệm vụ.")
    measures = [m for item in scope.in_period for m in _measures(scope, item)]
    met = sum(1 for m in measures if m["met"])
    if met:
        out.append(f"- Đạt {met}/{len(measures)} chỉ tiêu có số liệu đo trong kỳ.")
    if figures:
        out.extend(figures.get("strengths", []))
    return out


@dataclass
class _Causes:
    """Section III.3: the reasons recorded for what is late, missed or stopped, objective or
    subjective as the progress entry says (``nguyen_nhan``). A reason not marked is subjective:
    calling a cause objective (a storm, a document awaited from above) is a claim the clerk
    makes, par never guesses it."""

    objective: list[str] = field(default_factory=list)
    subjective: list[str] = field(default_factory=list)

    def add(self, entry: ProgressEntry | None) -> None:
        reason = _clean(entry.note if entry else None)
        if not reason or entry is None or reason in self.objective + self.subjective:
            return
        (self.objective if entry.cause == "khach_quan" else self.subjective).append(reason)


def _noted(item: Item) -> ProgressEntry | None:
    """The latest entry with a note: what the clerk last wrote about the item (its reason)."""
    return next((e for e in reversed(item.entries) if e.note), None)


def _shortcomings(scope: _Scope, figures: dict[str, Any] | None) -> tuple[list[str], _Causes]:
    """Section III.2 (what is late, missed or stopped) and III.3 (the causes recorded)."""
    lines: list[str] = list(figures["shortcomings"]) if figures else []
    causes = _Causes()

    def cause(item: Item) -> None:
        causes.add(_noted(item))

    overdue = sorted(
        (i for i in scope.items if i.cls is Cls.OVERDUE),
        key=lambda i: (-(i.days_late or 0), i.key),
    )
    for item in overdue:
        lines.append(_open_line(item))
        cause(item)
    late = [
        i
        for i in scope.items
        if i.cls is Cls.DONE_LATE and i.completed and scope.start <= i.completed <= scope.as_of
    ]
    for item in late:
        lines.append(
            f"- {upper_first(_task_phrase(item))} ({_when(item)}hạn {ref_date(item.due)}): "
            f"hoàn thành chậm {item.days_late} ngày."
        )
        cause(item)
    for item in scope.in_period:
        for measure in _measures(scope, item):
            if measure["met"]:
                continue
            if not (figures and item.ref.task.target and item.ref.task.target.figure):
                lines.append(measure["text"])  # a rate of the figures is already listed above
            causes.add(measure["entry"])
    for item in scope.items:
        if item.cls is Cls.PAUSED:
            lines.append(f"- Tạm dừng thực hiện: {_task_phrase(item)}.")
            cause(item)
    stale = [i for i in scope.items if i.stale]
    if stale:
        names = "; ".join(_task_phrase(i) for i in stale)
        lines.append(f"- Chưa có kết quả trong kỳ đối với nhiệm vụ thường xuyên: {names}.")
    return lines, causes


# ------------------------------------------------------------------------ next period (IV)


def _remaining(scope: _Scope) -> list[str]:
    """What is still open and falls due between the cut-off and the period's end (the report
    itself, due on the 20th, is one): neither late yet nor a task of the next period."""
    items = [
        i
        for i in scope.items
        if i.due is not None
        and scope.as_of < i.due <= scope.period.end
        and not i.cls.done
        and i.cls not in (Cls.CANCELLED, Cls.PAUSED)
    ]
    return _due_lines(scope, items)


def _due_lines(scope: _Scope, items: list[Item]) -> list[str]:
    roster = scope.ws.roster
    lines = []
    for item in sorted(items, key=lambda i: (i.due or date.max, i.key)):
        lead = roster.get(item.ref.task.lead)
        who = lead.title if lead else item.ref.task.lead
        lines.append(
            f"- {upper_first(_task_phrase(item))} ({_when(item)}hạn {ref_date(item.due)}; "
            f"chủ trì: {who})."
        )
    return lines


def _next_tasks(scope: _Scope) -> list[str]:
    """What falls due after this period ends and by the end of the next one. Items still open
    and already late belong to the shortcomings, not here; nothing past the plan year."""
    nxt = scope.period.next()
    last_day = scope.ws.year_end
    out = [
        i
        for i in scope.items
        if i.due is not None
        and scope.period.end < i.due <= nxt.end
        and not i.cls.done
        and i.cls not in (Cls.CANCELLED, Cls.PAUSED)
    ]
    seen = {(i.ref.id, i.occurrence) for i in out}
    for item in scope.items:
        deadline = item.deadline
        if item.occurrence is None or deadline is None:
            continue
        if deadline.kind is not DeadlineKind.RECURRING:
            continue
        for occ in deadline.occurrences(nxt.start, min(nxt.end, last_day)):
            key = (item.ref.id, occ.period)
            if key in seen or occ.due <= scope.period.end:
                continue
            seen.add(key)
            out.append(
                Item(item.ref, Cls.NOT_STARTED, deadline, occ.due, occ.period, (), None, None, None)
            )
    return _due_lines(scope, out)


# ---------------------------------------------------------------------- appendix tables


def _appendices(scope: _Scope) -> list[dict[str, Any]]:
    roster = scope.ws.roster
    out = []
    for appendix, _file in scope.ws.appendices:
        groups = []
        for group in appendix.groups:
            items = scope.in_group(group)
            rows = [_row(scope, item, n, roster) for n, item in enumerate(items, start=1)]
            if rows:
                groups.append({"number": group.number, "title": group.title, "rows": rows})
        out.append(
            {
                "number": appendix.number,
                "title": appendix.title,
                "index": appendix.index or "",
                "groups": groups,
            }
        )
    return out


def _row(scope: _Scope, item: Item, number: int, roster: dict[str, Any]) -> dict[str, Any]:
    task = item.ref.task
    lead = roster.get(task.lead)
    entries = [e for e in item.entries if scope.start <= e.date <= scope.as_of]
    notes = _dedupe(_clean(e.note) for e in entries if e.note)
    evidence = _dedupe(str(e.evidence).strip() for e in entries if e.evidence)
    work = "; ".join(notes)
    cited = [e for e in evidence if fold(e) not in fold(work)]
    if cited:
        work = f"{work} ({'; '.join(cited)})" if work else "; ".join(cited)
    measures = _measures(scope, item)
    if measures:
        value = measure_text(measures[0]["value"], task.target) if task.target else ""
        work = f"{work}. Kết quả đạt: {value}" if work else f"Kết quả đạt: {value}"
    return {
        "no": number,
        "id": task.id,
        "occurrence": period_label(item.occurrence, _t()) if item.occurrence else "",
        "text": _clean(task.text),
        "lead_title": lead.title if lead else task.lead,
        "target_text": target_text(task.target) if task.target else "",
        "deadline_text": table_deadline(item),
        "class": str(item.cls),
        "status": status_text(item),
        "work_text": work,
    }


def table_deadline(item: Item) -> str:
    """The deadline in a table: "Thường xuyên", or the due date as dd/mm/yyyy, or the plan's
    words ("Quý III/2024") when they name a period rather than a day."""
    written = item.ref.task.deadline.strip()
    if item.due is None:
        return written
    if item.occurrence is not None or re.search(
        r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{1,2}-\d{1,2}", written
    ):
        return vn_date(item.due)
    return written


_A_DAY = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{1,2}-\d{1,2}")


def printable_deadline(written: str, due: date | None) -> str:
    """The deadline as a document prints it: as written, except ISO dates in dd/mm/yyyy."""
    if due is not None and re.fullmatch(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*", written):
        return vn_date(due)
    return written


_STATUS = {
    Cls.DONE_ON_TIME: "Hoàn thành đúng hạn",
    Cls.IN_PROGRESS: "Đang thực hiện",
    Cls.DUE_SOON: "Đang thực hiện",
    Cls.NOT_STARTED: "Chưa triển khai",
    Cls.NO_DEADLINE: "Thường xuyên",
    Cls.PAUSED: "Tạm dừng",
    Cls.CANCELLED: "Không thực hiện",
}


def status_text(item: Item) -> str:
    """The status as an official table writes it; never a tracker's internal label."""
    if item.cls is Cls.DONE_LATE:
        return f"Hoàn thành chậm {item.days_late} ngày"
    if item.cls is Cls.OVERDUE:
        return f"Quá hạn {item.days_late} ngày"
    if item.cls is Cls.UNDETERMINED:
        return "Đang thực hiện" if _has_work(item) else "Chưa triển khai"
    return _STATUS[item.cls]


# -------------------------------------------------------------------------------- helpers


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


def _t() -> Translator:
    return Translator("vi")  # reports are official Vietnamese documents whatever --lang says


def _clean(text: str | None) -> str:
    """One line, no trailing full stop or semicolon (the template or caller punctuates)."""
    return " ".join((text or "").split()).rstrip(" .;")


def _dedupe(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value and value not in out:
            out.append(value)
    return out


def _task_phrase(item: Item) -> str:
    """The task's text inside a sentence."""
    return lower_first(_clean(item.ref.task.text))


def _when(item: Item) -> str:
    """ "tháng 8 năm 2024; " before the due date of a recurring task's occurrence, else ""."""
    return f"{lower_first(_occurrence_phrase(item))}; " if item.occurrence else ""


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _occurrence_phrase(item: Item) -> str:
    assert item.occurrence is not None
    return period_label(item.occurrence, _t())


def percent(part: int, whole: int) -> str:
    """ "88,2": a share in Vietnamese style, always one decimal ("100,0", "0,0")."""
    return percent_value(100 * part / whole) if whole else "0,0"


def percent_value(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")
