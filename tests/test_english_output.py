"""English documents name clauses in words an English reader can say, and print no Chinese of
ours: only the unit's own words (and the standard's evidence lists) stay as written.

`numbering.clause_label` is the one place a clause's number is worded per language; the
report, plan, ledger, summary, notice, `score` and `check` use it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from safecli.api import plan_file, report_file
from safecli.cli.app import app
from safecli.model.numbering import CN_DIGITS, clause_label, document_numbers, paper_numbers
from safecli.read.catalog import default_catalog
from safecli.read.standards import load_standard

HERE = Path(__file__).parent
ROOT = HERE.parent
EXAMPLES = sorted((ROOT / "examples" / "records").glob("*.yaml"))
TWO_PRESENT = HERE / "fixtures" / "major-hazards" / "two-present.yaml"
STANDARDS = sorted((ROOT / "standards").glob("*.yaml"))

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
"""Chinese characters and the full-width and ideographic punctuation (（）：。、　)."""

runner = CliRunner()


# ---------------------------------------------------------------- the label


@pytest.mark.parametrize(
    ("number", "english"),
    [
        ("标准 五、23", "Std. V.23"),
        ("五、19之四", "V.19(4)"),
        ("标准 五、19之四", "Std. V.19(4)"),
        ("第十一条（三）", "Art. 11(3)"),
        ("标准 第十一条（三）", "Art. 11(3)"),  # a pack's article is the pack's already
        ("标准 二（二）6之二", "Std. II(2).6(2)"),
        ("一（一）1", "I(1).1"),
        ("附件2 三、4", "Annex 2 III.4"),
        ("标准 第二篇 三（二）12之二", "Std. Part 2 III(2).12(2)"),
        ("标准 第三篇 三（二）（三）", "Std. Part 3 III(2)(3)"),
        ("标准 七", "Std. VII"),
        ("二十三、4", "XXIII.4"),
        ("标准 总体目标", "Std. Overall goals"),
        ("附件1 聘用程序", "Annex 1 Hiring procedure"),
    ],
)
def test_a_clause_as_an_english_reader_says_it(number: str, english: str) -> None:
    assert clause_label(number, "en") == english
    assert clause_label(number, "zh") == number  # Chinese as printed
    assert clause_label(english, "en") == english  # an English label stays as it is


ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _from_roman(text: str) -> int:
    values = [ROMAN[c] for c in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _cn(n: int) -> str:
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens] + "十")
    return head + (CN_DIGITS[ones] if ones else "")


@given(st.integers(1, 39), st.integers(1, 99), st.integers(1, 19))
def test_a_part_item_and_split_read_back_from_the_english(part: int, item: int, split: int):
    """五、19之四 and its kin: the Roman part, the item and the split read back as numbers."""
    number = f"{_cn(part)}、{item}" + (f"之{_cn(split)}" if split > 1 else "")
    english = clause_label(number, "en")
    found = re.fullmatch(r"([IVXL]+)\.(\d+)(?:\((\d+)\))?", english)
    assert found, english
    assert _from_roman(found[1]) == part and int(found[2]) == item
    assert int(found[3] or 1) == split


@pytest.mark.parametrize("path", STANDARDS, ids=lambda p: p.stem)
def test_every_shipped_clause_has_one_english_number_of_its_own(path: Path) -> None:
    standard = load_standard(path)
    for numbers in (paper_numbers(standard, "en"), document_numbers(standard, "en")):
        assert len(set(numbers.values())) == len(numbers)
        assert not [n for n in numbers.values() if CJK.search(n)]


@pytest.mark.parametrize("path", STANDARDS, ids=lambda p: p.stem)
def test_every_shipped_evidence_name_has_an_english_name(path: Path) -> None:
    """A plan's 佐证材料 column in English: every item's evidence is named in `plan.evidence`,
    and every name there is some item's."""
    standard = load_standard(path)
    listed = {name for item in standard.items() for name in item.evidence}
    named = standard.plan.evidence if standard.plan is not None else {}
    assert listed - named.keys() == set()
    assert named.keys() - listed == set()
    assert not [e for e in named.values() if CJK.search(e)]


# ---------------------------------------------------------------- no Chinese of ours

USER_FIELDS = (
    "name",  # the unit (subject.name)
    "region",
    "period",
    "by",  # inspection.by, reviewed_by, approved_by
    "reviewed_by",
    "approved_by",
    "text",  # a finding's or an incident's words
    "finding",  # what a response found
    "measure",
    "owner",
    "evidence",  # the record's evidence files
)
"""The record's fields whose words an English document prints as the unit wrote them."""


def _user_words(record: Path) -> set[str]:
    """The words of the unit an English document may print: the record's `USER_FIELDS` and the
    area a district's plan is named after (`plan.government.area_of`)."""
    from safecli.plan.government import area_of

    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    words: set[str] = set()

    def walk(node: Any, key: str | None) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, str(k))
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in USER_FIELDS:
            words.add(node)

    walk(data, None)
    subject = data["subject"]
    if subject.get("kind") == "district":
        words.add(area_of(subject["name"], None).name)
    return words


STYLE = re.compile(r"<style>.*?</style>", re.S)
"""The page's CSS (one stylesheet for both languages, its comments never shown)."""


def _ours(text: str, words: set[str]) -> list[str]:
    """The Chinese left in `text` once the unit's words (and an HTML page's CSS) are taken out,
    with some context."""
    text = html.unescape(STYLE.sub("", text))
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(word, "")
    return [
        text[max(0, m.start() - 25) : m.end() + 25].replace("\n", " ") for m in CJK.finditer(text)
    ]


RECORDS = [*EXAMPLES, TWO_PRESENT]


def _filled_owners(record: Path) -> set[str]:
    """The owners scoring gives the findings a record leaves without one: their items' (in
    Chinese; the ledger works from scored findings and cannot tell them from written ones)."""
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    standard = default_catalog().get(data["standard"])
    items = standard.item_map()
    return {
        items[f["item"]].owner.zh
        for f in data.get("findings") or []
        if not f.get("owner") and f.get("item") in items and items[f["item"]].owner
    }


@pytest.mark.parametrize("record", RECORDS, ids=lambda p: p.stem)
def test_english_report_and_plan_hold_no_chinese_of_ours(record: Path) -> None:
    words = _user_words(record)
    for fmt in ("md", "html"):
        report = report_file(record, fmt, "en")
        assert isinstance(report, str)
        assert not _ours(report, words), (fmt, _ours(report, words))
        plan = plan_file(record, None, None, dt.date(2026, 1, 1), fmt, "en")
        assert isinstance(plan, str)
        assert not _ours(plan, words), (fmt, _ours(plan, words))


def test_english_ledger_holds_no_chinese_of_ours(tmp_path: Path) -> None:
    out = tmp_path / "ledger.md"
    args = ["findings", *map(str, RECORDS), "--as-of", "2025-12-01", "--lang", "en"]
    result = runner.invoke(app, [*args, "--format", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    words = set().union(*(_user_words(r) | _filled_owners(r) for r in RECORDS))
    assert not _ours(text, words), _ours(text, words)
    assert "| Art. 7(2) |" in text and "| V.19(4) |" in text and "| II(2).9 |" in text


def test_english_report_names_clauses_in_english() -> None:
    record = ROOT / "examples" / "records" / "safe-enterprise.yaml"
    text = report_file(record, "md", "en")
    assert isinstance(text, str)
    assert "The gaps worth most: Std. V.23 (+3); Std. V.4 (+2); Std. V.19(4) (+2)." in text
    assert "| Std. V.19(4) | Technical prevention (alarms, video surveillance)" in text
    assert "| F2 (Std. V.3): 易制毒化学品出入库登记不完整 |" in text  # the unit's words as written
    assert "2025-06-09 (default)" in text
    assert "3. Std. IV.7: fix: 车间东侧绿化带未整理 (by 2025-06-09)" in text
    zh = report_file(record, "md", "zh")
    assert isinstance(zh, str)
    assert "| 标准 五、19之四 |" in zh and "Std." not in zh


def test_english_plan_lists_its_rectifications_in_english() -> None:
    record = ROOT / "examples" / "records" / "safe-enterprise.yaml"
    text = plan_file(record, None, None, dt.date(2026, 1, 1), "md", "en")
    assert isinstance(text, str)
    annex = text.split("## Annex 1")[1].split("## Annex 2")[0]
    assert "| Std. V.19(4): Technical prevention (alarms, video surveillance) covers" in annex
    assert "| Security department |" in annex
    assert "### 6.1 Mobilisation phase (2026-01-01 to 2026-01-31)" in text
    assert "| Std. IV.1 (Veto) |" in text


def test_english_score_and_check_name_clauses_in_english(tmp_path: Path) -> None:
    result = runner.invoke(app, ["score", str(TWO_PRESENT), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Art. 7(2)" in result.output and "第七条" not in result.output
    record = ROOT / "examples" / "records" / "safe-enterprise.yaml"
    result = runner.invoke(app, ["score", str(record), "--lang", "en", "--format", "md"])
    assert "| V.19(4) | unmet | 0/2 |" in result.output
    general = HERE / "fixtures" / "major-hazards" / "general-citing.yaml"
    result = runner.invoke(app, ["check", str(general), "--as-of", "2024-03-02", "--lang", "en"])
    assert result.exit_code == 1
    assert "veto item:standards.1 (veto item IV.1): " in result.output
    assert "(major-hazards-industry-trade@2023 Art. 11(3): Dry dust collection" in result.output


def test_a_record_may_name_items_by_their_english_numbers(tmp_path: Path) -> None:
    from safecli.api import score_file

    record = ROOT / "examples" / "records" / "safe-enterprise.yaml"
    text = record.read_text(encoding="utf-8")
    renamed = text.replace("  content.23: {status", "  Std. V.23: {status").replace(
        "  content.14: {status", "  V.14: {status"
    )
    assert renamed != text
    path = tmp_path / "renamed.yaml"
    path.write_text(renamed, encoding="utf-8")
    before, after = score_file(record), score_file(path)
    assert after.total == before.total and after.grade.id == before.grade.id


def test_a_table_column_keeps_an_english_clause_label_on_one_line() -> None:
    """The ledger's item column held Annex 2 III.4 in 14.7 mm (one word a line): a label's
    annex or part is measured with its number."""
    from safecli.render.table_layout import token_width, units

    assert token_width("Annex 2 III.4") == units("Annex 2 III.")  # it may break at a dot
    assert token_width("Std. Part 2 III(2).12") == units("Part 2 III(2).12")
    assert token_width("Part of the 2 plans") == units("plans")  # words, not a label
