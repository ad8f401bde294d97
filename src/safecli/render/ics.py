"""plan_ics(plan) -> str: the 实施方案's calendar: every dated thing a unit has to do.

Pure. One event for each phase and each of its milestones, each gap task (五（二）, by its
deadline), each entry of the 整改清单 that has a deadline (the finding's; one already past it on
the plan's date is due at once, on that date, as its task is: nothing is planned before the
plan's date), and one recurring
event for each duty of the 附件, whose rule says how often it falls: "每年2次" is every six months
(the half-year ends), "每月4次" every week (on Friday, the last working day), "每季度1次" every
quarter end. Titles are whole: the item's number and its full requirement.

Deterministic: DTSTAMP is the plan's start at 00:00 UTC and every UID is a hash of the
standard, the unit, the start and the event's own id, so the same plan gives the same bytes.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from safecli.model.base import Period, Text
from safecli.render.words import PERIOD_WORDS


def plain_number(value: float | int | None) -> str:
    """5.0 as 5, 2.5 as 2.5, None as nothing."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


MONTHS = {Period.month: 1, Period.quarter: 3, Period.half_year: 6, Period.year: 12}
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")
SPREAD = {1: (4,), 2: (1, 4), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4)}
"""The working days a duty done N times a week falls on (Monday is 0): once on Friday."""


@dataclass(frozen=True)
class Recurrence:
    """How a duty recurs: an RRULE (without COUNT) and every date it falls on in the plan."""

    rule: dict[str, Any]
    dates: list[dt.date]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def recurrence(times: float, per: Period, start: dt.date, end: dt.date) -> Recurrence:
    """The occurrences of a duty done `times` per `per` from `start` to `end`.

    Times that divide a period of months into whole months fall on calendar month ends (每年2次:
    06-30 and 12-31; 每年4次: the quarter ends; 每季度3次: every month end). Four or more times
    a month is weekly (on Friday; twice a week Tuesday and Friday, …, five times every working
    day); twice a month every other week; 40 times a year weekly. Anything finer is daily.
    """
    whole = float(times).is_integer() and times >= 1
    n = int(times) if whole else 1
    if per in MONTHS and whole and MONTHS[per] % n == 0:
        step = MONTHS[per] // n
        months = list(range(step, 13, step))
        dates = [
            _month_end(year, month)
            for year in range(start.year, end.year + 1)
            for month in months
            if start <= _month_end(year, month) <= end
        ]
        rule: dict[str, Any] = (
            {"FREQ": "MONTHLY", "BYMONTHDAY": -1}
            if step == 1
            else {"FREQ": "YEARLY", "BYMONTH": months, "BYMONTHDAY": -1}
        )
        return Recurrence(rule, dates)
    weekly = {Period.week: n, Period.month: n / 4.33, Period.quarter: n / 13, Period.year: n / 52}
    per_week = weekly.get(per, 7.0)
    if per is Period.day or per_week > 5:
        days = [start + dt.timedelta(days=k) for k in range((end - start).days + 1)]
        return Recurrence({"FREQ": "DAILY"}, days)
    interval = max(1, round(1 / per_week))  # 每月2次: every other week
    spread = SPREAD[max(1, min(5, round(per_week)))] if interval == 1 else SPREAD[1]
    first = start - dt.timedelta(days=start.weekday())  # the Monday of the first week
    dates = []
    week = first
    while week <= end:
        dates += [d for k in spread if start <= (d := week + dt.timedelta(days=k)) <= end]
        week += dt.timedelta(weeks=interval)
    rule = {"FREQ": "WEEKLY", "BYDAY": [WEEKDAYS[k] for k in spread]}
    if interval > 1:
        rule["INTERVAL"] = interval
    return Recurrence(rule, dates)


def event_uid(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]
    return f"{digest}@safecli"


WORDS = {
    "task": Text(zh="整改任务", en="Task"),
    "due": Text(zh="整改期限", en="Rectification due"),
    "owner": Text(zh="责任部门", en="Owner"),
    "phase": Text(zh="所属阶段", en="Phase"),
    "gain": Text(zh="完成可增分", en="Points gained"),
    "level": Text(zh="隐患等级", en="Level"),
    "major": Text(zh="重大隐患", en="major hazard"),
    "general": Text(zh="一般隐患", en="general hazard"),
    "measure": Text(zh="整改措施", en="Measure"),
    "overdue": Text(zh="已逾期，原整改期限", en="Overdue, its deadline was"),
}


def plan_ics(plan: Any, lang: str = "zh") -> str:
    """The plan's phases, milestones, gap tasks, rectification deadlines and recurring duties
    as an iCalendar file."""
    from icalendar import Calendar, Event, vRecur

    from safecli.model.neutralise import ics_text

    stamp = dt.datetime.combine(plan.start, dt.time(0, 0), tzinfo=dt.timezone.utc)
    unit = plan.subject.name
    base = (plan.standard, unit, plan.start.isoformat())
    colon = "：" if lang == "zh" else ": "
    cal = Calendar()
    cal.add("prodid", "-//safecli//实施方案//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", ics_text(f"{unit} {plan.title.get(lang)}", one_line=True))

    def event(uid: str, summary: str, start: dt.date, end: dt.date, text: str | None) -> Any:
        ev = Event()
        ev.add("uid", event_uid(*base, uid))
        ev.add("dtstamp", stamp)
        ev.add("summary", ics_text(summary))
        ev.add("dtstart", start)
        ev.add("dtend", end + dt.timedelta(days=1))  # all-day events end the day after
        if text:
            ev.add("description", ics_text(text))
        return ev

    def lines(*pairs: tuple[str, Any]) -> str:
        return "\n".join(f"{WORDS[k].get(lang)}{colon}{v}" for k, v in pairs if v not in ("", None))

    for phase in plan.phases:
        title = phase.title.get(lang)
        text = phase.text.get(lang) if phase.text else None
        cal.add_component(event(f"phase:{phase.id}", title, phase.start, phase.end, text))
        for milestone in phase.milestones:
            cal.add_component(
                event(
                    f"milestone:{phase.id}:{milestone.date.isoformat()}",
                    milestone.text.get(lang),
                    milestone.date,
                    milestone.date,
                    title,
                )
            )
    for task in plan.tasks:
        owner = task.owner.get(lang) if task.owner else ""
        phase = task.phase.get(lang) if task.phase else ""
        gain = f"+{task.gain:g}"
        cal.add_component(
            event(
                f"task:{task.item}",
                f"{WORDS['task'].get(lang)}{colon}" + f"{task.no} {task.text.get(lang)}".strip(),
                task.deadline,
                task.deadline,
                lines(("owner", owner), ("phase", phase), ("gain", gain)),
            )
        )
    for fix in plan.rectifications:
        if fix.due is None or fix.source != "finding":
            continue  # an item's entry is dated by its task above
        level = WORDS["major" if fix.level == "major" else "general"].get(lang)
        day = plan.signature.date if fix.overdue else fix.due  # overdue: due at once
        late = fix.due.isoformat() if fix.overdue else ""
        cal.add_component(
            event(
                f"finding:{fix.ref}",
                f"{WORDS['due'].get(lang)}{colon}{fix.what}",
                day,
                day,
                lines(
                    ("owner", fix.owner),
                    ("level", level),
                    ("measure", fix.measure),
                    ("overdue", late),
                ),
            )
        )
    for duty in plan.duties:
        times = plain_number(duty.frequency.times)
        per = PERIOD_WORDS[duty.frequency.per].get(lang)
        how = f"每{per}{times}次" if lang == "zh" else f"{times} per {per}"
        owner = duty.owner.get(lang) if duty.owner else ""
        found = recurrence(duty.frequency.times, duty.frequency.per, plan.start, plan.end)
        if not found.dates:
            continue
        ev = event(
            f"duty:{duty.item}",
            f"{duty.no} {duty.text.get(lang)}".strip()
            + (f"（{how}）" if lang == "zh" else f" ({how})"),
            found.dates[0],
            found.dates[0],
            lines(("owner", owner)),
        )
        ev.add("rrule", vRecur({**found.rule, "COUNT": len(found.dates)}))
        cal.add_component(ev)
    return cal.to_ical().decode("utf-8")
