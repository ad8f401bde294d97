"""The command line: parse options, call one library function, write its output, map errors.

No scoring, loading or rendering logic lives here; every command works as a library call too.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from safecli import __version__
from safecli.errors import ExitCode, Problem, SafecliError, UsageError


class _Root(TyperGroup):
    """Maps every SafecliError to its exit code once, with one line per problem."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SafecliError as error:
            if ctx.params.get("debug"):
                raise
            for problem in error.problems:
                typer.echo(str(problem), err=True)
            raise typer.Exit(int(error.exit_code)) from None


app = typer.Typer(
    cls=_Root,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    help="safecli: score self-inspection records (自查) against work-safety creation standards "
    "and render 实施方案 and 评估报告.\n\nExample: safecli score examples/records/safe-enterprise.yaml",
    context_settings={"help_option_names": ["-h", "--help"]},
)
standards_app = typer.Typer(
    no_args_is_help=True,
    help="List, show and lint standards.\n\nExample: safecli standards list",
)
app.add_typer(standards_app, name="standards")


class Lang(str, Enum):
    zh = "zh"
    en = "en"


LangOpt = Annotated[Lang, typer.Option("--lang", help="Output language: zh (default) or en.")]
StandardsDirOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--standards-dir", help="Extra folder of standards, searched before the bundled ones."
    ),
]


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


def _catalog(dirs: list[Path] | None) -> Any:
    from safecli.catalog import Catalog, default_catalog

    return Catalog(dirs) if dirs else default_catalog()


def _print(renderable: Any) -> None:
    from rich.console import Console

    console = Console(soft_wrap=False)
    if not console.is_terminal:  # piped into a file or a CI log: don't squeeze to 80 columns
        console = Console(soft_wrap=False, width=160)
    console.print(renderable)


def _emit(data: str, output: Path | None, inputs: list[Path] | tuple[Path, ...] = ()) -> None:
    if output is None:
        sys.stdout.write(data if data.endswith("\n") else data + "\n")
        return
    from safecli.output import write_atomic

    write_atomic(output, data, inputs=inputs)
    typer.echo(f"wrote {output}", err=True)


TODAY_ENV = "SAFECLI_TODAY"
"""When set (YYYY-MM-DD), the date `today` means: tests and reproducible CI runs pin it."""


def today() -> dt.date:
    """The date "today" stands for: $SAFECLI_TODAY when set, else the clock's (local) date."""
    pinned = os.environ.get(TODAY_ENV, "").strip()
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            raise UsageError(
                Problem(TODAY_ENV, message=f"{pinned!r} is not a date", hint="YYYY-MM-DD")
            ) from None
    return dt.date.today()


def _date(value: str | None, option: str) -> dt.date | None:
    """An option's date: YYYY-MM-DD or `today`; None when not given."""
    if value is None:
        return None
    if value.strip().lower() == "today":
        return today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            Problem(
                option, message=f"{value!r} is not a date", hint="write it as YYYY-MM-DD, or today"
            )
        ) from None


# ---------------------------------------------------------------- standards


class ListFormat(str, Enum):
    table = "table"
    json = "json"


class ShowFormat(str, Enum):
    table = "table"
    json = "json"
    yaml = "yaml"


@standards_app.command("list")
def standards_list(
    fmt: Annotated[ListFormat, typer.Option("--format", help="table or json.")] = ListFormat.table,
    lang: LangOpt = Lang.zh,
    standards_dir: StandardsDirOpt = None,
) -> None:
    """List the standards safecli knows: id, version, subject, sections, items, points.

    Example: safecli standards list --format json
    """
    from safecli.render.data import standard_summary

    standards = _catalog(standards_dir).standards()
    if fmt is ListFormat.json:
        _emit(
            json.dumps([standard_summary(s) for s in standards], ensure_ascii=False, indent=2), None
        )
        return
    from safecli.render.terminal import standards_table

    _print(standards_table(standards, lang.value))


@standards_app.command("show")
def standards_show(
    standard: Annotated[str, typer.Argument(help="ID or ID@VERSION.")],
    fmt: Annotated[
        ShowFormat, typer.Option("--format", help="table, json or yaml.")
    ] = ShowFormat.table,
    lang: LangOpt = Lang.zh,
    standards_dir: StandardsDirOpt = None,
) -> None:
    """Show one standard: grades, sections and items.

    Example: safecli standards show safe-enterprise --format json
    """
    from safecli.render.data import standard_dict

    std = _catalog(standards_dir).get(standard)
    if fmt is ShowFormat.json:
        _emit(json.dumps(standard_dict(std), ensure_ascii=False, indent=2), None)
    elif fmt is ShowFormat.yaml:
        import yaml

        _emit(yaml.safe_dump(standard_dict(std), allow_unicode=True, sort_keys=False), None)
    else:
        from safecli.render.terminal import standard_table

        _print(standard_table(std, lang.value))


@standards_app.command("lint")
def standards_lint(
    paths: Annotated[list[Path], typer.Argument(help="Standard files to check.")],
) -> None:
    """Check standard files: schema, unique ids, grade order, references, phase order.

    Example: safecli standards lint standards/*.yaml
    """
    from safecli.lint import lint_standards

    checked = lint_standards(paths)
    for path, std in checked:
        typer.echo(f"ok: {path} ({std.ref}, {len(std.items())} items)")


# ---------------------------------------------------------------- schema


class SchemaKind(str, Enum):
    standard = "standard"
    record = "record"


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="standard or record.")],
) -> None:
    """Print the JSON Schema of a standard or a record, for editors (yaml-language-server).

    Example: safecli schema record > record.schema.json
    """
    from safecli.models import Record, Standard, json_schema

    model = Standard if kind is SchemaKind.standard else Record
    _emit(
        json.dumps(json_schema(model, f"safecli {kind.value}"), ensure_ascii=False, indent=2), None
    )


# ---------------------------------------------------------------- records


@app.command()
def validate(
    records: Annotated[list[Path], typer.Argument(help="Record files (YAML, xlsx, csv).")],
    standards_dir: StandardsDirOpt = None,
) -> None:
    """Check records against their standards; report every problem of every file.

    Example: safecli validate examples/records/*.yaml
    """
    from safecli.lint import validate_records

    for path, loaded in validate_records(records, _catalog(standards_dir)):
        typer.echo(f"ok: {path} ({loaded.standard.ref}, {len(loaded.record.responses)} responses)")


class ScoreFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


@app.command()
def score(
    record: Annotated[Path, typer.Argument(help="A record (YAML, or a filled xlsx/csv 自查表).")],
    fmt: Annotated[
        ScoreFormat, typer.Option("--format", help="table, json, csv or md.")
    ] = ScoreFormat.table,
    lang: LangOpt = Lang.zh,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Judge overdue findings on this date (YYYY-MM-DD)."),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Unanswered items are errors.")] = False,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file.")
    ] = None,
    standards_dir: StandardsDirOpt = None,
) -> None:
    """Score a record: total, grade, vetoes, sections and the items that lost points.

    Example: safecli score examples/records/safe-enterprise.yaml --format json
    """
    from safecli.api import score_file

    assessment = score_file(
        record, catalog=_catalog(standards_dir), as_of=_date(as_of, "--as-of"), strict=strict
    )
    if fmt is ScoreFormat.table and output is None:
        from safecli.render.terminal import assessment_view

        _print(assessment_view(assessment, lang.value))
        return
    from safecli.render.scores import render_score

    _emit(render_score(assessment, fmt.value, lang.value), output, inputs=[record])


# each module adds its commands to `app`; imported last because they import from here
from safecli.commands import documents, gate, ledger, sheets  # noqa: E402, F401


def main() -> None:
    """Console entry point."""
    try:
        app()
    except SafecliError as error:  # raised outside a command (e.g. while parsing)
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        sys.exit(ExitCode.BAD_INPUT)
