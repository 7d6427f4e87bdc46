"""The three formats an import reads, GTD, ACLED and this project's own incidents file: their
required columns, detection from a header, and the mapping of each to the canonical incident
columns (as text; validation types them). Unknown stays unknown: GTD imonth/iday 0 give month or
year precision, empty and sentinel counts (-99, -9) become empty, ACLED fatalities is a total with
no split; GTD and ACLED keep their own type labels."""

from __future__ import annotations

import numpy as np
import pandas as pd

from components.data.schema import Table, tables
from components.importing.dates import DateReading, read_dates
from components.importing.report import VALUE_UNREADABLE, Notes

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
ID_COLUMNS = {"gtd": "eventid", "acled": "event_id_cnty", "native": "incident_id"}
ID_PREFIX = {"gtd": "gtd-", "acled": "acled-", "native": ""}


def detect(columns, package: dict[str, Table] | None = None) -> str | None:
    """The format a header belongs to: all of a format's required columns are present (any case)."""
    cols = {str(c).strip().lower() for c in columns}
    native = set((package or tables())["incidents"].columns)  # default: the data folder's, read once per version
    if native <= cols:
        return "native"
    for name, required in FORMATS.items():
        if set(required) <= cols:
            return name
    return None


GTD_SENTINELS = r"-99|-9"  # the GTD's codes for an unknown count; any other negative is unreadable


def _count(raw: pd.Series, sentinels: str | None = None) -> pd.Series:
    """A source count as canonical text: blanks and the format's sentinel codes are unknown (empty),
    whole numbers written as such ("3.0" -> "3"). Anything else (text, other negatives) is passed
    through unchanged so validation finds it at its row and column. String operations only."""
    text = raw.str.strip()
    out = text.str.replace(r"^(\d+)\.0*$", r"\1", regex=True)
    if sentinels:
        out = out.where(~text.str.fullmatch(rf"({sentinels})(\.0*)?"), "")
    return out.fillna("")


def _blank_unknown(raw: pd.Series) -> pd.Series:
    return raw.where(~raw.str.strip().str.lower().isin(["unknown", ""]), "")


def map_gtd(raw: pd.DataFrame, notes: Notes, order: str | None) -> tuple[pd.DataFrame, DateReading]:
    # String operations only (fast on 200k rows): "0" means unknown; anything non-numeric is left in
    # the date so validation reports it at its row.
    # Leading zeros dropped ("05" -> "5", "00" -> "0"); lstrip is ~25x faster than a regex here.
    month, day = (raw[c].str.strip().str.lstrip("0").replace("", "0") for c in ("imonth", "iday"))
    precision = np.where(month == "0", "year", np.where(day == "0", "month", "day"))
    date = (
        raw["iyear"].str.strip().str.zfill(4)
        + "-"
        + month.where(month != "0", "1").str.zfill(2)
        + "-"
        + day.where((day != "0") & (month != "0"), "1").str.zfill(2)
    )
    geo = raw["specificity"].map({"1": "settlement", "2": "district", "3": "district", "4": "region", "5": "country"})
    frame = pd.DataFrame(
        {
            "incident_id": "gtd-" + raw["eventid"],
            "date": date,
            "date_precision": precision,
            "location": _blank_unknown(raw["city"])
            .where(lambda s: s != "", _blank_unknown(raw["provstate"]))
            .replace("", "unknown"),
            "country": raw["country_txt"],
            "region": raw["provstate"],  # empty or "Unknown": region unknown, flagged after mapping
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
    return frame, DateReading()


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

# ACLED's actor types (inter1), as codes (exports to 2022) or as text (current exports).
ACLED_INTER = {
    "1": "security forces",  # state forces
    "2": "militants",  # rebel groups
    "3": "militants",  # political militias
    "4": "militants",  # identity militias
    "5": "rioters",
    "6": "protesters",
    "7": "civilians",
    "8": "other",  # external/other forces
}
ACLED_INTER_TEXT = {
    "state forces": "1",
    "rebel group": "2",
    "rebel groups": "2",
    "political militia": "3",
    "political militias": "3",
    "identity militia": "4",
    "identity militias": "4",
    "rioters": "5",
    "protesters": "6",
    "civilians": "7",
    "external/other forces": "8",
    "external/other force": "8",
    "other forces": "8",
}


def acled_initiator(inter1: pd.Series) -> pd.Series:
    """inter1 as code (1-8, "3.0" from a workbook) or text, to an initiator; NaN where unreadable."""
    text = inter1.str.strip()
    code = text.str.replace(r"^(\d)(\.0*)?$", r"\1", regex=True)
    code = code.where(
        code.str.fullmatch(r"\d"), text.str.lower().str.replace(r"\s+", " ", regex=True).map(ACLED_INTER_TEXT)
    )
    return code.map(ACLED_INTER)


def map_acled(raw: pd.DataFrame, notes: Notes, order: str | None) -> tuple[pd.DataFrame, DateReading]:
    date, reading = read_dates(raw["event_date"], order)
    precision = raw["time_precision"].str.strip().str.replace(r"\.0*$", "", regex=True)
    precision = precision.map({"1": "day", "2": "week", "3": "month"}).fillna(raw["time_precision"])
    # time_precision 3 means "month or coarser": the date is reduced to its month, as the schema wants.
    monthly = (precision == "month") & date.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    date = date.where(~monthly, date.str[:7] + "-01")
    initiator = acled_initiator(raw["inter1"])
    unread = initiator.isna() & (raw["inter1"].str.strip() != "")
    notes.add(
        raw.index[unread],
        "inter1",
        raw["inter1"],
        "not an ACLED actor type (1-8 or its name): initiator read as unknown",
        VALUE_UNREADABLE,
    )
    frame = pd.DataFrame(
        {
            "incident_id": "acled-" + raw["event_id_cnty"],
            "date": date,
            "date_precision": precision,
            "location": raw["location"],
            "country": raw["country"],
            "region": raw["admin1"],
            "latitude": raw["latitude"],
            "longitude": raw["longitude"],
            "geo_precision": raw["geo_precision"]
            .str.replace(r"\.0*$", "", regex=True)
            .map({"1": "settlement", "2": "district", "3": "region"})
            .fillna(raw["geo_precision"]),
            "incident_type": raw["event_type"],
            "initiator": initiator.fillna("unknown"),
            "killed_total": _count(raw["fatalities"]),  # a total: ACLED does not say who died
            "perpetrators": raw["actor1"],
            "target": raw.get("actor2", pd.Series("", index=raw.index)),
            "summary": raw.get("notes", pd.Series("", index=raw.index)),
            "source_ref": "ACLED " + raw["event_id_cnty"],
        },
        index=raw.index,
    )
    return frame, reading


def map_native(raw: pd.DataFrame, notes: Notes, order: str | None) -> tuple[pd.DataFrame, DateReading]:
    date, reading = read_dates(raw["date"], order)
    return raw.assign(date=date), reading


MAPPERS = {"gtd": map_gtd, "acled": map_acled, "native": map_native}


def resembles(columns) -> str | None:
    """A format whose identifying columns are there though others are missing (reported as such)."""
    cols = set(columns)
    return next((name for name, required in FORMATS.items() if set(required[:2]) <= cols), None)


def wanted_columns(package: dict[str, Table]) -> set[str]:
    """Every column a mapping reads (lower case): only these are parsed (the GTD has 135)."""
    native = set(package["incidents"].columns)
    used = {c for cols in (*FORMATS.values(), *(m.values() for m in SOURCE_COLUMNS.values())) for c in cols}
    return native | used | {"gname", "target1", "summary", "actor2", "notes"}
