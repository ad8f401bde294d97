"""Reading a filled 自查表 (xlsx/xlsm or csv) into a record Document located cell by cell.

A reader only: it hands its Document to `loading`, which checks it like a YAML record's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from safecli.errors import InvalidFile, Problem
from safecli.industries import INDUSTRIES
from safecli.models import ItemKind, Standard
from safecli.sheets.columns import (
    INCIDENT_COLUMNS,
    INCIDENT_KINDS,
    INCIDENT_LOOKUP,
    INSPECTION_KEYS,
    ITEM_COLUMNS,
    ITEM_LOOKUP,
    KIND_WORDS,
    LEVEL_WORDS,
    MAJOR_PREFIX,
    MAX_BYTES,
    REQUIRED_ITEM_COLUMNS,
    SHEET_NAMES,
    STATE_WORDS,
    SUBJECT_FIELDS,
    SUBJECT_LOOKUP,
    Column,
    _key_of,
    _norm,
)
from safecli.yamlio import Document, Path_, read_bytes


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


class UnreadCells(InvalidFile):
    """Cells that could not be read, with the Document read from the rest of the sheet.

    The reader does not check records (that is `loading`, a floor above): `loading.read_record`
    catches this, checks `doc` as a record and reports both sets of problems together.
    """

    def __init__(self, problems: list[Problem], doc: SheetDocument) -> None:
        super().__init__(problems)
        self.doc = doc


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

    `catalog` (anything with `.get(ref)`) names the standard's metrics; None reads without it.
    Raises InvalidFile with every problem of the file at once; when some cells could not be
    read, UnreadCells, which carries the Document read so far for `loading` to check too.
    """
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


def _document(reader: _Reader, path: str) -> SheetDocument:
    data = {
        k: v for k, v in reader.data.items() if v not in ({}, []) or k in ("subject", "inspection")
    }
    doc = SheetDocument(path, data, reader.marks, reader.key_marks, reader.sheet_of)
    if reader.problems:
        # loading adds what the record check finds, so one run shows every problem of the sheet
        raise UnreadCells(sorted(set(reader.problems)), doc)
    return doc


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
    return _document(reader, name)


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
    return _document(reader, items_label)
