"""Problems printed in the run's language from the gettext catalogs in `locale/` (zh and en).

Problems are made by code at every floor (`safecli.model.wording.problem`); `problem_text(p,
lang)` prints one in the language of the run, looking its codes up in that language's catalog;
a problem still made without a code is worded by `translate.py`'s patterns (issue 20's, until
they get codes).

The catalogs are `locale/{zh,en}/LC_MESSAGES/safecli.po`, compiled to `.mo` beside them (the
`.mo` is committed and shipped in the wheel; `tests/test_messages.py` fails when it is older
than its `.po`: `python tools/messages.py compile`). A msgid is the code; a msgstr is a Python
format string over the parameters (`{item}`).
"""

from __future__ import annotations

from safecli.model.errors import Problem
from safecli.model.wording import text, worded

__all__ = ["problem_text"]


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
    if p.code is None:  # a problem not yet given a code (issue 20's): its English read back
        from safecli.messages.translate import zh_hint, zh_message

        head = f"{where}: {p.severity}: {zh_message(p.message)}"
        return f"{head}（{zh_hint(p.hint)}）" if p.hint else head
    params = dict(p.params)
    message = worded(p.code, lang, params)
    english = worded(p.code, "en", params)
    if p.message != english and p.message.endswith(english):  # a label put before it
        message = p.message[: -len(english)] + message
    hint = text(p.hint_code, lang, params) if p.hint_code else p.hint
    head = f"{where}: {p.severity}: {message}"
    return f"{head}（{hint}）" if hint else head
