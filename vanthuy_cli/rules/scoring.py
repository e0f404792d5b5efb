"""Score the commune against its criteria catalogue, as of a date; find the points at risk.

The value a rule judges comes from the plan's own classification (``classify``), so a score never
disagrees with ``par status`` or a report. How each rule and source works is documented in
``criteria.py`` and, for the clerk, in ``docs/cham-diem.md``. A few definitions the documents leave
open, decided here once:

* ratios are percentages computed as ``done * 100 / total`` (so 27 of 30 is exactly 90 %, never
  89.999…), and a tier or threshold is reached when the value is ≥ its bound;
* ``ty_le_hoan_thanh``: items done out of the items that count (``Cls.counted``: cancelled items
  and continuous tasks not marked done are left out), over the whole plan or one appendix;
* ``ty_le_dung_han`` and ``bao_cao_dung_han``: items done on time out of the items that fell due
  by the date judged (not yet due items are not judged);
* the linked tasks of an item: those it lists under ``nhiem_vu`` and those whose ``tieu_chi`` is
  its number; every begun occurrence of a recurring task counts (each report is one item);
* points with no evidence at all are flagged: appraisal gives them nothing without a document
  or a written explanation (``giai_trinh``).

Points at risk (``at_risk``) compare two futures at the day before the self-scoring window opens:
nothing more gets done, or every open item is finished now (on time when it still can be). The
difference is what the clerk can still save, and the items that save it are listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from vanthuy_cli.errors import ParError
from vanthuy_cli.plan.criteria_records import (
    Area,
    Catalogue,
    ClerkEntry,
    Criterion,
    RuleKind,
    Scored,
    Source,
)
from vanthuy_cli.plan.loaded import LoadedPlan
from vanthuy_cli.plan.periods import parse_period
from vanthuy_cli.recordtype import Record, field, replace
from vanthuy_cli.rules.classify import Cls, Item, classify
from vanthuy_cli.rules.evidence import EvidenceValue

# ------------------------------------------------------------------------------------ results


class Value(Record, kw_only=False):
    """What a rule judged: a percentage, a count or points, and how it was obtained."""

    number: float | None
    done: int | None = None  # for ratios: the numerator…
    total: int | None = None  # …and the denominator
    entry: ClerkEntry | None = None
    passed: bool | None = None
    #: For ``so_lieu``: the period whose figures file gave the value, and that file.
    period: str | None = None
    figures_file: str | None = None


class LeafScore(Record, kw_only=False):
    """One scored item (sub-criterion, or criterion without sub-criteria)."""

    area: Area
    criterion: Criterion
    leaf: Scored
    points: float
    value: Value
    #: How the rule decided: "tier", "pass", "fail", "on_time", "late", "not_done", "direct",
    #: "deducted", "no_value".
    outcome: str
    #: For tiers: the bounds of the tier reached (lower, upper; None when open-ended).
    tier: tuple[float | None, float | None] | None
    items: tuple[Item, ...]
    evidence: tuple[EvidenceValue, ...]
    explanation: str | None

    @property
    def number(self) -> str:
        return self.leaf.number

    @property
    def max_points(self) -> float:
        return self.leaf.max_points or 0.0

    @property
    def rule(self) -> RuleKind:
        assert self.leaf.rule is not None
        return self.leaf.rule

    @property
    def source(self) -> Source:
        return self.leaf.source_used

    @property
    def evidence_missing(self) -> bool:
        return self.points > 0 and not self.evidence


class Total(Record, kw_only=False):
    number: str
    title: str
    points: float
    max_points: float
    last_year: float | None = None


class Risk(Record, kw_only=False):
    """Points that are not secured yet, and what secures them."""

    number: str
    points: float
    #: "tasks": finish ``items``; "more": finish ``count`` more of the plan's items;
    #: "entry": the clerk has entered nothing; "evidence": points without evidence.
    kind: str
    items: tuple[Item, ...] = ()
    count: int = 0
    bound: float | None = None  # the tier or threshold (%) the extra items reach


class Scorecard(Record, kw_only=False):
    catalogue: Catalogue
    catalogue_file: str
    as_of: date
    window_opens: date
    window_closes: date | None
    leaves: tuple[LeafScore, ...]
    areas: tuple[Total, ...]
    criteria: dict[str, Total]
    total: Total
    risks: tuple[Risk, ...] = field(default=())

    @property
    def before_window(self) -> bool:
        return self.as_of < self.window_opens

    @property
    def points_at_risk(self) -> float:
        return sum(r.points for r in self.risks)


# ------------------------------------------------------------------------------------ scoring


def window(ws: LoadedPlan) -> tuple[date, date | None]:
    """When self-scoring opens and closes: the plan's ``tu_danh_gia``, else 15/12 of the plan
    year (the day after the year's data window ends) and no closing date."""
    settings = ws.plan.self_assessment
    opens = settings.opens if settings and settings.opens else date(ws.plan.year, 12, 15)
    return opens, settings.closes if settings else None


def scorecard(ws: LoadedPlan, as_of: date) -> Scorecard:
    """The self-assessment as it stands on ``as_of``, with the points at risk before the window."""
    catalogue = ws.catalogue
    assert catalogue is not None and ws.catalogue_file is not None
    items = classify(ws, as_of)
    leaves = tuple(
        score_leaf(ws, a, c, leaf, items, as_of, as_of) for a, c, leaf in catalogue.leaves()
    )
    opens, closes = window(ws)
    card = Scorecard(
        catalogue=catalogue,
        catalogue_file=ws.catalogue_file,
        as_of=as_of,
        window_opens=opens,
        window_closes=closes,
        leaves=leaves,
        areas=tuple(_area_totals(catalogue, leaves)),
        criteria=_criterion_totals(catalogue, leaves),
        total=Total(
            "",
            catalogue.title,
            _sum(s.points for s in leaves),
            catalogue.max_points,
            catalogue.last_year,
        ),
    )
    if as_of < opens:
        risks = at_risk(ws, items, as_of, opens - timedelta(days=1), leaves)
        card = replace(card, risks=tuple(risks))
    return card


def _sum(values: Iterable[float]) -> float:
    # float(): a default of 0 in the catalogue model is an int; JSON must not say 0 and 0.0.
    return round(float(sum(values)), 6)


def _area_totals(catalogue: Catalogue, leaves: Sequence[LeafScore]) -> list[Total]:
    out = []
    for area in catalogue.areas:
        mine = [s for s in leaves if s.area is area]
        out.append(
            Total(
                area.number,
                area.title,
                _sum(s.points for s in mine),
                _sum(s.max_points for s in mine),
                area.last_year,
            )
        )
    return out


def _criterion_totals(catalogue: Catalogue, leaves: Sequence[LeafScore]) -> dict[str, Total]:
    out = {}
    for area in catalogue.areas:
        for criterion in area.criteria:
            mine = [s for s in leaves if s.criterion is criterion]
            out[criterion.number] = Total(
                criterion.number,
                criterion.title,
                _sum(s.points for s in mine),
                _sum(s.max_points for s in mine),
            )
    return out


def linked(leaf: Scored, items: Sequence[Item]) -> list[Item]:
    """The items of the tasks an item lists, or whose ``tieu_chi`` is its number."""
    return [items[k] for k in _linked_at(leaf, items)]


def _linked_at(leaf: Scored, items: Sequence[Item]) -> list[int]:
    """Where ``linked`` finds its items in ``items``. The futures ``at_risk`` compares are lists
    parallel to the plan's items (an item's class changes, never its task), so the places are
    found once per catalogue item rather than once per future."""
    wanted, number = set(leaf.tasks), leaf.number
    return [k for k, i in enumerate(items) if i.ref.id in wanted or i.ref.task.criterion == number]


def score_leaf(
    ws: LoadedPlan | None,
    area: Area,
    criterion: Criterion,
    leaf: Scored,
    items: Sequence[Item],
    as_of: date,
    judged: date,
    linked_at: Sequence[int] | None = None,
) -> LeafScore:
    """Score one item from the plan's ``items``; ``judged`` is the date ratios judge due items
    by (``as_of``, or a later date when projecting); ``linked_at``: ``_linked_at(leaf, items)``
    when already known."""
    if linked_at is None:
        linked_at = _linked_at(leaf, items)
    mine = [items[k] for k in linked_at]
    entries = [e for e in leaf.entries if e.date <= as_of]
    entry = entries[-1] if entries else None
    value = _value(ws, leaf, items, mine, entry, as_of, judged)
    points, outcome, tier = _apply(leaf, value, mine)
    evidence: list[EvidenceValue] = []
    for item in mine:
        evidence.extend(e.evidence for e in item.entries if e.evidence is not None)
    for e in entries:
        evidence.extend(e.evidence)
    explanation = next((e.explanation for e in reversed(entries) if e.explanation), None)
    return LeafScore(
        area,
        criterion,
        leaf,
        round(float(points), 6),
        value,
        outcome,
        tier,
        tuple(mine),
        tuple(dict.fromkeys(evidence)),
        explanation,
    )


def _percent(done: int, total: int) -> Value:
    return Value(done * 100 / total if total else None, done, total)


def _value(
    ws: LoadedPlan | None,
    leaf: Scored,
    items: Sequence[Item],
    mine: Sequence[Item],
    entry: ClerkEntry | None,
    as_of: date,
    judged: date,
) -> Value:
    source = leaf.source_used
    if source is Source.COMPLETION:
        counted = [i for i in _in_scope(leaf, items) if i.cls.counted]
        return _percent(sum(1 for i in counted if i.cls.done), len(counted))
    if source in (Source.ON_TIME, Source.REPORTS):
        pool = _in_scope(leaf, items) if source is Source.ON_TIME else list(mine)
        due = [i for i in pool if i.cls.counted and i.due is not None and i.due <= judged]
        return _percent(sum(1 for i in due if i.cls is Cls.DONE_ON_TIME), len(due))
    if source is Source.FIGURE and ws is not None:
        found = period_figure(ws, leaf.figure or "", as_of)
        if found is not None:
            return found
    if source is Source.TASKS:
        if leaf.rule is RuleKind.DEDUCTION:
            late = [i for i in mine if i.cls in (Cls.DONE_LATE, Cls.OVERDUE)]
            return Value(float(len(late)), len(late), len(mine))
        counted = [i for i in mine if i.cls.counted]
        return _percent(sum(1 for i in counted if i.cls.done), len(counted))
    if entry is None:  # nhap, or so_lieu before any figures file covers the date
        return Value(None)
    return Value(entry.value, entry=entry, passed=entry.passed)


def _in_scope(leaf: Scored, items: Sequence[Item]) -> list[Item]:
    """The items a plan-wide ratio counts: the whole plan's, or one appendix's."""
    return [i for i in items if leaf.appendix is None or i.ref.appendix.number == leaf.appendix]


def period_figure(ws: LoadedPlan, name: str, as_of: date) -> Value | None:
    """Indicator ``name`` (``figures.indicators``: ``resolved_on_time``, ``online_rate``…) of the
    latest period whose data window has ended by ``as_of`` and that has a figures file."""
    best: tuple[date, str] | None = None
    for period_name in ws.figures:
        try:
            end = ws.rules.window(parse_period(period_name))[1]
        except ParError:  # a malformed period: its own finding says so
            continue
        if end <= as_of and (best is None or end > best[0]):
            best = (end, period_name)
    if best is None:
        return None
    values, file = ws.indicators[best[1]]
    value = values.get(name)
    if value is None:
        return None
    return Value(float(value), period=best[1], figures_file=file)


Outcome = tuple[float, str, tuple[float | None, float | None] | None]


def _apply(leaf: Scored, value: Value, mine: Sequence[Item]) -> Outcome:
    """Points, how the rule decided, and the tier reached (for ``theo_muc``)."""
    assert leaf.rule is not None
    return _RULES[leaf.rule](leaf, value, mine)


def _timeliness(leaf: Scored, value: Value, mine: Sequence[Item]) -> Outcome:
    counted = [i for i in mine if i.cls is not Cls.CANCELLED]
    if not counted or any(not i.cls.done for i in counted):
        return leaf.missed_points, "not_done", None
    if any(i.cls is Cls.DONE_LATE for i in counted):
        return leaf.late_points, "late", None
    return leaf.max_points or 0.0, "on_time", None


def _pass_fail(leaf: Scored, value: Value, mine: Sequence[Item]) -> Outcome:
    if value.passed is not None:
        ok = value.passed
    elif value.number is None:
        return 0.0, "no_value", None
    else:
        ok = value.number >= leaf.threshold
    return (leaf.max_points or 0.0, "pass", None) if ok else (0.0, "fail", None)


def _direct(leaf: Scored, value: Value, mine: Sequence[Item]) -> Outcome:
    if value.number is None:
        return 0.0, "no_value", None
    return min(max(value.number, 0.0), leaf.max_points or 0.0), "direct", None


def _deduction(leaf: Scored, value: Value, mine: Sequence[Item]) -> Outcome:
    # No count entered yet means nothing to deduct; CRITERIA-UNFED and the evidence flag say so.
    count = value.number or 0.0
    return max((leaf.max_points or 0.0) - count * leaf.per_occurrence, 0.0), "deducted", None


def _tiers(leaf: Scored, value: Value, mine: Sequence[Item]) -> Outcome:
    if value.number is None:
        return 0.0, "no_value", None
    upper: float | None = None
    for tier in sorted(leaf.tiers, key=lambda t: t.at_least, reverse=True):
        if value.number >= tier.at_least:
            return tier.points, "tier", (tier.at_least, upper)
        upper = tier.at_least
    return 0.0, "tier", (None, upper)


_RULES = {
    RuleKind.TIMELINESS: _timeliness,
    RuleKind.PASS_FAIL: _pass_fail,
    RuleKind.DIRECT: _direct,
    RuleKind.DEDUCTION: _deduction,
    RuleKind.TIERS: _tiers,
}


# ------------------------------------------------------------------------------ at risk


def _finish(item: Item, as_of: date) -> Item:
    """The item done today: on time unless it is already past its due date."""
    late = item.due is not None and as_of > item.due
    return replace(item, cls=Cls.DONE_LATE if late else Cls.DONE_ON_TIME, completed=as_of)


def _is_open(item: Item) -> bool:
    return not item.cls.done and item.cls not in (Cls.CANCELLED, Cls.NO_DEADLINE)


def at_risk(
    ws: LoadedPlan, items: list[Item], as_of: date, horizon: date, now: Sequence[LeafScore]
) -> list[Risk]:
    """What could still be saved by ``horizon`` (the last day before self-scoring opens);
    ``now``: every catalogue item scored on ``as_of`` from ``items`` (``scorecard``'s leaves)."""
    # Nothing more done: open items due by the horizon are overdue by then.
    idle = [
        replace(i, cls=Cls.OVERDUE) if _is_open(i) and i.due is not None and i.due <= horizon else i
        for i in items
    ]
    risks = []
    for score in now:
        risk = _leaf_risk(ws, score, items, idle, as_of, horizon)
        if risk is not None:
            risks.append(risk)
        elif score.evidence_missing and not score.explanation:
            risks.append(Risk(score.number, score.points, "evidence"))
    return risks


def _leaf_risk(
    ws: LoadedPlan,
    now: LeafScore,
    items: list[Item],
    idle: list[Item],
    as_of: date,
    horizon: date,
) -> Risk | None:
    area, criterion, leaf = now.area, now.criterion, now.leaf
    source = leaf.source_used
    if source in (Source.CLERK, Source.FIGURE) and leaf.rule is not RuleKind.DEDUCTION:
        if now.value.number is None and now.value.passed is None:
            return Risk(leaf.number, now.max_points, "entry")
        return None
    # ``items``, ``idle`` and the futures below are parallel lists: index k is the same item.
    at = _linked_at(leaf, items)

    def points(future: list[Item]) -> float:
        return score_leaf(ws, area, criterion, leaf, future, as_of, horizon, at).points

    worst = points(idle)
    plan_wide = source in (Source.COMPLETION, Source.ON_TIME)
    if plan_wide:
        in_scope = {
            k for k, i in enumerate(items) if leaf.appendix in (None, i.ref.appendix.number)
        }
    else:
        in_scope = set(at)
    open_now = [k for k, i in enumerate(items) if _is_open(i) and k in in_scope]
    open_now.sort(key=lambda k: (items[k].due or date.max, items[k].key))
    best_items = list(idle)
    for k in open_now:
        best_items[k] = _finish(items[k], as_of)
    best = points(best_items)
    if best <= worst:
        return None
    gain = round(best - worst, 6)
    if not plan_wide:
        return Risk(leaf.number, gain, "tasks", tuple(items[k] for k in open_now))
    # The fewest items (earliest due first) that reach the best score.
    trial = list(idle)
    for count, k in enumerate(open_now, start=1):
        trial[k] = best_items[k]
        if points(trial) >= best:
            chosen = tuple(items[j] for j in open_now[:count])
            return Risk(leaf.number, gain, "more", chosen, count, _bound_reached(leaf, best))
    return Risk(leaf.number, gain, "more", tuple(items[k] for k in open_now), len(open_now))


def _bound_reached(leaf: Scored, points: float) -> float | None:
    if leaf.rule is RuleKind.TIERS:
        reached = [t.at_least for t in leaf.tiers if t.points == points]
        return min(reached) if reached else None
    return leaf.threshold if leaf.rule is RuleKind.PASS_FAIL else None
