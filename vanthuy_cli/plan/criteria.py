"""The PAR INDEX criteria catalogue (``loai: bo_tieu_chi``): fields, criteria, sub-criteria.

Each province sets its own commune criteria every year (how many fields, which criteria, how many
points each, how they are scored), so the set is data in a YAML file beside the plan and nothing
in the code assumes its shape. The tree is *lĩnh vực* (field) → *tiêu chí* (criterion) →
*tiêu chí thành phần* (sub-criterion). A criterion either has sub-criteria or is scored itself;
whatever is scored (a *leaf*) carries its maximum points and one rule from a small set:

* ``dat_khong_dat`` (pass/fail): full points when the value reaches ``nguong`` (default 100 %),
  when every linked task is done, or when the clerk enters ``dat: true``; otherwise 0.
* ``theo_muc`` (tiers over a ratio): ``muc`` lists ``{tu: 90, diem: 2}``…; the highest tier whose
  ``tu`` the value reaches (≥) gives its points.
* ``dung_han`` (on time / late / not done): from the linked tasks: all done on time → full points;
  all done, one or more late → ``diem_tre_han``; anything not done → ``diem_chua_xong`` (0).
* ``truc_tiep`` (direct points): the clerk enters the points (``gia_tri``) with the evidence.
* ``tru_diem`` (deductions): full points minus ``moi_lan`` for each occurrence (late items among
  the linked tasks, or a count the clerk enters), never below 0.

Where the value comes from (``nguon``): ``ty_le_hoan_thanh`` (share of the plan's items done),
``ty_le_dung_han`` (share of the items that fell due that were done on time),
``bao_cao_dung_han`` (share of the linked periodic reports sent on time), ``so_lieu`` (a figure of
the period figures, named by ``chi_so``), ``nhiem_vu`` (the classification of the linked tasks)
or ``nhap`` (a value the clerk enters under ``nhap`` with its date and evidence).

Documented for the clerk in ``docs/cham-diem.md``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from vanthuy_cli.plan import criteria_records as R
from vanthuy_cli.plan import keys as K
from vanthuy_cli.plan.criteria_records import DEFAULT_SOURCE, RATIO_SOURCES, RuleKind, Source
from vanthuy_cli.plan.model import Evidence, Text, VnDate, _Model
from vanthuy_cli.plan.model import to_record as _plan_record


class Tier(_Model):
    """Một mức điểm: từ ``tu`` (%, tính cả) trở lên được ``diem`` (a tier)."""

    at_least: float = Field(alias="tu", ge=0, examples=[90], description="Từ mức này trở lên (≥)")
    points: float = Field(alias="diem", ge=0, examples=[2])


class ClerkEntry(_Model):
    """Một lần công chức nhập giá trị, minh chứng hoặc giải trình (a dated clerk entry)."""

    date: VnDate = Field(alias="ngay")
    value: float | None = Field(
        None,
        alias="gia_tri",
        description="Giá trị: tỷ lệ % (theo_muc), điểm (truc_tiep), số lần (tru_diem)",
    )
    passed: bool | None = Field(None, alias="dat", description="Đạt hay không (dat_khong_dat)")
    documents: list[Evidence] | Evidence | None = Field(
        None,
        alias="minh_chung",
        description="Tài liệu kiểm chứng: một câu, một khối so_hieu/ngay/co_quan/trang/tep, "
        "hoặc danh sách",
    )
    explanation: str | None = Field(
        None, alias="giai_trinh", description="Giải trình khi thiếu tài liệu kiểm chứng"
    )

    @property
    def evidence(self) -> list[Evidence]:
        """The documents as a list (one document is usually written without a list)."""
        if self.documents is None:
            return []
        return list(self.documents) if isinstance(self.documents, list) else [self.documents]


class Scored(_Model):
    """What a leaf (a criterion without sub-criteria, or a sub-criterion) has to be scored."""

    number: Text = Field(alias="so", examples=["1.1.1"])
    title: Text = Field(alias="ten")
    max_points: float | None = Field(None, alias="diem_toi_da", gt=0, le=100)
    rule: RuleKind | None = Field(None, alias="cach_cham")
    source: Source | None = Field(None, alias="nguon")
    tiers: list[Tier] = Field(default_factory=list, alias="muc")
    threshold: float = Field(100, alias="nguong", ge=0, description="Ngưỡng đạt (%)")
    late_points: float = Field(0, alias="diem_tre_han", ge=0)
    missed_points: float = Field(0, alias="diem_chua_xong", ge=0)
    per_occurrence: float = Field(0, alias="moi_lan", ge=0, description="Điểm trừ mỗi lần")
    tasks: list[Text] = Field(default_factory=list, alias=K.CRITERION_TASKS, examples=[["I.1.1"]])
    appendix: str | None = Field(
        None, alias="phu_luc", description="Chỉ tính tỷ lệ trong phụ lục này (I, II…)"
    )
    figure: str | None = Field(None, alias="chi_so", description="Tên số liệu kỳ (nguon: so_lieu)")
    entries: list[ClerkEntry] = Field(default_factory=list, alias=K.CRITERION_ENTRIES)
    note: str | None = Field(None, alias="ghi_chu")

    @model_validator(mode="after")
    def _rule_complete(self) -> Scored:
        top = self.max_points or 0
        if self.rule is RuleKind.TIERS and not self.tiers:
            raise ValueError("cach_cham theo_muc cần danh sách muc (tu, diem)")
        if (
            any(t.points > top for t in self.tiers)
            or max(self.late_points, self.missed_points) > top
        ):
            raise ValueError(f"điểm của một mức lớn hơn diem_toi_da ({top:g})")
        if self.source is Source.FIGURE and not self.figure:
            raise ValueError("nguon so_lieu cần chi_so (tên số liệu)")
        return self

    @property
    def source_used(self) -> Source:
        if self.source is not None:
            return self.source
        return DEFAULT_SOURCE[self.rule] if self.rule else Source.CLERK


class SubCriterion(Scored):
    """Tiêu chí thành phần (a sub-criterion): always scored."""

    max_points: float = Field(alias="diem_toi_da", gt=0, le=100)
    rule: RuleKind = Field(alias="cach_cham")


class Criterion(Scored):
    """Tiêu chí: scored itself, or the sum of its sub-criteria (a criterion)."""

    children: list[SubCriterion] = Field(default_factory=list, alias=K.CRITERION_CHILDREN)

    @model_validator(mode="after")
    def _leaf_or_parent(self) -> Criterion:
        if self.children and (self.rule is not None or self.max_points is not None):
            raise ValueError(
                "tiêu chí có tieu_chi_thanh_phan thì không ghi diem_toi_da, cach_cham "
                "(điểm là tổng các tiêu chí thành phần)"
            )
        if not self.children and (self.rule is None or self.max_points is None):
            raise ValueError(
                "tiêu chí không có tieu_chi_thanh_phan phải ghi diem_toi_da và cach_cham"
            )
        return self


class Area(_Model):
    """Lĩnh vực (a field of the index)."""

    number: Text = Field(alias="so", examples=["1"])
    title: Text = Field(alias="ten", examples=["Công tác chỉ đạo, điều hành CCHC"])
    last_year: float | None = Field(
        None, alias="diem_tham_dinh_nam_truoc", ge=0, description="Điểm thẩm định năm trước"
    )
    criteria: list[Criterion] = Field(default_factory=list, alias=K.AREA_CRITERIA)


class Catalogue(_Model):
    """Tệp bộ tiêu chí (loai: bo_tieu_chi): bộ chỉ số CCHC cấp xã của tỉnh (the catalogue)."""

    kind: Literal["bo_tieu_chi"] = Field(alias=K.KIND)
    title: Text = Field(alias="ten", examples=["Bộ chỉ số cải cách hành chính cấp xã năm 2024"])
    basis: str | None = Field(
        None, alias="can_cu", description="Văn bản ban hành bộ tiêu chí (số, ngày, cơ quan)"
    )
    year: int = Field(alias="nam", ge=2000, le=2100)
    sample: bool = Field(False, alias="du_lieu_mau", description="true khi là bộ tiêu chí mẫu")
    last_year: float | None = Field(
        None, alias="diem_tham_dinh_nam_truoc", ge=0, description="Tổng điểm thẩm định năm trước"
    )
    note: str | None = Field(None, alias="ghi_chu")
    areas: list[Area] = Field(alias=K.CATALOGUE_AREAS, min_length=1)

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


def to_record(value: Any) -> Any:
    """A validated catalogue (or any part of it) as the plain records of
    ``criteria_records.py``, recursively: what ``LoadedPlan.catalogue`` holds."""
    if isinstance(value, ClerkEntry):
        fields = {name: to_record(getattr(value, name)) for name in type(value).model_fields}
        fields["documents"] = [_plan_record(doc) for doc in value.evidence]
        return R.ClerkEntry(**fields)
    if isinstance(value, BaseModel) and type(value).__name__ in R.RECORDS:
        record = R.RECORDS[type(value).__name__]
        names = type(value).model_fields
        return record(**{name: to_record(getattr(value, name)) for name in names})
    if isinstance(value, list):
        return [to_record(item) for item in value]
    return _plan_record(value)


__all__ = ["DEFAULT_SOURCE", "RATIO_SOURCES", "RuleKind", "Source"]  # defined in criteria_records
