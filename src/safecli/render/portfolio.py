"""`safecli summary` as a terminal table, csv, xlsx, Markdown or self-contained HTML.

Deterministic: the same portfolio gives byte-identical files (the xlsx's zip entries and
document properties carry a fixed date taken from the data, never the clock).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from typing import Any

from safecli.portfolio import COLUMNS, TABLES, Portfolio

HEADERS = {
    "zh": {
        "unit": "单位编码",
        "subject": "单位名称",
        "standard": "标准",
        "date": "检查日期",
        "total": "总分",
        "grade": "等级",
        "grade_label": "等级名称",
        "veto": "否决",
        "flag": "标记",
        "open_findings": "未整改隐患",
        "overdue_findings": "逾期隐患",
        "path": "文件",
        "units": "单位数",
        "share": "占比(%)",
        "tier": "层级",
        "tier_label": "层级名称",
        "finding": "隐患",
        "item": "条款",
        "text": "内容",
        "owner": "责任人",
        "due": "整改期限",
        "days_overdue": "逾期天数",
        "points": "分值",
        "applicable": "适用单位数",
        "not_met": "未得满分单位数",
        "mean_rate": "平均得分率(%)",
        "change": "变化",
    },
    "en": {
        "unit": "Unit",
        "subject": "Name",
        "standard": "Standard",
        "date": "Date",
        "total": "Total",
        "grade": "Grade",
        "grade_label": "Grade name",
        "veto": "Veto",
        "flag": "Flag",
        "open_findings": "Open findings",
        "overdue_findings": "Overdue findings",
        "path": "File",
        "units": "Units",
        "share": "Share (%)",
        "tier": "Tier",
        "tier_label": "Tier name",
        "finding": "Finding",
        "item": "Item",
        "text": "Text",
        "owner": "Owner",
        "due": "Due",
        "days_overdue": "Days overdue",
        "points": "Points",
        "applicable": "Applicable",
        "not_met": "Not fully met",
        "mean_rate": "Mean rate (%)",
        "change": "Change",
    },
}

TITLES = {
    "zh": {
        "document": "安全生产创建汇总",
        "units": "各单位最新记录",
        "units_all": "各单位全部记录",
        "grades": "等级分布",
        "tiers": "安全诚信企业分级名单（标准化 / 规范化 / 问题型）",
        "overdue": "逾期未整改重大隐患",
        "weakest_items": "失分最多的条款（平均得分率低者在前）",
        "trend": "各单位总分趋势",
        "none": "无",
        "as_of": "隐患逾期判定日期",
        "as_of_records": "各记录的检查日期",
        "invalid": "未计入的无效记录",
        "invalid_count": "汇总有效记录 {valid} 份；无效记录 {invalid} 份，未计入汇总",
        "invalid_grade": "无效记录",
        "problem": "问题",
    },
    "en": {
        "document": "Work-safety creation summary",
        "units": "Units (latest record per standard)",
        "units_all": "Units (every record)",
        "grades": "Grade distribution",
        "tiers": "Safety-integrity tiers (standardized / normalized / problem)",
        "overdue": "Overdue major hazards",
        "weakest_items": "Items the portfolio fails most (lowest mean rate first)",
        "trend": "Each unit's total over time",
        "none": "none",
        "as_of": "Overdue judged on",
        "as_of_records": "each record's inspection date",
        "invalid": "Invalid records left out",
        "invalid_count": "{valid} valid records summarized; {invalid} invalid records left out",
        "invalid_grade": "invalid record",
        "problem": "Problem",
    },
}

TABLE_LIMIT = 20
"""The terminal, Markdown and HTML show this many weakest items (csv and xlsx show all)."""


def _cell(value: Any, key: str = "") -> str:
    if value is None:
        return ""
    if key == "change" and isinstance(value, (int, float)):
        return f"{value:+.1f}"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _title(portfolio: Portfolio, name: str, all_history: bool) -> str:
    t = TITLES[portfolio.lang]
    return t["units_all"] if name == "units" and all_history else t[name]


def _rows(portfolio: Portfolio, name: str) -> list[dict[str, Any]]:
    rows = portfolio.rows[name]
    return rows[:TABLE_LIMIT] if name == "weakest_items" else rows


def _shown(portfolio: Portfolio) -> list[str]:
    """Tables worth showing: every table with rows, plus units and grades always."""
    return [n for n in TABLES if portfolio.rows[n] or n in ("units", "grades")]


# ---------------------------------------------------------------- csv and xlsx


def render_csv(portfolio: Portfolio) -> str:
    """The units table, utf-8, with the column ids of COLUMNS as its header; each invalid record
    is a row of its own: its file, grade `invalid` and its first problem as the flag."""
    frame = portfolio.frame("units")
    if portfolio.invalid:
        import pandas as pd

        label = TITLES[portfolio.lang]["invalid_grade"]
        extra = pd.DataFrame(
            [
                {"grade": "invalid", "grade_label": label, "flag": bad.problem, "path": bad.path}
                for bad in portfolio.invalid
            ],
            columns=list(COLUMNS["units"]),
        )
        frame = pd.concat([frame, extra], ignore_index=True) if len(frame) else extra
    return frame.to_csv(index=False, lineterminator="\n")


def _valid_count(portfolio: Portfolio) -> int:
    return len(portfolio.sources) - len(portfolio.invalid)


def _lead(portfolio: Portfolio) -> list[str]:
    """The lines under the title: the date overdue was judged on, and the invalid records."""
    t = TITLES[portfolio.lang]
    day = portfolio.as_of.isoformat() if portfolio.as_of else t["as_of_records"]
    return [
        f"{t['as_of']}: {day}",
        t["invalid_count"].format(valid=_valid_count(portfolio), invalid=len(portfolio.invalid)),
    ]


def _fixed_time(portfolio: Portfolio) -> dt.datetime:
    dates = [dt.date.fromisoformat(r["date"]) for r in portfolio.rows["trend"]]
    day = portfolio.as_of or (max(dates) if dates else dt.date(2000, 1, 1))
    return dt.datetime(day.year, day.month, day.day)


def render_xlsx(portfolio: Portfolio) -> bytes:
    """One sheet per table (named as TABLES), localized headers, fixed document dates."""
    import pandas as pd

    headers = HEADERS[portfolio.lang]
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name in TABLES:
            frame = portfolio.frame(name).rename(columns=headers)
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            for column, key in zip(sheet.columns, COLUMNS[name], strict=True):
                width = max(
                    [len(headers[key]) * 2]
                    + [len(_cell(row[key])) * 2 for row in portfolio.rows[name][:200]]
                )
                sheet.column_dimensions[column[0].column_letter].width = min(60, max(8, width))
            sheet.freeze_panes = "A2"
        t = TITLES[portfolio.lang]
        invalid = pd.DataFrame(
            [{"path": bad.path, "problem": bad.problem} for bad in portfolio.invalid],
            columns=["path", "problem"],
        ).rename(columns={"path": headers["path"], "problem": t["problem"]})
        invalid.to_excel(writer, sheet_name="invalid", index=False)
        sheet = writer.sheets["invalid"]
        sheet.column_dimensions["A"].width = 40
        sheet.column_dimensions["B"].width = 100
        props = writer.book.properties
        props.creator = "safecli"
        props.lastModifiedBy = "safecli"
        props.title = TITLES[portfolio.lang]["document"]
    return _normalize_zip(buffer.getvalue(), _fixed_time(portfolio))


_CORE_DATE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _normalize_zip(data: bytes, when: dt.datetime) -> bytes:
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

    headers = HEADERS[portfolio.lang]
    parts: list[Any] = [Text(line) for line in _lead(portfolio)]
    for name in _shown(portfolio):
        table = Table(title=_title(portfolio, name, all_history))
        columns = [c for c in COLUMNS[name] if c != "path"]
        for key in columns:
            numeric = key in ("total", "units", "share", "days_overdue", "mean_rate", "change")
            table.add_column(headers[key], justify="right" if numeric else "left", overflow="fold")
        for row in _rows(portfolio, name):
            table.add_row(*(Text(_cell(row[key], key)) for key in columns))
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
    return value.replace("|", "\\|").replace("\n", " ")


def render_md(portfolio: Portfolio, *, all_history: bool = False) -> str:
    """Markdown: a heading and a pipe table per part of the summary."""
    t = TITLES[portfolio.lang]
    headers = HEADERS[portfolio.lang]
    out = [f"# {t['document']}", ""]
    for line in _lead(portfolio):
        out += [_md_escape(line), ""]
    for name in _shown(portfolio):
        columns = COLUMNS[name]
        out += [f"## {_title(portfolio, name, all_history)}", ""]
        rows = _rows(portfolio, name)
        if not rows:
            out += [t["none"], ""]
            continue
        out.append("| " + " | ".join(headers[c] for c in columns) + " |")
        out.append("|" + "|".join("---" for _ in columns) + "|")
        for row in rows:
            out.append("| " + " | ".join(_md_escape(_cell(row[c], c)) for c in columns) + " |")
        out.append("")
    if portfolio.invalid:
        out += [f"## {t['invalid']}", ""]
        out += [f"| {headers['path']} | {t['problem']} |", "|---|---|"]
        out += [f"| {_md_escape(b.path)} | {_md_escape(b.problem)} |" for b in portfolio.invalid]
        out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------- html

CSS = """
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:0 0 1.5em}th,td{border:1px solid #ccc;padding:.25em .5em}
th{background:#f3f3f3;text-align:left}td.n{text-align:right}h2{margin-top:1.5em}
figure{margin:0 0 1em}figcaption{font-weight:bold;margin-bottom:.25em}
""".strip()

BAR_COLOURS = ("#2e7d32", "#7cb342", "#f9a825", "#ef6c00", "#c62828", "#6a1b9a")


def _svg_bars(rows: list[dict[str, Any]]) -> str:
    """A horizontal bar per grade: its count of units."""
    height = 22 * len(rows) + 4
    most = max((r["units"] for r in rows), default=0) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="480" height="{height}" role="img">']
    for i, row in enumerate(rows):
        y = 2 + 22 * i
        width = round(260 * row["units"] / most)
        colour = BAR_COLOURS[min(i, len(BAR_COLOURS) - 1)]
        label = html.escape(f"{row['grade_label']} ({row['grade']})")
        parts.append(
            f'<text x="0" y="{y + 14}" font-size="12">{label}</text>'
            f'<rect x="170" y="{y}" width="{width}" height="18" fill="{colour}"/>'
            f'<text x="{174 + width}" y="{y + 14}" font-size="12">{row["units"]}'
            f" ({row['share']:.1f}%)</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _svg_trend(points: list[tuple[str, float]]) -> str:
    """A small line of totals (0 to 100) by date."""
    width, height = 160, 40
    if len(points) == 1:
        xs = [width / 2]
    else:
        xs = [4 + (width - 8) * i / (len(points) - 1) for i in range(len(points))]
    ys = [height - 4 - (height - 8) * max(0.0, min(100.0, total)) / 100 for _, total in points]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
    dots = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#1565c0">'
        f"<title>{html.escape(day)}: {total:.1f}</title></circle>"
        for (day, total), x, y in zip(points, xs, ys, strict=True)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">'
        f'<rect width="{width}" height="{height}" fill="#fafafa"/>'
        f'<polyline points="{line}" fill="none" stroke="#1565c0" stroke-width="1.5"/>{dots}</svg>'
    )


def _html_table(portfolio: Portfolio, name: str, rows: list[dict[str, Any]]) -> str:
    headers = HEADERS[portfolio.lang]
    columns = COLUMNS[name]
    numeric = {"total", "units", "share", "days_overdue", "mean_rate", "change", "points"}
    head = "".join(f"<th>{html.escape(headers[c])}</th>" for c in columns)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=n' if c in numeric else ''}>{html.escape(_cell(row[c], c))}</td>"
            for c in columns
        )
        + "</tr>\n"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table>"


def render_html(portfolio: Portfolio, *, all_history: bool = False) -> str:
    """One self-contained page: inline CSS, inline SVG charts, no scripts, no requests."""
    t = TITLES[portfolio.lang]
    lang = "zh-CN" if portfolio.lang == "zh" else "en"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{html.escape(t['document'])}</title><style>{CSS}</style></head><body>",
        f"<h1>{html.escape(t['document'])}</h1>",
    ]
    out += [f"<p>{html.escape(line)}</p>" for line in _lead(portfolio)]
    for name in _shown(portfolio):
        out.append(f"<h2>{html.escape(_title(portfolio, name, all_history))}</h2>")
        rows = _rows(portfolio, name)
        if name == "grades":
            by_ref: dict[str, list[dict[str, Any]]] = {}
            for row in rows:
                by_ref.setdefault(row["standard"], []).append(row)
            for ref, group in by_ref.items():
                out.append(
                    f"<figure><figcaption>{html.escape(ref)}</figcaption>{_svg_bars(group)}"
                    "</figure>"
                )
        if name == "trend":
            out.append(_trend_html(portfolio, rows))
            continue
        out.append(_html_table(portfolio, name, rows) if rows else f"<p>{t['none']}</p>")
    if portfolio.invalid:
        headers = HEADERS[portfolio.lang]
        out.append(f"<h2>{html.escape(t['invalid'])}</h2>")
        out.append(
            f"<table><thead><tr><th>{html.escape(headers['path'])}</th>"
            f"<th>{html.escape(t['problem'])}</th></tr></thead><tbody>"
        )
        out += [
            f"<tr><td>{html.escape(b.path)}</td><td>{html.escape(b.problem)}</td></tr>"
            for b in portfolio.invalid
        ]
        out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _trend_html(portfolio: Portfolio, rows: list[dict[str, Any]]) -> str:
    headers = HEADERS[portfolio.lang]
    series: dict[tuple[str, str, str], list[tuple[str, float]]] = {}
    for row in rows:
        key = (row["unit"], row["subject"], row["standard"].partition("@")[0])
        series.setdefault(key, []).append((row["date"], row["total"]))
    head = "".join(
        f"<th>{html.escape(headers[c])}</th>" for c in ("unit", "subject", "standard", "total")
    )
    body = []
    for (unit, subject, standard), points in series.items():
        totals = " → ".join(f"{total:.1f}" for _, total in points)
        body.append(
            f"<tr><td>{html.escape(unit)}</td><td>{html.escape(subject)}</td>"
            f"<td>{html.escape(standard)}</td><td>{_svg_trend(points)}<br>{totals}</td></tr>"
        )
    return (
        f"<table><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(body) + "\n</tbody></table>"
    )


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
