"""What every command shares: the Typer app, the common options, and the output helpers.

Its own module so the command modules (and `cli.py`, which registers the root options) import
it, and no command module imports `cli.py`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from safecli.model.errors import ExitCode, Problem, SafecliError, UsageError
from safecli.model.wording import problem

INTERRUPTED = 130
"""The exit code after Ctrl-C (128 + SIGINT, as shells report it): not 1, which is a gate."""


class RootGroup(TyperGroup):
    """Maps every SafecliError to its exit code once, with one line per problem."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:  # Ctrl-C while the command line is parsed: Typer's own
            # handler would end with 130 and no word
            report_problems([problem("safecli", code="interrupted")], error_lang(sys.argv[1:]))
            raise typer.Exit(INTERRUPTED) from None

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            from safecli.read.files import os_problem, track
        except KeyboardInterrupt:
            report_problems([problem("safecli", code="interrupted")], error_lang(sys.argv[1:]))
            raise typer.Exit(INTERRUPTED) from None

        args = [*getattr(ctx, "_protected_args", ()), *ctx.args]
        try:
            with track():  # the files this command reads: no output may overwrite one
                return super().invoke(ctx)
        except SafecliError as error:
            if ctx.params.get("debug"):
                raise
            report_problems(error.problems, error_lang(args))
            raise typer.Exit(int(error.exit_code)) from None
        except KeyboardInterrupt:  # Ctrl-C: never 0, never 1 (a failed gate), one line
            if ctx.params.get("debug"):
                raise
            name = ctx.invoked_subcommand or "safecli"
            report_problems([problem(name, code="interrupted")], error_lang(args))
            raise typer.Exit(INTERRUPTED) from None
        except OSError as error:  # a fault no reader or writer turned into a problem
            if ctx.params.get("debug"):
                raise
            if error.filename is None:  # printing failed: the only unnamed file is stdout
                fault = os_problem("<stdout>", error, "write")
            else:
                fault = os_problem(str(error.filename), error, "use")
            report_problems([fault], error_lang(args))
            raise typer.Exit(int(ExitCode.BAD_INPUT)) from None
        except Exception as error:  # a bug: one line, never a traceback
            if ctx.params.get("debug") or type(error).__module__.startswith(("typer", "click")):
                raise  # exits, aborts and usage errors of the command line itself
            name = ctx.invoked_subcommand or "safecli"
            spooled = _spool_fault(error)
            if spooled is not None:  # openpyxl's sheet spooled by lxml to the temp folder
                import tempfile

                fault = os_problem(tempfile.gettempdir(), spooled, "write")
                report_problems([fault], error_lang(args))
                raise typer.Exit(int(ExitCode.BAD_INPUT)) from None
            report_problems(
                [
                    problem(
                        name,
                        code="internal-error",
                        hint="hint-report-bug",
                        error=f"{type(error).__name__}: {str(error)[:200]}",
                    )
                ],
                error_lang(args),
            )
            raise typer.Exit(int(ExitCode.BAD_INPUT)) from None


def _spool_fault(error: Exception) -> OSError | None:
    """lxml's IO_ENOSPC, IO_EFBIG … (a full disk or `ulimit -f` while openpyxl spools a sheet
    to a temporary file) as the OSError it stands for; None for anything else."""
    words = str(error)
    if type(error).__name__ != "SerialisationError" or not words.startswith("IO_E"):
        return None
    code = getattr(errno, words[3:].split()[0], None)
    return OSError(code, os.strerror(code)) if isinstance(code, int) else None


def report_problems(problems: list[Problem], lang: str | None = None) -> None:
    """One line per problem on stderr, in the language of errors (`error_lang`); data inside
    cannot forge lines or escape sequences."""
    from safecli.messages.catalog import problem_text
    from safecli.model.neutralise import log_line

    lang = lang or env_lang()
    for one in problems:
        typer.echo(log_line(problem_text(one, lang)), err=True)


def left_out(bad: Iterable[Any], code: str, lang: Any = None) -> None:
    """A warning on stderr for each invalid record (or its path) a command leaves out of its
    output, in the language of errors: `code` says which output."""
    from dataclasses import replace

    found = [problem(str(getattr(b, "path", b)), code=code, hint="hint-validate-why") for b in bad]
    report_problems([replace(p, severity="warning") for p in found], run_error_lang(lang))


def wrote_line(path: object, lang: str | None = None) -> str:
    """The stderr line naming a file written: in the output's language, else in the language
    of errors ($SAFECLI_LANG, zh by default)."""
    lang = lang or env_lang()
    return f"已写入 {path}" if lang == "zh" else f"wrote {path}"


def error_lang(args: list[str]) -> str:
    """The language errors are printed in: the command's --lang, else $SAFECLI_LANG, else zh.

    The `error:` keyword stays in both, so editors' problem matchers read the lines alike.
    """
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return env_lang()


def run_error_lang(lang: Any = None) -> str:
    """The language of the warnings a command prints on its way, as the root group words its
    errors: `lang` (a command's --lang override, when given), else `error_lang` of the command
    line (its --lang, else $SAFECLI_LANG, else zh)."""
    if lang is not None:
        return str(getattr(lang, "value", lang))
    return error_lang(sys.argv[1:])


def env_lang() -> str:
    """The language of a run that names none: $SAFECLI_LANG, else zh. The one place it is read
    (errors, `wrote` and `ok` lines; documents take --lang or safecli.yaml's `lang`)."""
    lang = os.environ.get("SAFECLI_LANG", "zh")
    return lang if lang in ("zh", "en") else "zh"


app = typer.Typer(
    cls=RootGroup,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    help="safecli: score self-inspection records (自查) against work-safety creation standards "
    "and render 实施方案 and 评估报告.\n\nExample: safecli score examples/records/safe-enterprise.yaml",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Lang(str, Enum):
    zh = "zh"
    en = "en"


LangOpt = Annotated[Lang, typer.Option("--lang", help="Output language: zh (default) or en.")]


class Encoding(str, Enum):
    utf8 = "utf-8"
    gb18030 = "gb18030"


EncodingOpt = Annotated[
    Encoding,
    typer.Option(
        "--encoding",
        help="csv only: utf-8 (with a BOM, default) or gb18030 (old Excel on a Chinese Windows).",
    ),
]
StandardsDirOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--standards-dir",
        help="Extra folder of standards, searched before the bundled ones.",
        readable=False,
    ),
]


def load_catalog(dirs: list[Path] | None) -> Any:
    """The catalog a command works with: built here, at the top, and passed down."""
    from safecli.read.catalog import Catalog, default_catalog

    return Catalog(dirs) if dirs else default_catalog()


def print_out(renderable: Any) -> None:
    from rich.console import Console

    console = Console(soft_wrap=False)
    if not console.is_terminal:  # piped into a file or a CI log: don't squeeze to 80 columns
        console = Console(soft_wrap=False, width=160)
    console.print(renderable)


def dash_is_stdout(value: Path | None) -> Path | None:
    """`-o -` means standard output, as with most command-line tools (never a file named '-')."""
    return None if value is not None and str(value) == "-" else value


OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        help="Write to this file (- for standard output).",
        readable=False,
        callback=dash_is_stdout,
    ),
]
"""The `-o` of commands whose output may go to a file or to standard output."""


def emit(
    data: str | bytes,
    output: Path | None,
    inputs: list[Path] | tuple[Path, ...] = (),
    lang: str | None = None,
) -> None:
    """`data` to `output` (atomically, never over one of `inputs`) or to standard output; the
    `wrote` line is in `lang`, the output's language, when it has one."""
    if output is None:
        if isinstance(data, bytes):  # already encoded (csv with its BOM): bytes as they are
            write_stdout(data)
            return
        write_stdout(data if data.endswith("\n") else data + "\n")
        return
    from safecli.read.output import write_atomic

    write_atomic(output, data, inputs=inputs)
    typer.echo(wrote_line(output, lang), err=True)


def write_stdout(data: str | bytes) -> None:
    """Write to standard output now; a full disk or a closed pipe is an OutputError."""
    try:
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
            sys.stdout.flush()
    except OSError as error:
        quiet_stdout()
        from safecli.model.errors import OutputError
        from safecli.read.files import os_problem

        raise OutputError(os_problem("<stdout>", error, "write")) from None


def quiet_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush cannot fail."""
    import os

    with suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


TODAY_ENV = "SAFECLI_TODAY"
"""When set (YYYY-MM-DD), the date `today` means: tests and reproducible CI runs pin it."""


def today() -> dt.date:
    """The date "today" stands for: $SAFECLI_TODAY when set (YYYY-MM-DD, 1949–2100, as any
    date safecli reads), else the clock's (local) date."""
    pinned = os.environ.get(TODAY_ENV, "").strip()
    if pinned:
        return read_day(pinned, TODAY_ENV, "env-not-a-date", "hint-iso-date")
    return dt.date.today()


def read_day(value: str, where: str, code: str, hint: str) -> dt.date:
    """`value` as a YYYY-MM-DD day of 1949–2100, or a UsageError at `where`: `code` when it is no
    date at all, `date-outside` when it is a real day outside the range."""
    from safecli.model.base import DATE_RANGE
    from safecli.model.values import looks_like_day, parse_day

    try:
        return parse_day(value)
    except ValueError:
        pass
    day = None
    if looks_like_day(value):
        with contextlib.suppress(ValueError):
            day = dt.date.fromisoformat(value.strip())
    if day is None:
        raise UsageError(problem(where, code=code, hint=hint, value=repr(value)))
    first, last = DATE_RANGE
    raise UsageError(
        problem(
            where,
            code="date-outside",
            hint="hint-date-between",
            value=value,
            first=first.year,
            last=last.year,
        )
    )


def emit_chunks(
    chunks: Iterable[str] | Iterable[bytes],
    output: Path | None,
    inputs: Iterable[Path] = (),
    lang: str | None = None,
) -> None:
    """Like `emit`, for output that comes in pieces (never held whole in memory)."""
    if output is None:
        for chunk in chunks:
            write_stdout(chunk)
        return
    from safecli.read.output import write_atomic_chunks

    write_atomic_chunks(output, chunks, inputs=inputs)
    typer.echo(wrote_line(output, lang), err=True)


def parse_date(value: str | None, option: str) -> dt.date | None:
    """An option's date: YYYY-MM-DD or `today`; None when not given."""
    if value is None:
        return None
    if value.strip().lower() == "today":
        return today()
    return read_day(value, option, "option-not-a-date", "hint-date-or-today")


ShardOpt = Annotated[
    str | None,
    typer.Option(
        "--shard",
        help="Only shard I of N (I/N): a stable share of the units by a hash of their id.",
    ),
]


def parse_shard(value: str | None) -> Any:
    if value is None:
        return None
    from safecli.portfolio.shards import Shard

    return Shard.parse(value)


@contextmanager
def progress_bar(label: str) -> Iterator[Any]:
    """A progress callback `(done, total, path)` drawing a bar on a terminal, else None.

    The bar (records done, rate, time left) goes to stderr and only when stderr is a terminal:
    nothing reaches a pipe, a file or a CI log. It disappears when the work is done.
    """
    if not sys.stderr.isatty() or os.environ.get("TERM") == "dumb":
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None, rate="")
        step = 1

        def advance(done: int, total: int, path: str) -> None:
            nonlocal step
            if done % step and done != total:
                return  # a redraw per record would cost more than the record
            step = max(1, total // 500)
            speed = bar.tasks[0].speed
            bar.update(task, completed=done, total=total, rate=f"{speed:,.0f}/s" if speed else "")

        yield advance


# ---------------------------------------------------------------- repository commands

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Record files or folders (default: the repository root).", readable=False),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="The safecli.yaml to use (default: found from the first PATH up).",
        readable=False,
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Judge overdue findings on this date: YYYY-MM-DD or today (default: each "
        "record's inspection date).",
    ),
]
AsOfTodayOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Judge overdue findings on this date: YYYY-MM-DD or today (default: today, "
        "$SAFECLI_TODAY when set). The output names the date used.",
    ),
]
ErrorLangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help="Language of the lines it prints: zh or en (default: $SAFECLI_LANG, else zh).",
    ),
]
"""--lang of a command that prints only problems and ok lines (the root group words errors in
it, as `error_lang` reads it from the command line)."""
LangOverride = Annotated[
    Lang | None, typer.Option("--lang", help="Output language: zh or en (default: safecli.yaml's).")
]


def gate_config(paths: list[Path] | None, config: Path | None, lang: Lang | None) -> Any:
    from safecli.portfolio.config import find_config

    found = find_config(Path(paths[0]) if paths else None, config)
    if lang is not None:
        found = found.model_copy(update={"lang": lang.value})
    return found


# ---------------------------------------------------------------- documents

ReferenceDocOpt = Annotated[
    Path | None,
    typer.Option(
        "--reference-doc",
        help="docx only: a Word file whose styles, page and footers to use (letterhead, 红头), "
        "as pandoc's --reference-doc; its body is replaced.",
        readable=False,
    ),
]


def docx_reference(fmt: str, reference: Path | None, lang: Any = None) -> Any:
    """The reference .docx of a docx run, read once before any work (a bad one is reported
    first); None for any other format, which refuses --reference-doc."""
    if fmt != "docx":
        if reference is not None:
            raise UsageError(problem("--reference-doc", code="reference-doc-docx-only"))
        return None
    from safecli.read.reference import read_reference

    found = read_reference(reference)
    report_problems(list(found.dropped), run_error_lang(lang))
    return found
