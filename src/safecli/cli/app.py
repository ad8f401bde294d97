"""The command line: the app, its root options, the registration of the command groups, `main`.

Each command group lives in its own module (standards, schema, records, documents, sheets, gate,
ledger, export; authoring adds `standards import` and `standards diff`); they share only
`cli/options.py`. No scoring, loading or rendering logic lives
here; every command works as a library call too.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from safecli import __version__
from safecli.cli.options import app, quiet_stdout, report_problems
from safecli.model.errors import ExitCode, SafecliError

__all__ = ["app", "main"]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"safecli {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
) -> None:
    """safecli: compliance-as-code for 平安企业, 安全诚信企业, 安全社区 and district work plans."""


# each module adds its commands to `app`, in the order `--help` lists them
from safecli.cli import (  # noqa: E402, F401, I001
    standards,
    schema,
    records,
    documents,
    gate,
    export,
    ledger,
    sheets,
    evidence_files,
)
from safecli.cli import authoring  # noqa: E402

# `standards import` and `standards diff` live in their own module, on the standards group
standards.standards_app.command("import")(authoring.standards_import)
standards.standards_app.command("diff")(authoring.standards_diff)


def main() -> None:
    """Console entry point."""
    # pydantic scans every installed package's entry points for plugins on the first model
    # (tens of milliseconds); the command line uses none. The library leaves it to its caller.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        app()
    except SafecliError as error:  # raised outside a command (e.g. while parsing)
        report_problems(error.problems)
        sys.exit(ExitCode.BAD_INPUT)
    except SystemExit:
        _flush_stdout()
        raise
    _flush_stdout()


def _flush_stdout() -> None:
    """Flush what commands printed; a full disk or a closed pipe ends with exit 2, no trace."""
    try:
        sys.stdout.flush()
    except OSError as error:
        quiet_stdout()
        from safecli.read.files import os_problem

        report_problems([os_problem("<stdout>", error, "write")])
        sys.exit(ExitCode.BAD_INPUT)
