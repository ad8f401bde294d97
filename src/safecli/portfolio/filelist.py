"""A long list of record files held compactly: each folder's names sorted and packed.

A million records' paths as `str` objects would hold about 140 MiB in the main process for the
whole run (and `Path` objects twice that). Here a folder's record names are kept sorted, joined
by NUL (never part of a file name) and zlib-compressed in blocks of `BLOCK` names: a few bytes a
record. `FileList` is the sequence of files in path order that the pool slices chunk by chunk;
an item is rebuilt as `os.path.join(folder, name)`, the string the walk would have given.
"""

from __future__ import annotations

import heapq
import os
import sys
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

BLOCK = 1024
"""Names per packed block: the unit of compression and of decompression."""
RAW_BELOW = 32
"""A block of fewer names is stored as it is: zlib would not make it smaller."""
RUN = 65_536
"""Names sorted at a time while a folder is read: a huge flat folder is sorted run by run and
the runs merged, so its names are never all `str` objects at once."""
_ENCODING = sys.getfilesystemencoding()
_ERRORS = sys.getfilesystemencodeerrors()
EXTRA = -1
"""The source of a file kept whole (a file named on the command line, a symlink)."""


def _pack(names: Sequence[str]) -> bytes:
    raw = "\0".join(names).encode(_ENCODING, _ERRORS)
    return raw if len(names) < RAW_BELOW else zlib.compress(raw, 1)


def _unpack(block: bytes, count: int) -> list[str]:
    raw = block if count < RAW_BELOW else zlib.decompress(block)
    return raw.decode(_ENCODING, _ERRORS).split("\0")


class Names:
    """Sorted names, packed in blocks of `BLOCK`."""

    __slots__ = ("blocks", "count")

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.blocks: list[bytes] = []
        self.count = 0
        batch: list[str] = []
        for name in names:
            batch.append(name)
            if len(batch) == BLOCK:
                self._add(batch)
                batch = []
        if batch:
            self._add(batch)

    def _add(self, batch: list[str]) -> None:
        self.blocks.append(_pack(batch))
        self.count += len(batch)

    def block(self, index: int) -> list[str]:
        """The names of block `index`."""
        size = min(BLOCK, self.count - index * BLOCK)
        return _unpack(self.blocks[index], size)

    def __iter__(self) -> Iterator[str]:
        for index in range(len(self.blocks)):
            yield from self.block(index)

    def __len__(self) -> int:
        return self.count


class NameSorter:
    """A folder's names as they are read, sorted run by run; `sorted()` merges the runs."""

    def __init__(self) -> None:
        self._runs: list[Names] = []
        self._batch: list[str] = []

    def add(self, name: str) -> None:
        self._batch.append(name)
        if len(self._batch) == RUN:
            self._runs.append(Names(sorted(self._batch)))
            self._batch = []

    def sorted(self) -> Names:
        batch = sorted(self._batch)
        self._batch = []
        if not self._runs:
            return Names(batch)
        runs, self._runs = self._runs, []
        return Names(heapq.merge(*runs, batch))


class FileList(Sequence[str]):
    """Record files in path order, each a position in a folder's packed names (or kept whole).

    Built by `append`ing (source, position) in order: consecutive positions of one source make
    one run, so a folder's files cost their packed names and a few integers per folder.
    """

    def __init__(self, folders: list[str], names: list[Names]) -> None:
        self._folders = folders
        self._names = names
        self._extra: list[str] = []
        self._source = array("q")
        self._first = array("q")
        self._start = array("q")  # the run's first index in the list; its end is the next's
        self._count = 0
        self._cached: tuple[int, int, list[str]] = (-2, -1, [])

    def append(self, source: int, position: int) -> None:
        """Add position `position` of folder `source` (a name of `names[source]`)."""
        runs = len(self._source)
        if (
            runs
            and self._source[-1] == source
            and self._first[-1] + (self._count - self._start[-1]) == position
        ):
            self._count += 1
            return
        self._source.append(source)
        self._first.append(position)
        self._start.append(self._count)
        self._count += 1

    def append_whole(self, file: str) -> None:
        """Add a file kept as its whole path."""
        self.append(EXTRA, len(self._extra))
        self._extra.append(file)

    def __len__(self) -> int:
        return self._count

    def _item(self, run: int, offset: int) -> str:
        source = self._source[run]
        position = self._first[run] + offset
        if source == EXTRA:
            return self._extra[position]
        block, inside = divmod(position, BLOCK)
        cached_source, cached_block, names = self._cached
        if (cached_source, cached_block) != (source, block):
            names = self._names[source].block(block)
            self._cached = (source, block, names)
        return os.path.join(self._folders[source], names[inside])

    def _items(self, start: int, stop: int) -> Iterator[str]:
        if start >= stop:
            return
        run = bisect_right(self._start, start) - 1
        index = start
        while index < stop:
            end = self._start[run + 1] if run + 1 < len(self._start) else self._count
            for i in range(index, min(end, stop)):
                yield self._item(run, i - self._start[run])
            index = end
            run += 1

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            return list(self._items(start, stop))
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("FileList index out of range")
        return next(self._items(index, index + 1))

    def __iter__(self) -> Iterator[str]:
        return self._items(0, self._count)
