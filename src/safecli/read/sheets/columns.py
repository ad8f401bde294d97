"""The 自查表's columns and fields, in Chinese and English, and how a header is recognised."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any, NamedTuple

from safecli.model.standard import Standard, SubjectKind
from safecli.model.unit_words import names_version, standard_title
from safecli.model.vocabulary import FINDING_STATES, STATUSES, SUBJECT_KINDS

FORMATS = ("yaml", "xlsx", "csv")
MAX_BYTES = 32 * 1024 * 1024
"""Larger sheets are refused: a 自查表 is a few hundred rows."""
# ---------------------------------------------------------------- columns and fields


class Column(NamedTuple):
    key: str
    zh: str
    en: str
    width: float
    aliases: tuple[str, ...] = ()

    def header(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


ITEM_COLUMNS = (
    Column("id", "编号", "id", 16, ("序号", "条款编号", "序号/编号", "item")),
    Column("section", "部分", "section", 18),
    Column("text", "检查内容", "text", 60, ("检查项目", "内容")),
    Column("points", "分值", "points", 7, ("标准分",)),
    Column("kind", "类型", "kind", 10),
    Column("metric", "指标", "metric", 24),
    Column("target", "目标", "target", 14),
    Column("result", "自评结果", "result", 12, ("检查结果", "status")),
    Column("score", "实得分", "score", 8, ("得分",)),
    Column("value", "实测值", "value", 10),
    Column("deductions", "扣分项", "deductions", 18),
    Column("evidence", "证明材料", "evidence", 22),
    Column("finding", "存在问题", "finding", 30),
    Column("na_reason", "不适用理由", "na_reason", 20, ("空项理由", "缺项理由")),
    Column("level", "隐患等级", "level", 10),
    Column("measure", "整改措施", "measure", 30),
    Column("owner", "责任人", "owner", 10),
    Column("due", "整改期限", "due", 12),
    Column("state", "整改状态", "state", 10),
)
RULE_COLUMNS = (
    Column("group", "项目", "group", 18, ("考评项目", "二级要素")),
    Column("method", "评分方法", "method", 40, ("评分标准", "考评办法")),
    Column("zero_if", "不得分情形", "zero_if", 18, ("不得分",)),
)
"""Columns a standard with 评分方法 rules adds after 分值: the 项目, the method's text, and the
不得分 conditions found (ids or texts, separated by ；)."""


def item_columns(std: Any) -> tuple[Column, ...]:
    """The 自查表's item columns for `std`: the rule columns follow 分值 when any item has them."""
    if not any(i.method or i.zero_if or i.group for i in std.items()):
        return ITEM_COLUMNS
    at = [c.key for c in ITEM_COLUMNS].index("points") + 1
    return ITEM_COLUMNS[:at] + RULE_COLUMNS + ITEM_COLUMNS[at:]


INCIDENT_COLUMNS = (
    Column("date", "日期", "date", 12),
    Column("kind", "类型", "kind", 12),
    Column("fatalities", "死亡", "fatalities", 8, ("死亡人数",)),
    Column("serious_injuries", "重伤", "serious_injuries", 8, ("重伤人数",)),
    Column("direct_loss_yuan", "直接经济损失(元)", "direct_loss_yuan", 16, ("直接经济损失",)),
    Column("text", "说明", "text", 40, ("事故经过",)),
)
SUBJECT_FIELDS = (
    # key, zh, en, (section of the record it goes to)
    Column("standard", "标准", "standard", 0),
    Column("kind", "单位类型", "kind", 0),
    Column("id", "统一社会信用代码", "id", 0, ("单位代码", "社区代码", "code")),
    Column("name", "单位名称", "name", 0),
    Column("industry", "行业", "industry", 0),
    Column("employees", "从业人员", "employees", 0, ("从业人员数", "人数")),
    Column("region", "地区", "region", 0),
    Column("contact", "联系人", "contact", 0),
    Column("date", "检查日期", "date", 0),
    Column("by", "检查人", "by", 0),
    Column("period", "检查期间", "period", 0),
    Column("reviewed_by", "审核人", "reviewed_by", 0),
    Column("approved_by", "批准人", "approved_by", 0),
    # 判定 checklists only (the writer leaves it out of other sheets; the reader takes it)
    Column("industries", "其他行业", "industries", 0, ("兼营行业",)),
)
PACK_SUBJECT_KEYS = ("industries",)
"""Subject rows a 判定 checklist's 单位信息 sheet has (several values, split at 、 , ;)."""
INSPECTION_KEYS = ("date", "by", "period", "reviewed_by", "approved_by")
PROFILE_FIELDS = (
    # the unit profile (单位概况) a plan needs: rows of the same 单位信息 sheet, all optional
    Column("name", "单位全称", "full_name", 0),
    Column("address", "地址", "address", 0, ("单位地址",)),
    Column("principal", "主要负责人", "principal", 0),
    Column("leader", "领导小组组长", "group_leader", 0, ("组长",)),
    Column("deputies", "领导小组副组长", "group_deputies", 0, ("副组长",)),
    Column("members", "领导小组成员", "group_members", 0, ("成员",)),
    Column("office", "办公室设在", "office_in", 0, ("领导小组办公室设在",)),
    Column("director", "办公室主任", "office_director", 0),
    Column("contact", "方案联系人", "plan_contact", 0, ("办公室联系人",)),
    Column("departments", "部门对应", "departments", 0, ("部门职责对应",)),
    Column("prepared_by", "编制单位", "prepared_by", 0),
    Column("prepared_on", "编制日期", "prepared_on", 0),
)
"""Rows of the 单位信息 sheet that make the unit profile (单位概况) of a plan."""
SUBJECT_HEADER = (
    Column("field", "项目", "field", 18),
    Column("value", "内容", "value", 36),
    Column("note", "说明", "note", 50),
)
SHEET_NAMES = {
    "items": ("自查表", "checklist"),
    "subject": ("单位信息", "subject"),
    "incidents": ("事故", "incidents"),
}
REQUIRED_ITEM_COLUMNS = ("id", "result")


def standard_name(standard: Standard) -> str:
    """The standard as a Chinese 自查表 names it (创建“平安企业”工作实施方案（2013年版）): its
    plan's title, which carries no editorial note, and its version. The reader takes it for the
    standard's ref."""
    title = standard_title(standard)
    return title if names_version(title, standard.version) else _versioned(standard)


def _versioned(standard: Standard) -> str:
    version = f"{standard.version}年版" if standard.version.isdigit() else standard.version
    return f"{standard_title(standard)}（{version}）"


def standard_names(standard: Standard) -> tuple[str, str]:
    """The names a sheet may give the standard: `standard_name`, and the title with its version
    added even where it named it already (as sheets written before were headed)."""
    return standard_name(standard), _versioned(standard)


KIND_LABELS = {SubjectKind(term.id): (term.zh, term.en) for term in SUBJECT_KINDS}
"""单位类型 as the sheet writes it (the reader accepts every spelling of `SUBJECT_KINDS`)."""
RESULT_CHOICES = {
    "zh": tuple(t.zh for t in STATUSES),
    "en": tuple(t.id for t in STATUSES),
}
"""The 自评结果 drop-down of a blank sheet."""
STATE_CHOICES = {
    "zh": tuple(t.zh for t in FINDING_STATES),
    "en": tuple(t.id for t in FINDING_STATES),
}
"""The 整改状态 drop-down of a blank sheet."""
PERIODS = {
    "day": ("日", "day"),
    "week": ("周", "week"),
    "month": ("月", "month"),
    "quarter": ("季度", "quarter"),
    "half-year": ("半年", "half-year"),
    "year": ("年", "year"),
}
MAJOR_PREFIX = re.compile(r"^\s*[\[【(（]\s*(重大|major)\s*[\]】)）]\s*", re.IGNORECASE)


def norm(text: Any) -> str:
    """A header as compared: NFKC (full-width to half-width), lower case, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).lower()


def _lookup(columns: Iterable[Column]) -> dict[str, str]:
    table: dict[str, str] = {}
    for column in columns:
        for name in (column.key, column.zh, column.en, *column.aliases):
            table[norm(name)] = column.key
            bare = re.sub(r"\(.*\)$", "", norm(name))
            table.setdefault(bare, column.key)
    return table


ITEM_LOOKUP = _lookup(ITEM_COLUMNS + RULE_COLUMNS)
PROFILE_LOOKUP = _lookup(PROFILE_FIELDS)
INCIDENT_LOOKUP = _lookup(INCIDENT_COLUMNS)
SUBJECT_LOOKUP = _lookup(SUBJECT_FIELDS)


def key_of(header: Any, lookup: dict[str, str]) -> str | None:
    name = norm(header)
    return lookup.get(name) or lookup.get(re.sub(r"\(.*\)$", "", name))
