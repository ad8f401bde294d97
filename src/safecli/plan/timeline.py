"""One timeline per plan: the plan's date (its 落款) is the reference for every date in it.

- Nothing is planned before the plan's date: the steps run from the later of `--start` and the
  date; a step the plan itself completes (制定实施方案) is shown done on that date.
- One deadline per item: a gap with an open finding takes the finding's deadline (the earliest
  when several are open), and the item is listed with that deadline wherever it appears (主要任务,
  创建标准, 整改清单).
- A finding already past its deadline on the plan's date is overdue (逾期) by the one rule every
  output uses (`safecli.model.deadlines`): its task is due at once, on the plan's date, and the
  整改清单 says 逾期 beside the finding's own deadline.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from safecli.model.deadlines import is_overdue
from safecli.model.record import Record
from safecli.score.gaps import Rectification


class FindingDue(NamedTuple):
    """What an item's open finding makes of its deadline in a plan dated `signed`."""

    deadline: dt.date
    """The task's deadline: the finding's, or the plan's date when that is already past."""
    overdue: bool
    """The finding was past its deadline on the plan's date."""
    due: dt.date
    """The finding's own deadline."""


def finding_dues(record: Record, signed: dt.date) -> dict[str, FindingDue]:
    """Each item with an open, dated finding: its deadline in a plan dated `signed`."""
    out: dict[str, FindingDue] = {}
    for finding in record.findings:
        if not finding.needs_work or finding.item is None or finding.due is None:
            continue
        known = out.get(finding.item)
        if known is not None and known.due <= finding.due:
            continue
        late = is_overdue(True, finding.due, signed)
        out[finding.item] = FindingDue(signed if late else finding.due, late, finding.due)
    return out


def plan_rectifications(
    fixes: list[Rectification], due: dict[str, dt.date], signed: dt.date
) -> list[Rectification]:
    """The 整改清单 of a plan dated `signed`: overdue judged on that date, an entry with no
    date of its own due when its item's task is (a finding by the item it names); overdue
    first, then major, then by deadline (as the report sorts)."""
    out = []
    for fix in fixes:
        when = fix.due or due.get((fix.ref if fix.source == "item" else fix.item) or "")
        late = fix.source == "finding" and is_overdue(True, when, signed)
        out.append(fix.model_copy(update={"due": when, "overdue": late}))
    far = dt.date.max
    order = sorted(
        enumerate(out),
        key=lambda p: (not p[1].overdue, p[1].level != "major", p[1].due or far, p[0]),
    )
    return [fix for _, fix in order]
