"""Exceptions (空项, 豁免) checked against the standard, and the repository's shared file.

A record's own `exceptions` and the entries of `exceptions.yaml` at its repository's root (the
nearest folder above the record holding `safecli.yaml` or `.git`) are checked alike: the item
must exist, a 豁免 is refused on an item the standard makes non-waivable, a 空项 on an item the
standard says is never 不适用, and two exceptions of one item may not overlap in time. Each
problem is located where the exception is written.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from safecli.model.errors import Code, Problem
from safecli.model.standard import Item, Standard
from safecli.model.waivers import ExceptionKind, ItemException

SHARED_NAME = "exceptions.yaml"
"""The shared exceptions file at a records repository's root."""
ROOT_MARKS = ("safecli.yaml", ".git")
"""What marks a records repository's root (as `safecli.yaml`'s own search does)."""


@lru_cache(maxsize=1024)
def _root_of(folder: str) -> str | None:
    here = Path(folder)
    for candidate in (here, *here.parents):
        if any((candidate / mark).exists() for mark in ROOT_MARKS):
            return str(candidate)
    return None


def repository_root(path: Path | str) -> Path | None:
    """The records repository `path` lies in: the nearest folder at or above its folder that
    holds safecli.yaml or .git; None when there is none."""
    folder = os.path.dirname(os.path.abspath(path))
    found = _root_of(folder)
    return Path(found) if found is not None else None


def shared_file(path: Path | str) -> Path | None:
    """The `exceptions.yaml` at the root of the repository `path` lies in, if there is one."""
    root = repository_root(path)
    if root is None:
        return None
    candidate = root / SHARED_NAME
    return candidate if candidate.is_file() else None


def non_waivable(item: Item, std: Standard) -> tuple[Code, dict[str, str]] | None:
    """Why `item` refuses a 豁免 (a reason's code and its parameters); None when it may be
    waived.

    Veto items and items a veto rule reads (`items_unmet`), items a grade requires (必备条件),
    items the standard says are never 不适用 (`na: never`) and the items of a 判定 pack (those
    citing an `article`) are never excused: a waiver would hide the very thing they judge.
    """
    if item.veto:
        return Code("waive-veto-item"), {}
    for veto in std.vetoes:
        if item.id in (veto.when.items_unmet or []):
            return Code("waive-veto-rule"), {"veto": veto.id}
    for grade in std.grades:
        if item.id in grade.requires:
            label = grade.label
            return Code("waive-required"), {"grade": label.get("en"), "grade_zh": label.zh}
    if item.na == "never":
        return Code("waive-na-never"), {}
    if getattr(item, "article", None):
        return Code("waive-determination"), {}
    return None


def exception_problems(
    std: Standard,
    exceptions: Sequence[ItemException],
    locate: Callable[..., Problem],
    suggest: Callable[[str, list[str]], dict[str, str]],
) -> list[Problem]:
    """Every problem of `exceptions` against `std`, each located by `locate(index, field, code,
    hint=…, **params)`."""
    items = std.item_map()
    out: list[Problem] = []
    seen: dict[str, list[ItemException]] = {}
    for i, ex in enumerate(exceptions):
        item = items.get(ex.item)
        if item is None:
            out.append(
                locate(
                    i,
                    "item",
                    "exception-unknown-item",
                    item=repr(ex.item),
                    standard=std.ref,
                    **suggest(ex.item, list(items)),
                )
            )
            continue
        if ex.kind is ExceptionKind.waiver:
            why = non_waivable(item, std)
            if why is not None:
                out.append(
                    locate(
                        i,
                        "kind",
                        why[0],
                        hint="hint-rectify-or-na",
                        item=ex.item,
                        **why[1],
                    )
                )
        elif item.na == "never":
            out.append(
                locate(
                    i,
                    "kind",
                    "exception-na-never",
                    hint="hint-answer-it",
                    item=ex.item,
                )
            )
        for other in seen.get(ex.item, []):
            if ex.date <= other.until and other.date <= ex.until:
                out.append(
                    locate(
                        i,
                        "date",
                        "exceptions-overlap",
                        hint="hint-one-exception",
                        item=ex.item,
                        first=f"{other.date.isoformat()}–{other.until.isoformat()}",
                        second=f"{ex.date.isoformat()}–{ex.until.isoformat()}",
                    )
                )
                break
        seen.setdefault(ex.item, []).append(ex)
    return out
