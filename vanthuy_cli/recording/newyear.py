"""Next year's plan, beside this year's: ``par init 2025`` and which folder ``--year`` means.

Layout (docs/nam-moi.md): the first plan stays in ``plans/``; each later year gets its own
folder beside it, ``plans-2025/``, ``plans-2026/``… Nothing in ``plans/`` is touched, so this year's
files, ``par history`` and every report of this year stay reproducible byte for byte.

Which plan a command reads: ``--year Y`` picks ``plans-Y/``, or ``plans/`` when that folder's plan
is for year Y; without ``--year`` the folder for today's year (Vietnam time) if there is one,
else ``plans/``.

The new plan file keeps what carries over (place, issuer, roster, report settings, the appendix
list) and leaves what a new document must decide as placeholders marked ``# TODO`` (number, date,
signer, parent body, recipients; districts no longer exist from 1/7/2025, so no parent body is
assumed). Each appendix keeps its groups; recurring and continuous tasks come over without their
progress; each unfinished task is carried only if ``carry`` says so, with a note of where it came
from. The library never prints or asks: ``carry`` is the CLI's question.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from vanthuy_cli.errors import ParError, UsageError
from vanthuy_cli.plan import keys as K
from vanthuy_cli.plan.deadlines import DeadlineKind, parse_deadline
from vanthuy_cli.plan.loaded import LoadedPlan, TaskRef
from vanthuy_cli.plan.records import Status
from vanthuy_cli.reading.workspace import PLANS_DIRNAME, load_workspace
from vanthuy_cli.storage.fileio import display_name, write_output
from vanthuy_cli.storage.yamledit import Style, render_mapping

_CARRIED_ALWAYS = (DeadlineKind.RECURRING, DeadlineKind.CONTINUOUS)
_DROPPED_KEYS = (K.PROGRESS, K.ADJUSTMENTS, "bat_dau")


def year_folder(base: Path, year: int) -> Path:
    """``plans-2025`` beside the ``plans`` folder ``base``."""
    return _first_plans(base).parent / f"{PLANS_DIRNAME}-{year}"


def _first_plans(folder: Path) -> Path:
    if re.fullmatch(rf"{PLANS_DIRNAME}-\d{{4}}", folder.name):
        return folder.parent / PLANS_DIRNAME
    return folder


def plans_for_year(found: Path, year: int | None, today: date) -> Path:
    """The plans folder for ``year`` (see the module docstring); ``UsageError`` if none."""
    if year is None:
        candidate = year_folder(found, today.year)
        return candidate if candidate.is_dir() and found.name == PLANS_DIRNAME else found
    candidate = year_folder(found, year)
    if candidate.is_dir():
        return candidate
    first = _first_plans(found)
    loaded = load_workspace(first).loaded if first.is_dir() else None
    if loaded is not None and loaded.plan.year == year:
        return first
    raise UsageError("year.no_plan", year=year, folder=display_name(candidate))


@dataclass
class InitResult:
    folder: Path
    files: list[Path] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)  # recurring/continuous, always
    offered: list[str] = field(default_factory=list)  # unfinished, carried on request
    left: list[str] = field(default_factory=list)  # unfinished, not carried


def unfinished(plan: LoadedPlan) -> list[TaskRef]:
    """Tasks with a fixed or undetermined deadline whose last entry is neither done nor
    cancelled: the ones to offer for carry-over."""
    out = []
    for ref in plan.tasks:
        deadline = plan.deadlines.get(ref.id)
        if deadline is not None and deadline.kind in _CARRIED_ALWAYS:
            continue
        last = ref.task.progress[-1].status if ref.task.progress else None
        if last not in (Status.DONE, Status.CANCELLED):
            out.append(ref)
    return out


def init_year(
    source: Path, year: int, *, carry: Callable[[TaskRef], bool], today: date
) -> InitResult:
    """Write ``plans-<year>/`` from the plan in ``source``; ``carry`` decides each unfinished
    task. Refuses when the folder exists or the source has errors."""
    attempt = load_workspace(source)
    plan = attempt.require_valid()
    old_year = plan.plan.year
    if year <= old_year:
        raise UsageError("year.not_after", year=year, old=old_year)
    target = year_folder(source, year)
    if target.exists():
        raise ParError("year.exists", folder=display_name(target))
    result = InitResult(target)
    style = Style()
    plan_data = attempt.docs[plan.plan_file].data
    texts = {plan.plan_file: _plan_text(plan_data, old_year, year, style)}
    origin = f"{plan.plan.doc_type} số {plan.plan.number} năm {old_year}"
    for _appendix, file in plan.appendices:
        data = attempt.docs[file].data
        texts[file] = _appendix_text(plan, data, origin, old_year, year, carry, result, style)
    target.mkdir(parents=True)
    for file, text in texts.items():
        path = target / Path(file).name
        write_output(path, text.encode("utf-8"), force=False)
        result.files.append(path)
    return result


def _replace_year(text: Any, old: int, new: int) -> Any:
    return re.sub(rf"\b{old}\b", str(new), text) if isinstance(text, str) else text


def _plan_text(data: dict[str, Any], old: int, new: int, style: Style) -> str:
    keep = (K.KIND, "dia_danh", "co_quan_ban_hanh", "loai_van_ban")
    out: dict[str, Any] = {k: data[k] for k in keep if k in data}
    out["so_hieu"] = "…/KH-UBND"
    out["ngay_ban_hanh"] = f"1/1/{new}"
    out["trich_yeu"] = _replace_year(data.get("trich_yeu", ""), old, new)
    out["nam"] = str(new)
    out["noi_nhan"] = ["Lưu: VT"]
    out["nguoi_ky"] = data.get("nguoi_ky")
    for key in (K.PLAN_APPENDICES, K.ROSTER, "bao_cao", "sap_den_han_ngay"):
        if key in data:
            out[key] = data[key]
    header = [
        "# yaml-language-server: $schema=../schemas/ke-hoach.schema.json",
        f"# Kế hoạch năm {new}, lập bằng par init từ kế hoạch năm {old} (thư mục plans/).",
        "# TODO trước khi dùng: số hiệu (so_hieu), ngày ban hành (ngay_ban_hanh), người ký",
        "# (nguoi_ky), nơi nhận (noi_nhan), cơ quan chủ quản (co_quan_chu_quan, nếu có;",
        "# từ 1/7/2025 không còn cấp huyện) và nơi gửi báo cáo (bao_cao.kinh_gui, noi_nhan).",
    ]
    return "\n".join(header + render_mapping(out, 0, style)) + "\n"


def _appendix_text(
    plan: LoadedPlan,
    data: dict[str, Any],
    origin: str,
    old: int,
    new: int,
    carry: Callable[[TaskRef], bool],
    result: InitResult,
    style: Style,
) -> str:
    refs = {ref.id: ref for ref in plan.tasks}
    offered = {ref.id for ref in unfinished(plan)}
    out = {k: v for k, v in data.items() if k != K.GROUPS}
    out["tieu_de"] = _replace_year(out.get("tieu_de"), old, new)
    out.pop("ghi_chu", None)
    groups = []
    for group in data.get(K.GROUPS) or []:
        tasks = []
        for task in group.get(K.TASKS) or []:
            ref = refs.get(task.get(K.TASK_ID))
            if ref is None:
                continue
            new_task = {k: v for k, v in task.items() if k not in _DROPPED_KEYS}
            deadline = plan.deadlines.get(ref.id)
            if deadline is not None and deadline.kind in _CARRIED_ALWAYS:
                result.carried.append(ref.id)
            elif ref.id in offered and carry(ref):
                result.offered.append(ref.id)
                new_task[K.DEADLINE] = _next_deadline(ref.task.deadline, old, new)
                new_task["ghi_chu"] = f"Chuyển từ {origin} (mã {ref.id}), chưa hoàn thành."
            else:
                if ref.id in offered:
                    result.left.append(ref.id)
                continue
            tasks.append(new_task)
        groups.append({**{k: v for k, v in group.items() if k != K.TASKS}, K.TASKS: tasks})
    out[K.GROUPS] = groups
    header = [
        "# yaml-language-server: $schema=../schemas/phu-luc.schema.json",
        f"# Phụ lục năm {new}, lập bằng par init: việc định kỳ, thường xuyên và việc chuyển",
        f"# tiếp từ năm {old}. Thêm nhiệm vụ mới bằng par add hoặc sửa tay.",
    ]
    return "\n".join(header + render_mapping(out, 0, style)) + "\n"


def _next_deadline(text: str, old: int, new: int) -> str:
    """The same phrase a year later when it reads so, else the first quarter of the new year."""
    moved = _replace_year(text, old, new)
    try:
        parse_deadline(moved, new)
    except ParError:
        return f"Quý I/{new}"
    return str(moved)
