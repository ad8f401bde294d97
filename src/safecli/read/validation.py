"""Schema validation of a read Document: pydantic's errors turned into located problems, each
naming the field and what to write instead.
"""

from __future__ import annotations

import difflib
import types
import typing
import unicodedata
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from safecli.model.errors import Code, InvalidFile, Problem
from safecli.model.labels import STATUS_WORDS
from safecli.model.vocabulary import STATUSES
from safecli.model.waivers import EVIDENCE_FILE_TAG, EVIDENCE_TEXT_TAG
from safecli.model.wording import Invalid
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


UNION_TAGS = frozenset({EVIDENCE_FILE_TAG, EVIDENCE_TEXT_TAG})
"""The tags of the models' tagged unions (an evidence entry: a file or a text)."""


def schema_problems(doc: Document, error: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Translate pydantic's errors into located, readable problems by code, one per place."""
    seen: set[tuple[Any, ...]] = set()
    problems: list[Problem] = []
    for err in error.errors(include_url=False):
        # a union's tag names the branch pydantic chose, not a key of the file
        loc = tuple(part for part in err["loc"] if part not in UNION_TAGS)
        kind = err["type"]
        known = loc
        while known and not doc.has_path(known):
            known = known[:-1]
        given = err.get("input")
        ctx = err.get("ctx") or {}
        hint: str | None = None
        params: dict[str, Any]
        if kind == "missing":
            name = loc[-1]
            code, hint, params = (
                Code("missing-key"),
                Code("hint-add-key"),
                {"quoted": repr(name), "name": name},
            )
            where = loc[:-1]
            key = False
        elif kind == "extra_forbidden":
            name = loc[-1]
            allowed = _fields_of(model, loc[:-1])
            # a key typed in full-width letters (ｓｔａｎｄａｒｄ) is compared as its ASCII
            folded = unicodedata.normalize("NFKC", str(name))
            close = difflib.get_close_matches(folded, allowed, n=1)
            code, params = Code("unknown-key"), {"quoted": repr(name)}
            if allowed:
                hint = Code("hint-did-you-mean-expected") if close else Code("hint-expected-one-of")
                params.update(close=repr(close[0]) if close else "", expected=", ".join(allowed))
            else:
                hint = Code("hint-remove-it")
            where, key = loc, True
        else:
            where, key = known, False
            code, hint, params = _describe(kind, err["msg"], given, ctx, loc)
        label = _dotted(where if kind != "missing" else loc)
        if label and "field" not in params:
            params["field"] = label
        dedupe = (where, code, tuple(sorted(map(str, params.items()))))
        if dedupe in seen:
            continue
        seen.add(dedupe)
        problems.append(doc.coded(where, code, hint=hint, key=key, **params))
    return problems


LIMITS = {
    "greater_than": (Code("expected-above"), "gt"),
    "greater_than_equal": (Code("expected-at-least"), "ge"),
    "less_than": (Code("expected-below"), "lt"),
    "less_than_equal": (Code("expected-at-most"), "le"),
}
"""pydantic's bounds of a number: the code and the key of the bound in the error's context."""
LENGTHS = {
    "too_long": Code("list-too-long"),
    "too_short": Code("list-too-short"),
    "string_too_long": Code("text-too-long"),
    "string_too_short": Code("text-too-short"),
}
"""pydantic's bounds of a list's or a text's length, by code."""


_EMPTY_KINDS = frozenset(
    (
        "string_type",
        "date_type",
        "date_parsing",
        "datetime_type",
        "int_type",
        "float_type",
        "list_type",
        "dict_type",
        "model_type",
        "model_attributes_type",
    )
)
"""pydantic's errors that, on a value left empty (None), mean it was not filled in."""


def _describe(
    kind: str, msg: str, given: Any, ctx: dict[str, Any], loc: tuple[Any, ...]
) -> tuple[str, str | None, dict[str, Any]]:
    """The code, hint code and parameters of one of pydantic's errors."""
    shown = (
        yamlio.shown(given)
        if isinstance(given, str)
        else repr(given)
        if not isinstance(given, (dict, list))
        else type(given).__name__
    )
    value = {"value": shown}
    if given is None and kind in _EMPTY_KINDS:  # `name:` with nothing after it (a blank record)
        dated = kind.startswith(("date_", "datetime_"))
        return Code("value-empty"), Code("hint-fill-in-date" if dated else "hint-fill-in"), {}
    if kind in ("enum", "literal_error"):
        if loc and loc[-1] == "status":
            return (
                Code("unknown-status"),
                Code("hint-statuses"),
                {
                    "status": repr(given),
                    "expected": ", ".join(STATUS_WORDS),
                    "expected_zh": "、".join(STATUSES.words()[len(STATUSES.terms) :]),
                },
            )
        expected = str(ctx.get("expected", ""))
        listed = {"expected": expected, "expected_zh": expected.replace(" or ", ", ")}
        return Code("expected-one-of"), None, {**listed, **value}
    if kind.startswith(("int_", "float_")) or kind in ("int_type", "float_type"):
        if kind == "int_from_float":
            return Code("expected-whole-number"), None, value
        return Code("expected-number"), Code("hint-number-alone"), value
    if kind.startswith(("date_", "datetime_")):
        return Code("expected-date"), Code("hint-write-iso-date"), value
    if kind == "string_type":
        return Code("expected-text"), Code("hint-quote-it"), value
    if kind == "list_type":
        return Code("expected-list"), Code("hint-dash-list"), value
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return Code("expected-mapping"), None, value
    if kind == "string_pattern_mismatch":
        return Code("not-expected-form"), None, {"pattern": ctx.get("pattern"), **value}
    if kind == "value_error":
        refused = ctx.get("error")
        if isinstance(refused, Invalid):
            return refused.code, refused.hint, dict(refused.params)
        return Code("schema-error"), None, {"what": msg.removeprefix("Value error, ")}
    if kind == "bool_parsing" or kind == "bool_type":
        return Code("expected-bool"), None, value
    if kind in LIMITS:
        code, key = LIMITS[kind]
        return code, None, {"limit": ctx.get(key), **value}
    if kind in LENGTHS:
        code = LENGTHS[kind]
        limit = ctx.get("max_length" if kind.endswith("long") else "min_length")
        count = ctx.get("actual_length", len(given) if isinstance(given, str) else "")
        return code, None, {"limit": limit, "count": count, **value}
    return Code("schema-error-received"), None, {"what": f"{msg[0].lower()}{msg[1:]}", **value}


def validate(doc: Document, model: type[M]) -> M:
    """Validate a parsed document against a model, or raise every schema problem at once."""
    if not isinstance(doc.data, dict):
        raise InvalidFile(doc.coded((), "expected-top-mapping", value=type(doc.data).__name__))
    try:
        return model.model_validate(doc.data)
    except ValidationError as error:
        deep = doc.nesting_problem()
        if deep is not None:
            raise InvalidFile(deep) from None
        raise InvalidFile(schema_problems(doc, error, model)) from None


def suggest(value: str, choices: list[str]) -> dict[str, str]:
    """The hint for a name not among `choices`: the close ones, else the first twelve. Spread
    into a coded problem: `doc.coded(loc, "unknown-item", **suggest(name, ids), item=name)`."""
    close = difflib.get_close_matches(value, choices, n=3, cutoff=0.5)
    if close:
        return {"hint": "hint-did-you-mean", "close": ", ".join(close)}
    shown = ", ".join(choices[:12]) + (", …" if len(choices) > 12 else "")
    return {"hint": Code("hint-expected-one-of"), "expected": shown}
