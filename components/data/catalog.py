"""What the Data page says about the tables, derived from the schema and the data."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from components.core.formatting import date_span
from components.data.downloads import README
from components.data.schema import Table, read_package, text_file

# A table cell shows at most this many characters: one 1 MB cell took the grid 7 s to draw. The
# detail view and the downloads have the whole text.
CELL_CHARS = 300
DATE_COLUMNS = ("date", "end_date")


@dataclass(frozen=True)
class Grid:
    """A frame made ready for the app's tables (app.ui.show_table): text as strings, missing text
    blank (missing numbers stay missing: the grid writes them 'unknown'), long cells cut, at most
    `rows` rows. Made once per view and cached by the pages: made on every rerun it was a third of
    the Data page's CPU."""

    frame: pd.DataFrame
    total: int  # rows before the cut
    dates: tuple[str, ...]  # date columns
    counts: tuple[str, ...]  # integer columns

    @functools.cached_property
    def arrow(self) -> pa.Table:
        """The frame as the Arrow table st.dataframe sends, converted once: given the pandas frame,
        Streamlit converted it again on every rerun (~1.3 ms for the 16 incidents, eight tables on
        the Data page), though a filter moved in the sidebar changes none of them."""
        return arrow(self.frame)

    def where(self, keep, rows: int) -> Grid:
        """The grid of this grid's rows where `keep` (a mask over them) holds, at most `rows` of them:
        its cells are made one by one, so this is what `grid` makes of those rows, without making
        them again (a Compare decision moves records between its tables of one overlap)."""
        kept = self.frame[np.asarray(keep, dtype=bool)]
        return Grid(kept.head(rows), len(kept), self.dates, self.counts)


def arrow(frame: pd.DataFrame) -> pa.Table:
    """A table for st.dataframe as it sends it, for a caller to keep: given pandas, Streamlit
    converts it on every run (0.3-0.5 ms for a column guide)."""
    return pa.Table.from_pandas(frame, preserve_index=False)


def grid(frame: pd.DataFrame, rows: int, total: int | None = None) -> Grid:
    """`total`: the row count before the caller cut `frame`, if it did."""
    total = max(total or 0, len(frame))
    frame = frame.head(rows)
    text = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c].dtype) and c not in DATE_COLUMNS]
    shown = frame.astype({c: "string" for c in text}).fillna({c: "" for c in text})
    shown = shown.assign(**{c: _cut_cells(shown[c]) for c in text})
    counts = tuple(c for c in frame.columns if pd.api.types.is_integer_dtype(frame[c].dtype))
    return Grid(shown, total, tuple(c for c in DATE_COLUMNS if c in frame), counts)


def _cut_cells(column: pd.Series) -> pd.Series:
    long = column.str.len() > CELL_CHARS
    return column.where(~long, column.str.slice(0, CELL_CHARS - 1) + "…") if long.any() else column


def column_guide(table: Table) -> pd.DataFrame:
    """One row per column: name, type, required, meaning, allowed values."""
    rows = []
    for f in table.fields:
        c = f.constraints
        if "minimum" in c or "maximum" in c:
            allowed = f"{c.get('minimum', '…')} to {c.get('maximum', '…')}"
        else:
            allowed = "; ".join(f.enum or list(f.meanings))
        rows.append(
            {
                "column": f.name,
                "type": f.type + (" list" if "listDelimiter" in f.extra else ""),
                "required": f.required,
                "meaning": f.description,
                "allowed values": allowed,
            }
        )
    return pd.DataFrame(rows)


def vocabulary(table: Table, column: str) -> pd.DataFrame:
    """A controlled vocabulary with each value's definition."""
    meanings = table.field(column).meanings
    return pd.DataFrame({"value": list(meanings), "meaning": list(meanings.values())})


def flagged(incidents: pd.DataFrame, table: Table) -> pd.DataFrame:
    """One row per (incident, quality flag), with the flag's definition and the incident's note."""
    meanings = table.field("quality_flags").meanings
    rows = incidents.dropna(subset=["quality_flags"])
    out = rows.assign(flag=rows["quality_flags"].str.split(";")).explode("flag")
    out["flag"] = out["flag"].str.strip()
    out["flag meaning"] = out["flag"].map(meanings)
    cols = ["incident_id", "date", "location", "flag", "flag meaning", "quality_note", "source_ref"]
    return out[cols].reset_index(drop=True)


def sources(directory) -> list[dict]:
    return read_package(directory).get("sources", [])


def table_summary(frame: pd.DataFrame) -> str:
    """'16 rows, 17 May 2011 to 12 Sep 2012', computed from the data for captions."""
    return f"{len(frame)} rows, {date_span(frame)}"


def readable(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The frame as people read it: controlled-vocabulary codes become their labels ('bombing' ->
    'Bombings'), or, where the package gives none, words ('security_forces' -> 'security forces').
    For tables on screen only; downloads keep the codes, which is what the schema validates."""
    out = {}
    for f in table.fields:
        if f.name not in frame or not (f.enum or f.meanings):
            continue
        labels = f.extra.get("enumLabels", {})
        column = frame[f.name].astype("string")
        if "listDelimiter" in f.extra:
            delimiter = f.extra["listDelimiter"]
            out[f.name] = column.map(
                lambda v, d=delimiter: ", ".join(x.strip().replace("_", " ") for x in v.split(d)), na_action="ignore"
            )
        else:
            out[f.name] = column.map(lambda v, labels=labels: labels.get(v, v.replace("_", " ")), na_action="ignore")
    return frame.assign(**out)


def type_help(table: Table) -> str:
    """One line per incident type from the vocabulary's own definitions (datapackage.json
    enumDescriptions, also tabled in datasets/README.md), as markdown for a widget's help."""
    field = table.field("incident_type")
    meanings = field.meanings
    lines = [f"**{label}**: {meanings[code]}" for code, label in field.labels.items() if meanings.get(code)]
    head = "Click a type to show only it; click more to add them."
    return "\n\n".join([head, *lines])


def methodology(directory) -> str | None:
    """The package's methodology (counting conventions, vocabularies, judgement calls) as markdown."""
    path = directory / README  # the package's methodology, next to datapackage.json
    return text_file(path) if path.is_file() else None
