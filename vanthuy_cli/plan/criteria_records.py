"""The criteria catalogue as plain data: what scoring works on once the file has been checked.

``criteria.py`` (pydantic) decides what a catalogue file may contain; once it has passed, its
content becomes these immutable records (``recordtype.Record``), which need nothing but the
standard library. ``par status`` prints the self-assessment line on every run, so the warm path
(``plancache``) must be able to rebuild the catalogue without importing pydantic, as it does the
plan (``records.py``).

Attribute names are the models' and ``key`` in each field's metadata is the YAML key; a test
keeps both sides in step. One difference: ``ClerkEntry.documents`` is always a list here (the
file may give one document without a list, or none).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from vanthuy_cli.plan import keys as K
from vanthuy_cli.plan.records import EvidenceDoc
from vanthuy_cli.recordtype import Record, field


class RuleKind(StrEnum):
    """Cách chấm (the scoring rule of a leaf)."""

    PASS_FAIL = "dat_khong_dat"
    TIERS = "theo_muc"
    TIMELINESS = "dung_han"
    DIRECT = "truc_tiep"
    DEDUCTION = "tru_diem"


class Source(StrEnum):
    """Nguồn giá trị (where the value a rule judges comes from)."""

    COMPLETION = "ty_le_hoan_thanh"
    ON_TIME = "ty_le_dung_han"
    REPORTS = "bao_cao_dung_han"
    FIGURE = "so_lieu"
    TASKS = "nhiem_vu"
    CLERK = "nhap"


#: The ratios par computes itself (percent, 0–100).
RATIO_SOURCES = frozenset({Source.COMPLETION, Source.ON_TIME, Source.REPORTS, Source.FIGURE})

#: The source a rule reads when ``nguon`` is left out.
DEFAULT_SOURCE = {
    RuleKind.PASS_FAIL: Source.TASKS,
    RuleKind.TIERS: Source.COMPLETION,
    RuleKind.TIMELINESS: Source.TASKS,
    RuleKind.DIRECT: Source.CLERK,
    RuleKind.DEDUCTION: Source.CLERK,
}


class Tier(Record):
    at_least: float = field(metadata={"key": "tu"})
    points: float = field(metadata={"key": "diem"})


class ClerkEntry(Record):
    date: date = field(metadata={"key": "ngay"})
    value: float | None = field(default=None, metadata={"key": "gia_tri"})
    passed: bool | None = field(default=None, metadata={"key": "dat"})
    documents: list[str | EvidenceDoc] = field(default_factory=list, metadata={"key": "minh_chung"})
    explanation: str | None = field(default=None, metadata={"key": "giai_trinh"})

    @property
    def evidence(self) -> list[str | EvidenceDoc]:
        return list(self.documents)


class Scored(Record):
    number: str = field(metadata={"key": "so"})
    title: str = field(metadata={"key": "ten"})
    max_points: float | None = field(default=None, metadata={"key": "diem_toi_da"})
    rule: RuleKind | None = field(default=None, metadata={"key": "cach_cham"})
    source: Source | None = field(default=None, metadata={"key": "nguon"})
    tiers: list[Tier] = field(default_factory=list, metadata={"key": "muc"})
    threshold: float = field(default=100, metadata={"key": "nguong"})
    late_points: float = field(default=0, metadata={"key": "diem_tre_han"})
    missed_points: float = field(default=0, metadata={"key": "diem_chua_xong"})
    per_occurrence: float = field(default=0, metadata={"key": "moi_lan"})
    tasks: list[str] = field(default_factory=list, metadata={"key": K.CRITERION_TASKS})
    appendix: str | None = field(default=None, metadata={"key": "phu_luc"})
    figure: str | None = field(default=None, metadata={"key": "chi_so"})
    entries: list[ClerkEntry] = field(default_factory=list, metadata={"key": K.CRITERION_ENTRIES})
    note: str | None = field(default=None, metadata={"key": "ghi_chu"})

    @property
    def source_used(self) -> Source:
        if self.source is not None:
            return self.source
        return DEFAULT_SOURCE[self.rule] if self.rule else Source.CLERK


class SubCriterion(Scored):
    """Always scored: ``max_points`` and ``rule`` are required by the schema."""


class Criterion(Scored):
    children: list[SubCriterion] = field(
        default_factory=list, metadata={"key": K.CRITERION_CHILDREN}
    )


class Area(Record):
    number: str = field(metadata={"key": "so"})
    title: str = field(metadata={"key": "ten"})
    last_year: float | None = field(default=None, metadata={"key": "diem_tham_dinh_nam_truoc"})
    criteria: list[Criterion] = field(default_factory=list, metadata={"key": K.AREA_CRITERIA})


class Catalogue(Record):
    kind: str = field(metadata={"key": K.KIND})
    title: str = field(metadata={"key": "ten"})
    basis: str | None = field(default=None, metadata={"key": "can_cu"})
    year: int = field(metadata={"key": "nam"})
    sample: bool = field(default=False, metadata={"key": "du_lieu_mau"})
    last_year: float | None = field(default=None, metadata={"key": "diem_tham_dinh_nam_truoc"})
    note: str | None = field(default=None, metadata={"key": "ghi_chu"})
    areas: list[Area] = field(metadata={"key": K.CATALOGUE_AREAS})

    def leaves(self) -> list[tuple[Area, Criterion, Scored]]:
        """Every scored item in catalogue order, with its field and criterion."""
        out: list[tuple[Area, Criterion, Scored]] = []
        for area in self.areas:
            for criterion in area.criteria:
                if criterion.children:
                    out.extend((area, criterion, child) for child in criterion.children)
                else:
                    out.append((area, criterion, criterion))
        return out

    def ids(self) -> set[str]:
        """Every number a task's ``tieu_chi`` may name: fields, criteria and sub-criteria."""
        found: set[str] = set()
        for area in self.areas:
            found.add(area.number)
            for criterion in area.criteria:
                found.add(criterion.number)
                found.update(child.number for child in criterion.children)
        return found

    @property
    def max_points(self) -> float:
        return sum(leaf.max_points or 0 for _, _, leaf in self.leaves())


#: Every record type by the name of the model it mirrors (``criteria.py``).
RECORDS: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (Tier, ClerkEntry, Scored, SubCriterion, Criterion, Area, Catalogue)
}
