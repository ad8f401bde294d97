"""One record, digested: the few numbers, hazards and item scores a summary keeps of an
assessment, small enough to send back from a worker process.
"""

from __future__ import annotations

import datetime as dt
import sys
from array import array
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from safecli.model.values import name_key
from safecli.score.results import Assessment


def unit_key(a: Assessment) -> str:
    """A unit is its code when it has one, else its name."""
    return name_key(a.subject.id or a.subject.name)


@dataclass(frozen=True, slots=True)
class Row:
    """One record's line of the units table (and what its tier and trend rows need)."""

    unit: str
    subject: str
    standard: str
    date: dt.date
    total: float
    grade: str
    grade_label: str
    veto: str
    flag: str
    open_findings: int
    overdue_findings: int
    path: str
    region: str = ""
    industry: str = ""
    closed_findings: int = 0
    blacklisted: bool = False
    veto_label: str = ""
    """What made each veto fire, in words (the zh tables show it where csv keeps the ids)."""
    exceptions: int = 0
    """Exceptions (空项, 豁免) in force on the date judged by."""
    expired_exceptions: int = 0
    """Exceptions past their end date (their items scored as answered)."""
    expired_since: str = ""
    """The first day the earliest of them no longer applied (ISO date), when any expired."""
    scorable: bool = True
    """False when no item applies: `total` (0.0, for sorting) is no score (无法计分)."""

    def as_dict(self) -> dict[str, Any]:
        """The units table's row (region, industry, closed findings and the blacklist mark
        ride along for the HTML summary's opening; COLUMNS keeps them out of csv and xlsx)."""
        return {
            "unit": self.unit,
            "subject": self.subject,
            "standard": self.standard,
            "date": self.date.isoformat(),
            "total": self.total,
            "grade": self.grade,
            "grade_label": self.grade_label,
            "veto": self.veto,
            "flag": self.flag,
            "open_findings": self.open_findings,
            "overdue_findings": self.overdue_findings,
            "path": self.path,
            "region": self.region,
            "industry": self.industry,
            "closed_findings": self.closed_findings,
            "blacklisted": self.blacklisted,
            "veto_label": self.veto_label,
            "exceptions": self.exceptions,
            "expired_exceptions": self.expired_exceptions,
            "expired_since": self.expired_since,
            "scorable": self.scorable,
        }

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # the fields in order, rebuilt by the constructor: a slotted dataclass's own
        # __getstate__/__setstate__ walk `fields()` per object (a third of a summary's pickling)
        return (Row, _ROW_VALUES(self))


_ROW_VALUES = attrgetter(*(name for name in Row.__dataclass_fields__))
"""A Row's values in field order (what its pickle keeps)."""

Hazard = tuple[str, str, str, str, str, int]
"""An overdue major finding: id, item, text, owner, due (ISO date), days overdue."""


@dataclass(frozen=True, slots=True)
class ItemScores:
    """Every item of one record, column-wise, in the standard's order (compact to keep)."""

    ids: tuple[str, ...]
    """The item ids (one tuple object shared by the records of a standard)."""
    points: tuple[float, ...]
    """Each item's points (shared like `ids`)."""
    earned: array[float]
    """Points earned (the ItemResult's two-decimal figure)."""
    state: bytes
    """0: left out (not applicable or worth no points), 1: counted, not met, 2: counted, met."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (ItemScores, (self.ids, self.points, self.earned, self.state))


@dataclass(frozen=True, slots=True)
class Digest:
    """What the portfolio needs of one Assessment, and nothing more (small and picklable)."""

    row: Row
    """The units-table row."""
    overdue: tuple[Hazard, ...]
    """Its overdue major findings."""
    items: ItemScores
    """Its item scores, for the weakest items."""

    @property
    def key(self) -> tuple[str, str]:
        """(standard id, unit): a unit's latest record per key is its current one."""
        return (self.row.standard.partition("@")[0], self.row.unit)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (Digest, (self.row, self.overdue, self.items))


_SHARED: dict[tuple[Any, ...], tuple[Any, ...]] = {}


def _shared(value: tuple[Any, ...]) -> tuple[Any, ...]:
    """One object for equal tuples (item ids, points): pickled once per batch, kept once."""
    if len(_SHARED) > 4096:
        _SHARED.clear()
    return _SHARED.setdefault(value, value)


def digest(a: Assessment, path: str = "", lang: str = "zh") -> Digest:
    """Reduce an Assessment to what `summarize` uses (labels and flags in `lang`)."""
    open_findings = overdue_findings = 0
    hazards: list[Hazard] = []
    for f in a.findings:
        open_findings += f.status == "open"
        overdue_findings += f.overdue
        if f.level == "major" and f.overdue and f.due is not None:
            hazards.append(
                (
                    f.id if f.named else "",  # an id made from a sheet row is never shown
                    f.item or "",
                    f.text,
                    f.owner or "",
                    f.due.isoformat(),
                    (a.as_of - f.due).days,
                )
            )
    row = Row(
        unit=unit_key(a),
        subject=a.subject.name,
        standard=sys.intern(a.standard),  # one object per batch the pool sends back
        date=a.inspection_date,
        total=a.total,
        scorable=a.scorable,
        grade=a.grade.id,
        grade_label=a.grade.label.get(lang),
        veto=", ".join(r.id for r in a.veto.rules),
        veto_label="；".join(r.because.get(lang) for r in a.veto.rules),
        flag=veto_flags(a, lang),
        open_findings=open_findings,
        overdue_findings=overdue_findings,
        path=path,
        region=a.subject.region or "",
        industry=a.subject.industry or "",
        closed_findings=len(a.findings) - open_findings,
        exceptions=sum(1 for e in a.exceptions if e.state == "in-force"),
        expired_exceptions=sum(1 for e in a.exceptions if e.state == "expired"),
        expired_since=min(
            (e.expired_on.isoformat() for e in a.exceptions if e.state == "expired"), default=""
        ),
        # a standard marks the vetoes that put a unit on the blacklist (信用污点企业) by a flag
        # naming 黑名单 (safety-integrity-enterprise IV(2)); no other field says it
        blacklisted=any(r.flag is not None and "黑名单" in r.flag.get("zh") for r in a.veto.rules),
    )
    results = a.items
    items = ItemScores(
        ids=_shared(tuple(map(_ID, results))),
        points=_shared(tuple(map(_POINTS, results))),
        earned=array("d", map(_EARNED, results)),
        state=bytes(
            [(2 if r.status == "met" else 1) if r.applicable and r.points else 0 for r in results]
        ),
    )
    return Digest(row=row, overdue=tuple(hazards), items=items)


_ID = attrgetter("id")
_POINTS = attrgetter("points")
_EARNED = attrgetter("earned")


def veto_flags(a: Assessment, lang: str) -> str:
    return "; ".join(dict.fromkeys(r.flag.get(lang) for r in a.veto.rules if r.flag))
