"""One item's score: the exact rules of DESIGN.md for a single response, and a memo of them.

Every record of a portfolio answers the same items, and most answers are the same few words
(`met`, `unmet`, a missing answer). `score_slot` scores such an answer once per item and hands
the same (immutable) result to every record that gives it. What makes that exact is what
`score_one` reads, and nothing else:

- of the item: its plan (points, deductions, rules in units), id, section, kind, veto flag and
  metric, all fixed by the compiled standard the slot belongs to;
- of the record: the item's response, the metric's value, and the subject only through
  `applies_if`: an item that does not apply names the subject in its reason and is never
  memoized; one that applies is scored as an item without `applies_if`;
- of the response: `status`, `score`, `deductions`, `zero_if` and `na_reason` (`score_check`,
  `rules.uses_rules`, `rules.score_by_rules`, `rules.with_extra`, `rules.extra_units` and
  `rules.lost` read no other field; `verified` is read later, by `waivers.onsite_lapse`, on
  the result). A memoized response has no `deductions` or `zero_if`, and a `score` only with
  status partial, so its result is fixed by its status, its score (value and type) when
  partial, and its `na_reason` when na;
- of a measure's value: its value and its type (`5` and `5.0` are equal keys but the result
  keeps the value as written); a float zero is never a key (`-0.0 == 0.0`), nor a score's.

The memo of each slot is bounded (`MEMO_LIMIT`): past it, answers are scored as they come.
"""

from __future__ import annotations

import operator
from fractions import Fraction
from typing import Any

from safecli.model.applicability import does_apply
from safecli.model.labels import Status
from safecli.model.record import Record, Response, Subject
from safecli.model.standard import Credit, Item, ItemKind
from safecli.score import rules
from safecli.score.arithmetic import Exact, exact, from_units, units, units_float
from safecli.score.reasons import (
    why_deductions,
    why_half_of,
    why_met,
    why_na,
    why_not_applying,
    why_proportional_units,
    why_scored,
    why_target,
    why_unanswered,
    why_unmet,
    why_veto_partial,
)
from safecli.score.results import ItemResult, Why

ItemPlan = tuple[
    Exact, bool, dict[str, Exact] | None, Exact, dict[str, Exact] | None, rules.RulePlan
]
"""What scoring needs of an item, worked out once per standard: its points in units, is it a
measure, each deduction's points in units, the same two exactly in points (for reasons), and
its 评分方法 rules in units."""

Scored = tuple[Exact, ItemResult, Exact]
"""Earned units, the item's result, and the 追加扣分 it takes off the total (units)."""

MEMO_LIMIT = 256
"""Answers remembered per item (a measure's values are many; statuses are five): a few MB at
most per process for the bundled standards."""


def item_plan(item: Item) -> ItemPlan:
    rates = {d.id: exact(d.points) for d in item.deductions} if item.deductions else None
    rates_u = {d.id: units(d.points) for d in item.deductions} if item.deductions else None
    return (
        units(item.points),
        item.kind is ItemKind.measure,
        rates_u,
        exact(item.points),
        rates,
        rules.plan_of(item),
    )


def score_check(item: Item, response: Response, plan: ItemPlan) -> tuple[Exact, str, Why]:
    points_u, _, rates_u, points, rates, rule_plan = plan
    if rules.uses_rules(response):  # counts, 不得分 conditions or a straight 实得分
        return rules.score_check(item, response, rule_plan, points_u, points)
    if response.deductions is not None:
        counts = response.deductions
        off = sum(rates_u[k] * n for k, n in counts.items() if k in rates_u) if rates_u else 0
        earned = max(0, points_u - off)
        status = "met" if earned == points_u else "unmet" if earned == 0 else "partial"
        return earned, status, (why_deductions, rates or {}, counts, from_units(earned), points)
    if response.status is Status.met:
        return points_u, "met", (why_met, points)
    if response.status is Status.partial:
        if response.score is not None:
            return units(response.score), "partial", (why_scored, exact(response.score), points)
        return points_u // 2, "partial", (why_half_of, points)
    return 0, "unmet", (why_unmet,)


COMPARE = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}


def score_measure(item: Item, value: float, points_u: Exact) -> tuple[Exact, str, Why]:
    assert item.op is not None and item.target is not None
    target, got = units(item.target), units(value)
    if item.credit is Credit.proportional:
        if got >= target:
            return points_u, "met", (why_proportional_units, item, value, points_u)
        if got <= 0:
            return 0, "unmet", (why_proportional_units, item, value, 0)
        earned = Fraction(points_u * got) / target
        if earned.denominator == 1:
            earned = earned.numerator
        return earned, "partial", (why_proportional_units, item, value, earned)
    hit = COMPARE[item.op.value](got, target)
    return (points_u if hit else 0), ("met" if hit else "unmet"), (why_target, item, value, hit)


def scored(
    plan: ItemPlan,
    item: Item,
    response: Response | None,
    value: float | None,
    subject: Subject,
    section: str,
) -> Scored:
    """Earned units, the result of one item, and the 追加扣分 it takes off the total (units)."""
    points_u = plan[0]
    not_applying = item.applies_if is not None and not does_apply(item, subject)
    if not_applying or (response is not None and response.status is Status.na):
        why: Why = (
            (why_not_applying, item, subject)
            if not_applying
            else (why_na, response.na_reason if response is not None else None)
        )
        result = ItemResult(
            item.id, section, item.kind, "na", 0, item.points, False, why, item.veto, value
        )
        return 0, result, 0
    earned: Exact
    if plan[1]:
        if value is None:
            earned, status, why = 0, "unanswered", (why_unanswered, item.metric)
        else:
            earned, status, why = score_measure(item, value, points_u)
    elif response is None:
        earned, status, why = 0, "unanswered", (why_unanswered, None)
    elif response.deductions is None and response.status is Status.met and not response.zero_if:
        earned, status, why = points_u, "met", (why_met, plan[3])
    else:
        earned, status, why = score_check(item, response, plan)
    if item.veto and status == "partial":
        # a veto item carries no partial credit: anything but met is 0 and fires the veto
        earned, why = 0, (why_veto_partial, why)
    extra, why = (0, why) if plan[1] else rules.with_extra(plan[5], points_u, earned, response, why)
    result = ItemResult(
        item.id,
        section,
        item.kind,
        status,
        units_float(earned),
        item.points,
        True,
        why,
        item.veto,
        value,
        units_float(extra) if extra else 0.0,
    )
    return earned, result, extra


def score_one(plan: ItemPlan, item: Item, record: Record, section: str) -> Scored:
    """One item of `record` scored (no memo: for callers outside `assess`)."""
    response = record.responses.get(item.id)
    value = record.metrics.get(item.metric) if item.metric else None
    return scored(plan, item, response, value, record.subject, section)


class Slot:
    """An item as `assess` walks it: its plan and fixed facts, and the memo of its answers."""

    __slots__ = (
        "by_value",
        "conditional",
        "id",
        "item",
        "kept",
        "measure",
        "memo",
        "memoize",
        "metric",
        "on_site",
        "plain",
        "plan",
        "points_u",
        "section",
        "seen",
    )

    def __init__(self, item: Item, section: str) -> None:
        self.item = item
        self.plan = item_plan(item)
        self.id = item.id
        self.section = section
        self.metric = item.metric
        self.measure = self.plan[1]
        self.points_u = self.plan[0]
        self.memo: dict[Any, tuple[Exact, ItemResult, Exact, bool]] = {}
        # a check item with a metric keeps the metric's value in its result: not memoized
        self.memoize = self.measure or not item.metric
        self.conditional = item.applies_if is not None
        self.plain = not (self.measure or item.metric or self.conditional)
        """A check item whose memo keys are its status alone (or no answer)."""
        self.on_site = item.on_site
        self.seen: dict[int, Counted] = {}
        """A plain item's answers by the identity of their (frozen, mostly shared) Response:
        such an item's result is fixed by its response alone (see the module's text)."""
        self.by_value: dict[tuple[type, Any], Counted] | None = (
            {} if self.measure and not self.conditional else None
        )
        """A measure's results by its value's type and value (keyed as `score_slot` keys
        them), for the records that give no response to it."""
        self.kept: list[Response | None] = []
        """The responses `seen` remembers, kept alive so that no other object takes an id."""


NO_ANSWER = object()
"""The memo's key for an item with no response."""


def score_slot(
    slot: Slot, response: Response | None, value: float | None, subject: Subject
) -> tuple[Exact, ItemResult, Exact, bool]:
    """`scored` for the slot's item, and whether it counts in the sums (`result.applicable`):
    from the slot's memo when the answer is one it keys (see the module's text)."""
    key: Any
    if not slot.memoize or (slot.conditional and not does_apply(slot.item, subject)):
        key = None  # not applying: its reason names the subject
    elif slot.measure:
        if response is not None and response.status is Status.na:
            key = None  # its result keeps the value and the reason: rare, scored as it comes
        elif value is None:
            key = NO_ANSWER
        elif value.__class__ is float and value == 0:
            key = None
        else:
            key = (value.__class__, value)
    elif response is None:
        key = NO_ANSWER
    elif response.deductions is None and response.zero_if is None:
        key = response.status
        score = response.score
        if score is not None:  # a partial with its 实得分 (alone, it goes by the rules)
            if key is not Status.partial or (score.__class__ is float and score == 0):
                key = None
            else:
                key = (Status.partial, score.__class__, score)
        elif key is Status.na and response.na_reason is not None:
            key = (Status.na, response.na_reason)
    else:
        key = None
    if key is not None:
        found = slot.memo.get(key)
        if found is not None:
            return found
    earned, result, extra = scored(slot.plan, slot.item, response, value, subject, slot.section)
    found = (earned, result, extra, result.applicable)
    if key is not None and len(slot.memo) < MEMO_LIMIT:
        slot.memo[key] = found
    return found


Counted = tuple[Exact, ItemResult, Exact, Exact, str]
"""One item as its section's sums take it: the earned units and the 追加扣分 that count (0 when
the item leaves the sums), its result, the points that count (0 likewise), and its id when it
is unanswered ("" otherwise)."""

SEEN_LIMIT = 64
"""Responses a plain item remembers by identity: the shared status words are a few dozen."""

SectionSlots = tuple[
    tuple[Slot, ...], tuple[str, ...], tuple[dict[int, Counted], ...], tuple[int, ...]
]
"""A section as `score_section` walks it: its slots, their ids, their `seen` memos, and the
places of the items that are not plain (scored each time, through `score_slot`)."""


def section_slots(slots: tuple[Slot, ...]) -> SectionSlots:
    return (
        slots,
        tuple(slot.id for slot in slots),
        tuple(slot.seen for slot in slots),
        tuple(i for i, slot in enumerate(slots) if not slot.plain),
    )


def counted(slot: Slot, found: tuple[Exact, ItemResult, Exact, bool]) -> Counted:
    earned, result, extra, applicable = found
    missing = slot.id if result.status == "unanswered" else ""
    if applicable:
        return (earned, result, extra, slot.points_u, missing)
    return (0, result, 0, 0, missing)


def score_section(
    section: SectionSlots, responses: Any, metrics: Any, subject: Subject
) -> list[Counted]:
    """Each item of a section scored (`score_slot`), for a record without exceptions or
    on-site checks: a plain item's answer looked up by the identity of its Response (one
    lookup for the section, no Python step per item), the others scored as they come."""
    slots, ids, seen, irregular = section
    answers = list(map(responses, ids))
    found: list[Any] = list(map(dict.get, seen, map(id, answers)))
    for i in irregular:  # measures, items with a metric or `applies_if`: never in `seen`
        slot = slots[i]
        value = metrics(slot.metric) if slot.metric else None
        if slot.by_value is not None and answers[i] is None:
            key = (value.__class__, value)
            hit = slot.by_value.get(key)
            if hit is None:
                hit = counted(slot, score_slot(slot, None, value, subject))
                if (
                    not (value.__class__ is float and value == 0)
                    and len(slot.by_value) < MEMO_LIMIT
                ):
                    slot.by_value[key] = hit
            found[i] = hit
            continue
        found[i] = counted(slot, score_slot(slot, answers[i], value, subject))
    if None in found:  # a plain item's first sight of an answer
        for i, hit in enumerate(found):
            if hit is None:
                slot = slots[i]
                response = answers[i]
                hit = found[i] = counted(slot, score_slot(slot, response, None, subject))
                if len(slot.seen) < SEEN_LIMIT:
                    slot.seen[id(response)] = hit
                    slot.kept.append(response)
    return found
