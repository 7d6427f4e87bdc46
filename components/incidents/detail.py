"""What the detail of one incident shows, as plain data: casualties by group, flags explained,
related incidents."""

from __future__ import annotations

import pandas as pd

from components.core.formatting import count_text, format_date
from components.data.schema import Table
from components.state.filters import with_unattributed

# The Incidents table's orders: the whole filtered set is sorted before the table cuts it to its
# first rows, so "most killed" on a 200k-row import finds the deadliest, not the deadliest shown.
ORDERS = {
    "Earliest": ("date", True),
    "Latest": ("date", False),
    "Most killed": ("killed_total", False),
    "Most injured": ("injured_total", False),
}
GROUP_COLUMNS = {
    "Militants": "perpetrators",
    "Security forces": "security",
    "Civilians": "civilians",
    "Not attributed": "unattributed",
    "Total": "total",
}


def ordered(incidents: pd.DataFrame, order: str | None) -> pd.DataFrame:
    """The incidents in one of ORDERS (earliest first when none); unknown counts go last."""
    column, ascending = ORDERS.get(order or "", ORDERS["Earliest"])
    return incidents.sort_values(column, ascending=ascending, kind="stable", na_position="last")


def casualties(row: pd.Series) -> pd.DataFrame:
    """Killed and injured by group for one incident, every unknown written as 'unknown'."""
    counts = [c for c in row.index if c.startswith(("killed_", "injured_"))]
    full = with_unattributed(row.to_frame().T.astype(dict.fromkeys(counts, "Int64"))).iloc[0]
    return pd.DataFrame(
        {
            group: [count_text(full[f"killed_{suffix}"]), count_text(full[f"injured_{suffix}"])]
            for group, suffix in GROUP_COLUMNS.items()
        },
        index=["killed", "injured"],
    )


def flags(row: pd.Series, table: Table) -> list[tuple[str, str]]:
    meanings = table.field("quality_flags").meanings
    raw = row.get("quality_flags")
    names = [] if raw is None or pd.isna(raw) else [f.strip() for f in str(raw).split(";") if f.strip()]
    return [(f, meanings.get(f, "")) for f in names]


def related(row: pd.Series, incidents: pd.DataFrame) -> list[tuple[str, str]]:
    """(id, 'date · place') of each related incident present in the data."""
    raw = row.get("related_incidents")
    ids = [] if raw is None or pd.isna(raw) else [i.strip() for i in str(raw).split(";") if i.strip()]
    by_id = incidents.set_index("incident_id")
    return [
        (i, f"{format_date(by_id.at[i, 'date'], by_id.at[i, 'date_precision'])} · {by_id.at[i, 'location']}")
        for i in ids
        if i in by_id.index
    ]


def table_rows(incidents: pd.DataFrame, labels: dict) -> pd.DataFrame:
    """The incidents as the Incidents table shows them (sortable values, readable labels)."""
    return pd.DataFrame(
        {
            "date": incidents["date"],
            "precision": incidents["date_precision"].astype("string"),
            "place": incidents["location"],
            "region": incidents["region"].astype("string"),
            "type": incidents["incident_type"].astype("string").map(lambda t: labels.get(t, t)),
            "killed": incidents["killed_total"],
            "injured": incidents["injured_total"],
            "arrested": incidents["arrested"],
            "flags": incidents["quality_flags"].str.replace(";", ", "),
            "id": incidents["incident_id"],
        }
    ).reset_index(drop=True)
