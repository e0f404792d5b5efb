"""Promises the project makes beyond single commands: docs, catalogue, schema, packaging."""

from __future__ import annotations

import json
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, SHIPPED_PLANS
from vanthuy_cli.cli.main import app
from vanthuy_cli.findings import RULES
from vanthuy_cli.reading.schema import SCHEMA_FILES, json_schema_text
from vanthuy_cli.render.catalog import EN, VI

COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


#: Ways of writing a period that differ by language ("Quý III" vs "Q3", "Tháng 9" vs "September").
_LANGUAGE_SPECIFIC = {"month", "month_name", "roman", "index"}


def test_catalogue_languages_match() -> None:
    assert set(VI) == set(EN)
    mismatched = [
        k for k in VI if _fields(VI[k]) - _LANGUAGE_SPECIFIC != _fields(EN[k]) - _LANGUAGE_SPECIFIC
    ]
    assert mismatched == []


def test_every_rule_is_explained_in_both_languages() -> None:
    for rule in RULES:
        assert f"rule.{rule}" in VI and f"rule.{rule}" in EN


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example_and_is_in_the_readme(command: str) -> None:
    info = next(c for c in app.registered_commands if (c.name or c.callback.__name__) == command)
    doc = info.callback.__doc__ or ""
    assert "Ví dụ:" in doc, f"par {command} has no example in its help"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"par {command}" in readme


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_committed_schema_matches_the_model(name: str) -> None:
    committed = (ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == json_schema_text(name), (
        f"schemas/{name}.schema.json is stale: run par schema {name} -o schemas/{name}.schema.json"
    )


class _Yaml12Loader(yaml.SafeLoader):
    """Roughly what an editor's YAML 1.2 plugin sees: no timestamps, no yes/no booleans."""


_Yaml12Loader.yaml_implicit_resolvers = {
    k: [
        (tag, rx)
        for tag, rx in v
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@pytest.mark.parametrize("path", sorted(SHIPPED_PLANS.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_files_carry_the_modeline_and_satisfy_the_schema(path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    text = path.read_text(encoding="utf-8")
    match = re.match(
        r"# yaml-language-server: \$schema=\.\./schemas/([\w-]+)\.schema\.json\n", text
    )
    assert match, f"{path.name} lacks the yaml-language-server modeline"
    schema = json.loads((ROOT / "schemas" / f"{match[1]}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema).validate(yaml.load(text, Loader=_Yaml12Loader))


def test_schema_command_prints_the_committed_schema(run) -> None:
    result = run("schema", "phu-luc")
    assert result.exit_code == 0
    assert result.stdout == (ROOT / "schemas" / "phu-luc.schema.json").read_text(encoding="utf-8")


def test_python_dash_m_runs_the_cli() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "vanthuy_cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
        encoding="utf-8",
    )
    assert out.stdout.startswith("par ")


def test_pre_commit_hook_runs_par_validate() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "par-validate")
    assert hook["entry"] == "par validate" and hook["pass_filenames"] is False


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = (
        'python3 -m venv .venv && . .venv/bin/activate && pip install -e ".[test]"'
        " && python -m pytest -q"
    )
    assert command in readme
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_ci_and_pre_commit_run_the_quality_gate() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    hooks = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    for command in ("ruff check", "ruff format", "mypy --strict vanthuy_cli"):
        assert command in ci and command in hooks, command
    assert 'pip install -q -e ".[dev]"' in ci


def test_version_is_written_once() -> None:
    from importlib.metadata import version

    from vanthuy_cli import __version__

    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert not re.search(r'^version\s*=\s*"', pyproject, re.M), "only __init__.py says it"
    assert version("vanthuy-par") == __version__
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{__version__}]" in changelog


def test_typer_is_bounded_above() -> None:
    # cli.py subclasses Typer's group class: an untested major change must not install silently.
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    typer_line = re.search(r'"typer[^"]*"', pyproject)
    assert typer_line and "<" in typer_line.group(), "typer needs an upper bound"


def test_light_commands_do_not_import_heavy_libraries() -> None:
    # Start-up matters for completion and hooks: --help must not pay for pydantic or docx.
    code = (
        "import sys; from vanthuy_cli.cli import main; "
        "print(sorted(m for m in ('pydantic', 'docx', 'docxtpl', 'jinja2', 'yaml') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _main(*argv: str) -> subprocess.CompletedProcess[str]:
    """``par ARGV`` through the console script's entry point, reporting what was imported."""
    code = (
        "import sys\n"
        "from vanthuy_cli.cli.main import main\n"
        f"sys.argv = ['par', *{list(argv)!r}]\n"
        "code = 0\n"
        "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
        "print('RICH' if 'rich' in sys.modules else 'NO-RICH', file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)


def test_help_is_plain_vietnamese_text_without_rich() -> None:
    """par --help costs no more than the framework: no rich renderer, no command built."""
    top = _main("--help")
    assert top.returncode == 0 and "NO-RICH" in top.stderr
    assert "Cách dùng: par" in top.stdout and "Tùy chọn:" in top.stdout
    assert "Lệnh:" in top.stdout and "  status " in top.stdout and "  done " in top.stdout
    assert " xong " not in top.stdout  # aliases stay hidden
    one = _main("xong", "--help")  # an alias is built on demand
    assert one.returncode == 0 and "Cách dùng: par xong" in one.stdout
    assert "[biến môi trường: PAR_LANG]" in one.stdout and "env var" not in one.stdout
    wrong = _main("stat")
    assert wrong.returncode == 2 and "status" in wrong.stderr and "nam-moi" in wrong.stderr


def test_the_entry_point_leaves_the_collector_out_of_the_exit(tmp_path: Path) -> None:
    """``main`` freezes what is alive before the process exits (the exit's full collections
    would only walk it): the output is complete, the exit code kept, exit handlers still run,
    and a temporary folder's finalizer still removes it."""
    code = (
        "import atexit, gc, sys, tempfile\n"
        "from vanthuy_cli.cli.main import main\n"
        "scratch = tempfile.TemporaryDirectory(dir=sys.argv[1])\n"
        "atexit.register(lambda: print('AT-EXIT', file=sys.stderr))\n"
        f"sys.argv = ['par', *sys.argv[2:], '--plans', {str(SHIPPED_PLANS)!r}]\n"
        "try:\n    main()\nexcept SystemExit as e:\n"
        "    print('FROZEN', gc.get_freeze_count() > 0, 'CODE', e.code, file=sys.stderr)\n"
        "    raise\n"
    )
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "PAR_CACHE_DIR": str(tmp_path / "c")}
    day = ["--as-of", "2024-09-30"]
    for args, expected in ((["status", *day], 0), (["overdue", "--fail", *day], 1)):
        done = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path), *args],
            capture_output=True,
            text=True,
            env=env,
        )
        assert done.returncode == expected, done.stderr
        assert f"FROZEN True CODE {expected}" in done.stderr and "AT-EXIT" in done.stderr
        assert list(tmp_path.glob("tmp*")) == []  # the finalizer removed the folder
        assert "3 việc quá hạn tính đến 30/09/2024." in done.stdout or expected == 0
        assert "Theo người chủ trì" in done.stdout or expected == 1
