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
from safecli.model.errors import Code, Problem
from safecli.model.features import FEATURES, LEVELS
from safecli.model.industries import INDUSTRIES
from safecli.model.labels import Status
from safecli.model.record import Record
from safecli.model.standard import Item, Standard, SubjectKind
from safecli.read.standard_index import index_of
from safecli.read.yamlio import Document

A_KIND = {
    "enterprise": Code("subject-a-enterprise"),
    "community": Code("subject-a-community"),
    "district": Code("subject-a-district"),
}
"""A kind of subject with its article in English (`an enterprise`), for a sentence's end."""
KIND_WORDS = {
    "enterprise": Code("subject-kind-enterprise"),
    "community": Code("subject-kind-community"),
    "district": Code("subject-kind-district"),
}
"""A kind of subject as a word of the run's language (`every enterprise`)."""


def shown_ids(ids: list[str]) -> dict[str, str]:
    """A list of item ids as a parameter: the first six, then how many more (en and zh)."""
    more = len(ids) - 6
    return {
        "items": ", ".join(ids[:6]) + (f" and {more} more" if more > 0 else ""),
        "items_zh": "、".join(ids[:6]) + (f" 等 {len(ids)} 项" if more > 0 else ""),
    }


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
                    doc.coded(
                        (*loc, "deductions"),
                        "veto-partial-deductions",
                        hint="hint-veto-no-deductions",
                        item=repr(ident),
                    )
                )
            if item.get("credit") == "proportional":
                out.append(
                    doc.coded(
                        (*loc, "credit"),
                        "veto-partial-proportional",
                        hint="hint-veto-no-proportional",
                        item=repr(ident),
                    )
                )
        if item.get("na") == "never" and item.get("applies_if") is not None:
            out.append(
                doc.coded(
                    (*loc, "na"),
                    "na-never-and-applies-if",
                    hint="hint-na-never-or-applies-if",
                    item=repr(ident),
                )
            )
        cond = item.get("applies_if")
        if isinstance(cond, dict):
            for k, name in enumerate(cond.get("features") or []):
                if isinstance(name, str) and name not in FEATURES:
                    out.append(
                        doc.coded(
                            (*loc, "applies_if", "features", k),
                            "unknown-feature",
                            hint="hint-expected-one-of",
                            feature=repr(name),
                            expected=", ".join(FEATURES),
                        )
                    )
            area = cond.get("area_units")
            for k, name in enumerate(
                area.get("industries") or [] if isinstance(area, dict) else []
            ):
                if isinstance(name, str) and name not in INDUSTRIES:
                    out.append(
                        doc.coded(
                            (*loc, "applies_if", "area_units", "industries", k),
                            "unknown-industry",
                            hint="hint-expected-one-of",
                            industry=repr(name),
                            expected=", ".join(INDUSTRIES),
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
                doc.coded(
                    ("grades", i, "requires", k),
                    "required-may-be-na",
                    hint="hint-required-na-never",
                    grade=repr(grade.get("id")),
                    item=repr(req),
                    id=str(req),
                )
            )
    return out


_DISTRICT = SubjectKind.district
"""Read once: an enum's member read off its class calls the metaclass's lookup every time."""


def record_rule_problems(
    record: Record, std: Standard, doc: Document, nas: list[tuple[str, Item]] | None = None
) -> list[Problem]:
    """No 不适用 on an item that applies; the facts applicability reads; attestation levels.

    `nas`: the standard's items the record answers na, with their ids as written, in order
    (`record_problems` has found them); found here when not given."""
    out: list[Problem] = []
    index = index_of(std)
    subject = record.subject
    kind = KIND_WORDS[std.subject.value]
    if nas is None:
        items = index.items
        nas = [
            (item_id, items[item_id])
            for item_id, response in record.responses.items()
            if item_id in items and response.status is Status.na
        ]
    for item_id, item in nas:
        loc = ("responses", item_id)
        if item.na == "never":
            out.append(
                doc.coded(
                    loc,
                    "na-never-answered-na",
                    hint="hint-answer-met-partial-unmet",
                    key=True,
                    item=item_id,
                    kind=kind,
                    standard=std.ref,
                )
            )
        elif item.veto and does_apply(item, subject):
            out.append(
                doc.coded(
                    loc,
                    "veto-answered-na",
                    hint="hint-answer-veto",
                    key=True,
                    item=item_id,
                )
            )
        elif (
            item.applies_if is not None
            and does_apply(item, subject)
            and not missing_facts(item, subject)
        ):
            because = applying_because(item, subject)
            out.append(
                doc.coded(
                    loc,
                    "applies-answered-na",
                    hint="hint-answer-or-correct-facts",
                    key=True,
                    item=item_id,
                    because=because.get("en") if because else "",
                    because_zh=because.get("zh") if because else "",
                )
            )
    facts: dict[tuple[tuple[str, ...], str], tuple[MissingFact, list[str]]] = {}
    industries: list[str] = []
    for item in index.conditional:  # only they read facts of the subject
        for fact in missing_facts(item, subject):
            if fact.names:  # the area's industries: one problem naming every one not stated
                industries += [n for n in fact.names if n not in industries]
                fact = area_industries_missing(industries)
            key = (fact.path, fact.what.get("en") if not fact.names else "")
            entry = facts.setdefault(key, (fact, []))
            facts[key] = (fact, entry[1])
            entry[1].append(item.id)
    for fact, ids in facts.values():
        out.append(
            doc.coded(
                fact.path,
                "missing-fact",
                hint="hint-add-fact",
                what=fact.what.get("en"),
                what_zh=fact.what.get("zh"),
                add=fact.add.get("en"),
                add_zh=fact.add.get("zh"),
                **shown_ids(ids),
            )
        )
    if subject.area is not None and subject.kind is not _DISTRICT:
        out.append(
            doc.coded(
                ("subject", "area"),
                "area-not-district",
                hint="hint-remove-area",
                key=True,
                kind=A_KIND[subject.kind.value],
            )
        )
    levels = index.levels
    for name, found in record.attestations.items():
        rule = levels.get(name)
        if rule is not None and rule.min_level is not None and found.level is None:
            need = LEVELS[rule.min_level]
            out.append(
                doc.coded(
                    ("attestations", name),
                    "attestation-no-level",
                    hint="hint-add-level",
                    key=True,
                    name=repr(name),
                    standard=std.ref,
                    level=need.en,
                    level_zh=need.zh,
                )
            )
    return out
