"""Regular expressions compiled on first use, not at import.

A module-level `re.compile` costs every command that imports the module, whether or not it
ever matches: the ones with wide Unicode classes (the YAML screen, the neutralisers, the
评分方法 reader) cost a one-record `safecli score` tens of milliseconds together. `lazy`
gives an object that compiles on its first method call and then binds the compiled pattern's
methods on itself, so every later call costs what a compiled pattern's does.

Plain data, below the models (it imports nothing of safecli).
"""

from __future__ import annotations

import re
from typing import Any

_BOUND = (
    "match",
    "search",
    "fullmatch",
    "sub",
    "subn",
    "split",
    "findall",
    "finditer",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)


class LazyPattern:
    """`re.compile(pattern, flags)`, done when first used."""

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self.source = (pattern, flags)

    def compiled(self) -> re.Pattern[Any]:
        """The compiled pattern (compiled now if it was not yet)."""
        return re.compile(*self.source)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "source":  # copy/pickle probes, a half-built one
            raise AttributeError(name)
        compiled = self.compiled()
        for attr in _BOUND:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self.source[0]!r})"


def lazy(pattern: str | bytes, flags: int = 0) -> Any:
    """A pattern compiled on first use; use it as the `re.Pattern` it becomes."""
    return LazyPattern(pattern, flags)
