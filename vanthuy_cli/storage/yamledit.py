"""Surgical edits of a plan file's text: only the lines of the task that changed are rewritten.

The YAML stays the clerk's file: comments, key order, quoting, folded text, blank lines, the BOM
and the line endings (LF or CRLF) of everything outside the edited task stay byte for byte. A
YAML library that loads and dumps the file would lose all of that, so edits are made on the text:

* ``yamlio`` parses the file and gives the (line, column) of every key and value;
* a task's lines run from its ``- ma:`` item to the last line indented deeper than its dash
  (trailing blank lines and comments belong to what follows);
* inside a task each key's lines run from the key to the next key of the same task; a changed key
  is rewritten in place, a new key is added at the end of the task, and items appended to a block
  list (``tien_do``) are inserted after its last item, so the existing entries are not touched;
* new text copies the file's own style: indentation of lists under their key, double or single
  quotes, ``>-`` folding of long text, dates written ``d/m/yyyy`` or ISO, CRLF line endings;
* every edit is checked by parsing the whole new text: it must give exactly the intended data. If
  a key-level edit does not (an unusual layout), the whole task is rewritten in block style; if
  even that does not, ``EditError`` is raised and nothing is written.

Only the text is produced here; ``recording.py`` validates the workspace and writes the file.
"""

from __future__ import annotations

import codecs
import copy
import json
import re
import textwrap
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from vanthuy_cli.errors import ParError
from vanthuy_cli.storage.yamlio import NodePath, YamlDoc, decode, parse_text

#: Text beyond this column is folded with ``>-`` when the file folds long text (the project's own
#: line length, and what an editor window shows without scrolling).
WIDTH = 100
#: Line breaks YAML knows besides LF/CR: line numbers would no longer match ``split("\n")``.
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class EditError(ParError):
    """An edit that cannot be made safely: the task is not where expected, the layout is one
    par cannot rewrite without touching other lines, or the result would not read back."""


Data = dict[str, Any]


# ------------------------------------------------------------------------------------- the text


@dataclass
class Style:
    """How this file writes YAML, read from the file itself."""

    newline: str = "\n"
    #: Spaces between a key and the dashes of its block list (2: indented lists, 0: "indentless").
    seq_offset: int = 2
    #: Spaces a nested mapping is indented under its key.
    map_step: int = 2
    quote: str = '"'
    folds: bool = True
    iso_dates: bool = False
    flow_lists: bool = True


def detect_style(text: str) -> Style:
    style = Style()
    style.newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split("\n")
    offsets: list[int] = []
    steps: list[int] = []
    for i, line in enumerate(lines[:-1]):
        m = re.match(r"^( *)([\w-]+): *(#.*)?\r?$", line)
        if not m:
            continue
        nxt = _next_content(lines, i + 1)
        if nxt is None:
            continue
        indent = len(lines[nxt]) - len(lines[nxt].lstrip(" "))
        if lines[nxt].lstrip(" ").startswith("- "):
            offsets.append(indent - len(m[1]))
        elif indent > len(m[1]):
            steps.append(indent - len(m[1]))
    if offsets:
        style.seq_offset = max(set(offsets), key=offsets.count)
    if steps:
        style.map_step = max(set(steps), key=steps.count)
    doubles = len(re.findall(r': "', text))
    singles = len(re.findall(r": '", text))
    style.quote = "'" if singles > doubles else '"'
    style.folds = ">-" in text or ">\n" in text or "\n" not in text.strip() or not text
    iso = len(re.findall(r"ngay: *['\"]?\d{4}-\d{1,2}-\d{1,2}", text))
    vn = len(re.findall(r"ngay: *['\"]?\d{1,2}/\d{1,2}/\d{4}", text))
    style.iso_dates = iso > vn
    block_lists = len(re.findall(r"phoi_hop: *\r?\n", text))
    flow = len(re.findall(r"phoi_hop: *\[", text))
    style.flow_lists = flow >= block_lists
    return style


def _next_content(lines: list[str], start: int) -> int | None:
    for j in range(start, len(lines)):
        stripped = lines[j].strip()
        if stripped and not stripped.startswith("#"):
            return j
    return None


@dataclass
class Source:
    """A plan file as bytes and as lines (each keeping its own line ending)."""

    raw: bytes
    bom: bytes
    text: str
    lines: list[str]
    doc: YamlDoc
    style: Style

    @classmethod
    def from_bytes(cls, raw: bytes, name: str) -> Source:
        text, problem = decode(raw, name)
        if text is None:
            raise EditError("edit.unreadable", file=name, detail=problem.message if problem else "")
        if any(ch in text for ch in _OTHER_BREAKS) or (
            text.count("\r") != text.count("\r\n")  # a lone CR is a line break to YAML
        ):
            raise EditError("edit.layout", file=name, line=1)
        doc = parse_text(text, name)
        if doc.data is None:
            raise EditError("edit.unparsable", file=name)
        bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
        return cls(raw, bom, text, _split(text), doc, detect_style(text))

    def to_bytes(self, lines: list[str]) -> bytes:
        return self.bom + "".join(lines).encode("utf-8")


def _split(text: str) -> list[str]:
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_filler(line: str) -> bool:
    """Blank or comment-only: belongs to no particular key."""
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


# ------------------------------------------------------------------------------------- locating


@dataclass(frozen=True)
class Span:
    """Lines ``start``..``end`` (0-based, inclusive) of the text."""

    start: int
    end: int


def task_paths(data: Any) -> dict[str, NodePath]:
    """Where each task of an appendix's data lives: id → ("nhom", g, "nhiem_vu", t)."""
    found: dict[str, NodePath] = {}
    groups = data.get("nhom") if isinstance(data, dict) else None
    for gi, group in enumerate(groups if isinstance(groups, list) else []):
        tasks = group.get("nhiem_vu") if isinstance(group, dict) else None
        for ti, task in enumerate(tasks if isinstance(tasks, list) else []):
            if isinstance(task, dict) and isinstance(task.get("ma"), str):
                found.setdefault(task["ma"], ("nhom", gi, "nhiem_vu", ti))
    return found


def _get(data: Any, path: NodePath) -> Any:
    for part in path:
        data = data[part]
    return data


def _item_span(src: Source, path: NodePath) -> tuple[Span, int]:
    """The lines of the block-sequence item at ``path`` and the column of its dash (0-based)."""
    line, col = src.doc.values[path]
    first = src.lines[line - 1]
    dash = first[: col - 1].rstrip(" ")
    if not dash.endswith("-") or dash[:-1].strip():
        raise EditError("edit.layout", file=src.doc.name, line=line)
    dash_col = len(dash) - 1
    end = line - 1
    for j in range(line, len(src.lines)):
        text = src.lines[j]
        if _is_filler(text) or _indent(text) > dash_col:
            end = j
            continue
        break
    while end > line - 1 and _is_filler(src.lines[end]):
        end -= 1
    return Span(line - 1, end), dash_col


def _key_spans(src: Source, path: NodePath, item: Span) -> dict[str, Span]:
    """Each key of the block mapping at ``path``: from its key line to before the next key."""
    mapping = _get(src.doc.data, path)
    starts = sorted((src.doc.keys[(*path, k)][0] - 1, k) for k in mapping)
    spans: dict[str, Span] = {}
    for n, (start, key) in enumerate(starts):
        end = starts[n + 1][0] - 1 if n + 1 < len(starts) else item.end
        if n + 1 < len(starts) and starts[n + 1][0] == start:
            raise EditError("edit.layout", file=src.doc.name, line=start + 1)
        value = mapping[key]
        block_scalar = _value_text(src, (*path, key)).startswith(("|", ">"))
        while end > start and _is_filler(src.lines[end]) and not block_scalar:
            end -= 1
        while end > start and not src.lines[end].strip():
            end -= 1
        del value
        spans[key] = Span(start, end)
    return spans


def _value_text(src: Source, path: NodePath) -> str:
    pos = src.doc.values.get(path)
    if pos is None:
        return ""
    return src.lines[pos[0] - 1][pos[1] - 1 :].lstrip()


# ------------------------------------------------------------------------------------ rendering


#: Keys whose values are numbers, dates or booleans: written plain (``phan_tram: 60``) although
#: another YAML reader would not read them as text. Any other value that such a reader would turn
#: into a number, a date or a boolean (``tieu_chi: "1.4"``, ``"yes"``) is quoted, so that editors
#: checking the file against the JSON Schema agree with par.
_TYPED_KEYS = frozenset(
    {
        "phan_tram",
        "gia_tri",
        "nam",
        "ngay_chot_so_lieu",
        "ngay_nop",
        "sap_den_han_ngay",
        "ngay",
        "bat_dau",
        "ngay_ban_hanh",
        "du_lieu_mau",
        "theo_lich",
    }
)


def _plain_ok(text: str, key: str | None = None) -> bool:
    if text in _NULLS or text != text.strip() or "\n" in text or "\r" in text:
        return False
    probe = parse_text(f"k: {text}\n", "", track_positions=False)
    if probe.data != {"k": text} or probe.findings:
        return False
    return key in _TYPED_KEYS or isinstance(_core_value(text), str)


def _core_value(text: str) -> Any:
    """What an ordinary YAML reader makes of a plain scalar."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


def _quoted(text: str, style: Style) -> str:
    if style.quote == "'" and "\n" not in text and text.isprintable():
        return "'" + text.replace("'", "''") + "'"
    return json.dumps(text, ensure_ascii=False)


def render_scalar(
    text: str, key_col: int, first_len: int, style: Style, key: str | None = None
) -> list[str]:
    """A scalar after ``key: `` (first element) and any continuation lines (absolute indent).

    ``first_len`` is how many characters precede the value on its first line.
    """
    child = " " * (key_col + style.map_step)
    if "\n" in text:
        block = ["|-"] + [child + line if line else "" for line in text.split("\n")]
        if _reads_back(block, text, key_col):
            return block
        return [json.dumps(text, ensure_ascii=False)]
    plain = _plain_ok(text, key)
    if first_len + len(text) > WIDTH and style.folds and " " in text:
        width = max(40, WIDTH - len(child))
        wrapped = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
        block = [">-"] + [child + line for line in wrapped]
        if _reads_back(block, text, key_col):
            return block
    return [text if plain else _quoted(text, style)]


def _reads_back(block: list[str], text: str, key_col: int) -> bool:
    snippet = " " * key_col + "k: " + block[0] + "\n" + "".join(b + "\n" for b in block[1:])
    probe = parse_text(snippet, "", track_positions=False)
    return probe.data == {"k": text} and not probe.findings


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def render_key(key: str, value: Any, key_col: int, style: Style) -> list[str]:
    """``key: value`` as lines without line endings; the first line has no indentation (it goes
    after whatever precedes the key on its line), the others are indented absolutely."""
    head = f"{key}:"
    if value is None:
        return [head]
    if isinstance(value, dict):
        if not value:
            return [head + " {}"]
        return [head, *render_mapping(value, key_col + style.map_step, style)]
    if isinstance(value, list):
        if not value:
            return [head + " []"]
        if all(not isinstance(v, (dict, list)) for v in value) and style.flow_lists:
            items = [_scalar_text(v) for v in value]
            if all(_plain_ok(i) and not re.search(r"[,\[\]{}]", i) for i in items):
                flow = f"{head} [{', '.join(items)}]"
                if key_col + len(flow) <= WIDTH:
                    return [flow]
        return [head, *render_sequence(value, key_col + style.seq_offset, style)]
    text = _scalar_text(value)
    scalar = render_scalar(text, key_col, key_col + len(head) + 1, style, key)
    return [f"{head} {scalar[0]}", *scalar[1:]]


def render_mapping(data: Data, col: int, style: Style, *, first_prefix: str = "") -> list[str]:
    """A block mapping whose keys start at column ``col``; ``first_prefix`` replaces the
    indentation of the first line (``"  - "`` for a sequence item)."""
    out: list[str] = []
    for n, (key, value) in enumerate(data.items()):
        lines = render_key(key, value, col, style)
        prefix = first_prefix if n == 0 and first_prefix else " " * col
        out.append(prefix + lines[0])
        out.extend(lines[1:])
    return out


def render_sequence(items: list[Any], dash_col: int, style: Style) -> list[str]:
    out: list[str] = []
    for item in items:
        prefix = " " * dash_col + "- "
        if isinstance(item, dict) and item:
            out.extend(render_mapping(item, dash_col + 2, style, first_prefix=prefix))
        elif isinstance(item, list):
            raise EditError("edit.nested_list")
        else:
            scalar = render_scalar(_scalar_text(item), dash_col + 2, dash_col + 2, style)
            out.append(prefix + scalar[0])
            out.extend(scalar[1:])
    return out


# ---------------------------------------------------------------------------------------- edits


@dataclass
class Result:
    """The new bytes of one file and the lines that changed (0-based span of the new text)."""

    raw: bytes
    data: Any
    changed: Span | None


def _finish(src: Source, lines: list[str], expected: Any) -> bytes | None:
    """The new file, if it reads back as exactly ``expected``; else ``None``."""
    nl = src.style.newline
    fixed = [
        line if line.endswith(nl) or not line.endswith("\n") else line[:-1] + nl for line in lines
    ]
    text = "".join(fixed)
    doc = parse_text(text, src.doc.name, track_positions=False)
    if doc.data != expected or any(f.rule != "TEXT-NFD" for f in doc.findings):
        return None
    return src.to_bytes(fixed)


def _with_nl(lines: list[str]) -> list[str]:
    return [line + "\n" for line in lines]


def nfc(value: Any) -> Any:
    """Every text inside ``value`` in NFC (how Vietnamese is stored, whatever was typed)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc(v) for v in value]
    return value


def update_task(src: Source, task_id: str, change: Callable[[Data], Data]) -> Result:
    """Rewrite task ``task_id`` as ``change(copy of its data)`` returns it, touching only its
    lines (see the module docstring)."""
    path = task_paths(src.doc.data).get(task_id)
    if path is None:
        raise EditError("edit.task_not_in_file", id=task_id, file=src.doc.name)
    old = _get(src.doc.data, path)
    new = nfc(change(copy.deepcopy(old)))
    expected = copy.deepcopy(src.doc.data)
    _get(expected, path[:-1])[path[-1]] = new
    item, dash_col = _item_span(src, path)
    if new == old:
        return Result(src.raw, src.doc.data, None)
    lines = _key_level(src, path, item, old, new)
    if lines is not None:
        raw = _finish(src, lines, expected)
        if raw is not None:
            return Result(raw, expected, _changed_span(src.lines, lines))
    # Fallback: the whole task in block style, at its dash.
    body = _with_nl(
        render_mapping(new, dash_col + 2, src.style, first_prefix=" " * dash_col + "- ")
    )
    lines = src.lines[: item.start] + body + src.lines[item.end + 1 :]
    raw = _finish(src, lines, expected)
    if raw is None:
        raise EditError("edit.no_round_trip", id=task_id, file=src.doc.name)
    return Result(raw, expected, Span(item.start, item.start + len(body) - 1))


def _changed_span(before: list[str], after: list[str]) -> Span:
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    tail = 0
    while (
        tail < min(len(before), len(after)) - start
        and before[len(before) - 1 - tail] == after[len(after) - 1 - tail]
    ):
        tail += 1
    return Span(start, len(after) - 1 - tail)


def _key_level(src: Source, path: NodePath, item: Span, old: Data, new: Data) -> list[str] | None:
    """Edit only the keys that changed, or ``None`` when the layout does not allow it."""
    if not isinstance(old, dict) or _value_text(src, path).startswith("{"):
        return None
    try:
        spans = _key_spans(src, path, item)
    except (EditError, KeyError):
        return None
    first_line = src.doc.keys[(*path, next(iter(old)))]
    key_col = first_line[1] - 1
    # Replacements as (start, end, new lines), applied bottom-up so indices stay valid.
    edits: list[tuple[int, int, list[str]]] = []
    for key, value in old.items():
        span = spans[key]
        if key not in new:
            if span.start == item.start:
                return None  # the key on the dash line cannot go without rewriting the item
            edits.append((span.start, span.end, []))
        elif new[key] != value:
            appended = _appended(src, (*path, key), span, value, new[key])
            if appended is not None:
                edits.append((span.end + 1, span.end, appended))
                continue
            prefix = src.lines[span.start][:key_col]
            lines = render_key(key, new[key], key_col, src.style)
            edits.append((span.start, span.end, _with_nl([prefix + lines[0], *lines[1:]])))
    added = [k for k in new if k not in old]
    if added:
        edits.append((item.end + 1, item.end, _new_keys(new, added, key_col, src.style)))
    # Key order must stay the new data's order: ``change`` may only append new keys.
    if [k for k in new if k in old] != [k for k in old if k in new]:
        return None
    return _apply_edits(src, item, edits, bool(added))


def _new_keys(new: Data, added: list[str], key_col: int, style: Style) -> list[str]:
    tail: list[str] = []
    for key in added:
        rendered = render_key(key, new[key], key_col, style)
        tail.extend([" " * key_col + rendered[0], *rendered[1:]])
    return _with_nl(tail)


def _apply_edits(
    src: Source, item: Span, edits: list[tuple[int, int, list[str]]], added: bool
) -> list[str]:
    out = list(src.lines)
    if item.end == len(out) - 1 and out and not out[-1].endswith("\n") and added:
        out[-1] += "\n"
    # Bottom-up so indices stay valid; of two insertions at one line the later one goes in first,
    # so that it ends up after the other (appended progress entries, then new keys).
    order = sorted(range(len(edits)), key=lambda n: (edits[n][0], n), reverse=True)
    for n in order:
        start, end, new_lines = edits[n]
        out[start : end + 1] = new_lines
    return out


def _appended(src: Source, path: NodePath, span: Span, old: Any, new: Any) -> list[str] | None:
    """Lines for items appended to a block list (the existing items stay as they are)."""
    if not (isinstance(old, list) and isinstance(new, list) and old and len(new) > len(old)):
        return None
    if new[: len(old)] != old or _value_text(src, path).startswith("["):
        return None
    line, col = src.doc.values[(*path, 0)]
    text = src.lines[line - 1]
    dash = text[: col - 1]
    if not dash.rstrip().endswith("-"):
        return None
    dash_col = len(dash.rstrip()) - 1
    offset = col - 1 - dash_col  # "- " or "-   "
    out: list[str] = []
    for entry in new[len(old) :]:
        prefix = " " * dash_col + "-" + " " * (offset - 1)
        if isinstance(entry, dict) and entry:
            out.extend(render_mapping(entry, col - 1, src.style, first_prefix=prefix))
        elif not isinstance(entry, (dict, list)):
            scalar = render_scalar(_scalar_text(entry), col - 1, col - 1, src.style)
            out.extend([prefix + scalar[0], *scalar[1:]])
        else:
            return None
    if not src.lines[span.end].endswith("\n"):
        return None
    return _with_nl(out)


def add_task(src: Source, group_index: int, task: Data) -> Result:
    """Append ``task`` to the group's task list, after its last task, in the file's style."""
    task = nfc(task)
    data = src.doc.data
    group_path: NodePath = ("nhom", group_index)
    group = _get(data, group_path)
    tasks = group.get("nhiem_vu")
    expected = copy.deepcopy(data)
    target = _get(expected, group_path)
    target["nhiem_vu"] = [*(tasks or []), task]
    if isinstance(tasks, list) and tasks:
        last, dash_col = _item_span(src, (*group_path, "nhiem_vu", len(tasks) - 1))
        # A blank line between tasks when the file separates them so.
        gap = [src.style.newline] if _separated(src, group_path, len(tasks)) else []
        body = gap + _with_nl(
            render_mapping(task, dash_col + 2, src.style, first_prefix=" " * dash_col + "- ")
        )
        lines = list(src.lines)
        if not lines[last.end].endswith("\n"):
            lines[last.end] += "\n"
        lines[last.end + 1 : last.end + 1] = body
        start = last.end + 1
    else:
        item, _ = _item_span(src, ("nhom", group_index))
        key_line, key_col1 = src.doc.keys[(*group_path, "so")]
        key_col = key_col1 - 1
        rendered = render_key("nhiem_vu", [task], key_col, src.style)
        body = _with_nl([" " * key_col + rendered[0], *rendered[1:]])
        lines = list(src.lines)
        if "nhiem_vu" in group:
            span = _key_spans(src, group_path, item)["nhiem_vu"]
            lines[span.start : span.end + 1] = body
            start = span.start
        else:
            if not lines[item.end].endswith("\n"):
                lines[item.end] += "\n"
            lines[item.end + 1 : item.end + 1] = body
            start = item.end + 1
        del key_line
    raw = _finish(src, lines, expected)
    if raw is None:
        raise EditError("edit.no_round_trip", id=task.get("ma", "?"), file=src.doc.name)
    return Result(raw, expected, Span(start, start + len(body) - 1))


def _separated(src: Source, group_path: NodePath, count: int) -> bool:
    if count < 2:
        return any(not line.strip() for line in src.lines)
    prev, _ = _item_span(src, (*group_path, "nhiem_vu", count - 2))
    nxt_line = src.doc.values[(*group_path, "nhiem_vu", count - 1)][0] - 1
    return any(not src.lines[j].strip() for j in range(prev.end + 1, nxt_line))


def remove_task(src: Source, task_id: str) -> Result:
    """Delete the task's lines (and the blank lines that separated it from the next one)."""
    path = task_paths(src.doc.data).get(task_id)
    if path is None:
        raise EditError("edit.task_not_in_file", id=task_id, file=src.doc.name)
    expected = copy.deepcopy(src.doc.data)
    siblings = _get(expected, path[:-1])
    del siblings[path[-1]]
    item, _ = _item_span(src, path)
    start, end = item.start, item.end
    lines = list(src.lines)
    if not siblings:  # the group's last task: ``nhiem_vu: []`` keeps the key
        key_line, key_col1 = src.doc.keys[path[:-1]]
        key_col = key_col1 - 1
        start = key_line - 1
        new = [lines[start][:key_col] + "nhiem_vu: []\n"]
        lines[start : end + 1] = new
        raw = _finish(src, lines, expected)
        if raw is None:
            raise EditError("edit.no_round_trip", id=task_id, file=src.doc.name)
        return Result(raw, expected, Span(start, start))
    # Take the blank lines after the task with it, unless it is the last one of its list (then
    # the blank lines before it go, so the next group keeps its separation).
    j = end + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if path[-1] == len(siblings):  # was last
        k = start
        while k > 0 and not lines[k - 1].strip():
            k -= 1
        del lines[k:start]
        end -= start - k
        start = k
        del lines[start : end + 1]
    else:
        del lines[start:j]
    raw = _finish(src, lines, expected)
    if raw is None:
        raise EditError("edit.no_round_trip", id=task_id, file=src.doc.name)
    return Result(raw, expected, None)


def task_line(src: Source, task_id: str) -> int | None:
    """1-based line of the task's ``- ma:`` item (for ``par edit``)."""
    path = task_paths(src.doc.data).get(task_id)
    if path is None:
        return None
    return src.doc.values[path][0]
