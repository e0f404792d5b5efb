"""``par list WORDS``: words match at word starts, diacritics count when typed, results ranked."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_PLANS
from tests.helpers import appendix_with, entry, task, write_plans
from vanthuy_cli.textutil import fold


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    tasks = [
        task("I.1.1", noi_dung="Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"),
        task("I.1.2", noi_dung="Xây dựng Kế hoạch kiểm tra hồ sơ"),
        task("I.1.3", noi_dung="Cập nhật sổ theo dõi văn bản đến"),
        task("I.1.4", noi_dung="Rà soát số liệu thống kê"),
        task(
            "I.1.5",
            noi_dung="Tuyên truyền trên loa truyền thanh",
            tien_do=[entry("1/7/2024", ghi_chu="Chuẩn bị số hóa tài liệu")],
        ),
        task("I.1.6", noi_dung="Hỗ trợ người dân nộp hồ sơ trực tuyến"),
    ]
    return write_plans(tmp_path, appendix=appendix_with(tasks))


def ids(run, plans: Path, *words: str) -> list[str]:
    result = run("list", *words, "--as-of", "2024-08-01", "--json", "--plans", str(plans))
    assert result.exit_code == 0, result.output
    return [i["task_id"] for i in json.loads(result.stdout)["items"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("so hoa", ["I.1.1", "I.1.5"]),  # not "hồ sơ" (I.1.2, I.1.6), not "Kế hoạch" (I.1.2)
        ("số hóa", ["I.1.1", "I.1.5"]),
        ("số hoá", ["I.1.1", "I.1.5"]),  # the other tone placement ("hoá"/"hóa") is the same
        ("SỐ HÓA", ["I.1.1", "I.1.5"]),
        ("sổ", ["I.1.3"]),  # diacritics typed: "sổ" is not "số" nor "sơ"
        ("so", ["I.1.1", "I.1.2", "I.1.3", "I.1.4", "I.1.5", "I.1.6"]),
        ("hoach", ["I.1.2"]),
        ("oach", []),  # inside a word: no match
        ("ho so truc", ["I.1.6"]),
        ("dan", ["I.1.6"]),  # "dân"; also "đến" is not "dan"
        ("den", ["I.1.3"]),  # "đ" folds to "d"
        ("i.1.4", ["I.1.4"]),
    ],
)
def test_words_match_at_word_starts_with_diacritics_respected(
    run, plans: Path, query: str, expected: list[str]
) -> None:
    assert sorted(ids(run, plans, query)) == expected


def test_matches_in_task_text_rank_before_matches_in_notes(run, plans: Path) -> None:
    # I.1.5 matches only through its progress note: it comes after I.1.1 even though plan order
    # would also put it there; "truyen" matches I.1.5's text and nothing else's note.
    assert ids(run, plans, "so hoa") == ["I.1.1", "I.1.5"]
    assert ids(run, plans, "tai lieu") == ["I.1.5"]


def test_rank_id_and_text_before_group_and_lead(run, tmp_path: Path) -> None:
    tasks = [
        task("I.1.1", noi_dung="Niêm yết công khai", chu_tri="tp-ht"),  # lead title: "Tư pháp"
        task("I.1.2", noi_dung="Phổ biến pháp luật, trợ giúp tư pháp"),
    ]
    plans = write_plans(tmp_path, appendix=appendix_with(tasks))
    assert ids(run, plans, "tu phap") == ["I.1.2", "I.1.1"]


def test_shipped_plans_so_hoa_finds_only_digitisation(run) -> None:
    # Was: 15 tasks, of which one was about "số hóa".
    result = run("list", "so hoa", "--as-of", "2024-09-30", "--json", "--plans", str(SHIPPED_PLANS))
    items = json.loads(result.stdout)["items"]
    assert items
    for item in items:
        haystack = fold(" ".join(filter(None, (item["text"], item["last_note"]))))
        assert "so hoa" in haystack, item["task_id"]


def test_matched_words_are_highlighted_on_a_terminal(run, plans: Path, monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    out = run("list", "so hoa", "--as-of", "2024-08-01", "--plans", str(plans)).stdout
    line = next(line for line in out.splitlines() if "I.1.1" in line)
    # "Số hóa" is styled (an escape code right before it), "hồ sơ" in the same line is not.
    assert re.search("\x1b\\[[0-9;]*mSố hóa", line), repr(line)
    assert not re.search("\x1b\\[[0-9;]*mhồ sơ", line)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR")
    plain = run("list", "so hoa", "--as-of", "2024-08-01", "--plans", str(plans)).stdout
    assert "\x1b[" not in plain
