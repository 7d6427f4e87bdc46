"""Import speed at full-database scale, printed as figures (python -m tests.benchmarks.bench_import).

Writes a GTD-format file (tests/benchmarks/gen_gtd.py, 200,000 rows by default) and times, side by
side in one run, a plain pandas.read_csv of it against components.importers.import_file (parse,
map, validate). Target: the import at most 2x the plain read.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from components.importers import import_file
from tests.benchmarks.gen_gtd import generate


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gtd.csv"
        generate(args.rows).to_csv(path, index=False, encoding="latin-1")
        print(f"GTD-format file: {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB")
        plain = timed(lambda: pd.read_csv(path, encoding="latin-1", low_memory=False), args.runs)
        result = import_file(path, path.name)
        assert not result.problems, result.problems[:5]
        imported = timed(lambda: import_file(path, path.name), args.runs)
    p, i = statistics.median(plain), statistics.median(imported)
    print(f"plain pandas.read_csv          median {p:6.2f} s  (n={args.runs})")
    print(f"import (parse, map, validate)  median {i:6.2f} s  (n={args.runs})")
    print(f"import / plain read            {i / p:.2f}x   (target <= 2x)")


if __name__ == "__main__":
    main()
