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

from typing import Any, NamedTuple

from safecli.model.base import Text
from safecli.model.labels import Status
from safecli.model.record import Response
from safecli.model.standard import Item
from safecli.score.arithmetic import Exact, exact, fmt_number, from_units, units
from safecli.score.reasons import bilingual, why_deductions, why_scored
from safecli.score.results import FiredRule

Why = tuple[Any, ...]


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


def vetoes(item: Item, response: Response | None, lowest: str) -> list[FiredRule]:
    """The rules fired by the vetoing 不得分 conditions the record found on an applicable item
    (本项不得分并否决): each caps at its `max_grade`, else at the lowest grade."""
    if response is None or not response.zero_if or response.status is Status.na:
        return []
    found = set(response.zero_if)
    return [
        FiredRule(
            id=f"item:{item.id}:{c.id}",
            text=item.text,
            max_grade=c.max_grade or lowest,
            because=bilingual(zh=f"{item.id} 不得分并否决：{c.text.zh}", en=f"{item.id}: {c.id}"),
        )
        for c in item.zero_if
        if c.veto and c.id in found
    ]


# ---------------------------------------------------------------- what scoring calls


def plan_of(item: Item) -> RulePlan:
    """An item's rules in units (worked out once per standard, with the rest of its plan)."""
    return RulePlan(
        rates={d.id: units(d.points) for d in item.deductions},
        once=frozenset(d.id for d in item.deductions if d.once),
        extras=tuple((units(e.after), units(e.points)) for e in item.extra),
        zero_ids=frozenset(c.id for c in item.zero_if),
    )


def _straight(response: Response) -> Exact | None:
    return units(response.score) if response.score is not None else None


def score_check(
    item: Item, response: Response, plan: RulePlan, points_u: Exact, points: Exact
) -> tuple[Exact, str, Why]:
    """A check item answered by counts, conditions or a straight 实得分: units, status, why."""
    got = score_by_rules(plan, points_u, response, _straight(response))
    return got.earned, got.status, (why_rules, item, response, got, points)


def extra_units(plan: RulePlan, points_u: Exact, earned: Exact, response: Response | None) -> Exact:
    """The 追加扣分 an answered check item takes off the earned total (units)."""
    if not plan.extras or response is None:
        return 0
    got = None
    if uses_rules(response):
        got = score_by_rules(plan, points_u, response, _straight(response))
    return extra_off(plan, lost(points_u, earned, response, got))


def with_extra(
    plan: RulePlan, points_u: Exact, earned: Exact, response: Response | None, why: Why
) -> tuple[Exact, Why]:
    """The 追加扣分 a check item takes off the total (units), and its reason saying so."""
    extra = extra_units(plan, points_u, earned, response)
    return extra, ((why_with_extra, why, from_units(extra)) if extra else why)


def why_rules(item: Item, response: Response, got: RuleScore, points: Exact) -> Text:
    """Why an item answered by the rules earned what it earned."""
    if got.zeroed:
        texts = "；".join(c.text.zh for c in item.zero_if if c.id in got.zeroed)
        return bilingual(zh=f"不得分：{texts}", en=f"zeroed ({', '.join(got.zeroed)}): {texts}")
    if response.deductions is None:
        return why_scored(from_units(got.earned), points)
    rates = {d.id: exact(d.points) for d in item.deductions}
    once = {d.id for d in item.deductions if d.once}
    counts = {k: (min(n, 1) if k in once else n) for k, n in response.deductions.items()}
    return why_deductions(rates, counts, from_units(got.earned), points)


def why_with_extra(why: Why, extra: Exact) -> Text:
    """An item's reason with the 追加扣分 it triggered."""
    function, *args = why
    first = function(*args)
    return bilingual(
        zh=f"{first.zh}；另追加扣分 {fmt_number(extra)} 分（从实得分中扣除）",
        en=f"{first.get('en')}; {fmt_number(extra)} more off the total (additional deduction)",
    )
