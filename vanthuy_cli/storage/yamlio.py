"""Strict YAML reading: bytes on disk → plain data, with the position of every node.

Why not ``yaml.safe_load``: it follows YAML 1.1, where ``no`` is ``False``, ``1:20`` is 80 and
``2024-09-30`` is a ``date``; it silently keeps the last of two duplicate keys; it expands aliases
(a few hundred bytes can become gigabytes) and it forgets where each value was written. Here the
safe loader's *parser* (libyaml when available) produces events and ``_compose`` builds the data
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
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})

NodePath = tuple[str | int, ...]
Pos = tuple[int, int]


class _StrictLoader(_SafeLoader):
    """The safe loader, used only for its parser; ``_compose`` replaces its constructor."""


@dataclass
class YamlDoc:
    """A parsed file: its data, where each part was written, and the problems found on the way.

    ``data`` is ``None`` when the file could not be parsed; ``findings`` then says why.
    ``values[path]`` is the position of the value at ``path`` (e.g. ``("nhom", 0, "ten")``) and
    ``keys[path]`` the position of the key that introduces it.
    """

    name: str
    data: Any = None
    values: dict[NodePath, Pos] = field(default_factory=dict)
    keys: dict[NodePath, Pos] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def pos(self, path: NodePath, *, key: bool = False) -> Pos | None:
        """Position of ``path``, falling back to its nearest ancestor that has one."""
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        while path:
            path = path[:-1]
            if path in self.values:
                return self.values[path]
        return self.values.get((), (1, 1))


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
        _compose(loader, doc, text, track_positions)
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
    """Raised inside ``_compose`` after a finding that makes the rest of the file meaningless."""


def _compose(loader: _StrictLoader, doc: YamlDoc, text: str, track: bool) -> None:  # noqa: C901 - parse state machine; rewritten for speed (issue 13)
    """Build ``doc.data`` from the parser's events without recursion (depth is capped anyway)."""
    name = doc.name
    # Each frame: [container, path, pending key, pending key position]. A mapping's pending key is
    # None until its key scalar has been read.
    stack: list[list[Any]] = []
    documents = 0
    nfd_reported = False
    skipped = [0]  # repeated keys past the findings cap

    def mark(event: Any) -> Pos:
        return event.start_mark.line + 1, event.start_mark.column + 1

    def attach(value: Any, event: Any) -> None:
        """Place a finished node into its parent, or make it the document's root."""
        if not stack:
            doc.data = value
            return
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            if track:
                doc.values[(*path, len(container))] = mark(event)
            container.append(value)
            return
        if frame[2] is None:  # this node is a key
            if not isinstance(value, str):
                doc.findings.append(
                    finding(name, mark(event), "YAML-COMPLEX-KEY", "yaml.complex_key")
                )
                raise _Abort
            frame[2], frame[3] = value, mark(event)
            return
        key, key_pos = frame[2], frame[3]
        frame[2] = frame[3] = None
        if key in container:
            if len(doc.findings) >= MAX_FINDINGS_PER_FILE:  # counted, not each one built
                skipped[0] += 1
                return
            first = doc.keys.get((*path, key), (0, 0))[0]
            doc.findings.append(
                finding(
                    name,
                    key_pos,
                    "YAML-DUPLICATE-KEY",
                    "yaml.duplicate_key",
                    key=key,
                    first_line=first,
                )
            )
            return  # keep the first value: the second is the typo far more often than not
        container[key] = value
        if track:
            where = (*path, key)  # one tuple for both tables: 15 MiB less at 12,000 items
            doc.keys[where] = key_pos
            doc.values[where] = mark(event)

    def check_tag(event: Any) -> None:
        if event.tag not in (None, "!") and not (
            isinstance(event, yaml.ScalarEvent) and event.implicit[0]
        ):
            tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")  # as the user wrote it
            doc.findings.append(finding(name, mark(event), "YAML-TAG", "yaml.tag", tag=tag))
            raise _Abort

    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.ScalarEvent):
                check_tag(event)
                value: Any
                if event.style in (None, "") and event.value in _NULLS:
                    value = None
                else:
                    value = event.value
                    if not unicodedata.is_normalized("NFC", value):
                        if not nfd_reported:
                            nfd_reported = True
                            doc.findings.append(finding(name, mark(event), "TEXT-NFD", "text.nfd"))
                        value = unicodedata.normalize("NFC", value)
                attach(value, event)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                check_tag(event)
                if len(stack) >= MAX_DEPTH:
                    doc.findings.append(
                        finding(name, mark(event), "YAML-DEPTH", "yaml.depth", limit=MAX_DEPTH)
                    )
                    raise _Abort
                node: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                parent_path: NodePath = ()
                if stack:
                    top = stack[-1]
                    parent_path = top[1] + (
                        (len(top[0]),)
                        if isinstance(top[0], list)
                        else (top[2],)
                        if top[2] is not None
                        else ()
                    )
                if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                    doc.findings.append(
                        finding(name, mark(event), "YAML-COMPLEX-KEY", "yaml.complex_key")
                    )
                    raise _Abort
                stack.append([node, parent_path, None, None, event])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                attach(frame[0], frame[4])
            elif isinstance(event, yaml.AliasEvent):
                # Refused outright: expanding them is how a 1 KB file becomes gigabytes, and a
                # clerk's plan never needs them.
                doc.findings.append(finding(name, mark(event), "YAML-ALIAS", "yaml.alias"))
                raise _Abort
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    doc.findings.append(
                        finding(name, mark(event), "YAML-MULTI-DOC", "yaml.multi_doc")
                    )
                    raise _Abort
    except _Abort:
        doc.data = None
    finally:
        if skipped[0]:
            doc.findings.append(
                finding(name, None, "FINDINGS-MORE", "findings.more", count=skipped[0])
            )
    if track and doc.data is not None:
        doc.values.setdefault((), (1, 1))


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
