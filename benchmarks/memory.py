"""Peak memory of the commands that fold many records, at growing sizes.

    python benchmarks/memory.py                              # half mix, 10,000 and 100,000
    python benchmarks/memory.py --sizes 10000 100000 1000000 --only check summary export
    python benchmarks/memory.py --write-readme               # and replace the README's table
    python benchmarks/memory.py --sizes 1000000 --watch 300  # the peaks so far every 5 minutes

Each command runs once per size on the `half` mix (records generated once by generate.py and
cached under benchmarks/data/half/N, git-ignored). While it runs, every process of its tree is
sampled every 50 ms for its peak resident size (VmHWM in /proc/PID/status): the table gives the
main process's and the largest worker's, and beside them the peak of the largest process as the
kernel reports it when the tree has ended (`ru_maxrss` of the children, when this run set it:
no sample can miss it), else the larger of the two samples.
Wall and CPU time (user + system of the whole tree) and the load average before and after are
printed with each row: memory does not depend on load, time does.

A command must end as it should (a gate 0 or 1, the others 0) and print no traceback, or its row
says `refused (exit N)` and the script exits 1. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import BROKEN, CLEAN_CODES, GATE_CODES, ensure_data, load  # noqa: E402

COMMANDS: dict[str, tuple[list[str], set[int]]] = {
    "check": (["check", "{records}", "--format", "json", "-o", "{out}/c.json"], GATE_CODES),
    "summary": (["summary", "{records}", "--format", "csv", "-o", "{out}/s.csv"], CLEAN_CODES),
    "findings": (["findings", "{records}", "--format", "csv", "-o", "{out}/f.csv"], CLEAN_CODES),
    "export": (
        ["export", "{records}", "--format", "parquet", "-o", "{out}/x", "--skip-invalid"],
        CLEAN_CODES,
    ),
}
"""The commands measured, as run.py runs them (export with --skip-invalid: the mix has
invalid records)."""
SAMPLE = 0.05
"""Seconds between two samples of the process tree."""


def _status(pid: int) -> dict[str, str]:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            return dict(line.split(":", 1) for line in handle if ":" in line)
    except OSError:
        return {}


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


def _kib(field: str) -> int:
    return int(field.split()[0]) if field else 0


def _read_bytes(pid: int) -> int:
    """Bytes the process has read so far (`rchar` of /proc/PID/io), 0 when gone."""
    try:
        with open(f"/proc/{pid}/io", encoding="ascii") as handle:
            for row in handle:
                if row.startswith("rchar:"):
                    return int(row.split()[1])
    except OSError:
        pass
    return 0


def records_bytes(records: Path) -> int:
    """The records' size in all: what the workers read, bar start-up, once each."""
    with os.scandir(records) as entries:
        return sum(e.stat().st_size for e in entries if e.is_file())


def run_one(cmd: list[str], watch: float = 0, total: tuple[int, int] = (0, 0)) -> dict:
    """Run `cmd`, sampling its tree; peaks in MiB, times in seconds, exit code.

    With `watch`, every `watch` seconds a line tells the peaks so far and about how many of
    the `total` (records, their bytes) the workers have read (their bytes read over the
    records' mean size): a run stopped early still says how far it got.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        main_peak = 0
        workers: dict[int, int] = {}
        read: dict[int, int] = {}
        told = start
        while proc.poll() is None:
            main_peak = max(main_peak, _kib(_status(proc.pid).get("VmHWM", "")))
            stack = _children(proc.pid)
            while stack:
                pid = stack.pop()
                workers[pid] = max(workers.get(pid, 0), _kib(_status(pid).get("VmHWM", "")))
                stack += _children(pid)
                if watch:
                    read[pid] = max(read.get(pid, 0), _read_bytes(pid))
            if watch and time.perf_counter() - told >= watch:
                told = time.perf_counter()
                count, size = total
                done = sum(read.values()) * count // size if size else 0
                print(
                    f"  … {told - start:.0f} s: main {main_peak / 1024:.0f} MiB, largest worker "
                    f"{max(workers.values(), default=0) / 1024:.0f} MiB, about {min(done, count):,}"
                    f" of {count:,} records read",
                    flush=True,
                )
            time.sleep(SAMPLE)
        wall = time.perf_counter() - start
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    code = proc.returncode
    if any(mark in text for mark in BROKEN):
        code = -1
    return {
        "wall": wall,
        "cpu": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        "main": main_peak / 1024,
        "worker": max(workers.values(), default=0) / 1024,
        "workers": len(workers),
        # ru_maxrss of the children is the largest of every child waited for so far: it is
        # this run's only when this run set it; else the samples are
        "largest": max(
            after.ru_maxrss if after.ru_maxrss > before.ru_maxrss else 0,
            main_peak,
            max(workers.values(), default=0),
        )
        / 1024,
        "code": code,
        "stderr": text[-2000:],
    }


def measure(
    safecli: list[str], names: list[str], sizes: list[int], mix: str, watch: float = 0
) -> list[dict]:
    rows = []
    for count in sizes:
        records = ensure_data(mix, count) / "records"
        total = (count, records_bytes(records)) if watch else (0, 0)
        for name in names:
            template, codes = COMMANDS[name]
            out = Path(tempfile.mkdtemp(prefix="safecli-mem-"))
            try:
                cmd = [*safecli, *(a.format(records=records, out=out) for a in template)]
                start_load = load()
                got = run_one(cmd, watch, total)
            finally:
                shutil.rmtree(out, ignore_errors=True)
            got.update(command=name, count=count, load=[start_load, load()])
            if got["code"] not in codes:
                got["refused"] = got["code"]
            rows.append(got)
            print(line(got), flush=True)
            if "refused" in got:
                print(got["stderr"], file=sys.stderr)
    return rows


def line(row: dict) -> str:
    if "refused" in row:
        return f"| {row['command']} | {row['count']:,} | refused (exit {row['refused']}) |||||"
    return (
        f"| {row['command']} | {row['count']:,} | {row['main']:.0f} MiB | "
        f"{row['worker']:.0f} MiB | **{row['largest']:.0f} MiB** | "
        f"{row['wall']:.1f} s · cpu {row['cpu']:.1f} s | {row['load'][0]} → {row['load'][1]} |"
    )


HEAD = [
    "| command | records | main process | largest worker | largest process | time | load |",
    "|---|---:|---:|---:|---:|---|---|",
]


def growth(rows: list[dict]) -> list[str]:
    """Each command's largest process at every size over its figure at the smallest size."""
    out = []
    for name in dict.fromkeys(r["command"] for r in rows):
        mine = [r for r in rows if r["command"] == name and "refused" not in r]
        if len(mine) < 2:
            continue
        base = mine[0]
        steps = ", ".join(
            f"{r['count']:,}: {r['largest'] / base['largest']:.2f} ×" for r in mine[1:]
        )
        out.append(f"- `{name}` over its {base['count']:,}-record peak: {steps}")
    return out


def write_readme(lines: list[str]) -> None:
    readme = HERE / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- memory.py table: start -->", "<!-- memory.py table: end -->"
    head, found, rest = text.partition(start)
    if not found:
        raise SystemExit(f"README.md has no {start} marker")
    _, _, tail = rest.partition(end)
    readme.write_text(head + start + "\n" + "\n".join(lines) + "\n" + end + tail, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="safecli peak memory")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--only", nargs="+", choices=list(COMMANDS), default=list(COMMANDS))
    parser.add_argument("--mix", default="half")
    parser.add_argument("--write-readme", action="store_true")
    parser.add_argument(
        "--watch", type=float, default=0, help="every so many seconds, the peaks so far"
    )
    args = parser.parse_args(argv)
    if not Path("/proc/self/status").exists():
        raise SystemExit("memory.py samples /proc: Linux only")
    safecli = [sys.executable, "-m", "safecli"]
    print("\n".join(HEAD), flush=True)
    rows = measure(safecli, args.only, args.sizes, args.mix, args.watch)
    summary = growth(rows)
    print("\n" + "\n".join(summary))
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "memory.json").write_text(json.dumps(rows, indent=2, default=str))
    if args.write_readme:
        stamp = time.strftime("%Y-%m-%d", time.gmtime())
        note = (
            f"Measured {stamp}, `{args.mix}` mix, one run per cell, on {os.cpu_count()} cores "
            "(load average, 1/5 min, before → after each row)."
        )
        write_readme([note, "", *HEAD, *(line(r) for r in rows), "", *summary])
    return 1 if any("refused" in r for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
