"""Chart builders: small summary tables in, plotly Figures out. Pure: no Streamlit, no I/O.

Figures are written as plain dicts and wrapped once without plotly's per-property validation
(`_figure`): validation cost ~45 ms per Overview rerun, more than everything else on the server.
The tests check the builders' output instead.

Every selectable point carries `customdata` [kind, value] so a selection maps back to data
without relying on plotly's x values (wrong on date axes).
"""

from __future__ import annotations

import math
from html import escape

import pandas as pd
import plotly.graph_objects as go

from components.formatting import count_text, format_date
from components.geo import REGION_FRAME, in_region
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


def _figure(data: list[dict], layout: dict) -> go.Figure:
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


def types_bar(by_type: pd.DataFrame, labels: dict, selected=()) -> go.Figure:
    """Horizontal bars of incidents per type, one colour per type."""
    t = by_type.iloc[::-1]  # first type on top
    keys = t["incident_type"].tolist()
    counts = t["incidents"].tolist()
    bar = {
        "type": "bar",
        "orientation": "h",
        "x": counts,
        "y": [labels.get(k, k) for k in keys],
        "marker": {"color": _emphasis(keys, [type_color(k, labels) for k in keys], selected)},
        "customdata": [["type", k] for k in keys],
        "text": [f"{n:,}" for n in counts],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{x:,} incidents<extra></extra>",
    }
    # Room on the right for the outside labels: plotly does not widen the axis for them.
    xaxis = {"title": {"text": "incidents"}, "range": [0, max(counts, default=0) * 1.18 or 1], "gridcolor": GRID}
    if max(counts, default=0) <= 10:
        xaxis["dtick"] = 1  # whole incidents only
    return _figure(
        [bar],
        {"title": {"text": "Incidents by type"}, "dragmode": False, "showlegend": False, "height": 300, "xaxis": xaxis},
    )


def casualties_bar(cas: pd.DataFrame, selected=(), unknown: str = "") -> go.Figure:
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
            "customdata": [["group", g] for g in groups],
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
    return _figure(
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
    months: pd.DataFrame,
    measures: pd.DataFrame,
    context: pd.DataFrame,
    x_range: tuple[pd.Timestamp, pd.Timestamp],
    span=None,
) -> go.Figure:
    """Incidents and deaths per month with the cumulative toll (top), and the policy timeline
    (bottom): two rows on one x axis, so a date sits at the same place in both."""
    unit = months["unit"].iloc[0] if len(months) else "month"
    centres = months["month"] + pd.Timedelta(days={"month": 14, "quarter": 45, "year": 182}[unit])  # mid-bar
    per_month = {
        "x": centres.dt.strftime("%Y-%m-%d").tolist(),
        # A bar's months: one ('2011-05'), or first/last for a quarter or a year ('2005-01/2005-12').
        "customdata": [
            ["month", m.strftime("%Y-%m") if unit == "month" else f"{m:%Y-%m}/{last}"]
            for m, last in zip(months["month"], months["last_month"], strict=True)
        ],
        "text": [format_date(m, unit) for m in months["month"]],
    }
    killed = months["killed"].astype(float)
    data = [
        {
            **per_month,
            "type": "bar",
            "name": "incidents",
            "y": months["incidents"].tolist(),
            "marker": {"color": INCIDENTS_COLOR},
            "textposition": "none",
            "hovertemplate": "%{text}: %{y} incidents<extra></extra>",
        },
        # Months without deaths get no marker: a row of zeros would bury the months that matter.
        {
            **per_month,
            "type": "scatter",
            "mode": "markers",
            "name": f"killed that {unit}",
            "y": killed.where(killed > 0).tolist(),
            "marker": {"color": KILLED_COLOR, "size": 9},
            "hovertemplate": "%{text}: %{y} killed<extra></extra>",
        },
        {
            **per_month,
            "type": "scatter",
            "mode": "lines+markers",
            "name": "cumulative deaths",
            "yaxis": "y2",
            "y": months["cumulative_killed"].tolist(),
            "line": {"color": KILLED_COLOR, "dash": "dot", "shape": "hv"},
            "marker": {"size": 4},
            "hovertemplate": "by end of %{text}: %{y} killed in all<extra></extra>",
        },
    ]
    timeline = _timeline(measures, "policy measure", "measure_type", visible=True)
    timeline += _timeline(context, "context event", "event_type", visible="legendonly")
    data += timeline
    years = f"{months['month'].min():%Y}–{months['month'].max():%Y}"
    layout = {
        "title": {"text": f"The escalation, {years}" + (", and the policy response" if len(measures) else "")},
        "height": 560,
        "dragmode": "select",
        "bargap": 0.15,
        "xaxis": {
            "type": "date",
            "range": [d.strftime("%Y-%m-%d") for d in x_range],
            "anchor": "y3",
            "gridcolor": GRID,
            # Quarterly ticks under monthly bars; over an import's decades a tick every quarter would
            # be hundreds of labels for the browser to lay out on every redraw.
            **({"dtick": "M3", "tickformat": "%b %Y"} if unit == "month" else {"tickformat": "%Y"}),
        },
        "yaxis": {
            "domain": [0.34, 1],
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
            "dtick": _nice_step(months["cumulative_killed"].max()),
            "rangemode": "tozero",
            "showgrid": False,
        },
        # dtick 1: a label on every measure type, not every other one.
        "yaxis3": {
            "domain": [0, 0.3],
            "gridcolor": "#f3f3f3",
            "anchor": "x",
            "dtick": 1,
            "tickfont": {"size": 12, "color": MUTED},
        },
    }
    if not timeline:  # no measures or events given: the monthly chart takes the whole height
        del layout["yaxis3"]
        layout["yaxis"]["domain"], layout["xaxis"]["anchor"] = [0, 1], "y"
        layout["title"]["text"] = f"Incidents and deaths per {unit}, {years}"
    if span:
        # One band through both rows (yref "paper"), marking the selected months.
        layout["shapes"] = [
            {
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
        ]
    return _figure(data, layout)


def _nice_step(top: float, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` ticks up to top; at
    least 1, since it counts people."""
    raw = max(float(top) / ticks, 1.0)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _timeline(table: pd.DataFrame, name: str, category: str, visible) -> list[dict]:
    """Measures or context events as markers on rows by their type; hover tells what, who, how sure."""
    if table.empty:
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
            "name": name + "s",
            "visible": visible,
            "x": x.dt.strftime("%Y-%m-%d").tolist(),
            "y": table[category].astype(str).str.replace("_", " ").tolist(),
            "yaxis": "y3",
            "marker": {
                "size": 12,
                "color": color,
                "line": {"width": 2, "color": color},
                "symbol": [STATUS_SYMBOLS.get(s, "circle") for s in status] if is_measure else "x-thin-open",
            },
            "customdata": [[name, i] for i in table.iloc[:, 0]],
            # Data text is escaped: plotly hover labels interpret a subset of HTML.
            "text": [
                f"<b>{escape(t)}</b><br>{w_}{escape(s)}<br>date: {d}"
                for t, w_, s, d in zip(table["title"], who, status, when, strict=True)
            ],
            "hovertemplate": "%{text}<extra></extra>",
        }
    ]


def _rings(features: list[dict]) -> tuple[list, list]:
    """GeoJSON polygons as one x/y path, rings separated by None (each ring filled on its own)."""
    xs, ys = [], []
    for feature in features:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            for ring in polygon:
                xs += [p[0] for p in ring] + [None]
                ys += [p[1] for p in ring] + [None]
    return xs, ys


MAP_FRAME = REGION_FRAME
MAP_POINTS = 2000  # one SVG marker per incident up to here; beyond, places are merged (200k markers stall a browser)
GRID_DEGREES = (0.5, 1, 2, 5, 10, 30)


def _incident_markers(incidents: pd.DataFrame, labels: dict) -> list[dict]:
    """One marker per incident, sized by known casualties; clicking one opens it."""
    traces = []
    for kind, rows in incidents.groupby("incident_type", observed=True, sort=False):
        hurt = rows["killed_total"].astype("Float64").add(rows["injured_total"].astype("Float64"), fill_value=0)
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": labels.get(kind, kind),
                "x": rows["longitude"].tolist(),
                "y": rows["latitude"].tolist(),
                "marker": {
                    "size": (8 + 4 * hurt.fillna(0).astype(float) ** 0.5).round(1).tolist(),
                    "color": type_color(kind, labels),
                    "opacity": 0.85,
                    "line": {"color": "white", "width": 1},
                },
                "customdata": [["incident", i] for i in rows["incident_id"]],
                "text": [
                    f"<b>{escape(loc)}</b>, {format_date(d, p)}<br>killed: {count_text(k)} · injured: {count_text(j)}"
                    + ("" if g in ("site", "settlement") else "<br>location approximate")
                    for loc, d, p, k, j, g in zip(
                        rows["location"],
                        rows["date"],
                        rows["date_precision"].astype(str),
                        rows["killed_total"],
                        rows["injured_total"],
                        rows["geo_precision"].astype(str),
                        strict=True,
                    )
                ],
                "hovertemplate": "%{text}<extra></extra>",
            }
        )
    return traces


def _place_markers(incidents: pd.DataFrame, labels: dict) -> list[dict]:
    """Too many incidents for one marker each: those of one type in one grid cell become one marker
    sized by their number, on the finest grid that stays within MAP_POINTS markers."""
    for cell in GRID_DEGREES:
        keys = [
            incidents["incident_type"],
            (incidents["longitude"] / cell).round(),
            (incidents["latitude"] / cell).round(),
        ]
        groups = incidents.groupby(keys, observed=True, sort=False)
        if groups.ngroups <= MAP_POINTS:
            break
    places = groups.agg(
        x=("longitude", "mean"),
        y=("latitude", "mean"),
        n=("incident_id", "size"),
        killed=("killed_total", "sum"),
        known=("killed_total", "count"),
    )
    traces = []
    for kind, rows in places.groupby(level=0, observed=True, sort=False):
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": labels.get(kind, kind),
                "x": rows["x"].round(3).tolist(),
                "y": rows["y"].round(3).tolist(),
                "marker": {
                    "size": (6 + 3 * rows["n"] ** 0.5).clip(upper=40).round(1).tolist(),
                    "color": type_color(kind, labels),
                    "opacity": 0.7,
                    "line": {"color": "white", "width": 0.5},
                },
                "text": [
                    f"<b>{n:,} {escape(str(labels.get(kind, kind)))}</b> within {cell}° of here"
                    f"<br>killed: {int(k):,}" + (f" (count known for {c:,} of {n:,})" if c < n else "")
                    for n, k, c in zip(rows["n"], rows["killed"], rows["known"], strict=True)
                ],
                "hovertemplate": "%{text}<extra></extra>",
            }
        )
    return traces


def _map_frame(located: pd.DataFrame) -> tuple[list, list]:
    """Kazakhstan and its neighbours, or, for imported data reaching beyond, the data's own extent."""
    if located.empty or in_region(located):
        return MAP_FRAME["lon"], MAP_FRAME["lat"]
    lon, lat = located["longitude"].astype(float), located["latitude"].astype(float)
    pad_x, pad_y = max((lon.max() - lon.min()) * 0.05, 1), max((lat.max() - lat.min()) * 0.05, 1)
    return [lon.min() - pad_x, lon.max() + pad_x], [max(lat.min() - pad_y, -90), min(lat.max() + pad_y, 90)]


def incident_map(incidents: pd.DataFrame, outlines: dict, labels: dict, selected: str | None = None) -> go.Figure:
    """Incidents as points on the country outlines shipped with the app, sized by known casualties
    and coloured by type; unknown casualties get the smallest size and say so.

    Drawn on plain x/y axes (longitude, latitude; y stretched by 1/cos 48° so shapes look right at
    Kazakhstan's latitude) rather than a tile map: SVG needs no WebGL, tiles or network, so it also
    draws in the exported briefing opened from disk, where MapLibre does not."""
    data = []
    for iso_is_kaz, fill in ((False, "#fafafa"), (True, "#eef2f6")):
        xs, ys = _rings([f for f in outlines["features"] if (f["properties"]["iso"] == "KAZ") == iso_is_kaz])
        data.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "mode": "lines",
                "fill": "toself",
                "fillcolor": fill,
                "line": {"color": "#9a9a9a", "width": 1},
                "hoverinfo": "skip",
                "showlegend": False,
                "name": "Kazakhstan" if iso_is_kaz else "neighbours",
            }
        )
    located = incidents.dropna(subset=["longitude", "latitude"])
    data += _place_markers(located, labels) if len(located) > MAP_POINTS else _incident_markers(located, labels)
    chosen = incidents[incidents["incident_id"] == selected]
    if len(chosen):  # a ring around the selected incident
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "selected",
                "showlegend": False,
                "hoverinfo": "skip",
                "x": chosen["longitude"].tolist(),
                "y": chosen["latitude"].tolist(),
                "marker": {"size": 30, "color": "rgba(0,0,0,0)", "line": {"color": "#111111", "width": 2.5}},
            }
        )
    hidden = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": True}
    x_range, y_range = _map_frame(located)
    return _figure(
        data,
        {
            "title": {"text": "Where"},
            "height": 460,
            "margin": {"l": 0, "r": 0, "t": 40, "b": 0},
            "dragmode": False,
            "legend": {"orientation": "h", "yanchor": "top", "y": -0.02, "x": 0},
            "xaxis": {**hidden, "range": x_range},
            "yaxis": {
                **hidden,
                "range": y_range,
                "scaleanchor": "x",
                "scaleratio": 1 / math.cos(math.radians(min(abs(sum(y_range) / 2), 70))),
            },
        },
    )


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
