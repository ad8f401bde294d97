"""No ids where people read (issue 19, points 3 and 4).

Every zh deliverable of every example — plan and report (md, html, docx text), the plan's ics,
the summary (md, html, docx, xlsx), the 隐患台账 (md, html, docx, xlsx, ics), the 整改通知书 and
the blank 自查表 of each standard (xlsx) — is read as a person reads it, and holds:

- no standard, item, metric, deduction or rule id, and no English word (a Latin word that is
  not the unit's own data, such as its code, or an abbreviation Chinese documents use: GDP);
- none of a denylist of repealed laws, renamed bodies, old slogans and source-only conditions,
  each of which the test finds in the seeds (`sources/`), so the list stays traceable to them.
"""

from __future__ import annotations

import html.parser
import io
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safecli.cli.app import app
from safecli.read.catalog import default_catalog

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "records"
UNITS = ROOT / "examples" / "units"
SOURCES = ROOT / "sources"
RECORDS = sorted(EXAMPLES.glob("*.yaml")) + sorted(EXAMPLES.glob("*.xlsx"))
STANDARDS = [
    "safe-enterprise",
    "safety-integrity-enterprise",
    "safe-community",
    "district-work-plan",
]
UNIT_STANDARDS = {
    "ningbo-precision": "safe-enterprise",
    "hefei-chemical": "safety-integrity-enterprise",
    "chengdu-community": "safe-community",
    "kunming-district": "district-work-plan",
}
AS_OF = "2026-01-01"
runner = CliRunner()

# Repealed laws, renamed bodies, old slogans and conditions of the sources that a unit's document
# of today never says (the standard keeps them for the trace and `standards show --source`).
DENYLIST = [
    "食品卫生法",  # repealed in 2009 by the 食品安全法
    "安监局",  # the work-safety bureaus became 应急管理 departments in 2018
    "监察局",  # merged into the 监察委员会 in 2018
    "工商局",  # now 市场监督管理
    "经信局",
    "人设局",
    "男性",  # a condition on sex no employer may set
    "下岗",  # 下岗失业人员: a category of the 1990s
    "立党为公",  # a slogan of its time, not a requirement
    "执政为民",
    "三个代表",
    "科学发展观",
    "和谐社会",
    "综合治理目标考核",  # a paper of the source
]
# Latin words a Chinese document may hold: abbreviations it uses, and units of measure.
ALLOWED = {"GDP"}
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9._-]*[A-Za-z0-9]|[A-Za-z]")


def test_the_denylist_comes_from_the_seeds() -> None:
    seeds = "".join(p.read_text(encoding="utf-8") for p in SOURCES.glob("*.txt"))
    missing = [w for w in DENYLIST if w not in seeds]
    assert not missing, f"not in any seed: {missing}"


class _Text(html.parser.HTMLParser):
    """The text a browser shows: no tags, attributes, styles or scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        for name, value in attrs:  # what a reader sees of attributes
            if name in ("title", "alt", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(text: str) -> str:
    parser = _Text()
    parser.feed(text)
    return "\n".join(parser.parts)


def md_text(text: str) -> str:
    """Markdown as read: table rules, emphasis and line breaks are not words."""
    return text.replace("<br>", "\n")


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return "\n".join(t.text or "" for t in body.iter(f"{w}t"))


def xlsx_text(data: bytes) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    out = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue  # hidden sheets hold ids for the reader, not for people
        out.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            out += [str(v) for v in row if v is not None and not isinstance(v, (int, float))]
    return "\n".join(out)


def ics_text(text: str) -> str:
    """What a calendar shows: summaries, descriptions and the calendar's name."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    keep = ("SUMMARY", "DESCRIPTION", "LOCATION", "X-WR-CALNAME")
    shown = "\n".join(
        line.split(":", 1)[1] for line in unfolded.splitlines() if line.startswith(keep)
    )
    return re.sub(r"\\([nN,;\\])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), shown)


def _ids() -> set[str]:
    """Every standard, item, metric, deduction and rule id of the bundled standards."""
    out: set[str] = set()
    catalog = default_catalog()
    for sid in STANDARDS:
        std = catalog.get(sid)
        out |= {std.id, std.ref}
        for item in std.items():
            out.add(item.id)
            out |= {d.id for d in item.deductions}
            if item.metric:
                out.add(item.metric)
        out |= {v.id for v in std.vetoes} | {g.id for g in std.grades}
    return out


def _own_words(*paths: Path) -> set[str]:
    """The Latin words of a unit's own data (its code, its period 2025-Q3, its finding ids):
    theirs to print. Ids of the standard are never the unit's, wherever the file names them."""
    import yaml

    words: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)
        elif value is not None:
            words.update(LATIN.findall(str(value)))

    for path in paths:
        if path.suffix in (".yaml", ".yml") and path.exists():
            walk(yaml.safe_load(path.read_text(encoding="utf-8")))
        elif path.suffix == ".xlsx":
            words.update(LATIN.findall(xlsx_text(path.read_bytes())))
    return words - _ids()


def _owned(word: str, own: set[str]) -> bool:
    """The unit's own word, or one made of it (a notice number: its code and a date)."""
    return word in own or any(
        word.startswith(w) and not word[len(w) : len(w) + 1].isalpha() for w in own
    )


def check(where: str, text: str, own: set[str] = frozenset()) -> list[str]:
    """The problems of one deliverable's text."""
    problems = []
    ids = _ids()
    for word in LATIN.findall(text):
        if word in ALLOWED or _owned(word, own):
            continue
        kind = "id" if word in ids else "English word"
        problems.append(f"{where}: {kind} {word!r}")
    problems += [f"{where}: {word!r} (denylist)" for word in DENYLIST if word in text]
    return sorted(set(problems))


def _run(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), f"{args}: {result.output}"
    return result.stdout


def _file(args: list[str], out: Path) -> bytes:
    _run([*args, "-o", str(out)])
    return out.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("record", RECORDS, ids=lambda p: p.name)
def test_plan_and_report_of_every_example(record: Path, tmp_path: Path) -> None:
    own = _own_words(record)
    problems: list[str] = []
    for kind in ("plan", "report"):
        base = [kind, str(record), "--lang", "zh"]
        if kind == "plan":
            base += ["--start", AS_OF]
        problems += check(f"{kind}.md", md_text(_run([*base, "--format", "md"])), own)
        page = _file([*base, "--format", "html"], tmp_path / f"{kind}.html").decode("utf-8")
        problems += check(f"{kind}.html", html_text(page), own)
        data = _file([*base, "--format", "docx"], tmp_path / f"{kind}.docx")
        problems += check(f"{kind}.docx", docx_text(data), own)
    calendar = _file(
        ["plan", str(record), "--start", AS_OF, "--format", "ics"], tmp_path / "plan.ics"
    ).decode("utf-8")
    problems += check("plan.ics", ics_text(calendar), own)
    assert not problems, "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("unit", UNIT_STANDARDS)
@pytest.mark.parametrize("with_profile", [True, False], ids=["profile", "neutral"])
def test_plan_of_every_unit(unit: str, with_profile: bool, tmp_path: Path) -> None:
    subject = UNITS / f"{unit}.yaml"
    if not with_profile:
        subject = Path(shutil.copy(subject, tmp_path / f"{unit}.yaml"))
    own = _own_words(subject, UNITS / f"{unit}.profile.yaml")
    base = ["plan", "--standard", UNIT_STANDARDS[unit], "--subject", str(subject)]
    base += ["--start", "2026-03-01"]
    problems = check("plan.md", md_text(_run([*base, "--format", "md"])), own)
    page = _file([*base, "--format", "html"], tmp_path / "plan.html").decode("utf-8")
    problems += check("plan.html", html_text(page), own)
    problems += check(
        "plan.docx", docx_text(_file([*base, "--format", "docx"], tmp_path / "p.docx")), own
    )
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_summary_and_ledger_of_the_examples(tmp_path: Path) -> None:
    own: set[str] = set()
    for record in RECORDS:
        # the records' own data, and the paths the user gave, which a summary lists
        own |= _own_words(record) | set(LATIN.findall(str(record.relative_to(ROOT))))
    own |= set(LATIN.findall(str(EXAMPLES)))
    problems: list[str] = []
    for command in ("summary", "findings"):
        base = [command, str(EXAMPLES), "--as-of", AS_OF, "--lang", "zh"]
        problems += check(f"{command}.md", md_text(_run([*base, "--format", "md"])), own)
        for fmt, read in (("html", None), ("docx", docx_text), ("xlsx", xlsx_text)):
            data = _file([*base, "--format", fmt], tmp_path / f"{command}.{fmt}")
            text = html_text(data.decode("utf-8")) if read is None else read(data)
            problems += check(f"{command}.{fmt}", text, own)
    ics = _file(
        ["findings", str(EXAMPLES), "--as-of", AS_OF, "--format", "ics"], tmp_path / "f.ics"
    )
    problems += check("findings.ics", ics_text(ics.decode("utf-8")), own)
    notices = tmp_path / "notices"
    _run(["findings", str(EXAMPLES), "--as-of", AS_OF, "--notice", "--out-dir", str(notices)])
    for path in sorted(notices.rglob("*.*")):
        text = path.read_bytes()
        shown = docx_text(text) if path.suffix == ".docx" else html_text(text.decode("utf-8"))
        problems += check(f"notice {path.name}", shown, own)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("standard", STANDARDS)
def test_the_blank_checklist(standard: str, tmp_path: Path) -> None:
    data = _file(["init", standard, "--format", "xlsx"], tmp_path / "自查表.xlsx")
    assert not check(f"init {standard}", xlsx_text(data)), check(
        f"init {standard}", xlsx_text(data)
    )


def test_the_check_finds_what_it_should() -> None:
    """The check itself: an id, an English word and a denylisted name are each caught."""
    found = check("x", "条款 content.6 不符合；safety first；依据《食品卫生法》；亿元GDP死亡率")
    assert set(found) == {
        "x: English word 'first'",
        "x: English word 'safety'",
        "x: id 'content.6'",
        "x: '食品卫生法' (denylist)",
    }
