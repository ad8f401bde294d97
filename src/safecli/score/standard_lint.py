"""Lint for authored standards: what a schema accepts but a scoring table's author got wrong.

Warnings, located at their line: points that do not add up to the 小计/合计 the source states,
two items with the same text, a deduction larger than its item with no 追加扣分 to give it a
meaning, an item whose 评分方法 gives no way to lose points, a 评分方法 sentence that is no rule.
Errors (the file is refused): grade lines above 100 (grades are on the 百分制) and ids that
differ only in case or width.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from fractions import Fraction
from typing import Any

from safecli.model.errors import Problem
from safecli.model.methods import parse_method
from safecli.model.standard import ItemKind, Standard
from safecli.read.yamlio import Document


def _exact(value: float | int) -> Fraction:
    return Fraction(str(value))


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _warn(doc: Document, loc: tuple[Any, ...], code: str, hint: str, **params: Any) -> Problem:
    return replace(doc.coded(loc, code, hint=hint, **params), severity="warning")


def _where(std: Standard) -> dict[str, tuple[int, int]]:
    return {
        item.id: (i, j)
        for i, section in enumerate(std.sections)
        for j, item in enumerate(section.items)
    }


def lint_warnings(std: Standard, doc: Document) -> list[Problem]:
    """Every warning of a loaded standard, located in its file."""
    out: list[Problem] = []
    where = _where(std)
    total = sum((_exact(i.points) for i in std.items()), Fraction(0))
    if std.stated_points is not None and total != _exact(std.stated_points):
        out.append(
            _warn(
                doc,
                ("stated_points",),
                "points-total-differs",
                "hint-fix-points-or-total",
                total=f"{float(total):g}",
                stated=f"{std.stated_points:g}",
            )
        )
    for i, section in enumerate(std.sections):
        added = sum((_exact(item.points) for item in section.items), Fraction(0))
        if section.stated_points is not None and added != _exact(section.stated_points):
            out.append(
                _warn(
                    doc,
                    ("sections", i, "stated_points"),
                    "section-points-differ",
                    "hint-fix-points-or-subtotal",
                    section=section.id,
                    total=f"{float(added):g}",
                    stated=f"{section.stated_points:g}",
                )
            )
    seen: dict[str, str] = {}
    for item in std.items():
        loc = ("sections", *where[item.id][:1], "items", where[item.id][1])
        key = _fold(item.text.zh)
        if key in seen:
            out.append(
                _warn(
                    doc,
                    (*loc, "text"),
                    "same-text",
                    "hint-merge-or-differ",
                    item=item.id,
                    other=seen[key],
                )
            )
        seen.setdefault(key, item.id)
        if not item.extra:
            for k, d in enumerate(item.deductions):
                if d.points > item.points:
                    out.append(
                        _warn(
                            doc,
                            (*loc, "deductions", k, "points"),
                            "deduction-above-points",
                            "hint-lower-or-extra",
                            field=item.id,
                            deduction=d.id,
                            points=f"{d.points:g}",
                            item_points=f"{item.points:g}",
                        )
                    )
        if item.kind is ItemKind.check and item.method and not (item.deductions or item.zero_if):
            out.append(
                _warn(
                    doc,
                    (*loc, "method"),
                    "method-no-loss",
                    "hint-add-deductions",
                    field=item.id,
                )
            )
        if item.method:
            for sentence in parse_method(item.method.zh).unparsed:
                out.append(
                    _warn(
                        doc,
                        (*loc, "method"),
                        "method-sentence-unread",
                        "hint-rule-by-hand",
                        field=item.id,
                        sentence=repr(sentence[:60]),
                    )
                )
    return out


def id_problems(doc: Document) -> list[Problem]:
    """Item ids that differ only in case or in width (ａ1 and a1, A.1 and a.1): errors."""
    data = doc.data if isinstance(doc.data, dict) else {}
    first: dict[str, tuple[str, tuple[Any, ...]]] = {}
    out: list[Problem] = []
    sections = data.get("sections") if isinstance(data.get("sections"), list) else []
    for i, section in enumerate(sections):
        items = section.get("items") if isinstance(section, dict) else None
        for j, item in enumerate(items if isinstance(items, list) else []):
            ident = item.get("id") if isinstance(item, dict) else None
            if not isinstance(ident, str):
                continue
            key = _fold(ident)
            loc = ("sections", i, "items", j, "id")
            if key in first and first[key][0] != ident:
                line = doc.where(first[key][1])[0]
                out.append(
                    doc.coded(
                        loc,
                        "ids-differ-in-case",
                        hint="hint-distinct-ids",
                        first=repr(first[key][0]),
                        id=repr(ident),
                        at=line,
                    )
                )
            first.setdefault(key, (ident, loc))
    return out
