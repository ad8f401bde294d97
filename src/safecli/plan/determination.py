"""The plan of a 判定 record: a 重大事故隐患排查整治工作方案, not a creation plan (pure).

A 判定 pack (a standard of kind `determination`) has no score to raise: its plan removes the
hazards the record determined. `build_plan` makes what every plan shares (the unit, its group,
duties and 保障措施, the 落款) and `rectification_plan` replaces what differs:

- **Title and opening**: the unit's 重大事故隐患排查整治工作方案, citing the pack by its title,
  document number and the day it took effect (`source`, `in_force`, as the pack gives them) and
  the record's inspection with its verdict.
- **Tasks**: one per 存在 hazard (its clause, the pack's words, what the unit found, who
  rectifies it and its one deadline: the report's, marked as the default where the record set
  none); the situations left unanswered, listed, to be determined by `check_by`; the 不存在
  counted, never listed; the parts of other industries named in one line. No grades, no points,
  no table of every clause, no 自查表.
- **Goals**: the pack's `plan.goals` (or the profile's) with `{applicable}` (situations that
  apply), `{count}` (open hazards), `{due}` (the last one's deadline), `{unanswered}`,
  `{check_by}` and `{recheck_by}` filled in; a goal naming something the plan has none of is
  left out.
- **Steps** (排查 → 整治 → 复查验收), dated from the record and the plan's date:
  - 排查判定 (`check`): done on the inspection when every situation was answered; else from the
    plan's date to `check_by`, `plan.check_days` (15 unless set) after it;
  - 整治 (`rectify`): from the plan's date to the last open hazard's deadline (the plan's date
    for one already overdue: rectified at once); with no hazard found but some unanswered, to
    the default for a 重大 hazard counted from `check_by` (what the check may still find);
  - 复查验收 (`accept`): by the re-check date the report gives (the latest deadline; 15 days
    after the plan's date when a hazard is overdue), or with only unanswered situations by the
    end of 整治.
  A step with nothing to do is left out: a record with no hazard and nothing unanswered has its
  排查 only.
- **整改清单**: the report's (its measures, deadlines and 默认 marks), judged overdue on the
  plan's date.
- Without a record (`--standard`), every situation that applies is still to be determined.
"""

from __future__ import annotations

import datetime as dt
import re

from safecli.model.base import Text
from safecli.model.deadlines import is_overdue
from safecli.model.numbering import document_numbers
from safecli.model.profile import Profile
from safecli.model.record import Record
from safecli.model.standard import Standard
from safecli.model.unit_words import item_words
from safecli.plan.shape import Judging, Plan, PlanPhase, Situation
from safecli.plan.wording import Wording, text_of
from safecli.score import determination
from safecli.score.conclusion import RECHECK_DAYS, days_note, rectify_days
from safecli.score.gaps import Rectification, report_fixes
from safecli.score.reasons import applies
from safecli.score.results import Assessment

TITLE = text_of(
    "重大事故隐患排查整治工作方案", "Plan for finding and rectifying major accident hazards"
)
"""The plan's title after the unit's name, for every 判定 pack."""
CHECK_DAYS = 15
"""Days from the plan's date to determine the situations left unanswered (`plan.check_days`)."""
PLACEHOLDER = re.compile(r"\{(\w+)\}")
PLACEHOLDERS = frozenset({"applicable", "count", "due", "unanswered", "check_by", "recheck_by"})
"""What a 判定 pack's goals may name."""
STEP_TITLES = {  # by DETERMINATION_STEPS
    "check": text_of("排查判定阶段", "Finding and determining"),
    "rectify": text_of("整治阶段", "Rectification"),
    "accept": text_of("复查验收阶段", "Re-check and acceptance"),
}
"""The steps' names where the pack's `plan.phases` gives none."""


def _cdate(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def basis(standard: Standard) -> Text:
    """《title》（document number，in force from …） as the pack gives them (the number in
    English where its `plan.cited_as` gives one)."""
    title, day = standard.title, standard.in_force
    cited = standard.plan.cited_as if standard.plan is not None else None
    zh, en = (cited.zh, cited.get("en")) if cited is not None else (standard.source,) * 2
    if day is None:
        return text_of(f"《{title.zh}》（{zh}）", f"the {title.get('en')} ({en})")
    return text_of(
        f"《{title.zh}》（{zh}，{_cdate(day)}起施行）",
        f"the {title.get('en')} ({en}, in force from {day})",
    )


def fill_goals(goals: list[Text], values: dict[str, tuple[str, str]]) -> list[Text]:
    """The goals with their placeholders filled; one naming a value the plan lacks is dropped."""
    out = []
    for goal in goals:
        zh, en = goal.zh, goal.get("en")
        names = set(PLACEHOLDER.findall(zh)) | set(PLACEHOLDER.findall(en))
        if not names <= values.keys():
            continue
        for name in names:
            zh = zh.replace(f"{{{name}}}", values[name][0])
            en = en.replace(f"{{{name}}}", values[name][1])
        out.append(text_of(zh, en))
    return out


def judged_fixes(
    standard: Standard,
    record: Record,
    assessment: Assessment,
    profile: Profile | None,
    signed: dt.date,
    lang: str = "zh",
) -> list[Rectification]:
    """The report's 整改清单 in `lang` (its measures and deadlines, the default marked) judged
    overdue on the plan's date, overdue first, then major, then by deadline (as the report)."""
    fixes = [
        f.model_copy(update={"overdue": is_overdue(True, f.due, signed)})
        for f in report_fixes(
            standard,
            record,
            assessment,
            lang,
            profile=profile,
            numbers=document_numbers(standard, lang),
        )
    ]
    order = sorted(
        enumerate(fixes),
        key=lambda p: (not p[1].overdue, p[1].level != "major", p[1].due or dt.date.max, p[0]),
    )
    return [f for _, f in order]


def judging(
    standard: Standard,
    plan: Plan,
    assessment: Assessment | None,
    record: Record | None,
    fixes: list[Rectification],
    profile: Profile | None,
) -> Judging:
    """The hazards, the situations still to be determined and the dates of the plan."""
    subject, signed = plan.subject, plan.signature.date
    items = standard.item_map()
    applicable = [i for i in standard.items() if applies(i, subject) is None]
    found: list[determination.Hazard] = []
    verdict = None
    ruled_out = 0
    open_ids = [i.id for i in applicable]
    if assessment is not None and record is not None:
        found = determination.hazards(standard, record, assessment, fixes)
        verdict = determination.verdict(found, assessment)
        status = {r.id: r.status for r in assessment.items}
        ruled_out = sum(1 for i in applicable if status.get(i.id) == "met")
        open_ids = list(assessment.unanswered)
    text = standard.plan
    days = text.check_days if text is not None and text.check_days else CHECK_DAYS
    check_by = signed + dt.timedelta(days=days) if open_ids else None
    live = [h for h in found if not h.closed and h.due is not None]
    major = rectify_days(standard, profile)["major"]
    ends: list[dt.date] = []  # when the 整治 ends
    rechecks: list[dt.date] = []  # when the 复查验收 is done by
    hazards_by = None
    if live:  # each open hazard by its deadline, one overdue at once (re-checked as the report)
        hazards_by = max(signed if h.overdue else h.due for h in live if h.due)
        ends.append(hazards_by)
        rechecks += [h.due for h in live if h.due and not h.overdue]
        if any(h.overdue for h in live):
            rechecks.append(signed + dt.timedelta(days=RECHECK_DAYS))
    if check_by is not None:  # what the check finds is due as a 重大 hazard found that day
        ends.append(check_by + dt.timedelta(days=major))
        rechecks.append(ends[-1])
    whole = {i.id for s in determination.parts_not_applying(standard, subject) for i in s.items}
    other_na = []
    for item in standard.items():
        why = applies(item, subject)
        if why is not None and item.id not in whole:
            words = item_words(standard, item)
            other_na.append(
                Situation(
                    clause=item.article or item.id,
                    text=text_of(f"{words.zh}（{why.zh}）", f"{words.get('en')} ({why.get('en')})"),
                )
            )
    return Judging(
        basis=basis(standard),
        verdict=verdict,
        hazards=found,
        unanswered=[
            Situation(clause=items[i].article or i, text=item_words(standard, items[i]))
            for i in open_ids
        ],
        check_by=check_by,
        hazards_by=hazards_by,
        rectify_by=max(ends, default=None),
        recheck_by=max(rechecks, default=None),
        applicable=len(applicable),
        ruled_out=ruled_out,
        not_applicable=determination.parts_line(standard, subject),
        other_na=other_na,
        major_days=major,
        days_note=days_note(rectify_days(standard, profile))
        if any(f.due_default for f in fixes)
        else None,
    )


def goal_values(j: Judging) -> dict[str, tuple[str, str]]:
    """The values a pack's goals may name, in Chinese and English."""
    values = {"applicable": (str(j.applicable), str(j.applicable))}
    live = [h for h in j.hazards if not h.closed]
    if live:
        values["count"] = (str(len(live)), str(len(live)))
        if j.hazards_by is not None:
            values["due"] = (_cdate(j.hazards_by), j.hazards_by.isoformat())
    if j.unanswered:
        values["unanswered"] = (str(len(j.unanswered)), str(len(j.unanswered)))
    for name, day in (("check_by", j.check_by), ("recheck_by", j.recheck_by)):
        if day is not None:
            values[name] = (_cdate(day), day.isoformat())
    return values


def steps(
    j: Judging, words: Wording, signed: dt.date, inspection: dt.date | None
) -> list[PlanPhase]:
    """排查判定 → 整治 → 复查验收, dated as the module says; a step with nothing to do left out."""
    out: list[PlanPhase] = []
    if j.check_by is not None:
        out.append(PlanPhase(id="check", title=STEP_TITLES["check"], start=signed, end=j.check_by))
    elif inspection is not None:
        out.append(
            PlanPhase(
                id="check", title=STEP_TITLES["check"], start=inspection, end=inspection, done=True
            )
        )
    if j.rectify_by is not None:  # only overdue hazards: rectified at once, by the plan's date
        end = max(signed, j.rectify_by)
        out.append(
            PlanPhase(
                id="rectify",
                title=STEP_TITLES["rectify"],
                start=signed,
                end=end,
                deadline_only=end == signed,
            )
        )
    if j.recheck_by is not None:
        end = max(signed, j.recheck_by)
        out.append(
            PlanPhase(
                id="accept",
                title=STEP_TITLES["accept"],
                start=signed,
                end=end,
                deadline_only=True,
            )
        )
    return [words.phase(p) for p in out]


def rectification_plan(
    plan: Plan,
    standard: Standard,
    assessment: Assessment | None,
    record: Record | None,
    profile: Profile | None,
    words: Wording,
    lang: str = "zh",
) -> Plan:
    """`plan` (what every plan shares) as a 重大事故隐患排查整治工作方案 of `record`, its
    整改清单 worded in `lang`."""
    signed = plan.signature.date
    fixes = (
        judged_fixes(standard, record, assessment, profile, signed, lang)
        if assessment is not None and record is not None
        else []
    )
    j = judging(standard, plan, assessment, record, fixes, profile)
    phases = steps(j, words, signed, assessment.inspection_date if assessment else None)
    return plan.model_copy(
        update={
            "title": TITLE,
            "work": TITLE,
            "goals": fill_goals(plan.goals, goal_values(j)),
            "phases": phases,
            "end": max((p.end for p in phases), default=plan.end),
            "work_phase": "rectify" if any(p.id == "rectify" for p in phases) else None,
            "assess_by": j.check_by,
            "tasks": [],  # the hazards are in `judging` and, dated, in the 整改清单
            "rectifications": fixes,
            "sections": [],
            "checklist": [],
            "gaps": [],
            "unanswered": [],
            "grades": [],
            "grade_requires": {},
            "vetoes": [],
            "veto_items": [],
            "judging": j,
        }
    )
