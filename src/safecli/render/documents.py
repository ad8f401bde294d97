"""render(kind, data, fmt, lang) -> str: the 实施方案 and the 评估报告 through Jinja (and ics).

Templates are looked up by name (`plan.md.j2`, `report.html.j2`, …) in a user's `--templates`
folder first, then in the bundled `templates/`; every template runs in Jinja's
`SandboxedEnvironment` with `StrictUndefined`. HTML templates autoescape; Markdown templates
escape data through the `md` filter. Data is only ever passed as variables, never compiled as a
template. Any template problem becomes a `TemplateError` naming the template and the line."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

from safecli.model.base import Text
from safecli.model.errors import TemplateError, UsageError
from safecli.model.industries import INDUSTRIES
from safecli.model.labels import incident_kind_label
from safecli.model.numbering import clause_label
from safecli.model.packaged import package_dir
from safecli.model.wording import problem
from safecli.render.data import area_words
from safecli.render.docx import DocMeta
from safecli.render.ics import plain_number, plan_ics
from safecli.render.words import LABELS, PERIOD_WORDS, WORDS

KINDS = ("plan", "report")
FORMATS = {"plan": ("md", "html", "ics"), "report": ("md", "html")}


CJK_GAP = re.compile(
    r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’])[ \t]+"
    r"(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’])"
)
"""A space between two Chinese characters: a line break YAML folded (`>-`) into a space."""


def _tr(lang: str) -> Any:
    def tr(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, Text):
            return CJK_GAP.sub("", value.get(lang))
        return str(value)

    return tr


def _cdate(lang: str) -> Any:
    def cdate(value: dt.date | None) -> str:
        if value is None:
            return ""
        if lang == "zh":
            return f"{value.year}年{value.month}月{value.day}日"
        return value.isoformat()

    return cdate


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


def md_escape(value: Any) -> str:
    """Text safe inside Markdown (a table cell included): punctuation escaped, lines joined."""
    from safecli.model.neutralise import markdown

    return markdown(value)


def _word(lang: str) -> Any:
    def word(value: Any) -> str:
        key = getattr(value, "value", value)
        found = WORDS.get(str(key))
        return found.get(lang) if found else str(key)

    return word


def _kind(lang: str) -> Any:
    def kind(value: str) -> str:
        return incident_kind_label(value).get(lang)

    return kind


def _industry(lang: str) -> Any:
    def industry(value: str | None) -> str:
        if value is None:
            return ""
        found = INDUSTRIES.get(value)
        return found.get(lang) if found else value

    return industry


def _freq(lang: str) -> Any:
    def freq(value: Any) -> str:
        times = plain_number(value.times)
        per = PERIOD_WORDS[value.per].get(lang)
        return f"每{per}{times}次" if lang == "zh" else f"{times} per {per}"

    return freq


# ---------------------------------------------------------------- the chart


def chart(report: Any, lang: str) -> dict[str, Any]:
    """Geometry of the report's bar chart: one bar per section and one for the total."""
    label_w, bar_w, value_w, row_h, top = 190, 400, 60, 24, 46
    rows: list[dict[str, Any]] = []
    a = report.assessment
    for s in a.sections:
        rows.append({"label": s.title.get(lang), "rate": s.rate, "total": False})
    rows.append(
        {"label": LABELS[lang]["total"], "rate": a.total if a.scorable else None, "total": True}
    )
    for i, row in enumerate(rows):
        rate = row["rate"]
        row["y"] = top + i * row_h
        row["w"] = round(bar_w * (rate or 0) / 100, 1)
        row["text"] = "—" if rate is None else f"{rate:g}"
    # grade lines, their labels on two staggered rows so neighbours do not overlap; grades
    # sharing a line (told apart by their required items) share one label
    mins: dict[float, list[str]] = {}
    for g in report.standard.grades:
        if g.min > 0:
            mins.setdefault(g.min, []).append(g.label.get(lang))
    lines = [
        {
            "x": label_w + round(bar_w * value / 100, 1),
            "y": top - 26 + 12 * (i % 2),
            "label": f"{'/'.join(labels)} {value:g}",
        }
        for i, (value, labels) in enumerate(mins.items())
    ]
    height = top + len(rows) * row_h + 10
    return {
        "width": label_w + bar_w + value_w,
        "height": height,
        "label_w": label_w,
        "bar_w": bar_w,
        "row_h": row_h,
        "top": top,
        "rows": rows,
        "lines": lines,
        "bottom": height - 6,
    }


# ---------------------------------------------------------------- the environment


def _autoescape(name: str | None) -> bool:
    return name is not None and name.endswith((".html.j2", ".html", ".htm"))


def environment(templates_dir: Path | str | None, lang: str) -> Any:
    """The sandboxed Jinja environment: the user's folder first, then the bundled templates.

    One per folder and language in a process: its templates are compiled once, however many
    documents a batch renders.
    """
    return _environment(None if templates_dir is None else str(templates_dir), lang)


@lru_cache(maxsize=16)
def _environment(templates_dir: str | None, lang: str) -> Any:
    from jinja2 import StrictUndefined

    from safecli.render.sandbox import FolderLoader, GuardedEnvironment, guard_filters

    folders = []
    if templates_dir is not None:
        folder = Path(templates_dir)
        if not folder.is_dir():
            raise UsageError(
                problem(str(folder), code="templates-folder-missing", hint="hint-check-templates")
            )
        folders.append(folder)
    folders.append(package_dir("templates"))
    env = GuardedEnvironment(
        loader=FolderLoader(folders),
        undefined=StrictUndefined,
        autoescape=_autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        tr=_tr(lang),
        cdate=_cdate(lang),
        date=_date,
        num=plain_number,
        md=md_escape,
        word=_word(lang),
        freq=_freq(lang),
        industry=_industry(lang),
        kind=_kind(lang),
        area=lambda area: area_words(area, lang),
        clause=lambda number: clause_label(number or "", lang),
    )
    env.filters = guard_filters(env.filters)
    return env


def _template_frame(tb: TracebackType | None) -> tuple[str, int] | None:
    """The innermost template line in a traceback (Jinja rewrites frames to template lines)."""
    found = None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2") or tb.tb_frame.f_globals.get("__jinja_template__") is not None:
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _template_problem(error: Exception, name: str) -> TemplateError:
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    if isinstance(error, TemplateSyntaxError):
        where = error.filename or error.name or name
        return TemplateError(
            problem(where, error.lineno or 0, 1, "template-syntax", why=error.message)
        )
    if isinstance(error, TemplateNotFound):
        return TemplateError(
            problem(
                str(error.name or name),
                code="template-missing",
                hint="hint-template-name",
                name=repr(error.name),
            )
        )
    frame = _template_frame(error.__traceback__)
    where, line = frame if frame else (name, 0)
    if isinstance(error, SecurityError):
        return TemplateError(
            problem(where, line, 1, "template-sandbox", hint="hint-sandbox", why=str(error))
        )
    if isinstance(error, UndefinedError):
        return TemplateError(
            problem(where, line, 1, "template-undefined", hint="hint-variable", why=error.message)
        )
    return TemplateError(
        problem(where, line, 1, "template-error", why=f"{type(error).__name__}: {error}")
    )


def render_template(name: str, context: dict[str, Any], templates_dir: Any, lang: str) -> str:
    from jinja2 import TemplateError as JinjaError

    from safecli.render.sandbox import TemplateLimit, limit_problem, render_bounded
    from safecli.render.table_layout import mark_landscape

    env = environment(templates_dir, lang)
    try:
        template = env.get_template(name)
        text = render_bounded(template, context)
        # the print page sets a table too wide for portrait on a landscape page, as Word does
        return mark_landscape(text) if name.endswith(".html.j2") else text
    except JinjaError as error:
        raise _template_problem(error, name) from None
    except (TemplateLimit, MemoryError, RecursionError) as error:
        where, line = _template_frame(error.__traceback__) or (name, 0)
        raise limit_problem(error, where, line) from None
    except Exception as error:
        if _template_frame(error.__traceback__) is None:
            raise
        raise _template_problem(error, name) from None


def render(
    kind: str,
    data: Any,
    fmt: str,
    lang: str = "zh",
    templates_dir: Path | str | None = None,
) -> str:
    """Render a `plan` (a planning.Plan) or a `report` (a gaps.Report) as md, html or ics."""
    if kind not in FORMATS or fmt not in FORMATS[kind]:
        raise UsageError(
            problem(
                "--format",
                code="cannot-render",
                hint="hint-choose-format",
                kind=kind,
                fmt=fmt,
                formats=", ".join(FORMATS.get(kind, ())),
            )
        )
    if lang not in LABELS:
        raise UsageError(
            problem("--lang", code="unknown-language", hint="hint-languages", lang=repr(lang))
        )
    if fmt == "ics":
        return plan_ics(data, lang)
    labels = LABELS[lang]
    if kind == "plan" and getattr(data, "government", False):
        from safecli.render.government_words import government_labels

        labels = government_labels(labels, data, lang)
    if kind == "plan" and getattr(data, "judging", None) is not None:
        from safecli.render.determination_words import determination_labels

        labels = determination_labels(labels, lang)
    context: dict[str, Any] = {"t": labels, "lang": lang, kind: data}
    if kind == "report":
        context["chart"] = chart(data, lang)
    return render_template(f"{kind}.{fmt}.j2", context, templates_dir, lang)


def docx_meta(kind: str, data: Any, lang: str) -> DocMeta:
    """What the Word file of a `report` or a `plan` says about itself, from its data: the title
    its first heading shows, the 落款 date, the language."""
    gap = " " if lang == "en" else ""
    if kind == "report":
        title, day = f"{data.unit}{gap}{LABELS[lang]['report']}", data.sign_off.prepared_on
    else:
        title, day = f"{data.unit}{gap}{_tr(lang)(data.title)}", data.signature.date
    return DocMeta(title=title, date=day, lang=lang)
