"""Write an appendix as YAML in the house style of the shipped appendices.

The style: a comment block saying where the file comes from, the keys in the order of
docs/dinh-dang.md, two-space indentation, long texts folded with ``>-`` at 100 columns, numbers
that are labels ("1", "1.1") quoted so that no reader takes them for numbers, ``phoi_hop`` as a
flow list, one blank line between tasks. Each task is preceded by a comment giving the row and
the numbering it had in the source table, so the clerk can compare the two side by side.

Text is written so that par reads back exactly the same string (a test checks this for awkward
texts): plain when YAML would not misread it, double-quoted otherwise, and a literal block
(``|-``) when the text keeps line breaks (list items inside a task).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

WIDTH = 100

_PLAIN_START = re.compile(r"^[^-?:,\[\]{}#&*!|>'\"%@`\s]|^[-?:][^\s]")
_NUMBERISH = re.compile(r"^[+-]?[\d.,:]+$|^(?:true|false|yes|no|on|off|y|n|null|~)$", re.IGNORECASE)


def scalar(text: str) -> str:
    """One-line YAML scalar for ``text`` (no line breaks)."""
    if (
        text
        and _PLAIN_START.match(text)
        and ": " not in text
        and " #" not in text
        and not text.endswith((":", " "))
        and not _NUMBERISH.match(text)
        and "\t" not in text
        and text == text.strip()
    ):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def entry(key: str, text: str, indent: int) -> list[str]:
    """``key: value`` at ``indent`` spaces, folded or literal when the text needs it."""
    pad = " " * indent
    if "\n" in text:
        lines = [f"{pad}{key}: |-"]
        lines += [f"{pad}  {line}" if line else "" for line in text.split("\n")]
        return lines
    one = f"{pad}{key}: {scalar(text)}"
    # Folding only works on single spaces between words with nothing at the ends.
    foldable = text == " ".join(text.split()) and not text.startswith(("#", "-", " "))
    if len(one) <= WIDTH or not foldable:
        return [one]
    inner = " " * (indent + 2)
    return [f"{pad}{key}: >-"] + [inner + line for line in _wrap(text, WIDTH - len(inner))]


@dataclass
class TaskOut:
    id: str
    text: str
    lead: str
    deadline: str | None
    support: list[str] = field(default_factory=list)
    output: str | None = None
    criterion: str | None = None
    note: str | None = None
    source: str = ""  # "bảng 3, dòng 7: TT 3"


@dataclass
class GroupOut:
    number: str
    title: str
    tasks: list[TaskOut] = field(default_factory=list)


@dataclass
class AppendixOut:
    number: str
    title: str
    index: str | None
    note: str | None
    header: list[str]  # comment lines at the top, without "# "
    groups: list[GroupOut] = field(default_factory=list)


@dataclass
class Emitted:
    text: str
    task_lines: dict[str, int]  # task id → line of its "- ma:"


def _label(text: str) -> str:
    """Numbers that are labels ("1", "1.1", "I") are quoted, as in the shipped files."""
    return f'"{text}"' if re.fullmatch(r"[\d.]+", text) else scalar(text)


def appendix_yaml(appendix: AppendixOut, schema_ref: str | None) -> Emitted:
    lines: list[str] = []
    if schema_ref:
        lines += [f"# yaml-language-server: $schema={schema_ref}", "#"]
    lines += [f"# {line}".rstrip() for line in appendix.header]
    lines += ["loai: phu_luc", f"so: {_label(appendix.number)}"]
    lines += entry("tieu_de", appendix.title, 0)
    if appendix.index:
        lines.append(f"chi_so: {scalar(appendix.index)}")
    if appendix.note:
        lines += entry("ghi_chu", appendix.note, 0)
    lines += ["", "nhom:" if appendix.groups else "nhom: []"]
    task_lines: dict[str, int] = {}
    for gi, group in enumerate(appendix.groups):
        if gi:
            lines.append("")
        lines.append(f"  - so: {_label(group.number)}")
        lines += entry("ten", group.title, 4)
        lines.append("    nhiem_vu:" if group.tasks else "    nhiem_vu: []")
        for ti, task in enumerate(group.tasks):
            if ti:
                lines.append("")
            if task.source:
                lines.append(f"      # {task.source}")
            task_lines[task.id] = len(lines) + 1
            lines += _task_lines(task)
    return Emitted("\n".join(lines) + "\n", task_lines)


def _task_lines(task: TaskOut) -> list[str]:
    lines = [f"      - ma: {scalar(task.id)}"]
    lines += entry("noi_dung", task.text, 8)
    if task.criterion:
        lines += (
            entry("tieu_chi", task.criterion, 8)
            if "\n" in task.criterion
            else [f"        tieu_chi: {_label(task.criterion)}"]
        )
    if task.lead:  # no lead in the table: left out, and par validate names the row
        lines.append(f"        chu_tri: {scalar(task.lead)}")
    if task.support:
        lines.append(f"        phoi_hop: [{', '.join(task.support)}]")
    if task.output:
        lines += entry("ket_qua", task.output, 8)
    if task.deadline is not None:
        lines += entry("thoi_han", task.deadline, 8)
    if task.note:
        lines += entry("ghi_chu", task.note, 8)
    return lines


def roster_lines(entries: list[tuple[str, str]], indent: int) -> list[str]:
    """New ``nhan_su`` entries at the list's own indentation."""
    pad = " " * indent
    out = []
    for code, title in entries:
        out.append(f"{pad}- ma: {scalar(code)}")
        out += entry("ten", title, indent + 2)
    return out
