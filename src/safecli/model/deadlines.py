"""When a hazard is overdue: the one rule every output uses (逾期).

`check`, `summary`, `findings`, `report` and `plan` all ask these two functions, each on the date
it judges on (`--as-of`, the inspection date, or the plan's date), so the same records on the
same date give the same overdue counts everywhere.

A finding is overdue on a day when it still needs work (open or in progress: not rectified and
not closed), it has a deadline, and the deadline lies before that day. The deadline day itself is
not overdue: a hazard due today may still be closed today.
"""

from __future__ import annotations

import datetime as dt


def days_overdue(needs_work: bool, due: dt.date | None, on: dt.date) -> int | None:
    """Days past `due` on the day `on`, or None when the finding is not overdue then."""
    if not needs_work or due is None or due >= on:
        return None
    return (on - due).days


def is_overdue(needs_work: bool, due: dt.date | None, on: dt.date) -> bool:
    """True when a finding that `needs_work`, due on `due`, is overdue on the day `on`."""
    return days_overdue(needs_work, due, on) is not None
