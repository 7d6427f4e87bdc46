"""The dashboard's filter state as one value: sidebar filters plus chart selections.

`Filters` is built from URL-style parameters (name -> list of strings, the shape of
`st.query_params`), applied to the incidents, described in words, and written back as parameters:
the URL is the state, so any view is a link. Nothing here imports Streamlit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from components.formatting import format_date, join_words, label_phrase
from components.schema import Table

# URL parameter names. The first four are sidebar widgets bound to the URL; the sel_* are chart
# selections, which Streamlit cannot bind, so the app mirrors them into the URL itself.
TYPES, DATES, REGION, INITIATOR = "types", "dates", "region", "initiator"
SEL_TYPE, SEL_GROUP, SEL_SPAN = "sel_type", "sel_group", "sel_span"
# The region filter's value for incidents whose source names no region (imports: a GTD province
# "Unknown", an ACLED event at sea). It cannot clash with a real name: those are capitalised.
REGION_UNKNOWN = "region unknown"

# Victim groups of the casualties chart -> the count columns that put an incident in that group.
GROUPS = {
    "Militants": ("killed_perpetrators", "injured_perpetrators"),
    "Security forces": ("killed_security", "injured_security"),
    "Civilians": ("killed_civilians", "injured_civilians"),
    "Not attributed": ("killed_unattributed", "injured_unattributed"),
}


def parse_span(values) -> tuple[dt.date, dt.date] | None:
    try:
        start, end = (dt.date.fromisoformat(v) for v in values)
    except (TypeError, ValueError):
        return None  # absent or malformed: no date filter (the widget drops invalid values too)
    return (start, end) if start <= end else None


@dataclass(frozen=True)
class Filters:
    types: tuple[str, ...] = ()
    dates: tuple[dt.date, dt.date] | None = None
    regions: tuple[str, ...] = ()
    initiators: tuple[str, ...] = ()
    sel_types: tuple[str, ...] = ()
    sel_groups: tuple[str, ...] = ()
    sel_span: tuple[dt.date, dt.date] | None = None

    # -- URL round trip -------------------------------------------------------------------------
    @classmethod
    def from_params(cls, params: Mapping[str, list[str] | str], type_labels: Mapping[str, str]) -> Filters:
        """From URL parameters. Incident types appear in the URL by their label ('Bombings', as the
        bound widget writes them); unknown labels are dropped, as the widget drops them."""
        codes = {label: code for code, label in type_labels.items()}

        def many(key):
            v = params.get(key, [])
            return tuple(dict.fromkeys([v] if isinstance(v, str) else v))

        def types(key):
            return tuple(codes[t] for t in many(key) if t in codes)

        return cls(
            types=types(TYPES),
            dates=parse_span(many(DATES)),
            regions=many(REGION),
            initiators=many(INITIATOR),
            sel_types=types(SEL_TYPE),
            sel_groups=tuple(g for g in many(SEL_GROUP) if g in GROUPS),
            sel_span=parse_span(many(SEL_SPAN)),
        )

    def to_params(self, type_labels: Mapping[str, str]) -> dict[str, list[str]]:
        out = {
            TYPES: [type_labels[t] for t in self.types],
            DATES: [d.isoformat() for d in self.dates] if self.dates else [],
            REGION: list(self.regions),
            INITIATOR: list(self.initiators),
            SEL_TYPE: [type_labels[t] for t in self.sel_types],
            SEL_GROUP: list(self.sel_groups),
            SEL_SPAN: [d.isoformat() for d in self.sel_span] if self.sel_span else [],
        }
        return {k: v for k, v in out.items() if v}

    # -- applying -------------------------------------------------------------------------------
    def without(self, *names: str) -> Filters:
        """The same filters with some cleared: a chart is filtered by every selection but its own."""
        return replace(self, **{n: None if n in ("dates", "sel_span") else () for n in names})

    def apply(self, incidents: pd.DataFrame) -> pd.DataFrame:
        df = incidents
        keep = pd.Series(True, index=df.index)
        for values, column in (
            (self.types, "incident_type"),
            (self.sel_types, "incident_type"),
            (self.initiators, "initiator"),
        ):
            if values:
                keep &= df[column].isin(values)
        if self.regions:
            keep &= df["region"].isin(self.regions) | (df["region"].isna() & (REGION_UNKNOWN in self.regions))
        for span in (self.dates, self.sel_span):
            if span:
                keep &= df["date"].between(pd.Timestamp(span[0]), pd.Timestamp(span[1]))
        if self.sel_groups:
            parts = with_unattributed(df)
            hit = pd.Series(False, index=df.index)
            for g in self.sel_groups:
                for col in GROUPS[g]:
                    hit |= parts[col].fillna(0).gt(0)
            keep &= hit
        return df[keep]

    # -- words ----------------------------------------------------------------------------------
    def describe(self, table: Table) -> str:
        """'Bombings in Atyrau Region, 2011': what the filtered view shows, for captions."""
        labels = table.field("incident_type").labels
        types = [t for t in self.types or self.sel_types if not self.sel_types or t in self.sel_types]
        if types:
            what = label_phrase(labels.get(t, t) for t in types)
        else:  # both set and disjoint -> nothing; neither set -> everything
            what = "No incident type" if self.types and self.sel_types else "All incidents"
        parts = [what]
        if self.initiators:
            parts.append("initiated by " + join_words(self.initiators, "or"))
        if self.regions:
            places = [r if r != REGION_UNKNOWN else "an unknown region" for r in self.regions]
            parts.append("in " + join_words(places, "or"))
        if self.sel_groups:
            parts.append("with " + join_words([g.lower() for g in self.sel_groups], "or") + " among the casualties")
        text = " ".join(parts)
        spans = [s for s in (self.dates, self.sel_span) if s]
        if spans:
            start, end = max(s[0] for s in spans), min(s[1] for s in spans)
            text += ", " + (_period(start, end) if start <= end else "in no period (the date ranges do not overlap)")
        return text


def _period(start: dt.date, end: dt.date) -> str:
    """Whole years read as years ('2011', '2011–2012'), anything else as dates."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    return f"{format_date(start)} to {format_date(end)}"


def with_unattributed(df: pd.DataFrame) -> pd.DataFrame:
    """Adds killed/injured_unattributed: the part of a known total no known category accounts for."""
    out = {}
    for kind in ("killed", "injured"):
        known = df[[f"{kind}_perpetrators", f"{kind}_security", f"{kind}_civilians"]].sum(axis=1, min_count=0)
        out[f"{kind}_unattributed"] = (df[f"{kind}_total"] - known).astype("Int64")
    return df.assign(**out)
