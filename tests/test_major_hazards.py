"""重大事故隐患 by the national rule: the 判定 packs, the checklist, clause-citing findings,
五落实 / 验收 / 挂牌督办 in the ledger, and the office form of `findings --stats`."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from safecli.api import findings_ledger
from safecli.cli.app import app
from safecli.portfolio.config import Config, find_config
from safecli.portfolio.stats import office_form
from safecli.read.catalog import default_catalog
from safecli.render.stats import render_stats

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "major-hazards"
LEDGER = FIXTURES / "ledger"
GOLDEN = HERE / "golden" / "stats"
AS_OF = dt.date(2025, 12, 31)
runner = CliRunner()


def pack(version: str):
    return default_catalog().get(f"major-hazards-industry-trade@{version}")


# ---------------------------------------------------------------- the packs


@pytest.mark.parametrize(("version", "total"), [("2023", 64), ("2017", 59)])
def test_pack_counts_per_article_match_the_structure_of_its_source_note(version, total):
    std = pack(version)
    assert std.kind == "determination"
    per_article = Counter(s.article for s in std.sections for _ in s.items)
    assert dict(per_article) == std.structure
    assert sum(std.structure.values()) == len(std.items()) == total
    # the source note states the same counts in words
    assert f"{total}项" in std.source_note.zh
    if version == "2023":  # each article's count, in the note's words (第四条（冶金）8项)
        for article, count in std.structure.items():
            assert re.search(f"{article}(（[^）]*）)?{count}项", std.source_note.zh), article


def test_2023_groups_are_3_management_47_industry_14_special():
    std = pack("2023")
    groups = {"management": 0, "industry": 0, "special": 0}
    for section in std.sections:
        for item in section.items:
            cond = item.applies_if
            if cond is None or (cond.industries is None and section.article == "第三条"):
                groups["management"] += 1
            elif cond.industries:
                groups["industry"] += 1
            else:
                groups["special"] += 1
    assert groups == {"management": 3, "industry": 47, "special": 14}


def test_every_item_cites_its_article_and_clause():
    for version in ("2023", "2017"):
        std = pack(version)
        for section in std.sections:
            for item in section.items:
                assert item.article.startswith(section.article)
                assert item.source.ref == item.article
        assert len({i.article for i in std.items()}) == len(std.items())
    assert pack("2023").item_map()["art4.3"].article == "第四条（三）"
    assert pack("2023").item_map()["art11.10"].article == "第十一条（十）"


def test_standards_show_lists_the_clauses():
    result = runner.invoke(
        app, ["standards", "show", "major-hazards-industry-trade@2023", "--format", "json"]
    )
    assert result.exit_code == 0
    assert "第四条（三）" in result.output and "dust-explosion" in result.output


def test_standards_show_table_gives_clause_and_whom_it_applies_to():
    result = runner.invoke(app, ["standards", "show", "major-hazards-industry-trade@2023"])
    assert result.exit_code == 0
    rows = [line for line in result.output.splitlines() if "第三条（三）" in line]
    assert len(rows) == 1 and "金属冶炼" in rows[0]
    assert "应急管理部令第10号、施行 2023-05-15、共 64 项" in result.output


# ---------------------------------------------------------------- the checklist


def test_checklist_of_a_dust_machinery_enterprise(tmp_path):
    out = tmp_path / "checklist.yaml"
    result = runner.invoke(
        app,
        [
            "init",
            "major-hazards-industry-trade@2023",
            "--subject",
            str(FIXTURES / "profile-dust-machinery.yaml"),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    items = [line.split(":")[0].strip("# ") for line in text.splitlines() if "# art" in line]
    assert items == [
        "art3.1",
        "art3.2",
        *(f"art7.{n}" for n in range(1, 8)),
        *(f"art11.{n}" for n in range(1, 11)),
    ]
    assert "art4." not in text  # no 冶金 item
    assert "art3.3" not in text  # 金属冶炼 only
    assert "features: [dust-explosion]" in text


def test_checklist_of_a_profile_fills_the_unit_it_names(tmp_path):
    """The blank a profile makes is that unit's: its name and region are filled in (YAML and
    the xlsx's 单位信息 sheet), not left for the unit to type again."""
    from openpyxl import load_workbook

    profile = str(FIXTURES / "profile-dust-machinery.yaml")
    result = runner.invoke(app, ["init", "major-hazards-industry-trade@2023", "--subject", profile])
    assert result.exit_code == 0, result.output
    block = result.stdout.split("subject:\n", 1)[1].split("  # features:", 1)[0]
    assert block == (
        "  kind: enterprise\n"
        "  name: 甲机械厂  # 单位名称（必填）\n"
        "  # id:              # 统一社会信用代码（18位）\n"
        "  industry: machinery\n"
        "  features: [dust-explosion]\n"
        "  # employees:       # 从业人员数\n"
        "  region: 广东省深圳市南山区\n"
    )
    out = tmp_path / "checklist.xlsx"
    args = ["init", "major-hazards-industry-trade@2023", "--subject", profile, "-o", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    info = {row[0].value: row[1].value for row in load_workbook(out).worksheets[1].iter_rows()}
    assert (info["单位名称"], info["地区"]) == ("甲机械厂", "广东省深圳市南山区")


def test_a_blank_made_from_a_record_names_its_unit(tmp_path):
    """--subject may be a last record (features unstated): the new blank names the same unit,
    code and head count quoted so they stay text and a number, and it reads back."""
    record = HERE.parent / "examples" / "records" / "safe-enterprise.yaml"
    out = tmp_path / "blank.yaml"
    args = ["init", "safe-enterprise@2013", "--subject", str(record), "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    block = text.split("subject:\n", 1)[1].split("inspection:", 1)[0]
    assert block == (
        "  kind: enterprise\n"
        "  name: 苏州某精细化工有限公司  # 单位名称（必填）\n"
        '  id: "91320583MA1N2X7K4U"\n'
        "  industry: hazardous-chemicals\n"
        "  employees: 320\n"
        "  region: 江苏省苏州市昆山市\n"
    )


def test_a_blank_quotes_a_name_yaml_would_misread(tmp_path):
    profile = tmp_path / "unit.yaml"
    profile.write_text("name: '甲厂 #2: 东区'\nindustries: [machinery]\n", encoding="utf-8")
    out = tmp_path / "blank.yaml"
    args = ["init", "major-hazards-industry-trade@2023", "--subject", str(profile), "-o", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    assert '  name: "甲厂 #2: 东区"  # 单位名称（必填）\n' in out.read_text(encoding="utf-8")


def test_a_profile_and_a_record_may_name_industries_in_chinese(tmp_path):
    """行业 written as the 自查表 and the regulation write them (有色, 纺织), as features may be
    (粉尘涉爆): the same checklist as the ids give, and the record reads them as the ids."""
    profile = tmp_path / "unit.yaml"
    profile.write_text(
        "name: 榆中某铝制品有限公司\nindustries: [有色]\nfeatures: [粉尘涉爆]\n", encoding="utf-8"
    )
    by_id = tmp_path / "by-id.yaml"
    by_id.write_text(
        "name: 榆中某铝制品有限公司\nindustries: [nonferrous]\nfeatures: [dust-explosion]\n",
        encoding="utf-8",
    )
    for src, out in ((profile, "zh.yaml"), (by_id, "id.yaml")):
        result = runner.invoke(
            app,
            [
                "init",
                "major-hazards-industry-trade@2023",
                "--subject",
                str(src),
                "-o",
                str(tmp_path / out),
            ],
        )
        assert result.exit_code == 0, result.output
    text = (tmp_path / "zh.yaml").read_text(encoding="utf-8")
    assert text == (tmp_path / "id.yaml").read_text(encoding="utf-8")
    assert "art5.1:" in text and "industry: nonferrous" in text
    record = tmp_path / "r.yaml"
    record.write_text(
        "standard: safe-enterprise@2013\nsubject: {kind: enterprise, name: 某纺织厂, industry: 纺织,"
        " industries: [有色]}\ninspection: {date: 2026-02-10}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["score", str(record), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"industry": "textile"' in result.stdout


def test_checklist_xlsx_holds_the_same_items(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "checklist.xlsx"
    args = ["init", "major-hazards-industry-trade@2023", "--subject"]
    args += [str(FIXTURES / "profile-dust-machinery.yaml"), "-o", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    cells = {str(c.value) for row in load_workbook(out).active.iter_rows() for c in row}
    # the 编号 column shows each situation's clause, as the paper cites it
    assert {"第七条（一）", "第十一条（十）", "第三条（二）"} <= cells
    assert not any(c.startswith("第四条") for c in cells)


# ---------------------------------------------------------------- check


def test_one_存在_fails_check_naming_the_clause():
    path = FIXTURES / "dust-machinery.yaml"
    result = runner.invoke(app, ["check", str(path), "--as-of", "2024-03-02"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "error:" in line]
    assert len(lines) == 1
    assert lines[0].endswith(
        "dust-machinery.yaml:17:12: error: [major-hazard] 重大事故隐患 art11.3（major-hazards-"
        "industry-trade@2023 第十一条（三）：干式除尘系统未采取泄爆、惰化、抑爆等任何一种爆炸防控措施）未销号"
    )


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_report_of_a_存在_names_its_clause_never_its_id(tmp_path, fmt):
    """A 存在 answer with no finding of its own is a 重大 finding under the item's id: the
    评估报告 and the 隐患台账 read in Chinese name the clause (第十一条（三）), never 'art11.3'."""
    path = FIXTURES / "dust-machinery.yaml"
    out = tmp_path / f"report.{fmt}"
    result = runner.invoke(app, ["report", str(path), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "第十一条（三）" in text
    assert "art11" not in text
    ledger = tmp_path / f"ledger.{fmt}"
    result = runner.invoke(
        app, ["findings", str(path), "--as-of", "2024-03-02", "--format", fmt, "-o", str(ledger)]
    )
    assert result.exit_code == 0, result.output
    assert "art11" not in ledger.read_text(encoding="utf-8")


def test_all_不存在_passes_check(tmp_path):
    data = yaml.safe_load((FIXTURES / "dust-machinery.yaml").read_text(encoding="utf-8"))
    data["responses"]["art11.3"] = "不存在"
    path = tmp_path / "clear.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--as-of", "2024-03-02"])
    assert result.exit_code == 0, result.output


def test_a_clause_citing_finding_written_general_is_reported_and_counted_major():
    path = FIXTURES / "general-citing.yaml"
    result = runner.invoke(app, ["check", str(path), "--as-of", "2024-03-02", "--lang", "en"])
    assert result.exit_code == 1
    assert (
        "general-citing.yaml:6:38: error: [major-hazard] finding F1 cites major-hazards-industry-trade@2023 "
        "Art. 11(3), which makes it major, but the record writes it general (write level: "
        "major)" in result.output
    )
    ledger = findings_ledger([path], Config(), as_of=dt.date(2024, 3, 2))
    assert [e.level for e in ledger.entries] == ["major"]


@pytest.mark.parametrize(
    ("basis", "date", "message"),
    [
        (
            "major-hazards-industry-trade@2023 第四条（九）",
            "2024-03-01",
            "major-hazards-industry-trade@2023 has no clause '第四条（九）' "
            "(see safecli standards show major-hazards-industry-trade@2023)",
        ),
        (
            "major-hazards-industry-trade@2017 二（一）3",
            "2024-03-01",
            "major-hazards-industry-trade@2017 was replaced on 2023-05-15, before the inspection "
            "date 2024-03-01 (cite major-hazards-industry-trade without a version to follow the "
            "date)",
        ),
        ("第四条（三）", "2024-03-01", "basis '第四条（三）' is not 'PACK[@VERSION] CLAUSE'"),
    ],
)
def test_a_bad_basis_is_a_located_problem(tmp_path, basis, date, message):
    path = tmp_path / "r.yaml"
    path.write_text(
        "standard: safe-enterprise@2013\n"
        "subject: {kind: enterprise, name: 甲厂}\n"
        f"inspection: {{date: {date}}}\n"
        "findings:\n"
        f"  - {{id: F1, text: 积水, level: major, basis: '{basis}'}}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:5:45: error: {message}" in result.output


def test_a_record_judged_before_2023_05_15_cites_the_2017_pack(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(
        "standard: safe-enterprise@2013\n"
        "subject: {kind: enterprise, name: 甲厂}\n"
        "inspection: {date: 2023-01-10}\n"
        "findings:\n"
        "  - {id: F1, text: 除尘无泄爆, basis: major-hazards-industry-trade 一（一）3}\n",
        encoding="utf-8",
    )
    ledger = findings_ledger([path], Config(), as_of=dt.date(2023, 2, 1))
    (entry,) = ledger.entries
    assert entry.major.basis == "major-hazards-industry-trade@2017 一（一）3"
    assert entry.level == "major"


# ---------------------------------------------------------------- the ledger and its form


@pytest.fixture(scope="module")
def ledger():
    return findings_ledger([LEDGER], find_config(LEDGER), as_of=AS_OF)


def test_ledger_five_points_acceptance_and_supervision_hand_counted(ledger):
    majors = {(e.subject, e.finding): e for e in ledger.entries if e.level == "major"}
    assert sorted(majors) == [
        ("丙冷库", "F1"),
        ("丙冷库", "F2"),
        ("乙铝业有限公司", "F1"),
        ("甲机械厂", "F1"),
        ("甲机械厂", "F2"),
    ]
    five = {k for k, e in majors.items() if e.major.five_in_place}
    assert five == {("甲机械厂", "F1"), ("乙铝业有限公司", "F1"), ("丙冷库", "F1")}
    assert majors[("甲机械厂", "F2")].major.missing_five == ("funds", "contingency")
    assert majors[("丙冷库", "F2")].major.missing_five == ("funds", "due", "owner", "contingency")
    closed = {k for k, e in majors.items() if e.status == "closed"}
    assert closed == {("甲机械厂", "F1"), ("乙铝业有限公司", "F1")}
    # 甲机械厂 F2 is written 已销号 without 验收: refused, kept open
    refused = majors[("甲机械厂", "F2")]
    assert refused.unaccepted and refused.status == "rectified" and refused.supervised
    assert [e.finding for e in ledger.refusals()] == ["F2"]
    levels = {k: (e.major.supervision, e.major.supervised_on) for k, e in majors.items()}
    assert levels[("甲机械厂", "F1")] == ("city", dt.date(2024, 3, 5))
    assert levels[("甲机械厂", "F2")] == ("provincial", dt.date(2024, 10, 8))
    assert levels[("乙铝业有限公司", "F1")] == ("county", dt.date(2024, 5, 10))
    assert levels[("丙冷库", "F1")] == (None, None)


def test_office_form_all_time_by_region(ledger):
    form = office_form(ledger, "region")
    t = form.total
    assert (t.general_found, t.general_closed, t.general_rate) == (6, 3, 50.0)
    assert (t.major_found, t.major_closed, t.major_rate) == (5, 2, 40.0)
    assert (t.major_planned, t.major_five) == (2, 3)
    assert (t.major_supervised, t.major_supervised_province) == (3, 1)
    assert t.funds_yuan == Decimal(470000)
    assert [(r.name, r.general_found, r.major_found) for r in form.rows] == [
        ("广东省佛山市", 3, 1),
        ("广东省深圳市南山区", 3, 4),
    ]


def test_office_form_per_year(ledger):
    y2024 = office_form(ledger, "unit", dt.date(2024, 1, 1), dt.date(2024, 12, 31)).total
    assert (y2024.general_found, y2024.general_closed, y2024.general_rate) == (3, 3, 100.0)
    assert (y2024.major_found, y2024.major_closed, y2024.major_rate) == (3, 2, 66.7)
    assert (y2024.major_planned, y2024.major_five, y2024.major_supervised) == (2, 2, 3)
    assert y2024.major_supervised_province == 1 and y2024.funds_yuan == Decimal(420000)
    y2025 = office_form(ledger, "unit", dt.date(2025, 1, 1), dt.date(2025, 12, 31)).total
    assert (y2025.general_found, y2025.general_closed, y2025.general_rate) == (3, 0, 0.0)
    assert (y2025.major_found, y2025.major_closed, y2025.major_five) == (2, 0, 1)
    assert (y2025.major_supervised, y2025.funds_yuan) == (0, Decimal(50000))


def test_office_form_equals_the_ledger(ledger):
    form = office_form(ledger, "industry")
    majors = [e for e in ledger.entries if e.level == "major"]
    assert form.total.major_found == len(majors)
    assert form.total.major_closed == sum(e.status == "closed" for e in majors)
    assert form.total.general_found + form.total.major_found == len(ledger.entries)
    unit_rows = {c.key: c for c in ledger.closure if c.scope == "unit"}
    for row in office_form(ledger, "unit").rows:
        assert row.general_found + row.major_found == unit_rows[row.key].findings
        assert row.general_closed + row.major_closed == unit_rows[row.key].closed


def test_stats_csv_from_the_command_line(tmp_path):
    out = tmp_path / "form.csv"
    args = ["findings", str(LEDGER), "--as-of", "2025-12-31", "--stats", "--format", "csv"]
    result = runner.invoke(app, [*args, "-o", str(out), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert rows[-1] == "合计,6,3,50.0,5,2,40.0,2,3,3,1,47.00,全部,2025-12-31"
    assert (
        "jia-2025-06.yaml:6:188: warning: 重大事故隐患 F2（major-hazards-industry-trade@2023 第七条（三））"
        "记为已销号，但无验收合格记录，台账按未销号计（补记 acceptance: {by, date, result: 合格}）"
    ) in result.output


def test_stats_refuses_md():
    args = ["findings", str(LEDGER), "--as-of", "2025-12-31", "--stats", "--format", "md"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "--stats is table, csv, xlsx or docx" in result.output


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    lines = []
    for sheet in book.worksheets:
        lines.append(f"[{sheet.title}] merged: {sorted(str(r) for r in sheet.merged_cells.ranges)}")
        for row in sheet.iter_rows(values_only=True):
            lines.append(" | ".join("" if v is None else str(v) for v in row))
    return "\n".join(lines) + "\n"


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs if p.text]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(c.text for c in row.cells))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_golden_form(tmp_path, fmt, lang, update_goldens):
    out = tmp_path / f"form.{fmt}"
    args = ["findings", str(LEDGER), "--as-of", "2025-12-31", "--stats", "--by", "region"]
    args += ["--from", "2024-01-01", "--to", "2025-12-31", "--lang", lang]
    result = runner.invoke(app, [*args, "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    again = tmp_path / f"again.{fmt}"
    assert runner.invoke(app, [*args, "--format", fmt, "-o", str(again)]).exit_code == 0
    assert again.read_bytes() == data  # deterministic
    text = _xlsx_text(data) if fmt == "xlsx" else _docx_text(data)
    golden = GOLDEN / f"stats-{lang}.{fmt}.txt"
    if update_goldens:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
        return
    assert golden.exists(), f"no golden {golden.name}: run pytest --update-goldens"
    assert text == golden.read_text(encoding="utf-8")


def test_notice_quotes_the_clause(tmp_path):
    args = ["findings", str(LEDGER), "--as-of", "2025-12-31", "--notice", "--out-dir"]
    result = runner.invoke(app, [*args, str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "整改通知书-丙冷库-2025-12-31.md").read_text(encoding="utf-8")
    assert (
        "- F2：major-hazards-industry-trade@2023 第三条（二）——特种作业人员未经专门的安全作业培训、"
        "未取得相应资格即上岗作业" in text
    )


def test_render_stats_html_is_escaped(ledger):
    form = office_form(ledger, "unit")
    html = render_stats(form, "html")
    assert "<td>甲机械厂</td>" in html and "<script" not in html


def test_a_存在_row_of_the_checklist_sheet_is_a_finding_citing_its_clause(tmp_path):
    from openpyxl import load_workbook

    sheet = tmp_path / "checklist.xlsx"
    args = ["init", "major-hazards-industry-trade@2023", "--subject"]
    args += [str(FIXTURES / "profile-dust-machinery.yaml"), "-o", str(sheet)]
    assert runner.invoke(app, args).exit_code == 0
    book = load_workbook(sheet)
    items = book.worksheets[0]
    head = {c.value: c.column for c in items[1]}
    for row in items.iter_rows(min_row=2):
        if row[0].value == "第十一条（三）":
            r = row[0].row
            items.cell(r, head["自评结果"], "存在")
            items.cell(r, head["存在问题"], "除尘器未设泄爆装置")
            items.cell(r, head["整改措施"], "加装泄爆片")
            items.cell(r, head["责任人"], "设备部")
        elif row[0].value:
            items.cell(row[0].row, head["自评结果"], "不存在")
    info = book.worksheets[1]
    for row in info.iter_rows(min_row=2):
        if row[0].value in ("单位名称", "name"):
            info.cell(row[0].row, 2, "甲机械厂")
        if row[0].value in ("检查日期", "date"):
            info.cell(row[0].row, 2, dt.date(2024, 3, 1))
    book.save(sheet)
    ledger = findings_ledger([sheet], Config(), as_of=dt.date(2024, 3, 2))
    assert not ledger.invalid, ledger.invalid
    (entry,) = ledger.entries
    assert entry.major.basis == "major-hazards-industry-trade@2023 第十一条（三）"
    result = runner.invoke(app, ["check", str(sheet), "--as-of", "2024-03-02"])
    assert result.exit_code == 1
    assert (
        "第十一条（三）：干式除尘系统未采取泄爆、惰化、抑爆等任何一种爆炸防控措施）未销号"
        in result.output
    )


def test_存在_outside_the_units_industries_or_features_is_a_located_problem(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(
        "standard: major-hazards-industry-trade@2023\n"
        "subject: {kind: enterprise, name: 甲厂, industry: machinery, features: []}\n"
        "inspection: {date: 2024-03-01}\n"
        "responses: {art11.3: 存在, art4.1: 存在, art7.1: 存在}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    hint = "state the unit's industry or features in subject, or answer 不适用"
    assert result.output.splitlines() == [
        f"{path}:4:22: error: 第十一条（三） is answered 存在 but not applicable: the unit does "
        f"not have: combustible dust ({hint})",
        f"{path}:4:34: error: 第四条（一） is answered 存在 but not applicable: industry machinery "
        f"is not one of metallurgy ({hint})",
    ]


def test_a_judged_record_before_the_pack_was_in_force_is_refused(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(
        "standard: major-hazards-industry-trade@2023\n"
        "subject: {kind: enterprise, name: 甲厂, industry: machinery}\n"
        "inspection: {date: 2023-05-14}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert (
        f"{path}:1:11: error: major-hazards-industry-trade@2023 is in force from 2023-05-15, "
        "after the inspection date 2023-05-14 (judge by the version in force on that date)"
    ) in result.output


def test_the_ledger_shows_what_each_major_hazard_misses(tmp_path):
    args = ["findings", str(LEDGER), "--as-of", "2025-12-31"]
    md = runner.invoke(app, [*args, "--format", "md"]).stdout
    assert (
        "| 甲机械厂 | F2 | 第七条（三）（2023） | 缺资金、应急预案 |  |  |  | 省级 2024-10-08 "
        "| 已整改待复核（无验收，不能销号） |"
    ) in md
    assert "| 丙冷库 | F2 | 第三条（二）（2023） | 缺资金、时限、责任人、应急预案 |" in md
    from openpyxl import load_workbook

    out = tmp_path / "ledger.xlsx"
    assert runner.invoke(app, [*args, "--format", "xlsx", "-o", str(out)]).exit_code == 0
    sheet = load_workbook(out)["重大隐患治理"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert [r[1] for r in rows] == ["F1", "F2", "F1", "F2", "F1"]
    assert rows[0][4] == 120000 and rows[0][6] == "南山区应急管理局 2024-09-25 合格"


def test_a_ledger_without_those_facts_has_no_such_section():
    fixtures = HERE / "fixtures" / "ledger"
    md = runner.invoke(app, ["findings", str(fixtures), "--as-of", "2025-10-01", "--format", "md"])
    assert md.exit_code == 0 and "重大隐患治理" not in md.stdout


def test_the_library_gives_the_same_form():
    from safecli import findings_stats

    form = findings_stats([LEDGER], find_config(LEDGER), as_of=AS_OF, by="industry")
    assert (form.total.major_found, form.total.major_five, form.total.funds_yuan) == (
        5,
        3,
        Decimal(470000),
    )
    assert [r.name for r in form.rows] == ["食品生产", "机械", "有色"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    start=st.dates(dt.date(2023, 6, 1), dt.date(2026, 1, 1)),
    days=st.integers(0, 900),
    by=st.sampled_from(["region", "industry", "unit"]),
)
def test_the_form_counts_exactly_the_ledgers_hazards_of_the_period(ledger, start, days, by):
    end = start + dt.timedelta(days=days)
    form = office_form(ledger, by, start, end)
    found = [e for e in ledger.entries if start <= e.first_seen <= end]
    majors = [e for e in found if e.level == "major"]
    t = form.total
    assert t.general_found + t.major_found == len(found)
    assert t.major_closed == sum(e.status == "closed" for e in majors)
    assert t.major_five == sum(e.major.five_in_place for e in majors)
    for field in ("general_found", "general_closed", "major_found", "major_supervised"):
        assert getattr(t, field) == sum(getattr(r, field) for r in form.rows)
    assert t.funds_yuan == sum((r.funds_yuan for r in form.rows), Decimal(0))


@settings(max_examples=60, deadline=None)
@given(
    industries=st.lists(
        st.sampled_from(
            [
                "metallurgy",
                "nonferrous",
                "building-materials",
                "machinery",
                "light-industry",
                "textile",
                "tobacco",
                "food",
                "commerce",
            ]
        ),
        max_size=3,
        unique=True,
    ),
    features=st.lists(
        st.sampled_from(
            ["dust-explosion", "ammonia-refrigeration", "confined-space", "metal-smelting"]
        ),
        max_size=4,
        unique=True,
    ),
)
def test_a_checklist_holds_management_and_exactly_its_industries_and_areas(industries, features):
    from safecli.model.record import Subject
    from safecli.score.checklist import checklist

    std = pack("2023")
    subject = Subject(
        kind="enterprise",
        name="甲",
        industry=industries[0] if industries else None,
        industries=industries[1:],
        features=features,
    )
    kept = {i.id for i in checklist(std, subject).items()}
    for item in std.items():
        cond = item.applies_if
        wanted = (
            cond is None
            or (cond.industries is not None and bool(set(cond.industries) & set(industries)))
            or (cond.features is not None and bool(set(cond.features) & set(features)))
        )
        assert (item.id in kept) == wanted, item.id
    assert {"art3.1", "art3.2"} <= kept


@pytest.mark.parametrize("version", ["2023", "2017"])
def test_trace_holds_every_clause(version):
    result = runner.invoke(app, ["standards", "trace", f"major-hazards-industry-trade@{version}"])
    assert result.exit_code == 0, result.output
    parts = {"2023": 64 + 4, "2017": 59 + 1}[version]
    assert f"共 {parts} 个编号部分" in result.output
