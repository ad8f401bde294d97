"""Incidents as the law classes them, and whether one falls under a veto's condition."""

from __future__ import annotations

import datetime as dt

from safecli.model.labels import IncidentClass
from safecli.model.record import Incident
from safecli.model.standard import IncidentCondition
from safecli.score.arithmetic import exact


def classify(fatalities: int, serious_injuries: int, direct_loss_yuan: float) -> IncidentClass:
    """Article 3 of 生产安全事故报告和调查处理条例: the highest class any measure reaches.

    以上 includes the number and 以下 excludes it, so each class starts at its threshold.
    """
    loss = exact(direct_loss_yuan)
    if fatalities >= 30 or serious_injuries >= 100 or loss >= 100_000_000:
        return IncidentClass.especially_major
    if fatalities >= 10 or serious_injuries >= 50 or loss >= 50_000_000:
        return IncidentClass.major
    if fatalities >= 3 or serious_injuries >= 10 or loss >= 10_000_000:
        return IncidentClass.larger
    return IncidentClass.general


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the month's last day when it has no such day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def incident_matches(cond: IncidentCondition, incident: Incident, end: dt.date) -> bool:
    start = months_before(end, cond.within_months)
    if not start <= incident.date <= end:
        return False
    if cond.min_fatalities is not None and incident.fatalities < cond.min_fatalities:
        return False
    if (
        cond.min_serious_injuries is not None
        and incident.serious_injuries < cond.min_serious_injuries
    ):
        return False
    if cond.min_direct_loss_yuan is not None and exact(incident.direct_loss_yuan) < exact(
        cond.min_direct_loss_yuan
    ):
        return False
    if cond.min_class is not None:
        found = classify(incident.fatalities, incident.serious_injuries, incident.direct_loss_yuan)
        if found.rank < cond.min_class.rank:
            return False
    return not (cond.kinds is not None and incident.kind not in cond.kinds)
