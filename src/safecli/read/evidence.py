"""Evidence files checked: there, inside the repository, and unchanged since they were hashed.

An evidence entry names a file when it is written `{file: PATH, sha256: …}`, or when its text
looks like a path (a `/`, or a name ending in a suffix such as `.pdf`); any other entry names
a paper record (台帐) and is not looked for. Paths are relative to the record's folder. The
repository is the nearest folder above the record holding `safecli.yaml` or `.git` (the record's
own folder when there is none): a path leading out of it, by `..` or by a symbolic link, is
refused. Files are hashed in fixed-size blocks, so memory stays flat whatever their size.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from safecli.model.base import Text
from safecli.model.errors import Code, Problem
from safecli.model.patterns import lazy
from safecli.model.record import Record
from safecli.model.waivers import EvidenceFile
from safecli.model.wording import problem
from safecli.read.waivers import repository_root
from safecli.read.yamlio import Document

BLOCK = 1 << 20
"""Bytes read at a time while hashing."""

OK = "ok"
UNHASHED = "unhashed"
MISSING = "missing"
MOVED = "moved"
CHANGED = "changed"
OUTSIDE = "outside"
SYMLINK_OUT = "symlink-out"
FOLDER = "folder"
PAPER = "paper"
STATES = (OK, UNHASHED, MISSING, MOVED, CHANGED, OUTSIDE, SYMLINK_OUT, FOLDER, PAPER)
"""What a check finds of an evidence entry."""
PROBLEMS = (MISSING, MOVED, CHANGED, OUTSIDE, SYMLINK_OUT, FOLDER)
"""The states that are problems (`validate --evidence` reports them)."""

STATE_LABELS = {
    OK: Text.model_construct(zh="完好（哈希一致）", en="present, hash matches"),
    UNHASHED: Text.model_construct(zh="存在（未记录哈希）", en="present, no hash recorded"),
    MISSING: Text.model_construct(zh="缺失", en="missing"),
    MOVED: Text.model_construct(zh="已移动", en="moved"),
    CHANGED: Text.model_construct(zh="已改动（哈希不符）", en="changed (hash differs)"),
    OUTSIDE: Text.model_construct(zh="在仓库之外", en="outside the repository"),
    SYMLINK_OUT: Text.model_construct(zh="链接指向仓库之外（拒绝）", en="link out (refused)"),
    FOLDER: Text.model_construct(zh="是文件夹而非文件", en="a folder, not a file"),
    PAPER: Text.model_construct(zh="纸质材料（不核对）", en="paper record (not checked)"),
}

_SUFFIX = lazy(r"\.[A-Za-z0-9]{1,5}$")


def names_file(entry: str | EvidenceFile) -> bool:
    """Whether an evidence entry names a file (rather than a paper record)."""
    if isinstance(entry, EvidenceFile):
        return True
    text = entry.strip()
    return "/" in text or "\\" in text or bool(_SUFFIX.search(text))


@dataclass(frozen=True, slots=True)
class EvidenceCheck:
    """What was found of one evidence entry."""

    item: str
    """The item whose response lists it."""
    index: int
    """Its place in the response's evidence list."""
    name: str
    """The path or name as the record writes it."""
    state: str
    """One of STATES."""
    sha256: str | None = None
    """The file's hash now (None when it was not read)."""
    recorded: str | None = None
    """The hash the record states, if any."""
    found: str | None = None
    """For a moved file: where a file with the recorded hash is now (relative to the record)."""

    @property
    def label(self) -> Text:
        return STATE_LABELS[self.state]

    @property
    def problem(self) -> bool:
        return self.state in PROBLEMS


def file_sha256(path: Path | str) -> str:
    """The SHA-256 of a file's bytes, read in blocks (flat memory for any size)."""
    digest = hashlib.sha256()
    with open(path, "rb", buffering=0) as handle:
        block = bytearray(max(1, min(BLOCK, os.fstat(handle.fileno()).st_size)))
        view = memoryview(block)
        while True:
            n = handle.readinto(block)
            if not n:
                break
            digest.update(view[:n])
    return digest.hexdigest()


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def boundary(record_path: Path | str) -> Path:
    """The folder evidence must stay inside: the repository root, else the record's folder."""
    return repository_root(record_path) or Path(os.path.abspath(record_path)).parent


class Resolver:
    """Where the files a record names are, symbolic links resolved, once per folder."""

    def __init__(self, record_path: Path | str, limit: Path) -> None:
        self.base = os.path.dirname(os.path.abspath(record_path))
        self.top = os.path.realpath(limit)
        self.lexical_top = os.path.normpath(os.path.abspath(limit))
        self._folders: dict[str, str] = {}

    def _real_folder(self, folder: str) -> str:
        found = self._folders.get(folder)
        if found is None:
            found = self._folders[folder] = os.path.realpath(folder)
        return found

    def locate(self, entry: str | EvidenceFile) -> tuple[str, str | None]:
        """Where an entry's file is (absolute, links resolved) and why it is refused:
        (path, None) when inside the repository, else (path, OUTSIDE or SYMLINK_OUT)."""
        name = entry.file if isinstance(entry, EvidenceFile) else entry.strip()
        plain = os.path.normpath(os.path.join(self.base, name.replace("\\", "/")))
        if not (_inside(plain, self.lexical_top) or _inside(plain, self.top)):
            return plain, OUTSIDE
        folder, leaf = os.path.split(plain)
        real = os.path.join(self._real_folder(folder), leaf)
        if os.path.islink(real):
            real = os.path.realpath(real)
        if not _inside(real, self.top):
            return real, SYMLINK_OUT
        return real, None


def locate(
    entry: str | EvidenceFile, record_path: Path | str, limit: Path
) -> tuple[str, str | None]:
    """Where one entry's file is and why it is refused (see `Resolver.locate`)."""
    return Resolver(record_path, limit).locate(entry)


def check_entry(item: str, index: int, entry: str | EvidenceFile, paths: Resolver) -> EvidenceCheck:
    """Check one evidence entry (a moved file is reported MISSING here; see `check_record`)."""
    name = entry.file if isinstance(entry, EvidenceFile) else entry
    recorded = entry.sha256 if isinstance(entry, EvidenceFile) else None
    if not names_file(entry):
        return EvidenceCheck(item, index, name, PAPER)
    path, refused = paths.locate(entry)
    if refused is not None:
        return EvidenceCheck(item, index, name, refused, recorded=recorded)
    if os.path.isdir(path):
        return EvidenceCheck(item, index, name, FOLDER, recorded=recorded)
    try:
        now = file_sha256(path)
    except FileNotFoundError:
        return EvidenceCheck(item, index, name, MISSING, recorded=recorded)
    except OSError:
        return EvidenceCheck(item, index, name, MISSING, recorded=recorded)
    if recorded is None:
        return EvidenceCheck(item, index, name, UNHASHED, sha256=now)
    state = OK if now == recorded else CHANGED
    return EvidenceCheck(item, index, name, state, sha256=now, recorded=recorded)


def entries(record: Record) -> Iterator[tuple[str, int, str | EvidenceFile]]:
    """Every evidence entry of the record: (item, index, entry), in the record's order."""
    for item, response in record.responses.items():
        for index, entry in enumerate(response.evidence):
            yield item, index, entry


def _files_under(limit: Path) -> Iterator[str]:
    for folder, dirs, files in os.walk(limit, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            yield os.path.join(folder, name)


def _moved(
    checks: list[EvidenceCheck], record_path: Path | str, limit: Path
) -> list[EvidenceCheck]:
    """Missing files whose recorded hash a file elsewhere in the repository has: MOVED."""
    wanted = {c.recorded: c for c in checks if c.state == MISSING and c.recorded}
    if not wanted:
        return checks
    suffixes = {os.path.splitext(c.name)[1].lower() for c in wanted.values()}
    top = os.path.realpath(limit)
    where: dict[str, str] = {}
    for path in _files_under(limit):
        if os.path.splitext(path)[1].lower() not in suffixes or os.path.islink(path):
            continue
        try:
            digest = file_sha256(path)
        except OSError:
            continue
        if digest in wanted and digest not in where and _inside(os.path.realpath(path), top):
            where[digest] = path
            if len(where) == len(wanted):
                break
    base = os.path.dirname(os.path.abspath(record_path))
    out = []
    for c in checks:
        if c.state == MISSING and c.recorded in where:
            rel = os.path.relpath(where[c.recorded], base).replace(os.sep, "/")
            c = EvidenceCheck(c.item, c.index, c.name, MOVED, c.recorded, c.recorded, rel)
        out.append(c)
    return out


def check_record(record: Record, record_path: Path | str) -> list[EvidenceCheck]:
    """Every evidence entry of `record` checked, in the record's order."""
    limit = boundary(record_path)
    paths = Resolver(record_path, limit)
    checks = [check_entry(i, n, e, paths) for i, n, e in entries(record)]
    return _moved(checks, record_path, limit)


EVIDENCE_CODES = {
    MISSING: (Code("evidence-missing"), Code("hint-restore-or-fix-path")),
    MOVED: (Code("evidence-moved"), Code("hint-write-new-path")),
    CHANGED: (Code("evidence-changed"), Code("hint-restore-or-rehash")),
    OUTSIDE: (Code("evidence-outside"), Code("hint-evidence-inside")),
    SYMLINK_OUT: (Code("evidence-symlink-out"), Code("hint-copy-inside")),
    FOLDER: (Code("evidence-folder"), Code("hint-name-a-file")),
}
"""Each problem state's code and its hint's code (worded in the catalogs)."""


def evidence_problem(check: EvidenceCheck, place: tuple[str, int, int]) -> Problem:
    """The problem a check found, at `place` (file, line, column)."""
    code, hint = EVIDENCE_CODES[check.state]
    return problem(
        *place,
        code,
        hint=hint,
        name=repr(check.name),
        item=check.item,
        found=repr(check.found),
        recorded=(check.recorded or "")[:12],
        now=(check.sha256 or "")[:12],
    )


def evidence_problems(checks: list[EvidenceCheck], doc: Document) -> list[Problem]:
    """The checks that found a problem, each located at the entry in the record."""
    return [
        evidence_problem(c, doc.place(("responses", c.item, "evidence", c.index)))
        for c in checks
        if c.problem
    ]


# ---------------------------------------------------------------- filling hashes in


def _responses_node(root: yaml.Node | None) -> yaml.MappingNode | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "responses":
            return value if isinstance(value, yaml.MappingNode) else None
    return None


def _value(node: yaml.MappingNode, name: str) -> tuple[yaml.Node, yaml.Node] | None:
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == name:
            return key, value
    return None


def _edit(entry: yaml.Node, name: str, digest: str, rehash: bool) -> tuple[int, int, str] | None:
    """The text edit (start, end, new text) that records `digest` in one evidence entry."""
    if isinstance(entry, yaml.ScalarNode):
        quoted = json.dumps(name, ensure_ascii=False)
        return entry.start_mark.index, entry.end_mark.index, f"{{file: {quoted}, sha256: {digest}}}"
    assert isinstance(entry, yaml.MappingNode)
    found = _value(entry, "sha256")
    if found is not None:
        if not rehash or found[1].value == digest:
            return None
        return found[1].start_mark.index, found[1].end_mark.index, digest
    if entry.flow_style:
        end = entry.end_mark.index - 1  # the closing brace
        return end, end, f", sha256: {digest}"
    key = entry.value[0][0]
    last = entry.value[-1][1]
    at = last.end_mark.index
    return at, at, "\n" + " " * key.start_mark.column + f"sha256: {digest}"


def fill_hashes(
    record_path: Path | str, text: str, *, rehash: bool = False
) -> tuple[str, list[tuple[str, str]], list[Problem]]:
    """`text` (a YAML record) with the sha256 of each evidence file that exists inside the
    repository written beside its path, the (item, file) entries filled, and a located warning
    for each file left out (missing, a folder, outside the repository, a link out of it).
    Comments, order and layout stay as they are; an entry already hashed is left alone unless
    `rehash`."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # marks only: the record was checked
    responses = _responses_node(yaml.compose(text, Loader=loader))
    if responses is None:
        return text, [], []
    paths = Resolver(record_path, boundary(record_path))
    edits: list[tuple[int, int, str]] = []
    filled: list[tuple[str, str]] = []
    skipped: list[Problem] = []
    for key, response in responses.value:
        if not isinstance(response, yaml.MappingNode):
            continue
        listed = _value(response, "evidence")
        if listed is None or not isinstance(listed[1], yaml.SequenceNode):
            continue
        for entry in listed[1].value:
            if isinstance(entry, yaml.ScalarNode):
                name = entry.value
                if not names_file(name):
                    continue
            elif isinstance(entry, yaml.MappingNode):
                file = _value(entry, "file")
                if file is None or not isinstance(file[1], yaml.ScalarNode):
                    continue
                name = file[1].value
            else:
                continue
            path, refused = paths.locate(name)
            if refused is not None or not os.path.isfile(path):
                state = refused or (FOLDER if os.path.isdir(path) else MISSING)
                place = (str(record_path), entry.start_mark.line + 1, entry.start_mark.column + 1)
                left = evidence_problem(EvidenceCheck(str(key.value), 0, name, state), place)
                skipped.append(replace(left, severity="warning"))
                continue
            edit = _edit(entry, name, file_sha256(path), rehash)
            if edit is not None:
                edits.append(edit)
                filled.append((str(key.value), name))
    pieces, at = [], 0
    for start, end, new in sorted(edits):
        pieces += [text[at:start], new]
        at = end
    return "".join([*pieces, text[at:]]), filled, skipped
