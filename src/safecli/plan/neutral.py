"""The 实施方案's text for a standard that has none of its own (a city's table imported by
`standards import`, a standard written by hand without a `plan:` block).

Without it, 一、指导思想, 二、工作目标, 六 and 八 were headings over nothing, 四 an empty table and
七 "无", and the title ran the unit's name into the table's. The words are ours and neutral: they
name the standard and the unit's own bodies, never a place or a person; a `plan:` block in the
standard (or the profile's principles and goals) replaces them.
"""

from __future__ import annotations

from safecli.model.base import Text
from safecli.model.plan_text import PlanDuty, PlanText
from safecli.model.standard import Standard


def _t(zh: str, en: str) -> Text:
    return Text.model_construct(zh=zh, en=en)


def with_neutral_plan(standard: Standard) -> Standard:
    """`standard` with the neutral plan text when it has none; as it is otherwise (a 判定
    standard's plan rectifies hazards and is worded by its own module)."""
    if standard.plan is not None or standard.kind == "determination":
        return standard
    return standard.model_copy(update={"plan": neutral_text(standard)})


def neutral_text(standard: Standard) -> PlanText:
    """The plan text of `standard`, in its own title's words."""
    zh, en = standard.title.zh, standard.title.get("en")
    if zh.endswith("方案"):
        title = _t(zh if zh.endswith("实施方案") else zh.removesuffix("方案") + "实施方案", en)
    else:
        title = _t(f"《{zh}》达标创建工作实施方案", f"Implementation plan for meeting {en}")
    goals = [
        _t(
            f"对照《{zh}》全部适用条款开展自查，每一失分条款明确整改责任人、措施和期限。",
            f"Inspect against every applicable item of {en}; give each item that lost points "
            "an owner, a measure and a deadline.",
        )
    ]
    if len(standard.grades) > 1:
        top = standard.grades[0].label
        goals.append(
            _t(f"创建期内达到“{top.zh}”等级。", f"Reach the grade {top.get('en')} in the plan.")
        )
    return PlanText(
        title=title,
        principles=_t(
            f"坚持“安全第一、预防为主、综合治理”的方针，以《{zh}》为标准，对照自查发现的差距逐条"
            "整改，落实全员安全生产责任制，持续提升本单位安全生产管理水平。",
            f"Safety first, prevention foremost, comprehensive management: with {en} as the "
            "measure, close the gaps the self-inspection found item by item, make every post "
            "answer for its safety duties and keep raising the unit's safety management.",
        ),
        goals=goals,
        group=_t("达标创建工作领导小组", "Creation leading group"),
        office_duties=_t(
            "负责创建工作的日常组织、协调和督促检查：分解落实创建任务，跟踪整改进度，收集整理"
            "创建资料，及时向领导小组报告工作进展。",
            "Runs the work day to day: assigns the tasks, follows the rectifications, keeps the "
            "records and reports progress to the leading group.",
        ),
        duties=[
            PlanDuty(
                body=_t("领导小组", "Leading group"),
                duties=_t(
                    "统筹创建工作，审定实施方案，研究解决创建中的重大问题。",
                    "Leads the work, approves the plan and settles its major questions.",
                ),
            ),
            PlanDuty(
                body=_t("安全管理部门", "Safety management department"),
                duties=_t(
                    "组织对照标准自查，督促失分条款整改并复查，整理创建资料。",
                    "Organises the self-inspection, follows each rectification to its "
                    "re-inspection and keeps the records.",
                ),
                owners=["安全管理部门"],
            ),
            PlanDuty(
                body=_t("各部门", "Every department"),
                duties=_t(
                    "落实本部门承担的条款，按期完成整改，提交佐证材料。",
                    "Carries out its own items, rectifies on time and hands in the evidence.",
                ),
            ),
        ],
        safeguards=[
            _t(
                "主要负责人对创建工作全面负责，各部门负责人对本部门承担的条款负责。",
                "The principal answers for the whole work, each head of department for the "
                "department's items.",
            ),
            _t(
                "整改所需资金列入安全生产费用，保障创建工作所需的人员和物资。",
                "Rectification is paid from the work-safety funds; the work has the staff and "
                "material it needs.",
            ),
            _t(
                "领导小组办公室定期检查创建进度，对未按期完成的整改督促落实。",
                "The office checks progress regularly and presses any rectification past its "
                "deadline.",
            ),
        ],
        rewards=[r.text for r in standard.rewards]
        or [
            _t(
                "对创建工作中成绩突出的部门和个人给予表彰奖励。",
                "Departments and people who do well in the work are commended.",
            )
        ],
        penalties=[p.text for p in standard.penalties]
        or [
            _t(
                "对未按期完成整改任务的部门和个人，在安全生产责任制考核中予以扣分。",
                "A department or person who misses a rectification deadline loses points in the "
                "work-safety responsibility assessment.",
            )
        ],
    )
