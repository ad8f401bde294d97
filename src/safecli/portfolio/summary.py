"""Roll many assessments up into the summary a safety office reports upward.

`summarize(assessments) -> Portfolio`: one row per unit and standard (its latest record), the
grade distribution, the tier lists of safety-integrity-enterprise (标准化 / 规范化 / 问题型),
overdue major hazards, the items the portfolio fails most, and each unit's trend.

pandas is imported inside the functions only: `safecli check`, `score` and `validate` never
load it."""

from __future__ import annotations

import datetime as dt
import itertools
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safecli.model.errors import SafecliError
from safecli.model.numbering import paper_numbers
from safecli.model.unit_words import item_words, standard_title
from safecli.portfolio.pool import Progress, invalid_error, scan, standard_of
from safecli.portfolio.shards import Shard
from safecli.portfolio.spool import Lazy, Spool
from safecli.read.catalog import Catalog
from safecli.score.arithmetic import Exact, exact, round_half_up
from safecli.score.results import Assessment

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from safecli.model.standard import Standard
    from safecli.portfolio.config import Config
from safecli.portfolio.digest import Digest, Hazard, Row, digest

SPOOL_LIMIT = 8192
"""Digests a summary holds in memory before it writes them to its spool (about 10 MiB)."""

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
    sources: Sequence[str] = field(default_factory=list)
    """Paths of the records summarized (relative to the root); outputs never replace them.
    Read again from the spool each time (a list of a million paths would be 100 MiB)."""
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
    """Running sums of one item layout (a standard's items) over the current records.

    The points earned are counted per distinct figure (an item has a handful: 0, half, all)
    and added up exactly once, when the weakest items are read: a Fraction sum per item and
    record cost a summary a tenth of its time."""

    __slots__ = ("count", "earned", "not_met")

    def __init__(self, size: int) -> None:
        self.count = [0] * size
        self.not_met = [0] * size
        self.earned: list[dict[float, int]] = [{} for _ in range(size)]

    def total(self, k: int) -> Exact:
        """The exact sum of item `k`'s points earned."""
        return sum((_exact(value) * n for value, n in self.earned[k].items()), 0)


class Rollup:
    """Digests folded as they arrive; `portfolio()` builds the tables.

    Memory stays flat however many records come: each digest goes to a `Spool` (sorted by
    standard id, unit, date and arrival, on disk beyond a bound), with its item scores as a
    number for their layout (a standard's items, kept once) and its earned points as bytes.
    `portfolio()` reads the spool once, a unit at a time, to find each unit's current (latest)
    record and fold what the figures need (grade counts, item sums, tier and hazard lists,
    spooled again in their own order); the units table and the trend read the spool again
    each time they are read, and are never held whole.
    """

    def __init__(self, lang: str = "zh") -> None:
        self.lang = lang
        self.count = 0
        """Records added."""
        self._spool = Spool(limit=SPOOL_LIMIT)
        self._layouts: dict[tuple[str, tuple[str, ...], tuple[float, ...]], int] = {}
        self._refs: dict[str, None] = {}
        """Each standard ref, in the order first seen (the titles)."""
        self._paths = 0

    def add(self, d: Digest) -> None:
        """Fold one record in (records come in a stable order, e.g. by path)."""
        row, items = d.row, d.items
        layout_key = (row.standard, items.ids, items.points)
        layout = self._layouts.get(layout_key)
        if layout is None:
            layout = self._layouts[layout_key] = len(self._layouts)
        self._refs.setdefault(row.standard)
        self._paths += bool(row.path)
        key = (row.standard.partition("@")[0], row.unit, row.date, self.count)
        self._spool.add(key, (row, d.overdue, layout, items.earned.tobytes(), items.state))
        self.count += 1

    def _units(self) -> Iterator[list[tuple[Row, tuple[Hazard, ...], int, bytes, bytes]]]:
        """Each unit's records (per standard id), oldest first; units in table order."""
        group: list[Any] = []
        last: tuple[str, str] | None = None
        for key, value in self._spool.sorted():
            if key[:2] != last:
                if group:
                    yield group
                group, last = [], key[:2]
            group.append(value)
        if group:
            yield group

    def _rows(self, all_history: bool) -> Iterator[Row]:
        if all_history:
            return (value[0] for value in self._spool.values())
        return (group[-1][0] for group in self._units())

    def portfolio(
        self,
        standards: Callable[[str], Standard],
        all_history: bool = False,
        *,
        as_of: dt.date | None = None,
    ) -> Portfolio:
        """The tables of everything added so far."""
        lang = self.lang
        layouts = {number: layout for layout, number in self._layouts.items()}
        numbers: dict[str, dict[str, str]] = {}

        def number(ref: str, item_id: str) -> str:
            """The item's number on paper (五、13; V.13 in English): the tables show it, csv keeps
            the id."""
            if ref not in numbers:
                numbers[ref] = paper_numbers(standards(ref), lang)
            return numbers[ref].get(item_id, item_id)

        # one pass over the units: each one's current record folds into the figures
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        sums: dict[int, _Sums] = {}
        tier_spool, hazard_spool = Spool(limit=2 * SPOOL_LIMIT), Spool(limit=2 * SPOOL_LIMIT)
        orders: dict[str, list[str]] = {}
        current = 0
        for group in self._units():
            r, hazards, layout, earned, state = group[-1]
            current += 1
            counts[r.standard][r.grade] += 1
            _fold(sums, layout, len(layouts[layout][1]), earned, state)
            if r.standard.partition("@")[0] == TIER_STANDARD:
                if r.standard not in orders:
                    orders[r.standard] = [g.id for g in standards(r.standard).grades]
                tier_spool.add(
                    (r.standard, orders[r.standard].index(r.grade), r.unit, current),
                    {
                        "standard": r.standard,
                        "tier": r.grade,
                        "tier_label": r.grade_label,
                        "unit": r.unit,
                        "subject": r.subject,
                        "total": r.total,
                        "date": r.date.isoformat(),
                        "flag": r.flag,
                        "scorable": r.scorable,
                    },
                )
            for finding, item, text, owner, due, days in hazards:
                hazard_spool.add(
                    (due, r.unit, finding, hazard_spool.count),
                    {
                        "unit": r.unit,
                        "subject": r.subject,
                        "standard": r.standard,
                        "finding": finding,
                        "item": item,
                        "text": text,
                        "owner": owner,
                        "due": due,
                        "days_overdue": days,
                        "item_label": number(r.standard, item) if item else "",
                    },
                )

        # each table is made when read: a csv reads only the units, and the trend's one row
        # per record is never made for it; the long ones are read from the spools each time
        def units() -> Lazy:
            return Lazy(
                lambda: (r.as_dict() for r in self._rows(all_history)),
                self.count if all_history else current,
            )

        def grades() -> list[dict[str, Any]]:
            """The grade distribution per standard, in the standard's grade order."""
            out = []
            for ref in sorted(counts):
                std = standards(ref)
                group = counts[ref]
                size = sum(group.values())
                for grade in std.grades:
                    count = group.get(grade.id, 0)
                    out.append(
                        {
                            "standard": ref,
                            "grade": grade.id,
                            "grade_label": grade.label.get(lang),
                            "units": count,
                            "share": _percent(Fraction(count, size)),
                        }
                    )
            return out

        def tiers() -> Lazy:
            """One list per grade of the tier standard, highest first."""
            return Lazy(tier_spool.values, tier_spool.count)

        def overdue() -> Lazy:
            """Overdue major hazards of the latest records, by deadline."""
            return Lazy(hazard_spool.values, hazard_spool.count)

        def weakest_items() -> list[dict[str, Any]]:
            """The items the portfolio fails most: lowest mean of earned/points first."""
            totals: dict[tuple[str, str], list[Any]] = {}
            for number_, item_sums in sums.items():
                ref, ids, points = layouts[number_]
                for k, item_id in enumerate(ids):
                    if item_sums.count[k]:
                        entry = totals.setdefault((ref, item_id), [0, 0, Fraction(0)])
                        entry[0] += item_sums.count[k]
                        entry[1] += item_sums.not_met[k]
                        entry[2] += Fraction(item_sums.total(k)) / Fraction(exact(points[k]))
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

        def trend_rows() -> Iterator[dict[str, Any]]:
            previous: tuple[tuple[str, str], float | None] | None = None
            for r in self._rows(True):
                key = (r.standard.partition("@")[0], r.unit)
                before = previous[1] if previous is not None and previous[0] == key else None
                change = (  # none from or to a record that cannot be scored
                    None
                    if before is None or not r.scorable
                    else float(round_half_up(Fraction(exact(r.total)) - Fraction(exact(before))))
                )
                yield {
                    "unit": r.unit,
                    "subject": r.subject,
                    "standard": r.standard,
                    "date": r.date.isoformat(),
                    "total": r.total,
                    "grade": r.grade,
                    "change": change,
                    "scorable": r.scorable,
                }
                previous = (key, r.total if r.scorable else None)

        def trend() -> Lazy:
            """Each unit's trend across all its records."""
            return Lazy(trend_rows, self.count)

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
        for ref in self._refs:
            try:
                titles[ref] = standard_title(standards(ref), lang)
            except SafecliError:  # a title is a nicety: an unknown standard shows its ref
                titles[ref] = ref
        paths = Lazy(
            lambda: (r.path for r in self._rows(True) if r.path),
            self._paths,
        )
        return Portfolio(rows=tables, lang=lang, as_of=as_of, sources=paths, titles=titles)


def _fold(sums: dict[int, _Sums], layout: int, size: int, earned: bytes, state: bytes) -> None:
    """Add one record's item scores to the sums of its layout."""
    item_sums = sums.get(layout)
    if item_sums is None:
        item_sums = sums[layout] = _Sums(size)
    values = array("d")
    values.frombytes(earned)
    count, not_met, earned_by = item_sums.count, item_sums.not_met, item_sums.earned
    for k, kind in enumerate(state):
        if kind:
            count[k] += 1
            seen = earned_by[k]
            value = values[k]
            seen[value] = seen.get(value, 0) + 1
            if kind == 1:
                not_met[k] += 1


@lru_cache(maxsize=4096)
def _exact(value: float) -> Exact:
    return exact(value)


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
    bad = []  # kept whole only for --strict, which lists every problem
    invalid: list[InvalidRecord] = []
    for result in scan(paths, config, digest=digest, as_of=as_of, progress=progress, shard=shard):
        if result.digest is not None:
            rollup.add(result.digest)
        elif strict:
            bad.append(result)
        else:  # its file and first problem: a line, not the record's whole result
            invalid += invalid_records([result], config.lang)
    if bad:
        raise invalid_error(bad)
    portfolio = rollup.portfolio(lambda ref: standard_of(config, ref), all_history, as_of=as_of)
    portfolio.invalid = invalid
    valid = portfolio.sources
    portfolio.sources = Lazy(
        lambda: itertools.chain(valid, (r.path for r in invalid)), len(valid) + len(invalid)
    )
    return portfolio
