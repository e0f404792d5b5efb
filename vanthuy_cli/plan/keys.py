"""The YAML key names that code outside the model reads: one definition each.

``model.py`` declares these as its fields' aliases (``Field(alias=K.LEAD)``), and the loader,
the checks, the history scanner and its wording, the chunked parser and the schema adjustments
address the raw YAML through the same constants. Renaming a key here renames it everywhere; a test
(``tests/test_project.py``) fails when one of those modules spells a model key as a literal.

Kept free of pydantic so that ``par history``, which reads raw YAML only, starts fast.
The key names are documented for the clerk in ``docs/dinh-dang.md``.
"""

from __future__ import annotations

# ---- both kinds of file
KIND = "loai"
#: Values of ``loai``.
KIND_PLAN = "ke_hoach"
KIND_APPENDIX = "phu_luc"
KIND_FIGURES = "so_lieu"  # a period's figures (figures.py)
KIND_CATALOGUE = "bo_tieu_chi"

# ---- the plan file (ke_hoach)
PLAN_APPENDICES = "phu_luc"  # the list of appendix files
APPENDIX_REF_NUMBER = "so"
APPENDIX_REF_FILE = "tep"
ROSTER = "nhan_su"
ROSTER_ID = "ma"

# ---- an appendix file (phu_luc)
APPENDIX_NUMBER = "so"
GROUPS = "nhom"
GROUP_NUMBER = "so"
GROUP_TITLE = "ten"
TASKS = "nhiem_vu"

# ---- a task
TASK_ID = "ma"
TASK_TEXT = "noi_dung"
LEAD = "chu_tri"
SUPPORT = "phoi_hop"
TARGET = "chi_tieu"
DEADLINE = "thoi_han"
START = "bat_dau"  # first day of a recurring task's occurrences
TASK_CRITERION = "tieu_chi"
PROGRESS = "tien_do"
ADJUSTMENTS = "dieu_chinh"  # deadline moves and why (par deadline)

# ---- a target (chi_tieu)
TARGET_METRIC = "ten"
TARGET_COMPARISON = "so_sanh"
TARGET_VALUE = "gia_tri"
TARGET_UNIT = "don_vi"
TARGET_FIGURE = "so_lieu"
#: What ``so_sanh`` accepts, and the comparison each spelling means. ">=" must be quoted in YAML
#: (">" starts a folded block), so words and the symbols ≥ ≤ are accepted too.
COMPARISONS = {
    ">=": ">=",
    "toi_thieu": ">=",
    "≥": ">=",
    "<=": "<=",
    "toi_da": "<=",
    "≤": "<=",
    "=": "=",
    "bang": "=",
}

# ---- a deadline move (dieu_chinh)
ADJ_DATE = "ngay"
ADJ_OLD = "thoi_han_cu"
ADJ_NEW = "thoi_han_moi"
ADJ_REASON = "ly_do"
ADJ_DECISION = "van_ban"

# ---- a progress entry (tien_do)
ENTRY_DATE = "ngay"
ENTRY_STATUS = "trang_thai"
ENTRY_NOTE = "ghi_chu"
ENTRY_PERCENT = "phan_tram"
ENTRY_VALUE = "gia_tri"
ENTRY_EVIDENCE = "minh_chung"
ENTRY_PERIOD = "ky"
ENTRY_CAUSE = "nguyen_nhan"

#: The keys of a progress entry in the order the clerk writes them (history shows them so).
ENTRY_KEYS = (
    ENTRY_DATE,
    ENTRY_STATUS,
    ENTRY_PERCENT,
    ENTRY_VALUE,
    ENTRY_PERIOD,
    ENTRY_NOTE,
    ENTRY_CAUSE,
    ENTRY_EVIDENCE,
)

# ---- a structured evidence document (minh_chung as a block)
EVIDENCE_FILE = "tep"

# ---- the criteria catalogue (bo_tieu_chi)
CATALOGUE_AREAS = "linh_vuc"
AREA_NUMBER = "so"
AREA_CRITERIA = "tieu_chi"
CRITERION_NUMBER = "so"
CRITERION_CHILDREN = "tieu_chi_thanh_phan"
CRITERION_TASKS = "nhiem_vu"
CRITERION_ENTRIES = "nhap"
