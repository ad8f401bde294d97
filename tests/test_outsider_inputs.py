"""What a consultant with a unit of their own types, and what safecli says back."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from safecli.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "examples" / "records" / "safe-enterprise.yaml"
runner = CliRunner()


def _record(tmp_path: Path, old: str, new: str) -> Path:
    text = RECORD.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "record.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_an_industry_typed_in_chinese_is_answered_with_the_chinese_names(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("SAFECLI_LANG", "zh")
    # 食品 for 食品生产: the hint listed 23 English ids to a Chinese user
    path = _record(tmp_path, "industry: hazardous-chemicals", "industry: 食品")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.output == (
        f"{path}:8:13: error: subject.industry：无法识别的行业 '食品'（是否应为 食品生产？）\n"
    )


def test_a_chinese_industry_with_no_near_name_lists_the_chinese_names(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("SAFECLI_LANG", "zh")
    path = _record(tmp_path, "industry: hazardous-chemicals", "industry: 养殖")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "应为以下之一：煤矿, 非煤矿山, 冶炼, 危险化学品" in result.output
    assert "coal-mining" not in result.output


def test_a_standard_named_by_a_title_is_one_line_naming_it_unknown(
    tmp_path: Path, monkeypatch
) -> None:
    # the schema's pattern (a regular expression, no way forward) came first, on the same cell
    monkeypatch.setenv("SAFECLI_LANG", "zh")
    path = _record(tmp_path, "standard: safe-enterprise@2013", "standard: 某某考核细则")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.output == (
        f"{path}:3:11: error: 未知的标准 '某某考核细则'（已知：district-work-plan, "
        "major-hazards-industry-trade, safe-community, safe-enterprise, "
        "safety-integrity-enterprise；自有的标准请用 --standards-dir 或 safecli.yaml 的 "
        "standards_dirs 指明其所在文件夹）\n"
    )


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            "standard: safe-enterprise@2013\nresponses:\n  a: met\n b: met\n",
            "4:2: error: YAML 语法错误：缩进与上面的行没有对齐（同一层的键应与上一行对齐，用空格缩进）",
        ),
        (
            'standard: safe-enterprise@2013\nx: "abc\n',
            "3:1: error: YAML 语法错误：引号未闭合，文件已结束（补上配对的引号）",
        ),
        (
            "standard: safe-enterprise@2013\nx: *nope\n",
            "2:4: error: YAML 语法错误：引用（*名称）指向未定义的锚点"
            "（去掉 * 或给值加引号；若是引用，先用 &名称 定义锚点）",
        ),
        (
            "standard: safe-enterprise@2013\n---\nstandard: safe-enterprise@2013\n",
            "2:1: error: YAML 语法错误：文件含两份以上 YAML 文档（以 --- 分隔）"
            "（一个文件只放一份记录：把第二个 --- 及其后的内容另存为新文件）",
        ),
    ],
)
def test_a_yaml_syntax_error_says_what_to_do(
    tmp_path: Path, monkeypatch, text: str, line: str
) -> None:
    # these said what is wrong and stopped: no way forward, against every other problem line
    monkeypatch.setenv("SAFECLI_LANG", "zh")
    path = tmp_path / "record.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.output == f"{path}:{line}\n"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_blank_determination_record_tells_how_to_answer_it(tmp_path: Path, lang: str) -> None:
    # its header said: change met to met / partial / unmet / na, give a partial score, score it
    # — over lines answered 不存在, in a record that is judged, never scored
    out = tmp_path / "判定.yaml"
    result = runner.invoke(
        app, ["init", "major-hazards-industry-trade", "--lang", lang, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    head = "\n".join(line for line in out.read_text(encoding="utf-8").splitlines()[:8])
    for word in ("partial", "部分符合", "score: 1.5", "metrics"):
        assert word not in head
    if lang == "zh":
        assert "写 存在 或 不存在" in head
    else:
        assert "write unmet (present) or met (absent)" in head


def test_a_blank_records_empty_fields_are_named_empty(tmp_path: Path, monkeypatch) -> None:
    # init's blank record leaves name: and date: empty; validating it said 应为文字，实为 None
    # （请加引号） — quote what? — and 应为日期，实为 None
    monkeypatch.setenv("SAFECLI_LANG", "zh")
    out = tmp_path / "r.yaml"
    runner.invoke(app, ["init", "safe-enterprise", "-o", str(out)])
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert f"{out}:10:8: error: subject.name：未填写（请在冒号后填写）" in lines
    assert any(
        line.startswith(f"{out}:")
        and line.endswith("inspection.date：未填写（请在冒号后填写日期，写作 YYYY-MM-DD）")
        for line in lines
    ), lines
    assert "None" not in result.output


def test_validate_lint_and_evidence_hash_take_lang(tmp_path: Path, monkeypatch) -> None:
    # every other command takes --lang; these three stopped at 'No such option: --lang'
    monkeypatch.setenv("SAFECLI_LANG", "zh")
    bad = _record(tmp_path, "industry: hazardous-chemicals", "industry: 养殖")
    result = runner.invoke(app, ["validate", str(bad), "--lang", "en"])
    assert result.exit_code == 2
    assert result.output.startswith(f"{bad}:8:13: error: subject.industry: unknown industry")
    result = runner.invoke(app, ["validate", str(RECORD), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: ")
    assert result.output.endswith("safe-enterprise.yaml (safe-enterprise@2013, 30 responses)\n")
    std = ROOT / "src" / "safecli" / "standards" / "safe-enterprise.yaml"
    if not std.exists():
        std = ROOT / "standards" / "safe-enterprise.yaml"
    result = runner.invoke(app, ["standards", "lint", str(std), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"ok: {std} (safe-enterprise@2013, ")
    copy = tmp_path / "copy.yaml"
    copy.write_text(RECORD.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["evidence", "hash", str(copy), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{copy}: nothing to hash\n"
    # the example names files it does not ship: each is a warning, not a failure
    assert result.stderr.startswith(
        f"{copy}:13:41: warning: evidence file '重点部位整治台帐2025.pdf' of standards.1 does "
        "not exist (restore the file, or correct the path)\n"
    )
