"""The reference .docx a Word file is set on (`--reference-doc`), read once per run.

A user's reference is untrusted: read through the guarded reader (size counted, a regular file
only) and checked to be a Word package before any document is rendered on it; the bundled
reference fills in the styles it lacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from safecli.model.errors import Problem
from safecli.model.packaged import package_dir
from safecli.read import files
from safecli.read.letterhead import clean_letterhead


@dataclass(frozen=True)
class Reference:
    """A reference .docx: its bytes, the bundled one to fill in the styles it lacks (None when
    it is the bundled one), and its name for errors."""

    data: bytes
    base: bytes | None = None
    source: str = "reference.docx"
    dropped: tuple[Problem, ...] = ()
    """What was stripped from the user's file (external links, macro parts), a warning each."""


@cache
def bundled() -> Reference:
    """The reference shipped with safecli (templates/reference.docx)."""
    return Reference((package_dir("templates") / "reference.docx").read_bytes())


def read_reference(path: Reference | Path | str | None = None) -> Reference:
    """The user's reference (`--reference-doc`) with the bundled one beside it, else the bundled
    one; InvalidFile when the user's is not a Word package. A Reference already read is
    returned as it is."""
    if isinstance(path, Reference):
        return path
    if path is None:
        return bundled()
    data = files.read_bytes(path)  # a regular file, size counted: a user's, untrusted
    clean = clean_letterhead(data, str(path))  # bounded, no DTDs, no external parts or macros
    return Reference(
        clean.data, base=bundled().data, source=str(path), dropped=tuple(clean.dropped)
    )
