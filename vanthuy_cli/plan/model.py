"""The plan's schema: what a plan file and an appendix file may contain.

Keys in the YAML are Vietnamese without diacritics (``chu_tri``, ``thoi_han``…), so a clerk can
read and type them; attributes in Python are English (``lead``, ``deadline``…) for the next
developer. Each field's ``alias`` is the YAML key and only the alias is accepted. Every model
forbids unknown keys, so a misspelt key is an error rather than silently ignored data.

Field-by-field documentation with examples: ``docs/dinh-dang.md``. ``par schema`` exports these
models as JSON Schema for editors.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from vanthuy_cli.plan import keys as K
from vanthuy_cli.plan.figures import PeriodFigures
from vanthuy_cli.plan.records import (
    RECORDS,
    NotADate,
    ReportFrequency,
    Status,
    evidence_sentence,
    parse_day,
    parse_status,
)

# ------------------------------------------------------------------------------------ value types


def parse_date(value: Any) -> date:
    """Accept ``2024-09-30`` (ISO) and ``30/9/2024`` (as Vietnamese documents write dates)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return parse_day(value)
        except NotADate as exc:
            raise PydanticCustomError(exc.kind, exc.template, {"value": exc.text}) from None
    raise PydanticCustomError("vn_date", "not a date: {value}", {"value": repr(value)})


VnDate = Annotated[
    date,
    BeforeValidator(parse_date),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})$",
            "description": "Ngày: 2024-09-30 hoặc 30/9/2024",
        }
    ),
]

#: Short ids used in the roster and in ``chu_tri``/``phoi_hop``: lower-case, digits, hyphens.
RosterId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", examples=["vp-tk"])]
#: A report period as ``par report`` names it: 2024, 2024-H1, 2024-Q3, 2024-09.
PeriodKey = Annotated[
    str, Field(pattern=r"^\d{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$", examples=["2024-Q3"])
]
PositiveInt = Annotated[int, Field(ge=1)]
#: A rate of a period's figures file a task's target may measure (its chi_tieu keys).
FigureName = Literal[
    "dung_han", "truc_tuyen", "so_hoa_ho_so", "so_hoa_ket_qua", "tra_loi_phan_anh", "hai_long"
]

Text = Annotated[str, Field(min_length=1)]


def _status(value: Any) -> Any:
    return (parse_status(value) or value) if isinstance(value, str) else value


StatusField = Annotated[
    Status,
    BeforeValidator(_status),
    WithJsonSchema(
        {
            "type": "string",
            "examples": [s.value for s in Status],
            "description": "Trạng thái: mã (hoan_thanh) hoặc chữ có/không dấu (hoàn thành)",
        }
    ),
]


def _comparison(value: Any) -> Any:
    return K.COMPARISONS.get(value.strip(), value) if isinstance(value, str) else value


Comparison = Annotated[
    Literal[">=", "<=", "="],
    BeforeValidator(_comparison),
    WithJsonSchema(
        {
            "enum": sorted(K.COMPARISONS),
            "description": "So sánh với chỉ tiêu: toi_thieu (>=), toi_da (<=), bang (=)",
        }
    ),
]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        validate_by_alias=True,
        validate_by_name=False,
        serialize_by_alias=True,
    )


# ------------------------------------------------------------------------------------------ plan


def _lines(value: Any) -> Any:
    # One authority line may be written as a plain string; several as a list.
    return [value] if isinstance(value, str) else value


AuthorityLines = Annotated[
    list[Text],
    BeforeValidator(_lines),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "items": {"type": "string", "minLength": 1}},
            ],
            "description": "Một dòng (KT. CHỦ TỊCH) hoặc danh sách dòng, từ trên xuống",
        }
    ),
]


class Signer(_Model):
    """Người ký (signature block): TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / họ tên."""

    authority: AuthorityLines = Field(
        default_factory=list,
        alias="quyen_han",
        examples=[["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]],
        description="Các dòng thẩm quyền ký, từ trên xuống (để trống nếu Chủ tịch ký trực tiếp)",
    )
    position: Text = Field(alias="chuc_vu", examples=["PHÓ CHỦ TỊCH"], description="Chức vụ")
    name: Text = Field(alias="ho_ten", examples=["Lưu Văn Hữu"], description="Họ và tên người ký")


class BasisDocument(_Model):
    """Văn bản làm căn cứ (a document the plan implements)."""

    number: Text = Field(alias="so_hieu", examples=["194/KH-UBND"], description="Số, ký hiệu")
    issued: VnDate = Field(alias="ngay", description="Ngày ban hành")
    issuer: Text = Field(
        alias="co_quan", examples=["UBND huyện Bắc Sơn"], description="Cơ quan ban hành"
    )
    subject: str | None = Field(None, alias="trich_yeu", description="Trích yếu")


class NumberedParagraph(_Model):
    """Một mục có số thứ tự, như 1.1 của Mục đích (a numbered paragraph)."""

    number: Text = Field(alias="so", examples=["1.1"], description="Số thứ tự như trong văn bản")
    text: Text = Field(alias="noi_dung", description="Nội dung (được dùng *nghiêng*, **đậm**)")


class Section(_Model):
    """Một tiêu đề của mục II và các đoạn dưới nó (a heading of section II)."""

    number: Text = Field(alias="so", examples=["1"])
    title: Text = Field(alias="tieu_de", examples=["Chỉ số cải cách hành chính (PAR INDEX)"])
    paragraphs: list[Text] = Field(
        default_factory=list, alias="noi_dung", description="Các đoạn (gạch đầu dòng) dưới tiêu đề"
    )


class AppendixRef(_Model):
    """Phụ lục kèm theo và tệp chứa nó (where an appendix lives)."""

    number: Text = Field(
        alias=K.APPENDIX_REF_NUMBER, examples=["I"], description="Số phụ lục (I, II…)"
    )
    file: Text = Field(
        alias=K.APPENDIX_REF_FILE,
        examples=["phu-luc-I-par-index.yaml"],
        description="Tên tệp phụ lục, trong cùng thư mục plans/",
    )


class RosterEntry(_Model):
    """Người hoặc bộ phận chủ trì/phối hợp (an official or unit in the roster)."""

    id: RosterId = Field(alias=K.ROSTER_ID, description="Mã ngắn dùng trong chu_tri/phoi_hop")
    title: Text = Field(
        alias="ten",
        examples=["Công chức Văn phòng - Thống kê"],
        description="Chức danh hoặc tên bộ phận",
    )
    person: str | None = Field(None, alias="ho_ten", description="Người đảm nhiệm (nếu có)")


class ReportSettings(_Model):
    """Cài đặt báo cáo định kỳ; mặc định theo Nghị định 09/2019/NĐ-CP (report settings)."""

    frequency: ReportFrequency = Field(
        ReportFrequency.QUARTER,
        alias="ky",
        description="Kỳ báo cáo thường lệ: thang, quy, 6_thang, nam",
    )
    cutoff_day: int = Field(
        14, ge=1, le=28, alias="ngay_chot_so_lieu", description="Ngày chốt số liệu (mặc định 14)"
    )
    submit_day: int = Field(
        20,
        ge=1,
        le=28,
        alias="ngay_nop",
        description="Hạn nộp báo cáo trong tháng cuối kỳ (mặc định 20)",
    )
    calendar: bool = Field(
        False, alias="theo_lich", description="true: kỳ số liệu theo tháng/quý dương lịch"
    )
    number_suffix: Text = Field("BC-UBND", alias="ky_hieu", description="Ký hiệu số báo cáo")
    numbers: dict[PeriodKey, PositiveInt] = Field(
        default_factory=dict,
        alias="so_bao_cao",
        examples=[{"2024-Q2": 98, "2024-Q3": 152}],
        description=(
            "Số văn thư đã cấp cho báo cáo của từng kỳ; kỳ chưa có số thì báo cáo để trống số"
        ),
    )
    addressees: list[Text] = Field(
        default_factory=list,
        alias="kinh_gui",
        examples=[["UBND huyện Bắc Sơn", "Phòng Nội vụ huyện"]],
    )
    recipients: list[Text] = Field(
        default_factory=list, alias="noi_nhan", description="Nơi nhận báo cáo (mỗi dòng một nơi)"
    )
    signer: Signer | None = Field(
        None, alias="nguoi_ky", description="Người ký báo cáo (mặc định: người ký kế hoạch)"
    )


class SelfAssessmentSettings(_Model):
    """Đợt tự đánh giá, chấm điểm Chỉ số CCHC (the self-scoring window)."""

    opens: VnDate | None = Field(
        None,
        alias="tu_ngay",
        description="Ngày bắt đầu tự chấm; việc phải xong trước ngày này (mặc định 15/12)",
    )
    closes: VnDate | None = Field(None, alias="den_ngay", description="Hạn gửi kết quả tự chấm")


class Plan(_Model):
    """Tệp kế hoạch (loai: ke_hoach): văn bản kế hoạch, nhân sự, cài đặt (the plan file)."""

    kind: Literal["ke_hoach"] = Field(alias=K.KIND)
    number: Text = Field(alias="so_hieu", examples=["64/KH-UBND"])
    issued: VnDate = Field(alias="ngay_ban_hanh")
    place: Text = Field(alias="dia_danh", examples=["Vạn Thủy"])
    parent_body: str | None = Field(
        None,
        alias="co_quan_chu_quan",
        examples=["UBND huyện Bắc Sơn"],
        description="Cơ quan chủ quản (để trống nếu không có)",
    )
    issuer: Text = Field(
        alias="co_quan_ban_hanh",
        examples=["UBND xã Vạn Thủy"],
        description="Tên cơ quan ban hành như viết trong câu",
    )
    issuer_lines: list[Text] = Field(
        default_factory=list,
        alias="co_quan_ban_hanh_day_du",
        examples=[["ỦY BAN NHÂN DÂN", "XÃ VẠN THỦY"]],
        description="Tên cơ quan ban hành in ở góc trái, viết đầy đủ, mỗi dòng một mục "
        "(mặc định: co_quan_ban_hanh viết hoa)",
    )
    doc_type: Text = Field("Kế hoạch", alias="loai_van_ban")
    subject: Text = Field(alias="trich_yeu")
    year: int = Field(alias="nam", ge=2000, le=2100, description="Năm của kế hoạch")
    theme: str | None = Field(None, alias="chu_de_nam", description="Chủ đề công tác năm")
    basis: list[BasisDocument] = Field(default_factory=list, alias="can_cu")
    preamble: list[Text] = Field(default_factory=list, alias="mo_dau")
    purposes: list[NumberedParagraph] = Field(default_factory=list, alias="muc_dich")
    requirements: list[NumberedParagraph] = Field(default_factory=list, alias="yeu_cau")
    tasks_sections: list[Section] = Field(default_factory=list, alias="nhiem_vu_giai_phap")
    implementation: list[Text] = Field(default_factory=list, alias="to_chuc_thuc_hien")
    closing: str | None = Field(None, alias="ket_thuc")
    recipients: list[Text] = Field(default_factory=list, alias="noi_nhan")
    signer: Signer = Field(alias="nguoi_ky")
    appendices: list[AppendixRef] = Field(default_factory=list, alias=K.PLAN_APPENDICES)
    roster: list[RosterEntry] = Field(default_factory=list, alias=K.ROSTER)
    reporting: ReportSettings = Field(default_factory=ReportSettings, alias="bao_cao")
    due_soon_days: int = Field(
        7,
        ge=0,
        le=90,
        alias="sap_den_han_ngay",
        description="Số ngày trước hạn được coi là sắp đến hạn",
    )
    self_assessment: SelfAssessmentSettings | None = Field(
        None, alias="tu_danh_gia", description="Đợt tự chấm điểm Chỉ số CCHC"
    )
    note: str | None = Field(None, alias="ghi_chu")


# ------------------------------------------------------------------------------------- appendix


class Target(_Model):
    """Chỉ tiêu định lượng: tên, so sánh, giá trị, đơn vị (a numeric target)."""

    metric: Text = Field(alias=K.TARGET_METRIC, examples=["Tỷ lệ hồ sơ giải quyết đúng hạn"])
    comparison: Comparison = Field(">=", alias=K.TARGET_COMPARISON)
    # A finite number: YAML reads 1e309 as infinity, which no target can be.
    value: float = Field(alias=K.TARGET_VALUE, examples=[100], allow_inf_nan=False)
    unit: str | None = Field(None, alias=K.TARGET_UNIT, examples=["%"])
    figure: FigureName | None = Field(
        None,
        alias=K.TARGET_FIGURE,
        description=(
            "Tỷ lệ trong tệp số liệu của kỳ mà chỉ tiêu này đo (dung_han, truc_tuyen, "
            "so_hoa_ho_so, so_hoa_ket_qua, tra_loi_phan_anh, hai_long): par validate cảnh báo "
            "khi giá trị ghi ở tiến độ khác số liệu của kỳ"
        ),
    )


class EvidenceDoc(_Model):
    """Tài liệu kiểm chứng có cấu trúc (a structured piece of evidence): the document, where in it
    the point is proved, and optionally its scanned file under ``evidence/``."""

    number: Text = Field(alias="so_hieu", examples=["45/QĐ-UBND"], description="Số, ký hiệu")
    kind: str | None = Field(
        None, alias="loai_van_ban", examples=["Quyết định"], description="Loại văn bản"
    )
    issued: VnDate | None = Field(None, alias="ngay", description="Ngày ban hành")
    issuer: str | None = Field(
        None, alias="co_quan", examples=["UBND xã Vạn Thủy"], description="Cơ quan ban hành"
    )
    section: str | None = Field(
        None,
        alias="trang",
        examples=["Mục II.1, trang 3"],
        description="Mục, trang chứng minh nội dung",
    )
    file: str | None = Field(
        None,
        alias=K.EVIDENCE_FILE,
        examples=["2024/qd-45.pdf"],
        description="Tệp bản chụp, đường dẫn trong thư mục evidence/",
    )

    def __str__(self) -> str:
        return evidence_sentence(self)


#: ``minh_chung``: a sentence, as before, or a record (``EvidenceDoc``).
Evidence = Text | EvidenceDoc


class ProgressEntry(_Model):
    """Một dòng tiến độ có ngày; chỉ ghi thêm, không sửa dòng cũ (a progress entry)."""

    date: VnDate = Field(alias=K.ENTRY_DATE)
    status: StatusField = Field(alias=K.ENTRY_STATUS)
    note: str | None = Field(None, alias=K.ENTRY_NOTE)
    percent: float | None = Field(None, ge=0, le=100, alias=K.ENTRY_PERCENT)
    value: float | None = Field(
        None, alias=K.ENTRY_VALUE, description="Giá trị đo được của chỉ tiêu", allow_inf_nan=False
    )
    evidence: Evidence | None = Field(
        None,
        alias=K.ENTRY_EVIDENCE,
        examples=["Quyết định số 45/QĐ-UBND ngày 12/8/2024"],
        description="Minh chứng: một câu, hoặc khối so_hieu/ngay/co_quan/trang/tep",
    )
    period: str | None = Field(
        None,
        alias=K.ENTRY_PERIOD,
        examples=["2024-Q3"],
        description="Lượt định kỳ mà dòng này thuộc về (việc hằng kỳ)",
    )
    cause: Literal["khach_quan", "chu_quan"] | None = Field(
        None,
        alias=K.ENTRY_CAUSE,
        description=(
            "Lý do ghi ở ghi_chu là nguyên nhân khách quan hay chủ quan (mục III.3 của báo cáo; "
            "không ghi: chủ quan)"
        ),
    )


class Adjustment(_Model):
    """Một lần điều chỉnh thời hạn: ngày, hạn cũ, hạn mới, lý do, văn bản quyết định
    (a deadline move and why; written by ``par deadline``)."""

    date: VnDate = Field(alias=K.ADJ_DATE)
    old: Text = Field(alias=K.ADJ_OLD, examples=["Quý III/2024"])
    new: Text = Field(alias=K.ADJ_NEW, examples=["Quý IV/2024"])
    reason: Text = Field(alias=K.ADJ_REASON, examples=["Chờ hướng dẫn của UBND tỉnh"])
    decision: str | None = Field(
        None, alias=K.ADJ_DECISION, examples=["Công văn số 12/UBND-VP ngày 25/9/2024"]
    )


class Task(_Model):
    """Một nhiệm vụ của phụ lục (a task)."""

    id: Text = Field(alias=K.TASK_ID, examples=["I.3.2"], description="Mã như trong phụ lục")
    text: Text = Field(alias=K.TASK_TEXT)
    criterion: str | None = Field(
        None,
        alias=K.TASK_CRITERION,
        examples=["3.2.1"],
        description="Tiêu chí / tiêu chí thành phần liên quan",
    )
    lead: RosterId = Field(alias=K.LEAD, description="Mã người/bộ phận chủ trì (nhan_su)")
    support: list[RosterId] = Field(default_factory=list, alias=K.SUPPORT)
    output: str | None = Field(None, alias="ket_qua", description="Sản phẩm, kết quả dự kiến")
    target: Target | None = Field(None, alias=K.TARGET)
    deadline: Text = Field(alias=K.DEADLINE, examples=["Quý III/2024", "Thường xuyên"])
    start: VnDate | None = Field(
        None, alias=K.START, description="Bắt đầu tính các lượt định kỳ từ ngày này"
    )
    progress: list[ProgressEntry] = Field(default_factory=list, alias=K.PROGRESS)
    adjustments: list[Adjustment] = Field(
        default_factory=list, alias=K.ADJUSTMENTS, description="Các lần điều chỉnh thời hạn"
    )
    note: str | None = Field(None, alias="ghi_chu")


class Group(_Model):
    """Lĩnh vực PAR INDEX hoặc yếu tố SIPAS, nhóm các nhiệm vụ (a group of tasks)."""

    number: Text = Field(alias=K.GROUP_NUMBER, examples=["3"])
    title: Text = Field(alias=K.GROUP_TITLE, examples=["Cải cách thủ tục hành chính"])
    tasks: list[Task] = Field(default_factory=list, alias=K.TASKS)


class Appendix(_Model):
    """Tệp phụ lục nhiệm vụ (loai: phu_luc) (an appendix of tasks)."""

    kind: Literal["phu_luc"] = Field(alias=K.KIND)
    number: Text = Field(alias=K.APPENDIX_NUMBER, examples=["I"])
    title: Text = Field(alias="tieu_de")
    index: str | None = Field(None, alias="chi_so", examples=["PAR INDEX", "SIPAS"])
    sample: bool = Field(
        False,
        alias="du_lieu_mau",
        description="true khi nội dung là mẫu, chưa phải phụ lục chính thức",
    )
    note: str | None = Field(None, alias="ghi_chu")
    groups: list[Group] = Field(default_factory=list, alias=K.GROUPS)


#: The model for each value of ``loai``.
KINDS: dict[str, type[BaseModel]] = {
    K.KIND_PLAN: Plan,
    K.KIND_APPENDIX: Appendix,
    K.KIND_FIGURES: PeriodFigures,  # a period's figures (figures.py)
}


def to_record(value: Any) -> Any:
    """A validated model as the plain record of the same name (``records.py``), recursively; a
    model without one (a period's figures) stays as it is."""
    if isinstance(value, BaseModel) and type(value).__name__ in RECORDS:
        record = RECORDS[type(value).__name__]
        fields = type(value).model_fields
        return record(**{name: to_record(getattr(value, name)) for name in fields})
    if isinstance(value, list):
        return [to_record(item) for item in value]
    return value


__all__ = ["ReportFrequency", "Status", "parse_status"]  # re-exported: defined in records.py
