"""One table writer (`safecli.render.tables`): summary, findings (the ledger and its closure
statistics) and export write csv, xlsx and terminal tables through it, and it cleans text once.

The bugs it fixed, tests first: `findings --format xlsx` stopped with an internal error on a
finding text holding \\x01 (openpyxl refuses it; summary cleaned it, the ledger did not), and
`findings --format table` passed ESC[31m to the terminal (the summary table removed it).
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from safecli.cli.app import app
from safecli.model import archive, neutralise
from safecli.render import tables

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = "配电箱\x01未接地\x1b[31m红\x1b[0m\u202e反向\u2066x\u2069=1+2"
runner = CliRunner()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "ledger", root)
    shutil.copytree(FIXTURES / "standards", tmp_path / "standards")
    path = root / "records" / "yi-2025-09.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "text: 储罐区防雷检测过期", 'text: "' + HOSTILE.encode("unicode_escape").decode() + '"'
    )
    path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("SAFECLI_TODAY", "2026-11-25")
    return root


SHOWN = "配电箱未接地红[U+202E]反向[U+2066]x[U+2069]=1+2"
"""What every table shows of HOSTILE: controls and escapes gone, bidi controls as marks."""


def test_findings_xlsx_takes_a_control_character(repo: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "台账.xlsx"
    result = runner.invoke(app, ["findings", "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out)["隐患台账"]
    texts = [c.value for row in sheet.iter_rows() for c in row]
    assert SHOWN in texts


def test_findings_table_passes_no_escape_to_the_terminal(repo: Path) -> None:
    result = runner.invoke(app, ["findings", "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x01" not in result.stdout
    assert "\u202e" not in result.stdout and "\u2066" not in result.stdout
    assert "[U+202E]" in result.stdout


def test_findings_and_summary_csv_clean_the_same_way(repo: Path) -> None:
    found = runner.invoke(app, ["findings", "--format", "csv"])
    summary = runner.invoke(app, ["summary", "--format", "csv"])
    assert found.exit_code == 0 and summary.exit_code == 0, found.output + summary.output
    cells = [c for r in csv.reader(io.StringIO(found.stdout.lstrip("\ufeff"))) for c in r]
    assert SHOWN in cells
    assert "\x01" not in summary.stdout and "\x1b" not in summary.stdout


def test_one_file_mode_and_fixed_times_in_every_zip(repo: Path, tmp_path: Path) -> None:
    made = []
    for args in (
        ["findings", "--format", "xlsx"],
        ["summary", "--format", "xlsx"],
        ["findings", "--format", "docx"],
    ):
        out = tmp_path / f"{args[0]}.{args[-1]}"
        assert runner.invoke(app, [*args, "-o", str(out)]).exit_code == 0
        made.append(out)
    blank = tmp_path / "blank.xlsx"
    args = ["init", "mini@1", "--standards-dir", str(FIXTURES / "standards"), "-o", str(blank)]
    assert runner.invoke(app, args).exit_code == 0
    for path in [*made, blank]:
        with zipfile.ZipFile(path) as packed:
            infos = packed.infolist()
        assert {i.external_attr >> 16 for i in infos} == {archive.FILE_MODE}, path
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}, path


@given(st.text())
def test_a_cleaned_cell_is_inert_everywhere(text: str) -> None:
    shown = neutralise.table_text(text)
    assert not any(c in neutralise.BIDI for c in shown)
    assert neutralise.xml_text(shown) == shown
    assert neutralise.terminal(shown) == shown
    assert neutralise.table_text(shown) == shown  # once is enough
    guarded = neutralise.table_cell(text)
    assert not guarded.startswith(neutralise.FORMULA_START)


def test_plain_text_is_left_alone() -> None:
    for text in ("配电箱未接地", "a.2 met 4/4", "第一行\n第二行", "'quoted", "tab\tinside"):
        assert neutralise.table_cell(text) == text


def test_the_writer_itself() -> None:
    columns = [
        tables.Column("id", "编号"),
        tables.Column("due", "整改期限", kind="date"),
        tables.Column("total", "总分", number_format="0.0", numeric=True),
    ]
    rows = [["=cmd", "2025-06-30", 83.25], ["\x1b[2Jx", None, None]]
    table = tables.Table("表", columns, rows, lead=("判定日期 2025-07-01",))
    assert tables.csv_text(table) == "编号,整改期限,总分\n'=cmd,2025-06-30,83.25\nx,,\n"
    data = tables.xlsx_bytes([table], title="t", when=tables.day_stamp("2025-07-01"))
    assert data == tables.xlsx_bytes([table], title="t", when=tables.day_stamp("2025-07-01"))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data))["表"]
    assert sheet["A1"].value == "判定日期 2025-07-01"
    assert [c.value for c in sheet[2]] == ["编号", "整改期限", "总分"]
    assert sheet["A3"].value == "'=cmd" and sheet["A3"].data_type == "s"
    assert sheet["B3"].value.date().isoformat() == "2025-06-30"
    assert sheet["B3"].number_format == "yyyy-mm-dd"
    assert sheet["C3"].number_format == "0.0"
    assert sheet.freeze_panes == "A3"
    text = tables.plain_text(tables.terminal_tables([table]), width=80)
    assert "\x1b" not in text and "[2J" not in text and "'=cmd" not in text and "=cmd" in text
