"""Where a value sits in a fast-path document, found by scanning its lines instead of parsing.

A record read on a fast path keeps its text and its plain values, no node tree. When a gate
fails on a passing record (a veto at `responses.1.2`, an overdue finding at `findings.3`) the
report must name the line: parsing the whole text again for that costs more than the record's
scoring. The block structure of the text says it as well, and the values already read say
what must be found, so a scan can prove its answer:

- in a block mapping, every line at the mapping's indentation is one of its keys, written plain,
  and the keys read that way are exactly the mapping's keys in order (a line inside a multi-line
  quoted scalar that looks like a key makes the lists differ);
- in a block sequence, every line at its indentation starts an item (`- `), and there are
  exactly as many as the sequence has items.

Anything else (flow collections on the way, quoted or odd keys, a value not where it is
expected, line breaks other than LF and CRLF, a tab anywhere) answers None and the
caller parses. The property test compares every answer with the located parser's.

`locate_in` (what a Document asks) reads the top-level keys from the lines at the first column
alone (`top_keys`: most gate failures point at `standard`), and lists the rows of one top-level
key's lines only when a path goes below it; `locate` lists every row of the text. Both walk the
same proof, and a test holds them to the same answers.
"""

from __future__ import annotations

import re
from typing import Any

from safecli.model.patterns import lazy

Row = tuple[int, int, str]
"""A line with content: its 1-based number, where its content starts, the line."""

_KEY = lazy(r"([^\s#'\"\-?:,\[\]{}&*!|>%@`][^\s:#,\[\]{}]*):(?: +|$)")
"""A plain key as the scan reads it (a narrower set than YAML's: anything else answers None)."""
_ODD_CHARS = ("\x85", "\u2028", "\u2029", "\ufeff")
"""Line breaks YAML 1.1 knows besides LF and CRLF (and a BOM past the start)."""
_LONE_CR = lazy(r"\r(?!\n)")
_VALUE_STARTS = frozenset("#|>&*!")
"""A value on its key's line starting with these is not placed by the scan."""


_TOP_LINE = lazy(r"\n[^ \n#][^\n]*")
"""A line with content at the first column after the first line, with the break before it
(a pattern that starts with a break is found by a scan for it, where `^` in multi-line mode
tries every position)."""
_CONTENT = lazy(r"^( *)[^ \n#]", re.MULTILINE)
"""A line with content (not blank, not a comment): its indentation."""


def readable(text: str) -> str | None:
    """The text as the scan reads it (CRLF as LF: the same lines and columns), or None for
    text the scan does not read."""
    if any(odd in text for odd in _ODD_CHARS) or ("\r" in text and _LONE_CR.search(text)):
        return None
    if "\t" in text:  # a tab between a key and its value moves the value (the fast path refuses
        return None  # every tab, so its records never have one)
    return text.replace("\r\n", "\n") if "\r" in text else text


TopKey = tuple[int, int, int, str]
"""A top-level key's line: its number, where it starts and ends in the text, the line."""


def top_keys(text: str, data: Any) -> list[TopKey] | None:
    """The line of each key of a document whose first line with content starts at the first
    column (`_children` of the whole text, without listing every line), or None unless the
    lines prove it. `text` is `readable`'s."""
    first = _CONTENT.search(text)
    if first is None or first.group(1) or data.__class__ is not dict:
        return None  # an indented document: the rows say
    keys: list[str] = []
    found: list[TopKey] = []
    number, counted = 1, 0
    open_value = False  # the last key's value is on the lines below it
    # the lines with content at the first column: the first line, then each after a break
    lines = []
    if text[:1] not in ("", " ", "\n", "#"):
        first_end = text.find("\n")
        lines.append((0, first_end if first_end >= 0 else len(text)))
    lines += [(m.start() + 1, m.end()) for m in _TOP_LINE.finditer(text)]
    for at, end in lines:
        number += text.count("\n", counted, at)
        counted = at
        line = text[at:end]
        if line[0] == "-" and open_value and (len(line) == 1 or line[1] == " "):
            continue  # an item of a sequence at the key's own indentation
        match = _KEY.match(line)
        if match is None:
            return None
        keys.append(match.group(1))
        found.append((number, at, end, line))
        open_value = match.end() == len(line)
    return found if keys == list(data) else None


def locate_top(
    text: str, top: list[TopKey], data: dict[Any, Any], part: Any, *, key: bool
) -> tuple[int, int] | None:
    """`locate` of a top-level key `part` of `data` (its key's position with `key`), from
    `top_keys`: what `locate` answers, read from the key's line and the lines below it."""
    index = list(data).index(part)
    number, at, end, line = top[index]
    if key:
        return (number, 1)
    rest = line.index(":") + 1
    while rest < len(line) and line[rest] == " ":
        rest += 1
    if rest < len(line):  # the value starts on this line
        return None if line[rest] in _VALUE_STARTS else (number, rest + 1)
    stop = top[index + 1][1] if index + 1 < len(top) else len(text)
    below = _CONTENT.search(text, end + 1, stop) if end + 1 < stop else None
    if below is None:
        return None
    indent = len(below.group(1))
    if text[below.end() - 1] in _VALUE_STARTS:
        return None
    return (number + text.count("\n", at, below.start()), indent + 1)


def rows_of(text: str) -> list[Row] | None:
    """The lines that hold content (not blank, not a comment), or None for text the scan
    does not read."""
    read = readable(text)
    if read is None:
        return None
    text = read
    # a line holds content unless it is blank (spaces only) or a comment; tabs were refused
    return [
        (number, len(line) - len(body), line)
        for number, line in enumerate(text.split("\n"), start=1)
        if (body := line.lstrip(" ")) and body[0] != "#"
    ]


def locate_in(
    text: str, data: Any, loc: tuple[Any, ...], *, key: bool, memo: dict[Any, Any]
) -> tuple[int, int] | None:
    """`locate` in `readable`'s text: a top-level key (where most gate failures point, at
    `standard`) from the top-level lines alone; anything deeper from the rows, listed once.
    `memo` is the document's own."""
    found = _found(data, loc)
    if len(found) == 1 and data.__class__ is dict and found[0].__class__ is str:
        first = memo.get(_FIRST, False)
        if first is False:
            first = memo[_FIRST] = first_key(text, data)
        if first is not None and first[2] == found[0]:  # where `standard` is, most often
            number, line, _ = first
            if key:
                return (number, 1)
            rest = line.index(":") + 1
            while rest < len(line) and line[rest] == " ":
                rest += 1
            if rest < len(line) and line[rest] not in _VALUE_STARTS:
                return (number, rest + 1)
    if found and data.__class__ is dict:
        top = memo.get(_TOP, False)
        if top is False:
            top = memo[_TOP] = top_keys(text, data)
        if top is not None:
            if len(found) == 1:
                return locate_top(text, top, data, found[0], key=key)
            return _below_top(text, top, data, found, key=key, memo=memo)
    rows = memo.get("rows")
    if rows is None:
        rows = memo["rows"] = rows_of(text) or []
    if not rows:
        return None
    return locate(rows, data, loc, key=key, memo=memo)


_TOP = object()
"""The memo's key of the top-level keys, and the tag of what is walked below one."""
_FIRST = object()
"""The memo's key of the first key's line."""


def first_key(text: str, data: dict[Any, Any]) -> tuple[int, str, str] | None:
    """The line number and line of the document's first key, and the key, when the first
    line with content starts at the first column with that key written plain: a block
    mapping's first line is its first key (no directive, `---`, quote or `?` reads as one).
    None otherwise. What `top_keys` says of the first key, without reading the other lines."""
    first = _CONTENT.search(text)
    if first is None or first.group(1) or not data:
        return None
    start = first.start()
    end = text.find("\n", start)
    line = text[start:] if end < 0 else text[start:end]
    match = _KEY.match(line)
    written = next(iter(data))
    if match is None or match.group(1) != written:
        return None
    return (text.count("\n", 0, start) + 1, line, written)


def _below_top(
    text: str,
    top: list[TopKey],
    data: dict[Any, Any],
    found: list[Any],
    *,
    key: bool,
    memo: dict[Any, Any],
) -> tuple[int, int] | None:
    """`locate` of a path under a top-level key: `_walk` from the rows of that key's lines
    only (what `locate` walks at depth 1), listed once per document."""
    part = found[0]
    index = list(data).index(part)
    number, _, end, line = top[index]
    rest = line.index(":") + 1
    while rest < len(line) and line[rest] == " ":
        rest += 1
    if rest < len(line):  # a value on the key's line: not walked by the scan (as `locate`)
        return None
    stop = top[index + 1][1] if index + 1 < len(top) else len(text)
    if len(found) == 2:  # an entry right below the key: proven by patterns over its lines
        starts = memo.get((_TOP, part, "starts"), False)
        if starts is False:
            starts = memo[(_TOP, part, "starts")] = _entry_starts(text, end + 1, stop, data[part])
        if starts is not None:
            return _entry_at(text, number, end + 1, stop, starts, data[part], found[1], key=key)
    rows = memo.get((_TOP, part, "rows"))
    if rows is None:
        below = text[end + 1 : stop] if end + 1 < stop else ""
        rows = memo[(_TOP, part, "rows")] = [
            (number + n, len(row) - len(body), row)
            for n, row in enumerate(below.split("\n"), start=1)
            if (body := row.lstrip(" ")) and body[0] != "#"
        ]
    if not rows:
        return None
    return _walk(rows, 0, len(rows), data[part], found, 1, key=key, memo=memo, tag=(_TOP,))


def _entry_starts(text: str, start: int, stop: int, value: Any) -> tuple[int, list[int]] | None:
    """The indentation of the block `text[start:stop]` (the lines below a top-level key) and
    where the line of each of its keys (a mapping) or items (a sequence) starts, when the
    lines prove them as `_children` does: no line with content less indented than the first,
    and every line at that indentation a plain key (the keys, in order, those of `value`) or
    an item (as many as `value` has). None when anything else is there (`_children` decides)."""
    first = _CONTENT.search(text, start, stop) if start < stop else None
    if first is None:
        return None
    indent = len(first.group(1))
    less, level, keys, items = _patterns(indent)
    if less is not None and less.search(text, start, stop):
        return None
    written = len(level.findall(text, start, stop))
    if value.__class__ is dict:
        found = list(keys.finditer(text, start, stop))
        if len(found) != written or [m.group(1) for m in found] != list(value):
            return None
    elif value.__class__ is list:
        found = list(items.finditer(text, start, stop))
        if len(found) != written or len(found) != len(value):
            return None
    else:
        return None
    return indent, [m.start() for m in found]


def _entry_at(
    text: str,
    number: int,
    start: int,
    stop: int,
    proven: tuple[int, list[int]],
    value: Any,
    part: Any,
    *,
    key: bool,
) -> tuple[int, int] | None:
    """What `_walk` answers for the entry `part` of `value` (the last part of the path), from
    the starts `_entry_starts` proved: `number` is the top-level key's line."""
    indent, starts = proven
    index = list(value).index(part) if value.__class__ is dict else part
    at = starts[index]
    line_end = text.find("\n", at, stop)
    line_end = stop if line_end < 0 else line_end
    line = text[at:line_end]
    line_number = number + 1 + text.count("\n", start, at)
    if value.__class__ is dict:
        if key:
            return (line_number, indent + 1)
        rest = line.index(":", indent) + 1
    else:
        rest = indent + 1
    while rest < len(line) and line[rest] == " ":
        rest += 1
    if rest < len(line):  # the value starts on this line
        return None if line[rest] in _VALUE_STARTS else (line_number, rest + 1)
    end = starts[index + 1] if index + 1 < len(starts) else stop
    below = _CONTENT.search(text, line_end + 1, end) if line_end + 1 < end else None
    if below is None:
        return None
    if text[below.end() - 1] in _VALUE_STARTS:
        return None
    return (line_number + text.count("\n", line_end, below.start()), len(below.group(1)) + 1)


_PATTERNS: dict[
    int, tuple[re.Pattern[str] | None, re.Pattern[str], re.Pattern[str], re.Pattern[str]]
] = {}


def _patterns(
    indent: int,
) -> tuple[re.Pattern[str] | None, re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """For lines at `indent`: a line with content less indented, a line with content at it, a
    plain key at it (`_KEY`), an item at it."""
    found = _PATTERNS.get(indent)
    if found is None:
        less = re.compile(rf"^ {{0,{indent - 1}}}[^ \n#]", re.MULTILINE) if indent else None
        level = re.compile(rf"^ {{{indent}}}[^ \n#]", re.MULTILINE)
        keys = re.compile(rf"^ {{{indent}}}{_KEY.pattern}", re.MULTILINE)
        items = re.compile(rf"^ {{{indent}}}-(?: |$)", re.MULTILINE)
        found = _PATTERNS[indent] = (less, level, keys, items)
    return found


def _found(data: Any, loc: tuple[Any, ...]) -> list[Any]:
    """The deepest part of `loc` that exists in the data: the located parser answers for it."""
    found: list[Any] = []
    value = data
    for part in loc:
        kind = value.__class__
        if not (
            (kind is dict and part in value)
            or (kind is list and part.__class__ is int and 0 <= part < len(value))
        ):
            break
        value = value[part]
        found.append(part)
    return found


def locate(
    rows: list[Row],
    data: Any,
    loc: tuple[Any, ...],
    *,
    key: bool,
    memo: dict[Any, Any] | None = None,
) -> tuple[int, int] | None:
    """`loc`'s line and column as the located parser gives them (its key's with `key`, the
    nearest existing parent's when it does not exist), or None when the scan cannot prove it."""
    found = _found(data, loc)
    if memo is None:
        memo = {}
    if not found:  # the document itself: where its first key is
        top = memo.get(())
        if top is None:
            top = memo[()] = (_children(rows, 0, len(rows), data),)
        return (rows[0][0], rows[0][1] + 1) if top[0] else None
    return _walk(rows, 0, len(rows), data, found, 0, key=key, memo=memo, tag=())


def _walk(
    block: list[Row],
    lo: int,
    hi: int,
    value: Any,
    found: list[Any],
    start: int,
    *,
    key: bool,
    memo: dict[Any, Any],
    tag: tuple[Any, ...],
) -> tuple[int, int] | None:
    """`locate`'s walk down `found` from depth `start`, whose block is `block[lo:hi]` and
    value `value`; `tag` keeps the memo's entries of one way of listing the rows apart."""
    for depth in range(start, len(found)):
        part = found[depth]
        last = depth == len(found) - 1
        # each block's keys or items are read once per document, whatever is asked of it:
        # where a block starts is fixed by the path to it, so its path is the memo's key
        prefix = (*tag, *found[:depth])
        known = memo.get(prefix)
        if known is None:
            known = memo[prefix] = (_children(block, lo, hi, value),)
        children = known[0]
        if children is None:
            return None
        index = list(value).index(part) if value.__class__ is dict else part
        at = children[index]
        end = children[index + 1] if index + 1 < len(children) else hi
        number, indent, line = block[at]
        if value.__class__ is dict:
            if last and key:
                return (number, indent + 1)
            rest = line.index(":", indent) + 1
            while rest < len(line) and line[rest] == " ":
                rest += 1
        else:
            rest = indent + 1
            while rest < len(line) and line[rest] == " ":
                rest += 1
        if rest < len(line):  # the value starts on this line
            if line[rest] in _VALUE_STARTS:
                return None
            if last:
                return (number, rest + 1)
            if value.__class__ is dict:
                return None  # a flow collection or a scalar: not walked by the scan
            # an item's block: the rest of the dash's line as a line of its own, then the next
            block = [*block[:at], (number, rest, line), *block[at + 1 :]]
            lo, hi = at, end
        else:
            lo, hi = at + 1, end
            if lo >= hi:
                return None
            if last:
                number, indent, line = block[lo]
                return None if line[indent] in _VALUE_STARTS else (number, indent + 1)
        value = value[part]
    return None


def _children(block: list[Row], lo: int, hi: int, value: Any) -> list[int] | None:
    """The row of each key (mapping) or item (sequence) of `value`, whose block is
    `block[lo:hi]`, in order; None unless the lines prove it."""
    if lo >= hi:
        return None
    indent = block[lo][1]
    rows = []
    if value.__class__ is dict:
        keys = []
        open_value = False  # the last key's value is on the lines below it
        for i in range(lo, hi):
            _, at, line = block[i]
            if at < indent:
                return None
            if at == indent:
                if line[at] == "-" and open_value and (at + 1 == len(line) or line[at + 1] == " "):
                    continue  # an item of a sequence at the key's own indentation
                match = _KEY.match(line, at)
                if match is None:
                    return None
                keys.append(match.group(1))
                rows.append(i)
                open_value = match.end() == len(line)
        return rows if keys == list(value) else None
    if value.__class__ is list:
        for i in range(lo, hi):
            _, at, line = block[i]
            if at < indent:
                return None
            if at == indent:
                if line[at] != "-" or (at + 1 < len(line) and line[at + 1] != " "):
                    return None
                rows.append(i)
        return rows if len(rows) == len(value) else None
    return None
