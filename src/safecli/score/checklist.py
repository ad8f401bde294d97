"""The 判定 checklist that applies to a unit: a pack narrowed to the unit's industries and
features (management items always, its industries', its special areas')."""

from __future__ import annotations

from safecli.model.applicability import does_apply
from safecli.model.profile import Profile
from safecli.model.record import Subject
from safecli.model.standard import Item, Standard, SubjectKind


def subject_of(profile: Profile) -> Subject:
    """A unit profile's industries and features as the subject a checklist is made for."""
    first, *rest = profile.industries or [None]
    return Subject(
        kind=SubjectKind.enterprise,
        name=profile.name,
        industry=first,
        industries=rest,
        features=profile.features,
        region=profile.region,
    )


def _applies(item: Item, subject: Subject) -> bool:
    # a checklist is for the unit as its profile states it: an industry not stated is none
    cond = item.applies_if
    if cond is not None and cond.industries is not None and not subject.all_industries:
        return False
    return does_apply(item, subject)


def checklist(std: Standard, subject: Subject) -> Standard:
    """`std` with only the items that apply to `subject`, and only sections that keep one."""
    sections = []
    for section in std.sections:
        items = [item for item in section.items if _applies(item, subject)]
        if items:
            sections.append(section.model_copy(update={"items": items}))
    return std.model_copy(update={"sections": sections})


def facts(subject: Subject) -> dict[str, object]:
    """What a blank record's subject says of the unit, for the checklist to hold when filled:
    the unit itself (name, code, head count, region, as known) and the facts it applies by."""
    return {
        "name": subject.name,
        "id": subject.id,
        "employees": subject.employees,
        "region": subject.region,
        "industry": subject.industry,
        "industries": list(subject.industries),
        "features": None if subject.features is None else list(subject.features),
    }
