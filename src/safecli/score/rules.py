"""The 评分方法 of real 评定标准 as arithmetic: 不得分, deductions per occurrence or once,
扣完为止 and 追加扣分 (DESIGN.md, "Rules of real 评定标准").

Pure functions on whole units (the scoring module converts points to units once per standard),
so the scoring stays exact. An item's rules, in order:

1. a 不得分 condition the record found (`zero_if`) zeroes the item;
2. deductions come off the item's points, each per occurrence (count × points) or once (points
   when the count is above 0), and the item never goes below 0 (扣完为止);
3. a straight 实得分 (`score` without a status) is the item's score;
4. 追加扣分 (`extra`): when what the item lost reaches N, M more come off the earned total.
   What the item lost is its deductions before the floor (they may pass the item's points),
   the item's points when a 不得分 condition zeroed it (or its deductions when more), and
   points − earned when it was answered by a status or a score.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from safecli.model.models import Item, Response, Status

Exact = int | Fraction


class RulePlan(NamedTuple):
    """An item's rules in units, worked out once per standard."""

    rates: dict[str, Exact]
    """Each deduction's points in units."""
    once: frozenset[str]
    """Deductions taken once, whatever the count."""
    extras: tuple[tuple[Exact, Exact], ...]
    """Each 追加扣分 rule: (N, M) in units."""
    zero_ids: frozenset[str]
    """The item's 不得分 condition ids."""


class RuleScore(NamedTuple):
    """What an item earns under its rules."""

    earned: Exact
    """Units earned (0 up to the item's points)."""
    status: str
    """met | partial | unmet."""
    off: Exact
    """Deductions counted, before the floor at 0."""
    zeroed: tuple[str, ...]
    """The 不得分 conditions found."""


def uses_rules(response: Response) -> bool:
    """Whether the answer is given by the rules (counts, conditions, a straight score)."""
    return (
        response.deductions is not None
        or bool(response.zero_if)
        or (response.score is not None and response.status is None)
    )


def deducted(plan: RulePlan, counts: dict[str, int]) -> Exact:
    """The deductions the counts add up to, before the floor at 0."""
    off: Exact = 0
    for name, count in counts.items():
        rate = plan.rates.get(name)
        if rate is None or count <= 0:
            continue
        off += rate if name in plan.once else rate * count
    return off


def score_by_rules(
    plan: RulePlan, points: Exact, response: Response, straight: Exact | None
) -> RuleScore:
    """An answer by counts, conditions or a straight score (`straight`, in units)."""
    zeroed = tuple(c for c in response.zero_if or () if c in plan.zero_ids)
    off = deducted(plan, response.deductions or {})
    if zeroed:
        earned: Exact = 0
    elif straight is not None and response.deductions is None:
        earned = min(points, straight)
    else:
        earned = max(0, points - off)
    status = "met" if earned == points else "unmet" if earned == 0 else "partial"
    return RuleScore(earned, status, off, zeroed)


def lost(points: Exact, earned: Exact, response: Response | None, rule: RuleScore | None) -> Exact:
    """What the item lost, as 追加扣分 counts it."""
    if rule is None:
        return points - earned if response is not None else 0
    if rule.zeroed:
        return max(points, rule.off)
    if response is not None and response.deductions is not None:
        return rule.off
    return points - earned


def extra_off(plan: RulePlan, lost_units: Exact) -> Exact:
    """The 追加扣分 triggered: the sum of M over every rule whose N the loss reaches."""
    return sum((m for n, m in plan.extras if lost_units >= n), 0)


def vetoing(item: Item, response: Response | None) -> list[tuple[str, str | None, str]]:
    """The veto 不得分 conditions the record found: (condition id, max grade, its text)."""
    if response is None or not response.zero_if or response.status is Status.na:
        return []
    found = set(response.zero_if)
    return [(c.id, c.max_grade, c.text.zh) for c in item.zero_if if c.veto and c.id in found]
