"""`safecli standards import` and `standards diff`: a city's scoring table in, versions compared.

The functions are registered on the `standards` group by `cli.app`.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from safecli.cli.options import (
    Lang,
    LangOpt,
    OutputOpt,
    emit,
    report_problems,
    wrote_line,
)
from safecli.model.standard import SubjectKind


def standards_import(
    table: Annotated[Path, typer.Argument(help="The scoring table: .xlsx, .csv or .docx.")],
    output: OutputOpt = None,
    std_id: Annotated[str | None, typer.Option("--id", help="The standard's id.")] = None,
    version: Annotated[str, typer.Option("--version", help="Its version (the year).")] = "1",
    title: Annotated[
        str | None, typer.Option("--title", help="Its title (default: the table's title row).")
    ] = None,
    subject: Annotated[
        SubjectKind, typer.Option("--subject", help="enterprise, community or district.")
    ] = SubjectKind.enterprise,
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            help="Say which column is which when the header does not: "
            "category=A,project=B,content=C,points=D,method=E,note=F,id=G.",
        ),
    ] = None,
    grades: Annotated[
        str | None,
        typer.Option("--grades", help="Grade lines, highest first: 优秀=90,良好=80,合格=60."),
    ] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="The xlsx sheet to read.")] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse the table when a warning is left (an unread 评分方法 sentence).",
        ),
    ] = False,
    lang: Annotated[
        Lang | None,
        typer.Option("--lang", help="Language of warnings and errors: zh or en ($SAFECLI_LANG)."),
    ] = None,
) -> None:
    """Import a scoring table (类目/项目/内容/分值/评分方法) as a standard YAML file.

    Title rows, merged cells and 小计/合计 rows are understood; each 评分方法 becomes rules
    (不得分, 每处扣N分, 扣N分, 追加扣分, 否决) and every sentence that is none is a warning.

    Example: safecli standards import examples/standards/wangchuan-2024.xlsx -o wangchuan.yaml --id wangchuan --version 2024
    """
    from safecli.read.tables.importer import import_table, parse_columns, standard_yaml

    imported = import_table(
        table,
        std_id=std_id,
        version=version,
        title=title,
        subject=subject.value,
        columns=parse_columns(columns) if columns else None,
        grades=grades,
        sheet=sheet,
        strict=strict,
    )
    report_problems(imported.warnings, lang.value if lang else None)
    if output is None:
        emit(standard_yaml(imported), None)
        return
    from safecli.read.output import write_atomic

    write_atomic(output, standard_yaml(imported), inputs=[table])
    typer.echo(wrote_line(output, lang.value if lang else None), err=True)


class DiffFormat(str, Enum):
    table = "table"
    md = "md"
    json = "json"


def standards_diff(
    old: Annotated[str, typer.Argument(help="The old standard: a file or ID@VERSION.")],
    new: Annotated[str, typer.Argument(help="The new standard: a file or ID@VERSION.")],
    fmt: Annotated[DiffFormat, typer.Option("--format", help="table, md or json.")] = (
        DiffFormat.table
    ),
    lang: LangOpt = Lang.zh,
    output: OutputOpt = None,
    standards_dir: Annotated[
        list[Path] | None,
        typer.Option("--standards-dir", help="More folders of standards (ID@VERSION refs)."),
    ] = None,
) -> None:
    """What changed between two standards: items added, removed, reweighed, reworded, rules
    changed, grades moved. Items match by id, then by text; content is compared, not rows.

    Example: safecli standards diff major-hazards-industry-trade@2017 major-hazards-industry-trade@2023 --format md
    """
    from safecli.cli.options import load_catalog
    from safecli.render.standard_diff import render_standard_diff
    from safecli.score.standard_diff import diff_standards

    catalog = load_catalog(standards_dir)
    before, after = catalog.find(old), catalog.find(new)
    changes = diff_standards(before, after)
    emit(render_standard_diff(changes, fmt.value, lang.value), output, lang=lang.value)
