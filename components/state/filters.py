"""The dashboard's filter state as one value: one value per dimension, however it was set.

`Filters` is built from URL-style parameters (name -> list of strings, the shape of
`st.query_params`), applied to the incidents, described in words, and written back as parameters:
the URL is the state, so any view is a link. Nothing here imports Streamlit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from components.core.formatting import join_words, label_phrase, period_text
from components.data.schema import Table
from components.state.keys import DATES, INITIATOR, REGION, SEL_GROUP, SEL_SPAN, SEL_TYPE, TYPES

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


# The dimensions a view is filtered on, in the order chips list them, with the words for each.
DIMENSIONS = {
    "types": "incident type",
    "dates": "dates",
    "regions": "region",
    "initiators": "initiator",
    "groups": "casualty group",
}


def _same(*spans):
    """Two old filters on one dimension (a sidebar value and a chart selection) as one: their overlap,
    or, where they do not overlap, the later one (a chart selection made on top of the sidebar)."""
    spans = [s for s in spans if s]
    if len(spans) < 2:
        return spans[0] if spans else None
    (a0, a1), (b0, b1) = spans
    return (max(a0, b0), min(a1, b1)) if max(a0, b0) <= min(a1, b1) else (b0, b1)


@dataclass(frozen=True)
class Filters:
    """One value per dimension. A chart click sets the same value the sidebar does (a type bar is
    that type's pill, a span dragged on the escalation chart is the date range), so two filters on
    one dimension can never intersect to nothing; the casualty group is a dimension of its own."""

    types: tuple[str, ...] = ()
    dates: tuple[dt.date, dt.date] | None = None
    regions: tuple[str, ...] = ()
    initiators: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()

    # -- URL round trip -------------------------------------------------------------------------
    @classmethod
    def from_params(cls, params: Mapping[str, list[str] | str], type_labels: Mapping[str, str]) -> Filters:
        """From URL parameters. Incident types appear in the URL by their label ('Bombings', as the
        bound widget writes them); unknown labels are dropped, as the widget drops them.

        Links made before the one filter model carry chart selections as sel_type= and sel_span=
        beside types= and dates=; they open the same view: the two values of a dimension become one,
        their overlap (or the chart selection where they do not overlap)."""
        codes = {label: code for code, label in type_labels.items()}

        def many(key):
            v = params.get(key, [])
            return tuple(dict.fromkeys([v] if isinstance(v, str) else v))

        def types(key):
            return tuple(codes[t] for t in many(key) if t in codes)

        sidebar, chart = types(TYPES), types(SEL_TYPE)
        both = tuple(t for t in sidebar if t in chart)
        return cls(
            types=(both or chart) if sidebar and chart else sidebar or chart,
            dates=_same(parse_span(many(DATES)), parse_span(many(SEL_SPAN))),
            regions=many(REGION),
            initiators=many(INITIATOR),
            groups=tuple(g for g in many(SEL_GROUP) if g in GROUPS),
        )

    def to_params(self, type_labels: Mapping[str, str]) -> dict[str, list[str]]:
        out = {
            TYPES: [type_labels[t] for t in self.types],
            DATES: [d.isoformat() for d in self.dates] if self.dates else [],
            REGION: list(self.regions),
            INITIATOR: list(self.initiators),
            SEL_GROUP: list(self.groups),
        }
        return {k: v for k, v in out.items() if v}

    # -- applying -------------------------------------------------------------------------------
    def without(self, *names: str) -> Filters:
        """The same filters with some dimensions cleared: a chart is filtered by every dimension but
        its own, so its bars stay clickable."""
        return replace(self, **{n: None if n == "dates" else () for n in names})

    def active(self) -> list[str]:
        """The dimensions this value filters on, in DIMENSIONS order."""
        return [n for n in DIMENSIONS if getattr(self, n)]

    def apply(self, incidents: pd.DataFrame) -> pd.DataFrame:
        df = incidents
        keep = pd.Series(True, index=df.index)
        for values, column in (
            (self.types, "incident_type"),
            (self.initiators, "initiator"),
        ):
            if values:
                keep &= df[column].isin(values)
        if self.regions:
            keep &= df["region"].isin(self.regions) | (df["region"].isna() & (REGION_UNKNOWN in self.regions))
        if self.dates:
            keep &= df["date"].between(pd.Timestamp(self.dates[0]), pd.Timestamp(self.dates[1]))
        if self.groups:
            parts = with_unattributed(df)
            hit = pd.Series(False, index=df.index)
            for g in self.groups:
                for col in GROUPS[g]:
                    hit |= parts[col].fillna(0).gt(0)
            keep &= hit
        return df[keep]

    def relax(self, incidents: pd.DataFrame) -> list[tuple[str, int]]:
        """For an empty view: each active dimension with the incidents there would be without it
        (only those that would show any), most first, to say which filter to relax."""
        counts = [(DIMENSIONS[n], len(self.without(n).apply(incidents))) for n in self.active()]
        return sorted([c for c in counts if c[1]], key=lambda c: -c[1])

    # -- words ----------------------------------------------------------------------------------
    def describe(self, table: Table) -> str:
        """'Bombings in Atyrau Region, 2011': what the filtered view shows, for captions."""
        labels = table.field("incident_type").labels
        what = label_phrase(labels.get(t, t) for t in self.types) if self.types else "All incidents"
        parts = [what]
        if self.initiators:
            parts.append("initiated by " + join_words(self.initiators, "or"))
        if self.regions:
            places = [r if r != REGION_UNKNOWN else "an unknown region" for r in self.regions]
            parts.append("in " + join_words(places, "or"))
        if self.groups:
            parts.append("with " + join_words([g.lower() for g in self.groups], "or") + " among the casualties")
        text = " ".join(parts)
        if self.dates:
            text += ", " + period_text(*self.dates)
        return text


def with_unattributed(df: pd.DataFrame) -> pd.DataFrame:
    """Adds killed/injured_unattributed: the part of a known total no known category accounts for."""
    out = {}
    for kind in ("killed", "injured"):
        known = df[[f"{kind}_perpetrators", f"{kind}_security", f"{kind}_civilians"]].sum(axis=1, min_count=0)
        out[f"{kind}_unattributed"] = (df[f"{kind}_total"] - known).astype("Int64")
    return df.assign(**out)
