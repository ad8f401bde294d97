"""The industries a subject may name, with the Chinese names the source documents use."""

from __future__ import annotations

import difflib
from typing import NamedTuple

from safecli.model.wording import Invalid


class Name(NamedTuple):
    """An industry's name in both languages (a plain pair: the record model builds on this module)."""

    zh: str
    en: str

    def get(self, lang: str = "zh") -> str:
        """The name in `lang` (Chinese unless `en`)."""
        return self.en if lang == "en" else self.zh

    def __str__(self) -> str:
        return self.zh


INDUSTRIES: dict[str, Name] = {
    "coal-mining": Name("煤矿", "coal mining"),
    "non-coal-mining": Name("非煤矿山", "non-coal mining"),
    "metallurgy": Name("冶炼", "metallurgy"),
    "hazardous-chemicals": Name("危险化学品", "hazardous chemicals"),
    "fireworks": Name("烟花爆竹", "fireworks"),
    "explosives": Name("民爆物品", "civil explosives"),
    "construction": Name("建筑施工", "construction"),
    "nonferrous": Name("有色", "non-ferrous metals"),
    "building-materials": Name("建材", "building materials"),
    "machinery": Name("机械", "machinery"),
    "light-industry": Name("轻工", "light industry"),
    "tobacco": Name("烟草", "tobacco"),
    "textile": Name("纺织", "textiles"),
    "road-transport": Name("道路交通运输", "road transport"),
    "tourism": Name("旅游", "tourism"),
    "commerce": Name("商贸", "commerce and trade"),
    "manufacturing": Name("一般制造业", "general manufacturing"),
    "food": Name("食品生产", "food production"),
    "catering": Name("餐饮", "catering"),
    "logistics": Name("仓储物流", "warehousing and logistics"),
    "public-venue": Name("公共聚集场所", "crowded public venues"),
    "energy": Name("电力燃气", "power and gas"),
    "other": Name("其他", "other"),
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


def nearest(value: str, choices: list[str] | None = None) -> dict[str, str]:
    """The hint for an unknown industry id: the closest known ids (`hint-did-you-mean`), else
    every known one (`hint-expected-one-of`); by their Chinese names when `value` is Chinese;
    spread into a coded problem."""
    pool = choices if choices is not None else list(INDUSTRIES)
    if any("\u4e00" <= ch <= "\u9fff" for ch in value):  # typed in Chinese: answer in names
        pool = [str(INDUSTRIES[i]) if i in INDUSTRIES else i for i in pool]
    close = difflib.get_close_matches(value, pool, n=3, cutoff=0.4)
    if close:
        return {"hint": "hint-did-you-mean", "close": ", ".join(close)}
    return {"hint": "hint-expected-one-of", "expected": ", ".join(pool)}


_BY_NAME = {name.zh: ident for ident, name in INDUSTRIES.items()}


def industry_word(value: object) -> object:
    """An industry written by its Chinese name (纺织, as the 自查表 and the regulations write
    it) as its id; anything else as it is, for the validators to judge."""
    return _BY_NAME.get(value.strip(), value) if isinstance(value, str) else value


def industry_words(value: object) -> object:
    """`industry_word` over a list (`industries: [有色, 机械]`)."""
    return [industry_word(v) for v in value] if isinstance(value, list) else value


def industry_ids(values: list[str]) -> list[str]:
    """`values` when every one is a known industry id; else a ValueError with a 'did you mean'."""
    for value in values:
        if value not in INDUSTRIES:
            raise Invalid("unknown-industry", industry=repr(value), **nearest(value))
    return values
