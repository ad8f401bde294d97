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


def holds(value: Any, loc: tuple[Any, ...], *, lists: bool = True) -> bool:
    """A value sits at `loc` (keys, and indices unless not `lists`) in `value`."""
    for part in loc:
        if value.__class__ is dict:
            try:
                if part not in value:
                    return False
            except TypeError:  # not a key at all (unhashable)
                return False
        elif (
            not lists
            or value.__class__ is not list
            or not isinstance(part, int)
            or not 0 <= part < len(value)
        ):
            return False
        value = value[part]
    return True
