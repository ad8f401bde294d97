"""The 自查表: `safecli init` writes a blank sheet; a filled one scores like the YAML record."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from safecli.api import read_sheet
from safecli.cli.app import app
from safecli.model.errors import InvalidFile

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SHEETS = FIXTURES / "sheets"
MINI_DIR = FIXTURES / "standards"
COMMUNITY_RECORD = ROOT / "examples" / "records" / "safe-community.yaml"
ZH_WORDS = {"met": "符合", "partial": "部分符合", "unmet": "不符合", "na": "不适用"}


def _numbered() -> dict[str, list[str]]:
    """Each number on paper (五、6) the Chinese 自查表 prints, with the ids it stands for."""
    from safecli.model.numbering import paper_numbers
    from safecli.read.catalog import Catalog, default_catalog

    out: dict[str, list[str]] = {}
    for catalog in (default_catalog(), Catalog([MINI_DIR])):
        for std in catalog.standards():
            for item_id, number in paper_numbers(std).items():
                out.setdefault(number, []).append(item_id)
    return out


def row_key(value: Any, rows: dict[str, Any]) -> Any:
    """The id a sheet row stands for, whether the sheet prints the id or the number on paper."""
    if value in rows:
        return value
    return next((i for i in _numbered().get(str(value), []) if i in rows), value)


runner = CliRunner()


def run(*args: str) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def score_json(path: Path, *extra: str) -> dict[str, Any]:
    result = run("score", path, "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def same_score(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert a["total"] == b["total"]
    assert a["earned"] == b["earned"]
    assert a["points"] == b["points"]
    assert a["grade"] == b["grade"]
    assert [r["id"] for r in a["veto"]["rules"]] == [r["id"] for r in b["veto"]["rules"]]
    assert {i["id"]: (i["status"], i["earned"]) for i in a["items"]} == {
        i["id"]: (i["status"], i["earned"]) for i in b["items"]
    }


# ---------------------------------------------------------------- the answers, as rows


def answers_of(record: dict[str, Any], standard: Any) -> dict[str, dict[str, Any]]:
    """A YAML record's answers as the cells of the 自查表, keyed by item id and column key."""
    rows: dict[str, dict[str, Any]] = {}
    for item_id, response in record.get("responses", {}).items():
        response = {"status": response} if isinstance(response, str) else response
        cells: dict[str, Any] = {}
        if "status" in response:
            cells["result"] = ZH_WORDS[response["status"]]
        if "score" in response:
            cells["score"] = response["score"]
        if "deductions" in response:
            cells["deductions"] = "；".join(f"{k}×{v}" for k, v in response["deductions"].items())
        if "finding" in response:
            cells["finding"] = response["finding"]
        rows[item_id] = cells
    for item in standard.items():
        if item.metric and item.metric in record.get("metrics", {}):
            rows.setdefault(item.id, {})["value"] = record["metrics"][item.metric]
    for finding in record.get("findings", []):
        cells = rows.setdefault(finding["item"], {})
        text = finding["text"]
        cells["finding"] = ("[重大]" + text) if finding.get("level") == "major" else text
        cells["measure"] = finding.get("measure")
        cells["owner"] = finding.get("owner")
        cells["due"] = finding.get("due")
        if finding.get("status") == "closed":
            cells["state"] = "已整改"
    return rows


SUBJECT_KEYS = {
    "name": ("subject", "name"),
    "id": ("subject", "id"),
    "industry": ("subject", "industry"),
    "employees": ("subject", "employees"),
    "region": ("subject", "region"),
    "date": ("inspection", "date"),
    "by": ("inspection", "by"),
}


def subject_values(record: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, (part, name) in SUBJECT_KEYS.items():
        value = record.get(part, {}).get(name)
        if value is not None:
            out[key] = value
    return out


COLUMN_KEYS = {
    "编号": "id",
    "id": "id",
    "自评结果": "result",
    "result": "result",
    "实得分": "score",
    "score": "score",
    "实测值": "value",
    "value": "value",
    "扣分项": "deductions",
    "deductions": "deductions",
    "存在问题": "finding",
    "finding": "finding",
    "整改措施": "measure",
    "measure": "measure",
    "责任人": "owner",
    "owner": "owner",
    "整改期限": "due",
    "due": "due",
    "整改状态": "state",
    "state": "state",
}
FIELD_KEYS = {
    "单位名称": "name",
    "name": "name",
    "统一社会信用代码": "id",
    "id": "id",
    "行业": "industry",
    "industry": "industry",
    "从业人员": "employees",
    "employees": "employees",
    "地区": "region",
    "region": "region",
    "检查日期": "date",
    "date": "date",
    "检查人": "by",
    "by": "by",
}


def fill_xlsx(
    blank: Path,
    out: Path,
    rows: dict[str, dict[str, Any]],
    subject: dict[str, Any],
    metrics: dict[str, Any] | None = None,
    incidents: list[list[Any]] = (),
) -> None:
    wb = openpyxl.load_workbook(blank)
    items, info, accidents = wb.worksheets
    header = {COLUMN_KEYS.get(c.value): c.column for c in items[1] if c.value in COLUMN_KEYS}
    for row in items.iter_rows(min_row=2):
        cells = rows.get(row_key(row[0].value, rows), {})
        for key, value in cells.items():
            if value is not None:
                items.cell(row[0].row, header[key]).value = value
    for row in info.iter_rows(min_row=2):
        key = FIELD_KEYS.get(row[0].value)
        if key in subject:
            row[1].value = subject[key]
        elif metrics and row[0].value in metrics:
            row[1].value = metrics[row[0].value]
    for incident in incidents:
        accidents.append(incident)
    wb.save(out)


def fill_csv(
    blank: Path,
    out: Path,
    rows: dict[str, dict[str, Any]],
    subject: dict[str, Any],
    encoding: str,
    metrics: dict[str, Any] | None = None,
) -> None:
    table = list(csv.reader(io.StringIO(blank.read_bytes().decode("utf-8-sig"), newline="")))
    header: dict[str, int] = {}
    for line in table:
        if not line:
            continue
        if line[0] in ("编号", "id") and len(line) > 3:
            header = {COLUMN_KEYS[c]: i for i, c in enumerate(line) if c in COLUMN_KEYS}
            continue
        if not header:
            key = FIELD_KEYS.get(line[0])
            if key in subject:
                line[1] = str(subject[key])
            elif metrics and line[0] in metrics:
                line[1] = str(metrics[line[0]])
            continue
        for key, value in rows.get(row_key(line[0], rows), {}).items():
            if value is not None:
                line[header[key]] = str(value)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(table)
    out.write_bytes(buffer.getvalue().encode(encoding))


def fill_yaml(blank: Path, out: Path, record: dict[str, Any]) -> None:
    text = blank.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  name: .*$", f"  name: {record['subject']['name']}", text)
    date = record["inspection"]["date"]
    text = re.sub(r"(?m)^  date: .*$", f"  date: {date}", text)
    for item_id, response in record.get("responses", {}).items():
        value = json.dumps(response, ensure_ascii=False)
        text, count = re.subn(
            rf"(?m)^  # {re.escape(item_id)}: met  #.*$", f"  {item_id}: {value}", text
        )
        assert count == 1, item_id
    for metric, value in record.get("metrics", {}).items():
        text, count = re.subn(rf"(?m)^  # {re.escape(metric)}:  #.*$", f"  {metric}: {value}", text)
        assert count == 1, metric
    if record.get("findings"):
        text += "findings:\n" + "".join(
            f"  - {json.dumps(f, ensure_ascii=False, default=str)}\n" for f in record["findings"]
        )
    out.write_text(text, encoding="utf-8")


def init(tmp_path: Path, standard: str, fmt: str, *extra: str) -> Path:
    out = tmp_path / f"blank-{standard.split('@')[0]}.{fmt}"
    result = run("init", standard, "--format", fmt, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def community() -> tuple[dict[str, Any], Any]:
    from safecli.read.catalog import default_catalog

    record = yaml.safe_load(COMMUNITY_RECORD.read_text(encoding="utf-8"))
    return record, default_catalog().get(record["standard"])


# ---------------------------------------------------------------- round trips


def test_yaml_blank_filled_scores_like_the_record(tmp_path, community):
    record, _ = community
    blank = init(tmp_path, "safe-community", "yaml")
    assert run("validate", blank).exit_code == 2  # a blank record is not a record yet
    filled = tmp_path / "filled.yaml"
    # the example's subject has more than the blank asks for; keep those out of the comparison
    fill_yaml(blank, filled, record)
    expected = score_json(COMMUNITY_RECORD)
    same_score(score_json(filled), expected)


def test_xlsx_filled_scores_like_the_record(tmp_path, community):
    record, std = community
    blank = init(tmp_path, "safe-community", "xlsx")
    filled = tmp_path / "filled.xlsx"
    fill_xlsx(blank, filled, answers_of(record, std), subject_values(record))
    got, expected = score_json(filled), score_json(COMMUNITY_RECORD)
    same_score(got, expected)
    assert 0 < expected["total"] < 100  # some items lost points: the comparison means something


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_filled_scores_like_the_record(tmp_path, community, encoding):
    record, std = community
    blank = init(tmp_path, "safe-community", "csv")
    assert blank.read_bytes().startswith(b"\xef\xbb\xbf")
    filled = tmp_path / "filled.csv"
    fill_csv(blank, filled, answers_of(record, std), subject_values(record), encoding)
    if encoding == "gb18030":
        with pytest.raises(UnicodeDecodeError):
            filled.read_bytes().decode("utf-8")
    same_score(score_json(filled), score_json(COMMUNITY_RECORD))


def test_sheet_reads_back_findings_and_subject(tmp_path, community):
    record, std = community
    blank = init(tmp_path, "safe-community", "xlsx")
    filled = tmp_path / "filled.xlsx"
    rows = answers_of(record, std)
    rows["traffic.2"]["finding"] = "[重大]小区东门非机动车乱停"
    rows["traffic.2"].update(owner="物业公司", due="2025/12/01")
    fill_xlsx(blank, filled, rows, subject_values(record))
    doc = read_sheet(filled, None)
    data = doc.data
    assert data["standard"] == "safe-community@2019"
    assert data["subject"]["kind"] == "community"
    assert data["subject"]["name"] == "长安区建北街道育才社区"
    assert data["inspection"]["date"] == "2025-11-20"
    assert data["responses"]["organization.5"] == {
        "deductions": {"officer-appraisal": 1, "accident-reporting": 1}
    }
    assert data["responses"]["production.5"] == {"status": "部分符合", "score": 1}
    assert data["metrics"]["survey_rate"] == 97.5
    findings = {f["item"]: f for f in data["findings"]}
    assert findings["fire.2"]["due"] == "2025-12-05"
    assert findings["fire.2"]["id"].startswith("R")
    assert findings["traffic.2"]["level"] == "major"
    assert findings["traffic.2"]["text"] == "小区东门非机动车乱停"
    assert findings["traffic.2"]["due"] == "2025-12-01"
    assert "organization.1" in data["responses"] and "production.3" not in data["responses"]
    assert doc.path == f"{filled}[自查表]"
    line, col = doc.marks[("responses", "fire.2", "status")]
    # the sheet names the item by its number on paper, the record by its id
    assert (
        col == 8 and openpyxl.load_workbook(filled)["自查表"].cell(line, 1).value == "附件2 三、4"
    )


def test_empty_result_leaves_item_unanswered(tmp_path, community):
    record, std = community
    blank = init(tmp_path, "safe-community", "xlsx")
    filled = tmp_path / "filled.xlsx"
    rows = answers_of(record, std)
    del rows["fire.3"]
    fill_xlsx(blank, filled, rows, subject_values(record))
    got = score_json(filled)
    assert got["unanswered"] == ["fire.3"]
    items = {i["id"]: i for i in got["items"]}
    assert items["fire.3"]["earned"] == 0
    assert got["earned"] == score_json(COMMUNITY_RECORD)["earned"] - 2


def test_score_beside_status_follows_the_paper_form(tmp_path, community):
    """实得分 filled on every row (full points beside 符合, 0 beside 不符合) is accepted."""
    record, std = community
    blank = init(tmp_path, "safe-community", "xlsx")
    filled = tmp_path / "filled.xlsx"
    rows = answers_of(record, std)
    points = {i.id: i.points for i in std.items()}
    for item_id, cells in rows.items():
        if cells.get("result") == "符合":
            cells["score"] = points[item_id]
        elif cells.get("result") == "不符合":
            cells["score"] = 0
    rows["organization.1"] = {"score": 2}  # no result: the score says met
    fill_xlsx(blank, filled, rows, subject_values(record))
    same_score(score_json(filled), score_json(COMMUNITY_RECORD))


def test_problem_cell_of_a_not_applicable_row_is_its_reason(tmp_path, community):
    """On a row answered 不适用 the 存在问题 cell is the 空项理由 (na_reason), shown in reasons."""
    record, std = community
    blank = init(tmp_path, "safe-community", "xlsx")
    filled = tmp_path / "filled.xlsx"
    rows = answers_of(record, std)
    rows["fire.3"] = {"result": "不适用", "finding": "社区内无门店商铺"}
    fill_xlsx(blank, filled, rows, subject_values(record))
    data = read_sheet(filled).data
    assert data["responses"]["fire.3"] == {"status": "不适用", "na_reason": "社区内无门店商铺"}
    items = {i["id"]: i for i in score_json(filled)["items"]}
    assert items["fire.3"]["status"] == "na"
    assert "理由：社区内无门店商铺" in items["fire.3"]["reason"]


# ---------------------------------------------------------------- English headers, mini standard

MINI_RECORD = {
    "standard": "mini@1",
    "subject": {
        "kind": "enterprise",
        "id": "914403001922038216",
        "name": "测试企业",
        "industry": "manufacturing",
        "employees": 120,  # a.4 (300+ staff only) does not apply, so it may be answered na
    },
    "inspection": {"date": "2025-05-10", "by": "张三"},
    "responses": {
        "a.1": "met",
        "a.2": {"status": "partial", "score": 3},
        "a.3": {"deductions": {"sign": 1, "log": 0}},
        "a.4": "na",
        "b.2": "met",
    },
    "metrics": {"inspections": 30},
}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_english_sheet_of_mini_scores_like_the_record(tmp_path, fmt):
    reference = tmp_path / "mini.yaml"
    reference.write_text(yaml.safe_dump(MINI_RECORD, allow_unicode=True), encoding="utf-8")
    expected = score_json(reference, "--standards-dir", MINI_DIR)
    # 4 + 3 + 2 + 0(na) + 4*30/40 + 3 = 15 of 18 → 83.3
    assert expected["total"] == 83.3 and expected["grade"]["id"] == "mid"
    blank = init(tmp_path, "mini@1", fmt, "--lang", "en", "--standards-dir", MINI_DIR)
    filled = tmp_path / f"filled.{fmt}"
    rows = {
        "a.1": {"result": "met"},
        "a.2": {"result": "partial", "score": 3},
        "a.3": {"deductions": "sign=1, log=0"},
        "a.4": {"result": "na"},
        "b.1": {"value": 30},
        "b.2": {"result": "met"},
    }
    subject = {"name": "测试企业", "id": "914403001922038216", "industry": "manufacturing"}
    subject |= {"employees": 120, "date": "2025-05-10", "by": "张三"}
    if fmt == "xlsx":
        fill_xlsx(blank, filled, rows, subject)
        wb = openpyxl.load_workbook(filled)
        assert wb.sheetnames == ["checklist", "subject", "incidents"]
        assert [c.value for c in wb["checklist"][1]][:3] == ["id", "section", "text"]
    else:
        fill_csv(blank, filled, rows, subject, "utf-8-sig")
    same_score(score_json(filled, "--standards-dir", MINI_DIR), expected)


def test_incidents_and_veto_metric_on_their_sheet(tmp_path):
    blank = init(tmp_path, "mini@1", "xlsx", "--standards-dir", MINI_DIR)
    info = openpyxl.load_workbook(blank)["单位信息"]
    assert "inspections_resisted" in [r[0].value for r in info.iter_rows()]
    rows = {i: {"result": "符合"} for i in ("a.1", "a.2", "a.3", "a.4", "b.2")}
    rows["b.1"] = {"value": 40}
    subject = {"name": "测试企业", "id": "914403001922038216", "employees": 320}
    subject |= {"date": "2025-05-10"}
    filled = tmp_path / "filled.xlsx"
    fill_xlsx(blank, filled, rows, subject, incidents=[["2024-05-10", "高处坠落", 1, 0, 0, "x"]])
    got = score_json(filled, "--standards-dir", MINI_DIR)
    assert got["total"] == 100.0
    assert [r["id"] for r in got["veto"]["rules"]] == ["fatal"]
    assert got["grade"]["id"] == "mid"
    fill_xlsx(blank, filled, rows, subject, metrics={"inspections_resisted": 1})
    got = score_json(filled, "--standards-dir", MINI_DIR)
    assert [r["id"] for r in got["veto"]["rules"]] == ["resisted"]
    assert got["grade"]["id"] == "low"


# ---------------------------------------------------------------- bad sheets


def located(output: str) -> list[str]:
    lines = [line for line in output.splitlines() if line.strip()]
    assert "Traceback" not in output
    return lines


def test_missing_columns_are_named(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自查表"
    ws.append(["编号", "检查内容", "实得分"])
    ws.append(["a.1", "条款一", 4])
    info = wb.create_sheet("单位信息")
    info.append(["标准", "mini@1"])
    path = tmp_path / "cols.xlsx"
    wb.save(path)
    result = run("score", path, "--standards-dir", MINI_DIR)
    assert result.exit_code == 2
    lines = located(result.output)
    assert lines == [
        f"{path}[自查表]:1:1: error: missing required columns: 自评结果 (result), 实测值 (value) "
        "(the 自查表 columns are: "
        + ", ".join(
            f"{a}/{b}"
            for a, b in [
                ("编号", "id"),
                ("部分", "section"),
                ("检查内容", "text"),
                ("分值", "points"),
                ("类型", "kind"),
                ("指标", "metric"),
                ("目标", "target"),
                ("自评结果", "result"),
                ("实得分", "score"),
                ("实测值", "value"),
                ("扣分项", "deductions"),
                ("证明材料", "evidence"),
                ("存在问题", "finding"),
                ("不适用理由", "na_reason"),
                ("隐患等级", "level"),
                ("整改措施", "measure"),
                ("责任人", "owner"),
                ("整改期限", "due"),
                ("整改状态", "state"),
            ]
        )
        + ")"
    ]


def _community_sheet(tmp_path: Path, community, edit) -> Path:
    record, std = community
    blank = init(tmp_path, "safe-community", "xlsx")
    filled = tmp_path / "bad.xlsx"
    fill_xlsx(blank, filled, answers_of(record, std), subject_values(record))
    wb = openpyxl.load_workbook(filled)
    edit(wb)
    wb.save(filled)
    return filled


def _row_of(ws: Any, item_id: str) -> int:
    """The row of an item, which the Chinese sheet names by its number on paper."""
    return next(
        r[0].row
        for r in ws.iter_rows()
        if r[0].value == item_id or item_id in _numbered().get(str(r[0].value), [])
    )


def test_bad_status_and_bad_score_are_located_together(tmp_path, community):
    rows: dict[str, int] = {}

    def edit(wb):
        ws = wb["自查表"]
        rows["status"] = _row_of(ws, "fire.6")
        rows["score"] = _row_of(ws, "traffic.2")
        ws.cell(rows["status"], 8).value = "符和"
        ws.cell(rows["score"], 9).value = "两分"
        wb["单位信息"]["B10"] = "下周二"  # 检查日期

    path = _community_sheet(tmp_path, community, edit)
    result = run("score", path)
    assert result.exit_code == 2
    assert located(result.output) == [
        f"{path}[单位信息]:10:2: error: 检查日期: '下周二' is not a date (write it as YYYY-MM-DD)",
        f"{path}[自查表]:{rows['status']}:8: error: responses.fire.6.status: unknown status '符和' "
        "(expected one of: met, partial, unmet, na, 符合, 不存在, 基本符合, 部分符合, 不符合, 存在, 不适用, 缺项)",
        f"{path}[自查表]:{rows['score']}:9: error: 实得分: expected a number but received: '两分' "
        "(write the number alone, e.g. 40 or 2.5)",
    ]


def test_a_formula_with_no_computed_value_is_located(tmp_path, community):
    """A sheet saved by a program that writes formulas without their values (a script, some
    converters) holds no answer there: an error at each such cell, never a silent 未作答."""
    rows: dict[str, int] = {}

    def edit(wb):
        ws = wb["自查表"]
        rows["status"] = _row_of(ws, "fire.6")
        rows["score"] = _row_of(ws, "traffic.2")
        ws.cell(rows["status"], 8).value = '=IF(TRUE,"符合","不符合")'
        ws.cell(rows["score"], 8).value = "部分符合"
        ws.cell(rows["score"], 9).value = "=2*0.25"

    path = _community_sheet(tmp_path, community, edit)
    result = run("score", path)
    assert result.exit_code == 2
    hint = "(open the file in Excel or WPS and save it, or type the value)"
    assert located(result.output) == [
        f"{path}[自查表]:{rows['status']}:8: error: the cell holds a formula with no computed "
        f"value {hint}",
        f"{path}[自查表]:{rows['score']}:9: error: the cell holds a formula with no computed "
        f"value {hint}",
    ]


def test_a_formula_with_its_computed_value_reads_the_value(tmp_path, community):
    """As Excel saves it: the formula and the value it computed; the value is the answer."""
    import re
    import zipfile

    rows: dict[str, int] = {}

    def edit(wb):
        ws = wb["自查表"]
        rows["score"] = _row_of(ws, "traffic.2")
        ws.cell(rows["score"], 8).value = "部分符合"
        ws.cell(rows["score"], 9).value = "=2*0.25"

    path = _community_sheet(tmp_path, community, edit)
    cached = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(cached, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"(<f>2\*0.25</f>)(<v\s*/>|<v></v>)?", rb"\1<v>0.5</v>", data)
            dst.writestr(info, data)
    scored = score_json(cached)
    item = next(i for i in scored["items"] if i["id"] == "traffic.2")
    assert (item["status"], item["earned"]) == ("partial", 0.5)


def test_a_measured_value_with_its_unit_reads_as_the_number(tmp_path, community):
    """A number cell typed with its unit, as people type 实测值 (24小时, 3天, 2处): the number."""
    rows: dict[str, int] = {}

    def edit(wb):
        ws = wb["自查表"]
        rows["score"] = _row_of(ws, "traffic.2")
        ws.cell(rows["score"], 8).value = "部分符合"
        ws.cell(rows["score"], 9).value = "1小时"

    path = _community_sheet(tmp_path, community, edit)
    scored = score_json(path)
    item = next(i for i in scored["items"] if i["id"] == "traffic.2")
    assert (item["status"], item["earned"]) == ("partial", 1)


def test_merged_and_empty_header_cells(tmp_path, community):
    def edit(wb):
        ws = wb["自查表"]
        ws.cell(1, 5).value = None  # 类型
        ws.merge_cells("F1:G1")  # 指标 + 目标

    path = _community_sheet(tmp_path, community, edit)
    result = run("validate", path)
    assert result.exit_code == 2
    assert located(result.output) == [
        f"{path}[自查表]:1:5: error: the header cell of column 5 is empty (name the column, or "
        "delete it)",
        f"{path}[自查表]:1:6: error: a header cell is merged (unmerge the header row: each column "
        "needs its own name)",
        f"{path}[自查表]:1:7: error: a header cell is merged (unmerge the header row: each column "
        "needs its own name)",
    ]


def test_unknown_item_and_score_above_points_in_csv(tmp_path, community):
    record, std = community
    blank = init(tmp_path, "safe-community", "csv")
    filled = tmp_path / "bad.csv"
    rows = answers_of(record, std)
    rows["production.5"]["score"] = 5
    fill_csv(blank, filled, rows, subject_values(record), "gb18030")
    # the sheet names items by their numbers on paper: food.5 is 附件2 五、5
    text = filled.read_bytes().decode("gb18030").replace("附件2 五、5,", "附件2 五、55,")
    filled.write_bytes(text.encode("gb18030"))
    lines = text.splitlines()
    line_of = {ln.split(",")[0]: n for n, ln in enumerate(lines, start=1)}
    result = run("score", filled)
    assert result.exit_code == 2
    out = located(result.output)
    assert len(out) == 2, out
    assert out[0].startswith(
        f"{filled}:{line_of['附件2 二、5']}:9: error: production.5: score 5 is above the item's "
        "2 points (give 0..2)"
    )
    assert out[1].startswith(
        f"{filled}:{line_of['附件2 五、55']}:1: error: unknown item '附件2 五、55' in "
        "safe-community@2019"
    )


def test_a_utf16_csv_is_named_so_not_binary(tmp_path):
    """Excel's "Unicode text" is UTF-16: a text file in an encoding the reader does not take."""
    path = tmp_path / "自查表.csv"
    path.write_bytes("编号,自评结果\n四、1,符合\n".encode("utf-16"))
    result = run("score", path)
    assert result.exit_code == 2
    assert located(result.output) == [
        f"{path}:1:1: error: the file is encoded in UTF-16 (save it as CSV UTF-8)"
    ]


def test_not_a_workbook(tmp_path):
    path = tmp_path / "record.xlsx"
    path.write_text("standard: mini@1\n", encoding="utf-8")
    result = run("score", path)
    assert result.exit_code == 2
    (line,) = located(result.output)
    assert line.startswith(f"{path}: error: this is not an Excel workbook")


def test_missing_subject_sheet(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["编号", "自评结果"])
    path = tmp_path / "one.xlsx"
    wb.save(path)
    with pytest.raises(InvalidFile) as error:
        read_sheet(path, None)
    assert [p.message for p in error.value.problems] == ["no 单位信息 (subject) sheet"]


def test_fixture_sheets_report_their_problems():
    """The committed fixture: every problem of the sheet in one run."""
    path = SHEETS / "many-problems.csv"
    result = run("validate", path, "--standards-dir", MINI_DIR)
    assert result.exit_code == 2
    assert [line.split(": error: ")[0] for line in located(result.output)] == [
        f"{path}:2:1",  # unknown field
        f"{path}:6:2",  # 检查日期 not a date
        f"{path}:9:8",  # unknown status
        f"{path}:10:9",  # score not a number
        f"{path}:11:17",  # due not a date
    ]


def test_fixture_sheet_scores():
    path = SHEETS / "mini-filled.csv"
    got = score_json(path, "--standards-dir", MINI_DIR)
    assert got["total"] == 83.3
    assert got["grade"]["id"] == "mid"


# ---------------------------------------------------------------- init itself


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "yaml"])
def test_init_is_deterministic(tmp_path, fmt):
    first = init(tmp_path, "safe-community", fmt)
    data = first.read_bytes()
    first.unlink()
    second = init(tmp_path, "safe-community", fmt)
    assert second.read_bytes() == data


def test_init_xlsx_layout(tmp_path):
    path = init(tmp_path, "safe-community@2019", "xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["自查表", "单位信息", "事故"]
    ws = wb["自查表"]
    header = [c.value for c in ws[1]]
    assert header[:10] == [
        "编号",
        "部分",
        "检查内容",
        "分值",
        "类型",
        "指标",
        "目标",
        "自评结果",
        "实得分",
        "实测值",
    ]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.max_row == 1 + 53
    row = _row_of(ws, "production.3")
    assert ws.cell(row, 6).value == "生产经营单位安全状况普查率"  # the metric by its name
    assert ws.cell(row, 7).value == "≥ 95%"
    (validation,) = [v for v in ws.data_validations.dataValidation if "H2" in str(v.sqref)]
    assert validation.formula1 == '"符合,部分符合,不符合,不适用"'
    info = {r[0].value: r[1].value for r in wb["单位信息"].iter_rows(min_row=2)}
    # the standard as people name it; the reader takes the name for safe-community@2019
    assert info["标准"] == "创建“安全社区”工作实施方案（2019年版）" and info["单位类型"] == "社区"
    assert ws.cell(row, 1).value == "附件2 二、3"  # items by their numbers on paper
    assert header[13] == "不适用理由"
    assert wb.properties.created.year == 2000


def test_init_unknown_standard(tmp_path):
    out = tmp_path / "x.xlsx"
    result = run("init", "safe-comunity", "-o", out)
    assert result.exit_code == 2
    assert "unknown standard 'safe-comunity' (did you mean 'safe-community'?" in result.output
    assert not out.exists()


def test_init_needs_a_file_for_xlsx():
    result = run("init", "safe-community", "--format", "xlsx")
    assert result.exit_code == 2
    assert "-o: error: a xlsx sheet needs a file" in result.output


def test_init_yaml_to_stdout_and_format_from_suffix(tmp_path):
    result = run("init", "safe-community")
    assert result.exit_code == 0
    assert result.stdout.startswith("# 自查记录（空白）· safe-community@2019")
    assert "  # fire.3: met  # " in result.stdout
    assert "  # survey_rate:  # 目标 ≥ 95% (production.3)" in result.stdout
    out = tmp_path / "sheet.csv"
    assert run("init", "safe-community", "-o", out).exit_code == 0
    assert out.read_bytes().startswith("\ufeff标准,创建“安全社区”工作实施方案（2019年版）".encode())


def test_example_sheet_scores_and_is_up_to_date():
    import importlib.util

    path = ROOT / "examples" / "records" / "safe-community-自查表.xlsx"
    got = score_json(path)
    assert got["standard"] == "safe-community@2019"
    assert (got["total"], got["grade"]["id"]) == (89.3, "pass")
    assert {f["item"]: f["level"] for f in got["findings"]}["fire.3"] == "major"
    spec = importlib.util.spec_from_file_location(
        "make_sheets", ROOT / "examples" / "make_sheets.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.make() == path.read_bytes(), "run python examples/make_sheets.py"


def test_a_deduction_by_its_chinese_name_scores_like_its_id(tmp_path: Path) -> None:
    """A client types 外来人员管理 1 (or the deduction's full text) instead of the id."""
    from safecli.api import score_file

    out = tmp_path / "blank.csv"
    init = runner.invoke(app, ["init", "safe-enterprise", "--format", "csv", "-o", str(out)])
    assert init.exit_code == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))

    def filled(deductions: str) -> Path:
        data = [list(r) for r in rows]
        head = next(i for i, r in enumerate(data) if r and r[0] == "编号")
        cols = data[head]
        for r in data:
            if r and r[0] == "单位名称":
                r[1] = "某某机械有限公司"
            if r and r[0] == "检查日期":
                r[1] = "2025-06-01"
        for r in data[head + 1 :]:
            if not r or not r[0]:
                continue
            if r[0] == "五、4":  # content.4, by its number on paper
                r[cols.index("扣分项")] = deductions
            elif r[cols.index("类型")] == "检查项":
                r[cols.index("自评结果")] = "符合"
        path = tmp_path / f"{len(list(tmp_path.iterdir()))}.csv"
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(data)
        path.write_text(buffer.getvalue(), encoding="utf-8")
        return path

    by_id = score_file(filled("outside-personnel×1；foreign-affairs×1"))
    by_name = score_file(filled("外来人员管理 1；涉外工作安全管理 1"))
    by_text = score_file(
        filled("缺外来人员管理制度或其台帐扣1分；缺涉外工作安全管理制度或其台帐扣1分")
    )
    assert by_id.item("content.4").earned == 6
    assert by_name.total == by_id.total == by_text.total
    assert by_name.item("content.4").earned == by_text.item("content.4").earned == 6
    unknown = runner.invoke(app, ["score", str(filled("外来人员 1"))])
    assert unknown.exit_code == 2 and "has no deduction '外来人员'" in unknown.stderr


def test_init_writes_profile_rows_and_plan_reads_them(tmp_path: Path) -> None:
    """The 单位信息 sheet carries the unit profile (单位概况) a plan needs."""
    blank = tmp_path / "自查表.xlsx"
    init = runner.invoke(app, ["init", "safe-enterprise", "--format", "xlsx", "-o", str(blank)])
    assert init.exit_code == 0
    wb = openpyxl.load_workbook(blank)
    assert wb.sheetnames == ["自查表", "单位信息", "事故"]
    info = wb["单位信息"]
    rows = {info.cell(r, 1).value: r for r in range(1, info.max_row + 1)}
    for field in ("单位全称", "领导小组组长", "领导小组副组长", "部门对应", "编制日期"):
        assert field in rows, field
    values = {
        "单位名称": "宁波某精密机械有限公司",
        "检查日期": "2026-02-01",
        "主要负责人": "陈建华（总经理）",
        "领导小组组长": "陈建华（总经理）",
        "领导小组副组长": "刘志明（副总经理）；周敏（安全总监）",
        "领导小组成员": "王磊（安全环保部部长）、孙丽（综合办公室主任）",
        "办公室设在": "安全环保部",
        "办公室主任": "王磊（安全环保部部长）",
        "方案联系人": "赵倩（安全员） 0574-88880000",
        "部门对应": "安全环保部=安全管理部门、保卫部门；综合办公室=办公室",
        "编制日期": "2026-02-20",
    }
    for field, value in values.items():
        info.cell(rows[field], 2).value = value
    items = wb["自查表"]
    for r in range(2, items.max_row + 1):
        if items.cell(r, 5).value == "检查项":
            items.cell(r, 8).value = "符合"
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    result = runner.invoke(app, ["plan", str(filled), "--start", "2026-03-01"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "- 组　长：陈建华（总经理）" in text
    assert "- 副组长：刘志明（副总经理）、周敏（安全总监）" in text
    assert (
        "办公室设在安全环保部，王磊（安全环保部部长）任办公室主任，联系人：赵倩（安全员） 0574-88880000"
        in text
    )
    assert "| 安全环保部<br>（承担：安全管理部门、保卫部门） |" in text
    assert text.rstrip().count("2026年2月20日") >= 1  # the 落款
    # a bad date is located in the sheet
    info.cell(rows["编制日期"], 2).value = "下周"
    wb.save(filled)
    bad = runner.invoke(app, ["plan", str(filled), "--start", "2026-03-01"])
    assert bad.exit_code == 2 and "[单位信息]" in bad.stderr and "编制日期" in bad.stderr
