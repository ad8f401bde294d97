"""Problems by code, worded from the gettext catalogs in `locale/` (zh and en).

`problem(path, line, col, "unknown-item", hint="hint-known", item="R10", known="…")` makes a
located `Problem` that carries its code, its hint's code and its parameters; its `message` and
`hint` are the English wording (what `str(problem)` shows). `problem_text(p, lang)` prints it in
the run's language, looking the codes up in the catalog of that language; a problem without a
code (not yet converted) is printed through the old English patterns (`translate.py`).

The catalogs are `locale/{zh,en}/LC_MESSAGES/safecli.po`, compiled to `.mo` beside them (the
`.mo` is committed and shipped in the wheel; `tests/test_messages.py` fails when it is older
than its `.po`: `python tools/messages.py compile`). A msgid is the code; a msgstr is a Python
format string over the parameters (`{item}`).
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path
from typing import Any

from safecli.model.errors import Code, Problem

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "safecli"
LANGS = ("zh", "en")


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of `lang` (read once per process)."""
    if lang not in LANGS:
        lang = "zh"
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])


def has(code: str, lang: str) -> bool:
    """Whether the catalog of `lang` words `code`."""
    return code in getattr(translations(lang), "_catalog", {})


def text(code: str, lang: str, params: dict[str, Any] | None = None) -> str:
    """`code` worded in `lang` with `params` (the code itself when the catalog lacks it)."""
    template = translations(lang).gettext(code)
    if not params:
        return template
    return template.format(
        **{k: text(v, lang) if isinstance(v, Code) else v for k, v in params.items()}
    )


def worded(code: str, lang: str, params: dict[str, Any]) -> str:
    """A problem's message in `lang`: led by the field it is about (param `field`), when any."""
    body = text(code, lang, params)
    field = params.get("field")
    if not field:
        return body
    return f"{field}：{body}" if lang == "zh" else f"{field}: {body}"


def problem(
    path: str,
    line: int = 0,
    col: int = 0,
    code: str = "",
    *,
    hint: str | None = None,
    **params: Any,
) -> Problem:
    """A located problem by code: `message`/`hint` in English, the codes and params kept."""
    return Problem(
        path,
        line,
        col,
        worded(code, "en", params),
        text(hint, "en", params) if hint else None,
        code=code,
        hint_code=hint,
        params=tuple(params.items()),
    )


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
    if p.code is None:
        from safecli.messages.translate import zh_hint, zh_message

        message, hint = zh_message(p.message), zh_hint(p.hint) if p.hint else None
    else:
        params = dict(p.params)
        message = worded(p.code, lang, params)
        english = worded(p.code, "en", params)
        if p.message != english and p.message.endswith(english):  # a label put before it
            message = p.message[: -len(english)] + message
        hint = text(p.hint_code, lang, params) if p.hint_code else p.hint
    head = f"{where}: error: {message}"
    return f"{head}（{hint}）" if hint else head
