"""Evidence documents (tài liệu kiểm chứng): their text, and their files under ``evidence/``.

``minh_chung`` is a sentence or a record (``model.EvidenceDoc``); a record may name a scanned
file, a path inside the ``evidence/`` folder beside ``plans/``. Files are looked up, never trusted:
a name that climbs out of the folder (``../``) or is absolute counts as missing.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

EVIDENCE_DIRNAME = "evidence"

#: ``minh_chung`` after loading: a sentence, or a structured document (an ``EvidenceDoc`` record
#: in a plan, the pydantic ``EvidenceDoc`` in the criteria catalogue; both read the same).
EvidenceValue = Any


def evidence_dir(plans_root: Path) -> Path:
    """The ``evidence/`` folder of a project: beside ``plans/``, like ``reports/``."""
    return plans_root.parent / EVIDENCE_DIRNAME


def text(value: EvidenceValue) -> str:
    return str(value)


def file_name(value: EvidenceValue) -> str | None:
    if isinstance(value, str):
        return None
    file = getattr(value, "file", None)
    return file if isinstance(file, str) else None


def resolve(plans_root: Path, name: str) -> Path | None:
    """The file ``name`` names inside ``evidence/``, or None when it is absent or outside."""
    relative = PurePosixPath(name.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        return None
    path = evidence_dir(plans_root).joinpath(*relative.parts)
    try:
        return path if path.is_file() else None
    except (OSError, ValueError):
        return None
