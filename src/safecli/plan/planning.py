"""build_plan(standard, subject, assessment, start) -> Plan: the dated 实施方案 (pure).

Dating rules (docs/documents.md says the same for users):

- **Relative phases** (`start_month`, `months`) run from `start + start_month months` to the day
  before `start + (start_month + months) months`.
- **Calendar phases** (`start`/`end` as `MM-DD`) are dated in the *plan year*: the year of
  `start`, or the next year when the first calendar step would fall before `start`; the whole
  calendar moves together, so the steps keep the source's order and none lies in the past. A step
  with only an `end` is a deadline: it runs from the day after the latest end of the steps above
  it (the plan start for the first).
- **Repeats** (`repeat: quarter`, …) fall on the calendar period ends (03-31, 06-30, 09-30,
  12-31 for quarters; month ends; 06-30 and 12-31 for half-years; 12-31 for years; Fridays for
  weeks) inside the phase, both ends included; for a deadline-only step, from the plan's start to
  its deadline.
- **Item deadlines**: `MM-DD` in the plan year (the next year when that is before `start`);
  `+Nm` is the day before `start + N months` (N whole months of work); otherwise the end of the
  *work phase*, the longest phase (the earlier on a tie), where the work of the plan is done.
- **Recurring duties** (items with `frequency`) fall due at the same calendar period ends inside
  the plan period (`start` to the last phase's end, or one year when the standard has no phases)."""

from __future__ import annotations

import datetime as dt

from safecli.model.base import Period, Text
from safecli.model.errors import UsageError
from safecli.model.numbering import document_numbers
from safecli.model.plan_text import Phase, Responsibility
from safecli.model.profile import Profile
from safecli.model.record import Record, Subject
from safecli.model.standard import Item, ItemKind, Standard
from safecli.model.wording import problem
from safecli.plan.calendar import add_months, month_day, period_ends
from safecli.plan.determination import rectification_plan
from safecli.plan.government import area_of, local
from safecli.plan.neutral import with_neutral_plan
from safecli.plan.shape import (
    Duty,
    Plan,
    PlanItem,
    PlanMilestone,
    PlanPhase,
    PlanSection,
    Signature,
    Task,
)
from safecli.plan.timeline import finding_dues, plan_rectifications
from safecli.plan.wording import Wording, organization, responsibilities, text_of
from safecli.score.gaps import (
    Gap,
    Rectification,
    gap_values,
    point_gaps,
    rectifications,
)
from safecli.score.reasons import applies
from safecli.score.results import Assessment


def plan_year(standard: Standard, start: dt.date) -> int:
    """The year of `start`, or the next one when the first calendar step would precede `start`.

    Steps the plan itself completes (`with_plan`) are not counted: they are done on its date.
    """
    for phase in standard.phases:
        anchor = phase.start or phase.end
        if anchor is not None and not phase.with_plan:
            return start.year + (1 if month_day(anchor, start.year) < start else 0)
    return start.year


def planned_phases(standard: Standard, aim: str | None = None) -> list[Phase]:
    """The standard's steps a unit aiming at `aim` plans: a step for a level (省级) only when
    the unit aims at it."""
    return [p for p in standard.phases if p.aim is None or p.aim == aim]


def date_phases(
    standard: Standard,
    start: dt.date,
    *,
    signed: dt.date | None = None,
    aim: str | None = None,
) -> list[PlanPhase]:
    """Every phase with its first and last day (see the module's rules).

    `signed` is the plan's date (its 落款; `start` when None): a step the plan itself completes
    (`with_plan`) is shown done on it. A step `after` another ends on the first of its calendar
    deadlines past that step's end.
    """
    signed = signed or start
    year = plan_year(standard, start)
    out: list[PlanPhase] = []
    ends: dict[str, dt.date] = {}
    latest: dt.date | None = None
    for phase in planned_phases(standard, aim):
        if phase.with_plan:
            out.append(
                PlanPhase(
                    id=phase.id,
                    title=phase.title,
                    text=phase.text,
                    owner=phase.owner,
                    start=signed,
                    end=signed,
                    done=True,
                )
            )
            continue
        first, last, deadline_only = _phase_dates(phase, start, year, latest)
        if phase.after is not None and phase.after in ends and phase.end is not None:
            before = ends[phase.after]
            last = month_day(phase.end, before.year)
            if last <= before:
                last = month_day(phase.end, before.year + 1)
            if deadline_only:
                first = before + dt.timedelta(days=1)
        ends[phase.id] = last
        # a deadline-only step's cadence covers the plan up to its deadline (年终总结 that
        # publishes every quarter publishes from the start of the year)
        window = start if deadline_only else first
        milestones = (
            [
                PlanMilestone(date=day, text=phase.repeat_text or phase.title)
                for day in period_ends(phase.repeat, window, last)
            ]
            if phase.repeat is not None
            else []
        )
        out.append(
            PlanPhase(
                id=phase.id,
                title=phase.title,
                text=phase.text,
                owner=phase.owner,
                start=first,
                end=last,
                deadline_only=deadline_only,
                milestones=milestones,
            )
        )
        latest = last if latest is None else max(latest, last)
    return out


def _phase_dates(
    phase: Phase, start: dt.date, year: int, latest: dt.date | None
) -> tuple[dt.date, dt.date, bool]:
    if phase.start_month is not None and phase.months is not None:
        first = add_months(start, phase.start_month)
        last = add_months(start, phase.start_month + phase.months) - dt.timedelta(days=1)
        return first, last, False
    assert phase.end is not None  # the model requires an end for a calendar phase
    last = month_day(phase.end, year)
    if phase.start is not None:
        return month_day(phase.start, year), last, False
    first = start if latest is None else latest + dt.timedelta(days=1)
    return min(first, last), last, True


def work_phase(phases: list[PlanPhase]) -> PlanPhase | None:
    """The longest phase (the earlier on a tie): where the plan's work is done."""
    best: PlanPhase | None = None
    for phase in phases:
        if best is None or (phase.end - phase.start) > (best.end - best.start):
            best = phase
    return best


def item_deadline(
    item: Item, start: dt.date, year: int, default: PlanPhase | None, plan_end: dt.date
) -> tuple[dt.date, str]:
    """When `item` is due, and the rule that says so."""
    if item.deadline is not None and item.deadline.startswith("+"):
        months = int(item.deadline[1:-1])
        return add_months(start, months) - dt.timedelta(days=1), item.deadline
    if item.deadline is not None:
        day = month_day(item.deadline, year)
        if day < start:
            day = month_day(item.deadline, year + 1)
        return day, item.deadline
    if default is not None:
        return default.end, f"phase:{default.id}"
    return plan_end, "plan-end"


PER_WORDS = {
    Period.day: ("日", "day"),
    Period.week: ("周", "week"),
    Period.month: ("月", "month"),
    Period.quarter: ("季度", "quarter"),
    Period.half_year: ("半年", "half-year"),
    Period.year: ("年", "year"),
}


def target_text(standard: Standard, item: Item) -> Text | None:
    """A measure's target in words: 安全检查次数 ≥ 40次/年 (safety inspections >= 40 times / year)."""
    if item.kind is not ItemKind.measure or item.op is None or item.metric is None:
        return None
    target = f"{item.target:g}" if isinstance(item.target, float) else str(item.target)
    label = standard.metric_label(item.metric)
    per_zh, per_en = PER_WORDS[item.per] if item.per else ("", "")
    unit_zh = item.unit.zh if item.unit else ""
    unit_en = f" {item.unit.get('en')}" if item.unit else ""
    return Text.model_construct(
        zh=f"{label.zh} {item.op.sign} {target}{unit_zh}" + (f"/{per_zh}" if per_zh else ""),
        en=f"{label.get('en')} {item.op.sign} {target}{unit_en}"
        + (f" / {per_en}" if per_en else ""),
    )


def duties(standard: Standard, subject: Subject, start: dt.date, end: dt.date) -> list[Duty]:
    """The recurring duties of the items that apply to `subject`, dated inside start..end."""
    out: list[Duty] = []
    for item in standard.items():
        if item.frequency is None or applies(item, subject) is not None:
            continue
        dates = period_ends(item.frequency.per, start, end)
        times = item.frequency.times
        count = len(dates) * times
        out.append(
            Duty(
                item=item.id,
                text=item.text,
                owner=item.owner,
                frequency=item.frequency,
                first_due=dates[0] if dates else None,
                periods=len(dates),
                count=int(count) if float(count).is_integer() else count,
                dates=dates,
            )
        )
    return out


def checkpoints(start: dt.date, work: PlanPhase | None, end: dt.date) -> list[dt.date]:
    """The dates gaps are spread over: quarter ends in the work phase, and its end."""
    last = work.end if work is not None else end
    first = start + dt.timedelta(days=28)  # nothing is due in less than four weeks
    days = period_ends(Period.quarter, first, last)
    if len(days) < 2:
        days = period_ends(Period.month, first, last)
    if not days or days[-1] != last:
        days.append(last)
    return days


def spread(count: int, days: list[dt.date]) -> list[dt.date]:
    """`count` deadlines over `days`, the first (most valuable) gaps earliest, evenly."""
    if not days:
        return []
    return [days[min(len(days) - 1, i * len(days) // count)] for i in range(count)]


def _fix_owner(words: Wording, standard: Standard, fix: Rectification, lang: str) -> str | None:
    """Who rectifies `fix` in the unit's words: a finding's owner as written, an item's owner
    as the plan names it in `lang`."""
    if fix.source == "item" and fix.item is not None:
        owner = words.owner(standard.item_map()[fix.item].owner)
    else:
        owner = words.owner(Text(zh=fix.owner)) if fix.owner else None
    return owner.get(lang) if owner is not None else None


def _phase_of(day: dt.date, phases: list[PlanPhase]) -> Text | None:
    for phase in phases:
        if phase.start <= day <= phase.end and not phase.deadline_only:
            return phase.title
    return None


def build_plan(
    standard: Standard,
    subject: Subject,
    assessment: Assessment | None,
    start: dt.date | None,
    *,
    record: Record | None = None,
    profile: Profile | None = None,
    lang: str = "zh",
) -> Plan:
    """The 实施方案 of `subject` under `standard`, dated from `start`. Pure.

    With an `assessment`, the items that lost points come first in 五 as dated tasks with what
    closing each is worth; pass the assessed `record` too so the worth includes the total and
    grade reached (see `safecli.score.gaps.gap_values`); without it only the points are given. With a
    `profile` the plan names the unit's leading group, office and departments; without one it
    uses neutral wording. A 判定 pack's plan is a 重大事故隐患排查整治工作方案
    (`safecli.plan.determination`); `start` None dates it from the record's inspection.
    Clauses are labelled, and the 整改清单 worded, in `lang`.
    """
    if start is None:  # a 判定 record's 整治 starts from its inspection; any other needs --start
        if standard.kind != "determination" or assessment is None:
            raise UsageError(problem("--start", code="plan-needs-start", hint="hint-add-start"))
        start = assessment.inspection_date
    standard = with_neutral_plan(standard)  # an imported table's standard has no plan text
    words = Wording(standard, profile)
    numbers = document_numbers(standard, lang)
    # one timeline: the plan's date (its 落款) is the reference; nothing is planned before it
    signed = profile.prepared_on if profile is not None and profile.prepared_on else start
    start = max(start, signed)
    aim = profile.aim if profile is not None else None
    phases = [words.phase(p) for p in date_phases(standard, start, signed=signed, aim=aim)]
    year = plan_year(standard, start)
    end = max((p.end for p in phases), default=add_months(start, 12) - dt.timedelta(days=1))
    # the work is done in the standard's own steps, not in one for a level only some aim at
    aimed = {p.id for p in standard.phases if p.aim is not None}
    default = work_phase([p for p in phases if p.id not in aimed])
    sections: list[PlanSection] = []
    checklist: list[PlanItem] = []
    entries: dict[str, PlanItem] = {}
    total_points = 0.0
    for section in standard.sections:
        items: list[PlanItem] = []
        for item in section.items:
            deadline, rule = item_deadline(item, start, year, default, end)
            applicable = applies(item, subject) is None
            entry = PlanItem(
                id=item.id,
                no=numbers[item.id],
                section=section.id,
                text=words.item_text(item),
                points=item.points,
                kind=item.kind,
                owner=words.item_owner(item),
                evidence=words.evidence(item, lang),
                deadline=deadline,
                deadline_rule=rule,
                target=target_text(standard, item),
                veto=item.veto,
                applicable=applicable,
            )
            items.append(entry)
            entries[item.id] = entry
            if applicable:
                checklist.append(entry)
                total_points += item.points
        sections.append(PlanSection(id=section.id, title=section.title, items=items))

    gaps: list[Gap] = []
    tasks: list[Task] = []
    unanswered: list[PlanItem] = []
    fixes: list[Rectification] = []
    judging = standard.kind == "determination"  # hazards to rectify, not points to gain
    if assessment is not None and not judging:
        gaps = (
            gap_values(standard, record, assessment)
            if record is not None
            else point_gaps(standard, assessment)
        )
        unanswered = [entries[i] for i in assessment.unanswered]
        answered = [g for g in gaps if g.status != "unanswered"]
        tasks = _tasks(standard, answered, entries, phases, start, default, end)
        if record is not None:
            dues = finding_dues(record, signed)
            tasks = [
                k.model_copy(
                    update={
                        "deadline": dues[k.item].deadline,
                        "overdue": dues[k.item].overdue,
                        "finding_due": dues[k.item].due,
                        "phase": _phase_of(dues[k.item].deadline, phases),
                    }
                )
                if k.item in dues
                else k
                for k in tasks
            ]
            due = {k.item: k.deadline for k in tasks}
            fixes = plan_rectifications(
                [
                    r.model_copy(update={"owner": _fix_owner(words, standard, r, lang)})
                    for r in rectifications(standard, record, assessment, lang, numbers=numbers)
                ],
                due,
                signed,
            )
        # one deadline per item: the task's (its finding's) wherever the item is listed
        for task in tasks:
            entries[task.item] = entries[task.item].model_copy(
                update={"deadline": task.deadline, "deadline_rule": "task", "overdue": task.overdue}
            )
    sections = [s.model_copy(update={"items": [entries[i.id] for i in s.items]}) for s in sections]
    checklist = [entries[i.id] for i in checklist]
    text = standard.plan
    goals = (
        [text_of(g) for g in profile.goals]
        if profile is not None and profile.goals
        else (text.goals if text else [g.text for g in standard.goals])
    )
    principles = (
        text_of(profile.principles)
        if profile is not None and profile.principles
        else (text.principles if text else standard.principles or text_of(""))
    )
    unit = profile.name if profile is not None else subject.name
    title = text.title if text and text.title else standard.title
    area = (
        area_of(unit, profile.short_name if profile is not None else None)
        if subject.kind.value == "district"
        else None
    )
    organized = organization(words)
    if area is not None:  # 昆明市某区2026年安全生产工作方案, led by its 区安委会
        unit = area.name
        title = text_of(
            title.zh.replace("年度", f"{year}年", 1)
            if "年度" in title.zh
            else f"{year}年{title.zh}",
            title.get("en").replace("Annual", str(year), 1),
        )
        organized = organized.model_copy(
            update={
                "group": text_of(local(organized.group.zh, area), organized.group.get("en")),
                "office_duties": text_of(
                    local(organized.office_duties.zh, area), organized.office_duties.get("en")
                ),
            }
        )
    plan = Plan(
        standard=standard.ref,
        title=title,
        work=text_of(
            _strip_suffix(title.zh, ("实施方案", "方案")) or title.zh,
            _strip_suffix(title.get("en"), ("Implementation plan for ", "plan")),
        ),
        subject=subject,
        unit=unit,
        has_profile=profile is not None,
        start=start,
        end=end,
        plan_year=year,
        principles=principles,
        goals=goals,
        organization=organized,
        responsibilities=responsibilities(words, area),
        supervised=responsibilities(words, area, supervised=True) if area else [],
        government=area is not None,
        level=area.level if area else "",
        authority=[
            Responsibility(body=d.body, duties=d.duties) for d in (text.authority if text else [])
        ],
        grades=standard.grades,
        grade_requires={g.id: [numbers[r] for r in g.requires] for g in standard.grades},
        grade_acceptance={
            g.id: [
                text_of(
                    f"外部验收：{a.text.zh.rstrip('。')}", f"outside acceptance: {a.text.get('en')}"
                )
                for a in g.attestations
            ]
            for g in standard.grades
        },
        vetoes=[(text.vetoes.get(v.id) if text else None) or v.text for v in standard.vetoes],
        veto_items=[numbers[i.id] for i in standard.items() if i.veto],
        scoring_note=standard.scoring_note,
        total_points=total_points,
        work_phase=default.id if default else None,
        assess_by=next((p.end for p in phases if not p.done), end),
        gaps=gaps,
        tasks=tasks,
        unanswered=unanswered,
        assessment_total=assessment.total
        if assessment and assessment.scorable and not judging
        else None,
        assessment_grade=assessment.grade.label if assessment and not judging else None,
        assessment_date=assessment.inspection_date if assessment else None,
        sections=sections,
        phases=phases,
        safeguards=text.safeguards if text else [],
        rewards=text.rewards if text else [r.text for r in standard.rewards],
        penalties=text.penalties if text else [p.text for p in standard.penalties],
        signature=Signature(
            unit=(profile.prepared_by or profile.name) if profile is not None else subject.name,
            date=signed,
        ),
        rectifications=fixes,
        duties=[
            d.model_copy(
                update={
                    "no": numbers[d.item],
                    "owner": words.owner(d.owner),
                    "text": words.item_text(standard.item_map()[d.item]),
                }
            )
            for d in duties(standard, subject, start, end)
        ],
        checklist=checklist,
    )
    if judging:  # a 重大事故隐患排查整治工作方案 (plan/determination.py)
        return rectification_plan(plan, standard, assessment, record, profile, words, lang)
    return plan


def _strip_suffix(text: str, ends: tuple[str, ...]) -> str:
    for end in ends:
        if text.endswith(end):
            return text[: -len(end)].strip()
        if text.startswith(end):
            return text[len(end) :].strip()
    return text


def _tasks(
    standard: Standard,
    gaps: list[Gap],
    entries: dict[str, PlanItem],
    phases: list[PlanPhase],
    start: dt.date,
    work: PlanPhase | None,
    end: dt.date,
) -> list[Task]:
    """The gaps as dated tasks: the most valuable first and earliest, spread over the work."""
    grades = {g.id: g.label for g in standard.grades}
    text = standard.plan
    vetoes = {v.id: (text.vetoes.get(v.id) if text else None) or v.text for v in standard.vetoes}
    due = spread(len(gaps), checkpoints(start, work, end))
    out: list[Task] = []
    for gap, day in zip(gaps, due, strict=True):
        entry = entries[gap.item]
        # an item's own deadline holds when it comes first
        if entry.deadline_rule != f"phase:{work.id if work else ''}" and entry.deadline < day:
            day = entry.deadline
        out.append(
            Task(
                item=gap.item,
                no=entry.no,
                text=entry.text,
                status=gap.status,
                owner=entry.owner,
                deadline=day,
                phase=_phase_of(day, phases),
                earned=gap.earned,
                points=gap.points,
                gain=gap.gain,
                total_after=gap.total_after,
                grade_after=grades.get(gap.grade_after.id) if gap.grade_after else None,
                lifts=[
                    vetoes.get(r)
                    or text_of(f"{entries[r[5:]].no}（否决项）", f"veto item {entries[r[5:]].no}")
                    if r.startswith("item:")
                    else vetoes.get(r, text_of(r))
                    for r in gap.lifts
                ],
            )
        )
    return out
