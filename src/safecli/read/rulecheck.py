"""Checks of the 评分方法 rules a schema cannot express, in a standard and in a record.

Called by `loading` beside its other meaning checks, so one run reports every problem.
"""

from __future__ import annotations

from typing import Any

from safecli.model.errors import Problem
from safecli.model.labels import Status
from safecli.model.record import Response
from safecli.model.standard import Item
from safecli.read.yamlio import Document


def _ids(value: Any, key: str) -> list[tuple[int, str]]:
    entries = value.get(key) if isinstance(value, dict) else None
    if not isinstance(entries, list):
        return []
    return [
        (k, e["id"])
        for k, e in enumerate(entries)
        if isinstance(e, dict) and isinstance(e.get("id"), str)
    ]


def item_rule_problems(
    doc: Document, loc: tuple[Any, ...], item: dict[str, Any], grade_ids: list[str]
) -> list[Problem]:
    """Duplicate 不得分 condition ids and veto caps that name no grade, in one item."""
    out: list[Problem] = []
    seen: dict[str, int] = {}
    for k, ident in _ids(item, "zero_if"):
        if ident in seen:
            out.append(
                doc.coded(
                    (*loc, "zero_if", k, "id"),
                    "duplicate-zero-if",
                    hint="hint-zero-if-ids",
                    id=repr(ident),
                    item=str(item.get("id")),
                )
            )
        seen.setdefault(ident, k)
    for k, cond in enumerate(item.get("zero_if") or []):
        cap = cond.get("max_grade") if isinstance(cond, dict) else None
        if isinstance(cap, str) and grade_ids and cap not in grade_ids:
            out.append(
                doc.coded(
                    (*loc, "zero_if", k, "max_grade"),
                    "unknown-max-grade",
                    hint="hint-expected-one-of",
                    grade=repr(cap),
                    expected=", ".join(grade_ids),
                )
            )
    return out


def response_rule_problems(
    doc: Document, loc: tuple[Any, ...], item: Item, response: Response
) -> list[Problem]:
    """A record's answer by score, counts or conditions that its item cannot take."""
    out: list[Problem] = []
    if response.score is not None:
        if response.status is not None and response.status is not Status.partial:
            out.append(
                doc.coded(
                    (*loc, "score"), "score-not-partial", hint="hint-set-partial", field=item.id
                )
            )
        elif response.score > item.points:
            out.append(
                doc.coded(
                    (*loc, "score"),
                    "score-above-points",
                    hint="hint-score-range",
                    field=item.id,
                    score=f"{response.score:g}",
                    points=f"{item.points:g}",
                )
            )
    if response.zero_if is not None:
        known = [c.id for c in item.zero_if]
        if not known:
            out.append(
                doc.coded(
                    (*loc, "zero_if"),
                    "no-zero-if",
                    hint="hint-answer-without-zero-if",
                    item=item.id,
                )
            )
        for k, name in enumerate(response.zero_if):
            if known and name not in known:
                out.append(
                    doc.coded(
                        (*loc, "zero_if", k),
                        "unknown-zero-if",
                        hint="hint-expected-one-of",
                        item=item.id,
                        condition=repr(name),
                        expected=", ".join(known),
                    )
                )
    return out
