"""What an import says about its rows: the notes gathered while mapping and repairing (`Notes`),
the flags they add to each row, and the `ImportReport` the user reads (warnings, rows left out,
how the dates were read), one line per note with the spreadsheet row (header = row 1)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from components.data.validation import FIRST_ROW
from components.importing.dates import DateReading

# The quality flags a note gives its row (the data package's vocabulary for quality_flags).
COUNT_CONFLICT = "count_conflict"
DATE_INFERRED = "date_inferred"
DUPLICATE_ID = "duplicate_id"
REGION_UNKNOWN = "region_unknown"
VALUE_UNREADABLE = "value_unreadable"
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


class Notes:
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


def with_flags(base: pd.Series, notes: pd.DataFrame) -> pd.Series:
    """Each row's own flags plus one flag per kind of note it has (one pass per kind of flag)."""
    flagged = notes.dropna(subset=["flag"])
    out = base
    for flag in dict.fromkeys(flagged["flag"]):
        has = base.index.isin(flagged.loc[flagged["flag"] == flag, "label"])
        out = out.where(~has, (out + ";" + flag).str.lstrip(";"))
    return out


def as_list(notes: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
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


def report(source_rows: int, notes: Notes, left: Notes, dates: DateReading) -> ImportReport:
    """The report of an import: a row left out has no warnings (whatever was noted before)."""
    left_frame = left.frame()
    notes_frame = notes.frame()
    notes_frame = notes_frame[~notes_frame["label"].isin(set(left_frame["label"]))]
    return ImportReport(
        source_rows, as_list(notes_frame, WARNING_COLUMNS), as_list(left_frame, LEFT_OUT_COLUMNS), dates
    )
