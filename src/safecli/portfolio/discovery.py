"""Which files under some paths are records: folders walked, non-records set aside with a reason.

The lowest floor of the many-records layer: `pool` reads what `discover` finds; `gate` and
`portfolio` both start here.
"""

from __future__ import annotations

import errno
import heapq
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from safecli.model.errors import Code, Problem, SafecliError, UsageError
from safecli.model.wording import problem, worded
from safecli.model.wording import text as catalog_text
from safecli.portfolio.config import CONFIG_NAME, Config
from safecli.portfolio.filelist import FileList, Names, NameSorter
from safecli.read import files as guarded
from safecli.read import yamlio
from safecli.read.encodings import wide_encoding
from safecli.read.waivers import SHARED_NAME

RECORD_SUFFIXES = (".yaml", ".yml", ".xlsx", ".csv")
"""File types `check` and `summary` read as records."""
SKIP_FOLDERS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__"})
"""Folders never walked into (and not listed as skipped)."""
NOT_RECORDS = {
    CONFIG_NAME: Code("skip-config"),
    SHARED_NAME: Code("skip-exceptions"),
    ".pre-commit-hooks.yaml": Code("skip-pre-commit"),
    ".pre-commit-config.yaml": Code("skip-pre-commit"),
    ".gitlab-ci.yml": Code("skip-workflow"),
    ".gitlab-ci.yaml": Code("skip-workflow"),
}
"""Files that are never records, by name, and the code of what they are."""
_STANDARD_KEY = re.compile(r"^\ufeff?standard\s*:", re.MULTILINE)


def said(lang: str, code: Code, **params: str) -> str:
    """What a skipped file is, in the language of the output (from the catalogs)."""
    return catalog_text(code, lang, params)


@dataclass
class Skipped:
    """A file under the paths that is plainly not a record."""

    path: str
    """The file, relative to the root."""
    reason: str
    """Why it was skipped."""
    unreadable: bool = False
    """A folder that could not be read: records in it may have been missed."""
    problem: Problem | None = None
    """The unreadable folder as a problem by code (for the gate that fails on it)."""


def _unreadable(fault: OSError, root: Path, lang: str) -> Skipped:
    """A folder the walk could not read, worded in `lang`, with its problem."""
    rel = relative_path(Path(fault.filename), root) if fault.filename else str(root)
    reason = guarded.os_reason_code(fault)
    found = problem(rel, code="folder-unreadable", hint="hint-folder-permissions", reason=reason)
    return Skipped(rel, worded(found.code or "", lang, dict(found.params)), True, found)


class _RealFolders:
    """`Path(folder).resolve()` once per folder (and working folder) until `cache_clear`."""

    def __init__(self) -> None:
        self._cache = lru_cache(maxsize=1024)(lambda cwd, folder: Path(folder).resolve())

    def __call__(self, cwd: str, folder: str) -> Path:
        return self._cache(cwd, folder)

    def cache_clear(self) -> None:
        self._cache.cache_clear()
        _folder_in.cache_clear()


real_folder = _RealFolders()


def _resolve(path: Path) -> Path:
    """`path.resolve()`, resolving each folder once per run (cleared by `discover`, `_init`).

    A file that is itself a symlink is resolved on its own; any other file of a folder is the
    folder's real path joined with its name, which is what `resolve()` would give.
    """
    if path.name in ("", "..") or os.path.islink(path):
        try:
            return path.resolve()
        except (OSError, RuntimeError):  # a symlink loop: read as it is, and reported then
            return Path(os.path.abspath(path))
    return real_folder(os.getcwd(), str(path.parent)) / path.name


def relative_path(path: Path, root: Path) -> str:
    """`path` relative to `root` (posix) where its real folder lies inside, else as given.

    Works on the path's text (no `Path` built per record): a file of a folder is the folder's
    place in the root, worked out once per folder, and its name.
    """
    text = os.fspath(path)
    folder, name = os.path.split(text)
    if name in ("", "..") or os.path.islink(text):
        resolved = _resolve(Path(text))
        try:
            return resolved.relative_to(root).as_posix()
        except ValueError:
            return Path(text).as_posix()
    # the common case, a file of a folder: the folder's place in the root worked out once
    inside = _folder_in(os.getcwd(), folder or ".", str(root))
    if inside is None:
        return Path(text).as_posix()
    return f"{inside}/{name}" if inside else name


@lru_cache(maxsize=1024)
def _folder_in(cwd: str, folder: str, root: str) -> str | None:
    """`folder`'s real path relative to `root` (posix, "" for the root itself), None when it
    lies outside; cached with `real_folder` (cleared by the same calls)."""
    try:
        inside = real_folder(cwd, folder).relative_to(root).as_posix()
    except ValueError:
        return None
    return "" if inside == "." else inside


def _workflow(rel: str) -> bool:
    return rel.startswith(".github/") or "/.github/" in rel


def discover(paths: Sequence[Path | str], config: Config) -> tuple[FileList, list[Skipped]]:
    """The record files under `paths` (sorted by path, each once) and the files skipped as
    non-records.

    Folders are walked (without .git, virtualenvs, node_modules); files named on the command
    line are taken as they are, subject to the config's exclude globs. UsageError when a path
    does not exist. The files come as a `FileList` of path strings, each folder's names packed
    (`filelist`): a province's paths as objects would hold hundreds of MiB for the whole run.
    """
    real_folder.cache_clear()
    root = config.root
    folders = [_is_folder(p) for p in paths]
    missing = [_missing(p) for p, folder in zip(paths, folders, strict=True) if folder is None]
    if missing:
        raise UsageError(missing)
    walk = _Walk(config)
    named: list[tuple[str, str]] = []  # a run of files named one after another: one source
    for given, folder in zip(paths, folders, strict=True) if paths else [(root, True)]:
        if folder:
            if named:
                walk.whole(named)
                named = []
            walk.folder_tree(os.fspath(given))
        else:
            text = os.fspath(given)
            named.append((relative_path(text, root), text))
    if named:
        walk.whole(named)
    return walk.records(), [_unreadable(f, root, config.lang) for f in walk.faults] + walk.skipped


def _is_folder(path: Path | str) -> bool | None:
    """Whether `path` is a folder (following symlinks), None when it does not exist: one
    `stat` where `exists()` and `is_dir()` made two."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return None


@dataclass
class _Folder:
    """What one walked folder's files share: how its names become paths and whether they are
    records."""

    path: str
    """The folder as walked: `os.path.join(path, name)` is a file."""
    prefix: str
    """The folder relative to the root (posix, ending in /), or as given when outside it."""
    workflow: bool
    """Inside a .github folder."""
    standards: bool
    """Inside a standards folder (its files are records only when they start like one)."""


class _Walk:
    """The folders and files found so far, merged into one sorted list by `records()`."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.root_text = str(config.root)
        self.standards = [str(d) for d in config.dirs()]
        self.cwd = os.getcwd()
        self.folders: list[_Folder] = []
        self.names: list[Names] = []
        self.wholes: list[list[tuple[str, str]] | None] = []  # per source: files kept whole
        self.faults: list[OSError] = []
        self.skipped: list[Skipped] = []

    def whole(self, files: list[tuple[str, str]]) -> None:
        """A source of files kept whole: (relative path, path) each."""
        self.folders.append(_Folder("", "", False, False))
        self.names.append(Names())
        self.wholes.append(sorted(files, key=lambda pair: pair[0]))

    def folder_tree(self, top: str) -> None:
        """Walk `top` as `os.walk` does (sorted subfolders first come first), without ever
        holding a folder's names as one list of objects."""
        stack = [top]
        while stack:
            folder = stack.pop()
            subdirs = self._folder(folder)
            if subdirs is None:
                continue
            for name in reversed(sorted(d for d in subdirs if d not in SKIP_FOLDERS)):
                path = os.path.join(folder, name)
                if not os.path.islink(path):
                    stack.append(path)

    def _folder(self, folder: str) -> list[str] | None:
        """Read one folder: its record-typed files kept, its subfolders returned (None when
        it cannot be read)."""
        try:
            entries = os.scandir(folder)
        except OSError as fault:
            self.faults.append(fault)
            return None
        subdirs: list[str] = []
        names = NameSorter()
        links: list[tuple[str, str]] = []
        with entries:
            while True:
                try:
                    entry = next(entries)
                except StopIteration:
                    break
                except OSError as fault:
                    self.faults.append(fault)
                    return None
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                name = entry.name
                if is_dir:
                    subdirs.append(name)
                elif name.lower().endswith(RECORD_SUFFIXES):
                    try:
                        link = entry.is_symlink()
                    except OSError:
                        link = True  # resolved on its own, as a symlink is
                    if link:
                        file = os.path.join(folder, name)
                        links.append((relative_path(Path(file), self.config.root), file))
                    else:
                        names.add(name)
        # folder-level facts once per folder: files of a folder share them (many thousand)
        real = str(real_folder(self.cwd, folder))
        root = self.root_text
        if real == root or real.startswith(root + os.sep):
            prefix = os.path.relpath(real, root).replace(os.sep, "/") + "/"
            prefix = "" if prefix == "./" else prefix
        else:  # outside the root: the path as given, as `relative_path` has it
            prefix = Path(folder).as_posix().rstrip("/") + "/"
        real_sep = real if real.endswith(os.sep) else real + os.sep
        standards = any(real_sep.startswith(d + os.sep) for d in self.standards)
        self.folders.append(_Folder(folder, prefix, _workflow(prefix), standards))
        self.names.append(names.sorted())
        self.wholes.append(None)
        if links:
            self.whole(links)
        return subdirs

    def _source(self, index: int) -> Iterator[tuple[str, int, int]]:
        whole = self.wholes[index]
        if whole is not None:
            for position, (rel, _) in enumerate(whole):
                yield rel, index, position
            return
        prefix = self.folders[index].prefix
        for position, name in enumerate(self.names[index]):
            yield prefix + name, index, position

    def records(self) -> FileList:
        """Every source merged in path order, each path once (the first source's), the
        config's include/exclude applied and non-records set aside in `skipped`."""
        sources = [self._source(i) for i in range(len(self.folders))]
        merged = heapq.merge(*sources) if len(sources) > 1 else (sources[0] if sources else ())
        found = FileList([f.path for f in self.folders], self.names)
        last = None
        wants = self.config.wants
        for rel, index, position in merged:
            if rel == last:
                continue  # found again by a later path: the first is kept
            last = rel
            if not wants(rel):
                continue
            whole = self.wholes[index]
            if whole is None:
                reason = self._folder_reason(self.folders[index], rel)
            else:
                reason = _not_a_record(whole[position][1], rel, self.standards, self.config.lang)
            if reason:
                self.skipped.append(Skipped(rel, reason))
            elif whole is None:
                found.append(index, position)
            else:
                found.append_whole(whole[position][1])
        return found

    def _folder_reason(self, folder: _Folder, rel: str) -> str | None:
        """`_not_a_record` for a walked folder's file, from the folder's facts."""
        name = rel[len(folder.prefix) :]
        lang = self.config.lang
        if name in NOT_RECORDS:
            return said(lang, NOT_RECORDS[name])
        if folder.workflow:
            return said(lang, Code("skip-workflow"))
        if _suffix(name) not in RECORD_SUFFIXES:
            return said(lang, Code("skip-file-type"), suffixes=", ".join(RECORD_SUFFIXES))
        if folder.standards and not _record_like(os.path.join(folder.path, name)):
            return said(lang, Code("skip-folder"))
        return None


def _suffix(name: str) -> str:
    """`PurePath(name).suffix.lower()` without building a path."""
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def _missing(path: Path | str) -> Problem:
    """Why a path given does not exist: not there at all, or a symlink to nowhere or a loop."""
    try:
        os.stat(path)
    except OSError as error:
        if error.errno != errno.ENOENT:
            return guarded.os_problem(str(path), error)
    return problem(str(path), code="no-such-file-or-folder", hint="hint-check-path")


def _not_a_record(file: str, rel: str, standards: list[str], lang: str) -> str | None:
    name = os.path.basename(file)
    if name in NOT_RECORDS:
        return said(lang, NOT_RECORDS[name])
    if _workflow(rel):
        return said(lang, Code("skip-workflow"))
    if _suffix(name) not in RECORD_SUFFIXES:
        return said(lang, Code("skip-file-type"), suffixes=", ".join(RECORD_SUFFIXES))
    folder, name = os.path.split(file)
    if name in ("", "..") or os.path.islink(file):
        resolved = str(_resolve(Path(file)))
    else:  # `_resolve` without a Path per file: its folder's real path (cached) and its name
        resolved = os.path.join(str(real_folder(os.getcwd(), folder or ".")), name)
    if any(resolved.startswith(d + os.sep) for d in standards) and not _record_like(file):
        # a standard beside records (`standards_dirs: ["."]`) is set aside; a record is not
        return said(lang, Code("skip-folder"))
    return None


def _record_like(file: str) -> bool:
    """Whether a file starts like a record (a top-level `standard:`): records name one."""
    if _suffix(os.path.basename(file)) not in (".yaml", ".yml"):
        return True  # a sheet in a standards folder is still a record
    head = guarded.read_head(Path(file), 200_000)
    return head is not None and _STANDARD_KEY.search(head.decode("utf-8", "replace")) is not None


def not_a_record_yaml(file: Path | str, lang: str) -> str | None:
    """Why a YAML file that failed to load is plainly not a record (no `standard:`), or None.

    Asked only of files that failed: a valid record is never read twice.
    """
    file = Path(file)
    if file.suffix.lower() in (".yaml", ".yml"):
        head = guarded.read_head(file, 200_000)  # never waits on a pipe, never reads a device
        if head is None:
            return None  # reading it again reports the problem as invalid
        wide = wide_encoding(head)  # Notepad's "Unicode": a record, in UTF-16
        text = head.decode(wide.lower() if wide else "utf-8", errors="replace")
        if _STANDARD_KEY.search(text):
            return None  # read again, it is reported invalid
        # no `standard:` at the start of a line: a record only in flow style, else not one
        try:
            data = yamlio.parse(text, str(file)).data
        except SafecliError:
            return said(lang, Code("skip-not-yaml"))
        if isinstance(data, dict) and "standard" in data:
            return None
        return said(lang, Code("skip-no-standard"))
    return None
