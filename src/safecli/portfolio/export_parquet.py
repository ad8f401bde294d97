"""The Parquet side of `safecli export`: the spooled records written as Arrow columns.

Each partition (standard and year) is read once from the export's spool and gives two files,
`units/…/part` and `items/…/part`, each of row groups of BATCH_ROWS rows in the order the
records came. Columns are built directly, never a tuple per row: a record's item columns are
extended as they are, and the columns an item row takes from its record (unit, dates, path…)
are one value per record, repeated by index (`take`) in Arrow.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from itertools import repeat
from pathlib import Path
from typing import Any

from safecli.portfolio.spool import Bins, unpack

BATCH_ROWS = 32_768
"""Rows of one partition per Parquet row group."""

Column = tuple[str, str, bool, str]


def write_tables(
    spool: Bins,
    folder: Path,
    tables: dict[str, tuple[Column, ...]],
    partition_keys: tuple[str, ...],
    part: str,
    metadata: dict[str, str],
) -> None:
    """Both tables, partition by partition (in the order of their keys' text), from the spooled
    `(unit_row, common, path, items)` of each record; one partition's writers and one row group
    of each table in memory at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    _without_pandas(pa)
    # the system allocator hands freed row groups back: pyarrow's default (mimalloc) kept
    # some 45 MiB of them resident for the rest of the run
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        _write(pa, pq, spool, folder, tables, partition_keys, part, metadata)
    finally:
        pa.set_memory_pool(previous)


def _write(
    pa: Any,
    pq: Any,
    spool: Bins,
    folder: Path,
    tables: dict[str, tuple[Column, ...]],
    partition_keys: tuple[str, ...],
    part: str,
    metadata: dict[str, str],
) -> None:
    plans = {
        name: _Plan(pa, columns, partition_keys, metadata, items=name == "items")
        for name, columns in tables.items()
    }
    for partition in spool.bins():
        writers: dict[str, Any] = {}
        try:
            for unit_row, common, path, items in spool.values(partition):
                if not writers:
                    where = [f"{k}={common[i]}" for k, i in zip(partition_keys, _KEYS, strict=True)]
                    for name, plan in plans.items():
                        place = folder.joinpath(name, *where)
                        place.mkdir(parents=True, exist_ok=True)
                        writers[name] = pq.ParquetWriter(
                            place / part, plan.schema, compression="zstd"
                        )
                plans["units"].add_unit(unit_row, writers["units"])
                plans["items"].add_items(common, path, items, writers["items"])
            for name, writer in writers.items():
                plans[name].flush(writer, plans[name].rows)
        finally:
            for plan in plans.values():
                plan.clear()
            for writer in writers.values():
                writer.close()


_KEYS = (3, 9)
"""Where the partition keys (standard, year) are in a record's common columns."""


class _Plan:
    """One table's columns of the row group being gathered."""

    def __init__(
        self,
        pa: Any,
        columns: Sequence[Column],
        partition_keys: tuple[str, ...],
        metadata: dict[str, str],
        *,
        items: bool,
    ) -> None:
        self.pa = pa
        self.items = items
        names = [c[0] for c in columns]
        stored = [c for c in columns if c[0] not in partition_keys]
        self.keep = [names.index(c[0]) for c in stored]
        """Each stored column's place in the table's full row."""
        self.schema = pa.schema(
            [pa.field(name, _arrow_type(pa, kind), nullable) for name, kind, nullable, _ in stored],
            metadata=metadata,
        )
        self.types = [f.type for f in self.schema]
        self.values: list[list[Any]] = [[] for _ in self.keep]
        """Units: one value per row. Items: the item's own columns one value per row, the
        columns it takes from its record one value per record."""
        self.index: list[int] = []
        """Items: each row's record, by its place among the records gathered."""
        self.rows = 0
        self.records = 0
        # an item row is (*common, item, section, status, earned, points, applicable, veto,
        # path, exception, exception_until, exception_state): where each stored value comes from
        self.source: list[tuple[str, int]] = []
        for i in self.keep:
            if i < 10:
                self.source.append(("common", i))
            elif i < 17:
                self.source.append(("own", i - 10))
            elif i == 17:
                self.source.append(("path", 0))
            else:
                self.source.append(("own", i - 11))

    def add_unit(self, row: tuple[Any, ...], writer: Any) -> None:
        for values, i in zip(self.values, self.keep, strict=True):
            values.append(row[i])
        self.rows += 1
        if self.rows >= BATCH_ROWS:
            self.flush(writer, BATCH_ROWS)

    def add_items(self, common: tuple[Any, ...], path: str, items: bytes, writer: Any) -> None:
        columns = unpack(items)
        if not columns:
            return
        count = len(columns[0])
        for values, (kind, k) in zip(self.values, self.source, strict=True):
            if kind == "own":
                values.extend(columns[k])
            else:
                values.append(common[k] if kind == "common" else path)
        self.index.extend(repeat(self.records, count))
        self.records += 1
        self.rows += count
        if self.rows >= BATCH_ROWS:
            self.flush(writer, BATCH_ROWS)

    def flush(self, writer: Any, size: int) -> None:
        """Write the first `size` rows gathered as one row group."""
        if not size:
            return
        pa = self.pa
        if not self.items:
            arrays = [
                pa.array(v[:size], type=t) for v, t in zip(self.values, self.types, strict=True)
            ]
            for values in self.values:
                del values[:size]
        else:
            index = self.index[:size]
            take = pa.array(index, type=pa.int32())
            last = index[-1] + 1
            arrays = [
                pa.array(values[:size], type=t)
                if kind == "own"
                else pa.array(values[:last], type=t).take(take)
                for values, (kind, _), t in zip(self.values, self.source, self.types, strict=True)
            ]
            rest = self.index[size:]
            done = rest[0] if rest else last
            """Records whose rows are all written."""
            for values, (kind, _) in zip(self.values, self.source, strict=True):
                del values[: size if kind == "own" else done]
            self.index = [i - done for i in rest]
            self.records -= done
        self.rows -= size
        writer.write_table(pa.Table.from_arrays(arrays, schema=self.schema))

    def clear(self) -> None:
        for values in self.values:
            values.clear()
        self.index = []
        self.rows = self.records = 0


def _arrow_type(pa: Any, kind: str) -> Any:
    return {
        "string": pa.string(),
        "int16": pa.int16(),
        "int32": pa.int32(),
        "float64": pa.float64(),
        "bool": pa.bool_(),
        "date32": pa.date32(),
    }[kind]


class _NoPandas:
    """An import finder that refuses pandas (see `_without_pandas`)."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas":
            raise ImportError("pandas is not needed to write Parquet")


def _without_pandas(pa: Any) -> None:
    """pyarrow asks of each list it converts whether it is a pandas object, importing pandas
    to know (0.3 s of CPU and 45 MiB) the first time: an export never hands it one, so that
    first question finds no pandas. pyarrow imports it again when a caller later asks it for
    pandas itself (`to_pandas`), so nothing else in the process loses it."""
    if "pandas" in sys.modules:
        return
    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([], type=pa.int8())
    finally:
        sys.meta_path.remove(finder)
