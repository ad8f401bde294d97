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
import time
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
    started = time.monotonic()
    done = runner.run("score", "r.yaml", "--standards-dir", "std", cwd=work)
    assert time.monotonic() - started < 20
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
    done = runner.run("check", "records", "--as-of", "2025-05-10", cwd=work)
    assert "Traceback" not in done.stderr
    assert done.returncode in (1, 2), done.stderr


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
    started = time.monotonic()
    done = runner.run("check", "records", "--as-of", "2025-05-10", cwd=work)
    assert time.monotonic() - started < 20
    assert "Traceback" not in done.stderr
    assert done.returncode == 0, done.stdout + done.stderr


TEMPLATE_BOMBS = {
    "string-times-billion": "{{ 'x' * 10**9 }}",
    "list-times-hundred-million": "{{ [1] * 10**8 }}",
    "center-billion": "{{ 'x'|center(10**9) }}",
    "format-width": "{{ '%999999999d' % 1 }}",
    "str-format-width": "{{ '{:>999999999}'.format(1) }}",
    "output-flood": "{% for i in range(100000) %}{{ 'x' * 9000000 }}{% endfor %}",
    "power": "{{ 7 ** 100000000 }}",
}


@pytest.mark.parametrize("body", TEMPLATE_BOMBS.values(), ids=list(TEMPLATE_BOMBS))
def test_user_template_bounded(runner: Runner, work: Path, body: str) -> None:
    with_mini(work)
    (work / "r.yaml").write_text(GOOD, encoding="utf-8")
    (work / "tpl").mkdir()
    (work / "tpl" / "report.md.j2").write_text(body, encoding="utf-8")
    started = time.monotonic()
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
    assert time.monotonic() - started < 25
    assert_clean_exit(done)
    assert "template limit" in done.stderr
    assert not (work / "out.md").exists()
    assert not [p for p in work.iterdir() if p.name.endswith(".tmp")]


def test_user_template_time_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A template that loops without output or calls stops at the time limit."""
    from safecli.errors import TemplateError
    from safecli.render import sandbox
    from safecli.render.documents import _render_template

    monkeypatch.setattr(sandbox, "TIME_LIMIT", 1)
    folder = Path(__file__).parent / "fixtures"
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "report.md.j2").write_text(
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            encoding="utf-8",
        )
        started = time.monotonic()
        with pytest.raises(TemplateError, match="rendering took more than 1 s"):
            _render_template("report.md.j2", {}, tmp, "zh")
        assert time.monotonic() - started < 5
    assert folder.exists()


def test_report_on_a_standard_of_ten_thousand_items(runner: Runner, work: Path) -> None:
    """Gap values adjust one scoring of the record, never re-score it per unmet item."""
    (work / "std").mkdir()
    (work / "std" / "huge.yaml").write_text(big_standard(10_000), encoding="utf-8")
    (work / "r.yaml").write_text(big_record(10_000), encoding="utf-8")
    started = time.monotonic()
    done = runner.run("report", "r.yaml", "--standards-dir", "std", "-o", "out.md", cwd=work)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 30
    assert "整改后总分" in (work / "out.md").read_text(encoding="utf-8")


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
