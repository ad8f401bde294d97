"""What checking a record needs of its standard, worked out once per standard and process.

Every record of a run is checked against one of a handful of standards: the items by id, the
metrics and attestations a record may name, the items whose applicability reads a fact of the
subject, and the names a deduction may be written by depend on the standard alone, so they are
computed on the first record and kept (by identity: a Standard is frozen).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from safecli.model.standard import Item, ItemKind, Standard


@dataclass(frozen=True)
class StandardIndex:
    """A standard's facts for the record checks (`records.record_problems`, `rules`)."""

    items: dict[str, Item]
    """Items by id, in order (the standard's own `item_map`)."""
    item_ids: list[str]
    """Item ids in order (what a suggestion lists)."""
    metrics: frozenset[str]
    """Metric names a record may report: the items' and the veto conditions'."""
    metric_names: list[str]
    """The same, sorted (what a suggestion lists)."""
    attestations: frozenset[str]
    """Attestation ids the grades ask for."""
    attestation_names: list[str]
    """The same, sorted."""
    levels: dict[str, Any]
    """Each grade's attestation rule by id (the last grade's wins, as a dict built in order)."""
    measures: frozenset[str]
    """Ids of the items answered by a metric (`kind: measure`), not by a status."""
    conditional: tuple[Item, ...]
    """Items with `applies_if`, in order: only they can miss a fact of the subject."""
    deduction_names: dict[str, dict[str, str]]
    """For each item with deductions: each way of writing one (id, label, text in Chinese and
    English, without spaces and case-folded) mapped to its id, the first one winning."""


_KNOWN: dict[int, tuple[Standard, StandardIndex]] = {}


def index_of(std: Standard) -> StandardIndex:
    """The standard's index, built on first use and kept while the standard lives."""
    known = _KNOWN.get(id(std))
    if known is not None and known[0] is std:
        return known[1]
    if len(_KNOWN) > 64:  # standards are few; a long run that loads many forgets the old ones
        _KNOWN.clear()
    index = _build(std)
    _KNOWN[id(std)] = (std, index)
    return index


_CONDITION = re.compile(r"^(.+?)的?[，,].*扣")
"""A deduction's text that opens with what is found before a comma (人员配备不足的，每人扣10分)."""


def written_name(text: str) -> str:
    """A deduction's name as compared: no spaces, case-folded."""
    return "".join(text.split()).casefold()


def _build(std: Standard) -> StandardIndex:
    items = std.item_map()
    metrics = {i.metric for i in items.values() if i.metric} | {
        v.when.metric.metric for v in std.vetoes if v.when.metric
    }
    wanted = {rule.id for grade in std.grades for rule in grade.attestations}
    names: dict[str, dict[str, str]] = {}
    for item in items.values():
        if not item.deductions:
            continue
        found: dict[str, str] = {}
        for d in item.deductions:
            for text in (d.id, std.deduction_label(d).zh, d.text.zh, d.text.get("en")):
                found.setdefault(written_name(text), d.id)
        for d in item.deductions:  # a 评分方法's clause by what it finds: 目标未分解(的，每项扣5分)
            condition = _CONDITION.match(d.text.zh)
            if condition:
                found.setdefault(written_name(condition[1]), d.id)
        names[item.id] = found
    return StandardIndex(
        items=items,
        item_ids=list(items),
        metrics=frozenset(metrics),
        metric_names=sorted(metrics),
        attestations=frozenset(wanted),
        attestation_names=sorted(wanted),
        levels={rule.id: rule for grade in std.grades for rule in grade.attestations},
        measures=frozenset(i.id for i in items.values() if i.kind is ItemKind.measure),
        conditional=tuple(item for item in items.values() if item.applies_if is not None),
        deduction_names=names,
    )
