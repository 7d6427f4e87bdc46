"""The Incidents page's list as plain data: filter, search, order, cut to what the table shows.

The page renders it; everything here imports without Streamlit and is unit-tested.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.data.catalog import Grid, grid
from components.data.schema import Table
from components.incidents import detail
from components.incidents.search import search
from components.state.filters import Filters

# st.dataframe's row geometry at the app's font size: the header and each row, in pixels. The
# table grows with its rows up to MAX_HEIGHT, then scrolls (the map and detail stay in view below).
HEADER_HEIGHT, ROW_HEIGHT, MAX_HEIGHT = 38, 35, 420


@dataclass(frozen=True)
class IncidentList:
    shown: pd.DataFrame  # every incident the filters and the search keep (downloads, map, caption)
    rows: pd.DataFrame  # the first `limit` of them in the chosen order, as the table shows them
    description: str  # the view in words: the filters, and the search if any

    @property
    def ids(self) -> list[str]:
        """Incident ids by table row: a row selection names its incident through these."""
        return self.rows["id"].tolist()

    @property
    def height(self) -> int:
        return table_height(len(self.rows))


def table_height(rows: int) -> int:
    """Tall enough for `rows` rows without an empty band under them, capped at MAX_HEIGHT."""
    return min(HEADER_HEIGHT + ROW_HEIGHT * rows, MAX_HEIGHT)


def readable(incidents: pd.DataFrame, table: Table) -> Grid:
    """Every incident as the table shows it (detail.table_rows made ready by catalog.grid: text as
    strings, long cells cut), in the frame's order. Made once per dataset by the page, which takes
    each view's rows from it: made per view, for the 16 curated incidents, it was ~5 of a new
    view's ~7.5 ms (pandas' cost per column, not per row)."""
    return grid(detail.table_rows(incidents, table.field("incident_type").labels), len(incidents))


def incident_list(
    incidents: pd.DataFrame,
    f: Filters,
    table: Table,
    query: str | None,
    order: str | None,
    limit: int,
    every: Grid | None = None,
) -> IncidentList:
    """Filter, search, then order the whole result before cutting it to `limit` rows: "most killed"
    on a 200k-row import must find the deadliest incidents, not the deadliest of the first rows.
    `every`: readable(incidents), whose rows the table's are taken from (else they are made)."""
    query = (query or "").strip()
    shown = search(f.apply(incidents), query)
    first = detail.ordered(shown, order).head(limit)
    if every is None:
        rows = detail.table_rows(first, table.field("incident_type").labels)
    else:
        rows = every.frame.take(incidents.index.get_indexer(first.index)).reset_index(drop=True)
    description = f.describe(table) + (f" matching “{query}”" if query else "")
    return IncidentList(shown, rows, description)


def table_grid(listed: IncidentList, limit: int, every: Grid | None = None) -> Grid:
    """The table's grid of `listed` (made by incident_list with `every`, or without)."""
    if every is None:
        return grid(listed.rows, limit, total=len(listed.shown))
    return Grid(listed.rows, len(listed.shown), every.dates, every.counts)
