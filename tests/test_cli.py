"""The command line as a user meets it: help, version, listing, schemas."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from safecli import __version__
from safecli.cli.app import app

runner = CliRunner()


def _commands() -> list[list[str]]:
    root = get_command(app)
    found: list[list[str]] = []

    def walk(group, prefix: list[str]) -> None:
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                walk(command, [*prefix, name])
            else:
                found.append([*prefix, name])

    walk(root, [])
    return sorted(found)


def test_every_command_is_found() -> None:
    names = {" ".join(c) for c in _commands()}
    assert {
        "score",
        "validate",
        "schema",
        "standards list",
        "standards show",
        "standards lint",
    } <= names


def test_help_lists_the_commands_in_the_order_of_the_work() -> None:
    # each cli/ module registers its group on import; cli/app.py imports them in this order
    group = get_command(app)
    listed = group.list_commands(None)  # type: ignore[arg-type]
    assert listed == [
        "schema",
        "validate",
        "score",
        "report",
        "plan",
        "check",
        "summary",
        "diff",
        "export",
        "findings",
        "init",
        "standards",
        "evidence",
    ]


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c))
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example: safecli " + command[0] in result.stdout


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"safecli {__version__}"


def test_module_entry_point() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "safecli", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"safecli {__version__}"


def test_standards_list_json_lists_the_bundled_standards() -> None:
    result = runner.invoke(app, ["standards", "list", "--format", "json"])
    assert result.exit_code == 0
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert {"safe-enterprise", "safe-community"} <= set(rows)
    assert rows["safe-enterprise"]["version"] == "2013"
    assert rows["safe-enterprise"]["subject"] == "enterprise"
    assert rows["safe-enterprise"]["points"] == 100


def test_standards_show_json_nests_items_in_sections() -> None:
    result = runner.invoke(app, ["standards", "show", "safe-enterprise", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    content = next(s for s in data["sections"] if s["id"] == "content")
    item = next(i for i in content["items"] if i["id"] == "content.6")
    assert (item["kind"], item["metric"], item["op"], item["target"]) == (
        "measure",
        "safety_inspections",
        ">=",
        40,
    )
    assert isinstance(item["points"], int | float)


def test_standards_show_unknown_id_suggests() -> None:
    result = runner.invoke(app, ["standards", "show", "safe-enterprize"])
    assert result.exit_code == 2
    assert "unknown standard 'safe-enterprize' (did you mean 'safe-enterprise'?" in result.stderr


def test_a_record_of_a_standard_not_found_says_where_to_name_it(tmp_path: Path) -> None:
    """A consultant's own imported standard, its folder not given: the message says how to give
    it, in both languages."""
    record = tmp_path / "r.yaml"
    record.write_text(
        "standard: yuzhong@2025\nsubject: {kind: enterprise, name: 某厂}\n"
        "inspection: {date: 2026-02-10}\n",
        encoding="utf-8",
    )
    known = (
        "district-work-plan, major-hazards-industry-trade, safe-community, safe-enterprise, "
        "safety-integrity-enterprise"
    )
    result = runner.invoke(app, ["score", str(record), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{record}:1:11: error: unknown standard 'yuzhong' (known: {known}; for a standard of "
        "your own, name its folder with --standards-dir or in safecli.yaml's standards_dirs)"
    ]
    result = runner.invoke(app, ["score", str(record), "--lang", "zh"])
    assert result.stderr.splitlines() == [
        f"{record}:1:11: error: 未知的标准 'yuzhong'（已知：{known}；自有的标准请用 "
        "--standards-dir 或 safecli.yaml 的 standards_dirs 指明其所在文件夹）"
    ]


@pytest.mark.parametrize("kind", ["standard", "record"])
def test_schema_is_json_schema(kind: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    result = runner.invoke(app, ["schema", kind])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["title"] == f"safecli {kind}"


def test_record_schema_accepts_an_example_record() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = json.loads(runner.invoke(app, ["schema", "record"]).stdout)
    with open("examples/records/safe-enterprise.yaml", encoding="utf-8") as handle:
        record = yaml.safe_load(handle)
    record["inspection"]["date"] = record["inspection"]["date"].isoformat()
    for incident in record["incidents"]:
        incident["date"] = incident["date"].isoformat()
    for finding in record["findings"]:
        finding["due"] = finding["due"].isoformat()
    jsonschema.validate(record, schema)


def test_library_api_works_without_the_cli() -> None:
    import safecli

    loaded = safecli.load_record("examples/records/safe-enterprise.yaml")
    assert loaded.standard is safecli.default_catalog().get(loaded.record.standard)
    assert safecli.assess(loaded.standard, loaded.record).total == 89.0


def test_sources_are_the_shared_seeds_verbatim() -> None:
    from pathlib import Path

    shared = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("no shared/ beside this checkout")
    ours = Path(__file__).resolve().parents[1] / "sources"
    for seed in sorted(shared.glob("*.txt")):
        assert (ours / seed.name).read_bytes() == seed.read_bytes(), seed.name


def test_an_earlier_standards_folder_wins(tmp_path) -> None:
    from pathlib import Path

    import yaml

    from safecli.read.catalog import Catalog

    bundled = Path(__file__).resolve().parents[1] / "standards" / "safe-enterprise.yaml"
    data = yaml.safe_load(bundled.read_text(encoding="utf-8"))
    data["title"] = {"zh": "本地修订版", "en": "local revision"}
    (tmp_path / "local.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert Catalog([tmp_path]).get("safe-enterprise@2013").title.zh == "本地修订版"
    assert Catalog().get("safe-enterprise@2013").title.zh != "本地修订版"


def test_bundled_standards_pass_lint() -> None:
    from pathlib import Path

    paths = sorted(
        str(p) for p in (Path(__file__).resolve().parents[1] / "standards").glob("*.yaml")
    )
    result = runner.invoke(app, ["standards", "lint", *paths])
    assert result.exit_code == 0, result.stderr
    assert len(paths) == 6
    assert result.stdout.count("ok: ") == 6


def test_dash_output_means_stdout(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    record = str(Path(__file__).parent.parent / "examples" / "records" / "safe-enterprise.yaml")
    report = runner.invoke(app, ["report", record, "-o", "-"])
    score = runner.invoke(app, ["score", record, "--format", "json", "-o", "-"])
    sheet = runner.invoke(app, ["init", "safe-enterprise", "--format", "xlsx", "-o", "-"])
    assert report.exit_code == 0
    assert report.stdout.startswith("# 苏州某精细化工有限公司")
    assert score.exit_code == 0
    assert json.loads(score.stdout)["standard"] == "safe-enterprise@2013"
    assert sheet.exit_code == 2  # a workbook needs a file, never the terminal
    assert list(tmp_path.iterdir()) == []  # no file named '-'


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("zh", "safecli: error: 已中断（Ctrl-C 或 SIGINT）"),
        ("en", "safecli: error: interrupted (Ctrl-C or SIGINT)"),
    ],
)
def test_ctrl_c_while_the_command_line_starts_is_one_line(lang: str, line: str) -> None:
    """Ctrl-C in the first few hundred milliseconds lands in an import, before any command
    runs: one line and the interrupted status, never a traceback."""
    code = "import safecli.cli\nraise KeyboardInterrupt"
    done = subprocess.run(
        [sys.executable, "-c", code, "--lang", lang],
        capture_output=True,
        text=True,
        env={**os.environ, "SAFECLI_LANG": "zh"},
        timeout=60,
    )
    assert done.stderr.splitlines() == [line]
    assert done.returncode == 130  # as a command interrupted later


def test_ctrl_c_while_the_command_line_is_parsed_is_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Typer ends a Ctrl-C during parsing with 130 and no word; safecli says it was
    interrupted, as it does once a command runs."""
    import typer.core

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(typer.core.TyperGroup, "parse_args", interrupted)
    result = runner.invoke(app, ["score", "examples/records/safe-enterprise.yaml"])
    assert result.exit_code == 130
    assert result.stderr.splitlines() == ["safecli: error: interrupted (Ctrl-C or SIGINT)"]
