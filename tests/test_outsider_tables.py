"""A city's table of its own shape, imported, written as a 自查表 and read back."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from safecli.cli.app import app

runner = CliRunner()
TITLE = "临江市食品企业安全生产标准化评定标准（2025版）"


def _standard(tmp_path: Path) -> Path:
    """临江's table imported: its title already names its version, 条款编号 written 1.1."""
    table = tmp_path / "评定标准.csv"
    with table.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow([TITLE])
        out.writerow(["条款编号", "一级要素", "标准要求", "标准分", "评分标准"])
        out.writerow(["1.1", "目标职责", "制定安全生产目标。", "60分", "未制定目标的，不得分。"])
        out.writerow(["2.1", "现场管理", "设备定期检验。", "40分", "每台未检验扣10分。"])
    result = runner.invoke(
        app,
        ["standards", "import", str(table), "-o", str(tmp_path / "linjiang.yaml"),
         "--id", "linjiang", "--version", "2025", "--grades", "合格=60"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return tmp_path


def test_a_title_that_names_its_version_is_not_given_it_twice(tmp_path: Path) -> None:
    folder = _standard(tmp_path)
    sheet = folder / "自查表.csv"
    made = runner.invoke(
        app, ["init", "linjiang@2025", "--standards-dir", str(folder), "--format", "csv",
              "-o", str(sheet)],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    rows = list(csv.reader(sheet.open(encoding="utf-8-sig")))
    assert rows[0] == ["标准", TITLE]  # was …（2025版）（2025年版）
    for row in rows:
        if row[:1] == ["单位名称"]:
            row[1] = "临江市鲜味食品有限公司"
        elif row[:1] == ["检查日期"]:
            row[1] = "2025-04-20"
        elif row[:1] == ["编号"]:
            result = row.index("自评结果")
        elif row[:1] in (["1.1"], ["2.1"]):
            row[result] = "符合"
    with sheet.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    scored = runner.invoke(
        app, ["score", str(sheet), "--standards-dir", str(folder), "--lang", "zh"]
    )
    assert scored.exit_code == 0, scored.output
    assert f"标准      {TITLE}\n" in scored.output  # was …（2025版）（2025）
    # a sheet written before, headed …（2025版）（2025年版）, still names the standard
    rows[0][1] = TITLE + "（2025年版）"
    with sheet.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    again = runner.invoke(app, ["validate", str(sheet), "--standards-dir", str(folder)])
    assert again.exit_code == 0, again.output


def test_a_workbook_with_an_instructions_sheet_first_imports_its_table(tmp_path: Path) -> None:
    # 填表说明 first, the table second: the import asked for --columns, which could not help
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "填表说明"
    wb.active["A1"] = "本表由临江市应急管理局制定，请按要求填写。"
    ws = wb.create_sheet("评定标准")
    ws.append([TITLE])
    ws.append(["条款编号", "一级要素", "标准要求", "标准分", "评分标准"])
    ws.append(["1.1", "目标职责", "制定安全生产目标。", "60分", "未制定目标的，不得分。"])
    ws.append(["2.1", "现场管理", "设备定期检验。", "40分", "每台未检验扣10分。"])
    table = tmp_path / "评定标准.xlsx"
    wb.save(table)
    out = tmp_path / "linjiang.yaml"
    result = runner.invoke(
        app, ["standards", "import", str(table), "-o", str(out), "--id", "linjiang"]
    )
    assert result.exit_code == 0, result.output
    assert "ref: '2.1'" in out.read_text(encoding="utf-8")
    # a workbook with no table on any sheet still says what it said
    del wb["评定标准"]
    wb.save(table)
    result = runner.invoke(
        app, ["standards", "import", str(table), "-o", str(out), "--id", "linjiang"]
    )
    assert result.exit_code == 2
    assert result.output.startswith(f"{table}[填表说明]: error: cannot tell the columns")


def test_a_record_beside_the_standard_is_no_broken_standard(tmp_path: Path) -> None:
    # authoring.md's five commands keep the standard and the client's files in one folder
    # (--standards-dir .): a YAML record there made `standards list` print eleven errors
    # about it as a standard and exit 2, and a sheet naming its standard by title unknown
    folder = _standard(tmp_path)
    (folder / "record.yaml").write_text(
        "standard: linjiang@2025\nsubject: {kind: enterprise, name: 某公司}\n"
        "inspection: {date: 2025-04-20, by: 周敏}\nresponses: {'1.1': met}\n",
        encoding="utf-8",
    )
    # and the unit's profile (单位概况) beside them: no standard either
    (folder / "单位概况.yaml").write_text(
        "name: 某公司\nindustries: [食品生产]\nfeatures: [有限空间作业]\n", encoding="utf-8"
    )
    listed = runner.invoke(app, ["standards", "list", "--standards-dir", str(folder)])
    assert listed.exit_code == 0, listed.output
    assert "│ linjiang " in listed.output
    scored = runner.invoke(
        app, ["score", str(folder / "record.yaml"), "--standards-dir", str(folder)]
    )
    assert scored.exit_code == 0, scored.output
    sheet = folder / "自查表.csv"
    runner.invoke(
        app, ["init", "linjiang@2025", "--standards-dir", str(folder), "--format", "csv",
              "-o", str(sheet)],
    )  # fmt: skip
    checked = runner.invoke(app, ["validate", str(sheet), "--standards-dir", str(folder)])
    assert "record.yaml" not in checked.output
    assert "unknown standard" not in checked.output


def test_diff_of_two_years_under_a_standard_of_ones_own(tmp_path: Path) -> None:
    # the unknown-standard hint says --standards-dir; diff refused it (No such option), so two
    # years of a client under an imported table could not be compared without a safecli.yaml
    folder = _standard(tmp_path)
    head = (
        "standard: linjiang@2025\nsubject: {kind: enterprise, name: 某公司}\n"
        "inspection: {date: DATE, by: 周敏}\n"
    )
    old = folder / "2024.yaml"
    old.write_text(
        head.replace("DATE", "2024-04-18") + "responses: {'1.1': unmet, '2.1': met}\n",
        encoding="utf-8",
    )
    new = folder / "2025.yaml"
    new.write_text(
        head.replace("DATE", "2025-04-20") + "responses: {'1.1': met, '2.1': met}\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        ["diff", str(old), str(new), "--standards-dir", str(folder), "--lang", "en"],
    )
    assert result.exit_code == 0, result.output
    assert "40.0 → 100.0" in result.output


def test_a_blank_sheets_missing_rows_say_which_row_to_fill(tmp_path: Path, monkeypatch) -> None:
    # located at the 单位名称 cell, the hint said 请添加 name: … (YAML, in a spreadsheet)
    monkeypatch.setenv("SAFECLI_LANG", "zh")
    sheet = tmp_path / "自查表.csv"
    runner.invoke(app, ["init", "safe-enterprise", "--format", "csv", "-o", str(sheet)])
    result = runner.invoke(app, ["validate", str(sheet)])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"{sheet}:4:1: error: subject.name：缺少必填项 'name'（请在“单位名称”一行填写）",
        f"{sheet}:9:1: error: inspection.date：缺少必填项 'date'（请在“检查日期”一行填写）",
    ]
    result = runner.invoke(app, ["validate", str(sheet), "--lang", "en"])
    assert f"{sheet}:4:1: error: subject.name: missing required key 'name' (fill in the row " in (
        result.output
    )


def test_points_written_in_chinese_numerals_import(tmp_path: Path) -> None:
    # 分值 十分 (as a Word table writes it) was 'no points' and the 合计 then disagreed
    table = tmp_path / "细则.csv"
    with table.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["编号", "考核项目", "考核内容", "分值", "考核办法"])
        out.writerow(["1", "人员", "配备专职安全员不少于2名。", "十分", "每少一名扣5分。"])
        out.writerow(["2", "排查", "每月开展一次隐患排查。", "二十五分", "每少一次扣5分。"])
        out.writerow(["", "合计", "", "35", ""])
    result = runner.invoke(
        app, ["standards", "import", str(table), "-o", str(tmp_path / "s.yaml"), "--id", "x"]
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "s.yaml").read_text(encoding="utf-8")
    assert "points: 10\n" in text and "points: 25\n" in text


def test_a_heading_row_in_the_first_column_starts_a_section(tmp_path: Path) -> None:
    # 一、组织领导（20分） merged across the row from the 编号 column (a Word table's 类目): the
    # import put every item in one section, 第1部分, and dropped both headings
    table = tmp_path / "细则.csv"
    with table.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["编号", "考核项目", "考核内容", "分值", "考核办法"])
        out.writerow(["一、组织领导（20分）", "", "", "", ""])
        out.writerow(["1", "机构", "乡镇成立安委会。", "20", "未成立的不得分。"])
        out.writerow(["二、隐患排查（80分）", "", "", "", ""])
        out.writerow(["2", "排查", "每月开展一次隐患排查。", "80", "每少一次扣5分。"])
        out.writerow(["3", "", "", "", ""])  # a stray number is no heading
    result = runner.invoke(
        app, ["standards", "import", str(table), "-o", str(tmp_path / "s.yaml"), "--id", "x"]
    )
    assert result.exit_code == 0, result.output
    from safecli.read.standards import load_standard

    std = load_standard(tmp_path / "s.yaml")
    assert [(s.id, s.title.zh, [i.id for i in s.items]) for s in std.sections] == [
        ("s1", "一、组织领导", ["s1.1.1"]),
        ("s2", "二、隐患排查", ["s2.1.1"]),
    ]
