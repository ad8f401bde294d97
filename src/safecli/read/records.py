"""Records and unit profiles: a read Document checked against its standard and loaded as a model,
every problem located at its line.
"""

from __future__ import annotations

import functools
import os
import typing
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from safecli.model.errors import InvalidFile, Problem, SafecliError
from safecli.model.labels import Status
from safecli.model.record import PLAIN_STATUS, Record, Response
from safecli.model.standard import Item, Standard
from safecli.model.waivers import ExceptionsFile
from safecli.read import waivers, yamlio
from safecli.read.clauses import cite
from safecli.read.numbers import Renamed, resolve_items
from safecli.read.numbers import item_id as numbered_item
from safecli.read.owners import owner_problems
from safecli.read.rulecheck import response_rule_problems
from safecli.read.rules import record_rule_problems
from safecli.read.standard_index import index_of, written_name
from safecli.read.validation import suggest, validate
from safecli.read.yamlio import Document

if TYPE_CHECKING:  # read with a unit profile only (reports, plans)
    from safecli.model.profile import Profile


class Catalog(Protocol):
    """What loading needs of a catalog (`safecli.read.catalog.Catalog`, a floor above, is one)."""

    def get(self, ref: str, *, where: Problem | Callable[[], Problem] | None = None) -> Standard:
        """The standard `ID@VERSION` or `ID`; UnknownStandard otherwise."""
        ...


def record_problems(record: Record, std: Standard, doc: Document) -> list[Problem]:
    """Check a record against its standard: ids, scores, counts and metrics that must exist."""
    out: list[Problem] = []
    index = index_of(std)
    items = index.items
    measures = index.measures
    plain = PLAIN_STATUS
    na = _NA
    nas: list[tuple[str, Item]] = []  # items answered na, for the rules below
    if record.subject.kind is not std.subject:
        out.append(
            doc.coded(
                ("subject", "kind"),
                "wrong-subject-kind",
                hint="hint-set-kind",
                kind=repr(record.subject.kind.value),
                standard=std.ref,
                expected=repr(std.subject.value),
                wanted=std.subject.value,
                given=record.subject.kind.value,
            )
        )
    for item_id, response in record.responses.items():
        item = items.get(item_id)
        status = plain.get(id(response))
        if status is not None and item is not None:  # most answers: a shared bare status
            if status is na:
                nas.append((item_id, item))
            elif item_id in measures:
                out.append(_measure_answered(doc, item_id, item))
            continue
        loc = ("responses", item_id)
        if item is None:
            out.append(
                doc.coded(
                    loc,
                    "unknown-item",
                    key=True,
                    item=repr(item_id),
                    standard=std.ref,
                    **suggest(item_id, index.item_ids),
                )
            )
            continue
        if response.score is not None or response.zero_if is not None:
            out.extend(response_rule_problems(doc, loc, item, response))
        if response.deductions is not None:
            if not item.deductions:
                out.append(
                    doc.coded(
                        (*loc, "deductions"),
                        "no-deductions",
                        hint="hint-answer-status",
                        item=item_id,
                    )
                )
            else:
                known = [d.id for d in item.deductions]
                for name in response.deductions:
                    if name not in known:
                        out.append(
                            doc.coded(
                                (*loc, "deductions", name),
                                "unknown-deduction",
                                key=True,
                                item=item_id,
                                deduction=repr(name),
                                **suggest(name, known),
                            )
                        )
        status = response.status
        if status is na:
            nas.append((item_id, item))
        elif status is not None and item_id in measures:
            out.append(_measure_answered(doc, item_id, item))
    wanted = index.attestations
    for name in record.attestations:
        if name not in wanted:
            out.append(
                doc.coded(
                    ("attestations", name),
                    "unknown-attestation",
                    key=True,
                    standard=std.ref,
                    name=repr(name),
                    **(
                        suggest(name, index.attestation_names)
                        if wanted
                        else {"hint": "hint-remove-it"}
                    ),
                )
            )
    for name in record.metrics:
        if name not in index.metrics:
            out.append(
                doc.coded(
                    ("metrics", name),
                    "unknown-metric",
                    key=True,
                    metric=repr(name),
                    standard=std.ref,
                    **suggest(name, index.metric_names),
                )
            )
    seen: set[str] = set()
    for i, finding in enumerate(record.findings):
        if finding.id in seen:
            out.append(
                doc.coded(
                    ("findings", i, "id"),
                    "duplicate-finding",
                    hint="hint-finding-ids",
                    finding=repr(finding.id),
                )
            )
        seen.add(finding.id)
        if finding.item is not None and finding.item not in items:
            out.append(
                doc.coded(
                    ("findings", i, "item"),
                    "finding-unknown-item",
                    finding=finding.id,
                    item=repr(finding.item),
                    **suggest(finding.item, index.item_ids),
                )
            )
    out.extend(record_rule_problems(record, std, doc, nas))
    return out


def _measure_answered(doc: Document, item_id: str, item: Item) -> Problem:
    return doc.coded(
        ("responses", item_id, "status"),
        "measure-answered",
        hint="hint-report-metric-or-na",
        item=item_id,
        metric=item.metric,
    )


_NA = Status.na
"""Read once: an enum's member read off its class costs a call of the metaclass's lookup."""


class RecordFile(typing.NamedTuple):
    """A checked record with its standard and where each of its parts sits in the file."""

    record: Record
    standard: Standard
    doc: Document


SHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv")


def read_record(path: Path | str, catalog: Catalog, *, doc: Document | None = None) -> RecordFile:
    """Read a record (YAML, or a filled xlsx/csv 自查表) and check it against its standard.

    `catalog` finds the standard (`api.read_record` defaults it to the bundled standards);
    `doc` is the YAML file already parsed (a shard's pre-scan), else it is read here.
    """
    if os.path.splitext(path)[1].lower() in SHEET_SUFFIXES:  # Path(path).suffix, cheaper
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
    elif doc is None:
        doc = yamlio.read(path)
    try:
        record = validate(doc, Record)
    except InvalidFile as error:
        raw = _raw_id_problems(doc, catalog)
        # a standard no catalog knows is said once, with the way forward, not as a pattern too
        unknown = {(p.path, p.line, p.col) for p in raw if p.code in _NO_STANDARD}
        kept = [p for p in error.problems if (p.path, p.line, p.col) not in unknown]
        raise InvalidFile(kept + raw) from None
    std = catalog.get(record.standard, where=lambda: doc.place(("standard",)))
    record, written = resolve_items(record, std)  # items named by their numbers on paper
    record = deduction_ids(record, std)
    record, shared_problems = _with_shared_exceptions(path, record, std, doc)
    problems = record_problems(record, std, Renamed(doc, written) if written else doc)
    problems += shared_problems
    record, cited = cite(record, std, doc, catalog)
    if problems or cited:
        raise InvalidFile(problems + [p for p in cited if p not in problems])
    return RecordFile(record, std, doc)


@functools.lru_cache(maxsize=8)
def _read_shared(
    path: str, stamp: tuple[int, int], shown: str
) -> tuple[ExceptionsFile | None, Document]:
    """The repository's exceptions.yaml (absolute `path`, named `shown` in problems), read and
    validated once per version of the file."""
    doc = yamlio.read(shown)  # `path` keys the cache: `shown` is relative to where we run
    shared = validate(doc, ExceptionsFile)
    for i, entry in enumerate(shared.exceptions):
        entry._at = (path, *doc.where(("exceptions", i)))  # absolute: the gate makes it relative
    return shared, doc


def _with_shared_exceptions(
    path: Path | str, record: Record, std: Standard, doc: Document
) -> tuple[Record, list[Problem]]:
    """`record` with the shared exceptions that concern its unit, and every problem of its
    exceptions (its own and the shared ones), located where each is written."""
    file = waivers.shared_file(path)
    own = len(record.exceptions)
    if file is None and not own:
        return record, []  # nothing excused: nothing to check
    places: list[tuple[Document, int]] = [(doc, i) for i in range(own)]
    if file is not None:
        stat = file.stat()
        try:
            shown = os.path.relpath(file)
            stamp = (stat.st_mtime_ns, stat.st_size)
            shared, shared_doc = _read_shared(
                str(file), stamp, str(file) if shown.startswith("..") else shown
            )
        except InvalidFile as error:
            return record, error.problems
        assert shared is not None
        mine = [(i, e) for i, e in enumerate(shared.exceptions) if e.concerns(record)]
        if mine:
            places += [(shared_doc, i) for i, _ in mine]
            extra = [e for _, e in mine]
            record = record.model_copy(update={"exceptions": [*record.exceptions, *extra]})

    def locate(index: int, field: str, code: str, **params: Any) -> Problem:
        where, at = places[index]
        return where.coded(("exceptions", at, field), code, **params)

    return record, waivers.exception_problems(std, record.exceptions, locate, suggest)


def deduction_ids(record: Record, std: Standard) -> Record:
    """`record` with each deduction it names by its Chinese name or text renamed to its id.

    A client filling a 自查表 writes 外来人员管理 1 rather than outside-personnel×1: the name
    (the standard's `labels`) and the full text (缺外来人员管理制度或其台帐扣1分) both count.
    """
    known = index_of(std).deduction_names
    changed: dict[str, Response] = {}
    plain = PLAIN_STATUS
    for item_id, response in record.responses.items():
        if id(response) in plain or response.deductions is None:
            continue
        names = known.get(item_id)
        if names is None:  # no such item, or one without deductions: reported elsewhere
            continue
        counts: dict[str, int] = {}
        for key, n in response.deductions.items():
            found = names.get(written_name(key), key)
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
        std = catalog.get(record.standard, where=lambda: doc.place(("standard",)))
    except SafecliError as error:
        return error.problems
    record, written = resolve_items(record, std)
    return record_problems(deduction_ids(record, std), std, Renamed(doc, written))


def load_record(path: Path | str, catalog: Catalog) -> Record:
    """Read a record and check it against its standard; raise InvalidFile listing every problem."""
    return read_record(path, catalog).record


_NO_STANDARD = ("unknown-standard", "no-such-version")


def _raw_id_problems(doc: Document, catalog: Catalog) -> list[Problem]:
    """Unknown item ids, reported beside schema errors so one run shows both."""
    data = doc.data if isinstance(doc.data, dict) else {}
    ref, responses = data.get("standard"), data.get("responses")
    if not isinstance(ref, str) or not isinstance(responses, dict):
        return []
    try:
        std = catalog.get(ref, where=lambda: doc.place(("standard",)))
    except SafecliError as error:  # no such standard: report that with the schema errors
        return list(error.problems)
    items = list(std.item_map())
    return [
        doc.coded(
            ("responses", key),
            "unknown-item",
            key=True,
            item=repr(key),
            standard=std.ref,
            **suggest(str(key), items),
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
    from safecli.model.profile import Profile

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
        if os.path.lexists(candidate):  # a folder or a pipe there is read and refused
            return candidate
    return None
