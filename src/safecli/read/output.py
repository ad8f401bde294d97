"""The one guarded way safecli writes a file: all or nothing, never over an input.

A regular file is written to a temporary file beside the target and renamed into place, so
a crash, a full disk or a signal leaves either the old file or the new one, never half of one,
and never the temporary file (SIGTERM, SIGHUP and SIGINT remove it before the process ends).
A device or a pipe named as the output (`-o /dev/stdout`) is written directly. Every OS error
becomes a located `OutputError` (exit 2), and an output that is any file the command read
(`safecli.read.files.track`) or one of the `inputs` given is refused.
"""

from __future__ import annotations

import os
import secrets
import signal
import stat
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from safecli.model.errors import OutputError
from safecli.model.wording import problem
from safecli.read import files

_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)


def _refuse(target: Path, code: str, hint: str | None = None, **params: object) -> OutputError:
    return OutputError(problem(str(target), code=code, hint=hint, **params))


class Inputs:
    """The files a command read, resolved once: a batch writing many outputs checks each
    output against them without resolving every input again for every output. Compared by
    path and by device and inode (a hard link is the same file)."""

    def __init__(self, paths: Iterable[Path | str] = ()) -> None:
        self._resolved: set[Path] = set()
        self._ids: set[tuple[int, int]] = set()
        for p in paths:
            self.add(p)

    def add(self, path: Path | str) -> None:
        """Remember one more input."""
        with suppress(OSError, RuntimeError):  # RuntimeError: a symlink loop (< 3.13)
            self._resolved.add(Path(path).resolve())
        with suppress(OSError):
            info = os.stat(path)
            self._ids.add((info.st_dev, info.st_ino))

    def __contains__(self, path: object) -> bool:
        if not isinstance(path, (str, Path)):
            return False
        with suppress(OSError, RuntimeError):
            if Path(path).resolve() in self._resolved:
                return True
        try:
            info = os.stat(path)
        except OSError:
            return False
        return (info.st_dev, info.st_ino) in self._ids


def names_an_input(target: Path | str | None, root: Path, records: Iterable[str]) -> bool:
    """Whether `target` is one of `records` (paths relative to `root`, read one at a time: a
    million records are never held as Paths): by name, or as the same file (device and inode)
    when the target exists."""
    if target is None:
        return False
    resolved = Path(target).resolve()
    names = {resolved.as_posix()}
    with suppress(ValueError, OSError):
        names.add(resolved.relative_to(root.resolve()).as_posix())
    try:
        info = os.stat(target)
        same: tuple[int, int] | None = (info.st_dev, info.st_ino)
    except OSError:
        same = None
    for rel in records:
        if rel in names:
            return True
        if same is not None:
            try:
                other = os.stat(root / rel)
            except OSError:
                continue
            if (other.st_dev, other.st_ino) == same:
                return True
    return False


def check_target(path: Path | str, inputs: Iterable[Path | str] | Inputs = ()) -> Path:
    """OutputError unless `path` may be written: not an input, not a folder, not a read-only
    file, its folder there."""
    target = Path(path)
    guard = inputs if isinstance(inputs, Inputs) else Inputs(inputs)
    if files.was_read(target) or target in guard:
        raise _refuse(target, "output-overwrites-input", "hint-choose-another-o")
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise OutputError(files.os_problem(str(target), error, "write")) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise _refuse(target, "output-is-folder", "hint-give-file-name")
    if info is not None and stat.S_ISREG(info.st_mode) and not info.st_mode & 0o222:
        # even root: mode 0444 is the owner saying "keep this"
        raise _refuse(target, "output-read-only", "hint-make-writable")
    folder = target.parent
    try:
        folder_info = os.stat(folder)
    except FileNotFoundError:
        raise _refuse(target, "output-folder-missing", "hint-create-it", folder=folder) from None
    except OSError as error:
        raise OutputError(files.os_problem(str(target), error, "write")) from None
    if not stat.S_ISDIR(folder_info.st_mode):
        raise _refuse(target, "output-parent-not-folder", "hint-choose-another-o", folder=folder)
    return target


def write_atomic(
    path: Path | str, data: str | bytes, *, inputs: Iterable[Path | str] | Inputs = ()
) -> Path:
    """Write `data` to `path` whole or not at all; OutputError (exit 2) on any failure."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    return write_atomic_chunks(path, [payload], inputs=inputs)


def rewrite_input(path: Path | str, data: str) -> Path:
    """Replace a file safecli read with `data`, whole or not at all. Only an edit the person
    asked for does this (`safecli evidence hash` filling hashes into the record it is given);
    every other output refuses to overwrite an input."""
    return write_atomic_chunks(path, [data.encode("utf-8")], editing=True)


def write_atomic_chunks(
    path: Path | str,
    chunks: Iterable[str | bytes],
    *,
    inputs: Iterable[Path | str] | Inputs = (),
    editing: bool = False,
) -> Path:
    """`write_atomic` for output made in pieces: each is written as it comes (flat memory).

    `editing` (for `rewrite_input` only) allows replacing a file this run read."""
    target = Path(path) if editing else check_target(path, inputs)
    try:
        info = os.stat(target)
    except OSError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_special(target, chunks)  # a device or a pipe cannot be renamed over
        return target
    # through a symlink (e.g. /dev/stdout redirected to a file) replace the file, not the link
    final = Path(os.path.realpath(target)) if info is not None else target
    folder = final.parent
    try:
        fd, tmp = _create_temp(folder, final.name)
    except OSError as error:
        raise _refuse(
            target,
            "output-cannot-create",
            "hint-writable-folder",
            folder=folder,
            reason=files.os_reason_code(error),
        ) from None
    try:
        with removed_on_signal(tmp):
            try:
                with os.fdopen(fd, "wb") as handle:
                    for chunk in chunks:
                        handle.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
                if info is not None:  # replacing a file keeps its mode, as open("w") would
                    os.chmod(tmp, info.st_mode & 0o7777)
                os.replace(tmp, final)
            except OSError as error:
                raise OutputError(files.os_problem(str(target), error, "write")) from None
    except BaseException:
        _unlink(tmp)
        raise
    return target


def _write_special(target: Path, chunks: Iterable[str | bytes]) -> None:
    """Write to a device or a pipe: non-blocking open (a pipe without a reader is refused)."""
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        if error.errno == 6:  # ENXIO: a named pipe nobody reads
            raise _refuse(target, "output-pipe-no-reader", "hint-start-reader") from None
        raise OutputError(files.os_problem(str(target), error, "write")) from None
    try:
        os.set_blocking(fd, True)
        for chunk in chunks:
            view = memoryview(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
            while view:
                written = os.write(fd, view)
                view = view[written:]
    except OSError as error:
        raise OutputError(files.os_problem(str(target), error, "write")) from None
    finally:
        os.close(fd)


def make_folder(path: Path | str) -> Path:
    """Create an output folder (and its parents), or OutputError when it cannot be one."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise _refuse(folder, "out-dir-is-file", "hint-give-out-dir") from None
    except OSError as error:
        raise OutputError(files.os_problem(str(folder), error, "create")) from None
    if not folder.is_dir():
        raise _refuse(folder, "out-dir-is-file", "hint-give-out-dir")
    return folder


def _create_temp(folder: Path, name: str) -> tuple[int, str]:
    """A new temporary file beside the target, created with mode 0666 so the umask applies.

    `tempfile.mkstemp` would make it 0600 whatever the umask, and a report put on a share
    would then be unreadable by colleagues; os.open with 0o666 gives what open() gives.
    """
    for _ in range(100):
        short = name.encode("utf-8")[:200].decode("utf-8", "ignore")  # within 255 bytes
        tmp = str(folder / f".{short}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {folder / name}")


def _unlink(tmp: str) -> None:
    if os.path.isdir(tmp) and not os.path.islink(tmp):
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
        return
    with suppress(OSError):
        os.unlink(tmp)


@contextmanager
def removed_on_signal(tmp: str | Path, made: Path | None = None) -> Iterator[None]:
    """While writing, a terminating signal removes the temporary file (or staging folder),
    and the folder `made` for the output when it is left empty, then ends the process as
    that signal would have (the previous handler runs, or the default action)."""
    tmp = str(tmp)
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in _SIGNALS}

    def handler(signum: int, frame: object) -> None:
        _unlink(tmp)
        if made is not None:
            with suppress(OSError):
                os.rmdir(made)  # only when empty: an interrupted batch leaves no folder
        for sig, old in previous.items():
            signal.signal(sig, old)
        old = previous[signum]
        if callable(old):
            old(signum, frame)
        elif old != signal.SIG_IGN:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)

    for sig in _SIGNALS:
        signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


_DROPPED = {
    *(chr(c) for c in range(0x200B, 0x2010)),  # zero-width space/joiners, LRM, RLM
    *(chr(c) for c in range(0x202A, 0x202F)),  # bidi embeddings and overrides
    *(chr(c) for c in range(0x2060, 0x2070)),  # word joiner, invisible operators, bidi isolates
    "\u061c",  # Arabic letter mark
    "\u180e",  # Mongolian vowel separator
    "\ufeff",  # zero-width no-break space (BOM)
}


NAME_BYTES = 255
"""The longest file name (in UTF-8 bytes) ext4, XFS, btrfs and NTFS-over-Linux all take."""


def safe_name(name: str, *, tail: str = "", reserve: int = 0) -> str:
    """A file name made from a unit's name (and `tail`, e.g. a date) that cannot leave its
    folder or hide its extension, and fits a file system: `name` is cut on a character so the
    result and `reserve` more bytes (the extension, a `-2`) stay within 255 UTF-8 bytes; the
    tail is kept whole.

    Path separators and characters Windows forbids become `_`; control, bidi and zero-width
    characters are dropped (a U+202E would show `exe.txt` as `txt.exe`). Text is NFC first,
    so two spellings of one name give one file name.
    """
    head = _clean_name(name)
    end = _clean_name(tail) if tail else ""
    room = NAME_BYTES - reserve - len(end.encode("utf-8"))
    head = head.encode("utf-8")[: max(room, 0)].decode("utf-8", "ignore").rstrip(". ")
    if not head:
        head = "unnamed"
    return head + end


def _clean_name(name: str) -> str:
    text = unicodedata.normalize("NFC", name)
    kept = "".join(
        c
        for c in text
        if (c not in _DROPPED and unicodedata.category(c) not in ("Cf", "Cc", "Cs"))
        or c in "\t\n\r"
    )
    return "".join("_" if c in '/\\:*?"<>|\0' or ord(c) < 32 else c for c in kept).strip(". ")
