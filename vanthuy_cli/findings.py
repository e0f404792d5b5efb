"""Problems found in plan files, as data: file, line, column, rule id, message.

A finding is never raised: loaders and checks return lists of them so that ``par validate`` shows
every problem of every file in one run. Messages are catalogue keys plus parameters; the text is
chosen by ``render_findings.py`` in the user's language.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from vanthuy_cli.recordtype import Record, field


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Rule(Record, kw_only=False):
    id: str
    severity: Severity


def _rules(severity: Severity, *ids: str) -> dict[str, Rule]:
    return {rule_id: Rule(rule_id, severity) for rule_id in ids}


#: Every rule par checks. The explanation of each is ``rule.<ID>`` in the catalogue and is listed by
#: ``par validate --rules``; a test fails when one is missing, so ids stay documented.
RULES: dict[str, Rule] = {
    **_rules(
        Severity.ERROR,
        "PLANS-NOT-FOUND",
        "FILE-NOT-FOUND",
        "FILE-READ",
        "FILE-TOO-LARGE",
        "FILE-EMPTY",
        "FILE-ENCODING",
        "YAML-SYNTAX",
        "YAML-TAB",
        "YAML-DUPLICATE-KEY",
        "YAML-ALIAS",
        "YAML-TAG",
        "YAML-MULTI-DOC",
        "YAML-COMPLEX-KEY",
        "YAML-DEPTH",
        "SCHEMA-KIND",
        "SCHEMA-UNKNOWN-KEY",
        "SCHEMA-MISSING-KEY",
        "SCHEMA-TYPE",
        "SCHEMA-VALUE",
        "PLAN-MISSING",
        "PLAN-MULTIPLE",
        "APPENDIX-MISSING",
        "APPENDIX-DUPLICATE",
        "APPENDIX-NUMBER",
        "ROSTER-DUPLICATE",
        "ROSTER-UNKNOWN",
        "TASK-ID-DUPLICATE",
        "DEADLINE-PARSE",
        "PROGRESS-ORDER",
        "PROGRESS-FUTURE",
        "PROGRESS-DONE-EVIDENCE",
        "PROGRESS-PERIOD",
        "TARGET-FORM",
        "FIGURES-SUM",
        "FIGURES-PERIOD",
        "CRITERIA-MULTIPLE",
        "CRITERIA-DUPLICATE",
    ),
    **_rules(
        Severity.WARNING,
        "TEXT-NFD",
        "APPENDIX-UNLISTED",
        "TASK-ID-PREFIX",
        "DEADLINE-RANGE",
        "PROGRESS-VALUE",
        "FIGURES-NAME",
        "FIGURES-TASK",
        "FINDINGS-MORE",
        "CRITERIA-TASK-UNKNOWN",
        "CRITERIA-LINK",
        "CRITERIA-UNFED",
        "EVIDENCE-FILE-MISSING",
    ),
}

#: Findings listed per file; the rest are counted in one "… and N more" finding. A file with
#: 400 000 repeated keys must not print 64 MB (see docs/gioi-han.md).
MAX_FINDINGS_PER_FILE = 200


class Finding(Record, kw_only=False):
    """One problem at one place. ``line`` and ``col`` are 1-based; 0 means "the whole file"."""

    path: str
    line: int
    col: int
    rule: str
    message: str  # a catalogue key, e.g. "yaml.duplicate_key"
    params: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def severity(self) -> Severity:
        return RULES[self.rule].severity

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.rule)


def finding(
    path: str, pos: tuple[int, int] | None, rule: str, message: str, /, **params: Any
) -> Finding:
    """Build a finding at ``pos`` (``None`` for the whole file) with catalogue key ``message``."""
    if rule not in RULES:  # a typo here would otherwise surface as a KeyError in rendering
        raise ValueError(f"unknown rule id {rule!r}")
    line, col = pos if pos else (0, 0)
    return Finding(path, line, col, rule, message, params)


def count(findings: list[Finding]) -> tuple[int, int]:
    """Return (errors, warnings)."""
    errors = sum(1 for f in findings if f.is_error)
    return errors, len(findings) - errors


def cap_per_file(findings: list[Finding], limit: int = MAX_FINDINGS_PER_FILE) -> list[Finding]:
    """At most ``limit`` findings per file, errors first, then one FINDINGS-MORE with the count
    of the others (``FINDINGS-MORE`` findings already made while reading are merged in)."""
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        by_file.setdefault(f.path, []).append(f)
    out: list[Finding] = []
    for path, group in by_file.items():
        more = sum(int(f.params.get("count", 0)) for f in group if f.rule == "FINDINGS-MORE")
        group = [f for f in group if f.rule != "FINDINGS-MORE"]
        if len(group) > limit:
            group.sort(key=lambda f: (not f.is_error, f.line, f.col))
            more += len(group) - limit
            group = group[:limit]
        out.extend(group)
        if more:
            out.append(finding(path, None, "FINDINGS-MORE", "findings.more", count=more))
    return out
