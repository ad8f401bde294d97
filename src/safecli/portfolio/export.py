"""`safecli export`: per-item and per-unit results as Parquet (or csv) for analytics engines.

The files are what DuckDB reads on a laptop and Spark or Trino read across a cluster: two
tables, `items` (one row per item of every record) and `units` (one row per record), each
partitioned by standard and inspection year (`units/standard=safe-enterprise/year=2025/...`,
hive style). Their columns, types and meanings below are a public interface (docs/export.md):
a change that breaks a reader raises SCHEMA_VERSION.

Rows stream out as records are scored: nothing but a buffer per open partition is held, so a
province's records export in flat memory. pyarrow is imported only when Parquet is written.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any

from safecli.model.errors import OutputError
from safecli.model.neutralise import table_cell
from safecli.model.wording import problem
from safecli.portfolio.config import Config
from safecli.portfolio.pool import Progress, invalid_error, scan, standard_of
from safecli.portfolio.shards import Shard
from safecli.portfolio.spool import Bins, pack, unpack
from safecli.read.files import os_problem
from safecli.read.transaction import Transaction
from safecli.score.results import Assessment

SCHEMA_VERSION = 1
"""Raised whenever a column is removed, renamed or changes type (adding one does not)."""

FORMATS = ("parquet", "csv")
PARTITION_KEYS = ("standard", "year")
"""The Parquet partition columns (hive-style folders, not stored inside the files)."""

Column = tuple[str, str, bool, str]
"""A column: name, type (Arrow/DuckDB), nullable, meaning."""

_COMMON: tuple[Column, ...] = (
    ("schema_version", "int16", False, "The export's schema version (SCHEMA_VERSION)."),
    (
        "unit",
        "string",
        False,
        "The unit: its code (统一社会信用代码) when it has one, else its name.",
    ),
    ("unit_name", "string", False, "The unit's name."),
    ("standard", "string", False, "The standard's id (a partition key)."),
    ("version", "string", False, "The standard's version."),
    ("period", "string", True, "The period the record covers (inspection.period)."),
    ("region", "string", True, "Where the unit is (subject.region)."),
    ("industry", "string", True, "The unit's industry id (subject.industry)."),
    ("inspection_date", "date32", False, "The inspection date."),
    ("year", "int32", False, "The inspection date's year (a partition key)."),
)
UNIT_COLUMNS: tuple[Column, ...] = (
    *_COMMON,
    ("total", "float64", False, "The total score, 0–100, rounded half up to one decimal."),
    ("grade", "string", False, "The grade id reached after vetoes."),
    ("grade_label", "string", False, "The grade's name (in the export's language)."),
    ("grade_rank", "int16", False, "The grade's position in the standard, 0 = highest."),
    ("lowest", "bool", False, "True when the grade is the standard's lowest (不合格 / 问题型)."),
    ("vetoed", "bool", False, "True when any veto fired."),
    ("vetoes", "string", False, "The ids of the vetoes that fired, comma-separated ('' if none)."),
    ("flag", "string", False, "Statuses the vetoes set (e.g. 黑名单), '; '-separated."),
    ("required", "string", True, "The grade safecli.yaml requires of the standard, if any."),
    ("meets_required", "bool", True, "The grade reaches `required` (null when none is set)."),
    ("earned", "float64", False, "Points earned in applicable items."),
    ("points", "float64", False, "Points of applicable items."),
    ("open_findings", "int32", False, "Findings still open."),
    ("overdue_major", "int32", False, "Major findings open past their deadline (as of)."),
    ("path", "string", False, "The record's file, relative to the repository root."),
    ("exceptions", "int32", False, "Exceptions (空项, 豁免) in force on the date judged by."),
    ("expired_exceptions", "int32", False, "Exceptions past their end date on that date."),
)
ITEM_COLUMNS: tuple[Column, ...] = (
    *_COMMON,
    ("item", "string", False, "The item id (e.g. content.6)."),
    ("section", "string", False, "The section id it belongs to."),
    ("status", "string", False, "met, partial, unmet, na or unanswered."),
    ("earned", "float64", False, "Points earned (two decimals)."),
    ("points", "float64", False, "The item's points."),
    ("applicable", "bool", False, "False when the item leaves both sums (not applicable)."),
    ("veto", "bool", False, "True for a 否决项."),
    ("path", "string", False, "The record's file, relative to the repository root."),
    ("exception", "string", True, "The exception deciding the item: na (空项) or waiver (豁免)."),
    ("exception_until", "date32", True, "The exception's last day."),
    ("exception_state", "string", True, "in-force, expired or pending on the date judged by."),
)
TABLES: dict[str, tuple[Column, ...]] = {"units": UNIT_COLUMNS, "items": ITEM_COLUMNS}

ItemRow = tuple[Any, ...]
"""item, section, status, earned, points, applicable, veto; then the exception's kind, last
day and state (None when no exception decides the item)."""
ITEM_OWN = 10
"""The columns an item row has of its own (ItemRow's)."""


@dataclass(frozen=True, slots=True)
class Rows:
    """What the export needs of one Assessment (small and picklable: a pool sends it back)."""

    unit: tuple[Any, ...]
    """The units row, without the columns the main process adds (rank, required)."""
    items: bytes
    """The item rows' own columns (ItemRow's, column by column: ITEM_OWN tuples), pickled by
    the worker: the main process keeps them as they came until it writes them, and unpickles
    each record's once (never a tuple per item row)."""
    count: int = 0
    """How many items (rows of the items table)."""

    def item_columns(self) -> tuple[tuple[Any, ...], ...]:
        """The item rows' own columns, ITEM_OWN tuples of one value per item."""
        return columns_of(self.items)

    def item_rows(self) -> list[ItemRow]:
        """The item rows' own columns, row by row."""
        return list(zip(*self.item_columns(), strict=True))

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (Rows, (self.unit, self.items, self.count))


def columns_of(items: bytes) -> tuple[tuple[Any, ...], ...]:
    """A record's item columns from what `rows` pickled (ITEM_OWN empty ones for no items)."""
    columns = unpack(items)
    return columns if columns else ((),) * ITEM_OWN


def rows(a: Assessment, path: str = "", lang: str = "zh") -> Rows:
    """Reduce an Assessment to its export rows (module-level: a process pool pickles it)."""
    subject = a.subject
    open_findings = sum(f.status == "open" for f in a.findings)
    overdue = sum(f.level == "major" and f.overdue for f in a.findings)
    ref_id, _, version = a.standard.partition("@")
    flags = "; ".join(dict.fromkeys(r.flag.get(lang) for r in a.veto.rules if r.flag))
    unit = (
        subject.id or subject.name,
        subject.name,
        ref_id,
        version,
        a.period,
        subject.region,
        subject.industry,
        a.inspection_date,
        a.total,
        a.grade.id,
        a.grade.label.get(lang),
        a.veto.triggered,
        ",".join(r.id for r in a.veto.rules),
        flags,
        a.earned,
        a.points,
        open_findings,
        overdue,
        path,
        sum(e.state == "in-force" for e in a.exceptions),
        sum(e.state == "expired" for e in a.exceptions),
    )
    results = a.items
    excepted = tuple(map(_EXCEPTION, results))
    if excepted.count(None) == len(excepted):  # no item decided by an exception: most records
        kinds = untils = states = excepted
    else:
        kinds = tuple(None if e is None else e.kind for e in excepted)
        untils = tuple(None if e is None else e.until for e in excepted)
        states = tuple(None if e is None else e.state for e in excepted)
    columns = (*(tuple(map(get, results)) for get in _ITEM_COLUMNS), kinds, untils, states)
    items = pack(columns if results else ())
    return Rows(unit, items, len(results))


_ITEM_COLUMNS = tuple(
    attrgetter(name)
    for name in ("id", "section", "status", "earned", "points", "applicable", "veto")
)
"""An item row's own columns, each read from every ItemResult of a record in one map."""
_EXCEPTION = attrgetter("exception")


@dataclass
class Exported:
    """What `Exporter` wrote."""

    units: int = 0
    """Unit rows (records) written."""
    items: int = 0
    """Item rows written."""
    files: list[Path] = field(default_factory=list)
    """The files written, sorted."""
    invalid: list[str] = field(default_factory=list)
    """Invalid records left out (with `skip_invalid`)."""


Ranks = Callable[[str], tuple[dict[str, int], str | None]]
"""For a standard ref: its grades' positions (0 = highest) and the grade safecli.yaml requires."""


class Exporter:
    """Writes rows as they come into a staging folder (a `Transaction`); `close()` swaps the
    tables in together, after checking none of them is an input (`inputs`) or read-only.

    A failure, a signal or a kill before `close()` (or `abort()`) leaves the output folder as
    it was; the tables move in as one set (read/transaction.py).
    """

    def __init__(self, folder: Path, fmt: str, ranks: Ranks, *, shard: Shard | None = None) -> None:
        if fmt not in FORMATS:
            raise ValueError(fmt)
        self.folder = folder
        self.fmt = fmt
        self.ranks = ranks
        self.shard = shard
        if folder.exists() and not folder.is_dir():
            raise OutputError(problem(str(folder), code="out-dir-is-file"))
        self.tx = Transaction(folder, kind="export")
        self._tmp = self.tx.new
        self.done = Exported()
        self._sinks: dict[str, _Sink] = {}
        self._spool: Bins | None = None
        try:
            if fmt == "parquet":
                import pyarrow  # noqa: F401  (refused early when missing, before any scoring)

                self._spool = Bins(limit=BINS_LIMIT)
            else:
                suffix = f".{shard.label}" if shard else ""
                for name, columns in TABLES.items():
                    self._sinks[name] = _CsvSink(self._tmp / f"{name}{suffix}.csv", columns)
        except BaseException as error:
            self.abort()
            self.tx.__exit__(type(error), error, None)
            if isinstance(error, OSError):
                raise OutputError(os_problem(str(folder), error, "write")) from None
            raise

    def _part_name(self) -> str:
        return f"part-{self.shard.label}.parquet" if self.shard else "part-0.parquet"

    def add(self, r: Rows) -> None:
        """Write one record's rows."""
        (unit, name, std, version, period, region, industry, day, *rest) = r.unit
        total, grade, label, vetoed, vetoes, flag, earned, points, open_, overdue, path = rest[:11]
        excepted = rest[11:]
        ranks, required = self.ranks(f"{std}@{version}")
        rank = ranks.get(grade, 0)
        lowest = rank == len(ranks) - 1
        meets = None if required is None or required not in ranks else rank <= ranks[required]
        common = (SCHEMA_VERSION, unit, name, std, version, period, region, industry, day, day.year)
        unit_row = (
            *common,
            total,
            grade,
            label,
            rank,
            lowest,
            vetoed,
            vetoes,
            flag,
            required,
            meets,
            earned,
            points,
            open_,
            overdue,
            path,
            *excepted,
        )
        if self._spool is not None:
            # by partition, then as they came: one Parquet file per partition, written at close;
            # the items stay the bytes the worker pickled until then
            self._spool.add(str((std, day.year)), (unit_row, common, path, r.items))
            count = r.count
        else:
            self._sinks["units"].add(unit_row)
            items = self._sinks["items"]
            rows_ = r.item_rows()
            for row in rows_:
                items.add(_item_row(common, path, row))
            count = len(rows_)
        self.done.units += 1
        self.done.items += count

    def close(self) -> Exported:
        """Finish every file and move them into the output folder (replacing older ones)."""
        for sink in self._sinks.values():
            sink.close()
        if self._spool is not None:
            from safecli.portfolio.export_parquet import write_tables

            metadata = {"safecli.schema_version": str(SCHEMA_VERSION)}
            write_tables(
                self._spool, self._tmp, TABLES, PARTITION_KEYS, self._part_name(), metadata
            )
            self._spool.close()
        self.done.files = self.tx.commit()
        return self.done

    def abort(self) -> None:
        """Drop everything written so far (and the output folder, when this made it)."""
        for sink in self._sinks.values():
            with suppress(OSError):
                sink.abort()
        if self._spool is not None:
            self._spool.close()
        self.tx.abort()


def _item_row(common: tuple[Any, ...], path: str, row: ItemRow) -> tuple[Any, ...]:
    return (*common, *row[:7], path, *row[7:])


class _Sink:
    def add(self, row: tuple[Any, ...]) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def abort(self) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class _CsvSink(_Sink):
    """One csv file (utf-8, a header row, ISO dates, `true`/`false`, empty for null)."""

    def __init__(self, path: Path, columns: Sequence[Column]) -> None:
        self._handle = path.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._handle, lineterminator="\n")
        self._writer.writerow([c[0] for c in columns])

    def add(self, row: tuple[Any, ...]) -> None:
        self._writer.writerow([_csv_value(v) for v in row])

    def close(self) -> None:
        self._handle.close()

    abort = close


def _csv_value(value: Any) -> Any:
    """A csv cell as every table safecli writes one (`neutralise.table_cell`: controls and
    escapes removed, bidi controls shown, formulas quoted); null empty, booleans as words."""
    if value is None:
        return ""
    if isinstance(value, str):
        return table_cell(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


BINS_LIMIT = 512
"""Records whose rows (some 10 KiB each) a Parquet export holds before writing them out."""


def _replaceable(folder: Path) -> Callable[[Path], bool] | None:
    """Whether a record read is the same file (device and inode: itself, a hard link, a
    symlink's target) as one now where the tables go (the tables' folders, the files beside
    them): only those are remembered as inputs, to be refused as targets at commit. A Path per
    record would cost a million-record export hundreds of MiB. None when no file is there (a
    new folder): no record can be one, and none is looked at."""
    import os

    there: set[tuple[int, int]] = set()
    tops = [folder] + [folder / name for name in TABLES]
    for top in tops:  # the tables' folders and the files beside them: where targets go
        for base, dirs, names in os.walk(top) if top != folder else [_top_level(folder)]:
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in names:
                with suppress(OSError):
                    info = os.stat(os.path.join(base, name))
                    there.add((info.st_dev, info.st_ino))

    if not there:
        return None

    def check(record: Path) -> bool:
        try:
            info = os.stat(record)
        except OSError:
            return False
        return (info.st_dev, info.st_ino) in there

    return check


def _top_level(folder: Path) -> tuple[str, list[str], list[str]]:
    """The files directly in `folder` (none when it is not a folder), as os.walk gives them."""
    import os

    try:
        names = [e.name for e in os.scandir(folder) if not e.is_dir()]
    except OSError:
        names = []
    return (str(folder), [], names)


def export(
    paths: Sequence[Path | str],
    config: Config,
    folder: Path,
    fmt: str = "parquet",
    *,
    as_of: dt.date | None = None,
    shard: Shard | None = None,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    parallel: bool | None = None,
) -> Exported:
    """Score every record under `paths` and write the `units` and `items` tables into `folder`.

    InvalidFile listing every problem when a record is invalid (nothing written), unless
    `skip_invalid`: then `Exported.invalid` names the records left out.
    """
    required = config.required_grades
    known: dict[str, tuple[dict[str, int], str | None]] = {}

    def ranks(ref: str) -> tuple[dict[str, int], str | None]:
        found = known.get(ref)
        if found is None:
            std = standard_of(config, ref)
            found = known[ref] = (
                {g.id: i for i, g in enumerate(std.grades)},
                required.get(ref, required.get(std.id)),
            )
        return found

    bad = []
    root = config.root
    results = scan(
        paths,
        config,
        digest=rows,
        as_of=as_of,
        progress=progress,
        parallel=parallel,
        shard=shard,
    )
    exporter = Exporter(folder, fmt, ranks, shard=shard)
    inputs = exporter.tx.inputs
    could_be_replaced = _replaceable(folder)
    with exporter.tx:  # a signal removes the staging folder; an error aborts
        try:
            for result in results:
                if could_be_replaced is not None:  # every record read, whatever its name
                    record = root / result.path
                    if could_be_replaced(record):
                        inputs.add(record)
                if result.digest is None:
                    bad.append(result)
                else:
                    exporter.add(result.digest)
            if bad and not skip_invalid:
                raise invalid_error(bad)
            done = exporter.close()
        except OSError as error:  # the staging folder removed under us, a full disk
            exporter.abort()
            raise OutputError(os_problem(str(folder), error, "write")) from None
        except BaseException:
            exporter.abort()
            raise
    done.invalid = [r.path for r in bad]
    return done
