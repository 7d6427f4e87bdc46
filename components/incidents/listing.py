"""The Incidents page's list as plain data: filter, search, order, cut to what the table shows.

The page renders it; everything here imports without Streamlit and is unit-tested.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

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


def incident_list(
    incidents: pd.DataFrame, f: Filters, table: Table, query: str | None, order: str | None, limit: int
) -> IncidentList:
    """Filter, search, then order the whole result before cutting it to `limit` rows: "most killed"
    on a 200k-row import must find the deadliest incidents, not the deadliest of the first rows."""
    query = (query or "").strip()
    shown = search(f.apply(incidents), query)
    rows = detail.table_rows(detail.ordered(shown, order).head(limit), table.field("incident_type").labels)
    description = f.describe(table) + (f" matching “{query}”" if query else "")
    return IncidentList(shown, rows, description)
