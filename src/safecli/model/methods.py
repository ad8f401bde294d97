"""A 评分方法 (scoring method) as rules: the usual sentences of real 评定标准, and nothing else.

Each sentence of the method is cut into clauses at commas; clauses gather until one says what
happens (不得分, 扣N分, 扣完为止, 否决), and that group is one rule:

- "…的，不得分" (本项不得分): a `zero_if` condition; with 否决 / 不得评为… it also vetoes;
- "…每处/每项/每人/每次…扣N分": a deduction per occurrence;
- "…扣N分": a deduction taken once;
- "扣满N分的，追加扣除M分": an `extra` deduction from the total;
- "扣完为止": the floor at 0, which every item has already.

A group that is none of these is returned as unparsed, never guessed at: the importer lists it
(a lint warning with its row), and `--strict` refuses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from safecli.model.patterns import lazy

_NUMBER = r"(\d+(?:\.\d+)?|[零一二两三四五六七八九十半]+)"
_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}
_DIGITS |= {"九": 9}
_SENTENCE = lazy(r"[。；;！!\n\r]+")
_ENUMERATION = lazy(
    r"^\s*(?:\(?[0-9一二三四五六七八九十]+[)）.、．]|（[0-9一二三四五六七八九十]+）|[①-⑳])\s*"
)
_CLAUSE = lazy(r"[，,]")
_FLOOR = lazy(
    r"^(?:本项)?(?:分值)?扣完(?:本项)?(?:分值|分数)?为止$|^(?:最多)?扣至0分(?:为止)?$|^最低为?0分$"
)
_EXTRA = lazy(rf"^扣满{_NUMBER}分的?[，,]?(?:再|另)?追加扣(?:除)?{_NUMBER}分$")
_ZERO = lazy(r"^(?P<cond>.*?)[，,]?(?:则)?(?:该项|本项|此项)?(?:均)?不得分(?P<rest>.*)$")
_VETO = lazy(r"否决|不得评为|取消.*?(?:资格|评定)")
_UNITS = "处项人次个例条台份名起天家件本种"
_PER = lazy(
    rf"^(?P<cond>.*?)每[^，,扣减]{{0,8}}?[{_UNITS}][^扣减]{{0,12}}?(?:扣|减)(?:除)?{_NUMBER}分$"
)
_ONCE = lazy(rf"^(?P<cond>.+?)[，,]?(?:扣|减)(?:除)?{_NUMBER}分$")
_TERMINAL = lazy(
    r"不得分|(?<!满)(?:扣|减)(?:除)?[0-9零一二两三四五六七八九十半.]+分|扣完|扣至0|否决|不得评为"
)
MAX_METHOD = 4000
"""Characters of one 评分方法 cell read; a real one is a few sentences."""


def number(text: str) -> float | int:
    """A number as the table writes it: 1, 0.5, 十, 十二, 半."""
    if re.fullmatch(r"\d+", text):
        return int(text)
    if re.fullmatch(r"\d+\.\d+", text):
        value = float(text)
        return int(value) if value.is_integer() else value
    if text == "半":
        return 0.5
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_DIGITS.get(tens, 1) if tens else 1) * 10 + (_DIGITS.get(ones, 0) if ones else 0)
    value = 0
    for char in text:
        value = value * 10 + _DIGITS.get(char, 0)
    return value


@dataclass
class Method:
    """The rules read from one 评分方法, and the sentences that are none."""

    deductions: list[dict[str, Any]] = field(default_factory=list)
    zero_if: list[dict[str, Any]] = field(default_factory=list)
    extra: list[dict[str, Any]] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)


def _groups(text: str) -> list[str]:
    """The method's rule-sized pieces: sentences cut at commas, gathered up to each verdict."""
    groups: list[str] = []
    for sentence in _SENTENCE.split(text[:MAX_METHOD]):
        sentence = _ENUMERATION.sub("", sentence.strip())
        pending: list[str] = []
        for clause in _CLAUSE.split(sentence):
            clause = clause.strip()
            if not clause:
                continue
            pending.append(clause)
            if _TERMINAL.search(clause) and not clause.startswith("扣满"):
                groups.append("，".join(pending))
                pending = []
        if pending:
            groups.append("，".join(pending))
    return groups


def _condition(text: str) -> str:
    return text.strip("，, ").removesuffix("的").strip() or text


def parse_method(text: str) -> Method:
    """The rules of a 评分方法; each group that is no rule is kept in `unparsed`."""
    method = Method()
    for group in _groups(text):
        bare = re.sub(r"\s+", "", group)
        if _FLOOR.match(bare):
            continue
        if found := _EXTRA.match(bare):
            method.extra.append(
                {"after": number(found[1]), "points": number(found[2]), "text": group}
            )
            continue
        zero = _ZERO.match(bare)
        if zero and (not zero["rest"] or _VETO.search(zero["rest"]) or zero["rest"] in "。"):
            cond: dict[str, Any] = {
                "id": f"z{len(method.zero_if) + 1}",
                "text": _condition(zero["cond"]) if zero["cond"] else group,
            }
            if _VETO.search(zero["rest"]):
                cond["veto"] = True
            method.zero_if.append(cond)
            continue
        if _VETO.search(bare):
            veto_only = re.sub(r"^(?:并|且|同时|并且)", "", bare)
            if method.zero_if and veto_only != bare:  # 本项不得分，并实行一票否决
                method.zero_if[-1]["veto"] = True
                continue
            cond_text = _VETO.split(bare, maxsplit=1)[0]
            if cond_text and not re.search(r"扣|得分", cond_text):
                method.zero_if.append(
                    {
                        "id": f"z{len(method.zero_if) + 1}",
                        "text": _condition(cond_text),
                        "veto": True,
                    }
                )
                continue
        if found := _PER.match(bare):
            method.deductions.append(
                {"id": f"d{len(method.deductions) + 1}", "points": number(found[2]), "text": group}
            )
            continue
        if (found := _ONCE.match(bare)) and not found["cond"].startswith("扣满"):
            method.deductions.append(
                {
                    "id": f"d{len(method.deductions) + 1}",
                    "points": number(found[2]),
                    "text": group,
                    "once": True,
                }
            )
            continue
        method.unparsed.append(group)
    method.deductions = [d for d in method.deductions if d["points"] > 0]
    return method
