"""The words for a history change, shared by the terminal timeline and the period report.

Plain text only (no rich, no colour): ``render_history`` styles it for the terminal, and the
report puts it in a table cell.
"""

from __future__ import annotations

import json
from typing import Any

from vanthuy_cli.history.history import Change, ChangeKind
from vanthuy_cli.plan import keys as K
from vanthuy_cli.render.catalog import Translator
from vanthuy_cli.render.render_findings import location, message
from vanthuy_cli.textutil import number


def summary(change: Change, t: Translator) -> str:
    """ "Đổi thời hạn: Quý III/2024 → Quý IV/2024", without any warning sign."""
    text = t(f"history.kind.{change.kind}")
    if change.index is not None:
        text += " " + t("history.entry_line", index=change.index)
    more = detail(change, t)
    return f"{text}: {more}" if more else text


def detail(change: Change, t: Translator) -> str:
    """What changed, from what to what: "Quý III/2024 → Quý IV/2024"."""
    kind, old, new = change.kind, change.old, change.new
    if kind is ChangeKind.TASK_ADDED:
        return f"{_plain(new)} ({change.file})"
    if kind is ChangeKind.TASK_REMOVED:
        return f"{_plain(old)} ({change.file})"
    if kind is ChangeKind.TASK_MOVED:
        return f"{_place(old, new, t)} → {_place(new, old, t)}"
    if kind is ChangeKind.STATUS:
        return f"{_status(old, t)} → {_status(new, t)}"
    if kind in (ChangeKind.DEADLINE, ChangeKind.LEAD):
        why = f"; {t('history.reason')}: {change.reason}" if change.reason else ""
        return f"{_plain(old, t)} → {_plain(new, t)}{why}"
    if kind is ChangeKind.TARGET:
        return _target_change(change, t)
    if kind in (ChangeKind.PROGRESS_ADDED, ChangeKind.PROGRESS_INSERTED):
        return _entry(new, t)
    if kind is ChangeKind.PROGRESS_DELETED:
        return _entry(old, t)
    if kind is ChangeKind.PROGRESS_EDITED:
        return _entry_edit(old, new, t)
    if kind is ChangeKind.OTHER:
        return ", ".join(change.keys) if change.keys else ""
    if kind is ChangeKind.SKIPPED:
        finding = change.finding
        return f"{location(finding)}: {message(finding, t)}" if finding else change.file
    return ""


def _plain(value: Any, t: Translator | None = None) -> str:
    if value is None or value == "":
        return t("history.empty") if t else "—"
    if isinstance(value, str):
        return " ".join(value.split())  # a folded YAML text may hold line breaks
    return json.dumps(value, ensure_ascii=False)


def _evidence(value: Any) -> str:
    """A structured ``minh_chung`` reads as its sentence; anything else as written."""
    if isinstance(value, dict):
        from pydantic import ValidationError

        from vanthuy_cli.plan.model import EvidenceDoc

        try:
            return str(EvidenceDoc.model_validate(value))
        except ValidationError:
            pass
    return _plain(value)


def _status(value: Any, t: Translator) -> str:
    if isinstance(value, str) and t.has(f"status.entry.{value}"):
        return t(f"status.entry.{value}")
    return _plain(value, t)


def _place(here: Any, there: Any, t: Translator) -> str:
    if not isinstance(here, dict):
        return _plain(here, t)
    text = t("history.place", appendix=here.get("appendix") or "?", group=here.get("group") or "?")
    if isinstance(there, dict) and here.get("file") != there.get("file"):
        text += f" ({here.get('file')})"
    return text


def _target(value: Any, t: Translator) -> str:
    """A target as the plan states it: "Tỷ lệ hồ sơ đúng hạn ≥ 100%", whatever spelling of the
    comparison the YAML used (``toi_thieu``, ">=", "≥") and in the language's number style."""
    if not isinstance(value, dict):
        return _plain(value, t)
    comparison = K.COMPARISONS.get(str(value.get(K.TARGET_COMPARISON) or ">=").strip(), None)
    symbol = {">=": "≥", "<=": "≤", "=": "="}.get(comparison or "", "")
    amount = _number(value.get(K.TARGET_VALUE), t)
    unit = value.get(K.TARGET_UNIT)
    if unit:
        amount += _plain(unit) if unit == "%" else f" {_plain(unit)}"
    metric = value.get(K.TARGET_METRIC)
    return " ".join(_plain(p) for p in (metric, symbol or None, amount) if p not in (None, ""))


def target_link_only(change: Change, t: Translator) -> bool:
    """Whether a changed target reads the same before and after: only its link to the period
    figures (``so_lieu``) changed, which is bookkeeping, not a change of the plan's target."""
    return change.kind is ChangeKind.TARGET and _target(change.old, t) == _target(change.new, t)


def _target_change(change: Change, t: Translator) -> str:
    if target_link_only(change, t):
        link = (_figure_link(change.old), _figure_link(change.new))
        return f"{_target(change.new, t)} ({K.TARGET_FIGURE}: {link[0]} → {link[1]})"
    return f"{_target(change.old, t)} → {_target(change.new, t)}"


def _figure_link(target: Any) -> str:
    value = target.get(K.TARGET_FIGURE) if isinstance(target, dict) else None
    return _plain(value)


def _number(value: Any, t: Translator) -> str:
    """98.9 → "98,9" in Vietnamese; text that is not a number stays as written."""
    if isinstance(value, bool) or value is None:
        return _plain(value)
    try:
        return number(float(value), t.lang)
    except (TypeError, ValueError):
        return _plain(value)


def _entry(entry: Any, t: Translator) -> str:
    if not isinstance(entry, dict):
        return _plain(entry, t)
    parts = []
    for key in K.ENTRY_KEYS:
        value = entry.get(key)
        if value is None or value == "":
            continue
        if key == K.ENTRY_STATUS:
            parts.append(_status(value, t))
        elif key == K.ENTRY_PERCENT:
            parts.append(f"{_number(value, t)}%")
        elif key == K.ENTRY_VALUE:
            parts.append(_number(value, t))
        elif key == K.ENTRY_CAUSE:
            parts.append(t(f"cause.{value}") if value in ("khach_quan", "chu_quan") else value)
        elif key == K.ENTRY_EVIDENCE:
            parts.append(f"{t('col.evidence')}: {_evidence(value)}")
        else:
            parts.append(_plain(value))
    extra = [k for k in entry if k not in K.ENTRY_KEYS]
    parts.extend(f"{k}: {_plain(entry[k])}" for k in extra)
    return " · ".join(parts)


def _entry_edit(old: Any, new: Any, t: Translator) -> str:
    if not isinstance(old, dict) or not isinstance(new, dict):
        return f"{_entry(old, t)} → {_entry(new, t)}"
    keys = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
    shown = []
    for key in keys:
        before, after = old.get(key), new.get(key)
        if key == K.ENTRY_STATUS:
            shown.append(f"{key} {_status(before, t)} → {_status(after, t)}")
        elif key in (K.ENTRY_VALUE, K.ENTRY_PERCENT):
            shown.append(f"{key} {_number(before, t)} → {_number(after, t)}")
        else:
            shown.append(f"{key} {_plain(before, t)} → {_plain(after, t)}")
    return f"{_entry(old, t)} ({'; '.join(shown)})"
