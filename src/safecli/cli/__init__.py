"""Typer: one module per command group; options in, one library call, output, exit codes."""

from __future__ import annotations

import os
import sys


def _interrupted(kind: type[BaseException], error: BaseException, trace: object) -> None:
    """Ctrl-C before a command runs (while the command line imports): one line, no traceback;
    exit 130, as a command interrupted later. Any other
    exception that reaches the top is shown as Python shows it."""
    if not issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)  # type: ignore[arg-type]
        return
    args = sys.argv[1:]
    lang = next((args[i + 1] for i, a in enumerate(args[:-1]) if a == "--lang"), None)
    lang = lang or os.environ.get("SAFECLI_LANG") or "zh"
    try:
        from safecli.messages.catalog import problem_text
        from safecli.model.wording import problem

        text = problem_text(problem("safecli", code="interrupted"), lang)
    except BaseException:  # interrupted inside those very imports: the words without them
        text = "safecli: error: " + (
            "interrupted (Ctrl-C or SIGINT)" if lang == "en" else "已中断（Ctrl-C 或 SIGINT）"
        )
    sys.stderr.write(text + "\n")
    sys.stderr.flush()
    os._exit(130)  # as a command's own Ctrl-C ends (cli/options.INTERRUPTED)


sys.excepthook = _interrupted
