"""A city's scoring table (类目 / 项目 / 内容 / 分值 / 评分方法) as a standard.

`import_table` finds the header under any title rows, maps its columns (or takes `--columns`),
walks the rows into sections and items with ids from the hierarchy, checks every 小计/合计 row
against the items above it, parses each 评分方法 into rules and keeps its text beside them.
Problems are every one of the file at once, located at their cell; sentences of a 评分方法
that are no rule are warnings (errors with `strict`).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from safecli.model.errors import InvalidFile, Problem, UsageError
from safecli.model.methods import number, parse_method
from safecli.model.standard import Standard
from safecli.model.wording import problem
from safecli.read.sheets.cells import Cell
from safecli.read.sheets.columns import INCIDENT_LOOKUP, key_of
from safecli.read.standards import standard_problems
from safecli.read.tables.grid import Grid, read_grid
from safecli.read.validation import validate
from safecli.read.yamlio import Document

COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("序号", "编号", "条款编号", "id"),
    "category": (
        "考评类目",
        "一级要素",
        "类目",
        "一级指标",
        "考核类目",
        "部分",
        "评价类目",
        "section",
    ),
    "project": ("考评项目", "二级要素", "项目", "二级指标", "考核项目", "group"),
    "content": (
        "考评内容",
        "标准要求",
        "内容",
        "考核内容",
        "考评标准",
        "检查内容",
        "考核要求",
        "具体内容",
        "考核标准",
        "text",
    ),
    "points": ("标准分值", "分值", "标准分", "分数", "满分", "标准分数", "points"),
    "method": (
        "评分方法",
        "评分标准",
        "考评办法",
        "扣分标准",
        "评分办法",
        "考核办法",
        "考评方法",
        "评分细则",
        "method",
    ),
    "note": ("备注", "说明", "note"),
}
"""The usual names of each column a scoring table has, as headers are compared (NFKC, no spaces,
no bracketed unit)."""
NEEDED = ("content", "points")
SUM_ROW = re.compile(r"^(小计|合计|总计|总分|分值小计|得分小计|合\s*计|小\s*计)")
GRADE_IDS = {
    "优秀": "excellent",
    "良好": "good",
    "合格": "pass",
    "达标": "pass",
    "基本合格": "basic",
}
GRADE_IDS |= {"不合格": "fail", "不达标": "fail", "示范": "model", "先进": "advanced"}
MAX_HEADER_ROW = 40
"""Rows searched for the header: a title block is a few rows (a blank csv 自查表 has 27)."""


def _norm(value: Any) -> str:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value))).lower()
    return re.sub(r"\(.*?\)$", "", text)


_LOOKUP = {_norm(name): key for key, names in COLUMN_NAMES.items() for name in names}


def _text(cell: Cell | None) -> str:
    if cell is None or cell.value is None:
        return ""
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _points(cell: Cell | None) -> int | float | None:
    text = _text(cell).removesuffix("分").strip()
    if re.fullmatch(r"[一二两三四五六七八九]?十?[一二两三四五六七八九]?", text) and text:
        return number(text)  # 十分, 二十五分: a Word table's 分值
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        return None
    return int(text) if "." not in text else float(text)


@dataclass
class Imported:
    """What `import_table` made: the standard (plain data, as its YAML) and the warnings."""

    data: dict[str, Any]
    standard: Standard
    warnings: list[Problem] = field(default_factory=list)


def parse_columns(spec: str) -> dict[str, int]:
    """`--columns content=C,points=D,method=5`: column letters or numbers by key."""
    from openpyxl.utils.cell import column_index_from_string

    out: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        key, _, col = part.partition("=")
        key, col = key.strip(), col.strip()
        if key not in COLUMN_NAMES:
            raise UsageError(
                problem(
                    "--columns",
                    code="unknown-column",
                    hint="hint-expected-one-of",
                    column=repr(key),
                    expected=", ".join(COLUMN_NAMES),
                )
            )
        try:
            out[key] = int(col) if col.isdigit() else column_index_from_string(col.upper())
        except ValueError:
            raise UsageError(
                problem(
                    "--columns", code="names-no-column", hint="hint-column-letter", part=repr(part)
                )
            ) from None
    return out


def _find_header(grid: Grid, given: dict[str, int]) -> tuple[int, dict[str, int]]:
    """The header row's index and the column of each key."""
    for index, row in enumerate(grid.rows[:MAX_HEADER_ROW]):
        found: dict[str, int] = {}
        clash: list[str] = []
        for cell in row:
            key = _LOOKUP.get(_norm(_text(cell))) if _text(cell) else None
            if key is None:
                continue
            if key in found:
                clash.append(key)
            found[key] = cell.col
        if all(k in found or k in given for k in NEEDED) and len(found) >= 2:
            if clash and not all(k in given for k in clash):
                raise InvalidFile(
                    grid.where(
                        row[0],
                        "header-two-columns",
                        "hint-say-which-column",
                        column=clash[0],
                    )
                )
            return index, {**found, **given}
    if given and all(k in given for k in NEEDED):  # the header is the row above the first item
        for index, row in enumerate(grid.rows):
            cell = next((c for c in row if c.col == given["points"]), None)
            if _points(cell) is not None:
                return max(index - 1, 0), given
    raise InvalidFile(
        problem(grid.label, code="no-header-row", hint="hint-name-columns", rows=MAX_HEADER_ROW)
    )


def _grades(spec: str | None) -> list[dict[str, Any]]:
    if not spec:
        return [{"id": "scored", "min": 0, "label": {"zh": "已评分", "en": "Scored"}}]
    grades: list[dict[str, Any]] = []
    for k, part in enumerate(filter(None, (p.strip() for p in spec.split(","))), start=1):
        label, _, line = part.partition("=")
        try:
            least = Fraction(line.strip())
        except ValueError:
            raise UsageError(
                problem(
                    "--grades", code="grade-no-number", hint="hint-grades-form", part=repr(part)
                )
            ) from None
        grade_id = GRADE_IDS.get(label.strip(), f"g{k}")
        value = int(least) if least.denominator == 1 else float(least)
        grades.append({"id": grade_id, "min": value, "label": {"zh": label.strip()}})
    if grades[-1]["min"] != 0:
        grades.append({"id": "fail", "min": 0, "label": {"zh": "不合格", "en": "Fail"}})
    return grades


class _Walk:
    """Rows into sections, items and sum checks."""

    def __init__(self, grid: Grid, columns: dict[str, int], file: str) -> None:
        self.grid, self.columns, self.file = grid, columns, file
        self.sections: list[dict[str, Any]] = []
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.span: list[tuple[int, int | float]] = []  # (row, points) since the last 小计
        self.all: list[tuple[int, int | float]] = []
        self.stated_total: int | float | None = None
        self.projects: dict[str, int] = {}
        self.in_project: dict[str, int] = {}

    def cell(self, row: list[Cell], key: str) -> Cell | None:
        col = self.columns.get(key)
        return next((c for c in row if c.col == col), None) if col else None

    def sum_row(self, row: list[Cell]) -> bool:
        label = next((t for c in row if SUM_ROW.match(t := _text(c))), None)
        if label is None:
            return False
        points_cell = self.cell(row, "points")
        stated = _points(points_cell)
        if stated is None:
            self.problems.append(
                self.grid.where(
                    points_cell or row[0],
                    "sum-no-points",
                    "hint-sum-in-points",
                    label=label[:8],
                )
            )
            return True
        whole = label.startswith(("合", "总"))
        span = self.all if whole else self.span
        added = sum(Fraction(str(p)) for _, p in span)
        if span and added != Fraction(str(stated)):
            first = span[0][0]
            self.problems.append(
                self.grid.where(
                    points_cell,
                    "sum-differs",
                    "hint-check-sum-rows",
                    label=label[:8],
                    row=points_cell.row,
                    stated=f"{stated:g}",
                    first=first,
                    last=span[-1][0],
                    total=f"{float(added):g}",
                )
            )
        if whole:
            self.stated_total = stated
        elif self.sections and span and span[0][0] >= self.sections[-1]["_row"]:
            self.sections[-1]["stated_points"] = stated
        self.span = []
        return True

    def section_for(self, row: list[Cell], heading: str | None = None) -> dict[str, Any]:
        title = heading or _text(self.cell(row, "category"))
        if not self.sections or (title and title != self.sections[-1]["_title"]):
            number = len(self.sections) + 1
            clean = re.sub(r"[（(]\s*\d+(\.\d+)?\s*分\s*[)）]$", "", title).strip()
            self.sections.append(
                {
                    "id": f"s{number}",
                    "title": {"zh": clean or f"第{number}部分"},
                    "items": [],
                    "_title": title,
                    "_row": row[0].row,
                }
            )
            self.projects = {}
            self.in_project = {}
        return self.sections[-1]

    def item(self, row: list[Cell]) -> None:
        content_cell = self.cell(row, "content")
        content = _text(content_cell)
        points_cell = self.cell(row, "points")
        points = _points(points_cell)
        texts = {t for c in row if (t := _text(c))}
        if points is None and len(texts) == 1 and not _text(self.cell(row, "category")):
            text = texts.pop()  # a 类目 written across the row (merged), in any column
            if not re.fullmatch(r"[\d.]+", text):  # a stray number is no heading
                self.section_for(row, text)
                return
        if not content and points is None:
            self.section_for(row)  # a heading row: a new 类目 starts here
            return
        if not content:
            self.problems.append(
                self.grid.where(
                    points_cell,
                    "points-no-content",
                    "hint-write-content",
                )
            )
            return
        if points is None:
            self.problems.append(
                self.grid.where(
                    points_cell or content_cell,
                    "content-no-points",
                    "hint-points-number",
                    content=repr(content[:20]),
                )
            )
            return
        section = self.section_for(row)
        project = _text(self.cell(row, "project"))
        written = _text(self.cell(row, "id"))
        if re.fullmatch(rf"{section['id']}\.[a-z0-9._-]+", written or ""):
            item_id = written  # the ids of a sheet safecli wrote
        elif project:
            p = self.projects.setdefault(project, len(self.projects) + 1)
            n = self.in_project[project] = self.in_project.get(project, 0) + 1
            item_id = f"{section['id']}.{p}.{n}"
        else:
            item_id = f"{section['id']}.{len(section['items']) + 1}"
        ref = written or f"R{row[0].row}"
        entry: dict[str, Any] = {
            "id": item_id,
            "text": {"zh": content},
            "points": points,
            "source": {"file": self.file, "ref": ref},
        }
        if project:
            entry["group"] = {"zh": project}
        method_cell = self.cell(row, "method")
        method_text = _text(method_cell)
        if method_text:
            method = parse_method(method_text)
            entry["method"] = {"zh": method_text}
            for key in ("deductions", "zero_if", "extra"):
                if getattr(method, key):
                    entry[key] = getattr(method, key)
            for sentence in method.unparsed:
                self.warnings.append(
                    self.grid.where(
                        method_cell,
                        "method-sentence-unread",
                        "hint-method-forms-or-by-hand",
                        field=item_id,
                        sentence=repr(sentence[:60]),
                    )
                )
        note = _text(self.cell(row, "note"))
        if note:
            entry["note"] = note
        section["items"].append(entry)
        self.span.append((row[0].row, points))
        self.all.append((row[0].row, points))


def _title_row(rows: list[list[Cell]]) -> str | None:
    """The table's title: the top row above the header when it holds one text (a title merged
    across the table); a block of field/value rows above the header is no title."""
    texts = {t for c in rows[0] if (t := _text(c))} if rows else set()
    return texts.pop() if len(texts) == 1 else None


def _incident_header(row: list[Cell]) -> bool:
    """Whether the row is the header of a 自查表's incident block (日期, 类型, 死亡, 重伤 …)."""
    keys = {key_of(_text(c), INCIDENT_LOOKUP) for c in row if _text(c)}
    return "fatalities" in keys and len(keys - {None}) >= 3


def _slug(text: str) -> str | None:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug if re.fullmatch(r"[a-z0-9][a-z0-9._-]*", slug or "") else None


def import_table(
    path: Path | str,
    *,
    std_id: str | None = None,
    version: str = "1",
    title: str | None = None,
    subject: str = "enterprise",
    columns: dict[str, int] | None = None,
    grades: str | None = None,
    sheet: str | None = None,
    strict: bool = False,
) -> Imported:
    """Read a scoring table into a standard; InvalidFile with every problem of the file."""
    grid = read_grid(path, sheet)
    try:
        start, mapped = _find_header(grid, columns or {})
    except InvalidFile:  # an instructions sheet (填表说明) first: the first sheet with a header
        for other in grid.others:
            try:
                grid = read_grid(path, other)
                start, mapped = _find_header(grid, columns or {})
                break
            except InvalidFile:
                continue
        else:
            raise
    file = Path(path).name
    walk = _Walk(grid, mapped, file)
    for row in grid.rows[start + 1 :]:
        if _incident_header(row):
            break  # a 自查表 safecli wrote: its 事故 block follows the items
        if not walk.sum_row(row):
            walk.item(row)
    if not any(s["items"] for s in walk.sections):
        walk.problems.append(
            problem(grid.label, code="table-no-items", hint="hint-content-and-points")
        )
    if walk.problems or (strict and walk.warnings):
        raise InvalidFile(walk.problems + (walk.warnings if strict else []))
    heading = _title_row(grid.rows[:start])
    ident = std_id or _slug(Path(path).stem)
    if ident is None:
        raise UsageError(problem(str(path), code="file-name-no-id", hint="hint-give-id"))
    sections = [
        {k: v for k, v in s.items() if not k.startswith("_")} for s in walk.sections if s["items"]
    ]
    data: dict[str, Any] = {
        "id": ident,
        "version": version,
        "subject": subject,
        "title": {"zh": title or heading or Path(path).stem},
        "source": file,
        "scoring_note": {
            "zh": f"分值与评分方法取自 {file}；评分方法原文保留在各条款的 method 中。",
            "en": f"Points and scoring methods from {file}; each item keeps its method's text.",
        },
    }
    if walk.stated_total is not None:
        data["stated_points"] = walk.stated_total
    data["grades"] = _grades(grades)
    data["sections"] = sections
    warnings = list(walk.warnings)
    if not grades:
        warnings.append(problem(grid.label, code="no-grade-lines", hint="hint-add-grades"))
    doc = Document(str(path), data, {}, {})
    problems = standard_problems(doc)
    if problems:
        raise InvalidFile(problems)
    standard = validate(doc, Standard)
    return Imported(data, standard, [dataclasses.replace(w, severity="warning") for w in warnings])


def standard_yaml(imported: Imported) -> str:
    """The imported standard as the YAML file `standards import` writes (same input, same bytes)."""
    import yaml

    head = (
        f"# imported by `safecli standards import` from {imported.data['source']}\n"
        "# each item keeps its 评分方法 text under method; the rules beside it are what was read\n"
    )
    body = yaml.safe_dump(imported.data, allow_unicode=True, sort_keys=False, width=100)
    return head + body
