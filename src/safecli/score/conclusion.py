"""The 评估报告 complete: every 整改清单 row with a measure and a deadline, the incidents of the
window, and the 评估意见's 结论 and 建议. Pure.

- **整改措施**: the finding's; else, for an item, the deductions the record counted (补齐：…; 纠正 or
  补足 what a rule sentence of an imported table finds or counts short), a
  measure item's target, or the item's requirement in the unit's wording.
- **整改期限**: the finding's; else a default by level from the inspection date (30 days for a
  一般, 60 for a 重大 hazard, unless the standard's `plan.rectify_days` or the profile's
  `rectify_days` says otherwise), marked as the default and stated under the list. Overdue is
  judged by the one rule (`safecli.model.deadlines`) on the report's as-of date.
- **事故情况** in the 评估意见: the record's incidents of the twelve months before the inspection
  (the longest window of the standard's incident vetoes when longer).
- **结论**: the total and grade, whether the unit may apply for acceptance, and the outside
  acceptance the next grade needs. **建议**: the first three actions of the 整改清单 with their
  measures and deadlines, and the date by which they are re-inspected (the latest of those
  deadlines; the next periodic inspection when nothing is to rectify).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from safecli.model.base import Text
from safecli.model.deadlines import is_overdue
from safecli.model.profile import Profile
from safecli.model.record import Record
from safecli.model.standard import Standard
from safecli.model.unit_words import item_words
from safecli.score.results import Assessment

DEFAULT_DAYS = {"general": 30, "major": 60}
RECHECK_DAYS = 15  # an overdue hazard rectified at once is re-inspected within this
OP_WORDS = {">=": "达到", ">": "超过", "<=": "不超过", "<": "低于", "==": "为"}


def _t(zh: str, en: str) -> Text:
    return Text.model_construct(zh=zh, en=en)


def _cdate(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def rectify_days(standard: Standard, profile: Profile | None) -> dict[str, int]:
    """Days a hazard without a deadline is given, by level: the profile's, the standard's, ours."""
    days = dict(DEFAULT_DAYS)
    if standard.plan is not None:
        days.update(standard.plan.rectify_days)
    if profile is not None:
        days.update(profile.rectify_days)
    return days


def item_measure(standard: Standard, record: Record, item_id: str, lang: str) -> str:
    """What rectifying an item that lost points means, in the unit's wording."""
    item = standard.item_map()[item_id]
    response = record.responses.get(item_id)
    counted = response.deductions if response is not None and response.deductions else {}
    missing = [standard.deduction_label(d).get(lang) for d in item.deductions if counted.get(d.id)]
    if missing and lang == "zh":
        acts = [_act(m) for m in missing if _act(m)]  # a 评分方法 sentence: what it finds
        named = [m for m in missing if not _act(m)]
        return "；".join((["补齐：" + "、".join(named)] if named else []) + acts)
    if missing:
        return "Supply: " + ", ".join(missing)
    if item.metric is not None and item.op is not None and item.target is not None:
        label = standard.metric_label(item.metric).get(lang)
        target = f"{item.target:g}" if isinstance(item.target, float) else str(item.target)
        unit = item.unit.get(lang) if item.unit else ""
        if lang == "zh":
            return f"使{label}{OP_WORDS[item.op.value]}{target}{unit}"
        return f"bring {label} to {item.op.sign} {target}{(' ' + unit) if unit else ''}"
    if response is not None and response.finding:  # what was found says what to fix
        found = response.finding.rstrip("。.")
        return f"针对“{found}”整改，达到标准要求" if lang == "zh" else f"fix: {found}"
    words = item_words(standard, item).get(lang).rstrip("。.")
    return f"按标准要求整改：{words}" if lang == "zh" else f"meet the requirement: {words}"


_FOUND = re.compile(r"^(.+?)的?[，,].*扣")  # 设置或配备不符合规定的，每处扣1分
_COUNTERS = "个项次人处台份名"
_SHORT = re.compile(r"^每(少|缺)[一1]?[个项次人处台份名]?(.+?)扣")  # 每少一次检查扣2分
_EACH = re.compile(
    r"^每(?:发现)?(?![少缺漏])[一1]?[个项次人处台份名]?(.+?)扣"
)  # 每发现一处防护装置缺失扣4分


def _act(text: str) -> str | None:
    """What to do about a deduction the standard names only by its rule (imported tables):
    纠正 what it finds, 补足/补齐 what it counts short; None for a name (外来人员管理)."""
    if "扣" not in text:
        return None
    found = _FOUND.match(text)
    if found:
        return "纠正" + found[1]
    short = _SHORT.match(text)
    if short:
        return (
            None if short[2] in _COUNTERS else ("补足" if short[1] == "少" else "补齐") + short[2]
        )
    each = _EACH.match(text)
    return "纠正" + each[1] if each and each[1] not in _COUNTERS else None


def complete(
    fixes: Sequence[Any],
    standard: Standard,
    record: Record,
    as_of: dt.date,
    days: dict[str, int],
    lang: str,
) -> list[Any]:
    """The 整改清单's rows (gaps.Rectification) each with a measure and a deadline, re-sorted
    overdue first, then major, then by deadline."""
    start = record.inspection.date
    out = []
    for fix in fixes:
        update: dict[str, object] = {}
        if not fix.measure:
            update["measure"] = (
                item_measure(standard, record, fix.item, lang)
                if fix.item is not None
                else (
                    "制定并落实整改措施，整改后复查销号" if lang == "zh" else "rectify and re-check"
                )
            )
        if fix.due is None:
            due = start + dt.timedelta(days=days.get(fix.level, DEFAULT_DAYS["general"]))
            update["due"] = due
            update["due_default"] = True
            update["overdue"] = is_overdue(True, due, as_of)
        out.append(fix.model_copy(update=update) if update else fix)
    order = sorted(
        enumerate(out), key=lambda p: (not p[1].overdue, p[1].level != "major", p[1].due, p[0])
    )
    return [fix for _, fix in order]


def days_note(days: dict[str, int]) -> Text:
    """The default deadlines, as the report states them under the 整改清单."""
    return _t(
        f"注：未注明整改期限的，一般隐患自自查之日起{days['general']}日内、"
        f"重大隐患{days['major']}日内整改完成（标注“默认”）。",
        f"Note: without a stated deadline, a general hazard is due {days['general']} days and a "
        f"major one {days['major']} days after the inspection (marked “default”).",
    )


def incidents_paragraph(standard: Standard, assessment: Assessment) -> Text:
    """The incidents of the window ending at the inspection, one by one."""
    months = max(
        [12]
        + [v.when.incident.within_months for v in standard.vetoes if v.when.incident is not None]
    )
    end = assessment.inspection_date
    year, month = divmod(end.year * 12 + end.month - 1 - months, 12)
    first = dt.date(year, month + 1, min(end.day, 28))
    found = [i for i in assessment.incidents if first <= i.date <= end]
    if not found:
        return _t(
            f"自查记录未载明近{months}个月内发生的生产安全事故。",
            f"The record states no work-safety accident in the last {months} months.",
        )
    zh = []
    en = []
    for i in found:
        what = f"{i.text}，" if i.text else ""
        zh.append(
            f"{_cdate(i.date)}{what}死亡{i.fatalities}人、重伤{i.serious_injuries}人，"
            f"直接经济损失{_yuan(i.direct_loss_yuan)}，属{i.label.zh}"
        )
        en.append(
            f"{i.date}: {i.fatalities} dead, {i.serious_injuries} seriously injured, "
            f"{i.direct_loss_yuan:,.0f} yuan lost ({i.label.get('en')})"
        )
    return _t(
        f"近{months}个月内发生生产安全事故{len(found)}起：" + "；".join(zh) + "。",
        f"{len(found)} accident(s) in the last {months} months: " + "; ".join(en) + ".",
    )


def conclusion(standard: Standard, assessment: Assessment, unit: str) -> Text:
    """结论: total and grade, whether the unit may apply for acceptance, and what the next grade
    needs from outside (an acceptance the record must state)."""
    grades = standard.grades
    final = next(g for g in grades if g.id == assessment.grade.id)
    lowest = final is grades[-1]
    zh = f"结论：{unit}本次自查总分{_num(assessment.total)}分，评定等级为“{final.label.zh}”。"
    en = f"Conclusion: total {_num(assessment.total)}, grade {final.label.get('en')}."
    if assessment.veto.triggered or lowest:
        zh += "暂不具备申请验收（评定）的条件，应完成整改后重新自查。"
        en += " The unit may not apply for acceptance yet: rectify and inspect again."
    else:
        zh += f"可按程序申请“{final.label.zh}”验收（评定）。"
        en += f" The unit may apply for acceptance as {final.label.get('en')}."
    index = grades.index(final)
    if index > 0:
        above = grades[index - 1]
        for rule in above.attestations:
            zh += f"申请“{above.label.zh}”还须取得外部验收：{rule.text.zh.rstrip('。')}。"
            en += (
                f" {above.label.get('en')} also needs an outside acceptance: {rule.text.get('en')}"
            )
    return _t(zh, en)


def advice(fixes: Sequence[Any], next_inspection: dt.date | None, as_of: dt.date) -> Text:
    """建议: the first three actions of the 整改清单 and the re-inspection date: the latest of
    their deadlines, and no earlier than 15 days after the as-of date when one is overdue."""
    first = list(fixes)[:3]
    if not first:
        when = f"，并于{_cdate(next_inspection)}前完成下一次自查评估" if next_inspection else ""
        return _t(
            f"建议：保持现有安全管理水平，落实经常性工作{when}。",
            "Advice: keep the present level of safety management"
            + (f"; next inspection by {next_inspection}." if next_inspection else "."),
        )
    zh = []
    en = []
    for n, fix in enumerate(first, start=1):
        # a finding by what was found; an item by its number (its text is the measure's)
        what = fix.what.rstrip("。") if fix.source == "finding" else fix.no
        due = "立即整改" if fix.overdue else f"{_cdate(fix.due)}前完成"
        zh.append(f"{n}. {what}：{fix.measure.rstrip('。')}，{due}")
        en.append(f"{n}. {what}: {fix.measure} ({'at once' if fix.overdue else f'by {fix.due}'})")
    dates = [f.due for f in first if not f.overdue]
    if any(f.overdue for f in first):
        dates.append(as_of + dt.timedelta(days=RECHECK_DAYS))
    recheck = max(dates)
    return _t(
        "建议：" + "；".join(zh) + f"。上述整改完成后，于{_cdate(recheck)}前组织复查。",
        "Advice: " + "; ".join(en) + f". Re-inspect by {recheck}.",
    )


def _num(value: float) -> str:
    return f"{value:g}"


def _yuan(value: float) -> str:
    """A loss as a report writes it: 6500元, 8万元, 120万元."""
    if value >= 10_000:
        return f"{round(value / 10_000, 2):g}万元"
    return f"{round(value, 2):g}元"
