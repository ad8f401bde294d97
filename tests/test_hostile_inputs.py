"""The hostile-input corpus: each broken file exits 2 with a located message, no traceback, in
bounded time and memory, and leaves no output file behind (whole or partial)."""

from __future__ import annotations

import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from corpus.cases import RECORD_CASES, STANDARD_CASES

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "standards" / "mini.yaml"
MEMORY_LIMIT = 1024 * 1024 * 1024  # 1 GiB of address space is plenty for any honest input
TIME_LIMIT = 30


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "safecli", *args],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        cwd=cwd,
        preexec_fn=_limit,
        check=False,
    )


def _assert_located(stderr: str, name: str, line: int | None, fragment: str) -> None:
    assert "Traceback" not in stderr, stderr
    lines = [row for row in stderr.splitlines() if row.strip()]
    assert lines, "no message"
    pattern = re.compile(rf"^{re.escape(name)}:(\d+):(\d+): error: ")
    ours = [row for row in lines if pattern.match(row)]
    assert ours, stderr
    hits = [row for row in ours if fragment in row]
    assert hits, f"{fragment!r} not in:\n{stderr}"
    if line is not None:
        assert any(int(pattern.match(row).group(1)) == line for row in hits), stderr


def test_corpus_is_large_enough() -> None:
    assert len(RECORD_CASES) + len(STANDARD_CASES) + 1 >= 40


@pytest.mark.parametrize(
    ("name", "content", "line", "fragment"), RECORD_CASES, ids=[c[0] for c in RECORD_CASES]
)
def test_broken_record(
    tmp_path: Path, name: str, content: bytes, line: int | None, fragment: str
) -> None:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "std").mkdir()
    (tmp_path / "std" / "mini.yaml").write_bytes(MINI.read_bytes())
    done = _run(
        "score", name, "--format", "json", "-o", "out.json", "--standards-dir", "std", cwd=tmp_path
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    _assert_located(done.stderr, name, line, fragment)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "std"])  # nothing written
    assert (tmp_path / name).read_bytes() == content  # the input is untouched


@pytest.mark.parametrize(
    ("name", "old", "new", "line", "fragment"), STANDARD_CASES, ids=[c[0] for c in STANDARD_CASES]
)
def test_broken_standard(
    tmp_path: Path, name: str, old: str, new: str, line: int | None, fragment: str
) -> None:
    text = MINI.read_text(encoding="utf-8")
    assert old in text
    (tmp_path / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    done = _run("standards", "lint", name, cwd=tmp_path)
    assert done.returncode == 2
    _assert_located(done.stderr, name, line, fragment)


def test_file_of_tens_of_megabytes(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    filler = "# " + "填" * 60 + "\n"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("standard: mini@1\n")
        handle.write(filler * (30 * 1024 * 1024 // len(filler.encode())))
    done = _run("validate", "big.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert re.match(
        r"^big\.yaml: error: the file is too large \(safecli reads files up to 16 MiB\)", done.stderr
    )


def test_record_for_an_unknown_standard_lists_the_known_ones(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_bytes(
        RECORD_CASES[0][1].replace(b"[", b"").replace(b"mini@1", b"safe-enterprize@2013")
    )
    done = _run("validate", "r.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert (
        "unknown standard 'safe-enterprize' (did you mean 'safe-enterprise'? known:" in done.stderr
    )
