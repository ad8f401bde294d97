"""What a standard says for a unit's plan (实施方案): phases, duties, goals, the wording of the
plan, and the numbered parts of the source each is traced to.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from safecli.model.base import Identifier, Model, Period, Source, Text
from safecli.model.wording import Invalid


class Phase(Model):
    """A step of the implementation (实施步骤), dated from the plan's start."""

    id: Identifier
    """Stable id."""
    title: Text
    """The step's name."""
    text: Text | None = None
    """What is done in the step."""
    start_month: int | None = Field(default=None, ge=0, le=120)
    """Offset in months from the plan start (with `months`)."""
    months: int | None = Field(default=None, ge=1, le=120)
    """Length in months (with `start_month`)."""
    start: str | None = Field(default=None, pattern=r"^\d{2}-\d{2}$")
    """A calendar start in the plan year, `MM-DD` (with `end`)."""
    end: str | None = Field(default=None, pattern=r"^\d{2}-\d{2}$")
    """A calendar deadline in the plan year, `MM-DD`."""
    repeat: Period | None = None
    """A recurring milestone inside the step (e.g. a quarterly assessment)."""
    repeat_text: Text | None = None
    """What the recurring milestone is."""
    owner: Text | None = None
    """Who leads the step."""
    with_plan: bool = False
    """Completed by issuing the plan itself (制定实施方案): shown done on the plan's date."""
    aim: str | None = None
    """Only in the plan of a unit whose profile aims at this level (e.g. 省级)."""
    after: Identifier | None = None
    """A step that follows another: its calendar deadline is the first one after that step ends."""
    source: Source | None = None
    """Where the step comes from."""
    note: str | None = None
    """Which of the step's dates are ours where the source gives none (本标准所定)."""

    @model_validator(mode="after")
    def _dated(self) -> Phase:
        relative = self.start_month is not None or self.months is not None
        calendar = self.start is not None or self.end is not None
        if relative and calendar:
            raise Invalid("phase-both-dates")
        if relative and (self.start_month is None or self.months is None):
            raise Invalid("phase-months-together")
        if not relative and self.end is None:
            raise Invalid("phase-needs-dates", "hint-phase-end")
        return self


class Responsibility(Model):
    """A body's duties (职责分工)."""

    body: Text
    """The body (局, 办, 组)."""
    duties: Text
    """What it is responsible for."""
    source: Source | None = None
    """Where the duty comes from."""
    note: str | None = None
    """Why it reads as it does where the source is garbled, cut off or renumbered."""


class Goal(Model):
    """A creation goal or target (创建目标)."""

    id: Identifier
    """Stable id."""
    text: Text
    """The goal."""
    source: Source | None = None
    """Where the goal comes from."""
    note: str | None = None
    """Why it reads as it does where the source is garbled or a reading is a guess."""


class TracePart(Model):
    """One numbered part of the source document (一、, （二）, 3.), for `safecli standards trace`.

    The items, goals, phases, duties, vetoes, rewards and penalties whose `source` names this
    part (or a part inside it) hold it; `held_by` names holders without a `source` (a grade, the
    scoring note); `omitted` says why a part is deliberately left out.
    """

    ref: str = Field(min_length=1)
    """The part as `source` refs name it (e.g. `二.(二).6`, `第二篇.三.(五)`, `附件3.一`)."""
    title: str | None = None
    """The part's heading or first words, as the source has them."""
    held_by: list[str] = Field(default_factory=list)
    """Holders without a `source`: `grade:ID`, `scoring_note`, `principles`, `version`."""
    omitted: str | None = None
    """Why the part is deliberately not held (a duplicate, a preamble, a place or person)."""


# ---------------------------------------------------------------- a unit's plan text


class PlanDuty(Model):
    """A body's duties as a unit's plan states them (四、职责分工)."""

    body: Text
    """The body: the unit's own (领导小组, 领导小组办公室, 安全管理部门) or an authority."""
    duties: Text
    """What it does, written for the unit."""
    owners: list[str] = Field(default_factory=list)
    """Item owners of the standard this body stands for: a profile's department that takes
    one of them (or the body itself) is named instead of the body."""
    supervised: bool = False
    """Bodies a government plan addresses as those it supervises (辖区生产经营单位), not as
    its members: listed apart, as what the area requires of them."""


DETERMINATION_STEPS = ("check", "rectify", "accept")
"""The steps of a 判定 record's plan (排查判定 → 整治 → 复查验收), dated from the record: the
ids a 判定 pack's `plan.phases` words (it has no `phases` of its own)."""


class PlanPhaseText(Model):
    """A phase as a unit's plan states it; a missing field keeps the standard's."""

    title: Text | None = None
    """The step's name."""
    text: Text | None = None
    """What the unit does in the step."""
    owner: Text | None = None
    """Who in the unit leads it."""
    repeat_text: Text | None = None
    """What its recurring milestone is called in the unit's plan."""


class PlanItemText(Model):
    """An item as a unit's plan states it, where the source names places or other bodies."""

    text: Text | None = None
    """The task, written for the unit."""
    owner: Text | None = None
    """Who in the unit does it."""


class PlanText(Model):
    """The text of a unit's 实施方案: current, neutral, and free of any place of the source.

    Write for any unit: say 本单位 (the plan fills in the unit's name where it must), never a
    county, town, person or year-specific slogan of the source, and no editorial note.
    """

    title: Text | None = None
    """The plan's title when the source's title does not fit a unit (e.g. 安全社区创建工作)."""
    principles: Text
    """一、指导思想 (a unit's profile may replace it)."""
    goals: list[Text] = Field(min_length=1)
    """二、工作目标 (a unit's profile may replace them). A 判定 pack's goals may name
    `{applicable}`, `{count}`, `{due}`, `{unanswered}`, `{check_by}` and `{recheck_by}`: the
    plan fills them in from the record and leaves out a goal naming what it has none of."""
    group: Text
    """The leading group's name, e.g. 创建“平安企业”工作领导小组."""
    office_duties: Text
    """What the leading group's office does (三、组织领导)."""
    duties: list[PlanDuty] = Field(min_length=1)
    """四、职责分工: the unit's own bodies."""
    authority: list[PlanDuty] = Field(default_factory=list)
    """The authorities' duties the source states (shown as theirs, not the unit's)."""
    owners: dict[str, str] = Field(default_factory=dict)
    """Item owners of the standard as a unit's plan names them (source wording → unit wording)."""
    safeguards: list[Text] = Field(min_length=1)
    """七、保障措施 / 工作要求."""
    rewards: list[Text] = Field(default_factory=list)
    """八、考核奖惩: rewards, drawn from the source's."""
    penalties: list[Text] = Field(default_factory=list)
    """八、考核奖惩: penalties, drawn from the source's."""
    vetoes: dict[str, Text] = Field(default_factory=dict)
    """The veto rules as a plan states them, by rule id (without the standard's reasoning)."""
    phases: dict[str, PlanPhaseText] = Field(default_factory=dict)
    """六、实施步骤 as the unit's plan states them, by phase id."""
    items: dict[str, PlanItemText] = Field(default_factory=dict)
    """Items as the unit's plan states them, by item id, where the source names other places."""
    evidence: dict[str, str] = Field(default_factory=dict)
    """The items' evidence (佐证材料) as an English plan names it: the Chinese name → English
    (the items list their evidence in Chinese; a name not here stays as written)."""
    inspection: Text | None = None
    """When the next inspection or assessment falls, as the standard sets it (e.g. 每季度一次)."""
    inspection_months: int | None = Field(default=None, ge=1, le=36)
    """Months from an inspection to the next one, when the standard sets a cycle."""
    cited_as: Text | None = None
    """判定 packs: the document's number as a unit's plan cites it, in each language
    (应急管理部令第10号; the standard's `source` when not set)."""
    check_days: int | None = Field(default=None, ge=1, le=365)
    """判定 packs: days from the plan's date by which the situations a record left unanswered
    are determined (15 when not set)."""
    rectify_days: dict[Literal["general", "major"], int] = Field(default_factory=dict)
    """Days from the inspection a hazard without a deadline is given, by level (一般, 重大):
    the report states them. 30 and 60 when not set; a profile may set its own."""


class Labels(Model):
    """Names a person reads instead of ids."""

    metrics: dict[str, Text] = Field(default_factory=dict)
    """Metric id → its name (安全检查次数)."""
    deductions: dict[str, Text] = Field(default_factory=dict)
    """Deduction id → its short name (门卫值班巡逻); a 自查表 may name a deduction by it."""
