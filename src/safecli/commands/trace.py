"""`safecli standards trace ID`: each numbered part of a standard's source, and what holds it."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer

from safecli.cli import Lang, LangOpt, StandardsDirOpt, _catalog, _emit, _print, standards_app


class TraceFormat(str, Enum):
    table = "table"
    md = "md"
    json = "json"


@standards_app.command("trace")
def standards_trace(
    standard: Annotated[str, typer.Argument(help="ID or ID@VERSION.")],
    fmt: Annotated[
        TraceFormat, typer.Option("--format", help="table, md or json.")
    ] = TraceFormat.table,
    lang: LangOpt = Lang.zh,
    standards_dir: StandardsDirOpt = None,
) -> None:
    """List each numbered part of the source and the items, goals, phases, duties or notes
    that hold it, or why it is left out. Exits 1 when a part is neither held nor explained.

    Example: safecli standards trace safe-community --format md
    """
    from safecli.render.trace import trace_dict, trace_markdown, trace_table
    from safecli.trace import trace

    report = trace(_catalog(standards_dir).get(standard))
    if fmt is TraceFormat.json:
        _emit(json.dumps(trace_dict(report, lang.value), ensure_ascii=False, indent=2), None)
    elif fmt is TraceFormat.md:
        _emit(trace_markdown(report, lang.value), None)
    else:
        _print(trace_table(report, lang.value))
    if report.missing() or report.unplaced:
        raise typer.Exit(1)
