"""The memo of item scores (`score/items.py`) never changes an assessment.

A compiled standard keeps each item's result per answer and hands it to every later record
that gives the same answer. Scored after many other records (the memo full of their answers)
or by a fresh copy of the standard (an empty memo), a record's assessment is the same, down
to the type of each value (`5` is not `5.0`) and every reason written out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safecli.model.record import Record
from safecli.model.standard import ItemKind, Standard
from safecli.read.catalog import Catalog
from safecli.score.items import (
    MEMO_LIMIT,
    Slot,
    score_one,
    score_section,
    score_slot,
    section_slots,
)
from safecli.score.results import Assessment, ItemResult
from safecli.score.scoring import assess

FIXTURES = Path(__file__).parent / "fixtures"
CATALOG = Catalog([FIXTURES / "standards"])
STANDARDS = [
    CATALOG.get("mini@1"),
    CATALOG.get("safe-enterprise@2013"),
    CATALOG.get("safe-community@2019"),
]

VALUES = st.one_of(
    st.integers(0, 150),
    st.floats(0, 150, allow_nan=False),
    st.sampled_from([0, 0.0, 5, 5.0, 97.5, 100, 100.0, 0.1, 0.30000000000000004]),
)
"""Metric values, with the ints and floats that are equal but written differently."""


@st.composite
def records(draw: st.DrawFn, std: Standard) -> Record:
    responses: dict[str, object] = {}
    metrics: dict[str, object] = {}
    for item in std.items():
        if item.kind is ItemKind.measure:
            choice = draw(st.sampled_from(["value", "value", "na", "na-reason", None]))
            if choice == "value":
                metrics[item.metric] = draw(VALUES)
            elif choice == "na":
                responses[item.id] = "na"
            elif choice == "na-reason":
                responses[item.id] = {"status": "na", "na_reason": draw(st.sampled_from("甲乙"))}
            continue
        choice = draw(
            st.sampled_from(
                ["met", "partial", "unmet", "na", "na-reason", "score", "alone", "deduct", None]
            )
        )
        if choice is None:
            continue
        if choice == "score":
            score = draw(st.integers(0, int(item.points)))
            responses[item.id] = {
                "status": "partial",
                "score": draw(st.sampled_from([score, float(score)])),
            }
        elif choice == "alone":
            responses[item.id] = {"score": draw(st.integers(0, int(item.points)))}
        elif choice == "na-reason":
            responses[item.id] = {"status": "na", "na_reason": draw(st.sampled_from("甲乙"))}
        elif choice == "deduct" and item.deductions:
            responses[item.id] = {
                "deductions": {d.id: draw(st.integers(0, 3)) for d in item.deductions}
            }
        elif choice != "deduct":
            responses[item.id] = choice
    return Record.model_validate(
        {
            "standard": std.ref,
            "subject": {
                "kind": std.subject.value,
                "name": "测试",
                "employees": draw(st.sampled_from([None, 20, 120, 300, 5000])),
            },
            "inspection": {"date": dt.date(2025, 6, 30)},
            "responses": responses,
            "metrics": metrics,
        }
    )


def _item(r: ItemResult) -> tuple[Any, ...]:
    plain = tuple(repr(getattr(r, f.name)) for f in dataclasses.fields(r) if f.name != "why")
    return (*plain, r.reason.zh, r.reason.get("en"))


def _whole(a: Assessment) -> tuple[Any, ...]:
    rest = tuple(
        repr(getattr(a, f.name)) for f in dataclasses.fields(a) if f.name not in ("items",)
    )
    return (rest, [_item(r) for r in a.items])


@st.composite
def batches(draw: st.DrawFn) -> tuple[Standard, list[Record]]:
    std = draw(st.sampled_from(STANDARDS))
    return std, draw(st.lists(records(std), min_size=2, max_size=6))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches())
def test_a_warm_memo_gives_what_an_empty_one_gives(batch: tuple[Standard, list[Record]]) -> None:
    std, found = batch
    warm = std.model_copy()  # its own compiled plan: a memo that starts empty
    for record in found:
        assess(warm, record)  # every record's answers, remembered
    for record in found:
        cold = std.model_copy()
        assert _whole(assess(warm, record)) == _whole(assess(cold, record))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches())
def test_each_slot_answers_as_score_one(batch: tuple[Standard, list[Record]]) -> None:
    std, found = batch
    slots = [Slot(item, section.id) for section in std.sections for item in section.items]
    for record in found * 2:  # the second time round, from the memo
        for slot in slots:
            earned, result, extra, applicable = score_slot(
                slot,
                record.responses.get(slot.id),
                record.metrics.get(slot.metric) if slot.metric else None,
                record.subject,
            )
            expected = score_one(slot.plan, slot.item, record, slot.section)
            assert (repr(earned), _item(result), repr(extra)) == (
                repr(expected[0]),
                _item(expected[1]),
                repr(expected[2]),
            )
            assert applicable is expected[1].applicable


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches())
def test_each_section_answers_as_score_one(batch: tuple[Standard, list[Record]]) -> None:
    """A section's items, the plain ones looked up by the identity of their Response and the
    measures by value, are what `score_one` gives, with what counts in the sums."""
    std, found = batch
    walks = [
        (section, section_slots(tuple(Slot(item, section.id) for item in section.items)))
        for section in std.sections
    ]
    for record in found * 2:  # the second time round, from the memos
        for section, walk in walks:
            got = score_section(walk, record.responses.get, record.metrics.get, record.subject)
            for (earned, result, extra, points, missing), item in zip(
                got, section.items, strict=True
            ):
                slot = next(s for s in walk[0] if s.id == item.id)
                expected = score_one(slot.plan, item, record, section.id)
                counts = expected[1].applicable
                assert (repr(earned), _item(result), repr(extra)) == (
                    repr(expected[0] if counts else 0),
                    _item(expected[1]),
                    repr(expected[2] if counts else 0),
                )
                assert points == (slot.points_u if counts else 0)
                assert missing == (item.id if expected[1].status == "unanswered" else "")


def test_the_memo_is_bounded() -> None:
    std = STANDARDS[1]
    measure = next(i for i in std.items() if i.kind is ItemKind.measure)
    slot = Slot(measure, "s")
    record = Record.model_validate(
        {
            "standard": std.ref,
            "subject": {"kind": std.subject.value, "name": "测试"},
            "inspection": {"date": dt.date(2025, 6, 30)},
        }
    )
    for n in range(2000):
        got = score_slot(slot, None, n / 7, record.subject)
        assert got[1].value == n / 7
    assert len(slot.memo) == MEMO_LIMIT
