"""The maps: the Incidents page's map (`incident_map`, one marker per incident, or per place when
there are too many) and the briefing's (`room_map`, incidents grouped into places), on the country
outlines shipped with the app, with the frame each one shows. Pure: no Streamlit, no I/O.

Drawn on plain x/y axes (longitude, latitude; y stretched by 1/cos of the mid latitude so shapes
look right) rather than a tile map: SVG needs no WebGL, tiles or network, so it also draws in the
exported briefing opened from disk, where MapLibre does not.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.charts.layout import figure
from components.charts.layout import plain as as_plain
from components.core.formatting import count_text, format_date
from components.core.formatting import html_text as escape
from components.core.theme import type_color
from components.data.geo import REGION_FRAME, in_region
from components.state.selection import Kind, point


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
KAZAKHSTAN_LINE = {"color": "#6b6d7a", "width": 1.5}
NEIGHBOUR_LINE = {"color": "#b4b4b4", "width": 0.8}
FRAME_PAD = 0.05  # a map's margin round what it frames, as a share of its width (at least a degree)
# A visible frame round the room map, and the legend clear of it: the frame ends where the map does.
BORDER = {
    "type": "rect",
    "xref": "x domain",
    "yref": "y domain",
    "x0": 0,
    "x1": 1,
    "y0": 0,
    "y1": 1,
    "line": {"color": "#d0d0d0", "width": 1},
    "layer": "above",
}


def _incident_markers(incidents: pd.DataFrame, labels: dict) -> list[dict]:
    """One marker per incident, sized by known casualties; clicking one opens it."""
    # Sizes and hover texts for every row at once, then one trace per type by the rows' positions:
    # a grouped frame copies every column per type (~10 ms a map on a view's few dozen rows).
    hurt = incidents["killed_total"].astype("Float64").add(incidents["injured_total"].astype("Float64"), fill_value=0)
    size = (8 + 4 * hurt.fillna(0).astype(float) ** 0.5).round(1).to_numpy()
    x, y, ids = (incidents[c].to_numpy() for c in ("longitude", "latitude", "incident_id"))
    hover = np.array(_incident_hover(incidents), dtype=object)
    traces = []
    for kind, at in incidents.groupby("incident_type", observed=True, sort=False).indices.items():
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": escape(labels.get(kind, kind)),
                "x": x[at].tolist(),
                "y": y[at].tolist(),
                "marker": {
                    "size": size[at].tolist(),
                    "color": type_color(kind, labels),
                    "opacity": 0.85,
                    "line": {"color": "white", "width": 1},
                },
                "customdata": [point(Kind.INCIDENT, i) for i in ids[at]],
                "text": hover[at].tolist(),
                "hovertemplate": "%{text}<extra></extra>",
            }
        )
    return traces


def _incident_hover(rows: pd.DataFrame) -> list[str]:
    """Where and when, killed and injured ('unknown', never 0, where not known), and whether the
    place is only approximate (a district's or region's centre)."""
    return [
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
    ]


def _place_markers(incidents: pd.DataFrame, labels: dict) -> list[dict]:
    """Too many incidents for one marker each: those of one type in one grid cell become one marker
    sized by their number, on the finest grid that stays within MAP_POINTS markers."""
    cell, groups = _cells(incidents)
    places = groups.agg(
        x=("longitude", "mean"),
        y=("latitude", "mean"),
        n=("incident_id", "size"),
        killed=("killed_total", "sum"),
        known=("killed_total", "count"),
    )
    traces = []
    for kind, rows in places.groupby(level=0, observed=True, sort=False):
        size = (6 + 3 * rows["n"] ** 0.5).clip(upper=40).round(1).tolist()
        traces.append(
            _grouped(kind, rows, labels, size, opacity=0.7, line={"color": "white", "width": 0.5})
            | {
                "text": [
                    f"<b>{n:,} {escape(str(labels.get(kind, kind)))}</b> within {cell}° of here"
                    f"<br>killed: {int(k):,}" + (f" (count known for {c:,} of {n:,})" if c < n else "")
                    for n, k, c in zip(rows["n"], rows["killed"], rows["known"], strict=True)
                ],
                "hovertemplate": "%{text}<extra></extra>",
            }
        )
    return traces


def _cells(incidents: pd.DataFrame):
    """(cell size in degrees, the incidents grouped by type and grid cell) for the finest grid whose
    groups stay within MAP_POINTS markers (the coarsest grid when none does)."""
    for cell in GRID_DEGREES:
        keys = [
            incidents["incident_type"],
            (incidents["longitude"] / cell).round(),
            (incidents["latitude"] / cell).round(),
        ]
        groups = incidents.groupby(keys, observed=True, sort=False)
        if groups.ngroups <= MAP_POINTS:
            break
    return cell, groups


def _grouped(kind: str, rows: pd.DataFrame, labels: dict, size: list, **marker) -> dict:
    """One type's markers for grouped incidents (rows with x, y), in the type's colour."""
    return {
        "type": "scatter",
        "mode": "markers",
        "name": escape(labels.get(kind, kind)),
        "x": rows["x"].round(3).tolist(),
        "y": rows["y"].round(3).tolist(),
        "marker": {"size": size, "color": type_color(kind, labels), **marker},
    }


def incident_map(
    incidents: pd.DataFrame, *, outlines: dict, labels: dict, selected: str | None = None, plain: bool = False
) -> go.Figure | dict:
    """Incidents as points on the outlines, sized by known casualties and coloured by type;
    unknown casualties get the smallest size and say so. `selected` (an incident id) is ringed.
    A go.Figure, or with `plain` its dict (layout.plain): see ring_shapes()."""
    located = incidents.dropna(subset=["longitude", "latitude"])
    data = _outline_traces(outlines)
    data += _place_markers(located, labels) if len(located) > MAP_POINTS else _incident_markers(located, labels)
    # Kazakhstan and its neighbours, or, for imported data reaching beyond, the data's own extent.
    if located.empty or in_region(located):
        layout = _map_layout(MAP_FRAME["lon"], MAP_FRAME["lat"])
    else:
        layout = _map_layout(*_frame(located["longitude"], located["latitude"], even=False))
    layout["shapes"] = _ring(incidents, selected)
    return (as_plain if plain else figure)(data, layout)


def ring_shapes(plain_map: dict, incidents: pd.DataFrame, selected: str | None) -> list[dict]:
    """The shapes of a plain incident_map of `incidents` drawn without a selection, with `selected`
    ringed: those of the map drawn with the selection, without drawing the points again. The
    Incidents page keeps the map per view and sends these apart from it (linked_chart's `shapes`),
    as incident after incident is opened on it."""
    return plain_map["layout"]["shapes"] + _ring(incidents, selected)


def _outline_traces(outlines: dict) -> list[dict]:
    """Kazakhstan filled a shade darker than its neighbours (or the world's countries), and outlined
    darker too: the neighbours' borders run on out of the frame, and drawn alike they read as
    Kazakhstan's own outline cut off at the edge."""
    traces = []
    for iso_is_kaz, fill, line in ((False, "#fafafa", NEIGHBOUR_LINE), (True, "#eef2f6", KAZAKHSTAN_LINE)):
        xs, ys = _rings([f for f in outlines["features"] if (f["properties"]["iso"] == "KAZ") == iso_is_kaz])
        traces.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "mode": "lines",
                "fill": "toself",
                "fillcolor": fill,
                "line": line,
                "hoverinfo": "skip",
                "showlegend": False,
                "name": "Kazakhstan" if iso_is_kaz else "neighbours",
            }
        )
    return traces


def _ring(incidents: pd.DataFrame, selected: str | None) -> list[dict]:
    """A ring around the selected incident (none when nothing is selected, or it has no place): a
    layout shape, 30 px across whatever the zoom, not a trace. Opening another incident then changes
    the shapes alone, which plotly redraws by themselves; a trace made it compute the whole map again.
    Found with numpy: a pandas mask and dropna of the frame cost ~3 ms of every incident opened."""
    hit = incidents["incident_id"].to_numpy() == selected
    lons, lats = (incidents[c].to_numpy(dtype=float, na_value=np.nan)[hit] for c in ("longitude", "latitude"))
    return [
        {
            "type": "circle",
            "xref": "x",
            "yref": "y",
            "xsizemode": "pixel",
            "ysizemode": "pixel",
            "xanchor": float(lon),
            "yanchor": float(lat),
            "x0": -15,
            "x1": 15,
            "y0": -15,
            "y1": 15,
            "line": {"color": "#111111", "width": 2.5},
        }
        for lon, lat in zip(lons, lats, strict=True)
        if not (math.isnan(lon) or math.isnan(lat))
    ]


def _map_layout(x_range: list, y_range: list) -> dict:
    """Hidden, fixed axes framing the map; y stretched so a degree of longitude and one of latitude
    keep their true proportion at the frame's middle latitude (capped at 70° near the poles)."""
    hidden = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": True}
    return {
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
    }


def room_map(places: pd.DataFrame, *, outlines: dict, labels: dict) -> go.Figure:
    """The map for a slide: the incidents grouped into places (map_places.places), types sharing a
    place set round it and a count on every marker standing for more than one, so none hides another;
    the frame holds Kazakhstan's whole outline and every incident, exactly (constrain="domain")."""
    data = _outline_traces(outlines) + _place_count_markers(places, labels)
    # Kazakhstan's outline and every marker.
    bounds = outline_bounds(outlines)
    xs = ([bounds[0], bounds[1]] if bounds else []) + places["x"].tolist()
    ys = ([bounds[2], bounds[3]] if bounds else []) + places["y"].tolist()
    layout = _map_layout(*_frame(xs, ys, even=True))
    # The frame keeps its ranges and gives up width instead ("domain"): with plotly's default, the
    # aspect ratio is kept by cutting the ranges, and the outline with them.
    layout["xaxis"]["constrain"] = layout["yaxis"]["constrain"] = "domain"
    layout["shapes"] = [BORDER]
    return figure(data, layout)


def _place_count_markers(places: pd.DataFrame, labels: dict) -> list[dict]:
    """One marker per place and type, sized by known casualties, with the number of incidents on
    every marker that stands for more than one."""
    traces = []
    for kind, rows in places.groupby("incident_type", sort=False):
        hurt = rows["killed"] + rows["injured"]
        size = (16 + 5 * hurt.astype(float) ** 0.5).round(1).tolist()
        traces.append(
            _grouped(kind, rows, labels, size, line={"color": "white", "width": 1.5})
            | {
                "mode": "markers+text",
                "text": [str(n) if n > 1 else "" for n in rows["n"]],
                "textfont": {"color": "white"},
                "textposition": "middle center",
                "hovertext": [
                    f"<b>{escape(loc)}</b><br>{n} {escape(str(labels.get(kind, kind)))}"
                    for loc, n in zip(rows["locations"], rows["n"], strict=True)
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    return traces


def outline_bounds(outlines: dict, iso: str = "KAZ") -> tuple[float, float, float, float] | None:
    """(west, east, south, north) of one country's outline, None when the outlines lack it."""
    xs, ys = _rings([f for f in outlines["features"] if f["properties"]["iso"] == iso])
    xs, ys = [x for x in xs if x is not None], [y for y in ys if y is not None]
    return (min(xs), max(xs), min(ys), max(ys)) if xs else None


def _frame(xs, ys, *, even: bool) -> tuple[list, list]:
    """(x range, y range) holding every point (longitude, latitude) with a margin of FRAME_PAD of the
    width, at least a degree, the latitudes kept within the poles; MAP_FRAME when there is no point.
    even: the same margin in screen terms on every side (a degree of latitude is drawn 1/cos(latitude)
    longer than one of longitude), as the room map's fixed frame wants; else each axis gets
    FRAME_PAD of its own extent."""
    xs, ys = pd.Series(xs, dtype=float), pd.Series(ys, dtype=float)
    if xs.empty:
        return MAP_FRAME["lon"], MAP_FRAME["lat"]
    pad_x = max((xs.max() - xs.min()) * FRAME_PAD, 1)
    if even:
        pad_y = pad_x * math.cos(math.radians(min(abs(ys.min() + ys.max()) / 2, 70)))
    else:
        pad_y = max((ys.max() - ys.min()) * FRAME_PAD, 1)
    return [xs.min() - pad_x, xs.max() + pad_x], [max(ys.min() - pad_y, -90), min(ys.max() + pad_y, 90)]
