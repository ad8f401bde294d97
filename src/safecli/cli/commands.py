"""The commands by name, each module imported only when its command runs.

`safecli score one.yaml` needs Typer, the score command's module and what that imports; it
does not need the modules of `report` (Word and HTML), `init` (xlsx), `export` (Parquet) or
`findings`. Click's documented way to load subcommands on demand is a group whose
`get_command` imports them; here the group's `commands` is a mapping that does so (Typer's
group, its command lookup and its "did you mean" all read that mapping). `--help` lists every
command from `COMMANDS` without importing any; `tests/test_startup.py` checks the table
against the commands the modules really define, in the order Typer lists them.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from importlib import import_module
from typing import Any, NamedTuple

import typer
from typer.core import TyperCommand

from safecli.cli.options import RootGroup, app


class Entry(NamedTuple):
    """Where a command lives and what `--help` says of it (its help's first paragraph)."""

    modules: tuple[str, ...]
    help: str


_RECORDS = ("safecli.cli.records",)
_DOCUMENTS = ("safecli.cli.documents",)
_GATE = ("safecli.cli.gate",)

COMMANDS: dict[str, Entry] = {
    "schema": Entry(
        ("safecli.cli.schema",),
        "Print the JSON Schema of a standard, a record, a unit profile or an overlay, for editors.",
    ),
    "validate": Entry(
        _RECORDS, "Check records against their standards; report every problem of every file."
    ),
    "score": Entry(
        _RECORDS,
        "Score a record: total, grade, vetoes, sections and the items that lost points.",
    ),
    "report": Entry(
        _DOCUMENTS,
        "Render the 评估报告: score, grade, vetoes, section chart, 整改清单, gaps, sign-off.",
    ),
    "plan": Entry(
        _DOCUMENTS,
        "Render the 实施方案 dated from --start: parts 一 to 八, the 落款 and the annexes.",
    ),
    "check": Entry(
        _GATE, "The CI gate: validate and score every record; exit 1 when a gate fails."
    ),
    "summary": Entry(
        _GATE,
        "Roll the records up: units, grade distribution, tiers, overdue hazards, weakest "
        "items, trend.",
    ),
    "diff": Entry(
        _GATE,
        "Compare two records of one unit: total and grade change, items, findings closed and "
        "new.\nWith --standard NEW, compare one record under its standard and under NEW.",
    ),
    "export": Entry(
        ("safecli.cli.export",),
        "Write the per-unit and per-item results for DuckDB, Spark or Trino (docs/export.md).",
    ),
    "findings": Entry(
        ("safecli.cli.ledger",),
        "The 隐患台账: every finding of every unit, followed across its records by its id.",
    ),
    "init": Entry(
        ("safecli.cli.sheets",),
        "Write the blank 自查表 of a standard for a unit to fill in (YAML record, xlsx or csv).",
    ),
    # `standards import` and `standards diff` live in cli/authoring.py, on the standards group
    "standards": Entry(
        ("safecli.cli.standards", "safecli.cli.authoring"), "List, show and lint standards."
    ),
    "evidence": Entry(("safecli.cli.evidence_files",), "Evidence files of records."),
}
"""Every command in the order `--help` lists them (Typer lists single commands, then groups),
with the modules that define it."""


def load_modules(name: str) -> None:
    """Import the modules that define command `name` (each registers on `app` as it loads)."""
    for module in COMMANDS[name].modules:
        import_module(module)
    if name == "standards":
        from safecli.cli import authoring, standards

        group = standards.standards_app
        if not any(c.name == "import" for c in group.registered_commands):
            group.command("import")(authoring.standards_import)
            group.command("diff")(authoring.standards_diff)


def build(name: str) -> Any:
    """The Click command (or group) `name`, its modules imported; None when there is none."""
    load_modules(name)
    for info in app.registered_commands:
        if (info.name or typer.main.get_command_name(info.callback.__name__)) == name:  # type: ignore[union-attr]
            return typer.main.get_command_from_info(
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
    for group in app.registered_groups:
        if group.name == name:
            return typer.main.get_group_from_info(
                group,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
                suggest_commands=app.suggest_commands,
            )
    return None


class LazyCommands(MutableMapping[str, Any]):
    """The root group's commands: every name of `COMMANDS`, each built on first lookup."""

    def __init__(self, built: MutableMapping[str, Any]) -> None:
        self.built = dict(built)

    def __getitem__(self, name: str) -> Any:
        if name not in self.built:
            if name not in COMMANDS:
                raise KeyError(name)
            command = build(name)
            if command is None:
                raise KeyError(name)
            self.built[name] = command
        return self.built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        del self.built[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self.built if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS) + sum(1 for name in self.built if name not in COMMANDS)

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self.built


class LazyGroup(RootGroup):
    """The root group: commands loaded on demand, `--help` written from `COMMANDS`."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(self.commands)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list of `--help`, as Click writes it, without importing the commands."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [
            (name, TyperCommand(name=name, help=entry.help).get_short_help_str(limit))
            for name, entry in COMMANDS.items()
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)
