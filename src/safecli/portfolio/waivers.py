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

from safecli.portfolio.pool import Failure
from safecli.read.evidence import check_record, evidence_problem
from safecli.score.results import EXPIRED, IN_FORCE, ExceptionResult

MESSAGES = {
    "zh": {
        "expired": "{kind} {item} 已于 {expired_on} 到期（有效期至 {until}，{approver} 批准），"
        "该条款已按作答计分",
        "expired-hint": "重新报批并更新 until，或删除该例外",
        "expiring": "{kind} {item} 有效期至 {until}，还有 {days} 天到期（{approver} 批准）",
        "expiring-hint": "到期前重新报批，或整改后删除该例外",
        "in-force": "{kind} {item} 有效至 {until}（{approver} 批准）：{reason}",
        "pending": "{kind} {item} 自 {date} 起生效，至 {until}（{approver} 批准）",
    },
    "en": {
        "expired": "{kind} of {item} expired on {expired_on} (it ran until {until}, approved "
        "by {approver}); the item is scored as answered",
        "expired-hint": "renew the approval and its until, or remove the exception",
        "expiring": "{kind} of {item} ends on {until}, {days} days from now (approved by "
        "{approver})",
        "expiring-hint": "renew it before it ends, or rectify the item and remove it",
        "in-force": "{kind} of {item} in force until {until} (approved by {approver}): {reason}",
        "pending": "{kind} of {item} applies from {date} to {until} (approved by {approver})",
    },
}


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
    t = MESSAGES[job.lang]
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
        if ex.state == EXPIRED:
            level = "error" if "expired-exception" in job.fail_on else "warning"
            out.append(
                Failure(
                    path,
                    line,
                    col,
                    "expired-exception",
                    t["expired"].format(**values),
                    t["expired-hint"],
                    level=level,
                )
            )
        elif ex.state == IN_FORCE and ex.days_left < job.warn_days:
            out.append(
                Failure(
                    path,
                    line,
                    col,
                    "expiring-exception",
                    t["expiring"].format(**values),
                    t["expiring-hint"],
                    level="warning",
                )
            )
        else:
            key = "in-force" if ex.state == IN_FORCE else "pending"
            out.append(
                Failure(path, line, col, "exception", t[key].format(**values), level="notice")
            )
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
