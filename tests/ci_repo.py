"""A records repository for the CI-gate, summary and diff tests, built from the mini fixtures.

Four units, one record of each kind the gate judges, an invalid record, and files that are
plainly not records. The mini standard's hand-computed scores (see test_scoring.py) give:

- records/a-valid.yaml       甲厂 2025-05-10  all met              100.0 top   pass
- history/a-2024.yaml        甲厂 2024-05-10  partial-half          90.0 top   pass
- records/b-vetoed.yaml      乙厂 2025-05-10  fatal incident       100.0 mid   veto (fatal)
- records/c-below.yaml       丙厂 2025-05-10  unanswered a.2/a.4/b.1 50.0 low  below-grade
- records/d-overdue.yaml     丁厂 2025-05-10  overdue major F1     100.0 mid   veto + overdue-major
- records/e-invalid.yaml     broken: unknown item, unknown status
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
OLD_ID = "914403001922038216"

UNITS = {
    "a": ("甲厂", "914403001922038014"),
    "b": ("乙厂", "914403001922038027"),
    "c": ("丙厂", "91440300192203803A"),
    "d": ("丁厂", "91440300192203804D"),
    "e": ("戊厂", "91440300192203805G"),
}

SHEET = """\
标准,mini@1
单位类型,企业
统一社会信用代码,91440300192203805G
单位名称,戊厂
从业人员,120
检查日期,2025-05-10

编号,部分,检查内容,分值,类型,指标,目标,自评结果,实得分,实测值,扣分项,证明材料,存在问题,隐患等级,整改措施,责任人,整改期限,整改状态
a.1,甲,条款一,4,检查项,,,符合,,,,,,,,,,
a.2,甲,条款二,4,检查项,,,符合,,,,,配电箱未接地,重大,接地改造,设备部,2025-04-01,
a.3,甲,条款三,3,检查项,,,符合,,,,,,,,,,
a.4,甲,条款四,2,检查项,,,不适用,,,,,,,,,,
b.1,乙,检查次数,4,量化指标,inspections,≥ 40/年,,,40,,,,,,,,
b.2,乙,否决项,3,检查项,,,符合,,,,,,,,,,
"""
"""A filled 自查表 (csv) of 戊厂 with an overdue major finding on row 10 (a.2)."""

CONFIG = """\
# safecli.yaml of the test repository
standards_dirs: [standards]
required_grades:
  mini: mid
"""

INVALID = """\
standard: mini@1
subject: {kind: enterprise, id: 914403001922038014, name: 甲厂, employees: 320}
inspection: {date: 2025-05-10}
responses:
  a.1: met
  a.9: met
  a.2: maybe
"""

NOT_A_RECORD = """\
# notes kept beside the records
owner: 安全办
review: quarterly
"""


def _copy(fixture: str, unit: str, target: Path, *, date: str | None = None) -> None:
    name, code = UNITS[unit]
    text = (FIXTURES / "records" / fixture).read_text(encoding="utf-8")
    text = text.replace(OLD_ID, code).replace("name: 测试企业", f"name: {name}")
    if date:
        text = text.replace("date: 2025-05-10", f"date: {date}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def build_repo(root: Path, *, invalid: bool = True, examples: bool = True) -> Path:
    """Write the repository under `root` and return it."""
    (root / ".git").mkdir(parents=True)
    (root / "safecli.yaml").write_text(CONFIG, encoding="utf-8")
    (root / "standards").mkdir()
    shutil.copy(FIXTURES / "standards" / "mini.yaml", root / "standards" / "mini.yaml")
    _copy("mini-all-met.yaml", "a", root / "records" / "a-valid.yaml")
    _copy("mini-partial-half.yaml", "a", root / "history" / "a-2024.yaml", date="2024-05-10")
    _copy("mini-incident-inside.yaml", "b", root / "records" / "b-vetoed.yaml")
    _copy("mini-unanswered.yaml", "c", root / "records" / "c-below.yaml")
    _copy("mini-overdue-major.yaml", "d", root / "records" / "d-overdue.yaml")
    if invalid:
        (root / "records" / "e-invalid.yaml").write_text(INVALID, encoding="utf-8")
    (root / "records" / "notes.yaml").write_text(NOT_A_RECORD, encoding="utf-8")
    if examples:
        workflows = root / ".github" / "workflows"
        workflows.mkdir(parents=True)
        shutil.copy(ROOT / "examples" / "ci" / "github-workflow.yml", workflows / "safecli.yml")
        shutil.copy(ROOT / "examples" / "ci" / "gitlab-ci.yml", root / ".gitlab-ci.yml")
    return root


def add_sheets(root: Path) -> None:
    """A filled csv 自查表 and the broken fixture csv, beside the YAML records."""
    (root / "sheets").mkdir()
    (root / "sheets" / "e-filled.csv").write_text(SHEET, encoding="utf-8")
    shutil.copy(FIXTURES / "sheets" / "many-problems.csv", root / "sheets" / "f-broken.csv")


def line_of(path: Path, needle: str) -> tuple[int, int]:
    """The 1-based line holding `needle` and the column where it starts."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")
