"""The hostile corpus, output side: every OS fault while writing is a located message and exit
2 (no traceback, no temporary file left, no input overwritten), and data from records never
acts in the consumer of an output (a live formula in a spreadsheet, a forged workflow command
in a CI log, an unparseable XML file, an escape sequence in a terminal, raw HTML or a link in
Markdown, a bare CR in a calendar, a bidi control in a file name).
"""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus.cases import CONTROL_TEXT, FORMULAS, GOOD, MARKDOWN_TEXT, WORKFLOW_FORGERY, sub
from corpus.runner import Runner, cleanup, detect

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "standards" / "mini.yaml"


@pytest.fixture(scope="session")
def runner() -> Runner:
    return detect()


@pytest.fixture
def work(runner: Runner) -> Iterator[Path]:
    folder = runner.workdir()
    (folder / "std").mkdir()
    (folder / "std" / "mini.yaml").write_bytes(MINI.read_bytes())
    (folder / "r.yaml").write_text(GOOD, encoding="utf-8")
    yield folder
    cleanup(folder)


def clean(done, code: int = 2) -> None:
    assert done.returncode == code, (done.returncode, done.stdout[-2000:], done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    assert "internal error" not in done.stderr, done.stderr


def no_temp_files(folder: Path) -> None:
    assert not [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def yaml_quoted(text: str) -> str:
    return (
        '"'
        + text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
        + '"'
    )


def unit_repo(folder: Path, names: list[str], finding: str = "配电箱未接地") -> None:
    """A repository of one record per unit name, with a finding of the given text."""
    (folder / "safecli.yaml").write_text("standards_dirs: [std]\n", encoding="utf-8")
    (folder / "records").mkdir()
    codes = [
        "914403001922038014",
        "914403001922038027",
        "91440300192203803A",
        "91440300192203804D",
        "91440300192203805G",
    ]
    for i, name in enumerate(names):
        text = (
            GOOD.replace("914403001922038216", codes[i % len(codes)])
            .replace("name: 测试企业", f"name: {yaml_quoted(name)}")
            .replace("text: 配电箱未接地", f"text: {yaml_quoted(finding)}")
        )
        (folder / "records" / f"r{i}.yaml").write_text(text, encoding="utf-8")
    (folder / "r.yaml").unlink(missing_ok=True)


# ---------------------------------------------------------------- the writer's OS faults


def test_output_into_read_only_folder(runner: Runner, work: Path) -> None:
    if not runner.permissions_count:
        pytest.skip("root ignores permissions here")
    (work / "ro").mkdir()
    runner.hand_over(work)
    (work / "ro").chmod(0o555)
    done = runner.run(
        "score",
        "r.yaml",
        "--standards-dir",
        "std",
        "--format",
        "json",
        "-o",
        "ro/out.json",
        cwd=work,
    )
    clean(done)
    assert re.match(
        r"^ro/out\.json: error: cannot create a file in folder ro: permission denied", done.stderr
    ), done.stderr
    assert list((work / "ro").iterdir()) == []


def test_output_onto_a_folder(runner: Runner, work: Path) -> None:
    (work / "out").mkdir()
    done = runner.run(
        "score", "r.yaml", "--standards-dir", "std", "--format", "json", "-o", "out", cwd=work
    )
    clean(done)
    assert done.stderr.startswith("out: error: is a folder")
    assert list((work / "out").iterdir()) == []


def test_output_onto_dev_full(runner: Runner, work: Path) -> None:
    done = runner.run(
        "score", "r.yaml", "--standards-dir", "std", "--format", "json", "-o", "/dev/full", cwd=work
    )
    clean(done)
    assert done.stderr.startswith("/dev/full: error: cannot write: no space left on the device")


@pytest.mark.parametrize(
    "args",
    [
        ["score", "r.yaml", "--format", "json"],
        ["standards", "list"],
        ["schema", "record"],
        ["check", "r.yaml", "--as-of", "2025-05-10", "--format", "sarif"],
    ],
)
def test_stdout_onto_a_full_disk(runner: Runner, work: Path, args: list[str]) -> None:
    extra = ["--standards-dir", "std"] if args[0] == "score" else []
    if args[0] == "check":
        (work / "safecli.yaml").write_text("standards_dirs: [std]\n", encoding="utf-8")
    with open("/dev/full", "w") as full:
        done = runner.run(*args, *extra, cwd=work, stdout=full)
    clean(done)
    assert "<stdout>: error: cannot write: no space left on the device" in done.stderr


def test_out_dir_naming_a_file(runner: Runner, work: Path) -> None:
    done = runner.run("report", "r.yaml", "--standards-dir", "std", "--out-dir", "r.yaml", cwd=work)
    clean(done)
    assert done.stderr.startswith("r.yaml: error: is a file, not a folder")
    assert (work / "r.yaml").read_text(encoding="utf-8") == GOOD


def test_output_folder_missing(runner: Runner, work: Path) -> None:
    done = runner.run(
        "score",
        "r.yaml",
        "--standards-dir",
        "std",
        "-o",
        "nowhere/out.md",
        "--format",
        "md",
        cwd=work,
    )
    clean(done)
    assert "nowhere/out.md: error: folder nowhere does not exist" in done.stderr


def test_named_pipe_without_reader(runner: Runner, work: Path) -> None:
    os.mkfifo(work / "pipe")
    done = runner.run(
        "score",
        "r.yaml",
        "--standards-dir",
        "std",
        "--format",
        "json",
        "-o",
        "pipe",
        cwd=work,
        timeout=20,
    )
    clean(done)
    assert "pipe: error: a named pipe with no reader" in done.stderr


# ---------------------------------------------------------------- never over an input


def test_output_over_the_record(runner: Runner, work: Path) -> None:
    done = runner.run(
        "score", "r.yaml", "--standards-dir", "std", "--format", "json", "-o", "r.yaml", cwd=work
    )
    clean(done)
    assert "r.yaml: error: the output would overwrite an input" in done.stderr
    assert (work / "r.yaml").read_text(encoding="utf-8") == GOOD


def test_output_over_the_standard(runner: Runner, work: Path) -> None:
    done = runner.run("report", "r.yaml", "--standards-dir", "std", "-o", "std/mini.yaml", cwd=work)
    clean(done)
    assert "the output would overwrite an input" in done.stderr
    assert (work / "std" / "mini.yaml").read_bytes() == MINI.read_bytes()


def test_output_over_the_standard_through_a_link(runner: Runner, work: Path) -> None:
    (work / "link.md").symlink_to("std/mini.yaml")
    done = runner.run("report", "r.yaml", "--standards-dir", "std", "-o", "link.md", cwd=work)
    clean(done)
    assert "the output would overwrite an input" in done.stderr
    assert (work / "std" / "mini.yaml").read_bytes() == MINI.read_bytes()


def test_output_over_the_user_template(runner: Runner, work: Path) -> None:
    (work / "tpl").mkdir()
    template = "# {{ report.assessment.subject.name }}\n"
    (work / "tpl" / "report.md.j2").write_text(template, encoding="utf-8")
    done = runner.run(
        "report",
        "r.yaml",
        "--standards-dir",
        "std",
        "--templates",
        "tpl",
        "-o",
        "tpl/report.md.j2",
        cwd=work,
    )
    clean(done)
    assert "the output would overwrite an input" in done.stderr
    assert (work / "tpl" / "report.md.j2").read_text(encoding="utf-8") == template


def test_output_over_safecli_yaml(runner: Runner, work: Path) -> None:
    config = "standards_dirs: [std]\n"
    (work / "safecli.yaml").write_text(config, encoding="utf-8")
    for fmt in ("sarif", "junit"):
        done = runner.run(
            "check",
            "r.yaml",
            "--as-of",
            "2025-05-10",
            "--format",
            fmt,
            "-o",
            "safecli.yaml",
            cwd=work,
        )
        clean(done)
        assert "safecli.yaml: error: the output would overwrite an input" in done.stderr
    done = runner.run("summary", "r.yaml", "--format", "csv", "-o", "safecli.yaml", cwd=work)
    clean(done)
    assert (work / "safecli.yaml").read_text(encoding="utf-8") == config


def test_output_over_a_record_in_a_batch(runner: Runner, work: Path) -> None:
    """report --out-dir into the records' own folder never replaces a record."""
    (work / "recs").mkdir()
    (work / "recs" / "测试企业-2025-05-10.md").write_text(GOOD, encoding="utf-8")
    done = runner.run(
        "report",
        "recs/测试企业-2025-05-10.md",
        "--standards-dir",
        "std",
        "--out-dir",
        "recs",
        cwd=work,
    )
    assert "Traceback" not in done.stderr
    assert (work / "recs" / "测试企业-2025-05-10.md").read_text(encoding="utf-8") == GOOD


def test_sigterm_while_writing_leaves_no_temporary_file(runner: Runner, work: Path) -> None:
    """The temporary file goes on SIGTERM, and the process ends as SIGTERM ends it."""
    script = (
        "import os, signal\n"
        "import safecli.read.output as out\n"
        "real = os.replace\n"
        "def interrupted(a, b):\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    real(a, b)\n"
        "os.replace = interrupted\n"
        "out.write_atomic('out.txt', 'x' * 100000)\n"
    )
    runner.hand_over(work)
    done = subprocess.run(
        [*runner.prefix, runner.python, "-c", script],
        cwd=work,
        env={**os.environ, **runner.env},
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=(lambda: (os.setgid(runner.uid), os.setuid(runner.uid))) if runner.uid else None,
        check=False,
    )
    assert done.returncode == -signal.SIGTERM, done.stderr
    assert not (work / "out.txt").exists()
    no_temp_files(work)


def test_sigterm_during_a_long_check_leaves_nothing(runner: Runner, work: Path) -> None:
    (work / "safecli.yaml").write_text("standards_dirs: [std]\n", encoding="utf-8")
    (work / "records").mkdir()
    for i in range(300):
        (work / "records" / f"r{i}.yaml").write_text(GOOD, encoding="utf-8")
    runner.hand_over(work)
    env = {**os.environ, **runner.env}
    uid = runner.uid
    process = subprocess.Popen(
        [
            *runner.prefix,
            runner.python,
            "-m",
            "safecli",
            "check",
            "records",
            "--as-of",
            "2025-05-10",
            "--format",
            "sarif",
            "-o",
            "out.sarif",
        ],
        cwd=work,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=(lambda: (os.setgid(uid), os.setuid(uid))) if uid else None,
    )
    import time

    time.sleep(1.0)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while _processes_in(work) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_in(work) == []  # no worker of the pool lives on
    no_temp_files(work)


def _processes_in(folder: Path) -> list[int]:
    """Processes whose working folder is `folder` (the pool's workers, if any are left)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.readlink(entry / "cwd") == str(folder):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


# ---------------------------------------------------------------- spreadsheets: no live formula


def _xlsx_formulas(data: bytes) -> list[str]:
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8")
                found += re.findall(r"<f>.*?</f>|<f [^>]*>.*?</f>", xml)
    return found


def test_summary_xlsx_has_no_live_formula(runner: Runner, work: Path) -> None:
    unit_repo(work, FORMULAS[:5], finding=FORMULAS[0])
    done = runner.run(
        "summary", "records", "--format", "xlsx", "-o", "s.xlsx", "--as-of", "2025-07-01", cwd=work
    )
    clean(done, 0)
    data = (work / "s.xlsx").read_bytes()
    assert _xlsx_formulas(data) == []
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    texts = [
        c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)
    ]
    assert any("HYPERLINK" in t for t in texts)  # the text is there, as text
    assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)


def test_summary_csv_has_no_formula_cell(runner: Runner, work: Path) -> None:
    unit_repo(work, FORMULAS[:5])
    done = runner.run("summary", "records", "--format", "csv", "-o", "s.csv", cwd=work)
    clean(done, 0)
    rows = list(csv.reader(io.StringIO((work / "s.csv").read_text(encoding="utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert any(c.startswith("'=HYPERLINK") for c in cells)


def test_score_csv_has_no_formula_cell(runner: Runner, work: Path) -> None:
    (work / "r.yaml").write_bytes(sub("  a.2: met", '  a.2: {status: unmet, finding: "=1+2"}'))
    done = runner.run("score", "r.yaml", "--standards-dir", "std", "--format", "csv", cwd=work)
    clean(done, 0)
    cells = [c for row in csv.reader(io.StringIO(done.stdout.lstrip("\ufeff"))) for c in row]
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]


def test_blank_sheet_from_a_hostile_standard_has_no_formula(runner: Runner, work: Path) -> None:
    text = MINI.read_text(encoding="utf-8").replace(
        "text: 条款一", 'text: "=HYPERLINK(\\"http://evil\\")"'
    )
    (work / "std" / "mini.yaml").write_text(text, encoding="utf-8")
    done = runner.run("init", "mini@1", "--standards-dir", "std", "-o", "blank.xlsx", cwd=work)
    clean(done, 0)
    assert _xlsx_formulas((work / "blank.xlsx").read_bytes()) == []
    done = runner.run("init", "mini@1", "--standards-dir", "std", "-o", "blank.csv", cwd=work)
    clean(done, 0)
    assert ",=HYPERLINK" not in (work / "blank.csv").read_text(encoding="utf-8-sig")


# ---------------------------------------------------------------- CI logs: no forged command


def _workflow_lines(text: str) -> list[str]:
    return [line for line in re.split(r"\r\n|\r|\n", text) if line.lstrip().startswith("::")]


def test_check_text_cannot_forge_workflow_commands(runner: Runner, work: Path) -> None:
    unit_repo(work, ["甲厂\n::error::forged-name", "乙厂"], finding=WORKFLOW_FORGERY)
    forged = work / "records" / "::warning file=x::forged\n::add-mask::x.yaml"
    forged.write_text("standard: mini@1\nsubject: {}\n", encoding="utf-8")
    for fmt in ("text", "github"):
        done = runner.run(
            "check", "records", "--as-of", "2025-07-01", "-v", "--format", fmt, cwd=work
        )
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        lines = _workflow_lines(done.stdout) + _workflow_lines(done.stderr)
        if fmt == "text":
            assert lines == []
        else:
            # the gate's own notice (date and gates in force) is the one other command
            lines = [line for line in lines if not line.startswith("::notice title=safecli::")]
            assert lines and all(
                re.match(r"^::error file=[^:\n]*,(line=\d+,col=\d+,)?title=safecli [a-z-]+::", line)
                for line in lines
            ), lines
            assert not any("::add-mask::" in line.split("::", 2)[1] for line in lines)


def test_error_messages_cannot_forge_workflow_commands(runner: Runner, work: Path) -> None:
    (work / "r.yaml").write_bytes(sub("  a.2: met", '  "a.2\\n::error::forged": met'))
    done = runner.run("validate", "r.yaml", "--standards-dir", "std", cwd=work)
    clean(done)
    assert _workflow_lines(done.stderr) == []


# ---------------------------------------------------------------- XML stays XML


def test_junit_with_control_characters_parses(runner: Runner, work: Path) -> None:
    unit_repo(work, [f"甲{CONTROL_TEXT}厂"], finding=f"配电箱{CONTROL_TEXT}")
    recs = work / "records"
    text = (recs / "r0.yaml").read_text(encoding="utf-8")
    text = text.replace(yaml_quoted(f"甲{CONTROL_TEXT}厂"), '"甲' + CONTROL_TEXT + '厂"')
    text = text.replace(yaml_quoted(f"配电箱{CONTROL_TEXT}"), '"配电箱' + CONTROL_TEXT + '"')
    text = text.replace("level: general, due: 2025-06-01", "level: major, due: 2025-06-01")
    (recs / "r0.yaml").write_text(text, encoding="utf-8")
    bad = recs / "bad\x01\x1b[31m.yaml"
    bad.write_text("standard: mini@1\nsubject: {}\n", encoding="utf-8")
    done = runner.run(
        "check", "records", "--as-of", "2025-07-01", "--format", "junit", "-o", "j.xml", cwd=work
    )
    clean(done, 1)
    root = ET.fromstring((work / "j.xml").read_bytes())
    assert root.tag == "testsuites"
    done = runner.run(
        "check", "records", "--as-of", "2025-07-01", "--format", "sarif", "-o", "s.sarif", cwd=work
    )
    clean(done, 1)
    import json

    json.loads((work / "s.sarif").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- terminals


def test_terminal_output_has_no_escape_or_bidi(runner: Runner, work: Path) -> None:
    (work / "r.yaml").write_bytes(
        sub("name: 测试企业", f'name: "测试{CONTROL_TEXT}企业"').replace(
            b"  a.2: met", f'  a.2: {{status: unmet, finding: "{CONTROL_TEXT}"}}'.encode()
        )
    )
    for args in (
        ["score", "r.yaml"],
        ["check", "r.yaml", "--format", "text", "-v"],
        ["summary", "r.yaml"],
        ["diff", "r.yaml", "r.yaml"],
    ):
        if args[0] in ("check", "summary", "diff"):
            (work / "safecli.yaml").write_text("standards_dirs: [std]\n", encoding="utf-8")
            extra = ["--as-of", "2025-07-01"] if args[0] != "diff" else []
        else:
            extra = ["--standards-dir", "std"]
        done = runner.run(*args, *extra, cwd=work)
        assert "Traceback" not in done.stderr, done.stderr
        for stream in (done.stdout, done.stderr):
            assert "\x1b" not in stream, (args, stream)
            assert "\u202e" not in stream and "\x08" not in stream, (args, stream)


# ---------------------------------------------------------------- Markdown


def test_summary_markdown_escapes_html_and_links(runner: Runner, work: Path) -> None:
    from markdown_it import MarkdownIt

    unit_repo(work, [MARKDOWN_TEXT], finding=MARKDOWN_TEXT)
    done = runner.run("summary", "records", "--format", "md", "--as-of", "2025-07-01", cwd=work)
    clean(done, 0)
    html = MarkdownIt("commonmark").enable("table").render(done.stdout)
    assert "<script" not in html and "<img" not in html and "<a " not in html, html
    assert "&lt;script&gt;" in html


def test_report_and_score_markdown_escape_html_and_links(runner: Runner, work: Path) -> None:
    from markdown_it import MarkdownIt

    (work / "r.yaml").write_bytes(
        sub("name: 测试企业", f"name: {yaml_quoted(MARKDOWN_TEXT)}").replace(
            b"  a.2: met",
            f"  a.2: {{status: unmet, finding: {yaml_quoted(MARKDOWN_TEXT)}}}".encode(),
        )
    )
    for args in (
        ["report", "r.yaml", "-o", "r.md"],
        ["score", "r.yaml", "--format", "md", "-o", "r.md"],
        ["plan", "r.yaml", "--start", "2025-01-01", "-o", "r.md"],
    ):
        done = runner.run(*args, "--standards-dir", "std", cwd=work)
        clean(done, 0)
        html = (
            MarkdownIt("commonmark")
            .enable("table")
            .render((work / "r.md").read_text(encoding="utf-8"))
        )
        assert "<script" not in html and "<img" not in html and "<a " not in html, html


# ---------------------------------------------------------------- calendars


def test_ics_never_gets_a_bare_line_break_from_data(runner: Runner, work: Path) -> None:
    (work / "r.yaml").write_bytes(
        sub("name: 测试企业", 'name: "测试\\r企业\\nBEGIN:VEVENT\\r\\nSUMMARY:forged"')
    )
    done = runner.run(
        "plan",
        "r.yaml",
        "--standards-dir",
        "std",
        "--start",
        "2025-01-01",
        "--format",
        "ics",
        "-o",
        "p.ics",
        cwd=work,
    )
    clean(done, 0)
    data = (work / "p.ics").read_bytes()
    assert data.replace(b"\r\n", b"").count(b"\r") == 0
    assert data.replace(b"\r\n", b"").count(b"\n") == 0
    lines = data.split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == data.count(b"\r\nBEGIN:VEVENT\r\n")
    assert not any(line.startswith(b"SUMMARY:forged") for line in lines)


# ---------------------------------------------------------------- file names from data


def test_out_dir_names_drop_bidi_and_zero_width(runner: Runner, work: Path) -> None:
    (work / "r.yaml").write_bytes(
        sub("name: 测试企业", 'name: "测试\\u202egpj.exe\\u200b\\u2066企业/../../x"')
    )
    done = runner.run("report", "r.yaml", "--standards-dir", "std", "--out-dir", "out", cwd=work)
    clean(done, 0)
    [written] = list((work / "out").iterdir())
    assert not re.search("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]", written.name)
    assert written.parent == work / "out"
    assert written.name.endswith(".md")


def test_output_over_a_standard_read_by_the_pool(runner: Runner, work: Path) -> None:
    """Records read in worker processes still count as read: no output replaces a standard."""
    (work / "safecli.yaml").write_text("standards_dirs: [std]\n", encoding="utf-8")
    (work / "records").mkdir()
    for i in range(250):
        (work / "records" / f"r{i}.yaml").write_text(GOOD, encoding="utf-8")
    for args in (
        ["check", "records", "--format", "sarif"],
        ["summary", "records", "--format", "csv"],
    ):
        done = runner.run(*args, "--as-of", "2025-05-10", "-o", "std/mini.yaml", cwd=work)
        clean(done)
        assert "the output would overwrite an input" in done.stderr
        assert (work / "std" / "mini.yaml").read_bytes() == MINI.read_bytes()


def test_blank_yaml_from_a_hostile_standard_stays_blank(runner: Runner, work: Path) -> None:
    """A line break in a standard's text cannot write an answer into the blank record."""
    import yaml

    text = MINI.read_text(encoding="utf-8")
    text = text.replace(
        "text: 条款一", 'text: "条款一\\n  a.1: met\\u2028  a.2: met\\x85standard: evil@1"'
    )
    text = text.replace(
        "title: {zh: 测试标准, en: Test standard}",
        'title: {zh: "测试\\nstandard: evil@1", en: Test}',
    )
    (work / "std" / "mini.yaml").write_text(text, encoding="utf-8")
    done = runner.run("init", "mini@1", "--standards-dir", "std", "-o", "blank.yaml", cwd=work)
    clean(done, 0)
    data = yaml.safe_load((work / "blank.yaml").read_text(encoding="utf-8"))
    assert data["standard"] == "mini@1"
    assert not data.get("responses")


def test_docx_with_control_characters_is_written_and_parses(runner: Runner, work: Path) -> None:
    """python-docx refuses XML-forbidden characters: they are dropped, the document is made."""
    (work / "r.yaml").write_bytes(
        sub("name: 测试企业", f'name: "测试{CONTROL_TEXT}企业"').replace(
            b"  a.2: met", f'  a.2: {{status: unmet, finding: "{CONTROL_TEXT}"}}'.encode()
        )
    )
    (work / "safecli.yaml").write_text("standards_dirs: [std]\n", encoding="utf-8")
    for args in (
        ["report", "r.yaml", "--standards-dir", "std", "--format", "docx", "-o", "out.docx"],
        [
            "plan",
            "r.yaml",
            "--standards-dir",
            "std",
            "--start",
            "2025-01-01",
            "--format",
            "docx",
            "-o",
            "out.docx",
        ],
        ["summary", "r.yaml", "--as-of", "2025-07-01", "--format", "docx", "-o", "out.docx"],
    ):
        done = runner.run(*args, cwd=work)
        clean(done, 0)
        with zipfile.ZipFile(work / "out.docx") as archive:
            ET.fromstring(archive.read("word/document.xml"))


def test_reference_doc_that_is_not_a_file(runner: Runner, work: Path) -> None:
    os.mkfifo(work / "ref.docx")
    done = runner.run(
        "report",
        "r.yaml",
        "--standards-dir",
        "std",
        "--format",
        "docx",
        "--reference-doc",
        "ref.docx",
        "-o",
        "out.docx",
        cwd=work,
        timeout=20,
    )
    clean(done)
    assert "ref.docx: error: is a named pipe" in done.stderr


def test_output_over_the_unit_profile(runner: Runner, work: Path) -> None:
    """The profile found beside the record (profile.yaml) or given with --profile is an input."""
    profile = "name: 测试企业\n"
    (work / "profile.yaml").write_text(profile, encoding="utf-8")
    for extra in ([], ["--profile", "profile.yaml"]):
        for command in (["report", "r.yaml"], ["plan", "r.yaml", "--start", "2025-01-01"]):
            done = runner.run(
                *command, *extra, "--standards-dir", "std", "-o", "profile.yaml", cwd=work
            )
            clean(done)
            assert "profile.yaml: error: the output would overwrite an input" in done.stderr
    assert (work / "profile.yaml").read_text(encoding="utf-8") == profile
