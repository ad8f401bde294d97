"""`safecli init`: the blank 自查表 (checklist sheet) of a standard, as YAML, xlsx or csv."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from safecli.cli.options import (
    Lang,
    LangOpt,
    StandardsDirOpt,
    app,
    dash_is_stdout,
    load_catalog,
    wrote_line,
)
from safecli.model.errors import UsageError
from safecli.model.wording import problem


class SheetFormat(str, Enum):
    yaml = "yaml"
    xlsx = "xlsx"
    csv = "csv"


SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx", ".csv": "csv"}


@app.command()
def init(
    standard: Annotated[str, typer.Argument(help="The standard: ID or ID@VERSION.")],
    fmt: Annotated[
        SheetFormat | None,
        typer.Option("--format", help="yaml, xlsx or csv (default: from -o's suffix, else yaml)."),
    ] = None,
    lang: LangOpt = Lang.zh,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="Write to this file (required for xlsx and csv).",
            readable=False,
            callback=dash_is_stdout,
        ),
    ] = None,
    standards_dir: StandardsDirOpt = None,
    subject: Annotated[
        Path | None,
        typer.Option(
            "--subject",
            help="A unit profile (单位概况) or a record: a 判定 pack's checklist keeps only the "
            "items of its industries and features (粉尘涉爆, 液氨制冷, 有限空间作业, 金属冶炼).",
        ),
    ] = None,
) -> None:
    """Write the blank 自查表 of a standard for a unit to fill in (YAML record, xlsx or csv).

    A filled sheet is read back by validate, score, report and check like a YAML record.

    Example: safecli init safe-enterprise@2013 --format xlsx -o 自查表.xlsx
    """
    from safecli.read.sheets import write_blank

    chosen = fmt.value if fmt else SUFFIXES.get(output.suffix.lower(), "yaml") if output else "yaml"
    if output is None and chosen != "yaml":
        raise UsageError(problem("-o", code="sheet-needs-file", hint="hint-add-o", fmt=chosen))
    catalog = load_catalog(standards_dir)
    std = catalog.get(standard)
    facts = None
    if subject is not None:
        from safecli.read import yamlio
        from safecli.read.records import load_profile, read_record
        from safecli.score.checklist import checklist, subject_of
        from safecli.score.checklist import facts as subject_facts

        data_in = yamlio.read(subject).data
        is_record = isinstance(data_in, dict) and "standard" in data_in
        unit = read_record(subject, catalog).record.subject if is_record else None
        unit = unit or subject_of(load_profile(subject))
        std = checklist(std, unit)
        facts = subject_facts(unit)
    data = write_blank(std, chosen, lang.value, facts)
    if output is None:
        typer.echo(data, nl=False)
        return
    from safecli.read.output import write_atomic

    write_atomic(output, data)
    typer.echo(wrote_line(output, lang.value), err=True)
