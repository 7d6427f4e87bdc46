"""`python -m components.compare IMPORT_FILE`: compare a file with the curated incidents from a
script (see datasets/IMPORT.md).

    python -m components.compare IMPORT_FILE [--format gtd|acled|native] [--country C] [--from D --to D]

prints one line of JSON and exits 1 only when the file is refused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import pandas as pd

from components.compare.comparison import Comparison
from components.compare.matching import compare, default_overlap
from components.compare.wording import DIFFERS, UNKNOWN_ON_ONE_SIDE, source_name
from components.core.formatting import counted


def summary(c: Comparison) -> dict:
    """The CLI's JSON."""
    known = lambda v: None if pd.isna(v) else int(v)  # noqa: E731
    differ = c.differing()
    unknown = c.unknown_on_one_side()
    return {
        "source": c.source,
        "country": c.country,
        "period": [c.period[0].isoformat(), c.period[1].isoformat()],
        "matched": len(c.pairs),
        "only_curated": len(c.only_curated),
        "only_import": len(c.only_import),
        "count_differences": int(differ.sum()),
        "unknown_on_one_side": int(unknown.sum()),
        "pairs": [
            {
                "curated": r["curated_id"],
                "import": r["import_id"],
                "score": round(float(r["score"]), 3),
                "killed": [known(r.get("curated_killed_total")), known(r.get("import_killed_total"))],
                "differs": [k for k in c.counts if r[f"{k}_check"] == DIFFERS],
                "unknown_on_one_side": [k for k in c.counts if r[f"{k}_check"] == UNKNOWN_ON_ONE_SIDE],
                "reasons": r["reasons"],
            }
            for r in c.pairs.to_dict("records")
        ],
    }


def _date_arg(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def main(argv=None) -> int:
    from components.data.loader import load_dataset
    from components.importing.importers import import_file

    ap = argparse.ArgumentParser(description="Compare a GTD, ACLED or incidents CSV with the curated incidents.")
    ap.add_argument("file", type=Path)
    ap.add_argument("--format", choices=["gtd", "acled", "native"], help="skip detection")
    ap.add_argument("--country", help="the overlap's country (default: the curated data's)")
    ap.add_argument("--from", dest="start", type=_date_arg, help="first day of the overlap, YYYY-MM-DD")
    ap.add_argument("--to", dest="end", type=_date_arg, help="last day of the overlap, YYYY-MM-DD")
    args = ap.parse_args(argv)
    result = import_file(args.file, args.file.name, args.format)
    if result.problems and not len(result.incidents):
        for p in result.problems[:20]:
            print(f"problem: {p}", file=sys.stderr)
        print(f"{args.file.name} was refused: {counted(len(result.problems), 'problem')}", file=sys.stderr)
        return 1
    curated = load_dataset()
    country, period = default_overlap(curated.incidents, curated.table.period)
    period = (args.start or period[0], args.end or period[1])
    c = compare(curated.incidents, result.incidents, args.country or country, period, source_name(result.format))
    print(json.dumps(summary(c), ensure_ascii=False))
    return 0
