"""A safety office's CI over a records repository: what the gate says on the edge days."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safecli.cli.app import app

FIXTURE = Path(__file__).parent / "fixtures" / "exceptions-repo"
runner = CliRunner()


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        # was 还有 0 天到期 / 0 days from now: the exception still holds today, lapses tomorrow
        (
            "zh",
            "exceptions.yaml:3:5: warning: [expiring-exception] 空项 a.3 有效期至 2026-03-11，"
            "今天是最后一天，明天起失效（某区应急管理局 安全科科长 赵六 批准）"
            "（到期前重新报批，或整改后删除该例外）",
        ),
        (
            "en",
            "exceptions.yaml:3:5: warning: [expiring-exception] not-applicable exception of a.3 "
            "ends on 2026-03-11, today: it lapses tomorrow (approved by 某区应急管理局 "
            "安全科科长 赵六) (renew it before it ends, or rectify the item and remove it)",
        ),
    ],
)
def test_an_exception_ending_today_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, line: str
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    monkeypatch.chdir(root)
    monkeypatch.setenv("SAFECLI_TODAY", "2026-03-11")
    result = runner.invoke(app, ["check", "--lang", lang])
    assert line in result.stdout.splitlines()


@pytest.mark.parametrize(
    "command",
    [["validate"], ["check"], ["summary"], ["findings"], ["export", "-o", "out"]],
)
def test_a_path_that_is_not_there_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    # 'nope.yaml: error: 文件或文件夹不存在' and nothing more, where score said 请检查路径
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SAFECLI_LANG", "zh")
    result = runner.invoke(app, [command[0], "nope.yaml", *command[1:]])
    assert result.exit_code == 2
    assert result.output == "nope.yaml: error: 文件或文件夹不存在（请检查路径）\n"


def test_sarif_names_a_path_with_spaces_and_cjk_as_a_uri(tmp_path: Path) -> None:
    # 'records/二 车间/乙 记录.yaml' went into artifactLocation.uri as it is: a URI has no
    # spaces (SARIF 2.1.0 3.10.2), so viewers and code scanning could not place the result
    import json

    from safecli.portfolio.pool import Failure
    from safecli.render.ci import sarif_json

    f = Failure("records/二 车间/乙 记录.yaml", 3, 1, "invalid", "bad", None)
    result = json.loads(sarif_json(f))
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "records/%E4%BA%8C%20%E8%BD%A6%E9%97%B4/%E4%B9%99%20%E8%AE%B0%E5%BD%95.yaml"
