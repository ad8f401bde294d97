"""Safe YAML reading that keeps where every value came from.

PyYAML composes the node tree (in C when libyaml is present); we build the Python values from
it ourselves so that every key and value keeps its line and column, duplicate keys become
errors instead of silently winning, and alias bombs and absurd nesting stop early.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

import yaml

from safecli.model.errors import Code, InvalidFile, Problem
from safecli.model.patterns import lazy
from safecli.model.wording import problem
from safecli.read import fastyaml, files, linescan, nesting
from safecli.read.encodings import wide_encoding

try:  # the C composer is several times faster; the pure one behaves the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = files.MAX_BYTES
"""Larger files are refused: no record or standard comes near it."""
MAX_NODES = 500_000
"""A document that expands to more values is refused (alias bombs)."""
MAX_DEPTH = 64
"""Deeper nesting is refused: no record or standard needs more than a handful of levels."""

Path_ = tuple[str | int, ...]
_PLAIN_COLLECTIONS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_STR = "tag:yaml.org,2002:str"


class Document:
    """Parsed YAML and where each part of it sits in the file.

    A document read on a fast path (rapidyaml, else PyYAML's C loader) keeps no node tree: it
    keeps its text, and the first time a position is asked for it either finds a top-level
    key by scanning the lines for it or parses the text once more with the located parser.
    Most valid records never ask.
    """

    def __init__(
        self,
        path: str,
        data: Any,
        marks: Mapping[Path_, tuple[int, int]] | None = None,
        key_marks: Mapping[Path_, tuple[int, int]] | None = None,
        *,
        text: str | None = None,
    ) -> None:
        self.path = path
        self.data = data
        self._located = _Located(text, path) if marks is None and text is not None else None
        if self._located is not None:
            marks, key_marks = self._located.marks(key=False), self._located.marks(key=True)
        self._marks = marks if marks is not None else {}
        self._key_marks = key_marks if key_marks is not None else {}

    def nesting_problem(self) -> Problem | None:
        """Too deep a nesting, found by the located parser (the fast paths do not measure it)."""
        if self._located is None or nesting.within(self.data, MAX_DEPTH):
            return None  # the same tree the located parser builds: never too deep for it
        problems = self._located.problems()
        deep = [p for p in problems if p.code == "yaml-too-deep"]
        return deep[0] if deep else None

    @property
    def marks(self) -> Mapping[Path_, tuple[int, int]]:
        """Line and column (1-based) of each value, by its path of keys and indices."""
        return self._marks

    @property
    def key_marks(self) -> Mapping[Path_, tuple[int, int]]:
        """Line and column of each mapping key, by the path of its value."""
        return self._key_marks

    def where(self, loc: Path_, *, key: bool = False) -> tuple[int, int]:
        """The closest known position of `loc`: itself, else its nearest parent."""
        loc = tuple(loc)
        if self._located is not None:
            found = self._located.scan(self.data, loc, key=key)
            if found is not None:
                return found
        while True:
            if key and loc in self.key_marks:
                return self.key_marks[loc]
            if loc in self.marks:
                return self.marks[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]

    def has_key(self, loc: Path_) -> bool:
        """`loc` is a key written in the document (`loc in key_marks`, without composing)."""
        if self._located is None:
            return tuple(loc) in self.key_marks
        return bool(loc) and nesting.holds(self.data, loc, lists=False)

    def has_path(self, loc: Path_) -> bool:
        """`loc in marks or loc in key_marks`; in the data when read on a fast path (no parse)."""
        if self._located is None:
            return loc in self.marks or loc in self.key_marks
        return nesting.holds(self.data, loc)

    def place(self, loc: Path_, *, key: bool = False) -> tuple[str, int, int]:
        """The file, line and column a problem at `loc` is reported at."""
        line, col = self.where(loc, key=key)
        return (self.path_for(loc, key=key), line, col)

    def moved(self, loc: Path_, found: Problem) -> Problem:
        """`found` (a problem made elsewhere, by code) located at `loc` in this document."""
        line, col = self.where(loc)
        return replace(found, path=self.path_for(loc), line=line, col=col)

    def path_for(self, loc: Path_, *, key: bool = False) -> str:
        """The file a problem at `loc` is reported in (a sheet document names its sheet)."""
        return self.path

    def coded(
        self, loc: Path_, code: str, *, hint: str | None = None, key: bool = False, **params: Any
    ) -> Problem:
        """The problem `code` located at `loc` (its key with `key`), worded from `params`."""
        line, col = self.where(loc, key=key)
        return problem(self.path_for(loc, key=key), line, col, code, hint=hint, **params)


class _NodeMarks(Mapping[Path_, tuple[int, int]]):
    """Positions looked up in a composed node tree by path, on demand (nothing is copied).

    Keys are matched as the fast constructor builds them: plain text as written, numbers by
    their text (item ids like 1.10), other scalars (true, null) by their value.
    """

    def __init__(self, root: yaml.Node | None, *, key: bool) -> None:
        self._root = root
        self._key = key

    def _find(self, loc: Path_) -> yaml.Node | None:
        node = self._root
        if node is None:
            return None
        key_node = None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and _key_of(k) == part:
                        key_node, node = k, v
                        break
                else:
                    return None
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return None
                key_node, node = None, node.value[part]
            else:
                return None
        if self._key:
            return key_node if loc else None
        return node

    def __getitem__(self, loc: Path_) -> tuple[int, int]:
        found = self._find(tuple(loc))
        if found is None:
            raise KeyError(loc)
        return (found.start_mark.line + 1, found.start_mark.column + 1)

    def __contains__(self, loc: object) -> bool:
        return isinstance(loc, tuple) and self._find(loc) is not None

    def __iter__(self) -> Iterator[Path_]:
        # every path, for completeness; lookups never need it (a key mark: mapping values only)
        stack: list[tuple[yaml.Node, Path_, bool]] = []
        if self._root is not None:
            stack.append((self._root, (), False))
        while stack:
            node, loc, keyed = stack.pop()
            if keyed or not self._key:
                yield loc
            if isinstance(node, yaml.MappingNode):
                stack.extend((v, (*loc, _key_of(k)), True) for k, v in node.value)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend((v, (*loc, i), False) for i, v in enumerate(node.value))

    def __len__(self) -> int:
        return sum(1 for _ in self)


_KEY_AS_WRITTEN = (_STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_SCALARS = yaml.constructor.SafeConstructor()


def _key_of(node: yaml.Node) -> Any:
    if node.tag in _KEY_AS_WRITTEN or not isinstance(node, yaml.ScalarNode):
        return node.value
    try:
        return _SCALARS.yaml_constructors[node.tag](_SCALARS, node)
    except Exception:  # a key that cannot be built was reported when the file was read
        return node.value


class _Located:
    """Positions in a document read on a fast path, found only when first asked for.

    A position is first looked for by a scan of the lines that the values already read prove
    right (`linescan`: what gate failures point at, `standard`, `responses.1.2`, `findings.3`);
    anything it cannot prove composes the text once with the C composer and keeps the node
    tree (never for a record nothing is reported about).
    """

    def __init__(self, text: str, path: str) -> None:
        self._text: str | None = text
        self._path = path
        self._doc: Document | None = None
        self._node: yaml.Node | None = None
        self._problems: list[Problem] = []
        self._readable: str | None = None
        """The text as the line scan reads it ("" when it does not), once asked for."""
        self._memo: dict[Any, Any] = {}

    def _parse(self) -> Document | None:
        if self._doc is None and self._text is not None:
            try:
                self._doc = parse_located(self._text, self._path)
            except InvalidFile as error:  # the fast path read it, so only a depth limit
                self._problems = list(error.problems)
            self._text = None
        return self._doc

    def problems(self) -> list[Problem]:
        self._parse()
        return self._problems

    def marks(self, *, key: bool) -> Mapping[Path_, tuple[int, int]]:
        return _LocatedMarks(self, key=key)

    def table(self, *, key: bool) -> Mapping[Path_, tuple[int, int]]:
        """Positions from the node tree the C composer builds (composed once, on first use:
        several times cheaper than the located build); the located parse if that fails."""
        if self._node is None and self._text is not None:
            loader = _Loader(self._text)
            try:
                self._node = loader.get_single_node()
            except yaml.YAMLError:
                self._node = None
            finally:
                loader.dispose()
        if self._node is not None:
            return _NodeMarks(self._node, key=key)
        doc = self._parse()
        if doc is None:
            return {}
        return doc.key_marks if key else doc.marks

    def scan(self, data: Any, loc: Path_, *, key: bool) -> tuple[int, int] | None:
        """`loc`'s position proven by a scan of the lines (`linescan`), None when unproven."""
        if self._readable is None:
            text = linescan.readable(self._text) if self._text is not None else None
            self._readable = text or ""
        if not self._readable:
            return None
        return linescan.locate_in(self._readable, data, loc, key=key, memo=self._memo)


class _LocatedMarks(Mapping[Path_, tuple[int, int]]):
    """A located document's value (or key) positions, parsed for on first use."""

    def __init__(self, located: _Located, *, key: bool) -> None:
        self._located = located
        self._key = key

    def __getitem__(self, loc: Path_) -> tuple[int, int]:
        return self._located.table(key=self._key)[loc]

    def __contains__(self, loc: object) -> bool:
        return loc in self._located.table(key=self._key)

    def __iter__(self) -> Iterator[Path_]:
        return iter(self._located.table(key=self._key))

    def __len__(self) -> int:
        return len(self._located.table(key=self._key))


class _Builder:
    def __init__(self, loader: Any, path: str) -> None:
        self.loader = loader
        self.path = path
        self.marks: dict[Path_, tuple[int, int]] = {}
        self.key_marks: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.count = 0

    def at(self, node: yaml.Node) -> tuple[int, int]:
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def fail(self, node: yaml.Node, code: str, hint: str | None = None, **params: Any) -> None:
        line, col = self.at(node)
        self.problems.append(problem(self.path, line, col, code, hint=hint, **params))

    def build(self, node: yaml.Node, loc: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(node, "yaml-too-many-values", count=f"{MAX_NODES:,}")
        if depth > MAX_DEPTH:
            raise _TooBig(node, "yaml-too-deep", depth=MAX_DEPTH)
        self.marks[loc] = self.at(node)
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_COLLECTIONS:
            self.fail(node, "yaml-tag", "hint-remove-tag", tag=node.tag)
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*loc, i), depth + 1) for i, child in enumerate(node.value)]
        return self.scalar(node, loc)

    def mapping(self, node: yaml.MappingNode, loc: Path_, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, "yaml-merge-key", "hint-write-keys-out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, "yaml-complex-key", "hint-string-key")
                continue
            key = self.scalar(key_node)
            if isinstance(key, (int, float)) and not isinstance(key, bool):
                key = key_node.value  # item ids like 1.10 are names, not numbers
            if key in first:
                line, _ = self.at(first[key])
                self.fail(
                    key_node, "duplicate-key", "hint-first-given", quoted=repr(key), first=line
                )
                continue
            first[key] = key_node
            child = (*loc, key)
            self.key_marks[child] = self.at(key_node)
            result[key] = self.build(value_node, child, depth + 1)
        return result

    def scalar(self, node: yaml.Node, loc: Path_ = ()) -> Any:
        constructor = self.loader.yaml_constructors.get(node.tag)
        if constructor is None or not isinstance(node, yaml.ScalarNode):
            self.fail(node, "yaml-tag", "hint-remove-tag", tag=node.tag)
            return None
        try:
            return constructor(self.loader, node)
        except (ValueError, yaml.YAMLError) as error:
            label = ".".join(str(part) for part in loc)
            if node.tag.endswith(":timestamp"):
                self.fail(
                    node,
                    "not-a-real-date",
                    "hint-use-iso-date",
                    field=label,
                    value=shown(node.value),
                    why=str(error),
                )
            elif node.tag.endswith((":int", ":float")):
                self.fail(node, "not-an-accepted-number", field=label, value=shown(node.value))
            else:
                self.fail(
                    node, "yaml-cannot-read", at=label, value=shown(node.value), why=str(error)
                )
            return node.value


def shown(value: str, limit: int = 40) -> str:
    """A value quoted for a message, cut short when long (a 5,000-digit number)."""
    if len(value) <= limit:
        return repr(value)
    return repr(value[:limit]) + f"… ({len(value):,} characters)"


class _TooBig(Exception):
    def __init__(self, node: yaml.Node, code: str, **params: Any) -> None:
        super().__init__(code)
        self.node = node
        self.code = code
        self.params = params


def decode(raw: bytes, path: str) -> str:
    """UTF-8 text (a BOM is allowed), or a located error naming the first bad byte."""
    wide = wide_encoding(raw)
    if wide:
        raise InvalidFile(
            problem(path, 1, 1, "wide-encoding", hint="hint-save-utf8", encoding=wide)
        )
    nul = raw.find(b"\x00")
    if nul >= 0:
        before = raw[:nul]
        try:
            before.decode("utf-8-sig")
            text = b"\n" in before
        except UnicodeDecodeError:
            text = False
        if not text:  # NUL on the first line, or after bytes that are not text: binary
            raise InvalidFile(problem(path, 1, 1, "binary-file", hint="hint-give-yaml"))
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        raise InvalidFile(problem(path, line, col, "nul-byte", hint="hint-remove-it"))
    try:
        # what decoding as utf-8-sig gives, without its Python-level codec on every file
        return raw.decode("utf-8-sig") if raw[:3] == b"\xef\xbb\xbf" else raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = error.start - (before.rfind(b"\n") + 1) + 1
        raise InvalidFile(
            problem(
                path, line, col, "not-utf8", hint="hint-save-utf8", byte=f"0x{raw[error.start]:02x}"
            )
        ) from None


class _FastLoader(_Loader):  # type: ignore[misc, valid-type]
    """PyYAML's own safe construction, refusing duplicate keys; anything odd falls back.

    Only documents without anchors, aliases, merge keys or tags come here, so every node is a
    plain tree: scalars are built straight from their tag without PyYAML's sharing bookkeeping,
    and the tag a plain scalar resolves to is remembered (records repeat the same words).
    """

    _tags: ClassVar[dict[tuple[str, tuple[bool, bool]], str]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            key = (value, implicit)
            tag = self._tags.get(key)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(self._tags) > 16_384:  # names and dates rarely repeat: keep it small
                    self._tags.clear()
                self._tags[key] = tag
            return tag
        return super().resolve(kind, value, implicit)

    def _value(self, node: yaml.Node, deep: bool) -> Any:
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:  # most scalars: the text as it stands
                return node.value
            return self.yaml_constructors[node.tag](self, node)
        return self.construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self._value(key_node, deep)
            if isinstance(key, (int, float)) and not isinstance(key, bool):
                key = key_node.value  # item ids like 1.10 are names, not numbers
            if key in mapping:
                raise _Fallback
            mapping[key] = self._value(value_node, deep)
        return mapping


class _Fallback(Exception):
    """The fast path saw something only the located path reports well."""


# anchors and aliases (bombs), merge keys and explicit tags take the careful path
_CAREFUL = ("&", "*", "<<", "!")


FAST = True
"""Read on the fast paths when they can; False sends every file to the located parser (the
reference the fast paths are tested against)."""
NATIVE_AFTER = 8
"""rapidyaml takes over once a process has read this many files: loading it costs more than
it saves on a handful (`score one.yaml`); both fast paths give the same values."""
_PARSED = 0


def parse(text: str, path: str, raw: bytes | None = None) -> Document:
    """Parse YAML text (decoded from `raw`) into a Document, or raise InvalidFile."""
    if not text.strip():
        raise InvalidFile(problem(path, 1, 1, "file-empty", hint="hint-expected-mapping"))
    if not FAST:
        return parse_located(text, path)
    global _PARSED
    _PARSED += 1
    if _PARSED > NATIVE_AFTER:
        data = fastyaml.load(text, raw if raw is not None and raw[:1] != b"\xef" else None)  # BOM
        if data is not fastyaml.REFUSED:
            return Document(path, data, text=text)
    if not any(mark in text for mark in _CAREFUL):
        loader = _FastLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        except Exception:  # any trouble: the careful path finds and locates it
            data = _Fallback
        finally:
            loader.dispose()
        if data is not _Fallback:
            # no depth check here: the schema refuses deep data (a plain tree without aliases
            # cannot expand); positions are found again only if a problem must be located
            return Document(path, data, text=text)
    return parse_located(text, path)


def parse_located(text: str, path: str) -> Document:
    """Parse with PyYAML, building every value ourselves with its line and column."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        builder = _Builder(loader, path)
        data = builder.build(node, (), 0) if node is not None else None
    except yaml.MarkedYAMLError as error:
        raise InvalidFile(_syntax_problem(error, path, text)) from None
    except yaml.YAMLError as error:
        raise InvalidFile(problem(path, 1, 1, "yaml-invalid", why=str(error))) from None
    except _TooBig as error:
        mark = error.node.start_mark
        raise InvalidFile(
            problem(
                path,
                mark.line + 1,
                mark.column + 1,
                error.code,
                hint="hint-not-safecli",
                **error.params,
            )
        ) from None
    finally:
        loader.dispose()
    if builder.problems:
        raise InvalidFile(builder.problems)
    return Document(path, data, builder.marks, builder.key_marks)


def _syntax_problem(error: yaml.MarkedYAMLError, path: str, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = error.problem or "not valid YAML"
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in what or "\t" in here[: max(col, 1)]:
        col = here.index("\t") + 1 if "\t" in here else col
        return problem(path, line, col, "yaml-tab", hint="hint-replace-tab")
    for pattern, reason, hint in YAML_REASONS:
        if pattern.match(what):
            return problem(path, line, col, "yaml-syntax", hint=hint, why=reason)
    for at in (line, line - 1):  # `a.2：met`: the parser stops on the next line
        typed = lines[at - 1] if 0 < at <= len(lines) else ""
        colon = typed.find("：")
        if colon > 0 and ":" not in typed[:colon] and not typed.lstrip().startswith("#"):
            return problem(
                path,
                at,
                colon + 1,
                "yaml-syntax",
                hint="hint-halfwidth-colon",
                why=Code("yaml-fullwidth-colon"),
            )
    if error.context:
        what = f"{error.context}: {what}" if "while" not in error.context else what
    return problem(path, line, col, "yaml-syntax-other", hint="hint-yaml-syntax", why=what)


YAML_REASONS = [
    (lazy(p), Code(code), hint)
    for p, code, hint in (
        (r"(did not find )?expected ',' or '\}'", "yaml-open-mapping", "hint-yaml-close-mapping"),
        (r"(did not find )?expected ',' or '\]'", "yaml-open-list", "hint-yaml-close-list"),
        (r"mapping values are not allowed", "yaml-colon-in-value", None),
        (
            r"did not find expected (key|'-' indicator)|expected <block end>",
            "yaml-indent",
            "hint-yaml-indent",
        ),
        (r"found undefined alias", "yaml-undefined-alias", "hint-yaml-alias"),
        (r"found unknown escape character", "yaml-escape", "hint-yaml-escape"),
        (r"found character .*cannot start any token", "yaml-cannot-start", None),
        (r"found unexpected end of stream", "yaml-unclosed-quote", "hint-yaml-close-quote"),
        (r"(did not find )?expected '?<document start>", "yaml-after-end", "hint-yaml-after-end"),
        (r"but found another document", "yaml-two-documents", "hint-one-record-per-file"),
    )
]
"""The YAML parsers' problems (pure and C, which word them differently) by code, with what to do
where the reason does not say it; any other is shown as the parser says it (in English) and
worded in Chinese without it."""


def read_bytes(path: Path | str, limit: int = MAX_BYTES, hint: str | None = None) -> bytes:
    """A file's bytes through the guarded reader (`safecli.read.files.read_bytes`)."""
    return files.read_bytes(path, limit, hint)


def read(path: Path | str) -> Document:
    """Read and parse a YAML file; never modifies it."""
    return parse(decode(raw := read_bytes(path), str(path)), str(path), raw)
