"""One call per command, for scripts and for the CLI alike."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from safecli.errors import InvalidFile
from safecli.loading import read_record
from safecli.scoring import Assessment, assess


def score_file(
    path: Path | str, *, catalog: Any = None, as_of: dt.date | None = None, strict: bool = False
) -> Assessment:
    """Read, check and score one record. With `strict`, unanswered items are errors."""
    loaded = read_record(path, catalog)
    assessment = assess(loaded.standard, loaded.record, as_of)
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


def findings_ledger(
    paths: Any,
    config: Any,
    *,
    as_of: dt.date,
    strict: bool = False,
    open_only: bool = False,
    overdue: bool = False,
    level: str | None = None,
    unit: str | None = None,
) -> Any:
    """The 隐患台账 of the records under `paths` on `as_of` (`safecli findings`).

    Invalid records are listed beside the ledger (`Ledger.invalid`); with `strict` they make it
    an InvalidFile error listing every problem instead.
    """
    from safecli.gate import invalid_error, load_assessments, standard_of
    from safecli.ledger import follow, record_findings, select
    from safecli.portfolio import invalid_records

    good, bad = load_assessments(paths, config, as_of=as_of, skip_invalid=True)
    if bad and strict:
        raise invalid_error(bad)
    ledger = follow(
        (record_findings(r.assessment, r.path) for r in good),
        as_of,
        standards=lambda ref: standard_of(config, ref),
        lang=config.lang,
    )
    ledger.invalid = invalid_records(bad)
    ledger.sources += [r.path for r in bad]
    return select(ledger, open_only=open_only, overdue=overdue, level=level, unit=unit)


def write_notices(
    ledger: Any,
    fmt: str,
    folder: Path,
    recheck_days: int = 3,
    *,
    inputs: Any = (),
    templates: Path | None = None,
) -> list[Path]:
    """A 整改通知书 per unit with open hazards, written into `folder` as
    `整改通知书-<unit name>-<date>.<fmt>` (`-2`, `-3` for equal names). Every notice is
    rendered before anything is written."""
    from safecli.ledger import notices
    from safecli.output import safe_name, write_atomic
    from safecli.render.ledger import render_notice

    rendered = [
        (
            safe_name(f"整改通知书-{n.subject}-{n.date.isoformat()}"),
            render_notice(n, fmt, ledger.lang, templates),
        )
        for n in notices(ledger, recheck_days)
    ]
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    taken: set[str] = set()
    for stem, text in rendered:
        name, n = f"{stem}.{fmt}", 1
        while name in taken:
            n += 1
            name = f"{stem}-{n}.{fmt}"
        taken.add(name)
        written.append(write_atomic(folder / name, text, inputs=inputs))
    return written
