"""`--shard I/N`: a stable partition of the records by a hash of the unit id.

The hash is BLAKE2b of the unit's id (its code, else its name) as UTF-8, not Python's `hash()`,
which is salted per process: every machine of a CI matrix or a batch job array puts a unit in
the same shard, and every record of one unit lands in one shard (a summary's latest record per
unit stays whole). The unit is read from the record's `subject` as written, before the record
is checked: first from the lines of the file's head (`unit_in_head`: its first `HEAD` bytes,
up to the first top-level key after the subject's block; no parse), else from the parsed
values (`unit_key`), so a shard spends little on another shard's records: an invalid record
whose subject names its unit goes with its unit too (also one whose YAML breaks after a
subject the lines name). A file whose unit cannot be read either way (no `subject.id` or
`subject.name`, not YAML, a sheet that turns out invalid) is hashed by its path instead.

Nothing after that first key can give a parsed record another unit: a second `subject` (or
`standard`) is a duplicate key, which makes the record invalid, and an invalid record goes
where its lines say, the same in every shard. So the head settles the unit of a record of
any length, and another shard's record is never read whole.
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
from safecli.read import files, yamlio

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


HEAD = 4096
"""Bytes read of every file first: a record's subject is near its top (the generated ones end
it within 1,000 bytes); a head that does not settle the unit is read on (the whole file)."""


def pre_scan(path: Path | str, shard: Shard) -> Scanned | None:
    """A shard's look at a record before any other work: None when it plainly belongs to
    another shard (its unit read from the lines of the file's head, else from a parse), else
    its parsed Document (None when it could not be parsed) and unit (None when unknown), for
    the pool's `evaluate`, which reads it no more. Another shard's record costs a read of its
    head and a scan of the lines up to its subject's end.
    """
    if os.path.splitext(path)[1].lower() not in (".yaml", ".yml"):
        return None, None
    head = files.read_head(path, HEAD)  # None: not a regular file; read again and reported
    key = None if head is None else unit_in_head(head, complete=len(head) < HEAD)
    if isinstance(key, str) and not shard.holds(key):
        return None
    doc = None
    try:
        raw = yamlio.read_bytes(path)
        if key is _MORE:
            key = unit_in_head(raw, complete=True)
            if key is not None and not shard.holds(key):
                return None
        doc = yamlio.parse(yamlio.decode(raw, str(path)), str(path))  # parsed once
        key = key or unit_key(doc.data)
    except SafecliError:
        pass  # read again by `evaluate`, reported as the record it is
    if key is _MORE:
        key = None  # the file could not be read whole: its path places it
    if key is not None and not shard.holds(key):
        return None
    return doc, key


_MORE: Any = object()
"""`unit_in_head`: the head ends before the subject's block does; read on."""
_NEXT_TOP = lazy(r"\n[^ #\r\n]")
_NEXT_TOP_BYTES = lazy(rb"\n[^ #\r\n]")
"""A line at column 0 that is neither blank nor a comment (what ends a top-level block)."""
_BOM = b"\xef\xbb\xbf"


def unit_in_head(raw: bytes, *, complete: bool) -> Any:
    """`unit_in_text` of a file's first bytes (`raw`; all of them when `complete`): the unit,
    None when the lines do not make it certain (then parse), or `_MORE` when the head ends
    before the first top-level key after the subject's block (then read the whole file).

    The lines are found in the bytes (every mark is ASCII, and no UTF-8 character's bytes
    hold an ASCII byte); only the lines up to that key are decoded, and a head that is not
    UTF-8 there is not certain.
    """
    if raw[:3] == _BOM:
        raw = raw[3:]
    if not complete:
        raw = raw[: raw.rfind(b"\n") + 1]  # whole lines only
    body = b"\n" + raw
    stop = _region_end(body, b"\nsubject:", _NEXT_TOP_BYTES)
    if stop is _MORE:
        if not complete:
            return _MORE
        stop = len(body)
    region = body[:stop]
    if b"\x00" in region:
        return None
    try:
        return _unit_in_body(region.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def _region_end(body: Any, marker: Any, next_top: Any) -> Any:
    """Where the lines that can name the unit end in `body` (text or bytes, a line break
    first): with the first line at column 0 after the `marker` (`subject:`) line that is no
    blank line or comment; `_MORE` when there is no such line (or no `subject:` line)."""
    at = body.find(marker)
    if at < 0:
        return _MORE
    found = next_top.search(body, at + 1)
    if found is None:
        return _MORE
    end = body.find(marker[:1], found.end())
    return len(body) if end < 0 else end


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
_OPENER = lazy(r"\s[\"'\[{]")
"""A quote or bracket that may start a scalar or flow collection (after a space or a line
break: inside a plain scalar, `O'Brien`, it starts nothing)."""
_CLOSED = lazy(
    r" *(?:- +)*(?:" + _PLAIN_KEY + r": +)?"
    r"(?:'(?:[^'\r\n]|'')*'|\"[^\"\\\r\n]*\"|\[[^\[\]{}\"'#\r\n]*\]|\{[^\[\]{}\"'#\r\n]*\})"
    r"(?: +#[^\r\n]*)?\r?"
)
"""A line whose value is quoted, or a flow collection of plain items, closed on the line."""
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"


def unit_in_text(text: str) -> str | None:
    """The unit a record's YAML text names (`unit_key` of what it parses to), read from its
    lines without parsing; None when the lines do not make it certain (then parse).

    Only the lines up to the first top-level key after the subject's block are read (what
    follows can only make the record invalid: see the module's docstring). Certain means: in
    them, every line at column 0 is a distinct plain key, `standard` and `subject` among them;
    nothing opens a scalar or a flow collection that could go on over the next lines (a quote,
    `[` or `{` starting a value is closed on its line), so those keys are the top level's own;
    `subject:` opens a block whose lines at its indentation are distinct plain keys; and `id`
    (else `name`) is a scalar written whole on its line (plain text that YAML 1.1 reads as a
    string, or quoted without escapes).
    """
    body = "\n" + text  # every line after a line break, the first too
    stop = _region_end(body, "\nsubject:", _NEXT_TOP)
    return _unit_in_body(body if stop is _MORE else body[:stop])


def _unit_in_body(body: str) -> str | None:
    """`unit_in_text` of the lines up to the first top-level key after the subject's block
    (each after its line break)."""
    if "<<" in body or "\t" in body or "\x85" in body or "\u2028" in body:
        return None
    if "\u2029" in body or "\ufeff" in body:
        return None  # _ODD_CHARS, each looked for in C (a generator over them costs more)
    if "\r" in body and _LONE_CR.search(body):
        return None
    if ("'" in body or '"' in body or "[" in body or "{" in body) and not _openers_closed(body):
        return None
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
    # "" for a line at the indentation that is no plain key; none for a sequence's item there
    # (`features:` then `  - x`): it belongs to the key above it, whose value it is
    keys = keyed.findall(block)
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
            if after is not None and (len(after[1]) > indent or after[0][-1] == "-"):
                return None  # a nested value, a scalar over several lines, or items
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
    line at it as its plain key, else "" (`_KEY` on the whole block), a sequence's item
    (`- x`) left out."""
    return (
        re.compile(rf"\n {{0,{indent - 1}}}[^ \n\r#]"),
        re.compile(rf"\n {{{indent}}}([^ \n\r#][^\n]*)"),
        re.compile(rf"\n {{{indent}}}(?:({_PLAIN_KEY}):(?=[ \n]|\Z)|(?!-(?:[ \n]|\Z))[^ \n\r#])"),
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


def _openers_closed(body: str) -> bool:
    """Whether every line of `body` with a quote or bracket that may open a scalar or a flow
    collection is a `_CLOSED` line (a value that ends on its line)."""
    for found in _OPENER.finditer(body):
        start = body.rfind("\n", 0, found.start() + 1) + 1
        end = body.find("\n", found.end())
        if not _CLOSED.fullmatch(body, start, len(body) if end < 0 else end):
            return False
    return True
