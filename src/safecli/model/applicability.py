"""Whether an item applies to a subject, and which fact a record must state to decide it.

An item's `applies_if` reads facts of the subject: its head count, industry and features, or,
for a district or town, what its area holds (`subject.area`). When a fact is stated the item
applies or not, with the reason in words; when it is missing the item is taken as applying and
`missing_facts` names what to state, so loading refuses the record (never a silent 不适用).
"""

from __future__ import annotations

from dataclasses import dataclass

from safecli.model.base import Text
from safecli.model.features import FEATURES
from safecli.model.industries import INDUSTRIES
from safecli.model.record import Subject
from safecli.model.standard import Item


def _t(zh: str, en: str) -> Text:
    return Text.model_construct(zh=zh, en=en)


def _industries(ids: list[str], lang: str = "zh") -> str:
    names = [INDUSTRIES[i].get(lang) if i in INDUSTRIES else i for i in ids]
    return "、".join(names) if lang == "zh" else ", ".join(names)


def _features(ids: list[str], lang: str = "zh") -> str:
    names = [FEATURES[i].get(lang) if i in FEATURES else i for i in ids]
    return "、".join(names) if lang == "zh" else ", ".join(names)


@dataclass(frozen=True)
class MissingFact:
    """A fact of the subject an item's applicability depends on, which the record leaves out."""

    path: tuple[str, ...]
    """Where in the record it goes (`subject`, `area`, `units_by_staff`)."""
    what: Text
    """What is missing, in words."""
    add: Text
    """What to write (the hint): the key and its form (zh), `add KEY …` (en)."""
    names: tuple[str, ...] = ()
    """The industries not stated, for the area's industries (facts of several items merge)."""


def area_industries_missing(names: list[str] | tuple[str, ...]) -> MissingFact:
    """The area's unit counts of these industries are not stated."""
    ordered = [i for i in INDUSTRIES if i in names] + [i for i in names if i not in INDUSTRIES]
    return MissingFact(
        ("subject", "area", "industries"),
        _t(
            f"记录未说明辖区内{_industries(ordered)}行业的单位数",
            f"the record does not say how many units of {', '.join(ordered)} its area holds",
        ),
        _t(
            f"subject.area.industries: {{{ordered[0]}: N, …}}（没有的写 0）",
            f"add subject.area.industries: {{{ordered[0]}: N, …}} (0 when there are none)",
        ),
        tuple(ordered),
    )


def missing_facts(item: Item, subject: Subject) -> list[MissingFact]:
    """The facts `item.applies_if` reads that `subject` does not state."""
    cond = item.applies_if
    if cond is None:
        return []
    out: list[MissingFact] = []
    if (cond.employees_min is not None or cond.employees_max is not None) and (
        subject.employees is None
    ):
        out.append(
            MissingFact(
                ("subject", "employees"),
                _t("记录未填从业人员数", "the record gives no head count (employees)"),
                _t("subject.employees", "add subject.employees"),
            )
        )
    if cond.industries is not None and subject.industry is None:
        out.append(
            MissingFact(
                ("subject", "industry"),
                _t("记录未填行业", "the record gives no industry"),
                _t("subject.industry", "add subject.industry"),
            )
        )
    if cond.features is not None and subject.features is None:
        out.append(
            MissingFact(
                ("subject", "features"),
                _t(
                    f"记录未说明是否{_features(cond.features)}",
                    "the record does not say whether the unit has any of: "
                    + ", ".join(cond.features),
                ),
                _t(
                    "subject.features（都没有的写 features: []）",
                    "add subject.features (features: [] when it has none of them)",
                ),
            )
        )
    area = cond.area_units
    if area is not None:
        held = subject.area
        if area.employees_min is not None and (
            held is None or held.units_of_staff(area.employees_min) is None
        ):
            n = area.employees_min
            out.append(
                MissingFact(
                    ("subject", "area", "units_by_staff", str(n)),
                    _t(
                        f"记录未说明辖区内从业人员 {n} 人以上的单位数",
                        f"the record does not say how many units of {n}+ staff its area holds",
                    ),
                    _t(
                        f"subject.area.units_by_staff: {{{n}: N}}（没有的写 0）",
                        f"add subject.area.units_by_staff: {{{n}: N}} (0 when there are none)",
                    ),
                )
            )
        if area.industries is not None and (held is None or held.units_in(area.industries) is None):
            stated = held.industries if held is not None else {}
            out.append(area_industries_missing([i for i in area.industries if i not in stated]))
    return out


def not_applying(item: Item, subject: Subject) -> Text | None:
    """Why the item does not apply to the subject, or None when it applies.

    A condition whose fact the subject does not state does not make the item not applicable:
    the item applies (and `missing_facts` says what the record must state).
    """
    cond = item.applies_if
    if cond is None:
        return None
    staff = subject.employees
    if cond.employees_min is not None and staff is not None and staff < cond.employees_min:
        return _t(
            zh=f"不适用：从业人员 {staff} 人，少于 {cond.employees_min} 人",
            en=f"not applicable: {staff} employees, fewer than {cond.employees_min}",
        )
    if cond.employees_max is not None and staff is not None and staff > cond.employees_max:
        return _t(
            zh=f"不适用：从业人员 {staff} 人，多于 {cond.employees_max} 人",
            en=f"not applicable: {staff} employees, more than {cond.employees_max}",
        )
    industry = subject.industry
    if (
        cond.industries is not None
        and industry is not None
        and not set(subject.all_industries) & set(cond.industries)
    ):
        named = INDUSTRIES.get(industry)
        return _t(
            zh=f"不适用：行业“{named.zh if named else industry}”不在{_industries(cond.industries)}之列",
            en=f"not applicable: industry {industry} is not one of {', '.join(cond.industries)}",
        )
    features = subject.features
    if (
        cond.features is not None
        and features is not None
        and not set(features) & set(cond.features)
    ):
        return _t(
            zh=f"不适用：仅适用于{_features(cond.features)}的单位",
            en=f"not applicable: the unit does not have: {_features(cond.features, 'en')}",
        )
    area = cond.area_units
    held = subject.area
    if area is not None and held is not None:
        if area.employees_min is not None and held.units_of_staff(area.employees_min) == 0:
            n = area.employees_min
            return _t(
                zh=f"不适用：辖区内没有从业人员 {n} 人以上的单位",
                en=f"not applicable: the area holds no unit of {n}+ staff",
            )
        if area.industries is not None and held.units_in(area.industries) == 0:
            return _t(
                zh=f"不适用：辖区内没有{_industries(area.industries)}行业的单位",
                en="not applicable: the area holds no unit of "
                + _industries(area.industries, "en"),
            )
    return None


def does_apply(item: Item, subject: Subject) -> bool:
    """Whether the item applies to the subject: `not_applying(item, subject) is None`, read
    from the same conditions in the same order without wording the reason (scoring asks it
    of every conditional item of every record)."""
    cond = item.applies_if
    if cond is None:
        return True
    staff = subject.employees
    if staff is not None and (
        (cond.employees_min is not None and staff < cond.employees_min)
        or (cond.employees_max is not None and staff > cond.employees_max)
    ):
        return False
    if (
        cond.industries is not None
        and subject.industry is not None
        and not set(subject.all_industries) & set(cond.industries)
    ):
        return False
    features = subject.features
    if (
        cond.features is not None
        and features is not None
        and not set(features) & set(cond.features)
    ):
        return False
    area = cond.area_units
    held = subject.area
    if area is not None and held is not None:
        if area.employees_min is not None and held.units_of_staff(area.employees_min) == 0:
            return False
        if area.industries is not None and held.units_in(area.industries) == 0:
            return False
    return True


def applying_because(item: Item, subject: Subject) -> Text | None:
    """Why an item with `applies_if` applies (for a refused `na`), or None without one."""
    cond = item.applies_if
    if cond is None or not does_apply(item, subject):
        return None
    parts_zh: list[str] = []
    parts_en: list[str] = []
    if cond.employees_min is not None and subject.employees is not None:
        parts_zh.append(f"从业人员 {subject.employees} 人，达到 {cond.employees_min} 人")
        parts_en.append(f"employees: {subject.employees} ≥ {cond.employees_min}")
    if cond.industries is not None and subject.industry is not None:
        parts_zh.append(f"行业为{_industries([subject.industry])}")
        parts_en.append(f"industry: {subject.industry}")
    if cond.features is not None and subject.features:
        found = [f for f in subject.features if f in cond.features]
        parts_zh.append(_features(found))
        parts_en.append(f"features: {', '.join(found)}")
    area = cond.area_units
    if area is not None and subject.area is not None:
        if area.employees_min is not None:
            n = subject.area.units_of_staff(area.employees_min)
            parts_zh.append(f"辖区内有从业人员 {area.employees_min} 人以上的单位 {n} 家")
            parts_en.append(f"area.units_by_staff: {n} of {area.employees_min}+")
        if area.industries is not None:
            n = subject.area.units_in(area.industries)
            parts_zh.append(f"辖区内有{_industries(area.industries)}行业的单位 {n} 家")
            parts_en.append(f"area.industries: {n}")
    return _t("，".join(parts_zh), "; ".join(parts_en))
