"""Calendar arithmetic for plans: months added at month ends, month-day dates, period ends."""

from __future__ import annotations

import calendar
import datetime as dt

from safecli.model.base import Period


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_day(value: str, year: int) -> dt.date:
    """`MM-DD` in `year` (02-29 becomes 02-28 in a common year)."""
    month, day = int(value[:2]), int(value[3:])
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


PERIOD_MONTHS = {Period.month: 1, Period.quarter: 3, Period.half_year: 6, Period.year: 12}


def period_ends(period: Period, first: dt.date, last: dt.date) -> list[dt.date]:
    """The calendar ends of `period` between `first` and `last`, both included.

    Days end every day, weeks on Friday (the last working day), months on their last day,
    quarters on 03-31, 06-30, 09-30, 12-31, half-years on 06-30 and 12-31, years on 12-31.
    """
    out: list[dt.date] = []
    if last < first:
        return out
    if period is Period.day:
        return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    if period is Period.week:
        day = first + dt.timedelta(days=(4 - first.weekday()) % 7)
        while day <= last:
            out.append(day)
            day += dt.timedelta(days=7)
        return out
    step = PERIOD_MONTHS[period]
    year, month = first.year, first.month
    while True:
        end = _month_end(year, month)
        if end > last:
            return out
        if month % step == 0 and end >= first:
            out.append(end)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
