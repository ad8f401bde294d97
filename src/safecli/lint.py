"""Check many files at once, collecting every problem of every file before stopping."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from safecli.errors import InvalidFile, Problem, SafecliError
from safecli.loading import RecordFile, load_standard, read_record
from safecli.models import Standard


def lint_standards(paths: Iterable[Path | str]) -> list[tuple[Path, Standard]]:
    """Load each standard fully; raise InvalidFile with the problems of all files together."""
    good: list[tuple[Path, Standard]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            good.append((Path(path), load_standard(path)))
        except SafecliError as error:
            problems.extend(error.problems)
    if problems:
        raise InvalidFile(problems)
    return good


def validate_records(
    paths: Iterable[Path | str], catalog: Any = None
) -> list[tuple[Path, RecordFile]]:
    """Read and check each record; raise InvalidFile with the problems of all files together."""
    good: list[tuple[Path, RecordFile]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            good.append((Path(path), read_record(path, catalog)))
        except SafecliError as error:
            problems.extend(error.problems)
    if problems:
        raise InvalidFile(problems)
    return good
