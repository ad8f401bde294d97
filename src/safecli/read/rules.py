"""What a standard and a record must say about vetoes, 不适用 and attestations (issue 20).

Standards: a veto item is met or not (no partial credit); a required item (必备条件) says when
it may not apply (`applies_if`) or that it always does (`na: never`). Records: no `na` on an
item that applies; every fact an item's applicability reads is stated; an attestation a grade
asks a level for states the level of its body.
"""

from __future__ import annotations

from typing import Any

from safecli.model.applicability import (
    MissingFact,
    applying_because,
    area_industries_missing,
    does_apply,
    missing_facts,
)
from safecli.model.errors import Problem
from safecli.model.features import FEATURES, LEVELS
from safecli.model.industries import INDUSTRIES
from safecli.model.labels import Status
from safecli.model.record import Record
from safecli.model.standard import Standard, SubjectKind
from safecli.read.yamlio import Document

KIND_WORDS = {"enterprise": "enterprise", "community": "community", "district": "district or town"}


def _items(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    out = []
    for i, section in enumerate(data.get("sections") or []):
        if not isinstance(section, dict):
            continue
        for j, item in enumerate(section.get("items") or []):
            if isinstance(item, dict):
                out.append((("sections", i, "items", j), item))
    return out


def standard_rule_problems(doc: Document) -> list[Problem]:
    """Vetoes without partial credit; required items that say when they may not apply."""
    data = doc.data if isinstance(doc.data, dict) else {}
    out: list[Problem] = []
    items = _items(data)
    by_id: dict[str, dict[str, Any]] = {}
    for _, item in items:  # the first of duplicate ids (the duplicate is reported elsewhere)
        if isinstance(item.get("id"), str):
            by_id.setdefault(item["id"], item)
    for loc, item in items:
        ident = item.get("id")
        if item.get("veto") is True:
            if item.get("deductions"):
                out.append(
                    doc.problem(
                        (*loc, "deductions"),
                        f"veto item {ident!r} carries partial credit (deductions): a veto item "
                        "is met or it fires",
                        "remove the deductions, or make it no veto item",
                    )
                )
            if item.get("credit") == "proportional":
                out.append(
                    doc.problem(
                        (*loc, "credit"),
                        f"veto item {ident!r} carries partial credit (credit: proportional): a "
                        "veto item is met or it fires",
                        "remove credit: proportional, or make it no veto item",
                    )
                )
        if item.get("na") == "never" and item.get("applies_if") is not None:
            out.append(
                doc.problem(
                    (*loc, "na"),
                    f"item {ident!r} says na: never but has an applies_if",
                    "keep one: na: never (it always applies) or applies_if (when it does)",
                )
            )
        cond = item.get("applies_if")
        if isinstance(cond, dict):
            for k, name in enumerate(cond.get("features") or []):
                if isinstance(name, str) and name not in FEATURES:
                    out.append(
                        doc.problem(
                            (*loc, "applies_if", "features", k),
                            f"unknown feature {name!r}",
                            "expected one of: " + ", ".join(FEATURES),
                        )
                    )
            area = cond.get("area_units")
            for k, name in enumerate(
                area.get("industries") or [] if isinstance(area, dict) else []
            ):
                if isinstance(name, str) and name not in INDUSTRIES:
                    out.append(
                        doc.problem(
                            (*loc, "applies_if", "area_units", "industries", k),
                            f"unknown industry {name!r}",
                            "expected one of: " + ", ".join(INDUSTRIES),
                        )
                    )
    for i, grade in enumerate(data.get("grades") or []):
        if not isinstance(grade, dict):
            continue
        for k, req in enumerate(grade.get("requires") or []):
            item = by_id.get(req)
            if item is None or item.get("na") == "never" or item.get("applies_if") is not None:
                continue
            out.append(
                doc.problem(
                    ("grades", i, "requires", k),
                    f"grade {grade.get('id')!r} requires {req!r}, which a record could answer "
                    "不适用 without the standard saying when",
                    f"give {req} na: never (it applies to every unit), or an applies_if saying "
                    "when it does not apply",
                )
            )
    return out


def record_rule_problems(record: Record, std: Standard, doc: Document) -> list[Problem]:
    """No 不适用 on an item that applies; the facts applicability reads; attestation levels."""
    out: list[Problem] = []
    items = std.item_map()
    subject = record.subject
    kind = KIND_WORDS[std.subject.value]
    for item_id, response in record.responses.items():
        item = items.get(item_id)
        if item is None or response.status is not Status.na:
            continue
        loc = ("responses", item_id)
        if item.na == "never":
            out.append(
                doc.problem(
                    loc,
                    f"{item_id} applies to every {kind} ({std.ref} says na: never): it may not "
                    "be answered 不适用",
                    "answer met, partial or unmet",
                    key=True,
                )
            )
        elif item.veto and does_apply(item, subject):
            out.append(
                doc.problem(
                    loc,
                    f"{item_id} is a veto item (否决项): it may not be answered 不适用",
                    "answer met, partial or unmet (anything but met fires the veto)",
                    key=True,
                )
            )
        elif (
            item.applies_if is not None
            and does_apply(item, subject)
            and not missing_facts(item, subject)
        ):
            because = applying_because(item, subject)
            out.append(
                doc.problem(
                    loc,
                    f"{item_id} applies to this unit ({because.get('en') if because else ''}): "
                    "it may not be answered 不适用",
                    "answer met, partial or unmet, or correct the subject's facts",
                    key=True,
                )
            )
    facts: dict[tuple[tuple[str, ...], str], tuple[MissingFact, list[str]]] = {}
    industries: list[str] = []
    for item in std.items():
        for fact in missing_facts(item, subject):
            if fact.names:  # the area's industries: one problem naming every one not stated
                industries += [n for n in fact.names if n not in industries]
                fact = area_industries_missing(industries)
            key = (fact.path, fact.what.get("en") if not fact.names else "")
            entry = facts.setdefault(key, (fact, []))
            facts[key] = (fact, entry[1])
            entry[1].append(item.id)
    for fact, ids in facts.values():
        path, what, add = fact.path, fact.what.get("en"), fact.add
        shown = ", ".join(ids[:6]) + (f" and {len(ids) - 6} more" if len(ids) > 6 else "")
        out.append(
            doc.problem(
                path,
                f"{what}, which decides whether {shown} apply",
                f"{add}: an item is never taken as not applicable for a missing fact",
            )
        )
    if subject.area is not None and subject.kind is not SubjectKind.district:
        out.append(
            doc.problem(
                ("subject", "area"),
                "subject.area describes a district's or town's area, but the subject is "
                + ("an " if subject.kind.value[0] in "aeiou" else "a ")
                + subject.kind.value,
                "remove area, or set kind: district",
                key=True,
            )
        )
    levels = {rule.id: rule for grade in std.grades for rule in grade.attestations}
    for name, found in record.attestations.items():
        rule = levels.get(name)
        if rule is not None and rule.min_level is not None and found.level is None:
            need = LEVELS[rule.min_level]
            out.append(
                doc.problem(
                    ("attestations", name),
                    f"attestation {name!r} does not state the level of the body that gave it "
                    f"({std.ref} needs a {need.en} ({need.zh}) or higher body)",
                    "add level: 国家, 省, 市 or 县",
                    key=True,
                )
            )
    return out
