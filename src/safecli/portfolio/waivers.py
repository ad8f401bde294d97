"""The gate's verdicts on exceptions and evidence files.

An exception past its end date fails `expired-exception` (on by default); one ending within
`exception_warning_days` (30 by default) is a warning; one in force or not yet in force is a
notice. With the `evidence` gate on, every evidence file that is missing, moved, outside the
repository, a link out of it, or changed since it was hashed fails it. Each is located where it
is written: the record's line, or the repository's exceptions.yaml.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from safecli.model.wording import text, worded
from safecli.portfolio.pool import Failure
from safecli.read.evidence import check_record, evidence_problem
from safecli.score.results import EXPIRED, IN_FORCE, ExceptionResult


def verdict(
    where: tuple[str, int, int],
    rule: str,
    level: str,
    lang: str,
    values: dict[str, Any],
    *,
    code: str,
    hint: str | None = None,
) -> Failure:
    """A failure, warning or notice by code, worded in the run's language only.

    It carries no `Problem`: every writer prints its message and hint as they stand (they
    are in the run's language already), so the English wording a Problem holds would be made
    for nothing, and sent back from a pool's worker for nothing.
    """
    shown_hint = text(hint, lang, values) if hint else None
    return Failure(*where, rule, worded(code, lang, values), shown_hint, level=level)


def _where(ex: ExceptionResult, doc: Any, rel: str, root: str) -> tuple[str, int, int]:
    if ex.shared is None:
        line, col = doc.where(("exceptions", ex.index))
        return rel, line, col
    path, line, col = ex.shared
    shown = os.path.relpath(path, root).replace(os.sep, "/")
    return (path if shown.startswith("..") else shown), line, col


def exception_verdicts(
    rel: str, doc: Any, exceptions: list[ExceptionResult], job: Any
) -> list[Failure]:
    """Failures (expired), warnings (ending soon) and notices (the others) of a record's
    exceptions on the date judged by."""
    out: list[Failure] = []
    for ex in exceptions:
        path, line, col = _where(ex, doc, rel, job.root)
        values = {
            "kind": ex.kind_label.get(job.lang),
            "item": ex.item,
            "until": ex.until.isoformat(),
            "date": ex.date.isoformat(),
            "expired_on": ex.expired_on.isoformat(),
            "approver": ex.approver,
            "reason": ex.reason,
            "days": ex.days_left,
        }
        where = (path, line, col)
        lang = job.lang
        if ex.state == EXPIRED:
            level = "error" if "expired-exception" in job.fail_on else "warning"
            found = verdict(
                where,
                "expired-exception",
                level,
                lang,
                values,
                code="exception-expired",
                hint="hint-exception-renew",
            )
        elif ex.state == IN_FORCE and ex.days_left < job.warn_days:
            found = verdict(
                where,
                "expiring-exception",
                "warning",
                lang,
                values,
                code="exception-expiring" if ex.days_left else "exception-expiring-today",
                hint="hint-exception-renew-soon",
            )
        elif ex.state == IN_FORCE:
            found = verdict(where, "exception", "notice", lang, values, code="exception-in-force")
        else:
            found = verdict(where, "exception", "notice", lang, values, code="exception-pending")
        out.append(found)
    return out


def evidence_failures(rel: str, loaded: Any, job: Any) -> list[Failure]:
    """The `evidence` gate: each evidence file of the record with a problem, located."""
    record, _, doc = loaded
    out = []
    for check in check_record(record, Path(job.root) / rel):
        if not check.problem:
            continue
        line, col = doc.where(("responses", check.item, "evidence", check.index))
        found = evidence_problem(check, (rel, line, col))
        out.append(Failure(rel, line, col, "evidence", found.message, found.hint, found))
    return out
