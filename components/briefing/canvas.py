"""The slide canvas shared by the app and the exported deck: a fixed 1280x720 (16:9) page scaled
as a whole to any screen, as reveal.js and PowerPoint do, so a slide laid out once looks the same
on a laptop, a projector and a 4K wall. Pure: no Streamlit.

Everything on a slide is sized in canvas pixels; one zoom factor (the smaller of width/1280 and
height/720) scales it to the window. Charts are drawn at a fixed canvas size and never re-laid-out,
so what the presenter rehearsed is what the room sees.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from string import Template

import plotly.graph_objects as go

from components.briefing import keys
from components.charts.layout import as_figure, merge
from components.core.text import GLYPH, chars_in, wrap
from components.data.schema import text_file

WIDTH, HEIGHT = 1280, 720
PAD_X, PAD_TOP = 56, 28
CONTROLS = 52  # the control bar along the bottom edge, the same place on every slide
CONTENT_WIDTH = WIDTH - 2 * PAD_X
HEADLINE_PX, POINT_PX = 38, 24  # type sizes on the canvas
CHART_TEXT_PX, CHART_TITLE_PX = 18, 22  # chart ticks, legends, labels: readable from the back at 1280x720
GAP = 16  # between headline, points and chart
ASSETS = Path(__file__).resolve().parent / "assets"
# The sizes the CSS and JS assets are written with ($WIDTH, ...): one source for Python, CSS and JS.
SIZES = {
    "WIDTH": WIDTH,
    "HEIGHT": HEIGHT,
    "PAD_X": PAD_X,
    "PAD_TOP": PAD_TOP,
    "CONTROLS": CONTROLS,
    "CONTENT_WIDTH": CONTENT_WIDTH,
    "HEADLINE_PX": HEADLINE_PX,
    "POINT_PX": POINT_PX,
    "GAP": GAP,
}


def lines(text: str, px: int, width: int = CONTENT_WIDTH) -> int:
    return max(math.ceil(len(text) / chars_in(width, px)), 1)


def text_height(headline: str, points) -> int:
    """Canvas pixels the headline and its bullet points take."""
    height = lines(headline, HEADLINE_PX) * round(HEADLINE_PX * 1.2)
    if points:
        height += GAP + sum(lines(p, POINT_PX, CONTENT_WIDTH - 36) * round(POINT_PX * 1.35) + 4 for p in points)
    return height


def chart_height(headline: str, points) -> int:
    """What the canvas leaves for the chart under this slide's text."""
    return HEIGHT - PAD_TOP - CONTROLS - text_height(headline, points) - 2 * GAP


def for_slide(fig: go.Figure, height: int, width: int = CONTENT_WIDTH) -> go.Figure:
    """A copy of fig sized to its place on the canvas, with every text at slide size and margins
    worked out again for text that size: the builders size theirs for 14 px on a phone. Done on the
    figure's JSON, then wrapped unvalidated (layout.as_figure): set one by one on plotly's objects,
    each property validated, it took 8-17 ms a slide, most of a new filter state's Briefing step."""
    out = fig.to_plotly_json()  # a deep copy
    data, layout = out["data"], out["layout"]
    size = {"size": CHART_TEXT_PX}
    merge(layout, width=width, height=height, font=size, hoverlabel={"font": size}, legend={"font": size})
    for trace in data:
        if _has_textfont(trace.get("type", "scatter")):  # bar labels, counts on map markers: chart text like any other
            merge(trace, textfont=size)
    for axis in [k for k in layout if k.startswith(("xaxis", "yaxis"))]:
        merge(layout[axis], tickfont=size, title={"font": size})
    for annotation in layout.get("annotations", ()):
        merge(annotation, font=size)
    left, right = (
        max(_side_room(data, layout, side), _get(layout, "margin", side[0]) or 0) for side in ("left", "right")
    )
    margins = {
        "t": _title_room(layout, width),
        "b": _bottom_room(data, layout, width - left - right),
        "l": left,
        "r": right,
    }
    merge(layout, margin=margins)
    return as_figure(out)


def _get(node: dict, *path: str):
    """node[path[0]][path[1]]..., None where any step is missing."""
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node


@functools.cache
def _has_textfont(trace_type: str) -> bool:
    """Whether traces of this type have a textfont, as plotly's schema says (once per type)."""
    return "textfont" in as_figure({"data": [{"type": trace_type}]}).data[0]


LINE = round(CHART_TEXT_PX * 1.3)  # one line of chart text at slide size
LEGEND_ROW = round(CHART_TEXT_PX * 1.6)


def _rewrap(text: str, px: int, width: int) -> tuple[str, int]:
    """Already-escaped chart text wrapped again for a slide's width (nine tenths of it, a margin on
    the estimate): (text, lines)."""
    wrapped = wrap(text, chars_in(width * 0.9, px), markup=True)
    return wrapped, wrapped.count("<br>") + 1


def _title_room(layout: dict, width: int) -> int:
    """The title (and subtitle) pinned to the top, and the margin under them: multi-line titles
    grow downwards, so a margin made for one 16 px line puts a slide's title on the top tick."""
    if not _get(layout, "title", "text"):
        return _get(layout, "margin", "t") or 0
    title = layout["title"]
    title["text"], lines_ = _rewrap(title["text"], CHART_TITLE_PX, width)
    merge(title, font={"size": CHART_TITLE_PX}, yref="container", y=1, yanchor="top", pad={"t": 8})
    room = 8 + lines_ * round(CHART_TITLE_PX * 1.3)
    if _get(title, "subtitle", "text"):
        title["subtitle"]["text"], sub = _rewrap(title["subtitle"]["text"], CHART_TEXT_PX, width)
        merge(title["subtitle"], font={"size": CHART_TEXT_PX})
        room += 4 + sub * LINE
    return room + LINE  # the top tick label stands half a line above the plot, and a gap


def _bottom_room(data: list[dict], layout: dict, width: int) -> int:
    """Room under the plot for the x ticks (two lines for 'Jan<br>2011'), the x title and the
    legend, which is pinned to the bottom edge so it never lands on the ticks."""
    room = 8
    x = layout.get("xaxis", {})
    if x.get("visible") is not False and x.get("showticklabels") is not False:
        room += LINE * ((x.get("tickformat") or "").count("<br>") + 1)
    if x.get("visible") is not False and _get(x, "title", "text"):
        room += LINE
    names = [
        t["name"] for t in data if t.get("showlegend") is not False and t.get("name") and t.get("visible") is not False
    ]
    if layout.get("showlegend") is not False and names:
        merge(layout, legend={"yref": "container", "y": 0, "yanchor": "bottom"})
        room += 8 + _legend_rows(names, width) * LEGEND_ROW
    return room


def _legend_rows(names: list[str], width: int) -> int:
    """Rows a horizontal legend takes under the plot: on one row if its entries (a 40 px swatch and
    the name) fit, else in columns as wide as the widest entry, as plotly lays a wrapped legend out."""
    entries = [40 + len(name) * CHART_TEXT_PX * GLYPH for name in names]
    if sum(entries) <= width:
        return 1
    return math.ceil(len(entries) / max(int(width // max(entries)), 1))


def _side_room(data: list[dict], layout: dict, side: str) -> int:
    """Room for the y axes on one side: their widest tick label at slide size and their title."""
    room = 0
    for name in [k for k in layout if k.startswith("yaxis")]:
        axis = layout[name]
        if axis.get("visible") is False or axis.get("side", "left") != side:
            continue
        ref = "y" + name[len("yaxis") :]
        values = [v for t in data if (t.get("yaxis") or "y") == ref for v in (t.get("y") or ()) if v is not None]
        if any(isinstance(v, str) for v in values):
            labels = [line for v in values for line in str(v).split("<br>")]
        else:
            labels = [f"{max((abs(float(v)) for v in values), default=0) * 1.1:,.0f}"]
        room = max(room, int(max(map(len, labels)) * CHART_TEXT_PX * GLYPH) + 12 + (LINE if axis.get("title") else 0))
    return room


def asset(name: str, **extra) -> str:
    """A shipped CSS or JS file with the canvas sizes (and `extra`) filled in."""
    return Template(text_file(ASSETS / name)).substitute(SIZES, **extra)


def style(name: str, scope: str) -> str:
    """A deck's CSS with the slide type both decks share (deck_common.css) written in for the
    slides under the CSS selector `scope`."""
    return asset(name, DECK_COMMON=asset("deck_common.css", SCOPE=scope))


def script(name: str, **extra) -> str:
    """A deck's JS with the code both decks share (deck_common.js) and the key table (keys.py)
    written into it."""
    return asset(name, DECK_COMMON=asset("deck_common.js", KEYS=keys.as_json()), **extra)
