"""The plan of a 判定 record reads as a 重大事故隐患排查整治工作方案, never as a creation plan.

The record (fixtures/major-hazards/two-present.yaml, a 机械 works with 粉尘涉爆, inspected
2024-03-01) applies 19 situations of the 2023 pack: 第三条 (一)(二), 第七条 (一)–(七), 第十一条
(一)–(十). Two are 存在: 第七条（二） with the finding H1 (设备部, due 2024-03-31) and 第十一条（三）
with none, so the default 60 days for a 重大 hazard from the inspection gives 2024-04-30, marked
默认 as the report marks it. The other 17 are 不存在. 第三条（三） applies to metal smelting only;
eight parts (第四、五、六、八、九、十、十二、十三条, 44 situations) are of other industries and
special areas. Without --start the plan is dated on the inspection: 排查 done 2024-03-01, 整治
2024-03-01 to 2024-04-30 (the last deadline), 复查验收 by 2024-04-30 (the report's re-check date).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safecli.api import plan_file, read_record, report_file
from safecli.cli.app import app
from safecli.plan.determination import PLACEHOLDER, PLACEHOLDERS, fill_goals
from safecli.plan.planning import build_plan
from safecli.plan.wording import text_of
from safecli.read.catalog import default_catalog
from safecli.score.gaps import build_report
from safecli.score.scoring import assess

HERE = Path(__file__).parent
RECORD = HERE / "fixtures" / "major-hazards" / "two-present.yaml"
GOLDEN = HERE / "golden" / "determination"
runner = CliRunner()

TEXT_7 = "铸造用熔炼炉、精炼炉、保温炉无紧急排放和应急储存设施"
TEXT_11 = "干式除尘系统未采取泄爆、惰化、抑爆等任何一种爆炸防控措施"
EN_11 = "Dry dust collection with none of venting, inerting or suppression"
# the parts of other industries and special areas: none of their clauses is listed
OTHER_PARTS = ("第四条", "第五条", "第六条", "第八条", "第九条", "第十条", "第十二条", "第十三条")
# the 17 situations answered 不存在: counted, never listed
RULED_OUT = (
    ["第三条（一）", "第三条（二）"]
    + [f"第七条（{n}）" for n in "一三四五六七"]
    + [f"第十一条（{n}）" for n in ("一", "二", "四", "五", "六", "七", "八", "九", "十")]
)


def _visible(document: str, fmt: str) -> str:
    if fmt == "html":
        document = re.sub(r"<style.*?</style>", "", document, flags=re.S)
        document = re.sub(r"<[^>]+>", "", document.replace("<br>", "\n"))
    return document


def _run(*args: str) -> str:
    result = runner.invoke(app, [*args])
    assert result.exit_code == 0, result.output
    return result.output


def _record(tmp_path: Path, body: str) -> Path:
    """The fixture's unit and inspection with other answers (and no findings)."""
    head = RECORD.read_text(encoding="utf-8").split("responses:")[0]
    path = tmp_path / "r.yaml"
    path.write_text(head + body, encoding="utf-8")
    return path


def _all_ruled_out(tmp_path: Path) -> Path:
    text = RECORD.read_text(encoding="utf-8").split("findings:")[0]
    text = text.replace("art7.2: 存在", "art7.2: 不存在").replace(
        "art11.3: 存在", "art11.3: 不存在"
    )
    path = tmp_path / "none.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_zh_plan_is_a_rectification_plan(fmt):
    text = _visible(plan_file(RECORD, None, None, None, fmt, "zh"), fmt)  # type: ignore[arg-type]
    assert "甲机械厂重大事故隐患排查整治工作方案" in text.splitlines()[0] or (
        fmt == "html" and "甲机械厂重大事故隐患排查整治工作方案" in text
    )
    assert (
        "依据《工贸企业重大事故隐患判定标准》（应急管理部令第10号，2023年5月15日起施行），"
        "本单位于2024年3月1日开展重大事故隐患自查，判定结果：存在重大事故隐患 2 项。" in text
    )
    # its own 指导思想 and 工作目标, with the record's counts and dates
    assert "对适用的情形逐项排查、逐项判定" in text
    assert "判定存在的 2 项重大事故隐患" in text and "最迟于2024年4月30日前全部完成" in text
    assert "整治完成后于2024年4月30日前组织复查验收" in text
    assert "尚未判定的" not in text  # every situation was answered: that goal is left out
    # a 工作小组 with its duties, never a 创建 group
    assert "成立重大事故隐患排查整治工作小组" in text and "《安全生产法》第四十一条" in text
    for word in ("创建", "领导小组", "自查表", "分值", "总分", "评定等级", "可增分", "得分"):
        assert word not in text, word
    # the steps of a rectification, dated from the record
    assert "排查判定阶段（已于2024年3月1日完成）" in text
    assert "整治阶段（2024年3月1日至2024年4月30日）" in text
    assert "复查验收阶段（2024年4月30日前完成）" in text
    # no clause of another industry, no 不存在 clause listed: counted in one line each
    for part in OTHER_PARTS:
        assert f"{part}（" not in text, part
    for clause in RULED_OUT:
        assert clause not in text, clause
    assert "本单位适用的情形共 19 项，其中自查判定不存在 17 项，已予排除，不逐项列出。" in text
    assert "等 8 个部分与本单位的行业和专项不符，整部分不适用（共 44 项情形，不逐项列出）。" in text
    assert "第三条（三） 金属冶炼企业的主要负责人或者安全生产管理人员未按规定考核合格" in text
    assert "适用的情形均已作答，无需补充排查判定。" in text


def test_zh_plan_hazard_rows_md():
    lines = plan_file(RECORD, None, None, None, "md", "zh").splitlines()  # type: ignore[arg-type]
    assert lines[0] == "# 甲机械厂重大事故隐患排查整治工作方案"
    assert "| 序号 | 条款 | 情形 | 责任部门 | 整改期限 |" in lines
    # one row per 存在 hazard: its clause, the pack's words, the unit's finding, its one date
    found = "<br>存在问题：二号熔炼炉未设应急储存坑"
    assert f"| 1 | 第七条（二） | {TEXT_7}{found} | 设备部 | 2024-03-31 |" in lines
    assert f"| 2 | 第十一条（三） | {TEXT_11} |  | 2024-04-30（默认） |" in lines
    # the 整改清单 gives the same date with the same mark, and says why
    row = [x for x in lines if x.startswith("| 2 | 标准 第十一条（三）：")]
    assert len(row) == 1 and "| 2024-04-30（默认） | 重大 | 未逾期 |" in row[0]
    assert (
        lines.count(
            "注：未注明整改期限的，一般隐患自自查之日起30日内、重大隐患60日内整改完成（标注“默认”）。"
        )
        == 2
    )
    assert "附件：1. 整改清单" in lines


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_en_plan_is_a_rectification_plan(fmt):
    text = _visible(plan_file(RECORD, None, None, None, fmt, "en"), fmt)  # type: ignore[arg-type]
    assert "甲机械厂 Plan for finding and rectifying major accident hazards" in text
    assert (
        "Under the Criteria for major accident hazards in industry and trade enterprises "
        "(Order No. 10 of the Ministry of Emergency Management, in force from 2023-05-15), the "
        "unit inspected itself for major "
        "accident hazards on 2024-03-01. Determination: 2 major accident hazard(s) found." in text
    )
    assert "The 2 major accident hazard(s) determined" in text and "all by 2024-04-30" in text
    # the mark on a line of its own in a table cell of the page, so a date never breaks
    assert (
        EN_11 in text
        and ("2024-04-30 (default)" if fmt == "md" else "2024-04-30\n(default)") in text
    )
    assert "major-hazard rectification working group" in text
    for word in ("creation", "leading group", "points", "grade", "checklist"):
        assert not re.search(rf"\b{word}\b", text, re.I), word
    for part in OTHER_PARTS:
        assert f"{part}（" not in text, part
    assert "19 situations apply to the unit; 17 were determined not present" in text


def test_each_hazard_has_the_reports_one_date():
    """The plan's hazards are the report's, each with the same deadline and default mark."""
    loaded = read_record(RECORD, default_catalog())
    assessment = assess(loaded.standard, loaded.record)
    report = build_report(loaded.standard, loaded.record, assessment)
    plan = build_plan(
        loaded.standard, loaded.record.subject, assessment, None, record=loaded.record
    )
    assert plan.judging is not None
    got = [(h.clause, h.due, h.due_default) for h in plan.judging.hazards]
    assert got == [(h.clause, h.due, h.due_default) for h in report.judged.hazards]
    assert got == [
        ("第七条（二）", loaded.record.findings[0].due, False),
        ("第十一条（三）", assessment.inspection_date.replace(month=4, day=30), True),
    ]
    assert "2024年4月30日" in report_file(RECORD, "md", "zh")  # and the report says it too
    assert plan.start == assessment.inspection_date  # no --start: the inspection


def test_start_is_needed_for_a_creation_record_only():
    creation = HERE.parent / "examples" / "records" / "safe-enterprise.yaml"
    result = runner.invoke(app, ["plan", str(creation), "--lang", "zh"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "--start: error: 实施方案需要开始日期（请加 --start YYYY-MM-DD）"
    ]
    assert _run("plan", str(RECORD)).startswith("# 甲机械厂重大事故隐患排查整治工作方案\n")


def test_a_late_plan_rectifies_overdue_hazards_at_once():
    """Signed 2024-05-10, after both deadlines: each is rectified at once (the plan's date) and
    re-checked within 15 days, as the report does for an overdue hazard."""
    text = _run("plan", str(RECORD), "--start", "2024-05-10")
    lines = text.splitlines()
    assert (
        f"| 1 | 第七条（二） | {TEXT_7}<br>存在问题：二号熔炼炉未设应急储存坑 | 设备部 | 立即整改（已逾期） |"
        in lines
    )
    assert "### （二）整治阶段（2024年5月10日前完成）" in lines
    assert "### （三）复查验收阶段（2024年5月25日前完成）" in lines
    assert sum("**逾期，立即整改**" in x for x in lines) == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plan_with_no_hazard(tmp_path, lang):
    text = _run("plan", str(_all_ruled_out(tmp_path)), "--lang", lang)
    if lang == "zh":
        assert "判定结果：未发现重大事故隐患。" in text
        assert "自查未判定存在重大事故隐患。" in text.splitlines()
        assert "本单位适用的情形共 19 项，其中自查判定不存在 19 项" in text
        assert "1. 适用的 19 项情形均判定为“不存在”，达到并保持“未发现重大事故隐患”。" in text
        # nothing to rectify or re-check: the 排查 only, no 整改清单, no empty annex line
        assert "排查判定阶段（已于2024年3月1日完成）" in text
        for word in ("整治阶段", "复查验收阶段", "整改清单", "附件", "判定存在的 ", "创建"):
            assert word not in text, word
    else:
        assert "Determination: no major accident hazard found." in text
        assert "The self-inspection determined no major accident hazard." in text
        for word in ("Rectification list", "Annexes", "Re-check and acceptance"):
            assert word not in text, word


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plan_with_every_clause_unanswered(tmp_path, lang):
    """Nothing answered: the 19 situations that apply are listed to be determined by the plan's
    date + 15 days (2024-03-16); what they may find is due as a 重大 hazard found that day
    (+60: 2024-05-15), when the 整治 ends and the re-check is done."""
    text = _run("plan", str(_record(tmp_path, "responses: {}\n")), "--lang", lang)
    lines = text.splitlines()
    if lang == "zh":
        assert "判定结果：未能排除重大事故隐患；19 项情形未作答。" in text
        assert (
            "以下 19 项情形尚未判定，未能排除重大事故隐患，应于2024年3月16日前逐项排查判定；"
            "判定存在的，立即按重大事故隐患纳入整治，未另定期限的自判定之日起 60 日内整改完成："
            in text
        )
        assert "| 条款 | 情形 |" in lines
        listed = [x for x in lines if re.match(r"\| 第[三七十一]+条（", x)]
        assert len(listed) == 19 and f"| 第十一条（三） | {TEXT_11} |" in listed
        assert "本单位适用的情形共 19 项，尚无判定为不存在的情形。" in text
        assert (
            "1. 尚未判定的 19 项情形于2024年3月16日前逐项排查判定，判定存在的立即纳入整治。"
            in lines
        )
        assert "### （一）排查判定阶段（2024年3月1日至2024年3月16日）" in lines
        assert "### （二）整治阶段（2024年3月1日至2024年5月15日）" in lines
        assert "### （三）复查验收阶段（2024年5月15日前完成）" in lines
        for part in OTHER_PARTS:
            assert f"| {part}（" not in text, part
        assert "判定存在的 " not in text and "创建" not in text
    else:
        assert "These 19 situations are not yet determined" in text and "by 2024-03-16" in text
        assert "none is yet determined not present" in text


def test_plan_with_hazards_and_a_clause_unanswered(tmp_path):
    """第三条（二） left unanswered beside the two hazards: both tasks; the hazards are still all
    due by 2024-04-30, but what the remaining determination (by 2024-03-16) may find is due
    60 days later, so the 整治 and the re-check run to 2024-05-15."""
    path = tmp_path / "r.yaml"
    path.write_text(
        RECORD.read_text(encoding="utf-8").replace("  art3.2: 不存在\n", ""), encoding="utf-8"
    )
    lines = _run("plan", str(path)).splitlines()
    assert "判定结果：存在重大事故隐患 2 项；1 项情形未作答" in lines[2]
    assert f"| 2 | 第十一条（三） | {TEXT_11} |  | 2024-04-30（默认） |" in lines
    assert (
        "| 第三条（二） | 特种作业人员未经专门的安全作业培训、未取得相应资格即上岗作业 |" in lines
    )
    assert any(x.startswith("以下 1 项情形尚未判定") and "2024年3月16日前" in x for x in lines)
    assert any("最迟于2024年4月30日前全部完成" in x for x in lines)
    assert "2. 尚未判定的 1 项情形于2024年3月16日前逐项排查判定，判定存在的立即纳入整治。" in lines
    assert "### （二）整治阶段（2024年3月1日至2024年5月15日）" in lines
    assert "### （三）复查验收阶段（2024年5月15日前完成）" in lines
    assert "本单位适用的情形共 19 项，其中自查判定不存在 16 项" in "\n".join(lines)


def test_a_situation_still_present_after_its_finding_closed_is_major(tmp_path):
    """H1 closed (accepted) while 第七条（二） is still answered 存在: the situation itself is a
    重大 hazard with no deadline of its own, due by the 重大 default (60 days: 2024-04-30), not
    the 一般 one (30 days: 2024-03-31), in the report and the plan alike."""
    path = tmp_path / "r.yaml"
    path.write_text(
        RECORD.read_text(encoding="utf-8").replace(
            "due: 2024-03-31}",
            "due: 2024-03-31, status: closed, acceptance: {by: 区应急管理局, date: 2024-03-20, "
            "result: 合格}}",
        ),
        encoding="utf-8",
    )
    report = report_file(path, "md", "zh")
    assert "第七条（二），未定整改期限，按重大隐患默认期限于2024年4月30日前完成" in report
    assert "2024-03-31" not in report
    lines = _run("plan", str(path)).splitlines()
    assert (
        f"| 1 | 第七条（二） | {TEXT_7}<br>存在问题：二号熔炼炉未设应急储存坑 |  | 2024-04-30（默认） |"
        in lines
    )
    row = [x for x in lines if x.startswith("| ") and "标准 第七条（二）：" in x]
    assert len(row) == 1 and row[0].endswith("| 2024-04-30（默认） | 重大 | 未逾期 |")


def test_plan_from_the_standard_and_a_subject(tmp_path):
    """No record: every situation that applies is still to be determined; no verdict."""
    subject = tmp_path / "unit.yaml"
    subject.write_text(
        "kind: enterprise\nname: 乙纺织厂\nindustry: textile\nfeatures: []\n", encoding="utf-8"
    )
    text = _run(
        "plan",
        "--standard",
        "major-hazards-industry-trade",
        "--subject",
        str(subject),
        "--start",
        "2025-06-01",
    )
    assert text.startswith("# 乙纺织厂重大事故隐患排查整治工作方案\n")
    assert (
        "依据《工贸企业重大事故隐患判定标准》（应急管理部令第10号，2023年5月15日起施行），为全面排查"
        in text
    )
    # 第三条 (一)(二) and 第九条 (一)(二) apply to a textile works with no special area
    assert "以下 4 项情形尚未判定" in text and "应于2025年6月16日前逐项排查判定" in text
    assert "| 第九条（二） |" in text and "| 第七条（" not in text
    assert "判定结果" not in text


def test_goals_are_filled_or_left_out():
    goals = [
        text_of("共 {count} 项，于{due}前完成", "{count} by {due}"),
        text_of("{unanswered} 项待判定", "{unanswered} to determine"),
        text_of("保持", "keep"),
    ]
    values = {"count": ("2", "2"), "due": ("2024年4月30日", "2024-04-30")}
    assert fill_goals(goals, values) == [
        text_of("共 2 项，于2024年4月30日前完成", "2 by 2024-04-30"),
        text_of("保持", "keep"),
    ]


@pytest.mark.parametrize("version", ["2023", "2017"])
def test_the_packs_plan_text_names_only_what_the_plan_fills(version):
    pack = default_catalog().get(f"major-hazards-industry-trade@{version}")
    assert pack.plan is not None and pack.plan.title is None  # the title stays the pack's name
    for goal in pack.plan.goals:
        for words in (goal.zh, goal.get("en")):
            assert set(PLACEHOLDER.findall(words)) <= PLACEHOLDERS, words
    assert set(pack.plan.phases) == {"check", "rectify", "accept"}
    for word in ("创建", "平安"):
        assert word not in pack.plan.model_dump_json(), word


def test_the_2017_pack_is_cited_by_its_number():
    record = RECORD.read_text(encoding="utf-8")
    assert "major-hazards-industry-trade@2023" in record
    loaded = read_record(RECORD, default_catalog())
    pack = default_catalog().get("major-hazards-industry-trade@2017")
    subject = loaded.record.subject
    plan = build_plan(pack, subject, None, loaded.record.inspection.date)
    assert plan.judging is not None
    assert plan.judging.basis.zh == (
        "《工贸行业重大生产安全事故隐患判定标准（2017版）》（安监总管四〔2017〕129号）"
    )
    assert plan.judging.basis.get("en") == (
        "the Criteria for major work-safety accident hazards in industry and trade (2017 "
        "edition) (former State Administration of Work Safety, An Jian Zong Guan Si [2017] "
        "No. 129)"
    )


def test_docx_of_the_plan(tmp_path):
    from docx import Document

    for lang, title, absent in (
        ("zh", "甲机械厂重大事故隐患排查整治工作方案", ("创建", "领导小组", "分值", "第四条（")),
        ("en", "Plan for finding and rectifying major accident hazards", ("creation", "Points")),
    ):
        out = tmp_path / f"p.{lang}.docx"
        _run("plan", str(RECORD), "--format", "docx", "--lang", lang, "-o", str(out))
        doc = Document(str(out))
        words = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
            c.text for t in doc.tables for row in t.rows for c in row.cells
        )
        assert title in words and ("第十一条（三）" if lang == "zh" else "Art. 11(3)") in words
        assert ("2024-04-30\n（默认）" if lang == "zh" else "2024-04-30\n(default)") in words
        for word in absent:
            assert word not in words, (lang, word)


def test_score_in_english_names_the_standard_by_its_title():
    out = _run("score", str(RECORD), "--lang", "en")
    assert "Criteria for major accident hazards in industry and trade enterprises (2023)" in out
    assert "major-hazards-industry-trade@2023" not in out
    zh = _run("score", str(RECORD))
    assert "工贸企业重大事故隐患判定标准（2023）" in zh


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden(fmt, lang, update_goldens):
    path = GOLDEN / f"two-present.plan.{lang}.{fmt}"
    text = plan_file(RECORD, None, None, None, fmt, lang)  # type: ignore[arg-type]
    assert isinstance(text, str)
    if update_goldens:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.exists(), f"no golden {path.name}: run pytest --update-goldens"
    assert text == path.read_bytes().decode("utf-8"), f"{path.name} differs"
