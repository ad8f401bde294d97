"""The plan's shape: the phases, items, sections, duties, organisation, tasks and signature a
实施方案 is made of, as the renderers read them.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from safecli.model.base import Model, Text
from safecli.model.plan_text import Responsibility
from safecli.model.profile import Person
from safecli.model.record import Subject
from safecli.model.standard import Frequency, Grade, ItemKind
from safecli.score.determination import RULES, Hazard
from safecli.score.gaps import (
    Gap,
    Rectification,
)


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
    overdue: bool = False
    """Its task is due at once: an open finding on it was past its deadline on the plan's date."""


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


class Situation(Model):
    """A situation of a 判定 pack as its plan lists it: by clause and the pack's words."""

    clause: str
    """The clause as the pack cites it (第三条（二）)."""
    text: Text
    """The situation in the pack's words (with why it does not apply, where it does not)."""


class Judging(Model):
    """What the plan of a 判定 record says instead of grades, gains and every item of the
    standard (see `safecli.plan.determination`)."""

    basis: Text
    """The pack cited: its title, document number and the day it took effect."""
    verdict: Text | None = None
    """The record's determination (None without a record)."""
    hazards: list[Hazard] = Field(default_factory=list)
    """The 存在 hazards, each with its one deadline (the report's)."""
    unanswered: list[Situation] = Field(default_factory=list)
    """The situations still to be determined (every one that applies, without a record)."""
    check_by: dt.date | None = None
    """When the situations still to be determined are determined by."""
    hazards_by: dt.date | None = None
    """When the last open hazard is due (the plan's date for one already overdue)."""
    rectify_by: dt.date | None = None
    """When the 整治 ends: the last open hazard's deadline, or later when what the remaining
    determinations find may be due later."""
    recheck_by: dt.date | None = None
    """When the 复查验收 is done by."""
    applicable: int = 0
    """Situations that apply to the unit."""
    ruled_out: int = 0
    """Situations answered 不存在: counted, never listed."""
    not_applicable: Text | None = None
    """The parts of other industries and special areas, in one line."""
    other_na: list[Situation] = Field(default_factory=list)
    """Situations of an applicable part that do not apply to the unit, each with why."""
    major_days: int = 60
    """Days a 重大 hazard without a deadline is given (from its determination)."""
    rules: Text = RULES
    """How a 重大事故隐患 is rectified."""
    days_note: Text | None = None
    """The default deadlines of the 整改清单, as the report states them."""


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
    judging: Judging | None = None
    """A 判定 record's 重大事故隐患排查整治工作方案: its hazards, the situations still to be
    determined and its dates (no grades, no gains, no item tables)."""
