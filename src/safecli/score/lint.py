"""Check many files at once, collecting every problem of every file before stopping."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from safecli.model.errors import InvalidFile, Problem, SafecliError
from safecli.model.standard import Standard
from safecli.read.catalog import Catalog
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


def lint_with_warnings(
    paths: Iterable[Path | str], catalog: Catalog | None = None
) -> tuple[list[tuple[Path, Standard]], list[Problem]]:
    """Load each standard fully and list the authoring warnings of each (`standard_lint`);
    raise InvalidFile with every file's errors, ids that differ only in case or width included.
    An overlay is applied over its base, found in `catalog` (needed only for overlays)."""
    from safecli.read import yamlio
    from safecli.read.overlays import is_overlay, read_overlay
    from safecli.read.standards import standard_of
    from safecli.score.standard_lint import id_problems, lint_warnings

    good: list[tuple[Path, Standard]] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for path in paths:
        clashes: list[Problem] = []
        try:
            doc = yamlio.read(path)
            if is_overlay(doc) and catalog is not None:
                std = catalog.overlay(read_overlay(doc))
                good.append((Path(path), std))
                continue  # its warnings are its base's, and the base is linted on its own
            clashes = id_problems(doc)
            std = standard_of(doc)
        except SafecliError as error:
            problems.extend(clashes + error.problems)
            continue
        if clashes:
            problems.extend(clashes)
            continue
        good.append((Path(path), std))
        warnings.extend(lint_warnings(std, doc))
    if problems:
        raise InvalidFile(sorted(set(problems)))
    return good, warnings
