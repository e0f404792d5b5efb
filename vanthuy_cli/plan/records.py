"""The validated plan as plain data: what every command works on once the files have been checked.

``model.py`` (pydantic) decides what a file may contain and turns YAML text into typed values;
once a file has passed, its content becomes these immutable records (``recordtype.Record``: frozen
dataclasses without the cost of defining them), which need nothing but the standard library.
That is what lets the warm path (``plancache``) rebuild a checked plan without importing
pydantic or PyYAML: the cache stores these records, not pydantic objects.

Attribute names are the models' (English); ``key`` in each field's metadata is the YAML key,
taken from ``keys.py`` wherever code outside the model reads that key (a task, its progress and
moves, groups, appendices), so a rename there reaches the records too. The document header's keys
(number, signer, recipients…) are read only through the model and these records; a test checks
that both sides list the same fields with the same keys.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any

from vanthuy_cli.plan import keys as K
from vanthuy_cli.recordtype import Record, field, fields
from vanthuy_cli.textutil import fold, number


class Status(StrEnum):
    """Trạng thái ghi ở dòng tiến độ (the status a progress entry reports)."""

    NOT_STARTED = "chua_thuc_hien"
    IN_PROGRESS = "dang_thuc_hien"
    DONE = "hoan_thanh"
    PAUSED = "tam_dung"
    CANCELLED = "huy_bo"


#: Statuses as people write them: the code, or the Vietnamese words with or without diacritics
#: ("đang thực hiện", "hoan thanh", "Hủy"); compared after ``fold``.
_STATUS_WORDS = {
    "chua thuc hien": Status.NOT_STARTED,
    "chua lam": Status.NOT_STARTED,
    "dang thuc hien": Status.IN_PROGRESS,
    "dang lam": Status.IN_PROGRESS,
    "hoan thanh": Status.DONE,
    "da hoan thanh": Status.DONE,
    "xong": Status.DONE,
    "tam dung": Status.PAUSED,
    "tam ngung": Status.PAUSED,
    "huy bo": Status.CANCELLED,
    "huy": Status.CANCELLED,
    "da huy": Status.CANCELLED,
}


def parse_status(value: str) -> Status | None:
    """The status ``value`` names (code or words, with or without diacritics), or ``None``."""
    words = fold(value.replace("_", " ").replace("-", " "))
    if words in _STATUS_WORDS:
        return _STATUS_WORDS[words]
    try:
        return Status(value.strip())
    except ValueError:
        return None


class ReportFrequency(StrEnum):
    """Kỳ báo cáo thường lệ (how often the commune reports)."""

    MONTH = "thang"
    QUARTER = "quy"
    HALF = "6_thang"
    YEAR = "nam"


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class NotADate(ValueError):
    """Text that is not a date; ``kind`` says whether the form or the day is wrong."""

    def __init__(self, kind: str, template: str, text: str) -> None:
        super().__init__(template.format(value=text))
        self.kind, self.template, self.text = kind, template, text


def parse_day(text: str) -> date:
    """``2024-09-30`` (ISO) or ``30/9/2024`` (as Vietnamese documents write dates) → a date."""
    text = text.strip()
    match = _ISO.match(text)
    if match:
        y, m, d = (int(g) for g in match.groups())
    else:
        match = _VN.match(text)
        if not match:
            raise NotADate("vn_date", "not a date: {value}", text)
        d, m, y = (int(g) for g in match.groups())
    try:
        return date(y, m, d)
    except ValueError:
        raise NotADate("vn_date_range", "no such day: {value}", text) from None


class Signer(Record):
    authority: list[str] = field(default_factory=list, metadata={"key": "quyen_han"})
    position: str = field(metadata={"key": "chuc_vu"})
    name: str = field(metadata={"key": "ho_ten"})


class BasisDocument(Record):
    number: str = field(metadata={"key": "so_hieu"})
    issued: date = field(metadata={"key": "ngay"})
    issuer: str = field(metadata={"key": "co_quan"})
    subject: str | None = field(default=None, metadata={"key": "trich_yeu"})


class NumberedParagraph(Record):
    number: str = field(metadata={"key": "so"})
    text: str = field(metadata={"key": "noi_dung"})


class Section(Record):
    number: str = field(metadata={"key": "so"})
    title: str = field(metadata={"key": "tieu_de"})
    paragraphs: list[str] = field(default_factory=list, metadata={"key": "noi_dung"})


class AppendixRef(Record):
    number: str = field(metadata={"key": K.APPENDIX_REF_NUMBER})
    file: str = field(metadata={"key": K.APPENDIX_REF_FILE})


class RosterEntry(Record):
    id: str = field(metadata={"key": K.ROSTER_ID})
    title: str = field(metadata={"key": "ten"})
    person: str | None = field(default=None, metadata={"key": "ho_ten"})


def person_named(roster: Mapping[str, RosterEntry], typed: str) -> str | None:
    """The roster code ``typed`` names exactly: the code, or a title or person's name written in
    full (with or without diacritics; "_" for "-" in a code). ``None`` otherwise."""
    text = typed.strip()
    if text in roster:
        return text
    wanted = fold(text).replace("_", "-")
    for code, entry in roster.items():
        if wanted in (code, fold(entry.title), fold(entry.person or "\0")):
            return code
    return None


def suggest_person(roster: Mapping[str, RosterEntry], typed: str) -> str | None:
    """The code a "did you mean" offers for a lead or supporting unit: that of the entry
    ``typed`` names or nearly names ("mot_cua", "Bộ phận Một cửa xã", "mot-cuaa" → "mot-cua");
    ``None`` when nothing is close."""
    import difflib

    code = person_named(roster, typed)
    if code is None:
        wanted = fold(typed).replace("_", "-")
        by_name: dict[str, str] = {}
        for entry in roster.values():
            by_name[entry.id] = entry.id
            by_name[fold(entry.title)] = entry.id
            if entry.person:
                by_name[fold(entry.person)] = entry.id
        close = difflib.get_close_matches(wanted, list(by_name), n=1, cutoff=0.6)
        if not close:
            close = [name for name in by_name if wanted and wanted in name][:1]
        if not close:
            return None
        code = by_name[close[0]]
    return code


class ReportSettings(Record):
    frequency: ReportFrequency = field(default=ReportFrequency.QUARTER, metadata={"key": "ky"})
    cutoff_day: int = field(default=14, metadata={"key": "ngay_chot_so_lieu"})
    submit_day: int = field(default=20, metadata={"key": "ngay_nop"})
    calendar: bool = field(default=False, metadata={"key": "theo_lich"})
    number_suffix: str = field(default="BC-UBND", metadata={"key": "ky_hieu"})
    #: Period name → the number the registry gave that period's report (``so_bao_cao``).
    numbers: dict[str, int] = field(default_factory=dict, metadata={"key": "so_bao_cao"})
    addressees: list[str] = field(default_factory=list, metadata={"key": "kinh_gui"})
    recipients: list[str] = field(default_factory=list, metadata={"key": "noi_nhan"})
    signer: Signer | None = field(default=None, metadata={"key": "nguoi_ky"})


class SelfAssessmentSettings(Record):
    opens: date | None = field(default=None, metadata={"key": "tu_ngay"})
    closes: date | None = field(default=None, metadata={"key": "den_ngay"})


class Plan(Record):
    kind: str = field(metadata={"key": K.KIND})
    number: str = field(metadata={"key": "so_hieu"})
    issued: date = field(metadata={"key": "ngay_ban_hanh"})
    place: str = field(metadata={"key": "dia_danh"})
    parent_body: str | None = field(default=None, metadata={"key": "co_quan_chu_quan"})
    issuer: str = field(metadata={"key": "co_quan_ban_hanh"})
    issuer_lines: list[str] = field(
        default_factory=list, metadata={"key": "co_quan_ban_hanh_day_du"}
    )
    doc_type: str = field(default="Kế hoạch", metadata={"key": "loai_van_ban"})
    subject: str = field(metadata={"key": "trich_yeu"})
    year: int = field(metadata={"key": "nam"})
    theme: str | None = field(default=None, metadata={"key": "chu_de_nam"})
    basis: list[BasisDocument] = field(default_factory=list, metadata={"key": "can_cu"})
    preamble: list[str] = field(default_factory=list, metadata={"key": "mo_dau"})
    purposes: list[NumberedParagraph] = field(default_factory=list, metadata={"key": "muc_dich"})
    requirements: list[NumberedParagraph] = field(default_factory=list, metadata={"key": "yeu_cau"})
    tasks_sections: list[Section] = field(
        default_factory=list, metadata={"key": "nhiem_vu_giai_phap"}
    )
    implementation: list[str] = field(default_factory=list, metadata={"key": "to_chuc_thuc_hien"})
    closing: str | None = field(default=None, metadata={"key": "ket_thuc"})
    recipients: list[str] = field(default_factory=list, metadata={"key": "noi_nhan"})
    signer: Signer = field(metadata={"key": "nguoi_ky"})
    appendices: list[AppendixRef] = field(default_factory=list, metadata={"key": K.PLAN_APPENDICES})
    roster: list[RosterEntry] = field(default_factory=list, metadata={"key": K.ROSTER})
    reporting: ReportSettings = field(default_factory=ReportSettings, metadata={"key": "bao_cao"})
    due_soon_days: int = field(default=7, metadata={"key": "sap_den_han_ngay"})
    self_assessment: SelfAssessmentSettings | None = field(
        default=None, metadata={"key": "tu_danh_gia"}
    )
    note: str | None = field(default=None, metadata={"key": "ghi_chu"})


class Target(Record):
    metric: str = field(metadata={"key": K.TARGET_METRIC})
    comparison: str = field(default=">=", metadata={"key": K.TARGET_COMPARISON})
    value: float = field(metadata={"key": K.TARGET_VALUE})
    unit: str | None = field(default=None, metadata={"key": K.TARGET_UNIT})
    #: The figures-file rate this target measures (``so_lieu``), e.g. "dung_han".
    figure: str | None = field(default=None, metadata={"key": K.TARGET_FIGURE})

    def text(self, lang: str = "vi") -> str:
        """ "Tỷ lệ hồ sơ trực tuyến ≥ 50%", "Số tin, bài ≥ 2 tin, bài": "%" sticks, words do not."""
        symbol = {">=": "≥", "<=": "≤", "=": "="}[self.comparison]
        unit = self.unit or ""
        if unit and unit != "%":
            unit = f" {unit}"
        return f"{self.metric} {symbol} {number(self.value, lang)}{unit}"

    def met(self, measured: float) -> bool:
        """Whether a measured value reaches the target."""
        return {
            ">=": measured >= self.value,
            "<=": measured <= self.value,
            "=": measured == self.value,
        }[self.comparison]


def evidence_sentence(doc: Any) -> str:
    """A structured evidence document as one sentence: "Quyết định số 45/QĐ-UBND ngày 12/8/2024
    của UBND xã Vạn Thủy (Mục II, trang 3)". ``doc`` is an ``EvidenceDoc`` record or model."""
    text = f"{doc.kind} số {doc.number}" if doc.kind else str(doc.number)
    if doc.issued:
        text += f" ngày {doc.issued.day}/{doc.issued.month}/{doc.issued.year}"
    if doc.issuer:
        text += f" của {doc.issuer}"
    if doc.section:
        text += f" ({doc.section})"
    return text


class EvidenceDoc(Record):
    number: str = field(metadata={"key": "so_hieu"})
    kind: str | None = field(default=None, metadata={"key": "loai_van_ban"})
    issued: date | None = field(default=None, metadata={"key": "ngay"})
    issuer: str | None = field(default=None, metadata={"key": "co_quan"})
    section: str | None = field(default=None, metadata={"key": "trang"})
    file: str | None = field(default=None, metadata={"key": K.EVIDENCE_FILE})

    def __str__(self) -> str:
        return evidence_sentence(self)


class ProgressEntry(Record):
    date: date = field(metadata={"key": K.ENTRY_DATE})
    status: Status = field(metadata={"key": K.ENTRY_STATUS})
    note: str | None = field(default=None, metadata={"key": K.ENTRY_NOTE})
    percent: float | None = field(default=None, metadata={"key": K.ENTRY_PERCENT})
    value: float | None = field(default=None, metadata={"key": K.ENTRY_VALUE})
    evidence: str | EvidenceDoc | None = field(default=None, metadata={"key": K.ENTRY_EVIDENCE})
    period: str | None = field(default=None, metadata={"key": K.ENTRY_PERIOD})
    #: "khach_quan" or "chu_quan": the kind of cause the note gives (``nguyen_nhan``).
    cause: str | None = field(default=None, metadata={"key": "nguyen_nhan"})


class Adjustment(Record):
    date: date = field(metadata={"key": K.ADJ_DATE})
    old: str = field(metadata={"key": K.ADJ_OLD})
    new: str = field(metadata={"key": K.ADJ_NEW})
    reason: str = field(metadata={"key": K.ADJ_REASON})
    decision: str | None = field(default=None, metadata={"key": K.ADJ_DECISION})


class Task(Record):
    id: str = field(metadata={"key": K.TASK_ID})
    text: str = field(metadata={"key": K.TASK_TEXT})
    criterion: str | None = field(default=None, metadata={"key": K.TASK_CRITERION})
    lead: str = field(metadata={"key": K.LEAD})
    support: list[str] = field(default_factory=list, metadata={"key": K.SUPPORT})
    output: str | None = field(default=None, metadata={"key": "ket_qua"})
    target: Target | None = field(default=None, metadata={"key": K.TARGET})
    deadline: str = field(metadata={"key": K.DEADLINE})
    start: date | None = field(default=None, metadata={"key": K.START})
    progress: list[ProgressEntry] = field(default_factory=list, metadata={"key": K.PROGRESS})
    adjustments: list[Adjustment] = field(default_factory=list, metadata={"key": K.ADJUSTMENTS})
    note: str | None = field(default=None, metadata={"key": "ghi_chu"})


class Group(Record):
    number: str = field(metadata={"key": K.GROUP_NUMBER})
    title: str = field(metadata={"key": K.GROUP_TITLE})
    tasks: list[Task] = field(default_factory=list, metadata={"key": K.TASKS})


class Appendix(Record):
    kind: str = field(metadata={"key": K.KIND})
    number: str = field(metadata={"key": K.APPENDIX_NUMBER})
    title: str = field(metadata={"key": "tieu_de"})
    index: str | None = field(default=None, metadata={"key": "chi_so"})
    sample: bool = field(default=False, metadata={"key": "du_lieu_mau"})
    note: str | None = field(default=None, metadata={"key": "ghi_chu"})
    groups: list[Group] = field(default_factory=list, metadata={"key": K.GROUPS})


#: Every record type by name (the cache stores records by these names).
RECORDS: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (
        Signer,
        BasisDocument,
        NumberedParagraph,
        Section,
        AppendixRef,
        RosterEntry,
        ReportSettings,
        SelfAssessmentSettings,
        Plan,
        Target,
        EvidenceDoc,
        ProgressEntry,
        Adjustment,
        Task,
        Group,
        Appendix,
    )
}


def as_data(record: Any, *, yaml_keys: bool = False) -> Any:
    """A record as JSON-ready data (dates ISO, statuses as written), under its attribute names or,
    with ``yaml_keys``, under the keys the files use."""
    if isinstance(record, Record):
        return {
            (f.metadata["key"] if yaml_keys else f.name): as_data(
                getattr(record, f.name), yaml_keys=yaml_keys
            )
            for f in fields(record)
        }
    if isinstance(record, list):
        return [as_data(value, yaml_keys=yaml_keys) for value in record]
    if isinstance(record, date):
        return record.isoformat()
    if isinstance(record, StrEnum):
        return record.value
    return record
