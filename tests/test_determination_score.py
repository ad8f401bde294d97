"""`safecli score` and `safecli plan` of a 判定 record give a determination, never a score.

The record (fixtures/major-hazards/two-present.yaml) answers 19 situations: 第三条 2 (none
存在), 第七条 7 (第七条（二） 存在, with a finding of its own due 2024-03-31) and 第十一条 10
(第十一条（三） 存在, no finding: the default 60 days for a 重大 hazard from the inspection of
2024-03-01 gives 2024-04-30). The terminal states the report's verdict, counts each part's
situations by answer and lists the two hazards by clause with the pack's words and the report's
deadline wording; no total, no points, no 得分率. `--format json` keeps every field and adds
`determination` (the plan of such a record is tested in test_determination_plan.py). A 创建
record keeps its scores (its goldens and tests elsewhere are unchanged).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safecli.cli.app import app

HERE = Path(__file__).parent
RECORD = HERE / "fixtures" / "major-hazards" / "two-present.yaml"
CREATION = HERE.parent / "examples" / "records" / "safe-enterprise.yaml"
runner = CliRunner()

TEXT_7 = "铸造用熔炼炉、精炼炉、保温炉无紧急排放和应急储存设施"
TEXT_11 = "干式除尘系统未采取泄爆、惰化、抑爆等任何一种爆炸防控措施"
DUE_11_ZH = "未定整改期限，按重大隐患默认期限于2024年4月30日前完成"
EN_7 = "Foundry melting, refining or holding furnaces without emergency discharge and holding facilities"
EN_11 = "Dry dust collection with none of venting, inerting or suppression"
DUE_11_EN = "no deadline set: the default for a major hazard, by 2024-04-30"
# the fields `score --format json` printed before: kept for machines
JSON_FIELDS = [
    "standard",
    "base",
    "subject",
    "inspection_date",
    "as_of",
    "total",
    "scorable",
    "earned",
    "points",
    "extra",
    "grade",
    "grade_before_veto",
    "withheld",
    "veto",
    "sections",
    "items",
    "unanswered",
    "findings",
    "incidents",
    "exceptions",
    "grade_reason",
]


def _run(*args: str) -> str:
    result = runner.invoke(app, [*args])
    assert result.exit_code == 0, result.output
    return result.output


def _rows(output: str) -> list[list[str]]:
    """The body rows of the terminal's tables as their cells, a wrapped cell joined up."""
    rows: list[list[str]] = []
    for line in output.splitlines():
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip().strip("│").split("│")]
        if rows and not cells[0] and len(cells) == len(rows[-1]):  # a wrapped row goes on
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)]
        else:
            rows.append(cells)
    return rows


def _heads(output: str) -> list[list[str]]:
    return [
        [c.strip() for c in line.strip().strip("┃").split("┃")]
        for line in output.splitlines()
        if line.startswith("┃")
    ]


def _no_score(output: str, lang: str) -> None:
    if lang == "zh":
        for word in ("总分", "得分", "得分率", "失分", "尚差", "等级", "否决"):
            assert word not in output, word
        assert not re.search(r"\d\s*分", output)
    else:
        for word in ("total", "earned", "rate", "points", "grade", "veto", "lost"):
            assert not re.search(rf"\b{word}\b", output, re.I), word
    assert "%" not in output


def test_score_table_zh_states_the_determination():
    out = _run("score", str(RECORD))
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0] == "单位      甲机械厂（914403001922038014）"
    assert "判定结果：存在重大事故隐患 2 项" in lines
    assert _heads(out) == [
        ["部分", "适用情形", "存在", "不存在", "未作答"],
        ["条款", "情形", "整改期限"],
    ]
    assert _rows(out) == [
        ["管理类（第三条）", "2", "0", "2", "0"],
        ["机械企业（第七条）", "7", "1", "6", "0"],
        ["存在粉尘爆炸危险的（第十一条）", "10", "1", "9", "0"],
        ["第七条（二）", TEXT_7, "2024年3月31日前完成"],
        ["第十一条（三）", TEXT_11, DUE_11_ZH],
    ]
    assert "判定情况" in out and "判定存在的重大事故隐患" in out
    _no_score(out, "zh")


def test_score_table_en_states_the_determination():
    out = _run("score", str(RECORD), "--lang", "en")
    lines = [line.rstrip() for line in out.splitlines()]
    assert "Determination: 2 major accident hazard(s) found" in lines
    assert _heads(out) == [
        ["Section", "Situations applying", "Present", "Ruled out", "Unanswered"],
        ["Clause", "Situation", "Due"],
    ]
    assert _rows(out) == [
        ["Management (Article 3)", "2", "0", "2", "0"],
        ["Machinery (Article 7)", "7", "1", "6", "0"],
        ["Combustible dust (Article 11)", "10", "1", "9", "0"],
        ["Art. 7(2)", EN_7, "due 2024-03-31"],
        ["Art. 11(3)", EN_11, DUE_11_EN],
    ]
    assert "Determination by part" in out and "Major accident hazards determined" in out
    _no_score(out, "en")


def _edited(tmp_path: Path, *pairs: tuple[str, str]) -> Path:
    text = RECORD.read_text(encoding="utf-8").split("findings:")[0]
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    return path


RULED_OUT = (("art7.2: 存在", "art7.2: 不存在"), ("art11.3: 存在", "art11.3: 不存在"))


def test_score_table_none_present(tmp_path):
    path = _edited(tmp_path, *RULED_OUT)
    out = _run("score", str(path))
    assert "判定结果：未发现重大事故隐患" in out.splitlines()
    assert "判定存在的重大事故隐患" not in out  # no empty hazards table
    assert _rows(out) == [
        ["管理类（第三条）", "2", "0", "2", "0"],
        ["机械企业（第七条）", "7", "0", "7", "0"],
        ["存在粉尘爆炸危险的（第十一条）", "10", "0", "10", "0"],
    ]
    _no_score(out, "zh")


def test_score_table_not_ruled_out(tmp_path):
    path = _edited(tmp_path, *RULED_OUT, ("  art3.2: 不存在\n", ""))
    out = _run("score", str(path))
    lines = [line.rstrip() for line in out.splitlines()]
    assert "判定结果：未能排除重大事故隐患；1 项情形未作答" in lines
    assert "未作答    第三条（二）" in lines
    assert _rows(out)[0] == ["管理类（第三条）", "2", "0", "1", "1"]
    en = _run("score", str(path), "--lang", "en")
    assert (
        "Determination: major accident hazard not ruled out; 1 situation(s) unanswered"
        in en.splitlines()
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_score_json_adds_the_determination(lang):
    data = json.loads(_run("score", str(RECORD), "--format", "json", "--lang", lang))
    assert list(data) == [*JSON_FIELDS, "determination"]
    assert data["total"] == 89.5  # the numbers stay for machines
    zh = lang == "zh"
    assert data["determination"] == {
        "result": "present",
        "verdict": "判定结果：存在重大事故隐患 2 项"
        if zh
        else "Determination: 2 major accident hazard(s) found",
        "present": [
            {
                "clause": "第七条（二）",
                "item": "art7.2",
                "text": TEXT_7 if zh else EN_7,
                "found": ["二号熔炼炉未设应急储存坑"],
                "due": "2024-03-31",
                "due_default": False,
                "overdue": False,
                "closed": False,
            },
            {
                "clause": "第十一条（三）",
                "item": "art11.3",
                "text": TEXT_11 if zh else EN_11,
                "found": [],
                "due": "2024-04-30",
                "due_default": True,
                "overdue": False,
                "closed": False,
            },
        ],
        "parts": [
            {
                "title": "管理类（第三条）" if zh else "Management (Article 3)",
                "applicable": 2,
                "present": 0,
                "absent": 2,
                "unanswered": 0,
            },
            {
                "title": "机械企业（第七条）" if zh else "Machinery (Article 7)",
                "applicable": 7,
                "present": 1,
                "absent": 6,
                "unanswered": 0,
            },
            {
                "title": "存在粉尘爆炸危险的（第十一条）"
                if zh
                else "Combustible dust (Article 11)",
                "applicable": 10,
                "present": 1,
                "absent": 9,
                "unanswered": 0,
            },
        ],
    }


def test_json_result_codes(tmp_path):
    none = _edited(tmp_path, *RULED_OUT)
    data = json.loads(_run("score", str(none), "--format", "json"))
    assert data["determination"]["result"] == "none" and data["determination"]["present"] == []
    unanswered = _edited(tmp_path, *RULED_OUT, ("  art3.2: 不存在\n", ""))
    data = json.loads(_run("score", str(unanswered), "--format", "json"))
    assert data["determination"]["result"] == "not-ruled-out"


def test_a_creation_record_still_scores():
    out = _run("score", str(CREATION))
    assert "总分" in out and "得分率" in out and "判定结果" not in out
    data = json.loads(_run("score", str(CREATION), "--format", "json"))
    assert list(data) == JSON_FIELDS
