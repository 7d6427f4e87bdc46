"""Free-text search over the incidents a reader would search: summary, places and names.

The matching itself is components/publish/recipe.py's `has_every_word`, the very code every
reproduce.py carries, so the app's search and the script's cannot drift apart."""

from __future__ import annotations

import pandas as pd

from components.publish.recipe import SEARCHED, has_every_word

__all__ = ["SEARCHED", "search"]


def search(df: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows containing every word of query (case-insensitive, in any searched column)."""
    words = [w for w in (query or "").lower().split() if w]
    if not words:
        return df
    return df[has_every_word(df, words)]
