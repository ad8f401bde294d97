"""The one table writer: csv, xlsx and terminal tables for summary, findings and its statistics.

A caller describes its tables (`Table`: a name, `Column`s, rows of display values, lead lines
above the header) and asks for one format. Every text cell is cleaned here and only here
(`neutralise.table_cell` for a spreadsheet, `neutralise.table_text` for a terminal): escape
sequences and control characters removed, XML-forbidden characters removed, bidi controls
shown as visible marks, formula prefixes quoted. An xlsx is written once, by `xlsx_bytes`,
through the one deterministic zip (`model.archive`).

Values: text, numbers, None (an empty cell), and ISO dates in `date` columns (written as dates
in xlsx, as text in csv and on a terminal).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from safecli.model.archive import deterministic_zip
from safecli.model.neutralise import FORMULA_START, table_cell, table_text

MAX_WIDTH = 60
"""The widest an xlsx column gets (Excel width units)."""
WIDTH_ROWS = 200
"""Rows measured to fit a column's width (the rest are not read: a big table stays fast)."""


@dataclass(frozen=True)
class Column:
    """One column: its key, its header, how its values are written."""

    key: str
    header: str
    kind: str = "text"
    """`text`, or `date` (ISO text in, a date cell in xlsx)."""
    number_format: str | None = None
    """The xlsx number format (`0.0`); dates get `yyyy-mm-dd`."""
    numeric: bool = False
    """Right-aligned on a terminal."""


@dataclass(frozen=True)
class Table:
    """One table: a sheet of an xlsx, a table on a terminal."""

    name: str
    """The xlsx sheet's name; the terminal table's title."""
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    """Display values, one per column."""
    lead: Sequence[str] = ()
    """Lines above the header (the xlsx's first rows; not shown on a terminal)."""
    freeze: str | None = None
    """The xlsx cell the panes freeze at (default: column A under the header)."""
    row_styles: Sequence[str | None] = field(default_factory=tuple)
    """A terminal style for each row (`bold red` for an overdue hazard); none when empty."""
    head_fill: str | None = None
    """The header row's fill colour in the xlsx (RRGGBB)."""


@dataclass(frozen=True)
class Chart:
    """One bar chart: its caption, the name of its value axis, and (label, value) bars."""

    caption: str
    axis: str
    bars: Sequence[tuple[str, float]]


@dataclass(frozen=True)
class ChartSheet:
    """A sheet of charts' figures (an xlsx's last), each block with a native horizontal bar
    chart beside it."""

    name: str
    charts: Sequence[Chart]


def text_width(text: str) -> int:
    """Excel column width units of `text`: a CJK character takes two."""
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def shown(value: Any) -> str:
    """A value as text: empty for None, a float with one decimal, the rest as str()."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def day_stamp(day: dt.date | str) -> dt.datetime:
    """Midnight of `day`: the document date of an xlsx made from data dated that day."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return dt.datetime(day.year, day.month, day.day)


# ---------------------------------------------------------------- csv


def csv_row(values: Sequence[Any]) -> list[Any]:
    """One csv row: text cleaned and formula-safe, None empty, numbers as they are.

    The row's text is looked over for characters to clean in one scan (`table_text` gives
    its argument back when there are none, and every character it cleans is one it finds
    alone, never a line break): most rows then only need the formula guard of each cell."""
    texts = "\n".join([v for v in values if isinstance(v, str)])
    if table_text(texts) is texts:
        return [
            ("'" + v if v.startswith(FORMULA_START) else v)
            if isinstance(v, str)
            else ("" if v is None else v)
            for v in values
        ]
    return ["" if v is None else table_cell(v) if isinstance(v, str) else v for v in values]


def csv_text(table: Table, *, extra: Sequence[tuple[str, Any]] = ()) -> str:
    """The table as csv text (header row of the column headers; `extra` columns appended to
    every row with one value each, e.g. the as-of date)."""
    return "".join(csv_chunks(table.columns, table.rows, extra=extra))


CSV_CHUNK_ROWS = 2048
"""Rows per piece of streamed csv."""


def csv_chunks(
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    extra: Sequence[tuple[str, Any]] = (),
) -> Iterator[str]:
    """`csv_text` in pieces of CSV_CHUNK_ROWS rows, for rows that are never held whole."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(csv_row([*(c.header for c in columns), *(h for h, _ in extra)]))
    tail = [v for _, v in extra]
    for n, row in enumerate(rows, start=1):
        writer.writerow(csv_row([*row, *tail]))
        if n % CSV_CHUNK_ROWS == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


# ---------------------------------------------------------------- xlsx


def xlsx_bytes(
    tables: Sequence[Table], *, title: str, when: dt.datetime, charts: ChartSheet | None = None
) -> bytes:
    """One sheet per table: lead lines, a bold header (frozen), dates as dates, number formats,
    fitted widths, an auto-filter; then `charts`' sheet when it has any; document properties by
    safecli, dated `when`."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    from safecli.model.neutralise import text_only

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(table.name)
        for line in table.lead:
            sheet.append([table_cell(line)])
        head = len(table.lead) + 1
        sheet.append([table_cell(c.header) for c in table.columns])
        fill = PatternFill("solid", fgColor=table.head_fill) if table.head_fill else None
        for cell in sheet[head]:
            cell.font = bold
            if fill is not None:
                cell.fill = fill
        for row in table.rows:
            sheet.append([_xlsx_value(c, v) for c, v in zip(table.columns, row, strict=True)])
        for n, column in enumerate(table.columns, start=1):
            letter = get_column_letter(n)
            fmt = "yyyy-mm-dd" if column.kind == "date" else column.number_format
            if fmt and sheet.max_row > head:
                for (cell,) in sheet.iter_rows(min_row=head + 1, min_col=n, max_col=n):
                    cell.number_format = fmt
            width = max(
                [text_width(column.header)]
                + [text_width(table_text(shown(r[n - 1]))) for r in table.rows[:WIDTH_ROWS]]
            )
            sheet.column_dimensions[letter].width = min(MAX_WIDTH, max(8, width + 2))
        text_only(sheet)
        sheet.freeze_panes = table.freeze or f"A{head + 1}"
        if table.columns:
            last = get_column_letter(len(table.columns))
            sheet.auto_filter.ref = f"A{head}:{last}{max(head, sheet.max_row)}"
    if charts is not None and charts.charts:
        _chart_sheet(book, charts)
    props = book.properties
    props.creator = "safecli"
    props.lastModifiedBy = "safecli"
    props.title = title
    props.created = props.modified = when
    buffer = io.BytesIO()
    book.save(buffer)
    return deterministic_zip(buffer.getvalue(), when)


def _chart_sheet(book: Any, charts: ChartSheet) -> None:
    """The charts' figures, block under block, each with its bar chart beside it (the first
    bar on top, as the page draws them)."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    sheet = book.create_sheet(charts.name)
    sheet.column_dimensions["A"].width = 42
    sheet.column_dimensions["B"].width = 12
    row = 1
    for chart in charts.charts:
        sheet.cell(row, 1, table_cell(chart.caption)).font = Font(bold=True)
        sheet.cell(row, 2, table_cell(chart.axis)).font = Font(bold=True)
        for k, (label, value) in enumerate(chart.bars, 1):
            sheet.cell(row + k, 1, table_cell(label))
            sheet.cell(row + k, 2, value)
        bar = BarChart()
        bar.type = "bar"  # horizontal bars, as the page draws them
        bar.style = 10
        bar.title = table_text(chart.caption)
        bar.legend = None
        bar.y_axis.title = table_text(chart.axis)
        bar.y_axis.delete = False
        bar.x_axis.delete = False
        bar.x_axis.scaling.orientation = "maxMin"  # the first row on top, as listed
        last = row + len(chart.bars)
        bar.add_data(Reference(sheet, min_col=2, min_row=row, max_row=last), titles_from_data=True)
        bar.set_categories(Reference(sheet, min_col=1, min_row=row + 1, max_row=last))
        bar.height = max(6.0, 0.7 * len(chart.bars) + 2.5)
        bar.width = 18.0
        sheet.add_chart(bar, f"D{row}")
        row += max(len(chart.bars) + 2, int(bar.height * 2) + 2)  # ~0.5 cm a row


def _xlsx_value(column: Column, value: Any) -> Any:
    if value is None or value == "":
        return None
    if column.kind == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if isinstance(value, str):
        return table_cell(value)
    return value


# ---------------------------------------------------------------- terminal


def terminal_tables(tables: Sequence[Table], lead: Sequence[str] = ()) -> Any:
    """Rich tables (lines of `lead` above them), every cell cleaned for a terminal."""
    from rich.console import Group
    from rich.table import Table as RichTable
    from rich.text import Text

    parts: list[Any] = [Text(table_text(line)) for line in lead]
    for table in tables:
        shown_table = RichTable(title=table_text(table.name))
        for column in table.columns:
            shown_table.add_column(
                table_text(column.header),
                justify="right" if column.numeric else "left",
                overflow="fold",
            )
        styles = list(table.row_styles) or [None] * len(table.rows)
        for row, style in zip(table.rows, styles, strict=True):
            shown_table.add_row(*(Text(table_text(shown(v))) for v in row), style=style)
        parts.append(shown_table)
    return Group(*parts)


def plain_text(renderable: Any, width: int = 140) -> str:
    """A rich renderable as plain text (no colour), for -o and pipes."""
    from rich.console import Console

    console = Console(
        file=io.StringIO(), width=width, color_system=None, force_terminal=False, record=True
    )
    console.print(renderable)
    return console.export_text()
