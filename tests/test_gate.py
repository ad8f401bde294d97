"""`safecli check`: the CI gate over a records repository, in every output format."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from ci_repo import FIXTURES, ROOT, SHEET, add_sheets, build_repo, line_of
from junitparser import Failure as JFailure
from junitparser import JUnitXml
from typer.testing import CliRunner

from safecli.cli.app import app
from safecli.model.errors import ConfigError
from safecli.portfolio.config import find_config, load_config
from safecli.portfolio.gate import check
from safecli.render.ci import _escape_property, render_github

runner = CliRunner()
SARIF_SCHEMA = ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json"  # the OASIS schema, verbatim
RECORDS = [
    "history/a-2024.yaml",
    "records/a-valid.yaml",
    "records/b-vetoed.yaml",
    "records/c-below.yaml",
    "records/d-overdue.yaml",
    "records/e-invalid.yaml",
]


TODAY = "2026-11-25"
"""What "today" means for the command line in these tests ($SAFECLI_TODAY), never the clock."""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = build_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    monkeypatch.setenv("SAFECLI_TODAY", TODAY)
    return root


def expected_failures(root: Path) -> list[tuple[str, int, int, str]]:
    """(path, line, col, gate) of every failure, computed from the files' text."""
    b = root / "records/b-vetoed.yaml"
    c = root / "records/c-below.yaml"
    d = root / "records/d-overdue.yaml"
    e = root / "records/e-invalid.yaml"
    incident = line_of(b, "{date: 2024-05-10, kind: fall")
    standard = line_of(c, "mini@1")
    finding = line_of(d, "{id: F1,")
    unknown_item = line_of(e, "a.9")
    bad_status = line_of(e, "maybe")
    return sorted(
        [
            ("records/b-vetoed.yaml", *incident, "veto"),
            ("records/c-below.yaml", *standard, "below-grade"),
            ("records/c-below.yaml", *standard, "lowest-grade"),
            ("records/d-overdue.yaml", *finding, "overdue-major"),
            ("records/d-overdue.yaml", *finding, "veto"),
            ("records/e-invalid.yaml", *unknown_item, "invalid"),
            ("records/e-invalid.yaml", *bad_status, "invalid"),
        ]
    )


def invoke(*args: str):
    return runner.invoke(app, list(args))


# ---------------------------------------------------------------- the gate itself


def test_the_repository_fails_with_every_gate_located(repo: Path) -> None:
    report = check([], find_config())
    assert report.root == repo.resolve()
    assert [r.path for r in report.results] == RECORDS
    assert [r.status for r in report.results] == ["pass", "pass", "fail", "fail", "fail", "invalid"]
    assert [(r.total, r.grade) for r in report.results[:5]] == [
        (90.0, "top"),
        (100.0, "top"),
        (100.0, "mid"),
        (50.0, "low"),
        (100.0, "mid"),
    ]
    got = [(f.path, f.line, f.col, f.rule) for f in report.failures]
    assert got == expected_failures(repo)
    assert int(report.exit_code) == 1


def test_skipped_files_are_listed(repo: Path) -> None:
    report = check([], find_config().model_copy(update={"lang": "en"}))
    assert {s.path: s.reason for s in report.skipped} == {
        ".github/workflows/safecli.yml": "a CI workflow file",
        ".gitlab-ci.yml": "a CI workflow file",
        "records/notes.yaml": "no standard: key at the top level",
        "safecli.yaml": "the safecli configuration",
        "standards/mini.yaml": "inside a standards folder",
    }


def test_exit_codes(repo: Path) -> None:
    assert invoke("check").exit_code == 1
    assert invoke("check", "records/a-valid.yaml", "history").exit_code == 0
    assert invoke("check", "records/notes.yaml").exit_code == 0  # nothing to check
    assert invoke("check", "records/c-below.yaml").exit_code == 1
    missing = invoke("check", "records/nope.yaml")
    assert missing.exit_code == 2
    assert "records/nope.yaml: error: no such file or folder" in missing.stderr
    assert invoke("check", "--as-of", "2025-13-01").exit_code == 2
    assert invoke("check", "--format", "xml").exit_code == 2


def test_fail_on_chooses_the_gates(repo: Path) -> None:
    (repo / "safecli.yaml").write_text(
        "standards_dirs: [standards]\nfail_on: [unanswered]\n", encoding="utf-8"
    )
    report = check([], find_config())
    c = repo / "records/c-below.yaml"
    responses = line_of(c, "responses:")
    assert [(f.path, f.line, f.col, f.rule) for f in report.failures] == [
        ("records/c-below.yaml", *responses, "unanswered")
    ] * 3
    assert sorted(f.message for f in report.failures) == [
        "条款 a.2 未作答",
        "条款 a.4 未作答",
        "条款 b.1 未填报指标 metrics.inspections",
    ]
    # the invalid record no longer fails the gate; no required grade, so no below-grade
    assert invoke("check").exit_code == 1
    (repo / "safecli.yaml").write_text("standards_dirs: [standards]\nfail_on: []\n", "utf-8")
    assert invoke("check").exit_code == 0


def test_as_of_makes_a_finding_overdue(repo: Path) -> None:
    d = repo / "records/d-overdue.yaml"
    f2 = line_of(d, "{id: F2,")
    report = check(
        ["records/d-overdue.yaml"], find_config(), as_of=__import__("datetime").date(2025, 7, 1)
    )
    overdue = [(f.line, f.col) for f in report.failures if f.rule == "overdue-major"]
    assert overdue == [line_of(d, "{id: F1,")]  # F2 is general, F3 closed
    assert f2 not in overdue


def test_process_pool_gives_the_same_report(repo: Path) -> None:
    config = find_config()
    serial = check([], config, parallel=False)
    pooled = check([], config, parallel=True)
    assert [(r.path, r.total, r.grade, r.failures) for r in pooled.results] == [
        (r.path, r.total, r.grade, r.failures) for r in serial.results
    ]


def test_progress_is_called_per_record(repo: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    report = check(
        [], find_config(), progress=lambda done, total, path: seen.append((done, total, path))
    )
    # every file examined ticks once, in order (a YAML file that proves not to be a record too)
    assert [done for done, _, _ in seen] == list(range(1, len(seen) + 1))
    assert {total for _, total, _ in seen} == {len(seen)}
    assert [path for _, _, path in seen if path in RECORDS] == RECORDS
    extra = {path for _, _, path in seen} - set(RECORDS)
    assert extra == {"records/notes.yaml"}  # read, found not to be a record, reported skipped
    assert extra <= {s.path for s in report.skipped}


def test_sheet_records_are_checked_and_located(repo: Path) -> None:
    add_sheets(repo)
    blank = runner.invoke(
        app,
        [
            "init",
            "mini@1",
            "--format",
            "xlsx",
            "-o",
            "sheets/g-blank.xlsx",
            "--standards-dir",
            "standards",
        ],
    )
    assert blank.exit_code == 0, blank.output
    report = check(["sheets"], find_config())
    assert [(r.path, r.status) for r in report.results] == [
        ("sheets/e-filled.csv", "fail"),
        ("sheets/f-broken.csv", "invalid"),
        ("sheets/g-blank.xlsx", "invalid"),
    ]
    filled = report.results[0]
    assert (filled.subject, filled.total, filled.grade) == ("戊厂", 100.0, "mid")
    row = next(i for i, line in enumerate(SHEET.splitlines(), start=1) if "配电箱未接地" in line)
    assert sorted((f.line, f.rule) for f in filled.failures) == [
        (row, "overdue-major"),
        (row, "veto"),
    ]
    broken = FIXTURES / "sheets" / "many-problems.csv"
    lines = {f.line for f in report.results[1].failures}
    for needle in ("单位规模", "五月十日", "满足", "三分", "下个月"):
        assert line_of(broken, needle)[0] in lines, needle
    xlsx = report.results[2].failures
    assert xlsx and all(f.path == "sheets/g-blank.xlsx" for f in xlsx)
    assert all(f.message.startswith("单位信息: ") for f in xlsx)  # the sheet leads the message
    sarif = json.loads(invoke("check", "sheets", "--format", "sarif").stdout)
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    regions = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: "region"
        in r["locations"][0]["physicalLocation"]
        for r in sarif["runs"][0]["results"]
    }
    assert regions == {
        "sheets/e-filled.csv": True,
        "sheets/f-broken.csv": True,
        "sheets/g-blank.xlsx": False,  # a workbook has no lines
    }


def test_a_broken_yaml_record_is_invalid_but_a_broken_other_file_is_skipped(repo: Path) -> None:
    (repo / "records" / "tab.yaml").write_text("standard: mini@1\nsubject:\n\tkind: x\n", "utf-8")
    (repo / "records" / "helm.yaml").write_text("name: {{ .Values.name }}\n", "utf-8")
    report = check(["records"], find_config().model_copy(update={"lang": "en"}))
    tab = next(r for r in report.results if r.path == "records/tab.yaml")
    assert tab.status == "invalid"
    assert [(f.line, f.col) for f in tab.failures] == [(3, 1)]
    assert {s.path: s.reason for s in report.skipped}["records/helm.yaml"] == (
        "not valid YAML and no standard: key"
    )


# ---------------------------------------------------------------- safecli.yaml


@pytest.mark.parametrize(
    ("text", "needle", "message"),
    [
        ("required_grades: {nope: mid}\n", "nope", "unknown standard 'nope' (grade 'mid')"),
        ("required_grades: {mini: best}\n", "best", "standard 'mini' has no grade 'best'"),
        ("fail_on: [veto, typo]\n", "typo", "expected one of"),
        ("standard_dirs: [standards]\n", "standard_dirs", "unknown key 'standard_dirs'"),
        ("standards_dirs: [missing]\n", "missing", "folder 'missing' not found"),
        ("lang: fr\n", "fr", "expected one of"),
    ],
)
def test_a_bad_config_is_exit_2_located(repo: Path, text: str, needle: str, message: str) -> None:
    extra = "" if text.startswith("standard") else "standards_dirs: [standards]\n"
    if "missing" in text:
        extra = ""
    (repo / "safecli.yaml").write_text(extra + text, encoding="utf-8")
    line, col = line_of(repo / "safecli.yaml", needle)
    result = invoke("check")
    assert result.exit_code == 2, result.output
    assert f"safecli.yaml:{line}:{col}: error: " in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_config_is_found_from_a_subfolder_and_by_option(repo: Path) -> None:
    config = find_config(repo / "records" / "a-valid.yaml")
    assert config.root == repo.resolve()
    assert config.required_grades == {"mini": "mid"}
    assert config.dirs() == [(repo / "standards").resolve()]
    elsewhere = repo / "other.yaml"
    elsewhere.write_text("standards_dirs: [standards]\n", encoding="utf-8")
    result = invoke("check", "--config", str(elsewhere), "records/c-below.yaml")
    assert result.exit_code == 1  # no required grade there, but low is mini's lowest grade
    assert "[lowest-grade]" in result.stdout and "[below-grade]" not in result.stdout
    assert "门禁规则（来自 other.yaml）" in result.stdout
    elsewhere.write_text(
        "standards_dirs: [standards]\nfail_on: {lowest-grade: false}\n", encoding="utf-8"
    )
    assert invoke("check", "--config", str(elsewhere), "records/c-below.yaml").exit_code == 0
    with pytest.raises(ConfigError):
        find_config(explicit=repo / "absent.yaml")


def test_include_and_exclude(repo: Path) -> None:
    (repo / "safecli.yaml").write_text(
        "standards_dirs: [standards]\nrequired_grades: {mini: mid}\n"
        "include: ['records/**']\nexclude: ['**/e-*.yaml', 'records/d-overdue.yaml']\n",
        encoding="utf-8",
    )
    report = check([], find_config())
    assert [r.path for r in report.results] == [
        "records/a-valid.yaml",
        "records/b-vetoed.yaml",
        "records/c-below.yaml",
    ]


# ---------------------------------------------------------------- output formats


def test_text_lines(repo: Path) -> None:
    result = invoke("check", "--lang", "en")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    errors = [line for line in lines if ": error: " in line]
    located = [re.match(r"(.+?):(\d+):(\d+): error: \[([a-z-]+)\]", line) for line in errors]
    assert [(m[1], int(m[2]), int(m[3]), m[4]) for m in located] == expected_failures(repo)
    assert lines[-1] == "6 records: 2 passed, 4 failed, 7 problems; 5 files skipped"
    assert lines[0] == (
        f"as of {TODAY} (today; overdue is judged on this date, --as-of to choose another)"
    )
    assert lines[1] == (
        "gates in force (from safecli.yaml): invalid invalid record, veto veto, blacklisted "
        "blacklisted, lowest-grade lowest grade, below-grade below the required grade, "
        "overdue-major overdue major hazard, major-hazard major accident hazard not closed, "
        "expired-exception expired exception"
    )
    verbose = invoke("check", "--lang", "en", "--verbose").stdout
    assert "records/notes.yaml: skipped: no standard: key at the top level" in verbose
    assert "records/a-valid.yaml: ok: mini@1 100.0 top" in verbose


def test_terminal_table() -> None:
    from rich.console import Console

    from safecli.render.ci import render_table

    root = build_repo(Path(__import__("tempfile").mkdtemp()) / "repo")
    report = check([root], find_config(root))
    console = Console(record=True, width=200, file=__import__("io").StringIO())
    console.print(render_table(report))
    text = console.export_text()
    for head in ("记录", "标准", "总分", "等级", "要求", "结果", "问题"):
        assert head in text
    assert "records/c-below.yaml" in text and "未通过" in text and "无效" in text
    assert "[below-grade]" in text and "[veto]" in text  # not eaten as rich markup


def test_json(repo: Path) -> None:
    result = invoke("check", "--format", "json")
    data = json.loads(result.stdout)
    assert data["exit_code"] == 1 == result.exit_code
    assert data["summary"] == {
        "records": 6,
        "passed": 2,
        "failed": 4,
        "failures": 7,
        "warnings": 0,
        "skipped": 5,
    }
    assert (data["as_of"], data["as_of_today"], data["config"]) == (TODAY, True, "safecli.yaml")
    assert data["fail_on"] == [
        "invalid",
        "veto",
        "blacklisted",
        "lowest-grade",
        "below-grade",
        "overdue-major",
        "major-hazard",
        "unreadable",
        "expired-exception",
    ]
    assert [r["status"] for r in data["records"]] == [
        "pass",
        "pass",
        "fail",
        "fail",
        "fail",
        "invalid",
    ]
    assert data["records"][3]["required"] == "mid" and data["records"][3]["grade"] == "low"
    got = sorted(
        (f["path"], f["line"], f["col"], f["rule"]) for r in data["records"] for f in r["failures"]
    )
    assert got == expected_failures(repo)


def test_junit_reads_back(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "junit.xml"
    result = invoke("check", "--format", "junit", "-o", str(out))
    assert result.exit_code == 1
    xml = JUnitXml.fromfile(str(out))
    suites = list(xml)
    assert len(suites) == 1
    suite = suites[0]
    assert suite.tests == 6
    assert suite.failures == 4
    assert suite.errors == 0
    cases = {case.name: case for case in suite}
    assert sorted(cases) == RECORDS
    failures = {
        name: [r.type for r in case.result if isinstance(r, JFailure)]
        for name, case in cases.items()
    }
    assert failures == {
        "history/a-2024.yaml": [],
        "records/a-valid.yaml": [],
        "records/b-vetoed.yaml": ["veto"],
        "records/c-below.yaml": ["below-grade", "lowest-grade"],
        "records/d-overdue.yaml": ["overdue-major", "veto"],
        "records/e-invalid.yaml": ["invalid", "invalid"],
    }
    assert cases["records/a-valid.yaml"].is_passed
    assert "unknown item 'a.9'" in " ".join(
        r.message for r in cases["records/e-invalid.yaml"].result
    )


def test_sarif_validates_and_locates(repo: Path) -> None:
    result = invoke("check", "--format", "sarif")
    assert result.exit_code == 1
    sarif = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(sarif, schema)
    run = sarif["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "safecli"
    assert [r["id"] for r in driver["rules"]] == [
        "invalid",
        "veto",
        "blacklisted",
        "lowest-grade",
        "below-grade",
        "overdue-major",
        "major-hazard",
        "unanswered",
        "unreadable",
        "expired-exception",
        "evidence",
        "expiring-exception",
        "exception",
    ]
    assert run["properties"]["as_of"] == TODAY
    got = []
    for r in run["results"]:
        assert r["level"] == "error"
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        loc = r["locations"][0]["physicalLocation"]
        got.append(
            (
                loc["artifactLocation"]["uri"],
                loc["region"]["startLine"],
                loc["region"]["startColumn"],
                r["ruleId"],
            )
        )
    assert sorted(got) == expected_failures(repo)


def test_github_annotations_point_at_the_lines(repo: Path) -> None:
    result = invoke("check", "--format", "github")
    assert result.exit_code == 1
    notice, *lines = result.stdout.splitlines()
    assert notice.startswith(f"::notice title=safecli::判定日期 {TODAY}")
    assert len(lines) == 7
    pattern = re.compile(r"::error file=([^,]+),line=(\d+),col=(\d+),title=safecli ([a-z-]+)::(.+)")
    got = []
    for line in lines:
        m = pattern.fullmatch(line)
        assert m, line
        got.append((m[1], int(m[2]), int(m[3]), m[4]))
    assert sorted(got) == expected_failures(repo)
    b_line = line_of(repo / "records/b-vetoed.yaml", "{date: 2024-05-10")[0]
    assert f"::error file=records/b-vetoed.yaml,line={b_line}," in result.stdout


def test_github_escaping() -> None:
    from safecli.portfolio.gate import GateReport
    from safecli.portfolio.pool import Failure

    report = GateReport(
        root=Path("."),
        as_of=None,
        fail_on=["invalid"],
        results=[],
        skipped=[],
    )
    report.results.append(
        __import__("safecli.portfolio.gate", fromlist=["RecordResult"]).RecordResult(
            path="a,b:c.yaml",
            failures=[Failure("a,b:c.yaml", 3, 1, "invalid", "100% bad\r\nsecond: line, too")],
        )
    )
    assert render_github(report) == (
        "::notice title=safecli::判定日期 各记录的检查日期; "
        "门禁规则（默认，未找到 safecli.yaml）：invalid 无效记录\n"
        "::error file=a%2Cb%3Ac.yaml,line=3,col=1,title=safecli invalid::"
        "100%25 bad%0D%0Asecond: line, too\n"
    )
    assert _escape_property("x%,:\n") == "x%25%2C%3A%0A"


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "sarif", "github"])
def test_every_format_is_deterministic(repo: Path, tmp_path: Path, fmt: str) -> None:
    first, second = tmp_path / "1", tmp_path / "2"
    assert invoke("check", "--format", fmt, "-o", str(first)).exit_code == 1
    assert invoke("check", "--format", fmt, "-o", str(second)).exit_code == 1
    assert first.read_bytes() == second.read_bytes()
    assert str(repo) not in first.read_text(encoding="utf-8")  # no absolute paths


def test_output_never_replaces_a_record(repo: Path) -> None:
    before = (repo / "records/a-valid.yaml").read_bytes()
    result = invoke("check", "--format", "json", "-o", "records/a-valid.yaml")
    assert result.exit_code == 2
    assert (repo / "records/a-valid.yaml").read_bytes() == before


# ---------------------------------------------------------------- no pandas on the fast path


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "records"],
        ["check", "--format", "sarif"],
        ["score", "records/a-valid.yaml", "--standards-dir", "standards", "--format", "json"],
        ["validate", "records/a-valid.yaml", "--standards-dir", "standards"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_check_score_validate_never_import_pandas(repo: Path, argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from safecli.cli.app import main\n"
        f"sys.argv = ['safecli', *{argv!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    code = exit.code\n"
        "else:\n"
        "    code = 0\n"
        "heavy = sorted(m for m in ('pandas', 'openpyxl', 'numpy') if m in sys.modules)\n"
        "print('HEAVY', heavy, code, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, timeout=120
    )
    tail = done.stderr.strip().splitlines()[-1]
    assert tail.startswith("HEAVY [] "), done.stderr
    assert tail.split()[-1] in ("0", "1")


# ---------------------------------------------------------------- pre-commit and CI examples


def _safecli_commands(text: str) -> list[list[str]]:
    """`safecli …` command lines in the run/script entries of a CI file."""
    commands = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            for line in node.splitlines():
                line = line.strip()
                if line.startswith("safecli "):
                    line = line.split("||")[0].split("&&")[0]
                    commands.append(shlex.split(line)[1:])

    walk(yaml.safe_load(text))
    return commands


def test_pre_commit_hook_runs_what_it_declares(repo: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "safecli-check"
    assert hook["entry"] == "safecli check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    tracked = sorted(
        p.relative_to(repo).as_posix()
        for p in repo.rglob("*")
        if p.is_file() and ".git/" not in p.as_posix()
    )
    matched = [p for p in tracked if files.search(p)]
    assert "records/a-valid.yaml" in matched and ".gitlab-ci.yml" in matched
    args = shlex.split(hook["entry"])[1:]
    # a commit touching only good records and non-records passes ...
    ok = ["records/a-valid.yaml", "history/a-2024.yaml", "safecli.yaml", ".gitlab-ci.yml"]
    assert invoke(*args, *ok).exit_code == 0
    # ... and one touching a failing record is stopped, with the located line
    result = invoke(*args, *matched)
    assert result.exit_code == 1
    assert "records/b-vetoed.yaml:" in result.stdout


def test_github_workflow_example(repo: Path) -> None:
    text = (ROOT / "examples/ci/github-workflow.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert "check" in workflow["jobs"]
    commands = _safecli_commands(text)
    assert [c[:3] for c in commands] == [
        ["check", "--format", "github"],
        ["check", "--format", "sarif"],
        ["summary", "--format", "md"],
        ["findings", "--open", "--format"],
    ]
    codes = [invoke(*c).exit_code for c in commands]
    assert codes == [1, 1, 0, 0]  # the gate fails on this repository; the rest is written
    jsonschema.validate(
        json.loads((repo / "safecli.sarif").read_text(encoding="utf-8")),
        json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")),
    )
    assert (repo / "safecli-summary.md").read_text(encoding="utf-8").startswith("# ")
    upload = [s for s in workflow["jobs"]["check"]["steps"] if "upload-sarif" in s.get("uses", "")]
    assert upload[0]["with"]["sarif_file"] == "safecli.sarif"


def test_gitlab_example_wires_the_junit_report(repo: Path) -> None:
    text = (ROOT / "examples/ci/gitlab-ci.yml").read_text(encoding="utf-8")
    job = yaml.safe_load(text)["safecli"]
    report = job["artifacts"]["reports"]["junit"]
    assert job["artifacts"]["when"] == "always"
    commands = _safecli_commands(text)
    codes = [invoke(*c).exit_code for c in commands]
    assert codes == [0, 0, 1]
    xml = JUnitXml.fromfile(str(repo / report))
    assert sum(1 for suite in xml for _ in suite) == 6
    assert (repo / "safecli-summary.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_example_config_is_valid_for_the_bundled_standards(tmp_path: Path) -> None:
    from safecli.read.catalog import default_catalog

    config = load_config(ROOT / "examples/ci/safecli.yaml")
    config.check_against(default_catalog())
    assert "safety-integrity-enterprise" in config.required_grades
    assert config.wants("records/a.yaml") and not config.wants("drafts/x/a.yaml")


def test_docs_show_the_examples_verbatim() -> None:
    docs = (ROOT / "docs/ci.md").read_text(encoding="utf-8")
    for name in ("github-workflow.yml", "gitlab-ci.yml"):
        body = (ROOT / "examples/ci" / name).read_text(encoding="utf-8")
        body = "\n".join(line for line in body.splitlines() if not line.startswith("#"))
        assert body.strip() in docs, name
    assert "reports:\n      junit: safecli-junit.xml" in docs


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_a_record_saved_as_utf16_fails_the_gate_never_skipped(
    tmp_path: Path, encoding: str
) -> None:
    """A record saved by Notepad as "Unicode" still names its standard: the gate reports it
    invalid (exit 1), where it once set it aside as "not YAML" and passed."""
    text = (ROOT / "examples" / "records" / "safe-enterprise.yaml").read_text(encoding="utf-8")
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "a.yaml").write_bytes(text.encode(encoding))
    (tmp_path / "records" / "notes.yaml").write_bytes("备注: 无\n".encode(encoding))
    result = CliRunner().invoke(
        app, ["check", str(tmp_path / "records"), "--as-of", "2025-05-10", "--lang", "en", "-v"]
    )
    assert result.exit_code == 1, result.output
    wide = encoding.upper()
    assert (
        f"records/a.yaml:1:1: error: [invalid] the file is encoded in {wide} (save the file as UTF-8)"
        in (result.output)
    )
    assert "records/notes.yaml: skipped:" in result.output
