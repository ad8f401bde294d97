"""`safecli export`: per-item and per-unit results as Parquet or csv (docs/export.md)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from safecli.cli.options import (
    AsOfOpt,
    ConfigOpt,
    LangOverride,
    PathsArg,
    ShardOpt,
    app,
    gate_config,
    left_out,
    parse_date,
    parse_shard,
    progress_bar,
)


class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"


@app.command()
def export(
    paths: PathsArg = None,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="parquet (partitioned) or csv.")
    ] = ExportFormat.parquet,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The folder to write the tables into.")
    ] = Path("export"),
    as_of: AsOfOpt = None,
    skip_invalid: Annotated[
        bool,
        typer.Option("--skip-invalid", help="Leave invalid records out (named on stderr)."),
    ] = False,
    config: ConfigOpt = None,
    lang: LangOverride = None,
    shard: ShardOpt = None,
) -> None:
    """Write the per-unit and per-item results for DuckDB, Spark or Trino (docs/export.md).

    Parquet goes to DIR/units/ and DIR/items/, partitioned by standard and year; csv to
    DIR/units.csv and DIR/items.csv. With --shard I/N, shard I writes its own files beside the
    others', so N machines fill one folder.

    Example: safecli export examples/records/ --format parquet -o out/ --shard 1/4
    """
    from safecli.portfolio.export import export as run_export

    settings = gate_config(paths, config, lang)
    with progress_bar("safecli export") as progress:
        done = run_export(
            paths or [],
            settings,
            output,
            fmt.value,
            as_of=parse_date(as_of, "--as-of"),
            shard=parse_shard(shard),
            skip_invalid=skip_invalid,
            progress=progress,
        )
    left_out(done.invalid, "left-out-of-export", lang)
    if settings.lang == "en":
        line = (
            f"wrote {done.units:,} records ({done.items:,} item rows) to {output} "
            f"in {len(done.files)} files"
        )
    else:
        line = (
            f"已写入 {done.units:,} 份记录（{done.items:,} 行条款）到 {output}，"
            f"共 {len(done.files)} 个文件"
        )
    typer.echo(line, err=True)
