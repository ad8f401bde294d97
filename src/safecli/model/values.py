"""One parser per kind of value, for every command, option and environment variable.

- `parse_day`: a date written as YYYY-MM-DD and nothing else (no `20250101`, no `2025-W01-1`,
  which Python 3.11's `date.fromisoformat` takes and 3.10's refuses), between 1949-01-01 and
  2100-12-31 (`DATE_RANGE`): `--as-of`, `--start`, `SAFECLI_TODAY` alike;
- `parse_count`: a whole number of at most `digits` digits (a shard number, a count), so a
  5,000-digit number is refused before Python tries to convert it;
- `name_key`: a name as it is compared or used as a key: NFC, so the NFC and NFD spellings of
  one unit (one from a Mac, one from Windows) are one unit in summary, ledger and diff.

Each raises ValueError with the sentence a located problem shows; the caller locates it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from safecli.model.patterns import lazy

DATE_RANGE = (dt.date(1949, 1, 1), dt.date(2100, 12, 31))
"""The dates safecli accepts anywhere: a paper record has nothing outside them."""
_DAY = lazy(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SHOWN = 40
"""Characters of a refused value quoted in its message."""


def _shown(text: str) -> str:
    return repr(text if len(text) <= _SHOWN else text[:_SHOWN] + "…")


def parse_day(text: str) -> dt.date:
    """A YYYY-MM-DD date between 1949 and 2100, or ValueError saying what is wrong."""
    value = text.strip()
    if not _DAY.fullmatch(value):
        raise ValueError(f"{_shown(text)} is not a date")  # the caller's hint: YYYY-MM-DD
    try:
        day = dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
    except ValueError:
        raise ValueError(f"{_shown(value)} is not a date") from None
    check_day(day)
    return day


def looks_like_day(text: str) -> bool:
    """`text` has the YYYY-MM-DD form (whether or not the day exists)."""
    return bool(_DAY.fullmatch(text.strip()))


def check_day(day: dt.date) -> dt.date:
    """`day` when it is between 1949 and 2100, else ValueError."""
    first, last = DATE_RANGE
    if not first <= day <= last:
        raise ValueError(f"{day.isoformat()} is outside {first.year}–{last.year}")
    return day


def parse_count(text: str, digits: int = 9) -> int:
    """A whole number of 1 to `digits` digits (spaces around allowed), or ValueError."""
    value = text.strip()
    if not value.isascii() or not value.isdigit():
        raise ValueError(f"{_shown(text)} is not a whole number")
    if len(value) > digits:
        raise ValueError(f"a number of {len(value):,} digits is more than safecli accepts")
    return int(value)


def name_key(name: str) -> str:
    """`name` as safecli compares and keys it: Unicode NFC."""
    return unicodedata.normalize("NFC", name)
