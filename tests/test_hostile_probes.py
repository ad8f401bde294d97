"""The hostile corpus, third round: every file probed the same way (a config that is a folder,
a pipe or a device is an error, never "no config"), NUL bytes at their line, DTDs in a
workbook refused at their part and line, dates in a profile held to 1949–2100.

Each case runs as an unprivileged user (tests/corpus/runner.py).
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus.cases import GOOD, mini_workbook
from corpus.runner import Runner, cleanup, detect

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "standards" / "mini.yaml"


@pytest.fixture(scope="module")
def runner() -> Runner:
    return detect()


@pytest.fixture
def work(runner: Runner) -> Iterator[Path]:
    folder = runner.workdir()
    (folder / "std").mkdir()
    (folder / "std" / "mini.yaml").write_bytes(MINI.read_bytes())
    (folder / "records").mkdir()
    (folder / "records" / "r.yaml").write_text(GOOD, encoding="utf-8")
    yield folder
    cleanup(folder)


def failed(done, message: str, code: int = 2) -> None:
    assert done.returncode == code, (done.returncode, done.stdout[-500:], done.stderr)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    assert message in done.stderr, done.stderr


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "safecli.yaml: error: is a folder, not a file"),
        (lambda p: os.mkfifo(p), "safecli.yaml: error: is a named pipe, not a regular file"),
        (
            lambda p: p.symlink_to("/dev/zero"),
            "safecli.yaml: error: is a device, not a regular file",
        ),
    ],
    ids=["folder", "fifo", "dev-zero"],
)
def test_a_config_that_is_not_a_file_is_an_error_not_absent(
    runner: Runner, work: Path, make, message: str
) -> None:
    make(work / "safecli.yaml")
    for args in (["check", "records"], ["check", "records", "--config", "safecli.yaml"]):
        done = runner.run(*args, "--lang", "en", cwd=work, timeout=20)
        failed(done, message)


def test_a_nul_byte_is_reported_at_its_line(runner: Runner, work: Path) -> None:
    lines = GOOD.splitlines(keepends=True)
    lines[12] = lines[12].rstrip("\n") + "\x00\n"
    (work / "records" / "r.yaml").write_text("".join(lines), encoding="utf-8")
    done = runner.run(
        "validate", "records/r.yaml", "--standards-dir", "std", cwd=work, env={"SAFECLI_LANG": "en"}
    )
    col = len(lines[12].rstrip("\n"))
    failed(done, f"records/r.yaml:13:{col}: error: a NUL byte (\\x00): text holds none (remove it)")


def test_a_workbook_declaring_a_dtd_is_refused_where_it_does(runner: Runner, work: Path) -> None:
    buffer = io.BytesIO()
    mini_workbook(MINI.parent).save(buffer)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for name in source.namelist():
            body = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                body = (
                    b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
                    + body
                )
            target.writestr(name, body)
    (work / "s.xlsx").write_bytes(out.getvalue())
    done = runner.run(
        "validate", "s.xlsx", "--standards-dir", "std", cwd=work, env={"SAFECLI_LANG": "en"}
    )
    failed(
        done,
        "s.xlsx[xl/worksheets/sheet1.xml]:2:1: error: declares a DOCTYPE: DTDs and entities are refused",
    )


def test_a_profile_date_is_held_to_the_same_range(runner: Runner, work: Path) -> None:
    (work / "profile.yaml").write_text(
        "name: 测试企业\nprepared_on: 0001-01-01\n", encoding="utf-8"
    )
    done = runner.run(
        "plan", "records/r.yaml", "--standards-dir", "std", "--profile", "profile.yaml",
        "--start", "2025-01-01", "--lang", "en", cwd=work,
    )  # fmt: skip
    failed(done, "profile.yaml:2:14: error: prepared_on: 0001-01-01 is outside 1949–2100")


def test_a_profile_beside_the_record_that_is_a_folder_is_refused(
    runner: Runner, work: Path
) -> None:
    (work / "records" / "profile.yaml").mkdir()
    done = runner.run(
        "report", "records/r.yaml", "--standards-dir", "std", cwd=work, env={"SAFECLI_LANG": "en"}
    )
    failed(done, "records/profile.yaml: error: is a folder, not a file")


def test_every_clash_of_a_profile_is_reported_at_once(runner: Runner, work: Path) -> None:
    (work / "profile.yaml").write_text(
        "name: 测试企业\ndepartments:\n"
        "  - {name: 安全部, takes: [办公室, 仓储部, 生产部]}\n"
        "  - {name: 综合部, takes: [办公室, 仓储部, 生产部]}\n",
        encoding="utf-8",
    )
    done = runner.run(
        "plan", "records/r.yaml", "--standards-dir", "std", "--profile", "profile.yaml",
        "--start", "2025-01-01", cwd=work, env={"SAFECLI_LANG": "en"},
    )  # fmt: skip
    failed(done, "'办公室' is taken by both '安全部' and '综合部'; '仓储部' is taken by both")
    assert (
        "'生产部' is taken by both '安全部' and '综合部' (give each owner one department)"
        in done.stderr
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"NaN", "expected a number but received: nan"),
        (b"INF", "expected a number but received: inf"),
        (b"9" * 5000, "a value of 5,000 characters is not a number"),
    ],
    ids=["nan", "inf", "5000-digits"],
)
def test_odd_number_cells_are_refused_at_their_cell(
    runner: Runner, work: Path, raw: bytes, message: str
) -> None:
    from corpus.cases import item_rows

    wb = mini_workbook(MINI.parent)
    sheet = wb.worksheets[0]
    header = {c.value: c.column for c in sheet[1]}
    sheet.cell(item_rows(wb)["a.2"], header["实得分"]).value = 12345
    buffer = io.BytesIO()
    wb.save(buffer)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for name in source.namelist():
            body = source.read(name)
            if name == "xl/worksheets/sheet1.xml":  # openpyxl writes no such number: edit the XML
                body = body.replace(b"<v>12345</v>", b"<v>" + raw + b"</v>")
            target.writestr(name, body)
    (work / "s.xlsx").write_bytes(out.getvalue())
    done = runner.run(
        "validate", "s.xlsx", "--standards-dir", "std", cwd=work, env={"SAFECLI_LANG": "en"}
    )
    failed(done, f"s.xlsx[自查表]:3:9: error: 实得分: {message}")


def test_a_5000_digit_count_in_a_csv_is_refused_at_its_cell(runner: Runner, work: Path) -> None:
    head = "标准,mini@1\n单位类型,企业\n统一社会信用代码,914403001922038216\n单位名称,测试企业\n"
    rows = "检查日期,2025-05-10\n\n编号,自评结果,实得分,实测值,扣分项\na.1,符合,,,\n"
    (work / "s.csv").write_text(head + rows + "a.3,,,,sign×" + "9" * 5000 + "\n", encoding="utf-8")
    done = runner.run(
        "validate", "s.csv", "--standards-dir", "std", cwd=work, env={"SAFECLI_LANG": "en"}
    )
    failed(
        done,
        "s.csv:9:5: error: 扣分项: sign: a number of 5,000 digits is more than safecli accepts",
    )


def test_every_problem_of_a_config_is_reported_at_once(runner: Runner, work: Path) -> None:
    (work / "safecli.yaml").write_text(
        "standards_dirs: [std]\nfail_on:\n  invalid: maybe\n  vetoed: perhaps\nlang: fr\n",
        encoding="utf-8",
    )
    done = runner.run("check", "records", "--lang", "en", cwd=work)
    failed(done, "safecli.yaml:3:3: error: fail_on: fail_on.invalid: write true or false; unknown")
    assert "unknown gate 'vetoed' (gates: invalid, veto," in done.stderr
    assert "safecli.yaml:5:7: error: lang: expected one of: 'zh' or 'en'" in done.stderr
