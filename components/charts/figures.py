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

from components.core.formatting import count_label, count_text, format_date
from components.core.formatting import html_text as escape
from components.core.theme import (
    FONT,
    INCIDENTS_COLOR,
    INJURED_COLOR,
    KILLED_COLOR,
    SPAN_COLOR,
    STATUS_SYMBOLS,
    type_color,
)
from components.state.selection import Kind, point

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
CHAR_WIDTH = 0.6  # average glyph width of the sans-serif font, in font sizes (for margins)
WRAP = 16  # tick labels longer than this wrap onto lines: a 390 px phone has no room for one long line
TITLE_WRAP, SUBTITLE_WRAP = 34, 46  # characters per line of chart titles (16 px) and subtitles (12 px)


def _wrap(label: str, width: int = WRAP) -> str:
    """'international cooperation' -> 'international<br>cooperation' (plotly breaks lines on <br>)."""
    lines: list[str] = []
    for word in str(label).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(escape(line) for line in lines)  # data text: plotly renders HTML in ticks


def _room(labels, size: int = FONT["size"]) -> int:
    """Pixels the widest line of these tick labels needs, with a small gap."""
    widest = max((len(line) for label in labels for line in str(label).split("<br>")), default=0)
    return int(widest * size * CHAR_WIDTH) + 12


def _lines(labels) -> int:
    return max((str(label).count("<br>") + 1 for label in labels), default=1)


def figure(data: list[dict], layout: dict) -> go.Figure:
    """The figure with the app's look spelled out in full: it is drawn without Streamlit's chart
    theme (which cost ~40 ms per redraw) and exported as is, so it must not depend on one."""
    layout = {**LAYOUT, **layout}
    layout["title"] = {"x": 0.01, "xanchor": "left", "font": {"size": 16, "color": TEXT}, **layout.get("title", {})}
    # Titles wrap to fit a 390 px phone; the top margin grows with their lines.
    title = layout["title"]
    title["text"] = _wrap(title.get("text", ""), TITLE_WRAP)
    top = 18 + 22 * _lines([title["text"]])
    if title.get("subtitle", {}).get("text"):
        title["subtitle"] = {
            "text": _wrap(title["subtitle"]["text"], SUBTITLE_WRAP),
            "font": {"size": 12, "color": MUTED},
        }
        top += 16 * _lines([title["subtitle"]["text"]])
    layout["margin"] = {**layout["margin"], "t": max(layout["margin"].get("t", 0), top)}
    # Margins are set by each builder, not found by plotly (automargin): automargin lays a chart out
    # again for every axis, which made the escalation chart ~4x slower to draw, on every click.
    for name in {"xaxis", "yaxis", *(k for k in layout if k.startswith(("xaxis", "yaxis")))}:
        layout[name] = {"automargin": False, "zeroline": False, "tickfont": {"color": MUTED}, **layout.get(name, {})}
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
        "y": [_wrap(labels.get(k, k)) for k in keys],
        "marker": {"color": _emphasis(keys, [type_color(k, labels) for k in keys], selected)},
        "customdata": [point(Kind.TYPE, k) for k in keys],
        "text": [f"{n:,}" for n in counts],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertext": [labels.get(k, k) for k in keys],
        "hovertemplate": "%{hovertext}: %{x:,} incidents<extra></extra>",
    }
    # Room on the right for the outside labels: plotly does not widen the axis for them.
    xaxis = {"title": {"text": "incidents"}, "range": [0, max(counts, default=0) * 1.18 or 1], "gridcolor": GRID}
    if max(counts, default=0) <= 10:
        xaxis["dtick"] = 1  # whole incidents only
    return figure(
        [bar],
        {
            "title": {"text": "Incidents by type"},
            "dragmode": False,
            "showlegend": False,
            "height": 300,
            "xaxis": xaxis,
            "margin": {"l": _room(bar["y"]), "r": 10, "t": 40, "b": 48},
        },
    )


def _count_labels(known, unknown, incidents) -> list[str]:
    """count_label over aligned columns: known sums, incidents with the count unknown, all incidents."""
    return [count_label(int(k), int(u), int(n)) for k, u, n in zip(known, unknown, incidents, strict=True)]


def casualties_bar(cas: pd.DataFrame, *, selected=(), unknown: str = "") -> go.Figure:
    """Killed and injured per victim group, grouped (stacked bars select erratically). `unknown`
    says on the chart itself how many incidents have no count, so no one reads a gap as zero.

    Labels never show an unknown as 0 (`count_label`): '0 + 1 unknown' where some counts behind a
    bar are unknown; a bar with no known count at all is drawn hatched and outlined, labelled
    'unknown', at a nominal height (the axis then has no numbers to misread)."""
    groups = cas["group"].tolist()
    labels = {m: _count_labels(cas[m], cas[f"{m}_unknown"], cas["in_view"]) for m in ("killed", "injured")}
    known = [int(n) for m in labels for n, t in zip(cas[m], labels[m], strict=True) if t != "unknown"]
    nominal = max(max(known, default=0) * 0.3, 1)
    bars = []
    for measure, color in (("killed", KILLED_COLOR), ("injured", INJURED_COLOR)):
        blank = [t == "unknown" for t in labels[measure]]
        bars.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": measure,
                "y": groups,
                "x": [nominal if b else int(n) for n, b in zip(cas[measure], blank, strict=True)],
                # Emphasis by outline, not fading: the legend swatch takes the first bar's style.
                "marker": {
                    "color": ["white" if b else color for b in blank] if any(blank) else color,
                    "pattern": {"shape": ["/" if b else "" for b in blank], "fgcolor": color, "size": 6},
                    "line": {
                        "color": ["#0072B2" if g in selected else color for g in groups],
                        "width": [3 if g in selected else 1.5 if b else 0 for g, b in zip(groups, blank, strict=True)],
                    },
                },
                "customdata": [point(Kind.GROUP, g) for g in groups],
                "text": labels[measure],
                "textposition": "outside",
                "textfont": {"size": 12},
                "cliponaxis": False,
                "hovertemplate": f"%{{y}}: %{{text}} {measure}<extra></extra>",
            }
        )
    # Horizontal: group names never turn sideways on a narrow screen, and labels such as
    # '10 + 1 unknown' have the room to the right of the bars (the axis runs on for them).
    longest = max((len(t) for t in labels["killed"] + labels["injured"]), default=1)
    top = max(known, default=0) if known else nominal
    xaxis = {
        "title": {"text": "people"},
        "range": [0, top * (1.15 + 0.06 * longest) or 1],
        "gridcolor": GRID,
    }
    if not known:
        xaxis |= {"showticklabels": False, "showgrid": False}
    return figure(
        bars,
        {
            "title": {"text": "Killed and injured, by group", "subtitle": {"text": escape(unknown)}},
            "barmode": "group",
            "dragmode": False,
            "height": 340,
            "xaxis": xaxis,
            "yaxis": {"autorange": "reversed"},  # groups top to bottom in their order
            "margin": {"l": _room(groups), "r": 10, "t": 40, "b": 76},
            "legend": {**LAYOUT["legend"], "yref": "container", "y": 0, "yanchor": "bottom"},
        },
    )


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
    layout["margin"] = _escalation_margin(timeline, unknown="yaxis4" in layout)
    if span:
        layout["shapes"] = [_span_band(span)]
    return figure(_bin_traces(bins) + timeline, layout)


def _bin_unit(bins: pd.DataFrame) -> str:
    return bins["unit"].iloc[0] if len(bins) else "month"


def _deaths_unknown(bins: pd.DataFrame) -> pd.Series:
    """Bins with no known death and some incident whose deaths are unknown: their toll is unknown."""
    return (bins["killed"] == 0) & (bins["killed_unknown"] > 0)


def _bin_traces(bins: pd.DataFrame) -> list[dict]:
    """Per bin: incidents as bars, deaths as markers, and the cumulative toll on the right axis."""
    unit = _bin_unit(bins)
    unknown = _deaths_unknown(bins)
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
    killed_text = _count_labels(bins["killed"], bins["killed_unknown"], bins["incidents"])
    killed_hover = [
        f"{w}: killed unknown" if k == "unknown" else f"{w}: {k} killed"
        for w, k in zip(per_bin["text"], killed_text, strict=True)
    ]
    traces = [
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
            "hovertext": killed_hover,
            "hovertemplate": "%{hovertext}<extra></extra>",
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
            "hovertext": [
                f"by end of {w}: {c} killed in all"
                for w, c in zip(
                    per_bin["text"],
                    _count_labels(
                        bins["cumulative_killed"], bins["killed_unknown"].cumsum(), bins["incidents"].cumsum()
                    ),
                    strict=True,
                )
            ],
            "hovertemplate": "%{hovertext}<extra></extra>",
        },
    ]
    # ...but a bin whose deaths are unknown is not a bin without deaths, nor one with none: an open
    # marker on a row of its own under the counts (y4), off the axis that has a 0 on it. Only where
    # there is such a bin: the row y4 exists only then, and plotly.js draws nothing at all of a
    # figure with a trace on an axis its layout lacks.
    if unknown.any():
        traces.insert(
            2,
            {
                **per_bin,
                "type": "scatter",
                "mode": "markers",
                "name": "killed unknown",
                "yaxis": "y4",
                "y": [UNKNOWN_ROW if u else None for u in unknown],
                "marker": {"color": KILLED_COLOR, "size": 9, "symbol": "circle-open", "line": {"width": 2}},
                "hovertext": killed_hover,
                "hovertemplate": "%{hovertext}<extra></extra>",
            },
        )
    return traces


# The escalation's lower row: one line per measure or event type; dtick 1 labels every type, not
# every other one.
TIMELINE_AXIS = {
    "domain": [0, 0.35],
    "gridcolor": "#f3f3f3",
    "anchor": "x",
    "dtick": 1,
    "tickfont": {"size": 11, "color": MUTED},
}


UNKNOWN_ROW = "unknown"  # the tick label of the row under the counts where bins of unknown deaths are marked
UNKNOWN_AXIS = {"type": "category", "showgrid": False, "fixedrange": True, "anchor": "x"}


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
    unit = _bin_unit(bins)
    domains = _domains(timeline=timeline, unknown=bool(_deaths_unknown(bins).any()))
    years = f"{bins['bin_start'].min():%Y}–{bins['bin_start'].max():%Y}"
    if timeline:
        title = f"The escalation, {years}" + (", and the policy response" if has_measures else "")
    else:
        title = f"Incidents and deaths per {unit}, {years}"
    layout = {
        "title": {"text": title},
        "height": 600,
        "dragmode": "select",
        # A drag picks a span of time: every bin between its ends, whatever the height it starts at.
        "selectdirection": "h",
        "bargap": 0.15,
        "xaxis": {
            "type": "date",
            "range": [d.strftime("%Y-%m-%d") for d in x_range],
            "anchor": "y3" if timeline else "y4" if "y4" in domains else "y",  # dates under the lowest row
            "gridcolor": GRID,
            # Ticks chosen by plotly for the width (a few over an import's decades too), on two lines
            # ("Jan" over "2011"): never turned sideways into the legend on a phone.
            "tickformat": "%b<br>%Y" if unit == "month" else "%Y",
        },
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


def _escalation_margin(timeline: list[dict], *, unknown: bool) -> dict:
    """Room on the left for the timeline's row names and the unknown row's, on the right for the
    cumulative axis."""
    rows = [y for trace in timeline for y in trace["y"]]
    return {"l": max(_room(rows, 11), _room([UNKNOWN_ROW]) if unknown else 0, 64), "r": 64, "t": 40, "b": 64}


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
            "y": [_wrap(c, 20) for c in table[category].astype(str).str.replace("_", " ")],
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
