"""How deep plain values nest, counted as the located YAML parser counts its limit."""

from __future__ import annotations

from typing import Any


def within(value: Any, depth: int) -> bool:
    """`value` nests at most `depth` levels below itself: a mapping's values and a list's
    items are one level down (what `yamlio`'s located parser refuses past `MAX_DEPTH`)."""
    kind = value.__class__
    if kind is not dict and kind is not list:
        return True
    inner = value.values() if kind is dict else value
    return all(within(v, depth - 1) for v in inner) if depth else not inner
