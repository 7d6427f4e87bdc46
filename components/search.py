"""Free-text search over the incidents a reader would search: summary, places and names."""

from __future__ import annotations

import pandas as pd

SEARCHED = ("summary", "location", "location_alias", "region", "perpetrators", "target", "incident_id")


def search(df: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows containing every word of query (case-insensitive, in any searched column)."""
    words = [w for w in (query or "").lower().split() if w]
    if not words:
        return df
    haystack = df[list(SEARCHED)].astype("string").fillna("").agg(" ".join, axis=1).str.lower()
    keep = pd.Series(True, index=df.index)
    for w in words:
        keep &= haystack.str.contains(w, regex=False)
    return df[keep]
