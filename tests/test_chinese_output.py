"""Every Chinese output a person reads holds no English word.

Rendered for every example (and every example unit's plan with its profile): the terminal score,
the score in Markdown, the 评估报告 and the 实施方案 in Markdown and HTML, the plan's calendar,
and the blank 自查表 workbook. Allowed: codes (any token with a digit: credit codes, dates,
periods such as 2025-Q2), HTML and Markdown markup, and the units and acronyms a Chinese text
writes in Latin letters (GDP, WHO), and the date format YYYY-MM-DD. Ids appear only in machine formats (json, csv, sarif, junit),
which this test does not read.
"""

from __future__ import annotations

import html
import io
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from safecli.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "records"
UNITS = ROOT / "examples" / "units"
ALLOWED = {"GDP", "WHO", "YYYY-MM-DD"}
runner = CliRunner()


def english_words(text: str) -> list[str]:
    text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)  # markup (HTML, and Markdown's <br>)
    text = html.unescape(text)
    words = []
    for token in re.findall(r"[A-Za-z0-9][A-Za-z0-9_.@/:+\-]*", text):
        if any(c.isdigit() for c in token) or token in ALLOWED:
            continue
        if re.search(r"[A-Za-z]{2,}", token):
            words.append(token)
    return words


def run(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def ics_text(path: Path) -> str:
    keep = ("SUMMARY", "DESCRIPTION", "X-WR-CALNAME", "LOCATION")
    lines = path.read_text(encoding="utf-8").replace("\r\n ", "").splitlines()
    return "\n".join(line.split(":", 1)[1] for line in lines if line.startswith(keep))


@pytest.mark.parametrize("record", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_zh_output_of_every_example_is_chinese(record: Path, tmp_path: Path) -> None:
    outputs = {
        "score": run("score", str(record)),
        "score.md": run("score", str(record), "--format", "md"),
        "report.md": run("report", str(record)),
        "plan.md": run("plan", str(record), "--start", "2026-01-01"),
    }
    for kind in ("report", "plan"):
        out = tmp_path / f"{kind}.html"
        extra = ["--start", "2026-01-01"] if kind == "plan" else []
        run(kind, str(record), "--format", "html", "-o", str(out), *extra)
        outputs[f"{kind}.html"] = out.read_text(encoding="utf-8")
    ics = tmp_path / "plan.ics"
    run("plan", str(record), "--start", "2026-01-01", "--format", "ics", "-o", str(ics))
    outputs["plan.ics"] = ics_text(ics)
    found = {name: english_words(text) for name, text in outputs.items()}
    assert not any(found.values()), {k: sorted(set(v)) for k, v in found.items() if v}


@pytest.mark.parametrize(
    "unit", ["ningbo-precision", "hefei-chemical", "chengdu-community", "kunming-district"]
)
def test_unit_plans_with_profiles_are_chinese(unit: str, tmp_path: Path) -> None:
    standard = {
        "ningbo-precision": "safe-enterprise",
        "hefei-chemical": "safety-integrity-enterprise",
        "chengdu-community": "safe-community",
        "kunming-district": "district-work-plan",
    }[unit]
    subject = UNITS / f"{unit}.yaml"
    args = ["plan", "--standard", standard, "--subject", str(subject), "--start", "2026-03-01"]
    out = tmp_path / "plan.html"
    run(*args, "--format", "html", "-o", str(out))
    for text in (run(*args), out.read_text(encoding="utf-8")):
        assert not english_words(text), sorted(set(english_words(text)))
    shutil.rmtree(tmp_path)


@pytest.mark.parametrize(
    "standard",
    ["safe-enterprise", "safety-integrity-enterprise", "safe-community", "district-work-plan"],
)
def test_blank_workbook_is_chinese(standard: str, tmp_path: Path) -> None:
    out = tmp_path / "自查表.xlsx"
    run("init", standard, "--format", "xlsx", "-o", str(out))
    wb = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    texts = list(wb.sheetnames)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            texts += [str(v) for v in row if v is not None]
    # the 编号 column and the standard row hold ids: the sheet reader keys rows by them
    ids = {
        i for ws in wb.worksheets for i in (ws.cell(r, 1).value for r in range(2, ws.max_row + 1))
    }
    words = [w for t in texts if t not in ids for w in english_words(t)]
    words = [w for w in words if not re.fullmatch(r"[a-z0-9.-]+(@\S+)?", w) or "@" not in w]
    assert not words, sorted(set(words))


FIXTURES = Path(__file__).parent / "fixtures"
KEYS = {
    # keys and values a person writes in a record or a profile: what an error points at
    "standard",
    "subject",
    "inspection",
    "responses",
    "metrics",
    "kind",
    "id",
    "date",
    "status",
    "partial",
    "na",
    "true",
    "false",
    "error",  # the keyword editors' problem matchers look for
}


def _ids() -> set[str]:
    from safecli.catalog import Catalog

    ids = set(KEYS) | {"enterprise", "community", "district"}
    for std in Catalog([FIXTURES / "standards"]).standards():
        ids |= {std.id, std.ref} | set(std.item_map())
        ids |= {i.metric for i in std.items() if i.metric}
        ids |= {v.when.metric.metric for v in std.vetoes if v.when.metric}
    return ids


@pytest.mark.parametrize(
    "broken", sorted((FIXTURES / "broken-records").glob("*.yaml")), ids=lambda p: p.stem
)
def test_errors_are_chinese(broken: Path) -> None:
    result = runner.invoke(
        app,
        ["validate", str(broken), "--standards-dir", str(FIXTURES / "standards")],
        env={"SAFECLI_LANG": "zh"},
    )
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines and all(": error: " in line for line in lines)
    ids = _ids()
    for line in lines:
        text = line.split(": error: ", 1)[1]
        text = re.sub(r"'[^']*'", "", text)  # quoted values from the file
        text = re.sub(r"^[\w.\[\]-]+：", "", text)  # the field it points at
        words = [w for w in english_words(text) if w.rstrip(",?:") not in ids]
        assert not words, line
    english = runner.invoke(
        app,
        ["validate", str(broken), "--standards-dir", str(FIXTURES / "standards")],
        env={"SAFECLI_LANG": "en"},
    )
    assert english.stderr.splitlines() != lines  # --lang en / SAFECLI_LANG=en stays English
