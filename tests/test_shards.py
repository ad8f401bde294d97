"""`--shard I/N`: every record in exactly one shard, pool or not, hostile texts too; another
shard's record is read and scanned, never parsed or scored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ci_repo import ROOT

from safecli.portfolio import gate, shards
from safecli.portfolio.config import Config, load_config
from safecli.portfolio.shards import Shard, shard_of, unit_in_text
from safecli.read import files, yamlio

EXAMPLES = ROOT / "examples" / "records"
DAY = dt.date(2026, 11, 25)

HOSTILE_SUBJECTS = [
    # a sequence item at column 0 right after an open key of the subject: the old line scan
    # indexed past the end of the line and the record came back unscored from every shard
    "standard: safe-community@2019\nsubject:\n  features:\n-\n  id: A\n",
    "standard: safe-community@2019\nsubject:\n  kind: community\n-\n",
    "standard: safe-community@2019\nsubject:\n  features:\n  -\n  id: B\n",
    "standard: safe-community@2019\nsubject:\n  id: C\n  id: D\n",
    "standard: safe-community@2019\r\nsubject:\r\n  id: E\r\n",
    "standard: safe-community@2019\nsubject:\n  name: 'x\n  id: FAKE'\n  id: REAL\n",
    "standard: safe-community@2019\nsubject:\n    id: F\n  name: N\n",
    "standard: safe-community@2019\nsubject: {id: G}\n",
    "standard: [\n",
    "\x00\x01binary",
    "subject:\n  id: H\n",
]


def _config(root: Path) -> Config:
    (root / "safecli.yaml").write_text("required_grades: {}\n", encoding="utf-8")
    return load_config(root / "safecli.yaml")


def _folder(tmp_path: Path) -> Path:
    records = tmp_path / "records"
    records.mkdir()
    for example in sorted(EXAMPLES.glob("*.yaml")):
        text = example.read_text(encoding="utf-8")
        for copy in range(3):  # the same unit more than once, and other units
            (records / f"{example.stem}-{copy}.yaml").write_text(
                text.replace("id: ", f"id: X{copy}", 1) if copy else text, encoding="utf-8"
            )
    for i, text in enumerate(HOSTILE_SUBJECTS):
        (records / f"hostile-{i:02d}.yaml").write_text(text, encoding="utf-8", newline="")
    return records


@pytest.mark.parametrize("parallel", [False, True])
def test_every_record_is_in_exactly_one_shard(tmp_path: Path, parallel: bool) -> None:
    records = _folder(tmp_path)
    config = _config(tmp_path)
    whole = gate.check([records], config, DAY, parallel=parallel)
    paths = sorted(r.path for r in whole.results)
    assert len(paths) + len(whole.skipped) == len(list(records.iterdir()))
    assert len(paths) > 25
    seen: list[str] = []
    for index in (1, 2, 3, 4):
        part = gate.check([records], config, DAY, parallel=parallel, shard=Shard(index, 4))
        seen += [r.path for r in part.results]
        for result in part.results:  # each record's own result, as the whole run has it
            same = next(r for r in whole.results if r.path == result.path)
            assert (result.status, result.failures) == (same.status, same.failures)
    assert sorted(seen) == paths


def test_a_hostile_subject_goes_to_one_shard_only(tmp_path: Path) -> None:
    # the old pre-scan raised on the first text: the record was reported (unscored) by all
    records = tmp_path / "records"
    records.mkdir()
    (records / "a.yaml").write_text(HOSTILE_SUBJECTS[0], encoding="utf-8")
    config = _config(tmp_path)
    found = [
        [r.path for r in gate.check([records], config, DAY, shard=Shard(i, 4)).results]
        for i in (1, 2, 3, 4)
    ]
    assert sorted(len(paths) for paths in found) == [0, 0, 0, 1]


@pytest.mark.parametrize("parallel", [False, True])
def test_progress_counts_other_shards_records(tmp_path: Path, parallel: bool) -> None:
    records = _folder(tmp_path)
    calls: list[tuple[int, int, str]] = []
    part = gate.check(
        [records],
        _config(tmp_path),
        DAY,
        lambda done, total, path: calls.append((done, total, path)),
        parallel=parallel,
        shard=Shard(2, 4),
    )
    total = len(list(records.iterdir()))
    assert [c[0] for c in calls] == list(range(1, total + 1))
    assert {c[1] for c in calls} == {total}
    assert sorted(c[2] for c in calls) == sorted(f"records/{p.name}" for p in records.iterdir())
    assert 0 < len(part.results) < total


def test_another_shards_record_is_never_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = tmp_path / "records"
    records.mkdir()
    text = (EXAMPLES / "safe-community.yaml").read_text(encoding="utf-8")
    text += "# 备注\n" * 2000  # longer than the head a shard reads first
    assert len(text.encode("utf-8")) > 4 * shards.HEAD
    units = [f"U-{i:03d}" for i in range(40)]
    for unit in units:
        body = text.replace("id: SQ-130102-007", f"id: {unit}", 1)
        assert unit_in_text(body) == unit  # read from the lines
        (records / f"{unit}.yaml").write_text(body, encoding="utf-8")
    parsed: list[str] = []
    read: list[str] = []
    heads: list[str] = []
    real, real_read, real_head = yamlio.parse, yamlio.read_bytes, files.read_head

    def counted(text: str, path: str) -> yamlio.Document:
        parsed.append(Path(path).name)
        return real(text, path)

    def counted_read(path: Path | str, *args: object) -> bytes:
        read.append(Path(path).name)
        return real_read(path, *args)  # type: ignore[arg-type]

    def counted_head(path: Path | str, size: int) -> bytes | None:
        heads.append(Path(path).name)
        return real_head(path, size)

    config = _config(tmp_path)
    monkeypatch.setattr(yamlio, "parse", counted)
    monkeypatch.setattr(yamlio, "read_bytes", counted_read)
    monkeypatch.setattr(files, "read_head", counted_head)
    part = gate.check([records], config, DAY, parallel=False, shard=Shard(3, 4))
    mine = sorted(f"{u}.yaml" for u in units if shard_of(u, 4) == 3)
    assert sorted(Path(r.path).name for r in part.results) == mine
    assert sorted(parsed) == mine  # each of its own parsed once; the others scanned, not parsed
    assert sorted(read) == mine  # read whole: its own only, once each
    assert sorted(heads) == sorted(f"{u}.yaml" for u in units)  # every file's head, once


def test_a_unit_past_the_head_is_read_on(tmp_path: Path) -> None:
    # a subject block longer than the head: the shard reads the whole file to place it
    records = tmp_path / "records"
    records.mkdir()
    text = (EXAMPLES / "safe-community.yaml").read_text(encoding="utf-8")
    padding = "".join(f"  # 备注 {i}\n" for i in range(800))
    body = text.replace("subject:\n", "subject:\n" + padding, 1)
    assert body.encode("utf-8").find(b"\n  id: ") > shards.HEAD
    (records / "long.yaml").write_text(body, encoding="utf-8")
    config = _config(tmp_path)
    found = [
        [r.path for r in gate.check([records], config, DAY, shard=Shard(i, 4)).results]
        for i in (1, 2, 3, 4)
    ]
    assert found[shard_of(unit_in_text(body) or "", 4) - 1] == ["records/long.yaml"]
    assert sum(len(paths) for paths in found) == 1
