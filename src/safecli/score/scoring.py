"""assess(standard, record, as_of) -> Assessment: the exact scoring rules of DESIGN.md.

Arithmetic is exact (fractions of the decimal numbers the files state); only the reported
figures are rounded, half up, as paper assessments are.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

from safecli.model.deadlines import is_overdue
from safecli.model.industries import INDUSTRIES
from safecli.model.models import (
    FINDING_LEVEL_LABELS,
    AttestationRule,
    Credit,
    Grade,
    Incident,
    IncidentClass,
    IncidentCondition,
    Item,
    ItemKind,
    Record,
    Response,
    Standard,
    Status,
    Subject,
    Text,
    Veto,
    incident_kind_label,
)

# ---------------------------------------------------------------- results
# Plain slotted dataclasses: an assessment is built for every record a gate checks, so these
# must be cheap to make. Item reasons are rendered only when someone reads them.

Why = tuple[Any, ...]
"""A reason not yet written out: a function of this module and its arguments."""


@dataclass(frozen=True, slots=True)
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

    @property
    def reason(self) -> Text:
        """Why it earned what it earned, in Chinese and English."""
        function, *args = self.why
        return function(*args)


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


@dataclass(frozen=True, slots=True)
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
    named: bool = True
    """False when the id was made from the 自查表's row (R11): documents do not print it."""


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

    def item(self, item_id: str) -> ItemResult:
        return next(r for r in self.items if r.id == item_id)

    def lost(self) -> list[ItemResult]:
        """Applicable items that earned less than their points, in the standard's order."""
        return [r for r in self.items if r.applicable and r.earned < r.points]


def _t(zh: str, en: str) -> Text:
    # built from our own strings: no need to validate them again
    return Text.model_construct(zh=zh, en=en)


# ---------------------------------------------------------------- arithmetic


Exact = Fraction | int
"""An exact number: ints stay ints (fast), decimals become fractions."""


def exact(value: float | int) -> Exact:
    """The number a file states, exactly (0.1 is one tenth, not its binary neighbour)."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else _decimal_fraction(value)
    return value


@lru_cache(maxsize=8192)
def _decimal_fraction(value: float) -> Fraction:
    # the same few decimals (0.5 points, 97.5 %) recur in every record: parse each once
    return Fraction(str(value))


def round_half_up(value: Exact, places: int = 1) -> Decimal:
    """Round half away from zero, as paper assessments do (Python's round() goes to even)."""
    if isinstance(value, int):
        return Decimal(value).quantize(Decimal(1).scaleb(-places))
    scale = 10**places
    scaled = abs(value) * scale
    rounded = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)
    result = Decimal(rounded) / Decimal(scale)
    return -result if value < 0 else result


def _num(value: Exact, places: int = 2) -> float:
    if isinstance(value, int) or value.denominator == 1:
        return float(value)
    return float(round_half_up(value, places))


def _fmt(value: float | Fraction) -> str:
    number = float(value)
    return f"{number:g}" if abs(number) < 1e15 else str(number)


# ---------------------------------------------------------------- incidents


def classify(fatalities: int, serious_injuries: int, direct_loss_yuan: float) -> IncidentClass:
    """Article 3 of 生产安全事故报告和调查处理条例: the highest class any measure reaches.

    以上 includes the number and 以下 excludes it, so each class starts at its threshold.
    """
    loss = exact(direct_loss_yuan)
    if fatalities >= 30 or serious_injuries >= 100 or loss >= 100_000_000:
        return IncidentClass.especially_major
    if fatalities >= 10 or serious_injuries >= 50 or loss >= 50_000_000:
        return IncidentClass.major
    if fatalities >= 3 or serious_injuries >= 10 or loss >= 10_000_000:
        return IncidentClass.larger
    return IncidentClass.general


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the month's last day when it has no such day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _incident_matches(cond: IncidentCondition, incident: Incident, end: dt.date) -> bool:
    start = months_before(end, cond.within_months)
    if not start <= incident.date <= end:
        return False
    if cond.min_fatalities is not None and incident.fatalities < cond.min_fatalities:
        return False
    if (
        cond.min_serious_injuries is not None
        and incident.serious_injuries < cond.min_serious_injuries
    ):
        return False
    if cond.min_direct_loss_yuan is not None and exact(incident.direct_loss_yuan) < exact(
        cond.min_direct_loss_yuan
    ):
        return False
    if cond.min_class is not None:
        found = classify(incident.fatalities, incident.serious_injuries, incident.direct_loss_yuan)
        if found.rank < cond.min_class.rank:
            return False
    return not (cond.kinds is not None and incident.kind not in cond.kinds)


# ---------------------------------------------------------------- items


def does_apply(item: Item, subject: Subject) -> bool:
    """Whether the item applies to the subject (what `applies` says, without the words)."""
    cond = item.applies_if
    if cond is None:
        return True
    staff = subject.employees
    if cond.employees_min is not None and (staff is None or staff < cond.employees_min):
        return False
    if cond.employees_max is not None and staff is not None and staff > cond.employees_max:
        return False
    return cond.industries is None or subject.industry in cond.industries


def _why_not_applying(item: Item, subject: Subject) -> Text:
    found = applies(item, subject)
    assert found is not None
    return found


def applies(item: Item, subject: Subject) -> Text | None:
    """None when the item applies to the subject, else why it does not."""
    cond = item.applies_if
    if cond is None:
        return None
    staff = subject.employees
    if cond.employees_min is not None:
        if staff is None:
            return _t(
                zh=f"不适用：仅适用于从业人员 {cond.employees_min} 人以上的单位，记录未填从业人员数",
                en=f"not applicable: only for units of {cond.employees_min}+ employees, "
                "and the record gives no head count",
            )
        if staff < cond.employees_min:
            return _t(
                zh=f"不适用：从业人员 {staff} 人，少于 {cond.employees_min} 人",
                en=f"not applicable: {staff} employees, fewer than {cond.employees_min}",
            )
    if cond.employees_max is not None and staff is not None and staff > cond.employees_max:
        return _t(
            zh=f"不适用：从业人员 {staff} 人，多于 {cond.employees_max} 人",
            en=f"not applicable: {staff} employees, more than {cond.employees_max}",
        )
    if cond.industries is not None and subject.industry not in cond.industries:
        shown = subject.industry or "未填/none"
        named = INDUSTRIES.get(subject.industry or "")
        return _t(
            zh=f"不适用：行业{'“' + named.zh + '”' if named else '未填'}不在"
            + "、".join(INDUSTRIES[i].zh if i in INDUSTRIES else i for i in cond.industries)
            + "之列",
            en=f"not applicable: industry {shown} is not one of {', '.join(cond.industries)}",
        )
    return None


def _why_deductions(parts: str, off: Exact, earned: Exact, points: Exact) -> Text:
    return _t(
        zh=f"扣分：{parts or '无'}，共扣 {_fmt(off)} 分，得 {_fmt(earned)} 分（不低于 0）",
        en=f"deductions: {parts or 'none'}, {_fmt(off)} off, {_fmt(earned)} of {_fmt(points)}"
        " (never below 0)",
    )


def _why_met(points: Exact) -> Text:
    return _t(zh=f"符合，得满分 {_fmt(points)} 分", en=f"met: full {_fmt(points)} points")


def _why_scored(earned: Exact, points: Exact) -> Text:
    return _t(
        zh=f"部分符合，评分 {_fmt(earned)} 分（满分 {_fmt(points)}）",
        en=f"partial: scored {_fmt(earned)} of {_fmt(points)}",
    )


def _why_half(earned: Exact, points: Exact) -> Text:
    return _t(
        zh=f"部分符合，未给分数，按一半计 {_fmt(earned)} 分",
        en=f"partial with no score: half of {_fmt(points)} = {_fmt(earned)}",
    )


def _why_unmet() -> Text:
    return _t(zh="不符合，得 0 分", en="unmet: 0 points")


def _why_na(reason: str | None) -> Text:
    if reason:
        return _t(
            zh=f"自评为不适用（空项），不计入实得分与总分；理由：{reason}",
            en=f"answered not applicable: left out of both sums; reason: {reason}",
        )
    return _t(
        zh="自评为不适用（空项），不计入实得分与总分；未说明理由",
        en="answered not applicable: left out of both sums; no reason given",
    )


def _why_given(reason: Text) -> Text:
    return reason


OP_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
"""Comparisons as Chinese text prints them."""


def _why_proportional(item: Item, value: float, earned: Exact) -> Text:
    assert item.op is not None and item.target is not None
    points, target, got = exact(item.points), exact(item.target), exact(value)
    rule = f"{item.metric} = {_fmt(value)}"
    shown = f"{_fmt(points)} × {_fmt(min(got, target))}/{_fmt(target)} = {_fmt(_num(earned))}"
    return _t(
        zh=f"{rule}，目标 {OP_SIGNS[item.op.value]} {_fmt(target)}，按比例得 {shown} 分",
        en=f"{rule}, target {item.op.value} {_fmt(target)}: proportional {shown}",
    )


def _why_target(item: Item, value: float, hit: bool) -> Text:
    assert item.op is not None and item.target is not None
    rule = f"{item.metric} = {_fmt(value)}"
    target = f"{item.op.value} {_fmt(item.target)}"
    sign = f"{OP_SIGNS[item.op.value]} {_fmt(item.target)}"
    if hit:
        return _t(
            zh=f"{rule}，达到 {sign}，得 {_fmt(item.points)} 分",
            en=f"{rule} meets {target}: {_fmt(item.points)} points",
        )
    return _t(zh=f"{rule}，未达到 {sign}，得 0 分", en=f"{rule} misses {target}: 0 points")


def _why_unanswered(metric: str | None) -> Text:
    if metric:
        return _t(zh=f"未填报指标 {metric}，得 0 分", en=f"metric {metric} not reported: 0 points")
    return _t(zh="未作答，得 0 分", en="not answered: 0 points")


# Scoring works in units of 1/UNIT point: every decimal a file states with up to six places is a
# whole number of units, so sums and comparisons stay plain integers (fast) and exact. Anything
# finer (a proportional share, a seventh decimal) is a Fraction of units, exact all the same.
UNIT = 2_000_000
"""Units per point (even: half of any point value is a whole number of units)."""


def units(value: float | int) -> Exact:
    """`value` as it is written, in units: an int whenever it has at most six decimals."""
    if isinstance(value, int):
        return value * UNIT
    if value.is_integer():
        return int(value) * UNIT
    return _float_units(value)


@lru_cache(maxsize=8192)
def _float_units(value: float) -> Exact:
    scaled = _decimal_fraction(value) * UNIT
    return scaled.numerator if scaled.denominator == 1 else scaled


def _points(u: Exact) -> Exact:
    """Units back to points, exactly."""
    if isinstance(u, int) and u % UNIT == 0:
        return u // UNIT
    return Fraction(u) / UNIT


def _num_units(u: Exact) -> float:
    """Units as points, rounded half up to two decimals (what ItemResult reports)."""
    if isinstance(u, int):
        if u % UNIT == 0:
            return float(u // UNIT)
        if u >= 0:
            return ((u * 200 + UNIT) // (2 * UNIT)) / 100
    return _num(_points(u))


def _rate(earned: Exact, points: Exact) -> Decimal:
    """100 × earned ÷ points, rounded half up to one decimal (both in units, points > 0)."""
    if isinstance(earned, int) and isinstance(points, int) and earned >= 0:
        tenths = (earned * 2000 + points) // (2 * points)
        return Decimal(tenths).scaleb(-1)
    return round_half_up(Fraction(100 * earned) / points)


def _why_deductions(
    rates: dict[str, Exact], counts: dict[str, int], earned: Exact, points: Exact
) -> Text:
    parts = ", ".join(f"{k} {n}×{_fmt(rates[k])}" for k, n in counts.items() if n and k in rates)
    off = sum(rates[k] * n for k, n in counts.items() if k in rates)
    return _t(
        zh=f"扣分：{parts or '无'}，共扣 {_fmt(off)} 分，得 {_fmt(earned)} 分（不低于 0）",
        en=f"deductions: {parts or 'none'}, {_fmt(off)} off, {_fmt(earned)} of {_fmt(points)}"
        " (never below 0)",
    )


def _why_half_of(points: Exact) -> Text:
    return _why_half(Fraction(points) / 2, points)


def _why_proportional_units(item: Item, value: float, earned: Exact) -> Text:
    return _why_proportional(item, value, _points(earned))


def _score_check(item: Item, response: Response, plan: _ItemPlan) -> tuple[Exact, str, Why]:
    points_u, _, rates_u, points, rates = plan
    if response.deductions is not None:
        counts = response.deductions
        off = sum(rates_u[k] * n for k, n in counts.items() if k in rates_u) if rates_u else 0
        earned = max(0, points_u - off)
        status = "met" if earned == points_u else "unmet" if earned == 0 else "partial"
        return earned, status, (_why_deductions, rates or {}, counts, _points(earned), points)
    if response.status is Status.met:
        return points_u, "met", (_why_met, points)
    if response.status is Status.partial:
        if response.score is not None:
            return units(response.score), "partial", (_why_scored, exact(response.score), points)
        return points_u // 2, "partial", (_why_half_of, points)
    return 0, "unmet", (_why_unmet,)


_COMPARE = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}


def _score_measure(item: Item, value: float, points_u: Exact) -> tuple[Exact, str, Why]:
    assert item.op is not None and item.target is not None
    target, got = units(item.target), units(value)
    if item.credit is Credit.proportional:
        if got >= target:
            return points_u, "met", (_why_proportional_units, item, value, points_u)
        if got <= 0:
            return 0, "unmet", (_why_proportional_units, item, value, 0)
        earned = Fraction(points_u * got) / target
        if earned.denominator == 1:
            earned = earned.numerator
        return earned, "partial", (_why_proportional_units, item, value, earned)
    hit = _COMPARE[item.op.value](got, target)
    return (points_u if hit else 0), ("met" if hit else "unmet"), (_why_target, item, value, hit)


def score_item(item: Item, record: Record, section: str = "") -> tuple[Exact, ItemResult]:
    """One item's exact earned points and its reported result."""
    earned, result = _score(_item_plan(item), item, record, section)
    return _points(earned), result


_ItemPlan = tuple[Exact, bool, dict[str, Exact] | None, Exact, dict[str, Exact] | None]
"""What scoring needs of an item, worked out once per standard: its points in units, is it a
measure, each deduction's points in units, and the same two exactly in points (for reasons)."""


def _item_plan(item: Item) -> _ItemPlan:
    rates = {d.id: exact(d.points) for d in item.deductions} if item.deductions else None
    rates_u = {d.id: units(d.points) for d in item.deductions} if item.deductions else None
    return (units(item.points), item.kind is ItemKind.measure, rates_u, exact(item.points), rates)


def _score(plan: _ItemPlan, item: Item, record: Record, section: str) -> tuple[Exact, ItemResult]:
    """Earned units and the result of one item."""
    points_u = plan[0]
    response = record.responses.get(item.id)
    value = record.metrics.get(item.metric) if item.metric else None
    not_applying = item.applies_if is not None and not does_apply(item, record.subject)
    if not_applying or (response is not None and response.status is Status.na):
        why: Why = (
            (_why_not_applying, item, record.subject)
            if not_applying
            else (_why_na, response.na_reason if response is not None else None)
        )
        result = ItemResult(
            item.id, section, item.kind, "na", 0, item.points, False, why, item.veto, value
        )
        return 0, result
    earned: Exact
    if plan[1]:
        if value is None:
            earned, status, why = 0, "unanswered", (_why_unanswered, item.metric)
        else:
            earned, status, why = _score_measure(item, value, points_u)
    elif response is None:
        earned, status, why = 0, "unanswered", (_why_unanswered, None)
    elif response.deductions is None and response.status is Status.met:
        earned, status, why = points_u, "met", (_why_met, plan[3])
    else:
        earned, status, why = _score_check(item, response, plan)
    result = ItemResult(
        item.id,
        section,
        item.kind,
        status,
        _num_units(earned),
        item.points,
        True,
        why,
        item.veto,
        value,
    )
    return earned, result


@dataclass(frozen=True, slots=True)
class Plan:
    """A standard compiled once for scoring: plain tuples instead of lookups on every record."""

    sections: tuple[tuple[Any, tuple[tuple[Item, _ItemPlan], ...]], ...]
    """Each section with its items and their plans."""
    grades: tuple[tuple[Grade, Decimal, tuple[str, ...]], ...]
    """Each grade with its minimum as a Decimal and its required items."""
    items: dict[str, Item]
    """Items by id."""
    veto_items: tuple[Item, ...]
    """Items whose unmet answer is a veto."""
    rank: dict[str, int]
    """Grade ids by position, highest first."""
    grade_by_id: dict[str, Grade]
    """Grades by id."""


_PLANS: dict[int, tuple[Standard, Plan]] = {}


def compile_standard(standard: Standard) -> Plan:
    """The scoring plan of `standard`, compiled on first use and kept (standards are frozen)."""
    found = _PLANS.get(id(standard))
    if found is not None and found[0] is standard:
        return found[1]
    plan = Plan(
        sections=tuple(
            (section, tuple((item, _item_plan(item)) for item in section.items))
            for section in standard.sections
        ),
        grades=tuple((g, Decimal(str(g.min)), tuple(g.requires)) for g in standard.grades),
        items=standard.item_map(),
        veto_items=tuple(item for item in standard.items() if item.veto),
        rank={g.id: i for i, g in enumerate(standard.grades)},
        grade_by_id={g.id: g for g in standard.grades},
    )
    if len(_PLANS) > 256:  # a long-lived process that loads many standards
        _PLANS.clear()
    _PLANS[id(standard)] = (standard, plan)
    return plan


# ---------------------------------------------------------------- grades and vetoes


def counts_as_met(item: Item, record: Record) -> bool:
    """Whether a required item (必备条件) counts as met for a grade.

    Met, or not applicable by the standard's `applies_if`: yes. Answered `na` by the record
    itself: only with its `na_reason` (a 空项 on a 必备条件 is never a silent pass).
    """
    response = record.responses.get(item.id)
    if item.applies_if is not None and not does_apply(item, record.subject):
        return True
    if response is not None and response.status is Status.na:
        return bool(response.na_reason)
    return False


def attested(rule: AttestationRule, record: Record) -> bool:
    """Whether the record states the attestation, dated inside its validity at the inspection."""
    found = record.attestations.get(rule.id)
    if found is None or found.date > record.inspection.date:
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
    unmet = [
        r
        for r in grade.requires
        if results[r].status != "met" and not counts_as_met(items[r], record)
    ]
    empty = [r for r in unmet if results[r].status == "na"]
    missing = [rule for rule in grade.attestations if not attested(rule, record)]
    if not unmet and not missing:
        return None
    zh: list[str] = []
    en: list[str] = []
    if empty:
        zh.append(f"必备条件 {'、'.join(empty)} 自评为不适用但未说明理由")
        en.append(f"required {', '.join(empty)} answered na with no reason")
    others = [r for r in unmet if r not in empty]
    if others:
        zh.append(f"必备条件 {'、'.join(others)} 未符合")
        en.append(f"required {', '.join(others)} not met")
    for rule in missing:
        zh.append(f"记录未载明有效的外部认定：{rule.text.zh.rstrip('。')}（{rule.id}）")
        en.append(f"no valid attestation stated: {rule.text.get('en').rstrip('.')} ({rule.id})")
    return _t(
        zh=f"未评为{grade.label.zh}：{'；'.join(zh)}",
        en=f"Not {grade.label.get('en')}: {'; '.join(en)}",
    )


def _reach(
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
        if results[item.id].status == "unmet":
            fired.append(
                FiredRule(
                    id=f"item:{item.id}",
                    text=item.text,
                    max_grade=lowest,
                    because=_t(zh="否决项不符合", en=f"veto item {item.id} is unmet"),
                )
            )
    return fired


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
            if _incident_matches(when.incident, incident, end):
                label = classify(
                    incident.fatalities, incident.serious_injuries, incident.direct_loss_yuan
                ).label
                kind = incident_kind_label(incident.kind)
                return _t(
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
            return _t(
                zh=f"{label.zh if label else when.metric.metric} = {_fmt(value)}",
                en=f"{when.metric.metric} = {_fmt(value)}",
            )
    if when.finding is not None:
        for finding in findings:
            if finding.level == when.finding.level and finding.status == "open":
                if when.finding.overdue and not finding.overdue:
                    continue
                state = "逾期未整改" if finding.overdue else "未整改"
                return _t(
                    zh=f"隐患 {finding.id}（{FINDING_LEVEL_LABELS[finding.level].zh}）{state}：{finding.text}",
                    en=f"finding {finding.id} ({finding.level}) "
                    f"{'overdue' if finding.overdue else 'open'}: {finding.text}",
                )
    for ref in when.items_unmet or []:
        if ref in results and results[ref].status == "unmet":
            return _t(zh=f"{ref} 不符合", en=f"{ref} is unmet")
    return None


# ---------------------------------------------------------------- the whole


def assess(standard: Standard, record: Record, as_of: dt.date | None = None) -> Assessment:
    """Score `record` against `standard`. Pure: the same inputs give the same Assessment."""
    as_of = as_of or record.inspection.date
    plan = compile_standard(standard)
    results: dict[str, ItemResult] = {}
    sections: list[SectionResult] = []
    total_earned: Exact = 0
    total_points: Exact = 0
    for section, entries in plan.sections:
        sec_earned: Exact = 0
        sec_points: Exact = 0
        section_id = section.id
        for item, item_plan in entries:
            earned, result = _score(item_plan, item, record, section_id)
            results[item.id] = result
            if result.applicable:
                sec_earned += earned
                sec_points += item_plan[0]
        sections.append(
            SectionResult(
                id=section.id,
                title=section.title,
                earned=_num_units(sec_earned),
                points=_num_units(sec_points),
                rate=float(_rate(sec_earned, sec_points)) if sec_points else None,
            )
        )
        total_earned += sec_earned
        total_points += sec_points

    total = _rate(total_earned, total_points) if total_points else Decimal("0.0")
    reached, withheld = _reach(plan, total, record, results)

    items = plan.items
    findings = [
        FindingResult(
            id=f.id,
            text=f.text,
            item=f.item,
            level=f.level,
            owner=f.owner
            or (items[f.item].owner.zh if f.item in items and items[f.item].owner else None),
            due=f.due,
            status="open" if f.needs_work else "closed",
            overdue=is_overdue(f.needs_work, f.due, as_of),
            measure=f.measure,
            stage=f.status,
            closed_on=f.closed_on,
            named=not f.numbered_by_sheet,
        )
        for f in record.findings
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
        earned=_num_units(total_earned),
        points=_num_units(total_points),
        grade=GradeResult(id=final.id, label=final.label),
        grade_before_veto=GradeResult(id=reached.id, label=reached.label),
        veto=VetoResult(triggered=bool(fired), rules=fired),
        sections=sections,
        items=list(results.values()),
        unanswered=[i for i, r in results.items() if r.status == "unanswered"],
        findings=findings,
        incidents=incidents,
        withheld=withheld,
        period=record.inspection.period,
    )


def lost_points(a: Assessment) -> list[ItemResult]:
    """Applicable items that earned less than their points, biggest loss first, then by order."""
    order = {r.id: i for i, r in enumerate(a.items)}
    return sorted(a.lost(), key=lambda r: (-(r.points - r.earned), order[r.id]))
