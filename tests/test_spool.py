"""Flat memory: summary, findings and export fold records through spools on disk.

The spool must give back exactly what it was given, in key order, however often it spilled and
merged; and every output must be byte for byte the one it is when nothing spills at all.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from ci_repo import build_repo
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from safecli.cli.app import app
from safecli.portfolio import export, ledger, spool, summary

runner = CliRunner()
TODAY = dt.date(2026, 11, 25)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 5), st.text(max_size=3)), max_size=120),
    st.integers(1, 9),
    st.integers(2, 4),
)
def test_a_spool_gives_back_every_pair_in_key_order(
    pairs: list[tuple[int, str]], limit: int, fan_in: int
) -> None:
    old = spool.FAN_IN
    spool.FAN_IN = fan_in  # merges after a few runs: the merged runs are read back too
    try:
        s = spool.Spool(limit=limit)
        for n, (group, value) in enumerate(pairs):
            s.add((group, n), value * 50)  # keys end with the arrival number: unique
        expected = sorted(((g, n), v * 50) for n, (g, v) in enumerate(pairs))
        assert list(s.sorted()) == expected
        assert list(s.sorted()) == expected  # read again: the same
        assert s.count == len(pairs)
        s.close()
    finally:
        spool.FAN_IN = old


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), st.integers()), max_size=80), st.integers(1, 7))
def test_bins_keep_each_bins_values_in_the_order_they_came(
    values: list[tuple[str, int]], limit: int
) -> None:
    bins = spool.Bins(limit=limit)
    tape = spool.Tape(limit=limit)
    for key, value in values:
        bins.add(key, value)
        tape.add((key, value))
    assert bins.bins() == sorted({k for k, _ in values})
    for key in bins.bins():
        assert list(bins.values(key)) == [v for k, v in values if k == key]
    assert list(tape) == values
    assert list(tape) == values


def test_the_spool_file_has_no_name_and_is_not_in_the_temp_folder() -> None:
    s = spool.Spool(limit=2)
    for n in range(10):
        s.add(n, "x" * 1000)
    assert s._file is not None
    info = os.fstat(s._file.fileno())
    assert info.st_nlink == 0  # unlinked when made: gone when the process ends, however
    assert info.st_mode & 0o077 == 0
    assert not [n for n in os.listdir(tempfile.gettempdir()) if n.startswith("safecli-spool")]
    assert [k for k, _ in s.sorted()] == list(range(10))
    s.close()


def test_lazy_rows_are_read_again_and_indexed_once() -> None:
    made = []

    def make() -> list[int]:
        made.append(1)
        return [3, 1, 2]

    rows = spool.Lazy(make, 3)
    assert list(rows) == [3, 1, 2] and list(rows) == [3, 1, 2] and len(made) == 2
    assert rows[0] == 3 and rows[1:] == [1, 2] and len(made) == 3
    assert rows == [3, 1, 2] and len(rows) == 3
    assert spool.Lazy(list, None) == [] and not spool.Lazy(list, None)
    once = spool.deferred(make)
    assert list(once) == list(once) == [3, 1, 2] and len(made) == 4


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = build_repo(tmp_path / "repo")
    # more records of the same units, on other dates, so a unit's records cross spills
    records = root / "records"
    for n, source in enumerate(sorted(records.glob("[a-d]-*.yaml"))):
        text = source.read_text(encoding="utf-8")
        for year in (2021, 2022):
            moved = text.replace("date: 2025-", f"date: {year}-").replace(
                "date: 2024-", f"date: {year}-"
            )
            (records / f"z{n}-{year}-{source.name}").write_text(moved, encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("SAFECLI_TODAY", TODAY.isoformat())
    return root


COMMANDS = {
    "summary.csv": ["summary", "records", "--format", "csv", "-o", "{out}"],
    "summary-all.csv": ["summary", "records", "--format", "csv", "--all", "-o", "{out}"],
    "summary.xlsx": ["summary", "records", "--format", "xlsx", "-o", "{out}"],
    "summary.md": ["summary", "records", "--format", "md", "-o", "{out}"],
    "findings.csv": ["findings", "records", "--format", "csv", "-o", "{out}"],
    "findings.xlsx": ["findings", "records", "--format", "xlsx", "-o", "{out}"],
    "findings-open.md": ["findings", "records", "--open", "--format", "md", "-o", "{out}"],
    "stats.csv": ["findings", "records", "--stats", "--format", "csv", "-o", "{out}"],
}


def _outputs(root: Path, folder: Path) -> dict[str, bytes]:
    folder.mkdir()
    out: dict[str, bytes] = {}
    for name, args in COMMANDS.items():
        target = folder / name
        result = runner.invoke(app, [a.format(out=target) for a in args])
        assert result.exit_code == 0, (name, result.output)
        out[name] = target.read_bytes()
    result = runner.invoke(
        app, ["export", "records", "--format", "parquet", "-o", str(folder / "x"), "--skip-invalid"]
    )
    assert result.exit_code == 0, result.output
    for path in sorted((folder / "x").rglob("*.parquet")):
        out[path.relative_to(folder).as_posix()] = path.read_bytes()
    return out


def test_outputs_are_the_same_bytes_whether_the_spools_spill_or_not(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = _outputs(repo, repo.parent / "held")
    assert any(k.startswith("x/units/") for k in held)
    # one record per run, runs merged two at a time, every partition written out at once
    monkeypatch.setattr(summary, "SPOOL_LIMIT", 1)
    monkeypatch.setattr(ledger, "SPOOL_LIMIT", 1)
    monkeypatch.setattr(export, "BINS_LIMIT", 1)
    monkeypatch.setattr(spool, "FAN_IN", 2)
    spilled = _outputs(repo, repo.parent / "spilled")
    assert spilled.keys() == held.keys()
    for name in held:
        assert spilled[name] == held[name], name
    shutil.rmtree(repo.parent / "spilled")


def test_the_latest_record_of_a_unit_wins_across_spills(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(summary, "SPOOL_LIMIT", 1)
    monkeypatch.setattr(spool, "FAN_IN", 2)
    result = runner.invoke(app, ["summary", "records", "--format", "csv"])
    assert result.exit_code == 0, result.output
    dates = [
        line.split(",")[3] for line in result.stdout.splitlines()[1:] if ",invalid," not in line
    ]
    # each unit's row is its latest record's (2024 or 2025), never a 2021 or 2022 copy
    assert dates and all(d[:4] in ("2024", "2025") for d in dates), dates


def _resident_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith("VmRSS:"))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_the_native_parser_keeps_a_worker_flat() -> None:
    """ryml's `emit_json` never freed its buffer (2 KiB a record: a worker of a 100,000-record
    check grew to 181 MiB); 20,000 reads must not grow the process by 40 MiB, nor by 8."""
    from safecli.read import fastyaml

    text = (Path(__file__).parent / "fixtures" / "records" / "mini-all-met.yaml").read_text(
        encoding="utf-8"
    )
    text += "notes: " + "记" * 1500 + "\n"  # some 4 KiB of JSON a read
    assert fastyaml.load(text) is not fastyaml.REFUSED
    for _ in range(500):
        fastyaml.load(text)
    before = _resident_kib()
    for _ in range(20_000):
        fastyaml.load(text)
    assert _resident_kib() - before < 8 * 1024
