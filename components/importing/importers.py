"""Bring your own data: GTD, ACLED or this project's own incidents file (CSV, or an Excel workbook
as START distributes the GTD), mapped to the canonical incident schema and validated with the same
schema as the curated data (import profile). This module holds the entry points, `import_file` and
`as_dataset`, and runs the steps kept in its siblings: `reading` (bytes to a frame of strings),
`formats` (detection and mapping), `repair` (row-level fixes) and `report` (what the user reads).

Structural problems refuse the file (not a known format, unreadable, a required column missing, no
row that can be placed in time). Row-level problems never do: the row is imported, flagged
(`quality_flags`: count_conflict, region_unknown, date_inferred, value_unreadable, duplicate_id)
and listed as a warning (row, source column, value, what was done). Rows with no usable date are the
only ones left out, each listed; exact repeats are imported once. Usable without the app:

    python -m components.importing FILE [--format gtd|acled|native] [--dates day/month|month/day]

prints one line of JSON and exits non-zero, with the reasons, only for a refused file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from components.data.loader import Dataset
from components.data.schema import Table, fitted, import_profile, tables
from components.data.validation import FIRST_ROW, Problem, Rule, validate_table
from components.importing.dates import DateReading
from components.importing.formats import (
    ACLED_REQUIRED,
    FORMAT_NAMES,
    FORMATS,
    GTD_REQUIRED,
    MAPPERS,
    SOURCE_COLUMNS,
    detect,
    resembles,
)
from components.importing.reading import read_table
from components.importing.repair import drop_exact_repeats, fix_ids, mark_region_unknown, repair
from components.importing.report import ImportReport, Notes, report, with_flags

UNKNOWN_FORMAT = (
    "not a GTD, ACLED or incidents file: the header lacks the columns of each "
    f"(GTD needs e.g. {', '.join(GTD_REQUIRED[:4])}; ACLED needs e.g. {', '.join(ACLED_REQUIRED[:4])})"
)


@dataclass(frozen=True)
class Imported:
    format: str
    incidents: pd.DataFrame  # typed, canonical columns; empty when the file is refused
    problems: list[Problem]  # structural: the file is refused
    report: ImportReport = field(default_factory=ImportReport)


class _Refusal(Exception):
    """A structural problem found on the way: the file is refused with these problems."""

    def __init__(self, fmt: str, problems: list[Problem]):
        super().__init__(fmt)
        self.fmt, self.problems = fmt, problems


@dataclass
class _Rows:
    """One import's rows between mapping and validation: canonical text indexed by source row
    label, and the notes taken so far (warnings, rows left out)."""

    table: Table  # the import profile the rows are checked against
    canonical: pd.DataFrame
    sources: dict[str, str]  # canonical column -> the source column it comes from
    own_flags: pd.Series  # the quality flags the file itself gives (a native file's)
    notes: Notes
    left: Notes
    dates: DateReading


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
        raw, found = _opened(source, name, fmt, package)
    except _Refusal as refusal:
        return _refused(refusal.fmt, refusal.problems)
    rows = _mapped(raw, found, package, date_order)
    typed = _typed(rows)
    done = report(len(raw), rows.notes, rows.left, rows.dates)
    if typed.empty:
        why = [Problem(name, int(r.row), r.column, f"{r.why}", Rule.LEFT_OUT) for r in done.left_out.itertuples()]
        return _refused(
            found,
            [Problem(name, None, None, "no row can be placed in time: every row was left out", Rule.LEFT_OUT), *why],
            done,
        )
    return Imported(found, typed.reset_index(drop=True), [], done)


def _refused(fmt: str, problems: list[Problem], report: ImportReport | None = None) -> Imported:
    return Imported(fmt, pd.DataFrame(), problems, report or ImportReport())


def _opened(source, name: str, fmt: str | None, package: dict[str, Table]) -> tuple[pd.DataFrame, str]:
    """The file's rows as strings and its format. Raises _Refusal for a structural problem."""
    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
    except OSError as e:
        raise _Refusal(
            fmt or "unknown", [Problem(name, None, None, f"cannot read the file: {e.strerror}", Rule.UNREADABLE)]
        ) from e
    raw, problems = read_table(data, name, fmt, package)
    if raw is None:
        raise _Refusal(fmt or "unknown", problems)
    found = fmt or detect(raw.columns, package) or resembles(raw.columns)
    if found is None:
        raise _Refusal("unknown", [Problem(name, None, None, UNKNOWN_FORMAT, Rule.UNKNOWN_FORMAT)])
    missing = [c for c in (FORMATS.get(found) or package["incidents"].columns) if c not in raw.columns]
    if missing:
        raise _Refusal(
            found, [Problem(name, None, c, f"required {found} column is missing", Rule.MISSING_COLUMN) for c in missing]
        )
    if not len(raw):
        raise _Refusal(found, [Problem(name, None, None, "the file has a header but no rows", Rule.EMPTY)])
    return raw, found


def _mapped(raw: pd.DataFrame, fmt: str, package: dict[str, Table], date_order: str | None) -> _Rows:
    """Exact repeats dropped, the rest mapped to canonical text; ids and unknown regions fixed and
    flagged before validation."""
    notes, left = Notes(), Notes()
    raw, repeated = drop_exact_repeats(raw, fmt, left)
    table = import_profile(package["incidents"])
    mapped, reading = MAPPERS[fmt](raw, notes, date_order)
    canonical = mapped.reindex(columns=table.columns, fill_value="").fillna("").astype(str)
    sources = SOURCE_COLUMNS.get(fmt, {})
    fix_ids(canonical, fmt, notes, repeated)
    mark_region_unknown(canonical, sources, notes)
    own_flags = canonical["quality_flags"].copy()
    canonical["quality_flags"] = with_flags(own_flags, notes.frame())
    return _Rows(table, canonical, sources, own_flags, notes, left, reading)


def _typed(rows: _Rows) -> pd.DataFrame:
    """The rows validated and typed; a row with problems repaired and validated again, or left out."""
    typed, problems = validate_table(rows.table, rows.canonical)
    typed.index = rows.canonical.index
    if not problems:
        return typed
    touched = repair(rows.table, rows.canonical, problems, rows.sources, rows.notes, rows.left)
    again = rows.canonical.loc[sorted(touched - set(rows.left.frame()["label"]))]
    fixed = _revalidated(rows, again) if len(again) else typed.iloc[:0]
    typed = _spliced(typed, fixed)
    if gone := sorted(touched - set(fixed.index)):
        typed = typed.drop(gone)
    return typed


def _revalidated(rows: _Rows, again: pd.DataFrame) -> pd.DataFrame:
    """The repaired rows, flagged by their notes, validated again and typed."""
    again = again.assign(quality_flags=with_flags(rows.own_flags[again.index], rows.notes.frame()))
    # Against every row's id, not only the repaired ones': a repaired row may cite an untouched one.
    ids = {rows.table.name: set(rows.canonical[rows.table.primary_key])}
    fixed, still = validate_table(rows.table, again, keys=ids)
    fixed.index = again.index
    for p in still:  # a repair the schema still refuses: the row is listed, not guessed at
        label = again.index[p.row - FIRST_ROW]
        value = again.at[label, p.column] if p.column in again else ""
        rows.left.one(label, rows.sources.get(p.column, p.column), value, p.message, None)
    gone = set(rows.left.frame()["label"])
    return fixed.drop([i for i in fixed.index if i in gone])


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


def as_dataset(result: Imported, name: str, digest: str, package: dict[str, Table] | None = None) -> Dataset:
    """A clean import as a Dataset every page shows: its schema is the import profile fitted to its
    rows (their period; their types, commonest first; the initiators they use). It has no policy
    measures or context events: those are this project's curation of Kazakhstan, not part of the
    imported file. The report (warnings, rows left out, date reading) travels with it."""
    df = result.incidents
    counts = df["incident_type"].value_counts()
    types = counts[counts > 0].index.astype(str).tolist()
    incidents = df.astype({"incident_type": pd.CategoricalDtype(types)})  # as the curated column: a category
    title = f"{name} ({FORMAT_NAMES.get(result.format, result.format)})"
    return imported_dataset(incidents, title, ("import", result.format, digest), result.format, result.report, package)


def imported_dataset(
    incidents: pd.DataFrame, title: str, stamp: tuple, fmt: str, report: ImportReport, package=None
) -> Dataset:
    """The Dataset of imported incidents whose types are already a category, commonest first: what
    as_dataset makes, and what the import store (store.py) rebuilds from the same frame."""
    package = package or tables()
    types = incidents["incident_type"].cat.categories.astype(str).tolist()
    initiators = incidents["initiator"].dropna().astype(str).unique().tolist()
    period = (incidents["date"].min().date(), incidents["date"].max().date())
    table = fitted(import_profile(package["incidents"]), period, types, initiators)
    empty = {n: validate_table(package[n], pd.DataFrame(columns=package[n].columns, dtype=str))[0] for n in package}
    return Dataset(incidents, empty["policy_measures"], empty["context_events"], table, title, None, stamp, fmt, report)
