"""The words of a self-assessment: how each score came about, in the user's language.

One place turns a ``LeafScore`` into "83,3% việc hoàn thành (24/36) → mức 70–90%", so the
terminal, the DOCX/Markdown table, the workbook and ``--json`` all say the same thing.
"""

from __future__ import annotations

from vanthuy_cli.plan.criteria_records import RuleKind, Source
from vanthuy_cli.render.catalog import Translator
from vanthuy_cli.rules.classify import Cls
from vanthuy_cli.rules.scoring import LeafScore, Risk, Scorecard
from vanthuy_cli.textutil import number


def num(value: float, t: Translator) -> str:
    return str(number(round(value, 2), t.lang, decimals=2))


def pct(value: float, t: Translator) -> str:
    return str(number(round(value, 1), t.lang, decimals=1))


def points(score: LeafScore, t: Translator) -> str:
    """ "1/2" in the language's number style."""
    return f"{num(score.points, t)}/{num(score.max_points, t)}"


def value_text(score: LeafScore, t: Translator) -> str:
    """What the rule judged and where it came from."""
    value, source, rule = score.value, score.source, score.rule
    if rule is RuleKind.TIMELINESS:
        return _tasks_state(score, t)
    if source in (Source.COMPLETION, Source.ON_TIME, Source.REPORTS) or (
        source is Source.TASKS and rule is not RuleKind.DEDUCTION
    ):
        if value.number is None or not value.total:
            return t(f"score.value.{source.value}.none")
        return t(
            f"score.value.{source.value}",
            percent=pct(value.number, t),
            done=value.done,
            total=value.total,
        )
    if source is Source.TASKS:  # deductions counted from late items
        late = [i.key for i in score.items if i.cls in (Cls.DONE_LATE, Cls.OVERDUE)]
        return t("score.value.late_items", count=len(late), ids=", ".join(late) or "-")
    if value.period is not None and value.number is not None:
        return t("score.value.figure", value=pct(value.number, t), period=value.period)
    if value.entry is None:
        return t("score.value.figure.none" if source is Source.FIGURE else "score.value.no_entry")
    entered = value.entry.date
    if value.passed is not None and value.number is None:
        key = "score.value.entered_pass" if value.passed else "score.value.entered_fail"
        return t(key, date=entered)
    if value.number is None:
        return t("score.value.no_entry")
    unit = {RuleKind.DEDUCTION: "times", RuleKind.DIRECT: "points"}.get(rule, "percent")
    shown = pct(value.number, t) if unit == "percent" else num(value.number, t)
    return t(f"score.value.entered_{unit}", value=shown, date=entered)


def _tasks_state(score: LeafScore, t: Translator) -> str:
    live = [i for i in score.items if i.cls is not Cls.CANCELLED]
    if not live:
        return t("score.value.no_tasks")
    parts = []
    for item in live:
        state = (
            "on_time"
            if item.cls is Cls.DONE_ON_TIME
            else "late"
            if item.cls is Cls.DONE_LATE
            else "open"
        )
        extra = f" {item.days_late}" if state == "late" and item.days_late else ""
        parts.append(t(f"score.task.{state}", id=item.key, days=extra.strip()))
    return "; ".join(parts)


def rule_text(score: LeafScore, t: Translator) -> str:
    """Which part of the rule applied: the tier, pass/fail, the deduction."""
    leaf, rule = score.leaf, score.rule
    if score.outcome == "no_value":
        return t("score.rule.no_value")
    if rule is RuleKind.TIERS and score.tier is not None:
        low, high = score.tier
        if low is None or (low == 0 and high is not None):
            return t("score.rule.tier_below", high=pct(high or 0, t))
        if high is None:
            return t("score.rule.tier_top", low=pct(low, t))
        return t("score.rule.tier", low=pct(low, t), high=pct(high, t))
    if rule is RuleKind.PASS_FAIL:
        bound = pct(leaf.threshold, t)
        if score.source in (Source.CLERK,) or score.value.passed is not None:
            return t(f"score.rule.{score.outcome}")
        return t(f"score.rule.{score.outcome}_at", bound=bound)
    if rule is RuleKind.DEDUCTION:
        count = score.value.number or 0
        return t(
            "score.rule.deducted",
            each=num(leaf.per_occurrence, t),
            count=num(count, t),
            lost=num(score.max_points - score.points, t),
        )
    return t(f"score.rule.{score.outcome}")


def explain(score: LeafScore, t: Translator) -> str:
    """ "83,3% việc hoàn thành (30/36); mức 70–90%"."""
    return f"{value_text(score, t)} → {rule_text(score, t)}"


def line(score: LeafScore, t: Translator) -> str:
    """ "1.1.2: 1/2 — 83,3% việc hoàn thành (30/36) → mức 70–90%"."""
    return f"{score.number}: {points(score, t)} — {explain(score, t)}"


def evidence_text(score: LeafScore) -> list[str]:
    return [str(e) for e in score.evidence]


def risk_text(risk: Risk, card: Scorecard, t: Translator) -> str:
    """ "2.2 mất 1 điểm nếu I.2.1 chưa xong trước 15/12/2024"."""
    before = card.window_opens
    lost = num(risk.points, t)
    if risk.kind == "tasks":
        ids = ", ".join(i.key for i in risk.items)
        return t("score.risk.tasks", number=risk.number, points=lost, ids=ids, date=before)
    if risk.kind == "more":
        first = ", ".join(i.key for i in risk.items[:5])
        more = "…" if len(risk.items) > 5 else ""
        bound = t("score.risk.bound", bound=pct(risk.bound, t)) if risk.bound is not None else ""
        return t(
            "score.risk.more",
            number=risk.number,
            points=lost,
            count=risk.count,
            date=before,
            bound=bound,
            ids=first + more,
        )
    if risk.kind == "entry":
        return t("score.risk.entry", number=risk.number, points=lost)
    return t("score.risk.evidence", number=risk.number, points=lost)


def status_line(card: Scorecard, t: Translator) -> str:
    """The one line ``par status`` shows."""
    if card.before_window:
        return t(
            "score.status_line",
            points=num(card.total.points, t),
            max=num(card.total.max_points, t),
            risk=num(card.points_at_risk, t),
            date=card.window_opens,
        )
    return t(
        "score.status_line_open",
        points=num(card.total.points, t),
        max=num(card.total.max_points, t),
    )
