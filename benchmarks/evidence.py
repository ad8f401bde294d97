"""Evidence files hashed and checked, against the floor of reading and hashing them in a loop.

    python benchmarks/evidence.py                       # 10,000 files of 8 KiB, and 16 of 64 MiB
    python benchmarks/evidence.py --files 2000 --size 4096

It writes a records repository (a `.git` folder marks its root) with one record of the bundled
safe-enterprise standard whose first item lists every file as evidence, then measures, each the
best of `--repeat` runs:

- the **floor**: one Python process reading every file and hashing it with hashlib, nothing else;
- `safecli evidence hash RECORD` (fills each sha256 into the record; measured on a fresh copy of
  the record each run) and `safecli validate --evidence RECORD` (checks every file again);
- wall time and its ratio to the floor, and the peak memory of the process.

The same is then done on a few large files: memory must not grow with a file's size (hashing
reads fixed-size blocks). Data go to benchmarks/data/evidence/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLOOR = """
import hashlib, os, sys
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    digest = hashlib.sha256()
    with open(os.path.join(folder, name), "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
"""
WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - start
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([wall, r.ru_utime + r.ru_stime, r.ru_maxrss, code]))
"""
HEAD = """\
standard: safe-enterprise@2013
subject: {kind: enterprise, id: 914403001922038216, name: 基准企业, employees: 320}
inspection: {date: 2026-02-01}
responses:
  standards.1:
    status: met
    evidence:
"""


def measure(cmd: list[str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", WRAPPER, *cmd], capture_output=True, text=True, check=True
    )
    wall, cpu, peak, code = json.loads(out.stdout)
    return {"wall": wall, "cpu": cpu, "peak": peak / 1024, "code": code}


def make(root: Path, files: int, size: int, sparse: bool) -> Path:
    """The repository: `files` evidence files of `size` bytes and a record listing them."""
    evidence = root / "archives"
    if not (evidence.is_dir() and len(os.listdir(evidence)) == files):
        shutil.rmtree(root, ignore_errors=True)
        evidence.mkdir(parents=True)
        (root / ".git").mkdir()
        (root / "records").mkdir()
        for n in range(files):
            with open(evidence / f"e{n:06d}.pdf", "wb") as handle:
                if sparse:
                    handle.truncate(size)
                else:
                    handle.write(os.urandom(size))
        lines = [HEAD] + [f"      - ../archives/e{n:06d}.pdf\n" for n in range(files)]
        (root / "record.yaml").write_text("".join(lines), encoding="utf-8")
    return root


def run(root: Path, repeat: int) -> dict[str, dict[str, float]]:
    safecli = [sys.executable, "-m", "safecli"]
    record = root / "records" / "unit.yaml"
    floor = min((measure([sys.executable, "-c", FLOOR, str(root / "archives")]) for _ in range(repeat)), key=lambda r: r["wall"])  # fmt: skip
    hashed = []
    for _ in range(repeat):
        shutil.copy(root / "record.yaml", record)
        hashed.append(measure([*safecli, "evidence", "hash", str(record)]))
    checked = [measure([*safecli, "validate", "--evidence", str(record)]) for _ in range(repeat)]
    return {
        "floor": floor,
        "evidence hash": min(hashed, key=lambda r: r["wall"]),
        "validate --evidence": min(checked, key=lambda r: r["wall"]),
    }


def row(label: str, result: dict[str, dict[str, float]]) -> str:
    floor = result["floor"]
    cells = [f"{floor['wall']:.2f} s · {floor['peak']:.0f} MiB"]
    for name in ("evidence hash", "validate --evidence"):
        r = result[name]
        assert r["code"] == 0, (name, r)
        cells.append(
            f"{r['wall']:.2f} s · **{r['wall'] / floor['wall']:.2f} ×** · {r['peak']:.0f} MiB"
        )
    return f"| {label} | " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="safecli evidence benchmark")
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=8192)
    parser.add_argument("--big-files", type=int, default=16)
    parser.add_argument("--big-size", type=int, default=64 << 20)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    data = HERE / "data" / "evidence"
    many = run(
        make(data / f"many-{args.files}-{args.size}", args.files, args.size, False), args.repeat
    )
    big = run(
        make(data / f"big-{args.big_files}-{args.big_size}", args.big_files, args.big_size, True),
        args.repeat,
    )
    print("| evidence | floor (read + sha256) | `evidence hash` | `validate --evidence` |")
    print("|---|---:|---:|---:|")
    print(row(f"{args.files:,} files of {args.size // 1024} KiB", many))
    print(row(f"{args.big_files} files of {args.big_size >> 20} MiB", big))
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "evidence.json").write_text(json.dumps({"many": many, "big": big}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
