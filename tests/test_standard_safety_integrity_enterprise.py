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
        ("standardized", 75),
        ("normalized", 75),
        ("problem-rectified", 0),
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
    # the 75 line is ours and the note says so; the garbled text names both tiers 标准化
    assert "75" in std.scoring_note.zh and "本标准所定" in std.scoring_note.zh
    assert "标准化企业" in std.grade("normalized").text.zh


# ---------------------------------------------------------------- issue 14: the tiers


def _record(std, responses, **extra):
    from safecli.model.record import Record

    return Record.model_validate(
        {
            "standard": std.ref,
            "subject": {"kind": "enterprise", "name": "某某机械有限公司", "employees": 120},
            "inspection": {"date": "2025-06-30"},
            "responses": responses,
            **extra,
        }
    )


def _grade(std, record):
    from safecli.score.scoring import assess

    result = assess(std, record)
    return result.total, result.grade.id


ALL_CONDITIONS = [*CONDITIONS[:6], "conditions.6.certified", *CONDITIONS[6:]]
ACCEPTANCE = {
    "standardization-acceptance": {
        "date": "2025-03-15",
        "by": "河北省应急管理厅",
        "ref": "冀安标〔2025〕12号",
        "level": "省",
    }
}


def test_standardized_needs_the_national_or_provincial_acceptance(std):
    """Issue 14: the checklist alone cannot confer 标准化企业 (二（一）, 三.6)."""
    grade = std.grade("standardized")
    assert [a.id for a in grade.attestations] == ["standardization-acceptance"]
    assert str(grade.attestations[0].source) == f"{SEED}#三.6"
    assert "按国家和省有关规定" in grade.text.zh and "本清单不能授予" in grade.text.zh
    # every condition and rectification item met, 100 % certified: 100 points
    met = {i: "met" for i in CONDITIONS + RECTIFICATION}
    full = {"metrics": {"certified_rate": 100}}
    assert _grade(std, _record(std, met, **full)) == (100.0, "normalized")
    assert _grade(std, _record(std, met, **full, attestations=ACCEPTANCE)) == (
        100.0,
        "standardized",
    )
    # an acceptance dated after the inspection does not count yet
    later = {"standardization-acceptance": {**ACCEPTANCE["standardization-acceptance"]}}
    later["standardization-acceptance"]["date"] = "2025-07-01"
    assert _grade(std, _record(std, met, **full, attestations=later))[1] == "normalized"


def test_standardized_loophole_all_conditions_na_is_closed(std):
    """Issue 14: all 12 conditions 不适用 + the 5 rectification items met scored 100 and 标准化企业.

    Hand-computed: the 13 condition items (78 points) leave both sums; the 5 rectification items
    earn 25 of 25: total 25/25 × 100 = 100.0. A required item the record itself answers na never
    counts as met (issue 20: a grade is not awarded on waived 必备条件), so neither 标准化 nor 规范化
    is reached, and the grade is the first tier whose required items hold, 问题型企业（整治验收合格）.
    Through a file the record is refused outright (tests/test_fidelity_issue20.py).
    """
    loophole = {i: "na" for i in ALL_CONDITIONS} | {i: "met" for i in RECTIFICATION}
    assert _grade(std, _record(std, loophole, attestations=ACCEPTANCE)) == (
        100.0,
        "problem-rectified",
    )
    # stated reasons change nothing any more: the conditions apply to every enterprise
    reasoned = {i: {"status": "na", "na_reason": "本企业无此业务"} for i in ALL_CONDITIONS} | {
        i: "met" for i in RECTIFICATION
    }
    assert _grade(std, _record(std, reasoned)) == (100.0, "problem-rectified")
    assert _grade(std, _record(std, reasoned, attestations=ACCEPTANCE)) == (
        100.0,
        "problem-rectified",
    )


def test_problem_rectified_tier_needs_only_the_five_requirements(std):
    """Issue 14: 二（三） asks only "通过整治达到以下基本要求"; no score line.

    Hand-computed: the 5 rectification items met earn 25; the 12 conditions honestly unmet and
    the certified rate at 60 % earn 0 of 75: total 25/100 × 100 = 25.0 → 问题型企业（整治验收合格）.
    One rectification item unmet (20/100 = 20.0) → 问题型企业.
    """
    honest = {i: "unmet" for i in CONDITIONS} | {i: "met" for i in RECTIFICATION}
    metrics = {"metrics": {"certified_rate": 60}}
    assert _grade(std, _record(std, honest, **metrics)) == (25.0, "problem-rectified")
    short = honest | {"rectification.5": "unmet"}
    assert _grade(std, _record(std, short, **metrics)) == (20.0, "problem")
    assert "不设分数线" in std.grade("problem-rectified").text.zh


def test_accept_phase_names_who_accepts_each_kind(std):
    """Issue 14: 三.6 整治企业 are accepted by the counties and the city's departments."""
    owner = next(p for p in std.phases if p.id == "accept").owner.zh
    assert "市、县两级安委办" in owner
    assert "整治企业：各县（市、区）、高XX县区及白沟白洋淀温泉城、市政府有关部门" in owner
    assert "标准化企业：按国家和省有关规定" in owner


def test_severe_punishment_reads_chufa(std, seed_text):
    """Issue 14: 在依法进行严厉处分的同时 is the 处罚→处分 swap; read 处罚, and say so."""
    assert "在依法进行严厉处分的同时" in seed_text
    blacklist = [v for v in std.vetoes if v.source.ref == "四.(二).3"]
    penalty = next(p for p in std.penalties if p.id == "penalties.3")
    for rule in [*blacklist, penalty]:
        assert "严厉处罚" in rule.text.zh and "严厉处分" not in rule.text.zh
        assert "处罚→处分" in rule.note
    assert len(blacklist) == 3
    assert "严厉处罚" in std.scoring_note.zh


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
