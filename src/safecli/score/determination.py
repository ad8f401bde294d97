"""The 评估报告 of a 判定 record (a standard of kind `determination`): a determination, not a score.

A 判定 pack answers each situation 存在 / 不存在; each 存在 is a 重大事故隐患. The report says how
many were found, each by its clause and the pack's words (never an item id), that each is
rectified under the rules for 重大事故隐患, and one deadline per hazard: the record's, else the
default the 整改清单 gives it (stated as no deadline set, so the 建议's date never contradicts it).
No total, no points short, no gaps in points. Pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from safecli.model.applicability import not_applying
from safecli.model.base import Model, Text
from safecli.model.numbering import clause_label
from safecli.model.record import Record, Subject
from safecli.model.standard import Section, Standard
from safecli.model.unit_words import item_words
from safecli.score.opinion import Opinion
from safecli.score.results import Assessment


class PartCount(Model):
    """One part of the pack (第十一条) as the report counts it: situations, not points."""

    title: Text
    """The part's title."""
    applicable: int
    """Situations that apply to the unit."""
    found: int
    """Answered 存在: 重大事故隐患."""
    ruled_out: int
    """Answered 不存在."""
    unanswered: int
    """Not answered: not ruled out."""


class Hazard(Model):
    """A 重大事故隐患 the record determined, with its rectification deadline."""

    clause: str
    """The clause as the pack cites it (第十一条（三）); empty for a major finding citing none."""
    item: str | None = None
    """The situation's id in the pack (art11.3); a major finding's own item, if any."""
    text: Text
    """The situation in the pack's words (or the finding's)."""
    found: list[str]
    """What the record says it found there."""
    owner: str | None = None
    """Who rectifies it, in the unit's words (the 整改清单's 责任人)."""
    due: dt.date | None = None
    """The deadline: the record's, else the default for a 重大 hazard (None when closed)."""
    due_default: bool = False
    """No deadline was set: `due` is the default."""
    overdue: bool = False
    """Open and past `due` on the as-of date."""
    closed: bool = False
    """Rectified and 销号 on the as-of date."""


def _t(zh: str, en: str) -> Text:
    return Text.model_construct(zh=zh, en=en)


def _cdate(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def part_counts(standard: Standard, assessment: Assessment) -> list[PartCount]:
    """Each part that applies to the unit, with its situations counted by answer."""
    status = {r.id: r.status for r in assessment.items}
    out = []
    for section in standard.sections:
        seen = [status.get(i.id, "na") for i in section.items]
        applicable = [s for s in seen if s != "na"]
        if not applicable:
            continue
        out.append(
            PartCount(
                title=section.title,
                applicable=len(applicable),
                found=applicable.count("unmet") + applicable.count("partial"),
                ruled_out=applicable.count("met"),
                unanswered=applicable.count("unanswered"),
            )
        )
    return out


def parts_not_applying(standard: Standard, subject: Subject) -> list[Section]:
    """The parts none of whose situations applies to `subject` (第四条 冶金 for a machinery
    works): their industry or special area is not the unit's."""
    return [
        s
        for s in standard.sections
        if s.items and all(not_applying(i, subject) is not None for i in s.items)
    ]


def parts_line(standard: Standard, subject: Subject) -> Text | None:
    """The parts that do not apply, in one line (their situations counted, never listed)."""
    parts = parts_not_applying(standard, subject)
    if not parts:
        return None
    count = sum(len(s.items) for s in parts)
    return _t(
        "、".join(s.title.zh for s in parts)
        + f"等 {len(parts)} 个部分与本单位的行业和专项不符，整部分不适用（共 {count} 项情形，"
        "不逐项列出）。",
        f"{len(parts)} parts do not apply to the unit's industry or special areas ({count} "
        "situations, not listed): " + "; ".join(s.title.get("en") for s in parts) + ".",
    )


def hazards(
    standard: Standard, record: Record, assessment: Assessment, fixes: Sequence[Any]
) -> list[Hazard]:
    """Every 存在 situation in the pack's order, then every open major finding on no situation;
    each with the 整改清单's deadline for it (`fixes`: completed gaps.Rectification rows)."""
    by_item: dict[str, Any] = {}
    for f in fixes:  # major first: the row a 存在 answer (or its finding) is rectified under
        if f.item is not None:
            by_item.setdefault(f.item, f)
    by_ref = {f.ref: f for f in fixes if f.source == "finding"}
    status = {r.id: r.status for r in assessment.items}
    out = []
    for item in standard.items():
        if status.get(item.id) not in ("unmet", "partial"):
            continue
        response = record.responses.get(item.id)
        found = [response.finding] if response is not None and response.finding else []
        found += [f.text for f in record.findings if f.item == item.id and f.text not in found]
        fix = by_item.get(item.id)
        out.append(
            Hazard(
                clause=item.article or "",
                item=item.id,
                text=item_words(standard, item),
                found=found,
                owner=fix.owner if fix else None,
                due=fix.due if fix else None,
                due_default=bool(fix and fix.due_default),
                overdue=bool(fix and fix.overdue),
                closed=fix is None,
            )
        )
    situations = {h.clause for h in out}
    for f in assessment.findings:
        if f.level != "major" or f.status != "open" or f.item in status:
            continue
        basis = f.major.basis if f.major is not None and f.major.basis else ""
        clause = basis.split(" ", 1)[1] if " " in basis else ""
        if clause and clause in situations:
            continue
        fix = by_ref.get(f.id)
        out.append(
            Hazard(
                clause=clause,
                item=f.item,
                text=f.major.clause
                if f.major is not None and f.major.clause
                else _t(f.text, f.text),
                found=[f.text],
                owner=fix.owner if fix else f.owner,
                due=fix.due if fix else f.due,
                due_default=bool(fix and fix.due_default),
                overdue=f.overdue,
            )
        )
    return out


def _cited(h: Hazard) -> tuple[str, str]:
    zh = f"{h.text.zh.rstrip('。')}（{h.clause}）" if h.clause else h.text.zh.rstrip("。")
    en = h.text.get("en").rstrip(".")
    return zh, (f"{clause_label(h.clause, 'en')} ({en})" if h.clause else en)


def deadline(h: Hazard) -> Text:
    """The one wording of a hazard's deadline, the same in the opinion and its table."""
    if h.closed:
        return _t("已整改销号", "rectified and closed")
    if h.due is None:
        return _t("未定整改期限", "no deadline set")
    if h.due_default:
        return _t(
            f"未定整改期限，按重大隐患默认期限于{_cdate(h.due)}前完成"
            + ("（已逾期）" if h.overdue else ""),
            f"no deadline set: the default for a major hazard, by {h.due}"
            + (" (overdue)" if h.overdue else ""),
        )
    return _t(
        f"{_cdate(h.due)}前完成" + ("（已逾期）" if h.overdue else ""),
        f"due {h.due}" + (" (overdue)" if h.overdue else ""),
    )


RULES = _t(
    "重大事故隐患应按重大事故隐患的治理要求整改：由单位主要负责人组织制定并实施治理方案，"
    "落实整改措施、资金、时限、责任人和应急预案（五落实）；治理期间采取防范措施，无法保证安全的应停止"
    "相关作业或设备使用；治理完成后经验收合格方可销号。",
    "A major accident hazard is rectified under the rules for major hazards: the unit's "
    "principal has a remediation plan drawn up and carried out, with measures, funds, a "
    "deadline, a person responsible and a contingency plan in place; work or equipment that "
    "cannot be kept safe meanwhile is stopped; the hazard is closed only after an acceptance.",
)


def verdict(found: Sequence[Hazard], assessment: Assessment) -> Text:
    """The one-line determination (what a score line is to a 创建 report)."""
    closed = sum(1 for h in found if h.closed)
    unanswered = len(assessment.unanswered)
    if found:
        zh = f"判定结果：存在重大事故隐患 {len(found)} 项"
        en = f"Determination: {len(found)} major accident hazard(s) found"
    elif unanswered:
        zh, en = (
            "判定结果：未能排除重大事故隐患",
            "Determination: major accident hazard not ruled out",
        )
    else:
        return _t("判定结果：未发现重大事故隐患", "Determination: no major accident hazard found")
    if closed:
        zh += f"（其中已整改销号 {closed} 项）"
        en += f" ({closed} rectified and closed)"
    if unanswered:
        zh += f"；{unanswered} 项情形未作答"
        en += f"; {unanswered} situation(s) unanswered"
    return _t(zh, en)


def determination_opinion(
    standard: Standard,
    record: Record,
    assessment: Assessment,
    found: Sequence[Hazard],
    unit: str,
) -> Opinion:
    """The 评估意见 of a 判定 record: what was determined, clause by clause, and how each
    hazard is rectified (the report adds the incidents, the 结论 and the 建议)."""
    title = standard.title
    applicable = sum(1 for r in assessment.items if r.status != "na")
    day = assessment.inspection_date
    paras: list[Text] = []
    head_zh = f"{unit}于{_cdate(day)}对照《{title.zh}》开展自查，适用情形 {applicable} 项"
    head_en = (
        f"{unit} inspected itself on {day} against the {title.get('en')}: "
        f"{applicable} situation(s) apply"
    )
    if found:
        cited = [_cited(h) for h in found]
        paras.append(
            _t(
                head_zh
                + f"，判定存在重大事故隐患 {len(found)} 项："
                + "；".join(c[0] for c in cited)
                + "。",
                head_en
                + f"; {len(found)} determined a major accident hazard: "
                + "; ".join(c[1] for c in cited)
                + ".",
            )
        )
        paras.append(
            _t(
                "上述重大事故隐患均应按重大事故隐患的治理要求整改（见“整改要求”）。整改期限："
                + "；".join(
                    f"{h.clause or c[0]}，{deadline(h).zh}"
                    for h, c in zip(found, cited, strict=True)
                )
                + "。",
                "Each is rectified under the rules for major accident hazards (see "
                "“Rectification”). Deadlines: "
                + "; ".join(
                    f"{clause_label(h.clause, 'en') or c[1]}: {deadline(h).get('en')}"
                    for h, c in zip(found, cited, strict=True)
                )
                + ".",
            )
        )
    else:
        paras.append(
            _t(
                head_zh + "，未判定存在重大事故隐患。",
                head_en + "; none is determined a major accident hazard.",
            )
        )
    if assessment.unanswered:
        cited = [standard.item_map()[i].article or i for i in assessment.unanswered]
        listed = "、".join(cited)
        paras.append(
            _t(
                f"有 {len(assessment.unanswered)} 项情形未作答（{listed}），未能排除重大事故隐患，"
                "应补充判定。",
                f"{len(assessment.unanswered)} situation(s) unanswered "
                f"({', '.join(clause_label(c, 'en') for c in cited)}): a major "
                "accident hazard there is not ruled out; answer them.",
            )
        )
    return Opinion(paragraphs=paras)


def determination_conclusion(found: Sequence[Hazard], assessment: Assessment, unit: str) -> Text:
    """结论 of a 判定 record: the determination and what follows from it, no score."""
    open_ = [h for h in found if not h.closed]
    if open_:
        return _t(
            f"结论：{unit}本次自查判定存在重大事故隐患 {len(found)} 项，尚未整改销号 {len(open_)} 项，"
            "应按重大事故隐患治理要求整改，经验收销号后重新自查判定。",
            f"Conclusion: {len(found)} major accident hazard(s) determined, {len(open_)} not yet "
            "closed: rectify them under the rules for major hazards and determine again after "
            "their acceptance.",
        )
    if assessment.unanswered:
        return _t(
            f"结论：{unit}本次自查未能排除重大事故隐患，应对未作答的情形补充判定。",
            "Conclusion: a major accident hazard is not ruled out: answer the situations left "
            "unanswered.",
        )
    if found:
        return _t(
            f"结论：{unit}本次自查判定的重大事故隐患均已整改销号。",
            "Conclusion: every major accident hazard determined is rectified and closed.",
        )
    return _t(
        f"结论：{unit}本次自查未发现重大事故隐患。",
        "Conclusion: no major accident hazard found.",
    )


class Judged(Model):
    """What a 判定 record's report prints instead of scores."""

    result: str
    """The determination for machines: present, not-ruled-out or none."""
    verdict: Text
    """The one-line determination."""
    parts: list[PartCount]
    """The parts that apply, counted by answer."""
    hazards: list[Hazard]
    """The 重大事故隐患 determined."""
    rules: Text
    """How a 重大事故隐患 is rectified."""
    deadlines: list[Text]
    """Each hazard's deadline, in the wording of the opinion."""
    not_applicable: Text | None = None
    """The parts that do not apply to the unit, in one line (`parts_line`)."""


def judged(
    standard: Standard,
    record: Record,
    assessment: Assessment,
    fixes: Sequence[Any],
    unit: str,
) -> tuple[Judged, Opinion]:
    """The report's determination and its 评估意见 (without incidents, 建议)."""
    found = hazards(standard, record, assessment, fixes)
    opinion = determination_opinion(standard, record, assessment, found, unit)
    opinion = opinion.model_copy(
        update={"conclusion": determination_conclusion(found, assessment, unit)}
    )
    data = Judged(
        result="present" if found else "not-ruled-out" if assessment.unanswered else "none",
        verdict=verdict(found, assessment),
        parts=part_counts(standard, assessment),
        hazards=found,
        rules=RULES,
        deadlines=[deadline(h) for h in found],
        not_applicable=parts_line(standard, record.subject),
    )
    return data, opinion
