"""The 隐患排查治理 statistics an office reports upward (`safecli findings --stats`).

`office_form(ledger, by, start, end)` folds the ledger's hazards into the form's rows, one per
region, industry or unit, and a total row. A hazard counts in the period when it was first found
(排查) between `start` and `end`; its state is the ledger's, on the ledger's as-of date. So the
figures are the ledger's own: the same hazards, the same states.

Per row:
- 一般隐患: 排查 (found), 已整改 (closed), 整改率 (closed ÷ found, %);
- 重大隐患: 排查, 已整改销号 (closed; a 重大事故隐患 citing a clause only after a passed 验收),
  整改率, 列入治理计划 (a 治理方案 file recorded), 五落实到位 (措施, 资金, 时限, 责任人, 预案 all
  recorded), 挂牌督办 (a supervision level recorded) and 其中省级, 治理资金 (元, as recorded).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from safecli.model.base import Text
from safecli.model.industries import INDUSTRIES
from safecli.portfolio.ledger import UNSTATED, Entry, Ledger
from safecli.score.arithmetic import round_half_up

BY: dict[str, Text] = {
    "region": Text(zh="地区", en="region"),
    "industry": Text(zh="行业", en="industry"),
    "unit": Text(zh="单位", en="unit"),
}
"""What the form's rows are."""

TOTAL = Text(zh="合计", en="Total")


@dataclass(frozen=True)
class StatsRow:
    """One row of the office form."""

    key: str
    """The region, industry id or unit code ("" for the total and for 未填)."""
    name: str
    """What the row is called."""
    general_found: int
    """一般隐患 排查."""
    general_closed: int
    """一般隐患 已整改."""
    major_found: int
    """重大隐患 排查."""
    major_closed: int
    """重大隐患 已整改销号."""
    major_planned: int
    """重大隐患 列入治理计划 (a 治理方案 file recorded)."""
    major_five: int
    """重大隐患 五落实到位."""
    major_supervised: int
    """重大隐患 挂牌督办 (a level recorded)."""
    major_supervised_province: int
    """其中省级."""
    funds_yuan: Decimal
    """治理资金 (元), the sum of what the 重大隐患 record."""

    @property
    def general_rate(self) -> float | None:
        """一般隐患 整改率 (%, one decimal), None without hazards."""
        return _rate(self.general_closed, self.general_found)

    @property
    def major_rate(self) -> float | None:
        """重大隐患 整改率 (%, one decimal), None without hazards."""
        return _rate(self.major_closed, self.major_found)


@dataclass(frozen=True)
class StatsForm:
    """The office form: rows, then the total."""

    by: str
    """region, industry or unit."""
    as_of: dt.date
    """The date the hazards' states are judged on (the ledger's)."""
    start: dt.date | None
    """First day of the period (hazards found from then), None for all."""
    end: dt.date | None
    """Last day of the period, None for all."""
    rows: list[StatsRow]
    """One per region, industry or unit, in order."""
    total: StatsRow
    """The sum of the rows."""
    lang: str = "zh"
    """Language of the names."""


def _rate(part: int, whole: int) -> float | None:
    return float(round_half_up(100 * Fraction(part, whole))) if whole else None


def _row(key: str, name: str, entries: Sequence[Entry]) -> StatsRow:
    general = [e for e in entries if e.level != "major"]
    major = [e for e in entries if e.level == "major"]
    facts = [e.major for e in major if e.major is not None]
    return StatsRow(
        key=key,
        name=name,
        general_found=len(general),
        general_closed=sum(e.status == "closed" for e in general),
        major_found=len(major),
        major_closed=sum(e.status == "closed" for e in major),
        major_planned=sum(bool(f.plan_file) for f in facts),
        major_five=sum(f.five_in_place for f in facts),
        major_supervised=sum(f.supervision is not None for f in facts),
        major_supervised_province=sum(f.supervision == "provincial" for f in facts),
        funds_yuan=sum((Decimal(str(f.funds)) for f in facts if f.funds), Decimal(0)),
    )


def _group_name(by: str, key: str, entries: Sequence[Entry], lang: str) -> str:
    if by == "unit":
        return entries[-1].subject
    if not key:
        return UNSTATED.get(lang)
    if by == "industry" and key in INDUSTRIES:
        return INDUSTRIES[key].get(lang)
    return key


def in_period(entry: Entry, start: dt.date | None, end: dt.date | None) -> bool:
    """Found (first seen) between `start` and `end`, both included."""
    return (start is None or entry.first_seen >= start) and (end is None or entry.first_seen <= end)


def office_form(
    ledger: Ledger,
    by: str = "region",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> StatsForm:
    """The form by region, industry or unit, for hazards found in the period, with a total."""
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)}")
    groups: dict[str, list[Entry]] = defaultdict(list)
    chosen = [e for e in ledger.entries if in_period(e, start, end)]
    for e in chosen:
        key = {"region": e.region, "industry": e.industry, "unit": e.unit}[by] or ""
        groups[key].append(e)
    rows = [
        _row(key, _group_name(by, key, groups[key], ledger.lang), groups[key])
        for key in sorted(groups)
    ]
    return StatsForm(
        by=by,
        as_of=ledger.as_of,
        start=start,
        end=end,
        rows=rows,
        total=_row("", TOTAL.get(ledger.lang), chosen),
        lang=ledger.lang,
    )
