"""`python -m components.importing FILE`: import a file from a script and print what it turned
into as one line of JSON; the first problems, rows left out and warnings go to stderr. Exits
non-zero, with the reasons, only for a refused file (see datasets/IMPORT.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from components.importing.dates import DAY_FIRST, MONTH_FIRST
from components.importing.importers import Imported, import_file


def summary(result: Imported) -> dict:
    """What a file turned into, for scripts: counts, period, casualties, warnings, rows left out,
    incidents by type and by initiator, and how all-numeric dates were read."""
    df, report = result.incidents, result.report
    dates = df["date"].dropna() if len(df) else pd.Series(dtype="datetime64[ns]")

    def counts(column):
        return {str(k): int(v) for k, v in df[column].astype(str).value_counts().items()} if len(df) else {}

    return {
        "format": result.format,
        "rows": len(df),
        "source_rows": report.source_rows,
        "date_min": dates.min().strftime("%Y-%m-%d") if len(dates) else None,
        "date_max": dates.max().strftime("%Y-%m-%d") if len(dates) else None,
        "killed_total_sum": int(df["killed_total"].sum()) if len(df) else 0,
        "killed_unknown_rows": int(df["killed_total"].isna().sum()) if len(df) else 0,
        "problems": len(result.problems),
        "warnings": len(report.warnings),
        "rows_with_warnings": report.rows_with_warnings,
        "left_out": report.rows_left_out,
        "types": counts("incident_type"),
        "initiators": counts("initiator"),
        "date_order": report.dates.order,
        "date_order_decided": report.dates.decided,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Import a GTD, ACLED or incidents file (CSV or Excel) and report on it.")
    ap.add_argument("file", type=Path)
    ap.add_argument("--format", choices=["gtd", "acled", "native"], help="skip detection")
    ap.add_argument("--dates", choices=[DAY_FIRST, MONTH_FIRST], help="how to read all-numeric dates (31-12-19)")
    ap.add_argument("--warnings-csv", type=Path, help="write the warnings here")
    ap.add_argument("--left-out-csv", type=Path, help="write the rows left out here")
    args = ap.parse_args(argv)
    try:
        result = import_file(args.file, args.file.name, args.format, date_order=args.dates)
    except Exception as e:  # one JSON line and exit 1 whatever the file holds, never a traceback
        print(json.dumps({"file": args.file.name, "problems": 1, "error": f"{type(e).__name__}: {e}"}))
        return 1
    print(json.dumps(summary(result)))
    if args.warnings_csv:
        result.report.warnings.to_csv(args.warnings_csv, index=False)
    if args.left_out_csv:
        result.report.left_out.to_csv(args.left_out_csv, index=False)
    for label, items in (
        ("problem", result.problems),
        ("left out", _lines(result.report.left_out)),
        ("warning", _lines(result.report.warnings)),
    ):
        for text in items[:20]:
            print(f"{label}: {text}", file=sys.stderr)
        if len(items) > 20:
            print(f"... and {len(items) - 20} more ({label})", file=sys.stderr)
    return 1 if result.problems else 0


def _lines(frame: pd.DataFrame) -> list[str]:
    return [f"row {r[0]}, column {r[1]}: {r[2]!r}: {r[-1]}" for r in frame.itertuples(index=False)]
