"""`safecli summary` says 无法计分 for a record where no item applies, as `report` and `score`
do (issue 20's leftover): in every format, in both languages, and the record's 0.0 counts in no
mean total and no trend change.

Two units of a three-item standard (10 points each): 甲公司 answers everything 不适用 (cannot be
scored); 乙公司 meets a.1 and a.2 and fails a.3: 20 of 30 = 66.7, 好 (60 and over).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from safecli.cli.app import app

runner = CliRunner()

STANDARD = {
    "id": "tiny",
    "version": "1",
    "subject": "enterprise",
    "title": {"zh": "小标准", "en": "Tiny standard"},
    "source": "seed.txt",
    "scoring_note": "每项10分。",
    "grades": [
        {"id": "good", "min": 60, "label": {"zh": "好", "en": "Good"}},
        {"id": "poor", "min": 0, "label": {"zh": "差", "en": "Poor"}},
    ],
    "sections": [
        {
            "id": "a",
            "title": "甲",
            "items": [
                {"id": f"a.{n}", "text": f"条款{n}", "points": 10, "source": f"s#{n}"}
                for n in (1, 2, 3)
            ],
        }
    ],
}
WORDS = {"zh": "无法计分（全部条款不适用）", "en": "cannot be scored (no item applies)"}


def _record(code: str, name: str, responses: dict, day: str) -> dict:
    return {
        "standard": "tiny@1",
        "subject": {"kind": "enterprise", "id": code, "name": name, "region": "甲区"},
        "inspection": {"date": day},
        "responses": responses,
    }


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "standards").mkdir()
    (tmp_path / "standards" / "tiny.yaml").write_text(
        yaml.safe_dump(STANDARD, allow_unicode=True), encoding="utf-8"
    )
    (tmp_path / "safecli.yaml").write_text("standards_dirs: [standards]\n", encoding="utf-8")
    records = tmp_path / "records"
    records.mkdir()
    na = {f"a.{n}": {"status": "na", "na_reason": "停产"} for n in (1, 2, 3)}
    docs = {
        # 甲公司 scored 100.0 a year earlier, then nothing applies: no change either way
        "a-2024.yaml": _record(
            "914403001922038216", "甲公司", {"a.1": "met", "a.2": "met", "a.3": "met"}, "2024-06-30"
        ),
        "a-2025.yaml": _record("914403001922038216", "甲公司", na, "2025-06-30"),
        "b-2025.yaml": _record(
            "91110108600040399G",
            "乙公司",
            {"a.1": "met", "a.2": "met", "a.3": "unmet"},
            "2025-06-30",
        ),
    }
    for name, doc in docs.items():
        (records / name).write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return tmp_path


def _summary(repo: Path, fmt: str, lang: str, *extra: str, out: Path | None = None) -> str:
    args = ["summary", str(repo / "records"), "--format", fmt, "--lang", lang, *extra]
    if out is not None:
        args += ["-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_says_a_record_without_applicable_items_cannot_be_scored(repo, lang) -> None:
    words = WORDS[lang]
    record = str(repo / "records" / "a-2025.yaml")
    flags = ["--standards-dir", str(repo / "standards"), "--lang", lang]
    score = runner.invoke(app, ["score", record, *flags])
    assert score.exit_code == 0, score.output
    assert words in score.stdout  # the same words as `score`

    rows = list(csv.DictReader(io.StringIO(_summary(repo, "csv", lang).lstrip("\ufeff"))))
    assert {r["subject"]: r["total"] for r in rows} == {"甲公司": words, "乙公司": "66.7"}

    table = _summary(repo, "table", lang)
    units = table.split("┩", 1)[1].split("└", 1)[0]  # the units table's body (cells may wrap)
    totals = [[c.strip() for c in line.split("│")][5] for line in units.strip().splitlines()]
    assert "".join(totals).replace(" ", "") == "66.7" + words.replace(" ", "")

    md = _summary(repo, "md", lang)
    line = next(x for x in md.splitlines() if x.startswith("| 914403001922038216"))
    assert f"| {words} |" in line and "| 0.0 |" not in line

    html = _summary(repo, "html", lang)
    row = html[html.index("甲公司</td>") :].split("</tr>", 1)[0]  # 甲公司's row, worst first
    assert f">{words}<" in row and ">0.0<" not in row
    # the region's mean total is 乙公司's alone: 66.7, not (0.0 + 66.7) / 2 = 33.4 (33.3)
    assert ">66.7<" in html and ">33.4<" not in html and ">33.3<" not in html

    xlsx = repo / "s.xlsx"
    _summary(repo, "xlsx", lang, out=xlsx)
    book = openpyxl.load_workbook(xlsx)
    sheet = book.worksheets[0]
    head = [c.value for c in sheet[1]]
    totals = {r[head.index(head[1])]: r[4] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert totals == {"甲公司": words, "乙公司": 66.7}


def test_the_trend_shows_no_change_to_or_from_a_record_that_cannot_be_scored(repo) -> None:
    """100.0 in 2024, no score in 2025, 90.0 in 2026: no change is computed across the gap
    (neither -100.0 nor +90.0)."""
    later = _record(
        "914403001922038216", "甲公司", {"a.1": "met", "a.2": "met", "a.3": "met"}, "2026-06-30"
    )
    (repo / "records" / "a-2026.yaml").write_text(yaml.safe_dump(later), encoding="utf-8")
    md = _summary(repo, "md", "en", "--all")
    trend = md.split("## Each unit's total over time", 1)[1]
    lines = [x for x in trend.splitlines() if x.startswith("| 914403001922038216")]
    cells = [[c.strip() for c in x.strip("|").split("|")][4:] for x in lines]
    assert cells == [
        ["100.0", "good", ""],
        [WORDS["en"], "poor", ""],
        ["100.0", "good", ""],
    ]
