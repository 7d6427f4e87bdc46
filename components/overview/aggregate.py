"""Summaries the Overview draws: small tables computed from the filtered incidents.

Sums add known values only; every summary also counts the incidents whose value is unknown, so
the page can say so instead of silently treating unknown as zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.state.filters import GROUPS, with_unattributed

COUNTS = ("killed_total", "injured_total", "arrested")


def known_sum(series: pd.Series) -> int:
    return int(series.sum(skipna=True))


def unknown_count(series: pd.Series) -> int:
    return int(series.isna().sum())


@dataclass(frozen=True)
class Counts:
    """Incidents, and killed/injured/arrested as the sum of known counts plus the number of incidents
    whose count is unknown (never folded into the sum as zero)."""

    incidents: int
    killed_total: int
    killed_total_unknown: int
    injured_total: int
    injured_total_unknown: int
    arrested: int
    arrested_unknown: int

    def count(self, key: str) -> int:
        """By column name ('incidents', 'killed_total', ...): the summaries loop over them."""
        return getattr(self, key)

    def unknown(self, key: str) -> int:
        """Incidents whose `key` count is unknown; 0 for 'incidents' itself."""
        return 0 if key == "incidents" else getattr(self, f"{key}_unknown")


@dataclass(frozen=True)
class Headline(Counts):
    """The counts of everything in view, and the same per calendar year."""

    by_year: dict[int, Counts]


def headline(df: pd.DataFrame) -> Headline:
    """Incidents, and killed/injured/arrested as known sum + incidents where unknown, per year too."""
    counts = df[list(COUNTS)]
    known = counts.notna()
    # One grouped pass: per year, the known sums and how many rows have each count.
    per_year = pd.concat([counts.fillna(0), known], axis=1, keys=["sum", "known"]).groupby(df["date"].dt.year)
    sums, rows = per_year.sum(), per_year.size()
    by_year = {
        int(y): Counts(
            incidents=int(rows[y]),
            **{c: int(sums.at[y, ("sum", c)]) for c in COUNTS},
            **{f"{c}_unknown": int(rows[y] - sums.at[y, ("known", c)]) for c in COUNTS},
        )
        for y in rows.index
    }
    return Headline(
        incidents=len(df),
        **{c: int(counts[c].sum()) for c in COUNTS},
        **{f"{c}_unknown": int(len(df) - known[c].sum()) for c in COUNTS},
        by_year=by_year,
    )


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
    # An empty part is unknown, except where the known parts already add up to a known total: the
    # rest must then be 0 (the methodology leaves such cells empty, "even when the total implies").
    settled = {kind: parts[f"{kind}_unattributed"].eq(0).fillna(False) for kind in ("killed", "injured")}
    rows = []
    for group, (killed_col, injured_col) in GROUPS.items():
        rows.append(
            {
                "group": group,
                "killed": known_sum(parts[killed_col]),
                "injured": known_sum(parts[injured_col]),
                "incidents": int((parts[killed_col].fillna(0).gt(0) | parts[injured_col].fillna(0).gt(0)).sum()),
                "killed_unknown": int((parts[killed_col].isna() & ~settled["killed"]).sum()),
                "injured_unknown": int((parts[injured_col].isna() & ~settled["injured"]).sum()),
                "in_view": len(df),
            }
        )
    return pd.DataFrame(rows)


FREQUENCIES = {"month": "M", "quarter": "Q", "year": "Y"}


def time_unit(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """Months over a few years (the curated 2011-2012); quarters, then years, over an import's
    decades: 600 monthly bars are a blur to read and slow to draw."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return "month" if months <= 48 else "quarter" if months <= 144 else "year"


def per_bin(df: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Incidents and deaths per time bin (a calendar month, quarter or year: see time_unit) from
    start to end, with the cumulative death toll. `bin_start` is each bin's first day,
    `bin_last_month` its last month (YYYY-MM), `unit` the bin size."""
    unit = time_unit(pd.Timestamp(start), pd.Timestamp(end))
    bins = pd.period_range(start, end, freq=FREQUENCIES[unit])
    period = df["date"].dt.to_period(FREQUENCIES[unit])
    g = df.groupby(period)
    out = pd.DataFrame(index=bins)
    out["incidents"] = g.size().reindex(bins, fill_value=0).astype(int)
    out["killed"] = g["killed_total"].sum(min_count=0).reindex(bins, fill_value=0).astype(int)
    out["killed_unknown"] = df["killed_total"].isna().groupby(period).sum().reindex(bins, fill_value=0).astype(int)
    out["cumulative_killed"] = out["killed"].cumsum()
    out["bin_last_month"] = bins.asfreq("M", how="end").strftime("%Y-%m")
    out["unit"] = unit
    out.index = bins.to_timestamp()
    return out.rename_axis("bin_start").reset_index()
