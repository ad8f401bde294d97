"""Loading a standard: the schema, then what the schema cannot say (unique ids, grade order,
references, plan wording, trace parts, phase order), every problem located.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

from safecli.model.errors import Code, InvalidFile, Problem
from safecli.model.industries import INDUSTRIES
from safecli.model.plan_text import DETERMINATION_STEPS
from safecli.model.standard import Standard
from safecli.read import yamlio
from safecli.read.rulecheck import item_rule_problems
from safecli.read.rules import standard_rule_problems
from safecli.read.validation import suggest, validate
from safecli.read.yamlio import Document


def _list(value: Any, key: str) -> list[Any]:
    found = value.get(key) if isinstance(value, dict) else None
    return found if isinstance(found, list) else []


def _ident(value: Any) -> str | None:
    found = value.get("id") if isinstance(value, dict) else None
    return found if isinstance(found, str) else None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


KINDS = {"item": Code("kind-item")}
"""What a duplicate id is the id of, as a word of the run's language."""


def standard_problems(doc: Document) -> list[Problem]:
    """Meaning checks a schema cannot express: unique ids, existing references, orders.

    They read the parsed data itself, so a file with schema errors gets these reported too.
    """
    data = doc.data if isinstance(doc.data, dict) else {}
    out: list[Problem] = []

    def dup(kind: str, entries: list[tuple[str | None, tuple[Any, ...]]]) -> None:
        seen: dict[str, tuple[Any, ...]] = {}
        for ident, loc in entries:
            if ident is None:
                continue
            if ident in seen:
                line = doc.where(seen[ident])[0]
                out.append(
                    doc.coded(
                        loc,
                        "duplicate-id",
                        hint="hint-first-at",
                        what=KINDS[kind],
                        id=repr(ident),
                        first=line,
                    )
                )
            else:
                seen[ident] = loc

    sections = _list(data, "sections")
    for key, kind in (
        ("sections", "section"),
        ("grades", "grade"),
        ("vetoes", "veto"),
        ("phases", "phase"),
        ("goals", "goal"),
    ):
        dup(kind, [(_ident(e), (key, i, "id")) for i, e in enumerate(_list(data, key))])
    items: list[tuple[int, int, dict[str, Any]]] = [
        (i, j, item)
        for i, section in enumerate(sections)
        for j, item in enumerate(_list(section, "items"))
        if isinstance(item, dict)
    ]
    dup("item", [(_ident(item), ("sections", i, "items", j, "id")) for i, j, item in items])
    item_ids = [x for x in (_ident(item) for _, _, item in items) if x]

    for i, j, item in items:
        loc = ("sections", i, "items", j)
        section_id = _ident(sections[i])
        item_id = _ident(item)
        if section_id and item_id and not item_id.startswith(section_id + "."):
            out.append(
                doc.coded(
                    (*loc, "id"),
                    "item-outside-section",
                    hint="hint-item-numbering",
                    item=repr(item_id),
                    section=repr(section_id),
                    prefix=section_id,
                )
            )
        dup(
            f"deduction (in {item_id})",
            [
                (_ident(d), (*loc, "deductions", k, "id"))
                for k, d in enumerate(_list(item, "deductions"))
            ],
        )
        cond = item.get("applies_if")
        for k, ind in enumerate(_list(cond, "industries")):
            if isinstance(ind, str) and ind not in INDUSTRIES:
                out.append(
                    doc.coded(
                        (*loc, "applies_if", "industries", k),
                        "unknown-industry",
                        industry=repr(ind),
                        **suggest(ind, list(INDUSTRIES)),
                    )
                )

    grades = [g for g in _list(data, "grades") if isinstance(g, dict)]
    grade_ids = [x for x in (_ident(g) for g in grades) if x]
    for i, j, item in items:
        out.extend(item_rule_problems(doc, ("sections", i, "items", j), item, grade_ids))
    mins = [(i, g.get("min")) for i, g in enumerate(grades) if _is_number(g.get("min"))]
    for (_, prev), (i, value) in itertools.pairwise(mins):
        # an equal min is allowed: two tiers may differ only by their required items
        if value > prev:
            out.append(
                doc.coded(
                    ("grades", i, "min"),
                    "grades-order",
                    hint="hint-highest-first",
                    value=value,
                    prev=prev,
                )
            )
    if mins and mins[-1][0] == len(grades) - 1 and mins[-1][1] != 0:
        out.append(
            doc.coded(
                ("grades", mins[-1][0], "min"),
                "last-grade-min",
                hint="hint-lowest-grade",
                value=mins[-1][1],
            )
        )
    for i, grade in enumerate(grades):
        for k, req in enumerate(_list(grade, "requires")):
            if isinstance(req, str) and req not in item_ids:
                out.append(
                    doc.coded(
                        ("grades", i, "requires", k),
                        "grade-requires-unknown",
                        grade=repr(_ident(grade)),
                        item=repr(req),
                        **suggest(req, item_ids),
                    )
                )
    for i, veto in enumerate(_list(data, "vetoes")):
        if not isinstance(veto, dict):
            continue
        cap = veto.get("max_grade")
        if isinstance(cap, str) and grade_ids and cap not in grade_ids:
            out.append(
                doc.coded(
                    ("vetoes", i, "max_grade"),
                    "unknown-max-grade",
                    hint="hint-expected-one-of",
                    grade=repr(cap),
                    expected=", ".join(grade_ids),
                )
            )
        for k, ref in enumerate(_list(veto.get("when"), "items_unmet")):
            if isinstance(ref, str) and ref not in item_ids:
                out.append(
                    doc.coded(
                        ("vetoes", i, "when", "items_unmet", k),
                        "veto-names-unknown",
                        veto=repr(_ident(veto)),
                        item=repr(ref),
                        **suggest(ref, item_ids),
                    )
                )
    out.extend(standard_rule_problems(doc))
    out.extend(_phase_problems(doc))
    out.extend(_plan_problems(doc, item_ids))
    out.extend(_trace_problems(doc, grade_ids))
    return out


EDITORIAL_MARKS = ("原文", "读作", "本标准所定", "本标准所加")
"""Words of editorial notes: they belong in `note` fields, never in a unit's plan text."""


def _plan_problems(doc: Document, item_ids: list[str]) -> list[Problem]:
    """The `plan:` block names existing vetoes, phases and items, and holds no editorial note."""
    data = doc.data if isinstance(doc.data, dict) else {}
    plan = data.get("plan")
    if not isinstance(plan, dict):
        return []
    out: list[Problem] = []
    known = {
        "vetoes": [_ident(v) for v in _list(data, "vetoes")],
        "phases": list(DETERMINATION_STEPS)
        if data.get("kind") == "determination"
        else [_ident(p) for p in _list(data, "phases")],
        "items": item_ids,
    }
    for key, ids in known.items():
        refs = plan.get(key)
        for ref in refs if isinstance(refs, dict) else {}:
            if ref not in ids:
                out.append(
                    doc.coded(
                        ("plan", key, ref),
                        "plan-names-unknown",
                        key=True,
                        part=key,
                        ref=repr(ref),
                        **suggest(str(ref), [i for i in ids if i]),
                    )
                )

    def walk(value: Any, loc: tuple[Any, ...]) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, (*loc, k))
        elif isinstance(value, list):
            for n, v in enumerate(value):
                walk(v, (*loc, n))
        elif isinstance(value, str) and any(m in value for m in EDITORIAL_MARKS):
            out.append(doc.coded(loc, "plan-editorial-note", hint="hint-notes-in-note"))

    walk(plan, ("plan",))
    return out


TRACE_HOLDERS = ("scoring_note", "principles", "version", "title")
"""What a `trace` part may name in `held_by` besides `grade:ID`."""


def _trace_problems(doc: Document, grade_ids: list[str]) -> list[Problem]:
    out: list[Problem] = []
    seen: dict[str, int] = {}
    for i, part in enumerate(_list(doc.data, "trace")):
        if not isinstance(part, dict):
            continue
        ref = part.get("ref")
        if isinstance(ref, str):
            if ref in seen:
                line = doc.where(("trace", seen[ref], "ref"))[0]
                out.append(
                    doc.coded(
                        ("trace", i, "ref"),
                        "duplicate-trace-ref",
                        hint="hint-first-at",
                        ref=repr(ref),
                        first=line,
                    )
                )
            else:
                seen[ref] = i
        for k, name in enumerate(_list(part, "held_by")):
            if not isinstance(name, str):
                continue
            kind, _, ident = name.partition(":")
            known = kind in TRACE_HOLDERS if not ident else kind == "grade" and ident in grade_ids
            if not known:
                out.append(
                    doc.coded(
                        ("trace", i, "held_by", k),
                        "held-by-unknown",
                        hint="hint-held-by",
                        name=repr(name),
                        holders=", ".join(TRACE_HOLDERS),
                    )
                )
    return out


def _month_day(value: Any) -> tuple[int, int] | None:
    if not isinstance(value, str) or len(value) != 5 or value[2] != "-":
        return None
    try:
        month, day = int(value[:2]), int(value[3:])
        dt.date(2024, month, day)  # a leap year, so 02-29 is allowed
    except ValueError:
        return None
    return (month, day)


def _phase_problems(doc: Document) -> list[Problem]:
    out: list[Problem] = []
    last: tuple[int, ...] | None = None
    seen: list[str] = []
    for i, phase in enumerate(_list(doc.data, "phases")):
        if not isinstance(phase, dict):
            continue
        name = _ident(phase)
        seen.append(name)
        after = phase.get("after")
        if after is not None:  # dated from the step it follows, not in the calendar's order
            if after not in seen[:-1]:
                out.append(
                    doc.coded(
                        ("phases", i, "after"),
                        "phase-after-unknown",
                        name=repr(name),
                        after=repr(after),
                        **(
                            suggest(str(after), seen[:-1])
                            if seen[:-1]
                            else {"hint": Code("hint-list-first")}
                        ),
                    )
                )
            continue
        if _is_number(phase.get("start_month")):
            key: tuple[int, ...] = (0, int(phase["start_month"]))
        else:
            parsed = {}
            for field in ("start", "end"):
                value = phase.get(field)
                if value is None:
                    continue
                md = _month_day(value)
                if md is None:
                    out.append(
                        doc.coded(
                            ("phases", i, field),
                            "not-a-day",
                            hint="hint-use-mm-dd",
                            value=repr(value),
                        )
                    )
                else:
                    parsed[field] = md
            if "start" in parsed and "end" in parsed and parsed["start"] > parsed["end"]:
                out.append(doc.coded(("phases", i, "end"), "phase-ends-first", name=repr(name)))
            key = (1, *parsed.get("start", parsed.get("end", (0, 0))))
        if last is not None and key < last:
            out.append(
                doc.coded(("phases", i), "phase-order", hint="hint-phase-order", name=repr(name))
            )
        last = key
    return out


def load_standard(path: Path | str) -> Standard:
    """Read a standard file and check it completely; raise InvalidFile listing every problem."""
    return standard_of(yamlio.read(path))


def standard_of(doc: Document) -> Standard:
    """A parsed standard file checked completely; InvalidFile listing every problem."""
    meaning = standard_problems(doc)
    try:
        std = validate(doc, Standard)
    except InvalidFile as error:
        raise InvalidFile(sorted(error.problems + meaning)) from None
    if meaning:
        raise InvalidFile(meaning)
    return std
