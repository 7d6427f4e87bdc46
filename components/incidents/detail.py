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


def counts(incidents: pd.DataFrame) -> pd.DataFrame:
    """Every incident's killed and injured counts, the unattributed ones added: kept per dataset by the
    page, so opening an incident reads its row (the same on a one-row frame cost ~5 ms per incident)."""
    return with_unattributed(incidents[[c for c in incidents.columns if c.startswith(("killed_", "injured_"))]])


def casualties(full: pd.Series) -> pd.DataFrame:
    """Killed and injured by group for one incident (`full`: its row of counts()), every unknown
    written as 'unknown'."""
    return pd.DataFrame(
        {
            group: [count_text(full[f"killed_{suffix}"]), count_text(full[f"injured_{suffix}"])]
            for group, suffix in GROUP_COLUMNS.items()
        },
        index=["killed", "injured"],
    )


def casualty_markdown(table: pd.DataFrame) -> str:
    """casualties() as a markdown table, a row per group with its killed and injured (right-aligned):
    two columns fit a phone, where the five groups abreast ran past a 390 px screen. Written into the
    detail's markdown, not drawn as st.table: one element less to send and redraw each time an
    incident is opened (an Arrow table parsed and laid out in the browser, ~15 ms of an opened
    incident's ~130 ms in A/B runs)."""
    rows = [f"| {group} | {table.at['killed', group]} | {table.at['injured', group]} |" for group in table.columns]
    return "\n".join(["| | killed | injured |", "| --- | ---: | ---: |", *rows])


def positions(incidents: pd.DataFrame) -> dict[str, int]:
    """Each incident's row position by its id (ids are the data's primary key). Kept per dataset by
    the page: indexing the whole frame by id for every incident opened cost ~130 ms on a
    200,000-row import."""
    return {incident_id: n for n, incident_id in enumerate(incidents["incident_id"].tolist())}


def flags(row: pd.Series, table: Table) -> list[tuple[str, str]]:
    meanings = table.field("quality_flags").meanings
    raw = row.get("quality_flags")
    names = [] if raw is None or pd.isna(raw) else [f.strip() for f in str(raw).split(";") if f.strip()]
    return [(f, meanings.get(f, "")) for f in names]


def related(row: pd.Series, incidents: pd.DataFrame, at: dict[str, int]) -> list[tuple[str, str]]:
    """(id, 'date · place') of each related incident present in the data; `at`: positions(incidents)."""
    raw = row.get("related_incidents")
    ids = [] if raw is None or pd.isna(raw) else [i.strip() for i in str(raw).split(";") if i.strip()]
    out = []
    for i in ids:
        if i in at:
            other = incidents.iloc[at[i]]
            out.append((i, f"{format_date(other['date'], other['date_precision'])} · {other['location']}"))
    return out


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
