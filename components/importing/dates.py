"""Read a date column the way spreadsheets and exports leave it: the format is decided from the
whole column, never row by row.

Self-describing forms are read wherever they occur: ISO (`2012-09-12`, also with a `00:00:00`
time, as Excel cells come out), and a month written as a word (`12 September 2012`,
`01-January-2015`, `9-May-20`). All-numeric forms (`31-12-19`, `12/31/2019`) need an order: day
first if some value's first field is above 12, month first if some second field is; when no value
decides it the column is read by its separator's custom (`/` month first, as US exports write it;
`-` and `.` day first) and the reading is reported as undecided, so the page can say so and offer
the other. Two-digit years follow Excel's rule: 00-29 are 2000-2029, 30-99 are 1930-1999.
Nothing here imports Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

DAY_FIRST, MONTH_FIRST = "day/month", "month/day"
PIVOT = 30  # Excel: a two-digit year below 30 is 20xx, from 30 up 19xx

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO = r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$"
_WORDED = r"^(?P<d>\d{1,2})[ \-/.](?P<mon>[A-Za-z]{3,9})\.?[ \-/.,]+(?P<y>\d{4}|\d{2})$"
_WORDED_US = r"^(?P<mon>[A-Za-z]{3,9})\.? (?P<d>\d{1,2}),? (?P<y>\d{4})$"
_NUMERIC = r"^(?P<a>\d{1,2})(?P<sep>[\-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})$"


@dataclass(frozen=True)
class DateReading:
    """How a column was read: `order` of all-numeric dates (None when it has none), whether the
    column's own values decided it."""

    order: str | None = None
    decided: bool = True

    @property
    def ambiguous(self) -> bool:
        return self.order is not None and not self.decided

    def describe(self) -> str:
        if self.order is None:
            return ""
        first = "day" if self.order == DAY_FIRST else "month"
        why = "as the column shows" if self.decided else "by the separator's custom: no value decides it"
        return f"all-numeric dates read {first} first ({self.order}), {why}"


def _year(text: pd.Series) -> pd.Series:
    y = pd.to_numeric(text, errors="coerce")
    return y.where(text.str.len() == 4, y + 2000 - 100 * (y >= PIVOT))


def _iso(y, m, d) -> pd.Series:
    """YYYY-MM-DD text from numbers; validation then rejects days that do not exist (31 February)."""
    return (
        y.astype("Int64").astype(str).str.zfill(4)
        + "-"
        + m.astype("Int64").astype(str).str.zfill(2)
        + "-"
        + d.astype("Int64").astype(str).str.zfill(2)
    )


def read_dates(raw: pd.Series, order: str | None = None) -> tuple[pd.Series, DateReading]:
    """The column as YYYY-MM-DD text where a form reads it; other values unchanged (validation
    reports them). `order` forces the reading of all-numeric dates (the user's choice)."""
    values = pd.Series(raw.dropna().unique(), dtype=object).astype(str).str.strip()
    values = values[values != ""].drop_duplicates()
    out = pd.Series(pd.NA, index=values.index, dtype=object)
    iso = values.str.extract(_ISO)
    hit = iso["y"].notna()
    out[hit] = _iso(iso["y"][hit].astype(int), iso["m"][hit].astype(int), iso["d"][hit].astype(int))
    for pattern in (_WORDED, _WORDED_US):
        worded = values[out.isna()].str.extract(pattern)
        month = worded["mon"].str.lower().map(_MONTHS)
        hit = month.notna()
        out[hit[hit].index] = _iso(_year(worded["y"][hit]), month[hit], worded["d"][hit].astype(int))
    numeric = values[out.isna()].str.extract(_NUMERIC).dropna(subset=["a"])
    reading = DateReading()
    if len(numeric):
        a, b = numeric["a"].astype(int), numeric["b"].astype(int)
        day_first, month_first = bool((a > 12).any()), bool((b > 12).any())
        decided = day_first != month_first
        if order is None:
            custom = MONTH_FIRST if (numeric["sep"] == "/").mean() > 0.5 else DAY_FIRST
            order = (DAY_FIRST if day_first else MONTH_FIRST) if decided else custom
        reading = DateReading(order, decided)
        d, m = (a, b) if order == DAY_FIRST else (b, a)
        out[numeric.index] = _iso(_year(numeric["y"]), m, d)
    lookup = dict(zip(values, out.fillna(values), strict=True))
    text = raw.astype(str).str.strip()
    return text.map(lookup).fillna(text), reading
