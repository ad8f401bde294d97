"""`safecli standards trace`: every numbered part of every seed is held or left out with a reason.

The seed's own numbering (一、 （一） 1、 1. 一是 第N篇 附件N) is read by regex from the vendored
copy under sources/, and every part found must be declared in the standard's `trace:` outline, so
no numbered part can go silently absent.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import SEEDS_DIR, STANDARDS_DIR
from typer.testing import CliRunner

from safecli.cli.app import app
from safecli.score.trace import MISSING, OMITTED, norm, numbered_parts, trace

runner = CliRunner()

STANDARDS = {
    "safe-enterprise": "000_a4b9a21d6a4d0cec.txt",
    "safety-integrity-enterprise": "001_835fdeccc42d9225.txt",
    "district-work-plan": "003_1a9589662c1eec8e.txt",
    "safe-community": "004_4bc2f106566ddf37.txt",
}


def seed_body(name: str) -> str:
    """The seed's text without the download site's header and footer (they carry numbers too)."""
    text = (SEEDS_DIR / name).read_text(encoding="utf-8")
    if name.startswith("000"):
        return text[text.index("**一、") :]  # after the front matter
    if name.startswith("001"):
        text = text[: text.index("内容总结")]  # the site's summary repeats the opening
        # each line starts with the page number ("3、4、平安生产管理…" is page 3, item 4)
        return "\n".join(re.sub(rf"^{n}、", "", line) for n, line in enumerate(text.split("\n"), 1))
    if name.startswith("003"):
        return text[text.index("区XX年平安生产工作方案") :]  # after the site's 温馨提示 1.–4.
    return text[text.index("第一篇:") : text.index("下载市创建安全社区试点工作实施方案word")]


@pytest.mark.parametrize("standard_id", sorted(STANDARDS))
def test_outline_declares_every_numbered_part_of_the_seed(bundled, standard_id):
    std = bundled(standard_id)
    seed = STANDARDS[standard_id]
    assert std.source == seed
    found = numbered_parts(seed_body(seed), pian=seed.startswith("004"))
    declared = {norm(part.ref) for part in std.trace}
    absent = [ref for ref in found if norm(ref) not in declared]
    assert not absent, f"{standard_id}: numbered parts of {seed} missing from trace: {absent}"
    assert len(found) >= 39


@pytest.mark.parametrize("standard_id", sorted(STANDARDS))
def test_every_part_is_held_or_left_out_with_a_reason(bundled, standard_id):
    report = trace(bundled(standard_id))
    assert report.missing() == []
    assert report.unplaced == []
    for row in report.rows:
        assert row.status != MISSING
        if row.status == OMITTED:
            assert row.omitted, row.ref
        else:
            assert row.holders or row.status == "held-by-parts", row.ref


def test_the_parts_issue_14_found_missing_are_now_held(bundled):
    rows = {r.ref: r for r in trace(bundled("safe-community")).rows}
    for ref in ("附件3", "第一篇.四", "第一篇.六", "第二篇.一", "第二篇.三.(三)"):
        assert rows[ref].status == "held", ref
    assert rows["附件3.四"].status == "held-as-whole"
    assert rows["第四篇"].status == OMITTED and "第三篇" in rows["第四篇"].omitted
    assert rows["第四篇.三.(二).五"].status == OMITTED  # left out with its whole 篇
    assert {h.id for h in rows["第三篇.三.(二).五"].holders} >= {"filing", "provincial-rating"}


def test_numbered_parts_levels():
    text = "一、总则 （一）范围 1、适用 2.定义 一是甲。二是乙 二、附则 附件3 职责 一、巡查"
    assert numbered_parts(text) == [
        "一",
        "一.(一)",
        "一.(一).1",
        "一.(一).2",
        "一.(一).2.一",
        "一.(一).2.二",
        "二",
        "附件3",
        "附件3.一",
    ]
    # dates, counts and codes are no numbering
    assert numbered_parts("3月底前 1-3次 AQ/T9001-2006 20230% 川委办〔2013〕1号") == []


def test_trace_command_md_and_json(bundled):
    result = runner.invoke(app, ["standards", "trace", "safe-community", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "| 　附件3.一 |" in result.stdout and "社区安监员" in result.stdout
    assert "有意不收录" in result.stdout
    result = runner.invoke(
        app, ["standards", "trace", "safety-integrity-enterprise", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["standard"] == "safety-integrity-enterprise@2023"
    assert data["missing"] == [] and data["unplaced"] == []
    parts = {p["ref"]: p for p in data["parts"]}
    assert [h["id"] for h in parts["二.(一)"]["held_by"]] == ["standardized"]
    table = runner.invoke(app, ["standards", "trace", "district-work-plan", "--lang", "en"])
    assert table.exit_code == 0 and "Traceability" in table.stdout


def test_trace_command_fails_on_an_unexplained_part(tmp_path):

    text = (STANDARDS_DIR / "safe-enterprise.yaml").read_text(encoding="utf-8")
    text = text.replace("held_by: [principles]}", "}", 1)  # 一、指导思想 no longer held
    (tmp_path / "safe-enterprise.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "standards",
            "trace",
            "safe-enterprise",
            "--standards-dir",
            str(tmp_path),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 1
    assert json.loads(result.stdout)["missing"] == ["一"]


def test_lint_checks_the_trace_block(tmp_path):

    text = (STANDARDS_DIR / "safe-enterprise.yaml").read_text(encoding="utf-8")
    text = text.replace("held_by: [principles]}", "held_by: [grade:nonesuch]}", 1)
    text = text.replace(
        '  - {ref: "二", title: "职责分工"}', '  - {ref: "一", title: "职责分工"}', 1
    )
    path = tmp_path / "safe-enterprise.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["standards", "lint", str(path)])
    assert result.exit_code == 2
    assert "held_by 'grade:nonesuch' names nothing" in result.output
    assert "duplicate trace ref '一'" in result.output


def test_english_translation_002_has_the_parts_of_000(bundled):
    """Seed 002 is the English of 000: its parts (I.–VI., and the bullets that stand for 000's
    1. 2. … under III–VI; II's bullets are unnumbered in both) are 000's, part for part, so the
    outline of safe-enterprise accounts for both."""
    roman = {"I": "一", "II": "二", "III": "三", "IV": "四", "V": "五", "VI": "六"}
    parts: list[str] = []
    top, count = "", 0
    for line in (SEEDS_DIR / "002_13d437a089bdd73d.txt").read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^([IVX]+)\. ", line):
            top, count = roman[m[1]], 0
            parts.append(top)
        elif re.match(r"^(- |\d+\. )", line) and top != "二":
            count += 1
            parts.append(f"{top}.{count}")
    assert parts == numbered_parts(seed_body("000_a4b9a21d6a4d0cec.txt"))
    declared = {norm(p.ref) for p in bundled("safe-enterprise").trace}
    assert set(parts) <= declared
