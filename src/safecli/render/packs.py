"""A 判定 pack for a person: every situation by article and clause, with whom it applies to."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text as RichText

from safecli.model.features import FEATURES
from safecli.model.industries import INDUSTRIES
from safecli.model.neutralise import terminal
from safecli.model.standard import Item, Standard

WORDS = {
    "zh": {
        "clause": "条款",
        "applies": "适用",
        "text": "情形（判定为重大事故隐患）",
        "all": "所有工贸企业",
        "in_force": "施行",
        "until": "被取代",
        "count": "共 {n} 项",
        "sep": "、",
    },
    "en": {
        "clause": "clause",
        "applies": "applies to",
        "text": "situation (a major accident hazard)",
        "all": "every enterprise",
        "in_force": "in force from",
        "until": "replaced on",
        "count": "{n} situations",
        "sep": ", ",
    },
}


def applies_text(item: Item, lang: str) -> str:
    """Whom a situation applies to: its industries, or the features it needs, else everyone."""
    w = WORDS[lang]
    cond = item.applies_if
    names = []
    if cond is not None and cond.industries:
        names += [INDUSTRIES[i].get(lang) if i in INDUSTRIES else i for i in cond.industries]
    if cond is not None and cond.features:
        names += [FEATURES[f].get(lang) if f in FEATURES else f for f in cond.features]
    return w["sep"].join(names) or w["all"]


def pack_table(std: Standard, lang: str) -> Group:
    """The pack's title, where it was read, when it applies, then a table per article."""
    w = WORDS[lang]
    dates = []
    if std.in_force:
        dates.append(f"{w['in_force']} {std.in_force.isoformat()}")
    if std.until:
        dates.append(f"{w['until']} {std.until.isoformat()}")
    count = w["count"].format(n=len(std.items()))
    parts: list[Table | RichText] = [
        RichText(
            terminal(
                f"{std.title.get(lang)}（{std.ref}）"
                if lang == "zh"
                else f"{std.title.get(lang)} ({std.ref})"
            ),
            style="bold",
        ),
        RichText(terminal(w["sep"].join([std.source, *dates, count]))),
    ]
    if std.source_note:
        parts.append(RichText(terminal(std.source_note.get(lang))))
    for section in std.sections:
        table = Table(title=terminal(section.title.get(lang)))
        for head in ("clause", "applies", "text"):
            table.add_column(w[head], overflow="fold")
        for item in section.items:
            table.add_row(
                terminal(item.article or item.id),
                terminal(applies_text(item, lang)),
                terminal(item.text.get(lang)),
            )
        parts.append(table)
    return Group(*parts)
