"""Many records: validate over folders, check streaming its output, shards, located failures."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from ci_repo import ROOT, build_repo
from typer.testing import CliRunner

from safecli.cli.app import app
from safecli.portfolio.config import find_config
from safecli.portfolio.gate import check
from safecli.read import yamlio
from safecli.render.ci import FORMATS, CheckWriter, render_check

runner = CliRunner()
TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = build_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    monkeypatch.setenv("SAFECLI_TODAY", TODAY.isoformat())  # the command line's "today"
    return root


def test_validate_takes_folders(repo: Path) -> None:
    result = runner.invoke(app, ["validate", "records", "--standards-dir", "standards"])
    assert result.exit_code == 2
    assert "ok: records/a-valid.yaml (mini@1, " in result.stdout
    assert "records/e-invalid.yaml:6:3: error: unknown item 'a.9'" in result.stderr
    assert "notes.yaml" not in result.stdout + result.stderr  # plainly not a record: skipped


def test_validate_a_named_non_record_is_an_error(repo: Path) -> None:
    result = runner.invoke(app, ["validate", "records/notes.yaml", "--standards-dir", "standards"])
    assert result.exit_code == 2
    assert "records/notes.yaml" in result.stderr


@pytest.mark.parametrize("parallel", [False, True])
def test_validate_in_parallel_gives_the_same_answer(repo: Path, parallel: bool) -> None:
    from safecli.portfolio.config import Config
    from safecli.portfolio.pool import validate

    settings = Config(standards_dirs=[str(repo / "standards")])
    found = [
        (r.path, r.invalid, r.answered, [str(f) for f in r.failures])
        for r in validate(["records", "history"], settings, parallel=parallel)
    ]
    assert [p for p, *_ in found] == [
        "history/a-2024.yaml",
        "records/a-valid.yaml",
        "records/b-vetoed.yaml",
        "records/c-below.yaml",
        "records/d-overdue.yaml",
        "records/e-invalid.yaml",
    ]
    assert [invalid for _, invalid, *_ in found] == [False] * 5 + [True]


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_streams_the_same_bytes_as_the_whole_report(
    repo: Path, fmt: str, tmp_path: Path
) -> None:
    report = check([], find_config(), TODAY, as_of_today=True)  # what the command line does
    whole = render_check(report, fmt, verbose=True)
    result = runner.invoke(
        app, ["check", "--format", fmt, "--verbose", "-o", str(tmp_path / f"out.{fmt}")]
    )
    assert result.exit_code == 1
    assert (tmp_path / f"out.{fmt}").read_text(encoding="utf-8") == whole


def test_check_json_counts_match_its_records(repo: Path) -> None:
    result = runner.invoke(app, ["check", "--format", "json"])
    data = json.loads(result.stdout)
    assert data["summary"]["records"] == len(data["records"]) == 6
    assert data["summary"]["failures"] == sum(len(r["failures"]) for r in data["records"])


def test_check_refuses_to_write_over_a_record(repo: Path) -> None:
    before = (repo / "records" / "a-valid.yaml").read_bytes()
    result = runner.invoke(app, ["check", "--format", "json", "-o", "records/a-valid.yaml"])
    assert result.exit_code == 2
    assert "overwrite an input" in result.stderr
    assert (repo / "records" / "a-valid.yaml").read_bytes() == before


def test_writer_with_no_records_is_the_empty_report() -> None:
    from safecli.portfolio.gate import GateReport

    empty = GateReport(root=Path("."), as_of=None, fail_on=[], results=[], skipped=[])
    for fmt in FORMATS:
        writer = CheckWriter(fmt, empty)
        out = "".join(writer.chunks([]))
        assert out.endswith("\n") or out == ""


def test_check_shards_partition_the_records(repo: Path) -> None:
    whole = {r.path for r in check([], find_config()).results}
    parts = []
    for i in (1, 2, 3):
        result = runner.invoke(app, ["check", "--format", "json", "--shard", f"{i}/3"])
        parts += [r["path"] for r in json.loads(result.stdout)["records"]]
    assert sorted(parts) == sorted(whole)
    bad = runner.invoke(app, ["check", "--shard", "4/3"])
    assert bad.exit_code == 2
    assert "--shard" in bad.stderr


def test_a_failure_is_located_with_at_most_one_more_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    # the fast path keeps no node tree: a top-level key (where most gate failures point) is
    # found by a line scan, anything deeper in a node tree composed (in C) once, on first use;
    # the located builder is never asked
    text = (
        "standard: mini@1\n"
        "subject: {kind: enterprise, name: 甲, 1.10: x}\n"
        "responses:\n"
        "  a.1: {status: maybe}\n"
        "  a.2: met\n"
        "findings:\n"
        "  - {id: F1, due: 2025-01-01}\n"
    )
    careful = yamlio.parse_located(text, "r.yaml")
    calls = []
    real = yamlio.parse_located
    monkeypatch.setattr(yamlio, "parse_located", lambda *a: calls.append(a) or real(*a))
    doc = yamlio.parse(text, "r.yaml")
    assert doc.where(("standard",)) == careful.where(("standard",)) == (1, 11)
    assert doc.where(("findings",), key=True) == careful.where(("findings",), key=True) == (6, 1)
    assert calls == []
    assert doc.where(("responses", "a.1", "status")) == (4, 17)
    assert calls == []
    assert dict(doc.marks) == careful.marks
    assert dict(doc.key_marks) == careful.key_marks
    assert ("responses", "a.9") not in doc.marks
    assert doc.where(("responses", "a.9")) == careful.where(("responses", "a.9"))
    assert doc.where(("findings", 0, "due"), key=True) == careful.where(
        ("findings", 0, "due"), key=True
    )
    assert calls == []


def test_json_pieces_are_what_json_dumps_writes() -> None:
    from safecli.render.ci import _dumps

    value = {
        "path": 'a "quoted"\\path\n\t\x01 路径 \u2028',
        "total": 89.95,
        "n": 3,
        "none": None,
        "yes": True,
        "empty": [],
        "nested": {},
        "failures": [{"line": 0, "message": "重大隐患 F1 逾期", "hint": None}, {"x": 1e-05}],
    }
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n    ")
    assert _dumps(value, "    ") == expected


def test_no_progress_bar_in_a_pipe(repo: Path) -> None:
    from safecli.cli.options import progress_bar

    with progress_bar("x") as progress:  # pytest's stderr is not a terminal
        assert progress is None
    result = runner.invoke(app, ["check", "--format", "json"])
    assert "\r" not in result.stderr and "━" not in result.stderr


def test_summary_refuses_to_write_over_a_record(repo: Path) -> None:
    before = (repo / "records" / "a-valid.yaml").read_bytes()
    result = runner.invoke(
        app, ["summary", "--format", "csv", "--skip-invalid", "-o", "records/a-valid.yaml"]
    )
    assert result.exit_code == 2
    assert "overwrite an input" in result.stderr
    assert (repo / "records" / "a-valid.yaml").read_bytes() == before


def test_an_invalid_record_goes_with_its_unit_and_a_shard_skips_other_units(
    tmp_path: Path,
) -> None:
    from safecli.portfolio.shards import shard_of, unit_key

    assert unit_key({"standard": "x", "subject": {"id": 913, "name": "甲"}}) == "913"
    assert unit_key({"standard": "x", "subject": {"id": "", "name": 2025}}) == "2025"
    assert unit_key({"standard": "x", "subject": {"name": ["甲"]}}) is None
    assert unit_key({"subject": {"name": "甲"}}) is None  # not a record: never pre-skipped
    records = tmp_path / "records"
    records.mkdir()
    text = (ROOT / "examples" / "records" / "safe-community.yaml").read_text(encoding="utf-8")
    # the same unit, one record valid and one with an unknown status word
    (records / "a.yaml").write_text(text, encoding="utf-8")
    (records / "b.yaml").write_text(text.replace(": met", ": maybe", 1), encoding="utf-8")
    unit = unit_key(yaml.safe_load(text))
    assert unit is not None
    home = shard_of(unit, 4)
    for index in range(1, 5):
        done = runner.invoke(
            app, ["check", str(records), "--format", "json", "--shard", f"{index}/4"]
        )
        data = json.loads(done.stdout)
        paths = sorted(Path(r["path"]).name for r in data["records"])
        assert paths == (["a.yaml", "b.yaml"] if index == home else []), index
