"""Problems printed in the run's language from the gettext catalogs in `locale/` (zh and en).

Problems are made by code at every floor (`safecli.model.wording.problem`); `problem_text(p,
lang)` prints one in the language of the run, looking its codes up in that language's catalog.

The catalogs are `locale/{zh,en}/LC_MESSAGES/safecli.po`, compiled to `.mo` beside them (the
`.mo` is committed and shipped in the wheel; `tests/test_messages.py` fails when it is older
than its `.po`: `python tools/messages.py compile`). A msgid is the code; a msgstr is a Python
format string over the parameters (`{item}`).
"""

from __future__ import annotations

from safecli.model.errors import Problem
from safecli.model.wording import text, worded

__all__ = ["problem_text", "problem_words"]


def problem_words(p: Problem, lang: str, shown: str | None = None) -> tuple[str, str | None]:
    """The message and hint of `p` in `lang`. `shown` is its English message as the caller
    shows it (`p.message` by default): a label put before it (a sheet's name) is kept."""
    shown = p.message if shown is None else shown
    if lang == "en" or p.code is None:
        return shown, p.hint
    params = dict(p.params)
    message = worded(p.code, lang, params)
    english = worded(p.code, "en", params)
    if shown != english and shown.endswith(english):  # a label put before it
        message = shown[: -len(english)] + message
    return message, text(p.hint_code, lang, params) if p.hint_code else p.hint


def problem_text(p: Problem, lang: str = "zh") -> str:
    """One problem as the command line prints it: `path:line:col: error: message (hint)`.

    `error:` stays a keyword in every language (editors and CI problem matchers look for it);
    a Chinese hint is in full-width parentheses.
    """
    if lang == "en":
        return str(p)
    where = p.path
    if p.line:
        where += f":{p.line}:{p.col or 1}"
    message, hint = problem_words(p, lang)
    head = f"{where}: {p.severity}: {message}"
    return f"{head}（{hint}）" if hint else head
