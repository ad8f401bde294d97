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
  the plan period (`start` to the last phase's end, or one year when the standard has no phases).
"""

from __future__ import annotations

import calendar
import datetime as dt

from pydantic import Field

from safecli.gaps import Gap, gap_values, point_gaps
from safecli.models import (
    Frequency,
    Goal,
    Grade,
    Item,
    ItemKind,
    Model,
    Period,
    Phase,
    Record,
    Responsibility,
    Standard,
    Subject,
    Text,
    Veto,
)
from safecli.scoring import Assessment, applies

# ---------------------------------------------------------------- calendar arithmetic


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_day(value: str, year: int) -> dt.date:
    """`MM-DD` in `year` (02-29 becomes 02-28 in a common year)."""
    month, day = int(value[:2]), int(value[3:])
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


PERIOD_MONTHS = {Period.month: 1, Period.quarter: 3, Period.half_year: 6, Period.year: 12}


def period_ends(period: Period, first: dt.date, last: dt.date) -> list[dt.date]:
    """The calendar ends of `period` between `first` and `last`, both included.

    Days end every day, weeks on Friday (the last working day), months on their last day,
    quarters on 03-31, 06-30, 09-30, 12-31, half-years on 06-30 and 12-31, years on 12-31.
    """
    out: list[dt.date] = []
    if last < first:
        return out
    if period is Period.day:
        return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    if period is Period.week:
        day = first + dt.timedelta(days=(4 - first.weekday()) % 7)
        while day <= last:
            out.append(day)
            day += dt.timedelta(days=7)
        return out
    step = PERIOD_MONTHS[period]
    year, month = first.year, first.month
    while True:
        end = _month_end(year, month)
        if end > last:
            return out
        if month % step == 0 and end >= first:
            out.append(end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


# ---------------------------------------------------------------- the plan's shape


class PlanMilestone(Model):
    """A recurring milestone inside a phase (e.g. a quarterly assessment)."""

    date: dt.date
    """When it falls."""
    text: Text
    """What it is."""


class PlanPhase(Model):
    """A phase with its dates."""

    id: str
    """The phase id."""
    title: Text
    """The phase's name."""
    text: Text | None = None
    """What is done in it."""
    owner: Text | None = None
    """Who leads it."""
    start: dt.date
    """First day."""
    end: dt.date
    """Last day (the deadline)."""
    deadline_only: bool = False
    """True when the standard gives only a deadline (…前完成) and `start` is derived."""
    milestones: list[PlanMilestone] = Field(default_factory=list)
    """Its recurring milestones."""


class PlanItem(Model):
    """One item of 五、具体内容/工作措施 with who does it, what proves it, and when."""

    id: str
    """The item id."""
    section: str
    """The section id."""
    text: Text
    """The requirement."""
    points: float
    """Its points."""
    kind: ItemKind
    """check or measure."""
    owner: Text | None = None
    """Who is responsible."""
    evidence: list[str] = Field(default_factory=list)
    """What proves it."""
    deadline: dt.date
    """When it is due."""
    deadline_rule: str
    """How the deadline was found: `MM-DD`, `+Nm`, or `phase:ID`."""
    target: str | None = None
    """A measure's target, e.g. `safety_inspections >= 40 / year`."""
    veto: bool = False
    """A 否决项."""
    applicable: bool = True
    """False when the item does not apply to the subject (it is listed, marked 不适用)."""


class PlanSection(Model):
    """A section with its dated items."""

    id: str
    """The section id."""
    title: Text
    """Its heading."""
    items: list[PlanItem]
    """Its items."""


class Duty(Model):
    """A recurring duty (weekly inspections, monthly meetings, …) and its dates in the plan."""

    item: str
    """The item that asks for it."""
    text: Text
    """The requirement."""
    owner: Text | None = None
    """Who does it."""
    frequency: Frequency
    """How often."""
    first_due: dt.date | None
    """The first period end inside the plan period (None when none falls inside)."""
    periods: int
    """How many periods end inside the plan period."""
    count: int
    """How many times it is done in the plan period (periods × times)."""
    dates: list[dt.date]
    """Every period end inside the plan period."""


class Plan(Model):
    """The 实施方案 of one unit under one standard, dated from `start`."""

    standard: str
    """`ID@VERSION`."""
    title: Text
    """The standard's title."""
    subject: Subject
    """The unit."""
    start: dt.date
    """The plan's start."""
    end: dt.date
    """The plan's last day (the last phase's end)."""
    plan_year: int
    """The year calendar dates (`MM-DD`) are placed in."""
    principles: Text | None
    """一、指导思想."""
    responsibilities: list[Responsibility]
    """二、职责分工."""
    goals: list[Goal]
    """三、创建目标."""
    grades: list[Grade]
    """四、创建标准: the grades."""
    vetoes: list[Veto]
    """四、创建标准: the 否决 rules."""
    veto_items: list[str]
    """Ids of 否决项 items."""
    scoring_note: Text
    """How the points were assigned."""
    total_points: float
    """Points of the items that apply to the unit."""
    work_phase: str | None
    """The phase whose end dates items without a deadline."""
    gaps: list[Gap]
    """With an assessment: the items that lost points, biggest gain first."""
    assessment_total: float | None = None
    """With an assessment: its total."""
    assessment_grade: Text | None = None
    """With an assessment: its grade."""
    assessment_date: dt.date | None = None
    """With an assessment: the inspection date."""
    sections: list[PlanSection]
    """五、具体内容/工作措施."""
    phases: list[PlanPhase]
    """六、方法步骤."""
    duties: list[Duty]
    """The recurring duties."""
    checklist: list[PlanItem]
    """附件：自查表 — every applicable item, to be filled in."""


# ---------------------------------------------------------------- building


def plan_year(standard: Standard, start: dt.date) -> int:
    """The year of `start`, or the next one when the first calendar step would precede `start`."""
    for phase in standard.phases:
        anchor = phase.start or phase.end
        if anchor is not None:
            return start.year + (1 if month_day(anchor, start.year) < start else 0)
    return start.year


def date_phases(standard: Standard, start: dt.date) -> list[PlanPhase]:
    """Every phase with its first and last day (see the module's rules)."""
    year = plan_year(standard, start)
    out: list[PlanPhase] = []
    latest: dt.date | None = None
    for phase in standard.phases:
        first, last, deadline_only = _phase_dates(phase, start, year, latest)
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


def _target(item: Item) -> str | None:
    if item.kind is not ItemKind.measure or item.op is None:
        return None
    target = f"{item.target:g}" if isinstance(item.target, float) else str(item.target)
    unit = f" {item.unit.zh}" if item.unit else ""
    per = f" / {item.per.value}" if item.per else ""
    return f"{item.metric} {item.op.value} {target}{unit}{per}"


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


def build_plan(
    standard: Standard,
    subject: Subject,
    assessment: Assessment | None,
    start: dt.date,
    *,
    record: Record | None = None,
) -> Plan:
    """The 实施方案 of `subject` under `standard`, dated from `start`. Pure.

    With an `assessment`, the items that lost points come first in 五 with what fixing each is
    worth; pass the assessed `record` too so the worth includes the total and grade reached
    (see `safecli.gaps.gap_values`); without it only the points are given.
    """
    phases = date_phases(standard, start)
    year = plan_year(standard, start)
    end = max((p.end for p in phases), default=add_months(start, 12) - dt.timedelta(days=1))
    default = work_phase(phases)
    sections: list[PlanSection] = []
    checklist: list[PlanItem] = []
    total_points = 0.0
    for section in standard.sections:
        items: list[PlanItem] = []
        for item in section.items:
            deadline, rule = item_deadline(item, start, year, default, end)
            applicable = applies(item, subject) is None
            entry = PlanItem(
                id=item.id,
                section=section.id,
                text=item.text,
                points=item.points,
                kind=item.kind,
                owner=item.owner,
                evidence=item.evidence,
                deadline=deadline,
                deadline_rule=rule,
                target=_target(item),
                veto=item.veto,
                applicable=applicable,
            )
            items.append(entry)
            if applicable:
                checklist.append(entry)
                total_points += item.points
        sections.append(PlanSection(id=section.id, title=section.title, items=items))

    gaps: list[Gap] = []
    if assessment is not None:
        gaps = (
            gap_values(standard, record, assessment)
            if record is not None
            else point_gaps(standard, assessment)
        )
    return Plan(
        standard=standard.ref,
        title=standard.title,
        subject=subject,
        start=start,
        end=end,
        plan_year=year,
        principles=standard.principles,
        responsibilities=standard.responsibilities,
        goals=standard.goals,
        grades=standard.grades,
        vetoes=standard.vetoes,
        veto_items=[i.id for i in standard.items() if i.veto],
        scoring_note=standard.scoring_note,
        total_points=total_points,
        work_phase=default.id if default else None,
        gaps=gaps,
        assessment_total=assessment.total if assessment else None,
        assessment_grade=assessment.grade.label if assessment else None,
        assessment_date=assessment.inspection_date if assessment else None,
        sections=sections,
        phases=phases,
        duties=duties(standard, subject, start, end),
        checklist=checklist,
    )
