"""Shared fixtures: the bundled standards and the fixture folders."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The CLI prints errors in Chinese by default; the suite's checks of exact error messages are
# written against the English text, so the suite runs with English errors. test_chinese_output
# checks the Chinese ones (SAFECLI_LANG=zh).
os.environ.setdefault("SAFECLI_LANG", "en")
# Standards read are cached (read/standard_cache.py): in a folder of this run, never the
# user's own cache, and removed at the end.
_CACHE = tempfile.mkdtemp(prefix="safecli-test-cache-")
os.environ.setdefault("SAFECLI_CACHE_DIR", _CACHE)
atexit.register(shutil.rmtree, _CACHE, True)

ROOT = Path(__file__).resolve().parents[1]
STANDARDS_DIR = ROOT / "standards"
SEEDS_DIR = ROOT / "sources"
"""The source documents, copied verbatim from the project's shared seeds."""


def load_bundled(standard_id: str):
    """A bundled standard, fully checked (schema and meaning) as `standards lint` does."""
    from safecli.read.standards import load_standard

    return load_standard(STANDARDS_DIR / f"{standard_id}.yaml")


@pytest.fixture(scope="session")
def bundled():
    """Return a loader: bundled(id) -> Standard."""
    return load_bundled


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="Rewrite the golden files under tests/golden/ from the current output.",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to rewrite golden files (pytest --update-goldens)."""
    return bool(request.config.getoption("--update-goldens"))
