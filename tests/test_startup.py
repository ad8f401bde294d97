"""Start-up: what `safecli score` imports, and the command table that keeps the rest unloaded.

Timing is measured in benchmarks/ (`run.py --startup`), never here; these tests pin what makes
it: the modules a command does not need are not imported, and the static table `--help` reads
is the commands the modules really define.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.core import TyperCommand
from typer.main import get_command_name
from typer.testing import CliRunner

from safecli import __version__ as safecli_version
from safecli.cli.app import app
from safecli.cli.commands import COMMANDS, load_modules

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / "examples" / "records" / "safe-enterprise.yaml"

HEAVY = (
    "rich",
    "jinja2",
    "markupsafe",
    "openpyxl",
    "docx",
    "lxml",
    "pandas",
    "pyarrow",
    "babel",
    "icalendar",
    "resvg_py",
    "duckdb",
)
"""Third-party packages only some commands need (documents, sheets, export, terminal tables)."""

NOT_FOR_SCORE = (
    "safecli.cli.documents",
    "safecli.cli.gate",
    "safecli.cli.ledger",
    "safecli.cli.export",
    "safecli.cli.sheets",
    "safecli.cli.standards",
    "safecli.cli.authoring",
    "safecli.cli.schema",
    "safecli.cli.evidence_files",
    "safecli.portfolio",
    "safecli.plan",
    "safecli.render.documents",
    "safecli.render.docx",
    "safecli.render.terminal",
    "safecli.read.sheets",
    "safecli.read.reference",
    "safecli.read.evidence",
    "safecli.score.trace",
    "safecli.score.gaps",
    "safecli.model.profile",
    "safecli.model.overlay",
)
"""safecli's own modules that `score --format json` has no use for."""


def _imported_after(code: str) -> set[str]:
    """The modules loaded once `code` ran in a fresh interpreter."""
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return set(json.loads(out.stdout.splitlines()[-1]))


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY)


def test_importing_the_app_loads_no_command_and_no_heavy_module() -> None:
    loaded = _imported_after("import safecli.cli.app")
    assert _heavy(loaded) == []
    commands = {f"safecli.cli.{m}" for m in ("records", "documents", "gate", "ledger")}
    assert sorted(loaded & commands) == []
    assert "pydantic" not in loaded  # the models come with the command that reads records


def test_score_loads_only_what_scoring_needs() -> None:
    code = (
        "import sys\n"
        "from safecli.cli.app import main\n"
        f"sys.argv = ['safecli', 'score', {str(RECORD)!r}, '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
    )
    loaded = _imported_after(code)
    assert "safecli.cli.records" in loaded and "safecli.score.scoring" in loaded
    assert _heavy(loaded) == []
    unneeded = sorted(m for m in loaded if m.startswith(NOT_FOR_SCORE))
    assert unneeded == []


def _run_main(*args: str) -> str:
    """A probe running the command line in-process (no fast exit) with `args`, its code in
    `code_seen`."""
    return (
        "import sys, io, contextlib\n"
        "from safecli.cli.app import main\n"
        f"sys.argv = ['safecli', *{list(args)!r}]\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        main()\n    except SystemExit as exit:\n        code_seen = exit.code\n"
    )


def test_the_score_table_loads_rich_and_nothing_else_heavy() -> None:
    loaded = _imported_after(_run_main("score", str(RECORD)))
    assert {m.split(".")[0] for m in _heavy(loaded)} == {"rich"}
    assert "rich._emoji_codes" not in loaded  # headers are Text: no markup or emoji reading
    unneeded = sorted(m for m in loaded if m.startswith(NOT_FOR_SCORE))
    assert unneeded == ["safecli.render.terminal"]


def test_check_and_validate_load_no_heavy_module(tmp_path: Path) -> None:
    # YAML records only: a folder with a filled xlsx 自查表 needs openpyxl, and loads it
    for record in (ROOT / "examples" / "records").glob("*.yaml"):
        (tmp_path / record.name).write_bytes(record.read_bytes())
    for args in (
        ("check", str(tmp_path)),
        ("check", str(tmp_path), "--format", "json"),
        ("validate", str(tmp_path)),
        ("validate", str(RECORD)),
    ):
        loaded = _imported_after(_run_main(*args))
        assert "safecli.portfolio.pool" in loaded, args
        assert _heavy(loaded) == [], args
        assert not any(m.startswith(("safecli.render.documents", "safecli.plan")) for m in loaded)


def _console(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "safecli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        **kwargs,  # type: ignore[call-overload]
    )


def test_the_console_script_ends_with_the_commands_code_and_whole_output(tmp_path: Path) -> None:
    # `python -m safecli` ends with os._exit after the exit handlers: nothing may be lost
    done = _console("score", str(RECORD), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["standard"] == "safe-enterprise@2013"
    inside = subprocess.run(
        [
            sys.executable,
            "-c",
            _run_main("score", str(RECORD), "--format", "json").replace(
                "io.StringIO()", "sys.stderr"
            ),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.stdout == inside.stderr  # the same bytes as the in-process command line
    missing = _console("score", str(tmp_path / "none.yaml"), "--lang", "en")
    assert missing.returncode == 2
    assert missing.stderr.startswith(f"{tmp_path / 'none.yaml'}: error: ")
    assert missing.stdout == ""
    assert _console("scroe").returncode == 2  # a usage error: Click's code
    assert _console("--version").stdout == f"safecli {safecli_version}\n"
    # a gate that fails ends with 1, its report written in full to the file named
    out = tmp_path / "gate.json"
    vetoed = ROOT / "examples" / "records" / "safe-enterprise-vetoed.yaml"
    gate = _console("check", str(vetoed), "--format", "json", "-o", str(out))
    assert gate.returncode == 1, gate.stderr
    assert json.loads(out.read_text(encoding="utf-8"))


def test_the_console_script_runs_the_exit_handlers(tmp_path: Path) -> None:
    # an exit handler registered while the command ran (a temporary folder's clean-up, a
    # pool's finalizer) still runs before the fast exit
    marker = tmp_path / "ran"
    code = (
        "import atexit, pathlib, sys\n"
        f"atexit.register(pathlib.Path({str(marker)!r}).write_text, 'yes')\n"
        f"sys.argv = ['safecli', 'score', {str(RECORD)!r}, '--format', 'json']\n"
        "from safecli.cli.app import run\n"
        "run()\n"
        "print('not reached')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "not reached" not in done.stdout
    assert marker.read_text() == "yes"


def test_the_probe_sees_a_heavy_import() -> None:
    # the checks above would pass on a probe that saw nothing: it sees the report's Jinja
    code = (
        "import sys\n"
        "from safecli.cli.app import main\n"
        f"sys.argv = ['safecli', 'report', {str(RECORD)!r}, '--format', 'md']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
    )
    loaded = _imported_after(code)
    assert "jinja2" in _heavy(loaded)
    assert "safecli.cli.documents" in loaded


def _real_commands() -> list[tuple[str, str]]:
    """(name, help) of every command the modules define, in Typer's order (commands, then
    groups), with every module imported."""
    for name in COMMANDS:
        load_modules(name)
    found = []
    for info in app.registered_commands:
        name = info.name or get_command_name(info.callback.__name__)  # type: ignore[union-attr]
        found.append((name, info.help or typer.main.inspect.getdoc(info.callback) or ""))
    for group in app.registered_groups:
        found.append((group.name, group.typer_instance.info.help))  # type: ignore[union-attr]
    return found


def test_the_table_lists_every_command_once() -> None:
    # Typer's own order is the order the modules were imported in, which depends on what ran
    # before in this process; `--help` lists the table's order (test below)
    names = [name for name, _ in _real_commands()]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(COMMANDS)


def test_the_table_gives_each_commands_short_help() -> None:
    for name, help_text in _real_commands():
        table = TyperCommand(name=name, help=COMMANDS[name].help)
        real = TyperCommand(name=name, help=help_text)
        for width in (40, 70, 200):
            assert table.get_short_help_str(width) == real.get_short_help_str(width), name


def test_help_lists_every_command_with_its_help() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    listed = re.findall(r"^  (\S+)\s{2,}(\S.*)$", result.output.split("Commands:")[1], re.M)
    assert [name for name, _ in listed] == list(COMMANDS)
    assert dict(listed)["score"].startswith("Score a record: total, grade")


def test_help_imports_no_command_module() -> None:
    code = (
        "import sys\n"
        "from safecli.cli.app import main\n"
        "sys.argv = ['safecli', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
    )
    loaded = _imported_after(code)
    assert sorted(m for m in loaded if m.startswith("safecli.cli.") and m != "safecli.cli.app") == [
        "safecli.cli.commands",
        "safecli.cli.options",
    ]


def test_a_misspelt_command_is_told_the_close_one() -> None:
    result = CliRunner().invoke(app, ["scroe", "x.yaml"])
    assert result.exit_code == 2
    assert "No such command 'scroe'. Did you mean 'score'?" in result.output


def test_a_subcommand_of_a_lazy_group_runs() -> None:
    result = CliRunner().invoke(app, ["standards", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "safe-enterprise" in {s["id"] for s in json.loads(result.output)}


# the old pattern, kept here as the rule the start-up-cheap unfolding must follow
_WIDE = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》"
_CJK_GAP = re.compile(rf"(?<=[{_WIDE}])[ \t\n]+(?=[{_WIDE}])")


@settings(deadline=None)  # the first call builds Text's validator
@given(
    st.text(
        alphabet=st.sampled_from(
            list(
                " \t\n\r\u3000a1.，。、《》“”‘’\"'()甲乙ｆＡ\u2fff\u4dff\ua000\u3040\uff00\uffef\ufff0"
            )
        ),
        min_size=1,
        max_size=30,
    )
)
def test_a_folded_chinese_text_closes_up_as_the_pattern_says(value: str) -> None:
    from safecli.model.base import Text

    assert Text.model_validate(value).zh == _CJK_GAP.sub("", value)
    assert Text.model_validate({"zh": value, "en": "x y"}).zh == _CJK_GAP.sub("", value)
