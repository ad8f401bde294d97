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
from safecli.neutralise import (
    log_line,
    log_line_controls,
    terminal,
    workflow_data,
    workflow_property,
    xml_text,
)

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
    "unreadable": (
        "UnreadableFolder",
        "A folder under the checked paths could not be read: records in it were not checked.",
        "Give the CI user read access, or exclude the folder in safecli.yaml.",
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


# ---------------------------------------------------------------- text


def render_lines(report: GateReport, *, verbose: bool = False) -> str:
    """`path:line:col: error: [gate] message` per failure, then one summary line."""
    t = L[report.lang]
    out = []
    if verbose:
        out += [f"{s.path}: {t['skipped']}: {s.reason}" for s in report.skipped]
    for result in report.results:
        if verbose and result.passed:
            out.append(f"{result.path}: ok: {result.standard} {result.total:.1f} {result.grade}")
        out += [str(f) for f in result.failures]
    out.append(summary_line(report))
    # data (file names, findings, unit names) must not start a line a CI runner would obey
    return "\n".join(log_line(line) for line in out) + "\n"


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
            terminal((f"{f.line}:{f.col} " if f.line else "") + f"[{f.rule}] {f.message}")
            for f in r.failures
        )
        table.add_row(
            Text(terminal(r.path)),
            Text(terminal(r.standard or "-")),
            "-" if r.total is None else f"{r.total:.1f}",
            Text(terminal(f"{r.grade_label} ({r.grade})" if r.grade else "-")),
            Text(terminal(r.required or "-")),
            Text(t[r.status], style=style[r.status]),
            Text(problems),
        )
    return Group(table, Text(summary_line(report)))


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
        "fail_on": report.fail_on,
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
    for r in report.results:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": xml_text((r.standard or "invalid").replace(".", "_")),
                "name": xml_text(r.path),
                "file": xml_text(r.path),
            },
        )
        for f in r.failures:
            node = ET.SubElement(case, "failure", {"type": f.rule, "message": xml_text(f.message)})
            node.text = xml_text(str(f))
        if r.passed and r.total is not None:
            out = ET.SubElement(case, "system-out")
            out.text = xml_text(f"{r.standard} total {r.total:.1f} grade {r.grade}")
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
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- github


def _escape_data(value: str) -> str:
    return workflow_data(log_line_controls(value))


def _escape_property(value: str) -> str:
    return workflow_property(log_line_controls(value))


def render_github(report: GateReport) -> str:
    """`::error file=…,line=…,col=…,title=…::message`, one workflow command per failure."""
    out = []
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
