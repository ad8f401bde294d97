"""Peak memory of the folds alone (summary, findings, export) fed N records' worth of results.

    python benchmarks/fold_memory.py                        # 10,000, 100,000 and 1,000,000
    python benchmarks/fold_memory.py --sizes 10000 --only summary

What `memory.py` measures end to end costs the reading and scoring of every record (about an
hour and a half per command at a million records on a shared 2-core machine). This measures the
part of `summary`, `findings` and `export` that grows with the number of records, the main
process's fold and output, without the pool: 200 records of the `half` mix are scored once,
and their results (what the pool's workers send back: a Digest, a RecordFindings, export Rows)
are replayed N times, each copy a unit of its own (its code and name end with the copy's
number, as generate.py's records do), into the real fold and the real writer (summary and
findings as csv, export as Parquet). Each size runs in a fresh process; its VmHWM is the figure.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = 200
FOLDS = ("summary", "findings", "export")


def _peak() -> float:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _sample(fold: str) -> list:
    sys.path.insert(0, str(HERE))
    from run import ensure_data

    from safecli.portfolio import pool
    from safecli.portfolio.config import find_config

    folder = ensure_data("half", 10_000)
    config = find_config(folder)
    files = sorted((folder / "records").iterdir())[:SAMPLE]
    if fold == "summary":
        from safecli.portfolio.digest import digest as reduce
    elif fold == "findings":
        from safecli.portfolio.ledger import record_findings as reduce
    else:
        from safecli.portfolio.export import rows as reduce
    return [
        r.digest
        for r in pool.scan(files, config, digest=reduce, as_of=dt.date(2026, 1, 1), parallel=False)
        if r.digest is not None
    ]


def child(fold: str, count: int, out: Path) -> None:
    sample = _sample(fold)
    before = _peak()
    start = time.process_time()
    if fold == "summary":
        from safecli.portfolio.config import find_config
        from safecli.portfolio.summary import Rollup, standard_of
        from safecli.render.portfolio import csv_chunks

        rollup = Rollup("zh")
        for n in range(count):
            d = sample[n % len(sample)]
            row = dataclasses.replace(d.row, unit=f"{d.row.unit}-{n}", path=f"records/{n}.yaml")
            rollup.add(dataclasses.replace(d, row=row))
        config = find_config(HERE / "data" / "half" / "10000")
        portfolio = rollup.portfolio(lambda ref: standard_of(config, ref))
        with open(out, "w", encoding="utf-8") as handle:
            for chunk in csv_chunks(portfolio):
                handle.write(chunk)
    elif fold == "findings":
        from safecli.portfolio.ledger import follow
        from safecli.render.ledger import csv_chunks

        def records():
            for n in range(count):
                r = sample[n % len(sample)]
                yield dataclasses.replace(r, unit=f"{r.unit}-{n}", path=f"records/{n}.yaml")

        ledger = follow(records(), dt.date(2026, 1, 1))
        with open(out, "w", encoding="utf-8") as handle:
            for chunk in csv_chunks(ledger):
                handle.write(chunk)
    else:
        from safecli.portfolio.export import Exporter, Rows

        exporter = Exporter(out, "parquet", lambda ref: ({"pass": 0, "fail": 1}, None))
        for n in range(count):
            r = sample[n % len(sample)]
            unit = (f"{r.unit[0]}-{n}", *r.unit[1:18], f"records/{n}.yaml", *r.unit[19:])
            exporter.add(Rows(unit, r.items, r.count))
        exporter.close()
    cpu = time.process_time() - start
    print(f"{before:.1f} {_peak():.1f} {cpu:.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="peak memory of the folds alone")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--only", nargs="+", choices=FOLDS, default=list(FOLDS))
    parser.add_argument("--child", nargs=2, metavar=("FOLD", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        with tempfile.TemporaryDirectory(prefix="safecli-fold-") as tmp:
            child(args.child[0], int(args.child[1]), Path(tmp) / "out")
        return 0
    print("| fold | records | before the fold | peak | fold cpu | load |")
    print("|---|---:|---:|---:|---:|---|")
    for fold in args.only:
        for count in args.sizes:
            one, five, _ = os.getloadavg()
            done = subprocess.run(
                [sys.executable, __file__, "--child", fold, str(count)],
                capture_output=True,
                text=True,
            )
            if done.returncode:
                print(f"| {fold} | {count:,} | failed: {done.stderr[-300:]!r} |||")
                continue
            before, peak, cpu = done.stdout.split()[-3:]
            print(
                f"| {fold} | {count:,} | {float(before):.0f} MiB | **{float(peak):.0f} MiB** | "
                f"{float(cpu):.0f} s | {one:.1f}/{five:.1f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
