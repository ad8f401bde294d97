"""A district's, county's, town's or sub-district's plan is a government document (issue 19, 5).

The title names the area and the year; the area's 安委会 leads (主任, 副主任); its members'
duties are the area's own; the businesses it supervises are listed apart; 本区 (本街道 …), never
本单位. A sub-district or town has no 直属部门 or 纪委监委: its own bodies are named as it has them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from safecli.api import plan_file
from safecli.plan.government import Area, area_of, local

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("name", "short", "area"),
    [
        ("昆明市某区人民政府", None, Area("昆明市某区", "区")),
        ("惠城区水口街道办事处", None, Area("惠城区水口街道", "街道")),
        ("某县人民政府", None, Area("某县", "县")),
        ("某镇人民政府", None, Area("某镇", "镇")),
        ("某某市某某区人民政府", "某某区", Area("某某区", "区")),
    ],
)
def test_the_area_of_a_government(name: str, short: str | None, area: Area) -> None:
    assert area_of(name, short) == area


def test_a_town_names_its_own_bodies() -> None:
    street, county = Area("某街道", "街道"), Area("某县", "县")
    text = "区安委会、区安委办、区直有关部门、区纪委监委、区委、区政府督查部门、下辖镇（街道）"
    assert local(text, Area("某区", "区")) == text
    assert local(text, county) == (
        "县安委会、县安委办、县直有关部门、县纪委监委、县委、县政府督查部门、下辖镇（街道）"
    )
    assert local(text, street) == (
        "街道安委会、街道安委办、街道有关站所、办公室、街道纪检监察机构、"
        "街道党工委、街道办事处督查部门、下辖村（社区）"
    )
    assert street.government == "街道办事处" and county.government == "县政府"


def test_the_district_example_is_its_areas_plan() -> None:
    record = ROOT / "examples" / "records" / "district-work-plan.yaml"
    text = plan_file(record, None, None, dt.date(2026, 1, 1), "md", "zh")
    assert text.startswith("# 惠城区水口街道2026年安全生产工作方案\n")
    assert "结合本街道实际" in text and "本单位" not in text
    assert "街道安全生产委员会（街道安委会）统一领导全街道安全生产工作" in text
    assert "### （一）街道安委会及成员单位职责" in text
    assert "### （三）辖区生产经营单位的主体责任" in text
    # its own committee, office and members (三、四); the items keep the district standard's words
    own = text[text.index("## 三、组织领导") : text.index("### （二）上级有关部门职责")]
    assert "区安委" not in own.replace("街道安委", "") and "区直" not in own
    assert "五、工作标准与主要任务" in text
