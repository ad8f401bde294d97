"""The library's use cases, one call per command, for scripts and for the CLI alike.

The top of the library: it reads files, loads and assesses records, builds documents, renders
them and writes them. Everything below it is handed what it needs (the catalog included);
`default_catalog()` is used here, when the caller gives none, and nowhere lower.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safecli.model.errors import InvalidFile, Problem, SafecliError, UsageError
from safecli.model.record import Subject
from safecli.model.standard import Standard
from safecli.model.wording import problem
from safecli.read import records as record_loading
from safecli.read import yamlio
from safecli.read.catalog import Catalog, default_catalog
from safecli.read.records import RecordFile
from safecli.read.validation import validate
from safecli.read.yamlio import Document
from safecli.score.results import Assessment
from safecli.score.scoring import assess, required_na

if TYPE_CHECKING:  # pragma: no cover
    from safecli.model.profile import Profile
    from safecli.portfolio.config import Config
    from safecli.portfolio.ledger import Ledger, Notice
    from safecli.portfolio.stats import StatsForm
    from safecli.portfolio.summary import Portfolio
    from safecli.read.reference import Reference
    from safecli.render.docx import DocMeta
    from safecli.score.trace import Trace


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


def load_record(path: Path | str, catalog: Catalog | None = None) -> RecordFile:
    """Read a record and check it against its standard; raise InvalidFile listing every problem.

    Returns the record with the standard it was checked against (`.record`, `.standard`, and
    `.doc`, where each part sits in the file): `assess(loaded.standard, loaded.record)`.
    """
    return read_record(path, catalog)


def trace_standard(standard: str, catalog: Catalog | None = None) -> Trace:
    """The traceability report of a standard (`ID` or `ID@VERSION`): what holds each numbered
    part of its source, or why the part is left out."""
    from safecli.score.trace import trace

    return trace((catalog or default_catalog()).get(standard))


def score_file(
    path: Path | str,
    *,
    catalog: Catalog | None = None,
    as_of: dt.date | None = None,
    strict: bool = False,
) -> Assessment:
    """Read, check and score one record. With `strict`, unanswered items are errors, and so is
    a required item (必备条件) answered `na`, reason or not: only `applies_if` exempts one."""
    return score_record(read_record(path, catalog), as_of=as_of, strict=strict)


def score_record(
    loaded: RecordFile, *, as_of: dt.date | None = None, strict: bool = False
) -> Assessment:
    """Score a record `read_record` returned, as `score_file` does."""
    assessment = assess(loaded.standard, loaded.record, as_of)
    if strict and required_na(loaded.standard, loaded.record):
        raise InvalidFile(
            [
                loaded.doc.coded(
                    ("responses", item_id),
                    "required-answered-na",
                    hint="hint-answer-required",
                    key=True,
                    item=item_id,
                )
                for item_id in required_na(loaded.standard, loaded.record)
            ]
        )
    if strict and assessment.unanswered:
        items = loaded.standard.item_map()
        raise InvalidFile(
            [
                loaded.doc.coded(
                    ("responses",),
                    "not-answered-metric" if items[item_id].metric else "not-answered",
                    hint="hint-report-metric" if items[item_id].metric else "hint-answer-or-na",
                    key=True,
                    item=item_id,
                    metric=items[item_id].metric,
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
    reference_doc: Reference | Path | str | None = None,
) -> str | bytes:
    """Read and score `record` and render its 评估报告 (with the unit profile, if any): md or
    html text, or with `fmt="docx"` the bytes of a 公文 Word file (on `reference_doc`, a
    letterhead's .docx or one read with `read_reference`, else the bundled one)."""
    return _report(record, fmt, lang, as_of, templates, catalog, profile, reference_doc)[0]


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
    reference: Reference | Path | str | None = None,
) -> tuple[str | bytes, Any]:
    # imported here: documents cost start-up time that `score` does not need
    from safecli.read.evidence import check_record
    from safecli.score.gaps import build_report

    loaded = read_record(record, catalog)
    unit = find_profile(record, profile, loaded.doc, loaded.standard)
    assessment = assess(loaded.standard, loaded.record, as_of)
    data = build_report(loaded.standard, loaded.record, assessment, lang, profile=unit)
    checks = check_record(loaded.record, record)
    if checks:
        data = data.model_copy(update={"evidence": checks})
    return _document("report", data, fmt, lang, templates, reference), loaded.record


def _document(
    kind: str, data: Any, fmt: str, lang: str, templates: Any, reference: Any
) -> str | bytes:
    """A report or a plan in `fmt`: docx is set from its HTML and its own data."""
    from safecli.render.documents import docx_meta, render

    if fmt != "docx":
        return render(kind, data, fmt, lang, templates)
    html = render(kind, data, "html", lang, templates)
    return docx_bytes(html, docx_meta(kind, data, lang), reference)


def docx_bytes(html: str, meta: DocMeta, reference: Reference | Path | str | None = None) -> bytes:
    """A document's HTML as a 公文 .docx with `meta` (title, date, orientation from the
    document's data), on `reference` (a Reference read once, a path, or None: the bundled)."""
    from safecli.read.reference import read_reference
    from safecli.render.docx import render_docx

    return render_docx(html, meta, read_reference(reference))


def reports_to_folder(
    records: list[Path],
    folder: Path,
    fmt: str,
    lang: str,
    *,
    as_of: dt.date | None = None,
    templates: Path | None = None,
    catalog: Catalog | None = None,
    reference_doc: Reference | Path | str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[Path]:
    """Render a 评估报告 per record into `folder` (md, html or docx on `reference_doc`), each
    named after its unit and date.

    Each report goes to a staging folder as soon as it is rendered (memory stays flat however
    many there are) and moves into place only when every record rendered, so one bad record
    leaves the folder untouched, and the problems of all of them are reported together. Names
    made from unit names cannot leave the folder (`safe_name`); equal names get `-2`, `-3`, ….
    The inputs are resolved once for the whole batch, not once per report.
    """
    from safecli.read.reference import read_reference
    from safecli.read.transaction import Transaction

    problems: list[Problem] = []
    taken: set[str] = set()
    ext = fmt
    reference = read_reference(reference_doc) if fmt == "docx" else None
    # staged beside the reports, swapped in as one set (read/transaction.py)
    with Transaction(folder, records, kind="reports") as tx:
        for done, path in enumerate(records, start=1):
            try:
                text, record = _report(path, fmt, lang, as_of, templates, catalog, None, reference)
            except SafecliError as error:
                problems.extend(error.problems)
                continue
            finally:
                if progress:
                    progress(done, len(records), str(path))
            if problems:
                continue  # nothing will be written: only the problems matter now
            name = _free_name(record.subject.name, f"-{record.inspection.date}", ext, taken)
            tx.write(name, text)
        if problems:
            raise InvalidFile(problems)
        return tx.commit()


def _free_name(name: str, tail: str, ext: str, taken: set[str]) -> str:
    """`name``tail`.`ext` as a safe name of ≤ 255 bytes (the name cut), -2, -3… when taken."""
    from safecli.read.output import safe_name

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
    start: dt.date | None,
    fmt: str,
    lang: str,
    *,
    templates: Path | None = None,
    catalog: Catalog | None = None,
    profile: Path | None = None,
    reference_doc: Reference | Path | str | None = None,
) -> str | bytes:
    """Build and render the 实施方案 from a record, or from a standard and a subject file: md,
    html or ics text, or with `fmt="docx"` the bytes of a 公文 Word file.

    The unit profile is `profile`, else the one beside the record or the subject file; without
    one the plan uses neutral wording.
    """
    from safecli.plan.planning import build_plan

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
            lang=lang,
        )
    else:
        assert standard is not None and subject is not None
        std = catalog.get(standard)
        unit = validate(yamlio.read(subject), Subject)
        if unit.kind.value != std.subject.value:
            raise UsageError(
                problem(
                    str(subject),
                    code="subject-wrong-kind",
                    hint="hint-choose-standard",
                    kind=unit.kind.value,
                    standard=std.ref,
                    expected=std.subject.value,
                )
            )
        found = find_profile(subject, profile, None, std)
        plan = build_plan(std, unit, None, start, profile=found, lang=lang)
    return _document("plan", plan, fmt, lang, templates, reference_doc)


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
    from safecli.portfolio.ledger import follow, packed_findings, select
    from safecli.portfolio.pool import invalid_error, scan, standard_of
    from safecli.portfolio.summary import invalid_records

    # each record is reduced to its findings as it is scored: no Assessment is kept
    # the ledger spools them by unit (flat memory); an invalid record is kept as its first
    # problem, or whole for --strict (which lists every problem)
    bad: list[Any] = []
    invalid: list[Any] = []

    def valid() -> Iterator[Any]:
        for result in scan(paths, config, digest=packed_findings, as_of=as_of):
            if result.digest is not None:
                yield result.digest
            elif strict:
                bad.append(result)
            else:
                invalid.extend(invalid_records([result], config.lang))

    ledger = follow(
        valid(),
        as_of,
        standards=lambda ref: standard_of(config, ref),
        lang=config.lang,
    )
    if bad:
        raise invalid_error(bad)
    ledger.invalid = invalid
    if invalid:
        import itertools

        from safecli.portfolio.spool import Lazy

        read = ledger.sources
        ledger.sources = Lazy(
            lambda: itertools.chain(read, (r.path for r in invalid)), len(read) + len(invalid)
        )
    return select(ledger, open_only=open_only, overdue=overdue, level=level, unit=unit)


def refused_closures(ledger: Ledger, config: Config) -> list[Problem]:
    """Each 重大事故隐患 a record marks closed without a passed 验收, located at the status the
    record wrote (the ledger keeps it open: 销号 needs the 验收)."""
    from safecli.model.wording import problem
    from safecli.portfolio.pool import catalog_for
    from safecli.read.records import read_record

    catalog = catalog_for(tuple(str(d) for d in config.dirs()))
    out = []
    for entry in ledger.refusals():
        loaded = read_record(config.root / entry.path, catalog)
        index = next(i for i, f in enumerate(loaded.record.findings) if f.id == entry.finding)
        line, col = loaded.doc.where(("findings", index, "status"))
        basis = entry.major.basis if entry.major else ""
        found = problem(
            entry.path,
            line,
            col,
            "closed-without-acceptance",
            hint="hint-add-acceptance",
            id=entry.finding,
            basis=basis,
        )
        out.append(replace(found, severity="warning"))
    return out


def findings_stats(
    paths: Sequence[Path | str],
    config: Config,
    *,
    as_of: dt.date,
    by: str = "region",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> StatsForm:
    """The office form of `safecli findings --stats`: the ledger on `as_of`, folded by region,
    industry or unit, for the hazards found between `start` and `end`."""
    from safecli.portfolio.stats import office_form

    return office_form(findings_ledger(paths, config, as_of=as_of), by, start, end)


def write_notices(
    ledger: Ledger,
    fmt: str,
    folder: Path,
    recheck_days: int = 3,
    *,
    inputs: Sequence[Path | str] = (),
    templates: Path | None = None,
    reference_doc: Reference | Path | str | None = None,
) -> list[Path]:
    """A 整改通知书 per unit with open hazards, written into `folder` as
    `整改通知书-<unit name>-<date>.<fmt>` (`rectification-notice-…` in English; `-2`, `-3` for
    equal names): md, html, or docx on `reference_doc`. Every notice is rendered before
    anything is written."""
    from safecli.portfolio.ledger import notices
    from safecli.read.reference import read_reference
    from safecli.read.transaction import Transaction
    from safecli.render.notice import NOTICE_WORDS

    word = NOTICE_WORDS[ledger.lang]["file"]
    reference = read_reference(reference_doc) if fmt == "docx" else None
    rendered = [
        (
            (f"{word}-{n.subject}", f"-{n.date.isoformat()}"),
            notice_document(n, fmt, ledger.lang, templates, reference),
        )
        for n in notices(ledger, recheck_days)
    ]
    taken: set[str] = set()
    with Transaction(folder, inputs, kind="notices") as tx:
        for (name, tail), text in rendered:
            tx.write(_free_name(name, tail, fmt, taken), text)
        return tx.commit()


def notice_document(
    notice: Notice,
    fmt: str,
    lang: str = "zh",
    templates: Path | None = None,
    reference_doc: Reference | Path | str | None = None,
) -> str | bytes:
    """One 整改通知书 as md or html text, or docx bytes."""
    from safecli.render.html_blocks import landscape
    from safecli.render.notice import notice_meta, render_notice

    if fmt != "docx":
        return render_notice(notice, fmt, lang, templates)
    html = render_notice(notice, "html", lang, templates)
    return docx_bytes(html, notice_meta(notice, lang, landscape(html)), reference_doc)


def summary_document(
    portfolio: Portfolio,
    fmt: str,
    *,
    all_history: bool = False,
    reference_doc: Reference | Path | str | None = None,
) -> str | bytes:
    """The portfolio summary as table text, csv, md or html text, or xlsx or docx bytes (the
    docx on `reference_doc`, A4 landscape)."""
    from safecli.render.portfolio import render_summary
    from safecli.render.summary_html import page_meta

    if fmt != "docx":
        return render_summary(portfolio, fmt, all_history=all_history)
    html = str(render_summary(portfolio, "html", all_history=all_history))
    return docx_bytes(html, page_meta(portfolio, all_history=all_history), reference_doc)


def findings_document(
    ledger: Ledger,
    fmt: str,
    *,
    templates: Path | None = None,
    encoding: str = "utf-8",
    reference_doc: Reference | Path | str | None = None,
) -> str | bytes:
    """The 隐患台账 as table text, md, html or ics text, or csv, xlsx or docx bytes."""
    from safecli.render.ledger import ledger_meta, render_findings

    if fmt != "docx":
        return render_findings(ledger, fmt, templates, encoding=encoding)
    html = str(render_findings(ledger, "html", templates))
    return docx_bytes(html, ledger_meta(ledger), reference_doc)


# ---------------------------------------------------------------- many records


def _config(paths: Sequence[Path | str], config: Config | None) -> Config:
    from safecli.portfolio.config import find_config

    if config is not None:
        return config
    start = Path(paths[0]) if paths else Path.cwd()
    return find_config(start if start.is_dir() else start.parent)


def check(
    paths: Sequence[Path | str], config: Config | None = None, *, as_of: dt.date | None = None
) -> Any:
    """The CI gate (`safecli check`): validate, score and judge every record under `paths`; a
    GateReport whose `exit_code` is what the command exits with. `config` defaults to the
    safecli.yaml found from the first path up (the default gates without one)."""
    from safecli.portfolio.gate import check as run_check

    return run_check(paths, _config(paths, config), as_of)


def summary(
    paths: Sequence[Path | str],
    config: Config | None = None,
    *,
    as_of: dt.date | None = None,
    all_history: bool = False,
) -> Portfolio:
    """The portfolio summary (`safecli summary`) of the records under `paths`; render it with
    `summary_document(portfolio, "docx")` (or table, csv, xlsx, md, html)."""
    from safecli.portfolio.summary import summary as run_summary

    return run_summary(paths, _config(paths, config), as_of=as_of, all_history=all_history)


def findings(
    paths: Sequence[Path | str],
    config: Config | None = None,
    *,
    as_of: dt.date,
    open_only: bool = False,
) -> Ledger:
    """The 隐患台账 (`safecli findings`) of the records under `paths`, judged on `as_of`;
    render it with `findings_document(ledger, "docx")` (or table, csv, xlsx, md, html, ics),
    write the 整改通知书 with `write_notices`."""
    return findings_ledger(paths, _config(paths, config), as_of=as_of, open_only=open_only)


def export(
    paths: Sequence[Path | str],
    folder: Path | str,
    fmt: str = "parquet",
    config: Config | None = None,
    *,
    as_of: dt.date | None = None,
) -> Any:
    """Write the per-unit and per-item tables of the records under `paths` into `folder`
    (`safecli export`: parquet, partitioned, or csv; docs/export.md); what was written."""
    from safecli.portfolio.export import export as run_export

    return run_export(paths, _config(paths, config), Path(folder), fmt, as_of=as_of)


def hash_evidence(
    records: Sequence[Path | str], *, rehash: bool = False, catalog: Catalog | None = None
) -> list[tuple[Path, list[tuple[str, str]], list[Problem]]]:
    """Write the sha256 of each evidence file that exists into the YAML records given
    (`safecli evidence hash`): every record checked first, nothing written unless all pass;
    returns each record, its (item, file) entries filled, its files left out (`read.hashing`)."""
    from safecli.read.hashing import hash_records

    return hash_records(records, catalog or default_catalog(), rehash=rehash)


def diff_standard_file(
    record: Path | str,
    standard: str,
    catalog: Catalog | None = None,
    as_of: dt.date | None = None,
) -> Any:
    """One record scored under its own standard and under `standard` (a file or ID@VERSION),
    compared (`safecli diff --standard NEW RECORD`): what the new version does to the unit.

    Answers follow their items by the standards' match (`standard_diff`); items the new
    version adds are unanswered, items it drops leave the record."""
    from safecli.score.diff import diff
    from safecli.score.standard_diff import diff_standards, moved_record

    catalog = catalog or default_catalog()
    found = read_record(record, catalog)
    new_std = catalog.find(standard)
    changes = diff_standards(found.standard, new_std)
    moved = moved_record(found.record, changes, new_std)
    return diff(assess(found.standard, found.record, as_of), assess(new_std, moved, as_of), new_std)
