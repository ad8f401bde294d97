"""The command line: the app, its root options, the registration of the command groups, `main`.

Each command group lives in its own module (standards, schema, records, documents, sheets, gate,
ledger, export; authoring adds `standards import` and `standards diff`), imported only when one
of its commands runs (`cli/commands.py`); they share only `cli/options.py`. No scoring, loading or rendering logic lives
here; every command works as a library call too.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Annotated

import typer

from safecli import __version__
from safecli.cli.commands import LazyGroup
from safecli.cli.options import app, quiet_stdout, report_problems
from safecli.model.errors import ExitCode, SafecliError

__all__ = ["app", "main", "run"]

START_GC = (50_000, 50, 100)
"""The collector's thresholds from start-up on, the pool workers' own (portfolio/pool.py):
importing Typer, pydantic and the models allocates hundreds of thousands of objects that live
as long as the process, and the default (a young collection every 700) walks them again and
again, a thirtieth of a one-record `safecli score`."""


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
    """The command line, in this process: ends with SystemExit as Click's commands do."""
    # pydantic scans every installed package's entry points for plugins on the first model
    # (tens of milliseconds); the command line uses none. The library leaves it to its caller.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _no_plugin_loader()
    gc.set_threshold(*START_GC)
    try:
        app()
    except SafecliError as error:  # raised outside a command (e.g. while parsing)
        report_problems(error.problems)
        sys.exit(ExitCode.BAD_INPUT)
    except SystemExit:
        _flush_stdout()
        raise
    _flush_stdout()


def _no_plugin_loader() -> None:
    """With plugins off, pydantic's plugin loader finds none (`get_plugins()` is empty), but
    importing it imports importlib.metadata, and with it zipfile, email and csv: about 20 ms
    of every command. A stand-in that answers the same is put in its place, only while plugins
    are off for good (`__all__`) and before any model is built."""
    name = "pydantic.plugin._loader"
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") != "__all__" or name in sys.modules:
        return
    import types

    stand_in = types.ModuleType(name)
    stand_in.get_plugins = tuple  # type: ignore[attr-defined]  # () : no plugins
    sys.modules[name] = stand_in


def run() -> None:
    """Console entry point (`safecli`, `python -m safecli`): `main`, then the process ends
    without tearing the interpreter down.

    Freeing every module, class and cached validator one by one at exit costs a one-record
    `safecli score` about as much as scoring it (docs/decisions.md, start-up). Once the command
    has returned, its files are written and closed and its output flushed; what remains is the
    exit handlers (temporary folders, a pool's finalizers), which run here as they would at
    exit, before the process ends with the command's code. With another thread still running,
    or on a Python without the exit-handler hook, it ends the ordinary way.
    """
    try:
        main()
    except SystemExit as done:
        code = done.code
    else:
        code = 0
    _end(code)


def _end(code: object) -> None:
    """End the process with `code` (as `sys.exit` reads it) after the exit handlers."""
    import atexit
    import threading

    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_handlers is None or threading.active_count() > 1:
        sys.exit(code)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("text") prints the text and ends with 1
        print(code, file=sys.stderr)
        status = 1
    run_handlers()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(status)


def _flush_stdout() -> None:
    """Flush what commands printed; a full disk or a closed pipe ends with exit 2, no trace."""
    try:
        sys.stdout.flush()
    except OSError as error:
        quiet_stdout()
        from safecli.read.files import os_problem

        report_problems([os_problem("<stdout>", error, "write")])
        sys.exit(ExitCode.BAD_INPUT)
