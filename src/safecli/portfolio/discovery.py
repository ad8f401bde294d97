"""Which files under some paths are records: folders walked, non-records set aside with a reason.

The lowest floor of the many-records layer: `pool` reads what `discover` finds; `gate` and
`portfolio` both start here.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from safecli.model.errors import Problem, SafecliError, UsageError
from safecli.model.wording import problem, worded
from safecli.portfolio.config import CONFIG_NAME, Config
from safecli.read import files as guarded
from safecli.read import yamlio
from safecli.read.waivers import SHARED_NAME

RECORD_SUFFIXES = (".yaml", ".yml", ".xlsx", ".csv")
"""File types `check` and `summary` read as records."""
SKIP_FOLDERS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__"})
"""Folders never walked into (and not listed as skipped)."""
NOT_RECORDS = {
    CONFIG_NAME: "config",
    SHARED_NAME: "exceptions",
    ".pre-commit-hooks.yaml": "pre-commit",
    ".pre-commit-config.yaml": "pre-commit",
    ".gitlab-ci.yml": "workflow",
    ".gitlab-ci.yaml": "workflow",
}
"""Files that are never records, by name, and the message key saying what they are."""
_STANDARD_KEY = re.compile(r"^\ufeff?standard\s*:", re.MULTILINE)

MESSAGES = {
    "zh": {
        "folder": "位于标准目录内",
        "not-yaml": "不是有效的 YAML，也没有 standard: 键",
        "no-standard": "顶层没有 standard: 键",
        "workflow": "CI 工作流文件",
        "config": "safecli 配置文件",
        "exceptions": "仓库共用的例外清单（空项、豁免）",
        "pre-commit": "pre-commit 配置文件",
        "file-type": "不是记录文件类型（{suffixes}）",
    },
    "en": {
        "folder": "inside a standards folder",
        "not-yaml": "not valid YAML and no standard: key",
        "no-standard": "no standard: key at the top level",
        "workflow": "a CI workflow file",
        "config": "the safecli configuration",
        "exceptions": "the repository's shared exceptions (空项, 豁免)",
        "pre-commit": "a pre-commit file",
        "file-type": "not a record file type ({suffixes})",
    },
}
"""What a skipped file is, in the language of the output."""


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


@lru_cache(maxsize=1024)
def real_folder(cwd: str, folder: str) -> Path:
    return Path(folder).resolve()


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
    resolved = _resolve(path)
    try:
        return resolved.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _workflow(rel: str) -> bool:
    return rel.startswith(".github/") or "/.github/" in rel


def discover(paths: Sequence[Path | str], config: Config) -> tuple[list[str], list[Skipped]]:
    """The record files under `paths` (sorted, each once) and the files skipped as non-records.

    Folders are walked (without .git, virtualenvs, node_modules); files named on the command
    line are taken as they are, subject to the config's exclude globs. UsageError when a path
    does not exist. The files come as path strings: a province's list of Path objects alone
    would hold tens of MiB for the whole run.
    """
    real_folder.cache_clear()
    root = config.root
    lang = config.lang
    missing = [_missing(p) for p in paths if not Path(p).exists()]
    if missing:
        raise UsageError(missing)
    standards = [d for d in config.dirs()]
    root_text = str(root)
    standard_texts = [str(d) for d in standards]
    cwd = os.getcwd()
    candidates: dict[str, str] = {}
    faults: list[OSError] = []
    for given in paths or [root]:
        base = Path(given)
        if not base.is_dir():
            candidates.setdefault(relative_path(base, root), str(base))
            continue
        for folder, subdirs, files in os.walk(base, onerror=faults.append):
            subdirs[:] = sorted(d for d in subdirs if d not in SKIP_FOLDERS)
            # folder-level facts once per folder: files of a folder share them (many thousand)
            real = str(real_folder(cwd, folder))
            inside = real == root_text or real.startswith(root_text + os.sep)
            prefix = os.path.relpath(real, root_text).replace(os.sep, "/") + "/" if inside else None
            for name in files:
                if not name.lower().endswith(RECORD_SUFFIXES):
                    continue
                file = os.path.join(folder, name)
                if prefix is None or os.path.islink(file):
                    rel = relative_path(Path(file), root)
                else:
                    rel = name if prefix == "./" else prefix + name
                candidates.setdefault(rel, file)
    records: list[str] = []
    skipped = [_unreadable(fault, root, lang) for fault in faults]
    for rel in sorted(candidates):
        file = candidates.pop(rel)
        if not config.wants(rel):
            continue
        reason = _not_a_record(Path(file), rel, standards, lang, standard_texts)
        if reason:
            skipped.append(Skipped(rel, reason))
        else:
            records.append(file)
    return records, skipped


def _missing(path: Path | str) -> Problem:
    """Why a path given does not exist: not there at all, or a symlink to nowhere or a loop."""
    try:
        os.stat(path)
    except OSError as error:
        if error.errno != errno.ENOENT:
            return guarded.os_problem(str(path), error)
    return problem(str(path), code="no-such-file-or-folder")


def _not_a_record(
    file: Path, rel: str, standards: list[Path], lang: str, standard_texts: list[str] | None = None
) -> str | None:
    t = MESSAGES[lang]
    name = file.name
    if name in NOT_RECORDS:
        return t[NOT_RECORDS[name]]
    if _workflow(rel):
        return t["workflow"]
    suffix = file.suffix.lower()
    if suffix not in RECORD_SUFFIXES:
        return t["file-type"].format(suffixes=", ".join(RECORD_SUFFIXES))
    resolved = str(_resolve(file))
    texts = standard_texts if standard_texts is not None else [str(d) for d in standards]
    if any(resolved.startswith(folder + os.sep) for folder in texts) and not _record_like(file):
        # a standard beside records (`standards_dirs: ["."]`) is set aside; a record is not
        return t["folder"]
    return None


def _record_like(file: Path) -> bool:
    """Whether a file starts like a record (a top-level `standard:`): records name one."""
    if file.suffix.lower() not in (".yaml", ".yml"):
        return True  # a sheet in a standards folder is still a record
    head = guarded.read_head(file, 200_000)
    return head is not None and _STANDARD_KEY.search(head.decode("utf-8", "replace")) is not None


def not_a_record_yaml(file: Path | str, lang: str) -> str | None:
    """Why a YAML file that failed to load is plainly not a record (no `standard:`), or None.

    Asked only of files that failed: a valid record is never read twice.
    """
    t = MESSAGES[lang]
    file = Path(file)
    if file.suffix.lower() in (".yaml", ".yml"):
        head = guarded.read_head(file, 200_000)  # never waits on a pipe, never reads a device
        if head is None:
            return None  # reading it again reports the problem as invalid
        text = head.decode("utf-8", errors="replace")
        if _STANDARD_KEY.search(text):
            return None
        # no `standard:` at the start of a line: a record only in flow style, else not one
        try:
            data = yamlio.parse(text, str(file)).data
        except SafecliError:
            return t["not-yaml"]
        if isinstance(data, dict) and "standard" in data:
            return None
        return t["no-standard"]
    return None
