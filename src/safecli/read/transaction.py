"""Many output files into one folder, all or nothing: `export`, `report --out-dir`,
`findings --notice`.

A `Transaction` stages every file in a hidden folder beside the targets
(`FOLDER/.safecli-tx-XXXX/new/…`) and swaps them in only at `commit()`:

1. every target is checked first, before anything moves: not an input (by path, device and
   inode, whatever role the input had), not read-only (mode 0444 is the owner saying "keep
   this"), not a folder, and the folder itself still the one the run started in (a folder
   deleted or replaced mid-run is an error, never "wrote 0 files");
2. the commit point is one rename: `COMMIT` appears in the staging folder, listing the set;
3. the staged files are renamed over the targets, terminating signals held back meanwhile,
   so SIGTERM, SIGHUP or SIGINT lands before the commit point (the old set stays, staging is
   removed) or after the last rename (the new set, staging removed), never between two files;
4. the staging folder is removed.

SIGKILL cannot be held back. A run killed before the commit point leaves the old set and a
staging folder; one killed after it leaves the renames half done and a staging folder holding
`COMMIT`. The next transaction on the folder (any export, report batch or notices into it)
repairs both before it starts: an uncommitted staging folder is removed, a committed one is
finished (the remaining files renamed in), so the folder holds the old set or the new one.
A staging folder is known dead because its run no longer holds its lock (`flock`), so two runs
at once never take each other's staging for a dead one. Two runs into one folder stage side
by side and commit one after the other (a lock on the folder): the folder ends with one run's
whole set, never a mix of both.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
import signal
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from safecli.model.errors import OutputError
from safecli.model.wording import problem
from safecli.read import files
from safecli.read.output import Inputs, check_target, make_folder, removed_on_signal

PREFIX = ".safecli-tx-"
"""The staging folders' names start with it (hidden on Unix)."""
COMMIT = "COMMIT"
LOCK_WAIT = 120.0
"""Seconds a run waits for another one's commit into the same folder before giving up."""
_HELD = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)


def _refuse(path: Path | str, code: str, hint: str | None = None, **params: Any) -> OutputError:
    return OutputError(problem(str(path), code=code, hint=hint, **params))


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGTERM, SIGHUP and SIGINT back for a few renames (delivered right after)."""
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    except (AttributeError, ValueError, OSError):  # no sigmask, or not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _lock(path: Path, blocking: bool) -> int | None:
    """An flock on a folder, held until the descriptor is closed; None when another run has it
    (only when not `blocking`)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        if not blocking:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
    except BlockingIOError:
        os.close(fd)
        if blocking:
            raise _refuse(
                path,
                "folder-locked",
                "hint-wait-or-another-folder",
                seconds=f"{LOCK_WAIT:.0f}",
            ) from None
        return None
    except BaseException:
        os.close(fd)
        raise


def _unlock(fd: int | None) -> None:
    if fd is not None:
        with suppress(OSError):
            os.close(fd)


def _staged_files(root: Path) -> list[str]:
    """The files under `root`, as sorted relative paths."""
    found = []
    for base, _dirs, names in os.walk(root):
        for name in names:
            found.append(os.path.relpath(os.path.join(base, name), root))
    return sorted(found)


def _move_in(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)


def recover(folder: Path) -> None:
    """Finish or drop what dead runs left in `folder` (the caller holds the folder's lock)."""
    try:
        entries = sorted(os.listdir(folder))
    except OSError:
        return
    for name in entries:
        staging = folder / name
        if not name.startswith(PREFIX) or staging.is_symlink() or not staging.is_dir():
            continue
        held = _lock(staging, blocking=False)
        if held is None:
            continue  # a live run stages there
        try:
            if (staging / COMMIT).is_file():
                new = staging / "new"
                for rel in _staged_files(new) if new.is_dir() else []:
                    with suppress(OSError):
                        _move_in(new / rel, folder / rel)
            shutil.rmtree(staging, ignore_errors=True)
        finally:
            _unlock(held)


class Transaction:
    """Stage files for `folder`, then swap them all in (`commit`) or none (`abort`).

    Use it as a context manager, straight after making it: leaving it by an exception aborts,
    and a terminating signal from its creation to its end removes the staging folder before
    the process ends.
    """

    def __init__(
        self, folder: Path | str, inputs: Iterable[Path | str] | Inputs = (), *, kind: str = ""
    ) -> None:
        self.folder = Path(folder)
        self.inputs = inputs if isinstance(inputs, Inputs) else Inputs(inputs)
        self.kind = kind
        self.created = not os.path.lexists(self.folder)
        make_folder(self.folder)
        info = os.stat(self.folder)
        self._identity = (info.st_dev, info.st_ino)
        self.staging = self.folder / f"{PREFIX}{secrets.token_hex(6)}"
        self.new = self.staging / "new"
        self._own: int | None = None
        # a terminating signal from here on removes the staging folder (held by __exit__)
        self._signal_guard = removed_on_signal(self.staging, self.folder if self.created else None)
        self._signal_guard.__enter__()
        try:
            folder_lock = _lock(self.folder, blocking=True)
            try:
                recover(self.folder)
                os.mkdir(self.staging, 0o755)
                self._own = _lock(self.staging, blocking=False)
            finally:
                _unlock(folder_lock)
            os.mkdir(self.new, 0o755)
        except BaseException as error:
            self._drop()
            self._signal_guard.__exit__(None, None, None)
            if isinstance(error, OSError):
                raise OutputError(files.os_problem(str(self.folder), error, "write")) from None
            raise

    def __enter__(self) -> Transaction:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        try:
            if kind is not None:
                self.abort()
        finally:
            self._signal_guard.__exit__(None, None, None)

    def path(self, rel: str | Path) -> Path:
        """Where to stage the file that becomes `folder/rel` (its folders made)."""
        staged = self.new / rel
        staged.parent.mkdir(parents=True, exist_ok=True)
        return staged

    def write(self, rel: str | Path, data: str | bytes) -> None:
        """Stage `data` as `folder/rel`."""
        staged = self.path(rel)
        try:
            with open(staged, "wb") as handle:
                handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        except OSError as error:
            raise OutputError(files.os_problem(str(self.folder / rel), error, "write")) from None

    def _check_folder(self) -> None:
        try:
            info = os.stat(self.folder)
        except OSError:
            info = None
        if info is None or (info.st_dev, info.st_ino) != self._identity or not self.new.is_dir():
            raise _refuse(
                self.folder,
                "folder-replaced",
                "hint-run-again",
            )

    def _check_parents(self, rel: Path) -> None:
        """OutputError when a folder the file needs is a file (`units` in place of units/)."""
        for parent in list(rel.parents)[:-1]:
            path = self.folder / parent
            if os.path.lexists(path) and not os.path.isdir(path):
                raise _refuse(path, "out-dir-is-file", "hint-move-or-another-folder")

    def commit(self) -> list[Path]:
        """Check every target, then swap the staged set in; the targets, sorted."""
        self._check_folder()
        rels = _staged_files(self.new)
        targets = [self.folder / rel for rel in rels]
        for rel, target in zip(rels, targets, strict=True):  # every refusal before any move
            self._check_parents(Path(rel))
            if os.path.isdir(target.parent):
                check_target(target, self.inputs)  # an input, read-only, a folder
        folder_lock = _lock(self.folder, blocking=True)
        try:
            self._check_folder()
            with _signals_held():
                for rel, target in zip(rels, targets, strict=True):
                    with suppress(OSError):  # replacing a file keeps its mode
                        os.chmod(self.new / rel, os.stat(target).st_mode & 0o7777)
                marker = self.staging / f"{COMMIT}.part"
                marker.write_text("\n".join(rels) + "\n", encoding="utf-8")
                os.replace(marker, self.staging / COMMIT)  # the commit point
                try:
                    for rel, target in zip(rels, targets, strict=True):
                        _move_in(self.new / rel, target)
                except OSError as error:
                    # committed: the next transaction on the folder finishes the renames
                    self._staging_kept = True
                    raise OutputError(files.os_problem(str(target), error, "write")) from None
                self._drop()
        except OutputError:
            raise
        except OSError as error:
            raise OutputError(files.os_problem(str(self.folder), error, "write")) from None
        finally:
            _unlock(folder_lock)
        return targets

    def abort(self) -> None:
        """Drop what was staged (and the folder, when this run made it and it is empty)."""
        if getattr(self, "_staging_kept", False):
            return
        self._drop()
        if self.created:
            with suppress(OSError):
                self.folder.rmdir()

    def _drop(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        _unlock(self._own)
        self._own = None
