"""The slide canvas shared by the app and the exported deck: a fixed 1280x720 (16:9) page scaled
as a whole to any screen, as reveal.js and PowerPoint do, so a slide laid out once looks the same
on a laptop, a projector and a 4K wall. Pure: no Streamlit.

Everything on a slide is sized in canvas pixels; one zoom factor (the smaller of width/1280 and
height/720) scales it to the window. Charts are drawn at a fixed canvas size and never re-laid-out,
so what the presenter rehearsed is what the room sees.
"""

from __future__ import annotations

import copy
import math
from pathlib import Path
from string import Template

import plotly.graph_objects as go

WIDTH, HEIGHT = 1280, 720
PAD_X, PAD_TOP = 56, 28
CONTROLS = 52  # the control bar along the bottom edge, the same place on every slide
CONTENT_WIDTH = WIDTH - 2 * PAD_X
HEADLINE_PX, POINT_PX = 38, 24  # type sizes on the canvas
CHART_TEXT_PX, CHART_TITLE_PX = 18, 22  # chart ticks, legends, labels: readable from the back at 1280x720
# Average glyph width as a share of the type size (DejaVu Sans, the widest common sans-serif): used to
# estimate how many lines a sentence takes, erring on the long side so a chart never pushes past the edge.
GLYPH = 0.6
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
    per_line = max(int(width / (px * GLYPH)), 1)
    return max(math.ceil(len(text) / per_line), 1)


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
    """A copy of fig sized to its place on the canvas, with every text at slide size."""
    out = go.Figure(copy.deepcopy(fig.to_plotly_json()), skip_invalid=True)
    size = {"size": CHART_TEXT_PX}
    layout = out.layout
    layout.update(width=width, height=height, font=size, hoverlabel={"font": size}, legend={"font": size})
    layout.title.font.size = CHART_TITLE_PX
    if layout.title.subtitle and layout.title.subtitle.text:
        layout.title.subtitle.font.size = CHART_TEXT_PX
        layout.margin.t = 84
    for axis in [k for k in layout.to_plotly_json() if k.startswith(("xaxis", "yaxis"))]:
        layout[axis].tickfont.size = CHART_TEXT_PX
        layout[axis].title.font.size = CHART_TEXT_PX
    for annotation in layout.annotations:
        annotation.font.size = CHART_TEXT_PX
    return out


def asset(name: str, **extra) -> str:
    """A shipped CSS or JS file with the canvas sizes (and `extra`) filled in."""
    return Template((ASSETS / name).read_text(encoding="utf-8")).substitute(SIZES, **extra)
