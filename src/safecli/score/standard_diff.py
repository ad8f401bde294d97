"""Two standards compared: items added, removed, renumbered, reweighed, reworded, rules changed,
grades moved.

Items are matched by content, never by the file or the row they came from: first the same id
with the same text, then the same text under another id (renumbered), then the same id whose
text is still recognisably the same requirement (reworded: at least half of it in common). What
is left is removed (old) and added (new). A matched pair is compared on its points, text, 项目,
评分方法 rules (deductions, 不得分 conditions, 追加扣分; their ids aside) and method text.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from safecli.model.numbering import document_numbers
from safecli.model.record import Record
from safecli.model.standard import Item, Standard

KINDS = (
    "title",
    "added",
    "removed",
    "renumbered",
    "reweighed",
    "reworded",
    "rules",
    "grade-added",
    "grade-removed",
    "grade-moved",
)
"""Every kind of change, in the order they are listed."""
SIMILAR = 0.5
"""The share of text two items with the same id must have in common to count as one item."""


@dataclass(frozen=True)
class Change:
    """One difference between the standards."""

    kind: str
    """One of KINDS."""
    id: str
    """The item (its new id when both sides have it) or grade id; `title` for the title."""
    old_id: str | None = None
    """The item's old id, when renumbered."""
    before: str | None = None
    """What it was (points, text, rules, grade line)."""
    after: str | None = None
    """What it is."""


@dataclass
class StandardDiff:
    """What changed from `old` to `new`."""

    old: str
    new: str
    changes: list[Change] = field(default_factory=list)
    matched: dict[str, str] = field(default_factory=dict)
    """Old item id → new item id, for every item both have (a record's answers move with it)."""
    old_numbers: dict[str, str] = field(default_factory=dict)
    """Old item id → its number in the old standard (标准 五、13), for a person to read."""
    numbers: dict[str, str] = field(default_factory=dict)
    """New item id → its number in the new standard."""
    grade_labels: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    """Grade id → its label (良好, its English if the standard has one), from either standard."""


def _rules(item: Item) -> str:
    parts = [f"{'扣' if d.once else '每次扣'}{d.points:g}分：{d.text.zh}" for d in item.deductions]
    parts += [f"不得分{'并否决' if c.veto else ''}：{c.text.zh}" for c in item.zero_if]
    parts += [f"扣满{e.after:g}分追加扣{e.points:g}分" for e in item.extra]
    return "；".join(sorted(parts))


def _match(old: list[Item], new: list[Item]) -> list[tuple[Item, Item]]:
    pairs: list[tuple[Item, Item]] = []
    left = {i.id: i for i in old}
    right = {i.id: i for i in new}

    def take(a: Item, b: Item) -> None:
        pairs.append((a, b))
        del left[a.id], right[b.id]

    for ident in [i for i in left if i in right]:
        if left[ident].text.zh == right[ident].text.zh:
            take(left[ident], right[ident])
    by_text: dict[str, Item] = {}
    for item in right.values():
        by_text.setdefault(item.text.zh, item)
    for item in list(left.values()):
        twin = by_text.get(item.text.zh)
        if twin is not None and twin.id in right:
            take(item, twin)
    for ident in [i for i in left if i in right]:
        a, b = left[ident], right[ident]
        if difflib.SequenceMatcher(None, a.text.zh, b.text.zh).ratio() >= SIMILAR:
            take(a, b)
    return pairs


def diff_standards(old: Standard, new: Standard) -> StandardDiff:
    """Every change from `old` to `new`, in KINDS order, then in the new standard's item order."""
    out = StandardDiff(old.ref, new.ref)
    out.old_numbers, out.numbers = document_numbers(old), document_numbers(new)
    out.grade_labels = {g.id: (g.label.zh, g.label.en) for g in (*old.grades, *new.grades)}
    changes: list[Change] = []
    if old.title.zh != new.title.zh:
        changes.append(Change("title", "title", None, old.title.zh, new.title.zh))
    pairs = _match(old.items(), new.items())
    out.matched = {a.id: b.id for a, b in pairs}
    gone = {b.id for _, b in pairs}
    kept = {a.id for a, _ in pairs}
    changes += [
        Change("added", i.id, None, None, i.text.zh) for i in new.items() if i.id not in gone
    ]
    changes += [
        Change("removed", i.id, None, i.text.zh, None) for i in old.items() if i.id not in kept
    ]
    for a, b in pairs:
        if a.id != b.id:
            changes.append(Change("renumbered", b.id, a.id, a.id, b.id))
        if a.points != b.points:
            changes.append(Change("reweighed", b.id, a.id, f"{a.points:g}", f"{b.points:g}"))
        if a.text.zh != b.text.zh:
            changes.append(Change("reworded", b.id, a.id, a.text.zh, b.text.zh))
        if _rules(a) != _rules(b) or (a.method and b.method and a.method.zh != b.method.zh):
            before = a.method.zh if a.method else _rules(a)
            after = b.method.zh if b.method else _rules(b)
            changes.append(Change("rules", b.id, a.id, before, after))
    grades_old = {g.id: g for g in old.grades}
    grades_new = {g.id: g for g in new.grades}
    for g in new.grades:
        if g.id not in grades_old:
            changes.append(Change("grade-added", g.id, None, None, f"{g.label.zh} ≥ {g.min:g}"))
        elif grades_old[g.id].min != g.min or grades_old[g.id].requires != g.requires:
            o = grades_old[g.id]
            changes.append(
                Change(
                    "grade-moved",
                    g.id,
                    None,
                    f"{o.label.zh} ≥ {o.min:g}",
                    f"{g.label.zh} ≥ {g.min:g}",
                )
            )
    for g in old.grades:
        if g.id not in grades_new:
            changes.append(Change("grade-removed", g.id, None, f"{g.label.zh} ≥ {g.min:g}", None))
    order = {i.id: n for n, i in enumerate(new.items())}
    rank = {k: n for n, k in enumerate(KINDS)}
    out.changes = sorted(
        changes, key=lambda c: (rank[c.kind], order.get(c.id, len(order)), c.old_id or "")
    )
    return out


def diff_dict(d: StandardDiff) -> dict[str, Any]:
    """The JSON of `standards diff`."""
    return {
        "old": d.old,
        "new": d.new,
        "changes": [
            {"kind": c.kind, "id": c.id, "old_id": c.old_id, "before": c.before, "after": c.after}
            for c in d.changes
        ],
    }


def moved_record(record: Record, d: StandardDiff, new: Standard) -> Record:
    """`record` as a record of `new`: each answer moves to its item's new id, answers to items
    `new` no longer has are dropped (so are their deduction counts and conditions), and the
    record names `new`. Items `new` adds are left unanswered."""
    items = new.item_map()
    responses = {}
    for old_id, response in record.responses.items():
        new_id = d.matched.get(old_id)
        if new_id is None:
            continue
        item = items[new_id]
        keep = {}
        if response.deductions is not None:
            known = {x.id for x in item.deductions}
            keep["deductions"] = {k: n for k, n in response.deductions.items() if k in known}
        if response.zero_if is not None:
            known = {c.id for c in item.zero_if}
            keep["zero_if"] = [c for c in response.zero_if if c in known]
        if response.score is not None and response.score > item.points:
            keep["score"] = item.points
        responses[new_id] = response.model_copy(update=keep)
    findings = [
        f.model_copy(update={"item": d.matched.get(f.item)}) if f.item else f
        for f in record.findings
    ]
    return record.model_copy(
        update={"standard": new.ref, "responses": responses, "findings": findings}
    )
