"""Everything the Overview shows for one filter state, computed in one pure function so the page
can cache it per state (a click back to an earlier selection then costs no computation)."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from components.charts.bars import casualties_bar, types_bar
from components.charts.escalation import escalation
from components.charts.layout import spec
from components.data.loader import Dataset
from components.data.schema import Table
from components.overview import aggregate, narrative
from components.state.filters import Filters

FILTERED_TEXT = ("region", "incident_id")  # text columns the filters or summaries read


@dataclass(frozen=True)
class Panel:
    figure: go.Figure
    summary: str  # the chart's one-line text alternative
    frame: pd.DataFrame  # the chart's data, shown on demand

    @functools.cached_property
    def spec(self) -> str:
        """The figure's JSON, serialized once: the page caches the model per filter state."""
        return spec(self.figure)


@dataclass(frozen=True)
class Overview:
    incidents: int
    headline: list[dict]  # st.metric arguments
    caption: str
    types: Panel | None = None
    casualties: Panel | None = None
    escalation: Panel | None = None


def time_range(table: Table, measures: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The shared time axis: the incidents' period, run on to the last policy measure (early 2013)."""
    start, end = (pd.Timestamp(d) for d in table.period)
    if len(measures):
        end = max(end, measures["date"].max() + pd.offsets.MonthEnd(0))
    return start, end + pd.Timedelta(days=10)


def summary_columns(incidents: pd.DataFrame) -> pd.DataFrame:
    """The columns the Overview counts and filters by. Filtering copies every column it keeps, and
    a 200k-row import's free text (summaries, places, names) would triple the cost of a filter change."""
    keep = [c for c in incidents.columns if incidents[c].dtype != "string" or c in FILTERED_TEXT]
    return incidents[keep]


def build(data: Dataset, f: Filters, table: Table) -> Overview:
    data = dataclasses.replace(data, incidents=summary_columns(data.incidents))
    shown = f.apply(data.incidents)
    if shown.empty:
        return Overview(0, [], "")
    h = aggregate.headline(shown)
    caption = " ".join(
        filter(
            None,
            [
                narrative.change_sentence(h.by_year, "killed_total", "Deaths"),
                narrative.change_sentence(h.by_year, "incidents", "Incidents"),
                narrative.unknown_note(h),
            ],
        )
    )
    # Each chart is filtered by everything except its own selection, so its bars stay clickable.
    return Overview(
        len(shown),
        narrative.headline_figures(h),
        caption,
        _types_panel(f.without("types").apply(data.incidents), f, table),
        _casualties_panel(f.without("groups").apply(data.incidents), f),
        _escalation_panel(f.without("dates").apply(data.incidents), f, data, table, h if not f.dates else None),
    )


def _types_panel(base: pd.DataFrame, f: Filters, table: Table) -> Panel:
    labels = table.field("incident_type").labels
    by_type = aggregate.by_type(base, list(labels))
    return Panel(
        types_bar(by_type, labels=labels, selected=f.types, linked=True),
        narrative.types_summary(by_type, labels),
        by_type,
    )


def _casualties_panel(base: pd.DataFrame, f: Filters) -> Panel:
    cas = aggregate.casualties(base)
    unknown = aggregate.unknown_count(base["killed_total"]), aggregate.unknown_count(base["injured_total"])
    return Panel(
        casualties_bar(cas, selected=f.groups, unknown=narrative.unknown_casualties(*unknown), linked=True),
        narrative.casualties_summary(cas, *unknown),
        cas,
    )


def _escalation_panel(
    base: pd.DataFrame, f: Filters, data: Dataset, table: Table, h: aggregate.Headline | None
) -> Panel:
    """`h`: the headline of `base` where already counted (no date filter: base is the view itself)."""
    start, end = time_range(table, data.policy_measures)
    bins = aggregate.per_bin(base, start, pd.Timestamp(table.period[1]))
    return Panel(
        escalation(
            bins,
            x_range=(start, end),
            measures=data.policy_measures,
            context=data.context_events,
            span=f.dates,
            period=table.period,
        ),
        narrative.escalation_summary(bins, (h or aggregate.headline(base)).by_year, data.policy_measures),
        bins,
    )
