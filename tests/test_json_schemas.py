"""Every ``--json`` output validates against its documented schema (docs/schemas/json/).

The schemas forbid keys they do not list, so a key added, renamed or left in Vietnamese fails
here until docs/json.md and the schema say what it means.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from typer.testing import Result

from tests.conftest import SHIPPED_PLANS
from tests.helpers import appendix_with, done, entry, task, write_plans
from tests.test_history import P1, Repo, appendix
from tests.test_history import PLAN as PLAN_FOR_HISTORY
from tests.test_history import task as history_task
from vanthuy_cli.cli.main import app

SCHEMAS = Path(__file__).resolve().parent.parent / "docs" / "schemas" / "json"
YAML_KEYS = {"ma", "noi_dung", "tien_do", "phu_luc", "nhom", "chu_tri", "thoi_han", "trang_thai"}


def _registry() -> Registry:
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text(encoding="utf-8"))))
        for path in SCHEMAS.glob("*.schema.json")
    ]
    return Registry().with_resources(resources)


def check(command: str, text: str) -> dict[str, Any]:
    """Validate ``text`` against ``<command>.schema.json``; the document, for more asserts."""
    schema = json.loads((SCHEMAS / f"{command}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    data = json.loads(text)
    errors = sorted(
        Draft202012Validator(schema, registry=_registry()).iter_errors(data),
        key=lambda e: list(e.absolute_path),
    )
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    assert next(iter(data)) == "schema_version"
    assert not _keys(data) & YAML_KEYS, _keys(data) & YAML_KEYS
    return data


def _keys(data: Any) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in _keys(v)}
    if isinstance(data, list):
        return {k for v in data for k in _keys(v)}
    return set()


def ok(result: Result) -> str:
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.fixture
def rich_plan(tmp_path: Path) -> Path:
    """A plan with every kind of item: recurring, target with value, support, notes."""
    tasks = [
        task("I.1.1", "30/9/2024", [entry("1/9/2024", ghi_chu="Đang làm", phan_tram=50)]),
        task(
            "I.1.2",
            "Hằng quý, chậm nhất ngày 20",
            [done("20/9/2024", ky="2024-Q3")],
            phoi_hop=["tp-ht"],
            ket_qua="Báo cáo quý",
        ),
        task(
            "I.1.3",
            "Năm 2024",
            [entry("1/8/2024", gia_tri=80)],
            chi_tieu={"ten": "Tỷ lệ hồ sơ đúng hạn", "so_sanh": ">=", "gia_tri": 95, "don_vi": "%"},
        ),
        task("I.1.4", "Thường xuyên"),
        task("I.1.5", "30/9/2030"),  # outside the plan year: a warning in validate
    ]
    return write_plans(tmp_path, appendix=appendix_with(tasks))


@pytest.mark.parametrize("as_of", ["2024-06-15", "2024-09-30", "2024-12-18", "2025-02-01"])
def test_status_list_overdue_show_on_the_shipped_plans(run, as_of: str) -> None:
    plans = ("--plans", str(SHIPPED_PLANS), "--as-of", as_of)
    check("status", ok(run("status", "--json", *plans)))
    check("list", ok(run("list", "--json", *plans)))
    check("list", ok(run("list", "so hoa", "--json", *plans)))
    check("overdue", ok(run("overdue", "--json", *plans)))
    for task_id in ("I.1.1", "I.1.3", "II.1.1"):
        check("show", ok(run("show", task_id, "--json", *plans)))


def test_every_kind_of_task(run, rich_plan: Path) -> None:
    plans = ("--plans", str(rich_plan), "--as-of", "2024-10-01")
    data = check("status", ok(run("status", "--json", *plans)))
    assert data["progress"][0]["appendix"]["id"] == "I"  # an object, not "I · PAR INDEX"
    items = check("list", ok(run("list", "--json", *plans)))["items"]
    assert {i["task_id"] for i in items} >= {"I.1.1", "I.1.2", "I.1.3", "I.1.4"}
    for task_id in ("I.1.1", "I.1.2", "I.1.3", "I.1.4"):
        shown = check("show", ok(run("show", task_id, "--json", *plans)))
        assert shown["task"]["id"] == task_id
    shown = check("show", ok(run("show", "I.1.3", "--json", *plans)))
    assert shown["task"]["target"]["metric"] == "Tỷ lệ hồ sơ đúng hạn"
    assert shown["task"]["progress"][0]["status"] == "in_progress"


def test_validate(run, rich_plan: Path, tmp_path: Path) -> None:
    data = check("validate", ok(run("validate", "--format", "json", "--plans", str(rich_plan))))
    assert data["warnings"] >= 1
    broken = write_plans(tmp_path / "broken", appendix="loai: phu_luc\nso: I\nnhom: 3\n")
    data = check("validate", ok(run("validate", "--format", "json", "--plans", str(broken))))
    assert data["errors"] >= 1


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    r = Repo(tmp_path / "xa")
    r.write("ke-hoach.yaml", PLAN_FOR_HISTORY)
    r.write("phu-luc-I.yaml", appendix(history_task("I.1.1", progress=P1), history_task("I.1.2")))
    r.commit("Khởi tạo")
    moved = appendix(
        groups={
            "1": (history_task("I.1.1", progress=(*P1, ("1/9/2024", "hoan_thanh", "Xong"))),),
            "2": (history_task("I.1.2", deadline="Quý IV/2024", target="95", support="tp-ht"),),
        }
    )
    r.write("phu-luc-I.yaml", moved)
    r.commit("Cập nhật")
    r.write("phu-luc-I.yaml", moved.replace("Đang dự thảo", "Sửa dòng cũ"))  # uncommitted
    return r


def test_history_and_diff(run: Callable[..., Result], repo: Repo) -> None:
    plans = ("--plans", str(repo.plans))
    data = check("history", ok(run("history", "--json", *plans)))
    kinds = {c["kind"] for c in data["changes"]}
    assert {"task_moved", "deadline_changed", "target_changed", "progress_edited"} <= kinds
    moved = next(c for c in data["changes"] if c["kind"] == "task_moved")
    assert moved["new"] == {"file": "plans/phu-luc-I.yaml", "appendix_id": "I", "group_id": "I.2"}
    check("diff", ok(run("diff", "HEAD~1", "--json", *plans)))
    check("diff", ok(run("diff", "HEAD~1", "HEAD", "--json", *plans)))


def _json_commands() -> set[str]:
    """Commands that can print JSON: a --json flag, or a --format that offers json."""
    group = typer.main.get_command(app)
    found = set()
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        for param in command.params:
            opts = getattr(param, "opts", ())
            if "--json" in opts or ("--format" in opts and "json" in (param.help or "")):
                found.add(name)
    return found


def test_every_json_command_has_a_schema_and_is_tested() -> None:
    tested = {"status", "list", "overdue", "show", "history", "diff", "validate", "score"}
    commands = _json_commands()
    assert commands <= tested, f"add a schema and a test for: {sorted(commands - tested)}"
    for name in commands:
        assert (SCHEMAS / f"{name}.schema.json").is_file(), name


@pytest.mark.parametrize("as_of", ["2024-06-15", "2024-09-30", "2024-12-14", "2025-02-01"])
def test_score_on_the_shipped_plans(run, as_of: str) -> None:
    plans = ("--plans", str(SHIPPED_PLANS), "--as-of", as_of)
    data = check("score", ok(run("score", "--json", *plans)))
    assert data["total"]["max_points"] == 100
    assert data["at_risk"]["before_window"] == (as_of < "2024-12-15")
    status = check("status", ok(run("status", "--json", *plans)))
    assert status["self_assessment"]["points"] == data["total"]["points"]


def test_status_without_a_catalogue_has_a_null_self_assessment(run, rich_plan: Path) -> None:
    data = check("status", ok(run("status", "--json", "--plans", str(rich_plan))))
    assert data["self_assessment"] is None


def test_structured_evidence_is_given_as_its_sentence(run, tmp_path: Path) -> None:
    record = {"loai_van_ban": "Quyết định", "so_hieu": "45/QĐ-UBND", "ngay": "12/8/2024"}
    tasks = [task("I.1.1", "30/9/2024", [done("12/8/2024", evidence=record)])]  # type: ignore[arg-type]
    plans = write_plans(tmp_path, appendix=appendix_with(tasks))
    data = check("show", ok(run("show", "I.1.1", "--json", "--plans", str(plans))))
    assert data["task"]["progress"][0]["evidence"] == "Quyết định số 45/QĐ-UBND ngày 12/8/2024"
    listed = check("list", ok(run("list", "--json", "--plans", str(plans))))
    assert listed["items"][0]["evidence"] == "Quyết định số 45/QĐ-UBND ngày 12/8/2024"
