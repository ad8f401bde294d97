"""`safecli report` (评估报告) and `safecli plan` (实施方案)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from safecli.cli.options import (
    Lang,
    LangOpt,
    ReferenceDocOpt,
    StandardsDirOpt,
    app,
    dash_is_stdout,
    docx_reference,
    emit,
    load_catalog,
    parse_date,
    progress_bar,
    wrote_line,
)
from safecli.model.errors import UsageError
from safecli.model.wording import problem

TemplatesOpt = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        help="A folder of your own templates, searched before the bundled ones (sandboxed).",
        readable=False,
    ),
]
ProfileOpt = Annotated[
    Path | None,
    typer.Option(
        "--profile",
        help="The unit profile (单位概况, YAML); else <record>.profile.yaml or profile.yaml "
        "beside the record, or the 单位信息 sheet of a 自查表.",
        readable=False,
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        help="Write to this file (required for html, docx and ics; - for standard output).",
        readable=False,
        callback=dash_is_stdout,
    ),
]


class ReportFormat(str, Enum):
    md = "md"
    html = "html"
    docx = "docx"


class PlanFormat(str, Enum):
    md = "md"
    html = "html"
    docx = "docx"
    ics = "ics"


def _need_output(fmt: str, output: Path | None) -> None:
    if output is None and fmt != "md":
        raise UsageError(problem("-o", code="document-needs-file", hint="hint-add-o", fmt=fmt))


@app.command()
def report(
    records: Annotated[
        list[Path],
        typer.Argument(
            help="Records (YAML, or filled xlsx/csv 自查表); several need --out-dir.",
            readable=False,
        ),
    ],
    fmt: Annotated[
        ReportFormat, typer.Option("--format", help="md, html or docx (公文 layout).")
    ] = ReportFormat.md,
    lang: LangOpt = Lang.zh,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Judge overdue rectifications on this date: YYYY-MM-DD or today (default: the "
            "record's inspection date, so the document stays the same as time passes).",
        ),
    ] = None,
    templates: TemplatesOpt = None,
    reference_doc: ReferenceDocOpt = None,
    standards_dir: StandardsDirOpt = None,
    profile: ProfileOpt = None,
    output: OutputOpt = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir",
            help="Write one report per record here, named after its unit.",
            readable=False,
        ),
    ] = None,
) -> None:
    """Render the 评估报告: score, grade, vetoes, section chart, 整改清单, gaps, sign-off.

    Example: safecli report examples/records/safe-enterprise.yaml --format html -o report.html
    """
    from safecli.api import report_file, reports_to_folder

    reference = docx_reference(fmt.value, reference_doc)
    if out_dir is not None:
        if output is not None:
            raise UsageError(problem("-o", code="o-or-out-dir"))
        with progress_bar("safecli report") as progress:
            written = reports_to_folder(
                records,
                out_dir,
                fmt.value,
                lang.value,
                as_of=parse_date(as_of, "--as-of"),
                templates=templates,
                catalog=load_catalog(standards_dir),
                reference_doc=reference,
                progress=progress,
            )
        for path in written:
            typer.echo(wrote_line(path, lang.value), err=True)
        return
    if len(records) > 1:
        raise UsageError(
            problem("report", code="many-records", hint="hint-add-out-dir", count=len(records))
        )
    _need_output(fmt.value, output)
    text = report_file(
        records[0],
        fmt.value,
        lang.value,
        as_of=parse_date(as_of, "--as-of"),
        templates=templates,
        catalog=load_catalog(standards_dir),
        profile=profile,
        reference_doc=reference,
    )
    emit(text, output, inputs=records, lang=lang.value)


@app.command()
def plan(
    record: Annotated[
        Path | None,
        typer.Argument(
            help="A record: plan for its unit, its gaps first (or use --standard).", readable=False
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            help="The plan's first day (YYYY-MM-DD); a 判定 record's plan starts on its "
            "inspection without it.",
        ),
    ] = None,
    standard: Annotated[
        str | None, typer.Option("--standard", help="The standard, ID or ID@VERSION.")
    ] = None,
    subject: Annotated[
        Path | None,
        typer.Option(
            "--subject",
            help="A YAML file with the unit (kind, name, employees, …).",
            readable=False,
        ),
    ] = None,
    fmt: Annotated[
        PlanFormat, typer.Option("--format", help="md, html, docx (公文 layout) or ics.")
    ] = PlanFormat.md,
    lang: LangOpt = Lang.zh,
    templates: TemplatesOpt = None,
    reference_doc: ReferenceDocOpt = None,
    standards_dir: StandardsDirOpt = None,
    profile: ProfileOpt = None,
    output: OutputOpt = None,
) -> None:
    """Render the 实施方案 dated from --start: parts 一 to 八, the 落款 and the annexes.

    Example: safecli plan --standard safe-enterprise --subject examples/units/ningbo-precision.yaml --start 2025-01-01 -o plan.md
    """
    if (record is None) == (standard is None):
        raise UsageError(problem("plan", code="plan-needs-input", hint="hint-plan-example"))
    if standard is not None and subject is None:
        raise UsageError(problem("--subject", code="standard-needs-subject"))
    if record is not None and subject is not None:
        raise UsageError(problem("--subject", code="record-has-subject"))
    first = parse_date(start, "--start")
    if first is None and record is None:  # a 判定 record's plan starts from its inspection
        raise UsageError(problem("--start", code="plan-needs-start", hint="hint-add-start"))
    from safecli.api import plan_file

    _need_output(fmt.value, output)
    reference = docx_reference(fmt.value, reference_doc)
    text = plan_file(
        record,
        standard,
        subject,
        first,
        fmt.value,
        lang.value,
        templates=templates,
        catalog=load_catalog(standards_dir),
        profile=profile,
        reference_doc=reference,
    )
    emit(
        text,
        output,
        inputs=[p for p in (record, subject, profile) if p is not None],
        lang=lang.value,
    )
