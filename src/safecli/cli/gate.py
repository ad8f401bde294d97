"""Commands of a records repository: `check` (the CI gate), `summary` and `diff`."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from safecli.cli.options import (
    AsOfOpt,
    AsOfTodayOpt,
    ConfigOpt,
    Encoding,
    EncodingOpt,
    LangOverride,
    OutputOpt,
    PathsArg,
    ShardOpt,
    StandardsDirOpt,
    app,
    docx_reference,
    emit,
    emit_chunks,
    gate_config,
    left_out,
    parse_date,
    parse_shard,
    print_out,
    progress_bar,
    today,
    wrote_line,
)
from safecli.model.neutralise import log_line
from safecli.model.wording import problem


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    junit = "junit"
    sarif = "sarif"
    github = "github"


@app.command()
def check(
    paths: PathsArg = None,
    fmt: Annotated[
        CheckFormat, typer.Option("--format", help="text, json, junit, sarif or github.")
    ] = CheckFormat.text,
    output: OutputOpt = None,
    as_of: AsOfTodayOpt = None,
    config: ConfigOpt = None,
    lang: LangOverride = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also list skipped files and passing records.")
    ] = False,
    shard: ShardOpt = None,
) -> None:
    """The CI gate: validate and score every record; exit 1 when a gate fails.

    Without safecli.yaml a record fails when it is invalid, vetoed, blacklisted, graded at its
    standard's lowest grade, or has an open major finding overdue; safecli.yaml `fail_on`
    loosens or tightens each gate (invalid, veto, blacklisted, lowest-grade, below-grade,
    overdue-major, unanswered). Overdue is judged as of today (判定日期) unless --as-of says
    otherwise; the output names that date and the gates in force.
    Exit codes: 0 every gate passed, 1 a gate failed, 2 bad usage or a bad safecli.yaml.

    Example: safecli check examples/records/ --format junit -o safecli-junit.xml
    """
    from safecli.portfolio import gate
    from safecli.render.ci import CheckWriter

    settings = gate_config(paths, config, lang)
    day = parse_date(as_of, "--as-of") or today()
    is_today = as_of is None or as_of.strip().lower() == "today"
    part = parse_shard(shard)
    if fmt is CheckFormat.text and output is None and sys.stdout.isatty():
        with progress_bar("safecli check") as progress:
            report = gate.check(
                paths or [], settings, day, progress, shard=part, as_of_today=is_today
            )
        if verbose:
            from safecli.render.ci_words import L

            word = L[report.lang]["skipped"]
            for skipped in report.skipped:
                typer.echo(log_line(f"{skipped.path}: {word}: {skipped.reason}"), err=True)
        from safecli.render.ci import render_table

        print_out(render_table(report))
        raise typer.Exit(int(report.exit_code))
    clash = _relative_output(output, settings.root)
    with progress_bar("safecli check") as progress:
        going = gate.run(paths or [], settings, day, progress, shard=part, as_of_today=is_today)
        writer = CheckWriter(fmt.value, going, verbose=verbose)
        for result in going.results:
            if result.path in clash:
                writer.close()
                raise _overwrite(output)
            writer.add(result)
    emit_chunks(writer.chunks(going.skipped), output, _standards(settings), settings.lang)
    raise typer.Exit(int(writer.exit_code))


def _standards(settings: Any) -> list[Path]:
    """The standards of the configured folders: read by worker processes too, never replaced."""
    return [p for folder in settings.dirs() if folder.is_dir() for p in folder.glob("*.y*ml")]


def _relative_output(output: Path | None, root: Path) -> set[str]:
    """The ways a record's reported path would name `output` (to refuse overwriting a record)."""
    if output is None:
        return set()
    resolved = output.resolve()
    names = {resolved.as_posix()}
    if resolved.is_relative_to(root.resolve()):
        names.add(resolved.relative_to(root.resolve()).as_posix())
    return names


def _overwrite(output: Path | None) -> Exception:
    from safecli.model.errors import OutputError

    return OutputError(
        problem(str(output), code="output-overwrites-input", hint="hint-choose-another-o")
    )


class SummaryFormat(str, Enum):
    table = "table"
    csv = "csv"
    xlsx = "xlsx"
    md = "md"
    html = "html"
    docx = "docx"


@app.command()
def summary(
    paths: PathsArg = None,
    fmt: Annotated[
        SummaryFormat, typer.Option("--format", help="table, csv, xlsx, md, html or docx.")
    ] = SummaryFormat.table,
    output: OutputOpt = None,
    all_history: Annotated[
        bool, typer.Option("--all", help="Keep every record of a unit, not only its latest.")
    ] = False,
    as_of: AsOfOpt = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse (exit 2, every problem listed) when a record is invalid, instead of "
            "listing it beside the figures.",
        ),
    ] = False,
    skip_invalid: Annotated[
        bool,
        typer.Option("--skip-invalid", hidden=True, help="The default now; kept for old scripts."),
    ] = False,
    config: ConfigOpt = None,
    lang: LangOverride = None,
    encoding: EncodingOpt = Encoding.utf8,
    reference_doc: Annotated[
        Path | None,
        typer.Option(
            "--reference-doc", help="docx only: a Word file whose styles and page to use."
        ),
    ] = None,
    shard: ShardOpt = None,
) -> None:
    """Roll the records up: units, grade distribution, tiers, overdue hazards, weakest items, trend.

    Invalid records are left out of the figures and listed (file and first problem) in every
    format, and named on stderr; the exit code stays 0 (`safecli check` is the gate). --strict
    refuses them instead (exit 2).

    Example: safecli summary examples/records/ --format xlsx -o summary.xlsx
    """
    from safecli.model.errors import UsageError
    from safecli.portfolio.summary import summary as build_summary
    from safecli.render.portfolio import render_table

    if fmt in (SummaryFormat.xlsx, SummaryFormat.docx) and output is None:
        raise UsageError(
            problem(
                f"--format {fmt.value}", code="binary-output", hint="hint-give-o", fmt=fmt.value
            )
        )
    reference = docx_reference(fmt.value, reference_doc, lang)
    settings = gate_config(paths, config, lang)
    with progress_bar("safecli summary") as progress:
        portfolio = build_summary(
            paths or [],
            settings,
            as_of=parse_date(as_of, "--as-of"),
            all_history=all_history,
            strict=strict,
            progress=progress,
            shard=parse_shard(shard),
        )
    left_out(portfolio.invalid, "left-out-of-summary", lang)
    if fmt is SummaryFormat.table and output is None and sys.stdout.isatty():
        print_out(render_table(portfolio, all_history=all_history))
        return
    # never over a record; checked by name (a Path per record would cost a province's summary
    # tens of MiB)
    clash = _relative_output(output, settings.root)
    if clash and any(p in clash for p in portfolio.sources):
        raise _overwrite(output)
    inputs: list[Path] = _standards(settings)
    if fmt is SummaryFormat.csv:  # streamed from the spool: a province's units never held
        from safecli.render.encoding import csv_byte_chunks
        from safecli.render.portfolio import csv_chunks

        chunks = csv_byte_chunks(csv_chunks(portfolio), encoding.value)
        standards = [p for d in settings.dirs() if d.is_dir() for p in d.glob("*.y*ml")]
        if output is None:
            emit_chunks(chunks, None)
            return
        from safecli.read.output import write_atomic_chunks

        write_atomic_chunks(output, chunks, inputs=[*inputs, *standards])
        typer.echo(wrote_line(output, portfolio.lang), err=True)
        return
    from safecli.api import summary_document

    data = summary_document(portfolio, fmt.value, all_history=all_history, reference_doc=reference)
    if fmt is SummaryFormat.csv:
        from safecli.render.encoding import csv_bytes

        data = csv_bytes(str(data), encoding.value)
    standards = [p for folder in settings.dirs() if folder.is_dir() for p in folder.glob("*.y*ml")]
    _write(data, output, [*inputs, *standards], portfolio.lang)


def _write(data: str | bytes, output: Path | None, inputs: list[Path], lang: str) -> None:
    if isinstance(data, str) or output is None:
        emit(data, output, inputs, lang)
        return
    from safecli.read.output import write_atomic

    assert output is not None
    write_atomic(output, data, inputs=inputs)
    typer.echo(wrote_line(output, lang), err=True)


class DiffFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier record.", readable=False)],
    new: Annotated[
        Path | None, typer.Argument(help="The later record (not with --standard).", readable=False)
    ] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", help="text or json.")] = DiffFormat.text,
    as_of: AsOfOpt = None,
    config: ConfigOpt = None,
    lang: LangOverride = None,
    output: OutputOpt = None,
    standard: Annotated[
        str | None,
        typer.Option(
            "--standard",
            help="Score the one record OLD under this standard too (a file or ID@VERSION): "
            "what a new version of its standard does to it.",
        ),
    ] = None,
    standards_dir: StandardsDirOpt = None,
) -> None:
    """Compare two records of one unit: total and grade change, items, findings closed and new.
    With --standard NEW, compare one record under its standard and under NEW.

    Example: safecli diff examples/history/safe-enterprise-2024.yaml examples/records/safe-enterprise.yaml --format json
    Example: safecli diff --standard safe-enterprise@2013 examples/history/safe-enterprise-2024.yaml
    """
    from safecli.model.errors import UsageError
    from safecli.model.wording import problem
    from safecli.score.diff import diff_files, render_diff

    settings = gate_config([old], config, lang)
    if standards_dir:  # searched before safecli.yaml's folders, as score's are
        extra = [str(Path(d).resolve()) for d in standards_dir]
        settings = settings.model_copy(
            update={"standards_dirs": [*extra, *settings.standards_dirs]}
        )
    if (new is None) == (standard is None):
        raise UsageError(problem("safecli diff", code="diff-needs-two", hint="hint-diff-forms"))
    if standard is not None:
        from safecli.api import diff_standard_file

        result = diff_standard_file(
            old, standard, catalog=settings.catalog(), as_of=parse_date(as_of, "--as-of")
        )
        emit(render_diff(result, fmt.value, settings.lang), output, [old], settings.lang)
        return
    assert new is not None
    result = diff_files(old, new, catalog=settings.catalog(), as_of=parse_date(as_of, "--as-of"))
    emit(render_diff(result, fmt.value, settings.lang), output, [old, new], settings.lang)
