"""The bar charts: incidents by type and killed and injured by group (Overview, briefing), and
deaths per month by source (Compare). Pure: no Streamlit, no I/O.

Every builder has one shape, as plotly express's do: the frame it draws first (a summary table
from `aggregate` or `matching`), then keyword-only options, and a `go.Figure` out (`layout.figure`;
with `plain=True` its dict).
Every selectable bar (a type, a victim group) carries `customdata` [kind, value]
(`selection.Kind`), so a click maps back to data without relying on plotly's y values, which are
the wrapped, escaped labels.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.charts.layout import AXIS_TITLE_ROOM, GRID, LAYOUT, WRAP, figure, tick_room
from components.charts.layout import plain as as_plain
from components.core.formatting import count_labels, count_text, format_date
from components.core.formatting import html_text as escape
from components.core.text import wrap
from components.core.theme import INJURED_COLOR, KILLED_COLOR, type_color
from components.state.selection import Kind, point

SELECTED_LINE = "#0072B2"  # the outline of a chosen casualty group
SOURCE_COLORS = (KILLED_COLOR, "#0072B2")  # the note, then the other source


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


def _linked_meta(kind: Kind, selected, styles: list[dict]) -> dict:
    """layout.meta of a chart a click filters by (the Overview's linked charts): what is selected and
    each restyled attribute's values per bar, chosen ("on") and not ("off"), and which of the two the
    bars take when nothing is chosen ("none"). From it assets/linked_predict.js draws the state the
    server will send the moment a bar is clicked: the key of bar i is its customdata[1]."""
    return {"select": {"kind": kind.value, "selected": list(selected), "styles": styles}}


def types_bar(
    by_type: pd.DataFrame, *, labels: dict, selected=(), linked: bool = False, plain: bool = False
) -> go.Figure | dict:
    """Horizontal bars of incidents per type, one colour per type. `linked`: with _linked_meta.
    A go.Figure, or with `plain` its dict (layout.plain)."""
    t = by_type.iloc[::-1]  # first type on top
    keys = t["incident_type"].tolist()
    counts = t["incidents"].tolist()
    colors = [type_color(k, labels) for k in keys]
    bar = {
        "type": "bar",
        "orientation": "h",
        "x": counts,
        "y": [wrap(labels.get(k, k), WRAP) for k in keys],
        "marker": {"color": _emphasis(keys, colors, selected)},
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
    layout = {
        "title": {"text": "Incidents by type"},
        "dragmode": False,
        "showlegend": False,
        "height": 300,
        "xaxis": xaxis,
        "margin": {"l": tick_room(bar["y"]), "r": 10, "t": 40, "b": 48},
    }
    if linked:
        style = {"trace": 0, "attr": "marker.color", "on": colors, "off": [_faded(c) for c in colors], "none": "on"}
        layout["meta"] = _linked_meta(Kind.TYPE, selected, [style])
    return (as_plain if plain else figure)([bar], layout)


def casualties_bar(
    cas: pd.DataFrame, *, selected=(), unknown: str = "", linked: bool = False, plain: bool = False
) -> go.Figure | dict:
    """Killed and injured per victim group, grouped (stacked bars select erratically). `unknown`
    says on the chart itself how many incidents have no count, so no one reads a gap as zero.
    A go.Figure, or with `plain` its dict (layout.plain).

    Labels never show an unknown as 0 (`count_label`): '0 + 1 unknown' where some counts behind a
    bar are unknown; a bar with no known count at all is drawn hatched and outlined, labelled
    'unknown', at a nominal height (the axis then has no numbers to misread)."""
    labels = {m: count_labels(cas[m], cas[f"{m}_unknown"], cas["in_view"]) for m in ("killed", "injured")}
    known = [int(n) for m in labels for n, t in zip(cas[m], labels[m], strict=True) if t != "unknown"]
    nominal = max(max(known, default=0) * 0.3, 1)
    measures = (("killed", KILLED_COLOR), ("injured", INJURED_COLOR))
    bars = [_casualty_bars(cas, m, color, labels[m], nominal=nominal, selected=selected) for m, color in measures]
    layout = {
        "title": {"text": "Killed and injured, by group", "subtitle": {"text": unknown}},
        "barmode": "group",
        "dragmode": False,
        "height": 340,
        "xaxis": _people_axis(labels, known, nominal),
        "yaxis": {"autorange": "reversed"},  # groups top to bottom in their order
        "margin": {"l": tick_room(cas["group"]), "r": 10, "t": 40, "b": 76},
        "legend": {**LAYOUT["legend"], "yref": "container", "y": 0, "yanchor": "bottom"},
    }
    if linked:
        # A group's outline, chosen and not: its bars drawn with every group chosen, and with none.
        every, none = (
            [_casualty_bars(cas, m, c, labels[m], nominal=nominal, selected=s)["marker"]["line"] for m, c in measures]
            for s in (set(cas["group"]), ())
        )
        styles = [
            {"trace": t, "attr": f"marker.line.{a}", "on": every[t][a], "off": none[t][a], "none": "off"}
            for t in range(len(measures))
            for a in ("color", "width")
        ]
        layout["meta"] = _linked_meta(Kind.GROUP, selected, styles)
    return (as_plain if plain else figure)(bars, layout)


def _casualty_bars(cas: pd.DataFrame, measure: str, color: str, labels: list[str], *, nominal, selected) -> dict:
    """One measure's bars (killed or injured), one per group; a bar whose count is unknown is drawn
    white, hatched and outlined at the nominal height."""
    groups = cas["group"].tolist()
    blank = [t == "unknown" for t in labels]
    return {
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
                "color": [SELECTED_LINE if g in selected else color for g in groups],
                "width": [3 if g in selected else 1.5 if b else 0 for g, b in zip(groups, blank, strict=True)],
            },
        },
        "customdata": [point(Kind.GROUP, g) for g in groups],
        "text": labels,
        "textposition": "outside",
        "textfont": {"size": 12},
        "cliponaxis": False,
        "hovertemplate": f"%{{y}}: %{{text}} {measure}<extra></extra>",
    }


def _people_axis(labels: dict, known: list[int], nominal: float) -> dict:
    """The casualties' x axis. Horizontal: group names never turn sideways on a narrow screen, and
    labels such as '10 + 1 unknown' have the room to the right of the bars (the axis runs on for
    them). With no known count it shows no numbers: a nominal height has no scale to read."""
    longest = max((len(t) for t in labels["killed"] + labels["injured"]), default=1)
    top = max(known, default=0) if known else nominal
    xaxis = {
        "title": {"text": "people"},
        "range": [0, top * (1.15 + 0.06 * longest) or 1],
        "gridcolor": GRID,
    }
    if not known:
        xaxis |= {"showticklabels": False, "showgrid": False}
    return xaxis


def deaths_by_source(monthly: pd.DataFrame, *, sources: tuple[str, str], unknown: str = "") -> go.Figure:
    """Known deaths per month, one bar per source side by side on one time axis (Compare page).
    `monthly`: month, source, killed (NA: every count that month unknown), incidents, unknown.
    Side by side (stacked bars select erratically), a people axis from zero, a subtitle that says
    what is unknown."""
    bars = [
        _source_bars(monthly[monthly["source"] == source], source, color)
        for source, color in zip(sources, SOURCE_COLORS, strict=True)
    ]
    # Room on the left for the widest tick label (the top of the axis) and the axis title beside it:
    # margins are the builders' (layout.plain), and with the default 10 px the title covered the
    # tick labels, whose first digits fell off the chart ("15" read "5").
    top = pd.to_numeric(monthly["killed"], errors="coerce").max()
    room = tick_room([f"{int(top):,}" if pd.notna(top) else "0"]) + AXIS_TITLE_ROOM
    return figure(
        bars,
        {
            "title": {"text": "Deaths per month, by source", "subtitle": {"text": unknown}},
            "barmode": "group",
            "dragmode": False,
            "yaxis": {"title": {"text": "people killed"}, "rangemode": "tozero", "gridcolor": GRID},
            "height": 320,
            "margin": {**LAYOUT["margin"], "l": room},
            # Its labels a little lower: the first month's, centred on the axis's left end, met the 0;
            # and the legend lower still, under them (it takes the room it needs in the margin).
            "xaxis": {"type": "date", "gridcolor": GRID, "ticklabelstandoff": 6},
            "legend": {**LAYOUT["legend"], "y": -0.22},
        },
    )


def _source_bars(rows: pd.DataFrame, source: str, color: str) -> dict:
    """One source's months as bars; a month whose every count is unknown has no bar (None), not one at 0."""
    killed = rows["killed"].astype("Float64")
    return {
        "type": "bar",
        "name": source,
        "x": rows["month"].dt.strftime("%Y-%m-15").tolist(),  # mid-month: the bar sits on its month
        "y": [None if pd.isna(k) else float(k) for k in killed],
        "marker": {"color": color},
        "customdata": [
            [format_date(m, "month"), count_text(k), n, u]
            for m, k, n, u in zip(rows["month"], rows["killed"], rows["incidents"], rows["unknown"], strict=True)
        ],
        "hovertemplate": f"{escape(source)}, %{{customdata[0]}}: %{{customdata[1]}} killed in "
        "%{customdata[2]} incidents (%{customdata[3]} with unknown deaths)<extra></extra>",
    }
