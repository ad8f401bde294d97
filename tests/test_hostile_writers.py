"""The hostile corpus, third round: multi-file outputs as one transaction, read-only targets,
one parser per kind of value (dates, counts, names), file names within 255 bytes.

Each case runs as an unprivileged user (tests/corpus/runner.py) and checks the exit code, the
exact located message, and what is on disk afterwards.
"""

from __future__ import annotations

import csv
import os
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus.cases import GOOD, csv_with_cell
from corpus.runner import Runner, cleanup, detect

MINI = Path(__file__).parent / "fixtures" / "standards" / "mini.yaml"
CODE = "914403001922038216"


@pytest.fixture(scope="module")
def runner() -> Runner:
    return detect()


@pytest.fixture
def work(runner: Runner) -> Iterator[Path]:
    folder = runner.workdir()
    (folder / "std").mkdir()
    (folder / "std" / "mini.yaml").write_bytes(MINI.read_bytes())
    (folder / "safecli.yaml").write_text("standards_dirs: [std]\n", encoding="utf-8")
    (folder / "records").mkdir()
    (folder / "records" / "r.yaml").write_text(GOOD, encoding="utf-8")
    yield folder
    cleanup(folder)


def failed(done, message: str, code: int = 2) -> None:
    assert done.returncode == code, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    assert message in done.stderr, done.stderr


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# ---------------------------------------------------------------- one transaction per output set


def test_export_never_overwrites_an_input_named_like_its_table(runner: Runner, work: Path) -> None:
    """A filled csv 自查表 called units.csv among the records: `export -o records` would
    replace it with the units table."""
    sheet = csv_with_cell("3").replace(
        "单位名称,测试企业\n".encode(), "单位名称,测试企业\n从业人员,320\n".encode()
    )
    (work / "records" / "units.csv").write_bytes(sheet)
    before = files(work / "records")
    done = runner.run("export", "records", "--format", "csv", "-o", "records", cwd=work)
    failed(
        done, "records/units.csv: error: the output would overwrite an input (choose another -o)"
    )
    assert files(work / "records") == before  # items.csv was not moved in either


def test_read_only_outputs_are_refused_by_every_writer(runner: Runner, work: Path) -> None:
    (work / "out").mkdir()
    (work / "out" / "units.csv").write_text("keep\n")
    (work / "out" / "units.csv").chmod(0o444)
    (work / "score.json").write_text("keep\n")
    (work / "score.json").chmod(0o444)
    (work / "reports").mkdir()
    report = "reports/测试企业-2025-05-10.md"
    (work / report).write_text("keep\n")
    (work / report).chmod(0o444)
    hint = "is read-only (mode 0444): safecli does not replace it (make it writable (chmod u+w)"
    for args, target in (
        (["export", "records", "--format", "csv", "-o", "out"], "out/units.csv"),
        (
            [
                "score",
                "records/r.yaml",
                "--standards-dir",
                "std",
                "--format",
                "json",
                "-o",
                "score.json",
            ],
            "score.json",
        ),
        (["report", "records/r.yaml", "--standards-dir", "std", "--out-dir", "reports"], report),
    ):
        done = runner.run(*args, cwd=work)
        failed(done, f"{target}: error: {hint}")
        assert (work / target).read_text() == "keep\n"
    assert sorted(os.listdir(work / "out")) == ["units.csv"]  # items.csv not moved in alone


def test_two_exports_into_one_folder_leave_one_whole_set(runner: Runner, work: Path) -> None:
    other = work / "other"
    other.mkdir()
    (other / "s.yaml").write_text(GOOD.replace("测试企业", "另一企业"), encoding="utf-8")
    runner.hand_over(work)
    env = {**os.environ, **runner.env}
    runs = [
        subprocess.Popen(
            [
                *runner.prefix,
                runner.python,
                "-m",
                "safecli",
                "export",
                src,
                "--format",
                "csv",
                "-o",
                "out",
            ],
            cwd=work,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=(lambda: os.setuid(runner.uid)) if runner.uid else None,
        )
        for src in ("records", "other")
    ]
    for run in runs:
        assert run.wait(timeout=120) == 0, run.stderr.read() if run.stderr else ""
    units = (work / "out" / "units.csv").read_text(encoding="utf-8")
    items = (work / "out" / "items.csv").read_text(encoding="utf-8")
    name = "测试企业" if "测试企业" in units else "另一企业"
    assert name in items and ({"测试企业", "另一企业"} - {name}).pop() not in units + items
    assert sorted(os.listdir(work / "out")) == ["items.csv", "units.csv"]


def test_a_folder_deleted_mid_run_is_an_error_not_exit_0(work: Path, monkeypatch) -> None:
    import shutil

    from safecli.model.errors import OutputError
    from safecli.portfolio.config import load_config
    from safecli.portfolio.export import export

    monkeypatch.chdir(work)
    out = work / "out"

    def remove(done: int, total: int, path: str) -> None:
        shutil.rmtree(out, ignore_errors=True)

    with pytest.raises(OutputError) as raised:
        export(
            ["records"],
            load_config(work / "safecli.yaml"),
            out,
            "csv",
            progress=remove,
            parallel=False,
        )
    assert "the folder was removed or replaced while safecli was writing into it" in str(
        raised.value.problems[0]
    )


def test_csv_export_writes_formulas_as_text(runner: Runner, work: Path) -> None:
    (work / "records" / "r.yaml").write_text(
        GOOD.replace("name: 测试企业", 'name: "=HYPERLINK(\\"http://evil.example\\",\\"x\\")"'),
        encoding="utf-8",
    )
    done = runner.run("export", "records", "--format", "csv", "-o", "out", cwd=work)
    assert done.returncode == 0, done.stderr
    with open(work / "out" / "units.csv", encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    assert row["unit_name"] == '\'=HYPERLINK("http://evil.example","x")'


# ---------------------------------------------------------------- dates, counts, names


@pytest.mark.parametrize(
    ("env", "args", "message"),
    [
        (
            {"SAFECLI_TODAY": "9999-12-31"},
            ["findings", "records", "--notice", "--out-dir", "n"],
            "SAFECLI_TODAY: error: 9999-12-31 is outside 1949–2100",
        ),
        (
            {"SAFECLI_TODAY": "0001-01-01"},
            ["check", "records"],
            "SAFECLI_TODAY: error: 0001-01-01 is outside 1949–2100",
        ),
        (
            {"SAFECLI_TODAY": "20250101"},
            ["check", "records"],
            "SAFECLI_TODAY: error: '20250101' is not a date (",
        ),
        (
            {},
            ["check", "records", "--as-of", "20250101"],
            "--as-of: error: '20250101' is not a date (",
        ),
        (
            {},
            ["findings", "records", "--as-of", "2025-W01-1"],
            "--as-of: error: '2025-W01-1' is not a date (",
        ),
        (
            {},
            ["check", "records", "--as-of", "0001-01-01"],
            "--as-of: error: 0001-01-01 is outside 1949–2100",
        ),
        ({}, ["export", "records", "--shard", "9" * 5000 + "/2"], "is not a shard (give I/N"),
        ({}, ["check", "records", "--shard", "1/" + "9" * 5000], "is not a shard (give I/N"),
    ],
)
def test_every_date_and_count_has_one_parser(
    runner: Runner, work: Path, env: dict[str, str], args: list[str], message: str
) -> None:
    done = runner.run(*args, cwd=work, env=env)
    failed(done, message)
    assert not (work / "n").exists() and not (work / "export").exists()


def test_a_record_date_written_as_a_number_is_refused(runner: Runner, work: Path) -> None:
    (work / "records" / "r.yaml").write_text(GOOD.replace("date: 2025-05-10", "date: 20250510"))
    done = runner.run("validate", "records/r.yaml", "--standards-dir", "std", cwd=work)
    failed(
        done,
        "records/r.yaml:3:20: error: inspection.date: expected a date but received: 20250510",
    )


def _two_spellings(work: Path) -> None:
    """One unit, no code, its name in NFC in one record and NFD in a later one."""
    name = "한국안전 Café"
    nfc, nfd = unicodedata.normalize("NFC", name), unicodedata.normalize("NFD", name)
    assert nfc != nfd
    base = GOOD.replace("id: 914403001922038216, ", "")
    (work / "records" / "r.yaml").write_text(base.replace("测试企业", nfc), encoding="utf-8")
    later = base.replace("测试企业", nfd).replace("date: 2025-05-10", "date: 2025-08-10")
    later = later.replace("status: open}", "status: closed, closed_on: 2025-05-20}")
    (work / "records" / "s.yaml").write_text(later, encoding="utf-8")


def test_nfc_and_nfd_spellings_are_one_unit(runner: Runner, work: Path) -> None:
    _two_spellings(work)
    summary = runner.run("summary", "records", "--format", "csv", cwd=work)
    assert summary.returncode == 0 and "warning" not in summary.stderr, summary.stderr
    units = [line for line in summary.stdout.splitlines() if "Caf" in line]
    assert len(units) == 1, summary.stdout
    diff = runner.run("diff", "records/r.yaml", "records/s.yaml", cwd=work)
    assert diff.returncode == 0, diff.stderr
    ledger = runner.run(
        "findings", "records", "--overdue", "--as-of", "2025-09-01", "--format", "csv", cwd=work
    )
    assert ledger.returncode == 0, ledger.stderr
    assert "F1" not in ledger.stdout  # closed in the later record: not overdue


def test_file_names_are_cut_to_255_bytes_keeping_the_date(runner: Runner, work: Path) -> None:
    long_name = "某某市某某区某某街道安全生产监督管理有限责任公司" * 12  # 288 characters, 864 bytes
    (work / "records" / "r.yaml").write_text(GOOD.replace("测试企业", long_name), encoding="utf-8")
    done = runner.run(
        "report", "records/r.yaml", "--standards-dir", "std", "--out-dir", "reports", cwd=work
    )
    assert done.returncode == 0, done.stderr
    (name,) = os.listdir(work / "reports")
    assert len(name.encode("utf-8")) <= 255 and name.endswith("-2025-05-10.md"), name
    assert name.startswith("某某市")
    notice = runner.run(
        "findings", "records", "--notice", "--out-dir", "notices", "--as-of", "2025-07-01", cwd=work
    )
    assert notice.returncode == 0, notice.stderr
    (name,) = os.listdir(work / "notices")
    assert len(name.encode("utf-8")) <= 255 and name.endswith("-2025-07-01.md"), name


def test_a_blocked_notice_leaves_none_written(runner: Runner, work: Path) -> None:
    """Two units with open hazards; the second's notice is read-only: neither is written."""
    second = GOOD.replace(CODE, "914403001922038014").replace("测试企业", "第二企业")
    (work / "records" / "s.yaml").write_text(second, encoding="utf-8")
    (work / "notices").mkdir()
    blocked = work / "notices" / "整改通知书-第二企业-2025-07-01.md"
    blocked.write_text("keep\n")
    blocked.chmod(0o444)
    done = runner.run(
        "findings", "records", "--notice", "--out-dir", "notices", "--as-of", "2025-07-01",
        cwd=work, env={"SAFECLI_LANG": "en"},
    )  # fmt: skip
    failed(done, "notices/整改通知书-第二企业-2025-07-01.md: error: is read-only (mode 0444)")
    assert os.listdir(work / "notices") == [blocked.name]


def test_a_crlf_in_an_owner_stays_inside_its_calendar_property(runner: Runner, work: Path) -> None:
    from icalendar import Calendar

    forged = GOOD.replace("level: general,", 'level: general, owner: "仓储部\\r\\nBEGIN:VEVENT",')
    (work / "records" / "r.yaml").write_text(forged, encoding="utf-8")
    done = runner.run(
        "findings", "records", "--format", "ics", "-o", "f.ics", "--as-of", "2025-07-01", cwd=work
    )
    assert done.returncode == 0, done.stderr
    data = (work / "f.ics").read_bytes()
    events = Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == 1 and data.count(b"\r\nBEGIN:VEVENT") == 1
    assert str(events[0]["X-SAFECLI-OWNER"]) == "仓储部 BEGIN:VEVENT"
