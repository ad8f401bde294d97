"""What a unit has that decides whether an item applies to it (重大危险源, 粉尘涉爆, …).

A record states them in `subject.features` (an empty list when it has none); an item's
`applies_if: {features: [...]}` applies only to a unit with one of them. Plain data, like
`industries`, so `models` can build on it.
"""

from __future__ import annotations

from safecli.model.industries import Name

FEATURES: dict[str, Name] = {
    "major-hazard-installation": Name("构成重大危险源", "has a major hazard installation"),
    "occupational-hazards": Name("存在职业病危害因素", "has occupational disease hazards"),
    "dust-explosion": Name("粉尘涉爆", "combustible dust"),
    "ammonia-refrigeration": Name("液氨制冷", "ammonia refrigeration"),
    "confined-space": Name("有限空间作业", "confined-space work"),
    "metal-smelting": Name("金属冶炼", "metal smelting"),
}
"""Feature ids a subject and an `applies_if` may name, with their names."""

LEVELS: dict[str, Name] = {
    "national": Name("国家", "national"),
    "provincial": Name("省", "provincial"),
    "city": Name("市", "city"),
    "county": Name("县", "county"),
}
"""Administrative levels of a body that attests (验收/发证机关), highest first."""

LEVEL_WORDS = {
    **{key: key for key in LEVELS},
    "国家": "national",
    "国家级": "national",
    "部": "national",
    "省": "provincial",
    "省级": "provincial",
    "市": "city",
    "市级": "city",
    "县": "county",
    "县级": "county",
    "区": "county",
    "县区": "county",
}
"""Every word a record may use for a level, mapped to its id (a 区 is a county-level body)."""


def level_rank(level: str) -> int:
    """0 for national, 3 for county: lower is higher."""
    return list(LEVELS).index(level)
