"""Exceptions and on-site checks on a date: which apply, which expired, and what that does.

An exception (空项, 豁免) applies from its `date` through its `until`; from the next day on it
has expired and its item is scored as answered, with every output saying it expired and when.
An item whose standard says it needs an on-site check (`on_site`) keeps a self-assessed met or
partial only while an on-site check (`verified`, method 现场检查) stands on the date judged by.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from safecli.model.models import (
    EXCEPTION_KIND_LABELS,
    CheckMethod,
    ExceptionKind,
    Item,
    ItemException,
    Response,
    SharedException,
    Status,
    Text,
)

IN_FORCE = "in-force"
EXPIRED = "expired"
PENDING = "pending"
STATES = (IN_FORCE, EXPIRED, PENDING)
"""An exception's state on a date: applies, has expired, or is dated later (not yet)."""

STATE_LABELS = {
    IN_FORCE: Text.model_construct(zh="有效", en="in force"),
    EXPIRED: Text.model_construct(zh="已过期", en="expired"),
    PENDING: Text.model_construct(zh="尚未生效", en="not yet in force"),
}


def _t(zh: str, en: str) -> Text:
    return Text.model_construct(zh=zh, en=en)


@dataclass(frozen=True, slots=True)
class ExceptionResult:
    """One exception of a record, as it stands on the date judged by."""

    item: str
    """The item id."""
    kind: str
    """na (空项) or waiver (豁免)."""
    reason: str
    """Why."""
    approver: str
    """Who approved it: organisation, post and name."""
    date: dt.date
    """When it was approved (it applies from this day)."""
    until: dt.date
    """The last day it applies."""
    state: str
    """in-force, expired or pending on `as_of`."""
    days_left: int
    """Days from `as_of` to `until` (negative once expired)."""
    index: int
    """Its place in the record's exceptions (shared ones after the record's own)."""
    shared: tuple[str, int, int] | None = None
    """Where it is written when it comes from the repository's exceptions.yaml."""
    ref: str | None = None
    """The approval's number, if any."""

    @property
    def kind_label(self) -> Text:
        return EXCEPTION_KIND_LABELS[ExceptionKind(self.kind)]

    @property
    def state_label(self) -> Text:
        return STATE_LABELS[self.state]

    @property
    def expired_on(self) -> dt.date:
        """The first day it no longer applies."""
        return self.until + dt.timedelta(days=1)

    @property
    def in_force(self) -> bool:
        return self.state == IN_FORCE

    def note(self) -> Text:
        """What the exception does to its item, for a person."""
        kind = self.kind_label
        if self.state == EXPIRED:
            return _t(
                zh=f"{kind.zh}已于 {self.expired_on.isoformat()} 到期（有效期至 "
                f"{self.until.isoformat()}），按作答计分",
                en=f"{kind.en} expired on {self.expired_on.isoformat()} (it ran until "
                f"{self.until.isoformat()}): scored as answered",
            )
        if self.state == PENDING:
            return _t(
                zh=f"{kind.zh}自 {self.date.isoformat()} 起生效，尚未生效，按作答计分",
                en=f"{kind.en} applies from {self.date.isoformat()}: scored as answered",
            )
        return _t(
            zh=f"{kind.zh}（{self.approver} 批准，有效期至 {self.until.isoformat()}），"
            f"不计入实得分与总分；理由：{self.reason}",
            en=f"{kind.en} (approved by {self.approver}, until {self.until.isoformat()}): "
            f"left out of both sums; reason: {self.reason}",
        )


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
        return _t(
            zh="该条款须经现场检查核实，记录无现场检查，自评结果不作数，得 0 分",
            en="the item needs an on-site check and the record states none: the self-assessed "
            "answer does not count, 0 points",
        )
    ends = _months_after(check.date, check.valid_months)
    if check.date <= as_of < ends:
        return None
    if as_of < check.date:
        return _t(
            zh=f"现场检查（{check.by}）日期 {check.date.isoformat()} 晚于评定日，自评结果不作数，得 0 分",
            en=f"the on-site check by {check.by} is dated {check.date.isoformat()}, after the "
            "date judged by: the self-assessed answer does not count, 0 points",
        )
    return _t(
        zh=f"现场检查（{check.by}，{check.date.isoformat()}，有效 {check.valid_months} 个月）"
        f"已于 {ends.isoformat()} 失效，自评结果不作数，得 0 分",
        en=f"the on-site check by {check.by} on {check.date.isoformat()} (valid "
        f"{check.valid_months} months) lapsed on {ends.isoformat()}: the self-assessed answer "
        "does not count, 0 points",
    )
