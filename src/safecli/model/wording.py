"""Problems by code, and their wording from the gettext catalogs (`safecli/messages/locale`).

`problem(path, line, col, "unknown-item", hint="hint-did-you-mean", item="R10", close="R1")`
makes a located `Problem` that carries its code, its hint's code and its parameters; its
`message` and `hint` are the English wording (what `str(problem)` shows). A model validator
refuses a value with `Invalid("response-needs-status")`, which pydantic carries to the located
problem. Every floor makes its problems here (the lowest), so the catalogs are read here too;
`safecli.messages` prints them in the run's language and holds the catalogs and the convention.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path
from typing import Any

from safecli.model.errors import Code, Problem

LOCALE_DIR = Path(__file__).resolve().parent.parent / "messages" / "locale"
"""The catalogs: `{zh,en}/LC_MESSAGES/safecli.mo` (data of the `messages` package)."""
DOMAIN = "safecli"
LANGS = ("zh", "en")


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of `lang` (read once per process); an unknown language reads as zh."""
    if lang not in LANGS:
        lang = "zh"
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])


_TEMPLATES: dict[str, dict[str, str]] = {}
"""Each code's template by language, as the catalog gave it (looked up once per process)."""


def _template(code: str, lang: str) -> str:
    known = _TEMPLATES.get(lang)
    if known is None:
        known = _TEMPLATES[lang] = {}
    found = known.get(code)
    if found is None:
        found = known[code] = translations(lang).gettext(code)
    return found


def text(code: str, lang: str, params: dict[str, Any] | None = None) -> str:
    """`code` worded in `lang` with `params` (the code itself when the catalog lacks it)."""
    known = _TEMPLATES.get(lang)
    template = known.get(code) if known is not None else None
    if template is None:
        template = _template(code, lang)
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


class Invalid(ValueError):
    """A model validator's refusal by code: pydantic keeps it as the error's context, and the
    schema check turns it into a located problem by the same code; `str()` is the English."""

    def __init__(self, code: str, hint: str | None = None, **params: Any) -> None:
        self.code = code
        self.hint = hint
        self.params = params
        english = worded(code, "en", params)
        super().__init__(f"{english} ({text(hint, 'en', params)})" if hint else english)
