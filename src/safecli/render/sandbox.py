"""The Jinja sandbox user templates run in, with bounds on what one template may cost.

Jinja's own sandbox keeps templates away from Python internals; it does not bound work. A
user's `--templates` folder is as untrusted as a record, so on top of it:

- templates are read through the guarded reader (regular files, at most MAX_TEMPLATE_BYTES),
  and remembered as inputs the output may not overwrite;
- `*`, `**` and `%` refuse results beyond MAX_TEXT (`'x' * 10**9`, `10 ** 10 ** 10`,
  `'%999999999d' % 1`), and so do calls and filters given such sizes (`center(10**9)`);
- the rendered text stops at MAX_OUTPUT characters;
- rendering stops after TIME_LIMIT seconds (a SIGALRM timer, in the main thread);
- and, as a last line, the address space may grow by at most MEMORY_HEADROOM while a
  template renders (Linux), so what slips past the checks above is a MemoryError, reported.
"""

from __future__ import annotations

import operator
import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import wraps
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, TemplateNotFound
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from safecli.model.errors import Code, TemplateError
from safecli.model.wording import problem
from safecli.read import files

MAX_TEMPLATE_BYTES = 1024 * 1024
"""A template file larger than this is refused."""
MAX_TEXT = 10_000_000
"""The longest string or list one expression may build, and the largest size argument."""
MAX_OUTPUT = 64 * 1024 * 1024
"""The most characters one rendered document may have."""
TIME_LIMIT = 15
"""Seconds one document may take to render."""
MEMORY_HEADROOM = 768 * 1024 * 1024
"""How much the address space may grow while a template renders."""

_HUGE_WIDTH = re.compile(r"[%:][^%{}]*?\d{7,}")


class TemplateLimit(Exception):
    """A template went past one of the limits above: the limit's code and its parameters."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)


def _too_big(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_TEXT


def _sized(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else 0


def _check_args(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if _too_big(value):
            raise TemplateLimit("limit-size", value=value, limit=f"{MAX_TEXT:,}")


def _check_format(text: Any) -> None:
    """A format string (`%`'s left, `str.format`'s receiver, the `format` filter's value) with
    a width of millions. Only format strings: data such as "contact: 0551-66660000" passes."""
    if isinstance(text, str) and _HUGE_WIDTH.search(text):
        raise TemplateLimit("limit-width")


class FolderLoader(BaseLoader):
    """Templates from folders in order, each read through the guarded reader."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        parts = split_template_path(template)  # refuses '..' and absolute names
        for folder in self.folders:
            path = folder.joinpath(*parts)
            if path.is_file() or path.is_symlink():
                text = files.read_text(path, MAX_TEMPLATE_BYTES)
                return text, str(path), lambda: True
        raise TemplateNotFound(template)


class GuardedEnvironment(SandboxedEnvironment):
    """Jinja's sandbox with the size checks described above."""

    intercepted_binops = frozenset({"*", "**", "%"})
    MAX_RANGE = 100_000

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "*":
            count = right if _sized(left) or isinstance(left, str) else left
            item = left if count is right else right
            sequence = isinstance(item, (str, bytes, list, tuple))
            if sequence and isinstance(count, int) and max(len(item), 1) * count > MAX_TEXT:
                raise TemplateLimit("limit-items", limit=f"{MAX_TEXT:,}")
            return operator.mul(left, right)
        if op == "**":
            ints = isinstance(left, int) and isinstance(right, int)
            if ints and abs(left) > 1 and right > 4096:
                raise TemplateLimit("limit-power", power=right)
            return operator.pow(left, right)
        if isinstance(left, str):
            _check_format(left)
            _check_args(right if isinstance(right, tuple) else (right,), {})
        return operator.mod(left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _check_args(args, kwargs)
        if getattr(__obj, "__name__", "") in ("format", "format_map") and isinstance(
            getattr(__obj, "__self__", None), str
        ):
            _check_format(__obj.__self__)
        return super().call(__context, __obj, *args, **kwargs)


def guard_filters(filters: dict[str, Any]) -> dict[str, Any]:
    """Every filter with its size arguments checked first (filters bypass `call`)."""

    def guarded(function: Any, formats: bool) -> Any:
        @wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            _check_args(args, kwargs)
            if formats and args:
                _check_format(args[0])
            return function(*args, **kwargs)

        return run

    return {name: guarded(f, name == "format") for name, f in filters.items()}


def render_bounded(template: Any, context: dict[str, Any]) -> str:
    """Render `template`, stopping at MAX_OUTPUT characters, TIME_LIMIT seconds and
    MEMORY_HEADROOM of growth; TemplateLimit (or MemoryError) when one is reached."""
    parts: list[str] = []
    size = 0
    with _time_limit(TIME_LIMIT), _memory_limit(MEMORY_HEADROOM):
        for chunk in template.generate(**context):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise TemplateLimit("limit-output", mib=MAX_OUTPUT // 1_048_576)
            parts.append(chunk)
        return "".join(parts)


def limit_problem(error: BaseException, where: str, line: int) -> TemplateError:
    """A template that went past a limit, located at its line."""
    if isinstance(error, MemoryError):
        return TemplateError(problem(where, line, 1, "template-memory", hint="hint-templates-data"))
    if isinstance(error, TemplateLimit):
        code, params = error.code, error.params
    else:  # RecursionError: templates nested or recursing too deep
        code, params = Code("limit-recursion"), {}
    return TemplateError(problem(where, line, 1, code, hint="hint-templates-data", **params))


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise TemplateLimit("limit-time", seconds=seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _memory_limit(headroom: int) -> Iterator[None]:
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as handle:
            used = int(handle.read().split()[0]) * resource.getpagesize()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = used + headroom
        if soft != resource.RLIM_INFINITY and soft <= wanted:
            wanted = None  # already tighter than ours
        if wanted is not None and hard != resource.RLIM_INFINITY:
            wanted = min(wanted, hard)
    except (ImportError, OSError, ValueError):
        yield
        return
    if wanted is None:
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    finally:
        with suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
