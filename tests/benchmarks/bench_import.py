"""Import speed at full-database scale, printed as figures (python -m tests.benchmarks.bench_import).

Writes a GTD-format file (tests/benchmarks/gen_gtd.py, 200,000 rows by default, with the real
files' row-level faults) as CSV and as .xlsx, and times, side by side in one run, a plain
pandas.read_csv of the CSV, components.importing.importers.import_file of the CSV (parse, map, validate,
repair) and of the workbook. Targets: the CSV import at most 2x the plain read; the workbook import
at most 4x the CSV import. Both imports must give the same incidents.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from components.importing.importers import import_file
from tests.benchmarks.gen_gtd import generate, write


def timed(fn, runs: int) -> tuple[list[float], object]:
    """Seconds of each of `runs` calls of fn, and what the last one returned."""
    out, value = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        value = fn()
        out.append(time.perf_counter() - t0)
    return out, value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path, book = Path(tmp) / "gtd.csv", Path(tmp) / "gtd.xlsx"
        frame = generate(args.rows)
        write(frame, path)
        write(frame, book)
        del frame
        sizes = f"CSV {path.stat().st_size / 1e6:.1f} MB, xlsx {book.stat().st_size / 1e6:.1f} MB"
        print(f"GTD-format file: {args.rows:,} rows (and the generator's repeats), {sizes}")
        plain, _ = timed(lambda: pd.read_csv(path, encoding="latin-1", low_memory=False), args.runs)
        result = import_file(path, path.name)
        assert not result.problems, result.problems[:5]
        print(f"import: {result.report.counts(len(result.incidents))}")
        imported, _ = timed(lambda: import_file(path, path.name), args.runs)
        from_book = import_file(book, book.name)
        pd.testing.assert_frame_equal(from_book.incidents, result.incidents)
        del result, from_book
        workbook, _ = timed(lambda: import_file(book, book.name), args.runs)
    p, i, x = (statistics.median(t) for t in (plain, imported, workbook))
    print(f"plain pandas.read_csv          median {p:6.2f} s  (n={args.runs})")
    print(f"import CSV (parse, map, validate, repair)  median {i:6.2f} s  (n={args.runs})")
    print(f"import xlsx (calamine)         median {x:6.2f} s  (n={args.runs})")
    print(f"CSV import / plain read        {i / p:.2f}x   (target <= 2x)")
    print(f"xlsx import / CSV import       {x / i:.2f}x   (target <= 4x)")


if __name__ == "__main__":
    main()
