"""The 自查表 (checklist sheet): a blank one for a standard, and a filled one read back as a record.

`write_blank(standard, fmt, lang)` writes the blank record a unit fills in, in one of three forms;
`read_sheet(path, catalog)` reads a filled xlsx or csv sheet into the same `Document` a YAML record
gives, with every value located at its cell, so `loading.read_record` checks and scores it unchanged.

The three forms
---------------

**yaml** — a record skeleton. `standard:` and `subject.kind` are preset; `subject.name` and
`inspection.date` are left empty (a blank record does not validate until they are filled). Under
`responses:` every check item is one commented-out line, `# content.1: met  # 条款内容… (3分)`:
to answer an item, delete the leading `# ` and change `met` to the answer (met / partial / unmet /
na, or 符合 / 部分符合 / 不符合 / 不适用; `{status: partial, score: 1.5}` for a partial score).
A measure item has no response line; its metric sits commented out under `metrics:` with its
target (`# survey_rate:   # 目标 ≥ 95%`), as does every metric a veto rule reads. Optional
`incidents:` and `findings:` are shown as commented examples. Lines left commented stay unanswered.

**xlsx** — three sheets. 自查表 (checklist): one row per item, with the columns of `ITEM_COLUMNS`
(编号 部分 检查内容 分值 类型 指标 目标 自评结果 实得分 实测值 扣分项 证明材料 存在问题 隐患等级 整改措施
责任人 整改期限 整改状态), a dropdown on 自评结果, a bold frozen header. 单位信息 (subject): one
row per field (标准, 单位类型, 统一社会信用代码, 单位名称, 行业, 从业人员, 地区, 联系人, 检查日期,
检查人, 检查期间) plus one row per metric a veto rule reads. 事故 (incidents): 日期 类型 死亡 重伤
直接经济损失(元) 说明, one row per accident. The file is byte-identical run to run: the workbook's
created/modified times are a fixed date and every zip entry carries a fixed timestamp.

**csv** — UTF-8 with a BOM, so Excel opens it. Three blocks separated by blank lines: the subject
rows (`标准,safe-community@2019`, `单位名称,` …, the same fields as the 单位信息 sheet), the item
table (its header row, then one row per item, the same columns as the 自查表 sheet), and the
incident table (its header row; add one row per accident).

Reading a filled sheet
----------------------

Headers may be Chinese or English (`id section text points kind metric target result score value
deductions evidence finding level measure owner due state`; the subject fields `standard kind id
name industry employees region contact date by period`; incidents `date kind fatalities
serious_injuries direct_loss_yuan text`), in any order; unknown columns are ignored. A csv may be
UTF-8, UTF-8 with a BOM, or GB18030 (what Excel saves on a Chinese Windows).

- 自评结果 holds a status word (`models.STATUS_WORDS`); an empty 自评结果 leaves the item
  unanswered. When 自评结果 is empty but 实得分 is given, the status follows from it (full points:
  met; 0: unmet; else partial with that score). 实得分 beside 符合 (full points) or 不符合 (0) is
  accepted as the paper form fills it; any other 实得分 is kept and checked as a partial score.
- A measure row's 实测值 becomes `metrics[指标]`; its 自评结果 only matters when it is 不适用.
- 扣分项 counts deductions: `officer-duties×1；accident-reporting×2` (`=`, `:` or `x` work too;
  a bare id counts once).
- A row with 存在问题 and any of 整改措施/责任人/整改期限 becomes a finding `R<row>` for that item;
  its level is major when 隐患等级 says 重大/major or the text starts with `[重大]`; 整改状态
  已整改/closed closes it.

Problems found while reading (a missing column, a merged or empty header cell, a number or a date
that is not one, a file that is not a workbook) are raised together as one InvalidFile, each at its
cell: `record.xlsx[自查表]:12:8: error: …` (row 12, column 8). A csv has no sheet name and counts
lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from safecli import neutralise
from safecli.errors import InvalidFile, Problem, SafecliError, UsageError
from safecli.industries import INDUSTRIES
from safecli.models import ItemKind, Standard, SubjectKind
from safecli.yamlio import Document, Path_, read_bytes

FORMATS = ("yaml", "xlsx", "csv")
FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
"""The workbook's created/modified time: a constant, so a blank sheet is the same every run."""
MAX_BYTES = 32 * 1024 * 1024
"""Larger sheets are refused: a 自查表 is a few hundred rows."""

# ---------------------------------------------------------------- columns and fields


class Column(NamedTuple):
    key: str
    zh: str
    en: str
    width: float
    aliases: tuple[str, ...] = ()

    def header(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


ITEM_COLUMNS = (
    Column("id", "编号", "id", 16, ("序号", "条款编号", "序号/编号", "item")),
    Column("section", "部分", "section", 18),
    Column("text", "检查内容", "text", 60, ("检查项目", "内容")),
    Column("points", "分值", "points", 7, ("标准分",)),
    Column("kind", "类型", "kind", 10),
    Column("metric", "指标", "metric", 24),
    Column("target", "目标", "target", 14),
    Column("result", "自评结果", "result", 12, ("检查结果", "status")),
    Column("score", "实得分", "score", 8, ("得分",)),
    Column("value", "实测值", "value", 10),
    Column("deductions", "扣分项", "deductions", 18),
    Column("evidence", "证明材料", "evidence", 22),
    Column("finding", "存在问题", "finding", 30),
    Column("level", "隐患等级", "level", 10),
    Column("measure", "整改措施", "measure", 30),
    Column("owner", "责任人", "owner", 10),
    Column("due", "整改期限", "due", 12),
    Column("state", "整改状态", "state", 10),
)
INCIDENT_COLUMNS = (
    Column("date", "日期", "date", 12),
    Column("kind", "类型", "kind", 12),
    Column("fatalities", "死亡", "fatalities", 8, ("死亡人数",)),
    Column("serious_injuries", "重伤", "serious_injuries", 8, ("重伤人数",)),
    Column("direct_loss_yuan", "直接经济损失(元)", "direct_loss_yuan", 16, ("直接经济损失",)),
    Column("text", "说明", "text", 40, ("事故经过",)),
)
SUBJECT_FIELDS = (
    # key, zh, en, (section of the record it goes to)
    Column("standard", "标准", "standard", 0),
    Column("kind", "单位类型", "kind", 0),
    Column("id", "统一社会信用代码", "id", 0, ("单位代码", "社区代码", "code")),
    Column("name", "单位名称", "name", 0),
    Column("industry", "行业", "industry", 0),
    Column("employees", "从业人员", "employees", 0, ("从业人员数", "人数")),
    Column("region", "地区", "region", 0),
    Column("contact", "联系人", "contact", 0),
    Column("date", "检查日期", "date", 0),
    Column("by", "检查人", "by", 0),
    Column("period", "检查期间", "period", 0),
    Column("reviewed_by", "审核人", "reviewed_by", 0),
    Column("approved_by", "批准人", "approved_by", 0),
)
INSPECTION_KEYS = ("date", "by", "period", "reviewed_by", "approved_by")
SUBJECT_HEADER = (
    Column("field", "项目", "field", 18),
    Column("value", "内容", "value", 36),
    Column("note", "说明", "note", 50),
)
SHEET_NAMES = {
    "items": ("自查表", "checklist"),
    "subject": ("单位信息", "subject"),
    "incidents": ("事故", "incidents"),
}
REQUIRED_ITEM_COLUMNS = ("id", "result")

KIND_WORDS = {
    "enterprise": "enterprise",
    "企业": "enterprise",
    "community": "community",
    "社区": "community",
    "district": "district",
    "区": "district",
    "区县": "district",
    "县区": "district",
}
KIND_LABELS = {
    SubjectKind.enterprise: ("企业", "enterprise"),
    SubjectKind.community: ("社区", "community"),
    SubjectKind.district: ("区", "district"),
}
LEVEL_WORDS = {
    "一般": "general",
    "一般隐患": "general",
    "general": "general",
    "重大": "major",
    "重大隐患": "major",
    "major": "major",
}
STATE_WORDS = {
    "未整改": "open",
    "整改中": "open",
    "open": "open",
    "已整改": "closed",
    "已完成": "closed",
    "完成": "closed",
    "closed": "closed",
}
INCIDENT_KINDS = {
    "火灾": "fire",
    "中毒": "poisoning",
    "中毒窒息": "poisoning",
    "交通": "traffic",
    "交通事故": "traffic",
    "高处坠落": "fall",
    "坠落": "fall",
    "机械伤害": "machinery",
    "爆炸": "explosion",
    "其他": "other",
}
RESULT_CHOICES = {
    "zh": ("符合", "部分符合", "不符合", "不适用"),
    "en": ("met", "partial", "unmet", "na"),
}
OPS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
PERIODS = {
    "day": ("日", "day"),
    "week": ("周", "week"),
    "month": ("月", "month"),
    "quarter": ("季度", "quarter"),
    "half-year": ("半年", "half-year"),
    "year": ("年", "year"),
}
MAJOR_PREFIX = re.compile(r"^\s*[\[【(（]\s*(重大|major)\s*[\]】)）]\s*", re.IGNORECASE)


def _norm(text: Any) -> str:
    """A header as compared: NFKC (full-width to half-width), lower case, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).lower()


def _lookup(columns: Iterable[Column]) -> dict[str, str]:
    table: dict[str, str] = {}
    for column in columns:
        for name in (column.key, column.zh, column.en, *column.aliases):
            table[_norm(name)] = column.key
            bare = re.sub(r"\(.*\)$", "", _norm(name))
            table.setdefault(bare, column.key)
    return table


ITEM_LOOKUP = _lookup(ITEM_COLUMNS)
INCIDENT_LOOKUP = _lookup(INCIDENT_COLUMNS)
SUBJECT_LOOKUP = _lookup(SUBJECT_FIELDS)


def _key_of(header: Any, lookup: dict[str, str]) -> str | None:
    name = _norm(header)
    return lookup.get(name) or lookup.get(re.sub(r"\(.*\)$", "", name))


# ---------------------------------------------------------------- writing a blank sheet


def _short(text: str, limit: int = 48) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _num(value: float) -> str:
    return f"{value:g}"


def _target(item: Any, lang: str) -> str:
    if item.op is None or item.target is None:
        return ""
    unit = item.unit.get(lang) if item.unit else ""
    sep = " " if lang == "en" and unit and unit != "%" else ""
    text = f"{OPS[item.op.value]} {_num(item.target)}{sep}{unit}"
    if item.per is not None:
        per = PERIODS[item.per.value]
        text += f" / {per[1]}" if lang == "en" else f"/{per[0]}"
    return text


def _points(value: float, lang: str) -> str:
    return f"{_num(value)} pts" if lang == "en" else f"{_num(value)}分"


def _veto_metrics(std: Standard) -> list[tuple[str, str]]:
    """Metrics a veto rule reads that no item reports, with the rule's text."""
    item_metrics = {i.metric for i in std.items() if i.metric}
    out: list[tuple[str, str]] = []
    for veto in std.vetoes:
        cond = veto.when.metric
        if cond and cond.metric not in item_metrics and cond.metric not in dict(out):
            out.append((cond.metric, f"{veto.text.zh} ({cond.op.value} {_num(cond.value)})"))
    return out


def _veto_note(std: Standard, metric: str, lang: str) -> str:
    for veto in std.vetoes:
        cond = veto.when.metric
        if cond and cond.metric == metric:
            word = "veto" if lang == "en" else "否决"
            return f"{word}: {veto.text.get(lang)} ({OPS[cond.op.value]} {_num(cond.value)})"
    return ""


def _deduction_legend(item: Any, lang: str) -> str:
    parts = [f"{d.id} −{_num(d.points)}: {_short(d.text.get(lang), 30)}" for d in item.deductions]
    head = "Deductions" if lang == "en" else "扣分项"
    return f"{head}: " + "; ".join(parts)


def write_blank(standard: Standard, fmt: str, lang: str = "zh") -> str | bytes:
    """The blank 自查表 of `standard`: YAML text, or the bytes of an xlsx or a csv file."""
    if fmt == "yaml":
        return _blank_yaml(standard, lang)
    if fmt == "xlsx":
        return _blank_xlsx(standard, lang)
    if fmt == "csv":
        return _blank_csv(standard, lang)
    raise UsageError(
        Problem("--format", message=f"unknown format {fmt!r}", hint="use yaml, xlsx or csv")
    )


def _blank_yaml(std: Standard, lang: str) -> str:
    en = lang == "en"
    kind = std.subject.value
    out: list[str] = []
    add = out.append
    if en:
        add(f"# Self-inspection record (blank) for {std.ref}: {std.title.get(lang)}")
        add("# Fill subject.name and inspection.date. To answer an item, delete the '# ' before")
        add("# its line under responses and change 'met' to met / partial / unmet / na")
        add("# ({status: partial, score: 1.5} gives a partial score). Report measured values")
        add("# under metrics. Lines left commented stay unanswered.")
        add("# Check it: safecli validate FILE   Score it: safecli score FILE")
    else:
        add(f"# 自查记录（空白）· {std.ref} {std.title.get(lang)}")
        add(
            "# 填写：subject.name 与 inspection.date 必填。回答某一条款：删去 responses 下该行行首的"
        )
        add(
            "# “# ”，把 met 改为 met / partial / unmet / na（或 符合 / 部分符合 / 不符合 / 不适用）；"
        )
        add("# 部分符合并给分写 {status: partial, score: 1.5}。量化指标在 metrics 下填实测值。")
        add("# 仍为注释的行视为未回答。检查：safecli validate 本文件；评分：safecli score 本文件")
    add(f"standard: {std.ref}")
    add("subject:")
    add(f"  kind: {kind}")
    add("  name:              # " + ("unit name (required)" if en else "单位名称（必填）"))
    code = (
        ("unified social credit code (18 characters)" if en else "统一社会信用代码（18位）")
        if std.subject is SubjectKind.enterprise
        else ("code of the unit" if en else "单位代码")
    )
    add(f"  # id:              # {code}")
    if std.subject is SubjectKind.enterprise:
        add(
            "  # industry:        # " + ("e.g. " if en else "如 ") + ", ".join(list(INDUSTRIES)[:6])
        )
    add("  # employees:       # " + ("head count" if en else "从业人员数"))
    add("  # region:          # " + ("province / city / district" if en else "省/市/区"))
    add("inspection:")
    add(
        "  date:              # "
        + ("YYYY-MM-DD (required)" if en else "检查日期 YYYY-MM-DD（必填）")
    )
    add("  by:                # " + ("inspector" if en else "检查人"))
    add("responses:")
    for section in std.sections:
        add(f"  # {section.title.get(lang)} ({section.id})")
        for item in section.items:
            text = _short(item.text.get(lang))
            pts = _points(item.points, lang)
            if item.kind is ItemKind.measure:
                see = "see" if en else "见"
                add(f"  # {item.id}: {see} metrics.{item.metric}  # {text} ({pts})")
                continue
            add(f"  # {item.id}: met  # {text} ({pts})")
            if item.deductions:
                counts = ", ".join(f"{d.id}: 0" for d in item.deductions)
                word = "or count deductions" if en else "或按扣分项计次"
                add(f"  #   {word}: {item.id}: {{deductions: {{{counts}}}}}")
    add("metrics:")
    listed: set[str | None] = set()
    for section in std.sections:
        for item in section.items:
            if item.kind is ItemKind.measure and item.metric not in listed:
                listed.add(item.metric)
                word = "target" if en else "目标"
                add(f"  # {item.metric}:  # {word} {_target(item, lang)} ({item.id})")
    for metric, _ in _veto_metrics(std):
        add(f"  # {metric}:  # {_veto_note(std, metric, lang)}")
    if en:
        add("# incidents:         # work-safety accidents in the period (none: leave out)")
    else:
        add("# incidents:         # 期间内的生产安全事故（无则不填）")
    add(
        "#   - {date: YYYY-MM-DD, kind: fire, fatalities: 0, serious_injuries: 0,"
        " direct_loss_yuan: 0}"
    )
    add(
        "# findings:          # "
        + (
            "hazards and their rectification"
            if en
            else "隐患与整改（存在问题、整改措施、责任人、整改期限）"
        )
    )
    first = std.items()[0].id
    add(
        f"#   - {{id: F1, item: {first}, text: …, level: general, owner: …, due: YYYY-MM-DD,"
        " measure: …}"
    )
    return "\n".join(out) + "\n"


def _item_rows(std: Standard, lang: str) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for section in std.sections:
        for item in section.items:
            measure = item.kind is ItemKind.measure
            text = item.text.get(lang)
            if item.deductions:
                text += "\n" + _deduction_legend(item, lang)
            kind = (
                ("measure" if measure else "check")
                if lang == "en"
                else ("量化指标" if measure else "检查项")
            )
            values = {
                "id": item.id,
                "section": section.title.get(lang),
                "text": text,
                "points": item.points,
                "kind": kind,
                "metric": item.metric or "",
                "target": _target(item, lang),
            }
            rows.append([values.get(c.key, "") for c in ITEM_COLUMNS])
    return rows


def _subject_rows(std: Standard, lang: str) -> list[list[str]]:
    en = lang == "en"
    kinds = " / ".join(f"{zh} {en_}" for zh, en_ in KIND_LABELS.values())
    notes = {
        "standard": "do not change" if en else "请勿修改",
        "kind": kinds,
        "id": "18 characters for an enterprise" if en else "企业填写18位统一社会信用代码",
        "name": "required" if en else "必填",
        "industry": ("enterprise only, e.g. " if en else "企业填写，如 ")
        + " / ".join(INDUSTRIES[k].get(lang) for k in list(INDUSTRIES)[:4]),
        "employees": "head count" if en else "人数",
        "date": "YYYY-MM-DD, required" if en else "YYYY-MM-DD，必填",
        "period": "e.g. 2025-Q2" if en else "如 2025-Q2",
    }
    values = {
        "standard": std.ref,
        "kind": KIND_LABELS[std.subject][1 if en else 0],
    }
    rows = [[f.header(lang), values.get(f.key, ""), notes.get(f.key, "")] for f in SUBJECT_FIELDS]
    for metric, _ in _veto_metrics(std):
        rows.append([metric, "", _veto_note(std, metric, lang)])
    return rows


def _blank_csv(std: Standard, lang: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in _subject_rows(std, lang):
        writer.writerow([neutralise.cell(v) for v in row[:2]])
    writer.writerow([])
    writer.writerow([c.header(lang) for c in ITEM_COLUMNS])
    for row in _item_rows(std, lang):
        writer.writerow(
            [
                "" if v is None else (_num(v) if isinstance(v, float) else neutralise.cell(v))
                for v in row
            ]
        )
    writer.writerow([])
    writer.writerow([c.header(lang) for c in INCIDENT_COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _blank_xlsx(std: Standard, lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")

    def table(ws: Any, columns: Sequence[Column], rows: list[list[Any]]) -> None:
        ws.append([c.header(lang) for c in columns])
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append([neutralise.sheet_value(v) for v in row])
        neutralise.text_only(ws)
        for index, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = "A2"

    items = wb.active
    items.title = SHEET_NAMES["items"][1 if lang == "en" else 0]
    rows = _item_rows(std, lang)
    table(items, ITEM_COLUMNS, rows)
    last = len(rows) + 1
    col = {c.key: get_column_letter(i) for i, c in enumerate(ITEM_COLUMNS, start=1)}
    for row in items.iter_rows(min_row=2, max_row=last):
        for cell in row:
            cell.alignment = wrap if cell.column_letter in (col["text"], col["section"]) else top
    for cell in items[col["due"]][1:]:
        cell.number_format = "yyyy-mm-dd"
    choices = RESULT_CHOICES[lang]
    result = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
    result.add(f"{col['result']}2:{col['result']}{last}")
    level = DataValidation(
        type="list", formula1='"general,major"' if lang == "en" else '"一般,重大"', allow_blank=True
    )
    level.add(f"{col['level']}2:{col['level']}{last}")
    state = DataValidation(
        type="list",
        formula1='"open,closed"' if lang == "en" else '"未整改,已整改"',
        allow_blank=True,
    )
    state.add(f"{col['state']}2:{col['state']}{last}")
    for validation in (result, level, state):
        items.add_data_validation(validation)

    subject = wb.create_sheet(SHEET_NAMES["subject"][1 if lang == "en" else 0])
    subject_rows = _subject_rows(std, lang)
    table(subject, SUBJECT_HEADER, subject_rows)
    date_row = 2 + [f.key for f in SUBJECT_FIELDS].index("date")
    subject.cell(date_row, 2).number_format = "yyyy-mm-dd"

    incidents = wb.create_sheet(SHEET_NAMES["incidents"][1 if lang == "en" else 0])
    table(incidents, INCIDENT_COLUMNS, [])
    for r in range(2, 21):
        incidents.cell(r, 1).number_format = "yyyy-mm-dd"

    wb.properties.creator = "safecli"
    wb.properties.title = f"{std.ref} 自查表" if lang != "en" else f"{std.ref} checklist"
    return workbook_bytes(wb)


def workbook_bytes(wb: Any) -> bytes:
    """An openpyxl workbook as xlsx bytes that are the same every run (no clock inside)."""
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return fixed.getvalue()


# ---------------------------------------------------------------- reading a filled sheet


class Cell(NamedTuple):
    value: Any
    row: int
    col: int
    fmt: str | None = None
    """The xlsx number format (percent cells hold 0.975 for 97.5%); None in a csv."""


class SheetDocument(Document):
    """A Document whose values come from several sheets: each mark knows its sheet's label."""

    def __init__(
        self,
        path: str,
        data: Any,
        marks: dict[Path_, tuple[int, int]],
        key_marks: dict[Path_, tuple[int, int]],
        sheet_of: dict[Path_, str] | None = None,
    ) -> None:
        super().__init__(path, data, marks, key_marks)
        self.sheet_of = sheet_of or {}

    def problem(
        self, loc: Path_, message: str, hint: str | None = None, *, key: bool = False
    ) -> Problem:
        probe = tuple(loc)
        while probe and not ((key and probe in self.key_marks) or probe in self.marks):
            probe = probe[:-1]
        line, col = self.where(loc, key=key)
        return Problem(self.sheet_of.get(probe, self.path), line, col, message, hint)


class _Reader:
    """Collects data, marks and problems while the sheets are read."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.marks: dict[Path_, tuple[int, int]] = {}
        self.key_marks: dict[Path_, tuple[int, int]] = {}
        self.sheet_of: dict[Path_, str] = {}
        self.problems: list[Problem] = []

    def mark(self, loc: Path_, cell: Cell, label: str, *, key: bool = False) -> None:
        self.marks[loc] = (cell.row, cell.col)
        if key:
            self.key_marks[loc] = (cell.row, cell.col)
        self.sheet_of[loc] = label

    def fail(self, label: str, cell: Cell | None, message: str, hint: str | None = None) -> None:
        row, col = (cell.row, cell.col) if cell else (0, 0)
        self.problems.append(Problem(label, row, col, message, hint))


def _text(cell: Cell | None) -> str | None:
    if cell is None or cell.value is None:
        return None
    value = cell.value
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _number(reader: _Reader, label: str, cell: Cell | None, header: str) -> float | int | None:
    if cell is None or cell.value is None:
        return None
    value = cell.value
    if isinstance(value, bool):
        reader.fail(label, cell, f"{header}: expected a number but received: {value!r}")
        return None
    if isinstance(value, (int, float)):
        if cell.fmt and "%" in cell.fmt:
            value = round(value * 100, 10)
    else:
        raw = str(value)
        text = unicodedata.normalize("NFKC", raw).strip().replace(",", "").replace(" ", "")
        if not text:
            return None
        text = re.sub(r"(%|分|次|元|人|个)$", "", text)
        try:
            value = float(text)
        except ValueError:
            reader.fail(label, cell, f"{header}: expected a number but received: {raw!r}")
            return None
    if value != value or value in (float("inf"), float("-inf")):
        reader.fail(label, cell, f"{header}: expected a number but received: {value!r}")
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


DATE_FORMS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


def _date(reader: _Reader, label: str, cell: Cell | None, header: str) -> str | None:
    """A date as YYYY-MM-DD text (the record's own form), or None with a problem."""
    if cell is None or cell.value is None:
        return None
    value = cell.value
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    serial = isinstance(value, (int, float)) and not isinstance(value, bool) and cell.fmt
    if serial and 20000 <= value <= 80000:  # an Excel serial day number that lost its format
        from openpyxl.utils.datetime import from_excel

        return from_excel(value).date().isoformat()
    raw = str(value)
    text = unicodedata.normalize("NFKC", raw).strip().replace(" ", "")
    if not text:
        return None
    text = re.sub(r"\s.*$", "", text)
    for form in DATE_FORMS:
        try:
            return dt.datetime.strptime(text.split("T")[0], form).date().isoformat()
        except ValueError:
            continue
    reader.fail(label, cell, f"{header}: {raw!r} is not a date", "write it as YYYY-MM-DD")
    return None


def _header(
    reader: _Reader,
    label: str,
    row: list[Cell],
    lookup: dict[str, str],
    merged: set[tuple[int, int]],
) -> dict[str, Cell]:
    """The columns of a header row by key; merged, empty inner and duplicate cells are problems."""
    filled = [c for c in row if _text(c) is not None]
    last = max((c.col for c in filled), default=0)
    found: dict[str, Cell] = {}
    for cell in row:
        if cell.col > last:
            break
        if (cell.row, cell.col) in merged:
            reader.fail(
                label,
                cell,
                "a header cell is merged",
                "unmerge the header row: each column needs its own name",
            )
            continue
        name = _text(cell)
        if name is None:
            reader.fail(
                label,
                cell,
                f"the header cell of column {cell.col} is empty",
                "name the column, or delete it",
            )
            continue
        key = _key_of(name, lookup)
        if key is None:
            continue  # a column of the user's own
        if key in found:
            reader.fail(
                label,
                cell,
                f"column {name!r} is given twice (also column {found[key].col})",
                "keep one",
            )
            continue
        found[key] = cell
    return found


def _missing(
    reader: _Reader,
    label: str,
    where: Cell | None,
    columns: dict[str, Cell],
    required: Sequence[str],
    all_columns: Sequence[Column],
    lang_hint: str,
) -> bool:
    by_key = {c.key: c for c in all_columns}
    missing = [k for k in required if k not in columns]
    if not missing:
        return False
    names = ", ".join(f"{by_key[k].zh} ({by_key[k].en})" for k in missing)
    expected = ", ".join(f"{c.zh}/{c.en}" for c in all_columns)
    reader.fail(
        label,
        where,
        f"missing required column{'s' if len(missing) > 1 else ''}: {names}",
        f"{lang_hint} columns are: {expected}",
    )
    return True


def _cells(row: list[Cell], columns: dict[str, Cell]) -> dict[str, Cell | None]:
    out: dict[str, Cell | None] = {}
    for key, head in columns.items():
        index = head.col - 1
        out[key] = row[index] if index < len(row) else None
    return out


def _is_blank(row: list[Cell]) -> bool:
    return all(_text(c) is None for c in row)


def _read_subject(
    reader: _Reader, label: str, rows: list[list[Cell]], metrics: set[str], std_hint: bool
) -> None:
    """Key/value rows: the subject, the inspection, the standard and veto metrics."""
    subject: dict[str, Any] = {}
    inspection: dict[str, Any] = {}
    data = reader.data
    seen: dict[str, Cell] = {}
    for row in rows:
        if _is_blank(row):
            continue
        key_cell = row[0]
        name = _text(key_cell)
        value_cell = row[1] if len(row) > 1 else None
        if name is None:
            if _text(value_cell) is not None:
                reader.fail(label, value_cell, "a value without a field name in column 1")
            continue
        if _norm(name) in ("项目", "field", "字段"):
            continue  # the header row
        key = _key_of(name, SUBJECT_LOOKUP)
        if key is None and name in metrics:
            number = _number(reader, label, value_cell, name)
            if number is not None:
                data.setdefault("metrics", {})[name] = number
                reader.mark(("metrics", name), value_cell or key_cell, label, key=True)
            continue
        if key is None:
            known = ", ".join(f.header("zh") for f in SUBJECT_FIELDS)
            extra = (", or a metric: " + ", ".join(sorted(metrics))) if metrics else ""
            reader.fail(
                label, key_cell, f"unknown field {name!r}", f"expected one of: {known}{extra}"
            )
            continue
        if key in seen:
            reader.fail(
                label, key_cell, f"field {name!r} is given twice (also row {seen[key].row})"
            )
            continue
        seen[key] = key_cell
        at = value_cell or key_cell
        if key == "standard":
            text = _text(value_cell)
            if text is not None:
                data["standard"] = text
            reader.mark(("standard",), at, label)
        elif key in INSPECTION_KEYS:
            value = _date(reader, label, value_cell, name) if key == "date" else _text(value_cell)
            reader.mark(("inspection", key), at, label)
            if key == "date":
                reader.mark(("inspection",), at, label)
            if value is not None:
                inspection[key] = value
        else:
            if key == "employees":
                value = _number(reader, label, value_cell, name)
            else:
                value = _text(value_cell)
                if key == "kind" and value is not None:
                    value = KIND_WORDS.get(_norm(value), value)
                elif key == "industry" and value is not None:
                    value = next((k for k, t in INDUSTRIES.items() if t.zh == value), value)
            reader.mark(("subject", key), at, label)
            if key == "name":
                reader.mark(("subject",), at, label)
            if value is not None:
                subject[key] = value
    if "standard" not in data and std_hint:
        reader.fail(
            label,
            None,
            "no 标准 (standard) row",
            "add a row 标准 | ID@VERSION, e.g. safe-enterprise@2013",
        )
    data["subject"] = subject
    data["inspection"] = inspection


def _read_items(
    reader: _Reader,
    label: str,
    header: list[Cell],
    rows: list[list[Cell]],
    merged: set[tuple[int, int]],
    std: Standard | None,
) -> None:
    columns = _header(reader, label, header, ITEM_LOOKUP, merged)
    required = list(REQUIRED_ITEM_COLUMNS)
    if std is not None and any(i.kind is ItemKind.measure for i in std.items()):
        required.append("value")
    if _missing(
        reader, label, header[0] if header else None, columns, required, ITEM_COLUMNS, "the 自查表"
    ):
        return
    items = std.item_map() if std else {}
    responses: dict[str, Any] = reader.data.setdefault("responses", {})
    metrics: dict[str, Any] = reader.data.setdefault("metrics", {})
    findings: list[dict[str, Any]] = reader.data.setdefault("findings", [])
    heads = {k: _text(c) or k for k, c in columns.items()}
    seen: dict[str, int] = {}
    for row in rows:
        if _is_blank(row):
            continue
        cells = _cells(row, columns)
        row_no = row[0].row
        id_cell = cells.get("id")
        item_id = _text(id_cell)
        result = _text(cells.get("result"))
        score = _number(reader, label, cells.get("score"), heads.get("score", "score"))
        value = _number(reader, label, cells.get("value"), heads.get("value", "value"))
        deductions = _deductions(
            reader, label, cells.get("deductions"), heads.get("deductions", "")
        )
        finding_text = _text(cells.get("finding"))
        if item_id is None:
            if result is not None or score is not None or value is not None:
                reader.fail(
                    label,
                    Cell(None, row_no, columns["id"].col),
                    f"row {row_no} has an answer but no {heads['id']}",
                    "give the item id from the blank sheet",
                )
            continue
        if item_id in seen:
            reader.fail(
                label,
                id_cell,
                f"item {item_id!r} is listed twice (also row {seen[item_id]})",
                "keep one row",
            )
            continue
        seen[item_id] = row_no
        item = items.get(item_id)
        loc: Path_ = ("responses", item_id)
        if item is not None and item.kind is ItemKind.measure:
            if value is not None:
                metric = item.metric or item_id
                if metric in metrics and metrics[metric] != value:
                    reader.fail(
                        label,
                        cells["value"],
                        f"metric {metric!r} is {value:g} here but {metrics[metric]:g} on another row",
                        "give one value",
                    )
                metrics[metric] = value
                reader.mark(("metrics", metric), cells["value"] or id_cell, label, key=True)
                result = "不适用" if result and _norm(result) in ("不适用", "na", "缺项") else None
            score = None
        response: dict[str, Any] = {}
        if (
            result is None
            and score is not None
            and item is not None
            and item.kind is ItemKind.check
        ):
            result = "met" if score == item.points else "unmet" if score == 0 else "partial"
        if result is not None:
            response["status"] = result
            status = _norm(result)
            redundant = (
                (
                    (status in ("符合", "met") and score == item.points)
                    or (status in ("不符合", "unmet") and score == 0)
                    or status in ("不适用", "na", "缺项")
                )
                if item is not None
                else False
            )
            if redundant:
                score = None
        elif score is not None and item is None:
            response["status"] = "partial"
        if score is not None:
            response["score"] = score
        if deductions:
            response["deductions"] = deductions
        evidence = _text(cells.get("evidence"))
        if evidence:
            response["evidence"] = [e.strip() for e in re.split(r"[;；\n]+", evidence) if e.strip()]
        level = "general"
        if finding_text:
            match = MAJOR_PREFIX.match(finding_text)
            if match:
                level = "major"
                finding_text = finding_text[match.end() :].strip() or finding_text
            response["finding"] = finding_text
        if "status" in response or "deductions" in response:
            responses[item_id] = response
            reader.mark(loc, id_cell, label, key=True)
            for part, key in (
                ("status", "result"),
                ("score", "score"),
                ("finding", "finding"),
                ("evidence", "evidence"),
                ("deductions", "deductions"),
            ):
                cell = cells.get(key)
                if cell is not None:
                    reader.mark((*loc, part), cell, label)
            for name in deductions or {}:
                reader.mark((*loc, "deductions", name), cells["deductions"], label, key=True)
        measure = _text(cells.get("measure"))
        owner = _text(cells.get("owner"))
        due = _date(reader, label, cells.get("due"), heads.get("due", "due"))
        level_text = _text(cells.get("level"))
        if level_text is not None:
            word = LEVEL_WORDS.get(_norm(level_text))
            if word is None:
                reader.fail(
                    label,
                    cells["level"],
                    f"{heads['level']}: unknown level {level_text!r}",
                    "expected one of: 一般, 重大, general, major",
                )
            elif word == "major":
                level = "major"
        state_text = _text(cells.get("state"))
        state = "open"
        if state_text is not None:
            word = STATE_WORDS.get(_norm(state_text))
            if word is None:
                reader.fail(
                    label,
                    cells["state"],
                    f"{heads['state']}: unknown state {state_text!r}",
                    "expected one of: 未整改, 已整改, open, closed",
                )
            else:
                state = word
        if finding_text and (measure or owner or due):
            index = len(findings)
            finding: dict[str, Any] = {
                "id": f"R{row_no}",
                "item": item_id,
                "text": finding_text,
                "level": level,
                "status": state,
            }
            for key, val in (("measure", measure), ("owner", owner), ("due", due)):
                if val is not None:
                    finding[key] = val
            findings.append(finding)
            floc: Path_ = ("findings", index)
            reader.mark(floc, cells.get("finding") or id_cell, label)
            for key, col in (
                ("id", "id"),
                ("item", "id"),
                ("text", "finding"),
                ("level", "level"),
                ("status", "state"),
                ("measure", "measure"),
                ("owner", "owner"),
                ("due", "due"),
            ):
                cell = cells.get(col)
                if cell is not None:
                    reader.mark((*floc, key), cell, label)


DEDUCTION = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:[×xX*=:]\s*(\d+))?$")


def _deductions(
    reader: _Reader, label: str, cell: Cell | None, header: str
) -> dict[str, int] | None:
    text = _text(cell)
    if text is None:
        return None
    counts: dict[str, int] = {}
    for piece in re.split(r"[;,\n]+", unicodedata.normalize("NFKC", text)):
        piece = piece.strip()
        if not piece:
            continue
        match = DEDUCTION.match(piece)
        if match is None:
            reader.fail(
                label,
                cell,
                f"{header}: cannot read {piece!r}",
                "write ID×COUNT, e.g. no-sign×2; separate with ；",
            )
            continue
        counts[match.group(1)] = counts.get(match.group(1), 0) + int(match.group(2) or 1)
    return counts or None


def _read_incidents(
    reader: _Reader,
    label: str,
    header: list[Cell],
    rows: list[list[Cell]],
    merged: set[tuple[int, int]],
) -> None:
    columns = _header(reader, label, header, INCIDENT_LOOKUP, merged)
    if _missing(
        reader,
        label,
        header[0] if header else None,
        columns,
        ("date",),
        INCIDENT_COLUMNS,
        "the 事故",
    ):
        return
    incidents: list[dict[str, Any]] = reader.data.setdefault("incidents", [])
    heads = {k: _text(c) or k for k, c in columns.items()}
    for row in rows:
        if _is_blank(row):
            continue
        cells = _cells(row, columns)
        index = len(incidents)
        loc: Path_ = ("incidents", index)
        incident: dict[str, Any] = {}
        date = _date(reader, label, cells.get("date"), heads["date"])
        if date is not None:
            incident["date"] = date
        kind = _text(cells.get("kind"))
        if kind is not None:
            incident["kind"] = INCIDENT_KINDS.get(kind, kind)
        for key in ("fatalities", "serious_injuries", "direct_loss_yuan"):
            number = _number(reader, label, cells.get(key), heads.get(key, key))
            if number is not None:
                incident[key] = number
        text = _text(cells.get("text"))
        if text is not None:
            incident["text"] = text
        incidents.append(incident)
        reader.mark(loc, row[0], label)
        for key, cell in cells.items():
            if cell is not None:
                reader.mark((*loc, key), cell, label)


def _find_header(rows: list[list[Cell]], lookup: dict[str, str], key: str) -> int | None:
    """The first row naming column `key` and at least one other column of the table."""
    for index, row in enumerate(rows[:40]):
        keys = {_key_of(t, lookup) for t in (_text(c) for c in row) if t is not None}
        if key in keys and len(keys - {None}) >= 2:
            return index
    return None


# -- files


def read_sheet(path: Path | str, catalog: Any = None) -> Document:
    """Read a filled 自查表 (xlsx/xlsm or csv) into a record Document located cell by cell.

    Raises InvalidFile with every problem of the file at once.
    """
    from safecli.catalog import default_catalog

    catalog = catalog or default_catalog()
    name = str(path)
    file = Path(path)
    raw = read_bytes(path, MAX_BYTES, "a 自查表 is far smaller")
    if file.suffix.lower() == ".csv":
        return _read_csv(raw, name, catalog)
    return _read_xlsx(raw, name, catalog)


def _standard_of(reader: _Reader, catalog: Any) -> Standard | None:
    ref = reader.data.get("standard")
    if not isinstance(ref, str) or catalog is None:
        return None
    try:
        return catalog.get(ref)
    except Exception:  # reported by read_record with its location
        return None


def _subject_metrics(rows: list[list[Cell]], catalog: Any) -> tuple[Standard | None, set[str]]:
    """The standard a subject block names (looked up early, for its metric names)."""
    probe = _Reader()
    for row in rows:
        if (
            row
            and _text(row[0]) is not None
            and _key_of(_text(row[0]), SUBJECT_LOOKUP) == "standard"
        ):
            probe.data["standard"] = _text(row[1]) if len(row) > 1 else None
            break
    std = _standard_of(probe, catalog)
    if std is None:
        return None, set()
    metrics = {i.metric for i in std.items() if i.metric} | {
        v.when.metric.metric for v in std.vetoes if v.when.metric
    }
    return std, metrics


def _document(reader: _Reader, path: str, catalog: Any) -> SheetDocument:
    data = {
        k: v for k, v in reader.data.items() if v not in ({}, []) or k in ("subject", "inspection")
    }
    doc = SheetDocument(path, data, reader.marks, reader.key_marks, reader.sheet_of)
    if reader.problems:
        # report what the record check finds too, so one run shows every problem of the sheet
        # (a cell that could not be read is reported once, not again as missing)
        taken = {(p.path, p.line, p.col) for p in reader.problems}
        extra = [p for p in _record_problems(doc, catalog) if (p.path, p.line, p.col) not in taken]
        raise InvalidFile(sorted(set(reader.problems + extra)))
    return doc


def _record_problems(doc: SheetDocument, catalog: Any) -> list[Problem]:
    from safecli.loading import record_problems, validate
    from safecli.models import Record

    try:
        record = validate(doc, Record)
        std = catalog.get(record.standard, where=lambda: doc.problem(("standard",), ""))
    except SafecliError as error:
        return error.problems
    return record_problems(record, std, doc)


def _decode_csv(raw: bytes, name: str) -> str:
    if b"\x00" in raw[:8192] or raw[:4] == b"PK\x03\x04":
        raise InvalidFile(
            Problem(
                name,
                1,
                1,
                "this is a binary file, not a csv",
                "save the sheet as CSV, or name it .xlsx",
            )
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidFile(
        Problem(name, 1, 1, "the file is neither UTF-8 nor GB18030 text", "save it as CSV UTF-8")
    )


def _read_csv(raw: bytes, name: str, catalog: Any) -> SheetDocument:
    text = _decode_csv(raw, name)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count) if first else ","
    grid: list[list[Cell]] = []
    parser = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for values in parser:
            grid.append([Cell(v, line, i) for i, v in enumerate(values, start=1)])
            line = parser.line_num + 1
    except csv.Error as error:
        raise InvalidFile(
            Problem(name, parser.line_num, 1, f"cannot read the csv: {error}")
        ) from None
    reader = _Reader()
    start = _find_header(grid, ITEM_LOOKUP, "id")
    if start is None:
        reader.fail(
            name,
            None,
            "no item table: no header row with 编号 (id)",
            "keep the header row of the blank sheet (safecli init STANDARD --format csv)",
        )
        raise InvalidFile(reader.problems)
    std, metrics = _subject_metrics(grid[:start], catalog)
    _read_subject(reader, name, grid[:start], metrics, True)
    rest = grid[start + 1 :]
    split = _find_header(rest, INCIDENT_LOOKUP, "fatalities")
    item_rows, incident_rows = (rest, []) if split is None else (rest[:split], rest[split:])
    _read_items(reader, name, grid[start], item_rows, set(), std)
    if incident_rows:
        _read_incidents(reader, name, incident_rows[0], incident_rows[1:], set())
    return _document(reader, name, catalog)


def _sheet_grid(ws: Any) -> tuple[list[list[Cell]], set[tuple[int, int]]]:
    grid = [
        [Cell(c.value, c.row, c.column, getattr(c, "number_format", None)) for c in row]
        for row in ws.iter_rows()
    ]
    merged: set[tuple[int, int]] = set()
    for ranges in ws.merged_cells.ranges:
        for row in range(ranges.min_row, ranges.max_row + 1):
            for col in range(ranges.min_col, ranges.max_col + 1):
                merged.add((row, col))
    return grid, merged


def _read_xlsx(raw: bytes, name: str, catalog: Any) -> SheetDocument:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as error:  # zipfile.BadZipFile, KeyError, InvalidFileException, XML errors
        reason = str(error).strip() or type(error).__name__
        raise InvalidFile(
            Problem(
                name,
                message=f"this is not an Excel workbook ({reason})",
                hint="save it as .xlsx, or as CSV",
            )
        ) from None
    sheets = {_norm(ws.title): ws for ws in wb.worksheets}

    def find(kind: str) -> Any:
        return next((sheets[_norm(n)] for n in SHEET_NAMES[kind] if _norm(n) in sheets), None)

    reader = _Reader()
    items, subject, incidents = find("items"), find("subject"), find("incidents")
    if items is None:
        for ws in wb.worksheets:
            grid, _ = _sheet_grid(ws)
            if _find_header(grid, ITEM_LOOKUP, "id") is not None:
                items = ws
                break
    names = ", ".join(SHEET_NAMES["items"] + SHEET_NAMES["subject"])
    if items is None:
        reader.fail(
            name,
            None,
            "no 自查表 (checklist) sheet",
            f"expected sheets: {names}; found: {', '.join(wb.sheetnames)}",
        )
    if subject is None:
        reader.fail(
            name,
            None,
            "no 单位信息 (subject) sheet",
            f"expected sheets: {names}; found: {', '.join(wb.sheetnames)}",
        )
    if reader.problems:
        raise InvalidFile(reader.problems)
    subject_label = f"{name}[{subject.title}]"
    subject_grid, _ = _sheet_grid(subject)
    std, metrics = _subject_metrics(subject_grid, catalog)
    _read_subject(reader, subject_label, subject_grid, metrics, True)

    items_label = f"{name}[{items.title}]"
    grid, merged = _sheet_grid(items)
    start = _find_header(grid, ITEM_LOOKUP, "id")
    if start is None:
        reader.fail(
            items_label,
            None,
            "no header row with 编号 (id) in the first 40 rows",
            "keep the header row of the blank sheet (safecli init STANDARD --format xlsx)",
        )
    else:
        _read_items(reader, items_label, grid[start], grid[start + 1 :], merged, std)
    if incidents is not None:
        label = f"{name}[{incidents.title}]"
        grid, merged = _sheet_grid(incidents)
        if grid and not all(_is_blank(r) for r in grid):
            _read_incidents(reader, label, grid[0], grid[1:], merged)
    return _document(reader, items_label, catalog)
