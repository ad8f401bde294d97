"""assess(standard, record, as_of) -> Assessment: the exact scoring rules of DESIGN.md.

Arithmetic is exact (fractions of the decimal numbers the files state); only the reported
figures are rounded, half up, as paper assessments are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from typing import Any

from safecli.model.applicability import does_apply
from safecli.model.base import Text
from safecli.model.deadlines import is_overdue
from safecli.model.features import LEVELS, level_rank
from safecli.model.labels import FINDING_LEVEL_LABELS, Status, incident_kind_label
from safecli.model.record import Record
from safecli.model.standard import (
    AttestationRule,
    Grade,
    Item,
    Standard,
    Veto,
)
from safecli.score import rules, waivers
from safecli.score.arithmetic import (
    Exact,
    exact,
    fmt_number,
    percent_float,
    percent_rate,
    units_float,
)
from safecli.score.hazards import major_facts, situations
from safecli.score.incidents import classify, incident_matches, months_before
from safecli.score.items import (
    Counted,
    ItemPlan,
    SectionSlots,
    Slot,
    counted,
    score_section,
    section_slots,
)
from safecli.score.reasons import (
    bilingual,
    why_veto_item,
)
from safecli.score.results import (
    NOT_SCORABLE,
    Assessment,
    ExceptionResult,
    FindingResult,
    FiredRule,
    GradeResult,
    IncidentResult,
    ItemResult,
    SectionResult,
    VetoResult,
)

# ---------------------------------------------------------------- the compiled standard


@dataclass(frozen=True, slots=True)
class Plan:
    """A standard compiled once for scoring: plain tuples instead of lookups on every record."""

    sections: tuple[tuple[Any, tuple[tuple[Item, ItemPlan], ...]], ...]
    """Each section with its items and their plans."""
    slots: tuple[tuple[Any, tuple[Slot, ...]], ...]
    """Each section with its items as `assess` walks them (each with the memo of its answers)."""
    grades: tuple[tuple[Grade, Decimal, tuple[str, ...]], ...]
    """Each grade with its minimum as a Decimal and its required items."""
    items: dict[str, Item]
    """Items by id."""
    veto_items: tuple[Item, ...]
    """Items whose unmet answer is a veto."""
    zero_veto_items: tuple[Item, ...]
    """Items with a 不得分 condition that also vetoes (本项不得分并否决)."""
    rank: dict[str, int]
    """Grade ids by position, highest first."""
    grade_by_id: dict[str, Grade]
    """Grades by id."""
    walks: tuple[tuple[Any, SectionSlots], ...] = ()
    """Each section with its items as `score_section` walks them."""
    shares: dict[tuple[str, Exact, Exact], SectionResult] = field(default_factory=dict)
    """Section results by section and sums (whole units), remembered as they come."""
    onsite: bool = False
    """Some item needs an on-site check."""


_PLANS: dict[int, tuple[Standard, Plan]] = {}


def compile_standard(standard: Standard) -> Plan:
    """The scoring plan of `standard`, compiled on first use and kept (standards are frozen)."""
    found = _PLANS.get(id(standard))
    if found is not None and found[0] is standard:
        return found[1]
    slots = tuple(
        (section, tuple(Slot(item, section.id) for item in section.items))
        for section in standard.sections
    )
    plan = Plan(
        sections=tuple(
            (section, tuple((slot.item, slot.plan) for slot in entries))
            for section, entries in slots
        ),
        slots=slots,
        walks=tuple((section, section_slots(entries)) for section, entries in slots),
        grades=tuple((g, Decimal(str(g.min)), tuple(g.requires)) for g in standard.grades),
        items=standard.item_map(),
        veto_items=tuple(item for item in standard.items() if item.veto),
        zero_veto_items=tuple(i for i in standard.items() if any(c.veto for c in i.zero_if)),
        rank={g.id: i for i, g in enumerate(standard.grades)},
        grade_by_id={g.id: g for g in standard.grades},
        onsite=any(item.on_site for item in standard.items()),
    )
    if len(_PLANS) > 256:  # a long-lived process that loads many standards
        _PLANS.clear()
    _PLANS[id(standard)] = (standard, plan)
    return plan


# ---------------------------------------------------------------- grades and vetoes


def counts_as_met(item: Item, record: Record) -> bool:
    """Whether a required item (必备条件) that is not met still counts as met for a grade.

    Not applicable by the standard's `applies_if`: yes (the standard itself exempts it).
    Answered `na` by the record: never (a grade is not awarded on a waived 必备条件).
    """
    return item.applies_if is not None and not does_apply(item, record.subject)


def attested_level(rule: AttestationRule, level: str | None) -> bool:
    """Whether an attestation given at `level` is of the level the rule asks for."""
    if rule.min_level is None:
        return True
    return level is not None and level_rank(level) <= level_rank(rule.min_level)


def attested(rule: AttestationRule, record: Record) -> bool:
    """Whether the record states the attestation, dated inside its validity at the inspection,
    from a body of the level the rule asks for."""
    found = record.attestations.get(rule.id)
    if found is None or found.date > record.inspection.date:
        return False
    if not attested_level(rule, found.level):
        return False
    if rule.valid_months is None:
        return True
    return found.date >= months_before(record.inspection.date, rule.valid_months)


def required_na(standard: Standard, record: Record) -> list[str]:
    """Required items (of any grade) the record itself answers `na`, in the standard's order.

    Items that do not apply by `applies_if` are not listed: the standard exempts those.
    """
    required = {req for grade in standard.grades for req in grade.requires}
    out = []
    for item in standard.items():
        response = record.responses.get(item.id)
        if item.id not in required or response is None or response.status is not Status.na:
            continue
        if item.applies_if is not None and not does_apply(item, record.subject):
            continue
        out.append(item.id)
    return out


def _refusal(
    grade: Grade, items: dict[str, Item], record: Record, results: dict[str, ItemResult]
) -> Text | None:
    if not grade.attestations:
        for r in grade.requires:
            if results[r].status != "met":
                break
        else:  # every required item met (or none required), no attestation asked: granted
            return None
    unmet = [
        r
        for r in grade.requires
        if results[r].status != "met"
        and not counts_as_met(items[r], record)
        and not waivers.counts_as_met(results[r])
    ]
    empty = [r for r in unmet if results[r].status == "na"]
    waived = bool(grade.requires) and all(results[r].status == "na" for r in grade.requires)
    missing = [rule for rule in grade.attestations if not attested(rule, record)]
    if not unmet and not missing and not waived:
        return None
    zh: list[str] = []
    en: list[str] = []
    if waived and not empty:
        zh.append(f"必备条件 {'、'.join(grade.requires)} 全部不适用，不能据此评定")
        en.append(f"every required item ({', '.join(grade.requires)}) is not applicable")
    if empty:
        zh.append(f"必备条件 {'、'.join(empty)} 自评为不适用，必备条件不得作空项")
        en.append(f"required {', '.join(empty)} answered na: a required item cannot be waived")
    others = [r for r in unmet if r not in empty]
    if others:
        zh.append(f"必备条件 {'、'.join(others)} 未符合")
        en.append(f"required {', '.join(others)} not met")
    for rule in missing:
        found = record.attestations.get(rule.id)
        if found is not None and not attested_level(rule, found.level):
            level = LEVELS[found.level].zh + "级" if found.level else "未注明级别"
            need = LEVELS[rule.min_level or "county"]
            zh.append(
                f"外部认定 {rule.id} 由{found.by}（{level}）出具，须{need.zh}级及以上机关（{rule.id}）"
            )
            en.append(
                f"attestation {rule.id} given by {found.by} "
                f"({LEVELS[found.level].en if found.level else 'level not stated'}), "
                f"needs a {need.en} or higher body"
            )
            continue
        zh.append(f"记录未载明有效的外部认定：{rule.text.zh.rstrip('。')}（{rule.id}）")
        en.append(f"no valid attestation stated: {rule.text.get('en').rstrip('.')} ({rule.id})")
    return bilingual(
        zh=f"未评为{grade.label.zh}：{'；'.join(zh)}",
        en=f"Not {grade.label.get('en')}: {'; '.join(en)}",
    )


def reach_grade(
    plan: Plan, total: Decimal, record: Record, results: dict[str, ItemResult]
) -> tuple[Grade, list[Text]]:
    items = plan.items
    withheld: list[Text] = []
    for grade, least, _ in plan.grades:
        if least > total:
            continue
        refusal = _refusal(grade, items, record, results)
        if refusal is None:
            return grade, withheld
        withheld.append(refusal)
    return plan.grades[-1][0], withheld


def _fired(
    std: Standard,
    plan: Plan,
    record: Record,
    results: dict[str, ItemResult],
    findings: list[FindingResult],
) -> list[FiredRule]:
    fired: list[FiredRule] = []
    end = record.inspection.date
    for veto in std.vetoes:
        because = _veto_because(veto, record, results, findings, end, std.metric_label)
        if because is not None:
            fired.append(
                FiredRule(
                    id=veto.id,
                    text=veto.text,
                    max_grade=veto.max_grade,
                    flag=veto.flag,
                    because=because,
                )
            )
    lowest = std.grades[-1].id
    for item in plan.veto_items:
        status = results[item.id].status
        response = record.responses.get(item.id)
        waived = status == "na" and response is not None and response.status is Status.na
        if waived and does_apply(item, record.subject):
            status = "waived"  # a veto item is never a 空项 on the record's word
        if status in VETO_FIRES:
            fired.append(
                FiredRule(
                    id=f"item:{item.id}",
                    text=item.text,
                    max_grade=lowest,
                    because=why_veto_item(item, status, response, record),
                )
            )
    for item in plan.zero_veto_items:
        if results[item.id].applicable:
            fired.extend(rules.vetoes(item, record.responses.get(item.id), lowest))
    return fired


VETO_FIRES = ("partial", "unmet", "unanswered", "waived")
"""Results of a veto item that fire its veto: anything but met, or not applicable by the
standard's own `applies_if` (`waived`: answered na by the record)."""


def _veto_because(
    veto: Veto,
    record: Record,
    results: dict[str, ItemResult],
    findings: list[FindingResult],
    end: dt.date,
    metric_label: Any = None,
) -> Text | None:
    when = veto.when
    if when.incident is not None:
        for incident in record.incidents:
            if incident_matches(when.incident, incident, end):
                label = classify(
                    incident.fatalities, incident.serious_injuries, incident.direct_loss_yuan
                ).label
                kind = incident_kind_label(incident.kind)
                return bilingual(
                    zh=f"{incident.date} {kind.zh}：死亡 {incident.fatalities} 人，重伤 "
                    f"{incident.serious_injuries} 人，{label.zh}（{when.incident.within_months} 个月内）",
                    en=f"{incident.date} {kind.get('en')}: {incident.fatalities} dead, "
                    f"{incident.serious_injuries} seriously injured, {label.en} "
                    f"(within {when.incident.within_months} months)",
                )
    if when.metric is not None:
        value = record.metrics.get(when.metric.metric)
        if value is not None and when.metric.op.holds(exact(value), exact(when.metric.value)):
            label = metric_label(when.metric.metric) if metric_label else None
            return bilingual(
                zh=f"{label.zh if label else when.metric.metric} = {fmt_number(value)}",
                en=f"{when.metric.metric} = {fmt_number(value)}",
            )
    if when.finding is not None:
        for finding in findings:
            if finding.level == when.finding.level and finding.status == "open":
                if when.finding.overdue and not finding.overdue:
                    continue
                state = "逾期未整改" if finding.overdue else "未整改"
                return bilingual(
                    zh=f"隐患 {finding.id}（{FINDING_LEVEL_LABELS[finding.level].zh}）{state}：{finding.text}",
                    en=f"finding {finding.id} ({finding.level}) "
                    f"{'overdue' if finding.overdue else 'open'}: {finding.text}",
                )
    for ref in when.items_unmet or []:
        if ref in results and results[ref].status == "unmet":
            return bilingual(zh=f"{ref} 不符合", en=f"{ref} is unmet")
    return None


# ---------------------------------------------------------------- the whole

_EARNED, _RESULT, _EXTRA, _POINTS, _MISSING = (itemgetter(i) for i in range(5))
"""The parts of a `Counted` item."""


def _section_result(plan: Plan, section: Any, earned: Exact, points: Exact) -> SectionResult:
    """A section's share (one object per section and pair of whole sums: they repeat)."""
    key = (section.id, earned, points)
    whole = earned.__class__ is int and points.__class__ is int
    found = plan.shares.get(key) if whole else None
    if found is None:
        found = SectionResult(
            id=section.id,
            title=section.title,
            earned=units_float(earned),
            points=units_float(points),
            rate=percent_float(earned, points) if points else None,
        )
        if whole and len(plan.shares) < SHARES_LIMIT:
            plan.shares[key] = found
    return found


def _decided(
    slots: tuple[Slot, ...],
    found: list[Counted],
    record: Record,
    deciding: dict[str, ExceptionResult],
    as_of: dt.date,
) -> list[Counted]:
    """The section's items once the exceptions deciding them and their on-site checks apply."""
    out = found
    for i, slot in enumerate(slots):
        ex = deciding.get(slot.id)
        response = record.responses.get(slot.id) if slot.on_site else None
        lapse = waivers.onsite_lapse(slot.item, response, as_of) if slot.on_site else None
        if ex is None and lapse is None:
            continue
        earned, result, extra, _, _ = found[i]
        earned, result = waivers.decided(result, earned, ex, lapse)
        if out is found:
            out = list(found)
        out[i] = counted(slot, (earned, result, extra, result.applicable))
    return out


SHARES_LIMIT = 4096
"""Section results a compiled standard remembers."""


def assess(standard: Standard, record: Record, as_of: dt.date | None = None) -> Assessment:
    """Score `record` against `standard`. Pure: the same inputs give the same Assessment."""
    as_of = as_of or record.inspection.date
    plan = compile_standard(standard)
    exceptions, deciding = (
        waivers.judge(record.exceptions, as_of, {k: i for i, k in enumerate(plan.items)})
        if record.exceptions
        else ([], {})
    )
    results: dict[str, ItemResult] = {}
    sections: list[SectionResult] = []
    total_earned: Exact = 0
    total_points: Exact = 0
    total_extra: Exact = 0
    responses = record.responses.get
    metrics = record.metrics.get
    subject = record.subject
    unanswered: list[str] = []
    checked = bool(deciding) or plan.onsite
    for section, walk in plan.walks:
        found = score_section(walk, responses, metrics, subject)
        if checked:  # an exception or an on-site check may change an item's result
            found = _decided(walk[0], found, record, deciding, as_of)
        results.update(zip(walk[1], map(_RESULT, found), strict=True))
        sec_earned: Exact = sum(map(_EARNED, found))
        sec_points: Exact = sum(map(_POINTS, found))
        total_extra += sum(map(_EXTRA, found))
        unanswered += filter(None, map(_MISSING, found))
        sections.append(_section_result(plan, section, sec_earned, sec_points))
        total_earned += sec_earned
        total_points += sec_points
    total_earned = max(0, total_earned - total_extra)  # 追加扣分 never takes it below 0

    total = percent_rate(total_earned, total_points) if total_points else Decimal("0.0")
    if total_points:
        reached, withheld = reach_grade(plan, total, record, results)
    else:  # nothing applies: no score, and no grade above the lowest
        reached, withheld = plan.grades[-1][0], [NOT_SCORABLE]

    items = plan.items
    findings = [
        FindingResult(
            id=f.id,
            text=f.text,
            item=f.item,
            level="major" if f.major else f.level,
            owner=f.owner
            or (items[f.item].owner.zh if f.item in items and items[f.item].owner else None),
            due=f.due,
            status="open" if f.needs_work else "closed",
            overdue=is_overdue(f.needs_work, f.due, as_of),
            measure=f.measure,
            stage=f.status,
            closed_on=f.closed_on,
            major=major_facts(f, f.clause) if f.major else None,  # none for a general one
            named=not f.numbered_by_sheet,
        )
        for f in record.findings
    ]
    if standard.kind == "determination":  # each 存在 with no finding of its own is one
        statuses = {key: r.status for key, r in results.items()}
        findings += [
            FindingResult(  # the id is the item's, not the unit's: documents never print it
                item.id,
                item.text.zh,
                item.id,
                "major",
                None,
                None,
                "open",
                False,
                major=f,
                named=False,
            )
            for item, f in situations(standard, record, statuses)
        ]
    fired = _fired(standard, plan, record, results, findings)
    rank = plan.rank
    final = reached
    for rule in fired:
        capped = plan.grade_by_id.get(rule.max_grade)
        if capped is not None and rank[capped.id] > rank[final.id]:
            final = capped

    incidents = [
        IncidentResult(
            date=i.date,
            kind=i.kind,
            fatalities=i.fatalities,
            serious_injuries=i.serious_injuries,
            direct_loss_yuan=i.direct_loss_yuan,
            incident_class=(cls := classify(i.fatalities, i.serious_injuries, i.direct_loss_yuan)),
            label=cls.label,
            text=i.text,
        )
        for i in record.incidents
    ]
    return Assessment(
        standard=standard.ref,
        subject=record.subject,
        inspection_date=record.inspection.date,
        as_of=as_of,
        total=float(total),
        earned=units_float(total_earned),
        points=units_float(total_points),
        grade=GradeResult(id=final.id, label=final.label),
        grade_before_veto=GradeResult(id=reached.id, label=reached.label),
        veto=VetoResult(triggered=bool(fired), rules=fired),
        sections=sections,
        items=list(results.values()),
        unanswered=unanswered,
        findings=findings,
        incidents=incidents,
        withheld=withheld,
        period=record.inspection.period,
        exceptions=exceptions,
        scorable=bool(total_points),
        extra=units_float(total_extra),
        base=standard.extends,
    )


def lost_points(a: Assessment) -> list[ItemResult]:
    """Applicable items that earned less than their points, biggest loss first, then by order."""
    order = {r.id: i for i, r in enumerate(a.items)}
    return sorted(a.lost(), key=lambda r: (-(r.points - r.earned), order[r.id]))
