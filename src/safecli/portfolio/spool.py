"""Items sorted by a key on disk: what lets a portfolio fold a million records in flat memory.

A `Spool` takes `(key, value)` pairs as records are scored and gives them back sorted by key, as
often as asked: pairs are pickled into a buffer; a full buffer (SPILL_BYTES) is sorted and
written as one run to an anonymous temporary file, and reading merges the runs and what is
still buffered. Keys must be unique (the callers end them with the record's arrival number),
so the order never depends on how values compare, nor on which worker finished first.

The file is made by `tempfile.TemporaryFile` in the system's temporary folder: it has no name
once created, so it disappears when the process ends, however it ends (an exception, Ctrl-C,
SIGTERM, SIGKILL), and it never lies beside the user's inputs.
"""

from __future__ import annotations

import heapq
import os
import pickle
import struct
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import itemgetter
from typing import IO, Any, overload

CHUNK = 256
"""Pairs pickled together as one frame of a run (one pickle call, class names written once)."""
READ_BLOCK = 64 * 1024
"""Bytes read at a time from each run while merging (a million records: some 250 runs)."""
_LENGTH = struct.Struct("<Q")
_first = itemgetter(0)


class Spool:
    """(key, value) pairs, given back in key order (`sorted()`, any number of times).

    `limit` pairs are held in memory; beyond it they are sorted and written out as a run.
    Choose it from the size of a value: the buffer should stay around ten MiB.
    """

    def __init__(self, limit: int = 4096) -> None:
        self.limit = limit
        self._buffer: list[tuple[Any, Any]] = []
        self._file: IO[bytes] | None = None
        self._runs: list[tuple[int, int]] = []
        """Each run's (start, end) offsets in the file."""
        self._size = 0
        self.count = 0

    def add(self, key: Any, value: Any) -> None:
        self._buffer.append((key, value))
        self.count += 1
        if len(self._buffer) >= self.limit:
            self._spill()

    def _spill(self) -> None:
        self._buffer.sort(key=_first)
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="safecli-spool-")  # noqa: SIM115
        start = self._size
        handle = self._file
        handle.seek(start)
        buffer = self._buffer
        for at in range(0, len(buffer), CHUNK):
            frame = pickle.dumps(buffer[at : at + CHUNK], pickle.HIGHEST_PROTOCOL)
            handle.write(_LENGTH.pack(len(frame)))
            handle.write(frame)
        handle.flush()
        self._size = handle.tell()
        self._runs.append((start, self._size))
        self._buffer = []

    def sorted(self) -> Iterator[tuple[Any, Any]]:
        """Every pair, by key."""
        self._buffer.sort(key=_first)
        sources: list[Iterator[tuple[Any, Any]]] = [self._run(s, e) for s, e in self._runs]
        sources.append(iter(list(self._buffer)))
        if len(sources) == 1:
            return sources[0]
        return heapq.merge(*sources, key=_first)

    def values(self) -> Iterator[Any]:
        """Every value, by key."""
        return (value for _, value in self.sorted())

    def _run(self, start: int, end: int) -> Iterator[tuple[Any, Any]]:
        """One run's pairs, read by offset (many readers of one file never share a position)."""
        assert self._file is not None
        fd = self._file.fileno()
        data = b""
        pos = 0
        offset = start
        while True:
            if len(data) - pos >= _LENGTH.size:
                (length,) = _LENGTH.unpack_from(data, pos)
                need = pos + _LENGTH.size + length
                if len(data) >= need:
                    yield from pickle.loads(data[pos + _LENGTH.size : need])
                    pos = need
                    continue
            if offset >= end:
                if pos < len(data):
                    raise OSError("the spool file ended early")
                return
            more = os.pread(fd, min(end - offset, max(READ_BLOCK, 2 * (len(data) - pos))), offset)
            if not more:
                raise OSError("the spool file ended early")
            data = data[pos:] + more
            offset += len(more)
            pos = 0

    def close(self) -> None:
        """Drop the file (also dropped when the process ends, however it ends)."""
        if self._file is not None:
            self._file.close()
            self._file = None
        self._runs = []
        self._buffer = []


class Lazy(Sequence[Any]):
    """A table's rows made again from a spool each time they are read (never held), with their
    number known; indexing reads them all once and keeps them (small documents do that)."""

    def __init__(self, make: Callable[[], Iterable[Any]], length: int) -> None:
        self._make = make
        self._length = length
        self._held: list[Any] | None = None

    def __iter__(self) -> Iterator[Any]:
        if self._held is not None:
            return iter(self._held)
        return iter(self._make())

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if self._held is None:
            self._held = list(self._make())
        return self._held[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, tuple, Lazy)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Lazy({self._length} rows)"
