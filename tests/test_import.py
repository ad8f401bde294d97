"""`standards import` of a city's scoring table, the 评分方法 rules it yields, `standards diff`,
overlays and the authoring lint: the example district table end to end, by hand."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safecli.cli.app import app
from safecli.model.methods import parse_method
from safecli.model.numbering import paper_numbers
from safecli.read.catalog import Catalog
from safecli.read.standards import load_standard
from safecli.read.tables.importer import import_table, standard_yaml
from safecli.render.standard_diff import render_standard_diff
from safecli.score.scoring import assess
from safecli.score.standard_diff import diff_standards

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "standards"
TABLE_2024 = EXAMPLES / "wangchuan-2024.xlsx"
TABLE_2025 = EXAMPLES / "wangchuan-2025.xlsx"
STANDARD_2024 = EXAMPLES / "wangchuan-2024.yaml"
RECORD = EXAMPLES / "records" / "wangchuan.yaml"
GRADES = "优秀=90,良好=80,合格=60"
runner = CliRunner()


def _import(table: Path, version: str, *extra: str):
    return runner.invoke(
        app,
        [
            "standards",
            "import",
            str(table),
            "--id",
            "wangchuan",
            "--version",
            version,
            "--grades",
            GRADES,
            *extra,
        ],
    )


# ---------------------------------------------------------------- the example table


def test_the_example_table_imports_to_the_committed_standard_byte_for_byte() -> None:
    result = _import(TABLE_2024, "2024")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # no warning: every 评分方法 sentence was read as a rule
    assert result.stdout == STANDARD_2024.read_text(encoding="utf-8")


def test_the_example_has_the_shape_the_issue_asks_for() -> None:
    std = load_standard(STANDARD_2024)
    assert len(std.items()) >= 40
    assert std.points == 1000 == std.stated_points
    assert [s.stated_points for s in std.sections] == [120, 100, 100, 120, 160, 200, 120, 80]
    assert [s.id for s in std.sections] == [f"s{n}" for n in range(1, 9)]
    # 类目 cells are merged down their rows: every item found its section
    assert [len(s.items) for s in std.sections] == [5, 5, 4, 6, 6, 8, 5, 3]
    item = std.item_map()["s2.1.1"]  # the issue's own sentence
    assert item.group is not None and item.group.zh == "机构设置"
    assert [c.text.zh for c in item.zero_if] == ["未设置或配备", "未以文件形式进行设置或任命"]
    assert [(d.points, d.once) for d in item.deductions] == [(1, False)]
    assert [(e.after, e.points) for e in item.extra] == [(4, 10)]
    assert item.method is not None and item.method.zh.startswith("未设置或配备的，不得分；")
    veto = std.item_map()["s5.3.2"]
    assert [(c.text.zh, c.veto) for c in veto.zero_if] == [("存在重大事故隐患未整改", True)]


def test_the_example_lints_clean() -> None:
    result = runner.invoke(app, ["standards", "lint", "--strict", str(STANDARD_2024)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == f"ok: {STANDARD_2024} (wangchuan@2024, 42 items)\n"


def test_a_record_against_the_example_matches_the_hand_computed_total() -> None:
    """By hand (docs/authoring.md): 1000 points, s3.3.2 (10) not applicable → 990.
    s1.1.1 不得分 (z1 found): −30; s6.1.1 12 × 4 = 48 off a 40-point item: stops at 0, −40;
    s2.1.1 4 × 1 off its 4 points: −4, and 扣满4分 adds 追加扣分 10 off the total;
    s5.2.1 3 × 2: −6; s4.1.1 partial 15 of 20: −5. Earned 990 − 85 = 905, less 10 = 895.
    895 ÷ 990 × 100 = 90.404… → 90.4, 优秀 (≥ 90)."""
    catalog = Catalog([EXAMPLES])
    result = runner.invoke(
        app, ["score", str(RECORD), "--standards-dir", str(EXAMPLES), "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["total"], data["earned"], data["points"], data["extra"]) == (90.4, 895, 990, 10)
    assert data["grade"]["id"] == "excellent"
    items = {i["id"]: i for i in data["items"]}
    assert (items["s1.1.1"]["earned"], items["s1.1.1"]["status"]) == (0, "unmet")
    assert items["s1.1.1"]["reason"] == "不得分：未建立全员安全生产责任制"
    assert (items["s6.1.1"]["earned"], items["s6.1.1"]["extra"]) == (0, 0)
    assert (items["s2.1.1"]["earned"], items["s2.1.1"]["extra"]) == (0, 10)
    assert items["s5.2.1"]["earned"] == 34
    assert items["s3.3.2"]["applicable"] is False
    assert catalog.get("wangchuan@2024").ref == "wangchuan@2024"


def test_extra_never_takes_the_total_below_zero(tmp_path: Path) -> None:
    std = load_standard(STANDARD_2024)
    from safecli.model.record import Record

    answers = {i.id: {"status": "unmet"} for i in std.items()}
    answers["s2.1.1"] = {"deductions": {"d1": 4}}  # +10 追加
    answers["s2.2.1"] = {"deductions": {"d1": 3}}  # 15 reached: +20 追加
    record = Record.model_validate(
        {
            "standard": "wangchuan@2024",
            "subject": {"kind": "enterprise", "name": "某单位"},
            "inspection": {"date": "2025-01-01"},
            "responses": answers,
        }
    )
    a = assess(std, record)
    # every item lost all it could: s2.1.1 (+10), s2.2.1 (+20), and the unmet s5.3.1 (+30) and
    # s6.1.2 (+20), whose whole points reach their 扣满 lines
    assert (a.total, a.earned, a.extra) == (0.0, 0.0, 80.0)


def test_a_vetoing_zero_if_condition_caps_the_grade() -> None:
    from safecli.model.record import Record

    std = load_standard(STANDARD_2024)
    answers = {i.id: "met" for i in std.items()}
    answers["s5.3.2"] = {"zero_if": ["z1"]}
    record = Record.model_validate(
        {
            "standard": "wangchuan@2024",
            "subject": {"kind": "enterprise", "name": "某单位"},
            "inspection": {"date": "2025-01-01"},
            "responses": answers,
        }
    )
    a = assess(std, record)
    assert a.total == 97.0 and a.grade_before_veto.id == "excellent"
    assert a.grade.id == "fail"
    assert [r.id for r in a.veto.rules] == ["item:s5.3.2:z1"]


# ---------------------------------------------------------------- 评分方法 sentences


@pytest.mark.parametrize(
    ("text", "deductions", "zero_if", "extra"),
    [
        ("未制定的，不得分。", [], [("未制定", False)], []),
        ("每处扣1分，扣完为止。", [(1, False)], [], []),
        ("未公示的，扣5分。", [(5, True)], [], []),
        ("每缺一人扣0.5分；扣满3分的，追加扣除十分。", [(0.5, False)], [], [(3, 10)]),
        ("瞒报的，本项不得分并实行一票否决。", [], [("瞒报", True)], []),
        ("未处置的，本项不得分，并不得评为优秀。", [], [("未处置", True)], []),
    ],
)
def test_the_usual_sentences_become_rules(text, deductions, zero_if, extra) -> None:
    method = parse_method(text)
    assert [(d["points"], d.get("once", False)) for d in method.deductions] == deductions
    assert [(c["text"], c.get("veto", False)) for c in method.zero_if] == zero_if
    assert [(e["after"], e["points"]) for e in method.extra] == extra
    assert method.unparsed == []


def test_a_sentence_that_is_no_rule_is_kept_not_guessed() -> None:
    method = parse_method("查阅文件和现场检查。未建立台账的，扣3分。")
    assert method.unparsed == ["查阅文件和现场检查"]
    assert [d["points"] for d in method.deductions] == [3]


# ---------------------------------------------------------------- tables as people send them


def _csv(path: Path, rows: list[list[object]], encoding: str = "utf-8-sig") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


HEAD = ["一级要素", "二级要素", "标准要求", "分值", "考评办法"]


def _table(tmp_path: Path, method: str = "每处扣2分。", subtotal: int = 30) -> Path:
    return _csv(
        tmp_path / "细则.csv",
        [
            ["某市危化企业评分标准"],
            HEAD,
            ["制度", "责任", "建立责任制。", 10, "未建立的，不得分。"],
            ["制度", "培训", "开展培训。", 20, method],
            ["", "", "小计", subtotal, ""],
            ["现场", "设备", "设备完好。", 70, "每台不完好扣10分。"],
            ["合计", "", "", 100, ""],
        ],
        "gb18030",
    )


def test_a_gb18030_csv_with_a_title_row_and_other_column_names_imports(tmp_path: Path) -> None:
    table = _table(tmp_path)
    imported = import_table(table, std_id="city", version="2025", grades="合格=60")
    std = imported.standard
    assert std.title.zh == "某市危化企业评分标准"
    assert [i.id for i in std.items()] == ["s1.1.1", "s1.2.1", "s2.1.1"]
    assert [s.stated_points for s in std.sections] == [30, None]
    assert std.stated_points == 100
    assert [g.id for g in std.grades] == ["pass", "fail"]
    assert imported.warnings == []
    assert std.items()[0].source.ref == "R3"


def test_a_subtotal_that_disagrees_is_an_error_naming_both_rows(tmp_path: Path) -> None:
    table = _table(tmp_path, subtotal=35)
    result = runner.invoke(app, ["standards", "import", str(table), "--id", "city"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{table}:5:4: error: 小计 at row 5 says 35 but the items of rows 3–4 add up to 30 "
        "(check row 5 and the 分值 of rows 3–4)\n"
    )
    assert result.stdout == ""


def test_strict_refuses_an_unparsed_method_sentence(tmp_path: Path) -> None:
    table = _table(tmp_path, method="查阅培训记录。")
    out = tmp_path / "city.yaml"
    loose = runner.invoke(app, ["standards", "import", str(table), "--id", "city", "-o", str(out)])
    assert loose.exit_code == 0
    warning = (
        f"{table}:4:5: warning: s1.2.1: 评分方法 sentence not read as a rule: '查阅培训记录' "
        "(write it as 不得分 / 每处扣N分 / 扣N分 / 扣满N分的，追加扣除M分, or add the rule by hand)"
    )
    assert warning in loose.stderr.splitlines()
    assert out.exists()
    out.unlink()
    strict = runner.invoke(
        app, ["standards", "import", str(table), "--id", "city", "--strict", "-o", str(out)]
    )
    assert strict.exit_code == 2
    assert warning.replace(": warning: ", ": error: ") in strict.stderr.splitlines()
    assert not out.exists()  # nothing half-written


def test_columns_tell_what_the_header_does_not(tmp_path: Path) -> None:
    table = _csv(
        tmp_path / "t.csv",
        [
            ["甲", "乙", "丙"],
            ["建立制度。", 10, "未建立的，不得分。"],
            ["开展培训。", 5, "每次扣1分。"],
        ],
    )
    unclear = runner.invoke(app, ["standards", "import", str(table), "--id", "t"])
    assert unclear.exit_code == 2
    assert "cannot tell the columns" in unclear.stderr
    assert "--columns" in unclear.stderr
    told = runner.invoke(
        app,
        [
            "standards",
            "import",
            str(table),
            "--id",
            "t",
            "--columns",
            "content=A,points=B,method=C",
        ],
    )
    assert told.exit_code == 0, told.stderr
    assert "points: 5" in told.stdout and "zero_if:" in told.stdout


def test_a_docx_table_imports(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("某县安全生产标准化评分表")
    rows = [
        HEAD,
        ["制度", "责任", "建立责任制。", "10", "未建立的，不得分。"],
        ["制度", "培训", "开展培训。", "20", "每处扣2分。"],
        ["", "", "小计", "30", ""],
    ]
    table = document.add_table(rows=len(rows), cols=len(HEAD))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(2, 0))  # 一级要素 merged down, as Word tables have it
    path = tmp_path / "评分表.docx"
    document.save(path)
    std = import_table(path, std_id="county").standard
    assert std.title.zh == "某县安全生产标准化评分表"
    assert [(i.id, i.points) for i in std.items()] == [("s1.1.1", 10), ("s1.2.1", 20)]
    assert std.sections[0].stated_points == 30


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("t.xlsx", b"not a zip", "this is not an Excel workbook"),
        ("t.docx", b"PK\x03\x04broken", "this is not a Word document"),
        ("t.csv", b"\x00\x01binary", "this is a binary file, not a csv"),
        ("t.pdf", b"%PDF", "cannot import a .pdf file as a table"),
    ],
)
def test_a_hostile_file_is_one_located_line_and_exit_2(tmp_path: Path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(app, ["standards", "import", str(path), "--id", "x"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(str(path)) and message in lines[0]
    assert "Traceback" not in result.stderr


def test_import_never_writes_over_its_input(tmp_path: Path) -> None:
    table = _table(tmp_path)
    before = table.read_bytes()
    result = runner.invoke(app, ["standards", "import", str(table), "--id", "c", "-o", str(table)])
    assert result.exit_code == 2
    assert table.read_bytes() == before


# ---------------------------------------------------------------- init xlsx and back


def test_init_xlsx_of_the_example_imports_back_to_the_same_standard(tmp_path: Path) -> None:
    sheet = tmp_path / "自查表.xlsx"
    made = runner.invoke(
        app, ["init", "wangchuan@2024", "--standards-dir", str(EXAMPLES), "-o", str(sheet)]
    )
    assert made.exit_code == 0, made.stderr
    again = import_table(sheet, std_id="wangchuan", version="2024", grades=GRADES)
    first = load_standard(STANDARD_2024)
    assert _content(again.standard) == _content(first)


def _content(std) -> dict:
    """A standard's content: what it says, not the file or rows it came from."""
    data = std.model_dump(mode="json", exclude_none=True)
    for section in data["sections"]:
        section.pop("stated_points", None)
        for item in section["items"]:
            item.pop("source")
    for key in ("source", "scoring_note", "stated_points", "title"):
        data.pop(key, None)
    return data


def test_a_filled_sheet_answers_by_conditions_counts_and_score(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    sheet = tmp_path / "自查表.xlsx"
    runner.invoke(
        app, ["init", "wangchuan@2024", "--standards-dir", str(EXAMPLES), "-o", str(sheet)]
    )
    wb = load_workbook(sheet)
    ws = wb["自查表"]
    head = {c.value: c.column for c in ws[1]}
    by_number = {str(ws.cell(r, 1).value): r for r in range(2, ws.max_row + 1)}
    for row in by_number.values():
        ws.cell(row, head["自评结果"]).value = "符合"
    # the sheet numbers items as the paper does (the table's 序号); find each item's row by it
    numbers = paper_numbers(load_standard(EXAMPLES / "wangchuan-2024.yaml"))
    rows = {item: by_number[number] for item, number in numbers.items() if number in by_number}
    ws.cell(rows["s1.1.1"], head["自评结果"]).value = None
    ws.cell(rows["s1.1.1"], head["不得分情形"]).value = "未建立全员安全生产责任制"
    ws.cell(rows["s6.1.1"], head["自评结果"]).value = None
    ws.cell(rows["s6.1.1"], head["扣分项"]).value = "d1×12"
    ws.cell(rows["s4.1.1"], head["自评结果"]).value = None
    ws.cell(rows["s4.1.1"], head["实得分"]).value = 15
    info = wb["单位信息"]
    for r in range(2, info.max_row + 1):
        field = info.cell(r, 1).value
        value = {
            "单位名称": "某公司",
            "检查日期": "2025-03-20",
            "统一社会信用代码": "91320583MA1N2X7K4U",
        }
        if field in value:
            info.cell(r, 2).value = value[field]
    wb.save(sheet)
    result = runner.invoke(
        app, ["score", str(sheet), "--standards-dir", str(EXAMPLES), "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    # 1000 − 30 (不得分) − 40 (12 × 4, stops at 0) − 5 (15 of 20) = 925 → 92.5
    assert (data["earned"], data["total"]) == (925, 92.5)


# ---------------------------------------------------------------- standards diff


def test_standards_diff_of_the_two_versions_lists_exactly_the_changes(tmp_path: Path) -> None:
    new = tmp_path / "wangchuan-2025.yaml"
    assert _import(TABLE_2025, "2025", "-o", str(new)).exit_code == 0
    result = runner.invoke(
        app, ["standards", "diff", str(STANDARD_2024), str(new), "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    changes = [
        (c["kind"], c["id"], c["before"], c["after"]) for c in json.loads(result.stdout)["changes"]
    ]
    assert changes == [
        (
            "title",
            "title",
            "望川区平安企业创建考核细则（2024年版）",
            "望川区平安企业创建考核细则（2025年版）",
        ),
        ("added", "s7.2.1", None, "每年开展应急预案评估，形成评估报告。"),
        ("removed", "s7.2.1", "建立应急救援队伍或指定兼职应急救援人员。", None),
        ("reweighed", "s4.1.1", "20", "25"),
        ("reweighed", "s4.4.1", "20", "15"),
        ("rules", "s6.3.1", "每缺一处警示标志扣2分。", "每缺一处警示标志扣3分。"),
    ]
    table = runner.invoke(app, ["standards", "diff", str(STANDARD_2024), str(new)])
    assert table.stdout.splitlines()[-1] == "共 6 处变更"
    md = runner.invoke(
        app, ["standards", "diff", str(STANDARD_2024), str(new), "--format", "md", "--lang", "en"]
    )
    assert "| reweighed | Std. 15 | 20 | 25 |" in md.stdout


def test_standards_diff_names_clauses_by_their_numbers_not_ids(tmp_path: Path) -> None:
    new = tmp_path / "wangchuan-2025.yaml"
    assert _import(TABLE_2025, "2025", "-o", str(new)).exit_code == 0
    table = runner.invoke(app, ["standards", "diff", str(STANDARD_2024), str(new)])
    assert table.exit_code == 0, table.stderr
    assert table.stdout == (
        "wangchuan@2024 → wangchuan@2025\n"
        "标题          标准     望川区平安企业创建考核细则（2024年版） → "
        "望川区平安企业创建考核细则（2025年版）\n"
        "新增          标准 37  - → 每年开展应急预案评估，形成评估报告。\n"
        "删除          标准 37  建立应急救援队伍或指定兼职应急救援人员。 → -\n"
        "分值调整      标准 15  20 → 25\n"
        "分值调整      标准 20  20 → 15\n"
        "评分方法修改  标准 31  每缺一处警示标志扣2分。 → 每缺一处警示标志扣3分。\n"
        "共 6 处变更\n"
    )
    english = runner.invoke(
        app, ["standards", "diff", str(STANDARD_2024), str(new), "--lang", "en"]
    )
    assert english.exit_code == 0, english.stderr
    assert english.stdout == (
        "wangchuan@2024 → wangchuan@2025\n"
        "title          standard  望川区平安企业创建考核细则（2024年版） → "
        "望川区平安企业创建考核细则（2025年版）\n"
        "added          Std. 37   - → 每年开展应急预案评估，形成评估报告。\n"
        "removed        Std. 37   建立应急救援队伍或指定兼职应急救援人员。 → -\n"
        "reweighed      Std. 15   20 → 25\n"
        "reweighed      Std. 20   20 → 15\n"
        "rules changed  Std. 31   每缺一处警示标志扣2分。 → 每缺一处警示标志扣3分。\n"
        "6 changes\n"
    )


def test_standards_diff_names_a_renumbered_item_and_a_grade_as_a_reader_does() -> None:
    old = load_standard(STANDARD_2024)
    items = old.sections[0].items
    swapped = [
        items[1].model_copy(update={"id": items[0].id, "source": items[0].source}),
        items[0].model_copy(update={"id": items[1].id, "source": items[1].source}),
        *items[2:],
    ]
    grades = [g.model_copy(update={"min": 85}) if g.id == "good" else g for g in old.grades]
    new = old.model_copy(
        update={
            "sections": [old.sections[0].model_copy(update={"items": swapped}), *old.sections[1:]],
            "grades": grades,
        }
    )
    assert (paper_numbers(old)[items[0].id], paper_numbers(old)[items[1].id]) == ("1", "2")
    assert render_standard_diff(diff_standards(old, new), "table") == (
        "wangchuan@2024 → wangchuan@2024\n"
        # the item now numbered 1 was 2, and the other way round
        "改号        标准 1  标准 2 → 标准 1\n"
        "改号        标准 2  标准 1 → 标准 2\n"
        "等级线调整  良好    良好 ≥ 80 → 良好 ≥ 85\n"
        "共 3 处变更\n"
    )


def test_diff_matches_renumbered_items_by_text() -> None:
    old = load_standard(STANDARD_2024)
    items = old.sections[0].items
    moved = old.sections[0].model_copy(update={"items": [items[1], items[0], *items[2:]]})
    renamed = [
        moved.items[0].model_copy(update={"id": "s1.1.1"}),
        moved.items[1].model_copy(update={"id": "s1.1.2"}),
        *moved.items[2:],
    ]
    new = old.model_copy(
        update={"sections": [moved.model_copy(update={"items": renamed}), *old.sections[1:]]}
    )
    d = diff_standards(old, new)
    assert [(c.kind, c.old_id, c.id) for c in d.changes] == [
        ("renumbered", "s1.1.2", "s1.1.1"),
        ("renumbered", "s1.1.1", "s1.1.2"),
    ]


def test_diff_with_a_new_standard_shows_what_it_does_to_a_record(tmp_path: Path) -> None:
    """Under 2025: s4.1.1 is 15 of 25 (−5 more lost), s4.4.1 met at 15 (−5 points), the
    dropped 队伍 item (20, met) leaves, the new 评估 item (20) is unanswered: 905 − 5 − 20 = 880,
    less 10 追加 = 870 of 990 → 87.9, 良好."""
    new = tmp_path / "wangchuan-2025.yaml"
    _import(TABLE_2025, "2025", "-o", str(new))
    config = tmp_path / "safecli.yaml"
    config.write_text(f"standards_dirs: [{EXAMPLES}]\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["diff", "--standard", str(new), str(RECORD), "--config", str(config), "--format", "json"],
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["old_total"], data["new_total"], data["change"]) == (90.4, 87.9, -2.5)
    assert (data["old_grade"], data["new_grade"]) == ("excellent", "good")


# ---------------------------------------------------------------- overlays


def test_an_overlays_effective_standard() -> None:
    catalog = Catalog([EXAMPLES])
    std = catalog.get("wangchuan-xishan@2024.1")
    base = catalog.get("wangchuan@2024")
    assert (std.extends, std.title.zh) == (
        "wangchuan@2024",
        "望川区西山街道平安企业创建考核细则（2024年版）",
    )
    items = std.item_map()
    assert "s3.3.2" not in items and "s3.3.2" in base.item_map()
    assert items["s5.2.1"].points == 50
    assert [d.points for d in items["s6.3.1"].deductions] == [3]
    assert items["s6.6.1"].points == 10
    assert std.points == 1000 - 10 + 10 + 10
    assert std.grade("excellent").min == 92
    assert [(c.action, c.id) for c in std.changes] == [
        ("add", "s6.6.1"),
        ("drop", "s3.3.2"),
        ("reweigh", "s5.2.1"),
        ("reweigh", "excellent"),
        ("reword", "s6.3.1"),
    ]


def test_show_effective_and_the_trace_name_each_items_layer() -> None:
    args = ["--standards-dir", str(EXAMPLES), "--format", "json"]
    changes = runner.invoke(app, ["standards", "show", "wangchuan-xishan", *args])
    assert changes.exit_code == 0, changes.stderr
    assert [(c["action"], c["id"]) for c in json.loads(changes.stdout)["changes"]] == [
        ("reweigh", "s5.2.1"),
        ("reword", "s6.3.1"),
        ("add", "s6.6.1"),
        ("reweigh", "excellent"),
        ("drop", "s3.3.2"),
    ]
    effective = json.loads(
        runner.invoke(app, ["standards", "show", "wangchuan-xishan", "--effective", *args]).stdout
    )
    assert effective["extends"] == "wangchuan@2024"
    assert sum(i["points"] for s in effective["sections"] for i in s["items"]) == 1010
    trace = runner.invoke(app, ["standards", "trace", "wangchuan-xishan", *args])
    layers = {
        (r["target"], r["id"]): (r["layer"], r["action"], r["reason"])
        for r in json.loads(trace.stdout)["layers"]
    }
    assert layers[("item", "s1.1.1")] == ("wangchuan@2024", None, None)
    assert layers[("item", "s5.2.1")] == (
        "wangchuan-xishan@2024.1",
        "reweigh",
        "街道将每周安全检查列为考核重点。",
    )
    assert layers[("item", "s3.3.2")][1] == "drop"
    assert layers[("grade", "excellent")][0] == "wangchuan-xishan@2024.1"


def test_a_record_names_the_overlay_and_its_score_names_both(tmp_path: Path) -> None:
    """Under the overlay: 1010 points; s5.2.1 5 × 2 = −10 of 50; s6.3.1 2 × 3 = −6;
    s6.6.1 扣5分 once = −5; the rest met: 989 ÷ 1010 × 100 = 97.92… → 97.9."""
    std = Catalog([EXAMPLES]).get("wangchuan-xishan@2024.1")
    answers = {i.id: "met" for i in std.items()}
    answers.update(
        {
            "s5.2.1": {"deductions": {"d1": 5}},
            "s6.3.1": {"deductions": {"d1": 2}},
            "s6.6.1": {"deductions": {"d1": 3}},
        }
    )
    import yaml

    record = tmp_path / "r.yaml"
    record.write_text(
        yaml.safe_dump(
            {
                "standard": "wangchuan-xishan@2024.1",
                "subject": {"kind": "enterprise", "name": "西山某商贸有限公司"},
                "inspection": {"date": "2025-03-20"},
                "responses": answers,
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["score", str(record), "--standards-dir", str(EXAMPLES), "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["standard"], data["base"], data["total"]) == (
        "wangchuan-xishan@2024.1",
        "wangchuan@2024",
        97.9,
    )
    md = runner.invoke(
        app, ["score", str(record), "--standards-dir", str(EXAMPLES), "--format", "md"]
    )
    assert "（wangchuan-xishan@2024.1，基于 wangchuan@2024）" in md.stdout


def test_an_overlay_that_names_what_its_base_lacks_is_refused_at_its_lines(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: bad\nversion: '1'\nextends: wangchuan@2024\n"
        "drop:\n  - {id: s9.9, reason: 无}\n"
        "reweigh:\n  - {id: s1.1.1, points: 5, reason: 无}\n  - {grade: top, min: 95, reason: 无}\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["standards", "diff", str(STANDARD_2024), str(bad), "--standards-dir", str(EXAMPLES)]
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{bad}:5:10: error: wangchuan@2024 has no item 's9.9' "
        "(see safecli standards show wangchuan@2024)",
        f"{bad}:8:13: error: wangchuan@2024 has no grade 'top' "
        "(expected one of: excellent, good, pass, fail)",
    ]
    assert result.stdout == ""


# ---------------------------------------------------------------- the authoring lint


AUTHORED = """\
id: authored
version: '1'
subject: enterprise
title: 某细则
source: authored.xlsx
scoring_note: 自拟
stated_points: 105
grades:
  - {id: pass, min: 60, label: 合格}
  - {id: fail, min: 0, label: 不合格}
sections:
  - id: a
    title: 甲
    items:
      - id: a.1
        text: 建立制度。
        points: 10
        source: authored.xlsx#1
        method: 每缺一项扣15分。
        deductions: [{id: d1, points: 15, text: 每缺一项扣15分}]
      - id: a.2
        text: 建立 制度。
        points: 40
        source: authored.xlsx#2
        method: 视情况酌情扣分。
      - id: a.3
        text: 开展培训。
        points: 50
        source: authored.xlsx#3
        method: 每少一次扣20分；扣满40分的，追加扣除10分。
        deductions: [{id: d1, points: 60, text: 每少一次扣60分}]
        extra: [{after: 40, points: 10}]
"""


def test_lint_finds_what_an_author_gets_wrong(tmp_path: Path) -> None:
    path = tmp_path / "authored.yaml"
    path.write_text(AUTHORED, encoding="utf-8")
    result = runner.invoke(app, ["standards", "lint", str(path)])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{path}:7:16: warning: the items add up to 100, not the stated 105 "
        "(fix the points of an item, or the stated total)",
        f"{path}:20:39: warning: a.1: deduction d1 takes 15 off an item of 10 points "
        "(the item stops at 0: lower it, or add the 追加扣分 it means)",
        f"{path}:22:15: warning: a.2 has the same text as a.1 (merge them, or say how they differ)",
        f"{path}:25:17: warning: a.2: its 评分方法 gives no way to lose points "
        "(add deductions or zero_if conditions)",
        f"{path}:25:17: warning: a.2: 评分方法 sentence not read as a rule: '视情况酌情扣分' "
        "(write the rule beside it by hand, or reword the sentence)",
    ]
    # a.3's 60-point deduction on a 50-point item means something: it reaches the 追加扣分
    strict = runner.invoke(app, ["standards", "lint", "--strict", str(path)])
    assert strict.exit_code == 2


def test_lint_refuses_ids_differing_only_in_case_or_width(tmp_path: Path) -> None:
    path = tmp_path / "authored.yaml"
    path.write_text(AUTHORED.replace("id: a.3", "id: Ａ.2"), encoding="utf-8")
    result = runner.invoke(app, ["standards", "lint", str(path)])
    assert result.exit_code == 2
    assert (
        f"{path}:26:13: error: item ids 'a.2' and 'Ａ.2' differ only in case or width "
        "(first at line 21; give them distinct ids)"
    ) in result.stderr.splitlines()


def test_yaml_of_the_import_is_deterministic() -> None:
    one = import_table(TABLE_2024, std_id="wangchuan", version="2024", grades=GRADES)
    two = import_table(TABLE_2024, std_id="wangchuan", version="2024", grades=GRADES)
    assert standard_yaml(one) == standard_yaml(two)


# ---------------------------------------------------------------- documents of an imported standard

GOLDEN = Path(__file__).parent / "golden" / "authoring"


@pytest.mark.parametrize(("fmt", "lang"), [("md", "zh"), ("md", "en"), ("html", "zh")])
def test_the_report_of_a_record_against_the_example(fmt: str, lang: str, update_goldens: bool):
    """The 评估报告 shows the 追加扣分 row under the sections and in the 评估意见."""
    from safecli.api import report_file

    text = report_file(RECORD, fmt, lang, catalog=Catalog([EXAMPLES]))
    path = GOLDEN / f"wangchuan.report.{lang}.{fmt}"
    if update_goldens:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    assert text == path.read_bytes().decode("utf-8"), f"{path.name} differs (--update-goldens)"
    if fmt == "md" and lang == "zh":
        assert "| 追加扣分 | −10 | | |" in text
        assert "实得 895 分（已扣除追加扣分 10 分）" in text


def test_a_sum_that_disagrees_reads_in_chinese_by_default(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SAFECLI_LANG", "zh")
    table = _table(tmp_path, subtotal=35)
    result = runner.invoke(app, ["standards", "import", str(table), "--id", "city"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{table}:5:4: error: 第 5 行小计为 35，但第 3–4 行条款分值合计为 30"
        "（请核对第 5 行及第 3–4 行的分值）\n"
    )


def test_a_table_wider_than_40_columns_is_refused_at_its_cell(tmp_path: Path) -> None:
    table = _csv(tmp_path / "wide.csv", [["内容", "分值", *["x"] * 45], ["a", 1]])
    result = runner.invoke(app, ["standards", "import", str(table), "--id", "w"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{table}:1:41: error: the sheet has data at AO1, beyond")


def test_lint_applies_an_overlay_over_its_base() -> None:
    overlay = EXAMPLES / "wangchuan-xishan.yaml"
    alone = runner.invoke(
        app, ["standards", "lint", str(overlay), "--standards-dir", str(EXAMPLES)]
    )
    assert alone.exit_code == 0, alone.stderr
    assert alone.stdout == f"ok: {overlay} (wangchuan-xishan@2024.1, 42 items)\n"


def test_a_category_written_across_the_row_starts_a_section(tmp_path: Path) -> None:
    """Word tables often carry each 类目 as a row merged across the table."""
    import docx

    document = docx.Document()
    rows = [
        ["序号", "考核内容", "分值", "评分标准"],
        ["一、基础管理（30分）", "", "", ""],
        ["1", "建立责任制。", "10", "未建立的，不得分。"],
        ["2", "开展培训。", "20", "每次扣2分。"],
        ["二、现场管理（70分）", "", "", ""],
        ["3", "设备完好。", "70", "每台扣10分。"],
    ]
    table = document.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for r in (1, 4):
        table.cell(r, 0).merge(table.cell(r, 3))
    path = tmp_path / "细则.docx"
    document.save(path)
    std = import_table(path, std_id="d").standard
    assert [(s.id, s.title.zh, [i.id for i in s.items]) for s in std.sections] == [
        ("s1", "一、基础管理", ["s1.1", "s1.2"]),
        ("s2", "二、现场管理", ["s2.1"]),
    ]
    assert [i.source.ref for i in std.items()] == ["1", "2", "3"]


def test_show_of_an_imported_standard_lists_each_items_method(monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = runner.invoke(
        app, ["standards", "show", "wangchuan", "--standards-dir", str(EXAMPLES)]
    )
    assert result.exit_code == 0, result.stderr
    assert "评分方法" in result.stdout
    assert "未公示的，扣5分。" in result.stdout
    assert "实施方案用语" not in result.stdout  # no plan wording: no empty table


def test_the_five_commands_of_docs_authoring(tmp_path: Path, monkeypatch) -> None:
    """The walk of docs/authoring.md, as written: import, lint, init, (fill), validate, report."""
    import shutil

    from openpyxl import load_workbook

    monkeypatch.chdir(tmp_path)
    shutil.copy(TABLE_2024, tmp_path / "望川区考核细则.xlsx")
    steps = [
        [
            "standards",
            "import",
            "望川区考核细则.xlsx",
            "-o",
            "wangchuan.yaml",
            "--id",
            "wangchuan",
            "--version",
            "2024",
            "--grades",
            GRADES,
        ],
        ["standards", "lint", "--strict", "wangchuan.yaml"],
        ["init", "wangchuan@2024", "--standards-dir", ".", "-o", "自查表.xlsx"],
    ]
    for step in steps:
        result = runner.invoke(app, step)
        assert result.exit_code == 0, (step, result.stderr)
    wb = load_workbook("自查表.xlsx")
    ws, info = wb["自查表"], wb["单位信息"]
    head = {c.value: c.column for c in ws[1]}
    for row in range(2, ws.max_row + 1):
        ws.cell(row, head["自评结果"]).value = "符合"
    for row in range(2, info.max_row + 1):
        value = {"单位名称": "某公司", "检查日期": "2025-03-20"}.get(info.cell(row, 1).value)
        if value:
            info.cell(row, 2).value = value
    wb.save("自查表.xlsx")
    checked = runner.invoke(app, ["validate", "自查表.xlsx", "--standards-dir", "."])
    assert checked.exit_code == 0, checked.stderr
    report = runner.invoke(
        app,
        [
            "report",
            "自查表.xlsx",
            "--standards-dir",
            ".",
            "--format",
            "docx",
            "-o",
            "评估报告.docx",
        ],
    )
    assert report.exit_code == 0, report.stderr
    import docx

    text = "\n".join(p.text for p in docx.Document("评估报告.docx").paragraphs)
    assert "适用条款应得 1000 分，实得 1000 分，总分 100 分，评定等级为“优秀”。" in text


@pytest.mark.parametrize(
    ("kind", "path"),
    [("standard", STANDARD_2024), ("overlay", EXAMPLES / "wangchuan-xishan.yaml")],
)
def test_the_examples_follow_the_schema_editors_get(kind: str, path: Path) -> None:
    import jsonschema
    import yaml

    result = runner.invoke(app, ["schema", kind])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    broken = {**yaml.safe_load(path.read_text(encoding="utf-8")), "extends_typo": 1}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_init_csv_of_the_example_imports_back_with_no_change(tmp_path: Path) -> None:
    """The blank csv carries the 单位信息 block above the items and the 事故 block after them:
    neither is read as a title or as items."""
    sheet = tmp_path / "自查表.csv"
    made = runner.invoke(
        app, ["init", "wangchuan@2024", "--standards-dir", str(EXAMPLES), "-o", str(sheet)]
    )
    assert made.exit_code == 0, made.stderr
    back = tmp_path / "back.yaml"
    title = "望川区平安企业创建考核细则（2024年版）"
    result = _import(sheet, "2024", "--title", title, "-o", str(back))
    assert result.exit_code == 0, result.stderr
    diffed = runner.invoke(app, ["standards", "diff", str(STANDARD_2024), str(back)])
    assert diffed.stdout == "wangchuan@2024 → wangchuan@2024\n无变更\n"


def test_a_docx_that_unpacks_to_300_mib_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    import zipfile

    import docx

    source = tmp_path / "plain.docx"
    docx.Document().save(source)
    bomb = tmp_path / "bomb.docx"
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in original.infolist():
            target.writestr(info, original.read(info.filename))
        with target.open("word/bomb.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1 << 20)
            for _ in range(300):
                part.write(chunk)
    assert bomb.stat().st_size < 2_000_000
    result = runner.invoke(app, ["standards", "import", str(bomb), "--id", "b"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bomb}: error: the workbook unpacks to 30")


def test_a_deduction_answered_by_the_condition_its_method_names(tmp_path: Path) -> None:
    """The 自查表 of an imported table shows the 评分方法 (目标未分解的，每项扣5分), not the
    deduction's id: a client writes the condition and a count (目标未分解 4), as a 不得分情形 is
    written by its condition."""
    from openpyxl import load_workbook

    table = tmp_path / "细则.csv"
    table.write_text(
        "序号,考评类目,考评内容,标准分值,评分方法\n"
        "1,一、目标职责,制定安全生产目标并分解落实,100,"
        "未制定安全生产目标的，不得分；目标未分解的，每项扣5分。\n"
        "2,一、目标职责,配备专职安全管理人员,50,人员配备不足的，每人扣10分。\n",
        encoding="utf-8",
    )
    stds = tmp_path / "stds"
    stds.mkdir()
    result = runner.invoke(
        app,
        [
            "standards",
            "import",
            str(table),
            "-o",
            str(stds / "t.yaml"),
            "--id",
            "t",
            "--version",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    sheet = tmp_path / "自查表.xlsx"
    result = runner.invoke(app, ["init", "t@1", "--standards-dir", str(stds), "-o", str(sheet)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(sheet)
    ws = wb["自查表"]
    head = {c.value: c.column for c in ws[1]}
    ws.cell(2, head["扣分项"]).value = "目标未分解 4"
    ws.cell(3, head["扣分项"]).value = "人员配备不足 2"
    info = wb["单位信息"]
    for r in range(2, info.max_row + 1):
        field = info.cell(r, 1).value
        value = {"单位名称": "某公司", "检查日期": "2026-02-10"}
        if field in value:
            info.cell(r, 2).value = value[field]
    wb.save(sheet)
    result = runner.invoke(
        app, ["score", str(sheet), "--standards-dir", str(stds), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # 100 − 4 × 5 = 80; 50 − 2 × 10 = 30: 110 of 150 → 73.3
    assert (data["earned"], data["total"]) == (110, 73.3)
