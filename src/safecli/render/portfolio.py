"""`safecli summary` as a terminal table, csv, xlsx, Markdown or self-contained HTML.

Deterministic: the same portfolio gives byte-identical files (the xlsx's zip entries and
document properties carry a fixed date taken from the data, never the clock).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from safecli.portfolio.summary import COLUMNS, TABLES, Portfolio
from safecli.render import tables
from safecli.render.summary_figures import charts, latest_rows
from safecli.render.summary_html import WORDS, render_page
from safecli.render.summary_words import (
    HEADERS,
    TITLES,
    human_cell,
    human_columns,
    lead_lines,
    shown_tables,
    table_rows,
    table_title,
    total_cell,
)

# ---------------------------------------------------------------- csv, xlsx, terminal

NUMERIC = ("total", "units", "share", "days_overdue", "mean_rate", "change")
"""Columns right-aligned on a terminal."""


def render_csv(portfolio: Portfolio) -> str:
    """The units table, with the column ids of COLUMNS as its header and a last column `as_of`
    (the date overdue findings were judged on: --as-of, else each record's inspection date);
    each invalid record is a row of its own: its file, grade `invalid` and its first problem as
    the flag. Cells are cleaned by the one table writer (`render.tables`)."""
    return "".join(csv_chunks(portfolio))


def csv_chunks(portfolio: Portfolio) -> Iterator[str]:
    """`render_csv` in pieces, the units read from the portfolio's spool (never held whole)."""
    columns = COLUMNS["units"]
    day = portfolio.as_of.isoformat() if portfolio.as_of else None
    label = TITLES[portfolio.lang]["invalid_grade"]

    def rows() -> Iterator[list[Any]]:
        for row in portfolio.rows["units"]:
            yield [*(total_cell(portfolio, row, c) for c in columns), day or row["date"]]
        for bad in portfolio.invalid:
            extra = dict.fromkeys(columns, "")
            extra.update(grade="invalid", grade_label=label, flag=bad.problem, path=bad.path)
            yield [*(extra[c] for c in columns), ""]

    heads = [tables.Column(c, c) for c in (*columns, "as_of")]
    return tables.csv_chunks(heads, rows())


def _fixed_time(portfolio: Portfolio) -> dt.datetime:
    dates = [dt.date.fromisoformat(r["date"]) for r in portfolio.rows["trend"]]
    day = portfolio.as_of or (max(dates) if dates else dt.date(2000, 1, 1))
    return tables.day_stamp(day)


SHEETS = {
    "zh": {
        "units": "各单位",
        "grades": "等级分布",
        "tiers": "分级名单",
        "overdue": "逾期重大隐患",
        "weakest_items": "失分条款",
        "trend": "总分趋势",
        "invalid": "无效记录",
        "charts": "图表",
    },
    "en": {name: name for name in (*TABLES, "invalid", "charts")},
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
    "exceptions": "0",
    "expired_exceptions": "0",
    "days_overdue": "0",
}
"""Excel number formats by column id (dates are written as dates, not text)."""

DATES = ("date", "due")
HEAD_FILL = "EEF2F7"


def _xlsx_value(portfolio: Portfolio, row: dict[str, Any], key: str) -> Any:
    if key in ("standard", "item") or (portfolio.lang == "zh" and key in ("veto", "grade")):
        return human_cell(portfolio, row, key)  # titles, labels and paper numbers, not ids
    return total_cell(portfolio, row, key)


def render_xlsx(portfolio: Portfolio) -> bytes:
    """One sheet per table (Chinese names in zh), localized bold headers frozen in place,
    column widths fitted to their text, number and date formats, fixed document dates."""
    headers = HEADERS[portfolio.lang]
    sheets = SHEETS[portfolio.lang]
    parts = []
    for name in TABLES:
        keys = human_columns(portfolio, list(COLUMNS[name]))
        columns = [
            tables.Column(
                k, headers[k], kind="date" if k in DATES else "text", number_format=FORMATS.get(k)
            )
            for k in keys
        ]
        rows = [[_xlsx_value(portfolio, r, k) for k in keys] for r in portfolio.rows[name]]
        freeze = "C2" if name == "units" else None  # and the unit's code and name
        parts.append(tables.Table(sheets[name], columns, rows, freeze=freeze, head_fill=HEAD_FILL))
    t = TITLES[portfolio.lang]
    invalid = [tables.Column("path", headers["path"]), tables.Column("problem", t["problem"])]
    rows = [[bad.path, bad.problem] for bad in portfolio.invalid]
    parts.append(tables.Table(sheets["invalid"], invalid, rows, head_fill=HEAD_FILL))
    # the page's charts, as native Excel charts over a sheet of their figures
    words = {**WORDS[portfolio.lang], "mean_rate": headers["mean_rate"]}
    found = tables.ChartSheet(sheets["charts"], charts(portfolio, words, latest_rows(portfolio)))
    return tables.xlsx_bytes(parts, title=t["document"], when=_fixed_time(portfolio), charts=found)


def render_table(portfolio: Portfolio, *, all_history: bool = False) -> Any:
    """Rich tables, one per part of the summary."""
    headers = HEADERS[portfolio.lang]
    parts = []
    for name in shown_tables(portfolio):
        keys = human_columns(portfolio, [c for c in COLUMNS[name] if c != "path"])
        columns = [tables.Column(k, headers[k], numeric=k in NUMERIC) for k in keys]
        rows = [[human_cell(portfolio, r, k) for k in keys] for r in table_rows(portfolio, name)]
        parts.append(tables.Table(table_title(portfolio, name, all_history), columns, rows))
    if portfolio.invalid:
        t = TITLES[portfolio.lang]
        columns = [tables.Column("path", headers["path"]), tables.Column("problem", t["problem"])]
        rows = [[bad.path, bad.problem] for bad in portfolio.invalid]
        parts.append(tables.Table(t["invalid"], columns, rows))
    return tables.terminal_tables(parts, lead=lead_lines(portfolio))


def render_text(portfolio: Portfolio, *, all_history: bool = False, width: int = 140) -> str:
    """The terminal tables as plain text (no colour), for -o."""
    return tables.plain_text(render_table(portfolio, all_history=all_history), width)


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
