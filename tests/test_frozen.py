"""`quick_init`: the same objects as the dataclass's own `__init__`, still frozen."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safecli.model.frozen import quick_init


@dataclasses.dataclass(frozen=True, slots=True)
class Plain:
    a: int
    b: str
    c: float | None = None
    d: tuple[int, ...] = ()


Quick = quick_init(
    dataclasses.make_dataclass(
        "Quick",
        [("a", int), ("b", str), ("c", float | None, None), ("d", tuple, ())],
        frozen=True,
        slots=True,
    )
)


@given(st.integers(), st.text(max_size=5), st.none() | st.floats(allow_nan=False), st.booleans())
def test_quick_init_builds_what_the_dataclass_builds(
    a: int, b: str, c: float | None, kw: bool
) -> None:
    made = Quick(a, b, c=c) if kw else Quick(a, b, c)
    plain = Plain(a, b, c)
    assert dataclasses.astuple(made) == dataclasses.astuple(plain)
    assert made == Quick(a, b, c) and hash(made) == hash(Quick(a, b, c))
    assert dataclasses.replace(made, a=a + 1).a == a + 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.a = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        Quick(a)  # type: ignore[call-arg]


def test_quick_init_refuses_what_it_cannot_do() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Listed:
        a: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(slots=True)
    class Loose:
        a: int

    for cls in (Listed, Loose):
        with pytest.raises(TypeError):
            quick_init(cls)
