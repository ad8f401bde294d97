"""The 评分方法 rules of an item beyond its deductions, and what an overlay changed.

`ZeroIf` (…的，不得分) and `Extra` (扣满N分的，追加扣除M分) are read from a scoring table's
sentences by `methods` or written by hand; `score.rules` does their arithmetic. `LayerChange`
records, on an overlay's effective standard, what it changed in its base and why.
"""

from __future__ import annotations

from typing import Literal

from safecli.model.base import Identifier, Model, PositiveNumber, Text


class ZeroIf(Model):
    """A 不得分 condition (…的，不得分): found by the record, it zeroes the item."""

    id: Identifier
    """Stable id a record names (`zero_if: [ID]`) when it finds the condition."""
    text: Text
    """The condition as the 评分方法 states it (未设置或配备的)."""
    veto: bool = False
    """本项不得分并否决: finding it also fires a veto (capped at `max_grade`)."""
    max_grade: str | None = None
    """With `veto`: the highest grade allowed (a grade id); the lowest grade when missing."""


class Extra(Model):
    """追加扣分 (扣满N分的，追加扣除M分): taken off the earned total, which stays at 0 or above."""

    after: PositiveNumber
    """N: what the item lost (its deductions before the floor at 0) that triggers it."""
    points: PositiveNumber
    """M: the points taken off the earned total when triggered."""
    text: Text | None = None
    """The rule as the 评分方法 states it."""


class LayerChange(Model):
    """What an overlay (a local 细则) changed in its base, and why."""

    action: Literal["add", "drop", "reweigh", "reword"]
    """add, drop, reweigh (points or a grade line) or reword (text, method or a grade's label)."""
    id: str
    """The item or grade changed."""
    target: Literal["item", "grade"] = "item"
    """Whether `id` is an item or a grade."""
    reason: Text
    """Why the overlay changes it (the local rule it follows)."""
