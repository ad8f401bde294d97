"""Roll many assessments up into the summary a safety office reports upward.

`summarize(assessments) -> Portfolio`: one row per unit and standard (its latest record), the
grade distribution, the tier lists of safety-integrity-enterprise (标准化 / 规范化 / 问题型),
overdue major hazards, the items the portfolio fails most, and each unit's trend.

pandas is imported inside the functions only: `safecli check`, `score` and `validate` never
load it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safecli.scoring import Assessment, exact, round_half_up

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from safecli.config import Config
    from safecli.models import Standard

TIER_STANDARD = "safety-integrity-enterprise"
"""The standard whose grades are the tiers (标准化 / 规范化 / 问题型) the summary lists."""

TABLES = ("units", "grades", "tiers", "overdue", "weakest_items", "trend")
"""The summary's tables, in order; each is a sheet of the xlsx."""

COLUMNS: dict[str, tuple[str, ...]] = {
    "units": (
        "unit",
        "subject",
        "standard",
        "date",
        "total",
        "grade",
        "grade_label",
        "veto",
        "flag",
        "open_findings",
        "overdue_findings",
        "path",
    ),
    "grades": ("standard", "grade", "grade_label", "units", "share"),
    "tiers": ("standard", "tier", "tier_label", "unit", "subject", "total", "date", "flag"),
    "overdue": (
        "unit",
        "subject",
        "standard",
        "finding",
        "item",
        "text",
        "owner",
        "due",
        "days_overdue",
    ),
    "weakest_items": (
        "standard",
        "item",
        "text",
        "points",
        "applicable",
        "not_met",
        "mean_rate",
    ),
    "trend": ("unit", "subject", "standard", "date", "total", "grade", "change"),
}
"""The columns of each table (the csv header and the keys of the rows)."""


@dataclass
class Portfolio:
    """The summary's tables as rows of plain values, and as pandas frames on demand."""

    rows: dict[str, list[dict[str, Any]]]
    """Each table's rows, keyed by the names in COLUMNS."""
    lang: str = "zh"
    """Language of labels and texts."""
    as_of: dt.date | None = None
    """The date overdue findings were judged on, when one was given."""
    invalid: list[str] = field(default_factory=list)
    """Paths of invalid records left out (with `skip_invalid`)."""
    sources: list[str] = field(default_factory=list)
    """Paths of the records summarized (relative to the root); outputs never replace them."""

    def frame(self, name: str) -> pd.DataFrame:
        """One table as a DataFrame with its columns in order, even when it has no rows."""
        import pandas as pd

        return pd.DataFrame(self.rows[name], columns=list(COLUMNS[name]))

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every table, in order."""
        return {name: self.frame(name) for name in TABLES}


def unit_key(a: Assessment) -> str:
    """A unit is its code when it has one, else its name."""
    return a.subject.id or a.subject.name


def _percent(value: Fraction) -> float:
    return float(round_half_up(100 * value))


def summarize(
    assessments: Sequence[Assessment],
    all_history: bool = False,
    *,
    standards: Callable[[str], Standard] | None = None,
    paths: Sequence[str] | None = None,
    lang: str = "zh",
    as_of: dt.date | None = None,
) -> Portfolio:
    """The portfolio of `assessments` (given in a stable order, e.g. by path).

    `standards(ref)` returns a record's Standard (grade order, item texts); the bundled
    catalog by default. The units table keeps each unit's latest record per standard id (the
    later of two on one date is the one given later), or every record with `all_history`; the
    grade distribution, tiers, overdue hazards and weakest items use the latest records, the
    trend uses them all.
    """
    if standards is None:
        from safecli.catalog import default_catalog

        standards = default_catalog().get
    lookup = standards
    paths = list(paths) if paths is not None else [""] * len(assessments)
    entries = list(zip(assessments, paths, strict=True))
    indexed = sorted(
        range(len(entries)),
        key=lambda i: (
            entries[i][0].standard.partition("@")[0],
            unit_key(entries[i][0]),
            entries[i][0].inspection_date,
            i,
        ),
    )
    latest: dict[tuple[str, str], int] = {}
    for i in indexed:
        a = entries[i][0]
        latest[(a.standard.partition("@")[0], unit_key(a))] = i
    latest_set = set(latest.values())
    current = [i for i in indexed if i in latest_set]
    shown = indexed if all_history else current

    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for i in shown:
        a, path = entries[i]
        rows["units"].append(_unit_row(a, path, lang))

    # grade distribution per standard, in the standard's grade order
    by_ref: dict[str, list[Assessment]] = defaultdict(list)
    for i in current:
        by_ref[entries[i][0].standard].append(entries[i][0])
    for ref in sorted(by_ref):
        std = lookup(ref)
        group = by_ref[ref]
        for grade in std.grades:
            count = sum(1 for a in group if a.grade.id == grade.id)
            rows["grades"].append(
                {
                    "standard": ref,
                    "grade": grade.id,
                    "grade_label": grade.label.get(lang),
                    "units": count,
                    "share": _percent(Fraction(count, len(group))),
                }
            )

    # the tiers: one list per grade of the tier standard, highest first
    for ref in sorted(r for r in by_ref if r.partition("@")[0] == TIER_STANDARD):
        std = lookup(ref)
        order = [g.id for g in std.grades]
        tiered = sorted(by_ref[ref], key=lambda a: (order.index(a.grade.id), unit_key(a)))
        for a in tiered:
            rows["tiers"].append(
                {
                    "standard": ref,
                    "tier": a.grade.id,
                    "tier_label": a.grade.label.get(lang),
                    "unit": unit_key(a),
                    "subject": a.subject.name,
                    "total": a.total,
                    "date": a.inspection_date.isoformat(),
                    "flag": _flags(a, lang),
                }
            )

    # overdue major hazards of the latest records
    overdue = []
    for i in current:
        a = entries[i][0]
        for f in a.findings:
            if f.level == "major" and f.overdue and f.due is not None:
                overdue.append(
                    {
                        "unit": unit_key(a),
                        "subject": a.subject.name,
                        "standard": a.standard,
                        "finding": f.id,
                        "item": f.item or "",
                        "text": f.text,
                        "owner": f.owner or "",
                        "due": f.due.isoformat(),
                        "days_overdue": (a.as_of - f.due).days,
                    }
                )
    rows["overdue"] = sorted(overdue, key=lambda r: (r["due"], r["unit"], r["finding"]))

    # the items the portfolio fails most: lowest mean of earned/points first
    rates: dict[tuple[str, str], list[Fraction]] = defaultdict(list)
    not_met: dict[tuple[str, str], int] = defaultdict(int)
    for ref, group in by_ref.items():
        for a in group:
            for r in a.items:
                if r.applicable and r.points:
                    rates[(ref, r.id)].append(Fraction(exact(r.earned)) / Fraction(exact(r.points)))
                    not_met[(ref, r.id)] += r.status != "met"
    weakest = []
    for (ref, item_id), values in rates.items():
        std = lookup(ref)
        position = [i.id for i in std.items()]
        item = std.item_map()[item_id]
        mean = sum(values, Fraction(0)) / len(values)
        weakest.append(
            (
                mean,
                ref,
                position.index(item_id),
                {
                    "standard": ref,
                    "item": item_id,
                    "text": item.text.get(lang),
                    "points": item.points,
                    "applicable": len(values),
                    "not_met": not_met[(ref, item_id)],
                    "mean_rate": _percent(mean),
                },
            )
        )
    rows["weakest_items"] = [row for *_, row in sorted(weakest, key=lambda w: w[:3])]

    # each unit's trend across all its records
    previous: dict[tuple[str, str], float] = {}
    for i in indexed:
        a = entries[i][0]
        key = (a.standard.partition("@")[0], unit_key(a))
        before = previous.get(key)
        rows["trend"].append(
            {
                "unit": unit_key(a),
                "subject": a.subject.name,
                "standard": a.standard,
                "date": a.inspection_date.isoformat(),
                "total": a.total,
                "grade": a.grade.id,
                "change": None
                if before is None
                else float(round_half_up(Fraction(exact(a.total)) - Fraction(exact(before)))),
            }
        )
        previous[key] = a.total
    return Portfolio(rows=rows, lang=lang, as_of=as_of, sources=[p for p in paths if p])


def _flags(a: Assessment, lang: str) -> str:
    return "; ".join(dict.fromkeys(r.flag.get(lang) for r in a.veto.rules if r.flag))


def _unit_row(a: Assessment, path: str, lang: str) -> dict[str, Any]:
    return {
        "unit": unit_key(a),
        "subject": a.subject.name,
        "standard": a.standard,
        "date": a.inspection_date.isoformat(),
        "total": a.total,
        "grade": a.grade.id,
        "grade_label": a.grade.label.get(lang),
        "veto": ", ".join(r.id for r in a.veto.rules),
        "flag": _flags(a, lang),
        "open_findings": sum(1 for f in a.findings if f.status == "open"),
        "overdue_findings": sum(1 for f in a.findings if f.overdue),
        "path": path,
    }


def summary(
    paths: Sequence[Path | str],
    config: Config,
    *,
    as_of: dt.date | None = None,
    all_history: bool = False,
    skip_invalid: bool = False,
) -> Portfolio:
    """Find, read and score the records under `paths` and summarize them (`safecli summary`).

    InvalidFile listing every problem when a record is invalid, unless `skip_invalid` (then
    `Portfolio.invalid` names the records left out).
    """
    from safecli.gate import load_assessments, standard_of

    good, bad = load_assessments(paths, config, as_of=as_of, skip_invalid=skip_invalid)
    portfolio = summarize(
        [r.assessment for r in good],
        all_history,
        standards=lambda ref: standard_of(config, ref),
        paths=[r.path for r in good],
        lang=config.lang,
        as_of=as_of,
    )
    portfolio.invalid = [r.path for r in bad]
    portfolio.sources = [r.path for r in good]
    return portfolio
