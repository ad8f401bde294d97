"""What a 重大隐患 carries beyond a finding: its 判定 clause, 五落实, 治理方案, 验收, 挂牌督办.

Pure: `major_facts(finding)` reads them off a record's finding (scoring puts the result on its
FindingResult, so the ledger and the statistics see them across processes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from safecli.model.base import Text
from safecli.model.record import Finding, Record
from safecli.model.standard import Item, Standard


@dataclass(frozen=True, slots=True)
class MajorFacts:
    """The obligations of one 重大隐患 as a record states them."""

    basis: str | None = None
    """The 判定 clause it cites, `PACK@VERSION CLAUSE`; None for a major without one."""
    clause: Text | None = None
    """The situation the clause describes (the pack's words), for the 整改通知书."""
    written_level: str = "major"
    """The level the record wrote (general when a clause made it major)."""
    missing_five: tuple[str, ...] = ()
    """五落实 fields not given: measure, funds, due, owner, contingency."""
    funds: float | None = None
    """治理资金 in yuan."""
    plan_file: str | None = None
    """The 治理方案 file: 列入治理计划."""
    accepted_by: str | None = None
    """验收: who."""
    accepted_on: dt.date | None = None
    """验收: when."""
    accepted: bool | None = None
    """验收 passed (True), failed (False), or none recorded (None)."""
    supervision: str | None = None
    """挂牌督办 level: national, provincial, city or county."""
    supervised_on: dt.date | None = None
    """挂牌督办 date."""

    @property
    def five_in_place(self) -> bool:
        """五落实到位: every one of the five is given."""
        return not self.missing_five


def major_facts(finding: Finding, clause: Text | None = None) -> MajorFacts | None:
    """The 重大隐患 facts of `finding`, or None for a general one."""
    if not finding.major:
        return None
    acceptance = finding.acceptance
    supervision = finding.supervision
    return MajorFacts(
        basis=finding.basis,
        clause=clause,
        written_level=finding.level,
        missing_five=tuple(finding.missing_five()),
        funds=finding.funds,
        plan_file=finding.plan_file,
        accepted_by=acceptance.by if acceptance else None,
        accepted_on=acceptance.date if acceptance else None,
        accepted=acceptance.passed if acceptance else None,
        supervision=supervision.level if supervision else None,
        supervised_on=supervision.date if supervision else None,
    )


def situations(
    standard: Standard, record: Record, statuses: dict[str, str]
) -> list[tuple[Item, MajorFacts]]:
    """The situations a 判定 record answered 存在 (`statuses`: the scored status by item) that no
    finding of its own takes up: each is a 重大事故隐患, followed under its item id, with
    nothing of its 五落实 in place."""
    taken = {f.item for f in record.findings if f.item}
    return [
        (
            item,
            MajorFacts(
                basis=f"{standard.ref} {item.article or item.id}",
                clause=item.text,
                missing_five=("measure", "funds", "due", "owner", "contingency"),
            ),
        )
        for item in standard.items()
        if statuses.get(item.id) == "unmet" and item.id not in taken
    ]
