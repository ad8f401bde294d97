"""`safecli evidence`: record the hashes of a record's evidence files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from safecli.cli.options import (
    ErrorLangOpt,
    StandardsDirOpt,
    app,
    report_problems,
    run_error_lang,
)
from safecli.model.neutralise import log_line

evidence_app = typer.Typer(
    no_args_is_help=True,
    help="Evidence files of records.\n\nExample: safecli evidence hash examples/records/safe-enterprise.yaml",
)
app.add_typer(evidence_app, name="evidence")


@evidence_app.command("hash")
def hash_files(
    records: Annotated[
        list[Path], typer.Argument(help="YAML records whose evidence files to hash.")
    ],
    rehash: Annotated[
        bool,
        typer.Option(
            "--rehash", help="Replace hashes already recorded (after checking the files)."
        ),
    ] = False,
    standards_dir: StandardsDirOpt = None,
    lang: ErrorLangOpt = None,
) -> None:
    """Write the sha256 of each evidence file that exists into the record, beside its path.

    The record is edited in place (comments and layout kept); `safecli validate --evidence`
    then reports any file that goes missing, moves or changes. Paths are relative to the
    record's folder; files outside the repository are never hashed. Each file left out
    (missing, a folder, outside the repository, a link out of it) gets a warning; the exit
    code stays 0.

    Example: safecli evidence hash examples/records/safe-enterprise.yaml
    """
    from safecli.api import hash_evidence
    from safecli.read.catalog import Catalog, default_catalog

    catalog = Catalog(standards_dir) if standards_dir else default_catalog()
    error_lang = run_error_lang(lang)
    zh = error_lang != "en"
    for path, filled, skipped in hash_evidence(records, rehash=rehash, catalog=catalog):
        report_problems(skipped, error_lang)  # warnings: the exit code stays 0
        for item, name in filled:
            line = (
                f"{path}: {item}: 已登记 {name} 的 sha256"
                if zh
                else f"{path}: {item}: sha256 of {name} recorded"
            )
            typer.echo(log_line(line))
        if not filled:
            typer.echo(log_line(f"{path}: 无需登记" if zh else f"{path}: nothing to hash"))
