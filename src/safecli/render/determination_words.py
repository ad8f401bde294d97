"""The words of a 判定 record's plan (重大事故隐患排查整治工作方案): they replace the creation
plan's in `LABELS` (a 工作小组, not a 创建 leading group; 整治任务, not 创建标准) and add those
only this plan prints. `{basis}` is the pack cited, `{date}` the inspection, `{verdict}` the
determination, `{n}` a count, `{applicable}` the situations that apply.
"""

from __future__ import annotations

DETERMINATION_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "intro": "依据{basis}，为全面排查、按期消除重大事故隐患，结合本单位实际，制定本方案。",
        "judged_intro": "依据{basis}，本单位于{date}开展重大事故隐患自查，{verdict}。"
        "为全面排查、按期消除重大事故隐患，结合本单位实际，制定本方案。",
        "group_set_up": "成立{group}，负责重大事故隐患排查整治的组织领导。",
        "neutral_group": "成立{group}，组长由主要负责人担任，副组长由分管安全生产的负责人担任，"
        "成员由各有关部门负责人组成。",
        "neutral_office": "工作小组下设办公室，设在负责安全管理的部门，办公室主任由该部门负责人担任。"
        "办公室",
        "office_in": "工作小组下设办公室，办公室设在{dept}",
        "p5": "五、整治任务",
        "p5_hazards": "（一）整改判定存在的重大事故隐患",
        "p5_unanswered": "（二）补充排查判定",
        "p5_ruled_out": "（三）已排除和不适用的情形",
        "no_hazards": "自查未判定存在重大事故隐患。",
        "closed": "已整改销号",
        "unanswered_note": "以下 {n} 项情形尚未判定，未能排除重大事故隐患，应于{date}前逐项排查判定；"
        "判定存在的，立即按重大事故隐患纳入整治，未另定期限的自判定之日起 {days} 日内整改完成：",
        "no_unanswered": "适用的情形均已作答，无需补充排查判定。",
        "ruled_out_line": "本单位适用的情形共 {applicable} 项，其中自查判定不存在 {n} 项，"
        "已予排除，不逐项列出。",
        "ruled_out_none": "本单位适用的情形共 {applicable} 项，尚无判定为不存在的情形。",
        "other_na": "另有不适用的情形：",
        "stop": "。",
        "default_mark": "（默认）",
        "done_with_plan": "已于{date}完成",
    },
    "en": {
        "intro": "Under {basis}, this plan sets out how the unit finds major accident hazards "
        "and removes them by their deadlines.",
        "judged_intro": "Under {basis}, the unit inspected itself for major accident hazards on "
        "{date}. {verdict}. This plan sets out how the unit removes them by their deadlines.",
        "group_set_up": "The unit sets up the {group} to lead the work.",
        "neutral_group": "The unit sets up the {group}, led by the principal, with the deputy in "
        "charge of safety as deputy leader and the heads of the departments concerned as members.",
        "neutral_office": " The group's office sits in the department in charge of safety, "
        "directed by its head. The office: ",
        "office_in": "The group's office sits in {dept}",
        "p5": "5. Tasks",
        "p5_hazards": "5.1 Rectify the major accident hazards determined",
        "p5_unanswered": "5.2 Situations still to be determined",
        "p5_ruled_out": "5.3 Situations ruled out or not applying",
        "no_hazards": "The self-inspection determined no major accident hazard.",
        "closed": "rectified and closed",
        "unanswered_note": "These {n} situations are not yet determined, so a major accident "
        "hazard there is not ruled out: determine each by {date}; any found present is rectified "
        "as a major hazard at once, within {days} days of its determination unless a deadline is "
        "set:",
        "no_unanswered": "Every situation that applies was answered: none is left to determine.",
        "ruled_out_line": "{applicable} situations apply to the unit; {n} were determined not "
        "present (ruled out) and are not listed.",
        "ruled_out_none": "{applicable} situations apply to the unit; none is yet determined not "
        "present.",
        "other_na": "Other situations that do not apply: ",
        "stop": ".",
        "default_mark": " (default)",
        "done_with_plan": "done on {date}",
    },
}


def determination_labels(labels: dict[str, str], lang: str) -> dict[str, str]:
    """`labels` with a 判定 record's plan words in `lang`."""
    return {**labels, **DETERMINATION_LABELS[lang]}
