"""Working while broken: the views show the valid part of a plan whose appendix has errors.

status, overdue, list and show leave out the tasks with errors (the whole appendix when the
file does not parse or an error lies outside its tasks), say so in a banner on stderr
(error count, first locations, ``par validate`` as the next step) and exit 0; ``par report``
still refuses, and the cache never stores the partial plan.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from vanthuy_cli.reading import plancache

from .helpers import PLAN, appendix_with, task, write_plans

AS_OF = ("--as-of", "2024-09-30")

# Appendix II has a status that does not exist: the whole file is left out.
BROKEN_II = appendix_with(
    [task("II.1.1", progress=[{"ngay": "1/8/2024", "trang_thai": "xong_roi"}])], number="II"
)
PLAN_WITH_II = PLAN.replace(
    "    tep: phu-luc-I.yaml\n",
    "    tep: phu-luc-I.yaml\n  - so: II\n    tep: phu-luc-II.yaml\n",
)


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    assert PLAN_WITH_II != PLAN
    return write_plans(tmp_path, plan=PLAN_WITH_II, files={"phu-luc-II.yaml": BROKEN_II})


def _both(result: Result) -> str:
    return result.output + (result.stderr or "")


def _error_line(run: Callable[..., Result], plans: Path) -> str:
    """The first error ``par validate`` prints: ``file:line:col: RULE``."""
    result = run("validate", "--plans", str(plans))
    assert result.exit_code == 1
    first = next(line for line in _both(result).splitlines() if "phu-luc-II.yaml:" in line)
    return first.split(": ")[0] + " " + first.split(": ")[1].split()[0]


def test_status_shows_the_valid_part_with_a_banner(run: Callable[..., Result], plans: Path) -> None:
    result = run("status", "--plans", str(plans), *AS_OF)
    assert result.exit_code == 0, _both(result)
    stderr = result.stderr or ""
    assert "Cảnh báo: 1 lỗi" in stderr
    assert "phu-luc-II.yaml" in stderr
    assert _error_line(run, plans) in stderr  # file:line:col RULE, as par validate says
    assert "par validate" in stderr
    assert "I.1.2" in result.stdout or "2 " in result.stdout  # the dashboard itself is printed


def test_list_and_overdue_show_valid_tasks_and_not_broken_ones(
    run: Callable[..., Result], plans: Path
) -> None:
    listed = run("list", "--plans", str(plans), *AS_OF)
    assert listed.exit_code == 0
    assert "I.1.1" in listed.stdout and "I.1.2" in listed.stdout
    assert "II.1.1" not in listed.stdout
    overdue = run("overdue", "--plans", str(plans), "--as-of", "2024-12-31", "--json")
    assert overdue.exit_code == 0
    data = json.loads(overdue.stdout)
    assert data["plan_errors"] == 1
    assert [i["task_id"] for i in data["items"]] == ["I.1.2"]


def test_show_finds_a_valid_task_and_not_a_broken_one(
    run: Callable[..., Result], plans: Path
) -> None:
    good = run("show", "I.1.1", "--plans", str(plans), *AS_OF)
    assert good.exit_code == 0 and "I.1.1" in good.stdout
    assert "Cảnh báo" in (good.stderr or "")
    assert run("show", "II.1.1", "--plans", str(plans), *AS_OF).exit_code != 0


def test_banner_in_english(run: Callable[..., Result], plans: Path) -> None:
    result = run("status", "--plans", str(plans), *AS_OF, "--lang", "en")
    assert result.exit_code == 0
    assert "Warning: 1 error(s)" in (result.stderr or "")
    assert "Run par validate" in (result.stderr or "")


def test_status_json_counts_the_errors(run: Callable[..., Result], plans: Path) -> None:
    result = run("status", "--plans", str(plans), *AS_OF, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["plan_errors"] == 1


def test_report_still_refuses(run: Callable[..., Result], plans: Path) -> None:
    result = run("report", "2024-Q3", "--plans", str(plans), "--as-of", "2024-10-05")
    assert result.exit_code == 1
    assert "phu-luc-II.yaml" in _both(result)


def test_a_broken_plan_file_still_refuses(run: Callable[..., Result], tmp_path: Path) -> None:
    plans = write_plans(tmp_path, plan=PLAN.replace("nam: 2024", "nam: hai nghìn"))
    result = run("status", "--plans", str(plans), *AS_OF)
    assert result.exit_code == 1
    assert "ke-hoach.yaml" in _both(result)


def test_the_cache_never_stores_a_partial_plan(
    run: Callable[..., Result], plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv(plancache.ENV, str(cache))
    for _ in range(2):  # the second run must find the errors again, not a stored plan
        result = run("status", "--plans", str(plans), *AS_OF)
        assert result.exit_code == 0 and "Cảnh báo" in (result.stderr or "")
    assert not [p for p in cache.rglob("*") if p.is_file()]
    (plans / "phu-luc-II.yaml").write_text(
        appendix_with([task("II.1.1")], number="II"), encoding="utf-8"
    )
    fixed = run("status", "--plans", str(plans), *AS_OF)
    assert fixed.exit_code == 0 and "Cảnh báo" not in (fixed.stderr or "")
    assert [p for p in cache.rglob("*") if p.is_file()]  # a valid plan is stored as before


# ------------------------------------------------------------------ errors inside single tasks

# Appendix II with four tasks: a bad status (a schema error), a deadline phrase that names no
# real day (a check error), a valid task, and a task without its lead (a missing field).
II_TASKS = [
    task("II.1.1", progress=[{"ngay": "1/8/2024", "trang_thai": "xong_roi"}]),
    task("II.1.2", deadline="Trước ngày 45/12/2024"),
    task("II.1.3", deadline="31/12/2024"),
    {k: v for k, v in task("II.1.4").items() if k != "chu_tri"},
    task("II.1.5", chu_tri="mot-cuaa"),  # not in the roster
]


@pytest.fixture
def task_errors(tmp_path: Path) -> Path:
    text = appendix_with(II_TASKS, number="II")
    return write_plans(tmp_path, plan=PLAN_WITH_II, files={"phu-luc-II.yaml": text})


def test_only_the_tasks_with_errors_are_left_out(
    run: Callable[..., Result], task_errors: Path
) -> None:
    listed = run("list", "--plans", str(task_errors), *AS_OF, "--json")
    assert listed.exit_code == 0, _both(listed)
    ids = [item["task_id"] for item in json.loads(listed.stdout)["items"]]
    assert "II.1.3" in ids and "I.1.1" in ids  # the file's valid task is still shown
    assert not {"II.1.1", "II.1.2", "II.1.4", "II.1.5"} & set(ids)
    shown = run("show", "II.1.3", "--plans", str(task_errors), *AS_OF)
    assert shown.exit_code == 0 and "II.1.3" in shown.stdout
    assert run("show", "II.1.2", "--plans", str(task_errors), *AS_OF).exit_code != 0


def test_banner_counts_every_error_and_names_the_tasks(
    run: Callable[..., Result], task_errors: Path
) -> None:
    checked = run("validate", "--plans", str(task_errors))
    assert checked.exit_code == 1
    # The schema error in II.1.1 no longer hides the other tasks' errors from par validate.
    for rule in ("SCHEMA-VALUE", "DEADLINE-PARSE", "SCHEMA-MISSING-KEY", "ROSTER-UNKNOWN"):
        assert rule in checked.output
    errors = sum(1 for line in checked.output.splitlines() if ": lỗi:" in line or " lỗi: " in line)
    status = run("status", "--plans", str(task_errors), *AS_OF, "--json")
    assert status.exit_code == 0
    assert json.loads(status.stdout)["plan_errors"] == errors == 4
    stderr = run("status", "--plans", str(task_errors), *AS_OF).stderr or ""
    assert "Cảnh báo: 4 lỗi" in stderr
    assert "nhiệm vụ II.1.1, II.1.2, II.1.4, II.1.5" in stderr


def test_findings_after_a_left_out_task_point_at_their_own_lines(
    run: Callable[..., Result], task_errors: Path
) -> None:
    """II.1.1 is not in the model (its schema error): the tasks after it keep their lines."""
    lines = (task_errors / "phu-luc-II.yaml").read_text("utf-8").splitlines()
    lead = next(n for n, text in enumerate(lines, 1) if "chu_tri: mot-cuaa" in text)
    deadline = next(n for n, text in enumerate(lines, 1) if "45/12/2024" in text)
    checked = run("validate", "--plans", str(task_errors)).output
    assert f"phu-luc-II.yaml:{lead}:" in checked
    assert f"phu-luc-II.yaml:{deadline}:" in checked


def test_a_file_that_does_not_parse_is_still_left_out_whole(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    text = appendix_with([task("II.1.1"), task("II.1.2")], number="II")
    plans = write_plans(
        tmp_path, plan=PLAN_WITH_II, files={"phu-luc-II.yaml": text + "  nhom: [\n"}
    )
    result = run("list", "--plans", str(plans), *AS_OF)
    assert result.exit_code == 0
    assert "I.1.1" in result.stdout and "II.1." not in result.stdout
    assert "bỏ qua plans/phu-luc-II.yaml" in (result.stderr or "").replace(str(tmp_path) + "/", "")


def test_an_error_outside_the_tasks_leaves_the_file_out_whole(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    text = appendix_with([task("II.1.1"), task("II.1.2")], number="II")
    text = text.replace("tieu_de: Phụ lục thử\n", "tieu_de: Phụ lục thử\nchu_thich: thừa\n")
    plans = write_plans(tmp_path, plan=PLAN_WITH_II, files={"phu-luc-II.yaml": text})
    result = run("list", "--plans", str(plans), *AS_OF)
    assert result.exit_code == 0
    assert "II.1." not in result.stdout and "I.1.1" in result.stdout
    assert "phu-luc-II.yaml" in (result.stderr or "")


def test_a_plan_missing_some_tasks_is_never_cached(
    run: Callable[..., Result], task_errors: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv(plancache.ENV, str(cache))
    for _ in range(2):
        result = run("list", "--plans", str(task_errors), *AS_OF)
        assert result.exit_code == 0 and "Cảnh báo: 4 lỗi" in (result.stderr or "")
    assert not [p for p in cache.rglob("*") if p.is_file()]
    # Fixed: the tasks come back at once (nothing stale was kept).
    fixed = appendix_with([task(t["ma"]) for t in II_TASKS], number="II")
    (task_errors / "phu-luc-II.yaml").write_text(fixed, encoding="utf-8")
    result = run("list", "--plans", str(task_errors), *AS_OF, "--json")
    assert "plan_errors" not in json.loads(result.stdout)
    assert len({i["task_id"] for i in json.loads(result.stdout)["items"]} & {"II.1.2"}) == 1


def test_a_task_left_out_for_its_error_is_not_called_missing_by_the_catalogue(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    import shutil

    from tests.conftest import SHIPPED_PLANS

    plans = tmp_path / "plans"
    shutil.copytree(SHIPPED_PLANS, plans)
    appendix = plans / "phu-luc-I-par-index.yaml"
    text = appendix.read_text(encoding="utf-8")
    start = text.index("- ma: I.1.1\n")
    at = text.index("trang_thai: hoan_thanh", start)
    appendix.write_text(text[:at] + "trang_thai: xong_roi" + text[at + 22 :], encoding="utf-8")
    result = run("validate", "--plans", str(plans))
    assert result.exit_code == 1
    assert "SCHEMA-VALUE" in result.output and "xong_roi" in result.output
    assert "CRITERIA-LINK" not in result.output  # I.1.1 exists; its own error is what to fix
