"""The 评估报告 of a 判定 record reads as a determination, never as a score out of 100.

The record (fixtures/major-hazards/two-present.yaml) answers two situations 存在: 第七条（二）
with a finding of its own due 2024-03-31, and 第十一条（三） with none, so the default 60 days
for a 重大 hazard from the inspection (2024-03-01) gives 2024-04-30. The report says 2 hazards,
each by its clause and the pack's words, each with that one deadline wording; no total, no
points short, no gaps in points, in Chinese and English, md and html (docx is set from the html).
Goldens under tests/golden/determination/ (`pytest --update-goldens` rewrites them).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safecli.api import report_file
from safecli.cli.app import app

HERE = Path(__file__).parent
RECORD = HERE / "fixtures" / "major-hazards" / "two-present.yaml"
GOLDEN = HERE / "golden" / "determination"
runner = CliRunner()

CLAUSE_7 = "第七条（二）"
CLAUSE_11 = "第十一条（三）"
CLAUSE_7_EN = "Art. 7(2)"
CLAUSE_11_EN = "Art. 11(3)"
TEXT_7 = "铸造用熔炼炉、精炼炉、保温炉无紧急排放和应急储存设施"
TEXT_11 = "干式除尘系统未采取泄爆、惰化、抑爆等任何一种爆炸防控措施"


def _visible(document: str, fmt: str) -> str:
    """The words a reader sees: html without its style sheet and tags."""
    if fmt == "html":
        document = re.sub(r"<style.*?</style>", "", document, flags=re.S)
        document = re.sub(r"<[^>]+>", "", document)
    return document


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_zh_report_states_the_determination_not_a_score(fmt):
    text = _visible(report_file(RECORD, fmt, "zh"), fmt)
    assert "判定结果：存在重大事故隐患 2 项" in text
    assert f"判定存在重大事故隐患 2 项：{TEXT_7}（{CLAUSE_7}）；{TEXT_11}（{CLAUSE_11}）。" in text
    # one deadline wording: the record's for the one that has it, "none set" with the default
    # the 建议 and the 整改清单 use for the other
    assert (
        f"整改期限：{CLAUSE_7}，2024年3月31日前完成；{CLAUSE_11}，未定整改期限，"
        "按重大隐患默认期限于2024年4月30日前完成。" in text
    )
    assert "2024年4月30日前完成。上述整改完成后" in text  # the 建议 says the same date
    assert "待定" not in text
    assert "重大事故隐患的治理要求" in text and "验收合格方可销号" in text
    assert "结论：甲机械厂本次自查判定存在重大事故隐患 2 项" in text
    # no score anywhere: no total, no points short, no points at all
    for word in ("总分", "尚差", "得分", "可增", "失分", "评定等级"):
        assert word not in text, word
    assert not re.search(r"\d\s*分", text), re.search(r".{20}\d\s*分.{5}", text)
    assert "art7" not in text and "art11" not in text
    # the parts of other industries in one line, their 44 situations not listed; the clause of
    # an applicable part that does not apply (metal smelting only) keeps its row and reason
    assert (
        "冶金企业（第四条）、有色企业（第五条）、建材企业（第六条）、轻工企业（第八条）、纺织企业（第九条）、"
        "烟草企业（第十条）、使用液氨制冷的（第十二条）、存在中毒风险的有限空间作业（第十三条）等 8 个部分"
        "与本单位的行业和专项不符，整部分不适用（共 44 项情形，不逐项列出）。" in text
    )
    for part in (
        "第四条",
        "第五条",
        "第六条",
        "第八条",
        "第九条",
        "第十条",
        "第十二条",
        "第十三条",
    ):
        assert f"{part}（" not in text, part
    assert "第三条（三）" in text and "不适用：仅适用于金属冶炼的单位" in text


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_en_report_states_the_determination_not_a_score(fmt):
    text = _visible(report_file(RECORD, fmt, "en"), fmt)
    assert "Determination: 2 major accident hazard(s) found" in text
    assert f"{CLAUSE_7_EN} (Foundry melting, refining or holding furnaces" in text
    assert (
        f"Deadlines: {CLAUSE_7_EN}: due 2024-03-31; {CLAUSE_11_EN}: no deadline set: the default for "
        "a major hazard, by 2024-04-30." in text
    )
    assert "Re-inspect by 2024-04-30." in text
    for word in ("total", "short of", "points", "gain", "grade", "score"):
        assert not re.search(rf"\b{word}\b", text, re.I), word
    assert "to be set" not in text
    assert "art7" not in text and "art11" not in text
    opinion = text.split("2. Opinion")[1].split("3. Determination")[0]
    assert TEXT_7 not in opinion and TEXT_11 not in opinion  # the pack's English words


def test_a_creation_report_still_scores():
    """The branch is on the standard's kind: a 创建 record keeps its total and gaps."""
    record = HERE.parent / "examples" / "records" / "safe-enterprise.yaml"
    text = report_file(record, "md", "zh")
    assert "总分" in text and "差距及整改价值" in text and "判定结果" not in text


def test_docx_of_a_判定_report_has_no_score(tmp_path):
    from docx import Document

    for lang, absent in (("zh", ("总分", "尚差", "得分")), ("en", ("Total", "short of", "Gain"))):
        out = tmp_path / f"r.{lang}.docx"
        args = ["report", str(RECORD), "--format", "docx", "--lang", lang, "-o", str(out)]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        doc = Document(str(out))
        words = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
            c.text for t in doc.tables for row in t.rows for c in row.cells
        )
        clauses = (CLAUSE_7, CLAUSE_11) if lang == "zh" else (CLAUSE_7_EN, CLAUSE_11_EN)
        assert all(c in words for c in clauses), clauses
        assert ("判定结果：存在重大事故隐患 2 项" if lang == "zh" else "Determination: 2") in words
        for word in absent:
            assert word not in words, (lang, word)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden(fmt, lang, update_goldens):
    path = GOLDEN / f"two-present.report.{lang}.{fmt}"
    text = report_file(RECORD, fmt, lang)
    if update_goldens:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.exists(), f"no golden {path.name}: run pytest --update-goldens"
    assert text == path.read_bytes().decode("utf-8"), f"{path.name} differs"


@pytest.mark.parametrize(
    ("edit", "zh", "en"),
    [
        (
            lambda t: t.replace("art11.3: 存在", "art11.3: 不存在").replace(
                "art7.2: 存在", "art7.2: 不存在"
            ),
            "判定结果：未发现重大事故隐患",
            "Determination: no major accident hazard found",
        ),
        (
            lambda t: (
                t.replace("art11.3: 存在", "art11.3: 不存在")
                .replace("art7.2: 存在", "art7.2: 不存在")
                .replace("  art3.2: 不存在\n", "")
            ),
            "判定结果：未能排除重大事故隐患；1 项情形未作答",
            "Determination: major accident hazard not ruled out; 1 situation(s) unanswered",
        ),
    ],
    ids=["all-ruled-out", "one-unanswered"],
)
def test_the_verdict_when_none_is_present(tmp_path, edit, zh, en):
    path = tmp_path / "r.yaml"
    text = RECORD.read_text(encoding="utf-8").split("findings:")[0]
    path.write_text(edit(text), encoding="utf-8")
    zh_text = report_file(path, "md", "zh")
    assert f"**{zh}**" in zh_text and "总分" not in zh_text
    assert f"**{en}**" in report_file(path, "md", "en")
