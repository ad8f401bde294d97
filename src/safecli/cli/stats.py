"""`safecli findings --stats`: the office form; and the lines naming refused 销号."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from safecli.cli.options import emit, wrote_line

if TYPE_CHECKING:  # pragma: no cover
    from safecli.portfolio.ledger import Ledger


class StatsBy(str, Enum):
    region = "region"
    industry = "industry"
    unit = "unit"


def stats_command(
    ledger: Ledger,
    fmt: str,
    output: Path | None,
    by: StatsBy,
    start: dt.date | None,
    end: dt.date | None,
    *,
    encoding: str,
    inputs: list[Path],
    reference: Any = None,
) -> None:
    """Fold the ledger into the office form and print or write it."""
    from safecli.model.errors import UsageError
    from safecli.model.wording import problem
    from safecli.portfolio.stats import office_form
    from safecli.render.stats import render_stats, stats_meta

    if fmt not in ("table", "csv", "xlsx", "docx"):
        raise UsageError(problem("--format", code="stats-formats", hint="hint-stats-format"))
    if start and end and start > end:
        raise UsageError(
            problem("--from", code="from-after-to", hint="hint-swap-them", start=start, end=end)
        )
    form = office_form(ledger, by.value, start, end)
    data: Any
    if fmt == "docx":
        from safecli.api import docx_bytes

        data = docx_bytes(str(render_stats(form, "html")), stats_meta(form), reference)
    else:
        data = render_stats(form, fmt, encoding=encoding)
    if isinstance(data, str) or output is None:
        emit(data, output, inputs, ledger.lang)
        return
    from safecli.read.output import write_atomic

    write_atomic(output, data, inputs=inputs)
    typer.echo(wrote_line(output, ledger.lang), err=True)
