"""整改措施 a person can act on: a deduction's scoring rule is no measure."""

from __future__ import annotations

from pathlib import Path

import pytest

from safecli.read.catalog import Catalog
from safecli.read.records import load_record
from safecli.score.conclusion import item_measure

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "standards"


@pytest.mark.parametrize(
    ("item_id", "measure"),
    [
        # the 整改清单 said 补齐：设置或配备不符合规定的，每处扣1分 (the 评分方法, not a measure)
        ("s2.1.1", "纠正设置或配备不符合规定"),
        ("s5.2.1", "补足检查"),  # 每少一次检查扣2分
        ("s6.1.1", "纠正防护装置缺失"),  # 每发现一处防护装置缺失扣4分
    ],
)
def test_a_rule_sentence_becomes_what_to_do(item_id: str, measure: str) -> None:
    catalog = Catalog([EXAMPLES])
    record = load_record(EXAMPLES / "records" / "wangchuan.yaml", catalog)
    standard = catalog.get("wangchuan@2024")
    assert item_measure(standard, record, item_id, "zh") == measure
