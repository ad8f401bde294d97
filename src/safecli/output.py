"""Writing output files: all or nothing, never over an input."""

from __future__ import annotations

import os
import secrets
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
    fd, tmp = _create_temp(folder, target.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
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
