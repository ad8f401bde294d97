"""`safecli.yaml`: the settings of a records repository (standards, required grades, gates).

The file sits at the repository root. `find_config` walks up from the first path given (or the
working directory) to the nearest folder holding `safecli.yaml` or `.git`; without a file the
defaults apply and that folder is the root that reported paths are relative to.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, PrivateAttr, field_validator

from safecli.model.base import Model
from safecli.model.errors import ConfigError, InvalidFile, Problem, SafecliError
from safecli.model.wording import Invalid, problem
from safecli.read import yamlio
from safecli.read.catalog import Catalog
from safecli.read.validation import validate

CONFIG_NAME = "safecli.yaml"

Gate = Literal[
    "invalid",
    "veto",
    "blacklisted",
    "lowest-grade",
    "below-grade",
    "overdue-major",
    "major-hazard",
    "unanswered",
    "unreadable",
    "expired-exception",
    "evidence",
]
GATES: tuple[str, ...] = (
    "invalid",
    "veto",
    "blacklisted",
    "lowest-grade",
    "below-grade",
    "overdue-major",
    "major-hazard",
    "unanswered",
    "unreadable",
    "expired-exception",
    "evidence",
)
"""Every gate `check` knows, in the order reports list them."""
DEFAULT_FAIL_ON: tuple[str, ...] = (
    "invalid",
    "veto",
    "blacklisted",
    "lowest-grade",
    "below-grade",
    "overdue-major",
    "major-hazard",
    "unreadable",
    "expired-exception",
)
"""The gates in force without safecli.yaml (below-grade needs `required_grades` to bite)."""


MAX_GLOB = 1000
"""The longest include/exclude pattern (no repository needs more)."""
MAX_GLOBS = 200
"""The most include or exclude patterns: each is matched against every file."""
GlobText = Annotated[str, Field(max_length=MAX_GLOB)]


class Config(Model):
    """The contents of `safecli.yaml`."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    standards_dirs: list[str] = Field(default_factory=list)
    """Folders of extra standards, relative to safecli.yaml; searched before the bundled ones."""
    required_grades: dict[str, str] = Field(default_factory=dict)
    """The grade each standard's records must reach, as {standard id: grade id}."""
    fail_on: list[Gate] = Field(default_factory=lambda: list(DEFAULT_FAIL_ON))
    """Which conditions fail `safecli check`: invalid, veto, blacklisted, lowest-grade,
    below-grade, overdue-major, major-hazard (a 重大事故隐患 by a 判定 clause not yet 销号),
    unanswered, unreadable (a folder of records that could not be
    read), expired-exception (an exception past its end date), evidence (an evidence file
    missing, moved, outside the repository or changed; off by default). A list names exactly the gates in force; a mapping
    (`{lowest-grade: false, unanswered: true}`) loosens or tightens the defaults one by one."""
    lang: Literal["zh", "en"] = "zh"
    """Language of messages and reports: zh or en."""
    exception_warning_days: int = Field(default=30, ge=0, le=366)
    """`check` warns this many days before an exception (空项, 豁免) ends; 0: no warning."""
    include: list[GlobText] = Field(default_factory=list, max_length=MAX_GLOBS)
    """Globs (relative to the root, `**` for any folders) of files to check; all when empty."""
    exclude: list[GlobText] = Field(default_factory=list, max_length=MAX_GLOBS)
    """Globs (relative to the root) of files never to check."""

    @field_validator("fail_on", mode="before")
    @classmethod
    def _defaults_changed(cls, value: Any) -> Any:
        # {gate: true/false} switches single gates on or off from the defaults
        if isinstance(value, dict):
            # every wrong entry at once, not the first
            unknown = ", ".join(repr(k) for k in value if k not in GATES)
            not_bool = ", ".join(
                f"fail_on.{k}" for k, v in value.items() if k in GATES and not isinstance(v, bool)
            )
            if unknown or not_bool:
                raise Invalid(
                    ("fail-on-wrong" if not_bool else "fail-on-unknown-gate")
                    if unknown
                    else "fail-on-not-bool",
                    hint="hint-gates",
                    gate=unknown,
                    keys=not_bool,
                    gates=", ".join(GATES),
                )
            on = {g for g in DEFAULT_FAIL_ON if value.get(g, True)}
            on |= {g for g, v in value.items() if v}
            return [g for g in GATES if g in on]
        return value

    _root: Path = PrivateAttr(default_factory=Path.cwd)
    _file: Path | None = PrivateAttr(default=None)
    _doc: Any = PrivateAttr(default=None)

    @property
    def root(self) -> Path:
        """The repository root: reported paths are relative to it."""
        return self._root

    @property
    def file(self) -> Path | None:
        """The safecli.yaml read, or None when the defaults apply."""
        return self._file

    def dirs(self) -> list[Path]:
        """The standards folders, resolved against the config file's folder."""
        base = self._file.parent if self._file else self._root
        return [_resolved(base / d) for d in self.standards_dirs]

    def catalog(self) -> Catalog:
        """The catalog of the configured folders plus the bundled standards."""
        dirs = self.dirs()
        return Catalog(dirs)

    def check_against(self, catalog: Catalog) -> None:
        """ConfigError unless the folders exist and each required grade names a known standard
        and one of its grades."""
        problems: list[Problem] = []
        for i, folder in enumerate(self.dirs()):
            if not folder.is_dir():
                problems.append(
                    problem(
                        *self._where(("standards_dirs", i)),
                        "config-dir-missing",
                        hint="hint-relative-to-config",
                        folder=repr(self.standards_dirs[i]),
                        resolved=str(folder),
                    )
                )
        if problems:
            raise ConfigError(problems)
        for std_id, grade_id in self.required_grades.items():
            where = self._where(("required_grades", std_id), key=True)
            try:
                std = catalog.get(std_id)
            except SafecliError:
                known = sorted({s.id for s in _known(catalog)})
                problems.append(
                    problem(
                        *where,
                        "config-unknown-standard",
                        hint="hint-known-standards",
                        standard=repr(std_id),
                        grade=repr(grade_id),
                        known=", ".join(known),
                    )
                )
                continue
            if std.grade(grade_id) is None:
                line, col = self._where(("required_grades", std_id))[1:]
                problems.append(
                    problem(
                        where[0],
                        line,
                        col,
                        "config-unknown-grade",
                        hint="hint-grades-of",
                        standard=repr(std_id),
                        grade=repr(grade_id),
                        ref=std.ref,
                        grades=", ".join(g.id for g in std.grades),
                    )
                )
        if problems:
            raise ConfigError(problems)

    def _where(self, loc: tuple[Any, ...], *, key: bool = False) -> tuple[str, int, int]:
        name = str(self._file) if self._file else CONFIG_NAME
        if self._doc is None:
            return (name, 0, 0)
        line, col = self._doc.where(loc, key=key)
        return (name, line, col)

    def wants(self, relative: str) -> bool:
        """Whether a file (a posix path relative to the root) passes include and exclude."""
        include = [_glob(p) for p in self.include]
        exclude = [_glob(p) for p in self.exclude]
        if include and not any(p.fullmatch(relative) for p in include):
            return False
        return not any(p.fullmatch(relative) for p in exclude)


def _resolved(path: Path) -> Path:
    """`path.resolve()`, or the path as given when it is a symlink loop (reported later as a
    folder that is not there, instead of a crash)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def _known(catalog: Any) -> list[Any]:
    try:
        return list(catalog.standards())
    except SafecliError:
        return list(catalog._index().values())


class Glob:
    """A glob over posix paths, matched without backtracking.

    `**/` is any folders (none included), `**` anything, `*` and `?` inside one name, a
    trailing `/` everything under a folder. The match runs the pattern as a set of positions
    over the path's characters (a Thompson NFA): time is at most pattern length × path
    length, whatever the pattern (a regex of `*a*a*a*a*b` backtracks exponentially).
    """

    def __init__(self, pattern: str) -> None:
        pattern = pattern.strip().removeprefix("./")[:MAX_GLOB]
        tokens: list[tuple[str, str]] = []
        i = 0
        while i < len(pattern):
            if pattern.startswith("**/", i):
                tokens.append(("dirs", ""))
                i += 3
            elif pattern.startswith("**", i):
                tokens.append(("any", ""))
                i += 2
            elif pattern[i] == "*":
                tokens.append(("name", ""))
                i += 1
            elif pattern[i] == "?":
                tokens.append(("one", ""))
                i += 1
            else:
                tokens.append(("char", pattern[i]))
                i += 1
        if pattern.endswith("/"):
            tokens.append(("any", ""))  # a folder: everything under it
        # collapse runs of stars: they match the same strings and would only add states
        self.tokens: list[tuple[str, str]] = [
            t for k, t in enumerate(tokens) if not (k and t[0] == "name" and tokens[k - 1] == t)
        ]

    def _closure(self, states: set[int]) -> set[int]:
        """The states plus every state reachable by matching nothing (a star may be empty).

        State i is "at token i"; state -(i + 1) is "inside the `**/` at token i", which may
        be left only right after a "/".
        """
        out, todo = set(states), list(states)
        while todo:
            state = todo.pop()
            starry = 0 <= state < len(self.tokens) and self.tokens[state][0] != "char"
            if starry and self.tokens[state][0] != "one" and state + 1 not in out:
                out.add(state + 1)
                todo.append(state + 1)
        return out

    def fullmatch(self, path: str) -> bool:
        """Whether the whole `path` matches."""
        end = len(self.tokens)
        states = self._closure({0})
        for char in path:
            following: set[int] = set()
            for state in states:
                if state < 0:  # inside a `**/`: any characters, left after a "/"
                    following.add(state)
                    if char == "/":
                        following.add(-state)
                    continue
                if state == end:
                    continue
                kind, literal = self.tokens[state]
                if kind == "char":
                    if char == literal:
                        following.add(state + 1)
                elif kind == "one":
                    if char != "/":
                        following.add(state + 1)
                elif kind == "name":
                    if char != "/":
                        following.add(state)
                elif kind == "any":
                    following.add(state)
                else:  # dirs: entered; a "/" may end it at once
                    following.add(-(state + 1))
                    if char == "/":
                        following.add(state + 1)
            if not following:
                return False
            states = self._closure(following)
        return end in states


@lru_cache(maxsize=256)
def _glob(pattern: str) -> Glob:
    """The compiled form of one include/exclude pattern."""
    return Glob(pattern)


def find_root(start: Path | None = None) -> tuple[Path, Path | None]:
    """The nearest folder at or above `start` holding safecli.yaml or .git, and the config file.

    Without either, the working directory is the root and no file is read.
    """
    here = _resolved(start or Path.cwd())
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if os.path.lexists(candidate):  # a folder, a pipe or a link to a device is read, and
            return folder, candidate  # refused, not taken as absent (the gate on defaults)
        if (folder / ".git").exists():
            return folder, None
    return Path.cwd().resolve(), None


def load_config(path: Path | str) -> Config:
    """Read and check one safecli.yaml; ConfigError listing every problem, located."""

    file = Path(path)
    try:
        doc = yamlio.read(file)
        config = validate(doc, Config)
    except InvalidFile as error:
        raise ConfigError(error.problems) from None
    config._file = file.resolve()
    config._root = file.resolve().parent
    config._doc = doc
    return config


def find_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """The config for a run: `explicit` when given, else the one found from `start` upwards."""
    if explicit is not None:
        if not os.path.lexists(explicit):  # anything there is read and judged by the reader
            raise ConfigError(
                problem(str(explicit), code="no-config-file", hint="hint-check-config")
            )
        return load_config(explicit)
    root, file = find_root(start)
    if file is not None:
        return load_config(file)
    config = Config()
    config._root = root
    return config
