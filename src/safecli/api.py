"""The library's use cases, one call per command, for scripts and for the CLI alike.

The top of the library: it reads files, loads and assesses records, builds documents, renders
them and writes them. Everything below it is handed what it needs (the catalog included);
`default_catalog()` is used here, when the caller gives none, and nowhere lower.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safecli.model.errors import InvalidFile, Problem, SafecliError, UsageError
from safecli.model.profile import Profile
from safecli.model.record import Record, Subject
from safecli.model.standard import Standard
from safecli.read import records as record_loading
from safecli.read import yamlio
from safecli.read.catalog import Catalog, default_catalog
from safecli.read.output import safe_name
from safecli.read.records import RecordFile
from safecli.read.validation import validate
from safecli.read.yamlio import Document
from safecli.score.results import Assessment
from safecli.score.scoring import assess, required_na
from safecli.score.trace import Trace, trace

if TYPE_CHECKING:  # pragma: no cover
    from safecli.portfolio.config import Config
    from safecli.portfolio.ledger import Ledger
    from safecli.read.letterhead import Letterhead


def read_record(path: Path | str, catalog: Catalog | None = None) -> RecordFile:
    """Read a record (YAML, or a filled xlsx/csv 自查表) and check it against its standard.

    The bundled standards when no `catalog` is given.
    """
    return record_loading.read_record(path, catalog or default_catalog())


def read_sheet(path: Path | str, catalog: Catalog | None = None) -> Document:
    """Read a filled 自查表 (xlsx/csv) into a located record Document, unchecked.

    The catalog names the standard's metrics: the bundled standards when none is given.
    """
    from safecli.read.sheets import read_sheet as read

    return read(path, catalog or default_catalog())


def load_record(path: Path | str, catalog: Catalog | None = None) -> Record:
    """Read a record and check it against its standard; raise InvalidFile listing every problem."""
    return read_record(path, catalog).record


def trace_standard(standard: str, catalog: Catalog | None = None) -> Trace:
    """The traceability report of a standard (`ID` or `ID@VERSION`): what holds each numbered
    part of its source, or why the part is left out."""
    return trace((catalog or default_catalog()).get(standard))


def score_file(
    path: Path | str,
    *,
    catalog: Catalog | None = None,
    as_of: dt.date | None = None,
    strict: bool = False,
) -> Assessment:
    """Read, check and score one record.

    With `strict`, unanswered items are errors, and so is a required item (必备条件) the record
    itself answers `na`, reason or not: only the standard's `applies_if` exempts one.
    """
    loaded = read_record(path, catalog)
    assessment = assess(loaded.standard, loaded.record, as_of)
    if strict and required_na(loaded.standard, loaded.record):
        raise InvalidFile(
            [
                loaded.doc.problem(
                    ("responses", item_id),
                    f"{item_id} is a required item (必备条件) answered na",
                    "answer it met, partial or unmet; --strict accepts no 空项 on a required item",
                    key=True,
                )
                for item_id in required_na(loaded.standard, loaded.record)
            ]
        )
    if strict and assessment.unanswered:
        items = loaded.standard.item_map()
        raise InvalidFile(
            [
                loaded.doc.problem(
                    ("responses",),
                    f"{item_id} is not answered"
                    + (
                        f" (metrics.{items[item_id].metric} missing)"
                        if items[item_id].metric
                        else ""
                    ),
                    "answer it, or mark it na"
                    if not items[item_id].metric
                    else "report the metric",
                    key=True,
                )
                for item_id in assessment.unanswered
            ]
        )
    return assessment


def report_file(
    record: Path,
    fmt: str,
    lang: str,
    *,
    as_of: dt.date | None = None,
    templates: Path | None = None,
    catalog: Catalog | None = None,
    profile: Path | None = None,
) -> str:
    """Read and score `record` and render its 评估报告 (with the unit profile, if any)."""
    return _report(record, fmt, lang, as_of, templates, catalog, profile)[0]


def find_profile(
    beside: Path | None,
    given: Path | None,
    doc: Document | None = None,
    standard: Standard | None = None,
) -> Profile | None:
    """The unit profile (单位概况): `given`, else the one found beside `beside` (a record or a
    subject file: `<stem>.profile.yaml`, then `profile.yaml`), else the 单位概况 rows of a
    filled 自查表's 单位信息 sheet (`doc`), else None. With `standard`, its departments are
    checked against the standard's owners."""
    path = (
        given if given is not None else (record_loading.profile_beside(beside) if beside else None)
    )
    if path is not None:
        return record_loading.load_profile(path, standard)
    sheet = getattr(doc, "profile", None)
    return record_loading.profile_from(sheet, standard) if sheet is not None else None


def _report(
    record: Path,
    fmt: str,
    lang: str,
    as_of: Any,
    templates: Any,
    catalog: Catalog | None,
    profile: Path | None = None,
) -> tuple[str, Any]:
    # imported here: documents cost start-up time that `score` does not need
    from safecli.render.documents import render
    from safecli.score.gaps import build_report

    loaded = read_record(record, catalog)
    unit = find_profile(record, profile, loaded.doc, loaded.standard)
    assessment = assess(loaded.standard, loaded.record, as_of)
    data = build_report(loaded.standard, loaded.record, assessment, lang, profile=unit)
    return render("report", data, fmt, lang, templates), loaded.record


def reports_to_folder(
    records: list[Path],
    folder: Path,
    fmt: str,
    lang: str,
    *,
    as_of: dt.date | None = None,
    templates: Path | None = None,
    catalog: Catalog | None = None,
    convert: Callable[[str], bytes] | None = None,
    suffix: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[Path]:
    """Render a 评估报告 per record into `folder`, each named after its unit and date.

    `convert` turns each rendered text into the bytes written (html into docx), and `suffix`
    names the files (default: `fmt`).

    Each report goes to a staging folder as soon as it is rendered (memory stays flat however
    many there are) and moves into place only when every record rendered, so one bad record
    leaves the folder untouched, and the problems of all of them are reported together. Names
    made from unit names cannot leave the folder (`safe_name`); equal names get `-2`, `-3`, ….
    The inputs are resolved once for the whole batch, not once per report.
    """
    from safecli.read.transaction import Transaction

    problems: list[Problem] = []
    taken: set[str] = set()
    ext = suffix or fmt
    # staged beside the reports, swapped in as one set (read/transaction.py)
    with Transaction(folder, records, kind="reports") as tx:
        for done, path in enumerate(records, start=1):
            try:
                text, record = _report(path, fmt, lang, as_of, templates, catalog)
            except SafecliError as error:
                problems.extend(error.problems)
                continue
            finally:
                if progress:
                    progress(done, len(records), str(path))
            if problems:
                continue  # nothing will be written: only the problems matter now
            data = convert(text) if convert else text
            name = _free_name(record.subject.name, f"-{record.inspection.date}", ext, taken)
            tx.write(name, data)
        if problems:
            raise InvalidFile(problems)
        return tx.commit()


def _free_name(name: str, tail: str, ext: str, taken: set[str]) -> str:
    """`name` + `tail` + `.ext` as a safe file name of at most 255 bytes, the name cut (never
    the tail, a date), `-2`, `-3`… when another file of the batch has it."""
    stem = safe_name(name, tail=tail, reserve=len(ext.encode()) + 6)
    name, n = f"{stem}.{ext}", 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}.{ext}"
    taken.add(name)
    return name


def plan_file(
    record: Path | None,
    standard: str | None,
    subject: Path | None,
    start: dt.date,
    fmt: str,
    lang: str,
    *,
    templates: Path | None = None,
    catalog: Catalog | None = None,
    profile: Path | None = None,
) -> str:
    """Build and render the 实施方案 from a record, or from a standard and a subject file.

    The unit profile is `profile`, else the one beside the record or the subject file; without
    one the plan uses neutral wording.
    """
    from safecli.plan.planning import build_plan
    from safecli.render.documents import render

    catalog = catalog or default_catalog()
    if record is not None:
        loaded = read_record(record, catalog)
        assessment = assess(loaded.standard, loaded.record)
        plan = build_plan(
            loaded.standard,
            loaded.record.subject,
            assessment,
            start,
            record=loaded.record,
            profile=find_profile(record, profile, loaded.doc, loaded.standard),
        )
    else:
        assert standard is not None and subject is not None
        std = catalog.get(standard)
        unit = validate(yamlio.read(subject), Subject)
        if unit.kind.value != std.subject.value:
            raise UsageError(
                Problem(
                    str(subject),
                    message=f"the subject is a {unit.kind.value} but {std.ref} assesses a "
                    f"{std.subject.value}",
                    hint="choose the standard for this kind of unit",
                )
            )
        plan = build_plan(std, unit, None, start, profile=find_profile(subject, profile, None, std))
    return render("plan", plan, fmt, lang, templates)


def read_reference_doc(path: Path | str | None) -> bytes:
    """The bytes of a reference .docx: the user's (`--reference-doc`, checked and stripped as
    hostile input: read/letterhead.py), else the bundled one."""
    return letterhead(path).data


def letterhead(path: Path | str | None) -> Letterhead:
    """The reference .docx and what was dropped from it (external links, macro parts)."""
    from safecli.model.packaged import package_dir
    from safecli.read import files
    from safecli.read.letterhead import Letterhead, clean_letterhead

    if path is None:
        return Letterhead((package_dir("templates") / "reference.docx").read_bytes())
    data = files.read_bytes(Path(path))  # a regular file, size counted: a user's, untrusted
    return clean_letterhead(data, str(path))


def docx_from_html(
    html: str, reference: Path | str | Letterhead | None = None, *, source: str | None = None
) -> bytes:
    """A document's HTML (report, plan, summary) as a 公文 .docx on a reference document
    (a path, or a `Letterhead` already read)."""
    from safecli.render.docx import render_docx

    bundled = read_reference_doc(None)
    if reference is None:
        return render_docx(html, bundled)
    if not isinstance(reference, (str, Path)):
        return render_docx(html, reference.data, base=bundled, source=source or "reference.docx")
    return render_docx(html, read_reference_doc(reference), base=bundled, source=str(reference))


def findings_ledger(
    paths: Sequence[Path | str],
    config: Config,
    *,
    as_of: dt.date,
    strict: bool = False,
    open_only: bool = False,
    overdue: bool = False,
    level: str | None = None,
    unit: str | None = None,
) -> Ledger:
    """The 隐患台账 of the records under `paths` on `as_of` (`safecli findings`).

    Invalid records are listed beside the ledger (`Ledger.invalid`); with `strict` they make it
    an InvalidFile error listing every problem instead.
    """
    from safecli.portfolio.ledger import follow, record_findings, select
    from safecli.portfolio.pool import invalid_error, scan, standard_of
    from safecli.portfolio.summary import invalid_records

    # each record is reduced to its findings as it is scored: no Assessment is kept
    digests, bad = [], []
    for result in scan(paths, config, digest=record_findings, as_of=as_of):
        if result.digest is None:
            bad.append(result)
        else:
            digests.append(result.digest)
    if bad and strict:
        raise invalid_error(bad)
    ledger = follow(
        digests,
        as_of,
        standards=lambda ref: standard_of(config, ref),
        lang=config.lang,
    )
    ledger.invalid = invalid_records(bad)
    ledger.sources += [r.path for r in bad]
    return select(ledger, open_only=open_only, overdue=overdue, level=level, unit=unit)


def write_notices(
    ledger: Ledger,
    fmt: str,
    folder: Path,
    recheck_days: int = 3,
    *,
    inputs: Sequence[Path | str] = (),
    templates: Path | None = None,
    convert: Callable[[str], bytes] | None = None,
) -> list[Path]:
    """A 整改通知书 per unit with open hazards, written into `folder` as
    `整改通知书-<unit name>-<date>.<fmt>` (`rectification-notice-…` in English; `-2`, `-3` for
    equal names). `docx` renders the HTML and hands it to `convert` (see `docx_from_html`).
    Every notice is rendered before anything is written."""
    from safecli.portfolio.ledger import notices
    from safecli.read.transaction import Transaction
    from safecli.render.notice import NOTICE_WORDS, render_notice

    word = NOTICE_WORDS[ledger.lang]["file"]
    rendered = [
        (
            (f"{word}-{n.subject}", f"-{n.date.isoformat()}"),
            _notice(render_notice(n, "html" if convert else fmt, ledger.lang, templates), convert),
        )
        for n in notices(ledger, recheck_days)
    ]
    taken: set[str] = set()
    with Transaction(folder, inputs, kind="notices") as tx:
        for (name, tail), text in rendered:
            tx.write(_free_name(name, tail, fmt, taken), text)
        return tx.commit()


def _notice(html_or_text: str, convert: Callable[[str], bytes] | None) -> str | bytes:
    return convert(html_or_text) if convert is not None else html_or_text
