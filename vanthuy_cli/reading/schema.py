"""Check parsed YAML against the models, with each error at its line and column; export JSON Schema.

pydantic reports an error at a location such as ``("nhom", 0, "nhiem_vu", 3, "chu_tri")``: the
same path ``yamlio`` recorded positions for, because aliases are the YAML keys. Errors become
findings here, in one place, with catalogue keys instead of pydantic's English text.
"""

from __future__ import annotations

import difflib
import json
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from vanthuy_cli.findings import Finding, finding
from vanthuy_cli.plan import keys as K
from vanthuy_cli.plan.criteria import Catalogue
from vanthuy_cli.plan.figures import PeriodFigures
from vanthuy_cli.plan.model import KINDS, Appendix, Plan
from vanthuy_cli.storage.yamlio import YamlDoc

#: pydantic error type → the catalogue's word for what was expected (``type.<word>``).
_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "integer",
    "int_parsing": "integer",
    "int_from_float": "integer",
    "float_type": "number",
    "float_parsing": "number",
    "finite_number": "finite",  # 1e309 or .inf: YAML reads them as infinity
    "bool_type": "boolean",
    "bool_parsing": "boolean",
    "list_type": "list",
    "dict_type": "mapping",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
}
#: Plain words that YAML 1.1 tools read as booleans; par reads them as text and says so.
_YAML11_BOOLEANS = frozenset({"yes", "no", "on", "off", "y", "n", "true", "false"})


def validate(doc: YamlDoc) -> tuple[BaseModel | None, list[Finding]]:
    """Validate ``doc.data`` against the model its ``loai`` names; return the model or findings."""
    data = doc.data
    if not isinstance(data, dict):
        return None, [finding(doc.name, (1, 1), "SCHEMA-TYPE", "schema.root_not_mapping")]
    kind = data.get(K.KIND)
    kinds: dict[str, type[BaseModel]] = {**KINDS, K.KIND_CATALOGUE: Catalogue}
    model = kinds.get(kind) if isinstance(kind, str) else None
    if model is None:
        pos = doc.pos((K.KIND,)) if K.KIND in data else (1, 1)
        return None, [
            finding(
                doc.name, pos, "SCHEMA-KIND", "schema.kind", value="" if kind is None else str(kind)
            )
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_to_finding(doc, model, err) for err in exc.errors(include_url=False)]


def _to_finding(doc: YamlDoc, model: type[BaseModel], err: Any) -> Finding:
    loc: tuple[str | int, ...] = tuple(err["loc"])
    kind: str = err["type"]
    field = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
    value = err.get("input")
    shown = value if isinstance(value, (str, int, float)) else ""
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        return finding(
            doc.name,
            doc.pos(loc, key=True),
            "SCHEMA-UNKNOWN-KEY",
            "schema.unknown_key",
            key=str(loc[-1]),
            suggestion=close[0] if close else "",
            allowed=", ".join(sorted(allowed)),
            hint="schema.hint.did_you_mean" if close else "schema.hint.allowed" if allowed else "",
        )
    if kind == "missing":
        return finding(
            doc.name, doc.pos(loc[:-1]), "SCHEMA-MISSING-KEY", "schema.missing_key", key=field
        )
    pos = doc.pos(loc)
    if value is None and kind in _TYPE_WORDS:
        return finding(doc.name, pos, "SCHEMA-VALUE", "schema.empty", key=field)
    if kind in ("enum", "literal_error"):
        expected = err.get("ctx", {}).get("expected", "")
        hint = "schema.hint.yaml11" if str(value).lower() in _YAML11_BOOLEANS else ""
        return finding(
            doc.name,
            pos,
            "SCHEMA-VALUE",
            "schema.choice",
            key=field,
            value=shown,
            expected=expected.replace("'", "").replace(" or ", ", "),
            hint=hint,
        )
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        limit = next(iter(err.get("ctx", {}).values()), "")
        return finding(
            doc.name, pos, "SCHEMA-VALUE", f"schema.{kind}", key=field, value=shown, limit=limit
        )
    if kind == "string_too_short":
        return finding(doc.name, pos, "SCHEMA-VALUE", "schema.empty", key=field)
    if kind == "string_pattern_mismatch":
        return finding(doc.name, pos, "SCHEMA-VALUE", "schema.roster_id", key=field, value=shown)
    if kind in ("vn_date", "vn_date_range"):
        return finding(doc.name, pos, "SCHEMA-VALUE", f"schema.{kind}", key=field, value=shown)
    if kind in _TYPE_WORDS:
        expected = _TYPE_WORDS[kind]
        hint = "schema.hint.decimal" if expected == "number" and "," in str(value) else ""
        # A block or list where text was expected is described, not dumped.
        found = (
            {"value_key": "type.mapping"}
            if isinstance(value, dict)
            else {"value_key": "type.list"}
            if isinstance(value, list)
            else {"value": shown}
        )
        return finding(
            doc.name,
            pos,
            "SCHEMA-TYPE",
            "schema.type",
            key=field,
            expected_key=f"type.{expected}",
            hint=hint,
            **found,
        )
    return finding(doc.name, pos, "SCHEMA-TYPE", "schema.other", key=field, detail=err["msg"])


def _allowed_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The YAML keys valid at ``loc`` inside ``model``, by walking the field annotations."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = next((f for f in current.model_fields.values() if f.alias == part), None)
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _inner_model(annotation: Any) -> Any:
    """``list[Task] | None`` → ``Task``: the model a field's values are made of, if any."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            inner = _inner_model(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
        return None
    return annotation


# ----------------------------------------------------------------------------------- JSON Schema

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "ke-hoach": Plan,
    "phu-luc": Appendix,
    "so-lieu": PeriodFigures,
    "bo-tieu-chi": Catalogue,
}


def json_schema(name: str) -> dict[str, Any]:
    """A draft-07 JSON Schema for the plan (``ke-hoach``) or an appendix (``phu-luc``).

    pydantic writes draft 2020-12 with ``$defs``; yaml-language-server and most editors handle
    draft-07 best, so references are moved to ``definitions``.
    """
    model = SCHEMA_FILES[name]
    schema = model.model_json_schema(
        by_alias=True, ref_template="#/definitions/{model}", mode="validation"
    )
    definitions = schema.pop("$defs", {})
    out: dict[str, Any] = {"$schema": "http://json-schema.org/draft-07/schema#"}
    out.update(schema)
    if definitions:
        out["definitions"] = definitions
    adjusted: dict[str, Any] = _for_editors(out)
    return adjusted


def _for_editors(node: Any, *, in_properties: bool = False) -> Any:
    """Adjust pydantic's schema to what an editor should say while the clerk types.

    * par reads every plain scalar as text, so ``so: 1`` is as good as ``so: "1"``; editors read
      YAML 1.2 and would call ``1`` a number: free-text fields accept numbers too.
    * pydantic's automatic titles ("Tieu De") are noise in hover text; descriptions stay.
    """
    if isinstance(node, list):
        return [_for_editors(n) for n in node]
    if not isinstance(node, dict):
        return node
    if in_properties:  # keys here are YAML key names, not schema keywords
        return {k: _for_editors(v) for k, v in node.items()}
    out = {}
    for key, value in node.items():
        if key == "title" and isinstance(value, str):
            continue
        out[key] = _for_editors(value, in_properties=key in ("properties", "definitions"))
    if out.get("type") == "string" and not {"pattern", "const", "enum", "format"} & out.keys():
        out["type"] = ["string", "number"]
    return out


def json_schema_text(name: str) -> str:
    """The schema as the committed file holds it (stable key order, trailing newline)."""
    return json.dumps(json_schema(name), ensure_ascii=False, indent=2) + "\n"
