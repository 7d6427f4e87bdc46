"""The Overview's and the briefing's charts: types, casualties, escalation (the map is map_chart).
Pure: no Streamlit, no I/O.

Every builder has one shape, as plotly express's do: the frame it draws first (a summary table
from `aggregate`), then keyword-only options, and a `go.Figure` out. Figures are written as plain
dicts and wrapped once by `figure` without plotly's per-property validation: validation cost
~45 ms per Overview rerun, more than everything else on the server. The tests check the
builders' output instead.

Every selectable point carries `customdata` [kind, value] (`selection.Kind`), so a selection maps
back to data without relying on plotly's x values (wrong on date axes).
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from components.formatting import count_text, format_date
from components.formatting import html_text as escape
from components.selection import Kind, point
from components.theme import (
    FONT,
    INCIDENTS_COLOR,
    INJURED_COLOR,
    KILLED_COLOR,
    SPAN_COLOR,
    STATUS_SYMBOLS,
    type_color,
)

TEXT, MUTED = "#31333F", "#6b6d7a"
LAYOUT = {
    "font": {**FONT, "color": TEXT},
    "paper_bgcolor": "white",
    "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
    "plot_bgcolor": "white",
    "clickmode": "event+select",
    "legend": {"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
    "hoverlabel": {"font": FONT},
}
GRID = "#eeeeee"


def figure(data: list[dict], layout: dict) -> go.Figure:
    """The figure with the app's look spelled out in full: it is drawn without Streamlit's chart
    theme (which cost ~40 ms per redraw) and exported as is, so it must not depend on one."""
    layout = {**LAYOUT, **layout}
    layout["title"] = {"x": 0.01, "xanchor": "left", "font": {"size": 16, "color": TEXT}, **layout.get("title", {})}
    if layout["title"].get("subtitle", {}).get("text"):
        layout["title"]["subtitle"]["font"] = {"size": 12, "color": MUTED}
        layout["margin"] = {**layout["margin"], "t": 64}
    for name in {"xaxis", "yaxis", *(k for k in layout if k.startswith(("xaxis", "yaxis")))}:
        layout[name] = {"automargin": True, "zeroline": False, "tickfont": {"color": MUTED}, **layout.get(name, {})}
        if isinstance(layout[name].get("title"), dict):
            layout[name]["title"] = {"font": {"color": MUTED}, **layout[name]["title"]}
    return go.Figure(data=data, layout=layout, _validate=False)


def _emphasis(keys: list, colors: list[str], chosen) -> list[str]:
    """Bar colours: the chosen bars in full colour, the rest faded; all full when none is chosen.

    Drawn as colours, not with plotly's `selectedpoints` (a point plotly believes selected takes
    the next click on it as a deselect, which Streamlit does not report, so the toggle is lost)
    nor with an opacity array (which stops plotly from reporting clicks at all).
    """
    return [c if not chosen or k in chosen else _faded(c) for k, c in zip(keys, colors, strict=True)]


def _faded(hex_color: str, alpha: float = 0.25) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def types_bar(by_type: pd.DataFrame, *, labels: dict, selected=()) -> go.Figure:
    """Horizontal bars of incidents per type, one colour per type."""
    t = by_type.iloc[::-1]  # first type on top
    keys = t["incident_type"].tolist()
    counts = t["incidents"].tolist()
    bar = {
        "type": "bar",
        "orientation": "h",
        "x": counts,
        "y": [escape(labels.get(k, k)) for k in keys],  # data text: plotly renders HTML in ticks and hovers
        "marker": {"color": _emphasis(keys, [type_color(k, labels) for k in keys], selected)},
        "customdata": [point(Kind.TYPE, k) for k in keys],
        "text": [f"{n:,}" for n in counts],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{x:,} incidents<extra></extra>",
    }
    # Room on the right for the outside labels: plotly does not widen the axis for them.
    xaxis = {"title": {"text": "incidents"}, "range": [0, max(counts, default=0) * 1.18 or 1], "gridcolor": GRID}
    if max(counts, default=0) <= 10:
        xaxis["dtick"] = 1  # whole incidents only
    return figure(
        [bar],
        {"title": {"text": "Incidents by type"}, "dragmode": False, "showlegend": False, "height": 300, "xaxis": xaxis},
    )


def casualties_bar(cas: pd.DataFrame, *, selected=(), unknown: str = "") -> go.Figure:
    """Killed and injured per victim group, grouped (stacked bars select erratically). `unknown`
    says on the chart itself how many incidents have no count, so no one reads a gap as zero."""
    groups = cas["group"].tolist()
    bars = [
        {
            "type": "bar",
            "name": measure,
            "x": groups,
            "y": cas[measure].tolist(),
            # Emphasis by outline, not fading: the legend swatch takes the first bar's style.
            "marker": {
                "color": color,
                "line": {"color": "#0072B2", "width": [3 if g in selected else 0 for g in groups]},
            },
            "customdata": [point(Kind.GROUP, g) for g in groups],
            "text": [f"{n:,}" for n in cas[measure]],
            "textposition": "outside",
            "cliponaxis": False,
            "hovertemplate": f"%{{x}}: %{{y:,}} {measure}<extra></extra>",
        }
        for measure, color in (("killed", KILLED_COLOR), ("injured", INJURED_COLOR))
    ]
    return _grouped_bars(bars, "Killed and injured, by who they were", unknown, "people", height=300)


def _grouped_bars(bars: list[dict], title: str, subtitle: str, y_title: str, **layout) -> go.Figure:
    """Bars side by side (stacked bars select erratically), a people axis from zero, a subtitle that
    says what is unknown."""
    return figure(
        bars,
        {
            "title": {"text": title, "subtitle": {"text": escape(subtitle)}},
            "barmode": "group",
            "dragmode": False,
            "yaxis": {"title": {"text": y_title}, "rangemode": "tozero", "gridcolor": GRID},
            **layout,
        },
    )


def escalation(
    bins: pd.DataFrame,
    *,
    x_range: tuple[pd.Timestamp, pd.Timestamp],
    measures: pd.DataFrame | None = None,
    context: pd.DataFrame | None = None,
    span: tuple | None = None,
) -> go.Figure:
    """Incidents and deaths per time bin with the cumulative toll (top), and the policy timeline
    (bottom) when measures or context events are given: two rows on one x axis, so a date sits at
    the same place in both. `span` (first and last day) is drawn as a band through both rows."""
    timeline = _timeline(measures, Kind.MEASURE, "measure_type", visible=True)
    timeline += _timeline(context, Kind.EVENT, "event_type", visible="legendonly")
    layout = _escalation_layout(
        bins, x_range, timeline=bool(timeline), has_measures=measures is not None and len(measures)
    )
    if span:
        layout["shapes"] = [_span_band(span)]
    return figure(_bin_traces(bins) + timeline, layout)


def _bin_unit(bins: pd.DataFrame) -> str:
    return bins["unit"].iloc[0] if len(bins) else "month"


def _bin_traces(bins: pd.DataFrame) -> list[dict]:
    """Per bin: incidents as bars, deaths as markers, and the cumulative toll on the right axis."""
    unit = _bin_unit(bins)
    centres = bins["bin_start"] + pd.Timedelta(days={"month": 14, "quarter": 45, "year": 182}[unit])  # mid-bar
    per_bin = {
        "x": centres.dt.strftime("%Y-%m-%d").tolist(),
        # A bin's months: one ('2011-05'), or first/last for a quarter or a year ('2005-01/2005-12').
        "customdata": [
            point(Kind.BIN, b.strftime("%Y-%m") if unit == "month" else f"{b:%Y-%m}/{last}")
            for b, last in zip(bins["bin_start"], bins["bin_last_month"], strict=True)
        ],
        "text": [format_date(b, unit) for b in bins["bin_start"]],
    }
    killed = bins["killed"].astype(float)
    return [
        {
            **per_bin,
            "type": "bar",
            "name": "incidents",
            "y": bins["incidents"].tolist(),
            "marker": {"color": INCIDENTS_COLOR},
            "textposition": "none",
            "hovertemplate": "%{text}: %{y} incidents<extra></extra>",
        },
        # Bins without deaths get no marker: a row of zeros would bury the bins that matter.
        {
            **per_bin,
            "type": "scatter",
            "mode": "markers",
            "name": f"killed that {unit}",
            "y": killed.where(killed > 0).tolist(),
            "marker": {"color": KILLED_COLOR, "size": 9},
            "hovertemplate": "%{text}: %{y} killed<extra></extra>",
        },
        {
            **per_bin,
            "type": "scatter",
            "mode": "lines+markers",
            "name": "cumulative deaths",
            "yaxis": "y2",
            "y": bins["cumulative_killed"].tolist(),
            "line": {"color": KILLED_COLOR, "dash": "dot", "shape": "hv"},
            "marker": {"size": 4},
            "hovertemplate": "by end of %{text}: %{y} killed in all<extra></extra>",
        },
    ]


# The escalation's lower row: one line per measure or event type; dtick 1 labels every type, not
# every other one.
TIMELINE_AXIS = {
    "domain": [0, 0.3],
    "gridcolor": "#f3f3f3",
    "anchor": "x",
    "dtick": 1,
    "tickfont": {"size": 12, "color": MUTED},
}


def _escalation_layout(bins: pd.DataFrame, x_range, *, timeline: bool, has_measures: bool) -> dict:
    """Title and axes: the bins' row on y (counts) and y2 (cumulative, right), and, with a
    timeline, a lower row y3 for the measure and event types; without one the bins take it all."""
    unit = _bin_unit(bins)
    years = f"{bins['bin_start'].min():%Y}–{bins['bin_start'].max():%Y}"
    if timeline:
        title = f"The escalation, {years}" + (", and the policy response" if has_measures else "")
    else:
        title = f"Incidents and deaths per {unit}, {years}"
    layout = {
        "title": {"text": title},
        "height": 560,
        "dragmode": "select",
        "bargap": 0.15,
        "xaxis": {
            "type": "date",
            "range": [d.strftime("%Y-%m-%d") for d in x_range],
            "anchor": "y3" if timeline else "y",
            "gridcolor": GRID,
            # Quarterly ticks under monthly bars; over an import's decades a tick every quarter would
            # be hundreds of labels for the browser to lay out on every redraw.
            **({"dtick": "M3", "tickformat": "%b %Y"} if unit == "month" else {"tickformat": "%Y"}),
        },
        "yaxis": {
            "domain": [0.34, 1] if timeline else [0, 1],
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
        layout["yaxis3"] = TIMELINE_AXIS
    return layout


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
    inferred = table["date_inferred"].fillna(False).astype(bool)
    when = [
        format_date(d, p) + (" (year inferred)" if inf else "")
        for d, p, inf in zip(table["date"], precision, inferred, strict=True)
    ]
    # A month-precision date is drawn mid-month: the 1st would claim a precision the data lacks.
    x = table["date"] + pd.to_timedelta(precision.map({"day": 0, "month": 14, "year": 182}).astype(int), unit="D")
    is_measure = "status" in table
    status = table["status"].astype(str) if is_measure else table[category].astype(str).str.replace("_", " ")
    who = [escape(a) + " · " for a in table["actor"]] if is_measure else [""] * len(table)
    color = "#333333" if is_measure else "#999999"
    return [
        {
            "type": "scatter",
            "mode": "markers",
            "name": kind.value + "s",
            "visible": visible,
            "x": x.dt.strftime("%Y-%m-%d").tolist(),
            "y": [escape(c) for c in table[category].astype(str).str.replace("_", " ")],
            "yaxis": "y3",
            "marker": {
                "size": 12,
                "color": color,
                "line": {"width": 2, "color": color},
                "symbol": [STATUS_SYMBOLS.get(s, "circle") for s in status] if is_measure else "x-thin-open",
            },
            "customdata": [point(kind, i) for i in table.iloc[:, 0]],
            # Data text is escaped: plotly hover labels interpret a subset of HTML.
            "text": [
                f"<b>{escape(t)}</b><br>{w_}{escape(s)}<br>date: {d}"
                for t, w_, s, d in zip(table["title"], who, status, when, strict=True)
            ],
            "hovertemplate": "%{text}<extra></extra>",
        }
    ]


SOURCE_COLORS = (KILLED_COLOR, "#0072B2")  # the note, then the other source


def deaths_by_source(monthly: pd.DataFrame, sources: tuple[str, str], unknown: str = "") -> go.Figure:
    """Known deaths per month, one bar per source side by side on one time axis (Compare page).
    `monthly`: month, source, killed (NA: every count that month unknown), incidents, unknown."""
    bars = []
    for source, color in zip(sources, SOURCE_COLORS, strict=True):
        rows = monthly[monthly["source"] == source]
        killed = rows["killed"].astype("Float64")
        bars.append(
            {
                "type": "bar",
                "name": source,
                "x": rows["month"].dt.strftime("%Y-%m-15").tolist(),  # mid-month: the bar sits on its month
                "y": [None if pd.isna(k) else float(k) for k in killed],
                "marker": {"color": color},
                "customdata": [
                    [format_date(m, "month"), count_text(k), n, u]
                    for m, k, n, u in zip(
                        rows["month"], rows["killed"], rows["incidents"], rows["unknown"], strict=True
                    )
                ],
                "hovertemplate": f"{escape(source)}, %{{customdata[0]}}: %{{customdata[1]}} killed in "
                "%{customdata[2]} incidents (%{customdata[3]} with unknown deaths)<extra></extra>",
            }
        )
    return _grouped_bars(
        bars,
        "Deaths per month, by source",
        unknown,
        "people killed",
        height=320,
        xaxis={"type": "date", "gridcolor": GRID},
    )
