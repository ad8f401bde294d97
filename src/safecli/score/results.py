"""What scoring returns: the result of each item, section, grade, veto, incident and finding, and the
whole Assessment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from safecli.model.base import Text
from safecli.model.labels import IncidentClass
from safecli.model.record import Subject
from safecli.model.standard import (
    ItemKind,
)
from safecli.model.waivers import EXCEPTION_KIND_LABELS, ExceptionKind
from safecli.score.hazards import MajorFacts

IN_FORCE = "in-force"
EXPIRED = "expired"
PENDING = "pending"
STATES = (IN_FORCE, EXPIRED, PENDING)
"""An exception's state on a date: applies, has expired, or is dated later (not yet)."""

STATE_LABELS = {
    IN_FORCE: Text.model_construct(zh="有效", en="in force"),
    EXPIRED: Text.model_construct(zh="已过期", en="expired"),
    PENDING: Text.model_construct(zh="尚未生效", en="not yet in force"),
}


@dataclass(frozen=True, slots=True)
class ExceptionResult:
    """One exception of a record, as it stands on the date judged by."""

    item: str
    """The item id."""
    kind: str
    """na (空项) or waiver (豁免)."""
    reason: str
    """Why."""
    approver: str
    """Who approved it: organisation, post and name."""
    date: dt.date
    """When it was approved (it applies from this day)."""
    until: dt.date
    """The last day it applies."""
    state: str
    """in-force, expired or pending on `as_of`."""
    days_left: int
    """Days from `as_of` to `until` (negative once expired)."""
    index: int
    """Its place in the record's exceptions (shared ones after the record's own)."""
    shared: tuple[str, int, int] | None = None
    """Where it is written when it comes from the repository's exceptions.yaml."""
    ref: str | None = None
    """The approval's number, if any."""

    @property
    def kind_label(self) -> Text:
        return EXCEPTION_KIND_LABELS[ExceptionKind(self.kind)]

    @property
    def state_label(self) -> Text:
        return STATE_LABELS[self.state]

    @property
    def expired_on(self) -> dt.date:
        """The first day it no longer applies."""
        return self.until + dt.timedelta(days=1)

    @property
    def in_force(self) -> bool:
        return self.state == IN_FORCE

    def note(self) -> Text:
        """What the exception does to its item, for a person."""
        kind = self.kind_label
        if self.state == EXPIRED:
            return Text.model_construct(
                zh=f"{kind.zh}已于 {self.expired_on.isoformat()} 到期（有效期至 "
                f"{self.until.isoformat()}），按作答计分",
                en=f"{kind.en} expired on {self.expired_on.isoformat()} (it ran until "
                f"{self.until.isoformat()}): scored as answered",
            )
        if self.state == PENDING:
            return Text.model_construct(
                zh=f"{kind.zh}自 {self.date.isoformat()} 起生效，尚未生效，按作答计分",
                en=f"{kind.en} applies from {self.date.isoformat()}: scored as answered",
            )
        return Text.model_construct(
            zh=f"{kind.zh}（{self.approver} 批准，有效期至 {self.until.isoformat()}），"
            f"不计入实得分与总分；理由：{self.reason}",
            en=f"{kind.en} (approved by {self.approver}, until {self.until.isoformat()}): "
            f"left out of both sums; reason: {self.reason}",
        )


Why = tuple[Any, ...]
"""A reason not yet written out: a builder of `score/reasons.py` and its arguments."""


NOT_SCORABLE = Text.model_construct(
    zh="无法计分（全部条款不适用）", en="cannot be scored (no item applies)"
)
"""What every output shows instead of a total when no item applies."""


@dataclass(frozen=True, slots=True, init=False)
class ItemResult:
    """How one item scored, and why."""

    id: str
    """The item id."""
    section: str
    """The section it belongs to."""
    kind: ItemKind
    """check or measure."""
    status: str
    """met | partial | unmet | na | unanswered."""
    earned: float
    """Points earned (2 decimals; totals use the exact value)."""
    points: float
    """The item's points."""
    applicable: bool
    """False when the item leaves both sums (not applicable)."""
    why: Why = field(repr=False)
    """The reason, to be written out by `reason`."""
    veto: bool = False
    """True when the item is a 否决项."""
    value: float | None = None
    """The metric's value, for a measure."""
    extra: float = 0.0
    """追加扣分 this item takes off the earned total (2 decimals)."""
    exception: ExceptionResult | None = None
    """The exception (空项, 豁免) that decides the item, in force or expired, if any."""

    def __init__(
        self,
        id: str,
        section: str,
        kind: ItemKind,
        status: str,
        earned: float,
        points: float,
        applicable: bool,
        why: Why,
        veto: bool = False,
        value: float | None = None,
        extra: float = 0.0,
        exception: ExceptionResult | None = None,
    ) -> None:
        # built for every item of every record: each slot set through its descriptor, twice as
        # quick as the frozen dataclass's object.__setattr__ per field (still frozen after)
        _SET[0](self, id)
        _SET[1](self, section)
        _SET[2](self, kind)
        _SET[3](self, status)
        _SET[4](self, earned)
        _SET[5](self, points)
        _SET[6](self, applicable)
        _SET[7](self, why)
        _SET[8](self, veto)
        _SET[9](self, value)
        _SET[10](self, extra)
        _SET[11](self, exception)

    @property
    def reason(self) -> Text:
        """Why it earned what it earned, in Chinese and English."""
        function, *args = self.why
        return function(*args)


_SET = tuple(ItemResult.__dict__[f.name].__set__ for f in fields(ItemResult))
"""Each field's slot setter, in the order of `ItemResult.__init__`'s parameters."""


@dataclass(frozen=True, slots=True)
class SectionResult:
    """A section's share of the score."""

    id: str
    """The section id."""
    title: Text
    """The section title."""
    earned: float
    """Points earned in applicable items."""
    points: float
    """Points of applicable items."""
    rate: float | None
    """earned ÷ points × 100, rounded half up to one decimal; None when nothing applies."""


@dataclass(frozen=True, slots=True)
class GradeResult:
    """A grade reached."""

    id: str
    """The grade id."""
    label: Text
    """The grade's name."""


@dataclass(frozen=True, slots=True)
class FiredRule:
    """A veto that fired."""

    id: str
    """The rule id, or `item:ID` for an unmet veto item."""
    text: Text
    """What the rule says."""
    max_grade: str
    """The grade it caps at."""
    because: Text
    """What in the record made it fire."""
    flag: Text | None = None
    """A status the reports must show (e.g. 黑名单)."""


@dataclass(frozen=True, slots=True)
class VetoResult:
    """Whether any veto fired."""

    triggered: bool
    """True when at least one rule fired."""
    rules: list[FiredRule] = field(default_factory=list)
    """Every rule that fired."""


@dataclass(frozen=True, slots=True)
class IncidentResult:
    """An incident and its class under Article 3."""

    date: dt.date
    """When it happened."""
    kind: str
    """What kind of incident."""
    fatalities: int
    """Deaths."""
    serious_injuries: int
    """Serious injuries."""
    direct_loss_yuan: float
    """Direct economic loss in yuan."""
    incident_class: IncidentClass
    """Its class: general, larger, major, especially-major."""
    label: Text
    """The class's name."""
    text: str | None = None
    """What happened."""


@dataclass(frozen=True, slots=True, init=False)
class FindingResult:
    """A finding with its rectification state on the as-of date."""

    id: str
    """Finding id."""
    text: str
    """What was found."""
    item: str | None
    """The item it belongs to."""
    level: str
    """general or major."""
    owner: str | None
    """Who rectifies it: the finding's owner, else the item's."""
    due: dt.date | None
    """Rectification deadline."""
    status: str
    """open (still to rectify: open or in progress) or closed (rectified or closed)."""
    overdue: bool
    """Open and past its due date on the as-of date."""
    measure: str | None = None
    """The rectification measure."""
    stage: str = "open"
    """Where it is in 发现 → 整改 → 复核 → 销号: open, in-progress, rectified or closed."""
    closed_on: dt.date | None = None
    """The 销号 date the record states, if any."""
    major: MajorFacts | None = None
    """For a 重大隐患: its clause, 五落实, 治理方案, 验收 and 挂牌督办."""
    named: bool = True
    """False when the id was made from the 自查表's row (R11): documents do not print it."""

    def __init__(
        self,
        id: str,
        text: str,
        item: str | None,
        level: str,
        owner: str | None,
        due: dt.date | None,
        status: str,
        overdue: bool,
        measure: str | None = None,
        stage: str = "open",
        closed_on: dt.date | None = None,
        major: MajorFacts | None = None,
        named: bool = True,
    ) -> None:
        # built for every finding of every record, and again where `findings` unpickles it:
        # each slot set through its descriptor (as ItemResult's), still frozen after
        _FINDING_SET[0](self, id)
        _FINDING_SET[1](self, text)
        _FINDING_SET[2](self, item)
        _FINDING_SET[3](self, level)
        _FINDING_SET[4](self, owner)
        _FINDING_SET[5](self, due)
        _FINDING_SET[6](self, status)
        _FINDING_SET[7](self, overdue)
        _FINDING_SET[8](self, measure)
        _FINDING_SET[9](self, stage)
        _FINDING_SET[10](self, closed_on)
        _FINDING_SET[11](self, major)
        _FINDING_SET[12](self, named)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # the fields in order, rebuilt by the constructor: a slotted dataclass's own pickling
        # walks `fields()` per object, and `findings` sends and spools every finding twice
        return (FindingResult, _FINDING_VALUES(self))


_FINDING_VALUES = attrgetter(*FindingResult.__dataclass_fields__)
_FINDING_SET = tuple(FindingResult.__dict__[f.name].__set__ for f in fields(FindingResult))
"""Each field's slot setter, in the order of `FindingResult.__init__`'s parameters."""


@dataclass(frozen=True, slots=True)
class Assessment:
    """The result of scoring one record against its standard."""

    standard: str
    """`ID@VERSION`."""
    subject: Subject
    """The unit."""
    inspection_date: dt.date
    """The record's inspection date."""
    as_of: dt.date
    """The date overdue findings are judged on."""
    total: float
    """实得分 ÷ (总分 − 空项分) × 100, rounded half up to one decimal."""
    earned: float
    """Points earned in applicable items (2 decimals)."""
    points: float
    """Points of applicable items."""
    grade: GradeResult
    """The grade after vetoes."""
    grade_before_veto: GradeResult
    """The grade the total and required items alone reach."""
    veto: VetoResult
    """Vetoes that fired."""
    sections: list[SectionResult]
    """Each section's rate."""
    items: list[ItemResult]
    """Each item's result, in the standard's order."""
    unanswered: list[str]
    """Applicable items with no answer."""
    findings: list[FindingResult]
    """The record's findings."""
    incidents: list[IncidentResult]
    """The record's incidents with their class."""
    withheld: list[Text] = field(default_factory=list)
    """Why each grade above the one reached was refused although the total reaches its line
    (a required item not met, a 空项 without its reason, an attestation not stated)."""
    period: str | None = None
    """The period the record covers (its inspection's `period`), when given."""
    exceptions: list[ExceptionResult] = field(default_factory=list)
    """Every exception of the record (its own and the shared ones) as it stands on `as_of`."""
    scorable: bool = True
    """False when no item applies: the total cannot be computed (无法计分), it is reported as
    such (`total` stays 0.0 for sorting) and no grade above the lowest is awarded."""
    extra: float = 0.0
    """追加扣分 taken off the earned total (already out of `earned` and `total`)."""
    base: str | None = None
    """When the standard is an overlay (a local 细则): the base it extends, `ID@VERSION`."""

    def item(self, item_id: str) -> ItemResult:
        return next(r for r in self.items if r.id == item_id)

    def lost(self) -> list[ItemResult]:
        """Applicable items that earned less than their points, in the standard's order."""
        return [r for r in self.items if r.applicable and r.earned < r.points]
