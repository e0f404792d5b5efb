"""Surgical edits: after any sequence of edits the file reads back as exactly the intended data,
and every line outside the edited task is byte for byte what it was.

Files: the shipped appendices, and hand-written ones with comments everywhere, CRLF line endings,
a BOM, single and double quotes, folded and literal text, lists written flush with their key.
"""

from __future__ import annotations

import copy
import difflib
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SHIPPED_PLANS
from vanthuy_cli.storage.yamledit import (
    EditError,
    Source,
    _item_span,
    add_task,
    remove_task,
    task_paths,
    update_task,
)
from vanthuy_cli.storage.yamlio import parse_text

ODD = """\
# Phụ lục thử: chú thích ở mọi chỗ
loai: phu_luc   # loại tệp
so: 'III'
tieu_de: 'Phụ lục ''thử'' nghiệm'
nhom:
# chú thích sát lề
- so: "1"
  ten: "Nhóm \\"một\\""
  nhiem_vu:
  - ma: III.1.1   # việc đầu
    noi_dung: |-
      Dòng một: có dấu hai chấm
      Dòng hai # không phải chú thích
    chu_tri: 'vp-tk'
    phoi_hop:
    - tp-ht
    - 'mot-cua'
    thoi_han: '30/9/2024'
    tien_do:
    - ngay: '2024-07-01'
      trang_thai: dang_thuc_hien
      ghi_chu: >
        Đã làm được một phần,
        còn lại làm tiếp.

      # chú thích giữa các dòng tiến độ
    - ngay: '2024-08-01'
      trang_thai: "dang_thuc_hien"

  # chú thích trước việc thứ hai
  - {ma: III.1.2, noi_dung: Việc viết một dòng, chu_tri: vp-tk, thoi_han: Năm 2024}
  - ma: III.1.3
    noi_dung: "Việc cuối: \\u0111ặc biệt"
    chu_tri: vp-tk
    thoi_han: Quý IV/2024
- so: "2"
  ten: Nhóm hai
  nhiem_vu: []
"""

FILES: dict[str, bytes] = {
    "I": (SHIPPED_PLANS / "phu-luc-I-par-index.yaml").read_bytes(),
    "II": (SHIPPED_PLANS / "phu-luc-II-sipas.yaml").read_bytes(),
    "odd": ODD.encode(),
    "odd-crlf-bom": b"\xef\xbb\xbf" + ODD.replace("\n", "\r\n").encode(),
    "shipped-crlf": (SHIPPED_PLANS / "phu-luc-II-sipas.yaml").read_bytes().replace(b"\n", b"\r\n"),
}

LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộớờởỡợúùủũụứừửữựíìỉĩịýỳỷỹỵĐ"
TEXT = st.text(alphabet=LETTERS + "  :#'\"-,.[]{}>|%&*!?/0123456789", min_size=1, max_size=140)
WORDY = st.lists(
    st.sampled_from(
        [
            "Đã",
            "niêm yết",
            "112",
            "TTHC",
            "xã",
            "Quý III/2024",
            "a: b",
            "#1",
            "'q'",
            '"d"',
            "- x",
            "[v]",
        ]
    ),
    min_size=1,
    max_size=40,
).map(" ".join)
VALUE = st.one_of(TEXT, WORDY, st.sampled_from(["yes", "1.4", "2024-09-30", "~", "null", " x "]))


@st.composite
def _edit(draw: st.DrawFn, data: Any) -> tuple[str, Any]:
    ids = sorted(task_paths(data))
    kind = draw(
        st.sampled_from(["progress", "set", "support", "drop", "add", "remove"])
        if ids
        else st.just("add")
    )
    if kind == "add":
        groups = len(data["nhom"])
        return kind, (draw(st.integers(0, groups - 1)), draw(VALUE), draw(VALUE))
    task_id = draw(st.sampled_from(ids))
    if kind == "progress":
        entry = {
            "ngay": draw(st.sampled_from(["1/10/2024", "2024-10-02"])),
            "trang_thai": "dang_thuc_hien",
        }
        if draw(st.booleans()):
            entry["ghi_chu"] = draw(st.one_of(VALUE, TEXT.map(lambda t: t + "\nthêm dòng")))
        if draw(st.booleans()):
            entry["phan_tram"] = str(draw(st.integers(0, 100)))
        return kind, (task_id, entry)
    if kind == "set":
        key = draw(st.sampled_from(["thoi_han", "chu_tri", "ghi_chu", "ket_qua", "noi_dung"]))
        return kind, (task_id, key, draw(VALUE))
    if kind == "support":
        return kind, (
            task_id,
            draw(st.lists(st.sampled_from(["vp-tk", "tp-ht", "mot-cua"]), max_size=3)),
        )
    return kind, task_id


def _apply(src: Source, edit: tuple[str, Any]) -> tuple[Any, Any, tuple[int, int]]:
    """The edit's result, the data it should give, and the only old lines (lo..hi, 0-based,
    inclusive; hi = lo - 1 for a pure insertion) that it may replace."""
    kind, args = edit
    lines = src.lines
    expected = copy.deepcopy(src.doc.data)
    if kind == "add":
        group, text, deadline = args
        new_id = f"Z.{len(task_paths(src.doc.data)) + 1}"
        task = {"ma": new_id, "noi_dung": text, "chu_tri": "vp-tk", "thoi_han": deadline}
        tasks = expected["nhom"][group].get("nhiem_vu") or []
        expected["nhom"][group]["nhiem_vu"] = [*tasks, task]
        if tasks:
            last, _ = _item_span(src, ("nhom", group, "nhiem_vu", len(tasks) - 1))
            region = (last.end + 1, last.end)
        else:  # ``nhiem_vu: []`` (or no key) is rewritten, within the group's lines
            item, _ = _item_span(src, ("nhom", group))
            region = (item.start, item.end)
        return add_task(src, group, task), expected, region
    task_id = args if kind in ("drop", "remove") else args[0]
    path = task_paths(src.doc.data)[task_id]
    holder = expected
    for part in path[:-1]:
        holder = holder[part]
    span, _ = _item_span(src, path)
    if kind == "remove":
        del holder[path[-1]]
        lo, hi = span.start, span.end
        if not holder:  # the group's only task: its ``nhiem_vu:`` line becomes ``nhiem_vu: []``
            lo = src.doc.keys[path[:-1]][0] - 1
        while lo > 0 and not lines[lo - 1].strip():
            lo -= 1
        while hi + 1 < len(lines) and not lines[hi + 1].strip():
            hi += 1
        return remove_task(src, task_id), expected, (lo, hi)

    change = _changer(kind, args)

    holder[path[-1]] = {
        k: (unicodedata.normalize("NFC", v) if isinstance(v, str) else v)
        for k, v in change(copy.deepcopy(holder[path[-1]])).items()
    }
    return update_task(src, task_id, change), expected, (span.start, span.end)


def _changer(kind: str, args: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def change(task: dict[str, Any]) -> dict[str, Any]:
        if kind == "progress":
            task.setdefault("tien_do", None)
            task["tien_do"] = [*(task["tien_do"] or []), args[1]]
        elif kind == "set":
            task[args[1]] = args[2]
        elif kind == "support":
            task["phoi_hop"] = args[1]
        elif kind == "drop":
            task.pop("ghi_chu", None)
            task.pop("ket_qua", None)
        return task

    return change


def _check_outside(before: list[str], after: list[str], region: tuple[int, int]) -> None:
    """``after`` is ``before`` with at most lines lo..hi replaced: every other line is
    byte-identical and in the same place relative to the edit."""
    lo, hi = region
    kept_tail = len(before) - hi - 1
    assert after[:lo] == before[:lo]
    assert after[len(after) - kept_tail :] == before[hi + 1 :] if kept_tail else True
    assert len(after) >= lo + kept_tail


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(FILES)), st.data())
def test_random_edit_sequences_are_surgical(name: str, data: st.DataObject) -> None:
    raw = FILES[name]
    for _ in range(data.draw(st.integers(1, 4))):
        src = Source.from_bytes(raw, name)
        edit = data.draw(_edit(src.doc.data))
        result, expected, region = _apply(src, edit)
        text = result.raw.decode("utf-8-sig")
        assert parse_text(text, name).data == expected
        before = src.raw.removeprefix(b"\xef\xbb\xbf").split(b"\n")
        after = result.raw.removeprefix(b"\xef\xbb\xbf").split(b"\n")
        _check_outside(before, after, region)
        if b"\r\n" in raw:  # no LF-only line sneaks into a CRLF file
            assert result.raw.count(b"\n") == result.raw.count(b"\r\n")
        assert result.raw.startswith(b"\xef\xbb\xbf") == raw.startswith(b"\xef\xbb\xbf")
        raw = result.raw


def test_appending_progress_keeps_existing_entries_and_style() -> None:
    src = Source.from_bytes(FILES["I"], "I")

    def change(task: dict[str, Any]) -> dict[str, Any]:
        task["tien_do"].append(
            {
                "ngay": "20/9/2024",
                "trang_thai": "dang_thuc_hien",
                "phan_tram": "70",
                "ghi_chu": unicodedata.normalize("NFD", "Đã niêm yết: 112 thủ tục"),
            }
        )
        return task

    result = update_task(src, "I.1.4", change)
    before, after = src.raw.decode().splitlines(), result.raw.decode().splitlines()
    added = [
        line[1:]
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if line.startswith("+") and not line.startswith("+++")
    ]
    assert added == [
        "          - ngay: 20/9/2024",
        "            trang_thai: dang_thuc_hien",
        "            phan_tram: 70",
        '            ghi_chu: "Đã niêm yết: 112 thủ tục"',
    ]
    assert len(after) == len(before) + 4


def test_odd_quoting_and_indentless_lists_are_followed() -> None:
    src = Source.from_bytes(FILES["odd"], "odd")

    def change(task: dict[str, Any]) -> dict[str, Any]:
        task["phoi_hop"] = [*task["phoi_hop"], "vh-xh"]
        task["tien_do"].append(
            {
                "ngay": "2024-09-01",
                "trang_thai": "hoan_thanh",
                "minh_chung": "Quyết định số 45/QĐ-UBND ngày 12/8/2024",
            }
        )
        task["thoi_han"] = "1.5"
        return task

    after = update_task(src, "III.1.1", change).raw.decode()
    assert "    - vh-xh\n" in after  # the list stays flush with its key, block style
    assert "    - ngay: 2024-09-01\n      trang_thai: hoan_thanh\n" in after
    assert "    thoi_han: '1.5'\n" in after  # single quotes, as the file writes them


def test_flow_task_is_rewritten_in_block_style_only_there() -> None:
    src = Source.from_bytes(FILES["odd-crlf-bom"], "odd")
    result = update_task(src, "III.1.2", lambda t: {**t, "thoi_han": "Quý IV/2024"})
    before, after = src.raw.split(b"\r\n"), result.raw.split(b"\r\n")
    changed = [line for line in after if line not in before]
    assert changed[0].startswith(b"  - ma: III.1.2")
    start = after.index(changed[0])
    assert after[start : start + 4] == [
        b"  - ma: III.1.2",
        "    noi_dung: Việc viết một dòng".encode(),
        b"    chu_tri: vp-tk",
        "    thoi_han: Quý IV/2024".encode(),
    ]
    assert (
        parse_text(result.raw.decode("utf-8-sig"), "x").data["nhom"][0]["nhiem_vu"][1]["thoi_han"]
        == "Quý IV/2024"
    )


def test_unknown_task_is_an_error() -> None:
    src = Source.from_bytes(FILES["I"], "I")
    with pytest.raises(EditError):
        update_task(src, "I.9.9", lambda t: t)
