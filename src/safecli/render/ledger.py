"""The 隐患台账 as a terminal table, csv, xlsx, Markdown, HTML or iCalendar (the 整改通知书 is
`render/notice.py`, the columns and words `render/ledger_words.py`).

Deterministic: every output names the date it judged by (the ledger's as-of date), and the
xlsx and ics carry that date, never the clock. Invalid records left out are listed in every
format: a section of md and html, a sheet of the xlsx, rows marked 无效记录 in the csv and the
terminal table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from safecli.model.base import Text
from safecli.model.waivers import EXCEPTION_KIND_LABELS, ExceptionKind
from safecli.portfolio.ledger import LEVELS, SCOPES, STATES, Entry, Ledger
from safecli.render import major, tables
from safecli.render.docx import DocMeta
from safecli.render.ledger_words import (
    CLOSURE_COLUMNS,
    ENTRY_COLUMNS,
    HEADERS,
    INVALID_COLUMNS,
    NUMERIC,
    WORDS,
)

FORMATS = ("table", "csv", "xlsx", "md", "html", "ics")
"""What `safecli findings` writes (docx joins them when the Word renderer exists)."""


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


def history_text(e: Entry, lang: str) -> str:
    """`2025-01-10 未整改 → 2025-04-10 整改中 → …` (the record's own stages)."""
    return " → ".join(f"{s.date.isoformat()} {STATES[s.stage].get(lang)}" for s in e.history)


def _hazard_text(e: Entry, lang: str) -> str:
    """What was found: the record's words; a 判定 situation answered 存在 (its words are the
    pack's) in the pack's words of `lang`."""
    clause = e.major.clause if e.major is not None else None
    if clause is not None and not e.named and e.text == clause.zh:
        return clause.get(lang)
    return e.text


def entry_row(e: Entry, lang: str) -> dict[str, Any]:
    """One hazard as display values (dates as ISO text, days as ints or None)."""
    return {
        "unit": e.unit,
        "subject": e.subject,
        "standard": e.standard_title or e.standard,
        "finding": e.finding if e.named else "",
        "level": LEVELS[e.level].get(lang),
        "item": e.item_ref,
        "text": _hazard_text(e, lang),
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
    for subject, _, item, kind, day in ledger.expired:
        label = EXCEPTION_KIND_LABELS[ExceptionKind(kind)].get(ledger.lang)
        lines.append(
            w["expired_exception"].format(unit=subject, item=item, kind=label, day=day.isoformat())
        )
    return lines


# ---------------------------------------------------------------- csv, xlsx, terminal

DATES = frozenset({"first_seen", "due", "closed_on"})
RATES = frozenset({"closure_rate", "mean_days_to_close"})


def _columns(keys: tuple[str, ...] | list[str], lang: str) -> list[tables.Column]:
    return [
        tables.Column(
            k,
            HEADERS[lang][k],
            kind="date" if k in DATES else "text",
            number_format="0.0" if k in RATES else None,
            numeric=k in NUMERIC,
        )
        for k in keys
    ]


def _tables(ledger: Ledger) -> list[tables.Table]:
    """The hazards, the closure statistics and the invalid records, as the table writer
    takes them."""
    lang = ledger.lang
    lead = header_lines(ledger)[:1]
    parts = (
        (ENTRY_COLUMNS, [entry_row(e, lang) for e in ledger.entries]),
        (CLOSURE_COLUMNS, closure_rows(ledger)),
        (INVALID_COLUMNS, invalid_rows(ledger)),
    )
    made = [
        tables.Table(title, _columns(keys, lang), [[r[k] for k in keys] for r in rows], lead)
        for title, (keys, rows) in zip(SHEETS[lang], parts, strict=True)
    ]
    if major.shown(ledger):  # the 重大隐患治理 table, when any record states its facts
        mh = major.HEADERS[lang]
        keys = major.MAJOR_COLUMNS
        rows = major.major_rows(ledger, STATES)
        columns = [tables.Column(k, mh[k]) for k in keys]
        made.append(tables.Table(mh["title"], columns, [[r[k] for k in keys] for r in rows], lead))
    return made


def render_csv(ledger: Ledger) -> str:
    """The hazards with localized headers and, last, the date they were judged on (判定日期); an
    invalid record is a row whose status says 无效记录 and whose text is its first problem.
    Text: `render_findings` encodes it as Excel wants; cells are cleaned by `render.tables`."""
    return "".join(csv_chunks(ledger))


def csv_chunks(ledger: Ledger) -> Iterator[str]:
    """`render_csv` in pieces, the hazards read from the ledger's spool (never held whole)."""
    lang = ledger.lang

    def rows() -> Iterator[list[Any]]:
        for e in ledger.entries:
            row = entry_row(e, lang)
            yield [tables.shown(row[c]) for c in ENTRY_COLUMNS]
        for bad in ledger.invalid:
            extra = dict.fromkeys(ENTRY_COLUMNS, "")
            extra.update(status=WORDS[lang]["invalid_status"], text=bad.problem, path=bad.path)
            yield [extra[c] for c in ENTRY_COLUMNS]

    return tables.csv_chunks(
        _columns(ENTRY_COLUMNS, lang),
        rows(),
        extra=[(WORDS[lang]["as_of"], ledger.as_of.isoformat())],
    )


SHEETS = {"zh": ("隐患台账", "闭环统计", "无效记录"), "en": ("Hazards", "Closure", "Invalid")}
"""The xlsx's sheets: the hazards, the 闭环 statistics, the invalid records."""


def render_xlsx(ledger: Ledger) -> bytes:
    """Three sheets (hazards, closure, invalid records), localized headers, dates as dates,
    the as-of date in a first line of each sheet and in the document properties."""
    stamp = tables.day_stamp(ledger.as_of)
    return tables.xlsx_bytes(_tables(ledger), title=WORDS[ledger.lang]["title"], when=stamp)


def render_table(ledger: Ledger) -> Any:
    """Rich tables: the header lines, the hazards, the closure figures, the invalid records."""
    lang = ledger.lang
    w = WORDS[lang]
    entries, closure, invalid, *majors = _tables(ledger)
    shown = [c for c in ENTRY_COLUMNS if c not in ("standard", "history", "path", "unit")]
    index = [ENTRY_COLUMNS.index(c) for c in shown]
    entries = tables.Table(
        w["entries"],
        [entries.columns[i] for i in index],
        [[row[i] for i in index] for row in entries.rows],
        row_styles=["bold red" if e.overdue else None for e in ledger.entries],
    )
    closure_columns = [replace(c, numeric=c.key not in ("scope", "name")) for c in closure.columns]
    parts = [entries, tables.Table(w["closure"], closure_columns, closure.rows)]
    parts.extend(majors)
    if ledger.invalid:
        parts.append(tables.Table(w["invalid"], invalid.columns, invalid.rows))
    return tables.terminal_tables(parts, lead=[w["title"], *header_lines(ledger)])


def render_text(ledger: Ledger, width: int = 200) -> str:
    """The terminal tables as plain text (no colour), for -o and pipes."""
    return tables.plain_text(render_table(ledger), width)


# ---------------------------------------------------------------- markdown and html


def major_context(ledger: Ledger) -> dict[str, Any]:
    """The 重大隐患治理 section's data (empty when no record states any of it)."""
    shown = major.shown(ledger)
    return {
        "major": major.major_rows(ledger, STATES) if shown else [],
        "major_columns": major.MAJOR_COLUMNS,
        "mh": major.HEADERS[ledger.lang],
        "major_classes": major.CLASSES,
        "major_groups": major.HTML_GROUPS,
    }


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
        "dates": DATES,
        **major_context(ledger),
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
    from safecli.render.documents import render_template

    return render_template("findings.md.j2", _context(ledger), templates_dir, ledger.lang)


def render_html(ledger: Ledger, templates_dir: Any = None) -> str:
    """One self-contained A4 page (the documents' shared layout)."""
    from safecli.render.documents import render_template

    return render_template("findings.html.j2", _context(ledger), templates_dir, ledger.lang)


# ---------------------------------------------------------------- calendar


def render_ics(ledger: Ledger) -> str:
    """One all-day event per open hazard with a deadline, on that deadline, with a reminder the
    day before. Deterministic: DTSTAMP is the as-of date, each UID a hash of unit and finding."""
    from icalendar import Alarm, Calendar, Event

    from safecli.model.neutralise import ics_text
    from safecli.render.ics import event_uid

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
        ev.add("uid", event_uid(e.standard.partition("@")[0], e.unit, e.finding))
        ev.add("dtstamp", stamp)
        what = " ".join(x for x in (row["finding"], e.text) if x)
        ev.add("summary", ics_text(f"{w['due_event']} · {e.subject} {what}"))
        ev.add("dtstart", e.due)
        ev.add("dtend", e.due + dt.timedelta(days=1))
        lines = [
            f"{h[c]}: {tables.shown(row[c])}"
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
            if tables.shown(row[c])
        ]
        lines.append(f"{w['as_of']}: {ledger.as_of.isoformat()}")
        ev.add("description", ics_text("\n".join(lines)))
        if e.owner:  # an X- property is not escaped by the library: one line, no controls
            ev.add("x-safecli-owner", ics_text(e.owner, one_line=True))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", ics_text(f"{w['due_event']} · {what}"))
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


def ledger_meta(ledger: Ledger) -> DocMeta:
    """What the ledger's Word file says about itself: its title and language (no 落款 date)."""
    return DocMeta(title=WORDS[ledger.lang]["title"], date=None, lang=ledger.lang)
