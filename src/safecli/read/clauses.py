"""A finding's 判定 clause (`basis`), checked against the pack it cites.

`cite(record, std, doc, catalog)` gives the record with every basis written out in full
(`PACK@VERSION CLAUSE`) and the clause's words attached, and the problems: an unknown pack or
clause, a pack not in force on the inspection date, a finding citing a clause written 一般 is
not a problem here (it is 重大 whatever was written; `check` reports the level it wrote).
A finding of a 判定 record that names one of the pack's items cites that item's clause.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Protocol

from safecli.model.applicability import not_applying
from safecli.model.errors import Code, Problem, SafecliError
from safecli.model.hazards import clause_key, split_basis
from safecli.model.record import Finding, Record
from safecli.model.standard import Item, Standard

if TYPE_CHECKING:  # pragma: no cover
    from safecli.read.yamlio import Document


class Catalog(Protocol):
    """What the clauses need of a catalog: a standard by `ID@VERSION` or `ID`."""

    def get(self, ref: str) -> Standard: ...


def pack_for(catalog: Catalog, ref: str, on: dt.date) -> Standard:
    """The pack `ref` names; without a version, the one in force on `on` (following `replaces`)."""
    std = catalog.get(ref)
    if "@" in ref:
        return std
    while std.in_force is not None and on < std.in_force and std.replaces:
        std = catalog.get(f"{std.id}@{std.replaces}")
    return std


def in_force_problem(std: Standard, on: dt.date) -> dict[str, Any] | None:
    """Why a record judged on `on` may not use the pack `std` (a code and its parameters), or
    None."""
    if std.in_force is not None and on < std.in_force:
        day = std.in_force
        return {"code": Code("pack-not-yet-in-force"), "pack": std.ref, "day": day.isoformat()}
    if std.until is not None and on >= std.until:
        day = std.until
        return {"code": Code("pack-replaced"), "pack": std.ref, "day": day.isoformat()}
    return None


def clause_item(std: Standard, clause: str) -> Item | None:
    """The pack's item of a clause (第四条（三）) or of an item id (art4.3)."""
    key = clause_key(clause)
    for item in std.items():
        if item.id == clause or (item.article and clause_key(item.article) == key):
            return item
    return None


def _outside(record: Record, std: Standard, doc: Document) -> list[Problem]:
    """存在 answered for a situation the unit's industries or features leave out: it would be
    silently not applicable, so it is a problem saying why it does not apply."""
    out = []
    items = std.item_map()
    for item_id, response in record.responses.items():
        item = items.get(item_id)
        if item is None or response.status is None or response.status.value != "unmet":
            continue
        why = not_applying(item, record.subject)
        if why is not None:
            out.append(
                doc.coded(
                    ("responses", item_id),
                    "present-but-not-applying",
                    hint="hint-state-industry-or-na",
                    clause=item.article,
                    why=why.en,
                    why_zh=why.zh,
                )
            )
    return out


def cite(
    record: Record, std: Standard, doc: Document, catalog: Catalog
) -> tuple[Record, list[Problem]]:
    """The record with its findings' clauses resolved, and every problem found doing it."""
    on = record.inspection.date
    problems: list[Problem] = []
    findings: list[Finding] = []
    changed = False
    if std.kind == "determination":
        why = in_force_problem(std, on)
        if why:
            problems.append(
                doc.coded(("standard",), hint="hint-version-in-force", on=on.isoformat(), **why)
            )
        problems += _outside(record, std, doc)
    for i, finding in enumerate(record.findings):
        loc = ("findings", i, "basis")
        if finding.basis is None:
            item = std.item_map().get(finding.item or "") if std.kind == "determination" else None
            if item is not None and item.article:
                finding = finding.citing(f"{std.ref} {item.article}", item.text)
                changed = True
            findings.append(finding)
            continue
        parts = split_basis(finding.basis)
        if parts is None:
            problems.append(
                doc.coded(loc, "basis-form", hint="hint-basis-form", basis=repr(finding.basis))
            )
            findings.append(finding)
            continue
        ref, clause = parts
        try:
            pack = pack_for(catalog, ref, on)
        except SafecliError as error:
            problems.append(doc.moved(loc, error.problems[0]))
            findings.append(finding)
            continue
        item = clause_item(pack, clause)
        if pack.kind != "determination":
            problems.append(
                doc.coded(loc, "not-a-determination-pack", hint="hint-cite-pack", pack=pack.ref)
            )
        elif item is None or not item.article:
            problems.append(
                doc.coded(
                    loc, "pack-no-clause", hint="hint-show-pack", pack=pack.ref, clause=repr(clause)
                )
            )
        else:
            why = in_force_problem(pack, on)
            if why:
                problems.append(
                    doc.coded(
                        loc, hint="hint-cite-without-version", id=pack.id, on=on.isoformat(), **why
                    )
                )
            finding = finding.citing(f"{pack.ref} {item.article}", item.text)
            changed = True
        findings.append(finding)
    if changed:
        record = record.model_copy(update={"findings": findings})
    return record, problems
