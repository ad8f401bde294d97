"""Schema validation of a read Document: pydantic's errors turned into located problems, each
naming the field and what to write instead.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from safecli.model.errors import InvalidFile, Problem
from safecli.model.labels import STATUS_WORDS
from safecli.read import yamlio
from safecli.read.yamlio import Document

M = TypeVar("M", bound=BaseModel)


# ---------------------------------------------------------------- schema errors


def _dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(f"[{part}]" if isinstance(part, int) else str(part) for part in loc).replace(
        ".[", "["
    )


def _model_at(model: Any, loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that holds the last key of `loc`, for 'expected one of' hints."""
    current = model
    for part in loc:
        current = _inner(current, part)
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner(tp: Any, part: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _inner(typing.get_args(tp)[0], part)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            found = _inner(arg, part)
            if found is not None:
                return found
        return None
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(part) if isinstance(part, str) else None
        return field.annotation if field else None
    if origin is list and isinstance(part, int):
        return typing.get_args(tp)[0]
    if origin is dict:
        return typing.get_args(tp)[1]
    return None


def _fields_of(model: Any, loc: tuple[Any, ...]) -> list[str]:
    holder = _model_at(model, loc)
    return list(holder.model_fields) if holder else []


def schema_problems(doc: Document, error: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Translate pydantic's errors into located, readable problems, one per place."""
    seen: set[tuple[Any, ...]] = set()
    problems: list[Problem] = []
    for err in error.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        known = loc
        while known and known not in doc.marks and known not in doc.key_marks:
            known = known[:-1]
        given = err.get("input")
        ctx = err.get("ctx") or {}
        hint = None
        if kind == "missing":
            name = loc[-1]
            message = f"missing required key {name!r}"
            where = loc[:-1]
            hint = f"add {name}: …"
            key = False
        elif kind == "extra_forbidden":
            name = loc[-1]
            message = f"unknown key {name!r}"
            allowed = _fields_of(model, loc[:-1])
            close = difflib.get_close_matches(str(name), allowed, n=1)
            hint = (f"did you mean {close[0]!r}? " if close else "") + (
                "expected one of: " + ", ".join(allowed) if allowed else "remove it"
            )
            where, key = loc, True
        else:
            where, key = known, False
            message, hint = _describe(kind, err["msg"], given, ctx, loc)
        label = _dotted(where if kind != "missing" else loc)
        text = f"{label}: {message}" if label else message
        dedupe = (where, text)
        if dedupe in seen:
            continue
        seen.add(dedupe)
        problems.append(doc.problem(where, text, hint, key=key))
    return problems


def _describe(
    kind: str, msg: str, given: Any, ctx: dict[str, Any], loc: tuple[Any, ...]
) -> tuple[str, str | None]:
    shown = (
        yamlio.shown(given)
        if isinstance(given, str)
        else repr(given)
        if not isinstance(given, (dict, list))
        else type(given).__name__
    )
    if kind in ("enum", "literal_error"):
        if loc and loc[-1] == "status":
            return (
                f"unknown status {given!r}",
                "expected one of: " + ", ".join(STATUS_WORDS),
            )
        return f"expected one of: {ctx.get('expected', '')} but received: {shown}", None
    if kind.startswith(("int_", "float_")) or kind in ("int_type", "float_type"):
        if kind == "int_from_float":
            return f"expected a whole number but received: {shown}", None
        return f"expected a number but received: {shown}", None
    if kind.startswith(("date_", "datetime_")):
        return f"expected a date but received: {shown}", "write it as YYYY-MM-DD"
    if kind == "string_type":
        return f"expected text but received: {shown}", "quote it"
    if kind == "list_type":
        return f"expected a list but received: {shown}", "write it as a '- ' list"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping (key: value) but received: {shown}", None
    if kind == "string_pattern_mismatch":
        return f"{shown} is not in the expected form ({ctx.get('pattern')})", None
    if kind == "value_error":
        text = msg.removeprefix("Value error, ")
        if "(" in text and text.endswith(")"):
            head, _, tail = text.rpartition(" (")
            return head, tail[:-1]
        return text, None
    if kind == "bool_parsing" or kind == "bool_type":
        return f"expected true or false but received: {shown}", None
    return f"{msg[0].lower()}{msg[1:]} (received: {shown})", None


def validate(doc: Document, model: type[M]) -> M:
    """Validate a parsed document against a model, or raise every schema problem at once."""
    if not isinstance(doc.data, dict):
        raise InvalidFile(
            doc.problem(
                (), f"expected a mapping at the top level but received: {type(doc.data).__name__}"
            )
        )
    try:
        return model.model_validate(doc.data)
    except ValidationError as error:
        deep = doc.nesting_problem()
        if deep is not None:
            raise InvalidFile(deep) from None
        raise InvalidFile(schema_problems(doc, error, model)) from None


def suggest(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=3, cutoff=0.5)
    if close:
        return "did you mean " + ", ".join(close) + "?"
    shown = choices[:12]
    return "expected one of: " + ", ".join(shown) + (", …" if len(choices) > 12 else "")
