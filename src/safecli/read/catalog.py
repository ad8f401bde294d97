"""Find standards: the bundled ones plus any folders a user or `safecli.yaml` adds."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from safecli.model.errors import InvalidFile, Problem, SafecliError, UnknownStandard
from safecli.model.packaged import package_dir
from safecli.model.standard import Standard
from safecli.model.wording import problem
from safecli.read.files import read_head
from safecli.read.overlays import OverlayFile, apply_overlay, read_standard_file

Place = tuple[str, int, int]
"""Where a problem about a standard's name is reported: file, line, column."""

MAX_LAYERS = 8
"""Overlays over overlays: deeper chains (or a loop) are refused."""


def bundled_dir() -> Path:
    """Where the bundled standards are."""
    return package_dir("standards")


class Catalog:
    """Standards by id and version; each file is parsed once, on first use."""

    def __init__(self, dirs: Iterable[Path | str] = (), *, bundled: bool = True) -> None:
        self.dirs = [Path(d) for d in dirs]
        if bundled:
            self.dirs.append(bundled_dir())
        self._by_ref: dict[str, Standard] | None = None
        self._broken: list[Problem] = []
        self._found: dict[str, Standard] = {}

    def _index(self) -> dict[str, Standard]:
        if self._by_ref is None:
            found: dict[str, Standard] = {}
            pending: list[OverlayFile] = []
            for folder in self.dirs:
                if not folder.is_dir():
                    raise UnknownStandard(
                        problem(
                            str(folder), code="standards-folder-missing", hint="hint-check-path"
                        )
                    )
                for path in sorted(folder.glob("*.y*ml")):
                    try:
                        real = path.resolve()
                    except (OSError, RuntimeError):  # a symlink loop: the reader says so
                        real = path
                    try:
                        std = _load(real)
                    except SafecliError as error:
                        if _not_a_standard(real):  # a record or a profile beside it (-d .)
                            continue
                        # kept aside: it matters only when the standard asked for is not found
                        self._broken.extend(error.problems)
                        continue
                    if isinstance(std, OverlayFile):
                        pending.append(std)
                    else:
                        found.setdefault(std.ref, std)  # earlier folders win
            self._resolve(found, pending)
            self._by_ref = found
        return self._by_ref

    def _resolve(self, found: dict[str, Standard], pending: list[OverlayFile]) -> None:
        """Apply each overlay over its base, bases first (an overlay may extend an overlay)."""
        for _ in range(MAX_LAYERS):
            ready = [p for p in pending if p.overlay.extends in found]
            if not ready:
                break
            for entry in ready:
                pending.remove(entry)
                try:
                    std = apply_overlay(found[entry.overlay.extends], entry)
                except SafecliError as error:
                    self._broken.extend(error.problems)
                    continue
                found.setdefault(std.ref, std)
        for entry in pending:
            self._broken.append(
                entry.doc.coded(
                    ("extends",),
                    "extends-unknown",
                    hint="hint-add-base-folder",
                    base=entry.overlay.extends,
                )
            )

    def overlay(self, found: OverlayFile, depth: int = 0) -> Standard:
        """An overlay read from a file, applied over its base from this catalog."""
        if depth > MAX_LAYERS:
            raise InvalidFile(
                found.doc.coded(
                    ("extends",), "overlays-too-deep", hint="hint-extends-loop", depth=MAX_LAYERS
                )
            )
        return apply_overlay(
            self.get(found.overlay.extends, where=found.doc.place(("extends",))), found
        )

    def _by_file_name(self, ref: str) -> Standard | None:
        """Most standards live in `ID.yaml`: try that file before parsing the whole catalog."""
        std_id = ref.partition("@")[0]
        for folder in self.dirs:
            path = folder / f"{std_id}.yaml"
            if path.is_file():
                try:
                    std = _load(path.resolve())
                except SafecliError:
                    return None
                if isinstance(std, OverlayFile):
                    return None  # its base is found through the whole catalog
                return std if std.ref == ref else None
            if any(folder.glob("*.y*ml")):
                return None  # another file here might define the same ref and would win
        return None

    def standards(self) -> list[Standard]:
        """Every standard, sorted by id then version; InvalidFile if any file is broken."""
        index = self._index()
        if self._broken:
            raise InvalidFile(self._broken)
        return sorted(index.values(), key=lambda s: (s.id, s.version))

    def find(self, ref_or_path: str) -> Standard:
        """A standard named by a file (`.yaml`/`.yml`) or by `ID@VERSION` / `ID`."""
        path = Path(ref_or_path)
        if path.suffix.lower() in (".yaml", ".yml"):
            found = read_standard_file(path)
            return self.overlay(found) if isinstance(found, OverlayFile) else found
        return self.get(ref_or_path)

    def get(self, ref: str, *, where: Place | Callable[[], Place] | None = None) -> Standard:
        """The standard `ID@VERSION` or `ID` (its latest version); UnknownStandard otherwise."""
        if ref in self._found:  # a gate asks once per record: answer from memory
            return self._found[ref]
        found = self._get(ref, where)
        self._found[ref] = found
        return found

    def _get(self, ref: str, where: Place | Callable[[], Place] | None) -> Standard:
        if self._by_ref is None and "@" in ref:
            quick = self._by_file_name(ref)
            if quick is not None:
                return quick
        index = self._index()
        if ref in index:
            return index[ref]
        std_id, _, version = ref.partition("@")
        versions = sorted((s for s in index.values() if s.id == std_id), key=lambda s: s.version)
        if versions and not version:
            return versions[-1]
        at = (where() if callable(where) else where) or ("safecli", 0, 0)
        if versions:
            available = ", ".join(s.ref for s in versions)
            found = problem(
                *at,
                "no-such-version",
                hint="hint-available",
                standard=repr(std_id),
                version=repr(version),
                available=available,
            )
        else:
            ids = sorted({s.id for s in index.values()})
            close = difflib.get_close_matches(std_id, ids, n=1)
            found = problem(
                *at,
                "unknown-standard",
                hint="hint-did-you-mean-known" if close else "hint-known",
                standard=repr(std_id),
                close=repr(close[0]) if close else "",
                known=", ".join(ids),
            )
        raise UnknownStandard([found, *self._broken])


_RECORD_KEY = re.compile(r"^\ufeff?standard\s*:", re.MULTILINE)
_STANDARD_KEY = re.compile(r"^\ufeff?(id|sections|extends)\s*:", re.MULTILINE)


def _not_a_standard(path: Path) -> bool:
    """Whether a YAML file that failed to read as a standard is something else kept beside the
    standards: a record (a top-level `standard:`), or a file with none of a standard's or an
    overlay's keys (a unit's 单位概况, safecli.yaml). A broken standard still says `id:`."""
    head = read_head(path, 200_000)
    if head is None:
        return False
    text = head.decode("utf-8", "replace")
    return _RECORD_KEY.search(text) is not None or _STANDARD_KEY.search(text) is None


@lru_cache(maxsize=64)
def _load(path: Path) -> Standard | OverlayFile:
    return read_standard_file(path)


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The bundled standards only: a convenience for the top (`api`, `cli`), never used below."""
    return Catalog()
