"""Run safecli on a corpus case the way an attacker's CI would: a child process, bounded in
memory and time, and never as root, so file permissions count.

As root the runner first tries a real unprivileged user (uid 65534, `nobody`) with an
interpreter that user may execute (this one, or the system's of the same version with our
site-packages on PYTHONPATH). Where no such interpreter exists (a Python under /root), it
drops root's power to ignore permissions instead (`setpriv` without CAP_DAC_OVERRIDE and
CAP_DAC_READ_SEARCH). As a normal user it simply runs. SAFECLI_CORPUS_REQUIRE_USER=1 (set by
.ci/run) makes a run that cannot reach a real unprivileged user fail instead of falling back.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MEMORY_LIMIT = 1024 * 1024 * 1024
"""1 GiB of address space is plenty for any honest input."""
TIME_LIMIT = 30
UNPRIVILEGED = 65534
SRC = Path(__file__).resolve().parents[2] / "src"
CAPS = "-dac_override,-dac_read_search,-fowner"


def _limits(uid: int | None) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    if uid is not None:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)


@dataclass
class Runner:
    mode: str
    """user (uid 65534), caps (root without permission overrides), self (not root), root."""
    python: str = sys.executable
    env: dict[str, str] = field(default_factory=dict)
    prefix: list[str] = field(default_factory=list)

    @property
    def permissions_count(self) -> bool:
        return self.mode != "root"

    @property
    def uid(self) -> int | None:
        return UNPRIVILEGED if self.mode == "user" else None

    def workdir(self) -> Path:
        """A fresh folder the unprivileged user owns."""
        folder = Path(tempfile.mkdtemp(prefix="safecli-corpus-"))
        folder.chmod(0o755)
        return folder

    def hand_over(self, folder: Path) -> None:
        """Give the case's files to the user that runs it."""
        if self.mode != "user":
            return
        for path in [folder, *folder.rglob("*")]:
            if not path.is_symlink():
                os.chown(path, UNPRIVILEGED, UNPRIVILEGED)

    def run(
        self,
        *args: str,
        cwd: Path,
        stdout: object = subprocess.PIPE,
        timeout: float = TIME_LIMIT,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        self.hand_over(cwd)
        env = {**os.environ, **self.env, **(env or {})}
        uid = self.uid
        return subprocess.run(
            [*self.prefix, self.python, "-m", "safecli", *args],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            timeout=timeout,
            cwd=cwd,
            env=env,
            preexec_fn=lambda: _limits(uid),
            check=False,
        )


def cleanup(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)


def _site_path() -> str:
    paths = [str(SRC), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    return os.pathsep.join(dict.fromkeys(paths))


def _probe(python: str, env: dict[str, str]) -> bool:
    try:
        done = subprocess.run(
            [python, "-c", "import safecli.cli.app, yaml, pydantic_core, openpyxl, jinja2, pandas"],
            capture_output=True,
            timeout=60,
            cwd="/",
            env={**os.environ, **env},
            preexec_fn=lambda: _limits(UNPRIVILEGED),
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def detect() -> Runner:
    """The least privileged way this machine can run the corpus."""
    if os.geteuid() != 0:
        return Runner("self")
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    env = {"PYTHONPATH": _site_path(), "PYTHONNOUSERSITE": "1", "HOME": "/tmp"}
    for python in (sys.executable, shutil.which(version) or "", f"/usr/bin/{version}"):
        if python and Path(python).exists() and _probe(python, env):
            return Runner("user", python, env)
    if os.environ.get("SAFECLI_CORPUS_REQUIRE_USER") == "1":
        raise RuntimeError("cannot run the corpus as an unprivileged user on this machine")
    setpriv = shutil.which("setpriv")
    if setpriv:
        prefix = [setpriv, f"--bounding-set={CAPS}", f"--inh-caps={CAPS}", "--"]
        if subprocess.run([*prefix, "true"], check=False).returncode == 0:
            return Runner("caps", prefix=prefix)
    return Runner("root")
