"""A creation standard: its grades, vetoes, sections and items, as declared in YAML.

Every field has a docstring: it becomes the field's description in `safecli schema`, which
editors show on hover (yaml-language-server), so write it for the person filling the file in.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any, Literal

from pydantic import Field, PrivateAttr, model_validator

from safecli.model.base import (
    Count,
    Identifier,
    Model,
    NonNegative,
    Number,
    Period,
    PositiveNumber,
    Source,
    Text,
)
from safecli.model.labels import IncidentClass
from safecli.model.plan_text import Goal, Labels, Phase, PlanText, Responsibility, TracePart
from safecli.model.rules import Extra, LayerChange, ZeroIf
from safecli.model.wording import Invalid


class SubjectKind(str, Enum):
    """What kind of unit a standard assesses."""

    enterprise = "enterprise"
    community = "community"
    district = "district"


class ItemKind(str, Enum):
    """How an item is scored."""

    check = "check"
    measure = "measure"


OP_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
"""Each comparison as printed, in every language (the one table of them)."""


class Op(str, Enum):
    """A comparison between a metric and its target."""

    ge = ">="
    gt = ">"
    le = "<="
    lt = "<"
    eq = "=="

    @property
    def sign(self) -> str:
        """The sign a person reads: ≥ for `>=`, ≤ for `<=`, = for `==`."""
        return OP_SIGNS[self.value]

    def holds(self, value: float, target: float) -> bool:
        return {
            ">=": value >= target,
            ">": value > target,
            "<=": value <= target,
            "<": value < target,
            "==": value == target,
        }[self.value]


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
    once: bool = False
    """扣N分 once: any count above 0 takes `points` off once (not per occurrence)."""


class AreaUnits(Model):
    """Units a district's or town's area must hold for an item to apply (辖区内…的单位)."""

    employees_min: Count | None = None
    """The area holds at least one unit of this many employees or more (…人以上的单位)."""
    industries: list[str] | None = None
    """The area holds at least one unit in one of these industries (ids)."""


class AppliesIf(Model):
    """When an item applies to a subject; otherwise it is not applicable (缺项).

    Every condition given must hold. A record that leaves out the fact a condition reads (the
    head count, the industry, the features, the area's units) is refused with a located
    problem: an item is never silently not applicable. A record may not answer `na` to an item
    whose condition holds.
    """

    employees_min: Count | None = None
    """Applies only when the subject has at least this many employees."""
    employees_max: Count | None = None
    """Applies only when the subject has at most this many employees."""
    industries: list[str] | None = None
    """Applies only to subjects in one of these industries (ids from `safecli.model.industries`)."""
    features: list[str] | None = None
    """Applies only to subjects with one of these features (ids from `safecli.model.features`,
    e.g. major-hazard-installation 构成重大危险源)."""
    area_units: AreaUnits | None = None
    """A district or town: applies only when its area holds such units (`subject.area`)."""


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
    zero_if: list[ZeroIf] = Field(default_factory=list)
    """不得分 conditions: one the record finds zeroes the item (and may fire a veto)."""
    extra: list[Extra] = Field(default_factory=list)
    """追加扣分: when what the item lost reaches `after`, `points` more come off the total."""
    method: Text | None = None
    """The 评分方法 as the source table states it, kept beside the rules parsed from it."""
    group: Text | None = None
    """The 项目 (二级要素) the item sits under in the source table, when it has that level."""
    applies_if: AppliesIf | None = None
    """When the item applies; otherwise it is not applicable."""
    veto: bool = False
    """A veto item (否决项): anything but met (partial, unmet, unanswered) caps the grade at the
    lowest grade, and it earns its points only when met (no partial credit); it can never be
    waived (豁免)."""
    na: Literal["never"] | None = None
    """`never`: the item applies to every subject of the standard's kind, so a record may not
    answer it 不适用 (refused, located), nor may an exception waive it. Missing: a record may
    answer it `na` with its `na_reason`, unless `applies_if` decides instead."""
    on_site: bool = False
    """The item needs an on-site check (现场检查): a self-assessed met or partial counts only
    while the response's `verified` on-site check is valid on the date judged by."""
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
    article: str | None = None
    """判定 packs: the article and clause the situation is (第四条（三）); findings cite it."""

    @model_validator(mode="after")
    def _measure_fields(self) -> Item:
        if self.kind is ItemKind.measure:
            missing = [k for k in ("metric", "op", "target") if getattr(self, k) is None]
            if missing:
                names = ", ".join(missing)
                raise Invalid("measure-needs", "hint-add-or-check", names=names)
            if self.credit is Credit.proportional and self.op is not Op.ge:
                raise Invalid("proportional-needs-ge")
            if self.credit is Credit.proportional and not self.target:
                raise Invalid("proportional-needs-target")
        return self


class Section(Model):
    """A part of the standard (the source's 一、二、…), holding its items."""

    id: Identifier
    """Stable id, the prefix of its items' ids."""
    title: Text
    """The part's heading."""
    items: list[Item] = Field(min_length=1)
    """The part's scored items, in the source's order."""
    article: str | None = None
    """判定 packs: the article the part is (第四条)."""
    stated_points: NonNegative | None = None
    """The part's 小计 as the source table states it; lint checks the items add up to it."""


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
    min_level: Literal["national", "provincial", "city", "county"] | None = None
    """The lowest level of the body that may give it (国家 national, 省 provincial, 市 city,
    县 county): `provincial` accepts a national or provincial body. The record then states the
    level of its `by`."""
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
    as met, unless every required item of the grade is so waived; one the record itself answers
    `na` never counts. Each needs `na: never` or an `applies_if` (`standards lint`)."""
    attestations: list[AttestationRule] = Field(default_factory=list)
    """External acceptances or certificates the record must state (dated on or before the
    inspection) for this grade; the checklist cannot confer them."""
    text: Text | None = None
    """What the grade means in the source."""
    source: Source | None = None
    """Where the grade (tier) comes from."""


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
            raise Invalid("veto-needs-condition")
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
    kind: Literal["creation", "determination"] = "creation"
    """`creation` (a scored 创建标准) or `determination` (a 判定 pack: each item a situation
    that is a 重大事故隐患 when a record answers it 存在)."""
    in_force: dt.date | None = None
    """判定 packs: the first day records are judged by it (施行日期)."""
    until: dt.date | None = None
    """判定 packs: the day a successor replaced it; records judged from then use the successor."""
    replaces: str | None = None
    """判定 packs: the version of the same id it replaced (records judged before `in_force` use
    that one)."""
    source_note: Text | None = None
    """判定 packs: where the regulation's text was read, and its structure in words."""
    structure: dict[str, int] = Field(default_factory=dict)
    """判定 packs: situations per article as the regulation counts them (第四条: 8)."""
    stated_points: NonNegative | None = None
    """The 合计 (总分) the source table states; lint checks the items add up to it."""
    extends: str | None = None
    """Set on the effective standard of an overlay: the base it changes, `ID@VERSION`."""
    changes: list[LayerChange] = Field(default_factory=list)
    """Set on the effective standard of an overlay: what it changed in the base, in order."""

    def layer_of(self, ident: str, target: str = "item") -> tuple[str, LayerChange | None]:
        """The layer an item (or grade) comes from: this overlay with its last change, or the
        base (`extends`) unchanged; a standard that is no overlay is its own layer."""
        found = next(
            (
                c
                for c in reversed(self.changes)
                if c.id == ident and c.target == target and c.action != "drop"
            ),
            None,
        )
        if found is not None or self.extends is None:
            return self.ref, found
        return self.extends, None

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    _items: list[Item] | None = PrivateAttr(default=None)
    _item_map: dict[str, Item] | None = PrivateAttr(default=None)

    def items(self) -> list[Item]:
        """Every item in order (built once: the model is frozen; do not change the list)."""
        # read from the private dict itself: `self._items` goes through pydantic's
        # __getattr__, a cost on every record's validation and scoring
        private = self.__pydantic_private__
        found = private.get("_items") if private is not None else None
        if found is None:
            found = self._items = [item for section in self.sections for item in section.items]
        return found

    def item_map(self) -> dict[str, Item]:
        """Items by id (built once: the model is frozen; do not change the mapping)."""
        private = self.__pydantic_private__
        found = private.get("_item_map") if private is not None else None
        if found is None:
            found = self._item_map = {item.id: item for item in self.items()}
        return found

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
