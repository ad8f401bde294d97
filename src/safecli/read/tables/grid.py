"""A scoring table handed to us (xlsx, csv or docx) as rows of located cells, merged cells filled.

Every file is hostile until read: its size, what it unpacks to, its rows and columns are bounded
by the 自查表 reader's limits, and a broken file is one located problem, never a traceback.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from safecli.model.errors import Code, InvalidFile, Problem
from safecli.model.wording import problem
from safecli.read.files import read_bytes
from safecli.read.sheets.cells import Cell, Reader
from safecli.read.sheets.columns import MAX_BYTES
from safecli.read.sheets.reader import (
    MAX_COLUMNS,
    MAX_ROWS,
    check_unpacked,
    csv_grid,
    spread_merged,
    stream_sheet,
)

SUFFIXES = (".xlsx", ".xlsm", ".csv", ".docx")
MAX_CELL = 4000
"""Characters kept of one cell: a 评分方法 is a few sentences."""


class Grid:
    """The table's rows (each a list of Cell, dense from column 1) and how to name a cell."""

    def __init__(self, label: str, rows: list[list[Cell]], kind: str) -> None:
        self.label = label
        self.rows = rows
        self.kind = kind
        """xlsx, csv or docx: a docx row is the table row number, a csv row its line."""
        self.others: tuple[str, ...] = ()
        """The workbook's other visible sheets, where none was named (xlsx)."""

    def where(
        self, cell: Cell | None, code: str, hint: str | None = None, **params: Any
    ) -> Problem:
        """The problem `code` at `cell` (the table itself without one)."""
        row, col = (cell.row, cell.col) if cell else (0, 0)
        return problem(self.label, row, col, code, hint=hint, **params)


def _clip(rows: list[list[Cell]]) -> list[list[Cell]]:
    return [
        [c if not isinstance(c.value, str) else c._replace(value=c.value[:MAX_CELL]) for c in row]
        for row in rows
    ]


def read_grid(path: Path | str, sheet: str | None = None) -> Grid:
    """The first table of `path` (xlsx: the first visible sheet, or `sheet`; docx: the largest
    table), with merged cells filled from their first cell; an xlsx grid names the workbook's
    other visible sheets."""
    name = str(path)
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidFile(
            problem(
                name,
                code="table-suffix",
                hint="hint-table-suffixes",
                suffix=suffix or Code("suffix-less"),
            )
        )
    raw = read_bytes(path, MAX_BYTES, Code("hint-table-smaller"))
    if suffix == ".csv":
        return Grid(name, _clip(csv_grid(raw, name)), "csv")
    check_unpacked(raw, name)
    if suffix == ".docx":
        return _docx_grid(raw, name)
    return _xlsx_grid(raw, name, sheet)


def _xlsx_grid(raw: bytes, name: str, sheet: str | None) -> Grid:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(raw), data_only=True, read_only=True)
    except Exception as error:  # zipfile.BadZipFile, KeyError, InvalidFileException, XML errors
        reason = str(error).strip() or type(error).__name__
        raise InvalidFile(
            problem(name, code="not-a-workbook", hint="hint-save-xlsx-or-csv", why=reason)
        ) from None
    try:
        visible = [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
        chosen = visible[0] if visible and sheet is None else None
        if sheet is not None:
            chosen = next((ws for ws in visible if ws.title == sheet), None)
        if chosen is None:
            found = ", ".join(ws.title for ws in visible) or "—"
            raise InvalidFile(
                problem(
                    name,
                    code="no-visible-sheet" if sheet is None else "no-such-sheet",
                    hint="hint-visible-sheets",
                    sheet=sheet or "",
                    found=found,
                )
            )
        label = f"{name}[{chosen.title}]"
        reader = Reader()
        rows, ranges = stream_sheet(chosen, label, reader)
        if reader.problems:
            raise InvalidFile(reader.problems)
        spread_merged(rows, ranges, None)
        grid = Grid(label, _clip(rows), "xlsx")
        if sheet is None:
            grid.others = tuple(ws.title for ws in visible[1:])
        return grid
    finally:
        wb.close()


def _docx_grid(raw: bytes, name: str) -> Grid:
    import docx

    try:
        document: Any = docx.Document(io.BytesIO(raw))
    except Exception as error:  # not a zip, not a Word document, broken XML
        reason = str(error).strip() or type(error).__name__
        raise InvalidFile(
            problem(name, code="not-a-word-document", hint="hint-save-table-docx", why=reason)
        ) from None
    tables = document.tables
    if not tables:
        raise InvalidFile(problem(name, code="docx-no-table", hint="hint-word-table"))
    table = max(tables, key=lambda t: len(t.rows))
    rows: list[list[Cell]] = []
    title = next((p.text.strip() for p in document.paragraphs if p.text.strip()), None)
    if title:  # the heading above the table is the table's title row
        rows.append([Cell(title[:MAX_CELL], 0, 1)])
    for r, row in enumerate(table.rows, start=1):
        if r > MAX_ROWS:
            raise InvalidFile(
                problem(
                    name,
                    r,
                    1,
                    "table-too-many-rows",
                    hint="hint-table-smaller",
                    rows=f"{MAX_ROWS:,}",
                )
            )
        cells = row.cells
        if len(cells) > MAX_COLUMNS:
            raise InvalidFile(
                problem(
                    name,
                    r,
                    MAX_COLUMNS + 1,
                    "table-too-many-columns",
                    hint="hint-table-smaller",
                    columns=len(cells),
                    limit=MAX_COLUMNS,
                )
            )
        values = [
            Cell(c.text.strip()[:MAX_CELL] or None, r, k) for k, c in enumerate(cells, start=1)
        ]
        if any(c.value for c in values):
            rows.append(values)
    return Grid(name, rows, "docx")
