"""The 评估意见 of each example, against hand-written expectations, and `score`'s one-line reason.

Each expectation was worked out by hand from the example record and its standard: the grade,
why the unit misses the next grade up (required items, vetoes, points), the overdue and major
hazards, the unanswered items and the next inspection date.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from safecli.api import read_record
from safecli.cli.app import app
from safecli.score.gaps import build_report
from safecli.score.scoring import assess

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "records"

EXPECTED = {
    "safe-enterprise": [
        "总分 89 分，评定等级为“合格”",
        # 90 is the line; the required items 五、12 and 五、6 are met, so points alone are short
        "未达平安企业（优秀）：总分 89 分，距 90 分尚差 1 分。",
        "存在未整改重大隐患 1 项：F2易制毒化学品出入库登记不完整，整改期限 2025-06-15",
        "整改价值最大的三项差距：标准 五、23（可增 3 分，整改后总分 92 分，可达“平安企业（优秀）”）",
        "下一次自查评估应于2025年8月10日前完成",  # quarterly, from 2025-05-10
        # the fire of 2025-03-02 lies in the twelve months before the inspection of 2025-05-10
        "近12个月内发生生产安全事故1起：2025年3月2日烘干房电气线路起火，一人烧伤，"
        "死亡0人、重伤1人，直接经济损失8万元，属一般事故。",
        "结论：苏州某精细化工有限公司本次自查总分89分，评定等级为“合格”。"
        "可按程序申请“合格”验收（评定）。",
    ],
    "safe-enterprise-vetoed": [
        "总分 100 分，评定等级为“合格”",
        "按总分和必备条件可评为“平安企业（优秀）”，因否决降为“合格”",
        "未达平安企业（优秀）：否决：12个月内发生生产安全亡人事故的，最高评为合格，不得评为优秀。",
        "（2025-06-18 机械伤害：死亡 1 人",
        "未发现逾期未整改隐患或重大隐患。",
    ],
    "safety-integrity-enterprise": [
        "评定等级为“问题型企业（整治验收合格）”",
        # 97 points is above 75, but two of the 12 conditions are only partly met
        "未达规范化企业：必备条件 标准 二（二）4 部分符合、标准 二（二）9 部分符合。",
    ],
    "safety-integrity-enterprise-blacklisted": [
        "暂不具备申请验收（评定）的条件，应完成整改后重新自查。",
        "总分 45 分，评定等级为“问题型企业”",
        "未达问题型企业（整治验收合格）：必备条件 标准 二（三）1 不符合、标准 二（三）2 部分符合、"
        "标准 二（三）4 部分符合；否决：存在重大事故隐患又不如期整改的",
        # 问题型企业（整治验收合格） has no score line: the required items and vetoes alone
        "否决：抗拒执法检查的，列为“信用污点企业”，列入“黑名单”。",
        "（抗拒执法检查次数 = 1）",
        "存在逾期未整改隐患 2 项：H1（重大隐患）储罐区可燃气体报警器失效",
    ],
    "safe-community": [
        "评定等级为“市级安全社区”",
        "已达到本标准的最高等级。",
        "下一次自查评估应于2026年2月20日前完成",
    ],
    "safe-community-overdue": [
        "总分 79.4 分，评定等级为“合格”",
        "未达市级安全社区：总分 79.4 分，距 90 分尚差 10.6 分。",
        "存在逾期未整改隐患 2 项：H1（重大隐患）",
        "自查记录未载明近12个月内发生的生产安全事故。",
        # 79.4 is a pass: the unit may apply; the three actions are the 整改清单's first rows
        # (two overdue major hazards at once, then the first item without a deadline: 30 days
        # from 2025-10-15), re-inspected when the last of them is due
        "结论：桥西区友谊街道东里社区本次自查总分79.4分，评定等级为“合格”。可按程序申请“合格”验收（评定）。",
        "建议：1. 沿街商铺存在“三合一”场所，人员住宿与经营、仓储混设：责令搬离住宿人员，"
        "联合消防部门执法，立即整改；2. 地下室堆放易燃杂物：组织清理并落实日常巡查，立即整改；"
        "3. 标准 一、2：",
        "2025年11月14日前完成。上述整改完成后，于2025年11月14日前组织复查。",
    ],
    "district-work-plan": [
        "总分 91.2 分，评定等级为“优秀”",
        "已达到本标准的最高等级。",
        "下一次自查评估应于2026年3月20日前完成",
    ],
}


def opinion_text(stem: str) -> str:
    loaded = read_record(EXAMPLES / f"{stem}.yaml")
    report = build_report(loaded.standard, loaded.record, assess(loaded.standard, loaded.record))
    opinion = report.opinion
    return "\n".join(p.zh for p in [*opinion.paragraphs, opinion.conclusion, opinion.advice])


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_opinion_of_each_example(stem: str) -> None:
    text = opinion_text(stem)
    for expected in EXPECTED[stem]:
        assert expected in text, f"{stem}: {expected!r} not in\n{text}"
    assert "item:" not in text and "content." not in text  # numbers on paper, not ids


def test_every_example_has_expectations() -> None:
    assert {p.stem for p in EXAMPLES.glob("*.yaml")} == set(EXPECTED)


def test_unanswered_items_are_named_and_never_hazards(tmp_path: Path) -> None:
    record = (EXAMPLES / "safe-enterprise.yaml").read_text(encoding="utf-8")
    record = record.replace("  content.7: met\n", "").replace("  content.8: met\n", "")
    path = tmp_path / "r.yaml"
    path.write_text(record, encoding="utf-8")
    loaded = read_record(path)
    report = build_report(loaded.standard, loaded.record, assess(loaded.standard, loaded.record))
    text = "\n".join(p.zh for p in report.opinion.paragraphs)
    assert "有 2 项条款未作答（标准 五、7、标准 五、8），按 0 分计，不作为隐患" in text
    assert not any(r.item in ("content.7", "content.8") for r in report.rectifications)


def test_score_prints_the_reason_in_one_line() -> None:
    result = CliRunner().invoke(
        app, ["score", str(EXAMPLES / "safety-integrity-enterprise.yaml"), "--format", "md"]
    )
    assert result.exit_code == 0
    assert (
        "- 原因：未达规范化企业：必备条件 二（二）4 部分符合、二（二）9 部分符合" in result.stdout
    )
    table = CliRunner().invoke(app, ["score", str(EXAMPLES / "safe-enterprise-vetoed.yaml")])
    assert "未达平安企业（优秀）：否决：12个月内发生生产安全亡人事故的" in table.stdout
