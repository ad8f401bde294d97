"""The CI examples work as written: every command of examples/ci, run by a shell in a fresh git
repository of records, with safecli installed the way the examples say (the wheel in ci/).

Slow (one real `pip install` into a new virtual environment), so it builds the environment once.
The date is pinned with $SAFECLI_TODAY, which is what `--as-of today` and the default read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TODAY = "2026-11-25"
CLEAN = ("district-work-plan.yaml", "safe-community.yaml", "safety-integrity-enterprise.yaml")
"""The example records that pass the gate on TODAY (the others fail it on purpose, or have
major hazards past their deadline by then)."""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("safecli-*.whl")
    return built


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A new virtual environment without safecli, first on PATH (the example installs it)."""
    folder = tmp_path_factory.mktemp("venv")
    venv.create(folder, with_pip=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env["PATH"] = f"{folder / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(folder)
    env["SAFECLI_TODAY"] = TODAY
    return env


def _records_repo(root: Path, wheel: Path, *, clean: bool) -> Path:
    """A records repository: the example records (or only the clean ones), the example config,
    the workflows, and the wheel in ci/."""
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    records = root / "records"
    records.mkdir()
    for path in sorted((EXAMPLES / "records").glob("*.yaml")):
        if clean and path.name not in CLEAN:
            continue
        shutil.copy(path, records / path.name)
    shutil.copy(EXAMPLES / "ci" / "safecli.yaml", root / "safecli.yaml")
    (root / "ci").mkdir()
    shutil.copy(wheel, root / "ci" / wheel.name)
    workflows = root / ".github" / "workflows"
    workflows.mkdir(parents=True)
    shutil.copy(EXAMPLES / "ci" / "github-workflow.yml", workflows / "safecli.yml")
    shutil.copy(EXAMPLES / "ci" / "gitlab-ci.yml", root / ".gitlab-ci.yml")
    return root


def _shell(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # GitHub's `run:` shell is `bash --noprofile --norc -eo pipefail {0}`
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _github(root: Path, env: dict[str, str]) -> list[tuple[str, int]]:
    workflow = yaml.safe_load((root / ".github/workflows/safecli.yml").read_text(encoding="utf-8"))
    env = dict(env, GITHUB_STEP_SUMMARY=str(root / "step-summary.md"))
    codes = []
    failed = False
    for step in workflow["jobs"]["check"]["steps"]:
        if "run" not in step or (failed and step.get("if") != "always()"):
            continue
        result = _shell(step["run"], root, env)
        assert result.returncode in (0, 1), (step["run"], result.stderr)
        failed = failed or result.returncode != 0
        codes.append((step["name"], result.returncode))
    return codes


def test_github_workflow_as_written(
    tmp_path: Path, wheel: Path, environment: dict[str, str]
) -> None:
    root = _records_repo(tmp_path / "records-repo", wheel, clean=False)
    codes = _github(root, environment)
    assert [code for _, code in codes] == [0, 1, 0, 0]  # install, gate (fails), sarif, summary
    assert (root / "safecli.sarif").is_file()
    summary = (root / "step-summary.md").read_text(encoding="utf-8")
    assert "# 安全生产创建汇总" in summary
    assert f"判定日期 {TODAY}" in summary  # the ledger names the date it judged by
    gate = _shell("safecli check --as-of today", root, environment)
    assert gate.returncode == 1 and f"判定日期 {TODAY}" in gate.stdout
    clean = _records_repo(tmp_path / "clean-repo", wheel, clean=True)
    assert [code for _, code in _github(clean, environment)] == [0, 0, 0, 0]


def test_gitlab_job_as_written(tmp_path: Path, wheel: Path, environment: dict[str, str]) -> None:
    root = _records_repo(tmp_path / "records-repo", wheel, clean=False)
    job = yaml.safe_load((root / ".gitlab-ci.yml").read_text(encoding="utf-8"))["safecli"]
    codes = [_shell(line, root, environment).returncode for line in job["script"]]
    assert codes == [0, 0, 0, 1]  # the gate fails on the failing examples, the rest is written
    for artifact in job["artifacts"]["paths"]:
        assert (root / artifact).is_file(), artifact
    assert job["artifacts"]["reports"]["junit"] in job["artifacts"]["paths"]
