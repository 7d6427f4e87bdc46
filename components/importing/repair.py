"""Row-level repairs: what an import does with a row instead of refusing the file. Before
validation, exact repeats are dropped (listed), missing ids made from the row, repeated ids
numbered, and an unknown region marked; after it, each problem validation finds is fixed in place
as its column's rule says (a note and a quality flag per fix), or the row is left out (listed) when
it cannot be placed in time."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from components.data.schema import Table
from components.data.validation import FIRST_ROW, Problem, Rule
from components.importing.formats import ID_COLUMNS, ID_PREFIX
from components.importing.report import (
    COUNT_CONFLICT,
    DATE_INFERRED,
    DUPLICATE_ID,
    REGION_UNKNOWN,
    VALUE_UNREADABLE,
    Notes,
)

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


DATES = ("date", "date_precision")  # repaired together: one repair per row for the pair
COORDINATES = ("latitude", "longitude")  # likewise


@dataclass(frozen=True)
class Case:
    """One problem at its row, as a repair sees it."""

    problem: Problem
    label: object  # the row's label in the canonical frame
    at: int  # the row's position in it
    source: str  # the column as the source file names it
    value: str  # the cell's text

    def done(self, what: str) -> str:
        return f"{self.problem.message}: {what}"


class Repairs:
    """One pass of repairs over an import's canonical rows: the notes they take, the rows they touch
    or leave out. Edits are gathered and written once per column (`write`): a cell write copies an
    Arrow string column."""

    def __init__(self, table: Table, canonical: pd.DataFrame, sources: dict, notes: Notes, left: Notes):
        self.table, self.canonical, self.sources, self.notes, self.left = table, canonical, sources, notes, left
        self.totals = {f.name: f.extra["totalOf"] for f in table.fields if "totalOf" in f.extra}
        self.touched: set = set()
        self.out: set = set()
        self._edits: dict[str, dict] = {}
        self._cells: dict[str, np.ndarray] = {}

    def cell(self, column: str, position: int) -> str:
        """A cell read from a plain array: indexing an Arrow string column costs ~0.3 ms a cell."""
        if column not in self._cells:
            self._cells[column] = self.canonical[column].to_numpy(dtype=object)
        return self._cells[column][position]

    def edit(self, column: str, label, value: str) -> None:
        self._edits.setdefault(column, {})[label] = value

    def leave_out(self, case: Case, why: str) -> None:
        self.out.add(case.label)
        self.left.one(case.label, case.source, case.value, why, None)

    def write(self) -> None:
        for column, values in self._edits.items():
            self.canonical.loc[list(values), column] = list(values.values())


def keep_total(r: Repairs, case: Case) -> None:
    """A total against its parts, not a bad value: the total is kept, its parts read as unknown."""
    column, parts = case.problem.column, r.totals[case.problem.column]
    shown = "; ".join(f"{r.sources.get(c, c)} {r.cell(c, case.at)}" for c in (column, *parts) if r.cell(c, case.at))
    for c in parts:
        r.edit(c, case.label, "")
    r.notes.one(
        case.label, case.source, shown, case.done("the total is kept, its parts read as unknown"), COUNT_CONFLICT
    )


def within_range(r: Repairs, case: Case) -> None:
    """Beyond a column's minimum or maximum. A date outside what the app can draw is left out: no
    coarser reading brings it inside, so the row cannot be placed on the time axis. Any other value
    is read as its column allows (read_value)."""
    if case.problem.column in DATES:
        r.leave_out(case, f"{case.problem.message} (the dates the app can draw)")
    else:
        read_value(r, case)


def read_value(r: Repairs, case: Case) -> None:
    """A value its column cannot hold, read as the column allows: a date at a coarser precision,
    a required column's fallback, both coordinates or an optional value as unknown; otherwise (a
    required column with no fallback) the row is left out."""
    column = case.problem.column
    if column in DATES:
        _coarser(r, case)
    elif column in FALLBACK:
        r.edit(column, case.label, FALLBACK[column])
        r.notes.one(case.label, case.source, case.value, case.done(f"read as {FALLBACK[column]!r}"), VALUE_UNREADABLE)
    elif column in COORDINATES:
        shown = f"{r.cell('latitude', case.at)}, {r.cell('longitude', case.at)}"
        for c in COORDINATES:
            r.edit(c, case.label, "")
        r.notes.one(
            case.label, "latitude/longitude", shown, case.done("both coordinates read as unknown"), VALUE_UNREADABLE
        )
    elif column in r.canonical.columns and not r.table.field(column).required:
        r.edit(column, case.label, "")
        r.notes.one(case.label, case.source, case.value, case.done("read as unknown"), VALUE_UNREADABLE)
    else:
        leave_out(r, case)


def _coarser(r: Repairs, case: Case) -> None:
    fixed = _coarser_date(r.cell("date", case.at), r.cell("date_precision", case.at))
    if fixed is None:
        r.leave_out(case, UNDATED)
        return
    r.edit("date", case.label, fixed[0])
    r.edit("date_precision", case.label, fixed[1])
    r.notes.one(
        case.label, case.source, case.value, case.done(f"read as {fixed[0]}, {fixed[1]} precision"), DATE_INFERRED
    )


def leave_out(r: Repairs, case: Case) -> None:
    """No repair: the row is left out, listed with the problem."""
    r.leave_out(case, case.problem.message)


# What each validation rule's problem gets, by rule code: never by the message, which is worded
# for people. A rule not here (none of validation's row rules) leaves its row out.
REPAIRS: dict[Rule, Callable[[Repairs, Case], None]] = {
    Rule.TOTAL_BELOW_PARTS: keep_total,
    Rule.TOTAL_NOT_SUM: keep_total,
    Rule.TOTAL_MISSING: keep_total,
    Rule.MINIMUM: within_range,
    Rule.MAXIMUM: within_range,
    Rule.NOT_INTEGER: read_value,
    Rule.NOT_NUMBER: read_value,
    Rule.NOT_DATE: read_value,
    Rule.NOT_BOOLEAN: read_value,
    Rule.REQUIRED: read_value,
    Rule.NOT_ALLOWED: read_value,
    Rule.PATTERN: read_value,
    Rule.UNIQUE: read_value,
    Rule.EMPTY_ITEM: read_value,
    Rule.ITEM_NOT_ALLOWED: read_value,
    Rule.FOREIGN_KEY: read_value,
    Rule.PARAGRAPH_RANGE: read_value,
    Rule.DATE_PRECISION: read_value,
    Rule.NOT_BEFORE: read_value,
}


def repair(
    table: Table, canonical: pd.DataFrame, problems: list[Problem], sources: dict, notes: Notes, left: Notes
) -> set:
    """Row-level problems from validation, each fixed in place by its rule's repair (a note per
    fix), or the row left out when it cannot be placed in time. One repair per row and column (the
    date and its precision, or the two coordinates, count as one). Returns the labels touched."""
    r = Repairs(table, canonical, sources, notes, left)
    done = set()
    for p in problems:
        at = p.row - FIRST_ROW
        label = canonical.index[at]
        group = "date" if p.column in DATES else ("coords" if p.column in COORDINATES else p.column)
        if label in r.out or (label, group) in done:
            continue
        done.add((label, group))
        r.touched.add(label)
        case = Case(p, label, at, sources.get(p.column, p.column), r.cell(p.column, at))
        REPAIRS.get(p.rule, leave_out)(r, case)
    r.write()
    return r.touched | r.out


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
            VALUE_UNREADABLE,
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
            DUPLICATE_ID,
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
        REGION_UNKNOWN,
    )
