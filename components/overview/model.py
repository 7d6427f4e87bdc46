"""Everything the Overview shows for one filter state, computed in one pure function so the page
can cache it per state (a click back to an earlier selection then costs no computation)."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from components.charts.bars import casualties_bar, types_bar
from components.charts.escalation import escalation, timeline_rows
from components.charts.layout import spec
from components.core.memo import Memo
from components.data.loader import Dataset
from components.data.schema import Table
from components.overview import aggregate, narrative
from components.state.filters import Filters, frames_of, with_unattributed

FILTERED_TEXT = ("region", "incident_id")  # text columns the filters or summaries read


@dataclass(frozen=True)
class Panel:
    plain: dict  # the figure as plotly's JSON structure (charts.layout.plain): no go.Figure to build
    summary: str  # the chart's one-line text alternative
    frame: pd.DataFrame  # the chart's data, shown on demand

    @functools.cached_property
    def spec(self) -> str:
        """The figure's JSON, serialized once: the page caches the model per filter state."""
        return spec(self.plain)

    @functools.cached_property
    def figure(self) -> go.Figure:
        """The same figure as plotly's objects, for readers that want them (never the page)."""
        return go.Figure(self.plain, _validate=False)  # plain() spelled it out: see layout.figure

    @property
    def height(self) -> int:
        return self.plain["layout"]["height"]


@dataclass(frozen=True)
class Overview:
    incidents: int
    headline: list[dict]  # st.metric arguments
    caption: str
    types: Panel | None = None
    casualties: Panel | None = None
    escalation: Panel | None = None
    empty_hint: str = ""  # for an empty view: which filter to relax (narrative.empty_view)


# What the Overview draws, by what it is drawn from: the rows a part counts (not the filters that
# chose them) and the selection it shows. Filter states differ far more often than the rows they
# keep (a date range moved by a week keeps the same incidents; a type bar clicked leaves the type
# chart's rows as they were), and building a part is most of a new state's cost, so most of a new
# state's parts were built before.
PARTS = Memo()
VIEWS = Memo(256)  # whole Overviews by filter state: a click back to a state seen before costs nothing


def view(data: Dataset, f: Filters) -> Overview:
    """build() kept per filter state for every session: looked up by plain values (the data's stamp
    and title, the frozen Filters), where st.cache_resource hashed its arguments, ~0.75 ms a call."""
    return VIEWS.get((*data.key, f), lambda: build(data, f, data.table))


def rows(index: pd.Index) -> bytes:
    """Which rows a frame with this index holds, as a short digest of it (a filtered frame keeps the index)."""
    raw = index.to_numpy().tobytes() if index.dtype.kind in "iu" else pd.util.hash_pandas_object(index).to_numpy()
    return hashlib.blake2b(raw, digest_size=16).digest()


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


def build(data: Dataset, f: Filters, table: Table, memo: Memo = PARTS) -> Overview:
    """The Overview of `data` under `f`; its parts come from `memo` where drawn from the same rows."""
    same = data.key
    # What is the same for every view of a dataset is made once: the columns counted (with the
    # casualty groups' unattributed parts) and the policy timeline's traces.
    prepared = memo.get((*same, "incidents"), lambda: with_unattributed(summary_columns(data.incidents)))
    data = dataclasses.replace(data, incidents=prepared)

    # Each chart is filtered by everything except its own selection, so its bars stay clickable.
    # The rows as masks: a frame is filtered only for a part not kept already.
    shown, (types, groups, dates) = f.masks_each(prepared, ("types", "groups", "dates"))
    count = len(prepared) if shown is None else int(shown.sum())
    if not count:
        return Overview(0, [], "", empty_hint=narrative.empty_view(f.relax(prepared)))
    frame = frames_of(prepared)

    # A chart's counts are kept by the rows counted, its figure by those and the selection it shows
    # (a click on a bar changes the selection of a chart whose rows stay as they were); each is made
    # only where its figure is not kept already.
    in_shown, in_types, in_groups, in_dates = (
        rows(prepared.index if m is None else prepared.index[m]) for m in (shown, types, groups, dates)
    )
    _, figures, caption = memo.get((*same, "headline", in_shown), lambda: _headline(frame(shown)))
    labels = list(table.field("incident_type").labels)

    def types_panel() -> Panel:
        by_type = memo.get((*same, "by_type", in_types), lambda: aggregate.by_type(frame(types), labels))
        return _types_panel(by_type, f, table)

    def casualties_panel() -> Panel:
        counted = memo.get((*same, "casualty counts", in_groups), lambda: _casualties_counted(frame(groups)))
        return _casualties_panel(*counted, f)

    def escalation_panel() -> Panel:
        x_range = time_range(table, data.policy_measures)
        end = pd.Timestamp(table.period[1])
        bins = memo.get((*same, "bins", in_dates), lambda: aggregate.per_bin(frame(dates), x_range[0], end))
        h = memo.get((*same, "headline", in_dates), lambda: _headline(frame(dates)))[0]
        timeline = memo.get((*same, "timeline"), lambda: timeline_rows(data.policy_measures, data.context_events))
        return _escalation_panel(bins, h, f, data, x_range, timeline)

    return Overview(
        count,
        figures,
        caption,
        memo.get((*same, "types", in_types, f.types), types_panel),
        memo.get((*same, "casualties", in_groups, f.groups), casualties_panel),
        memo.get((*same, "escalation", in_dates, f.dates), escalation_panel),
    )


def _headline(shown: pd.DataFrame) -> tuple[aggregate.Headline, list[dict], str]:
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
    return h, narrative.headline_figures(h), caption


def _types_panel(by_type: pd.DataFrame, f: Filters, table: Table) -> Panel:
    labels = table.field("incident_type").labels
    return Panel(
        types_bar(by_type, labels=labels, selected=f.types, linked=True, plain=True),
        narrative.types_summary(by_type, labels),
        by_type,
    )


def _casualties_counted(base: pd.DataFrame) -> tuple[pd.DataFrame, tuple[int, int]]:
    """Killed and injured per group, and the incidents whose deaths and injuries are unknown."""
    return aggregate.casualties(base), (
        aggregate.unknown_count(base["killed_total"]),
        aggregate.unknown_count(base["injured_total"]),
    )


def _casualties_panel(cas: pd.DataFrame, unknown: tuple[int, int], f: Filters) -> Panel:
    return Panel(
        casualties_bar(cas, selected=f.groups, unknown=narrative.unknown_casualties(*unknown), linked=True, plain=True),
        narrative.casualties_summary(cas, *unknown),
        cas,
    )


def _escalation_panel(
    bins: pd.DataFrame,
    h: aggregate.Headline,
    f: Filters,
    data: Dataset,
    x_range: tuple[pd.Timestamp, pd.Timestamp],
    timeline: list[dict],
) -> Panel:
    """`bins`: the escalation's rows counted per time bin; `h`: their headline; `x_range`: the shared
    time axis (time_range); `timeline`: the policy timeline's traces (escalation.timeline_rows)."""
    return Panel(
        escalation(
            bins,
            x_range=x_range,
            measures=data.policy_measures,
            context=data.context_events,
            span=f.dates,
            period=data.table.period,
            rows=timeline,
            plain=True,
        ),
        narrative.escalation_summary(bins, h.by_year, data.policy_measures),
        bins,
    )
