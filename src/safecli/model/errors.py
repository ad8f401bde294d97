"""One root exception, small subclasses, and the exit codes the command line maps them to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """What a safecli process tells its caller."""

    OK = 0
    """Done, and every gate passed."""
    GATE_FAILED = 1
    """A gate failed (an invalid, vetoed or below-grade record under `check`)."""
    BAD_INPUT = 2
    """Bad input or bad usage: nothing was written."""


class Code(str):
    """A parameter of a problem that is itself a catalog code (a reason, a kind of file):
    worded in the run's language, as the message is."""


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem: `path:line:col: error: message (hint)`.

    A problem made by `safecli.messages.problem` also carries its `code` (`unknown-item`), the
    code of its hint and the parameters both are worded with: the command line prints it in
    the run's language from the gettext catalogs (`safecli/messages/`), and `message` and `hint`
    hold its English wording (what `str()` shows and scripts read).
    """

    path: str
    line: int = 0
    col: int = 0
    message: str = ""
    hint: str | None = None
    code: str | None = field(default=None, compare=False)
    """The message's code in the catalogs; every problem has one (`wording.problem` is the only
    maker, `tests/test_codes.py`), the None default only keeps the field after `hint`."""
    hint_code: str | None = field(default=None, compare=False)
    """The hint's code in the catalogs."""
    params: tuple[tuple[str, Any], ...] = field(default=(), compare=False)
    """The values the message and hint are worded with, by name."""
    severity: str = field(default="error", compare=False)
    """`error`, or `warning` for what lint and import report without refusing the file."""

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        text = f"{where}: {self.severity}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class SafecliError(Exception):
    """Root of every error safecli reports to a user; carries one or more problems."""

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        if isinstance(problems, str):  # a sentence has no code to word it by: make a problem
            raise TypeError("SafecliError carries problems made by code (wording.problem)")
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class InvalidFile(SafecliError):
    """A standard, record or sheet does not follow its format or its standard."""


class UnknownStandard(SafecliError):
    """A record or an option names a standard or version that is not in the catalog."""


class UsageError(SafecliError):
    """The command line asks for something that cannot be done."""


class ConfigError(SafecliError):
    """A `safecli.yaml` is malformed."""


class OutputError(SafecliError):
    """An output file cannot be written where it was asked to go."""


class TemplateError(SafecliError):
    """A template is missing, broken, or reached outside the sandbox."""
