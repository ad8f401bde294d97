"""`safecli summary`: the portfolio of a records repository, checked against hand counts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import pickle
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from ci_repo import ROOT, UNITS, build_repo
from typer.testing import CliRunner

from safecli.cli.app import app
from safecli.model.errors import InvalidFile
from safecli.portfolio.config import find_config
from safecli.portfolio.digest import digest
from safecli.portfolio.gate import scan
from safecli.portfolio.pool import load_assessments, standard_of
from safecli.portfolio.summary import COLUMNS, TABLES, Rollup, summarize, summary
from safecli.read.catalog import default_catalog
from safecli.read.records import read_record
from safecli.render.portfolio import render_html, render_md, render_xlsx
from safecli.score.scoring import assess

runner = CliRunner()
GOLDEN = ROOT / "tests" / "golden"
A, B, C, D = (UNITS[k][1] for k in "abcd")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = build_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    return root


def test_strict_refuses_an_invalid_record(repo: Path) -> None:
    with pytest.raises(InvalidFile) as caught:
        summary([], find_config(), strict=True)
    assert {p.path for p in caught.value.problems} == {"records/e-invalid.yaml"}
    result = runner.invoke(app, ["summary", "--format", "csv", "--strict"])
    assert result.exit_code == 2
    assert "records/e-invalid.yaml:6:3: error: unknown item 'a.9'" in result.stderr
    assert result.stdout == ""


FIRST_PROBLEM = (
    "records/e-invalid.yaml:6:3: error: mini@1 中没有条款 'a.9'（是否应为 a.4, a.3, a.2？）"
)
"""The first problem as a Chinese summary lists it (the problem's code worded in zh)."""
FIRST_PROBLEM_EN = (
    "records/e-invalid.yaml:6:3: error: unknown item 'a.9' in mini@1 (did you mean a.4, a.3, a.2?)"
)


def test_an_invalid_record_is_listed_in_every_format(repo: Path, tmp_path: Path) -> None:
    p = summary([], find_config())
    assert [(b.path, b.problem) for b in p.invalid] == [("records/e-invalid.yaml", FIRST_PROBLEM)]
    written = {}
    for fmt in ("table", "csv", "xlsx", "md", "html"):
        out = tmp_path / f"summary.{fmt}"
        result = runner.invoke(app, ["summary", "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, (fmt, result.output)
        assert "records/e-invalid.yaml: warning: invalid record left out" in result.stderr
        written[fmt] = out
    for fmt in ("table", "md", "html"):
        text = written[fmt].read_text(encoding="utf-8")
        assert "汇总有效记录 5 份；无效记录 1 份，未计入汇总" in text, fmt
        assert "records/e-invalid.yaml" in text and "中没有条款" in text and "a.9" in text, fmt
    frame = pd.read_csv(written["csv"], dtype={"unit": str})
    bad = frame[frame["grade"] == "invalid"]
    assert bad["path"].tolist() == ["records/e-invalid.yaml"]
    assert bad["flag"].tolist() == [FIRST_PROBLEM]
    book = openpyxl.load_workbook(written["xlsx"])
    rows = list(book["无效记录"].iter_rows(values_only=True))
    assert rows == [("文件", "问题"), ("records/e-invalid.yaml", FIRST_PROBLEM)]
    english = summary([], find_config().model_copy(update={"lang": "en"}))
    assert [b.problem for b in english.invalid] == [FIRST_PROBLEM_EN]


def test_units_latest_record_per_standard(repo: Path) -> None:
    p = summary([], find_config())
    assert [b.path for b in p.invalid] == ["records/e-invalid.yaml"]
    units = [
        (
            r["unit"],
            r["subject"],
            r["date"],
            r["total"],
            r["grade"],
            r["veto"],
            r["open_findings"],
            r["overdue_findings"],
        )
        for r in p.rows["units"]
    ]
    assert units == [
        (A, "甲厂", "2025-05-10", 100.0, "top", "", 0, 0),  # the 2024 record is history
        (B, "乙厂", "2025-05-10", 100.0, "mid", "fatal", 0, 0),
        (C, "丙厂", "2025-05-10", 50.0, "low", "", 0, 0),
        (D, "丁厂", "2025-05-10", 100.0, "mid", "overdue-major", 2, 1),
    ]
    every = summary([], find_config(), all_history=True)
    assert [(r["unit"], r["date"]) for r in every.rows["units"]][:2] == [
        (A, "2024-05-10"),
        (A, "2025-05-10"),
    ]
    assert len(every.rows["units"]) == 5


def test_grade_distribution_overdue_weakest_and_trend(repo: Path) -> None:
    p = summary([], find_config())
    assert [(r["grade"], r["units"], r["share"]) for r in p.rows["grades"]] == [
        ("top", 1, 25.0),
        ("mid", 2, 50.0),
        ("low", 1, 25.0),
    ]
    (hazard,) = p.rows["overdue"]
    assert (hazard["unit"], hazard["finding"], hazard["due"], hazard["days_overdue"]) == (
        D,
        "F1",
        "2025-04-01",
        39,  # 2025-04-01 → 2025-05-10
    )
    # a.2, a.4 and b.1: met by three units, unanswered (0) by 丙厂 → 75 %; the rest 100 %
    assert [
        (r["item"], r["mean_rate"], r["applicable"], r["not_met"]) for r in p.rows["weakest_items"]
    ] == [
        ("a.2", 75.0, 4, 1),
        ("a.4", 75.0, 4, 1),
        ("b.1", 75.0, 4, 1),
        ("a.1", 100.0, 4, 0),
        ("a.3", 100.0, 4, 0),
        ("b.2", 100.0, 4, 0),
    ]
    assert [(r["unit"], r["date"], r["total"], r["change"]) for r in p.rows["trend"]] == [
        (A, "2024-05-10", 90.0, None),
        (A, "2025-05-10", 100.0, 10.0),
        (B, "2025-05-10", 100.0, None),
        (C, "2025-05-10", 50.0, None),
        (D, "2025-05-10", 100.0, None),
    ]
    assert p.rows["tiers"] == []  # no safety-integrity-enterprise records here


def test_as_of_moves_the_overdue_list(repo: Path) -> None:
    import datetime as dt

    p = summary([], find_config(), as_of=dt.date(2025, 7, 1))
    assert [(r["finding"], r["days_overdue"]) for r in p.rows["overdue"]] == [("F1", 91)]
    assert p.rows["units"][3]["overdue_findings"] == 2  # F2 (general) is overdue too now


def test_tiers_come_from_the_standard() -> None:
    catalog = default_catalog()
    paths = sorted((ROOT / "examples" / "records").glob("safety-integrity-enterprise*.yaml"))
    assessments = [assess(r.standard, r.record) for r in (read_record(p, catalog) for p in paths)]
    p = summarize(assessments, standards=catalog.get)
    std = catalog.get("safety-integrity-enterprise")
    order = [g.id for g in std.grades]
    tiers = p.rows["tiers"]
    assert len(tiers) == 2
    assert [r["tier"] for r in tiers] == sorted((a.grade.id for a in assessments), key=order.index)
    for row in tiers:
        assert row["tier_label"] == std.grade(row["tier"]).label.zh
    blacklisted = next(r for r in tiers if r["tier"] == "problem")
    assert blacklisted["flag"] == "信用污点企业（黑名单）"  # named once though two rules fired
    assert [r["grade"] for r in p.rows["grades"]] == order  # every grade, zeros included


def test_csv_reads_back_with_pandas(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "units.csv"
    result = runner.invoke(app, ["summary", "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, dtype={"unit": str})
    frame = frame[frame["grade"] != "invalid"]
    assert list(frame.columns) == [*COLUMNS["units"], "as_of"]
    assert frame["as_of"].tolist() == frame["date"].tolist()  # each record judged on its date
    assert frame["total"].tolist() == [100.0, 100.0, 50.0, 100.0]
    assert frame["subject"].tolist() == ["甲厂", "乙厂", "丙厂", "丁厂"]
    assert frame["overdue_findings"].sum() == 1


def test_xlsx_has_native_charts_over_their_figures(repo: Path, tmp_path: Path) -> None:
    """The page's four charts as Excel bar charts, each over a block of its figures: four
    units graded 优秀 1, 合格 2, 不合格 1, so three of four (75%) pass."""
    out = tmp_path / "summary.xlsx"
    assert runner.invoke(app, ["summary", "--format", "xlsx", "-o", str(out)]).exit_code == 0
    sheet = openpyxl.load_workbook(out)["图表"]
    blocks: list[list[tuple]] = []
    for row in sheet.iter_rows(values_only=True):
        if row[0] is None:
            continue
        if row[1] is not None and isinstance(row[1], str):
            blocks.append([])
        blocks[-1].append(row)
    assert [b[0] for b in blocks] == [
        ("各标准等级分布（单位数）", "单位"),
        ("分地区达标率（%）", "达标率"),
        ("分行业达标率（%）", "达标率"),
        ("失分最多的条款：平均得分率（%）", "平均得分率(%)"),
    ]
    # standards by their titles, never their ids (as the page and the tables show them)
    assert blocks[0][1:] == [("测试标准 优秀", 1), ("测试标准 合格", 2), ("测试标准 不合格", 1)]
    assert blocks[1][1:] == [("未填写", 75)] and blocks[2][1:] == [("一般制造业", 75)]
    assert blocks[3][1:3] == [("2 条款二", 75), ("4 条款四", 75)]  # items by number on paper
    with zipfile.ZipFile(out) as archive:
        parts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        assert len(parts) == 4
        first = archive.read(parts[0]).decode()
    assert "<barChart>" in first and '<barDir val="bar"/>' in first  # horizontal bars
    assert "'图表'!$B$2:$B$4" in first and "'图表'!$A$2:$A$4" in first


def test_xlsx_has_a_sheet_per_table_and_is_deterministic(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.xlsx"
    args = ["summary", "--format", "xlsx", "-o", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "各单位",
        "等级分布",
        "分级名单",
        "逾期重大隐患",
        "失分条款",
        "总分趋势",
        "无效记录",
        "图表",
    ]
    units = book["各单位"]
    assert [c.value for c in units[1]][:5] == ["单位编码", "单位名称", "标准", "检查日期", "总分"]
    assert [units.cell(row=i, column=5).value for i in range(2, 6)] == [100, 100, 50, 100]
    assert units.cell(row=2, column=5).number_format == "0.0"
    assert units.cell(row=2, column=4).value.date() == dt.date(2025, 5, 10)
    assert units.cell(row=2, column=4).number_format == "yyyy-mm-dd"
    assert units.freeze_panes == "C2" and book["等级分布"].freeze_panes == "A2"
    assert units.cell(row=1, column=1).font.bold
    assert units.column_dimensions["B"].width >= 8
    assert book["逾期重大隐患"].cell(row=2, column=4).value == "F1"
    assert book["失分条款"].max_row == 7
    english = tmp_path / "summary-en.xlsx"
    args_en = ["summary", "--lang", "en", "--format", "xlsx", "-o", str(english)]
    assert runner.invoke(app, args_en).exit_code == 0
    assert openpyxl.load_workbook(english).sheetnames == [*TABLES, "invalid", "charts"]
    assert book.properties.creator == "safecli"
    assert book.properties.modified.date().isoformat() == "2025-05-10"
    first = out.read_bytes()
    assert runner.invoke(app, args).exit_code == 0
    assert out.read_bytes() == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert runner.invoke(app, ["summary", "--format", "xlsx"]).exit_code == 2  # needs -o


def test_markdown_and_html_match_golden_files(repo: Path, update_goldens: bool) -> None:
    p = summary([], find_config())
    for name, text in (("summary.md", render_md(p)), ("summary.html", render_html(p))):
        golden = GOLDEN / name
        if update_goldens:
            golden.parent.mkdir(exist_ok=True)
            golden.write_text(text, encoding="utf-8")
        assert text == golden.read_text(encoding="utf-8"), f"{name} changed"
    assert render_xlsx(p) == render_xlsx(p)


def test_html_is_self_contained(repo: Path) -> None:
    page = render_html(summary([], find_config()))
    assert page.count("<svg") == 4  # grades, regions, industries, weakest items
    lowered = page.lower()
    for banned in ("<script", "src=", "href=", "@import", "url("):
        assert banned not in lowered
    assert lowered.count("http") == lowered.count('xmlns="http://www.w3.org/2000/svg"')


def test_table_and_english(repo: Path) -> None:
    result = runner.invoke(app, ["summary", "--lang", "en"])
    assert result.exit_code == 0
    assert "Grade distribution" in result.stdout
    assert "Items the portfolio fails most" in result.stdout
    assert "| 91440300192203804D | 丁厂 " in result.stdout.replace("│", "|")
    assert "records/e-invalid.yaml: warning: invalid record left out" in result.stderr


def test_the_stream_of_digests_gives_the_portfolio_of_the_assessments(repo: Path) -> None:
    config = find_config()
    good, _ = load_assessments([], config, skip_invalid=True)
    assessments = [r.assessment for r in good]
    paths = [r.path for r in good]
    lookup = lambda ref: standard_of(config, ref)  # noqa: E731
    expected = summarize(assessments, standards=lookup, paths=paths)
    # the pool's workers send back digests, never Assessments
    results = list(scan([], config, parallel=True))
    assert [r.path for r in results if r.digest is None] == ["records/e-invalid.yaml"]
    assert all(r.assessment is None for r in results)
    rollup = Rollup(config.lang)
    for r in results:
        if r.digest is not None:
            rollup.add(r.digest)
    assert rollup.portfolio(lookup).rows == expected.rows


def test_a_digest_is_a_fraction_of_its_assessment() -> None:
    catalog = default_catalog()
    paths = sorted((ROOT / "examples" / "records").glob("*.yaml"))
    assessments = [assess(r.standard, r.record) for r in (read_record(p, catalog) for p in paths)]
    digests = [digest(a, p.name) for a, p in zip(assessments, paths, strict=True)]
    # what a worker sends back per batch of records: a sixth of the Assessments or less
    assert len(pickle.dumps(digests)) * 6 < len(pickle.dumps(assessments))
    assert summarize(assessments, standards=catalog.get, paths=[p.name for p in paths]).rows == (
        _folded(digests, catalog.get)
    )


def _folded(digests: list, lookup: object) -> dict:
    rollup = Rollup("zh")
    for d in digests:
        rollup.add(d)
    return rollup.portfolio(lookup).rows  # type: ignore[arg-type]


def test_the_latest_record_wins_whatever_order_the_records_come_in(repo: Path) -> None:
    config = find_config()
    good, _ = load_assessments([], config, skip_invalid=True)
    lookup = lambda ref: standard_of(config, ref)  # noqa: E731
    forward = summarize([r.assessment for r in good], standards=lookup)
    backward = summarize([r.assessment for r in reversed(good)], standards=lookup)
    # 甲厂's 2024 record (partial a.2) arrives after its 2025 one and must not count
    assert backward.rows == forward.rows
    assert [(r["item"], r["applicable"]) for r in backward.rows["weakest_items"]][:2] == [
        ("a.2", 4),
        ("a.4", 4),
    ]
    # of two records of one date, the one given later is the unit's current one
    a2025 = next(r.assessment for r in good if r.path == "records/a-valid.yaml")
    again = dataclasses.replace(a2025, total=55.0)
    later = summarize([a2025, again], standards=lookup)
    earlier = summarize([again, a2025], standards=lookup)
    assert [r["total"] for r in later.rows["units"]] == [55.0]
    assert [r["total"] for r in earlier.rows["units"]] == [100.0]
    assert [r["change"] for r in later.rows["trend"]] == [None, -45.0]
    assert [r["applicable"] for r in later.rows["weakest_items"]] == [1] * 6


def test_html_opens_with_the_figures_and_lists_units_worst_first(repo: Path) -> None:
    import re

    page = render_html(summary([], find_config()))
    assert "@page { size: A4 landscape;" in page
    figures = re.findall(
        r'<span class="kpi[^"]*"><span class="l">([^<]*)</span>'
        r'<span class="sep">：</span><span class="v">([^<]*)</span></span>',
        page,
    )
    assert figures == [
        ("单位", "4"),
        ("自查记录", "5"),
        ("达标率", "75.0%"),
        ("否决", "2"),
        ("列入黑名单", "0"),
        ("逾期重大隐患", "1"),
        ("隐患整改（已整改/未整改）", "1 / 2"),
    ]
    units = page[page.index("<h2>五、") :]
    names = re.findall(r'<td class="name">([^<]*)</td>', units)
    assert names == ["丁厂", "乙厂", "丙厂", "甲厂"]  # overdue+veto, veto, below the line, pass
    assert page.index("<h2>一、") < page.index("<h2>二、") < page.index("<h2>五、")
    assert page.count('<figure class="chart">') == 4  # the charts, pictures in Word
    assert '<div class="signature"><p>2025-05-10</p></div>' in page
