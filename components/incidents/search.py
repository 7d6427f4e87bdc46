"""Free-text search over the incidents a reader would search: summary, places and names."""

from __future__ import annotations

import pandas as pd

SEARCHED = ("summary", "location", "location_alias", "region", "perpetrators", "target", "incident_id")


def search(df: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows containing every word of query (case-insensitive, in any searched column)."""
    words = [w for w in (query or "").lower().split() if w]
    if not words:
        return df
    # Column by column, vectorised: joining each row's cells in Python took 10 s on 200k imported rows.
    columns = [df[c].astype("string").fillna("").str.lower() for c in SEARCHED]
    keep = pd.Series(True, index=df.index)
    for w in words:
        found = pd.Series(False, index=df.index)
        for column in columns:
            found |= column.str.contains(w, regex=False)
        keep &= found
    return df[keep]
