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

Most versions are not even cut: a commit usually edits one task, so the new text differs from the
file's last version inside one chunk, found by comparing the two texts from both ends. That chunk
is checked and parsed alone and the rest is the last version's (``ChunkedParser._edit``).

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
from bisect import bisect_right
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
#: Chunk texts remembered. Most versions are found from the file's last one (``_edit``), which
#: needs no cache; the cache serves a version cut whole (tasks added or removed, a merge). A year
#: of commits makes tens of thousands of task texts, each with its whole progress log: keeping
#: them all cost hundreds of MiB at 20,000 commits. A text forgotten is parsed again if it recurs.
_KEEP_CHUNKS = 4096
_Skeleton = tuple[dict[str, Any], list[list[int | None]]]


@dataclass(slots=True)
class _Version:
    """The last version of a file assembled from chunks, to cut the next one from (``_edit``).

    ``raw`` is its text in UTF-8 and ``spans`` the (start, end) byte offsets of each chunk in it;
    ``items`` their tasks."""

    raw: bytes
    indent: int
    spans: list[tuple[int, int]]
    items: list[Any]
    skeleton: _Skeleton


@dataclass
class ChunkStats:
    """How much work the cache saved (for the benchmark and for tuning)."""

    chunks_parsed: int = 0
    chunks_reused: int = 0
    skeletons_parsed: int = 0
    full_parses: int = 0
    #: Versions found by rewriting one chunk of the file's last version (``_edit``).
    edits: int = 0


class ChunkedParser:
    """Parse versions of plan files, re-using every task whose text did not change.

    The returned data is shared between versions and must not be modified. One parser is meant for
    one scan of a history; its caches grow with the number of distinct task texts.
    """

    def __init__(self) -> None:
        self._chunks: dict[str, Any] = {}  # chunk text → its one item, or _MISS if unusable
        self._skeletons: dict[str, _Skeleton | None] = {}
        self._patterns: dict[int, re.Pattern[str]] = {}
        self._last: dict[str, _Version] = {}  # name → its last version assembled from chunks
        self.stats = ChunkStats()

    def parse(self, text: str, name: str) -> YamlDoc:
        """The same ``data`` as ``yamlio.parse_text(text, name)`` (``findings`` only on failure)."""
        data = self._edit(text.encode("utf-8", "surrogatepass"), name)
        if data is None:
            data = self._assemble(text, name)
        if data is not None:
            return YamlDoc(name, data=data)
        self.stats.full_parses += 1
        return parse_text(text, name, track_positions=False)

    def parse_utf8(self, raw: bytes, name: str) -> YamlDoc | None:
        """What ``parse(yamlio.decode(raw)[0], name)`` gives, when found from the last version
        of ``name`` (``_edit``) without decoding ``raw`` (a file of a long history is hundreds
        of kB; the chunk edited, a few). ``None``: decode and ``parse`` it.

        Equivalent because the last version was valid UTF-8 without a BOM or a NUL (it was
        decoded and cut), its first bytes are the new version's, and the one chunk that differs
        decodes strictly and holds no NUL: so ``decode`` finds no problem and gives the old text
        with that chunk replaced."""
        data = self._edit(raw, name)
        return YamlDoc(name, data=data) if data is not None else None

    # ---------------------------------------------------------------------------- editing

    def _edit(self, raw: bytes, name: str) -> dict[str, Any] | None:
        """``text`` as the last version of ``name`` with one chunk rewritten, or ``None``.

        A commit usually edits one task: the text differs from the last version only inside one
        chunk (a progress line appended at its end, a deadline changed). Then the cut of the new
        text is the old cut with that chunk's text replaced, provided the new chunk is one whole
        task item on its own: it starts with an item at the task indentation, has no line that
        would end a piece (so cutting it alone gives one part, as cutting the whole text would:
        the line after it is unchanged and still ends it), holds nothing doubtful, and parses to
        one item. The skeleton is the old one, unchanged. So the data are exactly what
        ``_assemble`` gives, found without cutting or hashing the rest of the text. Anything
        else (tasks added or removed, an edit across tasks or in the skeleton) returns ``None``.
        """
        base = self._last.get(name)
        if base is None:
            return None
        old = base.raw
        shortest = min(len(old), len(raw))
        # The common suffix first: an appended line then counts as the end of the chunk before
        # it, not as the start of the next one.
        tail = _common_suffix(old, raw, shortest)
        head = _common_prefix(old, raw, shortest - tail)
        if head < 4:  # a byte-order mark would be in the part that changed
            return None
        old_end, delta = len(old) - tail, len(raw) - len(old)
        starts = [start for start, _ in base.spans]
        k = bisect_right(starts, head) - 1
        candidates = [k, k - 1] if k > 0 and starts[k] == head == old_end else [k]
        for n in candidates:
            if n < 0:
                continue
            start, end = base.spans[n]
            if not start <= head <= old_end <= end:
                continue
            piece = raw[start : end + delta]
            if end + delta < len(raw) and not piece.endswith(b"\n"):
                continue  # its last line runs on into the next piece
            try:
                chunk = piece.decode("utf-8")  # strictly, as yamlio.decode does
            except UnicodeDecodeError:
                continue
            item = self._edited_item(chunk, base.indent)
            if item is _MISS:
                continue
            self.stats.edits += 1
            self.stats.chunks_reused += len(base.items) - 1
            items = list(base.items)
            items[n] = item
            spans = base.spans[:n]
            spans.append((start, end + delta))
            spans += [(a + delta, b + delta) for a, b in base.spans[n + 1 :]]
            self._last[name] = _Version(raw, base.indent, spans, items, base.skeleton)
            root, slots = base.skeleton
            return _fill(root, slots, items)
        return None

    def _edited_item(self, chunk: str, indent: int) -> Any:
        """The one task item ``chunk`` holds, or ``_MISS`` when it is not exactly one chunk."""
        if (
            not chunk.startswith(" " * indent + "- ")
            or any(c in chunk for c in _DOUBTFUL)
            or "\x00" in chunk
            or ("\r" in chunk and chunk.count("\r") != chunk.count("\r\n"))
            or len(self._pattern(indent).split(chunk)) != 1
        ):
            return _MISS
        if chunk in self._chunks:
            self.stats.chunks_reused += 1
            return self._chunks[chunk]
        return self._parse_chunk(chunk)

    # ---------------------------------------------------------------------------- cutting

    def _assemble(self, text: str, name: str) -> dict[str, Any] | None:
        """The chunked parse of ``text``, or ``None`` when a full parse is needed."""
        self._last.pop(name, None)
        if any(c in text for c in _DOUBTFUL) or (
            "\r" in text and text.count("\r") != text.count("\r\n")
        ):
            return None
        indent = _task_indent(text)
        if indent is None:
            return None
        pieces, chunks, spans = self._cut(text, indent)
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
        try:  # the next version is compared with this one byte for byte (``_edit``)
            raw = text.encode("utf-8") if "\x00" not in text else None
        except UnicodeEncodeError:  # a lone surrogate: no file decoded as UTF-8 holds one
            raw = None
        if raw is not None:
            self._last[name] = _Version(raw, indent, spans, items, skeleton)
        root, slots = skeleton
        return _fill(root, slots, items)

    def _pattern(self, indent: int) -> re.Pattern[str]:
        pattern = self._patterns.get(indent)
        if pattern is None:
            # The line break before a line that ends the current piece: one indented at most
            # ``indent`` that is not blank and not a comment. (Written as "a newline not followed
            # by …" because that is several times faster than a MULTILINE "^" on long texts.)
            pattern = self._patterns[indent] = re.compile(
                rf"\n(?! {{{indent + 1}}}| *#| *\r?\n| *$)"
            )
        return pattern

    def _cut(self, text: str, indent: int) -> tuple[list[str], list[str], list[tuple[int, int]]]:
        """Split ``text`` into skeleton pieces (with placeholders), task chunks, and where each
        chunk lies in ``text`` encoded in UTF-8 (byte offsets)."""
        item = " " * indent + "- "
        pieces: list[str] = []
        chunks: list[str] = []
        spans: list[tuple[int, int]] = []
        parts = self._pattern(indent).split(text)
        last = len(parts) - 1
        at = 0
        for n, part in enumerate(parts):
            if n < last:
                part += "\n"  # split() ate the line break that ends each part
            size = len(part.encode("utf-8", "surrogatepass"))
            if part.startswith(item):
                pieces.append(f"{item}{_PLACEHOLDER}{len(chunks)}__\n")
                chunks.append(part)
                spans.append((at, at + size))
            elif part:
                pieces.append(part)
            at += size
        return pieces, chunks, spans

    # ---------------------------------------------------------------------------- parsing

    def _parse_chunk(self, chunk: str) -> Any:
        self.stats.chunks_parsed += 1
        data = parse_text(chunk, "", track_positions=False).data
        item = data[0] if isinstance(data, list) and len(data) == 1 else _MISS
        self._chunks[chunk] = item
        if len(self._chunks) > _KEEP_CHUNKS:  # the oldest first: a task's old texts recur seldom
            del self._chunks[next(iter(self._chunks))]
        return item

    def _parse_skeleton(self, text: str, count: int) -> _Skeleton | None:
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


def _common_prefix(a: bytes, b: bytes, limit: int) -> int:
    """How many leading bytes ``a`` and ``b`` share, at most ``limit`` (by halving: each step
    is one C-level comparison of a view, nothing copied, so 600 kB take ~20 of them)."""
    view = memoryview(a)
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if b.startswith(view[lo:mid], lo):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: bytes, b: bytes, limit: int) -> int:
    """How many trailing bytes ``a`` and ``b`` share, at most ``limit``."""
    view = memoryview(a)
    lo, hi = 0, limit
    la, lb = len(a), len(b)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if b.endswith(view[la - mid : la - lo], 0, lb - lo):
            lo = mid
        else:
            hi = mid - 1
    return lo


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
