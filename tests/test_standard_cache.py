"""The standard cache (read/standard_cache.py): a hit gives the standard the YAML gives, and a
stale, corrupt, foreign or unwritable cache is ignored, never trusted, never an error."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from safecli.read import standard_cache, yamlio
from safecli.read.overlays import read_standard_file

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted((ROOT / "standards").glob("*.yaml"))
RECORD = ROOT / "examples" / "records" / "safe-enterprise.yaml"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SAFECLI_CACHE_DIR", str(folder))
    monkeypatch.delenv("SAFECLI_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def standard_file(tmp_path: Path) -> Path:
    path = tmp_path / "safe-enterprise.yaml"
    shutil.copyfile(ROOT / "standards" / "safe-enterprise.yaml", path)
    return path


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "standards").glob("*.json"))


def _no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("the YAML was parsed")

    monkeypatch.setattr(yamlio, "parse", refuse)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_a_hit_is_the_standard_the_yaml_gives(cache: Path, path: Path, monkeypatch) -> None:
    first = read_standard_file(path)
    assert len(_entries(cache)) == 1
    _no_yaml(monkeypatch)
    again = read_standard_file(path)
    assert again == first
    assert again.model_dump(exclude_unset=True) == first.model_dump(exclude_unset=True)
    assert again.item_map().keys() == first.item_map().keys()


def test_the_folder_and_entry_are_private(cache: Path, standard_file: Path) -> None:
    read_standard_file(standard_file)
    (entry,) = _entries(cache)
    assert oct(cache.stat().st_mode & 0o777) == "0o700"
    assert oct((cache / "standards").stat().st_mode & 0o777) == "0o700"
    assert entry.stat().st_mode & 0o077 == 0
    header, _, payload = entry.read_bytes().partition(b"\n")
    head = json.loads(header)
    assert head["format"] == standard_cache.FORMAT
    assert head["key"] == entry.stem == standard_cache.entry_key(standard_file.read_bytes())
    assert head["digest"] == standard_cache.digest(payload)
    assert json.loads(payload)["id"] == "safe-enterprise"
    assert [p.name for p in (cache / "standards").iterdir()] == [entry.name]  # no temp left


def test_a_changed_file_is_a_new_key_and_read_again(cache: Path, standard_file: Path) -> None:
    before = read_standard_file(standard_file)
    text = standard_file.read_text(encoding="utf-8")
    standard_file.write_text(text.replace("工作方案,", "工作方案（修订）,", 1), encoding="utf-8")
    after = read_standard_file(standard_file)
    assert after.title.zh == "创建“平安企业”工作方案（修订）" != before.title.zh
    assert len(_entries(cache)) == 2


def test_an_entry_of_other_code_is_stale(cache: Path, standard_file: Path, monkeypatch) -> None:
    read_standard_file(standard_file)
    monkeypatch.setattr(standard_cache, "code_fingerprint", lambda: "another safecli")
    assert standard_cache.load(standard_file.read_bytes()) is None
    read_standard_file(standard_file)
    assert len(_entries(cache)) == 2


@pytest.mark.parametrize(
    "spoil",
    [
        lambda b: b[: len(b) // 2],  # cut short
        lambda b: b"\x00\xff" * 10,  # not text
        lambda b: b"[]",  # not an entry
        lambda b: b.replace(b'"format": 1', b'"format": 99'),  # a future layout
        lambda b: b.replace("安全".encode(), "危险".encode(), 1),  # content without its digest
    ],
    ids=["truncated", "binary", "not-a-mapping", "other-format", "altered"],
)
def test_a_corrupt_entry_is_ignored_and_rewritten(
    cache: Path, standard_file: Path, spoil, monkeypatch
) -> None:
    good = read_standard_file(standard_file)
    (entry,) = _entries(cache)
    written = entry.read_bytes()
    entry.write_bytes(spoil(written))
    assert standard_cache.load(standard_file.read_bytes()) is None
    assert read_standard_file(standard_file) == good
    assert entry.read_bytes() == written  # rewritten whole


def test_a_forged_entry_with_its_digest_still_passes_the_model(
    cache: Path, standard_file: Path
) -> None:
    read_standard_file(standard_file)
    (entry,) = _entries(cache)
    header, _, payload = entry.read_bytes().partition(b"\n")
    head, data = json.loads(header), json.loads(payload)
    data["grades"] = "all pass"  # not a standard: the model refuses it
    forged = json.dumps(data).encode()
    head["digest"] = standard_cache.digest(forged)
    entry.write_bytes(json.dumps(head).encode() + b"\n" + forged)
    assert standard_cache.load(standard_file.read_bytes()) is None


def test_an_entry_others_may_write_is_not_read(cache: Path, standard_file: Path) -> None:
    read_standard_file(standard_file)
    (entry,) = _entries(cache)
    entry.chmod(0o666)
    assert standard_cache.load(standard_file.read_bytes()) is None
    entry.chmod(0o600)
    assert standard_cache.load(standard_file.read_bytes()) is not None


def test_a_folder_others_may_write_is_not_used(cache: Path, standard_file: Path) -> None:
    cache.mkdir(mode=0o700)
    (cache / "standards").mkdir(mode=0o700)
    (cache / "standards").chmod(0o777)
    assert read_standard_file(standard_file).id == "safe-enterprise"
    assert _entries(cache) == []


def test_a_symlinked_entry_is_not_followed(cache: Path, standard_file: Path, tmp_path) -> None:
    read_standard_file(standard_file)
    (entry,) = _entries(cache)
    elsewhere = tmp_path / "elsewhere.json"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert standard_cache.load(standard_file.read_bytes()) is None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_an_entry_another_user_owns_is_not_read(cache: Path, standard_file: Path) -> None:
    read_standard_file(standard_file)
    (entry,) = _entries(cache)
    os.chown(entry, 65534, 65534)
    assert standard_cache.load(standard_file.read_bytes()) is None


def test_an_unwritable_cache_is_no_cache(tmp_path: Path, standard_file: Path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("SAFECLI_CACHE_DIR", str(blocker / "cache"))
    assert read_standard_file(standard_file).id == "safe-enterprise"
    assert read_standard_file(standard_file).id == "safe-enterprise"
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_no_cache_when_turned_off(cache: Path, standard_file: Path, monkeypatch) -> None:
    monkeypatch.setenv("SAFECLI_NO_CACHE", "1")
    read_standard_file(standard_file)
    assert not cache.exists()


def test_the_folder_follows_xdg_then_home(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SAFECLI_CACHE_DIR", raising=False)
    monkeypatch.delenv("SAFECLI_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert standard_cache.cache_dir() == tmp_path / "xdg" / "safecli"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # the spec says ignore it
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if os.name == "posix" and os.uname().sysname == "Linux":
        assert standard_cache.cache_dir() == tmp_path / "home" / ".cache" / "safecli"


def test_an_overlay_is_never_cached(cache: Path) -> None:
    overlays = sorted((ROOT / "examples" / "standards").rglob("*.yaml"))
    overlay = next(p for p in overlays if "extends:" in p.read_text(encoding="utf-8"))
    read_standard_file(overlay)
    assert _entries(cache) == []


def test_score_gives_the_same_bytes_cold_warm_and_with_a_spoilt_cache(cache: Path) -> None:
    env = {**os.environ, "SAFECLI_CACHE_DIR": str(cache)}

    def score() -> bytes:
        run = [sys.executable, "-m", "safecli", "score", str(RECORD), "--format", "json"]
        result = subprocess.run(run, capture_output=True, env=env, check=False)
        assert result.returncode == 0, result.stderr
        assert result.stderr == b""
        return result.stdout

    cold = score()
    assert _entries(cache)
    warm = score()
    for entry in _entries(cache):
        entry.write_bytes(b"{")
    spoilt = score()
    assert cold == warm == spoilt
    assert all(e.read_bytes().startswith(b'{"format": 1,') for e in _entries(cache))
