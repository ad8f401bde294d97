"""The hostile-input corpus: each broken or hostile input exits 2 with a located message, no
traceback, in bounded time and memory (1 GiB, 30 s), leaves no output file behind (whole,
partial or temporary) and leaves every input as it was.

Every case runs in a child process as an unprivileged user (see corpus/runner.py), so
permission faults are real faults. Output neutralisation and the writer's OS faults are in
test_hostile_outputs.py.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus.cases import GOOD, RECORD_CASES, STANDARD_CASES, big_record, big_standard, sub
from corpus.runner import Runner, cleanup, detect

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "standards" / "mini.yaml"


@pytest.fixture(scope="session")
def runner() -> Runner:
    return detect()


@pytest.fixture
def work(runner: Runner) -> Iterator[Path]:
    folder = runner.workdir()
    yield folder
    cleanup(folder)


def with_mini(folder: Path) -> Path:
    (folder / "std").mkdir(exist_ok=True)
    (folder / "std" / "mini.yaml").write_bytes(MINI.read_bytes())
    return folder


def assert_located(stderr: str, name: str, line: int | None, fragment: str) -> None:
    assert "Traceback" not in stderr, stderr
    lines = [row for row in stderr.splitlines() if row.strip()]
    assert lines, "no message"
    pattern = re.compile(rf"^{re.escape(name)}(?::(\d+):(\d+))?: error: ")
    ours = [row for row in lines if pattern.match(row)]
    assert ours, stderr
    hits = [row for row in ours if fragment in row]
    assert hits, f"{fragment!r} not in:\n{stderr}"
    if line is not None:
        assert any(int(pattern.match(row).group(1) or 0) == line for row in hits), stderr


def assert_clean_exit(done, code: int = 2) -> None:
    assert done.returncode == code, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    assert "internal error" not in done.stderr, done.stderr


def snapshot(folder: Path) -> dict[str, bytes | None]:
    out: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        try:
            out[rel] = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        except OSError:
            out[rel] = None
    return out


def test_corpus_is_large_enough() -> None:
    assert len(RECORD_CASES) + len(STANDARD_CASES) + 1 >= 60


def test_runs_without_root(runner: Runner) -> None:
    """The corpus means something only where permissions are enforced."""
    if os.environ.get("SAFECLI_CORPUS_REQUIRE_USER") == "1":
        assert runner.mode in ("user", "self")
    if runner.mode == "root":
        pytest.skip("running as root without a way to drop privileges")
    work = runner.workdir()
    try:
        locked = work / "locked.yaml"
        locked.write_text(GOOD, encoding="utf-8")
        locked.chmod(0)
        done = runner.run("validate", "locked.yaml", cwd=work)
        assert_clean_exit(done)
        assert "permission denied" in done.stderr
    finally:
        cleanup(work)


# ---------------------------------------------------------------- broken records and standards


@pytest.mark.parametrize(
    ("name", "content", "line", "fragment"), RECORD_CASES, ids=[c[0] for c in RECORD_CASES]
)
def test_broken_record(
    runner: Runner, work: Path, name: str, content: bytes, line: int | None, fragment: str
) -> None:
    (work / name).write_bytes(content)
    with_mini(work)
    done = runner.run(
        "score", name, "--format", "json", "-o", "out.json", "--standards-dir", "std", cwd=work
    )
    assert_clean_exit(done)
    assert done.stdout == ""
    assert_located(done.stderr, name, line, fragment)
    assert sorted(p.name for p in work.iterdir()) == sorted([name, "std"])  # nothing written
    assert (work / name).read_bytes() == content  # the input is untouched


@pytest.mark.parametrize(
    ("name", "old", "new", "line", "fragment"), STANDARD_CASES, ids=[c[0] for c in STANDARD_CASES]
)
def test_broken_standard(
    runner: Runner, work: Path, name: str, old: str, new: str, line: int | None, fragment: str
) -> None:
    text = MINI.read_text(encoding="utf-8")
    assert old in text
    (work / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    done = runner.run("standards", "lint", name, cwd=work)
    assert_clean_exit(done)
    assert_located(done.stderr, name, line, fragment)


def test_file_of_tens_of_megabytes(runner: Runner, work: Path) -> None:
    big = work / "big.yaml"
    filler = "# " + "填" * 60 + "\n"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("standard: mini@1\n")
        handle.write(filler * (30 * 1024 * 1024 // len(filler.encode())))
    done = runner.run("validate", "big.yaml", cwd=work)
    assert_clean_exit(done)
    assert re.match(
        r"^big\.yaml: error: the file is too large \(safecli reads files up to 16 MiB\)",
        done.stderr,
    )


def test_record_for_an_unknown_standard_lists_the_known_ones(runner: Runner, work: Path) -> None:
    (work / "r.yaml").write_bytes(
        RECORD_CASES[0][1].replace(b"[", b"").replace(b"mini@1", b"safe-enterprize@2013")
    )
    done = runner.run("validate", "r.yaml", cwd=work)
    assert done.returncode == 2
    assert (
        "unknown standard 'safe-enterprize' (did you mean 'safe-enterprise'? known:" in done.stderr
    )


# ---------------------------------------------------------------- files that are not files

SPECIAL_FILES = {
    "fifo.yaml": ("a named pipe", "is a named pipe, not a regular file"),
    "zero.yaml": ("a symlink to /dev/zero", "is a device, not a regular file"),
    "loop.yaml": ("a symlink loop", "a loop of symbolic links"),
    "folder.yaml": ("a folder", "is a folder, not a file"),
    "dangling.yaml": ("a dangling symlink", "no such file"),
}


def _special(work: Path, name: str) -> None:
    path = work / name
    if name == "fifo.yaml":
        os.mkfifo(path)
    elif name == "zero.yaml":
        path.symlink_to("/dev/zero")
    elif name == "loop.yaml":
        path.symlink_to("loop2.yaml")
        (work / "loop2.yaml").symlink_to("loop.yaml")
    elif name == "folder.yaml":
        path.mkdir()
    elif name == "dangling.yaml":
        path.symlink_to("nowhere.yaml")


@pytest.mark.parametrize("name", list(SPECIAL_FILES), ids=[v[0] for v in SPECIAL_FILES.values()])
@pytest.mark.parametrize("command", ["score", "validate", "report"])
def test_special_file_as_record(runner: Runner, work: Path, name: str, command: str) -> None:
    if command == "validate" and name == "folder.yaml":
        pytest.skip("validate takes folders of records: an empty one is fine")
    _special(work, name)
    with_mini(work)
    args = [command, name, "--standards-dir", "std"]
    if command == "report":
        args += ["-o", "out.md"]
    done = runner.run(*args, cwd=work)
    assert_clean_exit(done)
    assert_located(done.stderr, name, None, SPECIAL_FILES[name][1])
    assert not (work / "out.md").exists()


@pytest.mark.parametrize("name", ["fifo.yaml", "zero.yaml", "loop.yaml"])
def test_special_file_among_standards(runner: Runner, work: Path, name: str) -> None:
    """A pipe, a device or a loop in a standards folder is reported, never waited on."""
    with_mini(work)
    _special(work / "std", name)
    (work / "r.yaml").write_text(GOOD, encoding="utf-8")
    done = runner.run("score", "r.yaml", "--standards-dir", "std", cwd=work)
    assert "Traceback" not in done.stderr
    assert done.returncode in (0, 2), done.stderr
    if done.returncode == 2:
        assert name in done.stderr


def test_special_files_in_a_checked_repository(runner: Runner, work: Path) -> None:
    """check walks past pipes, devices and loops without hanging or crashing."""
    with_mini(work)
    (work / "safecli.yaml").write_text("standards_dirs: [std]\n", encoding="utf-8")
    (work / "records").mkdir()
    (work / "records" / "good.yaml").write_text(GOOD, encoding="utf-8")
    for name in ("fifo.yaml", "zero.yaml", "loop.yaml"):
        _special(work / "records", name)
    done = runner.run("check", "records", "--as-of", "2025-05-10", "--lang", "en", cwd=work)
    assert_clean_exit(done, 1)
    for name, (_, fragment) in SPECIAL_FILES.items():
        if name in ("fifo.yaml", "zero.yaml", "loop.yaml"):
            assert f"records/{name}: error: [invalid] {fragment}" in done.stdout, done.stdout


def test_symlink_loops_as_paths_and_standards_folders(runner: Runner, work: Path) -> None:
    with_mini(work)
    (work / "l1").symlink_to("l2")
    (work / "l2").symlink_to("l1")
    (work / "r.yaml").write_text(GOOD, encoding="utf-8")
    for args in (
        ["check", "l1"],
        ["summary", "l1"],
        ["score", "r.yaml", "--standards-dir", "l1"],
        ["score", "r.yaml", "-o", "l1"],
    ):
        done = runner.run(*args, cwd=work)
        assert_clean_exit(done)
    (work / "safecli.yaml").write_text("standards_dirs: [l1]\n", encoding="utf-8")
    done = runner.run("check", "r.yaml", cwd=work)
    assert_clean_exit(done)
    assert "standards_dirs: folder 'l1' not found" in done.stderr


def test_unreadable_record(runner: Runner, work: Path) -> None:
    if not runner.permissions_count:
        pytest.skip("root ignores permissions here")
    with_mini(work)
    (work / "r.yaml").write_text(GOOD, encoding="utf-8")
    (work / "r.yaml").chmod(0)
    done = runner.run("score", "r.yaml", "--standards-dir", "std", cwd=work)
    assert_clean_exit(done)
    assert_located(done.stderr, "r.yaml", None, "permission denied")


# ---------------------------------------------------------------- dates and numbers from options


@pytest.mark.parametrize("start", ["9999-06-01", "0001-01-01", "1900-01-01"])
def test_plan_start_out_of_range(runner: Runner, work: Path, start: str) -> None:
    with_mini(work)
    (work / "r.yaml").write_text(GOOD, encoding="utf-8")
    done = runner.run("plan", "r.yaml", "--standards-dir", "std", "--start", start, cwd=work)
    assert_clean_exit(done)
    assert f"--start: error: {start} is outside 1949–2100" in done.stderr


def test_as_of_out_of_range(runner: Runner, work: Path) -> None:
    with_mini(work)
    (work / "r.yaml").write_text(GOOD, encoding="utf-8")
    done = runner.run(
        "score", "r.yaml", "--standards-dir", "std", "--as-of", "9999-12-31", cwd=work
    )
    assert_clean_exit(done)
    assert "--as-of: error: 9999-12-31 is outside" in done.stderr


# ---------------------------------------------------------------- work a file controls


def test_exclude_glob_that_would_backtrack(runner: Runner, work: Path) -> None:
    """A glob like *a*a*a…b over a long name is exponential as a backtracking regex."""
    with_mini(work)
    pattern = "*a" * 40 + "b"
    (work / "safecli.yaml").write_text(
        f"standards_dirs: [std]\nexclude: ['{pattern}', '{'**/' * 40}x']\n", encoding="utf-8"
    )
    (work / "records").mkdir()
    name = "a" * 200 + ".yaml"
    (work / "records" / name).write_text(GOOD, encoding="utf-8")
    done = runner.run("check", "records", "--as-of", "2025-05-10", cwd=work)
    assert "Traceback" not in done.stderr
    assert done.returncode == 0, done.stdout + done.stderr


TEMPLATE_BOMBS = {
    "string-times-billion": "{{ 'x' * 10**9 }}",
    "list-times-hundred-million": "{{ [1] * 10**8 }}",
    "center-billion": "{{ 'x'|center(10**9) }}",
    "format-width": "{{ '%999999999d' % 1 }}",
    "str-format-width": "{{ '{:>999999999}'.format(1) }}",
    "format-filter-width": "{{ '%999999999d'|format(1) }}",
    "output-flood": "{% for i in range(100000) %}{{ 'x' * 9000000 }}{% endfor %}",
    "power": "{{ 7 ** 100000000 }}",
}


@pytest.mark.parametrize("body", TEMPLATE_BOMBS.values(), ids=list(TEMPLATE_BOMBS))
def test_user_template_bounded(runner: Runner, work: Path, body: str) -> None:
    with_mini(work)
    (work / "r.yaml").write_text(GOOD, encoding="utf-8")
    (work / "tpl").mkdir()
    (work / "tpl" / "report.md.j2").write_text(body, encoding="utf-8")
    done = runner.run(
        "report",
        "r.yaml",
        "--standards-dir",
        "std",
        "--templates",
        "tpl",
        "-o",
        "out.md",
        cwd=work,
    )
    assert_clean_exit(done)
    assert "template limit" in done.stderr
    assert not (work / "out.md").exists()
    assert not [p for p in work.iterdir() if p.name.endswith(".tmp")]


def test_data_with_a_colon_before_digits_is_no_format_width(tmp_path: Path) -> None:
    """Only format strings are held to the width limit: a phone number after a colon, passed
    to a filter, a call or as `%`'s values, renders."""
    from safecli.render.documents import render_template

    (tmp_path / "report.md.j2").write_text(
        "{{ ('contact: ' ~ phone)|upper }}|{{ 'tel: 0551-66660000'.replace('tel', 'Tel') }}|"
        "{{ '%s' % ('fax: 0551-66660001',) }}|{{ '{}'.format('no: 12345678') }}|"
        "{{ '%s'|format('room: 1234567') }}",
        encoding="utf-8",
    )
    text = render_template("report.md.j2", {"phone": "0551-66660000"}, tmp_path, "zh")
    assert text == (
        "CONTACT: 0551-66660000|Tel: 0551-66660000|fax: 0551-66660001|no: 12345678|room: 1234567"
    )


def test_user_template_time_is_bounded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A template that loops without output or calls stops at the time limit.

    The loop is finite (2 × 10⁸ steps, minutes in Jinja): were the limit not enforced, the
    render would end without raising and the test would fail instead of hanging.
    """
    from safecli.model.errors import TemplateError
    from safecli.render import sandbox
    from safecli.render.documents import render_template

    monkeypatch.setattr(sandbox, "TIME_LIMIT", 1)
    (tmp_path / "report.md.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(2000) %}{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    with pytest.raises(TemplateError, match="rendering took more than 1 s"):
        render_template("report.md.j2", {}, str(tmp_path), "zh")


@pytest.mark.slow
def test_report_on_a_standard_of_ten_thousand_items(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Gap values adjust one scoring of the record, never re-score it per unmet item.

    Counted, not timed: each of the 10,000 items is scored once for the gaps, and the
    5,000 unmet ones re-score nothing (none reaches another rule).
    """
    from safecli import api
    from safecli.read.catalog import Catalog
    from safecli.score import gaps

    (tmp_path / "std").mkdir()
    (tmp_path / "std" / "huge.yaml").write_text(big_standard(10_000), encoding="utf-8")
    (tmp_path / "r.yaml").write_text(big_record(10_000), encoding="utf-8")
    calls = {"score_one": 0, "assess": 0}

    def counted(name: str, real):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(gaps, "score_one", counted("score_one", gaps.score_one))
    monkeypatch.setattr(gaps, "assess", counted("assess", gaps.assess))
    text = api.report_file(
        tmp_path / "r.yaml", "md", "zh", catalog=Catalog([tmp_path / "std"], bundled=False)
    )
    assert isinstance(text, str) and "整改后总分" in text
    assert calls == {"score_one": 10_000, "assess": 0}


def test_record_inputs_are_never_changed(runner: Runner, work: Path) -> None:
    """A whole run over good and bad records changes no byte of any input."""
    with_mini(work)
    (work / "good.yaml").write_text(GOOD, encoding="utf-8")
    for name, content, _, _ in RECORD_CASES[:10]:
        (work / name).write_bytes(content)
    before = snapshot(work)
    runner.run(
        "validate", *sorted(p.name for p in work.glob("*.yaml")), "--standards-dir", "std", cwd=work
    )
    assert snapshot(work) == before


def test_good_record_runs_under_the_corpus_runner(runner: Runner, work: Path) -> None:
    with_mini(work)
    (work / "r.yaml").write_bytes(sub("name: 测试企业", "name: 测试企业"))
    done = runner.run("score", "r.yaml", "--standards-dir", "std", "--format", "json", cwd=work)
    assert done.returncode == 0, done.stderr


# ---------------------------------------------------------------- sheets


def _score(runner: Runner, work: Path, name: str):
    return runner.run("score", name, "--standards-dir", "std", "--format", "json", cwd=work)


def test_xlsx_with_a_cell_at_the_last_address(runner: Runner, work: Path) -> None:
    """8 KB, one cell at XFD1048576: read in streaming, refused at once, in little memory."""
    from corpus.cases import mini_workbook

    with_mini(work)
    wb = mini_workbook(work / "std")
    wb.worksheets[0]["XFD1048576"] = "x"
    wb.save(work / "far.xlsx")
    assert (work / "far.xlsx").stat().st_size < 16_000
    done = _score(runner, work, "far.xlsx")
    assert_clean_exit(done)
    assert "far.xlsx[自查表]:1048576:16384: error: the sheet has data at XFD1048576" in done.stderr


def test_xlsx_with_styled_cells_far_away_still_reads(runner: Runner, work: Path) -> None:
    """An empty but formatted cell far away is no data: the sheet scores as it is."""
    from corpus.cases import mini_workbook

    with_mini(work)
    wb = mini_workbook(work / "std")
    wb.worksheets[0]["XFD1048576"].number_format = "0.00"
    wb.worksheets[0]["XFD1048576"].value = None
    wb.worksheets[0]["XFD1048575"] = ""
    wb.save(work / "styled.xlsx")
    done = _score(runner, work, "styled.xlsx")
    assert done.returncode == 0, done.stderr
    assert '"total": 100.0' in done.stdout


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["data", "empty"])
def test_xlsx_of_a_million_rows(runner: Runner, work: Path, kind: str) -> None:
    import io

    from corpus.cases import empty_rows_xml, million_rows_xml, mini_workbook, replace_sheet_xml

    with_mini(work)
    buffer = io.BytesIO()
    mini_workbook(work / "std").save(buffer)
    xml = million_rows_xml() if kind == "data" else empty_rows_xml()
    (work / "big.xlsx").write_bytes(
        replace_sheet_xml(buffer.getvalue(), "xl/worksheets/sheet1.xml", xml)
    )
    # the runner's time limit only guards against a hang: that the reader stopped early is
    # what the message says (speed is measured in benchmarks/, never asserted here)
    done = _score(runner, work, "big.xlsx")
    assert_clean_exit(done)
    assert "big.xlsx[自查表]" in done.stderr
    assert ("beyond the 20,000 rows" if kind == "data" else "more than 200,000 rows") in done.stderr


def test_xlsx_zip_bomb(runner: Runner, work: Path) -> None:
    """A shared-strings part that unpacks to gigabytes is refused before it is read."""
    import io
    import zipfile

    from corpus.cases import mini_workbook

    with_mini(work)
    buffer = io.BytesIO()
    mini_workbook(work / "std").save(buffer)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        with target.open("xl/bomb.xml", "w", force_zip64=True) as bomb:
            chunk = b" " * (1 << 20)
            for _ in range(300):
                bomb.write(chunk)
    (work / "bomb.xlsx").write_bytes(out.getvalue())
    assert (work / "bomb.xlsx").stat().st_size < 2_000_000
    done = _score(runner, work, "bomb.xlsx")
    assert_clean_exit(done)
    assert "bomb.xlsx: error: the workbook unpacks to 30" in done.stderr


def test_xlsx_hidden_sheet_is_refused(runner: Runner, work: Path) -> None:
    """A hidden 自查表 answering everything 符合 is never scored in place of the visible one."""
    from corpus.cases import mini_workbook

    with_mini(work)
    wb = mini_workbook(work / "std", {"a.1": "不符合", "a.2": "不符合"})
    shown = wb.worksheets[0]
    hidden = wb.copy_worksheet(shown)
    shown.title = "核查表"
    hidden.title = "自查表"
    for row in hidden.iter_rows(min_row=2):
        if wb.safecli_ids.get(row[0].value) in ("a.1", "a.2"):
            for cell in row:
                if cell.value == "不符合":
                    cell.value = "符合"
    hidden.sheet_state = "hidden"
    wb.save(work / "hidden.xlsx")
    done = _score(runner, work, "hidden.xlsx")
    assert_clean_exit(done)
    assert "hidden.xlsx[自查表]: error: sheet '自查表' is hidden" in done.stderr
    wb["自查表"].sheet_state = "veryHidden"
    wb.save(work / "very.xlsx")
    done = _score(runner, work, "very.xlsx")
    assert_clean_exit(done)
    assert "is hidden" in done.stderr


def test_xlsx_hidden_helper_sheet_is_fine(runner: Runner, work: Path) -> None:
    from corpus.cases import mini_workbook

    with_mini(work)
    wb = mini_workbook(work / "std")
    helper = wb.create_sheet("lists")
    helper["A1"] = "符合"
    helper.sheet_state = "hidden"
    wb.save(work / "helper.xlsx")
    done = _score(runner, work, "helper.xlsx")
    assert done.returncode == 0, done.stderr


def test_xlsx_merged_answer_cells_are_read_for_every_row(runner: Runner, work: Path) -> None:
    """An answer merged over four rows answers all four, as the person merging it meant."""
    import json

    from corpus.cases import item_rows, mini_workbook, result_column
    from openpyxl.utils import get_column_letter

    with_mini(work)
    wb = mini_workbook(work / "std", {"a.2": None, "a.3": None, "a.4": None})
    rows, col = item_rows(wb), get_column_letter(result_column(wb))
    wb.worksheets[0].merge_cells(f"{col}{rows['a.1']}:{col}{rows['a.4']}")
    wb.save(work / "merged.xlsx")
    done = _score(runner, work, "merged.xlsx")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["unanswered"] == []
    assert result["total"] == 100.0


def test_csv_of_a_million_rows(runner: Runner, work: Path) -> None:
    from corpus.cases import csv_rows

    with_mini(work)
    (work / "big.csv").write_bytes(csv_rows(1_000_000))
    done = _score(runner, work, "big.csv")
    assert_clean_exit(done)
    assert "big.csv:" in done.stderr and "beyond the 20,000 rows" in done.stderr


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ("9" * 5000, "a value of 5,000 characters is not a number"),
        ("9" * 400, "a value of 400 characters is not a number"),
        ("1e400", "expected a number but received"),
        ("x" * 200_000, "cannot read the csv"),
    ],
    ids=["5000-digits", "400-digits", "1e400", "huge-field"],
)
def test_csv_cell_numbers(runner: Runner, work: Path, cell: str, fragment: str) -> None:
    from corpus.cases import csv_with_cell

    with_mini(work)
    (work / "n.csv").write_bytes(csv_with_cell(cell))
    done = _score(runner, work, "n.csv")
    assert_clean_exit(done)
    assert fragment in done.stderr
    assert all(len(line) < 1000 for line in done.stderr.splitlines())


def test_csv_with_data_far_to_the_right(runner: Runner, work: Path) -> None:
    from corpus.cases import csv_with_cell

    with_mini(work)
    (work / "wide.csv").write_bytes(csv_with_cell("1" + "," * 5000 + "x"))
    done = _score(runner, work, "wide.csv")
    assert_clean_exit(done)
    assert "beyond the 20,000 rows and 40 columns" in done.stderr


# ---------------------------------------------------------------- check: one bad record never ends the run


def _repo(work: Path, records: int = 0) -> Path:
    with_mini(work)
    (work / "safecli.yaml").write_text("standards_dirs: [std]\n", encoding="utf-8")
    (work / "records").mkdir()
    for i in range(records):
        (work / "records" / f"r{i:03}.yaml").write_text(GOOD, encoding="utf-8")
    return work / "records"


def test_check_with_hostile_records_among_300(runner: Runner, work: Path) -> None:
    """Records that once crashed the whole gate are invalid records in a full report."""
    import json

    records = _repo(work, 300)
    hostile = {
        name: content for name, content, _, _ in RECORD_CASES if "digits" in name or "year" in name
    }
    for name, content in hostile.items():
        (records / name).write_bytes(content)
    (records / "fifo.yaml").parent.mkdir(exist_ok=True)
    os.mkfifo(records / "fifo.yaml")
    done = runner.run(
        "check",
        "records",
        "--as-of",
        "2025-05-10",
        "--format",
        "sarif",
        "-o",
        "out.sarif",
        cwd=work,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    sarif = json.loads((work / "out.sarif").read_text(encoding="utf-8"))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }
    assert {f"records/{name}" for name in hostile} | {"records/fifo.yaml"} <= uris
    assert all(r["ruleId"] == "invalid" for r in sarif["runs"][0]["results"])
    done = runner.run("check", "records", "--as-of", "2025-05-10", "--format", "json", cwd=work)
    report = json.loads(done.stdout)
    assert report["summary"]["records"] == 300 + len(hostile) + 1
    assert report["summary"]["passed"] == 300


def test_check_reports_a_record_that_cannot_be_scored(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Whatever breaks while scoring one record (a bug included) makes it an invalid record."""
    from safecli.portfolio import pool
    from safecli.portfolio.config import find_config
    from safecli.portfolio.gate import check
    from safecli.render.ci import render_sarif

    records = _repo(tmp_path, 3)
    real = pool.assess

    def flaky(std, record, as_of=None):
        if record.subject.name == "炸弹":
            raise OverflowError("int too large to convert to float")
        return real(std, record, as_of)

    monkeypatch.setattr(pool, "assess", flaky)
    (records / "bomb.yaml").write_bytes(sub("name: 测试企业", "name: 炸弹"))
    monkeypatch.chdir(tmp_path)
    report = check([Path("records")], find_config(Path("records")), None, parallel=False)
    assert [r.status for r in report.results] == ["invalid", "pass", "pass", "pass"]
    assert "cannot be scored: OverflowError" in report.results[0].failures[0].message
    assert "OverflowError" in render_sarif(report)


def test_check_reports_an_unreadable_folder(runner: Runner, work: Path) -> None:
    if not runner.permissions_count:
        pytest.skip("root ignores permissions here")
    records = _repo(work, 2)
    (records / "locked").mkdir()
    (records / "locked" / "hidden.yaml").write_bytes(sub("  a.1: met", "  a.1: unmet"))
    runner.hand_over(work)
    (records / "locked").chmod(0)
    done = runner.run("check", "records", "--as-of", "2025-05-10", "--lang", "en", cwd=work)
    assert done.returncode == 1, done.stdout + done.stderr
    assert (
        "records/locked: error: [unreadable] cannot read the folder (permission denied)"
        in done.stdout
    )
    (work / "safecli.yaml").write_text(
        "standards_dirs: [std]\nfail_on: [invalid, veto, below-grade, overdue-major]\n",
        encoding="utf-8",
    )
    done = runner.run("check", "records", "--as-of", "2025-05-10", "-v", cwd=work)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "records/locked" in done.stdout  # still reported, as skipped
    done = runner.run(
        "summary", "records", "--as-of", "2025-05-10", "--format", "csv", "--lang", "en", cwd=work
    )
    assert done.returncode == 0, done.stderr  # summary reports invalid records, as rows
    assert "records/locked: warning: invalid record left out" in done.stderr
    assert "cannot read the folder" in done.stdout


def test_standards_dirs_dot_still_checks_every_record(runner: Runner, work: Path) -> None:
    """A standards folder that is the repository root does not swallow the records in it."""
    import json

    with_mini(work)
    (work / "mini.yaml").write_bytes(MINI.read_bytes())
    (work / "safecli.yaml").write_text('standards_dirs: ["."]\n', encoding="utf-8")
    (work / "good.yaml").write_text(GOOD, encoding="utf-8")
    (work / "bad.yaml").write_bytes(sub("  a.1: met", "  a.1: 合格"))
    done = runner.run("check", "--as-of", "2025-05-10", "--format", "json", cwd=work)
    report = json.loads(done.stdout)
    assert done.returncode == 1, done.stderr
    assert sorted(r["path"] for r in report["records"]) == ["bad.yaml", "good.yaml"]
    assert {s["path"] for s in report["skipped"]} >= {"mini.yaml", "std/mini.yaml"}


def test_too_many_or_too_long_globs(runner: Runner, work: Path) -> None:
    with_mini(work)
    many = ", ".join(f'"x{i}"' for i in range(300))
    for config, fragment in (
        (f"exclude: [{many}]\n", "exclude: list should have at most 200 items"),
        (f"include: ['{'*' * 2000}']\n", "include[0]: string should have at most 1000 characters"),
    ):
        (work / "safecli.yaml").write_text(config, encoding="utf-8")
        done = runner.run("check", "--as-of", "2025-05-10", cwd=work)
        assert_clean_exit(done)
        assert fragment in done.stderr.lower(), done.stderr


def test_hostile_messages_in_chinese(runner: Runner, work: Path) -> None:
    """The default language of errors is Chinese: the new messages are in the catalog too."""
    with_mini(work)
    (work / "big.yaml").write_bytes(sub("inspections: 40", "inspections: " + "9" * 400))
    (work / "old.yaml").write_bytes(sub("date: 2025-05-10", "date: 0001-05-10"))
    (work / "zero.yaml").symlink_to("/dev/zero")
    zh = {"SAFECLI_LANG": "zh"}
    cases = [
        (["score", "big.yaml"], "400 位的数字超出 safecli 接受的范围"),
        (["score", "old.yaml"], "0001-05-10 超出 1949–2100 年的范围（请检查年份）"),
        (["score", "zero.yaml"], "是设备文件，不是普通文件"),
        (["score", "old.yaml", "-o", "std/mini.yaml"], "超出 1949–2100"),
        (
            ["plan", "big.yaml", "--start", "9999-01-01"],
            "--start: error: 9999-01-01 超出 1949–2100 年的范围",
        ),
    ]
    for args, fragment in cases:
        done = runner.run(*args, "--standards-dir", "std", cwd=work, env=zh)
        assert_clean_exit(done)
        assert fragment in done.stderr, done.stderr
