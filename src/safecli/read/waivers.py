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

from safecli.model.errors import Problem
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
    return _shared_in(os.path.dirname(os.path.abspath(path)))


@lru_cache(maxsize=1024)
def _shared_in(folder: str) -> Path | None:
    found = _root_of(folder)
    if found is None:
        return None
    candidate = Path(found) / SHARED_NAME
    return candidate if candidate.is_file() else None


def forget_shared_files() -> None:
    """Look for each folder's exceptions.yaml again (a new run: one may have come or gone)."""
    _shared_in.cache_clear()


def non_waivable(item: Item, std: Standard) -> str | None:
    """Why `item` refuses a 豁免; None when it may be waived.

    Veto items and items a veto rule reads (`items_unmet`), items a grade requires (必备条件),
    items the standard says are never 不适用 (`na: never`) and the items of a 判定 pack (those
    citing an `article`) are never excused: a waiver would hide the very thing they judge.
    """
    if item.veto:
        return "it is a veto item (否决项)"
    for veto in std.vetoes:
        if item.id in (veto.when.items_unmet or []):
            return f"veto rule {veto.id} fires when it is unmet"
    for grade in std.grades:
        if item.id in grade.requires:
            return f"grade {grade.label.get('en')} requires it (必备条件)"
    if item.na == "never":
        return "the standard says it is never not applicable"
    if getattr(item, "article", None):
        return "it is a 判定 item (重大事故隐患判定)"
    return None


def exception_problems(
    std: Standard,
    exceptions: Sequence[ItemException],
    locate: Callable[[int, str, str, str | None], Problem],
    suggest: Callable[[str, list[str]], str],
) -> list[Problem]:
    """Every problem of `exceptions` against `std`, each located by `locate(index, field,
    message, hint)`."""
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
                    f"an exception names unknown item {ex.item!r} in {std.ref}",
                    suggest(ex.item, list(items)),
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
                        f"{ex.item} cannot be waived (豁免): {why}",
                        "rectify it; record 空项 only if the item does not apply to the unit",
                    )
                )
        elif item.na == "never":
            out.append(
                locate(
                    i,
                    "kind",
                    f"{ex.item} can never be 空项: the standard says it always applies",
                    "answer it met, partial or unmet",
                )
            )
        for other in seen.get(ex.item, []):
            if ex.date <= other.until and other.date <= ex.until:
                out.append(
                    locate(
                        i,
                        "date",
                        f"two exceptions for {ex.item} overlap ({other.date.isoformat()}–"
                        f"{other.until.isoformat()} and {ex.date.isoformat()}–"
                        f"{ex.until.isoformat()})",
                        "keep one exception per item at a time",
                    )
                )
                break
        seen.setdefault(ex.item, []).append(ex)
    return out
