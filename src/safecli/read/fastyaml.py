"""The native fast path: rapidyaml parses, we build plain values exactly as PyYAML's safe loader.

rapidyaml (ryml) builds its tree in a fraction of the time PyYAML's C composer takes, but it
reads YAML 1.2 and knows nothing of YAML 1.1's implicit types. So it is given only text in a
conservative subset (no anchors, aliases, tags, directives, document markers, complex keys,
escapes or characters PyYAML refuses), and every plain scalar is resolved with PyYAML's own
implicit resolvers and built with PyYAML's own safe constructors: `2024-08-15` is a date,
`yes` is True, `1_000` is 1000, `0o17`, `.inf` and `~` are what YAML 1.1 makes of them. Keys
keep their order; a key that resolves to a number keeps its text (item ids like 1.10, as the
located path does); a duplicate key, an impossible date or anything unexpected returns
`REFUSED`, and the caller takes the located PyYAML path, which reports it with line and column.

Nothing of ryml's tree outlives the call: the values are plain dicts, lists and scalars.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import importlib.util
import json
import os
import re
from collections.abc import Iterator
from typing import Any

import yaml

from safecli.model.patterns import lazy
from safecli.read.yamlscreen import REFUSE_PATTERN, refused

REFUSED: Any = object()
"""What `load` returns for text it does not read: take the located path."""

AVAILABLE = importlib.util.find_spec("ryml") is not None
"""rapidyaml is installed (it is imported on first use: a one-file command never pays for it)."""

__all__ = ["AVAILABLE", "REFUSED", "REFUSE_PATTERN", "load", "refused"]

_LONG_KEY = 512
"""PyYAML refuses a simple key of 1,024 characters or more: long keys take its path."""

ryml: Any = None
_NONE = _MAP = _SEQ = _KEY = _KEYQUO = _VALQUO = _ODD = _STREAM = 0


def _import() -> Any:
    global ryml, _NONE, _MAP, _SEQ, _KEY, _KEYQUO, _VALQUO, _ODD, _STREAM
    if ryml is None and AVAILABLE:
        import ryml as module

        _NONE, _MAP, _SEQ, _KEY = module.NONE, module.MAP, module.SEQ, module.KEY
        _KEYQUO, _VALQUO, _STREAM = module.KEYQUO, module.VALQUO, module.STREAM
        _ODD = (
            module.KEYTAG
            | module.VALTAG
            | module.KEYANCH
            | module.VALANCH
            | module.KEYREF
            | module.VALREF
            | module.KEYNIL
        )
        ryml = module
    return ryml


_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_STR = "tag:yaml.org,2002:str"
_CONSTRUCT = yaml.constructor.SafeConstructor()
_VALUES: dict[str, Any] = {}
"""Plain scalar text → its value, for texts that are not strings (values are immutable)."""
_TEXTS: set[str] = set()
"""Plain scalar texts known to resolve to strings."""
_NUMBER = (int, float)


class _Refuse(Exception):
    pass


def _plain(text: str) -> Any:
    """A plain scalar as PyYAML's SafeLoader reads it (YAML 1.1 implicit types)."""
    if text in _TEXTS or "\n" in text:
        # a plain scalar never ends with a line break, and no resolver matches one inside:
        # a text with one is a string (the resolvers' `$` would let `null\n` through as null)
        return text
    try:
        return _VALUES[text]
    except KeyError:
        pass
    if len(text) == 10 and _ISO_DATE.fullmatch(text):  # most dates: what PyYAML builds
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:  # an impossible date: the located path names it
            raise _Refuse from None
        return _keep(text, value)
    tag = _STR
    for candidate, regexp in _RESOLVERS.get(text[:1] if text else "", ()):
        if regexp.match(text):
            tag = candidate
            break
    if tag == _STR:
        if len(_TEXTS) > 16_384:  # names and findings rarely repeat: keep it small
            _TEXTS.clear()
        _TEXTS.add(text)
        return text
    try:
        value = _CONSTRUCT.yaml_constructors[tag](_CONSTRUCT, yaml.ScalarNode(tag, text))
    except Exception:  # an impossible date, say: the located path names it
        raise _Refuse from None
    return _keep(text, value)


def _keep(text: str, value: Any) -> Any:
    if len(_VALUES) > 16_384:
        _VALUES.clear()
    _VALUES[text] = value
    return value


_ISO_DATE = lazy(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""A date as YAML 1.1's timestamp resolver's first form reads it (a `date`, no time)."""


def _value(tree: Any, node: int, kind: int) -> Any:
    if kind & _MAP:
        return _mapping(tree, node)
    if kind & _SEQ:
        out = []
        child = tree.first_child(node)
        while child != _NONE:
            out.append(_value(tree, child, tree.type(child)))
            child = tree.next_sibling(child)
        return out
    raw = tree.val(node)
    if raw is None:  # `key:` with nothing after it
        return None
    text = bytes(raw).decode("utf-8")
    if kind & _VALQUO:  # quoted, literal or folded: always a string
        return text
    return _plain(text)


def _mapping(tree: Any, node: int) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    child = tree.first_child(node)
    while child != _NONE:
        kind = tree.type(child)
        if kind & _ODD or not kind & _KEY:
            raise _Refuse
        raw = tree.key(child)
        if raw is None:
            raise _Refuse
        text = bytes(raw).decode("utf-8")
        if not text or len(text) > _LONG_KEY:
            raise _Refuse
        if kind & _KEYQUO:
            key = text
        else:
            key = _plain(text)
            if isinstance(key, _NUMBER) and not isinstance(key, bool):
                key = text  # item ids like 1.10 are names, not numbers
        if key in out:  # a duplicate: the located path reports both places
            raise _Refuse
        out[key] = _value(tree, child, kind)
        child = tree.next_sibling(child)
    return out


_JSON_NUMBER = lazy(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_REWRITTEN = lazy(r"^[-+]?0\.|\.0(?:[eE]|$)")
_BARE = frozenset(("true", "false", "null"))
_SPECIAL = frozenset((".inf", "-.inf", "+.inf", ".nan", "inf", "-inf", "+inf", "nan"))


class _Json:
    """ryml's JSON of the tree, read back with every plain scalar resolved as YAML 1.1 does.

    ryml writes a quoted scalar as a JSON string and a plain one that looks like a JSON number,
    true, false or null bare (so a string with such a text was quoted); a bare one is resolved again from its text (`1e3` is a string in
    YAML 1.1, `1.10` a float). A JSON string may have been plain (`2024-08-15`) or quoted
    (`'2024-08-15'`): a string that YAML 1.1 would make something other than a string is taken
    as plain only when the text holds it nowhere quoted and has no block scalar, and it has no
    space (a quoted scalar folded from two lines); otherwise the tree walk decides.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.blocks: bool | None = None
        """The text has a `|` or `>` (maybe a block scalar's header), once asked."""
        self.dates: list[Any] = []
        """The dates `quick` swapped for `NaN`, in order."""
        self.taken: Iterator[Any] = iter(())

    def number(self, text: str) -> Any:
        value = _plain(text)
        if text.startswith("-0.") or (value.__class__ is str and _REWRITTEN.search(text)):
            # ryml writes `-.6` as -0.6, `.5e3` as 0.5e3 and `1.` as 1.0: where YAML 1.1 reads
            # the two spellings differently (a string, not a number), the tree walk decides
            raise _Refuse
        return value

    def string(self, value: str) -> Any:
        if value in _TEXTS:
            return value
        if value in _BARE or _JSON_NUMBER.fullmatch(value):
            return value  # ryml writes a plain one bare: this one was quoted
        return self.either(value)

    def either(self, value: str) -> Any:
        """A string that was plain or quoted: YAML 1.1's value when it cannot have been quoted."""
        if value.lower() in _SPECIAL:
            raise _Refuse  # ryml's JSON spells these its own way (-.Inf as -.inf)
        resolved = _plain(value)
        if resolved.__class__ is str:
            return value
        text = self.text
        if self.blocks is None:
            self.blocks = "|" in text or ">" in text
        if self.blocks or " " in value or f"'{value}'" in text or f'"{value}"' in text:
            raise _Refuse  # quoted or plain? the tree walk knows
        return resolved

    def items(self, values: list[Any]) -> list[Any]:
        for index, value in enumerate(values):
            kind = value.__class__
            if kind is str:
                values[index] = self.string(value)
            elif kind is list:
                self.items(value)
        return values

    def mapping(self, pairs: list[tuple[str, Any]]) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for text, value in pairs:
            if not text or len(text) > _LONG_KEY:  # `: v` is an error to PyYAML, `'': v` not
                raise _Refuse
            key = text if text in _TEXTS else _plain(text)
            if isinstance(key, _NUMBER) and not isinstance(key, bool):
                if text.lower() in _SPECIAL:
                    raise _Refuse
                key = text  # item ids like 1.10 are names, not numbers (quoted or not)
            elif key.__class__ is not str:
                key = self.either(text)  # JSON keys are strings: `true:` and `'true':` alike
            if key in out:
                raise _Refuse
            kind = value.__class__
            if kind is str:
                value = self.string(value)
            elif kind is list:
                self.items(value)
            out[key] = value
        return out

    def load(self, emitted: str) -> Any:
        return json.loads(
            emitted,
            object_pairs_hook=self.mapping,
            parse_int=self.number,
            parse_float=self.number,
            parse_constant=self.number,
        )

    def quick(self, emitted: str) -> Any:
        """What `load` gives, with Python called only for the few scalars that need it, or
        `_Slow` when the JSON holds what only `load` reads (an escape, a key YAML 1.1 makes
        true, null or a date).

        The JSON is rewritten before `json.loads` reads it in C: each string token YAML 1.1
        might read as something else (`_SUSPECT`: a date, `yes`, `~`, `0x1F`...) becomes the
        JSON literal of its value (`true`, `null`, `31`), a date the bare constant `NaN` that
        `parse_constant` swaps for the dates in order; every other string is a string either
        way. With no escape in the JSON every `"` opens or closes a string, and a closing one
        is followed by `:`, `,`, `]`, `}` or a line break, none of which starts a suspect:
        the pattern finds string tokens only, never text across two of them. Bare ints are
        JSON's and YAML 1.1's alike, and so are bare floats without an exponent, except
        -0.6 where the text has `-.` (ryml writes `-.6`, a string to YAML 1.1, so): those
        `number` reads. Duplicate keys (the same text, so the same key to YAML 1.1: a key it
        could read as other than text or a number is `_Slow`) are refused: the mappings read
        hold fewer keys than the JSON writes (`_keys`), counted without a Python call per
        mapping while `json.loads` builds them.
        """
        if "\\" in emitted:
            return _Slow
        self.dates = dates = []
        try:
            literal = _SUSPECT.sub(self.swap, emitted)
        except _SlowKey:
            return _Slow
        # ryml never writes NaN or Infinity bare; were one there, `parse_constant` would be
        # called once more than there are dates: StopIteration, and the located path reads it
        self.taken = taken = iter(dates)
        global _reader
        _reader = self
        data, end = _scan(literal, 0)  # what json.loads does, with one decoder made once
        if end != len(literal) and not literal[end:].isspace():
            raise _Refuse
        if next(taken, taken) is not taken:  # a date not put back: never, but never silently
            raise _Refuse
        # every key is a `"...": ` of the JSON (no escape: a `"` only opens or closes a string),
        # so a mapping that kept fewer keys than were written had a duplicate
        if data.__class__ is not dict or _keys(data) != emitted.count('": '):
            raise _Refuse
        return data

    def number_quick(self, text: str) -> Any:
        """A bare float: `float` unless YAML 1.1 might read it otherwise (`number`)."""
        if "e" in text or "E" in text or (text[:3] == "-0." and "-." in self.text):
            return self.number(text)
        return float(text)

    def swap(self, found: re.Match[str]) -> str:
        """A suspect string token (`_SUSPECT`) as the JSON of what YAML 1.1 reads; a date
        becomes `NaN`, its value kept in `dates` for `parse_constant`."""
        text, colon = found.group(1, 2)
        if colon:  # a key: kept as written unless YAML 1.1 makes it true, null or a date
            if not text or len(text) > _LONG_KEY:  # `: v` is an error to PyYAML, `'': v` not
                raise _Refuse
            key = _plain(text)
            if key.__class__ is str:
                return found.group()
            if isinstance(key, _NUMBER) and not isinstance(key, bool):
                if text.lower() in _SPECIAL:
                    raise _Refuse
                return found.group()  # item ids like 1.10 are names, not numbers
            raise _SlowKey
        if text in _TEXTS or text in _BARE or _JSON_NUMBER.fullmatch(text):
            return found.group()  # a string; ryml writes a plain number, true... bare
        value = self.either(text)
        kind = value.__class__
        if kind is str:
            return found.group()
        if kind is bool:
            return "true" if value else "false"
        if value is None:
            return "null"
        if kind is int:
            return str(value)
        if kind is float:
            shown = repr(value)
            if value != value or value in (_INF, -_INF) or _ODD_FLOAT.search(shown):
                raise _SlowKey  # `number_quick` would read it otherwise
            return shown
        self.dates.append(value)  # a date or a timestamp
        return "NaN"


_INF = float("inf")

_reader: _Json
"""The reader `quick` is running (the decoder below is made once, not per record)."""


def _float(text: str) -> Any:
    return _reader.number_quick(text)


def _constant(text: str) -> Any:
    return next(_reader.taken)


_scan = json.JSONDecoder(parse_float=_float, parse_constant=_constant).scan_once
"""`json.loads`'s C scanner with `quick`'s hooks: (value, end) of the JSON at an index."""


class _SlowKey(Exception):
    pass


_Slow: Any = object()
"""What `_Json.quick` returns for JSON only `_Json.load` reads."""

# a JSON string token that YAML 1.1 may read as other than a string: starting as a number,
# date, `~`, `=` or `<<` does, or a word of its booleans and nulls, or empty; or long (a key
# over `_LONG_KEY`); with the `:` after it when it is a key
_SUSPECT = lazy(
    r'"(?=[-+.0-9~=<yYnNtTfFoO"])'
    # not suspect, though they start as one (`swap` would keep each as written): a key of
    # digits and dots (an int, a float or text: 50, 1.10), a value that is a JSON number
    # (ryml writes a plain one bare: this one was quoted), and a text that starts with a digit
    # and holds a character none of YAML 1.1's int, float and timestamp can (3号, a credit code)
    r'(?![0-9][0-9.]{0,500}":|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?"[^:]'
    r'|[0-9][^"\n]*[^-+.0-9_:a-fA-FxXoOTtZinINF \t"\n])'
    r'([-+.0-9~=<][^"\n]*|[yY]es|YES|[nN]o|NO|[tT]rue|TRUE|[fF]alse'
    r'|FALSE|[oO]n|ON|[oO]ff|OFF|[nN]ull|NULL|)"(:?)'
)
_ODD_FLOAT = lazy(r"[eE]|^-0\.")
"""A bare float YAML 1.1 may read otherwise: `1e3` is a string, and ryml writes `-.6` (a
string too) as -0.6."""


def _keys(value: Any) -> int:
    """How many keys the mappings in `value` hold, all told; `_Refuse` for a key longer
    than `_LONG_KEY` (PyYAML's path reports or reads those)."""
    count = 0
    if value.__class__ is dict:
        count = len(value)
        if count and max(map(len, value)) > _LONG_KEY:
            raise _Refuse
        value = value.values()
    for inner in value:
        kind = inner.__class__
        if kind is dict or kind is list:
            count += _keys(inner)
    return count


def load(text: str, data: bytes | None = None) -> Any:
    """The mapping `text` holds, built as PyYAML's safe loader would, or `REFUSED`.

    `data` is `text` in UTF-8 when the caller has it (the file's bytes, without a BOM).
    Only a document whose top level is a mapping is read here; anything else (and every
    error) is left to the located path.
    """
    if _import() is None:
        return REFUSED
    if data is None:
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate
            return REFUSED
    if refused(text, data):
        return REFUSED
    tree = _tree()
    saved = _hush()  # ryml prints its errors (`_quiet`, without a context manager's cost)
    try:
        _parse(data, tree)
        emitted = _emit_json(tree)
    except Exception:  # a syntax error, or deeper than ryml's limit (64): the located
        return REFUSED  # path finds and words it
    finally:
        _speak(saved)
    if emitted[:1] == "{":  # a mapping (the screen leaves no stream, tag or anchor)
        reader = _Json(text)
        try:
            value = reader.quick(emitted)
            if value is _Slow:
                value = reader.load(emitted)
        except (_Refuse, ValueError, RecursionError, StopIteration):
            value = REFUSED
        if value.__class__ is dict:
            return value
    try:  # the tree walk decides (the tree is freed with its last reference)
        root = tree.root_id()
        kind = tree.type(root)
        if kind & _STREAM == _STREAM:
            if tree.num_children(root) != 1:
                return REFUSED
            root = tree.first_child(root)
            kind = tree.type(root)
        if not kind & _MAP or kind & _ODD:
            return REFUSED
        return _mapping(tree, root)
    except (_Refuse, RecursionError, UnicodeDecodeError):
        return REFUSED


_OUT = bytearray(1 << 16)
"""The one buffer ryml writes JSON into (grown when a record needs more)."""


def _emit_json(tree: Any) -> str:
    """ryml's JSON of `tree`, written into one reused buffer. `ryml.emit_json` returns a copy
    of a buffer it allocates and never frees: 2 KiB a record, 200 MiB in each worker of a
    100,000-record `check`."""
    global _OUT
    root = tree.root_id()
    emit = ryml._ryml.emit_json_to_substr  # the SWIG function, without its Python wrapper
    failed, size = emit(tree, root, _OUT)
    if failed:
        _OUT = bytearray(max(size, 2 * len(_OUT)))
        failed, size = emit(tree, root, _OUT)
        if failed:
            raise IndexError(f"ryml asked for {size} bytes of JSON")
    return _utf8(memoryview(_OUT)[:size], None, True)[0]  # decoded in place, no copy


_utf8 = codecs.utf_8_decode

_TREE: Any = None
"""The one tree every `load` parses into (emptied first): no tree made and freed a record."""


def _tree() -> Any:
    global _TREE, _parse
    tree = _TREE
    if tree is None:
        tree = _TREE = ryml.Tree()
        _parse = ryml._ryml.parse_csubstr  # what `ryml.parse_in_arena` calls
    else:
        tree.clear()
        tree.clear_arena()
    return tree


_parse: Any = None


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """File descriptor 2 pointed at /dev/null while ryml runs.

    ryml's C++ core prints every parse error to the process's stderr before it raises (the
    Python binding offers no callback to stop it); our own messages for that file come later,
    from the located parser. Only ryml's calls run inside (microseconds); safecli writes its
    messages from the thread that parses, so none of them can be lost meanwhile.
    """
    saved = _hush()
    try:
        yield
    finally:
        _speak(saved)


def _hush() -> int:
    """File descriptor 2 pointed at /dev/null; what it was, to give to `_speak`."""
    global _DEVNULL
    if _DEVNULL is None:
        _DEVNULL = os.open(os.devnull, os.O_WRONLY)
    saved = os.dup(2)
    os.dup2(_DEVNULL, 2)
    return saved


def _speak(saved: int) -> None:
    """File descriptor 2 back to what `_hush` saved."""
    os.dup2(saved, 2)
    os.close(saved)


_DEVNULL: int | None = None
