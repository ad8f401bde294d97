"""The 实施方案 of a standard imported from a city's table (no plan: block of its own)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safecli.cli.app import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "standards"
runner = CliRunner()


def _plan(fmt: str, lang: str, out: Path | None = None) -> str:
    result = runner.invoke(
        app,
        ["plan", str(EXAMPLES / "records" / "wangchuan.yaml"), "--standards-dir", str(EXAMPLES),
         "--start", "2025-04-01", "--format", fmt, "--lang", lang, "-o", str(out or "-")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8") if out else result.output


def test_every_part_of_an_imported_standards_plan_says_something() -> None:
    # 一、二、六 and 八 were headings over nothing, 四 an empty table, 七 "无"; the title was
    # the unit's name run into the table's (…有限公司望川区…考核细则（2024年版）), and the
    # opening read 为扎实做好望川区平安企业创建考核细则（2024年版）
    text = _plan("md", "zh")
    assert text.startswith(
        "# 望川区某机械制造有限公司《望川区平安企业创建考核细则（2024年版）》达标创建工作实施方案\n\n"
        "为扎实做好《望川区平安企业创建考核细则（2024年版）》达标创建工作，"
    )
    parts = re.split(r"^## ", text, flags=re.MULTILINE)
    for head in ("一、", "二、", "四、", "六、", "七、", "八、"):
        body = next(p for p in parts if p.startswith(head)).split("\n", 1)[1]
        assert body.strip() and body.strip() != "无", head
        assert "| --- | --- |\n\n" not in body, head  # no table without rows
    assert "达到“优秀”等级" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_html_plan_has_no_empty_part(lang: str, tmp_path: Path) -> None:
    html = _plan("html", lang, tmp_path / "plan.html")
    assert not re.search(r"</h2>\s*</section>", html)
    assert not re.search(r"</h2>\s*<p></p>", html)
