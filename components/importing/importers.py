"""Bring your own data: GTD, ACLED or this project's own incidents file (CSV, or an Excel workbook
as START distributes the GTD), mapped to the canonical incident schema and validated with the same
schema as the curated data (import profile).

Structural problems refuse the file (not a known format, unreadable, a required column missing, no
row that can be placed in time). Row-level problems never do: the row is imported, flagged
(`quality_flags`: count_conflict, region_unknown, date_inferred, value_unreadable, duplicate_id)
and listed as a warning (row, source column, value, what was done). Rows with no usable date are the
only ones left out, each listed; exact repeats are imported once. Unknown stays unknown: GTD
imonth/iday 0 give month/year precision, empty and sentinel counts (-99, -9) become empty, ACLED
fatalities is a total with no split; GTD and ACLED keep their own type labels. Usable without the app:

    python -m components.importers FILE [--format gtd|acled|native] [--dates day/month|month/day]

prints one line of JSON and exits non-zero, with the reasons, only for a refused file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import re
import sys
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook

from components.data.loader import Dataset, read_text_table
from components.data.schema import Table, fitted, import_profile, tables
from components.data.validation import FIRST_ROW, Problem, validate_table
from components.importing.dates import DAY_FIRST, MONTH_FIRST, DateReading, read_dates

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
# Workbooks are recognised by content, whatever their name: .xlsx is a zip, .xls an OLE2 file.
EXCEL_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
WARNING_COLUMNS = ["row", "column", "value", "flag", "what was done"]
LEFT_OUT_COLUMNS = ["row", "column", "value", "why"]


def _list_frame(columns) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="Int64" if c == "row" else "string") for c in columns})


@dataclass(frozen=True)
class ImportReport:
    """What became of every source row besides the clean ones: warnings (imported, flagged) and
    rows left out, one line each with the spreadsheet row (header = row 1), the source column, the
    value and what was done; and how the file's dates were read. Compact: one small frame each."""

    source_rows: int = 0
    warnings: pd.DataFrame = field(default_factory=lambda: _list_frame(WARNING_COLUMNS))
    left_out: pd.DataFrame = field(default_factory=lambda: _list_frame(LEFT_OUT_COLUMNS))
    dates: DateReading = field(default_factory=DateReading)

    @property
    def rows_with_warnings(self) -> int:
        return int(self.warnings["row"].nunique())

    @property
    def rows_left_out(self) -> int:
        return int(self.left_out["row"].nunique())

    def counts(self, imported: int) -> str:
        """'N imported, W with warnings, E left out': every source row is in one of the three."""
        return f"{imported:,} imported, {self.rows_with_warnings:,} with warnings, {self.rows_left_out:,} left out"


@dataclass(frozen=True)
class Imported:
    format: str
    incidents: pd.DataFrame  # typed, canonical columns; empty when the file is refused
    problems: list[Problem]  # structural: the file is refused
    report: ImportReport = field(default_factory=ImportReport)


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


class _Notes:
    """Row-level notes gathered column-wise (a 200k-row file may have thousands): the source row's
    label, source column, value, flag (None for rows left out) and what was done."""

    def __init__(self):
        self.parts: list[pd.DataFrame] = []
        self.rows: list[tuple] = []  # one at a time (repairs), framed once

    def one(self, label, column: str, value, done: str, flag: str | None) -> None:
        self.rows.append((label, column, value, flag, done))

    def add(self, labels, column: str, values, done, flag: str | None) -> None:
        labels = pd.Index(labels)
        if len(labels):
            values = values.reindex(labels).to_numpy() if isinstance(values, pd.Series) else values
            done = done.reindex(labels).to_numpy() if isinstance(done, pd.Series) else done
            self.parts.append(
                pd.DataFrame({"label": labels, "column": column, "value": values, "flag": flag, "done": done})
            )

    def frame(self) -> pd.DataFrame:
        columns = ["label", "column", "value", "flag", "done"]
        parts = [*self.parts, pd.DataFrame(self.rows, columns=columns, dtype=object)]
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def map_gtd(raw: pd.DataFrame, notes: _Notes, order: str | None) -> tuple[pd.DataFrame, DateReading]:
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


def map_acled(raw: pd.DataFrame, notes: _Notes, order: str | None) -> tuple[pd.DataFrame, DateReading]:
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
        "value_unreadable",
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


def map_native(raw: pd.DataFrame, notes: _Notes, order: str | None) -> tuple[pd.DataFrame, DateReading]:
    date, reading = read_dates(raw["date"], order)
    return raw.assign(date=date), reading


MAPPERS = {"gtd": map_gtd, "acled": map_acled, "native": map_native}


def _resembles(columns) -> str | None:
    """A format whose identifying columns are there though others are missing (reported as such)."""
    cols = set(columns)
    return next((name for name, required in FORMATS.items() if set(required[:2]) <= cols), None)


def _wanted(package: dict[str, Table]) -> set[str]:
    native = set(package["incidents"].columns)
    used = {c for cols in (*FORMATS.values(), *(m.values() for m in SOURCE_COLUMNS.values())) for c in cols}
    return native | used | {"gname", "target1", "summary", "actor2", "notes"}


def _cell_text(value) -> str:
    """A workbook cell as the text a CSV of it would hold: whole numbers without '.0', dates ISO."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def read_workbook(data: bytes, use) -> pd.DataFrame | None:
    """The first sheet of an .xlsx/.xls as strings, only the columns `use` accepts (None: empty).

    python-calamine directly, not pandas.read_excel(engine="calamine"): pandas converts every cell
    of all 135 GTD columns in Python before dropping the unused ones, ~5x slower on a GTD workbook
    (measured: 13.8 s against 2.9 s for 20,000 rows). Each used column is converted once per
    distinct value."""
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    rows = sheet.iter_rows()
    header = next(rows, None)
    if not header:
        return None
    names = [_cell_text(c).strip() for c in header]
    keep = [i for i, n in enumerate(names) if use(n)]
    if not keep:
        return pd.DataFrame(columns=names)  # detection then says which format's columns are missing
    pick = itemgetter(*keep)
    picked = [pick(r) for r in rows] if len(keep) > 1 else [(pick(r),) for r in rows]
    out = {}
    for j, i in enumerate(keep):
        column = pd.Series([r[j] for r in picked], dtype=object)
        distinct = pd.unique(column)
        out[names[i]] = column.map(dict(zip(distinct, map(_cell_text, distinct), strict=True))).astype(str)
    return pd.DataFrame(out)


def _read(data: bytes, name: str, fmt: str | None, package: dict[str, Table]):
    """Parse only the columns the mapping uses (the GTD has 135), matching header names in any case.
    A workbook is read with calamine; a CSV whose header is GTD's may be Latin-1."""
    wanted = _wanted(package)

    def use(column) -> bool:
        return str(column).strip().lower() in wanted

    if data.startswith(EXCEL_MAGIC):
        try:
            frame = read_workbook(data, use)
        except Exception as e:  # calamine's own errors for a damaged or foreign workbook
            return None, [Problem(name, None, None, f"not a readable Excel workbook (.xlsx, .xls): {e}")]
        if frame is None:
            return None, [Problem(name, None, None, "the workbook's first sheet is empty")]
    else:
        frame, problems = read_text_table(
            data,
            name,
            usecols=use,
            latin1_if=lambda header: (
                (fmt or detect(header, package) or _resembles(h.strip().lower() for h in header)) == "gtd"
            ),
        )
        if frame is None:
            return None, problems
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    return frame, []


def _refused(fmt: str, problems: list[Problem], report: ImportReport | None = None) -> Imported:
    return Imported(fmt, pd.DataFrame(), problems, report or ImportReport())


# Required columns a row-level problem cannot leave empty, and what an unreadable value becomes.
FALLBACK = {
    "location": "unknown",
    "country": "unknown",
    "incident_type": "Unknown",
    "geo_precision": "country",  # what the coordinates stand for is unknown: the coarsest reading
    "initiator": "unknown",
    "source_ref": "not given",  # a native file's row with no citation
}


UNDATED = (
    "not a date in a form this importer reads (2012-09-12, 12 September 2012, 01-January-2015, 9-May-20, "
    "31-12-19, 12/31/2019; GTD iyear/imonth/iday): the row cannot be placed in time"
)


def _coarser_date(date: str, precision: str) -> tuple[str, str] | None:
    """The date at the precision that can still be read from it: its month, else its year."""
    m = re.match(r"^(\d{4})-(\d{2})", date) or re.match(r"^(\d{4})", date)
    if not m or int(m.group(1)) < 1:
        return None
    if precision != "year" and m.re.groups == 2 and 1 <= int(m.group(2)) <= 12:
        candidate = (f"{m.group(1)}-{m.group(2)}-01", "month")
    else:
        candidate = (f"{m.group(1)}-01-01", "year")
    try:
        pd.Timestamp(candidate[0])
    except (ValueError, OverflowError):
        return None
    return candidate


def _repair(table, canonical: pd.DataFrame, problems, sources: dict, notes: _Notes, left: _Notes) -> set:
    """Row-level problems from validation, each fixed in place as its column's rule says (a note
    per fix), or the row left out when it cannot be placed in time. Returns the labels touched.
    Edits are gathered and written once per column: a cell write copies an Arrow string column."""
    totals = {f.name: f.extra["totalOf"] for f in table.fields if "totalOf" in f.extra}
    touched, out, done = set(), set(), set()
    edits: dict[str, dict] = {}

    def edit(column: str, label, value: str) -> None:
        edits.setdefault(column, {})[label] = value

    cells: dict[str, np.ndarray] = {}

    def cell(column: str, position: int) -> str:
        """A cell read from a plain array: indexing an Arrow string column costs ~0.3 ms a cell."""
        if column not in cells:
            cells[column] = canonical[column].to_numpy(dtype=object)
        return cells[column][position]

    for p in problems:
        at = p.row - FIRST_ROW
        label = canonical.index[at]
        col = p.column
        group = "date" if col in ("date", "date_precision") else ("coords" if col in ("latitude", "longitude") else col)
        if label in out or (label, group) in done:
            continue
        done.add((label, group))
        touched.add(label)
        src, value = sources.get(col, col), cell(col, at)
        if col in totals and "parts" in p.message:  # a total against its parts, not a bad value
            parts = totals[col]
            shown = "; ".join(f"{sources.get(c, c)} {cell(c, at)}" for c in (col, *parts) if cell(c, at))
            for c in parts:
                edit(c, label, "")
            notes.one(label, src, shown, f"{p.message}: the total is kept, its parts read as unknown", "count_conflict")
        elif group == "date" and "allowed m" in p.message:  # outside what the app can draw: no coarser
            out.add(label)  # reading brings it inside, so the row cannot be placed on the time axis
            left.one(label, src, value, f"{p.message} (the dates the app can draw)", None)
        elif group == "date":
            fixed = _coarser_date(cell("date", at), cell("date_precision", at))
            if fixed is None:
                out.add(label)
                left.one(label, src, value, UNDATED, None)
                continue
            edit("date", label, fixed[0])
            edit("date_precision", label, fixed[1])
            notes.one(label, src, value, f"{p.message}: read as {fixed[0]}, {fixed[1]} precision", "date_inferred")
        elif col in FALLBACK:
            edit(col, label, FALLBACK[col])
            notes.one(label, src, value, f"{p.message}: read as {FALLBACK[col]!r}", "value_unreadable")
        elif group == "coords":
            shown = f"{cell('latitude', at)}, {cell('longitude', at)}"
            edit("latitude", label, "")
            edit("longitude", label, "")
            notes.one(
                label,
                "latitude/longitude",
                shown,
                f"{p.message}: both coordinates read as unknown",
                "value_unreadable",
            )
        elif col in canonical.columns and not table.field(col).required:
            edit(col, label, "")
            notes.one(label, src, value, f"{p.message}: read as unknown", "value_unreadable")
        else:
            out.add(label)
            left.one(label, src, value, p.message, None)
    for column, values in edits.items():
        canonical.loc[list(values), column] = list(values.values())
    return touched | out


def _spliced(typed: pd.DataFrame, fixed: pd.DataFrame) -> pd.DataFrame:
    """typed with the repaired rows' new readings written over the first ones, column by column at
    their positions: no concatenation and re-sorting of 200k rows."""
    at = typed.index.get_indexer(fixed.index)
    columns = {}
    for c in typed.columns:
        values = typed[c].array.copy()
        values[at] = fixed[c].array
        columns[c] = values
    return pd.DataFrame(columns, index=typed.index)


def _with_flags(base: pd.Series, notes: pd.DataFrame) -> pd.Series:
    """Each row's own flags plus one flag per kind of note it has (one pass per kind of flag)."""
    flagged = notes.dropna(subset=["flag"])
    out = base
    for flag in dict.fromkeys(flagged["flag"]):
        has = base.index.isin(flagged.loc[flagged["flag"] == flag, "label"])
        out = out.where(~has, (out + ";" + flag).str.lstrip(";"))
    return out


def _as_list(notes: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The user-facing list: spreadsheet rows, in file order; repeated texts stored once."""
    if notes.empty:
        return _list_frame(columns)
    out = pd.DataFrame(
        {
            "row": (notes["label"].astype("int64") + FIRST_ROW).astype("Int64"),
            "column": notes["column"].astype("category"),
            "value": notes["value"].astype("string"),
            "flag": notes["flag"].astype("category"),
            columns[-1]: notes["done"].astype("category"),
        }
    )
    return out.sort_values("row", kind="stable").reset_index(drop=True)[columns]


def _duplicates(raw: pd.DataFrame, fmt: str, left: _Notes) -> tuple[pd.DataFrame, pd.Index]:
    """Exact repeats (every column read is the same; they share an id) are imported once, listed.
    Also returns the labels of the rows left whose id repeats (with other content): the only ones
    whose ids need numbering, so the whole id column is hashed once."""
    ids = raw[ID_COLUMNS[fmt]]
    repeated = ids.duplicated(keep=False)
    if not repeated.any():
        return raw, raw.index[:0]
    shared = raw[repeated]
    group = shared.groupby(list(shared.columns), sort=False).ngroup()
    first = pd.Series(shared.index, index=shared.index).groupby(group).transform("first")
    repeat = group.duplicated()
    left.add(
        shared.index[repeat],
        ID_COLUMNS[fmt],
        ids[shared.index[repeat]],
        "an exact repeat of row " + (first[repeat] + FIRST_ROW).astype(str) + ": imported once",
        None,
    )
    return raw.drop(shared.index[repeat]), shared.index[~repeat]


def _id_fixes(canonical: pd.DataFrame, fmt: str, notes: _Notes, repeated: pd.Index) -> None:
    """Rows with no id get one from their row; ids repeated with different content get -dup2, ..."""
    ids = canonical["incident_id"]
    src = ID_COLUMNS[fmt]
    empty = ids.str.strip().isin(["", ID_PREFIX[fmt]])
    if empty.any():
        made = ID_PREFIX[fmt] + "row-" + (ids.index[empty] + FIRST_ROW).astype(str)
        canonical.loc[empty, "incident_id"] = made
        notes.add(
            ids.index[empty],
            src,
            "",
            "no id: given one from its row, " + pd.Series(made, index=ids.index[empty]),
            "value_unreadable",
        )
    if len(repeated):
        ids = canonical.loc[repeated, "incident_id"]
        again = ids.duplicated(keep="first")
        nth = ids.groupby(ids, sort=False).cumcount() + 1
        first = pd.Series(ids.index, index=ids.index).groupby(ids, sort=False).transform("first") + FIRST_ROW
        renamed = ids + "-dup" + nth.astype(str)
        canonical.loc[ids.index[again], "incident_id"] = renamed[again].to_numpy()
        notes.add(
            ids.index[again],
            src,
            ids,
            "repeats the id of row " + first.astype(str) + " with different content: kept as " + renamed,
            "duplicate_id",
        )


def _region_unknown(canonical: pd.DataFrame, sources: dict, notes: _Notes) -> None:
    region = canonical["region"]
    unknown = region.str.strip().str.lower().isin(["", "unknown"])
    canonical.loc[unknown, "region"] = ""
    notes.add(
        canonical.index[unknown],
        sources.get("region", "region"),
        region,
        "no first-level region: counted as region unknown",
        "region_unknown",
    )


def import_file(
    source,
    name: str = "upload.csv",
    fmt: str | None = None,
    package: dict[str, Table] | None = None,
    *,
    date_order: str | None = None,
) -> Imported:
    """Read, detect (or take) the format, map, validate and repair row by row. Structural problems
    (file, row, column) refuse the file; everything else is in the report. `package`: the data
    package's tables the import is checked against (default: the data folder's)."""
    package = package or tables()
    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
    except OSError as e:
        return _refused(fmt or "unknown", [Problem(name, None, None, f"cannot read the file: {e.strerror}")])
    raw, problems = _read(data, name, fmt, package)
    if raw is None:
        return _refused(fmt or "unknown", problems)
    found = fmt or detect(raw.columns, package) or _resembles(raw.columns)
    if found is None:
        return _refused(
            "unknown",
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
        return _refused(found, [Problem(name, None, c, f"required {found} column is missing") for c in missing])
    if not len(raw):
        return _refused(found, [Problem(name, None, None, "the file has a header but no rows")])
    source_rows = len(raw)
    notes, left = _Notes(), _Notes()
    raw, repeated = _duplicates(raw, found, left)
    table = import_profile(package["incidents"])
    mapped, reading = MAPPERS[found](raw, notes, date_order)
    canonical = mapped.reindex(columns=table.columns, fill_value="").fillna("").astype(str)
    sources = SOURCE_COLUMNS.get(found, {})
    _id_fixes(canonical, found, notes, repeated)
    _region_unknown(canonical, sources, notes)
    own_flags = canonical["quality_flags"].copy()
    canonical["quality_flags"] = _with_flags(own_flags, notes.frame())
    typed, found_problems = validate_table(table, canonical)
    typed.index = canonical.index
    if found_problems:
        touched = _repair(table, canonical, found_problems, sources, notes, left)
        gone = set(left.frame()["label"])
        again = canonical.loc[sorted(touched - gone)]
        if len(again):
            again = again.assign(quality_flags=_with_flags(own_flags[again.index], notes.frame()))
            fixed, still = validate_table(table, again)
            fixed.index = again.index
            for p in still:  # a repair the schema still refuses: the row is listed, not guessed at
                label = again.index[p.row - FIRST_ROW]
                left.one(
                    label,
                    sources.get(p.column, p.column),
                    again.at[label, p.column] if p.column in again else "",
                    p.message,
                    None,
                )
            gone = set(left.frame()["label"])
            fixed = fixed.drop([i for i in fixed.index if i in gone])
        else:
            fixed = typed.iloc[:0]
        typed = _spliced(typed, fixed)
        if gone := sorted(touched - set(fixed.index)):
            typed = typed.drop(gone)
    left_frame = left.frame()
    notes_frame = notes.frame()
    notes_frame = notes_frame[~notes_frame["label"].isin(set(left_frame["label"]))]
    report = ImportReport(
        source_rows,
        _as_list(notes_frame, WARNING_COLUMNS),
        _as_list(left_frame, LEFT_OUT_COLUMNS),
        reading,
    )
    if typed.empty:
        why = [Problem(name, int(r.row), r.column, f"{r.why}") for r in report.left_out.itertuples()]
        return _refused(
            found, [Problem(name, None, None, "no row can be placed in time: every row was left out"), *why], report
        )
    return Imported(found, typed.reset_index(drop=True), [], report)


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


def as_dataset(result: Imported, name: str, digest: str, package: dict[str, Table] | None = None) -> Dataset:
    """A clean import as a Dataset every page shows: its schema is the import profile fitted to its
    rows (their period; their types, commonest first; the initiators they use). It has no policy
    measures or context events: those are this project's curation of Kazakhstan, not part of the
    imported file. The report (warnings, rows left out, date reading) travels with it."""
    df = result.incidents
    package = package or tables()
    counts = df["incident_type"].value_counts()
    types = counts[counts > 0].index.astype(str).tolist()
    initiators = df["initiator"].dropna().astype(str).unique().tolist()
    period = (df["date"].min().date(), df["date"].max().date())
    table = fitted(import_profile(package["incidents"]), period, types, initiators)
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
        result.report,
    )

