"""The bundled safe-community standard matches its source, 004_4bc2f106566ddf37.txt."""

from __future__ import annotations

import pytest
from conftest import SEEDS_DIR

SEED = "004_4bc2f106566ddf37.txt"

CITY_SECTIONS = ["organization", "production", "fire", "traffic", "food", "education", "accidents"]

ITEM_COUNTS = {
    "organization": 5,
    "production": 7,
    "fire": 11,
    "traffic": 7,
    "food": 5,
    "education": 7,
    "accidents": 1,
    "officer": 6,
    "review": 4,
}

SYSTEMS = [
    "安监员职责",
    "社区安全领导小组职责",
    "安全领导小组组长职责",
    "社区安监员工作考核制度",
    "社区安监员工作制度",
    "安全工作例会制度",
    "社区安全教育培训制度",
    "社区安全检查与隐患排查制度",
    "社区安全事故报告调查统计制度",
    "社区应急救援制度",
]


@pytest.fixture(scope="module")
def std(bundled):
    return bundled("safe-community")


@pytest.fixture(scope="module")
def items(std):
    return std.item_map()


@pytest.fixture(scope="module")
def seed_text():
    return (SEEDS_DIR / SEED).read_text(encoding="utf-8")


def test_header(std):
    assert std.id == "safe-community"
    assert std.version == "2019"
    assert std.subject.value == "community"
    assert std.source == SEED
    assert std.scoring_note.zh and std.scoring_note.en
    assert std.principles is not None and "经济发展，安全优先" in std.principles.zh


def test_city_standard_sections_in_order(std):
    ids = [section.id for section in std.sections]
    assert ids[:7] == CITY_SECTIONS
    assert ids == [*CITY_SECTIONS, "officer", "review"]


def test_item_counts_per_section(std):
    assert {s.id: len(s.items) for s in std.sections} == ITEM_COUNTS
    assert len(std.items()) == 53


def test_item_ids_unique_and_prefixed(std):
    ids = [item.id for item in std.items()]
    assert len(ids) == len(set(ids))
    for section in std.sections:
        for item in section.items:
            assert item.id.startswith(section.id + ".")


def test_every_item_has_a_seed_source(std):
    seeds = {p.name for p in SEEDS_DIR.iterdir()}
    for item in std.items():
        assert item.source.file == SEED and item.source.file in seeds
        assert item.source.ref
        assert item.text.zh and item.text.en
        assert item.owner is not None and item.evidence


def test_city_standard_items_cite_their_part(std):
    parts = dict(zip(CITY_SECTIONS, "一二三四五六七", strict=True))
    for section in std.sections:
        if section.id in parts:
            for item in section.items:
                assert item.source.ref == f"附件2.{parts[section.id]}"


def _measure(items, item_id, metric, op, target, per=None):
    item = items[item_id]
    assert item.kind.value == "measure"
    assert item.metric == metric
    assert item.op.value == op
    assert item.target == target
    assert (item.per.value if item.per else None) == per
    return item


def test_survey_rate(items):
    item = _measure(items, "production.3", "survey_rate", ">=", 95)
    assert item.unit.zh == "%"


def test_fire_facility_rates(items):
    _measure(items, "fire.1.pass_rate", "fire_facility_pass_rate", ">=", 100)
    _measure(items, "fire.1.intact_rate", "fire_facility_intact_rate", ">=", 100)
    assert items["fire.1"].kind.value == "check"


def test_traffic_rates(items):
    _measure(items, "traffic.4.plate_rate", "vehicle_plate_rate", ">=", 100)
    _measure(items, "traffic.4.annual_review_rate", "annual_review_rate", ">=", 100)
    assert items["traffic.4"].kind.value == "check"


def test_tableware_pass_rate_stays_a_check(items):
    item = items["food.4"]
    assert item.kind.value == "check"
    assert item.target is None
    assert "达到标准要求" in item.text.zh


def test_ten_system_deductions(items):
    item = items["organization.5"]
    assert item.kind.value == "check"
    assert len(item.deductions) == 10
    assert len({d.id for d in item.deductions}) == 10
    assert all(d.points == 0.5 for d in item.deductions)
    assert item.points == sum(d.points for d in item.deductions) == 5
    for system, deduction in zip(SYSTEMS, item.deductions, strict=True):
        assert system in deduction.text.zh
        assert system in item.text.zh


def test_accidents_is_a_veto_item(items):
    item = items["accidents.1"]
    assert item.veto is True
    assert item.source.ref == "附件2.七"


def test_officer_age_45_in_text(items):
    item = items["officer.1"]
    assert item.kind.value == "check"
    assert "45周岁以下" in item.text.zh
    assert "45" in item.text.en
    assert [items[f"officer.{n}"].source.ref for n in range(1, 6)] == [
        "附件1.一",
        "附件1.二",
        "附件1.三",
        "附件1.四",
        "附件1.五",
    ]
    assert items["officer.6"].source.ref == "附件1.聘用程序"
    assert items["officer.6"].deadline == "04-30"
    assert items["officer.5"].deadline == "04-30"


def test_review_counts(items):
    inspections = _measure(items, "review.1", "comprehensive_inspections", ">=", 4, "year")
    assert inspections.frequency.times == 4 and inspections.frequency.per.value == "year"
    reviews = _measure(items, "review.2", "overall_reviews", ">=", 1, "year")
    assert reviews.frequency.times == 1 and reviews.frequency.per.value == "year"
    stage = _measure(items, "review.3", "stage_assessments", ">=", 1, "month")
    assert stage.frequency.times == 1 and stage.frequency.per.value == "month"
    report = items["review.4"]
    assert report.kind.value == "check"
    assert report.frequency.times == 1 and report.frequency.per.value == "month"
    assert inspections.source.ref == reviews.source.ref == "第二篇.三.(二).12"


def test_grades(std):
    assert [(g.id, g.min) for g in std.grades] == [("city-level", 90), ("pass", 70), ("fail", 0)]


def test_veto(std):
    assert [v.id for v in std.vetoes] == ["major-accident"]
    veto = std.vetoes[0]
    assert veto.when.incident.min_class.value == "major"
    assert veto.when.incident.within_months == 12
    assert veto.max_grade == "fail"
    assert std.grade(veto.max_grade) is not None
    assert veto.text.zh == "社区年度内无重大安全生产事故、重大中毒事故、重大经济损失事故。"
    assert str(veto.source) == f"{SEED}#附件2.七"


def test_working_bodies(std):
    bodies = [
        r
        for r in std.responsibilities
        if r.source.ref == "第一篇.三" or r.source.ref.startswith("第二篇.三.(二).")
    ]
    # 13 working bodies of 第二篇 三（二） plus the city steering committee of 第一篇 三.
    assert len(bodies) == 14
    working = [b for b in bodies if b.source.ref.startswith("第二篇.三.(二).")]
    assert len(working) == 13
    assert [b.source.ref.rsplit(".", 1)[1] for b in working] == [str(n) for n in range(1, 14)]
    assert working[0].body.zh == "安全社区建设促进委员会"
    assert working[1].body.zh == "社会治安稳定项目促进组"
    assert working[11].body.zh == "考核监督组"
    assert working[12].body.zh == "安全社区创建办公室"
    assert bodies[0].source.ref == "第一篇.三"


def test_phases(std):
    phases = {p.id: p for p in std.phases}
    first = [p for p in std.phases if p.source.ref == "第一篇.五"]
    steps = [p.id for p in first if "-" not in p.id]
    assert steps == ["research", "implement", "acceptance", "consolidate"]
    assert [p.title.zh for p in first if "-" not in p.id] == [
        "调研准备阶段",
        "组织实施阶段",
        "总结验收阶段",
        "巩固深化阶段",
    ]
    assert phases["implement-selection"].end == "04-20"
    assert phases["implement-training"].end == "04-30"
    assert (phases["implement-review"].start, phases["implement-review"].end) == (
        "05-01",
        "05-31",
    )
    step_ends = [phases[step].end for step in steps]
    assert step_ends == sorted(step_ends)
    implement = phases["implement"]
    subs = [p for p in std.phases if p.id.startswith("implement-")]
    assert [p.end for p in subs] == sorted(p.end for p in subs)
    for sub in subs:
        assert implement.start <= sub.start and sub.end <= implement.end
    assert [p.id for p in std.phases if p not in first] == [
        "unit-plans",
        "filing",
        "provincial-rating",
    ]


def test_goals(std):
    refs = [g.source.ref for g in std.goals]
    assert refs.count("第一篇.二") == 4
    assert "第二篇.二.(一)" in refs and "第二篇.二.(二)" in refs


def test_numbers_occur_in_seed(seed_text):
    for number in [
        "普查率达95%以上",
        "合格率达到100%",
        "完好率达到100%",
        "上牌率达到100%",
        "年审率达100%",
        "每年不少于4次",
        "整体评审每年不少于一次",
        "每月1次阶段评估",
        "每月定时报送",
        "年龄在45周岁以下",
        "4月20日前",
        "4月底前",
        "5月份",
        "评定分数达到70分",
        "评定分数达到90分以上(含90分)",
        "13、安全社区创建办公室",
    ]:
        assert number in seed_text, number
    for system in SYSTEMS:
        assert system in seed_text


def test_numbers_in_standard_occur_in_seed(std, seed_text):
    for item in std.items():
        if item.kind.value == "measure":
            assert str(item.target) in seed_text
    for grade in std.grades[:-1]:
        assert f"{grade.min}分" in seed_text


# ---------------------------------------------------------------- issue 14: the missing parts


def _duty(std, ref):
    found = [r for r in std.responsibilities if r.source.ref == ref]
    assert len(found) == 1, ref
    return found[0]


def test_annex3_officer_duties(std, seed_text):
    """Issue 14: 附件3 社区安监员职责 一 to 四 were missing; 四 is cut off in the source."""
    duty = _duty(std, "附件3")
    assert duty.body.zh == "社区安监员"
    text = duty.duties.zh
    assert text.startswith("在上级安监部门和社区居委会的领导下开展工作")
    for n, words in zip(
        "一二三四",
        (
            "日常安全生产监督管理",
            "发现事故隐患应责令立即排除",
            "安全生产大检查",
            "配合区直有关部门",
        ),
        strict=True,
    ):
        assert f"（{n}）" in text and words in text
    # issue 20: the words that complete 四 are ours, and the text marks them so
    assert "中断" in duty.note and "配合区直有关部门〔开展工作〕" in text and "本标准所补" in text
    assert "四、配合区直有关部门1 2 下一页" in seed_text
    from safecli.score.trace import trace

    rows = {r.ref: r for r in trace(std).rows}
    assert all(rows[f"附件3.{n}"].status == "held-as-whole" for n in "一二三四")


def test_dated_targets_7_30_and_10_30(std, seed_text):
    """Issue 14: 第三篇 启动备案 by 7月30日, 省级评定 by 10月30日."""
    phases = {p.id: p for p in std.phases}
    assert phases["filing"].end == "07-30" and phases["filing"].start is None
    assert phases["provincial-rating"].end == "10-30"
    for pid in ("filing", "provincial-rating"):
        assert phases[pid].source.ref == "第三篇.三.(二).五"
    assert "7月30日前全面完成" in seed_text and "10月30日前全面完成" in seed_text
    assert "7月30日前" in phases["filing"].text.zh
    assert "10月30日前" in phases["provincial-rating"].text.zh


def test_unit_plan_due_end_of_march(std, seed_text):
    """Issue 14: 第二篇 四.1 实施方案 于3月底前报街道办事处."""
    phase = next(p for p in std.phases if p.id == "unit-plans")
    assert phase.end == "03-31" and phase.source.ref == "第二篇.四.1"
    assert "3月底前报街道办事处" in phase.text.zh and "于3月底前报街道办事处" in seed_text


def test_first_plan_funding_and_requirements(std, seed_text):
    """Issue 14: 第一篇 四 经费保障 and 六 工作要求 (five requirements)."""
    funding = _duty(std, "第一篇.四")
    assert "劳动再就业基金" in funding.duties.zh and "各区政府解决" in funding.duties.zh
    requirements = _duty(std, "第一篇.六").duties.zh
    for words in ("加强组织领导", "责任落实到位", "加大宣传力度", "提供物资保障", "确保任务完成"):
        assert words in requirements, words


def test_second_plan_parts(std):
    """Issue 14: 第二篇 指导思想, 三（三）–（五）, the 通报和分析制度, 四.3."""
    goal = next(g for g in std.goals if g.id == "people-first")
    assert goal.source.ref == "第二篇.一" and "以人为本，安全发展" in goal.text.zh
    assert "安全教育与宣传设施" in _duty(std, "第二篇.三.(三)").duties.zh
    hazards = _duty(std, "第二篇.三.(四)").duties.zh
    assert "彻底的清查" in hazards and "警示标识" in hazards
    assert "制定相应的安全计划和措施" in _duty(std, "第二篇.三.(五)").duties.zh
    assert "建立通报和分析制度" in _duty(std, "第二篇.三.(六)").duties.zh
    assert "思想发动" in _duty(std, "第二篇.四.3").duties.zh


def test_third_plan_parts(std):
    """Issue 14: 第三篇 总体要求, 倒排工期, 台账档案, 经费, the monthly report, 明查暗访."""
    goal = next(g for g in std.goals if g.id == "provincial-first")
    assert goal.source.ref == "第三篇.一" and "先省级后国家级" in goal.text.zh
    assert "倒排工期" in _duty(std, "第三篇.三.(二).二").duties.zh
    assert "创建档案" in _duty(std, "第三篇.三.(二).四").duties.zh
    assert "政府投入是主体" in _duty(std, "第三篇.三.(三)").duties.zh
    report = _duty(std, "第三篇.三.(四).一")
    assert report.body.zh == "市创建办" and "每月向省创建办" in report.duties.zh
    assert "明查暗访" in _duty(std, "第三篇.三.(四).二").duties.zh


def test_fifth_plan_parts(std, seed_text):
    """Issue 14: 第五篇 four-year course, 创安 group, AQ/T 9001-2006, 以一个街道为单位, 考核机关, 四落实."""
    goals = {g.id: g for g in std.goals}
    assert "到2012年，街道达到市级安全社区标准" in goals["four-year-course"].text.zh
    assert goals["four-year-course"].source.ref == "第五篇.一"
    assert "AQ/T 9001-2006" in std.scoring_note.zh and "AQ/T 9001-2006" in std.scoring_note.en
    assert "以一个街道为单位" in std.scoring_note.zh
    assert "“创安”领导工作小组" in _duty(std, "第五篇.二").duties.zh
    assert "四落实" in _duty(std, "第五篇.五.(二)").duties.zh
    for grade in ("city-level", "pass"):
        assert "市政府安委会办公室组织考核" in std.grade(grade).text.zh
        assert std.grade(grade).source.ref == "第五篇.四.4"
    assert "AQ/T9001-2006" in seed_text and "以一个街道为单位" in seed_text


def test_version_lines_and_veto_are_marked(std, items):
    """Issue 14: version 2019 is the page's date; 70/90 from 第五篇; the 附件2 七 veto is ours."""
    note = std.scoring_note.zh
    assert "2019-05-14" in note and "下载页面的日期" in note
    assert "第五篇" in note and "附件2" in note and "不同文件" in note
    assert "否决项，此为本标准所定" in note
    assert "本标准所定" in items["accidents.1"].note
    assert "is ours" in std.vetoes[0].note
    officer = items["officer.6"]
    assert officer.deadline == "04-30" and "只管选拔" in officer.note
