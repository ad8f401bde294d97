"""Faults injected at every system call that changes the disk during a multi-file output.

`export` (two tables) and `report --out-dir` (one report per record) are run under strace,
once to count the file-changing system calls they make, then once per call and signal with
`-e inject=SYSCALL:signal=SIG:when=N`: SIGTERM, SIGINT and SIGKILL arrive as that call is made.
After each run the output folder must hold the old set of files or the new set, never a mix,
and no staging file. SIGKILL cannot be caught: the staging folder it leaves is repaired by the
next run into the folder (here one that fails on an invalid record, so it writes nothing), and
only then is the folder judged. The runs are unprivileged (tests/corpus/runner.py), as in CI.

Where strace cannot be had (`.ci/run` installs it), the test skips.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus.cases import GOOD
from corpus.runner import Runner, _limits, cleanup, detect

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "standards" / "mini.yaml"
STRACE = shutil.which("strace")
CHANGING = (
    "rename,renameat,renameat2,link,linkat,unlink,unlinkat,mkdir,mkdirat,rmdir,"
    "fsync,fdatasync,flock,chmod,fchmod,fchmodat,ftruncate,write"
)
"""Every system call by which safecli changes the disk (write included: the staged bytes)."""
SIGNALS = ("SIGTERM", "SIGINT", "SIGKILL")
CODES = ["914403001922038216", "914403001922038014", "914403001922038027"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(STRACE is None, reason="strace is not installed (.ci/run installs it)"),
]


@pytest.fixture(scope="module")
def runner() -> Runner:
    return detect()


def _records(folder: Path, version: int) -> None:
    """Three units; version 2 answers differently, so every output file changes."""
    records = folder / "records"
    shutil.rmtree(records, ignore_errors=True)
    records.mkdir()
    for i, code in enumerate(CODES):
        text = GOOD.replace("914403001922038216", code).replace("测试企业", f"企业{i}")
        if version == 2:
            text = text.replace("  a.2: met", "  a.2: unmet").replace(
                "inspections: 40", "inspections: 12"
            )
        (records / f"r{i}.yaml").write_text(text, encoding="utf-8")


@pytest.fixture
def work(runner: Runner) -> Iterator[Path]:
    folder = runner.workdir()
    (folder / "std").mkdir()
    (folder / "std" / "mini.yaml").write_bytes(MINI.read_bytes())
    (folder / "safecli.yaml").write_text("standards_dirs: [std]\n", encoding="utf-8")
    (folder / "bad").mkdir()
    (folder / "bad" / "broken.yaml").write_text(GOOD.replace("kind: enterprise", "kind: factory"))
    yield folder
    cleanup(folder)


COMMANDS = {
    "export": ["export", "records", "--format", "csv", "-o", "out"],
    "out-dir": [
        "report",
        "records/r0.yaml",
        "records/r1.yaml",
        "records/r2.yaml",
        "--standards-dir",
        "std",
        "--out-dir",
        "out",
    ],
}
REPAIR = {
    "export": ["export", "bad", "--format", "csv", "-o", "out"],
    "out-dir": ["report", "bad/broken.yaml", "--standards-dir", "std", "--out-dir", "out"],
}


def _run(runner: Runner, cwd: Path, args: list[str], strace: list[str] | None = None):
    runner.hand_over(cwd)
    env = {**os.environ, **runner.env, "PYTHONDONTWRITEBYTECODE": "1"}
    command = [*runner.prefix, *(strace or []), runner.python, "-m", "safecli", *args]
    uid = runner.uid
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env=env,
        preexec_fn=lambda: _interactive(uid),
        check=False,
    )


def _interactive(uid: int | None) -> None:
    """The child as a terminal starts it: a shell that runs a job in the background without
    job control (`.ci/run &`, nohup) leaves SIGINT ignored, and the child would inherit that
    and never see the Ctrl-C the test injects."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    _limits(uid)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".safecli-tx-" not in str(p)
    }


def _leftovers(folder: Path) -> list[str]:
    return [
        str(p)
        for p in folder.rglob("*")
        if p.name.startswith(".safecli-tx-") or p.name.endswith(".tmp")
    ]


def _calls(runner: Runner, work: Path, args: list[str]) -> Counter[str]:
    """How many times each changing system call is made by one run (all processes)."""
    log = work / "strace.log"
    done = _run(
        runner,
        work,
        args,
        [STRACE or "strace", "-f", "-qq", "-o", str(log), "-e", f"trace={CHANGING}"],
    )
    assert done.returncode == 0, done.stderr
    counts: Counter[str] = Counter()
    for line in log.read_text().splitlines():
        found = re.match(r"\d+\s+(\w+)\(", line)
        if found:
            counts[found.group(1)] += 1
    log.unlink()
    return counts


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_signal_at_any_system_call_leaves_the_old_set_or_the_new(
    runner: Runner, work: Path, command: str
) -> None:
    args = COMMANDS[command]
    _records(work, 2)
    assert _run(runner, work, args).returncode == 0
    new = _snapshot(work / "out")
    shutil.rmtree(work / "out")
    _records(work, 1)
    assert _run(runner, work, args).returncode == 0
    old = _snapshot(work / "out")
    assert set(old) == set(new) and old != new  # same names, other bytes
    _records(work, 2)
    calls = _calls(runner, work, args)
    assert calls["rename"] + calls["renameat"] + calls["renameat2"] >= len(new)
    injected = 0
    for syscall, count in sorted(calls.items()):
        for when in range(1, count + 1):
            for sig in SIGNALS:
                _restore(work / "out", old)
                inject = f"inject={syscall}:signal={sig}:when={when}"
                strace = [STRACE or "strace", "-f", "-qq", "-o", "/dev/null", "-e", inject]
                done = _run(runner, work, args, strace)
                where = f"{command}: {sig} at {syscall} #{when}"
                assert "Traceback" not in done.stderr, (where, done.stderr)
                if sig == "SIGKILL":
                    assert done.returncode == -9, (where, done.returncode, done.stderr)
                    repair = _run(runner, work, REPAIR[command])
                    assert repair.returncode == 2, (where, repair.stderr)
                else:
                    # caught: SIGTERM ends the run as the signal would; Ctrl-C is exit 130
                    expected = -15 if sig == "SIGTERM" else 130
                    assert done.returncode == expected, (where, done.returncode, done.stderr)
                got = _snapshot(work / "out")
                assert got in (old, new), (where, sorted(k for k in got if got[k] != old.get(k)))
                assert not _leftovers(work / "out"), (where, _leftovers(work / "out"))
                injected += 1
    assert injected >= 3 * 8


def _restore(folder: Path, files: dict[str, bytes]) -> None:
    for p in sorted(folder.rglob("*"), reverse=True):
        if p.is_dir() and not p.is_symlink():
            p.chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGINT"])
def test_an_interrupted_batch_leaves_no_folder_it_made(
    runner: Runner, work: Path, sig: str
) -> None:
    """The folder --out-dir made is removed with the staging when a signal ends the batch."""
    _records(work, 1)
    calls = _calls(runner, work, COMMANDS["out-dir"])
    shutil.rmtree(work / "out")
    for when in range(1, calls["write"] + 1):
        inject = f"inject=write:signal={sig}:when={when}"
        strace = [STRACE or "strace", "-f", "-qq", "-o", "/dev/null", "-e", inject]
        done = _run(runner, work, COMMANDS["out-dir"], strace)
        out = work / "out"
        if out.exists():  # only when the signal came after the commit: the whole new set
            assert len(_snapshot(out)) == 3 and not _leftovers(out), (sig, when, done.stderr)
            shutil.rmtree(out)
        assert done.returncode != 0 or when == calls["write"], (sig, when, done.stderr)
