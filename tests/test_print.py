"""Printing the HTML documents from headless Chromium: A4 pages, nothing past the right edge.

Report and plan print A4 portrait, the summary A4 landscape (its own `@page`). pdfplumber reads
every page of the PDF: its size, and the right edge of every word (a clipped or overflowing
table puts words past the page's right margin). Skipped when Chromium is not installed; `.ci/run`
installs it. Page counts are printed (`pytest -s`) for the record.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from safecli.api import plan_file, report_file
from safecli.portfolio.config import find_config
from safecli.portfolio.summary import summary
from safecli.render.portfolio import render_html

pdfplumber = pytest.importorskip("pdfplumber")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "records"
CHROMIUM = next(
    (
        found
        for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
        if (found := shutil.which(name))
    ),
    None,
)
A4 = (595.3, 841.9)  # points
MM = 72 / 25.4

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


def print_pdf(html: str, folder: Path, name: str) -> Path:
    page = folder / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    pdf = folder / f"{name}.pdf"
    profile = folder / f"profile-{name}"
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return pdf


def header_words(html: str) -> set[str]:
    """Every word of every table header (a Chinese header is one word)."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    return {w for th in root.iter("th") if th.getparent().getparent().tag == "thead"
            for w in th.text_content().split()}  # fmt: skip


def check_pages(pdf: Path, landscape: bool, headers: set[str] = frozenset()) -> int:
    """Every page A4 in the right orientation; no word past the right margin; no header word
    broken across lines (a column narrower than its header); the page count."""
    with pdfplumber.open(str(pdf)) as document:
        # NFKC: the PDF's text maps some glyphs to Kangxi radicals (⽇ for 日)
        lines = {
            unicodedata.normalize("NFKC", line).replace(" ", "")
            for page in document.pages
            for line in (page.extract_text() or "").splitlines()
        }
        for word in headers:
            # and some to CJK radicals without a normal form (⻔ for 门): any radical matches
            pattern = re.compile(
                "".join(
                    f"(?:{re.escape(c)}|[\u2e80-\u2fdf])"
                    for c in unicodedata.normalize("NFKC", word)
                )
            )
            assert any(pattern.search(line) for line in lines), (
                f"{pdf.name}: header {word!r} is broken"
            )
        for number, page in enumerate(document.pages, 1):
            size = (float(page.width), float(page.height))
            expected = (A4[1], A4[0]) if landscape else A4
            assert abs(size[0] - expected[0]) < 2 and abs(size[1] - expected[1]) < 2, (
                f"{pdf.name} page {number} is {size}, not A4"
            )
            right = float(page.width) - 5 * MM  # every @page keeps more margin than this
            for word in page.extract_words():
                assert float(word["x1"]) <= right, (
                    f"{pdf.name} page {number}: {word['text']!r} runs past the right edge "
                    f"(x1 {word['x1']:.0f} > {right:.0f})"
                )
        return len(document.pages)


RECORDS = ["safe-enterprise.yaml", "district-work-plan.yaml"]  # the widest tables


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", RECORDS)
def test_report_and_plan_print_a4_portrait(tmp_path: Path, name: str, lang: str) -> None:
    record = EXAMPLES / name
    pages = {}
    for kind in ("report", "plan"):
        if kind == "report":
            html = report_file(record, "html", lang)
        else:
            html = plan_file(record, None, None, dt.date(2026, 1, 1), "html", lang)
        pdf = print_pdf(html, tmp_path, f"{Path(name).stem}.{kind}.{lang}")
        pages[kind] = check_pages(pdf, landscape=False, headers=header_words(html))
    print(f"\n{name} {lang}: Chromium A4 pages {pages}")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_prints_a4_landscape(tmp_path: Path, lang: str) -> None:
    config = find_config(EXAMPLES).model_copy(update={"lang": lang})
    html = render_html(summary([EXAMPLES], config, as_of=dt.date(2026, 1, 1)))
    assert "size: A4 landscape" in html
    pdf = print_pdf(html, tmp_path, f"summary.{lang}")
    pages = check_pages(pdf, landscape=True, headers=header_words(html))
    print(f"\nsummary {lang}: Chromium A4 landscape pages {pages}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_summary_fits_a_1280_pixel_screen(tmp_path: Path, lang: str) -> None:
    """No sideways scrolling: the page is no wider than a 1,280 px window."""
    config = find_config(EXAMPLES).model_copy(update={"lang": lang})
    html = render_html(summary([EXAMPLES], config, as_of=dt.date(2026, 1, 1)))
    probe = (
        "<script>document.body.insertAdjacentHTML('beforeend', '<pre id=probe>' + "
        "document.documentElement.scrollWidth + ' ' + document.documentElement.clientWidth "
        "+ '</pre>')</script></body>"
    )
    page = tmp_path / "summary.html"
    page.write_text(html.replace("</body>", probe), encoding="utf-8")
    result = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1280,900",
            "--dump-dom",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=180,
    )
    found = re.search(r"<pre id=\"?probe\"?>(\d+) (\d+)</pre>", result.stdout)
    assert found, "the probe did not run"
    scroll, client = (int(g) for g in found.groups())
    assert scroll <= client, f"the page is {scroll} px wide in a {client} px window"
