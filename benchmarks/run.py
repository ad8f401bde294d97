"""Measure safecli against the physical floor: the time just to parse the same YAML.

    python benchmarks/run.py                 # N = 1,000, 10,000 and 100,000
    python benchmarks/run.py --sizes 1000    # a quick look

For each N it prints, as a Markdown table: the parse floor (one process loading every file with
PyYAML's C safe loader and doing nothing else), the wall time and peak memory of
`safecli check` and `safecli summary` on the same files, and their ratio to the floor. Then the
rate of `safecli report --format html`, and the cold start of `safecli --version` and of
`safecli score` on one record against bare `python -c "import yaml"`.
Generated records are cached under benchmarks/data/N (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLOOR = """
import os, sys, yaml
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    with open(os.path.join(folder, name), "rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
"""


def measure(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB, and exit code of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss of a finished child is its peak, in KiB on Linux; a pool's workers are children
    # of the child and are counted by the wrapper below
    return wall, usage.ru_maxrss / 1024, proc.returncode


def measure_tree(cmd: list[str]) -> tuple[float, float, int]:
    """Like measure, but peak memory includes the command's own worker processes."""
    wrapper = (
        "import resource, subprocess, sys, json\n"
        "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps([r.ru_maxrss, code]))\n"
    )
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - start
    peak, code = json.loads(out.stdout)
    return wall, peak / 1024, code


def best(cmd: list[str], runs: int) -> float:
    return min(measure(cmd)[0] for _ in range(runs))


def ensure_data(count: int) -> Path:
    folder = HERE / "data" / str(count)
    if not folder.is_dir() or len(os.listdir(folder)) != count:
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(count), str(folder)], check=True
        )
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="safecli benchmarks")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--reports", type=int, default=20, help="reports rendered for the rate")
    args = parser.parse_args(argv)
    safecli = [sys.executable, "-m", "safecli"]
    exe = shutil.which("safecli", path=str(Path(sys.executable).parent)) or "safecli"
    results: dict = {"sizes": {}}
    out = Path(tempfile.mkdtemp(prefix="safecli-bench-"))
    print(
        "| N | parse floor | check | check / floor | check peak | summary | summary / floor | summary peak |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for count in args.sizes:
        folder = ensure_data(count)
        floor, floor_mem, _ = measure([sys.executable, "-c", FLOOR, str(folder)])
        check, check_mem, _ = measure_tree(
            [*safecli, "check", str(folder), "--format", "json", "-o", str(out / "c.json")]
        )
        summary, summary_mem, _ = measure_tree(
            [*safecli, "summary", str(folder), "--format", "csv", "-o", str(out / "s.csv")]
        )
        results["sizes"][count] = {
            "floor_s": floor,
            "floor_peak_mib": floor_mem,
            "check_s": check,
            "check_peak_mib": check_mem,
            "summary_s": summary,
            "summary_peak_mib": summary_mem,
        }
        print(
            f"| {count:,} | {floor:.2f} s | {check:.2f} s | {check / floor:.2f} × | {check_mem:.0f} MiB "
            f"| {summary:.2f} s | {summary / floor:.2f} × | {summary_mem:.0f} MiB |"
        )
    folder = ensure_data(args.sizes[0])
    records = sorted(folder.iterdir())[: args.reports]
    start = time.perf_counter()
    for i, record in enumerate(records):
        subprocess.run(
            [*safecli, "report", str(record), "--format", "html", "-o", str(out / f"r{i}.html")],
            check=True,
            capture_output=True,
        )
    rate = len(records) / (time.perf_counter() - start)
    yaml_start = best([sys.executable, "-c", "import yaml"], 10)
    version = best([exe, "--version"], 10)
    score = best([exe, "score", str(records[0]), "--format", "json"], 5)
    results.update(
        report_per_s=rate, import_yaml_s=yaml_start, version_s=version, score_one_s=score
    )
    print()
    print("| measure | value |")
    print("|---|---:|")
    print(f"| `safecli report --format html` (one process per report) | {rate:.1f} reports/s |")
    print(f'| `python -c "import yaml"` | {yaml_start * 1000:.0f} ms |')
    print(
        f"| `safecli --version` | {version * 1000:.0f} ms (+{(version - yaml_start) * 1000:.0f} ms) |"
    )
    print(
        f"| `safecli score` one record | {score * 1000:.0f} ms (+{(score - yaml_start) * 1000:.0f} ms) |"
    )
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "results.json").write_text(json.dumps(results, indent=2))
    shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
