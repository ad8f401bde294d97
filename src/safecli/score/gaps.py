"""The gaps of an assessment: what fixing each is worth, the 整改清单, and the report's data.

`gap_values` re-scores a copy of the record with one item fixed: a `check` item answered met, a
`measure` item's metric set to its target (just past it for `>`/`<`), and the record's findings
on that item closed, since fixing the item means rectifying them. Vetoes keep applying: an
incident in the window still caps the grade, while fixing an unmet 否决项 or the item of an
overdue major hazard lifts its cap (the gap names the rules it lifts).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import Field

from safecli.model.base import Model, Text
from safecli.model.labels import Status
from safecli.model.numbering import clause_label, document_numbers, in_lang, numbered, paper_numbers
from safecli.model.profile import Profile
from safecli.model.record import Record, Response
from safecli.model.standard import Item, ItemKind, Op, Standard
from safecli.model.unit_words import item_words
from safecli.score import determination
from safecli.score.arithmetic import Exact, percent_rate
from safecli.score.conclusion import (
    advice,
    complete,
    conclusion,
    days_note,
    incidents_paragraph,
    rectify_days,
)
from safecli.score.fix_words import finding_no, finding_owner
from safecli.score.items import score_one
from safecli.score.opinion import build_opinion, veto_words
from safecli.score.reasons import item_reason
from safecli.score.results import Assessment, FiredRule, GradeResult, ItemResult
from safecli.score.scoring import assess, compile_standard, lost_points, reach_grade


class Gap(Model):
    """An applicable item that lost points, and what fixing it alone is worth."""

    item: str
    """The item id."""
    section: str
    """Its section."""
    text: Text
    """The requirement."""
    status: str
    """Its status now (partial, unmet, unanswered)."""
    owner: Text | None = None
    """Who is responsible for it."""
    points: float
    """The item's points."""
    earned: float
    """Points it earns now."""
    gain: float
    """Points gained by fixing it (points − earned)."""
    total_after: float | None = None
    """The total once it is fixed (None when the record was not at hand)."""
    grade_after: GradeResult | None = None
    """The grade once it is fixed."""
    lifts: list[str] = Field(default_factory=list)
    """Veto rules that fire now and would no longer fire."""
    capped_by: list[str] = Field(default_factory=list)
    """Veto rules that would still fire once it is fixed."""
    veto: bool = False
    """The item is a 否决项."""


def _num(value: float) -> float:
    return round(value, 2)


def _fixed_value(item: Item) -> float:
    target = item.target if item.target is not None else 0
    if item.op is Op.gt:
        return target + 1
    if item.op is Op.lt:
        return target - 1 if target - 1 >= 0 or target <= 0 else target / 2
    return target


def fixed_record(standard: Standard, record: Record, item_id: str) -> Record:
    """A copy of `record` with `item_id` fixed and the findings on it closed."""
    item = standard.item_map()[item_id]
    findings = [
        f.model_copy(update={"status": "closed"}) if f.item == item_id else f
        for f in record.findings
    ]
    update: dict[str, object] = {"findings": findings}
    if item.kind is ItemKind.measure and item.metric is not None:
        update["metrics"] = {**record.metrics, item.metric: _fixed_value(item)}
    else:
        update["responses"] = {**record.responses, item_id: Response(status=Status.met)}
    return record.model_copy(update=update)


def _gap(standard: Standard, item: Item, result: ItemResult) -> Gap:
    return Gap(
        item=result.id,
        section=result.section,
        text=item_words(standard, item),
        status=result.status,
        owner=item.owner,
        points=result.points,
        earned=result.earned,
        gain=_num(result.points - result.earned),
        veto=item.veto,
    )


def point_gaps(standard: Standard, assessment: Assessment) -> list[Gap]:
    """The gaps with their points only (no record to re-score), biggest first."""
    order = {r.id: i for i, r in enumerate(assessment.items)}
    items = standard.item_map()
    gaps = [_gap(standard, items[r.id], r) for r in assessment.lost()]
    return sorted(gaps, key=lambda g: (-g.gain, order[g.item]))


def _far_reaching(standard: Standard, record: Record) -> set[str]:
    """Items whose fix can change more than their own points and their own 否决项 rule: their
    metric is shared (another item or a veto reads it), a veto names them, or findings on
    them would close while a veto looks at findings."""
    readers: dict[str, int] = {}
    for item in standard.items():
        if item.metric is not None:
            readers[item.metric] = readers.get(item.metric, 0) + 1
    for veto in standard.vetoes:
        if veto.when.metric is not None:
            readers[veto.when.metric.metric] = readers.get(veto.when.metric.metric, 0) + 2
    out = {
        item.id
        for item in standard.items()
        if item.kind is ItemKind.measure and item.metric and readers.get(item.metric, 0) > 1
    }
    for veto in standard.vetoes:
        out.update(veto.when.items_unmet or [])
    if any(v.when.finding is not None for v in standard.vetoes):
        out.update(f.item for f in record.findings if f.item)
    return out


class _Overlay(Mapping[str, ItemResult]):
    """The assessment's item results with one of them replaced (the item fixed), unchanged
    otherwise: a view, so a gap costs no copy of ten thousand results."""

    def __init__(self, base: dict[str, ItemResult], item: str, result: ItemResult) -> None:
        self.base, self.item, self.result = base, item, result

    def __getitem__(self, key: str) -> ItemResult:
        return self.result if key == self.item else self.base[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.base)

    def __len__(self) -> int:
        return len(self.base)


def gap_values(standard: Standard, record: Record, assessment: Assessment) -> list[Gap]:
    """Every applicable item that lost points, with the total and grade fixing it alone reaches.

    Sorted by points gained (biggest first), then by the grade reached (best first), then in the
    standard's order. Fixing one item changes its own points and its own 否决项 rule; the
    record is scored once and each gap adjusts that sum, so a report on a standard of 10,000
    items stays linear. Only an item whose fix can reach other rules (a shared metric, a veto
    naming it, findings a veto reads) is re-scored in full.
    """
    rank = {g.id: i for i, g in enumerate(standard.grades)}
    order = {r.id: i for i, r in enumerate(assessment.items)}
    items = standard.item_map()
    fired_now = [r.id for r in assessment.veto.rules]
    plan = compile_standard(standard)
    earned: dict[str, Exact] = {}
    points_u: dict[str, Exact] = {}
    extra: dict[str, Exact] = {}
    total_earned: Exact = 0
    total_points: Exact = 0
    total_extra: Exact = 0
    for section, entries in plan.sections:
        for item, item_plan in entries:  # in the units `assess` sums, so totals are the same
            value, result, off = score_one(item_plan, item, record, section.id)
            earned[item.id], points_u[item.id], extra[item.id] = value, item_plan[0], off
            if result.applicable:
                total_earned += value
                total_points += item_plan[0]
                total_extra += off
    results = {r.id: r for r in assessment.items}
    far = _far_reaching(standard, record)
    gaps: list[Gap] = []
    for result in assessment.lost():
        item = items[result.id]
        if item.id in far:
            after = assess(standard, fixed_record(standard, record, result.id), assessment.as_of)
            total_after, grade_after = after.total, after.grade
            fired_after = [r.id for r in after.veto.rules]
        else:
            # fixed, the item earns its points and triggers no 追加扣分 of its own
            fixed = max(
                0,
                total_earned - earned[item.id] + points_u[item.id] - (total_extra - extra[item.id]),
            )
            total = percent_rate(fixed, total_points)
            fixed_result = dataclasses.replace(results[item.id], status="met")
            reached, _ = reach_grade(plan, total, record, _Overlay(results, item.id, fixed_result))
            own = (f"item:{item.id}", f"item:{item.id}:")
            rules = [
                r for r in assessment.veto.rules if r.id != own[0] and not r.id.startswith(own[1])
            ]
            final = reached
            for rule in rules:
                capped = standard.grade(rule.max_grade)
                if capped is not None and rank[capped.id] > rank[final.id]:
                    final = capped
            total_after = float(total)
            grade_after = GradeResult(id=final.id, label=final.label)
            fired_after = [r.id for r in rules]
        gaps.append(
            _gap(standard, item, result).model_copy(
                update={
                    "total_after": total_after,
                    "grade_after": grade_after,
                    "lifts": [r for r in fired_now if r not in fired_after],
                    "capped_by": fired_after,
                }
            )
        )
    return sorted(
        gaps,
        key=lambda g: (
            -g.gain,
            rank[g.grade_after.id] if g.grade_after else 0,
            order[g.item],
        ),
    )


# ---------------------------------------------------------------- the 整改清单


class Rectification(Model):
    """One entry of the 整改清单: an open finding, or an item that lost points."""

    source: str
    """`finding` or `item`."""
    ref: str
    """The finding id, or the item id."""
    no: str = ""
    """What a person reads: the finding id, or the item's number on paper (五、13)."""
    item: str | None
    """The item it belongs to."""
    what: str
    """What is to be rectified."""
    measure: str | None = None
    """The rectification measure, when the record gives one."""
    owner: str | None
    """Who rectifies it: the finding's owner, else the item's."""
    due: dt.date | None
    """Rectification deadline (None: to be set)."""
    level: str
    """general or major (an item entry is major when the item is a 否决项)."""
    overdue: bool
    """Open and past its due date on the as-of date."""
    due_default: bool = False
    """The deadline is the default for its level (no deadline was given)."""


def rectifications(
    standard: Standard,
    record: Record,
    assessment: Assessment,
    lang: str = "zh",
    *,
    numbers: dict[str, str] | None = None,
) -> list[Rectification]:
    """Every open finding, then every item that lost points and has no open finding of its own.

    Overdue entries first, then major ones, then by due date (undated last), then as listed.
    An unanswered item is no hazard: it is left out (reports list it as 未作答).
    """

    numbers = numbers if numbers is not None else paper_numbers(standard, lang)
    items = standard.item_map()
    written = {f.id: f.owner for f in record.findings}
    out: list[Rectification] = []
    covered: set[str] = set()
    for f in assessment.findings:
        if f.status != "open":
            continue
        if f.item:
            covered.add(f.item)
        out.append(
            Rectification(
                source="finding",
                ref=f.id,
                no=finding_no(f.id if f.named else "", numbers.get(f.item or ""), lang),
                item=f.item,
                what=f.text
                if f.named or f.id != f.item
                else item_words(standard, items[f.id]).get(lang),
                measure=f.measure,
                owner=finding_owner(f, written.get(f.id), items, lang),
                due=f.due,
                level=f.level,
                overdue=f.overdue,
            )
        )
    for r in assessment.lost():
        if r.id in covered or r.status == "unanswered":
            continue
        item = items[r.id]
        response = record.responses.get(r.id)
        what = item_words(standard, item).get(lang)
        if response is not None and response.finding:
            what = (
                f"{what}（{response.finding}）" if lang == "zh" else f"{what} ({response.finding})"
            )
        out.append(
            Rectification(
                source="item",
                ref=r.id,
                no=numbers[r.id],
                item=r.id,
                what=what,
                owner=item.owner.get(lang) if item.owner else None,
                due=None,
                # a 判定 pack's 存在 is a 重大事故隐患 whatever else the record says of it
                level="major" if item.veto or standard.kind == "determination" else "general",
                overdue=False,
            )
        )
    far = dt.date.max
    indexed = list(enumerate(out))
    indexed.sort(key=lambda p: (not p[1].overdue, p[1].level != "major", p[1].due or far, p[0]))
    return [entry for _, entry in indexed]


# ---------------------------------------------------------------- the report's data


class LostItem(Model):
    """An item that lost points, with why and what was found."""

    result: ItemResult
    """Its scored result."""
    no: str = ""
    """Its number on paper (五、13)."""
    text: Text
    """The requirement."""
    findings: list[str]
    """What was found: the response's finding and the record's findings on it."""
    reason: Text | None = None
    """Why it earned what it earned, metrics named as a person reads them."""


class SignOff(Model):
    """编制 / 审核 / 批准."""

    prepared_by: str | None
    """编制: the inspector."""
    prepared_on: dt.date
    """The inspection date."""
    reviewed_by: str | None
    """审核."""
    approved_by: str | None
    """批准."""


class Report(Model):
    """Everything the 评估报告 shows."""

    standard: Standard
    """The standard."""
    record: Record
    """The record."""
    assessment: Assessment
    """The scored record."""
    fired: list[FiredRule]
    """Veto rules that fired."""
    lost: list[LostItem]
    """Items that lost points, biggest loss first."""
    empty: list[LostItem] = Field(default_factory=list)
    """空项: items not applicable, each with why (the standard's applies_if or the na_reason)."""
    rectifications: list[Rectification]
    """The 整改清单."""
    gaps: list[Gap]
    """What each gap is worth, biggest gain first."""
    sign_off: SignOff
    """The sign-off block."""
    unit: str = ""
    """The unit's name as the report prints it (the profile's 全称, else the record's)."""
    profile: Profile | None = None
    """The unit profile, when one was given."""
    opinion: Any = None
    """The 评估意见 (a `safecli.score.opinion.Opinion`)."""
    numbers: dict[str, str] = Field(default_factory=dict)
    """Item ids mapped to their numbers on paper (五、13)."""
    vetoes: list[Text] = Field(default_factory=list)
    """The fired rules as a unit's document states them (no editorial notes)."""
    rule_words: dict[str, Text] = Field(default_factory=dict)
    """Every veto rule id (and `item:ID`) mapped to its words, for the gaps table."""
    work: Text | None = None
    """The work assessed (the plan's title without 实施方案), for the subtitle."""
    title: Text | None = None
    """The standard's title as a unit's document names it (no editorial note)."""
    withheld: list[Text] = Field(default_factory=list)
    """Why higher grades were withheld, items named by their numbers on paper."""
    evidence: list[Any] = Field(default_factory=list)
    """Each evidence entry with what a check of its file found (`read.evidence.EvidenceCheck`),
    when the caller checked them; empty otherwise."""
    days_note: Text | None = None
    """The default deadlines of the 整改清单, as the report states them."""
    judged: Any = None
    """A 判定 record's determination (`score.determination.Judged`): no scores, no gaps."""


def build_report(
    standard: Standard,
    record: Record,
    assessment: Assessment,
    lang: str = "zh",
    *,
    profile: Profile | None = None,
) -> Report:
    """The report's data for `record` scored as `assessment`, clauses labelled in `lang`. Pure."""

    numbers = document_numbers(standard, lang)
    chinese = document_numbers(standard)  # for the words kept in both languages (`Text`)
    items = standard.item_map()
    lost = []
    for r in lost_points(assessment):
        response = record.responses.get(r.id)
        found = [response.finding] if response is not None and response.finding else []
        found += [
            f.text
            if f.numbered_by_sheet
            else (f"{f.id}：{f.text}" if lang == "zh" else f"{f.id}: {f.text}")
            for f in record.findings
            if f.item == r.id and f.text not in found
        ]
        lost.append(
            LostItem(
                result=r,
                no=numbers[r.id],
                text=item_words(standard, items[r.id]),
                findings=found,
                reason=item_reason(standard, r),
            )
        )
    judging = standard.kind == "determination"  # hazards by clause: no points, no gaps
    # a 判定 pack's parts of other industries are named in one line (Judged.not_applicable)
    other = (
        {i.id for s in determination.parts_not_applying(standard, record.subject) for i in s.items}
        if judging
        else set()
    )
    empty = [
        LostItem(result=r, no=numbers[r.id], text=item_words(standard, items[r.id]), findings=[])
        for r in assessment.items
        if r.status == "na"
        and not (r.exception is not None and r.exception.in_force)
        and r.id not in other
    ]
    inspection = record.inspection
    gaps = [] if judging else gap_values(standard, record, assessment)
    unit = profile.name if profile is not None else record.subject.name
    days = rectify_days(standard, profile)
    fixes = report_fixes(standard, record, assessment, lang, profile=profile, numbers=numbers)
    judged = None
    if judging:
        judged, opinion = determination.judged(standard, record, assessment, fixes, unit)
    else:
        opinion = build_opinion(standard, record, assessment, gaps, profile)
        opinion = opinion.model_copy(update={"conclusion": conclusion(standard, assessment, unit)})
    opinion = opinion.model_copy(
        update={
            "paragraphs": [*opinion.paragraphs, incidents_paragraph(standard, assessment)],
            "advice": advice(fixes, opinion.next_inspection, assessment.as_of),
        }
    )
    return Report(
        standard=standard,
        record=record,
        assessment=assessment,
        fired=assessment.veto.rules,
        lost=lost,
        empty=empty,
        rectifications=fixes,
        days_note=days_note(days) if any(f.due_default for f in fixes) else None,
        judged=judged,
        gaps=gaps,
        sign_off=SignOff(
            prepared_by=inspection.by,
            prepared_on=inspection.date,
            reviewed_by=inspection.reviewed_by,
            approved_by=inspection.approved_by,
        ),
        unit=unit,
        profile=profile,
        opinion=opinion,
        numbers=numbers,
        vetoes=[veto_words(standard, r, chinese) for r in assessment.veto.rules],
        rule_words={
            **{
                v.id: _no_stop(
                    (standard.plan.vetoes.get(v.id) if standard.plan else None) or v.text
                )
                for v in standard.vetoes
            },
            **{
                f"item:{i.id}": Text(
                    zh=f"{chinese[i.id]}（否决项）",
                    en=f"veto item {clause_label(chinese[i.id], 'en')}",
                )
                for i in standard.items()
                if i.veto
            },
        },
        work=_work(standard),
        withheld=[
            Text(zh=numbered(w.zh, chinese), en=numbered(w.get("en"), in_lang(chinese, "en")))
            for w in assessment.withheld
        ],
        title=standard.plan.title if standard.plan and standard.plan.title else standard.title,
    )


def report_fixes(
    standard: Standard,
    record: Record,
    assessment: Assessment,
    lang: str,
    *,
    profile: Profile | None = None,
    numbers: dict[str, str] | None = None,
) -> list[Rectification]:
    """The 整改清单 as the report lists it: owners in the unit's words, each with a measure and
    a deadline (the default for its level when the record sets none)."""
    return complete(
        [
            r.model_copy(update={"owner": unit_owner(standard, profile, r.owner)}) if r.owner else r
            for r in rectifications(standard, record, assessment, lang, numbers=numbers)
        ],
        standard,
        record,
        assessment.as_of,
        rectify_days(standard, profile),
        lang,
    )


def judgement(
    standard: Standard, record: Record, assessment: Assessment, lang: str = "zh"
) -> determination.Judged:
    """A 判定 record's determination as its report states it, for `safecli score` (no
    profile: the record's unit and the standard's default deadlines)."""
    fixes = report_fixes(standard, record, assessment, lang)
    return determination.judged(standard, record, assessment, fixes, record.subject.name)[0]


def unit_owner(standard: Standard, profile: Profile | None, owner: str) -> str:
    """The unit's name for an owner of the standard: the profile's department that takes it
    (or the plan body standing for it), else the plan's wording of it, else the owner itself."""
    plan = standard.plan
    neutral = plan.owners.get(owner, owner) if plan else owner
    bodies = (
        [d.body.zh for d in plan.duties if owner in d.owners or neutral in d.owners] if plan else []
    )
    if profile is not None:
        dept = profile.department_for(owner, neutral, *bodies)
        if dept is not None:
            return dept
    return neutral


def _no_stop(text: Text) -> Text:
    return Text(zh=text.zh.rstrip("。"), en=(text.en or "").rstrip(".") or None)


def _work(standard: Standard) -> Text:
    title = standard.plan.title if standard.plan and standard.plan.title else standard.title
    zh = title.zh.removesuffix("实施方案").removesuffix("方案") or title.zh
    return Text(zh=zh + "自查评估", en=f"Self-assessment: {title.get('en')}")
