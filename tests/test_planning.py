"""The dated 实施方案 (planning.build_plan) and what each gap is worth (gaps.gap_values).

Every calendar below is made by hand from the standards' phases and the rules in
docs/documents.md, not by running the code.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from safecli.api import read_record
from safecli.model.base import Period
from safecli.model.labels import Status
from safecli.model.profile import Profile
from safecli.model.record import Incident, Response, Subject
from safecli.plan.calendar import add_months, period_ends
from safecli.plan.planning import build_plan
from safecli.read.catalog import Catalog
from safecli.score.gaps import build_report, gap_values, rectifications
from safecli.score.scoring import assess

D = dt.date
FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "records"
MINI = Catalog([FIXTURES / "standards"])

ENTERPRISE = Subject(kind="enterprise", name="测试企业", employees=320, industry="manufacturing")
SMALL = Subject(kind="enterprise", name="小企业", employees=50, industry="manufacturing")
COMMUNITY = Subject(kind="community", name="测试社区")
DISTRICT = Subject(kind="district", name="测试街道", employees=160)


def phases(plan) -> dict[str, tuple[dt.date, dt.date, list[dt.date]]]:
    return {p.id: (p.start, p.end, [m.date for m in p.milestones]) for p in plan.phases}


def item(plan, item_id: str):
    return next(i for s in plan.sections for i in s.items if i.id == item_id)


def duty(plan, item_id: str):
    return next(d for d in plan.duties if d.item == item_id)


# ---------------------------------------------------------------- calendar arithmetic


def test_add_months_keeps_the_day_or_takes_the_month_end() -> None:
    assert add_months(D(2025, 1, 15), 1) == D(2025, 2, 15)
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2025, 11, 30), 3) == D(2026, 2, 28)


def test_period_ends() -> None:
    assert period_ends(Period.quarter, D(2025, 2, 1), D(2025, 11, 30)) == [
        D(2025, 3, 31),
        D(2025, 6, 30),
        D(2025, 9, 30),
    ]
    assert period_ends(Period.half_year, D(2025, 1, 1), D(2025, 12, 31)) == [
        D(2025, 6, 30),
        D(2025, 12, 31),
    ]
    # Fridays: 2025-01-03 is the first; 2025 has 52 of them
    weeks = period_ends(Period.week, D(2025, 1, 1), D(2025, 12, 31))
    assert weeks[0] == D(2025, 1, 3) and len(weeks) == 52
    assert all(d.weekday() == 4 for d in weeks)
    assert period_ends(Period.month, D(2025, 1, 31), D(2025, 3, 30)) == [
        D(2025, 1, 31),
        D(2025, 2, 28),
    ]
    assert period_ends(Period.year, D(2025, 3, 1), D(2026, 2, 28)) == [D(2025, 12, 31)]
    assert period_ends(Period.month, D(2025, 5, 2), D(2025, 5, 30)) == []


# ---------------------------------------------------------------- hand-made calendars


def test_safe_enterprise_calendar_from_new_year(bundled) -> None:
    plan = build_plan(bundled("safe-enterprise"), ENTERPRISE, None, D(2025, 1, 1))
    assert phases(plan) == {
        "mobilize": (D(2025, 1, 1), D(2025, 1, 31), []),
        # the quarterly assessments: calendar quarter ends inside the implementation phase
        "implement": (
            D(2025, 2, 1),
            D(2025, 11, 30),
            [D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30)],
        ),
        "summarize": (D(2025, 12, 1), D(2025, 12, 31), []),
    }
    assert (plan.start, plan.end, plan.plan_year) == (D(2025, 1, 1), D(2025, 12, 31), 2025)
    # no deadline of its own: the end of the work phase (the longest, 组织实施阶段)
    assert plan.work_phase == "implement"
    assert item(plan, "content.6").deadline == D(2025, 11, 30)
    assert item(plan, "content.6").deadline_rule == "phase:implement"
    weekly = duty(plan, "content.6.weekly")  # 五.6之二: every week
    assert (weekly.first_due, weekly.periods, weekly.count) == (D(2025, 1, 3), 52, 52)
    monthly = duty(plan, "content.20")  # 4 inspections a month
    assert (monthly.first_due, monthly.periods, monthly.count) == (D(2025, 1, 31), 12, 48)
    yearly = duty(plan, "content.5.legal-education")  # twice a year, counted by year end
    assert (yearly.first_due, yearly.count) == (D(2025, 12, 31), 2)


def test_safe_enterprise_calendar_from_mid_march(bundled) -> None:
    plan = build_plan(bundled("safe-enterprise"), ENTERPRISE, None, D(2025, 3, 15))
    assert phases(plan) == {
        "mobilize": (D(2025, 3, 15), D(2025, 4, 14), []),
        "implement": (
            D(2025, 4, 15),
            D(2026, 2, 14),
            [D(2025, 6, 30), D(2025, 9, 30), D(2025, 12, 31)],
        ),
        "summarize": (D(2026, 2, 15), D(2026, 3, 14), []),
    }
    assert duty(plan, "content.20").periods == 12  # 2025-03-31 … 2026-02-28
    assert duty(plan, "content.20").first_due == D(2025, 3, 31)


def test_safety_integrity_calendar(bundled) -> None:
    plan = build_plan(bundled("safety-integrity-enterprise"), ENTERPRISE, None, D(2025, 1, 1))
    assert phases(plan) == {
        "draw-up-lists": (D(2025, 1, 1), D(2025, 3, 31), []),  # 3月底前
        "sign-pledges": (D(2025, 4, 1), D(2025, 4, 15), []),  # 4月15日前
        "make-plans": (D(2025, 1, 1), D(2025, 1, 1), []),  # 制定方案: done with the plan
        "cultivate-assist-rectify": (D(2025, 5, 1), D(2025, 7, 31), []),
        "demonstrate": (D(2025, 7, 1), D(2025, 7, 31), []),
        "accept": (D(2025, 8, 1), D(2025, 10, 31), []),
        "publicize": (D(2025, 11, 1), D(2025, 11, 30), []),
        "award": (D(2025, 12, 1), D(2025, 12, 31), []),  # 年底前
    }
    deadline_only = {p.id for p in plan.phases if p.deadline_only}
    assert deadline_only == {"draw-up-lists", "sign-pledges", "award"}
    assert [p.id for p in plan.phases if p.done] == ["make-plans"]
    # the longest phase, the earlier on a tie (培育、帮扶、整治 and 组织验收 are both 92 days)
    assert plan.work_phase == "cultivate-assist-rectify"
    assert item(plan, "conditions.1").deadline == D(2025, 7, 31)


def test_calendar_rolls_to_next_year_when_the_first_step_is_past(bundled) -> None:
    plan = build_plan(bundled("safety-integrity-enterprise"), ENTERPRISE, None, D(2025, 5, 1))
    assert plan.plan_year == 2026
    got = phases(plan)
    assert got["draw-up-lists"][:2] == (D(2025, 5, 1), D(2026, 3, 31))
    assert got["award"][:2] == (D(2026, 12, 1), D(2026, 12, 31))
    assert all(p.start >= D(2025, 5, 1) for p in plan.phases)


def test_safe_community_calendar(bundled) -> None:
    plan = build_plan(bundled("safe-community"), COMMUNITY, None, D(2025, 1, 1))
    assert {k: v[:2] for k, v in phases(plan).items()} == {
        "research": (D(2025, 1, 1), D(2025, 3, 31)),
        "unit-plans": (D(2025, 1, 1), D(2025, 1, 1)),  # done with the plan, on its date
        "implement": (D(2025, 4, 1), D(2025, 9, 30)),
        "implement-selection": (D(2025, 4, 1), D(2025, 4, 20)),
        "implement-training": (D(2025, 4, 21), D(2025, 4, 30)),
        "implement-review": (D(2025, 5, 1), D(2025, 5, 31)),
        "filing": (D(2025, 7, 30), D(2025, 7, 30)),
        "acceptance": (D(2025, 10, 1), D(2025, 11, 30)),
        "consolidate": (D(2025, 12, 1), D(2025, 12, 31)),
    }  # 省级 rating only for a unit aiming at it
    assert item(plan, "officer.6").deadline == D(2025, 4, 30)  # MM-DD of the item
    assert item(plan, "officer.5").deadline == D(2025, 4, 30)
    assert item(plan, "fire.2").deadline == D(2025, 9, 30)  # end of 组织实施阶段
    assert duty(plan, "review.3").count == 12
    four = duty(plan, "review.1")  # four comprehensive inspections a year
    assert (four.first_due, four.periods, four.count) == (D(2025, 12, 31), 1, 4)


def test_provincial_rating_follows_the_city_acceptance_when_aimed_at(bundled) -> None:
    profile = Profile(name="某社区居委会", aim="省级")
    plan = build_plan(bundled("safe-community"), COMMUNITY, None, D(2025, 1, 1), profile=profile)
    got = {k: v[:2] for k, v in phases(plan).items()}
    assert got["acceptance"] == (D(2025, 10, 1), D(2025, 11, 30))
    # 省级 comes after 市级: the first 10-30 past the city acceptance, listed last
    assert got["provincial-rating"] == (D(2025, 12, 1), D(2026, 10, 30))
    assert plan.phases[-1].id == "provincial-rating" and plan.end == D(2026, 10, 30)


def test_safe_community_item_deadlines_roll_with_the_plan_year(bundled) -> None:
    plan = build_plan(bundled("safe-community"), COMMUNITY, None, D(2025, 6, 1))
    assert plan.plan_year == 2026
    assert item(plan, "officer.6").deadline == D(2026, 4, 30)


def test_district_work_plan_calendar(bundled) -> None:
    plan = build_plan(bundled("district-work-plan"), DISTRICT, None, D(2025, 1, 1))
    assert phases(plan) == {
        "letters-and-plans": (D(2025, 1, 1), D(2025, 3, 31), []),
        "enterprise-letters": (D(2025, 4, 1), D(2025, 4, 30), []),
        "archives": (D(2025, 5, 1), D(2025, 6, 30), []),
        "staffing": (D(2025, 7, 1), D(2025, 8, 31), []),
        # a deadline-only step's quarterly publication runs from the plan's start
        "year-end": (
            D(2025, 9, 1),
            D(2025, 12, 31),
            [D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30), D(2025, 12, 31)],
        ),
    }
    assert item(plan, "staffing.2").deadline == D(2025, 8, 31)
    assert item(plan, "systems.2").deadline == D(2025, 6, 30)
    assert item(plan, "systems.4").deadline == D(2025, 12, 31)  # work phase: 年终总结
    assert [(d.item, d.first_due, d.count) for d in plan.duties] == [
        ("indicators.3.publication", D(2025, 3, 31), 4),
        ("systems.1", D(2025, 1, 31), 12),
        ("systems.1.analysis", D(2025, 3, 31), 4),
        ("systems.3", D(2025, 12, 31), 1),
        ("systems.5", D(2025, 1, 31), 12),
    ]


def test_relative_deadline_is_n_whole_months(bundled) -> None:
    std = bundled("safe-enterprise")
    sections = [
        s.model_copy(
            update={
                "items": [
                    i.model_copy(update={"deadline": "+3m"}) if i.id == "content.6" else i
                    for i in s.items
                ]
            }
        )
        for s in std.sections
    ]
    plan = build_plan(
        std.model_copy(update={"sections": sections}), ENTERPRISE, None, D(2025, 1, 15)
    )
    assert item(plan, "content.6").deadline == D(2025, 4, 14)
    assert item(plan, "content.6").deadline_rule == "+3m"


# ---------------------------------------------------------------- the plan's contents


def test_plan_sections_and_checklist_follow_applicability(bundled) -> None:
    std = bundled("safe-enterprise")
    plan = build_plan(std, ENTERPRISE, None, D(2025, 1, 1))
    assert [s.id for s in plan.sections] == [s.id for s in std.sections]
    assert sum(len(s.items) for s in plan.sections) == len(std.items())
    assert plan.total_points == std.points
    assert std.plan is not None  # a unit's plan says the plan text, never the source's
    assert plan.principles == std.plan.principles and plan.goals == std.plan.goals
    assert plan.gaps == [] and plan.assessment_total is None
    # mini's a.4 applies from 300 employees: listed for both, in the 自查表 only for the big one
    mini_std = MINI.get("mini@1")
    big = build_plan(mini_std, ENTERPRISE, None, D(2025, 1, 1))
    small = build_plan(mini_std, SMALL, None, D(2025, 1, 1))
    assert [i.id for i in big.checklist] == ["a.1", "a.2", "a.3", "a.4", "b.1", "b.2"]
    assert [i.id for i in small.checklist] == ["a.1", "a.2", "a.3", "b.1", "b.2"]
    assert item(small, "a.4").applicable is False
    assert (big.total_points, small.total_points) == (20, 18)
    assert big.veto_items == ["标准 6"]  # the standard's number on paper (source x#6)


def test_build_plan_is_pure(bundled) -> None:
    std = bundled("district-work-plan")
    one = build_plan(std, DISTRICT, None, D(2025, 2, 3))
    two = build_plan(std, DISTRICT, None, D(2025, 2, 3))
    assert one == two and one.model_dump_json() == two.model_dump_json()


def test_plan_from_record_puts_gaps_first() -> None:
    loaded = read_record(EXAMPLES / "safe-enterprise.yaml")
    a = assess(loaded.standard, loaded.record)
    plan = build_plan(
        loaded.standard, loaded.record.subject, a, D(2025, 6, 1), record=loaded.record
    )
    assert plan.assessment_total == 89.0
    assert [g.item for g in plan.gaps][:3] == ["content.23", "content.4", "content.19.technical"]
    assert plan.gaps[0].total_after == 92.0 and plan.gaps[0].grade_after.id == "excellent"
    # without the record, only the points are known
    bare = build_plan(loaded.standard, loaded.record.subject, a, D(2025, 6, 1))
    assert [g.item for g in bare.gaps] == [g.item for g in plan.gaps]
    assert all(g.total_after is None for g in bare.gaps)


# ---------------------------------------------------------------- what each gap is worth


def mini(name: str):
    loaded = read_record(FIXTURES / "records" / f"{name}.yaml", MINI)
    return loaded.standard, loaded.record, assess(loaded.standard, loaded.record)


def test_fixing_an_unmet_veto_item_lifts_its_cap() -> None:
    std, record, a = mini("mini-veto-item")
    # 17 of 20 = 85.0 would be mid, but the unmet veto item b.2 caps at low
    assert (a.total, a.grade.id) == (85.0, "low")
    [gap] = gap_values(std, record, a)
    assert (gap.item, gap.gain, gap.total_after) == ("b.2", 3.0, 100.0)
    assert gap.grade_after.id == "top"
    assert gap.lifts == ["item:b.2"] and gap.capped_by == []


def test_an_incident_veto_still_caps_every_fix() -> None:
    std, record, a = mini("mini-na")
    assert a.total == 93.8 and a.grade.id == "top"
    [gap] = gap_values(std, record, a)  # a.3 lost 1 point to a deduction
    assert (gap.item, gap.gain, gap.total_after, gap.grade_after.id) == ("a.3", 1.0, 100.0, "top")
    incident = record.model_copy(
        update={"incidents": [Incident(date=D(2025, 1, 2), kind="fall", fatalities=1)]}
    )
    b = assess(std, incident)
    [capped] = gap_values(std, incident, b)
    assert capped.total_after == 100.0
    assert capped.grade_after.id == "mid" and capped.capped_by == ["fatal"]


def test_fixing_the_item_of_an_overdue_major_hazard_closes_it() -> None:
    std, record, a = mini("mini-overdue-major")
    # F1 (major, overdue) belongs to a.2; answer a.2 unmet so that it lost points
    record = record.model_copy(
        update={"responses": {**record.responses, "a.2": Response(status=Status.unmet)}}
    )
    a = assess(std, record)
    assert [r.id for r in a.veto.rules] == ["overdue-major"]
    fix = next(g for g in gap_values(std, record, a) if g.item == "a.2")
    assert fix.lifts == ["overdue-major"] and fix.capped_by == []
    assert (fix.total_after, fix.grade_after.id) == (100.0, "top")


def test_gaps_are_sorted_by_gain_then_grade_then_order() -> None:
    loaded = read_record(EXAMPLES / "safe-community-overdue.yaml")
    a = assess(loaded.standard, loaded.record)
    gaps = gap_values(loaded.standard, loaded.record, a)
    gains = [g.gain for g in gaps]
    assert gains == sorted(gains, reverse=True)
    assert {g.item for g in gaps} == {r.id for r in a.items if r.applicable and r.earned < r.points}
    for g in gaps:
        assert g.gain == pytest.approx(g.points - g.earned)
        assert g.total_after >= a.total


def test_rectification_list_orders_overdue_major_first() -> None:
    loaded = read_record(EXAMPLES / "safety-integrity-enterprise-blacklisted.yaml")
    a = assess(loaded.standard, loaded.record)
    entries = rectifications(loaded.standard, loaded.record, a)
    assert [(e.ref, e.overdue, e.level) for e in entries[:3]] == [
        ("H1", True, "major"),
        ("H2", True, "major"),
        ("H3", False, "general"),
    ]
    # H3 names no owner: the item's owner stands in
    assert entries[2].owner == loaded.standard.item_map()["conditions.3"].owner.zh
    # items covered by an open finding are not listed twice
    refs = [e.ref for e in entries]
    assert "conditions.3" not in refs and "conditions.7" not in refs
    assert "conditions.5" in refs  # unmet, no finding record of its own


def test_report_sign_off_and_later_as_of() -> None:
    loaded = read_record(EXAMPLES / "safe-community.yaml")
    a = assess(loaded.standard, loaded.record, D(2025, 12, 31))
    report = build_report(loaded.standard, loaded.record, a)
    assert report.sign_off.prepared_by == "刘洋"
    assert report.sign_off.prepared_on == D(2025, 11, 20)
    assert report.sign_off.reviewed_by == "赵敏" and report.sign_off.approved_by is None
    overdue = {e.ref for e in report.rectifications if e.overdue}
    # F1 and F2 by their own deadlines; the four items without one by the default: 30 days
    # from the inspection of 2025-11-20 is 2025-12-20, past on 2025-12-31
    assert overdue == {"F1", "F2", "organization.3", "organization.5", "production.5", "traffic.2"}
    defaults = {e.ref: e.due for e in report.rectifications if e.due_default}
    assert set(defaults) == overdue - {"F1", "F2"}
    assert set(defaults.values()) == {D(2025, 12, 20)}
    assert all(e.measure for e in report.rectifications)
