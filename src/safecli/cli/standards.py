"""`safecli standards`: list, show, lint and trace the creation standards."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from safecli.cli.options import (
    ErrorLangOpt,
    Lang,
    LangOpt,
    StandardsDirOpt,
    app,
    emit,
    load_catalog,
    print_out,
    report_problems,
    run_error_lang,
)
from safecli.model.errors import ExitCode
from safecli.model.neutralise import log_line

standards_app = typer.Typer(
    no_args_is_help=True,
    help="List, show and lint standards.\n\nExample: safecli standards list",
)
app.add_typer(standards_app, name="standards")


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

    standards = load_catalog(standards_dir).standards()
    if fmt is ListFormat.json:
        emit(
            json.dumps([standard_summary(s) for s in standards], ensure_ascii=False, indent=2), None
        )
        return
    from safecli.render.terminal import standards_table

    print_out(standards_table(standards, lang.value))


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

    std = load_catalog(standards_dir).get(standard)
    if std.extends is not None and not effective:
        from safecli.render.layers import layer_rows, layers_table

        changes = [r for r in layer_rows(std, lang.value) if r["action"]]
        if fmt is ShowFormat.table:
            print_out(layers_table(std, lang.value))
            return
        data = {"id": std.id, "version": std.version, "extends": std.extends, "changes": changes}
        if fmt is ShowFormat.json:
            emit(json.dumps(data, ensure_ascii=False, indent=2), None)
        else:
            import yaml

            emit(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), None)
        return
    if fmt is ShowFormat.json:
        emit(json.dumps(standard_dict(std), ensure_ascii=False, indent=2), None)
    elif fmt is ShowFormat.yaml:
        import yaml

        emit(yaml.safe_dump(standard_dict(std), allow_unicode=True, sort_keys=False), None)
    else:
        from safecli.render.terminal import standard_table

        print_out(standard_table(std, lang.value, source=source))


@standards_app.command("lint")
def standards_lint(
    paths: Annotated[list[Path], typer.Argument(help="Standard files to check.", readable=False)],
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 2) on warnings too.")
    ] = False,
    standards_dir: StandardsDirOpt = None,
    lang: ErrorLangOpt = None,
) -> None:
    """Check standard files: schema, unique ids, grade order, references, phase order, and
    what an author gets wrong (sums, duplicate texts, deductions, unread 评分方法 sentences).

    Example: safecli standards lint standards/*.yaml
    """
    from safecli.score.lint import lint_with_warnings

    checked, warnings = lint_with_warnings(paths, load_catalog(standards_dir))
    report_problems(warnings, run_error_lang(lang))
    if strict and warnings:
        raise typer.Exit(int(ExitCode.BAD_INPUT))
    for path, std in checked:
        count = len(std.items())
        if run_error_lang(lang) == "en":
            typer.echo(log_line(f"ok: {path} ({std.ref}, {count} items)"))
        else:
            typer.echo(log_line(f"ok: {path}（{std.ref}，{count} 项）"))


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

    catalog = load_catalog(standards_dir)
    report = trace_standard(standard, catalog)
    std = catalog.get(standard)
    if std.extends is not None:  # an overlay: which layer each item comes from
        from safecli.render.layers import layer_rows, layers_markdown, layers_table
    if fmt is TraceFormat.json:
        data = trace_dict(report, lang.value)
        if std.extends is not None:
            data["extends"] = std.extends
            data["layers"] = layer_rows(std, lang.value)
        emit(json.dumps(data, ensure_ascii=False, indent=2), None)
    elif fmt is TraceFormat.md:
        layers = layers_markdown(std, lang.value) if std.extends is not None else ""
        emit(trace_markdown(report, lang.value) + layers, None)
    else:
        print_out(trace_table(report, lang.value))
        if std.extends is not None:
            print_out(layers_table(std, lang.value))
    if report.missing() or report.unplaced:
        raise typer.Exit(int(ExitCode.GATE_FAILED))
