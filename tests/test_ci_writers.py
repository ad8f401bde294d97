"""`check`'s json, junit and sarif pieces are written straight from each result, not through
`json.dumps` with `indent` (the pure-Python encoder) or an ElementTree per record. Here they
are held to what those libraries write for the same data, over hostile text (quotes,
backslashes, controls, line breaks, CJK, XML-forbidden characters) and odd numbers."""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
import xml.etree.ElementTree as ET
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from safecli.model.neutralise import xml_text
from safecli.portfolio.pool import Failure, RecordResult
from safecli.render.ci import case_xml, record_json, sarif_json
from safecli.render.ci_words import SARIF_LEVELS, SARIF_RULES

TEXT = st.text(
    alphabet=st.sampled_from(list("ab 路径\"\\/\n\r\t\x00\x01\x7f{}\u2028&<>'\ufffe\ud7ff.:-")),
    max_size=12,
)
NUMBER = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 89.95, 1e-05, 100.0, 1e16]),
)


@st.composite
def failures(draw: st.DrawFn) -> Failure:
    return Failure(
        draw(st.sampled_from(["r.yaml", "a/b.xlsx", "c.XLSM"]) | TEXT),
        draw(st.integers(-1, 10**6)),
        draw(st.integers(-1, 200)),
        draw(st.sampled_from(SARIF_RULES)),
        draw(TEXT),
        draw(st.none() | TEXT),
        level=draw(st.sampled_from(sorted(SARIF_LEVELS))),
    )


@st.composite
def results(draw: st.DrawFn) -> RecordResult:
    return RecordResult(
        path=draw(TEXT),
        standard=draw(st.none() | st.sampled_from(["safe-enterprise@2013", "x.y@1"]) | TEXT),
        subject=draw(st.none() | TEXT),
        subject_id=draw(st.none() | TEXT),
        date=draw(st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1))),
        total=draw(NUMBER),
        grade=draw(st.none() | TEXT),
        grade_label=draw(st.none() | TEXT),
        required=draw(st.none() | TEXT),
        invalid=draw(st.booleans()),
        failures=draw(st.lists(failures(), max_size=3)),
        warnings=draw(st.lists(failures(), max_size=2)),
    )


# ---------------------------------------------------------------- what the libraries write


def _failure(f: Failure) -> dict[str, Any]:
    return {
        "path": f.path,
        "line": f.line,
        "col": f.col,
        "rule": f.rule,
        "message": f.message,
        "hint": f.hint,
    }


def _record(r: RecordResult) -> dict[str, Any]:
    return {
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
        "warnings": [{**_failure(f), "level": f.level} for f in r.warnings],
    }


def _case(r: RecordResult) -> Any:
    case = ET.Element(
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
    lines = [str(f) for f in r.warnings]
    if r.passed and r.total is not None:
        lines.insert(0, f"{r.standard} total {r.total:.1f} grade {r.grade}")
    if lines:
        out = ET.SubElement(case, "system-out")
        out.text = xml_text("\n".join(lines))
    return case


def _sarif_result(f: Failure) -> dict[str, Any]:
    uri = urllib.parse.quote(f.path, safe="/")  # a URI reference: spaces and CJK encoded
    location: dict[str, Any] = {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}}
    if f.line > 0 and not f.path.lower().endswith((".xlsx", ".xlsm")):
        location["region"] = {"startLine": f.line, "startColumn": max(f.col, 1)}
    text = f.message + (f" ({f.hint})" if f.hint else "")
    return {
        "ruleId": f.rule,
        "ruleIndex": SARIF_RULES.index(f.rule),
        "level": SARIF_LEVELS[f.level],
        "message": {"text": text},
        "locations": [{"physicalLocation": location}],
    }


# ---------------------------------------------------------------- the same text


@settings(max_examples=300, deadline=None)
@given(results())
def test_a_records_json_is_what_json_dumps_writes(r: RecordResult) -> None:
    expected = json.dumps(_record(r), ensure_ascii=False, indent=2).replace("\n", "\n    ")
    assert record_json(r) == expected


@settings(max_examples=300, deadline=None)
@given(failures())
def test_a_sarif_result_is_what_json_dumps_writes(f: Failure) -> None:
    expected = json.dumps(_sarif_result(f), ensure_ascii=False, indent=2)
    assert sarif_json(f) == "        " + expected.replace("\n", "\n        ")


@settings(max_examples=300, deadline=None)
@given(results())
def test_a_testcase_is_what_elementtree_writes(r: RecordResult) -> None:
    case = _case(r)
    ET.indent(case, level=2)
    assert case_xml(r) == ET.tostring(case, encoding="unicode")
