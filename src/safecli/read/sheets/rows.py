"""The blocks of a filled 自查表 read into record data: the subject, the item rows, the incidents."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from safecli.model.errors import Code
from safecli.model.industries import INDUSTRIES
from safecli.model.standard import ItemKind, Standard
from safecli.model.values import parse_count
from safecli.model.vocabulary import (
    FINDING_LEVELS,
    FINDING_STATES,
    INCIDENT_KINDS,
    STATUSES,
    SUBJECT_KINDS,
)
from safecli.read.numbers import item_id as numbered_item
from safecli.read.sheets.cells import (
    Cell,
    Reader,
    cell_date,
    cell_number,
    cell_text,
    header_columns,
    is_blank,
    missing_columns,
    row_cells,
)
from safecli.read.sheets.columns import (
    INCIDENT_COLUMNS,
    INCIDENT_LOOKUP,
    INSPECTION_KEYS,
    ITEM_COLUMNS,
    ITEM_LOOKUP,
    MAJOR_PREFIX,
    PACK_SUBJECT_KEYS,
    PROFILE_LOOKUP,
    REQUIRED_ITEM_COLUMNS,
    SUBJECT_FIELDS,
    SUBJECT_LOOKUP,
    key_of,
    norm,
)
from safecli.read.sheets.facts import read_fact_row
from safecli.read.yamlio import Path_


def read_subject(
    reader: Reader,
    label: str,
    rows: list[list[Cell]],
    metrics: set[str] | dict[str, str],
    std_hint: bool,
) -> None:
    """Key/value rows: the subject, the inspection, the standard and veto metrics."""
    subject: dict[str, Any] = {}
    inspection: dict[str, Any] = {}
    data = reader.data
    seen: dict[str, Cell] = {}
    for row in rows:
        if is_blank(row):
            continue
        key_cell = row[0]
        name = cell_text(key_cell)
        value_cell = row[1] if len(row) > 1 else None
        if name is None:
            if cell_text(value_cell) is not None:
                reader.fail(label, value_cell, "value-without-field")
            continue
        if norm(name) in ("项目", "field", "字段"):
            continue  # the header row
        if read_fact_row(reader, label, name, key_cell, value_cell, subject):
            continue  # 情形 and the area's units: the facts applicability reads
        key = key_of(name, SUBJECT_LOOKUP)
        if key is None and name in metrics:
            # a metric row names the metric by its id or (in a Chinese sheet) its name
            metric = metrics[name] if isinstance(metrics, dict) else name
            number = cell_number(reader, label, value_cell, name)
            if number is not None:
                data.setdefault("metrics", {})[metric] = number
                reader.mark(("metrics", metric), value_cell or key_cell, label, key=True)
            continue
        profile_key = key_of(name, PROFILE_LOOKUP) if key is None else None
        if profile_key is not None:
            read_profile_row(reader, label, profile_key, key_cell, value_cell)
            continue
        if key is None:
            known = ", ".join(f.header("zh") for f in SUBJECT_FIELDS)
            reader.fail(
                label,
                key_cell,
                "unknown-field",
                "hint-expected-fields-or-metric" if metrics else "hint-expected-fields",
                name=repr(name),
                known=known,
                metrics=", ".join(sorted(metrics)),
            )
            continue
        if key in seen:
            reader.fail(label, key_cell, "field-twice", name=repr(name), other=seen[key].row)
            continue
        seen[key] = key_cell
        at = value_cell or key_cell
        if key == "standard":
            text = cell_text(value_cell)
            if text is not None:
                data["standard"] = text
            reader.mark(("standard",), at, label)
        elif key in INSPECTION_KEYS:
            value = (
                cell_date(reader, label, value_cell, name)
                if key == "date"
                else cell_text(value_cell)
            )
            reader.mark(("inspection", key), at, label)
            if key == "date":
                reader.mark(("inspection",), at, label)
            if value is not None:
                inspection[key] = value
        else:
            if key == "employees":
                value = cell_number(reader, label, value_cell, name)
            elif key in PACK_SUBJECT_KEYS:
                text = cell_text(value_cell)
                words = [w for w in re.split(r"[、,，;；\s]+", text or "") if w]
                value = [
                    next((k for k, t in INDUSTRIES.items() if t.zh == w), w) for w in words
                ] or None
            else:
                value = cell_text(value_cell)
                if key == "kind" and value is not None:
                    value = SUBJECT_KINDS.parse(value) or value
                elif key == "industry" and value is not None:
                    value = next((k for k, t in INDUSTRIES.items() if t.zh == value), value)
            reader.mark(("subject", key), at, label)
            if key == "name":
                reader.mark(("subject",), at, label)
            if value is not None:
                subject[key] = value
    if "standard" not in data and std_hint:
        reader.fail(label, None, "no-standard-row", "hint-add-standard-row")
    data["subject"] = subject
    data["inspection"] = inspection


PERSON = re.compile(
    r"^(?P<name>[^（(\s]+)\s*(?:[（(](?P<post>[^）)]*)[）)])?\s*(?P<phone>[\d+\-\s]{5,})?$"
)
"""A person in a cell: 姓名, 姓名（职务）, optionally followed by a telephone number."""
LIST_SPLIT = re.compile(r"\s*[；;、,，\n]\s*")


def _person(text: str) -> dict[str, str]:
    match = PERSON.match(text.strip())
    if match is None:  # keep it whole: the profile check reports nothing odd about a name
        return {"name": text.strip()}
    out = {"name": match["name"]}
    if match["post"]:
        out["post"] = match["post"].strip()
    if match["phone"]:
        out["phone"] = match["phone"].strip()
    return out


def _people(text: str) -> list[dict[str, str]]:
    # 、 may sit inside a post (党委书记、主任): split on it only outside brackets
    parts, depth, current = [], 0, ""
    for char in text:
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth -= 1
        if depth == 0 and char in "；;、,，\n":
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [_person(p) for p in parts if p.strip()]


def read_profile_row(
    reader: Reader, label: str, key: str, key_cell: Cell, value_cell: Cell | None
) -> None:
    """One 单位概况 row of the 单位信息 sheet into `reader.profile` (a Reader of its own)."""
    profile: Reader = reader.profile
    at = value_cell or key_cell
    if key == "prepared_on":
        value: Any = cell_date(reader, label, value_cell, "编制日期")
    else:
        value = cell_text(value_cell)
    if value is None:
        return
    data = profile.data
    if key in ("name", "address", "prepared_by", "prepared_on"):
        data[key] = value
        profile.mark((key,), at, label)
    elif key == "principal":
        data["principal"] = _person(value)
        profile.mark(("principal",), at, label)
    elif key in ("leader", "deputies", "members"):
        group = data.setdefault("leading_group", {})
        group[key] = _person(value) if key == "leader" else _people(value)
        profile.mark(("leading_group", key), at, label)
        profile.mark(("leading_group",), at, label)
    elif key in ("office", "director", "contact"):
        office = data.setdefault("office", {})
        field = {"office": "located_in"}.get(key, key)
        office[field] = value if key == "office" else _person(value)
        profile.mark(("office", field), at, label)
        profile.mark(("office",), at, label)
    elif key == "departments":
        departments = []
        for n, part in enumerate(p for p in re.split(r"\s*[；;\n]\s*", value) if p):
            name, _, takes = part.partition("=") if "=" in part else part.partition("：")
            departments.append(
                {"name": name.strip(), "takes": [t for t in LIST_SPLIT.split(takes) if t]}
            )
            profile.mark(("departments", n), at, label)
        data["departments"] = departments
        profile.mark(("departments",), at, label)


def read_items(
    reader: Reader,
    label: str,
    header: list[Cell],
    rows: list[list[Cell]],
    merged: set[tuple[int, int]],
    std: Standard | None,
) -> None:
    columns = header_columns(reader, label, header, ITEM_LOOKUP, merged)
    required = list(REQUIRED_ITEM_COLUMNS)
    if std is not None and any(i.kind is ItemKind.measure for i in std.items()):
        required.append("value")
    if missing_columns(
        reader,
        label,
        header[0] if header else None,
        columns,
        required,
        ITEM_COLUMNS,
        Code("table-checklist"),
    ):
        return
    items = std.item_map() if std else {}
    responses: dict[str, Any] = reader.data.setdefault("responses", {})
    metrics: dict[str, Any] = reader.data.setdefault("metrics", {})
    findings: list[dict[str, Any]] = reader.data.setdefault("findings", [])
    heads = {k: cell_text(c) or k for k, c in columns.items()}
    seen: dict[str, int] = {}
    for row in rows:
        if is_blank(row):
            continue
        cells = row_cells(row, columns)
        row_no = row[0].row
        id_cell = cells.get("id")
        item_id = cell_text(id_cell)
        if item_id is not None and std is not None:
            item_id = numbered_item(std, item_id)  # 五、6 as well as content.6
        result = cell_text(cells.get("result"))
        score = cell_number(reader, label, cells.get("score"), heads.get("score", "score"))
        value = cell_number(reader, label, cells.get("value"), heads.get("value", "value"))
        deductions = _deductions(
            reader, label, cells.get("deductions"), heads.get("deductions", "")
        )
        finding_text = cell_text(cells.get("finding"))
        conditions = _conditions(cell_text(cells.get("zero_if")), items.get(item_id or ""))
        if item_id is None:
            if result is not None or score is not None or value is not None:
                reader.fail(
                    label,
                    Cell(None, row_no, columns["id"].col),
                    "answer-without-id",
                    "hint-give-item-id",
                    row=row_no,
                    header=heads["id"],
                )
            continue
        if item_id in seen:
            reader.fail(
                label,
                id_cell,
                "item-twice",
                "hint-keep-one-row",
                item=repr(item_id),
                other=seen[item_id],
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
                        "metric-two-values",
                        "hint-give-one-value",
                        metric=repr(metric),
                        value=f"{value:g}",
                        other=f"{metrics[metric]:g}",
                    )
                metrics[metric] = value
                reader.mark(("metrics", metric), cells["value"] or id_cell, label, key=True)
                result = "不适用" if result and STATUSES.parse(result) == "na" else None
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
            status = STATUSES.parse(result)
            redundant = (
                (
                    (status == "met" and score == item.points)
                    or (status == "unmet" and score == 0)
                    or status == "na"
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
        if conditions:
            response["zero_if"] = conditions
        evidence = cell_text(cells.get("evidence"))
        if evidence:
            response["evidence"] = [e.strip() for e in re.split(r"[;；\n]+", evidence) if e.strip()]
        level = "general"
        # on a row answered 不适用 the 存在问题 cell says why: it is the 空项理由 (na_reason)
        empty = "status" in response and STATUSES.parse(response["status"]) == "na"
        na_reason = cell_text(cells.get("na_reason"))
        if finding_text:
            match = MAJOR_PREFIX.match(finding_text)
            if match:
                level = "major"
                finding_text = finding_text[match.end() :].strip() or finding_text
            if not (empty and na_reason):
                response["na_reason" if empty else "finding"] = finding_text
        if empty and na_reason:
            response["na_reason"] = na_reason
        if "status" in response or "deductions" in response or "zero_if" in response:
            responses[item_id] = response
            reader.mark(loc, id_cell, label, key=True)
            for part, key in (
                ("status", "result"),
                ("score", "score"),
                ("finding", "finding"),
                ("na_reason", "na_reason" if na_reason else "finding"),
                ("evidence", "evidence"),
                ("deductions", "deductions"),
                ("zero_if", "zero_if"),
            ):
                cell = cells.get(key)
                if cell is not None:
                    reader.mark((*loc, part), cell, label)
            for name in deductions or {}:
                reader.mark((*loc, "deductions", name), cells["deductions"], label, key=True)
        measure = cell_text(cells.get("measure"))
        owner = cell_text(cells.get("owner"))
        due = cell_date(reader, label, cells.get("due"), heads.get("due", "due"))
        level_text = cell_text(cells.get("level"))
        if level_text is not None:
            word = FINDING_LEVELS.parse(level_text)
            if word is None:
                reader.fail(
                    label,
                    cells["level"],
                    "unknown-level",
                    "hint-expected-one-of",
                    header=heads["level"],
                    value=repr(level_text),
                    expected=FINDING_LEVELS.accepted(),
                )
            elif word == "major":
                level = "major"
        state_text = cell_text(cells.get("state"))
        state = "open"
        if state_text is not None:
            word = FINDING_STATES.parse(state_text)
            if word is None:
                reader.fail(
                    label,
                    cells["state"],
                    "unknown-state",
                    "hint-expected-one-of",
                    header=heads["state"],
                    value=repr(state_text),
                    expected=FINDING_STATES.accepted(),
                )
            else:
                state = word
        if finding_text and (measure or owner or due):
            index = len(findings)
            finding: dict[str, Any] = {
                "id": f"R{row_no}",
                "numbered_by_sheet": True,
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


def _conditions(text: str | None, item: Any) -> list[str] | None:
    """The 不得分 conditions a row names, by id or by their text (the record check reports an
    unknown one)."""
    if text is None:
        return None
    names = {norm(c.text.zh): c.id for c in item.zero_if} if item is not None else {}
    found = [p.strip() for p in re.split(r"[;；、\n]+", text) if p.strip()]
    return [names.get(norm(p), p) for p in found] or None


DEDUCTION = re.compile(r"^(.*?\S)\s*(?:[×*=:]|\s[xX]\s)\s*(\d+)$|^(.*?\S)\s+(\d+)$|^(.*\S)$")
"""A deduction and its count: its id or its Chinese name, then ×N, =N, :N, ' x N' or ' N'."""


def _deductions(
    reader: Reader, label: str, cell: Cell | None, header: str
) -> dict[str, int] | None:
    text = cell_text(cell)
    if text is None:
        return None
    counts: dict[str, int] = {}
    for piece in re.split(r"[;,、\n]+", unicodedata.normalize("NFKC", text)):
        piece = piece.strip()
        if not piece:
            continue
        match = DEDUCTION.match(piece)
        name = match and (match.group(1) or match.group(3) or match.group(5))
        if match is None or not name or name.isdigit() or name[0] in "×*=:":
            reader.fail(
                label,
                cell,
                "deduction-unreadable",
                "hint-deduction-form",
                header=header,
                value=repr(piece),
            )
            continue
        try:  # the one count parser: ten digits at most, never a 5,000-digit int()
            count = parse_count(match.group(2) or match.group(4) or "1", digits=10)
        except ValueError:  # more than ten digits
            digits = len(match.group(2) or match.group(4) or "")
            reader.fail(
                label,
                cell,
                "deduction-count-too-long",
                "hint-how-many-times",
                header=header,
                name=name,
                digits=f"{digits:,}",
            )
            continue
        counts[name] = counts.get(name, 0) + count
    return counts or None


def read_incidents(
    reader: Reader,
    label: str,
    header: list[Cell],
    rows: list[list[Cell]],
    merged: set[tuple[int, int]],
) -> None:
    columns = header_columns(reader, label, header, INCIDENT_LOOKUP, merged)
    if missing_columns(
        reader,
        label,
        header[0] if header else None,
        columns,
        ("date",),
        INCIDENT_COLUMNS,
        Code("table-incidents"),
    ):
        return
    incidents: list[dict[str, Any]] = reader.data.setdefault("incidents", [])
    heads = {k: cell_text(c) or k for k, c in columns.items()}
    for row in rows:
        if is_blank(row):
            continue
        cells = row_cells(row, columns)
        index = len(incidents)
        loc: Path_ = ("incidents", index)
        incident: dict[str, Any] = {}
        date = cell_date(reader, label, cells.get("date"), heads["date"])
        if date is not None:
            incident["date"] = date
        kind = cell_text(cells.get("kind"))
        if kind is not None:
            incident["kind"] = INCIDENT_KINDS.parse(kind) or kind
        for key in ("fatalities", "serious_injuries", "direct_loss_yuan"):
            number = cell_number(reader, label, cells.get(key), heads.get(key, key))
            if number is not None:
                incident[key] = number
        text = cell_text(cells.get("text"))
        if text is not None:
            incident["text"] = text
        incidents.append(incident)
        reader.mark(loc, row[0], label)
        for key, cell in cells.items():
            if cell is not None:
                reader.mark((*loc, key), cell, label)
