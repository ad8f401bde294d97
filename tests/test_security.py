"""Security properties checked as tests."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safecli.cli.app import app
from safecli.model.errors import OutputError
from safecli.read.output import safe_name, write_atomic

SRC = Path(__file__).resolve().parents[1] / "src" / "safecli"
FIXTURES = Path(__file__).parent / "fixtures"
UNSAFE_YAML = {"load", "load_all", "unsafe_load", "unsafe_load_all", "full_load", "full_load_all"}
UNSAFE_LOADERS = {"Loader", "UnsafeLoader", "FullLoader", "CLoader", "CUnsafeLoader", "CFullLoader"}


def _python_files() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_unsafe_yaml_loading(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "yaml"
        ):
            assert node.attr not in UNSAFE_YAML, f"{path}:{node.lineno}: yaml.{node.attr}"
            assert node.attr not in UNSAFE_LOADERS, f"{path}:{node.lineno}: yaml.{node.attr}"
        if isinstance(node, ast.ImportFrom) and node.module == "yaml":
            names = {alias.name for alias in node.names}
            assert not names & (UNSAFE_YAML | UNSAFE_LOADERS), f"{path}:{node.lineno}: {names}"


PICKLES_ITS_OWN = {"portfolio/spool.py"}
"""The one module that pickles: what this process itself wrote to an anonymous temporary file
(unlinked when made, mode 0600), read back by the same process. Never a file a user names."""


def test_no_eval_or_exec_or_pickle() -> None:
    for path in _python_files():
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        own = path.relative_to(SRC).as_posix() in PICKLES_ITS_OWN
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"eval", "exec"}, f"{path}:{node.lineno}"
            banned = {"marshal", "shelve"} if own else {"pickle", "marshal", "shelve"}
            if isinstance(node, ast.Import):
                assert all(a.name not in banned for a in node.names), path
            if isinstance(node, ast.ImportFrom):
                assert node.module not in banned, path
        if own:  # its only files: anonymous temporary ones, never a path from outside
            assert "TemporaryFile(" in text and "open(" not in text.replace("TemporaryFile(", "")
            assert "NamedTemporaryFile" not in text and "mkstemp" not in text


def test_refuses_to_write_over_an_input(tmp_path: Path) -> None:
    record = tmp_path / "r.yaml"
    original = (FIXTURES / "records" / "mini-all-met.yaml").read_bytes()
    record.write_bytes(original)
    result = CliRunner().invoke(
        app,
        [
            "score",
            str(record),
            "--format",
            "json",
            "-o",
            str(record),
            "--standards-dir",
            str(FIXTURES / "standards"),
        ],
    )
    assert result.exit_code == 2
    assert "the output would overwrite an input (choose another -o)" in result.stderr
    assert record.read_bytes() == original


def test_write_atomic_leaves_nothing_when_the_folder_is_missing(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "nope" / "out.json", "{}")
    assert "does not exist" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_write_atomic_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "a/b\\c",
        "..",
        ".",
        "",
        "\x00evil",
        "CON:<>|?*",
        "单位/../../x",
    ],
)
def test_names_from_units_cannot_leave_the_folder(tmp_path: Path, name: str) -> None:
    cleaned = safe_name(name)
    assert cleaned
    assert "/" not in cleaned and "\\" not in cleaned and "\x00" not in cleaned
    target = (tmp_path / cleaned).resolve()
    assert target.parent == tmp_path.resolve()


PAYLOAD = "<script>alert('x')</script>{{ 7*7 }}"
HOSTILE_RECORD = f"""standard: safe-community@2019
subject:
  kind: community
  id: "{PAYLOAD}"
  name: "{PAYLOAD}社区"
  region: "{PAYLOAD}"
  employees: 400
inspection: {{date: 2025-11-20, by: "{PAYLOAD}", period: "{PAYLOAD}", reviewed_by: "{PAYLOAD}", approved_by: "{PAYLOAD}"}}
responses:
  organization.1: {{status: partial, finding: "{PAYLOAD}", evidence: ["{PAYLOAD}"]}}
  fire.2: unmet
metrics: {{survey_rate: 90}}
incidents:
  - {{date: 2025-06-01, kind: "{PAYLOAD}", fatalities: 0, serious_injuries: 1, text: "{PAYLOAD}"}}
findings:
  - {{id: "{PAYLOAD}", item: fire.2, text: "{PAYLOAD}", level: major, owner: "{PAYLOAD}", due: 2025-10-01, measure: "{PAYLOAD}"}}
"""


@pytest.mark.parametrize(
    "command",
    [
        ["report", "REC", "--format", "html", "-o", "OUT"],
        ["report", "REC", "--format", "html", "--lang", "en", "-o", "OUT"],
        ["plan", "REC", "--start", "2026-01-01", "--format", "html", "-o", "OUT"],
        ["summary", "DIR", "--format", "html", "-o", "OUT"],
    ],
    ids=["report-zh", "report-en", "plan", "summary"],
)
def test_every_user_string_is_escaped_in_html(tmp_path: Path, command: list[str]) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    record = folder / "hostile.yaml"
    record.write_text(HOSTILE_RECORD, encoding="utf-8")
    out = tmp_path / "out.html"
    args = [
        str(record) if a == "REC" else str(folder) if a == "DIR" else str(out) if a == "OUT" else a
        for a in command
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html
    assert "{{ 7*7 }}" in html  # shown as text, never evaluated as a template


def _unit(tmp_path: Path, file: str, name: str) -> Path:
    text = (FIXTURES / "records" / "mini-all-met.yaml").read_text(encoding="utf-8")
    path = tmp_path / file
    path.write_text(text.replace("name: 测试企业", f'name: "{name}"'), encoding="utf-8")
    return path


def test_report_file_names_from_units_stay_in_the_folder(tmp_path: Path) -> None:
    records = [
        _unit(tmp_path, "a.yaml", "../../逃逸"),
        _unit(tmp_path, "b.yaml", "/etc/passwd"),
        _unit(tmp_path, "c.yaml", "../../逃逸"),  # the same name again
    ]
    out = tmp_path / "reports"
    result = CliRunner().invoke(
        app,
        [
            "report",
            *map(str, records),
            "--format",
            "md",
            "--out-dir",
            str(out),
            "--standards-dir",
            str(FIXTURES / "standards"),
        ],
    )
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.iterdir())
    assert written == [
        "_.._逃逸-2025-05-10-2.md",
        "_.._逃逸-2025-05-10.md",
        "_etc_passwd-2025-05-10.md",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml", "c.yaml", "reports"]


def test_report_batch_writes_nothing_when_one_record_is_bad(tmp_path: Path) -> None:
    good = _unit(tmp_path, "good.yaml", "甲")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes((FIXTURES / "broken-records" / "bad-status.yaml").read_bytes())
    out = tmp_path / "reports"
    result = CliRunner().invoke(
        app,
        [
            "report",
            str(good),
            str(bad),
            "--out-dir",
            str(out),
            "--standards-dir",
            str(FIXTURES / "standards"),
        ],
    )
    assert result.exit_code == 2
    assert "bad.yaml:4:28: error: responses.a.2: unknown status 'mett'" in result.stderr
    assert not out.exists()


def test_several_reports_need_an_out_dir(tmp_path: Path) -> None:
    a, b = _unit(tmp_path, "a.yaml", "甲"), _unit(tmp_path, "b.yaml", "乙")
    result = CliRunner().invoke(
        app, ["report", str(a), str(b), "--standards-dir", str(FIXTURES / "standards")]
    )
    assert result.exit_code == 2
    assert "2 records given (add --out-dir DIR)" in result.stderr
