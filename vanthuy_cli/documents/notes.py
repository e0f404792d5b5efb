"""The clerk's notes for a period report: ``reports/<period>.notes.md``.

The file is a small Markdown subset: headings, paragraphs, list items ("- ", "+ ", "* ", "1. ",
"a) "), **bold** and *italic*. Text before any heading is the report's proposals (section V).
A heading that names a section puts the text under it in that section, in place of what par
writes from the data:

=====================================  ==================
heading words (accents and case free)  section
=====================================  ==================
"chỉ đạo", "điều hành"                 I.1 direction
"ưu điểm"                              III.1 strengths
"tồn tại", "hạn chế"                   III.2 shortcomings
"khách quan"                           III.3 a) objective causes
"chủ quan"                             III.3 b) subjective causes
"nguyên nhân"                          III.3 causes (the whole section)
"phương hướng", "nhiệm vụ"             IV next period
"đề xuất", "kiến nghị"                 V proposals
=====================================  ==================

A heading that names no section stays in the text as a bold line. "Nguyên nhân khách quan" (or
"a) Khách quan") and "Nguyên nhân chủ quan" replace one part of III.3 each; "Nguyên nhân" alone,
with text under it, replaces the whole section. Each block is one string in Markdown, so a
Markdown template prints it as it is and a Word template renders it with ``{{r line|rich }}``.
"""

from __future__ import annotations

import re
from pathlib import Path

from vanthuy_cli.textutil import fold

#: section key → words of which one must appear in the heading (folded).
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Before "causes": "Nguyên nhân khách quan" names the objective part, not the whole.
    ("causes_objective", ("khach quan",)),
    ("causes_subjective", ("chu quan",)),
    ("causes", ("nguyen nhan",)),
    ("strengths", ("uu diem",)),
    ("shortcomings", ("ton tai", "han che")),
    ("direction", ("chi dao", "dieu hanh")),
    ("next_tasks", ("phuong huong", "nhiem vu")),
    ("proposals", ("de xuat", "kien nghi")),
)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^(?:[-+*•]\s|\d+[.)]\s|[a-zđ][.)]\s)")
_BULLET = re.compile(r"^[+*•]\s+")
#: What may follow the period in a notes file's name: "2024-Q3.notes.md", "2024-Q3-ghi-chu.md".
_NOTE_WORDS = ("note", "ghichu", "md", "txt", "markdown")


def parse_notes(text: str | None) -> dict[str, list[str]]:
    """Blocks of the notes file by section key ("proposals" for text before any heading)."""
    out: dict[str, list[str]] = {}
    if not text:
        return out
    section = "proposals"
    for block in _blocks(text):
        heading = _HEADING.match(block)
        if heading:
            named = section_of(heading.group(2))
            if named is not None:
                section = named
                out.setdefault(section, [])
                continue
            block = f"**{heading.group(2).strip('* ')}**"
        out.setdefault(section, []).append(block)
    return {key: blocks for key, blocks in out.items() if blocks}


def section_of(heading: str) -> str | None:
    """The section a heading names, or None."""
    words = fold(re.sub(r"^[IVX]+\.\s*|^\d+\.\s*", "", heading.strip()))
    for key, needles in SECTIONS:
        if any(needle in words for needle in needles):
            return key
    return None


def _blocks(text: str) -> list[str]:
    """Paragraphs (lines joined), list items and headings, each one block; a list item written
    "* " or "+ " is printed "- " as official documents write it."""
    out: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            out.append(" ".join(current))
            current.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif _HEADING.match(line):
            flush()
            out.append(line)
        elif _LIST_ITEM.match(line) and not line.startswith("**"):
            flush()
            current.append(_BULLET.sub("- ", line))
        else:
            current.append(line)
    flush()
    return out


def misnamed_notes(reports: Path, period_name: str) -> list[Path]:
    """Files in ``reports/`` that look like this period's notes but are not named
    ``<period>.notes.md`` (``2024-q3.notes.md``, ``2024-Q3.note.md``, ``2024Q3-ghi-chu.md``):
    par would silently ignore them, so the report warns."""
    expected = f"{period_name}.notes.md"
    wanted = _squash(period_name)
    try:
        names = sorted(p for p in reports.iterdir() if p.is_file())
    except OSError:
        return []
    out = []
    for path in names:
        name = path.name
        if name == expected or not name.lower().endswith((".md", ".txt", ".markdown")):
            continue
        if "-bao-cao." in name.lower():
            continue  # a report par wrote
        squashed = _squash(name)
        rest = squashed[len(wanted) :]
        if squashed.startswith(wanted) and rest.startswith(_NOTE_WORDS):
            out.append(path)
    return out


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text))
