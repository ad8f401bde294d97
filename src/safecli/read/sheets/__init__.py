"""The 自查表 (checklist sheet): a blank one for a standard, and a filled one read back as a record.

`write_blank(standard, fmt, lang)` writes the blank record a unit fills in, in one of three forms;
`read_sheet(path, catalog)` reads a filled xlsx or csv sheet into the same `Document` a YAML record
gives, with every value located at its cell, so `records.read_record` checks and scores it unchanged.

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

- 自评结果 holds a status word (`labels.STATUS_WORDS`); an empty 自评结果 leaves the item
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

from safecli.read.sheets.columns import FORMATS, INCIDENT_COLUMNS, ITEM_COLUMNS, SUBJECT_FIELDS
from safecli.read.sheets.reader import SheetDocument, UnreadCells, read_sheet
from safecli.read.sheets.writer import workbook_bytes, write_blank

__all__ = [
    "FORMATS",
    "INCIDENT_COLUMNS",
    "ITEM_COLUMNS",
    "SUBJECT_FIELDS",
    "SheetDocument",
    "UnreadCells",
    "read_sheet",
    "workbook_bytes",
    "write_blank",
]
