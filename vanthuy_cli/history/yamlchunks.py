"""Incremental parsing of successive versions of a plan file: only changed tasks are parsed again.

``par history`` reads every version of every appendix file in the git log. A full parse of a
100-task appendix costs several milliseconds, and a year of commits means a thousand versions, yet
each commit usually touches one task. So a version's text is cut into *chunks*, one per task item
(a line ``- …`` at the indentation of the task lists), and a *skeleton*: the text with each chunk
replaced by a one-line placeholder item. Each chunk and the skeleton are parsed separately and
cached by their text, so

* an unchanged task is never parsed twice and comes back as the very same Python object, which
  lets the semantic diff skip it with ``old is new``;
* the skeleton (groups, titles) is parsed again only when tasks are added or removed.

The result must be exactly ``yamlio.parse_text(text).data``. Cutting is only a guess about the
layout, so the assembled result is accepted only when every doubt is ruled out, and a full parse
is used otherwise:

* the text has no tab, no CR that is not part of CRLF, and none of the line breaks YAML 1.1 knows
  but ``str.split("\\n")`` does not (NEL, LS, PS), nor the placeholder text itself;
* every chunk parses on its own to a list of exactly one item (a chunk that is cut inside a quoted
  string or a flow collection does not parse, because its text ends before the closing quote);
* the skeleton parses, and every placeholder is an item of some ``nhom[*].nhiem_vu``, in order
  (each occurs once in the text, so one that fell inside a block scalar or a multi-line value is
  missing from the lists and is caught here).

The indentation ``I`` of the task items is read from the text (the first ``- `` line after a
``nhiem_vu:``); a wrong guess can only cost speed, never correctness, because of these checks.

Why a chunk means the same thing alone as in its file: it starts at a block sequence entry at
column ``I`` and runs up to the next line that is neither blank, nor a comment, nor indented more
than ``I``. Every such line closes whatever block the chunk opened, so the chunk's text is the
whole of that entry; the property test in ``tests/test_yamlchunks.py`` checks the equivalence on
generated plans and random edits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from vanthuy_cli.plan import keys as K
from vanthuy_cli.storage.yamlio import YamlDoc, parse_text

_PLACEHOLDER = "__par_chunk_7f3a_"
_SLOT = re.compile(rf"^{_PLACEHOLDER}(\d+)__$")
#: Text that would make line-based cutting unreliable (see the module docstring).
_DOUBTFUL = ("\t", "\x85", "\u2028", "\u2029", "\ufeff", _PLACEHOLDER)
#: The line after ``nhiem_vu:`` (blank lines and comments skipped) gives the task indentation.
_TASK_LIST = re.compile(
    r"^( *)nhiem_vu: *(?:#[^\n]*)?\r?\n((?:[ ]*(?:#[^\n]*)?\r?\n)*)( *)- ", re.MULTILINE
)
_MISS = object()


@dataclass
class ChunkStats:
    """How much work the cache saved (for the benchmark and for tuning)."""

    chunks_parsed: int = 0
    chunks_reused: int = 0
    skeletons_parsed: int = 0
    full_parses: int = 0


class ChunkedParser:
    """Parse versions of plan files, re-using every task whose text did not change.

    The returned data is shared between versions and must not be modified. One parser is meant for
    one scan of a history; its caches grow with the number of distinct task texts.
    """

    def __init__(self) -> None:
        self._chunks: dict[str, Any] = {}  # chunk text → its one item, or _MISS if unusable
        self._skeletons: dict[str, tuple[dict[str, Any], list[list[int | None]]] | None] = {}
        self._patterns: dict[int, re.Pattern[str]] = {}
        self.stats = ChunkStats()

    def parse(self, text: str, name: str) -> YamlDoc:
        """The same ``data`` as ``yamlio.parse_text(text, name)`` (``findings`` only on failure)."""
        data = self._assemble(text)
        if data is not None:
            return YamlDoc(name, data=data)
        self.stats.full_parses += 1
        return parse_text(text, name, track_positions=False)

    # ---------------------------------------------------------------------------- cutting

    def _assemble(self, text: str) -> dict[str, Any] | None:
        """The chunked parse of ``text``, or ``None`` when a full parse is needed."""
        if any(c in text for c in _DOUBTFUL) or (
            "\r" in text and text.count("\r") != text.count("\r\n")
        ):
            return None
        indent = _task_indent(text)
        if indent is None:
            return None
        pieces, chunks = self._cut(text, indent)
        if not chunks:
            return None
        items = []
        for chunk in chunks:
            if chunk in self._chunks:
                item = self._chunks[chunk]
                self.stats.chunks_reused += 1
            else:
                item = self._parse_chunk(chunk)
            if item is _MISS:
                return None
            items.append(item)
        skeleton_text = "".join(pieces)
        if skeleton_text in self._skeletons:
            skeleton = self._skeletons[skeleton_text]
        else:
            skeleton = self._skeletons[skeleton_text] = self._parse_skeleton(
                skeleton_text, len(chunks)
            )
        if skeleton is None:
            return None
        root, slots = skeleton
        return _fill(root, slots, items)

    def _cut(self, text: str, indent: int) -> tuple[list[str], list[str]]:
        """Split ``text`` into skeleton pieces (with placeholders) and task chunks."""
        pattern = self._patterns.get(indent)
        if pattern is None:
            # The line break before a line that ends the current piece: one indented at most
            # ``indent`` that is not blank and not a comment. (Written as "a newline not followed
            # by …" because that is several times faster than a MULTILINE "^" on long texts.)
            pattern = self._patterns[indent] = re.compile(
                rf"\n(?! {{{indent + 1}}}| *#| *\r?\n| *$)"
            )
        item = " " * indent + "- "
        pieces: list[str] = []
        chunks: list[str] = []
        parts = pattern.split(text)
        last = len(parts) - 1
        for n, part in enumerate(parts):
            if n < last:
                part += "\n"  # split() ate the line break that ends each part
            if part.startswith(item):
                pieces.append(f"{item}{_PLACEHOLDER}{len(chunks)}__\n")
                chunks.append(part)
            elif part:
                pieces.append(part)
        return pieces, chunks

    # ---------------------------------------------------------------------------- parsing

    def _parse_chunk(self, chunk: str) -> Any:
        self.stats.chunks_parsed += 1
        data = parse_text(chunk, "", track_positions=False).data
        item = data[0] if isinstance(data, list) and len(data) == 1 else _MISS
        self._chunks[chunk] = item
        return item

    def _parse_skeleton(
        self, text: str, count: int
    ) -> tuple[dict[str, Any], list[list[int | None]]] | None:
        """The skeleton's data and, per group, which items are placeholders (chunk numbers)."""
        self.stats.skeletons_parsed += 1
        root = parse_text(text, "", track_positions=False).data
        if not isinstance(root, dict) or not isinstance(root.get(K.GROUPS), list):
            return None
        slots: list[list[int | None]] = []
        expected = 0
        for group in root[K.GROUPS]:
            row: list[int | None] = []
            tasks = group.get(K.TASKS) if isinstance(group, dict) else None
            if isinstance(tasks, list):
                for task in tasks:
                    match = _SLOT.match(task) if isinstance(task, str) else None
                    if match is None:
                        row.append(None)
                        continue
                    if int(match[1]) != expected:
                        return None
                    row.append(expected)
                    expected += 1
            slots.append(row)
        # Each placeholder occurs once in the text; if one is not a slot it fell inside a value
        # (a block scalar, a multi-line plain or quoted text): the cut was wrong.
        if expected != count:
            return None
        return root, slots


def _task_indent(text: str) -> int | None:
    """The indentation of the first task list's items (an empty group's list is skipped: the
    item after its ``nhiem_vu:`` is the next group, less indented than the key)."""
    for match in _TASK_LIST.finditer(text):
        if len(match[3]) >= len(match[1]):
            return len(match[3])
    return None


def _fill(root: dict[str, Any], slots: list[list[int | None]], items: list[Any]) -> dict[str, Any]:
    """A fresh copy of the skeleton's data with each placeholder replaced by its task."""
    out = dict(root)
    groups = list(root[K.GROUPS])
    for g, row in enumerate(slots):
        if not any(slot is not None for slot in row):
            continue
        group = dict(groups[g])
        group[K.TASKS] = [
            items[slot] if slot is not None else task
            for slot, task in zip(row, group[K.TASKS], strict=False)
        ]
        groups[g] = group
    out[K.GROUPS] = groups
    return out
