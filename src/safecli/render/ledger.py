"""The 隐患台账 as a terminal table, csv, xlsx, Markdown, HTML or iCalendar; the 整改通知书.

Deterministic: every output names the date it judged by (the ledger's as-of date), and the
xlsx and ics carry that date, never the clock. Invalid records left out are listed in every
format: a section of md and html, a sheet of the xlsx, rows marked 无效记录 in the csv and the
terminal table.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from safecli.model.models import Text
from safecli.portfolio.ledger import LEVELS, SCOPES, STATES, Entry, Ledger, Notice

FORMATS = ("table", "csv", "xlsx", "md", "html", "ics")
"""What `safecli findings` writes (docx joins them when the Word renderer exists)."""
NOTICE_FORMATS = ("md", "html")
"""What `safecli findings --notice` writes."""

ENTRY_COLUMNS = (
    "unit",
    "subject",
    "standard",
    "finding",
    "level",
    "item",
    "text",
    "owner",
    "first_seen",
    "due",
    "status",
    "closed_on",
    "days_overdue",
    "supervised",
    "days_to_close",
    "history",
    "path",
)
"""The ledger's columns, in order."""
CLOSURE_COLUMNS = (
    "scope",
    "name",
    "findings",
    "closed",
    "open",
    "rectified",
    "overdue",
    "supervised",
    "closure_rate",
    "mean_days_to_close",
)
"""The 闭环 statistics' columns, in order."""
INVALID_COLUMNS = ("path", "problem")
"""The invalid records' columns."""
NUMERIC = frozenset(
    {
        "days_overdue",
        "days_to_close",
        "findings",
        "closed",
        "open",
        "rectified",
        "overdue",
        "closure_rate",
        "mean_days_to_close",
    }
)

HEADERS: dict[str, dict[str, str]] = {
    "zh": {
        "unit": "单位编码",
        "subject": "单位名称",
        "standard": "标准",
        "finding": "隐患编号",
        "level": "隐患等级",
        "item": "条款",
        "text": "隐患内容",
        "owner": "责任人",
        "first_seen": "发现日期",
        "due": "整改期限",
        "status": "状态",
        "closed_on": "销号日期",
        "days_overdue": "逾期天数",
        "supervised": "挂牌督办",
        "days_to_close": "整改用时(天)",
        "history": "状态履历",
        "path": "文件",
        "scope": "统计范围",
        "name": "名称",
        "findings": "隐患总数",
        "closed": "已销号",
        "open": "待整改",
        "rectified": "待复核",
        "overdue": "逾期",
        "closure_rate": "闭环率(%)",
        "mean_days_to_close": "平均整改用时(天)",
        "problem": "问题",
    },
    "en": {
        "unit": "Unit",
        "subject": "Name",
        "standard": "Standard",
        "finding": "Finding",
        "level": "Level",
        "item": "Item",
        "text": "Hazard",
        "owner": "Owner",
        "first_seen": "First seen",
        "due": "Due",
        "status": "Status",
        "closed_on": "Closed on",
        "days_overdue": "Days overdue",
        "supervised": "Supervised",
        "days_to_close": "Days to close",
        "history": "History",
        "path": "File",
        "scope": "Scope",
        "name": "Name",
        "findings": "Findings",
        "closed": "Closed",
        "open": "To rectify",
        "rectified": "Awaiting re-check",
        "overdue": "Overdue",
        "closure_rate": "Closure rate (%)",
        "mean_days_to_close": "Mean days to close",
        "problem": "Problem",
    },
}

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "隐患排查治理台账",
        "as_of": "判定日期",
        "as_of_note": "逾期与状态按判定日期判断",
        "filters": "筛选",
        "open": "仅未整改",
        "overdue": "仅逾期",
        "level": "等级",
        "unit": "单位",
        "entries": "隐患清单",
        "closure": "闭环统计",
        "invalid": "未计入的无效记录",
        "invalid_count": "无效记录 {n} 份，未计入上述统计",
        "none": "无",
        "supervised": "挂牌督办",
        "invalid_status": "无效记录",
        "states": "状态说明",
        "notice": "隐患整改通知书",
        "calendar": "隐患整改期限",
        "due_event": "整改期限",
        "colon": "：",
        "open_paren": "（",
        "close_paren": "）",
    },
    "en": {
        "title": "Hazard ledger",
        "as_of": "As of",
        "as_of_note": "states and overdue days are judged on this date",
        "filters": "Filters",
        "open": "open only",
        "overdue": "overdue only",
        "level": "level",
        "unit": "unit",
        "entries": "Hazards",
        "closure": "Closure",
        "invalid": "Invalid records left out",
        "invalid_count": "{n} invalid record(s) left out of the figures above",
        "none": "none",
        "supervised": "supervised",
        "invalid_status": "invalid record",
        "states": "States",
        "notice": "Rectification notice",
        "calendar": "Hazard deadlines",
        "due_event": "Rectification due",
        "colon": ": ",
        "open_paren": " (",
        "close_paren": ")",
    },
}


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


def history_text(e: Entry, lang: str) -> str:
    """`2025-01-10 未整改 → 2025-04-10 整改中 → …` (the record's own stages)."""
    return " → ".join(f"{s.date.isoformat()} {STATES[s.stage].get(lang)}" for s in e.history)


def entry_row(e: Entry, lang: str) -> dict[str, Any]:
    """One hazard as display values (dates as ISO text, days as ints or None)."""
    return {
        "unit": e.unit,
        "subject": e.subject,
        "standard": e.standard_title or e.standard,
        "finding": e.finding if e.named else "",
        "level": LEVELS[e.level].get(lang),
        "item": e.item_ref,
        "text": e.text,
        "owner": e.owner or "",
        "first_seen": _date(e.first_seen),
        "due": _date(e.due),
        "status": STATES[e.status].get(lang),
        "closed_on": _date(e.closed_on),
        "days_overdue": e.days_overdue,
        "supervised": WORDS[lang]["supervised"] if e.supervised else "",
        "days_to_close": e.days_to_close,
        "history": history_text(e, lang),
        "path": e.path,
    }


def closure_rows(ledger: Ledger) -> list[dict[str, Any]]:
    """The 闭环 statistics as display values."""
    lang = ledger.lang
    return [
        {
            "scope": SCOPES[c.scope].get(lang),
            "name": c.name
            if c.scope != "unit"
            else f"{c.name}（{c.key}）"
            if lang == "zh"
            else f"{c.name} ({c.key})",
            "findings": c.findings,
            "closed": c.closed,
            "open": c.open,
            "rectified": c.rectified,
            "overdue": c.overdue,
            "supervised": c.supervised,
            "closure_rate": c.closure_rate,
            "mean_days_to_close": c.mean_days_to_close,
        }
        for c in ledger.closure
    ]


def invalid_rows(ledger: Ledger) -> list[dict[str, Any]]:
    """The invalid records: file and first problem."""
    return [{"path": i.path, "problem": i.problem} for i in ledger.invalid]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _formula_safe(text: str) -> str:
    """A spreadsheet would run text starting with = + - @ as a formula: quote it."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def header_lines(ledger: Ledger) -> list[str]:
    """The lines under the title: the date judged by, the filters, the invalid records' count."""
    w = WORDS[ledger.lang]
    sep = "：" if ledger.lang == "zh" else ": "
    lines = [f"{w['as_of']} {ledger.as_of.isoformat()}（{w['as_of_note']}）"]
    if ledger.lang != "zh":
        lines = [f"{w['as_of']} {ledger.as_of.isoformat()} ({w['as_of_note']})"]
    if ledger.filters:
        parts = []
        for key, value in ledger.filters.items():
            if value is True:
                parts.append(w[key])
            else:
                shown = LEVELS[value].get(ledger.lang) if key == "level" else value
                parts.append(f"{w[key]} {shown}")
        lines.append(w["filters"] + sep + ("、" if ledger.lang == "zh" else ", ").join(parts))
    lines.append(w["invalid_count"].format(n=len(ledger.invalid)))
    return lines


# ---------------------------------------------------------------- csv and xlsx


def render_csv(ledger: Ledger) -> str:
    """The hazards with localized headers and, last, the date they were judged on (判定日期); an
    invalid record is a row whose status says 无效记录 and whose text is its first problem.
    Text: `render_findings` encodes it as Excel wants."""
    import csv

    lang = ledger.lang
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    day = ledger.as_of.isoformat()
    writer.writerow([*(HEADERS[lang][c] for c in ENTRY_COLUMNS), WORDS[lang]["as_of"]])
    for e in ledger.entries:
        row = entry_row(e, lang)
        writer.writerow([*(_formula_safe(_cell(row[c])) for c in ENTRY_COLUMNS), day])
    for bad in ledger.invalid:
        row = dict.fromkeys(ENTRY_COLUMNS, "")
        row.update(status=WORDS[lang]["invalid_status"], text=bad.problem, path=bad.path)
        writer.writerow([*(_formula_safe(row[c]) for c in ENTRY_COLUMNS), day])
    return out.getvalue()


SHEETS = {"zh": ("隐患台账", "闭环统计", "无效记录"), "en": ("Hazards", "Closure", "Invalid")}
"""The xlsx's sheets: the hazards, the 闭环 statistics, the invalid records."""


def render_xlsx(ledger: Ledger) -> bytes:
    """Three sheets (hazards, closure, invalid records), localized headers, dates as dates,
    the as-of date in a first line of each sheet and in the document properties."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from safecli.render.portfolio import _normalize_zip

    lang = ledger.lang
    headers = HEADERS[lang]
    book = Workbook()
    book.remove(book.active)
    dates = {"first_seen", "due", "closed_on"}
    tables = (
        (ENTRY_COLUMNS, [entry_row(e, lang) for e in ledger.entries]),
        (CLOSURE_COLUMNS, closure_rows(ledger)),
        (INVALID_COLUMNS, invalid_rows(ledger)),
    )
    for title, (columns, rows) in zip(SHEETS[lang], tables, strict=True):
        sheet = book.create_sheet(title)
        sheet.append([header_lines(ledger)[0]])
        sheet.append([headers[c] for c in columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in rows:
            values = []
            for c in columns:
                value = row[c]
                if c in dates and value:
                    value = dt.date.fromisoformat(value)
                elif isinstance(value, str):
                    value = _formula_safe(value)
                values.append(value)
            sheet.append(values)
            for c, cell in zip(columns, sheet[sheet.max_row], strict=True):
                if c in dates and cell.value:
                    cell.number_format = "yyyy-mm-dd"
                elif c in ("closure_rate", "mean_days_to_close"):
                    cell.number_format = "0.0"
        for n, c in enumerate(columns, start=1):
            width = max([len(headers[c]) * 2] + [len(_cell(r[c])) * 2 for r in rows[:200]])
            sheet.column_dimensions[sheet.cell(2, n).column_letter].width = min(60, max(8, width))
        sheet.freeze_panes = "A3"
    props = book.properties
    props.creator = "safecli"
    props.lastModifiedBy = "safecli"
    props.title = WORDS[lang]["title"]
    stamp = dt.datetime.combine(ledger.as_of, dt.time(0, 0))
    props.created = props.modified = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    return _normalize_zip(buffer.getvalue(), stamp)


# ---------------------------------------------------------------- terminal


def render_table(ledger: Ledger) -> Any:
    """Rich tables: the header lines, the hazards, the closure figures, the invalid records."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text as RichText

    lang = ledger.lang
    w = WORDS[lang]
    headers = HEADERS[lang]
    parts: list[Any] = [RichText(line) for line in [w["title"], *header_lines(ledger)]]
    shown = [c for c in ENTRY_COLUMNS if c not in ("standard", "history", "path", "unit")]
    table = Table(title=w["entries"])
    for c in shown:
        table.add_column(headers[c], justify="right" if c in NUMERIC else "left", overflow="fold")
    for e in ledger.entries:
        row = entry_row(e, lang)
        style = "bold red" if e.overdue else None
        table.add_row(*(RichText(_cell(row[c])) for c in shown), style=style)
    parts.append(table)
    stats = Table(title=w["closure"])
    for c in CLOSURE_COLUMNS:
        stats.add_column(headers[c], justify="left" if c in ("scope", "name") else "right")
    for row in closure_rows(ledger):
        stats.add_row(*(RichText(_cell(row[c])) for c in CLOSURE_COLUMNS))
    parts.append(stats)
    if ledger.invalid:
        bad = Table(title=w["invalid"])
        for c in INVALID_COLUMNS:
            bad.add_column(headers[c], overflow="fold")
        for row in invalid_rows(ledger):
            bad.add_row(*(RichText(row[c]) for c in INVALID_COLUMNS))
        parts.append(bad)
    return Group(*parts)


def render_text(ledger: Ledger, width: int = 200) -> str:
    """The terminal tables as plain text (no colour), for -o and pipes."""
    from rich.console import Console

    console = Console(
        file=io.StringIO(), width=width, color_system=None, force_terminal=False, record=True
    )
    console.print(render_table(ledger))
    return console.export_text()


# ---------------------------------------------------------------- markdown and html


def _context(ledger: Ledger) -> dict[str, Any]:
    lang = ledger.lang
    return {
        "lang": lang,
        "t": WORDS[lang],
        "h": HEADERS[lang],
        "header_lines": header_lines(ledger),
        "as_of": ledger.as_of.isoformat(),
        "entry_columns": ENTRY_COLUMNS,
        "entries": [
            dict(entry_row(e, lang), overdue=e.overdue, supervised_flag=e.supervised)
            for e in ledger.entries
        ],
        "closure_columns": CLOSURE_COLUMNS,
        "closure": closure_rows(ledger),
        "invalid": invalid_rows(ledger),
        "states": [(STATES[k].get(lang), _STATE_NOTES[k].get(lang)) for k in STATES],
        "numeric": NUMERIC,
    }


_STATE_NOTES: dict[str, Text] = {
    "open": Text(zh="已发现，尚未整改", en="found, not yet rectified"),
    "in-progress": Text(zh="正在整改，未到期", en="rectification under way, not yet due"),
    "overdue": Text(zh="未整改或整改中，已过整改期限", en="not rectified and past its deadline"),
    "rectified": Text(zh="责任单位报告已整改，待复核", en="reported rectified, awaiting re-check"),
    "closed": Text(zh="复核通过，已销号", en="re-checked and closed"),
    "dropped": Text(
        zh="从最近一次自查记录中消失，但从未销号",
        en="missing from the latest record although never closed",
    ),
}


def render_md(ledger: Ledger, templates_dir: Any = None) -> str:
    """Markdown: title, the date judged by, the hazards, the closure figures, invalid records."""
    from safecli.render.documents import _render_template

    return _render_template("findings.md.j2", _context(ledger), templates_dir, ledger.lang)


def render_html(ledger: Ledger, templates_dir: Any = None) -> str:
    """One self-contained A4 page (the documents' shared layout)."""
    from safecli.render.documents import _render_template

    return _render_template("findings.html.j2", _context(ledger), templates_dir, ledger.lang)


# ---------------------------------------------------------------- calendar


def render_ics(ledger: Ledger) -> str:
    """One all-day event per open hazard with a deadline, on that deadline, with a reminder the
    day before. Deterministic: DTSTAMP is the as-of date, each UID a hash of unit and finding."""
    from icalendar import Alarm, Calendar, Event

    from safecli.render.documents import _uid

    lang = ledger.lang
    w = WORDS[lang]
    h = HEADERS[lang]
    stamp = dt.datetime.combine(ledger.as_of, dt.time(0, 0), tzinfo=dt.timezone.utc)
    cal = Calendar()
    cal.add("prodid", "-//safecli//隐患台账//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", w["calendar"])
    for e in ledger.entries:
        if not e.open or e.due is None:
            continue
        row = entry_row(e, lang)
        ev = Event()
        ev.add("uid", _uid(e.standard.partition("@")[0], e.unit, e.finding))
        ev.add("dtstamp", stamp)
        what = " ".join(x for x in (row["finding"], e.text) if x)
        ev.add("summary", f"{w['due_event']} · {e.subject} {what}")
        ev.add("dtstart", e.due)
        ev.add("dtend", e.due + dt.timedelta(days=1))
        lines = [
            f"{h[c]}: {_cell(row[c])}"
            for c in (
                "subject",
                "unit",
                "finding",
                "level",
                "item",
                "owner",
                "status",
                "supervised",
            )
            if _cell(row[c])
        ]
        lines.append(f"{w['as_of']}: {ledger.as_of.isoformat()}")
        ev.add("description", "\n".join(lines))
        if e.owner:
            ev.add("x-safecli-owner", e.owner)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{w['due_event']} · {what}")
        alarm.add("trigger", dt.timedelta(days=-1))
        ev.add_component(alarm)
        cal.add_component(ev)
    return cal.to_ical().decode("utf-8")


def render_findings(
    ledger: Ledger, fmt: str, templates_dir: Any = None, *, encoding: str = "utf-8"
) -> str | bytes:
    """The ledger as table (plain text), csv (bytes: UTF-8 with a BOM, or GB18030), xlsx
    (bytes), md, html or ics."""
    if fmt == "csv":
        from safecli.render.encoding import csv_bytes

        return csv_bytes(render_csv(ledger), encoding)
    if fmt == "xlsx":
        return render_xlsx(ledger)
    if fmt == "md":
        return render_md(ledger, templates_dir)
    if fmt == "html":
        return render_html(ledger, templates_dir)
    if fmt == "ics":
        return render_ics(ledger)
    return render_text(ledger)


# ---------------------------------------------------------------- 整改通知书


def render_notice(notice: Notice, fmt: str, lang: str = "zh", templates_dir: Any = None) -> str:
    """A 整改通知书 as md or html (`notice.md.j2`, `notice.html.j2`)."""
    from safecli.render.documents import _render_template

    context = {
        "lang": lang,
        "t": NOTICE_WORDS[lang],
        "notice": notice,
        "hazards": [
            dict(entry_row(e, lang), overdue=e.overdue, supervised_flag=e.supervised)
            for e in notice.hazards
        ],
        "date": notice.date.isoformat(),
        "recheck": notice.recheck.isoformat(),
    }
    return _render_template(f"notice.{fmt}.j2", context, templates_dir, lang)


NOTICE_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "隐患整改通知书",
        "number": "编号",
        "to": "{subject}（{unit}）：",
        "body": "经对你单位安全生产自查记录的跟踪核查（判定日期 {date}），下列事故隐患尚未整改销号。"
        "请按照“定措施、定责任、定资金、定时限、定预案”的要求组织整改，于整改期限前完成，"
        "并将整改情况书面报送；重大事故隐患实行挂牌督办，整改完成并经复核后方可销号。",
        "overdue_note": "已逾期的隐患请立即整改，并说明逾期原因。",
        "recheck": "复查日期：{recheck}。届时将对上述隐患逐项复查，复查合格的予以销号。",
        "no": "序号",
        "finding": "隐患编号",
        "item": "条款",
        "text": "隐患内容",
        "level": "等级",
        "owner": "责任人",
        "due": "整改期限",
        "status": "状态",
        "days_overdue": "逾期天数",
        "supervised": "挂牌督办",
        "standard": "依据标准",
        "sign_unit": "检查单位（盖章）",
        "receiver": "被检查单位签收",
        "date": "日期",
        "colon": "：",
        "file": "整改通知书",
    },
    "en": {
        "title": "Rectification notice",
        "number": "No.",
        "to": "To {subject} ({unit}):",
        "body": "Following up your self-inspection records (as of {date}), the hazards below are "
        "not yet closed. Rectify each before its deadline and report in writing; major hazards "
        "are under supervision and close only after a re-check.",
        "overdue_note": "Hazards past their deadline must be rectified at once, with the reason "
        "for the delay.",
        "recheck": "Re-check on {recheck}: each hazard is checked again and closed when rectified.",
        "no": "No.",
        "finding": "Finding",
        "item": "Item",
        "text": "Hazard",
        "level": "Level",
        "owner": "Owner",
        "due": "Due",
        "status": "Status",
        "days_overdue": "Days overdue",
        "supervised": "Supervised",
        "standard": "Standard",
        "sign_unit": "Inspecting body (seal)",
        "receiver": "Received by",
        "date": "Date",
        "colon": ": ",
        "file": "rectification-notice",
    },
}
