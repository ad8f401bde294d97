"""The command line: the app, its root options, the registration of the command groups, `main`.

Each command group lives in its own module (standards, schema, records, documents, sheets, gate,
ledger, export; authoring adds `standards import` and `standards diff`), imported only when one
of its commands runs (`cli/commands.py`); they share only `cli/options.py`. No scoring, loading or rendering logic lives
here; every command works as a library call too.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from safecli import __version__
from safecli.cli.commands import LazyGroup
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


# the commands are loaded by name when one runs (cli/commands.py): `safecli score` imports the
# score command's module, not the Word, xlsx and Parquet writers of the others
app.info.cls = LazyGroup


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
