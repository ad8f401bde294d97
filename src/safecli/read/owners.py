"""A unit profile's departments against a standard's owners (部门对应).

A department `takes` owners of the standard (安全环保部 takes 安全管理部门、保卫部门). An owner the
standard does not have would be silently dropped from the plan; it is a located problem instead,
with the closest owners the standard does have.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from safecli.model.errors import Problem
from safecli.model.standard import Standard

if TYPE_CHECKING:  # the unit profile's model is loaded by whoever reads a profile
    from safecli.model.profile import Profile


def standard_owners(standard: Standard) -> set[str]:
    """Every owner a profile's department may take: the bodies and owners the standard names."""
    out: set[str] = set()
    for item in standard.items():
        if item.owner is not None:
            out.add(item.owner.zh)
    out |= {r.body.zh for r in standard.responsibilities}
    out |= {p.owner.zh for p in standard.phases if p.owner is not None}
    plan = standard.plan
    if plan is not None:
        for duty in [*plan.duties, *plan.authority]:
            out.add(duty.body.zh)
            out |= set(duty.owners)
        out |= set(plan.owners) | set(plan.owners.values())
        out |= {i.owner.zh for i in plan.items.values() if i.owner is not None}
        out |= {p.owner.zh for p in plan.phases.values() if p.owner is not None}
    return out


def owner_problems(profile: Profile, standard: Standard, doc: Any) -> list[Problem]:
    """Each department's `takes` entry that names no owner of `standard`, located."""
    known = standard_owners(standard)
    out = []
    for i, dept in enumerate(profile.departments):
        for j, owner in enumerate(dept.takes):
            if owner in known:
                continue
            close = difflib.get_close_matches(owner, sorted(known), n=3, cutoff=0.4)
            out.append(
                doc.coded(
                    ("departments", i, "takes", j),
                    "owner-unknown",
                    hint="hint-did-you-mean" if close else "hint-name-owner",
                    department=dept.name,
                    owner=repr(owner),
                    standard=standard.ref,
                    close="、".join(close),
                )
            )
    return out
