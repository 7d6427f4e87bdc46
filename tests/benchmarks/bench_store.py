"""An import brought back from the import store against a fresh upload of the same file, printed as
figures (python -m tests.benchmarks.bench_store).

Writes a GTD-format file (tests/benchmarks/gen_gtd.py, 200,000 rows by default, with the real
files' row-level faults), then times, side by side in one run: the fresh import the upload does
(components.importing.importers.import_file and as_dataset: parse, map, validate, repair), writing
it to a store in a temporary folder once (store.save: Parquet and meta.json, atomic rename), and
loading it back (store.load: what a reload, a restart or a shared link costs a replica the first
time; later sessions on that replica share its cached copy). Prints the entry's size on disk and
checks the loaded incidents and report are identical to the fresh import's.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from components.importing import store
from components.importing.importers import as_dataset, import_file
from tests.benchmarks.bench_import import timed
from tests.benchmarks.gen_gtd import generate, write


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path, root = Path(tmp) / "gtd.csv", Path(tmp) / "store"
        write(generate(args.rows), path)
        content = path.read_bytes()
        print(f"GTD-format file: {args.rows:,} rows (and the generator's repeats), CSV {len(content) / 1e6:.1f} MB")
        fresh, dataset = timed(lambda: as_dataset(import_file(content, path.name), path.name, "bench"), args.runs)
        print(f"import: {dataset.report.counts(len(dataset.incidents))}")
        key = store.entry_key("bench", None, None)
        t0 = time.perf_counter()
        store.save(key, dataset, root=root)
        saved = time.perf_counter() - t0
        loaded, (back, _) = timed(lambda: store.load(key, root=root), args.runs)
        pd.testing.assert_frame_equal(back.incidents, dataset.incidents)
        pd.testing.assert_frame_equal(back.report.warnings, dataset.report.warnings)
        pd.testing.assert_frame_equal(back.report.left_out, dataset.report.left_out)
        size = sum(f.stat().st_size for f in (root / key).iterdir())
    f, s = statistics.median(fresh), statistics.median(loaded)
    print(f"fresh import (parse, map, validate, repair)  median {f:6.2f} s  (n={args.runs})")
    print(f"write to the store, once                     {saved:6.2f} s")
    print(f"load from the store                          median {s:6.2f} s  (n={args.runs})")
    print(f"store load / fresh import                    {s / f:.2f}x")
    print(f"entry on disk                                {size / 1e6:6.1f} MB (CSV {len(content) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
