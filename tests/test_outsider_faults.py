"""System faults met while writing: a file-size limit (ulimit -f) on every format."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "examples" / "records"


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (["summary", str(RECORDS), "--format", "xlsx"], "out.xlsx"),
        (["findings", str(RECORDS), "--format", "xlsx", "--as-of", "2025-07-01"], "out.xlsx"),
        (["init", "safe-enterprise", "--format", "xlsx"], "out.xlsx"),
    ],
)
def test_an_xlsx_past_the_file_size_limit_is_one_line_naming_the_fault(
    tmp_path: Path, command: list[str], name: str
) -> None:
    # openpyxl spools each sheet through lxml, whose IO_EFBIG was an 内部错误 with a bug hint
    out = tmp_path / name
    done = subprocess.run(
        [sys.executable, "-m", "safecli", *command, "-o", str(out)],
        capture_output=True,
        text=True,
        preexec_fn=_limited,
        env={**os.environ, "SAFECLI_LANG": "en", "TMPDIR": str(tmp_path)},
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "internal error" not in lines[0]
    assert lines[0].endswith(
        "error: cannot write: the file is too large for the file system "
        "(free some space or lift the file-size limit, or write it elsewhere with -o)"
    ), lines[0]
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []
