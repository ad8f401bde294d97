"""Reading a filled 自查表 (xlsx/xlsm or csv) into a record Document located cell by cell.

A reader only: it hands its Document to `read.records`, which checks it like a YAML record's; it never
calls back into it. The blocks are read by `rows`, the cells by `cells`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from safecli.model.errors import Code, InvalidFile
from safecli.model.standard import Standard
from safecli.model.wording import problem
from safecli.read.encodings import wide_encoding
from safecli.read.files import xml_prolog_declaration
from safecli.read.sheets.cells import (
    Cell,
    Reader,
    SheetDocument,
    UnreadCells,
    cell_text,
    find_header,
    is_blank,
)
from safecli.read.sheets.columns import (
    INCIDENT_LOOKUP,
    ITEM_LOOKUP,
    MAX_BYTES,
    SHEET_NAMES,
    SUBJECT_LOOKUP,
    key_of,
    norm,
    standard_names,
)
from safecli.read.sheets.rows import read_incidents, read_items, read_subject
from safecli.read.yamlio import Document, read_bytes

__all__ = ["SheetDocument", "UnreadCells", "read_sheet"]


def read_sheet(path: Path | str, catalog: Any = None) -> Document:
    """Read a filled 自查表 (xlsx/xlsm or csv) into a record Document located cell by cell.

    `catalog` (anything with `.get(ref)`) names the standard's metrics; None reads without it.
    Raises InvalidFile with every problem of the file at once; when some cells could not be
    read, UnreadCells, which carries the Document read so far for `read.records` to check too.
    """
    name = str(path)
    file = Path(path)
    raw = read_bytes(path, MAX_BYTES, Code("hint-sheet-smaller"))
    if file.suffix.lower() == ".csv":
        return _read_csv(raw, name, catalog)
    return _read_xlsx(raw, name, catalog)


def _standard_of(reader: Reader, catalog: Any) -> Standard | None:
    ref = reader.data.get("standard")
    if not isinstance(ref, str) or catalog is None:
        return None
    if "@" not in ref:  # the Chinese sheet names the standard as people do
        try:
            named = [s for s in catalog.standards() if ref.strip() in standard_names(s)]
        except Exception:  # a broken standards folder: reported where the ref is looked up
            named = []
        if len(named) == 1:
            return named[0]
    try:
        return catalog.get(ref)
    except Exception:  # reported by read_record with its location
        return None


def _named_ref(reader: Reader, std: Standard | None) -> None:
    """The record's standard as its ref, where the sheet named it by its title."""
    if std is not None and reader.data.get("standard") not in (None, std.ref, std.id):
        reader.data["standard"] = std.ref


def _subject_metrics(
    rows: list[list[Cell]], catalog: Any
) -> tuple[Standard | None, dict[str, str]]:
    """The standard a subject block names (looked up early, for its metric names)."""
    probe = Reader()
    for row in rows:
        if (
            row
            and cell_text(row[0]) is not None
            and key_of(cell_text(row[0]), SUBJECT_LOOKUP) == "standard"
        ):
            probe.data["standard"] = cell_text(row[1]) if len(row) > 1 else None
            break
    std = _standard_of(probe, catalog)
    if std is None:
        return None, {}
    ids = {i.metric for i in std.items() if i.metric} | {
        v.when.metric.metric for v in std.vetoes if v.when.metric
    }
    metrics = {m: m for m in ids} | {std.metric_label(m).zh: m for m in ids}
    return std, metrics


def _document(reader: Reader, path: str) -> SheetDocument:
    data = {
        k: v for k, v in reader.data.items() if v not in ({}, []) or k in ("subject", "inspection")
    }
    doc = SheetDocument(path, data, reader.marks, reader.key_marks, reader.sheet_of)
    profile = reader.profile
    if profile.data:
        # the profile's name defaults to the unit's: a 单位信息 sheet names the unit once
        profile.data.setdefault("name", data.get("subject", {}).get("name"))
        doc.profile = SheetDocument(
            path, profile.data, profile.marks, profile.key_marks, profile.sheet_of
        )
    if reader.problems:
        # read.records adds what the record check finds, so one run shows every problem of the sheet
        raise UnreadCells(sorted(set(reader.problems)), doc)
    return doc


def decode_csv(raw: bytes, name: str) -> str:
    wide = wide_encoding(raw)
    if wide:
        raise InvalidFile(
            problem(name, 1, 1, "wide-encoding", hint="hint-save-csv-utf8", encoding=wide)
        )
    if b"\x00" in raw[:8192] or raw[:4] == b"PK\x03\x04":
        raise InvalidFile(problem(name, 1, 1, "binary-not-csv", hint="hint-save-csv-or-xlsx"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidFile(problem(name, 1, 1, "csv-encoding", hint="hint-save-csv-utf8"))


def csv_grid(raw: bytes, name: str) -> list[list[Cell]]:
    """The rows of a csv that hold data (utf-8, utf-8 with BOM or GB18030), located by line."""
    text = decode_csv(raw, name)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count) if first else ","
    grid: list[list[Cell]] = []
    reader_for_caps = Reader()
    parser = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for values in parser:
            if any(values):
                if len(grid) >= MAX_ROWS:
                    _beyond(reader_for_caps, name, line, 1)
                far = next(
                    (i for i, v in enumerate(values, start=1) if v and i > MAX_COLUMNS), None
                )
                if far is not None:
                    _beyond(reader_for_caps, name, line, far)
                width = max(i for i, v in enumerate(values, start=1) if v)
                grid.append([Cell(v, line, i) for i, v in enumerate(values[:width], start=1)])
            line = parser.line_num + 1
    except csv.Error as error:
        raise InvalidFile(
            problem(name, parser.line_num, 1, "csv-unreadable", why=str(error))
        ) from None
    return grid


def _read_csv(raw: bytes, name: str, catalog: Any) -> SheetDocument:
    grid = csv_grid(raw, name)
    reader = Reader()
    start = find_header(grid, ITEM_LOOKUP, "id")
    if start is None:
        reader.fail(name, None, "csv-no-header", "hint-keep-header", fmt="csv")
        raise InvalidFile(reader.problems)
    std, metrics = _subject_metrics(grid[:start], catalog)
    read_subject(reader, name, grid[:start], metrics, True)
    _named_ref(reader, std)
    rest = grid[start + 1 :]
    split = find_header(rest, INCIDENT_LOOKUP, "fatalities")
    item_rows, incident_rows = (rest, []) if split is None else (rest[:split], rest[split:])
    read_items(reader, name, grid[start], item_rows, set(), std)
    if incident_rows:
        read_incidents(reader, name, incident_rows[0], incident_rows[1:], set())
    return _document(reader, name)


MAX_ROWS = 20_000
"""Rows of data a sheet may hold (a 自查表 has one row per item: hundreds)."""
MAX_COLUMNS = 40
"""Columns of data a sheet may hold (the blank sheet has 18)."""
MAX_XML_ROWS = 200_000
"""Row elements an xlsx sheet may hold, data or not (empty styled rows included)."""
MAX_UNPACKED = 256 * 1024 * 1024
"""Bytes an xlsx may unpack to: a zip of a few MiB can expand to many GiB."""


def _beyond(reader: Reader, label: str, row: int, col: int) -> None:
    from openpyxl.utils import get_column_letter

    reader.fail(
        label,
        Cell(None, row, col),
        "sheet-beyond",
        "hint-delete-outside",
        at=f"{get_column_letter(col)}{row}",
        rows=f"{MAX_ROWS:,}",
        columns=MAX_COLUMNS,
    )
    raise InvalidFile(reader.problems)


def stream_sheet(
    ws: Any, label: str, reader: Reader, *, formulas: bool = True
) -> tuple[list[list[Cell]], list[tuple[int, int, int, int]]]:
    """The rows of a read-only sheet that hold data, dense from column 1, and its merged ranges.

    Streams the sheet's XML: only rows and cells present in the file are visited, so one cell
    at XFD1048576 costs one cell, not a million rows. Data past MAX_ROWS or MAX_COLUMNS is a
    problem; empty (styled) cells anywhere are ignored. A formula is read as the value the
    spreadsheet computed; one saved without it (by a script) is a problem at its cell, unless
    `formulas` is False, never a silently empty cell.
    """
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if formulas and cell["value"] is None and element.find(FORMULA_TAG) is not None:
                reader.fail(
                    label,
                    Cell(None, cell["row"], cell["column"]),
                    "formula-without-value",
                    "hint-formula-value",
                )
            return cell

    wb = ws.parent
    grid: list[list[Cell]] = []
    with ws._get_source() as source:
        parser = Parser(
            source,
            ws._shared_strings,
            data_only=True,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        for count, (index, cells) in enumerate(parser.parse(), start=1):
            if count > MAX_XML_ROWS:
                reader.fail(label, None, "sheet-too-many-rows", rows=f"{MAX_XML_ROWS:,}")
                raise InvalidFile(reader.problems)
            values = [c for c in cells if c["value"] is not None and c["value"] != ""]
            if not values:
                continue
            if index > MAX_ROWS or len(grid) >= MAX_ROWS:
                _beyond(reader, label, index, values[0]["column"])
            far = next((c for c in values if c["column"] > MAX_COLUMNS), None)
            if far is not None:
                _beyond(reader, label, index, far["column"])
            width = max(c["column"] for c in values)
            row = [Cell(None, index, col) for col in range(1, width + 1)]
            for c in values:
                fmt = ReadOnlyCell(
                    ws, index, c["column"], c["value"], c["data_type"], c["style_id"]
                )
                row[c["column"] - 1] = Cell(c["value"], index, c["column"], fmt.number_format)
            grid.append(row)
        ranges = [
            (r.min_row, r.min_col, r.max_row, r.max_col)
            for r in (parser.merged_cells.mergeCell if parser.merged_cells else [])
            for r in [_bounds(r.ref)]
        ]
    return grid, ranges


class _Range(NamedTuple):
    min_row: int
    min_col: int
    max_row: int
    max_col: int


def _bounds(ref: str) -> _Range:
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return _Range(min_row, min_col, max_row, max_col)


def spread_merged(
    grid: list[list[Cell]], ranges: list[tuple[int, int, int, int]], header_row: int | None
) -> set[tuple[int, int]]:
    """Merged cells below the header take the value of the range's first cell, as the person
    who merged an answer over four items meant; the header's merged cells are returned (a
    merged header is refused by the header check)."""
    by_row = {row[0].row: row for row in grid if row}
    merged: set[tuple[int, int]] = set()
    for min_row, min_col, max_row, max_col in ranges:
        if min(max_row, MAX_ROWS) - min_row > MAX_ROWS or max_col > MAX_COLUMNS:
            continue  # a range over empty space holds nothing to read
        if header_row is not None and min_row <= header_row <= max_row:
            merged.update(
                (r, c) for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)
            )
            continue
        first = by_row.get(min_row)
        if first is None or min_col > len(first):
            continue
        source = first[min_col - 1]
        if source.value is None:
            continue
        for r in range(min_row + 1, min(max_row, MAX_ROWS) + 1):
            row = by_row.get(r)
            if row is None:
                row = by_row[r] = []
                grid.append(row)
            while len(row) < min_col:
                row.append(Cell(None, r, len(row) + 1))
            if row[min_col - 1].value is None:
                row[min_col - 1] = Cell(source.value, r, min_col, source.fmt)
    grid.sort(key=lambda row: row[0].row if row else 0)
    grid[:] = [row for row in grid if row]
    return merged


def _sheet_grid(
    ws: Any, label: str, reader: Reader
) -> tuple[list[list[Cell]], set[tuple[int, int]]]:
    grid, ranges = stream_sheet(ws, label, reader)
    start = find_header(grid, ITEM_LOOKUP, "id")
    if start is None:
        start = find_header(grid, INCIDENT_LOOKUP, "fatalities")
    header_row = grid[start][0].row if start is not None else (grid[0][0].row if grid else None)
    merged = spread_merged(grid, ranges, header_row)
    return grid, merged


def check_unpacked(raw: bytes, name: str) -> None:
    """Refuse a workbook that would unpack to more than MAX_UNPACKED bytes (a zip bomb).

    zipfile never returns more bytes than a member declares, so the declared sizes bound it."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
            total = sum(info.file_size for info in infos)
            if total <= MAX_UNPACKED:
                for info in infos:
                    if info.filename.endswith((".xml", ".rels")):
                        with archive.open(info) as part:
                            found = xml_prolog_declaration(part)
                        _no_declaration(found, f"{name}[{info.filename}]")
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return  # load_workbook reports it
    if total > MAX_UNPACKED:
        raise InvalidFile(
            problem(
                name,
                code="workbook-too-big",
                hint="hint-workbook-size",
                mib=f"{total // 1_048_576:,}",
                limit=MAX_UNPACKED // 1_048_576,
            )
        )


def _no_declaration(found: tuple[str, int, int] | None, where: str) -> None:
    if found:
        raise InvalidFile(
            problem(
                where, found[1], found[2], "xml-declares", hint="hint-save-again", what=found[0]
            )
        )


@contextmanager
def _odd_numbers_as_text() -> Iterator[None]:
    """openpyxl casts a number cell's text itself and raises, naming no cell, on `NaN`, `INF`
    or 5,000 digits; while a workbook is read such a value stays text, so the cell reader
    refuses it at its cell (`cell_number`: NaN and INF are not numbers, 40 characters at
    most). Where openpyxl has no such caster, the reading is as before."""
    import math

    try:
        from openpyxl.worksheet import _reader as parser
    except ImportError:  # pragma: no cover - another openpyxl layout
        yield
        return
    original = getattr(parser, "_cast_number", None)
    if original is None:  # pragma: no cover
        yield
        return

    def cast(value: str) -> Any:
        if len(value) > 40:
            return value
        try:
            number = original(value)
        except (ValueError, OverflowError):
            return value
        if isinstance(number, float) and not math.isfinite(number):
            return value
        return number

    parser._cast_number = cast
    try:
        yield
    finally:
        parser._cast_number = original


def _read_xlsx(raw: bytes, name: str, catalog: Any) -> SheetDocument:
    with _odd_numbers_as_text():
        return _read_xlsx_values(raw, name, catalog)


def _read_xlsx_values(raw: bytes, name: str, catalog: Any) -> SheetDocument:
    from openpyxl import load_workbook

    check_unpacked(raw, name)
    try:
        wb = load_workbook(io.BytesIO(raw), data_only=True, read_only=True)
    except Exception as error:  # zipfile.BadZipFile, KeyError, InvalidFileException, XML errors
        reason = str(error).strip() or type(error).__name__
        raise InvalidFile(
            problem(name, code="not-a-workbook", hint="hint-save-xlsx-or-csv", why=reason)
        ) from None
    try:
        return _read_workbook(wb, name, catalog)
    finally:
        wb.close()


def _read_workbook(wb: Any, name: str, catalog: Any) -> SheetDocument:
    reader = Reader()
    visible = [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    hidden = [ws for ws in wb.worksheets if ws not in visible]
    known = {norm(n) for kind in ("items", "subject", "incidents") for n in SHEET_NAMES[kind]}
    for ws in hidden:
        label = f"{name}[{ws.title}]"
        looks = norm(ws.title) in known
        if not looks:
            grid, _ = stream_sheet(ws, label, reader, formulas=False)
            looks = find_header(grid, ITEM_LOOKUP, "id") is not None
        if looks:
            reader.fail(label, None, "sheet-hidden", "hint-unhide", sheet=repr(ws.title))
    if reader.problems:
        raise InvalidFile(reader.problems)
    sheets = {norm(ws.title): ws for ws in visible}

    def find(kind: str) -> Any:
        return next((sheets[norm(n)] for n in SHEET_NAMES[kind] if norm(n) in sheets), None)

    items, subject, incidents = find("items"), find("subject"), find("incidents")
    grids: dict[str, tuple[list[list[Cell]], set[tuple[int, int]]]] = {}
    if items is None:
        for ws in visible:
            grids[ws.title] = _sheet_grid(ws, f"{name}[{ws.title}]", reader)
            if find_header(grids[ws.title][0], ITEM_LOOKUP, "id") is not None:
                items = ws
                break
    names = ", ".join(SHEET_NAMES["items"] + SHEET_NAMES["subject"])
    found = ", ".join(ws.title for ws in visible)
    if items is None:
        reader.fail(
            name, None, "no-checklist-sheet", "hint-expected-sheets", names=names, found=found
        )
    if subject is None:
        reader.fail(
            name, None, "no-subject-sheet", "hint-expected-sheets", names=names, found=found
        )
    if reader.problems:
        raise InvalidFile(reader.problems)

    def grid_of(ws: Any) -> tuple[list[list[Cell]], set[tuple[int, int]]]:
        if ws.title not in grids:
            grids[ws.title] = _sheet_grid(ws, f"{name}[{ws.title}]", reader)
        return grids[ws.title]

    subject_label = f"{name}[{subject.title}]"
    subject_grid, _ = grid_of(subject)
    std, metrics = _subject_metrics(subject_grid, catalog)
    read_subject(reader, subject_label, subject_grid, metrics, True)
    _named_ref(reader, std)

    items_label = f"{name}[{items.title}]"
    grid, merged = grid_of(items)
    start = find_header(grid, ITEM_LOOKUP, "id")
    if start is None:
        reader.fail(items_label, None, "xlsx-no-header", "hint-keep-header", fmt="xlsx")
    else:
        read_items(reader, items_label, grid[start], grid[start + 1 :], merged, std)
    if incidents is not None:
        label = f"{name}[{incidents.title}]"
        grid, merged = grid_of(incidents)
        if grid and not all(is_blank(r) for r in grid):
            read_incidents(reader, label, grid[0], grid[1:], merged)
    return _document(reader, items_label)
