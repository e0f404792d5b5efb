"""Findings as text (coloured on a terminal), JSON, or GitHub workflow annotations."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from vanthuy_cli.findings import RULES, Finding, Severity, count
from vanthuy_cli.render import jsonout
from vanthuy_cli.render.catalog import Translator

if TYPE_CHECKING:
    from rich.console import Console


def message(f: Finding, t: Translator) -> str:
    """The finding's sentence in ``t``'s language, with its hint appended.

    Parameters named ``<name>_key`` hold catalogue keys (a type word, say) and are translated
    before being passed to the template as ``<name>``.
    """
    params: dict[str, Any] = {}
    for name, value in f.params.items():
        if name.endswith("_key"):
            params[name[:-4]] = t(value) if value else ""
        elif name != "hint":
            params[name] = value
    text = t(f.message, **params)
    hint = f.params.get("hint")
    if hint:
        text = f"{text} {t(hint, **params)}"
    return text


def location(f: Finding) -> str:
    return f"{f.path}:{f.line}:{f.col}" if f.line else f.path


def summary(findings: list[Finding], files: int, tasks: int, t: Translator) -> str:
    errors, warnings = count(findings)
    if not findings:
        return t("validate.summary_clean", files=files, tasks=tasks)
    return t("validate.summary", files=files, tasks=tasks, errors=errors, warnings=warnings)


def as_text(findings: list[Finding], t: Translator) -> list[tuple[str, str, str, str]]:
    """(location, rule, severity word, message) per finding, for the text renderer."""
    # A value quoted in a message may hold a line break: keep one finding per line.
    return [
        (
            location(f),
            f.rule,
            t(f"severity.{f.severity}"),
            message(f, t).replace("\r", "\\r").replace("\n", "\\n"),
        )
        for f in findings
    ]


def as_json(findings: list[Finding], files: int, tasks: int, t: Translator) -> str:
    errors, warnings = count(findings)
    data = jsonout.document(
        files=files,
        tasks=tasks,
        errors=errors,
        warnings=warnings,
        findings=[
            {
                "path": f.path,
                "line": f.line,
                "column": f.col,
                "rule": f.rule,
                "severity": str(f.severity),
                "message": message(f, t),
            }
            for f in findings
        ],
    )
    return jsonout.dumps(data)


def as_github(findings: list[Finding], t: Translator) -> str:
    """``::error file=…,line=…,col=…,title=RULE::message``, one line per finding."""
    lines = []
    for f in findings:
        level = "error" if f.severity is Severity.ERROR else "warning"
        props = [f"file={_escape_prop(f.path.replace(os.sep, '/'))}"]  # GitHub wants "/" paths
        if f.line:
            props += [f"line={f.line}", f"col={f.col}"]
        props.append(f"title={_escape_prop(f.rule)}")
        lines.append(f"::{level} {','.join(props)}::{_escape_data(message(f, t))}")
    return "\n".join(lines)


def rules_table(t: Translator) -> list[tuple[str, str, str]]:
    """(id, severity word, explanation) for every rule, errors first."""
    ordered = sorted(RULES.values(), key=lambda r: (r.severity is not Severity.ERROR, r.id))
    return [(r.id, t(f"severity.{r.severity}"), t(f"rule.{r.id}")) for r in ordered]


def _escape_data(text: str) -> str:
    # GitHub's workflow-command escaping: %, CR and LF in data; also : and , in properties.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def print_rules(console: Console, t: Translator) -> None:
    """``par validate --rules``: every rule id, its severity and what it means."""
    from rich.table import Table

    table = Table(box=None, show_header=False, pad_edge=False)
    for rule_id, severity, text in rules_table(t):
        table.add_row(rule_id, severity, text)
    console.print(t("validate.rules_header"))
    console.print(table)


def print_text(console: Console, findings: list[Finding], t: Translator) -> None:
    """``path:line:col: RULE-ID severity: message``, one finding per line (never wrapped, so that
    editors and CI logs can link it), coloured on a terminal."""
    from rich.text import Text

    for (where, rule, severity, text), f in zip(as_text(findings, t), findings, strict=True):
        style = "red" if f.is_error else "yellow"
        console.print(
            Text.assemble(
                (where, "bold"), ": ", (rule, style), " ", (f"{severity}:", style), " ", text
            ),
            soft_wrap=True,
        )
