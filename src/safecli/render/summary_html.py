"""`safecli summary --format html`: the page a director reads, and prints on A4 landscape.

It opens with the figures asked first (units, records, 达标率 by grade, vetoed, blacklisted,
overdue major hazards, findings closed and open), then charts (grade distribution, by region,
by industry, the items weakest across units) as inline SVG, then the units worst first, then
the detail tables. Self-contained: inline CSS and SVG, no script, no request.

It keeps the HTML contract of the documents (templates/README.md), so `--format docx` turns
it into Word: `<h1>` title, `<h2>` parts, tables with `<thead>`, the date in
`<div class="signature">`; the charts are `<figure class="chart">` (inline SVG), which Word gets
as pictures.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from typing import Any

from safecli.portfolio.summary import COLUMNS, Portfolio
from safecli.render.docx import DocMeta
from safecli.render.summary_figures import latest_rows, lowest_grades, pass_rates, passed, rate
from safecli.render.summary_words import (
    HEADERS,
    TABLE_LIMIT,
    TITLES,
    human_cell,
    human_columns,
    lead_lines,
    table_rows,
    table_title,
    unit_marks,
)
from safecli.score.results import NOT_SCORABLE

WORDS = {
    "zh": {
        "overview": "一、总体情况",
        "grades": "二、等级分布",
        "regions": "三、分地区、分行业情况",
        "weakest": "四、失分最多的条款",
        "units": "五、各单位情况（由差到好）",
        "details": "六、明细",
        "units_n": "单位",
        "records_n": "自查记录",
        "pass_rate": "达标率",
        "vetoed": "否决",
        "blacklisted": "列入黑名单",
        "overdue_n": "逾期重大隐患",
        "findings": "隐患整改（已整改/未整改）",
        "region": "地区",
        "industry": "行业",
        "unknown": "未填写",
        "mean_total": "平均分",
        "passed": "达标单位",
        "pass_note": "达标：等级高于该标准的最低等级（未被否决至最低等级）。",
        "chart_grades": "各标准等级分布（单位数）",
        "chart_regions": "分地区达标率（%）",
        "chart_industries": "分行业达标率（%）",
        "chart_weakest": "失分最多的条款：平均得分率（%）",
        "no": "序号",
        "marks": "否决/标记",
        "exceptions": "有效例外",
        "as_of": "隐患逾期判定日期",
        "latest": "最近自查日期",
        "units_of": "{n} 个单位",
        "records_of": "{n} 份自查记录",
        "trend": "总分趋势",
        "sep": "、",
        "colon": "：",
    },
    "en": {
        "overview": "1. Overview",
        "grades": "2. Grades",
        "regions": "3. By region and by industry",
        "weakest": "4. Items lost most often",
        "units": "5. Units, worst first",
        "details": "6. Details",
        "units_n": "Units",
        "records_n": "Records",
        "pass_rate": "Pass rate",
        "vetoed": "Vetoed",
        "blacklisted": "Blacklisted",
        "overdue_n": "Overdue major hazards",
        "findings": "Findings closed / open",
        "region": "Region",
        "industry": "Industry",
        "unknown": "not given",
        "mean_total": "Mean total",
        "passed": "Passing units",
        "pass_note": "Passing: a grade above the standard's lowest (not vetoed down to it).",
        "chart_grades": "Grades per standard (units)",
        "chart_regions": "Pass rate by region (%)",
        "chart_industries": "Pass rate by industry (%)",
        "chart_weakest": "Items lost most often: mean rate (%)",
        "no": "No.",
        "marks": "Veto / flag",
        "exceptions": "Exceptions",
        "as_of": "Overdue judged on",
        "latest": "Latest inspection",
        "units_of": "{n} units",
        "records_of": "{n} records",
        "trend": "Trend",
        "sep": ", ",
        "colon": ": ",
    },
}

CSS = """
@page { size: A4 landscape; margin: 12mm 12mm 14mm 12mm; }
:root { --ink: #1f2933; --muted: #52606d; --line: #cbd2d9; --accent: #1d4e89; --warn: #b42318; --ok: #2f7d32; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1400px; padding: 20px 28px; color: var(--ink);
  font: 14px/1.55 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; border-bottom: 2px solid var(--accent); padding-bottom: 3px; margin: 26px 0 10px;
  break-after: avoid; page-break-after: avoid; }
h3 { font-size: 15px; margin: 16px 0 6px; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 6px; }
.meta { color: var(--muted); }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin: 10px 0 12px; }
.kpi { display: flex; flex-direction: column; margin: 0; padding: 10px 12px; border: 1px solid var(--line);
  border-left: 4px solid var(--accent); border-radius: 4px; break-inside: avoid; }
.kpi .l { color: var(--muted); font-size: 13px; }
.kpi .v { font-size: 26px; font-weight: 700; line-height: 1.2; font-variant-numeric: tabular-nums; }
.kpi.bad { border-left-color: var(--warn); }
.kpi.bad .v { color: var(--warn); }
.kpi .sep, .kpis .gap { display: none; }
.rates { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 10px; }
.rates p { border: 1px solid var(--line); border-radius: 4px; padding: 8px 12px; margin: 0; break-inside: avoid; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 12px 24px; }
figure { margin: 0 0 12px; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg { max-width: 100%; height: auto; display: block; }
svg text { font-size: 12px; fill: var(--ink); }
table { width: 100%; border-collapse: collapse; margin: 0 0 14px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 3px 6px; vertical-align: top; text-align: left; }
thead th { background: #eef2f7; white-space: nowrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.nowrap { white-space: nowrap; }
th.w-wide { min-width: 14em; }
td.name { min-width: 10em; }
td { overflow-wrap: break-word; }
td.bad { color: var(--warn); font-weight: 600; }
.signature { text-align: right; margin-top: 18px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  .kpis { grid-template-columns: repeat(7, 1fr); }
  .kpi .v { font-size: 20px; }
  table { font-size: 10.5px; }
  a { color: inherit; text-decoration: none; }
}
""".strip()

BAR = "#4a7fc1"
GRADE_COLOURS = ("#2e7d32", "#7cb342", "#f9a825", "#ef6c00", "#c62828", "#6a1b9a")


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def label_width(text: str) -> float:
    """Pixels of `text` at 12 px: a Chinese character takes a full em, Latin about 0.6."""
    return sum(12.0 if ord(c) > 0x2E80 else 7.0 for c in text)


def fit_label(text: str, px: float) -> str:
    """`text` shortened in the middle with … so it fits in `px`: its start and its end stay,
    since titles that share a start differ at the end (Implementation plan for creating a
    “Safe Community” / “Safe Enterprise”); the full text stays in the bar's <title>."""
    if label_width(text) <= px:
        return text
    room = px - label_width("…")
    start = len(text)
    while start > 0 and label_width(text[start - 1 :]) <= room * 0.65:
        start -= 1
    if " " in text[:start] and text[start - 1] != " ":  # whole words, where words
        before = text.rindex(" ", 0, start) + 1
        if label_width(text[before:]) <= room * 0.85:
            start = before
        elif " " in text[start:]:
            start = text.index(" ", start) + 1
    end = 0
    while end < start and label_width(text[: end + 1]) + label_width(text[start:]) <= room:
        end += 1
    if " " in text[:end].strip() and text[end : end + 1] != " ":
        end = text.rindex(" ", 0, end)
    return text[:end].rstrip() + "…" + text[start:].lstrip()


def _hbars(rows: list[tuple[str, float, str]], caption: str, top: float = 100.0) -> str:
    """A horizontal bar chart: (label, value 0..top, text shown after the bar) per row."""
    if not rows:
        return ""
    label_w = min(300.0, max(label_width(label) for label, _, _ in rows) + 12)
    value_w = max(label_width(text) for _, _, text in rows) + 12
    bar_w, row_h = 360.0, 24
    width = label_w + bar_w + value_w
    height = row_h * len(rows) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width:.0f}" '
        f'height="{height}" viewBox="0 0 {width:.0f} {height}" aria-label="{_e(caption)}">',
        f'<line x1="{label_w}" y1="0" x2="{label_w}" y2="{height}" stroke="#9aa5b1"/>',
    ]
    for i, (label, value, text) in enumerate(rows):
        y = 4 + i * row_h
        w = round(bar_w * max(0.0, min(value, top)) / top, 1) if top else 0
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">'
            f"{_e(fit_label(label, label_w - 12))}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 8}" fill="{BAR}">'
            f"<title>{_e(label)}: {_e(text)}</title></rect>"
            f'<text x="{label_w + w + 5}" y="{y + 15}">{_e(text)}</text>'
        )
    parts.append("</svg>")
    return (
        f'<figure class="chart"><figcaption>{_e(caption)}</figcaption>'
        + "".join(parts)
        + "</figure>"
    )


def _stacked(groups: dict[str, list[dict[str, Any]]], caption: str) -> str:
    """One stacked bar per standard: its units by grade, highest grade first, with a legend."""
    if not groups:
        return ""
    label_w = min(300.0, max(label_width(ref) for ref in groups) + 12)
    bar_w, row_h = 480.0, 30
    legends = []
    for group in groups.values():
        for k, row in enumerate(group):
            legends.append((k, f"{row['grade_label']} {row['units']}"))
    width = label_w + bar_w + 20
    height = row_h * len(groups) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width:.0f}" '
        f'height="{height}" viewBox="0 0 {width:.0f} {height}" aria-label="{_e(caption)}">'
    ]
    for i, (ref, group) in enumerate(groups.items()):
        y = 4 + i * row_h
        total = sum(r["units"] for r in group) or 1
        x = label_w
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 17}" text-anchor="end">{_e(fit_label(ref, label_w - 12))}</text>'
        )
        for k, row in enumerate(group):
            if not row["units"]:
                continue
            w = round(bar_w * row["units"] / total, 1)
            colour = GRADE_COLOURS[min(k, len(GRADE_COLOURS) - 1)]
            text = f"{row['grade_label']} {row['units']}"
            parts.append(
                f'<rect x="{x}" y="{y + 2}" width="{w}" height="{row_h - 8}" fill="{colour}">'
                f"<title>{_e(ref)} {_e(text)} ({row['share']:.1f}%)</title></rect>"
            )
            if label_width(text) + 8 <= w:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 17}" text-anchor="middle" '
                    f'style="fill:#fff">{_e(text)}</text>'
                )
            x += w
    parts.append("</svg>")
    return (
        f'<figure class="chart"><figcaption>{_e(caption)}</figcaption>'
        + "".join(parts)
        + "</figure>"
    )


def _class(names: str) -> str:
    return f' class="{names}"' if names else ""


def _table(head: list[tuple[str, str]], rows: list[list[tuple[Any, str]]], cls: str = "") -> str:
    """A table: head is (label, class) per column; each cell is (value, class)."""
    th = "".join(f'<th scope="col"{_class(c)}>{_e(h)}</th>' for h, c in head)
    body = "".join(
        "<tr>" + "".join(f"<td{_class(c)}>{_e(v)}</td>" for v, c in row) + "</tr>\n" for row in rows
    )
    attr = f' class="{cls}"' if cls else ""
    return f"<table{attr}><thead><tr>{th}</tr></thead><tbody>\n{body}</tbody></table>"


def _worst_first(units: list[dict[str, Any]], lowest: dict[str, str]) -> list[dict[str, Any]]:
    """Blacklisted, then vetoed, then below the pass line, then by total, lowest first."""
    return sorted(
        units,
        key=lambda r: (
            not r["blacklisted"],
            not r["veto"],
            passed(r, lowest),
            -r["overdue_findings"],
            r["total"],
            r["subject"],
            r["date"],
        ),
    )


def render_page(portfolio: Portfolio, *, all_history: bool = False) -> str:
    """One self-contained page: inline CSS, inline SVG charts, no scripts, no requests."""
    lang = portfolio.lang
    t, w, headers = TITLES[lang], WORDS[lang], HEADERS[lang]
    units = portfolio.rows["units"]
    current = units if not all_history else latest_rows(portfolio)
    lowest = lowest_grades(portfolio)
    records = len(portfolio.rows["trend"])
    passing = sum(passed(r, lowest) for r in current)
    vetoed = sum(1 for r in current if r["veto"])
    blacklisted = sum(1 for r in current if r["blacklisted"])
    overdue = len(portfolio.rows["overdue"])
    closed = sum(r["closed_findings"] for r in current)
    still_open = sum(r["open_findings"] for r in current)
    latest = max((r["date"] for r in current), default="")
    day = _day(portfolio, current)

    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="safecli">',
        f"<title>{_e(t['document'])}</title><style>\n{CSS}\n</style></head><body>",
        "<header>",
        f"<h1>{_e(t['document'])}</h1>",
    ]
    meta = [w["units_of"].format(n=len(current)), w["records_of"].format(n=records)]
    if latest:
        meta.append(f"{w['latest']}{w['colon']}{latest}")
    judged = portfolio.as_of.isoformat() if portfolio.as_of else t["as_of_records"]
    meta.append(f"{w['as_of']}{w['colon']}{judged}")
    out.append(f'<p class="meta">{_e(" · ".join(meta))}</p>')
    out += [f'<p class="meta">{_e(line)}</p>' for line in lead_lines(portfolio)[1:]]
    out.append("</header><main>")

    # 一、 the figures asked first
    out.append(f"<section><h2>{_e(w['overview'])}</h2>")
    cards = [
        (w["units_n"], str(len(current)), False),
        (w["records_n"], str(records), False),
        (w["pass_rate"], f"{rate(passing, len(current)):.1f}%", False),
        (w["vetoed"], str(vetoed), vetoed > 0),
        (w["blacklisted"], str(blacklisted), blacklisted > 0),
        (w["overdue_n"], str(overdue), overdue > 0),
        (w["findings"], f"{closed} / {still_open}", still_open > 0),
    ]
    # one paragraph of cards: a line or two of figures in Word, not a line each
    gap = f'<span class="gap">{"；" if lang == "zh" else "; "}</span>'
    out.append(
        '<p class="kpis">'
        + gap.join(
            f'<span class="kpi{" bad" if bad else ""}"><span class="l">{_e(label)}</span>'
            f'<span class="sep">{_e(w["colon"])}</span><span class="v">{_e(value)}</span></span>'
            for label, value, bad in cards
        )
        + "</p>"
    )
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in portfolio.rows["grades"]:  # each standard by its title
        groups[human_cell(portfolio, row, "standard")].append(row)
    out.append('<div class="rates">')
    for ref, group in groups.items():
        count = sum(r["units"] for r in group)
        ok = sum(r["units"] for r in group[:-1])
        grades = w["sep"].join(f"{r['grade_label']} {r['units']}" for r in group)
        out.append(
            f"<p><strong>{_e(ref)}</strong>{_e(w['colon'])}{_e(w['pass_rate'])} "
            f"{rate(ok, count):.1f}%（{_e(grades)}）</p>"
            if lang == "zh"
            else f"<p><strong>{_e(ref)}</strong>: {_e(w['pass_rate'])} "
            f"{rate(ok, count):.1f}% ({_e(grades)})</p>"
        )
    out.append("</div>")
    out.append(f'<p class="meta">{_e(w["pass_note"])}</p></section>')

    # 二、 grades
    out.append(f"<section><h2>{_e(w['grades'])}</h2>")
    out.append(_stacked(groups, w["chart_grades"]))
    out.append(
        _table(
            [
                (headers["standard"], ""),
                (headers["grade_label"], ""),
                (headers["units"], "n"),
                (headers["share"], "n"),
            ],
            [
                [
                    (human_cell(portfolio, r, "standard"), ""),
                    (r["grade_label"], "nowrap"),
                    (r["units"], "n"),
                    (f"{r['share']:.1f}", "n"),
                ]
                for r in portfolio.rows["grades"]
            ],
        )
    )
    out.append("</section>")

    # 三、 by region and by industry
    out.append(f"<section><h2>{_e(w['regions'])}</h2>")
    regions = pass_rates(current, "region", lowest, w["unknown"], lang)
    industries = pass_rates(current, "industry", lowest, w["unknown"], lang)
    out.append('<div class="charts">')
    out.append(
        _hbars([(r[0], r[3], f"{r[3]:.1f}% ({r[2]}/{r[1]})") for r in regions], w["chart_regions"])
    )
    out.append(
        _hbars(
            [(r[0], r[3], f"{r[3]:.1f}% ({r[2]}/{r[1]})") for r in industries],
            w["chart_industries"],
        )
    )
    out.append("</div>")
    for key, rows in (("region", regions), ("industry", industries)):
        out.append(f"<h3>{_e(w[key])}</h3>")
        out.append(
            _table(
                [
                    (w[key], "w-wide"),
                    (w["units_n"], "n"),
                    (w["passed"], "n"),
                    (w["pass_rate"], "n"),
                    (w["mean_total"], "n"),
                ],
                [
                    [
                        (r[0], ""),
                        (r[1], "n"),
                        (r[2], "n"),
                        (f"{r[3]:.1f}%", "n"),
                        (f"{r[4]:.1f}" if r[4] is not None else NOT_SCORABLE.get(lang), "n"),
                    ]
                    for r in rows
                ],
            )
        )
    out.append("</section>")

    # 四、 the weakest items
    out.append(f"<section><h2>{_e(w['weakest'])}</h2>")
    weakest = table_rows(portfolio, "weakest_items")
    out.append(
        _hbars(
            [
                (
                    f"{r.get('item_label') or r['item']} {r['text']}",
                    r["mean_rate"],
                    f"{r['mean_rate']:.1f}%",
                )
                for r in weakest[:10]
            ],
            w["chart_weakest"],
        )
    )
    out.append(
        _detail(portfolio, "weakest_items", weakest) if weakest else f"<p>{_e(t['none'])}</p>"
    )
    out.append("</section>")

    # 五、 the units, worst first
    out.append(f"<section><h2>{_e(w['units'])}</h2>")
    ordered = _worst_first(units, lowest)
    out.append(
        _table(
            [
                (w["no"], "n"),
                (headers["subject"], "w-wide"),
                (headers["unit"], ""),
                (headers["standard"], ""),
                (headers["date"], ""),
                (headers["total"], "n"),
                (headers["grade_label"], ""),
                (w["marks"], ""),
                (headers["open_findings"], "n"),
                (headers["overdue_findings"], "n"),
                (w["exceptions"], "n"),
            ],
            [
                [
                    (k, "n"),
                    (r["subject"], "name"),
                    (r["unit"], "nowrap"),
                    (human_cell(portfolio, r, "standard"), ""),
                    (r["date"], "nowrap"),
                    (human_cell(portfolio, r, "total"), "n"),
                    (r["grade_label"], "" if passed(r, lowest) else "bad"),
                    (
                        unit_marks(portfolio, r),
                        "bad" if r["veto"] or r["expired_exceptions"] else "",
                    ),
                    (r["open_findings"], "n"),
                    (r["overdue_findings"], "n bad" if r["overdue_findings"] else "n"),
                    (r["exceptions"], "n"),
                ]
                for k, r in enumerate(ordered, 1)
            ],
        )
    )
    out.append("</section>")

    # 六、 details: overdue hazards, tiers, trend
    out.append(f"<section><h2>{_e(w['details'])}</h2>")
    for name in ("overdue", "tiers"):
        rows = portfolio.rows[name]
        if not rows and name == "tiers":
            continue
        out.append(f"<h3>{_e(table_title(portfolio, name, all_history))}</h3>")
        out.append(_detail(portfolio, name, rows) if rows else f"<p>{_e(t['none'])}</p>")
    trend = portfolio.rows["trend"]
    if any(r["change"] is not None for r in trend):
        out.append(f"<h3>{_e(t['trend'])}</h3>")
        out.append(_detail(portfolio, "trend", trend))
    if portfolio.invalid:
        out.append(f"<h3>{_e(t['invalid'])}</h3>")
        out.append(
            _table(
                [(headers["path"], ""), (t["problem"], "w-wide")],
                [[(b.path, ""), (b.problem, "")] for b in portfolio.invalid],
            )
        )
    out.append("</section>")
    if day:
        out.append(f'<div class="signature"><p>{_e(day)}</p></div>')
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


def _day(portfolio: Portfolio, current: list[dict[str, Any]]) -> str:
    """The page's date (its 落款): --as-of, else the latest inspection shown."""
    latest = max((r["date"] for r in current), default="")
    return portfolio.as_of.isoformat() if portfolio.as_of else latest


def page_meta(portfolio: Portfolio, *, all_history: bool = False) -> DocMeta:
    """What the summary's Word file says about itself: title, date, language, landscape."""
    current = portfolio.rows["units"] if not all_history else latest_rows(portfolio)
    day = _day(portfolio, current)
    return DocMeta(
        title=TITLES[portfolio.lang]["document"],
        date=dt.date.fromisoformat(day) if day else None,
        lang=portfolio.lang,
        landscape=True,
    )


NUMERIC = {
    "total",
    "units",
    "share",
    "days_overdue",
    "mean_rate",
    "change",
    "points",
    "applicable",
    "not_met",
}
WIDE = {"text", "subject"}
CODES = {"unit", "date", "due", "item", "finding", "grade", "tier"}
"""Columns of codes and dates: one line each (names and labels may wrap)."""


def _detail(portfolio: Portfolio, name: str, rows: list[dict[str, Any]]) -> str:
    headers = HEADERS[portfolio.lang]
    columns = human_columns(portfolio, [c for c in COLUMNS[name] if c != "path"])
    head = [(headers[c], "n" if c in NUMERIC else "w-wide" if c in WIDE else "") for c in columns]
    body = [
        [
            (human_cell(portfolio, row, c), "n" if c in NUMERIC else "nowrap" if c in CODES else "")
            for c in columns
        ]
        for row in rows[: TABLE_LIMIT if name == "weakest_items" else None]
    ]
    return _table(head, body)
