"""The command line: parse options, call one library function, write its output, map errors.

No scoring, loading or rendering logic lives here; every command works as a library call too.
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from safecli import __version__
from safecli.cli.options import (
    Encoding,
    EncodingOpt,
    Lang,
    LangOpt,
    OutputOpt,
    StandardsDirOpt,
    _catalog,
    _date,
    _emit,
    _print,
    _Root,
    app,
    progress_bar,
    quiet_stdout,
    report_problems,
)
from safecli.model.errors import ExitCode, SafecliError
from safecli.model.neutralise import log_line

__all__ = ["Lang", "LangOpt", "StandardsDirOpt", "_Root", "_catalog", "_date", "app", "main"]


standards_app = typer.Typer(
    no_args_is_help=True,
    help="List, show and lint standards.\n\nExample: safecli standards list",
)
app.add_typer(standards_app, name="standards")


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
    source: Annotated[
        bool,
        typer.Option(
            "--source",
            help="Show the source's own wording (duties, goals, notes) for traceability; "
            "without it, the wording a unit's plan uses.",
        ),
    ] = False,
    effective: Annotated[
        bool,
        typer.Option(
            "--effective",
            help="For an overlay (a local 细则): the standard it makes over its base; "
            "without it, what the overlay changes and why.",
        ),
    ] = False,
) -> None:
    """Show one standard: grades, the plan's wording (or --source), sections and items.

    Example: safecli standards show safe-enterprise --format json
    """
    from safecli.render.data import standard_dict

    std = _catalog(standards_dir).get(standard)
    if std.extends is not None and not effective:
        from safecli.render.layers import layer_rows, layers_table

        changes = [r for r in layer_rows(std, lang.value) if r["action"]]
        if fmt is ShowFormat.table:
            _print(layers_table(std, lang.value))
            return
        data = {"id": std.id, "version": std.version, "extends": std.extends, "changes": changes}
        if fmt is ShowFormat.json:
            _emit(json.dumps(data, ensure_ascii=False, indent=2), None)
        else:
            import yaml

            _emit(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), None)
        return
    if fmt is ShowFormat.json:
        _emit(json.dumps(standard_dict(std), ensure_ascii=False, indent=2), None)
    elif fmt is ShowFormat.yaml:
        import yaml

        _emit(yaml.safe_dump(standard_dict(std), allow_unicode=True, sort_keys=False), None)
    else:
        from safecli.render.terminal import standard_table

        _print(standard_table(std, lang.value, source=source))


@standards_app.command("lint")
def standards_lint(
    paths: Annotated[list[Path], typer.Argument(help="Standard files to check.", readable=False)],
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 2) on warnings too.")
    ] = False,
    standards_dir: StandardsDirOpt = None,
) -> None:
    """Check standard files: schema, unique ids, grade order, references, phase order, and
    what an author gets wrong (sums, duplicate texts, deductions, unread 评分方法 sentences).

    Example: safecli standards lint standards/*.yaml
    """
    from safecli.score.lint import lint_with_warnings

    checked, warnings = lint_with_warnings(paths, _catalog(standards_dir))
    report_problems(warnings)
    if strict and warnings:
        raise typer.Exit(int(ExitCode.BAD_INPUT))
    for path, std in checked:
        typer.echo(log_line(f"ok: {path} ({std.ref}, {len(std.items())} items)"))


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
    from safecli.api import trace_standard
    from safecli.render.trace import trace_dict, trace_markdown, trace_table

    catalog = _catalog(standards_dir)
    report = trace_standard(standard, catalog)
    std = catalog.get(standard)
    if std.extends is not None:  # an overlay: which layer each item comes from
        from safecli.render.layers import layer_rows, layers_markdown, layers_table
    if fmt is TraceFormat.json:
        data = trace_dict(report, lang.value)
        if std.extends is not None:
            data["extends"] = std.extends
            data["layers"] = layer_rows(std, lang.value)
        _emit(json.dumps(data, ensure_ascii=False, indent=2), None)
    elif fmt is TraceFormat.md:
        layers = layers_markdown(std, lang.value) if std.extends is not None else ""
        _emit(trace_markdown(report, lang.value) + layers, None)
    else:
        _print(trace_table(report, lang.value))
        if std.extends is not None:
            _print(layers_table(std, lang.value))
    if report.missing() or report.unplaced:
        raise typer.Exit(int(ExitCode.GATE_FAILED))


# ---------------------------------------------------------------- schema


class SchemaKind(str, Enum):
    standard = "standard"
    record = "record"
    profile = "profile"


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="standard, record or profile (单位概况).")],
) -> None:
    """Print the JSON Schema of a standard, a record or a unit profile, for editors.

    Example: safecli schema profile > profile.schema.json
    """
    from safecli.model.models import Profile, Record, Standard, json_schema

    model = {"standard": Standard, "record": Record, "profile": Profile}[kind.value]
    _emit(
        json.dumps(json_schema(model, f"safecli {kind.value}"), ensure_ascii=False, indent=2), None
    )


# ---------------------------------------------------------------- records


def ok_line(path: str, standard: str, answered: int) -> str:
    """validate's line for a valid record; `ok:` stays a keyword, like `error:`."""
    if os.environ.get("SAFECLI_LANG", "zh") == "en":
        return f"ok: {path} ({standard}, {answered} responses)"
    return f"ok: {path}（{standard}，已作答 {answered} 项）"


@app.command()
def validate(
    records: Annotated[
        list[Path],
        typer.Argument(help="Record files (YAML, xlsx, csv) or folders of them.", readable=False),
    ],
    standards_dir: StandardsDirOpt = None,
) -> None:
    """Check records against their standards; report every problem of every file.

    Folders are searched as `check` searches them; from 200 files on, both cores work.

    Example: safecli validate records/
    """
    from safecli.portfolio.config import Config
    from safecli.portfolio.pool import invalid_error
    from safecli.portfolio.pool import validate as validate_paths

    settings = Config(standards_dirs=[str(Path(d).resolve()) for d in standards_dir or []])
    bad = []
    with progress_bar("safecli validate") as progress:
        for result in validate_paths(records, settings, progress=progress):
            if result.invalid:
                bad.append(result)
            else:
                typer.echo(log_line(ok_line(result.path, result.standard, result.answered)))
    if bad:
        raise invalid_error(bad)


class ScoreFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


@app.command()
def score(
    record: Annotated[
        Path, typer.Argument(help="A record (YAML, or a filled xlsx/csv 自查表).", readable=False)
    ],
    fmt: Annotated[
        ScoreFormat, typer.Option("--format", help="table, json, csv or md.")
    ] = ScoreFormat.table,
    lang: LangOpt = Lang.zh,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Judge overdue findings on this date: YYYY-MM-DD or today (default: the "
            "record's inspection date).",
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Unanswered items, and required items answered na, are errors."
        ),
    ] = False,
    output: OutputOpt = None,
    encoding: EncodingOpt = Encoding.utf8,
    standards_dir: StandardsDirOpt = None,
) -> None:
    """Score a record: total, grade, vetoes, sections and the items that lost points.

    Example: safecli score examples/records/safe-enterprise.yaml --format json
    """
    from safecli.api import score_file

    assessment = score_file(
        record, catalog=_catalog(standards_dir), as_of=_date(as_of, "--as-of"), strict=strict
    )
    standard = _catalog(standards_dir).get(assessment.standard)
    if fmt is ScoreFormat.table and output is None:
        from safecli.render.terminal import assessment_view

        _print(assessment_view(assessment, lang.value, standard))
        return
    from safecli.render.scores import render_score

    text = render_score(assessment, fmt.value, lang.value, standard)
    if fmt is ScoreFormat.csv:
        from safecli.render.encoding import csv_bytes

        _emit(csv_bytes(text, encoding.value), output, inputs=[record])
        return
    _emit(text, output, inputs=[record])


# each module adds its commands to `app`; imported last so `--help` lists these commands first
from safecli.cli import (  # noqa: E402, F401
    authoring,
    documents,
    export,
    gate,
    ledger,
    sheets,
)

standards_app.command("import")(authoring.standards_import)
standards_app.command("diff")(authoring.standards_diff)


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
