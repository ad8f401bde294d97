"""`--shard I/N`: a stable partition of the records by a hash of the unit id.

The hash is BLAKE2b of the unit's id (its code, else its name) as UTF-8, not Python's `hash()`,
which is salted per process: every machine of a CI matrix or a batch job array puts a unit in
the same shard, and every record of one unit lands in one shard (a summary's latest record per
unit stays whole). The unit is read from the record's `subject` as written (`unit_key`), before
the record is checked, so a shard spends almost nothing on another shard's records: an invalid
record whose subject names its unit goes with its unit too. A file whose unit cannot be read
that way (no `subject.id` or `subject.name`, not YAML, a sheet that turns out invalid) is
hashed by its path instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from safecli.model.errors import UsageError
from safecli.model.wording import problem

_FORM = re.compile(r"^\s*([0-9]{1,6})\s*/\s*([0-9]{1,6})\s*$")
"""Six digits at most: 100,000 shards is the most a batch uses; 5,000 digits never reach int()."""


@dataclass(frozen=True)
class Shard:
    """Shard `index` (1-based) of `count`."""

    index: int
    """Which shard, 1 to `count`."""
    count: int
    """How many shards in all."""

    @classmethod
    def parse(cls, text: str, option: str = "--shard") -> Shard:
        """`I/N` with 1 ≤ I ≤ N, or UsageError."""
        found = _FORM.match(text)
        if found:
            index, count = int(found[1]), int(found[2])
            if 1 <= index <= count <= 100_000:
                return cls(index, count)
        raise UsageError(
            problem(option, code="not-a-shard", hint="hint-shard-form", value=repr(text))
        )

    def holds(self, key: str) -> bool:
        """True when the unit (or path) `key` belongs to this shard."""
        return shard_of(key, self.count) == self.index

    @property
    def label(self) -> str:
        """`I-of-N`, for file names."""
        return f"{self.index}-of-{self.count}"


def shard_of(key: str, count: int) -> int:
    """The shard (1 to `count`) a unit id or path falls in; the same on every machine."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % count + 1


def unit_key(data: Any) -> str | None:
    """The unit a parsed record belongs to, as the checked record names it, or None.

    `subject.id`, else `subject.name`, made text as the record model makes it (an unquoted
    number or date is its text); for a valid record this is `subject.id or subject.name`.
    """
    subject = data.get("subject") if isinstance(data, dict) and "standard" in data else None
    if not isinstance(subject, dict):
        return None
    for field in ("id", "name"):
        value = subject.get(field)
        if isinstance(value, (int, float, dt.date)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value:
            return value
    return None
