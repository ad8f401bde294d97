"""The office form of `safecli findings --stats`: table (plain text), csv, xlsx, html (→ docx).

Pure: a `StatsForm` in, text or bytes out. Two header rows as the paper form has them (一般隐患 /
重大隐患 over their columns); the total row last.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from safecli.portfolio.stats import BY, StatsForm, StatsRow
from safecli.render.docx import DocMeta

COLUMNS = (
    "general_found",
    "general_closed",
    "general_rate",
    "major_found",
    "major_closed",
    "major_rate",
    "major_planned",
    "major_five",
    "major_supervised",
    "major_supervised_province",
    "funds",
)
"""The form's figures, after the row's name."""

HEADERS = {
    "zh": {
        "general_found": "排查",
        "general_closed": "已整改",
        "general_rate": "整改率（%）",
        "major_found": "排查",
        "major_closed": "已整改销号",
        "major_rate": "整改率（%）",
        "major_planned": "列入治理计划",
        "major_five": "五落实到位",
        "major_supervised": "挂牌督办",
        "major_supervised_province": "其中省级",
        "funds": "治理资金（万元）",
    },
    "en": {
        "general_found": "found",
        "general_closed": "rectified",
        "general_rate": "rate (%)",
        "major_found": "found",
        "major_closed": "closed",
        "major_rate": "rate (%)",
        "major_planned": "in a plan",
        "major_five": "five in place",
        "major_supervised": "supervised",
        "major_supervised_province": "of which provincial",
        "funds": "funds (10k yuan)",
    },
}
GROUPS = {
    "zh": {"general": "一般隐患", "major": "重大隐患"},
    "en": {"general": "General hazards", "major": "Major hazards"},
}
WORDS = {
    "zh": {
        "title": "隐患排查治理情况统计表",
        "as_of": "判定日期",
        "period": "统计期间",
        "all": "全部",
        "note": "排查：期间内首次发现的隐患；整改状态以判定日期的隐患台账为准；"
        "重大隐患经验收合格方计已整改销号；五落实：治理措施、资金、时限、责任人、应急预案。",
    },
    "en": {
        "title": "Hazard identification and rectification statistics",
        "as_of": "Judged on",
        "period": "Period",
        "all": "all",
        "note": "Found: hazards first found in the period; states are the ledger's on the date "
        "judged; a major hazard counts as closed only after a passed acceptance; five in place: "
        "measures, funds, deadline, responsible person, contingency plan.",
    },
}
GENERAL = COLUMNS[:3]
MAJOR = COLUMNS[3:]


def _wan(yuan: Decimal) -> Decimal:
    """元 → 万元, two decimals, half up."""
    return (yuan / Decimal(10000)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def values(row: StatsRow) -> dict[str, Any]:
    """The row's figures by column: counts as int, rates as float (None without hazards),
    funds in 万元 as Decimal."""
    return {
        "general_found": row.general_found,
        "general_closed": row.general_closed,
        "general_rate": row.general_rate,
        "major_found": row.major_found,
        "major_closed": row.major_closed,
        "major_rate": row.major_rate,
        "major_planned": row.major_planned,
        "major_five": row.major_five,
        "major_supervised": row.major_supervised,
        "major_supervised_province": row.major_supervised_province,
        "funds": _wan(row.funds_yuan),
    }


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _rows(form: StatsForm) -> list[StatsRow]:
    return [*form.rows, form.total]


def _safe(text: str) -> str:
    """A spreadsheet would run text starting with = + - @ as a formula: quote it."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def period_text(form: StatsForm) -> str:
    """The period as the header says it (全部 when open on both ends)."""
    w = WORDS[form.lang]
    if form.start is None and form.end is None:
        return w["all"]
    start = form.start.isoformat() if form.start else "…"
    end = form.end.isoformat() if form.end else "…"
    return f"{start} – {end}"


def header_lines(form: StatsForm) -> list[str]:
    """The lines under the title: the period and the date judged by."""
    w = WORDS[form.lang]
    sep = "：" if form.lang == "zh" else ": "
    return [
        f"{w['period']}{sep}{period_text(form)}",
        f"{w['as_of']}{sep}{form.as_of.isoformat()}",
    ]


def _head(form: StatsForm) -> tuple[list[str], list[str]]:
    """The two header rows: groups over columns, then the columns."""
    lang = form.lang
    by = BY[form.by].get(lang)
    top = [by] + [GROUPS[lang]["general"]] * len(GENERAL) + [GROUPS[lang]["major"]] * len(MAJOR)
    return top, [by] + [HEADERS[lang][c] for c in COLUMNS]


def render_csv(form: StatsForm) -> str:
    """Header rows (group, column), a row per group and the total; the date judged by last."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    top, head = _head(form)
    w = WORDS[form.lang]
    writer.writerow([*top, w["period"], w["as_of"]])
    writer.writerow([*head, "", ""])
    for row in _rows(form):
        figures = values(row)
        writer.writerow(
            [
                _safe(row.name),
                *(_text(figures[c]) for c in COLUMNS),
                period_text(form),
                form.as_of.isoformat(),
            ]
        )
    return out.getvalue()


def render_xlsx(form: StatsForm) -> bytes:
    """One sheet: title, period and date lines, the two header rows (groups merged), the rows,
    the total in bold; numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from safecli.model.archive import deterministic_zip

    w = WORDS[form.lang]
    book = Workbook()
    sheet = book.active
    sheet.title = "统计表" if form.lang == "zh" else "Statistics"
    sheet.append([w["title"]])
    for line in header_lines(form):
        sheet.append([line])
    top, head = _head(form)
    sheet.append(top)
    sheet.append(head)
    first = 4
    sheet.merge_cells(start_row=first, start_column=1, end_row=first + 1, end_column=1)
    sheet.merge_cells(start_row=first, start_column=2, end_row=first, end_column=1 + len(GENERAL))
    sheet.merge_cells(
        start_row=first, start_column=2 + len(GENERAL), end_row=first, end_column=1 + len(COLUMNS)
    )
    for r in (first, first + 1):
        for cell in sheet[r]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in _rows(form):
        figures = values(row)
        cells: list[Any] = [_safe(row.name)]
        for c in COLUMNS:
            value = figures[c]
            cells.append(float(value) if isinstance(value, Decimal) else value)
        sheet.append(cells)
        for c, cell in zip(COLUMNS, sheet[sheet.max_row][1:], strict=True):
            if c.endswith("rate"):
                cell.number_format = "0.0"
            elif c == "funds":
                cell.number_format = "0.00"
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.append([w["note"]])
    sheet.column_dimensions["A"].width = max(12, min(40, max(len(r.name) * 2 for r in _rows(form))))
    for n in range(2, 2 + len(COLUMNS)):
        sheet.column_dimensions[sheet.cell(first + 1, n).column_letter].width = 12
    sheet.freeze_panes = sheet.cell(first + 2, 2)
    props = book.properties
    props.creator = props.lastModifiedBy = "safecli"
    props.title = w["title"]
    stamp = dt.datetime.combine(form.as_of, dt.time(0, 0))
    props.created = props.modified = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    return deterministic_zip(buffer.getvalue(), stamp)


def render_text(form: StatsForm, width: int = 200) -> str:
    """The form as a plain-text table (for the terminal, -o and pipes)."""
    from rich.console import Console
    from rich.table import Table

    w = WORDS[form.lang]
    lang = form.lang
    table = Table(title=w["title"], caption="；".join(header_lines(form)))
    table.add_column(BY[form.by].get(lang))
    for c in COLUMNS:
        group = GROUPS[lang]["general" if c in GENERAL else "major"]
        table.add_column(f"{group}\n{HEADERS[lang][c]}", justify="right")
    for row in _rows(form):
        figures = values(row)
        table.add_row(row.name, *(_text(figures[c]) for c in COLUMNS))
    console = Console(
        file=io.StringIO(), width=width, color_system=None, force_terminal=False, record=True
    )
    console.print(table)
    console.print(w["note"])
    return console.export_text()


def render_html(form: StatsForm) -> str:
    """The form as the documents' HTML (landscape A4): what `--format docx` turns into Word."""
    w = WORDS[form.lang]
    esc = html.escape
    top, head = _head(form)
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if form.lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{esc(w['title'])}</title>",
        "<style>@page { size: A4 landscape; margin: 20mm; }"
        " table { border-collapse: collapse; } th, td { border: 1px solid #000; padding: 2px 4px; }"
        " td.n { text-align: right; }</style>",
        "</head><body>",
        f"<h1>{esc(w['title'])}</h1>",
        *(f"<p>{esc(line)}</p>" for line in header_lines(form)),
        "<table><thead>",
        "<tr><th></th>"
        f'<th colspan="{len(GENERAL)}">{esc(top[1])}</th>'
        f'<th colspan="{len(MAJOR)}">{esc(top[-1])}</th></tr>',
        "<tr>" + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr>",
        "</thead><tbody>",
    ]
    for row in _rows(form):
        figures = values(row)
        cells = "".join(f'<td class="n">{esc(_text(figures[c]))}</td>' for c in COLUMNS)
        lines.append(f"<tr><td>{esc(row.name)}</td>{cells}</tr>")
    lines += ["</tbody></table>", f"<p>{esc(w['note'])}</p>", "</body></html>", ""]
    return "\n".join(lines)


def render_stats(form: StatsForm, fmt: str, *, encoding: str = "utf-8") -> str | bytes:
    """The form as table (plain text), csv (bytes, UTF-8 with a BOM or GB18030), xlsx or html."""
    if fmt == "csv":
        from safecli.render.encoding import csv_bytes

        return csv_bytes(render_csv(form), encoding)
    if fmt == "xlsx":
        return render_xlsx(form)
    if fmt == "html":
        return render_html(form)
    return render_text(form)


def stats_meta(form: StatsForm) -> DocMeta:
    """What the form's Word file says about itself: its title, language, landscape A4."""
    return DocMeta(title=WORDS[form.lang]["title"], date=None, lang=form.lang, landscape=True)
