"""`safecli evidence hash`: the sha256 of each evidence file written into its YAML record."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from safecli.model.errors import InvalidFile, Problem, SafecliError
from safecli.model.record import Record
from safecli.model.wording import problem
from safecli.read import yamlio
from safecli.read.evidence import fill_hashes
from safecli.read.output import rewrite_input
from safecli.read.records import Catalog, read_record
from safecli.read.validation import validate


def hash_records(
    records: Sequence[Path | str], catalog: Catalog, *, rehash: bool = False
) -> list[tuple[Path, list[tuple[str, str]], list[Problem]]]:
    """Write the sha256 of each evidence file that exists into the YAML records given.

    Every record is read and checked first (InvalidFile lists every problem of every file, and
    nothing is written); then each record that gained a hash is rewritten whole, its comments
    and layout kept. Returns each record with the (item, file) entries filled in and a warning
    for each file left out (`fill_hashes`).
    """
    problems: list[Problem] = []
    edits: list[tuple[Path, str, list[tuple[str, str]], list[Problem]]] = []
    for given in records:
        path = Path(given)
        if path.suffix.lower() not in (".yaml", ".yml"):
            problems.append(problem(str(path), code="hash-yaml-only", hint="hint-hash-in-yaml"))
            continue
        try:
            read_record(path, catalog)
            text = yamlio.decode(yamlio.read_bytes(path), str(path))
            new, filled, skipped = fill_hashes(path, text, rehash=rehash)
            if filled:  # the edit must leave a record that still reads as the same record
                validate(yamlio.parse(new, str(path)), Record)
        except SafecliError as error:
            problems += error.problems
            continue
        edits.append((path, new, filled, skipped))
    if problems:
        raise InvalidFile(problems)
    for path, new, filled, _ in edits:
        if filled:
            rewrite_input(path, new)
    return [(path, filled, skipped) for path, _, filled, skipped in edits]
