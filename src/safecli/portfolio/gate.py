"""The CI gate: find every record under some paths, score each, and fail on what matters.

`check(paths, config)` never raises for a bad record: an unreadable or invalid record is an
`invalid` failure reported beside the others. Only a bad `safecli.yaml` or a path that does not
exist raises (ConfigError, UsageError). Results come in sorted path order, whether the files were
read in this process or spread over a process pool.
"""

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safecli.model.errors import Code, ExitCode
from safecli.model.numbering import cited, paper_numbers
from safecli.model.standard import Standard
from safecli.portfolio import pool
from safecli.portfolio.config import Config
from safecli.portfolio.digest import digest
from safecli.portfolio.discovery import Skipped, discover
from safecli.portfolio.pool import Failure, Job, Progress, RecordResult, catalog_for, evaluate_iter
from safecli.portfolio.shards import Shard
from safecli.portfolio.waivers import evidence_failures, exception_verdicts, verdict
from safecli.score.incidents import incident_matches
from safecli.score.results import NOT_SCORABLE

__all__ = ["GateReport", "GateRun", "check", "run", "scan"]


def _gates(rel: str, loaded: Any, a: Any, required: str | None, job: Job) -> list[Failure]:
    record, std, doc = loaded
    lang = job.lang
    out: list[Failure] = []

    def fail(
        loc: tuple[Any, ...], gate: str, *, code: str, key: bool = False, **params: Any
    ) -> None:
        line, col = doc.where(loc, key=key)
        out.append(verdict((rel, line, col), gate, "error", lang, params, code=code))

    if "veto" in job.fail_on:
        for rule in a.veto.rules:
            cap = std.grade(rule.max_grade)
            fail(
                veto_location(std, record, a, rule.id),
                "veto",
                code="gate-veto",
                rule=_rule_name(std, rule.id, lang),
                text=rule.text.get(lang),
                because=rule.because.get(lang),
                cap=cap.label.get(lang) if cap else rule.max_grade,
            )
    if "blacklisted" in job.fail_on and a.veto.rules:
        vetoes = {v.id: v for v in std.vetoes}
        for rule in a.veto.rules:
            veto = vetoes.get(rule.id)
            if veto is not None and veto.blacklist:
                fail(
                    veto_location(std, record, a, rule.id),
                    "blacklisted",
                    code="gate-blacklisted",
                    rule=rule.id,
                    flag=(veto.flag or veto.text).get(lang),
                    because=rule.because.get(lang),
                )
    if "major-hazard" in job.fail_on:
        out += _major_hazards(a, len(record.findings), doc, rel, lang)
    judged = std.kind == "determination"  # a 判定 record is judged by its clauses, not a grade
    if not judged and "lowest-grade" in job.fail_on and a.grade.id == std.grades[-1].id:
        fail(
            ("standard",),
            "lowest-grade",
            code="gate-lowest-grade",
            grade=a.grade.label.get(lang),
            grade_id=a.grade.id,
            total=f"{a.total:.1f}" if a.scorable else NOT_SCORABLE.get(lang),
            standard=std.ref,
        )
    if not judged and "below-grade" in job.fail_on and required is not None:
        order = [g.id for g in std.grades]
        if required in order and order.index(a.grade.id) > order.index(required):
            wanted = std.grade(required)
            fail(
                ("standard",),
                "below-grade",
                code="gate-below-grade",
                grade=a.grade.label.get(lang),
                grade_id=a.grade.id,
                total=f"{a.total:.1f}",
                required=wanted.label.get(lang) if wanted else required,
                required_id=required,
            )
    if "overdue-major" in job.fail_on:
        for i, finding in enumerate(a.findings):
            if finding.level == "major" and finding.overdue:
                fail(
                    ("findings", i),
                    "overdue-major",
                    code="gate-overdue-major",
                    id=finding.id,
                    due=finding.due.isoformat() if finding.due else "-",
                    owner=finding.owner or "-",
                    text=finding.text,
                )
    if a.exceptions:
        out += exception_verdicts(rel, doc, a.exceptions, job)
    if "evidence" in job.fail_on:
        out += evidence_failures(rel, loaded, job)
    if "unanswered" in job.fail_on:
        items = std.item_map()
        for item_id in a.unanswered:
            item = items[item_id]
            if item.metric:
                fail(
                    ("metrics",) if doc.has_key(("metrics",)) else ("responses",),
                    "unanswered",
                    code="gate-metric-missing",
                    key=True,
                    item=item_id,
                    metric=item.metric,
                )
            else:
                fail(("responses",), "unanswered", code="gate-not-answered", key=True, item=item_id)
    return out


def _major_hazards(a: Any, written: int, doc: Any, rel: str, lang: str) -> list[Failure]:
    """A 重大事故隐患 (a finding citing a 判定 clause, or a situation answered 存在) not yet
    销号 after a passed 验收; and a clause-citing finding the record wrote 一般."""
    out: list[Failure] = []
    for i, finding in enumerate(a.findings):
        facts = finding.major
        if facts is None or facts.basis is None:
            continue
        # the record's own findings come first; then the situations answered 存在
        loc: tuple[Any, ...] = ("findings", i) if i < written else ("responses", finding.id)
        if facts.written_level == "general":
            line, col = doc.where((*loc, "level"))
            values = {"id": finding.id, "basis": cited(facts.basis, lang)}
            out.append(
                verdict(
                    (rel, line, col),
                    "major-hazard",
                    "error",
                    lang,
                    values,
                    code="gate-written-general",
                )
            )
        if finding.stage == "closed" and facts.accepted:
            continue
        closed = finding.stage == "closed"
        state = Code("gate-hazard-no-acceptance" if closed else "gate-hazard-open")
        line, col = doc.where(loc)
        clause = facts.clause.get(lang) if facts.clause else ""
        basis = cited(facts.basis, lang)
        values = {"id": finding.id, "basis": basis, "clause": clause, "state": state}
        out.append(
            verdict(
                (rel, line, col), "major-hazard", "error", lang, values, code="gate-major-hazard"
            )
        )
    return out


def veto_location(std: Any, record: Any, a: Any, rule_id: str) -> tuple[Any, ...]:
    """Where in the record a fired veto comes from: the incident, finding, metric or response.

    Mirrors the order scoring checks a rule's conditions in, so it names the same entry.
    """
    if rule_id.startswith("item:"):
        return ("responses", rule_id.removeprefix("item:"))
    veto = next((v for v in std.vetoes if v.id == rule_id), None)
    if veto is None:
        return ("standard",)
    when = veto.when
    if when.incident is not None:
        for i, incident in enumerate(record.incidents):
            if incident_matches(when.incident, incident, record.inspection.date):
                return ("incidents", i)
    if when.metric is not None and when.metric.metric in record.metrics:
        return ("metrics", when.metric.metric)
    if when.finding is not None:
        for i, finding in enumerate(a.findings):
            if finding.level == when.finding.level and finding.status == "open":
                if when.finding.overdue and not finding.overdue:
                    continue
                return ("findings", i)
    statuses = {r.id: r.status for r in a.items}
    for ref in when.items_unmet or []:
        if statuses.get(ref) == "unmet":
            return ("responses", ref)
    return ("standard",)


def scan(
    paths: Sequence[Path | str],
    config: Config,
    *,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    parallel: bool | None = None,
    shard: Shard | None = None,
) -> Iterator[RecordResult]:
    """Each record under `paths` as it is scored, in path order, carrying its portfolio Digest."""
    return pool.scan(
        paths,
        config,
        digest=digest,
        as_of=as_of,
        progress=progress,
        parallel=parallel,
        shard=shard,
    )


@dataclass
class GateRun:
    """`check` as it goes: each record's result once, in path order, then the skipped files.

    Nothing is kept: a caller that writes each result out (CheckWriter) runs in flat memory.
    """

    root: Path
    """The repository root reported paths are relative to."""
    as_of: dt.date | None
    """The date overdue findings were judged on (None: each record's inspection date)."""
    fail_on: list[str]
    """The gates that fail the run."""
    results: Iterator[RecordResult]
    """One per record, in path order; iterate once."""
    skipped: list[Skipped]
    """Files that were not records: complete (and sorted) once `results` is exhausted."""
    lang: str = "zh"
    """Language of the messages."""
    config_file: str | None = None
    """The safecli.yaml the gates came from (relative to the root), None for the defaults."""
    as_of_today: bool = False
    """`as_of` is today (the command line's default), not a date the user gave."""


@dataclass
class GateReport(GateRun):
    """The outcome of `check`: every record's result, the skipped files, the exit code."""

    results: list[RecordResult]  # type: ignore[assignment]
    """One per record, in path order."""

    @property
    def failures(self) -> list[Failure]:
        return [f for r in self.results for f in r.failures]

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.GATE_FAILED if self.failures else ExitCode.OK


def run(
    paths: Sequence[Path | str],
    config: Config,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    *,
    parallel: bool | None = None,
    shard: Shard | None = None,
    as_of_today: bool = False,
) -> GateRun:
    """Start judging every record under `paths`; the results come as they are ready.

    Raises (at once) only for bad usage or a bad config, as `check` does. With `shard`, only
    that shard's records are judged.
    """
    config.check_against(catalog_for(tuple(str(d) for d in config.dirs())))
    files, found = discover(paths, config)
    every = evaluate_iter(files, config, as_of, "", progress, parallel, judge=_gates, shard=shard)
    # a folder that could not be read may hold records: a failure unless the config says not
    failing = "unreadable" in config.fail_on
    unreadable = [
        RecordResult(
            path=s.path,
            failures=[Failure(s.path, 0, 0, "unreadable", s.reason, problem=s.problem)],
        )
        for s in found
        if s.unreadable and failing
    ]
    skipped = [s for s in found if not (s.unreadable and failing)]

    def results() -> Iterator[RecordResult]:
        yield from unreadable
        for r in every:
            if r.skipped:
                skipped.append(Skipped(r.path, r.skipped))
            else:
                yield r
        skipped.sort(key=lambda s: s.path)

    return GateRun(
        root=config.root,
        as_of=as_of,
        fail_on=list(config.fail_on),
        results=results(),
        skipped=skipped,
        lang=config.lang,
        config_file=_config_name(config),
        as_of_today=as_of_today,
    )


def check(
    paths: Sequence[Path | str],
    config: Config,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    *,
    parallel: bool | None = None,
    shard: Shard | None = None,
    as_of_today: bool = False,
) -> GateReport:
    """Validate, score and judge every record under `paths` against the config's gates.

    Raises only for bad usage (a missing path) or a bad config (ConfigError); every problem of
    a record is a failure in the report. `report.exit_code` is 0 when no gate failed, else 1.
    Keeps every result: `run` streams them.
    Overdue findings are judged on `as_of` (each record's inspection date when None; the
    command line passes today); `as_of_today` only tells the report to say so.
    """
    going = run(
        paths, config, as_of, progress, parallel=parallel, shard=shard, as_of_today=as_of_today
    )
    fields = {f.name: getattr(going, f.name) for f in dataclasses.fields(going)}
    return GateReport(**(fields | {"results": list(going.results)}))


def _config_name(config: Config) -> str | None:
    """The config file as reports name it: relative to the root when inside it."""
    if config.file is None:
        return None
    try:
        return config.file.relative_to(config.root).as_posix()
    except ValueError:
        return config.file.as_posix()


def _rule_name(std: Standard, rule_id: str, lang: str) -> str:
    """A fired rule's id; a veto item's also by its number on paper (四、1; IV.1 in English)."""
    if not rule_id.startswith("item:"):
        return rule_id
    number = paper_numbers(std, lang).get(rule_id[5:])
    if not number:
        return rule_id
    return f"{rule_id}（否决项 {number}）" if lang == "zh" else f"{rule_id} (veto item {number})"
