"""The summary's figures and charts, one definition for the page, the workbook and Word.

Pure. Who passed (a unit above its standard's lowest grade), pass rates by region and by
industry, and `charts(...)`: the bars each chart of the summary shows. The HTML page draws them
as inline SVG (`render.summary_html`); the one table writer (`render.tables`, a `ChartSheet`)
writes them into the workbook as native Excel bar charts, over a sheet holding their figures;
Word gets the page's SVG as a picture (`render.chart_image`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from safecli.render.summary_words import human_cell
from safecli.render.tables import Chart


def lowest_grades(portfolio: Any) -> dict[str, str]:
    """Each standard's lowest grade id (the grades table lists them highest first)."""
    lowest: dict[str, str] = {}
    for row in portfolio.rows["grades"]:
        lowest[row["standard"]] = row["grade"]
    return lowest


def passed(row: dict[str, Any], lowest: dict[str, str]) -> bool:
    """A unit passes when its grade is above its standard's lowest."""
    return row["grade"] != lowest.get(row["standard"])


def rate(count_passed: int, count: int) -> float:
    """A share in percent, one decimal (0 of nothing)."""
    return round(100 * count_passed / count, 1) if count else 0.0


def pass_rates(
    units: list[dict[str, Any]], key: str, lowest: dict[str, str], unknown: str, lang: str
) -> list[tuple[str, int, int, float, float | None]]:
    """Rows of (label, units, passing, rate, mean total) grouped by region or industry,
    lowest rate first."""
    from safecli.model.industries import INDUSTRIES

    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in units:
        groups[row[key] or ""].append(row)
    out = []
    for value, group in groups.items():
        label = value or unknown
        if key == "industry" and value in INDUSTRIES:
            label = INDUSTRIES[value].get(lang)
        ok = sum(passed(r, lowest) for r in group)
        scored = [r["total"] for r in group if r.get("scorable", True)]
        mean = round(sum(scored) / len(scored), 1) if scored else None  # none can be scored
        out.append((label, len(group), ok, rate(ok, len(group)), mean))
    return sorted(out, key=lambda r: (r[3], -r[1], r[0]))


def latest_rows(portfolio: Any) -> list[dict[str, Any]]:
    """Each unit's latest row per standard (with --all, the units table holds every record)."""
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for row in portfolio.rows["units"]:
        key = (row["standard"].partition("@")[0], row["unit"])
        if key not in latest or row["date"] >= latest[key]["date"]:
            latest[key] = row
    return list(latest.values())


def charts(portfolio: Any, words: dict[str, str], current: list[dict[str, Any]]) -> list[Chart]:
    """The summary's charts: units by standard (its title) and grade, pass rate by region and
    by industry, the ten items lost most often (by number on paper, mean rate). `words` are
    the page's words (with `mean_rate`, the name of the weakest items' axis)."""
    lang = portfolio.lang
    lowest = lowest_grades(portfolio)
    out = [
        Chart(
            words["chart_grades"],
            words["units_n"],
            [
                (f"{human_cell(portfolio, r, 'standard')} {r['grade_label']}", float(r["units"]))
                for r in portfolio.rows["grades"]
            ],
        )
    ]
    for key, caption in (("region", "chart_regions"), ("industry", "chart_industries")):
        rows = pass_rates(current, key, lowest, words["unknown"], lang)
        out.append(Chart(words[caption], words["pass_rate"], [(r[0], r[3]) for r in rows]))
    weakest = portfolio.rows["weakest_items"][:10]
    out.append(
        Chart(
            words["chart_weakest"],
            words.get("mean_rate", words["pass_rate"]),
            [
                (f"{r.get('item_label') or r['item']} {r['text']}"[:40], float(r["mean_rate"]))
                for r in weakest
            ],
        )
    )
    return [c for c in out if c.bars]
