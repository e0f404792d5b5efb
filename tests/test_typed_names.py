"""Typing what people type: classes by the names the views print (with or without diacritics),
and a lead or supporting unit written in the YAML as its title or a near miss of its code gets
"did you mean <code>" from par validate."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import SHIPPED_PLANS

from .helpers import appendix_with, task, write_plans

AS_OF = ("--as-of", "2024-09-30")


def _classes(run: Callable[..., Result], *names: str) -> list[tuple[str, str]]:
    args = [arg for name in names for arg in ("--class", name)]
    result = run("list", "--plans", str(SHIPPED_PLANS), *AS_OF, *args, "--json")
    assert result.exit_code == 0, result.output
    return [(i["task_id"], i["class"]) for i in json.loads(result.stdout)["items"]]


@pytest.mark.parametrize(
    "typed", ["quá hạn", "Quá hạn", "qua han", "QUA-HAN", "qua_han", "overdue", "Overdue"]
)
def test_class_by_its_vietnamese_name_with_or_without_diacritics(
    run: Callable[..., Result], typed: str
) -> None:
    expected = _classes(run, "overdue")
    assert expected and {c for _, c in expected} == {"overdue"}
    assert _classes(run, typed) == expected


def test_class_names_as_the_views_print_them(run: Callable[..., Result]) -> None:
    assert _classes(run, "sắp đến hạn") == _classes(run, "due_soon")
    assert _classes(run, "dang thuc hien") == _classes(run, "in_progress")
    assert _classes(run, "Hoàn thành đúng hạn") == _classes(run, "done_on_time")
    # "hoàn thành" is both kinds of done, as a clerk means it.
    both = _classes(run, "hoan thanh")
    assert {c for _, c in both} == {"done_late", "done_on_time"}
    assert sorted(both) == sorted(_classes(run, "done_late", "done_on_time"))


def test_unknown_class_lists_the_names(run: Callable[..., Result]) -> None:
    result = run("list", "--plans", str(SHIPPED_PLANS), "--class", "xong roi")
    assert result.exit_code == 2
    assert "«xong roi»" in result.output and "quá hạn; sắp đến hạn" in result.output
    assert "overdue, due_soon" in result.output


@pytest.mark.parametrize(
    ("written", "rule"),
    [
        ("Bộ phận Một cửa", "SCHEMA-VALUE"),  # the title, as a clerk writes it
        ("bo phan mot cua", "SCHEMA-VALUE"),
        ("mot_cua", "SCHEMA-VALUE"),  # a near miss that is not even a code
        ("mot-cuaa", "ROSTER-UNKNOWN"),  # a code that is not in the roster
    ],
)
def test_yaml_lead_or_support_gets_did_you_mean(
    run: Callable[..., Result], tmp_path: Path, written: str, rule: str
) -> None:
    text = appendix_with([task("I.1.1", chu_tri=written), task("I.1.2", phoi_hop=[written])])
    plans = write_plans(tmp_path, appendix=text)
    result = run("validate", "--plans", str(plans))
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if rule in line]
    assert len(problems) == 2, result.output  # the lead of I.1.1 and the support of I.1.2
    for line in problems:
        assert "Có phải là «mot-cua» (Bộ phận Một cửa)?" in line
    english = run("validate", "--plans", str(plans), "--lang", "en")
    assert "Did you mean «mot-cua» (Bộ phận Một cửa)?" in english.output


def test_nothing_close_gets_no_suggestion(run: Callable[..., Result], tmp_path: Path) -> None:
    plans = write_plans(tmp_path, appendix=appendix_with([task("I.1.1", chu_tri="Ban Kinh tế")]))
    result = run("validate", "--plans", str(plans))
    assert result.exit_code == 1 and "Có phải" not in result.output
