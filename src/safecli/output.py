"""Writing output files: all or nothing, never over an input."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from safecli.errors import OutputError, Problem


def write_atomic(path: Path | str, data: str | bytes, *, inputs: Iterable[Path | str] = ()) -> Path:
    """Write `data` to `path` through a temporary file renamed into place.

    A crash or an error leaves either the old file or the new one, never half of one; and an
    output that would replace one of the `inputs` is refused.
    """
    target = Path(path)
    resolved = target.resolve()
    for source in inputs:
        if Path(source).resolve() == resolved:
            raise OutputError(
                Problem(
                    str(target),
                    message="the output would overwrite an input",
                    hint="choose another -o",
                )
            )
    folder = resolved.parent
    if not folder.is_dir():
        raise OutputError(
            Problem(str(target), message=f"folder {folder} does not exist", hint="create it first")
        )
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, resolved)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def safe_name(name: str) -> str:
    """A file name made from a unit's name that cannot leave its folder."""
    cleaned = "".join("_" if c in '/\\:*?"<>|\0' or ord(c) < 32 else c for c in name).strip(". ")
    return cleaned[:120] or "unnamed"
