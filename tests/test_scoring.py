"""Hand-computed scores of the mini standard (tests/fixtures/standards/mini.yaml).

mini has 20 points: a.1 (4), a.2 (4), a.3 (3, deductions sign 1 / log 2), a.4 (2, only for
300+ employees), b.1 (4, measure inspections >= 40, proportional), b.2 (3, veto item).
Grades: top >= 90 requiring a.1, mid >= 70, low. Vetoes: fatal -> mid, larger -> low (flag),
overdue-major -> mid, resisted -> low.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safecli.cli.app import app
from safecli.model.labels import IncidentClass
from safecli.read.catalog import Catalog
from safecli.read.records import read_record
from safecli.score.arithmetic import round_half_up
from safecli.score.incidents import classify, months_before
from safecli.score.scoring import assess

FIXTURES = Path(__file__).parent / "fixtures"
RECORDS = FIXTURES / "records"
CATALOG = Catalog([FIXTURES / "standards"])

# name: (total, grade, grade before veto, fired rules, unanswered)
EXPECTED = {
    # 4+4+3+2+4+3 = 20 of 20
    "mini-all-met": (100.0, "top", "top", [], []),
    # a.2 partial, no score: half of 4 = 2; inspections 45 caps at 4 -> 18/20 = 90.0
    "mini-partial-half": (90.0, "top", "top", [], []),
    # 100 staff: a.4 not applicable (18 points); a.2 score 3; a.3: 3 - 1x1 - 2x2 -> 0, not -2;
    # b.1: 4 x 30/40 = 3 -> 4+3+0+3+3 = 13/18 = 72.22 -> 72.2
    "mini-score-deduct-proportional": (72.2, "mid", "mid", [], []),
    # a.2 na leaves both sums (16 points); a.3 3 - 1 = 2 -> 4+2+2+4+3 = 15/16 = 93.75 -> 93.8
    "mini-na": (93.8, "top", "top", [], []),
    # a.2, a.4 unanswered, b.1 metric missing: 4+3+3 = 10/20 = 50.0
    "mini-unanswered": (50.0, "low", "low", [], ["a.2", "a.4", "b.1"]),
    # a.1 partial 3.5 -> 19.5/20 = 97.5 but top requires a.1 met
    "mini-requires-blocks": (97.5, "mid", "mid", [], []),
    # a.2 partial 1.99 -> 17.99/20 = 89.95 exactly -> 90.0 (half up), which reaches top
    "mini-rounding": (90.0, "top", "top", [], []),
    # fatality on 2024-05-10, exactly 12 months before the inspection: inside the window
    "mini-incident-inside": (100.0, "mid", "top", ["fatal"], []),
    # 2024-05-09 is before the window, 2025-05-11 after the inspection: no veto
    "mini-incident-outside": (100.0, "top", "top", [], []),
    # 3 deaths: fatal (mid) and larger (low, blacklist) fire; resisted (low) too -> low
    "mini-two-vetoes": (100.0, "low", "top", ["fatal", "larger", "resisted"], []),
    # b.2 is a veto item: unmet -> 17/20 = 85.0 (mid) capped at the lowest grade
    "mini-veto-item": (85.0, "low", "mid", ["item:b.2"], []),
    # F1 major, due 2025-04-01, open on 2025-05-10 -> overdue -> mid
    "mini-overdue-major": (100.0, "mid", "top", ["overdue-major"], []),
}


def _assess(name: str, as_of: dt.date | None = None):
    loaded = read_record(RECORDS / f"{name}.yaml", CATALOG)
    return assess(loaded.standard, loaded.record, as_of)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hand_computed_totals(name: str) -> None:
    total, grade, before, rules, unanswered = EXPECTED[name]
    result = _assess(name)
    assert result.total == total
    assert result.grade.id == grade
    assert result.grade_before_veto.id == before
    assert [r.id for r in result.veto.rules] == rules
    assert result.veto.triggered is bool(rules)
    assert result.unanswered == unanswered


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_json_matches_library(name: str) -> None:
    total, grade, _, rules, unanswered = EXPECTED[name]
    result = CliRunner().invoke(
        app,
        [
            "score",
            str(RECORDS / f"{name}.yaml"),
            "--format",
            "json",
            "--standards-dir",
            str(FIXTURES / "standards"),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["total"] == total
    assert data["grade"]["id"] == grade
    assert [r["id"] for r in data["veto"]["rules"]] == rules
    assert data["unanswered"] == unanswered
    assert {
        "standard",
        "subject",
        "inspection_date",
        "sections",
        "items",
        "findings",
        "incidents",
    } <= set(data)


def test_item_reasons_say_why() -> None:
    result = _assess("mini-score-deduct-proportional")
    a3 = result.item("a.3")
    assert (a3.earned, a3.status) == (0, "unmet")
    assert "never below 0" in a3.reason.get("en")
    b1 = result.item("b.1")
    assert (b1.earned, b1.status, b1.value) == (3, "partial", 30)
    assert "4 × 30/40 = 3" in b1.reason.get("en")
    a4 = result.item("a.4")
    assert (a4.applicable, a4.status) == (False, "na")
    assert "100 employees, fewer than 300" in a4.reason.get("en")
    assert "少于 300 人" in a4.reason.get("zh")


def test_sections_report_their_own_rate() -> None:
    result = _assess("mini-score-deduct-proportional")
    a, b = result.sections
    # a: 4 + 3 + 0 of 4 + 4 + 3 (a.4 not applicable) = 7/11 = 63.64 -> 63.6
    assert (a.earned, a.points, a.rate) == (7, 11, 63.6)
    # b: 3 + 3 of 4 + 3 = 6/7 = 85.71 -> 85.7
    assert (b.earned, b.points, b.rate) == (6, 7, 85.7)


def test_two_vetoes_report_the_flag() -> None:
    result = _assess("mini-two-vetoes")
    flags = [r.flag.zh for r in result.veto.rules if r.flag]
    assert flags == ["黑名单"]
    assert result.incidents[0].incident_class is IncidentClass.larger


def test_overdue_depends_on_as_of() -> None:
    early = _assess("mini-overdue-major", as_of=dt.date(2025, 3, 31))
    assert early.grade.id == "top"
    assert [f.overdue for f in early.findings] == [False, False, False]
    late = _assess("mini-overdue-major", as_of=dt.date(2025, 6, 2))
    assert [f.overdue for f in late.findings] == [True, True, False]
    # the finding's owner wins; else the item's owner (none in mini)
    assert late.findings[0].owner == "设备部"


@pytest.mark.parametrize(
    ("deaths", "injuries", "loss", "expected"),
    [
        (0, 0, 0, IncidentClass.general),
        (2, 9, 9_999_999, IncidentClass.general),
        (3, 0, 0, IncidentClass.larger),
        (9, 0, 0, IncidentClass.larger),
        (0, 10, 0, IncidentClass.larger),
        (0, 49, 0, IncidentClass.larger),
        (0, 0, 10_000_000, IncidentClass.larger),
        (0, 0, 49_999_999.99, IncidentClass.larger),
        (10, 0, 0, IncidentClass.major),
        (29, 0, 0, IncidentClass.major),
        (0, 50, 0, IncidentClass.major),
        (0, 99, 0, IncidentClass.major),
        (0, 0, 50_000_000, IncidentClass.major),
        (0, 0, 99_999_999, IncidentClass.major),
        (30, 0, 0, IncidentClass.especially_major),
        (0, 100, 0, IncidentClass.especially_major),
        (0, 0, 100_000_000, IncidentClass.especially_major),
        (1, 60, 0, IncidentClass.major),  # the higher of the three measures wins
    ],
)
def test_article_3_thresholds(
    deaths: int, injuries: int, loss: float, expected: IncidentClass
) -> None:
    assert classify(deaths, injuries, loss) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(8995, 100), "90.0"),
        (Fraction(8994999, 100000), "89.9"),
        (Fraction(725, 10), "72.5"),
        (Fraction(7225, 100), "72.3"),  # round() would give 72.2 (half to even on binary)
        (Fraction(650, 9), "72.2"),
        (Fraction(0), "0.0"),
    ],
)
def test_round_half_up(value: Fraction, expected: str) -> None:
    assert round_half_up(value) == Decimal(expected)


def test_months_before_clamps_to_month_end() -> None:
    assert months_before(dt.date(2025, 3, 31), 1) == dt.date(2025, 2, 28)
    assert months_before(dt.date(2024, 5, 10), 12) == dt.date(2023, 5, 10)
    assert months_before(dt.date(2025, 1, 15), 13) == dt.date(2023, 12, 15)


def test_a_worded_reason_is_the_text_model_construct_makes() -> None:
    """`bilingual` sets a Text up by hand: the same fields, fields set, equality and dump."""
    import pickle

    from safecli.model.base import Text
    from safecli.score.reasons import bilingual

    for zh, en in [
        ("未评为一级：必备条件 A 未符合", "Not level 1: required A not met"),
        ("甲", None),
    ]:
        fast, slow = bilingual(zh, en), Text.model_construct(zh=zh, en=en)  # type: ignore[arg-type]
        assert fast == slow and slow == fast
        assert fast.__dict__ == slow.__dict__
        assert fast.model_fields_set == slow.model_fields_set
        assert fast.__pydantic_extra__ == slow.__pydantic_extra__
        assert fast.__pydantic_private__ == slow.__pydantic_private__
        assert fast.model_dump() == slow.model_dump()
        assert fast.model_dump(exclude_unset=True) == slow.model_dump(exclude_unset=True)
        assert pickle.loads(pickle.dumps(fast)) == slow
        assert hash(fast) == hash(slow)
        assert fast.get("en") == slow.get("en")


def test_hand_written_constructors_set_each_field_to_its_own_argument() -> None:
    """ItemResult and FindingResult set their slots by position: each field gets its value."""
    import dataclasses

    from safecli.score.results import FindingResult, ItemResult

    for cls in (ItemResult, FindingResult):
        names = [f.name for f in dataclasses.fields(cls)]
        values = {name: f"value of {name}" for name in names}
        made = cls(**values)  # type: ignore[arg-type]
        assert [getattr(made, n) for n in names] == [values[n] for n in names]
        assert cls(*values.values()) == made  # type: ignore[arg-type]
