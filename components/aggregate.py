"""Summaries the Overview draws: small tables computed from the filtered incidents.

Sums add known values only; every summary also counts the incidents whose value is unknown, so
the page can say so instead of silently treating unknown as zero.
"""

from __future__ import annotations

import pandas as pd

from components.filters import GROUPS, with_unattributed

COUNTS = ("killed_total", "injured_total", "arrested")


def known_sum(series: pd.Series) -> int:
    return int(series.sum(skipna=True))


def unknown_count(series: pd.Series) -> int:
    return int(series.isna().sum())


def headline(df: pd.DataFrame) -> dict:
    """Incidents, and killed/injured/arrested as known sum + incidents where unknown, per year too."""
    out = {"incidents": len(df)}
    for col in COUNTS:
        out[col] = known_sum(df[col])
        out[f"{col}_unknown"] = unknown_count(df[col])
    years = df["date"].dt.year
    out["by_year"] = {}
    for y in sorted(years.dropna().unique()):
        rows = df[years == y]
        year = {"incidents": len(rows)}
        for c in COUNTS:
            year[c] = known_sum(rows[c])
            year[f"{c}_unknown"] = unknown_count(rows[c])
        out["by_year"][int(y)] = year
    return out


def by_type(df: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """One row per incident type in schema order (zero rows kept so bars do not move)."""
    g = df.groupby("incident_type", observed=False)
    out = pd.DataFrame({"incidents": g.size(), "killed": g["killed_total"].sum(min_count=0)})
    out = out.reindex(order, fill_value=0)
    out["killed_unknown"] = (
        df.groupby("incident_type", observed=False)["killed_total"]
        .apply(lambda s: int(s.isna().sum()))
        .reindex(order, fill_value=0)
    )
    return out.rename_axis("incident_type").reset_index().astype({"incidents": int, "killed": int})


def casualties(df: pd.DataFrame) -> pd.DataFrame:
    """Killed and injured per victim group; 'Not attributed' is what a known total leaves over."""
    parts = with_unattributed(df)
    rows = []
    for group, (killed_col, injured_col) in GROUPS.items():
        rows.append(
            {
                "group": group,
                "killed": known_sum(parts[killed_col]),
                "injured": known_sum(parts[injured_col]),
                "incidents": int((parts[killed_col].fillna(0).gt(0) | parts[injured_col].fillna(0).gt(0)).sum()),
            }
        )
    return pd.DataFrame(rows)


def monthly(df: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Incidents and deaths per calendar month from start to end, with the cumulative death toll."""
    months = pd.period_range(start, end, freq="M")
    period = df["date"].dt.to_period("M")
    g = df.groupby(period)
    out = pd.DataFrame(index=months)
    out["incidents"] = g.size().reindex(months, fill_value=0).astype(int)
    out["killed"] = g["killed_total"].sum(min_count=0).reindex(months, fill_value=0).astype(int)
    out["killed_unknown"] = g["killed_total"].apply(lambda s: int(s.isna().sum())).reindex(months, fill_value=0)
    out["cumulative_killed"] = out["killed"].cumsum()
    out.index = months.to_timestamp()
    return out.rename_axis("month").reset_index()
