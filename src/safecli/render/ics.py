"""The plan as iCalendar: one event per phase and per milestone, a recurring one per dated duty."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from safecli.model.base import Period
from safecli.render.words import PERIOD_WORDS


def plain_number(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


RRULES: dict[Period, dict[str, Any]] = {
    Period.day: {"FREQ": "DAILY"},
    Period.week: {"FREQ": "WEEKLY", "BYDAY": "FR"},
    Period.month: {"FREQ": "MONTHLY", "BYMONTHDAY": -1},
    Period.quarter: {"FREQ": "MONTHLY", "INTERVAL": 3, "BYMONTHDAY": -1},
    Period.half_year: {"FREQ": "MONTHLY", "INTERVAL": 6, "BYMONTHDAY": -1},
    Period.year: {"FREQ": "YEARLY", "BYMONTH": 12, "BYMONTHDAY": 31},
}


def event_uid(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]
    return f"{digest}@safecli"


def plan_ics(plan: Any, lang: str = "zh") -> str:
    """The plan's phases, milestones and recurring duties as an iCalendar file.

    Deterministic: DTSTAMP is the plan's start at 00:00 UTC and every UID is a hash of the
    standard, the unit, the start and the event's own id, so the same plan gives the same bytes.
    """
    from icalendar import Calendar, Event, vRecur

    from safecli.model.neutralise import ics_text

    stamp = dt.datetime.combine(plan.start, dt.time(0, 0), tzinfo=dt.timezone.utc)
    unit = plan.subject.name
    base = (plan.standard, unit, plan.start.isoformat())
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
    for duty in plan.duties:
        if duty.first_due is None:
            continue
        times = plain_number(duty.frequency.times)
        per = PERIOD_WORDS[duty.frequency.per].get(lang)
        how = f"每{per}{times}次" if lang == "zh" else f"{times} per {per}"
        owner = duty.owner.get(lang) if duty.owner else ""
        ev = event(
            f"duty:{duty.item}",
            f"{duty.no or duty.item} {how}" + (f" · {owner}" if owner else ""),
            duty.first_due,
            duty.first_due,
            duty.text.get(lang),
        )
        rule = dict(RRULES[duty.frequency.per])
        rule["COUNT"] = duty.periods
        ev.add("rrule", vRecur(rule))
        cal.add_component(ev)
    return cal.to_ical().decode("utf-8")
