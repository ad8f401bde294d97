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

from safecli.model.errors import Code, InvalidFile, Problem
from safecli.model.patterns import lazy
from safecli.model.wording import problem, text

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


def _kind(mode: int) -> Code:
    if stat.S_ISDIR(mode):
        return Code("not-a-file-folder")
    if stat.S_ISFIFO(mode):
        return Code("not-a-file-pipe")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Code("not-a-file-device")
    if stat.S_ISSOCK(mode):
        return Code("not-a-file-socket")
    return Code("not-a-file")


_REASONS: dict[int, Code] = {
    errno.ENOENT: Code("os-enoent"),
    errno.EACCES: Code("os-eacces"),
    errno.EPERM: Code("os-eacces"),
    errno.ELOOP: Code("os-eloop"),
    errno.EISDIR: Code("os-eisdir"),
    errno.ENOTDIR: Code("os-enotdir"),
    errno.ENAMETOOLONG: Code("os-enametoolong"),
    errno.ENOSPC: Code("os-enospc"),
    errno.EDQUOT: Code("os-edquot"),
    errno.EROFS: Code("os-erofs"),
    errno.EPIPE: Code("os-epipe"),
    errno.EIO: Code("os-eio"),
    errno.EFBIG: Code("os-efbig"),
}


def os_reason_code(error: OSError) -> str:
    """What went wrong, as a catalog code (`os-enospc`), or the system's own words."""
    code = _REASONS.get(error.errno or 0)
    if code is not None:
        return code
    return (error.strerror or type(error).__name__).lower()


def os_reason(error: OSError) -> str:
    """What went wrong, in a few plain English words (permission denied, no space left, …)."""
    reason = os_reason_code(error)
    return text(reason, "en") if isinstance(reason, Code) else reason


_DOING = {
    "read": (Code("cannot-read-permission"), Code("cannot-read")),
    "write": (Code("cannot-write-permission"), Code("cannot-write")),
    "create": (Code("cannot-create-permission"), Code("cannot-create")),
    "use": (Code("cannot-use-permission"), Code("cannot-use")),
}


def os_problem(name: str, error: OSError, doing: str = "read") -> Problem:
    """A located, readable problem for an OS error on `name` (never a traceback); `doing` is
    read, write, create or use."""
    code = error.errno
    denied, failed = _DOING[doing]
    if code == errno.ENOENT:
        return problem(name, code="no-such-file", hint="hint-check-path")
    if code in (errno.EACCES, errno.EPERM):
        return problem(name, code=denied)
    if code == errno.ELOOP:
        return problem(name, code="symlink-loop", hint="hint-fix-link")
    if code == errno.EISDIR:
        return problem(name, code="not-a-file-folder")
    hint = None
    if doing in ("write", "create"):  # a full disk, a quota, ulimit -f, a read-only mount
        hint = _WRITE_HINTS.get(code or 0)
    return problem(name, code=failed, hint=hint, reason=os_reason_code(error))


_WRITE_HINTS = {
    errno.ENOSPC: "hint-free-space",
    errno.EDQUOT: "hint-free-space",
    errno.EFBIG: "hint-free-space",
    errno.EROFS: "hint-write-elsewhere",
}


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
            raise InvalidFile(problem(name, code=_kind(info.st_mode), hint="hint-give-file"))
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
                    problem(
                        name,
                        code="file-too-large",
                        hint=hint or "hint-size-limit",
                        mib=limit // 1_048_576,
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
            problem(str(path), code="not-utf8", byte=f"0x{raw[error.start]:02x}")
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


_XML_DECLARATION = lazy(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


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
_ROOT_START = lazy(rb"<(?![?!])")


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
