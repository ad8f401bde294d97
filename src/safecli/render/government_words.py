"""The words of a government's plan (区、县、镇、街道): they replace the unit's in `LABELS`.

`{level}` is the plan's level word (区, 县, 镇, 街道), `{year}` its year, `{government}` the
level's government (区政府, 街道办事处); bodies are written as a district names them (区安委会)
and said as the plan's level does (`safecli.plan.government.local`).
"""

from __future__ import annotations

from typing import Any

from safecli.plan.government import Area, local

GOVERNMENT_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "intro": "为扎实做好{year}年全{level}安全生产工作，有效防范和坚决遏制各类生产安全事故，"
        "根据《中华人民共和国安全生产法》等法律法规，结合本{level}实际，制定本方案。",
        "group_set_up": "{group}统一领导全{level}安全生产工作，组成如下：",
        "leader": "主　任",
        "deputies": "副主任",
        "members": "成　员",
        "office_in": "区安委会下设办公室（区安委办），设在{dept}",
        "office_tail": "。区安委办",
        "neutral_group": "{group}统一领导全{level}安全生产工作，由{government}主要负责人任主任，"
        "分管安全生产工作的负责人任副主任，区直有关部门和下辖镇（街道）主要负责人为成员。",
        "neutral_office": "区安委会下设办公室（区安委办），设在区应急管理部门，"
        "办公室主任由该部门主要负责人担任。区安委办",
        "p4_unit": "（一）区安委会及成员单位职责",
        "p4_authority": "（二）上级有关部门职责",
        "p4_authority_note": "以下为上级有关部门的职责，不属于本{level}职责，列明以便对接。",
        "p4_supervised": "（三）辖区生产经营单位的主体责任",
        "p4_supervised_note": "区安委会各成员单位按照“管行业必须管安全、管业务必须管安全、"
        "管生产经营必须管安全”的要求，督促辖区生产经营单位落实以下主体责任：",
        "p5": "五、工作标准与主要任务",
        "p5_items": "工作标准",
    },
    "en": {
        "intro": "This plan sets out the {year} work-safety work of the {level} to prevent and "
        "contain accidents, under the Work Safety Law.",
        "group_set_up": "The {group} leads all work safety in the {level}:",
        "leader": "Chair",
        "deputies": "Deputy chairs",
        "members": "Members",
        "office_in": "The committee's office sits in {dept}",
        "office_tail": ". The office: ",
        "neutral_group": "The {group} leads all work safety in the {level}: chaired by the head of "
        "the {government}, with the deputy in charge of safety as deputy chair and the heads of the "
        "departments, towns and sub-districts as members.",
        "neutral_office": "Its office sits in the emergency management department, directed by "
        "its head. The office: ",
        "p4_unit": "4.1 The committee and its members",
        "p4_authority": "4.2 The authorities above",
        "p4_authority_note": "The duties of the authorities above, listed for liaison: they are "
        "not the {level}'s.",
        "p4_supervised": "4.3 What the businesses in the {level} must do",
        "p4_supervised_note": "Every member of the committee sees that the businesses it oversees "
        "do the following:",
        "p5": "5. Standards and main tasks",
        "p5_items": "The standard",
    },
}

LEVEL_EN = {
    "区": "district",
    "县": "county",
    "市": "city",
    "旗": "banner",
    "镇": "town",
    "乡": "township",
    "街道": "sub-district",
}


def government_labels(labels: dict[str, str], plan: Any, lang: str) -> dict[str, str]:
    """`labels` with a government plan's words in `lang`, its level, year and government in."""
    level = plan.level if lang == "zh" else LEVEL_EN.get(plan.level, "district")
    government = Area("", plan.level).government if lang == "zh" else f"{level} government"
    out = dict(labels)
    area = Area("", plan.level)
    for key, text in GOVERNMENT_LABELS[lang].items():
        # the labels name the bodies as a district does (区安委会); `local` says them as the
        # plan's level does (街道安委会)
        out[key] = local(
            text.replace("{level}", level)
            .replace("{year}", str(plan.plan_year))
            .replace("{government}", government),
            area,
        )
    return out
