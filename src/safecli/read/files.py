"""The one guarded way safecli reads a file: regular files only, size counted while reading.

`stat` is not trusted for the size (a symlink to /dev/zero or a /proc file reports 0 bytes),
so the reader counts what it receives and stops one byte past the limit. Named pipes, devices
and sockets are refused without blocking (the file is opened non-blocking and checked with
`fstat` before the first read), folders and symlink loops get their own message.

Every file read through here is remembered for the current command (`track`), so the writer
can refuse an output that would overwrite any file the command read, whatever its role:
record, standard, template, safecli.yaml, profile.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from safecli.model.errors import InvalidFile, Problem

MAX_BYTES = 16 * 1024 * 1024
"""Larger files are refused: no record, sheet or standard comes near it."""
_CHUNK = 1024 * 1024

_read: set[tuple[int, int]] | None = None
"""(device, inode) of every file read by the current command, while `track` is on."""


@contextmanager
def track() -> Iterator[None]:
    """Remember every file read until the block ends (one command's inputs)."""
    global _read
    previous, _read = _read, set()
    try:
        yield
    finally:
        _read = previous


def was_read(path: Path | str) -> bool:
    """Whether the current command read `path` (the same file, by device and inode)."""
    if not _read:
        return False
    try:
        info = os.stat(path)
    except OSError:
        return False
    return (info.st_dev, info.st_ino) in _read


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe, not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    return "is not a regular file"


def os_reason(error: OSError) -> str:
    """What went wrong, in a few plain words (permission denied, no space left, …)."""
    reasons = {
        errno.ENOENT: "no such file or folder",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ELOOP: "a loop of symbolic links",
        errno.EISDIR: "is a folder",
        errno.ENOTDIR: "a part of the path is not a folder",
        errno.ENAMETOOLONG: "the path is too long",
        errno.ENOSPC: "no space left on the device",
        errno.EDQUOT: "disk quota exceeded",
        errno.EROFS: "the file system is read-only",
        errno.EPIPE: "the reader closed the pipe",
        errno.EIO: "an input/output error",
        errno.EFBIG: "the file is too large for the file system",
    }
    return reasons.get(error.errno or 0, error.strerror or type(error).__name__).lower()


def os_problem(name: str, error: OSError, doing: str = "read") -> Problem:
    """A located, readable problem for an OS error on `name` (never a traceback)."""
    code = error.errno
    if code == errno.ENOENT:
        return Problem(name, message="no such file", hint="check the path")
    if code in (errno.EACCES, errno.EPERM):
        return Problem(name, message=f"cannot {doing} the file (permission denied)")
    if code == errno.ELOOP:
        return Problem(name, message="a loop of symbolic links", hint="fix the link")
    if code == errno.EISDIR:
        return Problem(name, message="is a folder, not a file")
    return Problem(name, message=f"cannot {doing}: {os_reason(error)}")


def read_bytes(path: Path | str, limit: int = MAX_BYTES, hint: str | None = None) -> bytes:
    """A regular file's bytes, or InvalidFile with one located problem.

    Refused: missing, unreadable, a folder, a pipe, a device, a symlink loop, or more than
    `limit` bytes (counted while reading).
    """
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise InvalidFile(os_problem(name, error)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InvalidFile(Problem(name, message=_kind(info.st_mode), hint="give a file"))
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise InvalidFile(
                    Problem(
                        name,
                        message="the file is too large",
                        hint=hint or f"safecli reads files up to {limit // 1_048_576} MiB",
                    )
                )
    except OSError as error:
        raise InvalidFile(os_problem(name, error)) from None
    finally:
        os.close(fd)
    if _read is not None:
        _read.add((info.st_dev, info.st_ino))
    return b"".join(chunks)


def read_text(path: Path | str, limit: int = MAX_BYTES) -> str:
    """A regular file's UTF-8 text (a BOM is allowed), guarded as `read_bytes`."""
    raw = read_bytes(path, limit)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidFile(
            Problem(str(path), message=f"byte 0x{raw[error.start]:02x} is not UTF-8")
        ) from None


def read_head(path: Path | str, size: int) -> bytes | None:
    """Up to `size` bytes from the start of a regular file, or None when it is anything else
    or cannot be read (a pipe is never waited on)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks: list[bytes] = []
        left = size
        while left > 0:
            chunk = os.read(fd, min(_CHUNK, left))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


_XML_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def xml_declaration(body: bytes) -> tuple[str, int, int] | None:
    """A DOCTYPE or ENTITY declared in an XML part of an xlsx or docx, as (what, line,
    column), else None. Office never writes one; an external entity reads a file or the
    network, an internal one can expand without end: every reader refuses them."""
    found = _XML_DECLARATION.search(body)
    if found is None:
        return None
    before = body[: found.start()]
    line = before.count(b"\n") + 1
    col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    return found.group(1).decode().upper(), line, col


PROLOG_LIMIT = 1024 * 1024
"""Bytes of an XML part read to find its root element (a DOCTYPE can only come before it)."""
_ROOT_START = re.compile(rb"<(?![?!])")


def xml_prolog_declaration(stream: Any) -> tuple[str, int, int] | None:
    """`xml_declaration` for a part read as a stream, reading only its prolog (what comes
    before the root element, where a DOCTYPE must be): a million-row sheet is not read
    whole. A prolog past PROLOG_LIMIT counts as a declaration (nothing honest has one)."""
    head = b""
    while len(head) <= PROLOG_LIMIT:
        chunk = stream.read(65536)
        head += chunk
        root = _ROOT_START.search(head)
        if root is not None or not chunk:
            return xml_declaration(head[: root.start()] if root else head)
    found = xml_declaration(head)
    return found or ("DOCTYPE-sized prolog", 1, 1)
