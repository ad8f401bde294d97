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

FRAMES_PER_RUN = 64
"""A run is pickled in this many frames or more (a frame: one pickle call, class names written
once); merging holds one frame of each run."""
FAN_IN = 32
"""Runs merged at once: a 33rd run first merges the 32 into one (so a million records never
hold a frame of hundreds of runs)."""
READ_BLOCK = 64 * 1024
"""Bytes read at a time from each run while merging (a million records: some 250 runs)."""
_LENGTH = struct.Struct("<Q")
_first = itemgetter(0)


def pack(value: Any) -> bytes:
    """`value` as bytes for `unpack`: what a pool's worker sends back packed, so the main
    process can spool it as it came and unpickle it once, when it is used. Only ever bytes this
    process or its own workers made, never bytes read from a file."""
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def unpack(data: bytes) -> Any:
    """What `pack` made."""
    return pickle.loads(data)


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
        self._write_run(self._buffer)
        self._buffer = []
        if len(self._runs) > FAN_IN:
            merged = heapq.merge(*(self._run(s, e) for s, e in self._runs), key=_first)
            runs = self._runs
            self._runs = []
            self._write_run(merged)
            self._runs = self._runs[-1:]
            del runs

    def _write_run(self, pairs: Iterable[tuple[Any, Any]]) -> None:
        """Append sorted pairs to the file as one run, in frames of `limit / FRAMES_PER_RUN`."""
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="safecli-spool-")  # noqa: SIM115
        handle = self._file
        start = self._size
        frame_size = max(1, self.limit // FRAMES_PER_RUN)
        chunk: list[tuple[Any, Any]] = []
        frames: list[bytes] = []

        def put() -> None:
            frame = pickle.dumps(chunk, pickle.HIGHEST_PROTOCOL)
            frames.append(_LENGTH.pack(len(frame)))
            frames.append(frame)
            chunk.clear()

        for pair in pairs:
            chunk.append(pair)
            if len(chunk) >= frame_size:
                put()
                if len(frames) >= 2 * FRAMES_PER_RUN:  # written as they come (a merge is long)
                    os.pwrite(handle.fileno(), b"".join(frames), self._size)
                    self._size += sum(len(f) for f in frames)
                    frames.clear()
        if chunk:
            put()
        data = b"".join(frames)
        os.pwrite(handle.fileno(), data, self._size)
        self._size += len(data)
        self._runs.append((start, self._size))

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


class Bins:
    """Values kept apart by a bin key, given back bin by bin (bins by key, values of a bin in
    the order they came): an export's partitions. Nothing is sorted; the values wait in frames
    in an anonymous temporary file, and an index of each bin's frames stays in memory."""

    def __init__(self, limit: int = 1024) -> None:
        self.limit = limit
        """Values held in memory over all bins; beyond it every bin's values are written."""
        self._held: dict[Any, list[Any]] = {}
        self._count = 0
        self._frames: dict[Any, list[tuple[int, int]]] = {}
        self._file: IO[bytes] | None = None
        self._size = 0

    def add(self, key: Any, value: Any) -> None:
        self._held.setdefault(key, []).append(value)
        self._count += 1
        if self._count >= self.limit:
            self._write()

    def _write(self) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="safecli-bins-")  # noqa: SIM115
        fd = self._file.fileno()
        for key, values in self._held.items():
            frame = pickle.dumps(values, pickle.HIGHEST_PROTOCOL)
            os.pwrite(fd, frame, self._size)
            self._frames.setdefault(key, []).append((self._size, len(frame)))
            self._size += len(frame)
        self._held = {}
        self._count = 0

    def bins(self) -> list[Any]:
        """The bins' keys, sorted."""
        return sorted(set(self._frames) | set(self._held))

    def values(self, key: Any) -> Iterator[Any]:
        """One bin's values, in the order they came."""
        if self._file is not None:
            fd = self._file.fileno()
            for offset, length in self._frames.get(key, ()):
                yield from pickle.loads(os.pread(fd, length, offset))
        yield from self._held.get(key, ())

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._frames = {}
        self._held = {}


class Lazy(Sequence[Any]):
    """A table's rows made again from a spool each time they are read (never held), with their
    number known (or counted by one reading when asked); indexing reads them all once and keeps
    them (small documents do that)."""

    def __init__(self, make: Callable[[], Iterable[Any]], length: int | None = None) -> None:
        self._make = make
        self._length = length
        self._held: list[Any] | None = None

    def __iter__(self) -> Iterator[Any]:
        if self._held is not None:
            return iter(self._held)
        return iter(self._make())

    def __len__(self) -> int:
        if self._length is None:
            self._length = sum(1 for _ in self)
        return self._length

    def __bool__(self) -> bool:
        return next(iter(self), _NOTHING) is not _NOTHING

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if self._held is None:
            self._held = list(self._make())
            self._length = len(self._held)
        return self._held[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, tuple, Lazy)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Lazy({self._length} rows)"


_NOTHING = object()


def deferred(make: Callable[[], Iterable[Any]]) -> Lazy:
    """Rows made once, when first read (figures a csv never shows are never made)."""
    made: list[list[Any]] = []

    def once() -> list[Any]:
        if not made:
            made.append(list(make()))
        return made[0]

    return Lazy(once)


class Tape:
    """Values written in order and read back in that order, as often as asked (frames in an
    anonymous temporary file beyond `limit` values in memory)."""

    def __init__(self, limit: int = 4096) -> None:
        self._bins = Bins(limit)
        self.count = 0

    def add(self, value: Any) -> None:
        self._bins.add(0, value)
        self.count += 1

    def __iter__(self) -> Iterator[Any]:
        return self._bins.values(0)

    def close(self) -> None:
        self._bins.close()
