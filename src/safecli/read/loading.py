"""Load standards and records, reporting every problem of a file at once, located.

Three layers run in order and each reports all it finds: YAML (syntax, duplicate keys), the
schema (pydantic), then meaning (ids that must exist, orders that must hold).
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from safecli.model.errors import InvalidFile, Problem, SafecliError
from safecli.model.industries import INDUSTRIES
from safecli.model.models import (
    STATUS_WORDS,
    ItemKind,
    Profile,
    Record,
    Response,
    Standard,
    Status,
)
from safecli.read import yamlio
from safecli.read.numbers import Renamed, resolve_items
from safecli.read.numbers import item_id as numbered_item
from safecli.read.owners import owner_problems
from safecli.read.yamlio import Document


class Catalog(Protocol):
    """What loading needs of a catalog (`safecli.read.catalog.Catalog`, a floor above, is one)."""

    def get(self, ref: str, *, where: Problem | Callable[[], Problem] | None = None) -> Standard:
        """The standard `ID@VERSION` or `ID`; UnknownStandard otherwise."""
        ...


M = TypeVar("M", bound=BaseModel)


# ---------------------------------------------------------------- schema errors


def _dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(f"[{part}]" if isinstance(part, int) else str(part) for part in loc).replace(
        ".[", "["
    )


def _model_at(model: Any, loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that holds the last key of `loc`, for 'expected one of' hints."""
    current = model
    for part in loc:
        current = _inner(current, part)
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner(tp: Any, part: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _inner(typing.get_args(tp)[0], part)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            found = _inner(arg, part)
            if found is not None:
                return found
        return None
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(part) if isinstance(part, str) else None
        return field.annotation if field else None
    if origin is list and isinstance(part, int):
        return typing.get_args(tp)[0]
    if origin is dict:
        return typing.get_args(tp)[1]
    return None


def _fields_of(model: Any, loc: tuple[Any, ...]) -> list[str]:
    holder = _model_at(model, loc)
    return list(holder.model_fields) if holder else []


def schema_problems(doc: Document, error: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Translate pydantic's errors into located, readable problems, one per place."""
    seen: set[tuple[Any, ...]] = set()
    problems: list[Problem] = []
    for err in error.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        known = loc
        while known and known not in doc.marks and known not in doc.key_marks:
            known = known[:-1]
        given = err.get("input")
        ctx = err.get("ctx") or {}
        hint = None
        if kind == "missing":
            name = loc[-1]
            message = f"missing required key {name!r}"
            where = loc[:-1]
            hint = f"add {name}: …"
            key = False
        elif kind == "extra_forbidden":
            name = loc[-1]
            message = f"unknown key {name!r}"
            allowed = _fields_of(model, loc[:-1])
            close = difflib.get_close_matches(str(name), allowed, n=1)
            hint = (f"did you mean {close[0]!r}? " if close else "") + (
                "expected one of: " + ", ".join(allowed) if allowed else "remove it"
            )
            where, key = loc, True
        else:
            where, key = known, False
            message, hint = _describe(kind, err["msg"], given, ctx, loc)
        label = _dotted(where if kind != "missing" else loc)
        text = f"{label}: {message}" if label else message
        dedupe = (where, text)
        if dedupe in seen:
            continue
        seen.add(dedupe)
        problems.append(doc.problem(where, text, hint, key=key))
    return problems


def _describe(
    kind: str, msg: str, given: Any, ctx: dict[str, Any], loc: tuple[Any, ...]
) -> tuple[str, str | None]:
    shown = (
        yamlio.shown(given)
        if isinstance(given, str)
        else repr(given)
        if not isinstance(given, (dict, list))
        else type(given).__name__
    )
    if kind in ("enum", "literal_error"):
        if loc and loc[-1] == "status":
            return (
                f"unknown status {given!r}",
                "expected one of: " + ", ".join(STATUS_WORDS),
            )
        return f"expected one of: {ctx.get('expected', '')} but received: {shown}", None
    if kind.startswith(("int_", "float_")) or kind in ("int_type", "float_type"):
        if kind == "int_from_float":
            return f"expected a whole number but received: {shown}", None
        return f"expected a number but received: {shown}", None
    if kind.startswith(("date_", "datetime_")):
        return f"expected a date but received: {shown}", "write it as YYYY-MM-DD"
    if kind == "string_type":
        return f"expected text but received: {shown}", "quote it"
    if kind == "list_type":
        return f"expected a list but received: {shown}", "write it as a '- ' list"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping (key: value) but received: {shown}", None
    if kind == "string_pattern_mismatch":
        return f"{shown} is not in the expected form ({ctx.get('pattern')})", None
    if kind == "value_error":
        text = msg.removeprefix("Value error, ")
        if "(" in text and text.endswith(")"):
            head, _, tail = text.rpartition(" (")
            return head, tail[:-1]
        return text, None
    if kind == "bool_parsing" or kind == "bool_type":
        return f"expected true or false but received: {shown}", None
    return f"{msg[0].lower()}{msg[1:]} (received: {shown})", None


def validate(doc: Document, model: type[M]) -> M:
    """Validate a parsed document against a model, or raise every schema problem at once."""
    if not isinstance(doc.data, dict):
        raise InvalidFile(
            doc.problem(
                (), f"expected a mapping at the top level but received: {type(doc.data).__name__}"
            )
        )
    try:
        return model.model_validate(doc.data)
    except ValidationError as error:
        deep = doc.nesting_problem()
        if deep is not None:
            raise InvalidFile(deep) from None
        raise InvalidFile(schema_problems(doc, error, model)) from None


# ---------------------------------------------------------------- standards


def _list(value: Any, key: str) -> list[Any]:
    found = value.get(key) if isinstance(value, dict) else None
    return found if isinstance(found, list) else []


def _ident(value: Any) -> str | None:
    found = value.get("id") if isinstance(value, dict) else None
    return found if isinstance(found, str) else None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


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
                    doc.problem(loc, f"duplicate {kind} id {ident!r}", f"first at line {line}")
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
                doc.problem(
                    (*loc, "id"),
                    f"item {item_id!r} is in section {section_id!r}",
                    f"name it {section_id}.N after the source numbering",
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
                    doc.problem(
                        (*loc, "applies_if", "industries", k),
                        f"unknown industry {ind!r}",
                        _suggest(ind, list(INDUSTRIES)),
                    )
                )

    grades = [g for g in _list(data, "grades") if isinstance(g, dict)]
    grade_ids = [x for x in (_ident(g) for g in grades) if x]
    mins = [(i, g.get("min")) for i, g in enumerate(grades) if _is_number(g.get("min"))]
    for (_, prev), (i, value) in itertools.pairwise(mins):
        # an equal min is allowed: two tiers may differ only by their required items
        if value > prev:
            out.append(
                doc.problem(
                    ("grades", i, "min"),
                    f"grades must be in descending order of min: {value} after {prev}",
                    "list the highest grade first",
                )
            )
    if mins and mins[-1][0] == len(grades) - 1 and mins[-1][1] != 0:
        out.append(
            doc.problem(
                ("grades", mins[-1][0], "min"),
                f"the last grade must start at 0, not {mins[-1][1]}",
                "add a lowest grade with min: 0",
            )
        )
    for i, grade in enumerate(grades):
        for k, req in enumerate(_list(grade, "requires")):
            if isinstance(req, str) and req not in item_ids:
                out.append(
                    doc.problem(
                        ("grades", i, "requires", k),
                        f"grade {_ident(grade)!r} requires {req!r}, which is no item of this standard",
                        _suggest(req, item_ids),
                    )
                )
    for i, veto in enumerate(_list(data, "vetoes")):
        if not isinstance(veto, dict):
            continue
        cap = veto.get("max_grade")
        if isinstance(cap, str) and grade_ids and cap not in grade_ids:
            out.append(
                doc.problem(
                    ("vetoes", i, "max_grade"),
                    f"max_grade {cap!r} is no grade of this standard",
                    "expected one of: " + ", ".join(grade_ids),
                )
            )
        for k, ref in enumerate(_list(veto.get("when"), "items_unmet")):
            if isinstance(ref, str) and ref not in item_ids:
                out.append(
                    doc.problem(
                        ("vetoes", i, "when", "items_unmet", k),
                        f"veto {_ident(veto)!r} names {ref!r}, which is no item of this standard",
                        _suggest(ref, item_ids),
                    )
                )
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
        "phases": [_ident(p) for p in _list(data, "phases")],
        "items": item_ids,
    }
    for key, ids in known.items():
        refs = plan.get(key)
        for ref in refs if isinstance(refs, dict) else {}:
            if ref not in ids:
                out.append(
                    doc.problem(
                        ("plan", key, ref),
                        f"plan.{key} names {ref!r}, which is not one of this standard's {key}",
                        _suggest(str(ref), [i for i in ids if i]),
                        key=True,
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
            out.append(
                doc.problem(
                    loc,
                    "plan text holds an editorial note (原文…, 读作…)",
                    "a unit's plan says what the unit does; keep notes in `note` fields",
                )
            )

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
                    doc.problem(
                        ("trace", i, "ref"), f"duplicate trace ref {ref!r}", f"first at line {line}"
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
                    doc.problem(
                        ("trace", i, "held_by", k),
                        f"held_by {name!r} names nothing in this standard",
                        "use grade:ID or one of: " + ", ".join(TRACE_HOLDERS),
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
                    doc.problem(
                        ("phases", i, "after"),
                        f"phase {name!r} follows {after!r}, which is not listed above it",
                        _suggest(str(after), seen[:-1]) if seen[:-1] else "list that phase first",
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
                        doc.problem(
                            ("phases", i, field), f"{value!r} is not a day of the year", "use MM-DD"
                        )
                    )
                else:
                    parsed[field] = md
            if "start" in parsed and "end" in parsed and parsed["start"] > parsed["end"]:
                out.append(
                    doc.problem(("phases", i, "end"), f"phase {name!r} ends before it starts")
                )
            key = (1, *parsed.get("start", parsed.get("end", (0, 0))))
        if last is not None and key < last:
            out.append(
                doc.problem(
                    ("phases", i),
                    f"phase {name!r} starts before the phase listed above it",
                    "list phases in the order they start",
                )
            )
        last = key
    return out


def _suggest(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=3, cutoff=0.5)
    if close:
        return "did you mean " + ", ".join(close) + "?"
    shown = choices[:12]
    return "expected one of: " + ", ".join(shown) + (", …" if len(choices) > 12 else "")


def load_standard(path: Path | str) -> Standard:
    """Read a standard file and check it completely; raise InvalidFile listing every problem."""
    doc = yamlio.read(path)
    meaning = standard_problems(doc)
    try:
        std = validate(doc, Standard)
    except InvalidFile as error:
        raise InvalidFile(sorted(error.problems + meaning)) from None
    if meaning:
        raise InvalidFile(meaning)
    return std


# ---------------------------------------------------------------- records


def record_problems(record: Record, std: Standard, doc: Document) -> list[Problem]:
    """Check a record against its standard: ids, scores, counts and metrics that must exist."""
    out: list[Problem] = []
    items = std.item_map()
    if record.subject.kind is not std.subject:
        out.append(
            doc.problem(
                ("subject", "kind"),
                f"subject.kind is {record.subject.kind.value!r} but {std.ref} assesses subjects "
                f"of kind {std.subject.value!r}",
                f"set kind: {std.subject.value}, or choose a standard for a "
                f"{record.subject.kind.value}",
            )
        )
    for item_id, response in record.responses.items():
        loc = ("responses", item_id)
        item = items.get(item_id)
        if item is None:
            out.append(
                doc.problem(
                    loc,
                    f"unknown item {item_id!r} in {std.ref}",
                    _suggest(item_id, list(items)),
                    key=True,
                )
            )
            continue
        if response.score is not None:
            if response.status is not Status.partial:
                out.append(
                    doc.problem(
                        (*loc, "score"),
                        f"{item_id}: a score is given but the status is not partial",
                        "set status: partial, or remove the score",
                    )
                )
            elif response.score > item.points:
                out.append(
                    doc.problem(
                        (*loc, "score"),
                        f"{item_id}: score {response.score:g} is above the item's {item.points:g} points",
                        f"give 0..{item.points:g}",
                    )
                )
        if response.deductions is not None:
            if not item.deductions:
                out.append(
                    doc.problem(
                        (*loc, "deductions"),
                        f"{item_id} has no deductions to count",
                        "answer it with a status",
                    )
                )
            else:
                known = [d.id for d in item.deductions]
                for name in response.deductions:
                    if name not in known:
                        out.append(
                            doc.problem(
                                (*loc, "deductions", name),
                                f"{item_id} has no deduction {name!r}",
                                _suggest(name, known),
                                key=True,
                            )
                        )
        if (
            item.kind is ItemKind.measure
            and response.status is not None
            and response.status is not Status.na
        ):
            out.append(
                doc.problem(
                    (*loc, "status"),
                    f"{item_id} is a measure: its result comes from metrics.{item.metric}",
                    f"report metrics.{item.metric}, or answer na if it does not apply",
                )
            )
    metrics = {i.metric for i in items.values() if i.metric} | {
        v.when.metric.metric for v in std.vetoes if v.when.metric
    }
    wanted = {rule.id for grade in std.grades for rule in grade.attestations}
    for name in record.attestations:
        if name not in wanted:
            out.append(
                doc.problem(
                    ("attestations", name),
                    f"no grade of {std.ref} requires an attestation {name!r}",
                    _suggest(name, sorted(wanted)) if wanted else "remove it",
                    key=True,
                )
            )
    for name in record.metrics:
        if name not in metrics:
            out.append(
                doc.problem(
                    ("metrics", name),
                    f"unknown metric {name!r} for {std.ref}",
                    _suggest(name, sorted(metrics)),
                    key=True,
                )
            )
    seen: set[str] = set()
    for i, finding in enumerate(record.findings):
        if finding.id in seen:
            out.append(
                doc.problem(
                    ("findings", i, "id"),
                    f"duplicate finding id {finding.id!r}",
                    "give each finding its own id (F1, F2, …)",
                )
            )
        seen.add(finding.id)
        if finding.item is not None and finding.item not in items:
            out.append(
                doc.problem(
                    ("findings", i, "item"),
                    f"finding {finding.id} names unknown item {finding.item!r}",
                    _suggest(finding.item, list(items)),
                )
            )
    return out


class RecordFile(typing.NamedTuple):
    """A checked record with its standard and where each of its parts sits in the file."""

    record: Record
    standard: Standard
    doc: Document


SHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv")


def read_record(path: Path | str, catalog: Catalog) -> RecordFile:
    """Read a record (YAML, or a filled xlsx/csv 自查表) and check it against its standard.

    `catalog` finds the standard (`api.read_record` defaults it to the bundled standards).
    """
    if Path(path).suffix.lower() in SHEET_SUFFIXES:
        # imported here: a YAML record (the common case) does not pay for the sheet reader
        from safecli.read.sheets.reader import UnreadCells, read_sheet

        try:
            doc = read_sheet(path, catalog)
        except UnreadCells as error:
            # a cell that could not be read is reported once, not again as missing
            taken = {(p.path, p.line, p.col) for p in error.problems}
            extra = [
                p
                for p in _sheet_problems(error.doc, catalog)
                if (p.path, p.line, p.col) not in taken
            ]
            raise InvalidFile(sorted(set(error.problems + extra))) from None
    else:
        doc = yamlio.read(path)
    try:
        record = validate(doc, Record)
    except InvalidFile as error:
        raise InvalidFile(error.problems + _raw_id_problems(doc, catalog)) from None
    std = catalog.get(record.standard, where=lambda: doc.problem(("standard",), ""))
    record, written = resolve_items(record, std)  # items named by their numbers on paper
    record = deduction_ids(record, std)
    problems = record_problems(record, std, Renamed(doc, written) if written else doc)
    if problems:
        raise InvalidFile(problems)
    return RecordFile(record, std, doc)


def _name(text: str) -> str:
    return "".join(text.split()).casefold()


def deduction_ids(record: Record, std: Standard) -> Record:
    """`record` with each deduction it names by its Chinese name or text renamed to its id.

    A client filling a 自查表 writes 外来人员管理 1 rather than outside-personnel×1: the name
    (the standard's `labels`) and the full text (缺外来人员管理制度或其台帐扣1分) both count.
    """
    items = std.item_map()
    changed: dict[str, Response] = {}
    for item_id, response in record.responses.items():
        item = items.get(item_id)
        if response.deductions is None or item is None or not item.deductions:
            continue
        names: dict[str, str] = {}
        for d in item.deductions:
            for text in (d.id, std.deduction_label(d).zh, d.text.zh, d.text.get("en")):
                names.setdefault(_name(text), d.id)
        counts: dict[str, int] = {}
        for key, n in response.deductions.items():
            found = names.get(_name(key), key)
            counts[found] = counts.get(found, 0) + n
        if counts != response.deductions:
            changed[item_id] = response.model_copy(update={"deductions": counts})
    if not changed:
        return record
    return record.model_copy(update={"responses": {**record.responses, **changed}})


def _sheet_problems(doc: Document, catalog: Catalog) -> list[Problem]:
    """What the record check finds in a sheet that also had unreadable cells."""
    try:
        record = validate(doc, Record)
        std = catalog.get(record.standard, where=lambda: doc.problem(("standard",), ""))
    except SafecliError as error:
        return error.problems
    record, written = resolve_items(record, std)
    return record_problems(deduction_ids(record, std), std, Renamed(doc, written))


def load_record(path: Path | str, catalog: Catalog) -> Record:
    """Read a record and check it against its standard; raise InvalidFile listing every problem."""
    return read_record(path, catalog).record


def _raw_id_problems(doc: Document, catalog: Catalog) -> list[Problem]:
    """Unknown item ids, reported beside schema errors so one run shows both."""
    data = doc.data if isinstance(doc.data, dict) else {}
    ref, responses = data.get("standard"), data.get("responses")
    if not isinstance(ref, str) or not isinstance(responses, dict):
        return []
    try:
        std = catalog.get(ref, where=lambda: doc.problem(("standard",), ""))
    except SafecliError as error:  # no such standard: report that with the schema errors
        return list(error.problems)
    items = list(std.item_map())
    return [
        doc.problem(
            ("responses", key),
            f"unknown item {key!r} in {std.ref}",
            _suggest(str(key), items),
            key=True,
        )
        for key in responses
        if numbered_item(std, str(key)) not in items
    ]


# ---------------------------------------------------------------- unit profiles (单位概况)

PROFILE_NAME = "profile.yaml"


def load_profile(path: Path | str, standard: Standard | None = None) -> Profile:
    """Read and validate a unit profile; raise InvalidFile listing every problem, located.

    With `standard`, a department taking an owner the standard does not have is a problem too.
    """
    return profile_from(yamlio.read(path), standard)


def profile_from(doc: Document, standard: Standard | None = None) -> Profile:
    """Validate a parsed profile document (YAML, or the 单位信息 sheet of a 自查表)."""
    profile = validate(doc, Profile)
    if standard is not None:
        problems = owner_problems(profile, standard, doc)
        if problems:
            raise InvalidFile(problems)
    return profile


def profile_beside(record: Path | str) -> Path | None:
    """The profile that goes with `record`: `<stem>.profile.yaml` beside it, else `profile.yaml`."""
    path = Path(record)
    for candidate in (path.with_name(f"{path.stem}.profile.yaml"), path.with_name(PROFILE_NAME)):
        if candidate.is_file():
            return candidate
    return None
