"""`--shard I/N`: a stable partition of the records by a hash of the unit id.

The hash is BLAKE2b of the unit's id (its code, else its name) as UTF-8, not Python's `hash()`,
which is salted per process: every machine of a CI matrix or a batch job array puts a unit in
the same shard, and every record of one unit lands in one shard (a summary's latest record per
unit stays whole). The unit is read from the record's `subject` as written, before the record
is checked: first from the text's lines (`unit_in_text`, no parse), else from the parsed
values (`unit_key`), so a shard spends little on another shard's records: an invalid record
whose subject names its unit goes with its unit too (also one whose YAML breaks after a
subject the lines name). A file whose unit cannot be read either way (no `subject.id` or
`subject.name`, not YAML, a sheet that turns out invalid) is hashed by its path instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any

import yaml

from safecli.model.errors import UsageError
from safecli.model.patterns import lazy
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


# ---------------------------------------------------------------- the pre-scan of a record's text

_KEY = lazy(r"([^\s#'\"\-?:,\[\]{}&*!|>%@`<][^\s:#,\[\]{}]*):(?: +|$)")
"""A plain key as the pre-scan reads it (narrower than YAML: anything else is parsed)."""
_ODD_CHARS = ("\t", "\x85", "\u2028", "\u2029", "\ufeff")
_LONE_CR = lazy(r"\r(?!\n)")
"""Line breaks besides LF and CRLF, tabs, a BOM past the start: parsed, not scanned."""
_SINGLE = lazy(r"'((?:[^']|'')*)'(?: +#.*)?")
_DOUBLE = lazy(r'"([^"\\]*)"(?: +#.*)?')
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"


def unit_in_text(text: str) -> str | None:
    """The unit a record's YAML text names (`unit_key` of what it parses to), read from its
    lines without parsing; None when the lines do not make it certain (then parse).

    Certain means: every line at column 0 is a distinct plain key (so `standard` and `subject`
    are the top level's own, not lines of a multi-line scalar), `subject:` opens a block whose
    lines at its indentation are distinct plain keys, and `id` (else `name`) is a scalar written
    whole on its line (plain text that YAML 1.1 reads as a string, or quoted without escapes).
    """
    if "<<" in text or any(c in text for c in _ODD_CHARS):
        return None
    if "\r" in text and _LONE_CR.search(text):
        return None
    lines = text.split("\n")
    tops: dict[str, int] = {}  # each top-level key's line
    open_value = False  # the last key's value is on the lines below it
    for index, row in enumerate(lines):
        if row[:1] in ("", " ", "#"):
            continue
        line = row.rstrip("\r")
        if not line:
            continue  # a blank line of a CRLF text
        if open_value and line[0] == "-" and line[1:2] in ("", " "):
            continue  # an item of a sequence written at its key's indentation
        found = _KEY.match(line)
        if found is None or found.group(1) in tops:
            return None
        tops[found.group(1)] = index
        open_value = found.end() == len(line)
    at = tops.get("subject")
    if "standard" not in tops or at is None or lines[at].rstrip("\r ") != "subject:":
        return None
    end = min((i for i in tops.values() if i > at), default=len(lines))
    fields = _block_fields(lines[at + 1 : end])
    if fields is None:
        return None
    for field in ("id", "name"):
        if field in fields:
            value = _scalar(fields[field])
            if value is _UNSURE:
                return None
            if value:
                return value
    return None


_UNSURE: Any = object()


def _block_fields(lines: list[str]) -> dict[str, str | None] | None:
    """Each key of a block mapping and its value's text when written whole on the key's line
    (None when it is not: an empty value, or one that goes on below)."""
    rows = []
    for line in lines:
        line = line.rstrip("\r")
        body = line.lstrip(" ")
        if body and body[0] != "#":
            rows.append((len(line) - len(body), line))
    if not rows:
        return None
    indent = rows[0][0]
    fields: dict[str, str | None] = {}
    open_value = False
    for i, (at, line) in enumerate(rows):
        if at < indent:
            return None
        if at > indent or (open_value and line[at] == "-" and line[at + 1 : at + 2] in ("", " ")):
            continue  # a value's lines (an item of a sequence at its key's indentation too)
        found = _KEY.match(line, at)
        if found is None or found.group(1) in fields:
            return None
        rest = line[found.end() :].rstrip(" ")
        open_value = not rest
        deeper = i + 1 < len(rows) and (
            rows[i + 1][0] > indent or (open_value and rows[i + 1][1][indent] == "-")
        )
        fields[found.group(1)] = rest if not deeper else None
        if deeper and found.group(1) in ("id", "name"):
            return None  # a nested value or a scalar over several lines
    return fields


def _scalar(text: str | None) -> Any:
    """The string a value's text on one line is, "" for none, `_UNSURE` when not certain."""
    if not text:
        return ""
    if text[0] == "'":
        whole = _SINGLE.fullmatch(text)
        return whole.group(1).replace("''", "'") if whole else _UNSURE
    if text[0] == '"':
        whole = _DOUBLE.fullmatch(text)
        return whole.group(1) if whole else _UNSURE
    cut = text.find(" #")
    plain = (text[:cut] if cut >= 0 else text).rstrip(" ")
    if (
        not plain
        or plain[0] in "-?:,[]{}#&*!|>'\"%@`"
        or ": " in plain
        or plain.endswith(":")
        or _RESOLVER.resolve(yaml.ScalarNode, plain, (True, False)) != _STR
    ):
        return _UNSURE
    return plain
