"""The words of `safecli summary` (headers and titles, zh and en) and the helpers every
format of it shares."""

from __future__ import annotations

from typing import Any

from safecli.portfolio.summary import TABLES, Portfolio
from safecli.score.results import NOT_SCORABLE

HEADERS = {
    "zh": {
        "unit": "单位编码",
        "subject": "单位名称",
        "standard": "标准",
        "date": "检查日期",
        "total": "总分",
        "grade": "等级",
        "grade_label": "等级名称",
        "veto": "否决",
        "flag": "标记",
        "open_findings": "未整改隐患",
        "overdue_findings": "逾期隐患",
        "exceptions": "有效例外",
        "expired_exceptions": "过期例外",
        "expired_since": "过期日期",
        "path": "文件",
        "units": "单位数",
        "share": "占比(%)",
        "tier": "层级",
        "tier_label": "层级名称",
        "finding": "隐患",
        "item": "条款",
        "text": "内容",
        "owner": "责任人",
        "due": "整改期限",
        "days_overdue": "逾期天数",
        "points": "分值",
        "applicable": "适用单位数",
        "not_met": "未得满分单位数",
        "mean_rate": "平均得分率(%)",
        "change": "变化",
    },
    "en": {
        "unit": "Unit",
        "subject": "Name",
        "standard": "Standard",
        "date": "Date",
        "total": "Total",
        "grade": "Grade",
        "grade_label": "Grade name",
        "veto": "Veto",
        "flag": "Flag",
        "open_findings": "Open findings",
        "overdue_findings": "Overdue findings",
        "exceptions": "Exceptions",
        "expired_exceptions": "Expired",
        "expired_since": "Expired on",
        "path": "File",
        "units": "Units",
        "share": "Share (%)",
        "tier": "Tier",
        "tier_label": "Tier name",
        "finding": "Finding",
        "item": "Item",
        "text": "Text",
        "owner": "Owner",
        "due": "Due",
        "days_overdue": "Days overdue",
        "points": "Points",
        "applicable": "Applicable",
        "not_met": "Not fully met",
        "mean_rate": "Mean rate (%)",
        "change": "Change",
    },
}

TITLES = {
    "zh": {
        "document": "安全生产创建汇总",
        "units": "各单位最新记录",
        "units_all": "各单位全部记录",
        "grades": "等级分布",
        "tiers": "安全诚信企业分级名单（标准化 / 规范化 / 问题型）",
        "overdue": "逾期未整改重大隐患",
        "weakest_items": "失分最多的条款（平均得分率低者在前）",
        "trend": "各单位总分趋势",
        "none": "无",
        "as_of": "隐患逾期判定日期",
        "as_of_records": "各记录的检查日期",
        "invalid": "未计入的无效记录",
        "invalid_count": "汇总有效记录 {valid} 份；无效记录 {invalid} 份，未计入汇总",
        "invalid_grade": "无效记录",
        "problem": "问题",
    },
    "en": {
        "document": "Work-safety creation summary",
        "units": "Units (latest record per standard)",
        "units_all": "Units (every record)",
        "grades": "Grade distribution",
        "tiers": "Safety-integrity tiers (standardized / normalized / problem)",
        "overdue": "Overdue major hazards",
        "weakest_items": "Items the portfolio fails most (lowest mean rate first)",
        "trend": "Each unit's total over time",
        "none": "none",
        "as_of": "Overdue judged on",
        "as_of_records": "each record's inspection date",
        "invalid": "Invalid records left out",
        "invalid_count": "{valid} valid records summarized; {invalid} invalid records left out",
        "invalid_grade": "invalid record",
        "problem": "Problem",
    },
}

TABLE_LIMIT = 20
"""The terminal, Markdown and HTML show this many weakest items (csv and xlsx show all)."""


def _cell(value: Any, key: str = "") -> str:
    if value is None:
        return ""
    if key == "change" and isinstance(value, (int, float)):
        return f"{value:+.1f}"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def table_title(portfolio: Portfolio, name: str, all_history: bool) -> str:
    t = TITLES[portfolio.lang]
    return t["units_all"] if name == "units" and all_history else t[name]


def table_rows(portfolio: Portfolio, name: str) -> list[dict[str, Any]]:
    rows = portfolio.rows[name]
    return rows[:TABLE_LIMIT] if name == "weakest_items" else rows


def shown_tables(portfolio: Portfolio) -> list[str]:
    """Tables worth showing: every table with rows, plus units and grades always."""
    return [n for n in TABLES if portfolio.rows[n] or n in ("units", "grades")]


def lead_lines(portfolio: Portfolio) -> list[str]:
    """The lines under the title: the date overdue was judged on, and the invalid records
    left out (when there are any)."""
    t = TITLES[portfolio.lang]
    day = portfolio.as_of.isoformat() if portfolio.as_of else t["as_of_records"]
    lines = [f"{t['as_of']}: {day}"]
    if portfolio.invalid:
        valid = len(portfolio.sources) - len(portfolio.invalid)
        lines.append(t["invalid_count"].format(valid=valid, invalid=len(portfolio.invalid)))
    return lines


def human_columns(portfolio: Portfolio, columns: list[str]) -> list[str]:
    """The columns a person reads: in zh a grade (or tier) shows by its label alone, the id
    column beside it left to the machine formats (csv, json)."""
    if portfolio.lang != "zh":
        return columns
    hidden = {"grade"} if "grade_label" in columns else set()
    hidden |= {"tier"} if "tier_label" in columns else set()
    return [c for c in columns if c not in hidden]


def total_cell(portfolio: Portfolio, row: dict[str, Any], key: str = "total") -> Any:
    """A total as every format shows it: the number, or 无法计分（全部条款不适用） for a record
    where no item applies (as `report` and `score` say)."""
    if key == "total" and row.get("scorable") is False:
        return NOT_SCORABLE.get(portfolio.lang)
    return row[key]


def human_cell(portfolio: Portfolio, row: dict[str, Any], key: str) -> str:
    """`_cell`, with ids shown as a person reads them: a standard by its title, an item by its
    number on paper (五、13; V.13 in English); in zh a grade by its label (tables without a
    label column), a veto by what made it fire."""
    if key == "standard" and row.get("standard") in portfolio.titles:
        return portfolio.titles[row["standard"]]  # a standard by its title, never its id
    if key == "item" and row.get("item_label"):
        return str(row["item_label"])
    if portfolio.lang == "zh" and key == "veto" and row.get("veto_label"):
        return str(row[f"{key}_label"])
    if portfolio.lang == "zh" and key == "grade" and row.get("grade"):
        labels = {(r["standard"], r["grade"]): r["grade_label"] for r in portfolio.rows["grades"]}
        return str(labels.get((row.get("standard"), row["grade"]), row["grade"]))
    return _cell(total_cell(portfolio, row, key), key)


EXPIRED_MARK = {
    "zh": "例外过期 {n} 项（{day} 起）",
    "en": "{n} exception(s) expired (from {day})",
}
"""The mark of a unit whose exceptions expired, with the day the earliest did."""


def unit_marks(portfolio: Portfolio, row: dict[str, Any]) -> str:
    """A unit's marks on the summary page: what fired a veto, its flags, expired exceptions."""
    lang = portfolio.lang
    expired = row.get("expired_exceptions", 0)
    marks = (
        human_cell(portfolio, row, "veto"),
        row["flag"],
        EXPIRED_MARK[lang].format(n=expired, day=row.get("expired_since", "")) if expired else "",
    )
    return ("；" if lang == "zh" else "; ").join(x for x in marks if x)
