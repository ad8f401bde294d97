"""The unit's words in a plan: who leads, which office, which departments, taken from the profile
or neutral when there is none.
"""

from __future__ import annotations

from safecli.model.base import Text
from safecli.model.plan_text import PlanText
from safecli.model.profile import Profile
from safecli.model.standard import Item, Standard
from safecli.model.unit_words import item_words
from safecli.plan.government import Area, local
from safecli.plan.shape import DutyRow, Organization, PlanPhase
from safecli.score.gaps import (
    unit_owner,
)


class Wording:
    """The unit's words for the standard's: plan text, owners mapped to the unit's departments."""

    def __init__(self, standard: Standard, profile: Profile | None) -> None:
        self.standard = standard
        self.text: PlanText | None = standard.plan
        self.profile = profile

    def owner(self, owner: Text | None) -> Text | None:
        """The unit's name for an owner of the standard (see `gaps.unit_owner`)."""
        if owner is None:
            return None
        name = unit_owner(self.standard, self.profile, owner.zh)
        if name == owner.zh:
            return owner
        mapped = self.profile is not None and self.profile.department_for(name) == name
        return Text.model_construct(zh=name, en=name if mapped else owner.get("en"))

    def evidence(self, item: Item, lang: str) -> list[str]:
        """The item's evidence (佐证材料) as a plan in `lang` names it (`plan.evidence`)."""
        named = self.text.evidence if self.text is not None and lang != "zh" else {}
        return [named.get(name, name) for name in item.evidence]

    def item_text(self, item: Item) -> Text:
        return item_words(self.standard, item)

    def item_owner(self, item: Item) -> Text | None:
        found = self.text.items.get(item.id) if self.text else None
        if found is not None and found.owner is not None:
            return self.owner(found.owner)
        return self.owner(item.owner)

    def phase(self, phase: PlanPhase) -> PlanPhase:
        found = self.text.phases.get(phase.id) if self.text else None
        update: dict[str, object] = {}
        if found is not None:
            update = {k: v for k, v in found if v is not None}
        repeat = update.pop("repeat_text", None)
        if isinstance(repeat, Text):  # the milestones in the unit's words
            update["milestones"] = [m.model_copy(update={"text": repeat}) for m in phase.milestones]
        owner = update.get("owner", phase.owner)
        update["owner"] = self.owner(owner if isinstance(owner, Text) else None)
        return phase.model_copy(update=update)


def text_of(zh: str, en: str | None = None) -> Text:
    return Text.model_construct(zh=zh, en=en or zh)


NEUTRAL_GROUP = text_of("创建工作领导小组", "Creation leading group")
NEUTRAL_OFFICE = text_of(
    "负责创建工作的日常组织、协调、督促和检查，收集整理创建资料，向领导小组报告工作进展。",
    "Runs the work day to day, keeps the records and reports to the leading group.",
)


def organization(words: Wording) -> Organization:
    """三、组织领导 from the profile; neutral (no names) without one."""
    text, profile = words.text, words.profile
    group = text.group if text else NEUTRAL_GROUP
    office_duties = text.office_duties if text else NEUTRAL_OFFICE
    if profile is None:
        return Organization(group=group, office_duties=office_duties)
    lg = profile.leading_group
    if lg is not None and lg.name:
        group = text_of(lg.name)
    office = profile.office
    return Organization(
        group=group,
        leader=lg.leader if lg else profile.principal,
        deputies=lg.deputies if lg else [],
        members=lg.members if lg else [],
        office_in=office.located_in if office else None,
        director=office.director if office else None,
        contact=office.contact if office else None,
        office_duties=office_duties,
    )


def responsibilities(
    words: Wording, area: Area | None = None, *, supervised: bool = False
) -> list[DutyRow]:
    """四、职责分工: the plan's bodies, merged where one of the unit's departments takes several.

    In a government plan (`area`), the bodies it supervises (`supervised`) are listed apart.
    """
    text = words.text
    if text is None:
        if supervised:
            return []
        return [DutyRow(body=r.body, duties=[r.duties]) for r in words.standard.responsibilities]
    rows: dict[str, DutyRow] = {}
    for duty in text.duties:
        if area is not None and duty.supervised != supervised:
            continue
        if area is not None:
            duty = duty.model_copy(
                update={
                    "body": text_of(local(duty.body.zh, area), duty.body.get("en")),
                    "duties": text_of(local(duty.duties.zh, area), duty.duties.get("en")),
                }
            )
        dept = (
            words.profile.department_for(duty.body.zh, *duty.owners)
            if words.profile is not None
            else None
        )
        key = dept or duty.body.zh
        if key in rows:
            row = rows[key]
            rows[key] = row.model_copy(
                update={"duties": [*row.duties, duty.duties], "takes": [*row.takes, duty.body.zh]}
            )
        else:
            rows[key] = DutyRow(
                body=text_of(dept) if dept else duty.body,
                takes=[duty.body.zh] if dept and dept != duty.body.zh else [],
                duties=[duty.duties],
            )
    return list(rows.values())
