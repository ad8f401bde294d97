"""The cells of a filled 自查表: located values, the Document they make, and reading one cell.

Every value keeps its sheet, row and column, so a problem points at the cell to fix.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from typing import Any, NamedTuple

from safecli.model.errors import InvalidFile, Problem
from safecli.model.wording import problem
from safecli.read.sheets.columns import (
    SUBJECT_FIELDS,
    Column,
    key_of,
)
from safecli.read.yamlio import Document, Path_


class Cell(NamedTuple):
    value: Any
    row: int
    col: int
    fmt: str | None = None
    """The xlsx number format (percent cells hold 0.975 for 97.5%); None in a csv."""


_ROWS = {c.key: (c.zh, c.en) for c in SUBJECT_FIELDS}
"""The 单位信息 row of each subject and inspection field, as the sheet names it."""


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
        self.profile: SheetDocument | None = None
        """The unit profile (单位概况) rows of the 单位信息 sheet, when it has any."""

    def coded(
        self, loc: Path_, code: str, *, hint: str | None = None, key: bool = False, **params: Any
    ) -> Problem:
        """As a YAML document's, but a missing 单位信息 row says which row to fill, not which
        key to add."""
        row = _ROWS.get(params.get("name")) if code == "missing-key" and loc else None
        if row is not None and loc[0] in ("subject", "inspection"):
            hint, params = "hint-fill-row", {**params, "row": row[0], "row_en": row[1]}
        return super().coded(loc, code, hint=hint, key=key, **params)

    def path_for(self, loc: Path_, *, key: bool = False) -> str:
        probe = tuple(loc)
        while probe and not ((key and probe in self.key_marks) or probe in self.marks):
            probe = probe[:-1]
        return self.sheet_of.get(probe, self.path)


class UnreadCells(InvalidFile):
    """Cells that could not be read, with the Document read from the rest of the sheet.

    The reader does not check records (that is `records`, a floor above): `records.read_record`
    catches this, checks `doc` as a record and reports both sets of problems together.
    """

    def __init__(self, problems: list[Problem], doc: SheetDocument) -> None:
        super().__init__(problems)
        self.doc = doc


class Reader:
    """Collects data, marks and problems while the sheets are read."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.marks: dict[Path_, tuple[int, int]] = {}
        self.key_marks: dict[Path_, tuple[int, int]] = {}
        self.sheet_of: dict[Path_, str] = {}
        self.problems: list[Problem] = []
        self._profile: Reader | None = None

    @property
    def profile(self) -> Reader:
        """The rows of the unit profile (单位概况), read beside the record's."""
        if self._profile is None:
            self._profile = Reader()
        return self._profile

    def mark(self, loc: Path_, cell: Cell, label: str, *, key: bool = False) -> None:
        self.marks[loc] = (cell.row, cell.col)
        if key:
            self.key_marks[loc] = (cell.row, cell.col)
        self.sheet_of[loc] = label

    def fail(
        self, label: str, cell: Cell | None, code: str, hint: str | None = None, **params: Any
    ) -> None:
        """The problem `code` at `cell` of the sheet `label`, worded from `params`."""
        row, col = (cell.row, cell.col) if cell else (0, 0)
        self.problems.append(problem(label, row, col, code, hint=hint, **params))


def cell_text(cell: Cell | None) -> str | None:
    if cell is None or cell.value is None:
        return None
    value = cell.value
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def cell_number(reader: Reader, label: str, cell: Cell | None, header: str) -> float | int | None:
    if cell is None or cell.value is None:
        return None
    value = cell.value
    if isinstance(value, bool):
        reader.fail(label, cell, "cell-not-number", header=header, value=repr(value))
        return None
    if isinstance(value, (int, float)):
        if cell.fmt and "%" in cell.fmt:
            value = round(value * 100, 10)
    else:
        raw = str(value)
        text = unicodedata.normalize("NFKC", raw).strip().replace(",", "").replace(" ", "")
        if not text:
            return None
        text = re.sub(r"(%|分|次|元|人|个|小时|天|周|处|项|台|名|家)$", "", text)
        if len(text) > 40:  # no score, count or rate has more digits; float() would give inf
            reader.fail(label, cell, "cell-number-too-long", header=header, length=f"{len(text):,}")
            return None
        try:
            value = float(text)
        except ValueError:
            reader.fail(
                label, cell, "cell-not-number", "hint-number-alone", header=header, value=repr(raw)
            )
            return None
    if value != value or value in (float("inf"), float("-inf")):
        reader.fail(label, cell, "cell-not-number", header=header, value=repr(value))
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


DATE_FORMS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


def cell_date(reader: Reader, label: str, cell: Cell | None, header: str) -> str | None:
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
    reader.fail(label, cell, "cell-not-date", "hint-write-iso-date", header=header, value=repr(raw))
    return None


def header_columns(
    reader: Reader,
    label: str,
    row: list[Cell],
    lookup: dict[str, str],
    merged: set[tuple[int, int]],
) -> dict[str, Cell]:
    """The columns of a header row by key; merged, empty inner and duplicate cells are problems."""
    filled = [c for c in row if cell_text(c) is not None]
    last = max((c.col for c in filled), default=0)
    found: dict[str, Cell] = {}
    for cell in row:
        if cell.col > last:
            break
        if (cell.row, cell.col) in merged:
            reader.fail(label, cell, "header-merged", "hint-unmerge-header")
            continue
        name = cell_text(cell)
        if name is None:
            reader.fail(label, cell, "header-empty", "hint-name-column", column=cell.col)
            continue
        key = key_of(name, lookup)
        if key is None:
            continue  # a column of the user's own
        if key in found:
            reader.fail(
                label, cell, "column-twice", "hint-keep-one", name=repr(name), other=found[key].col
            )
            continue
        found[key] = cell
    return found


def missing_columns(
    reader: Reader,
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
        "missing-columns" if len(missing) > 1 else "missing-column",
        "hint-columns-are",
        names=names,
        table=lang_hint,
        expected=expected,
    )
    return True


def row_cells(row: list[Cell], columns: dict[str, Cell]) -> dict[str, Cell | None]:
    out: dict[str, Cell | None] = {}
    for key, head in columns.items():
        index = head.col - 1
        out[key] = row[index] if index < len(row) else None
    return out


def is_blank(row: list[Cell]) -> bool:
    return all(cell_text(c) is None for c in row)


def find_header(rows: list[list[Cell]], lookup: dict[str, str], key: str) -> int | None:
    """The first row naming column `key` and at least one other column of the table."""
    for index, row in enumerate(rows[:40]):
        keys = {key_of(t, lookup) for t in (cell_text(c) for c in row) if t is not None}
        if key in keys and len(keys - {None}) >= 2:
            return index
    return None


# -- files
