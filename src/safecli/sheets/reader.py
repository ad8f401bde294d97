"""Reading a filled 自查表 (xlsx/xlsm or csv) into a record Document located cell by cell.

A reader only: it hands its Document to `loading`, which checks it like a YAML record's; it never
calls back into loading. The blocks are read by `rows`, the cells by `cells`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from safecli.errors import InvalidFile, Problem
from safecli.models import Standard
from safecli.sheets.cells import (
    Cell,
    Reader,
    SheetDocument,
    UnreadCells,
    cell_text,
    find_header,
    is_blank,
)
from safecli.sheets.columns import (
    INCIDENT_LOOKUP,
    ITEM_LOOKUP,
    MAX_BYTES,
    SHEET_NAMES,
    SUBJECT_LOOKUP,
    key_of,
    norm,
)
from safecli.sheets.rows import read_incidents, read_items, read_subject
from safecli.yamlio import Document, read_bytes

__all__ = ["SheetDocument", "UnreadCells", "read_sheet"]


def read_sheet(path: Path | str, catalog: Any = None) -> Document:
    """Read a filled 自查表 (xlsx/xlsm or csv) into a record Document located cell by cell.

    `catalog` (anything with `.get(ref)`) names the standard's metrics; None reads without it.
    Raises InvalidFile with every problem of the file at once; when some cells could not be
    read, UnreadCells, which carries the Document read so far for `loading` to check too.
    """
    name = str(path)
    file = Path(path)
    raw = read_bytes(path, MAX_BYTES, "a 自查表 is far smaller")
    if file.suffix.lower() == ".csv":
        return _read_csv(raw, name, catalog)
    return _read_xlsx(raw, name, catalog)


def _standard_of(reader: Reader, catalog: Any) -> Standard | None:
    ref = reader.data.get("standard")
    if not isinstance(ref, str) or catalog is None:
        return None
    try:
        return catalog.get(ref)
    except Exception:  # reported by read_record with its location
        return None


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
        # loading adds what the record check finds, so one run shows every problem of the sheet
        raise UnreadCells(sorted(set(reader.problems)), doc)
    return doc


def _decode_csv(raw: bytes, name: str) -> str:
    if b"\x00" in raw[:8192] or raw[:4] == b"PK\x03\x04":
        raise InvalidFile(
            Problem(
                name,
                1,
                1,
                "this is a binary file, not a csv",
                "save the sheet as CSV, or name it .xlsx",
            )
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidFile(
        Problem(name, 1, 1, "the file is neither UTF-8 nor GB18030 text", "save it as CSV UTF-8")
    )


def _read_csv(raw: bytes, name: str, catalog: Any) -> SheetDocument:
    text = _decode_csv(raw, name)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count) if first else ","
    grid: list[list[Cell]] = []
    parser = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for values in parser:
            grid.append([Cell(v, line, i) for i, v in enumerate(values, start=1)])
            line = parser.line_num + 1
    except csv.Error as error:
        raise InvalidFile(
            Problem(name, parser.line_num, 1, f"cannot read the csv: {error}")
        ) from None
    reader = Reader()
    start = find_header(grid, ITEM_LOOKUP, "id")
    if start is None:
        reader.fail(
            name,
            None,
            "no item table: no header row with 编号 (id)",
            "keep the header row of the blank sheet (safecli init STANDARD --format csv)",
        )
        raise InvalidFile(reader.problems)
    std, metrics = _subject_metrics(grid[:start], catalog)
    read_subject(reader, name, grid[:start], metrics, True)
    rest = grid[start + 1 :]
    split = find_header(rest, INCIDENT_LOOKUP, "fatalities")
    item_rows, incident_rows = (rest, []) if split is None else (rest[:split], rest[split:])
    read_items(reader, name, grid[start], item_rows, set(), std)
    if incident_rows:
        read_incidents(reader, name, incident_rows[0], incident_rows[1:], set())
    return _document(reader, name)


def _sheet_grid(ws: Any) -> tuple[list[list[Cell]], set[tuple[int, int]]]:
    grid = [
        [Cell(c.value, c.row, c.column, getattr(c, "number_format", None)) for c in row]
        for row in ws.iter_rows()
    ]
    merged: set[tuple[int, int]] = set()
    for ranges in ws.merged_cells.ranges:
        for row in range(ranges.min_row, ranges.max_row + 1):
            for col in range(ranges.min_col, ranges.max_col + 1):
                merged.add((row, col))
    return grid, merged


def _read_xlsx(raw: bytes, name: str, catalog: Any) -> SheetDocument:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as error:  # zipfile.BadZipFile, KeyError, InvalidFileException, XML errors
        reason = str(error).strip() or type(error).__name__
        raise InvalidFile(
            Problem(
                name,
                message=f"this is not an Excel workbook ({reason})",
                hint="save it as .xlsx, or as CSV",
            )
        ) from None
    sheets = {norm(ws.title): ws for ws in wb.worksheets}

    def find(kind: str) -> Any:
        return next((sheets[norm(n)] for n in SHEET_NAMES[kind] if norm(n) in sheets), None)

    reader = Reader()
    items, subject, incidents = find("items"), find("subject"), find("incidents")
    if items is None:
        for ws in wb.worksheets:
            grid, _ = _sheet_grid(ws)
            if find_header(grid, ITEM_LOOKUP, "id") is not None:
                items = ws
                break
    names = ", ".join(SHEET_NAMES["items"] + SHEET_NAMES["subject"])
    if items is None:
        reader.fail(
            name,
            None,
            "no 自查表 (checklist) sheet",
            f"expected sheets: {names}; found: {', '.join(wb.sheetnames)}",
        )
    if subject is None:
        reader.fail(
            name,
            None,
            "no 单位信息 (subject) sheet",
            f"expected sheets: {names}; found: {', '.join(wb.sheetnames)}",
        )
    if reader.problems:
        raise InvalidFile(reader.problems)
    subject_label = f"{name}[{subject.title}]"
    subject_grid, _ = _sheet_grid(subject)
    std, metrics = _subject_metrics(subject_grid, catalog)
    read_subject(reader, subject_label, subject_grid, metrics, True)

    items_label = f"{name}[{items.title}]"
    grid, merged = _sheet_grid(items)
    start = find_header(grid, ITEM_LOOKUP, "id")
    if start is None:
        reader.fail(
            items_label,
            None,
            "no header row with 编号 (id) in the first 40 rows",
            "keep the header row of the blank sheet (safecli init STANDARD --format xlsx)",
        )
    else:
        read_items(reader, items_label, grid[start], grid[start + 1 :], merged, std)
    if incidents is not None:
        label = f"{name}[{incidents.title}]"
        grid, merged = _sheet_grid(incidents)
        if grid and not all(is_blank(r) for r in grid):
            read_incidents(reader, label, grid[0], grid[1:], merged)
    return _document(reader, items_label)
