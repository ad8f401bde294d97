"""The 重大隐患治理 table of the 隐患台账: each 重大隐患's clause, 五落实 (and what is missing),
治理方案, 验收 and 挂牌督办. Pure: ledger entries in, rows out; the ledger's renderers lay them
out (an xlsx sheet, an md/html section, a terminal table).

Shown only when some record states any of it (a clause, funds, a contingency plan, a plan file,
an acceptance or a supervision): a ledger of majors with none of it reads as before.
"""

from __future__ import annotations

from typing import Any

from safecli.model.features import LEVELS as SUPERVISION_LEVELS
from safecli.model.hazards import FIVE_POINTS
from safecli.model.numbering import clause_label
from safecli.portfolio.ledger import Entry, Ledger

MAJOR_COLUMNS = (
    "subject",
    "finding",
    "basis",
    "five",
    "funds",
    "plan_file",
    "acceptance",
    "supervision",
    "status",
)
"""The columns, in order."""

HTML_GROUPS = (
    ("subject", "finding", "basis", "five", "funds"),
    ("subject", "finding", "plan_file", "acceptance", "supervision", "status"),
)
"""The page's two tables (a Word page holds five or six columns)."""

CLASSES = {c: "" for c in MAJOR_COLUMNS} | {
    "finding": "w-narrow",
    "basis": "w-wide",
    "five": "w-wide",
    "funds": "n",
}
"""The HTML classes of the columns (the Word table's widths follow w-narrow and w-wide)."""

HEADERS = {
    "zh": {
        "title": "重大隐患治理",
        "subject": "单位",
        "finding": "编号",
        "basis": "判定依据",
        "five": "五落实",
        "funds": "资金（元）",
        "plan_file": "治理方案",
        "acceptance": "验收",
        "supervision": "挂牌督办",
        "status": "状态",
        "in_place": "到位",
        "lacking": "缺",
        "refused": "无验收，不能销号",
        "passed": "合格",
        "failed": "不合格",
    },
    "en": {
        "title": "Major hazards: rectification",
        "subject": "unit",
        "finding": "finding",
        "basis": "clause",
        "five": "five points",
        "funds": "funds (yuan)",
        "plan_file": "rectification plan",
        "acceptance": "acceptance",
        "supervision": "supervision",
        "status": "state",
        "in_place": "in place",
        "lacking": "missing ",
        "refused": "no acceptance: not closed",
        "passed": "passed",
        "failed": "failed",
    },
}


def shown(ledger: Ledger) -> bool:
    """Whether any 重大隐患 of the ledger states a clause or any of its obligations."""
    for e in ledger.entries:
        f = e.major
        if f is not None and (
            f.basis or f.funds or f.plan_file or f.accepted is not None or f.supervision
        ):
            return True
    return False


def _number(value: float | None) -> Any:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def major_row(e: Entry, lang: str, state: str) -> dict[str, Any]:
    """One 重大隐患 as the table shows it (`state` is the ledger's state name)."""
    h = HEADERS[lang]
    f = e.major
    assert f is not None
    sep = "、" if lang == "zh" else ", "
    acceptance = ""
    if f.accepted is not None:
        verdict = h["passed"] if f.accepted else h["failed"]
        day = f.accepted_on.isoformat() if f.accepted_on else ""
        acceptance = f"{f.accepted_by} {day} {verdict}"
    supervision = ""
    if f.supervision:
        level = SUPERVISION_LEVELS[f.supervision].get(lang) + ("级" if lang == "zh" else "")
        supervision = f"{level} {f.supervised_on.isoformat() if f.supervised_on else ''}".strip()
    basis = ""
    if f.basis:  # the clause, then the pack's version: 第十一条（三）（2023）
        ref, _, clause = f.basis.partition(" ")
        version = ref.partition("@")[2]
        clause = clause_label(clause, lang)
        basis = f"{clause}（{version}）" if lang == "zh" else f"{clause} ({version})"
    return {
        "subject": e.subject,
        "finding": e.finding if e.named else "",  # an id made by us is never shown
        "basis": basis,
        "five": h["in_place"]
        if f.five_in_place
        else h["lacking"] + sep.join(FIVE_POINTS[k].get(lang) for k in f.missing_five),
        "funds": _number(f.funds),
        "plan_file": f.plan_file or "",
        "acceptance": acceptance,
        "supervision": supervision,
        "status": f"{state}（{h['refused']}）"
        if e.unaccepted and lang == "zh"
        else (f"{state} ({h['refused']})" if e.unaccepted else state),
    }


def major_rows(ledger: Ledger, states: dict[str, Any]) -> list[dict[str, Any]]:
    """Every 重大隐患 of the ledger with its facts, in the ledger's order."""
    return [
        major_row(e, ledger.lang, states[e.status].get(ledger.lang))
        for e in ledger.entries
        if e.level == "major" and e.major is not None
    ]
