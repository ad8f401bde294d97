"""One timeline per document (issue 19, point 2).

Every example plan, with and without a profile, is checked against the invariants a reader relies
on: the plan's date (its 落款) is the reference and nothing is planned before it except the steps
the plan itself completes; one deadline per item wherever the item is listed; a finding already
past its deadline on the plan's date is shown overdue and due at once; the steps keep their order.
And `check`, `summary` and `findings` count the same overdue major hazards on the same date.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from safecli.api import read_record
from safecli.model.deadlines import days_overdue, is_overdue
from safecli.model.profile import Profile
from safecli.model.record import Subject
from safecli.plan.planning import build_plan
from safecli.plan.shape import Plan
from safecli.read.catalog import default_catalog
from safecli.read.records import load_profile
from safecli.render.documents import render
from safecli.score.scoring import assess

ROOT = Path(__file__).resolve().parents[1]
RECORDS = sorted((ROOT / "examples" / "records").glob("*.yaml"))
UNITS = ROOT / "examples" / "units"
UNIT_STANDARDS = {
    "ningbo-precision": "safe-enterprise",
    "hefei-chemical": "safety-integrity-enterprise",
    "chengdu-community": "safe-community",
    "kunming-district": "district-work-plan",
}
D = dt.date


def _subject(unit: str) -> Subject:
    return Subject(**yaml.safe_load((UNITS / f"{unit}.yaml").read_text(encoding="utf-8")))


def check_timeline(plan: Plan) -> None:
    """The invariants of one plan's timeline."""
    signed = plan.signature.date
    # the steps: done ones on the plan's date, the others on or after it, in the source's order
    starts = []
    for phase in plan.phases:
        if phase.done:
            assert phase.start == phase.end == signed, phase.id
            continue
        assert signed <= phase.start <= phase.end, phase.id
        # a deadline-only step's cadence runs from the plan's start to its deadline
        assert all(plan.start <= m.date <= phase.end for m in phase.milestones), phase.id
        starts.append(phase.start)
    assert starts == sorted(starts), "the steps are not in order"
    assert plan.start >= signed and plan.end >= plan.start
    # one deadline per item: the task's wherever the item is listed
    items = {i.id: i for s in plan.sections for i in s.items}
    for item in items.values():
        assert item.deadline >= signed, item.id
    for task in plan.tasks:
        assert task.deadline >= signed, task.item
        assert items[task.item].deadline == task.deadline, task.item
        assert items[task.item].overdue == task.overdue, task.item
        if task.overdue:  # past the finding's deadline: due at once
            assert task.finding_due is not None and task.finding_due < signed
            assert task.deadline == signed
        elif task.finding_due is not None:
            assert task.deadline == task.finding_due
    due = {k.item: k.deadline for k in plan.tasks}
    for fix in plan.rectifications:
        if fix.source == "item":
            assert fix.due == due.get(fix.ref), fix.ref
            assert not fix.overdue
        else:  # a finding keeps its own deadline, and says 逾期 when that is past
            assert fix.overdue == (fix.due is not None and fix.due < signed), fix.ref
        assert fix.due is None or fix.due >= signed or fix.overdue
    for duty in plan.duties:
        assert all(day >= signed for day in duty.dates), duty.item
    assert plan.assess_by is not None and plan.assess_by >= signed


def _record_plan(path: Path, start: dt.date, profile: Profile | None = None) -> Plan:
    loaded = read_record(path)
    standard = loaded.standard
    assessment = assess(standard, loaded.record, loaded.record.inspection.date)
    return build_plan(
        standard,
        loaded.record.subject,
        assessment,
        start,
        record=loaded.record,
        profile=profile,
    )


@pytest.mark.parametrize("start", [D(2026, 1, 1), D(2025, 6, 15)], ids=str)
@pytest.mark.parametrize("record", RECORDS, ids=lambda p: p.stem)
def test_every_example_plan_has_one_timeline(record: Path, start: dt.date) -> None:
    check_timeline(_record_plan(record, start))


@pytest.mark.parametrize("record", RECORDS, ids=lambda p: p.stem)
def test_a_plan_signed_after_its_start_plans_nothing_before_its_date(record: Path) -> None:
    signed = D(2026, 11, 30)
    plan = _record_plan(record, D(2026, 1, 1), Profile(name="某单位", prepared_on=signed))
    assert plan.signature.date == signed and plan.start == signed
    check_timeline(plan)


@pytest.mark.parametrize("unit", UNIT_STANDARDS)
@pytest.mark.parametrize("with_profile", [True, False], ids=["profile", "neutral"])
def test_every_unit_plan_has_one_timeline(unit: str, with_profile: bool) -> None:
    standard = default_catalog().get(UNIT_STANDARDS[unit])
    subject = _subject(unit)
    profile = load_profile(UNITS / f"{unit}.profile.yaml") if with_profile else None
    plan = build_plan(standard, subject, None, D(2026, 3, 1), profile=profile)
    check_timeline(plan)


def test_overdue_findings_read_as_overdue_in_the_plan() -> None:
    record = ROOT / "examples" / "records" / "safe-community-overdue.yaml"
    plan = _record_plan(record, D(2026, 1, 1))
    late = [f for f in plan.rectifications if f.overdue]
    # H1 due 2025-08-31, H2 2025-09-15, H3 2025-12-31: all past on 2026-01-01
    assert [f.ref for f in late] == ["H1", "H2", "H3"]
    assert {k.item for k in plan.tasks if k.overdue} == {"fire.2", "fire.4", "production.4"}
    text = render("plan", plan, "md", "zh")
    # three 整改清单 rows; three tasks, and the same three items in 创建标准
    assert text.count("逾期，立即整改") == 3 and text.count("立即整改（已逾期）") == 6
    # the day before H3's deadline it is not overdue yet, and its task is due on that deadline
    plan = _record_plan(record, D(2025, 12, 30))
    assert [f.ref for f in plan.rectifications if f.overdue] == ["H1", "H2"]
    h3 = next(k for k in plan.tasks if k.item == "production.4")
    assert (h3.overdue, h3.deadline) == (False, D(2025, 12, 31))


def test_a_step_the_plan_completes_is_done_on_its_date() -> None:
    standard = default_catalog().get("safe-community")
    subject = _subject("chengdu-community")
    plan = build_plan(standard, subject, None, D(2026, 3, 1), profile=None)
    done = [p for p in plan.phases if p.done]
    assert [p.id for p in done] == ["unit-plans"]
    text = render("plan", plan, "md", "zh")
    assert "制定实施方案（已于2026年3月1日随本方案完成）" in text
    steps = text[text.index("六、实施步骤") : text.index("七、保障措施")]
    assert "制定本方案" not in steps


def test_the_overdue_rule() -> None:
    due = D(2025, 8, 31)
    assert days_overdue(True, due, D(2025, 9, 1)) == 1
    assert days_overdue(True, due, due) is None  # due today is not late yet
    assert days_overdue(False, due, D(2026, 1, 1)) is None  # rectified or closed
    assert days_overdue(True, None, D(2026, 1, 1)) is None  # no deadline, never late
    assert is_overdue(True, due, D(2025, 9, 1)) and not is_overdue(True, due, due)


@pytest.mark.parametrize("as_of", [D(2025, 9, 1), D(2025, 12, 31), D(2026, 1, 1)], ids=str)
def test_check_summary_and_findings_agree_on_overdue(as_of: dt.date, tmp_path: Path) -> None:
    from safecli.api import findings_ledger
    from safecli.portfolio.config import Config
    from safecli.portfolio.gate import check
    from safecli.portfolio.summary import summary

    folder = tmp_path / "records"
    shutil.copytree(ROOT / "examples" / "records", folder)
    config = Config()
    # each file's overdue major hazards: a sheet's row-made ids are not printed by the
    # documents, so the hazards are counted per file
    gate = Counter(
        Path(f.path).name
        for f in check([folder], config, as_of).failures
        if f.rule == "overdue-major"
    )
    portfolio = summary([folder], config, as_of=as_of)
    summed = Counter(_name(portfolio, r) for r in portfolio.rows["overdue"])
    ledger = findings_ledger([folder], config, as_of=as_of)
    followed = Counter(
        Path(e.path).name for e in ledger.entries if e.overdue and e.level == "major"
    )
    assert gate == summed == followed
    assert sum(gate.values()) == len(portfolio.rows["overdue"])
    if as_of == D(2026, 1, 1):
        assert gate["safe-community-overdue.yaml"] == 2  # H1 and H2; H3 is a general hazard


def _name(portfolio: object, row: dict[str, object]) -> str:
    """The file a summary row of an overdue hazard comes from."""
    units = {u["subject"]: u["path"] for u in portfolio.rows["units"]}  # type: ignore[attr-defined]
    return Path(str(units[row["subject"]])).name
