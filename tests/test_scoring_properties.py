"""Properties of the scoring that must hold for every record (hypothesis)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from safecli.model.record import Record
from safecli.model.standard import ItemKind, Standard
from safecli.read.catalog import Catalog
from safecli.score.scoring import assess

FIXTURES = Path(__file__).parent / "fixtures"
CATALOG = Catalog([FIXTURES / "standards"])
STANDARDS = [
    CATALOG.get("mini@1"),
    CATALOG.get("safe-enterprise@2013"),
    CATALOG.get("safe-community@2019"),
]


@st.composite
def records(draw: st.DrawFn) -> tuple[Standard, Record]:
    std = draw(st.sampled_from(STANDARDS))
    responses: dict[str, object] = {}
    metrics: dict[str, float] = {}
    for item in std.items():
        if item.kind is ItemKind.measure:
            if draw(st.booleans()):
                metrics[item.metric] = draw(st.integers(0, 150))
            elif draw(st.booleans()):
                responses[item.id] = "na"
            continue
        choice = draw(st.sampled_from(["met", "partial", "unmet", "na", "score", "deduct", None]))
        if choice is None:
            continue
        if choice == "score":
            responses[item.id] = {
                "status": "partial",
                "score": draw(st.integers(0, int(item.points))),
            }
        elif choice == "deduct" and item.deductions:
            responses[item.id] = {
                "deductions": {d.id: draw(st.integers(0, 3)) for d in item.deductions}
            }
        elif choice != "deduct":
            responses[item.id] = choice
    kind = std.subject.value
    record = Record.model_validate(
        {
            "standard": std.ref,
            "subject": {
                "kind": kind,
                "name": "测试",
                "employees": draw(st.sampled_from([None, 20, 120, 300, 5000])),
            },
            "inspection": {"date": dt.date(2025, 6, 30)},
            "responses": responses,
            "metrics": metrics,
        }
    )
    return std, record


def _with(record: Record, **changes: object) -> Record:
    return Record.model_validate({**record.model_dump(), **changes})


@settings(max_examples=150, deadline=None)
@given(records())
def test_total_stays_within_0_and_100(case: tuple[Standard, Record]) -> None:
    std, record = case
    result = assess(std, record)
    assert 0 <= result.total <= 100
    for section in result.sections:
        assert section.rate is None or 0 <= section.rate <= 100


@settings(max_examples=150, deadline=None)
@given(records(), st.data())
def test_answering_met_never_lowers_the_total_or_grade(
    case: tuple[Standard, Record], data: st.DataObject
) -> None:
    std, record = case
    item = data.draw(st.sampled_from(std.items()))
    before = assess(std, record)
    if item.kind is ItemKind.measure:
        assert item.target is not None
        metrics = {**record.metrics, item.metric: item.target}
        responses = {k: v for k, v in record.responses.items() if k != item.id}
        improved = _with(record, metrics=metrics, responses=responses)
    else:
        improved = _with(
            record, responses={**record.model_dump()["responses"], item.id: {"status": "met"}}
        )
    after = assess(std, improved)
    assert after.total >= before.total
    order = [g.id for g in std.grades]
    assert order.index(after.grade.id) <= order.index(before.grade.id)


@settings(max_examples=100, deadline=None)
@given(records(), st.randoms(use_true_random=False))
def test_order_of_responses_changes_nothing(case: tuple[Standard, Record], rnd) -> None:
    std, record = case
    pairs = list(record.model_dump()["responses"].items())
    rnd.shuffle(pairs)
    shuffled = _with(record, responses=dict(pairs))
    assert assess(std, shuffled) == assess(std, record)
