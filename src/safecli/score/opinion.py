"""build_opinion(...) -> Opinion: the 评估意见 a reviewer signs, in a few written paragraphs.

The paragraphs say, in this order: the score and grade; exactly why the unit missed the next
grade up (the required items unmet, the veto that fired, the points missing); the overdue and
the major hazards; the items left unanswered (未作答: they earn nothing and are no hazard); the
three gaps worth most; the next inspection's date when the standard sets a cycle. `reason` is the
same "why not the next grade" in one line, for `safecli score`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from safecli.model.base import Model, Text
from safecli.model.numbering import clause_label, document_numbers, in_lang, numbered, paper_numbers
from safecli.model.record import Record
from safecli.model.standard import Grade, Standard
from safecli.model.vocabulary import STATUSES
from safecli.score.results import NOT_SCORABLE, Assessment, FiredRule

if TYPE_CHECKING:  # a report's unit profile: `score` has none
    from safecli.model.profile import Profile

STATUS_ZH = {**{t.id: t.zh for t in STATUSES}, "unanswered": "未作答"}
STATUS_EN = {"met": "met", "partial": "partial", "unmet": "unmet", "unanswered": "unanswered"}


class Opinion(Model):
    """The 评估意见: written paragraphs, and the one-line reason for the grade."""

    paragraphs: list[Text]
    """The opinion, one paragraph each."""
    reason: Text | None = None
    """Why the unit missed the next grade up, in one line (None at the top grade)."""
    next_grade: Text | None = None
    """The grade above the one reached."""
    next_inspection: dt.date | None = None
    """When the next inspection falls, when the standard sets a cycle."""
    conclusion: Text | None = None
    """结论: the grade and whether the unit may apply for acceptance (the report adds it)."""
    advice: Text | None = None
    """建议: the first three actions and the re-inspection date (the report adds it)."""


def _fid(finding: Any, after: str = "") -> str:
    """A finding's id as a document prints it: the unit's, never one made from a sheet row."""
    return f"{finding.id}{after}" if finding.named else ""


def _t(zh: str, en: str) -> Text:
    return Text.model_construct(zh=zh, en=en)


def _num(value: float) -> str:
    return f"{value:g}"


def add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def veto_words(standard: Standard, rule: FiredRule, numbers: dict[str, str]) -> Text:
    """A fired rule as a unit's document states it (the plan's wording, never the notes);
    `numbers` are the Chinese ones (the English side words them with `clause_label`)."""
    if rule.id.startswith("item:"):
        no = numbers.get(rule.id[5:], rule.id[5:])
        return _t(f"{no}（否决项）未符合", f"veto item {clause_label(no, 'en')} not met")
    plan = standard.plan
    found = plan.vetoes.get(rule.id) if plan else None
    return found or rule.text


def _blockers(
    standard: Standard, assessment: Assessment, nxt: Grade, numbers: dict[str, str]
) -> tuple[list[str], list[str]]:
    """Why `nxt` was not reached: (zh parts, en parts), `numbers` the Chinese ones."""
    english = in_lang(numbers, "en")
    zh: list[str] = []
    en: list[str] = []
    results = {r.id: r for r in assessment.items}
    unmet = [r for r in nxt.requires if results[r].status not in ("met", "na")]
    if unmet:
        zh.append(
            "必备条件 " + "、".join(f"{numbers[r]} {STATUS_ZH[results[r].status]}" for r in unmet)
        )
        en.append(
            "required " + ", ".join(f"{english[r]} {STATUS_EN[results[r].status]}" for r in unmet)
        )
    # what else the core withheld the grade for: a 空项 without its reason, a missing attestation
    head = f"未评为{nxt.label.zh}："
    head_en = f"Not {nxt.label.get('en')}: "
    for refusal in assessment.withheld:
        if not refusal.zh.startswith(head):
            continue
        for part in refusal.zh[len(head) :].split("；"):
            if not (part.startswith("必备条件") and part.endswith("未符合")):  # said above
                zh.append(numbered(part, numbers))
        for part in refusal.get("en").removeprefix(head_en).split("; "):
            if not (part.startswith("required") and part.endswith("not met")):
                en.append(numbered(part, english))
    order = [g.id for g in standard.grades]
    for rule in assessment.veto.rules:
        if rule.max_grade in order and order.index(rule.max_grade) > order.index(nxt.id):
            words = veto_words(standard, rule, numbers)
            zh.append(f"否决：{words.zh.rstrip('。')}")
            en.append(f"veto: {words.get('en').rstrip('.')}")
    if not assessment.scorable:
        zh.append(NOT_SCORABLE.zh)
        en.append(NOT_SCORABLE.get("en"))
    elif assessment.total < nxt.min:
        short = round(nxt.min - assessment.total, 1)
        zh.append(f"总分 {_num(assessment.total)} 分，距 {_num(nxt.min)} 分尚差 {_num(short)} 分")
        en.append(f"total {_num(assessment.total)}, {_num(short)} short of {_num(nxt.min)}")
    return zh, en


def build_opinion(
    standard: Standard,
    record: Record,
    assessment: Assessment,
    gaps: Sequence[Any],
    profile: Profile | None = None,
) -> Opinion:
    """The 评估意见 of `record` scored as `assessment`. Pure.

    `gaps` are `safecli.score.gaps.Gap`s, biggest gain first (gaps builds the report and calls this).
    """
    numbers = document_numbers(standard)
    unit = profile.name if profile is not None else record.subject.name
    grades = {g.id: g for g in standard.grades}
    final = grades[assessment.grade.id]
    paras: list[Text] = []

    # 1. score and grade
    if not assessment.scorable:
        paras.append(
            _t(
                f"{unit}于{_cdate(assessment.inspection_date)}开展自查。全部条款均不适用，"
                f"{NOT_SCORABLE.zh}，不评定“{final.label.zh}”以上的等级。",
                f"{unit} inspected itself on {assessment.inspection_date}: no item applies, so "
                f"the record {NOT_SCORABLE.get('en')} and no grade above "
                f"{final.label.get('en')} is given.",
            )
        )
    else:
        zh = (
            f"{unit}于{_cdate(assessment.inspection_date)}开展自查。适用条款应得 "
            f"{_num(assessment.points)} 分，实得 {_num(assessment.earned)} 分"
            + (f"（已扣除追加扣分 {_num(assessment.extra)} 分）" if assessment.extra else "")
            + f"，总分 {_num(assessment.total)} 分，评定等级为“{final.label.zh}”。"
        )
        en = (
            f"{unit} inspected itself on {assessment.inspection_date}: "
            f"{_num(assessment.earned)} of {_num(assessment.points)} applicable points"
            + (
                f" (after {_num(assessment.extra)} of additional deductions)"
                if assessment.extra
                else ""
            )
            + f", total {_num(assessment.total)}, grade {final.label.get('en')}."
        )
        if assessment.grade_before_veto.id != assessment.grade.id:
            before = grades[assessment.grade_before_veto.id].label
            zh += f"按总分和必备条件可评为“{before.zh}”，因否决降为“{final.label.zh}”。"
            en += f" The total and required items reach {before.get('en')}; a veto lowers it."
        paras.append(_t(zh, en))

    # 2. why not the next grade
    index = standard.grades.index(final)
    reason = nxt_label = None
    if index == 0:
        paras.append(_t("已达到本标准的最高等级。", "This is the standard's highest grade."))
    else:
        nxt = standard.grades[index - 1]
        nxt_label = nxt.label
        parts_zh, parts_en = _blockers(standard, assessment, nxt, numbers)
        reason = _t(
            f"未达{nxt.label.zh}：" + "；".join(parts_zh),
            f"Not {nxt.label.get('en')}: " + "; ".join(parts_en),
        )
        paras.append(_t(reason.zh + "。", reason.get("en") + "."))
        for rule in assessment.veto.rules:
            words = veto_words(standard, rule, numbers)
            paras.append(
                _t(
                    f"否决情形：{words.zh.rstrip('。')}（{rule.because.zh}）。",
                    f"Veto: {words.get('en').rstrip('.')} ({rule.because.get('en')}).",
                )
            )

    # 3. overdue and major hazards
    open_ = [f for f in assessment.findings if f.status == "open"]
    overdue = [f for f in open_ if f.overdue]
    major = [f for f in open_ if f.level == "major" and not f.overdue]
    if overdue or major:
        zh_parts: list[str] = []
        en_parts: list[str] = []
        if overdue:
            zh_parts.append(
                f"逾期未整改隐患 {len(overdue)} 项："
                + "；".join(
                    f"{_fid(f)}{'（重大隐患）' if f.level == 'major' else ''}{f.text}，"
                    f"整改期限 {f.due}"
                    for f in overdue
                )
            )
            en_parts.append(
                f"{len(overdue)} overdue: "
                + "; ".join(f"{_fid(f, ' ')}{f.text} (due {f.due})" for f in overdue)
            )
        if major:
            zh_parts.append(
                f"未整改重大隐患 {len(major)} 项："
                + "；".join(f"{_fid(f)}{f.text}，整改期限 {f.due or '待定'}" for f in major)
            )
            en_parts.append(
                f"{len(major)} open major: "
                + "; ".join(f"{_fid(f, ' ')}{f.text} (due {f.due or 'to be set'})" for f in major)
            )
        paras.append(
            _t(
                "存在" + "。".join(zh_parts) + "。应立即落实整改，逾期隐患须明确新的期限和责任人。",
                "Hazards: " + "; ".join(en_parts) + ". Rectify them now.",
            )
        )
    else:
        paras.append(_t("未发现逾期未整改隐患或重大隐患。", "No overdue or major hazard."))

    # 4. unanswered
    if assessment.unanswered:
        listed = "、".join(numbers[i] for i in assessment.unanswered)
        listed_en = ", ".join(clause_label(numbers[i], "en") for i in assessment.unanswered)
        paras.append(
            _t(
                f"有 {len(assessment.unanswered)} 项条款未作答（{listed}），按 0 分计，不作为隐患，"
                "应补充自查后重新评分。",
                f"{len(assessment.unanswered)} items unanswered ({listed_en}): they earn nothing "
                "and are not hazards; answer them and score again.",
            )
        )

    # 5. the three gaps worth most
    worth = [g for g in gaps if g.status != "unanswered"][:3]
    if worth:
        items_zh = []
        items_en = []
        for g in worth:
            after = f"，整改后总分 {_num(g.total_after)} 分" if g.total_after is not None else ""
            grade = (
                f"，可达“{grades[g.grade_after.id].label.zh}”"
                if g.grade_after and g.grade_after.id != final.id
                else ""
            )
            items_zh.append(f"{numbers[g.item]}（可增 {_num(g.gain)} 分{after}{grade}）")
            items_en.append(f"{clause_label(numbers[g.item], 'en')} (+{_num(g.gain)})")
        paras.append(
            _t(
                "整改价值最大的三项差距：" + "；".join(items_zh) + "。",
                "The gaps worth most: " + "; ".join(items_en) + ".",
            )
        )

    # 6. next inspection
    nxt_day = None
    plan = standard.plan
    if plan is not None and plan.inspection_months:
        nxt_day = add_months(assessment.inspection_date, plan.inspection_months)
        how = plan.inspection.zh if plan.inspection else ""
        paras.append(
            _t(
                f"按创建标准{how}，下一次自查评估应于{_cdate(nxt_day)}前完成。",
                f"The next inspection is due by {nxt_day}.",
            )
        )
    return Opinion(paragraphs=paras, reason=reason, next_grade=nxt_label, next_inspection=nxt_day)


def _cdate(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def grade_reason(standard: Standard, assessment: Assessment) -> Text | None:
    """Why the unit missed the next grade up, in one line; None at the top grade."""
    grades = standard.grades
    index = next(i for i, g in enumerate(grades) if g.id == assessment.grade.id)
    if index == 0:
        return None
    nxt = grades[index - 1]
    zh, en = _blockers(standard, assessment, nxt, paper_numbers(standard))
    return _t(
        f"未达{nxt.label.zh}：" + "；".join(zh), f"Not {nxt.label.get('en')}: " + "; ".join(en)
    )
