"""The bundled safe-enterprise@2013 standard matches its source text (seed 000)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SEEDS_DIR = Path(__file__).resolve().parents[1] / "sources"

SEED = "000_a4b9a21d6a4d0cec.txt"
SEED_FILES = {path.name for path in SEEDS_DIR.glob("*.txt")}
TOP_LEVEL = re.compile(r"^(standards|content)\.\d+$")


@pytest.fixture(scope="module")
def std(bundled):
    return bundled("safe-enterprise")


@pytest.fixture(scope="module")
def items(std):
    return std.item_map()


@pytest.fixture(scope="module")
def seed_text():
    return (SEEDS_DIR / SEED).read_text(encoding="utf-8")


def test_identity(std):
    assert std.id == "safe-enterprise"
    assert std.version == "2013"
    assert std.subject.value == "enterprise"
    assert std.source == SEED
    assert std.ref == "safe-enterprise@2013"
    assert std.scoring_note.zh and std.scoring_note.en
    assert std.principles is not None and "邓小平理论" in std.principles.zh


def test_points_total_100(std):
    assert std.points == 100


def test_item_ids_unique(std):
    ids = [item.id for item in std.items()]
    assert len(ids) == len(set(ids))


def test_every_item_has_a_seed_source(std):
    for item in std.items():
        assert item.source.ref, item.id
        assert item.source.file in SEED_FILES, item.id
        assert item.source.file == SEED, item.id
        assert item.text.zh and item.text.en, item.id
        assert item.owner is not None, item.id
        assert item.evidence, item.id
    for entry in [*std.goals, *std.responsibilities, *std.vetoes, *std.phases]:
        assert entry.source is not None and entry.source.ref
        assert entry.source.file == SEED


def test_item_sources_follow_the_paper_numbering(std):
    part = {"standards": "四", "content": "五"}
    for item in std.items():
        section, number = item.id.split(".")[:2]
        assert item.source.ref == f"{part[section]}.{number}", item.id


def test_section_counts(std):
    sections = {section.id: section for section in std.sections}
    assert list(sections) == ["standards", "content"]
    top = {sid: [i.id for i in s.items if TOP_LEVEL.match(i.id)] for sid, s in sections.items()}
    assert top["standards"] == [f"standards.{n}" for n in range(1, 9)]
    assert top["content"] == [f"content.{n}" for n in range(1, 24)]
    assert len(sections["standards"].items) == 8
    assert len(top["content"]) == 23


def test_goals_responsibilities_phases_counts(std):
    assert [goal.id for goal in std.goals] == [f"goals.{n}" for n in range(1, 11)]
    assert len(std.responsibilities) == 6
    bodies = [r.body.zh for r in std.responsibilities]
    for body in ("经信局", "公安局", "工商局", "安监局", "人设局", "工会"):
        assert any(body in b for b in bodies), body
    assert [phase.id for phase in std.phases] == ["mobilize", "implement", "summarize"]


def test_legal_education_twice_a_year(items, seed_text):
    item = items["content.5.legal-education"]
    assert item.kind.value == "measure"
    assert item.metric == "legal_education_sessions"
    assert item.op.value == ">="
    assert item.target == 2
    assert item.per.value == "year"
    assert item.frequency.times == 2 and item.frequency.per.value == "year"
    assert items["content.5"].kind.value == "check"
    assert "不少于2次" in seed_text


def test_safety_inspections_weekly_and_40_a_year(items, seed_text):
    item = items["content.6"]
    assert item.kind.value == "measure"
    assert item.metric == "safety_inspections"
    assert item.op.value == ">="
    assert item.target == 40
    assert item.per.value == "year"
    # 五.6 is weekly, 40 a year, recorded and registered: three parts, 3 points together
    weekly = items["content.6.weekly"]
    assert (weekly.metric, weekly.op.value, weekly.target) == ("weeks_without_inspection", "==", 0)
    assert weekly.frequency.times == 1 and weekly.frequency.per.value == "week"
    records = items["content.6.records"]
    assert records.kind.value == "check" and "有记录" in records.text.zh
    assert "有登记" in records.text.zh
    assert item.points + weekly.points + records.points == 3
    assert {i.na for i in (item, weekly, records)} == {"never"}
    assert "每周不少于一次" in seed_text
    assert "不少于40次" in seed_text
    assert "安全检查有记录隐患整改有登记" in seed_text


def test_key_department_inspections_four_a_month(items, seed_text):
    item = items["content.20"]
    assert item.kind.value == "measure"
    assert item.metric == "key_department_inspections_per_month"
    assert item.op.value == ">="
    assert item.target == 4
    assert item.per.value == "month"
    assert item.frequency.times == 4 and item.frequency.per.value == "month"
    # the paper writes the number in characters
    assert "每月" in seed_text and "不少于四次" in seed_text


def test_duty_24_hours(items, seed_text):
    item = items["content.7.duty"]
    assert item.kind.value == "measure"
    assert item.metric == "duty_hours_per_day"
    assert item.op.value == ">="
    assert item.target == 24
    assert item.per.value == "day"
    assert items["content.7"].kind.value == "check"
    assert "24小时" in seed_text


@pytest.mark.parametrize("kind", ["human", "physical", "technical"])
def test_prevention_100_percent(items, seed_text, kind):
    item = items[f"content.19.{kind}"]
    assert item.kind.value == "measure"
    assert item.metric == f"key_site_{kind}_defense_rate"
    assert item.op.value == ">="
    assert item.target == 100
    assert item.unit.zh == "%"
    assert items["content.19"].kind.value == "check"
    assert "人防、物防、技防达到100%" in seed_text


def test_eight_systems_as_deductions(items, seed_text):
    item = items["content.4"]
    assert item.points == 8
    assert [d.id for d in item.deductions] == [
        "gate-duty",
        "public-facilities",
        "important-articles",
        "key-departments",
        "fire-prevention",
        "motor-vehicles",
        "outside-personnel",
        "foreign-affairs",
    ]
    assert all(d.points == 1 for d in item.deductions)
    assert "八项制度" in seed_text


def test_stray_heading_noted_not_an_item(items, seed_text):
    assert "6、维护群众利益" in seed_text
    assert "6、维护群众利益" in items["content.8"].note
    assert not any("维护群众利益" in item.text.zh for item in items.values())


def test_grades(std):
    assert [(g.id, g.min) for g in std.grades] == [("excellent", 90), ("pass", 70), ("fail", 0)]
    excellent = std.grade("excellent")
    assert set(excellent.requires) == {
        "content.12",
        "content.6",
        "content.6.weekly",
        "content.6.records",
    }
    assert excellent.label.zh == "平安企业（优秀）"
    assert std.grade("pass").label.zh == "合格"
    assert std.grade("fail").label.zh == "不合格"
    items = std.item_map()
    for grade in std.grades:
        assert all(req in items for req in grade.requires)


def test_vetoes(std, items, seed_text):
    vetoes = {veto.id: veto for veto in std.vetoes}
    assert set(vetoes) == {"major-accident", "fatal-accident"}
    major = vetoes["major-accident"].when.incident
    assert major.min_class.value == "major" and major.within_months == 12
    assert vetoes["major-accident"].max_grade == "fail"
    fatal = vetoes["fatal-accident"].when.incident
    assert fatal.min_fatalities == 1 and fatal.within_months == 12
    assert vetoes["fatal-accident"].max_grade == "pass"
    grade_ids = {g.id for g in std.grades}
    assert all(v.max_grade in grade_ids for v in std.vetoes)
    assert items["standards.1"].veto is True
    assert "无重大安全事故" in seed_text
    assert "重大恶性安全生产事故" in seed_text


def test_phases(std, seed_text):
    phases = {phase.id: phase for phase in std.phases}
    assert (phases["mobilize"].start_month, phases["mobilize"].months) == (0, 1)
    implement = phases["implement"]
    assert (implement.start_month, implement.months) == (1, 10)
    assert implement.repeat.value == "quarter"
    assert "综合治理目标考核" in implement.repeat_text.zh
    assert (phases["summarize"].start_month, phases["summarize"].months) == (11, 1)
    assert "每季度结合《综合治理目标考核》" in seed_text


# ---------------------------------------------------------------- issue 14


def test_phase_durations_are_marked_ours(std, seed_text):
    """Issue 14: 六、方法步骤 gives no durations; 0/1, 1/10, 11/1 months are ours, and say so."""
    phases = [(p.id, p.start_month, p.months) for p in std.phases]
    assert phases == [("mobilize", 0, 1), ("implement", 1, 10), ("summarize", 11, 1)]
    for phase in std.phases:
        assert "本标准所定" in phase.note and "ours" in phase.note, phase.id
        assert "本标准所定" not in phase.text.zh  # no editorial note in a unit's plan
    assert "三个阶段原文未写时长" in std.scoring_note.zh
    assert "个月" not in seed_text[seed_text.index("六、方法步骤") :]


def test_item_veto_and_scoring_note_agree(std, items):
    """Issue 14: the item veto on 四、1 covers all of 四、1; the note now says the same."""
    item = items["standards.1"]
    assert item.veto is True
    assert "无重大治安案件" in item.text.zh and "无重大安全事故" in item.text.zh
    assert "四、1整项" in std.scoring_note.zh and "任一部分不符合即否决" in std.scoring_note.zh
    assert "as a whole" in std.scoring_note.en
    assert "本标准所定" in item.note
    # and it behaves so: an unmet 四、1 for a reason other than an accident still vetoes
    from safecli.model.record import Record
    from safecli.score.scoring import assess

    record = Record.model_validate(
        {
            "standard": std.ref,
            "subject": {"kind": "enterprise", "name": "某某公司", "employees": 50},
            "inspection": {"date": "2025-06-30"},
            "responses": {i.id: "met" for i in std.items() if i.kind.value == "check"}
            | {"standards.1": {"status": "unmet", "finding": "重点部位未整治"}},
        }
    )
    result = assess(std, record)
    assert result.grade.id == "fail"
    assert [r.id for r in result.veto.rules] == ["item:standards.1"]
