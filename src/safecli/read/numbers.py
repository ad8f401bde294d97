"""Items named by their numbers on paper (五、6; 标准 三、5; 附件2 三、5; as an English document
prints them, V.6, Std. III.5, Annex 2 III.5) as well as by ids.

A consultant copies the number the 自查表 and the source print; a record (YAML or sheet) may
answer `五、6: met` or name `item: 五、6` in a finding. Loading renames such keys to the item's
id before the record is checked and scored; a problem found on a renamed key is still located
where the file wrote it.
"""

from __future__ import annotations

from typing import Any

from safecli.model.numbering import document_numbers, paper_numbers
from safecli.model.patterns import lazy
from safecli.model.record import Record
from safecli.model.standard import Standard

_SPACES = lazy(r"\s+")
_HALF = str.maketrans({"(": "（", ")": "）", ",": "、", "．": "、"})


def number_key(text: str) -> str:
    """A number as typed, made comparable: no spaces, full-width brackets, no 标准 (Std.) in
    front."""
    key = _SPACES.sub("", str(text)).translate(_HALF)
    return key.removeprefix("标准").removeprefix("Std.")


_KNOWN: dict[int, tuple[Standard, dict[str, str]]] = {}


def ids_by_number(standard: Standard) -> dict[str, str]:
    """Every printed form of each item's number mapped to its id (once per standard: a sheet
    asks for each of its rows)."""
    known = _KNOWN.get(id(standard))
    if known is not None and known[0] is standard:
        return known[1]
    if len(_KNOWN) > 64:
        _KNOWN.clear()
    out: dict[str, str] = {}
    for lang in ("zh", "en"):  # a number copied from a Chinese or an English document
        for numbers in (paper_numbers(standard, lang), document_numbers(standard, lang)):
            for item_id, number in numbers.items():
                out.setdefault(number_key(number), item_id)
    _KNOWN[id(standard)] = (standard, out)
    return out


def item_id(standard: Standard, key: str) -> str:
    """The id of the item `key` names (an id, or a number on paper); `key` when none."""
    if key in standard.item_map():
        return key
    return ids_by_number(standard).get(number_key(key), key)


def resolve_items(record: Record, standard: Standard) -> tuple[Record, dict[str, str]]:
    """`record` with items named by number renamed to their ids, and each id's written key."""
    items = standard.item_map()
    if items.keys() >= record.responses.keys() and all(
        f.item is None or f.item in items for f in record.findings
    ):
        return record, {}  # every item named by its id (the common case)
    numbers: dict[str, str] | None = None
    written: dict[str, str] = {}

    def resolve(key: str) -> str:
        nonlocal numbers
        if key in items:
            return key
        if numbers is None:
            numbers = ids_by_number(standard)
        return numbers.get(number_key(key), key)

    responses = {}
    for key, response in record.responses.items():
        found = resolve(key)
        if found != key and found not in record.responses:
            written[found] = key
            responses[found] = response
        else:
            responses[key] = response
    findings = [
        f.model_copy(update={"item": resolve(f.item)}) if f.item and f.item not in items else f
        for f in record.findings
    ]
    if not written and findings == record.findings:
        return record, {}
    return record.model_copy(update={"responses": responses, "findings": findings}), written


class Renamed:
    """A record's Document that locates a renamed response at the key the file wrote."""

    def __init__(self, doc: Any, written: dict[str, str]) -> None:
        self._doc = doc
        self._written = written

    def _written_at(self, path: Any) -> Any:
        if isinstance(path, tuple) and len(path) > 1 and path[0] == "responses":
            return ("responses", self._written.get(path[1], path[1]), *path[2:])
        return path

    def coded(self, path: Any, *args: Any, **kwargs: Any) -> Any:
        return self._doc.coded(self._written_at(path), *args, **kwargs)

    def where(self, path: Any, *args: Any, **kwargs: Any) -> Any:
        return self._doc.where(self._written_at(path), *args, **kwargs)

    def place(self, path: Any, *args: Any, **kwargs: Any) -> Any:
        return self._doc.place(self._written_at(path), *args, **kwargs)

    def moved(self, path: Any, *args: Any, **kwargs: Any) -> Any:
        return self._doc.moved(self._written_at(path), *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._doc, name)
