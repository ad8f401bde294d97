"""The words of `safecli check`'s outputs: each gate's SARIF rule and name, and the labels of
the text and table outputs, in Chinese and English.
"""

from __future__ import annotations

from safecli.portfolio.config import GATES

RULES = {
    "invalid": (
        "InvalidRecord",
        "The record cannot be read or does not follow its standard.",
        "Fix each located problem; `safecli validate FILE` lists them all.",
    ),
    "veto": (
        "VetoTriggered",
        "A veto (否决) rule of the standard fired and capped the grade.",
        "The failure names the incident, finding, metric or item that fired the rule.",
    ),
    "blacklisted": (
        "Blacklisted",
        "A veto that puts the unit on a blacklist (信用污点/黑名单) fired.",
        "The failure names the rule and what fired it; a blacklisted unit cannot pass.",
    ),
    "lowest-grade": (
        "LowestGrade",
        "The record is graded at its standard's lowest grade (不合格 or the like).",
        "See `safecli score FILE` for the items that lost points.",
    ),
    "below-grade": (
        "BelowRequiredGrade",
        "The record's grade is below the grade safecli.yaml requires for its standard.",
        "Raise the score (see `safecli score FILE`), or change required_grades.",
    ),
    "overdue-major": (
        "OverdueMajorHazard",
        "A major hazard (重大隐患) is open past its rectification deadline.",
        "Rectify it and set status: closed, or record the new deadline.",
    ),
    "major-hazard": (
        "MajorAccidentHazard",
        "A 重大事故隐患 (a finding citing a 判定 clause, or a situation answered 存在) is not closed "
        "after a passed acceptance, or a clause-citing finding is written general.",
        "Rectify it, record the 验收 (acceptance: {by, date, result: 合格}) and close it; "
        "write level: major.",
    ),
    "unanswered": (
        "UnansweredItem",
        "An applicable item of the standard has no answer.",
        "Answer it, mark it na, or report its metric.",
    ),
    "unreadable": (
        "UnreadableFolder",
        "A folder under the checked paths could not be read: records in it were not checked.",
        "Give the CI user read access, or exclude the folder in safecli.yaml.",
    ),
    "expired-exception": (
        "ExpiredException",
        "An exception (空项, 豁免) is past its end date: its item is scored as answered.",
        "Renew the approval and its until, or remove the exception.",
    ),
    "evidence": (
        "EvidenceFile",
        "An evidence file is missing, moved, outside the repository or changed since hashed.",
        "Restore or re-point the file; `safecli validate --evidence FILE` lists them all.",
    ),
    "expiring-exception": (
        "ExpiringException",
        "An exception (空项, 豁免) ends within the configured number of days.",
        "Renew it before it ends, or rectify the item and remove it.",
    ),
    "exception": (
        "ExceptionInForce",
        "An exception (空项, 豁免) in force (or not yet in force) on the date judged by.",
        "Nothing to do before it nears its end date.",
    ),
}
"""SARIF rule metadata per gate id (and the two notes that fail nothing): name, description,
help."""
SARIF_RULES = (*GATES, "expiring-exception", "exception")
"""The rules a SARIF log lists, gates first."""
SARIF_LEVELS = {"error": "error", "warning": "warning", "notice": "note"}

L = {
    "zh": {
        "title": "safecli 检查",
        "record": "记录",
        "standard": "标准",
        "total": "总分",
        "grade": "等级",
        "required": "要求",
        "status": "结果",
        "problems": "问题",
        "pass": "通过",
        "fail": "未通过",
        "invalid": "无效",
        "summary": "{records} 份记录：{passed} 份通过，{failed} 份未通过，共 {failures} 个问题；跳过 {skipped} 个文件",
        "warnings": "；{warnings} 个提醒",
        "skipped": "跳过",
        "as_of": "判定日期 {as_of}",
        "today": "（今天；逾期按此日期判断，--as-of 可另定）",
        "given": "（--as-of 指定）",
        "rules": "门禁规则",
        "defaults": "默认，未找到 safecli.yaml",
        "records": "各记录的检查日期",
        "from": "来自 {config}",
    },
    "en": {
        "title": "safecli check",
        "record": "Record",
        "standard": "Standard",
        "total": "Total",
        "grade": "Grade",
        "required": "Required",
        "status": "Status",
        "problems": "Problems",
        "pass": "pass",
        "fail": "fail",
        "invalid": "invalid",
        "summary": "{records} records: {passed} passed, {failed} failed, {failures} problems; "
        "{skipped} files skipped",
        "warnings": "; {warnings} warnings",
        "skipped": "skipped",
        "as_of": "as of {as_of}",
        "today": " (today; overdue is judged on this date, --as-of to choose another)",
        "given": " (--as-of)",
        "rules": "gates in force",
        "defaults": "defaults, no safecli.yaml",
        "records": "each record's inspection date",
        "from": "from {config}",
    },
}


RULE_NAMES = {
    "zh": {
        "invalid": "无效记录",
        "veto": "否决",
        "blacklisted": "黑名单",
        "lowest-grade": "最低等级",
        "below-grade": "低于要求等级",
        "overdue-major": "重大隐患逾期",
        "major-hazard": "重大事故隐患未销号",
        "unanswered": "条款未作答",
        "expired-exception": "例外已过期",
        "evidence": "证明材料",
    },
    "en": {
        "invalid": "invalid record",
        "veto": "veto",
        "blacklisted": "blacklisted",
        "lowest-grade": "lowest grade",
        "below-grade": "below the required grade",
        "overdue-major": "overdue major hazard",
        "major-hazard": "major accident hazard not closed",
        "unanswered": "unanswered item",
        "expired-exception": "expired exception",
        "evidence": "evidence files",
    },
}
"""Each gate's name, for the header saying which gates were in force."""
