"""Summaries the Overview draws: small tables computed from the filtered incidents.

Sums add known values only; every summary also counts the incidents whose value is unknown, so
the page can say so instead of silently treating unknown as zero.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from components.state.filters import GROUPS, with_unattributed

COUNTS = ("killed_total", "injured_total", "arrested")


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
    counts = {c: values(df[c]) for c in COUNTS}
    year = df["date"].to_numpy().astype("datetime64[Y]")
    dated = ~np.isnat(year)  # an undated incident counts in the totals, in no year
    years, at = np.unique(year[dated].astype("int64"), return_inverse=True)
    rows = np.bincount(at, minlength=len(years))
    per_year = {c: _per(at, v[dated], len(years)) for c, v in counts.items()}
    by_year = {
        1970 + int(y): Counts(
            incidents=int(rows[i]),
            **{c: int(per_year[c][0][i]) for c in COUNTS},
            **{f"{c}_unknown": int(per_year[c][1][i]) for c in COUNTS},
        )
        for i, y in enumerate(years)
    }
    return Headline(
        incidents=len(df),
        **{c: int(np.nansum(v)) for c, v in counts.items()},
        **{f"{c}_unknown": int(np.isnan(v).sum()) for c, v in counts.items()},
        by_year=by_year,
    )


# The summaries count with numpy: on the few dozen rows of a view, pandas' groupby and its per-call
# overhead cost 2-9 ms a summary, most of a new filter state's server time (overview.model).


def values(series: pd.Series) -> np.ndarray:
    """A count column as floats, unknown (<NA>) as NaN."""
    return series.to_numpy(dtype="float64", na_value=np.nan)


def _per(at: np.ndarray, counts: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per group (`at`: each row's group, 0..n-1): the sum of the known counts, and how many are unknown."""
    known = ~np.isnan(counts)
    sums = np.bincount(at[known], weights=counts[known], minlength=n).astype("int64")
    return sums, np.bincount(at[~known], minlength=n)


def by_type(df: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """One row per incident type in schema order (zero rows kept so bars do not move)."""
    codes = _positions(df["incident_type"], order)
    typed = codes >= 0
    at = codes[typed].astype("int64")
    killed, unknown = _per(at, values(df["killed_total"])[typed], len(order))
    return pd.DataFrame(
        {
            "incident_type": order,
            "incidents": np.bincount(at, minlength=len(order)),
            "killed": killed,
            "killed_unknown": unknown,
        }
    )


def _positions(column: pd.Series, order: list[str]) -> np.ndarray:
    """Each row's value's position in `order`, -1 where it is not there (or unknown). A categorical
    column (the loaders make every enum one) is looked up by its few categories, not row by row."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        where = np.append(pd.Index(order).get_indexer(column.cat.categories), -1)
        return where[column.cat.codes.to_numpy()]  # code -1 (unknown) picks the appended -1
    return pd.Index(order).get_indexer(column)


def casualties(df: pd.DataFrame) -> pd.DataFrame:
    """Killed and injured per victim group; 'Not attributed' is what a known total leaves over."""
    parts = with_unattributed(df)
    # An empty part is unknown, except where the known parts already add up to a known total: the
    # rest must then be 0 (the methodology leaves such cells empty, "even when the total implies").
    settled = {kind: values(parts[f"{kind}_unattributed"]) == 0 for kind in ("killed", "injured")}
    rows = []
    for group, (killed_col, injured_col) in GROUPS.items():
        killed, injured = values(parts[killed_col]), values(parts[injured_col])
        rows.append(
            {
                "group": group,
                "killed": int(np.nansum(killed)),
                "injured": int(np.nansum(injured)),
                "incidents": int(((killed > 0) | (injured > 0)).sum()),  # NaN > 0 is False
                "killed_unknown": int((np.isnan(killed) & ~settled["killed"]).sum()),
                "injured_unknown": int((np.isnan(injured) & ~settled["injured"]).sum()),
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
    first, bin_start, bin_last_month, unit = _bins(pd.Timestamp(start), pd.Timestamp(end))
    n = len(bin_start)
    # Each incident's bin: its month, quarter or year counted from 1970 (a Period's ordinal) less the first bin's.
    months = df["date"].to_numpy().astype("datetime64[M]")
    dated = ~np.isnat(months)
    at = months.astype("int64") // {"month": 1, "quarter": 3, "year": 12}[unit] - first
    inside = dated & (at >= 0) & (at < n)
    killed, unknown = _per(at[inside], values(df["killed_total"])[inside], n)
    return pd.DataFrame(
        {
            "bin_start": bin_start,
            "incidents": np.bincount(at[inside], minlength=n),
            "killed": killed,
            "killed_unknown": unknown,
            "cumulative_killed": killed.cumsum(),
            "bin_last_month": bin_last_month,
            "unit": unit,
        }
    )


@functools.lru_cache(maxsize=64)
def _bins(start: pd.Timestamp, end: pd.Timestamp) -> tuple[int, pd.DatetimeIndex, pd.Index, str]:
    """The time bins from start to end: the first one's ordinal, each one's first day and last month."""
    unit = time_unit(start, end)
    bins = pd.period_range(start, end, freq=FREQUENCIES[unit])
    first = bins[0].ordinal if len(bins) else 0  # no bins: an end before the start
    return first, bins.to_timestamp(), bins.asfreq("M", how="end").strftime("%Y-%m"), unit
