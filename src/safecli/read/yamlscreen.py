"""The screen in front of the native fast path: which texts rapidyaml may read.

rapidyaml reads YAML 1.2 and more than PyYAML accepts; the fast path (`fastyaml`) gives it only
text in a conservative subset and leaves the rest to the located PyYAML path. `refused` says
which texts are outside that subset: wider than the exact rules (`REFUSE_PATTERN`) is only
slower, narrower would be wrong (`tests/test_fast_path.py` checks both against PyYAML).
"""

from __future__ import annotations

import re

from safecli.model.patterns import lazy

# Anything outside the plain subset goes to PyYAML: anchors and aliases (&, *), tags (!),
# merge keys, directives and document markers, complex keys (? at a line start), escapes and
# tabs (YAML 1.1 and 1.2 differ there), a scalar starting with a reserved @ or ` or
# with , ] } where PyYAML allows none, a : right before , ] } (in flow, PyYAML refuses it), a : or ? starting a scalar, a block scalar header
# with more on its line, a comment inside a flow collection, line breaks YAML 1.1 knows and 1.2 does
# not (NEL, LS, PS, a lone CR), a BOM inside the text, every character PyYAML's reader refuses,
# and anything but a comment after a flow collection closed on its line (rapidyaml reads
# `- {x: 1}  - {y: 2}` as two entries, `- [1] a: b` as a new key; PyYAML refuses both).
REFUSE_PATTERN = lazy(
    r"[&*!\\\t\x85\u2028\u2029\ufeff]|<<|\r(?!\n)|^(?:%|---|\.\.\.|\?)|(?:^|[ \[{,])[@`%]|(?:^ *|- +|: +)[,\]}]|"
    r"(?:^|[ ,\[{])[:?]\S|:[,\]}]|[\[{,] *[|>]|[\[{][^\n]* #|"
    r"(?:^ *|- +|: +)[|>](?![-+1-9]{0,2} *(?:#[^\n]*)?\r?$)|"
    r"[\]}] +[^ \n\r,\]}#]|"
    r"[^\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]",
    re.MULTILINE,
)
"""Everything refused, in one pattern: the reference `refused` is tested against."""

# the same, fast: one character class over the text, then each contextual pattern only when
# the characters it needs are there (a search that tries ten branches at every position costs
# more than rapidyaml's parse)
_BAD_CHAR = lazy(
    r"[^\x0a\x0d\x20\x22-\x25\x27-\x29\x2b-\x5b\x5d-\x7e\xa0-\u2027\u202a-\ud7ff"
    r"\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_LINE_START = lazy(r"^(?:%|---|\.\.\.|\?)", re.MULTILINE)
# each of these starts with a character class (the engine scans for it) and is wider than the
# exact rule of `REFUSE_PATTERN` (` ]` anywhere, not only where a scalar starts): wider is only slower
_RESERVED_START = lazy(r"[ \[{,\n][@`%]")
_CLOSER_START = lazy(r"[ \n][,\]}]")
_COLON_CLOSER = lazy(r":[,\]}]")
_INDICATOR_START = lazy(r"[ ,\[{\n][:?]\S")
_BLOCK = lazy(r"[\[{,] *[|>]|(?:^ *|- +|: +)[|>](?![-+1-9]{0,2} *(?:#[^\n]*)?\r?$)", re.MULTILINE)
_FLOW_COMMENT = lazy(r"[\[{][^\n]* #")
_AFTER_CLOSER = lazy(r"[\]}] +[^ \n\r,\]}#]")


def refused(text: str, data: bytes | None = None) -> bool:
    """True when `text` (UTF-8: `data`) is outside the subset the native path reads (whatever
    `REFUSE_PATTERN` finds, and a little more).

    Most records hold no character the rules need besides `:`, `-`, `.`, `@` (in the
    standard's `ID@VERSION`) and `[]`: one pass over the bytes (`bytes.translate`) finds which
    of the rarer ones are there, and searches for a few byte pairs stand in for the patterns
    those need; a text with any other (`&`, `|`, `{`, a tab...) gets every pattern
    (`_refused_text`). Searching bytes is several times cheaper than a pattern over the text.
    """
    if data is None:
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate
            return True
    rare = data.translate(None, _COMMON)
    if rare and not _TARGETED.issuperset(rare):
        return _refused_text(text)
    has = data.find  # `bytes in bytes` raises and clears a TypeError inside: find does not
    # each lead byte is looked for alone first (memchr: a fraction of a multi-byte search)
    if (
        (0xC2 in data and _C1.search(data))
        or (
            0xE2 in data
            and has(b"\xe2\x80") >= 0
            and (has(b"\xe2\x80\xa8") >= 0 or has(b"\xe2\x80\xa9") >= 0)
        )
        or (
            0xEF in data
            and (
                has(b"\xef\xbb\xbf") >= 0
                or (
                    has(b"\xef\xbf") >= 0
                    and (has(b"\xef\xbf\xbe") >= 0 or has(b"\xef\xbf\xbf") >= 0)
                )
            )
        )
    ):
        return True
    if data[:1] in _BAD_FIRST or data[:3] in (b"---", b"...") or _DOCUMENT_MARK.search(data):
        return True
    if 0x25 in rare and has(b"\n%") >= 0:
        return True
    # one pass over the colons (a literal first: the engine jumps from one to the next) for
    # the rare pairs below, instead of four searches of the whole text
    after = _COLON_AFTER.search(data) is not None
    if (
        data[:1] == b":"
        or (after and (has(b" :") >= 0 or has(b"\n:") >= 0))
        or (rare and (has(b",:") >= 0 or has(b"[:") >= 0))
    ) and (_INDICATOR_START.search(text) or _INDICATOR_START.search(" " + text[:2])):
        return True
    if after and (has(b"':") >= 0 or has(b'":') >= 0) and _key_over_lines(text):
        return True
    if not rare:
        return False
    if 0x0D in rare and data.count(b"\r") != data.count(b"\r\n"):
        return True
    for mark, before in _AFTER:
        if mark in rare and _preceded(data, mark, before):
            return True
    if 0x23 in rare and 0x5B in rare and _FLOW_COMMENT.search(text):
        return True
    if 0x5D in rare and _AFTER_CLOSER.search(text):
        return True
    return 0x5B in rare and _flow_over_lines(text)


def _flow_over_lines(text: str) -> bool:
    """A flow collection over several lines, maybe: a `[` or `{` whose line has fewer closers
    than openers. rapidyaml reads a key there whose `:` is on a later line than its start
    (`{x` then `y: 1}`); PyYAML refuses it. Each opener is looked at: they are rare."""
    for opener in "[{":
        at = text.find(opener)
        while at >= 0:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            line = text[start:] if end < 0 else text[start:end]
            if line.count("[") + line.count("{") > line.count("]") + line.count("}"):
                return True
            at = text.find(opener, end) if end >= 0 else -1
    return False


def _key_over_lines(text: str) -> bool:
    """A quoted key over several lines, maybe: a `':` or `":` with an even number of that quote
    before it on its line (the key opened on an earlier one). rapidyaml reads it, PyYAML
    refuses it."""
    for quote in "'\"":
        at = text.find(quote + ":")
        while at >= 0:
            if text.count(quote, text.rfind("\n", 0, at) + 1, at) % 2 == 0:
                return True
            at = text.find(quote + ":", at + 2)
    return False


def _preceded(data: bytes, mark: int, before: bytes) -> bool:
    """`mark` occurs in `data` right after one of the bytes in `before` (each occurrence is
    looked at: these are rare characters)."""
    at = data.find(mark)
    while at > 0:
        if data[at - 1] in before:
            return True
        at = data.find(mark, at + 1)
    return False


_DOCUMENT_MARK = lazy(rb"\n(?:---|\.\.\.)")
"""A document marker starting a line (the first line is looked at apart)."""
_COLON_AFTER = lazy(rb":(?<=[ \n'\"]:)")
"""A `:` right after a blank, a line break or a quote."""
_COMMON = bytes(range(0x80, 0x100)) + bytes(
    "\n 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'\"-._:/()+=;~^$", "ascii"
)
"""Bytes no rule needs alone (`-`, `.` and `:` only in the pairs below); UTF-8's other bytes
are searched for the characters refused."""
_TARGETED = frozenset(b"@[]\r,#%")
"""The rarer bytes `refused` checks by pairs; any other sends the text to every pattern."""
_C1 = lazy(rb"\xc2[\x80-\x9f]")
"""C1 controls (NEL among them) in UTF-8."""
_BAD_FIRST = (b"@", b"%", b",", b"]")
_AFTER = tuple(
    (ord(mark), before)
    for mark, before in (("@", b" \n[,"), ("%", b" \n[,"), (",", b" \n:"), ("]", b" \n:"))
)
"""A reserved `@` or `%` starting a scalar; a `,` or `]` where a scalar starts or right after
a `:` (the exact rules: `REFUSE_PATTERN`)."""


def _refused_text(text: str) -> bool:
    """`refused` by every pattern, over the text."""
    if _BAD_CHAR.search(text) or "<<" in text or text[:1] in ("@", "`", "%", ",", "]", "}"):
        return True
    if "\r" in text and re.search(r"\r(?!\n)", text):
        return True
    line_start = text[:1] in (":", "?", "-", ".")
    if (line_start or any(m in text for m in ("\n%", "\n---", "\n...", "\n?"))) and (
        _LINE_START.search(text) or _INDICATOR_START.search(" " + text[:2])
    ):
        return True
    if ("`" in text or "%" in text or "@" in text) and _RESERVED_START.search(text):
        return True
    if ("," in text or "]" in text or "}" in text) and (
        _CLOSER_START.search(text) or _COLON_CLOSER.search(text)
    ):
        return True
    if _INDICATOR_START.search(text):
        return True
    if ("|" in text or ">" in text) and _BLOCK.search(text):
        return True
    if "?" in text and ("[" in text or "{" in text):
        # inside a flow collection PyYAML ends a plain scalar at "?" ([x:?y] is an error there,
        # a string to rapidyaml); wider than that rule, so only slower
        return True
    if " #" in text and ("[" in text or "{" in text) and _FLOW_COMMENT.search(text):
        return True
    if ("]" in text or "}" in text) and _AFTER_CLOSER.search(text):
        return True
    return _flow_over_lines(text) or _key_over_lines(text)
