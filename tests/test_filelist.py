"""Discovery's packed file list: the same files in the same order as plain sorted strings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safecli.portfolio import filelist
from safecli.portfolio.config import find_config
from safecli.portfolio.discovery import discover
from safecli.portfolio.filelist import EXTRA, FileList, Names, NameSorter

# file names as a disk gives them: any bytes but NUL and /, decoded as os.listdir does
# (a byte that is not UTF-8 becomes a lone surrogate)
NAMES = st.binary(min_size=1, max_size=12).filter(lambda b: b"\0" not in b and b"/" not in b)
NAME_LISTS = st.lists(NAMES.map(os.fsdecode), unique=True, max_size=120)


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs of 7 names and blocks of 5, so a few dozen names take every path of the code."""
    monkeypatch.setattr(filelist, "RUN", 7)
    monkeypatch.setattr(filelist, "BLOCK", 5)
    monkeypatch.setattr(filelist, "RAW_BELOW", 3)


@given(names=NAME_LISTS)
@settings(max_examples=60, deadline=None)
def test_sorter_gives_the_names_sorted(names: list[str]) -> None:
    for run, block in ((7, 5), (65_536, 1024)):
        filelist.RUN, filelist.BLOCK, filelist.RAW_BELOW = run, block, min(block, 32)
        try:
            sorter = NameSorter()
            for name in names:
                sorter.add(name)
            packed = sorter.sorted()
            assert list(packed) == sorted(names)
            assert len(packed) == len(names)
            # block by block as FileList reads them
            got = [n for i in range(len(packed.blocks)) for n in packed.block(i)]
            assert got == sorted(names)
        finally:
            filelist.RUN, filelist.BLOCK, filelist.RAW_BELOW = 65_536, 1024, 32


@given(
    picks=st.lists(st.tuples(st.integers(-1, 2), st.integers(0, 40)), max_size=80),
    cut=st.tuples(st.integers(-90, 90), st.integers(-90, 90), st.sampled_from([1, 1, 2, -1])),
)
@settings(max_examples=80, deadline=None)
def test_file_list_indexes_as_a_list(
    picks: list[tuple[int, int]], cut: tuple[int, int, int]
) -> None:
    filelist.BLOCK, filelist.RAW_BELOW = 5, 3
    try:
        folders = ["d0", "d/1", "/abs/d2"]
        names = [Names(f"{k}-{i:02d}.yaml" for i in range(41)) for k in range(3)]
        files = FileList(folders, names)
        expected = []
        for source, position in picks:
            if source == EXTRA:
                whole = f"given/{position}.yaml"
                files.append_whole(whole)
                expected.append(whole)
            else:
                files.append(source, position)
                expected.append(os.path.join(folders[source], f"{source}-{position:02d}.yaml"))
        assert len(files) == len(expected)
        assert list(files) == expected
        assert [files[i] for i in range(-len(expected), len(expected))] == expected * 2
        start, stop, step = cut
        assert files[start:stop:step] == expected[start:stop:step]
        with pytest.raises(IndexError):
            files[len(expected)]
    finally:
        filelist.BLOCK, filelist.RAW_BELOW = 1024, 32


def _tree(root: Path) -> None:
    (root / "safecli.yaml").write_text("{}\n", encoding="utf-8")
    # "a.b/" and "a-b/" sort before "a/" as paths ('-' and '.' come before '/'), so the
    # folders' files interleave in the sorted list
    for rel in ["a.yaml", "a/x.yaml", "a/z.yml", "a.b/x.yaml", "a-b/y.csv", "a/b/c.xlsx"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("standard: safe-enterprise\n", encoding="utf-8")
    big = root / "big"
    big.mkdir()
    for i in range(60):  # written out of order: the walk must sort them
        (big / f"{(i * 37) % 60:02d}.yaml").write_text("standard: x\n", encoding="utf-8")
    (root / "odd").mkdir()
    (root / "odd" / os.fsdecode(b"bad-\xff.yaml")).write_text("standard: x\n", encoding="utf-8")
    (root / "odd" / "中文.yaml").write_text("standard: x\n", encoding="utf-8")
    (root / "odd" / "link.yaml").symlink_to(root / "a" / "x.yaml")
    (root / "odd" / "note.txt").write_text("not a record\n", encoding="utf-8")


def _expected(root: Path, tops: list[str]) -> list[str]:
    """What discovery must give: every record-typed file under `tops`, by relative path."""
    found: dict[str, str] = {}
    for top in tops:
        for folder, subdirs, names in os.walk(top):
            subdirs.sort()
            for name in names:
                if name.endswith((".yaml", ".yml", ".csv", ".xlsx")) and name != "safecli.yaml":
                    file = os.path.join(folder, name)
                    real = os.path.realpath(file) if os.path.islink(file) else file
                    found.setdefault(os.path.relpath(real, root), file)
    return [found[rel] for rel in sorted(found)]


@pytest.mark.parametrize("tops", [["."], ["big", "a"], ["a", "a.b", "."]])
def test_discover_sorts_by_path_across_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_blocks: None, tops: list[str]
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    files, skipped = discover(tops, find_config(tmp_path))
    assert list(files) == _expected(tmp_path, tops)
    assert files[3:50] == list(files)[3:50]
    # the symlink is found as the file it points to, once
    assert not any(f.endswith("link.yaml") for f in files)
    assert [s.path for s in skipped] == (["safecli.yaml"] if "." in tops else [])


def test_discover_names_a_given_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    files, _ = discover(["a/x.yaml", "a", "a/x.yaml"], find_config(tmp_path))
    # by path: "a/b/" before "a/x"; the file named first is the one kept
    assert list(files) == ["a/b/c.xlsx", "a/x.yaml", "a/z.yml"]
