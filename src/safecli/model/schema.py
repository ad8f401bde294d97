"""The JSON Schema of the models, for editors (`safecli schema`)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from safecli.model.base import Model


def json_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    """The JSON Schema of `model` for editors (yaml-language-server)."""
    _describe_fields()
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


_DESCRIBED: list[bool] = []


def _describe_fields() -> None:
    """Give every model's fields their docstrings as descriptions, once, and rebuild them."""
    if _DESCRIBED:
        return
    from pydantic._internal._docs_extraction import extract_docstrings_from_cls

    from safecli.model import (
        base,
        labels,
        overlay,
        plan_text,
        profile,
        record,
        rules,
        standard,
        waivers,
    )

    models = [  # modules in the order they build on each other
        value
        for module in (base, labels, plan_text, rules, standard, waivers, record, profile, overlay)
        for name, value in vars(module).items()
        if isinstance(value, type)
        and issubclass(value, Model)
        and value is not Model
        and value.__module__ == module.__name__
    ]
    for cls in models:  # in definition order: a model's parts are rebuilt before it
        docs = extract_docstrings_from_cls(cls, use_inspect=True)
        for name, info in cls.model_fields.items():
            if info.description is None and name in docs:
                info.description = docs[name]
        cls.model_rebuild(force=True)
    _DESCRIBED.append(True)
