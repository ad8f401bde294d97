"""The library does what the command line does, without it.

`import safecli` gives the verbs (`score_file`, `report_file`, `plan_file`, `check`, `summary`,
`findings`, `export`) lazily, each with a docstring; documents come back as docx bytes when
asked, built from the document's own data; `load_record` keeps the standard it was checked
against; the package docstring's example (a record scored in three lines) runs as a doctest.
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
RECORD = ROOT / "examples" / "records" / "safe-enterprise.yaml"
VERBS = ("score_file", "report_file", "plan_file", "check", "summary", "findings", "export")


def test_the_package_docstring_scores_a_record_in_three_lines(monkeypatch):
    monkeypatch.chdir(ROOT)
    examples = doctest.DocTestFinder().find(safecli)[0].examples
    assert len(examples) == 3
    failed, tried = doctest.testmod(safecli, verbose=False, report=False)
    assert (failed, tried) == (0, 3)


@pytest.mark.parametrize("name", VERBS)
def test_every_verb_is_exported_with_a_docstring(name):
    assert name in safecli.__all__
    verb = getattr(safecli, name)
    assert callable(verb) and len((verb.__doc__ or "").strip()) > 40


def test_import_safecli_is_lazy():
    code = "import sys, safecli; print(sorted(m for m in sys.modules if m.startswith('safecli')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['safecli']"


def test_render_is_never_the_subpackage_by_accident():
    import safecli.render.documents  # noqa: F401  (sets the attribute `render` on the package)
    from safecli import render, render_document

    assert render.__name__ == "safecli.render" and render.__file__.endswith("__init__.py")
    assert callable(render_document) and render_document.__module__.startswith("safecli.render")


def test_load_record_keeps_the_standard():
    loaded = safecli.load_record(RECORD)
    assert loaded.standard.ref == "safe-enterprise@2013"
    assert loaded.record.subject.name == "苏州某精细化工有限公司"
    assert safecli.assess(loaded.standard, loaded.record).total == 89.0


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_report_and_plan_come_as_docx_bytes():
    report = safecli.report_file(RECORD, "docx", "zh")
    plan = safecli.plan_file(RECORD, None, None, dt.date(2025, 1, 1), "docx", "zh")
    for data in (report, plan):
        assert isinstance(data, bytes) and data[:2] == b"PK"
        assert "苏州某精细化工有限公司" in _docx_text(data)
    assert safecli.report_file(RECORD, "docx", "zh") == report  # deterministic


def test_summary_and_findings_come_as_docx_bytes(tmp_path):
    config = safecli.find_config(ROOT / "examples" / "records")
    portfolio = safecli.summary([ROOT / "examples" / "records"], config)
    data = safecli.render_summary_docx(portfolio)
    assert (data[:2] == b"PK" and "<w:orient" in _docx_text(data)) or b"landscape" in data
    ledger = safecli.findings([ROOT / "examples" / "records"], config, as_of=dt.date(2025, 7, 1))
    assert safecli.render_findings_docx(ledger)[:2] == b"PK"


def test_docx_metadata_come_from_the_data_not_the_html():
    from safecli.render import docx

    assert not hasattr(docx, "parse") or "signature_date" not in docx.render_docx.__doc__
