"""Word documents as LibreOffice lays them out, against the same HTML printed by Chromium.

For every example record (with and without a unit profile), a new unit of each standard (its
plan without a record, with and without its profile), the examples' summary, their 隐患台账 and
each 整改通知书, in Chinese and in English:

- in each docx, no table column holding text (more than eight characters on average) is
  narrower than 15 mm, and no column holding dates narrower than a date;
- LibreOffice's PDF of it breaks no date across lines (every date of the document is found
  whole on some line, as often as the document has it), and no table row is taller than half
  the text block of its page;
- it has at most 1.3 times the pages of its HTML printed by Chromium with the docx's own page,
  margins and type sizes (A4, 37/35/28/26 mm, 三号 body on 28.95 pt lines, 小四 tables, 五号
  from eight columns; a landscape table on a landscape page in both).

Slow (about three minutes a language: one LibreOffice for all the Word files, two Chromiums
printing the HTML beside it); skipped without LibreOffice or Chromium (`.ci/run` installs
both). Page counts are printed (`pytest -s`).
"""

from __future__ import annotations

import collections
import concurrent.futures
import datetime as dt
import io
import re
import shutil
import subprocess
import threading
import unicodedata
from pathlib import Path

import pytest

from safecli.api import (
    findings_document,
    findings_ledger,
    notice_document,
    plan_file,
    report_file,
    summary_document,
)
from safecli.portfolio.config import find_config
from safecli.portfolio.summary import summary
from safecli.render.html_blocks import landscape

pdfplumber = pytest.importorskip("pdfplumber")
docx = pytest.importorskip("docx")

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "examples" / "records"
UNITS = ROOT / "examples" / "units"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
    None,
)
START = dt.date(2026, 1, 1)
AS_OF = dt.date(2026, 12, 7)
MM = 72 / 25.4  # points
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PROFILES = {  # a unit profile of each standard, for the records planned with one
    "safe-enterprise": "ningbo-precision",
    "safe-community": "chengdu-community",
    "safety-integrity-enterprise": "hefei-chemical",
    "district-work-plan": "kunming-district",
}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed"),
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]

# The docx's page and type sizes, for Chromium (the same margins on the same sides when turned)
WORD_PAGE = """<style>
@page { size: A4 %s; margin: 37mm 26mm 35mm 28mm; }
@page landscape { size: A4 landscape; margin: 37mm 26mm 35mm 28mm; }
body { max-width: none !important; padding: 0 !important; margin: 0 !important;
  font: 16pt/28.95pt "DejaVu Serif", "Noto Sans CJK SC", serif !important; }
h1 { font-size: 22pt !important; line-height: 35pt !important; }
h2, h3, h4 { font-size: 16pt !important; line-height: 28.95pt !important; }
table { font-size: 12pt !important; line-height: normal !important; }
table:has(th:nth-child(8)) { font-size: 10.5pt !important; }
th, td { white-space: normal !important; min-width: 0 !important; overflow-wrap: anywhere; }
</style>"""
# Cells wrap as Word wraps them (headers by words, an id anywhere): a page's own nowrap headers
# and minimum widths would make a wide table overflow, and Chromium would shrink the whole
# document to fit it (the summary printed at 72 %), no longer at the docx's type sizes.


def _standard_of(record: Path) -> str:
    if record.suffix == ".xlsx":
        return "safe-community"
    text = record.read_text(encoding="utf-8")
    return re.search(r"^standard:\s*([\w-]+)@", text, re.M).group(1)


def documents(lang: str, tmp: Path) -> dict[str, tuple[str, bytes]]:
    """Every document type as HTML and as Word, by name (each as the library makes it)."""
    out: dict[str, tuple[str, bytes]] = {}

    def plan(*args, **kwargs) -> tuple[str, bytes]:
        html = plan_file(*args, START, "html", lang, **kwargs)
        return html, plan_file(*args, START, "docx", lang, **kwargs)

    def report(record: Path, **kwargs) -> tuple[str, bytes]:
        html = report_file(record, "html", lang, **kwargs)
        return html, report_file(record, "docx", lang, **kwargs)

    records = sorted(RECORDS.glob("*.yaml")) + sorted(RECORDS.glob("*.xlsx"))
    for record in records:
        profile = UNITS / f"{PROFILES[_standard_of(record)]}.profile.yaml"
        stem = record.stem
        out[f"plan-{stem}"] = plan(record, None, None)
        out[f"plan-{stem}+profile"] = plan(record, None, None, profile=profile)
        out[f"report-{stem}"] = report(record)
        out[f"report-{stem}+profile"] = report(record, profile=profile)
    for subject in sorted(UNITS.glob("*.yaml")):
        if subject.name.endswith(".profile.yaml"):
            continue
        standard = next(s for s, u in PROFILES.items() if u == subject.stem)
        bare = tmp / "bare" / subject.name  # no profile beside it
        bare.parent.mkdir(exist_ok=True)
        shutil.copy(subject, bare)
        out[f"unit-{subject.stem}"] = plan(None, standard, bare)
        out[f"unit-{subject.stem}+profile"] = plan(None, standard, subject)
    config = find_config(RECORDS).model_copy(update={"lang": lang})
    portfolio = summary([RECORDS], config, as_of=AS_OF)
    out["summary"] = (summary_document(portfolio, "html"), summary_document(portfolio, "docx"))
    ledger = findings_ledger([RECORDS], config, as_of=AS_OF)
    out["findings"] = (findings_document(ledger, "html"), findings_document(ledger, "docx"))
    from safecli.portfolio.ledger import notices

    for k, notice in enumerate(notices(ledger, 3), 1):
        out[f"notice-{k}"] = (
            notice_document(notice, "html", lang),
            notice_document(notice, "docx", lang),
        )
    return out


def _libreoffice(folder: Path, names: list[str]) -> subprocess.Popen[bytes]:
    """One LibreOffice for the whole batch, started in the background (Chromium prints the
    HTML meanwhile)."""
    return subprocess.Popen(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{folder / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "docx-pdf"),
            *names,
        ],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _chromium(folder: Path, name: str, html: str) -> Path:
    turned = "landscape" if landscape(html) else ""  # the summary, an English notice
    page = folder / f"{name}.html"
    page.write_text(html.replace("</head>", WORD_PAGE % turned + "</head>", 1), encoding="utf-8")
    pdf = folder / "html-pdf" / f"{name}.pdf"
    pdf.parent.mkdir(exist_ok=True)
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            f"--user-data-dir={folder / f'chromium-profile-{threading.get_ident()}'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return pdf


def narrow_columns(data: bytes) -> list[str]:
    """Columns holding text (over eight characters on average) narrower than 15 mm, and
    columns holding dates narrower than a date in a substitute font (18 mm)."""
    document = docx.Document(io.BytesIO(data))
    found = []
    for t, table in enumerate(document.tables, 1):
        widths = [int(c.get(f"{W}w")) / 1440 * 25.4 for c in table._tbl.tblGrid.iter(f"{W}gridCol")]
        rows = table.rows[1:] or table.rows
        for c, width in enumerate(widths):
            cells = [r.cells[c].text.strip() for r in rows if c < len(r.cells)]
            cells = [x for x in cells if x]
            if not cells:
                continue
            if sum(len(x) for x in cells) / len(cells) > 8 and width < 15:
                found.append(f"table {t} column {c + 1}: {width:.1f} mm holds text")
            if any(DATE.fullmatch(x) for x in cells) and width < 18:
                found.append(f"table {t} column {c + 1}: {width:.1f} mm holds dates")
    return found


def docx_dates(data: bytes) -> collections.Counter[str]:
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return collections.Counter(d for text in texts for d in DATE.findall(text))


def pdf_lines(pdf: Path) -> list[str]:
    with pdfplumber.open(str(pdf)) as document:
        return [
            unicodedata.normalize("NFKC", line).replace("\u2011", "-").replace(" ", "")
            for page in document.pages
            for line in (page.extract_text() or "").splitlines()
        ]


def tall_rows(pdf: Path) -> list[str]:
    """Table rows (between two ruled lines) taller than half the page's text block."""
    found = []
    with pdfplumber.open(str(pdf)) as document:
        for number, page in enumerate(document.pages, 1):
            block = (float(page.height) - 72 * MM) / 2  # top 37 mm, bottom 35 mm
            for table in page.find_tables():
                for row in table.rows:
                    top, bottom = row.bbox[1], row.bbox[3]
                    if bottom - top > block + 1:
                        found.append(f"page {number}: a row {(bottom - top) / MM:.0f} mm tall")
    return found


def title_size(pdf: Path) -> float:
    """The largest type on the first page: the title, 22 pt when Chromium printed the page at
    its size (it shrinks a page whose table overflows)."""
    with pdfplumber.open(str(pdf)) as document:
        return max((c["size"] for c in document.pages[0].chars), default=0.0)


def pages(pdf: Path) -> int:
    with pdfplumber.open(str(pdf)) as document:
        return len(document.pages)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_word_tables_fit_their_pages(tmp_path: Path, lang: str) -> None:
    both = documents(lang, tmp_path)
    htmls = {name: html for name, (html, _) in both.items()}
    docs = {name: data for name, (_, data) in both.items()}
    names = []
    for name, data in docs.items():
        (tmp_path / f"{name}.docx").write_bytes(data)
        names.append(f"{name}.docx")
    office = _libreoffice(tmp_path, names)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:  # two Chromiums beside it
        printed = dict(
            zip(htmls, pool.map(lambda n: _chromium(tmp_path, n, htmls[n]), htmls), strict=True)
        )
    assert office.wait(timeout=1800) == 0, "LibreOffice failed"
    problems, counts = [], {}
    for name, data in docs.items():
        problems += [f"{name}: {p}" for p in narrow_columns(data)]
        word_pdf = tmp_path / "docx-pdf" / f"{name}.pdf"
        assert word_pdf.exists(), f"LibreOffice did not convert {name}"
        lines = pdf_lines(word_pdf)
        for date, times in docx_dates(data).items():
            whole = sum(line.count(date) for line in lines)
            if whole < times:
                problems.append(f"{name}: {date} broken ({whole} of {times} whole)")
        problems += [f"{name}: {p}" for p in tall_rows(word_pdf)]
        html_pdf = printed[name]
        if title_size(html_pdf) < 21.5:  # 二号: the HTML printed at the docx's type sizes
            problems.append(f"{name}: Chromium shrank the HTML ({title_size(html_pdf):.1f} pt)")
        counts[name] = (pages(word_pdf), pages(html_pdf))
        if counts[name][0] > 1.3 * counts[name][1]:
            problems.append(f"{name}: {counts[name][0]} Word pages, {counts[name][1]} as HTML")
    print(f"\npages ({lang}, docx/html):", {k: f"{d}/{h}" for k, (d, h) in counts.items()})
    assert not problems, "\n".join(problems)
