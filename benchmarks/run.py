"""Measure safecli against the physical floor: the time just to parse the same YAML.

    python benchmarks/run.py                                  # every mix at 10,000, 5 pairs
    python benchmarks/run.py --sizes 2000 --mixes half        # a quick look
    python benchmarks/run.py --write-readme                   # and replace the README's table

The **floor** is one process loading every file of the folder with PyYAML's C safe loader,
nothing else. Each command is measured in **pairs** with the floor: floor and command run back
to back, the order alternating from pair to pair, so a change of machine load touches both
sides of a pair alike. A cell gives the **median** of the pairs' ratios with the min–max beside
it, for CPU time (user + system of the command and every process it started: robust to other
load on the machine) and for wall time (not robust: the load average is printed beside every
table), and the peak resident size of the largest process.

Each cell is first run once with its output read: a command that exits with a code it should
not (a gate: 0 or 1; `validate`: 0 or 2, having reported every file; the others: 0), prints a
usage message or a traceback, or changes its exit code between pairs makes its cell
`refused (exit N)` and the script exit 1: a fast failure is not a measurement.

Also measured, in pairs against `python -c "import yaml"`: the start-up of `safecli score` on
one record; and, when `--shards` is given, one shard of 4 of `check` against the full run.

Generated records are cached under benchmarks/data/MIX/N (git-ignored); results go to
benchmarks/out/results.json as well as stdout (Markdown).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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
import json, resource, subprocess, sys, tempfile, time
with tempfile.TemporaryFile() as err:
    start = time.perf_counter()
    code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=err)
    wall = time.perf_counter() - start
    err.seek(0)
    text = err.read().decode("utf-8", "replace")
if "Traceback (most recent call last)" in text or "internal error" in text or "内部错误" in text:
    code = -1
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([wall, r.ru_utime + r.ru_stime, r.ru_maxrss, code]))
"""
"""Runs a command, times it; exit code -1 when it printed a traceback or an internal error."""
MIXES = ("passing", "half", "failing", "most")
"""The mixes measured (generate.py also has `clean`, used for report batches)."""
MIX_NAMES = {
    "passing": "mostly passing",
    "half": "half failing",
    "failing": "all failing, 5 % invalid",
    "most": "99 % failing",
}
GATE_CODES = {0, 1}
"""Exit codes a gate may end with: 0 nothing failed, 1 a gate failed."""
VALIDATE_CODES = {0, 2}
"""`validate` ends 2 when a file is invalid (after reporting every file)."""
CLEAN_CODES = {0}
BROKEN = ("Traceback (most recent call last)", "Usage: ", "internal error", "内部错误")
"""Output that means the command stopped instead of doing its work."""


def probe(cmd: list[str], codes: set[int]) -> int | None:
    """Run `cmd` once: None when it ended as it should, else its exit code (-1: a traceback)."""
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode not in codes:
        return done.returncode
    if any(mark in done.stderr for mark in BROKEN):
        return -1
    return None


def measure(cmd: list[str]) -> dict[str, float]:
    """Wall and CPU seconds, peak RSS (MiB, the largest process of the tree), exit code."""
    out = subprocess.run(
        [sys.executable, "-c", WRAPPER, *cmd], capture_output=True, text=True, check=True
    )
    wall, cpu, peak, code = json.loads(out.stdout)
    return {"wall": wall, "cpu": cpu, "peak": peak / 1024, "code": code}


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f}/{five:.1f}"


def paired(
    command: list[str], floor: list[str], pairs: int, before: Callable[[], None] = lambda: None
) -> dict:
    """`pairs` runs of command and floor back to back, order alternating; ratios per pair."""
    runs = []
    for index in range(pairs):
        before()
        if index % 2 == 0:
            base, run = measure(floor), measure(command)
        else:
            run, base = measure(command), measure(floor)
        runs.append((base, run))
    cpu = [r["cpu"] / b["cpu"] for b, r in runs]
    wall = [r["wall"] / b["wall"] for b, r in runs]
    return {
        "cpu_ratio": statistics.median(cpu),
        "cpu_range": (min(cpu), max(cpu)),
        "wall_ratio": statistics.median(wall),
        "wall_range": (min(wall), max(wall)),
        "cpu": statistics.median(r["cpu"] for _, r in runs),
        "wall": statistics.median(r["wall"] for _, r in runs),
        "floor_cpu": statistics.median(b["cpu"] for b, _ in runs),
        "floor_wall": statistics.median(b["wall"] for b, _ in runs),
        "peak": max(r["peak"] for _, r in runs),
        "codes": sorted({r["code"] for _, r in runs}),
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


def cell(entry: dict) -> str:
    if "refused" in entry:
        return f"refused (exit {entry['refused']})"
    low, high = entry["cpu_range"]
    wlow, whigh = entry["wall_range"]
    return (
        f"cpu **{entry['cpu_ratio']:.2f} ×** ({low:.2f}–{high:.2f}) · "
        f"wall {entry['wall_ratio']:.2f} × ({wlow:.2f}–{whigh:.2f}) · {entry['peak']:.0f} MiB"
    )


def commands_for(safecli: list[str], out: Path) -> dict[str, tuple[Callable, set[int]]]:
    commands: dict[str, tuple[Callable, set[int]]] = {
        "check": (
            lambda d: ["check", str(d), "--format", "json", "-o", str(out / "c.json")],
            GATE_CODES,
        ),
        "validate": (lambda d: ["validate", str(d)], VALIDATE_CODES),
        "summary": (
            lambda d: ["summary", str(d), "--format", "csv", "-o", str(out / "s.csv")],
            CLEAN_CODES,
        ),
        "findings": (
            lambda d: ["findings", str(d), "--format", "csv", "-o", str(out / "f.csv")],
            CLEAN_CODES,
        ),
        "export": (
            lambda d: [
                "export",
                str(d),
                "--format",
                "parquet",
                "-o",
                str(out / "x"),
                "--skip-invalid",
            ],
            CLEAN_CODES,
        ),
    }
    return {name: spec for name, spec in commands.items() if has_command(safecli, name)}


def table(results: dict, names: list[str]) -> list[str]:
    lines = [
        "| mix | N | floor (median) | load before → after | " + " | ".join(names) + " |",
        "|---|---:|---:|---|" + "---|" * len(names),
    ]
    for mix, sizes in results["mixes"].items():
        for count, entry in sizes.items():
            first = next((c for c in entry["commands"].values() if "refused" not in c), None)
            floor = (
                "-"
                if first is None
                else f"cpu {first['floor_cpu']:.2f} s · wall {first['floor_wall']:.2f} s"
            )
            cells = [cell(entry["commands"][n]) for n in names if n in entry["commands"]]
            lines.append(
                f"| {MIX_NAMES[mix]} | {int(count):,} | {floor} | {entry['load'][0]} → "
                f"{entry['load'][1]} | " + " | ".join(cells) + " |"
            )
    return lines


def write_readme(lines: list[str]) -> None:
    readme = HERE / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- run.py table: start -->", "<!-- run.py table: end -->"
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    readme.write_text(head + start + "\n" + "\n".join(lines) + "\n" + end + tail, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="safecli benchmarks")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--mixes", nargs="+", default=list(MIXES), choices=MIXES)
    parser.add_argument("--pairs", type=int, default=5, help="floor/command pairs per cell")
    parser.add_argument("--only", nargs="+", help="just these commands")
    parser.add_argument("--shards", action="store_true", help="one shard of 4 against the full")
    parser.add_argument("--startup", action="store_true", help="score start-up against yaml")
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args(argv)
    # measured as installed: a wheel's install writes the bytecode, so a run never compiles
    # safecli's modules from source (a shell with PYTHONDONTWRITEBYTECODE=1 would time that)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    safecli = [sys.executable, "-m", "safecli"]
    out = Path(tempfile.mkdtemp(prefix="safecli-bench-"))
    commands = commands_for(safecli, out)
    if args.only:
        commands = {n: c for n, c in commands.items() if n in args.only}
    results: dict = {"mixes": {}, "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    refused = False
    for mix in args.mixes:
        for count in args.sizes:
            records = ensure_data(mix, count) / "records"
            floor = [sys.executable, "-c", FLOOR, str(records)]
            entry: dict = {"load": [load()], "commands": {}}
            for name, (make, codes) in commands.items():
                shutil.rmtree(out / "x", ignore_errors=True)
                broken = probe([*safecli, *make(records)], codes)
                if broken is not None:
                    entry["commands"][name] = {"refused": broken}
                    refused = True
                    print(f"{mix} {count:,} {name}: refused (exit {broken})", flush=True)
                    continue
                got = paired(
                    [*safecli, *make(records)],
                    floor,
                    args.pairs,
                    lambda: shutil.rmtree(out / "x", ignore_errors=True),
                )
                bad = [c for c in got["codes"] if c not in codes]
                if bad or len(got["codes"]) > 1:
                    got["refused"] = (bad or got["codes"])[0]
                    refused = True
                entry["commands"][name] = got
                print(f"{mix} {count:,} {name}: {cell(got)} (load {load()})", flush=True)
            entry["load"].append(load())
            results["mixes"].setdefault(mix, {})[count] = entry
    lines = table(results, list(commands))
    print()
    print("\n".join(lines))
    if args.shards:
        records = ensure_data("half", args.sizes[0]) / "records"
        full = [*safecli, "check", str(records), "--format", "json", "-o", str(out / "c.json")]
        shard = [*full, "--shard", "1/4"]
        got = paired(shard, full, args.pairs)
        results["shard_1_of_4"] = got
        print(
            f"\none shard of 4 of check on {args.sizes[0]:,} half-failing records: "
            f"cpu {got['cpu_ratio']:.2f} × ({got['cpu_range'][0]:.2f}–{got['cpu_range'][1]:.2f})"
            f" · wall {got['wall_ratio']:.2f} × of the full run (load {load()})"
        )
    if args.startup:
        one = sorted((ensure_data("clean", 100) / "records").iterdir())[0]
        base = [sys.executable, "-c", "import yaml"]
        score = [*safecli, "score", str(one), "--format", "json"]
        probe(score, CLEAN_CODES)  # a first run: it writes the bytecode and the standard cache
        got = paired(score, base, 10)
        results["startup"] = got
        extra_cpu = (got["cpu"] - got["floor_cpu"]) * 1000
        extra_wall = (got["wall"] - got["floor_wall"]) * 1000
        print(
            f"\n`safecli score` one record: +{extra_cpu:.0f} ms CPU, +{extra_wall:.0f} ms wall "
            f"over `python -c 'import yaml'` ({got['floor_wall'] * 1000:.0f} ms; load {load()})"
        )
    results["finished_load"] = load()
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "results.json").write_text(json.dumps(results, indent=2, default=str))
    if args.write_readme:
        note = (
            f"Measured {results['started']}, {args.pairs} pairs per cell, load average (1/5 min) "
            f"beside each row; CPU ratios are the figure to trust on a loaded machine."
        )
        write_readme([note, "", *lines])
    shutil.rmtree(out, ignore_errors=True)
    return 1 if refused else 0


if __name__ == "__main__":
    raise SystemExit(main())
