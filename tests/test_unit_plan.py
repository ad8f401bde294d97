"""A new unit's 实施方案, with and without its profile (单位概况), for every bundled standard.

Each unit sits in a city none of the source documents names. The plan must carry the unit's own
names (leading group, office, departments), all eight parts and the 落款, and nothing of the
sources' places, people, year-specific slogans or editorial notes. Goldens:
tests/golden/units/ (`pytest --update-goldens`).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safecli.api import plan_file
from safecli.cli.app import app
from safecli.read.records import load_profile

ROOT = Path(__file__).resolve().parents[1]
UNITS = ROOT / "examples" / "units"
SOURCES = ROOT / "sources"
GOLDEN = Path(__file__).parent / "golden" / "units"
START = dt.date(2026, 3, 1)

CASES = {
    "ningbo-precision": "safe-enterprise",
    "hefei-chemical": "safety-integrity-enterprise",
    "chengdu-community": "safe-community",
    "kunming-district": "district-work-plan",
}

# Places, people and year-specific slogans of the source documents: each is checked to occur in
# a seed below, so the list stays traceable to them.
SOURCE_WORDS = [
    "贞山",
    "陈江",
    "水口",
    "马安",
    "沥林",
    "潼侨",
    "潼湖",
    "横沥",
    "芦洲",
    "白沟",
    "白洋淀",
    "温泉城",
    "石家庄",
    "市内五区",
    "副市长",
    "十八大",
    "邓小平理论",
    "三个代表",
    "经信局",
    "人设局",
    "工商局",
    "县“平安企业”",
]
# Editorial notes about the sources (readings of garbled text) never reach a document.
EDITORIAL = ["原文", "读作", "按…读作", "种子说明", "本标准所定", "本标准所加"]
PARTS = [
    "一、指导思想",
    "二、工作目标",
    "三、组织领导",
    "四、职责分工",
    "五、创建标准与主要任务",
    "六、实施步骤",
    "七、保障措施",
    "八、考核奖惩",
]


def test_the_denylist_comes_from_the_seeds() -> None:
    seeds = "".join(p.read_text(encoding="utf-8") for p in SOURCES.glob("*.txt"))
    missing = [w for w in SOURCE_WORDS if w not in seeds]
    assert not missing, f"not in any seed: {missing}"


def _plan(unit: str, fmt: str, *, profile: bool, tmp_path: Path) -> str:
    subject = UNITS / f"{unit}.yaml"
    if not profile:  # the same unit, alone in a folder: no profile beside it
        subject = Path(shutil.copy(subject, tmp_path / f"{unit}.yaml"))
    return plan_file(None, CASES[unit], subject, START, fmt, "zh")


@pytest.mark.parametrize("unit", CASES)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_plan_with_profile_holds_the_units_names(unit: str, fmt: str, tmp_path: Path) -> None:
    text = _plan(unit, fmt, profile=True, tmp_path=tmp_path)
    profile = load_profile(UNITS / f"{unit}.profile.yaml")
    assert profile.leading_group is not None and profile.office is not None
    if unit == "kunming-district":  # a government's plan: its area, and its 安委会's 主任
        assert "昆明市某区2026年安全生产工作方案" in text and "本单位" not in text
        assert f"主　任：{profile.leading_group.leader}" in text
        assert "区安委会下设办公室（区安委办）" in text
    else:
        assert profile.name in text
        assert f"组　长：{profile.leading_group.leader}" in text
    for person in profile.leading_group.deputies + profile.leading_group.members:
        assert str(person) in text
    assert f"设在{profile.office.located_in}" in text
    used = [d.name for d in profile.departments if d.name in text]
    assert len(used) >= 2, f"the unit's departments are not named: {used}"
    for part in PARTS:
        if unit == "kunming-district":  # a district's work, not a creation campaign
            part = part.replace("五、创建标准", "五、工作标准")
        assert part in text, part
    date = profile.prepared_on or START
    signature = f"{date.year}年{date.month}月{date.day}日"
    assert (profile.prepared_by or profile.name) in text and signature in text
    if fmt == "html":
        assert '<div class="signature">' in text and '<section class="annex">' in text
    _clean(text)


@pytest.mark.parametrize("unit", CASES)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_plan_without_profile_is_neutral(unit: str, fmt: str, tmp_path: Path) -> None:
    text = _plan(unit, fmt, profile=False, tmp_path=tmp_path)
    if unit == "kunming-district":  # a government's plan: its 安委会, led by its government
        assert (
            "区安全生产委员会（区安委会）统一领导全区安全生产工作，由区政府主要负责人任主任" in text
        )
        assert "本单位" not in text
    else:
        assert "领导小组组长由主要负责人担任" in text
    for part in PARTS:
        if unit == "kunming-district":  # a district's work, not a creation campaign
            part = part.replace("五、创建标准", "五、工作标准")
        assert part in text, part
    assert "2026年3月1日" in text  # the 落款 is dated from --start
    _clean(text)


@pytest.mark.parametrize("unit", CASES)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_plan_in_english_names_the_office_contact(unit: str, fmt: str) -> None:
    """The English plan writes "contact: 0551-66660000": a colon before a phone number is no
    format width (the template guard once refused every such plan)."""
    profile = load_profile(UNITS / f"{unit}.profile.yaml")
    assert profile.office is not None and profile.office.contact is not None
    text = plan_file(None, CASES[unit], UNITS / f"{unit}.yaml", START, fmt, "en")
    assert str(profile.office.contact.phone) in text


def _clean(text: str) -> None:
    found = [w for w in SOURCE_WORDS + EDITORIAL if w in text]
    assert not found, f"source places/people/slogans or editorial notes in the plan: {found}"


@pytest.mark.parametrize("unit", CASES)
@pytest.mark.parametrize("profile", [True, False], ids=["profile", "neutral"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_unit_plan_golden(
    unit: str, profile: bool, fmt: str, tmp_path: Path, update_goldens: bool
) -> None:
    text = _plan(unit, fmt, profile=profile, tmp_path=tmp_path)
    path = GOLDEN / f"{unit}.{'profile' if profile else 'neutral'}.{fmt}"
    if update_goldens:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.exists(), f"no golden {path.name}: run pytest --update-goldens"
    assert text == path.read_text(encoding="utf-8"), f"{path.name} differs"


def test_cli_plan_takes_profile_and_finds_it_beside(tmp_path: Path) -> None:
    runner = CliRunner()
    subject = Path(shutil.copy(UNITS / "ningbo-precision.yaml", tmp_path / "unit.yaml"))
    args = ["plan", "--standard", "safe-enterprise", "--subject", str(subject)]
    args += ["--start", "2026-03-01"]
    bare = runner.invoke(app, args)
    assert bare.exit_code == 0 and "陈建华" not in bare.stdout
    given = runner.invoke(app, [*args, "--profile", str(UNITS / "ningbo-precision.profile.yaml")])
    assert given.exit_code == 0 and "组　长：陈建华（总经理）" in given.stdout
    shutil.copy(UNITS / "ningbo-precision.profile.yaml", tmp_path / "profile.yaml")
    beside = runner.invoke(app, args)
    assert beside.stdout == given.stdout


def test_a_bad_profile_is_reported_located(tmp_path: Path) -> None:
    bad = tmp_path / "p.yaml"
    bad.write_text(
        "name: 某公司\nleader: 张三\nprepared_on: 明天\n"
        "departments:\n  - {name: 甲部, takes: [办公室]}\n  - {name: 乙部, takes: [办公室]}\n",
        encoding="utf-8",
    )
    record = str(ROOT / "examples/records/safe-enterprise.yaml")
    args = ["plan", record, "--start", "2026-01-01", "--profile", str(bad)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    err = result.stderr
    assert f"{bad}:2:1: error: leader: unknown key 'leader'" in err
    assert f"{bad}:3:14: error: prepared_on" in err
    assert "'办公室' is taken by both '甲部' and '乙部'" in err
    assert "Traceback" not in err


def test_schema_profile() -> None:
    import json

    result = CliRunner().invoke(app, ["schema", "profile"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "leading_group" in schema["properties"]
    assert schema["properties"]["name"]["description"].startswith("单位全称")


def test_lint_checks_the_plan_block(tmp_path: Path) -> None:
    mini = (Path(__file__).parent / "fixtures" / "standards" / "mini.yaml").read_text("utf-8")
    bad = tmp_path / "mini.yaml"
    bad.write_text(
        mini + "plan:\n  principles: 原文作某某，读作某某\n  goals: [达标]\n  group: 领导小组\n"
        "  office_duties: 日常工作\n  duties: [{body: 办公室, duties: 日常}]\n"
        "  safeguards: [加强领导]\n  vetoes: {fatel: 发生亡人事故的，最高评为合格}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["standards", "lint", str(bad)])
    assert result.exit_code == 2
    assert "plan text holds an editorial note" in result.stderr
    assert "plan.vetoes names 'fatel'" in result.stderr and "did you mean fatal" in result.stderr


def test_report_takes_the_profile(tmp_path: Path) -> None:
    record = ROOT / "examples" / "records" / "safe-enterprise.yaml"
    shutil.copy(record, tmp_path / "r.yaml")
    shutil.copy(UNITS / "ningbo-precision.profile.yaml", tmp_path / "r.profile.yaml")
    text = CliRunner().invoke(app, ["report", str(tmp_path / "r.yaml")]).stdout
    assert text.startswith("# 宁波某精密机械有限公司评估报告")
    assert "| 地址 | 浙江省宁波市鄞州区工业园区滨海路18号 |" in text
    assert "| 主要负责人 | 陈建华（总经理） |" in text
    # 保卫部门's item, taken by the profile's 安全环保部, due 30 days after the inspection
    assert "| 安全环保部 | 2025-06-09（默认） |" in text


def test_standards_show_keeps_the_source_for_traceability() -> None:
    runner = CliRunner()
    plain = runner.invoke(app, ["standards", "show", "safe-enterprise"], env={"COLUMNS": "240"})
    source = runner.invoke(
        app, ["standards", "show", "safe-enterprise", "--source"], env={"COLUMNS": "240"}
    )
    assert plain.exit_code == source.exit_code == 0
    assert "贞山" not in plain.stdout and "习近平新时代" in plain.stdout
    assert "贞山" in source.stdout and "经信局" in source.stdout


def test_a_department_taking_an_owner_the_standard_lacks_is_located(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "name: 某公司\ndepartments:\n  - {name: 安全部, takes: [安全管理部门, 设备管理部门]}\n",
        encoding="utf-8",
    )
    args = [
        "plan",
        "--standard",
        "safe-enterprise",
        "--subject",
        str(UNITS / "ningbo-precision.yaml"),
    ]
    result = CliRunner().invoke(app, [*args, "--start", "2026-03-01", "--profile", str(profile)])
    assert result.exit_code == 2 and result.stdout == ""
    # the line of the profile, the column of the owner in the flow list; 安全管理部门 is known
    assert result.stderr.startswith(
        f"{profile}:3:33: error: 安全部 takes '设备管理部门', which no item or body of "
        "safe-enterprise@2013 names (did you mean 应急管理部门、安全管理部门、市场监督管理部门?)"
    )
    assert result.stderr.count("error:") == 1 and "Traceback" not in result.stderr
    zh = CliRunner().invoke(
        app, [*args, "--start", "2026-03-01", "--profile", str(profile), "--lang", "zh"]
    )
    assert zh.exit_code == 2 and zh.stderr.startswith(
        f"{profile}:3:33: error: 安全部 对应的 '设备管理部门' 不是 safe-enterprise@2013 中任何条款"
        "或单位的责任部门（是否应为 应急管理部门、安全管理部门、市场监督管理部门？）"
    )
