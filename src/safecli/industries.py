"""The industries a subject may name, with the Chinese names the source documents use."""

from __future__ import annotations

import difflib

from safecli.models import Text

INDUSTRIES: dict[str, Text] = {
    "coal-mining": Text(zh="煤矿", en="coal mining"),
    "non-coal-mining": Text(zh="非煤矿山", en="non-coal mining"),
    "metallurgy": Text(zh="冶炼", en="metallurgy"),
    "hazardous-chemicals": Text(zh="危险化学品", en="hazardous chemicals"),
    "fireworks": Text(zh="烟花爆竹", en="fireworks"),
    "explosives": Text(zh="民爆物品", en="civil explosives"),
    "construction": Text(zh="建筑施工", en="construction"),
    "machinery": Text(zh="机械", en="machinery"),
    "textile": Text(zh="纺织", en="textiles"),
    "road-transport": Text(zh="道路交通运输", en="road transport"),
    "tourism": Text(zh="旅游", en="tourism"),
    "commerce": Text(zh="商贸", en="commerce and trade"),
    "manufacturing": Text(zh="一般制造业", en="general manufacturing"),
    "food": Text(zh="食品生产", en="food production"),
    "catering": Text(zh="餐饮", en="catering"),
    "logistics": Text(zh="仓储物流", en="warehousing and logistics"),
    "public-venue": Text(zh="公共聚集场所", en="crowded public venues"),
    "energy": Text(zh="电力燃气", en="power and gas"),
    "other": Text(zh="其他", en="other"),
}
"""Industry ids, with their names."""

HIGH_RISK = (
    "non-coal-mining",
    "hazardous-chemicals",
    "construction",
    "explosives",
    "fireworks",
    "road-transport",
    "tourism",
)
"""The industries 003 names for safety evaluation (高危行业)."""


def nearest(value: str, choices: list[str] | None = None) -> str:
    """The closest known ids to `value`, for 'did you mean' hints."""
    pool = choices if choices is not None else list(INDUSTRIES)
    close = difflib.get_close_matches(value, pool, n=3, cutoff=0.4)
    return ", ".join(close) if close else "one of: " + ", ".join(pool)
