"""The warm path: a checked plans folder kept as plain data between runs.

Loading a plan means reading YAML, validating it with pydantic and running the checks; importing
PyYAML and pydantic alone costs more than everything else ``par status`` does on a small plan.
The result of a clean load (no errors) is stored here as plain data (``marshal`` of tuples, lists,
strings and numbers: never pickled objects), so the next command rebuilds the same ``LoadedPlan``
from the cache without importing either library. ``par history`` keeps its comparisons of file
versions here too (``history._Memo``), through ``read_entry``/``write_entry``.

An entry can never be stale. It is used only when all of these match what produced it:

* each file read (its path, size, modification time in nanoseconds, inode and a BLAKE2 hash of its
  content: the content is read and hashed on every use, so an edit that keeps size and time is
  still seen), the list of YAML files in the folder, and the listed appendices that were missing;
* whether each evidence file named in a ``minh_chung`` record (``tep``, plan or catalogue) is in
  ``evidence/``: the EVIDENCE-FILE-MISSING warnings depend on files outside the plans folder, so
  a clerk adding or deleting a scan must change what is shown (one stat call per file);
* par's version, this module's ``SCHEMA_VERSION``, the modification times of par's own source
  files (a developer's edit), the Python version (``marshal``'s format), the folder as given and
  the current folder (file names in findings are shown relative to it).

Anything else (a missing, truncated, damaged or foreign entry, a cache folder that cannot be
written) is a miss: the plan is loaded from the files as if there were no cache, silently. Plans
with errors are never stored: their messages always come from a full load. Period figures
(``so-lieu-*.yaml``, pydantic objects) are stored as data and validated again only when a report
reads them; the indicators scoring needs are stored beside them, and the criteria catalogue as
plain records (``criteria_records.py``), so a warm ``par status`` imports no pydantic.
``par validate`` never uses the cache: its date-dependent checks run every time.
Positions of nodes (``LoadedPlan.docs``) are not stored: only loading and its checks use them.

Where: ``PAR_CACHE_DIR`` if set (empty: no cache at all), else the platform's cache folder
(``$XDG_CACHE_HOME/par`` or ``~/.cache/par`` on Linux, ``~/Library/Caches/par`` on macOS,
``%LOCALAPPDATA%\\par\\Cache`` on Windows).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import marshal
import os
import sys
import time
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vanthuy_cli import __version__
from vanthuy_cli.recordtype import Record
from vanthuy_cli.recordtype import fields as record_fields
from vanthuy_cli.recordtype import setters as record_setters

if TYPE_CHECKING:
    from vanthuy_cli.findings import Finding
    from vanthuy_cli.plan.figures import PeriodFigures
    from vanthuy_cli.plan.loaded import LoadedPlan

try:  # hashlib's BLAKE2 is this one; importing hashlib also loads OpenSSL (about 4 ms)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without its own BLAKE2
    from hashlib import blake2b

#: Raise when the stored layout changes (fields of ``LoadedPlan``, a record, ``Deadline``).
SCHEMA_VERSION = 4
ENV = "PAR_CACHE_DIR"
_MAGIC = b"par-plan-cache\n"
_SUFFIXES = (".yaml", ".yml")


# ---------------------------------------------------------------------------------- location


def cache_dir() -> Path | None:
    """Where entries live; ``None`` when the user turned the cache off (``PAR_CACHE_DIR=``)."""
    configured = os.environ.get(ENV)
    if configured is not None:
        return Path(configured) if configured.strip() else None
    try:
        home = Path.home()
    except RuntimeError:  # no home folder known: no cache rather than a crash
        return None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / "par" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "par"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg if xdg and os.path.isabs(xdg) else home / ".cache") / "par"


# ---------------------------------------------------------------------------------- entries


def code_context(*more: Any) -> tuple[Any, ...]:
    """What every entry depends on besides its own inputs: the cache layout, par's version and
    source files (a developer's edit changes their times), the Python version (marshal's format)."""
    return (SCHEMA_VERSION, __version__, sys.implementation.cache_tag, _sources(), *more)


@functools.cache
def _sources() -> tuple[tuple[str, int], ...]:
    """Each source file of par (subpackages included) and its modification time, read once per
    process: the code a process runs is the code it imported, so a file edited while it runs (a
    developer saving, a rebase under a running test suite) must not make its own entries miss.
    Unreadable (a file removed while listed): a value no other process has, so nothing this
    process stores is ever used by another and nothing stored before is used by this one."""
    package = Path(__file__).parent.parent  # vanthuy_cli/, this file is in reading/
    found: list[tuple[str, int]] = []
    try:
        for folder, dirs, files in os.walk(package):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "__")))
            for name in files:
                if name.endswith(".py"):
                    path = os.path.join(folder, name)
                    found.append((os.path.relpath(path, package), os.stat(path).st_mtime_ns))
    except OSError:
        return (("?", time.time_ns()),)
    return tuple(sorted(found))


def entry_path(kind: str, *identity: str) -> Path | None:
    """The file of the entry ``kind`` for ``identity`` (e.g. a folder), or ``None``: no cache."""
    folder = cache_dir()
    if folder is None:
        return None
    key = "\0".join(identity).encode("utf-8", "surrogatepass")
    return folder / f"{kind}-{blake2b(key, digest_size=12).hexdigest()}.marshal"


def read_entry(path: Path, context: tuple[Any, ...]) -> Any:
    """The payload stored at ``path`` under ``context``; ``None`` if absent, damaged or foreign."""
    found = _read(path, context)
    return None if found is None else found[0]


def _read(path: Path, context: tuple[Any, ...]) -> tuple[Any, bytes] | None:
    """``read_entry``'s payload and the digest of the entry (context and payload) that held it."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + 32
    if not raw.startswith(_MAGIC) or len(raw) < head:
        return None
    payload = raw[head:]
    digest = raw[len(_MAGIC) : head]
    if blake2b(payload, digest_size=32).digest() != digest:
        return None  # truncated or damaged: seen before marshal reads a byte of it
    try:
        stored = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != context:
        return None
    return stored[1], digest


def write_entry(path: Path, context: tuple[Any, ...], payload: Any) -> bytes | None:
    """Store ``payload`` atomically and return the entry's digest; silently nothing (``None``)
    if it cannot be stored (the cache is optional)."""
    try:
        data = marshal.dumps((context, payload))
    except ValueError:  # a value marshal cannot store
        return None
    digest = blake2b(data, digest_size=32).digest()
    data = _MAGIC + digest + data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # only when an entry is written: a hit needs neither it nor random

        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(tmp, path)  # readers see the old entry or the new one, never half
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        return None  # read-only home, full disk: the next run loads from the files again
    return digest


# ------------------------------------------------------------------------------ plans folder


def _listing(root: Path) -> tuple[str, ...]:
    """The YAML files of the folder, as ``workspace.load_workspace`` chooses them."""
    return tuple(
        sorted(
            entry.name
            for entry in os.scandir(root)
            if entry.name.lower().endswith(_SUFFIXES)
            and not entry.name.startswith((".", "~"))
            and entry.is_file()
        )
    )


def _fingerprint(path: str | Path) -> tuple[Any, ...]:
    """Identity and content of one file; ``("missing",)`` when there is none (or it cannot be
    read). Read with the descriptor calls themselves: a warm run checks every plan file (400 at
    12,000 items) and a buffered file object per file cost more than the reading."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return ("missing",)
    try:
        stat = os.fstat(fd)
        content = blake2b(digest_size=20)
        while chunk := os.read(fd, max(stat.st_size + 1, 1 << 16)):
            content.update(chunk)
    except OSError:  # a folder, or a read error
        return ("missing",)
    finally:
        os.close(fd)
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino, content.digest())


def _files_of(loaded: LoadedPlan) -> list[Path]:
    """Every file the load looked at: the folder's YAML files and each listed appendix file."""
    paths = [loaded.root / name for name in _listing(loaded.root)]
    paths += [loaded.root / ref.file for ref in loaded.plan.appendices]
    return sorted(set(paths))


def load_plan(root: Path, *, partial: bool = False) -> LoadedPlan:
    """``load_workspace(root).require_valid()``, from the cache when an entry matches the files.

    Raises ``PlanNotFound`` with the findings, exactly as the full load does, when the files have
    errors (those are never cached). With ``partial`` a plan whose appendices have errors is
    returned without them (``LoadAttempt.usable_part``); such a plan is never stored either.
    """
    where = entry_path("plans", os.path.abspath(root), os.getcwd())
    if where is None:
        return _full_load(root, partial)
    try:
        # Names in findings are relative to the current folder: it is part of the key.
        context = code_context(str(root), os.getcwd())
        listing = _listing(root)
    except OSError:
        return _full_load(root, partial)
    with _no_collection():
        found = _read(where, context)
        if found is not None:
            try:
                (files, data), digest = found
                if (
                    files[0] == listing
                    and all(_fingerprint(name) == seen for name, seen in files[1])
                    and _evidence_state(root, [name for name, _ in files[2]]) == files[2]
                ):
                    return _derived_beside(_decode_plan(root, data), root, digest)
            except Exception:
                pass
    loaded = _full_load(root, partial)
    if loaded.has_errors:  # a partial plan: the next load must find the errors again
        return loaded
    try:
        from vanthuy_cli.rules.criteria_checks import evidence_names

        files = (
            listing,
            [(str(p), _fingerprint(p)) for p in _files_of(loaded)],
            _evidence_state(root, evidence_names(loaded)),
        )
        written = write_entry(where, context, (files, _encode_plan(loaded)))
    except _Unstorable:
        return loaded
    return loaded if written is None else _derived_beside(loaded, root, written)


def _derived_beside(loaded: LoadedPlan, root: Path, digest: bytes) -> LoadedPlan:
    """``loaded`` with a ``Derived`` store for the plan entry of this ``digest``."""
    loaded.__dict__["_derived"] = Derived(os.path.abspath(root), os.getcwd(), digest)
    return loaded


class Derived:
    """What commands work out from one stored plan (``classify``'s items for an as-of day), kept
    beside the plan's entry so that the next command asking the same question reads the answer.

    It can never be stale: an answer is kept under the digest of the plan's entry (which covers
    the files' fingerprints, par's code and the cache layout: another plan, or another par, has
    another digest) and the whole question (``key``: e.g. the as-of day and the window), and the
    plan cache hands a store only to a plan it stored or rebuilt itself (``LoadedPlan.derived``;
    a copy made with ``replace`` has none). Answers live in a few files per plans folder, one
    answer each, chosen by the question: a clerk's daily ``par status`` (a new day each time)
    replaces an old answer instead of adding a file. A missing, damaged or foreign answer is
    ``None``, and the caller works it out again.
    """

    SLOTS = 4

    def __init__(self, folder: str, cwd: str, digest: bytes) -> None:
        self._identity = (folder, cwd)
        self._digest = digest
        self._known: dict[tuple[Any, ...], Any] = {}

    def _where(self, key: tuple[Any, ...]) -> tuple[Path | None, tuple[Any, ...]]:
        slot = int.from_bytes(blake2b(repr(key).encode(), digest_size=4).digest())
        where = entry_path("derived", *self._identity, str(slot % self.SLOTS))
        return where, code_context(self._digest, key)

    def get(self, key: tuple[Any, ...]) -> Any:
        """The answer kept for ``key``, or ``None``."""
        if key not in self._known:
            where, context = self._where(key)
            self._known[key] = None if where is None else read_entry(where, context)
        return self._known[key]

    def put(self, key: tuple[Any, ...], value: Any) -> None:
        """Keep ``value`` (plain data marshal can store) as the answer for ``key``."""
        self._known[key] = value
        where, context = self._where(key)
        if where is not None:
            write_entry(where, context, value)


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """The cyclic garbage collector paused while an entry is read and rebuilt.

    Rebuilding a large plan creates a hundred thousand objects (tuples from ``marshal``, then
    records), none of them garbage; each allocation burst made the collector walk the growing
    heap again, which took about half of the rebuild's time at 12,000 items. Reference counting
    still frees what is dropped. Before the collector runs again, what was built goes straight
    to its oldest generation (``gc.freeze`` then ``gc.unfreeze``: nothing stays frozen), so the
    next young collections do not walk it all once more (about 0.1 s at 12,000 items): the plan
    lives as long as the command.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _evidence_state(root: Path, names: list[str]) -> list[tuple[str, bool]]:
    """Each named evidence file and whether it is there, as the missing-file check sees it."""
    from vanthuy_cli.rules.evidence import resolve

    return [(name, resolve(root, name) is not None) for name in names]


def _full_load(root: Path, partial: bool = False) -> LoadedPlan:
    from vanthuy_cli.reading.workspace import load_workspace

    attempt = load_workspace(root)
    return attempt.usable_part() if partial else attempt.require_valid()


# ----------------------------------------------------------------------------------- encoding


class _Unstorable(Exception):
    """A value the cache has no plain form for: the workspace is then not stored."""


def _encode(value: Any) -> Any:
    """Records, deadlines, dates and enums as tuples, ordinals and strings (see ``_decoder``)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value.value if isinstance(value, Enum) else value
    if isinstance(value, date):
        return value.toordinal()
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):  # its type says it is a dict: stored as [key, value] pairs
        return [[_encode(k), _encode(v)] for k, v in value.items()]
    if isinstance(value, Record):
        return tuple(_encode(getattr(value, f.name)) for f in record_fields(value))
    if _is_dataclass(type(value)):
        import dataclasses

        return tuple(_encode(getattr(value, f.name)) for f in dataclasses.fields(value))
    raise _Unstorable(type(value).__name__)


def _is_dataclass(kind: Any) -> bool:
    """``dataclasses.is_dataclass`` for a class, without importing ``dataclasses`` (the values
    a warm command reads are all records; a dataclass is still stored and read back)."""
    return isinstance(kind, type) and hasattr(kind, "__dataclass_fields__")


def _identity(value: Any) -> Any:
    return value


_DECODERS: dict[Any, Callable[[Any], Any]] = {}


def _is_structure(kind: Any) -> bool:
    return isinstance(kind, type) and (issubclass(kind, Record) or _is_dataclass(kind))


def _decoder(kind: Any) -> Callable[[Any], Any]:
    """The function turning ``_encode``'s output for a value of type ``kind`` back into it."""
    if kind in _DECODERS:
        return _DECODERS[kind]
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    decode: Callable[[Any], Any]
    if kind is date:
        decode = date.fromordinal
    elif isinstance(kind, type) and issubclass(kind, Enum):
        decode = {member.value: member for member in kind}.__getitem__
    elif isinstance(kind, type) and issubclass(kind, Record):
        decode = _record_decoder(kind)
    elif _is_dataclass(kind):
        decode = _shared(_dataclass_decoder(kind))
    elif origin is list:
        inner = _decoder(args[0])
        decode = list if inner is _identity else (lambda v: [inner(x) for x in v])
    elif origin is dict:
        key, item = _decoder(args[0]), _decoder(args[1])
        decode = lambda v: {key(k): item(x) for k, x in v}  # noqa: E731
    elif origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        records = [a for a in options if _is_structure(a)]
        if len(options) > 1 and len(records) == 1:
            # ``str | EvidenceDoc``: text stays text, a stored record is a tuple.
            record = _decoder(records[0])
            decode = lambda v: record(v) if isinstance(v, tuple | list) else v  # noqa: E731
        else:
            inner = _decoder(options[0]) if len(options) == 1 else _identity
            decode = (
                _identity if inner is _identity else (lambda v: None if v is None else inner(v))
            )
    else:
        decode = _identity  # str, int, float, bool
    _DECODERS[kind] = decode
    return decode


_EVALUATED: dict[tuple[str, str], Any] = {}


def _field_types(kind: type[Any]) -> dict[str, Any]:
    """``typing.get_type_hints(kind)`` for the records' plain annotations (``str | None``,
    ``list[Task]``), each distinct text evaluated once per module: the same few texts recur
    across some thirty record fields, and evaluating each one again was half of the time
    building the decoders took on every warm run."""
    found: dict[str, Any] = {}
    for klass in reversed(kind.__mro__):
        module = sys.modules[klass.__module__].__dict__
        for name, text in vars(klass).get("__annotations__", {}).items():
            if not isinstance(text, str):
                found[name] = text
                continue
            key = (klass.__module__, text)
            if key not in _EVALUATED:
                _EVALUATED[key] = eval(text, module)  # the package's own annotations
            found[name] = _EVALUATED[key]
    return found


def _record_decoder(kind: type[Record]) -> Callable[[Any], Any]:
    """A function made for ``kind`` that fills a new record's slots from its stored tuple.

    Records are rebuilt by the tens of thousands on every warm run: calling ``__init__`` with
    keywords (defaults looked up, each field set through ``object.__setattr__``) was most of
    the time of a warm ``par status`` at 12,000 items. The stored values were checked when they
    were written, so they go straight into the slots: one unpacking, one setter call per field,
    no keyword dictionary. Each field's conversion is written into the function itself
    (``_field_source``), so an absent value, a text, a date or a list of plain values costs no
    further call. A stored tuple of the wrong length fails the unpacking (a miss).
    """
    hints = _field_types(kind)
    names = [f.name for f in record_fields(kind)]
    scope: dict[str, Any] = {"_new": object.__new__, "_kind": kind, "_dates": _DATES}
    lines = []
    for i, (name, setter) in enumerate(zip(names, record_setters(kind), strict=True)):
        scope[f"_s{i}"] = setter
        lines.append(f"    _s{i}(o, {_field_source(hints[name], f'v{i}', f'_c{i}', scope)})")
    unpack = "".join(f"v{i}, " for i in range(len(names)))
    head = ["def decode(values):", f"    ({unpack}) = values", "    o = _new(_kind)"]
    source = "\n".join([*head, *lines, "    return o"])
    exec(compile(source, f"<plancache decoder of {kind.__name__}>", "exec"), scope)
    decode: Callable[[Any], Any] = scope["decode"]
    return decode


class _Dates(dict[int, date]):
    """Each stored day (an ordinal) as one shared ``date``: a plan's tens of thousands of dates
    fall on a few hundred days, and a dictionary hit costs less than building the date again
    (dates are immutable, so sharing them changes nothing)."""

    def __missing__(self, ordinal: int) -> date:
        day = self[ordinal] = date.fromordinal(ordinal)
        return day


_DATES = _Dates()


def _field_source(kind: Any, value: str, name: str, scope: dict[str, Any]) -> str:
    """An expression turning the stored ``value`` of a field of type ``kind`` back into it, for
    ``_record_decoder``; what it needs (a nested decoder) goes into ``scope`` under ``name``.
    The same conversions as ``_decoder``'s, written out where they cost no call of their own."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind is date:
        return f"_dates[{value}]"
    if origin is list:
        element = _decoder(args[0])
        if element is _identity:
            return value  # marshal made this list for this record alone
        scope[name] = element
        return f"list(map({name}, {value}))"  # no comprehension (a call of its own) per list
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        records = [a for a in options if _is_structure(a)]
        if len(options) > 1 and len(records) == 1:
            # ``str | EvidenceDoc``: text stays text, a stored record is a tuple (marshal gives
            # exact types).
            rebuilt = _field_source(records[0], value, name, scope)
            stored = f"{value}.__class__ is tuple or {value}.__class__ is list"
            return f"({rebuilt} if {stored} else {value})"
        if len(options) == 1:
            present = _field_source(options[0], value, name, scope)
            return value if present == value else f"(None if {value} is None else {present})"
    convert = _decoder(kind)
    if convert is _identity:
        return value
    scope[name] = convert
    return f"{name}({value})"


def _dataclass_decoder(kind: type[Any]) -> Callable[[Any], Any]:
    """A frozen dataclass, built through its constructor."""
    import dataclasses

    hints = _field_types(kind)
    fields = [(f.name, _decoder(hints[f.name])) for f in dataclasses.fields(kind)]

    def decode(values: Any) -> Any:
        return kind(**{name: dec(v) for (name, dec), v in zip(fields, values, strict=True)})

    return decode


def _shared(decode: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``decode`` building each distinct stored value once and handing out that one object
    again: for immutable values that recur (many tasks carry the same ``Deadline``). The stored
    value must be hashable (tuples of plain values)."""
    built: dict[Any, Any] = {}

    def decode_shared(values: Any) -> Any:
        try:
            return built[values]
        except KeyError:
            pass
        value = built[values] = decode(values)
        return value

    return decode_shared


def _encode_param(value: Any) -> Any:
    """A finding's parameter: tagged, since its type is not declared anywhere."""
    if isinstance(value, Enum):
        raise _Unstorable(type(value).__name__)
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, date):
        return ("date", value.toordinal())
    if isinstance(value, (list, tuple)):
        return ("list" if isinstance(value, list) else "tuple", [_encode_param(v) for v in value])
    raise _Unstorable(type(value).__name__)


def _decode_param(value: Any) -> Any:
    if not isinstance(value, tuple):
        return value
    tag, inner = value
    if tag == "date":
        return date.fromordinal(inner)
    items = [_decode_param(v) for v in inner]
    return items if tag == "list" else tuple(items)


def _encode_plan(loaded: LoadedPlan) -> tuple[Any, ...]:
    return (
        loaded.plan_file,
        _encode(loaded.plan),
        [(_encode(appendix), file) for appendix, file in loaded.appendices],
        [_encode_finding(f) for f in loaded.findings],
        [(task_id, _encode(deadline)) for task_id, deadline in loaded.deadlines.items()],
        [
            (period, model.model_dump(mode="json"), file)
            for period, (model, file) in loaded.figures.items()
        ],
        None if loaded.catalogue is None else (_encode(loaded.catalogue), loaded.catalogue_file),
        # What scoring reads of the figures, so that ``par status`` needs no pydantic.
        [(period, values, file) for period, (values, file) in loaded.indicators.items()],
    )


def _encode_finding(f: Finding) -> tuple[Any, ...]:
    params = {key: _encode_param(value) for key, value in f.params.items()}
    return (f.path, f.line, f.col, f.rule, f.message, params)


def _decode_plan(root: Path, data: tuple[Any, ...]) -> LoadedPlan:
    from vanthuy_cli.findings import Finding
    from vanthuy_cli.plan.criteria_records import Catalogue
    from vanthuy_cli.plan.deadlines import Deadline
    from vanthuy_cli.plan.loaded import LoadedPlan
    from vanthuy_cli.plan.records import Appendix, Plan

    plan_file, plan, appendices, findings, deadlines, figures, catalogue, indicators = data
    catalogue_record, catalogue_file = None, None
    if catalogue is not None:
        catalogue_record, catalogue_file = _decoder(Catalogue)(catalogue[0]), catalogue[1]
    appendix = _decoder(Appendix)
    deadline = _shared(_decoder(Deadline))  # many tasks carry the same deadline: one object
    loaded = LoadedPlan(
        root,
        _decoder(Plan)(plan),
        plan_file,
        tuple((appendix(a), file) for a, file in appendices),
        {},
        deadlines={task_id: deadline(d) for task_id, d in deadlines},
        findings=tuple(
            Finding(path, line, col, rule, message, {k: _decode_param(v) for k, v in ps.items()})
            for path, line, col, rule, message, ps in findings
        ),
        figures=_Figures({period: (dumped, file) for period, dumped, file in figures}),
        catalogue=catalogue_record,
        catalogue_file=catalogue_file,
    )
    # A cached property of the plan, filled in from the entry rather than from the figures.
    loaded.__dict__["indicators"] = {period: (values, file) for period, values, file in indicators}
    return loaded


class _Figures(Mapping[str, "tuple[PeriodFigures, str]"]):
    """A period's figures as stored, validated again (pydantic) only when a report reads them."""

    def __init__(self, stored: dict[str, tuple[dict[str, Any], str]]) -> None:
        self._stored = stored
        self._built: dict[str, tuple[PeriodFigures, str]] | None = None

    def _models(self) -> dict[str, tuple[PeriodFigures, str]]:
        if self._built is None:
            from vanthuy_cli.plan.figures import PeriodFigures

            self._built = {
                period: (PeriodFigures.model_validate(dumped), file)
                for period, (dumped, file) in self._stored.items()
            }
        return self._built

    def __getitem__(self, period: str) -> tuple[PeriodFigures, str]:
        return self._models()[period]

    def __iter__(self) -> Iterator[str]:
        return iter(self._stored)

    def __len__(self) -> int:
        return len(self._stored)
