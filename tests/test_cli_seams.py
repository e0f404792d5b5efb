"""The command line's seams: shared options declared once, one translated parser for every
fixed-choice value, errors in the language the command was asked for, no view built in cli.py."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHIPPED_PLANS

PACKAGE = ROOT / "vanthuy_cli"

BAD_CHOICES = [
    (("report", "2024-Q3", "--format", "xlsx"), "«xlsx»", "md, docx"),
    (("plan", "--format", "pdf"), "«pdf»", "md, docx"),
    (("validate", "--format", "yaml"), "«yaml»", "text, json, github"),
    (("list", "--class", "late"), "«late»", "overdue, due_soon"),
    (("schema", "ke_hoach_x"), "«ke_hoach_x»", "ke-hoach, phu-luc"),
]


@pytest.mark.parametrize(("args", "value", "choices"), BAD_CHOICES)
@pytest.mark.parametrize(("lang", "prefix"), [("vi", "Lỗi: "), ("en", "Error: ")])
def test_a_wrong_choice_is_one_translated_usage_line(
    run, args: tuple[str, ...], value: str, choices: str, lang: str, prefix: str
) -> None:
    plans = () if args[0] == "schema" else ("--plans", str(SHIPPED_PLANS))
    result = run(*args, *plans, "--lang", lang)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(prefix) and value in lines[0] and choices in lines[0]
    assert "Invalid value" not in result.output


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("show", "I.9.9"), "Error: there is no task «I.9.9»"),
        (("report", "2024-Q5"), "Error: "),
        (("status", "--as-of", "31/2/2024"), "Error: "),
    ],
)
def test_errors_speak_the_language_the_command_was_given(
    run, args: tuple[str, ...], text: str
) -> None:
    result = run(*args, "--plans", str(SHIPPED_PLANS), "--lang", "en")
    assert result.exit_code != 0
    assert result.stderr.startswith(text), result.stderr
    # The next command without --lang is Vietnamese again: nothing is remembered in between.
    again = run(*args, "--plans", str(SHIPPED_PLANS))
    assert again.stderr.startswith("Lỗi: "), again.stderr


def _option_flags(path: Path) -> list[tuple[str, ...]]:
    """The flags of every ``typer.Option(...)`` declared in ``path``."""
    flags = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "Option"
            and node.args
        ):
            flags.append(tuple(a.value for a in node.args if isinstance(a, ast.Constant)))
    return flags


def test_shared_options_are_declared_once() -> None:
    declared = [
        flags for path in PACKAGE.rglob("*.py") for flag in [path] for flags in _option_flags(flag)
    ]
    # Options every reading command shares: declared once, whatever the flags.
    for name in ("--plans", "--lang", "--json", "--as-of", "--force"):
        assert sum(1 for flags in declared if flags[0] == name) == 1, name
    # Same long name, other meaning elsewhere (``add --output`` is the task's ket_qua): the
    # shared declaration, with its short flag, exists once.
    for flags in (("--output", "-o"), ("--template", "-t"), ("--format", "-f")):
        assert declared.count(flags) == 1, flags
    assert set(_option_flags(PACKAGE / "cli" / "cli_options.py")) >= {
        ("--plans", "-p"),
        ("--lang",),
    }


def test_cli_builds_no_view() -> None:
    # Tables and other views belong to the render_* modules; cli.py parses, calls and prints.
    tree = ast.parse((PACKAGE / "cli" / "cli.py").read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("rich")
        for alias in node.names
    }
    assert imported == set()
