"""Files as Excel and colleagues expect them: csv with a BOM (or GB18030), modes by the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safecli.cli.app import app
from safecli.read.output import write_atomic

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "examples" / "records" / "safe-enterprise.yaml"
runner = CliRunner()


@pytest.fixture
def umask() -> Iterator[object]:
    """Set a umask for one test and put the old one back."""
    saved = os.umask(0o022)
    os.umask(saved)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(saved)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_written_file_follows_the_umask(tmp_path: Path, umask, mask: int, mode: int) -> None:
    umask(mask)
    out = write_atomic(tmp_path / "report.html", "<p>x</p>")
    assert stat.S_IMODE(out.stat().st_mode) == mode
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary left


def test_the_cli_writes_with_the_umask(tmp_path: Path, umask) -> None:
    umask(0o022)
    out = tmp_path / "score.csv"
    result = runner.invoke(app, ["score", str(RECORD), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_replacing_a_file_keeps_its_mode(tmp_path: Path, umask) -> None:
    umask(0o022)
    out = tmp_path / "plan.md"
    out.write_text("old")
    out.chmod(0o640)
    write_atomic(out, "new")
    assert out.read_text() == "new"
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


@pytest.mark.parametrize("command", [["score", str(RECORD)], ["summary", str(RECORD.parent)]])
def test_csv_starts_with_a_bom(tmp_path: Path, command: list[str]) -> None:
    out = tmp_path / "out.csv"
    result = runner.invoke(app, [*command, "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].decode("utf-8").count("\ufeff") == 0


@pytest.mark.parametrize("command", [["score", str(RECORD)], ["summary", str(RECORD.parent)]])
def test_csv_in_gb18030(tmp_path: Path, command: list[str]) -> None:
    out = tmp_path / "out.csv"
    args = [*command, "--format", "csv", "--encoding", "gb18030", "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("gb18030")
    assert text.startswith(("id,", "unit,"))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_csv_on_stdout_has_the_bom_too() -> None:
    result = runner.invoke(app, ["score", str(RECORD), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
