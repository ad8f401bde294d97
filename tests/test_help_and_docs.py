"""The command line as documented: every command and option is in README.md or docs/, and every
`Example:` of every command's --help runs as written from the repository root on the bundled
examples (a copy of examples/ and standards/, so the outputs it writes land in a scratch folder).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from safecli.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
DOCS = "\n".join(
    p.read_text(encoding="utf-8")
    for p in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
)


def _commands() -> list[tuple[list[str], Any]]:
    root = typer.main.get_command(app)
    ctx = typer.Context(root)
    found: list[tuple[list[str], Any]] = []

    def walk(command: Any, path: list[str]) -> None:
        found.append((path, command))
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                walk(command.get_command(ctx, name), [*path, name])

    walk(root, [])
    return found


COMMANDS = _commands()
EXAMPLES = [
    (" ".join(path) or "safecli", m.group(1).strip())
    for path, command in COMMANDS
    for m in re.finditer(r"Example: (.+)", command.help or "")
]


def test_the_tree_is_walked():
    names = {" ".join(p) for p, _ in COMMANDS}
    assert {"score", "findings", "standards lint", "standards show"} <= names
    assert len(EXAMPLES) >= 15


@pytest.mark.parametrize("path", [" ".join(p) for p, _ in COMMANDS if p], ids=str)
def test_every_command_is_documented(path):
    assert f"safecli {path}" in DOCS, f"`safecli {path}` is in neither README.md nor docs/"


@pytest.mark.parametrize(
    ("path", "option"),
    sorted(
        {
            (" ".join(p), opt)
            for p, command in COMMANDS
            for param in command.params
            for opt in getattr(param, "opts", ())
            if opt.startswith("--")
        }
    ),
)
def test_every_option_is_documented(path, option):
    assert re.search(re.escape(option) + r"\b", DOCS), f"{option} of `{path}` is not documented"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    for name in ("examples", "standards"):
        shutil.copytree(ROOT / name, root / name)
    return root


GATES = {"check"}
"""Commands whose example may end in a failed gate (exit 1): the examples include a vetoed and a
blacklisted unit, and the gate's job is to say so."""


@pytest.mark.slow
@pytest.mark.parametrize(("command", "example"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_every_help_example_runs_as_written(scratch: Path, command: str, example: str):
    assert example.startswith("safecli ")
    env = {**os.environ, "SAFECLI_TODAY": "2025-07-01"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    done = subprocess.run(
        example, shell=True, cwd=scratch, env=env, capture_output=True, text=True, timeout=300
    )
    allowed = {0, 1} if command in GATES else {0}
    assert done.returncode in allowed, (example, done.stderr[-2000:])
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    for target in re.findall(r"(?:-o|>)\s+(\S+)", example):
        assert (scratch / target).exists(), f"{example} wrote no {target}"
