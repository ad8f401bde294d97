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
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from safecli.model.errors import SafecliError, UsageError
from safecli.model.patterns import lazy
from safecli.model.wording import problem
from safecli.read import yamlio

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

Scanned = tuple[Any, "str | None"]
"""What a shard's pre-scan learnt of a record: its parsed Document (or None) and its unit."""


def pre_scan(path: Path | str, shard: Shard) -> Scanned | None:
    """A shard's look at a record before any other work: None when it plainly belongs to
    another shard (its unit read from the text's lines, else from a parse), else its parsed
    Document (None when it could not be parsed) and unit (None when unknown), for the pool's
    `evaluate`, which reads it no more. Another shard's record costs a read and a scan of its
    lines.
    """
    if os.path.splitext(path)[1].lower() not in (".yaml", ".yml"):
        return None, None
    doc = key = None
    try:
        text = yamlio.decode(yamlio.read_bytes(path), str(path))
        key = unit_in_text(text)
        if key is not None and not shard.holds(key):
            return None
        doc = yamlio.parse(text, str(path))  # this shard's, or not certain: parsed once
        key = key or unit_key(doc.data)
    except SafecliError:
        pass  # read again by `evaluate`, reported as the record it is
    if key is not None and not shard.holds(key):
        return None
    return doc, key


_KEY = lazy(r"([^\s#'\"\-?:,\[\]{}&*!|>%@`<][^\s:#,\[\]{}]*):(?: +|$)")
"""A plain key as the pre-scan reads it (narrower than YAML: anything else is parsed)."""
_ODD_CHARS = ("\t", "\x85", "\u2028", "\u2029", "\ufeff")
_LONE_CR = lazy(r"\r(?!\n)")
"""Line breaks besides LF and CRLF, tabs, a BOM past the start: parsed, not scanned."""
_SINGLE = lazy(r"'((?:[^']|'')*)'(?: +#.*)?")
_TOP_LINE = lazy(r"\n([^ #\n].*)")
"""A line that starts at column 0 and is no comment, after its line break (a literal first
character lets the search skip the indented lines in C): a top-level key, or not certain."""
_PLAIN_KEY = r"[^\s#'\"\-?:,\[\]{}&*!|>%@`<][^\s:#,\[\]{}]*"
_TOP_KEYS = lazy(r"\n(?:(" + _PLAIN_KEY + r"):(?=[ \n]|\Z)|[^ #\n])")
"""Each line at column 0 that is no comment: its plain key (`_KEY`), else "" (not certain)."""
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
    body = "\n" + text  # every line after a line break, the first too
    block = _subject_block(body)
    if block is None:
        return None
    fields = _block_fields(block)
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


def _subject_block(body: str) -> str | None:
    """The lines of the top-level `subject:` block (each after its line break), None unless
    every line at column 0 is a distinct plain key, `standard` and `subject` among them, and
    `subject:` has nothing after it on its line.

    The common text (LF line breaks, no sequence item at column 0) is checked by regular
    expressions alone; any other goes line by line.
    """
    keys = _TOP_KEYS.findall(body)  # "" for a line at column 0 that is no plain key
    if "\r" in body or "" in keys:
        return _subject_block_by_lines(body)
    if len(set(keys)) != len(keys) or "standard" not in keys or "subject" not in keys:
        return None
    at = body.find("\nsubject:") + 9
    end = body.find("\n", at)
    end = len(body) if end < 0 else end
    if body[at:end].strip(" "):
        return None  # the subject's value on its own line: not a block
    after = _TOP_LINE.search(body, end)
    return body[end : after.start(1) if after else len(body)]


def _subject_block_by_lines(body: str) -> str | None:
    """`_subject_block` for any text (CRLF line breaks, sequence items at column 0)."""
    tops: set[str] = set()
    at = after = -1  # where the `subject:` line ends, and the next top-level key's line starts
    open_value = False  # the last key's value is on the lines below it
    for row in _TOP_LINE.finditer(body):  # lines at column 0: the rest are values' lines
        line = row[1].rstrip("\r")
        if not line:
            continue  # a blank line of a CRLF text
        if open_value and line[0] == "-" and line[1:2] in ("", " "):
            continue  # an item of a sequence written at its key's indentation
        found = _KEY.match(line)
        if found is None or found.group(1) in tops:
            return None
        key = found.group(1)
        tops.add(key)
        if at >= 0 and after < 0:
            after = row.start(1)
        if key == "subject":
            if line.rstrip(" ") != "subject:":
                return None
            at = row.end(1)
        open_value = found.end() == len(line)
    if "standard" not in tops or at < 0:
        return None
    return body[at : after if after >= 0 else len(body)]


_UNSURE: Any = object()


def _block_fields(block: str) -> dict[str, str | None] | None:
    """Each key of a block mapping (`block`: its lines, each after its line break) and its
    value's text when written whole on the key's line (None when it is not: an empty value, or
    one that goes on below); None when the block is not certain.

    Only the lines at the block's indentation are looked at one by one: the regular
    expressions skip the deeper ones (a nested mapping of a hundred lines costs nothing).
    """
    first = _ROW.search(block)
    if first is None:
        return None
    indent = len(first[1])
    if indent == 0:
        return None  # a sequence's item at column 0: not a mapping's block
    less, level, keyed = _levels(indent)
    if less.search(block):
        return None  # a line left of the block's indentation
    keys = keyed.findall(block)  # "" for a line at the indentation that is no plain key
    if "\r" in block or "" in keys:
        return _level_fields(block, indent, level)
    if len(set(keys)) != len(keys):
        return None
    fields: dict[str, str | None] = {}
    for key in ("id", "name"):
        if key in keys:
            at = block.find(f"\n{' ' * indent}{key}:") + indent + len(key) + 2
            end = block.find("\n", at)
            end = len(block) if end < 0 else end
            after = _ROW.search(block, end)
            if after is not None and len(after[1]) > indent:
                return None  # a nested value or a scalar over several lines
            fields[key] = block[at:end].strip(" ")
    return fields


def _level_fields(block: str, indent: int, level: re.Pattern[str]) -> dict[str, str | None] | None:
    """`_block_fields` line by line at the block's indentation (CRLF line breaks, sequence
    items at the keys' indentation)."""
    fields: dict[str, str | None] = {}
    open_value = False
    for row in level.finditer(block):
        line = row[1].rstrip("\r")
        if open_value and line[0] == "-" and line[1:2] in ("", " "):
            continue  # an item of a sequence at its key's indentation
        found = _KEY.match(line)
        key = found.group(1) if found else None
        if key is None or key in fields:
            return None
        rest = line[found.end() :].rstrip(" ")
        open_value = not rest
        if key in ("id", "name"):
            after = _ROW.search(block, row.end())
            if after is not None and (
                len(after[1]) > indent or (open_value and after[0][-1] == "-")
            ):
                return None  # a nested value or a scalar over several lines
        fields[key] = rest
    return fields


_ROW = lazy(r"\n( *)[^ \n\r#]")
"""A line with something on it besides spaces and a comment, and its indentation."""


@lru_cache(maxsize=16)
def _levels(indent: int) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The lines left of `indent` that are not blank or comments; the lines at it; and each
    line at it as its plain key, else "" (`_KEY` on the whole block)."""
    return (
        re.compile(rf"\n {{0,{indent - 1}}}[^ \n\r#]"),
        re.compile(rf"\n {{{indent}}}([^ \n\r#][^\n]*)"),
        re.compile(rf"\n {{{indent}}}(?:({_PLAIN_KEY}):(?=[ \n]|\Z)|[^ \n\r#])"),
    )


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
