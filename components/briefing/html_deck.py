"""The briefing as one self-contained HTML file for the room: every slide on a 16:9 canvas scaled to
the screen, the charts interactive, the keys of reveal.js, a presenter window (the same file with
#presenter) with the next slide, the notes and a clock, and one slide per page when printed.
plotly.js is embedded once; nothing is requested from outside the file."""

from __future__ import annotations

import json
import secrets
from html import escape

from plotly.offline import get_plotlyjs

from components.briefing import canvas, keys
from components.briefing.content import Slide

SYMBOLS = {"first": "⇤", "prev": "←", "next": "→", "last": "⇥"}  # the step controls' faces
SCOPE = ".slide"  # what the slide type of deck_common.css applies to here


def slide_text(slide: Slide) -> str:
    """The headline, points and headline figures as HTML: the same markup in the app and the file."""
    points = "".join(f"<li>{escape(p)}</li>" for p in slide.points)
    stats = "".join(f"<div class=stat><b>{escape(v)}</b><span>{escape(k)}</span></div>" for k, v in slide.stats)
    return f"<h1>{escape(slide.headline)}</h1><ul>{points}</ul>" + (
        f'<div class="stats">{stats}</div>' if stats else ""
    )


def _section(i: int, slide: Slide) -> str:
    chart = f'<div class="chart" data-figure="{i}"></div>' if slide.figure is not None else ""
    notes = "".join(f"<p>{escape(n)}</p>" for n in slide.notes)
    return (
        f'<section class="slide {escape(slide.key)}" id="slide-{i + 1}">{slide_text(slide)}{chart}'
        f'<aside class="notes">{notes}</aside></section>'
    )


def _button(action: str, face: str, named: bool = False) -> str:
    """A control; its tooltip names its keys (keys.py). A face that is a symbol gets the tooltip as
    its accessible name too."""
    tip = escape(keys.tooltip(action))
    label = "" if named else f' aria-label="{tip}"'
    return f'<button type="button" data-action="{action}" title="{tip}"{label}>{face}</button>'


def _controls() -> str:
    steps = "".join(_button(action, face) for action, face in SYMBOLS.items())
    return (
        f'<nav class="controls">{steps}<span id="position"></span><div class="bar"><div id="progress"></div></div>'
        '<span class="spacer"></span>'
        f"{_button('presenter', 'Presenter view', named=True)}{_button('fullscreen', 'Full screen', named=True)}</nav>"
    )


PRESENTER_UI = (
    '<div id="presenter-ui"><span class="label" id="next-label" style="left:62vw"></span>'
    '<div id="presenter-notes"></div><div id="clock"></div></div>'
)


def to_html(slides: list[Slide], title: str) -> bytes:
    # plotly's own JSON (NaN becomes null); "</" would end the <script> element early.
    payload = (
        "{"
        + ",".join(f"{json.dumps(str(i))}:{s.figure.to_json()}" for i, s in enumerate(slides) if s.figure is not None)
        + "}"
    )
    payload = payload.replace("</", "<\\/")
    # A channel of its own per exported file: two decks open at once never steer each other.
    style = canvas.style("deck.css", SCOPE)
    script = canvas.script("deck.js", DECK_ID=secrets.token_hex(8))
    body = "".join(_section(i, s) for i, s in enumerate(slides))
    html = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{style}</style>'
        f'<script>{get_plotlyjs()}</script></head><body><div id="stage">{body}{_controls()}</div>{PRESENTER_UI}'
        f'<script type="application/json" id="figures">{payload}</script><script>{script}</script></body></html>'
    )
    return html.encode("utf-8")
