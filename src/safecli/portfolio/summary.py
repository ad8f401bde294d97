"""Roll many assessments up into the summary a safety office reports upward.

`summarize(assessments) -> Portfolio`: one row per unit and standard (its latest record), the
grade distribution, the tier lists of safety-integrity-enterprise (标准化 / 规范化 / 问题型),
overdue major hazards, the items the portfolio fails most, and each unit's trend.

pandas is imported inside the functions only: `safecli check`, `score` and `validate` never
load it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safecli.model.errors import SafecliError
from safecli.model.numbering import paper_numbers
from safecli.model.unit_words import item_words, standard_title
from safecli.portfolio.pool import Progress, invalid_error, scan, standard_of
from safecli.portfolio.shards import Shard
from safecli.read.catalog import Catalog
from safecli.score.arithmetic import Exact, exact, round_half_up
from safecli.score.results import Assessment

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from safecli.model.standard import Standard
    from safecli.portfolio.config import Config
from safecli.portfolio.digest import Digest, Hazard, ItemScores, Row, digest

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
        "exceptions",
        "expired_exceptions",
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


@dataclass(frozen=True)
class InvalidRecord:
    """A record left out of a portfolio because it cannot be read or breaks its standard."""

    path: str
    """The file (relative to the root)."""
    problem: str
    """Its first problem, located: `path:line:col: error: what (hint)`."""


def invalid_records(bad: Sequence[Any], lang: str = "en") -> list[InvalidRecord]:
    """Each invalid record's file and first problem (in file order, in `lang`), from the
    pool's results."""
    from dataclasses import replace

    from safecli.messages.catalog import problem_text

    out = []
    for r in bad:
        problems = sorted(r.failures + r.problems)
        if problems:
            f = problems[0]
            at = {"path": f.path, "line": f.line, "col": f.col, "message": f.message}
            one = getattr(f, "problem", None)
            first = problem_text(replace(one, **at), lang) if one is not None else str(f)
        else:
            first = f"{r.path}: error: invalid record"
        out.append(InvalidRecord(r.path, first))
    return out


class Tables(Mapping[str, list[dict[str, Any]]]):
    """The summary's tables by name, each built the first time it is read, then kept.

    Built from the Rollup as it stands when they are read: add nothing to it after asking for
    its portfolio.
    """

    def __init__(self, builders: dict[str, Callable[[], list[dict[str, Any]]]]) -> None:
        self._builders = builders
        self._built: dict[str, list[dict[str, Any]]] = {}

    def __getitem__(self, name: str) -> list[dict[str, Any]]:
        if name not in self._built:
            self._built[name] = self._builders[name]()
        return self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._builders)

    def __len__(self) -> int:
        return len(self._builders)


@dataclass
class Portfolio:
    """The summary's tables as rows of plain values, and as pandas frames on demand."""

    rows: Mapping[str, list[dict[str, Any]]]
    """Each table's rows, keyed by the names in COLUMNS (a `Tables` builds each on demand)."""
    lang: str = "zh"
    """Language of labels and texts."""
    as_of: dt.date | None = None
    """The date overdue findings were judged on, when one was given."""
    invalid: list[InvalidRecord] = field(default_factory=list)
    """Invalid records left out of the figures: each file and its first problem."""
    sources: list[str] = field(default_factory=list)
    """Paths of the records summarized (relative to the root); outputs never replace them."""
    titles: dict[str, str] = field(default_factory=dict)
    """Each standard (`ID@VERSION`) as people name it: its title, for every output but csv."""

    def frame(self, name: str) -> pd.DataFrame:
        """One table as a DataFrame with its columns in order, even when it has no rows."""
        import pandas as pd

        return pd.DataFrame(self.rows[name], columns=list(COLUMNS[name]))

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every table, in order."""
        return {name: self.frame(name) for name in TABLES}


def _percent(value: Fraction) -> float:
    return float(round_half_up(100 * value))


class _Sums:
    """Running sums of one item layout (a standard's items) over the current records."""

    __slots__ = ("count", "earned", "not_met")

    def __init__(self, size: int) -> None:
        self.count = [0] * size
        self.not_met = [0] * size
        self.earned: list[Exact] = [0] * size


_Current = tuple[dt.date, int, tuple[Hazard, ...], ItemScores]


class Rollup:
    """Digests folded as they arrive; `portfolio()` builds the tables.

    Memory grows with the rows the tables show (one per record for the trend), not with the
    items of every record: item scores are summed per standard and item, and only the current
    (latest) record of each unit keeps its own, so a later record can take its place.
    """

    def __init__(self, lang: str = "zh") -> None:
        self.lang = lang
        self.rows: list[Row] = []
        """Every record's row, in the order given."""
        self._latest: dict[tuple[str, str], _Current] = {}
        """Each unit's current record: its date, index in `rows`, hazards and item scores."""
        self._sums: dict[tuple[str, tuple[str, ...], tuple[float, ...]], _Sums] = {}
        self._exact: dict[float, Exact] = {}

    def add(self, d: Digest) -> None:
        """Fold one record in (records come in a stable order, e.g. by path)."""
        index = len(self.rows)
        self.rows.append(d.row)
        key = d.key
        before = self._latest.get(key)
        # the latest record of a unit: the latest date, and of one date the one given later
        if before is not None:
            if d.row.date < before[0]:
                return
            self._fold(self.rows[before[1]].standard, before[3], -1)
        self._latest[key] = (d.row.date, index, d.overdue, d.items)
        self._fold(d.row.standard, d.items, 1)

    def _fold(self, ref: str, items: ItemScores, sign: int) -> None:
        layout = (ref, items.ids, items.points)
        sums = self._sums.get(layout)
        if sums is None:
            sums = self._sums[layout] = _Sums(len(items.ids))
        count, not_met, earned = sums.count, sums.not_met, sums.earned
        cache = self._exact
        for k, state in enumerate(items.state):
            if state:
                value = items.earned[k]
                number = cache.get(value)
                if number is None:
                    number = cache[value] = exact(value)
                count[k] += sign
                earned[k] += sign * number
                if state == 1:
                    not_met[k] += sign

    def portfolio(
        self,
        standards: Callable[[str], Standard],
        all_history: bool = False,
        *,
        as_of: dt.date | None = None,
    ) -> Portfolio:
        """The tables of everything added so far."""
        lang = self.lang
        rows = self.rows
        indexed = sorted(
            range(len(rows)),
            key=lambda i: (rows[i].standard.partition("@")[0], rows[i].unit, rows[i].date, i),
        )
        latest = {entry[1]: entry for entry in self._latest.values()}
        current = [i for i in indexed if i in latest]
        shown = indexed if all_history else current

        # each table is built when first read: a csv reads only the units, and the trend's
        # one row per record is never made for it
        def units() -> list[dict[str, Any]]:
            return [rows[i].as_dict() for i in shown]

        by_ref: dict[str, list[Row]] = defaultdict(list)
        for i in current:
            by_ref[rows[i].standard].append(rows[i])

        def grades() -> list[dict[str, Any]]:
            """The grade distribution per standard, in the standard's grade order."""
            out = []
            for ref in sorted(by_ref):
                std = standards(ref)
                group = by_ref[ref]
                for grade in std.grades:
                    count = sum(1 for r in group if r.grade == grade.id)
                    out.append(
                        {
                            "standard": ref,
                            "grade": grade.id,
                            "grade_label": grade.label.get(lang),
                            "units": count,
                            "share": _percent(Fraction(count, len(group))),
                        }
                    )
            return out

        def tiers() -> list[dict[str, Any]]:
            """One list per grade of the tier standard, highest first."""
            out = []
            for ref in sorted(r for r in by_ref if r.partition("@")[0] == TIER_STANDARD):
                order = [g.id for g in standards(ref).grades]
                for r in sorted(by_ref[ref], key=lambda r: (order.index(r.grade), r.unit)):
                    out.append(
                        {
                            "standard": ref,
                            "tier": r.grade,
                            "tier_label": r.grade_label,
                            "unit": r.unit,
                            "subject": r.subject,
                            "total": r.total,
                            "date": r.date.isoformat(),
                            "flag": r.flag,
                        }
                    )
            return out

        numbers: dict[str, dict[str, str]] = {}

        def number(ref: str, item_id: str) -> str:
            """The item's number on paper (五、13): the zh tables show it, csv keeps the id."""
            if ref not in numbers:
                numbers[ref] = paper_numbers(standards(ref))
            return numbers[ref].get(item_id, item_id)

        def overdue() -> list[dict[str, Any]]:
            """Overdue major hazards of the latest records."""
            found = [
                {
                    "unit": rows[i].unit,
                    "subject": rows[i].subject,
                    "standard": rows[i].standard,
                    "finding": finding,
                    "item": item,
                    "text": text,
                    "owner": owner,
                    "due": due,
                    "days_overdue": days,
                    "item_label": number(rows[i].standard, item) if item else "",
                }
                for i in current
                for finding, item, text, owner, due, days in latest[i][2]
            ]
            return sorted(found, key=lambda r: (r["due"], r["unit"], r["finding"]))

        def weakest_items() -> list[dict[str, Any]]:
            """The items the portfolio fails most: lowest mean of earned/points first."""
            totals: dict[tuple[str, str], list[Any]] = {}
            for (ref, ids, points), sums in self._sums.items():
                for k, item_id in enumerate(ids):
                    if sums.count[k]:
                        entry = totals.setdefault((ref, item_id), [0, 0, Fraction(0)])
                        entry[0] += sums.count[k]
                        entry[1] += sums.not_met[k]
                        entry[2] += Fraction(sums.earned[k]) / Fraction(exact(points[k]))
            weakest = []
            positions: dict[str, tuple[dict[str, int], dict[str, Any]]] = {}
            for (ref, item_id), (count, not_met, rates) in totals.items():
                if ref not in positions:
                    std = standards(ref)
                    positions[ref] = (
                        {i.id: n for n, i in enumerate(std.items())},
                        std.item_map(),
                    )
                position, item_map = positions[ref]
                item = item_map[item_id]
                mean = rates / count
                weakest.append(
                    (
                        mean,
                        ref,
                        position[item_id],
                        {
                            "standard": ref,
                            "item": item_id,
                            "text": item_words(standards(ref), item).get(lang),
                            "points": item.points,
                            "applicable": count,
                            "not_met": not_met,
                            "mean_rate": _percent(mean),
                            "item_label": number(ref, item_id),
                        },
                    )
                )
            return [row for *_, row in sorted(weakest, key=lambda w: w[:3])]

        def trend() -> list[dict[str, Any]]:
            """Each unit's trend across all its records."""
            out = []
            previous: dict[tuple[str, str], float] = {}
            for i in indexed:
                r = rows[i]
                key = (r.standard.partition("@")[0], r.unit)
                before = previous.get(key)
                change = (
                    None
                    if before is None
                    else float(round_half_up(Fraction(exact(r.total)) - Fraction(exact(before))))
                )
                out.append(
                    {
                        "unit": r.unit,
                        "subject": r.subject,
                        "standard": r.standard,
                        "date": r.date.isoformat(),
                        "total": r.total,
                        "grade": r.grade,
                        "change": change,
                    }
                )
                previous[key] = r.total
            return out

        tables = Tables(
            {
                "units": units,
                "grades": grades,
                "tiers": tiers,
                "overdue": overdue,
                "weakest_items": weakest_items,
                "trend": trend,
            }
        )
        titles: dict[str, str] = {}
        for r in rows:
            if r.standard not in titles:
                try:
                    titles[r.standard] = standard_title(standards(r.standard), lang)
                except SafecliError:  # a title is a nicety: an unknown standard shows its ref
                    titles[r.standard] = r.standard
        return Portfolio(
            rows=tables,
            lang=lang,
            as_of=as_of,
            sources=[r.path for r in rows if r.path],
            titles=titles,
        )


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
    trend uses them all. Each assessment is digested and folded as `summary` does.
    """
    if standards is None:
        standards = Catalog().get  # the bundled standards
    paths = list(paths) if paths is not None else [""] * len(assessments)
    rollup = Rollup(lang)
    for a, path in zip(assessments, paths, strict=True):
        rollup.add(digest(a, path, lang))
    return rollup.portfolio(standards, all_history, as_of=as_of)


def summary(
    paths: Sequence[Path | str],
    config: Config,
    *,
    as_of: dt.date | None = None,
    all_history: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
    shard: Shard | None = None,
) -> Portfolio:
    """Find, read and score the records under `paths` and summarize them (`safecli summary`).

    A portfolio with a bad record is still a portfolio: invalid records are left out of the
    figures and listed in `Portfolio.invalid` (file and first problem). With `strict`, an
    InvalidFile listing every problem of every invalid record instead. With `shard`, that
    shard's units only.
    """
    rollup = Rollup(config.lang)
    bad = []
    for result in scan(paths, config, digest=digest, as_of=as_of, progress=progress, shard=shard):
        if result.digest is None:
            bad.append(result)
        else:
            rollup.add(result.digest)
    if bad and strict:
        raise invalid_error(bad)
    portfolio = rollup.portfolio(lambda ref: standard_of(config, ref), all_history, as_of=as_of)
    portfolio.invalid = invalid_records(bad, portfolio.lang)
    portfolio.sources += [r.path for r in bad]
    return portfolio
