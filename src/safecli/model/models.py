"""The declarative schema of standards and records.

Every field has a docstring: it becomes the field's description in `safecli schema`, which
editors show on hover (yaml-language-server), so write it for the person filling the file in.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

if TYPE_CHECKING:  # annotations only: pydantic.json_schema is loaded when a schema is made
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import core_schema

from safecli.model.industries import INDUSTRIES, nearest

MAX_NUMBER = 10**12
"""The largest magnitude of any number a standard or a record gives (a trillion): scores,
targets, metrics and losses stay far below it, and exact arithmetic stays fast."""
MAX_COUNT = 10**9
"""The largest count (employees, deaths, deduction occurrences) a record gives."""
DATE_RANGE = (dt.date(1949, 1, 1), dt.date(2100, 12, 31))
"""The dates a record, a plan or a gate may use: anything outside is a typing error."""


def _digits(value: int | float) -> str:
    if isinstance(value, int) and abs(value) >= 10**30:
        return f"a number of {len(str(abs(value)))} digits"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _bounded(limit: int) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, str) and len(value.strip()) > 40:  # digits in a sheet's cell
            raise ValueError(f"a value of {len(value)} characters is not a number safecli accepts")
        if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > limit:
            raise ValueError(
                f"{_digits(value)} is beyond what safecli accepts (at most {limit:,} in size)"
            )
        return value

    return check


def _plausible_date(value: dt.date) -> dt.date:
    first, last = DATE_RANGE
    if not first <= value <= last:
        raise ValueError(
            f"{value.isoformat()} is outside {first.year}–{last.year} (check the year)"
        )
    return value


# the bound runs before the type check: pydantic's finite check converts to float, which
# overflows on a 400-digit integer
Number = Annotated[int | float, Field(allow_inf_nan=False), BeforeValidator(_bounded(MAX_NUMBER))]
PositiveNumber = Annotated[
    int | float, Field(gt=0, allow_inf_nan=False), BeforeValidator(_bounded(MAX_NUMBER))
]
NonNegative = Annotated[
    int | float, Field(ge=0, allow_inf_nan=False), BeforeValidator(_bounded(MAX_NUMBER))
]
Count = Annotated[int, Field(ge=0), BeforeValidator(_bounded(MAX_COUNT))]
"""A whole number of things, 0 up to MAX_COUNT."""
Day = Annotated[dt.date, AfterValidator(_plausible_date)]
"""A calendar date between 1949 and 2100."""


def _scalar_text(value: Any) -> Any:
    # free text written unquoted may read as a number or a date (period: 2025); keep it as text
    if isinstance(value, (int, float, dt.date)) and not isinstance(value, bool):
        return str(value)
    return value


FreeText = Annotated[str, BeforeValidator(_scalar_text)]
"""Text a person types into a record; numbers and dates written unquoted are kept as text."""
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=80)]


class Model(BaseModel):
    """Base of every schema model: unknown keys are errors, docstrings describe fields.

    The docstrings are read from the source only when `json_schema` asks (`safecli schema`):
    reading them for every model at import costs every command tens of milliseconds.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》"
CJK_GAP = re.compile(rf"(?<=[{CJK}])[ \t\n]+(?=[{CJK}])")


def _unfold(text: str) -> str:
    # a folded YAML block (`>-`) joins its lines with a space, which Chinese does not use
    return CJK_GAP.sub("", text)


class Text(Model):
    """A bilingual text: Chinese first, English beside it. A bare string is the Chinese text."""

    zh: str = Field(min_length=1)
    """Chinese text (required; the source documents' wording)."""
    en: str | None = None
    """English text; output falls back to the Chinese when it is missing."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"zh": _unfold(value)}
        if isinstance(value, dict) and isinstance(value.get("zh"), str):
            return {**value, "zh": _unfold(value["zh"])}
        return value

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"anyOf": [{"type": "string", "minLength": 1}, handler(schema)]}

    def get(self, lang: str = "zh") -> str:
        """The text in `lang`, or the Chinese when that language is missing."""
        return self.en if lang == "en" and self.en else self.zh

    def __str__(self) -> str:
        return self.zh


class Source(Model):
    """Where in the source documents a requirement comes from."""

    file: str
    """The source document's file name under `shared/seeds/`."""
    ref: str
    """The part and number inside it, as the paper numbers it (e.g. `五.6`, `附件2.三`)."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, str) and "#" in value:
            file, _, ref = value.partition("#")
            return {"file": file, "ref": ref}
        return value

    def __str__(self) -> str:
        return f"{self.file}#{self.ref}"


# ---------------------------------------------------------------- standards


class SubjectKind(str, Enum):
    """What kind of unit a standard assesses."""

    enterprise = "enterprise"
    community = "community"
    district = "district"


class ItemKind(str, Enum):
    """How an item is scored."""

    check = "check"
    measure = "measure"


class Op(str, Enum):
    """A comparison between a metric and its target."""

    ge = ">="
    gt = ">"
    le = "<="
    lt = "<"
    eq = "=="

    def holds(self, value: float, target: float) -> bool:
        return {
            ">=": value >= target,
            ">": value > target,
            "<=": value <= target,
            "<": value < target,
            "==": value == target,
        }[self.value]


class Period(str, Enum):
    """A calendar period a target or a duty is counted over."""

    day = "day"
    week = "week"
    month = "month"
    quarter = "quarter"
    half_year = "half-year"
    year = "year"


class Credit(str, Enum):
    """How a measure earns its points."""

    all = "all"
    proportional = "proportional"


class Deduction(Model):
    """One 扣分标准: points taken off for each occurrence."""

    id: Identifier
    """Stable id a record counts against (`deductions: {ID: count}`)."""
    points: PositiveNumber
    """Points off per occurrence; the item never goes below 0."""
    text: Text
    """What the occurrence is (每缺一项…扣…分)."""


class AppliesIf(Model):
    """When an item applies to a subject; otherwise it is not applicable (缺项)."""

    employees_min: Count | None = None
    """Applies only when the subject has at least this many employees."""
    employees_max: Count | None = None
    """Applies only when the subject has at most this many employees."""
    industries: list[str] | None = None
    """Applies only to subjects in one of these industries (ids from `safecli.model.industries`)."""


class Frequency(Model):
    """How often a recurring duty is done: `times` per `per`."""

    times: PositiveNumber
    """How many times in each period."""
    per: Period
    """The period."""


class Item(Model):
    """One scored requirement (条款) of a standard."""

    id: Identifier
    """Stable id following the source numbering, e.g. `content.6` for 五、6."""
    text: Text
    """The requirement as the source states it."""
    points: PositiveNumber
    """Points the item is worth (标准分)."""
    kind: ItemKind = ItemKind.check
    """`check`: answered met/partial/unmet/na; `measure`: a metric compared with a target."""
    source: Source
    """The source document and the part/number the item comes from."""
    owner: Text | None = None
    """Who is responsible (责任部门), shown in plans and rectification lists."""
    evidence: list[str] = Field(default_factory=list)
    """What proves the item (台帐, records, certificates)."""
    deductions: list[Deduction] = Field(default_factory=list)
    """Optional 扣分标准; a record may answer with counts instead of a status."""
    applies_if: AppliesIf | None = None
    """When the item applies; otherwise it is not applicable."""
    veto: bool = False
    """An unmet veto item (否决项) caps the grade at the lowest grade."""
    metric: Identifier | None = None
    """`measure`: the record's `metrics` key compared with `target`."""
    op: Op | None = None
    """`measure`: how the metric is compared with the target."""
    target: Number | None = None
    """`measure`: the target value, exactly as the source states it."""
    unit: Text | None = None
    """`measure`: the unit of the metric and target (次, %, 小时)."""
    per: Period | None = None
    """`measure`: the period the metric is counted over."""
    credit: Credit = Credit.all
    """`measure`: `all` (target met or not) or `proportional` (points × value ÷ target)."""
    frequency: Frequency | None = None
    """A recurring duty this item asks for; the plan lists it in its table of duties."""
    deadline: str | None = Field(default=None, pattern=r"^(\d{2}-\d{2}|\+\d+m)$")
    """When the item is due in the plan year: `MM-DD` or `+Nm` months from the plan start."""
    note: str | None = None
    """Why the item reads as it does where the source is garbled or a reading is a guess."""

    @model_validator(mode="after")
    def _measure_fields(self) -> Item:
        if self.kind is ItemKind.measure:
            missing = [k for k in ("metric", "op", "target") if getattr(self, k) is None]
            if missing:
                names = ", ".join(missing)
                raise ValueError(
                    f"a measure item needs {names} (add {names}, or make it kind: check)"
                )
            if self.credit is Credit.proportional and self.op is not Op.ge:
                raise ValueError("credit: proportional works only with op '>='")
            if self.credit is Credit.proportional and not self.target:
                raise ValueError("credit: proportional needs a target above 0")
        return self


class Section(Model):
    """A part of the standard (the source's 一、二、…), holding its items."""

    id: Identifier
    """Stable id, the prefix of its items' ids."""
    title: Text
    """The part's heading."""
    items: list[Item] = Field(min_length=1)
    """The part's scored items, in the source's order."""


class AttestationRule(Model):
    """Something outside the checklist a grade requires: an external acceptance, a certificate.

    The record states it under `attestations`, with the date and the body that gave it; the
    checklist alone can never confer a grade that requires one.
    """

    id: Identifier
    """Stable id; the record states the attestation under `attestations.ID`."""
    text: Text
    """What must be attested (e.g. 经国家或省级安全生产标准化验收合格)."""
    by: Text | None = None
    """Who may give it (验收/发证机关), as the source names them."""
    valid_months: int | None = Field(default=None, ge=1, le=120)
    """How long it stays valid, in months before the inspection date; forever when missing."""
    source: Source | None = None
    """Where the requirement comes from."""


class Grade(Model):
    """A grade (等级): reached when the total reaches `min` and every required item is met."""

    id: Identifier
    """Stable id, used by `max_grade` and by required grades in `safecli.yaml`."""
    min: NonNegative = Field(le=100)
    """The lowest total (0–100) that reaches this grade."""
    label: Text
    """The grade's name."""
    requires: list[str] = Field(default_factory=list)
    """Item ids that must be met (必备条件). An item that does not apply by `applies_if` counts
    as met; one the record itself answers `na` counts as met only with its `na_reason`."""
    attestations: list[AttestationRule] = Field(default_factory=list)
    """External acceptances or certificates the record must state (dated on or before the
    inspection) for this grade; the checklist cannot confer them."""
    text: Text | None = None
    """What the grade means in the source."""
    source: Source | None = None
    """Where the grade (tier) comes from."""


class IncidentClass(str, Enum):
    """Accident classes of 生产安全事故报告和调查处理条例 Article 3, lowest first."""

    general = "general"
    larger = "larger"
    major = "major"
    especially_major = "especially-major"

    @property
    def rank(self) -> int:
        return list(IncidentClass).index(self)

    @property
    def label(self) -> Text:
        return INCIDENT_CLASS_LABELS[self]


INCIDENT_CLASS_LABELS = {
    IncidentClass.general: Text(zh="一般事故", en="general accident"),
    IncidentClass.larger: Text(zh="较大事故", en="larger accident"),
    IncidentClass.major: Text(zh="重大事故", en="major accident"),
    IncidentClass.especially_major: Text(zh="特别重大事故", en="especially major accident"),
}


INCIDENT_KIND_LABELS = {
    "fire": Text.model_construct(zh="火灾", en="fire"),
    "poisoning": Text.model_construct(zh="中毒窒息", en="poisoning"),
    "traffic": Text.model_construct(zh="交通事故", en="traffic"),
    "fall": Text.model_construct(zh="高处坠落", en="fall"),
    "machinery": Text.model_construct(zh="机械伤害", en="machinery"),
    "explosion": Text.model_construct(zh="爆炸", en="explosion"),
    "electric": Text.model_construct(zh="触电", en="electric shock"),
    "collapse": Text.model_construct(zh="坍塌", en="collapse"),
    "other": Text.model_construct(zh="其他", en="other"),
}
"""Incident kinds a person reads; a kind not listed is shown as written."""

FINDING_LEVEL_LABELS = {
    "general": Text.model_construct(zh="一般隐患", en="general"),
    "major": Text.model_construct(zh="重大隐患", en="major"),
}
"""Finding levels a person reads."""


def incident_kind_label(kind: str) -> Text:
    """The incident kind's name (the kind itself when it is not a known one)."""
    return INCIDENT_KIND_LABELS.get(kind) or Text.model_construct(zh=kind, en=kind)


class IncidentCondition(Model):
    """Matches an incident of the record; every given bound must hold."""

    min_fatalities: Count | None = None
    """At least this many deaths."""
    min_serious_injuries: Count | None = None
    """At least this many serious injuries."""
    min_direct_loss_yuan: NonNegative | None = None
    """At least this direct economic loss, in yuan."""
    min_class: IncidentClass | None = None
    """At least this class under Article 3."""
    kinds: list[str] | None = None
    """Only incidents of these kinds (fire, poisoning, traffic, …)."""
    within_months: int = Field(default=12, ge=1, le=120)
    """The window, in months, ending at the inspection date."""


class MetricCondition(Model):
    """Matches when the record's metric compares true with `value`."""

    metric: Identifier
    """The record's `metrics` key."""
    op: Op = Op.ge
    """How the metric is compared."""
    value: Number = 1
    """The value it is compared with."""


class FindingCondition(Model):
    """Matches the record's findings (隐患)."""

    level: Literal["general", "major"] = "major"
    """The finding level that counts."""
    overdue: bool = True
    """Only open findings past their due date count (不如期整改)."""


class VetoWhen(Model):
    """What triggers a veto; any one given condition triggers it."""

    incident: IncidentCondition | None = None
    """An incident inside the window."""
    metric: MetricCondition | None = None
    """A metric of the record (e.g. a count of 抗拒执法检查)."""
    finding: FindingCondition | None = None
    """A finding of the record (e.g. an unrectified major hazard)."""
    items_unmet: list[str] | None = None
    """Any of these items answered unmet."""

    @model_validator(mode="after")
    def _one_condition(self) -> VetoWhen:
        if not any((self.incident, self.metric, self.finding, self.items_unmet)):
            raise ValueError("a veto needs incident, metric, finding or items_unmet")
        return self


class Veto(Model):
    """A 否决 rule: when triggered, the grade is capped at `max_grade`."""

    id: Identifier
    """Stable id, reported when the rule fires."""
    when: VetoWhen
    """What triggers the rule."""
    max_grade: str
    """The highest grade a triggered rule allows (a grade id)."""
    text: Text
    """The rule as the source states it."""
    flag: Text | None = None
    """A status reports must show when the rule fires (e.g. 信用污点企业·黑名单)."""
    blacklist: bool = False
    """The rule puts the unit on a blacklist (信用污点/黑名单): `check`'s `blacklisted` gate."""
    source: Source | None = None
    """Where the rule comes from."""
    note: str | None = None
    """Why the rule reads as it does where the source is garbled or a reading is a guess."""


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
            raise ValueError("use start_month/months or start/end, not both")
        if relative and (self.start_month is None or self.months is None):
            raise ValueError("start_month and months go together")
        if not relative and self.end is None:
            raise ValueError("a phase needs start_month and months, or an end date (MM-DD)")
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


class PlanPhaseText(Model):
    """A phase as a unit's plan states it; a missing field keeps the standard's."""

    title: Text | None = None
    """The step's name."""
    text: Text | None = None
    """What the unit does in the step."""
    owner: Text | None = None
    """Who in the unit leads it."""


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
    """二、工作目标 (a unit's profile may replace them)."""
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
    inspection: Text | None = None
    """When the next inspection or assessment falls, as the standard sets it (e.g. 每季度一次)."""
    inspection_months: int | None = Field(default=None, ge=1, le=36)
    """Months from an inspection to the next one, when the standard sets a cycle."""
    rectify_days: dict[Literal["general", "major"], int] = Field(default_factory=dict)
    """Days from the inspection a hazard without a deadline is given, by level (一般, 重大):
    the report states them. 30 and 60 when not set; a profile may set its own."""


class Labels(Model):
    """Names a person reads instead of ids."""

    metrics: dict[str, Text] = Field(default_factory=dict)
    """Metric id → its name (安全检查次数)."""
    deductions: dict[str, Text] = Field(default_factory=dict)
    """Deduction id → its short name (门卫值班巡逻); a 自查表 may name a deduction by it."""


class Standard(Model):
    """A creation standard (创建标准): sections of scored items, grades, vetoes, phases."""

    id: Identifier
    """Stable id; records refer to it as `ID@VERSION`."""
    version: str = Field(min_length=1)
    """The standard's version (usually the source's year); quote it in YAML."""
    subject: SubjectKind
    """What kind of unit it assesses."""
    title: Text
    """The standard's title."""
    source: str
    """The source document's file name."""
    scoring_note: Text
    """How points were assigned where the source gives none."""
    principles: Text | None = None
    """指导思想."""
    responsibilities: list[Responsibility] = Field(default_factory=list)
    """职责分工."""
    goals: list[Goal] = Field(default_factory=list)
    """创建目标."""
    grades: list[Grade] = Field(min_length=1)
    """Grades, highest first, the last at min 0."""
    vetoes: list[Veto] = Field(default_factory=list)
    """否决 rules."""
    sections: list[Section] = Field(min_length=1)
    """The scored parts, in the source's order."""
    phases: list[Phase] = Field(default_factory=list)
    """实施步骤, in order."""
    rewards: list[Goal] = Field(default_factory=list)
    """奖励措施 the source promises."""
    penalties: list[Goal] = Field(default_factory=list)
    """惩戒措施 the source sets."""
    plan: PlanText | None = None
    """What a unit's 实施方案 says (neutral, current); the fields above keep the source's words."""
    labels: Labels | None = None
    """Chinese (and English) names of metrics and deductions, for what a person reads."""
    trace: list[TracePart] = Field(default_factory=list)
    """The source's numbered parts, in order, for `safecli standards trace`."""

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    _items: list[Item] | None = PrivateAttr(default=None)
    _item_map: dict[str, Item] | None = PrivateAttr(default=None)

    def items(self) -> list[Item]:
        """Every item in order (built once: the model is frozen; do not change the list)."""
        if self._items is None:
            self._items = [item for section in self.sections for item in section.items]
        return self._items

    def item_map(self) -> dict[str, Item]:
        """Items by id (built once: the model is frozen; do not change the mapping)."""
        if self._item_map is None:
            self._item_map = {item.id: item for item in self.items()}
        return self._item_map

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Standard:
        copy = super().model_copy(update=update, deep=deep)
        copy._items = copy._item_map = None  # a copy may have other sections
        return copy

    def grade(self, grade_id: str) -> Grade | None:
        return next((g for g in self.grades if g.id == grade_id), None)

    @property
    def points(self) -> float:
        return sum(item.points for item in self.items())

    def metric_label(self, metric: str) -> Text:
        """The metric's name for a person (its id when the standard gives none)."""
        found = self.labels.metrics.get(metric) if self.labels else None
        return found or Text.model_construct(zh=metric, en=metric)

    def deduction_label(self, deduction: Deduction) -> Text:
        """The deduction's short name for a person (its text when the standard gives none)."""
        found = self.labels.deductions.get(deduction.id) if self.labels else None
        return found or deduction.text


# ---------------------------------------------------------------- records

STATUS_WORDS = {
    "met": "met",
    "partial": "partial",
    "unmet": "unmet",
    "na": "na",
    "符合": "met",
    "基本符合": "partial",
    "部分符合": "partial",
    "不符合": "unmet",
    "不适用": "na",
    "缺项": "na",
}
"""Every word a record may use for a status, mapped to the status."""


class Status(str, Enum):
    """An answer to an item."""

    met = "met"
    partial = "partial"
    unmet = "unmet"
    na = "na"

    @property
    def label(self) -> Text:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.met: Text(zh="符合", en="met"),
    Status.partial: Text(zh="部分符合", en="partial"),
    Status.unmet: Text(zh="不符合", en="unmet"),
    Status.na: Text(zh="不适用", en="not applicable"),
}


def parse_status(value: Any) -> Any:
    """Map a status word (English or Chinese) to a Status; leave anything else for the error."""
    if isinstance(value, str):
        return STATUS_WORDS.get(value.strip().lower(), value)
    return value


class Response(Model):
    """The answer to one item. A bare status (`content.12: na`) is enough."""

    status: Status | None = None
    """met | partial | unmet | na, or 符合 / 基本符合 / 部分符合 / 不符合 / 不适用."""
    score: NonNegative | None = None
    """Points earned for a partial answer (0..points); half the points when missing."""
    deductions: dict[str, Count] | None = None
    """Counts of the item's 扣分 occurrences, instead of a status."""
    evidence: list[FreeText] = Field(default_factory=list)
    """Files or records that prove the answer."""
    finding: FreeText | None = None
    """What is wrong (存在问题)."""
    na_reason: FreeText | None = Field(default=None, min_length=1)
    """Why the item does not apply (空项理由), with status na. Every 空项 is listed with it; a
    required item (必备条件) answered na counts as met only with it."""

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"anyOf": [{"enum": list(STATUS_WORDS)}, handler(schema)]}

    @model_validator(mode="before")
    @classmethod
    def _from_status(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"status": value}
        return value

    @field_validator("status", mode="before")
    @classmethod
    def _status_word(cls, value: Any) -> Any:
        return parse_status(value)

    @model_validator(mode="after")
    def _answered(self) -> Response:
        if self.status is None and self.deductions is None:
            raise ValueError("a response needs a status or deduction counts")
        if self.na_reason is not None and self.status is not Status.na:
            raise ValueError("na_reason goes with status na (remove it, or answer na)")
        return self


CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_problem(code: str) -> str | None:
    """Why `code` is not a valid 统一社会信用代码 (GB 32100-2015), or None when it is."""
    if len(code) != 18:
        return f"a unified social credit code has 18 characters, this one has {len(code)}"
    for position, char in enumerate(code, start=1):
        if char not in CREDIT_CODE_CHARS:
            return (
                f"character {position} {char!r} is not allowed: only digits and capitals "
                "other than I, O, Z, S, V"
            )
    total = sum(
        CREDIT_CODE_CHARS.index(c) * w for c, w in zip(code[:17], CREDIT_CODE_WEIGHTS, strict=True)
    )
    expected = CREDIT_CODE_CHARS[(31 - total % 31) % 31]
    if code[17] != expected:
        return f"check character 18 is {code[17]!r} but the first 17 characters give {expected!r}"
    return None


class Subject(Model):
    """The unit the record is about."""

    kind: SubjectKind
    """enterprise | community | district."""
    id: str | None = None
    """统一社会信用代码 (18 characters, GB 32100-2015); for communities and districts any code."""
    name: FreeText = Field(min_length=1)
    """The unit's name."""
    industry: FreeText | None = None
    """Industry id from `safecli.model.industries` (e.g. hazardous-chemicals)."""
    employees: Count | None = None
    """Head count (从业人员数)."""
    region: FreeText | None = None
    """Where the unit is (省/市/区)."""
    contact: FreeText | None = None
    """Who answers for the record."""

    @field_validator("id", mode="before")
    @classmethod
    def _code_as_text(cls, value: Any) -> Any:
        # an all-digit code written unquoted reads as a number; codes never start with 0
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("id")
    @classmethod
    def _credit_code(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("kind") is SubjectKind.enterprise:
            problem = credit_code_problem(value)
            if problem:
                raise ValueError(f"{problem} (check the 统一社会信用代码 on the business licence)")
        return value

    @field_validator("industry")
    @classmethod
    def _known_industry(cls, value: str | None) -> str | None:
        if value is not None and value not in INDUSTRIES:
            raise ValueError(f"unknown industry {value!r} (did you mean {nearest(value)}?)")
        return value


class Inspection(Model):
    """When and by whom the self-inspection was done."""

    date: Day
    """The inspection date (YYYY-MM-DD, 1949–2100); vetoes look back from it."""
    by: FreeText | None = None
    """Who inspected (检查人)."""
    period: FreeText | None = None
    """The period covered, e.g. 2025-Q2."""
    reviewed_by: FreeText | None = None
    """Who reviewed the record (审核)."""
    approved_by: FreeText | None = None
    """Who approved the record (批准)."""


class Incident(Model):
    """A work-safety accident (生产安全事故) in the record's period."""

    date: Day
    """When it happened (1949–2100)."""
    kind: str = "other"
    """fire, poisoning, traffic, fall, machinery, explosion, other, …"""
    fatalities: Count = 0
    """Deaths."""
    serious_injuries: Count = 0
    """Serious injuries, acute industrial poisoning included."""
    direct_loss_yuan: NonNegative = 0
    """Direct economic loss in yuan."""
    text: FreeText | None = None
    """What happened."""


FINDING_STATUS_WORDS = {
    "open": "open",
    "in-progress": "in-progress",
    "rectified": "rectified",
    "closed": "closed",
    "未整改": "open",
    "整改中": "in-progress",
    "已整改待复核": "rectified",
    "待复核": "rectified",
    "已整改": "closed",
    "已销号": "closed",
    "销号": "closed",
}
"""Every word a record may use for a finding's status, mapped to the status (发现 → 整改 →
复核 → 销号). 已整改 means closed, as the 自查表 has always read it."""


class Finding(Model):
    """A hazard or problem found (隐患/问题) with its rectification."""

    id: FreeText = Field(min_length=1)
    """Stable id within the record (F1, F2, …)."""
    text: FreeText = Field(min_length=1)
    """What was found."""
    item: str | None = None
    """The item it belongs to."""
    level: Literal["general", "major"] = "general"
    """general (一般隐患) or major (重大隐患)."""
    owner: FreeText | None = None
    """Who rectifies it (责任人); the item's owner when missing."""
    due: Day | None = None
    """Rectification deadline (整改期限, 1949–2100)."""
    status: Literal["open", "in-progress", "rectified", "closed"] = "open"
    """open (未整改), in-progress (整改中), rectified (已整改待复核) or closed (已销号)."""
    measure: FreeText | None = None
    """The rectification measure (整改措施)."""
    closed_on: dt.date | None = None
    """The day it was closed (销号日期); the inspection date of the record closing it when missing."""
    numbered_by_sheet: bool = False
    """True when the id was made from the 自查表's row (R11), not given by the unit: documents
    do not print it."""

    @field_validator("status", mode="before")
    @classmethod
    def _status_word(cls, value: Any) -> Any:
        if isinstance(value, str):
            return FINDING_STATUS_WORDS.get(value.strip().lower(), value)
        return value

    @property
    def needs_work(self) -> bool:
        """Open or in progress: the owner still has to rectify it (it can become overdue)."""
        return self.status in ("open", "in-progress")


class Attestation(Model):
    """An external acceptance or certificate the record states (e.g. 省级标准化验收)."""

    date: dt.date
    """When it was given (YYYY-MM-DD); it counts only on or before the inspection date."""
    by: FreeText = Field(min_length=1)
    """Who gave it (验收/发证机关)."""
    ref: FreeText | None = None
    """Its number (文号, 证书编号)."""
    text: FreeText | None = None
    """What it says, in a few words."""


class Record(Model):
    """A self-inspection record (自查记录)."""

    standard: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*@[^@\s]+$")
    """The standard and version, `ID@VERSION` (e.g. safe-enterprise@2013)."""
    subject: Subject
    """The unit."""
    inspection: Inspection
    """When and by whom."""
    responses: dict[str, Response] = Field(default_factory=dict)
    """Answers by item id."""
    metrics: dict[str, Number] = Field(default_factory=dict)
    """Measured values by metric name (counts, rates in %)."""
    incidents: list[Incident] = Field(default_factory=list)
    """Accidents in the period."""
    findings: list[Finding] = Field(default_factory=list)
    """Hazards and problems with their rectification."""
    attestations: dict[Identifier, Attestation] = Field(default_factory=dict)
    """External acceptances and certificates by the id a grade requires them under."""

    @field_validator("responses", "metrics", "incidents", "findings", "attestations", mode="before")
    @classmethod
    def _empty_when_all_commented(cls, value: Any, info: ValidationInfo) -> Any:
        # `responses:` whose lines are all still commented out (a blank from `safecli init`)
        if value is None:
            return {} if info.field_name in ("responses", "metrics", "attestations") else []
        return value

    @property
    def standard_id(self) -> str:
        return self.standard.partition("@")[0]

    @property
    def standard_version(self) -> str:
        return self.standard.partition("@")[2]


def json_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    """The JSON Schema of `model` for editors (yaml-language-server)."""
    _describe_fields()
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


# ---------------------------------------------------------------- the unit profile (单位概况)


class Person(Model):
    """A person named in a plan, with the post they hold. A bare string is the name."""

    name: FreeText = Field(min_length=1)
    """The person's name (姓名)."""
    post: FreeText | None = None
    """Their post in the unit (职务), e.g. 总经理, 安全环保部部长."""
    phone: FreeText | None = None
    """A telephone number, for the contact person."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）" if self.post else self.name


class LeadingGroup(Model):
    """The unit's leading group for the creation work (领导小组)."""

    name: FreeText | None = None
    """The group's name; the standard's (e.g. 创建“平安企业”工作领导小组) when missing."""
    leader: Person
    """组长: usually the principal."""
    deputies: list[Person] = Field(default_factory=list)
    """副组长."""
    members: list[Person] = Field(default_factory=list)
    """成员, with their posts."""


class Office(Model):
    """The office that runs the work day to day (领导小组办公室)."""

    located_in: FreeText = Field(min_length=1)
    """The department it sits in (办公室设在…), e.g. 安全环保部."""
    director: Person | None = None
    """办公室主任."""
    contact: Person | None = None
    """联系人 (with a phone number)."""


class Department(Model):
    """One of the unit's own departments and the standard's owners it takes."""

    name: FreeText = Field(min_length=1)
    """The department as the unit names it, e.g. 安全环保部."""
    takes: list[FreeText] = Field(default_factory=list)
    """The standard's owners it stands for, as the standard writes them (办公室, 保卫部门)."""
    head: Person | None = None
    """Its head (负责人)."""


class Profile(Model):
    """A unit profile (单位概况): what a plan needs and a record does not."""

    name: FreeText = Field(min_length=1)
    """单位全称, as on the business licence or the seal."""
    short_name: FreeText | None = None
    """A short name the plan may use (简称), e.g. 公司."""
    address: FreeText | None = None
    """地址."""
    region: FreeText | None = None
    """地区 (省/市/区)."""
    principal: Person | None = None
    """主要负责人 (法定代表人 or 主任), with the post."""
    leading_group: LeadingGroup | None = None
    """领导小组: 组长, 副组长, 成员; the principal leads it when missing."""
    office: Office | None = None
    """领导小组办公室: where it sits, its 主任 and 联系人."""
    departments: list[Department] = Field(default_factory=list)
    """The unit's departments and which of the standard's owners each takes."""
    prepared_by: FreeText | None = None
    """编制单位 in the 落款; the unit itself when missing."""
    prepared_on: dt.date | None = None
    """The plan's date in the 落款 (YYYY-MM-DD); the plan's start when missing."""
    principles: FreeText | None = None
    """Replaces the standard's 指导思想 in the plan."""
    goals: list[FreeText] | None = None
    """Replace the standard's 工作目标 in the plan."""
    aim: FreeText | None = None
    """The level the unit aims at (e.g. 省级): steps of a standard meant for it are planned."""
    rectify_days: dict[Literal["general", "major"], int] = Field(default_factory=dict)
    """Days from the inspection a hazard without a deadline is given, by level (一般, 重大);
    replaces the standard's."""

    @field_validator("departments")
    @classmethod
    def _unique_departments(cls, value: list[Department]) -> list[Department]:
        taken: dict[str, str] = {}
        for dept in value:
            for owner in dept.takes:
                if owner in taken and taken[owner] != dept.name:
                    raise ValueError(
                        f"{owner!r} is taken by both {taken[owner]!r} and {dept.name!r} "
                        "(give each owner one department)"
                    )
                taken[owner] = dept.name
        return value

    def department_for(self, *owners: str) -> str | None:
        """The unit's department that takes any of `owners` (or is named so), if any."""
        for owner in owners:
            for dept in self.departments:
                if owner == dept.name or owner in dept.takes:
                    return dept.name
        return None


_DESCRIBED: list[bool] = []


def _describe_fields() -> None:
    """Give every model's fields their docstrings as descriptions, once, and rebuild them."""
    if _DESCRIBED:
        return
    from pydantic._internal._docs_extraction import extract_docstrings_from_cls

    models = [
        value
        for value in globals().values()
        if isinstance(value, type) and issubclass(value, Model) and value is not Model
    ]
    for cls in models:  # in definition order: a model's parts are rebuilt before it
        docs = extract_docstrings_from_cls(cls, use_inspect=True)
        for name, info in cls.model_fields.items():
            if info.description is None and name in docs:
                info.description = docs[name]
        cls.model_rebuild(force=True)
    _DESCRIBED.append(True)
