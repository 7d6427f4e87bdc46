"""Chart builders: small summary tables in, plotly Figures out. Pure: no Streamlit, no I/O.

Every selectable point carries `customdata` [kind, value] so a selection maps back to data
without relying on plotly's x values (wrong on date axes).
"""

from __future__ import annotations

from html import escape

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.formatting import format_date
from components.theme import (
    FONT,
    INCIDENTS_COLOR,
    INJURED_COLOR,
    KILLED_COLOR,
    SPAN_COLOR,
    STATUS_SYMBOLS,
    type_color,
)

LAYOUT = {
    "font": FONT,
    "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
    "plot_bgcolor": "white",
    "clickmode": "event+select",
    "legend": {"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
    "hoverlabel": {"font": FONT},
}


def _selected(keys: list, chosen) -> list[int] | None:
    """Point indices to show as selected (others dimmed); None draws every point plainly."""
    return [i for i, k in enumerate(keys) if k in chosen] if chosen else None


def types_bar(by_type: pd.DataFrame, labels: dict, selected=()) -> go.Figure:
    """Horizontal bars of incidents per type, one colour per type."""
    t = by_type.iloc[::-1]  # first type on top
    names = [labels.get(k, k) for k in t["incident_type"]]
    fig = go.Figure(
        go.Bar(
            x=t["incidents"],
            y=names,
            orientation="h",
            marker_color=[type_color(k) for k in t["incident_type"]],
            customdata=[["type", k] for k in t["incident_type"]],
            text=t["incidents"],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x} incidents<extra></extra>",
            selectedpoints=_selected(list(t["incident_type"]), selected),
            unselected={"marker": {"opacity": 0.25}},
        )
    )
    fig.update_layout(LAYOUT, title="Incidents by type", dragmode=False, showlegend=False, height=300)
    fig.update_xaxes(
        title="incidents",
        rangemode="tozero",
        showgrid=True,
        gridcolor="#eee",
        dtick=1 if t["incidents"].max() <= 10 else None,
    )
    return fig


def casualties_bar(cas: pd.DataFrame, selected=()) -> go.Figure:
    """Killed and injured per victim group, grouped (stacked bars select erratically)."""
    fig = go.Figure()
    for measure, color in (("killed", KILLED_COLOR), ("injured", INJURED_COLOR)):
        fig.add_bar(
            name=measure,
            x=cas["group"],
            y=cas[measure],
            marker_color=color,
            customdata=[["group", g] for g in cas["group"]],
            text=cas[measure],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"%{{x}}: %{{y}} {measure}<extra></extra>",
            selectedpoints=_selected(list(cas["group"]), selected),
            unselected={"marker": {"opacity": 0.25}},
        )
    fig.update_layout(LAYOUT, title="Killed and injured, by who they were", barmode="group", dragmode=False, height=300)
    fig.update_yaxes(title="people", rangemode="tozero", gridcolor="#eee")
    return fig


def escalation(
    months: pd.DataFrame,
    measures: pd.DataFrame,
    context: pd.DataFrame,
    x_range: tuple[pd.Timestamp, pd.Timestamp],
    span=None,
) -> go.Figure:
    """Incidents and deaths per month, cumulative deaths, and the policy timeline on the same x axis."""
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        row_heights=[0.7, 0.3],
        vertical_spacing=0.04,
        specs=[[{"secondary_y": True}], [{}]],
    )
    month_keys = [["month", m.strftime("%Y-%m")] for m in months["month"]]
    centres = months["month"] + pd.Timedelta(days=14)  # bars and markers centred in their month
    labels = [format_date(m, "month") for m in months["month"]]
    per_month = {"x": centres, "customdata": month_keys, "text": labels, "row": 1, "col": 1}
    fig.add_bar(
        **per_month,
        y=months["incidents"],
        name="incidents",
        marker_color=INCIDENTS_COLOR,
        hovertemplate="%{text}: %{y} incidents<extra></extra>",
        textposition="none",
        secondary_y=False,
    )
    fig.add_scatter(
        **per_month,
        # Months without deaths get no marker: a row of zeros would bury the months that matter.
        y=months["killed"].where(months["killed"] > 0),
        name="killed that month",
        mode="markers",
        marker={"color": KILLED_COLOR, "size": 9},
        hovertemplate="%{text}: %{y} killed<extra></extra>",
        secondary_y=False,
    )
    fig.add_scatter(
        **per_month,
        y=months["cumulative_killed"],
        name="cumulative deaths",
        mode="lines+markers",
        line={"color": KILLED_COLOR, "dash": "dot", "shape": "hv"},
        marker={"size": 4},
        hovertemplate="by end of %{text}: %{y} killed in all<extra></extra>",
        secondary_y=True,
    )
    _timeline(fig, measures, "policy measure", "measure_type", visible=True)
    _timeline(fig, context, "context event", "event_type", visible="legendonly")
    if span:
        fig.add_vrect(
            x0=span[0],
            x1=pd.Timestamp(span[1]) + pd.Timedelta(days=1),
            fillcolor=SPAN_COLOR,
            line_width=0,
            layer="below",
        )
    fig.update_layout(
        LAYOUT, title="The escalation, 2011–2012, and the policy response", height=560, dragmode="select", bargap=0.15
    )
    fig.update_xaxes(range=list(x_range), gridcolor="#eee", showgrid=True, dtick="M3", tickformat="%b %Y")
    fig.update_yaxes(title="incidents / killed", rangemode="tozero", gridcolor="#eee", row=1, col=1, secondary_y=False)
    fig.update_yaxes(
        title="cumulative deaths", rangemode="tozero", showgrid=False, tickmode="auto", row=1, col=1, secondary_y=True
    )
    fig.update_yaxes(title=None, gridcolor="#f3f3f3", row=2, col=1)
    return fig


def _timeline(fig: go.Figure, table: pd.DataFrame, name: str, category: str, visible) -> None:
    """Measures or context events as markers on rows by their type; hover tells what, who, how sure."""
    if table.empty:
        return
    precision = table["date_precision"].astype(str)
    when = [
        format_date(d, p) + (" (year inferred)" if pd.notna(inf) and inf else "")
        for d, p, inf in zip(table["date"], precision, table.get("date_inferred", [False] * len(table)), strict=True)
    ]
    # A month-precision date is drawn mid-month: the 1st would claim a precision the data lacks.
    x = table["date"] + pd.to_timedelta(precision.map({"day": 0, "month": 14, "year": 182}).astype(int), unit="D")
    is_measure = "status" in table
    fig.add_scatter(
        x=x,
        y=table[category].astype(str).str.replace("_", " "),
        mode="markers",
        name=name + "s",
        visible=visible,
        marker={
            "size": 12,
            "color": "#333333" if is_measure else "#999999",
            "symbol": [STATUS_SYMBOLS.get(s, "circle") for s in table["status"].astype(str)]
            if is_measure
            else "x-thin-open",
            "line": {"width": 2, "color": "#333333" if is_measure else "#999999"},
        },
        customdata=[[name, i] for i in table.iloc[:, 0]],
        text=[
            # Data text is escaped: plotly hover labels interpret a subset of HTML.
            f"<b>{escape(t)}</b><br>{escape(a) + ' · ' if is_measure else ''}{escape(s)}<br>date: {w}"
            for t, a, s, w in zip(
                table["title"],
                table["actor"] if is_measure else [""] * len(table),
                table["status"].astype(str) if is_measure else table["event_type"].astype(str).str.replace("_", " "),
                when,
                strict=True,
            )
        ],
        hovertemplate="%{text}<extra></extra>",
        row=2,
        col=1,
    )
