"""The command line puts a stand-in for pydantic's plugin loader in place (plugins are off):
it answers what the real one answers, and importlib.metadata (zipfile, email, csv) is never
imported by a command."""

from __future__ import annotations

import os
import subprocess
import sys

from ci_repo import ROOT

RUN = """
import sys
from safecli.cli.app import main
sys.argv = ["safecli", "validate", sys.argv[1]]
try:
    main()
except SystemExit as done:
    print(done.code, "importlib.metadata" in sys.modules, "email" in sys.modules)
"""


def _python(code: str, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYDANTIC")}
    env["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def test_a_command_reads_records_without_the_plugin_loader() -> None:
    record = str(ROOT / "examples" / "records" / "safe-community.yaml")
    assert _python(RUN, record) == "0 False False"


def test_the_stand_in_answers_as_the_real_loader_does() -> None:
    real = "from pydantic.plugin._loader import get_plugins; print(tuple(get_plugins()))"
    assert _python(real) == str(tuple())
