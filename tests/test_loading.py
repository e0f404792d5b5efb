"""The load pipeline: a frozen ``LoadedPlan`` or none, checks that return findings, one key list."""

from __future__ import annotations

import ast
import dataclasses
import typing
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.helpers import APPENDIX, PLAN, appendix_with, entry, task, write_plans
from vanthuy_cli.errors import PlanNotFound
from vanthuy_cli.plan import keys as K
from vanthuy_cli.plan.model import Appendix, Plan, ProgressEntry, Target, Task
from vanthuy_cli.reading.workspace import load_workspace
from vanthuy_cli.rules import checks


def test_a_valid_folder_gives_a_frozen_plan_with_its_deadlines(tmp_path: Path) -> None:
    attempt = load_workspace(write_plans(tmp_path))
    plan = attempt.require_valid()
    assert plan is attempt.loaded and plan.findings == attempt.findings
    # Deadlines are parsed while loading, for every task, not filled in later by the checks.
    assert set(plan.deadlines) == {ref.id for ref in plan.tasks}
    assert plan.year_end == date(2024, 12, 31)
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.findings = ()  # type: ignore[misc]


def test_checks_return_findings_and_change_nothing(tmp_path: Path) -> None:
    tasks = [task("I.1.1", progress=[entry("30/12/2024")])]
    plan = load_workspace(write_plans(tmp_path, appendix=appendix_with(tasks))).require_valid()
    before = (dict(plan.deadlines), plan.findings)
    found = checks.run(plan, today=date(2024, 9, 30))
    assert [f.rule for f in found] == ["PROGRESS-FUTURE"]
    assert (dict(plan.deadlines), plan.findings) == before
    assert checks.run(plan, today=date(2024, 9, 30)) == found  # same input, same answer


def test_no_valid_plan_means_no_loaded_plan(tmp_path: Path) -> None:
    broken = PLAN.replace("nam: 2024", "nam: hai nghìn")
    attempt = load_workspace(write_plans(tmp_path, plan=broken))
    assert attempt.loaded is None and attempt.has_errors
    assert attempt.tasks == ()
    with pytest.raises(PlanNotFound):
        attempt.require_valid()


def test_a_broken_appendix_leaves_the_valid_part_loaded(tmp_path: Path) -> None:
    # What a "show what still works" mode builds on: the plan loads, the task with the schema
    # error is left out (its file's other tasks load) and its findings say why; require_valid
    # still refuses.
    broken = APPENDIX.replace("chu_tri: vp-tk", "chu_tri: [vp-tk]", 1)
    attempt = load_workspace(write_plans(tmp_path, appendix=broken))
    assert attempt.loaded is not None
    assert [ref.id for ref in attempt.loaded.tasks] == ["I.1.2"]
    assert attempt.loaded.left_out() == ["I.1.1"]
    # I.1.2 keeps its place in the file: its path is the second task's, as written.
    assert attempt.loaded.tasks[0].path == ("nhom", 0, "nhiem_vu", 1)
    assert any(f.rule.startswith("SCHEMA") for f in attempt.findings)
    with pytest.raises(PlanNotFound):
        attempt.require_valid()


def test_an_appendix_with_an_error_outside_its_tasks_is_left_out(tmp_path: Path) -> None:
    broken = APPENDIX.replace("tieu_de: Nhiệm vụ", "tieu_de: [Nhiệm vụ]", 1)
    attempt = load_workspace(write_plans(tmp_path, appendix=broken))
    assert attempt.loaded is not None and attempt.loaded.appendices == ()


# ---------------------------------------------------------------------------------- key names

_MODELS = (Plan, Appendix, Task, Target, ProgressEntry)


def _aliases() -> set[str]:
    out: set[str] = set()
    for module in ("plan/model",):
        tree = ast.parse((ROOT / "vanthuy_cli" / f"{module}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.keyword)
                and node.arg == "alias"
                and isinstance(node.value, ast.Constant)
            ):
                out.add(node.value.value)
    return out | {v for v in vars(K).values() if isinstance(v, str)}


def test_the_keys_module_is_what_the_model_reads() -> None:
    fields = {
        (Task, "id"): K.TASK_ID,
        (Task, "lead"): K.LEAD,
        (Task, "deadline"): K.DEADLINE,
        (Task, "progress"): K.PROGRESS,
        (Appendix, "groups"): K.GROUPS,
        (Plan, "appendices"): K.PLAN_APPENDICES,
        (ProgressEntry, "date"): K.ENTRY_DATE,
        (Target, "value"): K.TARGET_VALUE,
    }
    for (model, name), key in fields.items():
        assert model.model_fields[name].alias == key
    assert typing.get_args(Plan.model_fields["kind"].annotation) == (K.KIND_PLAN,)
    assert typing.get_args(Appendix.model_fields["kind"].annotation) == (K.KIND_APPENDIX,)
    assert set(K.ENTRY_KEYS) == {f.alias for f in ProgressEntry.model_fields.values()}


@pytest.mark.parametrize(
    "module",
    [
        "rules/checks",
        "reading/workspace",
        "plan/loaded",
        "history/history",
        "render/history_text",
        "history/yamlchunks",
        "reading/schema",
    ],
)
def test_modules_address_yaml_through_the_keys_module(module: str) -> None:
    # A YAML key spelt as a literal would survive a rename in keys.py and silently break
    # history or error positions.
    keys = _aliases()
    if module in ("history/history", "render/history_text"):
        # Not YAML: the keys of a task move in `par history --json` (the JSON vocabulary, which is
        # being renamed to English separately).
        keys -= {"phu_luc", "nhom"}
    tree = ast.parse((ROOT / "vanthuy_cli" / f"{module}.py").read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    literals = [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value in keys
        and id(node) not in docstrings
    ]
    assert literals == []
