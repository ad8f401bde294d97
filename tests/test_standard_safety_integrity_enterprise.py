"""The bundled safety-integrity-enterprise@2023 standard matches its source text (seed 001)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SEEDS_DIR = Path(__file__).resolve().parents[1] / "sources"

SEED = "001_835fdeccc42d9225.txt"
SEED_FILES = {path.name for path in SEEDS_DIR.glob("*.txt")}
CONDITIONS = [f"conditions.{n}" for n in range(1, 13)]
RECTIFICATION = [f"rectification.{n}" for n in range(1, 6)]
TOP_LEVEL = re.compile(r"^(conditions|rectification)\.\d+$")
BLACKLIST = {"zh": "信用污点企业（黑名单）", "en": "credit-stained enterprise (blacklist)"}


@pytest.fixture(scope="module")
def std(bundled):
    return bundled("safety-integrity-enterprise")


@pytest.fixture(scope="module")
def items(std):
    return std.item_map()


@pytest.fixture(scope="module")
def seed_text():
    return (SEEDS_DIR / SEED).read_text(encoding="utf-8")


def test_identity(std, seed_text):
    assert std.id == "safety-integrity-enterprise"
    assert std.version == "2023"
    assert std.subject.value == "enterprise"
    assert std.source == SEED
    assert std.ref == "safety-integrity-enterprise@2023"
    assert "2023年要办好的8件事" in seed_text
    # the note says the year may be a conversion artefact
    assert "2023" in std.scoring_note.zh and "artefact" in std.scoring_note.en
    assert std.principles is not None
    assert "守信受益、失信受戒" in std.principles.zh
    assert "平安" not in std.principles.zh


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
    entries = [*std.goals, *std.responsibilities, *std.vetoes, *std.phases]
    for entry in [*entries, *std.rewards, *std.penalties]:
        assert entry.source is not None and entry.source.ref
        assert entry.source.file == SEED


def test_corrected_reading(std):
    """The garbled 平安/根底/原那么/到达 never reach the standard's texts."""
    texts = [item.text.zh for item in std.items()]
    texts += [p.text.zh for p in std.phases if p.text] + [g.text.zh for g in std.goals]
    for text in texts:
        for garbled in ("平安", "根底", "原那么", "到达", "细那么"):
            assert garbled not in text, text


def test_item_sources_follow_the_paper_numbering(std):
    part = {"conditions": "二.(二)", "rectification": "二.(三)"}
    for item in std.items():
        section, number = item.id.split(".")[:2]
        assert item.source.ref == f"{part[section]}.{number}", item.id


def test_section_counts(std, seed_text):
    sections = {section.id: section for section in std.sections}
    assert list(sections) == ["conditions", "rectification"]
    top = {sid: [i.id for i in s.items if TOP_LEVEL.match(i.id)] for sid, s in sections.items()}
    assert top["conditions"] == CONDITIONS
    assert top["rectification"] == RECTIFICATION
    assert len(sections["conditions"].items) == 13  # 12 conditions + the 100 % rate
    assert len(sections["rectification"].items) == 5
    assert "12、积极配合" in seed_text
    assert "5、有平安事故应急救援预案" in seed_text


def test_certified_rate_100_percent(items, seed_text):
    item = items["conditions.6.certified"]
    assert item.kind.value == "measure"
    assert item.metric == "certified_rate"
    assert item.op.value == ">="
    assert item.target == 100
    assert item.unit.zh == "%"
    assert items["conditions.6"].kind.value == "check"
    assert "持证上岗率到达100%" in seed_text


def test_grades(std, items):
    assert [(g.id, g.min) for g in std.grades] == [
        ("standardized", 90),
        ("normalized", 75),
        ("problem-rectified", 60),
        ("problem", 0),
    ]
    labels = {g.id: g.label.zh for g in std.grades}
    assert labels == {
        "standardized": "标准化企业",
        "normalized": "规范化企业",
        "problem-rectified": "问题型企业（整治验收合格）",
        "problem": "问题型企业",
    }
    conditions = [*CONDITIONS[:6], "conditions.6.certified", *CONDITIONS[6:]]
    assert std.grade("standardized").requires == conditions
    assert std.grade("normalized").requires == conditions
    assert std.grade("problem-rectified").requires == RECTIFICATION
    assert std.grade("problem").requires == []
    for grade in std.grades:
        assert all(req in items for req in grade.requires)
    # the lines are ours and the note says so; the garbled text names both tiers 标准化
    for line in ("90", "75", "60"):
        assert line in std.scoring_note.zh
    assert "本标准所加" in std.scoring_note.zh
    assert "标准化企业" in std.grade("normalized").text.zh


def test_phases(std, seed_text):
    dates = [(p.id, p.start, p.end) for p in std.phases]
    assert dates == [
        ("draw-up-lists", None, "03-31"),
        ("sign-pledges", None, "04-15"),
        ("make-plans", None, "04-30"),
        ("cultivate-assist-rectify", "05-01", "07-31"),
        ("demonstrate", "07-01", "07-31"),
        ("accept", "08-01", "10-31"),
        ("publicize", "11-01", "11-30"),
        ("award", None, "12-31"),
    ]
    assert [p.source.ref for p in std.phases] == [f"三.{n}" for n in range(1, 9)]
    for phase in std.phases:
        assert phase.owner is not None, phase.id
    phases = {p.id: p for p in std.phases}
    assert phases["demonstrate"].owner.zh.startswith("市安监局")
    assert phases["publicize"].owner.zh == "市安监局"
    assert phases["award"].owner.zh == "市安委会"
    # the end of the acceptance and the year-end award date are ours, and say so
    assert "本标准所定" in phases["accept"].text.zh
    assert "本标准所定" in phases["award"].text.zh
    for words in ("3月底前", "4月15日前", "4月底前", "5月初至7月底", "7月份", "8月份", "11月份"):
        assert words in seed_text, words


def test_vetoes(std, seed_text):
    vetoes = {veto.id: veto for veto in std.vetoes}
    assert list(vetoes) == [
        "fatal-accident",
        "breach-of-trust",
        "unrectified-major-hazard",
        "resisting-inspection",
        "larger-accident",
    ]
    caps = {vid: v.max_grade for vid, v in vetoes.items()}
    assert caps == {
        "fatal-accident": "problem-rectified",
        "breach-of-trust": "problem-rectified",
        "unrectified-major-hazard": "problem",
        "resisting-inspection": "problem",
        "larger-accident": "problem",
    }
    flagged = {vid for vid, v in vetoes.items() if v.flag is not None}
    assert flagged == {"unrectified-major-hazard", "resisting-inspection", "larger-accident"}
    for vid in flagged:
        assert vetoes[vid].flag.zh == BLACKLIST["zh"]
        assert vetoes[vid].flag.en == BLACKLIST["en"]

    fatal = vetoes["fatal-accident"]
    assert fatal.when.incident.min_fatalities == 1
    assert fatal.when.incident.within_months == 12
    assert "发生安全生产亡人事故，撤销称号" in fatal.text.zh
    trust = vetoes["breach-of-trust"].when.metric
    assert (trust.metric, trust.op.value, trust.value) == ("major_breaches_of_trust", ">=", 1)
    hazard = vetoes["unrectified-major-hazard"].when.finding
    assert hazard.level == "major" and hazard.overdue is True
    resist = vetoes["resisting-inspection"].when.metric
    assert (resist.metric, resist.op.value, resist.value) == ("inspections_resisted", ">=", 1)
    larger = vetoes["larger-accident"].when.incident
    assert larger.min_class.value == "larger" and larger.within_months == 12
    grade_ids = {g.id for g in std.grades}
    assert all(v.max_grade in grade_ids for v in std.vetoes)
    for words in (
        "亡人事故",
        "重大平安失信行为",
        "不如期进行整改",
        "抗拒执法检查",
        "较大以上",
        "黑名单",
    ):
        assert words in seed_text, words


def test_rewards_penalties_goals_responsibilities(std, seed_text):
    assert [r.id for r in std.rewards] == ["rewards.1", "rewards.2", "rewards.3"]
    assert [p.id for p in std.penalties] == ["penalties.1", "penalties.2", "penalties.3"]
    assert [r.source.ref for r in std.rewards] == [f"四.(一).{n}" for n in range(1, 4)]
    assert [p.source.ref for p in std.penalties] == [f"四.(二).{n}" for n in range(1, 4)]
    goals = " ".join(g.text.zh for g in std.goals)
    assert "三到五年" in goals and "三到五年" in seed_text
    assert "好的企业得实惠、一般企业上水平、问题企业受惩戒" in goals
    bodies = [r.body.zh for r in std.responsibilities]
    for body in ("领导小组", "市安委办", "市安监局和市建设局", "各县（市、区）"):
        assert any(body in b for b in bodies), body
