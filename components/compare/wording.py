"""The words of a comparison: the headline, the period, a record's place, a pair's count checks
and differences, the sources' names."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from components.core import formatting
from components.core.formatting import counted

if TYPE_CHECKING:
    from components.compare.comparison import Comparison

COUNT_WORDS = {
    "killed_total": "deaths",
    "killed_perpetrators": "perpetrators killed",
    "injured_total": "injured",
    "injured_perpetrators": "perpetrators injured",
    "arrested": "arrests",
}
SOURCE_NAMES = {"gtd": "GTD", "acled": "ACLED"}  # anything else reads as "the import"
# A count compared in a pair: its check.
SAME, DIFFERS = "same", "differs"
UNKNOWN_ON_ONE_SIDE, UNKNOWN_ON_BOTH = "unknown on one side", "unknown on both"


def source_name(fmt: str) -> str:
    return SOURCE_NAMES.get(fmt, "the import")


def period_text(period: tuple[dt.date, dt.date]) -> str:
    """'2011–2012' for whole years, else '17 May 2011 – 30 Jun 2012'."""
    return formatting.period_text(*period, between=" – ")


def place(row) -> str:
    """A record's place as the tables show it: its location, with its region unless it names it."""
    region = row.get("region")
    region = "" if region is None or pd.isna(region) else str(region)
    location = str(row.get("location") or "")
    return location if not region or region in location else f"{location} ({region})"


def differences(record: dict, counts: tuple[str, ...]) -> str:
    """'deaths 2 vs 3; unknown on one side: injured' (empty when every known count agrees)."""
    differ = [
        f"{COUNT_WORDS[c]} {record[f'curated_{c}']} vs {record[f'import_{c}']}"
        for c in counts
        if record[f"{c}_check"] == DIFFERS
    ]
    unknown = [COUNT_WORDS[c] for c in counts if record[f"{c}_check"] == UNKNOWN_ON_ONE_SIDE]
    return "; ".join(differ + ([f"unknown on one side: {', '.join(unknown)}"] if unknown else []))


def headline(c: Comparison) -> str:
    """'GTD records 19 incidents in Kazakhstan in 2011–2012; 13 match the note; the note has 3 the
    GTD lacks; deaths differ in 4 pairs (unknown on one side in 2).'"""
    name = c.source
    lead = name[:1].upper() + name[1:]
    matched = len(c.pairs)
    parts = [
        f"{lead} records {counted(len(c.imported), 'incident')} in {c.country} in {period_text(c.period)}",
        f"{matched:,} match the note" if matched != 1 else "1 matches the note",
        f"the note has {len(c.only_curated):,} the {name.removeprefix('the ')} lacks",
    ]
    if "killed_total" in c.counts:
        differ, unknown = int(c.differing("killed_total").sum()), int(c.unknown_on_one_side("killed_total").sum())
        deaths = f"deaths differ in {counted(differ, 'pair')}"
        parts.append(deaths + (f" (unknown on one side in {unknown:,})" if unknown else ""))
    else:
        parts.append(f"the {name.removeprefix('the ')} records no deaths to compare")
    return "; ".join(parts) + "."
