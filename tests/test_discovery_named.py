"""Files named one by one (`safecli check records/*.yaml`): one source of discovery's merge,
in path order, each once, with a folder named beside them as before."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from safecli.model.errors import UsageError
from safecli.portfolio.config import load_config
from safecli.portfolio.discovery import discover


def _repo(tmp_path: Path) -> Path:
    (tmp_path / "safecli.yaml").write_text("required_grades: {}\n", encoding="utf-8")
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        for name in ("2.yaml", "1.yaml", "3.csv", "notes.txt"):
            (tmp_path / folder / name).write_text("standard: x\n", encoding="utf-8")
    return tmp_path


def test_named_files_come_in_path_order_each_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path)
    monkeypatch.chdir(root)
    config = load_config(root / "safecli.yaml")
    named = ["b/2.yaml", "a/2.yaml", "./a/2.yaml", str(root / "a" / "1.yaml"), "b/3.csv"]
    files, skipped = discover(named, config)
    assert [Path(f).resolve().relative_to(root).as_posix() for f in files] == [
        "a/1.yaml",
        "a/2.yaml",
        "b/2.yaml",
        "b/3.csv",
    ]
    assert skipped == []
    # a folder between named files: its files and theirs merged, each once
    files, _ = discover(["b/2.yaml", "a", "a/2.yaml", "b/1.yaml"], config)
    assert [Path(f).resolve().relative_to(root).as_posix() for f in files] == [
        "a/1.yaml",
        "a/2.yaml",
        "a/3.csv",
        "b/1.yaml",
        "b/2.yaml",
    ]
    assert files[1] == os.path.join("a", "2.yaml")  # the folder came first: its path is kept
    files, skipped = discover(["a/notes.txt"], config)
    assert list(files) == [] and [s.path for s in skipped] == ["a/notes.txt"]


def test_a_missing_named_file_is_a_usage_error(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    config = load_config(root / "safecli.yaml")
    with pytest.raises(UsageError):
        discover([root / "a" / "1.yaml", root / "nowhere.yaml"], config)
