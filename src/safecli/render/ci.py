"""`safecli check` output: text, json, junit, sarif and GitHub workflow commands.

Every format is a pure function of the GateReport and byte-identical run to run: no clock, no
absolute paths, records and failures in path order.
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import quote

from safecli import __version__
from safecli.messages.catalog import problem_words
from safecli.model.errors import ExitCode
from safecli.model.neutralise import (
    log_line,
    log_line_controls,
    terminal,
    workflow_data,
    workflow_property,
    xml_text,
)
from safecli.portfolio.config import GATES
from safecli.portfolio.discovery import Skipped
from safecli.portfolio.gate import GateReport, GateRun
from safecli.portfolio.pool import Failure, RecordResult
from safecli.render.ci_records import record_json
from safecli.render.ci_words import RULE_NAMES, RULES, SARIF_LEVELS, SARIF_RULES, L

INFO_URI = "https://github.com/safecli/safecli"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def summary_line(report: GateReport) -> str:
    passed = sum(1 for r in report.results if r.passed)
    warnings = sum(_warned(r) for r in report.results)
    return _summary(
        report.lang,
        len(report.results),
        passed,
        len(report.failures),
        len(report.skipped),
        warnings,
    )


def _warned(r: RecordResult) -> int:
    return sum(1 for f in r.warnings if f.level == "warning")


def _summary(
    lang: str, records: int, passed: int, failures: int, skipped: int, warnings: int = 0
) -> str:
    text = L[lang]["summary"].format(
        records=records,
        passed=passed,
        failed=records - passed,
        failures=failures,
        skipped=skipped,
    )
    return text + (L[lang]["warnings"].format(warnings=warnings) if warnings else "")


def header_lines(report: GateRun | GateReport) -> list[str]:
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
    # `unreadable` is about the run, not a record: it shows as a failure when it happens
    rules = comma.join(f"{g} {names.get(g, g)}" for g in report.fail_on if g != "unreadable")
    opening, closing = ("（", "）") if report.lang == "zh" else (" (", ")")
    lines.append(f"{t['rules']}{opening}{where}{closing}{sep}{rules}")
    return lines


# ---------------------------------------------------------------- streaming
# Each format is written record by record: only counters stay in memory, the records' part goes
# to a temporary file, and the head (which carries the counts) is written when all are in.

_MARK = "@@safecli-body@@"


class CheckWriter:
    """`safecli check` output in `fmt`, fed one RecordResult at a time (flat memory).

    `run` says what the head reports besides the counts (language, gates, as-of date): a
    GateRun as it starts, or a whole GateReport (`render_check`).
    """

    def __init__(self, fmt: str, run: GateRun | GateReport, *, verbose: bool = False) -> None:
        if fmt not in FORMATS:
            raise ValueError(fmt)
        self.fmt = fmt
        self.run = run
        self.lang = run.lang
        self.fail_on = list(run.fail_on)
        self.as_of = run.as_of
        self.verbose = verbose
        self.records = 0
        self.passed = 0
        self.failures = 0
        self.warnings = 0
        self.notes = 0
        # closed once `chunks` has been read (or by `close`): it outlives this call
        self._body = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=1 << 20, mode="w+", encoding="utf-8"
        )
        self._pieces = 0

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.GATE_FAILED if self.failures else ExitCode.OK

    def add(self, r: RecordResult) -> None:
        """Write one record's part."""
        self.records += 1
        self.passed += r.passed
        self.failures += len(r.failures)
        self.warnings += _warned(r)
        self.notes += len(r.warnings)
        for piece in _PIECES[self.fmt](self, r):
            self._body.write(piece)
            self._pieces += 1

    def _joined(self, pieces: Iterable[str], sep: str) -> Iterator[str]:
        for piece in pieces:
            yield (sep if self._pieces else "") + piece

    def chunks(self, skipped: Sequence[Skipped]) -> Iterator[str]:
        """The whole output, in pieces: head, the records' part, tail."""
        head, tail = _FRAMES[self.fmt](self, skipped)
        yield head
        self._body.seek(0)
        while block := self._body.read(1 << 20):
            yield block
        self._body.close()
        yield tail

    def close(self) -> None:
        self._body.close()


def _lines(w: CheckWriter, r: RecordResult) -> Iterator[str]:
    # data (file names, findings, unit names) must not start a line a CI runner would obey
    if w.verbose and r.passed:
        yield log_line(f"{r.path}: ok: {r.standard} {r.total:.1f} {r.grade}") + "\n"
    for f in r.failures:
        yield log_line(_text(f, w.lang)) + "\n"
    for f in r.warnings:
        if f.level == "warning" or w.verbose:
            yield log_line(_text(f, w.lang)) + "\n"


def _text(f: Failure, lang: str) -> str:
    """`path:line:col: error: [gate] message (hint)`; in Chinese, a record's problems worded
    from the catalog by their codes (a gate's own verdicts are worded in the run's language
    already), the hint in Chinese brackets."""
    if lang == "en":
        return str(f)
    where = f.path + (f":{f.line}:{f.col or 1}" if f.line else "")
    message, hint = (
        (f.message, f.hint) if f.problem is None else problem_words(f.problem, lang, f.message)
    )
    text = f"{where}: {f.level}: [{f.rule}] {message}"
    return f"{text}（{hint}）" if hint else text


def _lines_frame(w: CheckWriter, skipped: Sequence[Skipped]) -> tuple[str, str]:
    t = L[w.lang]
    head = "".join(f"{line}\n" for line in header_lines(w.run))
    if w.verbose:
        head += "".join(log_line(f"{s.path}: {t['skipped']}: {s.reason}") + "\n" for s in skipped)
    tail = _summary(w.lang, w.records, w.passed, w.failures, len(skipped), w.warnings) + "\n"
    return head, tail


def _json_piece(w: CheckWriter, r: RecordResult) -> Iterator[str]:
    yield from w._joined(["    " + record_json(r)], ",\n")


def _scalar(value: Any) -> str:
    """A scalar as `json.dumps` writes it."""
    kind = value.__class__
    if kind is str:
        return _string(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int or (kind is float and math.isfinite(value)):
        return repr(value)
    return json.dumps(value)


def _dumps(value: Any, indent: str) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)` at `indent`, for plain dicts, lists and
    scalars: the same text, without the pure-Python encoder that `indent` otherwise costs."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = indent + "  "
        items = (f"{inner}{_string(k)}: {_dumps(v, inner)}" for k, v in value.items())
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = indent + "  "
        return "[\n" + ",\n".join(inner + _dumps(v, inner) for v in value) + "\n" + indent + "]"
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if value.__class__ is int or (value.__class__ is float and math.isfinite(value)):
        return repr(value)  # what json.dumps writes for them
    return json.dumps(value)


_string = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _json_frame(w: CheckWriter, skipped: Sequence[Skipped]) -> tuple[str, str]:
    data = {
        "tool": {"name": "safecli", "version": __version__},
        "as_of": w.as_of.isoformat() if w.as_of else None,
        "as_of_today": w.run.as_of_today,
        "fail_on": w.fail_on,
        "config": w.run.config_file,
        "exit_code": int(w.exit_code),
        "summary": {
            "records": w.records,
            "passed": w.passed,
            "failed": w.records - w.passed,
            "failures": w.failures,
            "warnings": w.warnings,
            "skipped": len(skipped),
        },
        "records": [_MARK] if w.records else [],
        "skipped": [{"path": s.path, "reason": s.reason} for s in skipped],
    }
    return _split(json.dumps(data, ensure_ascii=False, indent=2) + "\n", f'"{_MARK}"')


def _split(text: str, mark: str) -> tuple[str, str]:
    """Head and tail around the line holding `mark` (the records' part goes between)."""
    at = text.find(mark)
    if at < 0:
        return text, ""
    start = text.rfind("\n", 0, at) + 1
    end = at + len(mark)
    return text[:start], text[end:]


def _junit_piece(w: CheckWriter, r: RecordResult) -> Iterator[str]:
    yield from w._joined(["    " + case_xml(r)], "\n")


def case_xml(r: RecordResult) -> str:
    """The record's testcase as ElementTree serializes it indented at level 2, written
    straight from the result: the same text (tests/test_ci_writers.py holds them together)."""
    head = (
        f'<testcase classname="{_attrib(xml_text((r.standard or "invalid").replace(".", "_")))}"'
        f' name="{_attrib(xml_text(r.path))}" file="{_attrib(xml_text(r.path))}"'
    )
    children = [
        f'<failure type="{_attrib(f.rule)}" message="{_attrib(xml_text(f.message))}">'
        f"{_cdata(xml_text(str(f)))}</failure>"
        for f in r.failures
    ]
    lines = [str(f) for f in r.warnings]
    if r.passed and r.total is not None:
        lines.insert(0, f"{r.standard} total {r.total:.1f} grade {r.grade}")
    if lines:
        children.append(f"<system-out>{_cdata(xml_text(chr(10).join(lines)))}</system-out>")
    if not children:
        return head + " />"
    return head + ">\n      " + "\n      ".join(children) + "\n    </testcase>"


ATTRIBUTE_ENTITIES = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}
"""What ElementTree escapes in an attribute beyond & < > (the junit writer matches its bytes)."""


def _attrib(text: str) -> str:
    """An attribute value escaped as ElementTree escapes it."""
    text = _cdata(text)
    for char, entity in ATTRIBUTE_ENTITIES.items():
        text = text.replace(char, entity)
    return text


def _cdata(text: str) -> str:
    """Element text escaped as ElementTree escapes it (what `xml.sax.saxutils.escape` does,
    without importing it: it brings urllib, http and ssl to every `check`)."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _junit_frame(w: CheckWriter, skipped: Sequence[Skipped]) -> tuple[str, str]:
    import xml.etree.ElementTree as ET  # junit only: not an import of every `check`

    failed = w.records - w.passed
    suites = ET.Element(
        "testsuites", {"name": "safecli check", "tests": str(w.records), "failures": str(failed)}
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        {
            "name": "safecli check",
            "tests": str(w.records),
            "failures": str(failed),
            "errors": "0",
            "skipped": "0",
        },
    )
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "safecli.version", "value": __version__})
    ET.SubElement(props, "property", {"name": "fail_on", "value": ",".join(w.fail_on)})
    if w.as_of:
        ET.SubElement(props, "property", {"name": "as_of", "value": w.as_of.isoformat()})
    config = w.run.config_file
    ET.SubElement(props, "property", {"name": "config", "value": config or "(defaults)"})
    if w.records:
        ET.SubElement(suite, _MARK)
    ET.indent(suites)
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode")
    return _split(text + "\n", f"<{_MARK} />")


def _sarif_piece(w: CheckWriter, r: RecordResult) -> Iterator[str]:
    yield from w._joined((sarif_json(f) for f in (*r.failures, *r.warnings)), ",\n")


def sarif_json(f: Failure) -> str:
    """The failure's SARIF result as `json.dumps(..., ensure_ascii=False, indent=2)` writes
    it, set in by eight spaces: the same text (tests/test_ci_writers.py holds them together)."""
    text = f.message + (f" ({f.hint})" if f.hint else "")
    region = ""
    if f.line > 0 and not f.path.lower().endswith((".xlsx", ".xlsm")):
        region = (
            ',\n                "region": {\n'
            f'                  "startLine": {_scalar(f.line)},\n'
            f'                  "startColumn": {_scalar(max(f.col, 1))}\n'
            "                }"
        )
    return (
        "        {\n"
        f'          "ruleId": {_string(f.rule)},\n'
        f'          "ruleIndex": {SARIF_RULES.index(f.rule)},\n'
        f'          "level": {_string(SARIF_LEVELS[f.level])},\n'
        '          "message": {\n'
        f'            "text": {_string(text)}\n'
        "          },\n"
        '          "locations": [\n'
        "            {\n"
        '              "physicalLocation": {\n'
        '                "artifactLocation": {\n'
        f'                  "uri": {_string(quote(f.path, safe="/"))},\n'
        '                  "uriBaseId": "%SRCROOT%"\n'
        f"                }}{region}\n"
        "              }\n"
        "            }\n"
        "          ]\n"
        "        }"
    )


def _sarif_frame(w: CheckWriter, skipped: Sequence[Skipped]) -> tuple[str, str]:
    rules = [
        {
            "id": gate,
            "name": RULES[gate][0],
            "shortDescription": {"text": RULES[gate][1]},
            "help": {"text": RULES[gate][2]},
            "defaultConfiguration": {"level": "error" if gate in GATES else "warning"},
        }
        for gate in SARIF_RULES
    ]
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
                    "as_of": w.as_of.isoformat() if w.as_of else None,
                    "fail_on": list(w.fail_on),
                    "config": w.run.config_file,
                },
                "results": [_MARK] if w.failures or w.notes else [],
            }
        ],
    }
    return _split(json.dumps(sarif, ensure_ascii=False, indent=2) + "\n", f'"{_MARK}"')


def _escape_data(value: str) -> str:
    return workflow_data(log_line_controls(value))


def _escape_property(value: str) -> str:
    return workflow_property(log_line_controls(value))


def _github_piece(w: CheckWriter, r: RecordResult) -> Iterator[str]:
    for f in (*r.failures, *r.warnings):
        props = [f"file={_escape_property(f.path)}"]
        if f.line > 0:
            props += [f"line={f.line}", f"col={max(f.col, 1)}"]
        props.append(f"title={_escape_property('safecli ' + f.rule)}")
        message = f.message + (f" ({f.hint})" if f.hint else "")
        yield f"::{f.level} {','.join(props)}::{_escape_data(message)}\n"


def _no_frame(w: CheckWriter, skipped: Sequence[Skipped]) -> tuple[str, str]:
    return "", ""


def _github_frame(w: CheckWriter, skipped: Sequence[Skipped]) -> tuple[str, str]:
    """A notice first: the date judged by and the gates in force."""
    return f"::notice title=safecli::{_escape_data('; '.join(header_lines(w.run)))}\n", ""


_PIECES: dict[str, Callable[[CheckWriter, RecordResult], Iterator[str]]] = {
    "text": _lines,
    "json": _json_piece,
    "junit": _junit_piece,
    "sarif": _sarif_piece,
    "github": _github_piece,
}
_FRAMES: dict[str, Callable[[CheckWriter, Sequence[Skipped]], tuple[str, str]]] = {
    "text": _lines_frame,
    "json": _json_frame,
    "junit": _junit_frame,
    "sarif": _sarif_frame,
    "github": _github_frame,
}
FORMATS = tuple(_PIECES)
"""The formats `CheckWriter` writes."""


def render_check(report: GateReport, fmt: str, *, verbose: bool = False) -> str:
    """The report as text lines, json, junit, sarif or github (all of it, as one string)."""
    writer = CheckWriter(fmt, report, verbose=verbose)
    for r in report.results:
        writer.add(r)
    return "".join(writer.chunks(report.skipped))


def render_json(report: GateReport) -> str:
    return render_check(report, "json")


def render_junit(report: GateReport) -> str:
    """One testsuite, one testcase per record, one <failure> per failed gate."""
    return render_check(report, "junit")


def render_sarif(report: GateReport) -> str:
    """SARIF 2.1.0: one result per failure at its file, line and column (repo-relative uri)."""
    return render_check(report, "sarif")


def render_github(report: GateReport) -> str:
    """`::error file=…,line=…,col=…,title=…::message`, one workflow command per failure."""
    return render_check(report, "github")


RENDERERS = {
    "json": render_json,
    "junit": render_junit,
    "sarif": render_sarif,
    "github": render_github,
}


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
            for f in (*r.failures, *r.warnings)
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
    return Group(*(Text(line) for line in header_lines(report)), table, Text(summary_line(report)))
