"""`safecli check` output: text, json, junit, sarif and GitHub workflow commands.

Every format is a pure function of the GateReport and byte-identical run to run: no clock, no
absolute paths, records and failures in path order.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from safecli import __version__
from safecli.config import GATES
from safecli.gate import Failure, GateReport

INFO_URI = "https://github.com/safecli/safecli"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

RULES = {
    "invalid": (
        "InvalidRecord",
        "The record cannot be read or does not follow its standard.",
        "Fix each located problem; `safecli validate FILE` lists them all.",
    ),
    "veto": (
        "VetoTriggered",
        "A veto (否决) rule of the standard fired and capped the grade.",
        "The failure names the incident, finding, metric or item that fired the rule.",
    ),
    "blacklisted": (
        "Blacklisted",
        "A veto that puts the unit on a blacklist (信用污点/黑名单) fired.",
        "The failure names the rule and what fired it; a blacklisted unit cannot pass.",
    ),
    "lowest-grade": (
        "LowestGrade",
        "The record is graded at its standard's lowest grade (不合格 or the like).",
        "See `safecli score FILE` for the items that lost points.",
    ),
    "below-grade": (
        "BelowRequiredGrade",
        "The record's grade is below the grade safecli.yaml requires for its standard.",
        "Raise the score (see `safecli score FILE`), or change required_grades.",
    ),
    "overdue-major": (
        "OverdueMajorHazard",
        "A major hazard (重大隐患) is open past its rectification deadline.",
        "Rectify it and set status: closed, or record the new deadline.",
    ),
    "unanswered": (
        "UnansweredItem",
        "An applicable item of the standard has no answer.",
        "Answer it, mark it na, or report its metric.",
    ),
}
"""SARIF rule metadata per gate id: name, short description, help."""

L = {
    "zh": {
        "title": "safecli 检查",
        "record": "记录",
        "standard": "标准",
        "total": "总分",
        "grade": "等级",
        "required": "要求",
        "status": "结果",
        "problems": "问题",
        "pass": "通过",
        "fail": "未通过",
        "invalid": "无效",
        "summary": "{records} 份记录：{passed} 份通过，{failed} 份未通过，共 {failures} 个问题；跳过 {skipped} 个文件",
        "skipped": "跳过",
        "as_of": "判定日期 {as_of}",
        "today": "（今天；逾期按此日期判断，--as-of 可另定）",
        "given": "（--as-of 指定）",
        "rules": "门禁规则",
        "defaults": "默认，未找到 safecli.yaml",
        "records": "各记录的检查日期",
        "from": "来自 {config}",
    },
    "en": {
        "title": "safecli check",
        "record": "Record",
        "standard": "Standard",
        "total": "Total",
        "grade": "Grade",
        "required": "Required",
        "status": "Status",
        "problems": "Problems",
        "pass": "pass",
        "fail": "fail",
        "invalid": "invalid",
        "summary": "{records} records: {passed} passed, {failed} failed, {failures} problems; "
        "{skipped} files skipped",
        "skipped": "skipped",
        "as_of": "as of {as_of}",
        "today": " (today; overdue is judged on this date, --as-of to choose another)",
        "given": " (--as-of)",
        "rules": "gates in force",
        "defaults": "defaults, no safecli.yaml",
        "records": "each record's inspection date",
        "from": "from {config}",
    },
}


def summary_line(report: GateReport) -> str:
    passed = sum(1 for r in report.results if r.passed)
    return L[report.lang]["summary"].format(
        records=len(report.results),
        passed=passed,
        failed=len(report.results) - passed,
        failures=len(report.failures),
        skipped=len(report.skipped),
    )


RULE_NAMES = {
    "zh": {
        "invalid": "无效记录",
        "veto": "否决",
        "blacklisted": "黑名单",
        "lowest-grade": "最低等级",
        "below-grade": "低于要求等级",
        "overdue-major": "重大隐患逾期",
        "unanswered": "条款未作答",
    },
    "en": {
        "invalid": "invalid record",
        "veto": "veto",
        "blacklisted": "blacklisted",
        "lowest-grade": "lowest grade",
        "below-grade": "below the required grade",
        "overdue-major": "overdue major hazard",
        "unanswered": "unanswered item",
    },
}
"""Each gate's name, for the header saying which gates were in force."""


def header_lines(report: GateReport) -> list[str]:
    """The date overdue was judged on, and the gates in force (and where they come from)."""
    t = L[report.lang]
    names = RULE_NAMES[report.lang]
    if report.as_of is not None:
        source = t["today"] if report.as_of_today else t["given"]
        lines = [t["as_of"].format(as_of=report.as_of.isoformat()) + source]
    else:
        lines = [t["as_of"].format(as_of=t["records"])]
    config = report.config_file
    where = t["from"].format(config=config) if config else t["defaults"]
    sep, comma = ("：", "、") if report.lang == "zh" else (": ", ", ")
    rules = comma.join(f"{g} {names.get(g, g)}" for g in report.fail_on)
    opening, closing = ("（", "）") if report.lang == "zh" else (" (", ")")
    lines.append(f"{t['rules']}{opening}{where}{closing}{sep}{rules}")
    return lines


# ---------------------------------------------------------------- text


def render_lines(report: GateReport, *, verbose: bool = False) -> str:
    """`path:line:col: error: [gate] message` per failure, then one summary line."""
    t = L[report.lang]
    out = header_lines(report)
    if verbose:
        out += [f"{s.path}: {t['skipped']}: {s.reason}" for s in report.skipped]
    for result in report.results:
        if verbose and result.passed:
            out.append(f"{result.path}: ok: {result.standard} {result.total:.1f} {result.grade}")
        out += [str(f) for f in result.failures]
    out.append(summary_line(report))
    return "\n".join(out) + "\n"


def render_table(report: GateReport) -> Any:
    """A rich table: record, standard, total, grade, required, status, problems."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    t = L[report.lang]
    table = Table(title=t["title"])
    for key in ("record", "standard", "total", "grade", "required", "status", "problems"):
        table.add_column(t[key], justify="right" if key == "total" else "left", overflow="fold")
    style = {"pass": "green", "fail": "red", "invalid": "bold red"}
    for r in report.results:
        problems = "\n".join(
            (f"{f.line}:{f.col} " if f.line else "") + f"[{f.rule}] {f.message}" for f in r.failures
        )
        table.add_row(
            Text(r.path),
            Text(r.standard or "-"),
            "-" if r.total is None else f"{r.total:.1f}",
            Text(f"{r.grade_label} ({r.grade})" if r.grade else "-"),
            Text(r.required or "-"),
            Text(t[r.status], style=style[r.status]),
            Text(problems),
        )
    return Group(*(Text(line) for line in header_lines(report)), table, Text(summary_line(report)))


# ---------------------------------------------------------------- json


def _failure(f: Failure) -> dict[str, Any]:
    return {
        "path": f.path,
        "line": f.line,
        "col": f.col,
        "rule": f.rule,
        "message": f.message,
        "hint": f.hint,
    }


def render_json(report: GateReport) -> str:
    passed = sum(1 for r in report.results if r.passed)
    data = {
        "tool": {"name": "safecli", "version": __version__},
        "as_of": report.as_of.isoformat() if report.as_of else None,
        "as_of_today": report.as_of_today,
        "fail_on": report.fail_on,
        "config": report.config_file,
        "exit_code": int(report.exit_code),
        "summary": {
            "records": len(report.results),
            "passed": passed,
            "failed": len(report.results) - passed,
            "failures": len(report.failures),
            "skipped": len(report.skipped),
        },
        "records": [
            {
                "path": r.path,
                "standard": r.standard,
                "subject": r.subject,
                "subject_id": r.subject_id,
                "inspection_date": r.date.isoformat() if r.date else None,
                "total": r.total,
                "grade": r.grade,
                "grade_label": r.grade_label,
                "required": r.required,
                "status": r.status,
                "failures": [_failure(f) for f in r.failures],
            }
            for r in report.results
        ],
        "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- junit


def render_junit(report: GateReport) -> str:
    """One testsuite, one testcase per record, one <failure> per failed gate."""
    failed = sum(1 for r in report.results if not r.passed)
    suites = ET.Element(
        "testsuites",
        {"name": "safecli check", "tests": str(len(report.results)), "failures": str(failed)},
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        {
            "name": "safecli check",
            "tests": str(len(report.results)),
            "failures": str(failed),
            "errors": "0",
            "skipped": "0",
        },
    )
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "safecli.version", "value": __version__})
    ET.SubElement(props, "property", {"name": "fail_on", "value": ",".join(report.fail_on)})
    if report.as_of:
        ET.SubElement(props, "property", {"name": "as_of", "value": report.as_of.isoformat()})
    config = report.config_file
    ET.SubElement(props, "property", {"name": "config", "value": config or "(defaults)"})
    for r in report.results:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": (r.standard or "invalid").replace(".", "_"),
                "name": r.path,
                "file": r.path,
            },
        )
        for f in r.failures:
            node = ET.SubElement(case, "failure", {"type": f.rule, "message": f.message})
            node.text = str(f)
        if r.passed and r.total is not None:
            out = ET.SubElement(case, "system-out")
            out.text = f"{r.standard} total {r.total:.1f} grade {r.grade}"
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )


# ---------------------------------------------------------------- sarif


def render_sarif(report: GateReport) -> str:
    """SARIF 2.1.0: one result per failure at its file, line and column (repo-relative uri)."""
    rule_ids = list(GATES)
    rules = [
        {
            "id": gate,
            "name": RULES[gate][0],
            "shortDescription": {"text": RULES[gate][1]},
            "help": {"text": RULES[gate][2]},
            "defaultConfiguration": {"level": "error"},
        }
        for gate in rule_ids
    ]
    results = []
    for f in report.failures:
        location: dict[str, Any] = {"artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"}}
        if f.line > 0 and not f.path.lower().endswith((".xlsx", ".xlsm")):
            location["region"] = {"startLine": f.line, "startColumn": max(f.col, 1)}
        text = f.message + (f" ({f.hint})" if f.hint else "")
        results.append(
            {
                "ruleId": f.rule,
                "ruleIndex": rule_ids.index(f.rule),
                "level": "error",
                "message": {"text": text},
                "locations": [{"physicalLocation": location}],
            }
        )
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "safecli",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFO_URI,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {
                    "%SRCROOT%": {"description": {"text": "The repository root."}}
                },
                "columnKind": "unicodeCodePoints",
                "properties": {
                    "as_of": report.as_of.isoformat() if report.as_of else None,
                    "fail_on": list(report.fail_on),
                    "config": report.config_file,
                },
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- github


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render_github(report: GateReport) -> str:
    """`::error file=…,line=…,col=…,title=…::message`, one workflow command per failure."""
    out = [f"::notice title=safecli::{_escape_data('; '.join(header_lines(report)))}"]
    for f in report.failures:
        props = [f"file={_escape_property(f.path)}"]
        if f.line > 0:
            props += [f"line={f.line}", f"col={max(f.col, 1)}"]
        props.append(f"title={_escape_property('safecli ' + f.rule)}")
        message = f.message + (f" ({f.hint})" if f.hint else "")
        out.append(f"::error {','.join(props)}::{_escape_data(message)}")
    return "\n".join(out) + ("\n" if out else "")


RENDERERS = {
    "json": render_json,
    "junit": render_junit,
    "sarif": render_sarif,
    "github": render_github,
}


def render_check(report: GateReport, fmt: str, *, verbose: bool = False) -> str:
    """The report as text lines, json, junit, sarif or github."""
    if fmt == "text":
        return render_lines(report, verbose=verbose)
    return RENDERERS[fmt](report)
