"""A corpus of broken plans folders, each built inline from ``tests/helpers.py``.

Every case starts from the small valid folder of ``write_plans``, breaks exactly one thing,
runs ``par validate --plans plans --format json --as-of 2024-12-31`` and checks that par reports
*exactly* the expected findings: rule id, file, line and column (worked out by hand from the text
written here and written literally in the table), the exit code, and that nothing escaped as a
traceback. ``test_corpus_findings`` runs the same table through ``check_paths`` (the library).

Positions are 1-based; ``0, 0`` means "the whole file" (a finding without a position).
"""

from __future__ import annotations

import codecs
import json
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.helpers import APPENDIX, PLAN, write_plans
from vanthuy_cli.cli.main import app
from vanthuy_cli.findings import RULES
from vanthuy_cli.reading.workspace import check_paths, find_plans_dir, load_workspace
from vanthuy_cli.storage import yamlio

AS_OF = "2024-12-31"
K = "plans/ke-hoach.yaml"
A = "plans/phu-luc-I.yaml"
A2 = "plans/phu-luc-II.yaml"

# ------------------------------------------------------------------------------- text builders


def _sub(text: str, old: str, new: str) -> str:
    """``text`` with the one occurrence of ``old`` replaced (fails loudly if it is not unique)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def plan(old: str, new: str) -> str:
    return _sub(PLAN, old, new)


def appx(old: str, new: str) -> str:
    return _sub(APPENDIX, old, new)


#: The plan with a second appendix listed after the first (lines 19-20).
PLAN_TWO_APPENDICES = plan(
    "    tep: phu-luc-I.yaml\n", "    tep: phu-luc-I.yaml\n  - so: II\n    tep: phu-luc-II.yaml\n"
)

#: A valid appendix II; its only task's ``ma`` value is at line 9, column 13.
APPENDIX_II = """\
loai: phu_luc
so: II
tieu_de: Nhiệm vụ nâng cao Chỉ số SIPAS
chi_so: SIPAS
nhom:
  - so: "1"
    ten: Tiếp cận dịch vụ
    nhiem_vu:
      - ma: II.1.1
        noi_dung: Khảo sát mức độ hài lòng của người dân
        chu_tri: mot-cua
        thoi_han: Quý IV/2024
"""

#: Task I.1.2 made recurring with one progress entry whose ``ky`` (line 30, column 17) is set.
RECURRING = """\
        thoi_han: Hằng quý
        tien_do:
          - ngay: 20/9/2024
            trang_thai: hoan_thanh
            minh_chung: Bảng niêm yết quý III
            ky: {ky}
"""


def recurring(ky: str) -> str:
    return appx("        thoi_han: Trước ngày 15/12/2024\n", RECURRING.format(ky=ky))


#: A target appended to task I.1.2; ``gia_tri``'s value is at line 28, column 20.
TARGET = """\
        chi_tieu:
          ten: Tỷ lệ thủ tục được niêm yết
          gia_tri: {value}
          don_vi: {unit}
"""


def target(value: str, unit: str) -> str:
    return APPENDIX + TARGET.format(value=value, unit=unit)


#: Vietnamese whose NFD form uses only letters and tone marks that Windows-1258 has.
CP1258_SAFE = """\
loai: phu_luc
so: I
tieu_de: Thủ tục hành chính
nhom: []
"""


def cp1258_bytes(text: str) -> bytes:
    """``text`` as an old Windows editor saved it: Windows-1258, base letter + combining tone.

    Windows-1258 has â ê ô ơ ư ă as letters but the five tones only as combining marks, so each
    letter is decomposed, its vowel-quality mark (circumflex, breve, horn) re-composed, and the
    tone mark kept separate.
    """
    quality = {"\u0302", "\u0306", "\u031b"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        keep = "".join(m for m in marks if m in quality)
        tones = "".join(m for m in marks if m not in quality)
        out.append(unicodedata.normalize("NFC", base + keep) + tones)
    return "".join(out).encode("cp1258")


#: The "billion laughs": nine levels of nine aliases. The first alias is at line 2, column 8.
ALIAS_BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)

BOM8 = codecs.BOM_UTF8


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


# ---------------------------------------------------------------------------------- post checks


def _same_as_plain(tmp_path: Path, plans: Path, *, positions: bool = True) -> None:
    """The folder loads exactly like the plain UTF-8/LF helpers folder: data, models, positions."""
    plain = load_workspace(write_plans(tmp_path / "plain"), today=None).require_valid()
    ws = load_workspace(plans, today=None).require_valid()
    assert ws.findings == () and plain.findings == ()
    assert ws.plan == plain.plan
    assert [m for m, _ in ws.appendices] == [m for m, _ in plain.appendices]
    by_name = {Path(n).name: d for n, d in ws.docs.items()}
    for name, doc in plain.docs.items():
        mine = by_name[Path(name).name]
        assert mine.data == doc.data
        if positions:
            assert mine.values == doc.values
            assert mine.keys == doc.keys


def _nfd_loads_as_nfc(tmp_path: Path, plans: Path) -> None:
    ws = load_workspace(plans, today=None).require_valid()
    appendix, _ = ws.appendices[0]
    assert appendix.title == "Nhiệm vụ nâng cao Chỉ số PAR INDEX"
    assert unicodedata.is_normalized("NFC", appendix.title)
    assert appendix.title != unicodedata.normalize("NFD", appendix.title)
    assert appendix.groups[0].tasks[0].text == "Ban hành Kế hoạch tuyên truyền CCHC năm 2024"
    plain = load_workspace(write_plans(tmp_path / "plain"), today=None).require_valid()
    assert ws.appendices[0][0] == plain.appendices[0][0]
    assert ws.docs[str(Path(A))].data == plain.docs[str(Path("plain") / A)].data


# ------------------------------------------------------------------------------------ the corpus

Expected = tuple[str, int, int, str]  # (path shown, line, column, rule id)


@dataclass(frozen=True)
class Case:
    #: Every finding par must report, and nothing else: (path, line, col, rule).
    expect: tuple[Expected, ...]
    exit_code: int = 1
    plan: str | bytes | None = None  # None: helpers.PLAN
    appendix: str | bytes | None = None  # None: helpers.APPENDIX
    files: dict[str, str | bytes] = field(default_factory=dict)
    #: "plans": write_plans; "empty-plans": an empty plans/; "no-plans": no plans/ here or above,
    #: run without --plans; "no-such-folder": --plans names a folder that does not exist.
    layout: str = "plans"
    message: str | None = None  # must appear in the first expected finding's JSON message
    params: dict[str, Any] = field(default_factory=dict)  # ⊆ the first expected finding's params
    max_seconds: float | None = None
    post: Callable[[Path, Path], None] | None = None  # (tmp_path, plans folder) → asserts


C: dict[str, Case] = {}


def case(id: str, *args: Any, **kwargs: Any) -> None:
    assert id not in C, id
    C[id] = Case(*args, **kwargs)


# ---- YAML syntax and the strict reader
case(
    "yaml-syntax-colon-in-value",
    ((A, 10, 27, "YAML-SYNTAX"),),
    appendix=appx("noi_dung: Ban hành Kế hoạch", "noi_dung: Ban hành: Kế hoạch"),
    message='"…"',
    params={"hint": "yaml.hint.colon"},
)
case(
    "yaml-syntax-bad-indent",
    ((A, 11, 8, "YAML-SYNTAX"),),
    appendix=appx("        chu_tri: vp-tk", "       chu_tri: vp-tk"),
    params={"hint": "yaml.hint.indent"},
)
# A plan that cannot be read is reported once, by its own error (not also as PLAN-MISSING).
case(
    "yaml-tab-indent",
    ((K, 13, 1, "YAML-TAB"),),
    plan=plan("  quyen_han: KT. CHỦ TỊCH", "\tquyen_han: KT. CHỦ TỊCH"),
)
case(
    "yaml-tab-inside-indent",
    ((A, 11, 7, "YAML-TAB"),),
    appendix=appx("        chu_tri: vp-tk", "      \t  chu_tri: vp-tk"),
)
case(
    "yaml-duplicate-key",
    ((A, 12, 9, "YAML-DUPLICATE-KEY"),),
    appendix=appx("        chu_tri: vp-tk\n", "        chu_tri: vp-tk\n        chu_tri: tp-ht\n"),
    message="11",
    params={"key": "chu_tri", "first_line": 11},
)
case(
    "yaml-control-character-ascii-line",
    ((A, 2, 6, "YAML-SYNTAX"),),
    appendix=appx("so: I\n", "so: I\x07\n"),
    message="U+0007",
)
case(
    "yaml-control-character-after-vietnamese",
    ((A, 10, 27, "YAML-SYNTAX"),),
    appendix=appx("Ban hành Kế hoạch", "Ban hành\x07 Kế hoạch"),
    message="U+0007",
)
case(
    "yaml-control-character-wrong-line",
    ((A, 4, 12, "YAML-SYNTAX"),),
    appendix=appx("chi_so: PAR INDEX", "chi_so: PAR\x0cINDEX"),
    message="U+000C",
)
case("yaml-alias-bomb", ((A, 2, 8, "YAML-ALIAS"),), appendix=ALIAS_BOMB, max_seconds=5.0)
case(
    "yaml-python-tag",
    ((A, 13, 18, "YAML-TAG"),),
    appendix=appx(
        "ket_qua: Kế hoạch được ban hành", "ket_qua: !!python/object/apply:os.system [echo pwned]"
    ),
    message="python/object/apply:os.system",
)
case(
    "yaml-multi-document",
    ((A, 26, 1, "YAML-MULTI-DOC"),),
    appendix=APPENDIX + "---\nloai: phu_luc\n",
)
case("yaml-complex-key", ((A, 26, 1, "YAML-COMPLEX-KEY"),), appendix=APPENDIX + "[a, b]: c\n")
case(
    "yaml-depth",
    ((A, 2, 49, "YAML-DEPTH"),),
    appendix=appx("loai: phu_luc\n", "loai: phu_luc\nghi_chu: " + "[" * 45 + "]" * 45 + "\n"),
)
# ---- file-level problems
case("file-empty", ((A, 0, 0, "FILE-EMPTY"),), appendix="")
case(
    "file-comments-only",
    ((A, 0, 0, "FILE-EMPTY"),),
    appendix="# Phụ lục I: chưa soạn\n\n   # (để trống)\n",
)
case(
    "file-too-large",
    ((A, 0, 0, "FILE-TOO-LARGE"),),
    appendix=APPENDIX + "# " + "x" * yamlio.MAX_FILE_BYTES + "\n",
    params={"limit": yamlio.MAX_FILE_BYTES},
)
case(
    "encoding-cp1258-nfd",
    ((A, 3, 13, "FILE-ENCODING"),),
    appendix=unicodedata.normalize("NFD", CP1258_SAFE).encode("cp1258"),
    message="0xD2",
    params={"byte": "0xD2", "hint": "file.hint.cp1258"},
)
case(
    "encoding-cp1258-appendix",
    ((A, 3, 13, "FILE-ENCODING"),),
    appendix=cp1258_bytes(APPENDIX),
    message="Windows-1258",
    params={"byte": "0xEA"},
)
case(
    "encoding-utf16-notepad",
    ((A, 1, 1, "FILE-ENCODING"),),
    appendix=codecs.BOM_UTF16_LE + crlf(APPENDIX).encode("utf-16-le"),
    message="UTF-16",
)
case(
    "encoding-utf16-le-no-bom",
    ((A, 1, 1, "FILE-ENCODING"),),
    appendix=APPENDIX.encode("utf-16-le"),
    message="UTF-16",
)
case(
    "encoding-utf16-be-plan",
    ((K, 1, 1, "FILE-ENCODING"),),
    plan=codecs.BOM_UTF16_BE + PLAN.encode("utf-16-be"),
)
case(
    "text-nfd",
    ((A, 3, 10, "TEXT-NFD"),),
    exit_code=0,
    appendix=unicodedata.normalize("NFD", APPENDIX),
    post=_nfd_loads_as_nfc,
)
# ---- encodings and line endings that must load clean, exactly like the plain file
case(
    "clean-utf8-bom", (), exit_code=0, appendix=BOM8 + APPENDIX.encode("utf-8"), post=_same_as_plain
)
case("clean-crlf", (), exit_code=0, appendix=crlf(APPENDIX), post=_same_as_plain)
case(
    "clean-bom-crlf-plan",
    (),
    exit_code=0,
    plan=BOM8 + crlf(PLAN).encode("utf-8"),
    post=_same_as_plain,
)
# ---- schema
case("schema-root-is-list", ((A, 1, 1, "SCHEMA-TYPE"),), appendix="- loai: phu_luc\n- so: I\n")
case("schema-kind-missing", ((A, 1, 1, "SCHEMA-KIND"),), appendix=appx("loai: phu_luc\n", ""))
# The file is named as an appendix by the plan but says it is something else: both are reported.
case(
    "schema-kind-wrong",
    ((A, 1, 7, "SCHEMA-KIND"),),
    appendix=appx("loai: phu_luc", "loai: phu-luc"),
    message="phu-luc",
)
# The misspelt key is unknown, and the key it should have been is missing from the task.
case(
    "schema-unknown-key-misspelt",
    ((A, 11, 9, "SCHEMA-UNKNOWN-KEY"), (A, 9, 9, "SCHEMA-MISSING-KEY")),
    appendix=appx("chu_tri: vp-tk", "chu_tr: vp-tk"),
    message="chu_tri",
    params={"key": "chu_tr", "suggestion": "chu_tri"},
)
case(
    "schema-missing-key-task",
    ((A, 22, 9, "SCHEMA-MISSING-KEY"),),
    appendix=appx("        noi_dung: Niêm yết thủ tục hành chính tại Bộ phận Một cửa\n", ""),
    message="noi_dung",
    params={"key": "noi_dung"},
)
case(
    "schema-missing-key-plan",
    ((K, 1, 1, "SCHEMA-MISSING-KEY"),),
    plan=plan("so_hieu: 64/KH-UBND\n", ""),
    message="so_hieu",
    params={"key": "so_hieu"},
)
case(
    "schema-empty-value",
    ((A, 24, 17, "SCHEMA-VALUE"),),
    appendix=appx("chu_tri: mot-cua", "chu_tri:"),
    message="chu_tri",
    params={"key": "chu_tri"},
)
case(
    "schema-list-for-text",
    ((A, 10, 19, "SCHEMA-TYPE"),),
    appendix=appx(
        "noi_dung: Ban hành Kế hoạch tuyên truyền CCHC năm 2024", "noi_dung: [Ban hành, Kế hoạch]"
    ),
    params={"key": "noi_dung", "value_key": "type.list"},
)
case(
    "schema-decimal-comma",
    ((A, 28, 20, "SCHEMA-TYPE"),),
    appendix=target('"1,5"', "hồ sơ"),
    message="1.5",
    params={"key": "gia_tri", "hint": "schema.hint.decimal"},
)
case(
    "schema-year-not-a-number",
    ((K, 8, 6, "SCHEMA-TYPE"),),
    plan=plan("nam: 2024", "nam: hai nghìn"),
    params={"key": "nam"},
)
case(
    "schema-status-no-yaml11",
    ((A, 17, 25, "SCHEMA-VALUE"),),
    appendix=appx("trang_thai: dang_thuc_hien", "trang_thai: no"),
    message="«no»",
    params={"value": "no", "hint": "schema.hint.yaml11"},
)
case(
    "schema-no-such-day",
    ((A, 16, 19, "SCHEMA-VALUE"),),
    appendix=appx("ngay: 15/7/2024", "ngay: 31/9/2024"),
    message="31/9/2024",
    params={"value": "31/9/2024"},
)
case(
    "schema-percent-over-100",
    ((A, 19, 24, "SCHEMA-VALUE"),),
    appendix=appx("ghi_chu: Đang dự thảo\n", "ghi_chu: Đang dự thảo\n            phan_tram: 150\n"),
    params={"key": "phan_tram"},
)
case(
    "schema-roster-id-pattern",
    ((A, 24, 18, "SCHEMA-VALUE"),),
    appendix=appx("chu_tri: mot-cua", "chu_tri: Mot-Cua"),
    params={"value": "Mot-Cua"},
)
# ---- plans folder and appendices
case("plans-not-found", ((".", 0, 0, "PLANS-NOT-FOUND"),), layout="no-plans")
case(
    "plans-option-not-a-folder",
    (("nowhere", 0, 0, "PLANS-NOT-FOUND"),),
    layout="no-such-folder",
    message="nowhere",
)
case("plans-folder-empty", (("plans", 0, 0, "PLAN-MISSING"),), layout="empty-plans")
case(
    "plan-multiple",
    (("plans/ke-hoach2.yaml", 1, 7, "PLAN-MULTIPLE"),),
    files={"ke-hoach2.yaml": PLAN},
    message="ke-hoach.yaml",
)
case(
    "appendix-missing",
    ((K, 20, 10, "APPENDIX-MISSING"),),
    plan=PLAN_TWO_APPENDICES,
    message="phu-luc-II.yaml",
)
# The plan names a file that cannot exist; phu-luc-I.yaml is then not listed (a warning).
case(
    "appendix-file-name-too-long",
    ((K, 18, 10, "APPENDIX-MISSING"), (A, 0, 0, "APPENDIX-UNLISTED")),
    plan=plan("tep: phu-luc-I.yaml", "tep: " + "phu-luc-" * 40 + "I.yaml"),
)
case(
    "appendix-unlisted",
    ((A2, 0, 0, "APPENDIX-UNLISTED"),),
    exit_code=0,
    files={"phu-luc-II.yaml": APPENDIX_II},
)
case(
    "appendix-listed-twice",
    ((K, 20, 10, "APPENDIX-DUPLICATE"),),
    plan=_sub(PLAN_TWO_APPENDICES, "tep: phu-luc-II.yaml", "tep: phu-luc-I.yaml"),
)
case(
    "appendix-number-mismatch",
    ((A, 2, 5, "APPENDIX-NUMBER"),),
    plan=plan("  - so: I\n", "  - so: II\n"),
    params={"found": "I", "expected": "II"},
)
# ---- roster and task ids
case(
    "roster-unknown-lead",
    ((A, 24, 18, "ROSTER-UNKNOWN"),),
    appendix=appx("chu_tri: mot-cua", "chu_tri: mot-cu"),
    message="mot-cua",
    params={"id": "mot-cu", "suggestion": "mot-cua"},
)
case(
    "roster-unknown-support",
    ((A, 12, 27, "ROSTER-UNKNOWN"),),
    appendix=appx("phoi_hop: [tp-ht]", "phoi_hop: [tp-ht, cong-an]"),
    message="cong-an",
)
case(
    "roster-duplicate",
    ((K, 26, 9, "ROSTER-DUPLICATE"),),
    plan=plan(
        "    ten: Bộ phận Một cửa\n",
        "    ten: Bộ phận Một cửa\n  - ma: vp-tk\n    ten: Văn phòng\n",
    ),
)
# A task copied from appendix I keeps its id: a duplicate, and not numbered as appendix II.
case(
    "task-id-duplicate-across-appendices",
    ((A2, 9, 13, "TASK-ID-DUPLICATE"), (A2, 9, 13, "TASK-ID-PREFIX")),
    plan=PLAN_TWO_APPENDICES,
    files={"phu-luc-II.yaml": _sub(APPENDIX_II, "ma: II.1.1", "ma: I.1.2")},
    message="phu-luc-I.yaml:22",
)
case(
    "task-id-duplicate-same-appendix",
    ((A, 22, 13, "TASK-ID-DUPLICATE"),),
    appendix=appx("ma: I.1.2", "ma: I.1.1"),
    message="phu-luc-I.yaml:9",
)
# Ids compare case-insensitively; the prefix check is case-sensitive, so "i." is also reported.
case(
    "task-id-duplicate-other-case",
    ((A, 22, 13, "TASK-ID-DUPLICATE"),),
    appendix=appx("ma: I.1.2", "ma: i.1.1"),
    message="phu-luc-I.yaml:9",
)
case(
    "task-id-prefix",
    ((A, 22, 13, "TASK-ID-PREFIX"),),
    exit_code=0,
    appendix=appx("ma: I.1.2", "ma: II.1.2"),
)
# ---- deadlines
case(
    "deadline-unparseable",
    ((A, 14, 19, "DEADLINE-PARSE"),),
    appendix=appx("thoi_han: Quý III/2024", "thoi_han: sớm nhất có thể"),
    message="sớm nhất có thể",
)
case(
    "deadline-no-such-date",
    ((A, 25, 19, "DEADLINE-PARSE"),),
    appendix=appx("thoi_han: Trước ngày 15/12/2024", "thoi_han: Trước ngày 31/11/2024"),
)
case(
    "deadline-year-zero",
    ((A, 14, 19, "DEADLINE-PARSE"),),
    appendix=appx("thoi_han: Quý III/2024", "thoi_han: Quý I/0000"),
    message="Quý I/0000",
)
case(
    "deadline-out-of-range",
    ((A, 25, 19, "DEADLINE-RANGE"),),
    exit_code=0,
    appendix=appx("thoi_han: Trước ngày 15/12/2024", "thoi_han: Quý II/2026"),
)
# ---- progress logs
case(
    "progress-done-without-evidence",
    ((A, 20, 25, "PROGRESS-DONE-EVIDENCE"),),
    appendix=appx("            minh_chung: Kế hoạch số 80/KH-UBND ngày 20/8/2024\n", ""),
)
case(
    "progress-out-of-order",
    ((A, 19, 19, "PROGRESS-ORDER"),),
    appendix=appx("ngay: 15/7/2024", "ngay: 25/8/2024"),
)
case(
    "progress-future",
    ((A, 19, 19, "PROGRESS-FUTURE"),),
    appendix=appx("- ngay: 20/8/2024", "- ngay: 20/1/2025"),
)
case(
    "progress-ky-not-recurring",
    ((A, 19, 17, "PROGRESS-PERIOD"),),
    appendix=appx("ghi_chu: Đang dự thảo\n", "ghi_chu: Đang dự thảo\n            ky: 2024-Q3\n"),
)
case("progress-ky-wrong-kind", ((A, 30, 17, "PROGRESS-PERIOD"),), appendix=recurring("2024-09"))
case("progress-ky-wrong-year", ((A, 30, 17, "PROGRESS-PERIOD"),), appendix=recurring("2023-Q3"))
case("progress-ky-not-a-period", ((A, 30, 17, "PROGRESS-PERIOD"),), appendix=recurring("quý 3"))
# The plan was signed on 10/6/2024: Q1 is no occurrence of a quarterly task, the entry counts
# nowhere.
case(
    "progress-ky-not-owed",
    ((A, 30, 17, "PROGRESS-PERIOD"),),
    appendix=recurring("2024-Q1"),
    message="2024-Q1",
)
case(
    "progress-value-without-target",
    ((A, 19, 22, "PROGRESS-VALUE"),),
    exit_code=0,
    appendix=appx("ghi_chu: Đang dự thảo\n", "ghi_chu: Đang dự thảo\n            gia_tri: 3\n"),
)
# ---- targets
case(
    "target-percent-over-100",
    ((A, 28, 20, "TARGET-FORM"),),
    appendix=target("120", '"%"'),
    message="120",
)


def _params(*, cli: bool) -> list[Any]:
    return [pytest.param(c, id=id) for id, c in C.items()]


# ------------------------------------------------------------------------------------ running


def _build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, c: Case) -> Path | None:
    """Write the case's folder in ``tmp_path``, made the current folder; the ``--plans`` value."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PAR_PLANS", raising=False)
    if c.layout == "no-plans":
        if find_plans_dir(tmp_path) is not None:
            pytest.skip("a plans/ folder exists above the temporary folder")
        return None
    if c.layout == "no-such-folder":
        return Path("nowhere")
    if c.layout == "empty-plans":
        (tmp_path / "plans").mkdir()
    else:
        write_plans(tmp_path, plan=c.plan, appendix=c.appendix, files=c.files)
    return Path("plans")


def invoke(args: list[str]) -> Any:
    return CliRunner().invoke(app, args, env={"PAR_PLANS": None, "PAR_LANG": None})


def validate_args(plans: Path | None, fmt: str = "json") -> list[str]:
    args = ["validate"] + (["--plans", str(plans)] if plans is not None else [])
    return [*args, "--format", fmt, "--as-of", AS_OF]


def assert_no_crash(result: Any) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"exception escaped: {result.exception!r}\n{result.output}"
    )
    assert "Traceback" not in result.output


def _key(path: str, line: int, col: int, rule: str) -> Expected:
    return Path(path).as_posix(), line, col, rule


@pytest.mark.parametrize("c", _params(cli=True))
def test_corpus(c: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """par validate --format json reports exactly the expected findings, with the exit code."""
    plans = _build(tmp_path, monkeypatch, c)
    start = time.perf_counter()
    result = invoke(validate_args(plans))
    elapsed = time.perf_counter() - start
    assert_no_crash(result)
    report = json.loads(result.stdout)
    found = [_key(f["path"], f["line"], f["column"], f["rule"]) for f in report["findings"]]
    for expected in c.expect:
        assert expected in found, f"{expected} not reported; found {report['findings']}"
    assert sorted(found) == sorted(c.expect), f"unexpected findings: {report['findings']}"
    assert found == sorted(found), "findings are not sorted by file, line, column"
    assert result.exit_code == c.exit_code, result.output
    errors = sum(1 for f in report["findings"] if f["severity"] == "error")
    assert (report["errors"], report["warnings"]) == (errors, len(found) - errors)
    if c.message is not None:
        first = next(
            f
            for f in report["findings"]
            if _key(f["path"], f["line"], f["column"], f["rule"]) == c.expect[0]
        )
        assert c.message in first["message"], first["message"]
    if c.max_seconds is not None:
        assert elapsed < c.max_seconds, f"took {elapsed:.1f}s"
    if c.post is not None:
        c.post(tmp_path, tmp_path / "plans")


@pytest.mark.parametrize("c", _params(cli=False))
def test_corpus_findings(c: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same corpus through the library (``check_paths``): positions, rules and parameters.

    This still checks what par *finds* for the cases whose rendering in the CLI is broken.
    """
    plans = _build(tmp_path, monkeypatch, c)
    start = time.perf_counter()
    result = check_paths([], plans, today=date(2024, 12, 31), cwd=tmp_path)
    elapsed = time.perf_counter() - start
    found = [_key(f.path, f.line, f.col, f.rule) for f in result.findings]
    assert sorted(found) == sorted(c.expect), f"findings: {result.findings}"
    assert any(f.is_error for f in result.findings) == (c.exit_code == 1)
    if c.params:
        first = next(
            f for f in result.findings if _key(f.path, f.line, f.col, f.rule) == c.expect[0]
        )
        assert {k: first.params.get(k) for k in c.params} == c.params
    if c.max_seconds is not None:
        assert elapsed < c.max_seconds, f"took {elapsed:.1f}s"


def test_corpus_size_and_rules() -> None:
    assert len(C) >= 30
    assert all(rule in RULES for c in C.values() for *_, rule in c.expect)


# ------------------------------------------------------------------ the bases the corpus breaks


@pytest.mark.parametrize(
    ("plan_text", "appendix", "files"),
    [
        pytest.param(None, None, {}, id="helpers"),
        pytest.param(None, recurring("2024-Q3"), {}, id="recurring-with-ky"),
        pytest.param(None, target("95", '"%"'), {}, id="percent-target"),
        pytest.param(None, target("1.5", "hồ sơ"), {}, id="decimal-target"),
        pytest.param(
            PLAN_TWO_APPENDICES, None, {"phu-luc-II.yaml": APPENDIX_II}, id="two-appendices"
        ),
    ],
)
def test_bases_are_clean(
    plan_text: str | None,
    appendix: str | None,
    files: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each corpus case breaks one thing of a folder that is valid without it."""
    monkeypatch.chdir(tmp_path)
    write_plans(tmp_path, plan=plan_text, appendix=appendix, files=files)
    result = invoke(validate_args(Path("plans")))
    assert_no_crash(result)
    report = json.loads(result.stdout)
    assert report["findings"] == []
    assert report["files"] == 2 + len(files)
    assert result.exit_code == 0


# ------------------------------------------------------------------------- several problems

#: Two problems in the plan, five in the appendix (one a warning, one added while reading, before
#: the others): all must be reported in one run, sorted by file, line and column.
SEVERAL_PLAN = _sub(
    PLAN_TWO_APPENDICES,
    "    ten: Bộ phận Một cửa\n",  # 20:10 APPENDIX-MISSING
    "    ten: Bộ phận Một cửa\n  - ma: vp-tk\n    ten: Văn phòng\n",
)  # 28:9 dup
SEVERAL_APPENDIX = _sub(
    _sub(
        _sub(
            _sub(
                _sub(
                    APPENDIX, "thoi_han: Quý III/2024", "thoi_han: sớm nhất có thể"
                ),  # 14:19 DEADLINE-PARSE
                "ngay: 15/7/2024",
                "ngay: 25/8/2024",
            ),  # 19:19 PROGRESS-ORDER
            "Kế hoạch số 80",
            unicodedata.normalize("NFD", "Kế hoạch số 80"),
        ),  # 21:25 TEXT-NFD
        "chu_tri: mot-cua",
        "chu_tri: mot-cu",
    ),  # 24:18 ROSTER-UNKNOWN
    "thoi_han: Trước ngày 15/12/2024",
    "thoi_han: Quý II/2026",
)  # 25:19 DEADLINE-RANGE
SEVERAL_EXPECTED = [
    (K, 20, 10, "APPENDIX-MISSING"),
    (K, 28, 9, "ROSTER-DUPLICATE"),
    (A, 14, 19, "DEADLINE-PARSE"),
    (A, 19, 19, "PROGRESS-ORDER"),
    (A, 21, 25, "TEXT-NFD"),
    (A, 24, 18, "ROSTER-UNKNOWN"),
    (A, 25, 19, "DEADLINE-RANGE"),
]


def test_several_problems_in_two_files_all_reported_sorted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_plans(tmp_path, plan=SEVERAL_PLAN, appendix=SEVERAL_APPENDIX)
    result = invoke(validate_args(Path("plans")))
    assert_no_crash(result)
    report = json.loads(result.stdout)
    found = [_key(f["path"], f["line"], f["column"], f["rule"]) for f in report["findings"]]
    assert found == SEVERAL_EXPECTED
    assert (report["errors"], report["warnings"]) == (5, 2)
    assert result.exit_code == 1


#: Schema and YAML problems, two in each file (positions worked out as in the corpus).
SCHEMA_PLAN = _sub(
    _sub(PLAN, "nam: 2024", "nam: 2024\nnam: 2025"),  # 9:1 duplicate key
    "  - ma: tp-ht\n",
    "  - ma: tp-ht\n    chuc_danh: x\n",
)  # 24:5 unknown key
SCHEMA_APPENDIX = _sub(
    _sub(APPENDIX, "trang_thai: dang_thuc_hien", "trang_thai: no"),  # 17:25
    "noi_dung: Ban hành Kế hoạch tuyên truyền CCHC năm 2024",
    "noi_dung: [Ban hành, Kế hoạch]",
)  # 10:19 list for text
SCHEMA_EXPECTED = [
    (K, 9, 1, "YAML-DUPLICATE-KEY"),
    (K, 24, 5, "SCHEMA-UNKNOWN-KEY"),
    (A, 10, 19, "SCHEMA-TYPE"),
    (A, 17, 25, "SCHEMA-VALUE"),
]


def test_several_schema_problems_in_two_files_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_plans(tmp_path, plan=SCHEMA_PLAN, appendix=SCHEMA_APPENDIX)
    result = invoke(validate_args(Path("plans")))
    assert_no_crash(result)
    report = json.loads(result.stdout)
    assert [
        _key(f["path"], f["line"], f["column"], f["rule"]) for f in report["findings"]
    ] == SCHEMA_EXPECTED
    assert result.exit_code == 1


def test_several_schema_problems_in_two_files_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    plans = write_plans(tmp_path, plan=SCHEMA_PLAN, appendix=SCHEMA_APPENDIX)
    ws = load_workspace(plans, today=date(2024, 12, 31))
    assert [_key(f.path, f.line, f.col, f.rule) for f in ws.findings] == SCHEMA_EXPECTED


# ------------------------------------------------------------------------------ output formats


def _warning_and_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An out-of-range deadline (warning at 14:19) and an unknown lead (error at 24:18)."""
    monkeypatch.chdir(tmp_path)
    write_plans(
        tmp_path,
        appendix=_sub(
            appx("chu_tri: mot-cua", "chu_tri: mot-cu"),
            "thoi_han: Quý III/2024",
            "thoi_han: Quý I/2026",
        ),
    )


def test_github_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _warning_and_error(tmp_path, monkeypatch)
    result = invoke(validate_args(Path("plans"), "github"))
    assert_no_crash(result)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    annotation = re.compile(
        r"^::(error|warning) file=([^,:]+),line=(\d+),col=(\d+),title=([A-Z0-9-]+)::(\S.*)$"
    )
    parsed = [m.groups() for m in map(annotation.match, lines) if m]
    assert [
        (level, Path(f).as_posix(), int(line), int(col), rule)
        for level, f, line, col, rule, _ in parsed
    ] == [
        ("warning", A, 14, 19, "DEADLINE-RANGE"),
        ("error", A, 24, 18, "ROSTER-UNKNOWN"),
    ]
    assert "mot-cua" in parsed[1][5]  # the suggestion travels with the annotation
    assert len(lines) == len(parsed) + 1  # the annotations, then a one-line summary
    assert not lines[-1].startswith("::")


def test_github_format_whole_file_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A finding about a whole file has no line/col properties."""
    monkeypatch.chdir(tmp_path)
    write_plans(tmp_path, appendix="")
    result = invoke(validate_args(Path("plans"), "github"))
    assert_no_crash(result)
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert re.match(r"^::error file=plans[/\\]phu-luc-I\.yaml,title=FILE-EMPTY::\S", first), first


def test_text_format_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _warning_and_error(tmp_path, monkeypatch)
    result = invoke(["validate", "--plans", "plans", "--as-of", AS_OF])
    assert_no_crash(result)
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 3, lines  # one line per finding (never wrapped), then the summary
    assert lines[0].startswith(f"{Path(A)}:14:19: DEADLINE-RANGE ")
    assert lines[1].startswith(f"{Path(A)}:24:18: ROSTER-UNKNOWN ")
    pattern = re.compile(r"^(\S+):(\d+):(\d+): ([A-Z0-9-]+) ([^:]+): \S")
    assert all(pattern.match(line) for line in lines[:2])
    assert "mot-cua" in lines[1]


def test_text_format_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _warning_and_error(tmp_path, monkeypatch)
    result = invoke(["validate", "--plans", "plans", "--as-of", AS_OF, "--lang", "en"])
    assert_no_crash(result)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines[0].startswith(f"{Path(A)}:14:19: DEADLINE-RANGE warning: ")
    assert lines[1].startswith(f"{Path(A)}:24:18: ROSTER-UNKNOWN error: ")


def test_text_format_one_line_per_finding_with_multiline_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_plans(tmp_path, appendix=appx("thoi_han: Quý III/2024", 'thoi_han: "sớm\\nnhất"'))
    result = invoke(["validate", "--plans", "plans", "--as-of", AS_OF])
    assert_no_crash(result)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines[0].startswith(f"{Path(A)}:14:19: DEADLINE-PARSE ")
    assert len(lines) == 2, lines  # the finding, then the summary
