"""Write a GTD-format file of N rows with the real file's quirks, for import tests and benchmarks.
Synthetic: no row comes from the GTD.

    python -m tests.benchmarks.gen_gtd OUT.csv|OUT.xlsx [--rows 200000] [--seed 1]

Quirks: 135 columns in the public order, Latin-1 text with accents, imonth/iday 0 (unknown month or
day), blank and -99/-9 sentinel counts, nkillter/nwoundte parts, 'Unknown' cities and group names,
empty coordinates, free-text summaries with commas and quotes; and the row-level faults real files
have: empty or 'Unknown' provstate (2%), a part above its total (nwoundte 4 with nwound 1), a day its
month does not have (31 February), exact repeated rows and repeated eventids with other content.
An .xlsx is written as START distributes the GTD (numbers as numbers, empty cells absent).
Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from tests.test_importers import DATA

COLUMNS = pd.read_csv(DATA / "gtd_sample.csv", nrows=0, encoding="latin-1").columns.tolist()
COUNTRIES = [
    ("Kazakhstan", "Almaty", "Almaty", 43.24, 76.95),
    ("Kyrgyzstan", "Chüy", "Bishkek", 42.87, 74.59),
    ("Russia", "Dagestan", "Makhachkala", 42.98, 47.50),
    ("France", "Île-de-France", "Paris", 48.86, 2.35),
    ("Colombia", "Antioquia", "Medellín", 6.24, -75.58),
    ("Iraq", "Baghdad", "Unknown", 33.31, 44.37),
]
ATTACKS = [
    "Bombing/Explosion",
    "Armed Assault",
    "Assassination",
    "Hostage Taking (Kidnapping)",
    "Facility/Infrastructure Attack",
    "Unknown",
]
WEAPONS = ["Explosives", "Firearms", "Incendiary", "Melee", "Unknown"]
TARGETS = ["Police", "Military", "Private Citizens & Property", "Business", "Government (General)", "Unknown"]


def generate(rows: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    place = rng.integers(0, len(COUNTRIES), rows)
    country, prov, city, lat, lon = (np.array([c[i] for c in COUNTRIES], dtype=object)[place] for i in range(5))
    year = rng.integers(1970, 2021, rows)
    month = np.where(rng.random(rows) < 0.02, 0, rng.integers(1, 13, rows))
    day = np.where((month == 0) | (rng.random(rows) < 0.05), 0, rng.integers(1, 29, rows))

    def counts(p_blank, p_sentinel, sentinel, high):
        n = rng.integers(0, high, rows).astype(object)
        n[rng.random(rows) < p_blank] = ""
        n[rng.random(rows) < p_sentinel] = sentinel
        return n

    nkill, nwound = counts(0.06, 0.01, "-99", 30), counts(0.09, 0.01, "-9", 50)
    # Perpetrator deaths, only where a real total is known and at least 1 (a part never exceeds it).
    known = np.array([str(v) not in ("", "-99") and int(v) >= 1 for v in nkill])
    nkillter = np.where(known & (rng.random(rows) < 0.5), "1", "").astype(object)
    frame = pd.DataFrame("", index=range(rows), columns=COLUMNS)
    frame["eventid"] = [f"{y}{m:02d}{d:02d}{i:06d}" for i, (y, m, d) in enumerate(zip(year, month, day, strict=True))]
    frame["iyear"], frame["imonth"], frame["iday"] = year, month, day
    frame["country_txt"], frame["provstate"], frame["city"] = country, prov, city
    frame["latitude"] = np.where(rng.random(rows) < 0.03, "", lat)
    frame["longitude"] = np.where(frame["latitude"] == "", "", lon)
    frame["specificity"] = rng.integers(1, 6, rows)
    frame["attacktype1_txt"] = np.array(ATTACKS, dtype=object)[rng.integers(0, len(ATTACKS), rows)]
    frame["weaptype1_txt"] = np.array(WEAPONS, dtype=object)[rng.integers(0, len(WEAPONS), rows)]
    frame["targtype1_txt"] = np.array(TARGETS, dtype=object)[rng.integers(0, len(TARGETS), rows)]
    frame["nkill"], frame["nkillter"], frame["nwound"] = nkill, nkillter, nwound
    frame["nwoundte"] = ""
    frame["gname"] = np.where(rng.random(rows) < 0.4, "Unknown", 'Groupe armé "Ouest", cell 3')
    frame["summary"] = np.where(rng.random(rows) < 0.5, "", 'Attack on a checkpoint, "heavy" fire; café damaged.')
    return with_faults(frame, rng)


def with_faults(frame: pd.DataFrame, rng) -> pd.DataFrame:
    """The row-level faults of real GTD files, at fixed small rates (each at least once)."""
    rows = len(frame)

    def some(rate: float) -> np.ndarray:
        return rng.choice(rows, size=max(1, int(rows * rate)), replace=False)

    frame.loc[some(0.01), "provstate"] = ""
    frame.loc[some(0.01), "provstate"] = "Unknown"
    conflict = some(0.001)
    frame.loc[conflict, "nwound"], frame.loc[conflict, "nwoundte"] = "1", "4"
    bad_day = some(0.0005)
    frame.loc[bad_day, "imonth"], frame.loc[bad_day, "iday"] = 2, 31
    # Repeats: an exact copy of a row, and another row given that row's eventid.
    copied, reused = some(0.0005), some(0.0005)
    reused_from = (reused + 1) % rows
    frame.loc[reused, "eventid"] = frame.loc[reused_from, "eventid"].to_numpy()
    return pd.concat([frame, frame.loc[copied]], ignore_index=True)


def write(frame: pd.DataFrame, out: Path) -> None:
    """A .csv in Latin-1 as the public file; an .xlsx (xlsxwriter, written row by row: pandas'
    to_excel takes minutes on 27 million mostly empty cells) with numbers as numbers."""
    if out.suffix.lower() != ".xlsx":
        frame.to_csv(out, index=False, encoding="latin-1")
        return
    import xlsxwriter  # tests only: the app reads workbooks, it never writes them

    book = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, list(frame.columns))
    used = [(j, c) for j, c in enumerate(frame.columns) if (frame[c].astype(str) != "").any()]
    columns = [(j, frame[c].to_numpy()) for j, c in used]
    for i in range(len(frame)):
        for j, values in columns:
            v = values[i]
            if isinstance(v, str):
                if v == "":
                    continue
                try:
                    sheet.write_number(i + 1, j, float(v))
                except ValueError:
                    sheet.write_string(i + 1, j, v)
            else:
                sheet.write_number(i + 1, j, float(v))
    book.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    write(generate(args.rows, args.seed), args.out)
    print(f"{args.out}: {args.rows} rows, {args.out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
