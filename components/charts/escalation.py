"""The escalation chart (Overview, briefing): incidents and deaths per time bin with the cumulative
toll, and under them, on the same time axis, the policy timeline of measures and context events.
Pure: no Streamlit, no I/O.

Rows top to bottom: the bins (y: counts, y2: cumulative, on the right), the row marking bins of
unknown deaths (y4, only when there is one), the timeline (y3, only with measures or events).
Every selectable point carries `customdata` [kind, value] (`selection.Kind`), so a selection maps
back to data without relying on plotly's x values (wrong on date axes).
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from components.charts.layout import GRID, MUTED, figure, tick_room
from components.charts.layout import plain as as_plain
from components.core.formatting import count_labels, format_date
from components.core.formatting import html_text as escape
from components.core.text import wrap
from components.core.theme import INCIDENTS_COLOR, KILLED_COLOR, SPAN_COLOR, STATUS_SYMBOLS
from components.state.selection import Kind, point

# The escalation's lower row: one line per measure or event type; dtick 1 labels every type, not
# every other one.
TIMELINE_AXIS = {
    "domain": [0, 0.35],
    "gridcolor": "#f3f3f3",
    "anchor": "x",
    "dtick": 1,
    "tickfont": {"size": 11, "color": MUTED},
}
TIMELINE_WRAP = 20  # characters per line of a timeline row's name (11 px)
UNKNOWN_ROW = "unknown"  # the tick label of the row under the counts where bins of unknown deaths are marked
UNKNOWN_AXIS = {"type": "category", "showgrid": False, "fixedrange": True, "anchor": "x"}
MID_BIN = {"month": 14, "quarter": 45, "year": 182}  # days from a bin's start to its middle
MID_DATE = {"day": 0, "month": 14, "year": 182}  # days from a date's start to its middle, by its precision


def escalation(
    bins: pd.DataFrame,
    *,
    x_range: tuple[pd.Timestamp, pd.Timestamp],
    measures: pd.DataFrame | None = None,
    context: pd.DataFrame | None = None,
    span: tuple | None = None,
    period: tuple | None = None,
    rows: list[dict] | None = None,
    plain: bool = False,
) -> go.Figure | dict:
    """Incidents and deaths per time bin with the cumulative toll (top), and the policy timeline
    (bottom) when measures or context events are given: two rows on one x axis, so a date sits at
    the same place in both. `span` (first and last day) is drawn as a band through both rows.
    `period` (the date filter's whole range), for a chart a click filters by: layout.meta says how
    assets/linked_predict.js draws the band a selection of bins will set (selection.clicked).
    `rows`: timeline_rows(measures, context), where the caller keeps them (they are the same for
    every view of a dataset). A go.Figure, or with `plain` its dict (layout.plain)."""
    timeline = timeline_rows(measures, context) if rows is None else rows
    layout = _escalation_layout(
        bins, x_range, timeline=bool(timeline), has_measures=measures is not None and len(measures)
    )
    layout["margin"] = _escalation_margin(timeline, unknown="yaxis4" in layout)
    if span:
        layout["shapes"] = [_span_band(span)]
    if period:
        band = {k: v for k, v in _span_band(period).items() if k not in ("x0", "x1")}
        period = [pd.Timestamp(d).strftime("%Y-%m-%d") for d in period]
        layout["meta"] = {"select": {"kind": Kind.BIN.value, "period": period, "band": band}}
    return (as_plain if plain else figure)(_bin_traces(bins) + timeline, layout)


def timeline_rows(measures: pd.DataFrame | None, context: pd.DataFrame | None) -> list[dict]:
    """The timeline's traces: measures, then context events (hidden until shown from the legend)."""
    rows = _timeline(measures, Kind.MEASURE, "measure_type", visible=True)
    return rows + _timeline(context, Kind.EVENT, "event_type", visible="legendonly")


def _bin_unit(bins: pd.DataFrame) -> str:
    return bins["unit"].iloc[0] if len(bins) else "month"


def _deaths_unknown(bins: pd.DataFrame) -> pd.Series:
    """Bins with no known death and some incident whose deaths are unknown: their toll is unknown."""
    return (bins["killed"] == 0) & (bins["killed_unknown"] > 0)


def _bin_traces(bins: pd.DataFrame) -> list[dict]:
    """Per bin: incidents as bars, deaths as markers, and the cumulative toll on the right axis;
    bins of unknown deaths marked on their own row, where there are any."""
    per_bin = _per_bin(bins)
    hover = _killed_hover(bins, per_bin["text"])
    traces = [_incident_bars(bins, per_bin), _killed_markers(bins, per_bin, hover), _cumulative_line(bins, per_bin)]
    unknown = _deaths_unknown(bins)
    # ...but a bin whose deaths are unknown is not a bin without deaths, nor one with none: an open
    # marker on a row of its own under the counts (y4), off the axis that has a 0 on it. Only where
    # there is such a bin: the row y4 exists only then, and plotly.js draws nothing at all of a
    # figure with a trace on an axis its layout lacks.
    if unknown.any():
        traces.insert(2, _unknown_markers(unknown, per_bin, hover))
    return traces


def _per_bin(bins: pd.DataFrame) -> dict:
    """What every trace of the bins shares: x (mid-bin), the bin as customdata, its name as text."""
    unit = _bin_unit(bins)
    centres = bins["bin_start"] + pd.Timedelta(days=MID_BIN[unit])  # mid-bar
    return {
        "x": centres.dt.strftime("%Y-%m-%d").tolist(),
        # A bin's months: one ('2011-05'), or first/last for a quarter or a year ('2005-01/2005-12').
        "customdata": [
            point(Kind.BIN, b.strftime("%Y-%m") if unit == "month" else f"{b:%Y-%m}/{last}")
            for b, last in zip(bins["bin_start"], bins["bin_last_month"], strict=True)
        ],
        "text": [format_date(b, unit) for b in bins["bin_start"]],
    }


def _killed_hover(bins: pd.DataFrame, names: list[str]) -> list[str]:
    """'Mar 2012: 2 killed', or 'Mar 2012: killed unknown'."""
    killed = count_labels(bins["killed"], bins["killed_unknown"], bins["incidents"])
    return [
        f"{w}: killed unknown" if k == "unknown" else f"{w}: {k} killed" for w, k in zip(names, killed, strict=True)
    ]


def _incident_bars(bins: pd.DataFrame, per_bin: dict) -> dict:
    return {
        **per_bin,
        "type": "bar",
        "name": "incidents",
        "y": bins["incidents"].tolist(),
        "marker": {"color": INCIDENTS_COLOR},
        "textposition": "none",
        "hovertemplate": "%{text}: %{y} incidents<extra></extra>",
    }


def _killed_markers(bins: pd.DataFrame, per_bin: dict, hover: list[str]) -> dict:
    """Bins without deaths get no marker: a row of zeros would bury the bins that matter."""
    killed = bins["killed"].astype(float)
    return {
        **per_bin,
        "type": "scatter",
        "mode": "markers",
        "name": f"killed that {_bin_unit(bins)}",
        "y": killed.where(killed > 0).tolist(),
        "marker": {"color": KILLED_COLOR, "size": 9},
        "hovertext": hover,
        "hovertemplate": "%{hovertext}<extra></extra>",
    }


def _cumulative_line(bins: pd.DataFrame, per_bin: dict) -> dict:
    """The toll so far, on the right axis; its hover never reads unknown deaths as none."""
    totals = count_labels(bins["cumulative_killed"], bins["killed_unknown"].cumsum(), bins["incidents"].cumsum())
    return {
        **per_bin,
        "type": "scatter",
        "mode": "lines+markers",
        "name": "cumulative deaths",
        "yaxis": "y2",
        "y": bins["cumulative_killed"].tolist(),
        "line": {"color": KILLED_COLOR, "dash": "dot", "shape": "hv"},
        "marker": {"size": 4},
        "hovertext": [f"by end of {w}: {c} killed in all" for w, c in zip(per_bin["text"], totals, strict=True)],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }


def _unknown_markers(unknown: pd.Series, per_bin: dict, hover: list[str]) -> dict:
    """Open markers on the unknown-deaths row (y4), at its one category, for the bins whose deaths are unknown."""
    return {
        **per_bin,
        "type": "scatter",
        "mode": "markers",
        "name": "killed unknown",
        "yaxis": "y4",
        "y": [UNKNOWN_ROW if u else None for u in unknown],
        "marker": {"color": KILLED_COLOR, "size": 9, "symbol": "circle-open", "line": {"width": 2}},
        "hovertext": hover,
        "hovertemplate": "%{hovertext}<extra></extra>",
    }


def _domains(*, timeline: bool, unknown: bool) -> dict:
    """Top to bottom: the bins' row (y, y2), the unknown-deaths row (y4) when a bin needs it, the
    timeline (y3) when there is one."""
    if timeline:
        return {"y": [0.47, 1], "y4": [0.39, 0.44], "y3": [0, 0.35]} if unknown else {"y": [0.4, 1], "y3": [0, 0.35]}
    return {"y": [0.13, 1], "y4": [0, 0.07]} if unknown else {"y": [0, 1]}


def _escalation_layout(bins: pd.DataFrame, x_range, *, timeline: bool, has_measures: bool) -> dict:
    """Title and axes: the bins' row on y (counts) and y2 (cumulative, right), the unknown-deaths
    row y4 under it, and, with a timeline, a lower row y3 for the measure and event types; without
    one the bins take it all."""
    domains = _domains(timeline=timeline, unknown=bool(_deaths_unknown(bins).any()))
    layout = {
        "title": {"text": _escalation_title(bins, timeline=timeline, has_measures=has_measures)},
        "height": 600,
        "dragmode": "select",
        # A drag picks a span of time: every bin between its ends, whatever the height it starts at.
        "selectdirection": "h",
        "bargap": 0.15,
        # Dates under the lowest row.
        "xaxis": _time_axis(bins, x_range, anchor="y3" if timeline else "y4" if "y4" in domains else "y"),
        "yaxis": {
            "domain": domains["y"],
            "title": {"text": "incidents / killed"},
            "rangemode": "tozero",
            "gridcolor": GRID,
        },
        # Round ticks of its own: plotly would otherwise put them at the left axis's gridlines.
        "yaxis2": {
            "overlaying": "y",
            "side": "right",
            "title": {"text": "cumulative deaths"},
            "tickmode": "linear",
            "tick0": 0,
            "dtick": _nice_step(bins["cumulative_killed"].max()),
            "rangemode": "tozero",
            "showgrid": False,
        },
    }
    if timeline:
        layout["yaxis3"] = {**TIMELINE_AXIS, "domain": domains["y3"]}
    if "y4" in domains:
        layout["yaxis4"] = {**UNKNOWN_AXIS, "domain": domains["y4"]}
    return layout


def _escalation_title(bins: pd.DataFrame, *, timeline: bool, has_measures: bool) -> str:
    years = f"{bins['bin_start'].min():%Y}–{bins['bin_start'].max():%Y}"
    if timeline:
        return f"The escalation, {years}" + (", and the policy response" if has_measures else "")
    return f"Incidents and deaths per {_bin_unit(bins)}, {years}"


def _time_axis(bins: pd.DataFrame, x_range, *, anchor: str) -> dict:
    """The one date axis of both rows. Ticks chosen by plotly for the width (a few over an import's
    decades too), on two lines ("Jan" over "2011"): never turned sideways into the legend on a phone."""
    return {
        "type": "date",
        "range": [d.strftime("%Y-%m-%d") for d in x_range],
        "anchor": anchor,
        "gridcolor": GRID,
        "tickformat": "%b<br>%Y" if _bin_unit(bins) == "month" else "%Y",
    }


def _escalation_margin(timeline: list[dict], *, unknown: bool) -> dict:
    """Room on the left for the timeline's row names and the unknown row's, on the right for the
    cumulative axis."""
    rows = [y for trace in timeline for y in trace["y"]]
    return {"l": max(tick_room(rows, 11), tick_room([UNKNOWN_ROW]) if unknown else 0, 64), "r": 64, "t": 40, "b": 64}


def _span_band(span: tuple) -> dict:
    """One band through both rows (yref "paper") over the selected days, the last one included."""
    return {
        "type": "rect",
        "xref": "x",
        "yref": "paper",
        "y0": 0,
        "y1": 1,
        "x0": pd.Timestamp(span[0]).strftime("%Y-%m-%d"),
        "x1": (pd.Timestamp(span[1]) + pd.Timedelta(days=1)).strftime("%Y-%m-%d"),
        "fillcolor": SPAN_COLOR,
        "line": {"width": 0},
        "layer": "below",
    }


def _nice_step(top: float, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` ticks up to top; at
    least 1, since it counts people."""
    raw = max(float(top) / ticks, 1.0)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _timeline(table: pd.DataFrame | None, kind: Kind, category: str, visible) -> list[dict]:
    """Measures or context events as markers on rows by their type; hover tells what, who, how sure."""
    if table is None or table.empty:
        return []
    precision = table["date_precision"].astype(str)
    # A month-precision date is drawn mid-month: the 1st would claim a precision the data lacks.
    x = table["date"] + pd.to_timedelta(precision.map(MID_DATE).astype(int), unit="D")
    is_measure = "status" in table
    status = table["status"].astype(str) if is_measure else table[category].astype(str).str.replace("_", " ")
    color = "#333333" if is_measure else "#999999"
    return [
        {
            "type": "scatter",
            "mode": "markers",
            "name": kind.value + "s",
            "visible": visible,
            "x": x.dt.strftime("%Y-%m-%d").tolist(),
            "y": [wrap(c, TIMELINE_WRAP) for c in table[category].astype(str).str.replace("_", " ")],
            "yaxis": "y3",
            "marker": {
                "size": 12,
                "color": color,
                "line": {"width": 2, "color": color},
                "symbol": [STATUS_SYMBOLS.get(s, "circle") for s in status] if is_measure else "x-thin-open",
            },
            "customdata": [point(kind, i) for i in table.iloc[:, 0]],
            "text": _timeline_hover(table, status, precision, is_measure=is_measure),
            "hovertemplate": "%{text}<extra></extra>",
        }
    ]


def _timeline_hover(table: pd.DataFrame, status: pd.Series, precision: pd.Series, *, is_measure: bool) -> list[str]:
    """What, who (for a measure), the status or event type, and when, at the date's precision.
    Data text is escaped: plotly hover labels interpret a subset of HTML."""
    inferred = table["date_inferred"].fillna(False).astype(bool)
    when = [
        format_date(d, p) + (" (year inferred)" if inf else "")
        for d, p, inf in zip(table["date"], precision, inferred, strict=True)
    ]
    who = [escape(a) + " · " for a in table["actor"]] if is_measure else [""] * len(table)
    return [
        f"<b>{escape(t)}</b><br>{w_}{escape(s)}<br>date: {d}"
        for t, w_, s, d in zip(table["title"], who, status, when, strict=True)
    ]
