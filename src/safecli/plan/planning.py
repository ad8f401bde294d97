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

from safecli.model.models import (
    Frequency,
    Grade,
    Item,
    ItemKind,
    Model,
    Period,
    Person,
    Phase,
    PlanText,
    Profile,
    Record,
    Responsibility,
    Standard,
    Subject,
    Text,
)
from safecli.model.numbering import document_numbers
from safecli.model.wording import item_words
from safecli.plan.government import Area, area_of, local
from safecli.plan.timeline import finding_dues, plan_rectifications
from safecli.score.gaps import (
    Gap,
    Rectification,
    gap_values,
    point_gaps,
    rectifications,
    unit_owner,
)
from safecli.score.scoring import Assessment, applies

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
    done: bool = False
    """Completed by issuing this plan (制定实施方案): dated on the plan's date."""
    milestones: list[PlanMilestone] = Field(default_factory=list)
    """Its recurring milestones."""


class PlanItem(Model):
    """One item of 五、具体内容/工作措施 with who does it, what proves it, and when."""

    id: str
    """The item id."""
    no: str = ""
    """Its number on paper (五、13)."""
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
    target: Text | None = None
    """A measure's target in words, e.g. 安全检查次数 ≥ 40次/年."""
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
    no: str = ""
    """The item's number on paper."""
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


class Organization(Model):
    """三、组织领导: the leading group and its office (names from the profile, or none)."""

    group: Text
    """The leading group's name."""
    leader: Person | None = None
    """组长 (None: the plan says the principal leads it)."""
    deputies: list[Person] = Field(default_factory=list)
    """副组长."""
    members: list[Person] = Field(default_factory=list)
    """成员."""
    office_in: str | None = None
    """The department the office sits in (None: the plan names no department)."""
    director: Person | None = None
    """办公室主任."""
    contact: Person | None = None
    """联系人."""
    office_duties: Text
    """What the office does."""


class DutyRow(Model):
    """四、职责分工: one body of the unit (a profile's department where one stands for it)."""

    body: Text
    """The body, as the unit names it."""
    takes: list[str] = Field(default_factory=list)
    """The standard's bodies this department stands for, when a profile maps them."""
    duties: list[Text]
    """Its duties."""


class Task(Model):
    """五、主要任务: a gap to close, with who closes it, by when, and what it is worth."""

    item: str
    """The item id."""
    no: str
    """The item's number on paper (五、13)."""
    text: Text
    """The requirement."""
    status: str
    """Its state now (partial, unmet, unanswered)."""
    owner: Text | None = None
    """Who closes it (the unit's department when a profile maps it)."""
    deadline: dt.date
    """When it is due."""
    phase: Text | None = None
    """The phase it falls in."""
    earned: float
    """Points it earns now."""
    points: float
    """Its points."""
    gain: float
    """Points gained by closing it."""
    total_after: float | None = None
    """The total once it is closed."""
    grade_after: Text | None = None
    """The grade once it is closed."""
    lifts: list[Text] = Field(default_factory=list)
    """Veto rules it lifts."""
    overdue: bool = False
    """An open finding on the item was already past its deadline on the plan's date: the task
    is due at once (立即整改), dated on the plan's date."""
    finding_due: dt.date | None = None
    """The open finding's own deadline, when one sets the task's."""


class Signature(Model):
    """The 落款: who issues the plan and when."""

    unit: str
    """编制单位."""
    date: dt.date
    """The plan's date."""


class Plan(Model):
    """The 实施方案 of one unit under one standard, dated from `start`."""

    standard: str
    """`ID@VERSION`."""
    title: Text
    """The plan's title (without the unit's name)."""
    work: Text
    """The work the plan is for (its title without 实施方案), for the opening sentence."""
    subject: Subject
    """The unit."""
    unit: str
    """The unit's name as the plan prints it (the profile's 全称, else the record's)."""
    has_profile: bool = False
    """True when a unit profile filled in the names."""
    start: dt.date
    """The plan's start."""
    end: dt.date
    """The plan's last day (the last phase's end)."""
    plan_year: int
    """The year calendar dates (`MM-DD`) are placed in."""
    principles: Text
    """一、指导思想."""
    goals: list[Text]
    """二、工作目标."""
    organization: Organization
    """三、组织领导."""
    responsibilities: list[DutyRow]
    """四、职责分工: the unit's own bodies."""
    supervised: list[DutyRow] = Field(default_factory=list)
    """四、职责分工 of a government plan: what it requires of those it supervises."""
    government: bool = False
    """A district's, county's, town's or sub-district's plan: a government document."""
    level: str = ""
    """A government plan's level word (区, 县, 镇, 街道), for 本区, 区安委会 …"""
    authority: list[Responsibility]
    """四、职责分工: the authorities' duties (theirs, not the unit's)."""
    grades: list[Grade]
    """五、创建标准: the grades."""
    grade_requires: dict[str, list[str]]
    """Each grade's required items, as paper numbers."""
    grade_acceptance: dict[str, list[Text]] = Field(default_factory=dict)
    """Each grade's outside acceptance (验收) the record must state, as a condition."""
    vetoes: list[Text]
    """五、创建标准: the 否决 rules as the plan states them."""
    veto_items: list[str]
    """否决项 items, as paper numbers."""
    scoring_note: Text
    """How the points were assigned."""
    total_points: float
    """Points of the items that apply to the unit."""
    work_phase: str | None
    """The phase whose end dates items without a deadline."""
    assess_by: dt.date | None = None
    """The end of the first step still to do: unanswered items are assessed by then."""
    gaps: list[Gap]
    """With an assessment: the items that lost points, biggest gain first."""
    tasks: list[Task] = Field(default_factory=list)
    """With an assessment: the gaps as dated tasks, biggest gain first."""
    unanswered: list[PlanItem] = Field(default_factory=list)
    """With an assessment: the items the record left unanswered (未作答), to be assessed."""
    assessment_total: float | None = None
    """With an assessment: its total."""
    assessment_grade: Text | None = None
    """With an assessment: its grade."""
    assessment_date: dt.date | None = None
    """With an assessment: the inspection date."""
    sections: list[PlanSection]
    """五、创建标准与主要任务: every item by part."""
    phases: list[PlanPhase]
    """六、实施步骤."""
    safeguards: list[Text]
    """七、保障措施."""
    rewards: list[Text]
    """八、考核奖惩: rewards."""
    penalties: list[Text]
    """八、考核奖惩: penalties."""
    signature: Signature
    """The 落款."""
    rectifications: list[Rectification] = Field(default_factory=list)
    """附件1 整改清单 (with a record)."""
    duties: list[Duty]
    """The recurring duties (an annex)."""
    checklist: list[PlanItem]
    """附件 自查表 — every applicable item, to be filled in."""


# ---------------------------------------------------------------- building


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


OP_WORDS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
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
        zh=f"{label.zh} {OP_WORDS[item.op.value]} {target}{unit_zh}"
        + (f"/{per_zh}" if per_zh else ""),
        en=f"{label.get('en')} {item.op.value} {target}{unit_en}"
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


# ---------------------------------------------------------------- the unit's words


class Wording:
    """The unit's words for the standard's: plan text, owners mapped to the unit's departments."""

    def __init__(self, standard: Standard, profile: Profile | None) -> None:
        self.standard = standard
        self.text: PlanText | None = standard.plan
        self.profile = profile

    def owner(self, owner: Text | None) -> Text | None:
        """The unit's name for an owner of the standard (see `gaps.unit_owner`)."""
        if owner is None:
            return None
        name = unit_owner(self.standard, self.profile, owner.zh)
        if name == owner.zh:
            return owner
        mapped = self.profile is not None and self.profile.department_for(name) == name
        return Text.model_construct(zh=name, en=name if mapped else owner.get("en"))

    def item_text(self, item: Item) -> Text:
        return item_words(self.standard, item)

    def item_owner(self, item: Item) -> Text | None:
        found = self.text.items.get(item.id) if self.text else None
        if found is not None and found.owner is not None:
            return self.owner(found.owner)
        return self.owner(item.owner)

    def phase(self, phase: PlanPhase) -> PlanPhase:
        found = self.text.phases.get(phase.id) if self.text else None
        update: dict[str, object] = {}
        if found is not None:
            update = {k: v for k, v in found if v is not None}
        owner = update.get("owner", phase.owner)
        update["owner"] = self.owner(owner if isinstance(owner, Text) else None)
        return phase.model_copy(update=update)


def _t(zh: str, en: str | None = None) -> Text:
    return Text.model_construct(zh=zh, en=en or zh)


NEUTRAL_GROUP = _t("创建工作领导小组", "Creation leading group")
NEUTRAL_OFFICE = _t(
    "负责创建工作的日常组织、协调、督促和检查，收集整理创建资料，向领导小组报告工作进展。",
    "Runs the work day to day, keeps the records and reports to the leading group.",
)


def organization(words: Wording) -> Organization:
    """三、组织领导 from the profile; neutral (no names) without one."""
    text, profile = words.text, words.profile
    group = text.group if text else NEUTRAL_GROUP
    office_duties = text.office_duties if text else NEUTRAL_OFFICE
    if profile is None:
        return Organization(group=group, office_duties=office_duties)
    lg = profile.leading_group
    if lg is not None and lg.name:
        group = _t(lg.name)
    office = profile.office
    return Organization(
        group=group,
        leader=lg.leader if lg else profile.principal,
        deputies=lg.deputies if lg else [],
        members=lg.members if lg else [],
        office_in=office.located_in if office else None,
        director=office.director if office else None,
        contact=office.contact if office else None,
        office_duties=office_duties,
    )


def responsibilities(
    words: Wording, area: Area | None = None, *, supervised: bool = False
) -> list[DutyRow]:
    """四、职责分工: the plan's bodies, merged where one of the unit's departments takes several.

    In a government plan (`area`), the bodies it supervises (`supervised`) are listed apart.
    """
    text = words.text
    if text is None:
        if supervised:
            return []
        return [DutyRow(body=r.body, duties=[r.duties]) for r in words.standard.responsibilities]
    rows: dict[str, DutyRow] = {}
    for duty in text.duties:
        if area is not None and duty.supervised != supervised:
            continue
        if area is not None:
            duty = duty.model_copy(
                update={"body": _t(local(duty.body.zh, area), duty.body.get("en"))}
            )
        dept = (
            words.profile.department_for(duty.body.zh, *duty.owners)
            if words.profile is not None
            else None
        )
        key = dept or duty.body.zh
        if key in rows:
            row = rows[key]
            rows[key] = row.model_copy(
                update={"duties": [*row.duties, duty.duties], "takes": [*row.takes, duty.body.zh]}
            )
        else:
            rows[key] = DutyRow(
                body=_t(dept) if dept else duty.body,
                takes=[duty.body.zh] if dept and dept != duty.body.zh else [],
                duties=[duty.duties],
            )
    return list(rows.values())


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


def _phase_of(day: dt.date, phases: list[PlanPhase]) -> Text | None:
    for phase in phases:
        if phase.start <= day <= phase.end and not phase.deadline_only:
            return phase.title
    return None


def build_plan(
    standard: Standard,
    subject: Subject,
    assessment: Assessment | None,
    start: dt.date,
    *,
    record: Record | None = None,
    profile: Profile | None = None,
) -> Plan:
    """The 实施方案 of `subject` under `standard`, dated from `start`. Pure.

    With an `assessment`, the items that lost points come first in 五 as dated tasks with what
    closing each is worth; pass the assessed `record` too so the worth includes the total and
    grade reached (see `safecli.score.gaps.gap_values`); without it only the points are given. With a
    `profile` the plan names the unit's leading group, office and departments; without one it
    uses neutral wording.
    """
    words = Wording(standard, profile)
    numbers = document_numbers(standard)
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
                evidence=item.evidence,
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
    if assessment is not None:
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
                    r.model_copy(
                        update={"owner": words.owner(Text(zh=r.owner)).zh if r.owner else None}
                    )
                    for r in rectifications(standard, record, assessment, numbers=numbers)
                ],
                due,
                signed,
            )
        # one deadline per item: the task's (its finding's) wherever the item is listed
        for task in tasks:
            entries[task.item] = entries[task.item].model_copy(
                update={"deadline": task.deadline, "deadline_rule": "task"}
            )
    sections = [s.model_copy(update={"items": [entries[i.id] for i in s.items]}) for s in sections]
    checklist = [entries[i.id] for i in checklist]
    text = standard.plan
    goals = (
        [_t(g) for g in profile.goals]
        if profile is not None and profile.goals
        else (text.goals if text else [g.text for g in standard.goals])
    )
    principles = (
        _t(profile.principles)
        if profile is not None and profile.principles
        else (text.principles if text else standard.principles or _t(""))
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
        title = _t(
            title.zh.replace("年度", f"{year}年", 1)
            if "年度" in title.zh
            else f"{year}年{title.zh}",
            title.get("en").replace("Annual", str(year), 1),
        )
        organized = organized.model_copy(
            update={"group": _t(local(organized.group.zh, area), organized.group.get("en"))}
        )
    return Plan(
        standard=standard.ref,
        title=title,
        work=_t(
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
                _t(f"外部验收：{a.text.zh.rstrip('。')}", f"outside acceptance: {a.text.get('en')}")
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
        assessment_total=assessment.total if assessment else None,
        assessment_grade=assessment.grade.label if assessment else None,
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
                    or _t(f"{entries[r[5:]].no}（否决项）", f"veto item {entries[r[5:]].no}")
                    if r.startswith("item:")
                    else vetoes.get(r, _t(r))
                    for r in gap.lifts
                ],
            )
        )
    return out
