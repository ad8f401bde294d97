"""`csv_row` cleans a row in one scan: the same cells as cleaning each cell alone."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from safecli.model.neutralise import table_cell
from safecli.render.tables import csv_row

CELL_TEXT = st.text(
    alphabet=st.sampled_from(
        list("ab 隐患=+-@\t\r\n\x00\x1b[31m\x07\x7f\x85\x9b\u202e\u2066\ufffe\uffff\ud800")
    ),
    max_size=10,
)
CELLS = st.one_of(CELL_TEXT, st.none(), st.integers(-5, 5), st.floats(allow_nan=False))


def _each_alone(values: list[Any]) -> list[Any]:
    return ["" if v is None else table_cell(v) if isinstance(v, str) else v for v in values]


@settings(max_examples=500, deadline=None)
@given(st.lists(CELLS, max_size=8))
def test_a_row_is_cleaned_as_each_cell_alone(values: list[Any]) -> None:
    assert csv_row(values) == _each_alone(values)


def test_a_formula_and_a_control_character_in_one_row() -> None:
    assert csv_row(["=1+1", "a\x1b[31mb", None, 3]) == ["'=1+1", "ab", "", 3]
    assert csv_row(["-2", "安全", 1.5]) == ["'-2", "安全", 1.5]
