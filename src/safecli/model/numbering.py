"""Item numbers as the paper prints them (五、13; 二（二）6; 附件2 三、4), from each item's source.

A person reads an item by the number it has in the source document, never by its id: the id
(`content.13`) is for machine formats only. The number comes from the item's `source.ref`
(`五.13`, `二.(二).6`, `附件2.三`): the first Chinese numeral takes 、, later ones and
parenthesised ones take （）; where several items share one reference, those under a part
(`附件2.三`) are counted (附件2 三、1, 三、2 …) and the sub-items split out of one numbered item
(`五.7`) are marked (五、7, 五、7之二 …).
"""

from __future__ import annotations

import re

from safecli.model.patterns import lazy
from safecli.model.standard import Standard

CN_NUMERAL = lazy(r"^[一二三四五六七八九十]+$")
ARABIC = lazy(r"^\d+$")


def format_ref(ref: str) -> str:
    """`五.13` → `五、13`; `二.(二).6` → `二（二）6`; `附件2.三` → `附件2 三、`; `5.1.2` stays."""
    out = ""
    numerals = 0
    for part in ref.split("."):
        if not part:
            continue
        if part.startswith("(") and part.endswith(")"):
            out += f"（{part[1:-1]}）"
        elif CN_NUMERAL.match(part):
            out += part + "、" if numerals == 0 else f"（{part}）"
            numerals += 1
        elif ARABIC.match(part):
            out += ("." if out[-1:].isdigit() else "") + part  # 1.1, 5.1.2 keep their points
        else:
            out += (" " if out and not out.endswith((" ", "、", "）")) else "") + part
            if part.startswith(("附件", "第")):
                out += " "
    return out.strip().replace("、（", "（")


_NUMBERS: dict[int, tuple[Standard, dict[str, str]]] = {}
"""`paper_numbers` of the standards seen, by identity (a gate asks once per fired veto)."""


def paper_numbers(standard: Standard) -> dict[str, str]:
    """Every item id of `standard` mapped to its number on paper, unique within the standard."""
    known = _NUMBERS.get(id(standard))
    if known is not None and known[0] is standard:
        return dict(known[1])
    numbers = _paper_numbers(standard)
    if len(_NUMBERS) > 64:
        _NUMBERS.clear()
    _NUMBERS[id(standard)] = (standard, numbers)
    return dict(numbers)


def _paper_numbers(standard: Standard) -> dict[str, str]:
    groups: dict[str, list[str]] = {}
    for item in standard.items():
        groups.setdefault(item.source.ref, []).append(item.id)
    out: dict[str, str] = {}
    for ref, ids in groups.items():
        base = format_ref(ref)
        item_level = bool(ARABIC.match(ref.rsplit(".", 1)[-1]))
        for n, item_id in enumerate(ids, start=1):
            if len(ids) == 1:
                out[item_id] = base.rstrip("、")
            elif item_level:
                out[item_id] = base if n == 1 else f"{base}之{_cn(n)}"
            else:
                out[item_id] = f"{base}{n}" if base.endswith(("、", "）")) else f"{base}、{n}"
    seen: dict[str, int] = {}
    for item_id, number in out.items():  # two refs that print alike stay apart
        seen[number] = seen.get(number, 0) + 1
        if seen[number] > 1:
            out[item_id] = f"{number}之{_cn(seen[number])}"
    return out


SOURCE_ANNEX = lazy(r"^附件\d+\s*")
DOCUMENT_PREFIX = "标准 "


def document_numbers(standard: Standard) -> dict[str, str]:
    """Item numbers as a unit's document (plan, report) shows them: the standard's (标准 五、9).

    A source's annex (附件2 三、5) would read as an annex of the plan, which has its own 附件1,
    附件2: it is dropped where the number stays unique within the standard (标准 三、5).
    """
    paper = paper_numbers(standard)
    bare = {k: SOURCE_ANNEX.sub("", v) for k, v in paper.items()}
    counts: dict[str, int] = {}
    for number in bare.values():
        counts[number] = counts.get(number, 0) + 1
    return {k: DOCUMENT_PREFIX + (bare[k] if counts[bare[k]] == 1 else paper[k]) for k in paper}


CN_DIGITS = "零一二三四五六七八九十"


def _cn(n: int) -> str:
    if n <= 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + CN_DIGITS[n - 10]
    tens, ones = divmod(n, 10)
    return CN_DIGITS[tens] + "十" + (CN_DIGITS[ones] if ones else "")


def numbered(text: str, numbers: dict[str, str]) -> str:
    """`text` with every item id replaced by its number on paper and rule ids in （…） dropped.

    For messages the core writes with ids (e.g. 必备条件 content.12 未符合), shown to a person.
    """
    ids = sorted(numbers, key=len, reverse=True)
    if ids:
        pattern = re.compile(
            r"(?<![A-Za-z0-9._-])(" + "|".join(re.escape(i) for i in ids) + r")(?![A-Za-z0-9_-])"
        )
        text = pattern.sub(lambda m: numbers[m.group(1)], text)
    return re.sub(r"（[a-z0-9][a-z0-9._-]*）", "", text)
