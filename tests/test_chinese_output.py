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

from safecli.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "records"
UNITS = ROOT / "examples" / "units"
ALLOWED = {"GDP", "WHO", "YYYY-MM-DD"}
runner = CliRunner()


def english_words(text: str) -> list[str]:
    text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)  # markup (HTML, and Markdown's <br>)
    text = html.unescape(text)
    # a file's suffix is the record's data (证明材料 重点部位整治台帐.pdf), not our wording
    text = re.sub(r"(?<=[^\x00-\x7f])\.(pdf|xlsx|xls|docx|doc|jpg|png)\b", " ", text)
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
    from safecli.read.catalog import Catalog

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


# ---------------------------------------------------------------- summary, check, diff, findings

GATE_IDS = {
    # the gate names `safecli.yaml`'s fail_on takes, shown as `[rule]` (CI problem matchers key
    # on them) and in the run's header beside their Chinese names
    "invalid",
    "veto",
    "blacklisted",
    "lowest-grade",
    "below-grade",
    "overdue-major",
    "unreadable",
    "unanswered",
    "expired-exception",
    "expiring-exception",
    "exception",
    "evidence",
}


def _refs() -> set[str]:
    """Standard refs (ID@VERSION): codes, like a credit code, in every table."""
    from safecli.read.catalog import Catalog

    return {std.ref for std in Catalog([]).standards()}


def _not_ids(words: list[str], allowed: set[str] = frozenset()) -> list[str]:
    """The words that are neither a file name, a standard ref (or a piece of one a narrow
    column folded) nor in `allowed`."""
    refs = _refs()
    return sorted(
        {
            w
            for w in words
            if w.strip("@,;:") not in allowed
            and not any(w.strip(",") in r for r in refs)
            and "/" not in w
            and w not in ("xlsx", "yaml")
        }
    )


def test_summary_is_chinese(tmp_path: Path) -> None:
    outputs = {
        "table": run("summary", str(EXAMPLES)),
        "md": run("summary", str(EXAMPLES), "--format", "md"),
    }
    out = tmp_path / "summary.html"
    run("summary", str(EXAMPLES), "--format", "html", "-o", str(out))
    outputs["html"] = out.read_text(encoding="utf-8")
    xlsx = tmp_path / "summary.xlsx"
    run("summary", str(EXAMPLES), "--format", "xlsx", "-o", str(xlsx))
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.read_bytes()))
    outputs["xlsx"] = "\n".join(
        [*wb.sheetnames]
        + [
            str(v)
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
            for v in row
            if v is not None
        ]
    )
    found = {name: _not_ids(english_words(text)) for name, text in outputs.items()}
    assert not any(found.values()), found
    # the machine format keeps the ids
    csv_text = run("summary", str(EXAMPLES), "--format", "csv")
    assert "problem-rectified" in csv_text and "fatal-accident" in csv_text


def test_summary_in_english_keeps_its_ids_and_numbers_items_in_english() -> None:
    text = run("summary", str(EXAMPLES), "--format", "md", "--lang", "en")
    assert "problem-rectified" in text and "fatal-accident" in text
    # an item by its number as an English reader says it (五、23 → V.23), never its id
    assert "| V.23 | Establish a scientific assessment system" in text
    assert "content.23" not in text


def test_check_text_is_chinese() -> None:
    text = run("check", str(EXAMPLES))
    veto_ids = {"fatal-accident", "resisting-inspection", "unrectified-major-hazard"}
    # veto ids still name the rule (the JSON has no other field for it): left for later
    words = _not_ids(english_words(text), GATE_IDS | veto_ids | {"error", "safecli.yaml", "as-of"})
    assert not words, words
    assert "（problem，" not in text and "问题型企业（总分 45.0）" in text


def test_diff_is_chinese(tmp_path: Path) -> None:
    old = EXAMPLES / "safe-enterprise.yaml"
    new = tmp_path / "new.yaml"
    text = old.read_text(encoding="utf-8")
    text = text.replace("date: 2025-05-10", "date: 2025-11-10")
    text = text.replace("standards.4: {status: partial, score: 1,", "standards.4: {status: met,")
    text = text.replace("content.14: {status: partial, score: 2,", "content.14: {status: unmet,")
    new.write_text(text, encoding="utf-8")
    zh = run("diff", str(old), str(new))
    assert "四、4" in zh and "部分符合" in zh and "不符合" in zh, zh
    assert not _not_ids(english_words(zh)), zh
    en = run("diff", str(old), str(new), "--lang", "en")
    assert "standards.4: partial" in en


def test_diff_in_chinese_uses_full_width_punctuation(tmp_path: Path) -> None:
    old = EXAMPLES / "safe-enterprise.yaml"
    new = tmp_path / "new.yaml"
    text = old.read_text(encoding="utf-8")
    text = text.replace("date: 2025-05-10", "date: 2025-11-10")
    text = text.replace("standards.4: {status: partial, score: 1,", "standards.4: {status: met,")
    text = text.replace("content.14: {status: partial, score: 2,", "content.14: {status: unmet,")
    new.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "苏州某精细化工有限公司（91320583MA1N2X7K4U，safe-enterprise@2013）：2025-05-10 → 2025-11-10\n"
        "判定日期 2025-11-10（逾期按此日期判断）\n"
        "总分：89.0 → 88.0（-1.0）\n"
        "等级：合格 → 合格（不变）\n"
        "进步的条款：\n"
        "  四、4：部分符合 1 → 符合 2 / 2\n"
        "退步的条款：\n"
        "  五、14：部分符合 2 → 不符合 0 / 3\n"
        "已整改或销号的隐患：无\n"
        "未销号即从新记录中消失的隐患：无\n"
        "新增隐患：无\n"
        "延续未整改的隐患：\n"
        "  F1【一般隐患】二号仓库门口警示牌缺失（2025-05-31）\n"
        "  F2【重大隐患】易制毒化学品出入库登记不完整（2025-06-15）\n"
        "新近逾期的隐患：\n"
        "  F1【一般隐患】二号仓库门口警示牌缺失（2025-05-31）\n"
        "  F2【重大隐患】易制毒化学品出入库登记不完整（2025-06-15）\n"
    )


def test_findings_are_chinese() -> None:
    for fmt in ("table", "md"):
        text = run("findings", str(EXAMPLES), "--format", fmt)
        assert not _not_ids(english_words(text)), (fmt, _not_ids(english_words(text)))


def test_validate_and_wrote_lines_are_chinese(tmp_path: Path) -> None:
    zh = {"SAFECLI_LANG": "zh", "COLUMNS": "200"}
    result = runner.invoke(app, ["validate", str(EXAMPLES)], env=zh)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith("ok: ") for line in lines)
    assert not _not_ids([w for line in lines for w in english_words(line[4:])], {"ok"})
    out = tmp_path / "report.html"
    record = EXAMPLES / "safe-enterprise.yaml"
    result = runner.invoke(app, ["report", str(record), "--format", "html", "-o", str(out)], env=zh)
    assert result.stderr.strip() == f"已写入 {out}"
    result = runner.invoke(app, ["init", "safe-enterprise", "--format", "csv"], env=zh)
    assert result.exit_code == 2
    assert "csv 表格需要输出文件（请加 -o 文件.csv）" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["report", str(EXAMPLES / "safe-enterprise.yaml"), "--format", "html"],
        ["report", str(EXAMPLES / "safe-enterprise.yaml"), "--format", "docx"],
        ["summary", str(EXAMPLES), "--format", "html"],
        ["summary", str(EXAMPLES), "--format", "docx"],
        ["findings", str(EXAMPLES), "--format", "csv"],
        ["findings", str(EXAMPLES), "--format", "md"],
        ["score", str(EXAMPLES / "safe-enterprise.yaml"), "--format", "json"],
    ],
    ids=lambda a: f"{a[0]}-{a[-1]}",
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_wrote_line_is_in_the_outputs_language(tmp_path: Path, args: list[str], lang: str):
    out = tmp_path / f"out.{args[-1]}"
    env = {"SAFECLI_LANG": "zh", "SAFECLI_TODAY": "2026-12-07"}
    result = runner.invoke(app, [*args, "--lang", lang, "-o", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == (f"已写入 {out}" if lang == "zh" else f"wrote {out}")
