"""What changed between two records of one unit: total, grade, items, findings."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from safecli.model.errors import InvalidFile, Problem, SafecliError, UsageError
from safecli.model.neutralise import log_line
from safecli.model.numbering import paper_numbers
from safecli.model.standard import Standard
from safecli.model.values import name_key
from safecli.model.vocabulary import FINDING_LEVELS, STATUSES
from safecli.model.wording import problem
from safecli.read.catalog import Catalog
from safecli.read.records import read_record
from safecli.score.arithmetic import exact, round_half_up
from safecli.score.results import Assessment, ItemResult
from safecli.score.scoring import assess


@dataclass(frozen=True)
class ItemChange:
    """An item whose result changed."""

    id: str
    """The item id."""
    old_status: str
    """Its status in the old record (met, partial, unmet, na, unanswered)."""
    new_status: str
    """Its status in the new record."""
    old_earned: float
    """Points earned before."""
    new_earned: float
    """Points earned now."""
    points: float
    """The item's points."""


@dataclass(frozen=True)
class FindingChange:
    """A finding closed since the old record, or new in the new one."""

    id: str
    """Finding id."""
    text: str
    """What was found."""
    level: str
    """general or major."""
    item: str | None
    """The item it belongs to."""
    due: str | None
    """Rectification deadline (YYYY-MM-DD)."""


@dataclass
class ExceptionChange:
    """An exception (空项, 豁免) added, removed or expired between two records."""

    item: str
    """The item id."""
    kind: str
    """na (空项) or waiver (豁免)."""
    until: str
    """Its last day (ISO date)."""
    state: str
    """in-force, expired or pending, as NEW's date judges it (OLD's for a removed one)."""


@dataclass(frozen=True)
class Diff:
    """The changes from OLD to NEW."""

    standard: str
    """The new record's `ID@VERSION`."""
    subject: str
    """The unit's name (the new record's)."""
    old_date: dt.date
    """The old record's inspection date."""
    new_date: dt.date
    """The new record's inspection date."""
    old_total: float
    """The old total."""
    new_total: float
    """The new total."""
    change: float
    """new − old, one decimal."""
    old_grade: str
    """The old grade id."""
    new_grade: str
    """The new grade id."""
    grade_move: str
    """up, down or same (in the standard's grade order)."""
    improved: list[ItemChange] = field(default_factory=list)
    """Items that earn a larger share of their points (or now apply and are met)."""
    regressed: list[ItemChange] = field(default_factory=list)
    """Items that earn a smaller share of their points."""
    unit: str = ""
    """The unit's code (its name when it has none), the same on both sides."""
    as_of: dt.date | None = None
    """The date NEW's overdue findings were judged on (NEW's inspection date by default)."""
    findings_closed: list[FindingChange] = field(default_factory=list)
    """Findings open in OLD that are rectified or closed in NEW."""
    findings_dropped: list[FindingChange] = field(default_factory=list)
    """Findings open in OLD that NEW no longer lists although it never closed them."""
    findings_new: list[FindingChange] = field(default_factory=list)
    """Findings open in NEW that OLD did not list."""
    findings_carried: list[FindingChange] = field(default_factory=list)
    """Findings open in both."""
    findings_newly_overdue: list[FindingChange] = field(default_factory=list)
    """Findings open and overdue in NEW that were not overdue in OLD (or not in it)."""
    grade_labels: dict[str, str] = field(default_factory=dict)
    """Grade id → its Chinese label (the zh text shows labels; the JSON keeps the ids)."""
    item_numbers: dict[str, str] = field(default_factory=dict)
    """Item id → its number on paper (五、13), for the zh text."""
    exceptions_added: list[ExceptionChange] = field(default_factory=list)
    """Exceptions NEW states that OLD did not (a renewal is one removed and one added)."""
    exceptions_removed: list[ExceptionChange] = field(default_factory=list)
    """Exceptions OLD stated that NEW no longer does."""
    exceptions_expired: list[ExceptionChange] = field(default_factory=list)
    """Exceptions of NEW past their end date on NEW's date judged by."""


def _rate(r: ItemResult) -> Any:
    if not (r.applicable and r.points):
        return None
    return Fraction(exact(r.earned)) / Fraction(exact(r.points))


def diff(old: Assessment, new: Assessment, standard: Standard | None = None) -> Diff:
    """Compare two assessments of records of the same standard id.

    An item counts as improved (regressed) when the share of its points it earns rose (fell);
    an item that applies on one side only is compared as 0 earned on the other.
    """
    old_id, new_id = old.standard.partition("@")[0], new.standard.partition("@")[0]
    if old_id != new_id:
        raise UsageError(
            problem(
                "safecli diff",
                code="diff-standards",
                hint="hint-same-standard",
                old=old.standard,
                new=new.standard,
            )
        )
    old_unit, new_unit = unit_of(old), unit_of(new)
    if old_unit != new_unit:
        raise UsageError(
            problem(
                "safecli diff",
                code="diff-units",
                hint="hint-same-unit",
                old=old_unit,
                old_name=old.subject.name,
                new=new_unit,
                new_name=new.subject.name,
            )
        )
    order = [g.id for g in standard.grades] if standard is not None else []
    if old.grade.id == new.grade.id:
        move = "same"
    elif old.grade.id in order and new.grade.id in order:
        move = "up" if order.index(new.grade.id) < order.index(old.grade.id) else "down"
    else:
        move = "changed"
    before = {r.id: r for r in old.items}
    improved, regressed = [], []
    for r in new.items:
        o = before.get(r.id)
        if o is None:
            continue
        a, b = _rate(o), _rate(r)
        if a is None and b is None:
            continue
        a, b = a if a is not None else 0, b if b is not None else 0
        if a == b and o.status == r.status:
            continue
        change = ItemChange(r.id, o.status, r.status, o.earned, r.earned, r.points)
        if b > a:
            improved.append(change)
        elif b < a:
            regressed.append(change)
    old_open = {f.id: f for f in old.findings if f.status == "open"}
    new_open = {f.id: f for f in new.findings if f.status == "open"}
    new_ids = {f.id for f in new.findings}

    def finding(f: Any) -> FindingChange:
        return FindingChange(f.id, f.text, f.level, f.item, f.due.isoformat() if f.due else None)

    def excepted(e: Any) -> ExceptionChange:
        return ExceptionChange(e.item, e.kind, e.until.isoformat(), e.state)

    def key(e: Any) -> tuple[str, str, Any]:
        return (e.item, e.kind, e.until)

    old_ex = {key(e) for e in old.exceptions}
    new_ex = {key(e) for e in new.exceptions}

    return Diff(
        standard=new.standard,
        subject=new.subject.name,
        old_date=old.inspection_date,
        new_date=new.inspection_date,
        old_total=old.total,
        new_total=new.total,
        change=float(round_half_up(Fraction(exact(new.total)) - Fraction(exact(old.total)))),
        old_grade=old.grade.id,
        new_grade=new.grade.id,
        grade_move=move,
        grade_labels={g.id: g.label.zh for g in standard.grades} if standard is not None else {},
        item_numbers=paper_numbers(standard) if standard is not None else {},
        improved=improved,
        regressed=regressed,
        unit=new_unit,
        as_of=new.as_of,
        findings_closed=[
            finding(f) for i, f in old_open.items() if i not in new_open and i in new_ids
        ],
        findings_dropped=[finding(f) for i, f in old_open.items() if i not in new_ids],
        findings_new=[finding(f) for i, f in new_open.items() if i not in old_open],
        findings_carried=[finding(f) for i, f in new_open.items() if i in old_open],
        findings_newly_overdue=[
            finding(f)
            for i, f in new_open.items()
            if f.overdue and not (i in old_open and old_open[i].overdue)
        ],
        exceptions_added=[excepted(e) for e in new.exceptions if key(e) not in old_ex],
        exceptions_removed=[excepted(e) for e in old.exceptions if key(e) not in new_ex],
        exceptions_expired=[excepted(e) for e in new.exceptions if e.state == "expired"],
    )


def unit_of(a: Assessment) -> str:
    """A unit is its code when it has one, else its name."""
    return name_key(a.subject.id or a.subject.name)


def diff_files(
    old: Path | str, new: Path | str, *, catalog: Catalog, as_of: dt.date | None = None
) -> Diff:
    """Read, score and compare two record files (`safecli diff OLD NEW`).

    UsageError when they are records of two standards or of two units.
    """
    loaded = []
    problems: list[Problem] = []
    for path in (old, new):
        try:
            loaded.append(read_record(path, catalog))
        except SafecliError as error:
            problems.extend(error.problems)
    if problems:
        raise InvalidFile(problems)
    (old_rec, old_std, _), (new_rec, new_std, _) = loaded
    # OLD as it stood on its own inspection day; NEW on `as_of` (its own day by default), so
    # "newly overdue" means overdue now and not yet at the earlier inspection
    return diff(assess(old_std, old_rec), assess(new_std, new_rec, as_of), new_std)


def diff_dict(d: Diff) -> dict[str, Any]:
    """The JSON of `safecli diff`."""
    data = asdict(d)
    del data["grade_labels"], data["item_numbers"]  # words for the text, not data
    data["old_date"] = d.old_date.isoformat()
    data["new_date"] = d.new_date.isoformat()
    data["as_of"] = d.as_of.isoformat() if d.as_of else None
    return data


L = {
    "zh": {
        "head": "{subject}（{unit}，{standard}）：{old_date} → {new_date}",
        "total": "总分：{old:.1f} → {new:.1f}（{change:+.1f}）",
        "grade": "等级：{old} → {new}（{move}）",
        "up": "上升",
        "down": "下降",
        "same": "不变",
        "changed": "变化",
        "improved": "进步的条款",
        "regressed": "退步的条款",
        "as_of": "判定日期 {as_of}（逾期按此日期判断）",
        "closed": "已整改或销号的隐患",
        "dropped": "未销号即从新记录中消失的隐患",
        "new": "新增隐患",
        "carried": "延续未整改的隐患",
        "newly_overdue": "新近逾期的隐患",
        "exceptions_added": "新增的例外（空项、豁免）",
        "exceptions_removed": "撤销的例外",
        "exceptions_expired": "已过期的例外",
        "until": "有效期至",
        "none": "无",
    },
    "en": {
        "head": "{subject} ({unit}, {standard}): {old_date} → {new_date}",
        "total": "total: {old:.1f} → {new:.1f} ({change:+.1f})",
        "grade": "grade: {old} → {new} ({move})",
        "up": "up",
        "down": "down",
        "same": "same",
        "changed": "changed",
        "improved": "items improved",
        "regressed": "items regressed",
        "as_of": "as of {as_of} (overdue judged on this date)",
        "closed": "findings rectified or closed",
        "dropped": "findings gone from NEW without being closed",
        "new": "findings new",
        "carried": "findings carried over, still open",
        "newly_overdue": "findings newly overdue",
        "exceptions_added": "exceptions added",
        "exceptions_removed": "exceptions removed",
        "exceptions_expired": "exceptions expired",
        "until": "until",
        "none": "none",
    },
}


def diff_text(d: Diff, lang: str = "zh") -> str:
    """The diff as plain lines (in zh: grade labels, paper numbers and status words for ids)."""
    t = L[lang]
    zh = lang == "zh"

    def grade(g: str) -> str:
        return d.grade_labels.get(g, g) if zh else g

    def item(i: str) -> str:
        return d.item_numbers.get(i, i) if zh else i

    def status(s: str) -> str:
        return STATUSES.label(s, "zh") if zh else s

    def level(v: str) -> str:
        return FINDING_LEVELS.label(v, "zh") if zh else v

    out = [
        t["head"].format(
            subject=d.subject,
            unit=d.unit,
            standard=d.standard,
            old_date=d.old_date,
            new_date=d.new_date,
        ),
        t["total"].format(old=d.old_total, new=d.new_total, change=d.change),
        t["grade"].format(old=grade(d.old_grade), new=grade(d.new_grade), move=t[d.grade_move]),
    ]
    if d.as_of is not None:
        out.insert(1, t["as_of"].format(as_of=d.as_of.isoformat()))
    colon, gap = ("：", "") if zh else (":", " ")
    lb, rb = ("【", "】") if zh else ("[", "] ")

    def due(f: Any) -> str:
        return "" if not f.due else f"（{f.due}）" if zh else f" ({f.due})"

    for key, changes in (("improved", d.improved), ("regressed", d.regressed)):
        out.append(f"{t[key]}{colon}" + ("" if changes else f"{gap}{t['none']}"))
        out += [
            f"  {item(c.id)}{colon}{gap}{status(c.old_status)} {c.old_earned:g} → "
            f"{status(c.new_status)} {c.new_earned:g} "
            f"/ {c.points:g}"
            for c in changes
        ]
    for key, findings in (
        ("closed", d.findings_closed),
        ("dropped", d.findings_dropped),
        ("new", d.findings_new),
        ("carried", d.findings_carried),
        ("newly_overdue", d.findings_newly_overdue),
    ):
        out.append(f"{t[key]}{colon}" + ("" if findings else f"{gap}{t['none']}"))
        out += [f"  {f.id}{gap}{lb}{level(f.level)}{rb}{f.text}{due(f)}" for f in findings]
    kinds = {"na": "空项", "waiver": "豁免"} if zh else {"na": "not applicable", "waiver": "waiver"}
    sections = (
        ("exceptions_added", d.exceptions_added),
        ("exceptions_removed", d.exceptions_removed),
        ("exceptions_expired", d.exceptions_expired),
    )
    if any(changes for _, changes in sections):  # records without exceptions keep their lines
        for key, changes in sections:
            out.append(f"{t[key]}{colon}" + ("" if changes else f"{gap}{t['none']}"))
            out += [
                f"  {item(c.item)}{gap}{lb}{kinds[c.kind]}{rb}{t['until']} {c.until}"
                for c in changes
            ]
    # record text must not start a line a CI runner obeys, nor reach a terminal as escapes
    return "\n".join(log_line(line) for line in out) + "\n"


def render_diff(d: Diff, fmt: str, lang: str = "zh") -> str:
    """text or json."""
    if fmt == "json":
        return json.dumps(diff_dict(d), ensure_ascii=False, indent=2) + "\n"
    return diff_text(d, lang)
