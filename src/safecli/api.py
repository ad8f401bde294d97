"""One call per command, for scripts and for the CLI alike."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from safecli.errors import InvalidFile
from safecli.loading import read_record
from safecli.scoring import Assessment, assess, required_na


def score_file(
    path: Path | str, *, catalog: Any = None, as_of: dt.date | None = None, strict: bool = False
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
