"""The plain records (``records.py``) mirror the schema (``model.py``) field for field."""

from __future__ import annotations

import pytest

from vanthuy_cli.plan import criteria, criteria_records, model, records, recordtype
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
