"""`safecli check` without safecli.yaml: the gates a new user gets, judged as of today.

tests/fixtures/gate-defaults holds records of the bundled standards: a clean one, one graded
不合格, a vetoed one, a blacklisted one and one whose major hazard is due 2026-06-30 (inspected
2026-05-10, so overdue only when judged later). "Today" is pinned to 2026-11-25 through
$SAFECLI_TODAY; the real clock is never read.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safecli.cli.app import app

FIXTURES = Path(__file__).parent / "fixtures" / "gate-defaults"
TODAY = "2026-11-25"
runner = CliRunner()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A records repository without safecli.yaml (a bare git folder) holding the fixtures."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES, root / "records")
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    monkeypatch.setenv("SAFECLI_TODAY", TODAY)
    return root


def _check(*args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["check", "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout)


def _rules(data: dict) -> list[str]:
    return sorted({f["rule"] for r in data["records"] for f in r["failures"]})


@pytest.mark.parametrize(
    ("record", "rule", "reason"),
    [
        ("fail-grade.yaml", "lowest-grade", "等级 不合格（总分 53.0）为 safe-enterprise@2013 的最低等级"),
        ("vetoed.yaml", "veto", "否决 fatal-accident"),
        ("blacklisted.yaml", "blacklisted", "列入黑名单（resisting-inspection）：信用污点企业（黑名单）"),
        ("overdue-today.yaml", "overdue-major", "重大隐患 F2 逾期未整改（整改期限 2026-06-30"),
    ],
)  # fmt: skip
def test_each_failing_record_exits_1_with_its_reason(
    repo: Path, record: str, rule: str, reason: str
) -> None:
    code, data = _check(f"records/{record}")
    assert code == 1
    assert data["config"] is None  # the defaults
    assert data["as_of"] == TODAY and data["as_of_today"] is True
    messages = [f["message"] for r in data["records"] for f in r["failures"] if f["rule"] == rule]
    assert any(m.startswith(reason) for m in messages), messages
    text = runner.invoke(app, ["check", f"records/{record}"])
    assert text.exit_code == 1
    assert f"[{rule}] {reason}" in text.stdout


def test_a_clean_record_exits_0(repo: Path) -> None:
    code, data = _check("records/clean.yaml")
    assert code == 0
    assert data["records"][0]["status"] == "pass"


def test_the_output_names_the_date_and_the_gates(repo: Path) -> None:
    result = runner.invoke(app, ["check", "records/clean.yaml"])
    lines = result.stdout.splitlines()
    assert lines[0] == f"判定日期 {TODAY}（今天；逾期按此日期判断，--as-of 可另定）"
    assert lines[1] == (
        "门禁规则（默认，未找到 safecli.yaml）：invalid 无效记录、veto 否决、blacklisted 黑名单、"
        "lowest-grade 最低等级、below-grade 低于要求等级、overdue-major 重大隐患逾期、"
        "major-hazard 重大事故隐患未销号、expired-exception 例外已过期"
    )
    given = runner.invoke(app, ["check", "records/clean.yaml", "--as-of", "2026-01-01"])
    assert given.stdout.splitlines()[0] == "判定日期 2026-01-01（--as-of 指定）"
    help_text = runner.invoke(app, ["check", "--help"]).stdout
    assert "today" in help_text and "判定日期" in help_text


def test_overdue_is_judged_as_of_today_not_the_inspection_day(repo: Path) -> None:
    record = "records/overdue-today.yaml"
    assert _check(record)[0] == 1
    assert _check(record, "--as-of", "today")[0] == 1
    assert _check(record, "--as-of", "2026-05-10")[0] == 0  # the inspection day: not yet due
    assert _check(record, "--as-of", "2026-07-01")[0] == 1


def test_a_config_relaxing_a_rule_lets_it_pass(repo: Path) -> None:
    config = repo / "safecli.yaml"
    config.write_text("fail_on: {lowest-grade: false}\n", encoding="utf-8")
    code, data = _check("records/fail-grade.yaml")
    assert code == 0
    assert data["config"] == "safecli.yaml"
    assert "lowest-grade" not in data["fail_on"]
    config.write_text("fail_on: {veto: false}\n", encoding="utf-8")
    assert _check("records/vetoed.yaml")[0] == 0
    config.write_text("fail_on: {overdue-major: false}\n", encoding="utf-8")
    assert _check("records/overdue-today.yaml")[0] == 0
    config.write_text("fail_on: {blacklisted: false}\n", encoding="utf-8")
    code, data = _check("records/blacklisted.yaml")
    assert "blacklisted" not in _rules(data)
    assert _rules(data) == ["lowest-grade", "overdue-major", "veto"]  # the other gates still bite
    # a list names exactly the gates in force; a mapping can also tighten
    config.write_text("fail_on: [invalid]\n", encoding="utf-8")
    assert _check("records")[0] == 0
    config.write_text("fail_on: {unanswered: true}\n", encoding="utf-8")
    assert "unanswered" in _check("records/clean.yaml")[1]["fail_on"]


def test_a_bad_fail_on_is_a_located_config_error(repo: Path) -> None:
    (repo / "safecli.yaml").write_text("fail_on: {lowest: false}\n", encoding="utf-8")
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 2
    assert "safecli.yaml:1:" in result.stderr and "unknown gate 'lowest'" in result.stderr
