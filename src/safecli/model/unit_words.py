"""The words a unit's document uses for a standard's item (today's wording).

A standard keeps each item's source text (`text`: for the trace and `standards show --source`).
Where that text names a repealed law, a renamed body, an old slogan, a condition no employer may
set, or a paper of its source, the standard's `plan.items.<id>.text` gives the wording a unit's
plan and report use instead (《食品安全法》, 应急管理部门, 监察委员会, the requirement without
the slogan).
"""

from __future__ import annotations

import re

from safecli.model.base import Text
from safecli.model.standard import Item, Standard


def item_words(standard: Standard, item: Item) -> Text:
    """`item`'s text as a unit's document states it: the plan wording, else the source's."""
    plan = standard.plan
    found = plan.items.get(item.id) if plan is not None else None
    return found.text if found is not None and found.text is not None else item.text


def standard_title(standard: Standard, lang: str = "zh") -> str:
    """The standard as people name it in `lang`: its plan's title (which carries no editorial
    note), else its own; never its id."""
    plan = standard.plan
    title = plan.title if plan is not None and plan.title is not None else standard.title
    return title.get(lang)


def names_version(title: str, version: str) -> bool:
    """Whether `title` already names `version` (临江…评定标准（2025版） for 2025): a heading then
    gives the title alone, not …（2025版）（2025年版）."""
    return re.search(rf"(?<![0-9.]){re.escape(version)}(?![0-9])", title) is not None
