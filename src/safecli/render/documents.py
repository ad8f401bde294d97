"""render(kind, data, fmt, lang) -> str: the 实施方案 and the 评估报告 through Jinja (and ics).

Templates are looked up by name (`plan.md.j2`, `report.html.j2`, …) in a user's `--templates`
folder first, then in the bundled `templates/`; every template runs in Jinja's
`SandboxedEnvironment` with `StrictUndefined`. HTML templates autoescape; Markdown templates
escape data through the `md` filter. Data is only ever passed as variables, never compiled as a
template. Any template problem becomes a `TemplateError` naming the template and the line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

from safecli.model.errors import Problem, TemplateError, UsageError
from safecli.model.industries import INDUSTRIES
from safecli.model.models import STATUS_LABELS, Period, Text, incident_kind_label
from safecli.model.packaged import package_dir

KINDS = ("plan", "report")
FORMATS = {"plan": ("md", "html", "ics"), "report": ("md", "html")}

# ---------------------------------------------------------------- words of the documents

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "plan": "实施方案",
        "plan_suffix": "方案",
        "p1": "一、指导思想",
        "p2": "二、工作目标",
        "p3": "三、组织领导",
        "p4": "四、职责分工",
        "p5": "五、创建标准与主要任务",
        "p6": "六、实施步骤",
        "p7": "七、保障措施",
        "p8": "八、考核奖惩",
        "p4_unit": "（一）本单位各部门职责",
        "p4_authority": "（二）有关主管部门职责",
        "p4_authority_note": "以下为上级有关部门在创建活动中的职责，不属于本单位职责，列明以便对接。",
        "p5_grades": "（一）评定等级",
        "p5_tasks": "（二）主要任务（先补差距，按可增分从大到小）",
        "p5_unanswered": "（三）未作答条款",
        "p5_items": "创建标准",
        "p8_rewards": "（一）奖励",
        "p8_penalties": "（二）惩处",
        "intro": "为扎实做好{title}，根据创建标准，结合本单位实际，制定本方案。",
        "takes": "承担",
        "group_set_up": "成立{group}，负责创建工作的组织领导。",
        "leader": "组　长",
        "deputies": "副组长",
        "members": "成　员",
        "office_in": "领导小组下设办公室，办公室设在{dept}",
        "office_director": "，{who}任办公室主任",
        "office_contact": "，联系人：{who}",
        "office_tail": "。办公室",
        "neutral_group": "成立{group}，领导小组组长由主要负责人担任，副组长由分管安全生产的负责人担任，成员由各部门负责人组成。",
        "neutral_office": "领导小组下设办公室，设在负责安全管理的部门，办公室主任由该部门负责人担任。办公室",
        "annexes": "附件",
        "annex_n": "附件{n}",
        "annex_rectify": "整改清单",
        "annex_checklist": "自查表",
        "annex_duties": "经常性工作安排",
        "task_no": "条款",
        "now": "现得分",
        "in_phase": "所属阶段",
        "unanswered_note": "以下条款自查时未作答，不计得分，也不列为隐患，应于{date}前补充自查并按实际情况评分：",
        "no_gaps": "自查未发现失分条款。",
        "phase_lead": "牵头：",
        "phase_milestones": "节点：",
        "deadline_before": "前完成",
        "done_with_plan": "已于{date}随本方案完成",
        "immediately": "立即整改（已逾期）",
        "overdue_fix": "逾期，立即整改",
        "to": "至",
        "assessed_line": "{date}自查总分{total}分，等级为{grade}。",
        "points_unit": "分",
        "requires_none": "无",
        "report": "评估报告",
        "r1": "一、单位概况",
        "r2": "二、评估意见",
        "r3": "三、分项得分",
        "r4": "四、失分项",
        "r5": "五、差距及整改价值",
        "r6": "六、事故情况",
        "r7": "七、签署",
        "annex_rectify_report": "附件 整改清单",
        "address": "地址",
        "principal": "主要负责人",
        "unanswered_status": "未作答",
        "s1": "一、指导思想",
        "s2": "二、职责分工",
        "s3": "三、创建目标",
        "s4": "四、创建标准",
        "s5": "五、具体内容/工作措施",
        "s6": "六、方法步骤",
        "annex": "附件：自查表",
        "unit": "单位",
        "code": "统一社会信用代码/编码",
        "kind": "类型",
        "industry": "行业",
        "employees": "从业人员",
        "region": "地区",
        "contact": "联系人",
        "standard": "标准",
        "start": "开始",
        "end": "截止",
        "plan_period": "方案期",
        "plan_year": "方案年度",
        "inspection_date": "自查日期",
        "period": "自查期间",
        "as_of": "整改判定日期",
        "total": "总分",
        "grade": "等级",
        "grade_before_veto": "否决前等级",
        "points": "分值",
        "earned": "实得分",
        "applicable_points": "应得分",
        "rate": "得分率",
        "id": "编号",
        "item": "内容",
        "owner": "责任部门",
        "evidence": "佐证材料",
        "deadline": "完成期限",
        "target": "指标",
        "body": "单位/部门",
        "duties": "职责",
        "goal": "目标",
        "min": "最低分",
        "requires": "必备条件",
        "veto": "否决",
        "veto_items": "否决项",
        "vetoes": "否决情形",
        "max_grade": "最高等级",
        "flag": "标记",
        "scoring_note": "计分说明",
        "na": "不适用",
        "phase": "阶段",
        "dates": "时间",
        "milestones": "节点",
        "lead": "牵头",
        "deadline_only": "前完成",
        "duty_table": "经常性工作",
        "duty": "工作",
        "frequency": "频次",
        "first_due": "首次期限",
        "count": "方案期内次数",
        "result": "自评结果",
        "finding": "存在问题",
        "gaps": "差距及整改价值",
        "gaps_first": "先补差距（按可增分从大到小）",
        "gain": "可增分",
        "total_after": "整改后总分",
        "grade_after": "整改后等级",
        "lifts": "解除否决",
        "capped_by": "仍受否决",
        "status": "状态",
        "profile": "单位概况",
        "summary": "评估结论",
        "veto_notice": "否决",
        "because": "依据",
        "sections": "分项得分",
        "section": "部分",
        "lost": "失分项",
        "empty": "空项（不适用）及理由",
        "reason": "原因",
        "rectify": "整改清单",
        "no": "序号",
        "what": "问题",
        "measure": "整改措施",
        "responsible": "责任人",
        "due": "整改期限",
        "level": "隐患等级",
        "overdue": "逾期",
        "not_overdue": "未逾期",
        "to_set": "待定",
        "default": "默认",
        "incidents": "事故情况",
        "date": "日期",
        "incident_kind": "类型",
        "fatalities": "死亡",
        "serious_injuries": "重伤",
        "loss": "直接经济损失（元）",
        "class": "事故等级",
        "text": "说明",
        "none": "无",
        "sign_off": "签署",
        "prepared": "编制",
        "reviewed": "审核",
        "approved": "批准",
        "chart": "分项得分率与总分（竖线为等级分数线）",
        "assessed": "自查结果",
        "yuan": "元",
        "person": "人",
        "sep": "、",
        "nsep": "；",
        "colon": "：",
    },
    "en": {
        "plan": "Implementation plan",
        "plan_suffix": "plan",
        "p1": "1. Guiding principles",
        "p2": "2. Goals",
        "p3": "3. Organisation and leadership",
        "p4": "4. Responsibilities",
        "p5": "5. Standards and main tasks",
        "p6": "6. Steps",
        "p7": "7. Safeguards",
        "p8": "8. Assessment, rewards and penalties",
        "p4_unit": "4.1 The unit's departments",
        "p4_authority": "4.2 The authorities concerned",
        "p4_authority_note": "The duties of the authorities in the campaign, listed for liaison: they are not the unit's.",
        "p5_grades": "5.1 Grades",
        "p5_tasks": "5.2 Main tasks (close the gaps, biggest gain first)",
        "p5_unanswered": "5.3 Items not answered",
        "p5_items": "The standard",
        "p8_rewards": "8.1 Rewards",
        "p8_penalties": "8.2 Penalties",
        "intro": "This plan carries out the work of {title} for the unit, under the creation standard.",
        "takes": "takes",
        "group_set_up": "The unit sets up the {group} to lead the work.",
        "leader": "Leader",
        "deputies": "Deputy leaders",
        "members": "Members",
        "office_in": "The group's office sits in {dept}",
        "office_director": "; director: {who}",
        "office_contact": "; contact: {who}",
        "office_tail": ". The office: ",
        "neutral_group": "The unit sets up the {group}, led by the principal, with the deputy in charge of safety as deputy leader and the heads of the departments as members.",
        "neutral_office": "The group's office sits in the department in charge of safety, directed by its head. The office: ",
        "annexes": "Annexes",
        "annex_n": "Annex {n}",
        "annex_rectify": "Rectification list",
        "annex_checklist": "Self-inspection checklist",
        "annex_duties": "Recurring duties",
        "task_no": "Item",
        "now": "Now",
        "in_phase": "Phase",
        "unanswered_note": "These items were not answered in the self-inspection: they earn nothing and are not hazards; assess them by {date}:",
        "no_gaps": "No item lost points in the self-inspection.",
        "phase_lead": "Lead: ",
        "phase_milestones": "Milestones: ",
        "deadline_before": "deadline",
        "done_with_plan": "done with this plan on {date}",
        "immediately": "at once (overdue)",
        "overdue_fix": "overdue: rectify at once",
        "to": "to",
        "assessed_line": "Self-inspection of {date}: total {total}, grade {grade}.",
        "points_unit": " points",
        "requires_none": "none",
        "report": "Assessment report",
        "r1": "1. Unit",
        "r2": "2. Opinion",
        "r3": "3. Sections",
        "r4": "4. Items that lost points",
        "r5": "5. Gaps and what fixing each is worth",
        "r6": "6. Incidents",
        "r7": "7. Sign-off",
        "annex_rectify_report": "Annex: rectification list",
        "address": "Address",
        "principal": "Principal",
        "unanswered_status": "unanswered",
        "s1": "1. Guiding principles",
        "s2": "2. Responsibilities",
        "s3": "3. Goals",
        "s4": "4. Standards",
        "s5": "5. Content and measures",
        "s6": "6. Steps",
        "annex": "Annex: self-inspection checklist",
        "unit": "Unit",
        "code": "Credit code / code",
        "kind": "Kind",
        "industry": "Industry",
        "employees": "Employees",
        "region": "Region",
        "contact": "Contact",
        "standard": "Standard",
        "start": "Start",
        "end": "End",
        "plan_period": "Plan period",
        "plan_year": "Plan year",
        "inspection_date": "Inspection date",
        "period": "Period",
        "as_of": "Overdue judged on",
        "total": "Total",
        "grade": "Grade",
        "grade_before_veto": "Grade before veto",
        "points": "Points",
        "earned": "Earned",
        "applicable_points": "Applicable",
        "rate": "Rate",
        "id": "ID",
        "item": "Requirement",
        "owner": "Owner",
        "evidence": "Evidence",
        "deadline": "Deadline",
        "target": "Target",
        "body": "Body",
        "duties": "Duties",
        "goal": "Goal",
        "min": "Minimum",
        "requires": "Required items",
        "veto": "Veto",
        "veto_items": "Veto items",
        "vetoes": "Vetoes",
        "max_grade": "Highest grade",
        "flag": "Flag",
        "scoring_note": "Scoring note",
        "na": "not applicable",
        "phase": "Phase",
        "dates": "Dates",
        "milestones": "Milestones",
        "lead": "Lead",
        "deadline_only": "deadline",
        "duty_table": "Recurring duties",
        "duty": "Duty",
        "frequency": "Frequency",
        "first_due": "First due",
        "count": "Times in the plan period",
        "result": "Result",
        "finding": "Finding",
        "gaps": "Gaps and what fixing each is worth",
        "gaps_first": "Close these gaps first (biggest gain first)",
        "gain": "Gain",
        "total_after": "Total after",
        "grade_after": "Grade after",
        "lifts": "Lifts veto",
        "capped_by": "Still vetoed by",
        "status": "Status",
        "profile": "Unit profile",
        "summary": "Result",
        "veto_notice": "Veto",
        "because": "because",
        "sections": "Sections",
        "section": "Section",
        "lost": "Items that lost points",
        "empty": "Items not applicable (空项), and why",
        "reason": "Reason",
        "rectify": "Rectification list",
        "no": "No.",
        "what": "What",
        "measure": "Measure",
        "responsible": "Owner",
        "due": "Due",
        "level": "Level",
        "overdue": "overdue",
        "not_overdue": "on time",
        "to_set": "to be set",
        "default": "default",
        "incidents": "Incidents",
        "date": "Date",
        "incident_kind": "Kind",
        "fatalities": "Deaths",
        "serious_injuries": "Serious injuries",
        "loss": "Direct loss (yuan)",
        "class": "Class",
        "text": "What happened",
        "none": "none",
        "sign_off": "Sign-off",
        "prepared": "Prepared by",
        "reviewed": "Reviewed by",
        "approved": "Approved by",
        "chart": "Section rates and the total (vertical lines: grade thresholds)",
        "assessed": "Assessment",
        "yuan": "yuan",
        "person": "",
        "sep": ", ",
        "nsep": "; ",
        "colon": ": ",
    },
}

WORDS: dict[str, Text] = {
    **{status.value: label for status, label in STATUS_LABELS.items()},
    "unanswered": Text(zh="未作答", en="unanswered"),
    "general": Text(zh="一般", en="general"),
    "major": Text(zh="重大", en="major"),
    "enterprise": Text(zh="企业", en="enterprise"),
    "community": Text(zh="社区", en="community"),
    "district": Text(zh="区/镇/街道", en="district"),
    "check": Text(zh="检查", en="check"),
    "measure": Text(zh="指标", en="measure"),
}
"""Enum values as words, looked up by the `word` filter."""

PERIOD_WORDS = {
    Period.day: Text(zh="日", en="day"),
    Period.week: Text(zh="周", en="week"),
    Period.month: Text(zh="月", en="month"),
    Period.quarter: Text(zh="季度", en="quarter"),
    Period.half_year: Text(zh="半年", en="half-year"),
    Period.year: Text(zh="年", en="year"),
}


# ---------------------------------------------------------------- filters


CJK_GAP = re.compile(
    r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’])[ \t]+"
    r"(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’])"
)
"""A space between two Chinese characters: a line break YAML folded (`>-`) into a space."""


def _tr(lang: str) -> Any:
    def tr(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, Text):
            return CJK_GAP.sub("", value.get(lang))
        return str(value)

    return tr


def _cdate(lang: str) -> Any:
    def cdate(value: dt.date | None) -> str:
        if value is None:
            return ""
        if lang == "zh":
            return f"{value.year}年{value.month}月{value.day}日"
        return value.isoformat()

    return cdate


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


def _num(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def md_escape(value: Any) -> str:
    """Text safe inside Markdown (a table cell included): punctuation escaped, lines joined."""
    from safecli.model.neutralise import markdown

    return markdown(value)


def _word(lang: str) -> Any:
    def word(value: Any) -> str:
        key = getattr(value, "value", value)
        found = WORDS.get(str(key))
        return found.get(lang) if found else str(key)

    return word


def _kind(lang: str) -> Any:
    def kind(value: str) -> str:
        return incident_kind_label(value).get(lang)

    return kind


def _industry(lang: str) -> Any:
    def industry(value: str | None) -> str:
        if value is None:
            return ""
        found = INDUSTRIES.get(value)
        return found.get(lang) if found else value

    return industry


def _freq(lang: str) -> Any:
    def freq(value: Any) -> str:
        times = _num(value.times)
        per = PERIOD_WORDS[value.per].get(lang)
        return f"每{per}{times}次" if lang == "zh" else f"{times} per {per}"

    return freq


# ---------------------------------------------------------------- the chart


def chart(report: Any, lang: str) -> dict[str, Any]:
    """Geometry of the report's bar chart: one bar per section and one for the total."""
    label_w, bar_w, value_w, row_h, top = 190, 400, 60, 24, 46
    rows: list[dict[str, Any]] = []
    a = report.assessment
    for s in a.sections:
        rows.append({"label": s.title.get(lang), "rate": s.rate, "total": False})
    rows.append({"label": LABELS[lang]["total"], "rate": a.total, "total": True})
    for i, row in enumerate(rows):
        rate = row["rate"]
        row["y"] = top + i * row_h
        row["w"] = round(bar_w * (rate or 0) / 100, 1)
        row["text"] = "—" if rate is None else f"{rate:g}"
    # grade lines, their labels on two staggered rows so neighbours do not overlap; grades
    # sharing a line (told apart by their required items) share one label
    mins: dict[float, list[str]] = {}
    for g in report.standard.grades:
        if g.min > 0:
            mins.setdefault(g.min, []).append(g.label.get(lang))
    lines = [
        {
            "x": label_w + round(bar_w * value / 100, 1),
            "y": top - 26 + 12 * (i % 2),
            "label": f"{'/'.join(labels)} {value:g}",
        }
        for i, (value, labels) in enumerate(mins.items())
    ]
    height = top + len(rows) * row_h + 10
    return {
        "width": label_w + bar_w + value_w,
        "height": height,
        "label_w": label_w,
        "bar_w": bar_w,
        "row_h": row_h,
        "top": top,
        "rows": rows,
        "lines": lines,
        "bottom": height - 6,
    }


# ---------------------------------------------------------------- the environment


def _autoescape(name: str | None) -> bool:
    return name is not None and name.endswith((".html.j2", ".html", ".htm"))


def environment(templates_dir: Path | str | None, lang: str) -> Any:
    """The sandboxed Jinja environment: the user's folder first, then the bundled templates.

    One per folder and language in a process: its templates are compiled once, however many
    documents a batch renders.
    """
    return _environment(None if templates_dir is None else str(templates_dir), lang)


@lru_cache(maxsize=16)
def _environment(templates_dir: str | None, lang: str) -> Any:
    from jinja2 import StrictUndefined

    from safecli.render.sandbox import FolderLoader, GuardedEnvironment, guard_filters

    folders = []
    if templates_dir is not None:
        folder = Path(templates_dir)
        if not folder.is_dir():
            raise UsageError(
                Problem(str(folder), message="templates folder not found", hint="check --templates")
            )
        folders.append(folder)
    folders.append(package_dir("templates"))
    env = GuardedEnvironment(
        loader=FolderLoader(folders),
        undefined=StrictUndefined,
        autoescape=_autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        tr=_tr(lang),
        cdate=_cdate(lang),
        date=_date,
        num=_num,
        md=md_escape,
        word=_word(lang),
        freq=_freq(lang),
        industry=_industry(lang),
        kind=_kind(lang),
    )
    env.filters = guard_filters(env.filters)
    return env


def _template_frame(tb: TracebackType | None) -> tuple[str, int] | None:
    """The innermost template line in a traceback (Jinja rewrites frames to template lines)."""
    found = None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2") or tb.tb_frame.f_globals.get("__jinja_template__") is not None:
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _template_problem(error: Exception, name: str) -> TemplateError:
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    if isinstance(error, TemplateSyntaxError):
        where = error.filename or error.name or name
        return TemplateError(
            Problem(where, error.lineno or 0, 1, f"template syntax: {error.message}")
        )
    if isinstance(error, TemplateNotFound):
        return TemplateError(
            Problem(
                str(error.name or name),
                message=f"template {error.name!r} not found",
                hint="name it as the bundled one is named (see templates/), or drop --templates",
            )
        )
    frame = _template_frame(error.__traceback__)
    where, line = frame if frame else (name, 0)
    if isinstance(error, SecurityError):
        return TemplateError(
            Problem(
                where,
                line,
                1,
                f"sandbox: {error}",
                "templates may use the data they are given, not Python internals",
            )
        )
    if isinstance(error, UndefinedError):
        return TemplateError(
            Problem(where, line, 1, f"undefined: {error.message}", "check the variable's name")
        )
    return TemplateError(Problem(where, line, 1, f"{type(error).__name__}: {error}"))


def _render_template(name: str, context: dict[str, Any], templates_dir: Any, lang: str) -> str:
    from jinja2 import TemplateError as JinjaError

    from safecli.render.sandbox import TemplateLimit, limit_problem, render_bounded

    env = environment(templates_dir, lang)
    try:
        template = env.get_template(name)
        return render_bounded(template, context)
    except JinjaError as error:
        raise _template_problem(error, name) from None
    except (TemplateLimit, MemoryError, RecursionError) as error:
        where, line = _template_frame(error.__traceback__) or (name, 0)
        raise limit_problem(error, where, line) from None
    except Exception as error:
        if _template_frame(error.__traceback__) is None:
            raise
        raise _template_problem(error, name) from None


def render(
    kind: str,
    data: Any,
    fmt: str,
    lang: str = "zh",
    templates_dir: Path | str | None = None,
) -> str:
    """Render a `plan` (a planning.Plan) or a `report` (a gaps.Report) as md, html or ics."""
    if kind not in FORMATS or fmt not in FORMATS[kind]:
        raise UsageError(
            Problem(
                "--format",
                message=f"cannot render a {kind} as {fmt}",
                hint="choose one of " + ", ".join(FORMATS.get(kind, ())),
            )
        )
    if lang not in LABELS:
        raise UsageError(Problem("--lang", message=f"unknown language {lang!r}", hint="zh or en"))
    if fmt == "ics":
        return plan_ics(data, lang)
    labels = LABELS[lang]
    if kind == "plan" and getattr(data, "government", False):
        from safecli.render.government_words import government_labels

        labels = government_labels(labels, data, lang)
    context: dict[str, Any] = {"t": labels, "lang": lang, kind: data}
    if kind == "report":
        context["chart"] = chart(data, lang)
    return _render_template(f"{kind}.{fmt}.j2", context, templates_dir, lang)


# ---------------------------------------------------------------- iCalendar


RRULES: dict[Period, dict[str, Any]] = {
    Period.day: {"FREQ": "DAILY"},
    Period.week: {"FREQ": "WEEKLY", "BYDAY": "FR"},
    Period.month: {"FREQ": "MONTHLY", "BYMONTHDAY": -1},
    Period.quarter: {"FREQ": "MONTHLY", "INTERVAL": 3, "BYMONTHDAY": -1},
    Period.half_year: {"FREQ": "MONTHLY", "INTERVAL": 6, "BYMONTHDAY": -1},
    Period.year: {"FREQ": "YEARLY", "BYMONTH": 12, "BYMONTHDAY": 31},
}


def _uid(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]
    return f"{digest}@safecli"


def plan_ics(plan: Any, lang: str = "zh") -> str:
    """The plan's phases, milestones and recurring duties as an iCalendar file.

    Deterministic: DTSTAMP is the plan's start at 00:00 UTC and every UID is a hash of the
    standard, the unit, the start and the event's own id, so the same plan gives the same bytes.
    """
    from icalendar import Calendar, Event, vRecur

    from safecli.model.neutralise import ics_text

    stamp = dt.datetime.combine(plan.start, dt.time(0, 0), tzinfo=dt.timezone.utc)
    unit = plan.subject.name
    base = (plan.standard, unit, plan.start.isoformat())
    cal = Calendar()
    cal.add("prodid", "-//safecli//实施方案//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", ics_text(f"{unit} {plan.title.get(lang)}", one_line=True))

    def event(uid: str, summary: str, start: dt.date, end: dt.date, text: str | None) -> Any:
        ev = Event()
        ev.add("uid", _uid(*base, uid))
        ev.add("dtstamp", stamp)
        ev.add("summary", ics_text(summary))
        ev.add("dtstart", start)
        ev.add("dtend", end + dt.timedelta(days=1))  # all-day events end the day after
        if text:
            ev.add("description", ics_text(text))
        return ev

    for phase in plan.phases:
        title = phase.title.get(lang)
        text = phase.text.get(lang) if phase.text else None
        cal.add_component(event(f"phase:{phase.id}", title, phase.start, phase.end, text))
        for milestone in phase.milestones:
            cal.add_component(
                event(
                    f"milestone:{phase.id}:{milestone.date.isoformat()}",
                    milestone.text.get(lang),
                    milestone.date,
                    milestone.date,
                    title,
                )
            )
    for duty in plan.duties:
        if duty.first_due is None:
            continue
        times = _num(duty.frequency.times)
        per = PERIOD_WORDS[duty.frequency.per].get(lang)
        how = f"每{per}{times}次" if lang == "zh" else f"{times} per {per}"
        owner = duty.owner.get(lang) if duty.owner else ""
        ev = event(
            f"duty:{duty.item}",
            f"{duty.no or duty.item} {how}" + (f" · {owner}" if owner else ""),
            duty.first_due,
            duty.first_due,
            duty.text.get(lang),
        )
        rule = dict(RRULES[duty.frequency.per])
        rule["COUNT"] = duty.periods
        ev.add("rrule", vRecur(rule))
        cal.add_component(ev)
    return cal.to_ical().decode("utf-8")
