"""The plain records (``records.py``) mirror the schema (``model.py``) field for field."""

from __future__ import annotations

import pytest

from vanthuy_cli import recordtype
from vanthuy_cli.plan import criteria, criteria_records, model, records
from vanthuy_cli.reading.workspace import load_workspace

from .conftest import SHIPPED_PLANS


@pytest.mark.parametrize("name", sorted(records.RECORDS))
def test_record_has_the_models_fields_keys_and_defaults(name: str) -> None:
    schema = getattr(model, name)
    record = records.RECORDS[name]
    fields = {f.name: f for f in recordtype.fields(record)}
    assert list(fields) == list(schema.model_fields)  # same order: JSON output keeps it
    for attr, info in schema.model_fields.items():
        assert fields[attr].metadata["key"] == info.alias
        if not info.is_required():
            default = info.get_default(call_default_factory=True)
            mine = fields[attr]
            got = mine.default_factory() if callable(mine.default_factory) else mine.default
            assert got == model.to_record(default)


def test_loaded_plan_holds_records_not_pydantic_objects() -> None:
    ws = load_workspace(SHIPPED_PLANS).require_valid()
    assert isinstance(ws.plan, records.Plan)
    task = ws.tasks[0].task
    assert isinstance(task, records.Task)
    assert all(isinstance(e, records.ProgressEntry) for ref in ws.tasks for e in ref.task.progress)


def test_dates_parse_without_pydantic() -> None:
    assert records.parse_day(" 30/9/2024 ").isoformat() == "2024-09-30"
    with pytest.raises(records.NotADate):
        records.parse_day("31/2/2024")
    with pytest.raises(records.NotADate):
        records.parse_day("Quý III")


@pytest.mark.parametrize("name", sorted(criteria_records.RECORDS))
def test_catalogue_record_has_the_models_fields_keys_and_defaults(name: str) -> None:
    schema = getattr(criteria, name)
    record = criteria_records.RECORDS[name]
    fields = {f.name: f for f in recordtype.fields(record)}
    assert list(fields) == list(schema.model_fields)
    for attr, info in schema.model_fields.items():
        assert fields[attr].metadata["key"] == info.alias
        if not info.is_required() and (name, attr) != ("ClerkEntry", "documents"):
            default = info.get_default(call_default_factory=True)
            mine = fields[attr]
            got = mine.default_factory() if callable(mine.default_factory) else mine.default
            assert got == criteria.to_record(default)


def test_loaded_catalogue_is_records_and_scores_as_before() -> None:
    """The catalogue a command sees is plain data; one document or a list reads the same."""
    ws = load_workspace(SHIPPED_PLANS).require_valid()
    assert isinstance(ws.catalogue, criteria_records.Catalogue)
    leaves = ws.catalogue.leaves()
    assert leaves and all(isinstance(leaf, criteria_records.Scored) for _, _, leaf in leaves)
    entries = [entry for _, _, leaf in leaves for entry in leaf.entries]
    assert entries and all(isinstance(e.documents, list) for e in entries)
    docs = [d for e in entries for d in e.documents if not isinstance(d, str)]
    assert all(isinstance(d, records.EvidenceDoc) for d in docs)
    model = criteria.ClerkEntry.model_validate({"ngay": "2024-09-30", "minh_chung": "Biên bản"})
    assert criteria.to_record(model).documents == ["Biên bản"]


def test_records_behave_as_frozen_dataclasses() -> None:
    """``recordtype.Record`` replaced ``@dataclass(frozen=True, slots=True, kw_only=True)``: the
    same construction, equality, hashing, repr and immutability."""
    target = records.Target(metric="Tỷ lệ", value=95)
    assert target.comparison == ">=" and target.unit is None  # defaults
    assert target == records.Target(metric="Tỷ lệ", value=95)
    assert target != records.Target(metric="Tỷ lệ", value=90)
    assert hash(target) == hash(records.Target(metric="Tỷ lệ", value=95))
    assert repr(target) == (
        "Target(metric='Tỷ lệ', comparison='>=', value=95, unit=None, figure=None)"
    )
    assert not hasattr(target, "__dict__")
    with pytest.raises(AttributeError):
        target.value = 1  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del target.value
    # Records of different types never compare equal, even with equal fields.
    assert records.NumberedParagraph(number="1", text="a") != records.AppendixRef(
        number="1", file="a"
    )
    # A default factory gives each record its own list; an unhashable field, no hash.
    one, two = (records.Group(number="1", title="a") for _ in range(2))
    assert one.tasks == [] and one.tasks is not two.tasks
    with pytest.raises(TypeError):
        hash(one)
    with pytest.raises(TypeError):
        records.Group(number="1")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        records.Group(number="1", title="a", size=3)  # type: ignore[call-arg]
    moved = recordtype.replace(one, title="b")
    assert (moved.number, moved.title, one.title) == ("1", "b", "a")
    # A sub-record lists its base's fields first, then its own, and has its own constructor
    # even when its base (or a sibling) was constructed first.
    names = [f.name for f in recordtype.fields(criteria_records.Criterion)]
    assert names[:2] == ["number", "title"] and names[-1] == "children"
    child = criteria_records.SubCriterion(number="1.1", title="con")
    parent = criteria_records.Criterion(number="1", title="cha", children=[child])
    assert parent.children == [child] and not hasattr(child, "children")
    with pytest.raises(TypeError):
        criteria_records.Scored(number="1", title="t", children=[])  # type: ignore[call-arg]


def test_positional_ordered_records_behave_as_the_dataclasses_they_replaced() -> None:
    """``Record`` with ``kw_only=False``, ``order=True`` and ``field(compare=False)`` (used by
    ``Period``, ``Deadline``, the scorecard, ``Finding``…) against the dataclass it stands for:
    construction, equality, hash (the same number), order, repr, replace."""
    import dataclasses

    @dataclasses.dataclass(frozen=True, order=True)
    class Old:
        year: int
        kind: str
        index: int = 1
        note: dict[str, int] = dataclasses.field(default_factory=dict, compare=False)

    class Old2(recordtype.Record, kw_only=False, order=True):  # the same, as a record
        year: int
        kind: str
        index: int = 1
        note: dict[str, int] = recordtype.field(default_factory=dict, compare=False)

    cases = [(2024, "quarter", 3), (2024, "quarter", 1), (2023, "year", 1), (2024, "half", 1)]
    olds = [Old(*c) for c in cases]
    news = [Old2(*c) for c in cases]
    assert [repr(n) for n in news] == [repr(o).replace("Old(", "Old2(") for o in olds]
    assert [hash(n) for n in news] == [hash(o) for o in olds]
    order = sorted(range(len(cases)), key=lambda k: olds[k])
    assert sorted(range(len(cases)), key=lambda k: news[k]) == order
    assert [news[0] < n for n in news] == [olds[0] < o for o in olds]
    assert [news[0] >= n for n in news] == [olds[0] >= o for o in olds]
    # Positional, keyword and mixed construction; the uncompared field is left out of ==.
    assert Old2(2024, "quarter", 3, {"a": 1}) == Old2(year=2024, kind="quarter", index=3)
    assert Old2(2024, kind="year").index == 1 and Old2(2024, "year").note == {}
    assert Old2(2024, "year") != Old2(2024, "year", 2)
    assert Old2(2024, "year").__eq__(Old(2024, "year")) is NotImplemented
    with pytest.raises(TypeError):
        Old2(2024, "year") < Old(2024, "year")  # noqa: B015 - comparing types that differ
    with pytest.raises(TypeError):
        Old2(2024, "year", 1, {}, 5)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Old2(2024)  # type: ignore[call-arg]
    with pytest.raises(AttributeError):
        news[0].year = 2025  # type: ignore[misc]
    # ``replace`` takes records and dataclasses alike.
    assert recordtype.replace(news[0], index=4) == Old2(2024, "quarter", 4)
    assert recordtype.replace(olds[0], index=4) == Old(2024, "quarter", 4)


def test_a_keyword_only_record_takes_no_positions_even_under_a_positional_one() -> None:
    class Base(recordtype.Record, kw_only=False):
        a: int

    class Sub(Base):  # its own fields are keyword-only, as in a dataclass with kw_only=True
        b: int = 0

    assert Sub(1, b=2) == Sub(a=1, b=2) and repr(Sub(1)).endswith(".Sub(a=1, b=0)")
    with pytest.raises(TypeError):
        Sub(1, 2)  # type: ignore[misc]


def test_periods_and_deadlines_compare_hash_and_sort_as_tuples() -> None:
    from vanthuy_cli.plan.deadlines import parse_deadline
    from vanthuy_cli.plan.periods import Period, PeriodKind, parse_period

    q3 = parse_period("2024-Q3")
    assert q3 == Period(2024, PeriodKind.QUARTER, 3) and hash(q3) == hash((2024, "quarter", 3))
    assert sorted(map(parse_period, ["2024-Q3", "2023", "2024-09", "2024-H1"])) == [
        Period(2023, PeriodKind.YEAR, 1),
        Period(2024, PeriodKind.HALF, 1),
        Period(2024, PeriodKind.MONTH, 9),
        Period(2024, PeriodKind.QUARTER, 3),
    ]
    assert repr(q3) == "Period(year=2024, kind=<PeriodKind.QUARTER: 'quarter'>, index=3)"
    assert str(q3) == "2024-Q3"
    deadline = parse_deadline("Hằng quý, trước ngày 20", 2024)
    assert deadline == parse_deadline("Hằng quý, trước ngày 20", 2024)
    assert {deadline: 1}[parse_deadline("Hằng quý, trước ngày 20", 2024)] == 1
    assert deadline.day == 19 and deadline.every is PeriodKind.QUARTER


def test_findings_compare_without_their_parameters_as_before() -> None:
    from vanthuy_cli.findings import RULES, Finding, Severity, finding
    from vanthuy_cli.textutil import Phrase

    one = finding("a.yaml", (3, 5), "YAML-TAB", "yaml.tab", line_text="x")
    two = Finding("a.yaml", 3, 5, "YAML-TAB", "yaml.tab", {"other": 1})
    assert one == two and hash(one) == hash(("a.yaml", 3, 5, "YAML-TAB", "yaml.tab"))
    assert one.params == {"line_text": "x"} and Finding("a", 0, 0, "FILE-EMPTY", "m").params == {}
    assert repr(one) == (
        "Finding(path='a.yaml', line=3, col=5, rule='YAML-TAB', message='yaml.tab', "
        "params={'line_text': 'x'})"
    )
    assert not hasattr(one, "__dict__") and RULES["YAML-TAB"].severity is Severity.ERROR
    assert Phrase.parse(" Số hóa ") == Phrase(("số", "hóa"), "Số hóa") and not Phrase.parse(" ")


def test_a_record_type_writes_its_init_on_first_construction() -> None:
    """No ``__init__`` is compiled at import; the first construction writes one for the type's
    fields (positional and keyword, defaults, factories) and it refuses the usual mistakes."""

    class Row(recordtype.Record, kw_only=False):
        number: str
        count: int = 0
        tags: list[str] = recordtype.field(default_factory=list)

    assert Row.__init__ is recordtype._first_init
    rows = [Row("1"), Row("1", 2), Row(number="1", count=2, tags=["a"]), Row("1", tags=["a"])]
    assert Row.__init__ is not recordtype._first_init  # its own, written and compiled
    assert [(r.number, r.count, r.tags) for r in rows] == [
        ("1", 0, []),
        ("1", 2, []),
        ("1", 2, ["a"]),
        ("1", 0, ["a"]),
    ]
    assert repr(rows[2]).endswith("<locals>.Row(number='1', count=2, tags=['a'])")
    assert rows[0].tags is not Row("2").tags  # a fresh list from the factory each time
    for bad in (
        lambda: Row(),  # type: ignore[call-arg]
        lambda: Row("1", 2, [], 4),  # type: ignore[call-arg]
        lambda: Row("1", number="2"),  # type: ignore[misc]
        lambda: Row("1", size=3),  # type: ignore[call-arg]
    ):
        with pytest.raises(TypeError):
            bad()
