"""`safecli export`: the Parquet/csv schema, DuckDB giving summary's figures, and shards."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import re
import sys
from pathlib import Path

import pytest
import yaml
from ci_repo import ROOT
from typer.testing import CliRunner

from safecli.cli.app import app
from safecli.model.errors import UsageError
from safecli.portfolio.config import find_config
from safecli.portfolio.export import ITEM_COLUMNS, SCHEMA_VERSION, TABLES, UNIT_COLUMNS
from safecli.portfolio.shards import Shard, shard_of
from safecli.portfolio.summary import summary

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
runner = CliRunner()


def _generator():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """240 generated records, half failing, with a second, later record for 30 units."""
    root = tmp_path_factory.mktemp("portfolio")
    gen = _generator()
    gen.generate(240, root, {**gen.MIXES["half"], "invalid": 0}, seed=7)
    (root / ".git").mkdir()
    records = root / "records"
    for path in sorted(records.iterdir())[:30]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["inspection"]["date"] = data["inspection"]["date"] + dt.timedelta(days=40)
        data["responses"] = {k: "met" for k in data["responses"]}
        (records / f"later-{path.name}").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return root


def _export(root: Path, out: Path, *args: str) -> None:
    result = runner.invoke(app, ["export", str(root / "records"), "-o", str(out), *args])
    assert result.exit_code == 0, result.output


def _table(folder: Path) -> pa.Table:
    import pyarrow.dataset as ds

    dataset = ds.dataset(folder, format="parquet", partitioning="hive")
    return dataset.to_table()


def test_shard_of_is_stable_and_even() -> None:
    # pinned: the same on every machine and Python version (BLAKE2b, not the salted hash())
    assert shard_of("91320583MA1N2X7K4U", 8) == 8
    assert [shard_of(f"U-{i:06d}", 4) for i in range(6)] == [1, 2, 4, 3, 1, 4]
    assert [shard_of(k, 7) for k in ("甲厂", "91440300192203804D", "U-000001")] == [2, 3, 7]
    counts = [0] * 4
    for i in range(4000):
        counts[shard_of(f"unit-{i}", 4) - 1] += 1
    assert all(900 < c < 1100 for c in counts), counts
    assert Shard.parse("2/8") == Shard(2, 8)
    for bad in ("0/4", "5/4", "x", "1/0", "-1/2"):
        with pytest.raises(UsageError):
            Shard.parse(bad)


def test_parquet_schema_is_the_documented_one(portfolio: Path, tmp_path: Path) -> None:
    _export(portfolio, tmp_path, "--format", "parquet")
    doc = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    for name, columns in TABLES.items():
        files = sorted((tmp_path / name).rglob("*.parquet"))
        assert files and all(
            re.search(r"standard=[a-z-]+/year=\d{4}/part-0\.parquet$", f.as_posix()) for f in files
        )
        schema = pq.read_schema(files[0])
        assert schema.metadata[b"safecli.schema_version"] == str(SCHEMA_VERSION).encode()
        stored = [c for c in columns if c[0] not in ("standard", "year")]
        assert [f.name for f in schema] == [c[0] for c in stored]
        assert [str(f.type) for f in schema] == [
            {"float64": "double", "date32": "date32[day]"}.get(c[1], c[1]) for c in stored
        ]
        for column, kind, nullable, _ in columns:  # documented as a public interface
            assert f"| `{column}` | {kind} | {'yes' if nullable else 'no'} |" in doc
    units = _table(tmp_path / "units")
    items = _table(tmp_path / "items")
    assert units.num_rows == 270
    assert (
        items.num_rows
        == sum(1 for _ in csv.reader(_csv(portfolio, tmp_path / "csv", "items.csv"))) - 1
    )
    assert set(units.column("schema_version").to_pylist()) == {SCHEMA_VERSION}


def _csv(root: Path, out: Path, name: str):
    if not (out / name).exists():
        _export(root, out, "--format", "csv")
    return (out / name).open(encoding="utf-8")


def test_csv_has_every_column(portfolio: Path, tmp_path: Path) -> None:
    with _csv(portfolio, tmp_path, "units.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [c[0] for c in UNIT_COLUMNS]
    assert len(rows) == 270
    with _csv(portfolio, tmp_path, "items.csv") as handle:
        header = next(csv.reader(handle))
    assert header == [c[0] for c in ITEM_COLUMNS]


def test_export_is_deterministic(portfolio: Path, tmp_path: Path) -> None:
    _export(portfolio, tmp_path / "one", "--format", "parquet")
    _export(portfolio, tmp_path / "two", "--format", "parquet")
    one = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*.parquet"))
    two = sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*.parquet"))
    assert one == two
    for rel in one:
        assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes()


def _sql_blocks() -> list[str]:
    text = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    block = re.findall(r"```sql\n(.*?)```", text, re.S)[0]
    return [s.strip() for s in block.split(";") if s.strip()]


def test_duckdb_queries_give_summarys_figures(portfolio: Path, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    _export(portfolio, tmp_path / "out", "--format", "parquet")
    figures = summary([portfolio / "records"], find_config(portfolio / "records"))
    summary_grades = {
        (r["standard"], r["grade"]): (r["units"], r["share"]) for r in figures.rows["grades"]
    }
    con = duckdb.connect()
    answers = []
    for statement in _sql_blocks():
        found = con.sql(statement.replace("'out/", f"'{(tmp_path / 'out').as_posix()}/"))
        answers.append(found.fetchall() if found is not None else None)
    _units, _current, grades, by_region = answers
    assert grades, "the grades query returned nothing"
    assert {(s, g): (n, float(share)) for s, g, _, n, share in grades} == {
        k: v for k, v in summary_grades.items() if v[0]
    }
    # per region: summing the regions gives each standard's pass count from summary's table
    passed: dict[str, int] = {}
    units: dict[str, int] = {}
    for _region, std, n, ok, rate in by_region:
        passed[std] = passed.get(std, 0) + ok
        units[std] = units.get(std, 0) + n
        assert float(rate) == float(_half_up(ok, n))
    lowest = {s: g for (s, g) in summary_grades}  # the last grade listed is the lowest
    for (ref, grade), (n, _) in summary_grades.items():
        std = ref.partition("@")[0]
        if grade == lowest[ref]:
            assert passed[std] == units[std] - n


def _half_up(part: int, whole: int) -> float:
    return ((2000 * part + whole) // (2 * whole)) / 10


@pytest.mark.slow
def test_union_of_shards_is_the_whole_export(portfolio: Path, tmp_path: Path) -> None:
    _export(portfolio, tmp_path / "whole", "--format", "parquet")
    for i in (1, 2, 3):
        _export(portfolio, tmp_path / "sharded", "--format", "parquet", "--shard", f"{i}/3")
    for name in ("units", "items"):
        whole = _table(tmp_path / "whole" / name)
        parts = _table(tmp_path / "sharded" / name)
        assert sorted(whole.to_pylist(), key=repr) == sorted(parts.to_pylist(), key=repr)
        assert len(list((tmp_path / "sharded" / name).rglob("part-*-of-3.parquet"))) >= 3
    # every record of a unit in one shard
    units = _table(tmp_path / "sharded" / "units")
    shard_files = {}
    for path in (tmp_path / "sharded" / "units").rglob("*.parquet"):
        shard = re.search(r"part-(\d)-of-3", path.name)[1]
        for unit in pq.read_table(path).column("unit").to_pylist():
            shard_files.setdefault(unit, set()).add(shard)
    assert units.num_rows == 270
    assert all(len(s) == 1 for s in shard_files.values())


def test_csv_shards_union(portfolio: Path, tmp_path: Path) -> None:
    _export(portfolio, tmp_path / "whole", "--format", "csv")
    for i in (1, 2):
        _export(portfolio, tmp_path / "sharded", "--format", "csv", "--shard", f"{i}/2")
    whole = (tmp_path / "whole" / "items.csv").read_text(encoding="utf-8").splitlines()
    parts = []
    for i in (1, 2):
        lines = (
            (tmp_path / "sharded" / f"items.{i}-of-2.csv").read_text(encoding="utf-8").splitlines()
        )
        assert lines[0] == whole[0]
        parts += lines[1:]
    assert sorted(parts) == sorted(whole[1:])


def test_invalid_records_stop_the_export_unless_skipped(tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("safe-enterprise.yaml", "safe-community.yaml"):
        (records / name).write_text(
            (ROOT / "examples" / "records" / name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    (records / "broken.yaml").write_text(
        "standard: safe-enterprise@2013\nsubject: 1\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", str(records), "-o", str(out), "--format", "csv"])
    assert result.exit_code == 2
    assert "broken.yaml" in result.stderr
    assert not (out / "units.csv").exists()
    result = runner.invoke(
        app, ["export", str(records), "-o", str(out), "--format", "csv", "--skip-invalid"]
    )
    assert result.exit_code == 0, result.output
    assert "broken.yaml" in result.stderr
    assert len((out / "units.csv").read_text(encoding="utf-8").splitlines()) == 3
