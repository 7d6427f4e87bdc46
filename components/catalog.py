"""What the Data page says about the tables, derived from the schema and the data."""

from __future__ import annotations

import pandas as pd

from components.formatting import date_span
from components.schema import Table, read_package


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
