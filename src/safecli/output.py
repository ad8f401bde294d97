"""Writing output files: all or nothing, never over an input."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from safecli.errors import OutputError, Problem


class Inputs:
    """The files a command read, resolved once: a batch writing many outputs checks each
    output against them without resolving every input again for every output."""

    def __init__(self, paths: Iterable[Path | str] = ()) -> None:
        self._resolved = {Path(p).resolve() for p in paths}

    def __contains__(self, path: object) -> bool:
        return path in self._resolved


def _target(path: Path | str, inputs: Iterable[Path | str] | Inputs) -> tuple[Path, Path]:
    target = Path(path)
    resolved = target.resolve()
    guard = inputs if isinstance(inputs, Inputs) else Inputs(inputs)
    if resolved in guard:
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
    return target, resolved


def write_atomic(
    path: Path | str, data: str | bytes, *, inputs: Iterable[Path | str] | Inputs = ()
) -> Path:
    """Write `data` to `path` through a temporary file renamed into place.

    A crash or an error leaves either the old file or the new one, never half of one; and an
    output that would replace one of the `inputs` is refused.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    return write_atomic_chunks(path, [payload], inputs=inputs)


def write_atomic_chunks(
    path: Path | str,
    chunks: Iterable[str | bytes],
    *,
    inputs: Iterable[Path | str] | Inputs = (),
) -> Path:
    """`write_atomic` for output made in pieces: each is written as it comes (flat memory)."""
    target, resolved = _target(path, inputs)
    fd, tmp = _create_temp(resolved.parent, target.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
        if resolved.exists():  # replacing a file keeps its mode, as open("w") would
            os.chmod(tmp, resolved.stat().st_mode & 0o7777)
        os.replace(tmp, resolved)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _create_temp(folder: Path, name: str) -> tuple[int, str]:
    """A new temporary file beside the target, created with mode 0666 so the umask applies.

    `tempfile.mkstemp` would make it 0600 whatever the umask, and a report put on a share
    would then be unreadable by colleagues; os.open with 0o666 gives what open() gives.
    """
    for _ in range(100):
        tmp = str(folder / f".{name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {folder / name}")


def safe_name(name: str) -> str:
    """A file name made from a unit's name that cannot leave its folder."""
    cleaned = "".join("_" if c in '/\\:*?"<>|\0' or ord(c) < 32 else c for c in name).strip(". ")
    return cleaned[:120] or "unnamed"
