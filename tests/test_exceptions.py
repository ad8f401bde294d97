"""Exceptions (空项, 豁免) that expire: issue 23.

tests/fixtures/exceptions-repo is a records repository of the mini standard (20 points: a.1 4
required by `top`, a.2 4, a.3 3, a.4 2, b.1 4 measure, b.2 3 veto), all inspected 2026-02-01:

- records/a-valid.yaml     甲厂  豁免 a.2 (answered unmet) 2026-01-15 … 2026-12-31, in the record
- records/b-expiring.yaml  乙厂  空项 a.3 (answered unmet) 2026-01-01 … 2026-03-11, in the
                                 repository's exceptions.yaml
- records/c-expired.yaml   丙厂  豁免 a.2 (answered unmet) 2025-09-01 … 2026-02-28
- records/d-veto.yaml      丁厂  豁免 b.2, a veto item: refused (invalid)

Judged as of 2026-03-01 (the tests' "today"): 甲厂's runs 10 more months, 乙厂's ends in 10
days, 丙厂's expired yesterday. Hand-computed totals: an exception in force takes its item out
of both sums, so 甲厂 and 丙厂 (before expiry) earn 16 of 16 = 100.0 and 乙厂 17 of 17 = 100.0;
after expiry 丙厂 earns 16 of 20 = 80.0 (a.2 unmet scores 0).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from safecli.api import score_file
from safecli.cli.app import app
from safecli.model.record import Record
from safecli.read.catalog import Catalog
from safecli.score.results import EXPIRED, IN_FORCE, PENDING
from safecli.score.waivers import judge

FIXTURE = Path(__file__).parent / "fixtures" / "exceptions-repo"
TODAY = "2026-03-01"
runner = CliRunner()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    monkeypatch.chdir(root)
    monkeypatch.setenv("SAFECLI_TODAY", TODAY)
    return root


def _json(*args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["check", "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout)


def _verdicts(data: dict) -> list[tuple[str, int, str, str]]:
    """(path, line, level, rule) of every failure, warning and notice."""
    out = []
    for r in data["records"]:
        for f in r["failures"]:
            out.append((f["path"], f["line"], "error", f["rule"]))
        for f in r["warnings"]:
            out.append((f["path"], f["line"], f["level"], f["rule"]))
    return sorted(out)


# ---------------------------------------------------------------- check


def test_check_exits_1_and_names_each_exception(repo: Path) -> None:
    result = runner.invoke(app, ["check", "--verbose", "--as-of", TODAY, "--lang", "en"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert (
        "records/a-valid.yaml:13:5: notice: [exception] waiver of a.2 in force until 2026-12-31 "
        "(approved by 甲厂 安全总监 王五): 配电改造工程施工中，完工前暂缓"
    ) in lines
    assert (
        "exceptions.yaml:3:5: warning: [expiring-exception] not-applicable exception of a.3 "
        "ends on 2026-03-11, 10 days from now (approved by 某区应急管理局 安全科科长 赵六) "
        "(renew it before it ends, or rectify the item and remove it)"
    ) in lines
    assert (
        "records/c-expired.yaml:13:5: error: [expired-exception] waiver of a.2 expired on "
        "2026-03-01 (it ran until 2026-02-28, approved by 丙厂 副总经理 钱七); the item is "
        "scored as answered (renew the approval and its until, or remove the exception)"
    ) in lines
    assert (
        "records/d-veto.yaml:14:11: error: [invalid] b.2 cannot be waived (豁免): it is a veto "
        "item (否决项) (rectify it; record 空项 only if the item does not apply to the unit)"
    ) in lines
    assert lines[-1] == "4 records: 2 passed, 2 failed, 2 problems; 3 files skipped; 1 warnings"


def test_check_in_chinese_names_each(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFECLI_LANG", "zh")
    result = runner.invoke(app, ["check", "--as-of", TODAY, "--lang", "zh"])
    assert result.exit_code == 1
    out = result.stdout
    assert (
        "exceptions.yaml:3:5: warning: [expiring-exception] 空项 a.3 有效期至 2026-03-11，还有 10 天到期"
        in out
    )
    assert (
        "records/c-expired.yaml:13:5: error: [expired-exception] 豁免 a.2 已于 2026-03-01 到期（有效期至 2026-02-28"
        in out
    )
    assert (
        "records/d-veto.yaml:14:11: error: [invalid] b.2 为否决项，不得豁免"
        "（请整改；仅当该条款确不适用于本单位时才可列为空项）"
    ) in out
    assert "notice" not in out  # notices only with --verbose
    assert out.splitlines()[-1].endswith("；1 个提醒")


@pytest.mark.parametrize(
    ("as_of", "code", "expected"),
    [
        # 甲厂's exception is dated 2026-01-15: not yet in force, its item scored as answered
        ("2026-01-10", 0, [
            ("exceptions.yaml", 3, "notice", "exception"),
            ("records/a-valid.yaml", 13, "notice", "exception"),
            ("records/c-expired.yaml", 13, "notice", "exception"),
        ]),
        # 30 days before their ends: 乙厂 has 19 days left, 丙厂 8
        ("2026-02-20", 0, [
            ("exceptions.yaml", 3, "warning", "expiring-exception"),
            ("records/a-valid.yaml", 13, "notice", "exception"),
            ("records/c-expired.yaml", 13, "warning", "expiring-exception"),
        ]),
        ("2026-03-01", 1, [
            ("exceptions.yaml", 3, "warning", "expiring-exception"),
            ("records/a-valid.yaml", 13, "notice", "exception"),
            ("records/c-expired.yaml", 13, "error", "expired-exception"),
        ]),
        # the last day (until) still applies; the next day it has expired
        ("2026-03-11", 1, [
            ("exceptions.yaml", 3, "warning", "expiring-exception"),
            ("records/a-valid.yaml", 13, "notice", "exception"),
            ("records/c-expired.yaml", 13, "error", "expired-exception"),
        ]),
        ("2026-03-12", 1, [
            ("exceptions.yaml", 3, "error", "expired-exception"),
            ("records/a-valid.yaml", 13, "notice", "exception"),
            ("records/c-expired.yaml", 13, "error", "expired-exception"),
        ]),
    ],
)  # fmt: skip
def test_as_of_moves_the_verdicts(
    repo: Path, as_of: str, code: int, expected: list[tuple[str, int, str, str]]
) -> None:
    (repo / "records" / "d-veto.yaml").unlink()
    got_code, data = _json("--as-of", as_of)
    assert (got_code, _verdicts(data)) == (code, expected)


def test_as_of_moves_the_scores(repo: Path) -> None:
    _, before = _json("--as-of", "2026-02-28")
    _, after = _json("--as-of", "2026-03-01")
    totals = {r["path"]: (r["total"], r["grade"]) for r in before["records"] if r["total"]}
    assert totals["records/c-expired.yaml"] == (100.0, "top")
    totals = {r["path"]: (r["total"], r["grade"]) for r in after["records"] if r["total"]}
    assert totals["records/c-expired.yaml"] == (80.0, "mid")
    assert totals["records/a-valid.yaml"] == (100.0, "top")
    assert totals["records/b-expiring.yaml"] == (100.0, "top")


def test_warning_days_come_from_the_config(repo: Path) -> None:
    (repo / "safecli.yaml").write_text(
        "standards_dirs: [standards]\nexception_warning_days: 5\n", encoding="utf-8"
    )
    (repo / "records" / "d-veto.yaml").unlink()
    _, data = _json("--as-of", "2026-03-01")  # 乙厂's has 10 days left: more than 5
    assert ("exceptions.yaml", 3, "notice", "exception") in _verdicts(data)
    _, data = _json("--as-of", "2026-03-07")  # 4 days left
    assert ("exceptions.yaml", 3, "warning", "expiring-exception") in _verdicts(data)


def test_the_expired_gate_can_be_turned_off(repo: Path) -> None:
    (repo / "safecli.yaml").write_text(
        "standards_dirs: [standards]\nfail_on: {expired-exception: false}\n", encoding="utf-8"
    )
    (repo / "records" / "d-veto.yaml").unlink()
    code, data = _json("--as-of", "2026-03-01")
    assert code == 0
    assert ("records/c-expired.yaml", 13, "warning", "expired-exception") in _verdicts(data)


def test_sarif_and_github_carry_warnings(repo: Path) -> None:
    (repo / "records" / "d-veto.yaml").unlink()
    sarif = json.loads(
        runner.invoke(app, ["check", "--format", "sarif", "--as-of", TODAY, "--lang", "en"]).stdout
    )
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    levels = sorted((r["ruleId"], r["level"]) for r in run["results"])
    assert levels == [
        ("exception", "note"),
        ("expired-exception", "error"),
        ("expiring-exception", "warning"),
    ]
    for r in run["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    github = runner.invoke(app, ["check", "--format", "github", "--as-of", TODAY]).stdout
    assert (
        "::warning file=exceptions.yaml,line=3,col=5,title=safecli expiring-exception::" in github
    )
    assert (
        "::error file=records/c-expired.yaml,line=13,col=5,title=safecli expired-exception::"
        in github
    )


# ---------------------------------------------------------------- refused exceptions


def _validate(root: Path, *files: str) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["validate", *files, "--standards-dir", str(root / "standards")])
    return result.exit_code, result.stderr.splitlines()


BAD = """\
standard: mini@1
subject: {kind: enterprise, id: 914403001922038014, name: 甲厂, employees: 320}
inspection: {date: 2026-02-01}
responses: {a.1: met, a.2: met, a.3: met, a.4: met, b.2: met}
metrics: {inspections: 40}
exceptions:
  - {item: a.1, kind: 豁免, reason: 暂缓, approver: {name: 甲, post: 乙, organisation: 丙}, date: 2026-01-01, until: 2026-06-30}
  - {item: b.2, kind: waiver, reason: 暂缓, approver: {name: 甲, post: 乙, organisation: 丙}, date: 2026-01-01, until: 2026-06-30}
  - {item: a.9, kind: 空项, reason: 无, approver: {name: 甲, post: 乙, organisation: 丙}, date: 2026-01-01, until: 2026-06-30}
  - {item: a.2, kind: 空项, reason: 无, approver: {name: 甲, post: 乙, organisation: 丙}, date: 2026-01-01, until: 2026-06-30}
  - {item: a.2, kind: 豁免, reason: 无, approver: {name: 甲, post: 乙, organisation: 丙}, date: 2026-06-01, until: 2026-12-31}
"""


def test_every_refused_exception_is_located_at_once(repo: Path) -> None:
    (repo / "records" / "bad.yaml").write_text(BAD, encoding="utf-8")
    code, lines = _validate(repo, "records/bad.yaml")
    assert code == 2
    assert lines == [
        "records/bad.yaml:7:23: error: a.1 cannot be waived (豁免): grade Top requires it "
        "(必备条件) (rectify it; record 空项 only if the item does not apply to the unit)",
        "records/bad.yaml:8:23: error: b.2 cannot be waived (豁免): it is a veto item (否决项) "
        "(rectify it; record 空项 only if the item does not apply to the unit)",
        "records/bad.yaml:9:12: error: an exception names unknown item 'a.9' in mini@1 "
        "(did you mean a.4, a.3, a.2?)",
        "records/bad.yaml:11:91: error: two exceptions for a.2 overlap (2026-01-01–2026-06-30 "
        "and 2026-06-01–2026-12-31) (keep one exception per item at a time)",
    ]


def test_refused_exceptions_in_chinese(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFECLI_LANG", "zh")
    (repo / "records" / "bad.yaml").write_text(BAD, encoding="utf-8")
    _, lines = _validate(repo, "records/bad.yaml")
    assert lines[:3] == [
        "records/bad.yaml:7:23: error: a.1 为等级“优秀”的必备条件，不得豁免"
        "（请整改；仅当该条款确不适用于本单位时才可列为空项）",
        "records/bad.yaml:8:23: error: b.2 为否决项，不得豁免"
        "（请整改；仅当该条款确不适用于本单位时才可列为空项）",
        "records/bad.yaml:9:12: error: 例外所列条款 'a.9' 不在 mini@1 中（是否应为 a.4, a.3, a.2？）",
    ]


def test_an_end_before_the_approval_is_a_schema_error(repo: Path) -> None:
    text = BAD.split("  - ")[0] + (
        "  - {item: a.2, kind: 豁免, reason: 无, approver: {name: 甲, post: 乙, organisation: 丙}, "
        "date: 2026-06-01, until: 2026-05-31}\n"
    )
    (repo / "records" / "bad.yaml").write_text(text, encoding="utf-8")
    code, lines = _validate(repo, "records/bad.yaml")
    assert code == 2
    assert lines == [
        "records/bad.yaml:7:5: error: exceptions[0]: until 2026-05-31 is before the approval "
        "date 2026-06-01 (give the last day the exception applies)"
    ]


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        (
            "en",
            "records/bad.yaml:7:23: error: exceptions[0].kind: unknown exception kind '暂缓' "
            "(write 空项 (na: the item does not apply) or 豁免 (waiver: it applies, excused for "
            "now))",
        ),
        (
            "zh",
            "records/bad.yaml:7:23: error: exceptions[0].kind：无法识别的例外类型 '暂缓'"
            "（请写 空项（该条款不适用于本单位）或 豁免（该条款适用，暂缓执行））",
        ),
    ],
)
def test_an_unknown_exception_kind_says_which_words_to_write(
    repo: Path, monkeypatch: pytest.MonkeyPatch, lang: str, line: str
) -> None:
    """暂缓 is how a 豁免 is often described: the message names the two words a record takes,
    in Chinese, not the ids 'na', 'waiver' alone."""
    monkeypatch.setenv("SAFECLI_LANG", lang)
    text = BAD.split("  - ")[0] + (
        "  - {item: a.2, kind: 暂缓, reason: 无, approver: {name: 甲, post: 乙, organisation: 丙}, "
        "date: 2026-01-01, until: 2026-05-31}\n"
    )
    (repo / "records" / "bad.yaml").write_text(text, encoding="utf-8")
    code, lines = _validate(repo, "records/bad.yaml")
    assert (code, lines) == (2, [line])


def test_a_waiver_refused_in_the_shared_file_is_located_there(repo: Path) -> None:
    shared = repo / "exceptions.yaml"
    shared.write_text(
        shared.read_text(encoding="utf-8")
        + "  - unit: 甲厂\n    item: b.2\n    kind: 豁免\n    reason: 暂缓\n"
        "    approver: {name: 甲, post: 乙, organisation: 丙}\n"
        "    date: 2026-01-01\n    until: 2026-06-30\n",
        encoding="utf-8",
    )
    code, lines = _validate(repo, "records/a-valid.yaml", "records/b-expiring.yaml")
    assert code == 2
    assert shared.is_file()
    assert lines == [
        "exceptions.yaml:13:11: error: b.2 cannot be waived (豁免): it is a veto item (否决项) "
        "(rectify it; record 空项 only if the item does not apply to the unit)"
    ]


def test_a_not_applicable_exception_on_a_veto_item_is_allowed(repo: Path) -> None:
    path = repo / "records" / "d-veto.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: 豁免", "kind: 空项"))
    a = score_file(path, catalog=Catalog([repo / "standards"]), as_of=dt.date(2026, 3, 1))
    # b.2 (unmet, a veto item) is out of both sums and fires nothing: 17 of 17
    assert (a.total, a.grade.id, a.veto.triggered) == (100.0, "top", False)
    assert a.item("b.2").status == "na"
    a = score_file(path, catalog=Catalog([repo / "standards"]), as_of=dt.date(2026, 7, 1))
    # expired: b.2 is unmet again and its veto caps the grade at the lowest
    assert (a.total, a.grade.id, a.veto.triggered) == (85.0, "low", True)


# ---------------------------------------------------------------- scoring


def test_scores_by_hand(repo: Path) -> None:
    catalog = Catalog([repo / "standards"])
    path = repo / "records" / "c-expired.yaml"
    before = score_file(path, catalog=catalog, as_of=dt.date(2026, 2, 28))
    assert (before.total, before.earned, before.points) == (100.0, 16.0, 16.0)
    assert before.item("a.2").status == "na" and not before.item("a.2").applicable
    after = score_file(path, catalog=catalog, as_of=dt.date(2026, 3, 1))
    assert (after.total, after.earned, after.points) == (80.0, 16.0, 20.0)
    reason = after.item("a.2").reason
    assert reason.zh == (
        "豁免已于 2026-03-01 到期（有效期至 2026-02-28），按作答计分：不符合，得 0 分"
    )
    assert [(e.item, e.state, e.days_left) for e in after.exceptions] == [("a.2", "expired", -1)]
    # the score's default date is the inspection date (2026-02-01): in force then
    assert score_file(path, catalog=catalog).total == 100.0


def test_the_shared_exception_applies_to_its_unit_only(repo: Path) -> None:
    catalog = Catalog([repo / "standards"])
    b = score_file(repo / "records" / "b-expiring.yaml", catalog=catalog, as_of=dt.date(2026, 3, 1))
    assert (b.total, b.earned, b.points) == (100.0, 17.0, 17.0)
    assert b.exceptions[0].shared is not None
    a = score_file(repo / "records" / "a-valid.yaml", catalog=catalog, as_of=dt.date(2026, 3, 1))
    assert [e.item for e in a.exceptions] == ["a.2"]


DAY = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 31))


@settings(max_examples=200, deadline=None)
@given(start=DAY, length=st.integers(min_value=0, max_value=400), as_of=DAY)
def test_an_exception_applies_from_its_date_through_its_until(
    start: dt.date, length: int, as_of: dt.date
) -> None:
    until = start + dt.timedelta(days=length)
    record = Record.model_validate(
        {
            "standard": "mini@1",
            "subject": {"kind": "enterprise", "name": "某厂"},
            "inspection": {"date": "2026-02-01"},
            "exceptions": [
                {
                    "item": "a.2",
                    "kind": "豁免",
                    "reason": "r",
                    "approver": {"name": "a", "post": "b", "organisation": "c"},
                    "date": start,
                    "until": until,
                }
            ],
        }
    )
    results, deciding = judge(record.exceptions, as_of, {"a.2": 0})
    state = results[0].state
    expected = PENDING if as_of < start else IN_FORCE if as_of <= until else EXPIRED
    assert state == expected
    assert results[0].days_left == (until - as_of).days
    assert deciding["a.2"] is results[0]


@settings(max_examples=60, deadline=None)
@given(as_of=st.dates(min_value=dt.date(2025, 6, 1), max_value=dt.date(2026, 6, 30)))
def test_the_total_moves_on_the_day_after_until(as_of: dt.date) -> None:
    from safecli.read.standards import load_standard
    from safecli.score.scoring import assess

    std = load_standard(FIXTURE / "standards" / "mini.yaml")
    data = json.loads(json.dumps(_C_EXPIRED, default=str))
    record = Record.model_validate(data)
    a = assess(std, record, as_of)
    applies = dt.date(2025, 9, 1) <= as_of <= dt.date(2026, 2, 28)
    assert a.total == (100.0 if applies else 80.0)


_C_EXPIRED = {
    "standard": "mini@1",
    "subject": {"kind": "enterprise", "name": "丙厂", "employees": 320},
    "inspection": {"date": "2026-02-01"},
    "responses": {"a.1": "met", "a.2": "unmet", "a.3": "met", "a.4": "met", "b.2": "met"},
    "metrics": {"inspections": 40},
    "exceptions": [
        {
            "item": "a.2",
            "kind": "waiver",
            "reason": "设备更新期间暂缓",
            "approver": {"name": "钱七", "post": "副总经理", "organisation": "丙厂"},
            "date": "2025-09-01",
            "until": "2026-02-28",
        }
    ],
}


# ---------------------------------------------------------------- outputs


def test_the_report_has_a_table_of_exceptions(repo: Path) -> None:
    out = repo / "a.md"
    args = ["report", "records/a-valid.yaml", "--format", "md", "-o", str(out)]
    args += ["--standards-dir", "standards", "--as-of", TODAY, "--lang", "zh"]
    assert runner.invoke(app, args).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "### 经批准的例外（空项、豁免）" in text
    assert (
        "| 标准 2 | 豁免 | 配电改造工程施工中，完工前暂缓 | 甲厂 安全总监 王五（甲安〔2026〕3号） | "
        "2026-12-31 | 有效 |"
    ) in text
    # a waived item is not a 空项: it is listed once, in the exceptions' table
    assert "### 空项（不适用）及理由" not in text


def test_the_report_says_an_exception_expired_and_when(repo: Path) -> None:
    out = repo / "c.html"
    args = ["report", "records/c-expired.yaml", "--format", "html", "-o", str(out)]
    args += ["--standards-dir", "standards", "--as-of", TODAY, "--lang", "en"]
    assert runner.invoke(app, args).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "<td>expired (since 2026-03-01)</td>" in html
    assert "waiver expired on 2026-03-01 (it ran until 2026-02-28): scored as answered" in html


def test_the_summary_counts_exceptions_by_unit(repo: Path) -> None:
    out = repo / "summary.csv"
    args = ["summary", ".", "--format", "csv", "-o", str(out), "--as-of", TODAY]
    assert runner.invoke(app, args).exit_code == 0
    import csv

    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    got = {r["subject"]: (r["exceptions"], r["expired_exceptions"]) for r in rows if r["subject"]}
    assert got == {"甲厂": ("1", "0"), "乙厂": ("1", "0"), "丙厂": ("0", "1")}


def test_export_writes_the_exceptions(repo: Path) -> None:
    args = ["export", ".", "--format", "csv", "-o", "out", "--as-of", TODAY, "--skip-invalid"]
    assert runner.invoke(app, args).exit_code == 0
    import csv

    items = list(
        csv.DictReader((repo / "out" / "items.csv").read_text(encoding="utf-8").splitlines())
    )
    got = sorted(
        (r["unit_name"], r["item"], r["exception"], r["exception_until"], r["exception_state"])
        for r in items
        if r["exception"]
    )
    assert got == [
        ("丙厂", "a.2", "waiver", "2026-02-28", "expired"),
        ("乙厂", "a.3", "na", "2026-03-11", "in-force"),
        ("甲厂", "a.2", "waiver", "2026-12-31", "in-force"),
    ]
    units = list(
        csv.DictReader((repo / "out" / "units.csv").read_text(encoding="utf-8").splitlines())
    )
    assert sorted((u["unit_name"], u["exceptions"], u["expired_exceptions"]) for u in units) == [
        ("丙厂", "0", "1"),
        ("乙厂", "1", "0"),
        ("甲厂", "1", "0"),
    ]


def test_diff_shows_exceptions_added_removed_and_expired(repo: Path) -> None:
    new = repo / "records" / "c-expired.yaml"
    old = repo / "old.yaml"
    text = new.read_text(encoding="utf-8")
    old.write_text(
        text.replace("until: 2026-02-28", "until: 2025-12-31").replace(
            "date: 2026-02-01", "date: 2025-10-01"
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["diff", str(old), str(new), "--as-of", TODAY, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["exceptions_added"] == [
        {"item": "a.2", "kind": "waiver", "until": "2026-02-28", "state": "expired"}
    ]
    assert data["exceptions_removed"] == [
        {"item": "a.2", "kind": "waiver", "until": "2025-12-31", "state": "in-force"}
    ]
    assert data["exceptions_expired"] == data["exceptions_added"]
    text = runner.invoke(app, ["diff", str(old), str(new), "--as-of", TODAY, "--lang", "en"]).stdout
    assert "exceptions expired:\n  a.2 [waiver] until 2026-02-28\n" in text
    zh = runner.invoke(app, ["diff", str(old), str(new), "--as-of", TODAY, "--lang", "zh"]).stdout
    assert "已过期的例外：\n  2【豁免】有效期至 2026-02-28\n" in zh


def test_schema_describes_the_new_fields() -> None:
    result = runner.invoke(app, ["schema", "record"])
    defs = json.loads(result.stdout)["$defs"]
    assert "last day it applies" in defs["ItemException"]["properties"]["until"]["description"]
    assert "空项" in defs["ItemException"]["properties"]["kind"]["description"]
    assert "organisation" in defs["Approver"]["properties"]
    assert "SHA-256" in defs["EvidenceFile"]["properties"]["sha256"]["description"]
    assert "现场检查" in defs["Verification"]["properties"]["method"]["description"]
    response = defs["Response"]["anyOf"][1]["properties"]
    assert "on-site" in response["verified"]["description"]
    assert "sha256" in response["evidence"]["description"]


def test_findings_say_an_exception_expired_and_when(repo: Path) -> None:
    result = runner.invoke(app, ["findings", ".", "--as-of", TODAY, "--lang", "zh"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "例外已过期：丙厂 条款 2 的豁免已于 2026-03-01 到期，该条款按作答计分" in lines
    early = runner.invoke(app, ["findings", ".", "--as-of", "2026-02-28", "--lang", "zh"])
    assert "例外已过期" not in early.stdout


def test_score_says_an_exception_expired_and_when(repo: Path) -> None:
    args = ["score", "records/c-expired.yaml", "--standards-dir", "standards", "--as-of", TODAY]
    data = json.loads(runner.invoke(app, [*args, "--format", "json", "--lang", "en"]).stdout)
    assert data["exceptions"] == [
        {
            "item": "a.2",
            "kind": "waiver",
            "reason": "设备更新期间暂缓",
            "approver": "丙厂 副总经理 钱七",
            "ref": None,
            "date": "2025-09-01",
            "until": "2026-02-28",
            "state": "expired",
            "expired_on": "2026-03-01",
            "days_left": -1,
            "note": "waiver expired on 2026-03-01 (it ran until 2026-02-28): scored as answered",
        }
    ]
    md = runner.invoke(app, [*args, "--format", "md", "--lang", "zh"]).stdout
    assert "- 例外：2 豁免已于 2026-03-01 到期（有效期至 2026-02-28），按作答计分\n" in md


def test_the_summary_page_marks_an_expired_exception(repo: Path) -> None:
    out = repo / "summary.html"
    args = ["summary", ".", "--format", "html", "-o", str(out), "--as-of", TODAY, "--lang", "zh"]
    assert runner.invoke(app, args).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert '<td class="bad">例外过期 1 项（2026-03-01 起）</td>' in html
    assert '<th scope="col" class="n">有效例外</th>' in html


BAD_FIELDS = """\
standard: mini@1
subject: {kind: enterprise, name: 甲厂}
inspection: {date: 2026-02-01}
responses:
  a.1: {status: met, verified: {by: 李四, date: 2026-01-01, method: 看看, valid_months: 0}, evidence: [{file: a.pdf, sha256: xyz}]}
exceptions:
  - {item: a.2, kind: 豁, reason: r, approver: {name: a, post: b}, date: 2026-01-01, until: 2026-02-28}
"""


def test_the_new_fields_problems_are_located_and_chinese_first(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "records" / "bad.yaml").write_text(BAD_FIELDS, encoding="utf-8")
    monkeypatch.setenv("SAFECLI_LANG", "zh")
    code, lines = _validate(repo, "records/bad.yaml")
    assert code == 2
    assert lines == [
        "records/bad.yaml:5:122: error: responses.a.1.evidence[0].sha256：'xyz' 不符合规定格式"
        "（^[0-9a-f]{64}$）",
        "records/bad.yaml:5:67: error: responses.a.1.verified.method：应为以下之一："
        "'on-site', 'documents', 'interview'，实为 '看看'",
        "records/bad.yaml:5:85: error: responses.a.1.verified.valid_months：应不小于 1，实为 0",
        "records/bad.yaml:7:23: error: exceptions[0].kind：无法识别的例外类型 '豁'"
        "（请写 空项（该条款不适用于本单位）或 豁免（该条款适用，暂缓执行））",
        "records/bad.yaml:7:47: error: exceptions[0].approver.organisation：缺少必填项 "
        "'organisation'（请添加 organisation: …）",
    ]


def test_an_item_that_always_applies_refuses_a_not_applicable_exception(repo: Path) -> None:
    text = BAD.split("  - ")[0] + (
        "  - {item: a.1, kind: 空项, reason: 无, approver: {name: 甲, post: 乙, organisation: 丙}, "
        "date: 2026-01-01, until: 2026-06-30}\n"
    )
    (repo / "records" / "bad.yaml").write_text(text, encoding="utf-8")
    code, lines = _validate(repo, "records/bad.yaml")
    assert code == 2
    assert lines == [
        "records/bad.yaml:7:23: error: a.1 can never be 空项: the standard says it always applies "
        "(answer it met, partial or unmet)"
    ]
