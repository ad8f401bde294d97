"""`safecli summary` as a terminal table, csv, xlsx, Markdown or self-contained HTML.

Deterministic: the same portfolio gives byte-identical files (the xlsx's zip entries and
document properties carry a fixed date taken from the data, never the clock).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from safecli.portfolio.summary import COLUMNS, TABLES, Portfolio
from safecli.render.summary_html import render_page
from safecli.render.summary_words import (
    HEADERS,
    TITLES,
    human_cell,
    human_columns,
    lead_lines,
    shown_tables,
    table_rows,
    table_title,
)

# ---------------------------------------------------------------- csv and xlsx


def _inert(frame: Any, guard: Any) -> Any:
    """The frame with every text value passed through `guard` (formula and XML safety)."""
    from pandas.api.types import is_object_dtype, is_string_dtype

    frame = frame.copy()
    for column in frame.columns:
        if is_object_dtype(frame[column]) or is_string_dtype(frame[column]):
            frame[column] = frame[column].map(lambda v: guard(v) if isinstance(v, str) else v)
    return frame


def render_csv(portfolio: Portfolio) -> str:
    """The units table, with the column ids of COLUMNS as its header and a last column `as_of`
    (the date overdue findings were judged on: --as-of, else each record's inspection date);
    each invalid record is a row of its own: its file, grade `invalid` and its first problem as
    the flag.

    Written with the csv module, the bytes pandas' `to_csv` would give (pandas alone costs a
    summary ~100 MiB of memory and its start-up).

    Text a spreadsheet would run as a formula (= + - @ tab CR first) gets a leading `'`.
    """
    import csv

    from safecli.model.neutralise import cell

    columns = COLUMNS["units"]
    day = portfolio.as_of.isoformat() if portfolio.as_of else None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*columns, "as_of"])
    for row in portfolio.rows["units"]:
        writer.writerow(
            [*("" if row[c] is None else cell(row[c]) for c in columns), day or row["date"]]
        )
    label = TITLES[portfolio.lang]["invalid_grade"]
    for bad in portfolio.invalid:
        extra = dict.fromkeys(columns, "")
        extra.update(grade="invalid", grade_label=label, flag=bad.problem, path=bad.path)
        writer.writerow([*(cell(extra[c]) for c in columns), ""])
    return out.getvalue()


def _fixed_time(portfolio: Portfolio) -> dt.datetime:
    dates = [dt.date.fromisoformat(r["date"]) for r in portfolio.rows["trend"]]
    day = portfolio.as_of or (max(dates) if dates else dt.date(2000, 1, 1))
    return dt.datetime(day.year, day.month, day.day)


SHEETS = {
    "zh": {
        "units": "各单位",
        "grades": "等级分布",
        "tiers": "分级名单",
        "overdue": "逾期重大隐患",
        "weakest_items": "失分条款",
        "trend": "总分趋势",
        "invalid": "无效记录",
    },
    "en": {name: name for name in (*TABLES, "invalid")},
}
"""Sheet names of the xlsx: Chinese for a Chinese workbook, the table ids otherwise."""

FORMATS = {
    "total": "0.0",
    "share": "0.0",
    "mean_rate": "0.0",
    "change": "+0.0;-0.0;0.0",
    "points": "0.##",
    "units": "0",
    "applicable": "0",
    "not_met": "0",
    "open_findings": "0",
    "overdue_findings": "0",
    "days_overdue": "0",
    "date": "yyyy-mm-dd",
    "due": "yyyy-mm-dd",
}
"""Excel number formats by column id (dates are written as dates, not text)."""


def render_xlsx(portfolio: Portfolio) -> bytes:
    """One sheet per table (Chinese names in zh), localized bold headers frozen in place,
    column widths fitted to their text, number and date formats, fixed document dates."""
    import pandas as pd
    from openpyxl.styles import Alignment, Font, PatternFill

    from safecli.model.neutralise import text_only, xml_text

    headers = HEADERS[portfolio.lang]
    sheets = SHEETS[portfolio.lang]
    buffer = io.BytesIO()
    head_font = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="EEF2F7")
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name in TABLES:
            keys = human_columns(portfolio, list(COLUMNS[name]))
            frame = portfolio.frame(name)
            # titles, labels and paper numbers for ids, as the tables show
            for key in ("item", "veto", "grade", "standard"):
                if key in keys and (portfolio.lang == "zh" or key == "standard"):
                    frame[key] = [human_cell(portfolio, r, key) for r in portfolio.rows[name]]
            frame = _inert(frame[keys], xml_text)
            for key in ("date", "due"):
                if key in frame.columns:
                    frame[key] = [dt.date.fromisoformat(v) if v else None for v in frame[key]]
            frame = frame.rename(columns=headers)
            frame.to_excel(writer, sheet_name=sheets[name], index=False)
            sheet = writer.sheets[sheets[name]]
            text_only(sheet)
            for column, key in zip(sheet.columns, keys, strict=True):
                width = max(
                    [_text_width(headers[key])]
                    + [
                        _text_width(human_cell(portfolio, row, key))
                        for row in portfolio.rows[name][:200]
                    ]
                )
                letter = column[0].column_letter
                sheet.column_dimensions[letter].width = min(60, max(8, width + 2))
                column[0].font = head_font
                column[0].fill = head_fill
                column[0].alignment = Alignment(vertical="center", wrap_text=False)
                fmt = FORMATS.get(key)
                if fmt:
                    for cell in column[1:]:
                        cell.number_format = fmt
            sheet.freeze_panes = "A2"  # the header row stays when scrolling
            if name == "units":
                sheet.freeze_panes = "C2"  # and the unit's code and name
            sheet.auto_filter.ref = sheet.dimensions
        t = TITLES[portfolio.lang]
        invalid = pd.DataFrame(
            [[bad.path, bad.problem] for bad in portfolio.invalid],
            columns=[headers["path"], t["problem"]],
        )
        invalid.to_excel(writer, sheet_name=sheets["invalid"], index=False)
        sheet = writer.sheets[sheets["invalid"]]
        for column, width in (("A", 40), ("B", 100)):
            sheet.column_dimensions[column].width = width
            sheet[f"{column}1"].font = head_font
            sheet[f"{column}1"].fill = head_fill
        sheet.freeze_panes = "A2"
        props = writer.book.properties
        props.creator = "safecli"
        props.lastModifiedBy = "safecli"
        props.title = TITLES[portfolio.lang]["document"]
    return normalize_zip(buffer.getvalue(), _fixed_time(portfolio))


def _text_width(text: str) -> int:
    """Excel column width units of `text`: a Chinese character takes two."""
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


_CORE_DATE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def normalize_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same workbook with fixed zip timestamps and document dates."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = _CORE_DATE.sub(rb"\g<1>" + stamp + rb"\g<3>", payload)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, payload)
    return out.getvalue()


# ---------------------------------------------------------------- terminal


def render_table(portfolio: Portfolio, *, all_history: bool = False) -> Any:
    """Rich tables, one per part of the summary."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from safecli.model.neutralise import terminal

    headers = HEADERS[portfolio.lang]
    parts: list[Any] = [Text(line) for line in lead_lines(portfolio)]
    for name in shown_tables(portfolio):
        table = Table(title=table_title(portfolio, name, all_history))
        columns = human_columns(portfolio, [c for c in COLUMNS[name] if c != "path"])
        for key in columns:
            numeric = key in ("total", "units", "share", "days_overdue", "mean_rate", "change")
            table.add_column(headers[key], justify="right" if numeric else "left", overflow="fold")
        for row in table_rows(portfolio, name):
            table.add_row(*(Text(terminal(human_cell(portfolio, row, key))) for key in columns))
        parts.append(table)
    if portfolio.invalid:
        t = TITLES[portfolio.lang]
        table = Table(title=t["invalid"])
        table.add_column(headers["path"], overflow="fold")
        table.add_column(t["problem"], overflow="fold")
        for bad in portfolio.invalid:
            table.add_row(Text(bad.path), Text(bad.problem))
        parts.append(table)
    return Group(*parts)


def render_text(portfolio: Portfolio, *, all_history: bool = False, width: int = 140) -> str:
    """The terminal tables as plain text (no colour), for -o."""
    from rich.console import Console

    console = Console(
        file=io.StringIO(), width=width, color_system=None, force_terminal=False, record=True
    )
    console.print(render_table(portfolio, all_history=all_history))
    return console.export_text()


# ---------------------------------------------------------------- markdown


def _md_escape(value: str) -> str:
    from safecli.model.neutralise import markdown

    return markdown(value)


def render_md(portfolio: Portfolio, *, all_history: bool = False) -> str:
    """Markdown: a heading and a pipe table per part of the summary."""
    t = TITLES[portfolio.lang]
    headers = HEADERS[portfolio.lang]
    out = [f"# {t['document']}", ""]
    for line in lead_lines(portfolio):
        out += [_md_escape(line), ""]
    for name in shown_tables(portfolio):
        columns = human_columns(portfolio, list(COLUMNS[name]))
        out += [f"## {table_title(portfolio, name, all_history)}", ""]
        rows = table_rows(portfolio, name)
        if not rows:
            out += [t["none"], ""]
            continue
        out.append("| " + " | ".join(headers[c] for c in columns) + " |")
        out.append("|" + "|".join("---" for _ in columns) + "|")
        for row in rows:
            out.append(
                "| " + " | ".join(_md_escape(human_cell(portfolio, row, c)) for c in columns) + " |"
            )
        out.append("")
    if portfolio.invalid:
        out += [f"## {t['invalid']}", ""]
        out += [f"| {headers['path']} | {t['problem']} |", "|---|---|"]
        out += [f"| {_md_escape(b.path)} | {_md_escape(b.problem)} |" for b in portfolio.invalid]
        out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------- html


def render_html(portfolio: Portfolio, *, all_history: bool = False) -> str:
    """The director's page (render/summary_html.py): figures, charts, units worst first."""
    return render_page(portfolio, all_history=all_history)


def render_summary(portfolio: Portfolio, fmt: str, *, all_history: bool = False) -> str | bytes:
    """The portfolio as table (plain text), csv, xlsx (bytes), md or html."""
    if fmt == "csv":
        return render_csv(portfolio)
    if fmt == "xlsx":
        return render_xlsx(portfolio)
    if fmt == "md":
        return render_md(portfolio, all_history=all_history)
    if fmt == "html":
        return render_html(portfolio, all_history=all_history)
    return render_text(portfolio, all_history=all_history)
