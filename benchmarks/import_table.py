"""How long `standards import` takes on a large scoring table, as a ratio to the parse floor.

    python benchmarks/import_table.py                 # 1,000 and 10,000 items, best of 3
    python benchmarks/import_table.py --sizes 5000 --repeat 5

The floor is openpyxl reading every cell of the same workbook in read-only mode (what any xlsx
reader must do); the import adds finding the header, the sums, the 评分方法 rules and validating
the standard. The table repeats the example district's rows (their methods, 小计 rows, merged
类目 cells) until it has N items.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent / "examples" / "standards"))


def table(n: int, path: Path) -> None:
    from make_example import HEADER, TABLE
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["基准评分表"])
    ws.append(list(HEADER))
    made = 0
    round_ = 0
    while made < n:
        round_ += 1
        for category, items in TABLE:
            first = ws.max_row + 1
            subtotal = 0
            for project, content, points, method in items:
                made += 1
                ws.append(
                    [made, f"{category}{round_}", project, f"{content}{made}", points, method]
                )
                subtotal += points
            ws.merge_cells(start_row=first, start_column=2, end_row=ws.max_row, end_column=2)
            ws.append([None, None, None, "小计", subtotal, None])
            if made >= n:
                break
    wb.save(path)


def floor(path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    for row in wb.active.iter_rows(values_only=True):
        for _ in row:
            pass
    wb.close()


def best(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from safecli.read.tables.importer import import_table

    print("| items | floor (s) | import (s) | ratio |")
    print("|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sizes:
            path = Path(folder) / f"table-{n}.xlsx"
            table(n, path)
            base = best(args.repeat, lambda p=path: floor(p))
            took = best(args.repeat, lambda p=path: import_table(p, std_id="bench"))
            print(f"| {n:,} | {base:.2f} | {took:.2f} | {took / base:.1f} |")


if __name__ == "__main__":
    main()
