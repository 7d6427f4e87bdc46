"""Row-level repairs: what an import does with a row instead of refusing the file. Before
validation, exact repeats are dropped (listed), missing ids made from the row, repeated ids
numbered, and an unknown region marked; after it, each problem validation finds is fixed in place
as its column's rule says (a note and a quality flag per fix), or the row is left out (listed) when
it cannot be placed in time."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from components.data.validation import FIRST_ROW
from components.importing.formats import ID_COLUMNS, ID_PREFIX
from components.importing.report import Notes

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


def repair(table, canonical: pd.DataFrame, problems, sources: dict, notes: Notes, left: Notes) -> set:
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


def drop_exact_repeats(raw: pd.DataFrame, fmt: str, left: Notes) -> tuple[pd.DataFrame, pd.Index]:
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


def fix_ids(canonical: pd.DataFrame, fmt: str, notes: Notes, repeated: pd.Index) -> None:
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


def mark_region_unknown(canonical: pd.DataFrame, sources: dict, notes: Notes) -> None:
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
