"""Every bad input gets exit 2, one located line per problem, and no traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safecli.cli.app import app
from safecli.model.errors import InvalidFile
from safecli.read.standards import load_standard

FIXTURES = Path(__file__).parent / "fixtures"
LOCATED = re.compile(r"^(?P<path>[^:]+\.ya?ml):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.+)$")

BROKEN_STANDARDS = {
    # file: [(line, fragment of the message)]
    "duplicate-key": [(4, "duplicate key 'version'")],
    "duplicate-item": [(35, "duplicate item id 'a.1'")],
    "grades-order": [(10, "descending order of min: 95 after 90")],
    "requires-unknown": [(9, "requires 'a.9', which is no item")],
    "measure-no-target": [(47, "a measure item needs target")],
    "tab": [(31, "a tab character")],
    "syntax": [(6, "YAML syntax")],
    "max-grade-unknown": [(15, "max_grade 'middle' is no grade")],
    "many-problems": [
        (9, "grade 'top' requires 'a.9', which is no item"),
        (35, "duplicate item id 'a.1'"),
        (38, "points: input should be greater than 0"),
    ],
}

BROKEN_RECORDS = {
    "unknown-item": [(4, "unknown item 'a.44' in mini@1 (did you mean a.4")],
    "bad-status": [(4, "unknown status 'mett' (expected one of: met, partial, unmet, na, 符合")],
    "score-above": [(4, "score 5 is above the item's 4 points (give 0..4)")],
    "unknown-standard": [(1, "unknown standard 'mimi' (did you mean 'mini'?")],
    "unknown-version": [(1, "standard 'mini' has no version '2' (available: mini@1)")],
    "bad-credit-code": [(2, "check character 18 is '7' but the first 17 characters give '6'")],
    "bad-credit-char": [(2, "character 17 'I' is not allowed")],
    "bad-date": [(3, "inspection.date: '2025-02-30' is not a real date")],
    "not-a-date": [(3, "inspection.date: expected a date but received: 'next tuesday'")],
    "metric-not-number": [
        (
            5,
            "metrics.inspections: expected a number but received: 'forty' (write the number "
            "alone, e.g. 40 or 2.5)",
        )
    ],
    "unknown-metric": [(5, "unknown metric 'inspection' for mini@1 (did you mean inspections")],
    "wrong-kind": [(2, "subject.kind is 'community' but mini@1 assesses")],
    "duplicate-response": [(4, "duplicate key 'a.2'")],
    "many-problems": [
        (4, "unknown status 'mett'"),
        (5, "metrics.inspections: expected a number"),
        (4, "unknown item 'a.44'"),
    ],
}


def _check_lines(output: str, expected: list[tuple[int, str]], path_part: str) -> None:
    lines = [line for line in output.splitlines() if line.strip()]
    assert "Traceback" not in output
    assert len(lines) == len(expected), output
    for line, (want_line, fragment) in zip(lines, expected, strict=True):
        match = LOCATED.match(line)
        assert match, line
        assert path_part in match["path"]
        assert int(match["line"]) == want_line, line
        assert fragment in match["msg"], line


@pytest.mark.parametrize("name", sorted(BROKEN_STANDARDS))
def test_broken_standard_library(name: str) -> None:
    with pytest.raises(InvalidFile) as caught:
        load_standard(FIXTURES / "broken-standards" / f"{name}.yaml")
    lines = [p.line for p in caught.value.problems]
    assert lines == [line for line, _ in BROKEN_STANDARDS[name]]


@pytest.mark.parametrize("name", sorted(BROKEN_STANDARDS))
def test_broken_standard_cli(name: str) -> None:
    path = FIXTURES / "broken-standards" / f"{name}.yaml"
    result = CliRunner().invoke(app, ["standards", "lint", str(path)])
    assert result.exit_code == 2
    _check_lines(result.stderr, BROKEN_STANDARDS[name], f"{name}.yaml")


@pytest.mark.parametrize("name", sorted(BROKEN_RECORDS))
def test_broken_record_cli(name: str) -> None:
    path = FIXTURES / "broken-records" / f"{name}.yaml"
    before = path.read_bytes()
    runner = CliRunner()
    args = ["--standards-dir", str(FIXTURES / "standards")]
    validated = runner.invoke(app, ["validate", str(path), *args])
    assert validated.exit_code == 2
    _check_lines(validated.stderr, BROKEN_RECORDS[name], f"{name}.yaml")
    scored = runner.invoke(app, ["score", str(path), "--format", "json", *args])
    assert scored.exit_code == 2
    assert scored.stdout == ""
    assert path.read_bytes() == before  # inputs are never modified


def test_validate_reports_every_file(tmp_path: Path) -> None:
    files = [FIXTURES / "broken-records" / f"{n}.yaml" for n in ("bad-status", "unknown-item")]
    good = FIXTURES / "records" / "mini-all-met.yaml"
    result = CliRunner().invoke(
        app,
        [
            "validate",
            str(files[0]),
            str(good),
            str(files[1]),
            "--standards-dir",
            str(FIXTURES / "standards"),
        ],
    )
    assert result.exit_code == 2
    assert "bad-status.yaml:4:28" in result.stderr
    assert "unknown-item.yaml:4:43" in result.stderr


def test_strict_makes_unanswered_an_error() -> None:
    path = FIXTURES / "records" / "mini-unanswered.yaml"
    args = ["--standards-dir", str(FIXTURES / "standards")]
    lenient = CliRunner().invoke(app, ["score", str(path), "--format", "json", *args])
    assert lenient.exit_code == 0
    strict = CliRunner().invoke(app, ["score", str(path), "--strict", *args])
    assert strict.exit_code == 2
    assert "a.2 is not answered" in strict.stderr
    assert "b.1 is not answered (metrics.inspections missing)" in strict.stderr


def test_debug_shows_the_traceback() -> None:
    path = FIXTURES / "broken-records" / "bad-status.yaml"
    result = CliRunner().invoke(app, ["--debug", "validate", str(path)])
    assert result.exit_code != 0
    assert isinstance(result.exception, InvalidFile)


def test_bad_as_of_is_a_usage_error() -> None:
    path = FIXTURES / "records" / "mini-all-met.yaml"
    result = CliRunner().invoke(
        app,
        [
            "score",
            str(path),
            "--as-of",
            "2025-13-01",
            "--standards-dir",
            str(FIXTURES / "standards"),
        ],
    )
    assert result.exit_code == 2
    assert (
        "--as-of: error: '2025-13-01' is not a date (write it as YYYY-MM-DD, or today)"
        in result.stderr
    )
