"""Overlays (local 细则): read one, and apply it to its base into the effective standard.

The effective standard has the overlay's id, version and (if given) title; `extends` names the
base and `changes` lists what the overlay did, so every output can name both and the trace can
say which layer each item comes from. Every problem of an overlay is reported at once, located
at its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from safecli.model.errors import Code, InvalidFile, Problem
from safecli.model.standard import Standard
from safecli.read import standard_cache, yamlio
from safecli.read.standards import standard_of, standard_problems
from safecli.read.validation import suggest, validate
from safecli.read.yamlio import Document

if TYPE_CHECKING:  # a plain standard needs neither: loaded when an overlay is read
    from safecli.model.overlay import Overlay


class OverlayFile(NamedTuple):
    """An overlay read from its file, not yet applied (its base may not be loaded yet)."""

    overlay: Overlay
    doc: Document


def is_overlay(doc: Document) -> bool:
    """Whether a standard file is an overlay (it says what it `extends`)."""
    return isinstance(doc.data, dict) and "extends" in doc.data


def read_overlay(doc: Document) -> OverlayFile:
    """The overlay of a parsed file; InvalidFile with every schema problem."""
    from safecli.model.overlay import Overlay

    return OverlayFile(validate(doc, Overlay), doc)


def _text(value: Any) -> dict[str, Any]:
    return value.model_dump(exclude_none=True)


def apply_overlay(base: Standard, found: OverlayFile) -> Standard:
    """The effective standard of `found` over `base`; InvalidFile listing every problem."""
    from safecli.model.methods import parse_method

    overlay, doc = found
    data = base.model_dump(mode="json", exclude_none=True)
    problems: list[Problem] = []
    changes: list[dict[str, Any]] = [c.model_dump(mode="json") for c in base.changes]

    def where(loc: tuple[Any, ...], code: str, hint: str | None = None, **params: Any) -> None:
        problems.append(doc.coded(loc, code, hint=hint, base=base.ref, **params))

    def locate(item_id: str) -> tuple[dict[str, Any], int] | None:
        for section in data["sections"]:
            for k, item in enumerate(section["items"]):
                if item["id"] == item_id:
                    return section, k
        return None

    def near_item(item_id: str) -> dict[str, Any]:
        """The hint for an item the base lacks: the close ids, else where to see them all."""
        ids = [item["id"] for section in data["sections"] for item in section["items"]]
        found = suggest(item_id, ids)
        return found if "close" in found else {"hint": Code("hint-show-pack"), "pack": base.ref}

    def grade_ids() -> list[str]:
        return [g["id"] for g in data["grades"]]

    def grade_at(grade_id: str) -> int | None:
        return next((k for k, g in enumerate(data["grades"]) if g["id"] == grade_id), None)

    def note(action: str, ident: str, target: str, reason: Any) -> None:
        changes.append({"action": action, "id": ident, "target": target, "reason": _text(reason)})

    for k, add in enumerate(overlay.add):
        if add.grade is not None:
            if grade_at(add.grade.id) is not None:
                where(
                    ("add", k, "grade", "id"),
                    "overlay-grade-exists",
                    "hint-reweigh-or-reword",
                    grade=repr(add.grade.id),
                )
                continue
            grade = add.grade.model_dump(mode="json", exclude_none=True)
            at = next(
                (n for n, g in enumerate(data["grades"]) if g["min"] < add.grade.min),
                len(data["grades"]),
            )
            data["grades"].insert(at, grade)
            note("add", add.grade.id, "grade", add.reason)
            continue
        assert add.item is not None
        if locate(add.item.id) is not None:
            where(
                ("add", k, "item", "id"),
                "overlay-item-exists",
                "hint-new-item-id",
                item=repr(add.item.id),
            )
            continue
        section = next((s for s in data["sections"] if s["id"] == add.section), None)
        if section is None:
            if add.title is None:
                where(
                    ("add", k, "section"),
                    "overlay-no-section",
                    "hint-section-title",
                    section=repr(add.section),
                    expected=", ".join(s["id"] for s in data["sections"]),
                )
                continue
            section = {"id": add.section, "title": _text(add.title), "items": []}
            data["sections"].append(section)
        section["items"].append(add.item.model_dump(mode="json", exclude_none=True))
        note("add", add.item.id, "item", add.reason)

    for k, drop in enumerate(overlay.drop):
        if drop.grade is not None:
            at = grade_at(drop.grade)
            capped = [v["id"] for v in data.get("vetoes", []) if v["max_grade"] == drop.grade]
            if at is None:
                where(
                    ("drop", k, "grade"),
                    "overlay-no-grade",
                    grade=repr(drop.grade),
                    **suggest(drop.grade, grade_ids()),
                )
            elif at == len(data["grades"]) - 1:
                where(
                    ("drop", k, "grade"),
                    "overlay-drop-lowest",
                    "hint-lowest-grade-stays",
                )
            elif capped:
                where(
                    ("drop", k, "grade"),
                    "overlay-drop-capped",
                    "hint-veto-needs-grade",
                    veto=capped[0],
                    grade=repr(drop.grade),
                )
            else:
                del data["grades"][at]
                note("drop", drop.grade, "grade", drop.reason)
            continue
        assert drop.id is not None
        place = locate(drop.id)
        needs = [g["id"] for g in data["grades"] if drop.id in g.get("requires", [])]
        needs += [
            v["id"] for v in data.get("vetoes", []) if drop.id in v["when"].get("items_unmet", [])
        ]
        if place is None:
            where(
                ("drop", k, "id"),
                "overlay-no-item",
                item=repr(drop.id),
                **near_item(drop.id),
            )
        elif needs:
            where(
                ("drop", k, "id"),
                "overlay-drop-needed",
                "hint-needed-item",
                needer=needs[0],
                item=repr(drop.id),
            )
        else:
            section, at = place
            del section["items"][at]
            note("drop", drop.id, "item", drop.reason)
    data["sections"] = [s for s in data["sections"] if s["items"]]

    for k, change in enumerate(overlay.reweigh):
        if change.grade is not None:
            at = grade_at(change.grade)
            if at is None:
                where(
                    ("reweigh", k, "grade"),
                    "overlay-no-grade",
                    grade=repr(change.grade),
                    **suggest(change.grade, grade_ids()),
                )
                continue
            data["grades"][at]["min"] = change.min
            note("reweigh", change.grade, "grade", change.reason)
            continue
        assert change.id is not None
        place = locate(change.id)
        if place is None:
            where(
                ("reweigh", k, "id"),
                "overlay-no-item",
                item=repr(change.id),
                **near_item(change.id),
            )
            continue
        section, at = place
        section["items"][at]["points"] = change.points
        note("reweigh", change.id, "item", change.reason)

    for k, change in enumerate(overlay.reword):
        if change.grade is not None:
            at = grade_at(change.grade)
            if at is None:
                where(
                    ("reword", k, "grade"),
                    "overlay-no-grade",
                    grade=repr(change.grade),
                    **suggest(change.grade, grade_ids()),
                )
                continue
            data["grades"][at]["label"] = _text(change.label)
            note("reword", change.grade, "grade", change.reason)
            continue
        assert change.id is not None
        place = locate(change.id)
        if place is None:
            where(
                ("reword", k, "id"),
                "overlay-no-item",
                item=repr(change.id),
                **near_item(change.id),
            )
            continue
        section, at = place
        item = section["items"][at]
        if change.text is not None:
            item["text"] = _text(change.text)
        if change.method is not None:
            method = parse_method(change.method.zh)
            for sentence in method.unparsed:
                where(
                    ("reword", k, "method"),
                    "method-sentence-unread",
                    "hint-method-forms",
                    field=change.id,
                    sentence=repr(sentence[:60]),
                )
            item["method"] = _text(change.method)
            for key in ("deductions", "zero_if", "extra"):
                item.pop(key, None)
                if getattr(method, key):
                    item[key] = getattr(method, key)
        note("reword", change.id, "item", change.reason)

    if problems:
        raise InvalidFile(problems)
    data.update(id=overlay.id, version=overlay.version, extends=base.ref, changes=changes)
    if overlay.title is not None:
        data["title"] = _text(overlay.title)
    if overlay.scoring_note is not None:
        data["scoring_note"] = _text(overlay.scoring_note)
    data.pop("stated_points", None)  # the base's 合计 no longer holds once items change
    for section in data["sections"]:
        section.pop("stated_points", None)
    merged = Document(doc.path, data, {}, {})
    meaning = standard_problems(merged)
    if meaning:
        raise InvalidFile(meaning)
    return validate(merged, Standard)


def read_standard_file(path: Path | str) -> Standard | OverlayFile:
    """A standard file: a complete standard, or an overlay still to be applied to its base.

    A complete standard that passed every check is kept in the user's cache, keyed by the
    file's bytes (`standard_cache`): the next run with the same bytes skips the YAML."""
    raw = yamlio.read_bytes(path)
    cached = standard_cache.load(raw)
    if cached is not None:
        return cached
    doc = yamlio.parse(yamlio.decode(raw, str(path)), str(path))
    if is_overlay(doc):
        return read_overlay(doc)
    standard = standard_of(doc)
    standard_cache.store(raw, standard)
    return standard
