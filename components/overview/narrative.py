"""One-line summaries of what each chart shows, computed from the same summaries the charts draw.

They are the charts' text alternatives and the briefing's headlines: never typed, always derived.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from components.core.formatting import count_label, counted, format_date, join_words, label_phrase
from components.overview.aggregate import Counts, Headline


def types_summary(by_type: pd.DataFrame, labels: dict) -> str:
    total = int(by_type["incidents"].sum())
    if not total:
        return "No incidents."
    if total == 1:
        (only,) = by_type.loc[by_type["incidents"] == 1, "incident_type"]
        return f"The only incident in view: {labels.get(only, only)}."
    top = by_type.sort_values("incidents", ascending=False, kind="stable")
    first = top.iloc[0]
    tied = top[top["incidents"] == first["incidents"]]
    names = label_phrase(labels.get(t, t) for t in tied["incident_type"])
    if len(tied) > 1:
        return f"{names} were the most common types: {int(first['incidents']):,} of {counted(total, 'incident')} each."
    # No verb agreeing with the label: curated labels are plural ("Bombings"), GTD's singular.
    return f"Most common type: {names}, {int(first['incidents']):,} of {counted(total, 'incident')}."


def casualties_summary(cas: pd.DataFrame, killed_unknown: int, injured_unknown: int) -> str:
    """Known sums with their split; a measure no incident in view has a number for is said to be
    unknown, never summed to 0."""
    in_view = int(cas["in_view"].iloc[0]) if len(cas) else 0
    killed, injured = int(cas["killed"].sum()), int(cas["injured"].sum())
    if killed_unknown >= in_view:
        text = "An unknown number of people killed"
    else:
        split = ", ".join(f"{g.lower()} {k}" for g, k in zip(cas["group"], cas["killed"], strict=True) if k)
        text = f"{counted(killed, 'person', 'people')} killed" + (f" ({split})" if split else "")
    text += " and an unknown number injured" if injured_unknown >= in_view else f" and {injured} injured"
    if killed_unknown < in_view or injured_unknown < in_view:
        text += ", where the source gives numbers"
    text += "."
    unknown = unknown_casualties(killed_unknown, injured_unknown)
    return text + (f" {unknown}." if unknown else "")


def unknown_casualties(killed_unknown: int, injured_unknown: int) -> str:
    """'Unknown: deaths for 1 incident and injuries for 12 incidents' ('' when nothing is unknown)."""
    gaps = [
        f"{noun} for {counted(n, 'incident')}"
        for noun, n in (("deaths", killed_unknown), ("injuries", injured_unknown))
        if n
    ]
    return f"Unknown: {join_words(gaps)}" if gaps else ""


def compared_years(by_year: dict[int, Counts]) -> tuple[int, int] | None:
    """The two latest years with incidents in view: 2011 and 2012 for the curated data; an import's
    last two. None when the view has a single year."""
    years = sorted(by_year)
    return (years[-2], years[-1]) if len(years) > 1 else None


def change_sentence(by_year: dict[int, Counts], key: str, noun: str) -> str | None:
    """'Deaths rose from 28 in 2011 to 44 in 2012.' None when fewer than two years have incidents."""
    pair = compared_years(by_year)
    if pair is None:
        return None
    (y0, y1), (a, b) = pair, (by_year[y].count(key) for y in pair)
    verb = "rose" if b > a else "fell" if b < a else "stayed at"
    if verb == "stayed at":
        return f"{noun} stayed at {a:,} in both {y0} and {y1}."
    return f"{noun} {verb} from {a:,} in {y0} to {b:,} in {y1}."


def escalation_summary(bins: pd.DataFrame, by_year: dict[int, Counts], measures: pd.DataFrame) -> str:
    parts = [change_sentence(by_year, "killed_total", "Deaths")]
    if bins["killed"].max() > 0:
        worst = bins.loc[bins["killed"].idxmax()]
        parts.append(
            f"The deadliest {worst['unit']} was {format_date(worst['bin_start'], worst['unit'])} "
            f"({int(worst['killed']):,} killed)."
        )
    if len(measures):
        # The earliest and the latest by position: sorting the frame and reading its rows was a third
        # of this chart's part of a new Overview state (~3 ms), for the same words every time.
        order = np.argsort(measures["date"].to_numpy(), kind="stable")  # NaT last, as sort_values puts it
        first, last = (format_date(measures["date"].iat[i], measures["date_precision"].iat[i]) for i in order[[0, -1]])
        parts.append(f"{counted(len(measures), 'policy measure')} followed, dated {first} to {last}.")
    return " ".join(p for p in parts if p)


def unknown_note(h: Counts) -> str | None:
    """'Sums of known counts: injuries unknown for 12 of 16 incidents, ...' or None if all known."""
    nouns = {"killed_total": "deaths", "injured_total": "injuries", "arrested": "arrests"}
    gaps = [f"{noun} unknown for {h.unknown(k):,} of {h.incidents:,}" for k, noun in nouns.items() if h.unknown(k)]
    return f"Sums of known counts only: {', '.join(gaps)} incidents." if gaps else None


HEADLINE = {"incidents": "Incidents", "killed_total": "Killed", "injured_total": "Injured", "arrested": "Arrested"}


def headline_figures(h: Headline) -> list[dict]:
    """st.metric arguments for the headline: value (or 'unknown' when no incident has one) and the
    change between the two latest years in view (2011 to 2012 on the curated data)."""
    years = h.by_year
    out = []
    for key, label in HEADLINE.items():
        unknown = h.unknown(key)
        # A figure has no room for '16 + 1 unknown' at 800 px: a lower bound, explained by its help.
        exact = count_label(h.count(key), unknown, h.incidents)
        value = exact if unknown in (0, h.incidents) else f"≥ {h.count(key):,}"
        # A change needs both years in view, each with at least one known count.
        pair = compared_years(years)
        both = [years[y] for y in pair] if pair else []
        comparable = bool(both) and all(y.incidents > y.unknown(key) for y in both)
        delta = both[1].count(key) - both[0].count(key) if comparable else None
        out.append(
            {
                "label": label,
                "value": value,
                "delta": None if delta is None else f"{delta:+,}",
                "delta_description": None if delta is None else f"{pair[1]} vs {pair[0]}",
                "delta_arrow": "off" if not delta else "auto",
                "help": f"{exact}: the sum of known counts; unknown for {unknown:,} of {h.incidents:,} incidents."
                if unknown
                else None,
            }
        )
    return out


def app_title(incidents: pd.DataFrame, period, imported: str | None = None) -> str:
    """What the app is about, from the data itself: 'Terrorism in Kazakhstan, 2011–2012'; for an
    import, its countries and years and the file's name ('Terrorism in 12 countries, 1970–2017:
    imported from gtd.csv')."""
    countries = incidents["country"].dropna().unique() if "country" in incidents else []
    where = f"in {countries[0]}" if len(countries) == 1 else f"in {counted(len(countries), 'country', 'countries')}"
    start, end = (d.year for d in period)
    years = str(start) if start == end else f"{start}–{end}"
    title = f"Terrorism {where if len(countries) else 'incidents'}, {years}"
    return f"{title}: imported from {imported}" if imported else title


def empty_view(relax: list[tuple[str, int]]) -> str:
    """What to do about an empty view, from Filters.relax: which filter to remove and what it gives."""
    if not relax:
        return "No incident matches these filters, and removing any one of them is not enough: use Clear all."
    options = [f"the {name} filter ({counted(n, 'incident')})" for name, n in relax]
    return "No incident matches these filters together. Remove " + join_words(options, "or") + "."
