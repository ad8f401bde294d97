"""safecli: compliance-as-code for China's work-safety creation programs.

The library works without the command line::

    from safecli import load_standard, load_record, assess, build_plan, render

Names are imported on first use, so `import safecli` stays cheap (the CLI's start-up time).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_standard": "safecli.read.standards",
    "load_record": "safecli.api",
    "read_record": "safecli.api",
    "assess": "safecli.score.scoring",
    "Catalog": "safecli.read.catalog",
    "default_catalog": "safecli.read.catalog",
    "build_plan": "safecli.plan.planning",
    "render": "safecli.render.documents",
    "SafecliError": "safecli.model.errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'safecli' has no attribute {name!r}")
