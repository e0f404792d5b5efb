"""Strict YAML reading: bytes on disk → plain data, with the position of every node.

Why not ``yaml.safe_load``: it follows YAML 1.1, where ``no`` is ``False``, ``1:20`` is 80 and
``2024-09-30`` is a ``date``; it silently keeps the last of two duplicate keys; it expands aliases
(a few hundred bytes can become gigabytes) and it forgets where each value was written. Here the
safe loader's *parser* (libyaml when available) produces events and ``_Composer`` builds the data
itself:

* every scalar stays text, except an unquoted ``~``/``null``/empty value which is ``None``; the
  schema (pydantic) turns text into numbers, dates and booleans only where a field asks for one;
* duplicate keys, aliases, explicit tags, several documents, non-scalar keys and absurd nesting are
  findings, not surprises;
* every value and every key gets its (line, column), so a schema error can point at the file.

Files are decoded here too: UTF-8 with or without BOM, LF or CRLF; any other encoding is a finding
that names the likely encoding and what to do. All text is normalised to NFC.
"""

from __future__ import annotations

import codecs
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml

from vanthuy_cli.errors import InputError
from vanthuy_cli.findings import MAX_FINDINGS_PER_FILE, Finding, finding
from vanthuy_cli.storage.fileio import is_dir, read_regular

try:  # libyaml is several times faster; the pure-Python parser gives the same events
    from yaml import CSafeLoader as _SafeLoader

    _USES_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

    _USES_LIBYAML = False

#: A plan file with a hundred tasks and a year of progress is well under 200 KB; anything near this
#: cap is not a plan and would only make every command slow.
MAX_FILE_BYTES = 2 * 1024 * 1024
#: Plans nest about six levels deep; the cap only stops pathological input.
MAX_DEPTH = 40

#: Scalars up to this many characters are interned (see ``_Composer._scalar``).
_SHORT = 24

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})

NodePath = tuple[str | int, ...]
Pos = tuple[int, int]


class _StrictLoader(_SafeLoader):
    """The safe loader, used only for its parser; ``_Composer`` replaces its constructor."""


#: A position packed into one int: key line, key column, value line, value column, 22 bits each
#: (a file is at most ``MAX_FILE_BYTES``, 2**21, so no line or column needs more); 0 for a node
#: that has no key (a list item, the root). One int instead of two tuples of two ints in two
#: tables: what keeps a 12,000-item plan's positions at about 40% of what they were.
_BITS = 22
_MASK = (1 << _BITS) - 1


def _packed(key: Pos | None, line: int, col: int) -> int:
    key_line, key_col = key or (0, 0)
    return (((key_line << _BITS | key_col) << _BITS | line) << _BITS) | col


class _Positions(Mapping[NodePath, Pos]):
    """``YamlDoc.values`` or ``YamlDoc.keys``: a read-only view of one half of the packed
    table, as a mapping from path to (line, column)."""

    __slots__ = ("_key", "_table")

    def __init__(self, table: dict[NodePath, int], *, key: bool) -> None:
        self._table = table
        self._key = key

    def __getitem__(self, path: NodePath) -> Pos:
        packed = self._table[path]
        if self._key:
            packed >>= 2 * _BITS
            if not packed:
                raise KeyError(path)
        return (packed >> _BITS) & _MASK, packed & _MASK

    def __iter__(self) -> Iterator[NodePath]:
        if not self._key:
            return iter(self._table)
        return (path for path, packed in self._table.items() if packed >> 2 * _BITS)

    def __len__(self) -> int:
        return len(self._table) if not self._key else sum(1 for _ in self)


@dataclass
class YamlDoc:
    """A parsed file: its data, where each part was written, and the problems found on the way.

    ``data`` is ``None`` when the file could not be parsed; ``findings`` then says why.
    ``values[path]`` is the position of the value at ``path`` (e.g. ``("nhom", 0, "ten")``) and
    ``keys[path]`` the position of the key that introduces it; both read ``positions``, where
    each path has one packed int (see ``_packed``).
    """

    name: str
    data: Any = None
    positions: dict[NodePath, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def values(self) -> Mapping[NodePath, Pos]:
        return _Positions(self.positions, key=False)

    @property
    def keys(self) -> Mapping[NodePath, Pos]:
        return _Positions(self.positions, key=True)

    def pos(self, path: NodePath, *, key: bool = False) -> Pos | None:
        """Position of ``path``, falling back to its nearest ancestor that has one."""
        table = self.positions
        packed = table.get(path)
        if packed is not None:
            if key:
                packed >>= 2 * _BITS
            if packed:
                return (packed >> _BITS) & _MASK, packed & _MASK
        while path:
            path = path[:-1]
            packed = table.get(path)
            if packed is not None:
                return (packed >> _BITS) & _MASK, packed & _MASK
        return 1, 1


# --------------------------------------------------------------------------------------- decoding


def read_file(path: Path, name: str) -> YamlDoc:
    """Read, decode and parse one YAML file. Never raises for a bad file; returns findings.

    Read through ``fileio.read_regular``: a FIFO or a device named ``*.yaml`` is refused instead of
    hanging, and the size cap is checked before reading so a huge file costs nothing.
    """
    try:
        raw = read_regular(path, limit=MAX_FILE_BYTES)
    except FileNotFoundError:
        return _fail(name, None, "FILE-NOT-FOUND", "file.not_found")
    except InputError as exc:
        if exc.key == "input.too_large":
            return _fail(
                name,
                None,
                "FILE-TOO-LARGE",
                "file.too_large",
                size=exc.params["size"],
                limit=MAX_FILE_BYTES,
            )
        if exc.key == "input.not_regular" and is_dir(path):
            return _fail(name, None, "FILE-READ", "file.is_directory")
        if exc.key == "input.not_regular":
            return _fail(name, None, "FILE-READ", "file.not_regular")
        return _fail(name, None, "FILE-READ", "file.unreadable", reason=exc.params.get("reason"))
    return parse_bytes(raw, name)


def parse_bytes(raw: bytes, name: str, *, track_positions: bool = True) -> YamlDoc:
    """Decode ``raw`` (see ``decode``) and parse it (see ``parse_text``)."""
    if len(raw) > MAX_FILE_BYTES:
        return _fail(
            name, None, "FILE-TOO-LARGE", "file.too_large", size=len(raw), limit=MAX_FILE_BYTES
        )
    text, problem = decode(raw, name)
    if text is None:
        return YamlDoc(name, findings=[problem] if problem else [])
    return parse_text(text, name, track_positions=track_positions)


def decode(raw: bytes, name: str) -> tuple[str | None, Finding | None]:
    """UTF-8 text from ``raw``, or ``None`` and a finding that explains the encoding problem."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if raw.startswith(bom):  # UTF-32 LE starts with the UTF-16 LE BOM: test it first
            return None, finding(
                name, (1, 1), "FILE-ENCODING", "file.encoding_utf16", encoding=encoding
            )
    raw = raw.removeprefix(codecs.BOM_UTF8)
    # UTF-16 without a BOM: every other byte of ASCII text is NUL, which UTF-8 text never has.
    if raw.count(b"\x00") > max(1, len(raw) // 8):
        return None, finding(
            name, (1, 1), "FILE-ENCODING", "file.encoding_utf16", encoding="UTF-16"
        )
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        return None, finding(
            name,
            (line, col),
            "FILE-ENCODING",
            "file.encoding_legacy",
            byte=f"0x{raw[exc.start]:02X}",
            hint="file.hint.cp1258" if _looks_like_cp1258(raw) else "",
        )


def _looks_like_cp1258(raw: bytes) -> bool:
    """Vietnamese text saved by an old Windows program decodes cleanly as Windows-1258."""
    try:
        raw.decode("cp1258")
    except UnicodeDecodeError:
        return False
    return True


# ---------------------------------------------------------------------------------------- parsing


def parse_text(text: str, name: str, *, track_positions: bool = True) -> YamlDoc:
    """Parse YAML ``text`` strictly (see the module docstring). Never raises for bad input."""
    conflict = _CONFLICT_MARKER.search(text)
    if conflict is not None:
        # Left by an unfinished git merge; YAML would complain a line later about something else.
        line = text.count("\n", 0, conflict.start()) + 1
        return _fail(
            name, (line, 1), "YAML-SYNTAX", "yaml.merge_conflict", marker=conflict[1] or conflict[2]
        )
    doc = YamlDoc(name)
    loader = _StrictLoader(text)
    try:
        _Composer(doc, track_positions).run(loader)
    except yaml.MarkedYAMLError as exc:
        doc.data = None
        doc.findings.append(_syntax_finding(exc, text, name))
    except yaml.reader.ReaderError as exc:  # a control character the YAML spec forbids
        doc.data = None
        index = exc.position
        if _USES_LIBYAML:  # libyaml reads UTF-8 and counts bytes here (columns elsewhere are chars)
            index = len(text.encode("utf-8")[:index].decode("utf-8", errors="ignore"))
        line, col = _line_col(text, index)
        doc.findings.append(
            finding(
                name,
                (line, col),
                "YAML-SYNTAX",
                "yaml.bad_character",
                code=f"U+{exc.character:04X}"
                if isinstance(exc.character, int)
                else repr(exc.character),
            )
        )
    except yaml.YAMLError as exc:  # anything else libyaml can say; keep its words
        doc.data = None
        doc.findings.append(finding(name, (1, 1), "YAML-SYNTAX", "yaml.syntax", problem=str(exc)))
    finally:
        loader.dispose()
    if doc.data is None and not doc.findings:
        doc.findings.append(finding(name, None, "FILE-EMPTY", "file.empty"))
    return doc


class _Abort(Exception):
    """Raised inside ``_Composer`` after a finding that makes the rest of the file meaningless."""


def _mark(event: Any) -> Pos:
    return event.start_mark.line + 1, event.start_mark.column + 1


class _Frame:
    """An open mapping or sequence: the container being filled, its path, and (a mapping) the key
    read and waiting for its value."""

    __slots__ = ("container", "event", "key", "path")

    def __init__(self, container: dict[str, Any] | list[Any], path: NodePath, event: Any) -> None:
        self.container = container
        self.path = path
        self.event = event  # the start event: where the container was written
        self.key: tuple[str, Pos] | None = None  # a mapping's key read, and where


class _Composer:
    """Builds ``doc.data`` from the parser's events without recursion (depth is capped anyway),
    recording positions and the findings of a strict reading on the way."""

    __slots__ = ("doc", "documents", "handlers", "nfd_reported", "skipped", "stack", "track")

    def __init__(self, doc: YamlDoc, track: bool) -> None:
        self.doc = doc
        self.track = track
        self.stack: list[_Frame] = []
        self.documents = 0
        self.nfd_reported = False
        self.skipped = 0  # repeated keys past the findings cap
        self.handlers: dict[type, Callable[[Any], None]] = {
            yaml.ScalarEvent: self._scalar,
            yaml.MappingStartEvent: self._start,
            yaml.SequenceStartEvent: self._start,
            yaml.MappingEndEvent: self._end,
            yaml.SequenceEndEvent: self._end,
            yaml.AliasEvent: self._alias,
            yaml.DocumentStartEvent: self._document,
        }

    def run(self, loader: _StrictLoader) -> None:
        handlers = self.handlers
        try:
            while loader.check_event():
                event = loader.get_event()
                handler = handlers.get(type(event))
                if handler is not None:
                    handler(event)
        except _Abort:
            self.doc.data = None
        finally:
            if self.skipped:
                self._found(None, "FINDINGS-MORE", "findings.more", count=self.skipped)
        if self.track and self.doc.data is not None:
            self.doc.positions.setdefault((), _packed(None, 1, 1))

    def _found(self, pos: Pos | None, rule: str, message: str, /, **params: Any) -> None:
        # Positional-only: a finding's parameters include one named "key" (a duplicate key).
        self.doc.findings.append(finding(self.doc.name, pos, rule, message, **params))

    def _stop(self, event: Any, rule: str, message: str, /, **params: Any) -> NoReturn:
        """A finding that makes the rest of the file meaningless."""
        self._found(_mark(event), rule, message, **params)
        raise _Abort

    # ---- events

    def _scalar(self, event: Any) -> None:
        self._check_tag(event)
        if event.style in (None, "") and event.value in _NULLS:
            self._attach(None, event)
            return
        value = event.value
        if not unicodedata.is_normalized("NFC", value):
            if not self.nfd_reported:
                self.nfd_reported = True
                self._found(_mark(event), "TEXT-NFD", "text.nfd")
            value = unicodedata.normalize("NFC", value)
        # Short values (dates, states, people's codes, units) repeat on every task: interned,
        # they are one string each instead of one per occurrence (6 MiB at 12,000 items).
        self._attach(sys.intern(value) if len(value) <= _SHORT else value, event)

    def _start(self, event: Any) -> None:
        self._check_tag(event)
        stack = self.stack
        if len(stack) >= MAX_DEPTH:
            self._stop(event, "YAML-DEPTH", "yaml.depth", limit=MAX_DEPTH)
        path: NodePath = ()
        if stack:
            top = stack[-1]
            if isinstance(top.container, list):
                path = (*top.path, len(top.container))
            elif top.key is None:  # a mapping or sequence used as a key
                self._stop(event, "YAML-COMPLEX-KEY", "yaml.complex_key")
            else:
                path = (*top.path, top.key[0])
        node: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
        stack.append(_Frame(node, path, event))

    def _end(self, event: Any) -> None:
        frame = self.stack.pop()
        self._attach(frame.container, frame.event)

    def _alias(self, event: Any) -> None:
        # Refused outright: expanding them is how a 1 KB file becomes gigabytes, and a clerk's
        # plan never needs them.
        self._stop(event, "YAML-ALIAS", "yaml.alias")

    def _document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            self._stop(event, "YAML-MULTI-DOC", "yaml.multi_doc")

    def _check_tag(self, event: Any) -> None:
        if event.tag not in (None, "!") and not (
            isinstance(event, yaml.ScalarEvent) and event.implicit[0]
        ):
            tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")  # as the user wrote it
            self._stop(event, "YAML-TAG", "yaml.tag", tag=tag)

    # ---- placing a finished node

    def _attach(self, value: Any, event: Any) -> None:
        """Place a finished node into its parent, or make it the document's root."""
        if not self.stack:
            self.doc.data = value
            return
        frame = self.stack[-1]
        container = frame.container
        if isinstance(container, list):
            if self.track:
                mark = event.start_mark
                where = (*frame.path, len(container))
                self.doc.positions[where] = _packed(None, mark.line + 1, mark.column + 1)
            container.append(value)
        elif frame.key is None:  # this node is a key
            if not isinstance(value, str):
                self._stop(event, "YAML-COMPLEX-KEY", "yaml.complex_key")
            # Interned: a plan repeats the same few dozen keys on every task and entry, and
            # each would otherwise be its own string (10 MiB at 12,000 items).
            frame.key = sys.intern(value), _mark(event)
        else:
            key, key_pos = frame.key
            frame.key = None
            self._set(frame.path, container, key, key_pos, value, event)

    def _set(
        self,
        path: NodePath,
        mapping: dict[str, Any],
        key: str,
        key_pos: Pos,
        value: Any,
        event: Any,
    ) -> None:
        if key in mapping:
            self._duplicate(path, key, key_pos)
            return  # keep the first value: the second is the typo far more often than not
        mapping[key] = value
        if self.track:
            mark = event.start_mark
            self.doc.positions[(*path, key)] = _packed(key_pos, mark.line + 1, mark.column + 1)

    def _duplicate(self, path: NodePath, key: str, key_pos: Pos) -> None:
        if len(self.doc.findings) >= MAX_FINDINGS_PER_FILE:  # counted, not each one built
            self.skipped += 1
            return
        first = self.doc.keys.get((*path, key), (0, 0))[0]
        self._found(key_pos, "YAML-DUPLICATE-KEY", "yaml.duplicate_key", key=key, first_line=first)


#: A line git writes into a file it could not merge: "<<<<<<< ours", "=======", ">>>>>>> theirs"
#: (and "||||||| base" in diff3 style), always at the start of the line.
_CONFLICT_MARKER = re.compile(r"^(<{7}|>{7}|\|{7})(?: |$)|^(={7})$", re.MULTILINE)


def _syntax_finding(exc: yaml.MarkedYAMLError, text: str, name: str) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or "").strip()
    # libyaml's message for a tab does not say "tab"; the character under the mark does.
    lines = text.splitlines()
    here = lines[line - 1][col - 1 : col] if 0 < line <= len(lines) else ""
    if here == "\t" or (mark and "\t" in problem):
        return finding(name, (line, col), "YAML-TAB", "yaml.tab")
    hint = _HINTS.get(problem, "")
    context = (exc.context or "").strip()
    return finding(
        name,
        (line, col),
        "YAML-SYNTAX",
        "yaml.syntax",
        problem=f"{context}: {problem}" if context else problem,
        hint=hint,
    )


#: libyaml's commonest messages, mapped to a hint key in the catalogue that says what to do.
_HINTS = {
    "mapping values are not allowed in this context": "yaml.hint.colon",
    "mapping values are not allowed here": "yaml.hint.colon",
    "could not find expected ':'": "yaml.hint.missing_colon",
    "did not find expected key": "yaml.hint.indent",
    "did not find expected '-' indicator": "yaml.hint.indent",
    "found unexpected end of stream": "yaml.hint.quote",
    "found unknown escape character": "yaml.hint.escape",
    "found character that cannot start any token": "yaml.hint.token",
}


def _line_col(text: str, index: int) -> Pos:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _fail(name: str, pos: Pos | None, rule: str, message: str, **params: Any) -> YamlDoc:
    return YamlDoc(name, findings=[finding(name, pos, rule, message, **params)])
