"""Plain data views (dicts of strings and numbers) shared by JSON, CSV and the templates.

These shapes are public interfaces: `score --format json` and `standards show --format json`
are documented in docs/json.md; change them only additively.
"""

from __future__ import annotations

from typing import Any

from safecli.model.base import Text
from safecli.model.industries import INDUSTRIES
from safecli.model.record import Area
from safecli.model.standard import Standard
from safecli.score.results import NOT_SCORABLE, Assessment
from safecli.score.scoring import lost_points

__all__ = ["lost_points"]  # re-exported: renderers list lost points from here


def text(value: Text | None, lang: str) -> str | None:
    return value.get(lang) if value is not None else None


def area_words(area: Area | None, lang: str) -> str:
    """What a district's or town's area holds, in one line (辖区情况), or "" without one."""
    if area is None:
        return ""
    zh = lang != "en"
    parts: list[str] = []
    if area.units is not None:
        parts.append(f"生产经营单位 {area.units} 家" if zh else f"{area.units} units")
    sizes = [
        (f"{n}人以上 {count} 家" if zh else f"{count} of {n}+ staff")
        for n, count in sorted(area.units_by_staff.items())
    ]
    if sizes:
        parts.append("、".join(sizes) if zh else ", ".join(sizes))
    held = [
        (
            f"{INDUSTRIES[i].zh if i in INDUSTRIES else i} {n} 家"
            if zh
            else f"{n} {INDUSTRIES[i].en if i in INDUSTRIES else i}"
        )
        for i, n in area.industries.items()
        if n
    ]
    if held:
        parts.append("、".join(held) if zh else ", ".join(held))
    return "；".join(parts) if zh else "; ".join(parts)


def total_words(a: Assessment, lang: str) -> str:
    """The total as a person reads it: one decimal, or 无法计分 when no item applies."""
    return f"{a.total:.1f}" if a.scorable else NOT_SCORABLE.get(lang)


def number(value: float | int | None) -> float | int | None:
    """Whole floats as ints, so JSON says 5 rather than 5.0."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def assessment_dict(a: Assessment, lang: str = "zh") -> dict[str, Any]:
    """The JSON of `safecli score`."""
    return {
        "standard": a.standard,
        "base": a.base,
        "subject": {
            "id": a.subject.id,
            "name": a.subject.name,
            "kind": a.subject.kind.value,
            "industry": a.subject.industry,
            "employees": a.subject.employees,
        },
        "inspection_date": a.inspection_date.isoformat(),
        "as_of": a.as_of.isoformat(),
        "total": a.total,
        "scorable": a.scorable,
        "earned": number(a.earned),
        "points": number(a.points),
        "extra": number(a.extra),
        "grade": {"id": a.grade.id, "label": text(a.grade.label, lang)},
        "grade_before_veto": {
            "id": a.grade_before_veto.id,
            "label": text(a.grade_before_veto.label, lang),
        },
        "withheld": [text(w, lang) for w in a.withheld],
        "veto": {
            "triggered": a.veto.triggered,
            "rules": [
                {
                    "id": r.id,
                    "text": text(r.text, lang),
                    "max_grade": r.max_grade,
                    "flag": text(r.flag, lang),
                    "because": text(r.because, lang),
                }
                for r in a.veto.rules
            ],
        },
        "sections": [
            {
                "id": s.id,
                "title": text(s.title, lang),
                "earned": number(s.earned),
                "points": number(s.points),
                "rate": s.rate,
            }
            for s in a.sections
        ],
        "items": [
            {
                "id": r.id,
                "section": r.section,
                "kind": r.kind.value,
                "status": r.status,
                "earned": number(r.earned),
                "points": number(r.points),
                "applicable": r.applicable,
                "veto": r.veto,
                "value": number(r.value),
                "extra": number(r.extra),
                "reason": text(r.reason, lang),
            }
            for r in a.items
        ],
        "unanswered": list(a.unanswered),
        "findings": [
            {
                "id": f.id,
                "text": f.text,
                "item": f.item,
                "level": f.level,
                "owner": f.owner,
                "due": f.due.isoformat() if f.due else None,
                "status": f.status,
                "overdue": f.overdue,
                "measure": f.measure,
            }
            for f in a.findings
        ],
        "incidents": [
            {
                "date": i.date.isoformat(),
                "kind": i.kind,
                "fatalities": i.fatalities,
                "serious_injuries": i.serious_injuries,
                "direct_loss_yuan": number(i.direct_loss_yuan),
                "class": i.incident_class.value,
                "class_label": text(i.label, lang),
                "text": i.text,
            }
            for i in a.incidents
        ],
        "exceptions": [
            {
                "item": e.item,
                "kind": e.kind,
                "reason": e.reason,
                "approver": e.approver,
                "ref": e.ref,
                "date": e.date.isoformat(),
                "until": e.until.isoformat(),
                "state": e.state,
                "expired_on": e.expired_on.isoformat() if e.state == "expired" else None,
                "days_left": e.days_left,
                "note": text(e.note(), lang),
            }
            for e in a.exceptions
        ],
    }


def standard_dict(std: Standard) -> dict[str, Any]:
    """The JSON of `standards show`: the standard's fields as DESIGN names them."""
    return std.model_dump(mode="json", exclude_none=True)


def standard_summary(std: Standard) -> dict[str, Any]:
    """One row of `standards list`."""
    return {
        "id": std.id,
        "version": std.version,
        "subject": std.subject.value,
        "title": std.title.model_dump(exclude_none=True),
        "sections": len(std.sections),
        "items": len(std.items()),
        "points": number(float(std.points)),
    }
