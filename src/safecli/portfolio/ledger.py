"""The 隐患台账: every finding of every unit, followed across that unit's records by its id.

`follow(records, as_of)` is pure. A unit's records (same unit, same standard id) are taken in
inspection-date order; each finding id is one hazard through its life, 发现 → 整改 → 复核 →
销号. On the as-of date a hazard is:

- 未整改 (open), 整改中 (in-progress): the owner still has to rectify it;
- 逾期 (overdue): one of those two, past its deadline;
- 已整改待复核 (rectified): the owner reports it done, the re-check (复核) has not closed it;
- 已销号 (closed): closed, on the record's `closed_on` or else the inspection date of the
  first record showing it closed;
- 未销号即消失 (dropped): missing from the unit's latest record although it was never closed;
  it is a live hazard the records lost, so it stays open (and overdue once past its deadline).

Open majors (any state but closed) are 挂牌督办: a 重大隐患 stays under supervision until 销号.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from safecli.model.base import Text
from safecli.model.deadlines import days_overdue, is_overdue
from safecli.model.errors import SafecliError
from safecli.model.numbering import paper_numbers
from safecli.model.unit_words import standard_title
from safecli.model.values import name_key
from safecli.model.vocabulary import FINDING_LEVELS, HAZARD_STATES
from safecli.portfolio.spool import Lazy, Spool, Tape, deferred, pack, unpack
from safecli.portfolio.summary import InvalidRecord
from safecli.score.arithmetic import round_half_up
from safecli.score.hazards import MajorFacts
from safecli.score.results import Assessment, FindingResult

if TYPE_CHECKING:  # pragma: no cover
    from safecli.model.standard import Standard

SPOOL_LIMIT = 4096
"""Records (and hazards) the ledger holds in memory before it writes them to its spool."""

STATES: dict[str, Text] = {t.id: Text(zh=t.zh, en=t.en) for t in HAZARD_STATES}
"""A hazard's state on the as-of date, with its name (the order the ledger explains them in)."""

OPEN_STATES = frozenset({"open", "in-progress", "overdue", "dropped"})
"""States in which the owner still has to rectify: what --open lists, the calendar and the
整改通知书 carry."""

LEVELS: dict[str, Text] = {t.id: Text(zh=t.zh, en=t.en) for t in FINDING_LEVELS}
"""Finding levels, with their names."""

SCOPES: dict[str, Text] = {
    "unit": Text(zh="单位", en="unit"),
    "region": Text(zh="地区", en="region"),
    "industry": Text(zh="行业", en="industry"),
}
"""What the closure statistics are grouped by."""

UNSTATED = Text(zh="（未填）", en="(not stated)")
"""The group of units whose record does not state a region or an industry."""


@dataclass(frozen=True)
class RecordFindings:
    """What the ledger needs of one record: the unit, the date and its findings."""

    unit: str
    """The unit's code, else its name."""
    subject: str
    """The unit's name."""
    region: str | None
    """Where the unit is (省/市/区), as the record says."""
    industry: str | None
    """The unit's industry id."""
    standard: str
    """`ID@VERSION`."""
    date: dt.date
    """The inspection date."""
    path: str
    """The record's file (relative to the root)."""
    findings: tuple[FindingResult, ...]
    """Its findings, in file order."""
    expired: tuple[tuple[str, str, dt.date], ...] = ()
    """Its exceptions (空项, 豁免) past their end date on the date judged by: item, kind, and
    the first day they no longer apply."""

    @property
    def key(self) -> tuple[str, str]:
        """(standard id, unit): the records a finding id is followed across."""
        return (self.standard.partition("@")[0], self.unit)


def record_findings(a: Assessment, path: str = "", lang: str = "zh") -> RecordFindings:
    """Reduce an Assessment to what `follow` uses (a pool's digest: small and picklable)."""
    return RecordFindings(
        unit=name_key(a.subject.id or a.subject.name),
        subject=a.subject.name,
        region=a.subject.region,
        industry=a.subject.industry,
        standard=a.standard,
        date=a.inspection_date,
        path=path,
        findings=tuple(a.findings),
        expired=tuple((e.item, e.kind, e.expired_on) for e in a.exceptions if e.state == "expired"),
    )


@dataclass(frozen=True, slots=True)
class Packed:
    """One record's RecordFindings as the worker that made it pickled it, beside what the
    ledger sorts by: the main process spools the bytes as they came and unpickles them once,
    when it follows the unit (not once from the pool, again into the spool and out of it)."""

    key: tuple[str, str]
    """RecordFindings.key."""
    date: dt.date
    """The inspection date."""
    path: str
    """The record's file."""
    data: bytes
    """The pickled RecordFindings."""

    def record(self) -> RecordFindings:
        found: RecordFindings = unpack(self.data)
        return found

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (Packed, (self.key, self.date, self.path, self.data))


def packed_findings(a: Assessment, path: str = "", lang: str = "zh") -> Packed:
    """`record_findings`, pickled where it is made (a pool's digest for `follow`)."""
    rec = record_findings(a, path, lang)
    return Packed(rec.key, rec.date, rec.path, pack(rec))


@dataclass(frozen=True)
class Sighting:
    """A finding as one record shows it."""

    date: dt.date
    """The record's inspection date."""
    stage: str
    """open, in-progress, rectified or closed (as the record says)."""
    path: str
    """The record's file."""


@dataclass(frozen=True)
class Entry:
    """One hazard of the ledger, on the as-of date."""

    unit: str
    """The unit's code, else its name."""
    subject: str
    """The unit's name (its latest record's)."""
    region: str | None
    """The unit's region, if stated."""
    industry: str | None
    """The unit's industry id, if stated."""
    standard: str
    """The standard of the record that last showed it (`ID@VERSION`)."""
    finding: str
    """The finding id (stable across the unit's records)."""
    text: str
    """What was found (as last recorded)."""
    level: str
    """general or major."""
    item: str | None
    """The item id it belongs to."""
    item_ref: str
    """The item as the paper numbers it (五、13) when the standard says, else the item id."""
    owner: str | None
    """Who rectifies it."""
    due: dt.date | None
    """The rectification deadline (the latest record's)."""
    first_seen: dt.date
    """The inspection date of the first record showing it (发现)."""
    last_seen: dt.date
    """The inspection date of the last record showing it."""
    status: str
    """Its state on the as-of date: a key of STATES."""
    closed_on: dt.date | None
    """When it was closed (销号), for closed ones."""
    days_overdue: int | None
    """Days past the deadline on the as-of date, for overdue ones."""
    supervised: bool
    """挂牌督办: a major hazard not yet closed."""
    days_to_close: int | None
    """Days from first seen to closed, for closed ones."""
    history: tuple[Sighting, ...]
    """Every record that showed it, in date order."""
    path: str
    """The file of the record that last showed it."""
    major: MajorFacts | None = None
    """A 重大隐患's clause, 五落实, 治理方案, 验收 and 挂牌督办 (as last recorded)."""
    unaccepted: bool = False
    """A 重大事故隐患 a record marks closed without a passed 验收: the ledger keeps it open."""
    standard_title: str = ""
    """The standard as people name it (its title), for the documents."""
    named: bool = True
    """False when the id was made from a 自查表 row (R11): documents do not print it."""

    @property
    def open(self) -> bool:
        """The owner still has to rectify it."""
        return self.status in OPEN_STATES

    @property
    def overdue(self) -> bool:
        """Open and past its deadline on the as-of date."""
        return self.days_overdue is not None


@dataclass(frozen=True)
class Closure:
    """闭环 figures of one unit, region or industry."""

    scope: str
    """unit, region or industry."""
    key: str
    """The unit's code, the region, or the industry id ("" when not stated)."""
    name: str
    """The unit's name, the region or the industry's name."""
    findings: int
    """Hazards in all."""
    closed: int
    """Closed (已销号)."""
    open: int
    """Still to rectify (open, in progress, overdue or dropped)."""
    rectified: int
    """Rectified, awaiting re-check."""
    overdue: int
    """Open and past the deadline."""
    supervised: int
    """Major hazards not yet closed (挂牌督办)."""
    closure_rate: float | None
    """闭环率: closed ÷ all, in % (one decimal), None without hazards."""
    mean_days_to_close: float | None
    """Average days from first seen to closed (one decimal), None when none closed."""


@dataclass
class Ledger:
    """The 隐患台账 on one date."""

    as_of: dt.date
    """The date states and overdue days are judged on."""
    entries: Sequence[Entry]
    """Hazards, by standard, unit, first seen and id (read from a spool each time: never held
    whole)."""
    closure: Sequence[Closure]
    """闭环 figures per unit, then per region, then per industry (made when first read)."""
    lang: str = "zh"
    """Language of the rendered labels."""
    invalid: list[InvalidRecord] = field(default_factory=list)
    """Records left out."""
    sources: Sequence[str] = field(default_factory=list)
    """Files the ledger was built from (outputs never replace them; read again each time)."""
    filters: dict[str, Any] = field(default_factory=dict)
    """The filters applied to `entries` (open, overdue, level, unit), for the header."""
    expired: list[tuple[str, str, str, str, dt.date]] = field(default_factory=list)
    """Exceptions past their end date in each unit's latest record: unit name, standard ref,
    item, kind, and the day they stopped applying (their items are scored as answered)."""

    def refusals(self) -> list[Entry]:
        """重大事故隐患 a record marks closed without a passed 验收 (kept open: named on stderr)."""
        return [e for e in self.entries if e.unaccepted]


def natural(value: str) -> tuple[Any, ...]:
    """Sort key putting F2 before F10."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", value))


def paper_ref(numbers: Mapping[str, str] | None, item_id: str | None) -> str:
    """The item as the paper numbers it (`五、6`, from `numbering.paper_numbers`), else its id."""
    if item_id is None:
        return ""
    return (numbers or {}).get(item_id, item_id)


def _percent(value: Fraction) -> float:
    return float(round_half_up(100 * value))


def follow(
    records: Iterable[RecordFindings | Packed],
    as_of: dt.date,
    *,
    standards: Callable[[str], Standard] | None = None,
    lang: str = "zh",
) -> Ledger:
    """Follow every finding across its unit's records and judge it on `as_of`.

    `records` come in a stable order (e.g. by path); of one unit, two records of one date are
    taken in that order. `standards(ref)` gives the paper numbering of items when known.
    """
    # a unit's records are read together: spooled by unit, date and arrival (flat memory)
    spool = Spool(limit=SPOOL_LIMIT)
    paths = 0
    for n, rec in enumerate(records):
        spool.add((rec.key, rec.date, n), rec)
        paths += bool(rec.path)
    sources = Lazy(lambda: (rec.path for rec in spool.values() if rec.path), paths)
    known: dict[str, dict[str, str]] = {}

    def numbers(ref: str) -> dict[str, str]:
        """The paper numbers of a standard's items, once per standard."""
        if ref not in known:
            try:
                known[ref] = paper_numbers(standards(ref), lang) if standards else {}
            except SafecliError:  # numbering is a nicety: an unknown standard shows item ids
                known[ref] = {}
        return known[ref]

    titles: dict[str, str] = {}

    def title(ref: str) -> str:
        """The standard as people name it (its title), once per standard; its ref if unknown."""
        if ref not in titles:
            try:
                titles[ref] = standard_title(standards(ref), lang) if standards else ref
            except SafecliError:
                titles[ref] = ref
        return titles[ref]

    entries = Tape(limit=SPOOL_LIMIT)
    expired: list[tuple[str, str, str, str, dt.date]] = []
    for history in _units(spool):
        latest = history[-1]
        expired += [
            (latest.subject, latest.standard, paper_ref(numbers(latest.standard), item), kind, day)
            for item, kind, day in latest.expired
        ]
        seen: dict[str, list[tuple[RecordFindings, FindingResult]]] = {}
        for rec in history:
            for f in rec.findings:
                seen.setdefault(f.id, []).append((rec, f))
        made = [
            _entry(seen[finding_id], latest, as_of, numbers, title)
            for finding_id in sorted(seen, key=natural)
        ]
        # units come in (standard id, unit) order: within one, by first seen and id
        made.sort(key=lambda e: (e.first_seen, natural(e.finding)))
        for e in made:
            entries.add(e)
    listed = Lazy(lambda: iter(entries), entries.count)
    return Ledger(
        as_of=as_of,
        entries=listed,
        closure=deferred(lambda: closure(listed, lang)),
        lang=lang,
        sources=sources,
        expired=expired,
    )


def _units(spool: Spool) -> Iterator[list[RecordFindings]]:
    """Each unit's records (per standard id), by date and arrival; units in key order."""
    group: list[RecordFindings] = []
    last = None
    for (key, *_), rec in spool.sorted():
        if key != last:
            if group:
                yield group
            group, last = [], key
        group.append(rec.record() if isinstance(rec, Packed) else rec)
    if group:
        yield group


def _entry(
    sightings: list[tuple[RecordFindings, FindingResult]],
    latest: RecordFindings,
    as_of: dt.date,
    numbers: Callable[[str], dict[str, str]],
    title: Callable[[str], str] = str,
) -> Entry:
    first_rec, _ = sightings[0]
    last_rec, last = sightings[-1]
    stage = last.stage
    closed_on = None
    facts = last.major
    # a 重大事故隐患 is 销号 only after a passed 验收: without one it awaits it
    unaccepted = (
        stage == "closed" and facts is not None and facts.basis is not None and not facts.accepted
    )
    if unaccepted:
        stage = "rectified"
    if stage == "closed":
        # closed since the last sighting that was not closed: that record's date, or its own
        closing = next(
            rec
            for n, (rec, f) in enumerate(sightings)
            if f.stage == "closed" and all(g.stage == "closed" for _, g in sightings[n:])
        )
        closed_on = last.closed_on or closing.date
        status = "closed"
    elif last_rec is not latest and not unaccepted:
        status = "dropped"
    elif stage == "rectified":
        status = "rectified"
    elif is_overdue(True, last.due, as_of):
        status = "overdue"
    else:
        status = stage
    late = days_overdue(status in OPEN_STATES, last.due, as_of)
    days_to_close = max(0, (closed_on - first_rec.date).days) if closed_on is not None else None
    return Entry(
        unit=latest.unit,
        subject=latest.subject,
        region=latest.region,
        industry=latest.industry,
        standard=last_rec.standard,
        standard_title=title(last_rec.standard),
        finding=last.id,
        named=last.named,
        text=last.text,
        level=last.level,
        item=last.item,
        item_ref=paper_ref(numbers(last_rec.standard), last.item),
        owner=last.owner,
        due=last.due,
        first_seen=first_rec.date,
        last_seen=last_rec.date,
        status=status,
        closed_on=closed_on,
        days_overdue=late,
        supervised=last.level == "major" and status != "closed",
        days_to_close=days_to_close,
        history=tuple(Sighting(rec.date, f.stage, rec.path) for rec, f in sightings),
        path=last_rec.path,
        major=facts,
        unaccepted=unaccepted,
    )


def closure(entries: Sequence[Entry], lang: str = "zh") -> list[Closure]:
    """闭环率 and average days to close per unit, then per region, then per industry."""
    from safecli.model.industries import INDUSTRIES

    out: list[Closure] = []
    groups: dict[str, dict[str, list[Entry]]] = {s: defaultdict(list) for s in SCOPES}
    names: dict[tuple[str, str], str] = {}
    for e in entries:
        groups["unit"][e.unit].append(e)
        names[("unit", e.unit)] = e.subject
        groups["region"][e.region or ""].append(e)
        groups["industry"][e.industry or ""].append(e)
    for scope, group in groups.items():
        for key in sorted(group):
            members = group[key]
            if scope == "unit":
                name = names[(scope, key)]
            elif not key:
                name = UNSTATED.get(lang)
            elif scope == "industry" and key in INDUSTRIES:
                name = INDUSTRIES[key].get(lang)
            else:
                name = key
            closed = [e for e in members if e.status == "closed"]
            days = [e.days_to_close for e in closed if e.days_to_close is not None]
            out.append(
                Closure(
                    scope=scope,
                    key=key,
                    name=name,
                    findings=len(members),
                    closed=len(closed),
                    open=sum(e.open for e in members),
                    rectified=sum(e.status == "rectified" for e in members),
                    overdue=sum(e.overdue for e in members),
                    supervised=sum(e.supervised for e in members),
                    closure_rate=_percent(Fraction(len(closed), len(members))) if members else None,
                    mean_days_to_close=float(round_half_up(Fraction(sum(days), len(days))))
                    if days
                    else None,
                )
            )
    return out


def select(
    ledger: Ledger,
    *,
    open_only: bool = False,
    overdue: bool = False,
    level: str | None = None,
    unit: str | None = None,
) -> Ledger:
    """The ledger narrowed by the filters of `safecli findings`.

    `unit` (a code or a name) and `level` choose the population the 闭环 figures count;
    `open_only` and `overdue` narrow only the hazards listed.
    """
    entries = ledger.entries

    def chosen(e: Entry) -> bool:
        return (level is None or e.level == level) and (unit is None or unit in (e.unit, e.subject))

    def shown(e: Entry) -> bool:
        return (not open_only or e.open) and (not overdue or e.overdue)

    population = (
        entries
        if level is None and unit is None
        else Lazy(lambda: (e for e in entries if chosen(e)))
    )
    listed = (
        population
        if not open_only and not overdue
        else Lazy(lambda: (e for e in population if shown(e)))
    )
    filters = {
        k: v
        for k, v in (("open", open_only), ("overdue", overdue), ("level", level), ("unit", unit))
        if v
    }
    return Ledger(
        as_of=ledger.as_of,
        entries=listed,
        closure=ledger.closure
        if population is entries
        else deferred(lambda: closure(population, ledger.lang)),
        lang=ledger.lang,
        invalid=list(ledger.invalid),
        sources=ledger.sources,
        filters=filters,
        expired=list(ledger.expired),
    )


RECHECK_DAYS = 3
"""Days after the latest deadline (or the notice's date, if later) the 复查 is set for."""


@dataclass(frozen=True)
class Notice:
    """A 整改通知书: one unit's open hazards, their deadlines and owners, and the 复查 date."""

    unit: str
    """The unit's code, else its name."""
    subject: str
    """The unit's name."""
    standard: str
    """The standard its records follow, by its title."""
    date: dt.date
    """The notice's date: the ledger's as-of date."""
    hazards: tuple[Entry, ...]
    """Its open hazards: overdue first, then majors, then by deadline."""
    recheck: dt.date
    """The 复查 date."""

    @property
    def number(self) -> str:
        """The notice's number: the unit and the date (deterministic, unique per unit and day)."""
        return f"{self.unit}-{self.date.strftime('%Y%m%d')}"


def notices(ledger: Ledger, recheck_days: int = RECHECK_DAYS) -> list[Notice]:
    """One 整改通知书 per unit (and standard) with open hazards, in the ledger's unit order."""
    by_unit: dict[tuple[str, str], list[Entry]] = {}
    for e in ledger.entries:
        if e.open:
            by_unit.setdefault((e.standard.partition("@")[0], e.unit), []).append(e)
    out = []
    far = dt.date.max
    for group in by_unit.values():
        hazards = sorted(
            group,
            key=lambda e: (not e.overdue, e.level != "major", e.due or far, natural(e.finding)),
        )
        latest_due = max((e.due for e in hazards if e.due is not None), default=ledger.as_of)
        out.append(
            Notice(
                unit=hazards[0].unit,
                subject=hazards[0].subject,
                standard=hazards[0].standard_title or hazards[0].standard,
                date=ledger.as_of,
                hazards=tuple(hazards),
                recheck=max(latest_due, ledger.as_of) + dt.timedelta(days=recheck_days),
            )
        )
    return out
