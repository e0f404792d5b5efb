"""``Record``: immutable plain-data classes that cost almost nothing to define.

The plan's records (``records.py``, ``criteria_records.py``) were frozen dataclasses. Each
``@dataclass`` writes and compiles five or six methods per class (``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``) when its module is imported: with
some twenty-five records that was the largest part of importing them, paid by every command. A
``Record`` subclass gets the same behaviour from methods written once here, on the base class:

* keyword-only construction with defaults and default factories (``field``), fields in the
  order written, a subclass's after its base's;
* immutable: setting or deleting an attribute raises ``FrozenRecordError``;
* ``==`` compares the class and every field, ``hash`` hashes them (an unhashable field, such as
  a list, makes the record unhashable, as with a frozen dataclass), ``repr`` as a dataclass's;
* ``__slots__`` made from the annotations, so an instance has no ``__dict__``.

``typing.dataclass_transform`` tells type checkers (mypy) to treat subclasses as frozen,
keyword-only dataclasses, so their constructors are checked field by field as before.

``fields``/``replace`` stand for ``dataclasses.fields``/``replace``. ``setters`` gives the
slots' own setters: the plan cache (``reading/plancache.py``) fills a record from stored data
with them without calling ``__init__`` (the stored data was checked when it was written).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar, dataclass_transform

_MISSING: Any = object()
_set = object.__setattr__


class FrozenRecordError(AttributeError):
    """An attempt to change a record (records are immutable)."""


class Field:
    """One field of a record: its name, default or default factory, and metadata (``key``: the
    YAML key it is read from)."""

    __slots__ = ("default", "default_factory", "metadata", "name")

    def __init__(
        self, default: Any, default_factory: Callable[[], Any] | None, metadata: Mapping[str, Any]
    ) -> None:
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.metadata = metadata

    def __repr__(self) -> str:
        return f"Field({self.name!r})"


def field(
    *,
    default: Any = _MISSING,
    default_factory: Callable[[], Any] | None = None,
    metadata: Mapping[str, Any] | None = None,
) -> Any:
    """A field with a default (or a factory making one) and metadata, as ``dataclasses.field``."""
    return Field(default, default_factory, metadata or {})


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
        mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any
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
            own.append(spec)
        namespace["__slots__"] = tuple(spec.name for spec in own)
        # Each class has its own placeholder (a sub-record must not inherit the __init__ written
        # for its base's fields).
        namespace.setdefault("__init__", _first_init)
        cls = super().__new__(mcs, name, bases, namespace, **kwargs)
        cls.__record_fields__ = inherited + tuple(own)  # type: ignore[attr-defined]
        return cls


class Record(metaclass=_RecordType):
    """Base of the immutable records (see the module's docstring)."""

    __slots__ = ()
    __record_fields__: ClassVar[tuple[Field, ...]] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, spec.name) for spec in self.__record_fields__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{spec.name}={getattr(self, spec.name)!r}" for spec in self.__record_fields__
        )
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenRecordError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenRecordError(f"cannot delete field {name!r}")


R = TypeVar("R", bound=Record)


def _init(cls: type[Record]) -> Callable[..., None]:
    """``cls.__init__`` for its fields, keyword-only, as ``dataclasses`` writes it: written and
    compiled only for the record types a command actually constructs (a plan read from the
    cache constructs none), rather than for every type at import."""
    scope: dict[str, Any] = {"_set": _set, "_MISSING": _MISSING}
    params, body = [], []
    for i, spec in enumerate(cls.__record_fields__):
        name = spec.name
        if spec.default_factory is not None:
            scope[f"_factory{i}"] = spec.default_factory
            params.append(f"{name}=_MISSING")
            body.append(
                f"    _set(self, {name!r}, _factory{i}() if {name} is _MISSING else {name})"
            )
            continue
        if spec.default is not _MISSING:
            scope[f"_default{i}"] = spec.default
            params.append(f"{name}=_default{i}")
        else:
            params.append(name)
        body.append(f"    _set(self, {name!r}, {name})")
    head = f"def __init__(self, *, {', '.join(params)}):" if params else "def __init__(self):"
    exec(compile("\n".join([head, *body, "    pass"]), f"<{cls.__name__}.__init__>", "exec"), scope)
    init: Callable[..., None] = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def fields(record: Record | type[Record]) -> tuple[Field, ...]:
    """The fields of a record or record class, in order."""
    return record.__record_fields__


def replace(record: R, **changes: Any) -> R:
    """A copy of ``record`` with ``changes``, as ``dataclasses.replace``."""
    values = {spec.name: getattr(record, spec.name) for spec in record.__record_fields__}
    values.update(changes)
    return type(record)(**values)


def setters(kind: type[Record]) -> list[Callable[[Any, Any], None]]:
    """Each field's slot setter, in field order: ``setters(K)[i](obj, value)`` sets field ``i``
    of a ``K`` made by ``object.__new__(K)``, bypassing ``__init__`` and immutability."""
    return [getattr(kind, spec.name).__set__ for spec in kind.__record_fields__]
