"""Standards compiled once: a checked standard kept as JSON in the user's cache folder.

Reading a standard (the located YAML parse, the meaning checks, the model) costs a one-record
`safecli score` more than scoring does. A standard that passed every check is written here,
keyed by the SHA-256 of its file's bytes and of the code that reads it; the next run with the
same bytes validates the JSON through the same `Standard` model instead (a few milliseconds).

The folder is `$SAFECLI_CACHE_DIR`, else `$XDG_CACHE_HOME/safecli`, else the platform's user
cache folder (`~/.cache/safecli`); `SAFECLI_NO_CACHE=1` turns the cache off. A cache file is
hostile input like any other: plain JSON (never pickle), read only from a folder and a file
the user owns that nobody else may write, of bounded size, a header line (its format, its key
and the SHA-256 of the rest) then the standard, which is validated by the model; anything else is ignored and rewritten.
Writes go to a temporary file in the folder and are renamed over the entry, so a reader sees
a whole entry or none. Every failure (no home, a read-only disk, a full one) means no cache,
never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any

FORMAT = 1
"""The entry layout; a change makes every older entry a miss."""
MAX_ENTRY = 16 * 1024 * 1024
"""Bytes of an entry read at most (the largest bundled standard's is under 100 KB)."""


def cache_dir() -> Path | None:
    """The folder of cached standards, or None when the cache is off or has no home."""
    if os.environ.get("SAFECLI_NO_CACHE", "") not in ("", "0"):
        return None
    chosen = os.environ.get("SAFECLI_CACHE_DIR")
    if chosen:
        return Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "safecli"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "safecli" / "Cache"
    home = Path.home() if "HOME" in os.environ or sys.platform == "win32" else None
    if home is None:
        return None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "safecli"
    return home / ".cache" / "safecli"


@cache
def code_fingerprint() -> str:
    """What the reader of a standard is: safecli's and pydantic's versions and the size and
    time of every module of `model/` and `read/` (a changed checkout is a new key)."""
    import pydantic

    from safecli import __version__

    package = Path(__file__).resolve().parents[1]
    parts = [f"{FORMAT}", __version__, pydantic.VERSION]
    for folder in ("model", "read"):
        try:
            entries = sorted(os.scandir(package / folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".py"):
                info = entry.stat()
                parts.append(f"{folder}/{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def entry_key(raw: bytes) -> str:
    """The key of a standard file's bytes read by this code."""
    return hashlib.sha256(code_fingerprint().encode() + b"\0" + raw).hexdigest()


def _private_folder(folder: Path, create: bool) -> bool:
    """The folder exists (made 0700 when `create`), is a real folder the user owns, and no
    one else may write to it."""
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def digest(payload: bytes) -> str:
    """The SHA-256 of an entry's standard, as written (the header carries it)."""
    return hashlib.sha256(payload).hexdigest()


def _read_entry(path: Path) -> bytes | None:
    """An entry's bytes: a regular file the user owns that no one else may write, bounded."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY:
            return None
        if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            return None
        if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_ENTRY + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def load(raw: bytes) -> Any:
    """The standard of a file's bytes from the cache, or None (off, missing, or not trusted)."""
    folder = cache_dir()
    if folder is None:
        return None
    where = folder / "standards"
    if not (_private_folder(folder, False) and _private_folder(where, False)):
        return None
    key = entry_key(raw)
    body = _read_entry(where / f"{key}.json")
    if body is None or len(body) > MAX_ENTRY:
        return None
    header, _, payload = body.partition(b"\n")
    try:
        entry = json.loads(header)
        if not isinstance(entry, dict) or entry.get("format") != FORMAT:
            return None
        if entry.get("key") != key or entry.get("digest") != digest(payload):
            return None
        from safecli.model.standard import Standard

        return Standard.model_validate(json.loads(payload))
    except Exception:  # a bad entry is a miss, whatever is wrong with it
        return None


def store(raw: bytes, standard: Any) -> None:
    """Keep `standard`, read from `raw`, for the next run; silently nothing on any failure."""
    folder = cache_dir()
    if folder is None:
        return
    where = folder / "standards"
    if not (_private_folder(folder, True) and _private_folder(where, True)):
        return
    key = entry_key(raw)
    data = standard.model_dump(mode="json", exclude_unset=True)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    header = {"format": FORMAT, "key": key, "digest": digest(payload)}
    body = json.dumps(header).encode() + b"\n" + payload
    try:
        fd, temp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=where)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(body)
        os.replace(temp, where / f"{key}.json")
    except OSError:
        with suppress(OSError):
            os.unlink(temp)
