"""Writing a blank 自查表 for a standard: a YAML skeleton, an xlsx workbook or a csv."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Sequence
from typing import Any

from safecli.model import neutralise
from safecli.model.archive import FIXED_TIME, deterministic_zip
from safecli.model.errors import UsageError
from safecli.model.features import FEATURES
from safecli.model.industries import INDUSTRIES
from safecli.model.numbering import paper_numbers
from safecli.model.standard import ItemKind, Standard, SubjectKind
from safecli.model.unit_words import item_words
from safecli.model.wording import problem
from safecli.read.sheets.columns import (
    INCIDENT_COLUMNS,
    KIND_LABELS,
    PACK_SUBJECT_KEYS,
    PERIODS,
    PROFILE_FIELDS,
    RESULT_CHOICES,
    SHEET_NAMES,
    STATE_CHOICES,
    SUBJECT_FIELDS,
    SUBJECT_HEADER,
    Column,
    item_columns,
    standard_name,
)
from safecli.read.sheets.facts import FEATURES_ROW, fact_rows


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
    text = f"{item.op.sign} {_num(item.target)}{sep}{unit}"
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
            out.append((cond.metric, f"{veto.text.zh} ({cond.op.sign} {_num(cond.value)})"))
    return out


def _veto_note(std: Standard, metric: str, lang: str) -> str:
    for veto in std.vetoes:
        cond = veto.when.metric
        if cond and cond.metric == metric:
            words = (std.plan.vetoes.get(veto.id) if std.plan else None) or veto.text
            if lang == "en":
                return f"veto: {words.get(lang)} ({cond.op.sign} {_num(cond.value)})"
            return f"否决：{words.zh}（{cond.op.sign} {_num(cond.value)}）"
    return ""


def _metric_name(std: Standard, metric: str, lang: str) -> str:
    # a Chinese sheet names a metric by its Chinese name; the reader knows both
    return metric if lang == "en" else std.metric_label(metric).zh


def _deduction_legend(std: Standard, item: Any, lang: str) -> str:
    if lang == "en":
        parts = [
            f"{d.id} −{_num(d.points)}: {_short(d.text.en or d.text.zh, 30)}"
            for d in item.deductions
        ]
        return "Deductions: " + "; ".join(parts)
    parts = [f"{std.deduction_label(d).zh} −{_num(d.points)}" for d in item.deductions]
    return (
        "扣分项（填写“名称 次数”，如 "
        + f"{std.deduction_label(item.deductions[0]).zh} 1）："
        + "；".join(parts)
    )


def write_blank(
    standard: Standard, fmt: str, lang: str = "zh", facts: dict[str, Any] | None = None
) -> str | bytes:
    """The blank 自查表 of `standard`: YAML text, or the bytes of an xlsx or a csv file.

    `facts` (industry, industries, features of the unit, from `init --subject`) are written
    into the YAML's subject, so the filled record applies the same items the checklist lists."""
    if fmt == "yaml":
        return _blank_yaml(standard, lang, facts or {})
    if fmt == "xlsx":
        return _blank_xlsx(standard, lang, facts or {})
    if fmt == "csv":
        return _blank_csv(standard, lang, facts or {})
    raise UsageError(
        problem("--format", code="unknown-sheet-format", hint="hint-sheet-formats", fmt=repr(fmt))
    )


_JUDGED_HEAD = {
    "zh": (
        "# 重大事故隐患判定记录（空白）· {ref} {title}",
        "# 填写：subject.name 与 inspection.date 必填。判定某一情形：删去 responses 下该行行首的“# ”，",
        "# 按现场情况写 存在 或 不存在（不涉及的情形写 不适用）。每一项“存在”即为重大事故隐患：",
        "# 在 findings 下写明整改措施、责任人和期限。仍为注释的行视为未判定。",
        "# 检查：safecli validate 本文件；判定结果：safecli score 本文件",
    ),
    "en": (
        "# Determination record (blank) for {ref}: {title}",
        "# Fill subject.name and inspection.date. To judge a situation, delete the '# ' before",
        "# its line under responses and write unmet (present) or met (absent); na where the",
        "# situation does not concern the unit. Each one present is a major accident hazard:",
        "# list it under findings with its measure, owner and deadline. Lines left commented",
        "# stay unjudged. Check it: safecli validate FILE   The verdict: safecli score FILE",
    ),
}
"""The head of a blank 判定 record (`init major-hazards-industry-trade`)."""


def _scalar(text: str) -> str:
    """`text` as a YAML value: plain when every character is a printable non-ASCII one (no
    indicator, number or keyword can misread it: 甲机械厂), else double-quoted."""
    if all(c.isprintable() and not c.isascii() and not c.isspace() for c in text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _blank_yaml(std: Standard, lang: str, facts: dict[str, Any]) -> str:
    en = lang == "en"
    kind = std.subject.value
    out: list[str] = []

    def add(line: str) -> None:
        # each call is one line: a line break in a standard's text must not start a new one
        out.append(neutralise.one_line(line))

    if std.kind == "determination":  # judged situation by situation, never scored
        for line in _JUDGED_HEAD["en" if en else "zh"]:
            add(line.replace("{ref}", std.ref).replace("{title}", std.title.get(lang)))
    elif en:
        add(f"# Self-inspection record (blank) for {std.ref}: {std.title.get(lang)}")
        add("# Fill subject.name and inspection.date. To answer an item, delete the '# ' before")
        add("# its line under responses and change 'met' to met / partial / unmet / na")
        add("# ({status: partial, score: 1.5} gives a partial score). Report measured values")
        add("# under metrics. Lines left commented stay unanswered. Say why an item does not")
        add("# apply: {status: na, na_reason: …}; items marked 'must answer' (required items,")
        add("# vetoes) may not be answered na.")
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
        add(
            "# 不适用（空项）写明理由：{status: na, na_reason: …}；标“必答”的条款（必备条件、否决项）不得答不适用。"
        )
        add("# 仍为注释的行视为未回答。检查：safecli validate 本文件；评分：safecli score 本文件")
    add(f"standard: {std.ref}")
    add("subject:")
    add(f"  kind: {kind}")
    name_note = "unit name (required)" if en else "单位名称（必填）"
    if facts.get("name"):
        add(f"  name: {_scalar(facts['name'])}  # {name_note}")
    else:
        add(f"  name:              # {name_note}")
    code = (
        ("unified social credit code (18 characters)" if en else "统一社会信用代码（18位）")
        if std.subject is SubjectKind.enterprise
        else ("code of the unit" if en else "单位代码")
    )
    add(f"  id: {_scalar(facts['id'])}" if facts.get("id") else f"  # id:              # {code}")
    for key in ("industry", "industries", "features"):
        if facts.get(key):
            value = facts[key]
            add(f"  {key}: " + (f"[{', '.join(value)}]" if isinstance(value, list) else value))
    if std.subject is SubjectKind.enterprise and not facts.get("industry"):
        add(
            "  # industry:        # " + ("e.g. " if en else "如 ") + ", ".join(list(INDUSTRIES)[:6])
        )
    if facts.get("employees") is not None:
        add(f"  employees: {int(facts['employees'])}")
    else:
        add("  # employees:       # " + ("head count" if en else "从业人员数"))
    if facts.get("region"):
        add(f"  region: {_scalar(facts['region'])}")
    else:
        add("  # region:          # " + ("province / city / district" if en else "省/市/区"))
    for line in fact_lines(std, lang):
        add(line)
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
            if std.kind == "determination":
                answer = "不存在" if not en else "met"
                add(f"  # {item.id}: {answer}  # {item.article} {text}")
                continue
            if item.na == "never" or item.veto:
                pts += ", must answer" if en else "，必答"
            add(f"  # {item.id}: met  # {text} ({pts})")
            if item.deductions and item.method is None:  # a method column says it already
                counts = ", ".join(f"{d.id}: 0" for d in item.deductions)
                word = "or count deductions" if en else "或按扣分项计次"
                add(f"  #   {word}: {item.id}: {{deductions: {{{counts}}}}}")
            if item.zero_if:
                ids = ", ".join(c.id for c in item.zero_if)
                word = "or a 不得分 condition found" if en else "或不得分情形"
                add(f"  #   {word}: {item.id}: {{zero_if: [{ids}]}}")
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
    add(
        "# exceptions:        # "
        + (
            "items left out with approval until a date: 空项 (does not apply) or 豁免 (excused "
            "for now); veto and required items refuse a 豁免"
            if en
            else "经批准的例外：空项（不适用）或豁免（暂缓），过期后按作答计分；否决项、必备条件不得豁免"
        )
    )
    add(
        f"#   - {{item: {first}, kind: 空项, reason: …, approver: {{name: …, post: …, "
        "organisation: …}, date: YYYY-MM-DD, until: YYYY-MM-DD}"
    )
    rules = [rule for grade in std.grades for rule in grade.attestations]
    if rules:
        what = (
            "acceptances or certificates a grade requires"
            if en
            else "等级所需的外部认定（验收、证书）"
        )
        add(f"# attestations:      # {what}")
        for rule in rules:
            level = ", level: 国家|省|市|县" if rule.min_level else ""
            add(
                f"#   {rule.id}: {{date: YYYY-MM-DD, by: …, ref: …{level}}}"
                f"  # {_short(rule.text.get(lang))}"
            )
    return "\n".join(out) + "\n"


def fact_lines(std: Standard, lang: str) -> list[str]:
    """The blank record's lines for the facts the standard's `applies_if` reads."""
    en = lang == "en"
    conds = [item.applies_if for item in std.items() if item.applies_if is not None]
    out: list[str] = []
    features = sorted({f for c in conds for f in c.features or []})
    if features:
        what = "what the unit has ([] for none)" if en else "本单位具有的情形（都没有写 []）"
        out.append(f"  # features: [{', '.join(features)}]  # {what}")
    sizes = sorted({c.area_units.employees_min for c in conds if c.area_units} - {None})
    industries = sorted({i for c in conds if c.area_units for i in c.area_units.industries or []})
    if sizes or industries:
        out.append("  # area:            # " + ("what the area holds" if en else "辖区情况"))
        out.append(
            "  #   units: 0       # " + ("units in the area" if en else "辖区生产经营单位数")
        )
        if sizes:
            counts = ", ".join(f"{n}: 0" for n in sizes)
            what = "units of N+ staff" if en else "从业人员N人以上的单位数"
            out.append(f"  #   units_by_staff: {{{counts}}}  # {what}")
        if industries:
            counts = ", ".join(f"{i}: 0" for i in industries)
            what = "units by industry" if en else "各行业单位数"
            out.append(f"  #   industries: {{{counts}}}  # {what}")
    return out


def _item_rows(std: Standard, lang: str) -> list[list[Any]]:
    rows: list[list[Any]] = []
    # a Chinese sheet names items by their numbers on paper (五、6), in today's wording; the
    # reader takes the number for the id
    numbers = paper_numbers(std) if lang == "zh" else {}
    for section in std.sections:
        for item in section.items:
            measure = item.kind is ItemKind.measure
            text = item_words(std, item).get(lang) if lang == "zh" else item.text.get(lang)
            if item.deductions and item.method is None:  # a method column says it already
                text += "\n" + _deduction_legend(std, item, lang)
            kind = (
                ("measure" if measure else "check")
                if lang == "en"
                else ("量化指标" if measure else "检查项")
            )
            values = {
                "id": numbers.get(item.id, item.id),
                "section": section.title.get(lang),
                "text": text,
                "points": item.points,
                "kind": kind,
                "metric": _metric_name(std, item.metric, lang) if item.metric else "",
                "target": _target(item, lang),
                "group": item.group.get(lang) if item.group else "",
                "method": item.method.get(lang) if item.method else "",
            }
            rows.append([values.get(c.key, "") for c in item_columns(std)])
    return rows


def _subject_rows(std: Standard, lang: str, facts: dict[str, Any]) -> list[list[str]]:
    en = lang == "en"
    kinds = " / ".join(en_ if en else zh for zh, en_ in KIND_LABELS.values())
    notes = {
        "standard": "do not change" if en else "请勿修改",
        "kind": kinds,
        "id": "18 characters for an enterprise" if en else "企业填写18位统一社会信用代码",
        "name": "required" if en else "必填",
        "industry": ("enterprise only, e.g. " if en else "企业填写，如 ")
        + " / ".join(INDUSTRIES[k].get(lang) for k in list(INDUSTRIES)[:4]),
        "employees": "head count" if en else "人数",
        "date": "YYYY-MM-DD, required" if en else "年-月-日，如 2026-03-01，必填",
        "period": "e.g. 2025-Q2" if en else "如 2025年第二季度",
    }
    values = {
        "standard": std.ref if en else standard_name(std),
        "kind": KIND_LABELS[std.subject][1 if en else 0],
    }
    for key in ("id", "name", "region"):  # init --subject: the unit, filled in
        if facts.get(key):
            values[key] = str(facts[key])
    if facts.get("employees") is not None:
        values["employees"] = str(facts["employees"])
    judged = std.kind == "determination"
    if judged:
        notes["industries"] = (
            "further industries, separated by 、" if en else "兼营的其他行业，用、分隔"
        )
        industry = facts.get("industry")
        if industry:
            values["industry"] = (
                INDUSTRIES[industry].get(lang) if industry in INDUSTRIES else industry
            )
        values["industries"] = "、".join(
            INDUSTRIES[i].get(lang) if i in INDUSTRIES else i for i in facts.get("industries", [])
        )
    rows = [
        [f.header(lang), values.get(f.key, ""), notes.get(f.key, "")]
        for f in SUBJECT_FIELDS
        if judged or f.key not in PACK_SUBJECT_KEYS
    ]
    facts_rows = fact_rows(std, lang)
    if facts.get("features") is not None:  # init --subject: the unit's 情形, filled in
        stated = "、".join(FEATURES[f].get(lang) for f in facts["features"] if f in FEATURES)
        for row in facts_rows:
            if row[0] in FEATURES_ROW:
                row[1] = stated or ("none" if en else "无")
    rows += facts_rows
    for metric, _ in _veto_metrics(std):
        rows.append([_metric_name(std, metric, lang), "", _veto_note(std, metric, lang)])
    profile_notes = PROFILE_NOTES_EN if en else PROFILE_NOTES
    rows += [[f.header(lang), "", profile_notes.get(f.key, "")] for f in PROFILE_FIELDS]
    return rows


PROFILE_NOTES = {
    "name": "单位概况（编制实施方案用，均可不填）：单位全称，不填同单位名称",
    "principal": "姓名（职务），如 王建国（总经理）",
    "leader": "姓名（职务）；不填时方案写“由主要负责人担任”",
    "deputies": "多人用；分隔，如 李强（副总经理）；周敏（安全总监）",
    "members": "多人用；分隔",
    "office": "部门名称，如 安全环保部",
    "director": "姓名（职务）",
    "contact": "姓名（职务） 电话",
    "departments": "本单位部门=标准中的责任部门，如 安全环保部=安全管理部门、保卫部门；综合办公室=办公室",
    "prepared_by": "落款单位，不填同单位全称",
    "prepared_on": "年-月-日，如 2026-03-01，落款日期，不填取方案开始日期",
}
PROFILE_NOTES_EN = {
    "name": "unit profile for the plan (all optional): full name, else the unit's name",
    "principal": "name (post)",
    "leader": "name (post); without it the plan says the principal leads",
    "deputies": "several: separate with ;",
    "members": "several: separate with ;",
    "office": "a department",
    "departments": "our department=the standard's owners, e.g. Safety=安全管理部门、保卫部门",
    "prepared_on": "YYYY-MM-DD",
}


def _blank_csv(std: Standard, lang: str, facts: dict[str, Any]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in _subject_rows(std, lang, facts):
        writer.writerow([neutralise.cell(v) for v in row[:2]])
    writer.writerow([])
    writer.writerow([c.header(lang) for c in item_columns(std)])
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


def _blank_xlsx(std: Standard, lang: str, facts: dict[str, Any]) -> bytes:
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
    columns = item_columns(std)
    table(items, columns, rows)
    last = len(rows) + 1
    col = {c.key: get_column_letter(i) for i, c in enumerate(columns, start=1)}
    wrapped = {col[k] for k in ("text", "section", "method") if k in col}
    for row in items.iter_rows(min_row=2, max_row=last):
        for cell in row:
            cell.alignment = wrap if cell.column_letter in wrapped else top
    for cell in items[col["due"]][1:]:
        cell.number_format = "yyyy-mm-dd"
    choices = RESULT_CHOICES[lang]
    if std.kind == "determination":
        choices = ("存在", "不存在", "不适用") if lang != "en" else ("unmet", "met", "na")
    result = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
    result.add(f"{col['result']}2:{col['result']}{last}")
    level = DataValidation(
        type="list", formula1='"general,major"' if lang == "en" else '"一般,重大"', allow_blank=True
    )
    level.add(f"{col['level']}2:{col['level']}{last}")
    state = DataValidation(
        type="list",
        formula1='"' + ",".join(STATE_CHOICES[lang]) + '"',
        allow_blank=True,
    )
    state.add(f"{col['state']}2:{col['state']}{last}")
    for validation in (result, level, state):
        items.add_data_validation(validation)

    subject = wb.create_sheet(SHEET_NAMES["subject"][1 if lang == "en" else 0])
    subject_rows = _subject_rows(std, lang, facts)
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
    return deterministic_zip(raw.getvalue(), FIXED_TIME)
