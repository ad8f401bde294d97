"""Measure safecli against the physical floor: the time just to parse the same YAML.

    python benchmarks/run.py                                  # every mix at 10,000 and 100,000
    python benchmarks/run.py --sizes 1000 --mixes half        # a quick look
    python benchmarks/run.py --repeat 3                       # best of 3 runs of everything

For each mix of records (benchmarks/generate.py: mostly passing, half failing, all failing with
5 % invalid) and each N it measures, in the same run and as the best of `--repeat` tries:

- the **floor**: one process loading every file with PyYAML's C safe loader, nothing else;
- `safecli check DIR --format json -o FILE`, `safecli summary DIR --format csv -o FILE
  --skip-invalid`, `safecli validate DIR`, `safecli findings DIR` (when the command exists) and
  `safecli export DIR --format parquet -o DIR`;
- their wall time, the ratio to the floor, the CPU time (user + system, the command and its
  workers) and the peak memory of the biggest process.

Then `report --out-dir` on 100 records and on `--report-batch` records (reports a second), and
the cold start of `safecli --version` and `safecli score` against `python -c "import yaml"`.
Generated records are cached under benchmarks/data/MIX/N (git-ignored); the results go to
benchmarks/out/results.json as well as stdout (Markdown tables).
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
        try:
            yaml.load(handle, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            pass
"""
WRAPPER = """
import json, os, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - start
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([wall, r.ru_utime + r.ru_stime, r.ru_maxrss, code]))
"""
MIXES = ("passing", "half", "failing")
"""The mixes measured (generate.py also has `clean`, used for the report batches)."""
MIX_NAMES = {
    "passing": "mostly passing",
    "half": "half failing",
    "failing": "all failing, 5 % invalid",
}


def measure(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, float]:
    """Wall and CPU seconds, peak RSS (MiB, largest process of the tree), exit code."""
    out = subprocess.run(
        [sys.executable, "-c", WRAPPER, *cmd], capture_output=True, text=True, check=True, env=env
    )
    wall, cpu, peak, code = json.loads(out.stdout)
    return {"wall": wall, "cpu": cpu, "peak": peak / 1024, "code": code}


def best(cmd: list[str], repeat: int, env: dict[str, str] | None = None) -> dict[str, float]:
    runs = [measure(cmd, env) for _ in range(repeat)]
    return {
        "wall": min(r["wall"] for r in runs),
        "cpu": min(r["cpu"] for r in runs),
        "peak": max(r["peak"] for r in runs),
        "code": runs[0]["code"],
    }


def ensure_data(mix: str, count: int) -> Path:
    folder = HERE / "data" / mix / str(count)
    records = folder / "records"
    if not records.is_dir() or len(os.listdir(records)) != count:
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(count), str(folder), "--mix", mix],
            check=True,
        )
    return folder


def has_command(safecli: list[str], name: str) -> bool:
    done = subprocess.run([*safecli, name, "--help"], capture_output=True)
    return done.returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="safecli benchmarks")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--mixes", nargs="+", default=list(MIXES), choices=MIXES)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best counts")
    parser.add_argument("--report-batch", type=int, default=1_000)
    parser.add_argument("--big-repeat", type=int, default=1, help="runs at N >= 100,000")
    args = parser.parse_args(argv)
    safecli = [sys.executable, "-m", "safecli"]
    exe = shutil.which("safecli", path=str(Path(sys.executable).parent)) or "safecli"
    out = Path(tempfile.mkdtemp(prefix="safecli-bench-"))
    commands = {
        "check": lambda d: ["check", str(d), "--format", "json", "-o", str(out / "c.json")],
        "summary": lambda d: [
            "summary",
            str(d),
            "--format",
            "csv",
            "-o",
            str(out / "s.csv"),
            "--skip-invalid",
        ],
        "validate": lambda d: ["validate", str(d)],
        "findings": lambda d: ["findings", str(d), "--format", "csv", "-o", str(out / "f.csv")],
        "export": lambda d: ["export", str(d), "--format", "parquet", "-o", str(out / "x")],
    }
    summary_help = subprocess.run([*safecli, "summary", "--help"], capture_output=True, text=True)
    if "--skip-invalid" not in summary_help.stdout:  # summary leaves invalid records out itself
        commands["summary"] = lambda d: [
            "summary",
            str(d),
            "--format",
            "csv",
            "-o",
            str(out / "s.csv"),
        ]
    if not has_command(safecli, "findings"):
        del commands["findings"]
    if not has_command(safecli, "export"):
        del commands["export"]
    results: dict = {"mixes": {}, "loadavg": os.getloadavg()}
    header = "| mix | N | floor | " + " | ".join(commands) + " |"
    rows = []
    for mix in args.mixes:
        for count in args.sizes:
            folder = ensure_data(mix, count)
            records = folder / "records"
            repeat = args.repeat if count < 100_000 else args.big_repeat
            floor = best([sys.executable, "-c", FLOOR, str(records)], repeat)
            entry = {"floor": floor}
            for name, make in commands.items():
                shutil.rmtree(out / "x", ignore_errors=True)
                entry[name] = best([*safecli, *make(records)], repeat)
            results["mixes"].setdefault(mix, {})[count] = entry
            cells = [
                f"{entry[n]['wall']:.2f} s · **{entry[n]['wall'] / floor['wall']:.2f} ×** · "
                f"cpu {entry[n]['cpu'] / floor['cpu']:.2f} × · {entry[n]['peak']:.0f} MiB"
                for n in commands
            ]
            rows.append(
                f"| {MIX_NAMES[mix]} | {count:,} | {floor['wall']:.2f} s · cpu {floor['cpu']:.2f} s "
                f"· {floor['peak']:.0f} MiB | " + " | ".join(cells) + " |"
            )
            print(rows[-1], flush=True)
    print()
    print(header)
    print("|---|---:|---:|" + "---:|" * len(commands))
    print("\n".join(rows))

    # report --out-dir: the rate on a small and a large batch
    folder = ensure_data("clean", max(args.report_batch, 100)) / "records"
    files = sorted(folder.iterdir())
    rates = {}
    for size in (100, args.report_batch):
        listing = out / f"list-{size}"
        target = out / f"reports-{size}"
        shutil.rmtree(target, ignore_errors=True)
        batch = [str(f) for f in files[:size]]
        start = time.perf_counter()
        subprocess.run(
            [*safecli, "report", *batch, "--format", "html", "--out-dir", str(target)],
            check=True,
            capture_output=True,
        )
        rates[size] = size / (time.perf_counter() - start)
        listing.unlink(missing_ok=True)
    yaml_start = best([sys.executable, "-c", "import yaml"], 10)["wall"]
    version = best([exe, "--version"], 10)["wall"]
    score = best([exe, "score", str(files[0]), "--format", "json"], 10)["wall"]
    results.update(
        report_rates=rates, import_yaml_s=yaml_start, version_s=version, score_one_s=score
    )
    print()
    print("| measure | value |")
    print("|---|---:|")
    for size, rate in rates.items():
        print(
            f"| `safecli report --format html --out-dir` ({size:,} records) | {rate:.1f} reports/s |"
        )
    print(f'| `python -c "import yaml"` | {yaml_start * 1000:.0f} ms |')
    print(
        f"| `safecli --version` | {version * 1000:.0f} ms (+{(version - yaml_start) * 1000:.0f} ms) |"
    )
    print(
        f"| `safecli score` one record | {score * 1000:.0f} ms (+{(score - yaml_start) * 1000:.0f} ms) |"
    )
    print(f"\nload average at the start: {results['loadavg']}")
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "results.json").write_text(json.dumps(results, indent=2))
    shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
