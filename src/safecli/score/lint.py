"""Check many files at once, collecting every problem of every file before stopping."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from safecli.model.errors import InvalidFile, Problem, SafecliError
from safecli.model.standard import Standard
from safecli.read.standards import load_standard

T = TypeVar("T")


def _every(paths: Iterable[Path | str], load: Callable[[Path | str], T]) -> list[tuple[Path, T]]:
    """Load each file; raise InvalidFile with the problems of all files together."""
    good: list[tuple[Path, T]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            good.append((Path(path), load(path)))
        except SafecliError as error:
            problems.extend(error.problems)
    if problems:
        raise InvalidFile(problems)
    return good


def lint_standards(paths: Iterable[Path | str]) -> list[tuple[Path, Standard]]:
    """Load each standard fully (schema and meaning), reporting every file's problems."""
    return _every(paths, load_standard)
