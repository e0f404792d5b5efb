"""Render a self-assessment (``scoring.Scorecard``) for the terminal with rich, or as JSON.

The table fits 80 columns: the number, the item with how it was scored and its evidence under
it, and the points. Fields are bold rows with their total and last year's appraised score.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from vanthuy_cli.plan.criteria_records import RuleKind, Source
from vanthuy_cli.render.catalog import Translator
from vanthuy_cli.render.jsonout import document
from vanthuy_cli.render.score_text import evidence_text, explain, num, points, risk_text
from vanthuy_cli.rules.scoring import LeafScore, Scorecard, Total


def _flag(score: LeafScore, t: Translator) -> str:
    if not score.evidence_missing:
        return ""
    return t("score.missing_explained" if score.explanation else "score.missing")


def scorecard(console: Console, card: Scorecard, t: Translator) -> None:
    console.print(Text(card.catalogue.title, style="bold"))
    line = t("score.as_of", as_of=card.as_of, file=card.catalogue_file)
    if card.catalogue.sample:
        line += f" · {t('score.sample')}"
    console.print(line, soft_wrap=True)
    table = Table(box=None, pad_edge=False, expand=True, show_edge=False)
    table.add_column(t("score.col.no"), no_wrap=True)
    table.add_column(t("score.col.item"), ratio=1)
    table.add_column(t("score.col.self"), justify="right", no_wrap=True)
    for area in card.areas:
        title = Text(area.title, style="bold")
        if area.last_year is not None:
            title.append(f" ({t('score.col.last_year').lower()} {num(area.last_year, t)})")
        table.add_row(
            Text(area.number, style="bold"),
            title,
            Text(f"{num(area.points, t)}/{num(area.max_points, t)}", style="bold"),
        )
        for score in (s for s in card.leaves if s.area.number == area.number):
            body = Text(score.leaf.title)
            body.append("\n" + explain(score, t), style="dim")
            for doc in evidence_text(score):
                body.append(f"\n• {doc}", style="italic")
            flag = _flag(score, t)
            if flag:
                body.append("\n" + flag, style="yellow")
            if score.explanation:
                body.append("\n" + t("score.explanation", text=score.explanation), style="dim")
            table.add_row(score.number, body, points(score, t))
    console.print(table)
    total = card.total
    key = "score.total_last_year" if total.last_year is not None else "score.total"
    console.print(
        Text(
            t(
                key,
                points=num(total.points, t),
                max=num(total.max_points, t),
                last=num(total.last_year or 0, t),
            ),
            style="bold",
        ),
        soft_wrap=True,
    )
    risks(console, card, t)


def risks(console: Console, card: Scorecard, t: Translator) -> None:
    if not card.before_window:
        console.print(t("score.window_open", date=card.window_opens), soft_wrap=True)
        return
    if not card.risks:
        console.print(t("score.risks_none", date=card.window_opens), soft_wrap=True)
        return
    console.print(
        Text(
            t("score.risks", date=card.window_opens, points=num(card.points_at_risk, t)),
            style="bold yellow",
        ),
        soft_wrap=True,
    )
    for risk in card.risks:
        console.print(f"- {risk_text(risk, card, t)}")


def _total_json(total: Total) -> dict[str, Any]:
    return {
        "points": total.points,
        "max_points": total.max_points,
        "last_year_appraised": total.last_year,
    }


def _named_total_json(total: Total) -> dict[str, Any]:
    return {"id": total.number, "title": total.title, **_total_json(total)}


def leaf_json(score: LeafScore, t: Translator) -> dict[str, Any]:
    value = score.value
    return {
        "id": score.number,
        "title": score.leaf.title,
        "field_id": score.area.number,
        "criterion_id": score.criterion.number,
        "max_points": score.max_points,
        "points": score.points,
        "rule": RULE_WORDS[score.rule],
        "source": SOURCE_WORDS[score.source],
        "value": value.number,
        "done": value.done,
        "total": value.total,
        "passed": value.passed,
        "entered": value.entry.date if value.entry else None,
        "outcome": score.outcome,
        "label": explain(score, t),
        "task_ids": list(dict.fromkeys(i.ref.id for i in score.items)),
        "evidence": evidence_text(score),
        "evidence_missing": score.evidence_missing,
        "explanation": score.explanation,
    }


def card_json(card: Scorecard, t: Translator) -> dict[str, Any]:
    """The ``par score --json`` document (docs/json.md, docs/schemas/json/score.schema.json)."""
    return document(
        as_of=card.as_of,
        catalogue={
            "file": card.catalogue_file,
            "title": card.catalogue.title,
            "year": card.catalogue.year,
            "sample": card.catalogue.sample,
        },
        window={"opens": card.window_opens, "closes": card.window_closes},
        total=_total_json(card.total),
        fields=[_named_total_json(a) for a in card.areas],
        criteria=[_named_total_json(c) for c in card.criteria.values()],
        items=[leaf_json(s, t) for s in card.leaves],
        at_risk={
            "before_window": card.before_window,
            "points": card.points_at_risk,
            "items": [
                {
                    "item_id": r.number,
                    "points": r.points,
                    "kind": r.kind,
                    "task_ids": list(dict.fromkeys(i.ref.id for i in r.items)),
                    "periods": [i.occurrence.name if i.occurrence else None for i in r.items],
                    "count": r.count or None,
                    "message": risk_text(r, card, t),
                }
                for r in card.risks
            ],
        },
    )


def summary_json(card: Scorecard) -> dict[str, Any]:
    """``self_assessment`` in ``par status --json``."""
    return {
        "points": card.total.points,
        "max_points": card.total.max_points,
        "window_opens": card.window_opens,
        "points_at_risk": card.points_at_risk if card.before_window else None,
    }


#: Rule and source names in English for JSON (the YAML words are Vietnamese).
RULE_WORDS = {
    RuleKind.PASS_FAIL: "pass_fail",
    RuleKind.TIERS: "tiers",
    RuleKind.TIMELINESS: "on_time",
    RuleKind.DIRECT: "direct",
    RuleKind.DEDUCTION: "deduction",
}
SOURCE_WORDS = {
    Source.COMPLETION: "completion_ratio",
    Source.ON_TIME: "on_time_ratio",
    Source.REPORTS: "reports_on_time",
    Source.FIGURE: "period_figure",
    Source.TASKS: "tasks",
    Source.CLERK: "entered",
}
