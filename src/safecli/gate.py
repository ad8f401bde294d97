"""The CI gate: find every record under some paths, score each, and fail on what matters.

`check(paths, config)` never raises for a bad record: an unreadable or invalid record is an
`invalid` failure reported beside the others. Only a bad `safecli.yaml` or a path that does not
exist raises (ConfigError, UsageError). Results come in sorted path order, whether the files were
read in this process or spread over a process pool.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from safecli.config import CONFIG_NAME, Config
from safecli.errors import ExitCode, InvalidFile, Problem, SafecliError, UsageError

RECORD_SUFFIXES = (".yaml", ".yml", ".xlsx", ".csv")
"""File types `check` and `summary` read as records."""
PARALLEL_FROM = 200
"""From this many files on, records are read by a process pool."""
SKIP_FOLDERS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__"})
"""Folders never walked into (and not listed as skipped)."""
NOT_RECORDS = {
    CONFIG_NAME: "config",
    ".pre-commit-hooks.yaml": "pre-commit",
    ".pre-commit-config.yaml": "pre-commit",
    ".gitlab-ci.yml": "workflow",
    ".gitlab-ci.yaml": "workflow",
}
"""Files that are never records, by name, and the message key saying what they are."""
_STANDARD_KEY = re.compile(r"^\ufeff?standard\s*:", re.MULTILINE)

Progress = Callable[[int, int, str], None]
"""Called after each record with (records done, records in all, the record's path)."""

MESSAGES = {
    "zh": {
        "not-answered": "条款 {item} 未作答",
        "metric-missing": "条款 {item} 未填报指标 metrics.{metric}",
        "veto": "否决 {rule}：{text}（{because}；等级封顶为 {cap}）",
        "below": "等级 {grade}（{grade_id}，总分 {total}）低于要求的 {required}（{required_id}）",
        "overdue": "重大隐患 {id} 逾期未整改（整改期限 {due}，责任人 {owner}）：{text}",
        "blacklisted": "列入黑名单（{rule}）：{flag}（{because}）",
        "lowest": "等级 {grade}（{grade_id}，总分 {total}）为 {standard} 的最低等级",
        "folder": "位于标准目录内",
        "not-yaml": "不是有效的 YAML，也没有 standard: 键",
        "no-standard": "顶层没有 standard: 键",
        "workflow": "CI 工作流文件",
        "config": "safecli 配置文件",
        "pre-commit": "pre-commit 配置文件",
        "file-type": "不是记录文件类型（{suffixes}）",
    },
    "en": {
        "not-answered": "item {item} is not answered",
        "metric-missing": "item {item} is not answered (metrics.{metric} missing)",
        "veto": "veto {rule}: {text} ({because}; grade capped at {cap})",
        "below": "grade {grade} ({grade_id}, total {total}) is below the required {required} "
        "({required_id})",
        "overdue": "major hazard {id} is overdue (due {due}, owner {owner}): {text}",
        "blacklisted": "blacklisted by {rule}: {flag} ({because})",
        "lowest": "graded {grade} ({grade_id}, total {total}), the lowest grade of {standard}",
        "folder": "inside a standards folder",
        "not-yaml": "not valid YAML and no standard: key",
        "no-standard": "no standard: key at the top level",
        "workflow": "a CI workflow file",
        "config": "the safecli configuration",
        "pre-commit": "a pre-commit file",
        "file-type": "not a record file type ({suffixes})",
    },
}


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

    def __str__(self) -> str:
        return str(
            Problem(self.path, self.line, self.col, f"[{self.rule}] {self.message}", self.hint)
        )


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

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def status(self) -> str:
        if self.invalid:
            return "invalid"
        return "pass" if self.passed else "fail"


@dataclass
class Skipped:
    """A file under the paths that is plainly not a record."""

    path: str
    """The file, relative to the root."""
    reason: str
    """Why it was skipped."""


@dataclass
class GateReport:
    """The outcome of `check`: every record's result, the skipped files, the exit code."""

    root: Path
    """The repository root reported paths are relative to."""
    as_of: dt.date | None
    """The date overdue findings were judged on (None: each record's inspection date)."""
    fail_on: list[str]
    """The gates that fail the run."""
    results: list[RecordResult]
    """One per record, in path order."""
    skipped: list[Skipped]
    """Files that were not records."""
    lang: str = "zh"
    """Language of the messages."""
    config_file: str | None = None
    """The safecli.yaml the gates came from (relative to the root), None for the defaults."""
    as_of_today: bool = False
    """`as_of` is today (the command line's default), not a date the user gave."""

    @property
    def failures(self) -> list[Failure]:
        return [f for r in self.results for f in r.failures]

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.GATE_FAILED if self.failures else ExitCode.OK


# ---------------------------------------------------------------- finding the records


@lru_cache(maxsize=1024)
def _real_folder(cwd: str, folder: str) -> Path:
    return Path(folder).resolve()


def _resolve(path: Path) -> Path:
    """`path.resolve()`, resolving each folder once per run (cleared by `discover`, `_init`).

    A file that is itself a symlink is resolved on its own; any other file of a folder is the
    folder's real path joined with its name, which is what `resolve()` would give.
    """
    if path.name in ("", "..") or os.path.islink(path):
        return path.resolve()
    return _real_folder(os.getcwd(), str(path.parent)) / path.name


def _relative(path: Path, root: Path) -> str:
    resolved = _resolve(path)
    try:
        return resolved.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _workflow(rel: str) -> bool:
    return rel.startswith(".github/") or "/.github/" in rel


def discover(paths: Sequence[Path | str], config: Config) -> tuple[list[Path], list[Skipped]]:
    """The record files under `paths` (sorted, each once) and the files skipped as non-records.

    Folders are walked (without .git, virtualenvs, node_modules); files named on the command
    line are taken as they are, subject to the config's exclude globs. UsageError when a path
    does not exist.
    """
    _real_folder.cache_clear()
    root = config.root
    lang = config.lang
    missing = [
        Problem(str(p), message="no such file or folder") for p in paths if not Path(p).exists()
    ]
    if missing:
        raise UsageError(missing)
    standards = [d for d in config.dirs()]
    root_text = str(root)
    standard_texts = [str(d) for d in standards]
    cwd = os.getcwd()
    candidates: dict[str, Path] = {}
    for given in paths or [root]:
        base = Path(given)
        if not base.is_dir():
            candidates.setdefault(_relative(base, root), base)
            continue
        for folder, subdirs, files in os.walk(base):
            subdirs[:] = sorted(d for d in subdirs if d not in SKIP_FOLDERS)
            # folder-level facts once per folder: files of a folder share them (many thousand)
            real = str(_real_folder(cwd, folder))
            inside = real == root_text or real.startswith(root_text + os.sep)
            prefix = os.path.relpath(real, root_text).replace(os.sep, "/") + "/" if inside else None
            for name in files:
                if not name.lower().endswith(RECORD_SUFFIXES):
                    continue
                file = Path(folder, name)
                if prefix is None or os.path.islink(os.path.join(folder, name)):
                    rel = _relative(file, root)
                else:
                    rel = name if prefix == "./" else prefix + name
                candidates.setdefault(rel, file)
    records: list[Path] = []
    skipped: list[Skipped] = []
    for rel in sorted(candidates):
        file = candidates[rel]
        if not config.wants(rel):
            continue
        reason = _not_a_record(file, rel, standards, lang, standard_texts)
        if reason:
            skipped.append(Skipped(rel, reason))
        else:
            records.append(file)
    return records, skipped


def _not_a_record(
    file: Path, rel: str, standards: list[Path], lang: str, standard_texts: list[str] | None = None
) -> str | None:
    t = MESSAGES[lang]
    name = file.name
    if name in NOT_RECORDS:
        return t[NOT_RECORDS[name]]
    if _workflow(rel):
        return t["workflow"]
    suffix = file.suffix.lower()
    if suffix not in RECORD_SUFFIXES:
        return t["file-type"].format(suffixes=", ".join(RECORD_SUFFIXES))
    resolved = str(_resolve(file))
    texts = standard_texts if standard_texts is not None else [str(d) for d in standards]
    if any(resolved.startswith(folder + os.sep) for folder in texts):
        return t["folder"]
    return None


def _not_a_record_yaml(file: Path, lang: str) -> str | None:
    """Why a YAML file that failed to load is plainly not a record (no `standard:`), or None.

    Asked only of files that failed: a valid record is never read twice.
    """
    t = MESSAGES[lang]
    if file.suffix.lower() in (".yaml", ".yml"):
        try:
            text = file.read_bytes()[:200_000].decode("utf-8", errors="replace")
        except OSError:
            return None  # reading it again reports the problem as invalid
        if _STANDARD_KEY.search(text):
            return None
        # no `standard:` at the start of a line: a record only in flow style, else not one
        from safecli import yamlio

        try:
            data = yamlio.parse(text, str(file)).data
        except SafecliError:
            return t["not-yaml"]
        if isinstance(data, dict) and "standard" in data:
            return None
        return t["no-standard"]
    return None


# ---------------------------------------------------------------- one record


@dataclass(frozen=True)
class _Job:
    """What a worker needs to judge a record (picklable)."""

    root: str
    dirs: tuple[str, ...]
    required: tuple[tuple[str, str], ...]
    fail_on: tuple[str, ...]
    lang: str
    as_of: dt.date | None
    keep: str
    """What a valid record's result carries: "" (gates only), "assessment" or "digest"."""


@lru_cache(maxsize=8)
def _catalog(dirs: tuple[str, ...]) -> Any:
    """One catalog per process and set of folders: each standard is parsed once."""
    from safecli.catalog import Catalog, default_catalog

    return Catalog([Path(d) for d in dirs]) if dirs else default_catalog()


def evaluate(path: Path, job: _Job) -> RecordResult:
    """Read, score and judge one record; never raises for a bad record."""
    from safecli.loading import read_record
    from safecli.scoring import assess

    root = Path(job.root)
    rel = _relative(path, root)
    result = RecordResult(path=rel)
    try:
        loaded = read_record(path, _catalog(job.dirs))
    except SafecliError as error:
        reason = _not_a_record_yaml(path, job.lang)
        if reason:
            result.skipped = reason
            return result
        result.invalid = True
        result.failures = sorted(_invalid(p, path, rel, root) for p in error.problems)
        if "invalid" not in job.fail_on:  # kept for `summary`, which reports them
            result.problems, result.failures = result.failures, []
        return result
    record, std, _ = loaded
    a = assess(std, record, job.as_of)
    required = dict(job.required)
    result.standard = std.ref
    result.subject = record.subject.name
    result.subject_id = record.subject.id
    result.date = record.inspection.date
    result.total = a.total
    result.grade = a.grade.id
    result.grade_label = a.grade.label.get(job.lang)
    result.required = required.get(std.ref, required.get(std.id))
    if job.keep == "digest":  # `summary` judges no gates and needs only the digest
        from safecli.portfolio import digest

        result.digest = digest(a, rel, job.lang)
        return result
    if job.keep == "assessment":
        result.assessment = a
    result.failures = sorted(_gates(rel, loaded, a, result.required, job))
    return result


def _invalid(problem: Problem, path: Path, rel: str, root: Path) -> Failure:
    """A problem of an unreadable record as a failure located in the repository.

    A sheet's problems name the sheet (`x.xlsx[自查表]`): the file stays the path, the sheet
    leads the message. A problem in another file (a broken standard) keeps that file.
    """
    where, message = rel, problem.message
    if problem.path.startswith(str(path)):
        sheet = problem.path[len(str(path)) :].strip("[]")
        message = f"{sheet}: {message}" if sheet else message
    elif Path(problem.path).is_file():
        where = _relative(Path(problem.path), root)
    return Failure(where, problem.line, problem.col, "invalid", message, problem.hint)


def _gates(rel: str, loaded: Any, a: Any, required: str | None, job: _Job) -> list[Failure]:
    record, std, doc = loaded
    t = MESSAGES[job.lang]
    lang = job.lang
    out: list[Failure] = []

    def fail(loc: tuple[Any, ...], rule: str, message: str, *, key: bool = False) -> None:
        line, col = doc.where(loc, key=key)
        out.append(Failure(rel, line, col, rule, message))

    if "veto" in job.fail_on:
        for rule in a.veto.rules:
            cap = std.grade(rule.max_grade)
            fail(
                veto_location(std, record, a, rule.id),
                "veto",
                t["veto"].format(
                    rule=rule.id,
                    text=rule.text.get(lang),
                    because=rule.because.get(lang),
                    cap=cap.label.get(lang) if cap else rule.max_grade,
                ),
            )
    if "blacklisted" in job.fail_on:
        vetoes = {v.id: v for v in std.vetoes}
        for rule in a.veto.rules:
            veto = vetoes.get(rule.id)
            if veto is not None and veto.blacklist:
                fail(
                    veto_location(std, record, a, rule.id),
                    "blacklisted",
                    t["blacklisted"].format(
                        rule=rule.id,
                        flag=(veto.flag or veto.text).get(lang),
                        because=rule.because.get(lang),
                    ),
                )
    if "lowest-grade" in job.fail_on and std.grades and a.grade.id == std.grades[-1].id:
        fail(
            ("standard",),
            "lowest-grade",
            t["lowest"].format(
                grade=a.grade.label.get(lang),
                grade_id=a.grade.id,
                total=f"{a.total:.1f}",
                standard=std.ref,
            ),
        )
    if "below-grade" in job.fail_on and required is not None:
        order = [g.id for g in std.grades]
        if required in order and order.index(a.grade.id) > order.index(required):
            wanted = std.grade(required)
            fail(
                ("standard",),
                "below-grade",
                t["below"].format(
                    grade=a.grade.label.get(lang),
                    grade_id=a.grade.id,
                    total=f"{a.total:.1f}",
                    required=wanted.label.get(lang) if wanted else required,
                    required_id=required,
                ),
            )
    if "overdue-major" in job.fail_on:
        for i, finding in enumerate(a.findings):
            if finding.level == "major" and finding.overdue:
                fail(
                    ("findings", i),
                    "overdue-major",
                    t["overdue"].format(
                        id=finding.id,
                        due=finding.due.isoformat() if finding.due else "-",
                        owner=finding.owner or "-",
                        text=finding.text,
                    ),
                )
    if "unanswered" in job.fail_on:
        items = std.item_map()
        for item_id in a.unanswered:
            item = items[item_id]
            if item.metric:
                fail(
                    ("metrics",) if ("metrics",) in doc.key_marks else ("responses",),
                    "unanswered",
                    t["metric-missing"].format(item=item_id, metric=item.metric),
                    key=True,
                )
            else:
                fail(("responses",), "unanswered", t["not-answered"].format(item=item_id), key=True)
    return out


def veto_location(std: Any, record: Any, a: Any, rule_id: str) -> tuple[Any, ...]:
    """Where in the record a fired veto comes from: the incident, finding, metric or response.

    Mirrors the order scoring checks a rule's conditions in, so it names the same entry.
    """
    from safecli.scoring import _incident_matches

    if rule_id.startswith("item:"):
        return ("responses", rule_id.removeprefix("item:"))
    veto = next((v for v in std.vetoes if v.id == rule_id), None)
    if veto is None:
        return ("standard",)
    when = veto.when
    if when.incident is not None:
        for i, incident in enumerate(record.incidents):
            if _incident_matches(when.incident, incident, record.inspection.date):
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


# ---------------------------------------------------------------- many records

_JOB: _Job | None = None


def _init(job: _Job) -> None:
    global _JOB
    _JOB = job
    _real_folder.cache_clear()


def _work(path: Path) -> RecordResult:
    assert _JOB is not None
    return evaluate(path, _JOB)


def evaluate_all(
    files: Sequence[Path],
    config: Config,
    *,
    as_of: dt.date | None = None,
    keep_assessments: bool = False,
    progress: Progress | None = None,
    parallel: bool | None = None,
) -> list[RecordResult]:
    """Judge each file, in order; a process pool when there are many (or `parallel=True`)."""
    keep = "assessment" if keep_assessments else ""
    return [
        r for r in _evaluate_iter(files, config, as_of, keep, progress, parallel) if not r.skipped
    ]


def _evaluate_iter(
    files: Sequence[Path],
    config: Config,
    as_of: dt.date | None,
    keep: str,
    progress: Progress | None,
    parallel: bool | None,
) -> Iterator[RecordResult]:
    """Each file's result as it is ready, in order."""
    _real_folder.cache_clear()
    job = _Job(
        root=str(config.root),
        dirs=tuple(str(d) for d in config.dirs()),
        required=tuple(sorted(config.required_grades.items())),
        fail_on=tuple(config.fail_on),
        lang=config.lang,
        as_of=as_of,
        keep=keep,
    )
    total = len(files)
    use_pool = parallel if parallel is not None else total > PARALLEL_FROM
    workers = os.cpu_count() or 1
    if use_pool and workers > 1 and total > 1:
        chunk = max(1, min(64, total // (workers * 4) or 1))
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(job,))
        with pool:
            for done, result in enumerate(pool.map(_work, files, chunksize=chunk), start=1):
                if progress:
                    progress(done, total, result.path)
                yield result
        return
    for done, file in enumerate(files, start=1):
        result = evaluate(file, job)
        if progress:
            progress(done, total, result.path)
        yield result


def invalid_error(bad: Sequence[RecordResult]) -> InvalidFile:
    """One InvalidFile listing every problem of every invalid record in `bad`."""
    return InvalidFile(
        [
            Problem(f.path, f.line, f.col, f.message, f.hint)
            for r in bad
            for f in r.failures + r.problems
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
    config.check_against(_catalog(tuple(str(d) for d in config.dirs())))
    files, _ = discover(paths, config)
    results = evaluate_all(
        files,
        config,
        as_of=as_of,
        keep_assessments=True,
        progress=progress,
        parallel=parallel,
    )
    good = [r for r in results if r.assessment is not None]
    bad = [r for r in results if r.assessment is None]
    if bad and not skip_invalid:
        raise invalid_error(bad)
    return good, bad


def scan(
    paths: Sequence[Path | str],
    config: Config,
    *,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    parallel: bool | None = None,
) -> Iterator[RecordResult]:
    """Each record under `paths` as it is scored, in path order, carrying its portfolio Digest.

    An invalid record's result has no digest (its problems are in `failures` or `problems`).
    Gates are not judged. Nothing is kept: the caller folds each result in and lets it go.
    """
    config.check_against(_catalog(tuple(str(d) for d in config.dirs())))
    files, _ = discover(paths, config)
    results = _evaluate_iter(files, config, as_of, "digest", progress, parallel)
    return (r for r in results if not r.skipped)


def standard_of(config: Config, ref: str) -> Any:
    """The Standard a scored record refers to, from the config's catalog (parsed once)."""
    return _catalog(tuple(str(d) for d in config.dirs())).get(ref)


def check(
    paths: Sequence[Path | str],
    config: Config,
    as_of: dt.date | None = None,
    progress: Progress | None = None,
    *,
    parallel: bool | None = None,
    as_of_today: bool = False,
) -> GateReport:
    """Validate, score and judge every record under `paths` against the config's gates.

    Raises only for bad usage (a missing path) or a bad config (ConfigError); every problem of
    a record is a failure in the report. `report.exit_code` is 0 when no gate failed, else 1.
    Overdue findings are judged on `as_of` (each record's inspection date when None; the
    command line passes today); `as_of_today` only tells the report to say so.
    """
    config.check_against(_catalog(tuple(str(d) for d in config.dirs())))
    files, skipped = discover(paths, config)
    every = list(_evaluate_iter(files, config, as_of, "", progress, parallel))
    skipped = sorted(
        [*skipped, *(Skipped(r.path, r.skipped) for r in every if r.skipped)], key=lambda s: s.path
    )
    return GateReport(
        root=config.root,
        as_of=as_of,
        fail_on=list(config.fail_on),
        results=[r for r in every if not r.skipped],
        skipped=skipped,
        lang=config.lang,
        config_file=_relative(config.file, config.root) if config.file else None,
        as_of_today=as_of_today,
    )
