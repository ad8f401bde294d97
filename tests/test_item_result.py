"""`ItemResult`'s own `__init__` (slots set directly, for speed) builds what the dataclass
would: every field in order, defaults, keywords, still frozen, compared and hashed by value."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safecli.model.standard import ItemKind
from safecli.score.results import ItemResult


@given(
    st.text(max_size=5),
    st.sampled_from(["met", "unmet", "na"]),
    st.floats(allow_nan=False, width=32),
    st.booleans(),
    st.none() | st.floats(allow_nan=False, width=32),
)
def test_item_result_fields_as_given(
    ident: str, status: str, earned: float, veto: bool, value: float | None
) -> None:
    why = ("why",)
    made = ItemResult(ident, "s", ItemKind.check, status, earned, 2.0, True, why, veto, value)
    named = ItemResult(
        id=ident, section="s", kind=ItemKind.check, status=status, earned=earned, points=2.0,
        applicable=True, why=why, veto=veto, value=value,
    )  # fmt: skip
    expected = (ident, "s", ItemKind.check, status, earned, 2.0, True, why, veto, value, 0.0, None)
    assert dataclasses.astuple(made) == expected
    assert [f.name for f in dataclasses.fields(ItemResult)][:8] == [
        "id", "section", "kind", "status", "earned", "points", "applicable", "why",
    ]  # fmt: skip
    assert made == named and hash(made) == hash(named)
    assert dataclasses.replace(made, status="na").status == "na"
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.status = "met"  # type: ignore[misc]
