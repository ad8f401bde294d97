"""Item numbers on paper: the forms real standards print (五、13; 1.1; 5.1.2)."""

from __future__ import annotations

import pytest

from safecli.model.numbering import format_ref


@pytest.mark.parametrize(
    ("ref", "printed"),
    [
        ("五.13", "五、13"),
        ("二.(二).6", "二（二）6"),
        # 安全生产标准化 评定标准 number their 条款 1.1, 5.1.2: the points are the number
        ("1.1", "1.1"),
        ("5.1.2", "5.1.2"),
        ("12", "12"),
    ],
)
def test_format_ref(ref: str, printed: str) -> None:
    assert format_ref(ref) == printed
