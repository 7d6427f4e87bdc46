"""What every chart shares: the app's look (font, colours, legend, margins), the room tick labels
need, and `plain` / `figure`, the constructors every builder ends with. Pure: no Streamlit, no I/O.

Figures are written as plain dicts, finished by `plain` and wrapped by `figure` without plotly's
per-property validation: validation cost ~45 ms per Overview rerun, more than everything else on
the server. The Overview's linked charts skip the go.Figure too (builders' `plain=True`).
The tests check the builders' output instead (tests/test_charts.py).
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from components.core.text import GLYPH, wrap
from components.core.theme import FONT

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
AXIS_TITLE_ROOM = 28  # px beside the tick labels for a y-axis title (14 px type) and its gap
WRAP = 16  # tick labels longer than this wrap onto lines: a 390 px phone has no room for one long line
TITLE_LINE = 22  # px per line of a chart title (16 px type)
TITLE_WRAP, SUBTITLE_WRAP = 34, 46  # characters per line of chart titles (16 px) and subtitles (12 px)


def tick_room(labels, size: int = FONT["size"]) -> int:
    """Pixels the widest line of these tick labels needs, with a small gap."""
    widest = max((len(line) for label in labels for line in str(label).split("<br>")), default=0)
    return int(widest * size * GLYPH) + 12


def line_count(labels) -> int:
    """Lines the tallest of these (wrapped) labels takes."""
    return max((str(label).count("<br>") + 1 for label in labels), default=1)


def plain(data: list[dict], layout: dict) -> dict:
    """The figure as plotly's own JSON structure ({"data", "layout"}) with the app's look spelled out
    in full: it is drawn without Streamlit's chart theme (which cost ~40 ms per redraw) and exported
    as is, so it must not depend on one. What a linked chart sends (spec), built without a go.Figure:
    constructing one costs 1-3 ms per chart even unvalidated, on every new filter state."""
    layout = {**LAYOUT, **layout}
    layout["title"], top = _title(layout)
    layout["margin"] = {**layout["margin"], "t": max(layout["margin"].get("t", 0), top)}
    # Margins are set by each builder, not found by plotly (automargin): automargin lays a chart out
    # again for every axis, which made the escalation chart ~4x slower to draw, on every click. With
    # margins that fit the labels, plotly's check for tick labels past the figure's edge (to hide
    # them) finds none, and it measures every label again as it places each one: 10-15% of a redraw.
    axis = {"automargin": False, "ticklabeloverflow": "allow", "zeroline": False, "tickfont": {"color": MUTED}}
    for name in {"xaxis", "yaxis", *(k for k in layout if k.startswith(("xaxis", "yaxis")))}:
        layout[name] = {**axis, **layout.get(name, {})}
        if isinstance(layout[name].get("title"), dict):
            layout[name]["title"] = {"font": {"color": MUTED}, **layout[name]["title"]}
    # Given, so that a go.Figure adds none of its own (plotly's default): both ways, the same JSON.
    layout.setdefault("template", TEMPLATE)
    return {"data": data, "layout": layout}


# The figures' template: none. plotly's default template is whichever was set last, and importing
# Streamlit sets its own (placeholder colours for its frontend to replace; these charts are drawn
# without it): the same chart carried Streamlit's template in the app and plotly's (a blue-grey plot
# area, white grid lines) in a process without Streamlit, and the tests depended on their order.
# Drawn, no template and Streamlit's are pixel-identical on the app's and the briefing's charts.
TEMPLATE = {"data": {}, "layout": {}}


def figure(data: list[dict], layout: dict) -> go.Figure:
    """plain() as a go.Figure, for what reads plotly's objects (the briefing, the exports)."""
    return as_figure(plain(data, layout))


def as_figure(json: dict) -> go.Figure:
    """A figure's JSON ({"data", "layout"}: plain()'s, or a finished figure's to_plotly_json() changed
    with merge) as a go.Figure, not validated. `_validate=False` is plotly's private switch
    (BaseFigure.__init__ pops it from **kwargs) that skips the per-property validation (~45 ms per
    Overview rerun; two thirds of building a briefing deck). On a plotly upgrade that drops it, the
    keyword is swallowed silently: validation is back, slow, and a property plotly rejects raises
    here. tests/test_charts.py guards both sides: test_figure_skips_plotly_validation fails if the
    switch stops working, and test_figures_are_valid_plotly validates every builder's output, which
    nothing else checks."""
    return go.Figure(json, _validate=False)


def merge(node: dict, **values) -> None:
    """Set `values` into a figure's JSON (`node`: its layout, a trace, any part) as plotly's update()
    sets them into its objects: a dict merges into what is there, anything else replaces it. What
    changes a finished figure without plotly's objects, whose every property set is validated."""
    for key, value in values.items():
        if isinstance(value, dict):
            if isinstance(node.get(key), str) and key == "title":
                node[key] = {"text": node[key]}  # plotly's shorthand for a title's text
            elif not isinstance(node.get(key), dict):
                node[key] = {}
            merge(node[key], **value)
        else:
            node[key] = value


def _title(layout: dict) -> tuple[dict, int]:
    """The title and subtitle in the app's look, wrapped to fit a 390 px phone, and the top margin
    their lines need: it grows with them. The title hangs from the figure's top edge: plotly centres
    it in the top margin by default and hangs the subtitle under it, so a subtitle of two or three
    lines ran into the plot (the Compare chart's last line over its top tick label)."""
    text = wrap(layout.get("title", {}).get("text", ""), TITLE_WRAP)
    lines = line_count([text])
    # Hung from the top, 12 px down; plotly anchors a title of several lines by its middle line, so
    # each line after the first needs half a line more (the escalation's two lines rose 11 px).
    hang = {"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 12 + TITLE_LINE // 2 * (lines - 1)}}
    title = {"x": 0.01, "xanchor": "left", **hang, "font": {"size": 16, "color": TEXT}, **layout.get("title", {})}
    title["text"] = text
    top = 18 + TITLE_LINE * lines
    if title.get("subtitle", {}).get("text"):
        title["subtitle"] = {
            "text": wrap(title["subtitle"]["text"], SUBTITLE_WRAP),
            "font": {"size": 12, "color": MUTED},
        }
        top += 16 * line_count([title["subtitle"]["text"]]) + 8  # and a gap above the plot
    return title, top


def spec(figure: go.Figure | dict) -> str:
    """The figure (a go.Figure or plain()'s dict: the same text) as the JSON a linked chart sends:
    built once per filter state by whoever caches the figure, so a rerun serializes nothing."""
    return pio.to_json(figure, validate=False)
