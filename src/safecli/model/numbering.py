"""Item numbers as the paper prints them (五、13; 二（二）6; 附件2 三、4), from each item's source.

A person reads an item by the number it has in the source document, never by its id: the id
(`content.13`) is for machine formats only. The number comes from the item's `source.ref`
(`五.13`, `二.(二).6`, `附件2.三`): the first Chinese numeral takes 、, later ones and
parenthesised ones take （）; where several items share one reference, those under a part
(`附件2.三`) are counted (附件2 三、1, 三、2 …) and the sub-items split out of one numbered item
(`五.7`) are marked (五、7, 五、7之二 …).

An English reader gets the same number in words he can say (`clause_label`): 标准 五、19之四 is
Std. V.19(4), 第十一条（三） is Art. 11(3), 附件2 三、4 is Annex 2 III.4. Every English document,
table and message words a clause through that one function, by way of `paper_numbers(standard,
lang)` and `document_numbers(standard, lang)`.
"""

from __future__ import annotations

import re

from safecli.model.patterns import lazy
from safecli.model.standard import Standard
from safecli.model.vocabulary import CLAUSE_NAMES

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


def paper_numbers(standard: Standard, lang: str = "zh") -> dict[str, str]:
    """Every item id of `standard` mapped to its number on paper, unique within the standard,
    as a reader of `lang` says it (`clause_label`)."""
    known = _NUMBERS.get(id(standard))
    if known is not None and known[0] is standard:
        numbers = known[1]
    else:
        numbers = _paper_numbers(standard)
        if len(_NUMBERS) > 64:
            _NUMBERS.clear()
        _NUMBERS[id(standard)] = (standard, numbers)
    return in_lang(numbers, lang)


def in_lang(numbers: dict[str, str], lang: str) -> dict[str, str]:
    """`numbers` (item id → Chinese number on paper) as a reader of `lang` says them."""
    if lang == "zh":
        return dict(numbers)
    return {k: clause_label(v, lang) for k, v in numbers.items()}


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


def document_numbers(standard: Standard, lang: str = "zh") -> dict[str, str]:
    """Item numbers as a unit's document (plan, report) shows them: the standard's (标准 五、9;
    in English Std. V.9).

    A source's annex (附件2 三、5) would read as an annex of the plan, which has its own 附件1,
    附件2: it is dropped where the number stays unique within the standard (标准 三、5).
    """
    paper = paper_numbers(standard)
    bare = {k: SOURCE_ANNEX.sub("", v) for k, v in paper.items()}
    counts: dict[str, int] = {}
    for number in bare.values():
        counts[number] = counts.get(number, 0) + 1
    return in_lang(
        {k: DOCUMENT_PREFIX + (bare[k] if counts[bare[k]] == 1 else paper[k]) for k in paper}, lang
    )


_CN = "一二三四五六七八九十百"
CLAUSE_TOKEN = lazy(
    rf"(?P<std>标准\s*)"
    rf"|附件(?P<annex>\d+)\s*"
    rf"|第(?P<ordinal>[{_CN}]+|\d+)(?P<unit>[篇章条款项节])\s*"
    rf"|之(?P<sub>[{_CN}]+|\d+)"
    rf"|（(?P<paren>[{_CN}]+|\d+)）"
    rf"|(?P<part>[{_CN}]+)(?P<mark>、?)"
    rf"|(?P<arabic>\d+)"
    rf"|(?P<space>\s+)"
    rf"|(?P<word>[^\s（）、之]+|.)"
)
ORDINAL_WORDS = {
    "篇": "Part ",
    "章": "Ch. ",
    "条": "Art. ",
    "款": "Para. ",
    "项": "Item ",
    "节": "Sec. ",
}
ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def clause_label(number: str, lang: str = "zh") -> str:
    """A clause's number on paper (五、19之四; 标准 二（二）6; 第十一条（三）) as a reader of
    `lang` says it: Chinese as printed; English in Roman parts, Arabic items and bracketed
    sub-clauses (V.19(4); Std. II(2).6; Art. 11(3); Annex 2 III.4; Part 2 III(2).12), named
    parts in `vocabulary.CLAUSE_NAMES`' words. The one place a clause is worded per language."""
    if lang == "zh" or not number:
        return number
    out = ""
    for m in CLAUSE_TOKEN.finditer(number):
        kind = m.lastgroup
        if kind == "std":
            out += "Std. "
        elif m.group("annex"):
            out += f"Annex {m.group('annex')} "
        elif m.group("ordinal"):
            out += f"{ORDINAL_WORDS[m.group('unit')]}{_int(m.group('ordinal'))} "
        elif m.group("sub") or m.group("paren"):
            out = out.rstrip() + f"({_int(m.group('sub') or m.group('paren'))})"
        elif m.group("part"):
            out += _roman(_int(m.group("part"))) + ("." if m.group("mark") else "")
        elif kind == "arabic":
            out += ("." if out.endswith(")") else "") + m.group("arabic")
        elif kind == "space":
            out += "" if out.endswith(" ") else " "
        else:
            word = m.group("word")
            found = None if word.isascii() else CLAUSE_NAMES.parse(word)
            out += CLAUSE_NAMES.label(found, lang) if found else word
    out = out.strip().rstrip(".")
    # a 判定标准's article is the standard's without saying so (Art. 11(3), not Std. Art. 11(3))
    return out.removeprefix("Std. ") if out.startswith("Std. Art. ") else out


def cited(basis: str, lang: str = "zh") -> str:
    """A finding's basis (`PACK@VERSION 第十一条（三）`) with its clause as a reader of `lang`
    says it (`…@2023 Art. 11(3)`)."""
    ref, space, clause = basis.partition(" ")
    return f"{ref}{space}{clause_label(clause, lang)}" if space else basis


def _int(numeral: str) -> int:
    """一 → 1, 十九 → 19, 二十三 → 23, 一百 → 100; Arabic digits as they are."""
    if numeral.isdigit():
        return int(numeral)
    total, current = 0, 0
    for ch in numeral:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = CN_DIGITS.index(ch)
    return total + current


def _roman(n: int) -> str:
    if n >= 40:
        return str(n)
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


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
