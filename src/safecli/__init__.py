"""safecli: compliance-as-code for China's work-safety creation programs.

The library does what the command line does, without it. A record scored in three lines:

>>> import safecli
>>> assessment = safecli.score_file("examples/records/safe-enterprise.yaml")
>>> assessment.total, assessment.grade.id
(89.0, 'pass')

One call per command: `score_file`, `report_file` and `plan_file` (md, html, or docx bytes),
`check`, `summary` and `findings` (render them with `summary_document`, `findings_document`),
`export`; `load_record` gives a checked record with its standard. Names are imported on first
use, so `import safecli` stays cheap (the CLI's start-up time).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "score_file": "safecli.api",
    "report_file": "safecli.api",
    "plan_file": "safecli.api",
    "check": "safecli.api",
    "summary": "safecli.api",
    "findings": "safecli.api",
    "export": "safecli.api",
    "summary_document": "safecli.api",
    "findings_document": "safecli.api",
    "write_notices": "safecli.api",
    "load_record": "safecli.api",
    "read_record": "safecli.api",
    "read_reference": "safecli.read.reference",
    "find_config": "safecli.portfolio.config",
    "load_standard": "safecli.read.standards",
    "assess": "safecli.score.scoring",
    "Catalog": "safecli.read.catalog",
    "default_catalog": "safecli.read.catalog",
    "build_plan": "safecli.plan.planning",
    "render_document": ("safecli.render.documents", "render"),
    "SafecliError": "safecli.model.errors",
    "findings_ledger": "safecli.api",
    "findings_stats": "safecli.api",
}
"""What `import safecli` gives, by name: the module it lives in (and its name there). The
subpackages (`safecli.render`, `safecli.api`, …) are never among them: `from safecli import
render` is the subpackage, whatever was imported before."""

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    found = _EXPORTS.get(name)
    if found is None:
        raise AttributeError(f"module 'safecli' has no attribute {name!r}")
    module, attr = found if isinstance(found, tuple) else (found, name)
    return getattr(import_module(module), attr)


def __dir__() -> list[str]:
    return sorted(__all__)
