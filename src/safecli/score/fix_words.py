"""How a 整改清单 row names a finding, in the document's language: its id with the item's
number, and who rectifies it."""

from __future__ import annotations

from typing import Any


def finding_owner(finding: Any, written: str | None, items: dict[str, Any], lang: str) -> Any:
    """Who rectifies a finding: its owner as the record writes it, else its item's, in `lang`
    (scoring fills in the item's Chinese name)."""
    item = items.get(finding.item or "")
    if written or lang == "zh" or item is None or item.owner is None:
        return finding.owner
    return item.owner.get(lang)


def finding_no(given: str, number: str | None, lang: str = "zh") -> str:
    """What a person reads for a finding: the unit's id with the item's number (H1（标准 三、6）,
    H1 (Std. III.6)), either alone, or nothing (a sheet row's made-up id on no item)."""
    if given and number:
        return f"{given}（{number}）" if lang == "zh" else f"{given} ({number})"
    return given or number or ""
