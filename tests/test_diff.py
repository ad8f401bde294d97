"""`safecli diff OLD NEW`: total and grade change, items, findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ci_repo import ROOT, _copy, build_repo
from typer.testing import CliRunner

from safecli.cli.app import app
from safecli.portfolio.config import find_config
from safecli.score.diff import diff_files

runner = CliRunner()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = build_repo(tmp_path / "repo")
    # later records of unit a (甲厂), for diffs of one unit
    _copy("mini-unanswered.yaml", "a", root / "later" / "a-below.yaml", date="2025-08-10")
    _copy("mini-overdue-major.yaml", "a", root / "later" / "a-overdue.yaml", date="2025-08-10")
    _copy("mini-overdue-major.yaml", "a", root / "history" / "a-overdue.yaml", date="2025-05-01")
    monkeypatch.chdir(root)
    return root


def _diff(old: str, new: str):
    return diff_files(old, new, catalog=find_config().catalog())


def test_a_unit_improving_over_a_year(repo: Path) -> None:
    d = _diff("history/a-2024.yaml", "records/a-valid.yaml")
    assert (d.old_total, d.new_total, d.change) == (90.0, 100.0, 10.0)
    assert (d.old_grade, d.new_grade, d.grade_move) == ("top", "top", "same")
    assert [(c.id, c.old_status, c.old_earned, c.new_status, c.new_earned) for c in d.improved] == [
        ("a.2", "partial", 2.0, "met", 4.0)
    ]
    assert d.regressed == []


def test_regressions_and_a_grade_drop(repo: Path) -> None:
    d = _diff("records/a-valid.yaml", "later/a-below.yaml")
    assert (d.change, d.old_grade, d.new_grade, d.grade_move) == (-50.0, "top", "low", "down")
    assert [(c.id, c.new_status) for c in d.regressed] == [
        ("a.2", "unanswered"),
        ("a.4", "unanswered"),
        ("b.1", "unanswered"),
    ]
    assert d.improved == []


def test_findings_new_and_closed(repo: Path) -> None:
    worse = _diff("records/a-valid.yaml", "later/a-overdue.yaml")
    assert [f.id for f in worse.findings_new] == ["F1", "F2"]  # F3 is closed
    assert worse.findings_closed == []
    assert worse.grade_move == "down"  # the overdue major hazard caps the grade at mid
    better = _diff("history/a-overdue.yaml", "records/a-valid.yaml")
    assert [f.id for f in better.findings_dropped] == ["F1", "F2"]  # gone, never closed
    assert better.findings_closed == []
    assert better.findings_new == []
    assert better.grade_move == "up"


def test_findings_carried_closed_and_newly_overdue(repo: Path) -> None:
    # history/a-overdue.yaml (2025-05-01): F1 major due 2025-04-01 (overdue), F2 due 2025-06-01
    d = _diff("history/a-overdue.yaml", "later/a-overdue.yaml")  # 2025-08-10: both still open
    assert [f.id for f in d.findings_carried] == ["F1", "F2"]
    assert [f.id for f in d.findings_newly_overdue] == ["F2"]  # F1 was overdue already
    assert d.findings_new == d.findings_closed == d.findings_dropped == []
    closing = repo / "later" / "a-closing.yaml"
    text = (repo / "later" / "a-overdue.yaml").read_text(encoding="utf-8")
    closing.write_text(
        text.replace("due: 2025-04-01, status: open", "due: 2025-04-01, status: 已销号"),
        encoding="utf-8",
    )
    d = _diff("history/a-overdue.yaml", "later/a-closing.yaml")
    assert [f.id for f in d.findings_closed] == ["F1"]
    assert [f.id for f in d.findings_carried] == ["F2"]
    assert d.as_of is not None and d.as_of.isoformat() == "2025-08-10"


def test_two_units_are_refused_naming_both(repo: Path) -> None:
    result = runner.invoke(app, ["diff", "records/a-valid.yaml", "records/c-below.yaml"])
    assert result.exit_code == 2
    assert "914403001922038014" in result.stderr and "91440300192203803A" in result.stderr
    assert "甲厂" in result.stderr and "丙厂" in result.stderr
    assert result.stdout == ""


def test_cli_text_and_json(repo: Path) -> None:
    text = runner.invoke(
        app, ["diff", "history/a-2024.yaml", "records/a-valid.yaml", "--lang", "en"]
    )
    assert text.exit_code == 0
    assert "total: 90.0 → 100.0 (+10.0)" in text.stdout
    assert "  a.2: partial 2 → met 4 / 4" in text.stdout
    assert "as of 2025-05-10" in text.stdout
    result = runner.invoke(
        app, ["diff", "history/a-overdue.yaml", "records/a-valid.yaml", "--format", "json"]
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["grade_move"] == "up"
    assert [f["id"] for f in data["findings_dropped"]] == ["F1", "F2"]
    assert data["old_date"] == "2025-05-01"
    assert data["as_of"] == "2025-05-10"
    assert data["unit"] == "914403001922038014"


def test_bad_input_is_exit_2(repo: Path) -> None:
    invalid = runner.invoke(app, ["diff", "records/a-valid.yaml", "records/e-invalid.yaml"])
    assert invalid.exit_code == 2
    assert "records/e-invalid.yaml:6:3: error: unknown item 'a.9'" in invalid.stderr
    other = ROOT / "examples" / "records" / "safe-enterprise.yaml"
    mixed = runner.invoke(app, ["diff", "records/a-valid.yaml", str(other)])
    assert mixed.exit_code == 2
    assert "OLD is a record of mini@1 but NEW of safe-enterprise@2013" in mixed.stderr
