"""A period's figures: the numbers a commune CCHC report leads with, one small file per period.

``plans/so-lieu-2024-Q3.yaml`` (``loai: so_lieu``) records what the one-stop desk counted in the
period's data window: procedure files received (carried over, online, in person, by post),
resolved (early, on time, late), pending, returned; apology letters; fully-online submissions and
online payments; digitisation; complaints and suggestions; satisfaction. Only counts are typed:
every percentage is derived here, so a report can never print a rate that disagrees with its
counts. The sums are checked when the plans are loaded (``par validate``), each problem at its
line and column: files resolved + pending + returned must equal files received.

Field-by-field documentation: docs/dinh-dang.md ("Số liệu của kỳ").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import PurePath
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from vanthuy_cli.errors import PeriodError
from vanthuy_cli.findings import Finding, finding

if TYPE_CHECKING:
    from vanthuy_cli.plan.periods import Period
    from vanthuy_cli.storage.yamlio import YamlDoc

Count = Annotated[int, Field(ge=0)]
Rate = Annotated[float, Field(ge=0, le=100)]

#: ``so-lieu-2024-Q3.yaml``: the file name that names its period.
FILE_NAME = re.compile(r"^so-lieu-(?P<period>.+)\.ya?ml$", re.IGNORECASE)


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        validate_by_alias=True,
        validate_by_name=False,
        serialize_by_alias=True,
    )


class Received(_Model):
    """Hồ sơ TTHC tiếp nhận trong kỳ (files received)."""

    carried: Count = Field(0, alias="ky_truoc_chuyen_sang", description="Kỳ trước chuyển sang")
    online: Count = Field(0, alias="truc_tuyen", description="Tiếp nhận mới trực tuyến")
    in_person: Count = Field(0, alias="truc_tiep", description="Tiếp nhận mới trực tiếp")
    post: Count = Field(0, alias="buu_chinh", description="Tiếp nhận mới qua bưu chính công ích")

    @property
    def new(self) -> int:
        return self.online + self.in_person + self.post

    @property
    def total(self) -> int:
        return self.carried + self.new


class Resolved(_Model):
    """Hồ sơ đã giải quyết (files resolved)."""

    early: Count = Field(0, alias="truoc_han", description="Giải quyết trước hạn")
    on_time: Count = Field(0, alias="dung_han", description="Giải quyết đúng hạn")
    late: Count = Field(0, alias="qua_han", description="Giải quyết quá hạn")

    @property
    def total(self) -> int:
        return self.early + self.on_time + self.late


class Pending(_Model):
    """Hồ sơ đang giải quyết tại ngày chốt số liệu (files pending)."""

    within: Count = Field(0, alias="trong_han", description="Chưa đến hạn")
    overdue: Count = Field(0, alias="qua_han", description="Đã quá hạn")

    @property
    def total(self) -> int:
        return self.within + self.overdue


class Procedures(_Model):
    """Giải quyết thủ tục hành chính (administrative procedures)."""

    received: Received = Field(alias="tiep_nhan")
    resolved: Resolved = Field(alias="da_giai_quyet")
    pending: Pending = Field(default_factory=Pending, alias="dang_giai_quyet")
    returned: Count = Field(0, alias="tra_lai", description="Trả lại hoặc công dân rút hồ sơ")
    apologies: Count = Field(0, alias="thu_xin_loi", description="Văn bản xin lỗi đã gửi")
    fully_online: Count | None = Field(
        None, alias="toan_trinh", description="Trong số hồ sơ trực tuyến: số hồ sơ toàn trình"
    )
    online_payment: Count | None = Field(
        None, alias="thanh_toan_truc_tuyen", description="Hồ sơ thanh toán phí, lệ phí trực tuyến"
    )


class Digitisation(_Model):
    """Số hóa hồ sơ và kết quả giải quyết TTHC (digitisation)."""

    files: Count | None = Field(None, alias="ho_so", description="Hồ sơ tiếp nhận mới được số hóa")
    results: Count | None = Field(
        None, alias="ket_qua", description="Kết quả giải quyết được số hóa"
    )


class Feedback(_Model):
    """Phản ánh, kiến nghị (complaints and suggestions)."""

    received: Count = Field(0, alias="tiep_nhan")
    answered: Count = Field(0, alias="da_tra_loi")


class Satisfaction(_Model):
    """Đánh giá mức độ hài lòng (satisfaction ratings)."""

    ratings: Count = Field(0, alias="so_luot", description="Số lượt đánh giá")
    satisfied: Count = Field(0, alias="hai_long", description="Số lượt hài lòng, rất hài lòng")


class Targets(_Model):
    """Chỉ tiêu (%) của các tỷ lệ, nếu kế hoạch giao (targets for the derived rates)."""

    resolved_on_time: Rate | None = Field(None, alias="dung_han")
    online: Rate | None = Field(None, alias="truc_tuyen")
    digitised_files: Rate | None = Field(None, alias="so_hoa_ho_so")
    digitised_results: Rate | None = Field(None, alias="so_hoa_ket_qua")
    answered: Rate | None = Field(None, alias="tra_loi_phan_anh")
    satisfied: Rate | None = Field(None, alias="hai_long")


class PeriodFigures(_Model):
    """Tệp số liệu của một kỳ báo cáo (loai: so_lieu)."""

    kind: Literal["so_lieu"] = Field(alias="loai")
    period: str = Field(alias="ky", examples=["2024-Q3"], description="Kỳ báo cáo")
    procedures: Procedures | None = Field(None, alias="thu_tuc_hanh_chinh")
    digitisation: Digitisation | None = Field(None, alias="so_hoa")
    feedback: Feedback | None = Field(None, alias="phan_anh_kien_nghi")
    satisfaction: Satisfaction | None = Field(None, alias="danh_gia")
    targets: Targets = Field(default_factory=Targets, alias="chi_tieu")
    sample: bool = Field(
        False, alias="du_lieu_mau", description="true khi số liệu là mẫu, chưa phải số liệu thật"
    )
    note: str | None = Field(None, alias="ghi_chu")


# ---------------------------------------------------------------------------------- checks


def check_files(
    files: Mapping[str, PeriodFigures], docs: Mapping[str, YamlDoc], plan_year: int
) -> tuple[dict[str, tuple[PeriodFigures, str]], list[Finding]]:
    """The valid figures files by period name, and the findings of every figures file: a period
    that is malformed, outside the plan year or taken twice; a name that does not match; sums."""
    by_period: dict[str, tuple[PeriodFigures, str]] = {}
    findings: list[Finding] = []

    def pos(name: str, path: tuple[str, ...]) -> tuple[int, int] | None:
        doc = docs.get(name)
        return doc.pos(path, key=True) if doc else None

    for name in sorted(files):
        model = files[name]
        period, problem = _period_of(model, plan_year, by_period)
        if period is None:
            key, params = problem
            findings.append(finding(name, pos(name, ("ky",)), "FIGURES-PERIOD", key, **params))
            continue
        expected = f"so-lieu-{period.name}.yaml"
        if PurePath(name).name.lower() not in (expected.lower(), expected[:-5].lower() + ".yml"):
            findings.append(
                finding(
                    name,
                    pos(name, ("ky",)),
                    "FIGURES-NAME",
                    "figures.name",
                    value=period.name,
                    expected=expected,
                )
            )
        for path, key, params in sum_problems(model):
            findings.append(finding(name, pos(name, path), "FIGURES-SUM", key, **params))
        by_period[period.name] = (model, name)
    return by_period, findings


def _period_of(
    model: PeriodFigures, plan_year: int, taken: Mapping[str, tuple[PeriodFigures, str]]
) -> tuple[Period | None, tuple[str, dict[str, Any]]]:
    from vanthuy_cli.plan.periods import parse_period

    try:
        period = parse_period(model.period)
    except PeriodError:
        return None, ("figures.bad_period", {"value": model.period})
    if period.year != plan_year:
        return None, ("figures.outside_plan", {"value": period.name, "year": plan_year})
    if period.name in taken:
        return None, ("figures.duplicate", {"value": period.name, "other": taken[period.name][1]})
    return period, ("", {})


def sum_problems(figures: PeriodFigures) -> list[tuple[tuple[str, ...], str, dict[str, Any]]]:
    """Every sum that does not add up: (YAML path of the key to blame, catalogue key, params)."""
    out: list[tuple[tuple[str, ...], str, dict[str, Any]]] = []
    p = figures.procedures
    if p is not None:
        accounted = p.resolved.total + p.pending.total + p.returned
        if accounted != p.received.total:
            out.append(
                (
                    ("thu_tuc_hanh_chinh", "da_giai_quyet"),
                    "figures.sum",
                    {
                        "resolved": p.resolved.total,
                        "pending": p.pending.total,
                        "returned": p.returned,
                        "accounted": accounted,
                        "received": p.received.total,
                    },
                )
            )
        if p.fully_online is not None and p.fully_online > p.received.online:
            out.append(
                _above(("thu_tuc_hanh_chinh", "toan_trinh"), p.fully_online, p.received.online)
            )
    d = figures.digitisation
    if d is not None and p is not None:
        if d.files is not None and d.files > p.received.new:
            out.append(_above(("so_hoa", "ho_so"), d.files, p.received.new))
        if d.results is not None and d.results > p.resolved.total:
            out.append(_above(("so_hoa", "ket_qua"), d.results, p.resolved.total))
    f = figures.feedback
    if f is not None and f.answered > f.received:
        out.append(_above(("phan_anh_kien_nghi", "da_tra_loi"), f.answered, f.received))
    s = figures.satisfaction
    if s is not None and s.satisfied > s.ratings:
        out.append(_above(("danh_gia", "hai_long"), s.satisfied, s.ratings))
    return out


def _above(
    path: tuple[str, ...], part: int, whole: int
) -> tuple[tuple[str, ...], str, dict[str, Any]]:
    return (path, "figures.part_above_whole", {"part": part, "whole": whole})


# ------------------------------------------------------------------------------- the report


def rate(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


#: A task target's ``so_lieu`` (the figures file's ``chi_tieu`` key) → the rate it names.
FIGURE_RATES = {
    "dung_han": "resolved_on_time",
    "truc_tuyen": "online_rate",
    "so_hoa_ho_so": "digitised_files",
    "so_hoa_ket_qua": "digitised_results",
    "tra_loi_phan_anh": "answered_rate",
    "hai_long": "satisfied_rate",
}


def figure_rate(figures: PeriodFigures, name: str) -> float | None:
    """The rate ``name`` (a ``so_lieu`` value) derives from ``figures``; None when the file has
    not the counts it needs."""
    value = indicators(figures).get(FIGURE_RATES.get(name, ""))
    return float(value) if value is not None else None


def share(value: float | None) -> str:
    """ "98,9%": one decimal, Vietnamese comma; "-" when there is nothing to divide."""
    return "-" if value is None else f"{value:.1f}".replace(".", ",") + "%"


def _target(value: float) -> str:
    """A target as the plan writes it: "100%", "50%", "92,5%"."""
    return f"{value:g}".replace(".", ",") + "%"


def count(value: int | None) -> str:
    """ "1.186": Vietnamese thousands separator; "-" when not recorded."""
    return "-" if value is None else f"{value:,}".replace(",", ".")


def indicators(figures: PeriodFigures | None) -> dict[str, float | int | None]:
    """Every number a report prints, counts as recorded and rates derived from them."""
    out: dict[str, float | int | None] = {}
    p = figures.procedures if figures else None
    if p is not None:
        out |= {
            "received": p.received.total,
            "carried": p.received.carried,
            "new": p.received.new,
            "online": p.received.online,
            "in_person": p.received.in_person,
            "post": p.received.post,
            "resolved": p.resolved.total,
            "early": p.resolved.early,
            "on_time": p.resolved.on_time,
            "late": p.resolved.late,
            "resolved_on_time": rate(p.resolved.early + p.resolved.on_time, p.resolved.total),
            "pending": p.pending.total,
            "pending_overdue": p.pending.overdue,
            "returned": p.returned,
            "apologies": p.apologies,
            "online_rate": rate(p.received.online, p.received.new),
            "fully_online": p.fully_online,
            "online_payment": p.online_payment,
        }
    d = figures.digitisation if figures else None
    if d is not None and p is not None:
        out["digitised_files"] = rate(d.files, p.received.new) if d.files is not None else None
        out["digitised_results"] = (
            rate(d.results, p.resolved.total) if d.results is not None else None
        )
    f = figures.feedback if figures else None
    if f is not None:
        out |= {
            "feedback": f.received,
            "answered": f.answered,
            "answered_rate": rate(f.answered, f.received),
        }
    s = figures.satisfaction if figures else None
    if s is not None:
        out |= {"ratings": s.ratings, "satisfied_rate": rate(s.satisfied, s.ratings)}
    return out


#: (indicator, label, kind, target field). Kind "n" is a count, "%" a derived rate.
ROWS: tuple[tuple[str, str, str, str | None], ...] = (
    ("received", "Tổng số hồ sơ TTHC tiếp nhận", "n", None),
    ("carried", "- Kỳ trước chuyển sang", "n", None),
    ("online", "- Tiếp nhận mới trực tuyến", "n", None),
    ("in_person", "- Tiếp nhận mới trực tiếp", "n", None),
    ("post", "- Tiếp nhận mới qua bưu chính công ích", "n", None),
    ("resolved", "Số hồ sơ đã giải quyết", "n", None),
    ("early", "- Trước hạn", "n", None),
    ("on_time", "- Đúng hạn", "n", None),
    ("late", "- Quá hạn", "n", None),
    ("resolved_on_time", "Tỷ lệ giải quyết trước hạn và đúng hạn", "%", "resolved_on_time"),
    ("pending", "Số hồ sơ đang giải quyết", "n", None),
    ("pending_overdue", "- Trong đó quá hạn", "n", None),
    ("returned", "Số hồ sơ trả lại, công dân rút", "n", None),
    ("apologies", "Số văn bản xin lỗi đã gửi", "n", None),
    ("online_rate", "Tỷ lệ hồ sơ nộp trực tuyến", "%", "online"),
    ("fully_online", "Số hồ sơ trực tuyến toàn trình", "n", None),
    ("online_payment", "Số hồ sơ thanh toán trực tuyến", "n", None),
    ("digitised_files", "Tỷ lệ số hóa hồ sơ", "%", "digitised_files"),
    ("digitised_results", "Tỷ lệ số hóa kết quả giải quyết", "%", "digitised_results"),
    ("feedback", "Số phản ánh, kiến nghị tiếp nhận", "n", None),
    ("answered_rate", "Tỷ lệ phản ánh, kiến nghị đã trả lời", "%", "answered"),
    ("satisfied_rate", "Tỷ lệ hài lòng", "%", "satisfied"),
)


def figures_context(
    current: PeriodFigures, previous: PeriodFigures | None, current_label: str, previous_label: str
) -> dict[str, Any]:
    """The ``figures`` of a report context: a table (this period, the previous, the target),
    sentences for section II, and the rates that meet or miss their target."""
    now, before = indicators(current), indicators(previous)
    rows, strengths, shortcomings = [], [], []
    for key, label, kind, target_field in ROWS:
        if key not in now:
            continue
        shown = share if kind == "%" else count
        target = getattr(current.targets, target_field) if target_field else None
        value = now[key]
        rows.append(
            {
                "label": label,
                "current": shown(value),  # type: ignore[arg-type]
                "previous": shown(before.get(key)) if previous else "-",  # type: ignore[arg-type]
                "target": _target(target) if target is not None else "",
            }
        )
        if target is not None and value is not None:
            verdict = f"- {label}: {share(value)} (chỉ tiêu: {_target(target)})"
            if value >= target:
                strengths.append(f"{verdict}, đạt chỉ tiêu.")
            else:
                shortcomings.append(f"{verdict}, chưa đạt chỉ tiêu.")
    return {
        "period_label": current_label,
        "previous_label": previous_label,
        "rows": rows,
        "lines": _sentences(now),
        "strengths": strengths,
        "shortcomings": shortcomings,
        "note": current.note or "",
    }


def _sentences(v: dict[str, Any]) -> list[str]:
    out = []
    if "received" in v:
        out.append(
            f"- Tổng số hồ sơ TTHC tiếp nhận: {count(v['received'])} hồ sơ (kỳ trước chuyển "
            f"sang {count(v['carried'])}; tiếp nhận mới {count(v['new'])}, trong đó trực tuyến "
            f"{count(v['online'])}, trực tiếp {count(v['in_person'])}, qua bưu chính công ích "
            f"{count(v['post'])})."
        )
        out.append(
            f"- Đã giải quyết {count(v['resolved'])} hồ sơ: trước hạn {count(v['early'])}, "
            f"đúng hạn {count(v['on_time'])}, quá hạn {count(v['late'])}; tỷ lệ giải quyết "
            f"trước hạn và đúng hạn đạt {share(v['resolved_on_time'])}."
        )
        out.append(
            f"- Đang giải quyết {count(v['pending'])} hồ sơ (quá hạn "
            f"{count(v['pending_overdue'])}); trả lại, công dân rút {count(v['returned'])} hồ "
            f"sơ; đã gửi {count(v['apologies'])} văn bản xin lỗi."
        )
        online = f"- Tỷ lệ hồ sơ nộp trực tuyến: {share(v['online_rate'])}"
        if v.get("fully_online") is not None:
            online += f"; hồ sơ trực tuyến toàn trình: {count(v['fully_online'])}"
        if v.get("online_payment") is not None:
            online += f"; thanh toán trực tuyến: {count(v['online_payment'])} hồ sơ"
        out.append(online + ".")
    digitised = [
        f"{label} {share(v[key])}"
        for key, label in (
            ("digitised_files", "số hóa hồ sơ"),
            ("digitised_results", "số hóa kết quả giải quyết"),
        )
        if v.get(key) is not None
    ]
    if digitised:
        out.append(f"- Tỷ lệ {'; '.join(digitised)}.")
    if "feedback" in v:
        out.append(
            f"- Tiếp nhận {count(v['feedback'])} phản ánh, kiến nghị; đã trả lời "
            f"{count(v['answered'])} ({share(v['answered_rate'])})."
        )
    if "satisfied_rate" in v:
        out.append(
            f"- Đánh giá sự hài lòng: {count(v['ratings'])} lượt, tỷ lệ hài lòng "
            f"{share(v['satisfied_rate'])}."
        )
    return out
