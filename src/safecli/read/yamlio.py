"""Safe YAML reading that keeps where every value came from.

PyYAML composes the node tree (in C when libyaml is present); we build the Python values from
it ourselves so that every key and value keeps its line and column, duplicate keys become
errors instead of silently winning, and alias bombs and absurd nesting stop early.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

import yaml

from safecli.model.errors import InvalidFile, Problem
from safecli.read import files

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

    A document parsed on the fast path keeps the node tree the C composer built (every node
    carries its line and column) and looks a position up in it only when a problem must be
    located: nothing is parsed twice, and most valid records never ask.
    """

    def __init__(
        self,
        path: str,
        data: Any,
        marks: Mapping[Path_, tuple[int, int]] | None = None,
        key_marks: Mapping[Path_, tuple[int, int]] | None = None,
        *,
        node: yaml.Node | None = None,
    ) -> None:
        self.path = path
        self.data = data
        if marks is None:
            marks, key_marks = _NodeMarks(node, key=False), _NodeMarks(node, key=True)
        self._marks = marks
        self._key_marks = key_marks if key_marks is not None else {}
        self._node = node

    def nesting_problem(self) -> Problem | None:
        """The fast path does not measure depth: asked only when the data is refused anyway."""
        stack = [] if self._node is None else [(self._node, 0)]
        while stack:
            node, depth = stack.pop()
            if depth > MAX_DEPTH:
                line, col = node.start_mark.line + 1, node.start_mark.column + 1
                message = f"nesting deeper than {MAX_DEPTH} levels"
                return Problem(self.path, line, col, message, "this is not a safecli file")
            if isinstance(node, yaml.MappingNode):
                stack.extend((v, depth + 1) for _, v in node.value)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend((v, depth + 1) for v in node.value)
        return None

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
        while True:
            if key and loc in self.key_marks:
                return self.key_marks[loc]
            if loc in self.marks:
                return self.marks[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]

    def problem(
        self, loc: Path_, message: str, hint: str | None = None, *, key: bool = False
    ) -> Problem:
        line, col = self.where(loc, key=key)
        return Problem(self.path, line, col, message, hint)


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

    def fail(self, node: yaml.Node, message: str, hint: str | None = None) -> None:
        line, col = self.at(node)
        self.problems.append(Problem(self.path, line, col, message, hint))

    def build(self, node: yaml.Node, loc: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(node, f"the document expands to more than {MAX_NODES:,} values")
        if depth > MAX_DEPTH:
            raise _TooBig(node, f"nesting deeper than {MAX_DEPTH} levels")
        self.marks[loc] = self.at(node)
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_COLLECTIONS:
            self.fail(node, f"unsupported YAML tag {node.tag}", "remove the tag")
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
                self.fail(key_node, "merge keys (<<) are not supported", "write the keys out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, "a mapping key must be a plain value", "use a string key")
                continue
            key = self.scalar(key_node)
            if isinstance(key, (int, float)) and not isinstance(key, bool):
                key = key_node.value  # item ids like 1.10 are names, not numbers
            if key in first:
                line, _ = self.at(first[key])
                self.fail(
                    key_node, f"duplicate key {key!r}", f"first given at line {line}; keep one"
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
            self.fail(node, f"unsupported YAML tag {node.tag}", "remove the tag")
            return None
        try:
            return constructor(self.loader, node)
        except (ValueError, yaml.YAMLError) as error:
            label = ".".join(str(part) for part in loc)
            label = f"{label}: " if label else ""
            if node.tag.endswith(":timestamp"):
                self.fail(
                    node,
                    f"{label}{shown(node.value)} is not a real date ({error})",
                    "use YYYY-MM-DD",
                )
            elif node.tag.endswith((":int", ":float")):
                self.fail(node, f"{label}{shown(node.value)} is not a number safecli accepts")
            else:
                self.fail(node, f"{label}cannot read {shown(node.value)}: {error}")
            return node.value


def shown(value: str, limit: int = 40) -> str:
    """A value quoted for a message, cut short when long (a 5,000-digit number)."""
    if len(value) <= limit:
        return repr(value)
    return repr(value[:limit]) + f"… ({len(value):,} characters)"


class _TooBig(Exception):
    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node


def decode(raw: bytes, path: str) -> str:
    """UTF-8 text (a BOM is allowed), or a located error naming the first bad byte."""
    nul = raw.find(b"\x00")
    if nul >= 0:
        before = raw[:nul]
        try:
            before.decode("utf-8-sig")
            text = b"\n" in before
        except UnicodeDecodeError:
            text = False
        if not text:  # NUL on the first line, or after bytes that are not text: binary
            raise InvalidFile(
                Problem(path, 1, 1, "this is a binary file, not text", "give a YAML file")
            )
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        raise InvalidFile(
            Problem(path, line, col, "a NUL byte (\\x00): text holds none", "remove it")
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = error.start - (before.rfind(b"\n") + 1) + 1
        raise InvalidFile(
            Problem(
                path,
                line,
                col,
                f"byte 0x{raw[error.start]:02x} is not UTF-8",
                "save the file as UTF-8",
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


def parse(text: str, path: str) -> Document:
    """Parse YAML text into a Document, or raise InvalidFile with every problem found."""
    if not text.strip():
        raise InvalidFile(Problem(path, 1, 1, "the file is empty", "expected a YAML mapping"))
    if not any(mark in text for mark in _CAREFUL):
        loader = _FastLoader(text)
        node = None
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        except Exception:  # any trouble: the careful path finds and locates it
            data = _Fallback
        finally:
            loader.dispose()
        if data is not _Fallback:
            # no depth check here: the schema refuses deep data (a plain tree without aliases
            # cannot expand); the node tree is kept to locate problems without parsing again
            return Document(path, data, node=node)
    return _parse_located(text, path)


def _parse_located(text: str, path: str) -> Document:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        builder = _Builder(loader, path)
        data = builder.build(node, (), 0) if node is not None else None
    except yaml.MarkedYAMLError as error:
        raise InvalidFile(_syntax_problem(error, path, text)) from None
    except yaml.YAMLError as error:
        raise InvalidFile(Problem(path, 1, 1, f"not valid YAML: {error}")) from None
    except _TooBig as error:
        mark = error.node.start_mark
        raise InvalidFile(
            Problem(path, mark.line + 1, mark.column + 1, str(error), "this is not a safecli file")
        ) from None
    finally:
        loader.dispose()
    if builder.problems:
        raise InvalidFile(builder.problems)
    return Document(path, data, builder.marks, builder.key_marks)


def _syntax_problem(error: yaml.MarkedYAMLError, path: str, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or "not valid YAML"
    hint = None
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in problem or "\t" in here[: max(col, 1)]:
        col = here.index("\t") + 1 if "\t" in here else col
        problem, hint = "a tab character", "YAML indents with spaces; replace the tab"
    elif error.context:
        problem = f"{error.context}: {problem}" if "while" not in error.context else problem
    return Problem(path, line, col, f"YAML syntax: {problem}", hint)


def read_bytes(path: Path | str, limit: int = MAX_BYTES, hint: str | None = None) -> bytes:
    """A file's bytes through the guarded reader (`safecli.read.files.read_bytes`)."""
    return files.read_bytes(path, limit, hint)


def read(path: Path | str) -> Document:
    """Read and parse a YAML file; never modifies it."""
    return parse(decode(read_bytes(path), str(path)), str(path))
