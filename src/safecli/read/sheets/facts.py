"""The facts an item's applicability reads, as rows of the 单位信息 sheet.

情形 (the unit's features), 辖区单位数, 辖区N人以上单位数 and 辖区行业单位数 (a district's or
town's area): the writer adds the rows a standard needs, the reader turns them into
`subject.features` and `subject.area`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from safecli.model.features import FEATURES
from safecli.model.industries import INDUSTRIES
from safecli.model.standard import Standard
from safecli.read.sheets.cells import Cell, Reader, cell_number, cell_text

FEATURES_ROW = ("情形", "features")
UNITS_ROW = ("辖区单位数", "area units")
SIZE_ROW = re.compile(r"^(?:辖区)?(\d+)人以上(?:的)?单位数$|^area units of (\d+)\+ staff$")
INDUSTRIES_ROW = ("辖区行业单位数", "area units by industry")
NONE_WORDS = ("无", "没有", "none", "-", "—")
SPLIT = re.compile(r"\s*[；;、,，\n]\s*")
PAIR = re.compile(r"^(?P<name>.+?)\s*[=:：]?\s*(?P<n>\d+)\s*家?$")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def needs(std: Standard) -> tuple[list[str], list[int], list[str]]:
    """The features, staff sizes and industries the standard's `applies_if` read."""
    conds = [item.applies_if for item in std.items() if item.applies_if is not None]
    features = sorted({f for c in conds for f in c.features or []})
    sizes = sorted({c.area_units.employees_min for c in conds if c.area_units} - {None})
    industries = [
        i
        for i in INDUSTRIES
        if any(c.area_units and i in (c.area_units.industries or []) for c in conds)
    ]
    return features, sizes, industries


def fact_rows(std: Standard, lang: str) -> list[list[str]]:
    """The blank sheet's rows for the facts the standard reads: field, value, note."""
    en = lang == "en"
    features, sizes, industries = needs(std)
    rows: list[list[str]] = []
    if features:
        names = "、".join(FEATURES[f].get(lang) for f in features)
        note = f"any of: {names}; none: write none" if en else f"填写具有的：{names}；都没有写“无”"
        rows.append([FEATURES_ROW[1 if en else 0], "", note])
    if sizes or industries:
        rows.append(
            [UNITS_ROW[1 if en else 0], "", "units in the area" if en else "辖区生产经营单位总数"]
        )
    for n in sizes:
        label = f"area units of {n}+ staff" if en else f"辖区{n}人以上单位数"
        rows.append([label, "", "0 when none" if en else "没有写 0"])
    if industries:
        names = "、".join(INDUSTRIES[i].get(lang) for i in industries)
        note = (
            f"e.g. {names.split('、')[0]} 3; 0 for none"
            if en
            else f"如 建筑施工 6、危险化学品 0（{names}，没有写 0）"
        )
        rows.append([INDUSTRIES_ROW[1 if en else 0], "", note])
    return rows


def _feature(word: str) -> str | None:
    key = _norm(word)
    for ident, name in FEATURES.items():
        if key in (ident, _norm(name.zh), _norm(name.en)):
            return ident
    return None


def _industry(word: str) -> str | None:
    key = _norm(word)
    for ident, name in INDUSTRIES.items():
        if key in (ident, _norm(name.zh), _norm(name.en)):
            return ident
    return None


def read_fact_row(
    reader: Reader,
    label: str,
    name: str,
    key_cell: Cell,
    value_cell: Cell | None,
    subject: dict[str, Any],
) -> bool:
    """Read one 单位信息 row if it is a fact row; False when it is something else."""
    key = _norm(name)
    at = value_cell or key_cell
    if key in FEATURES_ROW:
        text = cell_text(value_cell)
        found: list[str] = []
        for word in [] if text is None or _norm(text) in NONE_WORDS else SPLIT.split(text):
            ident = _feature(word)
            if ident is None:
                names = "、".join(n.zh for n in FEATURES.values())
                reader.fail(
                    label,
                    at,
                    "unknown-feature",
                    "hint-expected-one-of",
                    feature=repr(word),
                    expected=names,
                )
            elif ident not in found:
                found.append(ident)
        if text is not None:
            subject["features"] = found
        reader.mark(("subject", "features"), at, label)
        return True
    area: dict[str, Any] = subject.setdefault("area", {})
    size = SIZE_ROW.match(key)
    if key in UNITS_ROW or size:
        number = cell_number(reader, label, value_cell, name)
        path: tuple[Any, ...] = ("subject", "area", "units")
        if size:
            n = int(size.group(1) or size.group(2))
            path = ("subject", "area", "units_by_staff", str(n))
            if number is not None:
                area.setdefault("units_by_staff", {})[n] = number
        elif number is not None:
            area["units"] = number
        reader.mark(path, at, label)
        reader.mark(("subject", "area"), at, label)
        return True
    if key in INDUSTRIES_ROW:
        text = cell_text(value_cell)
        counts: dict[str, Any] = area.setdefault("industries", {})
        for part in [] if text is None else SPLIT.split(text):
            match = PAIR.match(part)
            ident = _industry(match["name"]) if match else None
            if match is None or ident is None:
                reader.fail(
                    label, at, "industry-count-unreadable", "hint-industry-count", part=repr(part)
                )
                continue
            counts[ident] = int(match["n"])
        reader.mark(("subject", "area", "industries"), at, label)
        reader.mark(("subject", "area"), at, label)
        return True
    if not area:
        subject.pop("area")
    return False
