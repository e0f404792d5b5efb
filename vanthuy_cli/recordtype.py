"""``Record``: immutable plain-data classes that cost almost nothing to define.

It sits at the package's root (the lowest layer) so that every layer can use it: the findings
and the text helpers as well as the plan's records and the views.

The plan's records (``records.py``, ``criteria_records.py``) were frozen dataclasses. Each
``@dataclass`` writes and compiles five or six methods per class (``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``) when its module is imported: with
some twenty-five records that was the largest part of importing them, paid by every command. A
``Record`` subclass gets the same behaviour from methods written once here, on the base class:

* keyword-only construction with defaults and default factories (``field``), fields in the
  order written, a subclass's after its base's; ``class P(Record, kw_only=False)`` takes its
  own fields by position too, as a dataclass does (keyword-only fields after positional ones);
* immutable: setting or deleting an attribute raises ``FrozenRecordError``;
* ``==`` compares the class and every field, ``hash`` hashes them (an unhashable field, such as
  a list, makes the record unhashable, as with a frozen dataclass), ``repr`` as a dataclass's;
  a ``field(compare=False)`` is left out of both, as in a dataclass; ``order=True`` adds
  ``<``, ``<=``, ``>``, ``>=`` comparing the fields in order (``@dataclass(order=True)``);
  the tuples compared and hashed are the ones a dataclass builds, so hashes are the same too;
* ``__slots__`` made from the annotations, so an instance has no ``__dict__``.

``typing.dataclass_transform`` tells type checkers (mypy) to treat subclasses as frozen,
keyword-only dataclasses (positional with ``kw_only=False``, ordered with ``order=True``), so
their constructors and comparisons are checked as before.

``fields``/``replace`` stand for ``dataclasses.fields``/``replace``. ``setters`` gives the
slots' own setters: the plan cache (``reading/plancache.py``) fills a record from stored data
with them without calling ``__init__`` (the stored data was checked when it was written).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar, dataclass_transform

_MISSING: Any = object()
_set = object.__setattr__


class FrozenRecordError(AttributeError):
    """An attempt to change a record (records are immutable)."""


class Field:
    """One field of a record: its name, default or default factory, metadata (``key``: the YAML
    key it is read from), whether ``==`` and ``hash`` look at it, and whether the constructor
    takes it by keyword only (the ``kw_only`` of the class that declares it)."""

    __slots__ = ("compare", "default", "default_factory", "kw_only", "metadata", "name")

    def __init__(
        self,
        default: Any,
        default_factory: Callable[[], Any] | None,
        metadata: Mapping[str, Any],
        compare: bool = True,
    ) -> None:
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.metadata = metadata
        self.compare = compare
        self.kw_only = True

    def __repr__(self) -> str:
        return f"Field({self.name!r})"


def field(
    *,
    default: Any = _MISSING,
    default_factory: Callable[[], Any] | None = None,
    compare: bool = True,
    metadata: Mapping[str, Any] | None = None,
) -> Any:
    """A field with a default (or a factory making one), left out of ``==`` and ``hash`` when
    ``compare`` is false, and metadata, as ``dataclasses.field``."""
    return Field(default, default_factory, metadata or {}, compare)


def _first_init(self: Any, *args: Any, **values: Any) -> None:
    """Every record class's ``__init__`` until its first construction, which replaces it with
    one written for the class's fields (``_init``) and calls that."""
    cls = type(self)
    init = _init(cls)
    setattr(cls, "__init__", init)  # noqa: B010
    init(self, *args, **values)


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(field,))
class _RecordType(type):
    """Turns a class body's annotations into slots and ``Field`` entries (see ``Record``)."""

    def __new__(
        mcs,
        name: str,
        bases: tuple[type, ...],
        namespace: dict[str, Any],
        *,
        kw_only: bool = True,
        order: bool = False,
        **kwargs: Any,
    ) -> _RecordType:
        inherited: tuple[Field, ...] = ()
        for base in bases:
            inherited += getattr(base, "__record_fields__", ())
        own: list[Field] = []
        for attr, annotation in namespace.get("__annotations__", {}).items():
            if "ClassVar" in str(annotation):
                continue
            value = namespace.pop(attr, _MISSING)  # a class attribute would shadow the slot
            spec = value if isinstance(value, Field) else Field(value, None, {})
            spec.name = attr
            spec.kw_only = kw_only
            own.append(spec)
        namespace["__slots__"] = tuple(spec.name for spec in own)
        # Each class has its own placeholder (a sub-record must not inherit the __init__ written
        # for its base's fields).
        namespace.setdefault("__init__", _first_init)
        if order:
            namespace.update(_ORDERING)
        cls = super().__new__(mcs, name, bases, namespace, **kwargs)
        every = inherited + tuple(own)
        cls.__record_fields__ = every  # type: ignore[attr-defined]
        key = _key([spec.name for spec in every if spec.compare])
        cls.__record_key__ = staticmethod(key)  # type: ignore[attr-defined]
        return cls


def _key(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of a record's compared fields, as a dataclass's ``__eq__`` and ``__hash__``
    build it (``attrgetter`` does it in C; it returns the bare value for a single name)."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        one = operator.attrgetter(names[0])
        return lambda record: (one(record),)
    return lambda record: ()


class Record(metaclass=_RecordType):
    """Base of the immutable records (see the module's docstring)."""

    __slots__ = ()
    __record_fields__: ClassVar[tuple[Field, ...]] = ()
    #: The compared fields' values as a tuple (set by ``_RecordType`` for every class).
    __record_key__: ClassVar[Callable[[Any], tuple[Any, ...]]]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        key = type(self).__record_key__
        return key(self) == key(other)

    def __hash__(self) -> int:
        return hash(type(self).__record_key__(self))

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{spec.name}={getattr(self, spec.name)!r}" for spec in self.__record_fields__
        )
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenRecordError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenRecordError(f"cannot delete field {name!r}")


def _ordering(op: Callable[[Any, Any], bool]) -> Callable[[Record, object], Any]:
    """``__lt__`` and the like for ``order=True``: the compared fields in order, as a tuple."""

    def compare(self: Record, other: object) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        key = type(self).__record_key__
        return op(key(self), key(other))

    return compare


_ORDERING = {
    "__lt__": _ordering(operator.lt),
    "__le__": _ordering(operator.le),
    "__gt__": _ordering(operator.gt),
    "__ge__": _ordering(operator.ge),
}


R = TypeVar("R", bound=Record)
T = TypeVar("T")


def _init(cls: type[Record]) -> Callable[..., None]:
    """``cls.__init__`` for its fields (keyword-only unless ``kw_only=False``), as
    ``dataclasses`` writes it: written and compiled on the type's first construction
    (``_first_init``; a plan read from the cache constructs none), rather than for every type
    at import."""
    scope: dict[str, Any] = {"_set": _set, "_MISSING": _MISSING}
    params: list[str] = []
    keywords: list[str] = []
    body: list[str] = []
    for i, spec in enumerate(cls.__record_fields__):
        into = keywords if spec.kw_only else params
        name = spec.name
        if spec.default_factory is not None:
            scope[f"_factory{i}"] = spec.default_factory
            into.append(f"{name}=_MISSING")
            body.append(
                f"    _set(self, {name!r}, _factory{i}() if {name} is _MISSING else {name})"
            )
            continue
        if spec.default is not _MISSING:
            scope[f"_default{i}"] = spec.default
            into.append(f"{name}=_default{i}")
        else:
            into.append(name)
        body.append(f"    _set(self, {name!r}, {name})")
    head = f"def __init__({', '.join(['self', *params, *(['*', *keywords] if keywords else [])])}):"
    exec(compile("\n".join([head, *body, "    pass"]), f"<{cls.__name__}.__init__>", "exec"), scope)
    init: Callable[..., None] = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def fields(record: Record | type[Record]) -> tuple[Field, ...]:
    """The fields of a record or record class, in order."""
    return record.__record_fields__


def replace(record: T, **changes: Any) -> T:
    """A copy of ``record`` with ``changes``, as ``dataclasses.replace``; also of a dataclass
    (through ``dataclasses.replace``), so code need not know which of the two a value is."""
    if not isinstance(record, Record):
        import dataclasses  # only for the dataclasses that remain, none on the warm path

        return dataclasses.replace(record, **changes)  # type: ignore[type-var]
    values = {spec.name: getattr(record, spec.name) for spec in record.__record_fields__}
    values.update(changes)
    return type(record)(**values)


def setters(kind: type[Record]) -> list[Callable[[Any, Any], None]]:
    """Each field's slot setter, in field order: ``setters(K)[i](obj, value)`` sets field ``i``
    of a ``K`` made by ``object.__new__(K)``, bypassing ``__init__`` and immutability."""
    return [getattr(kind, spec.name).__set__ for spec in kind.__record_fields__]
