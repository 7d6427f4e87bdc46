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
    counts = df[list(COUNTS)]
    known = counts.notna()
    # One grouped pass: per year, the known sums and how many rows have each count.
    per_year = pd.concat([counts.fillna(0), known], axis=1, keys=["sum", "known"]).groupby(df["date"].dt.year)
    sums, rows = per_year.sum(), per_year.size()
    out = {"incidents": len(df)}
    for col in COUNTS:
        out[col] = int(counts[col].sum())
        out[f"{col}_unknown"] = int(len(df) - known[col].sum())
    out["by_year"] = {
        int(y): {
            "incidents": int(rows[y]),
            **{
                k: v
                for c in COUNTS
                for k, v in (
                    (c, int(sums.at[y, ("sum", c)])),
                    (f"{c}_unknown", int(rows[y] - sums.at[y, ("known", c)])),
                )
            },
        }
        for y in rows.index
    }
    return out


def by_type(df: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """One row per incident type in schema order (zero rows kept so bars do not move)."""
    g = df.groupby("incident_type", observed=False)
    out = pd.DataFrame({"incidents": g.size(), "killed": g["killed_total"].sum(min_count=0)})
    out = out.reindex(order, fill_value=0)
    out["killed_unknown"] = (
        df["killed_total"].isna().groupby(df["incident_type"], observed=False).sum().reindex(order, fill_value=0)
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


FREQUENCIES = {"month": "M", "quarter": "Q", "year": "Y"}


def time_unit(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """Months over a few years (the curated 2011-2012); quarters, then years, over an import's
    decades: 600 monthly bars are a blur to read and slow to draw."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return "month" if months <= 48 else "quarter" if months <= 144 else "year"


def monthly(df: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Incidents and deaths per calendar month (or quarter, or year: see time_unit) from start to
    end, with the cumulative death toll. `month` is each bin's first day, `last_month` its last
    month (YYYY-MM), `unit` the bin size."""
    unit = time_unit(pd.Timestamp(start), pd.Timestamp(end))
    months = pd.period_range(start, end, freq=FREQUENCIES[unit])
    period = df["date"].dt.to_period(FREQUENCIES[unit])
    g = df.groupby(period)
    out = pd.DataFrame(index=months)
    out["incidents"] = g.size().reindex(months, fill_value=0).astype(int)
    out["killed"] = g["killed_total"].sum(min_count=0).reindex(months, fill_value=0).astype(int)
    out["killed_unknown"] = df["killed_total"].isna().groupby(period).sum().reindex(months, fill_value=0).astype(int)
    out["cumulative_killed"] = out["killed"].cumsum()
    out["last_month"] = months.asfreq("M", how="end").strftime("%Y-%m")
    out["unit"] = unit
    out.index = months.to_timestamp()
    return out.rename_axis("month").reset_index()
