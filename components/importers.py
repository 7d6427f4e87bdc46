"""Bring your own data: GTD, ACLED or this project's own incidents CSV, mapped to the canonical
incident schema and validated with the same schema as the curated data (import profile).

Unknown stays unknown: GTD imonth/iday 0 give month/year precision, empty and negative sentinel
counts (-99, -9) become empty, nkillter/nwoundte feed the perpetrator columns, ACLED fatalities is a
total with no split; GTD and ACLED keep their own type labels. Usable without the app:

    python -m components.importers FILE [--format gtd|acled|native]

prints one line of JSON and exits non-zero with a readable message on a bad file.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from components.loader import Dataset, read_text_table
from components.schema import Table, fitted, import_profile, tables
from components.validation import Problem, validate_table

GTD_REQUIRED = (
    "eventid",
    "iyear",
    "imonth",
    "iday",
    "country_txt",
    "provstate",
    "city",
    "latitude",
    "longitude",
    "specificity",
    "attacktype1_txt",
    "weaptype1_txt",
    "targtype1_txt",
    "nkill",
    "nkillter",
    "nwound",
    "nwoundte",
)
ACLED_REQUIRED = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "actor1",
    "inter1",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
)
FORMATS = {"gtd": GTD_REQUIRED, "acled": ACLED_REQUIRED}
FORMAT_NAMES = {"gtd": "GTD", "acled": "ACLED", "native": "incidents CSV"}


@dataclass(frozen=True)
class Imported:
    format: str
    incidents: pd.DataFrame  # typed, canonical columns; empty when there are problems
    problems: list[Problem]


def detect(columns, package: dict[str, Table] | None = None) -> str | None:
    """The format a header belongs to: all of a format's required columns are present. `package`:
    the data package's tables (default: the data folder's, read once per version by schema.tables)."""
    cols = set(columns)
    native = set((package or tables())["incidents"].columns)
    if native <= cols:
        return "native"
    for name, required in FORMATS.items():
        if set(required) <= cols:
            return name
    return None


GTD_SENTINELS = r"-99|-9"  # the GTD's codes for an unknown count; any other negative is an error


def _count(raw: pd.Series, sentinels: str | None = None) -> pd.Series:
    """A source count as canonical text: blanks and the format's sentinel codes are unknown (empty),
    whole numbers written as such ("3.0" -> "3"). Anything else (text, other negatives) is passed
    through unchanged so validation reports it at its row and column. String operations only."""
    text = raw.str.strip()
    out = text.str.replace(r"^(\d+)\.0*$", r"\1", regex=True)
    if sentinels:
        out = out.where(~text.str.fullmatch(rf"({sentinels})(\.0*)?"), "")
    return out.fillna("")


def _blank_unknown(raw: pd.Series) -> pd.Series:
    return raw.where(~raw.str.strip().str.lower().isin(["unknown", ""]), "")


def map_gtd(raw: pd.DataFrame) -> pd.DataFrame:
    # String operations only (fast on 200k rows): "0" means unknown; anything non-numeric is left in
    # the date so validation reports it at its row.
    month, day = (raw[c].str.strip().str.replace(r"^0+(?=\d)", "", regex=True) for c in ("imonth", "iday"))
    precision = np.where(month == "0", "year", np.where(day == "0", "month", "day"))
    date = (
        raw["iyear"].str.strip().str.zfill(4)
        + "-"
        + month.where(month != "0", "1").str.zfill(2)
        + "-"
        + day.where((day != "0") & (month != "0"), "1").str.zfill(2)
    )
    geo = raw["specificity"].map({"1": "settlement", "2": "district", "3": "district", "4": "region", "5": "country"})
    return pd.DataFrame(
        {
            "incident_id": "gtd-" + raw["eventid"],
            "date": date,
            "date_precision": precision,
            "location": _blank_unknown(raw["city"]).where(lambda s: s != "", raw["provstate"]).replace("", "unknown"),
            "country": raw["country_txt"],
            "region": _blank_unknown(raw["provstate"]),
            "latitude": raw["latitude"],
            "longitude": raw["longitude"],
            "geo_precision": geo.fillna(raw["specificity"]),
            "incident_type": raw["attacktype1_txt"],
            "attack_type": raw["attacktype1_txt"],
            "weapon_type": raw["weaptype1_txt"],
            "target_type": raw["targtype1_txt"],
            "initiator": "militants",  # GTD records attacks by non-state actors only
            "killed_total": _count(raw["nkill"], GTD_SENTINELS),
            "killed_perpetrators": _count(raw["nkillter"], GTD_SENTINELS),
            "injured_total": _count(raw["nwound"], GTD_SENTINELS),
            "injured_perpetrators": _count(raw["nwoundte"], GTD_SENTINELS),
            "perpetrators": _blank_unknown(raw.get("gname", pd.Series("", index=raw.index))),
            "target": raw.get("target1", pd.Series("", index=raw.index)),
            "summary": raw.get("summary", pd.Series("", index=raw.index)),
            "source_ref": "GTD " + raw["eventid"],
        },
        index=raw.index,
    )


# Canonical column -> the source column it comes from, so a problem names what the user can fix.
SOURCE_COLUMNS = {
    "gtd": {
        "incident_id": "eventid",
        "date": "iyear/imonth/iday",
        "date_precision": "imonth/iday",
        "location": "city",
        "country": "country_txt",
        "region": "provstate",
        "latitude": "latitude",
        "longitude": "longitude",
        "geo_precision": "specificity",
        "incident_type": "attacktype1_txt",
        "attack_type": "attacktype1_txt",
        "weapon_type": "weaptype1_txt",
        "target_type": "targtype1_txt",
        "killed_total": "nkill",
        "killed_perpetrators": "nkillter",
        "injured_total": "nwound",
        "injured_perpetrators": "nwoundte",
        "perpetrators": "gname",
        "target": "target1",
        "summary": "summary",
    },
    "acled": {
        "incident_id": "event_id_cnty",
        "date": "event_date",
        "date_precision": "time_precision",
        "location": "location",
        "country": "country",
        "region": "admin1",
        "latitude": "latitude",
        "longitude": "longitude",
        "geo_precision": "geo_precision",
        "incident_type": "event_type",
        "initiator": "inter1",
        "killed_total": "fatalities",
        "perpetrators": "actor1",
        "target": "actor2",
        "summary": "notes",
    },
}

ACLED_INITIATOR = {"1": "security forces", "2": "militants", "3": "militants", "4": "militants"}


def map_acled(raw: pd.DataFrame) -> pd.DataFrame:
    parsed = pd.to_datetime(raw["event_date"], format="%Y-%m-%d", errors="coerce").fillna(
        pd.to_datetime(raw["event_date"], format="%d %B %Y", errors="coerce")
    )
    precision = raw["time_precision"].map({"1": "day", "2": "week", "3": "month"})
    # time_precision 3 means "month or coarser": the date is reduced to its month, as the schema wants.
    date = parsed.where(precision != "month", parsed.dt.to_period("M").dt.to_timestamp())
    return pd.DataFrame(
        {
            "incident_id": "acled-" + raw["event_id_cnty"],
            "date": date.dt.strftime("%Y-%m-%d").fillna(raw["event_date"]),
            "date_precision": precision.fillna(raw["time_precision"]),
            "location": raw["location"],
            "country": raw["country"],
            "region": raw["admin1"],
            "latitude": raw["latitude"],
            "longitude": raw["longitude"],
            "geo_precision": raw["geo_precision"]
            .map({"1": "settlement", "2": "district", "3": "region"})
            .fillna(raw["geo_precision"]),
            "incident_type": raw["event_type"],
            "initiator": raw["inter1"].map(ACLED_INITIATOR).fillna("unknown"),
            "killed_total": _count(raw["fatalities"]),  # a total: ACLED does not say who died
            "perpetrators": raw["actor1"],
            "target": raw.get("actor2", pd.Series("", index=raw.index)),
            "summary": raw.get("notes", pd.Series("", index=raw.index)),
            "source_ref": "ACLED " + raw["event_id_cnty"],
        },
        index=raw.index,
    )


def _resembles(columns) -> str | None:
    """A format whose identifying columns are there though others are missing (reported as such)."""
    cols = set(columns)
    return next((name for name, required in FORMATS.items() if set(required[:2]) <= cols), None)


def _read(source, name: str, fmt: str | None, package: dict[str, Table]):
    """Parse only the columns the mapping uses (the GTD has 135); a GTD header allows Latin-1."""
    native = set(package["incidents"].columns)
    wanted = native | {c for cols in (*FORMATS.values(), *(m.values() for m in SOURCE_COLUMNS.values())) for c in cols}
    wanted |= {"gname", "target1", "summary", "actor2", "notes"}
    return read_text_table(
        source,
        name,
        usecols=lambda c: c in wanted,
        latin1_if=lambda header: (fmt or detect(header, package) or _resembles(header)) == "gtd",
    )


def import_file(
    source, name: str = "upload.csv", fmt: str | None = None, package: dict[str, Table] | None = None
) -> Imported:
    """Read, detect (or take) the format, map and validate. Problems name the file, row and column.
    `package`: the data package's tables the import is checked against (default: the data folder's)."""
    package = package or tables()
    raw, problems = _read(source, name, fmt, package)
    if raw is None:
        return Imported(fmt or "unknown", pd.DataFrame(), problems)
    found = fmt or detect(raw.columns, package) or _resembles(raw.columns)
    if found is None:
        return Imported(
            "unknown",
            pd.DataFrame(),
            [
                Problem(
                    name,
                    None,
                    None,
                    "not a GTD, ACLED or incidents file: the header lacks the columns of each "
                    f"(GTD needs e.g. {', '.join(GTD_REQUIRED[:4])}; ACLED needs e.g. {', '.join(ACLED_REQUIRED[:4])})",
                )
            ],
        )
    missing = [c for c in (FORMATS.get(found) or package["incidents"].columns) if c not in raw.columns]
    if missing:
        return Imported(
            found, pd.DataFrame(), [Problem(name, None, c, f"required {found} column is missing") for c in missing]
        )
    if not len(raw):
        return Imported(found, pd.DataFrame(), [Problem(name, None, None, "the file has a header but no rows")])
    table = import_profile(package["incidents"])
    mapped = raw if found == "native" else {"gtd": map_gtd, "acled": map_acled}[found](raw)
    canonical = mapped.reindex(columns=table.columns, fill_value="").fillna("").astype(str)
    typed, found_problems = validate_table(table, canonical)
    sources = SOURCE_COLUMNS.get(found, {})
    problems = [
        Problem(
            name,
            p.row,
            sources.get(p.column, p.column),
            p.message if p.column not in sources else f"{p.message} (mapped to {p.column})",
        )
        for p in found_problems
    ]
    return Imported(found, pd.DataFrame() if problems else typed, problems)


def summary(result: Imported) -> dict:
    df = result.incidents
    dates = df["date"].dropna() if len(df) else pd.Series(dtype="datetime64[ns]")
    return {
        "format": result.format,
        "rows": len(df),
        "date_min": dates.min().strftime("%Y-%m-%d") if len(dates) else None,
        "date_max": dates.max().strftime("%Y-%m-%d") if len(dates) else None,
        "killed_total_sum": int(df["killed_total"].sum()) if len(df) else 0,
        "killed_unknown_rows": int(df["killed_total"].isna().sum()) if len(df) else 0,
        "problems": len(result.problems),
    }


def as_dataset(result: Imported, name: str, digest: str, package: dict[str, Table] | None = None) -> Dataset:
    """A clean import as a Dataset every page shows: its schema is the import profile fitted to its
    rows (their period; their types, commonest first). It has no policy measures or context events:
    those are this project's curation of Kazakhstan, not part of the imported file."""
    df = result.incidents
    package = package or tables()
    counts = df["incident_type"].value_counts()
    types = counts[counts > 0].index.astype(str).tolist()
    table = fitted(import_profile(package["incidents"]), (df["date"].min().date(), df["date"].max().date()), types)
    incidents = df.astype({"incident_type": pd.CategoricalDtype(types)})  # as the curated column: a category
    empty = {n: validate_table(package[n], pd.DataFrame(columns=package[n].columns, dtype=str))[0] for n in package}
    return Dataset(
        incidents,
        empty["policy_measures"],
        empty["context_events"],
        table,
        f"{name} ({FORMAT_NAMES.get(result.format, result.format)})",
        None,
        ("import", result.format, digest),
        result.format,
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Import a GTD, ACLED or incidents CSV and report on it.")
    ap.add_argument("file", type=Path)
    ap.add_argument("--format", choices=["gtd", "acled", "native"], help="skip detection")
    args = ap.parse_args(argv)
    try:
        result = import_file(args.file, args.file.name, args.format)
    except Exception as e:  # one JSON line and exit 1 whatever the file holds, never a traceback
        print(json.dumps({"file": args.file.name, "problems": 1, "error": f"{type(e).__name__}: {e}"}))
        return 1
    print(json.dumps(summary(result)))
    for p in result.problems[:20]:
        print(f"problem: {p}", file=sys.stderr)
    if len(result.problems) > 20:
        print(f"... and {len(result.problems) - 20} more problems", file=sys.stderr)
    return 1 if result.problems else 0


if __name__ == "__main__":
    sys.exit(main())
