"""The hostile corpus, third round: a full disk. A small tmpfs (mounted by the test, so only
as root; it skips elsewhere) is filled to its last few KiB, then every writer is pointed at it:
`score -o`, `export` and `report --out-dir`. Each must fail with exit 2 and a message naming
its output (never `<stdout>`), leave the files that were there as they were, and leave no
temporary or staging file. The commands run as an unprivileged user (tests/corpus/runner.py).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus.cases import GOOD
from corpus.runner import Runner, cleanup, detect

MINI = Path(__file__).parent / "fixtures" / "standards" / "mini.yaml"
CODES = ["914403001922038216", "914403001922038014", "914403001922038027"]


@pytest.fixture(scope="module")
def runner() -> Runner:
    return detect()


@pytest.fixture
def disk(runner: Runner) -> Iterator[tuple[Path, Path]]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    work = runner.workdir()
    small = work / "small"
    small.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=128k,mode=0777", "tmpfs", str(small)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        cleanup(work)
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr!r}")
    try:
        (work / "std").mkdir()
        (work / "std" / "mini.yaml").write_bytes(MINI.read_bytes())
        (work / "safecli.yaml").write_text("standards_dirs: [std]\n", encoding="utf-8")
        (work / "records").mkdir()
        for i, code in enumerate(CODES):
            text = GOOD.replace("914403001922038216", code).replace("测试企业", f"企业{i}")
            (work / "records" / f"r{i}.yaml").write_text(text, encoding="utf-8")
        yield work, small
    finally:
        subprocess.run(["umount", str(small)], check=False)
        cleanup(work)


def _fill(small: Path, keep: int = 1024) -> None:
    """Fill the file system up to its last `keep` bytes."""
    fd = os.open(small / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while True:
            os.write(fd, b"\0" * 1024)
    except OSError:
        pass
    finally:
        os.close(fd)
    size = (small / "filler").stat().st_size
    os.truncate(small / "filler", max(0, size - keep))
    os.chmod(small / "filler", 0o644)


def _state(small: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(small)): p.read_bytes() for p in sorted(small.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (
            [
                "score",
                "records/r0.yaml",
                "--standards-dir",
                "std",
                "--format",
                "json",
                "-o",
                "small/old.json",
            ],
            "small/old.json",
        ),
        (["export", "records", "--format", "csv", "-o", "small"], "small"),
        (
            [
                "report",
                "records/r0.yaml",
                "records/r1.yaml",
                "records/r2.yaml",
                "--standards-dir",
                "std",
                "--out-dir",
                "small",
            ],
            "small",
        ),
    ],
    ids=["score", "export", "out-dir"],
)
def test_a_full_disk_names_the_output_and_keeps_the_old(
    runner: Runner, disk: tuple[Path, Path], args: list[str], named: str
) -> None:
    work, small = disk
    (small / "old.json").write_text("old\n")
    (small / "units.csv").write_text("old units\n")
    (small / "企业0-2025-05-10.md").write_text("old report\n")
    _fill(small, keep=512)
    before = _state(small)
    done = (
        runner.run(*args, "--lang", "en", cwd=work)
        if args[0] != "export"
        else runner.run(*args, cwd=work, env={"SAFECLI_LANG": "en"})
    )
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "<stdout>" not in done.stderr, done.stderr
    assert done.stderr.startswith(named), done.stderr
    assert "no space left on the device" in done.stderr, done.stderr
    assert _state(small) == before
    assert not [p for p in small.iterdir() if p.name.startswith(".")], list(small.iterdir())
