"""The "Reproduce this view" zip, measured (python -m tests.benchmarks.bench_publish [--rows 200000]).

For the curated data and a GTD-format import (tests/benchmarks/gen_gtd.py, 200,000 rows by default):
the zip's build time (what a click on "Reproduce (.zip)" costs the server) and size, and the time
`python reproduce.py` takes in the unpacked folder (a fresh interpreter: imports, reading, filters,
figures, three offline charts), for the whole data and for one incident type.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from components.data.loader import load_dataset
from components.importing.importers import as_dataset, import_file
from components.publish.bundle import FOLDER, bundle
from components.publish.script import View
from components.state.filters import Filters
from tests.benchmarks.bench_import import timed
from tests.benchmarks.gen_gtd import generate, write


def measure(name: str, view: View, tmp: Path, runs: int) -> None:
    times, content = timed(lambda: bundle(view), runs)
    folder = tmp / name
    zipfile.ZipFile(io.BytesIO(content)).extractall(folder)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "reproduce.py"], cwd=folder / FOLDER, check=True, capture_output=True)
    ran = time.perf_counter() - t0
    print(f"{name:38} zip {len(content) / 1e6:7.2f} MB  built in {min(times):5.2f} s  reproduce.py {ran:5.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    curated = load_dataset()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        measure("curated, all incidents", View(curated, Filters()), tmp, args.runs)
        measure("curated, bombings", View(curated, Filters(types=("bombing",))), tmp, args.runs)
        path = tmp / "gtd.csv"
        write(generate(args.rows), path)
        data = as_dataset(import_file(path.read_bytes(), path.name), path.name, "bench")
        measure(f"import of {args.rows:,} rows, all", View(data, Filters()), tmp, args.runs)
        first = data.incidents["incident_type"].cat.categories[0]  # the commonest
        measure(f"import of {args.rows:,} rows, one type", View(data, Filters(types=(first,))), tmp, args.runs)


if __name__ == "__main__":
    main()
