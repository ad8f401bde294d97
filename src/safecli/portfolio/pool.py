"""Read and score many records, in path order, in this process or over a process pool.

The pool knows nothing of gates or portfolios: the caller hands it (picklable, module-level)
functions to `judge` a scored record or to `digest` it, so `gate` and `portfolio` both use it
without importing each other.
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any

from safecli.model.errors import InvalidFile, Problem, SafecliError
from safecli.model.record import Record
from safecli.model.wording import problem
from safecli.portfolio.config import Config
from safecli.portfolio.discovery import discover, not_a_record_yaml, real_folder, relative_path
from safecli.portfolio.shards import Scanned, Shard, pre_scan
from safecli.read import fastyaml, waivers
from safecli.read.catalog import Catalog
from safecli.read.evidence import check_record, evidence_problems
from safecli.read.records import read_record
from safecli.score.scoring import assess

PARALLEL_FROM = 200
"""From this many files on, records are read by a process pool."""

Progress = Callable[[int, int, str], None]
"""Called after each record with (records done, records in all, the record's path)."""


@dataclass(frozen=True, order=True)
class Failure:
    """One failed gate, located in the record's file."""

    path: str
    """The file, relative to the repository root (posix)."""
    line: int
    """1-based line, 0 when the problem has no place in the file."""
    col: int
    """1-based column, 0 when unknown."""
    rule: str
    """The gate: invalid, veto, blacklisted, lowest-grade, below-grade, overdue-major or
    unanswered."""
    message: str
    """What is wrong."""
    hint: str | None = None
    """What to do, when known."""
    problem: Problem | None = field(default=None, compare=False)
    """The problem it was made from (its code and parameters, for the run's language); None
    for a gate's own verdict, worded in the run's language already."""
    level: str = "error"
    """error (fails the gate), warning (an exception about to end) or notice (what passed:
    an exception in force)."""

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # the values in order, rebuilt by the constructor: smaller and quicker than the
        # default's dict of field names, for every failure a worker sends back
        return (Failure, _FAILURE_VALUES(self))

    def __str__(self) -> str:
        where = self.path + (f":{self.line}:{self.col or 1}" if self.line else "")
        text = f"{where}: {self.level}: [{self.rule}] {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


@dataclass
class RecordResult:
    """One record's scores and failed gates."""

    path: str
    """The file, relative to the repository root (posix)."""
    standard: str | None = None
    """`ID@VERSION`, when the record could be read."""
    subject: str | None = None
    """The unit's name."""
    subject_id: str | None = None
    """The unit's code."""
    date: dt.date | None = None
    """The inspection date."""
    total: float | None = None
    """The total score."""
    grade: str | None = None
    """The grade id reached (after vetoes)."""
    grade_label: str | None = None
    """The grade's name."""
    required: str | None = None
    """The grade id safecli.yaml requires of this standard."""
    invalid: bool = False
    """True when the record could not be read or breaks its standard."""
    failures: list[Failure] = field(default_factory=list)
    """Failed gates, in file order."""
    problems: list[Failure] = field(default_factory=list)
    """An invalid record's problems when `invalid` is not a gate (they fail nothing)."""
    assessment: Any = None
    """The Assessment, when asked for; None for invalid records."""
    digest: Any = None
    """The portfolio's Digest of it, when asked for (summary); None for invalid records."""
    skipped: str | None = None
    """Why the file turned out not to be a record at all (then nothing else is set)."""
    answered: int | None = None
    """How many items the record answers (`validate` reports it)."""
    elsewhere: bool = False
    """The record belongs to another shard (`--shard I/N`): nothing else is set."""
    warnings: list[Failure] = field(default_factory=list)
    """What fails nothing but must be said: warnings (an exception ending soon), then notices
    (exceptions in force), in file order."""

    @property
    def passed(self) -> bool:
        return not self.failures

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # the values in field order, rebuilt by the constructor (as Failure's): what each
        # record sends back from a worker
        return (RecordResult, _RESULT_VALUES(self))

    @property
    def status(self) -> str:
        if self.invalid:
            return "invalid"
        return "pass" if self.passed else "fail"


_FAILURE_VALUES = attrgetter(*Failure.__dataclass_fields__)
_ORDER = attrgetter(*(f.name for f in fields(Failure) if f.compare))
"""What Failures sort by (their dataclass order), without building two tuples per comparison."""
_RESULT_VALUES = attrgetter(*RecordResult.__dataclass_fields__)


@dataclass(frozen=True)
class Job:
    """What a worker needs to judge a record (picklable)."""

    root: str
    dirs: tuple[str, ...]
    required: tuple[tuple[str, str], ...]
    fail_on: tuple[str, ...]
    lang: str
    as_of: dt.date | None
    keep: str
    """What a valid record's result carries: "" (gates only), "assessment" or "digest"."""
    judge: Callable[[str, Any, Any, str | None, Job], list[Failure]] | None = None
    """Judges a scored record's gates (module-level, so a pool can pickle it); None: no gates."""
    digest: Callable[[Any, str, str], Any] | None = None
    """Digests an Assessment (`keep == "digest"`); module-level for the same reason."""
    shard: Shard | None = None
    """Only the records of this shard are scored and reported (the others come back
    `elsewhere`); a record that cannot be read belongs to the shard of its path."""
    warn_days: int = 30
    """Days before an exception ends that `check` warns."""
    evidence: bool = False
    """`validate --evidence`: a record's evidence files are checked too."""


@lru_cache(maxsize=8)
def catalog_for(dirs: tuple[str, ...]) -> Catalog:
    """One catalog per process and set of folders: each standard is parsed once."""
    return Catalog([Path(d) for d in dirs])


def evaluate(path: Path | str, job: Job, scanned: Scanned | None = None) -> RecordResult:
    """Read, score and judge one record; never raises for a bad record.

    A record that cannot be scored for any reason (an OS fault, a bug) is an invalid record
    in the report, never the end of the run. `scanned` is what `pre_scan` found (a shard's).
    """
    try:
        if scanned is None and job.shard is not None:
            scanned = pre_scan(path, job.shard)
            if scanned is None:
                rel = relative_path(path, _root_of(job.root))
                return RecordResult(path=rel, elsewhere=True)
        return _evaluate(path, job, scanned or (None, None))
    except (Exception, RecursionError) as error:
        rel = relative_path(Path(path), Path(job.root))
        found = problem(
            rel,
            code="record-not-scored",
            hint="hint-validate-debug",
            error=f"{type(error).__name__}: {str(error)[:200]}",
        )
        failure = Failure(rel, 0, 0, "invalid", found.message, found.hint, found)
        result = RecordResult(path=rel, invalid=True)
        if "invalid" in job.fail_on:
            result.failures = [failure]
        else:
            result.problems = [failure]
        return result


def judge_in_shard(path: Path | str, job: Job) -> RecordResult | None:
    """`evaluate` for a shard's job, None at once for a record the pre-scan places in another
    shard (a record placed only once read comes back `elsewhere`)."""
    assert job.shard is not None
    try:
        scanned = pre_scan(path, job.shard)
    except (Exception, RecursionError):  # a fault or a bug: `evaluate` reports the record
        return evaluate(path, job)
    return None if scanned is None else evaluate(path, job, scanned)


@lru_cache(maxsize=8)
def _root_of(root: str) -> Path:
    """The run's root as a Path, made once (every record asks)."""
    return Path(root)


@lru_cache(maxsize=8)
def _required_of(required: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """The required grades by standard, as a dict made once (every record asks)."""
    return dict(required)


def _evaluate(path: Path | str, job: Job, scanned: Scanned = (None, None)) -> RecordResult:
    # the path stays as given (text from discovery): a Path is made only where one is needed
    root = _root_of(job.root)
    rel = relative_path(path, root)
    result = RecordResult(path=rel)
    doc, key = scanned
    try:
        loaded = read_record(path, catalog_for(job.dirs), doc=doc)
    except SafecliError as error:
        reason = not_a_record_yaml(path, job.lang)
        if reason:
            result.skipped = reason
            return result
        if job.shard is not None and not job.shard.holds(key or rel):
            result.elsewhere = True
            return result
        result.invalid = True
        if job.keep == "valid":  # `validate` reports the problems as found, in their order
            result.failures = [_as_found(p) for p in error.problems]
        else:
            result.failures = sorted(_invalid(p, path, rel, root) for p in error.problems)
        if "invalid" not in job.fail_on:  # kept for `summary`, which reports them
            result.problems, result.failures = result.failures, []
        return result
    record, std, _ = loaded
    if job.shard is not None and not job.shard.holds(record.subject.id or record.subject.name):
        result.elsewhere = True
        return result
    if job.keep == "valid":  # `validate`: read and checked, nothing scored
        result.standard = std.ref
        result.answered = len(record.responses)
        if job.evidence:
            bad = evidence_problems(check_record(record, Path(path)), loaded.doc)
            if bad:
                result.invalid = True
                result.failures = [_invalid(p, path, rel, root) for p in bad]
        return result
    a = assess(std, record, job.as_of)
    required = _required_of(job.required)
    result.standard = std.ref
    result.subject = record.subject.name
    result.subject_id = record.subject.id
    result.date = record.inspection.date
    result.total = a.total
    result.grade = a.grade.id
    result.grade_label = a.grade.label.get(job.lang)
    result.required = required.get(std.ref, required.get(std.id))
    if job.keep == "digest":  # `summary` judges no gates and needs only the digest
        assert job.digest is not None
        result.digest = job.digest(a, rel, job.lang)
        return result
    if job.keep == "assessment":
        result.assessment = a
    if job.judge is not None:
        found = job.judge(rel, loaded, a, result.required, job)
        if found:
            result.failures = sorted([f for f in found if f.level == "error"], key=_ORDER)
            if len(result.failures) < len(found):
                result.warnings = sorted([f for f in found if f.level == "warning"], key=_ORDER)
                result.warnings += sorted([f for f in found if f.level == "notice"], key=_ORDER)
    return result


def _as_found(p: Problem) -> Failure:
    return Failure(p.path, p.line, p.col, "invalid", p.message, p.hint, p)


def _invalid(problem: Problem, path: Path | str, rel: str, root: Path) -> Failure:
    """A problem of an unreadable record as a failure located in the repository.

    A sheet's problems name the sheet (`x.xlsx[自查表]`): the file stays the path, the sheet
    leads the message. A problem in another file (a broken standard) keeps that file.
    """
    where, message = rel, problem.message
    if problem.path.startswith(str(path)):
        sheet = problem.path[len(str(path)) :].strip("[]")
        message = f"{sheet}: {message}" if sheet else message
    elif Path(problem.path).is_file():
        where = relative_path(Path(problem.path), root)
    return Failure(where, problem.line, problem.col, "invalid", message, problem.hint, problem)


_JOB: Job | None = None


GC_THRESHOLDS = (50_000, 50, 100)
"""A worker's collector thresholds: a record's values are short-lived trees without cycles,
so collecting after every 700 allocations (the default) mostly walks live objects."""


def _init(job: Job) -> None:
    global _JOB
    _JOB = job
    real_folder.cache_clear()
    waivers.forget_shared_files()
    _die_with_parent()
    catalog_for(job.dirs)  # the standards, parsed once per worker before the freeze
    gc.set_threshold(*GC_THRESHOLDS)
    gc.freeze()  # what start-up built is never collected: no scan of it, no copy-on-write


def _warm() -> None:
    """Build in the parent, once, what every worker would build on its first records: the
    record model's validator (built on first use), the native YAML parser's module and libc's
    `prctl`; the catalog's standards are parsed already (`config.check_against`). Forked
    workers inherit them instead of each paying for them (about 50 ms a worker)."""
    Record.model_rebuild()
    fastyaml.load("a: 1\n")
    _prctl()


def _die_with_parent() -> None:
    """A worker ends when the process that started it ends (SIGTERM, SIGKILL), instead of
    living on with nothing to do (Linux; elsewhere the pool's own shutdown applies)."""
    import signal

    prctl = _prctl()
    if prctl is not None:
        prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG


@lru_cache(maxsize=1)
def _prctl() -> Any:
    """libc's `prctl` (Linux), looked up once in the parent before the workers are forked:
    each worker importing ctypes itself cost it about 10 ms."""
    import sys

    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def _work(path: Path | str) -> RecordResult:
    assert _JOB is not None
    return evaluate(path, _JOB)


def _work_chunk(paths: Sequence[Path | str]) -> list[RecordResult | None]:
    """Each path's result; None for another shard's record (nothing to send back)."""
    job = _JOB
    assert job is not None
    if job.shard is not None:
        return [judge_in_shard(path, job) for path in paths]
    return [evaluate(path, job) for path in paths]


AHEAD = 4
"""Chunks in flight per worker: the pool works at most this far ahead of the consumer, so a
slow consumer (writing Parquet) never gathers the results of every record in memory."""


def _pooled(
    files: Sequence[Path | str], job: Job, workers: int, chunk: int
) -> Iterator[RecordResult | None]:
    """Each file's result in order, from a process pool with a bounded window of work."""
    _warm()
    gc.freeze()  # the forked workers inherit start-up's objects untouched by their collector
    try:
        yield from _windowed(files, job, workers, chunk)
    finally:
        gc.unfreeze()


def _windowed(
    files: Sequence[Path | str], job: Job, workers: int, chunk: int
) -> Iterator[RecordResult | None]:
    from collections import deque

    starts = iter(range(0, len(files), chunk))
    window: deque[Any] = deque()
    with ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(job,)) as pool:

        def submit() -> None:
            start = next(starts, None)
            if start is not None:
                window.append(pool.submit(_work_chunk, files[start : start + chunk]))

        for _ in range(workers * AHEAD):
            submit()
        while window:
            results = window.popleft().result()
            submit()
            yield from results


def evaluate_all(
    files: Sequence[Path | str],
    config: Config,
    *,
    as_of: dt.date | None = None,
    keep_assessments: bool = False,
    progress: Progress | None = None,
    parallel: bool | None = None,
    judge: Callable[..., list[Failure]] | None = None,
) -> list[RecordResult]:
    """Judge each file, in order; a process pool when there are many (or `parallel=True`)."""
    keep = "assessment" if keep_assessments else ""
    return [
        r
        for r in evaluate_iter(files, config, as_of, keep, progress, parallel, judge=judge)
        if not r.skipped
    ]


def evaluate_iter(
    files: Sequence[Path | str],
    config: Config,
    as_of: dt.date | None,
    keep: str,
    progress: Progress | None,
    parallel: bool | None,
    *,
    judge: Callable[..., list[Failure]] | None = None,
    digest: Callable[[Any, str, str], Any] | None = None,
    shard: Shard | None = None,
    evidence: bool = False,
) -> Iterator[RecordResult]:
    """Each file's result as it is ready, in order (none for another shard's records)."""
    real_folder.cache_clear()
    waivers.forget_shared_files()
    job = Job(
        root=str(config.root),
        dirs=tuple(str(d) for d in config.dirs()),
        required=tuple(sorted(config.required_grades.items())),
        fail_on=tuple(config.fail_on),
        lang=config.lang,
        as_of=as_of,
        keep=keep,
        judge=judge,
        digest=digest,
        shard=shard,
        warn_days=config.exception_warning_days,
        evidence=evidence,
    )
    total = len(files)
    use_pool = parallel if parallel is not None else total > PARALLEL_FROM
    workers = os.cpu_count() or 1
    if use_pool and workers > 1 and total > 1:
        chunk = max(1, min(64, total // (workers * 4) or 1))
        results: Iterator[RecordResult | None] = _pooled(files, job, workers, chunk)
    elif shard is not None:
        results = (judge_in_shard(file, job) for file in files)
    else:
        results = (evaluate(file, job) for file in files)
    root = Path(job.root)
    for done, result in enumerate(results, start=1):
        if progress:  # another shard's record is only a path to count
            path = result.path if result else relative_path(Path(files[done - 1]), root)
            progress(done, total, path)
        if result is not None and not result.elsewhere:
            yield result


def invalid_error(bad: Sequence[RecordResult]) -> InvalidFile:
    """One InvalidFile listing every problem of every invalid record in `bad`."""
    return InvalidFile(
        [
            replace(f.problem, path=f.path, line=f.line, col=f.col, message=f.message)
            for r in bad
            for f in r.failures + r.problems
            if f.problem is not None  # an invalid record's failures are its problems
        ]
    )


def load_assessments(
    paths: Sequence[Path | str],
    config: Config,
    *,
    as_of: dt.date | None = None,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    parallel: bool | None = None,
) -> tuple[list[RecordResult], list[RecordResult]]:
    """The scored records under `paths` (each with its Assessment) and the invalid ones.

    Raises InvalidFile listing every problem of every invalid record unless `skip_invalid`.
    Keeps every Assessment in memory: `scan` streams digests instead (what `summary` uses).
    """
    config.check_against(catalog_for(tuple(str(d) for d in config.dirs())))
    files, skipped = discover(paths, config)
    results = evaluate_all(
        files,
        config,
        as_of=as_of,
        keep_assessments=True,
        progress=progress,
        parallel=parallel,
    )
    good = [r for r in results if r.assessment is not None]
    bad = _unreadable(skipped) + [r for r in results if r.assessment is None]
    if bad and not skip_invalid:
        raise invalid_error(bad)
    return good, bad


def scan(
    paths: Sequence[Path | str],
    config: Config,
    *,
    digest: Callable[[Any, str, str], Any],
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    parallel: bool | None = None,
    shard: Shard | None = None,
) -> Iterator[RecordResult]:
    """Each record under `paths` as it is scored, in path order, carrying its `digest`.

    An invalid record's result has no digest (its problems are in `failures` or `problems`).
    Gates are not judged. Nothing is kept: the caller folds each result in and lets it go.
    With `shard`, only that shard's records.
    """
    config.check_against(catalog_for(tuple(str(d) for d in config.dirs())))
    files, skipped = discover(paths, config)
    results = evaluate_iter(
        files, config, as_of, "digest", progress, parallel, digest=digest, shard=shard
    )
    return itertools.chain(_unreadable(skipped), (r for r in results if not r.skipped))


def _unreadable(skipped: Sequence[Any]) -> list[RecordResult]:
    """Folders that could not be read, as invalid results: never silently left out."""
    return [
        RecordResult(
            path=s.path,
            invalid=True,
            failures=[Failure(s.path, 0, 0, "unreadable", s.reason, problem=s.problem)],
        )
        for s in skipped
        if s.unreadable
    ]


def validate(
    paths: Sequence[Path | str],
    config: Config,
    *,
    progress: Progress | None = None,
    parallel: bool | None = None,
    evidence: bool = False,
) -> Iterator[RecordResult]:
    """Each record under `paths` read and checked against its standard (not scored), in path
    order: `answered` when it is valid, its problems in `failures` when not. With `evidence`,
    every evidence file is checked too (missing, moved, outside, changed).

    A file named in `paths` is always a record: one that plainly is not (no `standard:`) is
    reported invalid with its problems, where a folder's such files are skipped.
    """
    files, _ = discover(paths, config)
    named = {str(Path(p)) for p in paths if not Path(p).is_dir()}
    invalid_gate = config.model_copy(update={"fail_on": ["invalid"]})
    for result, file in zip(
        evaluate_iter(files, invalid_gate, None, "valid", progress, parallel, evidence=evidence),
        files,
        strict=True,
    ):
        if result.skipped and str(file) in named:
            result = RecordResult(path=result.path, invalid=True)
            try:
                read_record(file, catalog_for(tuple(str(d) for d in config.dirs())))
            except SafecliError as error:
                root = Path(config.root)
                result.failures = sorted(
                    _invalid(p, file, result.path, root) for p in error.problems
                )
        if not result.skipped:
            yield result


def standard_of(config: Config, ref: str) -> Any:
    """The Standard a scored record refers to, from the config's catalog (parsed once)."""
    return catalog_for(tuple(str(d) for d in config.dirs())).get(ref)
