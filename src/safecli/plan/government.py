"""A district's, county's, town's or sub-district's plan is a government document.

Its title names the area and the year (昆明市某区2027年安全生产工作方案); its leading body is the
area's 安全生产委员会 with its office; the duties listed are those of the committee and its
members (the area's departments, its towns and sub-districts) as the area's own; the enterprises
are addressed as those it supervises; it says 本区 (本县, 本镇 …), never 本单位.

The standard writes its bodies as a district names them (区安委会, 区直有关部门); in the plan of
a county, town or sub-district the leading 区 takes that level (县安委会, 街道安委会).
"""

from __future__ import annotations

from typing import NamedTuple

SUFFIXES = ("人民政府", "政府", "办事处")
LEVELS = ("街道", "区", "县", "市", "旗", "镇", "乡")
GOVERNMENTS = {"街道": "街道办事处", "镇": "镇政府", "乡": "乡政府"}


class Area(NamedTuple):
    """The area a government plan is for."""

    name: str
    """The area as a title names it (昆明市某区, 惠城区水口街道)."""
    level: str
    """Its level: 区, 县, 市, 旗, 镇, 乡 or 街道."""

    @property
    def government(self) -> str:
        """Its government as a plan names it (区政府, 街道办事处)."""
        return GOVERNMENTS.get(self.level, f"{self.level}政府")


def area_of(name: str, short_name: str | None = None) -> Area:
    """The area of a government named `name` (昆明市某区人民政府 → 昆明市某区, 区).

    `short_name` (the profile's 简称) is the area's name when given. The level is the area's
    last level word; 区 when none is found.
    """
    area = (short_name or name).strip()
    for suffix in SUFFIXES:
        if area.endswith(suffix) and len(area) > len(suffix):
            area = area[: -len(suffix)]
            break
    for level in LEVELS:
        if area.endswith(level):
            return Area(area, level)
    return Area(area, "区")


TOWNS = ("镇", "乡", "街道")
"""Levels below a county: they have no 直属部门 or 纪委监委 of their own, but 站所 and 办公室."""


def _words(level: str) -> list[tuple[str, str]]:
    """The district's words for its own bodies, as a government of `level` says them."""
    town = level in TOWNS
    party = {"街道": "街道党工委、街道办事处", "镇": "镇党委、镇政府", "乡": "乡党委、乡政府"}
    return [
        ("区安全生产委员会", f"{level}安全生产委员会"),
        ("区安委会", f"{level}安委会"),
        ("区安委办", f"{level}安委办"),
        ("区安全生产督查员", f"{level}安全生产督查员"),
        ("区应急管理局", f"{level}应急管理办公室" if town else f"{level}应急管理局"),
        ("区应急管理部门", f"{level}应急管理办公室" if town else f"{level}应急管理部门"),
        ("区纪委监委", f"{level}纪检监察机构" if town else f"{level}纪委监委"),
        (
            "区委、区政府督查部门",
            f"{party[level]}督查部门" if town else f"{level}委、{level}政府督查部门",
        ),
        ("区直有关部门", f"{level}有关站所、办公室" if town else f"{level}直有关部门"),
        ("各镇（街道）和", "各村（社区）和" if town else "各镇（街道）和"),
        ("下辖镇（街道）", "下辖村（社区）" if town else "下辖镇（街道）"),
    ]


def local(text: str, area: Area) -> str:
    """Words the standard writes for a district (区安委会, 区直有关部门) as a government of
    `area`'s level says them (街道安委会, 街道有关站所、办公室). A district's text is unchanged."""
    if area.level == "区":
        return text
    for district, own in _words(area.level):
        text = text.replace(district, own)
    return text
