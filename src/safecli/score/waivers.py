"""Exceptions and on-site checks on a date: which apply, which expired, and what that does.

An exception (空项, 豁免) applies from its `date` through its `until`; from the next day on it
has expired and its item is scored as answered, with every output saying it expired and when.
An item whose standard says it needs an on-site check (`on_site`) keeps a self-assessed met or
partial only while an on-site check (`verified`, method 现场检查) stands on the date judged by.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from safecli.model.base import Text
from safecli.model.labels import Status
from safecli.model.record import Response
from safecli.model.standard import Item
from safecli.model.waivers import CheckMethod, ItemException, SharedException
from safecli.score.arithmetic import Exact
from safecli.score.reasons import bilingual
from safecli.score.results import EXPIRED, IN_FORCE, PENDING, ExceptionResult, ItemResult, Why


def _state(ex: ItemException, as_of: dt.date) -> str:
    if as_of < ex.date:
        return PENDING
    return IN_FORCE if as_of <= ex.until else EXPIRED


def judge(
    exceptions: Sequence[ItemException], as_of: dt.date, order: dict[str, int]
) -> tuple[list[ExceptionResult], dict[str, ExceptionResult]]:
    """Every exception as it stands on `as_of` (in the standard's item order, then by date),
    and for each item the one that decides it: the one in force, else the last expired."""
    results = [
        ExceptionResult(
            item=ex.item,
            kind=ex.kind.value,
            reason=ex.reason,
            approver=str(ex.approver),
            date=ex.date,
            until=ex.until,
            state=_state(ex, as_of),
            days_left=(ex.until - as_of).days,
            index=i,
            shared=ex.located if isinstance(ex, SharedException) else None,
            ref=ex.ref,
        )
        for i, ex in enumerate(exceptions)
    ]
    results.sort(key=lambda r: (order.get(r.item, len(order)), r.date, r.index))
    deciding: dict[str, ExceptionResult] = {}
    for r in results:
        held = deciding.get(r.item)
        if r.state == IN_FORCE or held is None:
            deciding[r.item] = r
        elif held.state != IN_FORCE and r.state == EXPIRED:
            deciding[r.item] = r  # the later of two expired ones
    return results, deciding


def _months_after(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def onsite_lapse(item: Item, response: Response | None, as_of: dt.date) -> Text | None:
    """Why a self-assessed met or partial on an item that needs an on-site check does not
    stand on `as_of`; None when it stands (or the item needs no such check)."""
    if not item.on_site or response is None:
        return None
    if response.status not in (Status.met, Status.partial) and response.deductions is None:
        return None
    check = response.verified
    if check is None or check.method is not CheckMethod.on_site:
        return bilingual(
            zh="该条款须经现场检查核实，记录无现场检查，自评结果不作数，得 0 分",
            en="the item needs an on-site check and the record states none: the self-assessed "
            "answer does not count, 0 points",
        )
    ends = _months_after(check.date, check.valid_months)
    if check.date <= as_of < ends:
        return None
    if as_of < check.date:
        return bilingual(
            zh=f"现场检查（{check.by}）日期 {check.date.isoformat()} 晚于评定日，自评结果不作数，得 0 分",
            en=f"the on-site check by {check.by} is dated {check.date.isoformat()}, after the "
            "date judged by: the self-assessed answer does not count, 0 points",
        )
    return bilingual(
        zh=f"现场检查（{check.by}，{check.date.isoformat()}，有效 {check.valid_months} 个月）"
        f"已于 {ends.isoformat()} 失效，自评结果不作数，得 0 分",
        en=f"the on-site check by {check.by} on {check.date.isoformat()} (valid "
        f"{check.valid_months} months) lapsed on {ends.isoformat()}: the self-assessed answer "
        "does not count, 0 points",
    )


def _why_excepted(note: Text) -> Text:
    return note


def _why_expired(note: Text, why: Why) -> Text:
    function, *args = why
    inner = function(*args)
    return bilingual(zh=f"{note.zh}：{inner.zh}", en=f"{note.get('en')}: {inner.get('en')}")


def _why_lapsed(lapse: Text) -> Text:
    return lapse


def decided(
    result: ItemResult, earned: Exact, ex: ExceptionResult | None, lapse: Text | None
) -> tuple[Exact, ItemResult]:
    """An item's earned units and result once its exception and on-site check are applied: an
    exception in force takes it out of both sums; a lapsed on-site check makes a self-assessed
    answer unmet; an expired (or not yet valid) exception leaves the answer's score and says so."""
    if ex is not None and ex.in_force:
        why: Why = (_why_excepted, ex.note())
        return 0, replace(result, status="na", earned=0, applicable=False, why=why, exception=ex)
    if lapse is not None and result.applicable:
        result = replace(result, status="unmet", earned=0.0, why=(_why_lapsed, lapse))
        earned = 0
    if ex is not None:
        result = replace(result, why=(_why_expired, ex.note(), result.why), exception=ex)
    return earned, result


def counts_as_met(result: ItemResult) -> bool:
    """Whether an approved 空项 in force makes a required item count as met (it is stated,
    reasoned and signed, as a `na` with its `na_reason` is)."""
    return result.exception is not None and result.exception.in_force
