"""Why an item earned what it did, in Chinese and English: one builder per kind of answer.

Scoring records a builder and its arguments; the text is made only when a result is read.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from safecli.model.applicability import not_applying as applies
from safecli.model.base import Text
from safecli.model.record import Record, Response, Subject
from safecli.model.standard import Item, ItemKind
from safecli.score.arithmetic import Exact, exact, fmt_number, from_units, rounded_float

if TYPE_CHECKING:  # pragma: no cover
    from safecli.model.standard import Standard
    from safecli.score.results import ItemResult


def bilingual(zh: str, en: str) -> Text:
    """`Text.model_construct(zh=zh, en=en)`: built from our own strings, not validated again,
    and set up as `model_construct` sets it up (tests/test_scoring.py holds them equal) at a
    third of its cost (every fired veto and refused grade of every record is worded)."""
    text = _NEW(Text)
    _SET(text, "__dict__", {"zh": zh, "en": en})
    _SET(text, "__pydantic_fields_set__", {"zh", "en"})
    _SET(text, "__pydantic_extra__", None)
    _SET(text, "__pydantic_private__", None)
    return text


_NEW = Text.__new__
_SET = object.__setattr__


def why_not_applying(item: Item, subject: Subject) -> Text:
    found = applies(item, subject)
    assert found is not None
    return found


def why_met(points: Exact) -> Text:
    return bilingual(
        zh=f"符合，得满分 {fmt_number(points)} 分", en=f"met: full {fmt_number(points)} points"
    )


def why_scored(earned: Exact, points: Exact) -> Text:
    return bilingual(
        zh=f"部分符合，评分 {fmt_number(earned)} 分（满分 {fmt_number(points)}）",
        en=f"partial: scored {fmt_number(earned)} of {fmt_number(points)}",
    )


def why_half(earned: Exact, points: Exact) -> Text:
    return bilingual(
        zh=f"部分符合，未给分数，按一半计 {fmt_number(earned)} 分",
        en=f"partial with no score: half of {fmt_number(points)} = {fmt_number(earned)}",
    )


def why_unmet() -> Text:
    return bilingual(zh="不符合，得 0 分", en="unmet: 0 points")


def why_na(reason: str | None) -> Text:
    if reason:
        return bilingual(
            zh=f"自评为不适用（空项），不计入实得分与总分；理由：{reason}",
            en=f"answered not applicable: left out of both sums; reason: {reason}",
        )
    return bilingual(
        zh="自评为不适用（空项），不计入实得分与总分；未说明理由",
        en="answered not applicable: left out of both sums; no reason given",
    )


def why_proportional(item: Item, value: float, earned: Exact) -> Text:
    assert item.op is not None and item.target is not None
    points, target, got = exact(item.points), exact(item.target), exact(value)
    rule = f"{item.metric} = {fmt_number(value)}"
    shown = f"{fmt_number(points)} × {fmt_number(min(got, target))}/{fmt_number(target)} = {fmt_number(rounded_float(earned))}"
    return bilingual(
        zh=f"{rule}，目标 {item.op.sign} {fmt_number(target)}，按比例得 {shown} 分",
        en=f"{rule}, target {item.op.sign} {fmt_number(target)}: proportional {shown}",
    )


def why_target(item: Item, value: float, hit: bool) -> Text:
    assert item.op is not None and item.target is not None
    rule = f"{item.metric} = {fmt_number(value)}"
    sign = f"{item.op.sign} {fmt_number(item.target)}"
    if hit:
        return bilingual(
            zh=f"{rule}，达到 {sign}，得 {fmt_number(item.points)} 分",
            en=f"{rule} meets {sign}: {fmt_number(item.points)} points",
        )
    return bilingual(zh=f"{rule}，未达到 {sign}，得 0 分", en=f"{rule} misses {sign}: 0 points")


def why_veto_partial(why: tuple[Any, ...]) -> Text:
    """A veto item answered partly: no partial credit, 0 points, and the veto fires."""
    function, *args = why
    said = function(*args)
    return bilingual(
        zh=f"{said.zh.split('，')[0]}；否决项不设部分分，得 0 分并触发否决",
        en=f"{said.get('en').split(':')[0]}: a veto item earns no partial credit, 0 points, vetoed",
    )


def why_unanswered(metric: str | None) -> Text:
    if metric:
        return bilingual(
            zh=f"未填报指标 {metric}，得 0 分", en=f"metric {metric} not reported: 0 points"
        )
    return bilingual(zh="未作答，得 0 分", en="not answered: 0 points")


def why_deductions(
    rates: dict[str, Exact], counts: dict[str, int], earned: Exact, points: Exact
) -> Text:
    parts = ", ".join(
        f"{k} {n}×{fmt_number(rates[k])}" for k, n in counts.items() if n and k in rates
    )
    off = sum(rates[k] * n for k, n in counts.items() if k in rates)
    return bilingual(
        zh=f"扣分：{parts or '无'}，共扣 {fmt_number(off)} 分，得 {fmt_number(earned)} 分（不低于 0）",
        en=f"deductions: {parts or 'none'}, {fmt_number(off)} off, {fmt_number(earned)} of {fmt_number(points)}"
        " (never below 0)",
    )


def why_half_of(points: Exact) -> Text:
    return why_half(Fraction(points) / 2, points)


def why_proportional_units(item: Item, value: float, earned: Exact) -> Text:
    return why_proportional(item, value, from_units(earned))


def why_veto_item(item: Item, status: str, response: Response | None, record: Record) -> Text:
    """Why a veto item fired: partly met, unmet, unanswered or answered na (`status`); the
    rule's own words name the item, so this says only what the record holds."""
    finding = response.finding if response is not None else None
    if item.kind is ItemKind.measure and item.metric:
        value = record.metrics.get(item.metric)
        if value is None:
            return bilingual(
                zh=f"否决项未填报指标 {item.metric}，视同不符合",
                en=f"metric {item.metric} not reported, taken as unmet",
            )
        sign = f"{item.op.sign if item.op else ''} {fmt_number(item.target or 0)}"
        return bilingual(
            zh=f"否决项未达到：{item.metric} = {fmt_number(value)}，要求 {sign}",
            en=f"missed: {item.metric} = {fmt_number(value)}, needs {sign}",
        )
    words = {
        "partial": ("否决项部分符合", "only partly met"),
        "unmet": ("否决项不符合", "unmet"),
        "unanswered": ("否决项未作答，视同不符合", "not answered, taken as unmet"),
        "waived": ("否决项不得自评为不适用，视同不符合", "answered na, taken as unmet"),
    }[status]
    if finding:
        return bilingual(
            zh=f"{words[0]}：{finding}",
            en=f"{words[1]}: {finding}",
        )
    return bilingual(zh=words[0], en=words[1])


def item_reason(standard: Standard, result: ItemResult) -> Text:
    """The result's reason with the metric's id replaced by its Chinese name (here, not in
    `gaps`, so the score table does not load the report's builder)."""
    reason = result.reason
    item = standard.item_map()[result.id]
    zh = reason.zh
    if item.metric is not None:
        zh = zh.replace(item.metric, standard.metric_label(item.metric).zh)
    for d in item.deductions:
        zh = zh.replace(f"{d.id} ", f"{standard.deduction_label(d).zh} ")
    return Text(zh=zh, en=reason.en)
