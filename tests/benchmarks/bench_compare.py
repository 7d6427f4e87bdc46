"""Compare at full-database scale, printed as figures (python -m tests.benchmarks.bench_compare).

Writes a 200,000-row GTD-format file (tests/benchmarks/gen_gtd.py) whose Kazakhstan 2011-2012 rows
are moved to 2010, plus a few dozen synthetic Kazakhstan 2011-2012 rows near the curated incidents,
imports it once (timed apart), then times what the Compare page computes on every rerun: the
overlap, scoring and assignment, the headline, the match table and the monthly deaths.
Target: under one second after the import.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from components.compare import comparison, matching, wording
from components.data.loader import load_dataset
from components.importing.importers import as_dataset, import_file
from tests.benchmarks.gen_gtd import generate


def with_overlap(rows: int, overlap: int, seed: int = 1) -> pd.DataFrame:
    """The generated file, its Kazakhstan 2011-2012 rows moved out of the period, and `overlap`
    synthetic rows in it: near a curated incident (a day off or the same day, a few km away) or not."""
    frame = generate(rows, seed)
    moved = (frame["country_txt"] == "Kazakhstan") & frame["iyear"].isin([2011, 2012])
    frame.loc[moved, "iyear"] = 2010
    curated = load_dataset().incidents
    rng = np.random.default_rng(seed)
    near = curated.iloc[rng.integers(0, len(curated), overlap)].reset_index(drop=True)
    dates = near["date"] + pd.to_timedelta(rng.integers(-1, 2, overlap), unit="D")
    extra = pd.DataFrame("", index=range(overlap), columns=frame.columns)
    extra["eventid"] = [f"{d:%Y%m%d}9{i:05d}" for i, d in enumerate(dates)]
    extra["iyear"], extra["imonth"], extra["iday"] = dates.dt.year, dates.dt.month, dates.dt.day
    extra.loc[rng.random(overlap) < 0.2, "iday"] = 0  # some known to the month only
    extra["country_txt"], extra["provstate"], extra["city"] = "Kazakhstan", near["region"], near["location"]
    extra["latitude"] = (near["latitude"] + rng.normal(0, 0.05, overlap)).round(4)
    extra["longitude"] = (near["longitude"] + rng.normal(0, 0.05, overlap)).round(4)
    extra["specificity"] = 1
    extra["attacktype1_txt"] = rng.choice(["Bombing/Explosion", "Armed Assault", "Unknown"], overlap)
    extra["weaptype1_txt"], extra["targtype1_txt"] = "Unknown", "Police"
    extra["nkill"] = np.where(rng.random(overlap) < 0.2, "", rng.integers(0, 15, overlap).astype(str))
    extra["summary"] = "SYNTHETIC benchmark row"
    return pd.concat([frame, extra], ignore_index=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--overlap", type=int, default=36, help="synthetic Kazakhstan 2011-2012 rows added")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    curated = load_dataset()
    country, period = matching.default_overlap(curated.incidents, curated.table.period)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gtd.csv"
        with_overlap(args.rows, args.overlap).to_csv(path, index=False, encoding="latin-1")
        print(
            f"GTD-format file: {args.rows + args.overlap:,} rows ({args.overlap} in the overlap), "
            f"{path.stat().st_size / 1e6:.1f} MB"
        )
        t0 = time.perf_counter()
        result = import_file(path, path.name)
        dataset = as_dataset(result, path.name, "bench")
        print(f"import (not part of the target): {time.perf_counter() - t0:.2f} s, {len(dataset.incidents):,} rows")

    def page() -> comparison.Comparison:
        c = matching.compare(curated.incidents, dataset.incidents, country, period, "GTD")
        wording.headline(c), comparison.match_table(c), comparison.monthly_deaths(c)
        return c

    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        c = page()
        times.append(time.perf_counter() - t0)
    print(wording.headline(c))
    print(
        f"compare after the import: median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms over {args.runs} runs (target < 1000 ms)"
    )


if __name__ == "__main__":
    main()
