"""The ``--json`` vocabulary: one document shape and English keys for every command.

Every ``--json`` output is one object with ``schema_version`` first. Keys are English and
snake_case; dates are ISO ``YYYY-MM-DD``; an entity described in full is an object with ``id``
and ``title``; a reference to one is its id under a key ending in ``_id``. What the clerk wrote
in YAML (``noi_dung``, ``tien_do``…) is renamed to the model's field names (``text``,
``progress``…), so a script never needs the Vietnamese keys. docs/json.md describes each command's
document and docs/schemas/json/ holds its JSON Schema; bump ``SCHEMA_VERSION`` when a key changes
meaning or disappears (adding a key is not a new version).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from vanthuy_cli.plan.records import ProgressEntry, Status, Target, Task
from vanthuy_cli.recordtype import fields

SCHEMA_VERSION = 1

#: Progress statuses in English (the YAML values are Vietnamese words without diacritics).
STATUS = {status.value: status.name.lower() for status in Status}


def document(**fields: Any) -> dict[str, Any]:
    """A ``--json`` document: ``schema_version`` first, then ``fields`` in the order given."""
    return {"schema_version": SCHEMA_VERSION, **fields}


def dumps(data: Any) -> str:
    """JSON text as every command prints it: UTF-8 characters as written, two-space indent."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=_default)


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _names(record: type[Any]) -> dict[str, str]:
    """YAML key → English field name, from the record (which a test keeps in step with the
    model's aliases; the record needs no pydantic, so JSON output does not import it)."""
    return {f.metadata["key"]: f.name for f in fields(record)}


TASK_KEYS = _names(Task)
ENTRY_KEYS = _names(ProgressEntry)
TARGET_KEYS = _names(Target)


def task_key(key: str) -> str:
    """A task's YAML key in English (``noi_dung`` → ``text``); unknown keys are kept."""
    return TASK_KEYS.get(key, key)


def entry(value: Any) -> Any:
    """A progress entry as written in YAML, with English keys and status."""
    if not isinstance(value, dict):
        return value
    out = {ENTRY_KEYS.get(k, k): v for k, v in value.items()}
    if isinstance(out.get("status"), str):
        out["status"] = STATUS.get(out["status"], out["status"])
    return out


def target(value: Any) -> Any:
    """A target as written in YAML, with English keys."""
    if not isinstance(value, dict):
        return value
    return {TARGET_KEYS.get(k, k): v for k, v in value.items()}


def task_value(key: str, value: Any) -> Any:
    """The value of task key ``key`` (YAML name) as written, with nested YAML keys in English."""
    name = task_key(key)
    if name == "progress" and isinstance(value, list):
        return [entry(e) for e in value]
    if name == "target":
        return target(value)
    return value
