"""`safecli findings`: the 隐患台账 across records, and the 整改通知书 per unit."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from safecli.cli.options import (
    AsOfTodayOpt,
    ConfigOpt,
    Encoding,
    EncodingOpt,
    LangOverride,
    OutputOpt,
    PathsArg,
    ReferenceDocOpt,
    app,
    docx_reference,
    emit,
    emit_chunks,
    gate_config,
    left_out,
    parse_date,
    print_out,
    report_problems,
    run_error_lang,
    today,
    wrote_line,
)
from safecli.cli.stats import StatsBy, stats_command
from safecli.model.wording import problem


class FindingsFormat(str, Enum):
    table = "table"
    csv = "csv"
    xlsx = "xlsx"
    md = "md"
    html = "html"
    docx = "docx"
    ics = "ics"


class Level(str, Enum):
    general = "general"
    major = "major"


@app.command()
def findings(
    paths: PathsArg = None,
    fmt: Annotated[
        FindingsFormat,
        typer.Option(
            "--format", help="table, csv (UTF-8 with BOM), xlsx, md, html, docx (公文) or ics."
        ),
    ] = FindingsFormat.table,
    output: OutputOpt = None,
    as_of: AsOfTodayOpt = None,
    open_only: Annotated[
        bool, typer.Option("--open", help="Only hazards still to rectify (not closed).")
    ] = False,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only hazards past their deadline.")
    ] = False,
    level: Annotated[
        Level | None, typer.Option("--level", help="Only this level: general or major.")
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="Only this unit (its code or its name).")
    ] = None,
    notice: Annotated[
        bool,
        typer.Option(
            "--notice", help="Write one 整改通知书 per unit with open hazards into --out-dir."
        ),
    ] = False,
    out_dir: Annotated[
        Path | None, typer.Option("--out-dir", help="Folder for the 整改通知书 (with --notice).")
    ] = None,
    recheck_days: Annotated[
        int,
        typer.Option(
            "--recheck-days",
            min=0,
            max=365,
            help="复查 this many days after the latest deadline (or the as-of date, if later).",
        ),
    ] = 3,
    strict: Annotated[
        bool, typer.Option("--strict", help="Refuse (exit 2) when any record is invalid.")
    ] = False,
    reference_doc: ReferenceDocOpt = None,
    encoding: EncodingOpt = Encoding.utf8,
    config: ConfigOpt = None,
    lang: LangOverride = None,
    stats: Annotated[
        bool,
        typer.Option(
            "--stats",
            help="The office form instead of the ledger: 一般/重大隐患 排查, 整改, 五落实, 挂牌督办, "
            "治理资金 (table, csv, xlsx or docx).",
        ),
    ] = False,
    by: Annotated[
        StatsBy, typer.Option("--by", help="--stats rows: region, industry or unit.")
    ] = StatsBy.region,
    start: Annotated[
        str | None,
        typer.Option("--from", help="--stats: hazards found from this day (YYYY-MM-DD)."),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", help="--stats: hazards found up to this day (YYYY-MM-DD)."),
    ] = None,
) -> None:
    """The 隐患台账: every finding of every unit, followed across its records by its id.

    States on the as-of date (today unless --as-of): 未整改, 整改中, 逾期, 已整改待复核,
    已销号 (with the date it closed), 未销号即消失 (gone from a later record without being
    closed); 挂牌督办 for major ones not closed; 闭环率 and average days to close per unit,
    region and industry. Invalid records are listed beside the ledger (--strict refuses them).

    Example: safecli findings examples/records/ --open --format xlsx -o 隐患台账.xlsx
    """
    from safecli.api import findings_ledger
    from safecli.model.errors import UsageError

    if fmt in (FindingsFormat.xlsx, FindingsFormat.docx) and output is None and not notice:
        raise UsageError(
            problem(
                f"--format {fmt.value}", code="binary-output", hint="hint-give-o", fmt=fmt.value
            )
        )
    if notice and out_dir is None:
        raise UsageError(
            problem("--notice", code="notices-need-folder", hint="hint-give-out-dir-dir")
        )
    if notice and fmt is FindingsFormat.table:
        fmt = FindingsFormat.md
    if notice and fmt not in (FindingsFormat.md, FindingsFormat.html, FindingsFormat.docx):
        raise UsageError(problem("--format", code="notice-formats", hint="hint-notice-formats"))
    reference = docx_reference(fmt.value, reference_doc, lang)
    settings = gate_config(paths, config, lang)
    day = parse_date(as_of, "--as-of") or today()
    ledger = findings_ledger(
        paths or [],
        settings,
        as_of=day,
        strict=strict,
        open_only=open_only,
        overdue=overdue,
        level=level.value if level else None,
        unit=unit,
    )
    from safecli.api import refused_closures

    left_out(ledger.invalid, "left-out-of-ledger", lang)
    report_problems(refused_closures(ledger, settings), run_error_lang(lang))
    if stats or notice:  # a few files: each checked against every record read
        inputs = [settings.root / p for p in ledger.sources]
    else:  # one file: checked against the records one at a time (a Path each costs MiBs)
        from safecli.read.output import names_an_input

        inputs = [output] if names_an_input(output, settings.root, ledger.sources) else []
        inputs += [p for d in settings.dirs() if d.is_dir() for p in d.glob("*.y*ml")]
    if stats:
        stats_command(
            ledger,
            fmt.value,
            output,
            by,
            parse_date(start, "--from") if start else None,
            parse_date(end, "--to") if end else None,
            encoding=encoding.value,
            inputs=inputs,
            reference=reference,
        )
        return
    if notice:
        from safecli.api import write_notices

        assert out_dir is not None
        notices = write_notices(
            ledger, fmt.value, out_dir, recheck_days, inputs=inputs, reference_doc=reference
        )
        for written in notices:
            typer.echo(wrote_line(written, ledger.lang), err=True)
        return
    if fmt is FindingsFormat.table and output is None and sys.stdout.isatty():
        from safecli.render.ledger import render_table

        print_out(render_table(ledger))
        return
    if fmt is FindingsFormat.csv:  # streamed: the hazards are read from the ledger's spool
        from safecli.render.encoding import csv_byte_chunks
        from safecli.render.ledger import csv_chunks

        chunks = csv_byte_chunks(csv_chunks(ledger), encoding.value)
        emit_chunks(chunks, output, inputs, ledger.lang)
        return
    from safecli.api import findings_document

    data = findings_document(ledger, fmt.value, encoding=encoding.value, reference_doc=reference)
    if isinstance(data, str) or output is None:
        emit(data, output, inputs, ledger.lang)
        return
    from safecli.read.output import write_atomic

    assert output is not None
    write_atomic(output, data, inputs=inputs)
    typer.echo(wrote_line(output, ledger.lang), err=True)
