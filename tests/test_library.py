"""The library does what the command line does, without it.

`import safecli` gives the verbs (`score_file`, `report_file`, `plan_file`, `check`, `summary`,
`findings`, `export`) lazily, each with a docstring; documents come back as docx bytes when
asked, their title, date and orientation taken from the document's own data; `load_record`
keeps the standard it was checked against; the package docstring's example (a record scored in
three lines) runs as a doctest.
"""

from __future__ import annotations

import datetime as dt
import doctest
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import safecli

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "examples" / "records"
RECORD = RECORDS / "safe-enterprise.yaml"
VERBS = ("score_file", "report_file", "plan_file", "check", "summary", "findings", "export")


def test_the_package_docstring_scores_a_record_in_three_lines(monkeypatch):
    monkeypatch.chdir(ROOT)
    [test] = doctest.DocTestFinder().find(safecli, module=safecli)[:1]
    assert len(test.examples) == 3
    result = doctest.DocTestRunner(verbose=False).run(test)
    assert (result.failed, result.attempted) == (0, 3)


@pytest.mark.parametrize("name", VERBS)
def test_every_verb_is_exported_with_a_docstring(name):
    assert name in safecli.__all__ and name in dir(safecli)
    verb = getattr(safecli, name)
    assert callable(verb) and len((verb.__doc__ or "").strip()) > 40


def test_import_safecli_is_lazy():
    code = "import sys, safecli; print(sorted(m for m in sys.modules if m.startswith('safecli')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['safecli']"


def test_render_is_never_the_subpackage_by_accident():
    code = (
        "import safecli, safecli.render.documents\n"
        "from safecli import render, render_document\n"
        "print(render.__name__, render_document.__module__, render_document.__name__)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["safecli.render", "safecli.render.documents", "render"]
    assert "render" not in safecli.__all__


def test_load_record_keeps_the_standard():
    loaded = safecli.load_record(RECORD)
    assert loaded.standard.ref == "safe-enterprise@2013"
    assert loaded.record.subject.name == "苏州某精细化工有限公司"
    assert safecli.assess(loaded.standard, loaded.record).total == 89.0


def _docx_xml(data: bytes, name: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def test_report_and_plan_come_as_docx_bytes():
    report = safecli.report_file(RECORD, "docx", "zh")
    plan = safecli.plan_file(RECORD, None, None, dt.date(2025, 1, 1), "docx", "zh")
    for data in (report, plan):
        assert isinstance(data, bytes) and data[:2] == b"PK"
        assert "苏州某精细化工有限公司" in _docx_xml(data)
    core = _docx_xml(report, "docProps/core.xml")
    assert "2025-05-10T00:00:00Z" in core and "苏州某精细化工有限公司评估报告" in core
    assert safecli.report_file(RECORD, "docx", "zh") == report  # deterministic


def test_summary_findings_and_notices_come_as_docx_bytes(tmp_path):
    portfolio = safecli.summary([RECORDS], as_of=dt.date(2025, 7, 1))
    summary = safecli.summary_document(portfolio, "docx")
    assert 'w:orient="landscape"' in _docx_xml(summary)
    ledger = safecli.findings([RECORDS], as_of=dt.date(2025, 7, 1))
    assert safecli.findings_document(ledger, "docx")[:2] == b"PK"
    written = safecli.write_notices(ledger, "docx", tmp_path / "notices")
    assert written and all(p.read_bytes()[:2] == b"PK" for p in written)


def test_a_reference_is_read_once_and_reused(tmp_path):
    ref = safecli.read_reference(ROOT / "templates" / "reference.docx")
    a = safecli.report_file(RECORD, "docx", "zh", reference_doc=ref)
    b = safecli.report_file(
        RECORD, "docx", "zh", reference_doc=ROOT / "templates" / "reference.docx"
    )
    assert a == b


def test_docx_metadata_are_what_the_html_said():
    """The metadata now come from the data; they are what re-reading the HTML used to give."""
    from safecli.render.html_blocks import landscape, parse
    from safecli.render.ledger import ledger_meta, render_findings
    from safecli.render.notice import notice_meta, render_notice
    from safecli.render.portfolio import render_summary
    from safecli.render.summary_html import page_meta

    cases = []
    for lang in ("zh", "en"):
        portfolio = safecli.summary([RECORDS], as_of=dt.date(2025, 7, 1))
        portfolio.lang = lang
        cases.append((page_meta(portfolio), str(render_summary(portfolio, "html"))))
        ledger = safecli.findings([RECORDS], as_of=dt.date(2025, 7, 1))
        ledger.lang = lang
        cases.append((ledger_meta(ledger), str(render_findings(ledger, "html"))))
        from safecli.portfolio.ledger import notices

        for n in notices(ledger)[:1]:
            page = render_notice(n, "html", lang)  # English turns whole: its meta says so
            cases.append((notice_meta(n, lang, landscape(page)), page))
        for path in sorted(RECORDS.glob("*.yaml")):
            from safecli.render.documents import docx_meta

            loaded = safecli.load_record(path)
            a = safecli.assess(loaded.standard, loaded.record)
            from safecli.plan.planning import build_plan
            from safecli.score.gaps import build_report

            report = build_report(loaded.standard, loaded.record, a, lang)
            plan = build_plan(loaded.standard, loaded.record.subject, a, dt.date(2025, 1, 1))
            cases.append(
                (
                    docx_meta("report", report, lang),
                    safecli.render_document("report", report, "html", lang),
                )
            )
            cases.append(
                (docx_meta("plan", plan, lang), safecli.render_document("plan", plan, "html", lang))
            )
    assert len(cases) > 30
    for meta, html in cases:
        _, title, day, zh = parse(html)
        assert (meta.title, meta.date, meta.lang == "zh", meta.landscape) == (
            title,
            day,
            zh,
            landscape(html),
        )
