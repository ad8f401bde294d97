"""`safecli validate` and `safecli score`: one record (or many) against its standard."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from safecli.cli.options import (
    Encoding,
    EncodingOpt,
    ErrorLangOpt,
    Lang,
    LangOpt,
    OutputOpt,
    StandardsDirOpt,
    app,
    emit,
    env_lang,
    load_catalog,
    parse_date,
    print_out,
    progress_bar,
    run_error_lang,
)
from safecli.model.neutralise import log_line


def ok_line(path: str, standard: str, answered: int, lang: str | None = None) -> str:
    """validate's line for a valid record; `ok:` stays a keyword, like `error:`."""
    if (lang or env_lang()) == "en":
        return f"ok: {path} ({standard}, {answered} responses)"
    return f"ok: {path}（{standard}，已作答 {answered} 项）"


@app.command()
def validate(
    records: Annotated[
        list[Path],
        typer.Argument(help="Record files (YAML, xlsx, csv) or folders of them.", readable=False),
    ],
    standards_dir: StandardsDirOpt = None,
    evidence: Annotated[
        bool,
        typer.Option(
            "--evidence",
            help="Check evidence files too: missing, moved, outside the repository, or "
            "changed since `safecli evidence hash` recorded their sha256.",
        ),
    ] = False,
    lang: ErrorLangOpt = None,
) -> None:
    """Check records against their standards; report every problem of every file.

    Folders are searched as `check` searches them; from 200 files on, both cores work.

    Example: safecli validate examples/records/
    """
    from safecli.portfolio.config import Config
    from safecli.portfolio.pool import invalid_error
    from safecli.portfolio.pool import validate as validate_paths

    settings = Config(standards_dirs=[str(Path(d).resolve()) for d in standards_dir or []])
    bad = []
    with progress_bar("safecli validate") as progress:
        for result in validate_paths(records, settings, progress=progress, evidence=evidence):
            if result.invalid:
                bad.append(result)
            else:
                line = ok_line(result.path, result.standard, result.answered, run_error_lang(lang))
                typer.echo(log_line(line))
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
    from safecli.api import read_record, score_record

    loaded = read_record(record, load_catalog(standards_dir))
    assessment = score_record(loaded, as_of=parse_date(as_of, "--as-of"), strict=strict)
    standard = load_catalog(standards_dir).get(assessment.standard)
    judged = None
    if (
        standard is not None
        and standard.kind == "determination"
        and fmt in (ScoreFormat.table, ScoreFormat.json)
    ):
        from safecli.score.gaps import judgement  # a 判定 record: a determination, no score

        judged = judgement(standard, loaded.record, assessment, lang.value)
    if fmt is ScoreFormat.table and output is None:
        from safecli.render.terminal import assessment_view

        print_out(assessment_view(assessment, lang.value, standard, judged))
        return
    from safecli.render.scores import render_score

    text = render_score(assessment, fmt.value, lang.value, standard, judged)
    if fmt is ScoreFormat.csv:
        from safecli.render.encoding import csv_bytes

        emit(csv_bytes(text, encoding.value), output, [record], lang.value)
        return
    emit(text, output, [record], lang.value)
