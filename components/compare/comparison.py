"""The result of a comparison: the `Comparison` (both sides in the overlap, the pairs) and the
tables made from it: one row per pair with each compared count and its check, the match table of
the CSV download (pairs, then each side's unmatched), and known deaths per month on each side."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import pandas as pd

from components.compare.wording import DIFFERS, SAME, UNKNOWN_ON_BOTH, UNKNOWN_ON_ONE_SIDE, differences, place
from components.core.formatting import format_date

if TYPE_CHECKING:
    from components.compare.matching import Overlap


@dataclass(frozen=True)
class Comparison:
    """What `matching.compare` found: both sides in the overlap and the pairs made."""

    source: str  # "GTD", "ACLED" or "the import"
    country: str
    period: tuple[dt.date, dt.date]
    curated: pd.DataFrame  # the curated incidents in the overlap
    imported: pd.DataFrame  # the imported records in the overlap
    pairs: pd.DataFrame  # one row per pair: ids, score, reasons, by_hand, each compared count and its check
    counts: tuple[str, ...]  # the count columns compared
    ignored: tuple[str, ...] = field(default=())  # hand decisions that could not be applied, as sentences

    # Made once per comparison (the page reads each several times per run, and a kept comparison is
    # drawn again on every undo): a frozen dataclass still has the __dict__ cached_property writes to.
    @cached_property
    def unpaired(self) -> tuple[pd.Series, pd.Series]:
        """Per record of each side in the overlap (curated, imported): is it in no pair?"""
        return (
            ~self.curated["incident_id"].isin(self.pairs["curated_id"]),
            ~self.imported["incident_id"].isin(self.pairs["import_id"]),
        )

    @cached_property
    def only_curated(self) -> pd.DataFrame:
        return self.curated[self.unpaired[0]]

    @cached_property
    def only_import(self) -> pd.DataFrame:
        return self.imported[self.unpaired[1]]

    def differing(self, column: str | None = None) -> pd.Series:
        """Per pair: does a count (any compared, or `column`) differ with both sides known?"""
        return self.checked(DIFFERS, column)

    def unknown_on_one_side(self, column: str | None = None) -> pd.Series:
        """Per pair: is a count (any compared, or `column`) known on one side only?"""
        return self.checked(UNKNOWN_ON_ONE_SIDE, column)

    def checked(self, check: str, column: str | None = None) -> pd.Series:
        """Per pair: has a count (any compared, or `column`) this check (`_check`'s words)?"""
        cols = [column] if column else self.counts
        checks = self.pairs[[f"{c}_check" for c in cols if f"{c}_check" in self.pairs]]
        return (checks == check).any(axis=1)


def _check(a, b) -> str:
    """A count compared in a pair: known on both sides and the same or not, or unknown."""
    if pd.isna(a) and pd.isna(b):
        return UNKNOWN_ON_BOTH
    if pd.isna(a) or pd.isna(b):
        return UNKNOWN_ON_ONE_SIDE
    return SAME if int(a) == int(b) else DIFFERS


ROW_COLUMNS = ("incident_id", "date", "date_precision", "location", "region", "incident_type")


def records(df: pd.DataFrame, counts: tuple[str, ...]) -> list[dict]:
    """One side's rows as plain dicts, with what pair_frame reads of them: row access on the
    (Arrow-backed) frames costs ~5 ms a row."""
    return df[[k for k in ROW_COLUMNS + counts if k in df]].to_dict("records")


def pair_frame(cur: list[dict], imp: list[dict], rows: list[tuple], counts: tuple[str, ...]) -> pd.DataFrame:
    """cur, imp: each side's `records`; rows: (curated position, import position, score, reasons,
    by hand)."""
    columns = ["curated_id", "import_id", "score", "reasons", "by_hand", "curated_date", "import_date"]
    columns += ["curated_place", "import_place", "curated_type", "import_type"]
    columns += [f"{side}_{c}" for c in counts for side in ("curated", "import")] + [f"{c}_check" for c in counts]
    columns.append("differences")
    out = []
    for i, j, s, why, by_hand in rows:
        a, b = cur[i], imp[j]
        record = {
            "curated_id": a["incident_id"],
            "import_id": b["incident_id"],
            "score": s,
            "reasons": why,
            "by_hand": by_hand,
            "curated_date": format_date(a["date"], a["date_precision"]),
            "import_date": format_date(b["date"], b["date_precision"]),
            "curated_place": place(a),
            "import_place": place(b),
            "curated_type": str(a["incident_type"]),
            "import_type": str(b["incident_type"]),
        }
        for c in counts:
            record[f"curated_{c}"], record[f"import_{c}"] = a.get(c), b.get(c)
            record[f"{c}_check"] = _check(a.get(c), b.get(c))
        record["differences"] = differences(record, counts)
        out.append(record)
    # Column by column, the counts made Int64 as they are: astype on the whole frame was ~40% of this.
    known = {f"{side}_{c}" for c in counts for side in ("curated", "import")}
    values = {col: [r[col] for r in out] for col in columns}
    return pd.DataFrame({col: pd.array(v, dtype="Int64") if col in known else v for col, v in values.items()})


def _unmatched(df: pd.DataFrame, side: str, counts: tuple[str, ...]) -> pd.DataFrame:
    """One side's unmatched records in the match table's columns."""
    return pd.DataFrame(
        {
            f"{side}_id": df["incident_id"].to_numpy(),
            f"{side}_date": [format_date(d, p) for d, p in zip(df["date"], df["date_precision"], strict=True)],
            f"{side}_place": [place(r) for r in df[["location", "region"]].to_dict("records")],
            f"{side}_type": df["incident_type"].astype(str).to_numpy(),
            **{f"{side}_{k}": df[k].to_numpy() for k in counts},
        }
    )


def match_table(c: Comparison) -> pd.DataFrame:
    """Every pair, then the unmatched of each side, with a status column: the CSV download."""
    other = c.source.removeprefix("the ")
    frames = [
        c.pairs.assign(status="matched"),
        _unmatched(c.only_curated, "curated", c.counts).assign(status="only in the note"),
        _unmatched(c.only_import, "import", c.counts).assign(
            status=f"only in the {other}" if other == "import" else f"only in {other}"
        ),
    ]
    table = pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True)
    table = table.reindex(columns=["status", *c.pairs.columns])
    return table.astype({f"{side}_{k}": "Int64" for k in c.counts for side in ("curated", "import")})


def monthly_deaths(c: Comparison | Overlap) -> pd.DataFrame:
    """Known deaths per month on each side (month, source, killed, incidents, unknown). Records
    known only to the year have no month and are left out (counted in `year_only`). Both sides in
    the overlap are all it reads: no hand decision changes it."""
    out = []
    for name, df in (("the note", c.curated), (c.source, c.imported)):
        dated = df[df["date_precision"].astype(str) != "year"]
        month = dated["date"].dt.to_period("M").dt.to_timestamp().rename("month")
        g = dated.assign(month=month).groupby("month", observed=True)
        out.append(
            pd.DataFrame(
                {
                    "killed": g["killed_total"].sum(min_count=0),
                    "incidents": g.size(),
                    "unknown": dated["killed_total"].isna().groupby(month).sum(),
                }
            )
            .reset_index()
            .assign(source=name, year_only=int(len(df) - len(dated)))
        )
    frame = pd.concat(out, ignore_index=True).astype({"killed": "Int64", "incidents": "int64", "unknown": "int64"})
    # A month whose every count is unknown has unknown deaths, not 0.
    return frame.assign(killed=frame["killed"].mask(frame["unknown"] == frame["incidents"]))
