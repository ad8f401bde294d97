"""One vocabulary: statuses, finding levels and states, incident kinds, subject kinds.

Each word is defined once (`safecli.model.vocabulary`) with its Chinese and English label and the
spellings a record or a 自查表 may use; the sheet reader, the models and the ledger read it there.
The two bugs it fixed: a 自查表 answered 整改中 showed 未整改 in the ledger's 状态履历, and 已销号
was refused as an unknown state.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from safecli.cli.app import app
from safecli.model import vocabulary as v

MINI_DIR = Path(__file__).parent / "fixtures" / "standards"
runner = CliRunner()

SHEET_HEAD = """标准,mini@1
单位类型,企业
统一社会信用代码,914403001922038216
单位名称,测试企业
行业,一般制造业
从业人员,320
检查日期,2025-05-10
检查人,张三

编号,检查内容,自评结果,实得分,实测值,存在问题,隐患等级,整改措施,责任人,整改期限,整改状态
a.1,条款一,符合,4,,,,,,,
a.2,条款二,部分符合,3,,配电箱标识不全,重大,补齐标识,设备部,2025-06-30,{state}
a.3,条款三,符合,,,,,,,,
a.4,条款四,符合,,,,,,,,
b.1,检查次数,,,40,,,,,,
b.2,否决项,符合,3,,,,,,,
"""


def _sheet(tmp_path: Path, state: str) -> Path:
    path = tmp_path / "records" / "sheet.csv"
    path.parent.mkdir(exist_ok=True)
    (tmp_path / "safecli.yaml").write_text(f"standards_dirs: ['{MINI_DIR}']\n", encoding="utf-8")
    path.write_text(SHEET_HEAD.format(state=state), encoding="utf-8")
    return path


def _ledger_rows(tmp_path: Path, *lang: str) -> list[dict[str, str]]:
    result = runner.invoke(
        app,
        [
            "findings",
            str(tmp_path / "records"),
            "--as-of",
            "2025-06-01",
            "--format",
            "csv",
            "--strict",
            *lang,
        ],
    )
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))


@pytest.mark.parametrize(
    ("written", "state", "history"),
    [
        ("未整改", "未整改", "2025-05-10 未整改"),
        ("整改中", "整改中", "2025-05-10 整改中"),
        ("已整改待复核", "已整改待复核", "2025-05-10 已整改待复核"),
        ("已销号", "已销号", "2025-05-10 已销号"),
        ("已整改", "已销号", "2025-05-10 已销号"),
        ("in-progress", "整改中", "2025-05-10 整改中"),
    ],
)
def test_a_sheet_state_reaches_the_ledger_history(tmp_path, written, state, history):
    _sheet(tmp_path, written)
    [row] = _ledger_rows(tmp_path)
    assert row["状态"] == state
    assert row["状态履历"] == history
    assert row["隐患等级"] == "重大隐患"


def test_the_ledger_in_english_uses_the_same_labels(tmp_path):
    _sheet(tmp_path, "整改中")
    [row] = _ledger_rows(tmp_path, "--lang", "en")
    assert row["Status"] == "in progress"
    assert row["History"] == "2025-05-10 in progress"


def test_an_unknown_sheet_state_names_every_accepted_word(tmp_path):
    path = _sheet(tmp_path, "搞定了")
    args = ["validate", str(path), "--standards-dir", str(MINI_DIR)]
    result = runner.invoke(app, args, env={"SAFECLI_LANG": "en"})
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"{path}:12:11: error: 整改状态: unknown state '搞定了' (expected one of: "
        "未整改, 整改中, 已整改待复核, 已销号, open, in-progress, rectified, closed)"
    ]
    result = runner.invoke(app, args, env={"SAFECLI_LANG": "zh"})
    assert result.output.strip().splitlines() == [
        f"{path}:12:11: error: 整改状态：无法识别的整改状态 '搞定了'（应为以下之一："
        "未整改, 整改中, 已整改待复核, 已销号, open, in-progress, rectified, closed）"
    ]


def test_every_term_has_both_labels_and_reads_back_from_them():
    for vocab in v.VOCABULARIES:
        assert vocab.terms, vocab.name
        for term in vocab.terms:
            assert term.zh and term.en, (vocab.name, term.id)
            if vocab.written:
                assert vocab.parse(term.id) == term.id
                assert vocab.parse(term.zh) == term.id


def test_no_spelling_means_two_things():
    for vocab in v.VOCABULARIES:
        seen: dict[str, str] = {}
        for term in vocab.terms:
            for word in term.words:
                key = v.fold(word)
                assert seen.setdefault(key, term.id) == term.id, (vocab.name, word)


@given(st.sampled_from([t for voc in v.VOCABULARIES if voc.written for t in voc.terms]))
def test_spellings_are_read_whatever_the_width_case_and_spaces(term):
    vocab = next(voc for voc in v.VOCABULARIES if term in voc.terms)
    for word in term.words:
        assert vocab.parse(f"  {word.upper()} ") == term.id
        full = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in word)
        assert vocab.parse(full) == term.id


def test_what_the_models_and_the_ledger_use_is_the_vocabulary():
    from safecli.model.record import Finding, Response

    assert Finding(id="F1", text="x", status="已销号").status == "closed"
    assert Finding(id="F1", text="x", status="整改中").status == "in-progress"
    assert Finding(id="F1", text="x", level="重大隐患").level == "major"
    assert Response.model_validate("基本符合").status.value == "partial"
    assert v.FINDING_STATES.ids == ("open", "in-progress", "rectified", "closed")
    assert v.HAZARD_STATES.ids == (
        "open",
        "in-progress",
        "overdue",
        "rectified",
        "closed",
        "dropped",
    )
    assert v.STATUSES.label("na", "en") == "not applicable"
    assert v.INCIDENT_KINDS.label("electric", "zh") == "触电"
    assert v.INCIDENT_KINDS.label("meteor", "zh") == "meteor"  # a kind not listed, as written
